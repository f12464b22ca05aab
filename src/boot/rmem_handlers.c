// SPDX-License-Identifier: MIT
/*
 * rmem_handlers.c - the reserved-memory handlers a kernel links in
 * (RESERVEDMEM_OF_DECLARE), in link order: the CMA pool
 * (kernel/dma/contiguous.c), the coherent DMA pool (kernel/dma/coherent.c)
 * and, when configured, the restricted DMA pool (kernel/dma/swiotlb.c).
 *
 * Every handler whose compatible string the node has is tried in turn;
 * the first that returns 0 wins and "initialized node" is printed. The
 * result is the last handler's: -ENOENT when none matched, which the
 * caller treats as success.
 */
#include <stdio.h>
#include <errno.h>
#include <string.h>

#include "internal.h"

struct rmem_handler {
	const char *compatible;
	int (*init)(struct sm_boot *bt, struct sm_rmem *rec);
	bool (*configured)(const struct sm_profile *p);
};

static struct sm_region *rec_region(struct sm_boot *bt,
				    const struct sm_rmem *rec)
{
	return &bt->b->regions[rec->region];
}

/*
 * "Not my node": -EINVAL in 6.x, where the next handler is tried anyway;
 * -ENODEV after the v7.1 rework, where only it moves on to the next one.
 */
static int not_mine(const struct sm_boot *bt)
{
	return bt->b->profile->rmem_not_mine_enodev ? -ENODEV : -EINVAL;
}

/* rmem_cma_setup() */
static int cma_setup(struct sm_boot *bt, struct sm_rmem *rec)
{
	struct sm_region *r = rec_region(bt, rec);
	uint64_t pb = sm_boot_cma_min_align(bt);
	int err, idx;

	if ((r->flags & SM_RF_CMA_DEFAULT) && bt->b->cma_cmdline.given &&
	    bt->b->profile->cma_default_vs_cmdline == SM_CMA_DEFAULT_BYPASS) {
		sm_boot_log(bt, SM_MSG_CMA_BYPASS, r->name);
		r->status = SM_STATUS_BYPASSED;
		return -EBUSY;
	}
	if (!(r->flags & SM_RF_REUSABLE) || (r->flags & SM_RF_NOMAP))
		return not_mine(bt);
	if ((rec->base | rec->size) & (pb - 1)) {
		sm_region_why(r, SM_WHY_NOT_ALIGNED);
		r->outcome.align = pb;
		sm_boot_log(bt, SM_MSG_CMA_BAD_ALIGN);
		return -EINVAL;
	}
	err = sm_boot_cma_init_reserved_mem(bt, rec->base, rec->size, 0,
					    r->name, rec->region, &idx);
	if (err) {
		sm_boot_log(bt, SM_MSG_CMA_SETUP_FAILED);
		return err;
	}
	r->cma = idx;
	r->kind = SM_REGION_CMA;
	if (r->flags & SM_RF_CMA_DEFAULT) {
		if (bt->b->default_cma >= 0)
			bt->b->cma[bt->b->default_cma].is_default = false;
		bt->b->default_cma = idx;
		bt->b->cma[idx].is_default = true;
		bt->cma_default_set = true;
	}
	sm_boot_log(bt, SM_MSG_CMA_POOL_CREATED, rec->base,
		    rec->size / SM_SZ_1M);
	return 0;
}

/* rmem_dma_setup(): arm64 has no global pool and maps non-no-map pools */
static int dma_setup(struct sm_boot *bt, struct sm_rmem *rec)
{
	struct sm_region *r = rec_region(bt, rec);

	if (r->flags & SM_RF_REUSABLE)
		return not_mine(bt);
	r->kind = SM_REGION_DMA_POOL;
	/* each kernel prints one of the two */
	sm_boot_log(bt, SM_MSG_DMA_POOL_CREATED, rec->base,
		    rec->size / SM_SZ_1M);
	sm_boot_log(bt, SM_MSG_DMA_POOL_CREATED_KIB, rec->base,
		    rec->size / SM_SZ_1K);
	return 0;
}

/* rmem_swiotlb_setup() */
static int restricted_setup(struct sm_boot *bt, struct sm_rmem *rec)
{
	struct sm_region *r = rec_region(bt, rec);

	if (r->flags & (SM_RF_REUSABLE | SM_RF_CMA_DEFAULT |
			SM_RF_DMA_DEFAULT | SM_RF_NOMAP))
		return -EINVAL;
	r->kind = SM_REGION_RESTRICTED_POOL;
	sm_boot_log(bt, SM_MSG_RESTRICTED_CREATED, rec->base,
		    rec->size / SM_SZ_1M);
	return 0;
}

static bool always(const struct sm_profile *p)
{
	return true;
}

static bool has_restricted(const struct sm_profile *p)
{
	return p->restricted_dma_pool;
}

/* kernel/dma/Makefile links contiguous.o, then coherent.o, swiotlb.o */
static const struct rmem_handler handlers[] = {
	{ "shared-dma-pool", cma_setup, always },
	{ "shared-dma-pool", dma_setup, always },
	{ "restricted-dma-pool", restricted_setup, has_restricted },
};

int sm_boot_rmem_init_node(struct sm_boot *bt, struct sm_rmem *rec)
{
	struct sm_region *r = rec_region(bt, rec);
	int ret = -ENOENT;

	for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++) {
		const struct rmem_handler *h = &handlers[i];

		if (!h->configured(bt->b->profile) ||
		    !sm_dt_is_compatible(bt->fdt, rec->node, h->compatible))
			continue;
		ret = h->init(bt, rec);
		if (ret == 0) {
			sm_boot_log(bt, SM_MSG_RMEM_INITIALIZED, r->name,
				    h->compatible);
			snprintf(r->handler, sizeof(r->handler), "%s",
				 h->compatible);
			break;
		}
		/* 7.x: only "not mine" goes on to the next handler */
		if (bt->b->profile->rmem_not_mine_enodev && ret != -ENODEV)
			break;
	}
	/* every handler declined: kept like a node without one */
	return ret == -ENODEV ? -ENOENT : ret;
}
