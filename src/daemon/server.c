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
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/random.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

enum { WATCH_LISTEN = 1, WATCH_CONN, WATCH_HANDLE };

#define MAX_EVENTS 64

void *sm_daemon_reply_put(struct smd_reply *r, size_t n)
{
	void *p;

	if (n > sizeof(r->buf) - r->len)
		return NULL;
	p = r->buf + r->len;
	memset(p, 0, n);
	r->len += n;
	return p;
}

/* ---- log: a ring like printk's ------------------------------------- */

static struct smd_kmsg *log_at(struct smd *d, uint64_t seq)
{
	return &d->log[seq % SMD_LOG_LINES];
}

static void log_drop_oldest(struct smd *d)
{
	struct smd_kmsg *m = log_at(d, d->log_first++);

	d->log_bytes -= strlen(m->text);
	free(m->text);
	m->text = NULL;
}

int sm_daemon_log_add(struct smd *d, enum sm_loglevel level, const char *text)
{
	size_t len = strnlen(text, SMD_LOG_BYTES / 2);
	struct smd_kmsg *m;
	char *copy;

	if (!d->log) {
		d->log = calloc(SMD_LOG_LINES, sizeof(*d->log));
		if (!d->log)
			return -ENOMEM;
	}
	copy = strndup(text, len);
	if (!copy)
		return -ENOMEM;
	while (d->log_next - d->log_first >= SMD_LOG_LINES ||
	       (d->log_next > d->log_first &&
		d->log_bytes + len > SMD_LOG_BYTES))
		log_drop_oldest(d);
	m = log_at(d, d->log_next++);
	m->text = copy;
	m->level = level;
	d->log_bytes += len;
	return 0;
}

void sm_daemon_log_import(struct smd *d, const struct sm_kmsg *m, size_t n,
			  size_t *seen)
{
	for (; *seen < n; (*seen)++)
		if (sm_daemon_log_add(d, m[*seen].level, m[*seen].text))
			break;
}

void sm_daemon_log_sync(struct smd *d)
{
	const struct sm_kmsg *m;
	size_t n;

	if (!d->sys)
		return;
	m = sm_mm_log(d->sys, &n);
	sm_daemon_log_import(d, m, n, &d->mm_log_seen);
	sm_mm_log_clear(d->sys);
	d->mm_log_seen = 0;
}

/* "<level>text\n" lines from sequence @from into the reply */
uint64_t sm_daemon_log_lines(struct smd *d, uint64_t from, struct smd_reply *r,
			     uint32_t *count)
{
	uint64_t seq = from < d->log_first ? d->log_first : from;

	*count = 0;
	for (; seq < d->log_next; seq++) {
		const struct smd_kmsg *m = log_at(d, seq);
		size_t l = strlen(m->text) + 4;
		char *p = sm_daemon_reply_put(r, l);

		if (!p)
			break;
		snprintf(p, l, "<%d>%s", m->level, m->text);
		p[l - 1] = '\n';
		(*count)++;
	}
	return seq;
}

static void listen_resume(struct smd *d);

/* ---- handles -------------------------------------------------------- */

static int watch(struct smd *d, int fd, void *tag, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = tag };

	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

int sm_daemon_handle_new(struct smd *d, unsigned int service, unsigned int kind,
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
	/* the fds of a handle's socketpair are what runs out first */
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

size_t sm_daemon_live_buffers(struct smd *d)
{
	size_t n = 0;

	for (struct smd_handle *h = d->handles; h; h = h->next)
		n += h->kind == SM_HANDLE_DMA_BUF;
	return n;
}

struct smd_handle *sm_daemon_handle_by_ino(struct smd *d, uint64_t ino)
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
	listen_resume(d);
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
void sm_daemon_reap(struct smd *d)
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
	while (c->out) {
		struct smd_out *o = c->out;

		c->out = o->next;
		if (o->fd >= 0)
			close(o->fd);
		free(o);
	}
	free(c);
	listen_resume(d);
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

/*
 * Out of fds: refuse the waiting client at once (it sees its connection
 * closed, not a hang) with the fd kept spare for this, and stop watching
 * the listening socket - still readable, it would wake epoll forever -
 * until a connection or handle is released.
 */
static void accept_emfile(struct smd *d)
{
	int fd;

	if (d->spare_fd >= 0) {
		close(d->spare_fd);
		d->spare_fd = -1;
		fd = accept4(d->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd >= 0)
			close(fd);
		d->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}
	if (!d->listen_paused &&
	    !epoll_ctl(d->epfd, EPOLL_CTL_DEL, d->listen_fd, NULL))
		d->listen_paused = true;
}

static void listen_resume(struct smd *d)
{
	if (d->spare_fd < 0)
		d->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (d->listen_paused && d->spare_fd >= 0 &&
	    !watch(d, d->listen_fd, &d->listen_watch, EPOLLIN))
		d->listen_paused = false;
}

static void conn_accept(struct smd *d)
{
	struct ucred cr;
	socklen_t l = sizeof(cr);
	struct smd_conn *c;
	int fd = accept4(d->listen_fd, NULL, NULL,
			 SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			accept_emfile(d);
		return;
	}
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

	if (!s || !s->request) {
		r->status = -EOPNOTSUPP;
		return;
	}
	sm_daemon_reap(d);
	s->request(d, c, h->op, h + 1, h->len, r);
	sm_daemon_log_sync(d);
}

/* watch @c for requests, or only for room to send its queued replies */
static int conn_rewatch(struct smd *d, struct smd_conn *c)
{
	struct epoll_event ev = {
		.events = c->out ? EPOLLOUT : EPOLLIN,
		.data.ptr = c,
	};

	return epoll_ctl(d->epfd, EPOLL_CTL_MOD, c->fd, &ev) ? -errno : 0;
}

/* send what @c has queued; Return: 0, -EAGAIN (still queued) or an error */
static int conn_flush(struct smd_conn *c)
{
	while (c->out) {
		struct smd_out *o = c->out;
		const struct sm_daemon_hdr *h = (const void *)o->msg;
		int ret = sm_daemon_send(c->fd, h, h + 1, o->fd);

		if (ret)
			return ret;
		c->out = o->next;
		c->nout--;
		if (o->fd >= 0)
			close(o->fd);
		free(o);
	}
	return 0;
}

/* keep a reply the socket had no room for; false: too many kept already */
static bool conn_queue(struct smd_conn *c, const struct sm_daemon_hdr *h,
		       const struct smd_reply *r)
{
	struct smd_out *o, **pp;

	if (c->nout >= SMD_CONN_QUEUE_MAX)
		return false;
	o = malloc(sizeof(*o) + sizeof(*h) + r->len);
	if (!o)
		return false;
	o->fd = -1;
	if (!r->status && r->fd >= 0) {
		o->fd = fcntl(r->fd, F_DUPFD_CLOEXEC, 0);
		if (o->fd < 0) {
			free(o);
			return false;
		}
	}
	o->len = sizeof(*h) + r->len;
	o->next = NULL;
	memcpy(o->msg, h, sizeof(*h));
	memcpy(o->msg + sizeof(*h), r->buf, r->len);
	for (pp = &c->out; *pp; pp = &(*pp)->next)
		;
	*pp = o;
	c->nout++;
	return true;
}

/*
 * The reply to @c, without waiting: a client that does not read its
 * replies gets them queued, up to SMD_CONN_QUEUE_MAX, and is then
 * dropped; no other client waits for it.
 */
static void conn_reply(struct smd *d, struct smd_conn *c,
		       const struct sm_daemon_hdr *rh, struct smd_reply *r)
{
	int ret = c->out ? -EAGAIN :
			   sm_daemon_send(c->fd, rh, r->buf,
					  r->status ? -1 : r->fd);

	if (ret == -EAGAIN && conn_queue(c, rh, r) && !conn_rewatch(d, c))
		ret = 0;
	if (r->fd >= 0 && r->fd_owned)
		close(r->fd);
	if (ret)
		conn_close(d, c);
}

static void conn_writable(struct smd *d, struct smd_conn *c)
{
	int ret = conn_flush(c);

	if (ret == -EAGAIN)
		return;
	if (ret || conn_rewatch(d, c))
		conn_close(d, c);
}

static void conn_event(struct smd *d, struct smd_conn *c, uint32_t ev)
{
	static unsigned char in[SM_DAEMON_MSG_MAX];
	static struct smd_reply r;
	const struct sm_daemon_hdr *h = (const void *)in;
	struct sm_daemon_hdr rh;
	ssize_t n;
	int fd;

	if (c->out) {
		if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			conn_writable(d, c);
		return;
	}
	n = sm_daemon_recv(c->fd, in, sizeof(in), &fd, MSG_DONTWAIT);
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
	conn_reply(d, c, &rh, &r);
}

/* ---- the loop ------------------------------------------------------- */

static volatile sig_atomic_t terminated;

static void on_term(int sig)
{
	(void)sig;
	terminated = 1;
}

/*
 * SIGTERM and SIGINT end the loop like `socmem daemon stop --force`, so
 * sm_daemon_server_close() removes the socket and the pid file goes too. They are
 * blocked except inside epoll_pwait(): one arriving between two waits
 * is not lost. They are caught before the socket exists, so a signal sent
 * as soon as a client can see the daemon finds the handler in place.
 */
static void catch_term(sigset_t *waitmask)
{
	struct sigaction sa = { .sa_handler = on_term };
	sigset_t block;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, waitmask);
	sigdelset(waitmask, SIGTERM);
	sigdelset(waitmask, SIGINT);
}

int sm_daemon_server_listen(struct smd *d, struct sm_diag *diag)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	catch_term(&d->waitmask);
	if (sm_daemon_state_path(d->cfg.state_dir, SMD_SOCKET, sa.sun_path,
				 sizeof(sa.sun_path)))
		return sm_dt_diag_set(diag, -ENAMETOOLONG, "%s: path too long",
				      d->cfg.state_dir);
	d->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (d->listen_fd < 0)
		return sm_dt_diag_set(diag, -errno, "socket: %s", strerror(errno));
	unlink(sa.sun_path);	/* a stale one: we hold the lock */
	if (bind(d->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(d->listen_fd, 64))
		return sm_dt_diag_set(diag, -errno, "%s: %s", sa.sun_path,
				      strerror(errno));
	d->listen_watch = WATCH_LISTEN;
	if (watch(d, d->listen_fd, &d->listen_watch, EPOLLIN))
		return sm_dt_diag_set(diag, -errno, "epoll: %s", strerror(errno));
	return 0;
}

/* a random boot id, never 0 (the kernel's boot_id is random too) */
static uint64_t new_boot_id(void)
{
	uint64_t id = 0;

	while (!id)
		if (getrandom(&id, sizeof(id), 0) != sizeof(id))
			id = ((uint64_t)time(NULL) << 32) ^ (uint64_t)getpid();
	return id;
}

int sm_daemon_server_open(struct smd *d, struct sm_diag *diag)
{
	d->listen_fd = -1;
	d->started = (int64_t)time(NULL);
	d->boot = new_boot_id();
	d->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->epfd < 0)
		return sm_dt_diag_set(diag, -errno, "epoll: %s", strerror(errno));
	/* what booting printed comes first: the early memory setup (the
	 * lines socmem boot --format log shows), then the running system's */
	if (d->board)	/* pr_debug() lines print only with dynamic debug */
		for (size_t i = 0; i < d->board->nmsgs; i++)
			if (d->board->msgs[i].level != SM_LOG_DEBUG)
				sm_daemon_log_add(d, d->board->msgs[i].level,
						  d->board->msgs[i].text);
	sm_daemon_log_sync(d);
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

int sm_daemon_server_run(struct smd *d)
{
	struct epoll_event ev[MAX_EVENTS];
	time_t idle_since = time(NULL);
	while (!d->stop && !terminated) {
		int timeout = d->cfg.idle_exit > 0 ? 1000 : -1;
		int n = epoll_pwait(d->epfd, ev, MAX_EVENTS, timeout,
				    &d->waitmask);

		if (n < 0 && errno != EINTR)
			return -errno;
		for (int i = 0; i < n && !d->stop; i++) {
			int type = *(int *)ev[i].data.ptr;

			if (type == WATCH_LISTEN) {
				conn_accept(d);
				continue;
			}
			if (type == WATCH_CONN)
				conn_event(d, ev[i].data.ptr, ev[i].events);
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

void sm_daemon_server_close(struct smd *d)
{
	char p[4096];

	if (d->listen_fd >= 0) {
		close(d->listen_fd);
		if (!sm_daemon_state_path(d->cfg.state_dir, SMD_SOCKET, p,
					  sizeof(p)))
			unlink(p);
	}
	while (d->conns)
		conn_close(d, d->conns);
	while (d->handles)
		handle_release(d, d->handles);
	for (int i = SM_SVC_MAX - 1; i >= 0; i--)
		if (smd_services[i] && smd_services[i]->fini)
			smd_services[i]->fini(d);
	while (d->log && d->log_first < d->log_next)
		log_drop_oldest(d);
	free(d->log);
	if (d->spare_fd >= 0)
		close(d->spare_fd);
	if (d->epfd >= 0)
		close(d->epfd);
}
