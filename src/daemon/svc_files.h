/* SPDX-License-Identifier: MIT */
/*
 * svc_files.h - the files of the emulated system socmemd serves, by
 * subsystem. Each service that has files (zram: /dev/zram<N>, its sysfs
 * and /sys/module; proc: /proc; dmabuf: the CMA areas' debugfs) gives a
 * table of them in its struct smd_service (@files), and svc_files.c routes
 * every path a client names to the one table that owns it. The path ops
 * of the wire (SM_ZRAM_OPEN, _STAT, _READ, _WRITE: "a served path") stay
 * as they are: a client asks for a path, the daemon finds who serves it.
 *
 * What every table shares is here too: the open rules of kernfs, procfs
 * and debugfs, the inode number of a path, the text builder, and the
 * mirror under the state directory that directories are listed from.
 */
#ifndef SOCMEM_DAEMON_SVC_FILES_H
#define SOCMEM_DAEMON_SVC_FILES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "internal.h"

/* a fixed-size text being built (snprintf that truncates) */
struct sm_svc_text {
	char *buf;
	size_t len;
	size_t cap;
};

void sm_daemon_svc_text_printf(struct sm_svc_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * struct sm_svc_files - the files one service serves
 * @owns: @path (absolute, normalised) is one of this service's, whether
 *	or not it exists now (a name under its directories)
 * @stat: what stat(2) shows; -ENOENT when it does not exist
 * @read: the whole text of a file (what show() or the seq_file makes)
 * @write: a write of @len bytes; -ENOENT when the file went away
 * @mirror: the directories' stand-ins under @sys ($STATE/sys), made anew
 *	(NULL: the service has no directory under /sys)
 * @file_type: what its regular files are (SM_ZFILE_ATTR: sysfs, a page to
 *	stat; SM_ZFILE_PROC: procfs and debugfs, 0 bytes to stat)
 * @mode_checked: open checks the mode bits even for root (kernfs: no
 *	show() or store() is EACCES; debugfs the same); procfs lets root
 *	open either way (a write then has no op)
 */
struct sm_svc_files {
	bool (*owns)(struct smd *d, const char *path);
	int (*stat)(struct smd *d, const char *path, struct sm_zram_stat *st);
	ssize_t (*read)(struct smd *d, const char *path, char *buf, size_t len);
	ssize_t (*write)(struct smd *d, const char *path, const char *buf,
			 size_t len);
	int (*mirror)(struct smd *d, const char *sys);
	uint32_t file_type;
	bool mode_checked;
};

/* ---- svc_files.c: the router --------------------------------------------- */

int sm_daemon_svc_files_stat(struct smd *d, const char *path,
			     struct sm_zram_stat *st);
/* may_open() with the rules of the file's own filesystem */
int sm_daemon_svc_files_open(struct smd *d, const char *path, uint32_t flags,
			     struct sm_zram_file *f);
/* -ENODEV for a file gone while open, as a read of a removed sysfs file */
ssize_t sm_daemon_svc_files_read(struct smd *d, const char *path, char *buf,
				 size_t len);
ssize_t sm_daemon_svc_files_write(struct smd *d, const char *path,
				  const char *buf, size_t len);
/* $STATE/sys, rebuilt from every table as things are now */
int sm_daemon_svc_files_mirror_sync(struct smd *d);

/* ---- svc_files.c: what the tables share ------------------------------- */

/* a file's stat with the fields every served file has (inode, time) */
void sm_daemon_svc_files_stat_init(struct smd *d, const char *path,
				   uint32_t mode, struct sm_zram_stat *st);
/* a directory's stat; @mirror its stand-in relative to the state dir */
void sm_daemon_svc_files_stat_dir(struct smd *d, const char *path,
				  const char *mirror, struct sm_zram_stat *st);
/* an empty file or directory @name in @dir of the mirror */
int sm_daemon_svc_files_mk(const char *dir, const char *name, bool is_dir);

/*
 * The mirror of a per-CMA-area tree: @rel (e.g. "kernel/debug/cma") made
 * under @sys, then a directory per CMA area holding the @n files @names.
 */
int sm_daemon_svc_files_mk_areas(struct smd *d, const char *sys,
				 const char *rel, const char *const *names,
				 size_t n);

/*
 * What @rest names in a per-CMA-area tree ("" the top, "/AREA" an area's
 * directory, "/AREA/FILE" one of the @n files @names): *@cma (NULL for
 * the top) and *@file (the file's number, -1 for a directory); -ENOENT
 * for anything else.
 */
int sm_daemon_svc_files_area_resolve(struct smd *d, const char *rest,
				     const char *const *names, size_t n,
				     struct sm_cma **cma, int *file);

/* the number of a name in @names[@n], or -1 */
int sm_daemon_svc_files_name_at(const char *const *names, size_t n,
				const char *name);

/* ---- the tables ------------------------------------------------------- */

extern const struct sm_svc_files sm_svc_zram_files;	/* zram_fs.c */
extern const struct sm_svc_files sm_svc_proc_files;	/* svc_proc.c */
extern const struct sm_svc_files sm_svc_cmadbg_files;	/* svc_cmadbg.c */
extern const struct sm_svc_files sm_svc_cmasys_files;	/* svc_cmasys.c */

/* /proc/modules: the zram service's module state (zram_mods.c) */
void sm_daemon_svc_zram_modules_show(struct smd *d, struct sm_svc_text *t);

#endif /* SOCMEM_DAEMON_SVC_FILES_H */
