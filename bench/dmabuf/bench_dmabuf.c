// SPDX-License-Identifier: MIT
/*
 * bench_dmabuf.c - how fast the heaps hand out buffers: allocation time
 * and throughput for 4 KiB, 1 MiB, 8 MiB and 32 MiB from the system heap
 * and the default CMA heap, in-process (the library: buddy or cma_alloc,
 * plus zeroing) and through socmemd (a request, the fd back over the
 * socket, the close that frees it), next to memset bandwidth measured in
 * the same run. The target: 32 MiB from the system heap, zeroing
 * included, at >= 70% of memset speed in-process. Prints figures; never
 * passes or fails on time.
 *
 * Usage: bench_dmabuf [--quick] [SOURCE_DIR | BOARD.dts]   (default: the
 * bundled seed board; scripts/run-benchmarks.sh passes the source
 * directory; --quick: a few rounds, to prove it still runs)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <socmem/board.h>
#include <socmem/client.h>
#include <socmem/daemon.h>
#include <socmem/dmabuf.h>
#include <socmem/dt.h>
#include <socmem/mm.h>

#include "../bench.h"

#define MiB (1024.0 * 1024.0)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_d);
	return v[n / 2];
}

/* memset bandwidth over @len bytes already faulted in, MiB/s */
static double memset_mibs(size_t len)
{
	int n = bench_quick ? 3 : len <= (1 << 20) ? 201 : 21;
	char *p = malloc(len);
	double t[201];

	if (!p)
		return 0;
	memset(p, 1, len);
	for (int i = 0; i < n; i++) {
		double t0 = now();

		memset(p, i & 1 ? 0 : 0x5a, len);
		__asm__ volatile("" : : "r"(p) : "memory");
		t[i] = now() - t0;
	}
	free(p);
	return (double)len / MiB / median(t, n);
}

static int iters_for(uint64_t len)
{
	if (bench_quick)
		return 3;
	return len <= 4096 ? 2000 : len <= (1 << 20) ? 200 : len <= (8 << 20) ?
									 40 : 15;
}

/* median seconds for one allocation (free not counted) */
static double bench_inproc(struct sm_dmabuf *d, const char *heap,
			   uint64_t len)
{
	struct sm_dma_heap *h = sm_dmabuf_heap_find(d, heap);
	struct sm_dma_heap_alloc req = { .len = len, .fd_flags = O_RDWR };
	int n = iters_for(len);
	double *t = calloc((size_t)n, sizeof(*t));
	double m;

	if (!h || !t) {
		free(t);
		return -1;
	}
	for (int i = -3; i < n; i++) {	/* 3 warm-up rounds fault frames in */
		struct sm_dma_buf *b;
		double t0 = now();

		if (sm_dmabuf_heap_allocate(h, &req, &b)) {
			free(t);
			return -1;
		}
		if (i >= 0)
			t[i] = now() - t0;
		sm_dmabuf_buf_put(b);
	}
	m = median(t, n);
	free(t);
	return m;
}

/* median seconds for request + fd back + close, through socmemd */
static double bench_daemon(struct sm_daemon_client *c, const char *heap,
			   uint64_t len)
{
	struct sm_dma_heap_alloc data = { .len = len, .fd_flags = O_RDWR };
	uint64_t boot = sm_daemon_hello(c)->boot;
	int n = iters_for(len);
	double *t = calloc((size_t)n, sizeof(*t));
	double m;

	if (!t)
		return -1;
	for (int i = -3; i < n; i++) {
		struct sm_client_buf b;
		int fd;
		double t0 = now();

		if (sm_daemon_client_dmabuf_alloc(c, heap, boot, &data, &b, &fd,
						  NULL)) {
			free(t);
			return -1;
		}
		close(fd);
		if (i >= 0)
			t[i] = now() - t0;
	}
	m = median(t, n);
	free(t);
	return m;
}

static void row(const char *where, const char *heap, uint64_t len, double s,
		double ms_mibs)
{
	double mibs = (double)len / MiB / s;

	if (s < 0) {
		printf("%-9s %-9s %8.0f KiB %12s\n", where, heap,
		       (double)len / 1024, "failed");
		bench_fail("%s: %s heap, %.0f KiB: the allocation failed", where,
			   heap, (double)len / 1024);
		return;
	}
	printf("%-9s %-9s %8.0f KiB %9.1f us %10.0f MiB/s %6.0f%%\n", where,
	       heap, (double)len / 1024, s * 1e6, mibs, 100 * mibs / ms_mibs);
}

static int boot(const char *path, struct sm_dt **dt, struct sm_board **b,
		struct sm_system **sys, struct sm_dmabuf **d)
{
	struct sm_boot_options bo = { .cmdline = "cma=64M",
				      .pageblock_order = -1 };
	struct sm_diag diag = { 0 };

	if (sm_dt_load(path, NULL, dt, &diag) ||
	    sm_boot_board_boot(*dt, &bo, b, &diag) ||
	    sm_mm_system_create(*b, NULL, sys, &diag) ||
	    sm_dmabuf_create(*sys, d, &diag)) {
		fprintf(stderr, "bench_dmabuf: %s\n", diag.msg);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const uint64_t sizes[] = { 4096, 1 << 20, 8 << 20, 32 << 20 };
	static const char *const heaps[] = { "system", "reserved" };
	const char *board = SOCMEM_SOURCE_DIR "/examples/boards/seed.dts";
	char path[4096];
	struct stat st;
	struct sm_daemon_connect_opts co = { .autostart = true };
	struct sm_daemon_client *c = NULL;
	char state[] = "/tmp/socmem-bench.XXXXXX";
	struct sm_diag diag = { 0 };
	struct sm_system *sys;
	struct sm_board *b;
	struct sm_dmabuf *d;
	struct sm_dt *dt;
	double ms[4];

	bench_init(&argc, &argv);
	if (argc > 1 && !stat(argv[1], &st) && S_ISDIR(st.st_mode)) {
		snprintf(path, sizeof(path), "%s/examples/boards/seed.dts",
			 argv[1]);
		board = path;
	} else if (argc > 1) {
		board = argv[1];
	}
	if (boot(board, &dt, &b, &sys, &d))
		return 2;
	printf("baseline: memset of the same size, this run:");
	for (size_t i = 0; i < 4; i++) {
		ms[i] = memset_mibs(sizes[i]);
		printf(" %.0f KiB %.0f MiB/s%s", (double)sizes[i] / 1024, ms[i],
		       i < 3 ? "," : "\n\n");
	}
	printf("%-9s %-9s %12s %12s %16s %7s\n", "where", "heap", "size",
	       "alloc", "throughput", "memset");
	for (size_t h = 0; h < 2; h++)
		for (size_t i = 0; i < 4; i++)
			row("in-proc", heaps[h], sizes[i],
			    bench_inproc(d, heaps[h], sizes[i]), ms[i]);
	sm_dmabuf_destroy(d);
	sm_mm_system_destroy(sys);
	sm_boot_board_free(b);
	sm_dt_free(dt);

	/* a private socmemd for the second half, stopped at the end */
	if (!mkdtemp(state))
		return 2;
	co.state_dir = state;
	setenv("SOCMEM_BOARD", board, 1);
	setenv("SOCMEM_CMDLINE", "cma=64M", 1);
	setenv("SOCMEM_IDLE_EXIT", "30", 1);
	if (sm_daemon_connect(&co, &c, &diag)) {
		fprintf(stderr, "bench_dmabuf: %s\n", diag.msg);
		rmdir(state);
		return 2;
	}
	for (size_t h = 0; h < 2; h++)
		for (size_t i = 0; i < 4; i++)
			row("socmemd", heaps[h], sizes[i],
			    bench_daemon(c, heaps[h], sizes[i]), ms[i]);
	sm_daemon_close(c);
	sm_daemon_reset(state, &diag);
	printf("\ntarget: in-proc system 32 MiB >= 70%% of memset\n");
	return bench_status();
}
