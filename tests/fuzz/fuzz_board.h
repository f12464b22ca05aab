/* SPDX-License-Identifier: MIT */
#ifndef FUZZ_BOARD_H
#define FUZZ_BOARD_H

struct sm_dt;

/* fuzz_board() - the fuzz targets' board (NULL if it cannot be made) */
struct sm_dt *fuzz_board(void);

#endif
