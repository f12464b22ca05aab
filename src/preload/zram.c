// SPDX-License-Identifier: MIT
/*
 * zram.c - the emulated system's zram as programs see it: /dev/zram<N>
 * (a block device: read, write, pread, pwrite, lseek, fstat, the BLK*
 * ioctls mkswap, swapon and blkid use, fsync), /sys/block/zram<N>/ and
 * /sys/class/zram-control/ (sysfs attributes: the text of show() at the
 * first read, store() at each write, the kernel's errnos), /sys/module/,
 * /proc/swaps, /proc/modules, /proc/meminfo, /proc/buddyinfo,
 * /proc/pagetypeinfo and /proc/vmstat (socmemd routes each path to the service that
 * serves it, src/daemon/svc_files.c), and /lib/modules/<release>/, where kmod finds
 * zram's modules (a tree socmemd writes in its state directory).
 *
 * Every answer is the emulated system's: nothing here reaches the host's
 * zram devices, swap or modules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <linux/fs.h>

#include "internal.h"
#include "../daemon/sys.h"

#define PAGE 4096

/* ---- which paths -------------------------------------------------------- */

static pthread_once_t rel_once = PTHREAD_ONCE_INIT;
static char host_release[65];	/* uname -r: the tree kmod looks in */

static void read_release(void)
{
	struct utsname u;

	if (!uname(&u))
		snprintf(host_release, sizeof(host_release), "%s", u.release);
}

/* "/lib/modules/<uname -r>[/...]": the rest after it, or NULL */
static const char *modules_rest(const char *p)
{
	size_t l;

	if (strncmp(p, "/lib/modules/", 13))
		return NULL;
	pthread_once(&rel_once, read_release);
	l = strlen(host_release);
	if (!l || strncmp(p + 13, host_release, l) ||
	    (p[13 + l] && p[13 + l] != '/'))
		return NULL;
	return p + 13 + l;
}

/* "<prefix>zram<N>" followed by the end or '/' */
static bool zram_name(const char *p, const char *prefix, bool dirs)
{
	size_t l = strlen(prefix);
	const char *s = p + l;

	if (strncmp(p, prefix, l) || strncmp(s, "zram", 4) ||
	    s[4] < '0' || s[4] > '9')
		return false;
	for (s += 4; *s >= '0' && *s <= '9'; s++)
		;
	return !*s || (dirs && *s == '/');
}

/* "/dev/block/<zram's major>:" */
static bool devblock(const char *p)
{
	char pre[32];
	int l = snprintf(pre, sizeof(pre), "/dev/block/%u:", SM_ZRAM_MAJOR);

	return !strncmp(p, pre, (size_t)l);
}

/* devtmpfs's /dev/block/252:<N> -> ../zram<N> (systemd opens that) */
static void devblock_alias(char *p, size_t len)
{
	static const char dev[] = "/dev/block/";
	char major[16];
	const char *s = p + sizeof(dev) - 1, *minor;
	size_t l = (size_t)snprintf(major, sizeof(major), "%u:", SM_ZRAM_MAJOR);

	if (strncmp(p, dev, sizeof(dev) - 1) || strncmp(s, major, l))
		return;
	minor = s + l;
	for (s = minor; *s >= '0' && *s <= '9'; s++)
		;
	if (s == minor || *s || len < 32)
		return;
	memmove(p + 9, minor, (size_t)(s - minor) + 1);
	memcpy(p, "/dev/zram", 9);
}

void sm_preload_zram_devnum_alias(char *p, size_t len)
{
	static const char dev[] = "/sys/dev/block/";
	static const char virt[] = "/sys/devices/virtual/block/zram";
	char major[16], out[4096];
	const char *s = p + sizeof(dev) - 1, *minor;
	size_t l = (size_t)snprintf(major, sizeof(major), "%u:", SM_ZRAM_MAJOR);

	devblock_alias(p, len);
	if (strncmp(p, dev, sizeof(dev) - 1) || strncmp(s, major, l))
		return;
	minor = s + l;
	for (s = minor; *s >= '0' && *s <= '9'; s++)
		;
	if (s == minor || (*s && *s != '/'))
		return;
	if ((size_t)snprintf(out, sizeof(out), "%s%.*s%s", virt,
			     (int)(s - minor), minor, s) < len)
		strcpy(p, out);
}

/* the first @len bytes of @p are a zram device's sysfs directory */
static bool zram_dir_of(const char *p, size_t len)
{
	char d[128];

	if (len >= sizeof(d))
		return false;
	memcpy(d, p, len);
	d[len] = '\0';
	sm_preload_zram_devnum_alias(d, sizeof(d));	/* /sys/dev/block/252:<N> */
	return zram_name(d, "/sys/block/", false) ||
	       zram_name(d, "/sys/class/block/", false) ||
	       zram_name(d, "/sys/devices/virtual/block/", false);
}

size_t sm_preload_zram_link(const char *p, char *target, size_t tlen, char *dir,
			    size_t dlen)
{
	static const struct { const char *at, *up; } links[] = {
		{ "/sys/block/", ".." },
		{ "/sys/class/block/", "../.." },
		{ "/sys/dev/block/", "../.." },
	};
	char devnum[16];
	const char *n = NULL, *s;
	int l;

	/* a device's subsystem link (udev and systemd read it) */
	s = strrchr(p, '/');
	if (s && !strcmp(s, "/subsystem") &&
	    (size_t)(s - p) < dlen && zram_dir_of(p, (size_t)(s - p))) {
		l = snprintf(target, tlen, "../../../../class/block");
		snprintf(dir, dlen, "/sys/class/block");
		return l > 0 && (size_t)l < tlen ? (size_t)l : 0;
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(*links) && !n; i++) {
		size_t al = strlen(links[i].at);

		if (strncmp(p, links[i].at, al))
			continue;
		s = p + al;
		if (i == 2) {	/* "252:<N>" */
			l = snprintf(devnum, sizeof(devnum), "%u:",
				     SM_ZRAM_MAJOR);
			if (strncmp(s, devnum, (size_t)l))
				return 0;
			s += l;
		} else if (zram_name(p, links[i].at, false)) {
			s += 4;
		} else {
			return 0;
		}
		n = s;
		while (*s >= '0' && *s <= '9')
			s++;
		if (s == n || *s)
			return 0;
		l = snprintf(target, tlen, "%s/devices/virtual/block/zram%s",
			     links[i].up, n);
		if (l < 0 || (size_t)l >= tlen ||
		    (size_t)snprintf(dir, dlen, "/sys/devices/virtual/block/zram%s",
				     n) >= dlen)
			return 0;
		return (size_t)l;
	}
	return 0;
}

static bool under(const char *p, const char *dir)
{
	size_t l = strlen(dir);

	return !strncmp(p, dir, l) && (!p[l] || p[l] == '/');
}

bool sm_preload_zram_match(const char *p)
{
	static const char *const mods[] = {
		"/sys/module/zram", "/sys/module/zsmalloc",
		"/sys/module/lz4_compress", "/sys/module/lz4hc_compress",
	};

	if (p[1] == 'd')
		return zram_name(p, "/dev/", false) || devblock(p);
	if (p[1] == 'p')
		return !strcmp(p, "/proc/swaps") || !strcmp(p, "/proc/modules") ||
		       !strcmp(p, "/proc/meminfo") ||
		       !strcmp(p, "/proc/buddyinfo") ||
		       !strcmp(p, "/proc/pagetypeinfo") ||
		       !strcmp(p, "/proc/vmstat");
	if (p[1] == 'l')
		return modules_rest(p) != NULL;
	/* the board's CMA debugfs and sysfs (socmemd answers ENOENT when its
	 * kernel config has none, as Debian's builds have no debugfs) */
	if (zram_name(p, "/sys/block/", true) ||
	    zram_name(p, "/sys/class/block/", true) ||
	    zram_name(p, "/sys/devices/virtual/block/", true) ||
	    under(p, "/sys/class/zram-control") ||
	    under(p, "/sys/kernel/debug/cma") ||
	    under(p, "/sys/kernel/mm/cma"))
		return true;
	for (size_t i = 0; i < sizeof(mods) / sizeof(*mods); i++)
		if (under(p, mods[i]))
			return true;
	return false;
}

/* ---- the module tree: files socmemd wrote, opened for real ---------------- */

/* the state directory's copy of /lib/modules/<uname -r>/@rest (under
 * the lock, like every pl_path callback) */
static int modules_path(const char *rest, char *buf, size_t len)
{
	struct sm_client_zstate s;
	int ret;

	ret = PL_ASK(c, sm_daemon_client_zram_state(c, &s));
	if (ret)
		return ret;
	/* a path that does not fit is one no real file has */
	if ((size_t)snprintf(buf, len, "%s/lib/modules/%s%s", pl.state_dir,
			     s.release, rest) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* ---- open, stat, directories -------------------------------------------------- */

/* a served directory: its stand-in, whose path pathres.c reads back */
static int open_mirror(const char *mirror, int flags, mode_t mode)
{
	char p[SM_DAEMON_PATH_MAX + SM_ZRAM_PATH_MAX + 8];
	int fd;

	snprintf(p, sizeof(p), "%s/%.*s", pl.state_dir, SM_ZRAM_PATH_MAX - 1,
		 mirror);
	fd = pl_real.openat(AT_FDCWD, p, flags, mode);
	return fd < 0 ? -errno : fd;
}

static struct pl_file *zfile_new(const struct sm_client_zfile *zf, int fd)
{
	const struct pl_kind *k = zf->type == SM_ZFILE_BDEV ? &pl_kind_zbdev :
							       &pl_kind_zfile;
	struct pl_zfile *z = calloc(1, sizeof(*z));
	struct pl_file *f;
	struct stat st;

	if (!z)
		return NULL;
	f = sm_preload_file_new(k, 0, (int)(zf->flags & ~(O_CREAT | O_EXCL | O_NOCTTY |
						   O_TRUNC | O_CLOEXEC)) |
				      O_LARGEFILE);
	if (!f) {
		free(z);
		return NULL;
	}
	z->f = *zf;
	f->z = z;
	f->refs = 1;
	if (fd >= 0 && !sm_sys_fstat(fd, &st))
		f->ino = st.st_ino;
	return f;
}

int sm_preload_zram_open(const char *path, int flags, mode_t mode)
{
	static struct sm_client_zfile zf;	/* under the lock */
	const char *rest = modules_rest(path);
	char p[SM_DAEMON_PATH_MAX + 256];
	struct pl_file *f;
	int fd = -1, ret;

	if (rest) {	/* kmod's files: real files, opened for real */
		ret = modules_path(rest, p, sizeof(p));
		if (ret)
			return ret;
		fd = pl_real.openat(AT_FDCWD, p, flags, mode);
		return fd < 0 ? -errno : fd;
	}
	ret = PL_ASK(c, sm_daemon_client_zram_open(c, path, flags, flags & O_CLOEXEC,
						   &zf, &fd));
	if (ret)
		return ret;
	if (zf.type == SM_ZFILE_DIR)
		return open_mirror(zf.mirror, flags, mode);
	f = zfile_new(&zf, fd);
	if (!f || sm_preload_fd_set(fd, f)) {
		sm_preload_file_put(f);
		sm_sys_close(fd);
		return -ENOMEM;
	}
	return fd;
}

static void fill_stat(const struct sm_client_zstat *zs, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	/* devtmpfs for the device, sysfs or proc for the rest */
	st->st_dev = S_ISBLK(zs->mode) ? makedev(0, 5) : makedev(0, 21);
	st->st_ino = (ino_t)zs->ino;
	st->st_mode = zs->mode;
	st->st_nlink = zs->nlink;
	st->st_uid = zs->uid;
	st->st_gid = zs->gid;
	st->st_rdev = (dev_t)zs->rdev;
	st->st_size = (off_t)zs->size;
	st->st_blksize = PAGE;
	st->st_blocks = 0;
	st->st_atime = st->st_mtime = st->st_ctime = (time_t)zs->time;
}

/* the daemon's stat of @path, and its mirror when it is a directory */
static int zstat(const char *path, struct sm_client_zstat *zs)
{
	return PL_ASK(c, sm_daemon_client_zram_stat(c, path, zs));
}

int sm_preload_zram_stat(const char *path, struct stat *st)
{
	const char *rest = modules_rest(path);
	char p[SM_DAEMON_PATH_MAX + 256];
	struct sm_client_zstat zs;
	int ret;

	if (rest) {
		ret = modules_path(rest, p, sizeof(p));
		if (!ret && stat(p, st))
			ret = -errno;
		return ret;
	}
	ret = zstat(path, &zs);
	if (!ret)
		fill_stat(&zs, st);
	return ret;
}

int sm_preload_zram_dir(const char *path, char *mirror, size_t len)
{
	const char *rest = modules_rest(path);
	struct sm_client_zstat zs;
	int ret;

	if (rest)
		return modules_path(rest, mirror, len);
	ret = zstat(path, &zs);
	if (ret)
		return ret;
	if (!S_ISDIR(zs.mode))
		return -ENOTDIR;
	snprintf(mirror, len, "%s", zs.mirror);
	return 0;
}

/* ---- sysfs and proc text ------------------------------------------------------ */

#define FMODE_READ(f) (((f)->flags & O_ACCMODE) != O_WRONLY)
#define FMODE_WRITE(f) (((f)->flags & O_ACCMODE) != O_RDONLY)

/* the file's whole text now (show(), or the seq_file's records) */
static int fetch_text(struct pl_file *f)
{
	static unsigned char rb[SM_ZRAM_IO_MAX];	/* under the lock */
	size_t rl = 0;
	char *t;
	int ret;

	ret = PL_ASK(c, sm_daemon_client_zram_read(c, f->z->f.path, 0, 0, rb,
						   sizeof(rb), &rl));
	if (ret)
		return ret;
	t = malloc(rl + 1);
	if (!t)
		return -ENOMEM;
	memcpy(t, rb, rl);
	free(f->z->text);
	f->z->text = t;
	f->z->tlen = rl;
	return 0;
}

static ssize_t text_pread(struct pl_file *f, void *buf, size_t n, off_t off)
{
	struct pl_zfile *z = f->z;
	size_t avail;
	int ret;

	if (!FMODE_READ(f))
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	if (!off || !z->text) {	/* seq_file: a read from 0 shows again */
		ret = fetch_text(f);
		if (ret)
			return ret;
	}
	if ((uint64_t)off >= z->tlen)
		return 0;
	avail = z->tlen - (size_t)off;
	if (n > avail)
		n = avail;
	if (sm_preload_copy_out(buf, z->text + off, n))
		return -EFAULT;
	return (ssize_t)n;
}

/* kernfs_fop_write_iter(): each write is one store() of at most a page */
static ssize_t text_pwrite(struct pl_file *f, const void *buf, size_t n,
			   off_t off)
{
	static unsigned char data[PAGE];	/* under the lock */
	size_t count = 0;
	int ret;

	(void)off;
	if (!FMODE_WRITE(f))
		return -EBADF;
	if (n > PAGE)
		n = PAGE;
	if (sm_preload_copy_in(data, buf, n))
		return -EFAULT;
	if (!n)
		return 0;	/* sysfs never calls store() for nothing */
	/* the count comes back checked: never more than was asked */
	ret = PL_ASK(c, sm_daemon_client_zram_write(c, f->z->f.path, f->flags, 0,
						    data, n, &count));
	return ret ? ret : (ssize_t)count;
}

static ssize_t ret_errno(ssize_t ret)
{
	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

static ssize_t text_read(struct pl_file *f, void *buf, size_t n)
{
	ssize_t ret = text_pread(f, buf, n, (off_t)f->z->pos);

	if (ret > 0)
		f->z->pos += (uint64_t)ret;
	return ret_errno(ret);
}

static ssize_t text_write(struct pl_file *f, const void *buf, size_t n)
{
	ssize_t ret = text_pwrite(f, buf, n, (off_t)f->z->pos);

	if (ret > 0)
		f->z->pos += (uint64_t)ret;
	return ret_errno(ret);
}

static ssize_t text_pread_e(struct pl_file *f, void *buf, size_t n, off_t off)
{
	return ret_errno(text_pread(f, buf, n, off));
}

static ssize_t text_pwrite_e(struct pl_file *f, const void *buf, size_t n,
			     off_t off)
{
	return ret_errno(text_pwrite(f, buf, n, off));
}

/* sysfs: generic_file_llseek() over 4096 bytes; proc: seq_lseek() */
static off_t text_lseek(struct pl_file *f, off_t off, int whence)
{
	struct pl_zfile *z = f->z;
	int64_t base = whence == SEEK_SET ? 0 :
		       whence == SEEK_CUR ? (int64_t)z->pos :
		       whence == SEEK_END && z->f.type == SM_ZFILE_ATTR ? PAGE :
		       -1;

	if (base < 0 || base + off < 0) {
		errno = EINVAL;
		return -1;
	}
	z->pos = (uint64_t)(base + off);
	return (off_t)z->pos;
}

static int text_fstat(struct pl_file *f, struct stat *st)
{
	struct sm_client_zstat zs = {
		.mode = f->z->f.mode,
		.nlink = 1,
		.size = f->z->f.type == SM_ZFILE_ATTR ? PAGE : 0,
		.ino = f->z->f.ino,
	};

	if (pl.client)
		zs.time = sm_daemon_hello(pl.client)->started;
	fill_stat(&zs, st);
	return 0;
}

static int no_ioctl(int fd, struct pl_file *f, unsigned long cmd, void *arg)
{
	(void)fd;
	(void)f;
	(void)cmd;
	(void)arg;
	return -ENOTTY;
}

static struct pl_file *zadopt(uint64_t ino, const struct sm_client_handle *h)
{
	struct pl_file *f;

	if (h->zfile.type == SM_ZFILE_DIR)
		return NULL;	/* no handle is a directory */
	f = zfile_new(&h->zfile, -1);
	if (f) {
		f->ino = ino;
		f->refs = 0;	/* sm_preload_identify() counts the fd */
	}
	return f;
}

static void zrelease(struct pl_file *f)
{
	if (f->z)
		free(f->z->text);
	free(f->z);
	f->z = NULL;
}

const struct pl_kind pl_kind_zfile = {
	.name = "zram-file",
	.ioctl = no_ioctl,
	.read = text_read,
	.write = text_write,
	.pread = text_pread_e,
	.pwrite = text_pwrite_e,
	.fstat = text_fstat,
	.lseek = text_lseek,
	.adopt = zadopt,
	.release = zrelease,
};

/* ---- the block device -------------------------------------------------------- */

static int bdev_info(struct pl_file *f, struct sm_client_zbdev *b)
{
	return PL_ASK(c, sm_daemon_client_zram_bdev(c, f->z->f.path, b));
}

/*
 * One transfer of the block device, either way: the shared buffer when the
 * daemon offers it (zshm.c), else SM_ZRAM_IO_MAX bytes a message. A short
 * count from the daemon is the end of the device; a fault or an error after
 * some bytes moved returns what moved, as the kernel's rw loop does.
 */
static ssize_t bdev_rw(struct pl_file *f, void *ubuf, size_t n, off_t off,
		       bool write)
{
	static unsigned char io[SM_ZRAM_IO_MAX];	/* under the lock */
	ssize_t shm;
	size_t done = 0;

	if (write ? !FMODE_WRITE(f) : !FMODE_READ(f))
		return ret_errno(-EBADF);
	if (off < 0 || (uint64_t)off + n > INT64_MAX)	/* rw_verify_area() */
		return ret_errno(-EINVAL);
	shm = write ? sm_preload_zshm_pwrite(f, ubuf, n, off) :
		      sm_preload_zshm_pread(f, ubuf, n, off);
	if (shm != -ENOSYS)
		return ret_errno(shm);
	while (done < n) {
		size_t want = n - done < SM_ZRAM_IO_MAX ? n - done :
							   SM_ZRAM_IO_MAX;
		uint64_t pos = (uint64_t)off + done;
		char *u = (char *)ubuf + done;
		size_t moved = 0;
		int ret;

		if (write && sm_preload_copy_in(io, u, want))
			return done ? (ssize_t)done : ret_errno(-EFAULT);
		/* never more than asked: the calls check it */
		ret = write ? PL_ASK(c, sm_daemon_client_zram_write(c,
					f->z->f.path, f->flags, pos, io, want,
					&moved)) :
			      PL_ASK(c, sm_daemon_client_zram_read(c,
					f->z->f.path, f->flags, pos, io, want,
					&moved));
		if (ret)
			return done ? (ssize_t)done : ret_errno(ret);
		if (!write && sm_preload_copy_out(u, io, moved))
			return done ? (ssize_t)done : ret_errno(-EFAULT);
		done += moved;
		if (moved < want)
			break;	/* the end of the device */
	}
	return (ssize_t)done;
}

static ssize_t bdev_pread(struct pl_file *f, void *buf, size_t n, off_t off)
{
	return bdev_rw(f, buf, n, off, false);
}

static ssize_t bdev_pwrite(struct pl_file *f, const void *buf, size_t n,
			   off_t off)
{
	return bdev_rw(f, (void *)buf, n, off, true);
}

static ssize_t bdev_read(struct pl_file *f, void *buf, size_t n)
{
	ssize_t ret = bdev_pread(f, buf, n, (off_t)f->z->pos);

	if (ret > 0)
		f->z->pos += (uint64_t)ret;
	return ret;
}

static ssize_t bdev_write(struct pl_file *f, const void *buf, size_t n)
{
	ssize_t ret = bdev_pwrite(f, buf, n, (off_t)f->z->pos);

	if (ret > 0)
		f->z->pos += (uint64_t)ret;
	return ret;
}

/* fixed_size_llseek() over the device's size */
static off_t bdev_lseek(struct pl_file *f, off_t off, int whence)
{
	struct sm_client_zbdev b;
	int64_t base, to;
	int ret = bdev_info(f, &b);

	if (ret)
		return ret_errno(ret);
	base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ?
	       (int64_t)f->z->pos : whence == SEEK_END ? (int64_t)b.size : -1;
	to = base + off;
	if (whence == SEEK_DATA || whence == SEEK_HOLE) {
		to = off;
		if (off < 0 || (uint64_t)off >= b.size)
			return ret_errno(-ENXIO);
		if (whence == SEEK_HOLE)
			to = (int64_t)b.size;
	} else if (base < 0 || to < 0 || (uint64_t)to > b.size) {
		return ret_errno(-EINVAL);
	}
	f->z->pos = (uint64_t)to;
	return (off_t)to;
}

static int bdev_fstat(struct pl_file *f, struct stat *st)
{
	struct sm_client_zstat zs = {
		.mode = f->z->f.mode,
		.nlink = 1,
		.gid = 6,	/* disk */
		.rdev = makedev(SM_ZRAM_MAJOR, (unsigned int)f->z->f.dev),
		.ino = f->z->f.ino,
	};

	if (pl.client)
		zs.time = sm_daemon_hello(pl.client)->started;
	fill_stat(&zs, st);
	return 0;
}

static int put_int(void *arg, uint64_t v, size_t size)
{
	union { uint64_t u64; unsigned long ul; uint32_t u32;
		uint16_t u16; } u;

	switch (size) {
	case 8: u.u64 = v; break;
	case 4: u.u32 = (uint32_t)v; break;
	default: u.u16 = (uint16_t)v; break;
	}
	return sm_preload_copy_out(arg, &u, size) ? -EFAULT : 0;
}

static int bdev_discard(struct pl_file *f, void *arg)
{
	uint64_t range[2];

	if (!FMODE_WRITE(f))
		return -EBADF;
	if (sm_preload_copy_in(range, arg, sizeof(range)))
		return -EFAULT;
	/* the daemon checks each piece; the first one past the end or
	 * wrapping fails, as the whole range would */
	do {
		uint64_t n = range[1] < (1ULL << 30) ? range[1] : 1ULL << 30;
		int ret;

		ret = PL_ASK(c, sm_daemon_client_zram_discard(c, f->z->f.path,
							      range[0], (uint32_t)n));
		if (ret)
			return ret;
		range[0] += n;
		range[1] -= n;
	} while (range[1]);
	return 0;
}

/* blkdev_ioctl()'s generic commands; zram adds none (ENOTTY) */
static int bdev_ioctl(int fd, struct pl_file *f, unsigned long cmd,
		      void *arg)
{
	struct sm_client_zbdev b;
	int ret;

	(void)fd;
	switch (cmd) {
	case BLKFLSBUF:
		return 0;
	case BLKDISCARD:
		return bdev_discard(f, arg);
	case BLKRRPART:
		return -EINVAL;	/* GENHD_FL_NO_PART */
	case BLKROGET:
	case BLKALIGNOFF:
	case BLKDISCARDZEROES:
		return put_int(arg, 0, 4);
	case BLKROTATIONAL:
		return put_int(arg, 0, 2);
	case BLKGETSIZE64:
	case BLKGETSIZE:
	case BLKSSZGET:
	case BLKBSZGET:
	case BLKPBSZGET:
	case BLKIOMIN:
	case BLKIOOPT:
		break;
	default:
		return -ENOTTY;
	}
	ret = bdev_info(f, &b);
	if (ret)
		return ret;
	switch (cmd) {
	case BLKGETSIZE64: return put_int(arg, b.size, 8);
	case BLKGETSIZE: return put_int(arg, b.size >> 9, sizeof(long));
	case BLKSSZGET:
	case BLKBSZGET: return put_int(arg, b.logical, 4);
	case BLKPBSZGET: return put_int(arg, b.physical, 4);
	case BLKIOMIN: return put_int(arg, b.io_min, 4);
	default: return put_int(arg, b.io_opt, 4);
	}
}

const struct pl_kind pl_kind_zbdev = {
	.name = "zram-bdev",
	.ioctl = bdev_ioctl,
	.read = bdev_read,
	.write = bdev_write,
	.pread = bdev_pread,
	.pwrite = bdev_pwrite,
	.fstat = bdev_fstat,
	.lseek = bdev_lseek,
	.adopt = zadopt,
	.release = zrelease,
};

/* ---- the devices in /dev and /sys/block listings -------------------------------- */

/**
 * struct pl_zlist - the emulated zram devices a listing adds
 * @ids: their ids
 * @n: how many
 * @next: the next to give
 * @blk: /dev (block devices) or /sys/block (links)
 * @ent: what readdir() returns
 */
struct pl_zlist {
	int32_t *ids;
	uint32_t n;
	uint32_t next;
	bool blk;
	struct dirent ent;
};

bool sm_preload_zram_name(const char *name)
{
	const char *s = name + 4;

	if (strncmp(name, "zram", 4) || !*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* NULL when no emulated system runs: the listing is the host's then */
struct pl_zlist *sm_preload_zram_list(const char *dir)
{
	struct sm_client_zdev *di = NULL;
	struct pl_zlist *z = NULL;
	size_t n = 0;
	int ret;

	sm_preload_lock();
	if (!sm_preload_client(false))
		goto out;
	ret = PL_ASK(c, sm_daemon_client_zram_devices(c, &di, &n, NULL));
	z = ret ? NULL : calloc(1, sizeof(*z));
	if (z && n && !(z->ids = calloc(n, sizeof(*z->ids)))) {
		free(z);
		z = NULL;
	}
	for (size_t i = 0; z && i < n; i++)
		z->ids[z->n++] = di[i].id;
	if (z)
		z->blk = !strcmp(dir, "/dev");
	free(di);
out:
	sm_preload_unlock();
	return z;
}

struct dirent *sm_preload_zram_list_next(struct pl_zlist *l)
{
	if (l->next >= l->n)
		return NULL;
	memset(&l->ent, 0, sizeof(l->ent));
	snprintf(l->ent.d_name, sizeof(l->ent.d_name), "zram%d",
		 l->ids[l->next++]);
	l->ent.d_ino = 0x200000000ULL + (ino_t)l->next;
	l->ent.d_reclen = sizeof(l->ent);
	l->ent.d_type = l->blk ? DT_BLK : DT_LNK;
	return &l->ent;
}

void sm_preload_zram_list_free(struct pl_zlist *l)
{
	if (l)
		free(l->ids);
	free(l);
}

/* ---- swap and modules ---------------------------------------------------------- */

int sm_preload_zram_swap(const char *path, int flags, bool on)
{
	int ret;

	sm_preload_lock();
	ret = on ? PL_ASK(c, sm_daemon_client_zram_swapon(c, path, flags)) :
		   PL_ASK(c, sm_daemon_client_zram_swapoff(c, path));
	sm_preload_unlock();
	return ret;
}

int sm_preload_zram_module(const char *name, const char *params, bool load,
			   unsigned int flags)
{
	int ret;

	if (!name)
		return -EINVAL;
	sm_preload_lock();
	ret = PL_ASK(c, sm_daemon_client_zram_module(c, name, params, load, flags));
	sm_preload_unlock();
	return ret;
}

/* the "name=" string of a module's .modinfo */
static int module_name(const char *img, size_t len, char *name, size_t nlen)
{
	for (size_t i = 1; i + 5 < len; i++) {
		size_t l;

		if (img[i - 1] || memcmp(img + i, "name=", 5))
			continue;
		l = strnlen(img + i + 5, len - i - 5);
		if (!l || l >= nlen || i + 5 + l >= len)
			continue;
		memcpy(name, img + i + 5, l);
		name[l] = '\0';
		return 0;
	}
	return -ENOEXEC;	/* not a module: load_module()'s answer */
}

int sm_preload_zram_module_image(const void *image, size_t len,
				 const char *params)
{
	char name[64];
	char *copy = malloc(len ? len : 1);
	int ret;

	if (!copy)
		return -ENOMEM;
	ret = sm_preload_copy_in(copy, image, len) ? -EFAULT :
	      module_name(copy, len, name, sizeof(name));
	free(copy);
	return ret ? ret : sm_preload_zram_module(name, params, true, 0);
}

int sm_preload_zram_module_fd(int fd, const char *params)
{
	char name[64];
	struct stat st;
	char *img;
	ssize_t n;
	int ret;

	if (sm_sys_fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_size > (64 << 20))
		return -EINVAL;
	img = malloc((size_t)st.st_size + 1);
	if (!img)
		return -ENOMEM;
	n = pl_real.pread(fd, img, (size_t)st.st_size, 0);
	ret = n < 0 ? -errno : module_name(img, (size_t)n, name, sizeof(name));
	free(img);
	return ret ? ret : sm_preload_zram_module(name, params, true, 0);
}
