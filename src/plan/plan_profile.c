// SPDX-License-Identifier: MIT
/*
 * plan_profile.c - what each supported kernel's boot log shows of the
 * memory map, indexed by enum sm_kernel_id (the boot profile holds the
 * message formats; this holds what logdiff may expect to find).
 *
 *   6.1   no per-region summary line (added in v6.3): carve-outs show
 *         only when they fail or overlap; pools show by their handler's
 *         "created ... pool" line; the default area by "cma: Reserved"
 *   6.12  a summary line per initialised region; "cma: ... on node -1"
 *   7.2   a summary line per initialised region
 *   7.3   as 7.2 (the DMA pool's size in KiB is the boot profile's)
 */
#include "internal.h"

static const struct sm_plan_profile plan_profiles[SM_KERNEL_COUNT] = {
	[SM_KERNEL_6_1] = { .summary_lines = false, .cma_msg_node = false },
	[SM_KERNEL_6_12] = { .summary_lines = true, .cma_msg_node = true },
	[SM_KERNEL_7_2] = { .summary_lines = true, .cma_msg_node = false },
	[SM_KERNEL_7_3] = { .summary_lines = true, .cma_msg_node = false },
};

const struct sm_plan_profile *sm_plan_profile(enum sm_kernel_id id)
{
	return &plan_profiles[id < SM_KERNEL_COUNT ? id : SM_KERNEL_6_12];
}
