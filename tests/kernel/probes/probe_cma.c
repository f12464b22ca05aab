// SPDX-License-Identifier: MIT
/*
 * probe_cma.c - CMA heaps at run time: a sequence of allocations and frees
 * of mixed sizes on every CMA heap, observed through what any program can
 * see: each allocation's result and how much CmaFree fell (which shows the
 * alignment the CMA allocator spent), then exhaustion (how many 1 MiB
 * buffers fit, which allocation fails first) and fragmentation (free every
 * other buffer, then ask for a bigger one).
 *
 * Where CMA's debugfs is there (/sys/kernel/debug/cma/<area>/, root and
 * CONFIG_CMA_DEBUGFS; the heap's area has the heap's name) each
 * allocation also shows where it landed, as the page offset into the area
 * of the bits it set in the area's bitmap: the physical placement, without
 * the area's base, which depends on the rest of the boot.
 *
 * Without it (7.x's default_cma_region heap has no area of its name) only
 * each result is shown: CmaFree also moves for pages a real kernel lends
 * out of CMA, so it says nothing exact about one allocation.
 *
 * Lines: `HEAP alloc SIZE: RESULT [used+KB at +OFF pages N]`,
 * `HEAP exhaust: N x 1M then ERR`, `HEAP after-frag SIZE: RESULT`,
 * `HEAP restored: yes`.
 */
#include <stdbool.h>

#include "probe_util.h"

#define MAX_WORDS (1 << 20)

/* the area's bitmap, one bit per 2^order_per_bit pages; words read or -1 */
static long read_bitmap(const char *heap, uint32_t *w)
{
	char p[128];
	FILE *f;
	long n = 0;
	unsigned long v;

	snprintf(p, sizeof(p), "/sys/kernel/debug/cma/%.63s/bitmap", heap);
	f = fopen(p, "r");
	if (!f)
		return -1;
	while (n < MAX_WORDS && fscanf(f, " %lu", &v) == 1)
		w[n++] = (uint32_t)v;
	fclose(f);
	return n;
}

/*
 * How much of the heap's area is in use, in KiB: CMA's debugfs count when
 * it is there, else what CmaFree says is gone (which a real kernel also
 * moves for movable pages it lends out of CMA, so it is only a fallback).
 */
static long area_used_kb(const char *heap)
{
	char p[128];
	FILE *f;
	long used = -1;

	snprintf(p, sizeof(p), "/sys/kernel/debug/cma/%.63s/used", heap);
	f = fopen(p, "r");
	if (f) {
		if (fscanf(f, "%ld", &used) != 1)
			used = -1;
		fclose(f);
	}
	if (used >= 0)
		return used * (sysconf(_SC_PAGESIZE) / 1024);
	return meminfo_kb("CmaTotal") - meminfo_kb("CmaFree");
}

static bool area_has_debugfs(const char *heap)
{
	char p[128];

	snprintf(p, sizeof(p), "/sys/kernel/debug/cma/%.63s/used", heap);
	return !access(p, R_OK);
}

/* the first and last bit that are set in @after and not in @before */
static void placed(const uint32_t *before, const uint32_t *after, long n,
		   char *buf, size_t len)
{
	long first = -1, last = -1;

	for (long i = 0; i < n * 32; i++) {
		uint32_t m = 1u << (i % 32);

		if ((after[i / 32] & m) && !(before[i / 32] & m)) {
			if (first < 0)
				first = i;
			last = i;
		}
	}
	if (first < 0)
		snprintf(buf, len, " at nothing");
	else
		snprintf(buf, len, " at +%ld pages %ld", first, last - first + 1);
}

#define MAX_BUFS 4096

static void sequence(const char *heap, int hfd)
{
	static const uint64_t sizes_kb[] = {
		4, 1024, 64, 2048, 8, 4096, 12, 8192, 512, 16384,
	};
	int fds[sizeof(sizes_kb) / sizeof(sizes_kb[0])];
	long before = area_used_kb(heap);
	static uint32_t b0[MAX_WORDS], b1[MAX_WORDS];
	long words = read_bitmap(heap, b0);

	printf("%s debugfs: %s\n", heap, words < 0 ? "absent" : "bitmap");
	for (size_t i = 0; i < sizeof(sizes_kb) / sizeof(sizes_kb[0]); i++) {
		long u0 = area_used_kb(heap);
		char where[64] = "";

		fds[i] = heap_alloc(hfd, sizes_kb[i] * 1024);
		if (words >= 0 && read_bitmap(heap, b1) == words) {
			placed(b0, b1, words, where, sizeof(where));
			memcpy(b0, b1, (size_t)words * sizeof(*b0));
		}
		if (words >= 0)
			printf("%s alloc %lluK: %s used+%ldK%s\n", heap,
			       (unsigned long long)sizes_kb[i],
			       errname(fds[i] < 0 ? -fds[i] : 0),
			       area_used_kb(heap) - u0, where);
		else	/* CmaFree also moves for pages lent out: not shown */
			printf("%s alloc %lluK: %s\n", heap,
			       (unsigned long long)sizes_kb[i],
			       errname(fds[i] < 0 ? -fds[i] : 0));
	}
	/* free the odd ones, then the even ones: CmaFree comes back */
	for (size_t i = 1; i < sizeof(fds) / sizeof(fds[0]); i += 2)
		if (fds[i] >= 0)
			close(fds[i]);
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i += 2)
		if (fds[i] >= 0)
			close(fds[i]);
	if (words >= 0)
		printf("%s sequence-freed: %s\n", heap,
		       area_used_kb(heap) == before ? "restored" : "not restored");
}

static void exhaust_and_fragment(const char *heap, int hfd)
{
	static int fds[MAX_BUFS];
	long before = area_used_kb(heap);
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
	if (area_has_debugfs(heap))
		printf("%s restored: %s\n", heap,
		       area_used_kb(heap) == before ? "yes" : "no");
}

int main(void)
{
	char names[32][64];
	int n = heap_names(names, 32);

	/* line by line: a probe the kernel kills keeps what it printed */
	setvbuf(stdout, NULL, _IOLBF, 0);

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
