// SPDX-License-Identifier: MIT
/*
 * svc_cmadbg.c - the CMA areas' debugfs (mm/cma_debug.c), served with
 * the dmabuf service (the CMA side of the daemon), only when the kernel
 * config has CONFIG_CMA_DEBUGFS (SOCMEM_KCONFIG; Debian's builds do not):
 *
 *   /sys/kernel/debug/cma/                 0755
 *   /sys/kernel/debug/cma/<area>/          base_pfn bitmap count maxchunk
 *                                          order_per_bit used (0444)
 *
 * debugfs files are 0 bytes to stat and checked against their mode at
 * open; none of these has a write op.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "svc_files.h"

#define CMADBG "/sys/kernel/debug/cma"
#define CMADBG_LEN (sizeof(CMADBG) - 1)

static const char *const cma_files[] = {
	"base_pfn", "bitmap", "count", "maxchunk", "order_per_bit", "used",
};

#define NFILES (sizeof(cma_files) / sizeof(cma_files[0]))

/**
 * struct cmadbg_node - what a path under CMADBG is
 * @cma: the area (NULL: the top directory)
 * @file: the file's row in cma_files, or -1 for the area's directory
 */
struct cmadbg_node {
	struct sm_cma *cma;
	int file;
};

static bool cmadbg_owns(struct smd *d, const char *path)
{
	return sm_boot_profile_cma_debugfs(d->board->profile) &&
	       !strncmp(path, CMADBG, CMADBG_LEN) &&
	       (!path[CMADBG_LEN] || path[CMADBG_LEN] == '/');
}

static int resolve(struct smd *d, const char *path, struct cmadbg_node *n)
{
	n->cma = NULL;
	n->file = -1;
	if (!cmadbg_owns(d, path))
		return -ENOENT;
	return sm_daemon_svc_files_area_resolve(d, path + CMADBG_LEN, cma_files,
						NFILES, &n->cma, &n->file);
}

static int cmadbg_stat(struct smd *d, const char *path,
		       struct sm_zram_stat *st)
{
	struct cmadbg_node n;
	char mirror[SM_ZRAM_PATH_MAX];
	int ret = resolve(d, path, &n);

	if (ret)
		return ret;
	if (n.file >= 0) {
		sm_daemon_svc_files_stat_init(d, path, S_IFREG | 0444, st);
		return 0;
	}
	snprintf(mirror, sizeof(mirror), "sys/kernel/debug/cma%s%s",
		 n.cma ? "/" : "", n.cma ? sm_mm_cma_name(n.cma) : "");
	sm_daemon_svc_files_stat_dir(d, path, mirror, st);
	return 0;
}

/* the bitmap as debugfs prints a u32 array: space-separated, one line */
static ssize_t bitmap_read(struct sm_cma *cma, struct sm_svc_text *t)
{
	size_t nw = sm_mm_cma_bitmap_u32(cma, NULL, 0);
	uint32_t *w = calloc(nw ? nw : 1, sizeof(*w));

	if (!w)
		return -ENOMEM;
	sm_mm_cma_bitmap_u32(cma, w, nw);
	for (size_t i = 0; i < nw; i++)
		sm_daemon_svc_text_printf(t, "%u%c", w[i], i + 1 < nw ? ' ' : '\n');
	free(w);
	return (ssize_t)t->len;
}

/* mm/cma_debug.c's files: "%llu\n" each */
static ssize_t cmadbg_read(struct smd *d, const char *path, char *buf,
			   size_t len)
{
	struct sm_svc_text t = { .buf = buf, .cap = len };
	struct sm_cma_stats st;
	struct cmadbg_node n;
	unsigned long long v;
	int ret = resolve(d, path, &n);

	if (ret)
		return ret;
	if (n.file < 0)
		return -EISDIR;
	if (!strcmp(cma_files[n.file], "bitmap"))
		return bitmap_read(n.cma, &t);
	sm_mm_cma_stats(n.cma, &st);
	/* the names' first letters tell them apart (bitmap's is done above) */
	switch (cma_files[n.file][0]) {
	case 'b': v = st.base_pfn; break;
	case 'c': v = st.count; break;
	case 'u': v = st.used; break;
	case 'm': v = st.maxchunk; break;
	default: v = sm_mm_cma_order_per_bit(n.cma);
	}
	sm_daemon_svc_text_printf(&t, "%llu\n", v);
	return (ssize_t)t.len;
}

static ssize_t cmadbg_write(struct smd *d, const char *path, const char *buf,
			    size_t len)
{
	struct cmadbg_node n;
	int ret = resolve(d, path, &n);

	(void)buf;
	(void)len;
	return ret ? ret : n.file < 0 ? -EISDIR : -EIO;	/* no write op */
}

/* the names a listing shows: a directory per area, its six files */
static int cmadbg_mirror(struct smd *d, const char *sys)
{
	if (!sm_boot_profile_cma_debugfs(d->board->profile))
		return 0;
	return sm_daemon_svc_files_mk_areas(d, sys, "kernel/debug/cma",
					    cma_files, NFILES);
}

const struct sm_svc_files sm_svc_cmadbg_files = {
	.owns = cmadbg_owns,
	.stat = cmadbg_stat,
	.read = cmadbg_read,
	.write = cmadbg_write,
	.mirror = cmadbg_mirror,
	.file_type = SM_ZFILE_PROC,
	.mode_checked = true,
};
