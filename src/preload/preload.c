// SPDX-License-Identifier: MIT
/*
 * preload.c - libsocmem-preload.so's process state (struct pl_state,
 * internal.h): the real libc entry points (dlsym RTLD_NEXT), the lock,
 * socmemd's state directory, and the connection to socmemd,
 * opened on first use (starting the daemon if needed), kept on fds out of
 * the program's way, and reopened in a forked child.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"
#include "../daemon/sys.h"

struct pl_real pl_real;
struct pl_state pl = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.last_alloc_fd = -1,
	.init_once = PTHREAD_ONCE_INIT,
	.state_once = PTHREAD_ONCE_INIT,
	.release_once = PTHREAD_ONCE_INIT,
	.check_mode = -1,
};

#define REAL(name) pl_real.name = (__typeof__(pl_real.name))dlsym(RTLD_NEXT, #name)

static void atfork_prepare(void)
{
	pthread_mutex_lock(&pl.lock);
}

static void atfork_parent(void)
{
	pthread_mutex_unlock(&pl.lock);
}

static void atfork_child(void)
{
	/* the connection is the parent's: open our own when needed */
	if (pl.client)
		pl.stale = true;
	pthread_mutex_unlock(&pl.lock);
}

/* our fds live high: the program's numbering stays the kernel's */
static int fd_floor(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r) || r.rlim_cur <= 16)
		return 0;
	if (r.rlim_cur > 1024)
		return 1000;
	return (int)(r.rlim_cur * 3 / 4);
}

static void do_init(void)
{
	REAL(open);
	REAL(openat);
	REAL(close);
	REAL(dup);
	REAL(dup2);
	REAL(dup3);
	REAL(fcntl);
	REAL(ioctl);
	REAL(mmap);
	REAL(munmap);
	REAL(read);
	REAL(write);
	REAL(fstat);
	REAL(lseek);
	REAL(opendir);
	REAL(readdir);
	REAL(closedir);
	REAL(pread);
	REAL(pwrite);
	REAL(fsync);
	REAL(fdatasync);
	REAL(chdir);
	REAL(fstatat);
	REAL(readlinkat);
	REAL(statx);
	REAL(faccessat);
	REAL(syscall);
	REAL(getcwd);
	REAL(shutdown);
	REAL(sysconf);
	pl.fd_floor = fd_floor();
	sm_preload_trap_init();
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

/*
 * fds this process got across exec that are socmemd's handles (a shell
 * opened /sys/block/zram0/disksize and exec'ed /bin/echo on it): find
 * them now, so that read() and write() on them reach their files. Only
 * unix seqpacket sockets are asked about, and only if a daemon runs.
 */
void sm_preload_adopt_inherited(void)
{
	char buf[4096];
	int dfd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/fd",
			       O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long n;

	if (dfd < 0)
		return;
	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < n;) {
			struct dirent64 *e = (void *)(buf + at);
			char *end;
			long fd = strtol(e->d_name, &end, 10);

			at += e->d_reclen;
			if (*end || end == e->d_name || fd == dfd)
				continue;
			pthread_mutex_lock(&pl.lock);
			sm_preload_identify((int)fd);
			pthread_mutex_unlock(&pl.lock);
		}
	}
	sm_sys_close(dfd);
}

void *sm_preload_dlsym(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

void sm_preload_init(void)
{
	int expect = 0;

	pthread_once(&pl.init_once, do_init);
	/* after the init, which the adoption's own calls come back to */
	if (atomic_load_explicit(&pl.adopted, memory_order_acquire) == 0 &&
	    atomic_compare_exchange_strong(&pl.adopted, &expect, 1)) {
		sm_preload_adopt_inherited();
		atomic_store(&pl.adopted, 2);
	}
}

/* this thread holds pl.lock (taken through sm_preload_lock()) */
static __thread bool lock_held __attribute__((tls_model("initial-exec")));

void sm_preload_lock(void)
{
	sm_preload_init();
	pthread_mutex_lock(&pl.lock);
	lock_held = true;
}

void sm_preload_unlock(void)
{
	lock_held = false;
	pthread_mutex_unlock(&pl.lock);
}

bool sm_preload_lock_held(void)
{
	return lock_held;
}

/* one line on stderr, written at once (no stdio inside the host) */
void sm_preload_message(const char *fmt, ...)
{
	char buf[SM_DIAG_MSG_MAX + 64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	if (sm_sys_write(2, buf, (size_t)n) < 0)
		return;
}

int sm_preload_move_fd(int fd)
{
	return sm_sys_move_fd(fd, pl.fd_floor);
}

static void forget_client(void)
{
	if (pl.client) {
		int s = sm_daemon_socket_fd(pl.client);
		int p = sm_daemon_phys_fd(pl.client);

		sm_preload_fd_clear(s);
		if (p >= 0)
			sm_preload_fd_clear(p);
		sm_daemon_close(pl.client);
	}
	pl.client = NULL;
	pl.stale = false;
}

static void find_state_dir(void)
{
	struct sm_diag diag = { 0 };

	if (sm_daemon_state_dir(pl.state_dir, sizeof(pl.state_dir), &diag)) {
		pl.state_dir[0] = '\0';
		snprintf(pl.state_why, sizeof(pl.state_why), "%s", diag.msg);
	}
}

const char *sm_preload_state_dir(void)
{
	pthread_once(&pl.state_once, find_state_dir);
	return pl.state_dir[0] ? pl.state_dir : NULL;
}

struct sm_daemon_client *sm_preload_client(bool autostart)
{
	struct sm_daemon_connect_opts o = {
		.autostart = autostart,
		.fd_floor = pl.fd_floor,
	};
	struct sm_diag diag = { 0 };
	int ret;

	if (pl.stale)
		forget_client();
	if (pl.client)
		return pl.client;
	if (pl.failed) {
		errno = ENODEV;
		return NULL;
	}
	if (!sm_preload_state_dir()) {
		sm_preload_message("socmem: %s", pl.state_why);
		pl.failed = true;
		errno = ENODEV;
		return NULL;
	}
	o.state_dir = pl.state_dir;
	ret = sm_daemon_connect(&o, &pl.client, &diag);
	if (ret) {
		pl.client = NULL;
		if (!autostart && (ret == -ENOENT || ret == -ECONNREFUSED)) {
			errno = -ret;
			return NULL;
		}
		/* the one line: which file, and why */
		sm_preload_message("socmem: %s", diag.msg);
		pl.failed = true;
		errno = ENODEV;
		return NULL;
	}
	sm_preload_fd_internal(sm_daemon_socket_fd(pl.client));
	sm_preload_fd_internal(sm_daemon_phys_fd(pl.client));
	return pl.client;
}

void sm_preload_asked(struct sm_daemon_client *c, int ret)
{
	/* the next call connects anew: after -EPIPE nothing was sent */
	if (c == pl.client && (ret == -EPIPE || sm_daemon_dead(c)))
		forget_client();
}

bool sm_preload_boot_stale(uint64_t boot)
{
	struct sm_daemon_client *c = sm_preload_client(true);

	return !c || sm_daemon_hello(c)->boot != boot;
}
