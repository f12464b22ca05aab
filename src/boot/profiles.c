// SPDX-License-Identifier: MIT
/*
 * profiles.c - the recorded kernels as data: Debian's arm64 builds of
 * Linux 5.10, 6.1, 6.12, 7.2 and 7.3 (configs in oracle/configs/; 5.10's
 * and 7.3's from kernels.sh --all), with the message formats each one
 * prints; and any release between them, made from the nearest build and
 * the timeline (timeline.c).
 *
 * Formats are the kernel's printk strings with its own conversions turned
 * into C99 ones: %pa (a phys_addr_t) is "0x%016" PRIx64, and %#018Lx is
 * written the same way because the kernel prints the 0x even for zero.
 * Facts come from the kernels' sources and, where they disagree, from the
 * logs recorded in oracle/corpus (the log wins).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PA "0x%016" PRIx64
#define U64 "%" PRIu64


/* Lines every supported kernel prints the same way. */
#define COMMON_MSGS                                                          \
	[SM_MSG_RMEM_NO_SPACE] = { "OF: reserved mem: not enough space for all defined regions.", SM_LOG_ERR }, \
	[SM_MSG_RMEM_INVALID_SIZE] = { "OF: reserved mem: invalid size property in '%s' node.", SM_LOG_ERR }, \
	[SM_MSG_RMEM_INVALID_ALIGN] = { "OF: reserved mem: invalid alignment property in '%s' node.", SM_LOG_ERR }, \
	[SM_MSG_RMEM_INVALID_RANGES] = { "OF: reserved mem: invalid alloc-ranges property in '%s', skipping node.", SM_LOG_ERR }, \
	[SM_MSG_RMEM_ALLOCATED] = { "OF: reserved mem: allocated memory for '%s' node: base " PA ", size " U64 " MiB", SM_LOG_DEBUG }, \
	[SM_MSG_RMEM_INITIALIZED] = { "OF: reserved mem: initialized node %s, compatible id %s", SM_LOG_INFO }, \
	[SM_MSG_RMEM_MATCH_FAIL] = { "OF: reserved mem: node %s compatible matching fail", SM_LOG_INFO }, \
	[SM_MSG_RMEM_OVERLAP] = { "OF: reserved mem: OVERLAP DETECTED!", SM_LOG_ERR }, \
	[SM_MSG_RMEM_OVERLAP_PAIR] = { "%s (" PA "--" PA ") overlaps with %s (" PA "--" PA ")", SM_LOG_ERR }, \
	[SM_MSG_MEM_IGNORE_BLOCK] = { "OF: fdt: Ignoring memory block 0x%" PRIx64 " - 0x%" PRIx64, SM_LOG_WARN }, \
	[SM_MSG_MEM_IGNORE_RANGE] = { "OF: fdt: Ignoring memory range 0x%" PRIx64 " - 0x%" PRIx64, SM_LOG_WARN }, \
	[SM_MSG_CMA_BAD_ALIGN] = { "Reserved memory: incorrect alignment of CMA region", SM_LOG_ERR }, \
	[SM_MSG_CMA_SETUP_FAILED] = { "Reserved memory: unable to setup CMA region", SM_LOG_ERR }, \
	[SM_MSG_CMA_POOL_CREATED] = { "Reserved memory: created CMA memory pool at " PA ", size " U64 " MiB", SM_LOG_INFO }, \
	[SM_MSG_RESTRICTED_CREATED] = { "software IO TLB: Reserved memory: created restricted DMA pool at " PA ", size " U64 " MiB", SM_LOG_INFO }, \
	[SM_MSG_CMA_NO_CONFIG] = { "cma: Config string not provided", SM_LOG_ERR }, \
	[SM_MSG_EARLY_MALFORMED] = { "Malformed early option '%s'", SM_LOG_WARN }, \
	[SM_MSG_CMA_RESERVE_DEBUG] = { "cma: dma_contiguous_reserve(limit %08" PRIx64 ")", SM_LOG_DEBUG }, \
	[SM_MSG_MEM_LIMITED] = { "Memory limited to %" PRIu64 "MB", SM_LOG_INFO }, \
	[SM_MSG_CMA_NO_SLOTS] = { "cma: Not enough slots for CMA reserved regions!", SM_LOG_ERR }, \
	[SM_MSG_CMA_MUST_ALIGN] = { "cma: Region at " PA " must be aligned to " PA " bytes", SM_LOG_ERR }, \
	[SM_MSG_CMA_EXCEEDS_LIMIT] = { "cma: Size (" PA ") of region at " PA " exceeds limit (" PA ")", SM_LOG_ERR }, \
	[SM_MSG_HUGETLB_PER_NODE] = { "hugetlb_cma: reserve %" PRIu64 " MiB, up to %" PRIu64 " MiB per node", SM_LOG_INFO }, \
	[SM_MSG_HUGETLB_RESERVED] = { "hugetlb_cma: reserved %" PRIu64 " MiB on node %d", SM_LOG_INFO }, \
	[SM_MSG_HUGETLB_FAILED] = { "hugetlb_cma: reservation failed: err %d, node %d", SM_LOG_WARN }, \
	[SM_MSG_NUMA_FAKING] = { "NUMA: Faking a node at [mem " PA "-" PA "]", SM_LOG_INFO }, \
	[SM_MSG_ZONE_RANGES] = { "Zone ranges:", SM_LOG_INFO }, \
	[SM_MSG_ZONE_SPAN] = { "  %-8s [mem " PA "-" PA "]", SM_LOG_INFO }, \
	[SM_MSG_ZONE_EMPTY] = { "  %-8s empty", SM_LOG_INFO }, \
	[SM_MSG_MOVABLE_START] = { "Movable zone start for each node", SM_LOG_INFO }, \
	[SM_MSG_EARLY_NODE_RANGES] = { "Early memory node ranges", SM_LOG_INFO }, \
	[SM_MSG_NODE_RANGE] = { "  node %3d: [mem " PA "-" PA "]", SM_LOG_INFO }, \
	[SM_MSG_INITMEM_SETUP] = { "Initmem setup node %d [mem " PA "-" PA "]", SM_LOG_INFO }

/* 5.10: 6.1's lines, but a failed allocation does not say its size */
const struct sm_profile_msgs sm_msgs_5_10 = { {
	COMMON_MSGS,
	[SM_MSG_DMA_POOL_CREATED] = { "Reserved memory: created DMA memory pool at " PA ", size " U64 " MiB", SM_LOG_INFO },
	[SM_MSG_RMEM_ALLOC_FAILED] = { "OF: reserved mem: failed to allocate memory for node '%s'", SM_LOG_ERR },
	[SM_MSG_RMEM_UNSUPPORTED] = { "OF: fdt: Reserved memory: unsupported node format, ignoring", SM_LOG_ERR },
	[SM_MSG_RMEM_INVALID_REG] = { "OF: fdt: Reserved memory: invalid reg property in '%s', skipping node.", SM_LOG_ERR },
	[SM_MSG_RMEM_RESERVED_REG] = { "OF: fdt: Reserved memory: reserved region for node '%s': base " PA ", size " U64 " MiB", SM_LOG_DEBUG },
	[SM_MSG_RMEM_FAILED_REG] = { "OF: fdt: Reserved memory: failed to reserve memory for node '%s': base " PA ", size " U64 " MiB", SM_LOG_ERR },
	[SM_MSG_CMA_BYPASS] = { "Reserved memory: bypass %s node, using cmdline CMA params instead", SM_LOG_INFO },
	[SM_MSG_CMA_RESERVED] = { "cma: Reserved " U64 " MiB at " PA, SM_LOG_INFO },
	[SM_MSG_CMA_FAILED] = { "cma: Failed to reserve " U64 " MiB", SM_LOG_ERR },
	[SM_MSG_CMA_NUMA_FAILED] = { "cma: dma_pernuma_cma_reserve: reservation failed: err %d, node %d", SM_LOG_WARN },
	[SM_MSG_HUGETLB_TOO_SMALL] = { "hugetlb_cma: cma area should be at least " U64 " MiB", SM_LOG_WARN },
} };

/* 6.1: reg parsing lives in drivers/of/fdt.c ("OF: fdt: "). */
const struct sm_profile_msgs sm_msgs_6_1 = { {
	COMMON_MSGS,
	[SM_MSG_RMEM_ALLOC_FAILED] = { "OF: reserved mem: failed to allocate memory for node '%s': size " U64 " MiB", SM_LOG_ERR },
	[SM_MSG_DMA_POOL_CREATED] = { "Reserved memory: created DMA memory pool at " PA ", size " U64 " MiB", SM_LOG_INFO },
	[SM_MSG_RMEM_UNSUPPORTED] = { "OF: fdt: Reserved memory: unsupported node format, ignoring", SM_LOG_ERR },
	[SM_MSG_RMEM_INVALID_REG] = { "OF: fdt: Reserved memory: invalid reg property in '%s', skipping node.", SM_LOG_ERR },
	[SM_MSG_RMEM_RESERVED_REG] = { "OF: fdt: Reserved memory: reserved region for node '%s': base " PA ", size " U64 " MiB", SM_LOG_DEBUG },
	[SM_MSG_RMEM_FAILED_REG] = { "OF: fdt: Reserved memory: failed to reserve memory for node '%s': base " PA ", size " U64 " MiB", SM_LOG_ERR },
	[SM_MSG_CMA_BYPASS] = { "Reserved memory: bypass %s node, using cmdline CMA params instead", SM_LOG_INFO },
	[SM_MSG_CMA_RESERVED] = { "cma: Reserved " U64 " MiB at " PA, SM_LOG_INFO },
	[SM_MSG_CMA_FAILED] = { "cma: Failed to reserve " U64 " MiB", SM_LOG_ERR },
	[SM_MSG_CMA_NUMA_FAILED] = { "cma: dma_pernuma_cma_reserve: reservation failed: err %d, node %d", SM_LOG_WARN },
	[SM_MSG_HUGETLB_TOO_SMALL] = { "hugetlb_cma: cma area should be at least " U64 " MiB", SM_LOG_WARN },
} };

/* of_reserved_mem.c took over reg parsing: its prefix doubles the words. */
#define MOVED_REG_MSGS                                                        \
	[SM_MSG_RMEM_UNSUPPORTED] = { "OF: reserved mem: Reserved memory: unsupported node format, ignoring", SM_LOG_ERR }, \
	[SM_MSG_RMEM_INVALID_REG] = { "OF: reserved mem: Reserved memory: invalid reg property in '%s', skipping node.", SM_LOG_ERR }, \
	[SM_MSG_RMEM_RESERVED_REG] = { "OF: reserved mem: Reserved memory: reserved region for node '%s': base " PA ", size " U64 " MiB", SM_LOG_DEBUG }, \
	[SM_MSG_RMEM_FAILED_REG] = { "OF: reserved mem: Reserved memory: failed to reserve memory for node '%s': base " PA ", size " U64 " MiB", SM_LOG_ERR }, \
	[SM_MSG_RMEM_SUMMARY] = { "OF: reserved mem: " PA ".." PA " (" U64 " KiB) %s %s %s", SM_LOG_INFO }, \
	[SM_MSG_RMEM_TOO_MANY_DYN] = { "OF: reserved mem: too many defined dynamic regions, skip '%s'", SM_LOG_ERR }

const struct sm_profile_msgs sm_msgs_6_12 = { {
	COMMON_MSGS,
	[SM_MSG_RMEM_ALLOC_FAILED] = { "OF: reserved mem: failed to allocate memory for node '%s': size " U64 " MiB", SM_LOG_ERR },
	[SM_MSG_DMA_POOL_CREATED] = { "Reserved memory: created DMA memory pool at " PA ", size " U64 " MiB", SM_LOG_INFO },
	MOVED_REG_MSGS,
	[SM_MSG_RMEM_NO_NODE] = { "OF: reserved mem: Reserved memory: No reserved-memory node in the DT", SM_LOG_INFO },
	[SM_MSG_RMEM_IGNORES_EXTRA] = { "OF: reserved mem: fdt_scan_reserved_mem_reg_nodes() ignores %d regions in node '%s'", SM_LOG_WARN },
	/* never printed by this build (no NUMA CMA configured) */
	[SM_MSG_CMA_NUMA_FAILED] = { "cma: dma_numa_cma_reserve: reservation failed: err %d, node %d", SM_LOG_WARN },
	[SM_MSG_CMA_BYPASS] = { "Reserved memory: bypass %s node, using cmdline CMA params instead", SM_LOG_INFO },
	[SM_MSG_CMA_RESERVED] = { "cma: Reserved " U64 " MiB at " PA " on node %d", SM_LOG_INFO },
	[SM_MSG_CMA_FAILED] = { "cma: Failed to reserve " U64 " MiB on node %d", SM_LOG_ERR },
	[SM_MSG_HUGETLB_TOO_SMALL] = { "hugetlb_cma: cma area should be at least " U64 " MiB", SM_LOG_WARN },
} };

/* 7.2: the cma= check sits in the CMA driver; node ids left the lines. */
const struct sm_profile_msgs sm_msgs_7_2 = { {
	COMMON_MSGS,
	[SM_MSG_RMEM_ALLOC_FAILED] = { "OF: reserved mem: failed to allocate memory for node '%s': size " U64 " MiB", SM_LOG_ERR },
	[SM_MSG_DMA_POOL_CREATED] = { "Reserved memory: created DMA memory pool at " PA ", size " U64 " MiB", SM_LOG_INFO },
	MOVED_REG_MSGS,
	[SM_MSG_RMEM_NO_NODE] = { "OF: reserved mem: Reserved memory: No reserved-memory node in the DT", SM_LOG_INFO },
	[SM_MSG_RMEM_MULTI_REG] = { "OF: reserved mem: Reserved memory: node '%s' has %d <base size> entries, only the first is used", SM_LOG_WARN },
	[SM_MSG_CMA_SKIP_DEFAULT] = { "Skipping dt linux,cma-default node in favor for \"cma=\" kernel param.", SM_LOG_ERR },
	[SM_MSG_CMA_RESERVED] = { "cma: Reserved " U64 " MiB at " PA, SM_LOG_INFO },
	[SM_MSG_CMA_FAILED] = { "cma: Failed to reserve " U64 " MiB", SM_LOG_ERR },
	[SM_MSG_CMA_RESERVED_RANGES] = { "cma: Reserved " U64 " MiB in %d range%s", SM_LOG_INFO },
	[SM_MSG_CMA_NUMA_FAILED] = { "cma: dma_numa_cma_reserve: reservation failed: err %d, node %d", SM_LOG_WARN },
	[SM_MSG_HUGETLB_TOO_SMALL] = { "hugetlb_cma: cma area must be a multiple of " U64 " MiB", SM_LOG_WARN },
} };

/* 7.3: coherent.c prints the DMA pool's size in KiB */
const struct sm_profile_msgs sm_msgs_7_3 = { {
	COMMON_MSGS,
	[SM_MSG_RMEM_ALLOC_FAILED] = { "OF: reserved mem: failed to allocate memory for node '%s': size " U64 " MiB", SM_LOG_ERR },
	MOVED_REG_MSGS,
	[SM_MSG_DMA_POOL_CREATED_KIB] = { "Reserved memory: created DMA memory pool at " PA ", size " U64 " KiB", SM_LOG_INFO },
	[SM_MSG_RMEM_NO_NODE] = { "OF: reserved mem: Reserved memory: No reserved-memory node in the DT", SM_LOG_INFO },
	[SM_MSG_RMEM_MULTI_REG] = { "OF: reserved mem: Reserved memory: node '%s' has %d <base size> entries, only the first is used", SM_LOG_WARN },
	[SM_MSG_CMA_SKIP_DEFAULT] = { "Skipping dt linux,cma-default node in favor for \"cma=\" kernel param.", SM_LOG_ERR },
	[SM_MSG_CMA_RESERVED] = { "cma: Reserved " U64 " MiB at " PA, SM_LOG_INFO },
	[SM_MSG_CMA_FAILED] = { "cma: Failed to reserve " U64 " MiB", SM_LOG_ERR },
	[SM_MSG_CMA_RESERVED_RANGES] = { "cma: Reserved " U64 " MiB in %d range%s", SM_LOG_INFO },
	[SM_MSG_CMA_NUMA_FAILED] = { "cma: dma_numa_cma_reserve: reservation failed: err %d, node %d", SM_LOG_WARN },
	[SM_MSG_HUGETLB_TOO_SMALL] = { "hugetlb_cma: cma area must be a multiple of " U64 " MiB", SM_LOG_WARN },
} };

/* Defined in boot_env.c: the allocations each kernel makes after rmem. */
extern const struct sm_late_model sm_late_5_10, sm_late_6_1, sm_late_6_12, sm_late_7_2,
					 sm_late_7_3;

/* What the three Debian arm64 configs share (oracle/configs). */
#define DEBIAN_ARM64						\
	.page_shift = 12,		/* 4 KiB pages */		\
	.pageblock_order = 9,		/* THP: 2 MiB pageblocks */	\
	.max_order = 10,						\
	.cma_size_mbytes = 64,		/* CONFIG_CMA_SIZE_MBYTES */	\
	.max_cma_areas = 20,		/* MAX_CMA_AREAS */		\
	.max_reserved_regions = 64,	/* MAX_RESERVED_REGIONS */	\
	.cma_alignment = 8,		/* CONFIG_CMA_ALIGNMENT */	\
	.smp_cache_bytes = 64,		/* L1_CACHE_BYTES */		\
	.zone_dma = true,		/* CONFIG_ZONE_DMA */		\
	.zone_dma32 = true,		/* CONFIG_ZONE_DMA32 */		\
	.restricted_dma_pool = false	/* no CONFIG_DMA_RESTRICTED_POOL */

/* What the 7.x builds (7.2, 7.3) share beyond DEBIAN_ARM64. */
#define RULES_7X							\
	.rmem_flow = SM_RMEM_FLOW_EARLY_LATE,	\
	.cma_default_vs_cmdline = SM_CMA_DEFAULT_SKIP,	\
	.sort = SM_SORT_V612,	\
	.sort_by_node = false,	\
	.prop_len_invalid_is_absent = true,	\
	.reg_first_entry_only = true,	\
	.rmem_not_mine_enodev = true,	\
	.rmem_early_fail_empties = true,	\
	.memparse_saturates = true,	\
	.alloc_ranges_heuristic = true,	\
	.cma_reserve_before_zones = true,	\
	.has_zone_device = true,	\
	.dma_zone_from_limit = true,	\
	.cma_sysfs = true,	\
	.cma_fail_msg_always = true,	\
	.cma_msg_requested_size = true,	\
	.cma_cmdline_limit_wins = true,	\
	.rmem_drop_failed = true,	\
	.rmem_record_size = 40,	\
	.numa_cma = SM_NUMA_CMA_AFTER_DEFAULT,	\
	.hugetlb_cma_align_order = 18,	\
	.hugetlb_cma_after_default = true

static const struct sm_profile profiles[SM_KERNEL_COUNT] = {
	[SM_KERNEL_5_10] = {
		.id = SM_KERNEL_5_10,
		.name = "5.10",
		.version = SM_KV(5, 10),
		.recorded = true,
		.requested = "5.10",
		.modelled = "Debian's 5.10 build, recorded",
		.release = "5.10.0-32-arm64 (Debian 5.10.223-1)",
		DEBIAN_ARM64,
		.nr_cpus = 256,
		.kernel_image_base = 0x40200000,
		.kernel_image_end = 0x41cd0000,
		.kernel_pages_present = true,
		.rmem_flow = SM_RMEM_FLOW_SORTED,
		.cma_default_vs_cmdline = SM_CMA_DEFAULT_BYPASS,
		.sort = SM_SORT_V61,
		.nomap_removes = true,
		.cma_align_max_order = true,
		.rmem_record_size = 56,
		.numa_cma = SM_NUMA_CMA_PERNUMA_EARLY,
		.hugetlb_cma_align_order = 9,
		.msgs = &sm_msgs_5_10,
		.late = &sm_late_5_10,
	},
	[SM_KERNEL_6_1] = {
		.id = SM_KERNEL_6_1,
		.name = "6.1",
		.version = SM_KV(6, 1),
		.recorded = true,
		.requested = "6.1",
		.modelled = "Debian's 6.1 build, recorded",
		.release = "6.1.0-50-arm64 (Debian 6.1.176-1)",
		DEBIAN_ARM64,
		.nr_cpus = 256,
		.kernel_image_base = 0x40210000,
		.kernel_image_end = 0x42210000,
		.kernel_pages_present = true,
		.rmem_flow = SM_RMEM_FLOW_SORTED,
		.cma_default_vs_cmdline = SM_CMA_DEFAULT_BYPASS,
		.sort = SM_SORT_V61,
		.sort_by_node = false,
		.alloc_ranges_heuristic = false,
		.cma_reserve_before_zones = false,
		.has_zone_device = false,
		.dma_zone_from_limit = false,
		.cma_sysfs = false,
		.rmem_record_size = 56,
		.numa_cma = SM_NUMA_CMA_PERNUMA_EARLY,
		.hugetlb_cma_align_order = 9,
		.msgs = &sm_msgs_6_1,
		.late = &sm_late_6_1,
	},
	[SM_KERNEL_6_12] = {
		.id = SM_KERNEL_6_12,
		.name = "6.12",
		.version = SM_KV(6, 12),
		.recorded = true,
		.requested = "6.12",
		.modelled = "Debian's 6.12 build, recorded",
		.release = "6.12.107+deb13-arm64 (Debian 6.12.107-1)",
		DEBIAN_ARM64,
		.nr_cpus = 512,
		.kernel_image_base = 0x40200000,
		.kernel_image_end = 0x426f0000,
		.rmem_flow = SM_RMEM_FLOW_EARLY_LATE,
		.cma_default_vs_cmdline = SM_CMA_DEFAULT_BYPASS,
		.sort = SM_SORT_V612,
		.sort_by_node = true,
		.alloc_ranges_heuristic = true,
		.cma_reserve_before_zones = false,
		.has_zone_device = true,
		.dma_zone_from_limit = true,
		.cma_sysfs = false,
		.rmem_record_size = 48,
		.numa_cma = SM_NUMA_CMA_NONE,
		.hugetlb_cma_align_order = 18,
		.msgs = &sm_msgs_6_12,
		.late = &sm_late_6_12,
	},
	[SM_KERNEL_7_2] = {
		.id = SM_KERNEL_7_2,
		.name = "7.2",
		.version = SM_KV(7, 2),
		.recorded = true,
		.requested = "7.2",
		.modelled = "Debian's 7.2 build, recorded",
		.release = "7.2.13+deb14-arm64 (Debian 7.2.13-1)",
		DEBIAN_ARM64,
		.nr_cpus = 512,
		.kernel_image_base = 0x40200000,
		.kernel_image_end = 0x43100000,
		RULES_7X,
		.msgs = &sm_msgs_7_2,
		.late = &sm_late_7_2,
	},
	[SM_KERNEL_7_3] = {
		.id = SM_KERNEL_7_3,
		.name = "7.3",
		.version = SM_KV(7, 3),
		.recorded = true,
		.requested = "7.3",
		.modelled = "Debian's 7.3 build, recorded",
		.release = "7.3.4+deb13-arm64 (Debian 7.3.4-1~bpo13+1)",
		DEBIAN_ARM64,
		.nr_cpus = 512,
		.kernel_image_base = 0x40200000,
		.kernel_image_end = 0x43440000,
		RULES_7X,
		.msgs = &sm_msgs_7_3,
		.late = &sm_late_7_3,
	},
};

/*
 * The recorded build whose data (Kconfig, image, early allocations) a
 * release uses: the newest at or below it, unless that build allocates
 * its memory map in the other order than the release's rules do (the
 * 7.x move of the CMA areas before the zones), then the oldest above.
 */
static const struct sm_profile *build_for(unsigned int version, bool cma_first)
{
	const struct sm_profile *best = NULL;

	for (size_t i = 0; i < SM_KERNEL_COUNT; i++)
		if (profiles[i].version <= version &&
		    profiles[i].late->sparse_before_cma != cma_first)
			best = &profiles[i];
	for (size_t i = 0; !best && i < SM_KERNEL_COUNT; i++)
		if (profiles[i].version > version &&
		    profiles[i].late->sparse_before_cma != cma_first)
			best = &profiles[i];
	return best;
}

struct modelled {
	struct sm_profile p;
	struct sm_profile_msgs msgs;
	char name[8];
	char requested[64];
	char modelled[256];
	struct modelled *next;
};

/* every release asked for, kept for the process's life */
static struct modelled *made;

static struct modelled *made_find(const char *requested)
{
	for (struct modelled *m = made; m; m = m->next)
		if (!strcmp(m->requested, requested))
			return m;
	return NULL;
}

/*
 * A stable or vendor release of a recorded X.Y ("6.12.58",
 * "7.3.4+deb13-arm64"): that build's rules and data, under the name the
 * user typed, so that every output says what was asked and what answered.
 */
static const struct sm_profile *typed_release(const char *requested,
					      const struct sm_profile *build)
{
	struct modelled *m = made_find(requested);

	if (m)
		return &m->p;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->p = *build;
	snprintf(m->requested, sizeof(m->requested), "%s", requested);
	snprintf(m->modelled, sizeof(m->modelled),
		 "Debian's %s build (%s), recorded; %s taken as a %s release",
		 build->name, build->release, requested, build->name);
	m->p.requested = m->requested;
	m->p.modelled = m->modelled;
	m->next = made;
	made = m;
	return &m->p;
}

static const struct sm_profile *model_release(const char *requested,
					      unsigned int version)
{
	const struct sm_profile *build;
	struct sm_profile probe = profiles[0];
	struct sm_profile_msgs pm = *profiles[0].msgs;
	struct modelled *m = made_find(requested);

	if (m)
		return &m->p;
	sm_boot_timeline_apply(&probe, &pm, version);
	build = build_for(version, probe.cma_reserve_before_zones);
	m = calloc(1, sizeof(*m));
	if (!m || !build) {
		free(m);
		return NULL;
	}
	m->p = *build;
	m->msgs = *build->msgs;
	sm_boot_timeline_apply(&m->p, &m->msgs, version);
	sm_boot_kernel_version_str(version, m->name, sizeof(m->name));
	snprintf(m->requested, sizeof(m->requested), "%s", requested);
	snprintf(m->modelled, sizeof(m->modelled),
		 "rules up to %s from the timeline; Debian's %s build (%s) for Kconfig, image and early allocations",
		 m->name, build->name, build->release);
	m->p.name = m->name;
	m->p.version = version;
	m->p.recorded = false;
	m->p.requested = m->requested;
	m->p.modelled = m->modelled;
	m->p.msgs = &m->msgs;
	m->next = made;
	made = m;
	return &m->p;
}

const struct sm_profile *sm_boot_profile_find(const char *name)
{
	unsigned int v;

	if (!name)
		return NULL;
	for (size_t i = 0; i < SM_KERNEL_COUNT; i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	if (sm_boot_kernel_version_parse(name, &v) || v < SM_KV_OLDEST ||
	    v > SM_KV_NEWEST)
		return NULL;
	/* a stable release or a vendor's tag of a recorded X.Y is that build */
	for (size_t i = 0; i < SM_KERNEL_COUNT; i++)
		if (profiles[i].version == v)
			return typed_release(name, &profiles[i]);
	return model_release(name, v);
}
const struct sm_profile *sm_boot_profile_default(void)
{
	return &profiles[SM_KERNEL_6_12];
}

const struct sm_profile *sm_boot_profile_at(size_t i)
{
	return i < SM_KERNEL_COUNT ? &profiles[i] : NULL;
}

size_t sm_boot_profile_count(void)
{
	return SM_KERNEL_COUNT;
}

const char *sm_boot_profile_names(void)
{
	return "5.10 to 7.3, as X.Y[.Z][-suffix]; recorded: 5.10, 6.1, 6.12, 7.2, 7.3";
}

/* ---- what other layers may know of a profile (socmem/profile.h) ---------- */

enum sm_kernel_id sm_boot_profile_id(const struct sm_profile *p)
{
	return p->id;
}

const char *sm_boot_profile_name(const struct sm_profile *p)
{
	return p->name;
}

const char *sm_boot_profile_release(const struct sm_profile *p)
{
	return p->release;
}

unsigned int sm_boot_profile_version(const struct sm_profile *p)
{
	return p->version;
}

const char *sm_boot_profile_requested(const struct sm_profile *p)
{
	return p->requested;
}

const char *sm_boot_profile_modelled(const struct sm_profile *p)
{
	return p->modelled;
}

unsigned int sm_boot_profile_page_shift(const struct sm_profile *p)
{
	return p->page_shift;
}

unsigned int sm_boot_profile_max_order(const struct sm_profile *p)
{
	return p->max_order;
}

unsigned int sm_boot_profile_cma_alignment(const struct sm_profile *p)
{
	return p->cma_alignment;
}

bool sm_boot_profile_cma_sysfs(const struct sm_profile *p)
{
	return p->cma_sysfs;
}

bool sm_boot_profile_cma_debugfs(const struct sm_profile *p)
{
	return p->cma_debugfs;
}

const struct sm_kconfig *sm_boot_profile_kconfig(const struct sm_profile *p)
{
	return p->kconfig;
}
