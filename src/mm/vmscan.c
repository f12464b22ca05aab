// SPDX-License-Identifier: MIT
/*
 * vmscan.c - reclaim of anonymous pages to swap: the LRU, the zone
 * watermarks, kswapd and direct reclaim (Linux mm/vmscan.c and
 * mm/page_alloc.c, reduced to what moves anonymous pages to swap).
 *
 * The policy, and how it simplifies the kernel's:
 *  - One LRU list of resident anonymous pages for the whole system, in
 *    the order they became resident (first write or swap-in), with a
 *    referenced bit set by every later touch: reclaim takes pages from
 *    the old end, and a referenced page gets a second chance (the bit is
 *    cleared and the page goes back to the young end) - the CLOCK
 *    algorithm. The kernel keeps active and inactive lists per node and
 *    memory cgroup (6.1), or multi-generation lists (MGLRU, on by default
 *    in 6.12 and 7.2), and balances anonymous against file pages by
 *    swappiness; here there are no file pages and no cgroups.
 *  - Watermarks as __setup_per_zone_wmarks() sets them from
 *    min_free_kbytes = sqrt(16 x lowmem kB) (calculate_min_free_kbytes(),
 *    without the raise khugepaged makes for THP). When an allocation
 *    leaves every zone below its low mark (the kernel's fast path would
 *    fall back to the next zone while one is above it), "kswapd" runs at
 *    once, in the caller, and reclaims until a zone is back above its
 *    high mark or no progress is made; the kernel's kswapd is a thread
 *    that runs beside the allocating task.
 *  - Allocations are never refused for being under a watermark (the
 *    model's allocator has no reserves, docs/mm.md); when one fails and
 *    swap is on, direct reclaim frees SWAP_CLUSTER_MAX pages at a time
 *    and retries, until MAX_RECLAIM_RETRIES rounds in a row free nothing
 *    (then the allocation fails: the kernel would call the OOM killer).
 *  - Reclaim never nests: the swap device stores pages with reclaim off
 *    (sm_mm_noreclaim_save(), PF_MEMALLOC), so a zram pool that needs a
 *    page while memory is short gets it or fails the write; the page then
 *    stays in memory and goes back to the young end.
 */
#include <errno.h>
#include <string.h>

#include "swap.h"

static struct sm_swap_frame *frame(struct sm_system *s, uint32_t idx)
{
	return &s->swap->frames[idx];
}

/* ---- watermarks ----------------------------------------------------------- */

static uint64_t int_sqrt(uint64_t x)
{
	uint64_t r = 0;

	for (uint64_t bit = 1ULL << 62; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

/* calculate_min_free_kbytes() + __setup_per_zone_wmarks(), into @wm */
void sm_mm_wmarks_compute(const struct sm_system *s,
			  uint64_t wm[SM_NR_ZONES][3])
{
	uint64_t lowmem = 0, min_kb, pages_min;

	for (int zi = 0; zi < SM_NR_ZONES; zi++)
		lowmem += s->zones[zi].managed;
	min_kb = int_sqrt((lowmem << (s->page_shift - 10)) * 16);
	if (min_kb < 128)
		min_kb = 128;
	if (min_kb > 262144)
		min_kb = 262144;
	pages_min = min_kb >> (s->page_shift - 10);
	for (int zi = 0; zi < SM_NR_ZONES && lowmem; zi++) {
		uint64_t managed = s->zones[zi].managed;
		uint64_t min = pages_min * managed / lowmem;
		uint64_t gap = managed * 10 / 10000; /* watermark_scale_factor */

		if (gap < min >> 2)
			gap = min >> 2;
		wm[zi][WMARK_MIN] = min;
		wm[zi][WMARK_LOW] = min + gap;
		wm[zi][WMARK_HIGH] = min + 2 * gap;
	}
}

void sm_mm_wmarks_init(struct sm_system *s)
{
	sm_mm_wmarks_compute(s, s->swap->wmark);
}

static bool zone_below(const struct sm_system *s, int zi, int mark)
{
	const struct sm_zone *z = &s->zones[zi];

	return z->managed && z->nr_free < s->swap->wmark[zi][mark];
}

/* ---- the LRU ------------------------------------------------------------ */

static void link_head(struct sm_swap *sw, uint32_t idx)
{
	struct sm_swap_frame *f = &sw->frames[idx];

	f->prev = SM_IDX_NONE;
	f->next = sw->lru_head;
	if (sw->lru_head != SM_IDX_NONE)
		sw->frames[sw->lru_head].prev = idx;
	else
		sw->lru_tail = idx;
	sw->lru_head = idx;
}

static void unlink_frame(struct sm_swap *sw, uint32_t idx)
{
	struct sm_swap_frame *f = &sw->frames[idx];

	if (f->prev != SM_IDX_NONE)
		sw->frames[f->prev].next = f->next;
	else
		sw->lru_head = f->next;
	if (f->next != SM_IDX_NONE)
		sw->frames[f->next].prev = f->prev;
	else
		sw->lru_tail = f->prev;
}

/* lru_cache_add(): a page that just became resident, not referenced */
void sm_mm_lru_add(struct sm_system *s, uint64_t pfn, uint32_t anon_id,
		   uint32_t index)
{
	uint32_t idx = sm_idx(s, pfn);
	struct sm_swap_frame *f = frame(s, idx);

	f->anon = anon_id + 1;
	f->index = index;
	link_head(s->swap, idx);
	s->swap->st.anon++;
}

void sm_mm_lru_del(struct sm_system *s, uint64_t pfn)
{
	uint32_t idx = sm_idx(s, pfn);
	struct sm_swap_frame *f = frame(s, idx);

	unlink_frame(s->swap, idx);
	if (f->anon & FRAME_REFERENCED)
		s->swap->st.anon_active--;
	s->swap->st.anon--;
	memset(f, 0, sizeof(*f));
}

/* migration moved the page: the new frame takes the old one's place */
void sm_mm_lru_move(struct sm_system *s, uint64_t old_pfn, uint64_t new_pfn)
{
	struct sm_swap *sw = s->swap;
	uint32_t o = sm_idx(s, old_pfn), n = sm_idx(s, new_pfn);
	struct sm_swap_frame *f = &sw->frames[n];

	*f = sw->frames[o];
	if (f->prev != SM_IDX_NONE)
		sw->frames[f->prev].next = n;
	else
		sw->lru_head = n;
	if (f->next != SM_IDX_NONE)
		sw->frames[f->next].prev = n;
	else
		sw->lru_tail = n;
	memset(&sw->frames[o], 0, sizeof(sw->frames[o]));
}

/* mark_page_accessed() */
void sm_mm_lru_touch(struct sm_system *s, uint64_t pfn)
{
	struct sm_swap_frame *f = frame(s, sm_idx(s, pfn));

	if (!(f->anon & FRAME_REFERENCED)) {
		f->anon |= FRAME_REFERENCED;
		s->swap->st.anon_active++;
	}
}

static void rotate(struct sm_swap *sw, uint32_t idx)
{
	unlink_frame(sw, idx);
	link_head(sw, idx);
}

/* ---- reclaim -------------------------------------------------------------- */

unsigned int sm_mm_noreclaim_save(struct sm_system *sys)
{
	return sys->noreclaim++;
}

void sm_mm_noreclaim_restore(struct sm_system *sys, unsigned int saved)
{
	sys->noreclaim = saved;
}

/*
 * shrink_folio_list() for one page: write it to a slot, then take it from
 * its mapping (sm_mm_evict_pages() calls the mapping's evicted()).
 * Return: 1 reclaimed, 0 kept, -ENOSPC no swap space at all.
 */
static int shrink_one(struct sm_system *s, uint32_t idx)
{
	struct sm_swap *sw = s->swap;
	uint64_t pfn = sm_pfn(s, idx), entry;
	unsigned int saved;
	int ret;

	if (sw->frames[idx].anon & FRAME_REFERENCED) {
		sw->frames[idx].anon &= ~FRAME_REFERENCED;
		sw->st.anon_active--;
		rotate(sw, idx);	/* the second chance */
		return 0;
	}
	if (sm_mm_swap_slot_alloc(s, &entry))
		return -ENOSPC;
	saved = sm_mm_noreclaim_save(s);
	ret = sm_mm_swap_write(s, entry, sm_mm_pfn_virt(s, pfn));
	sm_mm_noreclaim_restore(s, saved);
	if (!ret)
		ret = sm_mm_evict_pages(s, pfn, entry);
	else
		sw->st.write_errors++;
	if (ret) {
		sm_mm_swap_slot_free(s, entry, true);
		rotate(sw, idx);	/* activate: it stays */
		return 0;
	}
	sw->st.pswpout++;
	sw->st.pgsteal++;
	return 1;
}

/*
 * Reclaim up to @target pages from zones up to @highest, oldest first;
 * every page is looked at no more than twice (its second chance).
 */
static uint64_t reclaim(struct sm_system *s, uint64_t target, int highest)
{
	struct sm_swap *sw = s->swap;
	uint64_t done = 0, limit = 2 * sw->st.anon + 1, scanned = 0;

	if (s->noreclaim || !sm_mm_swap_has_space(s))
		return 0;
	s->noreclaim++;	/* nothing below may reclaim again */
	while (done < target && scanned < limit && sw->lru_tail != SM_IDX_NONE) {
		uint32_t idx = sw->lru_tail;
		int ret;

		scanned++;
		sw->st.pgscan++;
		if (s->pages[idx].zone > highest) {
			rotate(sw, idx);
			continue;
		}
		ret = shrink_one(s, idx);
		if (ret < 0)
			break;
		done += (uint64_t)ret;
	}
	s->noreclaim--;
	if (done)
		sw->kswapd_failures = 0;
	return done;
}

uint64_t sm_mm_reclaim(struct sm_system *sys, uint64_t pages)
{
	if (!sys->swap || !pages)
		return 0;
	return reclaim(sys, pages, SM_NR_ZONES - 1);
}

/* ---- kswapd ------------------------------------------------------------ */

/*
 * Memory is short when every populated zone is below @mark: the kernel's
 * fast path takes the next zone of the zonelist while one is above its
 * low mark, and a node is balanced once any zone is above its high mark
 * (pgdat_balanced()).
 */
static bool all_below(const struct sm_system *s, int mark)
{
	bool any = false;

	for (int zi = 0; zi < SM_NR_ZONES; zi++) {
		if (!s->zones[zi].managed)
			continue;
		if (!zone_below(s, zi, mark))
			return false;
		any = true;
	}
	return any;
}

static uint64_t free_pages(const struct sm_system *s)
{
	uint64_t n = 0;

	for (int zi = 0; zi < SM_NR_ZONES; zi++)
		n += s->zones[zi].nr_free;
	return n;
}

/*
 * balance_pgdat(): reclaim until a zone is above its high mark; stop
 * when a round frees nothing, or when four rounds in a row leave free
 * memory no higher (incompressible pages cost the pool as much as they
 * free). After MAX_RECLAIM_RETRIES runs that took nothing, kswapd stays
 * asleep until some reclaim succeeds again (kswapd_failures).
 */
static void kswapd(struct sm_system *s)
{
	struct sm_swap *sw = s->swap;
	uint64_t got = 0;
	int stuck = 0;

	sw->kswapd_pending = false;
	if (sw->kswapd_failures >= MAX_RECLAIM_RETRIES)
		return;
	sw->st.kswapd_runs++;
	while (all_below(s, WMARK_HIGH)) {
		uint64_t before = free_pages(s), n;

		n = reclaim(s, SWAP_CLUSTER_MAX, SM_NR_ZONES - 1);
		if (!n)
			break;
		got += n;
		stuck = free_pages(s) > before ? 0 : stuck + 1;
		if (stuck >= 4)
			break;
	}
	sw->kswapd_failures = got ? 0 : sw->kswapd_failures + 1;
}

/* after an allocation: wake kswapd when every zone is below its low mark */
void sm_mm_vmscan_allocated(struct sm_system *s, uint64_t pfn)
{
	(void)pfn;
	if (!s->swap || !s->swap->st.anon || !sm_mm_swap_has_space(s))
		return;
	if (all_below(s, WMARK_LOW))
		s->swap->kswapd_pending = true;
}

void sm_mm_kswapd_maybe_run(struct sm_system *s)
{
	if (s->swap && s->swap->kswapd_pending && !s->noreclaim)
		kswapd(s);
}

/* __alloc_pages_slowpath() reduced to direct reclaim and retries */
int sm_mm_alloc_slowpath(struct sm_system *s, unsigned int order, int mt,
			 enum sm_zone_id highest, uint64_t *pfn)
{
	unsigned int no_progress = 0;
	uint64_t rounds = 0, max_rounds;

	if (!s->swap || s->noreclaim || !s->swap->st.anon)
		return -ENOMEM;
	max_rounds = s->swap->st.anon / SWAP_CLUSTER_MAX + MAX_RECLAIM_RETRIES;
	s->swap->st.direct_reclaims++;
	while (no_progress < MAX_RECLAIM_RETRIES && rounds++ < max_rounds) {
		uint64_t got = reclaim(s, SWAP_CLUSTER_MAX << order, highest);

		if (!sm_mm_alloc_block(s, order, mt, highest, pfn))
			return 0;
		no_progress = got ? 0 : no_progress + 1;
	}
	s->swap->st.oom++;
	return -ENOMEM;
}
