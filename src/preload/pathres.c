// SPDX-License-Identifier: MIT
/*
 * pathres.c - what a path a program names is, however it names it: one
 * answer for open, openat, the stat family, statx, faccessat, readlinkat,
 * xattrs, chdir, opendir, fopen and swapon. A path may be absolute or
 * relative to the working directory or to a directory fd, may climb with
 * "..", and may go through symlinks - the emulated system's sysfs links
 * (/sys/block/zram0 -> ../devices/virtual/block/zram0) and the host's
 * (/dev/block/253:0 -> ../zram0). The answer is one of:
 *
 *   served  - the emulated system's: its normalized absolute path
 *   host    - nothing of ours: the call goes to the real libc unchanged
 *   refused - a host device the emulated board does not have (a host
 *             symlink into zram, swap or the DMA-BUF heaps): ENOENT, so
 *             that no path form reaches the host's devices
 *
 * The base of a relative path is the kernel's: the working directory or
 * the directory fd as /proc/self/fd shows it, so it survives fork and
 * exec; a served directory is entered (chdir, opendir, open O_DIRECTORY)
 * through its stand-in under the state directory, and that stand-in's
 * path is read back as the served directory's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

#define MAX_LINKS 40	/* the kernel's MAXSYMLINKS */

/* ---- the state directory (where served directories' stand-ins are) ---- */

/* the served directories that have stand-ins: $STATE/<one of these> */
static bool stand_in(const char *rel)
{
	static const char *const roots[] = {
		"sys/", "dev/dma_heap", "lib/modules/",
	};

	for (size_t i = 0; i < sizeof(roots) / sizeof(*roots); i++)
		if (!strncmp(rel, roots[i], strlen(roots[i])))
			return true;
	return false;
}

/* "$STATE/sys/block/zram0" -> "/sys/block/zram0", in place */
static void from_stand_in(char *p)
{
	const char *sdir = sm_preload_state_dir();
	size_t sdir_len = sdir ? strlen(sdir) : 0;

	if (!sdir_len || strncmp(p, sdir, sdir_len) || p[sdir_len] != '/' ||
	    !stand_in(p + sdir_len + 1))
		return;
	memmove(p, p + sdir_len, strlen(p + sdir_len) + 1);
}

void sm_preload_path_unmirror(char *p)
{
	from_stand_in(p);
}

/* ---- the base of a relative path ---------------------------------------- */

/* @dirfd's path (AT_FDCWD: the working directory) as the emulated
 * system names it; false if it has none (a socket, an unreachable cwd) */
static bool base_path(int dirfd, char *buf, size_t len)
{
	long n;

	if (dirfd == AT_FDCWD) {
		n = syscall(SYS_getcwd, buf, len);
		if (n <= 0)
			return false;
	} else {
		char p[40];

		snprintf(p, sizeof(p), "/proc/self/fd/%d", dirfd);
		n = syscall(SYS_readlinkat, AT_FDCWD, p, buf, len - 1);
		if (n <= 0)
			return false;
		buf[n] = '\0';
	}
	if (buf[0] != '/')
		return false;
	from_stand_in(buf);
	return true;
}

/* ---- lexical resolution --------------------------------------------------- */

/* a path that can be served or can lead to the host's devices */
static bool candidate(const char *p)
{
	return !strncmp(p, "/dev", 4) || !strncmp(p, "/sys", 4) ||
	       !strncmp(p, "/proc/", 6) || !strncmp(p, "/lib/modules/", 13) ||
	       !strncmp(p, "//", 2) || !strncmp(p, "/.", 2);
}

/* a served sysfs link ("/sys/block/zram0"): "/sys/devices/..." into @p */
static bool served_link(char *p, size_t len)
{
	char target[128], dir[128];

	if (!sm_preload_zram_link(p, target, sizeof(target), dir,
				  sizeof(dir)) ||
	    strlen(dir) >= len)
		return false;
	strcpy(p, dir);
	return true;
}

/*
 * @path (absolute) without "//", "." and ".." into @buf; a ".." after a
 * served link climbs from where the link points, as the kernel does (and
 * sets *@climbed: the host's kernel would not know that link)
 */
static bool normalize_at(const char *path, char *buf, size_t len,
			 bool *climbed)
{
	size_t n = 0;

	buf[0] = '\0';
	while (*path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		if (path[0] == '.' && (path[1] == '/' || !path[1])) {
			path++;
			continue;
		}
		if (path[0] == '.' && path[1] == '.' &&
		    (path[2] == '/' || !path[2])) {
			if (served_link(buf, len)) {
				n = strlen(buf);
				*climbed = true;
			}
			while (n > 0 && buf[--n] != '/')
				;
			buf[n] = '\0';
			path += 2;
			continue;
		}
		if (n + 1 >= len)
			return false;
		buf[n++] = '/';
		while (*path && *path != '/') {
			if (n + 1 >= len)
				return false;
			buf[n++] = *path++;
		}
		buf[n] = '\0';
	}
	if (!n) {
		buf[n++] = '/';
		buf[n] = '\0';
	}
	return true;
}

static bool normalize(const char *path, char *buf, size_t len)
{
	bool climbed = false;

	return normalize_at(path, buf, len, &climbed);
}

bool sm_preload_path_normalize(const char *path, char *buf, size_t len)
{
	return path && path[0] == '/' && candidate(path) &&
	       normalize(path, buf, len);
}

/* @p is served (@p itself stays as it is: a link is told by its name) */
static bool served(const char *p)
{
	char tmp[4096];
	const char *rest;

	if (strlen(p) >= sizeof(tmp))
		return false;
	strcpy(tmp, p);
	return sm_preload_match_normalized(tmp, sizeof(tmp), &rest) != NULL;
}

/* ---- the host's symlinks -------------------------------------------------- */

/* where the host keeps links that can lead into its devices */
static bool host_links_here(const char *p)
{
	return !strncmp(p, "/dev/", 5) || !strncmp(p, "/sys/", 5);
}

/*
 * Follow the host's symlinks in @buf (normalized, not served), the last
 * component's too if @follow. Return: 1 if that lands on a served path
 * (a host link into its own zram or heaps: the emulated system has no
 * such link), 0 if not; @buf is left as it was.
 */
static int through_host_links(const char *buf, bool follow)
{
	char cur[4096], link[4096], next[8192];
	int hops = 0;

	snprintf(cur, sizeof(cur), "%s", buf);
	for (size_t at = 1; host_links_here(cur);) {
		size_t end = at;
		long n;

		while (cur[end] && cur[end] != '/')
			end++;
		if (end == at)
			break;
		if (!cur[end] && !follow)
			break;
		{
			char c = cur[end];

			cur[end] = '\0';
			n = syscall(SYS_readlinkat, AT_FDCWD, cur, link,
				    sizeof(link) - 1);
			cur[end] = c;
		}
		if (n <= 0) {
			if (!cur[end])
				break;
			at = end + 1;
			continue;
		}
		if (++hops > MAX_LINKS)
			return 0;
		link[n] = '\0';
		/* the link's text replaces its component */
		if (link[0] == '/')
			snprintf(next, sizeof(next), "%s%s", link, cur + end);
		else
			snprintf(next, sizeof(next), "%.*s%s%s", (int)at, cur,
				 link, cur + end);
		if (!normalize(next, cur, sizeof(cur)))
			return 0;
		if (served(cur))
			return 1;
		at = 1;
	}
	return 0;
}

/* ---- /proc/self/fd/N: a served fd opened again -------------------------- */

/*
 * "/proc/self/fd/N", "/dev/fd/N", "/dev/stdin" of a served file: the
 * kernel opens that file anew (systemd reopens a device it holds as an
 * O_PATH fd this way); its served path into @buf
 */
static bool reopened(char *buf, size_t len)
{
	static const char *const std[] = { "/dev/stdin", "/dev/stdout",
					   "/dev/stderr" };
	char self[32];
	const char *n = NULL;
	struct pl_file *f;
	char *end;
	long fd = -1;

	self[0] = '\0';	/* "/proc/<our pid>/fd/", only when it can be */
	if (!strncmp(buf, "/proc/", 6) && buf[6] >= '1' && buf[6] <= '9')
		snprintf(self, sizeof(self), "/proc/%d/fd/", (int)getpid());
	for (int i = 0; i < 3; i++)
		if (!strcmp(buf, std[i]))
			fd = i;
	if (!strncmp(buf, "/proc/self/fd/", 14))
		n = buf + 14;
	else if (!strncmp(buf, "/proc/thread-self/fd/", 21))
		n = buf + 21;
	else if (!strncmp(buf, "/dev/fd/", 8))
		n = buf + 8;
	else if (self[0] && !strncmp(buf, self, strlen(self)))
		n = buf + strlen(self);
	if (n) {
		fd = strtol(n, &end, 10);
		if (end == n || *end)
			return false;
	}
	f = fd >= 0 && fd <= 0x7fffffff ? sm_preload_fd_peek((int)fd) : NULL;
	if (!f || f == PL_INTERNAL || !f->z || strlen(f->z->f.path) >= len)
		return false;
	strcpy(buf, f->z->f.path);
	return true;
}

/* a served link that leads out of the served tree (a device's subsystem
 * link to /sys/class/block), followed: @buf becomes where it leads */
static bool served_link_to_host(char *buf, size_t len)
{
	char target[128], dir[128];

	if (!served(buf) ||
	    !sm_preload_zram_link(buf, target, sizeof(target), dir, sizeof(dir)) ||
	    served(dir) || strlen(dir) >= len)
		return false;
	strcpy(buf, dir);
	return true;
}

/* ---- the answer ---------------------------------------------------------- */

int sm_preload_resolve(int dirfd, const char *path, bool follow, char *buf,
		       size_t len)
{
	char full[8192];
	bool climbed = false;

	buf[0] = '\0';
	path = PL_OPAQUE(path);
	/* the kernel's getname(): a pointer that is not one is EFAULT */
	if ((uintptr_t)path < 4096)
		return -EFAULT;
	if (path[0] != '/') {
		size_t b;

		if (!path[0] || !base_path(dirfd, full, sizeof(full) / 2))
			return PL_RES_HOST;
		if (!candidate(full))
			return PL_RES_HOST;
		b = strlen(full);
		if (b + strlen(path) + 2 > sizeof(full))
			return PL_RES_HOST;
		full[b] = '/';
		strcpy(full + b + 1, path);
		path = full;
	} else if (!candidate(path)) {
		return PL_RES_HOST;
	}
	if (!normalize_at(path, buf, len, &climbed))
		return PL_RES_HOST;
	if (follow && served_link_to_host(buf, len))
		return PL_RES_RENAMED;
	if (served(buf) || reopened(buf, len))
		return PL_RES_SERVED;
	if (host_links_here(buf) && through_host_links(buf, follow))
		return -ENOENT;
	return climbed ? PL_RES_RENAMED : PL_RES_HOST;
}
