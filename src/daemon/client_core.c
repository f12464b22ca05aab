// SPDX-License-Identifier: MIT
/*
 * client_core.c - the typed calls of socmemd's core service: what a
 * handle fd is, stop, and the kernel log. Each checks its reply once
 * (sizes and counts against the bytes received) before the caller sees
 * any of it.
 */
#include <errno.h>
#include <string.h>

#include "client_call.h"

int sm_daemon_client_core_lookup(struct sm_daemon_client *c, uint64_t ino,
				 struct sm_client_handle *out)
{
	struct sm_core_lookup_req q = { .ino = ino };
	struct smd_client_reply r;
	struct sm_core_lookup l;
	const unsigned char *desc;
	size_t dlen;
	bool ok;
	int ret;

	ret = sm_daemon_client_call(c, SM_SVC_CORE, SM_CORE_LOOKUP, &q,
				    sizeof(q), &r, false, false);
	if (ret)
		return ret;
	if (r.len < sizeof(l))
		return sm_daemon_client_reject(c, &r);
	memcpy(&l, r.p, sizeof(l));
	desc = r.p + sizeof(l);
	dlen = r.len - sizeof(l);
	memset(out, 0, sizeof(*out));
	out->kind = l.kind;
	/* the description that follows is exactly the kind's own */
	if (l.kind == SM_HANDLE_DMA_HEAP) {
		struct sm_dmabuf_heap_info w;

		ok = dlen == sizeof(w) && (memcpy(&w, desc, sizeof(w)), true) &&
		     sm_daemon_client_heap(&w, &out->heap);
	} else if (l.kind == SM_HANDLE_DMA_BUF) {
		struct sm_dmabuf_buf_info w;

		ok = dlen == sizeof(w) && (memcpy(&w, desc, sizeof(w)), true) &&
		     sm_daemon_client_buf(&w, &out->buf);
	} else if (l.kind == SM_HANDLE_ZRAM_FILE ||
		   l.kind == SM_HANDLE_ZRAM_BDEV) {
		struct sm_zram_file w;

		ok = dlen == sizeof(w) && (memcpy(&w, desc, sizeof(w)), true) &&
		     sm_daemon_client_zfile(&w, &out->zfile);
	} else {
		ok = false;	/* no kind we know: nothing to adopt */
	}
	return ok ? 0 : sm_daemon_client_reject(c, &r);
}

int sm_daemon_client_core_stop(struct sm_daemon_client *c, bool force)
{
	struct sm_core_stop_req q = { .force = force };
	struct smd_client_reply r;
	int ret;

	ret = sm_daemon_client_call(c, SM_SVC_CORE, SM_CORE_STOP, &q, sizeof(q),
				    &r, false, false);
	if (!ret && r.len)
		return sm_daemon_client_reject(c, &r);
	return ret;
}

int sm_daemon_client_core_sync(struct sm_daemon_client *c)
{
	struct smd_client_reply r;
	int ret;

	ret = sm_daemon_client_call(c, SM_SVC_CORE, SM_CORE_SYNC, NULL, 0, &r,
				    false, false);
	if (!ret && r.len)
		return sm_daemon_client_reject(c, &r);
	return ret;
}

int sm_daemon_client_core_log(struct sm_daemon_client *c, uint64_t from,
			      uint64_t *next, struct sm_client_text *text)
{
	struct sm_core_log_req q = { .from = from };
	struct smd_client_reply r;
	struct sm_core_log l;
	int ret;

	ret = sm_daemon_client_call(c, SM_SVC_CORE, SM_CORE_LOG, &q, sizeof(q),
				    &r, false, false);
	if (ret)
		return ret;
	if (r.len < sizeof(l))
		return sm_daemon_client_reject(c, &r);
	memcpy(&l, r.p, sizeof(l));
	/* lines move the sequence on: a caller loops until they stop */
	if (l.count && l.next == from)
		return sm_daemon_client_reject(c, &r);
	ret = sm_daemon_client_lines(r.p + sizeof(l), r.len - sizeof(l),
				     l.count, text);
	if (ret == -EPROTO)
		return sm_daemon_client_reject(c, &r);
	if (!ret)
		*next = l.next;
	return ret;
}
