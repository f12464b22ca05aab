/* SPDX-License-Identifier: MIT */
/*
 * profile.h - the body of struct sm_profile, private to src/boot: what
 * one kernel build does differently in early memory setup, every switch
 * of boot's behaviour. Other layers see the struct as opaque and ask the
 * accessors of socmem/profile.h (profiles.c).
 */
#ifndef SOCMEM_BOOT_PROFILE_H
#define SOCMEM_BOOT_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

#include <socmem/profile.h>

/**
 * enum sm_rmem_flow - how a kernel walks /reserved-memory
 * @SM_RMEM_FLOW_SORTED: 6.1: scan (static reserved at once, dynamic saved
 *	as 0/0), heapsort every record (not stable), then allocate and
 *	initialise in sorted order; no per-region summary line.
 * @SM_RMEM_FLOW_EARLY_LATE: 6.12 and later: static regions reserved in DT
 *	order, dynamic ones allocated and initialised in DT order at once;
 *	static ones initialised later, when the tree is unflattened.
 */
enum sm_rmem_flow {
	SM_RMEM_FLOW_SORTED,
	SM_RMEM_FLOW_EARLY_LATE,
};

/**
 * enum sm_cma_default_vs_cmdline - a `linux,cma-default` node when `cma=`
 * is on the command line
 * @SM_CMA_DEFAULT_BYPASS: up to 6.18: the node is reserved, then the CMA
 *	handler prints "bypass" and fails, so its memory is given back.
 * @SM_CMA_DEFAULT_SKIP: 7.x: the node is skipped before it is reserved
 *	("Skipping dt linux,cma-default node in favor for "cma=" ...").
 */
enum sm_cma_default_vs_cmdline {
	SM_CMA_DEFAULT_BYPASS,
	SM_CMA_DEFAULT_SKIP,
};

/**
 * enum sm_sort_variant - which lib/sort.c heapsort a kernel has
 * @SM_SORT_V61: one element extracted per step, `>=` picks the child
 * @SM_SORT_V612: two elements extracted per step, `>` picks the child
 */
enum sm_sort_variant {
	SM_SORT_V61,
	SM_SORT_V612,
};

/**
 * enum sm_numa_cma - per-NUMA-node CMA areas (kernel/dma/contiguous.c)
 * @SM_NUMA_CMA_NONE: not configured: cma_pernuma= and numa_cma= ignored
 * @SM_NUMA_CMA_PERNUMA_EARLY: 6.1 (CONFIG_DMA_PERNUMA_CMA): cma_pernuma=
 *	makes "pernuma<N>" right after NUMA init, before the memory map and
 *	the default area
 * @SM_NUMA_CMA_AFTER_DEFAULT: 7.x (CONFIG_DMA_NUMA_CMA): numa_cma= (or,
 *	when it is absent, cma_pernuma=) right after the default area
 */
enum sm_numa_cma {
	SM_NUMA_CMA_NONE,
	SM_NUMA_CMA_PERNUMA_EARLY,
	SM_NUMA_CMA_AFTER_DEFAULT,
};

struct sm_profile_msgs;
struct sm_late_model;
struct sm_kconfig;

/**
 * struct sm_profile - one kernel build
 * @id: the recorded build whose data this profile uses
 * @name: the release modelled, "X.Y" ("6.1", "6.6", "7.3")
 * @release: the uname -r of the recorded build
 * @version: SM_KV() of @name
 * @recorded: a build the oracle booted (not a release between them)
 * @requested: what --kernel said ("6.6.52-qli-1.3"), or @name
 * @modelled: one line saying what was modelled, for outputs
 * @page_shift: 12 (4 KiB pages) on every supported build
 * @pageblock_order: CMA's minimum alignment is PAGE_SIZE << this
 * @max_order: highest buddy order (MAX_ORDER - 1 in 6.1 terms)
 * @cma_size_mbytes: CONFIG_CMA_SIZE_MBYTES (default area without cma=)
 * @max_cma_areas: number of CMA area slots (MAX_CMA_AREAS)
 * @max_reserved_regions: MAX_RESERVED_REGIONS
 * @cma_alignment: CONFIG_CMA_ALIGNMENT (cap on dma/heap alignment order)
 * @nr_cpus: CONFIG_NR_CPUS
 * @smp_cache_bytes: default memblock alignment (L1 line)
 * @kernel_image_base: first byte the boot loader's image occupies
 * @kernel_image_end: first byte past it (_end), as the kernel reserves it
 * @rmem_flow: processing order of /reserved-memory
 * @cma_default_vs_cmdline: linux,cma-default when cma= is given
 * @sort: the heapsort used for the overlap check
 * @sort_by_node: the overlap sort's third key is the FDT node offset
 * @prop_len_invalid_is_absent: a `reg` or `alloc-ranges` that is empty or
 *	not a whole number of entries counts as absent (the v6.19 helper)
 * @reg_first_entry_only: only the first `reg` entry is reserved, with a
 *	warning naming how many there are (7.x)
 * @rmem_not_mine_enodev: a handler that does not claim a node says
 *	-ENODEV and the next one is tried; when none claims it the node is
 *	kept like one without a handler (the v7.1 reserved_mem rework)
 * @memparse_saturates: a number that overflows 64 bits parses as
 *	ULLONG_MAX (7.x)
 * @alloc_ranges_heuristic: dynamic regions with alloc-ranges pick
 *	bottom-up/top-down from neighbouring records (v6.5+)
 * @cma_reserve_before_zones: the default CMA area is reserved before the
 *	zones are printed (7.x) rather than after
 * @has_zone_device: the zone list has "Device" (CONFIG_ZONE_DEVICE)
 * @dma_zone_from_limit: 6.12+ compute the DMA zone from the DT's highest
 *	DMA address rather than from its bit count
 * @cma_sysfs: CONFIG_CMA_SYSFS (the /sys/kernel/mm/cma counters)
 * @cma_debugfs: CONFIG_CMA_DEBUGFS (/sys/kernel/debug/cma/<area>/)
 * @zone_dma: CONFIG_ZONE_DMA (the DMA zone, its atomic pool)
 * @zone_dma32: CONFIG_ZONE_DMA32 (the DMA32 zone, its atomic pool)
 * @kconfig: the .config this profile was configured with
 *	(sm_boot_profile_configured(), socmem/kconfig.h), or NULL: Debian's
 * @rmem_drop_failed: a region whose handler failed leaves the records, so
 *	the overlap check does not see it (7.x)
 * @cma_msg_requested_size: "Reserved %lu MiB" prints the size asked for,
 *	not the size after rounding to the CMA alignment (v6.15+)
 * @cma_cmdline_limit_wins: the limit of cma=S@B-L replaces the DMA zone
 *	limit instead of lowering it (7.x)
 * @cma_fail_msg_always: every failure of cma_declare_contiguous() prints
 *	"Failed to reserve" (v6.15+), not just those after the checks
 * @numa_cma: how cma_pernuma= / numa_cma= areas are made
 * @hugetlb_cma_align_order: alignment of hugetlb_cma= areas, as a page
 *	order (9 in 6.1: HUGETLB_PAGE_ORDER; 18 later: the gigantic page)
 * @hugetlb_cma_after_default: hugetlb_cma= areas come after the default
 *	area and are declared as multi-range areas (7.x)
 * @restricted_dma_pool: CONFIG_DMA_RESTRICTED_POOL (its rmem handler)
 * @rmem_record_size: sizeof(struct reserved_mem) (the late array)
 * @kernel_pages_present: nr_kernel_pages, which sizes the boot hash
 *	tables, counts each zone's present pages less its memmap (6.1
 *	free_area_init_core()); later kernels count the pages memblock has
 *	free (calc_nr_kernel_pages())
 * @nomap_removes: a dynamic no-map region is taken out of
 *	memblock.memory (memblock_remove()) rather than marked
 *	MEMBLOCK_NOMAP; a failed init adds it back, and leaves a static one
 *	no-map (5.10); a static no-map region fails on reserved memory even
 *	outside RAM
 * @cma_align_max_order: CMA areas align to the largest buddy block
 *	(PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order)), not to a
 *	pageblock (5.10)
 * @rmem_early_fail_empties: when the early /reserved-memory scan gives up
 *	(no node, unsupported format) the late array is sized 0 (7.x); in
 *	6.12 it keeps its MAX_RESERVED_REGIONS records and is still allocated
 * @msgs: message formats (private, src/boot/profiles.c)
 * @late: model of the boot-time allocations after reserved-memory
 *	(private, src/boot/boot_env.c)
 */
struct sm_profile {
	enum sm_kernel_id id;
	const char *name;
	const char *release;
	unsigned int version;
	bool recorded;
	const char *requested;
	const char *modelled;
	unsigned int page_shift;
	unsigned int pageblock_order;
	unsigned int max_order;
	unsigned int cma_size_mbytes;
	unsigned int max_cma_areas;
	unsigned int max_reserved_regions;
	unsigned int cma_alignment;
	unsigned int nr_cpus;
	unsigned int smp_cache_bytes;
	uint64_t kernel_image_base;
	uint64_t kernel_image_end;
	enum sm_rmem_flow rmem_flow;
	enum sm_cma_default_vs_cmdline cma_default_vs_cmdline;
	enum sm_sort_variant sort;
	bool sort_by_node;
	bool prop_len_invalid_is_absent;
	bool reg_first_entry_only;
	bool rmem_not_mine_enodev;
	bool rmem_early_fail_empties;
	bool nomap_removes;
	bool cma_align_max_order;
	bool kernel_pages_present;
	bool memparse_saturates;
	bool alloc_ranges_heuristic;
	bool cma_reserve_before_zones;
	bool has_zone_device;
	bool dma_zone_from_limit;
	bool cma_sysfs;
	bool cma_debugfs;
	bool zone_dma;
	bool zone_dma32;
	const struct sm_kconfig *kconfig;
	bool rmem_drop_failed;
	bool cma_msg_requested_size;
	bool cma_cmdline_limit_wins;
	bool cma_fail_msg_always;
	enum sm_numa_cma numa_cma;
	unsigned int hugetlb_cma_align_order;
	bool hugetlb_cma_after_default;
	bool restricted_dma_pool;
	unsigned int rmem_record_size;
	const struct sm_profile_msgs *msgs;
	const struct sm_late_model *late;
};

#endif /* SOCMEM_BOOT_PROFILE_H */
