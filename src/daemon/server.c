// SPDX-License-Identifier: MIT
/*
 * server.c - socmemd's event loop: the listening socket, client
 * connections (one request, one reply), and handles - the daemon's ends
 * of the socketpairs whose other ends clients hold as fds. A handle whose
 * peer hangs up (every copy closed, in every process) is released by its
 * service. Requests go to the service table (smd_services[]).
 */
#define _GNU_SOURCE /* SO_PEERCRED, struct ucred */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

enum { WATCH_LISTEN = 1, WATCH_CONN, WATCH_HANDLE };

#define MAX_EVENTS 64

void *smd_reply_put(struct smd_reply *r, size_t n)
{
	void *p;

	if (n > sizeof(r->buf) - r->len)
		return NULL;
	p = r->buf + r->len;
	memset(p, 0, n);
	r->len += n;
	return p;
}

/* ---- log ------------------------------------------------------------ */

int smd_log_add(struct smd *d, enum sm_loglevel level, const char *text)
{
	if (d->nlog == d->log_cap) {
		size_t cap = d->log_cap ? d->log_cap * 2 : 64;
		struct smd_kmsg *m = realloc(d->log, cap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		d->log = m;
		d->log_cap = cap;
	}
	d->log[d->nlog].text = strdup(text);
	if (!d->log[d->nlog].text)
		return -ENOMEM;
	d->log[d->nlog++].level = level;
	return 0;
}

void smd_log_import(struct smd *d, const struct sm_kmsg *m, size_t n,
		    size_t *seen)
{
	for (; *seen < n; (*seen)++)
		if (smd_log_add(d, m[*seen].level, m[*seen].text))
			break;
}

/* "<level>text\n" lines from sequence @from into the reply */
void smd_log_lines(struct smd *d, size_t from, struct smd_reply *r,
		   uint32_t *count)
{
	*count = 0;
	for (size_t i = from; i < d->nlog; i++) {
		size_t l = strlen(d->log[i].text) + 4;
		char *p = smd_reply_put(r, l);

		if (!p)
			break;
		snprintf(p, l, "<%d>%s", d->log[i].level, d->log[i].text);
		p[l - 1] = '\n';
		(*count)++;
	}
}

/* ---- handles -------------------------------------------------------- */

static int watch(struct smd *d, int fd, void *tag, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = tag };

	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

int smd_handle_new(struct smd *d, unsigned int service, unsigned int kind,
		   void *obj, int *client_fd, struct smd_handle **out)
{
	struct smd_handle *h = calloc(1, sizeof(*h));
	struct stat st;
	int sv[2];
	int ret;

	if (!h)
		return -ENOMEM;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		ret = -errno;
		goto out_free;
	}
	if (fstat(sv[1], &st)) {
		ret = -errno;
		goto out_close;
	}
	h->watch_type = WATCH_HANDLE;
	h->kind = kind;
	h->service = service;
	h->fd = sv[0];
	h->ino = st.st_ino;
	h->obj = obj;
	ret = watch(d, h->fd, h, EPOLLIN | EPOLLRDHUP);
	if (ret)
		goto out_close;
	h->next = d->handles;
	d->handles = h;
	d->nhandles++;
	*client_fd = sv[1];
	if (out)
		*out = h;
	return 0;

out_close:
	close(sv[0]);
	close(sv[1]);
out_free:
	free(h);
	return ret;
}

struct smd_handle *smd_handle_by_ino(struct smd *d, uint64_t ino)
{
	for (struct smd_handle *h = d->handles; h; h = h->next)
		if (h->ino == ino)
			return h;
	return NULL;
}

static void handle_release(struct smd *d, struct smd_handle *h)
{
	struct smd_handle **pp = &d->handles;
	const struct smd_service *s = smd_services[h->service];

	while (*pp && *pp != h)
		pp = &(*pp)->next;
	if (*pp)
		*pp = h->next;
	d->nhandles--;
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, h->fd, NULL);
	close(h->fd);
	if (s && s->release)
		s->release(d, h);
	free(h);
}

/* a handle's end is readable: its peer is gone, or wrote something */
static void handle_event(struct smd *d, struct smd_handle *h, uint32_t ev)
{
	char junk[256];

	if (ev & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)) {
		handle_release(d, h);
		return;
	}
	/* clients never write to a handle; drop what a program wrote */
	while (recv(h->fd, junk, sizeof(junk), MSG_DONTWAIT) > 0)
		;
}

/*
 * Release every handle whose last client fd is already closed, before
 * answering a request that reports or uses state: a close that happened
 * before the request must be seen by it.
 */
void smd_reap(struct smd *d)
{
	struct epoll_event ev[MAX_EVENTS];
	int n;

	do {
		int released = 0;

		n = epoll_wait(d->epfd, ev, MAX_EVENTS, 0);
		for (int i = 0; i < n; i++) {
			int *type = ev[i].data.ptr;

			if (*type != WATCH_HANDLE ||
			    !(ev[i].events & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)))
				continue;
			handle_release(d, ev[i].data.ptr);
			released++;
		}
		if (!released)
			break;
	} while (n == MAX_EVENTS);
}

/* ---- connections ---------------------------------------------------- */

static void conn_close(struct smd *d, struct smd_conn *c)
{
	struct smd_conn **pp = &d->conns;

	while (*pp && *pp != c)
		pp = &(*pp)->next;
	if (*pp)
		*pp = c->next;
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c);
}

static void read_comm(pid_t pid, char *buf, size_t len)
{
	char p[64];
	FILE *f;

	snprintf(buf, len, "?");
	snprintf(p, sizeof(p), "/proc/%d/comm", (int)pid);
	f = fopen(p, "re");
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static void conn_accept(struct smd *d)
{
	struct ucred cr;
	socklen_t l = sizeof(cr);
	struct smd_conn *c;
	int fd = accept4(d->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	/* the directory is private already; refuse other users anyway */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &l) ||
	    cr.uid != getuid()) {
		close(fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		return;
	}
	c->watch_type = WATCH_CONN;
	c->fd = fd;
	c->pid = cr.pid;
	read_comm(cr.pid, c->comm, sizeof(c->comm));
	if (watch(d, fd, c, EPOLLIN)) {
		close(fd);
		free(c);
		return;
	}
	c->next = d->conns;
	d->conns = c;
}

static void dispatch(struct smd *d, struct smd_conn *c,
		     const struct sm_daemon_hdr *h, struct smd_reply *r)
{
	const struct smd_service *s =
		h->service < SM_SVC_MAX ? smd_services[h->service] : NULL;
	size_t seen = d->mm_log_seen;
	const struct sm_kmsg *m;
	size_t n;

	if (!s || !s->request) {
		r->status = -EOPNOTSUPP;
		return;
	}
	smd_reap(d);
	s->request(d, c, h->op, h + 1, h->len, r);
	if (d->sys) {
		m = sm_mm_log(d->sys, &n);
		smd_log_import(d, m, n, &seen);
		d->mm_log_seen = seen;
	}
}

static void conn_event(struct smd *d, struct smd_conn *c)
{
	static unsigned char in[SM_DAEMON_MSG_MAX];
	static struct smd_reply r;
	const struct sm_daemon_hdr *h = (const void *)in;
	struct sm_daemon_hdr rh;
	ssize_t n;
	int fd;

	n = smd_recv(c->fd, in, sizeof(in), &fd, MSG_DONTWAIT);
	if (n == -EAGAIN)
		return;
	if (fd >= 0)
		close(fd);	/* clients pass no fds */
	if (n <= 0) {
		conn_close(d, c);
		return;
	}
	r.status = 0;
	r.fd = -1;
	r.fd_owned = false;
	r.len = 0;
	dispatch(d, c, h, &r);
	rh = (struct sm_daemon_hdr){
		.magic = SM_DAEMON_MAGIC,
		.service = h->service,
		.op = h->op,
		.status = r.status,
		.len = (uint32_t)r.len,
	};
	if (smd_send(c->fd, &rh, r.buf, r.status ? -1 : r.fd))
		conn_close(d, c);
	if (r.fd >= 0 && r.fd_owned)
		close(r.fd);
}

/* ---- the loop ------------------------------------------------------- */

int smd_listen(struct smd *d, struct sm_diag *diag)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (smd_state_path(d->cfg.state_dir, SMD_SOCKET, sa.sun_path,
			   sizeof(sa.sun_path)))
		return sm_diag_set(diag, -ENAMETOOLONG, "%s: path too long",
				   d->cfg.state_dir);
	d->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (d->listen_fd < 0)
		return sm_diag_set(diag, -errno, "socket: %s", strerror(errno));
	unlink(sa.sun_path);	/* a stale one: we hold the lock */
	if (bind(d->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(d->listen_fd, 64))
		return sm_diag_set(diag, -errno, "%s: %s", sa.sun_path,
				   strerror(errno));
	d->listen_watch = WATCH_LISTEN;
	if (watch(d, d->listen_fd, &d->listen_watch, EPOLLIN))
		return sm_diag_set(diag, -errno, "epoll: %s", strerror(errno));
	return 0;
}

int smd_open(struct smd *d, struct sm_diag *diag)
{
	d->listen_fd = -1;
	d->started = (int64_t)time(NULL);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->epfd < 0)
		return sm_diag_set(diag, -errno, "epoll: %s", strerror(errno));
	/* what booting printed comes first: the early memory setup (the
	 * lines socmem boot --format log shows), then the running system's */
	if (d->board)	/* pr_debug() lines print only with dynamic debug */
		for (size_t i = 0; i < d->board->nmsgs; i++)
			if (d->board->msgs[i].level != SM_LOG_DEBUG)
				smd_log_add(d, d->board->msgs[i].level,
					    d->board->msgs[i].text);
	if (d->sys) {
		size_t n;
		const struct sm_kmsg *m = sm_mm_log(d->sys, &n);

		smd_log_import(d, m, n, &d->mm_log_seen);
	}
	for (unsigned int i = 0; i < SM_SVC_MAX; i++) {
		const struct smd_service *s = smd_services[i];
		int ret;

		if (!s || !s->init)
			continue;
		ret = s->init(d, diag);
		if (ret)
			return ret;
	}
	return 0;
}

static bool idle(const struct smd *d)
{
	return !d->conns && !d->nhandles;
}

int smd_run(struct smd *d)
{
	struct epoll_event ev[MAX_EVENTS];
	time_t idle_since = time(NULL);

	while (!d->stop) {
		int timeout = d->cfg.idle_exit > 0 ? 1000 : -1;
		int n = epoll_wait(d->epfd, ev, MAX_EVENTS, timeout);

		if (n < 0 && errno != EINTR)
			return -errno;
		for (int i = 0; i < n && !d->stop; i++) {
			int type = *(int *)ev[i].data.ptr;

			if (type == WATCH_LISTEN) {
				conn_accept(d);
				continue;
			}
			if (type == WATCH_CONN)
				conn_event(d, ev[i].data.ptr);
			else
				handle_event(d, ev[i].data.ptr, ev[i].events);
			/*
			 * That may have released handles or closed a
			 * connection of a later event: ask epoll again
			 * (level-triggered, nothing is lost).
			 */
			break;
		}
		if (!idle(d))
			idle_since = time(NULL);
		else if (d->cfg.idle_exit > 0 &&
			 time(NULL) - idle_since >= d->cfg.idle_exit)
			break;
	}
	return 0;
}

void smd_close(struct smd *d)
{
	char p[4096];

	if (d->listen_fd >= 0) {
		close(d->listen_fd);
		if (!smd_state_path(d->cfg.state_dir, SMD_SOCKET, p, sizeof(p)))
			unlink(p);
	}
	while (d->conns)
		conn_close(d, d->conns);
	while (d->handles)
		handle_release(d, d->handles);
	for (int i = SM_SVC_MAX - 1; i >= 0; i--)
		if (smd_services[i] && smd_services[i]->fini)
			smd_services[i]->fini(d);
	for (size_t i = 0; i < d->nlog; i++)
		free(d->log[i].text);
	free(d->log);
	if (d->epfd >= 0)
		close(d->epfd);
}
