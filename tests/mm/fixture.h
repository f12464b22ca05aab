/* SPDX-License-Identifier: MIT */
/*
 * fixture.h - the mm tests' boards: a DTS booted for a kernel and brought
 * up as a running system.
 */
#ifndef SOCMEM_TESTS_MM_FIXTURE_H
#define SOCMEM_TESTS_MM_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include <socmem/board.h>
#include <socmem/dt.h>
#include <socmem/mm.h>
#include <socmem/profile.h>

struct fixture {
	struct sm_dt *dt;
	struct sm_board *board;
	struct sm_system *sys;
};

/* fixture_up() - boot @dts (relative to the source tree) with @cmdline on
 * kernel @kernel (NULL: default) and pageblock order @pbo (-1: profile) */
static inline int fixture_up(struct fixture *f, const char *dts,
			     const char *kernel, const char *cmdline, int pbo)
{
	char path[1024];
	struct sm_diag diag = { 0 };
	struct sm_dt_options dopts = { 0 };
	struct sm_boot_options bopts = {
		.profile = kernel ? sm_boot_profile_find(kernel) : NULL,
		.cmdline = cmdline,
		.pageblock_order = pbo,
	};

	snprintf(path, sizeof(path), "%s/%s", SOCMEM_SOURCE_DIR, dts);
	f->dt = NULL;
	f->board = NULL;
	f->sys = NULL;
	if (sm_dt_load(path, &dopts, &f->dt, &diag) ||
	    sm_boot_board_boot(f->dt, &bopts, &f->board, &diag) ||
	    sm_mm_system_create(f->board, NULL, &f->sys, &diag)) {
		fprintf(stderr, "fixture %s: %s\n", dts, diag.msg);
		return -1;
	}
	return 0;
}

static inline void fixture_down(struct fixture *f)
{
	sm_mm_system_destroy(f->sys);
	sm_boot_board_free(f->board);
	sm_dt_free(f->dt);
}

/* check_ok() - sm_mm_check(), printing what broke */
static inline int check_ok(const struct sm_system *sys)
{
	struct sm_diag diag = { 0 };

	if (sm_mm_check(sys, &diag)) {
		fprintf(stderr, "sm_mm_check: %s\n", diag.msg);
		return 0;
	}
	return 1;
}

#endif /* SOCMEM_TESTS_MM_FIXTURE_H */
