// SPDX-License-Identifier: MIT
/*
 * bench_boot.c - how long `socmem boot` takes per board, next to baselines
 * measured in the same run: the cost of starting any process (/bin/true)
 * and, when QEMU and the oracle kernels are present, the real kernel
 * booting the same boards under QEMU. In-process, the baseline is reading
 * the same DTB without booting it.
 *
 * Usage: bench_boot [--quick] SOCMEM CORPUS_DIR [ORACLE_DIR]
 * (--quick: five boards, to prove the benchmark still runs)
 */
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <socmem/board.h>

#include "../bench.h"

extern char **environ;

#define REPS 5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double last_cpu; /* CPU seconds (user + system) of the last run */

/* Wall time of one run of argv, output discarded; CPU time in last_cpu. */
static double run(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	double t0 = now();
	struct rusage ru;
	int status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ))
		return -1;
	posix_spawn_file_actions_destroy(&fa);
	wait4(pid, &status, 0, &ru);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		bench_fail("%s %s: exit status %d%s", argv[0],
			   argv[1] ? argv[1] : "", WIFEXITED(status) ?
			   WEXITSTATUS(status) : 128 + WTERMSIG(status),
			   argv[2] ? " (a board socmem should boot)" : "");
		return -1;
	}
	last_cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		   ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	return now() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n ? v[n / 2] : 0;
}

static double pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n ? v[(size_t)(p * (n - 1))] : 0;
}

/* The DTB of a case: effective.dtb, or a .gz inflated to a temp file. */
static int case_dtb(const char *dir, char *path, size_t len)
{
	struct stat st;
	char cmd[16384];

	snprintf(path, len, "%s/effective.dtb", dir);
	if (!stat(path, &st))
		return 0;
	snprintf(path, len, "/tmp/bench-boot-%d.dtb", getpid());
	snprintf(cmd, sizeof(cmd), "zcat '%s/effective.dtb.gz' > '%s'", dir,
		 path);
	return system(cmd);
}

/* median seconds of load+boot in this process; *load_only: of the load */
static double in_process(const char *dtb, double *load_only)
{
	double t[REPS], l[REPS];

	for (int r = 0; r < REPS; r++) {
		struct sm_diag d;
		struct sm_dt *dt;
		struct sm_board *b;
		double t0 = now();

		if (sm_dt_load(dtb, NULL, &dt, &d)) {
			bench_fail("%s: %s", dtb, d.msg);
			return -1;
		}
		sm_dt_free(dt);
		l[r] = now() - t0;
		t0 = now();
		if (sm_dt_load(dtb, NULL, &dt, &d))
			return -1;
		if (!sm_boot_board_boot(dt, NULL, &b, &d))
			sm_boot_board_free(b);
		sm_dt_free(dt);
		t[r] = now() - t0;
	}
	*load_only = median(l, REPS);
	return median(t, REPS);
}

/*
 * The real kernel on the same boards: oracle/boot.sh boots Linux 6.12
 * under QEMU up to the end of early memory setup.
 */
static void qemu_baseline(const char *oracle, char boards[][4200], int n,
			  double socmem_median)
{
	const char *home = getenv("HOME");
	char kdir[4096], bootsh[4200];
	double t[3];
	int k = 0;
	struct stat st;

	snprintf(kdir, sizeof(kdir), "%s/.cache/socmem-oracle/linux-6.12",
		 home ? home : "/root");
	snprintf(bootsh, sizeof(bootsh), "%s/boot.sh", oracle);
	if (stat(bootsh, &st) || stat(kdir, &st)) {
		printf("  real kernel under QEMU: not measured (no %s or no kernels: run oracle/kernels.sh)\n",
		       bootsh);
		return;
	}
	for (int i = 0; i < n && k < 3; i++) {
		char *av[] = { bootsh, kdir, boards[i], "", "8G", NULL };
		double r = run(av);

		if (r > 0)
			t[k++] = r;
	}
	if (!k)
		return;
	printf("  real kernel 6.12 under QEMU, %d boards, median %7.3f s  (socmem is %.0fx faster)\n",
	       k, median(t, (size_t)k), median(t, (size_t)k) / socmem_median);
}

int main(int argc, char **argv)
{
	static char qemu_boards[3][4200];
	int nqemu = 0;
	size_t n = 0, nreal = 0, cap = 1024;
	double *all = malloc(cap * sizeof(double)), *real = malloc(cap * sizeof(double));
	double *inproc = malloc(cap * sizeof(double)), floor_t[50], floor_cpu[50];
	double *cpu = malloc(cap * sizeof(double));
	double *load = malloc(cap * sizeof(double));
	char *true_argv[] = { "true", NULL };
	struct dirent *e;
	DIR *d;

	bench_init(&argc, &argv);
	if (argc < 3 || !(d = opendir(argv[2]))) {
		fprintf(stderr, "usage: bench_boot [--quick] SOCMEM CORPUS_DIR [ORACLE_DIR]\n");
		return 2;
	}
	if (bench_quick)
		cap = 5;
	for (int i = 0; i < 50; i++) {
		/* quick: all 50 still, /bin/true costs nothing */
		floor_t[i] = run(true_argv);
		floor_cpu[i] = last_cpu;
	}
	while ((e = readdir(d)) && n < cap) {
		char dir[4096], dtb[4200];
		double t[REPS], c[REPS];

		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", argv[2], e->d_name);
		if (case_dtb(dir, dtb, sizeof(dtb)))
			continue;
		for (int r = 0; r < REPS; r++) {
			char *av[] = { argv[1], "boot", "--format", "log", dtb, NULL };

			t[r] = run(av);
			c[r] = last_cpu;
		}
		all[n] = median(t, REPS);
		cpu[n] = median(c, REPS);
		inproc[n] = in_process(dtb, &load[n]);
		if (!strncmp(e->d_name, "real-", 5)) {
			real[nreal++] = all[n];
			if (nqemu < 3 && !strstr(dtb, "/tmp/"))
				snprintf(qemu_boards[nqemu++], 4200, "%s", dtb);
		}
		n++;
	}
	closedir(d);
	if (!n || (!nreal && !bench_quick)) {
		bench_fail("%s: no boards (or no real- boards) to boot", argv[2]);
		return bench_status();
	}
	printf("socmem boot, %zu boards (%zu real), median of %d runs each\n",
	       n, nreal, REPS);
	printf("  baseline: start of any process (/bin/true)   %7.3f ms\n",
	       median(floor_t, 50) * 1e3);
	if (nreal)
		printf("  per real board (process), median            %7.3f ms  (p90 %.3f ms)\n",
		       median(real, nreal) * 1e3, pct(real, nreal, 0.9) * 1e3);
	printf("  per board (process), all cases, median      %7.3f ms  (max %.3f ms)\n",
	       median(all, n) * 1e3, pct(all, n, 1.0) * 1e3);
	printf("  CPU time per board (process), median         %7.3f ms  (/bin/true: %.3f ms)\n",
	       median(cpu, n) * 1e3, median(floor_cpu, 50) * 1e3);
	printf("  per board (in-process load+boot), median     %7.3f ms  (load alone: %.3f ms)\n",
	       median(inproc, n) * 1e3, median(load, n) * 1e3);
	{
		double total = 0;

		for (size_t i = 0; i < n; i++)
			total += all[i];
		printf("  whole corpus, sequential                    %7.3f s\n",
		       total);
	}
	printf("  target: under 2 ms per board\n");
	if (argc > 3 && !bench_quick)
		qemu_baseline(argv[3], qemu_boards, nqemu, median(real, nreal));
	return bench_status();
}
