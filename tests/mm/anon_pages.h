/* SPDX-License-Identifier: MIT */
/*
 * anon_pages.h - writing and checking pages of an anonymous mapping in
 * the swap tests. Each test says, with its fill function, which bytes
 * version @v of page @i holds; these write them (taking the page in, as
 * a store does) and compare them (a load: a swapped page comes back).
 */
#ifndef SOCMEM_TESTS_MM_ANON_PAGES_H
#define SOCMEM_TESTS_MM_ANON_PAGES_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <socmem/mm.h>

#define ANON_PAGE 4096

typedef void (*anon_fill_fn)(uint8_t *p, uint64_t i, unsigned int v);

/* store version @v into page @i; 0 or the fault's errno */
static inline int anon_write(struct sm_anon *a, uint64_t i, unsigned int v,
			     anon_fill_fn fill)
{
	void *b;
	int ret = sm_mm_anon_fault(a, i, true, &b);

	if (!ret)
		fill(b, i, v);
	return ret;
}

/* page @i holds version @v */
static inline bool anon_holds(struct sm_anon *a, uint64_t i, unsigned int v,
			      anon_fill_fn fill)
{
	uint8_t want[ANON_PAGE];
	void *b;

	fill(want, i, v);
	return !sm_mm_anon_fault(a, i, false, &b) &&
	       !memcmp(b, want, ANON_PAGE);
}

/* how many of the first @n pages are in state @s */
static inline uint64_t anon_count(struct sm_anon *a, uint64_t n,
				  enum sm_anon_state s)
{
	uint64_t c = 0;

	for (uint64_t i = 0; i < n; i++)
		c += sm_mm_anon_state(a, i) == s;
	return c;
}

#endif
