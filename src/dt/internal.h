/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of src/dt/ share.
 */
#ifndef SOCMEM_DT_INTERNAL_H
#define SOCMEM_DT_INTERNAL_H

#include <socmem/dt.h>

/* A growable byte buffer for a child's output (dts_compile.c). */
struct outbuf {
	char *data;
	size_t len;
	size_t cap;
};

/*
 * Run argv[0] with stdout and stderr captured.
 * Return: its exit status (>= 0), or a negative errno if it could not run.
 */
int sm_dt_run_capture(char *const argv[], struct outbuf *out,
		      struct outbuf *err);

/*
 * Run the C preprocessor the way the kernel's build runs it on a DTS
 * (cmd_dtc: -nostdinc -undef -D__DTS__ -x assembler-with-cpp, the include
 * directories), with @extra (NULL-terminated) before @path.
 */
int sm_dt_run_cpp(const char *path, const struct sm_dt_options *opts,
		  const char *const *extra, struct outbuf *out,
		  struct outbuf *err);

int sm_dt_read_file(const char *path, void **buf, size_t *len,
		    struct sm_diag *diag);
/* dt_gunzip.c: a gzipped DTB */
bool sm_dt_is_gzip(const void *buf, size_t len);
int sm_dt_gunzip(const void *in, size_t len, const char *name, void **out,
		 size_t *out_len, struct sm_diag *diag);
int sm_dt_dts_compile(const char *path, const struct sm_dt_options *opts,
		      struct sm_dt **out, struct sm_diag *diag);

/* dt_srcmap.c: positions from `dtc -O dts -T -T` output */
int sm_dt_srcmap_parse(const char *annotated, struct sm_srcmap **out);
void sm_dt_srcmap_free(struct sm_srcmap *map);
/* rename every file name through @fn (which returns a new string or NULL) */
int sm_dt_srcmap_rename_files(struct sm_srcmap *map,
			      char *(*fn)(const char *name, void *ctx), void *ctx);

#endif /* SOCMEM_DT_INTERNAL_H */
