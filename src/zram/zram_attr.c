// SPDX-License-Identifier: MIT
/*
 * zram_attr.c - /sys/block/zram<N>/: the attribute set of each kernel,
 * their modes, every show() format and every store() rule of
 * drivers/block/zram/zram_drv.c (6.1, 6.12; 7.2 from its module and the
 * recorded probe), and sysfs's own rules around them (a write-only file
 * cannot be opened for reading: EACCES; a zero-length write never reaches
 * store(); store() sees at most one page, NUL-terminated).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* scnprintf(): what was stored, never more than @cap - 1 */
ssize_t sm_zram_scnprintf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!cap || (ssize_t)cap < 0)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n < cap ? n : (ssize_t)cap - 1;
}

typedef ssize_t (*show_fn)(struct sm_zram *zram, char *buf, size_t cap);
typedef ssize_t (*store_fn)(struct sm_zram *zram, const char *buf,
			    size_t len);

/* which builds have an attribute */
enum {
	F_ALL = 0,
	F_MAX_COMP_STREAMS,	/* 6.1, 6.12 */
	F_ALGO_PARAMS,		/* 6.12+ */
	F_COMPRESSED_WB,	/* 7.2 */
	F_MULTI_COMP,		/* CONFIG_ZRAM_MULTI_COMP, 6.12+ */
};

struct zram_attr {
	const char *name;
	unsigned int mode;
	int feature;
	show_fn show;
	store_fn store;
};

/* ---- shows ------------------------------------------------------------- */

static ssize_t disksize_show(struct sm_zram *z, char *buf, size_t cap)
{
	return sm_zram_scnprintf(buf, cap, "%llu\n",
				 (unsigned long long)z->disksize);
}

static ssize_t initstate_show(struct sm_zram *z, char *buf, size_t cap)
{
	return sm_zram_scnprintf(buf, cap, "%u\n", zram_init_done(z) ? 1u : 0u);
}

static ssize_t size_show(struct sm_zram *z, char *buf, size_t cap)
{
	return sm_zram_scnprintf(buf, cap, "%llu\n",
				 (unsigned long long)(z->disksize >>
						      ZRAM_SECTOR_SHIFT));
}

/* genhd's dev attribute: MAJOR:MINOR, the minor being the device id */
static ssize_t dev_show(struct sm_zram *z, char *buf, size_t cap)
{
	return sm_zram_scnprintf(buf, cap, "%u:%d\n", SM_ZRAM_MAJOR, z->id);
}

static ssize_t zero_show(struct sm_zram *z, char *buf, size_t cap)
{
	(void)z;
	return sm_zram_scnprintf(buf, cap, "%d\n", 0);
}

static ssize_t mm_stat_show(struct sm_zram *z, char *buf, size_t cap)
{
	struct sm_zram_stats s;

	sm_zram_get_stats(z, &s);
	return sm_zram_scnprintf(
		buf, cap, "%8llu %8llu %8llu %8llu %8llu %8llu %8llu %8llu %8llu\n",
		(unsigned long long)s.orig_data_size,
		(unsigned long long)s.compr_data_size,
		(unsigned long long)s.mem_used_total,
		(unsigned long long)s.mem_limit,
		(unsigned long long)s.mem_used_max,
		(unsigned long long)s.same_pages,
		(unsigned long long)s.pages_compacted,
		(unsigned long long)s.huge_pages,
		(unsigned long long)s.huge_pages_since);
}

static ssize_t io_stat_show(struct sm_zram *z, char *buf, size_t cap)
{
	const struct zram_counters *c = &z->st;

	if (zram_prof(z)->io_stat_zero)	/* invalid_io is gone */
		return sm_zram_scnprintf(buf, cap, "%8llu %8llu 0 %8llu\n",
					 (unsigned long long)c->failed_reads,
					 (unsigned long long)c->failed_writes,
					 (unsigned long long)c->notify_free);
	return sm_zram_scnprintf(buf, cap, "%8llu %8llu %8llu %8llu\n",
				 (unsigned long long)c->failed_reads,
				 (unsigned long long)c->failed_writes,
				 (unsigned long long)c->invalid_io,
				 (unsigned long long)c->notify_free);
}

static ssize_t bd_stat_show(struct sm_zram *z, char *buf, size_t cap)
{
	/* FOUR_K(): 4 KiB units, which pages already are */
	return sm_zram_scnprintf(buf, cap, "%8llu %8llu %8llu\n",
				 (unsigned long long)z->st.bd_count,
				 (unsigned long long)z->st.bd_reads,
				 (unsigned long long)z->st.bd_writes);
}

static ssize_t debug_stat_show(struct sm_zram *z, char *buf, size_t cap)
{
	if (zram_prof(z)->debug_stat_zero)	/* writestall is gone */
		return sm_zram_scnprintf(buf, cap, "version: %d\n0 %8llu\n", 1,
					 (unsigned long long)z->st.miss_free);
	return sm_zram_scnprintf(buf, cap, "version: %d\n%8llu %8llu\n", 1,
				 (unsigned long long)z->st.writestall,
				 (unsigned long long)z->st.miss_free);
}

static ssize_t comp_algorithm_show(struct sm_zram *z, char *buf, size_t cap)
{
	return sm_zram_comp_show(z, 0, buf, cap);
}

static ssize_t max_comp_streams_show(struct sm_zram *z, char *buf,
				     size_t cap)
{
	unsigned int cpus = z->ctl->opts.online_cpus;

	return sm_zram_scnprintf(buf, cap, "%u\n", cpus ? cpus : 1);
}

static ssize_t wb_limit_show(struct sm_zram *z, char *buf, size_t cap)
{
	return sm_zram_scnprintf(buf, cap, "%llu\n",
				 (unsigned long long)z->bd_wb_limit);
}

static ssize_t wb_limit_enable_show(struct sm_zram *z, char *buf,
				    size_t cap)
{
	return sm_zram_scnprintf(buf, cap, "%d\n", z->wb_limit_enable ? 1 : 0);
}

static ssize_t wb_batch_size_show(struct sm_zram *z, char *buf, size_t cap)
{
	return sm_zram_scnprintf(buf, cap, "%u\n", z->wb_batch_size);
}

static ssize_t compressed_wb_show(struct sm_zram *z, char *buf, size_t cap)
{
	return sm_zram_scnprintf(buf, cap, "%d\n", z->compressed_wb ? 1 : 0);
}

/* ---- stores -------------------------------------------------------------- */

static ssize_t disksize_store(struct sm_zram *z, const char *buf, size_t len)
{
	uint64_t size = sm_dt_memparse(buf, NULL);
	int err;

	if (!size)
		return -EINVAL;
	if (zram_init_done(z)) {
		sm_zram_log(z->ctl,
			    "zram: Cannot change disksize for initialized device");
		return -EBUSY;
	}
	/* PAGE_ALIGN(), which wraps like the kernel's for absurd sizes */
	size = (size + ZRAM_PAGE_SIZE - 1) & ~(uint64_t)(ZRAM_PAGE_SIZE - 1);
	if (!size || size >> ZRAM_PAGE_SHIFT > SIZE_MAX / sizeof(struct zram_slot))
		return -ENOMEM;
	err = sm_zram_disksize_set(z, size);
	return err ? err : (ssize_t)len;
}

static ssize_t reset_store(struct sm_zram *z, const char *buf, size_t len)
{
	uint16_t do_reset;
	int err = sm_zram_kstrtou16(buf, 10, &do_reset);

	if (err)
		return err;
	if (!do_reset)
		return -EINVAL;
	if (z->openers || z->claim)
		return -EBUSY;
	sm_zram_reset_device(z);
	return (ssize_t)len;
}

static ssize_t compact_store(struct sm_zram *z, const char *buf, size_t len)
{
	(void)buf;
	if (!zram_init_done(z))
		return -EINVAL;
	sm_zram_zs_compact(z->pool);
	return (ssize_t)len;
}

static ssize_t mem_limit_store(struct sm_zram *z, const char *buf,
			       size_t len)
{
	const char *end;
	uint64_t limit = sm_dt_memparse(buf, &end);

	if (end == buf)
		return -EINVAL;
	limit = (limit + ZRAM_PAGE_SIZE - 1) & ~(uint64_t)(ZRAM_PAGE_SIZE - 1);
	z->limit_pages = limit >> ZRAM_PAGE_SHIFT;
	return (ssize_t)len;
}

static ssize_t mem_used_max_store(struct sm_zram *z, const char *buf,
				  size_t len)
{
	uint64_t val;

	if (sm_dt_kstrtoull(buf, 10, &val) || val != 0)
		return -EINVAL;
	if (zram_init_done(z))
		z->st.max_used_pages = sm_zram_zs_total_pages(z->pool);
	return (ssize_t)len;
}

/* mark_idle(): slots last touched before @cutoff (0: all) become IDLE */
static void mark_idle(struct sm_zram *z, int64_t cutoff)
{
	uint64_t pages = z->disksize >> ZRAM_PAGE_SHIFT;
	bool v612 = zram_prof(z)->idle_v612;

	for (uint64_t i = 0; i < pages; i++) {
		struct zram_slot *s = &z->table[i];
		bool idle;

		if (!zram_allocated(z, i) || (s->flags & ZRAM_UNDER_WB))
			continue;
		if (v612 && (s->flags & (ZRAM_WB | ZRAM_SAME)))
			continue;
		idle = !cutoff || cutoff > s->ac_time;
		if (idle)
			s->flags |= ZRAM_IDLE;
		else if (v612)
			s->flags &= ~ZRAM_IDLE;
	}
}

static ssize_t idle_store(struct sm_zram *z, const char *buf, size_t len)
{
	int64_t cutoff = 0;

	if (!sm_zram_sysfs_streq(buf, "all")) {
		/* every recorded build tracks access times */
		uint64_t age;

		if (sm_dt_kstrtoull(buf, 0, &age))
			return -EINVAL;
		cutoff = sm_zram_now(z) - (int64_t)(age * 1000000000ull);
	}
	if (!zram_init_done(z))
		return -EINVAL;
	mark_idle(z, cutoff);
	return (ssize_t)len;
}

static ssize_t max_comp_streams_store(struct sm_zram *z, const char *buf,
				      size_t len)
{
	(void)z;
	(void)buf;
	return (ssize_t)len;	/* per-CPU streams: accepted, ignored */
}

static ssize_t comp_algorithm_store(struct sm_zram *z, const char *buf,
				    size_t len)
{
	int err = sm_zram_comp_set(z, 0, buf);

	return err ? err : (ssize_t)len;
}

static ssize_t wb_limit_enable_store(struct sm_zram *z, const char *buf,
				     size_t len)
{
	uint64_t val;

	if (sm_dt_kstrtoull(buf, 10, &val))
		return -EINVAL;
	z->wb_limit_enable = val != 0;
	return (ssize_t)len;
}

static ssize_t wb_limit_store(struct sm_zram *z, const char *buf, size_t len)
{
	uint64_t val;

	if (sm_dt_kstrtoull(buf, 10, &val))
		return -EINVAL;
	z->bd_wb_limit = val;
	return (ssize_t)len;
}

static ssize_t wb_batch_size_store(struct sm_zram *z, const char *buf,
				   size_t len)
{
	unsigned int val;

	if (sm_zram_kstrtouint(buf, 10, &val) || !val)
		return -EINVAL;
	z->wb_batch_size = val;
	return (ssize_t)len;
}

static ssize_t compressed_wb_store(struct sm_zram *z, const char *buf,
				   size_t len)
{
	bool val;

	if (sm_zram_kstrtobool(buf, &val))
		return -EINVAL;
	if (zram_init_done(z))
		return -EBUSY;
	z->compressed_wb = val;
	return (ssize_t)len;
}

static ssize_t algorithm_params_store(struct sm_zram *z, const char *buf,
				      size_t len)
{
	return sm_zram_algorithm_params_store(z, buf, len);
}

static ssize_t recomp_algorithm_show(struct sm_zram *z, char *buf, size_t cap)
{
	return sm_zram_recomp_algorithm_show(z, buf, cap);
}

static ssize_t recomp_algorithm_store(struct sm_zram *z, const char *buf,
				      size_t len)
{
	return sm_zram_recomp_algorithm_store(z, buf, len);
}

/* Alphabetical, as ls lists them. */
static const struct zram_attr attrs[] = {
	{ "algorithm_params", 0200, F_ALGO_PARAMS, NULL,
	  algorithm_params_store },
	{ "backing_dev", 0644, F_ALL, sm_zram_backing_dev_show,
	  sm_zram_backing_dev_store },
	{ "bd_stat", 0444, F_ALL, bd_stat_show, NULL },
	{ "comp_algorithm", 0644, F_ALL, comp_algorithm_show,
	  comp_algorithm_store },
	{ "compact", 0200, F_ALL, NULL, compact_store },
	{ "compressed_writeback", 0644, F_COMPRESSED_WB, compressed_wb_show,
	  compressed_wb_store },
	{ "debug_stat", 0444, F_ALL, debug_stat_show, NULL },
	{ "dev", 0444, F_ALL, dev_show, NULL },
	{ "disksize", 0644, F_ALL, disksize_show, disksize_store },
	{ "idle", 0200, F_ALL, NULL, idle_store },
	{ "initstate", 0444, F_ALL, initstate_show, NULL },
	{ "io_stat", 0444, F_ALL, io_stat_show, NULL },
	{ "max_comp_streams", 0644, F_MAX_COMP_STREAMS, max_comp_streams_show,
	  max_comp_streams_store },
	{ "mem_limit", 0200, F_ALL, NULL, mem_limit_store },
	{ "mem_used_max", 0200, F_ALL, NULL, mem_used_max_store },
	{ "mm_stat", 0444, F_ALL, mm_stat_show, NULL },
	{ "recomp_algorithm", 0644, F_MULTI_COMP, recomp_algorithm_show,
	  recomp_algorithm_store },
	{ "recompress", 0200, F_MULTI_COMP, NULL, sm_zram_recompress_store },
	{ "removable", 0444, F_ALL, zero_show, NULL },
	{ "reset", 0200, F_ALL, NULL, reset_store },
	{ "ro", 0444, F_ALL, zero_show, NULL },
	{ "size", 0444, F_ALL, size_show, NULL },
	{ "writeback", 0200, F_ALL, NULL, sm_zram_writeback_store },
	{ "writeback_batch_size", 0644, F_COMPRESSED_WB, wb_batch_size_show,
	  wb_batch_size_store },
	{ "writeback_limit", 0644, F_ALL, wb_limit_show, wb_limit_store },
	{ "writeback_limit_enable", 0644, F_ALL, wb_limit_enable_show,
	  wb_limit_enable_store },
};

static bool has_attr(const struct sm_zram *z, const struct zram_attr *a)
{
	const struct zram_profile *p = zram_prof(z);

	switch (a->feature) {
	case F_MAX_COMP_STREAMS:
		return p->max_comp_streams;
	case F_ALGO_PARAMS:
		return p->algorithm_params;
	case F_COMPRESSED_WB:
		return p->compressed_wb;
	case F_MULTI_COMP:
		return z->ctl->opts.multi_comp && p->id > SM_KERNEL_6_1;
	default:
		return true;
	}
}

static const struct zram_attr *find_attr(const struct sm_zram *z,
					 const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(attrs); i++)
		if (!strcmp(attrs[i].name, name))
			return has_attr(z, &attrs[i]) ? &attrs[i] : NULL;
	return NULL;
}

int sm_zram_attr_at(const struct sm_zram *dev, size_t i, const char **name,
		    unsigned int *mode)
{
	for (size_t k = 0; k < ARRAY_LEN(attrs); k++) {
		if (!has_attr(dev, &attrs[k]) || i--)
			continue;
		*name = attrs[k].name;
		*mode = attrs[k].mode;
		return 0;
	}
	return -ENOENT;
}

ssize_t sm_zram_attr_read(struct sm_zram *dev, const char *name, char *buf,
			  size_t len)
{
	const struct zram_attr *a = find_attr(dev, name);
	char page[ZRAM_PAGE_SIZE];
	ssize_t n;

	if (!a)
		return -ENOENT;
	if (!a->show)
		return -EACCES;
	n = a->show(dev, page, sizeof(page));
	if (n < 0)
		return n;
	if ((size_t)n > len)
		n = (ssize_t)len;
	memcpy(buf, page, (size_t)n);
	return n;
}

ssize_t sm_zram_attr_write(struct sm_zram *dev, const char *name,
			   const char *buf, size_t len)
{
	const struct zram_attr *a = find_attr(dev, name);
	char page[ZRAM_PAGE_SIZE + 1];

	if (!a)
		return -ENOENT;
	if (!a->store)
		return -EACCES;
	if (!len)
		return 0;
	if (len > ZRAM_PAGE_SIZE)
		len = ZRAM_PAGE_SIZE;
	memcpy(page, buf, len);
	page[len] = '\0';
	return a->store(dev, page, len);
}

/* ---- debugfs zram/zram<N>/block_state --------------------------------- */

static int block_state_line(const struct sm_zram *z, uint64_t i, char *buf,
			    size_t cap)
{
	const struct zram_slot *s = &z->table[i];
	const struct zram_profile *p = zram_prof(z);
	int64_t t = s->ac_time;
	char fl[7];

	fl[0] = s->flags & ZRAM_SAME ? 's' : '.';
	fl[1] = s->flags & ZRAM_WB ? 'w' : '.';
	fl[2] = s->flags & ZRAM_HUGE ? 'h' : '.';
	fl[3] = s->flags & ZRAM_IDLE ? 'i' : '.';
	fl[4] = zram_get_prio(z, i) ? 'r' : '.';
	fl[5] = s->flags & ZRAM_INCOMPRESSIBLE ? 'n' : '.';
	fl[p->block_state_v612 ? 6 : 4] = '\0';
	if (p->block_state_secs)	/* whole seconds, "%12u.%06d" */
		return snprintf(buf, cap, "%12lld %12u.%06d %s\n",
				(long long)i, (unsigned int)(t / 1000000000),
				0, fl);
	return snprintf(buf, cap, "%12lld %12lld.%06lu %s\n", (long long)i,
			(long long)(t / 1000000000),
			(unsigned long)(t % 1000000000 / 1000), fl);
}

ssize_t sm_zram_block_state(struct sm_zram *dev, char *buf, size_t len)
{
	uint64_t pages = dev->disksize >> ZRAM_PAGE_SHIFT;
	size_t written = 0;

	if (!zram_init_done(dev))
		return -EINVAL;
	for (uint64_t i = 0; i < pages; i++) {
		char line[96];
		int n;

		if (!zram_allocated(dev, i))
			continue;
		n = block_state_line(dev, i, line, sizeof(line));
		if ((size_t)n >= len - written)
			break;
		memcpy(buf + written, line, (size_t)n);
		written += (size_t)n;
	}
	return (ssize_t)written;
}
