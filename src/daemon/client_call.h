/* SPDX-License-Identifier: MIT */
/*
 * client_call.h - the raw request and reply, private to the client's own
 * files (client.c and the typed calls in client_<service>.c). Nothing
 * outside src/daemon/ includes it: the CLI and the preload library ask
 * through <socmem/client.h>, whose calls check each reply here, once.
 */
#ifndef SOCMEM_DAEMON_CLIENT_CALL_H
#define SOCMEM_DAEMON_CLIENT_CALL_H

#include <stdbool.h>
#include <stddef.h>

#include <socmem/client.h>

#include "wire.h"

/**
 * struct smd_client_reply - a reply as received, not yet checked
 * @p: its payload, inside the client's buffer (valid until the next call)
 * @len: the payload's bytes
 * @fd: the fd it carried (only when asked for and the status is 0), or -1
 */
struct smd_client_reply {
	const unsigned char *p;
	size_t len;
	int fd;
};

/*
 * sm_daemon_client_call() - one request and its reply. Only the header is
 * checked here (it answers @service and @op, its status is 0 or an
 * errno): the payload's shape is the caller's to check, and a caller
 * that finds it wrong calls sm_daemon_client_reject().
 *
 * Return: the reply's status (@r filled, the payload too for an error);
 * -EPIPE when the request could not be sent (nothing was asked);
 * -ETIMEDOUT or -EIO when it went out and no reply came (the daemon hung
 * or died on it: never replay it blindly; the connection is dead);
 * -EPROTO for a reply to something else; -EMFILE (its fd did not fit).
 */
int sm_daemon_client_call(struct sm_daemon_client *c, unsigned int service,
			  unsigned int op, const void *req, size_t req_len,
			  struct smd_client_reply *r, bool want_fd, bool cloexec);

/*
 * sm_daemon_client_reject() - a reply that failed its checks: close its fd and
 * end the connection (a daemon that lied is not asked again).
 * Return: -EPROTO
 */
int sm_daemon_client_reject(struct sm_daemon_client *c,
			    struct smd_client_reply *r);

/* ---- checks the typed calls share (client_check.c) ---------------------- */

/* @r is exactly @size bytes: copy them to @out */
bool sm_daemon_client_fixed(const struct smd_client_reply *r, void *out,
			    size_t size);

/*
 * @r is a @head-byte head, whose uint32_t at @count_at is N, and exactly N
 * elements of @elem bytes after it: *@n = N
 */
bool sm_daemon_client_array(const struct smd_client_reply *r, size_t head,
			    size_t count_at, size_t elem, uint32_t *n);

/*
 * @len bytes at @p are exactly @lines "<level>text\n" lines with no NUL
 * in them; copied NUL-terminated into @t (when it wants them).
 * Return: 0; -EPROTO (not so); -EOVERFLOW (@t->cap is too small).
 */
int sm_daemon_client_lines(const unsigned char *p, size_t len, uint32_t lines,
			   struct sm_client_text *t);

/* the string field @f (of @size bytes) ends inside it */
#define SMD_TERMINATED(f) (memchr((f), '\0', sizeof(f)) != NULL)

/* a copy of @path that fits a wire path field, or -ENAMETOOLONG */
int sm_daemon_client_path(char *dst, size_t size, const char *path);

/* ---- wire structs to checked plain types --------------------------------- */

/* false when a string does not end inside its field, or a heap's type
 * is not one there is */
bool sm_daemon_client_heap(const struct sm_dmabuf_heap_info *w,
			   struct sm_client_heap *out);
/* false as for a heap, or for a buffer of no bytes */
bool sm_daemon_client_buf(const struct sm_dmabuf_buf_info *w,
			  struct sm_client_buf *out);
/* false for an unknown type, a path that is not absolute, a directory's
 * mirror that is absolute or climbs out ("..") */
bool sm_daemon_client_zfile(const struct sm_zram_file *w,
			    struct sm_client_zfile *out);

#endif /* SOCMEM_DAEMON_CLIENT_CALL_H */
