// SPDX-License-Identifier: MIT
/*
 * contig.c - taking a physical range back from the buddy allocator:
 * pageblock isolation (Linux 6.12 mm/page_isolation.c, with 6.16+'s
 * isolate bit that keeps each pageblock's own type) and
 * alloc_contig_range() / free_contig_range() (mm/page_alloc.c).
 *
 *   isolate every pageblock of [start, end)      free pages -> ISOLATE lists
 *   migrate every in-use block in [start, end)   (migrate.c)
 *   every page of [start, end) free and isolated?   no -> -EBUSY
 *   take the free blocks, give back what lies outside [start, end)
 *   undo the isolation                           free pages -> own lists
 */
#include <errno.h>

#include "internal.h"

/* has_unmovable_pages() for a pageblock that is not MIGRATE_CMA */
static bool has_unmovable(const struct sm_system *s, uint64_t start)
{
	for (uint64_t pfn = start; pfn < start + sm_pb_nr(s);) {
		uint64_t head;
		const struct sm_page *p;

		if (!sm_pfn_in_span(s, pfn) || !sm_mm_block_of(s, pfn, &head))
			return true; /* reserved or a hole: PageReserved */
		p = sm_pg(s, head);
		if (!(p->flags & (SM_PG_BUDDY | SM_PG_MOVABLE)))
			return true;
		pfn = head + (1ULL << p->order);
	}
	return false;
}

/*
 * move_freepages_block_isolate(): (un)isolate the pageblock at @start. A
 * free block larger than a pageblock that covers it is taken off its
 * list and freed again pageblock by pageblock, each to its own type.
 */
static bool move_block_isolate(struct sm_system *s, uint64_t start,
			       bool isolate)
{
	struct sm_zone *z = sm_zone_of(s, start);
	uint64_t st, head;
	struct sm_page *p;

	if (!sm_mm_pb_prep_move(s, z, start, &st, NULL, NULL))
		return false;
	head = sm_mm_find_large_buddy(s, start);
	p = sm_pg(s, head);
	if (s->pageblock_order < s->max_order && (p->flags & SM_PG_BUDDY) &&
	    (head != start || p->order > s->pageblock_order)) {
		unsigned int order = p->order;

		sm_fl_del(s, z, head, order);
		sm_account_free(z, -(1LL << order), p->mt);
		sm_mm_pb_set_isolate(s, start, isolate);
		sm_mm_split_free(s, head, order, false);
		return true;
	}
	sm_mm_pb_move_free(s, z, start, sm_pb_mt(s, start),
			   isolate ? SM_MIGRATE_ISOLATE : sm_mm_pb_mt_raw(s, start));
	return true;
}

/* set_migratetype_isolate() */
static int isolate_pageblock(struct sm_system *s, uint64_t start)
{
	if (!sm_pfn_in_span(s, start) || sm_mm_pb_isolated(s, start))
		return -EBUSY;
	if (sm_mm_pb_mt_raw(s, start) != SM_MIGRATE_CMA &&
	    has_unmovable(s, start))
		return -EBUSY;
	return move_block_isolate(s, start, true) ? 0 : -EBUSY;
}

/*
 * unset_migratetype_isolate(): a free block of pageblock order or more
 * whose buddy is free and not isolated is freed again, so that it merges
 * (isolation kept them apart); anything else just moves lists.
 */
static void unisolate_pageblock(struct sm_system *s, uint64_t start)
{
	struct sm_zone *z = sm_zone_of(s, start);
	struct sm_page *p = sm_pg(s, start);

	if (!sm_mm_pb_isolated(s, start))
		return;
	if ((p->flags & SM_PG_BUDDY) && p->order >= s->pageblock_order &&
	    p->order < s->max_order) {
		unsigned int order = p->order;
		uint64_t buddy = start ^ (1ULL << order);

		if (sm_is_buddy(s, buddy, order, p->zone) &&
		    !sm_mm_pb_isolated(s, buddy)) {
			sm_fl_del(s, z, start, order); /* isolated: unaccounted */
			sm_mm_pb_set_isolate(s, start, false);
			sm_mm_free_one(s, z, start, order, sm_pb_mt(s, start), true);
			return;
		}
	}
	move_block_isolate(s, start, false);
}

static uint64_t pb_end(const struct sm_system *s, uint64_t end)
{
	return (end + sm_pb_nr(s) - 1) & ~(sm_pb_nr(s) - 1);
}

/* start_isolate_page_range(): all or nothing */
int sm_mm_isolate_range(struct sm_system *s, uint64_t start, uint64_t end)
{
	uint64_t last = pb_end(s, end);

	for (uint64_t pb = sm_pb_start(s, start); pb < last; pb += sm_pb_nr(s)) {
		if (isolate_pageblock(s, pb)) {
			for (uint64_t u = sm_pb_start(s, start); u < pb;
			     u += sm_pb_nr(s))
				unisolate_pageblock(s, u);
			return -EBUSY;
		}
	}
	return 0;
}

void sm_mm_undo_isolate_range(struct sm_system *s, uint64_t start, uint64_t end,
			      int mt)
{
	uint64_t last = pb_end(s, end);

	(void)mt; /* the isolate bit kept each pageblock's own type */
	for (uint64_t pb = sm_pb_start(s, start); pb < last; pb += sm_pb_nr(s))
		unisolate_pageblock(s, pb);
}

/* test_pages_isolated(): every page free, on an isolate list */
bool sm_mm_range_isolated_free(const struct sm_system *s, uint64_t start,
			       uint64_t end)
{
	for (uint64_t pfn = start; pfn < end;) {
		const struct sm_page *p = sm_pg(s, pfn);

		if (!(p->flags & SM_PG_BUDDY) || p->mt != SM_MIGRATE_ISOLATE)
			return false;
		pfn += 1ULL << p->order;
	}
	return true;
}

/* free [pfn, end) in the largest aligned chunks */
static void free_chunks(struct sm_system *s, uint64_t pfn, uint64_t end)
{
	while (pfn < end) {
		unsigned int order = s->max_order;

		if (pfn && (unsigned int)__builtin_ctzll(pfn) < order)
			order = (unsigned int)__builtin_ctzll(pfn);
		while (pfn + (1ULL << order) > end)
			order--;
		sm_mm_free_block(s, pfn, order, false);
		pfn += 1ULL << order;
	}
}

/* isolate_freepages_range() and the split: [start, end) becomes order-0
 * pages allocated to the caller */
static void take_range(struct sm_system *s, uint64_t outer, uint64_t start,
		       uint64_t end)
{
	struct sm_zone *z = sm_zone_of(s, start);
	uint64_t pfn = outer;

	while (pfn < end) {
		unsigned int order = sm_pg(s, pfn)->order;

		sm_fl_del(s, z, pfn, order);
		pfn += 1ULL << order;
	}
	for (uint64_t p = start; p < end; p++) {
		struct sm_page *pg = sm_pg(s, p);

		pg->flags = SM_PG_RAM | SM_PG_MANAGED | SM_PG_HEAD | SM_PG_CONTIG;
		pg->order = 0;
		pg->mt = SM_MIGRATE_CMA;
		pg->next = pg->prev = 0;
	}
	free_chunks(s, outer, start);
	free_chunks(s, end, pfn);
}

/*
 * alloc_contig_range(): [start, end) must lie in one zone. Return: 0;
 * -EBUSY (a pageblock could not be isolated, or a page in the range
 * could not be migrated); -ENOMEM (no memory to migrate to).
 */
int sm_mm_alloc_contig_range(struct sm_system *s, uint64_t start, uint64_t end)
{
	uint64_t outer;
	int ret;

	if (start >= end || !sm_pfn_in_span(s, start) ||
	    !sm_pfn_in_span(s, end - 1) ||
	    sm_pg(s, start)->zone != sm_pg(s, end - 1)->zone)
		return -EINVAL;
	ret = sm_mm_isolate_range(s, start, end);
	if (ret)
		return ret;
	ret = sm_mm_migrate_range(s, start, end);
	if (ret && ret != -EBUSY)
		goto done;
	outer = sm_mm_find_large_buddy(s, start);
	if (!sm_mm_range_isolated_free(s, outer, end)) {
		ret = -EBUSY;
		goto done;
	}
	take_range(s, outer, start, end);
	ret = 0;
done:
	sm_mm_undo_isolate_range(s, start, end, SM_MIGRATE_CMA);
	return ret;
}

/* free_contig_range(): order-0 pages back, in aligned chunks */
void sm_mm_free_contig_range(struct sm_system *s, uint64_t pfn, uint64_t count)
{
	for (uint64_t p = pfn; p < pfn + count; p++) {
		struct sm_page *pg = sm_pg(s, p);

		pg->flags &= SM_PG_RAM | SM_PG_MANAGED;
		pg->next = pg->prev = 0;
	}
	free_chunks(s, pfn, pfn + count);
}
