// SPDX-License-Identifier: MIT
/*
 * million_test.c - one device, a million distinct pages (4 GiB of
 * data): every page written, every page read back byte-identical, and
 * the counters and zsmalloc invariants right at that scale. The pages
 * compress well (two alternating 8-byte words derived from the index,
 * never same-filled) so the run takes about a second.
 */
#include <stdio.h>
#include <string.h>

#include <socmem/zram.h>

#include "../test.h"

#define PAGE 4096
#define PAGES (1u << 20)

static void make(uint64_t *w, uint64_t i)
{
	for (int k = 0; k < PAGE / 8; k += 2) {
		w[k] = i * 0x9E3779B97F4A7C15ull;
		w[k + 1] = ~i;
	}
}

/* Expect a million pages in and out, orig_data_size 4 GiB, no same. */
static void zram_million_pages(void)
{
	struct sm_zram_ctl *ctl;
	struct sm_zram *d;
	struct sm_zram_stats st;
	uint64_t want[PAGE / 8], got[PAGE / 8];
	size_t bad = 0;

	CHECK(!sm_zram_ctl_create(SM_KERNEL_6_12, NULL, &ctl));
	d = sm_zram_ctl_dev(ctl, 0);
	CHECK(sm_zram_attr_write(d, "disksize", "4G\n", 3) == 3);
	CHECK(sm_zram_disksize(d) == (uint64_t)PAGES * PAGE);
	for (uint64_t i = 0; i < PAGES; i++) {
		make(want, i);
		if (sm_zram_write(d, i, want))
			bad++;
	}
	CHECK_EQ_U64(bad, 0);
	for (uint64_t i = 0; i < PAGES; i++) {
		make(want, i);
		if (sm_zram_read(d, i, got) || memcmp(want, got, PAGE))
			bad++;
	}
	CHECK_EQ_U64(bad, 0);
	sm_zram_get_stats(d, &st);
	CHECK_EQ_U64(st.orig_data_size, (uint64_t)PAGES * PAGE);
	CHECK_EQ_U64(st.same_pages, 0);
	CHECK_EQ_U64(st.huge_pages, 0);
	CHECK(st.mem_used_total < st.orig_data_size / 32);
	fprintf(stderr, "1M pages: compr %llu bytes, pool %llu bytes\n",
		(unsigned long long)st.compr_data_size,
		(unsigned long long)st.mem_used_total);
	sm_zram_ctl_destroy(ctl);
}

int main(void)
{
	RUN(zram_million_pages);
	return test_done();
}
