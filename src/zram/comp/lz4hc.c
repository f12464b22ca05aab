// SPDX-License-Identifier: MIT
/*
 * lz4hc.c - zram's "lz4hc" backend through liblz4's HC compressor at the
 * kernel's level: LZ4HC_DEFAULT_CLEVEL 9 (6.1 crypto/lz4hc.c; 6.12+
 * backend_lz4hc.c, where algorithm_params may set it), or with a
 * dictionary: set the level, LZ4_loadDictHC() (which resets), then
 * LZ4_compress_HC_continue().
 */
#include <errno.h>
#include <stdlib.h>

#include "../internal.h"
#include "libs.h"

#define LZ4HC_KERNEL_DEFAULT_LEVEL 9

struct lz4hc_ctx {
	void *state;		/* zcomp_lz4.LZ4_sizeofStateHC() bytes */
	LZ4_streamHC_t *stream;	/* with a dictionary */
};

static int hc_level(const struct sm_zcomp *c)
{
	return c->level == SM_ZCOMP_NO_LEVEL ? LZ4HC_KERNEL_DEFAULT_LEVEL :
					       c->level;
}

static int lz4hc_create(struct sm_zcomp *c)
{
	struct lz4hc_ctx *x = calloc(1, sizeof(*x));

	if (!x)
		return -ENOMEM;
	c->ctx = x;
	if (c->dict_len)
		x->stream = zcomp_lz4.LZ4_createStreamHC();
	else
		x->state = malloc((size_t)zcomp_lz4.LZ4_sizeofStateHC());
	if (!x->stream && !x->state)
		return -ENOMEM;
	return 0;
}

static void lz4hc_destroy(struct sm_zcomp *c)
{
	struct lz4hc_ctx *x = c->ctx;

	if (!x)
		return;
	free(x->state);
	if (x->stream)
		zcomp_lz4.LZ4_freeStreamHC(x->stream);
	free(x);
}

static int lz4hc_compress(struct sm_zcomp *c, const void *src, void *dst,
			  size_t *dst_len)
{
	struct lz4hc_ctx *x = c->ctx;
	int ret;

	if (!x->stream) {
		ret = zcomp_lz4.LZ4_compress_HC_extStateHC(x->state, src, dst,
						 ZRAM_PAGE_SIZE,
						 SM_ZCOMP_DST_MAX,
						 hc_level(c));
	} else {
		/* loadDictHC() re-initialises, keeping the level */
		zcomp_lz4.LZ4_resetStreamHC_fast(x->stream, hc_level(c));
		if (zcomp_lz4.LZ4_loadDictHC(x->stream, c->dict, (int)c->dict_len) !=
		    (int)c->dict_len)
			return -EINVAL;
		ret = zcomp_lz4.LZ4_compress_HC_continue(x->stream, src, dst,
					       ZRAM_PAGE_SIZE,
					       SM_ZCOMP_DST_MAX);
	}
	if (ret <= 0)
		return -EINVAL;
	*dst_len = (size_t)ret;
	return 0;
}

const struct zcomp_ops zcomp_lz4hc_ops = {
	.name = "lz4hc",
	.lib = ZCOMP_LIB_LZ4,
	.create = lz4hc_create,
	.destroy = lz4hc_destroy,
	.compress = lz4hc_compress,
	.decompress = sm_zram_lz4_decompress,
};
