// SPDX-License-Identifier: MIT
/*
 * cmd_mem.c - `socmem mem`: a booted board as a running memory system.
 * meminfo, buddyinfo and pagetypeinfo print the /proc files as the
 * kernel would right after boot; cma lists the CMA areas; run runs a
 * script (alloc, free, pin, cma, mmap, touch, reclaim, show, expect, and
 * zram's modprobe, echo, cat, mkswap, swapon, swapoff) against the system.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include <socmem/mm.h>
#include <socmem/zram.h>

#include "cli.h"

struct cmd_mem_opts {
	struct cli_board_opts board;
	const char *what;   /* meminfo, ..., vmstat, cma, swaps, run */
	const char *script; /* run: the script file */
	bool raw;
	bool json;
};

static void usage(void)
{
	printf("Usage:\n"
	       " socmem mem meminfo|buddyinfo|pagetypeinfo|vmstat|cma|swaps [options]\n"
	       "            FILE.dtb|FILE.dts\n"
	       " socmem mem run [options] SCRIPT FILE.dtb|FILE.dts\n\n"
	       "Run the board as a memory system: the buddy allocator over its zones,\n"
	       "its CMA areas lent to movable pages and taken back by migration.\n\n"
	       "Commands:\n"
	       " meminfo        /proc/meminfo right after boot\n"
	       " buddyinfo      /proc/buddyinfo\n"
	       " pagetypeinfo   /proc/pagetypeinfo\n"
	       " vmstat         /proc/vmstat (the counters the model keeps; the rest 0)\n"
	       " cma            each CMA area: base, size, used, largest free chunk,\n"
	       "                counters (with CONFIG_CMA_SYSFS)\n"
	       " swaps          /proc/swaps (a header: nothing is swap at boot)\n"
	       " run SCRIPT     run a script against the system (docs/mm.md):\n"
	       "                alloc, free, pin, unpin, migrate, cma, cma-release,\n"
	       "                mmap, munmap, touch, reclaim, show, expect; and zram\n"
	       "                (docs/zram/README.md): modprobe, echo, cat, mkswap,\n"
	       "                swapon, swapoff\n\n"
	       "Options:\n"
	       " -k, --kernel VER           kernel to model: %s (default %s)\n"
	       " -c, --cmdline STR          kernel command line (default: /chosen/bootargs)\n"
	       "     --pageblock-order N    override the pageblock order\n"
	       " -I, --include DIR          include directory for cpp and dtc (DTS input)\n"
	       "     --no-cpp               do not run the C preprocessor on DTS input\n"
	       CLI_ENV_HELP
	       " -r, --raw                  cma: raw table output\n"
	       " -J, --json                 cma: JSON output\n"
	       " -h, --help                 display this help\n\n"
	       "Exit status: 0 done, 1 a script's expect failed or a command in it\n"
	       "failed, 2 bad usage or input.\n",
	       sm_boot_profile_names(), sm_boot_profile_name(sm_boot_profile_default()));
}

/* ---- cma ------------------------------------------------------------------ */

static void json_cma(struct sm_system *sys)
{
	bool sysfs = sm_boot_profile_cma_sysfs(sm_mm_system_board(sys)->profile);

	printf("{\n  \"cma\": [");
	for (size_t i = 0; i < sm_mm_cma_count(sys); i++) {
		const struct sm_cma *c = sm_mm_cma_at(sys, i);
		struct sm_cma_stats st;

		sm_mm_cma_stats(c, &st);
		printf("%s\n    {\"name\": \"%s\", \"base_pfn\": %" PRIu64
		       ", \"count\": %" PRIu64 ", \"used\": %" PRIu64
		       ", \"maxchunk\": %" PRIu64, i ? "," : "",
		       sm_mm_cma_name(c), st.base_pfn, st.count, st.used,
		       st.maxchunk);
		if (sysfs)
			printf(", \"alloc_pages_success\": %" PRIu64
			       ", \"alloc_pages_fail\": %" PRIu64
			       ", \"release_pages_success\": %" PRIu64,
			       st.alloc_pages_success, st.alloc_pages_fail,
			       st.release_pages_success);
		printf("}");
	}
	printf("\n  ]\n}\n");
}

static int table_cma(struct sm_system *sys, const struct cmd_mem_opts *o)
{
	static const char *const cols[] = { "NAME", "BASE", "SIZE", "COUNT",
					    "USED", "MAXCHUNK", "ALLOC-OK",
					    "ALLOC-FAIL", "RELEASED" };
	const struct sm_board *b = sm_mm_system_board(sys);
	unsigned int shift = sm_boot_profile_page_shift(b->profile);
	bool sysfs = sm_boot_profile_cma_sysfs(b->profile);
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return EXIT_FAILURE;
	scols_table_enable_raw(tb, o->raw);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		scols_table_new_column(tb, cols[i], 0, i >= 2 ? SCOLS_FL_RIGHT : 0);
	for (size_t i = 0; i < sm_mm_cma_count(sys); i++) {
		const struct sm_cma *c = sm_mm_cma_at(sys, i);
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		struct sm_cma_stats st;
		char buf[9][32];

		if (!ln)
			break;
		sm_mm_cma_stats(c, &st);
		snprintf(buf[1], 32, "0x%" PRIx64, st.base_pfn << shift);
		sm_cli_size_str(st.count << shift, buf[2], 32);
		snprintf(buf[3], 32, "%" PRIu64, st.count);
		snprintf(buf[4], 32, "%" PRIu64, st.used);
		snprintf(buf[5], 32, "%" PRIu64, st.maxchunk);
		snprintf(buf[6], 32, "%" PRIu64, st.alloc_pages_success);
		snprintf(buf[7], 32, "%" PRIu64, st.alloc_pages_fail);
		snprintf(buf[8], 32, "%" PRIu64, st.release_pages_success);
		scols_line_set_data(ln, 0, sm_mm_cma_name(c));
		for (int k = 1; k < 9; k++)
			scols_line_set_data(ln, (size_t)k,
					    k >= 6 && !sysfs ? "-" : buf[k]);
	}
	printf("socmem mem cma: %s, Linux %s%s\n\n", b->dt->path,
	       sm_boot_profile_name(b->profile), sysfs ? "" :
	       " (no CONFIG_CMA_SYSFS: no counters)");
	scols_print_table(tb);
	scols_unref_table(tb);
	return 0;
}

/* ---- run -------------------------------------------------------------------- */

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	errno = 0;
	for (;;) {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		int err = errno ? errno : EIO;	/* a directory: EISDIR */

		free(buf);
		fclose(f);
		errno = err;
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	if (strlen(buf) != len) {
		free(buf);
		errno = EILSEQ;
		return NULL;
	}
	return buf;
}

static void to_stdout(void *ctx, const char *text)
{
	(void)ctx;
	fputs(text, stdout);
}

static int run_script(struct sm_system *sys, struct sm_mm_script *sc)
{
	struct sm_mm_script_io io = { .out = to_stdout };
	struct sm_diag diag = { 0 };
	int ret = sm_mm_script_run(sc, sys, &io, &diag);

	if (!ret)
		return EXIT_SUCCESS;
	fflush(stdout);
	sm_cli_err("%s", diag.msg);
	return ret == -EINVAL ? SM_EXIT_USAGE : EXIT_FAILURE;
}

/* ---- main ------------------------------------------------------------------- */

static int run(const char *file, struct cmd_mem_opts *o,
	       struct sm_mm_script *sc)
{
	struct sm_diag diag = { 0 };
	struct sm_system *sys;
	struct sm_board *board;
	struct sm_dt *dt;
	char *text;
	int ret;

	ret = sm_cli_board_load(file, &o->board, &dt, &board);
	if (ret)
		return ret;
	sm_cli_print_warnings(board);
	if (sm_mm_system_create(board, NULL, &sys, &diag)) {
		sm_cli_err("%s: %s", file, diag.msg);
		ret = SM_EXIT_USAGE;
		goto out_board;
	}
	if (sc) {
		ret = run_script(sys, sc);
	} else if (!strcmp(o->what, "cma") && o->json) {
		json_cma(sys);
	} else if (!strcmp(o->what, "cma")) {
		ret = table_cma(sys, o);
	} else if (sm_mm_format_alloc(sys, o->what, &text) >= 0) {
		fputs(text, stdout);
		free(text);
	} else {
		sm_cli_err("%s: cannot format %s", file, o->what);
		ret = EXIT_FAILURE;
	}
	sm_mm_system_destroy(sys);
out_board:
	sm_boot_board_free(board);
	sm_dt_free(dt);
	return ret;
}

static int load_script(const char *path, const struct sm_mm_script_ext *ext,
		       struct sm_mm_script **sc)
{
	struct sm_diag diag = { 0 };
	char *text = read_file(path);

	if (!text) {
		sm_cli_err("%s: %s", path, strerror(errno));
		return SM_EXIT_USAGE;
	}
	if (sm_mm_script_parse_ext(text, path, ext, sc, &diag)) {
		sm_cli_err("%s", diag.msg);
		free(text);
		return SM_EXIT_USAGE;
	}
	free(text);
	return 0;
}

static int parse_opts(int argc, char **argv, struct cmd_mem_opts *o)
{
	static const struct option longopts[] = {
		CLI_BOARD_LONGOPTS,
		{ "raw", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	while ((c = getopt_long(argc, argv, "k:c:I:rJh", longopts, NULL)) != -1) {
		ret = sm_cli_board_opt(&o->board, c, optarg);
		if (ret < 0)
			return SM_EXIT_USAGE;
		if (ret)
			continue;
		switch (c) {
		case 'r':
			o->raw = true;
			break;
		case 'J':
			o->json = true;
			break;
		case 'h':
			usage();
			return -1;
		default:
			return sm_cli_try_help("mem");
		}
	}
	return 0;
}

int sm_cli_cmd_mem(int argc, char **argv)
{
	static const char *const whats[] = { "meminfo", "buddyinfo",
					     "pagetypeinfo", "vmstat", "cma",
					     "swaps", "run" };
	struct cmd_mem_opts o = { 0 };
	struct sm_mm_script_ext ext = { 0 };
	struct sm_mm_script *sc = NULL;
	int ret, want;

	sm_cli_board_opts_init(&o.board);
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage();
		return EXIT_SUCCESS;
	}
	for (size_t i = 0; argc >= 2 && i < sizeof(whats) / sizeof(whats[0]); i++)
		if (!strcmp(argv[1], whats[i]))
			o.what = whats[i];
	if (!o.what) {
		sm_cli_err(argc < 2 ? "mem: no command given" :
				   "mem: '%s' is not a mem command", argv[1]);
		return sm_cli_try_help("mem");
	}
	ret = parse_opts(argc - 1, argv + 1, &o);
	if (ret)
		return ret < 0 ? EXIT_SUCCESS : ret;
	want = !strcmp(o.what, "run") ? 2 : 1;
	if (argc - 1 - optind != want) {
		sm_cli_err(want == 2 ? "mem run: need a script and a board file" :
				    "mem %s: need one board file", o.what);
		return sm_cli_try_help("mem");
	}
	if (want == 2) {
		if (sm_zram_script_ext(&ext)) {
			sm_cli_err("out of memory");
			return EXIT_FAILURE;
		}
		ret = load_script(argv[1 + optind], &ext, &sc);
		if (ret) {
			sm_zram_script_ext_free(&ext);
			return ret;
		}
	}
	ret = run(argv[argc - 1], &o, sc);
	sm_mm_script_free(sc);
	sm_zram_script_ext_free(&ext);
	return ret;
}
