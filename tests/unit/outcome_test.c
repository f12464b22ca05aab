// SPDX-License-Identifier: MIT
/*
 * outcome_test.c - the region outcomes boot records (include/socmem/
 * outcome.h), one reason per case, with the kernel's numbers. Every board
 * is QEMU-virt-like: RAM from 0x40000000, 2/2 cells (board_helper.h).
 */
#include "../test.h"
#include "../../src/boot/internal.h"
#include "board_helper.h"

#define MB (1024ULL * 1024)

static struct test_board boot_rmem(const char *ram, const char *rmem,
				   const char *kver, const char *cmdline)
{
	char dts[16384];

	snprintf(dts, sizeof(dts), BOARD_DTS("%s", "%s", ""), ram, rmem);
	return boot_dts(dts, kver, cmdline);
}

static const struct sm_region_outcome *outcome(const struct test_board *tb,
					       const char *name)
{
	const struct sm_region *r = region_named(tb->b, name);

	return r ? &r->outcome : NULL;
}

/*
 *   0x40000000          0x50000000  0x50100000
 *   |    RAM    ...      [  fw  ]
 * Expect a static region placed as asked: no reason, reg read whole, and
 * (6.12) the record the summary line prints.
 */
static void outcome_placed(void)
{
	struct test_board tb = boot_rmem("1 0",
		"fw@50000000 { reg = <0 0x50000000 0 0x100000>; };", "6.12", "");
	const struct sm_region_outcome *o = outcome(&tb, "fw@50000000");

	CHECK(o && o->why == SM_WHY_NONE && o->reg == SM_REG_VALID);
	CHECK_EQ_U64(o->reg_base, 0x50000000);
	CHECK_EQ_U64(o->reg_size, MB);
	CHECK(o->recorded);
	CHECK_EQ_U64(o->rec_base, 0x50000000);
	CHECK_STR(sm_boot_why_name(o->why), "none");
	board_free(&tb);
}

/* Expect a dynamic region larger than RAM to fail for want of a window,
 * with its size and the alignment memblock was asked for. */
static void outcome_no_window(void)
{
	struct test_board tb = boot_rmem("0 0x10000000",
		"big { size = <0 0x20000000>; };", "6.12", "");
	const struct sm_region_outcome *o = outcome(&tb, "big");

	CHECK(o && o->why == SM_WHY_NO_WINDOW);
	CHECK(region_named(tb.b, "big")->status == SM_STATUS_FAILED);
	CHECK_EQ_U64(o->size, 512 * MB);
	CHECK_EQ_U64(o->align, 64); /* SMP_CACHE_BYTES */
	CHECK(o->reg == SM_REG_ABSENT && !o->recorded);
	board_free(&tb);
}

/* Expect the window of a failed alloc-ranges allocation recorded. */
static void outcome_no_window_in_range(void)
{
	struct test_board tb = boot_rmem("1 0",
		"win { size = <0 0x400000>; alloc-ranges = <0 0x30000000 0 0x100000>; };",
		"6.1", "");
	const struct sm_region_outcome *o = outcome(&tb, "win");

	CHECK(o && o->why == SM_WHY_NO_WINDOW);
	CHECK_EQ_U64(o->win_start, 0x30000000);
	CHECK_EQ_U64(o->win_end, 0x30100000);
	board_free(&tb);
}

/*
 *   [ fw 0x50000000 +1M ]
 *   [ nm 0x50080000 +1M no-map ]   <- already reserved
 * Expect the no-map region to fail on the range fw holds, naming fw.
 */
static void outcome_collision_region(void)
{
	struct test_board tb = boot_rmem("1 0",
		"fw@50000000 { reg = <0 0x50000000 0 0x100000>; };\n"
		"nm@50080000 { reg = <0 0x50080000 0 0x100000>; no-map; };",
		"6.12", "");
	const struct sm_region_outcome *o = outcome(&tb, "nm@50080000");

	CHECK(o && o->why == SM_WHY_COLLISION);
	CHECK(o->other == sm_boot_board_find_region(tb.b, "fw@50000000"));
	CHECK(o->hit_base <= 0x50000000 && o->hit_base + o->hit_size >=
					       0x50100000);
	CHECK(!o->hit_dtb);
	board_free(&tb);
}

/* Expect a no-map region over the DTB to name the DTB and no region. */
static void outcome_collision_dtb(void)
{
	struct test_board probe = boot_rmem("1 0", "", "6.12", "");
	char rmem[256];
	uint64_t dtb = probe.b ? probe.b->dtb_base : 0;
	struct test_board tb;
	const struct sm_region_outcome *o;

	board_free(&probe);
	snprintf(rmem, sizeof(rmem),
		 "nm { reg = <0 0x%llx 0 0x100000>; no-map; };",
		 (unsigned long long)dtb);
	tb = boot_rmem("1 0", rmem, "6.12", "");
	o = outcome(&tb, "nm");
	CHECK(tb.b && tb.b->dtb_base == dtb);
	CHECK(o && o->why == SM_WHY_COLLISION && o->hit_dtb);
	CHECK(o && o->other == -1);
	board_free(&tb);
}

/* Expect a reg entry of size 0 to fail as such, in every kernel. */
static void outcome_size_zero(void)
{
	static const char *const k[] = { "6.1", "6.12", "7.2" };

	for (size_t i = 0; i < 3; i++) {
		struct test_board tb = boot_rmem("1 0",
			"z@50000000 { reg = <0 0x50000000 0 0>; };", k[i], "");
		const struct sm_region_outcome *o = outcome(&tb, "z@50000000");

		CHECK(o && o->why == SM_WHY_SIZE_ZERO);
		CHECK(o && o->reg == SM_REG_VALID);
		board_free(&tb);
	}
}

/* Expect a size of the wrong width to drop the node, with both lengths. */
static void outcome_bad_size(void)
{
	struct test_board tb = boot_rmem("1 0",
		"p { size = <0x100000>; };", "6.12", "");
	const struct sm_region_outcome *o = outcome(&tb, "p");

	CHECK(o && o->why == SM_WHY_BAD_PROPERTY);
	CHECK_STR(o ? o->prop : NULL, "size");
	CHECK(o && o->prop_len == 4 && o->prop_want == 8 && !o->prop_ignored);
	board_free(&tb);
}

/* Expect a reg of 12 bytes skipped by 6.12 (bad length) and read as
 * absent by 7.2 (the v6.19 helper), which then has nothing to place. */
static void outcome_bad_reg(void)
{
	const char *rmem = "r@50000000 { reg = <0 0x50000000 0>; };";
	struct test_board tb = boot_rmem("1 0", rmem, "6.12", "");
	const struct sm_region_outcome *o = outcome(&tb, "r@50000000");

	CHECK(o && o->why == SM_WHY_BAD_PROPERTY && o->reg == SM_REG_BAD_LENGTH);
	CHECK(o && o->prop_len == 12 && o->prop_want == 16);
	board_free(&tb);
	tb = boot_rmem("1 0", rmem, "7.2", "");
	o = outcome(&tb, "r@50000000");
	CHECK(o && o->reg == SM_REG_IGNORED && o->prop_ignored);
	CHECK(o && o->why == SM_WHY_NONE);
	board_free(&tb);
}

/* Expect 7.2 to allocate anywhere when alloc-ranges is not whole
 * entries, and to say it ignored the property. */
static void outcome_ranges_ignored(void)
{
	struct test_board tb = boot_rmem("1 0",
		"p { size = <0 0x100000>; alloc-ranges = <0 0x50000000 0>; };",
		"7.2", "");
	const struct sm_region_outcome *o = outcome(&tb, "p");

	CHECK(o && o->why == SM_WHY_NONE && o->prop_ignored);
	CHECK_STR(o ? o->prop : NULL, "alloc-ranges");
	CHECK(region_named(tb.b, "p")->status == SM_STATUS_PLACED);
	board_free(&tb);
}

/* Expect the 65th dynamic region of 6.12 never allocated. */
static void outcome_too_many_dynamic(void)
{
	static char rmem[8192];
	struct test_board tb;
	size_t n = 0;

	for (int i = 0; i < 65; i++)
		n += (size_t)snprintf(rmem + n, sizeof(rmem) - n,
				      "d%d { size = <0 0x1000>; };\n", i);
	tb = boot_rmem("1 0", rmem, "6.12", "");
	CHECK(outcome(&tb, "d63") && outcome(&tb, "d63")->why == SM_WHY_NONE);
	CHECK(outcome(&tb, "d64") &&
	      outcome(&tb, "d64")->why == SM_WHY_TOO_MANY_DYNAMIC);
	board_free(&tb);
}

/* Expect 6.1's 65th static region reserved but left out of the full
 * reserved_mem[] ("not enough space"): placed, never recorded. */
static void outcome_no_record(void)
{
	static char rmem[8192];
	struct test_board tb;
	size_t n = 0;

	for (int i = 0; i < 65; i++)
		n += (size_t)snprintf(rmem + n, sizeof(rmem) - n,
				      "s%d@%x { reg = <0 0x%x 0 0x1000>; };\n",
				      i, 0x50000000 + i * 0x1000,
				      0x50000000 + i * 0x1000);
	tb = boot_rmem("1 0", rmem, "6.1", "");
	CHECK(outcome(&tb, "s63@5003f000") &&
	      outcome(&tb, "s63@5003f000")->why == SM_WHY_NONE &&
	      outcome(&tb, "s63@5003f000")->recorded);
	CHECK(outcome(&tb, "s64@50040000") &&
	      outcome(&tb, "s64@50040000")->why == SM_WHY_NO_RECORD &&
	      !outcome(&tb, "s64@50040000")->recorded);
	board_free(&tb);
}

/* Expect a pool no handler takes (no-map and reusable) to fail in its
 * handler, its memory given back. */
static void outcome_handler(void)
{
	struct test_board tb = boot_rmem("1 0",
		"p@50000000 { compatible = \"shared-dma-pool\"; reg = <0 0x50000000 0 0x200000>; no-map; reusable; };",
		"6.12", "");
	const struct sm_region *r = region_named(tb.b, "p@50000000");

	CHECK(r && r->status == SM_STATUS_UNMATCHED);
	CHECK(r && r->outcome.why == SM_WHY_HANDLER && r->outcome.recorded);
	board_free(&tb);
}

/* Expect a 1 MiB CMA pool refused by the CMA handler for its size, with
 * the pageblock size it wanted. */
static void outcome_not_aligned(void)
{
	struct test_board tb = boot_rmem("1 0",
		"c@50000000 { compatible = \"shared-dma-pool\"; reg = <0 0x50000000 0 0x100000>; reusable; };",
		"6.12", "cma=0");
	const struct sm_region_outcome *o = outcome(&tb, "c@50000000");

	CHECK(o && o->why == SM_WHY_NOT_ALIGNED);
	CHECK_EQ_U64(o ? o->align : 0, 2 * MB);
	CHECK_EQ_U64(o ? o->rec_size : 0, MB);
	board_free(&tb);
}

/* Expect the 21st and 22nd CMA pools of a 20-slot kernel refused, each
 * with the area number it would have had. */
static void outcome_no_cma_slot(void)
{
	static char rmem[8192];
	struct test_board tb;
	size_t n = 0;

	for (int i = 0; i < 22; i++)
		n += (size_t)snprintf(rmem + n, sizeof(rmem) - n,
				      "c%d@%x { compatible = \"shared-dma-pool\"; reusable; reg = <0 0x%x 0 0x200000>; };\n",
				      i, 0x50000000 + i * 0x200000,
				      0x50000000 + i * 0x200000);
	tb = boot_rmem("1 0", rmem, "6.12", "cma=0");
	CHECK(tb.b && tb.b->profile->max_cma_areas == 20);
	CHECK(outcome(&tb, "c19@52600000") &&
	      outcome(&tb, "c19@52600000")->why == SM_WHY_NONE);
	CHECK(outcome(&tb, "c20@52800000") &&
	      outcome(&tb, "c20@52800000")->why == SM_WHY_NO_CMA_SLOT);
	CHECK(outcome(&tb, "c20@52800000")->slot == 21 &&
	      outcome(&tb, "c20@52800000")->slots == 20);
	CHECK(outcome(&tb, "c21@52a00000")->slot == 22);
	board_free(&tb);
}

/* Expect a linux,cma-default pool under cma= bypassed by its handler in
 * 6.12 and skipped before reserving in 7.2. */
static void outcome_cmdline(void)
{
	const char *rmem = "linux,cma { compatible = \"shared-dma-pool\"; reusable; linux,cma-default; size = <0 0x1000000>; };";
	struct test_board tb = boot_rmem("1 0", rmem, "6.12", "cma=16M");

	CHECK(outcome(&tb, "linux,cma") &&
	      outcome(&tb, "linux,cma")->why == SM_WHY_CMDLINE_BYPASS);
	board_free(&tb);
	tb = boot_rmem("1 0", rmem, "7.2", "cma=16M");
	CHECK(outcome(&tb, "linux,cma") &&
	      outcome(&tb, "linux,cma")->why == SM_WHY_CMDLINE_SKIP);
	board_free(&tb);
}

static const struct sm_region_outcome *default_cma(const struct test_board *tb)
{
	for (size_t i = 0; tb->b && i < tb->b->nregions; i++)
		if (tb->b->regions[i].kind == SM_REGION_DEFAULT_CMA)
			return &tb->b->regions[i].outcome;
	return NULL;
}

/* Expect the default area too big for the DMA zone (3 GiB of RAM below
 * 4 GiB, less the kernel) to fail for want of a window below its limit,
 * and 6.12 to print that failure. */
static void outcome_default_cma_window(void)
{
	struct test_board tb = boot_rmem("1 0", "", "6.12", "cma=3G");
	const struct sm_region_outcome *o = default_cma(&tb);

	CHECK(o && o->why == SM_WHY_NO_WINDOW && o->reported);
	CHECK_EQ_U64(o ? o->size : 0, 3ULL << 30);
	CHECK_EQ_U64(o ? o->win_end : 0, 0x100000000ULL);
	board_free(&tb);
}

/* Expect cma=S@B with an unaligned base, and over the kernel image,
 * to fail for those reasons. */
static void outcome_default_cma_fixed(void)
{
	struct test_board tb = boot_rmem("1 0", "", "6.12", "cma=16M@0x40100000");
	const struct sm_region_outcome *o = default_cma(&tb);

	CHECK(o && o->why == SM_WHY_BASE_NOT_ALIGNED);
	CHECK_EQ_U64(o ? o->align : 0, 2 * MB);
	board_free(&tb);
	tb = boot_rmem("1 0", "", "6.12", "cma=16M@0x40000000");
	o = default_cma(&tb);
	CHECK(o && o->why == SM_WHY_BUSY);
	board_free(&tb);
}

/* Expect 6.1 to stay silent when the default area finds no slot, and
 * 7.2 to print it (v6.15's wrapper). */
static void outcome_default_cma_no_slot(void)
{
	static char rmem[8192];
	size_t n = 0;

	for (int i = 0; i < 20; i++)
		n += (size_t)snprintf(rmem + n, sizeof(rmem) - n,
				      "c%d@%x { compatible = \"shared-dma-pool\"; reusable; reg = <0 0x%x 0 0x200000>; };\n",
				      i, 0x50000000 + i * 0x200000,
				      0x50000000 + i * 0x200000);
	for (int k = 0; k < 2; k++) {
		struct test_board tb = boot_rmem("1 0", rmem, k ? "7.2" : "6.1",
						 "cma=16M");
		const struct sm_region_outcome *o = default_cma(&tb);

		CHECK(o && o->why == SM_WHY_NO_CMA_SLOT && o->slot == 21);
		CHECK(o && o->reported == (k == 1));
		board_free(&tb);
	}
}

/* Expect two overlapping static regions' records in the overlap. */
static void outcome_overlap_ranges(void)
{
	struct test_board tb = boot_rmem("1 0",
		"a@50000000 { reg = <0 0x50000000 0 0x200000>; };\n"
		"b@50100000 { reg = <0 0x50100000 0 0x200000>; };", "6.12", "");

	CHECK(tb.b && tb.b->noverlaps == 1);
	CHECK_EQ_U64(tb.b->overlaps[0].a_base, 0x50000000);
	CHECK_EQ_U64(tb.b->overlaps[0].a_size, 2 * MB);
	CHECK_EQ_U64(tb.b->overlaps[0].b_base, 0x50100000);
	board_free(&tb);
}

/* Expect /reserved-memory whose cells differ from the root's ignored as
 * a whole, and said so on the board. */
static void outcome_rmem_unsupported(void)
{
	struct test_board tb = boot_dts(
		"/dts-v1/;\n/ {\n #address-cells = <2>;\n #size-cells = <2>;\n"
		" memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 1 0>; };\n"
		" reserved-memory { #address-cells = <2>; #size-cells = <1>; ranges;\n"
		"  fw@50000000 { reg = <0 0x50000000 0x100000>; }; };\n};\n",
		"6.12", "");

	CHECK(tb.b && tb.b->rmem_unsupported);
	CHECK(tb.b && !region_named(tb.b, "fw@50000000"));
	board_free(&tb);
	tb = boot_rmem("1 0", "", "6.12", "");
	CHECK(tb.b && !tb.b->rmem_unsupported);
	board_free(&tb);
}

int main(void)
{
	RUN(outcome_placed);
	RUN(outcome_no_window);
	RUN(outcome_no_window_in_range);
	RUN(outcome_collision_region);
	RUN(outcome_collision_dtb);
	RUN(outcome_size_zero);
	RUN(outcome_bad_size);
	RUN(outcome_bad_reg);
	RUN(outcome_ranges_ignored);
	RUN(outcome_too_many_dynamic);
	RUN(outcome_no_record);
	RUN(outcome_handler);
	RUN(outcome_not_aligned);
	RUN(outcome_no_cma_slot);
	RUN(outcome_cmdline);
	RUN(outcome_default_cma_window);
	RUN(outcome_default_cma_fixed);
	RUN(outcome_default_cma_no_slot);
	RUN(outcome_overlap_ranges);
	RUN(outcome_rmem_unsupported);
	return test_done();
}
