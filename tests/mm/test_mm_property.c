// SPDX-License-Identifier: MIT
/*
 * test_mm_property.c - long random operation sequences against the
 * allocator, with a printed seed (set SOCMEM_SEED to replay one):
 * allocations of every order, type and zone limit, frees, pins, explicit
 * migrations, cma_alloc/cma_release on every area, double frees.
 *
 * Expect, throughout:
 *  - no frame handed out twice (a shadow bitmap of owned frames);
 *  - free + allocated == managed in every zone (what the kernel holds
 *    from boot, the atomic DMA pools, counted as allocated);
 *  - every free block aligned and merged, every counter right
 *    (sm_mm_check(), every op in the short run, periodically in the
 *    million-op run);
 *  - CMA pageblocks never serve unmovable or reclaimable requests;
 *  - DMA-zone requests below the DMA limit;
 *  - every block's bytes unchanged, wherever migration took it.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "fixture.h"
#include "internal.h"

#define NONE UINT32_MAX

static uint64_t base_seed;
static uint64_t cma_rate = 2; /* cma_alloc attempts, per mille of ops */

struct blk {
	uint64_t pfn;
	uint64_t count; /* pages; a power of two for buddy blocks */
	uint64_t tag;
	struct sm_cma *cma;
	uint8_t order;
	uint8_t mt;
	uint8_t pinned;
	uint8_t owned;
};

struct world {
	struct fixture f;
	struct sm_system *sys;
	uint64_t rng;
	struct blk *b;
	size_t n, cap;
	uint32_t *slot;	  /* frame index -> block index, NONE if free */
	uint64_t used[SM_NR_ZONES];
	uint64_t managed;
	uint64_t moves;
	uint64_t tags;
	int bad;
};

static uint64_t rnd(struct world *w)
{
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 0x2545f4914f6cdd1dULL;
}

static uint64_t below(struct world *w, uint64_t n)
{
	return n ? rnd(w) % n : 0;
}

static uint64_t *word(struct world *w, uint64_t pfn, int last)
{
	uint64_t *p = sm_mm_pfn_virt(w->sys, pfn);

	return last ? p + 4096 / 8 - 1 : p;
}

/* the bytes of a block: its tag at the start and end of every 8th page */
static void stamp(struct world *w, const struct blk *k)
{
	for (uint64_t i = 0; i < k->count; i += 8) {
		*word(w, k->pfn + i, 0) = k->tag ^ i;
		*word(w, k->pfn + i, 1) = ~k->tag ^ i;
	}
}

static int intact(struct world *w, const struct blk *k, uint64_t pfn)
{
	for (uint64_t i = 0; i < k->count; i += 8)
		if (*word(w, pfn + i, 0) != (k->tag ^ i) ||
		    *word(w, pfn + i, 1) != (~k->tag ^ i))
			return 0;
	return 1;
}

static uint64_t fidx(struct world *w, uint64_t pfn)
{
	return pfn - w->sys->base_pfn;
}

static int take(struct world *w, uint64_t pfn, uint64_t count, uint32_t idx)
{
	for (uint64_t i = 0; i < count; i++) {
		if (w->slot[fidx(w, pfn + i)] != NONE) {
			fprintf(stderr, "frame 0x%llx handed out twice\n",
				(unsigned long long)(pfn + i));
			return 0;
		}
		w->slot[fidx(w, pfn + i)] = idx;
	}
	w->used[sm_pg(w->sys, pfn)->zone] += count;
	return 1;
}

static void give(struct world *w, uint64_t pfn, uint64_t count)
{
	for (uint64_t i = 0; i < count; i++)
		w->slot[fidx(w, pfn + i)] = NONE;
	w->used[sm_pg(w->sys, pfn)->zone] -= count;
}

static void on_moved(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		     unsigned int order)
{
	struct world *w = ctx;
	uint32_t idx = w->slot[fidx(w, old_pfn)];
	struct blk *k;

	if (idx == NONE || w->b[idx].pfn != old_pfn ||
	    w->b[idx].order != order) {
		fprintf(stderr, "moved() for an unknown block 0x%llx\n",
			(unsigned long long)old_pfn);
		w->bad = 1;
		return;
	}
	k = &w->b[idx];
	if (!intact(w, k, new_pfn)) {
		fprintf(stderr, "block %llx bytes changed moving to %llx\n",
			(unsigned long long)old_pfn, (unsigned long long)new_pfn);
		w->bad = 1;
	}
	give(w, old_pfn, k->count);
	if (!take(w, new_pfn, k->count, idx))
		w->bad = 1;
	k->pfn = new_pfn;
	w->moves++;
}

static int push(struct world *w, const struct blk *k)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 1024;
		struct blk *n = realloc(w->b, cap * sizeof(*n));

		if (!n)
			return 0;
		w->b = n;
		w->cap = cap;
	}
	w->b[w->n] = *k;
	if (!take(w, k->pfn, k->count, (uint32_t)w->n))
		return 0;
	w->n++;
	return 1;
}

/* remove block @i (swap with the last one) */
static void drop(struct world *w, size_t i)
{
	give(w, w->b[i].pfn, w->b[i].count);
	w->n--;
	if (i != w->n) {
		w->b[i] = w->b[w->n];
		for (uint64_t p = 0; p < w->b[i].count; p++)
			w->slot[fidx(w, w->b[i].pfn + p)] = (uint32_t)i;
	}
}

static unsigned int pick_order(struct world *w)
{
	uint64_t r = below(w, 100);

	if (r < 70)
		return 0;
	if (r < 90)
		return 1 + (unsigned int)below(w, 3);
	if (r < 98)
		return 4 + (unsigned int)below(w, 5);
	return 9 + (unsigned int)below(w, 2);
}

static void op_alloc(struct world *w, const struct sm_page_owner *own)
{
	struct blk k = { .order = (uint8_t)pick_order(w) };
	uint64_t r = below(w, 10);
	enum sm_zone_id zone = below(w, 5) ? SM_ZONE_NORMAL : SM_ZONE_DMA;
	int ret;

	k.mt = r < 6 ? SM_MIGRATE_MOVABLE :
	       r < 8 ? SM_MIGRATE_UNMOVABLE : SM_MIGRATE_RECLAIMABLE;
	k.owned = k.mt == SM_MIGRATE_MOVABLE && below(w, 10);
	ret = sm_mm_alloc_pages(w->sys, k.order, k.mt, zone,
				k.owned ? own : NULL, &k.pfn);
	if (ret) {
		if (ret != -ENOMEM)
			w->bad = 1;
		return;
	}
	k.count = 1ULL << k.order;
	k.tag = ++w->tags * 0x9e3779b97f4a7c15ULL;
	if (k.mt != SM_MIGRATE_MOVABLE &&
	    sm_mm_pb_mt_raw(w->sys, k.pfn) == SM_MIGRATE_CMA) {
		fprintf(stderr, "type %d served from CMA\n", k.mt);
		w->bad = 1;
	}
	if (zone == SM_ZONE_DMA &&
	    k.pfn + k.count > w->sys->zones[SM_ZONE_DMA].end_pfn) {
		fprintf(stderr, "DMA request above the DMA zone\n");
		w->bad = 1;
	}
	if (!push(w, &k))
		w->bad = 1;
	stamp(w, &k);
}

static void op_free(struct world *w)
{
	size_t i = below(w, w->n);
	struct blk *k = &w->b[i];
	int ret;

	if (!w->n)
		return;
	if (!intact(w, k, k->pfn)) {
		fprintf(stderr, "block 0x%llx bytes changed\n",
			(unsigned long long)k->pfn);
		w->bad = 1;
	}
	if (k->cma) {
		ret = sm_mm_cma_release(w->sys, k->cma, k->pfn, k->count);
	} else {
		ret = sm_mm_free_pages(w->sys, k->pfn, k->order);
		if (k->pinned && ret != -EBUSY)
			w->bad = 1;
		if (k->pinned) {
			sm_mm_pin_pages(w->sys, k->pfn, false);
			ret = sm_mm_free_pages(w->sys, k->pfn, k->order);
		}
	}
	if (ret) {
		fprintf(stderr, "free of 0x%llx: %d\n",
			(unsigned long long)k->pfn, ret);
		w->bad = 1;
	}
	uint64_t pfn = k->pfn;
	unsigned int order = k->order;
	bool cma = k->cma;

	drop(w, i);
	/* a second free of the same block is refused */
	if (!cma && !below(w, 8) &&
	    sm_mm_free_pages(w->sys, pfn, order) != -EINVAL) {
		fprintf(stderr, "double free of 0x%llx accepted\n",
			(unsigned long long)pfn);
		w->bad = 1;
	}
}

static void op_cma(struct world *w)
{
	size_t ai = below(w, sm_mm_cma_count(w->sys));
	struct sm_cma *cma = sm_mm_cma_at(w->sys, ai);
	struct sm_cma_stats st;
	struct blk k = { .cma = cma };
	unsigned int align = (unsigned int)below(w, 9);
	int ret;

	sm_mm_cma_stats(cma, &st);
	k.count = 1 + below(w, st.count / 8);
	ret = sm_mm_cma_alloc(w->sys, cma, k.count, align, true, &k.pfn);
	if (ret) {
		if (ret != -EBUSY && ret != -ENOMEM)
			w->bad = 1;
		return;
	}
	if (k.pfn < st.base_pfn || k.pfn + k.count > st.base_pfn + st.count ||
	    k.pfn & ((1ULL << align) - 1)) {
		fprintf(stderr, "cma_alloc gave a misplaced range\n");
		w->bad = 1;
	}
	k.tag = ++w->tags * 0x9e3779b97f4a7c15ULL;
	if (!push(w, &k))
		w->bad = 1;
	stamp(w, &k);
}

static void op_pin(struct world *w)
{
	size_t i = below(w, w->n);
	struct blk *k = &w->b[i];

	if (!w->n || k->cma)
		return;
	if (sm_mm_pin_pages(w->sys, k->pfn, !k->pinned))
		w->bad = 1;
	k->pinned = !k->pinned;
}

static void op_migrate(struct world *w)
{
	size_t i = below(w, w->n);
	struct blk *k = &w->b[i];
	bool movable;
	int ret;

	if (!w->n)
		return;
	movable = !k->cma && k->owned && !k->pinned;
	ret = sm_mm_migrate_pages(w->sys, k->pfn);
	if (movable ? (ret && ret != -ENOMEM) : ret != -EBUSY) {
		fprintf(stderr, "migrate 0x%llx: %d\n",
			(unsigned long long)k->pfn, ret);
		w->bad = 1;
	}
}

static int zones_add_up(struct world *w)
{
	for (int zi = 0; zi < SM_NR_ZONES; zi++) {
		struct sm_mm_zone_stats st;

		sm_mm_zone_stats(w->sys, zi, &st);
		if (st.free + w->used[zi] != st.managed) {
			fprintf(stderr, "zone %s: free %llu + used %llu != %llu\n",
				sm_boot_zone_name(zi), (unsigned long long)st.free,
				(unsigned long long)w->used[zi],
				(unsigned long long)st.managed);
			return 0;
		}
	}
	return 1;
}

/*
 * run() - @ops random operations, after filling 85% of memory; occupancy
 * then swings between 60% and 97% so that fallbacks, claiming and CMA
 * lending all happen. sm_mm_check() every @every ops.
 */
static void run(const char *dts, const char *kernel, int pbo, uint64_t seed,
		uint64_t ops, uint64_t every)
{
	struct world w;
	struct sm_page_owner own = { .moved = on_moved };
	uint64_t managed = 0, boot_used[SM_NR_ZONES];
	bool filling = true;

	memset(&w, 0, sizeof(w));
	w.rng = seed ? seed : 1;
	own.ctx = &w;
	if (fixture_up(&w.f, dts, kernel, NULL, pbo)) {
		CHECK(0);
		return;
	}
	w.sys = w.f.sys;
	w.slot = malloc((w.sys->end_pfn - w.sys->base_pfn) * sizeof(*w.slot));
	memset(w.slot, 0xff, (w.sys->end_pfn - w.sys->base_pfn) *
			     sizeof(*w.slot));
	for (int zi = 0; zi < SM_NR_ZONES; zi++) {
		managed += w.sys->zones[zi].managed;
		/* the kernel's own boot allocations */
		w.used[zi] = w.sys->zones[zi].managed - w.sys->zones[zi].nr_free;
		boot_used[zi] = w.used[zi];
	}
	/* start busy: 85% of memory in use, so that CMA is lent out */
	while (w.used[SM_ZONE_DMA] + w.used[SM_ZONE_NORMAL] < managed * 85 / 100 &&
	       !w.bad)
		op_alloc(&w, &own);
	CHECK(check_ok(w.sys));
	for (uint64_t op = 0; op < ops && !w.bad; op++) {
		uint64_t used = 0, r = below(&w, 1000);

		for (int zi = 0; zi < SM_NR_ZONES; zi++)
			used += w.used[zi];
		if (used > managed - managed / 32)
			filling = false;
		else if (used < managed * 6 / 10)
			filling = true;
		if (r < cma_rate)
			op_cma(&w);
		else if (r < cma_rate + 10)
			op_pin(&w);
		else if (r < cma_rate + 18)
			op_migrate(&w);
		else if (r < (filling ? 600 : 400))
			op_alloc(&w, &own);
		else
			op_free(&w);
		if (op % 4096 == 0 && !zones_add_up(&w))
			w.bad = 1;
		if ((op + 1) % every == 0 && !check_ok(w.sys)) {
			fprintf(stderr, "after op %llu\n", (unsigned long long)op);
			w.bad = 1;
		}
	}
	CHECK(!w.bad);
	CHECK(zones_add_up(&w));
	CHECK(check_ok(w.sys));
	/* everything freed: the zones are as boot left them */
	while (w.n && !w.bad) {
		if (w.b[0].pinned) {
			CHECK(!sm_mm_pin_pages(w.sys, w.b[0].pfn, false));
			w.b[0].pinned = 0;
		}
		if (w.b[0].cma)
			CHECK(!sm_mm_cma_release(w.sys, w.b[0].cma, w.b[0].pfn,
						 w.b[0].count));
		else
			CHECK(!sm_mm_free_pages(w.sys, w.b[0].pfn, w.b[0].order));
		drop(&w, 0);
	}
	CHECK(check_ok(w.sys));
	for (int zi = 0; zi < SM_NR_ZONES; zi++)
		CHECK_EQ_U64(w.sys->zones[zi].nr_free,
			     w.sys->zones[zi].managed - boot_used[zi]);
	fprintf(stderr, "%s %s pageblock order %u: %llu ops, %llu migrations\n",
		dts, kernel, w.sys->pageblock_order, (unsigned long long)ops,
		(unsigned long long)w.moves);
	free(w.slot);
	free(w.b);
	fixture_down(&w.f);
}


/* Expect every invariant after every single operation, with the
 * profile's pageblocks, and pageblocks of max order and of 1 MiB. */
static void checked_every_op(void)
{
	cma_rate = 20;
	run("tests/mm/boards/small.dts", "7.2", -1, base_seed, 6000, 1);
	run("tests/mm/boards/small.dts", "6.1", -1, base_seed + 1, 1500, 1);
	run("tests/mm/boards/small.dts", "7.2", 10, base_seed + 3, 1500, 1);
	run("tests/mm/boards/small.dts", "6.12", 8, base_seed + 4, 1500, 1);
}

/* Expect the invariants to hold over a million operations. */
static void million_ops(void)
{
	cma_rate = 2;
	run("tests/mm/boards/small.dts", "7.2", -1, base_seed + 2, 1000000, 100000);
}

int main(void)
{
	const char *s = getenv("SOCMEM_SEED");

	base_seed = s ? strtoull(s, NULL, 0) : (uint64_t)time(NULL);
	fprintf(stderr, "seed=%llu (replay with SOCMEM_SEED=%llu)\n",
		(unsigned long long)base_seed, (unsigned long long)base_seed);
	RUN(checked_every_op);
	RUN(million_ops);
	return test_done();
}
