// SPDX-License-Identifier: MIT
/*
 * zcomp.c - the compressors socmem has, by name, and the calls zram makes
 * on them (drivers/block/zram/zcomp.c): one page in, at most two pages
 * out; one page back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "libs.h"

/* Every algorithm, whatever kernel; a profile lists its own subset. */
static const struct zcomp_ops *const all_ops[] = {
	&zcomp_lzo_ops, &zcomp_lzorle_ops, &zcomp_lz4_ops,
	&zcomp_lz4hc_ops, &zcomp_zstd_ops, &zcomp_deflate_ops,
};

size_t sm_zram_zcomp_count(void)
{
	return ARRAY_LEN(all_ops);
}

const char *sm_zram_zcomp_name_at(size_t i)
{
	return i < ARRAY_LEN(all_ops) ? all_ops[i]->name : NULL;
}

const struct zcomp_ops *sm_zram_zcomp_lookup(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(all_ops); i++)
		if (!strcmp(all_ops[i]->name, name))
			return all_ops[i];
	return NULL;
}

int sm_zram_zcomp_create(const char *name, enum sm_kernel_id kernel,
			 const struct sm_zcomp_params *params,
			 struct sm_zcomp **out)
{
	const struct zcomp_ops *ops = sm_zram_zcomp_lookup(name);
	struct sm_zcomp *c;
	int err;

	if (!ops || (unsigned int)kernel >= SM_KERNEL_COUNT)
		return -EINVAL;
	err = sm_zram_zcomp_lib_load(ops->lib);
	if (err)
		return err;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->ops = ops;
	c->kernel = kernel;
	c->level = params ? params->level : SM_ZCOMP_NO_LEVEL;
	c->winbits = params ? params->deflate_winbits : 0;
	if (params && params->dict_len) {
		c->dict = malloc(params->dict_len);
		if (!c->dict) {
			free(c);
			return -ENOMEM;
		}
		memcpy(c->dict, params->dict, params->dict_len);
		c->dict_len = params->dict_len;
	}
	err = ops->create(c);
	if (err) {
		sm_zram_zcomp_destroy(c);
		return err;
	}
	*out = c;
	return 0;
}

void sm_zram_zcomp_destroy(struct sm_zcomp *c)
{
	if (!c)
		return;
	c->ops->destroy(c);
	free(c->dict);
	free(c);
}

const char *sm_zram_zcomp_name(const struct sm_zcomp *c)
{
	return c->ops->name;
}

int sm_zram_zcomp_compress(struct sm_zcomp *c, const void *src, void *dst,
			   size_t *dst_len)
{
	return c->ops->compress(c, src, dst, dst_len);
}

int sm_zram_zcomp_decompress(struct sm_zcomp *c, const void *src,
			     size_t src_len, void *dst)
{
	return c->ops->decompress(c, src, src_len, dst);
}
