// SPDX-License-Identifier: MIT
/*
 * heap_profile.c - what each kernel's DMA-BUF heaps do differently, as
 * data: which CMA heaps exist at boot and under which names, the system
 * heap's orders and allocation flags (drivers/dma-buf/heaps/, Linux 6.1,
 * 6.12 and the 7.2 build checked with oracle/heaps).
 */
#include "internal.h"

/* v6.1 system_heap.c: order 4 may reclaim (MID), order 0 warns (LOW) */
#define GFP_V61_HIGH \
	"(GFP_HIGHUSER|__GFP_ZERO|__GFP_NOWARN|__GFP_NORETRY)&~__GFP_RECLAIM|__GFP_COMP"
#define GFP_V61_MID "GFP_HIGHUSER|__GFP_ZERO|__GFP_COMP|__GFP_NOWARN"
#define GFP_V61_LOW "GFP_HIGHUSER|__GFP_ZERO|__GFP_COMP"
/* v6.12 and later: orders 8 and 4 both HIGH, order 0 without __GFP_COMP */
#define GFP_V612_HIGH \
	"(GFP_HIGHUSER|__GFP_ZERO|__GFP_NOWARN|__GFP_NORETRY)&~__GFP_RECLAIM|__GFP_COMP"
#define GFP_V612_LOW "GFP_HIGHUSER|__GFP_ZERO"

static const struct sm_heap_profile heap_profiles[SM_KERNEL_COUNT] = {
	/* 5.10: 6.1's heaps (v5.10 system_heap.c is older; not recorded) */
	[SM_KERNEL_5_10] = {
		.cma_heaps = SM_CMA_HEAPS_DEFAULT,
		.default_name = NULL,
		.cma_pfx = "",
		.orders = {
			{ 8, GFP_V61_HIGH, true },
			{ 4, GFP_V61_MID, true },
			{ 0, GFP_V61_LOW, false },
		},
		.nr_orders = 3,
	},	[SM_KERNEL_6_1] = {
		.cma_heaps = SM_CMA_HEAPS_DEFAULT,
		.default_name = NULL,
		.cma_pfx = "",
		.orders = {
			{ 8, GFP_V61_HIGH, true },
			{ 4, GFP_V61_MID, true },
			{ 0, GFP_V61_LOW, false },
		},
		.nr_orders = 3,
	},
	[SM_KERNEL_6_12] = {
		.cma_heaps = SM_CMA_HEAPS_DEFAULT,
		.default_name = NULL,
		.cma_pfx = "",
		.orders = {
			{ 8, GFP_V612_HIGH, true },
			{ 4, GFP_V612_HIGH, true },
			{ 0, GFP_V612_LOW, false },
		},
		.nr_orders = 3,
	},
	/*
	 * v6.17 named the default heap "default_cma_region"; the v6.18
	 * cycle added one heap per CMA area. The real 7.2 kernel on the
	 * guide's map with cma=64M lists adsp-heap default_cma_region
	 * my_cma reserved system.
	 */
	[SM_KERNEL_7_2] = {
		.cma_heaps = SM_CMA_HEAPS_PER_AREA,
		.default_name = "default_cma_region",
		.cma_pfx = "cma_heap: ",
		.orders = {
			{ 8, GFP_V612_HIGH, true },
			{ 4, GFP_V612_HIGH, true },
			{ 0, GFP_V612_LOW, false },
		},
		.nr_orders = 3,
	},	/* 7.3: 7.2's heaps (no oracle/heaps build of 7.3) */
	[SM_KERNEL_7_3] = {
		.cma_heaps = SM_CMA_HEAPS_PER_AREA,
		.default_name = "default_cma_region",
		.cma_pfx = "cma_heap: ",
		.orders = {
			{ 8, GFP_V612_HIGH, true },
			{ 4, GFP_V612_HIGH, true },
			{ 0, GFP_V612_LOW, false },
		},
		.nr_orders = 3,
	},
};

const struct sm_heap_profile *sm_dmabuf_heap_profile_get(enum sm_kernel_id id)
{
	if ((unsigned int)id >= SM_KERNEL_COUNT)
		return &heap_profiles[SM_KERNEL_6_12];
	return &heap_profiles[id];
}
