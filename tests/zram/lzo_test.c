// SPDX-License-Identifier: MIT
/*
 * lzo_test.c - the kernel LZO1X-1 and lzo-rle compressors written in
 * src/zram/comp/lzo.c, cross-checked page by page with an independent
 * decoder: liblzo2's lzo1x_decompress_safe().
 *
 * lzo-rle streams carry a version header and zero-run instructions that
 * liblzo2 does not know. The test rewrites them (transcode()): the
 * header is dropped and each zero run of L bytes becomes an ordinary M4
 * match of L bytes at distance 0xbfff, which liblzo2's
 * lzo1x_decompress_dict_safe() resolves against a dictionary of 0xbfff
 * zero bytes. Everything else in the stream is passed through as is, so
 * liblzo2 still decodes every literal and every match the compressor
 * wrote.
 *
 * Data: every page of the oracle files (text, random, mixed, elf), plus
 * pages built to hit the edges (zero runs of 4..2051 bytes and longer,
 * runs at the page end, all-zero pages, 1..3 trailing literals) and
 * large inputs (256 KiB) that need M4 matches and several blocks.
 *
 * Usage: lzo_test ELF_ZST
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lzo/lzo1x.h>

#include "../../src/zram/internal.h"
#include "../test.h"
#include "zram_data.h"

#define PAGE 4096
#define RLE_DIST 0xbfff

static uint16_t dict[SM_LZO_DICT_ENTRIES];
static uint8_t zero_dict[RLE_DIST];

struct walk {
	const uint8_t *ip, *end;
	uint8_t *op;
};

static void copy_n(struct walk *w, size_t n)
{
	memcpy(w->op, w->ip, n);
	w->op += n;
	w->ip += n;
}

/* A length field: zero bytes then one non-zero byte, copied. */
static size_t copy_ext(struct walk *w)
{
	size_t zeros = 0;

	while (w->ip < w->end && *w->ip == 0) {
		*w->op++ = *w->ip++;
		zeros++;
	}
	*w->op++ = *w->ip++;
	return zeros;
}

/* An M4 match of @len at distance 0xbfff, state @s, in plain LZO1X */
static void emit_m4(struct walk *w, size_t len, unsigned int s)
{
	if (len <= 9) {
		*w->op++ = (uint8_t)(0x18 | (len - 2));
	} else {
		*w->op++ = 0x18;
		for (len -= 9; len > 255; len -= 255)
			*w->op++ = 0;
		*w->op++ = (uint8_t)len;
	}
	*w->op++ = (uint8_t)(0xfc | s);
	*w->op++ = 0xff;
}

/* One instruction; Return: its trailing literal count, or -1 at end */
static int step(struct walk *w, unsigned int *state)
{
	unsigned int t = *w->ip, s;
	size_t len;

	if (t < 16 && *state == 0) {
		*w->op++ = *w->ip++;
		len = t ? t + 3 : 18 + 255 * copy_ext(w) + w->ip[-1];
		copy_n(w, len);
		*state = 4;
		return 0;
	}
	if (t < 16 || t >= 64) {
		s = t & 3;
		copy_n(w, 2);
	} else if (t >= 32) {
		*w->op++ = *w->ip++;
		if (!(t & 31))
			copy_ext(w);
		s = w->ip[0] & 3;
		copy_n(w, 2);
	} else if ((w->ip[1] & 0xfc) == 0xfc && w->ip[2] == 0xff &&
		   (t & 0xf8) == 0x18) {
		len = ((t & 7) | ((size_t)w->ip[3] << 3)) + 4;
		s = w->ip[1] & 3;
		w->ip += 4;
		emit_m4(w, len, s);
	} else {
		bool eof;

		*w->op++ = *w->ip++;
		if (!(t & 7))
			copy_ext(w);
		s = w->ip[0] & 3;
		eof = !(t & 8) && !((w->ip[0] | w->ip[1] << 8) >> 2);
		copy_n(w, 2);
		if (eof)
			return -1;
	}
	*state = s;
	copy_n(w, s);
	return (int)s;
}

/* lzo-rle stream -> plain LZO1X stream with zero runs as far matches */
static size_t transcode(const uint8_t *in, size_t len, uint8_t *out)
{
	struct walk w = { in + 2, in + len, out };
	unsigned int state = 0;

	if (*w.ip > 17) {
		size_t t = *w.ip - 17u;

		copy_n(&w, 1 + t);
		state = t < 4 ? (unsigned int)t : 4;
	}
	while (w.ip < w.end && step(&w, &state) >= 0)
		;
	return (size_t)(w.op - out);
}

static size_t checked;

/* Compress @n bytes both ways; liblzo2 and our decoder must agree. */
static void cross_check(const uint8_t *src, size_t n)
{
	size_t cap = n + n / 16 + 64 + 3;
	uint8_t *c = malloc(cap), *t = malloc(cap + n / 4 + 64);
	uint8_t *back = malloc(n);
	lzo_uint back_len = n;
	size_t len, our_len;

	/* lzo: liblzo2 decodes it as is */
	len = sm_zram_lzo1x_1_compress(src, n, c, dict, false);
	CHECK(len <= cap);
	CHECK(lzo1x_decompress_safe(c, len, back, &back_len, NULL) ==
	      LZO_E_OK);
	CHECK(back_len == n && !memcmp(back, src, n));
	our_len = n;
	CHECK(!sm_zram_lzo1x_decompress(c, len, back, &our_len) && our_len == n &&
	      !memcmp(back, src, n));

	/* lzo-rle: liblzo2 decodes the transcoded stream */
	len = sm_zram_lzo1x_1_compress(src, n, c, dict, true);
	CHECK(len <= cap && c[0] == 17 && c[1] == 1);
	back_len = n;
	memset(back, 0xaa, n);
	CHECK(lzo1x_decompress_dict_safe(t, transcode(c, len, t), back,
					 &back_len, NULL, zero_dict,
					 RLE_DIST) == LZO_E_OK);
	CHECK(back_len == n && !memcmp(back, src, n));
	our_len = n;
	CHECK(!sm_zram_lzo1x_decompress(c, len, back, &our_len) && our_len == n &&
	      !memcmp(back, src, n));
	checked++;
	free(c);
	free(t);
	free(back);
}

static const char *elf_path;

static void lzo_oracle_pages_liblzo2(void)
{
	static const char *const files[] = { "text.bin", "random.bin",
					     "mixed.bin", "elf.bin" };

	for (size_t f = 0; f < 4; f++) {
		size_t len;
		uint8_t *d = zram_data_make(files[f], elf_path, &len);

		CHECK(d != NULL);
		for (size_t p = 0; d && p < len / PAGE; p++)
			cross_check(d + p * PAGE, PAGE);
		free(d);
	}
}

/* Zero runs of every length class, at every kind of position. */
static void lzo_rle_zero_runs_liblzo2(void)
{
	uint8_t page[PAGE];
	uint64_t s = 0x1234;

	for (size_t run = 1; run < PAGE; run = run < 64 ? run + 1 : run * 2) {
		for (size_t at = 0; at + run <= PAGE; at += PAGE / 4 + 7) {
			for (size_t i = 0; i < PAGE; i++) {
				s = s * 6364136223846793005ull + 1;
				page[i] = (uint8_t)(s >> 56) | 1;
			}
			memset(page + at, 0, run);
			cross_check(page, PAGE);
		}
	}
	memset(page, 0, PAGE);
	cross_check(page, PAGE);		/* one long run */
	for (int tail = 1; tail <= 3; tail++) {
		page[PAGE - tail] = 0x5a;	/* 1..3 trailing literals */
		cross_check(page, PAGE);
	}
}

/* Inputs beyond one page: M4 matches (distance > 16 KiB), blocks. */
static void lzo_large_inputs_liblzo2(void)
{
	size_t n = 256 * 1024;
	uint8_t *buf = malloc(n);
	uint64_t s = 99;

	for (size_t i = 0; i < n; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		buf[i] = (uint8_t)(s >> 60);	/* 16 symbols: many matches */
	}
	for (size_t i = 40000; i < n; i += 53000)	/* far repeats */
		memcpy(buf + i, buf + i - 30000, 600);
	cross_check(buf, n);
	for (size_t len = 0; len < 64; len++)	/* tiny inputs */
		cross_check(buf, len);
	free(buf);
}

int main(int argc, char **argv)
{
	if (argc != 2 || lzo_init() != LZO_E_OK)
		return 2;
	elf_path = argv[1];
	RUN(lzo_oracle_pages_liblzo2);
	RUN(lzo_rle_zero_runs_liblzo2);
	RUN(lzo_large_inputs_liblzo2);
	fprintf(stderr, "%zu inputs cross-checked\n", checked);
	return test_done();
}
