// SPDX-License-Identifier: MIT
/*
 * logclassify.c - why a field log and the model disagree. Three answers:
 *
 *   dt-differs      the log's static facts show the booted DT was not
 *                   this one: a /reserved-memory node this DT lacks (or
 *                   lacks there, or with other flags or size), one it
 *                   has and the log never mentions, another compatible,
 *                   a no-map split of memory this DT has no region for;
 *   loader-unknown  only something the log does not show explains it:
 *                   the loader's placement of its image, initrd and DTB
 *                   or a /memreserve/ it added (a static region "failed
 *                   to reserve" over RAM the model left free, a dynamic
 *                   one placed lower than the model's choice), the EFI
 *                   memory map's attributes (memory split where the DT
 *                   has no region), banks the log does not list;
 *   model           none of those: the model is wrong.
 *
 * The rules judge only from the DT and the two maps, never from which
 * board it is.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "logmap.h"

static const struct sm_region *dt_region(const struct sm_board *b,
					 const char *name)
{
	for (size_t i = 0; i < b->nregions; i++)
		if (b->regions[i].node >= 0 && !strcmp(b->regions[i].name, name))
			return &b->regions[i];
	return NULL;
}

static void set(struct sm_logdiff_item *v, enum sm_logdiff_reason r,
		const char *why)
{
	v->reason = r;
	snprintf(v->why, sizeof(v->why), "%s", why);
}

static uint64_t log_mib(const struct sm_log_region *r)
{
	return r->facts & SM_LOGF_SUMMARY ? r->size / SM_SZ_1M : r->size_mib;
}

/* Did the model put the loader's image or DTB in [lo, hi)? */
static bool loader_object_in(const struct sm_board *b, uint64_t lo,
			     uint64_t hi)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];

		if (r->kind == SM_REGION_KERNEL_IMAGE && r->base < hi &&
		    r->base + r->size > lo)
			return true;
	}
	return b->dtb_size && b->dtb_base < hi && b->dtb_base + b->dtb_size > lo;
}

/* A predicted region in [lo, hi) that the (whole) log never names. */
static bool unseen_region_in(const struct sm_logmap *log,
			     const struct sm_logmap *pred, uint64_t lo,
			     uint64_t hi)
{
	if (!(log->env.complete & SM_LOGSEC_RMEM))
		return false;
	for (size_t i = 0; i < pred->nregions; i++) {
		const struct sm_log_region *p = &pred->regions[i];
		uint64_t size = p->facts & SM_LOGF_SUMMARY ? p->size :
				p->size_mib * SM_SZ_1M;
		bool named = false;

		if (!p->has_base || p->base >= hi || p->base + size <= lo)
			continue;
		for (size_t k = 0; k < log->nregions; k++)
			named |= !strcmp(log->regions[k].name, p->name);
		if (!named)
			return true;
	}
	return false;
}

static void region(const struct sm_board *b, const struct sm_logmap *log,
		   const struct sm_logmap *pred, struct sm_logdiff_item *v)
{
	const struct sm_log_region *l = v->log_ref >= 0 ?
					&log->regions[v->log_ref] : NULL;
	const struct sm_log_region *p = v->pred_ref >= 0 ?
					&pred->regions[v->pred_ref] : NULL;
	const struct sm_region *r = dt_region(b, l ? l->name : p->name);

	if (!r) {
		set(v, SM_LOGDIFF_DT_DIFFERS,
		    "this DT has no such /reserved-memory node");
		return;
	}
	if (!l) {
		if ((p->facts & SM_LOGF_FAIL_RESERVE) && p->has_base &&
		    loader_object_in(b, p->base,
				     p->base + log_mib(p) * SM_SZ_1M + 1))
			set(v, SM_LOGDIFF_LOADER_UNKNOWN,
			    "the model's assumed kernel image or DTB sits here; the real loader put them elsewhere");
		else
			set(v, SM_LOGDIFF_DT_DIFFERS,
			    "the log never names this node: the booted DT has no such node");
		return;
	}
	if (!p) {
		if ((l->facts & SM_LOGF_FAIL_RESERVE) && !(r->flags & SM_RF_DYNAMIC) &&
		    l->has_base && l->base == r->base)
			set(v, SM_LOGDIFF_LOADER_UNKNOWN,
			    "already reserved when the kernel reached it: by a /memreserve/ or the loader's image, initrd or DTB, which the log does not show");
		else
			set(v, SM_LOGDIFF_MODEL,
			    "the model prints nothing for this node");
		return;
	}
	if (!(r->flags & SM_RF_DYNAMIC)) {
		if (l->has_base && p->has_base && l->base != p->base) {
			set(v, SM_LOGDIFF_DT_DIFFERS,
			    "the booted DT has this node at another address");
			return;
		}
		if ((l->has_mib || (l->facts & SM_LOGF_SUMMARY)) &&
		    (p->has_mib || (p->facts & SM_LOGF_SUMMARY)) &&
		    (log_mib(l) != log_mib(p) ||
		     ((l->facts & p->facts & SM_LOGF_SUMMARY) &&
		      l->size != p->size))) {
			set(v, SM_LOGDIFF_DT_DIFFERS,
			    "the booted DT gives this node another size");
			return;
		}
		if ((l->facts & SM_LOGF_FAIL_RESERVE) &&
		    !(p->facts & SM_LOGF_FAIL_RESERVE)) {
			set(v, SM_LOGDIFF_LOADER_UNKNOWN,
			    "already reserved when the kernel reached it: by a /memreserve/ or the loader's image, initrd or DTB, which the log does not show");
			return;
		}
		if ((p->facts & SM_LOGF_FAIL_RESERVE) &&
		    !(l->facts & SM_LOGF_FAIL_RESERVE) &&
		    loader_object_in(b, p->base, p->base + log_mib(p) * SM_SZ_1M + 1)) {
			set(v, SM_LOGDIFF_LOADER_UNKNOWN,
			    "the model's assumed kernel image or DTB sits here; the real loader put them elsewhere");
			return;
		}
	} else {
		if (log_mib(l) != log_mib(p)) {
			set(v, SM_LOGDIFF_DT_DIFFERS,
			    "the booted DT (or its loader's fix-up) asks another size");
			return;
		}
		if (l->has_base && p->has_base && l->base < p->base) {
			set(v, SM_LOGDIFF_LOADER_UNKNOWN,
			    "placed below the model's choice: memory above it was taken by something the log does not show");
			return;
		}
		if (l->has_base && p->has_base && l->base > p->base &&
		    unseen_region_in(log, pred, p->base,
				     l->base + log_mib(l) * SM_SZ_1M)) {
			set(v, SM_LOGDIFF_DT_DIFFERS,
			    "above the model's choice sits a region of this DT that the booted one lacks");
			return;
		}
		if (l->has_base && p->has_base && l->base > p->base &&
		    loader_object_in(b, p->base, l->base + log_mib(l) * SM_SZ_1M)) {
			set(v, SM_LOGDIFF_LOADER_UNKNOWN,
			    "the model's assumed kernel image or DTB pushed it down; the real loader put them elsewhere");
			return;
		}
	}
	if (l->nomap != p->nomap || l->reusable != p->reusable ||
	    strcmp(l->handler, p->handler) || l->kind != p->kind) {
		set(v, SM_LOGDIFF_DT_DIFFERS,
		    "the booted DT gives this node other properties (no-map, reusable, compatible)");
		return;
	}
	set(v, SM_LOGDIFF_MODEL, "nothing outside the model explains it");
}

static bool has_default_cma_node(const struct sm_board *b)
{
	for (size_t i = 0; i < b->nregions; i++)
		if (b->regions[i].node >= 0 &&
		    (b->regions[i].flags & SM_RF_CMA_DEFAULT))
			return true;
	return false;
}

static void cma(const struct sm_board *b, const struct sm_logmap *log,
		const struct sm_logmap *pred, struct sm_logdiff_item *v)
{
	bool log_has = log->cma_reserved || log->cma_failed;
	bool pred_has = pred->cma_reserved || pred->cma_failed;

	if (log->cma_reserved && pred->cma_reserved &&
	    log->cma_mib == pred->cma_mib && log->cma_base > pred->cma_base &&
	    unseen_region_in(log, pred, pred->cma_base,
			     log->cma_base + log->cma_mib * SM_SZ_1M)) {
		set(v, SM_LOGDIFF_DT_DIFFERS,
		    "above the model's choice sits a region of this DT that the booted one lacks");
		return;
	}
	if (log_has != pred_has && has_default_cma_node(b)) {
		set(v, SM_LOGDIFF_DT_DIFFERS,
		    "the default area comes from a linux,cma node in one DT and from the kernel in the other");
		return;
	}
	if (log->cma_reserved && pred->cma_reserved &&
	    log->cma_mib == pred->cma_mib && log->cma_base < pred->cma_base) {
		set(v, SM_LOGDIFF_LOADER_UNKNOWN,
		    "placed below the model's choice: memory above it was taken by something the log does not show");
		return;
	}
	set(v, SM_LOGDIFF_MODEL, "nothing outside the model explains it");
}

static void zone(const struct sm_logmap *log, const struct sm_logmap *pred,
		 struct sm_logdiff_item *v)
{
	if (!(log->env.applied & SM_LOGSEC_NODES) &&
	    (!pred->has_dram || !log->has_dram ||
	     pred->dram.start != log->dram.start ||
	     pred->dram.end != log->dram.end)) {
		set(v, SM_LOGDIFF_LOADER_UNKNOWN,
		    "the log does not list the memory banks the loader passed");
		return;
	}
	set(v, SM_LOGDIFF_MODEL, "nothing outside the model explains it");
}

/* Do @m's ranges cover [r->start, r->end] without a gap? */
static bool covered(const struct sm_logmap *m, const struct sm_log_range *r)
{
	uint64_t at = r->start;

	for (bool found = true; found;) {
		found = false;
		for (size_t i = 0; i < m->nnodes; i++)
			if (m->nodes[i].start <= at && at <= m->nodes[i].end) {
				if (m->nodes[i].end >= r->end)
					return true;
				at = m->nodes[i].end + 1;
				found = true;
			}
	}
	return false;
}

/*
 * A no-map region inside [start, end] that one side could not reserve:
 * in the log (something the log does not show held it), or in the model
 * because of its assumed image or DTB. Then memory is not split there.
 */
static bool failed_nomap_in(const struct sm_board *b,
			    const struct sm_logmap *log, uint64_t start,
			    uint64_t end)
{
	for (size_t i = 0; i < log->nregions; i++) {
		const struct sm_log_region *r = &log->regions[i];

		if ((r->facts & SM_LOGF_FAIL_RESERVE) && r->has_base &&
		    r->base >= start && r->base <= end + 1)
			return true;
	}
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];

		if (r->status == SM_STATUS_FAILED && r->node >= 0 &&
		    (r->flags & SM_RF_NOMAP) && r->base <= end + 1 &&
		    r->base + r->size >= start &&
		    loader_object_in(b, r->base, r->base + r->size))
			return true;
	}
	return false;
}

static bool range_ending(const struct sm_logmap *m, uint64_t end)
{
	for (size_t i = 0; i < m->nnodes; i++)
		if (m->nodes[i].end == end)
			return true;
	return false;
}

static bool range_starting(const struct sm_logmap *m, uint64_t start)
{
	for (size_t i = 0; i < m->nnodes; i++)
		if (m->nodes[i].start == start)
			return true;
	return false;
}

/*
 * Is @lr a piece of memory the model has whole, cut off by a split (the
 * log has the neighbouring piece) rather than by a hole or the end of an
 * excerpt?
 */
static bool split_here(const struct sm_logmap *log,
		       const struct sm_logmap *pred,
		       const struct sm_log_range *lr)
{
	for (size_t i = 0; i < pred->nnodes; i++) {
		const struct sm_log_range *p = &pred->nodes[i];

		if (p->end < lr->start || p->start > lr->end)
			continue;
		if (p->start < lr->start && lr->start > 0 &&
		    !range_ending(log, lr->start - 1))
			return false;
		if (p->end > lr->end && !range_starting(log, lr->end + 1))
			return false;
	}
	return true;
}

static void node(const struct sm_board *b, const struct sm_logmap *log,
		 const struct sm_logmap *pred, struct sm_logdiff_item *v)
{
	const struct sm_log_range *lr = v->log_ref >= 0 ?
					&log->nodes[v->log_ref] : NULL;
	const struct sm_log_range *pr = v->pred_ref >= 0 && !lr ?
					&pred->nodes[v->pred_ref] : NULL;
	const struct sm_log_range *r = lr ? lr : pr;
	bool same_memory = (lr && covered(pred, lr) && split_here(log, pred, lr)) ||
			   (pr && covered(log, pr));

	if (r && failed_nomap_in(b, log, r->start, r->end)) {
		set(v, SM_LOGDIFF_LOADER_UNKNOWN,
		    "a no-map region here failed to reserve (over something the log does not show), so memory is not split there");
		return;
	}
	if (same_memory && log->env.loader != SM_LOG_LOADER_NOT_EFI) {
		set(v, SM_LOGDIFF_LOADER_UNKNOWN,
		    "the same memory split elsewhere: the EFI memory map's attributes, which the log does not show, mark ranges nomap too");
		return;
	}
	if (same_memory) {
		set(v, SM_LOGDIFF_DT_DIFFERS,
		    "the same memory split elsewhere: the booted DT has other no-map regions");
		return;
	}
	if (!(log->env.applied & SM_LOGSEC_NODES) ||
	    !(log->env.complete & SM_LOGSEC_NODES)) {
		set(v, SM_LOGDIFF_LOADER_UNKNOWN,
		    "the log does not list the memory banks the loader passed");
		return;
	}
	set(v, SM_LOGDIFF_MODEL, "nothing outside the model explains it");
}

void sm_plan_log_classify(const struct sm_board *b,
			  const struct sm_logmap *log,
			  const struct sm_logmap *pred, struct sm_logdiff *d)
{
	for (size_t i = 0; i < d->count; i++) {
		struct sm_logdiff_item *v = &d->v[i];

		if (v->status == SM_LOGDIFF_SAME)
			continue;
		if (!b->memblock.memory.cnt &&
		    !(v->section == SM_LOGSEC_RMEM &&
		      !dt_region(b, v->log_ref >= 0 ?
				      log->regions[v->log_ref].name :
				      v->what))) {
			set(v, SM_LOGDIFF_LOADER_UNKNOWN,
			    "the log does not show the memory banks, and this DT has none (its loader fills them in)");
			continue;
		}
		switch (v->section) {
		case SM_LOGSEC_RMEM:
			if (strcmp(v->what, "overlap"))
				region(b, log, pred, v);
			else
				set(v, SM_LOGDIFF_DT_DIFFERS,
				    "the overlapping nodes differ between the DTs");
			break;
		case SM_LOGSEC_CMA:
			cma(b, log, pred, v);
			break;
		case SM_LOGSEC_ZONES:
			zone(log, pred, v);
			break;
		case SM_LOGSEC_NODES:
			node(b, log, pred, v);
			break;
		}
	}
}
