// SPDX-License-Identifier: MIT
/*
 * fuzz_dtb.c - libFuzzer target: any bytes as a DTB, through the reader
 * (libfdt checks) and, when it is accepted, early boot on one kernel
 * chosen by the input's size (so every kernel sees every shape over a
 * run, at a third of the cost). Nothing may crash, leak or trip a
 * sanitizer.
 */
#include <stddef.h>
#include <stdint.h>

#include <socmem/board.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sm_diag diag;
	struct sm_dt *dt;

	if (sm_dt_from_blob(data, size, "fuzz.dtb", &dt, &diag))
		return 0;
	{
		struct sm_boot_options o = {
			sm_boot_profile_at(size % sm_boot_profile_count()), NULL, -1
		};
		struct sm_board *b;

		if (!sm_boot_board_boot(dt, &o, &b, &diag))
			sm_boot_board_free(b);
	}
	sm_dt_free(dt);
	return 0;
}
