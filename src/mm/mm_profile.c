// SPDX-License-Identifier: MIT
/*
 * mm_profile.c - what the running system does differently per kernel,
 * indexed by the board profile's enum sm_kernel_id.
 *
 * Verified against the real Debian arm64 kernels booted on the guide's
 * board (oracle/seed-board.dts, cma=64M): the /proc/meminfo labels, the
 * VmallocTotal values and the /sys/kernel/mm/cma files (7.2 only: the
 * 6.1 and 6.12 configs have CONFIG_CMA_SYSFS off); the cma_alloc function
 * names and message formats are the strings in the three vmlinuz images.
 */
#include "internal.h"

/* fs/proc/meminfo.c: 6.1 and 6.12 print the same fields */
static const char *const meminfo_61[] = {
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached",
	"SwapCached", "Active", "Inactive", "Active(anon)", "Inactive(anon)",
	"Active(file)", "Inactive(file)", "Unevictable", "Mlocked",
	"SwapTotal", "SwapFree", "Zswap", "Zswapped", "Dirty", "Writeback",
	"AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab",
	"SReclaimable", "SUnreclaim", "KernelStack", "PageTables",
	"SecPageTables", "NFS_Unstable", "Bounce", "WritebackTmp",
	"CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed",
	"VmallocChunk", "Percpu", "HardwareCorrupted", "AnonHugePages",
	"ShmemHugePages", "ShmemPmdMapped", "FileHugePages", "FilePmdMapped",
	"CmaTotal", "CmaFree", "HugePages_Total", "HugePages_Free",
	"HugePages_Rsvd", "HugePages_Surp", "Hugepagesize", "Hugetlb", NULL,
};

/* 7.2 adds Balloon, GPUActive and GPUReclaim after CmaFree */
static const char *const meminfo_72[] = {
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached",
	"SwapCached", "Active", "Inactive", "Active(anon)", "Inactive(anon)",
	"Active(file)", "Inactive(file)", "Unevictable", "Mlocked",
	"SwapTotal", "SwapFree", "Zswap", "Zswapped", "Dirty", "Writeback",
	"AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab",
	"SReclaimable", "SUnreclaim", "KernelStack", "PageTables",
	"SecPageTables", "NFS_Unstable", "Bounce", "WritebackTmp",
	"CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed",
	"VmallocChunk", "Percpu", "HardwareCorrupted", "AnonHugePages",
	"ShmemHugePages", "ShmemPmdMapped", "FileHugePages", "FilePmdMapped",
	"CmaTotal", "CmaFree", "Balloon", "GPUActive", "GPUReclaim",
	"HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp",
	"Hugepagesize", "Hugetlb", NULL,
};

static const struct sm_mm_profile mm_profiles[SM_KERNEL_COUNT] = {
	/* 5.10: 6.1's (same Kconfig for CMA; its /proc was not recorded) */
	[SM_KERNEL_5_10] = {
		.cma_alloc_func = "cma_alloc",
		.cma_show_areas = false, /* CONFIG_CMA_DEBUG is off */
		.cma_nowindow_ret = -12,
		.cma_count_early_fail = true,
		.meminfo = meminfo_61,
		.vmalloc_total_kb = 133143592960ULL,
		.swap_frontswap = true, /* CONFIG_FRONTSWAP=y */
	},	[SM_KERNEL_6_1] = {
		.cma_alloc_func = "cma_alloc",
		.cma_show_areas = false, /* CONFIG_CMA_DEBUG is off */
		.cma_nowindow_ret = -12,
		.cma_count_early_fail = true,
		.meminfo = meminfo_61,
		.vmalloc_total_kb = 133143592960ULL,
		.swap_frontswap = true, /* CONFIG_FRONTSWAP=y */
	},
	[SM_KERNEL_6_12] = {
		.cma_alloc_func = "__cma_alloc",
		.cma_show_areas = true,
		.cma_nowindow_ret = -12,
		.cma_release_counter = true,
		.atomic_pool_dma32_limit_max = true,
		.meminfo = meminfo_61,
		.vmalloc_total_kb = 135288315904ULL,
	},
	[SM_KERNEL_7_2] = {
		.cma_alloc_func = "__cma_alloc_frozen",
		.cma_show_areas = true,
		.cma_show_ranges = true,
		.cma_nowindow_ret = -16, /* cma_range_alloc() starts at -EBUSY */
		.cma_available_check = true,
		.cma_big_searches = true,
		.cma_release_counter = true,
		.cma_sysfs_totals = true,
		.atomic_pools_need_zone = true,
		.atomic_pool_dma32_limit_max = true,
		.meminfo = meminfo_72,
		.vmalloc_total_kb = 135288315904ULL,
		.swap_fixed_prio = true, /* DEF_SWAP_PRIO, mainline 2026 */
	},	/* 7.3: the same Kconfig as 7.2; its /proc was not recorded apart */
	[SM_KERNEL_7_3] = {
		.cma_alloc_func = "__cma_alloc_frozen",
		.cma_show_areas = true,
		.cma_show_ranges = true,
		.cma_nowindow_ret = -16, /* cma_range_alloc() starts at -EBUSY */
		.cma_available_check = true,
		.cma_big_searches = true,
		.cma_release_counter = true,
		.cma_sysfs_totals = true,
		.atomic_pools_need_zone = true,
		.atomic_pool_dma32_limit_max = true,
		.meminfo = meminfo_72,
		.vmalloc_total_kb = 135288315904ULL,
		.swap_fixed_prio = true, /* DEF_SWAP_PRIO, mainline 2026 */
	},
};

const struct sm_mm_profile *sm_mm_profile(const struct sm_system *s)
{
	return &mm_profiles[sm_boot_profile_id(s->board->profile)];
}
