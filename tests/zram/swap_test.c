// SPDX-License-Identifier: MIT
/*
 * swap_test.c - zram as the swap of a running system, on every kernel:
 * the pool's pages come from the board (MemFree pays for mem_used_total),
 * pages under pressure come back byte-identical whatever they hold (text,
 * random, same-filled), zram's figures agree with what swap stored and
 * freed, the device cannot be reset while it is swap, a CMA allocation
 * moves the pool's own pages and every stored page still reads back, and
 * a full mem_limit leaves pages in memory instead of losing them.
 */
#include <errno.h>
#include <string.h>

#include <socmem/board.h>
#include <socmem/dt.h>
#include <socmem/mm.h>
#include <socmem/zram.h>

#include "test.h"
#include "mm/swap_util.h"

#define PAGE 4096

static const char *const kernels[] = { "6.1", "6.12", "7.2" };

struct rig {
	struct sm_dt *dt;
	struct sm_board *board;
	struct sm_system *sys;
	struct sm_zram_ctl *ctl;
	struct sm_zram *z;
};

/* the mm tests' 256 MiB board, zram loaded with pages from it */
static int rig_up(struct rig *r, const char *kernel)
{
	char path[1024];
	struct sm_diag diag = { 0 };
	struct sm_boot_options bo = { .profile = sm_boot_profile_find(kernel),
				      .pageblock_order = -1 };
	struct sm_zram_options zo = { 0 };

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "%s/tests/mm/boards/small.dts",
		 SOCMEM_SOURCE_DIR);
	if (sm_dt_load(path, NULL, &r->dt, &diag) ||
	    sm_boot_board_boot(r->dt, &bo, &r->board, &diag) ||
	    sm_mm_system_create(r->board, NULL, &r->sys, &diag)) {
		fprintf(stderr, "rig: %s\n", diag.msg);
		return -1;
	}
	zo.system = r->sys;
	if (sm_zram_ctl_create(sm_boot_profile_id(r->board->profile), &zo,
			       &r->ctl))
		return -1;
	r->z = sm_zram_ctl_dev(r->ctl, 0);
	return 0;
}

static void rig_down(struct rig *r)
{
	sm_zram_ctl_destroy(r->ctl);
	sm_mm_system_destroy(r->sys);
	sm_boot_board_free(r->board);
	sm_dt_free(r->dt);
}

static int attr(struct sm_zram *z, const char *name, const char *val)
{
	ssize_t n = sm_zram_attr_write(z, name, val, strlen(val));

	return n < 0 ? (int)n : 0;
}

static int swap_on(struct rig *r, const char *size)
{
	static const uint8_t uuid[16] = { 1, 2, 3 };

	if (attr(r->z, "disksize", size))
		return -1;
	if (sm_zram_mkswap(r->z, uuid, NULL))
		return -1;
	return sm_zram_swapon(r->z, r->sys, -1);
}

static int ok(const struct sm_system *sys)
{
	struct sm_diag diag = { 0 };

	if (sm_mm_check(sys, &diag)) {
		fprintf(stderr, "sm_mm_check: %s\n", diag.msg);
		return 0;
	}
	return 1;
}

/* page @i's bytes, version @v: text-like, random, zero or one word */
static void content(uint8_t *p, uint64_t i, unsigned int v)
{
	uint64_t x = (i + 7) * 0x9e3779b97f4a7c15ULL + v;
	static const char words[] = "zram swaps the pages of the board ";

	switch (i % 4) {
	case 0:	/* compresses */
		for (size_t at = 0; at < PAGE; at++)
			p[at] = (uint8_t)words[(at + x % 29) % (sizeof(words) - 1)];
		memcpy(p, &x, 8);
		break;
	case 1:	/* does not */
		for (size_t at = 0; at < PAGE; at += 8) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			memcpy(p + at, &x, 8);
		}
		break;
	case 2:
		memset(p, 0, PAGE);
		break;
	default:	/* same-filled, not zero */
		for (size_t at = 0; at < PAGE; at += 8)
			memcpy(p + at, &x, 8);
	}
}

/*
 * Expect, on each kernel, more pages than the board holds to be written
 * and read back intact through zram swap; zram's orig_data_size to be the
 * swapped pages plus the header, same_pages the same-filled ones among
 * them, notify_free one per page read back; the pool's pages to be taken
 * from MemFree; and the device to refuse reset while it is swap.
 */
static void roundtrip(void)
{
	for (int k = 0; k < 3; k++) {
		struct sm_zram_stats st;
		struct sm_swap_stats ss;
		struct sm_anon *a;
		uint64_t n, swapped, same = 0, bad = 0, free0;
		struct rig r;
		int err = 0;

		CHECK(!rig_up(&r, kernels[k]));
		free0 = meminfo_kb(r.sys, "MemFree");
		CHECK_EQ_U64(swap_on(&r, "96M"), 0);
		CHECK_EQ_U64(meminfo_kb(r.sys, "SwapTotal"), 24575 * 4);
		n = free0 / 4 + 12000;
		CHECK_EQ_U64(sm_mm_anon_create(r.sys, n, &a), 0);
		for (uint64_t i = 0; i < n && !err; i++)
			err = anon_write(a, i, 1, content);
		CHECK_EQ_U64(err, 0);
		CHECK(ok(r.sys));
		swapped = anon_count(a, n, SM_ANON_SWAPPED);
		for (uint64_t i = 0; i < n; i++)
			same += sm_mm_anon_state(a, i) == SM_ANON_SWAPPED &&
				i % 4 >= 2;
		sm_zram_get_stats(r.z, &st);
		CHECK(swapped > 12000);
		CHECK_EQ_U64(st.orig_data_size, (swapped + 1) * PAGE);
		CHECK_EQ_U64(st.same_pages, same);
		CHECK(st.huge_pages > 0);
		/* MemFree + what is resident + zram's pool = the boot figure */
		CHECK_EQ_U64(meminfo_kb(r.sys, "MemFree") +
			     meminfo_kb(r.sys, "AnonPages") +
			     st.mem_used_total / 1024, free0);
		CHECK_EQ_U64(sm_zram_attr_write(r.z, "reset", "1", 1), -EBUSY);
		for (uint64_t i = 0; i < n; i++)
			bad += !anon_holds(a, i, 1, content);
		CHECK_EQ_U64(bad, 0);
		sm_mm_swap_stats(r.sys, &ss);
		sm_zram_get_stats(r.z, &st);
		CHECK_EQ_U64(st.notify_free, ss.pswpin);
		CHECK_EQ_U64(st.orig_data_size, (ss.used + 1) * PAGE);
		CHECK(ok(r.sys));
		sm_mm_anon_destroy(a);
		sm_zram_get_stats(r.z, &st);
		CHECK_EQ_U64(st.orig_data_size, PAGE);	/* the header */
		CHECK_EQ_U64(sm_zram_swapoff(r.z, r.sys), 0);
		CHECK_EQ_U64(attr(r.z, "reset", "1"), 0);
		CHECK_EQ_U64(meminfo_kb(r.sys, "MemFree"), free0);
		CHECK(ok(r.sys));
		rig_down(&r);
	}
}

static uint64_t free_pages(struct sm_system *sys, bool cma)
{
	struct sm_mm_zone_stats zs;
	uint64_t n = 0;

	for (int z = 0; z < SM_NR_ZONES; z++)
		if (!sm_mm_zone_stats(sys, z, &zs))
			n += cma ? zs.free_cma : zs.free;
	return n;
}

/*
 * Expect a CMA allocation over the pool's own pages (zsmalloc pages are
 * movable and take CMA pageblocks like any) to move them, and every page
 * stored in zram to read back afterwards. Unmovable allocations take the
 * memory outside CMA first (but room for the migration), so that the
 * pool's pages can only come from the CMA areas.
 */
static void pool_pages_migrate(void)
{
	struct sm_zram_stats st;
	struct sm_anon *a;
	struct sm_cma *cma;
	uint64_t n = 5000, bad = 0, pfn, *hog, nhog = 0;
	struct rig r;

	CHECK(!rig_up(&r, "6.12"));
	cma = sm_mm_cma_find(r.sys, "camera");
	hog = calloc(70000, sizeof(*hog));
	CHECK_EQ_U64(swap_on(&r, "64M"), 0);
	while (free_pages(r.sys, false) - free_pages(r.sys, true) > 500 &&
	       !sm_mm_alloc_pages(r.sys, 0, SM_MIGRATE_UNMOVABLE,
				  SM_ZONE_NORMAL, NULL, &hog[nhog]))
		nhog++;
	CHECK_EQ_U64(sm_mm_anon_create(r.sys, n, &a), 0);
	for (uint64_t i = 0; i < n; i++)
		CHECK_EQ_U64(anon_write(a, i, 5, content), 0);
	CHECK_EQ_U64(sm_mm_reclaim(r.sys, n), n);
	sm_zram_get_stats(r.z, &st);
	CHECK(st.mem_used_total > 1000 * PAGE);
	/* the anonymous pages went; the pool is what holds CMA now */
	CHECK(free_pages(r.sys, true) < 6144 - 1000);
	while (nhog)	/* room to move the pool's pages to */
		sm_mm_free_pages(r.sys, hog[--nhog], 0);
	free(hog);
	CHECK_EQ_U64(sm_mm_cma_alloc(r.sys, cma, 2048, 0, false, &pfn), 0);
	CHECK(ok(r.sys));
	for (uint64_t i = 0; i < n; i++)
		bad += !anon_holds(a, i, 5, content);
	CHECK_EQ_U64(bad, 0);
	CHECK_EQ_U64(sm_mm_cma_release(r.sys, cma, pfn, 2048), 0);
	sm_mm_anon_destroy(a);
	sm_zram_swapoff(r.z, r.sys);
	CHECK(ok(r.sys));
	rig_down(&r);
}

/*
 * Expect a mem_limit the pool reaches to make swap-outs fail (zram's
 * failed_writes, the system's write errors) while the pages stay in
 * memory, intact.
 */
static void mem_limit(void)
{
	struct sm_zram_stats st;
	struct sm_swap_stats ss;
	struct sm_anon *a;
	struct rig r;
	uint64_t n = 20000;

	CHECK(!rig_up(&r, "6.1"));
	CHECK_EQ_U64(attr(r.z, "mem_limit", "1M"), 0);
	CHECK_EQ_U64(swap_on(&r, "64M"), 0);
	CHECK_EQ_U64(sm_mm_anon_create(r.sys, n, &a), 0);
	for (uint64_t i = 0; i < n; i++)
		CHECK_EQ_U64(anon_write(a, i, 9, content), 0);
	sm_mm_reclaim(r.sys, n);
	sm_zram_get_stats(r.z, &st);
	sm_mm_swap_stats(r.sys, &ss);
	CHECK(st.failed_writes > 0);
	CHECK(ss.write_errors >= st.failed_writes);
	CHECK(st.mem_used_total <= (1 << 20) + 4 * PAGE);
	for (uint64_t i = 0; i < n; i++)
		CHECK(anon_holds(a, i, 9, content));
	CHECK(ok(r.sys));
	sm_mm_anon_destroy(a);
	sm_zram_swapoff(r.z, r.sys);
	rig_down(&r);
}

int main(void)
{
	RUN(roundtrip);
	RUN(pool_pages_migrate);
	RUN(mem_limit);
	return test_done();
}
