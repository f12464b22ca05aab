// SPDX-License-Identifier: MIT
/*
 * bench_start.c - what `socmem boot` costs as a process, next to starting
 * any process at all (/bin/true), measured in turn in the same run: true,
 * socmem, true, socmem ... so that both see the same machine. Figures are
 * medians of CPU time (user + system, from wait4) and wall time, and the
 * median of the pairwise differences; `socmem --version` (the binary and
 * its libraries, no work) sits between them to show where the time goes.
 * The board is the bundled example as a DTB (written once from the DTS,
 * so that cpp and dtc are not in the figure), with cma=64M.
 *
 * Target: socmem boot costs at most 1 ms more than /bin/true.
 *
 * Usage: bench_start [--quick] SOCMEM SOURCE_DIR
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <socmem/dt.h>

#include "../bench.h"

extern char **environ;

enum { TRUE_, VERSION, BOOT, NCMD };

struct sample {
	double wall;
	double cpu;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* one run of @argv, output to /dev/null; 0, or -1 if it did not exit 0 */
static int run(char *const argv[], struct sample *s)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	double t0 = now();
	int status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		bench_fail("%s: cannot start it", argv[0]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		bench_fail("%s %s: did not exit 0", argv[0],
			   argv[1] ? argv[1] : "");
		return -1;
	}
	s->wall = now() - t0;
	s->cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
		 (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
	return 0;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_d);
	return v[n / 2];
}

/* the seed board as a DTB in a temporary file */
static int write_dtb(const char *srcdir, char *path, size_t len)
{
	struct sm_diag diag = { 0 };
	char dts[4096];
	struct sm_dt *dt;
	FILE *f;
	int fd;

	snprintf(dts, sizeof(dts), "%s/examples/boards/seed.dts", srcdir);
	if (sm_dt_load(dts, NULL, &dt, &diag)) {
		bench_fail("%s", diag.msg);
		return -1;
	}
	snprintf(path, len, "/tmp/bench-start-%d.dtb", (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f || fwrite(dt->blob, 1, dt->size, f) != dt->size || fclose(f)) {
		bench_fail("%s: cannot write it", path);
		sm_dt_free(dt);
		return -1;
	}
	sm_dt_free(dt);
	return 0;
}

int main(int argc, char **argv)
{
	char dtb[4200];
	char *cmds[NCMD][6] = {
		[TRUE_] = { "/bin/true", NULL },
	};
	static const char *const names[NCMD] = {
		[TRUE_] = "/bin/true",
		[VERSION] = "socmem --version",
		[BOOT] = "socmem boot --cmdline cma=64M seed.dtb",
	};
	size_t runs, n = 0;
	double *cpu[NCMD], *wall[NCMD], *dcpu, *dwall;

	bench_init(&argc, &argv);
	if (argc != 3) {
		fprintf(stderr, "usage: bench_start [--quick] SOCMEM SOURCE_DIR\n");
		return 2;
	}
	if (write_dtb(argv[2], dtb, sizeof(dtb)))
		return bench_status();
	cmds[VERSION][0] = argv[1];
	cmds[VERSION][1] = "--version";
	cmds[BOOT][0] = argv[1];
	cmds[BOOT][1] = "boot";
	cmds[BOOT][2] = "--cmdline";
	cmds[BOOT][3] = "cma=64M";
	cmds[BOOT][4] = dtb;
	runs = bench_quick ? 20 : 400;
	for (int c = 0; c < NCMD; c++) {
		cpu[c] = calloc(runs, sizeof(double));
		wall[c] = calloc(runs, sizeof(double));
	}
	dcpu = calloc(runs, sizeof(double));
	dwall = calloc(runs, sizeof(double));
	for (int c = 0; c < NCMD; c++) { /* warm the page cache */
		struct sample s;

		run(cmds[c], &s);
	}
	for (size_t r = 0; r < runs && !bench_failed; r++, n++) {
		struct sample s[NCMD];

		for (int c = 0; c < NCMD; c++) {
			if (run(cmds[c], &s[c]))
				break;
			cpu[c][n] = s[c].cpu;
			wall[c][n] = s[c].wall;
		}
		dcpu[n] = s[BOOT].cpu - s[TRUE_].cpu;
		dwall[n] = s[BOOT].wall - s[TRUE_].wall;
	}
	unlink(dtb);
	if (bench_failed || !n)
		return 1;
	printf("start-up, %zu runs of each in turn (median CPU = user+sys, "
	       "median wall)\n", n);
	for (int c = 0; c < NCMD; c++)
		printf("  %-40s %7.3f ms CPU %7.3f ms wall\n", names[c],
		       median(cpu[c], n) * 1e3, median(wall[c], n) * 1e3);
	printf("  socmem boot - /bin/true, pair by pair     %7.3f ms CPU "
	       "%7.3f ms wall\n", median(dcpu, n) * 1e3,
	       median(dwall, n) * 1e3);
	printf("  target: at most 1 ms more than /bin/true\n");
	return 0;
}
