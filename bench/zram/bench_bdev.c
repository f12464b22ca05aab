// SPDX-License-Identifier: MIT
/*
 * bench_bdev.c - block I/O on /dev/zram0 through libsocmem-preload.so
 * against the same zram model in-process, on the same data: the oracle's
 * mixed.bin (16 MiB), lz4, Linux 6.12's zram.
 *
 *   in-process: sm_zram_write() of every page into a fresh device
 *   preload:    a program under the library pwrite()s the file to
 *               /dev/zram0 in 1 MiB writes (what dd bs=1M does), then
 *               pread()s it back; socmemd does the same sm_zram_write()
 *
 * Both are the best of three runs, as wall time (the preload's includes
 * the daemon's work and the round trips) and as CPU time (the preload's
 * is the program's plus socmemd's, from /proc/PID/stat at 1/HZ
 * resolution), in MB/s and µs per page, and their ratios. Target: the preload at >= 70% of in-process. The machine
 * is shared, so the figures move with its load; both sides run back to
 * back.
 *
 * Usage: bench_bdev SOURCE_DIR (the build directory is found from the
 * program's own path). Prints; never fails on time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <socmem/zram.h>

#include "../../tests/zram/zram_data.h"

#define PAGE 4096
#define RUNS 3
#define CHUNK (1024 * 1024)

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* this process's CPU time */
static double cpu(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

/* socmemd's CPU time (utime + stime of /proc/PID/stat), in seconds */
static double daemon_cpu(void)
{
	char p[PATH_MAX], buf[1024], *s;
	unsigned long ut = 0, st = 0;
	const char *dir = getenv("SOCMEM_STATE");
	FILE *f;
	int pid = 0;

	snprintf(p, sizeof(p), "%s/socmemd.pid", dir ? dir : "");
	f = fopen(p, "r");
	if (!f || fscanf(f, "%d", &pid) != 1) {
		if (f)
			fclose(f);
		return 0;
	}
	fclose(f);
	snprintf(p, sizeof(p), "/proc/%d/stat", pid);
	f = fopen(p, "r");
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f) && (s = strrchr(buf, ')')))
		sscanf(s + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
		       &ut, &st);
	fclose(f);
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* one device, reset between runs, as socmemd's is */
static double in_process(const uint8_t *data, size_t len, double *cpu_best)
{
	struct sm_zram_options o = { .all_algorithms = true };
	struct sm_zram_ctl *ctl;
	struct sm_zram *d;
	double best = 1e9;

	if (sm_zram_ctl_create(SM_KERNEL_6_12, &o, &ctl))
		return -1;
	d = sm_zram_ctl_dev(ctl, 0);
	for (int run = 0; run < RUNS; run++) {
		double t0, c0;

		sm_zram_attr_write(d, "reset", "1\n", 2);
		sm_zram_attr_write(d, "comp_algorithm", "lz4\n", 4);
		sm_zram_attr_write(d, "disksize", "256M\n", 5);
		c0 = cpu();
		t0 = now();
		for (size_t i = 0; i < len / PAGE; i++)
			sm_zram_write(d, i, data + i * PAGE);
		t0 = now() - t0;
		c0 = cpu() - c0;
		if (t0 < best)
			best = t0;
		if (c0 < *cpu_best)
			*cpu_best = c0;
	}
	sm_zram_ctl_destroy(ctl);
	return best;
}

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* the child, under the library: write and read /dev/zram0 */
static int child(const uint8_t *data, size_t len)
{
	double wbest = 1e9, rbest = 1e9, cbest = 1e9;
	uint8_t *back = malloc(len);
	struct stat st;

	if (!back || sh("modprobe zram"))
		return 1;
	for (int run = 0; run < RUNS; run++) {
		int fd;
		double t0, c0;

		if (sh("echo 1 > /sys/block/zram0/reset && "
		       "echo lz4 > /sys/block/zram0/comp_algorithm && "
		       "echo 256M > /sys/block/zram0/disksize"))
			return 1;
		fd = open("/dev/zram0", O_RDWR);
		/* never the host's zram0: the emulated one is 252:0 */
		if (fd < 0 || fstat(fd, &st) || major(st.st_rdev) != 252) {
			fprintf(stderr, "bench_bdev: not the emulated zram0\n");
			return 1;
		}
		c0 = cpu() + daemon_cpu();
		t0 = now();
		for (size_t o = 0; o < len; o += CHUNK)
			if (pwrite(fd, data + o, CHUNK, (off_t)o) != CHUNK)
				return 1;
		t0 = now() - t0;
		c0 = cpu() + daemon_cpu() - c0;
		if (t0 < wbest)
			wbest = t0;
		if (c0 < cbest)
			cbest = c0;
		t0 = now();
		for (size_t o = 0; o < len; o += CHUNK)
			if (pread(fd, back + o, CHUNK, (off_t)o) != CHUNK)
				return 1;
		t0 = now() - t0;
		if (t0 < rbest)
			rbest = t0;
		close(fd);
		if (memcmp(data, back, len))
			return 1;
	}
	printf("%.6f %.6f %.6f\n", wbest, rbest, cbest);
	free(back);
	return 0;
}

int main(int argc, char **argv)
{
	char exe[PATH_MAX], build[PATH_MAX], elf[PATH_MAX], state[] =
		"/tmp/socmem-bench-XXXXXX";
	char cmd[3 * PATH_MAX], out[128] = "";
	double inproc, icpu = 1e9, wr = 0, rd = 0, wcpu = 0;
	size_t len;
	uint8_t *data;
	ssize_t n;
	FILE *p;

	/* --quick (the test make test runs): the full run takes under a second */
	if (argc == 3 && !strcmp(argv[1], "--quick")) {
		argc--;
		argv++;
	}
	if (argc != 2 && !(argc == 4 && !strcmp(argv[1], "--child"))) {
		fprintf(stderr, "usage: bench_bdev [--quick] SOURCE_DIR\n");
		return 2;
	}
	snprintf(elf, sizeof(elf), "%s/tests/zram/data/elf.bin.zst",
		 argc == 2 ? argv[1] : argv[2]);
	data = zram_data_make("mixed.bin", elf, &len);
	if (!data || len % CHUNK) {
		fprintf(stderr, "bench_bdev: %s: cannot make mixed.bin\n", elf);
		return 2;
	}
	if (argc == 4)
		return child(data, len);

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return 2;
	exe[n] = '\0';
	snprintf(build, sizeof(build), "%s", exe);
	for (int i = 0; i < 3; i++)	/* BUILD/bench/zram/bench_bdev */
		*strrchr(build, '/') = '\0';
	if (!mkdtemp(state))
		return 2;
	inproc = in_process(data, len, &icpu);
	snprintf(cmd, sizeof(cmd),
		 "SOCMEM_STATE=%s SOCMEM_KERNEL=6.12 SOCMEM_IDLE_EXIT=60 "
		 "LD_PRELOAD=%s/src/preload/libsocmem-preload.so %s --child %s x",
		 state, build, exe, argv[1]);
	p = popen(cmd, "r");
	if (p) {
		if (!fgets(out, sizeof(out), p) ||
		    sscanf(out, "%lf %lf %lf", &wr, &rd, &wcpu) != 3)
			wr = rd = 0;
		pclose(p);
	}
	snprintf(cmd, sizeof(cmd), "SOCMEM_STATE=%s %s/tools/socmem/socmem reset "
		 ">/dev/null 2>&1; rm -rf %s", state, build, state);
	sh(cmd);
	printf("block I/O on /dev/zram0, mixed.bin (%zu MiB), lz4, best of %d\n",
	       len >> 20, RUNS);
	printf("%-28s %10s %10s %14s\n", "", "MB/s", "us/page",
	       "CPU us/page");
	printf("%-28s %10.1f %10.2f %14.2f\n", "in-process sm_zram_write",
	       len / inproc / 1e6, inproc * 1e6 / (double)(len / PAGE),
	       icpu * 1e6 / (double)(len / PAGE));
	if (wr <= 0) {
		printf("preload: the run under the library failed\n");
		return 1;	/* no figure: make bench must say so */
	}
	printf("%-28s %10.1f %10.2f %14.2f\n", "preload pwrite 1 MiB",
	       len / wr / 1e6, wr * 1e6 / (double)(len / PAGE),
	       wcpu * 1e6 / (double)(len / PAGE));
	printf("%-28s %10.1f %10.2f\n", "preload pread 1 MiB", len / rd / 1e6,
	       rd * 1e6 / (double)(len / PAGE));
	printf("preload write / in-process: %.0f%% by wall time, %.0f%% by CPU "
	       "time (client + socmemd; target >= 70%%)\n",
	       100.0 * inproc / wr, 100.0 * icpu / wcpu);
	free(data);
	return 0;
}
