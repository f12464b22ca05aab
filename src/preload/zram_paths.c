// SPDX-License-Identifier: MIT
/*
 * zram_paths.c - which paths are the emulated zram's, and how sysfs and
 * devtmpfs name them: /dev/zram<N> and /dev/block/252:<N>,
 * /sys/block/zram<N> with its aliases and links, /sys/class/zram-control,
 * /sys/module/<zram's modules>, the /proc files socmemd serves (it routes
 * each path to the service that owns it, src/daemon/svc_files.c), the
 * CMA debugfs and sysfs, and /lib/modules/<release>/, where kmod finds
 * zram's modules. Only names here: what a path holds is asked of socmemd
 * (zram_file.c).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "internal.h"

/* ---- /lib/modules/<uname -r> ------------------------------------------ */

static void read_release(void)
{
	struct utsname u;

	if (!uname(&u))
		snprintf(pl.host_release, sizeof(pl.host_release), "%s",
			 u.release);
}

const char *sm_preload_zram_modules_rest(const char *p)
{
	size_t l;

	if (strncmp(p, "/lib/modules/", 13))
		return NULL;
	pthread_once(&pl.release_once, read_release);
	l = strlen(pl.host_release);
	if (!l || strncmp(p + 13, pl.host_release, l) ||
	    (p[13 + l] && p[13 + l] != '/'))
		return NULL;
	return p + 13 + l;
}

/* ---- devices, their aliases and links ----------------------------------- */

/* "<prefix>zram<N>" followed by the end or '/' */
static bool zram_name(const char *p, const char *prefix, bool dirs)
{
	size_t l = strlen(prefix);
	const char *s = p + l;

	if (strncmp(p, prefix, l) || strncmp(s, "zram", 4) ||
	    s[4] < '0' || s[4] > '9')
		return false;
	for (s += 4; *s >= '0' && *s <= '9'; s++)
		;
	return !*s || (dirs && *s == '/');
}

/* "/dev/block/<zram's major>:" */
static bool devblock(const char *p)
{
	char pre[32];
	int l = snprintf(pre, sizeof(pre), "/dev/block/%u:", SM_ZRAM_MAJOR);

	return !strncmp(p, pre, (size_t)l);
}

/* devtmpfs's /dev/block/252:<N> -> ../zram<N> (systemd opens that) */
static void devblock_alias(char *p, size_t len)
{
	static const char dev[] = "/dev/block/";
	char major[16];
	const char *s = p + sizeof(dev) - 1, *minor;
	size_t l = (size_t)snprintf(major, sizeof(major), "%u:", SM_ZRAM_MAJOR);

	if (strncmp(p, dev, sizeof(dev) - 1) || strncmp(s, major, l))
		return;
	minor = s + l;
	for (s = minor; *s >= '0' && *s <= '9'; s++)
		;
	if (s == minor || *s || len < 32)
		return;
	memmove(p + 9, minor, (size_t)(s - minor) + 1);
	memcpy(p, "/dev/zram", 9);
}

void sm_preload_zram_devnum_alias(char *p, size_t len)
{
	static const char dev[] = "/sys/dev/block/";
	static const char virt[] = "/sys/devices/virtual/block/zram";
	char major[16], out[4096];
	const char *s = p + sizeof(dev) - 1, *minor;
	size_t l = (size_t)snprintf(major, sizeof(major), "%u:", SM_ZRAM_MAJOR);

	devblock_alias(p, len);
	if (strncmp(p, dev, sizeof(dev) - 1) || strncmp(s, major, l))
		return;
	minor = s + l;
	for (s = minor; *s >= '0' && *s <= '9'; s++)
		;
	if (s == minor || (*s && *s != '/'))
		return;
	if ((size_t)snprintf(out, sizeof(out), "%s%.*s%s", virt,
			     (int)(s - minor), minor, s) < len)
		strcpy(p, out);
}

/* the first @len bytes of @p are a zram device's sysfs directory */
static bool zram_dir_of(const char *p, size_t len)
{
	char d[128];

	if (len >= sizeof(d))
		return false;
	memcpy(d, p, len);
	d[len] = '\0';
	sm_preload_zram_devnum_alias(d, sizeof(d));	/* /sys/dev/block/252:<N> */
	return zram_name(d, "/sys/block/", false) ||
	       zram_name(d, "/sys/class/block/", false) ||
	       zram_name(d, "/sys/devices/virtual/block/", false);
}

size_t sm_preload_zram_link(const char *p, char *target, size_t tlen, char *dir,
			    size_t dlen)
{
	static const struct { const char *at, *up; } links[] = {
		{ "/sys/block/", ".." },
		{ "/sys/class/block/", "../.." },
		{ "/sys/dev/block/", "../.." },
	};
	char devnum[16];
	const char *n = NULL, *s;
	int l;

	/* a device's subsystem link (udev and systemd read it) */
	s = strrchr(p, '/');
	if (s && !strcmp(s, "/subsystem") &&
	    (size_t)(s - p) < dlen && zram_dir_of(p, (size_t)(s - p))) {
		l = snprintf(target, tlen, "../../../../class/block");
		snprintf(dir, dlen, "/sys/class/block");
		return l > 0 && (size_t)l < tlen ? (size_t)l : 0;
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(*links) && !n; i++) {
		size_t al = strlen(links[i].at);

		if (strncmp(p, links[i].at, al))
			continue;
		s = p + al;
		if (i == 2) {	/* "252:<N>" */
			l = snprintf(devnum, sizeof(devnum), "%u:",
				     SM_ZRAM_MAJOR);
			if (strncmp(s, devnum, (size_t)l))
				return 0;
			s += l;
		} else if (zram_name(p, links[i].at, false)) {
			s += 4;
		} else {
			return 0;
		}
		n = s;
		while (*s >= '0' && *s <= '9')
			s++;
		if (s == n || *s)
			return 0;
		l = snprintf(target, tlen, "%s/devices/virtual/block/zram%s",
			     links[i].up, n);
		if (l < 0 || (size_t)l >= tlen ||
		    (size_t)snprintf(dir, dlen, "/sys/devices/virtual/block/zram%s",
				     n) >= dlen)
			return 0;
		return (size_t)l;
	}
	return 0;
}

static bool under(const char *p, const char *dir)
{
	size_t l = strlen(dir);

	return !strncmp(p, dir, l) && (!p[l] || p[l] == '/');
}

bool sm_preload_zram_match(const char *p)
{
	static const char *const mods[] = {
		"/sys/module/zram", "/sys/module/zsmalloc",
		"/sys/module/lz4_compress", "/sys/module/lz4hc_compress",
	};

	if (p[1] == 'd')
		return zram_name(p, "/dev/", false) || devblock(p);
	if (p[1] == 'p')
		return !strcmp(p, "/proc/swaps") || !strcmp(p, "/proc/modules") ||
		       !strcmp(p, "/proc/meminfo") ||
		       !strcmp(p, "/proc/buddyinfo") ||
		       !strcmp(p, "/proc/pagetypeinfo") ||
		       !strcmp(p, "/proc/vmstat");
	if (p[1] == 'l')
		return sm_preload_zram_modules_rest(p) != NULL;
	/* the board's CMA debugfs and sysfs (socmemd answers ENOENT when its
	 * kernel config has none, as Debian's builds have no debugfs) */
	if (zram_name(p, "/sys/block/", true) ||
	    zram_name(p, "/sys/class/block/", true) ||
	    zram_name(p, "/sys/devices/virtual/block/", true) ||
	    under(p, "/sys/class/zram-control") ||
	    under(p, "/sys/kernel/debug/cma") ||
	    under(p, "/sys/kernel/mm/cma"))
		return true;
	for (size_t i = 0; i < sizeof(mods) / sizeof(*mods); i++)
		if (under(p, mods[i]))
			return true;
	return false;
}

bool sm_preload_zram_name(const char *name)
{
	const char *s = name + 4;

	if (strncmp(name, "zram", 4) || !*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}
