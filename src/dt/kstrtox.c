// SPDX-License-Identifier: MIT
/*
 * kstrtox.c - numbers as the kernel reads them from its command line and
 * from sysfs writes. lib/vsprintf.c's simple_strtoull() picks the base
 * from the prefix ("0x" hex, leading "0" octal, else decimal), stops at
 * the first character that is not a digit, and wraps on overflow;
 * lib/cmdline.c's memparse() then takes one optional K/M/G/T/P/E suffix
 * (either case). lib/kstrtox.c's kstrtoull() is the strict one: the whole
 * string (one trailing newline aside) or -EINVAL, -ERANGE on overflow.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include <socmem/dt.h>

static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return (unsigned int)(c - 'a' + 10);
	return 16;
}

/* _parse_integer_fixup_radix(): base 0 guesses, base 16 skips "0x" */
static const char *fixup_radix(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0') {
			if (tolower((unsigned char)s[1]) == 'x' &&
			    isxdigit((unsigned char)s[2]))
				*base = 16;
			else
				*base = 8;
		} else {
			*base = 10;
		}
	}
	if (*base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x')
		s += 2;
	return s;
}

/*
 * _parse_integer(): the digits of @base at @s (the radix already fixed
 * up); @overflow (may be NULL) is set when they do not fit 64 bits
 */
static uint64_t parse_digits(const char *s, const char **end,
			     unsigned int base, bool *overflow)
{
	uint64_t v = 0;

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

uint64_t sm_dt_simple_strtoull(const char *s, const char **end,
			       unsigned int base)
{
	s = fixup_radix(s, &base);
	return parse_digits(s, end, base, NULL);
}

/*
 * 6.x wraps on overflow; 7.x's parser saturates to ULLONG_MAX instead
 * (seen in the 7.2 logs: cma=17E and cma=99999999999999999999 both act
 * as if cma= were absent, which is what ULLONG_MAX means there).
 */
uint64_t sm_dt_memparse_sat(const char *s, const char **end, bool saturate)
{
	bool overflow = false;
	const char *e;
	unsigned int base = 0, shift = 0;
	uint64_t v;

	s = fixup_radix(s, &base);
	v = parse_digits(s, &e, base, &overflow);

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

uint64_t sm_dt_memparse(const char *s, const char **end)
{
	return sm_dt_memparse_sat(s, end, false);
}

int sm_dt_kstrtoull(const char *s, unsigned int base, uint64_t *res)
{
	bool overflow = false;
	const char *digits, *end;
	uint64_t v;

	if (s[0] == '+')
		s++;
	digits = fixup_radix(s, &base);
	v = parse_digits(digits, &end, base, &overflow);
	if (end == digits)
		return -EINVAL;
	if (overflow)
		return -ERANGE;
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;
	*res = v;
	return 0;
}
