#!/bin/sh
# probe_vmstat.sh - /proc/vmstat as a program reads it: the counters every
# build prints (the heap images' tinyconfig prints fewer than Debian's: no
# NUMA items, no vm events), in the kernel's order; and whether
# nr_free_pages and nr_free_cma are MemFree and CmaFree in pages (within
# what the reading itself may allocate between the two files).
names="
  nr_free_pages nr_zone_inactive_anon nr_zone_active_anon
  nr_zone_inactive_file nr_zone_active_file nr_zone_unevictable
  nr_zone_write_pending nr_mlock nr_zspages nr_free_cma nr_inactive_anon
  nr_active_anon nr_inactive_file nr_active_file nr_unevictable
  nr_slab_reclaimable nr_slab_unreclaimable nr_isolated_anon
  nr_isolated_file workingset_nodes workingset_refault_anon
  workingset_refault_file workingset_activate_anon
  workingset_activate_file workingset_restore_anon
  workingset_restore_file workingset_nodereclaim nr_anon_pages nr_mapped
  nr_file_pages nr_dirty nr_writeback nr_shmem nr_shmem_hugepages
  nr_shmem_pmdmapped nr_file_hugepages nr_file_pmdmapped
  nr_anon_transparent_hugepages nr_vmscan_write
  nr_vmscan_immediate_reclaim nr_dirtied nr_written nr_throttled_written
  nr_kernel_misc_reclaimable nr_foll_pin_acquired nr_foll_pin_released
  nr_kernel_stack nr_page_table_pages nr_sec_page_table_pages
  nr_swapcached pgdemote_kswapd pgdemote_direct pgdemote_khugepaged
  nr_dirty_threshold nr_dirty_background_threshold nr_memmap_pages
  nr_memmap_boot_pages nr_unstable"
awk -v names="$names" '
	BEGIN { n = split(names, l, /[ \n]+/); for (i = 1; i <= n; i++) if (l[i] != "") want[l[i]] = 1 }
	FILENAME ~ /vmstat/ { if ($1 in want) print $1; v[$1] = $2; next }
	$1 == "MemFree:" { mf = $2 } $1 == "CmaFree:" { cf = $2 }
	END {
		d = v["nr_free_pages"] * 4 - mf; if (d < 0) d = -d
		print "nr_free_pages is MemFree:", (mf != "" && d <= 4096) ? "yes" : "no"
		print "nr_free_cma is CmaFree:", (cf != "" && v["nr_free_cma"] * 4 == cf) ? "yes" : "no"
	}' /proc/vmstat /proc/meminfo
