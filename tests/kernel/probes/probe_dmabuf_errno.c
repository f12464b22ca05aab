// SPDX-License-Identifier: MIT
/*
 * probe_dmabuf_errno.c - the DMA-BUF UAPI's answers, case by case, on the
 * system heap and on every CMA heap: allocation sizes at the edges (0,
 * 1, 2^63, 2^64-4096, 2^64-1), flags, the ioctl dispatch, the buffer's
 * ioctls, lseek, read/write and mmap bounds. Each line is
 * `HEAP CASE: RESULT` where RESULT is "ok" or the errno's name.
 */
#include <stdbool.h>
#include <sys/mman.h>

#include "probe_util.h"

static const char *heap;

static void report(const char *what, int err)
{
	printf("%s %s: %s\n", heap, what, errname(err));
}

/* one DMA_HEAP_IOCTL_ALLOC with every field chosen by the caller */
static int alloc_raw(int hfd, uint64_t len, uint32_t fd, uint32_t fd_flags,
		     uint64_t heap_flags)
{
	struct dma_heap_allocation_data a = {
		.len = len, .fd = fd, .fd_flags = fd_flags,
		.heap_flags = heap_flags,
	};

	if (ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &a) < 0)
		return errno;
	close((int)a.fd);
	return 0;
}

/*
 * Sizes past what the heap can give are asked only of CMA heaps: the
 * system heap takes page after page with no check up front, so on a real
 * kernel such a request ends in the OOM killer, not in an errno.
 */
static void alloc_cases(int hfd, bool cma)
{
	static const struct {
		const char *name;
		uint64_t len;
		bool cma_only;
	} sizes[] = {
		{ "len-0", 0, false },
		{ "len-1", 1, false },
		{ "len-4096", 4096, false },
		{ "len-2^40", 1ULL << 40, true },
		{ "len-2^63", 1ULL << 63, true },
		{ "len-2^64-4096", ~0ULL - 4095, true },
		{ "len-2^64-1", ~0ULL, false },
	};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (cma || !sizes[i].cma_only)
			report(sizes[i].name, alloc_raw(hfd, sizes[i].len, 0,
							O_RDWR | O_CLOEXEC, 0));
	report("fd-nonzero", alloc_raw(hfd, 4096, 7, O_RDWR, 0));
	report("fd-flags-append", alloc_raw(hfd, 4096, 0, O_RDWR | O_APPEND, 0));
	report("fd-flags-rdonly", alloc_raw(hfd, 4096, 0, O_RDONLY, 0));
	report("fd-flags-wronly", alloc_raw(hfd, 4096, 0, O_WRONLY, 0));
	report("heap-flags-1", alloc_raw(hfd, 4096, 0, O_RDWR, 1));
	report("heap-flags-top", alloc_raw(hfd, 4096, 0, O_RDWR, 1ULL << 63));
	errno = 0;
	report("ioctl-nr-1", ioctl(hfd, _IOWR(DMA_HEAP_IOC_MAGIC, 1,
				    struct dma_heap_allocation_data), NULL) < 0 ? errno : 0);
	report("ioctl-null-arg", ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, NULL) < 0 ? errno : 0);
	{
		char c;

		report("heap-read", read(hfd, &c, 1) < 0 ? errno : 0);
	}
}

static int sync_err(int bfd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return ioctl(bfd, DMA_BUF_IOCTL_SYNC, &s) < 0 ? errno : 0;
}

static void buffer_cases(int hfd)
{
	int bfd = heap_alloc(hfd, 3 * 4096);
	void *p;
	char c = 0;

	if (bfd < 0) {
		report("buffer", -bfd);
		return;
	}
	report("sync-start-rw", sync_err(bfd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW));
	report("sync-end-read", sync_err(bfd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ));
	report("sync-no-direction", sync_err(bfd, DMA_BUF_SYNC_START));
	report("sync-unknown-bit", sync_err(bfd, DMA_BUF_SYNC_RW | 0x100));
	report("set-name", ioctl(bfd, DMA_BUF_SET_NAME, "probe") < 0 ? errno : 0);
	report("set-name-null", ioctl(bfd, DMA_BUF_SET_NAME, NULL) < 0 ? errno : 0);
	report("ioctl-unknown", ioctl(bfd, _IO('b', 0x7f)) < 0 ? errno : 0);
	printf("%s lseek-end: %lld\n", heap, (long long)lseek(bfd, 0, SEEK_END));
	report("lseek-set-1", lseek(bfd, 1, SEEK_SET) < 0 ? errno : 0);
	report("lseek-cur", lseek(bfd, 0, SEEK_CUR) < 0 ? errno : 0);
	report("read", read(bfd, &c, 1) < 0 ? errno : 0);
	report("write", write(bfd, &c, 1) < 0 ? errno : 0);
	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, bfd, 0);
	report("mmap-whole", p == MAP_FAILED ? errno : 0);
	if (p != MAP_FAILED) {
		printf("%s zeroed: %s\n", heap,
		       !((char *)p)[0] && !((char *)p)[3 * 4096 - 1] ? "yes" : "no");
		munmap(p, 3 * 4096);
	}
	p = mmap(NULL, 4 * 4096, PROT_READ, MAP_SHARED, bfd, 0);
	report("mmap-past-end", p == MAP_FAILED ? errno : 0);
	if (p != MAP_FAILED)
		munmap(p, 4 * 4096);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, bfd, 3 * 4096);
	report("mmap-offset-at-end", p == MAP_FAILED ? errno : 0);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, bfd, 2 * 4096);
	report("mmap-last-page", p == MAP_FAILED ? errno : 0);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	p = mmap(NULL, (size_t)-1 & ~4095UL, PROT_READ, MAP_SHARED, bfd, 0);
	report("mmap-huge", p == MAP_FAILED ? errno : 0);
	close(bfd);
}

int main(void)
{
	char names[32][64];
	int n = heap_names(names, 32);

	/* line by line: a probe the kernel kills keeps what it printed */
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (int i = 0; i < n; i++) {
		int hfd = heap_open(names[i]);

		heap = names[i];
		if (hfd < 0) {
			report("open", errno);
			continue;
		}
		alloc_cases(hfd, strcmp(heap, "system") != 0);
		buffer_cases(hfd);
		close(hfd);
	}
	return 0;
}
