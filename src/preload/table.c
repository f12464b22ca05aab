// SPDX-License-Identifier: MIT
/*
 * table.c - what this library serves: the paths (open, opendir) and the
 * kinds of fds socmemd hands out. A new device class (zram: /dev/zram<N>,
 * /sys/block/zram<N>/...) is a row in each table and its own file.
 */
#include "internal.h"

const struct pl_path pl_paths[] = {
	{ "/dev/dma_heap", "dev/dma_heap", pl_dma_heap_open },
};
const size_t pl_npaths = sizeof(pl_paths) / sizeof(pl_paths[0]);

const struct pl_kind *pl_kind_by_id(unsigned int kind)
{
	static const struct pl_kind *const kinds[] = {
		[SM_HANDLE_DMA_HEAP] = &pl_kind_dma_heap,
		[SM_HANDLE_DMA_BUF] = &pl_kind_dma_buf,
	};

	if (kind >= sizeof(kinds) / sizeof(kinds[0]))
		return NULL;
	return kinds[kind];
}
