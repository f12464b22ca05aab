/* SPDX-License-Identifier: MIT */
/*
 * sys.h - raw system calls for code that runs inside
 * libsocmem-preload.so: the preload library exports close, read, write,
 * fcntl, dup*, mmap, ... itself, so its own calls (and the daemon
 * client's, linked into it) go straight to the kernel instead of back
 * through those wrappers.
 */
#ifndef SOCMEM_DAEMON_SYS_H
#define SOCMEM_DAEMON_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

static inline int sm_sys_close(int fd)
{
	return (int)syscall(SYS_close, fd);
}

static inline ssize_t sm_sys_read(int fd, void *buf, size_t n)
{
	return syscall(SYS_read, fd, buf, n);
}

static inline ssize_t sm_sys_write(int fd, const void *buf, size_t n)
{
	return syscall(SYS_write, fd, buf, n);
}

static inline int sm_sys_fcntl(int fd, int cmd, long arg)
{
	return (int)syscall(SYS_fcntl, fd, cmd, arg);
}

static inline int sm_sys_fstat(int fd, struct stat *st)
{
	return (int)syscall(SYS_fstat, fd, st);
}

static inline int sm_sys_dup3(int oldfd, int newfd, int flags)
{
	return (int)syscall(SYS_dup3, oldfd, newfd, flags);
}

/* move @fd to the lowest free number >= @floor (close-on-exec); 0: keep */
static inline int sm_sys_move_fd(int fd, int floor)
{
	int nfd;

	if (floor <= 0 || fd >= floor)
		return fd;
	nfd = sm_sys_fcntl(fd, F_DUPFD_CLOEXEC, floor);
	if (nfd < 0)
		return fd;	/* no room up there: keep it where it is */
	sm_sys_close(fd);
	return nfd;
}

#endif /* SOCMEM_DAEMON_SYS_H */
