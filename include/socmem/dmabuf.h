/* SPDX-License-Identifier: MIT */
/*
 * dmabuf.h - DMA-BUF heaps on a running memory system (mm.h): the heap
 * registry of drivers/dma-buf/dma-heap.c, the system heap, the CMA heaps
 * (the default area's, per-area ones on 7.2, and custom ones that a
 * driver registers with cma_heap_add()), and the dma-buf objects they
 * export, backed by the system's own page frames.
 *
 * Two parts:
 *  - objects (struct sm_dmabuf, sm_dma_heap, sm_dma_buf), used in-process
 *    by the daemon, the tests and the benchmarks;
 *  - the UAPI rules as pure functions (sm_dmabuf_uapi_*), shared by every
 *    place that answers a system call the way the kernel does (the daemon
 *    and libsocmem-preload.so). The wire layouts are the kernel's own
 *    <linux/dma-heap.h> and <linux/dma-buf.h>.
 *
 * Not thread-safe: one caller at a time, like mm.h.
 * Every call returns 0 or a negative errno unless it says otherwise.
 */
#ifndef SOCMEM_DMABUF_H
#define SOCMEM_DMABUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <socmem/diag.h>
#include <socmem/mm.h>

struct sm_dmabuf;
struct sm_dma_heap;
struct sm_dma_buf;

/** enum sm_dma_heap_type - which exporter backs a heap */
enum sm_dma_heap_type {
	SM_DMA_HEAP_SYSTEM,	/* drivers/dma-buf/heaps/system_heap.c */
	SM_DMA_HEAP_CMA,	/* drivers/dma-buf/heaps/cma_heap.c */
};

#define SM_DMA_BUF_NAME_LEN 32	/* DMA_BUF_NAME_LEN, NUL included */
#define SM_DMA_HEAP_NAME_MAX 64
/*
 * The dma_heap char devices' major: the kernel takes a dynamic one
 * (alloc_chrdev_region); socmem shows this one.
 */
#define SM_DMA_HEAP_MAJOR 254

/* ---- the registry -------------------------------------------------- */

/**
 * sm_dmabuf_create() - register the heaps a kernel creates at boot
 * @sys: the running system; must outlive the registry
 * @out: receives the registry
 * @diag: receives the reason on failure
 *
 * 6.1 and 6.12: "system", then one CMA heap for the default area named
 * after it ("reserved" for cma=/Kconfig, the node name for a
 * linux,cma-default region). 7.2: "system", "default_cma_region" for the
 * default area, then one heap per CMA area named after the area. Messages
 * the kernel prints on the way are in sm_dmabuf_log().
 *
 * Return: 0; -ENOMEM.
 */
int sm_dmabuf_create(struct sm_system *sys, struct sm_dmabuf **out,
		     struct sm_diag *diag);

/**
 * sm_dmabuf_destroy() - release the registry and every buffer still
 * alive (their frames go back to the system); NULL is fine
 */
void sm_dmabuf_destroy(struct sm_dmabuf *d);

/** sm_dmabuf_system() - the running system the heaps allocate from */
struct sm_system *sm_dmabuf_system(const struct sm_dmabuf *d);

/** sm_dmabuf_heap_count() - heaps registered so far */
size_t sm_dmabuf_heap_count(const struct sm_dmabuf *d);

/** sm_dmabuf_heap_at() - the @i-th heap in registration order, or NULL */
struct sm_dma_heap *sm_dmabuf_heap_at(const struct sm_dmabuf *d, size_t i);

/** sm_dmabuf_heap_find() - the heap of /dev/dma_heap/@name, or NULL */
struct sm_dma_heap *sm_dmabuf_heap_find(const struct sm_dmabuf *d,
					const char *name);

/**
 * sm_dmabuf_cma_heap_add() - cma_heap_add(): register a heap for the CMA
 * area @cma, named after the area (the Android/Qualcomm export the
 * platform guide uses)
 * @data: unused, as in the kernel
 *
 * Return: 0; -EINVAL (@cma NULL, or a heap of that name exists: "dma_heap:
 * Already registered heap named %s" is logged); -ENOSPC (the 128 minors
 * are taken); -ENOMEM.
 */
int sm_dmabuf_cma_heap_add(struct sm_dmabuf *d, struct sm_cma *cma,
			   void *data);

/**
 * sm_dmabuf_log() - the kernel messages the heaps and drivers printed, in
 * order (@n receives the count)
 */
const struct sm_kmsg *sm_dmabuf_log(const struct sm_dmabuf *d, size_t *n);

/** sm_dmabuf_log_clear() - drop every message of sm_dmabuf_log() */
void sm_dmabuf_log_clear(struct sm_dmabuf *d);

/* ---- a driver's view: the platform guide's create_my_cma_heap() ------ */

/**
 * struct sm_dmabuf_device - the parts of a struct device the flow uses
 * @name: dev_name(), e.g. "my-cma-heap" for a node /my-cma-heap
 * @driver: the driver's name, for dev_info() lines
 * @of_node: FDT offset of the device's node in the board's tree
 * @cma_area: dev->cma_area, set by a CMA region's device_init
 * @coherent: a non-reusable shared-dma-pool was assigned instead
 */
struct sm_dmabuf_device {
	char name[64];
	char driver[32];
	int of_node;
	struct sm_cma *cma_area;
	bool coherent;
};

/**
 * sm_dmabuf_of_reserved_mem_device_init_by_idx() - bind the @idx-th
 * `memory-region` phandle of @dev's node to its reserved region
 * (drivers/of/of_reserved_mem.c): a CMA region sets @dev->cma_area, a DMA
 * pool makes it coherent; logs "<driver> <dev>: assigned reserved memory
 * node <region>".
 *
 * Return: 0 (also when the target node is disabled: nothing is bound);
 * -ENODEV (no such phandle); -EINVAL (the target is not a region the
 * kernel kept with a device_init op: a plain carve-out, a failed region).
 */
int sm_dmabuf_of_reserved_mem_device_init_by_idx(struct sm_dmabuf *d,
						 struct sm_dmabuf_device *dev,
						 int idx);

/**
 * sm_dmabuf_create_cma_heap() - the guide's create_my_cma_heap(dev):
 * of_reserved_mem_device_init_by_idx(dev, node, 0), then
 * cma_heap_add(dev->cma_area), printing the guide's own error lines
 * ("No reserved DMA memory, ret=%d", "cma_heap_add failed, ret=%d")
 *
 * Return: 0 or -EINVAL, as the guide's function returns.
 */
int sm_dmabuf_create_cma_heap(struct sm_dmabuf *d,
			      struct sm_dmabuf_device *dev);

/**
 * sm_dmabuf_probe_drivers() - probe the guide's driver on every available
 * node with compatible "socmem,cma-heap" (its first memory-region becomes
 * /dev/dma_heap/<area name>), in tree order
 *
 * Return: the number of heaps created (failures are logged as the
 * driver logs them), or -ENOMEM.
 */
int sm_dmabuf_probe_drivers(struct sm_dmabuf *d);

#define SM_DMABUF_DRIVER_COMPATIBLE "socmem,cma-heap"

/* ---- heaps --------------------------------------------------------- */

const char *sm_dmabuf_heap_name(const struct sm_dma_heap *h);
enum sm_dma_heap_type sm_dmabuf_heap_type(const struct sm_dma_heap *h);

/** sm_dmabuf_heap_minor() - the char device's minor (registration order) */
unsigned int sm_dmabuf_heap_minor(const struct sm_dma_heap *h);

/** sm_dmabuf_heap_cma() - the CMA area of a CMA heap, NULL for system */
struct sm_cma *sm_dmabuf_heap_cma(const struct sm_dma_heap *h);

/**
 * struct sm_dma_heap_stats - what a heap has handed out
 * @buffers: live buffers
 * @bytes: their total size
 */
struct sm_dma_heap_stats {
	uint64_t buffers;
	uint64_t bytes;
};

void sm_dmabuf_heap_stats(const struct sm_dma_heap *h,
		       struct sm_dma_heap_stats *st);

/**
 * struct sm_dma_heap_alloc - struct dma_heap_allocation_data, byte for
 * byte (24 bytes)
 */
struct sm_dma_heap_alloc {
	uint64_t len;
	uint32_t fd;
	uint32_t fd_flags;
	uint64_t heap_flags;
};

/**
 * sm_dmabuf_heap_allocate() - DMA_HEAP_IOCTL_ALLOC without the fd: the
 * kernel's checks in its order, then the heap's allocate op
 * @h: the heap
 * @req: the request as the caller filled it (@req->fd is an input here)
 * @out: receives the buffer, holding one reference
 *
 * Return: 0; -EINVAL (fd not 0, fd_flags outside O_ACCMODE|O_CLOEXEC,
 * any heap_flags bit, or a length that rounds to 0 pages); -ENOMEM (the
 * heap is exhausted; a CMA heap's failure logs the profile's cma_alloc
 * message in the system log).
 */
int sm_dmabuf_heap_allocate(struct sm_dma_heap *h,
			 const struct sm_dma_heap_alloc *req,
			 struct sm_dma_buf **out);

/* ---- buffers ------------------------------------------------------- */

/**
 * struct sm_dma_buf_chunk - one physically contiguous piece of a buffer,
 * in buffer order
 * @pfn: first frame
 * @pages: frames
 * @order: buddy order of a system heap chunk, -1 for a CMA allocation
 */
struct sm_dma_buf_chunk {
	uint64_t pfn;
	uint64_t pages;
	int order;
};

/** sm_dmabuf_buf_get() - take a reference (an fd, a mapping) */
void sm_dmabuf_buf_get(struct sm_dma_buf *b);

/**
 * sm_dmabuf_buf_put() - drop a reference; the last one frees the frames
 * (cma_release for a CMA buffer)
 */
void sm_dmabuf_buf_put(struct sm_dma_buf *b);

/** sm_dmabuf_buf_id() - a number unique over the registry's life (from 1) */
uint64_t sm_dmabuf_buf_id(const struct sm_dma_buf *b);
uint64_t sm_dmabuf_buf_size(const struct sm_dma_buf *b);
struct sm_dma_heap *sm_dmabuf_buf_heap(const struct sm_dma_buf *b);

/** sm_dmabuf_buf_exp_name() - the exporter's name (the heap's name) */
const char *sm_dmabuf_buf_exp_name(const struct sm_dma_buf *b);

/** sm_dmabuf_buf_name() - the name DMA_BUF_SET_NAME gave it, "" if none */
const char *sm_dmabuf_buf_name(const struct sm_dma_buf *b);

/** sm_dmabuf_buf_fd_flags() - the fd_flags it was allocated with */
uint32_t sm_dmabuf_buf_fd_flags(const struct sm_dma_buf *b);

/** sm_dmabuf_buf_refs() - references held */
unsigned int sm_dmabuf_buf_refs(const struct sm_dma_buf *b);

/**
 * sm_dmabuf_buf_set_name() - DMA_BUF_SET_NAME with @name already copied in
 * from the caller (@avail: how many bytes could be read there, at most
 * SM_DMA_BUF_NAME_LEN are looked at)
 *
 * Return: 0; -EINVAL (no NUL in the first 32 bytes: 32 characters or
 * more); -EFAULT (the string ran into unreadable memory first).
 */
int sm_dmabuf_buf_set_name(struct sm_dma_buf *b, const char *name,
			size_t avail);

/** sm_dmabuf_buf_chunks() - the buffer's frames (@n receives the count) */
const struct sm_dma_buf_chunk *sm_dmabuf_buf_chunks(const struct sm_dma_buf *b,
						 size_t *n);

/**
 * sm_dmabuf_buf_next() - iterate over live buffers in allocation order:
 * pass NULL for the first
 */
struct sm_dma_buf *sm_dmabuf_buf_next(const struct sm_dmabuf *d,
				      const struct sm_dma_buf *prev);

/* ---- the UAPI rules (no objects needed) ---------------------------- */

/**
 * struct sm_dmabuf_ioc_sizes - how dma_heap_ioctl() copies its argument
 * @in: bytes copied from the caller
 * @out: bytes copied back
 * @ksize: size of the kernel's buffer: max(in, out, 24); bytes past @in
 *	are zero
 */
struct sm_dmabuf_ioc_sizes {
	unsigned int in;
	unsigned int out;
	unsigned int ksize;
};

/**
 * sm_dmabuf_uapi_heap_ioctl() - decode an ioctl on a heap fd: only the
 * number is checked (0 is the allocation whatever its type, size and
 * direction bits); the sizes follow the caller's bits
 *
 * Return: 0; -EINVAL (number >= 1).
 */
int sm_dmabuf_uapi_heap_ioctl(unsigned long cmd,
			      struct sm_dmabuf_ioc_sizes *sz);

/**
 * sm_dmabuf_uapi_alloc_check() - dma_heap_ioctl_allocate()'s checks, in
 * order; @len receives PAGE_ALIGN(len)
 *
 * Return: 0 or -EINVAL.
 */
int sm_dmabuf_uapi_alloc_check(const struct sm_dma_heap_alloc *req,
			       uint64_t page_size, uint64_t *len);

/**
 * sm_dmabuf_uapi_sync_check() - DMA_BUF_IOCTL_SYNC's flag checks
 *
 * Return: 0; -EINVAL (a bit outside READ|WRITE|END, or no direction).
 */
int sm_dmabuf_uapi_sync_check(uint64_t flags);

/**
 * sm_dmabuf_uapi_mmap_check() - dma_buf_mmap_internal() and the heap's
 * mmap op: the range must lie within the buffer; a CMA heap needs a
 * shared mapping; the system heap maps page by page with
 * remap_pfn_range(), which a private mapping only survives for one page
 *
 * Return: 0 or -EINVAL.
 */
int sm_dmabuf_uapi_mmap_check(enum sm_dma_heap_type type, uint64_t size,
			      uint64_t pgoff, uint64_t pages, bool shared,
			      uint64_t page_size);

/**
 * sm_dmabuf_uapi_llseek() - dma_buf_llseek(): SEEK_END gives the size,
 * SEEK_SET 0, only with offset 0
 *
 * Return: the position, or -EINVAL.
 */
int64_t sm_dmabuf_uapi_llseek(uint64_t size, int64_t off, int whence);

/**
 * sm_dmabuf_uapi_dma_buf_ioctl() - classify an ioctl on a dma-buf fd
 *
 * Return: SM_DMABUF_IOC_SYNC, _SET_NAME, _EXPORT_SYNC_FILE,
 * _IMPORT_SYNC_FILE, or -ENOTTY (an exact command match is required).
 */
int sm_dmabuf_uapi_dma_buf_ioctl(unsigned long cmd);

enum {
	SM_DMABUF_IOC_SYNC,
	SM_DMABUF_IOC_SET_NAME,
	SM_DMABUF_IOC_EXPORT_SYNC_FILE,
	SM_DMABUF_IOC_IMPORT_SYNC_FILE,
};

/* ---- the sync checker's rules ---------------------------------------- */

/**
 * struct sm_sync_state - CPU-access brackets open on one buffer
 * @read: DMA_BUF_SYNC_START with READ not yet ended
 * @write: DMA_BUF_SYNC_START with WRITE not yet ended
 * @last_flags: flags of the last DMA_BUF_IOCTL_SYNC (for reports)
 * @syncs: DMA_BUF_IOCTL_SYNC calls seen
 */
struct sm_sync_state {
	unsigned int read;
	unsigned int write;
	uint64_t last_flags;
	uint64_t syncs;
};

/* access a bracket state allows */
#define SM_SYNC_ALLOW_READ 0x1
#define SM_SYNC_ALLOW_WRITE 0x2

/**
 * sm_dmabuf_sync_state_apply() - account a valid DMA_BUF_IOCTL_SYNC in @st
 *
 * Return: the access now allowed (SM_SYNC_ALLOW_*): none outside any
 * bracket, read inside a READ bracket, read and write inside a WRITE or
 * RW bracket.
 */
unsigned int sm_dmabuf_sync_state_apply(struct sm_sync_state *st,
					uint64_t flags);

/** sm_dmabuf_sync_state_allowed() - the access @st allows */
unsigned int sm_dmabuf_sync_state_allowed(const struct sm_sync_state *st);

/**
 * sm_dmabuf_sync_state_describe() - "outside any DMA_BUF_IOCTL_SYNC bracket
 * (last: END|RW)", "inside a READ bracket" ... into @buf
 */
void sm_dmabuf_sync_state_describe(const struct sm_sync_state *st, char *buf,
				   size_t len);

/** sm_dmabuf_sync_flags_name() - "START|READ", "END|RW", "START (no direction)" */
void sm_dmabuf_sync_flags_name(uint64_t flags, char *buf, size_t len);

#endif /* SOCMEM_DMABUF_H */
