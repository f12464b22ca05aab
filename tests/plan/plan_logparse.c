// SPDX-License-Identifier: MIT
/*
 * plan_logparse.c - reading boot logs: every prefix a dmesg may carry,
 * several boots in one file, node names with commas, 6.1's wording, the
 * version line; and logdiff finding what a boot loader changed (memory
 * node rewritten, a carve-out added, the default CMA area elsewhere).
 * Usage: plan_logparse examples/boards/seed.dts
 */
#include "plan_test.h"

static const char *seed;

static const char base_log[] =
	"Booting Linux on physical CPU 0x0000000000 [0x411fd070]\n"
	"Linux version 6.12.107+deb13-arm64 (debian-kernel@lists.debian.org)\n"
	"Machine model: linux,dummy-virt\n"
	"Reserved memory: created CMA memory pool at 0x00000000fe000000, size 32 MiB\n"
	"OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool\n"
	"OF: reserved mem: 0x00000000fe000000..0x00000000ffffffff (32768 KiB) map reusable linux,cma\n"
	"OF: reserved mem: Reserved memory: failed to reserve memory for node 'fw@80000000': base 0x0000000080000000, size 2 MiB\n"
	"OF: reserved mem: 0x0000000080000000..0x00000000801fffff (2048 KiB) nomap non-reusable fw@80000000\n"
	"NUMA: Faking a node at [mem 0x0000000040000000-0x000000013fffffff]\n"
	"Zone ranges:\n"
	"  DMA      [mem 0x0000000040000000-0x00000000ffffffff]\n"
	"  DMA32    empty\n"
	"  Normal   [mem 0x0000000100000000-0x000000013fffffff]\n"
	"Movable zone start for each node\n"
	"Early memory node ranges\n"
	"  node   0: [mem 0x0000000040000000-0x000000013fffffff]\n"
	"cma: Reserved 64 MiB at 0x00000000f9c00000 on node -1\n";

static char *prefixed(const char *log, const char *pre)
{
	size_t n = strlen(log), lines = 1, o = 0;
	char *out;

	for (size_t i = 0; i < n; i++)
		lines += log[i] == '\n';
	out = malloc(n + lines * strlen(pre) + 1);
	for (const char *l = log; *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) + 1 : strlen(l);

		o += (size_t)sprintf(out + o, "%s", pre);
		memcpy(out + o, l, len);
		o += len;
		l += len;
	}
	out[o] = '\0';
	return out;
}

static void expect_base_map(const struct sm_logmap *m)
{
	bool exact;

	CHECK_STR(m->version, "6.12.107+deb13-arm64");
	CHECK(sm_plan_log_profile(m, &exact) == sm_boot_profile_find("6.12"));
	CHECK(exact);
	CHECK_EQ_U64(m->nregions, 2);
	if (m->nregions == 2) {
		CHECK_STR(m->regions[0].name, "linux,cma");
		CHECK(m->regions[0].facts == (SM_LOGF_POOL | SM_LOGF_INIT |
					       SM_LOGF_SUMMARY));
		CHECK(m->regions[0].kind == SM_REGION_CMA);
		CHECK_EQ_U64(m->regions[0].size, 32 << 20);
		CHECK(m->regions[0].reusable == 1 && m->regions[0].nomap == 0);
		CHECK_STR(m->regions[1].name, "fw@80000000");
		CHECK(m->regions[1].facts ==
		      (SM_LOGF_FAIL_RESERVE | SM_LOGF_SUMMARY));
		CHECK_EQ_U64(m->regions[1].size_mib, 2);
	}
	CHECK(m->cma_reserved && m->cma_base == 0xf9c00000 && m->cma_mib == 64);
	CHECK(m->has_dram && m->dram.end == 0x13fffffffULL);
	CHECK_EQ_U64(m->nzones, 3);
	CHECK(m->nzones == 3 && m->zones[1].empty);
	CHECK_EQ_U64(m->nnodes, 1);
}

/* Expect: the same map whatever the lines carry in front. */
static void parse_prefixes(void)
{
	static const char *const pre[] = {
		"", "[    0.000000] ", "<6>[    0.000000] ",
		"Nov 22 10:00:00 board kernel: ",
	};

	for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
		char *log = prefixed(base_log, pre[i]);
		struct sm_logmap m;

		CHECK(sm_plan_log_parse(log, strlen(log), &m) == 0);
		expect_base_map(&m);
		sm_plan_logmap_free(&m);
		free(log);
	}
}

/* Expect: only the last boot of a console capture counts. */
static void parse_last_boot(void)
{
	char *two;
	struct sm_logmap m;

	if (asprintf(&two, "%s%s", "Linux version 6.1.0-50-arm64 (x)\n"
		     "OF: fdt: Reserved memory: failed to reserve memory for node 'old@1000': base 0x0000000000001000, size 0 MiB\n"
		     "cma: Reserved 16 MiB at 0x0000000080000000\n", base_log) < 0)
		return;
	CHECK(sm_plan_log_parse(two, strlen(two), &m) == 0);
	expect_base_map(&m);
	sm_plan_logmap_free(&m);
	free(two);
}

/* Expect: 6.1's "OF: fdt:" wording and versions mapped to their release. */
static void parse_6_1_and_versions(void)
{
	static const char log[] =
		"Linux version 6.6.0-1-arm64 (x)\n"
		"OF: fdt: Reserved memory: failed to reserve memory for node 'x@0': base 0x0000000000000000, size 1 MiB\n"
		"OF: reserved mem: failed to allocate memory for node 'pool': size 64 MiB\n"
		"cma: Failed to reserve 512 MiB\n";
	struct sm_logmap m;
	bool exact = true;

	CHECK(sm_plan_log_parse(log, strlen(log), &m) == 0);
	/* 6.6 through the timeline, not 6.1's model */
	CHECK(sm_plan_log_profile(&m, &exact) == sm_boot_profile_find("6.6"));
	CHECK(exact);
	CHECK_STR(sm_boot_profile_name(sm_plan_log_profile(&m, &exact)), "6.6");
	CHECK_EQ_U64(m.nregions, 2);
	CHECK(m.nregions == 2 && m.regions[0].facts == SM_LOGF_FAIL_RESERVE &&
	      m.regions[1].facts == SM_LOGF_FAIL_ALLOC &&
	      m.regions[1].size_mib == 64);
	CHECK(m.cma_failed && m.cma_mib == 512);
	m.major = 6;
	m.minor = 18;
	CHECK_STR(sm_boot_profile_name(sm_plan_log_profile(&m, &exact)), "6.18");
	CHECK(exact);
	m.major = 7;
	m.minor = 0;
	CHECK_STR(sm_boot_profile_name(sm_plan_log_profile(&m, &exact)), "7.0");
	/* outside 5.10-7.3: the nearest end, flagged as not exact */
	m.minor = 9;
	CHECK(sm_plan_log_profile(&m, &exact) == sm_boot_profile_find("7.3"));
	CHECK(!exact);
	m.major = 4;
	m.minor = 19;
	CHECK(sm_plan_log_profile(&m, &exact) == sm_boot_profile_find("5.10"));
	CHECK(!exact);
	sm_plan_logmap_free(&m);
	CHECK(sm_plan_log_parse("hello\nworld\n", 12, &m) == -ENODATA);
}

/* The lines the seed board's kernel prints (the model's, exact). */
static char *board_log(const struct sm_board *b)
{
	size_t cap = 1 << 16, o = 0;
	char *log = malloc(cap);

	o += (size_t)snprintf(log, cap, "Linux version %s (x)\n",
			      sm_boot_profile_release(b->profile));
	for (size_t i = 0; i < b->nmsgs; i++)
		if (b->msgs[i].memline)
			o += (size_t)snprintf(log + o, cap - o, "%s\n",
					      b->msgs[i].text);
	return log;
}

static size_t diffs(const char *log, const struct sm_board *b,
		    struct sm_logdiff *d)
{
	struct sm_logmap real, pred;

	memset(d, 0, sizeof(*d));
	CHECK(sm_plan_log_parse(log, strlen(log), &real) == 0);
	CHECK(sm_plan_log_predict(b, &pred) == 0);
	CHECK(sm_plan_log_compare(&real, &pred, d) == 0);
	sm_plan_logmap_free(&real);
	sm_plan_logmap_free(&pred);
	return d->ndiff;
}

static bool has_item(const struct sm_logdiff *d, const char *what,
		     const char *log_part, const char *pred_part)
{
	for (size_t i = 0; i < d->count; i++)
		if (!strcmp(d->v[i].what, what) &&
		    strstr(d->v[i].log, log_part) &&
		    strstr(d->v[i].predicted, pred_part))
			return true;
	return false;
}

/* Replace the first @from in @s by @to (in a new string). */
static char *swap(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	char *out;

	if (!p || asprintf(&out, "%.*s%s%s", (int)(p - s), s, to,
			   p + strlen(from)) < 0)
		return strdup(s);
	return out;
}

/*
 * The seed board (4 GiB at 0x40000000, cma=64M) and logs a boot loader
 * changed. Expect: no difference for its own lines; each change found.
 */
static void logdiff_finds_changes(void)
{
	struct sm_boot_options o = { sm_boot_profile_find("6.12"), "cma=64M", -1 };
	struct sm_logdiff d;
	struct sm_board *b;
	struct sm_dt *dt;
	char *log, *mod, *mod2;

	CHECK(sm_dt_load(seed, NULL, &dt, NULL) == 0);
	CHECK(sm_boot_board_boot(dt, &o, &b, NULL) == 0);
	log = board_log(b);
	CHECK(diffs(log, b, &d) == 0);
	sm_plan_logdiff_free(&d);
	/* the loader said 3 GiB, not 4 */
	mod = swap(log, "[mem 0x0000000040000000-0x000000013fffffff]\n",
		   "[mem 0x0000000040000000-0x000000010fffffff]\n");
	CHECK(diffs(mod, b, &d) > 0);
	CHECK(has_item(&d, "DRAM (NUMA node 0)", "0x10fffffff",
		       "0x13fffffff"));
	sm_plan_logdiff_free(&d);
	free(mod);
	/* the loader added a carve-out */
	mod = swap(log, "NUMA:",
		   "OF: reserved mem: 0x00000000a0000000..0x00000000a00fffff (1024 KiB) nomap non-reusable tz@a0000000\nNUMA:");
	CHECK(diffs(mod, b, &d) == 1);
	CHECK(has_item(&d, "tz@a0000000", "0xa0000000-0xa00fffff", "-"));
	sm_plan_logdiff_free(&d);
	/* ... and the camera carve-out is elsewhere; the CMA area too */
	mod2 = swap(mod, "0x0000000084300000..0x00000000847fffff (5120 KiB)",
		    "0x0000000084400000..0x00000000848fffff (5120 KiB)");
	free(mod);
	mod = swap(mod2, "at 0x00000000f9c00000", "at 0x00000000f8c00000");
	CHECK(diffs(mod, b, &d) == 3);
	CHECK(has_item(&d, "camera@84300000", "0x84400000", "0x84300000"));
	CHECK(has_item(&d, "default CMA area", "0xf8c00000", "0xf9c00000"));
	sm_plan_logdiff_free(&d);
	free(mod);
	free(mod2);
	free(log);
	sm_boot_board_free(b);
	sm_dt_free(dt);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	seed = argv[1];
	RUN(parse_prefixes);
	RUN(parse_last_boot);
	RUN(parse_6_1_and_versions);
	RUN(logdiff_finds_changes);
	return test_done();
}
