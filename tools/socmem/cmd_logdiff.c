// SPDX-License-Identifier: MIT
/*
 * cmd_logdiff.c - `socmem logdiff`: read a real board's dmesg, rebuild
 * what it shows of the memory map and, given the board's DTS or DTB,
 * show where the running board differs from the model's prediction (a
 * boot loader that rewrote the memory node, added carve-outs, ...).
 * Exit: 0 no difference (or no FILE), 1 differences, 2 bad usage/input.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include <socmem/plan.h>

#include "cli.h"

struct cmd_logdiff_opts {
	struct cli_board_opts board;
};

static void usage(void)
{
	printf("Usage:\n"
	       " socmem logdiff [options] BOOTLOG [FILE.dts|FILE.dtb]\n\n"
	       "Rebuild what a real boot log (dmesg, with or without timestamps; '-' for\n"
	       "stdin) shows of the memory map and, given the board's device tree,\n"
	       "compare it with the board model. The kernel version comes from the\n"
	       "log's \"Linux version\" line when there is one.\n\n"
	       "Options:\n"
	       " -k, --kernel VER           kernel when the log names none: %s (default %s)\n"
	       " -c, --cmdline STR          kernel command line (default: /chosen/bootargs)\n"
	       "     --pageblock-order N    pageblock order (the guide's Qualcomm kernel: 10)\n"
	       " -I, --include DIR          include directory for cpp and dtc (DTS input)\n"
	       "     --no-cpp               do not run the C preprocessor on DTS input\n"
	       " -h, --help                 display this help\n\n"
	       "Exit status: 0 the log agrees with the model (or no FILE), 1 it does\n"
	       "not, 2 bad usage or input.\n",
	       sm_profile_names(), sm_profile_default()->name);
}

static int read_log(const char *path, char **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 65536, n = 0, got;
	char *p = malloc(cap);

	if (!f || !p) {
		cli_err("%s: %s", path, strerror(f ? ENOMEM : errno));
		free(p);
		return SM_EXIT_USAGE;
	}
	errno = 0;
	while ((got = fread(p + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *q = realloc(p, cap *= 2);

			if (!q) {
				free(p);
				cli_err("%s: out of memory", path);
				return SM_EXIT_USAGE;
			}
			p = q;
		}
	}
	if (ferror(f)) {
		cli_err("%s: %s", path, strerror(errno ? errno : EIO));
		free(p);
		return SM_EXIT_USAGE;
	}
	if (f != stdin)
		fclose(f);
	*buf = p;
	*len = n;
	return 0;
}

static void add_row(struct libscols_table *tb, const char *const *cells,
		    size_t n)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);

	for (size_t i = 0; ln && i < n; i++)
		scols_line_set_data(ln, i, cells[i]);
}

static struct libscols_table *new_table(const char *const *cols, size_t n)
{
	struct libscols_table *tb = scols_new_table();

	for (size_t i = 0; tb && i < n; i++)
		scols_table_new_column(tb, cols[i], 0, 0);
	return tb;
}

static void print_map(const char *path, const struct sm_logmap *m)
{
	static const char *const cols[] = { "NAME", "WHAT THE LOG SAYS" };
	struct libscols_table *tb = new_table(cols, 2);
	char desc[192];

	printf("socmem logdiff: %s: Linux %s, %zu memory lines\n\n", path,
	       m->version[0] ? m->version : "(version not in the log)",
	       m->memlines);
	for (size_t i = 0; tb && i < m->nregions; i++) {
		const char *cells[2] = { m->regions[i].name, desc };

		sm_logmap_describe(&m->regions[i], desc, sizeof(desc));
		add_row(tb, cells, 2);
	}
	if (tb && m->nregions)
		scols_print_table(tb);
	scols_unref_table(tb);
	if (m->cma_reserved)
		printf("\ndefault CMA area: %" PRIu64 " MiB at 0x%" PRIx64 "\n",
		       m->cma_mib, m->cma_base);
	else if (m->cma_failed)
		printf("\ndefault CMA area: failed (%" PRIu64 " MiB)\n",
		       m->cma_mib);
	for (size_t i = 0; i < m->noverlaps; i++)
		printf("overlap: %s [0x%" PRIx64 "-0x%" PRIx64 "] and %s [0x%" PRIx64 "-0x%" PRIx64 "]\n",
		       m->overlaps[i].a, m->overlaps[i].a_base,
		       m->overlaps[i].a_end - 1, m->overlaps[i].b,
		       m->overlaps[i].b_base, m->overlaps[i].b_end - 1);
	if (m->has_dram)
		printf("DRAM: 0x%" PRIx64 "-0x%" PRIx64 "\n", m->dram.start,
		       m->dram.end);
	for (size_t i = 0; i < m->nzones; i++) {
		if (m->zones[i].empty)
			printf("zone %-8s empty\n", m->zones[i].name);
		else
			printf("zone %-8s 0x%" PRIx64 "-0x%" PRIx64 "\n",
			       m->zones[i].name, m->zones[i].r.start,
			       m->zones[i].r.end);
	}
	for (size_t i = 0; i < m->nnodes; i++)
		printf("memory: 0x%" PRIx64 "-0x%" PRIx64 "\n",
		       m->nodes[i].start, m->nodes[i].end);
}

static int print_diff(const char *log, const struct sm_board *b,
		      const struct sm_logdiff *d)
{
	static const char *const cols[] = { "WHAT", "LOG", "PREDICTED" };
	struct libscols_table *tb;

	if (!d->count) {
		printf("%s agrees with the model of %s (Linux %s)\n", log,
		       b->dt->path, b->profile->name);
		return EXIT_SUCCESS;
	}
	printf("%s differs from the model of %s (Linux %s) in %zu place%s:\n\n",
	       log, b->dt->path, b->profile->name, d->count,
	       d->count == 1 ? "" : "s");
	tb = new_table(cols, 3);
	for (size_t i = 0; tb && i < d->count; i++) {
		const char *cells[3] = { d->v[i].what, d->v[i].log,
					 d->v[i].predicted };

		add_row(tb, cells, 3);
	}
	if (tb)
		scols_print_table(tb);
	scols_unref_table(tb);
	return EXIT_FAILURE;
}

/* The kernel: the log's version wins over --kernel. */
static void pick_kernel(const struct sm_logmap *m,
			struct cmd_logdiff_opts *o)
{
	bool exact;
	const struct sm_profile *p = sm_plan_log_profile(m, &exact);

	if (!p)
		return;
	if (!exact)
		cli_warnx("Linux %d.%d is outside the modelled range (%s): comparing with the %s model",
			  m->major, m->minor, sm_profile_names(), p->name);
	if (o->board.kernel && strcmp(o->board.kernel, p->name))
		cli_warnx("--kernel %s: the log is from Linux %s; using %s",
			  o->board.kernel, m->version, p->name);
	o->board.kernel = p->name;
}

static int compare(const char *logpath, const char *path,
		   struct cmd_logdiff_opts *o, const struct sm_logmap *m)
{
	struct sm_logmap pred;
	struct sm_logdiff d = { 0 };
	struct sm_board *board;
	struct sm_dt *dt;
	int ret;

	pick_kernel(m, o);
	ret = cli_board_load(path, &o->board, &dt, &board);
	if (ret)
		return ret;
	cli_print_warnings(board);
	if (sm_plan_log_predict(board, &pred) ||
	    sm_plan_log_compare(m, &pred, &d)) {
		cli_err("out of memory");
		ret = SM_EXIT_USAGE;
	} else {
		ret = print_diff(logpath, board, &d);
	}
	sm_logdiff_free(&d);
	sm_logmap_free(&pred);
	sm_board_free(board);
	sm_dt_free(dt);
	return ret;
}

int cmd_logdiff(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_BOARD_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_logdiff_opts o;
	struct sm_logmap m;
	char *text;
	size_t len;
	int c, ret;

	cli_board_opts_init(&o.board);
	while ((c = getopt_long(argc, argv, "k:c:I:h", longopts, NULL)) != -1) {
		ret = cli_board_opt(&o.board, c, optarg);
		if (ret < 0)
			return SM_EXIT_USAGE;
		if (ret)
			continue;
		if (c == 'h') {
			usage();
			return EXIT_SUCCESS;
		}
		return cli_try_help("logdiff");
	}
	if (optind == argc || argc - optind > 2) {
		cli_err(optind == argc ? "logdiff: no boot log given" :
					 "logdiff: a boot log and one board file only");
		return cli_try_help("logdiff");
	}
	ret = read_log(argv[optind], &text, &len);
	if (ret)
		return ret;
	ret = sm_plan_log_parse(text, len, &m);
	free(text);
	if (ret) {
		cli_err(ret == -ENODATA ?
			"%s: no memory-map lines (reserved-memory, cma:, zones) in this log" :
			"%s: out of memory", argv[optind]);
		return SM_EXIT_USAGE;
	}
	if (optind + 1 < argc)
		ret = compare(argv[optind], argv[optind + 1], &o, &m);
	else
		print_map(argv[optind], &m);
	sm_logmap_free(&m);
	return ret;
}
