// SPDX-License-Identifier: MIT
/*
 * svc_core.c - the daemon's own requests: hello (with the physical
 * memory fd, so clients map frames zero-copy), what a handle fd is, the
 * kernel log, and stop.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static void hello(struct smd *d, struct smd_reply *r)
{
	struct sm_core_hello *h = sm_daemon_reply_put(r, sizeof(*h));

	h->proto = SM_DAEMON_PROTO;
	h->page_size = (uint32_t)sm_boot_board_page_size(d->board);
	h->pid = (int32_t)getpid();
	h->started = d->started;
	snprintf(h->kernel, sizeof(h->kernel), "%s",
		 sm_boot_profile_name(d->board->profile));
	snprintf(h->board, sizeof(h->board), "%s", d->cfg.board);
	snprintf(h->cmdline, sizeof(h->cmdline), "%s", d->board->cmdline);
	h->boot = d->boot;
	r->fd = sm_mm_phys_fd(d->sys);
	r->fd_owned = false;
}

static void lookup(struct smd *d, const void *req, size_t len,
		   struct smd_reply *r)
{
	const struct sm_core_lookup_req *q = req;
	struct sm_core_lookup *l;
	struct smd_handle *h;
	const struct smd_service *s;

	if (len != sizeof(*q)) {
		r->status = -EINVAL;
		return;
	}
	h = sm_daemon_handle_by_ino(d, q->ino);
	if (!h) {
		r->status = -ENOENT;
		return;
	}
	l = sm_daemon_reply_put(r, sizeof(*l));
	l->kind = h->kind;
	l->service = h->service;
	s = smd_services[h->service];
	if (s && s->describe)
		s->describe(d, h, r);
}

static void log_from(struct smd *d, const void *req, size_t len,
		     struct smd_reply *r)
{
	const struct sm_core_log_req *q = req;
	struct sm_core_log *l;
	uint32_t count;

	if (len != sizeof(*q)) {
		r->status = -EINVAL;
		return;
	}
	l = sm_daemon_reply_put(r, sizeof(*l));
	l->next = sm_daemon_log_lines(d, q->from < d->log_next ? q->from :
			       d->log_next, r, &count);
	l->count = count;
}

/*
 * Stopping frees every buffer: refused while dma-bufs are alive unless
 * forced (the CLI names their holders); their fds then go dead, as the
 * next daemon has another boot id.
 */
static void stop(struct smd *d, const void *req, size_t len,
		 struct smd_reply *r)
{
	const struct sm_core_stop_req *q = req;

	if (len && len != sizeof(*q)) {
		r->status = -EINVAL;
		return;
	}
	sm_daemon_reap(d);
	if ((!len || !q->force) && sm_daemon_live_buffers(d)) {
		r->status = -EBUSY;
		return;
	}
	d->stop = true;
}

static void core_request(struct smd *d, struct smd_conn *c, unsigned int op,
			 const void *req, size_t len, struct smd_reply *r)
{
	(void)c;
	switch (op) {
	case SM_CORE_HELLO:
		hello(d, r);
		break;
	case SM_CORE_LOOKUP:
		lookup(d, req, len, r);
		break;
	case SM_CORE_LOG:
		log_from(d, req, len, r);
		break;
	case SM_CORE_STOP:
		stop(d, req, len, r);
		break;
	case SM_CORE_SYNC:
		/* dispatch() reaped before this: nothing more to do */
		if (len)
			r->status = -EINVAL;
		break;
	default:
		r->status = -EOPNOTSUPP;
	}
}

const struct smd_service smd_core_service = {
	.name = "core",
	.request = core_request,
};
