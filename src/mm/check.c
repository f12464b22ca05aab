// SPDX-License-Identifier: MIT
/*
 * check.c - sm_mm_check(): walk every invariant of internal.h (block
 * partition, free lists, merging, counters, pageblock types, CMA bitmaps)
 * and report the first broken one. Tests call it after every operation;
 * it costs one pass over the memmap.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "swap.h"

#define BROKEN(...) sm_dt_diag_set(diag, -EUCLEAN, __VA_ARGS__)

/* the free lists: links, list type matches the block, counts */
static int check_lists(const struct sm_system *s, int zi, struct sm_diag *diag)
{
	const struct sm_zone *z = &s->zones[zi];

	for (unsigned int o = 0; o <= s->max_order; o++) {
		uint64_t total = 0;

		for (int mt = 0; mt < SM_MIGRATE_TYPES; mt++) {
			const struct sm_free_list *l = &z->area[o].list[mt];
			uint32_t prev = SM_IDX_NONE, n = 0;

			for (uint32_t i = l->head; i != SM_IDX_NONE;
			     i = s->pages[i].next) {
				const struct sm_page *p = &s->pages[i];

				if (!(p->flags & SM_PG_BUDDY) || p->order != o ||
				    p->mt != mt || p->prev != prev || p->zone != zi)
					return BROKEN("zone %s order %u %d: bad "
						      "list entry pfn 0x%" PRIx64,
						      sm_boot_zone_name(zi), o, mt,
						      sm_pfn(s, i));
				if (++n > z->managed)
					return BROKEN("free list loops");
				prev = i;
			}
			if (l->tail != prev ||
			    !!(z->nonempty[mt] & 1u << o) != (n != 0))
				return BROKEN("zone %s order %u type %d: counts "
					      "or tail wrong", sm_boot_zone_name(zi),
					      o, mt);
			total += n;
		}
		if (total != z->area[o].nr_free)
			return BROKEN("zone %s order %u: nr_free %" PRIu64
				      " != %" PRIu64, sm_boot_zone_name(zi), o,
				      z->area[o].nr_free, total);
	}
	return 0;
}

/* one free block: aligned, pageblock types, not mergeable with its buddy */
static int check_free_block(const struct sm_system *s, uint64_t pfn,
			    const struct sm_page *p, struct sm_diag *diag)
{
	uint64_t buddy = pfn ^ (1ULL << p->order);
	int mt = p->mt;

	if (p->order >= s->pageblock_order) {
		for (uint64_t pb = pfn; pb < pfn + (1ULL << p->order);
		     pb += sm_pb_nr(s))
			if (sm_pb_mt(s, pb) != mt)
				return BROKEN("free block 0x%" PRIx64 " order %u"
					      " on list %d, pageblock 0x%" PRIx64
					      " type %d", pfn, p->order, mt, pb,
					      sm_pb_mt(s, pb));
	} else if (sm_pb_mt(s, pfn) != mt) {
		return BROKEN("free block 0x%" PRIx64 " on list %d, pageblock "
			      "type %d", pfn, mt, sm_pb_mt(s, pfn));
	}
	if (p->order < s->max_order && sm_is_buddy(s, buddy, p->order, p->zone)) {
		int bmt = sm_pg(s, buddy)->mt;

		if (p->order < s->pageblock_order ||
		    (mt == bmt || (sm_mt_mergeable(mt) && sm_mt_mergeable(bmt))))
			return BROKEN("free buddies 0x%" PRIx64 " and 0x%" PRIx64
				      " of order %u not merged", pfn, buddy,
				      p->order);
	}
	return 0;
}

struct walk {
	uint64_t free[SM_NR_ZONES];
	uint64_t free_cma[SM_NR_ZONES];
	uint64_t used[SM_NR_ZONES];
	uint64_t managed[SM_NR_ZONES];
};

/* every managed frame lies in exactly one block */
static int check_frames(const struct sm_system *s, struct walk *w,
			struct sm_diag *diag)
{
	for (uint64_t pfn = s->base_pfn; pfn < s->end_pfn;) {
		const struct sm_page *p = sm_pg(s, pfn);
		uint64_t n;

		if (!(p->flags & SM_PG_MANAGED)) {
			if (p->flags & ~SM_PG_RAM)
				return BROKEN("unmanaged frame 0x%" PRIx64
					      " has flags 0x%x", pfn, p->flags);
			pfn++;
			continue;
		}
		if (!(p->flags & (SM_PG_BUDDY | SM_PG_HEAD)))
			return BROKEN("frame 0x%" PRIx64 " is in no block", pfn);
		n = 1ULL << p->order;
		if (p->order > s->max_order || pfn & (n - 1) ||
		    pfn + n > s->end_pfn)
			return BROKEN("block 0x%" PRIx64 " order %u misaligned",
				      pfn, p->order);
		for (uint64_t i = 1; i < n; i++) {
			const struct sm_page *t = sm_pg(s, pfn + i);

			if ((t->flags & (SM_PG_BUDDY | SM_PG_HEAD)) ||
			    !(t->flags & SM_PG_MANAGED) || t->zone != p->zone)
				return BROKEN("frame 0x%" PRIx64 " inside block "
					      "0x%" PRIx64 " order %u",
					      pfn + i, pfn, p->order);
		}
		w->managed[p->zone] += n;
		if (p->flags & SM_PG_BUDDY) {
			int ret = check_free_block(s, pfn, p, diag);

			if (ret)
				return ret;
			if (p->mt != SM_MIGRATE_ISOLATE)
				w->free[p->zone] += n;
			if (p->mt == SM_MIGRATE_CMA)
				w->free_cma[p->zone] += n;
		} else {
			if (sm_mm_pb_mt_raw(s, pfn) == SM_MIGRATE_CMA &&
			    p->mt != SM_MIGRATE_MOVABLE && p->mt != SM_MIGRATE_CMA)
				return BROKEN("CMA pageblock 0x%" PRIx64 " serves "
					      "a type %d allocation", pfn, p->mt);
			w->used[p->zone] += n;
		}
		pfn += n;
	}
	return 0;
}

static int check_cma(const struct sm_system *s, struct sm_diag *diag)
{
	for (size_t i = 0; i < s->ncma; i++) {
		const struct sm_cma *c = &s->cma[i];
		uint64_t used = 0;

		for (uint64_t b = 0; b < c->nbits; b++) {
			bool set = c->bitmap[b / 64] >> (b % 64) & 1;

			for (uint64_t k = 0; k < (1ULL << c->order_per_bit); k++) {
				uint64_t pfn = c->base_pfn +
					       (b << c->order_per_bit) + k;
				bool contig = sm_pg(s, pfn)->flags & SM_PG_CONTIG;

				if (contig && !set)
					return BROKEN("cma %s: pfn 0x%" PRIx64
						      " allocated, bit clear",
						      c->name, pfn);
			}
			used += set;
		}
		if (c->count && c->count - (used << c->order_per_bit) !=
				c->available)
			return BROKEN("cma %s: available %" PRIu64 " wrong",
				      c->name, c->available);
	}
	return 0;
}

int sm_mm_check(const struct sm_system *sys, struct sm_diag *diag)
{
	struct walk w;
	int ret;

	memset(&w, 0, sizeof(w));

	ret = check_frames(sys, &w, diag);
	for (int zi = 0; !ret && zi < SM_NR_ZONES; zi++) {
		const struct sm_zone *z = &sys->zones[zi];

		ret = check_lists(sys, zi, diag);
		if (ret)
			break;
		if (w.managed[zi] != z->managed ||
		    w.free[zi] + w.used[zi] > z->managed ||
		    w.free[zi] != z->nr_free || w.free_cma[zi] != z->nr_free_cma)
			ret = BROKEN("zone %s: managed %" PRIu64 "/%" PRIu64
				     " free %" PRIu64 "/%" PRIu64 " cma free %"
				     PRIu64 "/%" PRIu64, sm_boot_zone_name(zi),
				     w.managed[zi], z->managed, w.free[zi],
				     z->nr_free, w.free_cma[zi], z->nr_free_cma);
	}
	if (!ret)
		ret = check_cma(sys, diag);
	if (!ret)
		ret = sm_mm_swap_check(sys, diag);
	return ret;
}
