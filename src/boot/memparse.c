// SPDX-License-Identifier: MIT
/*
 * memparse.c - numbers on the kernel command line, as lib/cmdline.c and
 * lib/vsprintf.c read them: simple_strtoull() picks the base from the
 * prefix ("0x" hex, leading "0" octal, else decimal), stops at the first
 * character that is not a digit, and wraps on overflow; memparse() then
 * takes one optional K/M/G/T/P/E suffix (either case).
 */
#include <stdio.h>
#include <ctype.h>

#include "internal.h"

static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return (unsigned int)(c - 'a' + 10);
	return 16;
}

/* @overflow (may be NULL) is set when the digits do not fit 64 bits */
static uint64_t strtoull_ovf(const char *s, const char **end, unsigned int base,
			     bool *overflow)
{
	uint64_t v = 0;

	/* _parse_integer_fixup_radix() */
	if (base == 0) {
		if (s[0] == '0') {
			if (tolower((unsigned char)s[1]) == 'x' &&
			    isxdigit((unsigned char)s[2]))
				base = 16;
			else
				base = 8;
		} else {
			base = 10;
		}
	}
	if (base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x')
		s += 2;
	for (;; s++) {
		unsigned int d = digit_value(*s);

		if (d >= base)
			break;
		if (overflow && v > (UINT64_MAX - d) / base)
			*overflow = true;
		v = v * base + d; /* wraps, as the kernel's does */
	}
	if (end)
		*end = s;
	return v;
}

uint64_t sm_simple_strtoull(const char *s, const char **end, unsigned int base)
{
	return strtoull_ovf(s, end, base, NULL);
}

/*
 * 6.x wraps on overflow; 7.x's parser saturates to ULLONG_MAX instead
 * (seen in the 7.2 logs: cma=17E and cma=99999999999999999999 both act
 * as if cma= were absent, which is what ULLONG_MAX means there).
 */
uint64_t sm_memparse_sat(const char *s, const char **end, bool saturate)
{
	bool overflow = false;
	const char *e;
	uint64_t v = strtoull_ovf(s, &e, 0, &overflow);
	unsigned int shift = 0;

	switch (*e) {
	case 'E': case 'e': shift += 10; /* fall through */
	case 'P': case 'p': shift += 10; /* fall through */
	case 'T': case 't': shift += 10; /* fall through */
	case 'G': case 'g': shift += 10; /* fall through */
	case 'M': case 'm': shift += 10; /* fall through */
	case 'K': case 'k': shift += 10;
		e++;
		break;
	default:
		break;
	}
	if (end)
		*end = e;
	if (shift && v > (UINT64_MAX >> shift))
		overflow = true;
	if (saturate && overflow)
		return UINT64_MAX;
	return v << shift;
}

uint64_t sm_memparse(const char *s, const char **end)
{
	return sm_memparse_sat(s, end, false);
}
