// SPDX-License-Identifier: MIT
/*
 * zs_compact.c - zsmalloc compaction (zs_compact(), what zram's compact
 * attribute and the pool shrinker run) as Linux 6.1 and 6.12/7.2 do it:
 * per class, from the largest down, objects move from sparsely used
 * zspages into fuller ones of the same class until no zspage's worth of
 * free slots is left; every zspage emptied this way is freed and counted
 * in pages_compacted. The two kernels pick sources and destinations
 * differently (6.1: isolate from the ALMOST_EMPTY/ALMOST_FULL heads and
 * stop at the first full destination; 6.12: fullest destination against
 * emptiest source, ten-percent groups), so the same pool compacts to
 * different page counts; both are modelled exactly, including where each
 * object lands, since later allocations depend on it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "zs_internal.h"

uint64_t sm_zram_zs_can_compact(const struct zs_class *class)
{
	uint64_t wasted;

	if (class->objs_allocated <= class->objs_inuse)
		return 0;
	wasted = (class->objs_allocated - class->objs_inuse) /
		 class->objs_per_zspage;
	return wasted * class->pages_per_zspage;
}

static unsigned int zspage_pages(const struct zspage *zspage)
{
	return zspage->class->pages_per_zspage;
}

/* Move one allocated object (page @page, page-relative @pidx). */
static void move_obj(struct sm_zs_pool *pool, struct zspage *src,
		     unsigned int page, unsigned int pidx, uint64_t handle,
		     struct zspage *dst)
{
	const struct zs_class *class = src->class;
	struct zs_obj *obj = sm_zram_zs_handle_obj(pool, handle);
	unsigned int sidx = obj->idx;
	unsigned int didx = dst->freeobj;

	(void)page;
	(void)pidx;
	sm_zram_zs_obj_malloc(pool, dst, handle);	/* record_obj() too */
	sm_zram_zs_obj_copy(class, dst, didx, src, sidx);
	sm_zram_zs_obj_free(pool, src, sidx);
}

/* ---- 6.1 ------------------------------------------------------------ */

struct cc61 {
	unsigned int page;	/* source page being scanned */
	unsigned int idx;	/* next object index within that page */
};

/*
 * 6.1 migrate_zspage(): move objects until @src has none left (0) or
 * @dst is full (-1); remembers where it stopped in @cc.
 */
static int migrate61(struct sm_zs_pool *pool, struct zspage *src,
		     struct zspage *dst, struct cc61 *cc)
{
	const struct zs_class *class = src->class;

	for (;;) {
		uint64_t h = sm_zram_zs_find_alloced_obj(class, src, cc->page,
							 &cc->idx);

		if (!h) {
			if (++cc->page >= zspage_pages(src))
				return 0;
			cc->idx = 0;
			continue;
		}
		if (dst->inuse == class->objs_per_zspage)
			return -1;
		move_obj(pool, src, cc->page, cc->idx, h, dst);
		cc->idx++;
	}
}

/* the first zspage of fullness group @fg, taken off its list, or NULL */
static struct zspage *take_first(struct zs_class *class, int fg)
{
	struct sm_zlist *l = &class->fullness[fg];
	struct zspage *z;

	if (zlist_empty(l))
		return NULL;
	z = container_of(l->next, struct zspage, list);
	sm_zram_zs_remove_zspage(class, z);
	return z;
}

/* 6.1 isolate_zspage(): head of the first non-empty of two lists */
static struct zspage *isolate61(struct zs_class *class, bool source)
{
	unsigned int fg[2] = { ZS61_ALMOST_EMPTY, ZS61_ALMOST_FULL };

	if (!source) {
		fg[0] = ZS61_ALMOST_FULL;
		fg[1] = ZS61_ALMOST_EMPTY;
	}
	for (int i = 0; i < 2; i++) {
		struct zspage *z = take_first(class, fg[i]);

		if (z)
			return z;
	}
	return NULL;
}

static uint64_t compact_class61(struct sm_zs_pool *pool,
				struct zs_class *class)
{
	struct zspage *src, *dst = NULL;
	uint64_t freed = 0;

	while ((src = isolate61(class, true))) {
		struct cc61 cc = { 0, 0 };

		if (!sm_zram_zs_can_compact(class))
			break;
		while ((dst = isolate61(class, false))) {
			if (!migrate61(pool, src, dst, &cc))
				break;
			sm_zram_zs_putback_zspage(pool, class, dst);
			dst = NULL;
		}
		if (!dst)
			break;
		sm_zram_zs_putback_zspage(pool, class, dst);
		if (sm_zram_zs_putback_zspage(pool, class, src) == ZS61_EMPTY) {
			sm_zram_zs_free_zspage(pool, class, src);
			freed += class->pages_per_zspage;
		}
	}
	if (src)
		sm_zram_zs_putback_zspage(pool, class, src);
	return freed;
}

/* ---- 6.12 ----------------------------------------------------------- */

/* 6.12 migrate_zspage(): until @dst is full or @src is empty */
static void migrate612(struct sm_zs_pool *pool, struct zspage *src,
		       struct zspage *dst)
{
	const struct zs_class *class = src->class;
	unsigned int page = 0, idx = 0;

	for (;;) {
		uint64_t h = sm_zram_zs_find_alloced_obj(class, src, page, &idx);

		if (!h) {
			if (++page >= zspage_pages(src))
				return;
			idx = 0;
			continue;
		}
		move_obj(pool, src, page, idx, h, dst);
		idx++;
		if (dst->inuse == class->objs_per_zspage || src->inuse == 0)
			return;
	}
}

/* isolate_src_zspage() (emptiest first) / isolate_dst_zspage() */
static struct zspage *isolate612(struct zs_class *class, bool source)
{
	for (int i = 0; i < ZS_RATIO_99; i++) {
		struct zspage *z = take_first(class, source ? ZS_RATIO_10 + i :
						      ZS_RATIO_99 - i);

		if (z)
			return z;
	}
	return NULL;
}

static uint64_t compact_class612(struct sm_zs_pool *pool,
				 struct zs_class *class)
{
	struct zspage *src, *dst = NULL;
	uint64_t freed = 0;

	while (sm_zram_zs_can_compact(class)) {
		if (!dst) {
			dst = isolate612(class, false);
			if (!dst)
				break;
		}
		src = isolate612(class, true);
		if (!src)
			break;
		migrate612(pool, src, dst);
		if (sm_zram_zs_putback_zspage(pool, class, src) == ZS_RATIO_0) {
			sm_zram_zs_free_zspage(pool, class, src);
			freed += class->pages_per_zspage;
		}
		if (sm_zram_zs_fullness_group(pool, class, dst) == ZS_RATIO_100) {
			sm_zram_zs_putback_zspage(pool, class, dst);
			dst = NULL;
		}
	}
	if (dst)
		sm_zram_zs_putback_zspage(pool, class, dst);
	return freed;
}

uint64_t sm_zram_zs_compact(struct sm_zs_pool *pool)
{
	uint64_t freed = 0;

	for (int i = ZS_SIZE_CLASSES - 1; i >= 0; i--) {
		struct zs_class *class = pool->size_class[i];

		if (class->index != (unsigned int)i)
			continue;
		freed += pool->v61 ? compact_class61(pool, class) :
				     compact_class612(pool, class);
	}
	pool->pages_compacted += freed;
	return freed;
}

/* ---- invariants ------------------------------------------------------ */

static int fail(char *why, size_t len, const char *msg, unsigned int cls)
{
	if (why && len)
		snprintf(why, len, "class %u: %s", cls, msg);
	return -EUCLEAN;
}

/* Invariant 4: the free chain holds exactly the free objects. */
static int check_free_chain(const struct zspage *z)
{
	const struct zs_class *c = z->class;
	unsigned int n = c->objs_per_zspage - z->inuse, idx = z->freeobj;

	if (z->huge)
		return (z->inuse == 1) == (z->huge_handle != 0) ? 0 : -1;
	while (n--) {
		size_t off = (size_t)idx * c->size;
		uint64_t w;

		if (idx >= c->objs_per_zspage)
			return -1;
		memcpy(&w, z->pages[off >> ZRAM_PAGE_SHIFT] +
			   (off & (ZRAM_PAGE_SIZE - 1)), sizeof(w));
		if (w & OBJ_ALLOCATED_TAG)
			return -1;
		idx = (unsigned int)(w >> OBJ_TAG_BITS);
	}
	return 0;
}

static int check_class(const struct sm_zs_pool *pool,
		       const struct zs_class *c, uint64_t *pages, char *why,
		       size_t len)
{
	uint64_t zspages = 0, inuse = 0;

	for (unsigned int f = 0; f < ZS_FULLNESS_MAX; f++) {
		uint64_t n = 0;

		for (const struct sm_zlist *l = c->fullness[f].next;
		     l != &c->fullness[f]; l = l->next) {
			const struct zspage *z =
				container_of(l, struct zspage, list);

			if (sm_zram_zs_fullness_group(pool, c, z) != f ||
			    z->fullness != f)
				return fail(why, len, "wrong list", c->index);
			if (z->inuse == 0)
				return fail(why, len, "empty zspage kept",
					    c->index);
			if (check_free_chain(z))
				return fail(why, len, "free chain broken",
					    c->index);
			inuse += z->inuse;
			n++;
		}
		if (n != c->nr_fullness[f])
			return fail(why, len, "list count", c->index);
		zspages += n;
	}
	if (zspages * c->objs_per_zspage != c->objs_allocated ||
	    inuse != c->objs_inuse)
		return fail(why, len, "object counters", c->index);
	*pages += zspages * c->pages_per_zspage;
	return 0;
}

int sm_zram_zs_check(const struct sm_zs_pool *pool, char *why, size_t len)
{
	uint64_t pages = 0;
	int err;

	for (unsigned int i = 0; i < ZS_SIZE_CLASSES; i++) {
		const struct zs_class *c = pool->size_class[i];

		if (c->index != i)
			continue;
		err = check_class(pool, c, &pages, why, len);
		if (err)
			return err;
	}
	if (pages != pool->pages_allocated)
		return fail(why, len, "pages_allocated", 0);
	return 0;
}
