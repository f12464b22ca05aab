// SPDX-License-Identifier: MIT
/*
 * client_dmabuf.c - the typed calls of socmemd's dmabuf service: heaps,
 * open, alloc, info, ranges, set_name, buffers. Each checks its reply
 * once - the fixed part's size, the count against the bytes that follow,
 * the strings, the fd - and converts the wire structs to the plain types
 * of <socmem/client.h>.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "client_call.h"
#include "sys.h"

bool sm_daemon_client_heap(const struct sm_dmabuf_heap_info *w,
			   struct sm_client_heap *out)
{
	if (!SMD_TERMINATED(w->name) || !SMD_TERMINATED(w->area) ||
	    (w->type != SM_DMA_HEAP_SYSTEM && w->type != SM_DMA_HEAP_CMA))
		return false;
	*out = (struct sm_client_heap){
		.type = w->type, .minor = w->minor, .base = w->base,
		.size = w->size, .area_used = w->area_used,
		.buffers = w->buffers, .bytes = w->bytes,
	};
	memcpy(out->name, w->name, sizeof(out->name));
	memcpy(out->area, w->area, sizeof(out->area));
	return true;
}

bool sm_daemon_client_buf(const struct sm_dmabuf_buf_info *w,
			  struct sm_client_buf *out)
{
	if (!SMD_TERMINATED(w->heap) || !SMD_TERMINATED(w->name) ||
	    !SMD_TERMINATED(w->comm) || !w->size ||
	    (w->type != SM_DMA_HEAP_SYSTEM && w->type != SM_DMA_HEAP_CMA))
		return false;
	*out = (struct sm_client_buf){
		.id = w->id, .size = w->size, .ino = w->ino,
		.fd_flags = w->fd_flags, .type = w->type, .pid = w->pid,
		.nranges = w->nranges, .boot = w->boot,
	};
	memcpy(out->heap, w->heap, sizeof(out->heap));
	memcpy(out->name, w->name, sizeof(out->name));
	memcpy(out->comm, w->comm, sizeof(out->comm));
	return true;
}

int sm_daemon_client_dmabuf_heaps(struct sm_daemon_client *c,
				  struct sm_client_heap **heaps, size_t *n)
{
	const size_t head = sizeof(struct sm_dmabuf_heaps);
	struct sm_client_heap *out = NULL;
	struct smd_client_reply r;
	uint32_t count;
	int ret;

	*heaps = NULL;
	*n = 0;
	ret = sm_daemon_client_call(c, SM_SVC_DMABUF, SM_DMABUF_HEAPS, NULL, 0,
				    &r, false, false);
	if (ret)
		return ret;
	if (!sm_daemon_client_array(&r, head,
				    offsetof(struct sm_dmabuf_heaps, count),
				    sizeof(struct sm_dmabuf_heap_info), &count))
		return sm_daemon_client_reject(c, &r);
	if (count && !(out = calloc(count, sizeof(*out))))
		return -ENOMEM;
	for (uint32_t i = 0; i < count; i++) {
		struct sm_dmabuf_heap_info w;

		memcpy(&w, r.p + head + i * sizeof(w), sizeof(w));
		if (!sm_daemon_client_heap(&w, &out[i])) {
			free(out);
			return sm_daemon_client_reject(c, &r);
		}
	}
	*heaps = out;
	*n = count;
	return 0;
}

int sm_daemon_client_dmabuf_open(struct sm_daemon_client *c, const char *name,
				 int flags, struct sm_client_heap *out, int *fd)
{
	struct sm_dmabuf_open_req q = { .flags = (uint32_t)flags };
	struct sm_dmabuf_heap_info w;
	struct smd_client_reply r;
	int ret;

	*fd = -1;
	if (sm_daemon_client_path(q.name, sizeof(q.name), name))
		return -ENOENT;	/* no heap has a name that long */
	ret = sm_daemon_client_call(c, SM_SVC_DMABUF, SM_DMABUF_OPEN, &q,
				    sizeof(q), &r, true, flags & O_CLOEXEC);
	if (ret)
		return ret;
	/* the heap it opened, and its handle: both, or a lie */
	if (r.fd < 0 || !sm_daemon_client_fixed(&r, &w, sizeof(w)) ||
	    !sm_daemon_client_heap(&w, out))
		return sm_daemon_client_reject(c, &r);
	*fd = r.fd;
	return 0;
}

int sm_daemon_client_dmabuf_alloc(struct sm_daemon_client *c, const char *heap,
				  uint64_t boot, const struct sm_dma_heap_alloc *data,
				  struct sm_client_buf *out, int *fd,
				  struct sm_client_text *klog)
{
	struct sm_dmabuf_alloc_req q = { .data = *data, .boot = boot };
	struct smd_client_reply r;
	struct sm_dmabuf_alloc a;
	int status, ret;

	*fd = -1;
	if (sm_daemon_client_path(q.heap, sizeof(q.heap), heap))
		return -ENODEV;	/* what a heap that is gone answers */
	status = sm_daemon_client_call(c, SM_SVC_DMABUF, SM_DMABUF_ALLOC, &q,
				       sizeof(q), &r, true,
				       data->fd_flags & O_CLOEXEC);
	if (status && !r.len)
		return status;	/* the connection's own error, or no log */
	/* success and failure both carry the messages the attempt printed */
	if (r.len < sizeof(a))
		return sm_daemon_client_reject(c, &r);
	memcpy(&a, r.p, sizeof(a));
	ret = sm_daemon_client_lines(r.p + sizeof(a), r.len - sizeof(a), a.nlog,
				     klog);
	if (ret == -EPROTO)
		return sm_daemon_client_reject(c, &r);
	if (status)
		return status;
	/* a buffer at least as large as asked, and its fd */
	if (r.fd < 0 || !sm_daemon_client_buf(&a.info, out) ||
	    out->size < data->len)
		return sm_daemon_client_reject(c, &r);
	*fd = r.fd;
	return 0;
}

int sm_daemon_client_dmabuf_info(struct sm_daemon_client *c, uint64_t id,
				 uint64_t boot, struct sm_client_buf *out)
{
	struct sm_dmabuf_id_req q = { .id = id, .boot = boot };
	struct sm_dmabuf_buf_info w;
	struct smd_client_reply r;
	int ret;

	ret = sm_daemon_client_call(c, SM_SVC_DMABUF, SM_DMABUF_INFO, &q,
				    sizeof(q), &r, false, false);
	if (ret)
		return ret;
	if (!sm_daemon_client_fixed(&r, &w, sizeof(w)) || w.id != id ||
	    !sm_daemon_client_buf(&w, out))
		return sm_daemon_client_reject(c, &r);
	return 0;
}

int sm_daemon_client_dmabuf_ranges(struct sm_daemon_client *c, uint64_t id,
				   uint64_t boot, uint64_t first,
				   struct sm_client_range **ranges, size_t *n,
				   uint64_t *total)
{
	const size_t head = sizeof(struct sm_dmabuf_ranges);
	uint64_t phys = sm_daemon_hello(c)->phys_size;
	struct sm_dmabuf_id_req q = { .id = id, .first = first, .boot = boot };
	struct sm_client_range *out = NULL;
	struct smd_client_reply r;
	struct sm_dmabuf_ranges l;
	uint32_t count;
	int ret;

	*ranges = NULL;
	*n = 0;
	ret = sm_daemon_client_call(c, SM_SVC_DMABUF, SM_DMABUF_RANGES, &q,
				    sizeof(q), &r, false, false);
	if (ret)
		return ret;
	if (!sm_daemon_client_array(&r, head, offsetof(struct sm_dmabuf_ranges, count),
				    sizeof(struct sm_dmabuf_range), &count))
		return sm_daemon_client_reject(c, &r);
	memcpy(&l, r.p, sizeof(l));
	/* inside the total, and moving whenever there is more */
	if (first > l.total || count > l.total - first ||
	    (!count && first < l.total))
		return sm_daemon_client_reject(c, &r);
	if (count && !(out = calloc(count, sizeof(*out))))
		return -ENOMEM;
	for (uint32_t i = 0; i < count; i++) {
		struct sm_dmabuf_range w;

		memcpy(&w, r.p + head + i * sizeof(w), sizeof(w));
		/* mapped from the physical memory fd: past its end would
		 * fault the caller, not fail */
		if (!w.len || w.offset > phys || w.len > phys - w.offset) {
			free(out);
			return sm_daemon_client_reject(c, &r);
		}
		out[i] = (struct sm_client_range){ w.pa, w.offset, w.len };
	}
	*ranges = out;
	*n = count;
	*total = l.total;
	return 0;
}

int sm_daemon_client_dmabuf_set_name(struct sm_daemon_client *c, uint64_t id,
				     uint64_t boot, const char *name)
{
	struct sm_dmabuf_set_name_req q = { .id = id, .boot = boot };
	struct smd_client_reply r;
	int ret;

	if (sm_daemon_client_path(q.name, sizeof(q.name), name))
		return -EINVAL;
	ret = sm_daemon_client_call(c, SM_SVC_DMABUF, SM_DMABUF_SET_NAME, &q,
				    sizeof(q), &r, false, false);
	if (!ret && r.len)
		return sm_daemon_client_reject(c, &r);
	return ret;
}

int sm_daemon_client_dmabuf_buffers(struct sm_daemon_client *c, uint64_t first,
				    struct sm_client_buf **bufs, size_t *n,
				    bool *more)
{
	const size_t head = sizeof(struct sm_dmabuf_buffers);
	struct sm_dmabuf_id_req q = { .first = first };
	struct sm_client_buf *out = NULL;
	struct smd_client_reply r;
	struct sm_dmabuf_buffers l;
	uint64_t next = first;
	uint32_t count;
	int ret;

	*bufs = NULL;
	*n = 0;
	ret = sm_daemon_client_call(c, SM_SVC_DMABUF, SM_DMABUF_BUFFERS, &q,
				    sizeof(q), &r, false, false);
	if (ret)
		return ret;
	if (!sm_daemon_client_array(&r, head, offsetof(struct sm_dmabuf_buffers,
						       count),
				    sizeof(struct sm_dmabuf_buf_info), &count))
		return sm_daemon_client_reject(c, &r);
	memcpy(&l, r.p, sizeof(l));
	if (l.more && !count)
		return sm_daemon_client_reject(c, &r);	/* "more", never moving */
	if (count && !(out = calloc(count, sizeof(*out))))
		return -ENOMEM;
	for (uint32_t i = 0; i < count; i++) {
		struct sm_dmabuf_buf_info w;

		memcpy(&w, r.p + head + i * sizeof(w), sizeof(w));
		/* ids from @first on, increasing: the caller asks again
		 * from the last one, and must move */
		if (w.id < next || w.id == UINT64_MAX ||
		    !sm_daemon_client_buf(&w, &out[i])) {
			free(out);
			return sm_daemon_client_reject(c, &r);
		}
		next = w.id + 1;
	}
	*bufs = out;
	*n = count;
	*more = l.more != 0;
	return 0;
}
