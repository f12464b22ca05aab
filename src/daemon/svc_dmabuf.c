// SPDX-License-Identifier: MIT
/*
 * svc_dmabuf.c - the DMA-BUF heaps as a daemon service: the heaps of the
 * running system (src/dmabuf), opening /dev/dma_heap/<name> as a heap
 * handle, DMA_HEAP_IOCTL_ALLOC as a dma-buf handle, and the questions the
 * preload library and `socmem heap` ask about buffers: their physical
 * ranges (to map them zero-copy), names and owners.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "svc_files.h"

/**
 * struct dbuf - a buffer a client holds
 * @b: the dma-buf (one reference, the handle's)
 * @pid: who allocated it
 * @comm: its name
 * @ino: the handle's client-end inode
 */
struct dbuf {
	struct sm_dma_buf *b;
	pid_t pid;
	char comm[16];
	uint64_t ino;
	struct dbuf *next;
};

struct svc {
	struct sm_dmabuf *dm;
	struct dbuf *bufs;
	uint64_t boot;		/* the daemon's boot id */
};

/* what the heaps printed, into the daemon's log; then dropped there */
static void log_sync(struct smd *d, struct svc *s)
{
	size_t n, seen = 0;
	const struct sm_kmsg *m = sm_dmabuf_log(s->dm, &n);

	sm_daemon_log_import(d, m, n, &seen);
	sm_dmabuf_log_clear(s->dm);
}

static struct svc *svc(struct smd *d)
{
	return d->svc[SM_SVC_DMABUF];
}

static int dmabuf_init(struct smd *d, struct sm_diag *diag)
{
	struct svc *s = calloc(1, sizeof(*s));
	int ret;

	if (!s)
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	ret = sm_dmabuf_create(d->sys, &s->dm, diag);
	if (ret) {
		free(s);
		return ret;
	}
	ret = sm_dmabuf_probe_drivers(s->dm);
	if (ret < 0) {
		sm_dmabuf_destroy(s->dm);
		free(s);
		return sm_dt_diag_set(diag, ret, "out of memory");
	}
	/* what registering the heaps and probing the drivers printed */
	log_sync(d, s);
	s->boot = d->boot;
	d->svc[SM_SVC_DMABUF] = s;
	return 0;
}

static void dmabuf_fini(struct smd *d)
{
	struct svc *s = svc(d);

	if (!s)
		return;
	while (s->bufs) {
		struct dbuf *b = s->bufs;

		s->bufs = b->next;
		sm_dmabuf_buf_put(b->b);
		free(b);
	}
	sm_dmabuf_destroy(s->dm);
	free(s);
	d->svc[SM_SVC_DMABUF] = NULL;
}

static void heap_info(struct svc *s, struct sm_dma_heap *h,
		      struct sm_dmabuf_heap_info *hi)
{
	struct sm_system *sys = sm_dmabuf_system(s->dm);
	struct sm_cma *cma = sm_dmabuf_heap_cma(h);
	struct sm_dma_heap_stats hs;

	snprintf(hi->name, sizeof(hi->name), "%s", sm_dmabuf_heap_name(h));
	hi->type = sm_dmabuf_heap_type(h);
	hi->minor = sm_dmabuf_heap_minor(h);
	if (cma) {
		struct sm_cma_stats cs;
		uint64_t ps = sm_boot_board_page_size(sm_mm_system_board(sys));

		sm_mm_cma_stats(cma, &cs);
		snprintf(hi->area, sizeof(hi->area), "%s", sm_mm_cma_name(cma));
		hi->base = cs.base_pfn * ps;
		hi->size = cs.count * ps;
		hi->area_used = cs.used * ps;
	}
	sm_dmabuf_heap_stats(h, &hs);
	hi->buffers = hs.buffers;
	hi->bytes = hs.bytes;
}

/* physically contiguous runs: adjacent chunks merged */
static uint64_t count_ranges(struct sm_system *sys, const struct sm_dma_buf *b,
			     struct sm_dmabuf_range *out, uint64_t first,
			     uint32_t max, uint32_t *got)
{
	uint64_t ps = sm_boot_board_page_size(sm_mm_system_board(sys));
	const struct sm_dma_buf_chunk *c;
	struct sm_dmabuf_range cur = { 0 };
	uint64_t idx = 0;
	size_t n;

	*got = 0;
	c = sm_dmabuf_buf_chunks(b, &n);
	for (size_t i = 0; i <= n; i++) {
		uint64_t pa = i < n ? c[i].pfn * ps : 0;
		uint64_t off = i < n ? sm_mm_phys_offset(sys, pa) : 0;

		if (i < n && cur.len && pa == cur.pa + cur.len &&
		    off == cur.offset + cur.len) {
			cur.len += c[i].pages * ps;
			continue;
		}
		if (cur.len) {
			if (idx >= first && *got < max && out)
				out[(*got)++] = cur;
			idx++;
		}
		if (i < n)
			cur = (struct sm_dmabuf_range){ pa, off,
							c[i].pages * ps };
	}
	return idx;
}

static void buf_info(struct svc *s, const struct dbuf *db,
		     struct sm_dmabuf_buf_info *bi)
{
	uint32_t got;

	bi->id = sm_dmabuf_buf_id(db->b);
	bi->size = sm_dmabuf_buf_size(db->b);
	bi->ino = db->ino;
	bi->fd_flags = sm_dmabuf_buf_fd_flags(db->b);
	bi->type = sm_dmabuf_heap_type(sm_dmabuf_buf_heap(db->b));
	bi->pid = db->pid;
	bi->nranges = count_ranges(sm_dmabuf_system(s->dm), db->b, NULL, 0, 0,
				   &got);
	bi->boot = s->boot;
	snprintf(bi->heap, sizeof(bi->heap), "%s",
		 sm_dmabuf_buf_exp_name(db->b));
	snprintf(bi->name, sizeof(bi->name), "%s", sm_dmabuf_buf_name(db->b));
	snprintf(bi->comm, sizeof(bi->comm), "%s", db->comm);
}

static struct dbuf *find_buf(struct svc *s, uint64_t id)
{
	for (struct dbuf *b = s->bufs; b; b = b->next)
		if (sm_dmabuf_buf_id(b->b) == id)
			return b;
	return NULL;
}

/*
 * The buffer a request names: its length must be the request's, and its
 * boot id ours (an id from an earlier daemon names nothing here: the
 * exporter is gone, -ENODEV), else NULL with the status set.
 */
static struct dbuf *req_buf(struct svc *s, uint64_t id, uint64_t boot,
			    bool len_ok, struct smd_reply *r)
{
	struct dbuf *db;

	if (!len_ok) {
		r->status = -EINVAL;
		return NULL;
	}
	if (boot != s->boot) {
		r->status = -ENODEV;
		return NULL;
	}
	db = find_buf(s, id);
	if (!db)
		r->status = -ENOENT;
	return db;
}

/* ---- requests ------------------------------------------------------- */

static void list_heaps(struct svc *s, struct smd_reply *r)
{
	struct sm_dmabuf_heaps *l = sm_daemon_reply_put(r, sizeof(*l));
	size_t n = sm_dmabuf_heap_count(s->dm);

	for (size_t i = 0; i < n; i++) {
		struct sm_dmabuf_heap_info *hi = sm_daemon_reply_put(r, sizeof(*hi));

		if (!hi)
			break;
		heap_info(s, sm_dmabuf_heap_at(s->dm, i), hi);
		l->count++;
	}
}

static void open_heap(struct smd *d, struct svc *s, const void *req,
		      size_t len, struct smd_reply *r)
{
	const struct sm_dmabuf_open_req *q = req;
	struct sm_dmabuf_heap_info *hi;
	struct sm_dma_heap *h;
	char name[sizeof(q->name)];

	if (len != sizeof(*q)) {
		r->status = -EINVAL;
		return;
	}
	snprintf(name, sizeof(name), "%.*s", (int)sizeof(q->name) - 1,
		 q->name);
	h = sm_dmabuf_heap_find(s->dm, name);
	if (!h) {
		r->status = -ENOENT;
		return;
	}
	hi = sm_daemon_reply_put(r, sizeof(*hi));
	heap_info(s, h, hi);
	r->status = sm_daemon_handle_new(d, SM_SVC_DMABUF, SM_HANDLE_DMA_HEAP,
					 h, &r->fd, NULL);
	r->fd_owned = true;
}

static void alloc_buf(struct smd *d, struct svc *s, struct smd_conn *c,
		      const void *req, size_t len, struct smd_reply *r)
{
	const struct sm_dmabuf_alloc_req *q = req;
	struct sm_dmabuf_alloc *a = sm_daemon_reply_put(r, sizeof(*a));
	struct smd_handle *hd;
	struct sm_dma_heap *h;
	struct sm_dma_buf *b;
	struct dbuf *db;
	char name[sizeof(q->heap)];
	uint64_t from = d->log_next;

	if (len != sizeof(*q)) {
		r->status = -EINVAL;
		return;
	}
	if (q->boot != s->boot) {
		r->status = -ENODEV;	/* a heap fd of an earlier daemon */
		return;
	}
	snprintf(name, sizeof(name), "%.*s", (int)sizeof(q->heap) - 1,
		 q->heap);
	h = sm_dmabuf_heap_find(s->dm, name);
	if (!h) {
		r->status = -ENODEV;	/* the heap is gone: a new daemon */
		return;
	}
	r->status = sm_dmabuf_heap_allocate(h, &q->data, &b);
	/* the messages this allocation printed go back with the reply */
	sm_daemon_log_sync(d);
	log_sync(d, s);
	sm_daemon_log_lines(d, from, r, &a->nlog);
	if (r->status)
		return;
	db = calloc(1, sizeof(*db));
	if (!db) {
		sm_dmabuf_buf_put(b);
		r->status = -ENOMEM;
		return;
	}
	r->status = sm_daemon_handle_new(d, SM_SVC_DMABUF, SM_HANDLE_DMA_BUF,
					 db, &r->fd, &hd);
	if (r->status) {
		sm_dmabuf_buf_put(b);
		free(db);
		return;
	}
	r->fd_owned = true;
	db->b = b;
	db->pid = c->pid;
	snprintf(db->comm, sizeof(db->comm), "%s", c->comm);
	db->ino = hd->ino;
	db->next = s->bufs;
	s->bufs = db;
	buf_info(s, db, &a->info);
}

static void info(struct svc *s, const void *req, size_t len,
		 struct smd_reply *r)
{
	const struct sm_dmabuf_id_req *q = req;
	struct dbuf *db = req_buf(s, q->id, q->boot, len == sizeof(*q), r);

	if (!db)
		return;
	buf_info(s, db, sm_daemon_reply_put(r,
					    sizeof(struct sm_dmabuf_buf_info)));
}

static void ranges(struct svc *s, const void *req, size_t len,
		   struct smd_reply *r)
{
	const struct sm_dmabuf_id_req *q = req;
	struct dbuf *db = req_buf(s, q->id, q->boot, len == sizeof(*q), r);
	struct sm_dmabuf_ranges *l;
	struct sm_dmabuf_range *out;
	uint32_t max;

	if (!db)
		return;
	l = sm_daemon_reply_put(r, sizeof(*l));
	max = (uint32_t)((sizeof(r->buf) - r->len) / sizeof(*out));
	out = (void *)(r->buf + r->len);
	l->total = count_ranges(sm_dmabuf_system(s->dm), db->b, out, q->first,
				max, &l->count);
	r->len += l->count * sizeof(*out);
}

static void set_name(struct svc *s, const void *req, size_t len,
		     struct smd_reply *r)
{
	const struct sm_dmabuf_set_name_req *q = req;
	struct dbuf *db = req_buf(s, q->id, q->boot, len == sizeof(*q), r);

	if (!db)
		return;
	r->status = sm_dmabuf_buf_set_name(db->b, q->name, sizeof(q->name));
}

static void buffers(struct svc *s, const void *req, size_t len,
		    struct smd_reply *r)
{
	const struct sm_dmabuf_id_req *q = req;
	struct sm_dmabuf_buffers *l;

	if (len != sizeof(*q)) {
		r->status = -EINVAL;
		return;
	}
	l = sm_daemon_reply_put(r, sizeof(*l));
	/* in allocation order: the registry's list */
	for (struct sm_dma_buf *b = sm_dmabuf_buf_next(s->dm, NULL); b;
	     b = sm_dmabuf_buf_next(s->dm, b)) {
		struct dbuf *db = find_buf(s, sm_dmabuf_buf_id(b));
		struct sm_dmabuf_buf_info *bi;

		if (!db || sm_dmabuf_buf_id(b) < q->first)
			continue;
		bi = sm_daemon_reply_put(r, sizeof(*bi));
		if (!bi) {
			l->more = 1;
			break;
		}
		buf_info(s, db, bi);
		l->count++;
	}
}

static void dmabuf_request(struct smd *d, struct smd_conn *c, unsigned int op,
			   const void *req, size_t len, struct smd_reply *r)
{
	struct svc *s = svc(d);

	switch (op) {
	case SM_DMABUF_HEAPS:
		list_heaps(s, r);
		break;
	case SM_DMABUF_OPEN:
		open_heap(d, s, req, len, r);
		break;
	case SM_DMABUF_ALLOC:
		alloc_buf(d, s, c, req, len, r);
		break;
	case SM_DMABUF_INFO:
		info(s, req, len, r);
		break;
	case SM_DMABUF_RANGES:
		ranges(s, req, len, r);
		break;
	case SM_DMABUF_SET_NAME:
		set_name(s, req, len, r);
		break;
	case SM_DMABUF_BUFFERS:
		buffers(s, req, len, r);
		break;
	default:
		r->status = -EOPNOTSUPP;
	}
}

static void dmabuf_release(struct smd *d, struct smd_handle *h)
{
	struct svc *s = svc(d);
	struct dbuf **pp;

	if (h->kind != SM_HANDLE_DMA_BUF)
		return;
	for (pp = &s->bufs; *pp; pp = &(*pp)->next) {
		if (*pp != h->obj)
			continue;
		*pp = (*pp)->next;
		sm_dmabuf_buf_put(((struct dbuf *)h->obj)->b);
		free(h->obj);
		return;
	}
}

static void dmabuf_describe(struct smd *d, struct smd_handle *h,
			    struct smd_reply *r)
{
	struct svc *s = svc(d);

	if (h->kind == SM_HANDLE_DMA_HEAP)
		heap_info(s, h->obj, sm_daemon_reply_put(r, sizeof(
						     struct sm_dmabuf_heap_info)));
	else
		buf_info(s, h->obj, sm_daemon_reply_put(r, sizeof(
						    struct sm_dmabuf_buf_info)));
}

/* $STATE/dev/dma_heap/<name>: what opendir("/dev/dma_heap") shows */
static int dmabuf_mirror(struct smd *d, struct sm_diag *diag)
{
	struct svc *s = svc(d);
	char dir[4096];
	char p[4096];

	if (sm_daemon_state_path(d->cfg.state_dir, "dev", dir, sizeof(dir)) ||
	    (mkdir(dir, 0700) && errno != EEXIST) ||
	    sm_daemon_state_path(d->cfg.state_dir, SMD_HEAP_DIR, dir, sizeof(dir)) ||
	    (mkdir(dir, 0700) && errno != EEXIST))
		return sm_dt_diag_set(diag, -errno, "%s: %s", dir,
				      strerror(errno));
	for (size_t i = 0; i < sm_dmabuf_heap_count(s->dm); i++) {
		int fd;

		if (sm_daemon_state_path(dir, sm_dmabuf_heap_name(sm_dmabuf_heap_at(
						s->dm, i)),
					 p, sizeof(p)))
			continue;
		fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return sm_dt_diag_set(diag, -errno, "%s: %s", p,
					      strerror(errno));
		close(fd);
	}
	return 0;
}

const struct smd_service smd_dmabuf_service = {
	.name = "dmabuf",
	.init = dmabuf_init,
	.fini = dmabuf_fini,
	.request = dmabuf_request,
	.release = dmabuf_release,
	.describe = dmabuf_describe,
	.mirror = dmabuf_mirror,
	/* the CMA areas' debugfs and sysfs */
	.files = (const struct sm_svc_files *const[]){ &sm_svc_cmadbg_files,
						      &sm_svc_cmasys_files, NULL },
};
