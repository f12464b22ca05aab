/* SPDX-License-Identifier: MIT */
/*
 * bench.h - what every benchmark shares: --quick, and failing loudly.
 *
 * A benchmark prints figures next to baselines from the same run and
 * never passes or fails on time. It does fail (exit 1, a line on stderr)
 * when it cannot measure what it says, so that a CTest run of its quick
 * mode (label "bench") catches a benchmark that has rotted: an aborted
 * run, a request that no longer fits the board, a figure not printed.
 */
#ifndef SOCMEM_BENCH_H
#define SOCMEM_BENCH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* --quick: a few rounds of everything, to prove it still runs */
static bool bench_quick;
static int bench_failed;

/* take --quick out of the arguments; figures on stdout appear at once */
static inline void bench_init(int *argc, char ***argv)
{
	int j = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < *argc; i++) {
		if (!strcmp((*argv)[i], "--quick"))
			bench_quick = true;
		else
			(*argv)[j++] = (*argv)[i];
	}
	*argc = j;
	(*argv)[j] = NULL;
}

/* a measurement that could not be made: say why, fail at exit */
__attribute__((format(printf, 1, 2), unused))
static void bench_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("benchmark failed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	bench_failed++;
}

static inline int bench_status(void)
{
	return bench_failed ? 1 : 0;
}

#endif /* SOCMEM_BENCH_H */
