// SPDX-License-Identifier: MIT
/*
 * bench_zram.c - what zram costs over its compressor, and what zsmalloc
 * costs over the compressed bytes, each next to its baseline from the
 * same run.
 *
 * 1. Time per 4 KiB page: storing into a zram device (same-filled check,
 *    compression, huge rule, zs_malloc, copy, slot bookkeeping) and
 *    loading from it, against the raw library call zram makes on the same
 *    pages with the same parameters (LZ4_compress_fast_extState(),
 *    LZ4_compress_HC_extStateHC(), ZSTD_compress_advanced(), zlib
 *    deflate(), the kernel LZO of comp/lzo.c; and their decompressors).
 *    Target: zram within 1.15x of the raw call. Pages: the oracle's
 *    text, mixed and elf files without their same-filled pages (zram
 *    stores those without compressing: not a like-for-like page).
 * 2. mem_used_total / compr_data_size - the allocator's overhead - for
 *    each oracle file and algorithm, next to the real kernel's figure for
 *    the same data (tests/zram/oracle).
 *
 * Times are this thread's CPU time (the machine is shared: wall time
 * would measure the neighbours).
 *
 * Usage: bench_zram [--quick] SOURCE_DIR. Prints; never fails on time
 * (--quick: one round over the text file's pages, one kernel's overhead).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lz4.h>
#include <lz4hc.h>
#define ZSTD_STATIC_LINKING_ONLY
#define ZSTD_DISABLE_DEPRECATE_WARNINGS
#include <zstd.h>
#include <zlib.h>

#include <socmem/zram.h>

#include "../../src/zram/internal.h"
#include "../../tests/zram/zram_data.h"
#include "../bench.h"

#define PAGE 4096
#define REPS 5

struct pages {
	uint8_t *d;
	size_t n;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static bool same_filled(const uint8_t *p)
{
	const uint64_t *w = (const uint64_t *)p;

	for (int i = 1; i < PAGE / 8; i++)
		if (w[i] != w[0])
			return false;
	return true;
}

static int add_file(struct pages *pg, const char *name, const char *elf)
{
	size_t len;
	uint8_t *d = zram_data_make(name, elf, &len), *nd;

	if (!d)
		return -1;
	nd = realloc(pg->d, (pg->n + len / PAGE) * PAGE);
	if (!nd) {
		free(d);
		return -1;
	}
	pg->d = nd;
	for (size_t i = 0; i < len / PAGE; i++)
		if (!same_filled(d + i * PAGE))
			memcpy(pg->d + PAGE * pg->n++, d + i * PAGE, PAGE);
	free(d);
	return 0;
}

/* ---- raw calls -------------------------------------------------------- */

struct raw {
	const char *algo;
	enum sm_kernel_id kernel;
	void *state;		/* lz4 / lz4hc state */
	uint16_t *lzo_dict;
	ZSTD_CCtx *zc;
	ZSTD_DCtx *zd;
	ZSTD_parameters zp;
	z_stream dc, di;
	size_t n;
	uint8_t *scratch;	/* one output buffer, like zram's */
	uint8_t **out;		/* each page compressed, for the loads */
	size_t *len;
};

static size_t raw_compress(struct raw *r, const uint8_t *src, uint8_t *dst)
{
	const char *a = r->algo;

	if (!strcmp(a, "lz4"))
		return (size_t)LZ4_compress_fast_extState(
			r->state, (const char *)src, (char *)dst, PAGE,
			SM_ZCOMP_DST_MAX, 1);
	if (!strcmp(a, "lz4hc"))
		return (size_t)LZ4_compress_HC_extStateHC(
			r->state, (const char *)src, (char *)dst, PAGE,
			SM_ZCOMP_DST_MAX, 9);
	if (!strcmp(a, "zstd"))
		return ZSTD_compress_advanced(r->zc, dst, SM_ZCOMP_DST_MAX, src,
					      PAGE, NULL, 0, r->zp);
	if (!strcmp(a, "deflate")) {
		deflateReset(&r->dc);
		r->dc.next_in = (Bytef *)(uintptr_t)src;
		r->dc.avail_in = PAGE;
		r->dc.next_out = dst;
		r->dc.avail_out = SM_ZCOMP_DST_MAX;
		deflate(&r->dc, Z_FINISH);
		return r->dc.total_out;
	}
	return sm_zram_lzo1x_1_compress(src, PAGE, dst, r->lzo_dict,
					!strcmp(a, "lzo-rle"));
}

static void raw_decompress(struct raw *r, const uint8_t *src, size_t len,
			   uint8_t *dst)
{
	const char *a = r->algo;
	size_t out = PAGE;

	if (!strcmp(a, "lz4") || !strcmp(a, "lz4hc")) {
		LZ4_decompress_safe((const char *)src, (char *)dst, (int)len,
				    PAGE);
	} else if (!strcmp(a, "zstd")) {
		ZSTD_decompressDCtx(r->zd, dst, PAGE, src, len);
	} else if (!strcmp(a, "deflate")) {
		inflateReset(&r->di);
		r->di.next_in = (Bytef *)(uintptr_t)src;
		r->di.avail_in = (uInt)len;
		r->di.next_out = dst;
		r->di.avail_out = PAGE;
		inflate(&r->di, Z_FINISH);
	} else {
		sm_zram_lzo1x_decompress(src, len, dst, &out);
	}
}

static void raw_init(struct raw *r, const char *algo, enum sm_kernel_id k,
		     size_t n)
{
	memset(r, 0, sizeof(*r));
	r->algo = algo;
	r->kernel = k;
	r->state = malloc((size_t)(LZ4_sizeofStateHC() > LZ4_sizeofState() ?
					   LZ4_sizeofStateHC() :
					   LZ4_sizeofState()));
	r->lzo_dict = calloc(SM_LZO_DICT_ENTRIES, sizeof(uint16_t));
	r->zc = ZSTD_createCCtx();
	r->zd = ZSTD_createDCtx();
	r->zp = ZSTD_getParams(3, k == SM_KERNEL_6_1 ? 0 : PAGE, 0);
	deflateInit2(&r->dc, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -11, 8,
		     Z_DEFAULT_STRATEGY);
	inflateInit2(&r->di, -11);
	r->scratch = malloc(SM_ZCOMP_DST_MAX);
	r->out = calloc(n, sizeof(*r->out));
	r->len = calloc(n, sizeof(size_t));
	r->n = n;
}

static void raw_free(struct raw *r)
{
	free(r->state);
	free(r->lzo_dict);
	ZSTD_freeCCtx(r->zc);
	ZSTD_freeDCtx(r->zd);
	deflateEnd(&r->dc);
	inflateEnd(&r->di);
	for (size_t i = 0; i < r->n; i++)
		free(r->out[i]);
	free(r->scratch);
	free(r->out);
	free(r->len);
}

/* the loads read each page's own compressed bytes */
static void raw_prepare(struct raw *r, const struct pages *pg)
{
	for (size_t i = 0; i < pg->n; i++) {
		r->len[i] = raw_compress(r, pg->d + i * PAGE, r->scratch);
		r->out[i] = malloc(r->len[i]);
		memcpy(r->out[i], r->scratch, r->len[i]);
	}
}

#define CHUNK 64

struct timing {
	double raw_store, zram_store, raw_load, zram_load;	/* ns */
};

/*
 * One run over every page, raw call and zram alternating every CHUNK
 * pages so both see the same machine load; a fresh device each run.
 */
static int time_run(struct raw *r, const struct pages *pg, struct timing *t)
{
	struct sm_zram_options o = { .all_algorithms = true };
	struct sm_zram_ctl *ctl;
	struct sm_zram *d;
	uint8_t page[PAGE];
	char v[64];

	memset(t, 0, sizeof(*t));
	if (sm_zram_ctl_create(r->kernel, &o, &ctl))
		return -1;
	d = sm_zram_ctl_dev(ctl, 0);
	snprintf(v, sizeof(v), "%s\n", r->algo);
	if (sm_zram_attr_write(d, "comp_algorithm", v, strlen(v)) < 0) {
		sm_zram_ctl_destroy(ctl);
		return -1;
	}
	snprintf(v, sizeof(v), "%zu\n", pg->n * PAGE);
	if (sm_zram_attr_write(d, "disksize", v, strlen(v)) < 0) {
		sm_zram_ctl_destroy(ctl);
		return -1;
	}
	for (size_t c = 0; c < pg->n; c += CHUNK) {
		size_t e = c + CHUNK < pg->n ? c + CHUNK : pg->n;
		double t0 = now(), t1, t2;

		for (size_t i = c; i < e; i++)
			raw_compress(r, pg->d + i * PAGE, r->scratch);
		t1 = now();
		for (size_t i = c; i < e; i++)
			sm_zram_write(d, i, pg->d + i * PAGE);
		t2 = now();
		t->raw_store += t1 - t0;
		t->zram_store += t2 - t1;
	}
	for (size_t c = 0; c < pg->n; c += CHUNK) {
		size_t e = c + CHUNK < pg->n ? c + CHUNK : pg->n;
		double t0 = now(), t1, t2;

		for (size_t i = c; i < e; i++)
			raw_decompress(r, r->out[i], r->len[i], page);
		t1 = now();
		for (size_t i = c; i < e; i++)
			sm_zram_read(d, i, page);
		t2 = now();
		t->raw_load += t1 - t0;
		t->zram_load += t2 - t1;
	}
	sm_zram_ctl_destroy(ctl);
	return 0;
}

static void speed(const struct pages *pg)
{
	static const struct {
		const char *algo;
		enum sm_kernel_id k;
	} runs[] = {
		{ "lzo", SM_KERNEL_6_1 },     { "lzo-rle", SM_KERNEL_6_1 },
		{ "lz4", SM_KERNEL_6_12 },    { "lz4hc", SM_KERNEL_6_12 },
		{ "zstd", SM_KERNEL_6_12 },   { "deflate", SM_KERNEL_6_12 },
	};

	int reps = bench_quick ? 1 : REPS;

	printf("per 4 KiB page, %zu pages (%s, no same-filled), "
	       "best of %d, CPU time\n", pg->n,
	       bench_quick ? "text" : "text+mixed+elf", reps);
	printf("%-8s %12s %12s %7s   %12s %12s %7s\n", "algo",
	       "zram store", "raw compress", "ratio", "zram load",
	       "raw decomp", "ratio");
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct raw r;
		double zs, zl, rs, rl;

		raw_init(&r, runs[i].algo, runs[i].k, pg->n);
		raw_prepare(&r, pg);
		zs = zl = rs = rl = 1e30;
		for (int rep = 0; rep < reps; rep++) {
			struct timing t;

			if (time_run(&r, pg, &t)) {
				bench_fail("%s: a zram device could not be "
					   "set up", runs[i].algo);
				break;
			}
			rs = t.raw_store < rs ? t.raw_store : rs;
			zs = t.zram_store < zs ? t.zram_store : zs;
			rl = t.raw_load < rl ? t.raw_load : rl;
			zl = t.zram_load < zl ? t.zram_load : zl;
		}
		raw_free(&r);
		rs /= (double)pg->n;
		zs /= (double)pg->n;
		rl /= (double)pg->n;
		zl /= (double)pg->n;
		printf("%-8s %9.0f ns %9.0f ns %6.2fx   %9.0f ns %9.0f ns "
		       "%6.2fx\n", runs[i].algo, zs, rs, zs / rs, zl, rl,
		       zl / rl);
	}
}

/* ---- allocator overhead against the kernel's ------------------------- */

static bool kernel_mm(const char *dir, const char *ver, const char *algo,
		      const char *file, unsigned long long mm[9])
{
	char path[4200], line[512], key[128];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/linux-%s-%s.txt", dir, ver, algo);
	snprintf(key, sizeof(key), "ZRAM %s %s mm_stat: ", file, algo);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, key, strlen(key)) &&
			sscanf(line + strlen(key),
			       "%llu %llu %llu %llu %llu %llu %llu %llu %llu",
			       &mm[0], &mm[1], &mm[2], &mm[3], &mm[4], &mm[5],
			       &mm[6], &mm[7], &mm[8]) == 9;
	fclose(f);
	return found;
}

static int overhead_rows;

static void overhead_one(const char *dir, const char *elf, const char *ver,
			 enum sm_kernel_id k, const char *algo,
			 const char *file)
{
	struct sm_zram_options o = { .all_algorithms = true };
	unsigned long long mm[9];
	struct sm_zram_stats st;
	struct sm_zram_ctl *ctl;
	struct sm_zram *d;
	size_t len;
	uint8_t *data;
	char v[64];

	if (!kernel_mm(dir, ver, algo, file, mm) || !mm[1])
		return;
	data = zram_data_make(file, elf, &len);
	if (!data || sm_zram_ctl_create(k, &o, &ctl)) {
		free(data);
		return;
	}
	d = sm_zram_ctl_dev(ctl, 0);
	snprintf(v, sizeof(v), "%s\n", algo);
	sm_zram_attr_write(d, "comp_algorithm", v, strlen(v));
	sm_zram_attr_write(d, "disksize", "256M\n", 5);
	for (size_t i = 0; i < len / PAGE; i++)
		sm_zram_write(d, i, data + i * PAGE);
	sm_zram_get_stats(d, &st);
	overhead_rows++;
	printf("%-5s %-8s %-10s %8.4f %8.4f %+8.4f\n", ver, algo, file,
	       (double)st.mem_used_total / (double)st.compr_data_size,
	       (double)mm[2] / (double)mm[1],
	       (double)st.mem_used_total / (double)st.compr_data_size -
		       (double)mm[2] / (double)mm[1]);
	sm_zram_ctl_destroy(ctl);
	free(data);
}

static void overhead(const char *dir, const char *elf)
{
	static const char *const files[] = { "text.bin", "mixed.bin",
					     "elf.bin" };
	static const struct {
		const char *ver;
		enum sm_kernel_id k;
		const char *algos[7];
	} kernels[] = {
		{ "6.1", SM_KERNEL_6_1, { "lzo", "lzo-rle", "lz4", "lz4hc",
					  "zstd", "deflate", NULL } },
		{ "6.12", SM_KERNEL_6_12, { "lz4", "lz4hc", "zstd", "deflate",
					    NULL } },
		{ "7.2", SM_KERNEL_7_2, { "lz4", "lz4hc", "zstd", "deflate",
					  NULL } },
	};

	printf("\nmem_used_total / compr_data_size (zsmalloc overhead)\n");
	printf("%-5s %-8s %-10s %8s %8s %8s\n", "ver", "algo", "file",
	       "socmem", "kernel", "diff");
	for (size_t k = bench_quick ? 1 : 0; k < (bench_quick ? 2 : 3); k++)
		for (size_t a = 0; kernels[k].algos[a]; a++)
			for (size_t f = 0; f < (bench_quick ? 1 : 3); f++)
				overhead_one(dir, elf, kernels[k].ver,
					     kernels[k].k, kernels[k].algos[a],
					     files[f]);
	if (!overhead_rows)
		bench_fail("%s: no kernel figure to compare with", dir);
}

int main(int argc, char **argv)
{
	char oracle[4096], elf[4096];
	struct pages pg = { NULL, 0 };

	bench_init(&argc, &argv);
	if (argc != 2) {
		fprintf(stderr, "usage: %s [--quick] SOURCE_DIR\n", argv[0]);
		return 2;
	}
	snprintf(oracle, sizeof(oracle), "%s/tests/zram/oracle", argv[1]);
	snprintf(elf, sizeof(elf), "%s/tests/zram/data/elf.bin.zst", argv[1]);
	if (add_file(&pg, "text.bin", elf) ||
	    (!bench_quick && (add_file(&pg, "mixed.bin", elf) ||
			      add_file(&pg, "elf.bin", elf)))) {
		fprintf(stderr, "%s: cannot make the oracle data\n", argv[0]);
		return 1;
	}
	speed(&pg);
	overhead(oracle, elf);
	free(pg.d);
	return bench_status();
}
