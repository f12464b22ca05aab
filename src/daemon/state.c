// SPDX-License-Identifier: MIT
/*
 * state.c - the state directory: where it is ($SOCMEM_STATE, else
 * $XDG_RUNTIME_DIR/socmem, else ${TMPDIR:-/tmp}/socmem-<uid>), that it is private
 * (a directory of ours, mode 0700, not a symlink), and what lives in it:
 * the socket, the daemon's lock and pid files, and the mirrors the
 * served directories are listed from (dev/dma_heap, sys/..., and the
 * lib/modules tree kmod reads).
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int sm_daemon_state_dir(char *buf, size_t len, struct sm_diag *diag)
{
	const char *s = getenv("SOCMEM_STATE");
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	int n;

	if (s && *s)
		n = snprintf(buf, len, "%s", s);
	else if (xdg && *xdg)
		n = snprintf(buf, len, "%s/socmem", xdg);
	else	/* checked before use: sm_daemon_state_prepare() */
		n = snprintf(buf, len, "%s/socmem-%u",
			     getenv("TMPDIR") && *getenv("TMPDIR") == '/' ?
				     getenv("TMPDIR") : "/tmp",
			     (unsigned)getuid());
	/* the socket's path must fit sun_path */
	if (n < 0 || (size_t)n + sizeof("/" SMD_SOCKET) > len ||
	    (size_t)n + sizeof("/" SMD_SOCKET) > SM_DAEMON_PATH_MAX)
		return sm_dt_diag_set(diag, -ENAMETOOLONG,
				      "state directory %s: path too long for a "
				      "unix socket (set SOCMEM_STATE)", buf);
	return 0;
}

int sm_daemon_state_path(const char *dir, const char *name, char *buf,
			 size_t len)
{
	int n = snprintf(buf, len, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int sm_daemon_state_prepare(const char *dir, bool create, struct sm_diag *diag)
{
	struct stat st;

	if (create && mkdir(dir, 0700) && errno != EEXIST)
		return sm_dt_diag_set(diag, -errno, "state directory %s: %s", dir,
				      strerror(errno));
	if (lstat(dir, &st))
		return sm_dt_diag_set(diag, -errno, "state directory %s: %s", dir,
				      strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return sm_dt_diag_set(diag, -ENOTDIR,
				      "state directory %s: not a directory", dir);
	if (st.st_uid != getuid() || (st.st_mode & 077))
		return sm_dt_diag_set(diag, -EPERM,
				      "state directory %s: must be owned by you "
				      "with mode 0700 (it is %04o, uid %u)",
				      dir, (unsigned)(st.st_mode & 07777),
				      (unsigned)st.st_uid);
	return 0;
}

static int remove_file(const char *dir, const char *name,
		       struct sm_diag *diag)
{
	char p[4096];

	if (sm_daemon_state_path(dir, name, p, sizeof(p)))
		return -ENAMETOOLONG;
	if (unlink(p) && errno != ENOENT)
		return sm_dt_diag_set(diag, -errno, "%s: %s", p, strerror(errno));
	return 0;
}

static int remove_dir(const char *dir, const char *name, struct sm_diag *diag)
{
	char p[4096];
	DIR *dp;
	struct dirent *e;
	int ret = 0;

	if (sm_daemon_state_path(dir, name, p, sizeof(p)))
		return -ENAMETOOLONG;
	dp = opendir(p);
	if (!dp)
		return errno == ENOENT ? 0 : sm_dt_diag_set(diag, -errno, "%s: %s",
							    p, strerror(errno));
	while ((e = readdir(dp)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && !ret)
			ret = remove_file(p, e->d_name, diag);
	closedir(dp);
	if (!ret && rmdir(p) && errno != ENOENT)
		ret = sm_dt_diag_set(diag, -errno, "%s: %s", p, strerror(errno));
	return ret;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) && errno != ENOENT ? -1 : 0;
}

int sm_daemon_state_rmtree(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) ? -errno : 0;
}

/* everything socmemd creates, then the directory if nothing else is left */
int sm_daemon_state_remove(const char *dir, struct sm_diag *diag)
{
	static const char *const files[] = { SMD_SOCKET, SMD_PIDFILE,
					     SMD_LOCK };
	int ret = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && !ret; i++)
		ret = remove_file(dir, files[i], diag);
	if (!ret)
		ret = remove_dir(dir, SMD_HEAP_DIR, diag);
	if (!ret)
		ret = remove_dir(dir, "dev", diag);
	for (size_t i = 0; !ret && i < 2; i++) {
		char p[4096];

		if (sm_daemon_state_path(dir, i ? "lib" : "sys", p, sizeof(p)))
			return -ENAMETOOLONG;
		ret = sm_daemon_state_rmtree(p);
		if (ret)
			ret = sm_dt_diag_set(diag, ret, "%s: %s", p, strerror(-ret));
	}
	if (!ret && rmdir(dir) && errno != ENOENT && errno != ENOTEMPTY &&
	    errno != EEXIST)
		ret = sm_dt_diag_set(diag, -errno, "%s: %s", dir, strerror(errno));
	return ret;
}
