// SPDX-License-Identifier: MIT
/*
 * zram_fs.c - the paths of the emulated system the zram service answers
 * for, as its sysfs, procfs and devtmpfs would:
 *
 *   /dev/zram<N>                          block device, 252:<N>, 0660 root:disk
 *   /sys/block/zram<N>/<attr>             the profile's attributes and modes
 *     (also /sys/class/block/zram<N>, /sys/devices/virtual/block/zram<N>)
 *   /sys/class/zram-control/hot_add       0400 (reading it adds a device)
 *   /sys/class/zram-control/hot_remove    0200
 *   /sys/module/<module>/                 coresize initsize initstate refcnt
 *                                         taint uevent holders/
 *   /proc/swaps /proc/modules /proc/meminfo /proc/buddyinfo
 *   /proc/pagetypeinfo (0400)
 *   /sys/kernel/debug/cma/<area>/         base_pfn count order_per_bit used
 *                                         maxchunk bitmap (0444; only with
 *                                         CONFIG_CMA_DEBUGFS: SOCMEM_KCONFIG)
 *   /sys/kernel/mm/cma/<area>/            alloc_pages_success ... (0444;
 *                                         CONFIG_CMA_SYSFS, the kernel's set)
 *
 * Open rules of kernfs and procfs: a sysfs attribute opened for reading
 * without show() or for writing without store() is EACCES; a directory
 * opened for writing is EISDIR; a name that does not exist is ENOENT, and
 * creating one is EACCES (sysfs cannot create files). A sysfs attribute
 * is 4096 bytes to stat, a proc file 0.
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

#include "zram_svc.h"

#define GID_DISK 6

enum znode_kind { ZN_DIR = 1, ZN_ATTR, ZN_CTL, ZN_MOD, ZN_PROC, ZN_BDEV,
		  ZN_QUEUE, ZN_UEVENT, ZN_CMADBG, ZN_CMASYS };

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
	struct sm_cma *cma;
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
	n->mod = zmod_find(z, name);
	if (!n->mod || !n->mod->loaded)
		return -ENOENT;
	snprintf(n->mirror, sizeof(n->mirror), "sys/module/%s", name);
	if (!*rest) {
		n->kind = ZN_DIR;
		return 0;
	}
	if (!strncmp(rest, "holders", 7) && (!rest[7] || rest[7] == '/')) {
		struct zmod *u = rest[7] ? zmod_find(z, rest + 8) : NULL;

		if (rest[7] && (!u || !u->loaded || !zmod_uses(u, n->mod)))
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

/* the emulated system's /proc files and their modes (fs/proc, mm/vmstat.c) */
static const struct { const char *name; unsigned int perm; } proc_files[] = {
	{ "swaps", 0444 }, { "modules", 0444 }, { "meminfo", 0444 },
	{ "buddyinfo", 0444 }, { "pagetypeinfo", 0400 },
};

/* mm/cma_debug.c: one directory per area, read-only counters and the bitmap */
static const char *const cma_debug_files[] = {
	"base_pfn", "bitmap", "count", "maxchunk", "order_per_bit", "used",
};

static int resolve_cma_debugfs(struct smd *d, const char *rest,
			       struct znode *n)
{
	char area[64];
	const char *slash;
	size_t l;

	snprintf(n->mirror, sizeof(n->mirror), "sys/kernel/debug/cma");
	if (!*rest) {
		n->kind = ZN_DIR;
		return 0;
	}
	rest++;			/* the '/' */
	slash = strchr(rest, '/');
	l = slash ? (size_t)(slash - rest) : strlen(rest);
	if (l >= sizeof(area))
		return -ENOENT;
	snprintf(area, sizeof(area), "%.*s", (int)l, rest);
	n->cma = sm_mm_cma_find(d->sys, area);
	if (!n->cma)
		return -ENOENT;
	if (!slash) {
		n->kind = ZN_DIR;
		snprintf(n->mirror, sizeof(n->mirror),
			 "sys/kernel/debug/cma/%s", area);
		return 0;
	}
	for (size_t i = 0; i < sizeof(cma_debug_files) / sizeof(*cma_debug_files); i++)
		if (!strcmp(slash + 1, cma_debug_files[i])) {
			n->kind = ZN_CMADBG;
			n->perm = 0444;
			snprintf(n->name, sizeof(n->name), "%s", slash + 1);
			return 0;
		}
	return -ENOENT;
}

/* /sys/kernel/mm/cma/<area>/<counter> (CONFIG_CMA_SYSFS, mm/cma_sysfs.c) */
static int resolve_cma_sysfs(struct smd *d, const char *rest,
			     struct znode *n)
{
	const char *const *files = sm_mm_cma_sysfs_files(d->sys);
	char area[64];
	const char *slash;
	size_t l;

	snprintf(n->mirror, sizeof(n->mirror), "sys/kernel/mm/cma");
	if (!*rest) {
		n->kind = ZN_DIR;
		return 0;
	}
	rest++;			/* the '/' */
	slash = strchr(rest, '/');
	l = slash ? (size_t)(slash - rest) : strlen(rest);
	if (l >= sizeof(area))
		return -ENOENT;
	snprintf(area, sizeof(area), "%.*s", (int)l, rest);
	n->cma = sm_mm_cma_find(d->sys, area);
	if (!n->cma)
		return -ENOENT;
	if (!slash) {
		n->kind = ZN_DIR;
		snprintf(n->mirror, sizeof(n->mirror), "sys/kernel/mm/cma/%s",
			 area);
		return 0;
	}
	for (; *files; files++)
		if (!strcmp(slash + 1, *files)) {
			n->kind = ZN_CMASYS;
			n->perm = 0444;
			snprintf(n->name, sizeof(n->name), "%s", slash + 1);
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
	for (size_t i = 0; i < sizeof(proc_files) / sizeof(*proc_files); i++)
		if (!strncmp(p, "/proc/", 6) &&
		    !strcmp(p + 6, proc_files[i].name)) {
			n->kind = ZN_PROC;
			n->perm = proc_files[i].perm;
			snprintf(n->name, sizeof(n->name), "%s", p + 6);
			return 0;
		}
	if (d->board->profile->cma_debugfs &&
	    !strncmp(p, "/sys/kernel/debug/cma", 21) && (!p[21] || p[21] == '/'))
		return resolve_cma_debugfs(d, p + 21, n);
	if (sm_mm_cma_sysfs_files(d->sys) &&
	    !strncmp(p, "/sys/kernel/mm/cma", 18) && (!p[18] || p[18] == '/'))
		return resolve_cma_sysfs(d, p + 18, n);
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

/* ---- stat, open --------------------------------------------------------------- */

static uint64_t path_ino(const char *p)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *p; p++)
		h = (h ^ (uint8_t)*p) * 1099511628211ULL;
	return (h & 0xffffffffULL) | 0x100000000ULL;
}

int zfs_stat(struct smd *d, const char *path, struct sm_zram_stat *st)
{
	struct znode n;
	int ret = resolve(d, path, &n);

	if (ret)
		return ret;
	memset(st, 0, sizeof(*st));
	st->nlink = 1;
	st->ino = path_ino(path);
	st->time = d->started;
	switch (n.kind) {
	case ZN_DIR:
		st->mode = S_IFDIR | 0755;
		st->nlink = 2;
		snprintf(st->mirror, sizeof(st->mirror), "%s", n.mirror);
		break;
	case ZN_BDEV:
		st->mode = S_IFBLK | n.perm;
		st->gid = GID_DISK;
		st->rdev = makedev(SM_ZRAM_MAJOR,
				   (unsigned int)sm_zram_id(n.dev));
		break;
	case ZN_PROC:
	case ZN_CMADBG:	/* procfs and debugfs files are 0 bytes to stat */
		st->mode = S_IFREG | n.perm;
		break;
	default:	/* a sysfs attribute: a page to stat */
		st->mode = S_IFREG | n.perm;
		st->size = 4096;
	}
	return 0;
}

/* kernfs_fop_open() / proc_reg_open() / may_open() */
static int may_open(const struct znode *n, uint32_t flags)
{
	int acc = (int)(flags & O_ACCMODE);
	bool rd = acc != O_WRONLY, wr = acc != O_RDONLY;

	if ((flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if (n->kind == ZN_DIR)
		return wr ? -EISDIR : 0;
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	if (n->kind == ZN_PROC || n->kind == ZN_BDEV)
		return 0;	/* root may open them either way */
	if ((rd && !(n->perm & 0444)) || (wr && !(n->perm & 0222)))
		return -EACCES;
	return 0;
}

int zfs_open(struct smd *d, const char *path, uint32_t flags,
	     struct sm_zram_file *f)
{
	struct sm_zram_stat st;
	struct znode n;
	int ret = resolve(d, path, &n);

	if (ret)
		return ret == -ENOENT && (flags & O_CREAT) ? -EACCES : ret;
	ret = may_open(&n, flags);
	if (ret)
		return ret;
	zfs_stat(d, path, &st);
	memset(f, 0, sizeof(*f));
	f->type = n.kind == ZN_DIR ? SM_ZFILE_DIR :
		  n.kind == ZN_BDEV ? SM_ZFILE_BDEV :
		  n.kind == ZN_PROC || n.kind == ZN_CMADBG ? SM_ZFILE_PROC :
							     SM_ZFILE_ATTR;
	f->dev = n.dev ? sm_zram_id(n.dev) : -1;
	f->mode = st.mode;
	f->flags = flags;
	f->ino = st.ino;
	snprintf(f->path, sizeof(f->path), "%s", path);
	snprintf(f->mirror, sizeof(f->mirror), "%s", n.mirror);
	return 0;
}

/* ---- reading and writing text ------------------------------------------------ */

static ssize_t mod_read(struct smd *d, const struct znode *n, char *buf,
			size_t len)
{
	struct ztext t = { .buf = buf, .cap = len };

	if (!strcmp(n->name, "coresize"))
		ztext_printf(&t, "%u\n", n->mod->info->size);
	else if (!strcmp(n->name, "initsize"))
		ztext_printf(&t, "0\n");
	else if (!strcmp(n->name, "initstate"))
		ztext_printf(&t, "live\n");
	else if (!strcmp(n->name, "refcnt"))
		ztext_printf(&t, "%d\n", zmod_refcnt(d, n->mod));
	else if (!strcmp(n->name, "taint"))
		ztext_printf(&t, "\n");
	else
		return -EIO;
	return (ssize_t)t.len;
}

static ssize_t proc_read(struct smd *d, const struct znode *n, char *buf,
			 size_t len)
{
	struct ztext t = { .buf = buf, .cap = len };
	int ret;

	if (!strcmp(n->name, "modules")) {
		zmods_proc(d, &t);
		return (ssize_t)t.len;
	}
	ret = sm_mm_format(d->sys, n->name, buf, len);
	return ret == -ENOSPC ? (ssize_t)len - 1 : ret;
}

/* mm/cma_debug.c's files: "%llu\n" each, the bitmap as debugfs prints a u32 array */
static ssize_t cma_debug_read(const struct znode *n, char *buf, size_t len)
{
	struct ztext t = { .buf = buf, .cap = len };
	struct sm_cma_stats st;
	uint32_t *w;
	size_t nw;

	sm_mm_cma_stats(n->cma, &st);
	if (!strcmp(n->name, "base_pfn"))
		ztext_printf(&t, "%llu\n", (unsigned long long)st.base_pfn);
	else if (!strcmp(n->name, "count"))
		ztext_printf(&t, "%llu\n", (unsigned long long)st.count);
	else if (!strcmp(n->name, "used"))
		ztext_printf(&t, "%llu\n", (unsigned long long)st.used);
	else if (!strcmp(n->name, "maxchunk"))
		ztext_printf(&t, "%llu\n", (unsigned long long)st.maxchunk);
	else if (!strcmp(n->name, "order_per_bit"))
		ztext_printf(&t, "%u\n", sm_mm_cma_order_per_bit(n->cma));
	else {
		nw = sm_mm_cma_bitmap_u32(n->cma, NULL, 0);
		w = calloc(nw ? nw : 1, sizeof(*w));
		if (!w)
			return -ENOMEM;
		sm_mm_cma_bitmap_u32(n->cma, w, nw);
		for (size_t i = 0; i < nw; i++)
			ztext_printf(&t, "%u%c", w[i], i + 1 < nw ? ' ' : '\n');
		free(w);
	}
	return (ssize_t)t.len;
}

/* the whole text of a file (what show() or the seq_file makes) */
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
	    smd_state_path(d->cfg.state_dir, "sys", sys, sizeof(sys)) ||
	    mirror_dev(sys, dev))
		zfs_mirror_sync(d);
}

/* hot_remove took zram<id>: its directory goes */
static void mirror_removed(struct smd *d, const char *buf, size_t len)
{
	char p[4096];
	int id = id_of(buf, len);

	if (id < 0 || (size_t)snprintf(p, sizeof(p), "%s/sys/block/zram%d",
				       d->cfg.state_dir, id) >= sizeof(p) ||
	    smd_state_rmtree(p))
		zfs_mirror_sync(d);
}

ssize_t zfs_read(struct smd *d, const char *path, char *buf, size_t len)
{
	struct zsvc *z = zsvc_of(d);
	struct znode n;
	ssize_t ret = resolve(d, path, &n);

	if (ret)
		return ret == -ENOENT ? -ENODEV : ret;	/* gone while open */
	switch (n.kind) {
	case ZN_ATTR:
		return sm_zram_attr_read(n.dev, n.name, buf, len);
	case ZN_MOD:
		return mod_read(d, &n, buf, len);
	case ZN_UEVENT: {
		struct ztext t = { .buf = buf, .cap = len };

		ztext_printf(&t, "MAJOR=%u\nMINOR=%d\nDEVNAME=%s\nDEVTYPE=disk\n",
			     SM_ZRAM_MAJOR, sm_zram_id(n.dev),
			     sm_zram_name(n.dev));
		return (ssize_t)t.len;
	}
	case ZN_QUEUE:	/* its text is in the name's place */
		snprintf(buf, len, "%s", n.name);
		return (ssize_t)strnlen(buf, len);
	case ZN_PROC:
		return proc_read(d, &n, buf, len);
	case ZN_CMADBG:
		return cma_debug_read(&n, buf, len);
	case ZN_CMASYS: {
		struct ztext t = { .buf = buf, .cap = len };
		uint64_t v = 0;

		sm_mm_cma_sysfs_value(d->sys, n.cma, n.name, &v);
		ztext_printf(&t, "%llu\n", (unsigned long long)v);
		return (ssize_t)t.len;
	}
	case ZN_CTL:
		ret = sm_zram_ctl_attr_read(z->ctl, n.name, buf, len);
		if (ret > 0 && (size_t)ret < len)
			mirror_added(d, buf, (size_t)ret); /* hot_add's device */
		return ret;
	default:
		return -EISDIR;
	}
}

ssize_t zfs_write(struct smd *d, const char *path, const char *buf,
		  size_t len)
{
	struct zsvc *z = zsvc_of(d);
	struct znode n;
	ssize_t ret = resolve(d, path, &n);

	if (ret)
		return ret == -ENOENT ? -ENODEV : ret;
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
	case ZN_PROC:
	case ZN_CMADBG:
	case ZN_CMASYS:
		return -EIO;	/* no write op */
	default:
		return -EISDIR;
	}
}

/* ---- the mirror ------------------------------------------------------------------ */

static int mk(const char *dir, const char *name, bool is_dir)
{
	char p[4096 + 256];
	int fd;

	if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, name) >= sizeof(p))
		return -ENAMETOOLONG;
	if (is_dir)
		return mkdir(p, 0700) && errno != EEXIST ? -errno : 0;
	fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int mirror_dev(const char *sys, struct sm_zram *dev)
{
	char dir[4096 + 64];
	const char *a;
	unsigned int mode;
	int ret;

	snprintf(dir, sizeof(dir), "%s/block", sys);
	ret = mk(dir, sm_zram_name(dev), true);
	snprintf(dir, sizeof(dir), "%s/block/%s", sys, sm_zram_name(dev));
	for (size_t i = 0; !ret && !sm_zram_attr_at(dev, i, &a, &mode); i++)
		ret = mk(dir, a, false);
	if (!ret)
		ret = mk(dir, "uevent", false);
	if (!ret)
		ret = mk(dir, "queue", true);
	snprintf(dir, sizeof(dir), "%s/block/%s/queue", sys,
		 sm_zram_name(dev));
	for (size_t i = 0; !ret && i < sizeof(queue_files) / sizeof(*queue_files);
	     i++)
		ret = mk(dir, queue_files[i].name, false);
	return ret;
}

static int mirror_module(struct zsvc *z, const char *sys,
			 const struct zmod *m)
{
	char dir[4096 + 128], list[256];
	struct ztext t = { .buf = list, .cap = sizeof(list) };
	int ret;

	snprintf(dir, sizeof(dir), "%s/module", sys);
	ret = mk(dir, m->info->name, true);
	snprintf(dir, sizeof(dir), "%s/module/%s", sys, m->info->name);
	for (size_t i = 0; !ret && i < sizeof(mod_files) / sizeof(*mod_files);
	     i++)
		ret = mk(dir, mod_files[i], false);
	if (!ret)
		ret = mk(dir, "holders", true);
	zmod_holders(z, m, &t, "\n");
	snprintf(dir, sizeof(dir), "%s/module/%s/holders", sys, m->info->name);
	for (char *s = list, *e; !ret && (e = strchr(s, '\n')); s = e + 1) {
		*e = '\0';
		ret = mk(dir, s, true);
	}
	return ret;
}

/* $STATE/sys, rebuilt from the state of now */
/* /sys/kernel/debug/cma/<area>/: the names a listing shows */
static int mirror_cma_debugfs(struct smd *d, const char *sys)
{
	char dir[4096 + 128];
	int ret;

	snprintf(dir, sizeof(dir), "%s/kernel", sys);
	ret = mk(sys, "kernel", true);
	if (!ret)
		ret = mk(dir, "debug", true);
	snprintf(dir, sizeof(dir), "%s/kernel/debug", sys);
	if (!ret)
		ret = mk(dir, "cma", true);
	for (size_t i = 0; !ret && i < sm_mm_cma_count(d->sys); i++) {
		const char *name = sm_mm_cma_name(sm_mm_cma_at(d->sys, i));
		char area[4096 + 256];

		snprintf(dir, sizeof(dir), "%s/kernel/debug/cma", sys);
		ret = mk(dir, name, true);
		snprintf(area, sizeof(area), "%s/%s", dir, name);
		for (size_t f = 0; !ret && f < sizeof(cma_debug_files) / sizeof(*cma_debug_files); f++)
			ret = mk(area, cma_debug_files[f], false);
	}
	return ret;
}

static int mirror_cma_sysfs(struct smd *d, const char *sys)
{
	const char *const *files = sm_mm_cma_sysfs_files(d->sys);
	char dir[4096 + 128];
	int ret;

	snprintf(dir, sizeof(dir), "%s/kernel", sys);
	ret = mk(sys, "kernel", true);
	if (!ret)
		ret = mk(dir, "mm", true);
	snprintf(dir, sizeof(dir), "%s/kernel/mm", sys);
	if (!ret)
		ret = mk(dir, "cma", true);
	snprintf(dir, sizeof(dir), "%s/kernel/mm/cma", sys);
	for (size_t i = 0; !ret && i < sm_mm_cma_count(d->sys); i++) {
		const char *name = sm_mm_cma_name(sm_mm_cma_at(d->sys, i));
		char area[4096 + 256];

		ret = mk(dir, name, true);
		snprintf(area, sizeof(area), "%s/%s", dir, name);
		for (const char *const *f = files; !ret && *f; f++)
			ret = mk(area, *f, false);
	}
	return ret;
}

int zfs_mirror_sync(struct smd *d)
{
	struct zsvc *z = zsvc_of(d);
	char sys[4096];
	int ret;

	if (smd_state_path(d->cfg.state_dir, "sys", sys, sizeof(sys)))
		return -ENAMETOOLONG;
	ret = smd_state_rmtree(sys);
	if (!ret)
		ret = mk(d->cfg.state_dir, "sys", true);
	if (!ret)
		ret = mk(sys, "block", true);
	if (!ret)
		ret = mk(sys, "module", true);
	if (!ret)
		ret = mk(sys, "class", true);
	for (struct sm_zram *dev = z->ctl ? sm_zram_ctl_next(z->ctl, 0) : NULL;
	     !ret && dev; dev = sm_zram_ctl_next(z->ctl, sm_zram_id(dev) + 1))
		ret = mirror_dev(sys, dev);
	if (!ret && z->ctl) {
		char cls[4096 + 32];

		snprintf(cls, sizeof(cls), "%s/class", sys);
		ret = mk(cls, "zram-control", true);
		snprintf(cls, sizeof(cls), "%s/class/zram-control", sys);
		if (!ret)
			ret = mk(cls, "hot_add", false);
		if (!ret)
			ret = mk(cls, "hot_remove", false);
	}
	for (unsigned int i = 0; !ret && i < z->nmods; i++)
		if (z->mods[i].loaded)
			ret = mirror_module(z, sys, &z->mods[i]);
	if (!ret && d->board->profile->cma_debugfs)
		ret = mirror_cma_debugfs(d, sys);
	if (!ret && sm_mm_cma_sysfs_files(d->sys))
		ret = mirror_cma_sysfs(d, sys);
	return ret;
}
