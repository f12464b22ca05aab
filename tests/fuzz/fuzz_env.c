// SPDX-License-Identifier: MIT
/*
 * fuzz_env.c - libFuzzer target: any bytes as the three text inputs a user
 * hands socmem about how a board is started: a boot log (--env-from), a
 * board environment file (--env) and a kernel .config (--kconfig). Each
 * reader takes the same bytes; what a reader accepts is booted on the
 * fuzz board, on one kernel per input, so odd banks, images and DTB
 * placements reach the loader models too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <socmem/board.h>
#include <socmem/kconfig.h>

#include "fuzz_board.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sm_dt *board;
static char path[] = "/tmp/socmem-fuzz-env-XXXXXX";
static int fd = -1;

/* the readers take a path: the input goes to one file, rewritten each time */
static int put_input(const uint8_t *data, size_t size)
{
	if (fd < 0)
		fd = mkstemp(path);
	if (fd < 0 || ftruncate(fd, 0) ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		return -1;
	return 0;
}

static void boot(const struct sm_boot_env *env, size_t size)
{
	struct sm_boot_options o = {
		sm_boot_profile_at(size % sm_boot_profile_count()), NULL, -1
	};
	struct sm_board *b;
	struct sm_diag diag;

	if (!sm_boot_board_boot_env(board, &o, env, &b, &diag))
		sm_boot_board_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sm_boot_env env;
	struct sm_kconfig k;
	struct sm_diag diag;

	if (!board)
		board = fuzz_board();
	if (!board || put_input(data, size))
		abort();

	sm_boot_env_init(&env);
	if (!sm_boot_env_from_log(&env, path, &diag))
		boot(&env, size);
	sm_boot_env_release(&env);

	sm_boot_env_init(&env);
	if (!sm_boot_env_load_file(&env, path, &diag))
		boot(&env, size);
	sm_boot_env_release(&env);

	sm_boot_kconfig_init(&k);
	sm_boot_kconfig_read(path, &k, &diag);
	return 0;
}
