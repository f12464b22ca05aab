// SPDX-License-Identifier: MIT
/*
 * page_alloc.c - the buddy allocator: free lists per order and
 * migratetype, merging on free, splitting on allocation, the fallback
 * order and pageblock claiming, as Linux mm/page_alloc.c does it.
 *
 * Allocation follows 7.2 (the 6.16+ "claim block" rework of __rmqueue():
 * own type, then CMA for movable requests, then claim a whole pageblock
 * of another type, then steal a single block). Freeing follows 6.12
 * __free_one_page() (merge across pageblocks only between ordinary
 * types; blocks larger than a pageblock are freed pageblock by pageblock,
 * split_large_buddy()). Not modelled: per-CPU lists (every free goes
 * straight to the buddy lists), watermarks and reclaim, the highatomic
 * reserve, free page reporting, shuffling.
 */
#include <errno.h>

#include "swap.h"

/* fallbacks[]: the kernel's order of other types to take from */
static const int fallbacks[SM_MIGRATE_PCPTYPES][SM_MIGRATE_PCPTYPES - 1] = {
	[SM_MIGRATE_UNMOVABLE] = { SM_MIGRATE_RECLAIMABLE, SM_MIGRATE_MOVABLE },
	[SM_MIGRATE_MOVABLE] = { SM_MIGRATE_RECLAIMABLE, SM_MIGRATE_UNMOVABLE },
	[SM_MIGRATE_RECLAIMABLE] = { SM_MIGRATE_UNMOVABLE, SM_MIGRATE_MOVABLE },
};

/* ---- block lookup --------------------------------------------------- */

/*
 * sm_mm_block_of() - the first frame of the (free or allocated) block that
 * holds @pfn: blocks are aligned, so it is @pfn rounded down to the
 * first order whose candidate is a block that long.
 */
bool sm_mm_block_of(const struct sm_system *s, uint64_t pfn, uint64_t *head)
{
	if (!(sm_pg(s, pfn)->flags & SM_PG_MANAGED))
		return false;
	for (unsigned int o = 0; o <= s->max_order; o++) {
		uint64_t h = pfn & ~((1ULL << o) - 1);
		const struct sm_page *p;

		if (!sm_pfn_in_span(s, h))
			break;
		p = sm_pg(s, h);
		if ((p->flags & (SM_PG_BUDDY | SM_PG_HEAD)) && p->order >= o) {
			*head = h;
			return true;
		}
	}
	return false;
}

/* find_large_buddy(): a free block that starts before @start and covers
 * it, else @start */
uint64_t sm_mm_find_large_buddy(const struct sm_system *s, uint64_t start)
{
	uint64_t head;

	if (sm_pfn_in_span(s, start) && sm_mm_block_of(s, start, &head) &&
	    (sm_pg(s, head)->flags & SM_PG_BUDDY))
		return head;
	return start;
}

/* ---- freeing -------------------------------------------------------- */

/* buddy_merge_likely(): is the buddy one order up free? */
static bool merge_likely(const struct sm_system *s, uint64_t pfn,
			 unsigned int order, unsigned int zone)
{
	uint64_t higher, hbuddy;

	if (order >= s->max_order - 1)
		return false;
	higher = pfn & ~(1ULL << order);
	hbuddy = higher ^ (1ULL << (order + 1));
	return sm_is_buddy(s, hbuddy, order + 1, zone);
}

/*
 * __free_one_page(): free 2^@order pages at @pfn onto the @mt lists,
 * merging with free buddies. At and above pageblock order, blocks of
 * different types merge only when both are ordinary types; the merged
 * buddy's pageblocks then take @mt.
 */
void sm_mm_free_one(struct sm_system *s, struct sm_zone *z, uint64_t pfn,
		    unsigned int order, int mt, bool to_tail)
{
	unsigned int zone = sm_pg(s, pfn)->zone;

	sm_account_free(z, 1LL << order, mt);
	while (order < s->max_order) {
		uint64_t buddy = pfn ^ (1ULL << order);
		int buddy_mt = mt;

		if (!sm_is_buddy(s, buddy, order, zone))
			break;
		if (order >= s->pageblock_order) {
			buddy_mt = sm_pb_mt(s, buddy);
			if (mt != buddy_mt && (!sm_mt_mergeable(mt) ||
					       !sm_mt_mergeable(buddy_mt)))
				break;
		}
		sm_fl_del(s, z, buddy, order);
		if (buddy_mt != mt)
			sm_mm_pb_change_range(s, buddy, order, mt);
		pfn &= buddy;
		order++;
	}
	if (!to_tail)
		to_tail = merge_likely(s, pfn, order, zone);
	sm_fl_add(s, z, pfn, order, mt, to_tail);
}

/*
 * split_large_buddy(): a block larger than a pageblock goes back on the
 * free lists pageblock by pageblock, each with its own type. Isolation
 * uses it alone for a free block it splits: that is no free.
 */
void sm_mm_split_free(struct sm_system *s, uint64_t pfn, unsigned int order,
		      bool to_tail)
{
	struct sm_zone *z = sm_zone_of(s, pfn);
	uint64_t end = pfn + (1ULL << order);

	if (order <= s->pageblock_order) {
		sm_mm_free_one(s, z, pfn, order, sm_pb_mt(s, pfn), to_tail);
		return;
	}
	for (; pfn < end; pfn += sm_pb_nr(s))
		sm_mm_free_one(s, z, pfn, s->pageblock_order, sm_pb_mt(s, pfn),
			       to_tail);
}

/* free_one_page(): a free, counted in PGFREE as __free_pages_ok() and
 * free_unref_page() count it (boot's memblock_free_all() and the CMA
 * activation included) */
void sm_mm_free_block(struct sm_system *s, uint64_t pfn, unsigned int order,
		      bool to_tail)
{
	s->stats.pgfree += 1ULL << order;
	sm_mm_split_free(s, pfn, order, to_tail);
}

/* ---- allocation ----------------------------------------------------- */

/* expand(): give back the upper halves; Return: pages given back */
static uint64_t expand(struct sm_system *s, struct sm_zone *z, uint64_t pfn,
		       unsigned int low, unsigned int high, int mt)
{
	uint64_t size = 1ULL << high, added = 0;

	while (high > low) {
		high--;
		size >>= 1;
		sm_fl_add(s, z, pfn + size, high, mt, false);
		added += size;
	}
	return added;
}

static void del_and_expand(struct sm_system *s, struct sm_zone *z,
			   uint64_t pfn, unsigned int low, unsigned int high,
			   int mt)
{
	uint64_t nr = 1ULL << high;

	sm_fl_del(s, z, pfn, high);
	nr -= expand(s, z, pfn, low, high, mt);
	sm_account_free(z, -(int64_t)nr, mt);
}

static uint64_t list_first(const struct sm_zone *z, unsigned int order,
			   int mt)
{
	return z->area[order].list[mt].head;
}

/* __rmqueue_smallest(); Return: an index, or SM_IDX_NONE */
static uint32_t rmqueue_smallest(struct sm_system *s, struct sm_zone *z,
				 unsigned int order, int mt)
{
	uint32_t bits = z->nonempty[mt] >> order;
	unsigned int cur;
	uint32_t idx;

	if (!bits)
		return SM_IDX_NONE;
	cur = order + (unsigned int)__builtin_ctz(bits);
	idx = (uint32_t)list_first(z, cur, mt);
	del_and_expand(s, z, sm_pfn(s, idx), order, cur, mt);
	return idx;
}

static bool should_try_claim(const struct sm_system *s, unsigned int order,
			     int start_mt)
{
	if (order >= s->pageblock_order / 2)
		return true; /* also covers order >= pageblock_order */
	if (start_mt == SM_MIGRATE_RECLAIMABLE ||
	    start_mt == SM_MIGRATE_UNMOVABLE)
		return true;
	return s->mobility_disabled;
}

/* find_suitable_fallback(): -1 none at this order, -2 stop claiming */
static int find_fallback(const struct sm_system *s, const struct sm_zone *z,
			 unsigned int order, int mt, bool claimable)
{
	if (claimable && !should_try_claim(s, order, mt))
		return -2;
	if (!z->area[order].nr_free)
		return -1;
	for (int i = 0; i < SM_MIGRATE_PCPTYPES - 1; i++) {
		int fb = fallbacks[mt][i];

		if (z->area[order].list[fb].head != SM_IDX_NONE)
			return fb;
	}
	return -1;
}

/*
 * try_to_claim_block(): take the pageblock of a free block of another
 * type if the block is at least a pageblock, or if at least half of the
 * pageblock is free or holds pages alike to the request.
 */
static uint32_t try_claim(struct sm_system *s, struct sm_zone *z,
			  uint64_t pfn, unsigned int cur, unsigned int order,
			  int start_mt, int block_mt)
{
	uint64_t start, nfree, nmovable, alike;

	if (cur >= s->pageblock_order) {
		sm_fl_del(s, z, pfn, cur);
		sm_account_free(z, -(1LL << cur), block_mt);
		sm_mm_pb_change_range(s, pfn, cur, start_mt);
		sm_account_free(z, (int64_t)expand(s, z, pfn, order, cur,
						   start_mt), start_mt);
		s->stats.claimed_blocks += 1ULL << (cur - s->pageblock_order);
		return sm_idx(s, pfn);
	}
	if (!sm_mm_pb_prep_move(s, z, pfn, &start, &nfree, &nmovable))
		return SM_IDX_NONE;
	if (start_mt == SM_MIGRATE_MOVABLE)
		alike = nmovable;
	else if (block_mt == SM_MIGRATE_MOVABLE)
		alike = sm_pb_nr(s) - (nfree + nmovable);
	else
		alike = 0;
	if (nfree + alike < (1ULL << (s->pageblock_order - 1)) &&
	    !s->mobility_disabled)
		return SM_IDX_NONE;
	sm_mm_pb_move_free(s, z, start, block_mt, start_mt);
	s->stats.claimed_blocks++;
	return rmqueue_smallest(s, z, order, start_mt);
}

/* __rmqueue_claim(): largest other-type block first */
static uint32_t rmqueue_claim(struct sm_system *s, struct sm_zone *z,
			      unsigned int order, int mt, unsigned int flags)
{
	unsigned int min_order = order;

	if (order < s->pageblock_order && (flags & SM_ALLOC_NOFRAGMENT))
		min_order = s->pageblock_order;
	for (int cur = (int)s->max_order; cur >= (int)min_order; cur--) {
		int fb = find_fallback(s, z, (unsigned int)cur, mt, true);
		uint32_t idx;

		if (fb == -1)
			continue;
		if (fb == -2)
			break;
		idx = (uint32_t)list_first(z, (unsigned int)cur, fb);
		idx = try_claim(s, z, sm_pfn(s, idx), (unsigned int)cur, order,
				mt, fb);
		if (idx != SM_IDX_NONE)
			return idx;
	}
	return SM_IDX_NONE;
}

/* __rmqueue_steal(): the smallest other-type block, pageblock untouched */
static uint32_t rmqueue_steal(struct sm_system *s, struct sm_zone *z,
			      unsigned int order, int mt)
{
	for (unsigned int cur = order; cur <= s->max_order; cur++) {
		int fb = find_fallback(s, z, cur, mt, false);
		uint32_t idx;

		if (fb < 0)
			continue;
		idx = (uint32_t)list_first(z, cur, fb);
		del_and_expand(s, z, sm_pfn(s, idx), order, cur, fb);
		s->stats.stolen++;
		return idx;
	}
	return SM_IDX_NONE;
}

/*
 * __rmqueue(): movable requests take CMA first while more than half of
 * the zone's free memory is CMA, as the kernel balances them.
 */
static uint32_t rmqueue(struct sm_system *s, struct sm_zone *z,
			unsigned int order, int mt, unsigned int flags)
{
	uint32_t idx;

	if ((flags & SM_ALLOC_CMA) && z->nr_free_cma > z->nr_free / 2) {
		idx = rmqueue_smallest(s, z, order, SM_MIGRATE_CMA);
		if (idx != SM_IDX_NONE)
			return idx;
	}
	idx = rmqueue_smallest(s, z, order, mt);
	if (idx != SM_IDX_NONE)
		return idx;
	if (flags & SM_ALLOC_CMA) {
		idx = rmqueue_smallest(s, z, order, SM_MIGRATE_CMA);
		if (idx != SM_IDX_NONE)
			return idx;
	}
	idx = rmqueue_claim(s, z, order, mt, flags);
	if (idx != SM_IDX_NONE)
		return idx;
	if (!(flags & SM_ALLOC_NOFRAGMENT))
		idx = rmqueue_steal(s, z, order, mt);
	return idx;
}

/* the zone each zonelist starts from: the highest populated one allowed
 * (zones do not change once the system runs) */
void sm_mm_zonelists_init(struct sm_system *s)
{
	for (int h = 0; h < SM_NR_ZONES; h++) {
		s->preferred[h] = -1;
		for (int zi = h; zi >= 0; zi--)
			if (s->zones[zi].managed) {
				s->preferred[h] = (int8_t)zi;
				break;
			}
	}
}

/*
 * get_page_from_freelist() over the zonelist, highest allowed zone
 * first; ALLOC_NOFRAGMENT (set when the preferred zone is ZONE_NORMAL,
 * alloc_flags_nofragment()) is dropped for a second pass if every zone
 * failed.
 */
int sm_mm_alloc_block(struct sm_system *s, unsigned int order, int mt,
		      enum sm_zone_id highest, uint64_t *pfn)
{
	int pref = s->preferred[highest];
	unsigned int flags = 0;

	if (pref < 0)
		return -ENOMEM;
	if (s->mobility_disabled)
		mt = SM_MIGRATE_UNMOVABLE; /* gfp_migratetype() */
	if (mt == SM_MIGRATE_MOVABLE)
		flags |= SM_ALLOC_CMA;
	if (pref == SM_ZONE_NORMAL)
		flags |= SM_ALLOC_NOFRAGMENT;
	for (;;) {
		for (int zi = pref; zi >= 0; zi--) {
			struct sm_zone *z = &s->zones[zi];
			uint32_t idx;

			if (!z->managed)
				continue;
			idx = rmqueue(s, z, order, mt, flags);
			if (idx != SM_IDX_NONE) {
				*pfn = sm_pfn(s, idx);
				s->stats.pgalloc[zi] += 1ULL << order;
				return 0;
			}
		}
		if (!(flags & SM_ALLOC_NOFRAGMENT))
			return -ENOMEM;
		flags &= ~SM_ALLOC_NOFRAGMENT;
	}
}

/* ---- the public calls ----------------------------------------------- */

int sm_mm_alloc_pages(struct sm_system *sys, unsigned int order,
		      enum sm_migratetype mt, enum sm_zone_id highest_zone,
		      const struct sm_page_owner *owner, uint64_t *pfn)
{
	uint32_t id = 0;
	struct sm_page *p;
	int ret;

	if (order > sys->max_order || (unsigned int)mt >= SM_MIGRATE_PCPTYPES ||
	    (unsigned int)highest_zone >= SM_NR_ZONES)
		return -EINVAL;
	if (highest_zone > SM_ZONE_NORMAL)
		highest_zone = SM_ZONE_NORMAL;
	if (owner) {
		ret = sm_mm_owner_get(&sys->owners, owner, &id);
		if (ret)
			return ret;
	}
	ret = sm_mm_alloc_block(sys, order, mt, highest_zone, pfn);
	if (ret == -ENOMEM)	/* direct reclaim, when swap is on */
		ret = sm_mm_alloc_slowpath(sys, order, mt, highest_zone, pfn);
	if (ret) {
		sm_mm_owner_put(&sys->owners, id);
		return ret;
	}
	p = sm_pg(sys, *pfn);
	p->flags |= SM_PG_HEAD;
	if (mt == SM_MIGRATE_MOVABLE)
		p->flags |= SM_PG_MOVABLE;
	p->order = (uint8_t)order;
	p->mt = (uint8_t)mt;
	p->next = id;
	p->prev = 0;
	/* below the low watermark: kswapd (the block is not on the LRU) */
	sm_mm_vmscan_allocated(sys, *pfn);
	sm_mm_kswapd_maybe_run(sys);
	return 0;
}

/* an allocated block that sm_mm_alloc_pages() handed out */
static struct sm_page *alloc_head(struct sm_system *s, uint64_t pfn)
{
	struct sm_page *p;

	if (!sm_pfn_in_span(s, pfn))
		return NULL;
	p = sm_pg(s, pfn);
	if (!(p->flags & SM_PG_HEAD) || (p->flags & SM_PG_CONTIG))
		return NULL;
	return p;
}

int sm_mm_free_pages(struct sm_system *sys, uint64_t pfn, unsigned int order)
{
	struct sm_page *p = alloc_head(sys, pfn);

	if (!p || p->order != order)
		return -EINVAL;
	if (p->prev)
		return -EBUSY;
	if (p->next)
		sm_mm_owner_put(&sys->owners, p->next);
	p->flags &= SM_PG_RAM | SM_PG_MANAGED;
	p->next = p->prev = 0;
	sm_mm_free_block(sys, pfn, order, false);
	return 0;
}

int sm_mm_pin_pages(struct sm_system *sys, uint64_t pfn, bool pin)
{
	struct sm_page *p;

	if (!sm_pfn_in_span(sys, pfn))
		return -EINVAL;
	p = sm_pg(sys, pfn);
	if (!(p->flags & SM_PG_HEAD))
		return -EINVAL;
	if (pin) {
		if (p->prev == UINT32_MAX)
			return -EOVERFLOW;
		p->prev++;
	} else {
		if (!p->prev)
			return -EINVAL;
		p->prev--;
	}
	return 0;
}
