// SPDX-License-Identifier: MIT
/*
 * statpath.c - stat and access on the served paths, so that tools that
 * look before they open (`ls /dev/dma_heap`, `test -c`, `test -b
 * /dev/zram0`) see what devtmpfs, sysfs and procfs show on the device
 * (each path table row's stat(): dmaheap.c, zram_file.c); and the sysfs links
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
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "internal.h"

/* entry points glibc no longer declares (programs built before 2.33) */
int __xstat(int ver, const char *path, struct stat *st);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);

/* "" (with AT_EMPTY_PATH: the fd itself); NULL is that too since 6.11 */
static bool empty_path(const char *path)
{
	return !path || ((uintptr_t)path >= 4096 && !*path);
}

#define SERVED_LINK 2
#define SERVED_LINK_MAX 128
#define PATH_BUF 4096

/*
 * What @path (relative to @dirfd) is among the served paths: 0 none; a
 * negative errno; 1 a file or directory, @st filled. With @link (lstat,
 * readlink: the link itself is wanted), SERVED_LINK for a sysfs link to
 * a served device: its text in @link, @st the link's own (sysfs links
 * are 0777 and of size 0). "link/" names what the link points at.
 */
/* @path's last component is a name, not "", "/", "." or ".." */
static bool names_link(const char *path)
{
	const char *s;
	size_t l;

	if ((uintptr_t)path < 4096 || !*path)
		return false;
	l = strlen(path);
	if (path[l - 1] == '/')
		return false;
	s = strrchr(path, '/');
	s = s ? s + 1 : path;
	return strcmp(s, ".") && strcmp(s, "..");
}

static int served_lookup(int *dirfd, const char **path, char buf[PATH_BUF],
			 struct stat *st, char link[SERVED_LINK_MAX])
{
	const struct pl_path *pp;
	const char *rest;
	char dir[64];
	int ret;

	*path = PL_OPAQUE(*path);
	if (link && !names_link(*path))
		link = NULL;	/* "link/", "link/.": what it points at */
	ret = sm_preload_resolve(*dirfd, *path, !link, buf, PATH_BUF);
	if (ret == PL_RES_RENAMED) {	/* the host's, by that name */
		*dirfd = AT_FDCWD;
		*path = buf;
		return 0;
	}
	if (ret != PL_RES_SERVED)
		return ret;
	if (link && sm_preload_zram_link(buf, link, SERVED_LINK_MAX, dir, sizeof(dir))) {
		if (sm_preload_zram_match(dir)) {
			sm_preload_lock();
			ret = sm_preload_client(true) ? sm_preload_zram_stat(dir, st) : -ENODEV;
			sm_preload_unlock();
		} else {	/* subsystem: the host's /sys/class/block */
			ret = pl_real.fstatat(AT_FDCWD, dir, st, 0) ? -errno : 0;
		}
		if (ret)
			return ret;
		st->st_mode = S_IFLNK | 0777;
		st->st_size = 0;
		st->st_nlink = 1;
		st->st_blocks = 0;
		return SERVED_LINK;
	}
	pp = sm_preload_match_normalized(buf, PATH_BUF, &rest);
	if (!pp)
		return 0;
	sm_preload_lock();
	ret = sm_preload_client(true) ? pp->stat(rest, st) : -ENODEV;
	sm_preload_unlock();
	return ret ? ret : 1;
}

/* served_lookup() for the stat family: 1, a negative errno, or 0 */
static int served_stat(int *dirfd, const char **path, char buf[PATH_BUF],
		       struct stat *st, int flags)
{
	char link[SERVED_LINK_MAX];
	int ret = served_lookup(dirfd, path, buf, st,
				(flags & AT_SYMLINK_NOFOLLOW) ? link : NULL);

	return ret == SERVED_LINK ? 1 : ret;
}

static int do_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	char buf[PATH_BUF];
	struct stat mine;
	int ret;

	path = PL_OPAQUE(path);
	sm_preload_init();
	if (empty_path(path) && (flags & AT_EMPTY_PATH))
		return fstat(dirfd, st);
	ret = served_stat(&dirfd, &path, buf, &mine, flags);
	if (!ret)
		return pl_real.fstatat(dirfd, path, st, flags);
	if (ret > 0 && sm_preload_copy_out(st, &mine, sizeof(mine)))
		ret = -EFAULT;
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
	char buf[PATH_BUF];
	struct statx mine;
	struct stat st;
	int ret;

	path = PL_OPAQUE(path);
	sm_preload_init();
	if (empty_path(path) && (flags & AT_EMPTY_PATH) && sm_preload_fd_peek(dirfd)) {
		if (fstat(dirfd, &st))
			return -1;
		ret = 1;
	} else {
		ret = served_stat(&dirfd, &path, buf, &st, flags);
		if (!ret)
			return pl_real.statx(dirfd, path, flags, mask, x);
	}
	if (ret > 0) {
		to_statx(&st, &mine);
		if (sm_preload_copy_out(x, &mine, sizeof(mine)))
			ret = -EFAULT;
	}
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}

static int do_faccessat(int dirfd, const char *path, int mode, int flags)
{
	char buf[PATH_BUF];
	struct stat st;
	int ret;

	sm_preload_init();
	ret = served_stat(&dirfd, &path, buf, &st, flags);
	if (!ret)
		return pl_real.faccessat(dirfd, path, mode, flags);
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
	char buf[PATH_BUF];
	struct stat st;
	int dirfd = AT_FDCWD, ret;

	sm_preload_init();
	ret = served_stat(&dirfd, &path, buf, &st, 0);
	if (!ret) {
		if (list) {
			ssize_t (*f)(const char *, char *, size_t) = sm_preload_dlsym(fn);

			return f ? f(path, value, size) : -1;
		} else {
			ssize_t (*f)(const char *, const char *, void *,
				     size_t) = sm_preload_dlsym(fn);

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

/*
 * /proc/self/fd/N, /proc/PID/cwd: a served directory is open through its
 * stand-in under the state directory; name it as the served directory
 * (systemd checks that a device's directory it opened is under /sys)
 */
static ssize_t proc_link(ssize_t n, char *buf, size_t size)
{
	char t[PATH_BUF];

	if (n <= 0 || (size_t)n >= sizeof(t) || buf[0] != '/')
		return n;
	memcpy(t, buf, (size_t)n);
	t[n] = '\0';
	sm_preload_path_unmirror(t);
	if (strlen(t) == (size_t)n)
		return n;
	n = (ssize_t)strlen(t);
	memcpy(buf, t, (size_t)n);
	return n;
}

static ssize_t do_readlinkat(int dirfd, const char *path, char *buf,
			     size_t size)
{
	char link[SERVED_LINK_MAX], name[PATH_BUF];
	struct stat st;
	size_t n;
	int ret;

	sm_preload_init();
	ret = served_lookup(&dirfd, &path, name, &st, link);
	if (!ret)
		return proc_link(pl_real.readlinkat(dirfd, path, buf, size), buf,
				 size);
	if (ret == SERVED_LINK && !size)
		ret = -EINVAL;	/* readlink(2) with bufsiz 0 */
	if (ret != SERVED_LINK) {
		/* every other served path is a file or directory: EINVAL */
		errno = ret < 0 ? -ret : EINVAL;
		return -1;
	}
	n = strlen(link);
	if (n > size)
		n = size;	/* readlink(2) truncates silently */
	if (sm_preload_copy_out(buf, link, n)) {
		errno = EFAULT;
		return -1;
	}
	return (ssize_t)n;
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

/* ---- statfs: the filesystem a served path is on ------------------------ */

#define SYSFS_MAGIC_ 0x62656572
#define PROC_MAGIC_ 0x9fa0
#define TMPFS_MAGIC_ 0x01021994

static long fs_magic(const char *served)
{
	return !strncmp(served, "/sys/", 5) ? SYSFS_MAGIC_ :
	       !strncmp(served, "/proc/", 6) ? PROC_MAGIC_ : TMPFS_MAGIC_;
}

/* @fd's served path (a served file, or a stand-in directory) into @p */
static bool fd_served_path(int fd, char *p, size_t len)
{
	struct pl_file *f = sm_preload_fd_peek(fd);
	char link[40];
	ssize_t n;

	if (f && f != PL_INTERNAL && f->z) {
		snprintf(p, len, "%s", f->z->f.path);
		return true;
	}
	if (f)
		return false;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = syscall(SYS_readlinkat, AT_FDCWD, link, p, len - 1);
	if (n <= 0)
		return false;
	p[n] = '\0';
	n = (ssize_t)strlen(p);
	sm_preload_path_unmirror(p);
	return strlen(p) != (size_t)n;
}

/* what the host's procfs, devtmpfs or sysfs says of itself, with the
 * magic of the filesystem @served is on */
static int served_statfs(const char *served, struct statfs *sf)
{
	int (*r)(const char *, struct statfs *) = sm_preload_dlsym("statfs");
	struct statfs mine;

	if (r(!strncmp(served, "/proc/", 6) ? "/proc" :
	      !strncmp(served, "/dev", 4) ? "/dev" : "/sys", &mine))
		return -1;
	mine.f_type = fs_magic(served);
	if (sm_preload_copy_out(sf, &mine, sizeof(mine))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

static int do_fstatfs(int fd, struct statfs *sf)
{
	int (*r)(int, struct statfs *) = sm_preload_dlsym("fstatfs");
	char p[PATH_BUF];

	sm_preload_init();
	if (!fd_served_path(fd, p, sizeof(p)))
		return r(fd, sf);
	return served_statfs(p, sf);
}

PL_EXPORT int fstatfs(int fd, struct statfs *sf)
{
	return do_fstatfs(fd, sf);
}

PL_EXPORT int fstatfs64(int fd, struct statfs64 *sf)
{
	return do_fstatfs(fd, (struct statfs *)sf);
}

static int do_statfs(const char *path, struct statfs *sf)
{
	int (*r)(const char *, struct statfs *) = sm_preload_dlsym("statfs");
	char buf[PATH_BUF];
	int ret;

	sm_preload_init();
	ret = sm_preload_resolve(AT_FDCWD, PL_OPAQUE(path), true, buf,
				 sizeof(buf));
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	if (ret != PL_RES_SERVED)
		return r(ret == PL_RES_RENAMED ? buf : path, sf);
	return served_statfs(buf, sf);
}

PL_EXPORT int statfs(const char *path, struct statfs *sf)
{
	return do_statfs(path, sf);
}

PL_EXPORT int statfs64(const char *path, struct statfs64 *sf)
{
	return do_statfs(path, (struct statfs *)sf);
}
