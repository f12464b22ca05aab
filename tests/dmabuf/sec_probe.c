// SPDX-License-Identifier: MIT
/*
 * sec_probe.c - one step of the security tests (issue 10), run under
 * libsocmem-preload.so by security_test.sh. Each command prints what the
 * UAPI answered (an errno name or "ok") and exits 0 if it is what the
 * kernel would answer, 1 if not.
 *
 *   open | stat            /dev/dma_heap/system
 *   alloc HEAP LEN         DMA_HEAP_IOCTL_ALLOC
 *   huge                   2^63, 2^64-4096, 2^64-1 at every size of the UAPI
 *   stale                  a dma-buf fd across a daemon restart (finding 3)
 *   closepaths             close_range, closefrom, dup2, shutdown (finding 5)
 *   discard                BLKDISCARD ranges on /dev/zram0 (finding 5)
 *   logflood N             N failing CMA allocations
 *   hold N                 allocate N buffers, print how many, keep them
 *   noread SOCKET          a client that sends and never reads its replies
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/fs.h>
#include <linux/dma-heap.h>

#include <socmem/daemon.h>

#include "wire.h"	/* the flood is built by hand, as a hostile client would */

static int fails;

static const char *ename(int e)
{
	const char *n = e ? strerrorname_np(e) : "ok";

	return n ? n : "?";
}

static void expect(const char *what, int got, int want)
{
	printf("%s: %s%s%s\n", what, ename(got), got == want ? "" : ", want ",
	       got == want ? "" : ename(want));
	fails += got != want;
}

static int heap_alloc(const char *heap, uint64_t len, int *out)
{
	char p[128];
	struct dma_heap_allocation_data d = { .len = len,
					      .fd_flags = O_RDWR | O_CLOEXEC };
	int h, ret = 0;

	snprintf(p, sizeof(p), "/dev/dma_heap/%s", heap);
	h = open(p, O_RDONLY | O_CLOEXEC);
	if (h < 0)
		return errno;
	if (ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d))
		ret = errno;
	close(h);
	if (!ret)
		*out = (int)d.fd;
	return ret;
}

static int map_err(size_t len, off_t off, int fd)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, len);
	return 0;
}

/* finding 2 and the overflow checks: every size the UAPI takes */
static void huge(void)
{
	static const uint64_t lens[] = { 1ULL << 63, UINT64_MAX - 4095,
					 UINT64_MAX };
	static const char *const heaps[] = { "system", "reserved" };
	char what[96];
	int fd = -1;

	for (int h = 0; h < 2; h++)
		for (int i = 0; i < 3; i++) {
			int b = -1;
			int e = heap_alloc(heaps[h], lens[i], &b);

			snprintf(what, sizeof(what), "alloc %s 0x%llx", heaps[h],
				 (unsigned long long)lens[i]);
			expect(what, e, i == 2 ? EINVAL : ENOMEM);
			if (b >= 0)
				close(b);
		}
	if (heap_alloc("system", 4096, &fd)) {
		puts("alloc system 4096: failed");
		fails++;
		return;
	}
	for (int i = 0; i < 3; i++) {
		snprintf(what, sizeof(what), "mmap len 0x%llx",
			 (unsigned long long)lens[i]);
		/* do_mmap(): PAGE_ALIGN() wraps or passes TASK_SIZE */
		expect(what, map_err((size_t)lens[i], 0, fd), ENOMEM);
		snprintf(what, sizeof(what), "mmap offset 0x%llx",
			 (unsigned long long)lens[i]);
		expect(what, map_err(4096, (off_t)lens[i], fd), EINVAL);
		snprintf(what, sizeof(what), "lseek 0x%llx",
			 (unsigned long long)lens[i]);
		expect(what, lseek(fd, (off_t)lens[i], SEEK_SET) < 0 ? errno : 0,
		       EINVAL);
	}
	expect("the daemon still answers", heap_alloc("reserved", 4096, &fd), 0);
}

static char *map(int fd, size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int cli(const char *args)
{
	char cmd[512];
	const char *s = getenv("SOCMEM_TEST_SOCMEM");

	/* the CLI itself runs without the library (an ASan build refuses it) */
	snprintf(cmd, sizeof(cmd), "env -u LD_PRELOAD %s %s", s ? s : "socmem",
		 args);
	return system(cmd);
}

/*
 * Finding 3: A's buffer X, the daemon stopped (refused while X lives,
 * then forced), a new daemon's buffer Y with the same id: X's fd must
 * not reach Y (mmap and SET_NAME fail with ENODEV, or show X's pages).
 */
static void stale(void)
{
	char out[64], cmd[64];
	int x = -1, y = -1;
	char *px, *py;

	if (heap_alloc("system", 4096, &x) || !(px = map(x, 4096))) {
		puts("alloc X: failed");
		fails++;
		return;
	}
	memset(px, 'A', 4096);
	munmap(px, 4096);
	snprintf(cmd, sizeof(cmd), "daemon stop 2>&1 | grep -q ' %d ('",
		 (int)getpid());
	expect("stop refused, naming this process", cli(cmd) ? EIO : 0, 0);
	expect("stop --force", cli("daemon stop --force") ? EIO : 0, 0);
	if (heap_alloc("system", 4096, &y) || !(py = map(y, 4096))) {
		puts("alloc Y: failed");
		fails++;
		return;
	}
	memset(py, 'B', 4096);
	px = map(x, 4096);
	if (px) {
		expect("X's old mapping is not Y", px[0] == 'B' ? EIO : 0, 0);
		munmap(px, 4096);
	} else {
		expect("mmap of the stale X", errno, ENODEV);
	}
	expect("SET_NAME on the stale X",
	       ioctl(x, DMA_BUF_SET_NAME_B, "stolen") ? errno : 0, ENODEV);
	snprintf(out, sizeof(out), "heap info | grep -q stolen");
	expect("Y keeps its name", cli(out) ? 0 : EIO, 0);
	expect("Y's bytes", py[0] == 'B' && py[4095] == 'B' ? 0 : EIO, 0);
	munmap(py, 4096);
	close(x);
	close(y);
}

/* a mapped buffer, its fd closed some way: still mapped, never reissued */
static void close_path(const char *how)
{
	char what[96];
	int fd = -1, other = -1;
	char *p, *q;

	if (heap_alloc("system", 65536, &fd) || !(p = map(fd, 65536))) {
		printf("%s: alloc failed\n", how);
		fails++;
		return;
	}
	memset(p, 0x5a, 65536);
	if (!strcmp(how, "close_range")) {
		syscall(SYS_close_range, (unsigned int)fd, ~0U, 0);
	} else if (!strcmp(how, "closefrom")) {
		closefrom(fd);
	} else if (!strcmp(how, "dup2")) {
		int n = open("/dev/null", O_RDONLY);

		dup2(n, fd);
		close(n);
		close(fd);
	} else {	/* shutdown: ENOTSOCK, then a plain close */
		snprintf(what, sizeof(what), "shutdown on a dma-buf fd");
		expect(what, shutdown(fd, SHUT_RDWR) ? errno : 0, ENOTSOCK);
		close(fd);
	}
	/* what a freed buffer would be reissued as: zeroed, then ours */
	if (heap_alloc("system", 65536, &other) || !(q = map(other, 65536))) {
		printf("%s: second alloc failed\n", how);
		fails++;
		return;
	}
	memset(q, 0x11, 65536);
	snprintf(what, sizeof(what), "%s: the mapping keeps its buffer", how);
	expect(what, p[0] == 0x5a && p[65535] == 0x5a ? 0 : EIO, 0);
	munmap(p, 65536);
	munmap(q, 65536);
	close(other);
}

/* 40 MiB of the 64 MiB CMA area held, then N more that cannot fit:
 * each failure prints cma_alloc()'s lines, as the flood did */
/* BLKDISCARD on /dev/zram0 (6.12): no wrap past 2^64, 4096 alignment,
 * len 0 refused; a refused discard leaves the data alone */
static void discard(void)
{
	static const struct {
		uint64_t start, len;
		int err;
	} c[] = {
		{ UINT64_MAX - 4095, 8192, EINVAL },	/* wraps to 4096 */
		{ 1ULL << 63, 1ULL << 63, EINVAL },	/* wraps to 0 */
		{ 0, 0, EINVAL },
		{ 512, 4096, EINVAL },
		{ 0, 4096, 0 },
	};
	char page[4096], what[96];
	int fd = open("/dev/zram0", O_RDWR);

	if (fd < 0) {
		printf("open /dev/zram0: %s\n", ename(errno));
		fails++;
		return;
	}
	memset(page, 'Z', sizeof(page));
	if (pwrite(fd, page, sizeof(page), 4096) != (ssize_t)sizeof(page))
		fails++;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		uint64_t r[2] = { c[i].start, c[i].len };

		snprintf(what, sizeof(what), "BLKDISCARD 0x%llx+0x%llx",
			 (unsigned long long)r[0], (unsigned long long)r[1]);
		expect(what, ioctl(fd, BLKDISCARD, r) ? errno : 0, c[i].err);
	}
	memset(page, 0, sizeof(page));
	expect("page 1 after the refused discards",
	       pread(fd, page, sizeof(page), 4096) == (ssize_t)sizeof(page) &&
	       page[0] == 'Z' ? 0 : EIO, 0);
	close(fd);
}

static void logflood(int n)
{
	int keep = -1, fd;

	if (heap_alloc("reserved", 40 << 20, &keep)) {
		puts("alloc reserved 40M: failed");
		fails++;
		return;
	}
	for (int i = 0; i < n; i++)
		if (!heap_alloc("reserved", 40 << 20, &fd))
			close(fd);
	close(keep);
}

static int hold(int n)
{
	int got = 0, fd;

	for (int i = 0; i < n; i++)
		if (!heap_alloc("system", 4096, &fd))
			got++;
	printf("%d\n", got);
	fflush(stdout);
	pause();
	return 0;
}

/* SM_CORE_LOG from 0 (64 KiB replies) until the socket is full */
static int noread(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct {
		struct sm_daemon_hdr h;
		struct sm_core_log_req q;
	} m = { { .magic = SM_DAEMON_MAGIC, .service = SM_SVC_CORE,
		  .op = SM_CORE_LOG, .len = sizeof(m.q) }, { 0 } };
	int s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	int sent = 0;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)))
		return 1;
	while (sent < 10000 &&
	       send(s, &m, sizeof(m), MSG_DONTWAIT | MSG_NOSIGNAL) > 0)
		sent++;
	printf("%d\n", sent);
	fflush(stdout);
	pause();
	return 0;
}

int main(int argc, char **argv)
{
	struct stat st;
	int fd = -1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "open")) {
		fd = open("/dev/dma_heap/system", O_RDONLY);
		printf("%s\n", ename(fd < 0 ? errno : 0));
		return fd < 0;
	}
	if (!strcmp(argv[1], "stat")) {
		int r = stat("/dev/dma_heap/system", &st);

		printf("%s\n", ename(r ? errno : 0));
		return r != 0;
	}
	if (!strcmp(argv[1], "alloc") && argc == 4) {
		int e = heap_alloc(argv[2], strtoull(argv[3], NULL, 0), &fd);

		printf("%s\n", ename(e));
		return e != 0;
	}
	if (!strcmp(argv[1], "huge"))
		huge();
	else if (!strcmp(argv[1], "discard"))
		discard();
	else if (!strcmp(argv[1], "stale"))
		stale();
	else if (!strcmp(argv[1], "closepaths"))
		for (int i = 0; i < 4; i++)
			close_path((const char *[]){ "close_range", "closefrom",
						     "dup2", "shutdown" }[i]);
	else if (!strcmp(argv[1], "logflood") && argc == 3)
		logflood(atoi(argv[2]));
	else if (!strcmp(argv[1], "hold") && argc == 3)
		return hold(atoi(argv[2]));
	else if (!strcmp(argv[1], "noread") && argc == 3)
		return noread(argv[2]);
	else
		return 2;
	return fails != 0;
}
