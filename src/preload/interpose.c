// SPDX-License-Identifier: MIT
/*
 * interpose.c - the libc entry points libsocmem-preload.so replaces.
 * Each one asks the fd table (or the served-path table) whether the fd or
 * path is socmemd's; if not, the call goes to the real libc untouched,
 * after one atomic load. Ours go to their kind's operation under the lock.
 * Everything here is exported (preload.map); nothing else is.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/close_range.h>
#include <linux/dma-buf.h>

#include "internal.h"
#include "../daemon/sys.h"

/* entry points glibc has but declares only under _FORTIFY_SOURCE or not
 * at all any more */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen);
int __fxstat(int ver, int fd, struct stat *st);
int __fxstat64(int ver, int fd, struct stat64 *st);

#define IOC_TYPE(c) (((unsigned int)(c) >> 8) & 0xff)

static int fail(int ret)
{
	return (int)sm_preload_errno(ret);
}

/* ---- paths ------------------------------------------------------------ */

const struct pl_path *sm_preload_match_normalized(char *buf, size_t len,
						  const char **rest)
{
	sm_preload_zram_devnum_alias(buf, len);
	for (size_t i = 0; i < pl_npaths; i++) {
		const struct pl_path *p = &pl_paths[i];
		size_t l;

		if (p->match) {
			if (!p->match(buf))
				continue;
			*rest = buf;
			return p;
		}
		l = strlen(p->path);
		if (strncmp(buf, p->path, l))
			continue;
		if (buf[l] == '\0' || buf[l] == '/') {
			*rest = buf[l] ? buf + l + 1 : buf + l;
			return p;
		}
	}
	return NULL;
}

const struct pl_path *sm_preload_lookup(int *dirfd, const char **path,
					bool follow,
					const char **rest, char *buf, size_t len,
					int *err)
{
	int ret = sm_preload_resolve(*dirfd, *path, follow, buf, len);

	*err = ret < 0 ? ret : 0;
	if (ret == PL_RES_RENAMED) {
		*dirfd = AT_FDCWD;
		*path = buf;
	}
	if (ret != PL_RES_SERVED)
		return NULL;
	return sm_preload_match_normalized(buf, len, rest);
}

static int served_open(int dirfd, const char *path, int flags, mode_t mode,
		       bool at)
{
	char buf[4096];
	const char *rest;
	const struct pl_path *p;
	int ret;

	sm_preload_init();
	if (!at)
		dirfd = AT_FDCWD;
	p = sm_preload_lookup(&dirfd, &path, !(flags & O_NOFOLLOW), &rest, buf,
			      sizeof(buf), &ret);
	if (!ret && !p && path && sm_preload_kmsg_refused(buf, flags))
		ret = -EPERM;
	if (ret)
		return fail(ret);
	if (!p)
		return pl_real.openat(dirfd, path, flags, mode);
	sm_preload_lock();
	ret = sm_preload_client(true) ? p->open(rest, flags, mode) : -ENODEV;
	sm_preload_unlock();
	return fail(ret);
}

/* the mode open(2) reads after @flags, only with O_CREAT or O_TMPFILE
 * (a macro: only the variadic function itself can reach its arguments) */
#define OPEN_MODE(flags)                                                   \
	({                                                                 \
		va_list ap_;                                               \
		mode_t m_ = 0;                                             \
									   \
		va_start(ap_, flags);                                      \
		if ((flags) & (O_CREAT | O_TMPFILE))                       \
			m_ = (mode_t)va_arg(ap_, int);                     \
		va_end(ap_);                                               \
		m_;                                                        \
	})

PL_EXPORT int open(const char *path, int flags, ...)
{
	return served_open(AT_FDCWD, path, flags, OPEN_MODE(flags), false);
}

PL_EXPORT int open64(const char *path, int flags, ...)
{
	return served_open(AT_FDCWD, path, flags | O_LARGEFILE, OPEN_MODE(flags),
			   false);
}

PL_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	return served_open(dirfd, path, flags, OPEN_MODE(flags), true);
}

PL_EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
	return served_open(dirfd, path, flags | O_LARGEFILE, OPEN_MODE(flags),
			   true);
}

/* _FORTIFY_SOURCE variants (no mode: O_CREAT is not allowed there) */
PL_EXPORT int __open_2(const char *path, int flags)
{
	return served_open(AT_FDCWD, path, flags, 0, false);
}

PL_EXPORT int __open64_2(const char *path, int flags)
{
	return served_open(AT_FDCWD, path, flags | O_LARGEFILE, 0, false);
}

PL_EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
	return served_open(dirfd, path, flags, 0, true);
}

PL_EXPORT int __openat64_2(int dirfd, const char *path, int flags)
{
	return served_open(dirfd, path, flags | O_LARGEFILE, 0, true);
}

/* ---- fds ------------------------------------------------------------------- */

PL_EXPORT int close(int fd)
{
	struct pl_file *f;
	int ret;

	sm_preload_init();
	f = sm_preload_fd_peek(fd);
	if (!f)
		return pl_real.close(fd);
	if (f == PL_INTERNAL)
		return 0;	/* ours: the program never had it */
	sm_preload_lock();
	f = sm_preload_fd_peek(fd);
	sm_preload_fd_clear(fd);
	ret = sm_sys_close(fd);
	if (ret)
		ret = -errno;
	if (f && f != PL_INTERNAL)
		sm_preload_file_put(f);
	sm_preload_unlock();
	return fail(ret);
}

/* @new now refers to @f's file (or to nothing of ours if @f is NULL) */
static void rebind(int nfd, struct pl_file *f)
{
	struct pl_file *old = sm_preload_fd_peek(nfd);

	if (old && old != PL_INTERNAL) {
		sm_preload_fd_clear(nfd);
		sm_preload_file_put(old);
	}
	if (f && f != PL_INTERNAL) {
		f->refs++;
		sm_preload_fd_set(nfd, f);
	} else {
		sm_preload_fd_clear(nfd);
	}
}

PL_EXPORT int dup(int fd)
{
	struct pl_file *f;
	int nfd;

	sm_preload_init();
	f = sm_preload_fd_peek(fd);
	if (!f || f == PL_INTERNAL)
		return pl_real.dup(fd);
	sm_preload_lock();
	nfd = pl_real.dup(fd);
	if (nfd >= 0)
		rebind(nfd, sm_preload_fd_peek(fd));
	sm_preload_unlock();
	return nfd;
}

/* the program wants fd number @fd, which is one of ours: move ours */
static void make_room(int fd)
{
	if (pl.client && (fd == sm_daemon_socket_fd(pl.client) ||
			  fd == sm_daemon_phys_fd(pl.client))) {
		pl.stale = true;	/* reconnect later, elsewhere */
		sm_preload_client(false);
		return;
	}
	for (int i = 0; i < PL_MAX_MAPS; i++) {
		struct pl_map *m = &pl_maps[i];
		int n;

		if (!atomic_load(&m->used) || m->hold != fd)
			continue;
		n = sm_sys_fcntl(fd, F_DUPFD_CLOEXEC, pl.fd_floor);
		if (n < 0)
			n = sm_sys_fcntl(fd, F_DUPFD_CLOEXEC, 3);
		if (n >= 0) {
			m->hold = sm_preload_fd_internal(n);
			sm_preload_fd_clear(fd);
			sm_sys_close(fd);
		}
	}
}

static int dup_to(int oldfd, int newfd, int flags, bool is3)
{
	struct pl_file *fo, *fn;
	int ret;

	sm_preload_init();
	fo = sm_preload_fd_peek(oldfd);
	fn = sm_preload_fd_peek(newfd);
	if (!fo && !fn)
		return is3 ? pl_real.dup3(oldfd, newfd, flags) :
			     pl_real.dup2(oldfd, newfd);
	sm_preload_lock();
	if (fn == PL_INTERNAL && oldfd != newfd)
		make_room(newfd);
	ret = is3 ? pl_real.dup3(oldfd, newfd, flags) :
		    pl_real.dup2(oldfd, newfd);
	if (ret >= 0 && oldfd != newfd)
		rebind(newfd, sm_preload_fd_peek(oldfd));
	sm_preload_unlock();
	return ret;
}

PL_EXPORT int dup2(int oldfd, int newfd)
{
	return dup_to(oldfd, newfd, 0, false);
}

PL_EXPORT int dup3(int oldfd, int newfd, int flags)
{
	return dup_to(oldfd, newfd, flags, true);
}

/* the kernel's close_range(2) (our own syscall() would come back here) */
static int sys_close_range(unsigned int first, unsigned int last, int flags)
{
	static long (*real_syscall)(long, ...);

	if (!real_syscall)
		real_syscall = (long (*)(long, ...))sm_preload_dlsym("syscall");
	return (int)real_syscall(SYS_close_range, first, last, flags);
}

/*
 * close_range() and closefrom(): our own fds in the range (the
 * connection, and the fd each mapping holds - the reference a VMA holds
 * on its file) are not the program's and stay open, so a buffer that is
 * still mapped is not freed; the program's dma-buf fds close as with
 * close(). CLOSE_RANGE_CLOEXEC changes nothing of ours (all cloexec).
 */
PL_EXPORT int close_range(unsigned int first, unsigned int last, int flags)
{
	unsigned int from = first;
	int ret = 0;

	sm_preload_init();
	if ((flags & CLOSE_RANGE_CLOEXEC) || first > last ||
	    sm_preload_fd_next((int)(first > INT32_MAX ? INT32_MAX : first)) < 0)
		return sys_close_range(first, last, flags);
	sm_preload_lock();
	for (int fd = sm_preload_fd_next((int)first); fd >= 0 &&
	     (unsigned int)fd <= last; fd = sm_preload_fd_next(fd + 1)) {
		struct pl_file *f = sm_preload_fd_peek(fd);

		if (f != PL_INTERNAL) {
			sm_preload_fd_clear(fd);
			sm_preload_file_put(f);
			continue;	/* closed with its range below */
		}
		if ((unsigned int)fd > from &&
		    sys_close_range(from, (unsigned int)fd - 1, flags))
			ret = -errno;
		from = (unsigned int)fd + 1;
	}
	if (!ret && from <= last &&
	    sys_close_range(from, last, flags))
		ret = -errno;
	sm_preload_unlock();
	return fail(ret);
}

PL_EXPORT void closefrom(int lowfd)
{
	close_range(lowfd < 0 ? 0 : (unsigned int)lowfd, ~0U, 0);
}

/* a dma-buf, heap or zram fd is no socket, whatever we made it from */
PL_EXPORT int shutdown(int fd, int how)
{
	struct pl_file *f;

	sm_preload_init();
	f = sm_preload_fd_peek(fd);
	if (!f) {
		sm_preload_lock();
		f = sm_preload_identify_or_peek(fd);
		sm_preload_unlock();
		if (!f)
			return pl_real.shutdown(fd, how);
	}
	return fail(f == PL_INTERNAL ? -EBADF : -ENOTSOCK);
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

static int do_fcntl(int fd, int cmd, void *arg)
{
	struct pl_file *f;
	int ret;

	sm_preload_init();
	f = sm_preload_fd_peek(fd);
	if (!f || f == PL_INTERNAL)
		return pl_real.fcntl(fd, cmd, arg);
	sm_preload_lock();
	f = sm_preload_fd_peek(fd);
	switch (f && f != PL_INTERNAL ? cmd : -1) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		ret = pl_real.fcntl(fd, cmd, arg);
		if (ret >= 0)
			rebind(ret, f);
		break;
	case F_GETFL:
		ret = f->flags;
		break;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) |
			   ((int)(intptr_t)arg & SETFL_MASK);
		ret = 0;
		break;
	default:
		ret = pl_real.fcntl(fd, cmd, arg);
	}
	sm_preload_unlock();
	return ret;
}

PL_EXPORT int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return do_fcntl(fd, cmd, arg);
}

/* the same call under its LFS name (one body: a variadic call cannot be
 * passed on) */
PL_EXPORT int fcntl64(int fd, int cmd, ...) __attribute__((alias("fcntl")));

/* ---- ioctl ------------------------------------------------------------------ */

/* generic ioctls the VFS answers for any file, before the driver */
static bool vfs_ioctl(unsigned long req)
{
	return req == FIOCLEX || req == FIONCLEX || req == FIONBIO ||
	       req == FIOASYNC;
}

PL_EXPORT int ioctl(int fd, unsigned long req, ...)
{
	struct pl_file *f;
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	sm_preload_init();
	f = sm_preload_fd_peek(fd);
	if (f == PL_INTERNAL || (f && vfs_ioctl(req)) ||
	    (!f && IOC_TYPE(req) != 'b' && IOC_TYPE(req) != 'H' &&
	     IOC_TYPE(req) != 0x12))
		return pl_real.ioctl(fd, req, arg);
	sm_preload_lock();
	f = sm_preload_identify_or_peek(fd);
	if (!f) {
		ret = pl_real.ioctl(fd, req, arg);
		if ((unsigned int)req == DMA_BUF_IOCTL_SYNC) {
			struct dma_buf_sync s = { 0 };
			int saved = errno;

			sm_preload_copy_in(&s, arg, sizeof(s));
			sm_preload_check_bad_fd(fd, s.flags);
			errno = saved;
		}
		sm_preload_unlock();
		return ret;
	}
	ret = f->kind->ioctl ? f->kind->ioctl(fd, f, req, arg) : -ENOTTY;
	sm_preload_unlock();
	return fail(ret);
}

/* ---- memory ------------------------------------------------------------------ */

static void *do_mmap(void *addr, size_t len, int prot, int flags, int fd,
		     off_t off)
{
	struct pl_file *f;
	void *p;

	sm_preload_init();
	if (fd < 0 || (flags & MAP_ANONYMOUS))
		return pl_real.mmap(addr, len, prot, flags, fd, off);
	f = sm_preload_fd_peek(fd);
	if (f == PL_INTERNAL)
		return pl_real.mmap(addr, len, prot, flags, fd, off);
	sm_preload_lock();
	f = sm_preload_identify_or_peek(fd);
	if (!f) {
		sm_preload_unlock();
		return pl_real.mmap(addr, len, prot, flags, fd, off);
	}
	if (f->kind->mmap) {
		p = f->kind->mmap(addr, len, prot, flags, fd, f, off);
	} else {
		errno = ENODEV;	/* a character device without mmap */
		p = MAP_FAILED;
	}
	sm_preload_unlock();
	return p;
}

PL_EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd,
		     off_t off)
{
	return do_mmap(addr, len, prot, flags, fd, off);
}

PL_EXPORT void *mmap64(void *addr, size_t len, int prot, int flags, int fd,
		       off_t off)
{
	return do_mmap(addr, len, prot, flags, fd, off);
}

PL_EXPORT int munmap(void *addr, size_t len)
{
	sm_preload_init();
	if (!sm_preload_have_mappings())
		return pl_real.munmap(addr, len);
	return sm_preload_munmap(addr, len);
}

/* ---- read, write, seek, stat ---------------------------------------------------- */

/* one read, write, pread or pwrite: @rbuf to read into, @wbuf to write */
struct fd_io {
	enum { IO_READ, IO_WRITE, IO_PREAD, IO_PWRITE } op;
	void *rbuf;
	const void *wbuf;
	size_t n;
	off_t off;
};

static ssize_t host_io(int fd, const struct fd_io *io)
{
	switch (io->op) {
	case IO_READ:
		return pl_real.read(fd, io->rbuf, io->n);
	case IO_WRITE:
		return pl_real.write(fd, io->wbuf, io->n);
	case IO_PREAD:
		return pl_real.pread(fd, io->rbuf, io->n, io->off);
	default:
		return pl_real.pwrite(fd, io->wbuf, io->n, io->off);
	}
}

/*
 * a served fd (@f NULL: gone meanwhile): its kind's op; without one, read
 * and write go to the fd itself (a handle's socket says what it is) and
 * pread and pwrite are ESPIPE
 */
static ssize_t served_io(struct pl_file *f, int fd, const struct fd_io *io)
{
	const struct pl_kind *k = f ? f->kind : NULL;

	switch (io->op) {
	case IO_READ:
		return k && k->read ? k->read(f, io->rbuf, io->n) :
				      sm_sys_read(fd, io->rbuf, io->n);
	case IO_WRITE:
		return k && k->write ? k->write(f, io->wbuf, io->n) :
				       sm_sys_write(fd, io->wbuf, io->n);
	case IO_PREAD:
		if (k && k->pread)
			return k->pread(f, io->rbuf, io->n, io->off);
		break;
	default:
		if (k && k->pwrite)
			return k->pwrite(f, io->wbuf, io->n, io->off);
	}
	errno = ESPIPE;
	return -1;
}

/*
 * The dispatch the data interposers share: a host fd goes to libc at
 * once, unlocked; a served one to its kind under the lock, looked up
 * again there (another thread may have closed it meanwhile).
 */
static ssize_t fd_io(int fd, const struct fd_io *io)
{
	struct pl_file *f;
	ssize_t ret;

	sm_preload_init();
	f = sm_preload_fd_peek(fd);
	if (!f || f == PL_INTERNAL)
		return host_io(fd, io);
	sm_preload_lock();
	f = sm_preload_fd_peek(fd);
	ret = served_io(f == PL_INTERNAL ? NULL : f, fd, io);
	sm_preload_unlock();
	return ret;
}

PL_EXPORT ssize_t read(int fd, void *buf, size_t n)
{
	return fd_io(fd, &(struct fd_io){ .op = IO_READ, .rbuf = buf, .n = n });
}

PL_EXPORT ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	if (n > buflen)
		__builtin_trap();	/* what __chk_fail() does, minus the text */
	return read(fd, buf, n);
}

PL_EXPORT ssize_t write(int fd, const void *buf, size_t n)
{
	return fd_io(fd, &(struct fd_io){ .op = IO_WRITE, .wbuf = buf, .n = n });
}

PL_EXPORT ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	return fd_io(fd, &(struct fd_io){ .op = IO_PREAD, .rbuf = buf, .n = n,
					  .off = off });
}

PL_EXPORT ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
	return pread(fd, buf, n, off);
}

PL_EXPORT ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return fd_io(fd, &(struct fd_io){ .op = IO_PWRITE, .wbuf = buf, .n = n,
					  .off = off });
}

PL_EXPORT ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	return pwrite(fd, buf, n, off);
}

/* our files write through at once: there is nothing to flush */
static int do_sync(int fd, bool data)
{
	struct pl_file *f;

	sm_preload_init();
	f = sm_preload_fd_peek(fd);
	if (!f || f == PL_INTERNAL)
		return data ? pl_real.fdatasync(fd) : pl_real.fsync(fd);
	if (f->kind == &pl_kind_zbdev || f->kind == &pl_kind_zfile)
		return 0;
	errno = EINVAL;	/* a dma-buf or heap has no fsync */
	return -1;
}

PL_EXPORT int fsync(int fd)
{
	return do_sync(fd, false);
}

PL_EXPORT int fdatasync(int fd)
{
	return do_sync(fd, true);
}

static off_t do_lseek(int fd, off_t off, int whence)
{
	struct pl_file *f;
	off_t ret;

	sm_preload_init();
	f = sm_preload_fd_peek(fd);
	if (!f) {
		/* a handle we were given is a socket: ESPIPE tells them */
		ret = pl_real.lseek(fd, off, whence);
		if (ret >= 0 || errno != ESPIPE)
			return ret;
	}
	if (f == PL_INTERNAL)
		return pl_real.lseek(fd, off, whence);
	sm_preload_lock();
	f = sm_preload_identify_or_peek(fd);
	if (f && f->kind->lseek) {
		ret = f->kind->lseek(f, off, whence);
	} else {
		ret = -1;
		errno = ESPIPE;
	}
	sm_preload_unlock();
	return ret;
}

PL_EXPORT off_t lseek(int fd, off_t off, int whence)
{
	return do_lseek(fd, off, whence);
}

PL_EXPORT off_t lseek64(int fd, off_t off, int whence)
{
	return do_lseek(fd, off, whence);
}

static int do_fstat(int fd, struct stat *st)
{
	struct pl_file *f;
	int ret;

	sm_preload_init();
	f = sm_preload_fd_peek(fd);
	if (!f) {
		/* only a socket can be a handle we were given */
		ret = pl_real.fstat(fd, st);
		if (ret || !S_ISSOCK(st->st_mode))
			return ret;
	}
	if (f == PL_INTERNAL)
		return pl_real.fstat(fd, st);
	sm_preload_lock();
	f = sm_preload_identify_or_peek(fd);
	if (f && f->kind->fstat)
		ret = sm_preload_copy_out(st, &(struct stat){ 0 }, sizeof(*st)) ?
			      -EFAULT : f->kind->fstat(f, st);
	else
		ret = pl_real.fstat(fd, st) ? -errno : 0;
	sm_preload_unlock();
	return fail(ret);
}

PL_EXPORT int fstat(int fd, struct stat *st)
{
	return do_fstat(fd, st);
}

/* 64-bit glibc: struct stat64 is struct stat */
PL_EXPORT int fstat64(int fd, struct stat64 *st)
{
	return do_fstat(fd, (struct stat *)st);
}

/* programs built against glibc < 2.33 call these */
PL_EXPORT int __fxstat(int ver, int fd, struct stat *st)
{
	(void)ver;
	return do_fstat(fd, st);
}

PL_EXPORT int __fxstat64(int ver, int fd, struct stat64 *st)
{
	(void)ver;
	return do_fstat(fd, (struct stat *)st);
}
