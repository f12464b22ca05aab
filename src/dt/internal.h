/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of src/dt/ share.
 */
#ifndef SOCMEM_DT_INTERNAL_H
#define SOCMEM_DT_INTERNAL_H

#include <socmem/dt.h>

int sm_dt_read_file(const char *path, void **buf, size_t *len,
		    struct sm_diag *diag);
int sm_dts_compile(const char *path, const struct sm_dt_options *opts,
		   struct sm_dt **out, struct sm_diag *diag);

/* dt_srcmap.c: positions from `dtc -O dts -T -T` output */
int sm_srcmap_parse(const char *annotated, struct sm_srcmap **out);
void sm_srcmap_free(struct sm_srcmap *map);

#endif /* SOCMEM_DT_INTERNAL_H */
