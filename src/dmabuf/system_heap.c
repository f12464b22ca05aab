// SPDX-License-Identifier: MIT
/*
 * system_heap.c - the "system" heap: largest orders first (8, 4, 0),
 * never going back up once a smaller order was used, unmovable pages from
 * any zone up to Normal (GFP_HIGHUSER), zeroed (__GFP_ZERO), as
 * drivers/dma-buf/heaps/system_heap.c in Linux 6.1/6.12.
 */
#include <errno.h>

#include "internal.h"

static int alloc_pages(struct sm_dmabuf *d, unsigned int order, uint64_t *pfn)
{
	if (d->alloc_pages)
		return d->alloc_pages(d->alloc_ctx, d->sys, order, pfn);
	/* GFP_HIGHUSER: not movable, any zone up to ZONE_NORMAL */
	return sm_mm_alloc_pages(d->sys, order, SM_MIGRATE_UNMOVABLE,
				 SM_ZONE_NORMAL, NULL, pfn);
}

/* alloc_largest_available(): the first order that fits and succeeds */
static int alloc_largest_available(struct sm_dmabuf *d, uint64_t remaining,
				   unsigned int max_order, unsigned int *order,
				   uint64_t *pfn)
{
	const struct sm_heap_profile *p = d->prof;

	for (unsigned int i = 0; i < p->nr_orders; i++) {
		unsigned int o = p->orders[i].order;

		if (remaining < (d->page_size << o) || o > max_order)
			continue;
		if (alloc_pages(d, o, pfn))
			continue;
		*order = o;
		return 0;
	}
	return -ENOMEM;
}

int sm_dmabuf_system_heap_allocate(struct sm_dma_heap *h, struct sm_dma_buf *b)
{
	struct sm_dmabuf *d = h->d;
	uint64_t remaining = b->size;
	unsigned int max_order = d->prof->orders[0].order;
	unsigned int order;
	uint64_t pfn;
	int ret;

	while (remaining) {
		ret = alloc_largest_available(d, remaining, max_order, &order,
					      &pfn);
		if (ret)
			return ret;	/* the caller frees what was taken */
		ret = sm_dmabuf_buf_add_chunk(b, pfn, 1ULL << order,
					      (int)order);
		if (ret) {
			sm_mm_free_pages(d->sys, pfn, order);
			return ret;
		}
		remaining -= d->page_size << order;
		max_order = order;
	}
	sm_dmabuf_buf_zero(b);
	return 0;
}

void sm_dmabuf_system_heap_release(struct sm_dma_buf *b)
{
	struct sm_system *sys = b->heap->d->sys;

	for (size_t i = 0; i < b->nchunks; i++)
		sm_mm_free_pages(sys, b->chunks[i].pfn,
				 (unsigned int)b->chunks[i].order);
}
