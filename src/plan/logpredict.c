// SPDX-License-Identifier: MIT
/*
 * logpredict.c - what the board's kernel will show of the memory map in
 * its log, worked out from the board model's state (its regions, CMA
 * areas, overlaps, zones and memblock), never from the message text the
 * model also produces. Each fact is what one kind of line states:
 *
 *   placed region      a pool line + "initialized node" when a handler
 *                      took it; a summary line (6.3+) for the first reg
 *                      entry of a node
 *   failed static      "failed to reserve" per entry; 6.3+ also the
 *                      summary line, since the late pass records it
 *   failed dynamic     "failed to allocate" (not for rejected properties)
 *   handler failed     "compatible matching fail"; before 7.x a bypassed
 *                      linux,cma-default node says "bypass" first
 *   default CMA area   "cma: Reserved"/"Failed to reserve" (6.x is quiet
 *                      when the slots ran out); 7.x prints the size asked
 *   too many dynamic   "too many defined dynamic regions" (no size)
 *   empty reg, 6.12    a summary line of the bytes after the property
 *   overlaps, DRAM span, zones, memblock.memory as node ranges
 */
#include <errno.h>
#include <string.h>

#include "logmap.h"

static bool first_of_node(const struct sm_board *b, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (b->regions[j].node == b->regions[i].node)
			return false;
	return true;
}

static int put(struct sm_logmap *m, unsigned int type, const char *name)
{
	struct log_fact f = { .type = type, .name = name, .nomap = -1,
			      .reusable = -1 };

	return sm_plan_logmap_fact(m, &f);
}

static int summary_at(struct sm_logmap *m, const struct sm_region *r,
		      uint64_t base, uint64_t size)
{
	struct log_fact f = {
		.type = SM_LOGF_SUMMARY, .name = r->name, .base = base,
		.has_base = true, .size = size,
		.nomap = !!(r->flags & SM_RF_NOMAP),
		.reusable = !!(r->flags & SM_RF_REUSABLE),
	};

	return sm_plan_logmap_fact(m, &f);
}

static int summary(struct sm_logmap *m, const struct sm_region *r)
{
	return summary_at(m, r, r->base, r->size);
}

/*
 * 6.12's late pass records a node whose reg is empty with the bytes that
 * follow the property (v6.19's helper ended that); boot says what it
 * recorded, and the summary line shows that range.
 */
static bool empty_reg_record(const struct sm_region *r, uint64_t *base,
			     uint64_t *size)
{
	if (r->outcome.reg != SM_REG_EMPTY || !r->outcome.recorded)
		return false;
	*base = r->outcome.rec_base;
	*size = r->outcome.rec_size;
	return true;
}

static int empty_reg_summary(const struct sm_board *b, struct sm_logmap *m,
			     const struct sm_region *r)
{
	uint64_t base, size;

	if (!m->summary_lines ||
	    !empty_reg_record(r, &base, &size) || !size)
		return 0;
	return summary_at(m, r, base, size);
}

static int pool(struct sm_logmap *m, const struct sm_region *r)
{
	struct log_fact f = {
		.type = SM_LOGF_POOL, .name = r->name, .base = r->base,
		.has_base = true, .mib = r->size / SM_SZ_1M, .has_mib = true,
		.nomap = -1, .reusable = -1, .kind = r->kind,
	};
	struct log_fact init = { .type = SM_LOGF_INIT, .name = r->name,
				 .nomap = -1, .reusable = -1,
				 .handler = r->handler };
	int err = 0;

	/* the pool line names no node; only the coherent and CMA pools */
	if (r->kind == SM_REGION_CMA || r->kind == SM_REGION_DMA_POOL ||
	    r->kind == SM_REGION_RESTRICTED_POOL)
		err = sm_plan_logmap_fact(m, &f);
	return err ? err : sm_plan_logmap_fact(m, &init);
}

static int failed(const struct sm_board *b, struct sm_logmap *m, size_t i)
{
	const struct sm_region *r = &b->regions[i];
	struct log_fact f = {
		.type = SM_LOGF_FAIL_RESERVE, .name = r->name, .has_base = true,
		.has_mib = true, .nomap = -1, .reusable = -1,
	};
	bool first = first_of_node(b, i);
	uint64_t base, size;
	int err;

	if (r->outcome.why == SM_WHY_BAD_PROPERTY)
		return first ? empty_reg_summary(b, m, r) : 0;
	if (!sm_plan_reg_entry(b, (int)i, &base, &size)) {
		/* never tried: skipped as one dynamic region too many */
		f.type = SM_LOGF_FAIL_ALLOC;
		f.has_base = false;
		f.mib = r->size / SM_SZ_1M;
		f.has_mib = !!(r->flags & SM_RF_DYNAMIC);
		return sm_plan_logmap_fact(m, &f);
	}
	f.base = base;
	f.mib = size / SM_SZ_1M;
	err = sm_plan_logmap_fact(m, &f);
	/* a 6.1 reg of size 0 with a size property is allocated after all */
	if (!err && first && r->handler[0])
		err = pool(m, r);
	if (!err && first && size &&
	    m->summary_lines)
		err = summary_at(m, r, base, size);
	return err;
}

static int node_region(const struct sm_board *b, struct sm_logmap *m,
		       size_t i)
{
	const struct sm_region *r = &b->regions[i];
	bool summary_lines = m->summary_lines;
	int err = 0;

	switch (r->status) {
	case SM_STATUS_PLACED:
		/* a node the kernel read as nothing (7.x: a bad reg, no size) */
		if (!first_of_node(b, i) || !r->size)
			return 0;
		if (r->handler[0])
			err = pool(m, r);
		if (!err && summary_lines)
			err = summary(m, r);
		return err;
	case SM_STATUS_FAILED:
		return failed(b, m, i);
	case SM_STATUS_BYPASSED:
		if (r->outcome.why == SM_WHY_CMDLINE_SKIP) {
			m->cma_skipped = true;
			return 0;
		}
		err = put(m, SM_LOGF_BYPASS, r->name);
		return err ? err : put(m, SM_LOGF_UNMATCHED, r->name);
	case SM_STATUS_UNMATCHED:
		return put(m, SM_LOGF_UNMATCHED, r->name);
	default:
		return 0;
	}
}

static void default_cma(const struct sm_board *b, struct sm_logmap *m,
			const struct sm_region *r)
{
	bool asked = sm_plan_profile(b->profile)->cma_msg_requested_size;
	const struct sm_region_outcome *o = &r->outcome;
	/* what the area came to: as placed, or rounded to its alignment */
	uint64_t size = r->status == SM_STATUS_PLACED ? r->size :
			o->align ? plan_round_up(o->size, o->align) : o->size;

	if (r->status == SM_STATUS_PLACED) {
		m->cma_reserved = true;
		m->cma_base = r->base;
		m->cma_mib = (asked ? o->size : size) / SM_SZ_1M;
	} else if (r->status == SM_STATUS_FAILED && o->reported) {
		m->cma_failed = true;
		m->cma_mib = (asked ? o->size : size) / SM_SZ_1M;
	}
}

static int memory(const struct sm_board *b, struct sm_logmap *m)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;
	uint64_t page = sm_boot_board_page_size(b);

	if (!mem->cnt)
		return 0;
	m->has_dram = true;
	m->dram.start = mem->regions[0].base;
	m->dram.end = mem->regions[mem->cnt - 1].base +
		      mem->regions[mem->cnt - 1].size - 1;
	for (int z = 0; z < SM_NR_ZONES; z++) {
		const struct sm_zone_span *zs = &b->zones[z];

		if (!zs->exists || z == SM_ZONE_MOVABLE)
			continue;
		if (sm_plan_logmap_zone(m, sm_boot_zone_name(z), zs->start_pfn == zs->end_pfn,
					zs->start_pfn * page, zs->end_pfn * page - 1))
			return -ENOMEM;
	}
	/* whole pages: a range with none is not printed */
	for (size_t i = 0; i < mem->cnt; i++) {
		uint64_t s = plan_round_up(mem->regions[i].base, page);
		uint64_t e = (mem->regions[i].base + mem->regions[i].size) /
			     page * page;

		if (s < e && sm_plan_logmap_node(m, s, e - 1))
			return -ENOMEM;
	}
	return 0;
}

static int overlaps(const struct sm_board *b, struct sm_logmap *m)
{
	for (size_t i = 0; i < b->noverlaps; i++) {
		const struct sm_overlap *k = &b->overlaps[i];
		const struct sm_region *x = &b->regions[k->a];
		const struct sm_region *y = &b->regions[k->b];
		/* the ranges the kernel recorded */
		struct sm_log_overlap o = {
			.a_base = k->a_base, .a_end = k->a_base + k->a_size,
			.b_base = k->b_base, .b_end = k->b_base + k->b_size,
		};

		snprintf(o.a, sizeof(o.a), "%s", x->name);
		snprintf(o.b, sizeof(o.b), "%s", y->name);
		if (sm_plan_logmap_overlap(m, &o))
			return -ENOMEM;
	}
	return 0;
}

int sm_plan_log_predict(const struct sm_board *b, struct sm_logmap *m)
{
	return sm_plan_log_predict_version(b, 0, 0, m);
}

/*
 * The region summary lines ("OF: reserved mem: base..end (KiB) ...") came
 * with v6.3 (fdt_init_reserved_mem() prints one per region); a log of a
 * kernel between the modelled ones is predicted with its own version's
 * wording, whatever profile models its behaviour.
 */
int sm_plan_log_predict_version(const struct sm_board *b, int major,
				int minor, struct sm_logmap *m)
{
	int err = 0;

	memset(m, 0, sizeof(*m));
	m->summary_lines = major ? major > 6 || (major == 6 && minor >= 3) :
			   sm_plan_profile(b->profile)->summary_lines;
	snprintf(m->version, sizeof(m->version), "%s",
		 sm_boot_profile_release(b->profile));
	sscanf(sm_boot_profile_name(b->profile), "%d.%d", &m->major, &m->minor);
	for (size_t i = 0; !err && i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];

		if (r->kind == SM_REGION_DEFAULT_CMA)
			default_cma(b, m, r);
		else if (r->node >= 0)
			err = node_region(b, m, i);
	}
	if (!err)
		err = overlaps(b, m);
	if (!err)
		err = memory(b, m);
	if (err)
		sm_plan_logmap_free(m);
	return err;
}
