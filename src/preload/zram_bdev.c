// SPDX-License-Identifier: MIT
/*
 * zram_bdev.c - the kind of fd of /dev/zram<N>, a block device: read,
 * write, pread, pwrite, lseek, fstat, fsync and the BLK* ioctls that
 * mkswap, swapon and blkid use. The bytes go through the buffer shared
 * with socmemd when it offers one (zshm.c), else in messages.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/fs.h>

#include "internal.h"

static int bdev_info(struct pl_file *f, struct sm_client_zbdev *b)
{
	return PL_ASK(c, sm_daemon_client_zram_bdev(c, f->z->f.path, b));
}

/*
 * One transfer of the block device, either way: the shared buffer when the
 * daemon offers it (zshm.c), else SM_ZRAM_IO_MAX bytes a message. A short
 * count from the daemon is the end of the device; a fault or an error after
 * some bytes moved returns what moved, as the kernel's rw loop does.
 */
static ssize_t bdev_rw(struct pl_file *f, void *ubuf, size_t n, off_t off,
		       bool write)
{
	static unsigned char io[SM_ZRAM_IO_MAX];	/* under the lock */
	ssize_t shm;
	size_t done = 0;

	if (write ? !PL_FMODE_WRITE(f) : !PL_FMODE_READ(f))
		return sm_preload_errno(-EBADF);
	if (off < 0 || (uint64_t)off + n > INT64_MAX)	/* rw_verify_area() */
		return sm_preload_errno(-EINVAL);
	shm = write ? sm_preload_zshm_pwrite(f, ubuf, n, off) :
		      sm_preload_zshm_pread(f, ubuf, n, off);
	if (shm != -ENOSYS)
		return sm_preload_errno(shm);
	while (done < n) {
		size_t want = n - done < SM_ZRAM_IO_MAX ? n - done :
							   SM_ZRAM_IO_MAX;
		uint64_t pos = (uint64_t)off + done;
		char *u = (char *)ubuf + done;
		size_t moved = 0;
		int ret;

		if (write && sm_preload_copy_in(io, u, want))
			return done ? (ssize_t)done : sm_preload_errno(-EFAULT);
		/* never more than asked: the calls check it */
		ret = write ? PL_ASK(c, sm_daemon_client_zram_write(c,
					f->z->f.path, f->flags, pos, io, want,
					&moved)) :
			      PL_ASK(c, sm_daemon_client_zram_read(c,
					f->z->f.path, f->flags, pos, io, want,
					&moved));
		if (ret)
			return done ? (ssize_t)done : sm_preload_errno(ret);
		if (!write && sm_preload_copy_out(u, io, moved))
			return done ? (ssize_t)done : sm_preload_errno(-EFAULT);
		done += moved;
		if (moved < want)
			break;	/* the end of the device */
	}
	return (ssize_t)done;
}

static ssize_t bdev_pread(struct pl_file *f, void *buf, size_t n, off_t off)
{
	return bdev_rw(f, buf, n, off, false);
}

static ssize_t bdev_pwrite(struct pl_file *f, const void *buf, size_t n,
			   off_t off)
{
	return bdev_rw(f, (void *)buf, n, off, true);
}

/* fixed_size_llseek() over the device's size */
static off_t bdev_lseek(struct pl_file *f, off_t off, int whence)
{
	struct sm_client_zbdev b;
	int64_t base, to;
	int ret = bdev_info(f, &b);

	if (ret)
		return sm_preload_errno(ret);
	base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ?
	       (int64_t)f->z->pos : whence == SEEK_END ? (int64_t)b.size : -1;
	to = base + off;
	if (whence == SEEK_DATA || whence == SEEK_HOLE) {
		to = off;
		if (off < 0 || (uint64_t)off >= b.size)
			return sm_preload_errno(-ENXIO);
		if (whence == SEEK_HOLE)
			to = (int64_t)b.size;
	} else if (base < 0 || to < 0 || (uint64_t)to > b.size) {
		return sm_preload_errno(-EINVAL);
	}
	f->z->pos = (uint64_t)to;
	return (off_t)to;
}

static int put_int(void *arg, uint64_t v, size_t size)
{
	union { uint64_t u64; unsigned long ul; uint32_t u32;
		uint16_t u16; } u;

	switch (size) {
	case 8: u.u64 = v; break;
	case 4: u.u32 = (uint32_t)v; break;
	default: u.u16 = (uint16_t)v; break;
	}
	return sm_preload_copy_out(arg, &u, size) ? -EFAULT : 0;
}

static int bdev_discard(struct pl_file *f, void *arg)
{
	uint64_t range[2];

	if (!PL_FMODE_WRITE(f))
		return -EBADF;
	if (sm_preload_copy_in(range, arg, sizeof(range)))
		return -EFAULT;
	/* the daemon checks each piece; the first one past the end or
	 * wrapping fails, as the whole range would */
	do {
		uint64_t n = range[1] < (1ULL << 30) ? range[1] : 1ULL << 30;
		int ret;

		ret = PL_ASK(c, sm_daemon_client_zram_discard(c, f->z->f.path,
							      range[0], (uint32_t)n));
		if (ret)
			return ret;
		range[0] += n;
		range[1] -= n;
	} while (range[1]);
	return 0;
}

/* blkdev_ioctl()'s generic commands; zram adds none (ENOTTY) */
static int bdev_ioctl(int fd, struct pl_file *f, unsigned long cmd,
		      void *arg)
{
	struct sm_client_zbdev b;
	int ret;

	(void)fd;
	switch (cmd) {
	case BLKFLSBUF:
		return 0;
	case BLKDISCARD:
		return bdev_discard(f, arg);
	case BLKRRPART:
		return -EINVAL;	/* GENHD_FL_NO_PART */
	case BLKROGET:
	case BLKALIGNOFF:
	case BLKDISCARDZEROES:
		return put_int(arg, 0, 4);
	case BLKROTATIONAL:
		return put_int(arg, 0, 2);
	case BLKGETSIZE64:
	case BLKGETSIZE:
	case BLKSSZGET:
	case BLKBSZGET:
	case BLKPBSZGET:
	case BLKIOMIN:
	case BLKIOOPT:
		break;
	default:
		return -ENOTTY;
	}
	ret = bdev_info(f, &b);
	if (ret)
		return ret;
	switch (cmd) {
	case BLKGETSIZE64: return put_int(arg, b.size, 8);
	case BLKGETSIZE: return put_int(arg, b.size >> 9, sizeof(long));
	case BLKSSZGET:
	case BLKBSZGET: return put_int(arg, b.logical, 4);
	case BLKPBSZGET: return put_int(arg, b.physical, 4);
	case BLKIOMIN: return put_int(arg, b.io_min, 4);
	default: return put_int(arg, b.io_opt, 4);
	}
}

const struct pl_kind pl_kind_zbdev = {
	.name = "zram-bdev",
	.ioctl = bdev_ioctl,
	.read = sm_preload_zfile_read,
	.write = sm_preload_zfile_write,
	.pread = bdev_pread,
	.pwrite = bdev_pwrite,
	.fstat = sm_preload_zfile_fstat,
	.lseek = bdev_lseek,
	.adopt = sm_preload_zfile_adopt,
	.release = sm_preload_zfile_release,
};
