// SPDX-License-Identifier: MIT
/*
 * zsmalloc_test.c - the zsmalloc model on its own: the class table each
 * kernel builds, objects across page boundaries, every invariant after
 * every operation of a seeded random workload (with compaction), the
 * page provider (every page given back, a failing provider changes
 * nothing), and zs_malloc()'s errnos.
 *
 * Usage: zsmalloc_test [SEED]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <socmem/zram.h>

#include "../test.h"

#define PAGE 4096

static uint64_t seed = 0x5eed;

static uint64_t rnd(void)
{
	seed = seed * 6364136223846793005ull + 1442695040888963407ull;
	return seed >> 33;
}

static void check_pool(const struct sm_zs_pool *pool)
{
	char why[128] = "";
	int err = sm_zram_zs_check(pool, why, sizeof(why));

	if (err)
		fprintf(stderr, "FAIL %s: invariant: %s\n", test_current, why);
	CHECK(err == 0);
}

/* A provider that counts and can be told to fail the Nth page. */
struct counting {
	uint64_t gets, puts, fail_at;
};

static int cnt_get(void *ctx, void **bytes, uint64_t *id)
{
	struct counting *c = ctx;

	if (c->fail_at && c->gets + 1 == c->fail_at)
		return -ENOMEM;
	*bytes = malloc(PAGE);
	if (!*bytes)
		return -ENOMEM;
	memset(*bytes, 0xa5, PAGE);	/* never assume zeroed pages */
	*id = ++c->gets;
	return 0;
}

static void cnt_put(void *ctx, void *bytes, uint64_t id)
{
	struct counting *c = ctx;

	(void)id;
	c->puts++;
	free(bytes);
}

/*
 * Expect the class tables of Documentation-derived Appendix B: 69
 * distinct classes with 4-page zspages, 119 with 8; huge threshold 3257
 * and 3625.
 */
static void zs_classes_per_kernel(void)
{
	static const struct {
		enum sm_kernel_id k;
		size_t classes, huge;
		unsigned int idx, size, ppz, opz;
	} want[] = {
		{ SM_KERNEL_6_1, 69, 3257, 202, 3264, 4, 5 },
		{ SM_KERNEL_6_12, 119, 3625, 225, 3632, 8, 9 },
		{ SM_KERNEL_7_2, 119, 3625, 211, 3408, 5, 6 },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct sm_zs_pool *pool;
		struct sm_zs_class_info ci, last = { 0 };
		size_t n = 0;
		bool row = false;

		CHECK(!sm_zram_zs_pool_create(want[i].k, NULL, &pool));
		while (!sm_zram_zs_class_at(pool, n, &ci)) {
			if (ci.index == want[i].idx)
				row = ci.size == want[i].size &&
				      ci.pages_per_zspage == want[i].ppz &&
				      ci.objs_per_zspage == want[i].opz;
			last = ci;
			n++;
		}
		CHECK_EQ_U64(n, want[i].classes);
		CHECK_EQ_U64(sm_zram_zs_huge_class_size(pool), want[i].huge);
		CHECK(row);
		CHECK(last.index == 254 && last.size == 4096 &&
		      last.pages_per_zspage == 1 && last.objs_per_zspage == 1);
		/* merged: 3250 + 8 lands in the class indexed 202 on 6.1 */
		if (want[i].k == SM_KERNEL_6_1)
			CHECK_EQ_U64(sm_zram_zs_class_index(pool, 3250), 202);
		sm_zram_zs_pool_destroy(pool);
	}
}

static void fill(uint8_t *b, size_t n, uint64_t tag)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(tag * 31 + i * 7 + (i >> 8));
}

/*
 * 3264-byte objects on 6.1 (4 pages, 5 objects): objects 1..3 start in
 * one page and end in the next. Expect every byte back.
 */
static void zs_objects_span_pages(void)
{
	struct sm_zs_pool *pool;
	uint64_t h[5];
	uint8_t in[3256], out[3256];

	CHECK(!sm_zram_zs_pool_create(SM_KERNEL_6_1, NULL, &pool));
	for (int i = 0; i < 5; i++) {
		CHECK(!sm_zram_zs_malloc(pool, sizeof(in), &h[i]));
		fill(in, sizeof(in), (uint64_t)i);
		sm_zram_zs_write(pool, h[i], in, sizeof(in));
	}
	CHECK_EQ_U64(sm_zram_zs_total_pages(pool), 4);	/* one zspage */
	for (int i = 0; i < 5; i++) {
		fill(in, sizeof(in), (uint64_t)i);
		sm_zram_zs_read(pool, h[i], out, sizeof(out));
		CHECK(!memcmp(in, out, sizeof(in)));
	}
	check_pool(pool);
	sm_zram_zs_pool_destroy(pool);
}

struct obj {
	uint64_t h;
	size_t size;
	uint64_t tag;
};

static void verify_all(struct sm_zs_pool *pool, const struct obj *o,
		       size_t n)
{
	uint8_t in[PAGE], out[PAGE];
	size_t bad = 0;

	for (size_t i = 0; i < n; i++) {
		fill(in, o[i].size, o[i].tag);
		sm_zram_zs_read(pool, o[i].h, out, o[i].size);
		bad += memcmp(in, out, o[i].size) != 0;
	}
	CHECK_EQ_U64(bad, 0);
}

/*
 * A seeded random mix of allocations (1..4096 bytes, skewed small) and
 * frees, compaction every 500 steps. Expect every invariant after every
 * step, every object intact, pages_compacted = pages compaction freed,
 * and every provider page back after destroy.
 */
static void zs_random_workload(enum sm_kernel_id k)
{
	struct counting cnt = { 0, 0, 0 };
	struct sm_zram_pages pages = { cnt_get, cnt_put, &cnt };
	struct sm_zs_pool *pool;
	struct obj *o = calloc(4000, sizeof(*o));
	uint64_t compacted = 0;
	uint8_t buf[PAGE];
	size_t n = 0;

	CHECK(!sm_zram_zs_pool_create(k, &pages, &pool));
	for (int step = 0; step < 6000; step++) {
		if (n < 4000 && (n == 0 || rnd() % 3 != 0)) {
			size_t size = rnd() % 4 ? 1 + rnd() % 1500 :
						  1 + rnd() % PAGE;

			CHECK(!sm_zram_zs_malloc(pool, size, &o[n].h));
			o[n].size = size;
			o[n].tag = (uint64_t)step;
			fill(buf, size, o[n].tag);
			sm_zram_zs_write(pool, o[n].h, buf, size);
			n++;
		} else {
			size_t v = rnd() % n;

			sm_zram_zs_free(pool, o[v].h);
			o[v] = o[--n];
		}
		if (step % 500 == 499)
			compacted += sm_zram_zs_compact(pool);
		if (step % 97 == 0 || step % 500 == 499)
			check_pool(pool);
	}
	verify_all(pool, o, n);
	CHECK_EQ_U64(sm_zram_zs_pages_compacted(pool), compacted);
	CHECK(compacted > 0);
	CHECK_EQ_U64(cnt.gets - cnt.puts, sm_zram_zs_total_pages(pool));
	sm_zram_zs_pool_destroy(pool);
	CHECK_EQ_U64(cnt.gets, cnt.puts);
	free(o);
}

static void zs_random_workload_6_1(void)
{
	zs_random_workload(SM_KERNEL_6_1);
}

static void zs_random_workload_6_12(void)
{
	zs_random_workload(SM_KERNEL_6_12);
}

/*
 * The provider fails the Nth page while a 4-page zspage is being built.
 * Expect -ENOMEM, the pages obtained so far returned, and the pool
 * exactly as before.
 */
static void zs_provider_failure_changes_nothing(void)
{
	struct counting cnt = { 0, 0, 0 };
	struct sm_zram_pages pages = { cnt_get, cnt_put, &cnt };
	struct sm_zs_pool *pool;
	uint64_t h, before;

	CHECK(!sm_zram_zs_pool_create(SM_KERNEL_6_1, &pages, &pool));
	CHECK(!sm_zram_zs_malloc(pool, 100, &h));
	before = sm_zram_zs_total_pages(pool);
	cnt.fail_at = cnt.gets + 3;	/* third page of the next zspage */
	CHECK_EQ_U64(sm_zram_zs_malloc(pool, 3000, &h), -ENOMEM);
	CHECK_EQ_U64(sm_zram_zs_total_pages(pool), before);
	CHECK_EQ_U64(cnt.gets - cnt.puts, before);
	check_pool(pool);
	cnt.fail_at = 0;
	CHECK(!sm_zram_zs_malloc(pool, 3000, &h));
	check_pool(pool);
	sm_zram_zs_pool_destroy(pool);
	CHECK_EQ_U64(cnt.gets, cnt.puts);
}

/* A provider that remembers its pages by id, so it can move them. */
struct tracking {
	void *bytes[4096];	/* by id; NULL once given back */
	uint64_t next_id;
};

static int trk_get(void *ctx, void **bytes, uint64_t *id)
{
	struct tracking *t = ctx;

	if (t->next_id == 4096)
		return -ENOMEM;
	*bytes = malloc(PAGE);
	if (!*bytes)
		return -ENOMEM;
	*id = t->next_id++;
	t->bytes[*id] = *bytes;
	return 0;
}

static void trk_put(void *ctx, void *bytes, uint64_t id)
{
	struct tracking *t = ctx;

	CHECK(t->bytes[id] == bytes);
	t->bytes[id] = NULL;
	free(bytes);
}

/*
 * The provider moves every page of the pool to a fresh copy, as CMA
 * migration would, poisoning the old one. Expect every object intact,
 * the pool using only the new pages, and -ENOENT for an unknown id.
 */
static void zs_pages_moved(void)
{
	struct tracking *t = calloc(1, sizeof(*t));
	struct sm_zram_pages pages = { trk_get, trk_put, t };
	struct sm_zs_pool *pool;
	struct obj o[300];
	uint8_t buf[PAGE];
	uint64_t n;

	t->next_id = 1;
	CHECK(!sm_zram_zs_pool_create(SM_KERNEL_6_12, &pages, &pool));
	for (size_t i = 0; i < 300; i++) {
		o[i].size = 1 + rnd() % 3000;
		o[i].tag = i;
		CHECK(!sm_zram_zs_malloc(pool, o[i].size, &o[i].h));
		fill(buf, o[i].size, o[i].tag);
		sm_zram_zs_write(pool, o[i].h, buf, o[i].size);
	}
	n = t->next_id;
	for (uint64_t id = 1; id < n; id++) {
		void *old = t->bytes[id], *nb;

		if (!old)
			continue;
		nb = malloc(PAGE);
		memcpy(nb, old, PAGE);
		CHECK(!sm_zram_zs_page_moved(pool, id, nb, t->next_id));
		t->bytes[t->next_id++] = nb;
		t->bytes[id] = NULL;
		memset(old, 0x5a, PAGE);	/* nobody may read it now */
		free(old);
	}
	CHECK_EQ_U64(sm_zram_zs_page_moved(pool, 1, buf, 1), -ENOENT);
	verify_all(pool, o, 300);
	check_pool(pool);
	for (size_t i = 0; i < 300; i += 2)
		sm_zram_zs_free(pool, o[i].h);
	CHECK(sm_zram_zs_compact(pool) > 0);
	check_pool(pool);
	sm_zram_zs_pool_destroy(pool);
	for (uint64_t id = 0; id < t->next_id; id++)
		CHECK(t->bytes[id] == NULL);	/* all given back */
	free(t);
}

/* Expect zs_malloc()'s errnos: 0 bytes, and past a page per kernel. */
static void zs_malloc_bad_sizes(void)
{
	struct sm_zs_pool *p61, *p612;
	uint64_t h;

	CHECK(!sm_zram_zs_pool_create(SM_KERNEL_6_1, NULL, &p61));
	CHECK(!sm_zram_zs_pool_create(SM_KERNEL_6_12, NULL, &p612));
	CHECK_EQ_U64(sm_zram_zs_malloc(p61, 0, &h), -EINVAL);
	CHECK_EQ_U64(sm_zram_zs_malloc(p61, PAGE + 1, &h), -EINVAL);
	CHECK_EQ_U64(sm_zram_zs_malloc(p612, 0, &h), -EINVAL);
	CHECK_EQ_U64(sm_zram_zs_malloc(p612, PAGE + 1, &h), -ENOSPC);
	CHECK(!sm_zram_zs_malloc(p612, PAGE, &h));	/* the huge class */
	CHECK_EQ_U64(sm_zram_zs_total_pages(p612), 1);
	sm_zram_zs_free(p612, 0);			/* ignored, like NULL */
	sm_zram_zs_pool_destroy(p61);
	sm_zram_zs_pool_destroy(p612);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		seed = strtoull(argv[1], NULL, 0);
	fprintf(stderr, "seed %#llx\n", (unsigned long long)seed);
	RUN(zs_classes_per_kernel);
	RUN(zs_objects_span_pages);
	RUN(zs_random_workload_6_1);
	RUN(zs_random_workload_6_12);
	RUN(zs_provider_failure_changes_nothing);
	RUN(zs_pages_moved);
	RUN(zs_malloc_bad_sizes);
	return test_done();
}
