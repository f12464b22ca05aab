// SPDX-License-Identifier: MIT
/*
 * dma_limit.c - the highest CPU address any device can DMA to, from the
 * tree's dma-ranges, as drivers/of/address.c:of_dma_get_max_cpu_address()
 * computes it for arm64's DMA zone (and so for the default CMA area).
 *
 * Every node with a non-empty dma-ranges whose ancestors are all available
 * (the kernel only recurses into available children) contributes the end
 * of its highest range, its parent-bus addresses translated up to the CPU
 * through each ancestor's dma-ranges (a missing or empty one is 1:1, an
 * address no range covers is OF_BAD_ADDR). The minimum over the tree
 * wins; no dma-ranges at all means no limit.
 */
#include <string.h>

#include "internal.h"

#define OF_BAD_ADDR UINT64_MAX
#define MAX_CELLS 4

static const struct sm_dt_node_info *node_at(const struct sm_dt_index *idx,
					     int i)
{
	return i >= 0 && (size_t)i < idx->count ? &idx->nodes[i] : NULL;
}

/* #address-cells / #size-cells of node @i itself, inherited upwards */
static unsigned int bus_cells(const struct sm_dt_index *idx, int i,
			      bool size)
{
	for (const struct sm_dt_node_info *n = node_at(idx, i); n;
	     n = node_at(idx, n->parent)) {
		int c = size ? n->size_cells : n->address_cells;

		if (c >= 0)
			return (unsigned int)c;
	}
	return 1;
}

/* the cells that apply to node @i's own addresses (its parent's) */
static unsigned int n_cells(const struct sm_dt_index *idx, int i, bool size)
{
	int p = node_at(idx, i)->parent;

	return bus_cells(idx, p >= 0 ? p : i, size);
}

static bool is_pci(const struct sm_dt_node_info *n)
{
	return n->device_type &&
	       (!strncmp(n->device_type, "pci", (size_t)n->device_type_len) ||
		!strncmp(n->device_type, "pciex", (size_t)n->device_type_len));
}

/*
 * of_translate_one() for dma-ranges: map @addr (na cells, in @dev's child
 * bus space) into its parent's. Return: 0, or 1 when no range matches.
 */
static int translate_one(const struct sm_dt_node_info *dev, uint64_t *addr,
			 unsigned int na, unsigned int ns, unsigned int pna)
{
	const uint8_t *r = dev->dma_ranges;
	uint64_t rone = ((uint64_t)na + pna + ns) * 4;
	/* PCI child addresses: the first cell holds flags */
	unsigned int skip = is_pci(dev) && na == 3 ? 1 : 0;
	int len = dev->dma_ranges_len;

	if (!r || len == 0)
		return 0; /* 1:1 */
	for (; rone && (uint64_t)len >= rone; r += rone, len -= (int)rone) {
		uint64_t cp = sm_dt_read_cells(r + skip * 4, na - skip);
		uint64_t s = sm_dt_read_cells(r + (na + pna) * 4, ns);

		if (*addr < cp || *addr - cp >= s)
			continue;
		*addr = sm_dt_read_cells(r + na * 4, pna) + (*addr - cp);
		return 0;
	}
	return 1;
}

/* of_translate_dma_address(@dev, an address in @dev's parent bus) */
static uint64_t translate_dma(const struct sm_dt_index *idx, int dev,
			      uint64_t addr)
{
	unsigned int na = n_cells(idx, dev, false), ns = n_cells(idx, dev, true);
	int parent = node_at(idx, dev)->parent;

	if (parent < 0 || na < 1 || na > MAX_CELLS || ns > MAX_CELLS)
		return OF_BAD_ADDR;
	for (;;) {
		unsigned int pna, pns;

		dev = parent;
		parent = node_at(idx, dev)->parent;
		if (parent < 0)
			return addr;
		pna = n_cells(idx, dev, false);
		pns = n_cells(idx, dev, true);
		if (pna < 1 || pna > MAX_CELLS || pns > MAX_CELLS)
			return OF_BAD_ADDR;
		if (translate_one(node_at(idx, dev), &addr, na, ns, pna))
			return OF_BAD_ADDR;
		na = pna;
		ns = pns;
	}
}

/* The end (inclusive) of node @i's highest dma-range. */
static uint64_t node_cpu_end(const struct sm_dt_index *idx, int i)
{
	const struct sm_dt_node_info *n = node_at(idx, i);
	unsigned int na = bus_cells(idx, i, false), ns = bus_cells(idx, i, true);
	unsigned int pna = n_cells(idx, i, false);
	uint64_t np = ((uint64_t)na + pna + ns) * 4;
	const uint8_t *r = n->dma_ranges;
	int len = n->dma_ranges_len;
	uint64_t cpu_end = 0;

	/* the kernel merges contiguous ranges first; the maximum is the same */
	for (; np && (uint64_t)len >= np; r += np, len -= (int)np) {
		uint64_t cpu = translate_dma(idx, i,
					     sm_dt_read_cells(r + na * 4, pna));
		uint64_t size = sm_dt_read_cells(r + (na + pna) * 4, ns);

		if (cpu + size > cpu_end)
			cpu_end = cpu + size - 1;
	}
	return cpu_end;
}

uint64_t sm_boot_of_dma_max_cpu_address(struct sm_boot *bt)
{
	const struct sm_dt_index *idx = &bt->idx;
	bool avail[SM_DT_MAX_DEPTH] = { true };
	uint64_t max = SM_PHYS_ADDR_MAX;

	for (size_t i = 0; i < idx->count; i++) {
		const struct sm_dt_node_info *n = &idx->nodes[i];
		int d = n->depth;

		avail[d] = !d || (avail[d - 1] && sm_dt_index_available(n));
		if (avail[d] && n->dma_ranges && n->dma_ranges_len) {
			uint64_t end = node_cpu_end(idx, (int)i);

			if (max > end)
				max = end;
		}
	}
	return max;
}
