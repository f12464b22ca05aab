// SPDX-License-Identifier: MIT
/*
 * cma_declare.c - CMA areas as mm/cma.c creates them at boot:
 * cma_init_reserved_mem() for memory already reserved (a DT pool) and
 * cma_declare_contiguous_nid() to reserve and create (the default area).
 *
 * Areas take slots in creation order (DT pools first on arm64, then the
 * default area); there are profile->max_cma_areas slots.
 */
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int add_area(struct sm_boot *bt, uint64_t base, uint64_t size,
		    unsigned int order_per_bit, const char *name, int region,
		    int *index)
{
	struct sm_board *b = bt->b;
	struct sm_cma_area *a;

	if (b->ncma == bt->cma_cap) {
		size_t cap = bt->cma_cap ? bt->cma_cap * 2 : 8;

		a = realloc(b->cma, cap * sizeof(*a));
		if (!a)
			return -ENOMEM;
		b->cma = a;
		bt->cma_cap = cap;
	}
	a = &b->cma[b->ncma];
	memset(a, 0, sizeof(*a));
	/* the kernel keeps at most CMA_MAX_NAME - 1 = 63 characters */
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->base = base;
	a->size = size;
	a->order_per_bit = order_per_bit;
	a->region = region;
	*index = (int)b->ncma++;
	return 0;
}

/* Record an area refused for want of a slot: the number it would have had. */
static void no_slot(struct sm_boot *bt, struct sm_region_outcome *o)
{
	if (o->why == SM_WHY_NONE) {
		o->why = SM_WHY_NO_CMA_SLOT;
		o->slot = (unsigned int)bt->b->ncma + 1 + bt->cma_refused;
		o->slots = bt->b->profile->max_cma_areas;
	}
	bt->cma_refused++;
}

/* Why the default area failed, if the request carries its outcome. */
static int failed_why(const struct sm_cma_request *rq, enum sm_why why,
		      bool reported, int ret)
{
	if (!rq->outcome)
		return ret;
	if (rq->outcome->why == SM_WHY_NONE)
		rq->outcome->why = why;
	rq->outcome->reported = reported;
	return ret;
}

int sm_boot_cma_init_reserved_mem(struct sm_boot *bt, uint64_t base,
				  uint64_t size, unsigned int order_per_bit,
				  const char *name, int region, int *index)
{
	uint64_t pb = sm_boot_cma_min_align(bt);

	if (bt->b->ncma == bt->b->profile->max_cma_areas) {
		sm_boot_log(bt, SM_MSG_CMA_NO_SLOTS);
		if (region >= 0)
			no_slot(bt, &bt->b->regions[region].outcome);
		return -ENOSPC;
	}
	if (!size || !sm_boot_memblock_is_region_reserved(&bt->b->memblock, base,
							  size))
		return -EINVAL;
	if ((base | size) & (pb - 1))
		return -EINVAL;
	if (name && strchr(name, '%'))
		sm_dt_warn(&bt->b->warnings,
			   "CMA area name '%s' contains '%%': the kernel uses it as a printf format, so its real name may differ",
			   name);
	return add_area(bt, base, size, order_per_bit, name, region, index);
}

/*
 * The placement of a non-fixed area: on 64-bit, when top-down and DRAM
 * reaches 4 GiB + size, first bottom-up from 4 GiB (to keep CMA out of
 * the DMA zones); then the default direction inside [base, limit).
 */
static uint64_t place(struct sm_boot *bt, uint64_t base, uint64_t size,
		      uint64_t limit, uint64_t align)
{
	struct sm_memblock *mb = &bt->b->memblock;
	uint64_t addr = 0;

	if (!mb->bottom_up &&
	    sm_boot_memblock_end_of_dram(mb) >= SM_SZ_4G + size) {
		mb->bottom_up = true;
		addr = sm_boot_memblock_alloc_range(mb, size, align, SM_SZ_4G,
						    limit, 0);
		mb->bottom_up = false;
	}
	if (!addr)
		addr = sm_boot_memblock_alloc_range(mb, size, align, base, limit, 0);
	return addr;
}

/* The size a message prints: 7.x prints what was asked for. */
static uint64_t msg_size(const struct sm_boot *bt,
			 const struct sm_cma_request *rq, uint64_t size)
{
	return (bt->b->profile->cma_msg_requested_size ? rq->size : size) /
	       SM_SZ_1M;
}

static int declare_failed(struct sm_boot *bt, const struct sm_cma_request *rq,
			  uint64_t size, enum sm_why why, int ret)
{
	sm_boot_log(bt, SM_MSG_CMA_FAILED, msg_size(bt, rq, size), rq->nid);
	return failed_why(rq, why, true, ret);
}

/*
 * Failures 6.x returns without a word; from 6.15 an outer wrapper prints
 * "Failed to reserve" for every failure.
 */
static int quiet_failure(struct sm_boot *bt, const struct sm_cma_request *rq,
			 enum sm_why why, int ret)
{
	if (bt->b->profile->cma_fail_msg_always)
		return declare_failed(bt, rq, rq->size, why, ret);
	return failed_why(rq, why, false, ret);
}

static void declared(struct sm_boot *bt, const struct sm_cma_request *rq,
		     uint64_t base, uint64_t size)
{
	if (rq->multi_range)
		sm_boot_log(bt, SM_MSG_CMA_RESERVED_RANGES,
			    msg_size(bt, rq, size), 1, "");
	else
		sm_boot_log(bt, SM_MSG_CMA_RESERVED, msg_size(bt, rq, size),
			    base, rq->nid);
}

int sm_boot_cma_declare_contiguous(struct sm_boot *bt,
				   const struct sm_cma_request *rq, int *index)
{
	struct sm_memblock *mb = &bt->b->memblock;
	uint64_t end = sm_boot_memblock_end_of_dram(mb);
	uint64_t alignment = rq->alignment, base = rq->base, size = rq->size;
	uint64_t limit = rq->limit;
	bool fixed = rq->fixed;
	int ret;

	if (bt->b->ncma == bt->b->profile->max_cma_areas) {
		sm_boot_log(bt, SM_MSG_CMA_NO_SLOTS);
		if (rq->outcome)
			no_slot(bt, rq->outcome);
		else
			bt->cma_refused++; /* areas that are not regions */
		return quiet_failure(bt, rq, SM_WHY_NO_CMA_SLOT, -ENOSPC);
	}
	if (!size || (alignment && !sm_is_power_of_2(alignment)))
		return quiet_failure(bt, rq, SM_WHY_INVALID, -EINVAL);
	if (alignment < sm_boot_cma_min_align(bt))
		alignment = sm_boot_cma_min_align(bt);
	if (rq->outcome)
		rq->outcome->align = alignment;
	if (fixed && (base & (alignment - 1))) {
		sm_boot_log(bt, SM_MSG_CMA_MUST_ALIGN, base, alignment);
		return declare_failed(bt, rq, size, SM_WHY_BASE_NOT_ALIGNED,
				      -EINVAL);
	}
	base = sm_round_up(base, alignment);
	size = sm_round_up(size, alignment);
	limit &= ~(alignment - 1);
	if (!base)
		fixed = false;
	if ((size >> bt->b->page_shift) &
	    ((1ULL << rq->order_per_bit) - 1))
		return quiet_failure(bt, rq, SM_WHY_INVALID, -EINVAL);
	/* arm64 has no highmem: the low/high boundary is the end of DRAM */
	if (limit == 0 || limit > end)
		limit = end;
	if (base + size > limit) {
		sm_boot_log(bt, SM_MSG_CMA_EXCEEDS_LIMIT, size, base, limit);
		return declare_failed(bt, rq, size, SM_WHY_EXCEEDS_LIMIT,
				      -EINVAL);
	}
	if (fixed) {
		if (sm_boot_memblock_is_region_reserved(mb, base, size) ||
		    sm_boot_memblock_reserve(mb, base, size, 0) < 0)
			return declare_failed(bt, rq, size, SM_WHY_BUSY,
					      -EBUSY);
	} else {
		uint64_t addr = place(bt, base, size, limit, alignment);

		if (!addr)
			return declare_failed(bt, rq, size, SM_WHY_NO_WINDOW,
					      -ENOMEM);
		base = addr;
	}
	ret = sm_boot_cma_init_reserved_mem(bt, base, size, rq->order_per_bit,
					    rq->name, -1, index);
	if (ret) {
		sm_boot_memblock_phys_free(mb, base, size);
		return declare_failed(bt, rq, size, SM_WHY_INVALID, ret);
	}
	declared(bt, rq, base, size);
	return 0;
}
