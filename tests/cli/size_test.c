// SPDX-License-Identifier: MIT
/*
 * size_test.c - sm_cli_parse_size(), the one size parser of the command
 * line: util-linux's reading (4K = 4KiB = 4096, 4KB = 4000), the same
 * table zramctl --size follows, and the inputs it must refuse.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "../../tools/socmem/cli.h"

static const struct {
	const char *in;
	int err;
	uint64_t want;
} cases[] = {
	{ "4096", 0, 4096 },
	{ "0x1000", 0, 4096 },		/* hex, as strtoumax(base 0) */
	{ "010", 0, 8 },		/* and octal, as util-linux */
	{ "4K", 0, 4096 },
	{ "4k", 0, 4096 },
	{ "4KiB", 0, 4096 },
	{ "4KB", 0, 4000 },		/* the bug: heap alloc read 4096 */
	{ "4kB", 0, 4000 },
	{ "128M", 0, 128ULL << 20 },
	{ "128MiB", 0, 128ULL << 20 },
	{ "128MB", 0, 128000000 },
	{ "2G", 0, 2ULL << 30 },
	{ "1T", 0, 1ULL << 40 },
	{ "1P", 0, 1ULL << 50 },
	{ "15E", 0, 15ULL << 60 },
	{ "1.5G", 0, 3ULL << 29 },
	{ "1.5GB", 0, 1500000000 },
	{ "0.5K", 0, 512 },
	{ " 64M", 0, 64ULL << 20 },	/* leading blanks, as strtoumax */
	{ "0", 0, 0 },
	{ "", -EINVAL, 0 },
	{ "K", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ "+1", -EINVAL, 0 },
	{ "4Q", -EINVAL, 0 },
	{ "4KiBx", -EINVAL, 0 },
	{ "4 K", -EINVAL, 0 },
	{ "4Ki", -EINVAL, 0 },
	{ "4B", -EINVAL, 0 },		/* no unit letter: not util-linux's */
	{ "1.5", -EINVAL, 0 },		/* a fraction of a byte */
	{ "16E", -ERANGE, 0 },		/* 2^64 */
	{ "18446744073709551616", -ERANGE, 0 },
	{ "20EB", -ERANGE, 0 },
};

int main(void)
{
	int fails = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 0;
		int err = sm_cli_parse_size(cases[i].in, &v);

		if (err != cases[i].err || (!err && v != cases[i].want)) {
			printf("FAIL \"%s\": %d %" PRIu64 ", want %d %" PRIu64
			       "\n", cases[i].in, err, v, cases[i].err,
			       cases[i].want);
			fails++;
		}
	}
	printf("%zu passed, %d failed\n",
	       sizeof(cases) / sizeof(cases[0]) - (size_t)fails, fails);
	return fails ? 1 : 0;
}
