// SPDX-License-Identifier: MIT
/*
 * sync_check_test.c - the sync checker (SOCMEM_SYNC_CHECK) under
 * libsocmem-preload.so: each scenario runs in a fresh process (this
 * program again, with the scenario's name and the checker's mode in its
 * environment) whose stderr is checked here. A write outside any bracket
 * is reported; a write inside a WRITE bracket is not; a write inside a
 * READ-only bracket is; the program goes on (report) or stops (abort);
 * with the checker off nothing is reported.
 * Run it with run_emulated.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "test.h"

/* ---- the scenarios (child side) ------------------------------------- */

static volatile unsigned char *buf;
static int buf_fd;

static void setup(void)
{
	struct dma_heap_allocation_data d = { .len = 8192,
					      .fd_flags = O_RDWR | O_CLOEXEC };
	int h = open("/dev/dma_heap/system", O_RDWR);

	if (h < 0 || ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d))
		exit(10);
	buf_fd = (int)d.fd;
	if (ioctl(buf_fd, DMA_BUF_SET_NAME_B, "frame0"))
		exit(11);
	buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, buf_fd, 0);
	if (buf == MAP_FAILED)
		exit(12);
}

static void sync_(uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	if (ioctl(buf_fd, DMA_BUF_IOCTL_SYNC, &s))
		exit(13);
}

static int scenario(const char *name)
{
	setup();
	if (!strcmp(name, "write-outside")) {
		buf[0x10] = 1;
		/* report mode goes on, and the write happened */
		if (buf[0x10] != 1)
			return 22;
	} else if (!strcmp(name, "write-in-write")) {
		sync_(DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		buf[0x10] = 1;
		sync_(DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	} else if (!strcmp(name, "write-in-read")) {
		sync_(DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		buf[0x1010] = 1;
		if (buf[0x1010] != 1)
			return 22;
		sync_(DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	} else if (!strcmp(name, "read-in-read")) {
		sync_(DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		if (buf[0x10])
			return 20;
		sync_(DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	} else if (!strcmp(name, "read-outside")) {
		if (buf[0x20])
			return 20;
	} else if (!strcmp(name, "twice")) {
		/* one report per gap between brackets, not per access */
		buf[0] = 1;
		buf[1] = 1;
		sync_(DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
		buf[2] = 1;
		sync_(DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
		buf[3] = 1;
	} else if (!strcmp(name, "bad-fd")) {
		struct dma_buf_sync s = { .flags = DMA_BUF_SYNC_START |
						   DMA_BUF_SYNC_RW };

		if (ioctl(0, DMA_BUF_IOCTL_SYNC, &s) == 0 || errno != ENOTTY)
			return 21;
		return 0;
	} else {
		return 30;
	}
	return 0;
}

/* ---- the checks (parent side) --------------------------------------- */

static char out[65536];

/* run @name with SOCMEM_SYNC_CHECK=@mode; stderr into out; exit status */
static int spawn(const char *self, const char *name, const char *mode)
{
	int p[2], st;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 2);
		close(p[0]);
		if (mode)
			setenv("SOCMEM_SYNC_CHECK", mode, 1);
		else
			unsetenv("SOCMEM_SYNC_CHECK");
		execl(self, self, name, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while ((n = read(p[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(p[0]);
	waitpid(pid, &st, 0);
	return st;
}

static int reports(void)
{
	int n = 0;

	for (const char *p = out; (p = strstr(p, "socmem-sync-check: CPU "));
	     p++)
		n++;
	return n;
}

static const char *self;

/* a write outside any bracket: reported with name, heap, offset, state */
static void write_outside_reported(void)
{
	int st = spawn(self, "write-outside", "report");

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(reports() == 1);
	CHECK(strstr(out, "CPU write of dma-buf \"frame0\" (heap system, 8192 "
			  "bytes, fd ") != NULL);
	CHECK(strstr(out, "at offset 0x10, outside any DMA_BUF_IOCTL_SYNC "
			  "bracket (no sync yet)") != NULL);
	CHECK(strstr(out, "socmem-sync-check: backtrace:") != NULL);
	if (test_case_failed)
		fputs(out, stderr);
}

static void write_in_write_bracket_silent(void)
{
	int st = spawn(self, "write-in-write", "report");

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(!strstr(out, "socmem-sync-check"));
	if (test_case_failed)
		fputs(out, stderr);
}

static void write_in_read_bracket_reported(void)
{
	int st = spawn(self, "write-in-read", "report");

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(reports() == 1);
	CHECK(strstr(out, "CPU write of dma-buf \"frame0\"") != NULL);
	CHECK(strstr(out, "at offset 0x1010, inside a READ-only bracket") !=
	      NULL);
	if (test_case_failed)
		fputs(out, stderr);
}

static void reads(void)
{
	int st = spawn(self, "read-in-read", "report");

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(!strstr(out, "socmem-sync-check"));
	st = spawn(self, "read-outside", "1");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(reports() == 1 && strstr(out, "CPU read of dma-buf") != NULL);
	if (test_case_failed)
		fputs(out, stderr);
}

/* two accesses in one gap, one inside, one after: two reports */
static void one_report_per_gap(void)
{
	int st = spawn(self, "twice", "report");

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(reports() == 2);
	CHECK(strstr(out, "(last sync: END|RW)") != NULL);
	if (test_case_failed)
		fputs(out, stderr);
}

static void abort_stops(void)
{
	int st = spawn(self, "write-outside", "abort");

	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
	CHECK(reports() == 1);
	CHECK(strstr(out, "stopping the program (SOCMEM_SYNC_CHECK=abort)"));
}

static void off_by_default(void)
{
	int st = spawn(self, "write-outside", NULL);

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(out[0] == '\0');
	st = spawn(self, "write-outside", "bogus");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(strstr(out, "SOCMEM_SYNC_CHECK=bogus: taken as 'report'"));
	CHECK(reports() == 1);
}

static void sync_on_other_fd_reported(void)
{
	int st = spawn(self, "bad-fd", "report");

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(strstr(out, "DMA_BUF_IOCTL_SYNC (START|RW) on fd 0, which is not "
			  "a dma-buf; the most recently allocated dma-buf is "
			  "fd ") != NULL);
	if (test_case_failed)
		fputs(out, stderr);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return scenario(argv[1]);
	self = argv[0];
	RUN(write_outside_reported);
	RUN(write_in_write_bracket_silent);
	RUN(write_in_read_bracket_reported);
	RUN(reads);
	RUN(one_report_per_gap);
	RUN(abort_stops);
	RUN(off_by_default);
	RUN(sync_on_other_fd_reported);
	return test_done();
}
