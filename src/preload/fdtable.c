// SPDX-License-Identifier: MIT
/*
 * fdtable.c - which fds of this process are socmemd's: a table indexed
 * by fd that the fast path reads without the lock (an fd that is not
 * ours costs one atomic load), the files behind them, and identifying an
 * fd this process was handed without us seeing it made (over a socket,
 * across exec) by its inode.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"
#include "../daemon/sys.h"

struct fdtab {
	size_t cap;
	_Atomic(struct pl_file *) e[];
};

/* grown by copying; old tables are kept (a reader may still hold one).
 * Not in struct pl_state: every interposer's fast path reads it with
 * one atomic load, and only this file may know its layout. */
static _Atomic(struct fdtab *) tab;

static bool zfile(const struct pl_file *f)
{
	return f->kind == &pl_kind_zfile || f->kind == &pl_kind_zbdev;
}

struct pl_file *sm_preload_fd_peek(int fd)
{
	struct fdtab *t = atomic_load_explicit(&tab, memory_order_acquire);

	if (fd < 0 || !t || (size_t)fd >= t->cap)
		return NULL;
	return atomic_load_explicit(&t->e[fd], memory_order_acquire);
}

bool sm_preload_fd_zfile(int fd)
{
	struct pl_file *f = sm_preload_fd_peek(fd);

	return f && f != PL_INTERNAL && zfile(f);
}

int sm_preload_fd_set(int fd, struct pl_file *f)
{
	struct fdtab *t = atomic_load(&tab);

	if (fd < 0)
		return -EBADF;
	if (!t || (size_t)fd >= t->cap) {
		size_t cap = t ? t->cap : 64;
		struct fdtab *n;

		while (cap <= (size_t)fd)
			cap *= 2;
		n = calloc(1, sizeof(*n) + cap * sizeof(n->e[0]));
		if (!n)
			return -ENOMEM;
		n->cap = cap;
		for (size_t i = 0; t && i < t->cap; i++)
			atomic_init(&n->e[i], atomic_load(&t->e[i]));
		atomic_store_explicit(&tab, n, memory_order_release);
		t = n;
	}
	atomic_store_explicit(&t->e[fd], f, memory_order_release);
	if (f && f != PL_INTERNAL && zfile(f))
		sm_preload_trap_fd(fd);	/* writes that bypass write(): trap.c */
	return 0;
}

int sm_preload_fd_next(int fd)
{
	struct fdtab *t = atomic_load(&tab);

	for (; fd >= 0 && t && (size_t)fd < t->cap; fd++)
		if (atomic_load(&t->e[fd]))
			return fd;
	return -1;
}

void sm_preload_fd_clear(int fd)
{
	struct fdtab *t = atomic_load(&tab);

	if (fd >= 0 && t && (size_t)fd < t->cap)
		atomic_store(&t->e[fd], NULL);
}

int sm_preload_fd_internal(int fd)
{
	if (fd >= 0)
		sm_preload_fd_set(fd, PL_INTERNAL);
	return fd;
}

struct pl_file *sm_preload_file_new(const struct pl_kind *k, uint64_t ino,
				    int flags)
{
	struct pl_file *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->kind = k;
	f->ino = ino;
	f->flags = flags;
	f->next = pl.files;
	pl.files = f;
	return f;
}

void sm_preload_file_put(struct pl_file *f)
{
	struct pl_file **pp;

	if (!f || f == PL_INTERNAL || --f->refs)
		return;
	for (pp = &pl.files; *pp; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	}
	if (f->kind->release)
		f->kind->release(f);
	free(f);
}

void sm_preload_fd_drop(int fd)
{
	struct pl_file *f = sm_preload_fd_peek(fd);

	sm_preload_fd_clear(fd);
	if (f && f != PL_INTERNAL)
		sm_preload_file_put(f);
}

struct pl_file *sm_preload_file_by_ino(uint64_t ino)
{
	for (struct pl_file *f = pl.files; f; f = f->next)
		if (f->ino == ino)
			return f;
	return NULL;
}

/* socmemd's handles are SOCK_SEQPACKET unix sockets: nothing else is */
static bool maybe_handle(int fd, struct stat *st)
{
	int v;
	socklen_t l = sizeof(v);

	if (sm_sys_fstat(fd, st) || !S_ISSOCK(st->st_mode))
		return false;
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &l) || v != SOCK_SEQPACKET)
		return false;
	l = sizeof(v);
	return !getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &l) && v == AF_UNIX;
}

struct pl_file *sm_preload_identify(int fd)
{
	static struct sm_client_handle h;	/* under the lock */
	const struct pl_kind *k;
	struct pl_file *f;
	struct stat st;

	if (fd < 0 || !maybe_handle(fd, &st))
		return NULL;
	f = sm_preload_file_by_ino(st.st_ino);
	if (!f) {
		int saved = errno;

		/* only a running daemon can have made it */
		if (!pl.client && !sm_preload_client(false)) {
			errno = saved;
			return NULL;
		}
		if (PL_ASK(c, sm_daemon_client_core_lookup(c, st.st_ino, &h))) {
			errno = saved;
			return NULL;
		}
		k = sm_preload_kind_by_id(h.kind);
		f = k && k->adopt ? k->adopt(st.st_ino, &h) : NULL;
		errno = saved;
		if (!f)
			return NULL;
	}
	f->refs++;
	if (sm_preload_fd_set(fd, f)) {
		sm_preload_file_put(f);
		return NULL;
	}
	return f;
}

/* under the lock: @fd's file, identifying an fd we did not make */
struct pl_file *sm_preload_identify_or_peek(int fd)
{
	struct pl_file *f = sm_preload_fd_peek(fd);

	if (f == PL_INTERNAL)
		return NULL;
	return f ? f : sm_preload_identify(fd);
}
