/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of src/boot/ share: memblock, the message
 * catalogue, the reserved-memory records, and the boot context.
 */
#ifndef SOCMEM_BOOT_INTERNAL_H
#define SOCMEM_BOOT_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <socmem/board.h>

#include "profile.h"

/* The kernel's "not an address" and "no limit". */
#define SM_PHYS_ADDR_MAX UINT64_MAX
#define SM_ALLOC_ANYWHERE UINT64_MAX  /* MEMBLOCK_ALLOC_ANYWHERE */
#define SM_ALLOC_ACCESSIBLE 0	      /* MEMBLOCK_ALLOC_ACCESSIBLE */
#define SM_NUMA_NO_NODE (-1)

#define SM_SZ_1K 1024ULL
#define SM_SZ_1M (1024ULL * 1024)
#define SM_SZ_4G (4ULL << 30)

static inline uint64_t sm_round_down(uint64_t x, uint64_t align)
{
	return x & ~(align - 1);
}

static inline uint64_t sm_round_up(uint64_t x, uint64_t align)
{
	return (x + align - 1) & ~(align - 1);
}

static inline bool sm_is_power_of_2(uint64_t x)
{
	return x && !(x & (x - 1));
}

/* ---- memblock.c ---------------------------------------------------- */

int sm_boot_memblock_init(struct sm_memblock *mb);
void sm_boot_memblock_release(struct sm_memblock *mb);
int sm_boot_memblock_add(struct sm_memblock *mb, uint64_t base, uint64_t size);
int sm_boot_memblock_remove(struct sm_memblock *mb, uint64_t base,
			    uint64_t size);
int sm_boot_memblock_reserve(struct sm_memblock *mb, uint64_t base,
			     uint64_t size, unsigned int flags);
int sm_boot_memblock_phys_free(struct sm_memblock *mb, uint64_t base,
			       uint64_t size);
int sm_boot_memblock_mark_nomap(struct sm_memblock *mb, uint64_t base,
				uint64_t size);
int sm_boot_memblock_clear_nomap(struct sm_memblock *mb, uint64_t base,
				 uint64_t size);
int sm_boot_memblock_set_node(struct sm_memblock *mb, uint64_t base,
			      uint64_t size, int nid);
bool sm_boot_memblock_is_region_reserved(const struct sm_memblock *mb,
					 uint64_t base, uint64_t size);
bool sm_boot_memblock_overlaps_memory(const struct sm_memblock *mb,
				      uint64_t base, uint64_t size);
uint64_t sm_boot_memblock_start_of_dram(const struct sm_memblock *mb);
uint64_t sm_boot_memblock_end_of_dram(const struct sm_memblock *mb);
uint64_t sm_boot_memblock_find_in_range(const struct sm_memblock *mb,
					uint64_t size, uint64_t align,
					uint64_t start, uint64_t end);
uint64_t sm_boot_memblock_alloc_range(struct sm_memblock *mb, uint64_t size,
				      uint64_t align, uint64_t start, uint64_t end,
				      unsigned int flags);
uint64_t sm_boot_memblock_alloc_pages(struct sm_memblock *mb, uint64_t count,
				      uint64_t page, unsigned int flags);
void sm_boot_memblock_mem_limit_remove_map(struct sm_memblock *mb,
					   uint64_t limit);
int sm_boot_memblock_type_copy(struct sm_memblock_type *dst,
			       const struct sm_memblock_type *src);

/* ---- messages (profiles.c, bootlog.c) ------------------------------ */

/*
 * Every line the modelled kernels can print, one id each. The comment
 * after an id lists the arguments every profile's format takes, in order;
 * a profile may drop trailing ones, never reorder them.
 */
enum sm_msg_id {
	/* drivers/of/fdt.c, drivers/of/of_reserved_mem.c */
	SM_MSG_RMEM_UNSUPPORTED,     /* - */
	SM_MSG_RMEM_INVALID_REG,     /* name */
	SM_MSG_RMEM_RESERVED_REG,    /* name, base, MiB (debug) */
	SM_MSG_RMEM_FAILED_REG,	     /* name, base, MiB */
	SM_MSG_RMEM_NO_NODE,	     /* - */
	SM_MSG_RMEM_IGNORES_EXTRA,   /* count, name */
	SM_MSG_RMEM_MULTI_REG,	     /* name, entries */
	SM_MSG_RMEM_TOO_MANY_DYN,    /* name */
	SM_MSG_RMEM_NO_SPACE,	     /* - */
	SM_MSG_RMEM_INVALID_SIZE,    /* name */
	SM_MSG_RMEM_INVALID_ALIGN,   /* name */
	SM_MSG_RMEM_INVALID_RANGES,  /* name */
	SM_MSG_RMEM_ALLOCATED,	     /* name, base, MiB (debug) */
	SM_MSG_RMEM_ALLOC_FAILED,    /* name, MiB */
	SM_MSG_RMEM_INITIALIZED,     /* name, compatible */
	SM_MSG_RMEM_MATCH_FAIL,	     /* name */
	SM_MSG_RMEM_SUMMARY,	     /* base, end, KiB, map, reusable, name */
	SM_MSG_RMEM_OVERLAP,	     /* - */
	SM_MSG_RMEM_OVERLAP_PAIR,    /* n1, b1, e1, n2, b2, e2 */
	/* drivers/of/fdt.c memory nodes */
	SM_MSG_MEM_IGNORE_BLOCK,     /* start, end */
	SM_MSG_MEM_IGNORE_RANGE,     /* start, end */
	/* kernel/dma/contiguous.c, coherent.c, swiotlb.c */
	SM_MSG_CMA_SKIP_DEFAULT,     /* - */
	SM_MSG_CMA_BYPASS,	     /* name */
	SM_MSG_CMA_BAD_ALIGN,	     /* - */
	SM_MSG_CMA_SETUP_FAILED,     /* - */
	SM_MSG_CMA_POOL_CREATED,     /* base, MiB */
	SM_MSG_DMA_POOL_CREATED,     /* base, MiB */
	SM_MSG_DMA_POOL_CREATED_KIB, /* base, KiB */
	SM_MSG_RESTRICTED_CREATED,   /* base, MiB */
	SM_MSG_CMA_NO_CONFIG,	     /* - */
	SM_MSG_EARLY_MALFORMED,	     /* param */
	SM_MSG_CMA_RESERVE_DEBUG,    /* limit */
	SM_MSG_MEM_LIMITED,	     /* MiB */
	/* mm/cma.c */
	SM_MSG_CMA_NO_SLOTS,	     /* - */
	SM_MSG_CMA_MUST_ALIGN,	     /* base, alignment */
	SM_MSG_CMA_EXCEEDS_LIMIT,    /* size, base, limit */
	SM_MSG_CMA_RESERVED,	     /* MiB, base, nid */
	SM_MSG_CMA_FAILED,	     /* MiB, nid */
	SM_MSG_CMA_RESERVED_RANGES,  /* MiB, ranges, plural "s" */
	SM_MSG_CMA_NUMA_FAILED,	     /* err, nid */
	SM_MSG_HUGETLB_TOO_SMALL,    /* MiB */
	SM_MSG_HUGETLB_PER_NODE,     /* MiB, per-node MiB */
	SM_MSG_HUGETLB_RESERVED,     /* MiB, nid */
	SM_MSG_HUGETLB_FAILED,	     /* err, nid */
	/* arch/arm64, mm/mm_init.c */
	SM_MSG_NUMA_FAKING,	     /* start, end */
	SM_MSG_ZONE_RANGES,	     /* - */
	SM_MSG_ZONE_SPAN,	     /* zone name, start, end */
	SM_MSG_ZONE_EMPTY,	     /* zone name */
	SM_MSG_MOVABLE_START,	     /* - */
	SM_MSG_EARLY_NODE_RANGES,    /* - */
	SM_MSG_NODE_RANGE,	     /* nid, start, end */
	SM_MSG_INITMEM_SETUP,	     /* nid, start, end */
	SM_MSG_COUNT,
};

/**
 * struct sm_msg_format - how one kernel prints one message
 * @fmt: printf format (NULL: this kernel does not print it)
 * @level: printk level
 */
struct sm_msg_format {
	const char *fmt;
	enum sm_loglevel level;
};

struct sm_profile_msgs {
	struct sm_msg_format m[SM_MSG_COUNT];
};

/* the recorded builds' formats (profiles.c), which the timeline reuses */
extern const struct sm_profile_msgs sm_msgs_5_10, sm_msgs_6_1, sm_msgs_6_12,
	sm_msgs_7_2, sm_msgs_7_3;

/* ---- timeline.c ----------------------------------------------------- */

#define SM_TIMELINE_MAX_IDS 5

/*
 * struct sm_kernel_change - one change of behaviour or of a message
 * @since: the mainline release that has it first (SM_KV)
 * @stable_from: 0, or an earlier X.Y whose stable series took it as a
 *	backport, as that series' recorded build has it (Debian's 6.12.107
 *	has the reserved-memory rework of v6.13); the change is modelled
 *	from there
 * @commit: the upstream commit (12 hex digits), NULL when unresolved
 * @subject: the upstream commit's subject
 * @evidence: where @since and @commit were confirmed; with no @commit,
 *	what the look-ups found and why the hash is still missing
 * @what: what changed
 * @set: sets the sm_profile fields to after (true) or before (false)
 * @before, @after: whose formats the @ids take either side of it
 * @ids: the messages it changes, ended by SM_MSG_COUNT
 */
struct sm_kernel_change {
	unsigned int since;
	unsigned int stable_from;
	const char *commit;
	const char *subject;
	const char *evidence;
	const char *what;
	void (*set)(struct sm_profile *p, bool on);
	const struct sm_profile_msgs *before, *after;
	enum sm_msg_id ids[SM_TIMELINE_MAX_IDS + 1];
};

const struct sm_kernel_change *sm_boot_kernel_change_at(size_t i);
unsigned int sm_boot_kernel_change_modelled_from(const struct sm_kernel_change *c);
void sm_boot_timeline_apply(struct sm_profile *p, struct sm_profile_msgs *m,
			    unsigned int version);

/**
 * struct sm_late_model - one kernel's early allocations
 * @pgtable_extra: page tables besides one per 2 MiB and 1 GiB block
 * @pgtable_extra_16k: the same with 16 KiB pages (one per 32 MiB and
 *	64 GiB block), fitted on Debian's arm64-16k flavour of the build
 * @init_pg_free: bytes at the end of the image freed after paging_init
 * @device_node_size: sizeof(struct device_node) (unflatten)
 * @property_size: sizeof(struct property)
 * @alias_prop_size: sizeof(struct alias_prop)
 * @numa_distance: 6.1 allocates a 256-byte distance table (4 KiB aligned)
 * @node_data_size: NODE_DATA (pg_data_t rounded to the cache line)
 * @cpumask: a 64-byte cpumask is allocated before sparse_init
 * @sparse_before_cma: sparse_init (mem_section, usemap, memmap) runs
 *	before the default CMA area is reserved
 * @zones_before_memmap: (7.3) free_area_init() prints the zones before
 *	sparse_init() allocates the memory map, not after
 * @map_whole_pages: (7.3) the linear map covers only the whole pages of
 *	a memory region, not its partial first and last page
 * @section_shift: SECTION_SIZE_BITS (27; 30 before v5.12)
 * @sections_per_root: sections one 4 KiB mem_section root holds
 * @section_roots_bytes: the mem_section[] root array sparse_init makes
 * @usemap_per_section: bytes of pageblock flags per section
 * @pcpu_unit_size: the per-CPU first chunk's unit (s + r + d, "u" in
 *	"percpu: Embedded N pages/cpu")
 * @pcpu_chunk: the chunk's bookkeeping allocations, in order (0-ended)
 * @swiotlb_for_kmalloc: without DMA bouncing a small SWIOTLB is still
 *	made for kmalloc() bouncing (CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC)
 * @swiotlb_v510: one try for the 64 MiB buffer, no areas, and two slot
 *	arrays (4 and 8 bytes a slab, page-aligned) after it (5.10)
 * @init_offset: where the image's init section starts, from _stext
 * @init_size: its size (the "init" of the kernel's "Memory:" line),
 *	given back by free_initmem()
 */
struct sm_late_model {
	int pgtable_extra;
	int pgtable_extra_16k;
	uint64_t init_pg_free;
	unsigned int device_node_size;
	unsigned int property_size;
	unsigned int alias_prop_size;
	bool numa_distance;
	uint64_t node_data_size;
	bool cpumask;
	bool sparse_before_cma;
	bool zones_before_memmap;
	bool map_whole_pages;
	unsigned int section_shift;
	unsigned int sections_per_root;
	uint64_t section_roots_bytes;
	uint64_t usemap_per_section;
	uint64_t pcpu_unit_size;
	unsigned int pcpu_chunk[10];
	bool swiotlb_for_kmalloc;
	bool swiotlb_v510;
	uint64_t init_offset;
	uint64_t init_size;
};

/* ---- boot context --------------------------------------------------- */

/*
 * struct sm_rmem - one record of the kernel's reserved_mem[] array.
 * @region: index into board->regions of the region it describes
 * @node: FDT node offset (the third sort key of 6.12)
 * @base, @size: as recorded (dynamic records start at 0/0 in 6.1)
 */
struct sm_rmem {
	int region;
	int node;
	uint64_t base;
	uint64_t size;
};

/*
 * struct sm_boot - what one boot run carries besides the board.
 */
struct sm_boot {
	struct sm_board *b;
	const void *fdt;
	struct sm_dt_index idx;	/* every node of the tree, one pass */
	struct sm_rmem *rmem;	/* reserved_mem[] */
	int rmem_count;		/* reserved_mem_count */
	int rmem_cap;		/* total_reserved_mem_cnt */
	int seq;		/* next sm_region.seq */
	const char *oops;	/* why the real kernel would not boot */
	size_t msg_cap;		/* allocated entries of b->msgs */
	size_t region_cap;	/* allocated entries of b->regions */
	size_t cma_cap;		/* allocated entries of b->cma */
	int late_array_regions; /* size of the 6.12+ late array, in records */
	bool cma_default_set;	/* dma_contiguous_default_area exists */
	uint64_t kernel_end;	/* first byte past the kernel image */
	uint64_t node_data;	/* where NODE_DATA(0) was allocated */
	uint64_t memory_limit;	/* mem= (SM_PHYS_ADDR_MAX: none) */
	uint64_t nr_kernel_pages; /* free pages when the zones are set up */
	uint64_t pernuma_size;	/* cma_pernuma= */
	uint64_t numa_cma_size;	/* numa_cma= for node 0 (the only node) */
	uint64_t hugetlb_cma;	/* hugetlb_cma= total */
	bool hugetlb_per_node;	/* hugetlb_cma= named node 0 */
	bool nomem;		/* a record of the model itself failed */
	unsigned int cma_refused; /* CMA areas refused for want of a slot */
};

/*
 * A region's outcome keeps the first reason the kernel gave up on it
 * (include/socmem/outcome.h); later steps only add numbers.
 */
static inline void sm_region_why(struct sm_region *r, enum sm_why why)
{
	if (r->outcome.why == SM_WHY_NONE)
		r->outcome.why = why;
}

/* A property whose length the kernel refuses; the first one is kept. */
static inline void sm_region_bad_prop(struct sm_region *r, const char *prop,
				      int len, uint64_t want, bool ignored)
{
	if (r->outcome.prop)
		return;
	r->outcome.prop = prop;
	r->outcome.prop_len = len;
	r->outcome.prop_want = (unsigned int)want;
	r->outcome.prop_ignored = ignored;
	if (!ignored)
		sm_region_why(r, SM_WHY_BAD_PROPERTY);
}

/* bootlog.c */
int sm_boot_log(struct sm_boot *bt, enum sm_msg_id id, ...);
bool sm_boot_is_memline(const char *text);
void sm_boot_warn_at(struct sm_boot *bt, int node, const char *prop,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* boot.c: memory nodes into memblock, one range as the kernel adds it */
void sm_boot_scan_memory(struct sm_boot *bt);
void sm_boot_add_memory(struct sm_boot *bt, uint64_t base, uint64_t size);

/* loader.c: the boot environment's RAM, the loader's placements */
int sm_boot_loader_setup_memory(struct sm_boot *bt);
void sm_boot_loader_place(struct sm_boot *bt);
void sm_boot_loader_reserve_initrd(struct sm_boot *bt);

/* boot.c: a node offset by path through the index, or -ENOENT */
int sm_boot_find_node(const struct sm_boot *bt, const char *path);

/* board_query.c */
int sm_boot_board_find_region_by_node(const struct sm_board *b, int node);

/* memblock-backed helpers of boot.c */
uint64_t sm_boot_pageblock_bytes(const struct sm_boot *bt);
/* CMA's minimum alignment: a pageblock (5.10: the largest buddy block) */
uint64_t sm_boot_cma_min_align(const struct sm_boot *bt);

/* reserved_mem.c */
int sm_boot_rmem_early_scan(struct sm_boot *bt);
int sm_boot_rmem_late_scan(struct sm_boot *bt);
int sm_boot_rmem_add_region(struct sm_boot *bt, int node, const char *name,
			    int *index);

/* rmem_handlers.c: the RESERVEDMEM_OF_DECLARE table */
int sm_boot_rmem_init_node(struct sm_boot *bt, struct sm_rmem *rec);

/* rmem_sort.c: lib/sort.c, both variants */
typedef int (*sm_cmp_fn)(const void *a, const void *b, const void *priv);
void sm_boot_kernel_sort(void *base, size_t num, size_t size, sm_cmp_fn cmp,
			 const void *priv, enum sm_sort_variant variant);

/* cma_declare.c: mm/cma.c */
int sm_boot_cma_init_reserved_mem(struct sm_boot *bt, uint64_t base,
				  uint64_t size, unsigned int order_per_bit,
				  const char *name, int region, int *index);
/*
 * struct sm_cma_request - the arguments of cma_declare_contiguous_nid()
 * @multi_range: declared through 7.x's cma_declare_contiguous_multi()
 *	(its own success line)
 * @outcome: where to record why it failed (the default area's region),
 *	or NULL
 */
struct sm_cma_request {
	uint64_t base;
	uint64_t size;
	uint64_t limit;
	uint64_t alignment;
	unsigned int order_per_bit;
	bool fixed;
	const char *name;
	int nid;
	bool multi_range;
	struct sm_region_outcome *outcome;
};

int sm_boot_cma_declare_contiguous(struct sm_boot *bt,
				   const struct sm_cma_request *rq, int *index);

/* contiguous.c: kernel/dma/contiguous.c; early_params.c */
void sm_boot_early_cma(struct sm_boot *bt, const char *value);
int sm_boot_parse_early_params(struct sm_boot *bt);

/* extra_cma.c: cma_pernuma=, numa_cma=, hugetlb_cma= */
void sm_boot_early_cma_pernuma(struct sm_boot *bt, const char *value);
void sm_boot_early_numa_cma(struct sm_boot *bt, const char *value);
void sm_boot_early_hugetlb_cma(struct sm_boot *bt, const char *value);
void sm_boot_numa_cma_reserve(struct sm_boot *bt);
void sm_boot_hugetlb_cma_reserve(struct sm_boot *bt);
int sm_boot_dma_contiguous_reserve(struct sm_boot *bt, uint64_t limit);

/* dma_limit.c: of_dma_get_max_cpu_address() */
uint64_t sm_boot_of_dma_max_cpu_address(struct sm_boot *bt);

/* zones.c */
void sm_boot_zones_compute(struct sm_boot *bt);
void sm_boot_zones_print(struct sm_boot *bt);

/* boot_env.c: the kernel's own allocations */
uint64_t sm_boot_env_kernel_alloc(struct sm_boot *bt, uint64_t size,
				  uint64_t align);
void sm_boot_env_paging_init(struct sm_boot *bt);
void sm_boot_env_unflatten(struct sm_boot *bt);
void sm_boot_env_numa_init(struct sm_boot *bt);
void sm_boot_env_sparse_init(struct sm_boot *bt);
uint64_t sm_boot_env_present_sections(struct sm_boot *bt, uint64_t *roots);
uint64_t sm_boot_env_section_roots(struct sm_boot *bt);

/* boot_late.c: from the CMA areas to memblock_free_all() */
void sm_boot_env_late_init(struct sm_boot *bt);
void sm_boot_env_free_initmem(struct sm_boot *bt);

#endif /* SOCMEM_BOOT_INTERNAL_H */
