// SPDX-License-Identifier: MIT
/*
 * cma.c - the CMA areas at run time, as Linux mm/cma.c: activation
 * (every pageblock becomes MIGRATE_CMA and goes to the buddy allocator),
 * cma_alloc() (first fit in a bitmap with order_per_bit, honouring the
 * alignment and the area's offset, then alloc_contig_range(), the next
 * aligned candidate on -EBUSY), cma_release(), the failure message with
 * its free-space dump in each kernel's format, and the statistics that
 * debugfs and sysfs show.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- bitmap ---------------------------------------------------------- */

static bool bit_test(const uint64_t *map, uint64_t i)
{
	return map[i / 64] >> (i % 64) & 1;
}

static void bits_assign(uint64_t *map, uint64_t i, uint64_t n, bool set)
{
	for (; n && i % 64; i++, n--)
		map[i / 64] = set ? map[i / 64] | 1ULL << (i % 64) :
				    map[i / 64] & ~(1ULL << (i % 64));
	for (; n >= 64; i += 64, n -= 64)
		map[i / 64] = set ? UINT64_MAX : 0;
	for (; n; i++, n--)
		map[i / 64] = set ? map[i / 64] | 1ULL << (i % 64) :
				    map[i / 64] & ~(1ULL << (i % 64));
}

/* find_next_bit()/find_next_zero_bit(): @size if none */
static uint64_t next_bit(const uint64_t *map, uint64_t size, uint64_t i,
			 bool want)
{
	while (i < size) {
		uint64_t w = map[i / 64];

		if (!want)
			w = ~w;
		w &= UINT64_MAX << (i % 64);
		if (w) {
			i = (i & ~63ULL) + (uint64_t)__builtin_ctzll(w);
			return i < size ? i : size;
		}
		i = (i & ~63ULL) + 64;
	}
	return size;
}

/*
 * bitmap_find_next_zero_area_off(): the first index >= @start with
 * (index + @off) a multiple of @mask + 1 and @nr clear bits; >= @size if
 * none.
 */
static uint64_t find_zero_area(const uint64_t *map, uint64_t size,
			       uint64_t start, uint64_t nr, uint64_t mask,
			       uint64_t off)
{
	for (;;) {
		uint64_t idx = next_bit(map, size, start, false), end, i;

		idx = ((idx + off + mask) & ~mask) - off;
		end = idx + nr;
		if (end > size)
			return end;
		i = next_bit(map, end, idx, true);
		if (i < end) {
			start = i + 1;
			continue;
		}
		return idx;
	}
}

uint64_t sm_mm_cma_used(const struct sm_cma *cma)
{
	uint64_t used = 0;

	for (uint64_t i = 0; i < (cma->nbits + 63) / 64; i++)
		used += (uint64_t)__builtin_popcountll(cma->bitmap[i]);
	return used << cma->order_per_bit;
}

uint64_t sm_mm_cma_maxchunk(const struct sm_cma *cma)
{
	uint64_t best = 0, start = 0;

	for (;;) {
		uint64_t z = next_bit(cma->bitmap, cma->nbits, start, false);
		uint64_t e;

		if (z >= cma->nbits)
			break;
		e = next_bit(cma->bitmap, cma->nbits, z, true);
		if (e - z > best)
			best = e - z;
		start = e;
	}
	return best << cma->order_per_bit;
}

/* ---- activation ------------------------------------------------------ */

/* cma_activate_area(): all pages valid and in one zone */
static bool area_ok(const struct sm_system *s, const struct sm_cma *cma)
{
	uint64_t end = cma->base_pfn + cma->count;
	unsigned int zone;

	if (!cma->count || !sm_pfn_in_span(s, cma->base_pfn) ||
	    end > s->end_pfn)
		return false;
	zone = sm_pg(s, cma->base_pfn)->zone;
	for (uint64_t pfn = cma->base_pfn; pfn < end; pfn++) {
		const struct sm_page *p = sm_pg(s, pfn);

		if (!(p->flags & SM_PG_RAM) || (p->flags & SM_PG_MANAGED) ||
		    p->zone != zone)
			return false;
	}
	return true;
}

static void manage(struct sm_system *s, uint64_t pfn, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		sm_pg(s, pfn + i)->flags |= SM_PG_MANAGED;
	sm_zone_of(s, pfn)->managed += n;
}

/* the error path: the pages become ordinary memory, the area empty */
static void activate_failed(struct sm_system *s, struct sm_cma *cma)
{
	uint64_t end = cma->base_pfn + cma->count;

	sm_mm_printk(s, SM_LOG_ERR, "cma: CMA area %s could not be activated",
		     cma->name);
	for (uint64_t pfn = cma->base_pfn; pfn < end; pfn++) {
		if (!sm_pfn_in_span(s, pfn))
			break;
		if ((sm_pg(s, pfn)->flags & (SM_PG_RAM | SM_PG_MANAGED)) !=
		    SM_PG_RAM)
			continue;
		manage(s, pfn, 1);
		sm_mm_free_block(s, pfn, 0, false);
	}
	s->totalcma_pages -= cma->count;
	cma->count = cma->available = 0;
	cma->nbits = 0;
}

static int activate(struct sm_system *s, struct sm_cma *cma)
{
	uint64_t nr = sm_pb_nr(s);

	cma->nbits = cma->count >> cma->order_per_bit;
	cma->bitmap = calloc((cma->nbits + 63) / 64 + 1, sizeof(uint64_t));
	if (!cma->bitmap)
		return -ENOMEM;
	if (!area_ok(s, cma) || cma->base_pfn % nr || cma->count % nr) {
		activate_failed(s, cma);
		return 0;
	}
	for (uint64_t pfn = cma->base_pfn; pfn < cma->base_pfn + cma->count;
	     pfn += nr) {
		sm_mm_pb_set_mt(s, pfn, SM_MIGRATE_CMA);
		manage(s, pfn, nr);
		sm_zone_of(s, pfn)->cma_pages += nr;
		sm_mm_free_block(s, pfn, s->pageblock_order, false);
	}
	return 0;
}

int sm_mm_cma_activate_all(struct sm_system *s)
{
	const struct sm_board *b = s->board;

	s->cma = calloc(b->ncma ? b->ncma : 1, sizeof(*s->cma));
	if (!s->cma)
		return -ENOMEM;
	s->ncma = b->ncma;
	for (size_t i = 0; i < b->ncma; i++) {
		struct sm_cma *cma = &s->cma[i];

		cma->sys = s;
		snprintf(cma->name, sizeof(cma->name), "%s", b->cma[i].name);
		cma->base_pfn = b->cma[i].base >> s->page_shift;
		cma->count = b->cma[i].size >> s->page_shift;
		cma->available = cma->count;
		cma->order_per_bit = b->cma[i].order_per_bit;
		cma->is_default = b->cma[i].is_default;
		s->totalcma_pages += cma->count;
	}
	for (size_t i = 0; i < s->ncma; i++) {
		int ret = activate(s, &s->cma[i]);

		if (ret)
			return ret;
	}
	return 0;
}

void sm_mm_cma_release_all(struct sm_system *s)
{
	for (size_t i = 0; i < s->ncma; i++)
		free(s->cma[i].bitmap);
	free(s->cma);
	s->cma = NULL;
	s->ncma = 0;
}

/* ---- lookups --------------------------------------------------------- */

size_t sm_mm_cma_count(const struct sm_system *sys)
{
	return sys->ncma;
}

struct sm_cma *sm_mm_cma_at(struct sm_system *sys, size_t i)
{
	return i < sys->ncma ? &sys->cma[i] : NULL;
}

struct sm_cma *sm_mm_cma_find(struct sm_system *sys, const char *name)
{
	for (size_t i = 0; i < sys->ncma; i++)
		if (!strcmp(sys->cma[i].name, name))
			return &sys->cma[i];
	return NULL;
}

struct sm_cma *sm_mm_cma_default(struct sm_system *sys)
{
	for (size_t i = 0; i < sys->ncma; i++)
		if (sys->cma[i].is_default)
			return &sys->cma[i];
	return NULL;
}

const char *sm_mm_cma_name(const struct sm_cma *cma)
{
	return cma->name;
}

void sm_mm_cma_stats(const struct sm_cma *cma, struct sm_cma_stats *st)
{
	st->base_pfn = cma->base_pfn;
	st->count = cma->count;
	st->used = cma->bitmap ? sm_mm_cma_used(cma) : 0;
	st->maxchunk = cma->bitmap ? sm_mm_cma_maxchunk(cma) : 0;
	st->alloc_pages_success = cma->alloc_success;
	st->alloc_pages_fail = cma->alloc_fail;
	st->release_pages_success = cma->release_success;
}

size_t sm_mm_cma_bitmap_u32(const struct sm_cma *cma, uint32_t *words,
			    size_t max)
{
	size_t n = (size_t)((cma->nbits + 31) / 32);

	for (size_t w = 0; cma->bitmap && words && w < n && w < max; w++)
		words[w] = (uint32_t)(cma->bitmap[w / 2] >> (32 * (w % 2)));
	return cma->bitmap ? n : 0;
}

unsigned int sm_mm_cma_order_per_bit(const struct sm_cma *cma)
{
	return cma->order_per_bit;
}

/* ---- the failure message ----------------------------------------------- */

/*
 * The runs of clear bits: "512@0+256@768". 6.12 puts '+' between runs;
 * 6.15+ (@plus_marks_offset) before every run that does not start at
 * bit 0, so a lone run at 128 prints "+128@128".
 */
void sm_mm_cma_free_runs(const struct sm_cma *cma, struct sm_buf *b,
			 uint64_t *total, bool plus_marks_offset)
{
	uint64_t start = 0;

	*total = 0;
	for (;;) {
		uint64_t z = next_bit(cma->bitmap, cma->nbits, start, false);
		uint64_t e;

		if (z >= cma->nbits)
			break;
		e = next_bit(cma->bitmap, cma->nbits, z, true);
		sm_mm_buf_printf(b, "%s%llu@%llu",
				 (plus_marks_offset ? z : start) ? "+" : "",
				 (unsigned long long)((e - z) << cma->order_per_bit),
				 (unsigned long long)z);
		*total += (e - z) << cma->order_per_bit;
		start = e;
	}
}

/*
 * cma_debug_show_areas(): 6.12 prints one line; 6.15+ prints a header,
 * one "range N: " line per range, an empty continuation flushed by a
 * bare "\n" and the total as a line of its own (printk continuation
 * rules: the pr_info("\n") ends the range line and starts a new one).
 */
static void show_areas(struct sm_system *s, const struct sm_cma *cma)
{
	const struct sm_mm_profile *mp = sm_mm_profile(s);
	struct sm_buf b = { 0 };
	uint64_t total;

	if (!mp->cma_show_areas)
		return;
	if (!mp->cma_show_ranges) {
		sm_mm_buf_printf(&b, "cma: number of available pages: ");
		sm_mm_cma_free_runs(cma, &b, &total, false);
		sm_mm_buf_printf(&b, "=> %llu free of %llu total pages",
				 (unsigned long long)total,
				 (unsigned long long)cma->count);
		if (!b.err)
			sm_mm_printk(s, SM_LOG_INFO, "%s", b.p);
		free(b.p);
		return;
	}
	sm_mm_printk(s, SM_LOG_INFO, "cma: number of available pages: ");
	sm_mm_buf_printf(&b, "cma: range 0: ");
	sm_mm_cma_free_runs(cma, &b, &total, true);
	if (!b.err)
		sm_mm_printk(s, SM_LOG_INFO, "%s", b.p);
	free(b.p);
	sm_mm_printk(s, SM_LOG_INFO, "cma: ");
	sm_mm_printk(s, SM_LOG_INFO, "=> %llu free of %llu total pages",
		     (unsigned long long)cma->available,
		     (unsigned long long)cma->count);
}

static void alloc_failed_msg(struct sm_system *s, const struct sm_cma *cma,
			     uint64_t count, int kret)
{
	sm_mm_printk(s, SM_LOG_ERR,
		     "cma: %s: %s: alloc failed, req-size: %llu pages, ret: %d",
		     sm_mm_profile(s)->cma_alloc_func, cma->name,
		     (unsigned long long)count, kret);
	show_areas(s, cma);
}

/* ---- cma_alloc / cma_release -------------------------------------------- */

/*
 * The bitmap search and alloc_contig_range() loop. @kret receives what
 * the kernel would print as ret; the return value is what the caller
 * gets: -ENOMEM when no window was free, else the last error.
 */
static int range_alloc(struct sm_system *s, struct sm_cma *cma,
		       uint64_t count, unsigned int align, int *kret,
		       uint64_t *pfn)
{
	const struct sm_mm_profile *mp = sm_mm_profile(s);
	uint64_t mask, off, nbits, start = 0;
	unsigned int opb = cma->order_per_bit;
	int ret = -ENOMEM;

	*kret = mp->cma_nowindow_ret;
	mask = align <= opb ? 0 : (1ULL << (align - opb)) - 1;
	off = (cma->base_pfn & ((1ULL << align) - 1)) >> opb;
	nbits = (count + (1ULL << opb) - 1) >> opb;
	for (;;) {
		uint64_t idx;

		if (mp->cma_available_check && count > cma->available)
			break;
		idx = find_zero_area(cma->bitmap, cma->nbits, start, nbits,
				     mask, off);
		if (idx >= cma->nbits)
			break;
		bits_assign(cma->bitmap, idx, nbits, true);
		cma->available -= count;
		*pfn = cma->base_pfn + (idx << opb);
		ret = sm_mm_alloc_contig_range(s, *pfn, *pfn + count);
		*kret = ret;
		if (!ret)
			return 0;
		bits_assign(cma->bitmap, idx, nbits, false);
		cma->available += count;
		if (ret != -EBUSY)
			break;
		start = idx + mask + 1;
	}
	return ret;
}

int sm_mm_cma_alloc(struct sm_system *sys, struct sm_cma *cma, uint64_t count,
		    unsigned int align, bool no_warn, uint64_t *pfn)
{
	const struct sm_mm_profile *mp = sm_mm_profile(sys);
	uint64_t nbits;
	int ret, kret;

	if (!count || align >= 64)
		return -EINVAL;
	if (!cma->count || !cma->bitmap) {
		if (mp->cma_count_early_fail) {
			cma->alloc_fail += count;
			sys->stats.cma_alloc_fail++;
		}
		return -ENOMEM;
	}
	nbits = (count + (1ULL << cma->order_per_bit) - 1) >>
		cma->order_per_bit;
	if (nbits > cma->nbits && !mp->cma_big_searches) {
		/* 6.1 counts the failure; 6.12 returns first */
		if (mp->cma_count_early_fail) {
			cma->alloc_fail += count;
			sys->stats.cma_alloc_fail++;
		}
		return -ENOMEM;
	}
	ret = range_alloc(sys, cma, count, align, &kret, pfn);
	if (ret) {
		if (!no_warn)
			alloc_failed_msg(sys, cma, count, kret);
		cma->alloc_fail += count;
		sys->stats.cma_alloc_fail++;
		return ret;
	}
	cma->alloc_success += count;
	sys->stats.cma_alloc_success++;
	return 0;
}

int sm_mm_cma_release(struct sm_system *sys, struct sm_cma *cma,
		      uint64_t pfn, uint64_t count)
{
	uint64_t bit, nbits;

	if (!count || pfn < cma->base_pfn || pfn >= cma->base_pfn + cma->count ||
	    count > cma->base_pfn + cma->count - pfn)
		return -EINVAL;
	/* refuse what cma_alloc() did not hand out: the kernel would BUG or
	 * corrupt its accounting */
	for (uint64_t p = pfn; p < pfn + count; p++) {
		if (!(sm_pg(sys, p)->flags & SM_PG_CONTIG))
			return -EINVAL;
		if (sm_pg(sys, p)->prev)
			return -EBUSY;
	}
	bit = (pfn - cma->base_pfn) >> cma->order_per_bit;
	nbits = (count + (1ULL << cma->order_per_bit) - 1) >>
		cma->order_per_bit;
	for (uint64_t i = bit; i < bit + nbits; i++)
		if (!bit_test(cma->bitmap, i))
			return -EINVAL;
	sm_mm_free_contig_range(sys, pfn, count);
	bits_assign(cma->bitmap, bit, nbits, false);
	cma->available += count;
	cma->release_success += count;
	return 0;
}
