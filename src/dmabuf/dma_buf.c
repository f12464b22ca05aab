// SPDX-License-Identifier: MIT
/*
 * dma_buf.c - the dma-buf object: size, exporter, name, references, and
 * the page frames behind it, as drivers/dma-buf/dma-buf.c keeps them.
 * Every reference (an fd's file, a mapping) is one count; the last put
 * hands the frames back to the heap's release op.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int sm_dmabuf_buf_new(struct sm_dma_heap *h, uint64_t size, uint32_t fd_flags,
		      struct sm_dma_buf **out)
{
	struct sm_dma_buf *b = calloc(1, sizeof(*b));

	if (!b)
		return -ENOMEM;
	b->heap = h;
	b->size = size;
	b->fd_flags = fd_flags;
	b->refs = 1;
	b->node.next = b->node.prev = &b->node;
	*out = b;
	return 0;
}

int sm_dmabuf_buf_add_chunk(struct sm_dma_buf *b, uint64_t pfn,
			    uint64_t pages, int order)
{
	if (b->nchunks == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		struct sm_dma_buf_chunk *c = realloc(b->chunks,
						     cap * sizeof(*c));

		if (!c)
			return -ENOMEM;
		b->chunks = c;
		b->cap = cap;
	}
	b->chunks[b->nchunks].pfn = pfn;
	b->chunks[b->nchunks].pages = pages;
	b->chunks[b->nchunks].order = order;
	b->nchunks++;
	return 0;
}

/*
 * Zero every frame (__GFP_ZERO, or the CMA heap's memset): one memset per
 * run of frames that are contiguous in this process's view of memory.
 */
void sm_dmabuf_buf_zero(struct sm_dma_buf *b)
{
	struct sm_system *sys = b->heap->d->sys;
	uint64_t ps = b->heap->d->page_size;

	for (size_t i = 0; i < b->nchunks; i++) {
		const struct sm_dma_buf_chunk *c = &b->chunks[i];
		char *first = sm_mm_pfn_virt(sys, c->pfn);
		char *last = sm_mm_pfn_virt(sys, c->pfn + c->pages - 1);

		if (first && last == first + (c->pages - 1) * ps) {
			memset(first, 0, c->pages * ps);
			continue;
		}
		for (uint64_t p = 0; p < c->pages; p++) {
			char *v = sm_mm_pfn_virt(sys, c->pfn + p);

			if (v)
				memset(v, 0, ps);
		}
	}
}

/* dma_buf_export(): the buffer becomes visible (ids, lists, stats) */
void sm_dmabuf_buf_publish(struct sm_dma_buf *b)
{
	struct sm_dmabuf *d = b->heap->d;

	b->id = d->next_id++;
	b->node.prev = d->bufs.prev;
	b->node.next = &d->bufs;
	d->bufs.prev->next = &b->node;
	d->bufs.prev = &b->node;
	b->heap->stats.buffers++;
	b->heap->stats.bytes += b->size;
}

/* release the frames of a buffer that may or may not have been published */
void sm_dmabuf_buf_free(struct sm_dma_buf *b)
{
	if (b->id) {
		b->node.prev->next = b->node.next;
		b->node.next->prev = b->node.prev;
		b->heap->stats.buffers--;
		b->heap->stats.bytes -= b->size;
	}
	if (b->heap->type == SM_DMA_HEAP_SYSTEM)
		sm_dmabuf_system_heap_release(b);
	else
		sm_dmabuf_cma_heap_release(b);
	free(b->chunks);
	free(b);
}

void sm_dmabuf_buf_get(struct sm_dma_buf *b)
{
	b->refs++;
}

void sm_dmabuf_buf_put(struct sm_dma_buf *b)
{
	if (b && --b->refs == 0)
		sm_dmabuf_buf_free(b);
}

uint64_t sm_dmabuf_buf_id(const struct sm_dma_buf *b)
{
	return b->id;
}

uint64_t sm_dmabuf_buf_size(const struct sm_dma_buf *b)
{
	return b->size;
}

struct sm_dma_heap *sm_dmabuf_buf_heap(const struct sm_dma_buf *b)
{
	return b->heap;
}

const char *sm_dmabuf_buf_exp_name(const struct sm_dma_buf *b)
{
	return b->heap->name;
}

const char *sm_dmabuf_buf_name(const struct sm_dma_buf *b)
{
	return b->name;
}

uint32_t sm_dmabuf_buf_fd_flags(const struct sm_dma_buf *b)
{
	return b->fd_flags;
}

unsigned int sm_dmabuf_buf_refs(const struct sm_dma_buf *b)
{
	return b->refs;
}

/* dma_buf_set_name(): strndup_user(buf, DMA_BUF_NAME_LEN) */
int sm_dmabuf_buf_set_name(struct sm_dma_buf *b, const char *name,
			   size_t avail)
{
	size_t lim = avail < SM_DMA_BUF_NAME_LEN ? avail : SM_DMA_BUF_NAME_LEN;
	size_t n = strnlen(name, lim);

	if (n == lim)
		return lim == SM_DMA_BUF_NAME_LEN ? -EINVAL : -EFAULT;
	memcpy(b->name, name, n + 1);
	return 0;
}

const struct sm_dma_buf_chunk *sm_dmabuf_buf_chunks(const struct sm_dma_buf *b,
						    size_t *n)
{
	*n = b->nchunks;
	return b->chunks;
}

struct sm_dma_buf *sm_dmabuf_buf_next(const struct sm_dmabuf *d,
				      const struct sm_dma_buf *prev)
{
	const struct sm_dmabuf_list *n = prev ? prev->node.next : d->bufs.next;

	if (n == &d->bufs)
		return NULL;
	return sm_dmabuf_container_of(n, struct sm_dma_buf, node);
}
