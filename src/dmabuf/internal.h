/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of src/dmabuf/ share: the registry, heap
 * and buffer bodies, the per-kernel heap table, and the test seam.
 */
#ifndef SOCMEM_DMABUF_INTERNAL_H
#define SOCMEM_DMABUF_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <socmem/board.h>
#include <socmem/dmabuf.h>
#include <socmem/mm.h>

#define SM_DMA_HEAP_MINORS 128 /* NUM_HEAP_MINORS */
#define SM_SYSTEM_HEAP_MAX_ORDERS 3

/* intrusive list (list_head) */
struct sm_dmabuf_list {
	struct sm_dmabuf_list *next;
	struct sm_dmabuf_list *prev;
};

#define sm_dmabuf_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/**
 * enum sm_cma_heap_set - which CMA heaps a kernel registers at boot
 * @SM_CMA_HEAPS_DEFAULT: 6.1..6.16: one, for the default area, under the
 *	area's name (add_default_cma_heap())
 * @SM_CMA_HEAPS_PER_AREA: 7.x: "default_cma_region" for the default area,
 *	then one per CMA area under the area's name
 */
enum sm_cma_heap_set {
	SM_CMA_HEAPS_DEFAULT,
	SM_CMA_HEAPS_PER_AREA,
};

/**
 * struct sm_system_heap_order - one order the system heap tries
 * @order: buddy order
 * @gfp: the kernel's flags for it, for people
 * @nowarn: __GFP_NOWARN (a failure prints nothing)
 */
struct sm_system_heap_order {
	unsigned int order;
	const char *gfp;
	bool nowarn;
};

/**
 * struct sm_heap_profile - what one kernel's heaps do differently
 * @cma_heaps: the CMA heaps registered at boot
 * @default_name: the fixed name of the default heap, or NULL for the
 *	area's own name
 * @cma_pfx: pr_fmt of cma_heap.c ("" before v6.17)
 * @orders: the system heap's orders, largest first
 * @nr_orders: entries in @orders
 */
struct sm_heap_profile {
	enum sm_cma_heap_set cma_heaps;
	const char *default_name;
	const char *cma_pfx;
	struct sm_system_heap_order orders[SM_SYSTEM_HEAP_MAX_ORDERS];
	unsigned int nr_orders;
};

const struct sm_heap_profile *sm_dmabuf_heap_profile_get(enum sm_kernel_id id);

struct sm_dma_heap {
	struct sm_dmabuf *d;
	char name[SM_DMA_HEAP_NAME_MAX];
	enum sm_dma_heap_type type;
	unsigned int minor;
	struct sm_cma *cma;
	struct sm_dma_heap_stats stats;
};

struct sm_dma_buf {
	struct sm_dmabuf_list node;	/* in sm_dmabuf.bufs */
	struct sm_dma_heap *heap;
	uint64_t id;
	uint64_t size;
	uint32_t fd_flags;
	unsigned int refs;
	char name[SM_DMA_BUF_NAME_LEN];
	struct sm_dma_buf_chunk *chunks;
	size_t nchunks;
	size_t cap;
};

/* the page allocator the system heap calls (a seam for tests) */
typedef int (*sm_dmabuf_alloc_pages_fn)(void *ctx, struct sm_system *sys,
					unsigned int order, uint64_t *pfn);

struct sm_dmabuf {
	struct sm_system *sys;
	const struct sm_board *board;
	const struct sm_heap_profile *prof;
	uint64_t page_size;
	struct sm_dma_heap *heaps[SM_DMA_HEAP_MINORS];
	size_t nheaps;
	struct sm_dmabuf_list bufs;
	uint64_t next_id;
	struct sm_kmsg *log;
	size_t nlog;
	size_t log_cap;
	sm_dmabuf_alloc_pages_fn alloc_pages;
	void *alloc_ctx;
};

/* dma_heap.c */
int sm_dmabuf_printk(struct sm_dmabuf *d, enum sm_loglevel level,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int sm_dmabuf_heap_add(struct sm_dmabuf *d, const char *name,
		       enum sm_dma_heap_type type, struct sm_cma *cma,
		       struct sm_dma_heap **out);

/* dma_buf.c */
int sm_dmabuf_buf_new(struct sm_dma_heap *h, uint64_t size, uint32_t fd_flags,
		      struct sm_dma_buf **out);
int sm_dmabuf_buf_add_chunk(struct sm_dma_buf *b, uint64_t pfn,
			    uint64_t pages, int order);
void sm_dmabuf_buf_zero(struct sm_dma_buf *b);
void sm_dmabuf_buf_publish(struct sm_dma_buf *b);
void sm_dmabuf_buf_free(struct sm_dma_buf *b);

/* system_heap.c, cma_heap.c: the heaps' allocate and release ops */
int sm_dmabuf_system_heap_allocate(struct sm_dma_heap *h, struct sm_dma_buf *b);
void sm_dmabuf_system_heap_release(struct sm_dma_buf *b);
int sm_dmabuf_cma_heap_allocate(struct sm_dma_heap *h, struct sm_dma_buf *b);
void sm_dmabuf_cma_heap_release(struct sm_dma_buf *b);
int sm_dmabuf_cma_heap_add_boot(struct sm_dmabuf *d);

/* test seam: route the system heap's page allocations through @fn */
void sm_dmabuf_set_alloc_pages(struct sm_dmabuf *d, sm_dmabuf_alloc_pages_fn fn,
			       void *ctx);

/*
 * get_order(): smallest order with PAGE_SIZE << order >= size, computed
 * as the kernel does (fls64((size - 1) >> PAGE_SHIFT)) so that no shift
 * can overflow: a size past 2^63 has order 52 with 4 KiB pages, where
 * looping on PAGE_SIZE << order never reached it.
 */
static inline unsigned int sm_dmabuf_get_order(uint64_t size,
					       uint64_t page_size)
{
	uint64_t pages = size ? (size - 1) / page_size : 0;
	unsigned int order = 0;

	while (order < 64 && (pages >> order))
		order++;
	return order;
}

#endif /* SOCMEM_DMABUF_INTERNAL_H */
