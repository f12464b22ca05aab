/* SPDX-License-Identifier: MIT */
/*
 * swap.h - what swap.c (swap areas and slots), vmscan.c (the LRU and
 * reclaim) and anon.c (anonymous mappings and their faults) share.
 *
 * Invariants (sm_mm_swap_check() walks them):
 *  1. A frame is on the LRU iff it holds a resident anonymous page: its
 *     frames[] entry names the mapping and index, and that mapping's pte
 *     for the index is present with this pfn.
 *  2. The LRU is a doubly linked list of frame indices, head = most
 *     recently added; nr_anon counts it, nr_active its referenced entries.
 *  3. A swapped pte names an area and a slot whose bit is set in the
 *     area's map; inuse counts the set bits (slot 0, the header, is
 *     never set).
 */
#ifndef SOCMEM_MM_SWAP_H
#define SOCMEM_MM_SWAP_H

#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

#define SWAP_CLUSTER_MAX 32	/* pages reclaimed per round */
#define MAX_RECLAIM_RETRIES 16	/* rounds without progress before OOM */

/* a swap entry as a cookie: area (type) in the top byte, slot below */
#define SWP_TYPE_SHIFT 56
#define SWP_OFFSET_MASK ((1ULL << SWP_TYPE_SHIFT) - 1)

static inline uint64_t swp_entry(unsigned int type, uint64_t slot)
{
	return (uint64_t)type << SWP_TYPE_SHIFT | slot;
}

static inline unsigned int swp_type(uint64_t e)
{
	return (unsigned int)(e >> SWP_TYPE_SHIFT);
}

static inline uint64_t swp_offset(uint64_t e)
{
	return e & SWP_OFFSET_MASK;
}

/* pte of an anonymous page: 0 none, pfn << 1 | 1 present, entry << 1 */
static inline bool pte_present(uint64_t pte)
{
	return pte & 1;
}

static inline bool pte_swapped(uint64_t pte)
{
	return pte && !(pte & 1);
}

#define FRAME_REFERENCED 0x80000000u

/**
 * struct sm_swap_frame - a frame holding an anonymous page (the LRU links
 * and rmap of struct page)
 * @anon: the mapping's id + 1 (0: not an anonymous page), with
 *	FRAME_REFERENCED when touched since the reclaim last looked
 * @index: the page's index in the mapping
 * @prev: LRU neighbour towards the head
 * @next: LRU neighbour towards the tail
 */
struct sm_swap_frame {
	uint32_t anon;
	uint32_t index;
	uint32_t prev;
	uint32_t next;
};

/**
 * struct sm_swap_area - one swap area (swap_info_struct)
 * @dev: the device (@dev.name points to @name)
 * @name: its path
 * @prio: priority
 * @max: slots, the header's included
 * @pages: usable slots (max - 1)
 * @inuse: slots holding a page
 * @map: a bit per slot
 * @next: where the next search for a free slot starts (cluster_next)
 * @off: swapoff is running: no new slots from here
 */
struct sm_swap_area {
	struct sm_swap_device dev;
	char *name;
	int prio;
	uint64_t max;
	uint64_t pages;
	uint64_t inuse;
	uint64_t *map;
	uint64_t next;
	bool off;
};

/**
 * struct sm_swap - a system's swap state, made at the first swapon or
 * anonymous mapping
 * @frames: one entry per frame of the span
 * @lru_head: most recently added frame index, or SM_IDX_NONE
 * @lru_tail: least recently added
 * @anons: mappings by id
 * @nanons: slots in @anons in use
 * @capanons: slots allocated
 * @areas: by type (swap_info[])
 * @least_priority: the last default priority given
 * @wmark: per zone, the min, low and high watermarks in pages
 * @kswapd_pending: memory fell below the low watermarks; balance it at
 *	the next chance (when reclaim is allowed)
 * @kswapd_failures: kswapd runs in a row that reclaimed nothing
 * @st: the counters
 */
struct sm_swap {
	struct sm_swap_frame *frames;
	uint32_t lru_head;
	uint32_t lru_tail;
	struct sm_anon **anons;
	uint32_t nanons;
	uint32_t capanons;
	struct sm_swap_area *areas[SM_MAX_SWAPFILES];
	int least_priority;
	uint64_t wmark[SM_NR_ZONES][3];
	bool kswapd_pending;
	unsigned int kswapd_failures;
	struct sm_swap_stats st;
};

enum { WMARK_MIN, WMARK_LOW, WMARK_HIGH };

/**
 * struct sm_anon - an anonymous mapping
 * @sys: its system
 * @id: its index in sys->swap->anons
 * @pages: length
 * @pte: one entry per page
 */
struct sm_anon {
	struct sm_system *sys;
	uint32_t id;
	uint64_t pages;
	uint64_t *pte;
};

/* swap.c */
struct sm_swap *sm_mm_swap_get(struct sm_system *s);
void sm_mm_swap_destroy(struct sm_system *s);
int sm_mm_swap_slot_alloc(struct sm_system *s, uint64_t *entry);
void sm_mm_swap_slot_free(struct sm_system *s, uint64_t entry, bool notify);
int sm_mm_swap_read(struct sm_system *s, uint64_t entry, void *page);
int sm_mm_swap_write(struct sm_system *s, uint64_t entry, const void *page);
bool sm_mm_swap_has_space(const struct sm_system *s);
void sm_mm_swap_format(const struct sm_system *s, struct sm_buf *b);
int sm_mm_swap_check(const struct sm_system *s, struct sm_diag *diag);

/* vmscan.c */
void sm_mm_wmarks_compute(const struct sm_system *s,
			  uint64_t wm[SM_NR_ZONES][3]);
void sm_mm_wmarks_init(struct sm_system *s);
void sm_mm_lru_add(struct sm_system *s, uint64_t pfn, uint32_t anon_id,
		   uint32_t index);
void sm_mm_lru_del(struct sm_system *s, uint64_t pfn);
void sm_mm_lru_move(struct sm_system *s, uint64_t old_pfn, uint64_t new_pfn);
void sm_mm_lru_touch(struct sm_system *s, uint64_t pfn);
int sm_mm_alloc_slowpath(struct sm_system *s, unsigned int order, int mt,
			 enum sm_zone_id highest, uint64_t *pfn);
void sm_mm_vmscan_allocated(struct sm_system *s, uint64_t pfn);
void sm_mm_kswapd_maybe_run(struct sm_system *s);

/* anon.c */
int sm_mm_anon_swapin(struct sm_anon *a, uint64_t index);
int sm_mm_anon_unuse(struct sm_system *s, unsigned int type);

#endif /* SOCMEM_MM_SWAP_H */
