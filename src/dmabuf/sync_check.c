// SPDX-License-Identifier: MIT
/*
 * sync_check.c - the sync checker's rules: which CPU access the open
 * DMA_BUF_IOCTL_SYNC brackets of a buffer allow, and how a bracket state
 * and a set of sync flags read in a report. On non-coherent hardware,
 * begin_cpu_access/end_cpu_access (drivers/dma-buf/dma-buf.c) are the
 * cache maintenance points: CPU access outside START..END, or a write
 * inside a READ-only bracket, reads stale lines or loses writes.
 * libsocmem-preload.so enforces these rules with page protections.
 */
#include <stdio.h>
#include <string.h>

#include <linux/dma-buf.h>

#include "internal.h"

unsigned int sm_dmabuf_sync_state_allowed(const struct sm_sync_state *st)
{
	if (st->write)
		return SM_SYNC_ALLOW_READ | SM_SYNC_ALLOW_WRITE;
	if (st->read)
		return SM_SYNC_ALLOW_READ;
	return 0;
}

unsigned int sm_dmabuf_sync_state_apply(struct sm_sync_state *st,
					uint64_t flags)
{
	bool end = flags & DMA_BUF_SYNC_END;

	st->syncs++;
	st->last_flags = flags;
	if (flags & DMA_BUF_SYNC_READ) {
		if (!end)
			st->read++;
		else if (st->read)
			st->read--;
	}
	if (flags & DMA_BUF_SYNC_WRITE) {
		if (!end)
			st->write++;
		else if (st->write)
			st->write--;
	}
	return sm_dmabuf_sync_state_allowed(st);
}

void sm_dmabuf_sync_flags_name(uint64_t flags, char *buf, size_t len)
{
	static const char *const dir[] = { "", "READ", "WRITE", "RW" };
	const char *se = (flags & DMA_BUF_SYNC_END) ? "END" : "START";
	uint64_t extra = flags & ~(uint64_t)DMA_BUF_SYNC_VALID_FLAGS_MASK;

	if (!(flags & DMA_BUF_SYNC_RW))
		snprintf(buf, len, "%s (no direction)", se);
	else
		snprintf(buf, len, "%s|%s", se, dir[flags & DMA_BUF_SYNC_RW]);
	if (extra) {
		size_t n = strlen(buf);

		snprintf(buf + n, len - n, " +0x%llx", (unsigned long long)extra);
	}
}

void sm_dmabuf_sync_state_describe(const struct sm_sync_state *st, char *buf,
				   size_t len)
{
	char last[48];

	if (st->syncs)
		sm_dmabuf_sync_flags_name(st->last_flags, last, sizeof(last));
	if (st->write)
		snprintf(buf, len, "inside a %s bracket (last sync: %s)",
			 st->read ? "READ+WRITE" : "WRITE", last);
	else if (st->read)
		snprintf(buf, len,
			 "inside a READ-only bracket: writing is not allowed "
			 "(last sync: %s)", last);
	else if (st->syncs)
		snprintf(buf, len,
			 "outside any DMA_BUF_IOCTL_SYNC bracket (last sync: %s)",
			 last);
	else
		snprintf(buf, len,
			 "outside any DMA_BUF_IOCTL_SYNC bracket (no sync yet)");
}
