// SPDX-License-Identifier: MIT
/*
 * plan_profile.c - what each supported kernel's boot log shows of the
 * memory map, by release (the boot profile holds the message formats;
 * this holds what logdiff may expect to find).
 *
 *   5.10, 6.1  no per-region summary line (added in v6.3): carve-outs show
 *         only when they fail or overlap; pools show by their handler's
 *         "created ... pool" line; the default area by "cma: Reserved"
 *   6.3   a summary line per initialised region
 *   6.6   "cma: ... on node -1" (6.12; bf29bfaa5490)
 *   6.15  no node id again; the default CMA area's lines print the
 *         size asked for (7.2, 7.3)
 */
#include "internal.h"

/* by release, as the boot timeline has them (src/boot/timeline.c) */
static const struct {
	unsigned int since;
	struct sm_plan_profile p;
} plan_timeline[] = {
	{ SM_KV(5, 10), { .summary_lines = false, .cma_msg_node = false } },
	{ SM_KV(6, 3), { .summary_lines = true, .cma_msg_node = false } },
	{ SM_KV(6, 6), { .summary_lines = true, .cma_msg_node = true } },
	{ SM_KV(6, 15), { .summary_lines = true, .cma_msg_node = false,
			  .cma_msg_requested_size = true } },
};

const struct sm_plan_profile *sm_plan_profile(const struct sm_profile *k)
{
	size_t n = sizeof(plan_timeline) / sizeof(plan_timeline[0]), i = 0;

	while (i + 1 < n && plan_timeline[i + 1].since <= sm_boot_profile_version(k))
		i++;
	return &plan_timeline[i].p;
}
