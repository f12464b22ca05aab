// SPDX-License-Identifier: MIT
/*
 * zram_fs.c - the files of the zram service (its struct sm_svc_files,
 * svc_files.h): the paths of the emulated system zram and its modules
 * have, as its sysfs and devtmpfs would show them:
 *
 *   /dev/zram<N>                          block device, 252:<N>, 0660 root:disk
 *   /sys/block/zram<N>/<attr>             the profile's attributes and modes
 *     (also /sys/class/block/zram<N>, /sys/devices/virtual/block/zram<N>)
 *   /sys/class/zram-control/hot_add       0400 (reading it adds a device)
 *   /sys/class/zram-control/hot_remove    0200
 *   /sys/module/<module>/                 coresize initsize initstate refcnt
 *                                         taint uevent holders/
 *
 * (/proc is the proc service's, svc_proc.c; the CMA debugfs the dmabuf
 * service's, svc_cmadbg.c.) The open rules are kernfs's (svc_files.c):
 * an attribute opened for reading without show() or for writing without
 * store() is EACCES. A sysfs attribute is 4096 bytes to stat.
 *
 * Directories are listed from a mirror under the state directory
 * ($STATE/sys/...), rebuilt whenever a module or device comes or goes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "svc_files.h"
#include "zram_svc.h"

#define GID_DISK 6

enum znode_kind { ZN_DIR = 1, ZN_ATTR, ZN_CTL, ZN_MOD, ZN_BDEV, ZN_QUEUE,
		  ZN_UEVENT };

/**
 * struct znode - what a path is
 * @dev: the device of /dev/zram<N> or /sys/block/zram<N>/...
 * @mod: the module of /sys/module/<name>/...
 * @name: the attribute or file name
 * @perm: permission bits
 * @mirror: a directory's stand-in, relative to the state directory
 */
struct znode {
	enum znode_kind kind;
	struct sm_zram *dev;
	struct zmod *mod;
	char name[64];
	unsigned int perm;
	char mirror[SM_ZRAM_PATH_MAX];
};

/*
 * A device's queue/ (block/blk-sysfs.c) with the limits zram sets
 * (zram_add(): 4 KiB logical and physical blocks, I/O sizes and discard
 * granularity of a page, not rotational; bio-based, so no scheduler):
 * what systemd (block_get_whole_disk() looks for queue/) and lsblk read.
 * They are read-only here (fidelity.md).
 */
static const struct { const char *name, *text; } queue_files[] = {
	{ "logical_block_size", "4096\n" }, { "physical_block_size", "4096\n" },
	{ "hw_sector_size", "4096\n" }, { "minimum_io_size", "4096\n" },
	{ "optimal_io_size", "4096\n" }, { "discard_granularity", "4096\n" },
	{ "rotational", "0\n" }, { "read_ahead_kb", "128\n" },
	{ "scheduler", "none\n" }, { "zoned", "none\n" }, { "add_random", "0\n" },
};

static const char *const mod_files[] = {
	"coresize", "initsize", "initstate", "refcnt", "taint", "uevent",
};

/* ---- resolving a path ----------------------------------------------------- */

/* "zram<N>" followed by '\0' or '/' -> the device */
static struct sm_zram *dev_at(struct zsvc *z, const char *s,
			      const char **rest)
{
	char *end;
	long id;

	if (!z->ctl || strncmp(s, "zram", 4) || s[4] < '0' || s[4] > '9')
		return NULL;
	id = strtol(s + 4, &end, 10);
	if ((*end && *end != '/') || id > 1048575)
		return NULL;
	*rest = *end ? end + 1 : end;
	return sm_zram_ctl_dev(z->ctl, (int)id);
}

static int zram_attr(struct sm_zram *dev, const char *name, struct znode *n)
{
	const char *a;
	unsigned int mode;

	for (size_t i = 0; !sm_zram_attr_at(dev, i, &a, &mode); i++)
		if (!strcmp(a, name)) {
			n->kind = ZN_ATTR;
			n->perm = mode;
			snprintf(n->name, sizeof(n->name), "%s", a);
			return 0;
		}
	return -ENOENT;
}

/* /sys/block/zram<N>[/attr] and its aliases */
static int resolve_block(struct zsvc *z, const char *s, struct znode *n)
{
	const char *rest;

	n->dev = dev_at(z, s, &rest);
	if (!n->dev)
		return -ENOENT;
	if (!*rest || !strcmp(rest, "queue")) {
		n->kind = ZN_DIR;
		snprintf(n->mirror, sizeof(n->mirror), "sys/block/%s%s",
			 sm_zram_name(n->dev), *rest ? "/queue" : "");
		return 0;
	}
	if (!strncmp(rest, "queue/", 6)) {
		for (size_t i = 0; i < sizeof(queue_files) / sizeof(*queue_files);
		     i++)
			if (!strcmp(rest + 6, queue_files[i].name)) {
				n->kind = ZN_QUEUE;
				n->perm = 0444;
				snprintf(n->name, sizeof(n->name), "%s",
					 queue_files[i].text);
				return 0;
			}
		return -ENOENT;
	}
	if (!strcmp(rest, "uevent")) {	/* every device has one (udev) */
		n->kind = ZN_UEVENT;
		n->perm = 0644;
		return 0;
	}
	return strchr(rest, '/') ? -ENOTDIR : zram_attr(n->dev, rest, n);
}

static int resolve_module(struct zsvc *z, const char *s, struct znode *n)
{
	char name[64];
	size_t l = strcspn(s, "/");
	const char *rest = s + l + (s[l] == '/');

	snprintf(name, sizeof(name), "%.*s", (int)l, s);
	n->mod = sm_daemon_zram_mod_find(z, name);
	if (!n->mod || !n->mod->loaded)
		return -ENOENT;
	snprintf(n->mirror, sizeof(n->mirror), "sys/module/%s", name);
	if (!*rest) {
		n->kind = ZN_DIR;
		return 0;
	}
	if (!strncmp(rest, "holders", 7) && (!rest[7] || rest[7] == '/')) {
		struct zmod *u = rest[7] ? sm_daemon_zram_mod_find(z, rest + 8) : NULL;

		if (rest[7] && (!u || !u->loaded || !sm_daemon_zram_mod_uses(u, n->mod)))
			return -ENOENT;
		n->kind = ZN_DIR;
		snprintf(n->mirror, sizeof(n->mirror), "sys/module/%s/%s",
			 name, rest);
		return 0;
	}
	for (size_t i = 0; i < sizeof(mod_files) / sizeof(*mod_files); i++)
		if (!strcmp(rest, mod_files[i])) {
			n->kind = ZN_MOD;
			n->perm = strcmp(rest, "uevent") ? 0444 : 0200;
			snprintf(n->name, sizeof(n->name), "%s", rest);
			return 0;
		}
	return -ENOENT;
}

static int resolve(struct smd *d, const char *p, struct znode *n)
{
	static const char *const block[] = {
		"/sys/block/", "/sys/class/block/",
		"/sys/devices/virtual/block/",
	};
	struct zsvc *z = zsvc_of(d);
	const char *rest;

	memset(n, 0, sizeof(*n));
	if (!strncmp(p, "/dev/", 5)) {
		n->dev = dev_at(z, p + 5, &rest);
		if (!n->dev || *rest || strchr(p + 5, '/'))
			return -ENOENT;
		n->kind = ZN_BDEV;
		n->perm = 0660;
		return 0;
	}
	for (size_t i = 0; i < sizeof(block) / sizeof(*block); i++)
		if (!strncmp(p, block[i], strlen(block[i])))
			return resolve_block(z, p + strlen(block[i]), n);
	if (!strncmp(p, "/sys/module/", 12))
		return resolve_module(z, p + 12, n);
	if (strncmp(p, "/sys/class/zram-control", 23) || !z->ctl)
		return -ENOENT;
	if (!p[23]) {
		n->kind = ZN_DIR;
		snprintf(n->mirror, sizeof(n->mirror), "sys/class/zram-control");
		return 0;
	}
	if (!strcmp(p + 23, "/hot_add") || !strcmp(p + 23, "/hot_remove")) {
		n->kind = ZN_CTL;
		n->perm = p[28] == 'a' ? 0400 : 0200;
		snprintf(n->name, sizeof(n->name), "%s", p + 24);
		return 0;
	}
	return -ENOENT;
}

/* ---- stat ------------------------------------------------------------------ */

static bool zram_owns(struct smd *d, const char *p)
{
	static const char *const dirs[] = {
		"/dev/zram", "/sys/block/", "/sys/class/block/",
		"/sys/devices/virtual/block/", "/sys/module/",
		"/sys/class/zram-control",
	};

	(void)d;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++)
		if (!strncmp(p, dirs[i], strlen(dirs[i])))
			return true;
	return false;
}

static int zram_stat(struct smd *d, const char *path, struct sm_zram_stat *st)
{
	struct znode n;
	int ret = resolve(d, path, &n);

	if (ret)
		return ret;
	if (n.kind == ZN_DIR) {
		sm_daemon_svc_files_stat_dir(d, path, n.mirror, st);
		return 0;
	}
	if (n.kind == ZN_BDEV) {
		sm_daemon_svc_files_stat_init(d, path, S_IFBLK | n.perm, st);
		st->gid = GID_DISK;
		st->rdev = makedev(SM_ZRAM_MAJOR,
				   (unsigned int)sm_zram_id(n.dev));
		return 0;
	}
	sm_daemon_svc_files_stat_init(d, path, S_IFREG | n.perm, st);
	st->size = 4096;	/* a sysfs attribute: a page to stat */
	return 0;
}

/* ---- reading and writing text ------------------------------------------------ */

static ssize_t mod_read(struct smd *d, const struct znode *n, char *buf,
			size_t len)
{
	struct sm_svc_text t = { .buf = buf, .cap = len };

	if (!strcmp(n->name, "coresize"))
		sm_daemon_svc_text_printf(&t, "%u\n", n->mod->info->size);
	else if (!strcmp(n->name, "initsize"))
		sm_daemon_svc_text_printf(&t, "0\n");
	else if (!strcmp(n->name, "initstate"))
		sm_daemon_svc_text_printf(&t, "live\n");
	else if (!strcmp(n->name, "refcnt"))
		sm_daemon_svc_text_printf(&t, "%d\n", sm_daemon_zram_mod_refcnt(d, n->mod));
	else if (!strcmp(n->name, "taint"))
		sm_daemon_svc_text_printf(&t, "\n");
	else
		return -EIO;
	return (ssize_t)t.len;
}

static int mirror_dev(const char *sys, struct sm_zram *dev);

/* the id hot_add printed or hot_remove was given, or -1 */
static int id_of(const char *buf, size_t len)
{
	char t[16];
	char *end;
	long id;

	if (!len || len >= sizeof(t))
		return -1;
	memcpy(t, buf, len);
	t[len] = '\0';
	id = strtol(t, &end, 10);
	return end != t && (*end == '\n' || !*end) && id >= 0 &&
	       id < 1 << 20 ? (int)id : -1;
}

/*
 * hot_add made zram<id>: add its directory to the mirror, not rebuild
 * the whole of it (at 100 devices that took seconds, the daemon deaf
 * meanwhile); anything unexpected rebuilds.
 */
static void mirror_added(struct smd *d, const char *buf, size_t len)
{
	struct zsvc *z = zsvc_of(d);
	int id = id_of(buf, len);
	struct sm_zram *dev = z->ctl && id >= 0 ?
				      sm_zram_ctl_next(z->ctl, id) : NULL;
	char sys[4096];

	if (!dev || sm_zram_id(dev) != id ||
	    sm_daemon_state_path(d->cfg.state_dir, "sys", sys, sizeof(sys)) ||
	    mirror_dev(sys, dev))
		sm_daemon_svc_files_mirror_sync(d);
}

/* hot_remove took zram<id>: its directory goes */
static void mirror_removed(struct smd *d, const char *buf, size_t len)
{
	char p[4096];
	int id = id_of(buf, len);

	if (id < 0 || (size_t)snprintf(p, sizeof(p), "%s/sys/block/zram%d",
				       d->cfg.state_dir, id) >= sizeof(p) ||
	    sm_daemon_state_rmtree(p))
		sm_daemon_svc_files_mirror_sync(d);
}

/* the whole text of a file (what show() makes) */
static ssize_t zram_read(struct smd *d, const char *path, char *buf, size_t len)
{
	struct zsvc *z = zsvc_of(d);
	struct znode n;
	ssize_t ret = resolve(d, path, &n);

	if (ret)
		return ret;
	switch (n.kind) {
	case ZN_ATTR:
		return sm_zram_attr_read(n.dev, n.name, buf, len);
	case ZN_MOD:
		return mod_read(d, &n, buf, len);
	case ZN_UEVENT: {
		struct sm_svc_text t = { .buf = buf, .cap = len };

		sm_daemon_svc_text_printf(&t, "MAJOR=%u\nMINOR=%d\nDEVNAME=%s\n"
					  "DEVTYPE=disk\n", SM_ZRAM_MAJOR,
					  sm_zram_id(n.dev), sm_zram_name(n.dev));
		return (ssize_t)t.len;
	}
	case ZN_QUEUE:	/* its text is in the name's place */
		snprintf(buf, len, "%s", n.name);
		return (ssize_t)strnlen(buf, len);
	case ZN_CTL:
		ret = sm_zram_ctl_attr_read(z->ctl, n.name, buf, len);
		if (ret > 0 && (size_t)ret < len)
			mirror_added(d, buf, (size_t)ret); /* hot_add's device */
		return ret;
	default:
		return -EISDIR;
	}
}

static ssize_t zram_write(struct smd *d, const char *path,
			  const char *buf, size_t len)
{
	struct zsvc *z = zsvc_of(d);
	struct znode n;
	ssize_t ret = resolve(d, path, &n);

	if (ret)
		return ret;
	switch (n.kind) {
	case ZN_ATTR:
		return sm_zram_attr_write(n.dev, n.name, buf, len);
	case ZN_MOD:	/* uevent: a synthetic uevent, nothing to model */
	case ZN_UEVENT:
		return (ssize_t)len;
	case ZN_CTL:
		ret = sm_zram_ctl_attr_write(z->ctl, n.name, buf, len);
		if (ret > 0)
			mirror_removed(d, buf, len);	/* hot_remove's device */
		return ret;
	default:
		return -EISDIR;
	}
}

/* ---- the mirror ------------------------------------------------------------------ */


static int mirror_dev(const char *sys, struct sm_zram *dev)
{
	char dir[4096 + 64];
	const char *a;
	unsigned int mode;
	int ret;

	snprintf(dir, sizeof(dir), "%s/block", sys);
	ret = sm_daemon_svc_files_mk(dir, sm_zram_name(dev), true);
	snprintf(dir, sizeof(dir), "%s/block/%s", sys, sm_zram_name(dev));
	for (size_t i = 0; !ret && !sm_zram_attr_at(dev, i, &a, &mode); i++)
		ret = sm_daemon_svc_files_mk(dir, a, false);
	if (!ret)
		ret = sm_daemon_svc_files_mk(dir, "uevent", false);
	if (!ret)
		ret = sm_daemon_svc_files_mk(dir, "queue", true);
	snprintf(dir, sizeof(dir), "%s/block/%s/queue", sys,
		 sm_zram_name(dev));
	for (size_t i = 0; !ret && i < sizeof(queue_files) / sizeof(*queue_files);
	     i++)
		ret = sm_daemon_svc_files_mk(dir, queue_files[i].name, false);
	return ret;
}

static int mirror_module(struct zsvc *z, const char *sys,
			 const struct zmod *m)
{
	/* empty until a holder is printed: a module nothing uses prints
	 * nothing, and the scan below must not read past that */
	char dir[4096 + 128], list[256] = "";
	struct sm_svc_text t = { .buf = list, .cap = sizeof(list) };
	int ret;

	snprintf(dir, sizeof(dir), "%s/module", sys);
	ret = sm_daemon_svc_files_mk(dir, m->info->name, true);
	snprintf(dir, sizeof(dir), "%s/module/%s", sys, m->info->name);
	for (size_t i = 0; !ret && i < sizeof(mod_files) / sizeof(*mod_files);
	     i++)
		ret = sm_daemon_svc_files_mk(dir, mod_files[i], false);
	if (!ret)
		ret = sm_daemon_svc_files_mk(dir, "holders", true);
	sm_daemon_zram_mod_holders(z, m, &t, "\n");
	snprintf(dir, sizeof(dir), "%s/module/%s/holders", sys, m->info->name);
	for (char *s = list, *e; !ret && (e = strchr(s, '\n')); s = e + 1) {
		*e = '\0';
		ret = sm_daemon_svc_files_mk(dir, s, true);
	}
	return ret;
}

/* $STATE/sys/{block,module,class}: the stand-ins of the zram service's
 * directories; a zram service not set up yet has none */
static int zram_mirror(struct smd *d, const char *sys)
{
	struct zsvc *z = zsvc_of(d);
	int ret;

	ret = sm_daemon_svc_files_mk(sys, "block", true);
	if (!ret)
		ret = sm_daemon_svc_files_mk(sys, "module", true);
	if (!ret)
		ret = sm_daemon_svc_files_mk(sys, "class", true);
	if (!z)
		return ret;
	for (struct sm_zram *dev = z->ctl ? sm_zram_ctl_next(z->ctl, 0) : NULL;
	     !ret && dev; dev = sm_zram_ctl_next(z->ctl, sm_zram_id(dev) + 1))
		ret = mirror_dev(sys, dev);
	if (!ret && z->ctl) {
		char cls[4096 + 32];

		snprintf(cls, sizeof(cls), "%s/class", sys);
		ret = sm_daemon_svc_files_mk(cls, "zram-control", true);
		snprintf(cls, sizeof(cls), "%s/class/zram-control", sys);
		if (!ret)
			ret = sm_daemon_svc_files_mk(cls, "hot_add", false);
		if (!ret)
			ret = sm_daemon_svc_files_mk(cls, "hot_remove", false);
	}
	for (unsigned int i = 0; !ret && i < z->nmods; i++)
		if (z->mods[i].loaded)
			ret = mirror_module(z, sys, &z->mods[i]);
	return ret;
}

const struct sm_svc_files sm_svc_zram_files = {
	.owns = zram_owns,
	.stat = zram_stat,
	.read = zram_read,
	.write = zram_write,
	.mirror = zram_mirror,
	.file_type = SM_ZFILE_ATTR,
	.mode_checked = true,
};
