// SPDX-License-Identifier: MIT
/*
 * logmap.c - building a struct sm_logmap from facts. A node's facts are
 * merged into one entry (its summary line, pool line, failure line, ...)
 * unless they disagree on the base, which happens when a node's reg has
 * several entries: each failed entry is its own region then.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logmap.h"

static bool fits(const struct sm_log_region *r, const struct log_fact *f)
{
	if (strcmp(r->name, f->name))
		return false;
	if (r->has_base && f->has_base && r->base != f->base)
		return false;
	/* a second failure line of one node is another reg entry */
	return !(r->facts & f->type & SM_LOGF_FAIL_RESERVE);
}

static struct sm_log_region *new_region(struct sm_logmap *m, const char *name)
{
	struct sm_log_region *r = realloc(m->regions,
					  (m->nregions + 1) * sizeof(*r));

	if (!r)
		return NULL;
	m->regions = r;
	r = &r[m->nregions++];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->nomap = -1;
	r->reusable = -1;
	r->kind = SM_REGION_CARVEOUT;
	return r;
}

int sm_plan_logmap_fact(struct sm_logmap *m, const struct log_fact *f)
{
	struct sm_log_region *r = NULL;

	for (size_t i = m->nregions; i-- > 0;)
		if (fits(&m->regions[i], f)) {
			r = &m->regions[i];
			break;
		}
	if (!r && !(r = new_region(m, f->name)))
		return -ENOMEM;
	r->facts |= f->type;
	if (f->has_base) {
		r->base = f->base;
		r->has_base = true;
	}
	if (f->type == SM_LOGF_SUMMARY) {
		r->size = f->size;
		r->nomap = f->nomap;
		r->reusable = f->reusable;
	}
	if (f->has_mib) {
		r->size_mib = f->mib;
		r->has_mib = true;
	}
	if (f->type == SM_LOGF_POOL)
		r->kind = f->kind;
	if (f->handler)
		snprintf(r->handler, sizeof(r->handler), "%s", f->handler);
	m->memlines++;
	return 0;
}

int sm_plan_logmap_overlap(struct sm_logmap *m, const struct sm_log_overlap *o)
{
	struct sm_log_overlap *v = realloc(m->overlaps,
					   (m->noverlaps + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	m->overlaps = v;
	v[m->noverlaps++] = *o;
	m->memlines++;
	return 0;
}

int sm_plan_logmap_node(struct sm_logmap *m, uint64_t start, uint64_t end)
{
	struct sm_log_range *v = realloc(m->nodes,
					 (m->nnodes + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	m->nodes = v;
	v[m->nnodes++] = (struct sm_log_range){ start, end };
	m->memlines++;
	return 0;
}

int sm_plan_logmap_zone(struct sm_logmap *m, const char *name, bool empty,
			uint64_t start, uint64_t end)
{
	struct sm_log_zone *z;

	if (m->nzones == sizeof(m->zones) / sizeof(m->zones[0]))
		return 0;
	z = &m->zones[m->nzones++];
	snprintf(z->name, sizeof(z->name), "%s", name);
	z->empty = empty;
	z->r.start = empty ? 0 : start;
	z->r.end = empty ? 0 : end;
	m->memlines++;
	return 0;
}

void sm_plan_logmap_free(struct sm_logmap *m)
{
	free(m->regions);
	free(m->overlaps);
	free(m->nodes);
	memset(m, 0, sizeof(*m));
}

/* "0x80000000-0x80dfffff (14336 KiB) nomap non-reusable, cma pool, ..." */
void sm_plan_logmap_describe(const struct sm_log_region *r, char *buf,
			     size_t len)
{
	size_t o = 0;

#define PUT(...) \
	(o += (size_t)snprintf(buf + o, o < len ? len - o : 0, __VA_ARGS__))
	buf[0] = '\0';
	if (r->facts & SM_LOGF_SUMMARY)
		PUT("0x%" PRIx64 "-0x%" PRIx64 " (%" PRIu64 " KiB) %s %s",
		    r->base, r->base + r->size - 1, r->size / 1024,
		    r->nomap ? "nomap" : "map",
		    r->reusable ? "reusable" : "non-reusable");
	else if (r->has_base)
		PUT("at 0x%" PRIx64, r->base);
	if (r->has_mib && !(r->facts & SM_LOGF_SUMMARY))
		PUT("%s%" PRIu64 " MiB", o ? ", " : "", r->size_mib);
	if (r->facts & SM_LOGF_POOL)
		PUT("%s%s pool", o ? ", " : "",
		    r->kind == SM_REGION_CMA ? "CMA" :
		    r->kind == SM_REGION_DMA_POOL ? "DMA" : "restricted DMA");
	if (r->facts & SM_LOGF_INIT)
		PUT("%sinitialized (%s)", o ? ", " : "", r->handler);
	if (r->facts & SM_LOGF_FAIL_RESERVE)
		PUT("%sfailed to reserve", o ? ", " : "");
	if (r->facts & SM_LOGF_FAIL_ALLOC)
		PUT("%sfailed to allocate", o ? ", " : "");
	if (r->facts & SM_LOGF_UNMATCHED)
		PUT("%scompatible matching fail", o ? ", " : "");
	if (r->facts & SM_LOGF_BYPASS)
		PUT("%sbypassed for cma=", o ? ", " : "");
#undef PUT
}
