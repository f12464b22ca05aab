// SPDX-License-Identifier: MIT
/*
 * board_query.c - names and look-ups over a booted board.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

static const char *const kind_names[SM_REGION_KIND_COUNT] = {
	[SM_REGION_CARVEOUT] = "carveout",
	[SM_REGION_CMA] = "cma",
	[SM_REGION_DMA_POOL] = "dma-pool",
	[SM_REGION_RESTRICTED_POOL] = "restricted-pool",
	[SM_REGION_DEFAULT_CMA] = "default-cma",
	[SM_REGION_MEMRESERVE] = "memreserve",
	[SM_REGION_KERNEL_IMAGE] = "kernel-image",
};

static const char *const status_names[SM_STATUS_COUNT] = {
	[SM_STATUS_PLACED] = "placed",
	[SM_STATUS_FAILED] = "failed",
	[SM_STATUS_DISABLED] = "disabled",
	[SM_STATUS_BYPASSED] = "bypassed",
	[SM_STATUS_UNMATCHED] = "unmatched",
};

static const char *const why_names[SM_WHY_COUNT] = {
	[SM_WHY_NONE] = "none",
	[SM_WHY_NO_WINDOW] = "no-window",
	[SM_WHY_COLLISION] = "collision",
	[SM_WHY_SIZE_ZERO] = "size-zero",
	[SM_WHY_BAD_PROPERTY] = "bad-property",
	[SM_WHY_TOO_MANY_DYNAMIC] = "too-many-dynamic",
	[SM_WHY_NO_RECORD] = "no-record",
	[SM_WHY_HANDLER] = "handler",
	[SM_WHY_NOT_ALIGNED] = "not-aligned",
	[SM_WHY_NO_CMA_SLOT] = "no-cma-slot",
	[SM_WHY_CMDLINE_BYPASS] = "cmdline-bypass",
	[SM_WHY_CMDLINE_SKIP] = "cmdline-skip",
	[SM_WHY_EXCEEDS_LIMIT] = "exceeds-limit",
	[SM_WHY_BASE_NOT_ALIGNED] = "base-not-aligned",
	[SM_WHY_BUSY] = "busy",
	[SM_WHY_INVALID] = "invalid",
};

static const char *const zone_names[SM_NR_ZONES] = {
	[SM_ZONE_DMA] = "DMA",
	[SM_ZONE_DMA32] = "DMA32",
	[SM_ZONE_NORMAL] = "Normal",
	[SM_ZONE_MOVABLE] = "Movable",
	[SM_ZONE_DEVICE] = "Device",
};

const char *sm_boot_region_kind_name(enum sm_region_kind kind)
{
	return kind < SM_REGION_KIND_COUNT ? kind_names[kind] : "?";
}

const char *sm_boot_region_status_name(enum sm_region_status status)
{
	return status < SM_STATUS_COUNT ? status_names[status] : "?";
}

const char *sm_boot_why_name(enum sm_why why)
{
	return why < SM_WHY_COUNT ? why_names[why] : "?";
}

const char *sm_boot_zone_name(enum sm_zone_id zone)
{
	return zone < SM_NR_ZONES ? zone_names[zone] : "?";
}

uint64_t sm_boot_board_page_size(const struct sm_board *board)
{
	return 1ULL << board->page_shift;
}

uint64_t sm_boot_board_pageblock_bytes(const struct sm_board *board)
{
	return 1ULL << (board->page_shift + board->pageblock_order);
}

int sm_boot_board_find_region(const struct sm_board *board, const char *name)
{
	for (size_t i = 0; i < board->nregions; i++)
		if (!strcmp(board->regions[i].path, name) ||
		    !strcmp(board->regions[i].name, name))
			return (int)i;
	return -ENOENT;
}

int sm_boot_board_find_region_by_node(const struct sm_board *b, int node)
{
	for (size_t i = 0; i < b->nregions; i++)
		if (b->regions[i].node == node)
			return (int)i;
	return -ENOENT;
}

int sm_boot_board_region_by_phandle(const struct sm_board *board,
				    uint32_t phandle)
{
	if (!phandle)
		return -ENOENT;
	for (size_t i = 0; i < board->nregions; i++)
		if (board->regions[i].phandle == phandle)
			return (int)i;
	return -ENOENT;
}

int sm_boot_board_find_cma(const struct sm_board *board, const char *name)
{
	for (size_t i = 0; i < board->ncma; i++)
		if (!strcmp(board->cma[i].name, name))
			return (int)i;
	return -ENOENT;
}

uint64_t sm_boot_board_ram_bytes(const struct sm_board *board)
{
	return board->memblock.memory.total_size;
}

bool sm_boot_board_is_reserved(const struct sm_board *board, uint64_t base,
			       uint64_t size)
{
	const struct sm_memblock_type *mem = &board->memblock.memory;

	if (sm_boot_memblock_is_region_reserved(&board->memblock, base, size))
		return true;
	for (size_t i = 0; i < mem->cnt; i++) {
		const struct sm_memblock_region *r = &mem->regions[i];

		if ((r->flags & SM_MEMBLOCK_NOMAP) &&
		    base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

uint64_t sm_boot_board_free_pages(const struct sm_board *board)
{
	const struct sm_memblock *mb = &board->memblock;
	uint64_t page = sm_boot_board_page_size(board), n = 0;

	/* whole pages of mapped memory outside every reserved range */
	for (size_t i = 0; i < mb->memory.cnt; i++) {
		const struct sm_memblock_region *m = &mb->memory.regions[i];
		uint64_t cur = m->base, end = m->base + m->size;

		if (m->flags & SM_MEMBLOCK_NOMAP)
			continue;
		for (size_t r = 0; r < mb->reserved.cnt && cur < end; r++) {
			const struct sm_memblock_region *res =
				&mb->reserved.regions[r];
			uint64_t fe = res->base < end ? res->base : end;

			if (res->base + res->size <= cur)
				continue;
			if (sm_round_down(fe, page) > sm_round_up(cur, page))
				n += (sm_round_down(fe, page) -
				      sm_round_up(cur, page)) / page;
			cur = res->base + res->size;
		}
		if (sm_round_down(end, page) > sm_round_up(cur, page))
			n += (sm_round_down(end, page) - sm_round_up(cur, page)) /
			     page;
	}
	return n;
}

uint64_t sm_boot_board_init_pages(const struct sm_board *board)
{
	if (!board->memblock.memory.cnt)
		return 0;
	return board->profile->late->init_size / sm_boot_board_page_size(board);
}
