// SPDX-License-Identifier: MIT
/*
 * deflate.c - zram's "deflate" backend through zlib, called as the kernel
 * calls its zlib: raw deflate (negative window bits) with
 * DEFLATE_DEF_WINBITS 11, memLevel MAX_MEM_LEVEL (8 in the kernel's zlib),
 * Z_DEFAULT_STRATEGY, level Z_DEFAULT_COMPRESSION (6) unless
 * algorithm_params sets one; deflateReset() then one deflate(Z_FINISH)
 * per page (6.1 crypto/deflate.c, 6.12+ backend_deflate.c; 7.2 also
 * takes deflate.winbits). zlib 1.2.13 gives the kernels' bytes exactly.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "libs.h"

#define DEFLATE_DEF_WINBITS 11
#define DEFLATE_DEF_MEMLEVEL 8 /* the kernel's MAX_MEM_LEVEL */

struct deflate_ctx {
	z_stream c;
	z_stream d;
	bool c_init;
	bool d_init;
};

static int deflate_create(struct sm_zcomp *c)
{
	struct deflate_ctx *x = calloc(1, sizeof(*x));
	int level = c->level == SM_ZCOMP_NO_LEVEL ? Z_DEFAULT_COMPRESSION :
						    c->level;
	int wb = c->winbits ? c->winbits : DEFLATE_DEF_WINBITS;

	if (!x)
		return -ENOMEM;
	c->ctx = x;
	if (zcomp_zlib.deflateInit2_(&x->c, level, Z_DEFLATED, -wb,
				     DEFLATE_DEF_MEMLEVEL, Z_DEFAULT_STRATEGY,
				     ZLIB_VERSION, (int)sizeof(z_stream)) !=
	    Z_OK)
		return -EINVAL;
	x->c_init = true;
	if (zcomp_zlib.inflateInit2_(&x->d, -wb, ZLIB_VERSION,
				     (int)sizeof(z_stream)) != Z_OK)
		return -EINVAL;
	x->d_init = true;
	return 0;
}

static void deflate_destroy(struct sm_zcomp *c)
{
	struct deflate_ctx *x = c->ctx;

	if (!x)
		return;
	if (x->c_init)
		zcomp_zlib.deflateEnd(&x->c);
	if (x->d_init)
		zcomp_zlib.inflateEnd(&x->d);
	free(x);
}

static int deflate_compress(struct sm_zcomp *c, const void *src, void *dst,
			    size_t *dst_len)
{
	struct deflate_ctx *x = c->ctx;

	if (zcomp_zlib.deflateReset(&x->c) != Z_OK)
		return -EINVAL;
	x->c.next_in = (Bytef *)(uintptr_t)src;
	x->c.avail_in = ZRAM_PAGE_SIZE;
	x->c.next_out = dst;
	x->c.avail_out = SM_ZCOMP_DST_MAX;
	if (zcomp_zlib.deflate(&x->c, Z_FINISH) != Z_STREAM_END)
		return -EINVAL;
	*dst_len = x->c.total_out;
	return 0;
}

static int deflate_decompress(struct sm_zcomp *c, const void *src,
			      size_t src_len, void *dst)
{
	struct deflate_ctx *x = c->ctx;

	if (zcomp_zlib.inflateReset(&x->d) != Z_OK)
		return -EINVAL;
	x->d.next_in = (Bytef *)(uintptr_t)src;
	x->d.avail_in = (uInt)src_len;
	x->d.next_out = dst;
	x->d.avail_out = ZRAM_PAGE_SIZE;
	if (zcomp_zlib.inflate(&x->d, Z_FINISH) != Z_STREAM_END ||
	    x->d.total_out != ZRAM_PAGE_SIZE)
		return -EINVAL;
	return 0;
}

const struct zcomp_ops zcomp_deflate_ops = {
	.name = "deflate",
	.lib = ZCOMP_LIB_ZLIB,
	.create = deflate_create,
	.destroy = deflate_destroy,
	.compress = deflate_compress,
	.decompress = deflate_decompress,
};
