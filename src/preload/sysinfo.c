// SPDX-License-Identifier: MIT
/*
 * sysinfo.c - the memory figures programs get without reading
 * /proc/meminfo: sysinfo(2) (busybox free, Rust's and Go's runtimes) and
 * sysconf(_SC_PHYS_PAGES, _SC_AVPHYS_PAGES), get_phys_pages() and
 * get_avphys_pages(), which glibc computes from sysinfo(2) internally.
 * They are the emulated board's, from its /proc/meminfo, as the kernel's
 * si_meminfo() and si_swapinfo() fill them; uptime, loads and the
 * process count stay the host's (and all of them if socmemd cannot
 * start).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "internal.h"

/* the figures of the emulated /proc/meminfo, in kB; false if none */
static bool board_meminfo(unsigned long long *total, unsigned long long *freep,
			  unsigned long long *shared, unsigned long long *buffers,
			  unsigned long long *swap_total,
			  unsigned long long *swap_free)
{
	static const char *const keys[] = {
		"MemTotal:", "MemFree:", "Shmem:", "Buffers:", "SwapTotal:",
		"SwapFree:",
	};
	unsigned long long *out[] = { total, freep, shared, buffers,
				      swap_total, swap_free };
	char buf[8192];
	ssize_t n = 0, r;
	int fd, found = 0;

	sm_preload_lock();
	if (!sm_preload_client(true)) {	/* socmemd could not start: the host's */
		sm_preload_unlock();
		return false;
	}
	sm_preload_unlock();
	fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (sm_preload_fd_peek(fd) == NULL) {	/* the host's file: not ours */
		close(fd);
		return false;
	}
	while (n < (ssize_t)sizeof(buf) - 1 &&
	       (r = read(fd, buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		const char *p = strstr(buf, keys[i]);

		*out[i] = 0;
		if (p && (p == buf || p[-1] == '\n')) {
			*out[i] = strtoull(p + strlen(keys[i]), NULL, 10);
			found++;
		}
	}
	return found >= 2;
}

static int board_sysinfo(struct sysinfo *si)
{
	unsigned long long t, f, sh, b, st, sf;

	if (!board_meminfo(&t, &f, &sh, &b, &st, &sf))
		return -1;
	si->totalram = (unsigned long)t;
	si->freeram = (unsigned long)f;
	si->sharedram = (unsigned long)sh;
	si->bufferram = (unsigned long)b;
	si->totalswap = (unsigned long)st;
	si->freeswap = (unsigned long)sf;
	si->totalhigh = 0;
	si->freehigh = 0;
	si->mem_unit = 1024;
	return 0;
}

PL_EXPORT int sysinfo(struct sysinfo *info)
{
	int (*real)(struct sysinfo *) = sm_preload_dlsym("sysinfo");
	struct sysinfo si;

	sm_preload_init();
	if (!real || real(&si))
		return -1;
	board_sysinfo(&si);
	if (sm_preload_copy_out(info, &si, sizeof(si))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

/* pages of RAM (@avail: free pages), or -1 if the host's apply */
static long board_pages(bool avail)
{
	struct sysinfo si = { 0 };
	long page = (long)getpagesize();

	if (board_sysinfo(&si))
		return -1;
	return (long)((avail ? si.freeram : si.totalram) * si.mem_unit /
		      (unsigned long)page);
}

PL_EXPORT long sysconf(int name)
{
	long v;

	sm_preload_init();
	if ((name == _SC_PHYS_PAGES || name == _SC_AVPHYS_PAGES) &&
	    (v = board_pages(name == _SC_AVPHYS_PAGES)) >= 0)
		return v;
	return pl_real.sysconf(name);
}

PL_EXPORT long get_phys_pages(void)
{
	long v = board_pages(false);

	return v >= 0 ? v : sysconf(_SC_PHYS_PAGES);
}

PL_EXPORT long get_avphys_pages(void)
{
	long v = board_pages(true);

	return v >= 0 ? v : sysconf(_SC_AVPHYS_PAGES);
}
