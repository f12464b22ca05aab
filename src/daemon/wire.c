// SPDX-License-Identifier: MIT
/*
 * wire.c - one message over a SOCK_SEQPACKET unix socket, with at most
 * one file descriptor (SCM_RIGHTS) - shared by socmemd and its clients.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "internal.h"
#include "sys.h"

int sm_daemon_send(int sock, const struct sm_daemon_hdr *h, const void *payload,
		   int fd)
{
	struct iovec iov[2] = {
		{ .iov_base = (void *)h, .iov_len = sizeof(*h) },
		{ .iov_base = (void *)payload, .iov_len = h->len },
	};
	union {
		struct cmsghdr c;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = h->len ? 2 : 1 };
	ssize_t n;

	if (fd >= 0) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		u.c.cmsg_level = SOL_SOCKET;
		u.c.cmsg_type = SCM_RIGHTS;
		u.c.cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(&u.c), &fd, sizeof(int));
	}
	do {
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == sizeof(*h) + h->len ? 0 : -EPROTO;
}

/* take the passed fds out of @msg: the first into @fd, close the rest */
static void take_fds(struct msghdr *msg, int *fd)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c;
	     c = CMSG_NXTHDR(msg, c)) {
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int f;

			memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (*fd < 0)
				*fd = f;
			else
				sm_sys_close(f);
		}
	}
}

ssize_t sm_daemon_recv(int sock, void *buf, size_t len, int *fd, int flags)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	union {
		struct cmsghdr c;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} u;
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = u.buf,
		.msg_controllen = sizeof(u.buf),
	};
	const struct sm_daemon_hdr *h = buf;
	ssize_t n;

	*fd = -1;
	do {
		n = recvmsg(sock, &msg, flags);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	take_fds(&msg, fd);
	if (n == 0)
		return 0;
	if (msg.msg_flags & MSG_CTRUNC) {
		if (*fd >= 0)
			sm_sys_close(*fd);
		*fd = -1;
		return -EMFILE;
	}
	if ((size_t)n < sizeof(*h) || h->magic != SM_DAEMON_MAGIC ||
	    h->len != (size_t)n - sizeof(*h) || (msg.msg_flags & MSG_TRUNC)) {
		if (*fd >= 0)
			sm_sys_close(*fd);
		*fd = -1;
		return -EPROTO;
	}
	return n;
}
