// SPDX-License-Identifier: MIT
/*
 * map_svg.c - the memory map as SVG: each bar's free space and regions
 * (coloured by kind, data-* attributes and a <title> for tooltips),
 * overlaps hatched in red, failed or rejected regions outlined in red,
 * names and sizes above the bars, boundary addresses below, and a legend
 * listing every region with its range, size and fate, and the DTB and
 * initrd the boot loader placed as bands along the bars.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "map.h"

void sm_plan_map_xml_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

static bool alarming(const struct sm_region *r)
{
	return r->status == SM_STATUS_FAILED ||
	       r->status == SM_STATUS_UNMATCHED;
}

/* Why a region failed, and who uses it: what check and the tree say. */
struct region_notes {
	struct sm_findings f;
	struct sm_rmem_uses u;
};

static const char *fail_reason(const struct region_notes *n, int i)
{
	for (size_t k = 0; k < n->f.count; k++)
		if (n->f.v[k].region == i &&
		    n->f.v[k].severity == SM_SEV_ERROR)
			return n->f.v[k].message;
	return NULL;
}

/* "/soc@0/video-codec@aa00000, /smem" into @buf, or "" */
static void users_of(const struct region_notes *n, const struct sm_region *r,
		     char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < n->u.count && o + 1 < len; k++)
		if (!strcmp(n->u.v[k].region, r->path))
			o += (size_t)snprintf(buf + o, len - o, "%s%s",
					      o ? ", " : "", n->u.v[k].user);
}

static void title(const struct sm_map_layout *l, FILE *out)
{
	const struct sm_board *b = l->board;
	char ram[32], pb[32];

	sm_plan_size_str(sm_boot_board_ram_bytes(b), ram, sizeof(ram));
	sm_plan_size_str(sm_boot_board_pageblock_bytes(b), pb, sizeof(pb));
	fprintf(out, "<text x=\"%g\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Memory map of ",
		MAP_LEFT);
	sm_plan_map_xml_escape(out, b->dt->path);
	fprintf(out, " (Linux %s)</text>\n", sm_boot_profile_name(b->profile));
	fprintf(out, "<text x=\"%g\" y=\"42\" fill=\"#555555\">RAM %s, pageblock %s, command line: ",
		MAP_LEFT, ram, pb);
	sm_plan_map_xml_escape(out, *b->cmdline ? b->cmdline : "(empty)");
	fputs(". Widths grow with the square root of sizes.</text>\n", out);
}

static void rect_title(FILE *out, const struct sm_board *b,
		       const struct region_notes *n,
		       const struct sm_map_rect *r)
{
	char sz[32], users[512];
	const char *why = r->region >= 0 ? fail_reason(n, r->region) : NULL;

	sm_plan_map_size_str(r->size, sz, sizeof(sz));
	fputs("<title>", out);
	if (r->region < 0) {
		fputs("free", out);
	} else {
		const struct sm_region *reg = &b->regions[r->region];

		sm_plan_map_xml_escape(out, reg->name);
		fprintf(out, ": %s, %s", sm_boot_region_kind_name(reg->kind),
			sm_boot_region_status_name(reg->status));
	}
	fprintf(out, " [0x%" PRIx64 "-0x%" PRIx64 "] %s", r->base,
		r->base + r->size - 1, sz);
	if (why) {
		fputs("\n", out);
		sm_plan_map_xml_escape(out, why);
	}
	if (r->region >= 0) {
		users_of(n, &b->regions[r->region], users, sizeof(users));
		if (users[0]) {
			fputs("\nused by: ", out);
			sm_plan_map_xml_escape(out, users);
		}
	}
	fputs("</title>", out);
}

static void draw_rect(FILE *out, const struct sm_board *b,
		      const struct region_notes *n,
		      const struct sm_map_rect *r)
{
	const struct sm_region *reg = r->region >= 0 ?
				      &b->regions[r->region] : NULL;

	fprintf(out, "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"",
		reg ? "region" : "free", r->x, r->y, r->w, r->h, r->fill);
	if (reg) {
		fputs(" data-name=\"", out);
		sm_plan_map_xml_escape(out, reg->name);
		fprintf(out, "\" data-kind=\"%s\" data-status=\"%s\"",
			sm_boot_region_kind_name(reg->kind),
			sm_boot_region_status_name(reg->status));
	}
	fprintf(out, " data-base=\"0x%" PRIx64 "\" data-size=\"%" PRIu64 "\"",
		r->base, r->size);
	if (reg && (alarming(reg) || r->overlap))
		fprintf(out, " stroke=\"%s\" stroke-width=\"2\"%s",
			MAP_ALERT_COLOR, alarming(reg) ?
			" stroke-dasharray=\"4 2\"" : "");
	else if (reg)
		fputs(" stroke=\"#ffffff\" stroke-width=\"1\"", out);
	fputs(">", out);
	rect_title(out, b, n, r);
	fputs("</rect>\n", out);
	if (reg && alarming(reg))
		fprintf(out, "<rect class=\"failed\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"url(#sm-fail)\" pointer-events=\"none\"/>\n",
			r->x, r->y, r->w, r->h);
}

/* Hatch where two region rectangles of a row overlap. */
static void draw_overlaps(FILE *out, const struct sm_map_layout *l)
{
	for (size_t i = 0; i < l->nrects; i++) {
		const struct sm_map_rect *a = &l->rects[i];

		if (a->region < 0 || !a->overlap)
			continue;
		for (size_t j = i + 1; j < l->nrects; j++) {
			const struct sm_map_rect *c = &l->rects[j];
			double x0 = a->x > c->x ? a->x : c->x;
			double x1 = a->x + a->w < c->x + c->w ? a->x + a->w :
								c->x + c->w;
			double y0 = a->y < c->y ? a->y : c->y;
			double y1 = a->y + a->h > c->y + c->h ? a->y + a->h :
								c->y + c->h;

			if (c->region < 0 || !c->overlap || c->bank != a->bank ||
			    fabs(a->y - c->y) > MAP_BAR_H || x1 <= x0 ||
			    !plan_ranges_overlap(a->base, a->size, c->base,
						 c->size))
				continue;
			fprintf(out, "<rect class=\"overlap\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"url(#sm-hatch)\" stroke=\"%s\" pointer-events=\"none\"/>\n",
				x0, y0, x1 - x0, y1 - y0, MAP_ALERT_COLOR);
		}
	}
}

/* Every name above the bars (map_labels.c placed them), leader lines. */
static void draw_labels(FILE *out, const struct sm_map_layout *l)
{
	for (size_t i = 0; i < l->nlabels; i++) {
		const struct sm_map_label *x = &l->labels[i];
		double lx = x->ax < x->x ? x->x : x->ax > x->x + x->w ?
			    x->x + x->w : x->ax;

		/* a name right above its segment needs no leader */
		if (x->numbered || x->ay - (x->y + x->h) > 8)
			fprintf(out, "<line class=\"leader\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#999999\" stroke-width=\"0.6\"/>\n",
				lx, x->y + x->h, x->ax, x->ay);
		fprintf(out, "<text class=\"label%s\" data-region=\"%d\" x=\"%.2f\" y=\"%.2f\"%s>",
			x->numbered ? " numbered" : "", x->region, x->x,
			x->y + x->h - 3, x->numbered ?
			" font-weight=\"bold\"" : "");
		sm_plan_map_xml_escape(out, x->text);
		fputs("</text>\n", out);
	}
}

/* Boundary addresses under a bar, written downwards. */
static void draw_ticks(FILE *out, const struct sm_map_row *row)
{
	double last = -1e9;

	for (size_t i = 0; i < row->ncuts; i++) {
		double x = row->cut_x[i];

		if (x < last + 11 && i + 1 < row->ncuts)
			continue;
		fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#888888\"/>\n",
			x, row->y + row->h, x, row->y + row->h + 4);
		fprintf(out, "<text font-size=\"9\" fill=\"#444444\" transform=\"translate(%.2f,%.2f) rotate(90)\">0x%" PRIx64 "</text>\n",
			x - 3, row->y + row->h + 6, row->cuts[i]);
		last = x;
	}
}

/* "DRAM bank 0: 0x40000000-0x13fffffff (4 GiB)" */
static void bank_head(FILE *out, const struct sm_map_layout *l, size_t k)
{
	uint64_t end = l->rows[k].end;
	char sz[32];

	for (size_t i = k; i < l->nrows && l->rows[i].bank == l->rows[k].bank;
	     i++)
		end = l->rows[i].end;
	double top = l->rows[k].y - MAP_LABELS_ABOVE;

	/* above the highest name of the bar */
	for (size_t i = 0; i < l->nlabels; i++)
		if (l->labels[i].ay >= l->rows[k].y &&
		    l->labels[i].ay < l->rows[k].y + l->rows[k].h &&
		    l->labels[i].y < top)
			top = l->labels[i].y;
	sm_plan_map_size_str(end - l->rows[k].base, sz, sizeof(sz));
	fprintf(out, "<text x=\"%g\" y=\"%.2f\" font-weight=\"bold\">DRAM bank %zu: 0x%" PRIx64 "-0x%" PRIx64 " (%s)</text>\n",
		MAP_LEFT, top - 4, l->rows[k].bank,
		l->rows[k].base, end - 1, sz);
}

/* x of address @a on @row (linear inside the segment it falls in) */
static double addr_x(const struct sm_map_row *row, uint64_t a)
{
	for (size_t i = 0; i + 1 < row->ncuts; i++)
		if (a >= row->cuts[i] && a < row->cuts[i + 1])
			return row->cut_x[i] +
			       (row->cut_x[i + 1] - row->cut_x[i]) *
			       (double)(a - row->cuts[i]) /
			       (double)(row->cuts[i + 1] - row->cuts[i]);
	return row->cut_x[row->ncuts - 1];
}

/*
 * What the boot loader placed, the DTB and the initrd: not regions (the
 * kernel reserves them in memblock, not from the tree), but what a
 * carve-out that fails to reserve often runs into; a band along the
 * bottom of the bar.
 */
static void draw_band(FILE *out, const struct sm_map_layout *l,
		      uint64_t base, uint64_t size, const char *cls,
		      const char *fill, const char *what)
{
	uint64_t end = base + size;
	char sz[32];

	if (!size)
		return;
	sm_plan_map_size_str(size, sz, sizeof(sz));
	for (size_t k = 0; k < l->nrows; k++) {
		const struct sm_map_row *row = &l->rows[k];
		uint64_t a = base > row->base ? base : row->base;
		uint64_t e = end < row->end ? end : row->end;
		double x0, x1;

		if (a >= e)
			continue;
		x0 = addr_x(row, a);
		x1 = addr_x(row, e - 1);
		if (x1 - x0 < 4)
			x1 = x0 + 4;
		fprintf(out, "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>%s (placed by the boot loader) [0x%" PRIx64 "-0x%" PRIx64 "] %s</title></rect>\n",
			cls, x0, row->y + row->h * 0.75, x1 - x0, row->h * 0.25,
			fill, what, base, end - 1, sz);
	}
}

static void draw_rows(FILE *out, const struct sm_map_layout *l,
		      const struct region_notes *n)
{
	for (size_t k = 0; k < l->nrows; k++) {
		const struct sm_map_row *row = &l->rows[k];

		if (!k || l->rows[k - 1].bank != row->bank)
			bank_head(out, l, k);
		fprintf(out, "<g class=\"row\" data-base=\"0x%" PRIx64 "\" data-end=\"0x%" PRIx64 "\">\n",
			row->base, row->end);
		for (size_t i = 0; i < l->nrects; i++)
			if (l->rects[i].y >= row->y &&
			    l->rects[i].y < row->y + row->h)
				draw_rect(out, l->board, n, &l->rects[i]);
		draw_ticks(out, row);
		fputs("</g>\n", out);
	}
	draw_overlaps(out, l);
	draw_band(out, l, l->board->dtb_base, l->board->dtb_size, "dtb",
		  MAP_DTB_COLOR, "DTB");
	draw_band(out, l, l->board->env.initrd_base, l->board->env.initrd_size,
		  "initrd", MAP_INITRD_COLOR, "initrd");
	draw_labels(out, l);
}

static void legend_line(FILE *out, const struct sm_map_layout *l,
			const struct region_notes *n, int i, double y)
{
	const struct sm_board *b = l->board;
	const struct sm_region *r = &b->regions[i];
	const char *why = fail_reason(n, i), *tail;
	uint64_t base, size;
	char sz[32], users[512];

	users_of(n, r, users, sizeof(users));
	fprintf(out, "<g class=\"legend\" data-region=\"%d\"><title>", i);
	sm_plan_map_xml_escape(out, r->name);
	if (why) {
		fputs("\n", out);
		sm_plan_map_xml_escape(out, why);
	}
	if (users[0]) {
		fputs("\nused by: ", out);
		sm_plan_map_xml_escape(out, users);
	}
	fprintf(out, "</title><text x=\"%g\" y=\"%.2f\" font-weight=\"bold\">%d</text>",
		MAP_LEFT, y, l->legend_no[i]);
	fprintf(out, "<rect x=\"%g\" y=\"%.2f\" width=\"12\" height=\"12\" fill=\"%s\"%s/>",
		MAP_LEFT + 24, y - 10, sm_plan_map_color(b, i),
		alarming(r) ? " stroke=\"" MAP_ALERT_COLOR "\"" : "");
	fprintf(out, "<text x=\"%g\" y=\"%.2f\">", MAP_LEFT + 42, y);
	sm_plan_map_xml_escape(out, r->name);
	fprintf(out, "</text><text x=\"%g\" y=\"%.2f\">%s</text>",
		MAP_LEFT + 290, y, sm_boot_region_kind_name(r->kind));
	sm_plan_map_size_str(r->size, sz, sizeof(sz));
	if (sm_plan_region_extent(b, i, &base, &size))
		fprintf(out, "<text x=\"%g\" y=\"%.2f\">0x%" PRIx64 "-0x%" PRIx64 "</text>",
			MAP_LEFT + 390, y, base, base + size - 1);
	fprintf(out, "<text x=\"%g\" y=\"%.2f\">%s</text><text x=\"%g\" y=\"%.2f\"%s>%s",
		MAP_LEFT + 610, y, r->size ? sz : "-", MAP_LEFT + 690, y,
		alarming(r) ? " fill=\"" MAP_ALERT_COLOR "\"" : "",
		sm_boot_region_status_name(r->status));
	/* the reason's last clause ("it overlaps kernel [...]"), or users */
	tail = why ? strrchr(why, ':') : NULL;
	if (tail || users[0]) {
		fputs(": ", out);
		if (strlen(users) > 60)
			strcpy(users + 57, "...");
		sm_plan_map_xml_escape(out, tail ? tail + 2 : users);
	}
	fputs("</text></g>\n", out);
}

/* What each colour means. */
static void draw_key(FILE *out, const struct sm_map_layout *l, double y)
{
	static const struct { const char *fill; const char *what; } key[] = {
		{ "#8c564b", "carve-out (no-map)" }, { "#c49c94", "carve-out" },
		{ "#2ca02c", "CMA" }, { "#98df8a", "default CMA" },
		{ "#1f77b4", "DMA pool" }, { "#9467bd", "restricted pool" },
		{ "#7f7f7f", "/memreserve/" }, { "#ff7f0e", "kernel image" },
		{ MAP_DTB_COLOR, "DTB" }, { MAP_INITRD_COLOR, "initrd" },
		{ MAP_FREE_COLOR, "free" }, { "url(#sm-hatch)", "overlap" },
		{ "url(#sm-fail)", "failed (reason: hover, legend)" },
	};
	double x = MAP_LEFT;

	for (size_t i = 0; i < sizeof(key) / sizeof(key[0]); i++) {
		double w = 16 + sm_plan_map_text_width(key[i].what) + 14;

		/* a second line rather than a key cut off at the edge */
		if (x > MAP_LEFT && x + w > l->width - MAP_LEFT) {
			x = MAP_LEFT;
			y += MAP_LEGEND_LINE;
		}
		fprintf(out, "<rect class=\"key\" x=\"%.2f\" y=\"%.2f\" width=\"12\" height=\"12\" fill=\"%s\" stroke=\"#999999\" stroke-width=\"0.5\"/><text x=\"%.2f\" y=\"%.2f\">%s</text>\n",
			x, y - 10, key[i].fill, x + 16, y, key[i].what);
		x += w;
	}
}

static void draw_legend(FILE *out, const struct sm_map_layout *l,
			const struct region_notes *n)
{
	const struct sm_board *b = l->board;
	double y = l->legend_y + 14;
	int *order = calloc(b->nregions + 1, sizeof(*order));
	int cnt;

	fprintf(out, "<text x=\"%g\" y=\"%.2f\" font-weight=\"bold\">Regions</text>\n",
		MAP_LEFT, y);
	y += MAP_LEGEND_HEAD;
	/* placed ones first, by address; then the rest (their numbers) */
	cnt = order ? sm_plan_map_legend_order(b, order) : 0;
	for (int k = 0; k < cnt; k++) {
		legend_line(out, l, n, order[k], y);
		y += MAP_LEGEND_LINE;
	}
	free(order);
	draw_key(out, l, y + 14);
}

int sm_plan_map_write_svg(const struct sm_map_layout *l, FILE *out,
			  bool standalone)
{
	if (standalone)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"socmem-map\" width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">\n",
		l->width, l->height, l->width, l->height);
	fputs("<defs><pattern id=\"sm-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" fill=\"" MAP_ALERT_COLOR "\"/></pattern><pattern id=\"sm-fail\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"1.5\" fill=\"#000000\"/><rect width=\"1.5\" height=\"6\" fill=\"#000000\"/></pattern></defs>\n",
	      out);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%g\" height=\"%g\" fill=\"#ffffff\"/>\n",
		l->width, l->height);
	struct region_notes n = { 0 };

	/* no findings or users: the picture is drawn all the same */
	sm_plan_check(l->board, NULL, &n.f);
	sm_plan_rmem_uses(l->board, &n.u);
	title(l, out);
	draw_rows(out, l, &n);
	draw_legend(out, l, &n);
	fputs("</svg>\n", out);
	sm_plan_findings_free(&n.f);
	sm_plan_rmem_uses_free(&n.u);
	return ferror(out) ? -EIO : 0;
}

int sm_plan_map_svg(const struct sm_map_layout *l, FILE *out)
{
	return sm_plan_map_write_svg(l, out, true);
}
