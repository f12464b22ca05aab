// SPDX-License-Identifier: MIT
/*
 * zstd.c - zram's "zstd" backend through libzstd with each kernel's
 * parameters:
 *   6.1  crypto/zstd.c: zstd_get_params(3, 0), i.e. the parameters for a
 *        source of unknown size, then zstd_compress_cctx() =
 *        ZSTD_compress_advanced();
 *   6.12 and later, drivers/block/zram/backend_zstd.c: the level from
 *        algorithm_params (default zstd_default_clevel() = 3) with
 *        zstd_get_params(level, PAGE_SIZE), i.e. for a 4096-byte source;
 *        with a dictionary a CDict made for (level, PAGE_SIZE, dict size)
 *        and ZSTD_compress_usingCDict().
 * The kernels carry their own copy of zstd (6.1: 1.5.2, 6.12: 1.5.5,
 * 7.2: newer); Debian's 1.5.4 reproduces 6.12 exactly (docs/fidelity.md).
 */
#include <errno.h>
#include <stdlib.h>

#include "../internal.h"
#include "libs.h"

#define ZSTD_KERNEL_DEFAULT_LEVEL 3

struct zstd_ctx {
	ZSTD_CCtx *cctx;
	ZSTD_DCtx *dctx;
	ZSTD_CDict *cdict;
	ZSTD_DDict *ddict;
	ZSTD_parameters params;
};

static int zstd_level(const struct sm_zcomp *c)
{
	return c->level == SM_ZCOMP_NO_LEVEL ? ZSTD_KERNEL_DEFAULT_LEVEL :
					       c->level;
}

static int make_dicts(struct sm_zcomp *c, struct zstd_ctx *x)
{
	ZSTD_compressionParameters cp;

	cp = zcomp_zstd.ZSTD_getCParams(zstd_level(c), ZRAM_PAGE_SIZE, c->dict_len);
	x->cdict = zcomp_zstd.ZSTD_createCDict_advanced(c->dict, c->dict_len,
					     ZSTD_dlm_byRef, ZSTD_dct_auto,
					     cp, ZSTD_defaultCMem);
	x->ddict = zcomp_zstd.ZSTD_createDDict_byReference(c->dict, c->dict_len);
	return x->cdict && x->ddict ? 0 : -EINVAL;
}

static int zstd_create(struct sm_zcomp *c)
{
	struct zstd_ctx *x = calloc(1, sizeof(*x));
	/* 6.1 asks for an unknown source size, later kernels for a page */
	unsigned long long src = c->kernel == SM_KERNEL_6_1 ? 0 :
							      ZRAM_PAGE_SIZE;

	if (!x)
		return -ENOMEM;
	c->ctx = x;
	x->cctx = zcomp_zstd.ZSTD_createCCtx();
	x->dctx = zcomp_zstd.ZSTD_createDCtx();
	if (!x->cctx || !x->dctx)
		return -ENOMEM;
	x->params = zcomp_zstd.ZSTD_getParams(zstd_level(c), src, 0);
	if (c->dict_len)
		return make_dicts(c, x);
	return 0;
}

static void zstd_destroy(struct sm_zcomp *c)
{
	struct zstd_ctx *x = c->ctx;

	if (!x)
		return;
	zcomp_zstd.ZSTD_freeCCtx(x->cctx);
	zcomp_zstd.ZSTD_freeDCtx(x->dctx);
	zcomp_zstd.ZSTD_freeCDict(x->cdict);
	zcomp_zstd.ZSTD_freeDDict(x->ddict);
	free(x);
}

static int zstd_compress(struct sm_zcomp *c, const void *src, void *dst,
			 size_t *dst_len)
{
	struct zstd_ctx *x = c->ctx;
	size_t ret;

	if (x->cdict)
		ret = zcomp_zstd.ZSTD_compress_usingCDict(x->cctx, dst, SM_ZCOMP_DST_MAX,
					       src, ZRAM_PAGE_SIZE, x->cdict);
	else
		ret = zcomp_zstd.ZSTD_compress_advanced(x->cctx, dst, SM_ZCOMP_DST_MAX,
					     src, ZRAM_PAGE_SIZE, NULL, 0,
					     x->params);
	if (zcomp_zstd.ZSTD_isError(ret))
		return -EINVAL;
	*dst_len = ret;
	return 0;
}

static int zstd_decompress(struct sm_zcomp *c, const void *src,
			   size_t src_len, void *dst)
{
	struct zstd_ctx *x = c->ctx;
	size_t ret;

	if (x->ddict)
		ret = zcomp_zstd.ZSTD_decompress_usingDDict(x->dctx, dst, ZRAM_PAGE_SIZE,
						 src, src_len, x->ddict);
	else
		ret = zcomp_zstd.ZSTD_decompressDCtx(x->dctx, dst, ZRAM_PAGE_SIZE, src,
					  src_len);
	return !zcomp_zstd.ZSTD_isError(ret) && ret == ZRAM_PAGE_SIZE ? 0 : -EINVAL;
}

const struct zcomp_ops zcomp_zstd_ops = {
	.name = "zstd",
	.lib = ZCOMP_LIB_ZSTD,
	.create = zstd_create,
	.destroy = zstd_destroy,
	.compress = zstd_compress,
	.decompress = zstd_decompress,
};
