// SPDX-License-Identifier: MIT
/*
 * fuzz_cmdline.c - libFuzzer target: any bytes as the kernel command line
 * (next_arg() splitting, cma= parsing) of a small board with a CMA pool
 * and a linux,cma-default node, booted on one kernel per input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <socmem/board.h>

#include "fuzz_board.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sm_dt *board;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *cmdline;

	if (!board)
		board = fuzz_board();
	if (!board)
		abort();
	cmdline = malloc(size + 1);
	if (!cmdline)
		return 0;
	memcpy(cmdline, data, size);
	cmdline[size] = '\0';
	{
		/* one kernel per input, picked by its length */
		struct sm_boot_options o = {
			sm_boot_profile_at(size % sm_boot_profile_count()), cmdline, -1
		};
		struct sm_board *b;
		struct sm_diag diag;

		if (!sm_boot_board_boot(board, &o, &b, &diag))
			sm_boot_board_free(b);
	}
	free(cmdline);
	return 0;
}
