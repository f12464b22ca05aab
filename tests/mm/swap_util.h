/* SPDX-License-Identifier: MIT */
/*
 * swap_util.h - what the mm and zram swap tests share: writing and
 * checking pages of an anonymous mapping (each test says, with its fill
 * function, which bytes version @v of page @i holds; a write takes the
 * page in as a store does, a check loads it, so a swapped page comes
 * back), and reading one /proc/meminfo figure.
 */
#ifndef SOCMEM_TESTS_MM_SWAP_UTIL_H
#define SOCMEM_TESTS_MM_SWAP_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* /proc/meminfo's @field in kB, UINT64_MAX if it is not there */
static inline uint64_t meminfo_kb(struct sm_system *sys, const char *field)
{
	char *out, *p, key[64];
	uint64_t v = UINT64_MAX;

	snprintf(key, sizeof(key), "\n%s:", field);
	if (sm_mm_format_alloc(sys, "meminfo", &out) < 0)
		return v;
	p = strstr(out, key);
	if (p)
		v = strtoull(p + strlen(key), NULL, 10);
	free(out);
	return v;
}

#endif
