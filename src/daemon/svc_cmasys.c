// SPDX-License-Identifier: MIT
/*
 * svc_cmasys.c - the CMA areas' sysfs counters (mm/cma_sysfs.c), served
 * with the dmabuf service beside their debugfs, when the kernel config has
 * CONFIG_CMA_SYSFS (Debian's 7.x builds; others through SOCMEM_KCONFIG),
 * with the set of counters that kernel has (src/mm/cma_sysfs.c):
 *
 *   /sys/kernel/mm/cma/                    0755
 *   /sys/kernel/mm/cma/<area>/             alloc_pages_success
 *                                          alloc_pages_fail ... (0444)
 *
 * sysfs attributes are a page to stat; none of these has a store().
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "svc_files.h"

#define CMASYS "/sys/kernel/mm/cma"
#define CMASYS_LEN (sizeof(CMASYS) - 1)

/**
 * struct cmasys_node - what a path under CMASYS is
 * @cma: the area (NULL: the top directory)
 * @file: the counter's name, or NULL for the area's directory
 */
struct cmasys_node {
	struct sm_cma *cma;
	const char *file;
};

static size_t count_names(const char *const *names)
{
	size_t n = 0;

	while (names && names[n])
		n++;
	return n;
}

static bool cmasys_owns(struct smd *d, const char *path)
{
	return sm_mm_cma_sysfs_files(d->sys) &&
	       !strncmp(path, CMASYS, CMASYS_LEN) &&
	       (!path[CMASYS_LEN] || path[CMASYS_LEN] == '/');
}

static int resolve(struct smd *d, const char *path, struct cmasys_node *n)
{
	const char *const *files = sm_mm_cma_sysfs_files(d->sys);
	int file = -1, ret;

	n->cma = NULL;
	n->file = NULL;
	if (!cmasys_owns(d, path))
		return -ENOENT;
	ret = sm_daemon_svc_files_area_resolve(d, path + CMASYS_LEN, files,
					       count_names(files), &n->cma,
					       &file);
	if (!ret && file >= 0)
		n->file = files[file];
	return ret;
}

static int cmasys_stat(struct smd *d, const char *path,
		       struct sm_zram_stat *st)
{
	struct cmasys_node n;
	char mirror[SM_ZRAM_PATH_MAX];
	int ret = resolve(d, path, &n);

	if (ret)
		return ret;
	if (n.file) {
		sm_daemon_svc_files_stat_init(d, path, S_IFREG | 0444, st);
		st->size = 4096;	/* a sysfs attribute: a page */
		return 0;
	}
	snprintf(mirror, sizeof(mirror), "sys/kernel/mm/cma%s%s",
		 n.cma ? "/" : "", n.cma ? sm_mm_cma_name(n.cma) : "");
	sm_daemon_svc_files_stat_dir(d, path, mirror, st);
	return 0;
}

/* mm/cma_sysfs.c: "%llu\n" each */
static ssize_t cmasys_read(struct smd *d, const char *path, char *buf,
			   size_t len)
{
	struct sm_svc_text t = { .buf = buf, .cap = len };
	struct cmasys_node n;
	uint64_t v = 0;
	int ret = resolve(d, path, &n);

	if (ret)
		return ret;
	if (!n.file)
		return -EISDIR;
	sm_mm_cma_sysfs_value(d->sys, n.cma, n.file, &v);
	sm_daemon_svc_text_printf(&t, "%llu\n", (unsigned long long)v);
	return (ssize_t)t.len;
}

static ssize_t cmasys_write(struct smd *d, const char *path, const char *buf,
			    size_t len)
{
	struct cmasys_node n;
	int ret = resolve(d, path, &n);

	(void)buf;
	(void)len;
	return ret ? ret : !n.file ? -EISDIR : -EIO;	/* no store() */
}

/* the names a listing shows: a directory per area, its counters */
static int cmasys_mirror(struct smd *d, const char *sys)
{
	const char *const *files = sm_mm_cma_sysfs_files(d->sys);

	if (!files)
		return 0;
	return sm_daemon_svc_files_mk_areas(d, sys, "kernel/mm/cma", files,
					    count_names(files));
}

const struct sm_svc_files sm_svc_cmasys_files = {
	.owns = cmasys_owns,
	.stat = cmasys_stat,
	.read = cmasys_read,
	.write = cmasys_write,
	.mirror = cmasys_mirror,
	.file_type = SM_ZFILE_ATTR,
	.mode_checked = true,
};
