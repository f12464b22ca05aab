// SPDX-License-Identifier: MIT
/*
 * test_mm_swap.c - swap in the running system, with a swap device in
 * plain memory (the zram one is tests/zram/swap_test.c): swapon's header
 * checks and messages, priorities and /proc/swaps per kernel, pages that
 * come back byte-identical under pressure, the LRU's second chance, a
 * device that refuses writes, migration of anonymous pages, swapoff,
 * munmap, and random operations with every invariant checked after each.
 */
#include <errno.h>
#include <string.h>

#include "test.h"
#include "mm/swap_util.h"
#include "fixture.h"

#define PAGE 4096

/* a swap device in memory, with writes that can be made to fail */
struct ramdev {
	uint8_t *data;
	uint64_t pages;
	uint64_t writes, reads, frees;
	uint64_t fail_every;	/* refuse every Nth write; 0: never */
	bool released;
};

static int ram_read(void *ctx, uint64_t slot, void *page)
{
	struct ramdev *d = ctx;

	if (slot >= d->pages)
		return -EIO;
	memcpy(page, d->data + slot * PAGE, PAGE);
	d->reads++;
	return 0;
}

static int ram_write(void *ctx, uint64_t slot, const void *page)
{
	struct ramdev *d = ctx;

	if (slot >= d->pages)
		return -EIO;
	if (d->fail_every && ++d->writes % d->fail_every == 0)
		return -ENOMEM;
	memcpy(d->data + slot * PAGE, page, PAGE);
	return 0;
}

static void ram_free(void *ctx, uint64_t slot)
{
	struct ramdev *d = ctx;

	memset(d->data + slot * PAGE, 0xee, PAGE);	/* gone means gone */
	d->frees++;
}

static void ram_release(void *ctx)
{
	((struct ramdev *)ctx)->released = true;
}

static const struct sm_swap_ops ram_ops = {
	.read = ram_read, .write = ram_write, .free = ram_free,
	.release = ram_release,
};

/* mkswap: version 1, last_page, "SWAPSPACE2" */
static void mkswap(struct ramdev *d, uint32_t version, uint32_t last)
{
	memset(d->data, 0, PAGE);
	memcpy(d->data + 1024, &version, 4);
	memcpy(d->data + 1028, &last, 4);
	memcpy(d->data + PAGE - 10, "SWAPSPACE2", 10);
}

static struct ramdev *ram_new(uint64_t pages)
{
	struct ramdev *d = calloc(1, sizeof(*d));

	d->pages = pages;
	d->data = calloc(pages, PAGE);
	mkswap(d, 1, (uint32_t)(pages - 1));
	return d;
}

static void ram_free_dev(struct ramdev *d)
{
	free(d->data);
	free(d);
}

static struct sm_swap_device dev_of(struct ramdev *d, const char *name)
{
	return (struct sm_swap_device){ .name = name, .pages = d->pages,
					.ops = &ram_ops, .ctx = d,
					.block = true, .solidstate = true,
					.synchronous = true };
}

static const char *last_log(struct sm_system *sys)
{
	size_t n;
	const struct sm_kmsg *m = sm_mm_log(sys, &n);

	return n ? m[n - 1].text : "";
}

/* the bytes version @v of page @i holds (0: never written, zeros) */
static void pattern(uint8_t *p, uint64_t i, unsigned int v)
{
	uint64_t x = (i + 1) * 0x9e3779b97f4a7c15ULL ^ v;

	if (!v) {
		memset(p, 0, PAGE);
		return;
	}

	for (size_t at = 0; at < PAGE; at += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(p + at, &x, 8);
	}
}

/*
 * Expect swapon to refuse what read_swap_header() refuses, with the
 * kernel's message, and to take bad pages out of the total.
 */
static void swapon_header(void)
{
	struct fixture f;
	struct ramdev *d = ram_new(64);
	struct sm_swap_device dev = dev_of(d, "/dev/ram0");
	struct sm_swap_stats st;
	uint32_t two = 2, bad[2] = { 5, 9 };

	CHECK(!fixture_up(&f, "tests/mm/boards/small.dts", "6.12", NULL, -1));
	memset(d->data + PAGE - 10, 0, 10);
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), -EINVAL);
	CHECK_STR(last_log(f.sys), "Unable to find swap-space signature");
	mkswap(d, 2, 63);
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), -EINVAL);
	CHECK_STR(last_log(f.sys), "Unable to handle swap header version 2");
	mkswap(d, 1, 0);
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), -EINVAL);
	CHECK_STR(last_log(f.sys), "Empty swap-file");
	mkswap(d, 1, 64);	/* one page past the device */
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), -EINVAL);
	CHECK_STR(last_log(f.sys), "Swap area shorter than signature indicates");
	mkswap(d, 1, 63);
	memcpy(d->data + 1032, &two, 4);
	memcpy(d->data + 1536, bad, 8);
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, 3), 0);
	sm_mm_swap_stats(f.sys, &st);
	CHECK_EQ_U64(st.total, 63 - 2);
	CHECK_EQ_U64(meminfo_kb(f.sys, "SwapTotal"), 61 * 4);
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), -EBUSY);
	CHECK_EQ_U64(sm_mm_swapoff(f.sys, "/dev/ram9"), -EINVAL);
	CHECK_EQ_U64(sm_mm_swapoff(f.sys, "/dev/ram0"), 0);
	CHECK(d->released);
	CHECK_EQ_U64(meminfo_kb(f.sys, "SwapTotal"), 0);
	dev.pages = 0;	/* a zram device before disksize */
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), -EINVAL);
	CHECK(check_ok(f.sys));
	fixture_down(&f);
	ram_free_dev(d);
}

/*
 * Expect each kernel's default priorities (6.1, 6.12: -2, -3, ...; 7.2:
 * -1 for all), the "Adding ... swap" line (6.1 adds FS for frontswap) and
 * /proc/swaps byte for byte; a swapoff moves the lower defaults up.
 */
static void priorities(void)
{
	static const char *const kern[] = { "6.1", "6.12", "7.2" };
	static const char *const line[] = {
		"Adding 252k swap on /dev/ram0.  Priority:-2 extents:1 "
		"across:252k SSFS",
		"Adding 252k swap on /dev/ram0.  Priority:-2 extents:1 "
		"across:252k SS",
		"Adding 252k swap on /dev/ram0.  Priority:-1 extents:1 "
		"across:252k SS",
	};

	for (int k = 0; k < 3; k++) {
		struct ramdev *d[3] = { ram_new(64), ram_new(64), ram_new(32) };
		struct sm_swap_device dev[3] = {
			dev_of(d[0], "/dev/ram0"), dev_of(d[1], "/dev/ram1"),
			dev_of(d[2], "/dev/a-very-long-swap-device-name-past-40"),
		};
		struct sm_swap_area_info a;
		char want[512];
		char *text;
		struct fixture f;

		CHECK(!fixture_up(&f, "tests/mm/boards/small.dts", kern[k],
				  NULL, -1));
		CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev[0], -1), 0);
		CHECK_STR(last_log(f.sys), line[k]);
		CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev[1], -1), 0);
		CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev[2], 7), 0);
		CHECK(!sm_mm_swap_area_at(f.sys, 1, &a));
		CHECK_EQ_U64(a.prio, k == 2 ? -1 : -3);
		snprintf(want, sizeof(want),
			 "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
			 "/dev/ram0                               partition\t252\t\t0\t\t%d\n"
			 "/dev/ram1                               partition\t252\t\t0\t\t%d\n"
			 "/dev/a-very-long-swap-device-name-past-40 partition\t124\t\t0\t\t7\n",
			 k == 2 ? -1 : -2, k == 2 ? -1 : -3);
		CHECK(sm_mm_format_alloc(f.sys, "swaps", &text) > 0);
		CHECK_STR(text, want);
		free(text);
		CHECK_EQ_U64(sm_mm_swapoff(f.sys, "/dev/ram0"), 0);
		CHECK(!sm_mm_swap_area_at(f.sys, 0, &a));
		CHECK_STR(a.name, "/dev/ram1");
		CHECK_EQ_U64(a.prio, k == 2 ? -1 : -2);
		CHECK_EQ_U64(meminfo_kb(f.sys, "SwapTotal"), 252 + 124);
		fixture_down(&f);	/* releases what is still on */
		for (int i = 0; i < 3; i++) {
			CHECK(d[i]->released);
			ram_free_dev(d[i]);
		}
	}
}

/*
 * Expect more pages written than the board has to go to swap under
 * pressure and every one to come back byte-identical; the counters and
 * /proc/meminfo to agree with where the pages are.
 */
static void pressure_roundtrip(void)
{
	struct fixture f;
	struct ramdev *d = ram_new(32768);
	struct sm_swap_device dev = dev_of(d, "/dev/ram0");
	struct sm_mm_zone_stats zs;
	struct sm_swap_stats st;
	uint64_t managed = 0, n, resident = 0, swapped = 0, bad = 0;
	struct sm_anon *a;
	int err = 0;

	CHECK(!fixture_up(&f, "tests/mm/boards/small.dts", "6.12", NULL, -1));
	for (int z = 0; z < SM_NR_ZONES; z++)
		if (!sm_mm_zone_stats(f.sys, z, &zs))
			managed += zs.managed;
	n = managed + 8000;
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), 0);
	CHECK_EQ_U64(sm_mm_anon_create(f.sys, n, &a), 0);
	for (uint64_t i = 0; i < n && !err; i++)
		err = anon_write(a, i, 1, pattern);
	CHECK_EQ_U64(err, 0);
	CHECK(check_ok(f.sys));
	for (uint64_t i = 0; i < n; i++) {
		enum sm_anon_state s = sm_mm_anon_state(a, i);

		resident += s == SM_ANON_RESIDENT;
		swapped += s == SM_ANON_SWAPPED;
	}
	CHECK_EQ_U64(resident + swapped, n);
	sm_mm_swap_stats(f.sys, &st);
	CHECK(st.pswpout >= swapped);
	CHECK_EQ_U64(st.used, swapped);
	CHECK(st.kswapd_runs > 0);
	CHECK_EQ_U64(meminfo_kb(f.sys, "SwapTotal"), 32767 * 4);
	CHECK_EQ_U64(meminfo_kb(f.sys, "SwapFree"), (32767 - swapped) * 4);
	CHECK_EQ_U64(meminfo_kb(f.sys, "AnonPages"), resident * 4);
	CHECK_EQ_U64(meminfo_kb(f.sys, "SwapCached"), 0);
	for (uint64_t i = 0; i < n; i++)
		bad += !anon_holds(a, i, 1, pattern);
	CHECK_EQ_U64(bad, 0);
	sm_mm_swap_stats(f.sys, &st);
	CHECK(st.pswpin >= swapped);
	CHECK_EQ_U64(d->frees, st.pswpin);	/* every swap-in frees its slot */
	CHECK(check_ok(f.sys));
	sm_mm_anon_destroy(a);
	CHECK_EQ_U64(meminfo_kb(f.sys, "AnonPages"), 0);
	CHECK_EQ_U64(meminfo_kb(f.sys, "SwapFree"), 32767 * 4);
	CHECK(check_ok(f.sys));
	fixture_down(&f);
	ram_free_dev(d);
}

/*
 * Expect the oldest unreferenced page to go first: pages touched again
 * since they were written get a second chance.
 */
static void second_chance(void)
{
	struct fixture f;
	struct ramdev *d = ram_new(64);
	struct sm_swap_device dev = dev_of(d, "/dev/ram0");
	struct sm_anon *a;
	void *b;

	CHECK(!fixture_up(&f, "tests/mm/boards/small.dts", "6.1", NULL, -1));
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), 0);
	CHECK_EQ_U64(sm_mm_anon_create(f.sys, 10, &a), 0);
	for (uint64_t i = 0; i < 10; i++)
		CHECK_EQ_U64(anon_write(a, i, 1, pattern), 0);
	for (uint64_t i = 0; i < 5; i++)
		CHECK_EQ_U64(sm_mm_anon_fault(a, i, false, &b), 0);
	CHECK_EQ_U64(meminfo_kb(f.sys, "Active(anon)"), 5 * 4);
	CHECK_EQ_U64(sm_mm_reclaim(f.sys, 1), 1);
	for (uint64_t i = 0; i < 10; i++)
		CHECK_EQ_U64(sm_mm_anon_state(a, i), i == 5 ? SM_ANON_SWAPPED :
							    SM_ANON_RESIDENT);
	CHECK_EQ_U64(meminfo_kb(f.sys, "Active(anon)"), 0);
	CHECK_EQ_U64(sm_mm_reclaim(f.sys, 5), 5);	/* 6..9, then 0 */
	CHECK_EQ_U64(sm_mm_anon_state(a, 0), SM_ANON_SWAPPED);
	CHECK_EQ_U64(sm_mm_anon_state(a, 1), SM_ANON_RESIDENT);
	CHECK(anon_holds(a, 5, 1, pattern) && anon_holds(a, 0, 1, pattern));
	CHECK(check_ok(f.sys));
	sm_mm_anon_destroy(a);
	fixture_down(&f);
	ram_free_dev(d);
}

/*
 * Expect a page never written to read as zeros without taking memory,
 * and a write to it to take one zeroed page.
 */
static void zero_page(void)
{
	struct fixture f;
	struct sm_anon *a;
	uint64_t free0;
	uint8_t *b;

	CHECK(!fixture_up(&f, "tests/mm/boards/small.dts", "6.12", NULL, -1));
	free0 = meminfo_kb(f.sys, "MemFree");
	CHECK_EQ_U64(sm_mm_anon_create(f.sys, 4, &a), 0);
	CHECK_EQ_U64(sm_mm_anon_fault(a, 2, false, (void **)&b), 0);
	CHECK(b[0] == 0 && b[PAGE - 1] == 0);
	CHECK_EQ_U64(meminfo_kb(f.sys, "MemFree"), free0);
	CHECK_EQ_U64(sm_mm_anon_state(a, 2), SM_ANON_NONE);
	CHECK_EQ_U64(sm_mm_anon_fault(a, 2, true, (void **)&b), 0);
	CHECK(b[0] == 0 && b[PAGE - 1] == 0);
	CHECK_EQ_U64(meminfo_kb(f.sys, "MemFree"), free0 - 4);
	CHECK_EQ_U64(sm_mm_anon_fault(a, 4, false, (void **)&b), -EINVAL);
	sm_mm_anon_destroy(a);
	CHECK_EQ_U64(meminfo_kb(f.sys, "MemFree"), free0);
	fixture_down(&f);
}

/*
 * Expect a device that refuses writes to leave the pages in memory
 * (intact), and an allocation that reclaim cannot help to fail with
 * ENOMEM, the model's OOM, with everything consistent.
 */
static void refused_writes(void)
{
	struct fixture f;
	struct ramdev *d = ram_new(4096);
	struct sm_swap_device dev = dev_of(d, "/dev/ram0");
	struct sm_swap_stats st;
	struct sm_anon *a;
	uint64_t i;
	int err = 0;

	CHECK(!fixture_up(&f, "tests/mm/boards/small.dts", "7.2", NULL, -1));
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), 0);
	CHECK_EQ_U64(sm_mm_anon_create(f.sys, 100000, &a), 0);
	for (i = 0; i < 20; i++)
		CHECK_EQ_U64(anon_write(a, i, 3, pattern), 0);
	d->fail_every = 1;
	CHECK_EQ_U64(sm_mm_reclaim(f.sys, 10), 0);
	sm_mm_swap_stats(f.sys, &st);
	CHECK(st.write_errors >= 10);
	for (i = 0; i < 20; i++)
		CHECK(anon_holds(a, i, 3, pattern));
	for (i = 20; i < 100000 && !err; i++)
		err = anon_write(a, i, 3, pattern);
	CHECK_EQ_U64(err, -ENOMEM);
	sm_mm_swap_stats(f.sys, &st);
	CHECK(st.oom > 0);
	CHECK(check_ok(f.sys));
	for (uint64_t j = 0; j < i - 1; j++)
		CHECK(anon_holds(a, j, 3, pattern));
	sm_mm_anon_destroy(a);
	CHECK(check_ok(f.sys));
	fixture_down(&f);
	ram_free_dev(d);
}

/*
 * Expect a CMA allocation to migrate the anonymous pages lent its area,
 * swapped or not, and every page to stay what it was.
 */
static void cma_migration(void)
{
	struct fixture f;
	struct ramdev *d = ram_new(8192);
	struct sm_swap_device dev = dev_of(d, "/dev/ram0");
	struct sm_cma *cma;
	struct sm_anon *a;
	uint64_t pfn, n, bad = 0;

	CHECK(!fixture_up(&f, "tests/mm/boards/small.dts", "6.12", NULL, -1));
	cma = sm_mm_cma_find(f.sys, "camera");
	CHECK(cma != NULL);
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), 0);
	n = meminfo_kb(f.sys, "MemFree") / 4 - 4000;
	CHECK_EQ_U64(sm_mm_anon_create(f.sys, n, &a), 0);
	for (uint64_t i = 0; i < n; i++)
		CHECK_EQ_U64(anon_write(a, i, 7, pattern), 0);
	CHECK_EQ_U64(sm_mm_reclaim(f.sys, 1000), 1000);
	CHECK_EQ_U64(sm_mm_cma_alloc(f.sys, cma, 2048, 0, false, &pfn), 0);
	CHECK(check_ok(f.sys));
	for (uint64_t i = 0; i < n; i++)
		bad += !anon_holds(a, i, 7, pattern);
	CHECK_EQ_U64(bad, 0);
	CHECK_EQ_U64(sm_mm_cma_release(f.sys, cma, pfn, 2048), 0);
	sm_mm_anon_destroy(a);
	CHECK(check_ok(f.sys));
	fixture_down(&f);
	ram_free_dev(d);
}

/*
 * Expect swapoff to bring every page back, byte-identical; and, when
 * memory cannot hold them, to fail with ENOMEM and leave the area on.
 */
static void swapoff_unuse(void)
{
	struct fixture f;
	struct ramdev *d = ram_new(40000);
	struct sm_swap_device dev = dev_of(d, "/dev/ram0");
	struct sm_swap_area_info ai;
	struct sm_anon *a;
	uint64_t n, bad = 0;

	CHECK(!fixture_up(&f, "tests/mm/boards/small.dts", "6.12", NULL, -1));
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), 0);
	n = meminfo_kb(f.sys, "MemFree") / 4 + 5000;
	CHECK_EQ_U64(sm_mm_anon_create(f.sys, n, &a), 0);
	for (uint64_t i = 0; i < n; i++)
		CHECK_EQ_U64(anon_write(a, i, 2, pattern), 0);
	CHECK_EQ_U64(sm_mm_swapoff(f.sys, "/dev/ram0"), -ENOMEM);
	CHECK(!sm_mm_swap_area_at(f.sys, 0, &ai));
	CHECK(!d->released);
	CHECK(check_ok(f.sys));
	sm_mm_anon_destroy(a);
	n = meminfo_kb(f.sys, "MemFree") / 4 - 6000;
	CHECK_EQ_U64(sm_mm_anon_create(f.sys, n, &a), 0);
	for (uint64_t i = 0; i < n; i++)
		CHECK_EQ_U64(anon_write(a, i, 4, pattern), 0);
	CHECK_EQ_U64(sm_mm_reclaim(f.sys, 3000), 3000);
	CHECK_EQ_U64(sm_mm_swapoff(f.sys, "/dev/ram0"), 0);
	CHECK(d->released);
	for (uint64_t i = 0; i < n; i++) {
		bad += !anon_holds(a, i, 4, pattern);
		CHECK(sm_mm_anon_state(a, i) == SM_ANON_RESIDENT);
	}
	CHECK_EQ_U64(bad, 0);
	CHECK(check_ok(f.sys));
	sm_mm_anon_destroy(a);
	fixture_down(&f);
	ram_free_dev(d);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Expect random writes, reads, reclaims, CMA allocations and swap on/off
 * to keep every invariant (sm_mm_check() after each) and every page's
 * bytes. SOCMEM_SEED=N replays a run.
 */
static void random_ops(void)
{
	const char *env = getenv("SOCMEM_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : 0x5eed5a9;
	struct fixture f;
	struct ramdev *d = ram_new(8192);
	struct sm_swap_device dev = dev_of(d, "/dev/ram0");
	struct sm_cma *cma;
	unsigned int *ver;
	uint64_t n, cma_pfn = 0, s = seed;
	struct sm_anon *a;
	bool on = true, held = false;
	int broken = 0;

	fprintf(stderr, "random_ops: SOCMEM_SEED=0x%" PRIx64 "\n", seed);
	CHECK(!fixture_up(&f, "tests/mm/boards/small.dts", "6.12", NULL, -1));
	cma = sm_mm_cma_find(f.sys, "camera");
	CHECK_EQ_U64(sm_mm_swapon(f.sys, &dev, -1), 0);
	n = meminfo_kb(f.sys, "MemFree") / 4 + 4000;
	ver = calloc(n, sizeof(*ver));
	CHECK_EQ_U64(sm_mm_anon_create(f.sys, n, &a), 0);
	for (int op = 0; op < 3000 && !broken; op++) {
		uint64_t r = rnd(&s), i = r % n;
		int ret = 0;

		switch ((r >> 32) % 8) {
		case 0: case 1: case 2:
			for (int k = 0; k < 64 && !ret; k++, i = (i + 1) % n)
				if (!(ret = anon_write(a, i, ver[i] + 1, pattern)))
					ver[i]++;
			break;
		case 3: case 4:
			for (int k = 0; k < 64; k++, i = (i + 1) % n)
				if (!anon_holds(a, i, ver[i], pattern) &&
				    sm_mm_anon_state(a, i) != SM_ANON_SWAPPED)
					broken = 1;
			break;
		case 5:
			sm_mm_reclaim(f.sys, r % 300);
			break;
		case 6:
			if (held)
				CHECK_EQ_U64(sm_mm_cma_release(f.sys, cma, cma_pfn,
							       1024), 0);
			else
				held = !sm_mm_cma_alloc(f.sys, cma, 1024, 0,
							true, &cma_pfn);
			held = held && !((r >> 40) & 1);
			break;
		default:
			ret = on ? sm_mm_swapoff(f.sys, "/dev/ram0") :
				   sm_mm_swapon(f.sys, &dev, -1);
			if (!ret)
				on = !on;
			break;
		}
		CHECK(ret == 0 || ret == -ENOMEM);
		if (!check_ok(f.sys))
			broken = 1;
	}
	CHECK(!broken);
	/* a page that cannot come back (no memory) is still swapped */
	for (uint64_t i = 0; i < n && !broken; i++)
		CHECK(anon_holds(a, i, ver[i], pattern) ||
		      sm_mm_anon_state(a, i) == SM_ANON_SWAPPED);
	if (held)
		sm_mm_cma_release(f.sys, cma, cma_pfn, 1024);
	sm_mm_anon_destroy(a);
	CHECK(check_ok(f.sys));
	free(ver);
	fixture_down(&f);
	ram_free_dev(d);
}

#define RUN_IF(fn) do { if (!only || !strcmp(only, #fn)) RUN(fn); } while (0)

/* test_mm_swap [CASE]: one case only */
int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;

	RUN_IF(swapon_header);
	RUN_IF(priorities);
	RUN_IF(pressure_roundtrip);
	RUN_IF(second_chance);
	RUN_IF(zero_page);
	RUN_IF(refused_writes);
	RUN_IF(cma_migration);
	RUN_IF(swapoff_unuse);
	RUN_IF(random_ops);
	return test_done();
}
