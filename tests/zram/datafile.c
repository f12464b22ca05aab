// SPDX-License-Identifier: MIT
/*
 * datafile.c - write one of the zram oracle's data files to stdout
 * (zram_datafile NAME ELF.ZST), for the tests that feed it to
 * /dev/zram0 from a shell, as the oracle's guest did with dd.
 */
#include <stdio.h>
#include <stdlib.h>

#include "zram_data.h"

int main(int argc, char **argv)
{
	size_t len;
	uint8_t *d;

	if (argc != 3) {
		fprintf(stderr, "usage: zram_datafile NAME ELF.ZST\n");
		return 2;
	}
	d = zram_data_make(argv[1], argv[2], &len);
	if (!d) {
		fprintf(stderr, "zram_datafile: %s: cannot make it\n", argv[1]);
		return 2;
	}
	if (fwrite(d, 1, len, stdout) != len || fflush(stdout)) {
		perror("zram_datafile");
		return 1;
	}
	free(d);
	return 0;
}
