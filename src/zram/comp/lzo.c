// SPDX-License-Identifier: MIT
/*
 * lzo.c - the Linux kernel's LZO1X-1 compressor and its lzo-rle variant,
 * which zram's "lzo" and "lzo-rle" backends call (lib/lzo/lzo1x_compress.c
 * of 6.1 and 6.12, identical), written anew from its behaviour.
 *
 * The kernel's LZO is not liblzo2's: it starts probing at the 5th byte,
 * skips ahead faster over literal runs (1 + run/32), measures matches
 * eight bytes at a time the way an arm64 or x86-64 build does, and
 * lzo-rle adds a bitstream version header (17, 1) and encodes runs of
 * four or more zero bytes as one 4-byte instruction. Those choices
 * change the bytes it emits, so compressed sizes only match the
 * kernel's if every one of them is kept.
 *
 * Stream layout (all multi-byte fields little-endian):
 *   literal run  0000LLLL (len-3, 0 = extended) | literals
 *   M2 match     LLLDDDSS DDDDDDDD            len 3..8, distance 1..2048
 *   M3 match     001LLLLL [ext] DDDDDDSS DDDDDDDD   distance 1..16384
 *   M4 match     0001HLLL [ext] DDDDDDSS DDDDDDDD   distance 16385..49151
 *   zero run     00011RRR 111111SS 111RRR11... (lzo-rle only, 4 bytes)
 *   end          00010001 00000000 00000000
 * SS: 0..3 literals that follow an instruction, stored in the low bits
 * of the byte at state_off from the end (-2 after a match, -3 after a
 * zero run).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

#define M2_MAX_LEN 8
#define M2_MAX_OFFSET 0x0800
#define M3_MAX_LEN 33
#define M3_MAX_OFFSET 0x4000
#define M4_MAX_LEN 9
#define M3_MARKER 32
#define M4_MARKER 16
#define M4_MAX_OFFSET_V0 0xbfff
#define M4_MAX_OFFSET_V1 0xbffe
#define MIN_ZERO_RUN 4
#define MAX_ZERO_RUN (2047 + MIN_ZERO_RUN)
#define D_BITS 13
#define D_MASK ((1u << D_BITS) - 1)

static inline uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t load_le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

/* The compressor's output cursor and where trailing literals go. */
struct lzo_out {
	uint8_t *op;
	int state_off;		/* -2 after a match, -3 after a zero run */
};

/* A literal run of @t bytes from @src, after the previous instruction. */
static void put_literals(struct lzo_out *o, const uint8_t *src, size_t t)
{
	if (t <= 3) {
		o->op[o->state_off] |= (uint8_t)t;
	} else if (t <= 18) {
		*o->op++ = (uint8_t)(t - 3);
	} else {
		size_t tt = t - 18;

		*o->op++ = 0;
		for (; tt > 255; tt -= 255)
			*o->op++ = 0;
		*o->op++ = (uint8_t)tt;
	}
	memcpy(o->op, src, t);
	o->op += t;
}

/* Length bytes of an extended M3/M4 length: zeros for each 255, then rest */
static void put_ext_len(struct lzo_out *o, size_t len)
{
	for (; len > 255; len -= 255)
		*o->op++ = 0;
	*o->op++ = (uint8_t)len;
}

/* A match of @len bytes at distance @off; may shorten @len (lzo-rle) */
static size_t put_match(struct lzo_out *o, size_t len, size_t off, bool rle)
{
	if (len <= M2_MAX_LEN && off <= M2_MAX_OFFSET) {
		off -= 1;
		*o->op++ = (uint8_t)(((len - 1) << 5) | ((off & 7) << 2));
		*o->op++ = (uint8_t)(off >> 3);
	} else if (off <= M3_MAX_OFFSET) {
		off -= 1;
		if (len <= M3_MAX_LEN) {
			*o->op++ = (uint8_t)(M3_MARKER | (len - 2));
		} else {
			*o->op++ = M3_MARKER;
			put_ext_len(o, len - M3_MAX_LEN);
		}
		*o->op++ = (uint8_t)(off << 2);
		*o->op++ = (uint8_t)(off >> 6);
	} else {
		off -= 0x4000;
		if (len <= M4_MAX_LEN) {
			*o->op++ = (uint8_t)(M4_MARKER | ((off >> 11) & 8) |
					     (len - 2));
		} else {
			/*
			 * lzo-rle: these lengths and distances would read
			 * as a zero run; the kernel cuts the match to 260.
			 */
			if (rle && (off & 0x403f) == 0x403f && len >= 261 &&
			    len <= 264)
				len = 260;
			*o->op++ = (uint8_t)(M4_MARKER | ((off >> 11) & 8));
			put_ext_len(o, len - M4_MAX_LEN);
		}
		*o->op++ = (uint8_t)(off << 2);
		*o->op++ = (uint8_t)(off >> 6);
	}
	o->state_off = -2;
	return len;
}

/* Zero bytes at @ip (the first four known zero), at most up to @limit. */
static size_t zero_run(const uint8_t *ip, const uint8_t *limit)
{
	const uint8_t *ir = ip + 4;

	while (ir < limit && *ir == 0)
		ir++;
	return (size_t)(ir - ip) > MAX_ZERO_RUN ? MAX_ZERO_RUN :
						  (size_t)(ir - ip);
}

/* Length of the match at @ip against @m_pos, eight bytes at a time. */
static size_t match_len(const uint8_t *ip, const uint8_t *m_pos,
			const uint8_t *ip_end)
{
	size_t len = 4;
	uint64_t v = load_le64(ip + len) ^ load_le64(m_pos + len);

	while (v == 0) {
		len += 8;
		v = load_le64(ip + len) ^ load_le64(m_pos + len);
		if (ip + len >= ip_end)
			return len;
	}
	return len + (unsigned int)__builtin_ctzll(v) / 8;
}

/*
 * One block of at most 0xc000 bytes. @ti literals before @in are still
 * pending; returns how many are pending at the end.
 */
static size_t compress_block(const uint8_t *in, size_t in_len, size_t ti,
			     struct lzo_out *o, uint16_t *dict, bool rle)
{
	const uint8_t *const in_end = in + in_len;
	const uint8_t *const ip_end = in + in_len - 20;
	const uint8_t *ii = in;
	const uint8_t *ip = in + (ti < 4 ? 4 - ti : 0);

	for (;;) {
		const uint8_t *m_pos = NULL;
		size_t run = 0, len;
		uint32_t dv;

		ip += 1 + ((size_t)(ip - ii) >> 5);
next:
		run = 0;
		if (ip >= ip_end)
			break;
		dv = load_le32(ip);
		if (dv == 0 && rle) {
			const uint8_t *limit = ip + MAX_ZERO_RUN + 1;

			run = zero_run(ip, limit < ip_end ? limit : ip_end);
		} else {
			uint32_t h = ((dv * 0x1824429du) >> (32 - D_BITS)) &
				     D_MASK;

			m_pos = in + dict[h];
			dict[h] = (uint16_t)(ip - in);
			if (dv != load_le32(m_pos))
				continue;
		}
		ii -= ti;
		ti = 0;
		if (ip != ii)
			put_literals(o, ii, (size_t)(ip - ii));
		if (run) {
			uint32_t r = (uint32_t)(run - MIN_ZERO_RUN);
			uint32_t w = (r << 21) | 0xfffc18u | (r & 7);

			ip += run;
			o->op[0] = (uint8_t)w;
			o->op[1] = (uint8_t)(w >> 8);
			o->op[2] = (uint8_t)(w >> 16);
			o->op[3] = (uint8_t)(w >> 24);
			o->op += 4;
			o->state_off = -3;
			ii = ip;
			goto next;
		}
		len = match_len(ip, m_pos, ip_end);
		len = put_match(o, len, (size_t)(ip - m_pos), rle);
		ip += len;
		ii = ip;
		goto next;
	}
	return (size_t)(in_end - (ii - ti));
}

/* The literals left at the end, then the end-of-stream instruction. */
static void finish(struct lzo_out *o, const uint8_t *data_start,
		   const uint8_t *tail, size_t t)
{
	if (t > 0) {
		if (o->op == data_start && t <= 238) {
			*o->op++ = (uint8_t)(17 + t);
			memcpy(o->op, tail, t);
			o->op += t;
		} else {
			put_literals(o, tail, t);
		}
	}
	*o->op++ = M4_MARKER | 1;
	*o->op++ = 0;
	*o->op++ = 0;
}

/*
 * sm_zram_lzo1x_1_compress() - lzo1x_1_compress() / lzorle1x_1_compress()
 * @dict: SM_LZO_DICT_ENTRIES entries of scratch
 * @out: room for in_len + in_len / 16 + 64 + 3 bytes
 * Return: the compressed length.
 */
size_t sm_zram_lzo1x_1_compress(const uint8_t *in, size_t in_len, uint8_t *out,
				uint16_t *dict, bool rle)
{
	struct lzo_out o = { .op = out, .state_off = -2 };
	size_t max_off = rle ? M4_MAX_OFFSET_V1 : M4_MAX_OFFSET_V0;
	const uint8_t *ip = in;
	const uint8_t *data_start;
	size_t l = in_len, t = 0;

	if (rle) {
		*o.op++ = 17;	/* v0 never starts with 17: a version tag */
		*o.op++ = 1;
	}
	data_start = o.op;
	while (l > 20) {
		size_t ll = l < max_off + 1 ? l : max_off + 1;

		memset(dict, 0, SM_LZO_DICT_ENTRIES * sizeof(*dict));
		t = compress_block(ip, ll, t, &o, dict, rle);
		ip += ll;
		l -= ll;
	}
	t += l;
	finish(&o, data_start, in + in_len - t, t);
	return (size_t)(o.op - out);
}

/* ---- the "lzo" and "lzo-rle" backends -------------------------------- */

static int lzo_create(struct sm_zcomp *c)
{
	c->ctx = calloc(SM_LZO_DICT_ENTRIES, sizeof(uint16_t));
	return c->ctx ? 0 : -ENOMEM;
}

static void lzo_destroy(struct sm_zcomp *c)
{
	free(c->ctx);
}

static int lzo_compress(struct sm_zcomp *c, const void *src, void *dst,
			size_t *dst_len)
{
	*dst_len = sm_zram_lzo1x_1_compress(src, ZRAM_PAGE_SIZE, dst, c->ctx,
					    false);
	return 0;
}

static int lzorle_compress(struct sm_zcomp *c, const void *src, void *dst,
			   size_t *dst_len)
{
	*dst_len = sm_zram_lzo1x_1_compress(src, ZRAM_PAGE_SIZE, dst, c->ctx,
					    true);
	return 0;
}

static int lzo_decompress(struct sm_zcomp *c, const void *src,
			  size_t src_len, void *dst)
{
	size_t len = ZRAM_PAGE_SIZE;

	if (sm_zram_lzo1x_decompress(src, src_len, dst, &len) ||
	    len != ZRAM_PAGE_SIZE)
		return -EINVAL;
	return 0;
}

const struct zcomp_ops zcomp_lzo_ops = {
	.name = "lzo",
	.create = lzo_create,
	.destroy = lzo_destroy,
	.compress = lzo_compress,
	.decompress = lzo_decompress,
};

const struct zcomp_ops zcomp_lzorle_ops = {
	.name = "lzo-rle",
	.create = lzo_create,
	.destroy = lzo_destroy,
	.compress = lzorle_compress,
	.decompress = lzo_decompress,
};
