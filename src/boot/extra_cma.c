// SPDX-License-Identifier: MIT
/*
 * extra_cma.c - the CMA areas besides the default one: per-NUMA-node
 * areas (cma_pernuma=, numa_cma=; kernel/dma/contiguous.c) and the area
 * for gigantic huge pages (hugetlb_cma=; mm/hugetlb.c). A board without a
 * NUMA description has one node, 0, so only its sizes matter.
 *
 * When each is made differs per kernel (profile->numa_cma and
 * ->hugetlb_cma_after_default), as recorded on the real kernels:
 *   6.1   NUMA init, hugetlb_cma, pernuma, memory map, default area
 *   6.12  NUMA init, hugetlb_cma, memory map, default area (no NUMA CMA)
 *   7.2   NUMA init, default area, numa/pernuma, hugetlb_cma (multi-range)
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

void sm_boot_early_cma_pernuma(struct sm_boot *bt, const char *p)
{
	const char *end;

	if (p)
		bt->pernuma_size = sm_dt_memparse(p, &end);
}

/*
 * "<node>:<size>[,<node>:<size>...]"; parsing stops at the first entry
 * that is not of that form. Only node 0 exists; other nodes are dropped
 * silently (the 7.2 logs print nothing for them).
 */
static void parse_node_sizes(const char *s, uint64_t *node0, bool *named)
{
	while (s && *s) {
		const char *e;
		uint64_t nid = sm_dt_simple_strtoull(s, &e, 10);
		uint64_t size;

		if (e == s || *e != ':')
			break;
		size = sm_dt_memparse(e + 1, &e);
		if (nid == 0) {
			*node0 = size;
			if (named)
				*named = true;
		}
		if (*e != ',')
			break;
		s = e + 1;
	}
}

void sm_boot_early_numa_cma(struct sm_boot *bt, const char *p)
{
	parse_node_sizes(p, &bt->numa_cma_size, NULL);
}

/* cmdline_parse_hugetlb_cma(): a size, or per-node sizes */
void sm_boot_early_hugetlb_cma(struct sm_boot *bt, const char *p)
{
	const char *e;

	if (!p)
		return;
	sm_dt_simple_strtoull(p, &e, 10);
	if (e != p && *e == ':') {
		parse_node_sizes(p, &bt->hugetlb_cma, &bt->hugetlb_per_node);
		return;
	}
	bt->hugetlb_cma = sm_dt_memparse(p, &e);
}

static void declare_node_area(struct sm_boot *bt, const char *name,
			      uint64_t size)
{
	struct sm_cma_request rq = {
		.size = size, .name = name, .nid = 0,
	};
	int idx, err = sm_boot_cma_declare_contiguous(bt, &rq, &idx);

	if (err)
		sm_boot_log(bt, SM_MSG_CMA_NUMA_FAILED, err, 0);
}

void sm_boot_numa_cma_reserve(struct sm_boot *bt)
{
	switch (bt->b->profile->numa_cma) {
	case SM_NUMA_CMA_PERNUMA_EARLY:
		if (bt->pernuma_size)
			declare_node_area(bt, "pernuma0", bt->pernuma_size);
		break;
	case SM_NUMA_CMA_AFTER_DEFAULT:
		/* a numa_cma= size for the node wins over cma_pernuma= */
		if (bt->numa_cma_size)
			declare_node_area(bt, "numa0", bt->numa_cma_size);
		else if (bt->pernuma_size)
			declare_node_area(bt, "pernuma0", bt->pernuma_size);
		break;
	case SM_NUMA_CMA_NONE:
		break;
	}
}

/* hugetlb_cma_reserve(order of a gigantic page) for node 0 */
void sm_boot_hugetlb_cma_reserve(struct sm_boot *bt)
{
	const struct sm_profile *p = bt->b->profile;
	uint64_t giant = 1ULL << (p->page_shift + 18); /* PUD: 1 GiB */
	struct sm_cma_request rq = {
		.name = "hugetlb0", .nid = 0,
		.order_per_bit = 9,			/* HUGETLB_PAGE_ORDER */
		.alignment = 1ULL << (p->page_shift + p->hugetlb_cma_align_order),
		.multi_range = p->hugetlb_cma_after_default,
	};
	int idx, err;

	if (!bt->hugetlb_cma)
		return;
	if (p->hugetlb_cma_after_default ? bt->hugetlb_cma % giant :
	    bt->hugetlb_cma < giant) {
		sm_boot_log(bt, SM_MSG_HUGETLB_TOO_SMALL, giant / SM_SZ_1M);
		return;
	}
	rq.size = sm_round_up(bt->hugetlb_cma, giant);
	if (!bt->hugetlb_per_node)
		sm_boot_log(bt, SM_MSG_HUGETLB_PER_NODE,
			    bt->hugetlb_cma / SM_SZ_1M, rq.size / SM_SZ_1M);
	err = sm_boot_cma_declare_contiguous(bt, &rq, &idx);
	if (err)
		sm_boot_log(bt, SM_MSG_HUGETLB_FAILED, err, 0);
	else
		sm_boot_log(bt, SM_MSG_HUGETLB_RESERVED, rq.size / SM_SZ_1M, 0);
}
