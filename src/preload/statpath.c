// SPDX-License-Identifier: MIT
/*
 * statpath.c - stat and access on the served paths, so that tools that
 * look before they open (`ls /dev/dma_heap`, `test -c`, `test -b
 * /dev/zram0`) see what devtmpfs, sysfs and procfs show on the device
 * (each path table row's stat(): dmaheap.c, zram.c). Every other path
 * goes to the real libc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "internal.h"

struct pl_statpath_real {
	int (*fstatat)(int, const char *, struct stat *, int);
	int (*statx)(int, const char *, int, unsigned int, struct statx *);
	int (*faccessat)(int, const char *, int, int);
};

/* entry points glibc no longer declares (programs built before 2.33) */
int __xstat(int ver, const char *path, struct stat *st);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);

static struct pl_statpath_real real;

/* "" (with AT_EMPTY_PATH: the fd itself); NULL is that too since 6.11 */
static bool empty_path(const char *path)
{
	return !path || !*path;
}
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_real(void)
{
	pl_init();
	real.fstatat = pl_dlsym("fstatat");
	real.statx = pl_dlsym("statx");
	real.faccessat = pl_dlsym("faccessat");
}

/*
 * @path (relative to @dirfd) is ours: 1 and @st filled, or a negative
 * errno; 0 if it is not a served path at all.
 */
static int served_stat(int dirfd, const char *path, struct stat *st)
{
	const struct pl_path *pp;
	const char *rest;
	char buf[4096];
	int ret;

	pp = pl_match_at(dirfd, path, &rest, buf, sizeof(buf));
	if (!pp)
		return 0;
	pl_lock();
	ret = pl_client(true) ? pp->stat(rest, st) : -ENODEV;
	pl_unlock();
	return ret ? ret : 1;
}

static int do_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	int ret;

	pthread_once(&once, init_real);
	if (empty_path(path) && (flags & AT_EMPTY_PATH))
		return fstat(dirfd, st);
	ret = served_stat(dirfd, path, st);
	if (!ret)
		return real.fstatat(dirfd, path, st, flags);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}

PL_EXPORT int stat(const char *path, struct stat *st)
{
	return do_fstatat(AT_FDCWD, path, st, 0);
}

PL_EXPORT int stat64(const char *path, struct stat64 *st)
{
	return do_fstatat(AT_FDCWD, path, (struct stat *)st, 0);
}

PL_EXPORT int lstat(const char *path, struct stat *st)
{
	return do_fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

PL_EXPORT int lstat64(const char *path, struct stat64 *st)
{
	return do_fstatat(AT_FDCWD, path, (struct stat *)st,
			  AT_SYMLINK_NOFOLLOW);
}

PL_EXPORT int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return do_fstatat(dirfd, path, st, flags);
}

PL_EXPORT int fstatat64(int dirfd, const char *path, struct stat64 *st,
			int flags)
{
	return do_fstatat(dirfd, path, (struct stat *)st, flags);
}

/* programs built against glibc < 2.33 call these */
PL_EXPORT int __xstat(int ver, const char *path, struct stat *st)
{
	(void)ver;
	return do_fstatat(AT_FDCWD, path, st, 0);
}

PL_EXPORT int __xstat64(int ver, const char *path, struct stat64 *st)
{
	(void)ver;
	return do_fstatat(AT_FDCWD, path, (struct stat *)st, 0);
}

PL_EXPORT int __lxstat(int ver, const char *path, struct stat *st)
{
	(void)ver;
	return do_fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

PL_EXPORT int __lxstat64(int ver, const char *path, struct stat64 *st)
{
	(void)ver;
	return do_fstatat(AT_FDCWD, path, (struct stat *)st,
			  AT_SYMLINK_NOFOLLOW);
}

static void to_statx(const struct stat *st, struct statx *x)
{
	memset(x, 0, sizeof(*x));
	x->stx_mask = STATX_BASIC_STATS;
	x->stx_blksize = (uint32_t)st->st_blksize;
	x->stx_nlink = (uint32_t)st->st_nlink;
	x->stx_uid = st->st_uid;
	x->stx_gid = st->st_gid;
	x->stx_mode = (uint16_t)st->st_mode;
	x->stx_ino = st->st_ino;
	x->stx_size = (uint64_t)st->st_size;
	x->stx_blocks = (uint64_t)st->st_blocks;
	x->stx_rdev_major = major(st->st_rdev);
	x->stx_rdev_minor = minor(st->st_rdev);
	x->stx_dev_major = major(st->st_dev);
	x->stx_dev_minor = minor(st->st_dev);
	x->stx_atime.tv_sec = st->st_atime;
	x->stx_mtime.tv_sec = st->st_mtime;
	x->stx_ctime.tv_sec = st->st_ctime;
}

PL_EXPORT int statx(int dirfd, const char *path, int flags, unsigned int mask,
		    struct statx *x)
{
	struct stat st;
	int ret;

	pthread_once(&once, init_real);
	if (empty_path(path) && (flags & AT_EMPTY_PATH) && pl_fd_peek(dirfd)) {
		if (fstat(dirfd, &st))
			return -1;
		to_statx(&st, x);
		return 0;
	}
	ret = served_stat(dirfd, path, &st);
	if (!ret)
		return real.statx(dirfd, path, flags, mask, x);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	to_statx(&st, x);
	return 0;
}

static int do_faccessat(int dirfd, const char *path, int mode, int flags)
{
	struct stat st;
	int ret;

	pthread_once(&once, init_real);
	ret = served_stat(dirfd, path, &st);
	if (!ret)
		return real.faccessat(dirfd, path, mode, flags);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	/* a heap is no program: X_OK only on the directory */
	if ((mode & X_OK) && !S_ISDIR(st.st_mode)) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

PL_EXPORT int access(const char *path, int mode)
{
	return do_faccessat(AT_FDCWD, path, mode, 0);
}

PL_EXPORT int faccessat(int dirfd, const char *path, int mode, int flags)
{
	return do_faccessat(dirfd, path, mode, flags);
}

/* devtmpfs nodes carry no extended attributes (ls -l asks for them) */
static ssize_t no_xattr(const char *path, const char *fn, bool list,
			const char *name, void *value, size_t size)
{
	struct stat st;
	int ret;

	pthread_once(&once, init_real);
	ret = served_stat(AT_FDCWD, path, &st);
	if (!ret) {
		if (list) {
			ssize_t (*f)(const char *, char *, size_t) = pl_dlsym(fn);

			return f ? f(path, value, size) : -1;
		} else {
			ssize_t (*f)(const char *, const char *, void *,
				     size_t) = pl_dlsym(fn);

			return f ? f(path, name, value, size) : -1;
		}
	}
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	if (list)
		return 0;
	errno = ENODATA;
	return -1;
}

PL_EXPORT ssize_t getxattr(const char *path, const char *name, void *value,
			   size_t size)
{
	return no_xattr(path, "getxattr", false, name, value, size);
}

PL_EXPORT ssize_t lgetxattr(const char *path, const char *name, void *value,
			    size_t size)
{
	return no_xattr(path, "lgetxattr", false, name, value, size);
}

PL_EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
	return no_xattr(path, "listxattr", true, NULL, list, size);
}

PL_EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
	return no_xattr(path, "llistxattr", true, NULL, list, size);
}
