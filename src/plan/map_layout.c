// SPDX-License-Identifier: MIT
/*
 * map_layout.c - the memory map as rectangles: each DRAM bank a bar, cut
 * at every region boundary into segments whose widths grow with the
 * square root of their sizes (a 1 MiB carve-out next to 3 GiB of free
 * memory stays visible, and larger still looks larger), each at least a
 * few pixels wide. A bank with many segments wraps into several bars.
 * Regions that overlap share the bar's height in lanes. The SVG and HTML
 * writers draw exactly these rectangles, and `socmem map --json` prints
 * them, which is how the tests find a region's pixels in a screenshot.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "map.h"

struct bank_items {
	uint64_t base;
	uint64_t end;
	int *regions;	/* regions drawn in this bank, by base */
	size_t n;
	uint64_t *cuts;	/* sorted, unique boundaries */
	size_t ncuts;
};

const char *sm_plan_map_color(const struct sm_board *b, int i)
{
	const struct sm_region *r;

	if (i < 0)
		return MAP_FREE_COLOR;
	r = &b->regions[i];
	switch (r->kind) {
	case SM_REGION_CARVEOUT:
		return r->flags & SM_RF_NOMAP ? "#8c564b" : "#c49c94";
	case SM_REGION_CMA: return "#2ca02c";
	case SM_REGION_DEFAULT_CMA: return "#98df8a";
	case SM_REGION_DMA_POOL: return "#1f77b4";
	case SM_REGION_RESTRICTED_POOL: return "#9467bd";
	case SM_REGION_MEMRESERVE: return "#7f7f7f";
	case SM_REGION_KERNEL_IMAGE: return "#ff7f0e";
	default: return "#000000";
	}
}

static int add_u64(uint64_t **v, size_t *n, uint64_t x)
{
	uint64_t *p = realloc(*v, (*n + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	*v = p;
	p[(*n)++] = x;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Regions inside [base, end), and every boundary, sorted. */
static int collect_bank(const struct sm_board *b, struct bank_items *bi)
{
	uint64_t rb, rs;
	size_t k = 0;

	bi->regions = calloc(b->nregions + 1, sizeof(*bi->regions));
	if (!bi->regions || add_u64(&bi->cuts, &bi->ncuts, bi->base) ||
	    add_u64(&bi->cuts, &bi->ncuts, bi->end))
		return -ENOMEM;
	for (size_t i = 0; i < b->nregions; i++) {
		if (!sm_plan_region_extent(b, (int)i, &rb, &rs) ||
		    rb >= bi->end || rb + rs <= bi->base)
			continue;
		bi->regions[bi->n++] = (int)i;
		if ((rb > bi->base && add_u64(&bi->cuts, &bi->ncuts, rb)) ||
		    (rb + rs < bi->end &&
		     add_u64(&bi->cuts, &bi->ncuts, rb + rs)))
			return -ENOMEM;
	}
	qsort(bi->cuts, bi->ncuts, sizeof(*bi->cuts), cmp_u64);
	for (size_t i = 0; i < bi->ncuts; i++)
		if (!k || bi->cuts[i] != bi->cuts[k - 1])
			bi->cuts[k++] = bi->cuts[i];
	bi->ncuts = k;
	/* regions by base (insertion sort keeps equal ones in order) */
	for (size_t i = 1; i < bi->n; i++)
		for (size_t j = i; j > 0 && b->regions[bi->regions[j - 1]].base >
						b->regions[bi->regions[j]].base; j--) {
			int t = bi->regions[j];

			bi->regions[j] = bi->regions[j - 1];
			bi->regions[j - 1] = t;
		}
	return 0;
}

static int add_row(struct sm_map_layout *l, const struct sm_map_row *r)
{
	struct sm_map_row *v = realloc(l->rows, (l->nrows + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	l->rows = v;
	v[l->nrows++] = *r;
	return 0;
}

static int add_rect(struct sm_map_layout *l, const struct sm_map_rect *r)
{
	struct sm_map_rect *v = realloc(l->rects,
					(l->nrects + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	l->rects = v;
	v[l->nrects++] = *r;
	return 0;
}

/*
 * Square root for widths. Newton's method instead of libm's sqrt(): an
 * unoptimised build would call libm for it, and socmem must start with
 * libc, libfdt and libsmartcols alone (tests/cli/start_libs_test.sh).
 * Widths end up as pixels, so the last bit does not matter.
 */
static double width_root(double x)
{
	double r = x > 1 ? x / 2 : 1, prev;

	if (x <= 0)
		return 0;
	for (int i = 0; i < 200; i++) {
		prev = r;
		r = (r + x / r) / 2;
		if (r >= prev)
			break;
	}
	return r;
}

/* x of every cut of one row: [first, last] cuts, widths ~ sqrt(size) */
static void row_xs(const uint64_t *cuts, size_t first, size_t last,
		   double *xs)
{
	size_t k = last - first;
	double total = 0, room = MAP_ROW_W - MAP_MIN_SEG * (double)k;

	for (size_t i = first; i < last; i++)
		total += width_root((double)(cuts[i + 1] - cuts[i]));
	xs[0] = MAP_LEFT;
	for (size_t i = first; i < last; i++) {
		double w = width_root((double)(cuts[i + 1] - cuts[i]));

		xs[i - first + 1] = xs[i - first] + MAP_MIN_SEG +
				    (total > 0 ? room * w / total : 0);
	}
}

/* Lanes: regions that overlap share the bar, each cluster on its own. */
static void assign_lanes(const struct sm_board *b, const struct bank_items *bi,
			 int *lane, int *lanes)
{
	size_t start = 0;

	while (start < bi->n) {
		uint64_t cend = 0, lend[16];
		size_t end = start;
		int nl = 0;

		do {
			const struct sm_region *r = &b->regions[bi->regions[end]];
			int k;

			for (k = 0; k < nl && lend[k] > r->base; k++)
				;
			if (k == nl && nl < 16)
				nl++;
			if (k == 16)
				k = 15;
			lane[end] = k;
			lend[k] = r->base + r->size;
			if (r->base + r->size > cend)
				cend = r->base + r->size;
			end++;
		} while (end < bi->n &&
			 b->regions[bi->regions[end]].base < cend);
		for (size_t i = start; i < end; i++)
			lanes[i] = nl;
		start = end;
	}
}

static bool region_overlaps(const struct sm_board *b, int i)
{
	uint64_t ib, is, jb, js;

	if (!sm_plan_region_extent(b, i, &ib, &is))
		return false;
	for (size_t j = 0; j < b->nregions; j++)
		if ((int)j != i && sm_plan_region_extent(b, (int)j, &jb, &js) &&
		    plan_ranges_overlap(ib, is, jb, js))
			return true;
	return false;
}

/* Rectangles of one row: free segments, then regions in their lanes. */
static int row_rects(struct sm_map_layout *l, const struct bank_items *bi,
		     const struct sm_map_row *row, const double *xs,
		     size_t first, const int *lane, const int *lanes)
{
	const struct sm_board *b = l->board;
	size_t last = first;

	while (bi->cuts[last] < row->end)
		last++;
	for (size_t s = first; s < last; s++) {
		uint64_t a = bi->cuts[s], e = bi->cuts[s + 1];
		struct sm_map_rect r = { -1, row->bank, a, e - a,
					 xs[s - first], row->y,
					 xs[s - first + 1] - xs[s - first],
					 row->h, MAP_FREE_COLOR, false };
		bool used = false;

		for (size_t k = 0; k < bi->n && !used; k++) {
			const struct sm_region *reg =
				&b->regions[bi->regions[k]];

			used = plan_ranges_overlap(a, e - a, reg->base,
						   reg->size);
		}
		if (!used && add_rect(l, &r))
			return -ENOMEM;
	}
	for (size_t k = 0; k < bi->n; k++) {
		const struct sm_region *reg = &b->regions[bi->regions[k]];
		uint64_t a = reg->base > row->base ? reg->base : row->base;
		uint64_t e = reg->base + reg->size < row->end ?
			     reg->base + reg->size : row->end;
		size_t sa = first, se = first;
		struct sm_map_rect r;

		if (a >= e)
			continue;
		while (bi->cuts[sa] < a)
			sa++;
		while (bi->cuts[se] < e)
			se++;
		r = (struct sm_map_rect){
			bi->regions[k], row->bank, a, e - a, xs[sa - first],
			row->y + row->h * lane[k] / lanes[k],
			xs[se - first] - xs[sa - first], row->h / lanes[k],
			sm_plan_map_color(b, bi->regions[k]),
			region_overlaps(b, bi->regions[k]) };
		if (add_rect(l, &r))
			return -ENOMEM;
	}
	return 0;
}

/*
 * Names above the bar just added (its rectangles are the last ones):
 * as many lines as they take, the bar and its rectangles moved down to
 * make room; @y moves past the names.
 */
static int row_labels(struct sm_map_layout *l, const struct sm_map_row *row,
		      double *y)
{
	size_t first = l->nrects, nl = l->nlabels;
	struct sm_map_row *rw = &l->rows[l->nrows - 1];
	double above, delta;
	int lines;

	while (first > 0 && l->rects[first - 1].y >= row->y &&
	       l->rects[first - 1].y < row->y + row->h)
		first--;
	lines = sm_plan_map_row_labels(l, first, l->nrects);
	if (lines < 0)
		return lines;
	above = 13.0 * lines + 8 > MAP_LABELS_ABOVE ? 13.0 * lines + 8 :
						       MAP_LABELS_ABOVE;
	delta = above - MAP_LABELS_ABOVE;
	rw->y += delta;
	for (size_t i = first; i < l->nrects; i++)
		l->rects[i].y += delta;
	for (size_t i = nl; i < l->nlabels; i++) {
		l->labels[i].y += rw->y;
		l->labels[i].ay += delta;
	}
	*y += above;
	return 0;
}

static int layout_bank(struct sm_map_layout *l, struct bank_items *bi,
		       size_t bank, double *y)
{
	int *lane = calloc(bi->n + 1, sizeof(*lane));
	int *lanes = calloc(bi->n + 1, sizeof(*lanes));
	double xs[MAP_SEGS_PER_ROW + 1];
	size_t nseg = bi->ncuts - 1;
	int err = lane && lanes ? 0 : -ENOMEM;

	if (!err)
		assign_lanes(l->board, bi, lane, lanes);
	*y += MAP_BANK_HEAD;
	for (size_t first = 0; !err && first < nseg;
	     first += MAP_SEGS_PER_ROW) {
		size_t last = first + MAP_SEGS_PER_ROW < nseg ?
			      first + MAP_SEGS_PER_ROW : nseg;
		struct sm_map_row row = {
			.bank = bank, .base = bi->cuts[first],
			.end = bi->cuts[last], .x = MAP_LEFT,
			.y = *y + MAP_LABELS_ABOVE, .w = MAP_ROW_W,
			.h = MAP_BAR_H,
		};

		row_xs(bi->cuts, first, last, xs);
		row.ncuts = last - first + 1;
		row.cuts = malloc(row.ncuts * sizeof(*row.cuts));
		row.cut_x = malloc(row.ncuts * sizeof(*row.cut_x));
		if (!row.cuts || !row.cut_x) {
			free(row.cuts);
			free(row.cut_x);
			err = -ENOMEM;
			break;
		}
		memcpy(row.cuts, bi->cuts + first,
		       row.ncuts * sizeof(*row.cuts));
		memcpy(row.cut_x, xs, row.ncuts * sizeof(*row.cut_x));
		err = add_row(l, &row);
		if (!err)
			err = row_rects(l, bi, &row, xs, first, lane, lanes);
		if (!err)
			err = row_labels(l, &row, y);
		*y += MAP_BAR_H + MAP_TICKS_BELOW;
	}
	free(lane);
	free(lanes);
	return err;
}

int sm_plan_map_layout(const struct sm_board *b, struct sm_map_layout *out)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;
	double y = MAP_TITLE_H;
	size_t bank = 0;
	int err = 0;
	int *order;

	memset(out, 0, sizeof(*out));
	out->board = b;
	out->width = MAP_LEFT * 2 + MAP_ROW_W;
	out->legend_no = calloc(b->nregions + 1, sizeof(*out->legend_no));
	order = calloc(b->nregions + 1, sizeof(*order));
	if (!out->legend_no || !order) {
		free(order);
		free(out->legend_no);
		return -ENOMEM;
	}
	for (int k = 0, n = sm_plan_map_legend_order(b, order); k < n; k++)
		out->legend_no[order[k]] = k + 1;
	free(order);
	for (size_t i = 0; !err && i < mem->cnt; bank++) {
		struct bank_items bi = { 0 };

		bi.base = mem->regions[i].base;
		bi.end = bi.base + mem->regions[i].size;
		for (i++; i < mem->cnt && mem->regions[i].base == bi.end; i++)
			bi.end += mem->regions[i].size;
		err = collect_bank(b, &bi);
		if (!err)
			err = layout_bank(out, &bi, bank, &y);
		free(bi.regions);
		free(bi.cuts);
	}
	out->width = MAP_LEFT * 2 + MAP_ROW_W;
	out->legend_y = y + 8;
	out->height = out->legend_y + MAP_LEGEND_HEAD +
		      MAP_LEGEND_LINE * (double)(b->nregions + 1) + MAP_KEY_H;
	if (err)
		sm_plan_map_layout_free(out);
	return err;
}

void sm_plan_map_layout_free(struct sm_map_layout *l)
{
	for (size_t i = 0; i < l->nrows; i++) {
		free(l->rows[i].cuts);
		free(l->rows[i].cut_x);
	}
	free(l->rows);
	free(l->rects);
	free(l->labels);
	free(l->legend_no);
	memset(l, 0, sizeof(*l));
}
