// SPDX-License-Identifier: MIT
/*
 * sort_test.c - lib/sort.c's heapsort (src/boot/rmem_sort.c): both
 * versions sort; the 6.1 one permutes equal elements the way the kernel
 * does, which decides the order of 6.1's dynamic allocations.
 */
#include "../test.h"
#include "../../src/boot/internal.h"

struct rec {
	uint64_t key;
	int id;
};

static int cmp_key(const void *a, const void *b, const void *priv)
{
	const struct rec *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/* Expect both variants to sort 200 pseudo-random keys ascending. */
static void sort_orders_keys(void)
{
	for (int v = 0; v < 2; v++) {
		struct rec r[200];
		uint64_t x = 12345;

		for (int i = 0; i < 200; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			r[i].key = x >> 50;
			r[i].id = i;
		}
		sm_boot_kernel_sort(r, 200, sizeof(r[0]), cmp_key, NULL,
				    v ? SM_SORT_V612 : SM_SORT_V61);
		for (int i = 1; i < 200; i++)
			CHECK(r[i - 1].key <= r[i].key);
	}
}

/*
 * Dynamic records all compare equal (0/0). Expect 6.1's heapsort to give
 * D1, D2, ..., Dk-1, D0 for k of them (kernel-behaviour.md §1.7): the
 * first node in DT order is allocated last.
 */
static void sort_v61_ties_rotate_first_to_end(void)
{
	for (int k = 2; k <= 9; k++) {
		struct rec r[9];

		for (int i = 0; i < k; i++)
			r[i] = (struct rec){ 0, i };
		sm_boot_kernel_sort(r, (size_t)k, sizeof(r[0]), cmp_key, NULL,
				    SM_SORT_V61);
		for (int i = 0; i < k - 1; i++)
			CHECK_EQ_U64(r[i].id, i + 1);
		CHECK_EQ_U64(r[k - 1].id, 0);
	}
}

/*
 * Expect the mixed examples of §1.7: [S, D(cma), D(vpu)] sorts to
 * [cma, vpu, S]; [cma, vpu, S] to [vpu, cma, S]; [a, b, s1, c, s2]
 * (a, b, c dynamic, s1 > s2) to [b, a, c, s2, s1].
 */
static void sort_v61_mixed_examples(void)
{
	struct rec a[3] = { { 0x9ff00000, 0 }, { 0, 1 }, { 0, 2 } };
	struct rec b[3] = { { 0, 1 }, { 0, 2 }, { 0x9ff00000, 0 } };
	struct rec c[5] = { { 0, 10 }, { 0, 11 }, { 0x90000000, 20 },
			    { 0, 12 }, { 0x80000000, 21 } };

	sm_boot_kernel_sort(a, 3, sizeof(a[0]), cmp_key, NULL, SM_SORT_V61);
	CHECK(a[0].id == 1 && a[1].id == 2 && a[2].id == 0);
	sm_boot_kernel_sort(b, 3, sizeof(b[0]), cmp_key, NULL, SM_SORT_V61);
	CHECK(b[0].id == 2 && b[1].id == 1 && b[2].id == 0);
	sm_boot_kernel_sort(c, 5, sizeof(c[0]), cmp_key, NULL, SM_SORT_V61);
	CHECK(c[0].id == 11 && c[1].id == 10 && c[2].id == 12 &&
	      c[3].id == 21 && c[4].id == 20);
}

int main(void)
{
	RUN(sort_orders_keys);
	RUN(sort_v61_ties_rotate_first_to_end);
	RUN(sort_v61_mixed_examples);
	return test_done();
}
