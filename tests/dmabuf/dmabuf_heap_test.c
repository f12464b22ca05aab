// SPDX-License-Identifier: MIT
/*
 * dmabuf_heap_test.c - the heaps in-process, on the running memory
 * system: which heaps each kernel registers, what the system and CMA
 * heaps do to memory (orders, contiguity, alignment, zeroing,
 * exhaustion without leaks), the buffer object (references, names), the
 * guide's driver flow and cma_heap_add(), and the UAPI rules as pure
 * functions. Facts cite kernel-behaviour.md (section 3) or the issue's
 * real-kernel checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include <socmem/dmabuf.h>

#include "test.h"
#include "mm/fixture.h"
#include "internal.h"

#define SEED "examples/boards/seed.dts"
#define SEED_HEAP "examples/boards/seed-cma-heap.dts"
#define CMA_DEFAULT "tests/dmabuf/boards/cma-default.dts"
#define MiB (1024ULL * 1024)

struct env {
	struct fixture f;
	struct sm_dmabuf *d;
};

static int up(struct env *e, const char *dts, const char *kernel,
	      const char *cmdline)
{
	struct sm_diag diag = { 0 };

	e->d = NULL;
	if (fixture_up(&e->f, dts, kernel, cmdline, -1))
		return -1;
	if (sm_dmabuf_create(e->f.sys, &e->d, &diag)) {
		fprintf(stderr, "sm_dmabuf_create: %s\n", diag.msg);
		fixture_down(&e->f);
		return -1;
	}
	return 0;
}

static void down(struct env *e)
{
	sm_dmabuf_destroy(e->d);
	fixture_down(&e->f);
}

/* heap names, sorted as `ls /dev/dma_heap` shows them */
static void heap_names(const struct sm_dmabuf *d, char *buf, size_t len)
{
	const char *names[SM_DMA_HEAP_MINORS];
	size_t n = sm_dmabuf_heap_count(d);

	for (size_t i = 0; i < n; i++)
		names[i] = sm_dmabuf_heap_name(sm_dmabuf_heap_at(d, i));
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0;
		     j--) {
			const char *t = names[j];

			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strncat(buf, names[i], len - strlen(buf) - 1);
		if (i + 1 < n)
			strncat(buf, " ", len - strlen(buf) - 1);
	}
}

static struct sm_dma_buf *alloc(struct sm_dmabuf *d, const char *heap,
				uint64_t len, int *err)
{
	struct sm_dma_heap_alloc req = { .len = len, .fd_flags = O_RDWR };
	struct sm_dma_buf *b = NULL;
	int ret = sm_dmabuf_heap_allocate(sm_dmabuf_heap_find(d, heap), &req,
					  &b);

	if (err)
		*err = ret;
	return ret ? NULL : b;
}

static bool log_has(const struct sm_kmsg *m, size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m[i].text, text))
			return true;
	return false;
}

static bool mm_log_has(struct sm_system *sys, const char *text)
{
	size_t n;
	const struct sm_kmsg *m = sm_mm_log(sys, &n);

	return log_has(m, n, text);
}

static bool dmabuf_log_has(const struct sm_dmabuf *d, const char *text)
{
	size_t n;
	const struct sm_kmsg *m = sm_dmabuf_log(d, &n);

	return log_has(m, n, text);
}

/* ---- which heaps (issue item 2; kernel-behaviour.md 3.4) --------------- */

/*
 * The guide's map with cma=64M. Expect 6.1 and 6.12: "reserved system"
 * (checked on a real 6.12); 7.2: "adsp-heap default_cma_region my_cma
 * reserved system" (checked on a real 7.2).
 */
static void heaps_per_profile(void)
{
	static const char *const want[] = {
		"reserved system", "reserved system",
		"adsp-heap default_cma_region my_cma reserved system",
	};
	static const char *const kernels[] = { "6.1", "6.12", "7.2" };

	for (int k = 0; k < 3; k++) {
		struct env e;
		char names[256];

		if (up(&e, SEED, kernels[k], "cma=64M")) {
			CHECK(0);
			continue;
		}
		heap_names(e.d, names, sizeof(names));
		CHECK_STR(names, want[k]);
		/* minors in registration order: system first */
		CHECK_STR(sm_dmabuf_heap_name(sm_dmabuf_heap_at(e.d, 0)),
			  "system");
		CHECK_EQ_U64(sm_dmabuf_heap_minor(sm_dmabuf_heap_at(e.d, 1)), 1);
		down(&e);
	}
}

/*
 * A linux,cma-default node and no cma=: the default heap is named after
 * the node up to 6.16; 7.2 adds default_cma_region and one heap per area.
 * Expect "linux,cma system" on 6.12; on 7.2 "camera-cma@70000000
 * default_cma_region linux,cma system".
 */
static void heaps_dt_default_pool(void)
{
	struct env e;
	char names[256];

	if (up(&e, CMA_DEFAULT, "6.12", "")) {
		CHECK(0);
		return;
	}
	heap_names(e.d, names, sizeof(names));
	CHECK_STR(names, "linux,cma system");
	down(&e);
	if (up(&e, CMA_DEFAULT, "7.2", "")) {
		CHECK(0);
		return;
	}
	heap_names(e.d, names, sizeof(names));
	CHECK_STR(names, "camera-cma@70000000 default_cma_region linux,cma system");
	CHECK(sm_dmabuf_heap_cma(sm_dmabuf_heap_find(e.d, "default_cma_region")) ==
	      sm_dmabuf_heap_cma(sm_dmabuf_heap_find(e.d, "linux,cma")));
	down(&e);
}

/* cma=0: no default area, no CMA heap (6.12). Expect "system" alone. */
static void heaps_no_default_area(void)
{
	struct env e;
	char names[256];

	if (up(&e, SEED, "6.12", "cma=0")) {
		CHECK(0);
		return;
	}
	heap_names(e.d, names, sizeof(names));
	CHECK_STR(names, "system");
	down(&e);
}

/* ---- CMA heap (3.4) ----------------------------------------------------- */

/*
 *   reserved: [ 0xf9c00000 .................................. 0xfdbfffff ]
 *   buffer:     [ 3 MiB, 1 MiB-aligned ]
 * Expect one contiguous chunk inside the area, aligned to
 * min(get_order(3 MiB) = 10, CONFIG_CMA_ALIGNMENT 8) pages = 1 MiB, zeroed.
 */
static void cma_buffer_contiguous_in_area(void)
{
	struct env e;
	struct sm_cma_stats st;
	const struct sm_dma_buf_chunk *c;
	struct sm_dma_buf *b;
	unsigned char *p;
	size_t n;

	if (up(&e, SEED, "6.12", "cma=64M")) {
		CHECK(0);
		return;
	}
	b = alloc(e.d, "reserved", 3 * MiB, NULL);
	CHECK(b != NULL);
	if (!b) {
		down(&e);
		return;
	}
	c = sm_dmabuf_buf_chunks(b, &n);
	sm_mm_cma_stats(sm_dmabuf_heap_cma(sm_dmabuf_heap_find(e.d, "reserved")),
			&st);
	CHECK_EQ_U64(n, 1);
	CHECK_EQ_U64(c[0].pages, 768);
	CHECK(c[0].order == -1);
	CHECK(c[0].pfn >= st.base_pfn);
	CHECK(c[0].pfn + c[0].pages <= st.base_pfn + st.count);
	CHECK_EQ_U64(c[0].pfn % 256, 0);
	/* beside the atomic DMA pools' 384 pages */
	CHECK_EQ_U64(st.used, 384 + 768);
	p = sm_mm_pfn_virt(e.f.sys, c[0].pfn);
	CHECK(p && p[0] == 0 && p[3 * MiB - 1] == 0);
	sm_dmabuf_buf_put(b);
	sm_mm_cma_stats(sm_dmabuf_heap_cma(sm_dmabuf_heap_find(e.d, "reserved")),
			&st);
	CHECK_EQ_U64(st.used, 384);
	CHECK(check_ok(e.f.sys));
	down(&e);
}

/* 16 KiB from a CMA heap: alignment order 2 (get_order(16 KiB)) */
static void cma_alignment_small(void)
{
	struct env e;
	struct sm_dma_buf *a, *b;
	size_t n;

	if (up(&e, SEED, "6.12", "cma=64M")) {
		CHECK(0);
		return;
	}
	a = alloc(e.d, "reserved", 4096, NULL);
	b = alloc(e.d, "reserved", 16384, NULL);
	CHECK(a && b);
	if (a && b) {
		CHECK_EQ_U64(sm_dmabuf_buf_chunks(a, &n)[0].pfn % 1, 0);
		/* after a 1-page buffer at the base, the next 4-page-aligned
		 * window is 4 pages further */
		CHECK_EQ_U64(sm_dmabuf_buf_chunks(b, &n)[0].pfn % 4, 0);
		CHECK_EQ_U64(sm_dmabuf_buf_chunks(b, &n)[0].pfn -
				     sm_dmabuf_buf_chunks(a, &n)[0].pfn, 4);
	}
	sm_dmabuf_buf_put(a);
	sm_dmabuf_buf_put(b);
	down(&e);
}

/*
 * Exhaust the 64 MiB default area with 1 MiB buffers. The atomic DMA
 * pools hold its first 384 pages (Debian's 6.12 reports CmaFree 1536 kB
 * below CmaTotal right after boot), so the first two 1 MiB windows are
 * busy: expect 62 to succeed, the 63rd -ENOMEM with the profile's
 * cma_alloc line
 * (6.12: "cma: __cma_alloc: reserved: alloc failed, req-size: 256
 * pages, ret: -12"), and after freeing them all nothing is left: the
 * area, the heap and the allocator are as before.
 */
static void cma_exhaust_reserved_no_leak(void)
{
	struct sm_dma_buf *bufs[80];
	struct sm_dma_heap_stats hs;
	struct sm_cma_stats st;
	struct env e;
	char *before = NULL, *after = NULL;
	int n = 0, err = 0;

	if (up(&e, SEED, "6.12", "cma=64M")) {
		CHECK(0);
		return;
	}
	sm_mm_format_alloc(e.f.sys, "meminfo", &before);
	while (n < 80 && (bufs[n] = alloc(e.d, "reserved", MiB, &err)))
		n++;
	CHECK_EQ_U64(n, 62);
	CHECK(err == -ENOMEM);
	CHECK(mm_log_has(e.f.sys, "cma: __cma_alloc: reserved: alloc failed, "
				  "req-size: 256 pages, ret: -12"));
	while (n)
		sm_dmabuf_buf_put(bufs[--n]);
	sm_dmabuf_heap_stats(sm_dmabuf_heap_find(e.d, "reserved"), &hs);
	CHECK_EQ_U64(hs.buffers, 0);
	CHECK_EQ_U64(hs.bytes, 0);
	sm_mm_cma_stats(sm_dmabuf_heap_cma(sm_dmabuf_heap_find(e.d, "reserved")),
			&st);
	CHECK_EQ_U64(st.used, 384);
	sm_mm_format_alloc(e.f.sys, "meminfo", &after);
	CHECK(before && after && !strcmp(before, after));
	CHECK(check_ok(e.f.sys));
	free(before);
	free(after);
	down(&e);
}

/* count 1 MiB allocations from @heap until one fails */
static int exhaust(struct sm_dmabuf *d, const char *heap)
{
	struct sm_dma_buf *bufs[128];
	int n = 0;

	while (n < 128 && (bufs[n] = alloc(d, heap, MiB, NULL)))
		n++;
	for (int i = 0; i < n; i++)
		sm_dmabuf_buf_put(bufs[i]);
	return n;
}

/*
 * A real 7.2 with DMA-BUF heaps (oracle/heaps, guide's map, cma=64M; the
 * probe and its transcript are in tests/dmabuf/oracle/): 1 MiB buffers
 * one after another, 20 come from my_cma (20 MiB) and the 21st fails, 12
 * from adsp-heap (12 MiB) and the 13th fails, with ENOMEM; the kernel logs
 * "cma: __cma_alloc_frozen: my_cma: alloc failed, req-size: 256 pages,
 * ret: -16" (a full area still says -EBUSY: cma_range_alloc() starts
 * there) and an empty range dump. (Issue 4 counted these as failing "at
 * the 20th and 12th"; the kernel's own count is 20 and 12 allocated.)
 */
static void cma_exhaust_7_2_custom_pools(void)
{
	struct env e;

	if (up(&e, SEED, "7.2", "cma=64M")) {
		CHECK(0);
		return;
	}
	CHECK_EQ_U64(exhaust(e.d, "my_cma"), 20);
	CHECK(mm_log_has(e.f.sys, "cma: __cma_alloc_frozen: my_cma: alloc "
				  "failed, req-size: 256 pages, ret: -16"));
	CHECK(mm_log_has(e.f.sys, "cma: range 0: "));
	CHECK_EQ_U64(exhaust(e.d, "adsp-heap"), 12);
	CHECK(mm_log_has(e.f.sys, "cma: __cma_alloc_frozen: adsp-heap: alloc "
				  "failed, req-size: 256 pages, ret: -16"));
	/* Debian's 7.2 has two atomic pools in the default area: 1 MiB */
	CHECK_EQ_U64(exhaust(e.d, "reserved"), 63);
	down(&e);
}

/* ---- system heap (3.3) --------------------------------------------------- */

static void orders_of(const struct sm_dma_buf *b, char *buf, size_t len)
{
	size_t n;
	const struct sm_dma_buf_chunk *c = sm_dmabuf_buf_chunks(b, &n);

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%d",
			 i ? "," : "", c[i].order);
}

/*
 * 2 MiB + 64 KiB + 8 KiB on an idle system. Expect orders 8,8,4,0,0:
 * the largest that fits first, never larger than what is left.
 */
static void system_heap_largest_orders_first(void)
{
	struct env e;
	struct sm_dma_buf *b;
	char o[128];

	if (up(&e, SEED, "6.12", "cma=64M")) {
		CHECK(0);
		return;
	}
	b = alloc(e.d, "system", 2 * MiB + 64 * 1024 + 8192, NULL);
	CHECK(b != NULL);
	if (b) {
		orders_of(b, o, sizeof(o));
		CHECK_STR(o, "8,8,4,0,0");
		CHECK_EQ_U64(sm_dmabuf_buf_size(b), 2 * MiB + 64 * 1024 + 8192);
	}
	sm_dmabuf_buf_put(b);
	b = alloc(e.d, "system", 32 * MiB, NULL);
	CHECK(b != NULL);
	if (b) {
		size_t n;
		const struct sm_dma_buf_chunk *c = sm_dmabuf_buf_chunks(b, &n);

		CHECK_EQ_U64(n, 32);
		for (size_t i = 0; i < n; i++)
			CHECK(c[i].order == 8);
	}
	sm_dmabuf_buf_put(b);
	CHECK(check_ok(e.f.sys));
	down(&e);
}

/* the seam: order 8 fails once, then the allocator works normally */
static int fail_first_order8(void *ctx, struct sm_system *sys,
			     unsigned int order, uint64_t *pfn)
{
	int *failed = ctx;

	if (order == 8 && !*failed) {
		*failed = 1;
		return -ENOMEM;
	}
	return sm_mm_alloc_pages(sys, order, SM_MIGRATE_UNMOVABLE,
				 SM_ZONE_NORMAL, NULL, pfn);
}

/*
 * 2 MiB when the first order-8 attempt fails. Expect 32 order-4 chunks:
 * once a smaller order was used the heap never goes back up, although
 * order 8 would succeed again.
 */
static void system_heap_never_goes_back_up(void)
{
	struct env e;
	struct sm_dma_buf *b;
	int failed = 0;
	char o[256], want[256] = "";

	if (up(&e, SEED, "6.12", "cma=64M")) {
		CHECK(0);
		return;
	}
	sm_dmabuf_set_alloc_pages(e.d, fail_first_order8, &failed);
	b = alloc(e.d, "system", 2 * MiB, NULL);
	CHECK(b != NULL);
	if (b) {
		orders_of(b, o, sizeof(o));
		for (int i = 0; i < 32; i++)
			strcat(want, i ? ",4" : "4");
		CHECK_STR(o, want);
	}
	sm_dmabuf_buf_put(b);
	down(&e);
}

/* frames handed back dirty are zero in the next buffer (__GFP_ZERO) */
static void system_heap_zeroes(void)
{
	struct env e;
	struct sm_dma_buf *a, *b;
	size_t n;
	unsigned char *p;
	uint64_t pfn;
	int dirty = 0;

	if (up(&e, SEED, "6.12", "cma=64M")) {
		CHECK(0);
		return;
	}
	a = alloc(e.d, "system", MiB, NULL);
	CHECK(a != NULL);
	if (!a) {
		down(&e);
		return;
	}
	pfn = sm_dmabuf_buf_chunks(a, &n)[0].pfn;
	memset(sm_mm_pfn_virt(e.f.sys, pfn), 0xa5, MiB);
	sm_dmabuf_buf_put(a);
	b = alloc(e.d, "system", MiB, NULL);
	CHECK(b && sm_dmabuf_buf_chunks(b, &n)[0].pfn == pfn);
	p = sm_mm_pfn_virt(e.f.sys, pfn);
	for (uint64_t i = 0; i < MiB; i++)
		dirty |= p[i];
	CHECK(!dirty);
	sm_dmabuf_buf_put(b);
	down(&e);
}

/* ---- the buffer object ------------------------------------------------- */

static void buffer_refs_and_name(void)
{
	struct env e;
	struct sm_dma_buf *b;
	struct sm_dma_heap_stats hs;
	char name[40];

	if (up(&e, SEED, "6.12", "cma=64M")) {
		CHECK(0);
		return;
	}
	b = alloc(e.d, "reserved", 8192, NULL);
	CHECK(b != NULL);
	if (!b) {
		down(&e);
		return;
	}
	CHECK_STR(sm_dmabuf_buf_exp_name(b), "reserved");
	CHECK_STR(sm_dmabuf_buf_name(b), "");
	memset(name, 'n', sizeof(name));
	name[31] = '\0';
	CHECK(sm_dmabuf_buf_set_name(b, name, sizeof(name)) == 0);
	CHECK_EQ_U64(strlen(sm_dmabuf_buf_name(b)), 31);
	name[31] = 'n';
	CHECK(sm_dmabuf_buf_set_name(b, name, sizeof(name)) == -EINVAL);
	CHECK(sm_dmabuf_buf_set_name(b, "ab", 2) == -EFAULT);
	CHECK_EQ_U64(strlen(sm_dmabuf_buf_name(b)), 31);
	/* a second reference (a dup'd fd, a mapping) keeps it alive */
	sm_dmabuf_buf_get(b);
	CHECK_EQ_U64(sm_dmabuf_buf_refs(b), 2);
	sm_dmabuf_buf_put(b);
	sm_dmabuf_heap_stats(sm_dmabuf_heap_find(e.d, "reserved"), &hs);
	CHECK_EQ_U64(hs.buffers, 1);
	CHECK(sm_dmabuf_buf_next(e.d, NULL) == b);
	sm_dmabuf_buf_put(b);
	sm_dmabuf_heap_stats(sm_dmabuf_heap_find(e.d, "reserved"), &hs);
	CHECK_EQ_U64(hs.buffers, 0);
	CHECK(sm_dmabuf_buf_next(e.d, NULL) == NULL);
	down(&e);
}

/* the allocation checks, in the kernel's order (3.2 ioctl dispatch 3) */
static void allocate_checks(void)
{
	struct sm_dma_heap_alloc ok = { .len = 4096, .fd_flags = O_RDWR };
	struct sm_dma_heap_alloc r;
	struct sm_dma_heap *h;
	struct sm_dma_buf *b;
	struct env e;

	if (up(&e, SEED, "6.12", "cma=64M")) {
		CHECK(0);
		return;
	}
	h = sm_dmabuf_heap_find(e.d, "system");
	r = ok;
	r.fd = 3;
	CHECK(sm_dmabuf_heap_allocate(h, &r, &b) == -EINVAL);
	r = ok;
	r.fd_flags = O_RDWR | O_APPEND;
	CHECK(sm_dmabuf_heap_allocate(h, &r, &b) == -EINVAL);
	r = ok;
	r.heap_flags = 2;
	CHECK(sm_dmabuf_heap_allocate(h, &r, &b) == -EINVAL);
	r = ok;
	r.len = 0;
	CHECK(sm_dmabuf_heap_allocate(h, &r, &b) == -EINVAL);
	r.len = UINT64_MAX - 4094;
	CHECK(sm_dmabuf_heap_allocate(h, &r, &b) == -EINVAL);
	r = ok;
	r.len = 1ULL << 40;	/* more than the board has */
	CHECK(sm_dmabuf_heap_allocate(h, &r, &b) == -ENOMEM);
	CHECK(check_ok(e.f.sys));
	down(&e);
}

/*
 * Lengths at the top of the 64-bit range, on both heaps (issue 10,
 * finding 2: a CMA heap looped forever in get_order() on a length past
 * 2^63). Expect -ENOMEM for 2^63 and 2^64 - 4096 (PAGE_ALIGN() keeps
 * them, no board has that much) and -EINVAL for 2^64 - 1 (PAGE_ALIGN()
 * wraps to 0), with nothing leaked; and get_order() itself as the
 * kernel's: 52 for anything past 2^63 with 4 KiB pages.
 */
static void allocate_huge_lengths(void)
{
	static const struct {
		uint64_t len;
		int err;
	} cases[] = {
		{ 1ULL << 63, -ENOMEM },
		{ UINT64_MAX - 4095, -ENOMEM },
		{ UINT64_MAX, -EINVAL },
	};
	static const char *const heaps[] = { "system", "reserved" };
	struct sm_dma_buf *b;
	struct env e;

	CHECK(sm_dmabuf_get_order(1ULL << 63, 4096) == 51);
	CHECK(sm_dmabuf_get_order((1ULL << 63) + 1, 4096) == 52);
	CHECK(sm_dmabuf_get_order(UINT64_MAX - 4095, 4096) == 52);
	CHECK(sm_dmabuf_get_order(4096, 4096) == 0);
	CHECK(sm_dmabuf_get_order(4097, 4096) == 1);
	CHECK(sm_dmabuf_get_order(3 * 4096, 4096) == 2);
	if (up(&e, SEED, "6.12", "cma=64M")) {
		CHECK(0);
		return;
	}
	for (size_t i = 0; i < 2; i++) {
		struct sm_dma_heap *h = sm_dmabuf_heap_find(e.d, heaps[i]);

		CHECK(h != NULL);
		for (size_t j = 0; h && j < sizeof(cases) / sizeof(cases[0]);
		     j++) {
			struct sm_dma_heap_alloc r = { .len = cases[j].len,
						       .fd_flags = O_RDWR };

			CHECK(sm_dmabuf_heap_allocate(h, &r, &b) ==
			      cases[j].err);
		}
	}
	CHECK(check_ok(e.f.sys));
	down(&e);
}

/* ---- the driver flow and cma_heap_add() (issue item 2, 3.6) ------------ */

/*
 * The guide's map with its driver's device node. Expect my_cma among the
 * heaps on 6.12 (it is not there without the driver), the line
 * "socmem-cma-heap my-cma-heap: assigned reserved memory node my_cma",
 * and a second cma_heap_add() of the area refused with -EINVAL.
 */
static void driver_flow_creates_my_cma(void)
{
	struct env e;
	char names[256];

	if (up(&e, SEED_HEAP, "6.12", "cma=64M")) {
		CHECK(0);
		return;
	}
	heap_names(e.d, names, sizeof(names));
	CHECK_STR(names, "reserved system");
	CHECK(sm_dmabuf_probe_drivers(e.d) == 1);
	heap_names(e.d, names, sizeof(names));
	CHECK_STR(names, "my_cma reserved system");
	CHECK(dmabuf_log_has(e.d, "socmem-cma-heap my-cma-heap: assigned "
			     "reserved memory node my_cma"));
	CHECK(sm_dmabuf_cma_heap_add(e.d, sm_mm_cma_find(e.f.sys, "my_cma"),
				     NULL) == -EINVAL);
	CHECK(dmabuf_log_has(e.d, "dma_heap: Already registered heap named "
			     "my_cma"));
	/* the new heap allocates from its own area */
	{
		struct sm_dma_buf *b = alloc(e.d, "my_cma", MiB, NULL);
		struct sm_cma_stats st;
		size_t n;

		CHECK(b != NULL);
		sm_mm_cma_stats(sm_mm_cma_find(e.f.sys, "my_cma"), &st);
		CHECK(b && sm_dmabuf_buf_chunks(b, &n)[0].pfn >= st.base_pfn);
		CHECK_EQ_U64(st.used, 256);
		sm_dmabuf_buf_put(b);
	}
	down(&e);
	/* on 7.2 my_cma already has its heap: the driver's add fails */
	if (up(&e, SEED_HEAP, "7.2", "cma=64M")) {
		CHECK(0);
		return;
	}
	CHECK(sm_dmabuf_probe_drivers(e.d) == 0);
	CHECK(dmabuf_log_has(e.d, "cma_heap_add failed, ret=-22"));
	down(&e);
}

static struct sm_dmabuf_device device(const struct env *e, const char *path)
{
	struct sm_dmabuf_device dev = { .of_node = -1 };

	dev.of_node = fdt_path_offset(e->f.dt->blob, path);
	snprintf(dev.name, sizeof(dev.name), "%s", path + 1);
	snprintf(dev.driver, sizeof(dev.driver), "test");
	return dev;
}

/*
 * Every branch of of_reserved_mem_device_init_by_idx() (6.12): a CMA
 * pool binds its area; the default pool binds too, but its heap exists;
 * a plain carve-out has no device_init (-EINVAL); a coherent pool binds
 * without a CMA area (so cma_heap_add says -EINVAL); a disabled target is
 * 0 with nothing bound; no memory-region is -ENODEV.
 */
static void device_init_branches(void)
{
	struct sm_dmabuf_device dev;
	struct env e;

	if (up(&e, CMA_DEFAULT, "6.12", "")) {
		CHECK(0);
		return;
	}
	dev = device(&e, "/cam-heap");
	CHECK(sm_dmabuf_of_reserved_mem_device_init_by_idx(e.d, &dev, 0) == 0);
	CHECK(dev.cma_area == sm_mm_cma_find(e.f.sys, "camera-cma@70000000"));
	CHECK(sm_dmabuf_of_reserved_mem_device_init_by_idx(e.d, &dev, 1) ==
	      -ENODEV);
	dev = device(&e, "/fw-heap");
	CHECK(sm_dmabuf_of_reserved_mem_device_init_by_idx(e.d, &dev, 0) ==
	      -EINVAL);
	dev = device(&e, "/coherent-heap");
	CHECK(sm_dmabuf_of_reserved_mem_device_init_by_idx(e.d, &dev, 0) == 0);
	CHECK(dev.coherent && !dev.cma_area);
	CHECK(sm_dmabuf_create_cma_heap(e.d, &dev) == -EINVAL);
	CHECK(dmabuf_log_has(e.d, "cma_heap_add failed, ret=-22"));
	dev = device(&e, "/off-heap");
	CHECK(sm_dmabuf_of_reserved_mem_device_init_by_idx(e.d, &dev, 0) == 0);
	CHECK(!dev.cma_area && !dev.coherent);
	dev = device(&e, "/bare-heap");
	CHECK(sm_dmabuf_of_reserved_mem_device_init_by_idx(e.d, &dev, 0) ==
	      -ENODEV);
	CHECK(sm_dmabuf_create_cma_heap(e.d, &dev) == -EINVAL);
	CHECK(dmabuf_log_has(e.d, "No reserved DMA memory, ret=-19"));
	/* the probe: cam-heap made, the rest fail; the disabled device is
	 * never probed */
	CHECK(sm_dmabuf_probe_drivers(e.d) == 1);
	CHECK(sm_dmabuf_heap_find(e.d, "camera-cma@70000000") != NULL);
	CHECK(dmabuf_log_has(e.d, "dma_heap: Already registered heap named "
			     "linux,cma"));
	CHECK(sm_dmabuf_cma_heap_add(e.d, NULL, NULL) == -EINVAL);
	down(&e);
}

/* ---- UAPI rules as pure functions (3.2, 3.5) ----------------------------- */

static void uapi_heap_ioctl_sizes(void)
{
	struct sm_dmabuf_ioc_sizes s;

	CHECK(sm_dmabuf_uapi_heap_ioctl(DMA_HEAP_IOCTL_ALLOC, &s) == 0);
	CHECK(s.in == 24 && s.out == 24 && s.ksize == 24);
	CHECK(sm_dmabuf_uapi_heap_ioctl(_IOW('H', 0, char[16]), &s) == 0);
	CHECK(s.in == 16 && s.out == 0 && s.ksize == 24);
	CHECK(sm_dmabuf_uapi_heap_ioctl(_IOR('x', 0, char[200]), &s) == 0);
	CHECK(s.in == 0 && s.out == 200 && s.ksize == 200);
	CHECK(sm_dmabuf_uapi_heap_ioctl(_IO('H', 0), &s) == 0);
	CHECK(s.in == 0 && s.out == 0 && s.ksize == 24);
	CHECK(sm_dmabuf_uapi_heap_ioctl(_IOWR('H', 1, char[24]), &s) == -EINVAL);
	CHECK(sm_dmabuf_uapi_heap_ioctl(0x5401 /* TCGETS */, &s) == -EINVAL);
}

static void uapi_sync_and_mmap_rules(void)
{
	CHECK(sm_dmabuf_uapi_sync_check(DMA_BUF_SYNC_START) == -EINVAL);
	CHECK(sm_dmabuf_uapi_sync_check(DMA_BUF_SYNC_END) == -EINVAL);
	CHECK(sm_dmabuf_uapi_sync_check(DMA_BUF_SYNC_READ) == 0);
	CHECK(sm_dmabuf_uapi_sync_check(DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW) ==
	      0);
	CHECK(sm_dmabuf_uapi_sync_check(DMA_BUF_SYNC_RW | 16) == -EINVAL);
	CHECK(sm_dmabuf_uapi_dma_buf_ioctl(DMA_BUF_IOCTL_SYNC) ==
	      SM_DMABUF_IOC_SYNC);
	CHECK(sm_dmabuf_uapi_dma_buf_ioctl(DMA_BUF_SET_NAME_A) ==
	      SM_DMABUF_IOC_SET_NAME);
	CHECK(sm_dmabuf_uapi_dma_buf_ioctl(_IOW('b', 0, uint32_t)) == -ENOTTY);
	CHECK(sm_dmabuf_uapi_mmap_check(SM_DMA_HEAP_SYSTEM, 8192, 0, 2, true,
					4096) == 0);
	CHECK(sm_dmabuf_uapi_mmap_check(SM_DMA_HEAP_SYSTEM, 8192, 1, 2, true,
					4096) == -EINVAL);
	CHECK(sm_dmabuf_uapi_mmap_check(SM_DMA_HEAP_SYSTEM, 8192, 0, 2, false,
					4096) == -EINVAL);
	CHECK(sm_dmabuf_uapi_mmap_check(SM_DMA_HEAP_SYSTEM, 8192, 1, 1, false,
					4096) == 0);
	CHECK(sm_dmabuf_uapi_mmap_check(SM_DMA_HEAP_CMA, 8192, 0, 1, false,
					4096) == -EINVAL);
	CHECK(sm_dmabuf_uapi_llseek(8192, 0, 2 /* SEEK_END */) == 8192);
	CHECK(sm_dmabuf_uapi_llseek(8192, 0, 1 /* SEEK_CUR */) == -EINVAL);
	CHECK(sm_dmabuf_uapi_llseek(8192, 5, 0 /* SEEK_SET */) == -EINVAL);
}

/* the checker's bracket rules: none outside, read in READ, all in WRITE */
static void sync_state_rules(void)
{
	struct sm_sync_state st = { 0 };
	char s[160];

	CHECK(sm_dmabuf_sync_state_allowed(&st) == 0);
	CHECK(sm_dmabuf_sync_state_apply(&st, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ) ==
	      SM_SYNC_ALLOW_READ);
	sm_dmabuf_sync_state_describe(&st, s, sizeof(s));
	CHECK(strstr(s, "READ-only") != NULL);
	CHECK(sm_dmabuf_sync_state_apply(&st, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE) ==
	      (SM_SYNC_ALLOW_READ | SM_SYNC_ALLOW_WRITE));
	CHECK(sm_dmabuf_sync_state_apply(&st, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW) == 0);
	sm_dmabuf_sync_state_describe(&st, s, sizeof(s));
	CHECK(strstr(s, "outside") != NULL && strstr(s, "END|RW") != NULL);
	sm_dmabuf_sync_flags_name(DMA_BUF_SYNC_START, s, sizeof(s));
	CHECK_STR(s, "START (no direction)");
}

int main(void)
{
	RUN(heaps_per_profile);
	RUN(heaps_dt_default_pool);
	RUN(heaps_no_default_area);
	RUN(cma_buffer_contiguous_in_area);
	RUN(cma_alignment_small);
	RUN(cma_exhaust_reserved_no_leak);
	RUN(cma_exhaust_7_2_custom_pools);
	RUN(system_heap_largest_orders_first);
	RUN(system_heap_never_goes_back_up);
	RUN(system_heap_zeroes);
	RUN(buffer_refs_and_name);
	RUN(allocate_checks);
	RUN(allocate_huge_lengths);
	RUN(driver_flow_creates_my_cma);
	RUN(device_init_branches);
	RUN(uapi_heap_ioctl_sizes);
	RUN(uapi_sync_and_mmap_rules);
	RUN(sync_state_rules);
	return test_done();
}
