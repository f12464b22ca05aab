// SPDX-License-Identifier: MIT
/*
 * cmd_map.c - `socmem map`: the memory map as a picture, SVG or one
 * self-contained HTML page with zoom and hover details; --json prints the
 * rectangles drawn (schema socmem-map/1), in picture and page units.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <socmem/plan.h>

#include "cli.h"
#include "json.h"

enum { OPT_SVG = OPT_BOARD_LAST, OPT_HTML, OPT_JSON };

struct cmd_map_opts {
	struct cli_board_opts board;
	const char *svg;
	const char *html;
	bool json;
};

static void usage(void)
{
	printf("Usage:\n"
	       " socmem map [options] FILE.dts|FILE.dtb\n\n"
	       "Draw the board's memory map: each DRAM bank as a bar, regions coloured\n"
	       "by kind, free space, overlaps and failures marked, addresses and sizes\n"
	       "labelled. Without --svg or --html the SVG goes to stdout.\n\n"
	       "Options:\n"
	       "     --svg FILE             write an SVG picture\n"
	       "     --html FILE            write one self-contained HTML page (zoom, hover)\n"
	       "     --json                 print the rectangles drawn (socmem-map/1)\n"
	       " -k, --kernel VER           kernel to model: %s (default %s)\n"
	       " -c, --cmdline STR          kernel command line (default: /chosen/bootargs)\n"
	       "     --pageblock-order N    pageblock order (the guide's Qualcomm kernel: 10)\n"
	       " -I, --include DIR          include directory for cpp and dtc (DTS input)\n"
	       "     --no-cpp               do not run the C preprocessor on DTS input\n"
	       CLI_ENV_HELP
	       " -v, --verbose              a failed cpp/dtc's whole output\n"
	       " -h, --help                 display this help\n",
	       sm_boot_profile_names(), sm_boot_profile_name(sm_boot_profile_default()));
}

static void json_rect(struct json *j, const struct sm_board *b,
		      const struct sm_map_rect *r)
{
	const struct sm_region *reg = r->region >= 0 ?
				      &b->regions[r->region] : NULL;

	sm_cli_json_obj_begin(j, NULL);
	if (reg) {
		sm_cli_json_str(j, "region", reg->name);
		sm_cli_json_str(j, "kind", sm_boot_region_kind_name(reg->kind));
		sm_cli_json_str(j, "status", sm_boot_region_status_name(reg->status));
	} else {
		sm_cli_json_null(j, "region");
		sm_cli_json_str(j, "kind", "free");
		sm_cli_json_null(j, "status");
	}
	sm_cli_json_str(j, "fill", r->fill);
	sm_cli_json_bool(j, "overlap", r->overlap);
	sm_cli_json_hex(j, "base", r->base);
	sm_cli_json_u64(j, "size", r->size);
	sm_cli_json_u64(j, "bank", r->bank);
	sm_cli_json_obj_begin(j, "svg");
	sm_cli_json_f64(j, "x", r->x);
	sm_cli_json_f64(j, "y", r->y);
	sm_cli_json_f64(j, "w", r->w);
	sm_cli_json_f64(j, "h", r->h);
	sm_cli_json_obj_end(j);
	sm_cli_json_obj_begin(j, "page");
	sm_cli_json_f64(j, "x", r->x + SM_MAP_HTML_LEFT);
	sm_cli_json_f64(j, "y", r->y + SM_MAP_HTML_TOP);
	sm_cli_json_f64(j, "w", r->w);
	sm_cli_json_f64(j, "h", r->h);
	sm_cli_json_obj_end(j);
	sm_cli_json_obj_end(j);
}

static void print_json(const struct sm_map_layout *l)
{
	struct json j;

	sm_cli_json_init(&j, stdout);
	sm_cli_json_obj_begin(&j, NULL);
	sm_cli_json_str(&j, "schema", "socmem-map/1");
	sm_cli_json_str(&j, "source", l->board->dt->path);
	sm_cli_json_str(&j, "kernel", sm_boot_profile_name(l->board->profile));
	sm_cli_json_f64(&j, "width", l->width);
	sm_cli_json_f64(&j, "height", l->height);
	sm_cli_json_obj_begin(&j, "html_offset");
	sm_cli_json_f64(&j, "x", SM_MAP_HTML_LEFT);
	sm_cli_json_f64(&j, "y", SM_MAP_HTML_TOP);
	sm_cli_json_obj_end(&j);
	sm_cli_json_arr_begin(&j, "rows");
	for (size_t i = 0; i < l->nrows; i++) {
		sm_cli_json_obj_begin(&j, NULL);
		sm_cli_json_u64(&j, "bank", l->rows[i].bank);
		sm_cli_json_hex(&j, "base", l->rows[i].base);
		sm_cli_json_hex(&j, "end", l->rows[i].end);
		sm_cli_json_f64(&j, "x", l->rows[i].x);
		sm_cli_json_f64(&j, "y", l->rows[i].y);
		sm_cli_json_f64(&j, "w", l->rows[i].w);
		sm_cli_json_f64(&j, "h", l->rows[i].h);
		sm_cli_json_obj_end(&j);
	}
	sm_cli_json_arr_end(&j);
	sm_cli_json_arr_begin(&j, "rects");
	for (size_t i = 0; i < l->nrects; i++)
		json_rect(&j, l->board, &l->rects[i]);
	sm_cli_json_arr_end(&j);
	sm_cli_json_obj_end(&j);
	sm_cli_json_end(&j);
}

static int write_file(const char *path, const struct sm_map_layout *l,
		      int (*writer)(const struct sm_map_layout *, FILE *))
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	int err;

	if (!f) {
		sm_cli_err("%s: %s", path, strerror(errno));
		return SM_EXIT_USAGE;
	}
	err = writer(l, f);
	if (f != stdout && fclose(f))
		err = -EIO;
	if (err) {
		sm_cli_err("%s: write error", path);
		return EXIT_FAILURE;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct cmd_map_opts *o)
{
	static const struct option longopts[] = {
		CLI_BOARD_LONGOPTS,
		{ "svg", required_argument, NULL, OPT_SVG },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	while ((c = getopt_long(argc, argv, "k:c:I:vh", longopts, NULL)) != -1) {
		ret = sm_cli_board_opt(&o->board, c, optarg);
		if (ret < 0)
			return SM_EXIT_USAGE;
		if (ret)
			continue;
		switch (c) {
		case OPT_SVG: o->svg = optarg; break;
		case OPT_HTML: o->html = optarg; break;
		case OPT_JSON: o->json = true; break;
		case 'v':
			o->board.verbose = true;
			break;
		case 'h':
			usage();
			return -1;
		default:
			return sm_cli_try_help("map");
		}
	}
	if (optind != argc - 1) {
		sm_cli_err(optind == argc ? "map: no board file given" :
					 "map: one board file only");
		return sm_cli_try_help("map");
	}
	return 0;
}

int sm_cli_cmd_map(int argc, char **argv)
{
	struct cmd_map_opts o = { 0 };
	struct sm_map_layout l;
	struct sm_board *board;
	struct sm_dt *dt;
	int ret;

	sm_cli_board_opts_init(&o.board);
	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret < 0 ? EXIT_SUCCESS : ret;
	ret = sm_cli_board_load(argv[optind], &o.board, &dt, &board);
	if (ret)
		return ret;
	sm_cli_print_warnings(board);
	if (sm_plan_map_layout(board, &l)) {
		sm_cli_err("%s: out of memory", argv[optind]);
		ret = SM_EXIT_USAGE;
		goto out;
	}
	if (o.svg)
		ret = write_file(o.svg, &l, sm_plan_map_svg);
	if (!ret && o.html)
		ret = write_file(o.html, &l, sm_plan_map_html);
	if (!ret && !o.svg && !o.html && !o.json)
		ret = write_file("-", &l, sm_plan_map_svg);
	if (!ret && o.json)
		print_json(&l);
	sm_plan_map_layout_free(&l);
out:
	sm_boot_board_free(board);
	sm_dt_free(dt);
	return ret;
}
