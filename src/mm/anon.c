// SPDX-License-Identifier: MIT
/*
 * anon.c - anonymous memory: mappings whose pages appear on first write,
 * go to swap under pressure and come back on the next touch (Linux
 * mm/memory.c do_anonymous_page() and do_swap_page(), mm/rmap.c as far as
 * one mapping per page goes, mm/swapfile.c try_to_unuse()).
 *
 * Each mapping is the owner (struct sm_page_owner) of its pages: when
 * migration moves one, moved() updates the pte and the LRU; when
 * reclaim evicts one, evicted() turns the pte into the swap entry.
 *
 * Simplified: pages are order 0 (no THP, no swap of large folios); a
 * page is mapped once (no fork, no KSM); swap-in reads only the page
 * touched (zram areas are SWP_SYNCHRONOUS_IO, where the kernel reads no
 * readahead either) and frees its slot at once, so the swap cache stays
 * empty (SwapCached 0) - as do_swap_page() does for a synchronous device
 * when the slot has one user.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "swap.h"

static const uint8_t zero_page[4096];

static void anon_moved(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		       unsigned int order)
{
	struct sm_anon *a = ctx;
	struct sm_system *s = a->sys;
	uint32_t index = s->swap->frames[sm_idx(s, old_pfn)].index;

	(void)order;
	a->pte[index] = new_pfn << 1 | 1;
	sm_mm_lru_move(s, old_pfn, new_pfn);
}

static void anon_evicted(void *ctx, uint64_t pfn, unsigned int order,
			 uint64_t entry)
{
	struct sm_anon *a = ctx;
	struct sm_system *s = a->sys;
	uint32_t index = s->swap->frames[sm_idx(s, pfn)].index;

	(void)order;
	a->pte[index] = entry << 1;
	sm_mm_lru_del(s, pfn);
}

static struct sm_page_owner owner_of(struct sm_anon *a)
{
	return (struct sm_page_owner){ .moved = anon_moved, .ctx = a,
				       .evicted = anon_evicted };
}

static int register_anon(struct sm_swap *sw, struct sm_anon *a)
{
	uint32_t id;

	for (id = 0; id < sw->nanons && sw->anons[id]; id++)
		;
	if (id == sw->capanons) {
		uint32_t cap = sw->capanons ? sw->capanons * 2 : 16;
		struct sm_anon **n = realloc(sw->anons, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		memset(n + sw->capanons, 0, (cap - sw->capanons) * sizeof(*n));
		sw->anons = n;
		sw->capanons = cap;
	}
	if (id == sw->nanons)
		sw->nanons++;
	sw->anons[id] = a;
	a->id = id;
	return 0;
}

int sm_mm_anon_create(struct sm_system *sys, uint64_t pages,
		      struct sm_anon **out)
{
	struct sm_swap *sw;
	struct sm_anon *a;

	if (!pages || pages >= UINT32_MAX)
		return -EINVAL;
	sw = sm_mm_swap_get(sys);
	a = sw ? calloc(1, sizeof(*a)) : NULL;
	if (!a)
		return -ENOMEM;
	a->sys = sys;
	a->pages = pages;
	a->pte = calloc(pages, sizeof(*a->pte));
	if (!a->pte || register_anon(sw, a)) {
		free(a->pte);
		free(a);
		return -ENOMEM;
	}
	*out = a;
	return 0;
}

/* zap_pte_range(): pages freed, slots released */
void sm_mm_anon_destroy(struct sm_anon *anon)
{
	struct sm_system *s;

	if (!anon)
		return;
	s = anon->sys;
	for (uint64_t i = 0; i < anon->pages; i++) {
		uint64_t pte = anon->pte[i];

		if (pte_present(pte)) {
			sm_mm_lru_del(s, pte >> 1);
			sm_mm_free_pages(s, pte >> 1, 0);
		} else if (pte_swapped(pte)) {
			sm_mm_swap_slot_free(s, pte >> 1, true);
		}
	}
	s->swap->anons[anon->id] = NULL;
	while (s->swap->nanons && !s->swap->anons[s->swap->nanons - 1])
		s->swap->nanons--;
	free(anon->pte);
	free(anon);
}

/* a new page for @index: zeroed (do_anonymous_page) or not (swap-in) */
static int new_page(struct sm_anon *a, uint64_t index, uint64_t *pfn)
{
	struct sm_page_owner o = owner_of(a);

	return sm_mm_alloc_pages(a->sys, 0, SM_MIGRATE_MOVABLE, SM_ZONE_NORMAL,
				 &o, pfn);
}

static void map_page(struct sm_anon *a, uint64_t index, uint64_t pfn)
{
	a->pte[index] = pfn << 1 | 1;
	sm_mm_lru_add(a->sys, pfn, a->id, (uint32_t)index);
}

/*
 * do_swap_page() for a synchronous device: read the slot into a new
 * page, then free the slot (swap_free(): the device is told).
 */
int sm_mm_anon_swapin(struct sm_anon *a, uint64_t index)
{
	struct sm_system *s = a->sys;
	uint64_t entry = a->pte[index] >> 1, pfn;
	int ret = new_page(a, index, &pfn);

	if (ret)
		return ret;
	/* reclaim during the allocation cannot touch a swapped page */
	ret = sm_mm_swap_read(s, entry, sm_mm_pfn_virt(s, pfn));
	if (ret) {
		sm_mm_free_pages(s, pfn, 0);
		return -EIO;
	}
	sm_mm_swap_slot_free(s, entry, true);
	map_page(a, index, pfn);
	s->swap->st.pswpin++;
	return 0;
}

int sm_mm_anon_fault(struct sm_anon *anon, uint64_t index, bool write,
		     void **bytes)
{
	struct sm_system *s = anon->sys;
	uint64_t pte, pfn;
	int ret = 0;

	if (index >= anon->pages)
		return -EINVAL;
	pte = anon->pte[index];
	if (pte_present(pte)) {
		sm_mm_lru_touch(s, pte >> 1);
	} else if (pte_swapped(pte)) {
		ret = sm_mm_anon_swapin(anon, index);
	} else if (!write) {
		*bytes = (void *)zero_page;	/* the shared zero page */
		return 0;
	} else {
		ret = new_page(anon, index, &pfn);
		if (!ret) {
			memset(sm_mm_pfn_virt(s, pfn), 0,
			       (size_t)1 << s->page_shift);
			map_page(anon, index, pfn);
		}
	}
	if (ret)
		return ret;
	*bytes = sm_mm_pfn_virt(s, anon->pte[index] >> 1);
	return 0;
}

enum sm_anon_state sm_mm_anon_state(const struct sm_anon *anon,
				    uint64_t index)
{
	uint64_t pte = index < anon->pages ? anon->pte[index] : 0;

	if (pte_present(pte))
		return SM_ANON_RESIDENT;
	return pte_swapped(pte) ? SM_ANON_SWAPPED : SM_ANON_NONE;
}

uint64_t sm_mm_anon_pages(const struct sm_anon *anon)
{
	return anon->pages;
}

/* try_to_unuse(): every page on area @type back in memory */
int sm_mm_anon_unuse(struct sm_system *s, unsigned int type)
{
	struct sm_swap *sw = s->swap;

	for (uint32_t id = 0; id < sw->nanons; id++) {
		struct sm_anon *a = sw->anons[id];

		for (uint64_t i = 0; a && i < a->pages; i++) {
			uint64_t pte = a->pte[i];
			int ret;

			if (!pte_swapped(pte) || swp_type(pte >> 1) != type)
				continue;
			ret = sm_mm_anon_swapin(a, i);
			if (ret)
				return ret == -EIO ? -EIO : -ENOMEM;
		}
	}
	return 0;
}
