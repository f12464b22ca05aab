// SPDX-License-Identifier: MIT
/*
 * check.c - `socmem check`: the rules that read the booted board. What
 * the kernel itself reports (overlaps, failed reservations) comes from
 * the board model, which reproduces every oracle log line exactly; the
 * rest compares the map as placed with what the platform guide asks for
 * (no overlap anywhere, 1 MiB boundaries, CMA on pageblocks).
 *
 * Rules read from the tree's properties are in check_props.c, the
 * baseline comparison in baseline.c. Findings come out grouped by rule
 * (enum sm_rule order), then in region order.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A region whose node has a reg the kernel takes (not a bad length). */
bool sm_plan_region_is_static(const struct sm_board *b,
			      const struct sm_region *r)
{
	return r->node >= 0 && sm_plan_reg_state(b, r->node) > 0;
}

bool sm_plan_reg_entry(const struct sm_board *b, int i, uint64_t *base,
		       uint64_t *size)
{
	const struct sm_region *r = &b->regions[i];
	const void *p;

	*base = r->base;
	*size = r->size;
	if (!sm_plan_region_is_static(b, r))
		return false;
	for (int j = 0; j < i; j++)
		if (b->regions[j].node == r->node)
			return true; /* an extra entry: the region has it */
	p = sm_dt_prop(b->dt->blob, r->node, "reg", NULL);
	*base = sm_dt_read_cells(p, b->addr_cells);
	*size = sm_dt_read_cells((const char *)p + b->addr_cells * 4,
				 b->size_cells);
	return true;
}

bool sm_plan_region_extent(const struct sm_board *b, int i, uint64_t *base,
			   uint64_t *size)
{
	const struct sm_region *r = &b->regions[i];

	*base = r->base;
	*size = r->size;
	if (!r->size || r->status == SM_STATUS_DISABLED ||
	    r->status == SM_STATUS_BYPASSED)
		return false;
	switch (r->kind) {
	case SM_REGION_MEMRESERVE:
	case SM_REGION_KERNEL_IMAGE:
		return true;
	case SM_REGION_DEFAULT_CMA:
		return r->status == SM_STATUS_PLACED;
	default:
		break;
	}
	if (sm_plan_region_is_static(b, r))
		return true;
	/* a dynamic region holds memory only where it was placed */
	return r->status == SM_STATUS_PLACED;
}

/* ---- overlaps ------------------------------------------------------- */

static bool kernel_reports(const struct sm_board *b, int x, int y)
{
	for (size_t i = 0; i < b->noverlaps; i++)
		if ((b->overlaps[i].a == x && b->overlaps[i].b == y) ||
		    (b->overlaps[i].a == y && b->overlaps[i].b == x))
			return true;
	return false;
}

static int check_overlap_kernel(const struct sm_board *b,
				struct sm_findings *f)
{
	for (size_t i = 0; i < b->noverlaps; i++) {
		const struct sm_overlap *o = &b->overlaps[i];
		const struct sm_region *ra = &b->regions[o->a];
		const struct sm_region *rb = &b->regions[o->b];

		/* the ranges as the kernel recorded them */
		if (sm_plan_add(f, b, SM_RULE_OVERLAP_KERNEL, o->a, o->b, "reg",
				"%s [0x%" PRIx64 "-0x%" PRIx64 "] overlaps %s [0x%" PRIx64 "-0x%" PRIx64 "]; Linux %s prints OVERLAP DETECTED",
				ra->name, ra->base, ra->base + ra->size - 1,
				rb->name, rb->base, rb->base + rb->size - 1,
				b->profile->name))
			return -ENOMEM;
	}
	return 0;
}

static int check_overlap(const struct sm_board *b, struct sm_findings *f)
{
	for (size_t i = 0; i < b->nregions; i++) {
		uint64_t ib, is, jb, js;

		if (!sm_plan_region_extent(b, (int)i, &ib, &is))
			continue;
		for (size_t j = i + 1; j < b->nregions; j++) {
			char li[128], lj[128];

			if (!sm_plan_region_extent(b, (int)j, &jb, &js) ||
			    !plan_ranges_overlap(ib, is, jb, js) ||
			    kernel_reports(b, (int)i, (int)j))
				continue;
			sm_plan_region_label(b, (int)i, li, sizeof(li));
			sm_plan_region_label(b, (int)j, lj, sizeof(lj));
			if (sm_plan_add(f, b, SM_RULE_OVERLAP, (int)i, (int)j,
					"reg",
					"%s overlaps %s (Linux %s does not report it)",
					li, lj, b->profile->name))
				return -ENOMEM;
		}
	}
	return 0;
}

/* ---- failures -------------------------------------------------------- */

static int fail_default_cma(const struct sm_board *b, int i,
			    struct sm_findings *f)
{
	char sz[32];

	sm_plan_size_str(b->regions[i].size, sz, sizeof(sz));
	return sm_plan_add(f, b, SM_RULE_ALLOC_FAIL, i, -1, NULL,
			   "the default CMA area (%s) cannot be reserved: Linux %s prints \"cma: Failed to reserve\"",
			   sz, b->profile->name);
}

/* Why a static region failed: size 0, or memory reserved before it. */
static int fail_static(const struct sm_board *b, int i, struct sm_findings *f)
{
	const struct sm_region *r = &b->regions[i];
	uint64_t base, size, rbase, rsize;
	char sz[32], other[128];

	sm_plan_reg_entry(b, i, &rbase, &rsize);
	if (!rsize)
		return sm_plan_add(f, b, SM_RULE_ALLOC_FAIL, i, -1, "reg",
				   "%s: reg has size 0; the kernel fails to reserve it",
				   r->name);
	sm_plan_size_str(rsize, sz, sizeof(sz));
	if (plan_ranges_overlap(b->dtb_base, b->dtb_size, rbase, rsize))
		snprintf(other, sizeof(other),
			 "the DTB the boot loader put at 0x%" PRIx64,
			 b->dtb_base);
	else
		snprintf(other, sizeof(other),
			 "memory the kernel reserved before");
	for (size_t j = 0; j < b->nregions; j++) {
		const struct sm_region *o = &b->regions[j];

		/* no-map regions are not in memblock.reserved */
		if ((int)j == i || (o->flags & SM_RF_NOMAP) ||
		    o->status == SM_STATUS_FAILED ||
		    !sm_plan_region_extent(b, (int)j, &base, &size) ||
		    !plan_ranges_overlap(base, size, rbase, rsize))
			continue;
		sm_plan_region_label(b, (int)j, other, sizeof(other));
		break;
	}
	return sm_plan_add(f, b, SM_RULE_ALLOC_FAIL, i, -1, "reg",
			   "%s: the kernel fails to reserve %s at 0x%" PRIx64 ": it overlaps %s",
			   r->name, sz, rbase, other);
}

bool sm_plan_default_cma_quiet(const struct sm_board *b)
{
	/* 6.x returns -ENOSPC without "Failed to reserve" (after "Not
	 * enough slots"): the default area is made after every other */
	return !b->profile->cma_fail_msg_always &&
	       b->ncma >= b->profile->max_cma_areas;
}

static int check_alloc_fail(const struct sm_board *b, struct sm_findings *f)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];
		char sz[32];
		int err;

		if (r->status != SM_STATUS_FAILED)
			continue;
		if (r->kind == SM_REGION_DEFAULT_CMA) {
			/* out of slots: cma-areas says so */
			if (!sm_plan_default_cma_quiet(b) &&
			    fail_default_cma(b, (int)i, f))
				return -ENOMEM;
			continue;
		}
		/* a node the kernel rejects is bad-property's */
		if (r->node < 0 || sm_plan_bad_property(b, r->node))
			continue;
		sm_plan_size_str(r->size, sz, sizeof(sz));
		if (sm_plan_region_is_static(b, r))
			err = fail_static(b, (int)i, f);
		else
			err = sm_plan_add(f, b, SM_RULE_ALLOC_FAIL, (int)i, -1,
					  "size",
					  "%s: the kernel fails to allocate %s: no free range %sfits it",
					  r->name, sz, r->n_alloc_ranges ?
					  "in its alloc-ranges " : "");
		if (err)
			return -ENOMEM;
	}
	return 0;
}

/* ---- DRAM, boundaries, CMA ------------------------------------------- */

static uint64_t bytes_in_dram(const struct sm_board *b, uint64_t base,
			      uint64_t size)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;
	uint64_t n = 0, end = base + size;

	for (size_t i = 0; i < mem->cnt; i++) {
		uint64_t s = mem->regions[i].base, e = s + mem->regions[i].size;

		if (s < base)
			s = base;
		if (e > end)
			e = end;
		if (s < e)
			n += e - s;
	}
	return n;
}

static int check_outside_dram(const struct sm_board *b,
			      struct sm_findings *f)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];
		uint64_t base, size, in;
		char la[128];

		if ((!sm_plan_region_is_static(b, r) &&
		     r->kind != SM_REGION_MEMRESERVE) ||
		    !sm_plan_region_extent(b, (int)i, &base, &size))
			continue;
		in = bytes_in_dram(b, base, size);
		if (in == size)
			continue;
		sm_plan_region_label(b, (int)i, la, sizeof(la));
		if (sm_plan_add(f, b, SM_RULE_OUTSIDE_DRAM, (int)i, -1, "reg",
				in ? "%s lies partly outside DRAM" :
				     "%s lies outside DRAM",
				la))
			return -ENOMEM;
	}
	return 0;
}

static int check_boundary_1m(const struct sm_board *b, struct sm_findings *f)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];
		uint64_t base, size;
		char la[128];

		if (r->node < 0 ||
		    !sm_plan_region_extent(b, (int)i, &base, &size) ||
		    (base % SM_SZ_1M == 0 && (base + size) % SM_SZ_1M == 0))
			continue;
		sm_plan_region_label(b, (int)i, la, sizeof(la));
		if (sm_plan_add(f, b, SM_RULE_BOUNDARY_1M, (int)i, -1,
				sm_plan_region_is_static(b, r) ? "reg" : "size",
				"%s: %s not on a 1 MiB boundary", la,
				base % SM_SZ_1M ? "the base is" : "the end is"))
			return -ENOMEM;
	}
	return 0;
}

static bool is_cma_node(const struct sm_board *b, const struct sm_region *r)
{
	return r->node >= 0 && (r->flags & SM_RF_REUSABLE) &&
	       !(r->flags & SM_RF_NOMAP) &&
	       sm_dt_is_compatible(b->dt->blob, r->node, "shared-dma-pool");
}

static int cma_align_one(const struct sm_board *b, int i, uint64_t pb,
			 struct sm_findings *f)
{
	const struct sm_region *r = &b->regions[i];
	bool stat = sm_plan_region_is_static(b, r);
	bool base_bad = stat && (r->base & (pb - 1));
	char pbs[32];

	if (!base_bad && !(r->size & (pb - 1)))
		return 0;
	sm_plan_size_str(pb, pbs, sizeof(pbs));
	return sm_plan_add(f, b, SM_RULE_CMA_ALIGN, i, -1,
			   stat ? "reg" : "size",
			   "%s: %s 0x%" PRIx64 " is not a multiple of the pageblock size %s: the kernel rejects the CMA region",
			   r->name, base_bad ? "base" : "size",
			   base_bad ? r->base : r->size, pbs);
}

static int check_cma_align(const struct sm_board *b, struct sm_findings *f)
{
	uint64_t pb = sm_board_pageblock_bytes(b);

	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];

		if (!is_cma_node(b, r) || !r->size ||
		    r->status == SM_STATUS_DISABLED ||
		    r->status == SM_STATUS_BYPASSED)
			continue;
		if (cma_align_one(b, (int)i, pb, f))
			return -ENOMEM;
	}
	return 0;
}

static int check_handlers(const struct sm_board *b, struct sm_findings *f)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];
		int err = 0;

		if (r->status == SM_STATUS_UNMATCHED)
			err = sm_plan_add(f, b, SM_RULE_HANDLER_FAIL, (int)i, -1,
					  "compatible",
					  "%s: the kernel's handler rejects it (\"compatible matching fail\"); its memory %s",
					  r->name, r->flags & SM_RF_NOMAP ?
					  "becomes ordinary mapped RAM" :
					  "goes back to the kernel");
		else if (r->status == SM_STATUS_BYPASSED)
			err = sm_plan_add(f, b, SM_RULE_CMA_BYPASSED, (int)i, -1,
					  "linux,cma-default",
					  "%s: cma= on the command line replaces this linux,cma-default region",
					  r->name);
		if (err)
			return -ENOMEM;
	}
	return 0;
}

/* CMA areas in creation order; those past the kernel's slots get none. */
static int check_cma_areas(const struct sm_board *b, struct sm_findings *f)
{
	unsigned int max = b->profile->max_cma_areas, n = 0;
	int *order = calloc(b->nregions + 1, sizeof(*order));
	size_t k = 0;
	int err = 0;

	if (!order)
		return -ENOMEM;
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];

		if ((is_cma_node(b, r) && r->status != SM_STATUS_DISABLED &&
		     r->status != SM_STATUS_BYPASSED &&
		     r->status != SM_STATUS_FAILED) ||
		    r->kind == SM_REGION_DEFAULT_CMA)
			order[k++] = (int)i;
	}
	/* the kernel creates areas in the order it finishes with regions */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && b->regions[order[j - 1]].seq >
						b->regions[order[j]].seq; j--) {
			int t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 0; i < k && !err; i++)
		if (++n > max)
			err = sm_plan_add(f, b, SM_RULE_CMA_AREAS, order[i], -1,
					  NULL,
					  "%s would be CMA area #%u, but Linux %s has %u slots (\"Not enough slots for CMA reserved regions\")",
					  b->regions[order[i]].name, n,
					  b->profile->name, max);
	free(order);
	return err;
}

/* Where the default area must fit: the DMA zone, or cma=S@B-L's limit. */
static uint64_t default_cma_limit(const struct sm_board *b)
{
	uint64_t limit = b->dma_phys_limit, l = b->cma_cmdline.limit;

	if (l && (b->profile->cma_cmdline_limit_wins || l < limit || !limit))
		limit = l;
	return limit;
}

static int check_default_cma(const struct sm_board *b, struct sm_findings *f)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];
		uint64_t limit = default_cma_limit(b);
		uint64_t start = sm_board_ram_bytes(b) ?
				 b->memblock.memory.regions[0].base : 0;
		char sz[32], room[32];

		if (r->kind != SM_REGION_DEFAULT_CMA ||
		    r->status != SM_STATUS_FAILED ||
		    b->ncma >= b->profile->max_cma_areas)
			continue; /* no slot left is cma-areas' */
		sm_plan_size_str(r->size, sz, sizeof(sz));
		sm_plan_size_str(limit > start ? limit - start : 0, room,
				 sizeof(room));
		if (sm_plan_add(f, b, SM_RULE_DEFAULT_CMA, (int)i, -1, NULL,
				"the default CMA area (%s%s) does not fit below its limit 0x%" PRIx64 " (%s of DRAM below it, less what is reserved there)",
				sz, b->cma_cmdline.given ? ", from cma=" :
				", the kernel's default", limit, room))
			return -ENOMEM;
	}
	return 0;
}

/* ---- the whole check -------------------------------------------------- */

/* qsort is not stable: sort by (rule, position in the list) */
static int sort_findings(struct sm_findings *f)
{
	struct sm_finding *tmp;
	size_t *idx;

	if (f->count < 2)
		return 0;
	tmp = malloc(f->count * sizeof(*tmp));
	idx = malloc(f->count * sizeof(*idx));
	if (!tmp || !idx) {
		free(tmp);
		free(idx);
		return -ENOMEM;
	}
	/* counting sort by rule keeps insertion order within a rule */
	for (size_t r = 0, k = 0; r < SM_RULE_COUNT; r++)
		for (size_t i = 0; i < f->count; i++)
			if (f->v[i].rule == r)
				idx[k++] = i;
	for (size_t i = 0; i < f->count; i++)
		tmp[i] = f->v[idx[i]];
	memcpy(f->v, tmp, f->count * sizeof(*tmp));
	free(tmp);
	free(idx);
	return 0;
}

int sm_plan_check(const struct sm_board *board,
		  const struct sm_check_options *opts, struct sm_findings *out)
{
	int (*const board_rules[])(const struct sm_board *,
				   struct sm_findings *) = {
		check_overlap_kernel, check_overlap, check_alloc_fail,
		check_outside_dram, check_boundary_1m, check_cma_align,
		check_cma_areas, check_default_cma, check_handlers,
		sm_plan_check_props,
	};
	int err;

	for (size_t i = 0; i < sizeof(board_rules) / sizeof(board_rules[0]);
	     i++) {
		err = board_rules[i](board, out);
		if (err)
			return err;
	}
	if (opts && opts->baseline) {
		err = sm_plan_check_baseline(board, opts->baseline, out);
		if (err)
			return err;
	}
	err = sm_plan_check_users(board, opts, out);
	if (err)
		return err;
	return sort_findings(out);
}
