// SPDX-License-Identifier: MIT
/*
 * memblock.c - the early boot allocator, as Linux mm/memblock.c keeps it.
 *
 * Two types, memory and reserved, each a sorted array of non-overlapping
 * regions that is merged after every change. Allocation looks for free
 * ranges (memory minus reserved, NOMAP memory skipped) inside [start, end),
 * top-down by default: from the highest free range, the candidate is the
 * end of the range minus the size, rounded down to the alignment.
 *
 * Invariants (sm_memblock_check() in tests):
 *  1. regions of a type are sorted by base and do not overlap;
 *  2. no two neighbours touch with the same flags and node (merged);
 *  3. total_size is the sum of the sizes; no region is empty.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define INIT_REGIONS 128

static int type_init(struct sm_memblock_type *t)
{
	t->regions = calloc(INIT_REGIONS, sizeof(*t->regions));
	if (!t->regions)
		return -ENOMEM;
	t->cnt = 0;
	t->max = INIT_REGIONS;
	t->total_size = 0;
	return 0;
}

int sm_boot_memblock_init(struct sm_memblock *mb)
{
	memset(mb, 0, sizeof(*mb));
	if (type_init(&mb->memory) || type_init(&mb->reserved)) {
		sm_boot_memblock_release(mb);
		return -ENOMEM;
	}
	mb->current_limit = SM_ALLOC_ANYWHERE;
	return 0;
}

void sm_boot_memblock_release(struct sm_memblock *mb)
{
	free(mb->memory.regions);
	free(mb->reserved.regions);
	mb->memory.regions = mb->reserved.regions = NULL;
}

int sm_boot_memblock_type_copy(struct sm_memblock_type *dst,
			       const struct sm_memblock_type *src)
{
	dst->regions = calloc(src->max, sizeof(*dst->regions));
	if (!dst->regions)
		return -ENOMEM;
	memcpy(dst->regions, src->regions, src->cnt * sizeof(*src->regions));
	dst->cnt = src->cnt;
	dst->max = src->max;
	dst->total_size = src->total_size;
	return 0;
}

/* Clamp size so that base + size does not wrap (memblock_cap_size()). */
static uint64_t cap_size(uint64_t base, uint64_t *size)
{
	if (*size > UINT64_MAX - base)
		*size = UINT64_MAX - base;
	return *size;
}

/*
 * Our arrays grow with realloc: the kernel doubles its arrays in memblock
 * itself, which only matters past 128 regions, a size no board reaches.
 */
static int ensure_room(struct sm_memblock_type *t, size_t need)
{
	struct sm_memblock_region *r;
	size_t max = t->max;

	if (t->cnt + need <= t->max)
		return 0;
	while (t->cnt + need > max)
		max *= 2;
	r = realloc(t->regions, max * sizeof(*r));
	if (!r)
		return -ENOMEM;
	t->regions = r;
	t->max = max;
	return 0;
}

static void insert_region(struct sm_memblock_type *t, size_t idx,
			  uint64_t base, uint64_t size, int nid,
			  unsigned int flags)
{
	struct sm_memblock_region *r = &t->regions[idx];

	memmove(r + 1, r, (t->cnt - idx) * sizeof(*r));
	r->base = base;
	r->size = size;
	r->flags = flags;
	r->nid = nid;
	t->cnt++;
	t->total_size += size;
}

static void remove_region(struct sm_memblock_type *t, size_t idx)
{
	t->total_size -= t->regions[idx].size;
	memmove(&t->regions[idx], &t->regions[idx + 1],
		(t->cnt - (idx + 1)) * sizeof(*t->regions));
	t->cnt--;
}

/* Merge every pair of touching neighbours with equal flags and node. */
static void merge_regions(struct sm_memblock_type *t)
{
	size_t i = 0;

	while (t->cnt && i < t->cnt - 1) {
		struct sm_memblock_region *this = &t->regions[i];
		struct sm_memblock_region *next = &t->regions[i + 1];

		if (this->base + this->size != next->base ||
		    this->nid != next->nid || this->flags != next->flags) {
			i++;
			continue;
		}
		this->size += next->size;
		memmove(next, next + 1, (t->cnt - (i + 2)) * sizeof(*next));
		t->cnt--;
	}
}

/*
 * memblock_add_range(): insert [base, base+size), keeping what is already
 * there (the new range fills only the gaps), then merge.
 */
static int add_range(struct sm_memblock_type *t, uint64_t base,
		     uint64_t size, int nid, unsigned int flags)
{
	uint64_t end = base + cap_size(base, &size);
	size_t idx;

	if (!size)
		return 0;
	/* at most one new region per existing one, plus the tail */
	if (ensure_room(t, t->cnt + 1))
		return -ENOMEM;
	for (idx = 0; idx < t->cnt; idx++) {
		struct sm_memblock_region *r = &t->regions[idx];
		uint64_t rbase = r->base, rend = r->base + r->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase > base)
			insert_region(t, idx++, base, rbase - base, nid, flags);
		base = rend < end ? rend : end;
	}
	if (base < end)
		insert_region(t, idx, base, end - base, nid, flags);
	merge_regions(t);
	return 0;
}

/*
 * memblock_isolate_range(): split regions so that [base, base+size) is
 * covered by whole regions; start and end_rgn get their index range.
 */
static int isolate_range(struct sm_memblock_type *t, uint64_t base,
			 uint64_t size, size_t *start, size_t *end_rgn)
{
	uint64_t end = base + cap_size(base, &size);

	*start = *end_rgn = 0;
	if (!size)
		return 0;
	if (ensure_room(t, 2))
		return -ENOMEM;
	for (size_t idx = 0; idx < t->cnt; idx++) {
		struct sm_memblock_region *r = &t->regions[idx];
		uint64_t rbase = r->base, rend = r->base + r->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase < base) {
			/* intersects from below: split off the bottom */
			r->base = base;
			r->size -= base - rbase;
			t->total_size -= base - rbase;
			insert_region(t, idx, rbase, base - rbase, r->nid,
				      r->flags);
		} else if (rend > end) {
			/* intersects from above: split, redo the bottom */
			r->base = end;
			r->size -= end - rbase;
			t->total_size -= end - rbase;
			insert_region(t, idx, rbase, end - rbase, r->nid,
				      r->flags);
			idx--;
		} else {
			if (!*end_rgn)
				*start = idx;
			*end_rgn = idx + 1;
		}
	}
	return 0;
}

static int remove_range(struct sm_memblock_type *t, uint64_t base,
			uint64_t size)
{
	size_t start, end;
	int err = isolate_range(t, base, size, &start, &end);

	if (err)
		return err;
	for (size_t i = end; i > start; i--)
		remove_region(t, i - 1);
	return 0;
}

static int setclr_flag(struct sm_memblock_type *t, uint64_t base,
		       uint64_t size, bool set, unsigned int flag)
{
	size_t start, end;
	int err = isolate_range(t, base, size, &start, &end);

	if (err)
		return err;
	for (size_t i = start; i < end; i++) {
		if (set)
			t->regions[i].flags |= flag;
		else
			t->regions[i].flags &= ~flag;
	}
	merge_regions(t);
	return 0;
}

int sm_boot_memblock_add(struct sm_memblock *mb, uint64_t base, uint64_t size)
{
	return add_range(&mb->memory, base, size, SM_NUMA_NO_NODE, 0);
}

int sm_boot_memblock_remove(struct sm_memblock *mb, uint64_t base,
			    uint64_t size)
{
	return remove_range(&mb->memory, base, size);
}

int sm_boot_memblock_reserve(struct sm_memblock *mb, uint64_t base,
			     uint64_t size, unsigned int flags)
{
	return add_range(&mb->reserved, base, size, SM_NUMA_NO_NODE, flags);
}

int sm_boot_memblock_phys_free(struct sm_memblock *mb, uint64_t base,
			       uint64_t size)
{
	return remove_range(&mb->reserved, base, size);
}

int sm_boot_memblock_mark_nomap(struct sm_memblock *mb, uint64_t base,
				uint64_t size)
{
	return setclr_flag(&mb->memory, base, size, true, SM_MEMBLOCK_NOMAP);
}

int sm_boot_memblock_clear_nomap(struct sm_memblock *mb, uint64_t base,
				 uint64_t size)
{
	return setclr_flag(&mb->memory, base, size, false, SM_MEMBLOCK_NOMAP);
}

int sm_boot_memblock_set_node(struct sm_memblock *mb, uint64_t base,
			      uint64_t size, int nid)
{
	size_t start, end;
	int err = isolate_range(&mb->memory, base, size, &start, &end);

	if (err)
		return err;
	for (size_t i = start; i < end; i++)
		mb->memory.regions[i].nid = nid;
	merge_regions(&mb->memory);
	return 0;
}

static bool type_overlaps(const struct sm_memblock_type *t, uint64_t base,
			  uint64_t size)
{
	cap_size(base, &size);
	for (size_t i = 0; i < t->cnt; i++) {
		const struct sm_memblock_region *r = &t->regions[i];

		if (base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

bool sm_boot_memblock_is_region_reserved(const struct sm_memblock *mb,
					 uint64_t base, uint64_t size)
{
	return type_overlaps(&mb->reserved, base, size);
}

bool sm_boot_memblock_overlaps_memory(const struct sm_memblock *mb,
				      uint64_t base, uint64_t size)
{
	return type_overlaps(&mb->memory, base, size);
}

uint64_t sm_boot_memblock_start_of_dram(const struct sm_memblock *mb)
{
	return mb->memory.cnt ? mb->memory.regions[0].base : 0;
}

uint64_t sm_boot_memblock_end_of_dram(const struct sm_memblock *mb)
{
	const struct sm_memblock_region *r;

	if (!mb->memory.cnt)
		return 0;
	r = &mb->memory.regions[mb->memory.cnt - 1];
	return r->base + r->size;
}

/*
 * The free ranges are each memory region (NOMAP ones skipped) minus the
 * reserved regions; the kernel's __next_mem_range{,_rev}() yield the same
 * ranges from either end. The gap before reserved region ri (ri == cnt:
 * after the last one) is [end of ri-1, base of ri).
 */
static void gap(const struct sm_memblock_type *res, size_t ri, uint64_t *s,
		uint64_t *e)
{
	*s = ri ? res->regions[ri - 1].base + res->regions[ri - 1].size : 0;
	*e = ri < res->cnt ? res->regions[ri].base : UINT64_MAX;
}

/* Collect every free range, bottom-up, clipped to [start, end). */
static size_t free_ranges(const struct sm_memblock *mb, uint64_t start,
			  uint64_t end, struct sm_addr_range *out, size_t max)
{
	const struct sm_memblock_type *mem = &mb->memory, *res = &mb->reserved;
	size_t n = 0, ri = 0;

	for (size_t mi = 0; mi < mem->cnt; mi++) {
		const struct sm_memblock_region *m = &mem->regions[mi];
		uint64_t ms = m->base, me = m->base + m->size;

		if (m->flags & SM_MEMBLOCK_NOMAP)
			continue;
		/* gaps of reserved overlapping [ms, me) */
		for (; ri <= res->cnt; ri++) {
			uint64_t gs, ge, fs, fe;

			gap(res, ri, &gs, &ge);
			if (gs >= me)
				break;
			if (ge <= ms)
				continue;
			fs = gs > ms ? gs : ms;
			fe = ge < me ? ge : me;
			if (fs < start)
				fs = start;
			if (fe > end)
				fe = end;
			if (fs < fe && n < max) {
				out[n].base = fs;
				out[n].size = fe - fs;
				n++;
			}
			if (ge > me)
				break;
		}
	}
	return n;
}

uint64_t sm_boot_memblock_find_in_range(const struct sm_memblock *mb,
					uint64_t size, uint64_t align,
					uint64_t start, uint64_t end)
{
	size_t max = mb->memory.cnt + mb->reserved.cnt + 2;
	struct sm_addr_range stack[256], *fr = stack;
	uint64_t found = 0;
	size_t n;

	if (end == SM_ALLOC_ACCESSIBLE)
		end = mb->current_limit;
	/* page 0 is never handed out: 0 means failure */
	if (start < 4096)
		start = 4096;
	if (end < start)
		end = start;
	if (max > 256) {
		fr = malloc(max * sizeof(*fr));
		if (!fr)
			return 0;
	}
	n = free_ranges(mb, start, end, fr, max);
	if (mb->bottom_up) {
		for (size_t i = 0; i < n; i++) {
			uint64_t rs = fr[i].base, re = rs + fr[i].size;
			uint64_t cand = sm_round_up(rs, align);

			if (cand < re && re - cand >= size) {
				found = cand;
				break;
			}
		}
	} else {
		for (size_t i = n; i > 0; i--) {
			uint64_t rs = fr[i - 1].base;
			uint64_t re = rs + fr[i - 1].size;
			uint64_t cand;

			if (re < size)
				continue;
			cand = sm_round_down(re - size, align);
			if (cand >= rs) {
				found = cand;
				break;
			}
		}
	}
	if (fr != stack)
		free(fr);
	return found;
}

uint64_t sm_boot_memblock_alloc_range(struct sm_memblock *mb, uint64_t size,
				      uint64_t align, uint64_t start, uint64_t end,
				      unsigned int flags)
{
	uint64_t found;

	if (!align)
		align = 64; /* the kernel warns and uses SMP_CACHE_BYTES */
	found = sm_boot_memblock_find_in_range(mb, size, align, start, end);
	if (found && !sm_boot_memblock_reserve(mb, found, size, flags))
		return found;
	return 0;
}

/*
 * @count single pages, each allocated top-down like the kernel's page
 * tables: they fill the free ranges from the top, so each free range
 * takes one reservation. Return: the pages that could not be placed.
 */
uint64_t sm_boot_memblock_alloc_pages(struct sm_memblock *mb, uint64_t count,
				      uint64_t page, unsigned int flags)
{
	size_t max = mb->memory.cnt + mb->reserved.cnt + 2;
	struct sm_addr_range *fr = malloc(max * sizeof(*fr));
	size_t n;

	if (!fr)
		return count;
	n = free_ranges(mb, page, SM_ALLOC_ANYWHERE, fr, max);
	for (size_t i = n; i > 0 && count; i--) {
		uint64_t lo = sm_round_up(fr[i - 1].base, page);
		uint64_t hi = sm_round_down(fr[i - 1].base + fr[i - 1].size,
					    page);
		uint64_t fit = hi > lo ? (hi - lo) / page : 0;
		uint64_t take = fit < count ? fit : count;

		if (!take)
			continue;
		sm_boot_memblock_reserve(mb, hi - take * page, take * page,
					 flags);
		count -= take;
	}
	free(fr);
	return count;
}

/*
 * memblock_mem_limit_remove_map(): keep the first @limit bytes of memory
 * (counted over the regions from the bottom); mapped memory above is
 * removed, no-map regions stay, reserved ranges above are truncated.
 */
void sm_boot_memblock_mem_limit_remove_map(struct sm_memblock *mb,
					   uint64_t limit)
{
	uint64_t max_addr = UINT64_MAX, left = limit;
	size_t start, end;

	if (!limit)
		return;
	for (size_t i = 0; i < mb->memory.cnt; i++) {
		if (left <= mb->memory.regions[i].size) {
			max_addr = mb->memory.regions[i].base + left;
			break;
		}
		left -= mb->memory.regions[i].size;
	}
	if (max_addr == UINT64_MAX || !mb->memory.total_size)
		return;
	if (isolate_range(&mb->memory, 0, max_addr, &start, &end))
		return;
	for (size_t i = mb->memory.cnt; i > end; i--)
		if (!(mb->memory.regions[i - 1].flags & SM_MEMBLOCK_NOMAP))
			remove_region(&mb->memory, i - 1);
	for (size_t i = start; i > 0; i--)
		if (!(mb->memory.regions[i - 1].flags & SM_MEMBLOCK_NOMAP))
			remove_region(&mb->memory, i - 1);
	remove_range(&mb->reserved, max_addr, UINT64_MAX - max_addr);
}
