// SPDX-License-Identifier: MIT
/*
 * svc_files.c - the files socmemd serves, routed by path to the service
 * that owns them (svc_files.h), and the rules they all follow.
 *
 * Open rules of kernfs, procfs and debugfs: a file opened O_CREAT|O_EXCL
 * is EEXIST; a directory opened for writing is EISDIR, a file opened
 * O_DIRECTORY ENOTDIR; a name that does not exist is ENOENT, and creating
 * one is EACCES (none of them can create files); where the filesystem
 * checks the mode even for root (kernfs: an attribute without show() or
 * store(); debugfs), a mode without the access asked for is EACCES.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "svc_files.h"

void sm_daemon_svc_text_printf(struct sm_svc_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len >= t->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < t->cap - t->len ? (size_t)n :
							  t->cap - t->len - 1;
}

/* the service whose files @path is among, or NULL */
static const struct sm_svc_files *owner(struct smd *d, const char *path)
{
	for (unsigned int i = 0; i < SM_SVC_MAX; i++) {
		const struct smd_service *s = smd_services[i];

		for (unsigned int j = 0; s && s->files && s->files[j]; j++)
			if (s->files[j]->owns(d, path))
				return s->files[j];
	}
	return NULL;
}

int sm_daemon_svc_files_stat(struct smd *d, const char *path,
			     struct sm_zram_stat *st)
{
	const struct sm_svc_files *t = owner(d, path);

	return t ? t->stat(d, path, st) : -ENOENT;
}

static int may_open(const struct sm_svc_files *t,
		    const struct sm_zram_stat *st, uint32_t flags)
{
	int acc = (int)(flags & O_ACCMODE);
	bool rd = acc != O_WRONLY, wr = acc != O_RDONLY;

	if ((flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if (S_ISDIR(st->mode))
		return wr ? -EISDIR : 0;
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	if (S_ISBLK(st->mode) || !t->mode_checked)
		return 0;	/* root may open them either way */
	if ((rd && !(st->mode & 0444)) || (wr && !(st->mode & 0222)))
		return -EACCES;
	return 0;
}

int sm_daemon_svc_files_open(struct smd *d, const char *path, uint32_t flags,
			     struct sm_zram_file *f)
{
	const struct sm_svc_files *t = owner(d, path);
	struct sm_zram_stat st;
	int ret = t ? t->stat(d, path, &st) : -ENOENT;

	if (ret)
		return ret == -ENOENT && (flags & O_CREAT) ? -EACCES : ret;
	ret = may_open(t, &st, flags);
	if (ret)
		return ret;
	memset(f, 0, sizeof(*f));
	f->type = S_ISDIR(st.mode) ? SM_ZFILE_DIR :
		  S_ISBLK(st.mode) ? SM_ZFILE_BDEV : t->file_type;
	f->dev = S_ISBLK(st.mode) ? (int32_t)minor(st.rdev) : -1;
	f->mode = st.mode;
	f->flags = flags;
	f->ino = st.ino;
	snprintf(f->path, sizeof(f->path), "%s", path);
	snprintf(f->mirror, sizeof(f->mirror), "%s", st.mirror);
	return 0;
}

ssize_t sm_daemon_svc_files_read(struct smd *d, const char *path, char *buf,
				 size_t len)
{
	const struct sm_svc_files *t = owner(d, path);
	ssize_t ret = t ? t->read(d, path, buf, len) : -ENOENT;

	return ret == -ENOENT ? -ENODEV : ret;
}

ssize_t sm_daemon_svc_files_write(struct smd *d, const char *path,
				  const char *buf, size_t len)
{
	const struct sm_svc_files *t = owner(d, path);
	ssize_t ret = t ? t->write(d, path, buf, len) : -ENOENT;

	return ret == -ENOENT ? -ENODEV : ret;
}

int sm_daemon_svc_files_mirror_sync(struct smd *d)
{
	char sys[4096];
	int ret;

	if (sm_daemon_state_path(d->cfg.state_dir, "sys", sys, sizeof(sys)))
		return -ENAMETOOLONG;
	ret = sm_daemon_state_rmtree(sys);
	if (!ret)
		ret = sm_daemon_svc_files_mk(d->cfg.state_dir, "sys", true);
	for (unsigned int i = 0; !ret && i < SM_SVC_MAX; i++) {
		const struct smd_service *s = smd_services[i];

		for (unsigned int j = 0; !ret && s && s->files && s->files[j]; j++)
			if (s->files[j]->mirror)
				ret = s->files[j]->mirror(d, sys);
	}
	return ret;
}

/* ---- what the tables share ------------------------------------------------ */

/* FNV-1a of the path: stable for a path across opens and runs */
static uint64_t path_ino(const char *p)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *p; p++)
		h = (h ^ (uint8_t)*p) * 1099511628211ULL;
	return (h & 0xffffffffULL) | 0x100000000ULL;
}

void sm_daemon_svc_files_stat_init(struct smd *d, const char *path,
				   uint32_t mode, struct sm_zram_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->mode = mode;
	st->nlink = 1;
	st->ino = path_ino(path);
	st->time = d->started;
}

void sm_daemon_svc_files_stat_dir(struct smd *d, const char *path,
				  const char *mirror, struct sm_zram_stat *st)
{
	sm_daemon_svc_files_stat_init(d, path, S_IFDIR | 0755, st);
	st->nlink = 2;
	snprintf(st->mirror, sizeof(st->mirror), "%s", mirror);
}

int sm_daemon_svc_files_mk(const char *dir, const char *name, bool is_dir)
{
	char p[4096 + 256];
	int fd;

	if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, name) >= sizeof(p))
		return -ENAMETOOLONG;
	if (is_dir)
		return mkdir(p, 0700) && errno != EEXIST ? -errno : 0;
	fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

int sm_daemon_svc_files_mk_areas(struct smd *d, const char *sys,
				 const char *rel, const char *const *names,
				 size_t n)
{
	char dir[4096 + 128], area[4096 + 256];
	const char *part = rel;
	int ret = 0;

	snprintf(dir, sizeof(dir), "%s", sys);
	while (!ret && *part) {	/* each component of @rel in turn */
		size_t len = strcspn(part, "/");
		char name[256];

		snprintf(name, sizeof(name), "%.*s", (int)len, part);
		ret = sm_daemon_svc_files_mk(dir, name, true);
		snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/%s",
			 name);
		part += len + (part[len] == '/');
	}
	for (size_t i = 0; !ret && i < sm_mm_cma_count(d->sys); i++) {
		const char *area_name = sm_mm_cma_name(sm_mm_cma_at(d->sys, i));

		ret = sm_daemon_svc_files_mk(dir, area_name, true);
		snprintf(area, sizeof(area), "%s/%s", dir, area_name);
		for (size_t f = 0; !ret && f < n; f++)
			ret = sm_daemon_svc_files_mk(area, names[f], false);
	}
	return ret;
}

int sm_daemon_svc_files_area_resolve(struct smd *d, const char *rest,
				     const char *const *names, size_t n,
				     struct sm_cma **cma, int *file)
{
	const char *slash;
	char name[64];
	size_t l;

	*cma = NULL;
	*file = -1;
	if (!*rest)
		return 0;
	rest++;			/* the '/' */
	slash = strchr(rest, '/');
	l = slash ? (size_t)(slash - rest) : strlen(rest);
	if (l >= sizeof(name))
		return -ENOENT;
	snprintf(name, sizeof(name), "%.*s", (int)l, rest);
	*cma = sm_mm_cma_find(d->sys, name);
	if (!*cma)
		return -ENOENT;
	if (slash) {
		*file = sm_daemon_svc_files_name_at(names, n, slash + 1);
		if (*file < 0)
			return -ENOENT;
	}
	return 0;
}

int sm_daemon_svc_files_name_at(const char *const *names, size_t n,
				const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}
