// SPDX-License-Identifier: MIT
/*
 * zsmalloc.c - the zsmalloc allocator for 4 KiB pages as Linux 6.1 and
 * 6.12/7.2 build it (mm/zsmalloc.c): 255 size classes of 32 + 16 i bytes
 * merged where their zspages would look alike, zspages of 1..4 (6.1) or
 * 1..8 (CONFIG_ZSMALLOC_CHAIN_SIZE=8) pages, objects laid across page
 * boundaries, free lists kept inside the free objects, zspages grouped by
 * fullness, and the page count behind zram's mem_used_total.
 *
 * Invariants (checked by sm_zram_zs_check()):
 *  1. pages_allocated = sum over zspages of pages_per_zspage.
 *  2. a zspage sits in the fullness list its inuse count gives, and
 *     nr_fullness[] counts each list.
 *  3. objs_allocated = zspages x objs_per_zspage and objs_inuse = sum of
 *     inuse, per class; a zspage with inuse 0 is freed at once.
 *  4. the free chain of a zspage visits exactly objs_per_zspage - inuse
 *     free objects below objs_per_zspage before any other index.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zs_internal.h"

/* ---- size classes ------------------------------------------------------ */

/* 6.1 get_pages_per_zspage(): the length using the most of its bytes */
static unsigned int chain_v61(unsigned int size, unsigned int max)
{
	unsigned int i, best = 1, best_pc = 0;

	for (i = 1; i <= max; i++) {
		unsigned int bytes = i * ZRAM_PAGE_SIZE;
		unsigned int used_pc = (bytes - bytes % size) * 100 / bytes;

		if (used_pc > best_pc) {
			best_pc = used_pc;
			best = i;
		}
	}
	return best;
}

/* 6.3+ calculate_zspage_chain_size(): the length wasting fewest bytes */
static unsigned int chain_v612(unsigned int size, unsigned int max)
{
	unsigned int i, best = 1, min_waste = ~0u;

	if (!(size & (size - 1)))
		return 1;
	for (i = 1; i <= max; i++) {
		unsigned int waste = i * ZRAM_PAGE_SIZE % size;

		if (waste < min_waste) {
			min_waste = waste;
			best = i;
		}
	}
	return best;
}

static unsigned int class_index_of(size_t size)
{
	size_t idx = 0;

	if (size > ZS_MIN_ALLOC_SIZE)
		idx = (size - ZS_MIN_ALLOC_SIZE + ZS_SIZE_CLASS_DELTA - 1) /
		      ZS_SIZE_CLASS_DELTA;
	return idx < ZS_SIZE_CLASSES - 1 ? (unsigned int)idx :
					   ZS_SIZE_CLASSES - 1;
}

/*
 * zs_create_pool()'s loop: from the largest class down, a class whose
 * zspages would have the same length and object count as the class just
 * above shares that class; the first class from the top that is not one
 * page with one object sets the huge threshold.
 */
static void build_classes(struct sm_zs_pool *pool)
{
	struct zs_class *prev = NULL;
	int i;

	for (i = ZS_SIZE_CLASSES - 1; i >= 0; i--) {
		unsigned int size = ZS_MIN_ALLOC_SIZE + i * ZS_SIZE_CLASS_DELTA;
		unsigned int ppz, opz, f;
		struct zs_class *c;

		if (size > ZS_MAX_ALLOC_SIZE)
			size = ZS_MAX_ALLOC_SIZE;
		ppz = pool->v61 ? chain_v61(size, pool->chain) :
				  chain_v612(size, pool->chain);
		opz = ppz * ZRAM_PAGE_SIZE / size;
		if (ppz != 1 && opz != 1 && !pool->huge_class_size)
			pool->huge_class_size = size - (ZS_HANDLE_SIZE - 1);
		if (prev && prev->pages_per_zspage == ppz &&
		    prev->objs_per_zspage == opz) {
			pool->size_class[i] = prev;
			continue;
		}
		c = &pool->classes[i];
		c->size = size;
		c->index = (unsigned int)i;
		c->pages_per_zspage = ppz;
		c->objs_per_zspage = opz;
		for (f = 0; f < ZS_FULLNESS_MAX; f++)
			zlist_init(&c->fullness[f]);
		pool->size_class[i] = c;
		prev = c;
	}
}

int sm_zram_zs_pool_create(enum sm_kernel_id kernel,
			   const struct sm_zram_pages *pages,
			   struct sm_zs_pool **out)
{
	const struct zram_profile *prof = sm_zram_profile_get(kernel);
	struct sm_zs_pool *pool;

	if (!prof)
		return -EINVAL;
	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return -ENOMEM;
	pool->kernel = kernel;
	pool->v61 = prof->zs_v61;
	pool->chain = prof->zs_chain;
	if (pages) {
		pool->pages = *pages;
	} else if (sm_zram_zs_host_create(&pool->pages)) {
		free(pool);
		return -ENOMEM;
	}
	pool->own_pages = !pages;
	build_classes(pool);
	*out = pool;
	return 0;
}

/* ---- handles ------------------------------------------------------------ */

struct zs_obj *sm_zram_zs_handle_obj(const struct sm_zs_pool *pool,
				     uint64_t handle)
{
	uint64_t slot = (handle >> 1) - 1;

	return &pool->objs[slot];
}

static int handle_alloc(struct sm_zs_pool *pool, uint64_t *handle)
{
	uint32_t slot;

	if (pool->free_obj) {
		slot = pool->free_obj - 1;
		pool->free_obj = pool->objs[slot].next_free;
	} else {
		if (pool->nobjs == pool->objs_cap) {
			uint32_t cap = pool->objs_cap ? pool->objs_cap * 2 :
							1024;
			struct zs_obj *o;

			if (cap <= pool->objs_cap)
				return -ENOMEM;
			o = realloc(pool->objs, cap * sizeof(*o));
			if (!o)
				return -ENOMEM;
			pool->objs = o;
			pool->objs_cap = cap;
		}
		slot = pool->nobjs++;
	}
	pool->objs[slot].zspage = NULL;
	/* even and never 0, like a pointer; bit 0 is the tag */
	*handle = ((uint64_t)slot + 1) << 1;
	return 0;
}

static void handle_free(struct sm_zs_pool *pool, uint64_t handle)
{
	uint32_t slot = (uint32_t)((handle >> 1) - 1);

	pool->objs[slot].zspage = NULL;
	pool->objs[slot].next_free = pool->free_obj;
	pool->free_obj = slot + 1;
}

/* ---- object words in the page bytes ------------------------------------ */

static uint8_t *obj_word(const struct zs_class *class,
			 const struct zspage *zspage, unsigned int idx)
{
	size_t off = (size_t)idx * class->size;

	return zspage->pages[off >> ZRAM_PAGE_SHIFT] +
	       (off & (ZRAM_PAGE_SIZE - 1));
}

static uint64_t get_word(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put_word(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* ---- fullness ----------------------------------------------------------- */

unsigned int sm_zram_zs_fullness_group(const struct sm_zs_pool *pool,
				       const struct zs_class *class,
				       const struct zspage *zspage)
{
	unsigned int inuse = zspage->inuse, objs = class->objs_per_zspage;

	if (pool->v61) {
		if (inuse == 0)
			return ZS61_EMPTY;
		if (inuse == objs)
			return ZS61_FULL;
		/* fullness_threshold_frac = 4 */
		return inuse <= 3 * objs / 4 ? ZS61_ALMOST_EMPTY :
					       ZS61_ALMOST_FULL;
	}
	if (inuse == 0)
		return ZS_RATIO_0;
	if (inuse == objs)
		return ZS_RATIO_100;
	/* a ratio that rounds down to 0% still counts as 10% */
	return 100 * inuse / objs / 10 + 1;
}

/*
 * insert_zspage(): 6.12 puts the zspage at the head of its list; 6.1
 * keeps a zspage with fewer objects than the head just behind it.
 */
void sm_zram_zs_insert_zspage(struct sm_zs_pool *pool, struct zs_class *class,
			      struct zspage *zspage, unsigned int fullness)
{
	struct sm_zlist *head = &class->fullness[fullness];

	class->nr_fullness[fullness]++;
	zspage->fullness = fullness;
	if (pool->v61 && !zlist_empty(head)) {
		struct zspage *first = container_of(head->next, struct zspage,
						    list);

		if (zspage->inuse < first->inuse) {
			zlist_add(&zspage->list, &first->list);
			return;
		}
	}
	zlist_add(&zspage->list, head);
}

void sm_zram_zs_remove_zspage(struct zs_class *class, struct zspage *zspage)
{
	zlist_del_init(&zspage->list);
	class->nr_fullness[zspage->fullness]--;
}

static void fix_fullness_group(struct sm_zs_pool *pool,
			       struct zs_class *class, struct zspage *zspage)
{
	unsigned int fg = sm_zram_zs_fullness_group(pool, class, zspage);

	if (fg == zspage->fullness)
		return;
	sm_zram_zs_remove_zspage(class, zspage);
	sm_zram_zs_insert_zspage(pool, class, zspage, fg);
}

unsigned int sm_zram_zs_putback_zspage(struct sm_zs_pool *pool,
				       struct zs_class *class, struct zspage *zspage)
{
	unsigned int fg = sm_zram_zs_fullness_group(pool, class, zspage);

	sm_zram_zs_insert_zspage(pool, class, zspage, fg);
	return fg;
}

/* find_get_zspage(): the fullest list that still has room, its head */
static struct zspage *find_get_zspage(struct sm_zs_pool *pool,
				      struct zs_class *class)
{
	int top = pool->v61 ? ZS61_ALMOST_FULL : ZS_RATIO_99;

	for (int i = top; i >= 0; i--)
		if (!zlist_empty(&class->fullness[i]))
			return container_of(class->fullness[i].next,
					    struct zspage, list);
	return NULL;
}

/* ---- zspages ------------------------------------------------------------ */

/* init_zspage(): thread every object into the free chain, in order */
static void init_zspage(const struct zs_class *class, struct zspage *zspage)
{
	unsigned int freeobj = 1, off = 0, p;

	for (p = 0; p < class->pages_per_zspage; p++) {
		uint8_t *link = zspage->pages[p] + off;

		zspage->first_obj_off[p] = off;
		while ((off += class->size) < ZRAM_PAGE_SIZE) {
			put_word(link, (uint64_t)freeobj++ << OBJ_TAG_BITS);
			link += class->size;
		}
		/* the last object starting here links into the next page */
		if (p + 1 < class->pages_per_zspage)
			put_word(link, (uint64_t)freeobj++ << OBJ_TAG_BITS);
		else
			put_word(link, ~0ull << OBJ_TAG_BITS);
		off %= ZRAM_PAGE_SIZE;
	}
	zspage->freeobj = 0;
}

static struct zspage *alloc_zspage(struct sm_zs_pool *pool,
				   struct zs_class *class)
{
	struct zspage *zspage = calloc(1, sizeof(*zspage));
	unsigned int i;

	if (!zspage)
		return NULL;
	for (i = 0; i < class->pages_per_zspage; i++) {
		void *bytes;

		if (pool->pages.get(pool->pages.ctx, &bytes, &zspage->ids[i]))
			goto out_put_pages;
		zspage->pages[i] = bytes;
	}
	zspage->class = class;
	zspage->huge = class->objs_per_zspage == 1 &&
		       class->pages_per_zspage == 1;
	init_zspage(class, zspage);
	return zspage;

out_put_pages:
	while (i--)
		pool->pages.put(pool->pages.ctx, zspage->pages[i],
				zspage->ids[i]);
	free(zspage);
	return NULL;
}

/* __free_zspage(): an empty zspage gives its pages back */
void sm_zram_zs_free_zspage(struct sm_zs_pool *pool, struct zs_class *class,
			    struct zspage *zspage)
{
	sm_zram_zs_remove_zspage(class, zspage);
	for (unsigned int i = 0; i < class->pages_per_zspage; i++)
		pool->pages.put(pool->pages.ctx, zspage->pages[i],
				zspage->ids[i]);
	class->objs_allocated -= class->objs_per_zspage;
	pool->pages_allocated -= class->pages_per_zspage;
	pool->nr_zspages--;
	free(zspage);
}

/* obj_malloc(): the head of the zspage's free chain gets @handle */
uint64_t sm_zram_zs_obj_malloc(struct sm_zs_pool *pool, struct zspage *zspage,
			       uint64_t handle)
{
	const struct zs_class *class = zspage->class;
	unsigned int idx = zspage->freeobj;
	uint8_t *w = obj_word(class, zspage, idx);
	struct zs_obj *obj = sm_zram_zs_handle_obj(pool, handle);

	zspage->freeobj = (unsigned int)(get_word(w) >> OBJ_TAG_BITS);
	if (!zspage->huge)
		put_word(w, handle | OBJ_ALLOCATED_TAG);
	else
		zspage->huge_handle = handle | OBJ_ALLOCATED_TAG;
	zspage->inuse++;
	obj->zspage = zspage;
	obj->idx = idx;
	return handle;
}

/* obj_free(): object @idx goes to the head of the free chain */
void sm_zram_zs_obj_free(struct sm_zs_pool *pool, struct zspage *zspage,
			 unsigned int idx)
{
	(void)pool;
	if (!zspage->huge)
		put_word(obj_word(zspage->class, zspage, idx),
			 (uint64_t)zspage->freeobj << OBJ_TAG_BITS);
	else
		zspage->huge_handle = 0;
	zspage->freeobj = idx;
	zspage->inuse--;
}

/* ---- zs_malloc / zs_free ------------------------------------------------ */

int sm_zram_zs_malloc(struct sm_zs_pool *pool, size_t size, uint64_t *handle)
{
	struct zs_class *class;
	struct zspage *zspage;
	uint64_t h;

	if (!size)
		return -EINVAL;
	if (size > ZS_MAX_ALLOC_SIZE)
		return pool->v61 ? -EINVAL : -ENOSPC;
	if (handle_alloc(pool, &h))
		return -ENOMEM;
	class = pool->size_class[class_index_of(size + ZS_HANDLE_SIZE)];
	zspage = find_get_zspage(pool, class);
	if (zspage) {
		sm_zram_zs_obj_malloc(pool, zspage, h);
		fix_fullness_group(pool, class, zspage);
	} else {
		zspage = alloc_zspage(pool, class);
		if (!zspage) {
			handle_free(pool, h);
			return -ENOMEM;
		}
		sm_zram_zs_obj_malloc(pool, zspage, h);
		sm_zram_zs_insert_zspage(pool, class, zspage,
					 sm_zram_zs_fullness_group(pool, class, zspage));
		pool->pages_allocated += class->pages_per_zspage;
		pool->nr_zspages++;
		class->objs_allocated += class->objs_per_zspage;
	}
	class->objs_inuse++;
	*handle = h;
	return 0;
}

void sm_zram_zs_free(struct sm_zs_pool *pool, uint64_t handle)
{
	struct zs_obj *obj;
	struct zspage *zspage;
	struct zs_class *class;

	if (!handle)
		return;
	obj = sm_zram_zs_handle_obj(pool, handle);
	zspage = obj->zspage;
	class = zspage->class;
	class->objs_inuse--;
	sm_zram_zs_obj_free(pool, zspage, obj->idx);
	fix_fullness_group(pool, class, zspage);
	if (zspage->inuse == 0)
		sm_zram_zs_free_zspage(pool, class, zspage);
	handle_free(pool, handle);
}

/* ---- object data ------------------------------------------------------- */

/* Copy between @buf and the object's data bytes, page by page. */
static void obj_copy(struct sm_zs_pool *pool, uint64_t handle, void *buf,
		     size_t len, bool to_obj)
{
	const struct zs_obj *obj = sm_zram_zs_handle_obj(pool, handle);
	const struct zspage *zspage = obj->zspage;
	size_t off = (size_t)obj->idx * zspage->class->size;
	uint8_t *b = buf;

	if (!zspage->huge)
		off += ZS_HANDLE_SIZE;
	while (len) {
		size_t in_page = off & (ZRAM_PAGE_SIZE - 1);
		size_t n = ZRAM_PAGE_SIZE - in_page;
		uint8_t *p = zspage->pages[off >> ZRAM_PAGE_SHIFT] + in_page;

		if (n > len)
			n = len;
		if (to_obj)
			memcpy(p, b, n);
		else
			memcpy(b, p, n);
		b += n;
		off += n;
		len -= n;
	}
}

void sm_zram_zs_write(struct sm_zs_pool *pool, uint64_t handle, const void *src,
		      size_t len)
{
	obj_copy(pool, handle, (void *)(uintptr_t)src, len, true);
}

void sm_zram_zs_read(struct sm_zs_pool *pool, uint64_t handle, void *dst,
		     size_t len)
{
	obj_copy(pool, handle, dst, len, false);
}

const void *sm_zram_zs_map(struct sm_zs_pool *pool, uint64_t handle, void *buf,
			   size_t len)
{
	const struct zs_obj *obj = sm_zram_zs_handle_obj(pool, handle);
	const struct zspage *zspage = obj->zspage;
	size_t off = (size_t)obj->idx * zspage->class->size +
		     (zspage->huge ? 0 : ZS_HANDLE_SIZE);
	const uint8_t *p = zspage->pages[off >> ZRAM_PAGE_SHIFT] +
			   (off & (ZRAM_PAGE_SIZE - 1));

	/* in one page, or spanning two that happen to be adjacent */
	if ((off & (ZRAM_PAGE_SIZE - 1)) + len <= ZRAM_PAGE_SIZE ||
	    zspage->pages[(off >> ZRAM_PAGE_SHIFT) + 1] ==
		    zspage->pages[off >> ZRAM_PAGE_SHIFT] + ZRAM_PAGE_SIZE)
		return p;
	obj_copy(pool, handle, buf, len, false);
	return buf;
}

/*
 * zs_object_copy(): a whole object slot (header word included) from
 * @src/@sidx to @dst/@didx, either side possibly spanning two pages.
 */
void sm_zram_zs_obj_copy(const struct zs_class *class, const struct zspage *dst,
			 unsigned int didx, const struct zspage *src,
			 unsigned int sidx)
{
	size_t s = (size_t)sidx * class->size, d = (size_t)didx * class->size;
	size_t left = class->size;

	while (left) {
		size_t so = s & (ZRAM_PAGE_SIZE - 1);
		size_t doff = d & (ZRAM_PAGE_SIZE - 1);
		size_t n = ZRAM_PAGE_SIZE - (so > doff ? so : doff);

		if (n > left)
			n = left;
		memcpy(dst->pages[d >> ZRAM_PAGE_SHIFT] + doff,
		       src->pages[s >> ZRAM_PAGE_SHIFT] + so, n);
		s += n;
		d += n;
		left -= n;
	}
}

/*
 * find_alloced_obj(): from object *@idx counted from the first object
 * starting in page @page, the first whose header is tagged allocated.
 * Return: its handle (and *@idx its page-relative index), or 0.
 */
uint64_t sm_zram_zs_find_alloced_obj(const struct zs_class *class,
				     const struct zspage *zspage, unsigned int page,
				     unsigned int *idx)
{
	size_t off = zspage->first_obj_off[page] +
		     (size_t)class->size * *idx;

	for (; off < ZRAM_PAGE_SIZE; off += class->size, (*idx)++) {
		uint64_t h = zspage->huge ? zspage->huge_handle :
					    get_word(zspage->pages[page] + off);

		if (h & OBJ_ALLOCATED_TAG)
			return h & ~OBJ_ALLOCATED_TAG;
	}
	return 0;
}

/* ---- page migration ---------------------------------------------------- */

int sm_zram_zs_page_moved(struct sm_zs_pool *pool, uint64_t old_id,
			  void *new_bytes, uint64_t new_id)
{
	for (unsigned int i = 0; i < ZS_SIZE_CLASSES; i++) {
		struct zs_class *c = pool->size_class[i];

		if (c->index != i)
			continue;
		for (unsigned int f = 0; f < ZS_FULLNESS_MAX; f++) {
			for (struct sm_zlist *l = c->fullness[f].next;
			     l != &c->fullness[f]; l = l->next) {
				struct zspage *z =
					container_of(l, struct zspage, list);

				for (unsigned int p = 0;
				     p < c->pages_per_zspage; p++) {
					if (z->ids[p] != old_id)
						continue;
					z->pages[p] = new_bytes;
					z->ids[p] = new_id;
					return 0;
				}
			}
		}
	}
	return -ENOENT;
}

/* ---- pool ------------------------------------------------------------ */

void sm_zram_zs_pool_destroy(struct sm_zs_pool *pool)
{
	if (!pool)
		return;
	for (unsigned int i = 0; i < ZS_SIZE_CLASSES; i++) {
		struct zs_class *c = &pool->classes[i];

		if (pool->size_class[i] != c)
			continue;
		for (unsigned int f = 0; f < ZS_FULLNESS_MAX; f++)
			while (!zlist_empty(&c->fullness[f]))
				sm_zram_zs_free_zspage(pool, c,
						       container_of(c->fullness[f].next,
								    struct zspage,
								    list));
	}
	if (pool->own_pages)
		sm_zram_zs_host_destroy(pool->pages.ctx);
	free(pool->objs);
	free(pool);
}

uint64_t sm_zram_zs_total_pages(const struct sm_zs_pool *pool)
{
	return pool->pages_allocated;
}

uint64_t sm_zram_zs_pages_compacted(const struct sm_zs_pool *pool)
{
	return pool->pages_compacted;
}

size_t sm_zram_zs_huge_class_size(const struct sm_zs_pool *pool)
{
	return pool->huge_class_size;
}

unsigned int sm_zram_zs_class_index(const struct sm_zs_pool *pool, size_t size)
{
	return pool->size_class[class_index_of(size + ZS_HANDLE_SIZE)]->index;
}

int sm_zram_zs_class_at(const struct sm_zs_pool *pool, size_t i,
			struct sm_zs_class_info *info)
{
	for (unsigned int k = 0; k < ZS_SIZE_CLASSES; k++) {
		const struct zs_class *c = pool->size_class[k];

		if (c->index != k || i--)
			continue;
		info->index = c->index;
		info->size = c->size;
		info->pages_per_zspage = c->pages_per_zspage;
		info->objs_per_zspage = c->objs_per_zspage;
		info->zspages = c->objs_allocated / c->objs_per_zspage;
		info->objs_allocated = c->objs_allocated;
		info->objs_used = c->objs_inuse;
		return 0;
	}
	return -ENOENT;
}
