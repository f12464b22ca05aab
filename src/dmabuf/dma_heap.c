// SPDX-License-Identifier: MIT
/*
 * dma_heap.c - the heap registry: one char device minor per heap, unique
 * names, the boot-time heaps of each kernel, and DMA_HEAP_IOCTL_ALLOC's
 * path into a heap, as drivers/dma-buf/dma-heap.c (Linux 6.1/6.12).
 */
#define _GNU_SOURCE /* vasprintf */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int sm_dmabuf_printk(struct sm_dmabuf *d, enum sm_loglevel level,
		     const char *fmt, ...)
{
	struct sm_kmsg *m;
	va_list ap;
	char *text;

	if (d->nlog == d->log_cap) {
		size_t cap = d->log_cap ? d->log_cap * 2 : 16;

		m = realloc(d->log, cap * sizeof(*m));
		if (!m)
			return -ENOMEM;
		d->log = m;
		d->log_cap = cap;
	}
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (!text)
		return -ENOMEM;
	m = &d->log[d->nlog++];
	m->text = text;
	m->level = level;
	m->memline = false;
	return 0;
}

/*
 * dma_heap_add(): a name, a free minor, then the unique-name check. The
 * kernel creates the device before that check; socmem answers -EINVAL
 * for a duplicate as the heap list does (kernel-behaviour.md 3.2).
 */
int sm_dmabuf_heap_add(struct sm_dmabuf *d, const char *name,
		       enum sm_dma_heap_type type, struct sm_cma *cma,
		       struct sm_dma_heap **out)
{
	struct sm_dma_heap *h;

	if (!name || !*name) {
		sm_dmabuf_printk(d, SM_LOG_ERR,
				 "dma_heap: Cannot add heap without a name");
		return -EINVAL;
	}
	if (d->nheaps == SM_DMA_HEAP_MINORS) {
		sm_dmabuf_printk(d, SM_LOG_ERR,
				 "dma_heap: Unable to get minor number for heap");
		return -ENOSPC;
	}
	if (strlen(name) >= sizeof(h->name))
		return -ENAMETOOLONG;
	if (sm_dmabuf_heap_find(d, name)) {
		sm_dmabuf_printk(d, SM_LOG_ERR,
				 "dma_heap: Already registered heap named %s",
				 name);
		return -EINVAL;
	}
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->d = d;
	snprintf(h->name, sizeof(h->name), "%s", name);
	h->type = type;
	h->cma = cma;
	h->minor = (unsigned int)d->nheaps;
	d->heaps[d->nheaps++] = h;
	if (out)
		*out = h;
	return 0;
}

int sm_dmabuf_create(struct sm_system *sys, struct sm_dmabuf **out,
		     struct sm_diag *diag)
{
	struct sm_dmabuf *d = calloc(1, sizeof(*d));
	int ret;

	if (!d)
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	d->sys = sys;
	d->board = sm_mm_system_board(sys);
	d->prof = sm_dmabuf_heap_profile_get(sm_boot_profile_id(d->board->profile));
	d->page_size = sm_boot_board_page_size(d->board);
	d->bufs.next = d->bufs.prev = &d->bufs;
	d->next_id = 1;
	/* link order in drivers/dma-buf/heaps/Makefile: system, then cma */
	ret = sm_dmabuf_heap_add(d, "system", SM_DMA_HEAP_SYSTEM, NULL, NULL);
	if (!ret)
		ret = sm_dmabuf_cma_heap_add_boot(d);
	if (ret == -ENOMEM) {
		sm_dmabuf_destroy(d);
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	}
	*out = d;
	return 0;
}

void sm_dmabuf_destroy(struct sm_dmabuf *d)
{
	if (!d)
		return;
	while (d->bufs.next != &d->bufs)
		sm_dmabuf_buf_free(sm_dmabuf_container_of(
			d->bufs.next, struct sm_dma_buf, node));
	for (size_t i = 0; i < d->nheaps; i++)
		free(d->heaps[i]);
	for (size_t i = 0; i < d->nlog; i++)
		free(d->log[i].text);
	free(d->log);
	free(d);
}

struct sm_system *sm_dmabuf_system(const struct sm_dmabuf *d)
{
	return d->sys;
}

size_t sm_dmabuf_heap_count(const struct sm_dmabuf *d)
{
	return d->nheaps;
}

struct sm_dma_heap *sm_dmabuf_heap_at(const struct sm_dmabuf *d, size_t i)
{
	return i < d->nheaps ? d->heaps[i] : NULL;
}

struct sm_dma_heap *sm_dmabuf_heap_find(const struct sm_dmabuf *d,
					const char *name)
{
	for (size_t i = 0; i < d->nheaps; i++)
		if (!strcmp(d->heaps[i]->name, name))
			return d->heaps[i];
	return NULL;
}

const struct sm_kmsg *sm_dmabuf_log(const struct sm_dmabuf *d, size_t *n)
{
	*n = d->nlog;
	return d->log;
}

void sm_dmabuf_log_clear(struct sm_dmabuf *d)
{
	for (size_t i = 0; i < d->nlog; i++)
		free(d->log[i].text);
	d->nlog = 0;
}

const char *sm_dmabuf_heap_name(const struct sm_dma_heap *h)
{
	return h->name;
}

enum sm_dma_heap_type sm_dmabuf_heap_type(const struct sm_dma_heap *h)
{
	return h->type;
}

unsigned int sm_dmabuf_heap_minor(const struct sm_dma_heap *h)
{
	return h->minor;
}

struct sm_cma *sm_dmabuf_heap_cma(const struct sm_dma_heap *h)
{
	return h->cma;
}

void sm_dmabuf_heap_stats(const struct sm_dma_heap *h,
			  struct sm_dma_heap_stats *st)
{
	*st = h->stats;
}

/* dma_heap_ioctl_allocate(): the checks, then heap->ops->allocate() */
int sm_dmabuf_heap_allocate(struct sm_dma_heap *h,
			    const struct sm_dma_heap_alloc *req,
			    struct sm_dma_buf **out)
{
	struct sm_dma_buf *b;
	uint64_t len;
	int ret;

	ret = sm_dmabuf_uapi_alloc_check(req, h->d->page_size, &len);
	if (ret)
		return ret;
	ret = sm_dmabuf_buf_new(h, len, req->fd_flags, &b);
	if (ret)
		return ret;
	if (h->type == SM_DMA_HEAP_SYSTEM)
		ret = sm_dmabuf_system_heap_allocate(h, b);
	else
		ret = sm_dmabuf_cma_heap_allocate(h, b);
	if (ret) {
		sm_dmabuf_buf_free(b);
		return ret;
	}
	sm_dmabuf_buf_publish(b);
	*out = b;
	return 0;
}

void sm_dmabuf_set_alloc_pages(struct sm_dmabuf *d, sm_dmabuf_alloc_pages_fn fn,
			       void *ctx)
{
	d->alloc_pages = fn;
	d->alloc_ctx = ctx;
}
