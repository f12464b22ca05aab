// SPDX-License-Identifier: MIT
/*
 * table.c - what this library serves: the paths (open, stat, opendir)
 * and the kinds of fds socmemd hands out. A device class is a row in
 * each table and its own files (dmaheap.c; zram_paths.c, zram_file.c).
 */
#include "internal.h"

const struct pl_path pl_paths[] = {
	{ .path = "/dev/dma_heap", .open = sm_preload_dma_heap_open,
	  .stat = sm_preload_dma_heap_stat, .dir = sm_preload_dma_heap_dir },
	/* /dev/zram<N>, /sys/block/zram<N>, /sys/class/zram-control,
	 * /sys/module/<zram's modules>, /proc/{swaps,modules,meminfo,vmstat},
	 * /lib/modules/<release> */
	{ .match = sm_preload_zram_match, .open = sm_preload_zram_open,
	  .stat = sm_preload_zram_stat, .dir = sm_preload_zram_dir },
};
const size_t pl_npaths = sizeof(pl_paths) / sizeof(pl_paths[0]);

const struct pl_kind *sm_preload_kind_by_id(unsigned int kind)
{
	static const struct pl_kind *const kinds[] = {
		[SM_HANDLE_DMA_HEAP] = &pl_kind_dma_heap,
		[SM_HANDLE_DMA_BUF] = &pl_kind_dma_buf,
		[SM_HANDLE_ZRAM_FILE] = &pl_kind_zfile,
		[SM_HANDLE_ZRAM_BDEV] = &pl_kind_zbdev,
	};

	if (kind >= sizeof(kinds) / sizeof(kinds[0]))
		return NULL;
	return kinds[kind];
}
