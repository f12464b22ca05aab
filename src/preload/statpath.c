// SPDX-License-Identifier: MIT
/*
 * statpath.c - stat and access on the served paths, so that tools that
 * look before they open (`ls /dev/dma_heap`, `test -c`, `test -b
 * /dev/zram0`) see what devtmpfs, sysfs and procfs show on the device
 * (each path table row's stat(): dmaheap.c, zram.c); and the sysfs links
 * to a served device (lstat, readlink: util-linux finds a block device's
 * name by reading /sys/dev/block/MAJ:MIN). Every other path goes to the
 * real libc.
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
	ssize_t (*readlinkat)(int, const char *, char *, size_t);
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
	real.readlinkat = pl_dlsym("readlinkat");
	real.statx = pl_dlsym("statx");
	real.faccessat = pl_dlsym("faccessat");
}

/*
 * @path (relative to @dirfd) is ours: 1 and @st filled, or a negative
 * errno; 0 if it is not a served path at all.
 */
/*
 * @path (relative to @dirfd) is a sysfs link to a served device: its
 * length and text in @target (and, with @st, the link's own stat: sysfs
 * links are 0777 and of size 0), a negative errno when the device does
 * not exist; 0 if it is no such link.
 */
static ssize_t served_link(int dirfd, const char *path, char *target,
			   size_t len, struct stat *st)
{
	char buf[4096], dir[64];
	struct stat d;
	size_t n;
	int ret;

	/* "link/" names what the link points at */
	if (!path || !*path || path[strlen(path) - 1] == '/' ||
	    !pl_normalize_at(dirfd, path, buf, sizeof(buf)))
		return 0;
	n = pl_zram_link(buf, target, len, dir, sizeof(dir));
	if (!n)
		return 0;
	pl_lock();
	ret = pl_client(true) ? pl_zram_stat(dir, &d) : -ENODEV;
	pl_unlock();
	if (ret)
		return ret;
	if (st) {
		*st = d;
		st->st_mode = S_IFLNK | 0777;
		st->st_size = 0;
		st->st_nlink = 1;
		st->st_blocks = 0;
	}
	return (ssize_t)n;
}

static int served_stat(int dirfd, const char *path, struct stat *st,
		       int flags)
{
	const struct pl_path *pp;
	const char *rest;
	char buf[4096];
	ssize_t link;
	int ret;

	if (flags & AT_SYMLINK_NOFOLLOW) {
		link = served_link(dirfd, path, buf, sizeof(buf), st);
		if (link)
			return link < 0 ? (int)link : 1;
	}
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
	ret = served_stat(dirfd, path, st, flags);
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
	ret = served_stat(dirfd, path, &st, flags);
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
	ret = served_stat(dirfd, path, &st, flags);
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
	ret = served_stat(AT_FDCWD, path, &st, 0);
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

static ssize_t do_readlinkat(int dirfd, const char *path, char *buf,
			     size_t size)
{
	char target[128];
	struct stat st;
	ssize_t n;

	pthread_once(&once, init_real);
	n = served_link(dirfd, path, target, sizeof(target), NULL);
	if (!n) {
		/* every other served path is a file or directory: EINVAL */
		n = served_stat(dirfd, path, &st, 0);
		if (!n)
			return real.readlinkat(dirfd, path, buf, size);
		errno = n < 0 ? (int)-n : EINVAL;
		return -1;
	}
	if (n < 0) {
		errno = (int)-n;
		return -1;
	}
	if ((size_t)n > size)
		n = (ssize_t)size;	/* readlink(2) truncates silently */
	memcpy(buf, target, (size_t)n);
	return n;
}

PL_EXPORT ssize_t readlink(const char *path, char *buf, size_t size)
{
	return do_readlinkat(AT_FDCWD, path, buf, size);
}

PL_EXPORT ssize_t readlinkat(int dirfd, const char *path, char *buf,
			     size_t size)
{
	return do_readlinkat(dirfd, path, buf, size);
}
