// SPDX-License-Identifier: MIT
/*
 * dirs.c - served directories opened as fds: open(O_DIRECTORY) and
 * opendir() of /dev/dma_heap, /sys/block/zram0, ... give a real fd of
 * the directory's stand-in under the state directory, and this table
 * remembers which served path each such fd is, so that openat() and
 * fstatat() relative to it (what kmod's coresize lookup, find and ls do)
 * reach the served files, not the stand-in's empty ones. chdir() into a
 * served directory is remembered the same way for relative paths.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define MAX_DIRFDS 64

struct dirfd_ent {
	int fd;
	char path[SM_ZRAM_PATH_MAX];
};

static struct dirfd_ent dirfds[MAX_DIRFDS];	/* under pl.lock */
static _Atomic int ndirfds;			/* read without it */

void pl_dirfd_add(int fd, const char *path)
{
	for (int i = 0; i < MAX_DIRFDS; i++)
		if (!dirfds[i].path[0] || dirfds[i].fd == fd) {
			if (!dirfds[i].path[0])
				atomic_fetch_add(&ndirfds, 1);
			dirfds[i].fd = fd;
			snprintf(dirfds[i].path, sizeof(dirfds[i].path), "%s",
				 path);
			return;
		}
}

/* close(): cheap when no served directory is open */
void pl_dirfd_forget(int fd)
{
	if (!atomic_load_explicit(&ndirfds, memory_order_relaxed))
		return;
	pl_lock();
	for (int i = 0; i < MAX_DIRFDS; i++)
		if (dirfds[i].path[0] && dirfds[i].fd == fd) {
			dirfds[i].path[0] = '\0';
			atomic_fetch_sub(&ndirfds, 1);
		}
	pl_unlock();
}

/* the served directory chdir() went to, if it did */
static char cwd_path[SM_ZRAM_PATH_MAX];
static _Atomic int cwd_served;

bool pl_dirfd_path(int dirfd, const char *rel, char *buf, size_t len)
{
	const char *base = NULL;
	int n;

	if (dirfd == AT_FDCWD) {
		if (!atomic_load_explicit(&cwd_served, memory_order_relaxed))
			return false;
		base = cwd_path;
	} else {
		if (!atomic_load_explicit(&ndirfds, memory_order_relaxed))
			return false;
		for (int i = 0; i < MAX_DIRFDS && !base; i++)
			if (dirfds[i].path[0] && dirfds[i].fd == dirfd)
				base = dirfds[i].path;
	}
	if (!base)
		return false;
	n = snprintf(buf, len, "%s/%s", base, rel);
	return n > 0 && (size_t)n < len;
}

/* chdir(@path) went to a served directory (NULL: anywhere else) */
void pl_cwd_set(const char *path)
{
	if (path)
		snprintf(cwd_path, sizeof(cwd_path), "%s", path);
	atomic_store(&cwd_served, path != NULL);
}

/* fchdir(@fd): a served directory's fd, or not */
void pl_cwd_set_fd(int fd)
{
	const char *p = NULL;

	for (int i = 0; i < MAX_DIRFDS && !p; i++)
		if (dirfds[i].path[0] && dirfds[i].fd == fd)
			p = dirfds[i].path;
	pl_cwd_set(p);
}
