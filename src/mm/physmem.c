// SPDX-License-Identifier: MIT
/*
 * physmem.c - physical memory as one file descriptor, and the page frame
 * metadata (the kernel's memmap).
 *
 * The board's DRAM, from the first byte of memblock.memory to the last,
 * is a sparse file (a memfd, or a file the caller names): offset =
 * PA - start of DRAM. It is mapped once, shared, so sm_mm_pfn_virt() is
 * plain pointer arithmetic, and other processes can map any frames of it
 * by offset. Nothing is written at start-up, so a 16 GiB board costs only
 * the frames that are used. The memmap is an anonymous mapping of 12-byte
 * struct sm_page entries (Linux: 64-byte struct page), touched only where
 * there is RAM.
 */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static int phys_open(struct sm_system *s, const char *path,
		     struct sm_diag *diag)
{
	int fd;

	if (path)
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	else
		fd = memfd_create("socmem-phys", MFD_CLOEXEC);
	if (fd < 0)
		return sm_dt_diag_set(diag, -errno, "%s: %s",
				      path ? path : "memfd_create",
				      strerror(errno));
	if (ftruncate(fd, (off_t)s->phys_bytes) < 0) {
		int err = -errno;

		close(fd);
		return sm_dt_diag_set(diag, err, "%s: cannot size to %llu bytes: %s",
				      path ? path : "memfd",
				      (unsigned long long)s->phys_bytes,
				      strerror(-err));
	}
	s->phys_fd = fd;
	return 0;
}

/*
 * sm_mm_physmem_init() - the backing file, its mapping, and the memmap with
 * every RAM frame marked and given its zone.
 */
int sm_mm_physmem_init(struct sm_system *s, const char *path,
		       struct sm_diag *diag)
{
	uint64_t npages = s->end_pfn - s->base_pfn;
	void *m;
	int ret;

	s->phys_fd = -1;
	s->phys_bytes = npages << s->page_shift;
	ret = phys_open(s, path, diag);
	if (ret)
		return ret;
	m = mmap(NULL, s->phys_bytes, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_NORESERVE, s->phys_fd, 0);
	if (m == MAP_FAILED)
		return sm_dt_diag_set(diag, -errno, "cannot map %llu bytes of "
				      "physical memory: %s",
				      (unsigned long long)s->phys_bytes,
				      strerror(errno));
	s->phys = m;
	s->pages_bytes = npages * sizeof(struct sm_page);
	m = mmap(NULL, s->pages_bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return sm_dt_diag_set(diag, -ENOMEM, "cannot map the memmap "
				      "(%zu bytes)", s->pages_bytes);
	s->pages = m;
	return 0;
}

void sm_mm_physmem_release(struct sm_system *s)
{
	if (s->pages)
		munmap(s->pages, s->pages_bytes);
	if (s->phys)
		munmap(s->phys, s->phys_bytes);
	if (s->phys_fd >= 0)
		close(s->phys_fd);
	s->pages = NULL;
	s->phys = NULL;
	s->phys_fd = -1;
}

int sm_mm_phys_fd(const struct sm_system *sys)
{
	return sys->phys_fd;
}

uint64_t sm_mm_phys_offset(const struct sm_system *sys, uint64_t pa)
{
	return pa - (sys->base_pfn << sys->page_shift);
}

void *sm_mm_pfn_virt(struct sm_system *sys, uint64_t pfn)
{
	if (!sm_pfn_in_span(sys, pfn) || !(sm_pg(sys, pfn)->flags & SM_PG_RAM))
		return NULL;
	return sys->phys + ((pfn - sys->base_pfn) << sys->page_shift);
}

size_t sm_mm_metadata_bytes(const struct sm_system *sys)
{
	size_t n = sys->pages_bytes + sys->npageblocks + sizeof(*sys);

	for (size_t i = 0; i < sys->ncma; i++)
		n += sizeof(sys->cma[i]) + (sys->cma[i].nbits + 63) / 64 * 8;
	n += (size_t)sys->owners.cap * sizeof(struct sm_owner_slot) +
	     (size_t)sys->owners.hcap * sizeof(uint32_t);
	return n;
}
