/* SPDX-License-Identifier: MIT */
/*
 * probe_util.h - what the differential probes share. A probe is an
 * ordinary program that runs unmodified on a real kernel (in QEMU, see
 * tests/kernel/boot.sh) and on socmem's emulated board (under
 * libsocmem-preload.so); each line it prints is one observation, and the
 * suite diffs the two runs line by line. A line holds only what the UAPI
 * makes visible: results, errno names, sizes - never addresses of this
 * process or timings.
 */
#ifndef PROBE_UTIL_H
#define PROBE_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

/* errno as its name, as the kernel's headers spell it */
static inline const char *errname(int e)
{
	switch (e) {
	case 0: return "ok";
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case ENOENT: return "ENOENT";
	case EFAULT: return "EFAULT";
	case ENOTTY: return "ENOTTY";
	case EBADF: return "EBADF";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case ENODEV: return "ENODEV";
	case ENXIO: return "ENXIO";
	case EBUSY: return "EBUSY";
	case ESPIPE: return "ESPIPE";
	case EOVERFLOW: return "EOVERFLOW";
	case E2BIG: return "E2BIG";
	case ENOSPC: return "ENOSPC";
	default: return "other";
	}
}

/* the heap names /dev/dma_heap lists, sorted; returns how many */
static inline int heap_names(char names[][64], int max)
{
	DIR *d = opendir("/dev/dma_heap");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)) && n < max)
		if (e->d_name[0] != '.')
			snprintf(names[n++], 64, "%.63s", e->d_name);
	if (d)
		closedir(d);
	qsort(names, n, 64, (int (*)(const void *, const void *))strcmp);
	return n;
}

/* allocate @len from heap fd @hfd: the buffer fd, or -errno */
static inline int heap_alloc(int hfd, uint64_t len)
{
	struct dma_heap_allocation_data a = {
		.len = len,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};

	if (ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &a) < 0)
		return -errno;
	return (int)a.fd;
}

static inline int heap_open(const char *name)
{
	char p[128];

	snprintf(p, sizeof(p), "/dev/dma_heap/%.63s", name);
	return open(p, O_RDONLY | O_CLOEXEC);
}

/* a /proc/meminfo field in kB, or -1 */
static inline long meminfo_kb(const char *field)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	size_t n = strlen(field);
	long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	if (f)
		fclose(f);
	return v;
}

#endif
