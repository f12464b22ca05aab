// SPDX-License-Identifier: MIT
/*
 * lzo_decompress.c - reading LZO1X streams and their lzo-rle extension
 * back into a page, with every length and distance checked (the
 * behaviour of the kernel's lib/lzo/lzo1x_decompress_safe.c, written
 * anew). The stream layout is described at the top of lzo.c.
 */
#include <stdint.h>
#include <string.h>

#include "../internal.h"

#define M2_MAX_OFFSET_DEC 0x0800

struct lzo_in {
	const uint8_t *ip;
	const uint8_t *ip_end;
	uint8_t *out;
	uint8_t *op;
	uint8_t *op_end;
	uint8_t version;
};

#define HAVE_IP(s, n) ((size_t)((s)->ip_end - (s)->ip) >= (size_t)(n))
#define HAVE_OP(s, n) ((size_t)((s)->op_end - (s)->op) >= (size_t)(n))

/* An extended length: one zero byte per 255, then a non-zero byte. */
static int ext_len(struct lzo_in *s, size_t base, size_t *len)
{
	size_t zeros = 0;

	while (HAVE_IP(s, 1) && *s->ip == 0) {
		s->ip++;
		if (++zeros > SIZE_MAX / 512)
			return -1;
	}
	if (!HAVE_IP(s, 1))
		return -1;
	*len = base + zeros * 255 + *s->ip++;
	return 0;
}

static int copy_literals(struct lzo_in *s, size_t t)
{
	if (!HAVE_IP(s, t) || !HAVE_OP(s, t))
		return -1;
	memcpy(s->op, s->ip, t);
	s->op += t;
	s->ip += t;
	return 0;
}

static int copy_match(struct lzo_in *s, size_t dist, size_t len)
{
	const uint8_t *m;

	if (dist > (size_t)(s->op - s->out) || dist == 0 || !HAVE_OP(s, len))
		return -1;
	m = s->op - dist;
	if (dist >= len) {
		memcpy(s->op, m, len);
		s->op += len;
		return 0;
	}
	while (len--)		/* overlapping: byte by byte */
		*s->op++ = *m++;
	return 0;
}

/*
 * One instruction whose first byte @t is 16..31: an M4 match, a zero run
 * (lzo-rle) or the end marker (returns 1).
 */
static int m4_or_run(struct lzo_in *s, size_t t, size_t *next)
{
	size_t len, dist, w;

	if (!HAVE_IP(s, 2))
		return -1;
	w = (size_t)s->ip[0] | (size_t)s->ip[1] << 8;
	if ((w & 0xfffc) == 0xfffc && (t & 0xf8) == 0x18 && s->version) {
		if (!HAVE_IP(s, 3))
			return -1;
		len = ((t & 7) | ((size_t)s->ip[2] << 3)) + 4;
		if (!HAVE_OP(s, len))
			return -1;
		memset(s->op, 0, len);
		s->op += len;
		s->ip += 3;
		*next = w & 3;
		return 0;
	}
	dist = (t & 8) << 11;
	len = (t & 7) + 2;
	if (len == 2) {
		if (ext_len(s, 9, &len) || !HAVE_IP(s, 2))
			return -1;
		w = (size_t)s->ip[0] | (size_t)s->ip[1] << 8;
	}
	s->ip += 2;
	dist += w >> 2;
	*next = w & 3;
	if (dist == 0)
		return len == 3 ? 1 : -1;
	return copy_match(s, dist + 0x4000, len);
}

/* One instruction after the first; Return: 0, 1 at the end, -1 bad. */
static int step(struct lzo_in *s, size_t *state)
{
	size_t t, len, dist, next;
	int r;

	if (!HAVE_IP(s, 1))
		return -1;
	t = *s->ip++;
	if (t < 16 && *state == 0) {
		len = t + 3;
		if (t == 0 && ext_len(s, 18, &len))
			return -1;
		*state = 4;
		return copy_literals(s, len);
	}
	if (!HAVE_IP(s, 1) && t < 64)
		return -1;
	if (t < 16) {
		/* after 1..3 literals: 2 bytes; after a run: 3, far */
		dist = 1 + (t >> 2) + ((size_t)*s->ip++ << 2);
		len = 2;
		if (*state == 4) {
			dist += M2_MAX_OFFSET_DEC;
			len = 3;
		}
		next = t & 3;
	} else if (t >= 64) {
		if (!HAVE_IP(s, 1))
			return -1;
		dist = 1 + ((t >> 2) & 7) + ((size_t)*s->ip++ << 3);
		len = (t >> 5) + 1;
		next = t & 3;
	} else if (t >= 32) {
		len = (t & 31) + 2;
		if (len == 2 && ext_len(s, 33, &len))
			return -1;
		if (!HAVE_IP(s, 2))
			return -1;
		next = (size_t)s->ip[0] | (size_t)s->ip[1] << 8;
		s->ip += 2;
		dist = 1 + (next >> 2);
		next &= 3;
	} else {
		r = m4_or_run(s, t, &next);
		if (r)
			return r;
		goto literals;
	}
	if (copy_match(s, dist, len))
		return -1;
literals:
	*state = next;
	return copy_literals(s, next);
}

/*
 * sm_zram_lzo1x_decompress() - decode @in into @out (capacity *@out_len)
 * Return: 0 with *@out_len set; -1 for a malformed or oversized stream.
 */
int sm_zram_lzo1x_decompress(const uint8_t *in, size_t in_len, uint8_t *out,
			     size_t *out_len)
{
	struct lzo_in s = {
		.ip = in, .ip_end = in + in_len,
		.out = out, .op = out, .op_end = out + *out_len,
	};
	size_t state = 0;
	int r;

	if (in_len < 3)
		return -1;
	if (in_len >= 5 && in[0] == 17) {
		s.version = in[1];
		s.ip += 2;
	}
	if (*s.ip > 17) {
		size_t t = (size_t)(*s.ip++ - 17);

		if (copy_literals(&s, t))
			return -1;
		state = t < 4 ? t : 4;
	}
	while ((r = step(&s, &state)) == 0)
		;
	if (r < 0 || s.ip != s.ip_end)
		return -1;
	*out_len = (size_t)(s.op - out);
	return 0;
}
