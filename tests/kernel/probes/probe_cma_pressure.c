// SPDX-License-Identifier: MIT
/*
 * probe_cma_pressure.c - the guide's camera story: movable memory fills
 * the board until the page allocator lends CMA pages out (it serves a
 * movable allocation from CMA once more than half of a zone's free pages
 * are CMA's), then a large allocation from a CMA heap must migrate them
 * back out. What any program can see: whether CMA was lent, whether the
 * allocation succeeded, CmaFree before, during and after, and the
 * /sys/kernel/mm/cma/<area>/ counters (CONFIG_CMA_SYSFS) as deltas.
 *
 * The movable memory is zram's: incompressible pages written to
 * /dev/zram0 with O_DIRECT (no page cache in between) each take one
 * zsmalloc page, allocated movable, on a real kernel and on the emulated
 * board alike (a program's own anonymous memory is the host's under the
 * preload, so it could not fill the emulated board).
 *
 * Usage: probe_cma_pressure HEAP MIB [LEND]   (LEND: the percentage of
 * CMA to lend before the allocation, default 25; HEAP "default": the heap of the
 * default CMA area, "reserved" up to 6.x, "default_cma_region" in 7.x)
 * Boards above 1 GiB are skipped (filling them takes too long in QEMU):
 * the suite runs this on a board booted with mem=256M.
 *
 * Where the lending begins says whether both systems balance the same
 * way: the page allocator takes CMA for a movable page once the zone's
 * free CMA pages are more than half its free pages, i.e. once the free
 * memory outside CMA has fallen to CmaFree (one zone: a mem=256M board
 * has only ZONE_DMA, or only ZONE_NORMAL without the DMA zones), and
 * from then on keeps the two about equal. The probe prints both, in MiB,
 * when the first CMA page is lent and when the fill stops; neither
 * depends on how much memory the kernel itself uses.
 *
 * zsmalloc's pages are movable only with CONFIG_COMPACTION (alloc_zspage()
 * clears __GFP_MOVABLE without it): a build without it (the tinyconfig
 * heap kernels) lends no CMA, fills only what lies outside CMA, and the
 * large allocation finds CMA as it was.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <sys/stat.h>

#include "probe_util.h"

#define PAGE 4096
#define BATCH 256	/* pages per write */
/* never drive the free memory outside CMA below this: zram's GFP_NOIO
 * allocations would retry for ever */
#define FLOOR_KB (24 * 1024)

static uint64_t rng = 0x2545f4914f6cdd1dULL;

/* xorshift: pages no compressor can shrink, the same on both systems */
static void noise(unsigned char *p, size_t len)
{
	for (size_t i = 0; i + 8 <= len; i += 8) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		memcpy(p + i, &rng, 8);
	}
}

static const char *const counters[] = {
	"alloc_pages_success", "alloc_pages_fail", "release_pages_success",
};
#define NCOUNTERS (sizeof(counters) / sizeof(counters[0]))

/* a /sys/kernel/mm/cma/<area>/ counter, or -1 */
static long counter(const char *area, const char *name)
{
	char p[192];
	long v = -1;
	FILE *f;

	snprintf(p, sizeof(p), "/sys/kernel/mm/cma/%.63s/%s", area, name);
	f = fopen(p, "r");
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static void read_counters(const char *area, long *v)
{
	for (size_t i = 0; i < NCOUNTERS; i++)
		v[i] = counter(area, counters[i]);
}

static void reset_zram(void)
{
	FILE *f = fopen("/sys/block/zram0/reset", "w");

	if (f) {
		fputs("1", f);
		fclose(f);
	}
}

/* zram0, empty, of @bytes (zram built in, or its module loaded) */
static int setup_zram(uint64_t bytes)
{
	struct stat st;
	FILE *f;

	if (stat("/sys/block/zram0", &st) && system("modprobe zram"))
		return -1;
	reset_zram();
	f = fopen("/sys/block/zram0/disksize", "w");
	if (!f)
		return -1;
	fprintf(f, "%llu", (unsigned long long)bytes);
	return fclose(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
	const char *heap = argc > 1 ? argv[1] : "default";
	long mib = argc > 2 ? atol(argv[2]) : 32;
	long pct = argc > 3 ? atol(argv[3]) : 25;
	char stopped[64];
	long total = meminfo_kb("MemTotal"), cma0, lent = 0, c0[NCOUNTERS],
	     c1[NCOUNTERS];
	unsigned char *buf;
	int fd, hfd, bfd;
	const char *stop = "full";
	bool began = false;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (total > 1024 * 1024) {
		printf("pressure: skipped, MemTotal above 1 GiB\n");
		return 0;
	}
	if (!strcmp(heap, "default"))
		heap = access("/dev/dma_heap/reserved", F_OK) ?
		       "default_cma_region" : "reserved";
	hfd = heap_open(heap);
	if (hfd < 0) {
		printf("%s open: %s\n", heap, errname(errno));
		return 1;
	}
	/* the area behind the heap: the heap's own name, or "reserved" */
	read_counters(!strcmp(heap, "default_cma_region") ? "reserved" : heap,
		      c0);
	cma0 = meminfo_kb("CmaFree");
	printf("before: CmaFree %ld kB\n", cma0);
	if (setup_zram((uint64_t)total * 1024) ||
	    (fd = open("/dev/zram0", O_WRONLY | O_DIRECT)) < 0) {
		printf("zram: %s\n", errname(errno));
		return 1;
	}
	if (posix_memalign((void **)&buf, PAGE, BATCH * PAGE))
		return 1;
	if (pct < 1 || pct > 100) {
		printf("usage: probe_cma_pressure HEAP MIB [LEND 1-100]\n");
		return 2;
	}
	/* fill until LEND% of CMA is lent, or memory runs low */
	for (;;) {
		long free_kb = meminfo_kb("MemFree"), cma_kb = meminfo_kb("CmaFree");

		lent = cma0 - cma_kb;
		if (lent > 0 && !began) {
			began = true;
			printf("lending began: free outside CMA %ld MiB, CmaFree %ld MiB\n",
			       (free_kb - cma_kb) >> 10, cma_kb >> 10);
		}
		if (lent >= cma0 * pct / 100) {
			snprintf(stopped, sizeof(stopped), "%ld%% of CMA lent out", pct);
			stop = stopped;
			break;
		}
		if (free_kb - cma_kb < FLOOR_KB) {
			stop = "memory outside CMA used up";
			break;
		}
		if (getenv("PROBE_VERBOSE"))	/* progress, for debugging */
			fprintf(stderr, "fill: MemFree %ld CmaFree %ld\n",
				free_kb, cma_kb);
		noise(buf, BATCH * PAGE);
		if (write(fd, buf, BATCH * PAGE) != BATCH * PAGE) {
			stop = "write error";
			break;
		}
	}
	if (!began)
		printf("lending began: never\n");
	/* at the floor, what is left outside CMA depends on where the 1 MiB
	 * writes began, i.e. on the kernel's own memory: not printed */
	if (stop == stopped)
		printf("filled: until %s: free outside CMA %ld MiB, CmaFree %ld MiB\n",
		       stop, (meminfo_kb("MemFree") - meminfo_kb("CmaFree")) >> 10,
		       meminfo_kb("CmaFree") >> 10);
	else
		printf("filled: until %s: CmaFree %ld MiB\n", stop,
		       meminfo_kb("CmaFree") >> 10);
	bfd = heap_alloc(hfd, (uint64_t)mib << 20);
	printf("alloc %ldM from %s under pressure: %s\n", mib, heap,
	       errname(bfd < 0 ? -bfd : 0));
	/* what the allocation took, and what it moved back out */
	printf("after-alloc: CmaFree drop %ld kB\n",
	       cma0 - meminfo_kb("CmaFree"));
	if (bfd >= 0)
		close(bfd);
	printf("after-free: CmaFree drop %ld kB\n",
	       cma0 - meminfo_kb("CmaFree"));
	close(fd);
	reset_zram();
	printf("after-reset: CmaFree drop %ld kB\n",
	       cma0 - meminfo_kb("CmaFree"));
	read_counters(!strcmp(heap, "default_cma_region") ? "reserved" : heap,
		      c1);
	for (size_t i = 0; i < NCOUNTERS; i++)
		if (c0[i] < 0)
			printf("sysfs %s: absent\n", counters[i]);
		else
			printf("sysfs %s: +%ld\n", counters[i], c1[i] - c0[i]);
	free(buf);
	close(hfd);
	return 0;
}
