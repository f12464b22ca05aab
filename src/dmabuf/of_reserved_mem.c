// SPDX-License-Identifier: MIT
/*
 * of_reserved_mem.c - the driver side of a custom CMA heap, as the
 * platform guide's create_my_cma_heap() does it: bind the device node's
 * memory-region to its reserved region (of_reserved_mem_device_init_by_idx
 * in drivers/of/of_reserved_mem.c, Linux 6.12, with the device_init ops
 * of kernel/dma/contiguous.c, coherent.c and swiotlb.c), then
 * cma_heap_add(dev->cma_area). socmem's stand-in for the guide's driver
 * binds to nodes with compatible "socmem,cma-heap".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "internal.h"

#define DRIVER_NAME "socmem-cma-heap"

/* of_parse_phandle(np, "memory-region", idx): the target node or < 0 */
static int memory_region_target(const void *fdt, int node, int idx)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "memory-region", &len);

	if (!p || idx < 0 || (size_t)len < ((size_t)idx + 1) * sizeof(*p))
		return -1;
	return fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(p[idx]));
}

/* the region the kernel kept for @node with a device_init op, or NULL */
static const struct sm_region *rmem_lookup(const struct sm_board *b, int node)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];

		if (r->node != node || r->status != SM_STATUS_PLACED)
			continue;
		if (r->kind == SM_REGION_CMA || r->kind == SM_REGION_DMA_POOL ||
		    r->kind == SM_REGION_RESTRICTED_POOL)
			return r;
	}
	return NULL;
}

int sm_dmabuf_of_reserved_mem_device_init_by_idx(struct sm_dmabuf *d,
						 struct sm_dmabuf_device *dev,
						 int idx)
{
	const void *fdt = d->board->dt->blob;
	const struct sm_region *r;
	int target;

	if (!dev || dev->of_node < 0)
		return -EINVAL;
	target = memory_region_target(fdt, dev->of_node, idx);
	if (target < 0)
		return -ENODEV;
	if (!sm_dt_node_available(fdt, target))
		return 0;
	r = rmem_lookup(d->board, target);
	if (!r)
		return -EINVAL;
	if (r->kind == SM_REGION_CMA) {
		/* rmem_cma_device_init(): dev->cma_area = rmem->priv */
		dev->cma_area = r->cma >= 0 ? sm_mm_cma_at(d->sys,
							   (size_t)r->cma)
					    : NULL;
		if (!dev->cma_area)
			return -EINVAL;
	} else if (r->kind == SM_REGION_DMA_POOL) {
		dev->coherent = true;	/* rmem_dma_device_init() */
	}
	sm_dmabuf_printk(d, SM_LOG_INFO,
			 "%s %s: assigned reserved memory node %s",
			 dev->driver, dev->name, r->name);
	return 0;
}

/* the guide's create_my_cma_heap(), line for line */
int sm_dmabuf_create_cma_heap(struct sm_dmabuf *d,
			      struct sm_dmabuf_device *dev)
{
	int rc;

	rc = sm_dmabuf_of_reserved_mem_device_init_by_idx(d, dev, 0);
	if (rc) {
		sm_dmabuf_printk(d, SM_LOG_ERR,
				 "No reserved DMA memory, ret=%d", rc);
		return -EINVAL;
	}
	rc = sm_dmabuf_cma_heap_add(d, dev->cma_area, NULL);
	if (rc) {
		sm_dmabuf_printk(d, SM_LOG_ERR, "cma_heap_add failed, ret=%d",
				 rc);
		return -EINVAL;
	}
	return 0;
}

/* put "@part:" (or "@part" into an empty @buf) in front of @buf */
static void prepend(char *buf, size_t len, const char *part, size_t n)
{
	size_t have = strlen(buf);
	size_t sep = have ? 1 : 0;

	if (n + sep + have + 1 > len)
		return;	/* keep what we have: names are short in practice */
	memmove(buf + n + sep, buf, have + 1);
	memcpy(buf, part, n);
	if (sep)
		buf[n] = ':';
}

/* of_device_make_bus_id(): "addr.name" or the node names up to the root */
static void make_bus_id(const void *fdt, int node, char *buf, size_t len)
{
	char part[80];

	buf[0] = '\0';
	while (node > 0) {
		const char *name = fdt_get_name(fdt, node, NULL);
		int l;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &l);

		if (reg && l >= 4) {
			int n = snprintf(part, sizeof(part), "%x.%.*s",
					 fdt32_to_cpu(reg[0]),
					 (int)strcspn(name, "@"), name);

			prepend(buf, len, part, (size_t)n);
			return;
		}
		prepend(buf, len, name, strlen(name));
		node = fdt_parent_offset(fdt, node);
	}
}

int sm_dmabuf_probe_drivers(struct sm_dmabuf *d)
{
	const void *fdt = d->board->dt->blob;
	int node = -1;
	int made = 0;

	for (;;) {
		struct sm_dmabuf_device dev = { .of_node = -1 };

		node = fdt_node_offset_by_compatible(fdt, node,
						     SM_DMABUF_DRIVER_COMPATIBLE);
		if (node < 0)
			break;
		if (!sm_dt_node_available(fdt, node))
			continue;
		dev.of_node = node;
		snprintf(dev.driver, sizeof(dev.driver), "%s", DRIVER_NAME);
		make_bus_id(fdt, node, dev.name, sizeof(dev.name));
		if (!sm_dmabuf_create_cma_heap(d, &dev))
			made++;
	}
	return made;
}
