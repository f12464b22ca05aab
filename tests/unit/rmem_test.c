// SPDX-License-Identifier: MIT
/*
 * rmem_test.c - the /reserved-memory scanner (src/boot/reserved_mem.c
 * and rmem_handlers.c), one behaviour per case, on boards written as DTS.
 * Facts cited from docs/kernel-behaviour.md §1 and checked against the
 * oracle corpus.
 */
#include "../test.h"
#include "../../src/boot/internal.h"
#include "board_helper.h"

#define MB (1024ULL * 1024)

static bool memory_nomap_at(const struct sm_board *b, uint64_t pa)
{
	const struct sm_memblock_type *m = &b->memblock.memory;

	for (size_t i = 0; i < m->cnt; i++)
		if (pa >= m->regions[i].base &&
		    pa < m->regions[i].base + m->regions[i].size)
			return m->regions[i].flags & SM_MEMBLOCK_NOMAP;
	return false;
}

/* Expect a static no-map carve-out to be marked NOMAP, and 6.12 to print
 * its summary line while 6.1 prints nothing for it (§1.9). */
static void static_nomap_carveout(void)
{
	const char *rmem = "camera@84300000 { reg = <0 0x84300000 0 0x500000>; no-map; };";
	struct test_board tb;
	char dts[2048];

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""), rmem);
	tb = boot_dts(dts, "6.12", "");
	CHECK(tb.b && memory_nomap_at(tb.b, 0x84300000));
	CHECK(has_line(tb.b, "OF: reserved mem: 0x0000000084300000..0x00000000847fffff (5120 KiB) nomap non-reusable camera@84300000"));
	CHECK(region_named(tb.b, "camera@84300000")->status == SM_STATUS_PLACED);
	board_free(&tb);
	tb = boot_dts(dts, "6.1", "");
	CHECK(memory_nomap_at(tb.b, 0x84300000));
	CHECK(line_index(tb.b, "OF: reserved mem: 0x") < 0);
	board_free(&tb);
}

/* Expect a dynamic CMA pool's alignment raised to the pageblock (2 MiB;
 * 4 MiB with pageblock order 10) and placed top-down (§1.5, §1.6). */
static void dynamic_cma_alignment_raised(void)
{
	char dts[2048];
	struct sm_boot_options o = { sm_boot_profile_find("6.12"), "cma=0", 10 };
	struct sm_diag d;
	struct sm_board *b;
	struct test_board tb;

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""),
		 "pool { compatible = \"shared-dma-pool\"; reusable; size = <0 0x300000>; };");
	tb = boot_dts(dts, "6.12", "cma=0");
	CHECK(tb.b);
	CHECK_EQ_U64(region_named(tb.b, "pool")->req_align, 2 * MB);
	/* 3 MiB rounded to 2 MiB alignment: 0x13fc00000, not an aligned size */
	CHECK_EQ_U64(region_named(tb.b, "pool")->base, 0x140000000 - 4 * MB);
	CHECK(has_line(tb.b, "Reserved memory: incorrect alignment of CMA region"));
	CHECK(has_line(tb.b, "OF: reserved mem: node pool compatible matching fail"));
	CHECK(region_named(tb.b, "pool")->status == SM_STATUS_UNMATCHED);
	CHECK(!sm_boot_board_boot(tb.dt, &o, &b, &d));
	CHECK_EQ_U64(b->pageblock_order, 10);
	CHECK_EQ_U64(sm_boot_board_find_region(b, "pool") >= 0 ?
		      b->regions[sm_boot_board_find_region(b, "pool")].req_align : 0,
		      4 * MB);
	sm_boot_board_free(b);
	board_free(&tb);
}

/* Expect a good CMA pool to become a CMA area with the node's name. */
static void dynamic_cma_pool_created(void)
{
	char dts[2048];
	struct test_board tb;

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""),
		 "my_cma { compatible = \"shared-dma-pool\"; reusable; alignment = <0 0x400000>; size = <0 0x1400000>; };");
	tb = boot_dts(dts, "6.12", "cma=0");
	CHECK(tb.b && tb.b->ncma == 1);
	CHECK_STR(tb.b->cma[0].name, "my_cma");
	CHECK_EQ_U64(tb.b->cma[0].size, 20 * MB);
	CHECK(has_line(tb.b, "Reserved memory: created CMA memory pool at 0x000000013ec00000, size 20 MiB"));
	CHECK(has_line(tb.b, "OF: reserved mem: initialized node my_cma, compatible id shared-dma-pool"));
	CHECK(region_named(tb.b, "my_cma")->kind == SM_REGION_CMA);
	board_free(&tb);
}

/* Expect alloc-ranges windows to be tried in order, the first that fits
 * winning (§1.5 step 6). */
static void alloc_ranges_second_window(void)
{
	char dts[2048];
	struct test_board tb;

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""),
		 "win { size = <0 0x100000>; alloc-ranges = <0 0x20000000 0 0x1000000  0 0x50000000 0 0x1000000>; };");
	tb = boot_dts(dts, "6.12", "cma=0");
	CHECK_EQ_U64(region_named(tb.b, "win")->base, 0x50f00000);
	CHECK_EQ_U64(region_named(tb.b, "win")->n_alloc_ranges, 2);
	board_free(&tb);
}

/* Expect status = "disabled" to skip a node silently. */
static void disabled_node_skipped(void)
{
	char dts[2048];
	struct test_board tb;

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""),
		 "off@60000000 { reg = <0 0x60000000 0 0x100000>; status = \"disabled\"; };");
	tb = boot_dts(dts, "6.12", "cma=0");
	CHECK(region_named(tb.b, "off@60000000")->status == SM_STATUS_DISABLED);
	CHECK(!sm_boot_board_is_reserved(tb.b, 0x60000000, 0x100000));
	board_free(&tb);
}

/* Expect a size property of the wrong length to be refused by name. */
static void size_wrong_length(void)
{
	char dts[2048];
	struct test_board tb;

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""),
		 "bad { size = <0x100000>; };");
	tb = boot_dts(dts, "6.12", "cma=0");
	CHECK(has_line(tb.b, "OF: reserved mem: invalid size property in 'bad' node."));
	CHECK(region_named(tb.b, "bad")->status == SM_STATUS_FAILED);
	board_free(&tb);
}

/* Expect reusable + no-map to fail both handlers and give the memory
 * back by clearing NOMAP (§1.8 table). */
static void reusable_nomap_unmatched(void)
{
	char dts[2048];
	struct test_board tb;

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""),
		 "odd@60000000 { compatible = \"shared-dma-pool\"; reg = <0 0x60000000 0 0x400000>; reusable; no-map; };");
	tb = boot_dts(dts, "6.12", "cma=0");
	CHECK(has_line(tb.b, "OF: reserved mem: node odd@60000000 compatible matching fail"));
	CHECK(!memory_nomap_at(tb.b, 0x60000000));
	CHECK(region_named(tb.b, "odd@60000000")->status == SM_STATUS_UNMATCHED);
	board_free(&tb);
}

/* Expect a no-reusable shared-dma-pool to be a coherent DMA pool. */
static void static_dma_pool(void)
{
	char dts[2048];
	struct test_board tb;

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""),
		 "dsp@61000000 { compatible = \"shared-dma-pool\"; reg = <0 0x61000000 0 0x800000>; no-map; };");
	tb = boot_dts(dts, "6.1", "cma=0");
	CHECK(has_line(tb.b, "Reserved memory: created DMA memory pool at 0x0000000061000000, size 8 MiB"));
	CHECK(region_named(tb.b, "dsp@61000000")->kind == SM_REGION_DMA_POOL);
	board_free(&tb);
}

/* Expect two overlapping static regions to be reported once, lower
 * first, with exclusive ends (§1.7); and the second no-map one to fail
 * its reservation (-EBUSY) because the first is already reserved. */
static void overlap_reported(void)
{
	char dts[2048];
	struct test_board tb;

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""),
		 "a@60000000 { reg = <0 0x60000000 0 0x200000>; };"
		 "b@60100000 { reg = <0 0x60100000 0 0x200000>; no-map; };");
	tb = boot_dts(dts, "6.12", "cma=0");
	CHECK(has_line(tb.b, "OF: reserved mem: OVERLAP DETECTED!"));
	CHECK(has_line(tb.b, "a@60000000 (0x0000000060000000--0x0000000060200000) overlaps with b@60100000 (0x0000000060100000--0x0000000060300000)"));
	CHECK(has_line(tb.b, "OF: reserved mem: Reserved memory: failed to reserve memory for node 'b@60100000': base 0x0000000060100000, size 2 MiB"));
	CHECK(tb.b->noverlaps == 1);
	board_free(&tb);
}

/* Expect 6.1 to allocate dynamic regions in heapsort order (D1, D2, D0)
 * while 6.12 uses DT order (D0, D1, D2), top-down either way (§1.7). */
static void dynamic_order_per_kernel(void)
{
	char dts[2048];
	struct test_board tb;

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""),
		 "d0 { size = <0 0x100000>; alignment = <0 0x100000>; };"
		 "d1 { size = <0 0x100000>; alignment = <0 0x100000>; };"
		 "d2 { size = <0 0x100000>; alignment = <0 0x100000>; };");
	tb = boot_dts(dts, "6.1", "cma=0");
	CHECK_EQ_U64(region_named(tb.b, "d1")->base, 0x13ff00000);
	CHECK_EQ_U64(region_named(tb.b, "d2")->base, 0x13fe00000);
	CHECK_EQ_U64(region_named(tb.b, "d0")->base, 0x13fd00000);
	board_free(&tb);
	tb = boot_dts(dts, "6.12", "cma=0");
	CHECK_EQ_U64(region_named(tb.b, "d0")->base, 0x13ff00000);
	CHECK_EQ_U64(region_named(tb.b, "d1")->base, 0x13fe00000);
	CHECK_EQ_U64(region_named(tb.b, "d2")->base, 0x13fd00000);
	board_free(&tb);
}

/* Expect linux,cma-default + cma=: 6.12 bypasses the node and frees it,
 * 7.2 skips it before reserving; without cma= it is the default area. */
static void cma_default_node_vs_cmdline(void)
{
	char dts[2048];
	struct test_board tb;

	snprintf(dts, sizeof(dts), BOARD_DTS("1 0", "%s", ""),
		 "linux,cma { compatible = \"shared-dma-pool\"; reusable; size = <0 0x800000>; linux,cma-default; };");
	tb = boot_dts(dts, "6.12", "cma=64M");
	CHECK(has_line(tb.b, "Reserved memory: bypass linux,cma node, using cmdline CMA params instead"));
	CHECK(region_named(tb.b, "linux,cma")->status == SM_STATUS_BYPASSED);
	CHECK_STR(tb.b->cma[tb.b->default_cma].name, "reserved");
	board_free(&tb);
	tb = boot_dts(dts, "7.2", "cma=64M");
	CHECK(has_line(tb.b, "Skipping dt linux,cma-default node in favor for \"cma=\" kernel param."));
	CHECK(region_named(tb.b, "linux,cma")->status == SM_STATUS_BYPASSED);
	board_free(&tb);
	tb = boot_dts(dts, "6.12", "");
	CHECK(tb.b->ncma == 1);
	CHECK_STR(tb.b->cma[tb.b->default_cma].name, "linux,cma");
	CHECK(line_index(tb.b, "cma: Reserved") < 0);
	board_free(&tb);
}

/* Expect /reserved-memory with other cell counts than the root to be
 * ignored as a whole, with the kernel's message (§1.2). */
static void unsupported_node_format(void)
{
	const char *dts =
		"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
		" memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 1 0>; };\n"
		" reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;\n"
		"  c@60000000 { reg = <0x60000000 0x100000>; no-map; }; };\n};\n";
	struct test_board tb = boot_dts(dts, "6.1", "cma=0");

	CHECK(has_line(tb.b, "OF: fdt: Reserved memory: unsupported node format, ignoring"));
	CHECK(tb.b->nregions == 1); /* only the kernel image */
	board_free(&tb);
}

int main(void)
{
	RUN(static_nomap_carveout);
	RUN(dynamic_cma_alignment_raised);
	RUN(dynamic_cma_pool_created);
	RUN(alloc_ranges_second_window);
	RUN(disabled_node_skipped);
	RUN(size_wrong_length);
	RUN(reusable_nomap_unmatched);
	RUN(static_dma_pool);
	RUN(overlap_reported);
	RUN(dynamic_order_per_kernel);
	RUN(cma_default_node_vs_cmdline);
	RUN(unsupported_node_format);
	return test_done();
}
