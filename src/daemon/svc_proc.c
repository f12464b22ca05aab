// SPDX-License-Identifier: MIT
/*
 * svc_proc.c - the emulated system's /proc, as its procfs shows it: the
 * memory reports of the running system (src/mm: meminfo, buddyinfo,
 * pagetypeinfo, vmstat, swaps) and the loaded modules (the zram service's module
 * state). It has no requests of its own: its files are reached through
 * the path ops every served file shares (svc_files.c).
 *
 *   /proc/meminfo /proc/buddyinfo /proc/vmstat /proc/swaps
 *   /proc/modules                                             0444
 *   /proc/pagetypeinfo                                        0400
 *
 * procfs files are 0 bytes to stat (fs/proc/generic.c), root opens them
 * either way (proc_reg_open() checks no op), and none has a write op.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "svc_files.h"

/* the files and their modes (fs/proc/meminfo.c, mm/vmstat.c, mm/swapfile.c,
 * kernel/module/procfs.c) */
static const struct {
	const char *name;
	unsigned int perm;
} proc_files[] = {
	{ "swaps", 0444 }, { "modules", 0444 }, { "meminfo", 0444 },
	{ "buddyinfo", 0444 }, { "pagetypeinfo", 0400 }, { "vmstat", 0444 },
};

#define NPROC (sizeof(proc_files) / sizeof(proc_files[0]))

/* the file's row, or -1 */
static int proc_file(const char *path)
{
	if (strncmp(path, "/proc/", 6))
		return -1;
	for (size_t i = 0; i < NPROC; i++)
		if (!strcmp(path + 6, proc_files[i].name))
			return (int)i;
	return -1;
}

/* only the files named above: the rest of /proc is the host's */
static bool proc_owns(struct smd *d, const char *path)
{
	(void)d;
	return proc_file(path) >= 0;
}

static int proc_stat(struct smd *d, const char *path, struct sm_zram_stat *st)
{
	int i = proc_file(path);

	if (i < 0)
		return -ENOENT;
	sm_daemon_svc_files_stat_init(d, path, S_IFREG | proc_files[i].perm,
				      st);
	return 0;
}

static ssize_t proc_read(struct smd *d, const char *path, char *buf,
			 size_t len)
{
	struct sm_svc_text t = { .buf = buf, .cap = len };
	int ret;

	if (proc_file(path) < 0)
		return -ENOENT;
	if (!strcmp(path + 6, "modules")) {
		sm_daemon_svc_zram_modules_show(d, &t);
		return (ssize_t)t.len;
	}
	/* a report longer than @len is cut, as one read of a seq_file is */
	ret = sm_mm_format(d->sys, path + 6, buf, len);
	return ret == -ENOSPC ? (ssize_t)len - 1 : ret;
}

static ssize_t proc_write(struct smd *d, const char *path, const char *buf,
			  size_t len)
{
	(void)d;
	(void)buf;
	(void)len;
	return proc_file(path) < 0 ? -ENOENT : -EIO;	/* no write op */
}

const struct sm_svc_files sm_svc_proc_files = {
	.owns = proc_owns,
	.stat = proc_stat,
	.read = proc_read,
	.write = proc_write,
	.file_type = SM_ZFILE_PROC,
	.mode_checked = false,
};

const struct smd_service sm_svc_proc_service = {
	.name = "proc",
	.files = (const struct sm_svc_files *const[]){ &sm_svc_proc_files,
						      NULL },
};
