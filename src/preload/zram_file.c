// SPDX-License-Identifier: MIT
/*
 * zram_file.c - the path table's row for the emulated zram (zram_paths.c
 * says which paths): open, stat and the directories' stand-ins, each
 * asked of socmemd; a file it serves as this process holds it (made at
 * open or adopted from an inherited fd, its fstat, its release); and the
 * module tree under /lib/modules/<release>/, real files socmemd wrote in
 * its state directory and opened for real. What a file does once open is
 * its kind's: zram_text.c (sysfs and proc text), zram_bdev.c (the block
 * device).
 *
 * Every answer is the emulated system's: nothing here reaches the host's
 * zram devices, swap or modules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "../daemon/sys.h"

/* ---- the module tree: files socmemd wrote, opened for real ---------------- */

/* the state directory's copy of /lib/modules/<uname -r>/@rest (under
 * the lock, like every pl_path callback) */
static int modules_path(const char *rest, char *buf, size_t len)
{
	struct sm_client_zstate s;
	int ret;

	ret = PL_ASK(c, sm_daemon_client_zram_state(c, &s));
	if (ret)
		return ret;
	/* a path that does not fit is one no real file has */
	if ((size_t)snprintf(buf, len, "%s/lib/modules/%s%s", pl.state_dir,
			     s.release, rest) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* ---- open, stat, directories -------------------------------------------------- */

/* a served directory: its stand-in, whose path pathres.c reads back */
static int open_mirror(const char *mirror, int flags, mode_t mode)
{
	char p[SM_DAEMON_PATH_MAX + SM_ZRAM_PATH_MAX + 8];
	int fd;

	snprintf(p, sizeof(p), "%s/%.*s", pl.state_dir, SM_ZRAM_PATH_MAX - 1,
		 mirror);
	fd = pl_real.openat(AT_FDCWD, p, flags, mode);
	return fd < 0 ? -errno : fd;
}

static struct pl_file *zfile_new(const struct sm_client_zfile *zf, int fd)
{
	const struct pl_kind *k = zf->type == SM_ZFILE_BDEV ? &pl_kind_zbdev :
							       &pl_kind_zfile;
	struct pl_zfile *z = calloc(1, sizeof(*z));
	struct pl_file *f;
	struct stat st;

	if (!z)
		return NULL;
	f = sm_preload_file_new(k, 0, (int)(zf->flags & ~(O_CREAT | O_EXCL | O_NOCTTY |
						   O_TRUNC | O_CLOEXEC)) |
				      O_LARGEFILE);
	if (!f) {
		free(z);
		return NULL;
	}
	z->f = *zf;
	f->z = z;
	f->refs = 1;
	if (fd >= 0 && !sm_sys_fstat(fd, &st))
		f->ino = st.st_ino;
	return f;
}

int sm_preload_zram_open(const char *path, int flags, mode_t mode)
{
	static struct sm_client_zfile zf;	/* under the lock */
	const char *rest = sm_preload_zram_modules_rest(path);
	char p[SM_DAEMON_PATH_MAX + 256];
	struct pl_file *f;
	int fd = -1, ret;

	if (rest) {	/* kmod's files: real files, opened for real */
		ret = modules_path(rest, p, sizeof(p));
		if (ret)
			return ret;
		fd = pl_real.openat(AT_FDCWD, p, flags, mode);
		return fd < 0 ? -errno : fd;
	}
	ret = PL_ASK(c, sm_daemon_client_zram_open(c, path, flags, flags & O_CLOEXEC,
						   &zf, &fd));
	if (ret)
		return ret;
	if (zf.type == SM_ZFILE_DIR)
		return open_mirror(zf.mirror, flags, mode);
	f = zfile_new(&zf, fd);
	if (!f || sm_preload_fd_set(fd, f)) {
		sm_preload_file_put(f);
		sm_sys_close(fd);
		return -ENOMEM;
	}
	return fd;
}

static void fill_stat(const struct sm_client_zstat *zs, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	/* devtmpfs for the device, sysfs or proc for the rest */
	st->st_dev = S_ISBLK(zs->mode) ? makedev(0, 5) : makedev(0, 21);
	st->st_ino = (ino_t)zs->ino;
	st->st_mode = zs->mode;
	st->st_nlink = zs->nlink;
	st->st_uid = zs->uid;
	st->st_gid = zs->gid;
	st->st_rdev = (dev_t)zs->rdev;
	st->st_size = (off_t)zs->size;
	st->st_blksize = PL_PAGE_SIZE;
	st->st_blocks = 0;
	st->st_atime = st->st_mtime = st->st_ctime = (time_t)zs->time;
}

/* the daemon's stat of @path, and its mirror when it is a directory */
static int zstat(const char *path, struct sm_client_zstat *zs)
{
	return PL_ASK(c, sm_daemon_client_zram_stat(c, path, zs));
}

int sm_preload_zram_stat(const char *path, struct stat *st)
{
	const char *rest = sm_preload_zram_modules_rest(path);
	char p[SM_DAEMON_PATH_MAX + 256];
	struct sm_client_zstat zs;
	int ret;

	if (rest) {
		ret = modules_path(rest, p, sizeof(p));
		if (!ret && stat(p, st))
			ret = -errno;
		return ret;
	}
	ret = zstat(path, &zs);
	if (!ret)
		fill_stat(&zs, st);
	return ret;
}

int sm_preload_zram_dir(const char *path, char *mirror, size_t len)
{
	const char *rest = sm_preload_zram_modules_rest(path);
	struct sm_client_zstat zs;
	int ret;

	if (rest)
		return modules_path(rest, mirror, len);
	ret = zstat(path, &zs);
	if (ret)
		return ret;
	if (!S_ISDIR(zs.mode))
		return -ENOTDIR;
	snprintf(mirror, len, "%s", zs.mirror);
	return 0;
}

int sm_preload_zfile_fstat(struct pl_file *f, struct stat *st)
{
	bool bdev = f->z->f.type == SM_ZFILE_BDEV;
	struct sm_client_zstat zs = {
		.mode = f->z->f.mode,
		.nlink = 1,
		/* sysfs shows an attribute as a page; proc files as empty */
		.size = f->z->f.type == SM_ZFILE_ATTR ? PL_PAGE_SIZE : 0,
		.gid = bdev ? 6 : 0,	/* disk */
		.rdev = bdev ? makedev(SM_ZRAM_MAJOR, (unsigned int)f->z->f.dev) :
			       0,
		.ino = f->z->f.ino,
	};

	if (pl.client)
		zs.time = sm_daemon_hello(pl.client)->started;
	fill_stat(&zs, st);
	return 0;
}

/* read(2) and write(2): the kind's pread and pwrite at the file
 * position, which moves by what moved */
ssize_t sm_preload_zfile_read(struct pl_file *f, void *buf, size_t n)
{
	ssize_t ret = f->kind->pread(f, buf, n, (off_t)f->z->pos);

	if (ret > 0)
		f->z->pos += (uint64_t)ret;
	return ret;
}

ssize_t sm_preload_zfile_write(struct pl_file *f, const void *buf, size_t n)
{
	ssize_t ret = f->kind->pwrite(f, buf, n, (off_t)f->z->pos);

	if (ret > 0)
		f->z->pos += (uint64_t)ret;
	return ret;
}

/* a handle this process inherited or was passed (sm_preload_identify()) */
struct pl_file *sm_preload_zfile_adopt(uint64_t ino,
				       const struct sm_client_handle *h)
{
	struct pl_file *f;

	if (h->zfile.type == SM_ZFILE_DIR)
		return NULL;	/* no handle is a directory */
	f = zfile_new(&h->zfile, -1);
	if (f) {
		f->ino = ino;
		f->refs = 0;	/* sm_preload_identify() counts the fd */
	}
	return f;
}

void sm_preload_zfile_release(struct pl_file *f)
{
	if (f->z)
		free(f->z->text);
	free(f->z);
	f->z = NULL;
}
