// SPDX-License-Identifier: MIT
/*
 * timeline.c - the kernel's early-memory behaviour as a timeline of
 * changes, so that `--kernel X.Y[.Z][-suffix]` models every release from
 * 5.10 to 7.3, not only the five recorded Debian builds.
 *
 * A profile for X.Y is the recorded build nearest to it (its Kconfig,
 * image size and early allocations: what a build decides) with every
 * rule and message format of this table set as of X.Y: each change is
 * reset to what 5.10 did, then replayed up to X.Y. The table reproduces
 * each recorded build exactly (tests/unit/timeline_test.c checks it).
 *
 * Where the release that made a change was not pinned down from the
 * sources or the history, the entry is marked approximate: its version
 * is the one bracketed by the recorded builds and the source copies read
 * (docs/kernel-behaviour.md); docs/boot.md lists the timeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define KV(a, b) SM_KV(a, b)

/* sm_profile fields a change sets: "before" or "after" */
#define FLAG_SETTER(fn, field)						\
	static void fn(struct sm_profile *p, bool on)			\
	{								\
		p->field = on;						\
	}
#define NOT_SETTER(fn, field)						\
	static void fn(struct sm_profile *p, bool on)			\
	{								\
		p->field = !on;						\
	}

NOT_SETTER(nomap_marked, nomap_removes)
NOT_SETTER(cma_pageblock_align, cma_align_max_order)
FLAG_SETTER(ranges_heuristic, alloc_ranges_heuristic)
FLAG_SETTER(node_key, sort_by_node)
NOT_SETTER(node_key_dropped, sort_by_node)
NOT_SETTER(free_pages_count, kernel_pages_present)
FLAG_SETTER(zone_limit, dma_zone_from_limit)
FLAG_SETTER(requested_size, cma_msg_requested_size)
FLAG_SETTER(fail_always, cma_fail_msg_always)
FLAG_SETTER(reg_helper, prop_len_invalid_is_absent)
FLAG_SETTER(saturate, memparse_saturates)
FLAG_SETTER(enodev, rmem_not_mine_enodev)
FLAG_SETTER(first_entry, reg_first_entry_only)
FLAG_SETTER(drop_failed, rmem_drop_failed)
FLAG_SETTER(fail_empties, rmem_early_fail_empties)
FLAG_SETTER(limit_wins, cma_cmdline_limit_wins)

static void early_late(struct sm_profile *p, bool on)
{
	p->rmem_flow = on ? SM_RMEM_FLOW_EARLY_LATE : SM_RMEM_FLOW_SORTED;
}

static void double_pop(struct sm_profile *p, bool on)
{
	p->sort = on ? SM_SORT_V612 : SM_SORT_V61;
}

static void skip_default(struct sm_profile *p, bool on)
{
	p->cma_default_vs_cmdline = on ? SM_CMA_DEFAULT_SKIP :
					 SM_CMA_DEFAULT_BYPASS;
}

static void cma_first(struct sm_profile *p, bool on)
{
	p->cma_reserve_before_zones = on;
	p->hugetlb_cma_after_default = on;
}

#define IDS(...) { __VA_ARGS__, SM_MSG_COUNT }

/*
 * Oldest first. @before/@after: the recorded builds whose formats the
 * listed messages take on either side of the change.
 */
static const struct sm_kernel_change changes[] = {
	{ KV(5, 12), false, "f0b13ee23241",
	  "arm64 sparse sections shrink from 1 GiB to 128 MiB (a build's early allocations)",
	  NULL, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(5, 14), true, NULL,
	  "a dynamic no-map region is marked MEMBLOCK_NOMAP, no longer removed from memory",
	  nomap_marked, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(5, 15), true, NULL,
	  "\"failed to allocate memory for node\" names the size",
	  NULL, &sm_msgs_5_10, &sm_msgs_6_1, IDS(SM_MSG_RMEM_ALLOC_FAILED) },
	{ KV(5, 19), false, "11ac3e87ce09",
	  "CMA aligns to a pageblock, no longer to the largest buddy block",
	  cma_pageblock_align, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(6, 3), false, "aeb9267eb6b1",
	  "a summary line per initialised reserved-memory region",
	  NULL, &sm_msgs_6_1, &sm_msgs_6_12, IDS(SM_MSG_RMEM_SUMMARY) },
	{ KV(6, 5), false, NULL,
	  "dynamic regions sort by node offset too (DT order); alloc-ranges pick bottom-up/top-down from their neighbours",
	  node_key, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(6, 5), false, NULL, "alloc-ranges direction heuristic",
	  ranges_heuristic, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(6, 7), false, NULL,
	  "numa_cma= (CONFIG_DMA_NUMA_CMA) names its failure after dma_numa_cma_reserve",
	  NULL, &sm_msgs_6_1, &sm_msgs_7_2, IDS(SM_MSG_CMA_NUMA_FAILED) },
	{ KV(6, 8), true, NULL,
	  "\"cma: Reserved ... on node N\" and \"Failed to reserve ... on node N\"",
	  NULL, &sm_msgs_6_1, &sm_msgs_6_12,
	  IDS(SM_MSG_CMA_RESERVED, SM_MSG_CMA_FAILED) },
	{ KV(6, 9), true, NULL,
	  "nr_kernel_pages counts the pages memblock has free (calc_nr_kernel_pages)",
	  free_pages_count, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(6, 10), true, NULL,
	  "reg parsing moves to of_reserved_mem.c (\"OF: reserved mem: Reserved memory: ...\")",
	  NULL, &sm_msgs_6_1, &sm_msgs_6_12,
	  IDS(SM_MSG_RMEM_UNSUPPORTED, SM_MSG_RMEM_INVALID_REG,
	      SM_MSG_RMEM_RESERVED_REG, SM_MSG_RMEM_FAILED_REG) },
	{ KV(6, 12), false, "8a6e02d0c00e",
	  "/reserved-memory in two passes: dynamic regions early in DT order, static ones when the tree is unflattened",
	  early_late, &sm_msgs_6_1, &sm_msgs_6_12,
	  IDS(SM_MSG_RMEM_NO_NODE, SM_MSG_RMEM_IGNORES_EXTRA,
	      SM_MSG_RMEM_TOO_MANY_DYN) },
	{ KV(6, 12), true, NULL,
	  "lib/sort.c heapsort extracts two elements per step",
	  double_pop, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(6, 12), true, NULL,
	  "ZONE_DMA ends at the DT's highest DMA address (zone_dma_limit), not a bit count",
	  zone_limit, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(6, 15), false, "c009da4258f9",
	  "CMA multi-range rework: the requested size in \"Reserved\", every failure printed, \"in N ranges\", no node id",
	  requested_size, &sm_msgs_6_12, &sm_msgs_7_2,
	  IDS(SM_MSG_CMA_RESERVED, SM_MSG_CMA_FAILED,
	      SM_MSG_CMA_RESERVED_RANGES, SM_MSG_HUGETLB_TOO_SMALL) },
	{ KV(6, 15), false, "c009da4258f9", "every cma_declare_contiguous() failure says so",
	  fail_always, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(6, 19), false, NULL,
	  "a reg or alloc-ranges that is empty or not whole entries counts as absent (Yuntao Wang's helper)",
	  reg_helper, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(6, 19), false, "0fd17e598333",
	  "a linux,cma-default node is skipped before it is reserved when cma= is given",
	  skip_default, &sm_msgs_6_12, &sm_msgs_7_2,
	  IDS(SM_MSG_CMA_BYPASS, SM_MSG_CMA_SKIP_DEFAULT) },
	{ KV(7, 0), true, NULL,
	  "the default CMA area (then numa_cma= and hugetlb_cma=) is reserved before the zones and the memory map",
	  cma_first, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(7, 0), true, NULL, "cma=S@B-L: the limit replaces the DMA zone limit",
	  limit_wins, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(7, 0), true, NULL, "memparse() saturates at ULLONG_MAX on overflow",
	  saturate, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(7, 1), false, NULL,
	  "reserved_mem rework: handlers say -ENODEV for \"not mine\"; failed regions leave the records",
	  enodev, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(7, 1), true, NULL, "failed regions leave reserved_mem[]",
	  drop_failed, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(7, 1), true, NULL,
	  "only the first reg entry is reserved, with a warning naming how many there are",
	  first_entry, &sm_msgs_6_12, &sm_msgs_7_2,
	  IDS(SM_MSG_RMEM_MULTI_REG, SM_MSG_RMEM_IGNORES_EXTRA) },
	{ KV(7, 1), true, NULL,
	  "an early scan that gives up sizes the late array 0",
	  fail_empties, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(7, 1), true, NULL,
	  "the overlap sort drops the node offset key",
	  node_key_dropped, NULL, NULL, IDS(SM_MSG_COUNT) },
	{ KV(7, 3), false, NULL,
	  "\"created DMA memory pool at ..., size N KiB\" (was MiB)",
	  NULL, &sm_msgs_7_2, &sm_msgs_7_3,
	  IDS(SM_MSG_DMA_POOL_CREATED, SM_MSG_DMA_POOL_CREATED_KIB) },
	{ KV(7, 3), false, NULL,
	  "zones printed before the memory map; the linear map covers whole pages only (a build's early allocations)",
	  NULL, NULL, NULL, IDS(SM_MSG_COUNT) },
};

const struct sm_kernel_change *sm_kernel_change_at(size_t i)
{
	return i < sizeof(changes) / sizeof(changes[0]) ? &changes[i] : NULL;
}

static void set_msgs(struct sm_profile_msgs *m, const struct sm_kernel_change *c,
		     bool on)
{
	const struct sm_profile_msgs *from = on ? c->after : c->before;

	if (!from)
		return;
	for (size_t i = 0; i < SM_TIMELINE_MAX_IDS && c->ids[i] != SM_MSG_COUNT;
	     i++)
		m->m[c->ids[i]] = from->m[c->ids[i]];
}

void sm_timeline_apply(struct sm_profile *p, struct sm_profile_msgs *m,
		       unsigned int version)
{
	size_t n = sizeof(changes) / sizeof(changes[0]);

	/* back to 5.10, newest change first, then forward up to @version */
	for (size_t i = n; i-- > 0;) {
		if (changes[i].set)
			changes[i].set(p, false);
		set_msgs(m, &changes[i], false);
	}
	for (size_t i = 0; i < n && changes[i].since <= version; i++) {
		if (changes[i].set)
			changes[i].set(p, true);
		set_msgs(m, &changes[i], true);
	}
}

/* Linux's minor numbers run 5.0-5.19 and 6.0-6.19 before 7.0. */
static bool version_exists(unsigned int major, unsigned int minor)
{
	if (major == 5 || major == 6)
		return minor <= 19;
	return major == 7;
}

int sm_kernel_version_parse(const char *s, unsigned int *version)
{
	unsigned long major, minor;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	major = strtoul(s, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return -1;
	minor = strtoul(end + 1, &end, 10);
	if (*end == '.') {		/* .Z: a stable release */
		if (end[1] < '0' || end[1] > '9')
			return -1;
		strtoul(end + 1, &end, 10);
	}
	/* a distribution's suffix: -qli-1.3, +deb13-arm64, ~bpo13 */
	if (*end && *end != '-' && *end != '+' && *end != '~')
		return -1;
	if (major > 99 || minor > 99 || !version_exists((unsigned int)major,
							(unsigned int)minor))
		return -1;
	*version = SM_KV(major, minor);
	return 0;
}

void sm_kernel_version_str(unsigned int version, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u", version / 100, version % 100);
}
