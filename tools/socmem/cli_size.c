// SPDX-License-Identifier: MIT
/*
 * cli_size.c - the one size parser of socmem's command line.
 *
 * Sizes people type follow util-linux (strtosize(), what zramctl --size,
 * lsblk and fallocate read): a number, decimal, 0x hex or 0 octal, may
 * have a decimal fraction ("1.5G"), and one optional unit: K, M, G, T, P,
 * E alone or with "iB" are powers of 1024, with "B" powers of 1000. So
 * 4K = 4KiB = 4096 and 4KB = 4000, in every command alike.
 *
 * What the kernel itself parses - the kernel command line (cma=64M), the
 * values written to emulated sysfs files (echo 128M > disksize) - goes
 * through the kernel's memparse() instead (src/dt/kstrtox.c): there K is
 * 1024 and "KB" is not a unit, exactly as on the device.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* @v * @base^@power, or -ERANGE past 64 bits */
static int scale(uint64_t *v, unsigned int base, unsigned int power)
{
	while (power--) {
		if (*v > UINT64_MAX / base)
			return -ERANGE;
		*v *= base;
	}
	return 0;
}

/* the unit after the number: its power (0 for none) and base */
static int parse_unit(const char *p, unsigned int *power,
		      unsigned int *base)
{
	static const char units[] = "KMGTPE";
	const char *u;

	*power = 0;
	*base = 1024;
	if (!*p)
		return 0;
	u = strchr(units, toupper((unsigned char)*p));
	if (!u)
		return -EINVAL;
	*power = (unsigned int)(u - units) + 1;
	p++;
	if ((p[0] == 'i' && (p[1] == 'B' || p[1] == 'b') && !p[2]) || !*p)
		return 0;
	if ((p[0] == 'B' || p[0] == 'b') && !p[1]) {
		*base = 1000;
		return 0;
	}
	return -EINVAL;
}

int sm_cli_parse_size(const char *s, uint64_t *out)
{
	unsigned long long whole;
	unsigned int power, base;
	uint64_t v, frac = 0, frac_div = 1;
	const char *p = s;
	char *end;
	int err;

	while (isspace((unsigned char)*p))
		p++;
	if (!isdigit((unsigned char)*p))
		return -EINVAL; /* no sign, no empty string */
	errno = 0;
	whole = strtoull(p, &end, 0);
	if (errno)
		return -ERANGE;
	p = end;
	if (*p == '.') { /* a decimal fraction: 1.5G */
		for (p++; isdigit((unsigned char)*p); p++) {
			if (frac_div > UINT64_MAX / 100)
				continue; /* digits past 1e-18 do not matter */
			frac = frac * 10 + (uint64_t)(*p - '0');
			frac_div *= 10;
		}
	}
	err = parse_unit(p, &power, &base);
	if (err)
		return err;
	v = whole;
	if (scale(&v, base, power))
		return -ERANGE;
	if (frac) { /* frac / frac_div of one unit, rounded down */
		uint64_t unit = 1, part;

		if (!power)
			return -EINVAL; /* "1.5" bytes */
		scale(&unit, base, power);
		part = (uint64_t)((unsigned __int128)unit * frac / frac_div);
		if (__builtin_add_overflow(v, part, &v))
			return -ERANGE;
	}
	*out = v;
	return 0;
}
