// SPDX-License-Identifier: MIT
/*
 * vmstat.c - /proc/vmstat (mm/vmstat.c: vmstat_start(), vmstat_show()):
 * one "name value" line per counter, in vmstat_text[]'s order - the zone
 * stat items, the NUMA items, the node stat items, the writeback
 * thresholds, then the vm events - which depends on the kernel version
 * and its config. The tables below are the names the Debian arm64 kernels
 * printed, in order, booted under QEMU on the seed board with cma=64M
 * (tests/mm/oracle/vmstat-debian-<ver>.txt holds those boots' output).
 * The last line, "nr_unstable 0", is a fixed line vmstat_show() keeps
 * for old tools.
 *
 * Values the model has (docs/mm.md lists them): the free and free CMA
 * pages, the anonymous LRU, swap-in and swap-out, the pages the buddy
 * allocator handed out per zone and took back, migrations, the CMA
 * allocations, the dirty thresholds derived from free memory and the
 * pages zsmalloc holds for zram; the counters of things it does not have (page cache, slab, NUMA, THP,
 * compaction, ...) are 0.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "swap.h"

/* Debian's 5.10 (5.10.0-32-arm64) */
static const char *const vmstat_510[] = {
	"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon",
	"nr_zone_inactive_file", "nr_zone_active_file", "nr_zone_unevictable",
	"nr_zone_write_pending", "nr_mlock", "nr_page_table_pages",
	"nr_bounce", "nr_zspages", "nr_free_cma", "numa_hit", "numa_miss",
	"numa_foreign", "numa_interleave", "numa_local", "numa_other",
	"nr_inactive_anon", "nr_active_anon", "nr_inactive_file",
	"nr_active_file", "nr_unevictable", "nr_slab_reclaimable",
	"nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file",
	"workingset_nodes", "workingset_refault_anon",
	"workingset_refault_file", "workingset_activate_anon",
	"workingset_activate_file", "workingset_restore_anon",
	"workingset_restore_file", "workingset_nodereclaim", "nr_anon_pages",
	"nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback",
	"nr_writeback_temp", "nr_shmem", "nr_shmem_hugepages",
	"nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped",
	"nr_anon_transparent_hugepages", "nr_vmscan_write",
	"nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written",
	"nr_kernel_misc_reclaimable", "nr_foll_pin_acquired",
	"nr_foll_pin_released", "nr_kernel_stack", "nr_dirty_threshold",
	"nr_dirty_background_threshold", "pgpgin", "pgpgout", "pswpin",
	"pswpout", "pgalloc_dma", "pgalloc_dma32", "pgalloc_normal",
	"pgalloc_movable", "allocstall_dma", "allocstall_dma32",
	"allocstall_normal", "allocstall_movable", "pgskip_dma",
	"pgskip_dma32", "pgskip_normal", "pgskip_movable", "pgfree",
	"pgactivate", "pgdeactivate", "pglazyfree", "pgfault", "pgmajfault",
	"pglazyfreed", "pgrefill", "pgreuse", "pgsteal_kswapd",
	"pgsteal_direct", "pgscan_kswapd", "pgscan_direct",
	"pgscan_direct_throttle", "pgscan_anon", "pgscan_file", "pgsteal_anon",
	"pgsteal_file", "zone_reclaim_failed", "pginodesteal", "slabs_scanned",
	"kswapd_inodesteal", "kswapd_low_wmark_hit_quickly",
	"kswapd_high_wmark_hit_quickly", "pageoutrun", "pgrotated",
	"drop_pagecache", "drop_slab", "oom_kill", "numa_pte_updates",
	"numa_huge_pte_updates", "numa_hint_faults", "numa_hint_faults_local",
	"numa_pages_migrated", "pgmigrate_success", "pgmigrate_fail",
	"thp_migration_success", "thp_migration_fail", "thp_migration_split",
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"compact_stall", "compact_fail", "compact_success",
	"compact_daemon_wake", "compact_daemon_migrate_scanned",
	"compact_daemon_free_scanned", "htlb_buddy_alloc_success",
	"htlb_buddy_alloc_fail", "unevictable_pgs_culled",
	"unevictable_pgs_scanned", "unevictable_pgs_rescued",
	"unevictable_pgs_mlocked", "unevictable_pgs_munlocked",
	"unevictable_pgs_cleared", "unevictable_pgs_stranded",
	"thp_fault_alloc", "thp_fault_fallback", "thp_fault_fallback_charge",
	"thp_collapse_alloc", "thp_collapse_alloc_failed", "thp_file_alloc",
	"thp_file_fallback", "thp_file_fallback_charge", "thp_file_mapped",
	"thp_split_page", "thp_split_page_failed", "thp_deferred_split_page",
	"thp_split_pmd", "thp_zero_page_alloc", "thp_zero_page_alloc_failed",
	"thp_swpout", "thp_swpout_fallback", "balloon_inflate",
	"balloon_deflate", "balloon_migrate", "swap_ra", "swap_ra_hit",
	"nr_unstable",
	NULL,
};

/* Debian's 6.1 (6.1.0-50-arm64) */
static const char *const vmstat_61[] = {
	"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon",
	"nr_zone_inactive_file", "nr_zone_active_file", "nr_zone_unevictable",
	"nr_zone_write_pending", "nr_mlock", "nr_bounce", "nr_zspages",
	"nr_free_cma", "numa_hit", "numa_miss", "numa_foreign",
	"numa_interleave", "numa_local", "numa_other", "nr_inactive_anon",
	"nr_active_anon", "nr_inactive_file", "nr_active_file",
	"nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable",
	"nr_isolated_anon", "nr_isolated_file", "workingset_nodes",
	"workingset_refault_anon", "workingset_refault_file",
	"workingset_activate_anon", "workingset_activate_file",
	"workingset_restore_anon", "workingset_restore_file",
	"workingset_nodereclaim", "nr_anon_pages", "nr_mapped",
	"nr_file_pages", "nr_dirty", "nr_writeback", "nr_writeback_temp",
	"nr_shmem", "nr_shmem_hugepages", "nr_shmem_pmdmapped",
	"nr_file_hugepages", "nr_file_pmdmapped",
	"nr_anon_transparent_hugepages", "nr_vmscan_write",
	"nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written",
	"nr_throttled_written", "nr_kernel_misc_reclaimable",
	"nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack",
	"nr_page_table_pages", "nr_sec_page_table_pages", "nr_swapcached",
	"pgpromote_success", "pgpromote_candidate", "nr_dirty_threshold",
	"nr_dirty_background_threshold", "pgpgin", "pgpgout", "pswpin",
	"pswpout", "pgalloc_dma", "pgalloc_dma32", "pgalloc_normal",
	"pgalloc_movable", "allocstall_dma", "allocstall_dma32",
	"allocstall_normal", "allocstall_movable", "pgskip_dma",
	"pgskip_dma32", "pgskip_normal", "pgskip_movable", "pgfree",
	"pgactivate", "pgdeactivate", "pglazyfree", "pgfault", "pgmajfault",
	"pglazyfreed", "pgrefill", "pgreuse", "pgsteal_kswapd",
	"pgsteal_direct", "pgdemote_kswapd", "pgdemote_direct",
	"pgscan_kswapd", "pgscan_direct", "pgscan_direct_throttle",
	"pgscan_anon", "pgscan_file", "pgsteal_anon", "pgsteal_file",
	"zone_reclaim_failed", "pginodesteal", "slabs_scanned",
	"kswapd_inodesteal", "kswapd_low_wmark_hit_quickly",
	"kswapd_high_wmark_hit_quickly", "pageoutrun", "pgrotated",
	"drop_pagecache", "drop_slab", "oom_kill", "numa_pte_updates",
	"numa_huge_pte_updates", "numa_hint_faults", "numa_hint_faults_local",
	"numa_pages_migrated", "pgmigrate_success", "pgmigrate_fail",
	"thp_migration_success", "thp_migration_fail", "thp_migration_split",
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"compact_stall", "compact_fail", "compact_success",
	"compact_daemon_wake", "compact_daemon_migrate_scanned",
	"compact_daemon_free_scanned", "htlb_buddy_alloc_success",
	"htlb_buddy_alloc_fail", "cma_alloc_success", "cma_alloc_fail",
	"unevictable_pgs_culled", "unevictable_pgs_scanned",
	"unevictable_pgs_rescued", "unevictable_pgs_mlocked",
	"unevictable_pgs_munlocked", "unevictable_pgs_cleared",
	"unevictable_pgs_stranded", "thp_fault_alloc", "thp_fault_fallback",
	"thp_fault_fallback_charge", "thp_collapse_alloc",
	"thp_collapse_alloc_failed", "thp_file_alloc", "thp_file_fallback",
	"thp_file_fallback_charge", "thp_file_mapped", "thp_split_page",
	"thp_split_page_failed", "thp_deferred_split_page", "thp_split_pmd",
	"thp_scan_exceed_none_pte", "thp_scan_exceed_swap_pte",
	"thp_scan_exceed_share_pte", "thp_zero_page_alloc",
	"thp_zero_page_alloc_failed", "thp_swpout", "thp_swpout_fallback",
	"balloon_inflate", "balloon_deflate", "balloon_migrate", "swap_ra",
	"swap_ra_hit", "ksm_swpin_copy", "cow_ksm", "zswpin", "zswpout",
	"nr_unstable",
	NULL,
};

/* Debian's 6.12 (6.12.117+deb13-arm64) */
static const char *const vmstat_612[] = {
	"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon",
	"nr_zone_inactive_file", "nr_zone_active_file", "nr_zone_unevictable",
	"nr_zone_write_pending", "nr_mlock", "nr_bounce", "nr_zspages",
	"nr_free_cma", "numa_hit", "numa_miss", "numa_foreign",
	"numa_interleave", "numa_local", "numa_other", "nr_inactive_anon",
	"nr_active_anon", "nr_inactive_file", "nr_active_file",
	"nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable",
	"nr_isolated_anon", "nr_isolated_file", "workingset_nodes",
	"workingset_refault_anon", "workingset_refault_file",
	"workingset_activate_anon", "workingset_activate_file",
	"workingset_restore_anon", "workingset_restore_file",
	"workingset_nodereclaim", "nr_anon_pages", "nr_mapped",
	"nr_file_pages", "nr_dirty", "nr_writeback", "nr_writeback_temp",
	"nr_shmem", "nr_shmem_hugepages", "nr_shmem_pmdmapped",
	"nr_file_hugepages", "nr_file_pmdmapped",
	"nr_anon_transparent_hugepages", "nr_vmscan_write",
	"nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written",
	"nr_throttled_written", "nr_kernel_misc_reclaimable",
	"nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack",
	"nr_page_table_pages", "nr_sec_page_table_pages", "nr_iommu_pages",
	"nr_swapcached", "pgpromote_success", "pgpromote_candidate",
	"pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged",
	"nr_dirty_threshold", "nr_dirty_background_threshold",
	"nr_memmap_pages", "nr_memmap_boot_pages", "pgpgin", "pgpgout",
	"pswpin", "pswpout", "pgalloc_dma", "pgalloc_dma32", "pgalloc_normal",
	"pgalloc_movable", "pgalloc_device", "allocstall_dma",
	"allocstall_dma32", "allocstall_normal", "allocstall_movable",
	"allocstall_device", "pgskip_dma", "pgskip_dma32", "pgskip_normal",
	"pgskip_movable", "pgskip_device", "pgfree", "pgactivate",
	"pgdeactivate", "pglazyfree", "pgfault", "pgmajfault", "pglazyfreed",
	"pgrefill", "pgreuse", "pgsteal_kswapd", "pgsteal_direct",
	"pgsteal_khugepaged", "pgscan_kswapd", "pgscan_direct",
	"pgscan_khugepaged", "pgscan_direct_throttle", "pgscan_anon",
	"pgscan_file", "pgsteal_anon", "pgsteal_file", "zone_reclaim_success",
	"zone_reclaim_failed", "pginodesteal", "slabs_scanned",
	"kswapd_inodesteal", "kswapd_low_wmark_hit_quickly",
	"kswapd_high_wmark_hit_quickly", "pageoutrun", "pgrotated",
	"drop_pagecache", "drop_slab", "oom_kill", "numa_pte_updates",
	"numa_huge_pte_updates", "numa_hint_faults", "numa_hint_faults_local",
	"numa_pages_migrated", "pgmigrate_success", "pgmigrate_fail",
	"thp_migration_success", "thp_migration_fail", "thp_migration_split",
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"compact_stall", "compact_fail", "compact_success",
	"compact_daemon_wake", "compact_daemon_migrate_scanned",
	"compact_daemon_free_scanned", "htlb_buddy_alloc_success",
	"htlb_buddy_alloc_fail", "cma_alloc_success", "cma_alloc_fail",
	"unevictable_pgs_culled", "unevictable_pgs_scanned",
	"unevictable_pgs_rescued", "unevictable_pgs_mlocked",
	"unevictable_pgs_munlocked", "unevictable_pgs_cleared",
	"unevictable_pgs_stranded", "thp_fault_alloc", "thp_fault_fallback",
	"thp_fault_fallback_charge", "thp_collapse_alloc",
	"thp_collapse_alloc_failed", "thp_file_alloc", "thp_file_fallback",
	"thp_file_fallback_charge", "thp_file_mapped", "thp_split_page",
	"thp_split_page_failed", "thp_deferred_split_page",
	"thp_underused_split_page", "thp_split_pmd",
	"thp_scan_exceed_none_pte", "thp_scan_exceed_swap_pte",
	"thp_scan_exceed_share_pte", "thp_zero_page_alloc",
	"thp_zero_page_alloc_failed", "thp_swpout", "thp_swpout_fallback",
	"balloon_inflate", "balloon_deflate", "balloon_migrate", "swap_ra",
	"swap_ra_hit", "swpin_zero", "swpout_zero", "ksm_swpin_copy",
	"cow_ksm", "zswpin", "zswpout", "zswpwb", "nr_unstable",
	NULL,
};

/* Debian's 7.2 (7.2.13+deb14-arm64) */
static const char *const vmstat_72[] = {
	"nr_free_pages", "nr_free_pages_blocks", "nr_zone_inactive_anon",
	"nr_zone_active_anon", "nr_zone_inactive_file", "nr_zone_active_file",
	"nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock",
	"nr_zspages", "nr_free_cma", "numa_hit", "numa_miss", "numa_foreign",
	"numa_interleave", "numa_local", "numa_other", "nr_inactive_anon",
	"nr_active_anon", "nr_inactive_file", "nr_active_file",
	"nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable",
	"nr_isolated_anon", "nr_isolated_file", "workingset_nodes",
	"workingset_refault_anon", "workingset_refault_file",
	"workingset_activate_anon", "workingset_activate_file",
	"workingset_restore_anon", "workingset_restore_file",
	"workingset_nodereclaim", "nr_anon_pages", "nr_mapped",
	"nr_file_pages", "nr_dirty", "nr_writeback", "nr_shmem",
	"nr_shmem_hugepages", "nr_shmem_pmdmapped", "nr_file_hugepages",
	"nr_file_pmdmapped", "nr_anon_transparent_hugepages",
	"nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied",
	"nr_written", "nr_throttled_written", "nr_kernel_misc_reclaimable",
	"nr_foll_pin_acquired", "nr_foll_pin_released", "nr_vmalloc",
	"nr_kernel_stack", "nr_page_table_pages", "nr_sec_page_table_pages",
	"nr_iommu_pages", "nr_swapcached", "pgpromote_success",
	"pgpromote_candidate", "pgpromote_candidate_nrl", "pgdemote_kswapd",
	"pgdemote_direct", "pgdemote_khugepaged", "pgdemote_proactive",
	"pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged",
	"pgsteal_proactive", "pgsteal_anon", "pgsteal_file", "pgscan_kswapd",
	"pgscan_direct", "pgscan_khugepaged", "pgscan_proactive",
	"pgscan_anon", "pgscan_file", "pgrefill", "nr_hugetlb",
	"nr_balloon_pages", "nr_kernel_file_pages", "nr_gpu_active",
	"nr_gpu_reclaim", "nr_dirty_threshold",
	"nr_dirty_background_threshold", "nr_memmap_pages",
	"nr_memmap_boot_pages", "pgpgin", "pgpgout", "pswpin", "pswpout",
	"pgalloc_dma", "pgalloc_dma32", "pgalloc_normal", "pgalloc_movable",
	"pgalloc_device", "allocstall_dma", "allocstall_dma32",
	"allocstall_normal", "allocstall_movable", "allocstall_device",
	"pgskip_dma", "pgskip_dma32", "pgskip_normal", "pgskip_movable",
	"pgskip_device", "pgfree", "pgactivate", "pgdeactivate", "pglazyfree",
	"pgfault", "pgmajfault", "pglazyfreed", "pgreuse",
	"pgscan_direct_throttle", "zone_reclaim_success",
	"zone_reclaim_failed", "pginodesteal", "slabs_scanned",
	"kswapd_inodesteal", "kswapd_low_wmark_hit_quickly",
	"kswapd_high_wmark_hit_quickly", "pageoutrun", "pgrotated",
	"drop_pagecache", "drop_slab", "oom_kill", "numa_pte_updates",
	"numa_huge_pte_updates", "numa_hint_faults", "numa_hint_faults_local",
	"numa_pages_migrated", "pgmigrate_success", "pgmigrate_fail",
	"thp_migration_success", "thp_migration_fail", "thp_migration_split",
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"compact_stall", "compact_fail", "compact_success",
	"compact_daemon_wake", "compact_daemon_migrate_scanned",
	"compact_daemon_free_scanned", "htlb_buddy_alloc_success",
	"htlb_buddy_alloc_fail", "cma_alloc_success", "cma_alloc_fail",
	"unevictable_pgs_culled", "unevictable_pgs_scanned",
	"unevictable_pgs_rescued", "unevictable_pgs_mlocked",
	"unevictable_pgs_munlocked", "unevictable_pgs_cleared",
	"unevictable_pgs_stranded", "thp_fault_alloc", "thp_fault_fallback",
	"thp_fault_fallback_charge", "thp_collapse_alloc",
	"thp_collapse_alloc_failed", "thp_file_alloc", "thp_file_fallback",
	"thp_file_fallback_charge", "thp_file_mapped", "thp_split_page",
	"thp_split_page_failed", "thp_deferred_split_page",
	"thp_underused_split_page", "thp_split_pmd",
	"thp_scan_exceed_none_pte", "thp_scan_exceed_swap_pte",
	"thp_scan_exceed_share_pte", "thp_zero_page_alloc",
	"thp_zero_page_alloc_failed", "thp_swpout", "thp_swpout_fallback",
	"balloon_inflate", "balloon_deflate", "balloon_migrate", "swap_ra",
	"swap_ra_hit", "swpin_zero", "swpout_zero", "ksm_swpin_copy",
	"cow_ksm", "zswpin", "zswpout", "zswpwb", "nr_unstable",
	NULL,
};

/* Debian's 7.3 (7.3.4+deb13-arm64) */
static const char *const vmstat_73[] = {
	"nr_free_pages", "nr_free_pages_blocks", "nr_zone_inactive_anon",
	"nr_zone_active_anon", "nr_zone_inactive_file", "nr_zone_active_file",
	"nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock",
	"nr_zspages", "nr_free_cma", "numa_hit", "numa_miss", "numa_foreign",
	"numa_interleave", "numa_local", "numa_other", "nr_inactive_anon",
	"nr_active_anon", "nr_inactive_file", "nr_active_file",
	"nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable",
	"nr_isolated_anon", "nr_isolated_file", "workingset_nodes",
	"workingset_refault_anon", "workingset_refault_file",
	"workingset_activate_anon", "workingset_activate_file",
	"workingset_restore_anon", "workingset_restore_file",
	"workingset_nodereclaim", "nr_anon_pages", "nr_mapped",
	"nr_file_pages", "nr_dirty", "nr_writeback", "nr_shmem",
	"nr_shmem_hugepages", "nr_shmem_pmdmapped", "nr_file_hugepages",
	"nr_file_pmdmapped", "nr_anon_transparent_hugepages",
	"nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied",
	"nr_written", "nr_throttled_written", "nr_kernel_misc_reclaimable",
	"nr_foll_pin_acquired", "nr_foll_pin_released", "nr_vmalloc",
	"nr_kernel_stack", "nr_page_table_pages", "nr_sec_page_table_pages",
	"nr_iommu_pages", "nr_swapcached", "pgpromote_success",
	"pgpromote_candidate", "pgpromote_candidate_nrl", "pgdemote_kswapd",
	"pgdemote_direct", "pgdemote_khugepaged", "pgdemote_proactive",
	"pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged",
	"pgsteal_proactive", "pgsteal_anon", "pgsteal_file", "pgscan_kswapd",
	"pgscan_direct", "pgscan_khugepaged", "pgscan_proactive",
	"pgscan_anon", "pgscan_file", "pgrotate_anon", "pgrotate_file",
	"pgrefill", "nr_hugetlb", "nr_balloon_pages", "nr_kernel_file_pages",
	"nr_gpu_active", "nr_gpu_reclaim", "nr_dirty_threshold",
	"nr_dirty_background_threshold", "nr_memmap_pages",
	"nr_memmap_boot_pages", "pgpgin", "pgpgout", "pswpin", "pswpout",
	"pgalloc_dma", "pgalloc_dma32", "pgalloc_normal", "pgalloc_movable",
	"pgalloc_device", "allocstall_dma", "allocstall_dma32",
	"allocstall_normal", "allocstall_movable", "allocstall_device",
	"pgskip_dma", "pgskip_dma32", "pgskip_normal", "pgskip_movable",
	"pgskip_device", "pgfree", "pgactivate", "pgdeactivate", "pglazyfree",
	"pgfault", "pgmajfault", "pglazyfreed", "pgreuse",
	"pgscan_direct_throttle", "zone_reclaim_success",
	"zone_reclaim_failed", "pginodesteal", "slabs_scanned",
	"kswapd_inodesteal", "kswapd_low_wmark_hit_quickly",
	"kswapd_high_wmark_hit_quickly", "pageoutrun", "pgrotated",
	"drop_pagecache", "drop_slab", "oom_kill", "numa_pte_updates",
	"numa_huge_pte_updates", "numa_hint_faults", "numa_hint_faults_local",
	"numa_pages_migrated", "pgmigrate_success", "pgmigrate_fail",
	"thp_migration_success", "thp_migration_fail", "thp_migration_split",
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"compact_stall", "compact_fail", "compact_success",
	"compact_daemon_wake", "compact_daemon_migrate_scanned",
	"compact_daemon_free_scanned", "htlb_buddy_alloc_success",
	"htlb_buddy_alloc_fail", "cma_alloc_success", "cma_alloc_fail",
	"unevictable_pgs_culled", "unevictable_pgs_scanned",
	"unevictable_pgs_rescued", "unevictable_pgs_mlocked",
	"unevictable_pgs_munlocked", "unevictable_pgs_cleared",
	"unevictable_pgs_stranded", "thp_fault_alloc", "thp_fault_fallback",
	"thp_fault_fallback_charge", "thp_collapse_alloc",
	"thp_collapse_alloc_failed", "thp_file_alloc", "thp_file_fallback",
	"thp_file_fallback_charge", "thp_file_mapped", "thp_split_page",
	"thp_split_page_failed", "thp_deferred_split_page",
	"thp_underused_split_page", "thp_split_pmd",
	"thp_scan_exceed_none_pte", "thp_scan_exceed_swap_pte",
	"thp_scan_exceed_share_pte", "thp_zero_page_alloc",
	"thp_zero_page_alloc_failed", "thp_swpout", "thp_swpout_fallback",
	"balloon_inflate", "balloon_deflate", "balloon_migrate", "swap_ra",
	"swap_ra_hit", "swpin_zero", "swpout_zero", "ksm_swpin_copy",
	"cow_ksm", "zswpin", "zswpout", "zswpwb", "nrswpin", "nrswpout",
	"nr_unstable",
	NULL,
};

static const char *const *const vmstat_names[SM_KERNEL_COUNT] = {
	[SM_KERNEL_5_10] = vmstat_510, [SM_KERNEL_6_1] = vmstat_61,
	[SM_KERNEL_6_12] = vmstat_612, [SM_KERNEL_7_2] = vmstat_72,
	[SM_KERNEL_7_3] = vmstat_73,
};

const char *const *sm_mm_vmstat_names(const struct sm_system *s)
{
	return vmstat_names[sm_boot_profile_id(s->board->profile)];
}

/* ---- the values -------------------------------------------------------- */

/* what one read samples once, as vmstat_start() does */
struct vmstat_snap {
	struct sm_swap_stats sw;
	uint64_t free;
	uint64_t free_cma;
	uint64_t free_blocks;
	uint64_t dirty_thresh;
	uint64_t dirty_bg_thresh;
};

/* free pages in blocks of pageblock order or more, isolated ones out
 * (NR_FREE_PAGES_BLOCKS, 7.x: account_freepages() by order) */
static uint64_t free_blocks(const struct sm_system *s, const struct sm_zone *z)
{
	uint64_t n = 0;

	for (unsigned int o = s->pageblock_order; o <= s->max_order; o++) {
		const struct sm_free_list *iso =
			&z->area[o].list[SM_MIGRATE_ISOLATE];
		uint64_t isolated = 0;

		for (uint32_t i = iso->head; i != SM_IDX_NONE;
		     i = s->pages[i].next)
			isolated++;
		n += (z->area[o].nr_free - isolated) << o;
	}
	return n;
}

/*
 * totalreserve_pages (calculate_totalreserve_pages()): per zone the
 * largest lowmem_reserve it keeps against allocations allowed higher
 * zones (setup_per_zone_lowmem_reserve(), ratios 256 DMA, 256 DMA32, 32
 * Normal) plus its high watermark, at most its managed pages.
 */
static uint64_t total_reserve(const struct sm_system *s)
{
	static const unsigned int ratio[SM_NR_ZONES] = {
		[SM_ZONE_DMA] = 256, [SM_ZONE_DMA32] = 256,
		[SM_ZONE_NORMAL] = 32,
	};
	uint64_t wm[SM_NR_ZONES][3] = { { 0 } };
	uint64_t total = 0;

	sm_mm_wmarks_compute(s, wm);
	for (int zi = 0; zi < SM_NR_ZONES; zi++) {
		uint64_t managed = s->zones[zi].managed, above = 0, max = 0;

		for (int j = zi + 1; j < SM_NR_ZONES; j++) {
			above += s->zones[j].managed;
			if (ratio[zi] && managed && above / ratio[zi] > max)
				max = above / ratio[zi];
		}
		max += wm[zi][WMARK_HIGH];
		total += max < managed ? max : managed;
	}
	return total;
}

/*
 * global_dirty_limits() for a task that is not real-time, with the
 * default vm.dirty_ratio 20 and dirty_background_ratio 10: the ratios
 * of the dirtyable memory (free pages above the reserve, plus the file
 * LRU, which the model does not have), in PAGE_SIZE fixed point as
 * domain_dirty_limits() computes them.
 */
static void dirty_limits(const struct sm_system *s, struct vmstat_snap *v)
{
	uint64_t page = 1ULL << s->page_shift;
	uint64_t reserve = total_reserve(s);
	uint64_t avail = (v->free > reserve ? v->free - reserve : 0) + 1;
	uint64_t ratio = 20 * page / 100, bg_ratio = 10 * page / 100;

	v->dirty_thresh = ratio * avail / page;
	v->dirty_bg_thresh = bg_ratio * avail / page;
	if (v->dirty_bg_thresh >= v->dirty_thresh)
		v->dirty_bg_thresh = v->dirty_thresh / 2;
}

static void snap(const struct sm_system *s, struct vmstat_snap *v)
{
	memset(v, 0, sizeof(*v));
	sm_mm_swap_stats(s, &v->sw);
	for (int zi = 0; zi < SM_NR_ZONES; zi++) {
		const struct sm_zone *z = &s->zones[zi];

		v->free += z->nr_free;
		v->free_cma += z->nr_free_cma;
		if (z->managed)
			v->free_blocks += free_blocks(s, z);
	}
	dirty_limits(s, v);
}

/* pgalloc_<zone>: the zone's pages, or -1 when @name is no such counter */
static int64_t pgalloc(const struct sm_system *s, const char *name)
{
	if (strncmp(name, "pgalloc_", 8))
		return -1;
	for (int zi = 0; zi < SM_NR_ZONES; zi++)
		if (!strcasecmp(name + 8, sm_boot_zone_name(zi)))
			return (int64_t)s->stats.pgalloc[zi];
	return -1;
}

/* the counter's value; 0 for what the model does not have */
static uint64_t vmstat_value(const struct sm_system *s,
			     const struct vmstat_snap *v, const char *name)
{
	static const char *const anon_active[] = {
		"nr_zone_active_anon", "nr_active_anon",
	};
	static const char *const anon_inactive[] = {
		"nr_zone_inactive_anon", "nr_inactive_anon",
	};
	int64_t n = pgalloc(s, name);

	if (n >= 0)
		return (uint64_t)n;
	for (size_t i = 0; i < 2; i++) {
		if (!strcmp(name, anon_active[i]))
			return v->sw.anon_active;
		if (!strcmp(name, anon_inactive[i]))
			return v->sw.anon - v->sw.anon_active;
	}
	const struct {
		const char *name;
		uint64_t value;
	} known[] = {
		{ "nr_free_pages", v->free },
		{ "nr_free_cma", v->free_cma },
		{ "nr_free_pages_blocks", v->free_blocks },
		{ "nr_anon_pages", v->sw.anon },
		{ "nr_dirty_threshold", v->dirty_thresh },
		{ "nr_dirty_background_threshold", v->dirty_bg_thresh },
		{ "pswpin", v->sw.pswpin },
		{ "pswpout", v->sw.pswpout },
		{ "pgscan_anon", v->sw.pgscan },
		{ "pgsteal_anon", v->sw.pgsteal },
		{ "nr_zspages", s->stats.nr_zspages },
		{ "pgfree", s->stats.pgfree },
		{ "pgmigrate_success", s->stats.pgmigrate_success },
		{ "pgmigrate_fail", s->stats.pgmigrate_fail },
		{ "cma_alloc_success", s->stats.cma_alloc_success },
		{ "cma_alloc_fail", s->stats.cma_alloc_fail },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(name, known[i].name))
			return known[i].value;
	return 0;
}

void sm_mm_zspages_account(struct sm_system *sys, int64_t delta)
{
	if (delta < 0 && (uint64_t)-delta > sys->stats.nr_zspages)
		sys->stats.nr_zspages = 0;	/* never below zero */
	else
		sys->stats.nr_zspages += (uint64_t)delta;
}

void sm_mm_vmstat_format(const struct sm_system *s, struct sm_buf *b)
{
	struct vmstat_snap v;

	snap(s, &v);
	for (const char *const *n = sm_mm_vmstat_names(s); *n; n++)
		sm_mm_buf_printf(b, "%s %llu\n", *n,
				 (unsigned long long)vmstat_value(s, &v, *n));
}
