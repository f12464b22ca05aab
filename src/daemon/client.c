// SPDX-License-Identifier: MIT
/*
 * client.c - the client side of socmemd: connect (starting the daemon on
 * demand, like ssh-agent), say hello, make calls, stop and reset. Linked
 * into the CLI and into libsocmem-preload.so, so it makes its own system
 * calls through sys.h and keeps its fds where the caller asks.
 *
 * It trusts nothing it did not create (the security model in
 * docs/dmabuf.md): the state directory is checked (ours, 0700, not a
 * symlink) before anything connects in it, the daemon must run as our
 * uid (SO_PEERCRED), every reply is checked once, by the typed call that
 * asked (client_core.c, client_dmabuf.c, client_zram.c) - this file checks
 * only that a reply answers what was asked - and no call waits longer
 * than the timeout.
 */
#define _GNU_SOURCE /* pipe2, MSG_CMSG_CLOEXEC */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client_call.h"
#include "internal.h"
#include "sys.h"

extern char **environ;

#define SPAWN_TIMEOUT_MS 60000
#define CALL_TIMEOUT_S 30	/* SOCMEM_TIMEOUT overrides */

/**
 * struct sm_daemon_client - a connection
 * @dead: a request went unanswered (timeout, or the daemon hung up after
 *	taking it): nothing more is sent on it, and it is never replayed
 */
struct sm_daemon_client {
	int sock;
	int phys_fd;
	int fd_floor;
	bool dead;
	struct sm_daemon_hello hello;
	unsigned char buf[SM_DAEMON_MSG_MAX];
};

/* how long one call may wait for the daemon: SOCMEM_TIMEOUT seconds */
static struct timeval call_timeout(void)
{
	const char *env = getenv("SOCMEM_TIMEOUT");
	struct timeval tv = { .tv_sec = CALL_TIMEOUT_S };
	char *end;
	double v;

	if (!env || !*env)
		return tv;
	v = strtod(env, &end);
	if (*end || !(v > 0) || v > 86400)
		return tv;
	tv.tv_sec = (time_t)v;
	tv.tv_usec = (suseconds_t)((v - (double)tv.tv_sec) * 1e6);
	return tv;
}

/* the daemon behind @fd must be ours: the same uid (SO_PEERCRED) */
static int check_peer(int fd, const char *dir, struct sm_diag *diag)
{
	struct ucred cr;
	socklen_t l = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &l))
		return sm_dt_diag_set(diag, -errno, "%s/%s: %s", dir, SMD_SOCKET,
				      strerror(errno));
	if (cr.uid != getuid())
		return sm_dt_diag_set(diag, -EPERM,
				      "%s/%s: the daemon there runs as uid %u, "
				      "not as you: refusing it", dir, SMD_SOCKET,
				      (unsigned)cr.uid);
	return 0;
}

static int connect_socket(const char *dir, int floor, int *out,
			  struct sm_diag *diag)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = call_timeout();
	int fd;
	int ret;

	if (sm_daemon_state_path(dir, SMD_SOCKET, sa.sun_path,
				 sizeof(sa.sun_path)))
		return -ENAMETOOLONG;
	/* before anything connects in it: ours, private, not a symlink */
	ret = sm_daemon_state_prepare(dir, false, diag);
	if (ret)
		return ret;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	fd = sm_sys_move_fd(fd, floor);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		ret = -errno;
		sm_sys_close(fd);
		return ret;
	}
	ret = check_peer(fd, dir, diag);
	if (!ret && (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
		     setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv))))
		ret = -errno;
	if (ret) {
		sm_sys_close(fd);
		return ret;
	}
	*out = fd;
	return 0;
}

/* the socmemd binary: $SOCMEM_DAEMON, the installed one, the build's */
static const char *daemon_path(void)
{
	const char *env = getenv("SOCMEM_DAEMON");

	if (env && *env)
		return env;
#ifdef SOCMEM_DAEMON_INSTALL_PATH
	if (!access(SOCMEM_DAEMON_INSTALL_PATH, X_OK))
		return SOCMEM_DAEMON_INSTALL_PATH;
#endif
#ifdef SOCMEM_DAEMON_BUILD_PATH
	if (!access(SOCMEM_DAEMON_BUILD_PATH, X_OK))
		return SOCMEM_DAEMON_BUILD_PATH;
#endif
	return NULL;
}

/* read socmemd's one status line from @fd until EOF or a timeout */
static int read_status(int fd, char *buf, size_t len)
{
	size_t have = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	for (;;) {
		ssize_t n;
		int r = poll(&p, 1, SPAWN_TIMEOUT_MS);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -ETIMEDOUT;
		n = sm_sys_read(fd, buf + have, len - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (have += (size_t)n) == len - 1)
			break;
	}
	buf[have] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/*
 * The environment without LD_PRELOAD: socmemd (and the cpp and dtc it
 * runs) must not carry the preload library of the program that started
 * it. Points into environ; free() the array only.
 */
static char **daemon_env(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LD_PRELOAD=", 11))
			env[k++] = environ[i];
	return env;
}

static int spawn_daemon(const char *dir, int floor, struct sm_diag *diag)
{
	const char *path = daemon_path();
	posix_spawn_file_actions_t fa;
	char status[SM_DIAG_MSG_MAX];
	char **env;
	char *argv[] = { (char *)"socmemd", (char *)"--ready-fd", (char *)"3",
			 (char *)"--state", (char *)dir, NULL };
	int p[2];
	pid_t pid;
	int ret;

	if (!path)
		return sm_dt_diag_set(diag, -ENODEV,
				      "cannot find socmemd (set SOCMEM_DAEMON)");
	if (pipe2(p, O_CLOEXEC))
		return sm_dt_diag_set(diag, -errno, "pipe: %s", strerror(errno));
	p[0] = sm_sys_move_fd(p[0], floor > 10 ? floor : 10);
	p[1] = sm_sys_move_fd(p[1], floor > 10 ? floor : 10);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 3);
	env = daemon_env();
	ret = env ? posix_spawn(&pid, path, &fa, NULL, argv, env) : ENOMEM;
	free(env);
	posix_spawn_file_actions_destroy(&fa);
	sm_sys_close(p[1]);
	if (ret) {
		sm_sys_close(p[0]);
		return sm_dt_diag_set(diag, -ENODEV, "%s: %s", path,
				      strerror(ret));
	}
	ret = read_status(p[0], status, sizeof(status));
	sm_sys_close(p[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (ret)
		return sm_dt_diag_set(diag, -ENODEV, "%s: no answer", path);
	if (!strcmp(status, "ok") || !strcmp(status, "running"))
		return 0;
	if (!strncmp(status, "error ", 6))
		return sm_dt_diag_set(diag, -ENODEV, "%s", status + 6);
	return sm_dt_diag_set(diag, -ENODEV, "%s: exited without starting",
			      path);
}

/*
 * HELLO's reply: our protocol, a boot id, a page size, strings that end
 * inside their fields, and the physical memory fd (a file), whose size
 * bounds every range a buffer will claim.
 */
static int hello(struct sm_daemon_client *c)
{
	struct sm_core_hello h;
	struct smd_client_reply r;
	struct stat st;
	int ret;

	ret = sm_daemon_client_call(c, SM_SVC_CORE, SM_CORE_HELLO, NULL, 0, &r,
				    true, true);
	if (ret)
		return ret;
	if (r.len != sizeof(h) || r.fd < 0)
		return sm_daemon_client_reject(c, &r);
	memcpy(&h, r.p, sizeof(h));
	if (h.proto != SM_DAEMON_PROTO || !h.boot || !h.page_size ||
	    (h.page_size & (h.page_size - 1)) || !SMD_TERMINATED(h.kernel) ||
	    !SMD_TERMINATED(h.board) || !SMD_TERMINATED(h.cmdline) ||
	    sm_sys_fstat(r.fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0)
		return sm_daemon_client_reject(c, &r);
	c->hello = (struct sm_daemon_hello){
		.page_size = h.page_size, .pid = h.pid, .started = h.started,
		.boot = h.boot, .phys_size = (uint64_t)st.st_size,
	};
	memcpy(c->hello.kernel, h.kernel, sizeof(h.kernel));
	memcpy(c->hello.board, h.board, sizeof(h.board));
	memcpy(c->hello.cmdline, h.cmdline, sizeof(h.cmdline));
	c->phys_fd = sm_sys_move_fd(r.fd, c->fd_floor);
	return 0;
}

int sm_daemon_connect(const struct sm_daemon_connect_opts *opts,
		      struct sm_daemon_client **out, struct sm_diag *diag)
{
	char dir[SM_DAEMON_PATH_MAX];
	struct sm_daemon_client *c;
	int ret;

	if (opts->state_dir)
		snprintf(dir, sizeof(dir), "%s", opts->state_dir);
	else if ((ret = sm_daemon_state_dir(dir, sizeof(dir), diag)))
		return ret;
	c = calloc(1, sizeof(*c));
	if (!c)
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	c->phys_fd = -1;
	c->sock = -1;
	c->fd_floor = opts->fd_floor;
	ret = connect_socket(dir, c->fd_floor, &c->sock, diag);
	/*
	 * Start one. "running" with no socket yet is a socmemd that is
	 * starting or exiting: try again shortly.
	 */
	for (int i = 0; i < 100 && opts->autostart &&
			(ret == -ENOENT || ret == -ECONNREFUSED); i++) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		if (i)
			nanosleep(&ts, NULL);
		ret = sm_daemon_state_prepare(dir, true, diag);
		if (!ret)
			ret = spawn_daemon(dir, c->fd_floor, diag);
		if (!ret)
			ret = connect_socket(dir, c->fd_floor, &c->sock, diag);
	}
	if (!ret)
		ret = hello(c);
	if (ret) {
		if (!diag || !diag->msg[0])
			sm_dt_diag_set(diag, ret, "%s/%s: %s", dir, SMD_SOCKET,
				       strerror(-ret));
		if (c->sock >= 0)
			sm_sys_close(c->sock);
		free(c);
		return ret;
	}
	*out = c;
	return 0;
}

void sm_daemon_close(struct sm_daemon_client *c)
{
	if (!c)
		return;
	sm_sys_close(c->sock);
	if (c->phys_fd >= 0)
		sm_sys_close(c->phys_fd);
	free(c);
}

/* ---- the raw call: private to the typed calls (client_*.c) ---------- */

int sm_daemon_client_call(struct sm_daemon_client *c, unsigned int service,
			  unsigned int op, const void *req, size_t req_len,
			  struct smd_client_reply *r, bool want_fd, bool cloexec)
{
	struct sm_daemon_hdr h = {
		.magic = SM_DAEMON_MAGIC,
		.service = (uint16_t)service,
		.op = (uint16_t)op,
		.len = (uint32_t)req_len,
	};
	const struct sm_daemon_hdr *rh = (const void *)c->buf;
	ssize_t n;
	int rfd;
	int ret;

	*r = (struct smd_client_reply){ .p = c->buf + sizeof(*rh), .fd = -1 };
	if (c->dead)
		return -EIO;
	if (req_len > sizeof(c->buf) - sizeof(h))
		return -EMSGSIZE;
	ret = sm_daemon_send(c->sock, &h, req, -1);
	if (ret == -EAGAIN) {
		c->dead = true;	/* a daemon that does not even read */
		return -ETIMEDOUT;
	}
	if (ret)
		return ret == -EPROTO ? ret : -EPIPE;
	n = sm_daemon_recv(c->sock, c->buf, sizeof(c->buf), &rfd,
			   cloexec ? MSG_CMSG_CLOEXEC : 0);
	if (n <= 0)
		c->dead = n != -EMFILE;
	if (n == 0 || n == -ECONNRESET)
		return -EIO;
	if (n == -EAGAIN)
		return -ETIMEDOUT;
	if (n < 0)
		return (int)n;
	if (rh->service != service || rh->op != op || rh->status > 0 ||
	    rh->status < -4095) {
		r->fd = rfd;
		return sm_daemon_client_reject(c, r);	/* out of step */
	}
	/* sm_daemon_recv() checked the framing: rh->len bytes follow the header */
	r->len = rh->len;
	if (want_fd && !rh->status)
		r->fd = rfd;
	else if (rfd >= 0)
		sm_sys_close(rfd);	/* not one this reply may carry */
	return rh->status;
}

int sm_daemon_client_reject(struct sm_daemon_client *c,
			    struct smd_client_reply *r)
{
	if (r->fd >= 0)
		sm_sys_close(r->fd);
	r->fd = -1;
	c->dead = true;	/* a daemon that lies once is not asked again */
	return -EPROTO;
}

bool sm_daemon_dead(const struct sm_daemon_client *c)
{
	return c->dead;
}

const struct sm_daemon_hello *sm_daemon_hello(const struct sm_daemon_client *c)
{
	return &c->hello;
}

int sm_daemon_phys_fd(const struct sm_daemon_client *c)
{
	return c->phys_fd;
}

int sm_daemon_socket_fd(const struct sm_daemon_client *c)
{
	return c->sock;
}

/* is the daemon's lock free (no socmemd holds it, not even exiting)? */
static bool lock_free(const char *dir)
{
	char p[4096];
	bool free_ = true;
	int fd;

	if (sm_daemon_state_path(dir, SMD_LOCK, p, sizeof(p)))
		return true;
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true;
	if (flock(fd, LOCK_SH | LOCK_NB))
		free_ = false;
	sm_sys_close(fd);	/* closing drops our shared lock */
	return free_;
}

/* wait until the daemon has removed its socket and released its lock */
static int wait_gone(const char *dir)
{
	char p[4096];
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	if (sm_daemon_state_path(dir, SMD_SOCKET, p, sizeof(p)))
		return -ENAMETOOLONG;
	for (int i = 0; i < 1000; i++) {
		if (access(p, F_OK) && lock_free(dir))
			return 0;
		nanosleep(&ts, NULL);
	}
	return -ETIMEDOUT;
}

int sm_daemon_stop(const char *state_dir, bool force, struct sm_diag *diag)
{
	struct sm_daemon_connect_opts o = { .state_dir = state_dir };
	struct sm_daemon_client *c;
	struct sm_diag ignore = { 0 };
	int ret;

	ret = sm_daemon_connect(&o, &c, &ignore);
	if (ret == -ENOENT || ret == -ECONNREFUSED)
		return 0;	/* nothing runs there */
	if (ret)
		return sm_dt_diag_set(diag, ret, "%s", ignore.msg);
	ret = sm_daemon_client_core_stop(c, force);
	sm_daemon_close(c);
	if (ret == -EBUSY)
		return sm_dt_diag_set(diag, ret, "%s: dma-bufs are alive",
				      state_dir);
	if (ret)
		return sm_dt_diag_set(diag, ret, "%s: stop refused: %s", state_dir,
				      strerror(-ret));
	ret = wait_gone(state_dir);
	if (ret)
		return sm_dt_diag_set(diag, ret, "%s: socmemd did not exit",
				      state_dir);
	return 0;
}

int sm_daemon_reset(const char *state_dir, struct sm_diag *diag)
{
	/* reset is the documented "every buffer is gone": forced */
	int ret = sm_daemon_stop(state_dir, true, diag);

	if (ret)
		return ret;
	if (access(state_dir, F_OK))
		return 0;
	ret = sm_daemon_state_prepare(state_dir, false, diag);
	if (ret)
		return ret;
	return sm_daemon_state_remove(state_dir, diag);
}
