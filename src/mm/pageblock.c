// SPDX-License-Identifier: MIT
/*
 * pageblock.c - pageblock migratetypes, as mm/page_alloc.c and
 * include/linux/pageblock-flags.h keep them (Linux 6.12; the separate
 * isolate bit is the 6.16+ layout, which keeps a block's own type while
 * it is isolated).
 *
 * One byte per pageblock: the migratetype in the low 3 bits and
 * SM_PB_ISOLATE. The free-list type of a pageblock is MIGRATE_ISOLATE
 * while it is isolated, else its migratetype. Every pageblock starts
 * MIGRATE_MOVABLE, as memmap_init() leaves them.
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

static uint8_t *pb_byte(const struct sm_system *s, uint64_t pfn)
{
	return &s->pageblock[(pfn - s->pb_base) >> s->pageblock_order];
}

int sm_mm_pb_init(struct sm_system *s)
{
	uint64_t end = (s->end_pfn + sm_pb_nr(s) - 1) & ~(sm_pb_nr(s) - 1);

	s->pb_base = sm_pb_start(s, s->base_pfn);
	s->npageblocks = (end - s->pb_base) >> s->pageblock_order;
	s->pageblock = malloc(s->npageblocks ? s->npageblocks : 1);
	if (!s->pageblock)
		return -ENOMEM;
	for (size_t i = 0; i < s->npageblocks; i++)
		s->pageblock[i] = SM_MIGRATE_MOVABLE;
	return 0;
}

int sm_mm_pb_mt_raw(const struct sm_system *s, uint64_t pfn)
{
	return *pb_byte(s, pfn) & SM_PB_MT_MASK;
}

bool sm_mm_pb_isolated(const struct sm_system *s, uint64_t pfn)
{
	return *pb_byte(s, pfn) & SM_PB_ISOLATE;
}

/* set_pageblock_migratetype(): with mobility grouping off, every
 * ordinary type becomes MIGRATE_UNMOVABLE */
void sm_mm_pb_set_mt(struct sm_system *s, uint64_t pfn, int mt)
{
	uint8_t *b = pb_byte(s, pfn);

	if (mt == SM_MIGRATE_ISOLATE) {
		*b |= SM_PB_ISOLATE;
		return;
	}
	if (s->mobility_disabled && mt < SM_MIGRATE_PCPTYPES)
		mt = SM_MIGRATE_UNMOVABLE;
	*b = (uint8_t)((*b & SM_PB_ISOLATE) | mt);
}

void sm_mm_pb_set_isolate(struct sm_system *s, uint64_t pfn, bool on)
{
	uint8_t *b = pb_byte(s, pfn);

	*b = on ? (*b | SM_PB_ISOLATE) : (*b & ~SM_PB_ISOLATE);
}

/* change_pageblock_range(): every pageblock of a block of @order >=
 * pageblock_order */
void sm_mm_pb_change_range(struct sm_system *s, uint64_t pfn,
			   unsigned int order, int mt)
{
	uint64_t n = 1ULL << (order - s->pageblock_order);

	for (; n--; pfn += sm_pb_nr(s))
		sm_mm_pb_set_mt(s, pfn, mt);
}

/*
 * prep_move_freepages_block(): the pageblock of @pfn, if the zone spans
 * all of it, with its free pages and movable (PageLRU) pages counted when
 * @nfree is not NULL.
 */
bool sm_mm_pb_prep_move(struct sm_system *s, struct sm_zone *z, uint64_t pfn,
			uint64_t *start, uint64_t *nfree, uint64_t *nmovable)
{
	uint64_t st = sm_pb_start(s, pfn), end = st + sm_pb_nr(s);

	if (st < z->start_pfn || end - 1 >= z->end_pfn)
		return false;
	*start = st;
	if (!nfree)
		return true;
	*nfree = *nmovable = 0;
	for (pfn = st; pfn < end;) {
		uint64_t head, last;
		const struct sm_page *p;

		if (!sm_pfn_in_span(s, pfn) || !sm_mm_block_of(s, pfn, &head)) {
			pfn++;
			continue;
		}
		p = sm_pg(s, head);
		last = head + (1ULL << p->order);
		if (last > end)
			last = end;
		if (p->flags & SM_PG_BUDDY)
			*nfree += last - pfn;
		else if (p->flags & SM_PG_MOVABLE)
			*nmovable += last - pfn;
		pfn = last;
	}
	return true;
}

/*
 * __move_freepages_block(): move every free block of the pageblock at
 * @start from the @old_mt lists to the tail of the @new_mt lists, then
 * set the pageblock's type (from or to isolated). Return: pages moved.
 */
uint64_t sm_mm_pb_move_free(struct sm_system *s, struct sm_zone *z,
			    uint64_t start, int old_mt, int new_mt)
{
	uint64_t end = start + sm_pb_nr(s), moved = 0;

	for (uint64_t pfn = start; pfn < end;) {
		const struct sm_page *p;

		if (!sm_pfn_in_span(s, pfn)) {
			pfn++;
			continue;
		}
		p = sm_pg(s, pfn);
		if (!(p->flags & SM_PG_BUDDY)) {
			pfn++;
			continue;
		}
		sm_fl_move_tail(s, z, pfn, p->order, new_mt);
		sm_account_free(z, -(1LL << p->order), old_mt);
		sm_account_free(z, 1LL << p->order, new_mt);
		moved += 1ULL << p->order;
		pfn += 1ULL << p->order;
	}
	if (old_mt == SM_MIGRATE_ISOLATE)
		sm_mm_pb_set_isolate(s, start, false);
	sm_mm_pb_set_mt(s, start, new_mt);
	return moved;
}
