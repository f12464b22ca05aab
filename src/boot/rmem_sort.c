// SPDX-License-Identifier: MIT
/*
 * rmem_sort.c - lib/sort.c's heapsort, both versions, because the order
 * of equal elements decides which region 6.1 allocates first and which
 * names an OVERLAP line prints. The algorithm is bottom-up heapsort: find
 * the sift-down path with one comparison per level, then backtrack.
 *
 *   6.1  (SM_SORT_V61): extract one root per step; a child wins with >=
 *   6.12 (SM_SORT_V612): extract two per step while more than three are
 *	  left; a child wins only with >; a final fix-up of the first two
 *
 * Indices here count elements; the kernel counts bytes, which scales
 * every index the same way and so gives the same permutation.
 */
#include <string.h>

#include "internal.h"

struct sorter {
	char *base;
	size_t size;
	sm_cmp_fn cmp;
	const void *priv;
};

static int cmp_at(const struct sorter *s, size_t a, size_t b)
{
	return s->cmp(s->base + a * s->size, s->base + b * s->size, s->priv);
}

static void swap_at(const struct sorter *s, size_t a, size_t b)
{
	char tmp[256];
	char *pa = s->base + a * s->size, *pb = s->base + b * s->size;

	for (size_t off = 0; off < s->size; off += sizeof(tmp)) {
		size_t n = s->size - off < sizeof(tmp) ? s->size - off :
							  sizeof(tmp);

		memcpy(tmp, pa + off, n);
		memcpy(pa + off, pb + off, n);
		memcpy(pb + off, tmp, n);
	}
}

static size_t parent(size_t i)
{
	return (i - 1) / 2;
}

/* Sift the element at @a down into the heap [0, n). */
static void sift(const struct sorter *s, size_t a, size_t n, bool ge)
{
	size_t b = a, c, d;

	for (;;) {
		c = 2 * b + 1;
		d = c + 1;
		if (d >= n)
			break;
		if (ge)
			b = cmp_at(s, c, d) >= 0 ? c : d;
		else
			b = cmp_at(s, c, d) > 0 ? c : d;
	}
	if (d == n)
		b = c;
	while (b != a && cmp_at(s, a, b) >= 0)
		b = parent(b);
	c = b;
	while (b != a) {
		b = parent(b);
		swap_at(s, b, c);
	}
}

static void sort_v61(const struct sorter *s, size_t num)
{
	size_t n = num, a = num / 2;

	if (!a)
		return;
	for (;;) {
		if (a)
			a--;
		else if (--n)
			swap_at(s, 0, n);
		else
			break;
		sift(s, a, n, true);
	}
}

static void sort_v612(const struct sorter *s, size_t num)
{
	size_t n = num, a = num / 2;
	unsigned int shift = 0;

	if (!a)
		return;
	for (;;) {
		if (a) {
			a -= (size_t)1 << shift;
		} else if (n > 3) {
			n--;
			swap_at(s, 0, n);
			shift = cmp_at(s, 1, 2) <= 0;
			a = (size_t)1 << shift;
			n--;
			swap_at(s, a, n);
		} else {
			break;
		}
		sift(s, a, n, false);
	}
	n--;
	swap_at(s, 0, n);
	if (n == 2 && cmp_at(s, 0, 1) > 0)
		swap_at(s, 0, 1);
}

void sm_boot_kernel_sort(void *base, size_t num, size_t size, sm_cmp_fn cmp,
			 const void *priv, enum sm_sort_variant variant)
{
	struct sorter s = { base, size, cmp, priv };

	if (variant == SM_SORT_V61)
		sort_v61(&s, num);
	else
		sort_v612(&s, num);
}
