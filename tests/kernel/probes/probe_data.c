// SPDX-License-Identifier: MIT
/*
 * probe_data.c - MIB mebibytes of mixed, reproducible page data on stdout
 * for the zram probes: zero pages, a repeated byte, text-like pages,
 * half-random pages and pages of noise, in a fixed pseudo-random order,
 * so that both systems compress exactly the same bytes.
 * Usage: probe_data MIB
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9e3779b97f4a7c15ULL;

static uint32_t next(void)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(state >> 33);
}

static void fill(unsigned char *p, unsigned kind)
{
	static const char words[] = "the quick brown fox jumps over the lazy dog ";

	switch (kind) {
	case 0: memset(p, 0, 4096); break;
	case 1: memset(p, 0x5a, 4096); break;
	case 2:
		for (int i = 0; i < 4096; i++)
			p[i] = words[(i + next() % 4) % (sizeof(words) - 1)];
		break;
	case 3:
		for (int i = 0; i < 4096; i++)
			p[i] = i < 2048 ? (unsigned char)next() : (unsigned char)(i & 7);
		break;
	default:
		for (int i = 0; i < 4096; i++)
			p[i] = (unsigned char)next();
	}
}

int main(int argc, char **argv)
{
	long pages = (argc > 1 ? atol(argv[1]) : 8) * 256;
	unsigned char page[4096];

	for (long i = 0; i < pages; i++) {
		fill(page, next() % 5);
		if (fwrite(page, 1, sizeof(page), stdout) != sizeof(page))
			return 1;
	}
	return 0;
}
