// SPDX-License-Identifier: MIT
/*
 * test_mm_scripts.c - the kernel's edge cases as scripts (tests/mm/scripts
 * and examples/scripts), run through the library on every kernel: an
 * allocation that must migrate, -EBUSY on pinned pages then success after
 * unpin, alignment larger than the request, a request smaller than a
 * pageblock, a pool smaller than a pageblock, exhaustion, and the 20 MiB
 * camera story on the guide's board. Each script's own `expect` lines say
 * what must hold; here, every script must run to the end and leave the
 * allocator consistent, and the failure messages must be each kernel's.
 */
#include <errno.h>
#include <string.h>

#include "test.h"
#include "fixture.h"

static const char *const kernels[] = { "6.1", "6.12", "7.2" };

struct capture {
	char *buf;
	size_t len;
};

static void collect(void *ctx, const char *text)
{
	struct capture *c = ctx;
	size_t n = strlen(text);
	char *b = realloc(c->buf, c->len + n + 1);

	if (!b)
		return;
	memcpy(b + c->len, text, n + 1);
	c->buf = b;
	c->len += n;
}

static char *slurp(const char *rel)
{
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", SOCMEM_SOURCE_DIR, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* run @script on @dts; Return: the script's result, its output in @cap */
static int run_script(const char *script, const char *dts, const char *kernel,
		      const char *cmdline, int pbo, struct capture *cap)
{
	struct sm_mm_script_io io = { .out = collect, .ctx = cap };
	struct sm_diag diag = { 0 };
	struct sm_mm_script *sc;
	struct fixture f;
	char *text = slurp(script);
	int ret;

	if (!text || sm_mm_script_parse(text, script, &sc, &diag)) {
		fprintf(stderr, "%s: %s\n", script, text ? diag.msg : "unreadable");
		free(text);
		return -EINVAL;
	}
	free(text);
	if (fixture_up(&f, dts, kernel, cmdline, pbo)) {
		sm_mm_script_free(sc);
		return -EINVAL;
	}
	ret = sm_mm_script_run(sc, f.sys, &io, &diag);
	if (ret)
		fprintf(stderr, "%s on %s (%s): %s\n", script, dts, kernel,
			diag.msg);
	if (!check_ok(f.sys))
		ret = -EUCLEAN;
	sm_mm_script_free(sc);
	fixture_down(&f);
	return ret;
}

static int run_quiet(const char *script, const char *dts, const char *kernel,
		     const char *cmdline, int pbo)
{
	struct capture cap = { 0 };
	int ret = run_script(script, dts, kernel, cmdline, pbo, &cap);

	free(cap.buf);
	return ret;
}

#define SMALL "tests/mm/boards/small.dts"

/* Expect each edge-case script to hold on every kernel. */
static void edge_cases(void)
{
	static const char *const scripts[] = {
		"tests/mm/scripts/migrate.sm", "tests/mm/scripts/pinned.sm",
		"tests/mm/scripts/align.sm", "tests/mm/scripts/small.sm",
		"tests/mm/scripts/enomem.sm",
	};

	for (size_t s = 0; s < sizeof(scripts) / sizeof(scripts[0]); s++)
		for (size_t k = 0; k < 3; k++)
			CHECK_EQ_U64(run_quiet(scripts[s], SMALL, kernels[k],
					       NULL, -1), 0);
}

/* Expect the 1 MiB pool to be an area with 1 MiB pageblocks only. */
static void pool_smaller_than_pageblock(void)
{
	CHECK_EQ_U64(run_quiet("tests/mm/scripts/tiny.sm",
			       "tests/mm/boards/tiny-cma.dts", "7.2", NULL, 8), 0);
	CHECK_EQ_U64(run_quiet("tests/mm/scripts/tiny.sm",
			       "tests/mm/boards/tiny-cma.dts", "7.2", NULL, -1),
		     (uint64_t)-EINVAL);
}

/* Expect the camera's 20 MiB to succeed on the busy guide board. */
static void camera_story(void)
{
	for (size_t k = 0; k < 3; k++)
		CHECK_EQ_U64(run_quiet("examples/scripts/camera-20m.sm",
				       "examples/boards/seed.dts", kernels[k],
				       "cma=64M", -1), 0);
}

/*
 * Expect each kernel's cma_alloc failure lines: 6.1 (CONFIG_CMA_DEBUG
 * off) the message only, and nothing for a request larger than the area;
 * 6.12 the message and the one-line dump, nothing for the large request;
 * 7.2 every failure reported with ret -16 and the per-range dump, whose
 * runs carry '+' when they do not start at bit 0 (a real 7.2 printed
 * "range 0: +128@128"). The atomic DMA pools hold the first pages.
 */
static void failure_messages(void)
{
	static const char *const want[3] = {
		"cma: cma_alloc: reserved: alloc failed, req-size: 4096 pages, ret: -12\n"
		"cma: cma_alloc: reserved: alloc failed, req-size: 1000 pages, ret: -12\n",
		"cma: __cma_alloc: reserved: alloc failed, req-size: 4096 pages, ret: -12\n"
		"cma: number of available pages: 4000@96=> 4000 free of 4096 total pages\n"
		"cma: __cma_alloc: reserved: alloc failed, req-size: 1000 pages, ret: -12\n"
		"cma: number of available pages: 416@96=> 416 free of 4096 total pages\n",
		"cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 5000 pages, ret: -16\n"
		"cma: number of available pages: \n"
		"cma: range 0: +4032@64\n"
		"cma: \n"
		"=> 4032 free of 4096 total pages\n"
		"cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 4096 pages, ret: -16\n"
		"cma: number of available pages: \n"
		"cma: range 0: +4032@64\n"
		"cma: \n"
		"=> 4032 free of 4096 total pages\n"
		"cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 1000 pages, ret: -16\n"
		"cma: number of available pages: \n"
		"cma: range 0: +448@64\n"
		"cma: \n"
		"=> 448 free of 4096 total pages\n",
	};

	for (size_t k = 0; k < 3; k++) {
		struct capture cap = { 0 };
		const char *log;

		CHECK_EQ_U64(run_script("tests/mm/scripts/enomem.sm", SMALL,
					kernels[k], NULL, -1, &cap), 0);
		log = cap.buf ? strstr(cap.buf, "cma: ") : NULL;
		while (log && strncmp(log, "cma: cma_alloc", 14) &&
		       strncmp(log, "cma: __cma", 10))
			log = strstr(log + 1, "cma: ");
		CHECK_STR(log, want[k]);
		free(cap.buf);
	}
}

/*
 * Expect a name that does not fit SCRIPT_NAME_MAX refused with the line,
 * and one that just fits accepted (the fuzzer found names overrunning
 * the command's buffer).
 */
static void long_names(void)
{
	char text[256], name[80];
	struct sm_mm_script *sc = NULL;
	struct sm_diag diag = { 0 };

	memset(name, 'n', sizeof(name));
	name[64] = '\0';
	snprintf(text, sizeof(text), "# long\nalloc %s 1\n", name);
	CHECK_EQ_U64(sm_mm_script_parse(text, "long.sm", &sc, &diag), -EINVAL);
	CHECK(strstr(diag.msg, "long.sm:2: name too long (at most 63 characters)"));
	name[63] = '\0';
	snprintf(text, sizeof(text), "alloc %s 1\nfree %s\n", name, name);
	CHECK_EQ_U64(sm_mm_script_parse(text, "fits.sm", &sc, &diag), 0);
	sm_mm_script_free(sc);
}

int main(void)
{
	RUN(edge_cases);
	RUN(pool_smaller_than_pageblock);
	RUN(camera_story);
	RUN(failure_messages);
	RUN(long_names);
	return test_done();
}
