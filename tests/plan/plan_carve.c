// SPDX-License-Identifier: MIT
/*
 * plan_carve.c - `socmem carve` on the example board (the guide's map)
 * and on a tree split over #include files:
 *
 *   add a 1 MiB carve-out and a 20 MiB CMA region, grow camera@84300000
 *   by 8 MiB (wpss and adsp shift up), remove my_carveout_mem: the diff
 *   is exactly the expected one (and GNU diff's), the result compiles
 *   with dtc and has no error finding, the input is untouched (-o);
 *   --in-place writes the same and keeps FILE.orig;
 *   refusals (protected carve-out, no free space, invalid sizes, an
 *   overlap, a dtc failure) exit 1 and change no file (checksums).
 *
 * Usage: plan_carve SOCMEM seed.dts DIR-WITH-EXPECTED-DIFFS
 */
#include "plan_test.h"

static const char *socmem, *seed, *expected;
static char *dir;

/* Run socmem in @dir with @args (NULL-terminated); exit status. */
static int carve(char **out, char **err, ...)
{
	char *argv[32] = { (char *)socmem, "carve" };
	char cwd[4096];
	va_list ap;
	int n = 2, ret;

	va_start(ap, err);
	while (n < 30 && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	argv[n++] = "--cmdline";
	argv[n++] = "cma=64M";
	argv[n] = NULL;
	if (!getcwd(cwd, sizeof(cwd)) || chdir(dir))
		return -1;
	ret = run(argv, out, err);
	if (chdir(cwd))
		return -1;
	return ret;
}

static void copy_file(const char *from, const char *to)
{
	char *t = read_text(from, NULL);

	CHECK(t && write_text(to, t) == 0);
	free(t);
}

static char *in_dir(const char *name)
{
	static char p[4][4096];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static bool dtc_compiles(const char *path)
{
	char *argv[] = { "sh", "-c", NULL, NULL };
	char *cmd;
	int r;

	if (asprintf(&cmd, "cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp %s | dtc -q -I dts -O dtb -o /dev/null -",
		     path) < 0)
		return false;
	argv[2] = cmd;
	r = run(argv, NULL, NULL);
	free(cmd);
	return r == 0;
}

static int check_status(const char *path)
{
	char *argv[] = { (char *)socmem, "check", "--cmdline", "cma=64M",
			 (char *)path, NULL };

	return run(argv, NULL, NULL);
}

/* The edit gives exactly @diff_name, compiles, and checks clean. */
static void expect_edit(const char *diff_name, ...)
{
	char *out = NULL, *err = NULL, *want, path[4096];
	char *args[16];
	uint64_t before;
	va_list ap;
	int n = 0, r;

	copy_file(seed, in_dir("seed.dts"));
	unlink(in_dir("out.dts"));
	before = file_sum(in_dir("seed.dts"));
	va_start(ap, diff_name);
	while (n < 12 && (args[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	args[n++] = "-o";
	args[n++] = "out.dts";
	while (n < 16)
		args[n++] = NULL;
	r = carve(&out, &err, args[0], args[1], args[2], args[3], args[4],
		  args[5], args[6], args[7], args[8], args[9], args[10],
		  args[11], args[12], args[13], NULL);
	snprintf(path, sizeof(path), "%s/%s", expected, diff_name);
	want = read_text(path, NULL);
	if (r || !want || strcmp(out, want))
		fprintf(stderr, "FAIL %s: exit %d\n%s--- got\n%s--- want\n%s",
			diff_name, r, err, out, want ? want : "(none)\n");
	CHECK(r == 0);
	CHECK(want && !strcmp(out, want));
	CHECK(file_sum(in_dir("seed.dts")) == before);
	CHECK(dtc_compiles(in_dir("out.dts")));
	CHECK(check_status(in_dir("out.dts")) == 0);
	free(out);
	free(err);
	free(want);
}

static void add_carveout(void)
{
	expect_edit("seed-add-carveout.diff", "add", "seed.dts",
		    "my_new_carveout", "1M", "--no-map", NULL);
}

static void add_cma(void)
{
	expect_edit("seed-add-cma.diff", "add", "seed.dts", "my_new_cma",
		    "20M", "--cma", "--below", "4G", "--pageblock-order",
		    "10", NULL);
}

static void resize_shifts(void)
{
	expect_edit("seed-resize-camera.diff", "resize", "seed.dts",
		    "camera@84300000", "13M", NULL);
}

static void remove_carveout(void)
{
	expect_edit("seed-remove-carveout.diff", "remove", "seed.dts",
		    "my_carveout_mem", NULL);
}

/* Expect: --in-place writes what -o writes and keeps the original. */
static void in_place(void)
{
	char *out = NULL, *a, *b, *orig;

	copy_file(seed, in_dir("seed.dts"));
	CHECK(carve(&out, NULL, "resize", "seed.dts", "camera", "13M", "-o",
		    "out.dts", NULL) == 0);
	free(out);
	CHECK(carve(&out, NULL, "resize", "seed.dts", "camera", "13M",
		    "--in-place", NULL) == 0);
	a = read_text(in_dir("seed.dts"), NULL);
	b = read_text(in_dir("out.dts"), NULL);
	orig = read_text(in_dir("seed.dts.orig"), NULL);
	CHECK(a && b && !strcmp(a, b));
	CHECK(orig && file_sum(in_dir("seed.dts.orig")) == file_sum(seed));
	free(a);
	free(b);
	free(orig);
	free(out);
	unlink(in_dir("seed.dts.orig"));
}

/* Expect: --force moves a protected carve-out after all. */
static void forced(void)
{
	char *out = NULL, *err = NULL, *want, path[4096];

	copy_file(seed, in_dir("seed.dts"));
	CHECK(carve(&out, &err, "resize", "seed.dts", "camera", "13M",
		    "--baseline", seed, "--force", NULL) == 0);
	snprintf(path, sizeof(path), "%s/seed-resize-camera.diff", expected);
	want = read_text(path, NULL);
	CHECK(want && out && !strcmp(out, want));
	free(want);
	free(out);
	free(err);
}

/* A refusal: exit 1, the message, no file written or changed. */
static void refused(const char *why, ...)
{
	char *out = NULL, *err = NULL, *args[12];
	uint64_t before;
	va_list ap;
	int n = 0, r;

	copy_file(seed, in_dir("seed.dts"));
	unlink(in_dir("out.dts"));
	before = file_sum(in_dir("seed.dts"));
	va_start(ap, why);
	while (n < 11 && (args[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	while (n < 12)
		args[n++] = NULL;
	r = carve(&out, &err, args[0], args[1], args[2], args[3], args[4],
		  args[5], args[6], args[7], args[8], args[9], args[10], NULL);
	if (r != 1 || !strstr(err, why))
		fprintf(stderr, "FAIL refusal '%s': exit %d, stderr: %s", why,
			r, err);
	CHECK(r == 1);
	CHECK(err && strstr(err, why));
	CHECK(out && !*out);
	CHECK(file_sum(in_dir("seed.dts")) == before);
	CHECK(!file_exists(in_dir("seed.dts.orig")));
	CHECK(!file_exists(in_dir("out.dts")));
	free(out);
	free(err);
}

static void refusals(void)
{
	refused("is protected by firmware", "resize", "seed.dts", "camera",
		"13M", "--protect", "wpss_mem", "-i", NULL);
	refused("is protected by firmware", "resize", "seed.dts", "camera",
		"13M", "--baseline", seed, "-o", "out.dts", NULL);
	refused("is protected by firmware", "remove", "seed.dts",
		"my_carveout_mem", "--baseline", seed, "-i", NULL);
	refused("no free space", "add", "seed.dts", "big", "5G", "--no-map",
		"-i", NULL);
	refused("invalid size", "add", "seed.dts", "x", "0", "-i", NULL);
	refused("invalid size", "add", "seed.dts", "x", "12Q", "-i", NULL);
	refused("invalid size", "add", "seed.dts", "x", "3M", "--cma", "-i",
		NULL);
	refused("invalid size", "resize", "seed.dts", "my_cma", "1M", "-i",
		NULL);
	refused("overlap-kernel", "add", "seed.dts", "x", "1M", "--at",
		"0x84400000", "-i", NULL);
	refused("already exists", "add", "seed.dts", "camera", "1M", "-i",
		NULL);
}

/* Expect: removing a node something points at fails in dtc, refused. */
static void refused_by_dtc(void)
{
	char *t = read_text(seed, NULL), *m, *err = NULL;
	const char *at = t ? strstr(t, "\tmemory@40000000 {") : NULL;
	uint64_t before;

	CHECK(at != NULL);
	if (!at || asprintf(&m, "%.*s\tcamera-user {\n\t\tmemory-region = <&camera_mem>;\n\t};\n\n%s",
			    (int)(at - t), t, at) < 0)
		return;
	write_text(in_dir("seed.dts"), m);
	before = file_sum(in_dir("seed.dts"));
	CHECK(carve(NULL, &err, "remove", "seed.dts", "camera", "-i",
		    NULL) == 1);
	CHECK(err && strstr(err, "does not compile") &&
	      strstr(err, "camera_mem"));
	CHECK(file_sum(in_dir("seed.dts")) == before);
	free(err);
	free(m);
	free(t);
}

/*
 * A tree over three files: tz in soc.dtsi, modem defined there and its
 * reg set in board.dts. Expect: tz grows where it is written, modem is
 * renamed in soc.dtsi and moved in board.dts; --in-place edits both.
 */
static void include_tree(void)
{
	static const char *const files[] = { "board.dts", "soc.dtsi",
					     "sizes.h" };
	char from[4096], *out = NULL, *want, *err = NULL;

	for (size_t i = 0; i < 3; i++) {
		snprintf(from, sizeof(from), "%s/inc/%s", expected, files[i]);
		copy_file(from, in_dir(files[i]));
	}
	snprintf(from, sizeof(from), "%s/inc-resize-tz.diff", expected);
	want = read_text(from, NULL);
	CHECK(carve(&out, &err, "resize", "board.dts", "tz", "8M", "-i",
		    NULL) == 0);
	CHECK(want && out && !strcmp(out, want));
	if (!want || !out || strcmp(out, want))
		fprintf(stderr, "got:\n%s%s", out, err);
	CHECK(file_exists(in_dir("soc.dtsi.orig")));
	CHECK(file_exists(in_dir("board.dts.orig")));
	CHECK(dtc_compiles(in_dir("board.dts")));
	/* -o cannot hold an edit of two files */
	free(out);
	free(err);
	CHECK(carve(&out, &err, "resize", "board.dts", "tz", "10M", "-o",
		    "x.dts", NULL) == 2);
	free(out);
	free(err);
	free(want);
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	socmem = argv[1];
	seed = argv[2];
	expected = argv[3];
	dir = scratch_dir();
	if (!dir)
		return 1;
	RUN(add_carveout);
	RUN(add_cma);
	RUN(resize_shifts);
	RUN(remove_carveout);
	RUN(in_place);
	RUN(refusals);
	RUN(forced);
	RUN(refused_by_dtc);
	RUN(include_tree);
	remove_tree(dir);
	free(dir);
	return test_done();
}
