// SPDX-License-Identifier: MIT
/*
 * stress_test.c - the emulated system under load and faults (issue 10),
 * run under libsocmem-preload.so by run_emulated.sh. Seeded (printed,
 * or argv[1]), so a failure can be replayed.
 *
 *   1. 8 processes x 200 operations in parallel: allocations from both
 *      heaps, random frees, forks that check a buffer through the
 *      inherited fd, buffers passed to a child over SCM_RIGHTS.
 *   2. clients killed with SIGKILL at random points.
 *   3. the daemon killed with SIGKILL under load: its clients get errors,
 *      never another process's buffer; the next allocation starts a new
 *      daemon; a stale fd's mmap fails or shows its own old bytes.
 *   4. fd exhaustion in a client: EMFILE, then recovery.
 *
 * After each: every live buffer's checksum intact, and `socmem heap
 * info` lists no buffer (nothing leaked).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-heap.h>

#include "fdpass.h"

#define WORKERS 8
#define OPS 200
#define LIVE 16

struct buf {
	int fd;
	size_t len;
	uint32_t tag;
	char *p;
};

static int fails;

#define FAIL(...)                                                   \
	do {                                                        \
		fprintf(stderr, "FAIL " __VA_ARGS__);               \
		fputc('\n', stderr);                                \
		fails++;                                            \
	} while (0)

static uint32_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

static int heap_alloc(const char *heap, size_t len)
{
	char p[64];
	struct dma_heap_allocation_data d = { .len = len,
					      .fd_flags = O_RDWR };
	int h, ret;

	snprintf(p, sizeof(p), "/dev/dma_heap/%s", heap);
	h = open(p, O_RDONLY | O_CLOEXEC);
	if (h < 0)
		return -errno;
	ret = ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d) ? -errno : (int)d.fd;
	close(h);
	return ret;
}

static void fill(struct buf *b)
{
	for (size_t i = 0; i < b->len; i += 4)
		memcpy(b->p + i, &(uint32_t){ b->tag ^ (uint32_t)i }, 4);
}

static bool intact(const char *p, size_t len, uint32_t tag)
{
	for (size_t i = 0; i < len; i += 4096) {
		uint32_t v;

		memcpy(&v, p + i, 4);
		if (v != (tag ^ (uint32_t)i))
			return false;
	}
	return true;
}

static int new_buf(struct buf *b, uint64_t *s, uint32_t tag)
{
	b->len = (size_t)(1 + rnd(s) % 16) * 16384;
	b->fd = heap_alloc(rnd(s) % 4 ? "system" : "reserved", b->len);
	if (b->fd < 0)
		return b->fd;
	b->p = mmap(NULL, b->len, PROT_READ | PROT_WRITE, MAP_SHARED, b->fd,
		    0);
	if (b->p == MAP_FAILED) {
		close(b->fd);
		return -errno;
	}
	b->tag = tag;
	fill(b);
	return 0;
}

static void free_buf(struct buf *b)
{
	munmap(b->p, b->len);
	close(b->fd);
	b->fd = -1;
}

/* a child checks @b: through the inherited fd, or one passed to it */
static int check_in_child(const struct buf *b, bool pass)
{
	int sv[2] = { -1, -1 };
	int st;
	pid_t pid;

	if (pass && socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		return -1;
	pid = fork();
	if (!pid) {
		int fd = pass ? recv_fd(sv[1]) : b->fd;
		char *p = mmap(NULL, b->len, PROT_READ, MAP_SHARED, fd, 0);

		_exit(p != MAP_FAILED && intact(p, b->len, b->tag) ? 0 : 1);
	}
	if (pass) {
		send_fd(sv[0], b->fd);
		close(sv[0]);
		close(sv[1]);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -1;
}

static int worker(uint64_t seed, int id)
{
	struct buf b[LIVE];
	int bad = 0;

	for (int i = 0; i < LIVE; i++)
		b[i].fd = -1;
	for (int op = 0; op < OPS; op++) {
		struct buf *x = &b[rnd(&seed) % LIVE];
		uint32_t r = rnd(&seed) % 10;

		if (x->fd >= 0 && r < 3) {
			bad += !intact(x->p, x->len, x->tag);
			free_buf(x);
		} else if (x->fd < 0) {
			int e = new_buf(x, &seed, (uint32_t)(id << 24 | op));

			/* the CMA area may be full: that is the kernel's ENOMEM */
			if (e && e != -ENOMEM) {
				fprintf(stderr, "worker %d: alloc: %s\n", id,
					strerror(-e));
				bad++;
			}
		} else if (r < 5) {
			bad += check_in_child(x, r == 4) != 0;
		}
	}
	for (int i = 0; i < LIVE; i++)
		if (b[i].fd >= 0) {
			bad += !intact(b[i].p, b[i].len, b[i].tag);
			free_buf(&b[i]);
		}
	return bad ? 1 : 0;
}

/* live buffers as `socmem heap info` lists them */
static int live_buffers(void)
{
	char cmd[512];
	const char *s = getenv("SOCMEM_TEST_SOCMEM");
	FILE *f;
	int n = 0, c;
	char line[512];

	snprintf(cmd, sizeof(cmd), "env -u LD_PRELOAD %s heap info --raw --noheadings",
		 s ? s : "socmem");
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += line[0] >= '0' && line[0] <= '9';
	c = pclose(f);
	return c ? -1 : n;
}

static void expect_empty(const char *phase)
{
	int n = live_buffers();

	if (n)
		FAIL("%s: %d buffers left (heap info)", phase, n);
}

static void parallel(uint64_t seed)
{
	pid_t pids[WORKERS];

	for (int i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		if (!pids[i])
			_exit(worker(seed + (uint64_t)i * 7919, i));
	}
	for (int i = 0; i < WORKERS; i++) {
		int st;

		if (waitpid(pids[i], &st, 0) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			FAIL("parallel: worker %d failed", i);
	}
	expect_empty("parallel");
}

/* workers that allocate forever, each killed after a random count */
static void kill_clients(uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		int p[2];
		char c;
		int got = 0;
		int want = 1 + (int)(rnd(&seed) % 20);
		pid_t pid;

		if (pipe(p))
			return;
		pid = fork();
		if (!pid) {
			uint64_t s = seed;

			close(p[0]);
			for (uint32_t op = 0;; op++) {
				struct buf b;

				if (!new_buf(&b, &s, op) &&
				    write(p[1], "a", 1) != 1)
					_exit(1);
				if (op % 3 == 2)
					free_buf(&b);
			}
		}
		close(p[1]);
		while (got < want && read(p[0], &c, 1) == 1)
			got++;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(p[0]);
	}
	expect_empty("kill -9 clients");
}

static pid_t daemon_pid(void)
{
	char p[4200];
	FILE *f;
	int pid = -1;

	snprintf(p, sizeof(p), "%s/socmemd.pid", getenv("SOCMEM_STATE"));
	f = fopen(p, "re");
	if (f) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = -1;
		fclose(f);
	}
	return pid;
}

/* the daemon killed with SIGKILL while a client holds and maps buffers */
static void kill_daemon(uint64_t seed)
{
	struct buf old, fresh;
	pid_t d;
	char *p;

	if (new_buf(&old, &seed, 0xA11CE)) {
		FAIL("kill -9 daemon: first alloc");
		return;
	}
	d = daemon_pid();
	if (d <= 0 || kill(d, SIGKILL)) {
		FAIL("kill -9 daemon: no pid");
		return;
	}
	for (int i = 0; i < 200 && !kill(d, 0); i++)
		usleep(10000);
	/* the old mapping keeps its own pages */
	if (!intact(old.p, old.len, old.tag))
		FAIL("kill -9 daemon: the old mapping changed");
	/* a new daemon, the same ids: the stale fd must not reach them */
	if (new_buf(&fresh, &seed, 0xF00D)) {
		FAIL("kill -9 daemon: no new daemon");
		return;
	}
	p = mmap(NULL, old.len, PROT_READ, MAP_SHARED, old.fd, 0);
	if (p != MAP_FAILED) {
		if (!intact(p, old.len, old.tag))
			FAIL("kill -9 daemon: the stale fd maps other bytes");
		munmap(p, old.len);
	} else if (errno != ENODEV) {
		FAIL("kill -9 daemon: stale mmap: %s, want ENODEV",
		     strerror(errno));
	}
	if (!intact(fresh.p, fresh.len, fresh.tag))
		FAIL("kill -9 daemon: the new buffer changed");
	free_buf(&old);
	free_buf(&fresh);
	expect_empty("kill -9 daemon");
}

/* a client out of fds gets EMFILE, then recovers */
static void fd_exhaustion(void)
{
	pid_t pid = fork();
	int st;

	if (!pid) {
		struct rlimit r = { 48, 48 };
		int fds[64], n = 0, e = 0;

		setrlimit(RLIMIT_NOFILE, &r);
		while (n < 64 && (e = heap_alloc("system", 4096)) >= 0)
			fds[n++] = e;
		if (e != -EMFILE) {
			fprintf(stderr, "fd exhaustion: %s\n", strerror(-e));
			_exit(1);
		}
		while (n)
			close(fds[--n]);
		e = heap_alloc("system", 4096);
		_exit(e >= 0 ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st))
		FAIL("fd exhaustion: no EMFILE, or no recovery");
	expect_empty("fd exhaustion");
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) :
				   (uint64_t)time(NULL);

	printf("stress: seed %llu\n", (unsigned long long)seed);
	fflush(stdout);
	parallel(seed);
	kill_clients(seed);
	kill_daemon(seed);
	fd_exhaustion();
	if (!fails)
		printf("stress: all checks passed\n");
	return fails ? 1 : 0;
}
