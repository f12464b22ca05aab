// SPDX-License-Identifier: MIT
/*
 * memblock_test.c - memblock as the kernel keeps it (src/boot/memblock.c),
 * one behaviour per case, in the style of tools/testing/memblock: a
 * picture of the regions, then what to expect.
 */
#include "../test.h"
#include "../../src/boot/internal.h"

#define MB (1024ULL * 1024)

static struct sm_memblock mb;

static void setup(void)
{
	sm_boot_memblock_release(&mb);
	sm_boot_memblock_init(&mb);
}

static void expect_region(const struct sm_memblock_type *t, size_t i,
			  uint64_t base, uint64_t size, unsigned int flags)
{
	CHECK(i < t->cnt);
	if (i >= t->cnt)
		return;
	CHECK_EQ_U64(t->regions[i].base, base);
	CHECK_EQ_U64(t->regions[i].size, size);
	CHECK_EQ_U64(t->regions[i].flags, flags);
}

/*
 * |  [r1]  [r2]  |  -> |  [  r1+r2  ]  |
 * Expect two touching ranges to merge into one region.
 */
static void memblock_add_touching_merge(void)
{
	setup();
	sm_boot_memblock_add(&mb, 0x40000000, 64 * MB);
	sm_boot_memblock_add(&mb, 0x40000000 + 64 * MB, 64 * MB);
	CHECK_EQ_U64(mb.memory.cnt, 1);
	expect_region(&mb.memory, 0, 0x40000000, 128 * MB, 0);
	CHECK_EQ_U64(mb.memory.total_size, 128 * MB);
}

/*
 * |   [  r1  ]       |
 * |       [   r2   ] |
 * Expect an overlapping add to fill only the gap: one region, no double
 * counting in total_size.
 */
static void memblock_add_overlap_top(void)
{
	setup();
	sm_boot_memblock_add(&mb, 0x1000, 0x4000);
	sm_boot_memblock_add(&mb, 0x3000, 0x4000);
	CHECK_EQ_U64(mb.memory.cnt, 1);
	expect_region(&mb.memory, 0, 0x1000, 0x6000, 0);
	CHECK_EQ_U64(mb.memory.total_size, 0x6000);
}

/*
 * |  [   r1    ]  |   reserve a slice in the middle
 * |  [a][  b  ]   |
 * Expect reserved regions stay sorted and separate when they do not touch.
 */
static void memblock_reserve_sorted(void)
{
	setup();
	sm_boot_memblock_reserve(&mb, 0x9000, 0x1000, 0);
	sm_boot_memblock_reserve(&mb, 0x1000, 0x1000, 0);
	sm_boot_memblock_reserve(&mb, 0x5000, 0x1000, 0);
	CHECK_EQ_U64(mb.reserved.cnt, 3);
	expect_region(&mb.reserved, 0, 0x1000, 0x1000, 0);
	expect_region(&mb.reserved, 1, 0x5000, 0x1000, 0);
	expect_region(&mb.reserved, 2, 0x9000, 0x1000, 0);
}

/*
 * |  [     memory      ]  |
 * |      [nomap]          |
 * Expect marking no-map to split memory in three, and clearing it to
 * merge the three back.
 */
static void memblock_nomap_split_and_merge(void)
{
	setup();
	sm_boot_memblock_add(&mb, 0x40000000, 256 * MB);
	sm_boot_memblock_mark_nomap(&mb, 0x40000000 + 64 * MB, 16 * MB);
	CHECK_EQ_U64(mb.memory.cnt, 3);
	expect_region(&mb.memory, 1, 0x40000000 + 64 * MB, 16 * MB,
		      SM_MEMBLOCK_NOMAP);
	sm_boot_memblock_clear_nomap(&mb, 0x40000000 + 64 * MB, 16 * MB);
	CHECK_EQ_U64(mb.memory.cnt, 1);
	expect_region(&mb.memory, 0, 0x40000000, 256 * MB, 0);
}

/*
 * |  [ reserved  ]      |  free part of the middle
 * |  [a]      [b]       |
 * Expect phys_free to cut a hole, keeping both ends.
 */
static void memblock_free_middle(void)
{
	setup();
	sm_boot_memblock_reserve(&mb, 0x10000, 0x10000, 0);
	sm_boot_memblock_phys_free(&mb, 0x14000, 0x4000);
	CHECK_EQ_U64(mb.reserved.cnt, 2);
	expect_region(&mb.reserved, 0, 0x10000, 0x4000, 0);
	expect_region(&mb.reserved, 1, 0x18000, 0x8000, 0);
}

/*
 * | memory 0x40000000 .. +1 GiB, top 16 MiB reserved |
 * Expect top-down allocation just below the reservation, aligned down.
 */
static void memblock_alloc_top_down(void)
{
	uint64_t top = 0x40000000 + 1024 * MB, a;

	setup();
	sm_boot_memblock_add(&mb, 0x40000000, 1024 * MB);
	sm_boot_memblock_reserve(&mb, top - 16 * MB, 16 * MB, 0);
	a = sm_boot_memblock_alloc_range(&mb, 3 * MB, 4 * MB, 0,
					 SM_ALLOC_ANYWHERE, 0);
	CHECK_EQ_U64(a, top - 16 * MB - 4 * MB);
	CHECK(sm_boot_memblock_is_region_reserved(&mb, a, 3 * MB));
}

/*
 * | [   free   ][nomap][ free ] |
 * Expect allocations never to land in no-map memory.
 */
static void memblock_alloc_skips_nomap(void)
{
	uint64_t a;

	setup();
	sm_boot_memblock_add(&mb, 0x40000000, 64 * MB);
	sm_boot_memblock_mark_nomap(&mb, 0x40000000 + 32 * MB, 32 * MB);
	a = sm_boot_memblock_alloc_range(&mb, 8 * MB, 1 * MB, 0,
					 SM_ALLOC_ANYWHERE, 0);
	CHECK_EQ_U64(a, 0x40000000 + 24 * MB);
}

/*
 * Expect bottom-up mode to return the lowest fitting, aligned candidate,
 * and an allocation inside [start, end) to respect both ends.
 */
static void memblock_alloc_bottom_up_and_window(void)
{
	uint64_t a;

	setup();
	sm_boot_memblock_add(&mb, 0x40000000, 1024 * MB);
	mb.bottom_up = true;
	a = sm_boot_memblock_alloc_range(&mb, 2 * MB, 2 * MB, 0x40100000,
					 SM_ALLOC_ANYWHERE, 0);
	CHECK_EQ_U64(a, 0x40200000);
	mb.bottom_up = false;
	a = sm_boot_memblock_alloc_range(&mb, 2 * MB, 2 * MB, 0x40000000,
					 0x50000000, 0);
	CHECK_EQ_U64(a, 0x50000000 - 2 * MB);
	a = sm_boot_memblock_alloc_range(&mb, 512 * MB, 2 * MB, 0x40000000,
					 0x50000000, 0);
	CHECK_EQ_U64(a, 0);
}

/*
 * Expect page 0 never to be handed out: 0 is the failure value.
 */
static void memblock_alloc_never_page_zero(void)
{
	setup();
	sm_boot_memblock_add(&mb, 0, 0x2000);
	CHECK_EQ_U64(sm_boot_memblock_alloc_range(&mb, 0x1000, 0x1000, 0,
						  SM_ALLOC_ANYWHERE, 0), 0x1000);
	CHECK_EQ_U64(sm_boot_memblock_alloc_range(&mb, 0x1000, 0x1000, 0,
						  SM_ALLOC_ANYWHERE, 0), 0);
}

/*
 * Expect single-page allocations to fill free ranges from the top,
 * skipping reserved holes, exactly like repeated page allocations.
 */
static void memblock_alloc_pages_fill_from_top(void)
{
	setup();
	sm_boot_memblock_add(&mb, 0x100000, 0x100000);
	sm_boot_memblock_reserve(&mb, 0x1fe000, 0x1000, 0);
	CHECK_EQ_U64(sm_boot_memblock_alloc_pages(&mb, 3, 0x1000, 0), 0);
	/* 0x1ff000, then below the hole 0x1fd000 and 0x1fc000 */
	CHECK(sm_boot_memblock_is_region_reserved(&mb, 0x1ff000, 0x1000));
	CHECK(sm_boot_memblock_is_region_reserved(&mb, 0x1fc000, 0x2000));
	CHECK(!sm_boot_memblock_is_region_reserved(&mb, 0x1fb000, 0x1000));
}

/*
 * Expect removing a range to split memory and to drop wholly covered
 * regions.
 */
static void memblock_remove_range(void)
{
	setup();
	sm_boot_memblock_add(&mb, 0x1000, 0x1000);
	sm_boot_memblock_add(&mb, 0x4000, 0x4000);
	sm_boot_memblock_remove(&mb, 0x0, 0x5000);
	CHECK_EQ_U64(mb.memory.cnt, 1);
	expect_region(&mb.memory, 0, 0x5000, 0x3000, 0);
	CHECK_EQ_U64(sm_boot_memblock_start_of_dram(&mb), 0x5000);
	CHECK_EQ_U64(sm_boot_memblock_end_of_dram(&mb), 0x8000);
}

/*
 * Expect sparse_init()'s count of present 128 MiB sections and of the
 * 4 KiB roots (256 sections each) that hold them: a section two regions
 * share counts once, and a tree describing exabytes is counted without
 * visiting each section.
 */
static void present_sections(void)
{
	struct sm_board board = { .profile = sm_boot_profile_find("6.1") };
	struct sm_boot bt = { .b = &board };
	uint64_t roots = 0;

	sm_boot_memblock_init(&board.memblock);
	/* [0x40000000, +64M) and [+65M, +1G): sections 8..15, one root */
	sm_boot_memblock_add(&board.memblock, 0x40000000, 64 * MB);
	sm_boot_memblock_add(&board.memblock, 0x40000000 + 65 * MB, 959 * MB);
	CHECK_EQ_U64(board.memblock.memory.cnt, 2);
	CHECK_EQ_U64(sm_boot_env_present_sections(&bt, &roots), 8);
	CHECK_EQ_U64(roots, 1);
	/* a hole, then 2^60 - 64M from 2^62: 2^33 sections, 2^25 roots */
	sm_boot_memblock_add(&board.memblock, 1ULL << 62,
			     (1ULL << 60) - 64 * MB);
	CHECK_EQ_U64(sm_boot_env_present_sections(&bt, &roots),
		     8 + (1ULL << 33));
	CHECK_EQ_U64(roots, 1 + (1ULL << 25));
	/* one starting in that last section: one section and root more */
	sm_boot_memblock_add(&board.memblock,
			     (1ULL << 62) + (1ULL << 60) - 32 * MB, 128 * MB);
	CHECK_EQ_U64(board.memblock.memory.cnt, 4);
	CHECK_EQ_U64(sm_boot_env_present_sections(&bt, &roots),
		     9 + (1ULL << 33));
	CHECK_EQ_U64(roots, 2 + (1ULL << 25));
	sm_boot_memblock_release(&board.memblock);
}

int main(void)
{
	sm_boot_memblock_init(&mb);
	RUN(memblock_add_touching_merge);
	RUN(present_sections);
	RUN(memblock_add_overlap_top);
	RUN(memblock_reserve_sorted);
	RUN(memblock_nomap_split_and_merge);
	RUN(memblock_free_middle);
	RUN(memblock_alloc_top_down);
	RUN(memblock_alloc_skips_nomap);
	RUN(memblock_alloc_bottom_up_and_window);
	RUN(memblock_alloc_never_page_zero);
	RUN(memblock_alloc_pages_fill_from_top);
	RUN(memblock_remove_range);
	sm_boot_memblock_release(&mb);
	return test_done();
}
