// SPDX-License-Identifier: MIT
/*
 * client.c - the client side of socmemd: connect (starting the daemon on
 * demand, like ssh-agent), say hello, make calls, stop and reset. Linked
 * into the CLI and into libsocmem-preload.so, so it makes its own system
 * calls through sys.h and keeps its fds where the caller asks.
 */
#define _GNU_SOURCE /* pipe2, MSG_CMSG_CLOEXEC */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "sys.h"

extern char **environ;

#define SPAWN_TIMEOUT_MS 60000

struct sm_daemon_client {
	int sock;
	int phys_fd;
	int fd_floor;
	struct sm_core_hello hello;
	unsigned char buf[SM_DAEMON_MSG_MAX];
};

static int connect_socket(const char *dir, int floor, int *out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (smd_state_path(dir, SMD_SOCKET, sa.sun_path, sizeof(sa.sun_path)))
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	fd = sm_sys_move_fd(fd, floor);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		sm_sys_close(fd);
		return err;
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
		return sm_diag_set(diag, -ENODEV,
				   "cannot find socmemd (set SOCMEM_DAEMON)");
	if (pipe2(p, O_CLOEXEC))
		return sm_diag_set(diag, -errno, "pipe: %s", strerror(errno));
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
		return sm_diag_set(diag, -ENODEV, "%s: %s", path,
				   strerror(ret));
	}
	ret = read_status(p[0], status, sizeof(status));
	sm_sys_close(p[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (ret)
		return sm_diag_set(diag, -ENODEV, "%s: no answer", path);
	if (!strcmp(status, "ok") || !strcmp(status, "running"))
		return 0;
	if (!strncmp(status, "error ", 6))
		return sm_diag_set(diag, -ENODEV, "%s", status + 6);
	return sm_diag_set(diag, -ENODEV, "%s: exited without starting",
			   path);
}

static int hello(struct sm_daemon_client *c)
{
	size_t len = sizeof(c->hello);
	int fd = -1;
	int ret;

	ret = sm_daemon_call(c, SM_SVC_CORE, SM_CORE_HELLO, NULL, 0, &c->hello,
			     &len, &fd, true);
	if (ret)
		return ret;
	if (len != sizeof(c->hello) || c->hello.proto != SM_DAEMON_PROTO ||
	    fd < 0) {
		if (fd >= 0)
			sm_sys_close(fd);
		return -EPROTO;
	}
	c->phys_fd = sm_sys_move_fd(fd, c->fd_floor);
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
		return sm_diag_set(diag, -ENOMEM, "out of memory");
	c->phys_fd = -1;
	c->fd_floor = opts->fd_floor;
	ret = connect_socket(dir, c->fd_floor, &c->sock);
	/*
	 * Start one. "running" with no socket yet is a socmemd that is
	 * starting or exiting: try again shortly.
	 */
	for (int i = 0; i < 100 && opts->autostart &&
			(ret == -ENOENT || ret == -ECONNREFUSED); i++) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		if (i)
			nanosleep(&ts, NULL);
		ret = smd_state_prepare(dir, true, diag);
		if (!ret)
			ret = spawn_daemon(dir, c->fd_floor, diag);
		if (!ret)
			ret = connect_socket(dir, c->fd_floor, &c->sock);
	}
	if (!ret)
		ret = hello(c);
	if (ret) {
		if (!diag || !diag->msg[0])
			sm_diag_set(diag, ret, "%s/%s: %s", dir, SMD_SOCKET,
				    strerror(-ret));
		if (c->sock > 0)
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

int sm_daemon_call(struct sm_daemon_client *c, unsigned int service,
		   unsigned int op, const void *req, size_t req_len,
		   void *reply, size_t *reply_len, int *fd, bool cloexec)
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

	if (fd)
		*fd = -1;
	if (req_len > sizeof(c->buf) - sizeof(h))
		return -EMSGSIZE;
	ret = smd_send(c->sock, &h, req, -1);
	if (ret)
		return ret == -EPROTO ? ret : -EPIPE;
	n = smd_recv(c->sock, c->buf, sizeof(c->buf), &rfd,
		     cloexec ? MSG_CMSG_CLOEXEC : 0);
	if (n == 0)
		return -EPIPE;
	if (n < 0)
		return (int)n;
	if (rh->service != service || rh->op != op) {
		if (rfd >= 0)
			sm_sys_close(rfd);
		return -EPROTO;
	}
	if (reply && reply_len) {
		size_t l = rh->len < *reply_len ? rh->len : *reply_len;

		memcpy(reply, c->buf + sizeof(*rh), l);
		*reply_len = rh->len;
	}
	if (fd)
		*fd = rfd;
	else if (rfd >= 0)
		sm_sys_close(rfd);
	return rh->status;
}

const struct sm_core_hello *sm_daemon_hello(const struct sm_daemon_client *c)
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

	if (smd_state_path(dir, SMD_LOCK, p, sizeof(p)))
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

	if (smd_state_path(dir, SMD_SOCKET, p, sizeof(p)))
		return -ENAMETOOLONG;
	for (int i = 0; i < 1000; i++) {
		if (access(p, F_OK) && lock_free(dir))
			return 0;
		nanosleep(&ts, NULL);
	}
	return -ETIMEDOUT;
}

int sm_daemon_stop(const char *state_dir, struct sm_diag *diag)
{
	struct sm_daemon_connect_opts o = { .state_dir = state_dir };
	struct sm_daemon_client *c;
	struct sm_diag ignore = { 0 };
	int ret;

	ret = sm_daemon_connect(&o, &c, &ignore);
	if (ret == -ENOENT || ret == -ECONNREFUSED)
		return 0;	/* nothing runs there */
	if (ret)
		return sm_diag_set(diag, ret, "%s", ignore.msg);
	ret = sm_daemon_call(c, SM_SVC_CORE, SM_CORE_STOP, NULL, 0, NULL, NULL,
			     NULL, false);
	sm_daemon_close(c);
	if (ret)
		return sm_diag_set(diag, ret, "%s: stop refused: %s", state_dir,
				   strerror(-ret));
	ret = wait_gone(state_dir);
	if (ret)
		return sm_diag_set(diag, ret, "%s: socmemd did not exit",
				   state_dir);
	return 0;
}

int sm_daemon_reset(const char *state_dir, struct sm_diag *diag)
{
	int ret = sm_daemon_stop(state_dir, diag);

	if (ret)
		return ret;
	if (access(state_dir, F_OK))
		return 0;
	ret = smd_state_prepare(state_dir, false, diag);
	if (ret)
		return ret;
	return smd_state_remove(state_dir, diag);
}
