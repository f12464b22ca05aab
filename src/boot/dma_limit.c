// SPDX-License-Identifier: MIT
/*
 * dma_limit.c - the highest CPU address any device can DMA to, from the
 * tree's dma-ranges, as drivers/of/address.c:of_dma_get_max_cpu_address()
 * computes it for arm64's DMA zone (and so for the default CMA area).
 *
 * Every available node with a non-empty dma-ranges contributes the end of
 * its highest range, its parent-bus addresses translated up to the CPU
 * through each ancestor's dma-ranges (a missing or empty one is 1:1, an
 * address no range covers is OF_BAD_ADDR). The minimum over the tree wins;
 * no dma-ranges at all means no limit.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "internal.h"

#define OF_BAD_ADDR UINT64_MAX
#define MAX_CELLS 4

struct walk {
	const void *fdt;
	int *parent;		/* parent offset of every node offset */
	int size;
};

static int parent_of(const struct walk *w, int node)
{
	return node >= 0 && node < w->size ? w->parent[node] : -1;
}

/* #address-cells / #size-cells of @node itself, inherited upwards */
static unsigned int bus_cells(const struct walk *w, int node,
			      const char *name, unsigned int dflt)
{
	for (; node >= 0; node = parent_of(w, node)) {
		int len;
		const void *p = sm_dt_prop(w->fdt, node, name, &len);

		if (p && len >= 4)
			return (unsigned int)sm_dt_read_cells(p, 1);
	}
	return dflt;
}

/* the cells that apply to @node's own addresses (its parent's) */
static unsigned int n_addr_cells(const struct walk *w, int node)
{
	int p = parent_of(w, node);

	return bus_cells(w, p >= 0 ? p : node, "#address-cells", 1);
}

static unsigned int n_size_cells(const struct walk *w, int node)
{
	int p = parent_of(w, node);

	return bus_cells(w, p >= 0 ? p : node, "#size-cells", 1);
}

static bool is_pci(const struct walk *w, int node)
{
	int len;
	const char *t = sm_dt_prop(w->fdt, node, "device_type", &len);

	return t && len > 0 && (!strncmp(t, "pci", (size_t)len) ||
				!strncmp(t, "pciex", (size_t)len));
}

/*
 * of_translate_one() for dma-ranges: map @addr (na cells, in @dev's child
 * bus space) into its parent's space. Return: 0, or 1 when no range
 * matches.
 */
static int translate_one(const struct walk *w, int dev, uint64_t *addr,
			 unsigned int na, unsigned int ns, unsigned int pna)
{
	int len;
	const uint8_t *r = sm_dt_prop(w->fdt, dev, "dma-ranges", &len);
	unsigned int rone = na + pna + ns;
	bool pci = is_pci(w, dev);

	if (!r || len == 0)
		return 0; /* 1:1 */
	for (; len >= (int)(rone * 4); r += rone * 4, len -= (int)(rone * 4)) {
		/* PCI child addresses: first cell is flags, not address */
		unsigned int skip = pci && na == 3 ? 1 : 0;
		uint64_t cp = sm_dt_read_cells(r + skip * 4, na - skip);
		uint64_t s = sm_dt_read_cells(r + (na + pna) * 4, ns);
		uint64_t da = *addr;

		if (da < cp || da >= cp + s)
			continue;
		*addr = sm_dt_read_cells(r + na * 4, pna) + (da - cp);
		return 0;
	}
	return 1;
}

/* of_translate_dma_address(@dev, address in @dev's parent bus) */
static uint64_t translate_dma(const struct walk *w, int dev, uint64_t addr)
{
	int parent = parent_of(w, dev);
	unsigned int na, ns;

	if (parent < 0)
		return OF_BAD_ADDR;
	na = n_addr_cells(w, dev);
	ns = n_size_cells(w, dev);
	if (na < 1 || na > MAX_CELLS || ns > MAX_CELLS)
		return OF_BAD_ADDR;
	for (;;) {
		unsigned int pna, pns;

		dev = parent;
		parent = parent_of(w, dev);
		if (parent < 0)
			return addr;
		pna = n_addr_cells(w, dev);
		pns = n_size_cells(w, dev);
		if (pna < 1 || pna > MAX_CELLS || pns > MAX_CELLS)
			return OF_BAD_ADDR;
		if (translate_one(w, dev, &addr, na, ns, pna))
			return OF_BAD_ADDR;
		na = pna;
		ns = pns;
	}
}

/* The end (inclusive) of @node's highest dma-range, or 0 if none. */
static uint64_t node_cpu_end(const struct walk *w, int node)
{
	int len;
	const uint8_t *r = sm_dt_prop(w->fdt, node, "dma-ranges", &len);
	unsigned int na = bus_cells(w, node, "#address-cells", 1);
	unsigned int ns = bus_cells(w, node, "#size-cells", 1);
	unsigned int pna = n_addr_cells(w, node);
	unsigned int np = na + pna + ns;
	uint64_t cpu_end = 0;

	for (; np && len >= (int)(np * 4); r += np * 4, len -= (int)(np * 4)) {
		uint64_t cpu = translate_dma(w, node, sm_dt_read_cells(
						     r + na * 4, pna));
		uint64_t size = sm_dt_read_cells(r + (na + pna) * 4, ns);

		/* the kernel merges contiguous ranges; the max is the same */
		if (cpu + size > cpu_end)
			cpu_end = cpu + size - 1;
	}
	return cpu_end;
}

static uint64_t max_cpu_address(const struct walk *w, int node)
{
	uint64_t max = SM_PHYS_ADDR_MAX;
	int len, child;

	if (sm_dt_prop(w->fdt, node, "dma-ranges", &len) && len) {
		uint64_t end = node_cpu_end(w, node);

		if (max > end)
			max = end;
	}
	fdt_for_each_subnode(child, w->fdt, node) {
		uint64_t sub;

		if (!sm_dt_node_available(w->fdt, child))
			continue;
		sub = max_cpu_address(w, child);
		if (max > sub)
			max = sub;
	}
	return max;
}

uint64_t sm_of_dma_max_cpu_address(struct sm_boot *bt)
{
	struct walk w = { bt->fdt, NULL, (int)fdt_size_dt_struct(bt->fdt) };
	int node, depth = 0;
	int stack[64];
	uint64_t max;

	w.parent = malloc((size_t)w.size * sizeof(*w.parent));
	if (!w.parent)
		return SM_PHYS_ADDR_MAX;
	for (int i = 0; i < w.size; i++)
		w.parent[i] = -1;
	stack[0] = 0;
	for (node = fdt_next_node(bt->fdt, 0, &depth);
	     node >= 0 && depth > 0;
	     node = fdt_next_node(bt->fdt, node, &depth)) {
		if (depth >= 64 || node >= w.size)
			continue;
		stack[depth] = node;
		w.parent[node] = stack[depth - 1];
	}
	max = max_cpu_address(&w, 0);
	free(w.parent);
	return max;
}
