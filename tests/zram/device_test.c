// SPDX-License-Identifier: MIT
/*
 * device_test.c - the zram device beyond what the probe recorded:
 * attribute rules and their errnos per kernel, round trips of every kind
 * of page with every algorithm, mem_limit, reset, hot_add/hot_remove,
 * discard and swap-slot frees, idle marking, writeback to a backing file
 * and reading back from it, recompression (CONFIG_ZRAM_MULTI_COMP), and
 * algorithm_params.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <socmem/zram.h>

#include "../test.h"

#define PAGE 4096

static int64_t fake_now;

static int64_t fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static struct sm_zram_ctl *load(enum sm_kernel_id k, bool multi,
				bool files)
{
	struct sm_zram_options o = { .multi_comp = multi,
				     .backing_files = files,
				     .clock_ns = fake_clock };
	struct sm_zram_ctl *ctl = NULL;

	CHECK(!sm_zram_ctl_create(k, &o, &ctl));
	return ctl;
}

static ssize_t wr(struct sm_zram *d, const char *attr, const char *v)
{
	return sm_zram_attr_write(d, attr, v, strlen(v));
}

static const char *rd(struct sm_zram *d, const char *attr)
{
	static char buf[4097];
	ssize_t n = sm_zram_attr_read(d, attr, buf, 4096);

	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

#define OK(d, a, v) CHECK_EQ_U64(wr(d, a, v), strlen(v))
#define ERR(d, a, v, e) CHECK_EQ_U64(wr(d, a, v), (uint64_t)(int64_t)(e))

/* page kinds */
static void page_same(uint8_t *p, uint64_t w)
{
	for (int i = 0; i < PAGE; i += 8)
		memcpy(p + i, &w, 8);
}

static void page_random(uint8_t *p, uint64_t s)
{
	for (int i = 0; i < PAGE; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		p[i] = (uint8_t)(s >> 56);
	}
}

static void page_text(uint8_t *p, uint64_t s)
{
	static const char *const w[] = { "page ", "zram ", "memory ",
					 "swap ", "the ", "of " };

	for (int i = 0; i < PAGE;) {
		const char *x;

		s = s * 6364136223846793005ull + 1;
		x = w[(s >> 60) % 6];
		for (; *x && i < PAGE; x++)
			p[i++] = (uint8_t)*x;
	}
}

/* kind 0 zero, 1 same, 2 text, 3 random (huge), 4 half random */
static void make_page(uint8_t *p, int kind, uint64_t i)
{
	switch (kind) {
	case 0:
		memset(p, 0, PAGE);
		break;
	case 1:
		page_same(p, 0x0101010101010101ull * (i % 255 + 1));
		break;
	case 2:
		page_text(p, i);
		break;
	case 3:
		page_random(p, i + 1);
		break;
	default:
		page_text(p, i);
		page_random(p, i + 7);
		memset(p + PAGE / 2, 0, PAGE / 2);
		break;
	}
}

static size_t verify(struct sm_zram *d, uint64_t n, uint64_t salt)
{
	uint8_t want[PAGE], got[PAGE];
	size_t bad = 0;

	for (uint64_t i = 0; i < n; i++) {
		make_page(want, (int)(i % 5), i + salt);
		if (sm_zram_read(d, i, got) || memcmp(want, got, PAGE))
			bad++;
	}
	return bad;
}

static void write_all(struct sm_zram *d, uint64_t n, uint64_t salt)
{
	uint8_t p[PAGE];

	for (uint64_t i = 0; i < n; i++) {
		make_page(p, (int)(i % 5), i + salt);
		CHECK(sm_zram_write(d, i, p) == 0);
	}
}

/*
 * Every algorithm each kernel offers (6.1 also deflate through the
 * crypto API): zero, same-filled, text, random (huge) and half-random
 * pages. Expect them back, the same/huge counters right, and the same
 * again after overwriting every page with different data.
 */
static void zram_roundtrip_every_algorithm(void)
{
	static const enum sm_kernel_id ks[] = { SM_KERNEL_6_1, SM_KERNEL_6_12,
						SM_KERNEL_7_2 };
	static const char *const algos[] = { "lzo", "lzo-rle", "lz4", "lz4hc",
					     "zstd", "deflate" };

	for (size_t k = 0; k < 3; k++) {
		for (size_t a = 0; a < 6; a++) {
			struct sm_zram_ctl *ctl = load(ks[k], false, false);
			struct sm_zram *d = sm_zram_ctl_dev(ctl, 0);
			struct sm_zram_stats st;
			char name[16];

			snprintf(name, sizeof(name), "%s\n", algos[a]);
			if (wr(d, "comp_algorithm", name) < 0) {
				/* 6.12+ build no LZO backend */
				CHECK(k > 0 && a < 2);
				sm_zram_ctl_destroy(ctl);
				continue;
			}
			OK(d, "disksize", "1M\n");
			write_all(d, 250, 0);
			sm_zram_get_stats(d, &st);
			CHECK_EQ_U64(st.same_pages, 100);
			CHECK_EQ_U64(st.huge_pages, 50);
			CHECK_EQ_U64(st.orig_data_size, 250 * PAGE);
			CHECK_EQ_U64(verify(d, 250, 0), 0);
			write_all(d, 250, 1000);
			CHECK_EQ_U64(verify(d, 250, 1000), 0);
			/* across reset: nothing left, then new data back */
			OK(d, "reset", "1\n");
			OK(d, "comp_algorithm", name);
			OK(d, "disksize", "1M\n");
			CHECK_EQ_U64(verify(d, 250, 1000), 200);
			write_all(d, 250, 2000);
			CHECK_EQ_U64(verify(d, 250, 2000), 0);
			sm_zram_ctl_destroy(ctl);
		}
	}
}

/*
 * The rules the probe did not reach (6.12). Expect the kernel's errno for
 * each bad write, and nothing changed by it.
 */
static void zram_attr_rules(void)
{
	struct sm_zram_ctl *ctl = load(SM_KERNEL_6_12, false, false);
	struct sm_zram *d = sm_zram_ctl_dev(ctl, 0);
	char big[200];

	CHECK_EQ_U64(sm_zram_attr_read(d, "reset", big, 10), -EACCES);
	CHECK_EQ_U64(sm_zram_attr_read(d, "nosuch", big, 10), -ENOENT);
	ERR(d, "mm_stat", "1\n", -EACCES);
	ERR(d, "initstate", "1\n", -EACCES);
	ERR(d, "recompress", "type=huge\n", -ENOENT);	/* no MULTI_COMP */
	CHECK_EQ_U64(wr(d, "disksize", ""), 0);		/* never stored */
	ERR(d, "disksize", "abc\n", -EINVAL);
	ERR(d, "compact", "1\n", -EINVAL);		/* not initialised */
	ERR(d, "idle", "all\n", -EINVAL);
	ERR(d, "idle", "sometimes\n", -EINVAL);
	ERR(d, "writeback", "huge\n", -EINVAL);
	ERR(d, "reset", "x\n", -EINVAL);
	ERR(d, "reset", "70000\n", -ERANGE);		/* kstrtou16 */
	ERR(d, "mem_limit", "lots\n", -EINVAL);
	ERR(d, "mem_used_max", "zero\n", -EINVAL);
	ERR(d, "algorithm_params", "priority=1\n", -EINVAL);
	ERR(d, "algorithm_params", "level\n", -EINVAL);
	ERR(d, "algorithm_params", "algo=lzo level=3\n", -EINVAL);
	memset(big, 'z', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\n';
	big[sizeof(big) - 1] = '\0';
	ERR(d, "comp_algorithm", big, -E2BIG);		/* 6.12: >= 128 */
	CHECK_STR(rd(d, "comp_algorithm"), "[lz4] lz4hc zstd deflate \n");
	OK(d, "disksize", "8k\n");
	CHECK_STR(rd(d, "size"), "16\n");
	CHECK_STR(rd(d, "disksize"), "8192\n");
	ERR(d, "writeback", "huge\n", -ENODEV);		/* no backing dev */
	ERR(d, "writeback", "page_index=2\n", -EINVAL);	/* 6.12: range 1st */
	ERR(d, "backing_dev", "/nonexistent\n", -EBUSY);
	CHECK(sm_zram_open(d) == 0);
	ERR(d, "reset", "1\n", -EBUSY);			/* open */
	sm_zram_release(d);
	OK(d, "reset", "1\n");
	sm_zram_ctl_destroy(ctl);
}

/* 6.1: names cut to 127 bytes, deflate via the crypto API, the old
 * writeback checks, the algorithm kept by reset. */
static void zram_attr_rules_6_1(void)
{
	struct sm_zram_ctl *ctl = load(SM_KERNEL_6_1, false, false);
	struct sm_zram *d = sm_zram_ctl_dev(ctl, 0);
	char big[200];

	memset(big, 'z', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\n';
	big[sizeof(big) - 1] = '\0';
	ERR(d, "comp_algorithm", big, -EINVAL);		/* 6.1 cuts it */
	OK(d, "comp_algorithm", "deflate\n");		/* crypto API */
	CHECK_STR(rd(d, "comp_algorithm"),
		  "lzo lzo-rle lz4 lz4hc zstd [deflate] \n");
	ERR(d, "algorithm_params", "level=3\n", -ENOENT);
	OK(d, "disksize", "8k\n");
	ERR(d, "writeback", "page_index=2\n", -ENODEV);	/* 6.1: device 1st */
	OK(d, "reset", "1\n");
	CHECK_STR(rd(d, "comp_algorithm"),		/* 6.1 keeps it */
		  "lzo lzo-rle lz4 lz4hc zstd [deflate] \n");
	sm_zram_ctl_destroy(ctl);
}

/* 7.2: no max_comp_streams, compressed_writeback, debug_stat's 0. */
static void zram_attr_rules_7_2(void)
{
	struct sm_zram_ctl *ctl = load(SM_KERNEL_7_2, false, false);
	struct sm_zram *d = sm_zram_ctl_dev(ctl, 0);
	char big[16];

	CHECK_EQ_U64(sm_zram_attr_read(d, "max_comp_streams", big, 10),
		     -ENOENT);
	CHECK_STR(rd(d, "compressed_writeback"), "0\n");
	OK(d, "compressed_writeback", "yes\n");
	ERR(d, "compressed_writeback", "maybe\n", -EINVAL);
	OK(d, "disksize", "8k\n");
	ERR(d, "compressed_writeback", "0\n", -EBUSY);
	CHECK_STR(rd(d, "debug_stat"), "version: 1\n0        0\n");
	sm_zram_ctl_destroy(ctl);
}

/*
 * mem_limit of 16 pages, then incompressible pages until writes fail.
 * Expect -EIO, failed_writes counting each, mem_used_max at the page
 * that crossed the limit, and every page stored before still intact.
 */
static void zram_mem_limit(void)
{
	struct sm_zram_ctl *ctl = load(SM_KERNEL_6_12, false, false);
	struct sm_zram *d = sm_zram_ctl_dev(ctl, 0);
	struct sm_zram_stats st;
	uint8_t p[PAGE], q[PAGE];
	int ok = 0, failed = 0;

	OK(d, "disksize", "1M\n");
	OK(d, "mem_limit", "64K\n");
	for (int i = 0; i < 40; i++) {
		page_random(p, (uint64_t)i);
		if (sm_zram_write(d, (uint64_t)i, p) == 0)
			ok++;
		else
			failed++;
	}
	sm_zram_get_stats(d, &st);
	CHECK_EQ_U64(ok, 16);
	CHECK_EQ_U64(st.failed_writes, (uint64_t)failed);
	CHECK_EQ_U64(st.mem_limit, 65536);
	CHECK_EQ_U64(st.mem_used_total, 65536);
	CHECK_EQ_U64(st.mem_used_max, 65536 + PAGE);
	for (int i = 0; i < 16; i++) {
		page_random(p, (uint64_t)i);
		CHECK(!sm_zram_read(d, (uint64_t)i, q) && !memcmp(p, q, PAGE));
	}
	CHECK(!sm_zram_read(d, 30, q));		/* never stored: zeros */
	memset(p, 0, PAGE);
	CHECK(!memcmp(p, q, PAGE));
	sm_zram_ctl_destroy(ctl);
}

/*
 * hot_add reads create zram1, zram2; hot_remove takes ids. Expect ids in
 * order, ENODEV for a missing id, EBUSY for an open device, EINVAL for a
 * negative one, and the kernel's log lines.
 */
static void zram_hot_add_remove(void)
{
	struct sm_zram_ctl *ctl = load(SM_KERNEL_7_2, false, false);
	char buf[16];
	ssize_t n;

	n = sm_zram_ctl_attr_read(ctl, "hot_add", buf, sizeof(buf));
	CHECK(n == 2 && !memcmp(buf, "1\n", 2));
	n = sm_zram_ctl_attr_read(ctl, "hot_add", buf, sizeof(buf));
	CHECK(n == 2 && !memcmp(buf, "2\n", 2));
	CHECK_EQ_U64(sm_zram_ctl_attr_write(ctl, "hot_remove", "5\n", 2),
		     -ENODEV);
	CHECK_EQ_U64(sm_zram_ctl_attr_write(ctl, "hot_remove", "-1\n", 3),
		     -EINVAL);
	CHECK_EQ_U64(sm_zram_ctl_attr_write(ctl, "hot_add", "1\n", 2),
		     -EACCES);
	CHECK(sm_zram_open(sm_zram_ctl_dev(ctl, 1)) == 0);
	CHECK_EQ_U64(sm_zram_ctl_attr_write(ctl, "hot_remove", "1\n", 2),
		     -EBUSY);
	sm_zram_release(sm_zram_ctl_dev(ctl, 1));
	CHECK_EQ_U64(sm_zram_ctl_attr_write(ctl, "hot_remove", "1\n", 2), 2);
	CHECK(sm_zram_ctl_dev(ctl, 1) == NULL);
	n = sm_zram_ctl_attr_read(ctl, "hot_add", buf, sizeof(buf));
	CHECK(n == 2 && !memcmp(buf, "1\n", 2));	/* lowest free id */
	CHECK_STR(sm_zram_ctl_log_at(ctl, 3), "zram: Removed device: zram1");
	CHECK_STR(sm_zram_ctl_log_at(ctl, 4), "zram: Added device: zram1");
	sm_zram_ctl_destroy(ctl);
}

/*
 * discard and swap-slot-free notifications. Expect the slots freed, the
 * pages to read back as zeros and notify_free to count every page.
 */
static void zram_discard_and_slot_free(void)
{
	struct sm_zram_ctl *ctl = load(SM_KERNEL_6_1, false, false);
	struct sm_zram *d = sm_zram_ctl_dev(ctl, 0);
	struct sm_zram_stats st;
	uint8_t p[PAGE];

	OK(d, "disksize", "1M\n");
	write_all(d, 50, 0);
	CHECK(sm_zram_discard(d, 10, 20) == 0);
	sm_zram_slot_free_notify(d, 40);
	CHECK_EQ_U64(sm_zram_discard(d, 250, 10), -EIO);	/* past end */
	sm_zram_get_stats(d, &st);
	CHECK_EQ_U64(st.notify_free, 21);
	CHECK_EQ_U64(st.orig_data_size, 29 * PAGE);
	CHECK(!sm_zram_read(d, 15, p));
	CHECK(p[0] == 0 && !memcmp(p, p + 1, PAGE - 1));
	sm_zram_ctl_destroy(ctl);
}

static char *tmp_backing(size_t pages)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/socmem-zram-bd-XXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0 && ftruncate(fd, (off_t)(pages * PAGE)) == 0);
	close(fd);
	return path;
}

/*
 * 6.12: a regular file as backing device (backing_files), idle after 10
 * s of fake time, writeback huge then idle, a limit of 5 pages. Expect
 * bd_stat to count them, WB pages to read back from the file, overwrites
 * to free their blocks, and orig_data_size to keep counting them.
 */
static void zram_writeback_roundtrip(enum sm_kernel_id k)
{
	struct sm_zram_ctl *ctl = load(k, false, true);
	struct sm_zram *d = sm_zram_ctl_dev(ctl, 0);
	struct sm_zram_stats st;
	char *bd = tmp_backing(64), line[80];

	snprintf(line, sizeof(line), "%s\n", bd);
	OK(d, "backing_dev", line);
	line[strlen(line) - 1] = '\0';
	CHECK(strstr(rd(d, "backing_dev"), line) != NULL);
	OK(d, "disksize", "400k\n");
	fake_now = 1000000000;
	write_all(d, 100, 0);
	OK(d, "writeback", "huge\n");
	sm_zram_get_stats(d, &st);
	CHECK_EQ_U64(st.bd_writes, 20);
	CHECK_EQ_U64(st.bd_count, 20);
	CHECK_EQ_U64(st.huge_pages, 0);
	CHECK_EQ_U64(st.orig_data_size, 100 * PAGE);
	fake_now += 20 * 1000000000ll;
	OK(d, "idle", "10\n");
	OK(d, "writeback_limit", "5\n");
	OK(d, "writeback_limit_enable", "1\n");
	ERR(d, "writeback", "idle\n", -EIO);	/* limit reached */
	sm_zram_get_stats(d, &st);
	CHECK_EQ_U64(st.bd_writes, 25);
	CHECK_STR(rd(d, "writeback_limit"), "0\n");
	CHECK_EQ_U64(verify(d, 100, 0), 0);
	sm_zram_get_stats(d, &st);
	CHECK_EQ_U64(st.bd_reads, 25);
	write_all(d, 100, 77);			/* overwrite: blocks freed */
	sm_zram_get_stats(d, &st);
	CHECK_EQ_U64(st.bd_count, 0);
	CHECK_EQ_U64(verify(d, 100, 77), 0);
	OK(d, "reset", "1\n");
	CHECK_STR(rd(d, "backing_dev"), "none\n");
	sm_zram_ctl_destroy(ctl);
	unlink(bd);
}

static void zram_writeback_6_12(void)
{
	zram_writeback_roundtrip(SM_KERNEL_6_12);
}

static void zram_writeback_7_2(void)
{
	zram_writeback_roundtrip(SM_KERNEL_7_2);
}

/*
 * 7.2 key=value writeback with compressed_writeback: a range, then the
 * rest. Expect the pages read back (decompressed from the file) and
 * -ERANGE for a range past the end.
 */
static void zram_writeback_7_2_compressed(void)
{
	struct sm_zram_ctl *ctl = load(SM_KERNEL_7_2, false, true);
	struct sm_zram *d = sm_zram_ctl_dev(ctl, 0);
	struct sm_zram_stats st;
	char *bd = tmp_backing(200), line[80];

	snprintf(line, sizeof(line), "%s\n", bd);
	OK(d, "backing_dev", line);
	OK(d, "compressed_writeback", "1\n");
	OK(d, "disksize", "400k\n");
	write_all(d, 100, 3);
	ERR(d, "writeback", "page_indexes=90-100\n", -ERANGE);
	OK(d, "writeback", "page_indexes=0-49\n");
	OK(d, "writeback", "type=huge\n");
	sm_zram_get_stats(d, &st);
	CHECK_EQ_U64(st.bd_writes, 30 + 10);	/* 30 stored, 10 huge */
	CHECK_EQ_U64(verify(d, 100, 3), 0);
	sm_zram_ctl_destroy(ctl);
	unlink(bd);
}

/* Backing files are refused by default (ENOTBLK) and shared (EBUSY). */
static void zram_backing_dev_rules(void)
{
	struct sm_zram_ctl *ctl = load(SM_KERNEL_6_12, false, false);
	char *bd = tmp_backing(8), line[80];

	snprintf(line, sizeof(line), "%s\n", bd);
	ERR(sm_zram_ctl_dev(ctl, 0), "backing_dev", line, -ENOTBLK);
	sm_zram_ctl_destroy(ctl);
	ctl = load(SM_KERNEL_6_12, false, true);
	OK(sm_zram_ctl_dev(ctl, 0), "backing_dev", line);
	ERR(sm_zram_ctl_dev(ctl, 0), "backing_dev", line, -EBUSY);
	sm_zram_ctl_destroy(ctl);
	unlink(bd);
}

/*
 * CONFIG_ZRAM_MULTI_COMP on 6.12: lz4 primary, zstd secondary; idle
 * pages recompressed. Expect smaller compr_data_size, the 'r' column in
 * block_state, every page back, and huge pages flagged incompressible.
 */
static void zram_recompress_roundtrip(void)
{
	struct sm_zram_ctl *ctl = load(SM_KERNEL_6_12, true, false);
	struct sm_zram *d = sm_zram_ctl_dev(ctl, 0);
	struct sm_zram_stats before, after;
	char *bs = malloc(1 << 16);
	ssize_t n;

	OK(d, "recomp_algorithm", "algo=zstd priority=1\n");
	ERR(d, "recomp_algorithm", "algo=zstd priority=4\n", -EINVAL);
	ERR(d, "recomp_algorithm", "priority=2\n", -EINVAL);
	CHECK_STR(rd(d, "recomp_algorithm"),
		  "#1: lz4 lz4hc [zstd] deflate \n");
	OK(d, "disksize", "1M\n");
	write_all(d, 200, 5);
	sm_zram_get_stats(d, &before);
	ERR(d, "recompress", "threshold=4000\n", -EINVAL);
	OK(d, "idle", "all\n");
	OK(d, "recompress", "type=idle\n");
	sm_zram_get_stats(d, &after);
	CHECK(after.compr_data_size < before.compr_data_size);
	CHECK_EQ_U64(after.orig_data_size, before.orig_data_size);
	CHECK_EQ_U64(verify(d, 200, 5), 0);
	OK(d, "recompress", "type=huge\n");
	n = sm_zram_block_state(d, bs, (1 << 16) - 1);
	CHECK(n > 0);
	bs[n > 0 ? n : 0] = '\0';
	CHECK(strstr(bs, "..r.") != NULL);	/* recompressed */
	CHECK(strstr(bs, "..h..n") != NULL);	/* huge, incompressible */
	CHECK_EQ_U64(verify(d, 200, 5), 0);
	OK(d, "reset", "1\n");			/* 6.12: secondaries gone */
	CHECK_STR(rd(d, "recomp_algorithm"), "");
	free(bs);
	sm_zram_ctl_destroy(ctl);
}

/*
 * algorithm_params on 6.12: zstd level 1 then level 19. Expect smaller
 * output at 19, and the params dropped by reset (back to level 3).
 */
static void zram_algorithm_params_level(void)
{
	struct sm_zram_ctl *ctl = load(SM_KERNEL_6_12, false, false);
	struct sm_zram *d = sm_zram_ctl_dev(ctl, 0);
	struct sm_zram_stats s1, s19;

	OK(d, "comp_algorithm", "zstd\n");
	OK(d, "algorithm_params", "algo=zstd level=1\n");
	OK(d, "disksize", "1M\n");
	write_all(d, 200, 9);
	sm_zram_get_stats(d, &s1);
	OK(d, "reset", "1\n");
	OK(d, "comp_algorithm", "zstd\n");
	OK(d, "algorithm_params", "level=19\n");
	OK(d, "disksize", "1M\n");
	write_all(d, 200, 9);
	sm_zram_get_stats(d, &s19);
	CHECK(s19.compr_data_size < s1.compr_data_size);
	CHECK_EQ_U64(verify(d, 200, 9), 0);
	sm_zram_ctl_destroy(ctl);
}

int main(void)
{
	RUN(zram_roundtrip_every_algorithm);
	RUN(zram_attr_rules);
	RUN(zram_attr_rules_6_1);
	RUN(zram_attr_rules_7_2);
	RUN(zram_mem_limit);
	RUN(zram_hot_add_remove);
	RUN(zram_discard_and_slot_free);
	RUN(zram_writeback_6_12);
	RUN(zram_writeback_7_2);
	RUN(zram_writeback_7_2_compressed);
	RUN(zram_backing_dev_rules);
	RUN(zram_recompress_roundtrip);
	RUN(zram_algorithm_params_level);
	return test_done();
}
