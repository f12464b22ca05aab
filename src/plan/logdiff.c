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

static int item(struct sm_logdiff *d, const char *what, const char *log,
		const char *pred)
{
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
	copy_clipped(v->what, sizeof(v->what), what);
	copy_clipped(v->log, sizeof(v->log), log);
	copy_clipped(v->predicted, sizeof(v->predicted), pred);
	return 0;
}

void sm_logdiff_free(struct sm_logdiff *d)
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
			   const struct sm_logmap *pred, struct sm_logdiff *d)
{
	bool *used = calloc(pred->nregions + 1, sizeof(*used));
	char a[192], b[192];
	int err = used ? 0 : -ENOMEM;

	for (size_t i = 0; !err && i < log->nregions; i++) {
		const struct sm_log_region *r = &log->regions[i];
		int k = partner(r, pred->regions, pred->nregions, used);

		sm_logmap_describe(r, a, sizeof(a));
		if (k < 0) {
			err = item(d, r->name, a, "-");
			continue;
		}
		used[k] = true;
		if (same_region(r, &pred->regions[k]))
			continue;
		sm_logmap_describe(&pred->regions[k], b, sizeof(b));
		err = item(d, r->name, a, b);
	}
	for (size_t k = 0; !err && k < pred->nregions; k++) {
		if (used[k])
			continue;
		sm_logmap_describe(&pred->regions[k], b, sizeof(b));
		err = item(d, pred->regions[k].name, "-", b);
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
			    const struct sm_logmap *pred, struct sm_logdiff *d)
{
	char s[256];

	for (size_t i = 0; i < log->noverlaps; i++) {
		overlap_str(&log->overlaps[i], s, sizeof(s));
		if (!has_overlap(pred, &log->overlaps[i]) &&
		    item(d, "overlap", s, "-"))
			return -ENOMEM;
	}
	for (size_t i = 0; i < pred->noverlaps; i++) {
		overlap_str(&pred->overlaps[i], s, sizeof(s));
		if (!has_overlap(log, &pred->overlaps[i]) &&
		    item(d, "overlap", "-", s))
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

static int compare_memory(const struct sm_logmap *log,
			  const struct sm_logmap *pred, struct sm_logdiff *d)
{
	char a[192], b[192], what[48];
	size_t n = log->nnodes > pred->nnodes ? log->nnodes : pred->nnodes;

	cma_str(log, a, sizeof(a));
	cma_str(pred, b, sizeof(b));
	if (strcmp(a, b) && item(d, "default CMA area", a, b))
		return -ENOMEM;
	range_str(&log->dram, a, sizeof(a));
	range_str(&pred->dram, b, sizeof(b));
	if (log->has_dram && (!pred->has_dram || strcmp(a, b)) &&
	    item(d, "DRAM (NUMA node 0)", a, pred->has_dram ? b : "-"))
		return -ENOMEM;
	for (size_t i = 0; i < log->nzones; i++) {
		const struct sm_log_zone *z = &log->zones[i];
		const struct sm_log_zone *p = NULL;

		for (size_t k = 0; k < pred->nzones; k++)
			if (!strcmp(pred->zones[k].name, z->name))
				p = &pred->zones[k];
		snprintf(what, sizeof(what), "zone %s", z->name);
		range_str(&z->r, a, sizeof(a));
		if (p)
			range_str(&p->r, b, sizeof(b));
		if ((!p || p->empty != z->empty || (!z->empty && strcmp(a, b))) &&
		    item(d, what, z->empty ? "empty" : a,
			 !p ? "-" : p->empty ? "empty" : b))
			return -ENOMEM;
	}
	for (size_t i = 0; log->nnodes && i < n; i++) {
		if (i < log->nnodes)
			range_str(&log->nodes[i], a, sizeof(a));
		if (i < pred->nnodes)
			range_str(&pred->nodes[i], b, sizeof(b));
		snprintf(what, sizeof(what), "memory node range %zu", i);
		if ((i >= log->nnodes || i >= pred->nnodes || strcmp(a, b)) &&
		    item(d, what, i < log->nnodes ? a : "-",
			 i < pred->nnodes ? b : "-"))
			return -ENOMEM;
	}
	return 0;
}

int sm_plan_log_compare(const struct sm_logmap *log,
			const struct sm_logmap *pred, struct sm_logdiff *d)
{
	int err = compare_regions(log, pred, d);

	if (!err)
		err = compare_overlaps(log, pred, d);
	if (!err)
		err = compare_memory(log, pred, d);
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
	p = sm_profile_find(name);
	if (p) {
		*exact = true;
		return p;
	}
	/* outside the range: the nearest end, and the caller says so */
	return sm_profile_find(m->major < 6 ? "5.10" : "7.3");
}
