// SPDX-License-Identifier: MIT
/*
 * routes.c - the other ways in and out of a served zram file, beyond
 * read() and write(): readv, writev, preadv, pwritev (and their "2"
 * forms), sendfile (Python's shutil.copyfile), splice, copy_file_range.
 * Each is the kernel's for that kind of file: a vector is gathered into
 * one write, as kernfs's write_iter sees it (one store() of at most a
 * page) or scattered from one read; sendfile and splice go through a
 * buffer in chunks, as the kernel's splice of a pipe buffer does;
 * copy_file_range is EXDEV for sysfs and proc files (another
 * filesystem) and EINVAL for the block device (not a regular file), and
 * callers fall back to read and write. Anything else goes to libc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

#include "internal.h"

#define CHUNK (64 * 1024)


static void *real(const char *name)
{
	return sm_preload_dlsym(name);
}

/* the vector's total length; -EINVAL as the kernel's rw_copy_check_uvector */
static ssize_t vec_len(const struct iovec *iov, int cnt, struct iovec *copy)
{
	size_t total = 0;

	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	if (sm_preload_copy_in(copy, iov, (size_t)cnt * sizeof(*iov)))
		return -EFAULT;
	for (int i = 0; i < cnt; i++) {
		if ((ssize_t)copy[i].iov_len < 0 ||
		    total + copy[i].iov_len > (size_t)SSIZE_MAX)
			return -EINVAL;
		total += copy[i].iov_len;
	}
	return (ssize_t)total;
}

/* writev/pwritev (@off < 0: at the file position) on a served fd */
static ssize_t gather_write(int fd, const struct iovec *iov, int cnt,
			    off_t off)
{
	struct iovec v[IOV_MAX];
	ssize_t total = vec_len(iov, cnt, v), ret;
	char *buf, *p;

	if (total < 0)
		return sm_preload_errno(total);
	buf = malloc(total ? (size_t)total : 1);
	if (!buf)
		return sm_preload_errno(-ENOMEM);
	p = buf;
	for (int i = 0; i < cnt; i++) {
		if (sm_preload_copy_in(p, v[i].iov_base, v[i].iov_len)) {
			free(buf);
			return sm_preload_errno(-EFAULT);
		}
		p += v[i].iov_len;
	}
	ret = off < 0 ? write(fd, buf, (size_t)total) :
			pwrite(fd, buf, (size_t)total, off);
	free(buf);
	return ret;
}

/* readv/preadv on a served fd: one read, scattered */
static ssize_t scatter_read(int fd, const struct iovec *iov, int cnt,
			    off_t off)
{
	struct iovec v[IOV_MAX];
	ssize_t total = vec_len(iov, cnt, v), ret;
	char *buf;

	if (total < 0)
		return sm_preload_errno(total);
	buf = malloc(total ? (size_t)total : 1);
	if (!buf)
		return sm_preload_errno(-ENOMEM);
	ret = off < 0 ? read(fd, buf, (size_t)total) :
			pread(fd, buf, (size_t)total, off);
	for (ssize_t at = 0, i = 0; ret > 0 && at < ret && i < cnt; i++) {
		size_t n = v[i].iov_len < (size_t)(ret - at) ?
				   v[i].iov_len : (size_t)(ret - at);

		if (sm_preload_copy_out(v[i].iov_base, buf + at, n)) {
			free(buf);
			return sm_preload_errno(-EFAULT);
		}
		at += (ssize_t)n;
	}
	free(buf);
	return ret;
}

/* writev (@write) or readv: at the file position */
static ssize_t vec_here(int fd, const struct iovec *iov, int cnt, bool write)
{
	ssize_t (*r)(int, const struct iovec *, int);

	sm_preload_init();
	if (sm_preload_fd_zfile(fd))
		return write ? gather_write(fd, iov, cnt, -1) :
			       scatter_read(fd, iov, cnt, -1);
	r = real(write ? "writev" : "readv");
	return r(fd, iov, cnt);
}

PL_EXPORT ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	return vec_here(fd, iov, cnt, true);
}

PL_EXPORT ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	return vec_here(fd, iov, cnt, false);
}

/*
 * pwritev (@write) or preadv and their 64 and 2 forms: at @off, or with
 * the "2" forms at -1 the file position, on a served fd
 */
static ssize_t vec_at(int fd, const struct iovec *iov, int cnt, off_t off,
		      int flags, const char *name, bool write)
{
	ssize_t (*r)(int, const struct iovec *, int, off_t, int);
	ssize_t (*ours)(int, const struct iovec *, int, off_t) =
		write ? gather_write : scatter_read;

	sm_preload_init();
	if (sm_preload_fd_zfile(fd))
		return off < 0 && strchr(name, '2') ? ours(fd, iov, cnt, -1) :
		       off < 0 ? sm_preload_errno(-EINVAL) : ours(fd, iov, cnt, off);
	r = real(name);
	return r(fd, iov, cnt, off, flags);
}

PL_EXPORT ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return vec_at(fd, iov, cnt, off, 0, "pwritev", true);
}

PL_EXPORT ssize_t pwritev64(int fd, const struct iovec *iov, int cnt,
			    off_t off)
{
	return vec_at(fd, iov, cnt, off, 0, "pwritev64", true);
}

PL_EXPORT ssize_t pwritev2(int fd, const struct iovec *iov, int cnt,
			   off_t off, int flags)
{
	return vec_at(fd, iov, cnt, off, flags, "pwritev2", true);
}

PL_EXPORT ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return vec_at(fd, iov, cnt, off, 0, "preadv", false);
}

PL_EXPORT ssize_t preadv64(int fd, const struct iovec *iov, int cnt, off_t off)
{
	return vec_at(fd, iov, cnt, off, 0, "preadv64", false);
}

PL_EXPORT ssize_t preadv2(int fd, const struct iovec *iov, int cnt, off_t off,
			  int flags)
{
	return vec_at(fd, iov, cnt, off, flags, "preadv2", false);
}

/*
 * Copy up to @len bytes from @in to @out through a buffer, by read and
 * write (ours for a served fd, the kernel's otherwise); @in_off, when
 * given, is read at and advanced instead of the file position. Return:
 * bytes copied, or -1 and errno when nothing was.
 */
static ssize_t copy_through(int out, int in, off_t *in_off, size_t len)
{
	char *buf = malloc(CHUNK);
	size_t done = 0;
	ssize_t ret = 0;

	if (!buf)
		return sm_preload_errno(-ENOMEM);
	while (done < len) {
		size_t want = len - done < CHUNK ? len - done : CHUNK;
		ssize_t got, put;

		got = in_off ? pread(in, buf, want, *in_off) :
			       read(in, buf, want);
		if (got <= 0) {
			ret = got;
			break;
		}
		put = write(out, buf, (size_t)got);
		if (put < 0) {
			ret = put;
			break;
		}
		if (in_off)
			*in_off += put;
		else if (put < got)	/* give back what was not taken */
			lseek(in, put - got, SEEK_CUR);
		done += (size_t)put;
		if (put < got)
			break;
	}
	free(buf);
	if (done)
		return (ssize_t)done;
	return ret;
}

/*
 * copy_through() at the program's offset @user_off (an off_t or loff_t,
 * both 64 bits here: read, then advanced by what was copied), or at the
 * file position when it is NULL
 */
static ssize_t copy_at(int out, int in, void *user_off, size_t len)
{
	off_t o;
	ssize_t ret;

	_Static_assert(sizeof(off_t) == sizeof(loff_t), "64-bit offsets");
	if (!user_off)
		return copy_through(out, in, NULL, len);
	if (sm_preload_copy_in(&o, user_off, sizeof(o)))
		return sm_preload_errno(-EFAULT);
	ret = copy_through(out, in, &o, len);
	if (ret >= 0 && sm_preload_copy_out(user_off, &o, sizeof(o)))
		return sm_preload_errno(-EFAULT);
	return ret;
}

static ssize_t do_sendfile(int out, int in, off_t *off, size_t count,
			   const char *name)
{
	ssize_t (*r)(int, int, off_t *, size_t);

	sm_preload_init();
	if (!sm_preload_fd_zfile(out) && !sm_preload_fd_zfile(in)) {
		r = real(name);
		return r(out, in, off, count);
	}
	return copy_at(out, in, off, count);
}

PL_EXPORT ssize_t sendfile(int out, int in, off_t *off, size_t count)
{
	return do_sendfile(out, in, off, count, "sendfile");
}

PL_EXPORT ssize_t sendfile64(int out, int in, off_t *off, size_t count)
{
	return do_sendfile(out, in, off, count, "sendfile64");
}

/* splice(2): one end is a pipe; a served end is read or written here */
PL_EXPORT ssize_t splice(int in, loff_t *in_off, int out, loff_t *out_off,
			 size_t len, unsigned int flags)
{
	ssize_t (*r)(int, loff_t *, int, loff_t *, size_t, unsigned int);

	sm_preload_init();
	if (!sm_preload_fd_zfile(out) && !sm_preload_fd_zfile(in)) {
		r = real("splice");
		return r(in, in_off, out, out_off, len, flags);
	}
	if (out_off && sm_preload_fd_zfile(out))
		return sm_preload_errno(-EINVAL);	/* written at a position: no pipe */
	return copy_at(out, in, in_off, len);
}

PL_EXPORT ssize_t copy_file_range(int in, loff_t *in_off, int out,
				  loff_t *out_off, size_t len,
				  unsigned int flags)
{
	ssize_t (*r)(int, loff_t *, int, loff_t *, size_t, unsigned int);
	struct pl_file *fi = sm_preload_fd_peek(in), *fo = sm_preload_fd_peek(out);

	sm_preload_init();
	if (!sm_preload_fd_zfile(out) && !sm_preload_fd_zfile(in)) {
		r = real("copy_file_range");
		return r(in, in_off, out, out_off, len, flags);
	}
	if ((sm_preload_fd_zfile(in) && fi->kind == &pl_kind_zbdev) ||
	    (sm_preload_fd_zfile(out) && fo->kind == &pl_kind_zbdev))
		return sm_preload_errno(-EINVAL);
	return sm_preload_errno(-EXDEV);
}
