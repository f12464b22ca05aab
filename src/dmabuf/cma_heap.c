// SPDX-License-Identifier: MIT
/*
 * cma_heap.c - CMA heaps: cma_alloc() of the whole buffer with alignment
 * min(get_order(size), CONFIG_CMA_ALIGNMENT), zeroed, released with
 * cma_release(); the heaps a kernel registers at boot (one for the
 * default area up to 6.16; default_cma_region plus one per area on 7.x);
 * and cma_heap_add(), the export the platform guide's driver calls.
 * Mirrors drivers/dma-buf/heaps/cma_heap.c (Linux 6.1/6.12, v6.17+).
 */
#include <errno.h>

#include "internal.h"

int sm_dmabuf_cma_heap_allocate(struct sm_dma_heap *h, struct sm_dma_buf *b)
{
	struct sm_dmabuf *d = h->d;
	uint64_t pages = b->size / d->page_size;
	unsigned int align = sm_dmabuf_get_order(b->size, d->page_size);
	uint64_t pfn;
	int ret;

	if (align > sm_boot_profile_cma_alignment(d->board->profile))
		align = sm_boot_profile_cma_alignment(d->board->profile);
	/* cma_alloc() logs its own failure; the heap answers -ENOMEM */
	if (sm_mm_cma_alloc(d->sys, h->cma, pages, align, false, &pfn))
		return -ENOMEM;
	ret = sm_dmabuf_buf_add_chunk(b, pfn, pages, -1);
	if (ret) {
		sm_mm_cma_release(d->sys, h->cma, pfn, pages);
		return ret;
	}
	sm_dmabuf_buf_zero(b);
	return 0;
}

void sm_dmabuf_cma_heap_release(struct sm_dma_buf *b)
{
	if (b->nchunks)
		sm_mm_cma_release(b->heap->d->sys, b->heap->cma,
				  b->chunks[0].pfn, b->chunks[0].pages);
}

static int add_cma_heap(struct sm_dmabuf *d, struct sm_cma *cma,
			const char *name)
{
	return sm_dmabuf_heap_add(d, name, SM_DMA_HEAP_CMA, cma, NULL);
}

/*
 * Boot: add_default_cma_heap() up to 6.16; on 7.x the default heap under
 * its fixed name, then every area under its own (a failure is logged and
 * the next area tried).
 */
int sm_dmabuf_cma_heap_add_boot(struct sm_dmabuf *d)
{
	struct sm_cma *def = sm_mm_cma_default(d->sys);
	size_t n = sm_mm_cma_count(d->sys);
	int ret;

	if (d->prof->cma_heaps == SM_CMA_HEAPS_DEFAULT) {
		if (!def)
			return 0;
		ret = add_cma_heap(d, def, sm_mm_cma_name(def));
		return ret == -ENOMEM ? ret : 0;
	}
	if (def) {
		ret = add_cma_heap(d, def, d->prof->default_name);
		if (ret == -ENOMEM)
			return ret;
	}
	for (size_t i = 0; i < n; i++) {
		struct sm_cma *cma = sm_mm_cma_at(d->sys, i);

		ret = add_cma_heap(d, cma, sm_mm_cma_name(cma));
		if (ret == -ENOMEM)
			return ret;
		if (ret)
			sm_dmabuf_printk(d, SM_LOG_WARN,
					 "%sFailed to add CMA heap %s",
					 d->prof->cma_pfx, sm_mm_cma_name(cma));
	}
	return 0;
}

int sm_dmabuf_cma_heap_add(struct sm_dmabuf *d, struct sm_cma *cma,
			   void *data)
{
	(void)data;
	if (!cma)
		return -EINVAL;
	return add_cma_heap(d, cma, sm_mm_cma_name(cma));
}
