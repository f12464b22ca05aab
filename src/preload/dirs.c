// SPDX-License-Identifier: MIT
/*
 * dirs.c - directories: the one table of DIR streams this library
 * watches, and the working directory. A served directory is listed and
 * entered through its stand-in under socmemd's state directory (the path
 * table's dir(), pathres.c reads the stand-in's path back); /dev and
 * /sys/block are the host's, with the host's zram devices replaced by the
 * emulated system's; entries of /dev/dma_heap are character devices.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* ---- the emulated zram devices a listing of /dev or /sys/block adds ---- */

/**
 * struct pl_zlist - the emulated zram devices a listing adds
 * @ids: their ids
 * @n: how many
 * @next: the next to give
 * @blk: /dev (block devices) or /sys/block (links)
 * @ent: what readdir() returns
 */
struct pl_zlist {
	int32_t *ids;
	uint32_t n;
	uint32_t next;
	bool blk;
	struct dirent ent;
};

/* NULL when no emulated system runs: the listing is the host's then */
static struct pl_zlist *zram_list(const char *dir)
{
	struct sm_client_zdev *di = NULL;
	struct pl_zlist *z = NULL;
	size_t n = 0;
	int ret;

	sm_preload_lock();
	if (!sm_preload_client(false))
		goto out;
	ret = PL_ASK(c, sm_daemon_client_zram_devices(c, &di, &n, NULL));
	z = ret ? NULL : calloc(1, sizeof(*z));
	if (z && n && !(z->ids = calloc(n, sizeof(*z->ids)))) {
		free(z);
		z = NULL;
	}
	for (size_t i = 0; z && i < n; i++)
		z->ids[z->n++] = di[i].id;
	if (z)
		z->blk = !strcmp(dir, "/dev");
	free(di);
out:
	sm_preload_unlock();
	return z;
}

static struct dirent *zram_list_next(struct pl_zlist *l)
{
	if (l->next >= l->n)
		return NULL;
	memset(&l->ent, 0, sizeof(l->ent));
	snprintf(l->ent.d_name, sizeof(l->ent.d_name), "zram%d",
		 l->ids[l->next++]);
	l->ent.d_ino = 0x200000000ULL + (ino_t)l->next;
	l->ent.d_reclen = sizeof(l->ent);
	l->ent.d_type = l->blk ? DT_BLK : DT_LNK;
	return &l->ent;
}

static void zram_list_free(struct pl_zlist *l)
{
	if (l)
		free(l->ids);
	free(l);
}


/* ---- DIR streams ---------------------------------------------------------- */

static struct pl_dir *our_dir(DIR *d)
{
	if (!atomic_load_explicit(&pl.ndirs, memory_order_relaxed))
		return NULL;
	for (int i = 0; i < PL_MAX_DIRS; i++)
		if (atomic_load(&pl.dirs[i].d) == d)
			return &pl.dirs[i];
	return NULL;
}

static void track(DIR *d, bool chr, struct pl_zlist *zram)
{
	for (int i = 0; i < PL_MAX_DIRS; i++) {
		DIR *expect = NULL;

		if (atomic_compare_exchange_strong(&pl.dirs[i].d, &expect, d)) {
			pl.dirs[i].chr = chr;
			pl.dirs[i].zram = zram;
			atomic_fetch_add(&pl.ndirs, 1);
			return;
		}
	}
	zram_list_free(zram);
}

/* the host's directories whose zram entries are the emulated system's */
static bool merged_dir(const char *norm)
{
	return !strcmp(norm, "/dev") || !strcmp(norm, "/sys/block") ||
	       !strcmp(norm, "/sys/class/block") ||
	       !strcmp(norm, "/sys/devices/virtual/block");
}

/* /dev and /sys/block: the host's entries, its zram ones replaced */
static DIR *open_merged(const char *name, const char *norm)
{
	struct pl_zlist *z = zram_list(norm);
	DIR *d;

	if (!z)
		return pl_real.opendir(name);
	d = pl_real.opendir(name);
	if (d)
		track(d, false, z);
	else
		zram_list_free(z);
	return d;
}

/* the stand-in of a served directory: its real path into @p */
static int served_dir(const struct pl_path *pp, const char *rest, char *p,
		      size_t len)
{
	char mirror[256];
	int ret;

	sm_preload_lock();
	ret = sm_preload_client(true) ? pp->dir(rest, mirror, sizeof(mirror)) : -ENODEV;
	if (!ret)
		snprintf(p, len, "%s%s%s", mirror[0] == '/' ? "" :
			 pl.state_dir, mirror[0] == '/' ? "" : "/", mirror);
	sm_preload_unlock();
	return ret;
}

PL_EXPORT DIR *opendir(const char *name)
{
	char buf[4096], p[SM_DAEMON_PATH_MAX + 320];
	const struct pl_path *pp;
	const char *rest;
	DIR *d;
	int ret;

	int at = AT_FDCWD;

	sm_preload_init();
	pp = sm_preload_lookup(&at, &name, true, &rest, buf, sizeof(buf), &ret);
	if (!pp && !ret && merged_dir(buf))
		return open_merged(name, buf);
	if (!pp && !ret)
		return pl_real.opendir(name);
	if (!ret)
		ret = served_dir(pp, rest, p, sizeof(p));
	if (ret) {
		errno = -ret;
		return NULL;
	}
	d = pl_real.opendir(p);
	if (d)
		track(d, pp->open == sm_preload_dma_heap_open, NULL);
	return d;
}

/*
 * fdopendir(): find and lsblk list a directory they opened with openat,
 * so the listing is told by the fd's path (a served directory's
 * stand-in, or /dev and /sys/block, merged)
 */
PL_EXPORT DIR *fdopendir(int fd)
{
	DIR *(*real)(int) = (DIR * (*)(int)) sm_preload_dlsym("fdopendir");
	char buf[4096], norm[4096];
	struct pl_zlist *z = NULL;
	DIR *d;
	bool chr;

	sm_preload_init();
	if (!real) {
		errno = ENOSYS;
		return NULL;
	}
	if (sm_preload_resolve(fd, ".", true, buf, sizeof(buf)) != PL_RES_SERVED &&
	    !(sm_preload_path_normalize(buf, norm, sizeof(norm)) && merged_dir(norm)))
		return real(fd);
	chr = !strcmp(buf, "/dev/dma_heap");
	if (!chr && merged_dir(buf))
		z = zram_list(buf);
	d = real(fd);
	if (d && (chr || z))
		track(d, chr, z);
	else
		zram_list_free(z);
	return d;
}

/*
 * Entries of /dev/dma_heap are character devices, sysfs ones as listed;
 * in /dev and /sys/block the host's zram devices are left out and the
 * emulated system's come last.
 */
PL_EXPORT struct dirent *readdir(DIR *d)
{
	struct pl_dir *o;
	struct dirent *e;

	sm_preload_init();
	o = our_dir(d);
	for (;;) {
		e = pl_real.readdir(d);
		if (!e || !o || !o->zram || !sm_preload_zram_name(e->d_name))
			break;
	}
	if (!e && o && o->zram)
		return zram_list_next(o->zram);
	if (e && e->d_name[0] != '.' && o && o->chr)
		e->d_type = DT_CHR;
	return e;
}

PL_EXPORT struct dirent64 *readdir64(DIR *d)
{
	/* 64-bit glibc: struct dirent64 is struct dirent */
	return (struct dirent64 *)readdir(d);
}

PL_EXPORT int closedir(DIR *d)
{
	struct pl_dir *o;

	sm_preload_init();
	o = our_dir(d);
	if (o) {
		zram_list_free(o->zram);
		o->zram = NULL;
		atomic_store(&o->d, NULL);
		atomic_fetch_sub(&pl.ndirs, 1);
	}
	return pl_real.closedir(d);
}

/* a served directory is entered through its stand-in, which relative
 * paths then name (pathres.c), in this process and the ones it execs */
PL_EXPORT int chdir(const char *path)
{
	char buf[4096], p[SM_DAEMON_PATH_MAX + 320];
	const struct pl_path *pp;
	const char *rest;
	int ret;

	int at = AT_FDCWD;

	sm_preload_init();
	pp = sm_preload_lookup(&at, &path, true, &rest, buf, sizeof(buf), &ret);
	if (!pp && !ret)
		return pl_real.chdir(path);
	if (!ret)
		ret = served_dir(pp, rest, p, sizeof(p));
	if (!ret && pl_real.chdir(p))
		ret = -errno;
	return (int)sm_preload_errno(ret);
}

/* the working directory as the emulated system names it */
PL_EXPORT char *getcwd(char *buf, size_t size)
{
	char *ret;

	sm_preload_init();
	ret = pl_real.getcwd ? pl_real.getcwd(buf, size) : NULL;
	if (ret)
		sm_preload_path_unmirror(ret);
	return ret;
}
