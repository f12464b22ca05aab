// SPDX-License-Identifier: MIT
/*
 * contiguous.c - the default CMA area, as kernel/dma/contiguous.c makes it:
 * the cma= early parameter (cma=nn[KMG][@start[KMG][-end[KMG]]]) and
 * dma_contiguous_reserve(), which places the area "reserved" below the
 * DMA zone limit unless a DT linux,cma-default pool already made one.
 */
#include <string.h>

#include "internal.h"

/*
 * early_cma(): every occurrence runs again, so the last size wins, while
 * a base or limit from an earlier occurrence stays unless overwritten.
 */
void sm_boot_early_cma(struct sm_boot *bt, const char *p)
{
	struct sm_cma_cmdline *c = &bt->b->cma_cmdline;
	const char *end;

	if (!p) {
		sm_boot_log(bt, SM_MSG_CMA_NO_CONFIG);
		sm_boot_log(bt, SM_MSG_EARLY_MALFORMED, "cma");
		sm_dt_warn(&bt->b->warnings,
			   "\"cma\" without a value: the kernel ignores it (write cma=SIZE)");
		return;
	}
	c->size = sm_dt_memparse_sat(p, &end,
				     bt->b->profile->memparse_saturates);
	/* "given" is size_cmdline != -1 in the kernel, not a flag */
	c->given = c->size != UINT64_MAX;
	if (*end != '@') {
		if (*end)
			sm_dt_warn(&bt->b->warnings,
				   "cma=%s: the kernel ignores \"%s\" after the size",
				   p, end);
		return;
	}
	c->base = sm_dt_memparse(end + 1, &end);
	if (*end != '-') {
		c->limit = c->base + c->size;
		if (*end)
			sm_dt_warn(&bt->b->warnings,
				   "cma=%s: the kernel ignores \"%s\" after the base",
				   p, end);
		return;
	}
	c->limit = sm_dt_memparse(end + 1, &end);
	if (*end)
		sm_dt_warn(&bt->b->warnings,
			   "cma=%s: the kernel ignores \"%s\" after the limit", p,
			   end);
}

static uint64_t min_not_zero(uint64_t a, uint64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

int sm_boot_dma_contiguous_reserve(struct sm_boot *bt, uint64_t limit)
{
	const struct sm_cma_cmdline *c = &bt->b->cma_cmdline;
	uint64_t size, base = 0;
	bool fixed = false;
	int idx, err, reg;

	sm_boot_log(bt, SM_MSG_CMA_RESERVE_DEBUG, limit);
	if (c->given) {
		size = c->size;
		base = c->base;
		if (bt->b->profile->cma_cmdline_limit_wins && c->limit)
			limit = c->limit;
		else
			limit = min_not_zero(c->limit, limit);
		fixed = c->base + c->size == c->limit;
	} else {
		size = (uint64_t)bt->b->profile->cma_size_mbytes * SM_SZ_1M;
	}
	if (!size || bt->cma_default_set)
		return 0;
	err = sm_boot_rmem_add_region(bt, -1, "reserved", &reg);
	if (err)
		return err;
	bt->b->regions[reg].kind = SM_REGION_DEFAULT_CMA;
	bt->b->regions[reg].size = size;
	bt->b->regions[reg].base = base;
	bt->b->regions[reg].outcome.size = size;
	bt->b->regions[reg].outcome.win_start = base;
	bt->b->regions[reg].outcome.win_end = limit;
	if (fixed)
		bt->b->regions[reg].flags |= SM_RF_FIXED;
	{
		struct sm_cma_request rq = {
			.base = base, .size = size, .limit = limit,
			.fixed = fixed, .name = "reserved",
			.nid = SM_NUMA_NO_NODE,
			.outcome = &bt->b->regions[reg].outcome,
		};

		err = sm_boot_cma_declare_contiguous(bt, &rq, &idx);
	}
	bt->b->regions[reg].seq = bt->seq++;
	if (err) {
		bt->b->regions[reg].status = SM_STATUS_FAILED;
		return 0;
	}
	bt->b->cma[idx].region = reg;
	bt->b->cma[idx].is_default = true;
	bt->b->default_cma = idx;
	bt->cma_default_set = true;
	bt->b->regions[reg].cma = idx;
	bt->b->regions[reg].base = bt->b->cma[idx].base;
	bt->b->regions[reg].size = bt->b->cma[idx].size;
	bt->b->regions[reg].status = SM_STATUS_PLACED;
	return 0;
}
