/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of src/mm/ share: the page frame metadata,
 * zones with their free lists, pageblocks, CMA areas and the system.
 *
 * Page frames are numbered by absolute pfn in the API and by index
 * (pfn - sys->base_pfn) inside, so that free-list links fit in 32 bits.
 *
 * Invariants (sm_mm_check() walks them all):
 *  1. The managed frames of a zone are partitioned into aligned blocks of
 *     2^order frames; a block's first frame carries SM_PG_BUDDY (free) or
 *     SM_PG_HEAD (allocated), no other frame does.
 *  2. A free block is on exactly one list: zone->area[order].list[mt] with
 *     mt == its pageblock's free-list type (MIGRATE_ISOLATE while the
 *     pageblock is isolated); blocks larger than a pageblock have the
 *     same type on every pageblock they cover.
 *  3. Two free buddies of order < max_order are never both free unless a
 *     pageblock type forbids the merge (CMA/isolate at >= pageblock order).
 *  4. zone->nr_free == free pages not isolated; nr_free_cma likewise on
 *     MIGRATE_CMA lists; managed == free + allocated pages.
 *  5. A CMA bitmap bit is set iff its pages are allocated with SM_PG_CONTIG.
 */
#ifndef SOCMEM_MM_INTERNAL_H
#define SOCMEM_MM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <socmem/mm.h>

#define SM_MM_MAX_ORDERS 16	/* array bound; the profile's max_order < it */
#define SM_IDX_NONE UINT32_MAX	/* end of a free list */

/* struct sm_page flags */
#define SM_PG_RAM 0x01	   /* memory the kernel maps (not NOMAP, not a hole) */
#define SM_PG_MANAGED 0x02 /* given to the buddy allocator */
#define SM_PG_BUDDY 0x04   /* first frame of a free block */
#define SM_PG_HEAD 0x08	   /* first frame of an allocated block */
#define SM_PG_MOVABLE 0x10 /* allocated block is movable (PageLRU) */
#define SM_PG_CONTIG 0x20  /* allocated by cma_alloc (alloc_contig_range) */

/**
 * struct sm_page - one page frame, 12 bytes (Linux: 64)
 * @next: free block: next index on its free list; allocated block: owner id
 * @prev: free block: previous index; allocated block: pin count
 * @order: block order (first frame only)
 * @flags: SM_PG_*
 * @mt: free block: the list it is on; allocated block: requested type
 * @zone: enum sm_zone_id
 */
struct sm_page {
	uint32_t next;
	uint32_t prev;
	uint8_t order;
	uint8_t flags;
	uint8_t mt;
	uint8_t zone;
};

struct sm_free_list {
	uint32_t head;
	uint32_t tail;
};

/**
 * struct sm_free_area - free_area[order] of a zone
 * @list: one list per migratetype
 * @nr_free: blocks on all lists (per type, /proc/pagetypeinfo walks them)
 */
struct sm_free_area {
	struct sm_free_list list[SM_MIGRATE_TYPES];
	uint64_t nr_free;
};

/**
 * struct sm_zone - one zone
 * @start_pfn: span start
 * @end_pfn: span end (exclusive)
 * @present: RAM frames in the span (NOMAP included, holes not)
 * @managed: frames given to the buddy allocator
 * @cma_pages: managed frames in CMA areas
 * @nr_free: NR_FREE_PAGES (isolated free pages excluded)
 * @nr_free_cma: NR_FREE_CMA_PAGES
 * @nonempty: per migratetype, bit o set when area[o].list[mt] is not empty
 * @area: the free areas
 */
struct sm_zone {
	uint64_t start_pfn;
	uint64_t end_pfn;
	uint64_t present;
	uint64_t managed;
	uint64_t cma_pages;
	uint64_t nr_free;
	uint64_t nr_free_cma;
	uint32_t nonempty[SM_MIGRATE_TYPES];
	struct sm_free_area area[SM_MM_MAX_ORDERS];
};

/**
 * struct sm_cma - one CMA area, as mm/cma.c keeps it
 * @sys: the system it belongs to
 * @name: its name
 * @base_pfn: first pfn
 * @count: pages (0 when activation failed)
 * @order_per_bit: pages per bit, as an order
 * @bitmap: (count >> order_per_bit) bits, set = allocated
 * @nbits: bits in @bitmap
 * @available: free pages (7.x available_count)
 * @alloc_success: pages allocated (sysfs alloc_pages_success)
 * @alloc_fail: pages that failed (sysfs alloc_pages_fail)
 * @release_success: pages released (sysfs release_pages_success)
 * @is_default: the default area
 */
struct sm_cma {
	struct sm_system *sys;
	char name[64];
	uint64_t base_pfn;
	uint64_t count;
	unsigned int order_per_bit;
	uint64_t *bitmap;
	uint64_t nbits;
	uint64_t available;
	uint64_t alloc_success;
	uint64_t alloc_fail;
	uint64_t release_success;
	bool is_default;
};

/* owner.c: interned struct sm_page_owner copies, id 0 = none */
struct sm_owner_slot {
	struct sm_page_owner o;
	uint64_t refs;
};

struct sm_owners {
	struct sm_owner_slot *slots; /* slots[0] unused */
	uint32_t nslots;
	uint32_t cap;
	uint32_t free_head; /* a freed slot, chained through refs */
	uint32_t *hash;	    /* open addressing, 0 = empty */
	uint32_t hcap;	    /* power of 2 */
	uint32_t hused;	    /* live + deleted entries */
	uint32_t hlive;	    /* live entries */
};

/**
 * struct sm_mm_stats - event counters (a subset of /proc/vmstat, vmstat.c)
 */
struct sm_mm_stats {
	uint64_t pgalloc[SM_NR_ZONES]; /* pages the buddy allocator handed
					* out, per zone (rmqueue()) */
	uint64_t pgfree;	  /* pages freed to it, boot's included */
	uint64_t pgmigrate_success; /* pages migrated */
	uint64_t pgmigrate_fail;    /* pages that could not migrate */
	uint64_t cma_alloc_success; /* cma_alloc calls */
	uint64_t cma_alloc_fail;
	uint64_t claimed_blocks;    /* pageblocks claimed by a fallback */
	uint64_t stolen;	    /* fallback allocations without a claim */
	uint64_t swapped_out;	    /* blocks evicted to their owner */
	uint64_t nr_zspages;	    /* pages zsmalloc holds (NR_ZSPAGES) */
};

struct sm_system {
	const struct sm_board *board;
	unsigned int page_shift;
	unsigned int pageblock_order;
	unsigned int max_order;
	bool mobility_disabled; /* page_group_by_mobility_disabled */
	/* frames */
	uint64_t base_pfn;	/* first pfn of DRAM */
	uint64_t end_pfn;	/* one past the last */
	struct sm_page *pages;	/* end_pfn - base_pfn entries */
	size_t pages_bytes;
	uint64_t pb_base;	/* base_pfn rounded down to a pageblock */
	uint8_t *pageblock;	/* per pageblock: migratetype | SM_PB_ISOLATE */
	size_t npageblocks;
	/* physical memory */
	int phys_fd;
	uint8_t *phys;		/* mapping of the whole span */
	uint64_t phys_bytes;
	/* zones, CMA */
	struct sm_zone zones[SM_NR_ZONES];
	int8_t preferred[SM_NR_ZONES]; /* first zone of each zonelist, or -1 */
	struct sm_cma *cma;
	size_t ncma;
	uint64_t totalcma_pages;
	struct sm_owners owners;
	struct sm_mm_stats stats;
	/* swap.h: anonymous memory, the LRU, swap areas (NULL until used) */
	struct sm_swap *swap;
	unsigned int noreclaim;	/* memalloc_noreclaim depth */
	/* the kernel log since the system started */
	struct sm_kmsg *log;
	size_t nlog;
	size_t caplog;
};

/* ---- helpers -------------------------------------------------------- */

static inline struct sm_page *sm_pg(const struct sm_system *s, uint64_t pfn)
{
	return &s->pages[pfn - s->base_pfn];
}

static inline uint32_t sm_idx(const struct sm_system *s, uint64_t pfn)
{
	return (uint32_t)(pfn - s->base_pfn);
}

static inline uint64_t sm_pfn(const struct sm_system *s, uint32_t idx)
{
	return s->base_pfn + idx;
}

static inline bool sm_pfn_in_span(const struct sm_system *s, uint64_t pfn)
{
	return pfn >= s->base_pfn && pfn < s->end_pfn;
}

static inline uint64_t sm_pb_nr(const struct sm_system *s)
{
	return 1ULL << s->pageblock_order;
}

static inline uint64_t sm_pb_start(const struct sm_system *s, uint64_t pfn)
{
	return pfn & ~(sm_pb_nr(s) - 1);
}

static inline bool sm_mt_mergeable(int mt)
{
	return mt < SM_MIGRATE_PCPTYPES;
}

/* ---- free lists (inline: the allocator's hot path) --------------------- */

static inline void sm_fl_add(struct sm_system *s, struct sm_zone *z, uint64_t pfn,
	       unsigned int order, int mt, bool tail)
{
	struct sm_free_area *a = &z->area[order];
	struct sm_free_list *l = &a->list[mt];
	struct sm_page *p = sm_pg(s, pfn);
	uint32_t idx = sm_idx(s, pfn);

	p->flags = (uint8_t)((p->flags & (SM_PG_RAM | SM_PG_MANAGED)) |
			     SM_PG_BUDDY);
	p->order = (uint8_t)order;
	p->mt = (uint8_t)mt;
	if (l->head == SM_IDX_NONE) {
		p->next = p->prev = SM_IDX_NONE;
		l->head = l->tail = idx;
	} else if (tail) {
		p->next = SM_IDX_NONE;
		p->prev = l->tail;
		s->pages[l->tail].next = idx;
		l->tail = idx;
	} else {
		p->prev = SM_IDX_NONE;
		p->next = l->head;
		s->pages[l->head].prev = idx;
		l->head = idx;
	}
	a->nr_free++;
	z->nonempty[mt] |= 1u << order;
}

/* take a free block off its list; it is neither free nor allocated now */
static inline void sm_fl_del(struct sm_system *s, struct sm_zone *z, uint64_t pfn,
	       unsigned int order)
{
	struct sm_page *p = sm_pg(s, pfn);
	struct sm_free_area *a = &z->area[order];
	struct sm_free_list *l = &a->list[p->mt];

	if (p->prev == SM_IDX_NONE)
		l->head = p->next;
	else
		s->pages[p->prev].next = p->next;
	if (p->next == SM_IDX_NONE)
		l->tail = p->prev;
	else
		s->pages[p->next].prev = p->prev;
	a->nr_free--;
	if (l->head == SM_IDX_NONE)
		z->nonempty[p->mt] &= ~(1u << order);
	p->flags &= SM_PG_RAM | SM_PG_MANAGED;
	p->next = p->prev = 0;
}

/* move_to_free_list(): to the tail of another type's list */
static inline void sm_fl_move_tail(struct sm_system *s, struct sm_zone *z, uint64_t pfn,
		     unsigned int order, int new_mt)
{
	sm_fl_del(s, z, pfn, order);
	sm_fl_add(s, z, pfn, order, new_mt, true);
}

/* account_freepages(): isolated pages are not free pages */
static inline void sm_account_free(struct sm_zone *z, int64_t nr, int mt)
{
	if (mt == SM_MIGRATE_ISOLATE)
		return;
	z->nr_free += (uint64_t)nr;
	if (mt == SM_MIGRATE_CMA)
		z->nr_free_cma += (uint64_t)nr;
}

/* ---- block lookup --------------------------------------------------- */

/* page_is_buddy(): a free block of exactly @order in the same zone */
static inline bool sm_is_buddy(const struct sm_system *s, uint64_t pfn, unsigned int order,
		 unsigned int zone)
{
	const struct sm_page *p;

	if (!sm_pfn_in_span(s, pfn))
		return false;
	p = sm_pg(s, pfn);
	return (p->flags & SM_PG_BUDDY) && p->order == order &&
	       p->zone == zone;
}


/* ---- physmem.c ------------------------------------------------------ */

int sm_mm_physmem_init(struct sm_system *s, const char *path,
		       struct sm_diag *diag);
void sm_mm_physmem_release(struct sm_system *s);

/* ---- pageblock.c ---------------------------------------------------- */

#define SM_PB_MT_MASK 0x07
#define SM_PB_ISOLATE 0x08

int sm_mm_pb_init(struct sm_system *s);

/* sm_pb_mt() - the free-list type of @pfn's pageblock */
static inline int sm_pb_mt(const struct sm_system *s, uint64_t pfn)
{
	uint8_t b = s->pageblock[(pfn - s->pb_base) >> s->pageblock_order];

	return (b & SM_PB_ISOLATE) ? SM_MIGRATE_ISOLATE : (b & SM_PB_MT_MASK);
}

int sm_mm_pb_mt_raw(const struct sm_system *s, uint64_t pfn);  /* without isolate */
bool sm_mm_pb_isolated(const struct sm_system *s, uint64_t pfn);
void sm_mm_pb_set_mt(struct sm_system *s, uint64_t pfn, int mt);
void sm_mm_pb_set_isolate(struct sm_system *s, uint64_t pfn, bool on);
void sm_mm_pb_change_range(struct sm_system *s, uint64_t pfn,
			   unsigned int order, int mt);
bool sm_mm_pb_prep_move(struct sm_system *s, struct sm_zone *z, uint64_t pfn,
			uint64_t *start, uint64_t *nfree, uint64_t *nmovable);
uint64_t sm_mm_pb_move_free(struct sm_system *s, struct sm_zone *z,
			    uint64_t start, int old_mt, int new_mt);

/* ---- page_alloc.c --------------------------------------------------- */

/* alloc flags, as the kernel's ALLOC_* that matter here */
#define SM_ALLOC_CMA 0x1
#define SM_ALLOC_NOFRAGMENT 0x2

void sm_mm_free_one(struct sm_system *s, struct sm_zone *z, uint64_t pfn,
		    unsigned int order, int mt, bool to_tail);
void sm_mm_split_free(struct sm_system *s, uint64_t pfn, unsigned int order,
		      bool to_tail);
void sm_mm_free_block(struct sm_system *s, uint64_t pfn, unsigned int order,
		      bool to_tail);
void sm_mm_zonelists_init(struct sm_system *s);
int sm_mm_alloc_block(struct sm_system *s, unsigned int order, int mt,
		      enum sm_zone_id highest, uint64_t *pfn);
bool sm_mm_block_of(const struct sm_system *s, uint64_t pfn, uint64_t *head);
uint64_t sm_mm_find_large_buddy(const struct sm_system *s, uint64_t start);

static inline struct sm_zone *sm_zone_of(struct sm_system *s, uint64_t pfn)
{
	return &s->zones[sm_pg(s, pfn)->zone];
}

/* ---- page_isolation.c / contig.c ----------------------------------- */

int sm_mm_isolate_range(struct sm_system *s, uint64_t start, uint64_t end);
void sm_mm_undo_isolate_range(struct sm_system *s, uint64_t start, uint64_t end,
			      int mt);
bool sm_mm_range_isolated_free(const struct sm_system *s, uint64_t start,
			       uint64_t end);
int sm_mm_alloc_contig_range(struct sm_system *s, uint64_t start, uint64_t end);
void sm_mm_free_contig_range(struct sm_system *s, uint64_t pfn, uint64_t count);

/* ---- migrate.c ------------------------------------------------------ */

bool sm_mm_block_migratable(const struct sm_system *s, uint64_t head);
int sm_mm_migrate_block(struct sm_system *s, uint64_t head);
int sm_mm_migrate_range(struct sm_system *s, uint64_t start, uint64_t end);

/* ---- owner.c -------------------------------------------------------- */

int sm_mm_owner_get(struct sm_owners *t, const struct sm_page_owner *o,
		    uint32_t *id);
void sm_mm_owner_put(struct sm_owners *t, uint32_t id);
const struct sm_page_owner *sm_mm_owner_at(const struct sm_owners *t,
					   uint32_t id);
void sm_mm_owners_release(struct sm_owners *t);

/* ---- cma.c ---------------------------------------------------------- */

int sm_mm_cma_activate_all(struct sm_system *s);
void sm_mm_cma_release_all(struct sm_system *s);
uint64_t sm_mm_cma_used(const struct sm_cma *cma);
uint64_t sm_mm_cma_maxchunk(const struct sm_cma *cma);
struct sm_buf;
void sm_mm_cma_free_runs(const struct sm_cma *cma, struct sm_buf *b,
			 uint64_t *total, bool plus_marks_offset);

/* ---- dma_pool.c ----------------------------------------------------- */

int sm_mm_dma_atomic_pools_init(struct sm_system *s);

/* ---- mm_profile.c: per-kernel behaviour of the running system -------- */

/**
 * struct sm_mm_profile - what differs between kernels at run time
 * @cma_alloc_func: __func__ in the cma_alloc failure message
 * @cma_show_areas: the failure message is followed by the free-space dump
 * @cma_show_ranges: the dump is per range (v6.15+ multi-range format)
 * @cma_nowindow_ret: ret printed when no bitmap window was ever found
 * @cma_count_early_fail: an empty area, or a request larger than the
 *	area, still counts as a failure (6.1: goto out)
 * @cma_big_searches: a request larger than the area goes through the
 *	search and fails with the message (v6.15+ cma_range_alloc()); before,
 *	it returns before the message
 * @cma_available_check: stop when count > available pages (v6.15+)
 * @cma_release_counter: sysfs has release_pages_success
 * @cma_sysfs_totals: sysfs has total_pages and available_pages (v6.15+)
 * @atomic_pools_need_zone: the GFP_KERNEL and GFP_DMA32 atomic DMA pools
 *	are made only when their zone has memory (7.x; before, always)
 * @atomic_pool_dma32_limit_max: the DMA32 pool may use the default CMA
 *	area up to max(4 GiB, zone_dma_limit) (6.12+; 6.1: 4 GiB)
 * @meminfo: the /proc/meminfo labels, in order, NULL-terminated
 * @vmalloc_total_kb: VmallocTotal (the arch's vmalloc space)
 * @swap_frontswap: swapon's "Adding ..." line ends with "FS" (6.1:
 *	CONFIG_FRONTSWAP allocates its map for every area)
 * @swap_fixed_prio: areas without a priority all get -1 (DEF_SWAP_PRIO);
 *	before, each got the next lower one (-2, -3, ...)
 */
struct sm_mm_profile {
	const char *cma_alloc_func;
	bool cma_show_areas;
	bool cma_show_ranges;
	int cma_nowindow_ret;
	bool cma_count_early_fail;
	bool cma_big_searches;
	bool cma_available_check;
	bool cma_release_counter;
	bool cma_sysfs_totals;
	bool atomic_pools_need_zone;
	bool atomic_pool_dma32_limit_max;
	const char *const *meminfo;
	uint64_t vmalloc_total_kb;
	bool swap_frontswap;
	bool swap_fixed_prio;
};

const struct sm_mm_profile *sm_mm_profile(const struct sm_system *s);

/* ---- system.c: the log ---------------------------------------------- */

int sm_mm_printk(struct sm_system *s, enum sm_loglevel level,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- meminfo.c ------------------------------------------------------ */

/* a growing text buffer for the reports */
struct sm_buf {
	char *p;
	size_t len;
	size_t cap;
	int err;
};

void sm_mm_buf_printf(struct sm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- vmstat.c ------------------------------------------------------- */

/* the /proc/vmstat names of the system's kernel, in order, NULL-ended */
const char *const *sm_mm_vmstat_names(const struct sm_system *s);
void sm_mm_vmstat_format(const struct sm_system *s, struct sm_buf *b);

#endif /* SOCMEM_MM_INTERNAL_H */
