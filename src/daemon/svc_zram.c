// SPDX-License-Identifier: MIT
/*
 * svc_zram.c - zram as a daemon service: the emulated system's zram
 * module (loaded by init_module, as modprobe does it, and not loaded
 * when socmemd starts), its devices as block devices clients open, read
 * and write (/dev/zram<N>), their sysfs files (zram_fs.c), swap on them
 * (swapon(2), swapoff(2): the running system's swap, src/mm), and the
 * answers `socmem zram` needs.
 *
 * A block device open counts in zram's openers (reset and hot_remove are
 * then EBUSY, and the module is in use); O_EXCL claims it, as swapon
 * does, so a second exclusive open, or swapon of a device mkswap holds,
 * is EBUSY (blkdev_get_by_dev() with a holder).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/swap.h>
#include <unistd.h>

#include "zram_svc.h"

#define PAGE 4096u

static int zram_svc_init(struct smd *d, struct sm_diag *diag)
{
	struct zsvc *z = calloc(1, sizeof(*z));
	int ret;

	if (!z)
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	sm_daemon_zram_mods_init(z, sm_boot_profile_id(d->board->profile));
	d->svc[SM_SVC_ZRAM] = z;
	ret = sm_daemon_zram_mods_tree(d, diag);
	if (!ret && sm_daemon_svc_files_mirror_sync(d))
		ret = sm_dt_diag_set(diag, -EIO, "%s/sys: cannot build the mirror",
				     d->cfg.state_dir);
	return ret;
}

static void shm_prune(struct smd *d);

static void zram_svc_fini(struct smd *d)
{
	struct zsvc *z = zsvc_of(d);

	if (!z)
		return;
	shm_prune(d);	/* the connections are closed by now */
	while (z->objs) {	/* handles are released before us */
		struct zobj *o = z->objs;

		z->objs = o->next;
		free(o);
	}
	for (struct sm_zram *dev = z->ctl ? sm_zram_ctl_next(z->ctl, 0) : NULL;
	     dev; dev = sm_zram_ctl_next(z->ctl, sm_zram_id(dev) + 1))
		sm_zram_swapoff(dev, d->sys);
	sm_zram_ctl_destroy(z->ctl);
	free(z);
	d->svc[SM_SVC_ZRAM] = NULL;
}

static struct sm_zram *dev_of(struct zsvc *z, int id)
{
	return z->ctl && id >= 0 ? sm_zram_ctl_dev(z->ctl, id) : NULL;
}

static bool is_swap(struct smd *d, struct sm_zram *dev)
{
	struct sm_swap_area_info a;
	char path[32];

	sm_zram_dev_path(dev, path, sizeof(path));
	for (unsigned int i = 0; !sm_mm_swap_area_at(d->sys, i, &a); i++)
		if (!strcmp(a.name, path))
			return true;
	return false;
}

/* someone holds the device exclusively: an O_EXCL open, or swap */
static bool claimed(struct smd *d, int id)
{
	struct zsvc *z = zsvc_of(d);

	for (struct zobj *o = z->objs; o; o = o->next)
		if (o->excl && o->f.dev == id)
			return true;
	return is_swap(d, dev_of(z, id));
}

/* ---- open ---------------------------------------------------------------- */

static void do_open(struct smd *d, const void *req, size_t len,
		    struct smd_reply *r)
{
	const struct sm_zram_path_req *q = req;
	struct zsvc *z = zsvc_of(d);
	struct sm_zram_file *f;
	struct smd_handle *h;
	struct zobj *o;
	int fd, ret;

	if (len != sizeof(*q) || !memchr(q->path, 0, sizeof(q->path))) {
		r->status = -EINVAL;
		return;
	}
	f = sm_daemon_reply_put(r, sizeof(*f));
	ret = sm_daemon_svc_files_open(d, q->path, q->flags, f);
	if (ret || f->type == SM_ZFILE_DIR) {	/* a directory: the mirror */
		r->status = ret;
		return;
	}
	if (f->type == SM_ZFILE_BDEV && (q->flags & O_EXCL) &&
	    claimed(d, f->dev)) {
		r->status = -EBUSY;
		return;
	}
	if (f->type == SM_ZFILE_BDEV &&
	    (ret = sm_zram_open(dev_of(z, f->dev)))) {
		r->status = ret;
		return;
	}
	o = calloc(1, sizeof(*o));
	ret = o ? sm_daemon_handle_new(d, SM_SVC_ZRAM,
				       f->type == SM_ZFILE_BDEV ?
				       SM_HANDLE_ZRAM_BDEV : SM_HANDLE_ZRAM_FILE,
				       o, &fd, &h) : -ENOMEM;
	if (ret) {
		if (f->type == SM_ZFILE_BDEV)
			sm_zram_release(dev_of(z, f->dev));
		free(o);
		r->status = ret;
		return;
	}
	/*
	 * sysfs, proc and block files are always ready to read and write:
	 * one byte waiting in the client's end makes poll, select and epoll
	 * say so, whichever way a program asks (the library reads the
	 * file's contents from here, never from that socket; a fresh
	 * socketpair always has room for it)
	 */
	send(h->fd, "", 1, MSG_DONTWAIT);
	o->f = *f;
	o->excl = f->type == SM_ZFILE_BDEV && (q->flags & O_EXCL);
	o->next = z->objs;
	z->objs = o;
	r->fd = fd;
	r->fd_owned = true;
}

static void zram_release(struct smd *d, struct smd_handle *h)
{
	struct zsvc *z = zsvc_of(d);
	struct zobj *o = h->obj, **pp;

	for (pp = &z->objs; *pp && *pp != o; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = o->next;
	if (o->f.type == SM_ZFILE_BDEV && dev_of(z, o->f.dev))
		sm_zram_release(dev_of(z, o->f.dev));
	free(o);
}

static void zram_describe(struct smd *d, struct smd_handle *h,
			  struct smd_reply *r)
{
	struct sm_zram_file *f = sm_daemon_reply_put(r, sizeof(*f));

	(void)d;
	if (f)
		*f = ((struct zobj *)h->obj)->f;
}

/* ---- reading and writing ----------------------------------------------------- */

/* the block device at @path (a served /dev/zram<N>), or NULL */
static struct sm_zram *bdev_of(struct smd *d, const char *path)
{
	struct sm_zram_file f;

	if (sm_daemon_svc_files_open(d, path, O_RDONLY, &f) || f.type != SM_ZFILE_BDEV)
		return NULL;
	return dev_of(zsvc_of(d), f.dev);
}

/* blkdev_read_iter(): nothing past the end; bytes read into @out, or
 * -EIO when none could be */
static int64_t bdev_read_into(struct sm_zram *dev, uint64_t off, uint64_t len,
			      uint8_t *out)
{
	uint64_t size = sm_zram_disksize(dev);
	uint64_t n = off >= size ? 0 : size - off;
	uint8_t page[PAGE];

	if (n > len)
		n = len;
	for (uint64_t done = 0; done < n;) {
		uint64_t pos = off + done, in = pos % PAGE;
		uint64_t k = PAGE - in < n - done ? PAGE - in : n - done;

		if (sm_zram_read(dev, pos / PAGE, page))
			return done ? (int64_t)done : -EIO;
		memcpy(out + done, page + in, (size_t)k);
		done += k;
	}
	return (int64_t)n;
}

static void bdev_read(struct sm_zram *dev, const struct sm_zram_io_req *q,
		      struct smd_reply *r)
{
	uint64_t size = sm_zram_disksize(dev);
	uint64_t n = q->offset >= size ? 0 : size - q->offset;
	uint8_t *out;
	int64_t got;

	if (n > q->len)
		n = q->len;
	out = sm_daemon_reply_put(r, (size_t)n);
	if (!out)
		return;
	got = bdev_read_into(dev, q->offset, n, out);
	r->len -= (size_t)n;
	if (got < 0)
		r->status = (int)got;
	else
		r->len += (size_t)got;
}

/* blkdev_write_iter() past its swap check: ENOSPC at the end; a partial page is read first */
static void bdev_write(struct sm_zram *dev, const struct sm_zram_io_req *q,
		       const uint8_t *data, struct smd_reply *r)
{
	uint64_t size = sm_zram_disksize(dev), off = q->offset, done = 0;
	uint64_t n = off >= size ? 0 : size - off;
	struct sm_zram_count *c = sm_daemon_reply_put(r, sizeof(*c));
	uint8_t page[PAGE];

	if (!n) {
		r->status = q->len ? -ENOSPC : 0;
		return;
	}
	if (n > q->len)
		n = q->len;
	while (done < n) {
		uint64_t pos = off + done, in = pos % PAGE;
		uint64_t k = PAGE - in < n - done ? PAGE - in : n - done;

		if ((k < PAGE && sm_zram_read(dev, pos / PAGE, page)) ||
		    (memcpy(page + in, data + done, (size_t)k),
		     sm_zram_write(dev, pos / PAGE, page)))
			break;
		done += k;
	}
	c->count = done;
	if (!done)
		r->status = -EIO;
}

static void do_read(struct smd *d, const void *req, size_t len,
		    struct smd_reply *r)
{
	const struct sm_zram_io_req *q = req;
	struct sm_zram *dev;
	char *buf;
	ssize_t n;

	if (len != sizeof(*q) || q->len > SM_ZRAM_IO_MAX ||
	    !memchr(q->path, 0, sizeof(q->path))) {
		r->status = -EINVAL;
		return;
	}
	dev = bdev_of(d, q->path);
	if (dev) {
		bdev_read(dev, q, r);
		return;
	}
	buf = sm_daemon_reply_put(r, SM_ZRAM_IO_MAX);
	n = sm_daemon_svc_files_read(d, q->path, buf, SM_ZRAM_IO_MAX);
	r->len -= SM_ZRAM_IO_MAX;
	if (n < 0)
		r->status = (int)n;
	else
		r->len += (size_t)n;
}

static void do_write(struct smd *d, const void *req, size_t len,
		     struct smd_reply *r)
{
	const struct sm_zram_io_req *q = req;
	struct sm_zram_count *c;
	struct sm_zram *dev;
	ssize_t n;

	if (len < sizeof(*q) || len - sizeof(*q) != q->len ||
	    !memchr(q->path, 0, sizeof(q->path))) {
		r->status = -EINVAL;
		return;
	}
	dev = bdev_of(d, q->path);
	if (dev && is_swap(d, dev)) {
		/* blkdev_write_iter(): an active swap device is not
		 * written behind the swap code's back */
		r->status = -ETXTBSY;
		return;
	}
	if (dev) {
		bdev_write(dev, q, (const uint8_t *)(q + 1), r);
		return;
	}
	n = sm_daemon_svc_files_write(d, q->path, (const char *)(q + 1),
				      q->len);
	if (n < 0) {
		r->status = (int)n;
		return;
	}
	c = sm_daemon_reply_put(r, sizeof(*c));
	c->count = (uint64_t)n;
}

/* ---- block I/O through shared memory ------------------------------------- */

static struct zshm *shm_of(struct smd *d, const struct smd_conn *c)
{
	for (struct zshm *m = zsvc_of(d)->shms; m; m = m->next)
		if (m->conn == c)
			return m;
	return NULL;
}

/* drop the buffers of connections that are gone */
static void shm_prune(struct smd *d)
{
	struct zshm **pp = &zsvc_of(d)->shms;

	while (*pp) {
		struct zshm *m = *pp;
		bool live = false;

		for (struct smd_conn *c = d->conns; c && !live; c = c->next)
			live = (const void *)c == m->conn;
		if (live) {
			pp = &m->next;
			continue;
		}
		*pp = m->next;
		munmap(m->map, SM_ZRAM_SHM_SIZE);
		free(m);
	}
}

/* SM_ZRAM_SHM: a new buffer for this connection, its memfd in the reply */
static void do_shm(struct smd *d, struct smd_conn *c, struct smd_reply *r)
{
	struct zshm *m;
	int fd;

	shm_prune(d);
	m = shm_of(d, c);
	if (!m) {
		m = calloc(1, sizeof(*m));
		if (!m) {
			r->status = -ENOMEM;
			return;
		}
		m->conn = c;
		m->next = zsvc_of(d)->shms;
		zsvc_of(d)->shms = m;
	} else {
		munmap(m->map, SM_ZRAM_SHM_SIZE);
	}
	m->map = MAP_FAILED;
	fd = memfd_create("socmem-zram-io", MFD_CLOEXEC);
	if (fd >= 0 && !ftruncate(fd, SM_ZRAM_SHM_SIZE))
		m->map = mmap(NULL, SM_ZRAM_SHM_SIZE, PROT_READ | PROT_WRITE,
			      MAP_SHARED, fd, 0);
	if (m->map == MAP_FAILED) {
		r->status = -errno;
		m->map = NULL;
		shm_prune(d);	/* not live for I/O: takes it out */
		if (fd >= 0)
			close(fd);
		return;
	}
	r->fd = fd;
	r->fd_owned = true;
}

/* SM_ZRAM_SHM_READ and _WRITE: as READ and WRITE of the block device,
 * the bytes in the connection's buffer */
static void do_shm_io(struct smd *d, struct smd_conn *c, unsigned int op,
		      const void *req, size_t len, struct smd_reply *r)
{
	const struct sm_zram_io_req *q = req;
	struct zshm *m = shm_of(d, c);
	struct sm_zram_count *cnt;
	struct sm_zram *dev;
	int64_t got;

	if (len != sizeof(*q) || q->len > SM_ZRAM_SHM_SIZE || !m || !m->map ||
	    !memchr(q->path, 0, sizeof(q->path))) {
		r->status = -EINVAL;
		return;
	}
	dev = bdev_of(d, q->path);
	if (!dev) {
		r->status = -ENODEV;
		return;
	}
	if (op == SM_ZRAM_SHM_WRITE) {
		if (is_swap(d, dev)) {
			r->status = -ETXTBSY;
			return;
		}
		bdev_write(dev, q, m->map, r);
		return;
	}
	got = bdev_read_into(dev, q->offset, q->len, m->map);
	cnt = sm_daemon_reply_put(r, sizeof(*cnt));
	if (got < 0)
		r->status = (int)got;
	else
		cnt->count = (uint64_t)got;
}

/* the block layer's queue limits of a zram disk (zram_add()) */
static void do_bdev(struct smd *d, const void *req, size_t len,
		    struct smd_reply *r)
{
	const struct sm_zram_path_req *q = req;
	struct sm_zram *dev = len == sizeof(*q) &&
			      memchr(q->path, 0, sizeof(q->path)) ?
			      bdev_of(d, q->path) : NULL;
	struct sm_zram_bdev *b;

	if (!dev) {
		r->status = -ENODEV;
		return;
	}
	b = sm_daemon_reply_put(r, sizeof(*b));
	b->size = sm_zram_disksize(dev);
	b->logical = PAGE;	/* ZRAM_LOGICAL_BLOCK_SIZE */
	b->physical = PAGE;
	b->io_min = PAGE;
	b->io_opt = PAGE;
}

/*
 * blk_ioctl_discard(): 6.1 wants 512-byte alignment; 6.10 and later the
 * logical block size (4096 for zram) and refuse len 0; the end may not
 * wrap past 2^64 (6.12's check_add_overflow(); 6.1 had none, and a
 * wrapped range is refused here too rather than zeroing pages 0-1). zram
 * frees the whole pages.
 */
static void do_discard(struct smd *d, const void *req, size_t len,
		       struct smd_reply *r)
{
	const struct sm_zram_io_req *q = req;
	bool v6_12 = sm_boot_profile_id(d->board->profile) >= SM_KERNEL_6_12;
	uint64_t mask = v6_12 ? PAGE - 1 : 511;
	struct sm_zram *dev;
	uint64_t first, end;

	if (len != sizeof(*q) || !memchr(q->path, 0, sizeof(q->path)) ||
	    !(dev = bdev_of(d, q->path))) {
		r->status = -EINVAL;
		return;
	}
	if ((v6_12 && !q->len) || ((q->offset | q->len) & mask) ||
	    q->offset + q->len < q->offset ||
	    q->offset + q->len > sm_zram_disksize(dev)) {
		r->status = -EINVAL;
		return;
	}
	first = (q->offset + PAGE - 1) / PAGE;
	end = (q->offset + q->len) / PAGE;
	if (end > first)
		r->status = sm_zram_discard(dev, first, end - first);
}

/* ---- swap, modules ------------------------------------------------------------ */

static void do_swap(struct smd *d, unsigned int op, const void *req,
		    size_t len, struct smd_reply *r)
{
	const struct sm_zram_path_req *q = req;
	struct sm_zram_stat st;
	struct sm_zram *dev;
	int prio = -1;

	if (len != sizeof(*q) || !memchr(q->path, 0, sizeof(q->path))) {
		r->status = -EINVAL;
		return;
	}
	/* a path the emulated system does not have, or not a block device */
	r->status = sm_daemon_svc_files_stat(d, q->path, &st);
	if (r->status)
		return;
	dev = bdev_of(d, q->path);
	if (!dev) {
		r->status = -EINVAL;
		return;
	}
	if (op == SM_ZRAM_SWAPOFF) {
		r->status = sm_zram_swapoff(dev, d->sys);
		return;
	}
	if (claimed(d, sm_zram_id(dev))) {
		r->status = -EBUSY;
		return;
	}
	if (q->flags & SWAP_FLAG_PREFER)
		prio = (int)(q->flags & SWAP_FLAG_PRIO_MASK);
	r->status = sm_zram_swapon(dev, d->sys, prio);
}

static void do_module(struct smd *d, const void *req, size_t len,
		      struct smd_reply *r)
{
	const struct sm_zram_module_req *q = req;

	if (len != sizeof(*q) || !memchr(q->name, 0, sizeof(q->name)) ||
	    !memchr(q->params, 0, sizeof(q->params))) {
		r->status = -EINVAL;
		return;
	}
	r->status = q->load ? sm_daemon_zram_mod_load(d, q->name, q->params) :
			      sm_daemon_zram_mod_unload(d, q->name, q->flags);
}

/* ---- what `socmem zram` asks ------------------------------------------------ */

static void dev_info(struct smd *d, struct sm_zram *dev,
		     struct sm_zram_dev_info *di)
{
	struct sm_swap_area_info a;
	struct sm_zram_stats st;
	char path[32], buf[64];
	ssize_t n;

	di->id = sm_zram_id(dev);
	di->disksize = sm_zram_disksize(dev);
	snprintf(di->algorithm, sizeof(di->algorithm), "%s",
		 sm_zram_algorithm(dev));
	sm_zram_get_stats(dev, &st);
	di->mm[0] = st.orig_data_size;
	di->mm[1] = st.compr_data_size;
	di->mm[2] = st.mem_used_total;
	di->mm[3] = st.mem_limit;
	di->mm[4] = st.mem_used_max;
	di->mm[5] = st.same_pages;
	di->mm[6] = st.pages_compacted;
	di->mm[7] = st.huge_pages;
	di->mm[8] = st.huge_pages_since;
	n = sm_zram_attr_read(dev, "max_comp_streams", buf, sizeof(buf) - 1);
	if (n > 0)
		snprintf(di->streams, sizeof(di->streams), "%.*s",
			 (int)strcspn(buf, "\n"), buf);
	sm_zram_dev_path(dev, path, sizeof(path));
	for (unsigned int i = 0; !sm_mm_swap_area_at(d->sys, i, &a); i++)
		if (!strcmp(a.name, path)) {
			di->swap = 1;
			di->prio = a.prio;
		}
}

static void do_devices(struct smd *d, struct smd_reply *r)
{
	struct zsvc *z = zsvc_of(d);
	struct sm_zram_devices *l = sm_daemon_reply_put(r, sizeof(*l));

	l->loaded = z->ctl != NULL;
	for (struct sm_zram *dev = z->ctl ? sm_zram_ctl_next(z->ctl, 0) : NULL;
	     dev; dev = sm_zram_ctl_next(z->ctl, sm_zram_id(dev) + 1)) {
		struct sm_zram_dev_info *di = sm_daemon_reply_put(r, sizeof(*di));

		if (!di)
			break;
		dev_info(d, dev, di);
		l->count++;
	}
}

static void do_attr(struct smd *d, const void *req, size_t len,
		    struct smd_reply *r)
{
	const struct sm_zram_attr_req *q = req;
	char path[SM_ZRAM_PATH_MAX];
	ssize_t n;

	if (len != sizeof(*q) || !memchr(q->attr, 0, sizeof(q->attr)) ||
	    !memchr(q->value, 0, sizeof(q->value)) || strchr(q->attr, '/')) {
		r->status = -EINVAL;
		return;
	}
	if (q->id < 0)
		snprintf(path, sizeof(path), "/sys/class/zram-control/%s",
			 q->attr);
	else
		snprintf(path, sizeof(path), "/sys/block/zram%d/%s", q->id,
			 q->attr);
	if (q->write) {
		struct sm_zram_count *c;

		n = sm_daemon_svc_files_write(d, path, q->value,
					      strlen(q->value));
		c = n >= 0 ? sm_daemon_reply_put(r, sizeof(*c)) : NULL;
		if (c)
			c->count = (uint64_t)n;
	} else {
		char *buf = sm_daemon_reply_put(r, 8192);

		n = sm_daemon_svc_files_read(d, path, buf, 8192);
		r->len = n >= 0 ? (size_t)n : 0;
	}
	r->status = n < 0 ? (n == -ENODEV ? -ENOENT : (int)n) : 0;
}

static void do_state(struct smd *d, struct smd_reply *r)
{
	struct zsvc *z = zsvc_of(d);
	struct sm_zram_state *s = sm_daemon_reply_put(r, sizeof(*s));
	struct sm_mm_zone_stats zs;

	snprintf(s->release, sizeof(s->release), "%s", z->release);
	for (int zi = 0; zi < SM_NR_ZONES; zi++)
		if (!sm_mm_zone_stats(d->sys, zi, &zs))
			s->mem_total += zs.managed *
					sm_boot_board_page_size(d->board);
	s->loaded = z->ctl != NULL;
}

static void zram_request(struct smd *d, struct smd_conn *c, unsigned int op,
			 const void *req, size_t len, struct smd_reply *r)
{
	struct zsvc *z = zsvc_of(d);

	switch (op) {
	case SM_ZRAM_OPEN: do_open(d, req, len, r); break;
	case SM_ZRAM_STAT:
		if (len == sizeof(struct sm_zram_path_req) &&
		    memchr(req, 0, SM_ZRAM_PATH_MAX))
			r->status = sm_daemon_svc_files_stat(d, req, sm_daemon_reply_put(r,
					sizeof(struct sm_zram_stat)));
		else
			r->status = -EINVAL;
		break;
	case SM_ZRAM_READ: do_read(d, req, len, r); break;
	case SM_ZRAM_WRITE: do_write(d, req, len, r); break;
	case SM_ZRAM_BDEV: do_bdev(d, req, len, r); break;
	case SM_ZRAM_DISCARD: do_discard(d, req, len, r); break;
	case SM_ZRAM_SWAPON:
	case SM_ZRAM_SWAPOFF: do_swap(d, op, req, len, r); break;
	case SM_ZRAM_MODULE: do_module(d, req, len, r); break;
	case SM_ZRAM_DEVICES: do_devices(d, r); break;
	case SM_ZRAM_ATTR: do_attr(d, req, len, r); break;
	case SM_ZRAM_STATE: do_state(d, r); break;
	case SM_ZRAM_SHM: do_shm(d, c, r); break;
	case SM_ZRAM_SHM_READ:
	case SM_ZRAM_SHM_WRITE: do_shm_io(d, c, op, req, len, r); break;
	default: r->status = -EOPNOTSUPP;
	}
	/* what zram printed meanwhile goes to the daemon's log */
	for (size_t n = z->ctl ? sm_zram_ctl_log_count(z->ctl) : 0;
	     z->log_seen < n; z->log_seen++)
		sm_daemon_log_add(d, SM_LOG_INFO,
				  sm_zram_ctl_log_at(z->ctl, z->log_seen));
}

const struct smd_service smd_zram_service = {
	.name = "zram",
	.init = zram_svc_init,
	.fini = zram_svc_fini,
	.request = zram_request,
	.release = zram_release,
	.describe = zram_describe,
	.files = (const struct sm_svc_files *const[]){ &sm_svc_zram_files,
						      NULL },
};
