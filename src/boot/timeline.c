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
 * Every entry names the mainline release and the commit that made the
 * change, with where both were confirmed; a change a stable series took
 * as a backport (and so the recorded build of that series has) is
 * modelled from that series. The few entries whose commit the look-ups
 * did not find say so. docs/boot.md lists the timeline.
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
#define NONE IDS(SM_MSG_COUNT)

/*
 * Oldest first, by the mainline release. @before/@after: the recorded
 * builds whose formats the listed messages take on either side of it.
 * Each release and commit was looked up in the maintainers' pull
 * requests and the linux-next histories (the evidence strings say
 * which); an entry without a commit says why it has none yet.
 */
static const struct sm_kernel_change changes[] = {
	{ .since = KV(5, 12), .commit = "f0b13ee23241",
	  .subject = "arm64/sparsemem: reduce SECTION_SIZE_BITS",
	  .evidence = "arm64 for-next in linux-next (5.12 window); makedumpfile's VMCOREINFO patches cite it",
	  .what = "arm64 sparse sections shrink from 1 GiB to 128 MiB (a build's early allocations)",
	  .ids = NONE },
	{ .since = KV(5, 14), .commit = "7b25995f5319",
	  .subject = "of: of_reserved_mem: mark nomap memory instead of removing",
	  .evidence = "Rob Herring's 'Devicetree updates for v5.14' (Dong Aisheng, 2 patches)",
	  .what = "a dynamic no-map region is marked MEMBLOCK_NOMAP, no longer removed from memory",
	  .set = nomap_marked, .ids = NONE },
	{ .since = KV(5, 19), .commit = "11ac3e87ce09",
	  .subject = "mm: cma: use pageblock_order as the single alignment",
	  .evidence = "Fixes: tags and the June 2022 (5.19-rc) KVM CMA regression report name it",
	  .what = "CMA aligns to a pageblock, no longer to the largest buddy block",
	  .set = cma_pageblock_align, .ids = NONE },
	{ .since = KV(6, 0), .commit = "6991cd744f06",
	  .subject = "of: reserved-memory: Print allocation/reservation failures as error",
	  .evidence = "'Devicetree updates for v6.0' (was dated ~5.15 before the look-up)",
	  .what = "\"failed to allocate memory for node\" names the size (both failures print as errors)",
	  .before = &sm_msgs_5_10, .after = &sm_msgs_6_1,
	  .ids = IDS(SM_MSG_RMEM_ALLOC_FAILED) },
	{ .since = KV(6, 3), .commit = "aeb9267eb6b1",
	  .subject = "of: reserved-mem: print out reserved-mem details during boot",
	  .evidence = "linux-next listing of the 6.3 window; later Fixes: tags",
	  .what = "a summary line per initialised reserved-memory region",
	  .before = &sm_msgs_6_1, .after = &sm_msgs_6_12,
	  .ids = IDS(SM_MSG_RMEM_SUMMARY) },
	{ .since = KV(6, 5), .commit = "4cea2821882b",
	  .subject = "of: reserved_mem: Use stable allocation order",
	  .evidence = "'Devicetree updates for v6.5' (Stephan Gerhold, 2 patches)",
	  .what = "dynamic regions sort by node offset too (DT order)",
	  .set = node_key, .ids = NONE },
	{ .since = KV(6, 5), .commit = "83ba7361e168",
	  .subject = "of: reserved_mem: Try to keep range allocations contiguous",
	  .evidence = "'Devicetree updates for v6.5' (Stephan Gerhold, 2 patches)",
	  .what = "alloc-ranges pick bottom-up/top-down from their neighbours",
	  .set = ranges_heuristic, .ids = NONE },
	{ .since = KV(6, 6), .commit = "bf29bfaa5490",
	  .subject = "dma-contiguous: support numa CMA for specified node",
	  .evidence = "dma-mapping for 6.6 in linux-next (Aug 2023); the patch renames the numa reservation (was dated 6.7)",
	  .what = "numa_cma= (CONFIG_DMA_NUMA_CMA) names its failure after dma_numa_cma_reserve",
	  .before = &sm_msgs_6_1, .after = &sm_msgs_7_2,
	  .ids = IDS(SM_MSG_CMA_NUMA_FAILED) },
	{ .since = KV(6, 6), .commit = "bf29bfaa5490",
	  .subject = "dma-contiguous: support numa CMA for specified node",
	  .evidence = "the same patch adds the node id to mm/cma.c's two messages (was dated ~6.8)",
	  .what = "\"cma: Reserved ... on node N\" and \"Failed to reserve ... on node N\"",
	  .before = &sm_msgs_6_1, .after = &sm_msgs_6_12,
	  .ids = IDS(SM_MSG_CMA_RESERVED, SM_MSG_CMA_FAILED) },
	{ .since = KV(6, 9), .commit = "0e02ca29a563",
	  .subject = "lib/sort: optimize heapsort with double-pop variation",
	  .evidence = "'non-MM updates for 6.9-rc1' (Kuan-Wei Chiu); a stable Fixes: tag gives the hash (was dated ~6.12)",
	  .what = "lib/sort.c heapsort extracts two elements per step",
	  .set = double_pop, .ids = NONE },
	{ .since = KV(6, 10), .commit = NULL,
	  .subject = "mm/mm_init.c: add new function calc_nr_all_pages()",
	  .evidence = "'MM updates for 6.10-rc1' (Baoquan He's free_area_init_core() series; was dated ~6.9); the indexed histories list only mm-unstable rebases of it, so the mainline hash is not pinned",
	  .what = "nr_kernel_pages counts the pages memblock has free (calc_nr_kernel_pages)",
	  .set = free_pages_count, .ids = NONE },
	{ .since = KV(6, 12), .commit = "ba0fb44aed47",
	  .subject = "dma-mapping: replace zone_dma_bits by zone_dma_limit",
	  .evidence = "linux-next (Aug 2024); its arm64 fix is tagged Cc: stable 6.12+",
	  .what = "ZONE_DMA ends at the DT's highest DMA address (zone_dma_limit), not a bit count",
	  .set = zone_limit, .ids = NONE },
	{ .since = KV(6, 13), .stable_from = KV(6, 12), .commit = NULL,
	  .subject = "(not found)",
	  .evidence = "the move shows between the 6.1 and 6.12 builds, but the DT pulls for 6.10-6.13 do not move that code (was dated ~6.10): modelled as v6.13+ taken into 6.12.y, as Debian's 6.12.107 shows it; release and commit unresolved",
	  .what = "reg parsing moves to of_reserved_mem.c (\"OF: reserved mem: Reserved memory: ...\")",
	  .before = &sm_msgs_6_1, .after = &sm_msgs_6_12,
	  .ids = IDS(SM_MSG_RMEM_UNSUPPORTED, SM_MSG_RMEM_INVALID_REG,
		     SM_MSG_RMEM_RESERVED_REG, SM_MSG_RMEM_FAILED_REG) },
	{ .since = KV(6, 13), .stable_from = KV(6, 12), .commit = "8a6e02d0c00e",
	  .subject = "of: reserved_mem: Restructure how the reserved memory regions are processed",
	  .evidence = "'Devicetree updates for v6.13' (with 00c9a452a235, the dynamic array); backported to 6.12.y, which Debian's 6.12.107 shows; the \"ignores %d regions\" warning is v6.14's, also backported",
	  .what = "/reserved-memory in two passes: dynamic regions early in DT order, static ones when the tree is unflattened",
	  .set = early_late, .before = &sm_msgs_6_1, .after = &sm_msgs_6_12,
	  .ids = IDS(SM_MSG_RMEM_NO_NODE, SM_MSG_RMEM_IGNORES_EXTRA,
		     SM_MSG_RMEM_TOO_MANY_DYN) },
	{ .since = KV(6, 15), .commit = "c009da4258f9",
	  .subject = "mm, cma: support multiple contiguous ranges, if requested",
	  .evidence = "reported 'in v6.15-rc1' on the list; Fixes: tags",
	  .what = "CMA multi-range rework: the requested size in \"Reserved\", every failure printed, \"in N ranges\", no node id",
	  .set = requested_size, .before = &sm_msgs_6_12, .after = &sm_msgs_7_2,
	  .ids = IDS(SM_MSG_CMA_RESERVED, SM_MSG_CMA_FAILED,
		     SM_MSG_CMA_RESERVED_RANGES, SM_MSG_HUGETLB_TOO_SMALL) },
	{ .since = KV(6, 15), .commit = "c009da4258f9",
	  .subject = "mm, cma: support multiple contiguous ranges, if requested",
	  .evidence = "reported 'in v6.15-rc1' on the list; the same rework of cma_declare_contiguous_nid()",
	  .what = "every cma_declare_contiguous() failure says so",
	  .set = fail_always, .ids = NONE },
	{ .since = KV(6, 19), .commit = "8c0f606831c1",
	  .subject = "of/reserved_mem: Simplify the logic of __reserved_mem_reserve_reg()",
	  .evidence = "Yuntao Wang's series, applied 'all together for 6.19'; alloc-ranges by dd3feaf657a6 of the same series",
	  .what = "a reg or alloc-ranges that is empty or not whole entries counts as absent",
	  .set = reg_helper, .ids = NONE },
	{ .since = KV(6, 19), .commit = "0fd17e598333",
	  .subject = "of: reserved_mem: Allow reserved_mem framework detect \"cma=\" kernel param",
	  .evidence = "merged late in 6.19-rc (linux-next, with the 6.19-rc7 fixes)",
	  .what = "a linux,cma-default node is skipped before it is reserved when cma= is given",
	  .set = skip_default, .before = &sm_msgs_6_12, .after = &sm_msgs_7_2,
	  .ids = IDS(SM_MSG_CMA_BYPASS, SM_MSG_CMA_SKIP_DEFAULT) },
	{ .since = KV(7, 0), .commit = "d49004c5f0c1",
	  .subject = "arch, mm: consolidate initialization of nodes, zones and memory map",
	  .evidence = "Mike Rapoport's series, applied by Andrew Morton Jan 2026 (patchwork-bot, hashes of the merged tree); hugetlb_cma by 9fac145b6d3f of the same series",
	  .what = "the default CMA area (then numa_cma= and hugetlb_cma=) is reserved before the zones and the memory map",
	  .set = cma_first, .ids = NONE },
	{ .since = KV(7, 0), .commit = NULL, .subject = "(not found)",
	  .evidence = "bracketed by the 6.12 and 7.2 builds and the 7.0 sources; no patch found in the indexed lists",
	  .what = "cma=S@B-L: the limit replaces the DMA zone limit",
	  .set = limit_wins, .ids = NONE },
	{ .since = KV(7, 0), .commit = NULL, .subject = "(not found)",
	  .evidence = "bracketed by the 6.12 and 7.2 builds and the 7.0 sources; no patch found in the indexed lists",
	  .what = "memparse() saturates at ULLONG_MAX on overflow",
	  .set = saturate, .ids = NONE },
	{ .since = KV(7, 1), .commit = "9d5149b3f2e7",
	  .subject = "of: reserved_mem: use -ENODEV instead of -ENOENT",
	  .evidence = "'Devicetree updates for v7.1' (Marek Szyprowski, 7 patches; the shared dt-reserved-mem-cleanups branch)",
	  .what = "reserved_mem rework: handlers say -ENODEV for \"not mine\"",
	  .set = enodev, .ids = NONE },
	{ .since = KV(7, 1), .commit = "34e0e2a8ea9e",
	  .subject = "of: reserved_mem: rework fdt_init_reserved_mem_node()",
	  .evidence = "'Devicetree updates for v7.1', same series (which patch of it: read from its diff)",
	  .what = "failed regions leave reserved_mem[]",
	  .set = drop_failed, .ids = NONE },
	{ .since = KV(7, 1), .commit = "abdd23c8849d",
	  .subject = "of: reserved_mem: remove fdt node from the structure",
	  .evidence = "'Devicetree updates for v7.1'; its diff drops the fdt_node key from __rmem_cmp()",
	  .what = "the overlap sort drops the node offset key",
	  .set = node_key_dropped, .ids = NONE },
	{ .since = KV(7, 2), .commit = "7b9f263909a5",
	  .subject = "of: reserved_mem: only support one <base size> entry in reg property",
	  .evidence = "'Devicetree updates for v7.2' (Wandun Chen, 4 patches; was dated ~7.1)",
	  .what = "only the first reg entry is reserved, with a warning naming how many there are",
	  .set = first_entry, .before = &sm_msgs_6_12, .after = &sm_msgs_7_2,
	  .ids = IDS(SM_MSG_RMEM_MULTI_REG, SM_MSG_RMEM_IGNORES_EXTRA) },
	{ .since = KV(7, 2), .commit = NULL,
	  .subject = "of: reserved_mem: zero total_reserved_mem_cnt if no valid /reserved-memory entry",
	  .evidence = "'Devicetree updates for v7.2' (was dated ~7.1); its hash is in no indexed listing",
	  .what = "an early scan that gives up sizes the late array 0",
	  .set = fail_empties, .ids = NONE },
	{ .since = KV(7, 3), .commit = NULL, .subject = "(not found)",
	  .evidence = "bracketed by the 7.2 and 7.3 builds (both booted here); no patch found in the indexed lists",
	  .what = "\"created DMA memory pool at ..., size N KiB\" (was MiB)",
	  .before = &sm_msgs_7_2, .after = &sm_msgs_7_3,
	  .ids = IDS(SM_MSG_DMA_POOL_CREATED, SM_MSG_DMA_POOL_CREATED_KIB) },
	{ .since = KV(7, 3), .commit = NULL, .subject = "(not found)",
	  .evidence = "bracketed by the 7.2 and 7.3 builds (both booted here); build data, not a rule",
	  .what = "zones printed before the memory map; the linear map covers whole pages only (a build's early allocations)",
	  .ids = NONE },
};

const struct sm_kernel_change *sm_boot_kernel_change_at(size_t i)
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

unsigned int sm_boot_kernel_change_modelled_from(const struct sm_kernel_change *c)
{
	return c->stable_from ? c->stable_from : c->since;
}

void sm_boot_timeline_apply(struct sm_profile *p, struct sm_profile_msgs *m,
			    unsigned int version)
{
	size_t n = sizeof(changes) / sizeof(changes[0]);

	/* back to 5.10, newest change first, then forward up to @version */
	for (size_t i = n; i-- > 0;) {
		if (changes[i].set)
			changes[i].set(p, false);
		set_msgs(m, &changes[i], false);
	}
	for (size_t i = 0; i < n; i++) {
		if (sm_boot_kernel_change_modelled_from(&changes[i]) > version)
			continue;
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

int sm_boot_kernel_version_parse(const char *s, unsigned int *version)
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

void sm_boot_kernel_version_str(unsigned int version, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u", version / 100, version % 100);
}
