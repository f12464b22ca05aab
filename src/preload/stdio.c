// SPDX-License-Identifier: MIT
/*
 * stdio.c - fopen() of a served path (kmod reads /proc/modules, libmount
 * /proc/swaps, with fopen): glibc's stdio reads through its own internal
 * read(), which this library does not see, so the stream is built with
 * fopencookie() over the served fd and this library's read, write, lseek
 * and close. Every other path is the real fopen(). fdopen() of a served
 * fd (util-linux's sysfs code opens an attribute relative to the device's
 * directory and reads it through fdopen()) does the same. For the same reason,
 * a program started with a served file as its stdin, stdout or stderr
 * (`/bin/echo 1 > /sys/block/zram0/reset`) gets cookie streams for them
 * before main() runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static ssize_t c_read(void *cookie, char *buf, size_t n)
{
	return read((int)(intptr_t)cookie, buf, n);
}

static ssize_t c_write(void *cookie, const char *buf, size_t n)
{
	return write((int)(intptr_t)cookie, buf, n);
}

static int c_seek(void *cookie, off64_t *off, int whence)
{
	off_t r = lseek((int)(intptr_t)cookie, (off_t)*off, whence);

	if (r < 0)
		return -1;
	*off = r;
	return 0;
}

static int c_close(void *cookie)
{
	return close((int)(intptr_t)cookie);
}

static const cookie_io_functions_t cookie_io = {
	.read = c_read, .write = c_write, .seek = c_seek, .close = c_close,
};

/* stdin, stdout, stderr over inherited served files (a constructor) */
__attribute__((constructor)) static void std_streams(void)
{
	FILE **std[3] = { &stdin, &stdout, &stderr };
	static const char *const modes[3] = { "r", "w", "w" };

	sm_preload_init();	/* identifies the fds we inherited */
	for (int fd = 0; fd < 3; fd++) {
		FILE *s;

		if (!sm_preload_fd_zfile(fd))
			continue;
		s = fopencookie((void *)(intptr_t)fd, modes[fd], cookie_io);
		if (!s)
			continue;
		if (fd == 2)
			setvbuf(s, NULL, _IONBF, 0);
		*std[fd] = s;
	}
}

/* fopen()'s mode string as open(2) flags */
static int mode_flags(const char *mode)
{
	int flags;

	switch (mode[0]) {
	case 'r': flags = O_RDONLY; break;
	case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; break;
	case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; break;
	default: return -1;
	}
	for (const char *m = mode + 1; *m && *m != ','; m++) {
		if (*m == '+')
			flags = (flags & ~O_ACCMODE) | O_RDWR;
		else if (*m == 'e')
			flags |= O_CLOEXEC;
		else if (*m == 'x')
			flags |= O_EXCL;
	}
	return flags;
}

static FILE *do_fopen(const char *path, const char *mode)
{
	FILE *(*real)(const char *, const char *);
	const struct pl_path *pp;
	const char *rest;
	char buf[4096];
	FILE *f;
	int flags, fd, err, at = AT_FDCWD;

	sm_preload_init();
	pp = sm_preload_lookup(&at, &path, true, &rest, buf, sizeof(buf), &err);
	if (err) {
		errno = -err;
		return NULL;
	}
	if (!pp || !mode || (flags = mode_flags(mode)) < 0) {
		real = (FILE *(*)(const char *, const char *))sm_preload_dlsym("fopen");
		return real ? real(path, mode) : NULL;
	}
	fd = open(buf, flags, 0666);
	if (fd < 0)
		return NULL;
	f = fopencookie((void *)(intptr_t)fd, mode, cookie_io);
	if (!f) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return f;
}

PL_EXPORT FILE *fopen(const char *path, const char *mode)
{
	return do_fopen(path, mode);
}

PL_EXPORT FILE *fopen64(const char *path, const char *mode)
{
	return do_fopen(path, mode);
}

PL_EXPORT FILE *fdopen(int fd, const char *mode)
{
	FILE *(*real)(int, const char *);

	sm_preload_init();
	if (sm_preload_fd_zfile(fd) && mode && mode_flags(mode) >= 0)
		return fopencookie((void *)(intptr_t)fd, mode, cookie_io);
	real = (FILE *(*)(int, const char *))sm_preload_dlsym("fdopen");
	if (!real) {
		errno = ENOSYS;
		return NULL;
	}
	return real(fd, mode);
}
