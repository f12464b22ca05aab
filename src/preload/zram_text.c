// SPDX-License-Identifier: MIT
/*
 * zram_text.c - the kind of fd of a text file socmemd serves: zram's
 * sysfs attributes (/sys/block/zram<N>/, /sys/class/zram-control/,
 * /sys/module/) and the /proc files. The text of show() (or of the
 * seq_file) is fetched at the first read from offset 0; each write is
 * one store(); the errnos are the kernel's, which socmemd gives.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* the file's whole text now (show(), or the seq_file's records) */
static int fetch_text(struct pl_file *f)
{
	static unsigned char rb[SM_ZRAM_IO_MAX];	/* under the lock */
	size_t rl = 0;
	char *t;
	int ret;

	ret = PL_ASK(c, sm_daemon_client_zram_read(c, f->z->f.path, 0, 0, rb,
						   sizeof(rb), &rl));
	if (ret)
		return ret;
	t = malloc(rl + 1);
	if (!t)
		return -ENOMEM;
	memcpy(t, rb, rl);
	free(f->z->text);
	f->z->text = t;
	f->z->tlen = rl;
	return 0;
}

static ssize_t text_pread(struct pl_file *f, void *buf, size_t n, off_t off)
{
	struct pl_zfile *z = f->z;
	size_t avail;
	int ret;

	if (!PL_FMODE_READ(f))
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	if (!off || !z->text) {	/* seq_file: a read from 0 shows again */
		ret = fetch_text(f);
		if (ret)
			return ret;
	}
	if ((uint64_t)off >= z->tlen)
		return 0;
	avail = z->tlen - (size_t)off;
	if (n > avail)
		n = avail;
	if (sm_preload_copy_out(buf, z->text + off, n))
		return -EFAULT;
	return (ssize_t)n;
}

/* kernfs_fop_write_iter(): each write is one store() of at most a page */
static ssize_t text_pwrite(struct pl_file *f, const void *buf, size_t n,
			   off_t off)
{
	static unsigned char data[PL_PAGE_SIZE];	/* under the lock */
	size_t count = 0;
	int ret;

	(void)off;
	if (!PL_FMODE_WRITE(f))
		return -EBADF;
	if (n > PL_PAGE_SIZE)
		n = PL_PAGE_SIZE;
	if (sm_preload_copy_in(data, buf, n))
		return -EFAULT;
	if (!n)
		return 0;	/* sysfs never calls store() for nothing */
	/* the count comes back checked: never more than was asked */
	ret = PL_ASK(c, sm_daemon_client_zram_write(c, f->z->f.path, f->flags, 0,
						    data, n, &count));
	return ret ? ret : (ssize_t)count;
}

static ssize_t text_pread_e(struct pl_file *f, void *buf, size_t n, off_t off)
{
	return sm_preload_errno(text_pread(f, buf, n, off));
}

static ssize_t text_pwrite_e(struct pl_file *f, const void *buf, size_t n,
			     off_t off)
{
	return sm_preload_errno(text_pwrite(f, buf, n, off));
}

/* sysfs: generic_file_llseek() over 4096 bytes; proc: seq_lseek() */
static off_t text_lseek(struct pl_file *f, off_t off, int whence)
{
	struct pl_zfile *z = f->z;
	int64_t base = whence == SEEK_SET ? 0 :
		       whence == SEEK_CUR ? (int64_t)z->pos :
		       whence == SEEK_END && z->f.type == SM_ZFILE_ATTR ? PL_PAGE_SIZE :
		       -1;

	if (base < 0 || base + off < 0) {
		errno = EINVAL;
		return -1;
	}
	z->pos = (uint64_t)(base + off);
	return (off_t)z->pos;
}

static int no_ioctl(int fd, struct pl_file *f, unsigned long cmd, void *arg)
{
	(void)fd;
	(void)f;
	(void)cmd;
	(void)arg;
	return -ENOTTY;
}

const struct pl_kind pl_kind_zfile = {
	.name = "zram-file",
	.ioctl = no_ioctl,
	.read = sm_preload_zfile_read,
	.write = sm_preload_zfile_write,
	.pread = text_pread_e,
	.pwrite = text_pwrite_e,
	.fstat = sm_preload_zfile_fstat,
	.lseek = text_lseek,
	.adopt = sm_preload_zfile_adopt,
	.release = sm_preload_zfile_release,
};
