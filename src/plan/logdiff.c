// SPDX-License-Identifier: MIT
/*
 * logdiff.c - where a real board's log and the board model disagree: a
 * region the log shows and the model does not (a carve-out the boot
 * loader added), one placed elsewhere or with another size, a different
 * default CMA area, other overlaps, other DRAM (a boot loader that
 * rewrote the memory node), other zones or memory node ranges.
 *
 * Sizes are compared at the precision the log gives: exact from summary
 * and overlap lines, whole MiB (rounded down) from pool, failure and
 * "cma:" lines.
 *
 * Every compared line is kept (same ones too), with its part of the log.
 * A part the log does not have is not compared; of a part the log shows
 * only in excerpt, only its own lines are: what the model predicts
 * beyond them is not "missing", the excerpt may just have left it out.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logmap.h"

/* a report line keeps what fits of a longer log line */
static void copy_clipped(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The part being compared, and the refs of the next item. */
struct cmp {
	struct sm_logdiff *d;
	unsigned int section;
	int log_ref;
	int pred_ref;
};

static int add(struct cmp *c, enum sm_logdiff_status st, const char *what,
	       const char *log, const char *pred)
{
	struct sm_logdiff *d = c->d;
	struct sm_logdiff_item *v;

	if (d->count == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;

		v = realloc(d->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	v = &d->v[d->count++];
	memset(v, 0, sizeof(*v));
	copy_clipped(v->what, sizeof(v->what), what);
	copy_clipped(v->log, sizeof(v->log), log);
	copy_clipped(v->predicted, sizeof(v->predicted), pred);
	v->section = c->section;
	v->status = st;
	v->reason = st == SM_LOGDIFF_SAME ? SM_LOGDIFF_NONE : SM_LOGDIFF_MODEL;
	v->log_ref = c->log_ref;
	v->pred_ref = c->pred_ref;
	if (st != SM_LOGDIFF_SAME)
		d->ndiff++;
	c->log_ref = c->pred_ref = -1;
	return 0;
}

/* Does the log have @sec at all, and whole? (Unparsed maps: both.) */
static bool shown(const struct sm_logmap *log, unsigned int sec)
{
	const struct sm_log_env *e = &log->env;

	return (!e->seen && !e->complete) || ((e->seen | e->complete) & sec);
}

static bool whole(const struct sm_logmap *log, unsigned int sec)
{
	const struct sm_log_env *e = &log->env;

	return (!e->seen && !e->complete) || (e->complete & sec);
}

const char *sm_plan_logdiff_status_name(enum sm_logdiff_status st)
{
	static const char *const names[] = { "same", "differs", "missing",
					     "extra" };

	return names[st];
}

const char *sm_plan_logdiff_reason_name(enum sm_logdiff_reason r)
{
	static const char *const names[] = { "none", "dt-differs",
					     "loader-unknown", "model" };

	return names[r];
}

const char *sm_plan_logsec_name(unsigned int sec)
{
	static const char *const names[] = { "version", "model", "efi",
					     "rmem", "cma", "zones", "nodes",
					     "cmdline" };

	return sec ? names[__builtin_ctz(sec)] : "";
}

void sm_plan_logdiff_free(struct sm_logdiff *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* ---- regions -------------------------------------------------------------- */

static uint64_t mib_of(const struct sm_log_region *r)
{
	return r->facts & SM_LOGF_SUMMARY ? r->size / SM_SZ_1M : r->size_mib;
}

static bool same_region(const struct sm_log_region *a,
			const struct sm_log_region *b)
{
	if (a->facts != b->facts)
		return false;
	if (a->has_base != b->has_base || (a->has_base && a->base != b->base))
		return false;
	if ((a->facts & SM_LOGF_SUMMARY) &&
	    (a->size != b->size || a->nomap != b->nomap ||
	     a->reusable != b->reusable))
		return false;
	if ((a->has_mib || b->has_mib) && mib_of(a) != mib_of(b))
		return false;
	if ((a->facts & SM_LOGF_POOL) && a->kind != b->kind)
		return false;
	return strcmp(a->handler, b->handler) == 0;
}

/* The best partner of @r among @v: same name, then same base. */
static int partner(const struct sm_log_region *r,
		   const struct sm_log_region *v, size_t n, const bool *used)
{
	int by_name = -1;

	for (size_t i = 0; i < n; i++) {
		if (used[i] || strcmp(v[i].name, r->name))
			continue;
		if (v[i].has_base == r->has_base &&
		    (!r->has_base || v[i].base == r->base))
			return (int)i;
		if (by_name < 0)
			by_name = (int)i;
	}
	return by_name;
}

static int compare_regions(const struct sm_logmap *log,
			   const struct sm_logmap *pred, struct cmp *c)
{
	bool *used = calloc(pred->nregions + 1, sizeof(*used));
	char a[192], b[192];
	int err = used ? 0 : -ENOMEM;

	c->section = SM_LOGSEC_RMEM;
	for (size_t i = 0; !err && i < log->nregions; i++) {
		const struct sm_log_region *r = &log->regions[i];
		int k = partner(r, pred->regions, pred->nregions, used);

		sm_plan_logmap_describe(r, a, sizeof(a));
		c->log_ref = (int)i;
		if (k < 0) {
			err = add(c, SM_LOGDIFF_EXTRA, r->name, a, "-");
			continue;
		}
		used[k] = true;
		c->pred_ref = k;
		sm_plan_logmap_describe(&pred->regions[k], b, sizeof(b));
		err = add(c, same_region(r, &pred->regions[k]) ?
			     SM_LOGDIFF_SAME : SM_LOGDIFF_DIFFERS, r->name, a, b);
	}
	for (size_t k = 0; !err && whole(log, SM_LOGSEC_RMEM) &&
			   k < pred->nregions; k++) {
		if (used[k])
			continue;
		sm_plan_logmap_describe(&pred->regions[k], b, sizeof(b));
		c->pred_ref = (int)k;
		err = add(c, SM_LOGDIFF_MISSING, pred->regions[k].name, "-", b);
	}
	free(used);
	return err;
}

/* ---- the rest -------------------------------------------------------------- */

static void overlap_str(const struct sm_log_overlap *o, char *buf, size_t len)
{
	snprintf(buf, len,
		 "%s (0x%" PRIx64 "--0x%" PRIx64 ") overlaps with %s (0x%" PRIx64 "--0x%" PRIx64 ")",
		 o->a, o->a_base, o->a_end, o->b, o->b_base, o->b_end);
}

static bool has_overlap(const struct sm_logmap *m,
			const struct sm_log_overlap *o)
{
	char x[256], y[256];

	overlap_str(o, x, sizeof(x));
	for (size_t i = 0; i < m->noverlaps; i++) {
		overlap_str(&m->overlaps[i], y, sizeof(y));
		if (!strcmp(x, y))
			return true;
	}
	return false;
}

static int compare_overlaps(const struct sm_logmap *log,
			    const struct sm_logmap *pred, struct cmp *c)
{
	char s[256];

	c->section = SM_LOGSEC_RMEM;
	for (size_t i = 0; i < log->noverlaps; i++) {
		bool same = has_overlap(pred, &log->overlaps[i]);

		overlap_str(&log->overlaps[i], s, sizeof(s));
		if (add(c, same ? SM_LOGDIFF_SAME : SM_LOGDIFF_EXTRA, "overlap",
			s, same ? s : "-"))
			return -ENOMEM;
	}
	for (size_t i = 0; whole(log, SM_LOGSEC_RMEM) && i < pred->noverlaps;
	     i++) {
		overlap_str(&pred->overlaps[i], s, sizeof(s));
		if (!has_overlap(log, &pred->overlaps[i]) &&
		    add(c, SM_LOGDIFF_MISSING, "overlap", "-", s))
			return -ENOMEM;
	}
	return 0;
}

static void cma_str(const struct sm_logmap *m, char *buf, size_t len)
{
	if (m->cma_reserved)
		snprintf(buf, len, "%" PRIu64 " MiB at 0x%" PRIx64, m->cma_mib,
			 m->cma_base);
	else if (m->cma_failed)
		snprintf(buf, len, "failed (%" PRIu64 " MiB)", m->cma_mib);
	else
		snprintf(buf, len, "-"); /* none (7.x may say it skipped one) */
}

static void range_str(const struct sm_log_range *r, char *buf, size_t len)
{
	snprintf(buf, len, "0x%" PRIx64 "-0x%" PRIx64, r->start, r->end);
}

static int compare_cma(const struct sm_logmap *log,
		       const struct sm_logmap *pred, struct cmp *c)
{
	char a[192], b[192];
	bool log_has = log->cma_reserved || log->cma_failed;

	if (!shown(log, SM_LOGSEC_CMA) && !whole(log, SM_LOGSEC_RMEM))
		return 0;
	/* an excerpt without the "cma:" line says nothing of the area */
	if (!log_has && !whole(log, SM_LOGSEC_CMA))
		return 0;
	cma_str(log, a, sizeof(a));
	cma_str(pred, b, sizeof(b));
	c->section = SM_LOGSEC_CMA;
	if (!log_has && !pred->cma_reserved && !pred->cma_failed)
		return 0;
	return add(c, !strcmp(a, b) ? SM_LOGDIFF_SAME :
		   !log_has ? SM_LOGDIFF_MISSING :
		   !pred->cma_reserved && !pred->cma_failed ? SM_LOGDIFF_EXTRA :
		   SM_LOGDIFF_DIFFERS, "default CMA area", a, b);
}

static const struct sm_log_zone *zone_named(const struct sm_logmap *m,
					    const char *name)
{
	for (size_t k = 0; k < m->nzones; k++)
		if (!strcmp(m->zones[k].name, name))
			return &m->zones[k];
	return NULL;
}

static int compare_zones(const struct sm_logmap *log,
			 const struct sm_logmap *pred, struct cmp *c)
{
	char a[192], b[192], what[48];

	c->section = SM_LOGSEC_ZONES;
	range_str(&log->dram, a, sizeof(a));
	range_str(&pred->dram, b, sizeof(b));
	if (log->has_dram &&
	    add(c, !pred->has_dram ? SM_LOGDIFF_EXTRA :
		strcmp(a, b) ? SM_LOGDIFF_DIFFERS : SM_LOGDIFF_SAME,
		"DRAM (NUMA node 0)", a, pred->has_dram ? b : "-"))
		return -ENOMEM;
	for (size_t i = 0; i < log->nzones; i++) {
		const struct sm_log_zone *z = &log->zones[i];
		const struct sm_log_zone *p = NULL;
		enum sm_logdiff_status st;

		for (size_t k = 0; k < pred->nzones; k++)
			if (!strcmp(pred->zones[k].name, z->name)) {
				p = &pred->zones[k];
				c->pred_ref = (int)k;
			}
		/*
		 * A kernel built without ZONE_DMA (Android's GKI) prints no DMA
		 * zone, and its DMA32 zone ends where arm64's DMA zone would:
		 * the same 32-bit limit (zone_sizes_init()).
		 */
		if (p && !strcmp(z->name, "DMA32") && !zone_named(log, "DMA") &&
		    zone_named(pred, "DMA") && p->empty)
			p = zone_named(pred, "DMA");
		/* ZONE_DEVICE is a build option; when empty it shows only that */
		if (!p && z->empty && !strcmp(z->name, "Device"))
			continue;
		snprintf(what, sizeof(what), "zone %s", z->name);
		range_str(&z->r, a, sizeof(a));
		if (p)
			range_str(&p->r, b, sizeof(b));
		st = !p ? SM_LOGDIFF_EXTRA :
		     p->empty != z->empty || (!z->empty && strcmp(a, b)) ?
		     SM_LOGDIFF_DIFFERS : SM_LOGDIFF_SAME;
		c->log_ref = (int)i;
		if (add(c, st, what, z->empty ? "empty" : a,
			!p ? "-" : p->empty ? "empty" : b))
			return -ENOMEM;
	}
	return 0;
}

static bool has_range(const struct sm_logmap *m, const struct sm_log_range *r)
{
	for (size_t i = 0; i < m->nnodes; i++)
		if (m->nodes[i].start == r->start && m->nodes[i].end == r->end)
			return true;
	return false;
}

/* The predicted range holding @r, or -1. */
static int holder(const struct sm_logmap *m, const struct sm_log_range *r)
{
	for (size_t i = 0; i < m->nnodes; i++)
		if (m->nodes[i].start <= r->start && r->end <= m->nodes[i].end)
			return (int)i;
	return -1;
}

/* Is @r exactly the union of adjacent ranges of @m? */
static bool split_of(const struct sm_logmap *m, const struct sm_log_range *r)
{
	uint64_t at = r->start;

	for (bool found = true; found && at <= r->end;) {
		found = false;
		for (size_t i = 0; i < m->nnodes; i++)
			if (m->nodes[i].start == at && m->nodes[i].end <= r->end) {
				if (m->nodes[i].end == r->end)
					return true;
				at = m->nodes[i].end + 1;
				found = true;
				break;
			}
	}
	return false;
}

/*
 * Memory node ranges, as sets: the kernel prints memblock's regions, so a
 * range the prediction has whole may show as several in the log when
 * the loader split it (an EFI memory map's attributes).
 */
static int compare_nodes(const struct sm_logmap *log,
			 const struct sm_logmap *pred, struct cmp *c)
{
	char a[64], b[64];

	c->section = SM_LOGSEC_NODES;
	for (size_t i = 0; i < log->nnodes; i++) {
		const struct sm_log_range *r = &log->nodes[i];
		int k = holder(pred, r);

		range_str(r, a, sizeof(a));
		c->log_ref = (int)i;
		if (has_range(pred, r)) {
			if (add(c, SM_LOGDIFF_SAME, "memory node range", a, a))
				return -ENOMEM;
			continue;
		}
		if (k >= 0)
			range_str(&pred->nodes[k], b, sizeof(b));
		c->pred_ref = k;
		if (add(c, k >= 0 ? SM_LOGDIFF_DIFFERS : SM_LOGDIFF_EXTRA,
			"memory node range", a, k >= 0 ? b : "-"))
			return -ENOMEM;
	}
	for (size_t k = 0; whole(log, SM_LOGSEC_NODES) && k < pred->nnodes;
	     k++) {
		const struct sm_log_range *r = &pred->nodes[k];

		if (has_range(log, r) || split_of(log, r))
			continue;
		range_str(r, b, sizeof(b));
		c->pred_ref = (int)k;
		if (add(c, SM_LOGDIFF_MISSING, "memory node range", "-", b))
			return -ENOMEM;
	}
	return 0;
}

int sm_plan_log_compare(const struct sm_logmap *log,
			const struct sm_logmap *pred, struct sm_logdiff *d)
{
	struct cmp c = { .d = d, .log_ref = -1, .pred_ref = -1 };
	int err = 0;

	if (shown(log, SM_LOGSEC_RMEM)) {
		err = compare_regions(log, pred, &c);
		if (!err)
			err = compare_overlaps(log, pred, &c);
	}
	if (!err)
		err = compare_cma(log, pred, &c);
	if (!err && shown(log, SM_LOGSEC_ZONES))
		err = compare_zones(log, pred, &c);
	if (!err && shown(log, SM_LOGSEC_NODES))
		err = compare_nodes(log, pred, &c);
	return err;
}

const struct sm_profile *sm_plan_log_profile(const struct sm_logmap *m,
					     bool *exact)
{
	char name[16];
	const struct sm_profile *p;

	*exact = false;
	if (!m->major)
		return NULL;
	snprintf(name, sizeof(name), "%d.%d", m->major, m->minor);
	/* any release from 5.10 to 7.3 through the timeline */
	p = sm_boot_profile_find(name);
	if (p) {
		*exact = true;
		return p;
	}
	/* outside the range: the nearest end, and the caller says so */
	return sm_boot_profile_find(m->major < 6 ? "5.10" : "7.3");
}
