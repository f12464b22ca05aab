// SPDX-License-Identifier: MIT
/*
 * system.c - a booted board brought up as a running system: the zones,
 * memblock's free memory handed to the buddy allocator as
 * memblock_free_all() does it (Linux 6.12 mm/memblock.c
 * free_low_memory_core_early()), then the CMA areas activated
 * (mm/cma.c cma_init_reserved_areas()); and the system's kernel log.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swap.h"

#define MIGRATE_TYPES_COUNT 6 /* MIGRATE_TYPES with CMA and isolation */

int sm_mm_printk(struct sm_system *s, enum sm_loglevel level,
		 const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	char *copy;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (s->nlog == s->caplog) {
		size_t cap = s->caplog ? s->caplog * 2 : 16;
		struct sm_kmsg *n = realloc(s->log, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		s->log = n;
		s->caplog = cap;
	}
	copy = strdup(buf);
	if (!copy)
		return -ENOMEM;
	s->log[s->nlog].text = copy;
	s->log[s->nlog].level = level;
	s->log[s->nlog].memline = true;
	s->nlog++;
	return 0;
}

int sm_mm_log_add(struct sm_system *sys, enum sm_loglevel level,
		  const char *text)
{
	return sm_mm_printk(sys, level, "%s", text);
}

const struct sm_kmsg *sm_mm_log(const struct sm_system *sys, size_t *n)
{
	*n = sys->nlog;
	return sys->log;
}

void sm_mm_log_clear(struct sm_system *sys)
{
	for (size_t i = 0; i < sys->nlog; i++)
		free(sys->log[i].text);
	sys->nlog = 0;
}

const struct sm_board *sm_mm_system_board(const struct sm_system *sys)
{
	return sys->board;
}

static int zone_of_pfn(const struct sm_system *s, uint64_t pfn)
{
	for (int zi = 0; zi < SM_NR_ZONES; zi++)
		if (pfn >= s->zones[zi].start_pfn && pfn < s->zones[zi].end_pfn)
			return zi;
	return SM_ZONE_NORMAL;
}

static int check_board(const struct sm_board *b, struct sm_diag *diag)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;
	uint64_t first, last;
	unsigned int shift;

	if (!mem->cnt)
		return sm_dt_diag_set(diag, -EINVAL, "the board has no memory");
	if (sm_boot_profile_max_order(b->profile) >= SM_MM_MAX_ORDERS ||
	    b->pageblock_order > sm_boot_profile_max_order(b->profile))
		return sm_dt_diag_set(diag, -EINVAL, "pageblock order %u above "
				      "the highest buddy order %u",
				      b->pageblock_order,
				      sm_boot_profile_max_order(b->profile));
	shift = sm_boot_profile_page_shift(b->profile);
	first = mem->regions[0].base >> shift;
	last = (mem->regions[mem->cnt - 1].base +
		mem->regions[mem->cnt - 1].size) >> shift;
	if (last - first >= UINT32_MAX)
		return sm_dt_diag_set(diag, -E2BIG, "memory spans %llu pages; "
				      "at most 2^32 - 1 are supported",
				      (unsigned long long)(last - first));
	return 0;
}

/* zones from the board; every RAM frame gets its zone */
static void init_zones(struct sm_system *s)
{
	const struct sm_memblock_type *mem = &s->board->memblock.memory;
	uint64_t pmask = (1ULL << s->page_shift) - 1;

	for (int zi = 0; zi < SM_NR_ZONES; zi++) {
		const struct sm_zone_span *sp = &s->board->zones[zi];
		struct sm_zone *z = &s->zones[zi];

		for (int mt = 0; mt < SM_MIGRATE_TYPES; mt++)
			for (unsigned int o = 0; o < SM_MM_MAX_ORDERS; o++)
				z->area[o].list[mt].head =
					z->area[o].list[mt].tail = SM_IDX_NONE;
		if (!sp->exists || sp->end_pfn <= sp->start_pfn)
			continue;
		z->start_pfn = sp->start_pfn;
		z->end_pfn = sp->end_pfn;
	}
	for (size_t i = 0; i < mem->cnt; i++) {
		const struct sm_memblock_region *r = &mem->regions[i];
		uint64_t pfn = (r->base + pmask) >> s->page_shift;
		uint64_t end = (r->base + r->size) >> s->page_shift;
		uint8_t ram = (r->flags & SM_MEMBLOCK_NOMAP) ? 0 : SM_PG_RAM;

		for (; pfn < end; pfn++) {
			struct sm_page *p = sm_pg(s, pfn);
			int zi = zone_of_pfn(s, pfn);

			p->flags = ram;
			p->zone = (uint8_t)zi;
			s->zones[zi].present++;
		}
	}
}

/* __free_pages_memory(): the largest aligned chunks, to the list tails */
static void free_pages_memory(struct sm_system *s, uint64_t start,
			      uint64_t end)
{
	while (start < end) {
		unsigned int order = s->max_order;
		struct sm_zone *z;

		if (start && (unsigned int)__builtin_ctzll(start) < order)
			order = (unsigned int)__builtin_ctzll(start);
		while (start + (1ULL << order) > end)
			order--;
		z = sm_zone_of(s, start);
		for (uint64_t p = start; p < start + (1ULL << order); p++)
			sm_pg(s, p)->flags |= SM_PG_MANAGED;
		z->managed += 1ULL << order;
		sm_mm_free_block(s, start, order, true);
		start += 1ULL << order;
	}
}

/* a free range, split where zones meet */
static void free_range(struct sm_system *s, uint64_t base, uint64_t end)
{
	uint64_t pmask = (1ULL << s->page_shift) - 1;
	uint64_t spfn = (base + pmask) >> s->page_shift;
	uint64_t epfn = end >> s->page_shift;

	while (spfn < epfn) {
		const struct sm_zone *z = &s->zones[zone_of_pfn(s, spfn)];
		uint64_t stop = epfn;

		if (z->end_pfn > spfn && z->end_pfn < stop)
			stop = z->end_pfn;
		free_pages_memory(s, spfn, stop);
		spfn = stop;
	}
}

/*
 * memblock_free_all(): every range of memblock.memory (NOMAP excluded)
 * not in memblock.reserved goes to the buddy allocator.
 */
static void free_all(struct sm_system *s)
{
	const struct sm_memblock_type *mem = &s->board->memblock.memory;
	const struct sm_memblock_type *rsv = &s->board->memblock.reserved;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct sm_memblock_region *r = &mem->regions[i];
		uint64_t cur = r->base, end = r->base + r->size;

		if (r->flags & SM_MEMBLOCK_NOMAP)
			continue;
		for (size_t j = 0; j < rsv->cnt && cur < end; j++) {
			uint64_t rb = rsv->regions[j].base;
			uint64_t re = rb + rsv->regions[j].size;

			if (re <= cur || rb >= end)
				continue;
			if (rb > cur)
				free_range(s, cur, rb);
			cur = re;
		}
		if (cur < end)
			free_range(s, cur, end);
	}
}

/* build_all_zonelists(): too little memory to group by mobility */
static bool mobility_disabled(const struct sm_system *s)
{
	uint64_t total = 0;

	for (int zi = 0; zi < SM_NR_ZONES; zi++)
		total += s->zones[zi].present;
	return total < sm_pb_nr(s) * MIGRATE_TYPES_COUNT;
}

int sm_mm_system_create(const struct sm_board *board,
			const struct sm_system_options *opts,
			struct sm_system **out, struct sm_diag *diag)
{
	const struct sm_memblock_type *mem = &board->memblock.memory;
	struct sm_system *s;
	int ret;

	ret = check_board(board, diag);
	if (ret)
		return ret;
	s = calloc(1, sizeof(*s));
	if (!s)
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	s->board = board;
	s->phys_fd = -1;
	s->page_shift = sm_boot_profile_page_shift(board->profile);
	s->pageblock_order = board->pageblock_order;
	s->max_order = sm_boot_profile_max_order(board->profile);
	s->base_pfn = mem->regions[0].base >> s->page_shift;
	s->end_pfn = (mem->regions[mem->cnt - 1].base +
		      mem->regions[mem->cnt - 1].size) >> s->page_shift;
	ret = sm_mm_physmem_init(s, opts ? opts->backing_path : NULL, diag);
	if (!ret && sm_mm_pb_init(s))
		ret = sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	if (ret)
		goto out_destroy;
	init_zones(s);
	s->mobility_disabled = mobility_disabled(s);
	free_all(s);
	ret = sm_mm_cma_activate_all(s);
	sm_mm_zonelists_init(s);
	if (ret) {
		sm_dt_diag_set(diag, ret, "cannot activate the CMA areas: %s",
			       strerror(-ret));
		goto out_destroy;
	}
	sm_mm_dma_atomic_pools_init(s);
	*out = s;
	return 0;

out_destroy:
	sm_mm_system_destroy(s);
	return ret;
}

void sm_mm_system_destroy(struct sm_system *sys)
{
	if (!sys)
		return;
	sm_mm_swap_destroy(sys);
	sm_mm_cma_release_all(sys);
	sm_mm_owners_release(&sys->owners);
	free(sys->pageblock);
	sm_mm_physmem_release(sys);
	for (size_t i = 0; i < sys->nlog; i++)
		free(sys->log[i].text);
	free(sys->log);
	free(sys);
}
