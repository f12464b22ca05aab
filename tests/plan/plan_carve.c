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

/* Expect: wpss and adsp (no-map: firmware's) move only when named. */
static void resize_shifts(void)
{
	expect_edit("seed-resize-camera.diff", "resize", "seed.dts",
		    "camera@84300000", "13M", "--move", "wpss", "-m",
		    "&adsp_mem", NULL);
}

static void remove_carveout(void)
{
	expect_edit("seed-remove-carveout.diff", "remove", "seed.dts",
		    "my_carveout_mem", "--move", "my_carveout_mem", NULL);
}

/* Expect: --in-place writes what -o writes and keeps the original. */
static void in_place(void)
{
	char *out = NULL, *a, *b, *orig;

	copy_file(seed, in_dir("seed.dts"));
	CHECK(carve(&out, NULL, "resize", "seed.dts", "camera", "13M", "-o",
		    "out.dts", "--force", NULL) == 0);
	free(out);
	CHECK(carve(&out, NULL, "resize", "seed.dts", "camera", "13M",
		    "--in-place", "--force", NULL) == 0);
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

/* A refusal (exit @want), the message, no file written or changed. */
static void refused_with(int want, const char *why, char **args)
{
	char *out = NULL, *err = NULL;
	uint64_t before;
	int r;

	copy_file(seed, in_dir("seed.dts"));
	unlink(in_dir("out.dts"));
	before = file_sum(in_dir("seed.dts"));
	r = carve(&out, &err, args[0], args[1], args[2], args[3], args[4],
		  args[5], args[6], args[7], args[8], args[9], args[10], NULL);
	if (r != want || !strstr(err, why))
		fprintf(stderr, "FAIL refusal '%s': exit %d, stderr: %s", why,
			r, err);
	CHECK(r == want);
	CHECK(err && strstr(err, why));
	/* nothing after the reason: no diff, no note */
	CHECK(out && !*out);
	CHECK(err && !strstr(err, "note:"));
	CHECK(file_sum(in_dir("seed.dts")) == before);
	CHECK(!file_exists(in_dir("seed.dts.orig")));
	CHECK(!file_exists(in_dir("out.dts")));
	free(out);
	free(err);
}

#define REFUSAL(want, why, ...)                                          \
	do {                                                             \
		char *a_[12] = { __VA_ARGS__ };                          \
		refused_with(want, why, a_);                             \
	} while (0)

static void refusals(void)
{
	/* firmware's carve-outs (no-map) never move by default */
	REFUSAL(1, "wpss@0x84800000 right above it is a firmware carve-out",
		"resize", "seed.dts", "camera", "13M", "-i");
	REFUSAL(1, "Alternatives: grow it downward by hand", "resize",
		"seed.dts", "camera", "13M", "-i");
	REFUSAL(1, "can grow to 5 MiB in place", "resize", "seed.dts",
		"camera", "13M", "-i");
	REFUSAL(1, "--move adsp@86100000", "resize", "seed.dts", "camera",
		"13M", "--move", "wpss", "-i");
	REFUSAL(1, "is a firmware carve-out (no-map): shrinking it", "resize",
		"seed.dts", "camera", "4M", "-i");
	REFUSAL(1, "removing it would risk", "remove", "seed.dts",
		"my_carveout_mem", "-i");
	/* --protect and --baseline protect what is not firmware's too */
	REFUSAL(1, "is protected (--protect)", "resize", "seed.dts",
		"my_cma", "16M", "--protect", "my_cma", "-i");
	REFUSAL(1, "no free space", "add", "seed.dts", "big", "5G",
		"--no-map", "-i");
	REFUSAL(1, "overlap-kernel", "add", "seed.dts", "x", "1M", "--at",
		"0x84400000", "-i");
	/* bad input: exit 2 */
	REFUSAL(2, "invalid size", "add", "seed.dts", "x", "0", "-i");
	REFUSAL(2, "invalid size", "add", "seed.dts", "x", "12Q", "-i");
	REFUSAL(2, "invalid size", "add", "seed.dts", "x", "3M", "--cma",
		"-i");
	REFUSAL(2, "invalid size", "resize", "seed.dts", "my_cma", "1M",
		"-i");
	REFUSAL(2, "camra: no such node in /reserved-memory", "resize",
		"seed.dts", "camra", "8M", "-i");
	REFUSAL(2, "closest: camera, ", "resize", "seed.dts",
		"camra", "8M", "-i");
	REFUSAL(2, "&wpss_men: no such node", "remove", "seed.dts",
		"&wpss_men", "-i");
	REFUSAL(2, "closest: wpss_mem", "remove", "seed.dts", "&wpss_men",
		"-i");
	REFUSAL(2, "--label adsp_mem: the label is taken by /reserved-memory/adsp@86100000",
		"add", "seed.dts", "x", "1M", "--label", "adsp_mem", "-i");
}

/*
 * Expect: a name and label the tree already uses get the next free
 * ones, said in a note; a node argument may be a path, &label, a name
 * with or without unit address.
 */
static void names(void)
{
	char *out = NULL, *err = NULL;

	copy_file(seed, in_dir("seed.dts"));
	CHECK(carve(&out, &err, "add", "seed.dts", "camera", "1M",
		    "--no-map", NULL) == 0);
	CHECK(out && strstr(out, "+\t\tcamera_mem_1: camera_1@"));
	CHECK(err && strstr(err, "label camera_mem is taken by /reserved-memory/camera@84300000: the new node's label is camera_mem_1"));
	CHECK(err && strstr(err, "a node named camera is already in /reserved-memory: the new one is camera_1"));
	free(out);
	free(err);
	static const char *const forms[] = {
		"my_cma", "&my_cma_mem", "my_cma_mem", "/reserved-memory/my_cma",
	};
	for (size_t i = 0; i < 4; i++) {
		CHECK(carve(&out, &err, "resize", "seed.dts", forms[i], "24M",
			    NULL) == 0);
		CHECK(out && strstr(out, "+\t\t\tsize = <0x0 0x1800000>;"));
		free(out);
		free(err);
	}
	CHECK(carve(&out, &err, "resize", "seed.dts", "camera@84300000",
		    "5M", NULL) == 2);
	CHECK(err && strstr(err, "already that size"));
	free(out);
	free(err);
}

/*
 * A board that has an overlap already. Expect: an unrelated edit goes
 * through, the overlap counted as pre-existing (listed with
 * --verbose); --strict refuses it, and prints only the reasons.
 */
static void baseline_aware(void)
{
	char *t = read_text(seed, NULL), *m, *out = NULL, *err = NULL;
	const char *at = t ? strstr(t, "\t\tmy_carveout_mem: ") : NULL;

	CHECK(at != NULL);
	if (!at || asprintf(&m, "%.*s\t\tclash@d0800000 {\n\t\t\treg = <0x0 0xd0800000 0x0 0x1000>;\n\t\t\tno-map;\n\t\t};\n%s",
			    (int)(at - t), t, at) < 0)
		return;
	write_text(in_dir("seed.dts"), m);
	CHECK(check_status(in_dir("seed.dts")) == 1);
	CHECK(carve(&out, &err, "add", "seed.dts", "x", "1M", "--no-map",
		    NULL) == 0);
	CHECK(out && strstr(out, "+\t\tx_mem: x@"));
	CHECK(err && strstr(err, "1 finding the board already had is not caused by this edit"));
	free(out);
	free(err);
	CHECK(carve(&out, &err, "add", "seed.dts", "x", "1M", "--no-map",
		    "-v", NULL) == 0);
	CHECK(err && strstr(err, "pre-existing: ") && strstr(err, "clash@d0800000"));
	free(out);
	free(err);
	CHECK(carve(&out, &err, "add", "seed.dts", "x", "1M", "--no-map",
		    "--strict", NULL) == 1);
	CHECK(out && !*out);
	CHECK(err && strstr(err, "refused: ") && strstr(err, "clash@d0800000") &&
	      !strstr(err, "note:"));
	free(out);
	free(err);
	/* a new overlap with the same region still refuses */
	CHECK(carve(&out, &err, "add", "seed.dts", "y", "1M", "--at",
		    "0xd0800000", NULL) == 1);
	CHECK(err && strstr(err, "refused: ") && strstr(err, "y@d0800000"));
	free(out);
	free(err);
	free(m);
	free(t);
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
		    "--move", "camera", NULL) == 1);
	CHECK(err && strstr(err, "does not compile") &&
	      strstr(err, "camera_mem"));
	CHECK(file_sum(in_dir("seed.dts")) == before);
	free(err);
	free(m);
	free(t);
}

static void copy_inc(void)
{
	static const char *const files[] = { "board.dts", "soc.dtsi",
					     "sizes.h" };
	char from[4096];

	for (size_t i = 0; i < 3; i++) {
		snprintf(from, sizeof(from), "%s/inc/%s", expected, files[i]);
		copy_file(from, in_dir(files[i]));
		unlink(in_dir("soc.dtsi.orig"));
		unlink(in_dir("board.dts.orig"));
	}
}

static bool same_as(const char *got, const char *diff_name)
{
	char from[4096], *want;
	bool same;

	snprintf(from, sizeof(from), "%s/%s", expected, diff_name);
	want = read_text(from, NULL);
	same = want && got && !strcmp(got, want);
	if (!same)
		fprintf(stderr, "FAIL %s: got:\n%s", diff_name, got);
	free(want);
	return same;
}

/* Does `patch -p1` (in @dir) take @diff? */
static bool patch_applies(const char *diff)
{
	char *argv[] = { "sh", "-c", NULL, NULL };
	char *cmd;
	int r;

	write_text(in_dir("change.diff"), diff);
	if (asprintf(&cmd, "cd %s && patch -p1 --dry-run -s < change.diff >/dev/null",
		     dir) < 0)
		return false;
	argv[2] = cmd;
	r = run(argv, NULL, NULL);
	free(cmd);
	return r == 0;
}

/*
 * A tree over three files: tz in soc.dtsi, modem defined there and its
 * reg set in board.dts. Expect: by default soc.dtsi stays untouched: tz
 * gets a `&tz_mem { reg }` override at the end of board.dts, modem's reg
 * changes where board.dts sets it; --edit-includes grows tz and renames
 * modem in soc.dtsi instead, as one patch -p1 over both files;
 * --in-place and -o DIR write both.
 */
static void include_tree(void)
{
	char *out = NULL, *err = NULL;
	uint64_t soc;

	copy_inc();
	soc = file_sum(in_dir("soc.dtsi"));
	CHECK(carve(&out, &err, "resize", "board.dts", "tz", "8M", "-i",
		    NULL) == 1);
	CHECK(err && strstr(err, "modem@80200000 right above it is a firmware carve-out"));
	free(out);
	free(err);
	CHECK(carve(&out, &err, "resize", "board.dts", "tz", "8M", "--move",
		    "modem", NULL) == 0);
	CHECK(same_as(out, "inc-resize-tz-override.diff"));
	CHECK(err && strstr(err, "keeps the old unit address"));
	CHECK(patch_applies(out));
	free(out);
	free(err);
	CHECK(carve(&out, &err, "resize", "board.dts", "tz", "8M", "--move",
		    "modem", "-i", NULL) == 0);
	CHECK(file_sum(in_dir("soc.dtsi")) == soc);
	CHECK(!file_exists(in_dir("soc.dtsi.orig")));
	CHECK(dtc_compiles(in_dir("board.dts")));
	CHECK(check_status(in_dir("board.dts")) == 0);
	free(out);
	free(err);

	copy_inc();
	CHECK(carve(&out, &err, "resize", "board.dts", "tz", "8M", "--move",
		    "modem", "--edit-includes", "-i", NULL) == 0);
	CHECK(same_as(out, "inc-resize-tz.diff"));
	CHECK(err && strstr(err, "wrote soc.dtsi") &&
	      strstr(err, "wrote board.dts"));
	CHECK(file_exists(in_dir("soc.dtsi.orig")));
	CHECK(file_exists(in_dir("board.dts.orig")));
	CHECK(dtc_compiles(in_dir("board.dts")));
	free(out);
	free(err);
	copy_inc();
	CHECK(carve(&out, &err, "resize", "board.dts", "tz", "8M", "--move",
		    "modem", "--edit-includes", NULL) == 0);
	CHECK(patch_applies(out));
	free(out);
	free(err);
	/* -o FILE cannot hold an edit of two files; -o DIR can */
	CHECK(carve(&out, &err, "resize", "board.dts", "tz", "10M", "-m",
		    "modem", "--edit-includes", "-o", "x.dts", NULL) == 2);
	free(out);
	free(err);
	CHECK(carve(&out, &err, "resize", "board.dts", "tz", "10M", "-m",
		    "modem", "--edit-includes", "-o", "outdir/", NULL) == 0);
	CHECK(file_exists(in_dir("outdir/soc.dtsi")) &&
	      file_exists(in_dir("outdir/board.dts")));
	CHECK(err && strstr(err, "wrote outdir//soc.dtsi (soc.dtsi edited)"));
	free(out);
	free(err);
}

/*
 * A top-level file that only includes the board. Expect: a new node
 * lands under `&reserved_memory { }` there, a removal is a
 * `/delete-node/ &label;`, and both compile; no included file changes.
 */
static void include_overrides(void)
{
	char *out = NULL, *err = NULL;
	uint64_t board, soc;

	copy_inc();
	write_text(in_dir("top.dts"), "#include \"board.dts\"\n");
	board = file_sum(in_dir("board.dts"));
	soc = file_sum(in_dir("soc.dtsi"));
	CHECK(carve(&out, &err, "add", "top.dts", "video", "1M", "--no-map",
		    "-i", NULL) == 0);
	CHECK(same_as(out, "inc-add-override.diff"));
	CHECK(dtc_compiles(in_dir("top.dts")));
	CHECK(check_status(in_dir("top.dts")) == 0);
	free(out);
	free(err);
	write_text(in_dir("top.dts"), "#include \"board.dts\"\n");
	CHECK(carve(&out, &err, "remove", "top.dts", "&cam_mem", "--move",
		    "cam", "-i", NULL) == 0);
	CHECK(same_as(out, "inc-remove-override.diff"));
	CHECK(dtc_compiles(in_dir("top.dts")));
	CHECK(check_status(in_dir("top.dts")) == 0);
	CHECK(file_sum(in_dir("board.dts")) == board);
	CHECK(file_sum(in_dir("soc.dtsi")) == soc);
	free(out);
	free(err);
}

/* `socmem check -I include FILE` in the scratch dir: its error lines. */
static int check_errors(const char *file)
{
	char *argv[] = { (char *)socmem, "check", "-I", "include", "--cmdline",
			 "cma=64M", (char *)file, NULL };
	char *out = NULL, cwd[4096];
	int n = -1;

	if (!getcwd(cwd, sizeof(cwd)) || chdir(dir))
		return -1;
	if (run(argv, &out, NULL) >= 0 && out) {
		n = 0;
		for (char *p = out; (p = strstr(p, ": error: ")); p++)
			n++;
	}
	if (chdir(cwd))
		return -1;
	free(out);
	return n;
}

static void copy_qcom(void)
{
	char from[4096];
	static const char *const files[] = {
		"rb3gen2-mini.dts", "sc7280-mini.dtsi",
		"include/dt-bindings/firmware/qcom,scm.h",
	};

	mkdir(in_dir("include"), 0755);
	mkdir(in_dir("include/dt-bindings"), 0755);
	mkdir(in_dir("include/dt-bindings/firmware"), 0755);
	for (size_t i = 0; i < 3; i++) {
		snprintf(from, sizeof(from), "%s/qcom/%s", expected, files[i]);
		copy_file(from, in_dir(files[i]));
	}
	unlink(in_dir("rb3gen2-mini.dts.orig"));
}

/*
 * The memory map of Linux 6.12's qcs6490-rb3gen2 (its reserved-memory
 * nodes verbatim, over sc7280's), which has errors before any edit.
 * Expect: `add video_mem 8M --cma` (a label the tree uses) succeeds as
 * video_mem_1 in the board's own reserved-memory, leaves the .dtsi
 * alone, and adds no error; growing smem (firmware's, with neighbours)
 * is refused and changes nothing; removing a carve-out the .dtsi defines
 * is a /delete-node/ in the board file.
 */
static void qcom_tree(void)
{
	char *out = NULL, *err = NULL;
	uint64_t dtsi, board;
	int before;

	copy_qcom();
	dtsi = file_sum(in_dir("sc7280-mini.dtsi"));
	board = file_sum(in_dir("rb3gen2-mini.dts"));
	before = check_errors("rb3gen2-mini.dts");
	CHECK(before > 0);
	CHECK(carve(&out, &err, "add", "rb3gen2-mini.dts", "video_mem", "8M",
		    "--cma", "-I", "include", "--in-place", NULL) == 0);
	CHECK(out && strstr(out, "+\t\tvideo_mem_1: video_mem {"));
	CHECK(err && strstr(err, "label video_mem is taken by /reserved-memory/video@8a700000"));
	CHECK(file_sum(in_dir("sc7280-mini.dtsi")) == dtsi);
	CHECK(check_errors("rb3gen2-mini.dts") == before);
	free(out);
	free(err);

	copy_qcom();
	CHECK(carve(&out, &err, "resize", "rb3gen2-mini.dts", "smem", "64M",
		    "-I", "include", "--in-place", NULL) == 1);
	CHECK(err && strstr(err, "cpucp@80b00000 right above it is a firmware carve-out") &&
	      strstr(err, "can grow to 2 MiB in place") &&
	      strstr(err, "--cma"));
	CHECK(out && !*out);
	CHECK(file_sum(in_dir("rb3gen2-mini.dts")) == board);
	CHECK(file_sum(in_dir("sc7280-mini.dtsi")) == dtsi);
	CHECK(!file_exists(in_dir("rb3gen2-mini.dts.orig")));
	free(out);
	free(err);

	CHECK(carve(&out, &err, "remove", "rb3gen2-mini.dts", "wlan-fw",
		    "--move", "wlan-fw", "-I", "include", "--in-place",
		    NULL) == 0);
	CHECK(out && strstr(out, "+/delete-node/ &wlan_fw_mem;"));
	CHECK(file_sum(in_dir("sc7280-mini.dtsi")) == dtsi);
	/* its two findings (it overlaps the kernel image) go with it */
	CHECK(check_errors("rb3gen2-mini.dts") == before - 2);
	free(out);
	free(err);
}

/*
 * Expect: a missing include is one line naming the header and the -I
 * that finds it, exit 2; a syntax error names FILE:LINE:COL; --verbose
 * shows cpp's own lines too.
 */
static void dts_errors(void)
{
	char *out = NULL, *err = NULL;

	copy_qcom();
	CHECK(carve(&out, &err, "add", "rb3gen2-mini.dts", "x", "8M", "--cma",
		    NULL) == 2);
	CHECK(err && strstr(err, "sc7280-mini.dtsi:8: cannot find include \"dt-bindings/firmware/qcom,scm.h\": add -I ") &&
	      strstr(err, "/include\n"));
	CHECK(err && !strchr(strchr(err, '\n') + 1, '\n'));
	free(out);
	free(err);
	CHECK(carve(&out, &err, "add", "rb3gen2-mini.dts", "x", "8M", "--cma",
		    "-v", NULL) == 2);
	CHECK(err && strstr(err, "cpp: ") && strstr(err, "add -I "));
	free(out);
	free(err);
	write_text(in_dir("broken.dts"),
		   "/dts-v1/;\n\n/ {\n\tfoo = <1 2>\n\tbar;\n};\n");
	CHECK(carve(&out, &err, "add", "broken.dts", "x", "8M", "--cma",
		    NULL) == 2);
	CHECK(err && strstr(err, "broken.dts:5:2: syntax error"));
	free(out);
	free(err);
}

/* `socmem check -I include ARGS... FILE` in the scratch dir: its stdout. */
static char *check_out(const char *file, const char *opt)
{
	char *argv[] = { (char *)socmem, "check", "-I", "include", (char *)file,
			 (char *)opt, NULL };
	char *out = NULL, cwd[4096];

	if (!getcwd(cwd, sizeof(cwd)) || chdir(dir))
		return NULL;
	run(argv, &out, NULL);
	if (chdir(cwd)) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * Expect: check lists the nodes that use each region (a disabled one in
 * brackets), notes regions no node uses, reports a memory-region that
 * names a disabled region as an error; boundary-1m stays off firmware's
 * small windows unless --strict.
 */
static void qcom_check_users(void)
{
	char *out, *t, *m;
	const char *at;

	copy_qcom();
	out = check_out("rb3gen2-mini.dts", NULL);
	CHECK(out && strstr(out, "memory-region users:\n"));
	CHECK(out && strstr(out, "\n  smem@80900000: /smem\n"));
	CHECK(out && strstr(out, "\n  video@8a700000: /soc@0/video-codec@aa00000\n"));
	CHECK(out && strstr(out, "\n  wpss@84800000: [/soc@0/remoteproc@8a00000 disabled]\n"));
	CHECK(out && strstr(out, "\n  hyp@80000000: -\n"));
	CHECK(out && strstr(out, "info: hyp@80000000: no node's memory-region names it [region-unused]"));
	CHECK(out && !strstr(out, "smem@80900000: no node's"));
	CHECK(out && !strstr(out, "[boundary-1m]") && !strstr(out, "[region-ref]"));
	free(out);
	out = check_out("rb3gen2-mini.dts", "--strict");
	CHECK(out && strstr(out, "xbl-uefi-res@80880000") &&
	      strstr(out, "[boundary-1m]"));
	free(out);

	t = read_text(in_dir("rb3gen2-mini.dts"), NULL);
	at = t ? strstr(t, "\t\tvideo_mem: video@8a700000 {\n") : NULL;
	CHECK(at != NULL);
	if (!at || asprintf(&m, "%.*s\t\tvideo_mem: video@8a700000 {\n\t\t\tstatus = \"disabled\";\n%s",
			    (int)(at - t), t, at + strlen("\t\tvideo_mem: video@8a700000 {\n")) < 0)
		return;
	write_text(in_dir("rb3gen2-mini.dts"), m);
	out = check_out("rb3gen2-mini.dts", NULL);
	CHECK(out && strstr(out, "error: /soc@0/video-codec@aa00000: memory-region names /reserved-memory/video@8a700000, which is disabled") &&
	      strstr(out, "[region-ref]"));
	free(out);
	free(m);
	free(t);
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
	RUN(names);
	RUN(baseline_aware);
	RUN(forced);
	RUN(refused_by_dtc);
	RUN(include_tree);
	RUN(include_overrides);
	RUN(qcom_tree);
	RUN(qcom_check_users);
	RUN(dts_errors);
	remove_tree(dir);
	free(dir);
	return test_done();
}
