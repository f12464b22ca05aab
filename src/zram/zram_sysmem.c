// SPDX-License-Identifier: MIT
/*
 * zram_sysmem.c - zsmalloc's pages taken from a running system (src/mm),
 * so that what zram stores costs the board's memory, as it does on the
 * device: zs_malloc() allocates order-0 movable pages (Linux 6.1/6.12
 * zram_write_page(): __GFP_KSWAPD_RECLAIM | __GFP_HIGHMEM |
 * __GFP_MOVABLE first, then GFP_NOIO; neither may write a page to swap,
 * so the model allocates with reclaim off), and a page that migration
 * moves (a CMA allocation taking its pageblock back) is followed by the
 * zspage that holds it (zs_page_migrate()). A build without
 * CONFIG_COMPACTION (a .config, socmem/kconfig.h) has zsmalloc clear
 * __GFP_MOVABLE (alloc_zspage()): its pages are unmovable, never come
 * out of CMA and never move.
 */
#include <errno.h>

#include "internal.h"

static void sysmem_moved(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
			 unsigned int order)
{
	struct sm_zram_ctl *ctl = ctx;

	(void)order;
	sm_zram_ctl_page_moved(ctl, old_pfn,
			       sm_mm_pfn_virt(ctl->opts.system, new_pfn),
			       new_pfn);
}

static int sysmem_get(void *ctx, void **bytes, uint64_t *id)
{
	struct sm_zram_ctl *ctl = ctx;
	struct sm_system *sys = ctl->opts.system;
	struct sm_page_owner o = { .moved = sysmem_moved, .ctx = ctl };
	const struct sm_kconfig *k = ctl->opts.kconfig;
	bool movable = !k || k->compaction != SM_KOPT_N;
	unsigned int saved = sm_mm_noreclaim_save(sys);
	uint64_t pfn;
	int ret;

	ret = sm_mm_alloc_pages(sys, 0, movable ? SM_MIGRATE_MOVABLE :
					      SM_MIGRATE_UNMOVABLE,
				SM_ZONE_NORMAL, movable ? &o : NULL, &pfn);
	sm_mm_noreclaim_restore(sys, saved);
	if (ret)
		return -ENOMEM;
	sm_mm_zspages_account(sys, 1);
	*bytes = sm_mm_pfn_virt(sys, pfn);
	*id = pfn;
	return 0;
}

static void sysmem_put(void *ctx, void *bytes, uint64_t id)
{
	struct sm_zram_ctl *ctl = ctx;

	(void)bytes;
	sm_mm_free_pages(ctl->opts.system, id, 0);
	sm_mm_zspages_account(ctl->opts.system, -1);
}

void sm_zram_sysmem_init(struct sm_zram_ctl *ctl)
{
	ctl->sysmem = (struct sm_zram_pages){
		.get = sysmem_get,
		.put = sysmem_put,
		.ctx = ctl,
	};
	ctl->opts.pages = &ctl->sysmem;
}
