// SPDX-License-Identifier: MIT
/*
 * test_mm_vmstat.c - the counters of /proc/vmstat the model keeps move as
 * the kernel's do: pages per zone handed out and taken back, migrations,
 * CMA allocations (and which failures each version counts), the free
 * pages in whole pageblocks (7.x), and the dirty thresholds following
 * free memory.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "test.h"

#define NONE UINT64_MAX

/* the counter @name of the system's /proc/vmstat, NONE when absent */
static uint64_t vm(struct sm_system *sys, const char *name)
{
	char *out, *p;
	size_t len = strlen(name);
	uint64_t v = NONE;

	if (sm_mm_format_alloc(sys, "vmstat", &out) < 0)
		return v;
	for (p = out; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ' ') {
			v = strtoull(p + len + 1, NULL, 10);
			break;
		}
	free(out);
	return v;
}

/*
 * Expect pgalloc_<zone> to count the pages each allocation took from its
 * zone, pgfree the pages freed (every managed page once at boot, as
 * memblock_free_all() counts them), and the free pages to fall and rise
 * by as many.
 */
static void alloc_free_counts(void)
{
	struct fixture f;
	uint64_t pfn, dma, normal, freed, nfree;

	if (fixture_up(&f, "examples/boards/seed.dts", "6.12", "cma=64M", -1)) {
		CHECK(0);
		return;
	}
	CHECK(vm(f.sys, "pgfree") >= vm(f.sys, "nr_free_pages"));
	dma = vm(f.sys, "pgalloc_dma");
	normal = vm(f.sys, "pgalloc_normal");
	freed = vm(f.sys, "pgfree");
	nfree = vm(f.sys, "nr_free_pages");
	CHECK(!sm_mm_alloc_pages(f.sys, 3, SM_MIGRATE_UNMOVABLE, SM_ZONE_NORMAL,
				 NULL, &pfn));
	CHECK_EQ_U64(vm(f.sys, "pgalloc_normal"), normal + 8);
	CHECK_EQ_U64(vm(f.sys, "pgalloc_dma"), dma);
	CHECK_EQ_U64(vm(f.sys, "nr_free_pages"), nfree - 8);
	CHECK(!sm_mm_free_pages(f.sys, pfn, 3));
	CHECK_EQ_U64(vm(f.sys, "pgfree"), freed + 8);
	CHECK(!sm_mm_alloc_pages(f.sys, 9, SM_MIGRATE_UNMOVABLE, SM_ZONE_DMA,
				 NULL, &pfn));
	CHECK_EQ_U64(vm(f.sys, "pgalloc_dma"), dma + 512);
	CHECK_EQ_U64(vm(f.sys, "nr_free_pages"), nfree - 512);
	CHECK(check_ok(f.sys));
	fixture_down(&f);
}

/* a movable page's owner: told where its page moved (and so migratable) */
static void on_moved(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		     unsigned int order)
{
	(void)old_pfn;
	(void)new_pfn;
	(void)order;
	++*(unsigned int *)ctx;
}

/*
 * Expect a cma_alloc() that migrates a movable page out of the area to
 * count one cma_alloc_success, one pgmigrate_success, and the target page
 * in pgalloc_<zone> (whichever zone it came from).
 */
static void migrate_counts(void)
{
	struct fixture f;
	unsigned int moves = 0;
	struct sm_page_owner own = { .moved = on_moved, .ctx = &moves };
	struct sm_cma *cma;
	uint64_t base = 0xff000000ULL >> 12, pfn = 0, got, ok, mig, total;

	if (fixture_up(&f, "examples/boards/seed.dts", "7.2", "cma=64M", -1)) {
		CHECK(0);
		return;
	}
	cma = sm_mm_cma_find(f.sys, "adsp-heap");
	for (int i = 0; i < 2000000; i++) {
		CHECK(!sm_mm_alloc_pages(f.sys, 0, SM_MIGRATE_MOVABLE,
					 SM_ZONE_NORMAL, &own, &pfn));
		if (pfn >= base && pfn < base + 3072)
			break;
	}
	CHECK(pfn >= base && pfn < base + 3072);
	ok = vm(f.sys, "cma_alloc_success");
	mig = vm(f.sys, "pgmigrate_success");
	total = vm(f.sys, "pgalloc_normal") + vm(f.sys, "pgalloc_dma");
	CHECK(!sm_mm_cma_alloc(f.sys, cma, 3072, 0, false, &got));
	CHECK_EQ_U64(vm(f.sys, "cma_alloc_success"), ok + 1);
	CHECK_EQ_U64(vm(f.sys, "pgmigrate_success"), mig + 1);
	CHECK_EQ_U64(moves, 1);
	CHECK_EQ_U64(vm(f.sys, "pgalloc_normal") + vm(f.sys, "pgalloc_dma"),
		     total + 1);
	CHECK(check_ok(f.sys));
	fixture_down(&f);
}

/*
 * Expect a request larger than the area to count a cma_alloc_fail where
 * the kernel does: 6.1 (goto out), 7.2 (the range search runs and
 * fails); 6.12 returns before counting. 5.10 has no such counters.
 */
static void cma_fail_per_version(void)
{
	static const struct {
		const char *kernel;
		uint64_t delta;
	} v[] = { { "6.1", 1 }, { "6.12", 0 }, { "7.2", 1 } };

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct fixture f;
		uint64_t fail, pfn;

		if (fixture_up(&f, "examples/boards/seed.dts", v[i].kernel,
			       "cma=64M", -1)) {
			CHECK(0);
			continue;
		}
		fail = vm(f.sys, "cma_alloc_fail");
		CHECK(fail != NONE);
		CHECK(sm_mm_cma_alloc(f.sys, sm_mm_cma_find(f.sys, "adsp-heap"),
				      4096, 0, true, &pfn) < 0);
		CHECK_EQ_U64(vm(f.sys, "cma_alloc_fail"), fail + v[i].delta);
		fixture_down(&f);
	}
	{
		struct fixture f;

		if (fixture_up(&f, "examples/boards/seed.dts", "5.10",
			       "cma=64M", -1)) {
			CHECK(0);
			return;
		}
		CHECK_EQ_U64(vm(f.sys, "cma_alloc_success"), NONE);
		CHECK(vm(f.sys, "nr_free_cma") != NONE);
		fixture_down(&f);
	}
}

/*
 * Expect nr_free_pages_blocks (7.x only) to count the free pages in
 * blocks of a pageblock or more: at most the free pages, and 512 fewer
 * once an order-9 block is taken.
 */
static void free_blocks(void)
{
	struct fixture f;
	uint64_t pfn, blocks;

	if (fixture_up(&f, "examples/boards/seed.dts", "6.12", "cma=64M", -1)) {
		CHECK(0);
		return;
	}
	CHECK_EQ_U64(vm(f.sys, "nr_free_pages_blocks"), NONE);
	fixture_down(&f);
	if (fixture_up(&f, "examples/boards/seed.dts", "7.2", "cma=64M", -1)) {
		CHECK(0);
		return;
	}
	blocks = vm(f.sys, "nr_free_pages_blocks");
	CHECK(blocks <= vm(f.sys, "nr_free_pages"));
	CHECK(blocks > vm(f.sys, "nr_free_pages") / 2);
	CHECK(!sm_mm_alloc_pages(f.sys, 9, SM_MIGRATE_UNMOVABLE, SM_ZONE_NORMAL,
				 NULL, &pfn));
	CHECK_EQ_U64(vm(f.sys, "nr_free_pages_blocks"), blocks - 512);
	fixture_down(&f);
}

/*
 * Expect the dirty thresholds to be 20 % and 10 % of the memory free
 * above the reserves: taking 4096 pages lowers them by 819 and 409
 * (PAGE_SIZE fixed point, +-1 for the rounding).
 */
static void dirty_thresholds(void)
{
	struct fixture f;
	uint64_t pfn, th, bg, d;

	if (fixture_up(&f, "examples/boards/seed.dts", "6.12", "cma=64M", -1)) {
		CHECK(0);
		return;
	}
	th = vm(f.sys, "nr_dirty_threshold");
	bg = vm(f.sys, "nr_dirty_background_threshold");
	CHECK(th < vm(f.sys, "nr_free_pages") / 5);
	CHECK(th > vm(f.sys, "nr_free_pages") / 6);
	for (int i = 0; i < 4; i++)
		CHECK(!sm_mm_alloc_pages(f.sys, 10, SM_MIGRATE_UNMOVABLE,
					 SM_ZONE_NORMAL, NULL, &pfn));
	d = th - vm(f.sys, "nr_dirty_threshold");
	CHECK(d >= 818 && d <= 820);
	d = bg - vm(f.sys, "nr_dirty_background_threshold");
	CHECK(d >= 408 && d <= 410);
	fixture_down(&f);
}

int main(void)
{
	RUN(alloc_free_counts);
	RUN(migrate_counts);
	RUN(cma_fail_per_version);
	RUN(free_blocks);
	RUN(dirty_thresholds);
	return test_done();
}
