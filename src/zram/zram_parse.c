// SPDX-License-Identifier: MIT
/*
 * zram_parse.c - the kernel's parsers that zram's attributes use, with
 * their exact acceptance rules and errnos: memparse() (lib/cmdline.c),
 * the kstrto*() family (lib/kstrtox.c: optional '+', base prefix for base
 * 0 or 16, one trailing newline allowed, -EINVAL for anything else,
 * -ERANGE on overflow), kstrtobool(), sysfs_streq() and next_arg().
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

static unsigned int digit_val(char c)
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

/* simple_strtoull(): stops at the first non-digit, wraps on overflow */
static uint64_t simple_strtoull(const char *s, const char **end,
				unsigned int base)
{
	uint64_t v = 0;
	unsigned int d;

	s = fixup_radix(s, &base);
	while ((d = digit_val(*s)) < base) {
		v = v * base + d;
		s++;
	}
	if (end)
		*end = s;
	return v;
}

uint64_t zram_memparse(const char *s, const char **end)
{
	const char *e;
	uint64_t v = simple_strtoull(s, &e, 0);
	unsigned int shift = 0;

	switch (*e) {
	case 'E': case 'e': shift = 60; break;
	case 'P': case 'p': shift = 50; break;
	case 'T': case 't': shift = 40; break;
	case 'G': case 'g': shift = 30; break;
	case 'M': case 'm': shift = 20; break;
	case 'K': case 'k': shift = 10; break;
	default: break;
	}
	if (shift) {
		v <<= shift;
		e++;
	}
	if (end)
		*end = e;
	return v;
}

int zram_kstrtoull(const char *s, unsigned int base, uint64_t *res)
{
	uint64_t v = 0;
	unsigned int d;
	const char *p;

	if (s[0] == '+')
		s++;
	p = s = fixup_radix(s, &base);
	while ((d = digit_val(*p)) < base) {
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
		p++;
	}
	if (p == s)
		return -EINVAL;
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;
	*res = v;
	return 0;
}

int zram_kstrtoll(const char *s, unsigned int base, int64_t *res)
{
	uint64_t v;
	int err;

	if (s[0] == '-') {
		err = zram_kstrtoull(s + 1, base, &v);
		if (err)
			return err;
		if (v > (uint64_t)INT64_MAX + 1)
			return -ERANGE;
		*res = (int64_t)(0 - v);
		return 0;
	}
	err = zram_kstrtoull(s, base, &v);
	if (err)
		return err;
	if (v > INT64_MAX)
		return -ERANGE;
	*res = (int64_t)v;
	return 0;
}

int zram_kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	uint64_t v;
	int err = zram_kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

int zram_kstrtoint(const char *s, unsigned int base, int *res)
{
	int64_t v;
	int err = zram_kstrtoll(s, base, &v);

	if (err)
		return err;
	if (v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

int zram_kstrtou16(const char *s, unsigned int base, uint16_t *res)
{
	uint64_t v;
	int err = zram_kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > UINT16_MAX)
		return -ERANGE;
	*res = (uint16_t)v;
	return 0;
}

int zram_kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

/* Equal, ignoring one trailing newline on either side. */
bool zram_sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

char *zram_skip_spaces(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return (char *)(uintptr_t)s;
}

/* Strip the quotes around a value, as next_arg() does. */
static void unquote(char *args, size_t i, char **val, bool quoted)
{
	if (*val && **val == '"') {
		(*val)++;
		if (i > 0 && args[i - 1] == '"')
			args[i - 1] = '\0';
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
}

/*
 * next_arg(): split "param[=value]" off @args (words are separated by
 * white space outside double quotes); Return: the rest, spaces skipped.
 */
char *zram_next_arg(char *args, char **param, char **val)
{
	size_t i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (isspace((unsigned char)args[i]) && !in_quote)
			break;
		if (!equals && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	*val = NULL;
	if (equals) {
		args[equals] = '\0';
		*val = args + equals + 1;
	}
	unquote(args, i, val, quoted);
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return zram_skip_spaces(args);
}
