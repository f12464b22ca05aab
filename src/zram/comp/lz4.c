// SPDX-License-Identifier: MIT
/*
 * lz4.c - zram's "lz4" backend through liblz4, with the kernel's call:
 * LZ4_compress_fast() at acceleration 1 (6.1 crypto/lz4.c calls
 * LZ4_compress_default(); 6.12+ drivers/block/zram/backend_lz4.c passes
 * the level as acceleration, default LZ4_ACCELERATION_DEFAULT = 1), or
 * with a dictionary LZ4_loadDict() + LZ4_compress_fast_continue().
 */
#include <errno.h>
#include <stdlib.h>

#include "../internal.h"
#include "libs.h"

struct lz4_ctx {
	void *state;		/* zcomp_lz4.LZ4_sizeofState() bytes */
	LZ4_stream_t *stream;	/* with a dictionary */
};

static int accel(const struct sm_zcomp *c)
{
	return c->level == SM_ZCOMP_NO_LEVEL ? 1 : c->level;
}

static int lz4_create(struct sm_zcomp *c)
{
	struct lz4_ctx *x = calloc(1, sizeof(*x));

	if (!x)
		return -ENOMEM;
	c->ctx = x;
	if (c->dict_len)
		x->stream = zcomp_lz4.LZ4_createStream();
	else
		x->state = malloc((size_t)zcomp_lz4.LZ4_sizeofState());
	if (!x->stream && !x->state)
		return -ENOMEM;
	return 0;
}

static void lz4_destroy(struct sm_zcomp *c)
{
	struct lz4_ctx *x = c->ctx;

	if (!x)
		return;
	free(x->state);
	if (x->stream)
		zcomp_lz4.LZ4_freeStream(x->stream);
	free(x);
}

static int lz4_compress(struct sm_zcomp *c, const void *src, void *dst,
			size_t *dst_len)
{
	struct lz4_ctx *x = c->ctx;
	int ret;

	if (!x->stream) {
		ret = zcomp_lz4.LZ4_compress_fast_extState(x->state, src, dst,
						 ZRAM_PAGE_SIZE,
						 SM_ZCOMP_DST_MAX, accel(c));
	} else {
		if (zcomp_lz4.LZ4_loadDict(x->stream, c->dict, (int)c->dict_len) !=
		    (int)c->dict_len)
			return -EINVAL;
		ret = zcomp_lz4.LZ4_compress_fast_continue(x->stream, src, dst,
						 ZRAM_PAGE_SIZE,
						 SM_ZCOMP_DST_MAX, accel(c));
	}
	if (ret <= 0)
		return -EINVAL;
	*dst_len = (size_t)ret;
	return 0;
}

int sm_zram_lz4_decompress(struct sm_zcomp *c, const void *src, size_t src_len,
			   void *dst)
{
	int ret;

	if (c->dict_len)
		ret = zcomp_lz4.LZ4_decompress_safe_usingDict(src, dst, (int)src_len,
						    ZRAM_PAGE_SIZE, c->dict,
						    (int)c->dict_len);
	else
		ret = zcomp_lz4.LZ4_decompress_safe(src, dst, (int)src_len,
					  ZRAM_PAGE_SIZE);
	return ret == (int)ZRAM_PAGE_SIZE ? 0 : -EINVAL;
}

const struct zcomp_ops zcomp_lz4_ops = {
	.name = "lz4",
	.lib = ZCOMP_LIB_LZ4,
	.create = lz4_create,
	.destroy = lz4_destroy,
	.compress = lz4_compress,
	.decompress = sm_zram_lz4_decompress,
};
