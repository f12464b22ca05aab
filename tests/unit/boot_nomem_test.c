// SPDX-License-Identifier: MIT
/*
 * boot_nomem_test.c - sm_boot_board_boot() when the host runs out of memory:
 * fail the Nth allocation boot makes, for every N until a boot makes no
 * N-th allocation (SQLite's do_malloc_test). Each run must either return
 * -ENOMEM or give a board as complete as the one without faults: no
 * record silently dropped (the alloc-ranges windows, /memreserve/).
 *
 * Built with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc, which
 * reaches the allocations of the static socmem libraries only.
 */
#include <errno.h>

#include "../test.h"
#include "board_helper.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static long fail_at = -1; /* the allocation to fail, 1-based; -1: none */
static long count;

static bool fail_now(void)
{
	return fail_at > 0 && ++count == fail_at;
}

void *__wrap_malloc(size_t size)
{
	return fail_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	return fail_now() ? NULL : __real_realloc(p, size);
}

static const char *const dts =
	"/dts-v1/;\n/memreserve/ 0x48000000 0x1000;\n"
	"/memreserve/ 0x48100000 0x1000;\n/ {\n"
	" #address-cells = <2>;\n #size-cells = <2>;\n"
	" memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 1 0>; };\n"
	" reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"  win { size = <0 0x100000>; alloc-ranges = <0 0x50000000 0 0x1000000 0 0x60000000 0 0x1000000>; };\n"
	"  fw@70000000 { reg = <0 0x70000000 0 0x100000>; };\n"
	" };\n};\n";

static size_t memreserves(const struct sm_board *b)
{
	size_t n = 0;

	for (size_t i = 0; i < b->nregions; i++)
		n += b->regions[i].kind == SM_REGION_MEMRESERVE;
	return n;
}

/* Expect every faulted boot to fail with -ENOMEM or lose nothing. */
static void boot_nomem_every_allocation(void)
{
	struct test_board tb = boot_dts(dts, "6.12", "");
	struct sm_boot_options o = { sm_boot_profile_find("6.12"), "", -1 };
	int runs = 0, failed = 0;

	CHECK(tb.b && memreserves(tb.b) == 2);
	CHECK(region_named(tb.b, "win") &&
	      region_named(tb.b, "win")->n_alloc_ranges == 2);
	for (long n = 1; tb.dt && n < 100000; n++) {
		struct sm_board *b = NULL;
		int err;

		count = 0;
		fail_at = n;
		err = sm_boot_board_boot(tb.dt, &o, &b, NULL);
		fail_at = -1;
		runs++;
		if (err) {
			CHECK(err == -ENOMEM);
			failed++;
			continue;
		}
		if (count < n) {
			sm_boot_board_free(b);
			break; /* no n-th allocation: every one was tried */
		}
		CHECK(memreserves(b) == 2);
		CHECK(region_named(b, "win") &&
		      region_named(b, "win")->n_alloc_ranges == 2);
		sm_boot_board_free(b);
	}
	CHECK(runs > 10 && failed > 0);
	board_free(&tb);
}

int main(void)
{
	RUN(boot_nomem_every_allocation);
	return test_done();
}
