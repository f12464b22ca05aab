// SPDX-License-Identifier: MIT
/*
 * uapi.c - the rules of the DMA-BUF UAPI as pure functions: how a heap fd
 * decodes its ioctl (drivers/dma-buf/dma-heap.c dma_heap_ioctl()), the
 * allocation checks, DMA_BUF_IOCTL_SYNC's flags, mmap and llseek on a
 * dma-buf (drivers/dma-buf/dma-buf.c, heaps/), Linux 6.1/6.12.
 * kernel-behaviour.md 3.1, 3.2, 3.5.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "internal.h"

_Static_assert(sizeof(struct sm_dma_heap_alloc) ==
		       sizeof(struct dma_heap_allocation_data),
	       "struct sm_dma_heap_alloc is struct dma_heap_allocation_data");

#define IOC_NR(c) ((unsigned int)(c) & 0xff)
#define IOC_SIZE(c) (((unsigned int)(c) >> 16) & 0x3fff)
#define IOC_IN_BIT (1U << 30)	/* _IOC_WRITE << _IOC_DIRSHIFT */
#define IOC_OUT_BIT (2U << 30)	/* _IOC_READ */

int sm_dmabuf_uapi_heap_ioctl(unsigned long cmd,
			      struct sm_dmabuf_ioc_sizes *sz)
{
	unsigned int ucmd = (unsigned int)cmd;
	unsigned int kcmd = DMA_HEAP_IOCTL_ALLOC;
	unsigned int drv = IOC_SIZE(kcmd);

	/* only the number is checked: one command, number 0 */
	if (IOC_NR(ucmd) >= 1)
		return -EINVAL;
	sz->out = IOC_SIZE(ucmd);
	sz->in = sz->out;
	if ((ucmd & kcmd & IOC_IN_BIT) == 0)
		sz->in = 0;
	if ((ucmd & kcmd & IOC_OUT_BIT) == 0)
		sz->out = 0;
	sz->ksize = sz->in > sz->out ? sz->in : sz->out;
	if (sz->ksize < drv)
		sz->ksize = drv;
	return 0;
}

int sm_dmabuf_uapi_alloc_check(const struct sm_dma_heap_alloc *req,
			       uint64_t page_size, uint64_t *len)
{
	if (req->fd)
		return -EINVAL;
	if (req->fd_flags & ~(uint32_t)(O_CLOEXEC | O_ACCMODE))
		return -EINVAL;
	if (req->heap_flags)
		return -EINVAL;
	/* PAGE_ALIGN() wraps to 0 for a length within a page of 2^64 */
	*len = (req->len + page_size - 1) & ~(page_size - 1);
	if (!*len)
		return -EINVAL;
	return 0;
}

int sm_dmabuf_uapi_sync_check(uint64_t flags)
{
	if (flags & ~(uint64_t)DMA_BUF_SYNC_VALID_FLAGS_MASK)
		return -EINVAL;
	if (!(flags & DMA_BUF_SYNC_RW))
		return -EINVAL;
	return 0;
}

int sm_dmabuf_uapi_mmap_check(enum sm_dma_heap_type type, uint64_t size,
			      uint64_t pgoff, uint64_t pages, bool shared,
			      uint64_t page_size)
{
	uint64_t buf_pages = size / page_size;

	if (pgoff > buf_pages || pages > buf_pages - pgoff)
		return -EINVAL;
	if (type == SM_DMA_HEAP_CMA && !shared)
		return -EINVAL;
	/* remap_pfn_range() on a COW mapping must cover the whole VMA */
	if (type == SM_DMA_HEAP_SYSTEM && !shared && pages != 1)
		return -EINVAL;
	return 0;
}

int64_t sm_dmabuf_uapi_llseek(uint64_t size, int64_t off, int whence)
{
	int64_t base;

	if (whence == SEEK_END)
		base = (int64_t)size;
	else if (whence == SEEK_SET)
		base = 0;
	else
		return -EINVAL;
	if (off != 0)
		return -EINVAL;
	return base;
}

int sm_dmabuf_uapi_dma_buf_ioctl(unsigned long cmd)
{
	switch ((unsigned int)cmd) {
	case DMA_BUF_IOCTL_SYNC:
		return SM_DMABUF_IOC_SYNC;
	case DMA_BUF_SET_NAME_A:
	case DMA_BUF_SET_NAME_B:
		return SM_DMABUF_IOC_SET_NAME;
#ifdef DMA_BUF_IOCTL_EXPORT_SYNC_FILE
	case DMA_BUF_IOCTL_EXPORT_SYNC_FILE:
		return SM_DMABUF_IOC_EXPORT_SYNC_FILE;
	case DMA_BUF_IOCTL_IMPORT_SYNC_FILE:
		return SM_DMABUF_IOC_IMPORT_SYNC_FILE;
#endif
	default:
		return -ENOTTY;
	}
}
