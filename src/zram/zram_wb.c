// SPDX-License-Identifier: MIT
/*
 * zram_wb.c - CONFIG_ZRAM_WRITEBACK: the backing device (backing_dev),
 * writing idle, huge or chosen pages out to it (writeback), reading them
 * back, and the block bitmap behind bd_stat (Linux 6.1 and 6.12
 * backing_dev_store(), writeback_store(), alloc_block_bdev(),
 * read_from_bdev(); 7.2's key=value arguments, size-bucket order and
 * compressed writeback as its module and Documentation describe them).
 *
 * The backing device is a host file opened read-write: a block device,
 * or, with sm_zram_options.backing_files, a regular file standing in for
 * a loop device over it. Block b lives at byte b * 4096 of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/fs.h>

#include "internal.h"

#define PAGE_WB_SIG "page_index="

/* writeback modes */
enum {
	PAGE_WRITEBACK = 0,
	HUGE_WRITEBACK = 1 << 0,
	IDLE_WRITEBACK = 1 << 1,
	INCOMPRESSIBLE_WRITEBACK = 1 << 2,
};

void sm_zram_reset_bdev(struct sm_zram *zram)
{
	if (zram->bd_fd < 0)
		return;
	close(zram->bd_fd);
	zram->bd_fd = -1;
	free(zram->bd_path);
	zram->bd_path = NULL;
	free(zram->bd_bitmap);
	zram->bd_bitmap = NULL;
	zram->bd_nr_pages = 0;
}

ssize_t sm_zram_backing_dev_show(struct sm_zram *zram, char *buf, size_t cap)
{
	if (zram->bd_fd < 0)
		return sm_zram_scnprintf(buf, cap, "none\n");
	return sm_zram_scnprintf(buf, cap, "%s\n", zram->bd_path);
}

/* Size in pages of the opened backing file, or a negative errno. */
static int64_t backing_pages(struct sm_zram *zram, int fd, struct stat *st)
{
	uint64_t bytes = 0;

	if (fstat(fd, st))
		return -errno;
	if (S_ISBLK(st->st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &bytes))
			return -errno;
	} else if (S_ISREG(st->st_mode) && zram->ctl->opts.backing_files) {
		bytes = (uint64_t)st->st_size;
	} else {
		return -ENOTBLK;
	}
	return (int64_t)(bytes >> ZRAM_PAGE_SHIFT);
}

/* FMODE_EXCL: 6.1 lets the same zram claim its device again, 6.12 not */
static bool claimed(struct sm_zram *zram, const struct stat *st)
{
	struct sm_zram_ctl *ctl = zram->ctl;

	for (int id = 0; id < ctl->ndevs; id++) {
		struct sm_zram *z = ctl->devs[id];

		if (!z || z->bd_fd < 0 || z->bd_dev != st->st_dev ||
		    z->bd_ino != st->st_ino)
			continue;
		if (z != zram || zram_prof(zram)->wb != ZRAM_WB_V61)
			return true;
	}
	return false;
}

static int open_backing(struct sm_zram *zram, const char *name,
			int *fdp, struct stat *st, uint64_t *pages)
{
	int fd = open(name, O_RDWR | O_CLOEXEC);
	int64_t n;

	if (fd < 0)
		return -errno;
	n = backing_pages(zram, fd, st);
	if (n >= 0 && claimed(zram, st))
		n = -EBUSY;
	if (n == 0)
		n = -EINVAL;	/* zero-sized: also prevents self reference */
	if (n < 0) {
		close(fd);
		return (int)n;
	}
	*fdp = fd;
	*pages = (uint64_t)n;
	return 0;
}

ssize_t sm_zram_backing_dev_store(struct sm_zram *zram, const char *buf,
				  size_t len)
{
	char name[PATH_MAX], *path;
	struct stat st;
	uint64_t pages = 0, *bitmap;
	size_t sz;
	int fd = -1, err;

	if (zram_init_done(zram)) {
		sm_zram_log(zram->ctl, "zram: Can't setup backing device for "
				    "initialized device");
		return -EBUSY;
	}
	snprintf(name, sizeof(name), "%s", buf);	/* strscpy(PATH_MAX) */
	sz = strlen(name);
	if (sz > 0 && name[sz - 1] == '\n')
		name[sz - 1] = '\0';
	err = open_backing(zram, name, &fd, &st, &pages);
	if (err)
		return err;
	bitmap = calloc((pages + 63) / 64, sizeof(*bitmap));
	path = realpath(name, NULL);	/* file_path() */
	if (!bitmap || !path) {
		free(bitmap);
		free(path);
		close(fd);
		return -ENOMEM;
	}
	sm_zram_reset_bdev(zram);
	zram->bd_fd = fd;
	zram->bd_path = path;
	zram->bd_dev = st.st_dev;
	zram->bd_ino = st.st_ino;
	zram->bd_bitmap = bitmap;
	zram->bd_nr_pages = pages;
	sm_zram_log(zram->ctl, "zram: setup backing device %s", name);
	return (ssize_t)len;
}

/* ---- blocks ------------------------------------------------------------- */

static bool blk_test(const struct sm_zram *z, uint64_t b)
{
	return z->bd_bitmap[b / 64] >> (b % 64) & 1;
}

/* alloc_block_bdev(): the lowest free block (6.1/6.12 never use block 0) */
static bool alloc_block_bdev(struct sm_zram *zram, uint64_t *blk)
{
	uint64_t b = zram_prof(zram)->wb == ZRAM_WB_V72 ? 0 : 1;

	for (; b < zram->bd_nr_pages; b++) {
		if (blk_test(zram, b))
			continue;
		zram->bd_bitmap[b / 64] |= 1ull << (b % 64);
		zram->st.bd_count++;
		*blk = b;
		return true;
	}
	return false;
}

void sm_zram_free_block_bdev(struct sm_zram *zram, uint64_t blk)
{
	if (!zram->bd_bitmap || blk >= zram->bd_nr_pages)
		return;
	zram->bd_bitmap[blk / 64] &= ~(1ull << (blk % 64));
	zram->st.bd_count--;
}

static int bdev_io(struct sm_zram *zram, uint64_t blk, void *buf, size_t len,
		   bool write)
{
	off_t off = (off_t)(blk << ZRAM_PAGE_SHIFT);
	ssize_t n = write ? pwrite(zram->bd_fd, buf, len, off) :
			    pread(zram->bd_fd, buf, len, off);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int sm_zram_read_from_bdev(struct sm_zram *zram, uint64_t index, void *page)
{
	const struct zram_slot *s = &zram->table[index];
	uint32_t len = s->wb_len ? s->wb_len : ZRAM_PAGE_SIZE;
	int err;

	zram->st.bd_reads++;
	if (len == ZRAM_PAGE_SIZE)
		return bdev_io(zram, s->handle, page, ZRAM_PAGE_SIZE, false);
	/* written back compressed (7.2 compressed_writeback) */
	err = bdev_io(zram, s->handle, zram->buf, len, false);
	if (err)
		return err;
	return sm_zram_zcomp_decompress(zram->comps[zram_get_prio(zram, index)],
					zram->buf, len, page);
}

/* ---- writeback ------------------------------------------------------- */

struct wb_req {
	int mode;
	uint64_t lo;		/* first page */
	uint64_t hi;		/* last page, inclusive */
};

/* Does slot @i qualify for writeback in @mode (slot checks of 6.1+)? */
static bool wb_wants(struct sm_zram *zram, uint64_t i, void *arg)
{
	const struct zram_slot *s = &zram->table[i];
	int mode = *(const int *)arg;

	if (!zram_allocated(zram, i))
		return false;
	if (s->flags & (ZRAM_WB | ZRAM_SAME | ZRAM_UNDER_WB))
		return false;
	if ((mode & IDLE_WRITEBACK) && !(s->flags & ZRAM_IDLE))
		return false;
	if ((mode & HUGE_WRITEBACK) && !(s->flags & ZRAM_HUGE))
		return false;
	if ((mode & INCOMPRESSIBLE_WRITEBACK) &&
	    !(s->flags & ZRAM_INCOMPRESSIBLE))
		return false;
	return true;
}

/* Write slot @i out to block @blk; the slot then points there. */
static int wb_one(struct sm_zram *zram, uint64_t i, uint64_t blk)
{
	struct zram_slot *s = &zram->table[i];
	uint32_t prio = zram_get_prio(zram, i), wb_len = 0;
	int err;

	s->flags |= ZRAM_UNDER_WB | ZRAM_IDLE;
	if (zram->compressed_wb && s->size != ZRAM_PAGE_SIZE) {
		wb_len = s->size;
		sm_zram_zs_read(zram->pool, s->handle, zram->buf, wb_len);
		err = bdev_io(zram, blk, zram->buf, wb_len, true);
	} else {
		err = sm_zram_read_from_pool(zram, i, zram->page);
		if (!err)
			err = bdev_io(zram, blk, zram->page, ZRAM_PAGE_SIZE,
				      true);
	}
	if (err) {
		s->flags &= ~(ZRAM_UNDER_WB | ZRAM_IDLE);
		return err;
	}
	zram->st.bd_writes++;
	sm_zram_free_page(zram, i);
	s->flags &= ~ZRAM_UNDER_WB;
	s->flags |= ZRAM_WB;
	s->handle = blk;
	s->wb_len = wb_len;
	if (wb_len)
		zram_set_prio(zram, i, prio);
	zram->st.pages_stored++;
	if (zram->wb_limit_enable && zram->bd_wb_limit > 0)
		zram->bd_wb_limit -= 1;	/* 1 << (PAGE_SHIFT - 12) */
	return 0;
}

/*
 * The per-slot loop of writeback_store(): a block is taken before the
 * slot is looked at and kept for the next slot if this one is skipped.
 * @order lists the slots to visit (NULL: every index lo..hi).
 */
static ssize_t wb_run(struct sm_zram *zram, const struct wb_req *r,
		      const uint64_t *order, size_t n, ssize_t ret)
{
	uint64_t blk = 0;
	bool have_blk = false;

	for (size_t k = 0; k < n; k++) {
		uint64_t i = order ? order[k] : r->lo + k;
		int err;

		if (zram->wb_limit_enable && !zram->bd_wb_limit) {
			ret = -EIO;
			break;
		}
		if (!have_blk && !(have_blk = alloc_block_bdev(zram, &blk))) {
			ret = -ENOSPC;
			break;
		}
		if (!wb_wants(zram, i, (void *)&r->mode))
			continue;
		err = wb_one(zram, i, blk);
		if (err) {
			ret = err;	/* I/O errors do not stop the loop */
			continue;
		}
		have_blk = false;
	}
	if (have_blk)
		sm_zram_free_block_bdev(zram, blk);
	return ret;
}

/* 6.1 / 6.12 arguments: one word */
static int wb_parse_old(struct sm_zram *zram, const char *buf,
			struct wb_req *r)
{
	int64_t index;

	if (sm_zram_sysfs_streq(buf, "idle"))
		r->mode = IDLE_WRITEBACK;
	else if (sm_zram_sysfs_streq(buf, "huge"))
		r->mode = HUGE_WRITEBACK;
	else if (sm_zram_sysfs_streq(buf, "huge_idle"))
		r->mode = IDLE_WRITEBACK | HUGE_WRITEBACK;
	else if (sm_zram_sysfs_streq(buf, "incompressible") &&
		 zram_prof(zram)->wb != ZRAM_WB_V61)
		r->mode = INCOMPRESSIBLE_WRITEBACK;
	else if (strncmp(buf, PAGE_WB_SIG, sizeof(PAGE_WB_SIG) - 1) ||
		 sm_zram_kstrtoll(buf + sizeof(PAGE_WB_SIG) - 1, 10, &index))
		return -EINVAL;
	else {
		r->mode = PAGE_WRITEBACK;
		r->lo = r->hi = (uint64_t)index;
		return 1;
	}
	return 0;
}

static ssize_t writeback_old(struct sm_zram *zram, const char *buf,
			     size_t len)
{
	uint64_t pages = zram->disksize >> ZRAM_PAGE_SHIFT;
	struct wb_req r = { 0, 0, 0 };
	int one = wb_parse_old(zram, buf, &r);
	bool v61 = zram_prof(zram)->wb == ZRAM_WB_V61;

	if (one < 0)
		return one;
	if (!zram_init_done(zram))
		return -EINVAL;
	/* 6.1 checks the device before the index, 6.12 after */
	if (v61 && zram->bd_fd < 0)
		return -ENODEV;
	if (one && r.lo >= pages)
		return -EINVAL;
	if (zram->bd_fd < 0)
		return -ENODEV;
	if (!one)
		r.hi = pages - 1;
	return wb_run(zram, &r, NULL, r.hi - r.lo + 1, (ssize_t)len);
}

/* ---- 7.2: key=value words and size buckets ----------------------------- */

static int wb_type(const char *val, int *mode)
{
	if (!strcmp(val, "idle"))
		*mode |= IDLE_WRITEBACK;
	else if (!strcmp(val, "huge"))
		*mode |= HUGE_WRITEBACK;
	else if (!strcmp(val, "huge_idle"))
		*mode |= IDLE_WRITEBACK | HUGE_WRITEBACK;
	else if (!strcmp(val, "incompressible"))
		*mode |= INCOMPRESSIBLE_WRITEBACK;
	else
		return -EINVAL;
	return 0;
}

static int wb_range(const char *val, bool pair, uint64_t pages,
		    struct wb_req *r)
{
	char *dash = strchr(val, '-');
	uint64_t lo, hi;

	if (!pair) {
		if (sm_dt_kstrtoull(val, 10, &lo))
			return -EINVAL;
		hi = lo;
	} else {
		if (!dash)
			return -EINVAL;
		*dash = '\0';
		if (sm_dt_kstrtoull(val, 10, &lo) ||
		    sm_dt_kstrtoull(dash + 1, 10, &hi))
			return -EINVAL;
	}
	if (lo > hi || hi >= pages)
		return -ERANGE;
	r->lo = lo;
	r->hi = hi;
	return 0;
}

static int wb_word72(char *word, uint64_t pages, struct wb_req *r,
		     bool *range)
{
	char *param, *val;

	sm_dt_next_arg(word, &param, &val);
	if (!val) /* the legacy bare words */
		return wb_type(param, &r->mode);
	if (!strcmp(param, "type"))
		return wb_type(val, &r->mode);
	if (!strcmp(param, "page_index") || !strcmp(param, "page_indexes")) {
		*range = true;
		return wb_range(val, !strcmp(param, "page_indexes"), pages,
				r);
	}
	return -EINVAL;
}

static unsigned int pp_bucket(const struct sm_zram *z, uint64_t i)
{
	return z->table[i].size / ZRAM_PP_BUCKET_RANGE;
}

/*
 * Slots lo..hi that @want picks, in 7.2's post-processing order: the
 * largest 64-byte size bucket first; within a bucket the slot found last
 * first (each is added at the head of its bucket's list).
 */
int sm_zram_pp_collect(struct sm_zram *zram, uint64_t lo, uint64_t hi,
		       bool (*want)(struct sm_zram *, uint64_t, void *),
		       void *arg, struct zram_pp_ctl *ctl)
{
	size_t pos[ZRAM_NUM_PP_BUCKETS] = { 0 };
	size_t n = 0, at = 0;
	uint64_t i;

	ctl->slots = malloc((size_t)(hi - lo + 1) * sizeof(*ctl->slots));
	if (!ctl->slots)
		return -ENOMEM;
	for (i = lo; i <= hi; i++)
		if (want(zram, i, arg))
			pos[pp_bucket(zram, i)]++;
	for (int b = ZRAM_NUM_PP_BUCKETS - 1; b >= 0; b--) {
		size_t cnt = pos[b];

		pos[b] = at;
		at += cnt;
	}
	for (i = hi + 1; i-- > lo;) {
		if (!want(zram, i, arg))
			continue;
		ctl->slots[pos[pp_bucket(zram, i)]++] = i;
		n++;
	}
	ctl->count = n;
	return 0;
}

static ssize_t writeback_v72(struct sm_zram *zram, const char *buf,
			     size_t len)
{
	uint64_t pages = zram->disksize >> ZRAM_PAGE_SHIFT;
	struct wb_req r = { 0, 0, pages ? pages - 1 : 0 };
	struct zram_pp_ctl pp;
	char *copy = strdup(buf), *args;
	bool range = false;
	ssize_t ret;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	if (!zram_init_done(zram)) {
		free(copy);
		return -EINVAL;
	}
	for (args = sm_zram_skip_spaces(copy); *args && !err;) {
		char *word = args;

		while (*args && *args != ' ' && *args != '\n')
			args++;
		if (*args)
			*args++ = '\0';
		err = wb_word72(word, pages, &r, &range);
		args = sm_zram_skip_spaces(args);
	}
	free(copy);
	if (!err && !r.mode && !range)
		err = -EINVAL;
	if (err)
		return err;
	if (zram->bd_fd < 0)
		return -ENODEV;
	err = sm_zram_pp_collect(zram, r.lo, r.hi, wb_wants, &r.mode, &pp);
	if (err)
		return err;
	ret = wb_run(zram, &r, pp.slots, pp.count, (ssize_t)len);
	free(pp.slots);
	return ret;
}

ssize_t sm_zram_writeback_store(struct sm_zram *zram, const char *buf,
				size_t len)
{
	if (zram_prof(zram)->wb == ZRAM_WB_V72)
		return writeback_v72(zram, buf, len);
	return writeback_old(zram, buf, len);
}
