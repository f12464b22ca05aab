/* SPDX-License-Identifier: MIT */
/*
 * zram_svc.h - what the zram service's files share: svc_zram.c (requests,
 * handles, block I/O, swapon), zram_fs.c (its served paths: sysfs and
 * /dev/zram<N>, their stat and text, their part of the mirror under the
 * state directory) and zram_mods.c (the module state and the
 * /lib/modules tree kmod reads).
 */
#ifndef SOCMEM_DAEMON_ZRAM_SVC_H
#define SOCMEM_DAEMON_ZRAM_SVC_H

#include <stdbool.h>
#include <stdint.h>

#include <socmem/zram.h>

#include "svc_files.h"

#define ZMOD_MAX 4

/**
 * struct zmod_info - a module of the emulated system's zram stack
 * @name: its name
 * @file: its path under /lib/modules/<release>/
 * @deps: the modules it needs, comma-separated ("" for none)
 * @size: what /proc/modules and coresize show (an estimate, see
 *	docs/fidelity.md)
 * @desc: its .modinfo description
 */
struct zmod_info {
	const char *name;
	const char *file;
	const char *deps;
	unsigned int size;
	const char *desc;
};

/**
 * struct zmod - one module's state
 * @info: what it is
 * @loaded: it is loaded
 * @seq: when it was loaded (/proc/modules lists the newest first)
 */
struct zmod {
	const struct zmod_info *info;
	bool loaded;
	uint64_t seq;
};

/**
 * struct zobj - what a zram-service handle stands for
 * @f: the file as OPEN answered it
 * @excl: opened O_EXCL (a block device claimed exclusively)
 */
struct zobj {
	struct sm_zram_file f;
	bool excl;
	struct zobj *next;
};

/**
 * struct zsvc - the zram service's state
 * @ctl: the zram module's devices; NULL while it is not loaded
 * @mods: the profile's modules, dependencies first
 * @nmods: how many
 * @release: the kernel release (/lib/modules/<release>)
 * @seq: the last load's sequence number
 * @log_seen: zram log lines already copied into the daemon's log
 * @objs: every open zram-service handle
 */
struct zsvc {
	struct sm_zram_ctl *ctl;
	struct zmod mods[ZMOD_MAX];
	unsigned int nmods;
	const char *release;
	uint64_t seq;
	size_t log_seen;
	struct zobj *objs;
	struct zshm *shms;
};

/**
 * struct zshm - a connection's block I/O buffer (SM_ZRAM_SHM)
 * @conn: the connection (only compared: it may be gone)
 * @map: SM_ZRAM_SHM_SIZE bytes shared with the client
 */
struct zshm {
	const void *conn;
	uint8_t *map;
	struct zshm *next;
};

static inline struct zsvc *zsvc_of(struct smd *d)
{
	return d->svc[SM_SVC_ZRAM];
}

/* zram_mods.c */
void sm_daemon_zram_mods_init(struct zsvc *z, enum sm_kernel_id kernel);
struct zmod *sm_daemon_zram_mod_find(struct zsvc *z, const char *name);
bool sm_daemon_zram_mod_uses(const struct zmod *user, const struct zmod *m);
int sm_daemon_zram_mod_refcnt(struct smd *d, const struct zmod *m);
void sm_daemon_zram_mod_holders(struct zsvc *z, const struct zmod *m,
				struct sm_svc_text *t, const char *sep);
int sm_daemon_zram_mod_load(struct smd *d, const char *name,
			    const char *params);
int sm_daemon_zram_mod_unload(struct smd *d, const char *name,
			      unsigned int flags);
int sm_daemon_zram_mods_tree(struct smd *d, struct sm_diag *diag);

#endif /* SOCMEM_DAEMON_ZRAM_SVC_H */
