// SPDX-License-Identifier: MIT
/*
 * check.c - `socmem check`: the rules that read the booted board. What
 * the kernel itself does (overlaps, failed reservations, refused CMA
 * areas, handler failures) comes from the outcome boot records for each
 * region (socmem/outcome.h): no kernel rule is applied again here. The
 * rest compares the map as placed with what the platform guide asks for
 * (no overlap anywhere, 1 MiB boundaries).
 *
 * Rules about /reserved-memory's nodes are in check_props.c, the
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
	(void)b;
	return r->node >= 0 && r->outcome.reg == SM_REG_VALID;
}

bool sm_plan_reg_entry(const struct sm_board *b, int i, uint64_t *base,
		       uint64_t *size)
{
	const struct sm_region *r = &b->regions[i];

	*base = r->base;
	*size = r->size;
	if (!sm_plan_region_is_static(b, r))
		return false;
	*base = r->outcome.reg_base;
	*size = r->outcome.reg_size;
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
				ra->name, o->a_base, o->a_base + o->a_size - 1,
				rb->name, o->b_base, o->b_base + o->b_size - 1,
				sm_boot_profile_name(b->profile)))
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
					li, lj, sm_boot_profile_name(b->profile)))
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
			   sz, sm_boot_profile_name(b->profile));
}

/* Why a static region failed, as boot recorded it: size 0, or a range
 * memblock already held (an earlier region's, the DTB, or another). */
static int fail_static(const struct sm_board *b, int i, struct sm_findings *f)
{
	const struct sm_region *r = &b->regions[i];
	const struct sm_region_outcome *o = &r->outcome;
	char sz[32], other[128];

	if (o->why == SM_WHY_SIZE_ZERO)
		return sm_plan_add(f, b, SM_RULE_ALLOC_FAIL, i, -1, "reg",
				   "%s: reg has size 0; the kernel fails to reserve it",
				   r->name);
	sm_plan_size_str(o->reg_size, sz, sizeof(sz));
	if (o->other >= 0)
		sm_plan_region_label(b, o->other, other, sizeof(other));
	else if (o->hit_dtb)
		snprintf(other, sizeof(other),
			 "the DTB the boot loader put at 0x%" PRIx64,
			 b->dtb_base);
	else
		snprintf(other, sizeof(other),
			 "memory the kernel reserved before");
	return sm_plan_add(f, b, SM_RULE_ALLOC_FAIL, i, -1, "reg",
			   "%s: the kernel fails to reserve %s at 0x%" PRIx64 ": it overlaps %s",
			   r->name, sz, o->reg_base, other);
}

/* A dynamic region the kernel never placed: no window, or never tried. */
static int fail_dynamic(const struct sm_board *b, int i,
			struct sm_findings *f)
{
	const struct sm_region *r = &b->regions[i];
	char sz[32];

	sm_plan_size_str(r->outcome.size, sz, sizeof(sz));
	if (r->outcome.why == SM_WHY_TOO_MANY_DYNAMIC)
		return sm_plan_add(f, b, SM_RULE_ALLOC_FAIL, i, -1, "size",
				   "%s: one dynamic region more than Linux %s takes (\"too many defined dynamic regions\"): it is never allocated",
				   r->name, sm_boot_profile_name(b->profile));
	return sm_plan_add(f, b, SM_RULE_ALLOC_FAIL, i, -1, "size",
			   "%s: the kernel fails to allocate %s: no free range %sfits it",
			   r->name, sz, r->n_alloc_ranges ?
			   "in its alloc-ranges " : "");
}

static int check_alloc_fail(const struct sm_board *b, struct sm_findings *f)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];
		int err;

		if (r->status != SM_STATUS_FAILED)
			continue;
		if (r->kind == SM_REGION_DEFAULT_CMA) {
			/* a failure the kernel does not print is cma-areas' */
			if (r->outcome.reported &&
			    fail_default_cma(b, (int)i, f))
				return -ENOMEM;
			continue;
		}
		/* a node the kernel rejects is bad-property's */
		if (r->node < 0 || r->outcome.why == SM_WHY_BAD_PROPERTY)
			continue;
		if (sm_plan_region_is_static(b, r))
			err = fail_static(b, (int)i, f);
		else
			err = fail_dynamic(b, (int)i, f);
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

/* The CMA handler refused the region: base or size off the pageblock. */
static int cma_align_one(const struct sm_board *b, int i,
			 struct sm_findings *f)
{
	const struct sm_region *r = &b->regions[i];
	const struct sm_region_outcome *o = &r->outcome;
	bool base_bad = o->rec_base % o->align != 0;
	char pbs[32];

	sm_plan_size_str(o->align, pbs, sizeof(pbs));
	return sm_plan_add(f, b, SM_RULE_CMA_ALIGN, i, -1,
			   sm_plan_region_is_static(b, r) ? "reg" : "size",
			   "%s: %s 0x%" PRIx64 " is not a multiple of the pageblock size %s: the kernel rejects the CMA region",
			   r->name, base_bad ? "base" : "size",
			   base_bad ? o->rec_base : o->rec_size, pbs);
}

static int check_cma_align(const struct sm_board *b, struct sm_findings *f)
{
	for (size_t i = 0; i < b->nregions; i++)
		if (b->regions[i].outcome.why == SM_WHY_NOT_ALIGNED &&
		    b->regions[i].outcome.align &&
		    cma_align_one(b, (int)i, f))
			return -ENOMEM;
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

/*
 * What the boot environment had to assume (the loader's placements): a
 * note on the kernel image, never an error of the board.
 */
static int check_assumptions(const struct sm_board *b, struct sm_findings *f)
{
	int k = -1;

	for (size_t i = 0; i < b->nregions && k < 0; i++)
		if (b->regions[i].kind == SM_REGION_KERNEL_IMAGE)
			k = (int)i;
	for (size_t i = 0; k >= 0 && i < b->assumptions.count; i++)
		if (sm_plan_add(f, b, SM_RULE_LOADER_ASSUMPTION, k, -1, NULL,
				"assumed (loader %s): %s",
				sm_boot_loader_name(b->env.loader),
				b->assumptions.msgs[i]))
			return -ENOMEM;
	return 0;
}

/* The areas the kernel refused for want of a slot, as boot counted. */
static int check_cma_areas(const struct sm_board *b, struct sm_findings *f)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region_outcome *o = &b->regions[i].outcome;

		if (o->why == SM_WHY_NO_CMA_SLOT &&
		    sm_plan_add(f, b, SM_RULE_CMA_AREAS, (int)i, -1, NULL,
				"%s would be CMA area #%u, but Linux %s has %u slots (\"Not enough slots for CMA reserved regions\")",
				b->regions[i].name, o->slot,
				sm_boot_profile_name(b->profile), o->slots))
			return -ENOMEM;
	}
	return 0;
}

/* The default area's failure, in the words of the reason boot recorded. */
static int default_cma_one(const struct sm_board *b, int i,
			   struct sm_findings *f)
{
	const struct sm_region *r = &b->regions[i];
	const struct sm_region_outcome *o = &r->outcome;
	/* where the area had to fit, as the kernel computed it */
	uint64_t start = sm_boot_board_ram_bytes(b) ?
			 b->memblock.memory.regions[0].base : 0;
	const char *from = b->cma_cmdline.given ? ", from cma=" :
			   ", the kernel's default";
	char sz[32], room[32];

	sm_plan_size_str(o->size, sz, sizeof(sz));
	if (o->why == SM_WHY_BASE_NOT_ALIGNED) {
		sm_plan_size_str(o->align, room, sizeof(room));
		return sm_plan_add(f, b, SM_RULE_DEFAULT_CMA, i, -1, NULL,
				   "the default CMA area (%s%s) has a fixed base 0x%" PRIx64 " that is not a multiple of %s",
				   sz, from, r->base, room);
	}
	if (o->why == SM_WHY_BUSY)
		return sm_plan_add(f, b, SM_RULE_DEFAULT_CMA, i, -1, NULL,
				   "the default CMA area (%s%s) is fixed at 0x%" PRIx64 ", where memory is already reserved",
				   sz, from, r->base);
	sm_plan_size_str(o->win_end > start ? o->win_end - start : 0, room,
			 sizeof(room));
	return sm_plan_add(f, b, SM_RULE_DEFAULT_CMA, i, -1, NULL,
			   "the default CMA area (%s%s) does not fit below its limit 0x%" PRIx64 " (%s of DRAM below it, less what is reserved there)",
			   sz, from, o->win_end, room);
}

static int check_default_cma(const struct sm_board *b, struct sm_findings *f)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];

		if (r->kind != SM_REGION_DEFAULT_CMA ||
		    r->status != SM_STATUS_FAILED ||
		    r->outcome.why == SM_WHY_NO_CMA_SLOT)
			continue; /* no slot left is cma-areas' */
		if (default_cma_one(b, (int)i, f))
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
		sm_plan_check_props, check_assumptions,
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
