// SPDX-License-Identifier: MIT
/*
 * zram_dev.c - one zram device: its slot table, the page write path
 * (same-filled detection, compression, the huge-page rule, zsmalloc
 * allocation, mem_limit, mem_used_max), the read path, slot freeing,
 * disksize and reset, and the block interface (Linux 6.1 and 6.12
 * drivers/block/zram/zram_drv.c: __zram_bvec_write()/zram_write_page(),
 * zram_free_page(), zram_read_from_zspool(), disksize_store(),
 * zram_reset_device()).
 *
 * Counters follow the kernel to the letter: a page overwritten is
 * compressed and allocated *before* the old contents are freed (so the
 * pool can grow by one object first), mem_used_max is updated after each
 * successful allocation even when mem_limit then refuses the page, and a
 * written-back page still counts in orig_data_size.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int sm_zram_dev_add(struct sm_zram_ctl *ctl, struct sm_zram **out)
{
	struct sm_zram *zram = calloc(1, sizeof(*zram));

	if (!zram)
		return -ENOMEM;
	zram->ctl = ctl;
	zram->bd_fd = -1;
	zram->wb_batch_size = 32;
	zram->buf = malloc(SM_ZCOMP_DST_MAX);
	zram->page = malloc(ZRAM_PAGE_SIZE);
	zram->comp_algs[0] = strdup(ctl->prof->default_comp);
	for (int p = 0; p < ZRAM_MAX_COMPS; p++)
		zram->params[p].level = SM_ZCOMP_NO_LEVEL;
	if (!zram->buf || !zram->page || !zram->comp_algs[0]) {
		sm_zram_dev_free(zram);
		return -ENOMEM;
	}
	*out = zram;
	return 0;
}

void sm_zram_dev_free(struct sm_zram *zram)
{
	sm_zram_comps_destroy(zram);
	for (int p = 0; p < ZRAM_MAX_COMPS; p++) {
		free(zram->comp_algs[p]);
		sm_zram_params_reset(&zram->params[p]);
	}
	sm_zram_reset_bdev(zram);
	free(zram->buf);
	free(zram->page);
	free(zram);
}

int sm_zram_id(const struct sm_zram *dev)
{
	return dev->id;
}

const char *sm_zram_name(const struct sm_zram *dev)
{
	return dev->name;
}

uint64_t sm_zram_disksize(const struct sm_zram *dev)
{
	return dev->disksize;
}

const char *sm_zram_algorithm(const struct sm_zram *dev)
{
	return dev->comp_algs[0];
}

/* set_capacity_and_notify(): a message only when the size changes */
void sm_zram_set_capacity(struct sm_zram *zram, uint64_t bytes)
{
	uint64_t from = zram->disksize >> ZRAM_SECTOR_SHIFT;
	uint64_t to = bytes >> ZRAM_SECTOR_SHIFT;

	if (from != to)
		sm_zram_log(zram->ctl,
			    "%s: detected capacity change from %llu to %llu",
			    zram->name, (unsigned long long)from,
			    (unsigned long long)to);
}

/* ---- slots -------------------------------------------------------------- */

void sm_zram_accessed(struct sm_zram *zram, uint64_t index)
{
	struct zram_slot *s = &zram->table[index];

	s->flags &= ~(ZRAM_IDLE | ZRAM_PP_SLOT);
	s->ac_time = sm_zram_now(zram);
}

/* sm_zram_free_page(): release whatever the slot holds */
void sm_zram_free_page(struct sm_zram *zram, uint64_t index)
{
	struct zram_slot *s = &zram->table[index];

	s->ac_time = 0;
	s->flags &= ~ZRAM_IDLE;
	if (s->flags & ZRAM_HUGE) {
		s->flags &= ~ZRAM_HUGE;
		zram->st.huge_pages--;
	}
	s->flags &= ~ZRAM_INCOMPRESSIBLE;
	zram_set_prio(zram, index, 0);
	if (s->flags & ZRAM_WB) {
		s->flags &= ~ZRAM_WB;
		sm_zram_free_block_bdev(zram, s->handle);
		goto out;
	}
	if (s->flags & ZRAM_SAME) {
		s->flags &= ~ZRAM_SAME;
		zram->st.same_pages--;
		goto out;
	}
	if (!s->handle)
		return;
	sm_zram_zs_free(zram->pool, s->handle);
	zram->st.compr_data_size -= s->size;
out:
	zram->st.pages_stored--;
	s->handle = 0;
	s->size = 0;
	s->wb_len = 0;
}

/* page_same_filled(): one machine word (8 bytes) repeated */
static bool page_same_filled(const void *page, uint64_t *element)
{
	const uint64_t *w = page;
	const unsigned int last = ZRAM_PAGE_SIZE / sizeof(*w) - 1;

	if (w[0] != w[last])
		return false;
	for (unsigned int i = 1; i < last; i++)
		if (w[i] != w[0])
			return false;
	*element = w[0];
	return true;
}

void sm_zram_update_used_max(struct sm_zram *zram)
{
	uint64_t pages = sm_zram_zs_total_pages(zram->pool);

	if (pages > zram->st.max_used_pages)
		zram->st.max_used_pages = pages;
}

/* Compress into zram->buf; lengths at or over the threshold are huge. */
static int compress_page(struct sm_zram *zram, const void *page,
			 size_t *len)
{
	int err = sm_zram_zcomp_compress(zram->comps[0], page, zram->buf, len);

	if (err) {
		sm_zram_log(zram->ctl, "zram: Compression failed! err=%d", err);
		return err;
	}
	if (*len >= sm_zram_zs_huge_class_size(zram->pool))
		*len = ZRAM_PAGE_SIZE;
	return 0;
}

/* Store @page compressed; Return: 0 with *@handle and *@len set. */
static int store_compressed(struct sm_zram *zram, const void *page,
			    uint64_t *handle, size_t *len)
{
	int err = compress_page(zram, page, len);

	if (err)
		return err;
	err = sm_zram_zs_malloc(zram->pool, *len, handle);
	if (err) {
		/* the kernel retries with direct reclaim: a write stall */
		zram->st.writestall++;
		err = sm_zram_zs_malloc(zram->pool, *len, handle);
		if (err)
			return err;
	}
	sm_zram_update_used_max(zram);
	if (zram->limit_pages &&
	    sm_zram_zs_total_pages(zram->pool) > zram->limit_pages) {
		sm_zram_zs_free(zram->pool, *handle);
		return -ENOMEM;
	}
	sm_zram_zs_write(zram->pool, *handle, *len == ZRAM_PAGE_SIZE ? page :
				zram->buf, *len);
	zram->st.compr_data_size += *len;
	return 0;
}

/* sm_zram_write_page(): store one full page in slot @index */
int sm_zram_write_page(struct sm_zram *zram, uint64_t index, const void *page)
{
	struct zram_slot *s = &zram->table[index];
	uint64_t element = 0, handle = 0;
	size_t len = 0;
	bool same = page_same_filled(page, &element);
	int err;

	if (same) {
		zram->st.same_pages++;
	} else {
		err = store_compressed(zram, page, &handle, &len);
		if (err)
			return err;
	}
	sm_zram_free_page(zram, index);
	if (len == ZRAM_PAGE_SIZE) {
		s->flags |= ZRAM_HUGE;
		zram->st.huge_pages++;
		zram->st.huge_pages_since++;
	}
	if (same) {
		s->flags |= ZRAM_SAME;
		s->handle = element;
	} else {
		s->handle = handle;
		s->size = (uint32_t)len;
	}
	zram->st.pages_stored++;
	return 0;
}

/* zram_read_from_zspool(): same-filled, huge or compressed */
int sm_zram_read_from_pool(struct sm_zram *zram, uint64_t index, void *page)
{
	struct zram_slot *s = &zram->table[index];
	uint64_t *w = page;

	if (!s->handle || (s->flags & ZRAM_SAME)) {
		for (unsigned int i = 0; i < ZRAM_PAGE_SIZE / 8; i++)
			w[i] = s->handle;
		return 0;
	}
	if (s->size == ZRAM_PAGE_SIZE) {
		sm_zram_zs_read(zram->pool, s->handle, page, ZRAM_PAGE_SIZE);
		return 0;
	}
	return sm_zram_zcomp_decompress(zram->comps[zram_get_prio(zram, index)],
					sm_zram_zs_map(zram->pool, s->handle, zram->buf,
						       s->size),
					s->size, page);
}

/* ---- disksize and reset ------------------------------------------------ */

/* disksize_store() past the checks: table, pool, compressors */
int sm_zram_disksize_set(struct sm_zram *zram, uint64_t disksize)
{
	uint64_t pages = disksize >> ZRAM_PAGE_SHIFT;
	int err;

	zram->table = calloc(pages, sizeof(*zram->table));
	if (!zram->table)
		return -ENOMEM;
	err = sm_zram_zs_pool_create(zram->ctl->prof->id, zram->ctl->opts.pages,
				     &zram->pool);
	if (err)
		goto out_free_table;
	/* zram_meta_alloc(): the module-wide threshold, set once */
	if (!zram->ctl->huge_class_size)
		zram->ctl->huge_class_size = sm_zram_zs_huge_class_size(zram->pool);
	err = sm_zram_comps_create(zram);
	if (err)
		goto out_free_pool;
	sm_zram_set_capacity(zram, disksize);
	zram->disksize = disksize;
	return 0;

out_free_pool:
	sm_zram_zs_pool_destroy(zram->pool);
	zram->pool = NULL;
out_free_table:
	free(zram->table);
	zram->table = NULL;
	return err;
}

/* sm_zram_reset_device(): everything back to a fresh device */
void sm_zram_reset_device(struct sm_zram *zram)
{
	uint64_t pages = zram->disksize >> ZRAM_PAGE_SHIFT;

	zram->limit_pages = 0;
	sm_zram_set_capacity(zram, 0);
	if (zram->table) {
		for (uint64_t i = 0; i < pages; i++)
			sm_zram_free_page(zram, i);
		sm_zram_zs_pool_destroy(zram->pool);
		free(zram->table);
	}
	zram->pool = NULL;
	zram->table = NULL;
	zram->disksize = 0;
	sm_zram_comps_destroy(zram);
	if (zram->ctl->prof->reset_default_algo)
		sm_zram_comp_reset(zram);
	memset(&zram->st, 0, sizeof(zram->st));
	sm_zram_reset_bdev(zram);
}

/* ---- the block device --------------------------------------------------- */

int sm_zram_ctl_page_moved(struct sm_zram_ctl *ctl, uint64_t old_id,
			   void *new_bytes, uint64_t new_id)
{
	for (int id = 0; id < ctl->ndevs; id++) {
		struct sm_zram *z = ctl->devs[id];

		if (z && z->pool &&
		    !sm_zram_zs_page_moved(z->pool, old_id, new_bytes, new_id))
			return 0;
	}
	return -ENOENT;
}

int sm_zram_open(struct sm_zram *dev)
{
	if (dev->claim)
		return -EBUSY;
	dev->openers++;
	return 0;
}

void sm_zram_release(struct sm_zram *dev)
{
	if (dev->openers > 0)
		dev->openers--;
}

/* the block layer refuses I/O past the end before zram sees it */
static bool in_range(const struct sm_zram *zram, uint64_t index,
		     uint64_t count)
{
	uint64_t pages = zram->disksize >> ZRAM_PAGE_SHIFT;

	return index < pages && count <= pages - index;
}

int sm_zram_write(struct sm_zram *dev, uint64_t index, const void *page)
{
	int err;

	if (!in_range(dev, index, 1))
		return -EIO;
	dev->st.num_writes++;
	err = sm_zram_write_page(dev, index, page);
	if (!err || dev->ctl->prof->access_on_error)
		sm_zram_accessed(dev, index);
	if (err) {
		dev->st.failed_writes++;
		return -EIO;
	}
	return 0;
}

int sm_zram_read(struct sm_zram *dev, uint64_t index, void *page)
{
	int err;

	if (!in_range(dev, index, 1))
		return -EIO;
	dev->st.num_reads++;
	if (dev->table[index].flags & ZRAM_WB)
		err = sm_zram_read_from_bdev(dev, index, page);
	else
		err = sm_zram_read_from_pool(dev, index, page);
	if (!err || dev->ctl->prof->access_on_error)
		sm_zram_accessed(dev, index);
	if (err) {
		sm_zram_log(dev->ctl,
			    "zram: Decompression failed! err=%d, page=%llu", err,
			    (unsigned long long)index);
		dev->st.failed_reads++;
		return -EIO;
	}
	return 0;
}

int sm_zram_discard(struct sm_zram *dev, uint64_t index, uint64_t count)
{
	if (!count)
		return 0;
	if (!in_range(dev, index, count))
		return -EIO;
	for (uint64_t i = index; i < index + count; i++) {
		sm_zram_free_page(dev, i);
		dev->st.notify_free++;
	}
	return 0;
}

void sm_zram_slot_free_notify(struct sm_zram *dev, uint64_t index)
{
	if (!in_range(dev, index, 1))
		return;
	dev->st.notify_free++;
	sm_zram_free_page(dev, index);
}

void sm_zram_get_stats(const struct sm_zram *dev, struct sm_zram_stats *st)
{
	const struct zram_counters *c = &dev->st;

	memset(st, 0, sizeof(*st));
	st->orig_data_size = c->pages_stored << ZRAM_PAGE_SHIFT;
	st->compr_data_size = c->compr_data_size;
	if (zram_init_done(dev)) {
		st->mem_used_total = sm_zram_zs_total_pages(dev->pool)
				     << ZRAM_PAGE_SHIFT;
		st->pages_compacted = sm_zram_zs_pages_compacted(dev->pool);
	}
	st->mem_limit = dev->limit_pages << ZRAM_PAGE_SHIFT;
	st->mem_used_max = c->max_used_pages << ZRAM_PAGE_SHIFT;
	st->same_pages = c->same_pages;
	st->huge_pages = c->huge_pages;
	st->huge_pages_since = c->huge_pages_since;
	st->failed_reads = c->failed_reads;
	st->failed_writes = c->failed_writes;
	st->invalid_io = c->invalid_io;
	st->notify_free = c->notify_free;
	st->bd_count = c->bd_count;
	st->bd_reads = c->bd_reads;
	st->bd_writes = c->bd_writes;
	st->writestall = c->writestall;
	st->miss_free = c->miss_free;
	st->num_reads = c->num_reads;
	st->num_writes = c->num_writes;
}
