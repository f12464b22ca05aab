// SPDX-License-Identifier: MIT
/*
 * zs_host.c - the default page provider: plain host memory, handed out
 * from 1 MiB anonymous mappings in address order, so the pages of a new
 * zspage are usually adjacent and an object spanning two of them can be
 * read in place (sm_zram_zs_map()). Pages given back are released to the host
 * (MADV_DONTNEED) and reused last-in first-out; the mappings go when the
 * pool goes. The kernel's pages are never adjacent in this way; this only
 * saves a copy, it changes no figure.
 */
#include <errno.h>
#include <stdlib.h>

#include "zs_internal.h"

#define CHUNK_PAGES 256

struct host_arena {
	uint8_t **chunks;
	size_t nchunks, chunks_cap;
	size_t used;		/* pages handed out of the last chunk */
	void **free;		/* pages given back, a stack */
	size_t nfree, free_cap;
};

static int grow(void ***v, size_t *cap)
{
	size_t n = *cap ? *cap * 2 : 64;
	void **p = realloc(*v, n * sizeof(*p));

	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = n;
	return 0;
}

static int new_chunk(struct host_arena *a)
{
	void *m = NULL;

	if (a->nchunks == a->chunks_cap &&
	    grow((void ***)&a->chunks, &a->chunks_cap))
		return -ENOMEM;
	/* malloc's memory: warm when a previous pool's chunk is reused */
	if (posix_memalign(&m, ZRAM_PAGE_SIZE,
			   (size_t)CHUNK_PAGES * ZRAM_PAGE_SIZE))
		return -ENOMEM;
	a->chunks[a->nchunks++] = m;
	a->used = 0;
	return 0;
}

static int host_get(void *ctx, void **bytes, uint64_t *id)
{
	struct host_arena *a = ctx;

	if (a->nfree) {
		*bytes = a->free[--a->nfree];
	} else {
		if ((!a->nchunks || a->used == CHUNK_PAGES) && new_chunk(a))
			return -ENOMEM;
		*bytes = a->chunks[a->nchunks - 1] +
			 (size_t)a->used++ * ZRAM_PAGE_SIZE;
	}
	*id = (uint64_t)(uintptr_t)*bytes;
	return 0;
}

static void host_put(void *ctx, void *bytes, uint64_t id)
{
	struct host_arena *a = ctx;

	(void)id;
	if (a->nfree == a->free_cap && grow(&a->free, &a->free_cap))
		return;	/* the page stays mapped until the pool goes */
	a->free[a->nfree++] = bytes;
}

int sm_zram_zs_host_create(struct sm_zram_pages *pages)
{
	struct host_arena *a = calloc(1, sizeof(*a));

	if (!a)
		return -ENOMEM;
	*pages = (struct sm_zram_pages){ host_get, host_put, a };
	return 0;
}

void sm_zram_zs_host_destroy(void *ctx)
{
	struct host_arena *a = ctx;

	if (!a)
		return;
	for (size_t i = 0; i < a->nchunks; i++)
		free(a->chunks[i]);
	free(a->chunks);
	free(a->free);
	free(a);
}
