// SPDX-License-Identifier: MIT
/*
 * dma_pool.c - the atomic DMA pools kernel/dma/pool.c sets aside at
 * postcore_initcall, before any driver or user runs.
 *
 * They matter to the running system because the pools come out of the
 * default CMA area whenever it lies in the pool's zone: on the guide's
 * board with cma=64M the real kernels' CmaFree is 1.5 MiB (6.1, 6.12: three
 * pools) or 1 MiB (7.2: two) below CmaTotal right after boot, and the
 * first 1 MiB windows of the area are never free for a CMA heap.
 *
 * Each pool is coherent_pool= bytes, or by default 128 KiB per GiB of
 * totalram_pages() (at least 128 KiB, at most a MAX_PAGE_ORDER block),
 * allocated as one block of get_order(size): from the default CMA area
 * when cma_in_zone() says the area suits the pool's zone, else from the
 * buddy allocator as unmovable pages; on failure the order is lowered
 * until something fits. The DMA pool needs a DMA zone with memory, the
 * DMA32 pool a build with CONFIG_ZONE_DMA32: a build with neither (a
 * tinyconfig) makes the one GFP_KERNEL pool.
 */
#include <errno.h>

#include "internal.h"

#define SZ_128K (128ULL << 10)
#define SZ_1G (1ULL << 30)

enum pool_zone { POOL_KERNEL, POOL_DMA, POOL_DMA32 };

static const char *const pool_gfp_name[] = {
	[POOL_KERNEL] = "GFP_KERNEL",
	[POOL_DMA] = "GFP_KERNEL|GFP_DMA",
	[POOL_DMA32] = "GFP_KERNEL|GFP_DMA32",
};

static const enum sm_zone_id pool_highest_zone[] = {
	[POOL_KERNEL] = SM_ZONE_NORMAL,
	[POOL_DMA] = SM_ZONE_DMA,
	[POOL_DMA32] = SM_ZONE_DMA32,
};

static unsigned int get_order(uint64_t size, unsigned int page_shift)
{
	unsigned int order = 0;

	while ((1ULL << (page_shift + order)) < size)
		order++;
	return order;
}

static uint64_t totalram_pages(const struct sm_system *s)
{
	uint64_t n = 0;

	for (int z = 0; z < SM_NR_ZONES; z++)
		n += s->zones[z].managed;
	/* the init section is still in use while initcalls run */
	return n - sm_boot_board_init_pages(s->board);
}

/* cma_in_zone(): may a pool for @zone come from the default area? */
static bool cma_in_zone(const struct sm_system *s, const struct sm_cma *cma,
			enum pool_zone zone)
{
	uint64_t end;

	if (!cma || !cma->count)
		return false;
	end = ((cma->base_pfn + cma->count) << s->page_shift) - 1;
	if (zone == POOL_DMA)
		return end <= s->board->zone_dma_limit;
	if (zone == POOL_DMA32) {
		uint64_t lim = s->board->zone_dma_limit;

		if (sm_mm_profile(s)->atomic_pool_dma32_limit_max && lim > UINT32_MAX)
			return end <= lim;
		return end <= UINT32_MAX;
	}
	return true;
}

/* atomic_pool_expand(): the pool's block; returns its order or -ENOMEM */
static int pool_alloc(struct sm_system *s, enum pool_zone zone,
		      unsigned int order)
{
	struct sm_cma *cma = sm_mm_cma_default(s);
	unsigned int align = sm_boot_profile_cma_alignment(s->board->profile);
	uint64_t pfn;

	for (;;) {
		if (cma_in_zone(s, cma, zone) &&
		    !sm_mm_cma_alloc(s, cma, 1ULL << order,
				     order < align ? order : align, false, &pfn))
			return (int)order;
		if (!sm_mm_alloc_pages(s, order, SM_MIGRATE_UNMOVABLE,
				       pool_highest_zone[zone], NULL, &pfn))
			return (int)order;
		if (!order)
			return -ENOMEM;
		order--;
	}
}

static bool zone_managed(const struct sm_system *s, enum sm_zone_id z)
{
	return s->zones[z].managed != 0;
}

int sm_mm_dma_atomic_pools_init(struct sm_system *s)
{
	const struct sm_mm_profile *mp = sm_mm_profile(s);
	uint64_t size = s->board->atomic_pool_size;
	unsigned int order, max = s->max_order;
	bool want[3];

	if (!size) {
		uint64_t pages = totalram_pages(s) / (SZ_1G / SZ_128K);

		if (pages > (1ULL << max))
			pages = 1ULL << max;
		size = pages << s->page_shift;
		if (size < SZ_128K)
			size = SZ_128K;
	}
	order = get_order(size, s->page_shift);
	if (order > max)
		order = max;
	/* 7.2 makes only the pools whose zone has memory */
	want[POOL_KERNEL] = !mp->atomic_pools_need_zone ||
			    zone_managed(s, SM_ZONE_NORMAL);
	want[POOL_DMA] = zone_managed(s, SM_ZONE_DMA);
	/* CONFIG_ZONE_DMA32 off: no DMA32 pool in any release */
	want[POOL_DMA32] = s->board->zones[SM_ZONE_DMA32].exists &&
			   (!mp->atomic_pools_need_zone ||
			    zone_managed(s, SM_ZONE_DMA32));
	for (int zone = POOL_KERNEL; zone <= POOL_DMA32; zone++) {
		int got;

		if (!want[zone])
			continue;
		got = pool_alloc(s, (enum pool_zone)zone, order);
		if (got < 0)	/* the size asked for, not rounded */
			sm_mm_printk(s, SM_LOG_ERR,
				     "DMA: failed to allocate %llu KiB %s pool for atomic allocation",
				     (unsigned long long)size >> 10,
				     pool_gfp_name[zone]);
		else
			sm_mm_printk(s, SM_LOG_INFO,
				     "DMA: preallocated %llu KiB %s pool for atomic allocations",
				     (unsigned long long)(1ULL << (s->page_shift + got)) >> 10,
				     pool_gfp_name[zone]);
	}
	return 0;
}
