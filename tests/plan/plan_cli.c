// SPDX-License-Identifier: MIT
/*
 * plan_cli.c - the exit statuses and output forms of `socmem check`,
 * `carve`, `map` and `logdiff` (util-linux conventions: 0 fine, 1 a
 * problem found or an edit refused, 2 bad usage or unreadable input).
 * Usage: plan_cli SOCMEM seed.dts
 */
#include "plan_test.h"

static char *socmem, *seed, *dir;

static int sm(char **out, char **err, ...)
{
	char *argv[24] = { socmem };
	va_list ap;
	int n = 1;

	va_start(ap, err);
	while (n < 23 && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	return run(argv, out, err);
}

static char *scratch(const char *name, const char *text)
{
	static char p[4][4096];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	if (text)
		write_text(p[k], text);
	return p[k];
}

/* A copy of the seed board with @from replaced by @to. */
static char *seed_variant(const char *name, const char *from, const char *to)
{
	char *t = read_text(seed, NULL), *v, *at = t ? strstr(t, from) : NULL;
	char *path;

	CHECK(at != NULL);
	if (!at || asprintf(&v, "%.*s%s%s", (int)(at - t), t, to,
			    at + strlen(from)) < 0)
		return NULL;
	path = scratch(name, v);
	free(v);
	free(t);
	return path;
}

/* Expect: a warning passes, --strict fails it, text names file:line. */
static void check_exit_statuses(void)
{
	char *out = NULL, *err = NULL;
	char *bad = seed_variant("overlap.dts", "0x0 0x84800000 0x0 0x1900000",
				 "0x0 0x84700000 0x0 0x1900000");

	CHECK(sm(&out, NULL, "check", "--cmdline", "cma=64M", seed, NULL) == 0);
	CHECK(out && strstr(out, "seed.dts:32: warning: wpss@0x84800000") &&
	      strstr(out, "[unit-address]"));
	free(out);
	CHECK(sm(NULL, NULL, "check", "--strict", seed, NULL) == 1);
	CHECK(sm(&out, NULL, "check", bad, NULL) == 1);
	CHECK(out && strstr(out, "error: camera@84300000") &&
	      strstr(out, "[overlap-kernel]"));
	free(out);
	CHECK(sm(NULL, &err, "check", "/nonexistent.dts", NULL) == 2);
	CHECK(err && strstr(err, "/nonexistent.dts"));
	free(err);
	CHECK(sm(NULL, NULL, "check", "--format", "yaml", seed, NULL) == 2);
	CHECK(sm(NULL, NULL, "check", NULL) == 2);
	CHECK(sm(NULL, NULL, "check", "--kernel", "5.4", seed, NULL) == 2);
	CHECK(sm(NULL, NULL, "check", "-B", "/nonexistent.dtb", seed,
		 NULL) == 2);
}

/* Expect: JSON with the schema's keys; the path of DTB input, no line. */
static void check_json(void)
{
	char *out = NULL, dtb[4200];
	char *argv[] = { "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb,
			 seed, NULL };

	CHECK(sm(&out, NULL, "check", "-f", "json", seed, NULL) == 0);
	CHECK(out && strstr(out, "\"schema\": \"socmem-check/1\"") &&
	      strstr(out, "\"rule\": \"unit-address\"") &&
	      strstr(out, "\"severity\": \"warning\"") &&
	      strstr(out, "\"node\": \"/reserved-memory/wpss@0x84800000\"") &&
	      strstr(out, "\"line\": 32") && strstr(out, "\"message\": "));
	free(out);
	snprintf(dtb, sizeof(dtb), "%s/seed.dtb", dir);
	CHECK(run(argv, NULL, NULL) == 0);
	CHECK(sm(&out, NULL, "check", "-f", "json", dtb, NULL) == 0);
	CHECK(out && strstr(out, "\"file\": null") &&
	      strstr(out, "\"line\": null"));
	free(out);
	CHECK(sm(&out, NULL, "check", "--list-rules", NULL) == 0);
	CHECK(out && strstr(out, "overlap-kernel") &&
	      strstr(out, "carveout-removed"));
	free(out);
}

/* Expect: --baseline finds what a plan takes from firmware. */
static void check_baseline(void)
{
	char *out = NULL;
	char *plan = seed_variant("shrunk.dts", "0x0 0x84300000 0x0 0x500000",
				  "0x0 0x84300000 0x0 0x400000");

	CHECK(sm(&out, NULL, "check", "--baseline", seed, plan, NULL) == 1);
	CHECK(out && strstr(out, "[carveout-shrunk]"));
	free(out);
	CHECK(sm(NULL, NULL, "check", "--baseline", seed, seed, NULL) == 0);
}

/* Expect: carve usage errors are 2; a DTB cannot be carved (1). */
static void carve_usage(void)
{
	char *err = NULL;

	CHECK(sm(NULL, NULL, "carve", NULL) == 2);
	CHECK(sm(NULL, NULL, "carve", "grow", seed, "x", "1M", NULL) == 2);
	CHECK(sm(NULL, NULL, "carve", "add", seed, "x", NULL) == 2);
	CHECK(sm(NULL, NULL, "carve", "remove", seed, "x", "--at", "0x0",
		 NULL) == 2);
	CHECK(sm(NULL, NULL, "carve", "add", seed, "x", "1M", "-o", "a",
		 "-i", NULL) == 2);
	CHECK(sm(NULL, &err, "carve", "remove", "/nonexistent.dts", "x",
		 NULL) == 2);
	free(err);
	CHECK(sm(NULL, NULL, "carve", "--help", NULL) == 0);
}

/* Expect: map writes files; bad usage is 2; SVG on stdout by default. */
static void map_usage(void)
{
	char *out = NULL;

	CHECK(sm(&out, NULL, "map", seed, NULL) == 0);
	CHECK(out && !strncmp(out, "<?xml", 5) && strstr(out, "</svg>"));
	free(out);
	CHECK(sm(NULL, NULL, "map", NULL) == 2);
	CHECK(sm(NULL, NULL, "map", "--svg", "/nonexistent/x.svg", seed,
		 NULL) == 2);
}

/* Expect: logdiff agrees on the model's own lines, finds a change. */
static void logdiff_statuses(void)
{
	char *out = NULL, *log = NULL;
	char *argv[] = { socmem, "boot", "--kernel", "7.2", "--cmdline",
			 "cma=64M", "--format", "log", seed, NULL };
	char *lines = NULL, *path, *other;

	CHECK(run(argv, &lines, NULL) == 0);
	if (!lines || asprintf(&log, "[    0.000000] Linux version 7.2.13+deb14-arm64 (x)\n%s",
			       lines) < 0)
		return;
	path = scratch("boot.log", log);
	CHECK(sm(&out, NULL, "logdiff", "--cmdline", "cma=64M", path, seed,
		 NULL) == 0);
	CHECK(out && strstr(out, "agrees") && strstr(out, "Linux 7.2"));
	free(out);
	/* the same log against a board whose camera region grew */
	other = seed_variant("grown.dts", "0x0 0x84300000 0x0 0x500000",
			     "0x0 0x84300000 0x0 0x600000");
	CHECK(sm(&out, NULL, "logdiff", "--cmdline", "cma=64M", path, other,
		 NULL) == 1);
	CHECK(out && strstr(out, "camera@84300000"));
	free(out);
	/* as JSON: the camera line differs because the DTs differ */
	CHECK(sm(&out, NULL, "logdiff", "--format", "json", "--cmdline",
		 "cma=64M", path, other, NULL) == 1);
	CHECK(out && strstr(out, "\"schema\": \"socmem-logdiff/1\"") &&
	      strstr(out, "\"reason\": \"dt-differs\"") &&
	      !strstr(out, "\"reason\": \"model\"") &&
	      strstr(out, "\"status\": \"same\""));
	free(out);
	CHECK(sm(NULL, &out, "logdiff", "--format", "xml", path, seed,
		 NULL) == 2);
	CHECK(out && strstr(out, "--format xml"));
	free(out);
	CHECK(sm(&out, NULL, "logdiff", path, NULL) == 0);
	CHECK(out && strstr(out, "Linux 7.2.13+deb14-arm64") &&
	      strstr(out, "my_cma"));
	free(out);
	CHECK(sm(NULL, NULL, "logdiff", scratch("empty.log", "nothing\n"),
		 seed, NULL) == 2);
	CHECK(sm(NULL, NULL, "logdiff", "/nonexistent.log", NULL) == 2);
	CHECK(sm(NULL, NULL, "logdiff", NULL) == 2);
	CHECK(sm(NULL, &out, "logdiff", dir, NULL) == 2);
	CHECK(out && strstr(out, ": Is a directory\n"));
	free(out);
	free(log);
	free(lines);
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	socmem = argv[1];
	seed = argv[2];
	dir = scratch_dir();
	if (!dir)
		return 1;
	RUN(check_exit_statuses);
	RUN(check_json);
	RUN(check_baseline);
	RUN(carve_usage);
	RUN(map_usage);
	RUN(logdiff_statuses);
	remove_tree(dir);
	free(dir);
	return test_done();
}
