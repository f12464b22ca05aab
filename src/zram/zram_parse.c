// SPDX-License-Identifier: MIT
/*
 * zram_parse.c - the kernel's parsers that zram's attributes use, with
 * their exact acceptance rules and errnos, beyond the shared ones of
 * src/dt/kstrtox.c (memparse, kstrtoull) and bootargs.c (next_arg): the
 * narrower kstrto*() (lib/kstrtox.c: -ERANGE past the type),
 * kstrtobool(), sysfs_streq().
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

int sm_zram_kstrtoll(const char *s, unsigned int base, int64_t *res)
{
	uint64_t v;
	int err;

	if (s[0] == '-') {
		err = sm_dt_kstrtoull(s + 1, base, &v);
		if (err)
			return err;
		if (v > (uint64_t)INT64_MAX + 1)
			return -ERANGE;
		*res = (int64_t)(0 - v);
		return 0;
	}
	err = sm_dt_kstrtoull(s, base, &v);
	if (err)
		return err;
	if (v > INT64_MAX)
		return -ERANGE;
	*res = (int64_t)v;
	return 0;
}

int sm_zram_kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	uint64_t v;
	int err = sm_dt_kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

int sm_zram_kstrtoint(const char *s, unsigned int base, int *res)
{
	int64_t v;
	int err = sm_zram_kstrtoll(s, base, &v);

	if (err)
		return err;
	if (v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

int sm_zram_kstrtou16(const char *s, unsigned int base, uint16_t *res)
{
	uint64_t v;
	int err = sm_dt_kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > UINT16_MAX)
		return -ERANGE;
	*res = (uint16_t)v;
	return 0;
}

int sm_zram_kstrtobool(const char *s, bool *res)
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
bool sm_zram_sysfs_streq(const char *s1, const char *s2)
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

char *sm_zram_skip_spaces(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return (char *)(uintptr_t)s;
}
