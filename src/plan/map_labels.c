// SPDX-License-Identifier: MIT
/*
 * map_labels.c - names above the bars that never collide and are never
 * dropped. Each region's "name (size)" goes on the lowest of three lines
 * above its bar where it fits beside the names already there; where it
 * fits on none (40-50 regions of a few KiB side by side on a Qualcomm
 * map), its legend number goes on the lowest line with room, as many
 * lines up as it takes, with a leader line down to its segment. Widths
 * are DejaVu Sans's advance widths at the picture's 11 px, so the boxes
 * here are the boxes a browser draws (the map test measures them).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "map.h"

#define LINE_H 13.0	/* one line of names */
#define GAP 6.0		/* between two names on a line */
#define FULL_LINES 3	/* lines that take whole names */
#define MAX_LINES 40

/* DejaVu Sans advance widths (1/1000 em) of what names are made of. */
static double char_w(char c)
{
	static const short lower[26] = {
		613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278,
		974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592,
		592, 525,
	};
	int em;

	if (c >= 'a' && c <= 'z')
		em = lower[c - 'a'];
	else if (c >= '0' && c <= '9')
		em = 636;
	else if (c >= 'A' && c <= 'Z')
		em = c == 'M' || c == 'W' ? 1000 : c == 'I' ? 295 : 775;
	else
		em = c == '@' ? 1000 : c == ' ' || c == '.' || c == ',' ?
		     318 : c == '(' || c == ')' ? 390 : c == '-' ? 361 :
		     c == '_' ? 500 : 700;
	return em * 11.0 / 1000.0;
}

double sm_plan_map_text_width(const char *s)
{
	double w = 0;

	for (; *s; s++)
		w += char_w(*s);
	return w;
}

static int add_label(struct sm_map_layout *l, const struct sm_map_label *x)
{
	struct sm_map_label *v = realloc(l->labels,
					 (l->nlabels + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	l->labels = v;
	v[l->nlabels++] = *x;
	return 0;
}

/* Put @x on the lowest line in [from, to) with room; its line, or -1. */
static int place(struct sm_map_label *x, double *line_end, int from, int to,
		 double width)
{
	double left = x->x;

	for (int k = from; k < to; k++) {
		x->x = left + x->w > width - 4 ? width - 4 - x->w : left;
		if (x->x < 2)
			x->x = 2;
		if (x->x >= line_end[k] + GAP) {
			line_end[k] = x->x + x->w;
			return k;
		}
	}
	x->x = left;
	return -1;
}

/*
 * Labels of the region rectangles l->rects[first, last) of one bar,
 * appended to l->labels with y relative to the bar's top (line 0 is the
 * lowest, just above it). Return: the number of lines used, or -ENOMEM.
 */
int sm_plan_map_row_labels(struct sm_map_layout *l, size_t first, size_t last)
{
	double line_end[MAX_LINES];
	int used = 0;

	for (int k = 0; k < MAX_LINES; k++)
		line_end[k] = -1e9;
	for (size_t i = first; i < last; i++) {
		const struct sm_map_rect *r = &l->rects[i];
		const struct sm_region *reg = &l->board->regions[r->region];
		struct sm_map_label x = { .region = r->region, .h = LINE_H };
		char sz[32];
		int k;

		if (r->region < 0)
			continue;
		sm_plan_map_size_str(reg->size, sz, sizeof(sz));
		snprintf(x.text, sizeof(x.text), "%s (%s)", reg->name, sz);
		x.w = sm_plan_map_text_width(x.text);
		x.x = r->x;
		x.ax = r->x + r->w / 2;
		x.ay = r->y;
		k = place(&x, line_end, 0, FULL_LINES, l->width);
		if (k < 0) {
			snprintf(x.text, sizeof(x.text), "%d",
				 l->legend_no[r->region]);
			x.numbered = true;
			x.w = sm_plan_map_text_width(x.text);
			x.x = r->x + r->w / 2 - x.w / 2;
			k = place(&x, line_end, 0, MAX_LINES, l->width);
			if (k < 0)
				k = MAX_LINES - 1; /* 40 lines full: cannot be */
		}
		x.y = -(k + 1) * LINE_H - 3;
		if (k + 1 > used)
			used = k + 1;
		if (add_label(l, &x))
			return -ENOMEM;
	}
	return used;
}

/* Legend numbers: placed regions by address, then the rest in order. */
int sm_plan_map_legend_order(const struct sm_board *b, int *order)
{
	uint64_t base, size, prev = 0;
	int n = 0, prev_i = -1;

	for (;;) {
		int best = -1;

		for (size_t i = 0; i < b->nregions; i++) {
			if (!sm_plan_region_extent(b, (int)i, &base, &size))
				continue;
			if ((base > prev || (base == prev && (int)i > prev_i)) &&
			    (best < 0 || base < b->regions[best].base))
				best = (int)i;
		}
		if (best < 0)
			break;
		order[n++] = best;
		prev = b->regions[best].base;
		prev_i = best;
	}
	for (size_t i = 0; i < b->nregions; i++)
		if (!sm_plan_region_extent(b, (int)i, &base, &size))
			order[n++] = (int)i;
	return n;
}

/* "64.5 MiB", "4 KiB": the units `socmem boot`'s table uses */
void sm_plan_map_size_str(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;
	uint64_t v = bytes;
	double d = (double)bytes;

	while (u < 4 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u < 4 && v >= 1024) {
		for (u = 0; u < 4 && d >= 1024; u++)
			d /= 1024;
		snprintf(buf, len, "%.1f %s", d, units[u]);
		return;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)v, units[u]);
}
