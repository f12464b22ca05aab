// SPDX-License-Identifier: MIT
/*
 * dmaheap.c - /dev/dma_heap/<name> and the dma-bufs it makes, answered
 * the way drivers/dma-buf/dma-heap.c and dma-buf.c answer (Linux 6.12):
 * a heap fd is a character device whose only ioctl is the allocation; a
 * dma-buf fd has SYNC, SET_NAME, mmap, llseek and fstat, and no read or
 * write. kernel-behaviour.md 3.1, 3.2, 3.5.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "internal.h"
#include "../daemon/sys.h"

#define FMODE_PATH(f) (((f)->flags & O_PATH) != 0)

static bool can_read(const struct pl_file *f)
{
	return !FMODE_PATH(f) && (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool can_write(const struct pl_file *f)
{
	return !FMODE_PATH(f) && (f->flags & O_ACCMODE) != O_RDONLY;
}

/* vfs_read()/vfs_write() on a file without read/write ops */
static ssize_t no_read(struct pl_file *f, void *buf, size_t n)
{
	(void)buf;
	(void)n;
	errno = can_read(f) ? EINVAL : EBADF;
	return -1;
}

static ssize_t no_write(struct pl_file *f, const void *buf, size_t n)
{
	(void)buf;
	(void)n;
	errno = can_write(f) ? EINVAL : EBADF;
	return -1;
}

/* ---- the heap fd ------------------------------------------------------ */

static int register_buf(int fd, const struct sm_client_buf *bi);

/* dma_heap_ioctl(): the number, the sizes, copy in, allocate, copy out */
static int heap_ioctl(int fd, struct pl_file *f, unsigned long cmd, void *arg)
{
	struct sm_dmabuf_ioc_sizes sz;
	struct sm_dma_heap_alloc data;
	struct sm_client_buf bi;
	unsigned char *k;
	int bfd = -1;
	int ret;

	(void)fd;
	if (FMODE_PATH(f))
		return -EBADF;
	ret = sm_dmabuf_uapi_heap_ioctl(cmd, &sz);
	if (ret)
		return ret;
	k = calloc(1, sz.ksize);
	if (!k)
		return -ENOMEM;
	if (sm_preload_copy_in(k, arg, sz.in)) {
		free(k);
		return -EFAULT;
	}
	memcpy(&data, k, sizeof(data));
	/* f->boot: the daemon refuses another run's heap fd */
	ret = PL_ASK(c, sm_daemon_client_dmabuf_alloc(c, f->heap, f->boot, &data,
						      &bi, &bfd, NULL));
	if (!ret)
		ret = register_buf(bfd, &bi);
	if (ret) {
		if (bfd >= 0)
			sm_sys_close(bfd);
		free(k);
		return ret;
	}
	((struct sm_dma_heap_alloc *)k)->fd = (uint32_t)bfd;
	if (sm_preload_copy_out(arg, k, sz.out)) {
		/* put_unused_fd() + dma_buf_put(): the buffer is gone */
		sm_preload_fd_drop(bfd);
		sm_sys_close(bfd);
		free(k);
		return -EFAULT;
	}
	pl.last_alloc_fd = bfd;
	free(k);
	return 0;
}

static int heap_fstat(struct pl_file *f, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(0, 5);	/* devtmpfs */
	st->st_ino = 1000 + f->minor;
	st->st_mode = S_IFCHR | 0600;
	st->st_nlink = 1;
	st->st_rdev = makedev(SM_DMA_HEAP_MAJOR, f->minor);
	st->st_blksize = 4096;
	if (pl.client)
		st->st_atime = st->st_mtime = st->st_ctime =
			(time_t)sm_daemon_hello(pl.client)->started;
	return 0;
}

/* nonseekable_open() */
static off_t heap_lseek(struct pl_file *f, off_t off, int whence)
{
	(void)f;
	(void)off;
	(void)whence;
	errno = ESPIPE;
	return -1;
}

static struct pl_file *heap_adopt(uint64_t ino,
				  const struct sm_client_handle *h)
{
	const struct sm_client_heap *hi = &h->heap;
	struct pl_file *f;

	/* an inherited heap fd: its open mode is not known, assume O_RDWR */
	f = sm_preload_file_new(&pl_kind_dma_heap, ino, O_RDWR | O_LARGEFILE);
	if (!f)
		return NULL;
	f->minor = hi->minor;
	f->boot = pl.client ? sm_daemon_hello(pl.client)->boot : 0;
	snprintf(f->heap, sizeof(f->heap), "%s", hi->name);
	return f;
}

const struct pl_kind pl_kind_dma_heap = {
	.name = "dma-heap",
	.ioctl = heap_ioctl,
	.read = no_read,
	.write = no_write,
	.fstat = heap_fstat,
	.lseek = heap_lseek,
	.adopt = heap_adopt,
};

/* ---- the dma-buf fd ------------------------------------------------- */

static struct pl_file *buf_file(uint64_t ino, const struct sm_client_buf *bi)
{
	struct pl_file *f;
	struct pl_buf *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	/* alloc_file_pseudo(flags & (O_ACCMODE | O_NONBLOCK)) */
	f = sm_preload_file_new(&pl_kind_dma_buf, ino,
				(int)(bi->fd_flags & O_ACCMODE));
	if (!f) {
		free(b);
		return NULL;
	}
	b->info = *bi;
	b->refs = 1;
	f->buf = b;
	snprintf(f->heap, sizeof(f->heap), "%s", bi->heap);
	return f;
}

static int register_buf(int fd, const struct sm_client_buf *bi)
{
	struct pl_file *f = buf_file(bi->ino, bi);

	if (!f)
		return -ENOMEM;
	f->refs = 1;
	if (sm_preload_fd_set(fd, f)) {
		sm_preload_file_put(f);
		return -ENOMEM;
	}
	return 0;
}

static int buf_sync(int fd, struct pl_file *f, void *arg)
{
	struct dma_buf_sync s;
	int ret;

	if (sm_preload_copy_in(&s, arg, sizeof(s)))
		return -EFAULT;
	if (sm_preload_boot_stale(f->buf->info.boot))
		return -ENODEV;	/* the exporter (an earlier daemon) is gone */
	ret = sm_dmabuf_uapi_sync_check(s.flags);
	if (ret) {
		if (!(s.flags & ~(uint64_t)DMA_BUF_SYNC_VALID_FLAGS_MASK))
			sm_preload_check_no_direction(fd, f->buf, s.flags);
		return ret;
	}
	sm_dmabuf_sync_state_apply(&f->buf->sync, s.flags);
	sm_preload_buf_protect(f->buf);
	return 0;
}

/* dma_buf_set_name(): strndup_user(arg, DMA_BUF_NAME_LEN) */
static int buf_set_name(struct pl_file *f, const void *arg)
{
	const struct sm_client_buf *b = &f->buf->info;
	char name[SM_DMA_BUF_NAME_LEN] = "";
	size_t n = sm_preload_readable(arg, SM_DMA_BUF_NAME_LEN);
	size_t len;
	int ret;

	if (!n)
		return -EFAULT;
	memcpy(name, arg, n);
	len = strnlen(name, n);
	if (len == n)
		return n == SM_DMA_BUF_NAME_LEN ? -EINVAL : -EFAULT;
	if (sm_preload_boot_stale(b->boot))
		return -ENODEV;	/* never another run's buffer of that id */
	ret = PL_ASK(c,
		     sm_daemon_client_dmabuf_set_name(c, b->id, b->boot, name));
	if (!ret)
		memcpy(f->buf->info.name, name, len + 1);
	return ret;
}

static int buf_ioctl(int fd, struct pl_file *f, unsigned long cmd, void *arg)
{
	if (FMODE_PATH(f))
		return -EBADF;
	switch (sm_dmabuf_uapi_dma_buf_ioctl(cmd)) {
	case SM_DMABUF_IOC_SYNC:
		return buf_sync(fd, f, arg);
	case SM_DMABUF_IOC_SET_NAME:
		return buf_set_name(f, arg);
	default:
		/* sync_file export/import: as a kernel without SYNC_FILE */
		return -ENOTTY;
	}
}

static void *buf_mmap(void *addr, size_t len, int prot, int flags, int fd,
		      struct pl_file *f, off_t off)
{
	if (FMODE_PATH(f)) {
		errno = EBADF;
		return MAP_FAILED;
	}
	/* do_mmap(): a shared writable mapping needs a writable file */
	if (!can_read(f) ||
	    ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
	     !can_write(f))) {
		errno = EACCES;
		return MAP_FAILED;
	}
	return sm_preload_buf_mmap(addr, len, prot, flags, fd, f, off);
}

static int buf_fstat(struct pl_file *f, struct stat *st)
{
	const struct pl_buf *b = f->buf;

	/* alloc_anon_inode(): mode 0600 and no file type; i_size = size */
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(0, 14);
	st->st_ino = b->info.id;
	st->st_mode = S_IRUSR | S_IWUSR;
	st->st_nlink = 1;
	st->st_uid = getuid();
	st->st_gid = getgid();
	st->st_size = (off_t)b->info.size;
	st->st_blocks = (blkcnt_t)(b->info.size / 512);
	st->st_blksize = 4096;
	return 0;
}

static off_t buf_lseek(struct pl_file *f, off_t off, int whence)
{
	int64_t r = sm_dmabuf_uapi_llseek(f->buf->info.size, off, whence);

	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (off_t)r;
}

static struct pl_file *buf_adopt(uint64_t ino,
				 const struct sm_client_handle *h)
{
	return buf_file(ino, &h->buf);
}

static void buf_release(struct pl_file *f)
{
	if (pl.last_alloc_fd >= 0 && sm_preload_fd_peek(pl.last_alloc_fd) == NULL)
		pl.last_alloc_fd = -1;
	sm_preload_buf_put(f->buf);
}

void sm_preload_dmabuf_sync(void)
{
	struct sm_daemon_client *c = pl.client;

	if (c && !pl.stale)
		sm_preload_asked(c, sm_daemon_client_core_sync(c));
}

const struct pl_kind pl_kind_dma_buf = {
	.name = "dma-buf",
	.ioctl = buf_ioctl,
	.mmap = buf_mmap,
	.read = no_read,
	.write = no_write,
	.fstat = buf_fstat,
	.lseek = buf_lseek,
	.adopt = buf_adopt,
	.release = buf_release,
};

/* ---- /dev/dma_heap ------------------------------------------------ */

/* the directory itself: its stand-in in the state directory */
static int open_mirror(const char *mirror, int flags, mode_t mode)
{
	char p[SM_DAEMON_PATH_MAX + 64];
	int fd;

	if (!sm_preload_client(true))
		return -ENODEV;
	snprintf(p, sizeof(p), "%s/%s", pl.state_dir, mirror);
	fd = pl_real.openat(AT_FDCWD, p, flags, mode);
	return fd < 0 ? -errno : fd;
}

/* the heap's minor, from socmemd's list; -ENOENT if there is none */
static int heap_minor(const char *name)
{
	struct sm_client_heap *hi;
	size_t n;
	int ret;

	ret = PL_ASK(c, sm_daemon_client_dmabuf_heaps(c, &hi, &n));
	if (ret)
		return ret;
	ret = -ENOENT;
	for (size_t i = 0; i < n && ret < 0; i++)
		if (!strcmp(hi[i].name, name))
			ret = (int)(hi[i].minor & INT32_MAX);
	free(hi);
	return ret;
}

/* stat of /dev/dma_heap (a directory) or a heap (a character device
 * SM_DMA_HEAP_MAJOR:minor, 0600), as devtmpfs shows them */
int sm_preload_dma_heap_stat(const char *name, struct stat *st)
{
	char p[SM_DAEMON_PATH_MAX + 64];
	int minor;

	if (!*name) {
		snprintf(p, sizeof(p), "%s/dev/dma_heap", pl.state_dir);
		if (stat(p, st))
			return -errno;
		st->st_mode = S_IFDIR | 0755;
		st->st_uid = 0;
		st->st_gid = 0;
		return 0;
	}
	if (strchr(name, '/'))
		return -ENOTDIR;
	minor = heap_minor(name);
	if (minor < 0)
		return minor;
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(0, 5);
	st->st_ino = 1000 + (ino_t)minor;
	st->st_mode = S_IFCHR | 0600;
	st->st_nlink = 1;
	st->st_rdev = makedev(SM_DMA_HEAP_MAJOR, (unsigned int)minor);
	st->st_blksize = 4096;
	if (pl.client)	/* made when the system booted */
		st->st_atime = st->st_mtime = st->st_ctime =
			(time_t)sm_daemon_hello(pl.client)->started;
	return 0;
}

int sm_preload_dma_heap_dir(const char *name, char *mirror, size_t len)
{
	struct stat st;
	int ret;

	if (!*name) {
		snprintf(mirror, len, "dev/dma_heap");
		return 0;
	}
	ret = sm_preload_dma_heap_stat(name, &st);
	return ret ? ret : -ENOTDIR;
}

/* open("/dev/dma_heap/<name>"): a heap handle from socmemd */
int sm_preload_dma_heap_open(const char *name, int flags, mode_t mode)
{
	struct sm_client_heap hi;
	struct pl_file *f;
	int fd = -1;
	int ret;

	if (!*name)
		return open_mirror("dev/dma_heap", flags, mode);
	/* no heap has such a name: no need to start a daemon to say so */
	if (strchr(name, '/') || strlen(name) >= SM_DMA_HEAP_NAME_MAX)
		return -ENOENT;
	ret = PL_ASK(c, sm_daemon_client_dmabuf_open(c, name, flags, &hi, &fd));
	if (ret == -ENOENT && (flags & O_CREAT))
		return -EACCES;	/* devtmpfs: root's directory */
	if (ret)
		return ret;
	if ((flags & O_CREAT) && (flags & O_EXCL)) {
		sm_sys_close(fd);
		return -EEXIST;
	}
	if (flags & O_DIRECTORY) {
		sm_sys_close(fd);
		return -ENOTDIR;
	}
	f = sm_preload_file_new(&pl_kind_dma_heap, 0, (flags & ~(O_CREAT | O_EXCL |
				O_NOCTTY | O_TRUNC | O_CLOEXEC)) |
				O_LARGEFILE);
	if (!f) {
		sm_sys_close(fd);
		return -ENOMEM;
	}
	f->refs = 1;
	f->minor = hi.minor;
	f->boot = sm_daemon_hello(pl.client)->boot;
	snprintf(f->heap, sizeof(f->heap), "%s", hi.name);
	{
		struct stat st;

		if (!sm_sys_fstat(fd, &st))
			f->ino = st.st_ino;
	}
	if (sm_preload_fd_set(fd, f)) {
		sm_preload_file_put(f);
		sm_sys_close(fd);
		return -ENOMEM;
	}
	return fd;
}
