// SPDX-License-Identifier: MIT
/*
 * zram_sysfs.c - the `socmem zram --device` backend: a real machine's zram
 * through sysfs (/sys/block/zram<N>/, /sys/class/zram-control/), its block
 * device nodes (/dev/zram<N>), /proc/meminfo and swapon(2), every path
 * under --sysroot when one is given (util-linux's convention, so tests
 * run against recorded trees).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <unistd.h>

#include <linux/fs.h>

#include <socmem/zram.h>

#include "zram_backend.h"

#define SWAP_PAGE 4096

struct sysfs_ctx {
	char root[PATH_MAX];	/* "" for the real machine */
};

/* Return: 0, or -ENAMETOOLONG (the path would not fit) */
static int path_of(const struct sysfs_ctx *c, char *buf, size_t len,
		   const char *fmt, int id, const char *attr)
{
	char rel[PATH_MAX];
	int n = snprintf(rel, sizeof(rel), fmt, id, attr ? attr : "");

	if (n < 0 || (size_t)n >= sizeof(rel))
		return -ENAMETOOLONG;
	n = snprintf(buf, len, "%s%s", c->root, rel);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int sysfs_next(void *ctx, int from, int *id)
{
	struct sysfs_ctx *c = ctx;
	char dir[PATH_MAX + 16];
	struct dirent *e;
	int best = -1;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/sys/block", c->root);
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char *end;
		long n;

		if (strncmp(e->d_name, "zram", 4))
			continue;
		n = strtol(e->d_name + 4, &end, 10);
		if (*end || end == e->d_name + 4 || n < from || n > INT_MAX)
			continue;
		if (best < 0 || n < best)
			best = (int)n;
	}
	closedir(d);
	if (best < 0)
		return -ENOENT;
	*id = best;
	return 0;
}

static int sysfs_read(void *ctx, int id, const char *attr, char *buf,
		      size_t len)
{
	char path[PATH_MAX + 64];
	ssize_t n;
	int fd;

	if (path_of(ctx, path, sizeof(path), "/sys/block/zram%d/%s", id,
		    attr))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static int write_file(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	/* O_TRUNC: sysfs ignores it; a recorded tree's file needs it */
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = write(fd, val, len);	/* one write: sysfs stores it whole */
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	if (close(fd))
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static int sysfs_write(void *ctx, int id, const char *attr, const char *val)
{
	char path[PATH_MAX + 64];

	if (path_of(ctx, path, sizeof(path), "/sys/block/zram%d/%s", id,
		    attr))
		return -ENAMETOOLONG;
	return write_file(path, val);
}

/* reading hot_add creates a device and answers its id */
static int sysfs_hot_add(void *ctx, int *id)
{
	struct sysfs_ctx *c = ctx;
	char path[PATH_MAX + 64], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/sys/class/zram-control/hot_add",
		 c->root);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (sscanf(buf, "%d", id) != 1)
		return -EIO;
	return 0;
}

/* the node as the machine names it (no --sysroot prefix) */
static void sysfs_dev_path(void *ctx, int id, char *buf, size_t len)
{
	(void)ctx;
	snprintf(buf, len, "/dev/zram%d", id);
}

static int dev_bytes(int fd, uint64_t *bytes)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISBLK(st.st_mode))
		return ioctl(fd, BLKGETSIZE64, bytes) ? -errno : 0;
	*bytes = (uint64_t)st.st_size;	/* a recorded tree's stand-in */
	return 0;
}

static int sysfs_mkswap(void *ctx, int id, const char *label)
{
	char path[PATH_MAX + 16];
	uint8_t page[SWAP_PAGE], uuid[16];
	uint64_t bytes = 0;
	int fd, err;

	if (path_of(ctx, path, sizeof(path), "/dev/zram%d%s", id, NULL))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = dev_bytes(fd, &bytes);
	if (!err && getrandom(uuid, sizeof(uuid), 0) != sizeof(uuid))
		err = -EIO;
	if (!err) {
		uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);	/* v4 */
		uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);
		err = sm_zram_swap_header(page, bytes, uuid, label);
	}
	if (!err) {
		ssize_t n = pwrite(fd, page, sizeof(page), 0);

		if (n != (ssize_t)sizeof(page))
			err = n < 0 ? -errno : -EIO;
	}
	if (!err && fsync(fd))
		err = -errno;
	close(fd);
	return err;
}

static int sysfs_swapon(void *ctx, int id, int prio)
{
	char path[PATH_MAX + 16];
	int flags = 0;

	if (path_of(ctx, path, sizeof(path), "/dev/zram%d%s", id, NULL))
		return -ENAMETOOLONG;
	if (prio >= 0)
		flags = SWAP_FLAG_PREFER |
			((prio << SWAP_FLAG_PRIO_SHIFT) & SWAP_FLAG_PRIO_MASK);
	return swapon(path, flags) ? -errno : 0;
}

static int sysfs_mem_total(void *ctx, uint64_t *bytes)
{
	struct sysfs_ctx *c = ctx;
	char path[PATH_MAX + 16], line[256];
	unsigned long long kb;
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/meminfo", c->root);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "MemTotal: %llu kB", &kb) == 1) {
			fclose(f);
			*bytes = kb * 1024;
			return 0;
		}
	}
	fclose(f);
	return -ENODATA;
}

static void sysfs_close(void *ctx)
{
	free(ctx);
}

int sm_cli_zram_sysfs_open(const char *sysroot, struct zram_backend *b)
{
	struct sysfs_ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	if (sysroot && strcmp(sysroot, "/"))
		snprintf(c->root, sizeof(c->root), "%s", sysroot);
	*b = (struct zram_backend){
		.name = "sysfs",
		.ctx = c,
		.next = sysfs_next,
		.read = sysfs_read,
		.write = sysfs_write,
		.hot_add = sysfs_hot_add,
		.dev_path = sysfs_dev_path,
		.mkswap = sysfs_mkswap,
		.swapon = sysfs_swapon,
		.mem_total = sysfs_mem_total,
		.close = sysfs_close,
	};
	return 0;
}
