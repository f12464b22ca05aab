/* SPDX-License-Identifier: MIT */
/*
 * map.h - the picture's geometry (CSS pixels at zoom 1), shared by the
 * layout and the writers.
 */
#ifndef SOCMEM_PLAN_MAP_H
#define SOCMEM_PLAN_MAP_H

#include <stdio.h>

#include <socmem/plan.h>

#define MAP_LEFT 24.0		/* left and right margin */
#define MAP_ROW_W 1100.0	/* a bar's width */
#define MAP_TITLE_H 56.0	/* title and subtitle */
#define MAP_BANK_HEAD 20.0	/* "DRAM bank 0: ..." */
#define MAP_LABELS_ABOVE 44.0	/* three lines of names above a bar */
#define MAP_BAR_H 40.0
#define MAP_TICKS_BELOW 72.0	/* addresses written downwards */
#define MAP_MIN_SEG 8.0		/* no segment is narrower */
#define MAP_SEGS_PER_ROW 24	/* more segments wrap into another bar */
#define MAP_LEGEND_HEAD 24.0
#define MAP_LEGEND_LINE 16.0
#define MAP_KEY_H 40.0		/* the colour key under the legend */
#define MAP_FREE_COLOR "#e8e8e8"
#define MAP_ALERT_COLOR "#e00000"
#define MAP_DTB_COLOR "#17becf"	/* the DTB band along a bar's bottom */
#define MAP_INITRD_COLOR "#bcbd22"	/* the initrd's band, likewise */

/* map_labels.c */
int sm_plan_map_row_labels(struct sm_map_layout *l, size_t first, size_t last);
int sm_plan_map_legend_order(const struct sm_board *b, int *order);
double sm_plan_map_text_width(const char *s);
void sm_plan_map_size_str(uint64_t bytes, char *buf, size_t len);

/* map_svg.c: the <svg> element; @standalone adds the XML declaration */
int sm_plan_map_write_svg(const struct sm_map_layout *l, FILE *out,
			  bool standalone);
void sm_plan_map_xml_escape(FILE *out, const char *s);

#endif /* SOCMEM_PLAN_MAP_H */
