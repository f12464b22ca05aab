// SPDX-License-Identifier: MIT
/*
 * probe_cma.c - CMA heaps at run time: a sequence of allocations and frees
 * of mixed sizes on every CMA heap, observed through what any program can
 * see: each allocation's result and how much CmaFree fell (which shows the
 * alignment the CMA allocator spent), then exhaustion (how many 1 MiB
 * buffers fit, which allocation fails first) and fragmentation (free every
 * other buffer, then ask for a bigger one).
 *
 * Lines: `HEAP alloc SIZE: RESULT cma-free-delta=KB`, `HEAP exhaust:
 * N x 1M then ERR`, `HEAP after-frag SIZE: RESULT`, `HEAP restored: yes`.
 */
#include "probe_util.h"

#define MAX_BUFS 4096

static void sequence(const char *heap, int hfd)
{
	static const uint64_t sizes_kb[] = {
		4, 1024, 64, 2048, 8, 4096, 12, 8192, 512, 16384,
	};
	int fds[sizeof(sizes_kb) / sizeof(sizes_kb[0])];
	long before = meminfo_kb("CmaFree");

	for (size_t i = 0; i < sizeof(sizes_kb) / sizeof(sizes_kb[0]); i++) {
		long f0 = meminfo_kb("CmaFree");

		fds[i] = heap_alloc(hfd, sizes_kb[i] * 1024);
		printf("%s alloc %lluK: %s cma-free-delta=%ld\n", heap,
		       (unsigned long long)sizes_kb[i],
		       errname(fds[i] < 0 ? -fds[i] : 0),
		       f0 - meminfo_kb("CmaFree"));
	}
	/* free the odd ones, then the even ones: CmaFree comes back */
	for (size_t i = 1; i < sizeof(fds) / sizeof(fds[0]); i += 2)
		if (fds[i] >= 0)
			close(fds[i]);
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i += 2)
		if (fds[i] >= 0)
			close(fds[i]);
	printf("%s sequence-freed: %s\n", heap,
	       meminfo_kb("CmaFree") == before ? "restored" : "not restored");
}

static void exhaust_and_fragment(const char *heap, int hfd)
{
	static int fds[MAX_BUFS];
	long before = meminfo_kb("CmaFree");
	int n = 0, err = 0;

	while (n < MAX_BUFS) {
		int fd = heap_alloc(hfd, 1 << 20);

		if (fd < 0) {
			err = -fd;
			break;
		}
		fds[n++] = fd;
	}
	printf("%s exhaust: %d x 1M then %s\n", heap, n, errname(err));
	for (int i = 0; i < n; i += 2)
		close(fds[i]);
	for (int kb = 1024; kb <= 8192; kb *= 2) {
		int fd = heap_alloc(hfd, (uint64_t)kb * 1024);

		printf("%s after-frag %dK: %s\n", heap, kb,
		       errname(fd < 0 ? -fd : 0));
		if (fd >= 0)
			close(fd);
	}
	for (int i = 1; i < n; i += 2)
		close(fds[i]);
	printf("%s restored: %s\n", heap,
	       meminfo_kb("CmaFree") == before ? "yes" : "no");
}

int main(void)
{
	char names[32][64];
	int n = heap_names(names, 32);

	printf("CmaTotal: %ld kB\n", meminfo_kb("CmaTotal"));
	printf("CmaFree: %ld kB\n", meminfo_kb("CmaFree"));
	for (int i = 0; i < n; i++) {
		int hfd;

		if (!strcmp(names[i], "system"))
			continue;
		hfd = heap_open(names[i]);
		if (hfd < 0) {
			printf("%s open: %s\n", names[i], errname(errno));
			continue;
		}
		sequence(names[i], hfd);
		exhaust_and_fragment(names[i], hfd);
		close(hfd);
	}
	return 0;
}
