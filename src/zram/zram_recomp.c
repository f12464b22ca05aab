// SPDX-License-Identifier: MIT
/*
 * zram_recomp.c - CONFIG_ZRAM_MULTI_COMP's recompress attribute (Linux
 * 6.12 recompress_store() and zram_recompress()): stored pages are
 * decompressed and compressed again with the secondary algorithms, in
 * priority order, and kept with the first that lands in a smaller
 * zsmalloc size class (and under the threshold, if one was given). A page
 * no secondary algorithm can shrink is flagged incompressible. 6.12 walks
 * the slots in index order; 7.2 in size-bucket order (largest first).
 * None of the Debian builds enables it (sm_zram_options.multi_comp).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define RECOMPRESS_IDLE (1 << 0)
#define RECOMPRESS_HUGE (1 << 1)

struct recomp_req {
	int mode;
	uint64_t max_pages;	/* pages left to try */
	unsigned int threshold;
	unsigned int prio;
	unsigned int prio_max;
	const char *algo;
};

static bool recomp_wants(struct sm_zram *zram, uint64_t i, void *arg)
{
	const struct zram_slot *s = &zram->table[i];
	const struct recomp_req *r = arg;

	if (!zram_allocated(zram, i))
		return false;
	if ((r->mode & RECOMPRESS_IDLE) && !(s->flags & ZRAM_IDLE))
		return false;
	if ((r->mode & RECOMPRESS_HUGE) && !(s->flags & ZRAM_HUGE))
		return false;
	return !(s->flags & (ZRAM_WB | ZRAM_UNDER_WB | ZRAM_SAME |
			     ZRAM_INCOMPRESSIBLE));
}

/* What the walk over the secondary algorithms ended with. */
struct recomp_try {
	unsigned int tried;	/* algorithms run */
	unsigned int prio;	/* the last one run */
	unsigned int cls_new;	/* its size class */
	size_t len;		/* its length (in zram->buf) */
};

/* zram_recompress()'s loop: stop at the first that saves a class */
static int try_secondaries(struct sm_zram *zram, uint64_t i,
			   const struct recomp_req *r, unsigned int cls_old,
			   struct recomp_try *t)
{
	for (unsigned int p = r->prio; p < r->prio_max; p++) {
		if (!zram->comps[p] || p <= zram_get_prio(zram, i))
			continue;
		t->tried++;
		t->prio = p;
		if (sm_zram_zcomp_compress(zram->comps[p], zram->page,
					   zram->buf, &t->len))
			return -EINVAL;
		t->cls_new = sm_zram_zs_class_index(zram->pool, t->len);
		if (t->cls_new >= cls_old ||
		    (r->threshold && t->len >= r->threshold))
			continue;
		break;
	}
	return 0;
}

/* zram_recompress(): one slot */
static int recompress_slot(struct sm_zram *zram, uint64_t i,
			   struct recomp_req *r)
{
	struct zram_slot *s = &zram->table[i];
	struct recomp_try t = { 0, 0, 0, 0 };
	unsigned int cls_old;
	uint64_t handle;
	int err;

	if (s->size < r->threshold)
		return 0;
	err = sm_zram_read_from_pool(zram, i, zram->page);
	if (err)
		return err;
	s->flags &= ~ZRAM_IDLE;	/* touched: no other post-processing */
	cls_old = sm_zram_zs_class_index(zram->pool, s->size);
	err = try_secondaries(zram, i, r, cls_old, &t);
	if (err)
		return err;
	if (!t.tried)
		return 0;
	if (r->max_pages)
		r->max_pages--;	/* the attempt counts, success or not */
	if (t.cls_new >= cls_old) {
		/* only when every secondary algorithm failed */
		if (t.tried == (unsigned int)zram->num_active_comps - 1)
			s->flags |= ZRAM_INCOMPRESSIBLE;
		return 0;
	}
	if (r->threshold && t.len >= r->threshold)
		return 0;
	err = sm_zram_zs_malloc(zram->pool, t.len, &handle);
	if (err)
		return err;
	sm_zram_zs_write(zram->pool, handle, zram->buf, t.len);
	sm_zram_free_page(zram, i);
	s->handle = handle;
	s->size = (uint32_t)t.len;
	zram_set_prio(zram, i, t.prio);
	zram->st.compr_data_size += t.len;
	zram->st.pages_stored++;
	return 0;
}

static int recomp_word(const char *param, const char *val,
		       struct recomp_req *r)
{
	int err;

	if (!val || !*val)
		return -EINVAL;
	if (!strcmp(param, "type")) {
		/* the last matching word wins; others leave it */
		if (!strcmp(val, "idle"))
			r->mode = RECOMPRESS_IDLE;
		if (!strcmp(val, "huge"))
			r->mode = RECOMPRESS_HUGE;
		if (!strcmp(val, "huge_idle"))
			r->mode = RECOMPRESS_IDLE | RECOMPRESS_HUGE;
	} else if (!strcmp(param, "max_pages")) {
		return sm_dt_kstrtoull(val, 10, &r->max_pages);
	} else if (!strcmp(param, "threshold")) {
		return sm_zram_kstrtouint(val, 10, &r->threshold);
	} else if (!strcmp(param, "algo")) {
		r->algo = val;
	} else if (!strcmp(param, "priority")) {
		err = sm_zram_kstrtouint(val, 10, &r->prio);
		if (err)
			return err;
		if (r->prio == 0)
			r->prio = 1;
		r->prio_max = r->prio + 1 < ZRAM_MAX_COMPS ? r->prio + 1 :
							     ZRAM_MAX_COMPS;
	}
	return 0;
}

/* algo=NAME: the priority holding that algorithm */
static int find_algo(struct sm_zram *zram, struct recomp_req *r)
{
	for (; r->prio < ZRAM_MAX_COMPS; r->prio++) {
		if (zram->comp_algs[r->prio] &&
		    !strcmp(zram->comp_algs[r->prio], r->algo)) {
			r->prio_max = r->prio + 1;
			return 0;
		}
	}
	return -EINVAL;
}

static int recomp_walk(struct sm_zram *zram, struct recomp_req *r)
{
	uint64_t pages = zram->disksize >> ZRAM_PAGE_SHIFT;
	struct zram_pp_ctl pp = { NULL, 0 };
	int err = 0;

	if (zram_prof(zram)->pp_buckets) {
		err = sm_zram_pp_collect(zram, 0, pages - 1, recomp_wants, r,
					 &pp);
		if (err)
			return err;
	}
	for (uint64_t k = 0; k < (pp.slots ? pp.count : pages); k++) {
		uint64_t i = pp.slots ? pp.slots[k] : k;

		if (!r->max_pages)
			break;
		if (!recomp_wants(zram, i, r))
			continue;
		err = recompress_slot(zram, i, r);
		if (err)
			break;
	}
	free(pp.slots);
	return err;
}

ssize_t sm_zram_recompress_store(struct sm_zram *zram, const char *buf,
				 size_t len)
{
	struct recomp_req r = { .max_pages = UINT64_MAX, .prio = 1,
				.prio_max = ZRAM_MAX_COMPS };
	char *copy = strdup(buf), *args, *param, *val;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	args = sm_zram_skip_spaces(copy);
	while (*args && !err) {
		args = sm_dt_next_arg(args, &param, &val);
		err = recomp_word(param, val, &r);
	}
	if (!err && r.threshold >= zram->ctl->huge_class_size)
		err = -EINVAL;
	if (!err && !zram_init_done(zram))
		err = -EINVAL;
	if (!err && r.algo)
		err = find_algo(zram, &r);
	if (!err)
		err = recomp_walk(zram, &r);
	free(copy);
	return err ? err : (ssize_t)len;
}
