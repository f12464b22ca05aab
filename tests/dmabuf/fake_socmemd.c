// SPDX-License-Identifier: MIT
/*
 * fake_socmemd.c - a daemon that is not socmemd, for the security tests
 * (issue 10): it listens on DIR/socket and misbehaves. Every request it
 * gets is logged to stdout ("req SERVICE OP"), so a test sees whether a
 * client talked to it at all.
 *
 * Usage: fake_socmemd DIR MODE [UID]
 *   spy    answer HELLO and OPEN as socmemd would (a heap fd), and ALLOC
 *          with a buffer of its own memfd: what a hostile user serves
 *   liar   HELLO, then replies whose counts claim far more than was sent
 *   mute   accept and read, never answer
 *   crash  answer HELLO and OPEN, exit on the first ALLOC without a reply
 * UID: bind as the caller, then listen as UID (root only): SO_PEERCRED
 * then names UID, as for a daemon another user runs.
 * Prints "ready" once listening; exits on SIGTERM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "internal.h"

static unsigned char in[SM_DAEMON_MSG_MAX];
static unsigned char out[SM_DAEMON_MSG_MAX];

static int reply(int fd, const struct sm_daemon_hdr *q, int status,
		 const void *payload, size_t len, int pass)
{
	struct sm_daemon_hdr h = {
		.magic = SM_DAEMON_MAGIC, .service = q->service, .op = q->op,
		.status = status, .len = (uint32_t)len,
	};

	return sm_daemon_send(fd, &h, payload, pass);
}

static int hello(int fd, const struct sm_daemon_hdr *q, int memfd)
{
	struct sm_core_hello h = {
		.proto = SM_DAEMON_PROTO, .page_size = 4096, .pid = getpid(),
		.boot = 0x5eed, .kernel = "6.12",
	};

	return reply(fd, q, 0, &h, sizeof(h), memfd);
}

static int heap_info(int fd, const struct sm_daemon_hdr *q)
{
	struct sm_dmabuf_heap_info hi = { .name = "system", .minor = 0 };
	int sv[2];
	int ret;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		return -1;
	ret = reply(fd, q, 0, &hi, sizeof(hi), sv[1]);
	close(sv[1]);	/* sv[0] leaks on purpose: the handle stays open */
	return ret;
}

static int alloc(int fd, const struct sm_daemon_hdr *q, int memfd)
{
	struct sm_dmabuf_alloc a = {
		.info = { .id = 1, .size = 4096, .type = SM_DMA_HEAP_SYSTEM,
			  .boot = 0x5eed, .heap = "system", .nranges = 1 },
	};
	int sv[2];
	int ret;

	(void)memfd;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		return -1;
	ret = reply(fd, q, 0, &a, sizeof(a), sv[1]);
	close(sv[1]);
	return ret;
}

/* counts far past what follows them */
static int lie(int fd, const struct sm_daemon_hdr *q)
{
	memset(out, 0x41, sizeof(out));
	if (q->service == SM_SVC_DMABUF && q->op == SM_DMABUF_HEAPS) {
		struct sm_dmabuf_heaps l = { .count = 0x7fffffff };

		return reply(fd, q, 0, &l, sizeof(l), -1);
	}
	if (q->service == SM_SVC_DMABUF && q->op == SM_DMABUF_RANGES) {
		struct sm_dmabuf_ranges l = { .total = 1ULL << 40,
					      .count = 0x7fffffff };

		return reply(fd, q, 0, &l, sizeof(l), -1);
	}
	if (q->service == SM_SVC_ZRAM && q->op == SM_ZRAM_DEVICES) {
		struct sm_zram_devices l = { .count = 0x7fffffff };

		return reply(fd, q, 0, &l, sizeof(l), -1);
	}
	return reply(fd, q, 0, out, 4096, -1);	/* 4 KiB for anything */
}

static int serve(int c, const char *mode, int memfd)
{
	const struct sm_daemon_hdr *q = (const void *)in;

	for (;;) {
		int fd;
		ssize_t n = sm_daemon_recv(c, in, sizeof(in), &fd, 0);

		if (fd >= 0)
			close(fd);
		if (n <= 0)
			return 0;
		printf("req %u %u\n", q->service, q->op);
		fflush(stdout);
		if (!strcmp(mode, "mute"))
			continue;
		if (q->service == SM_SVC_CORE && q->op == SM_CORE_HELLO) {
			if (hello(c, q, memfd))
				return 0;
			continue;
		}
		if (!strcmp(mode, "liar")) {
			if (lie(c, q))
				return 0;
			continue;
		}
		if (q->service == SM_SVC_DMABUF && q->op == SM_DMABUF_OPEN) {
			if (heap_info(c, q))
				return 0;
			continue;
		}
		if (q->service == SM_SVC_DMABUF && q->op == SM_DMABUF_ALLOC) {
			if (!strcmp(mode, "crash"))
				exit(3);
			if (alloc(c, q, memfd))
				return 0;
			continue;
		}
		if (reply(c, q, -EOPNOTSUPP, NULL, 0, -1))
			return 0;
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int memfd, l;

	if (argc < 3) {
		fputs("usage: fake_socmemd DIR spy|liar|mute|crash [UID]\n",
		      stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	memfd = memfd_create("fake-phys", 0);
	if (memfd < 0 || ftruncate(memfd, 1 << 20))
		return 1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/socket", argv[1]);
	unlink(sa.sun_path);
	l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa))) {
		perror(sa.sun_path);
		return 1;
	}
	if (argc > 3 && setresuid(atoi(argv[3]), atoi(argv[3]),
				  atoi(argv[3]))) {
		perror("setresuid");
		return 1;
	}
	if (listen(l, 16)) {
		perror("listen");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		int c = accept(l, NULL, NULL);

		if (c < 0)
			continue;
		printf("connected\n");
		fflush(stdout);
		if (!fork()) {
			serve(c, argv[2], memfd);
			_exit(0);
		}
		close(c);
	}
}
