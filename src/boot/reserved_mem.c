// SPDX-License-Identifier: MIT
/*
 * reserved_mem.c - /reserved-memory: static regions (reg), dynamic ones
 * (size, alignment, alloc-ranges), the overlap check and the order in
 * which each kernel does it all, as drivers/of/fdt.c and
 * drivers/of/of_reserved_mem.c of Linux 6.1 and 6.12 (7.2: 6.12's flow
 * with the v6.19 reg helper and the v7.1 CMA validation).
 *
 * The two flows (enum sm_rmem_flow):
 *
 *   6.1   scan: reserve every static reg, record (base,size) of its first
 *               entry; record each dynamic node as (0,0)
 *         sort every record (heapsort, not stable), report overlaps
 *         walk the sorted records: allocate dynamic ones, init each
 *
 *   6.12+ early: reserve every static reg (no record yet); then allocate
 *                the dynamic nodes in DT order, each recorded and
 *                initialised at once (with its summary line);
 *                then /memreserve/
 *         late (when the tree is unflattened): record and initialise the
 *                static nodes in DT order; sort, report overlaps
 */
#include <stdio.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "internal.h"

/* ---- regions --------------------------------------------------------- */

static enum sm_region_kind kind_of_node(const void *fdt, int node)
{
	if (sm_dt_is_compatible(fdt, node, "shared-dma-pool"))
		return sm_dt_has_prop(fdt, node, "reusable") ?
			SM_REGION_CMA : SM_REGION_DMA_POOL;
	if (sm_dt_is_compatible(fdt, node, "restricted-dma-pool"))
		return SM_REGION_RESTRICTED_POOL;
	return SM_REGION_CARVEOUT;
}

static int grow_regions(struct sm_boot *bt)
{
	struct sm_board *b = bt->b;
	struct sm_region *r;
	size_t cap;

	if (b->nregions < bt->region_cap)
		return 0;
	cap = bt->region_cap ? bt->region_cap * 2 : 32;
	r = realloc(b->regions, cap * sizeof(*r));
	if (!r)
		return -ENOMEM;
	b->regions = r;
	bt->region_cap = cap;
	return 0;
}

/* A new region for a DT node (node < 0: not a DT node, @name is used). */
int sm_boot_rmem_add_region(struct sm_boot *bt, int node, const char *name,
			    int *index)
{
	struct sm_board *b = bt->b;
	struct sm_region *r;
	int err = grow_regions(bt);

	if (err)
		return err;
	r = &b->regions[b->nregions];
	memset(r, 0, sizeof(*r));
	r->node = node;
	r->cma = -1;
	r->seq = -1;
	r->outcome.other = -1;
	r->kind = SM_REGION_CARVEOUT;
	if (node >= 0) {
		const char *n = fdt_get_name(bt->fdt, node, NULL);

		snprintf(r->name, sizeof(r->name), "%s", n ? n : "");
		/* every DT region is a child of /reserved-memory */
		snprintf(r->path, sizeof(r->path), "/reserved-memory/%s",
			 r->name);
		r->phandle = sm_dt_node_phandle(bt->fdt, node);
		r->kind = kind_of_node(bt->fdt, node);
		if (sm_dt_has_prop(bt->fdt, node, "no-map"))
			r->flags |= SM_RF_NOMAP;
		if (sm_dt_has_prop(bt->fdt, node, "reusable"))
			r->flags |= SM_RF_REUSABLE;
		if (sm_dt_has_prop(bt->fdt, node, "linux,cma-default"))
			r->flags |= SM_RF_CMA_DEFAULT;
		if (sm_dt_has_prop(bt->fdt, node, "linux,dma-default"))
			r->flags |= SM_RF_DMA_DEFAULT;
	} else {
		snprintf(r->name, sizeof(r->name), "%s", name);
	}
	*index = (int)b->nregions++;
	return 0;
}

static struct sm_region *region(struct sm_boot *bt, int i)
{
	return &bt->b->regions[i];
}

static void region_done(struct sm_boot *bt, int i,
			enum sm_region_status status)
{
	region(bt, i)->status = status;
	if (region(bt, i)->seq < 0)
		region(bt, i)->seq = bt->seq++;
}

/* ---- records (reserved_mem[]) ---------------------------------------- */

/* fdt_reserved_mem_save_node() without the init call (6.12 does it). */
static struct sm_rmem *save_record(struct sm_boot *bt, int reg, int node,
				   uint64_t base, uint64_t size)
{
	struct sm_rmem *rec;

	if (bt->rmem_count >= bt->rmem_cap) {
		sm_boot_log(bt, SM_MSG_RMEM_NO_SPACE);
		sm_region_why(region(bt, reg), SM_WHY_NO_RECORD);
		return NULL;
	}
	rec = &bt->rmem[bt->rmem_count++];
	rec->region = reg;
	rec->node = node;
	rec->base = base;
	rec->size = size;
	return rec;
}

/*
 * The outcome of a record's init step (fdt_init_reserved_mem_node()):
 * a handler error other than "no handler" gives the memory back.
 */
static void init_record(struct sm_boot *bt, struct sm_rmem *rec)
{
	struct sm_region *r = region(bt, rec->region);
	bool nomap = r->flags & SM_RF_NOMAP;
	int err = sm_boot_rmem_init_node(bt, rec);

	r = region(bt, rec->region);
	r->outcome.recorded = true;
	r->outcome.rec_base = rec->base;
	r->outcome.rec_size = rec->size;
	if (err && err != -ENOENT) {
		/* the handler may have said why (alignment, CMA slots) */
		sm_region_why(r, r->status == SM_STATUS_BYPASSED ?
			      SM_WHY_CMDLINE_BYPASS : SM_WHY_HANDLER);
		sm_boot_log(bt, SM_MSG_RMEM_MATCH_FAIL, r->name);
		if (nomap && bt->b->profile->nomap_removes) {
			/* 5.10: memblock_free() and memblock_add(): removed
			 * memory comes back, a static no-map stays no-map */
			sm_boot_memblock_phys_free(&bt->b->memblock, rec->base,
						   rec->size);
			sm_boot_memblock_add(&bt->b->memblock, rec->base,
					     rec->size);
		} else if (nomap)
			sm_boot_memblock_clear_nomap(&bt->b->memblock, rec->base,
						     rec->size);
		else
			sm_boot_memblock_phys_free(&bt->b->memblock, rec->base,
						   rec->size);
		/* the CMA handler marks a bypassed default node itself */
		region_done(bt, rec->region, r->status == SM_STATUS_BYPASSED ?
			    SM_STATUS_BYPASSED : SM_STATUS_UNMATCHED);
		/* 7.x keeps only initialised regions in reserved_mem[] */
		if (bt->b->profile->rmem_drop_failed &&
		    rec == &bt->rmem[bt->rmem_count - 1]) {
			bt->rmem_count--;
			r->outcome.recorded = false;
		}
		return;
	}
	sm_boot_log(bt, SM_MSG_RMEM_SUMMARY, rec->base,
		    rec->base + rec->size - 1, rec->size / SM_SZ_1K,
		    nomap ? "nomap" : "map",
		    (r->flags & SM_RF_REUSABLE) ? "reusable" : "non-reusable",
		    r->name);
	/* a static region the kernel failed to reserve stays failed */
	region_done(bt, rec->region, r->status == SM_STATUS_FAILED ?
		    SM_STATUS_FAILED : SM_STATUS_PLACED);
}

/* ---- static regions --------------------------------------------------- */

static int early_reserve(struct sm_boot *bt, uint64_t base, uint64_t size,
			 bool nomap)
{
	struct sm_memblock *mb = &bt->b->memblock;

	if (nomap) {
		/* never mark already-reserved memory nomap (5.10.y: even
		 * outside memory) */
		if ((bt->b->profile->nomap_removes ||
		     sm_boot_memblock_overlaps_memory(mb, base, size)) &&
		    sm_boot_memblock_is_region_reserved(mb, base, size))
			return -EBUSY;
		return sm_boot_memblock_mark_nomap(mb, base, size);
	}
	return sm_boot_memblock_reserve(mb, base, size, 0);
}

/* bytes of one (address, size) entry; 64-bit: the cells may be absurd */
static uint64_t entry_len(const struct sm_boot *bt)
{
	return ((uint64_t)bt->b->addr_cells + bt->b->size_cells) * 4;
}

/*
 * The reg property as the kernel fetches it: NULL when absent, and (7.x,
 * the v6.19 helper) when its length is not a whole number of entries.
 */
static const void *get_reg(struct sm_boot *bt, int node, int *len,
			   bool *invalid)
{
	const void *p = sm_dt_prop(bt->fdt, node, "reg", len);
	uint64_t t = entry_len(bt);

	*invalid = p && *len && t && ((uint64_t)*len % t);
	/* v6.19's helper: empty or not whole entries reads as absent */
	if (p && bt->b->profile->prop_len_invalid_is_absent &&
	    (*invalid || *len == 0))
		return NULL;
	return p;
}

/* The low 64 bits of @cells cells at blob offset @off; zeros past @total. */
static uint64_t cells_bounded(const uint8_t *blob, uint64_t total,
			      uint64_t off, uint64_t cells)
{
	uint64_t v = 0;

	if (cells > 2) {
		off += (cells - 2) * 4;
		cells = 2;
	}
	for (uint64_t i = 0; i < cells; i++, off += 4)
		v = (v << 32) | (off + 4 <= total ?
				 sm_dt_read_cells(blob + off, 1) : 0);
	return v;
}

/* How the kernel reads a node's reg (get_reg() is the one rule). */
static enum sm_reg_read reg_read(struct sm_boot *bt, int node)
{
	bool invalid;
	int len;
	const void *p = get_reg(bt, node, &len, &invalid);

	if (!p)
		return sm_dt_prop(bt->fdt, node, "reg", NULL) ?
		       SM_REG_IGNORED : SM_REG_ABSENT;
	if (invalid)
		return SM_REG_BAD_LENGTH;
	return len && entry_len(bt) && (uint64_t)len >= entry_len(bt) ?
	       SM_REG_VALID : SM_REG_EMPTY;
}

/*
 * Read (base, size) at @p; the kernel reads past a too-short property
 * into the blob's next bytes, and so do we (zeros past the blob's end).
 */
static void read_entry(struct sm_boot *bt, const void *p, uint64_t *base,
		       uint64_t *size)
{
	const uint8_t *blob = bt->fdt;
	uint64_t total = fdt_totalsize(bt->fdt);
	uint64_t off = (uint64_t)((const uint8_t *)p - blob);
	unsigned int ac = bt->b->addr_cells, sc = bt->b->size_cells;

	*base = cells_bounded(blob, total, off, ac);
	*size = cells_bounded(blob, total, off + (uint64_t)ac * 4, sc);
}

/*
 * Why a static entry failed: size 0, or (no-map) a range memblock already
 * holds; which one, and whose: an earlier region or the DTB.
 */
static void reg_failed(struct sm_boot *bt, int idx, uint64_t base,
		       uint64_t size)
{
	const struct sm_memblock_type *rsv = &bt->b->memblock.reserved;
	struct sm_region *r = region(bt, idx);

	if (!size) {
		sm_region_why(r, SM_WHY_SIZE_ZERO);
		return;
	}
	sm_region_why(r, SM_WHY_COLLISION);
	for (size_t i = 0; i < rsv->cnt; i++) {
		const struct sm_memblock_region *m = &rsv->regions[i];

		if (m->base < base + size && base < m->base + m->size) {
			r->outcome.hit_base = m->base;
			r->outcome.hit_size = m->size;
			break;
		}
	}
	r->outcome.hit_dtb = bt->b->dtb_size &&
			     bt->b->dtb_base < base + size &&
			     base < bt->b->dtb_base + bt->b->dtb_size;
	for (int j = 0; j < idx; j++) {
		const struct sm_region *o = region(bt, j);

		/* no-map regions are not in memblock.reserved */
		if (o->size && o->status == SM_STATUS_PLACED &&
		    !(o->flags & SM_RF_NOMAP) && o->base < base + size &&
		    base < o->base + o->size) {
			r->outcome.other = j;
			return;
		}
	}
}

/* The outcome of one reg entry of region @idx. */
static void reg_entry_done(struct sm_boot *bt, int idx, uint64_t base,
			   uint64_t size, bool ok)
{
	struct sm_region *r = region(bt, idx);

	r->outcome.reg = SM_REG_VALID;
	r->outcome.reg_base = base;
	r->outcome.reg_size = size;
	r->outcome.size = size;
	if (!ok)
		reg_failed(bt, idx, base, size);
}

/* Extra reg entries beyond the first: reserved, but never recorded. */
static int add_extra_entry(struct sm_boot *bt, int node, uint64_t base,
			   uint64_t size, bool ok)
{
	int idx, err = sm_boot_rmem_add_region(bt, node, NULL, &idx);

	if (err)
		return err;
	region(bt, idx)->base = base;
	region(bt, idx)->size = size;
	reg_entry_done(bt, idx, base, size, ok);
	region_done(bt, idx, ok ? SM_STATUS_PLACED : SM_STATUS_FAILED);
	return 0;
}

/*
 * __reserved_mem_reserve_reg(): reserve (or mark no-map) every entry of
 * reg. Return: 0, -ENOENT (no reg), -EINVAL (bad length).
 * 6.1 records the first entry (@record); 6.12+ records later.
 */
static int reserve_reg(struct sm_boot *bt, int node, int reg, bool record)
{
	struct sm_region *r = region(bt, reg);
	bool nomap = r->flags & SM_RF_NOMAP;
	uint64_t t = entry_len(bt);
	const uint8_t *p;
	bool invalid;
	int len, first = 1;

	p = get_reg(bt, node, &len, &invalid);
	if (!p) {
		if (sm_dt_prop(bt->fdt, node, "reg", &len))
			sm_region_bad_prop(r, "reg", len, t, true);
		return -ENOENT;
	}
	if (bt->b->profile->reg_first_entry_only && t &&
	    (uint64_t)len > t) {
		/* 7.x reserves the first entry only, and says so */
		sm_boot_log(bt, SM_MSG_RMEM_MULTI_REG, r->name,
			    (int)((uint64_t)len / t));
		len = (int)t;
	}
	if (invalid) {
		sm_boot_log(bt, SM_MSG_RMEM_INVALID_REG, r->name);
		sm_boot_warn_at(bt, node, "reg",
				"reg is %d bytes, not a multiple of %" PRIu64
				" (#address-cells + #size-cells): the kernel skips the node",
				len, t);
		sm_region_bad_prop(r, "reg", len, t, false);
		region_done(bt, reg, SM_STATUS_FAILED);
		return -EINVAL;
	}
	while (t && (uint64_t)len >= t) {
		uint64_t base, size;
		bool ok;

		read_entry(bt, p, &base, &size);
		ok = size && early_reserve(bt, base, size, nomap) == 0;
		sm_boot_log(bt, ok ? SM_MSG_RMEM_RESERVED_REG :
			    SM_MSG_RMEM_FAILED_REG, r->name, base,
			    size / SM_SZ_1M);
		if (first) {
			r = region(bt, reg);
			r->base = base;
			r->size = size;
			r->status = ok ? SM_STATUS_PLACED : SM_STATUS_FAILED;
			reg_entry_done(bt, reg, base, size, ok);
			if (record)
				save_record(bt, reg, node, base, size);
		} else if (add_extra_entry(bt, node, base, size, ok)) {
			return -ENOMEM;
		}
		first = 0;
		p += t;
		len -= (int)t;
	}
	if (first) {
		/* an empty reg: nothing reserved, the node is skipped */
		sm_region_bad_prop(region(bt, reg), "reg", len, t, false);
		region_done(bt, reg, SM_STATUS_FAILED);
	}
	return 0;
}

/* ---- dynamic regions --------------------------------------------------- */

/*
 * __reserved_mem_alloc_in_range(): 6.12+ pick bottom-up when the window
 * starts inside an already recorded region, top-down when it ends inside
 * one (neither or both: the default direction).
 */
static uint64_t alloc_in_range(struct sm_boot *bt, uint64_t size,
			       uint64_t align, uint64_t start, uint64_t end)
{
	struct sm_memblock *mb = &bt->b->memblock;
	bool prev = mb->bottom_up, bottom_up = false, top_down = false;
	uint64_t base;

	if (bt->b->profile->alloc_ranges_heuristic) {
		for (int i = 0; i < bt->rmem_count; i++) {
			const struct sm_rmem *rec = &bt->rmem[i];

			if (!rec->size)
				continue;
			if (start >= rec->base && start <= rec->base + rec->size)
				bottom_up = true;
			if (end >= rec->base && end <= rec->base + rec->size)
				top_down = true;
		}
	}
	if (bottom_up != top_down)
		mb->bottom_up = bottom_up;
	base = sm_boot_memblock_alloc_range(mb, size, align, start,
					    end ? end : SM_ALLOC_ANYWHERE, 0);
	mb->bottom_up = prev;
	return base;
}

/* early_init_dt_alloc_reserved_memory_arch() */
static int alloc_arch(struct sm_boot *bt, uint64_t size, uint64_t align,
		      uint64_t start, uint64_t end, bool nomap,
		      uint64_t *res)
{
	struct sm_memblock *mb = &bt->b->memblock;
	uint64_t base;

	if (!align)
		align = bt->b->profile->smp_cache_bytes;
	base = alloc_in_range(bt, size, align, start, end);
	if (!base)
		return -ENOMEM;
	*res = base;
	if (nomap && bt->b->profile->nomap_removes) {
		/* 5.10 found the range without reserving it */
		sm_boot_memblock_phys_free(mb, base, size);
		return sm_boot_memblock_remove(mb, base, size);
	}
	if (nomap && sm_boot_memblock_mark_nomap(mb, base, size)) {
		sm_boot_memblock_phys_free(mb, base, size);
		return -ENOMEM;
	}
	return 0;
}

/* The windows, for the outcome; no memory for them is the model's failure */
static void record_alloc_ranges(struct sm_boot *bt, int reg, const void *p,
				int len)
{
	struct sm_region *r = region(bt, reg);
	uint64_t t = entry_len(bt);
	size_t n = t ? (size_t)((uint64_t)len / t) : 0;
	const uint8_t *q = p;

	free(r->alloc_ranges);
	r->alloc_ranges = n ? calloc(n, sizeof(*r->alloc_ranges)) : NULL;
	r->n_alloc_ranges = r->alloc_ranges ? n : 0;
	if (n && !r->alloc_ranges)
		bt->nomem = true;
	for (size_t i = 0; i < r->n_alloc_ranges; i++, q += t) {
		r->alloc_ranges[i].base = sm_dt_read_cells(q, bt->b->addr_cells);
		r->alloc_ranges[i].size = sm_dt_read_cells(
			q + bt->b->addr_cells * 4, bt->b->size_cells);
	}
}

/*
 * __reserved_mem_alloc_size(): read size, alignment and alloc-ranges,
 * raise a CMA pool's alignment to the pageblock size, allocate.
 * Return: 0 (base and size in *base, *size), -EINVAL, -ENOMEM.
 */
static int alloc_size(struct sm_boot *bt, int node, int reg, uint64_t *rbase,
		      uint64_t *rsize)
{
	const struct sm_board *b = bt->b;
	struct sm_region *r = region(bt, reg);
	uint64_t t = entry_len(bt);
	uint64_t size, align = 0, base = 0;
	bool nomap = r->flags & SM_RF_NOMAP;
	const uint8_t *p;
	int len, ret = -ENOMEM;

	r->flags |= SM_RF_DYNAMIC;
	p = sm_dt_prop(bt->fdt, node, "size", &len);
	if (!p)
		return -EINVAL;
	if ((uint64_t)len != (uint64_t)b->size_cells * 4) {
		sm_region_bad_prop(r, "size", len, b->size_cells * 4ULL, false);
		sm_boot_log(bt, SM_MSG_RMEM_INVALID_SIZE, r->name);
		sm_boot_warn_at(bt, node, "size",
				"size is %d bytes, not #size-cells (%u) cells: the kernel drops the region",
				len, b->size_cells);
		return -EINVAL;
	}
	size = sm_dt_read_cells(p, b->size_cells);
	r->size = size;
	r->outcome.size = size;
	p = sm_dt_prop(bt->fdt, node, "alignment", &len);
	if (p) {
		if ((uint64_t)len != (uint64_t)b->addr_cells * 4) {
			sm_region_bad_prop(r, "alignment", len,
					   b->addr_cells * 4ULL, false);
			sm_boot_log(bt, SM_MSG_RMEM_INVALID_ALIGN, r->name);
			sm_boot_warn_at(bt, node, "alignment",
					"alignment is %d bytes, not #address-cells (%u) cells: the kernel drops the region",
					len, b->addr_cells);
			return -EINVAL;
		}
		align = sm_dt_read_cells(p, b->addr_cells);
	}
	if (sm_dt_is_compatible(bt->fdt, node, "shared-dma-pool") &&
	    (r->flags & SM_RF_REUSABLE) && !nomap &&
	    align < sm_boot_cma_min_align(bt))
		align = sm_boot_cma_min_align(bt);
	r->req_align = align ? align : b->profile->smp_cache_bytes;
	r->outcome.align = r->req_align;
	p = sm_dt_prop(bt->fdt, node, "alloc-ranges", &len);
	if (p && bt->b->profile->prop_len_invalid_is_absent &&
	    (!t || len == 0 || (uint64_t)len % t)) {
		/* v6.19's helper: as if there were none */
		sm_region_bad_prop(r, "alloc-ranges", len, t, true);
		p = NULL;
	}
	if (p) {
		if (!t || (uint64_t)len % t) {
			sm_region_bad_prop(r, "alloc-ranges", len, t, false);
			sm_boot_log(bt, SM_MSG_RMEM_INVALID_RANGES, r->name);
			sm_boot_warn_at(bt, node, "alloc-ranges",
					"alloc-ranges is %d bytes, not a multiple of %" PRIu64
					": the kernel drops the region",
					len, t);
			return -EINVAL;
		}
		record_alloc_ranges(bt, reg, p, len);
		for (; len > 0; p += t, len -= (int)t) {
			uint64_t start = sm_dt_read_cells(p, b->addr_cells);
			uint64_t end = start + sm_dt_read_cells(
				p + b->addr_cells * 4, b->size_cells);

			r->outcome.win_start = start;
			r->outcome.win_end = end;
			ret = alloc_arch(bt, size, align, start, end, nomap,
					 &base);
			if (!ret)
				break;
		}
	} else {
		ret = alloc_arch(bt, size, align, 0, 0, nomap, &base);
	}
	if (!ret)
		sm_boot_log(bt, SM_MSG_RMEM_ALLOCATED, r->name, base,
			    size / SM_SZ_1M);
	if (base == 0) {
		sm_region_why(r, SM_WHY_NO_WINDOW);
		sm_boot_log(bt, SM_MSG_RMEM_ALLOC_FAILED, r->name,
			    size / SM_SZ_1M);
		return -ENOMEM;
	}
	r->base = base;
	*rbase = base;
	*rsize = size;
	return 0;
}

/* ---- the root node ---------------------------------------------------- */

static bool cells_match(struct sm_boot *bt, int node, const char *prop,
			unsigned int want)
{
	int len;
	const void *p = sm_dt_prop(bt->fdt, node, prop, &len);

	/* be32_to_cpup() reads 4 bytes whatever the length */
	return p && len >= 0 && sm_dt_read_cells(p, 1) == want;
}

/* __reserved_mem_check_root() */
static bool root_ok(struct sm_boot *bt, int node)
{
	return cells_match(bt, node, "#size-cells", bt->b->size_cells) &&
	       cells_match(bt, node, "#address-cells", bt->b->addr_cells) &&
	       sm_dt_has_prop(bt->fdt, node, "ranges");
}

/*
 * 7.x: the CMA driver's validate step refuses a linux,cma-default node
 * when cma= is given, before anything is reserved for it.
 */
static bool skipped_for_cmdline(struct sm_boot *bt, int node, int reg)
{
	if (bt->b->profile->cma_default_vs_cmdline != SM_CMA_DEFAULT_SKIP ||
	    !bt->b->cma_cmdline.given ||
	    !(region(bt, reg)->flags & SM_RF_CMA_DEFAULT) ||
	    !sm_dt_is_compatible(bt->fdt, node, "shared-dma-pool"))
		return false;
	sm_boot_log(bt, SM_MSG_CMA_SKIP_DEFAULT);
	sm_region_why(region(bt, reg), SM_WHY_CMDLINE_SKIP);
	region_done(bt, reg, SM_STATUS_BYPASSED);
	return true;
}

/* ---- 6.1 ---------------------------------------------------------------- */

static int rmem_cmp(const void *pa, const void *pb, const void *priv)
{
	const struct sm_rmem *a = pa, *b = pb;
	const bool *by_node = priv;

	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	if (*by_node && a->node != b->node)
		return a->node < b->node ? -1 : 1;
	return 0;
}

/* __rmem_check_for_overlap(): sort, then compare neighbours */
static int check_overlaps(struct sm_boot *bt)
{
	struct sm_board *b = bt->b;
	bool by_node = b->profile->sort_by_node;

	if (bt->rmem_count < 2)
		return 0;
	sm_boot_kernel_sort(bt->rmem, (size_t)bt->rmem_count, sizeof(*bt->rmem),
			    rmem_cmp, &by_node, b->profile->sort);
	for (int i = 0; i < bt->rmem_count - 1; i++) {
		const struct sm_rmem *this = &bt->rmem[i], *next = &bt->rmem[i + 1];
		struct sm_overlap *o;

		if (this->base + this->size <= next->base)
			continue;
		sm_boot_log(bt, SM_MSG_RMEM_OVERLAP);
		sm_boot_log(bt, SM_MSG_RMEM_OVERLAP_PAIR,
			    region(bt, this->region)->name, this->base,
			    this->base + this->size,
			    region(bt, next->region)->name, next->base,
			    next->base + next->size);
		o = realloc(b->overlaps, (b->noverlaps + 1) * sizeof(*o));
		if (!o)
			return -ENOMEM;
		b->overlaps = o;
		o[b->noverlaps] = (struct sm_overlap){
			.a = this->region, .b = next->region,
			.a_base = this->base, .a_size = this->size,
			.b_base = next->base, .b_size = next->size,
		};
		b->noverlaps++;
	}
	return 0;
}

/* fdt_init_reserved_mem() of 6.1 */
static int init_sorted(struct sm_boot *bt)
{
	int err = check_overlaps(bt);

	if (err)
		return err;
	for (int i = 0; i < bt->rmem_count; i++) {
		struct sm_rmem *rec = &bt->rmem[i];

		if (rec->size == 0) {
			err = alloc_size(bt, rec->node, rec->region, &rec->base,
					 &rec->size);
			if (err) {
				region_done(bt, rec->region, SM_STATUS_FAILED);
				continue;
			}
		}
		init_record(bt, rec);
	}
	return 0;
}

/* ---- the scans --------------------------------------------------------- */

static int memreserve(struct sm_boot *bt)
{
	/* the EFI stub deletes every entry: the memory map covers them */
	int n = bt->b->env.loader == SM_LOADER_EFI ? 0 :
						     fdt_num_mem_rsv(bt->fdt);

	for (int i = 0; i < n; i++) {
		uint64_t base, size;
		int idx;

		if (fdt_get_mem_rsv(bt->fdt, i, &base, &size) < 0 || !size)
			break;
		sm_boot_memblock_reserve(&bt->b->memblock, base, size, 0);
		if (sm_boot_rmem_add_region(bt, -1, "/memreserve/", &idx))
			return -ENOMEM;
		region(bt, idx)->kind = SM_REGION_MEMRESERVE;
		region(bt, idx)->base = base;
		region(bt, idx)->size = size;
		region_done(bt, idx, SM_STATUS_PLACED);
	}
	return 0;
}

static int find_rmem_node(struct sm_boot *bt)
{
	return sm_boot_find_node(bt, "/reserved-memory");
}

/* A region for @child, or a disabled one; -1 when it is not a region. */
static int child_region(struct sm_boot *bt, int child)
{
	int idx;

	if (sm_boot_rmem_add_region(bt, child, NULL, &idx))
		return -ENOMEM;
	region(bt, idx)->outcome.reg = reg_read(bt, child);
	if (region(bt, idx)->outcome.reg == SM_REG_VALID) {
		/* the first entry, even for a node the scan never reaches */
		const void *p = sm_dt_prop(bt->fdt, child, "reg", NULL);

		read_entry(bt, p, &region(bt, idx)->outcome.reg_base,
			   &region(bt, idx)->outcome.reg_size);
	}
	if (!sm_dt_node_available(bt->fdt, child)) {
		region_done(bt, idx, SM_STATUS_DISABLED);
		return -1;
	}
	return idx;
}

static bool is_dynamic(struct sm_boot *bt, int child, int err)
{
	return err == -ENOENT && sm_dt_has_prop(bt->fdt, child, "size");
}

static void drop_if_not_region(struct sm_boot *bt, int idx, int child)
{
	/* neither reg nor size: not a region at all, silently */
	if (!sm_dt_prop(bt->fdt, child, "reg", NULL) &&
	    !sm_dt_has_prop(bt->fdt, child, "size") &&
	    idx == (int)bt->b->nregions - 1) {
		sm_boot_warn_at(bt, child, NULL,
				"neither reg nor size: the kernel ignores this node");
		bt->b->nregions--;
	}
}

/* Say why the kernel ignores the whole of /reserved-memory. */
static void warn_unsupported(struct sm_boot *bt, int node)
{
	bt->b->rmem_unsupported = true;
	sm_boot_warn_at(bt, node, NULL,
			"#address-cells/#size-cells must equal the root's (%u/%u) and ranges must be present: the kernel ignores every region below",
			bt->b->addr_cells, bt->b->size_cells);
}

/* 6.1: early_init_fdt_scan_reserved_mem() */
static int scan_sorted(struct sm_boot *bt)
{
	int node, child;

	if (memreserve(bt))
		return -ENOMEM;
	node = find_rmem_node(bt);
	if (node < 0)
		return 0;
	if (!root_ok(bt, node)) {
		sm_boot_log(bt, SM_MSG_RMEM_UNSUPPORTED);
		warn_unsupported(bt, node);
		return 0;
	}
	fdt_for_each_subnode(child, bt->fdt, node) {
		int idx = child_region(bt, child), err;

		if (idx == -ENOMEM)
			return -ENOMEM;
		if (idx < 0)
			continue;
		err = reserve_reg(bt, child, idx, true);
		if (err == -ENOMEM)
			return err;
		if (is_dynamic(bt, child, err)) {
			region(bt, idx)->flags |= SM_RF_DYNAMIC;
			save_record(bt, idx, child, 0, 0);
		} else {
			drop_if_not_region(bt, idx, child);
		}
	}
	return init_sorted(bt);
}

/* 6.12+: fdt_scan_reserved_mem() and the /memreserve/ loop after it */
static int scan_early(struct sm_boot *bt)
{
	int node, child, count = 0, ndyn = 0;
	int dyn[64], dyn_reg[64];
	int max = (int)bt->b->profile->max_reserved_regions;

	/*
	 * total_reserved_mem_cnt starts at MAX_RESERVED_REGIONS; 6.12 only
	 * replaces it when the scan succeeds, so a tree the scan rejects
	 * still gets a full-size late array.
	 */
	bt->late_array_regions =
		bt->b->profile->rmem_early_fail_empties ? 0 : max;
	node = find_rmem_node(bt);
	if (node < 0)
		goto out;
	if (!root_ok(bt, node)) {
		sm_boot_log(bt, SM_MSG_RMEM_UNSUPPORTED);
		warn_unsupported(bt, node);
		goto out;
	}
	fdt_for_each_subnode(child, bt->fdt, node) {
		int idx = child_region(bt, child), err;

		if (idx == -ENOMEM)
			return -ENOMEM;
		if (idx < 0 || skipped_for_cmdline(bt, child, idx))
			continue;
		err = reserve_reg(bt, child, idx, false);
		if (err == -ENOMEM)
			return err;
		if (!err)
			count++;
		if (!is_dynamic(bt, child, err)) {
			drop_if_not_region(bt, idx, child);
			continue;
		}
		if (ndyn == max || ndyn == 64) {
			sm_boot_log(bt, SM_MSG_RMEM_TOO_MANY_DYN,
				    region(bt, idx)->name);
			sm_region_why(region(bt, idx), SM_WHY_TOO_MANY_DYNAMIC);
			region_done(bt, idx, SM_STATUS_FAILED);
			continue;
		}
		dyn[ndyn] = child;
		dyn_reg[ndyn++] = idx;
	}
	for (int i = 0; i < ndyn; i++) {
		uint64_t base, size;
		struct sm_rmem *rec;

		if (alloc_size(bt, dyn[i], dyn_reg[i], &base, &size)) {
			region_done(bt, dyn_reg[i], SM_STATUS_FAILED);
			continue;
		}
		rec = save_record(bt, dyn_reg[i], dyn[i], base, size);
		if (rec)
			init_record(bt, rec);
		count++;
	}
	bt->late_array_regions = count;
out:
	return memreserve(bt);
}

/*
 * 6.12+: fdt_scan_reserved_mem_reg_nodes(), when the tree is unflattened.
 */
int sm_boot_rmem_late_scan(struct sm_boot *bt)
{
	uint64_t t = entry_len(bt);
	int node, child;

	if (bt->b->profile->rmem_flow != SM_RMEM_FLOW_EARLY_LATE)
		return 0;
	node = find_rmem_node(bt);
	if (node < 0) {
		sm_boot_log(bt, SM_MSG_RMEM_NO_NODE);
		return 0;
	}
	/* the final array holds what the early pass counted */
	if (bt->late_array_regions)
		sm_boot_env_kernel_alloc(bt, (uint64_t)bt->late_array_regions *
					 bt->b->profile->rmem_record_size,
					 bt->b->profile->smp_cache_bytes);
	if (bt->late_array_regions > bt->rmem_cap) {
		/* the final array is sized by the count: no 64 limit here */
		struct sm_rmem *r = realloc(bt->rmem,
					    ((size_t)bt->late_array_regions + 1) *
					    sizeof(*r));

		if (!r)
			return -ENOMEM;
		bt->rmem = r;
	}
	bt->rmem_cap = bt->late_array_regions;
	if (bt->rmem_count > bt->rmem_cap)
		bt->rmem_count = bt->rmem_cap;
	if (!root_ok(bt, node)) {
		sm_boot_log(bt, SM_MSG_RMEM_UNSUPPORTED);
		return 0;
	}
	fdt_for_each_subnode(child, bt->fdt, node) {
		uint64_t base, size;
		struct sm_rmem *rec;
		const void *p;
		bool invalid;
		int len, idx;

		p = get_reg(bt, child, &len, &invalid);
		if (!p || !sm_dt_node_available(bt->fdt, child))
			continue;
		idx = sm_boot_board_find_region_by_node(bt->b, child);
		if (idx < 0 || region(bt, idx)->status == SM_STATUS_BYPASSED)
			continue;
		if (invalid) {
			sm_boot_log(bt, SM_MSG_RMEM_INVALID_REG,
				    region(bt, idx)->name);
			continue;
		}
		if (t && (uint64_t)len > t)
			sm_boot_log(bt, SM_MSG_RMEM_IGNORES_EXTRA,
				    (int)((uint64_t)len / t) - 1,
				    region(bt, idx)->name);
		read_entry(bt, p, &base, &size);
		if (!size)
			continue;
		rec = save_record(bt, idx, child, base, size);
		if (rec)
			init_record(bt, rec);
	}
	return check_overlaps(bt);
}

int sm_boot_rmem_early_scan(struct sm_boot *bt)
{
	int max = (int)bt->b->profile->max_reserved_regions, err;

	bt->rmem = calloc((size_t)max + 1, sizeof(*bt->rmem));
	if (!bt->rmem)
		return -ENOMEM;
	bt->rmem_cap = max;
	if (bt->b->profile->rmem_flow == SM_RMEM_FLOW_SORTED)
		err = scan_sorted(bt);
	else
		err = scan_early(bt);
	return err ? err : bt->nomem ? -ENOMEM : 0;
}
