// SPDX-License-Identifier: MIT
/*
 * zshm.c - block I/O on /dev/zram<N> through a buffer shared with
 * socmemd: the daemon hands this connection a memfd once (SM_ZRAM_SHM),
 * and each read or write of up to SM_ZRAM_SHM_SIZE bytes is one request
 * whose bytes sit in it - one copy each way and one round trip per
 * megabyte, instead of the socket's copies in 60 KiB messages. A forked
 * child has its own connection, so it asks for its own buffer. A daemon
 * without the requests (-EOPNOTSUPP) leaves the socket path in use.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

/* under the lock: this connection's buffer, or NULL + a negative errno */
static uint8_t *buffer(int *err)
{
	struct sm_daemon_client *c = sm_preload_client(true);
	int fd = -1;
	void *m;

	*err = -ENOSYS;
	if (pl.shm_unsupported || !c)
		return NULL;
	if (pl.shm && pl.shm_client == c)
		return pl.shm;
	if (pl.shm)
		pl_real.munmap(pl.shm, SM_ZRAM_SHM_SIZE);	/* the parent's */
	pl.shm = NULL;
	*err = PL_ASK(k, sm_daemon_client_zram_shm(k, &fd));
	if (*err) {
		if (*err == -EOPNOTSUPP)
			pl.shm_unsupported = true;
		*err = -ENOSYS;
		return NULL;
	}
	m = pl_real.mmap(NULL, SM_ZRAM_SHM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_SHARED, fd, 0);
	pl_real.close(fd);
	if (m == MAP_FAILED)
		return NULL;
	pl.shm = m;
	pl.shm_client = pl.client;
	return pl.shm;
}

/* one request on the shared buffer; *@count <= @len (checked) */
static int io(bool write, struct pl_file *f, uint64_t off, size_t len,
	      size_t *count)
{
	const char *path = f->z->f.path;

	*count = 0;
	return write ? PL_ASK(c, sm_daemon_client_zram_shm_write(c, path, f->flags,
							   off, len, count)) :
		       PL_ASK(c, sm_daemon_client_zram_shm_read(c, path, f->flags,
							  off, len, count));
}

/*
 * pread (@in NULL: into @out) or pwrite (from @in) through the buffer, a
 * megabyte a request; a short transfer ends it, as at the device's end
 */
static ssize_t transfer(struct pl_file *f, void *out, const void *in,
			size_t n, off_t off)
{
	size_t done = 0;
	int err;

	while (done < n) {
		uint8_t *m = buffer(&err);
		size_t k = n - done < SM_ZRAM_SHM_SIZE ? n - done :
							  SM_ZRAM_SHM_SIZE;
		size_t got = 0;

		if (!m)
			return done ? (ssize_t)done : err;
		err = in && sm_preload_copy_in(m, (const char *)in + done, k) ? -EFAULT :
		      io(in != NULL, f, (uint64_t)off + done, k, &got);
		if (!err && !in && sm_preload_copy_out((char *)out + done, m, got))
			err = -EFAULT;
		if (err)
			return done ? (ssize_t)done : err;
		done += got;
		if (got < k)
			break;
	}
	return (ssize_t)done;
}

ssize_t sm_preload_zshm_pwrite(struct pl_file *f, const void *buf, size_t n,
			       off_t off)
{
	return transfer(f, NULL, buf, n, off);
}

ssize_t sm_preload_zshm_pread(struct pl_file *f, void *buf, size_t n, off_t off)
{
	return transfer(f, buf, NULL, n, off);
}
