// SPDX-License-Identifier: MIT
/*
 * cmd_check.c - `socmem check`: what is wrong with a board's memory map,
 * as findings with stable rule ids (docs/plan.md), for people (one line
 * each, compiler style) or scripts (JSON, schema socmem-check/1).
 * Exit: 0 when nothing reaches error severity (with --strict: warning),
 * 1 when something does, 2 when the input or the usage is bad.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <socmem/plan.h>

#include "cli.h"
#include "json.h"

enum { OPT_BASELINE = OPT_BOARD_LAST, OPT_STRICT, OPT_LIST_RULES };

struct cmd_check_opts {
	struct cli_board_opts board;
	const char *baseline;
	bool strict;
	bool json;
	bool list_rules;
};

static void usage(void)
{
	printf("Usage:\n"
	       " socmem check [options] FILE.dts|FILE.dtb\n\n"
	       "Check a board's memory map with the board model of the chosen kernel:\n"
	       "overlaps, failed reservations, alignment, unit addresses, and (with\n"
	       "--baseline) carve-outs that firmware protects today; then which nodes\n"
	       "use each /reserved-memory region (memory-region). boundary-1m reports\n"
	       "only regions that are not firmware's (no-map, a vendor compatible), or\n"
	       "with --baseline those new or resized, unless --strict.\n\n"
	       "Options:\n"
	       " -k, --kernel VER           kernel to model: %s (default %s)\n"
	       " -c, --cmdline STR          kernel command line (default: /chosen/bootargs)\n"
	       "     --pageblock-order N    pageblock order (the guide's Qualcomm kernel: 10)\n"
	       " -B, --baseline FILE        the board as flashed today (DTS or DTB)\n"
	       " -s, --strict               warnings fail too (exit 1); boundary-1m on\n"
	       "                            every region\n"
	       " -f, --format FMT           text (default) or json (schema socmem-check/1)\n"
	       " -I, --include DIR          include directory for cpp and dtc (DTS input)\n"
	       "     --no-cpp               do not run the C preprocessor on DTS input\n"
	       CLI_ENV_HELP
	       "     --list-rules           list every rule with its severity\n"
	       " -v, --verbose              a failed cpp/dtc's whole output\n"
	       " -h, --help                 display this help\n\n"
	       "Exit status: 0 no finding reaches error (--strict: warning) severity,\n"
	       "1 one does, 2 the input cannot be read or the usage is wrong.\n",
	       sm_boot_profile_names(), sm_boot_profile_name(sm_boot_profile_default()));
}

static void list_rules(void)
{
	for (int r = 0; r < SM_RULE_COUNT; r++) {
		const struct sm_rule_info *ri = sm_plan_rule(r);

		printf("%-18s %-8s %s\n", ri->id,
		       sm_plan_severity_name(ri->severity), ri->summary);
	}
}

/*
 * "memory-region users:" and one line per /reserved-memory region: the
 * nodes whose memory-region names it ("-" for none; a disabled one in
 * brackets).
 */
static void print_users(const struct sm_board *b,
			const struct sm_rmem_uses *u)
{
	bool any = false;

	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];
		size_t n = 0;

		if (strncmp(r->path, "/reserved-memory/", 17) ||
		    sm_boot_board_find_region(b, r->path) != (int)i)
			continue;
		if (!any)
			printf("memory-region users:\n");
		any = true;
		printf("  %s:", r->name);
		for (size_t k = 0; k < u->count; k++) {
			if (strcmp(u->v[k].region, r->path))
				continue;
			printf("%s%s%s%s", n++ ? ", " : " ",
			       u->v[k].user_enabled ? "" : "[",
			       u->v[k].user, u->v[k].user_enabled ? "" :
			       " disabled]");
		}
		printf("%s\n", n ? "" : " -");
	}
}

static void print_text(const struct sm_board *b, const struct sm_findings *f,
		       const struct sm_rmem_uses *u)
{
	size_t n[3] = { 0, 0, 0 };

	for (size_t i = 0; i < f->count; i++) {
		const struct sm_finding *x = &f->v[i];

		if (x->file)
			printf("%s:%d: ", x->file, x->line);
		else
			printf("%s: %s: ", b->dt->path, x->node);
		printf("%s: %s [%s]\n", sm_plan_severity_name(x->severity),
		       x->message, sm_plan_rule(x->rule)->id);
		n[x->severity]++;
	}
	print_users(b, u);
	printf("%s: %zu error%s, %zu warning%s, %zu note%s (Linux %s)\n",
	       b->dt->path, n[SM_SEV_ERROR], n[SM_SEV_ERROR] == 1 ? "" : "s",
	       n[SM_SEV_WARNING], n[SM_SEV_WARNING] == 1 ? "" : "s",
	       n[SM_SEV_INFO], n[SM_SEV_INFO] == 1 ? "" : "s",
	       sm_boot_profile_name(b->profile));
}

static void print_json(const struct sm_board *b, const struct sm_findings *f,
		       const struct sm_rmem_uses *u)
{
	struct json j;

	sm_cli_json_init(&j, stdout);
	sm_cli_json_obj_begin(&j, NULL);
	sm_cli_json_str(&j, "schema", "socmem-check/1");
	sm_cli_json_str(&j, "source", b->dt->path);
	sm_cli_json_str(&j, "kernel", sm_boot_profile_name(b->profile));
	sm_cli_json_arr_begin(&j, "findings");
	for (size_t i = 0; i < f->count; i++) {
		const struct sm_finding *x = &f->v[i];

		sm_cli_json_obj_begin(&j, NULL);
		sm_cli_json_str(&j, "rule", sm_plan_rule(x->rule)->id);
		sm_cli_json_str(&j, "severity", sm_plan_severity_name(x->severity));
		sm_cli_json_str(&j, "node", x->node);
		if (x->file) {
			sm_cli_json_str(&j, "file", x->file);
			sm_cli_json_u64(&j, "line", (uint64_t)x->line);
		} else {
			sm_cli_json_null(&j, "file");
			sm_cli_json_null(&j, "line");
		}
		sm_cli_json_str(&j, "message", x->message);
		sm_cli_json_obj_end(&j);
	}
	sm_cli_json_arr_end(&j);
	sm_cli_json_arr_begin(&j, "memory_region");
	for (size_t i = 0; i < u->count; i++) {
		sm_cli_json_obj_begin(&j, NULL);
		sm_cli_json_str(&j, "user", u->v[i].user);
		sm_cli_json_str(&j, "region", u->v[i].region);
		sm_cli_json_bool(&j, "user_enabled", u->v[i].user_enabled);
		sm_cli_json_obj_end(&j);
	}
	sm_cli_json_arr_end(&j);
	sm_cli_json_obj_end(&j);
	sm_cli_json_end(&j);
}

static int parse_args(int argc, char **argv, struct cmd_check_opts *o)
{
	static const struct option longopts[] = {
		CLI_BOARD_LONGOPTS,
		{ "baseline", required_argument, NULL, 'B' },
		{ "strict", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	while ((c = getopt_long(argc, argv, "k:c:B:sf:I:vh", longopts,
				NULL)) != -1) {
		ret = sm_cli_board_opt(&o->board, c, optarg);
		if (ret < 0)
			return SM_EXIT_USAGE;
		if (ret)
			continue;
		switch (c) {
		case 'B':
			o->baseline = optarg;
			break;
		case 's':
			o->strict = true;
			break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				sm_cli_err("--format %s: must be text or json",
					   optarg);
				return SM_EXIT_USAGE;
			}
			o->json = !strcmp(optarg, "json");
			break;
		case OPT_LIST_RULES:
			o->list_rules = true;
			break;
		case 'v':
			o->board.verbose = true;
			break;
		case 'h':
			usage();
			return -1;
		default:
			return sm_cli_try_help("check");
		}
	}
	return 0;
}

static int run_check(const char *path, const struct cmd_check_opts *o)
{
	struct sm_board *board, *base = NULL;
	struct sm_dt *dt, *base_dt = NULL;
	struct sm_findings f = { 0 };
	struct sm_check_options copts = { .strict = o->strict };
	struct sm_rmem_uses u = { 0 };
	int ret, worst;

	ret = sm_cli_board_load(path, &o->board, &dt, &board);
	if (ret)
		return ret;
	if (o->baseline) {
		ret = sm_cli_board_load(o->baseline, &o->board, &base_dt,
					&base);
		if (ret)
			goto out_board;
		copts.baseline = base;
	}
	sm_cli_print_warnings(board);
	if (sm_plan_check(board, &copts, &f) || sm_plan_rmem_uses(board, &u)) {
		sm_cli_err("%s: out of memory", path);
		ret = SM_EXIT_USAGE;
		goto out;
	}
	if (o->json)
		print_json(board, &f, &u);
	else
		print_text(board, &f, &u);
	worst = sm_plan_findings_worst(&f);
	ret = worst >= (o->strict ? SM_SEV_WARNING : SM_SEV_ERROR) ?
	      EXIT_FAILURE : EXIT_SUCCESS;
out:
	sm_plan_rmem_uses_free(&u);
	sm_plan_findings_free(&f);
	sm_boot_board_free(base);
	sm_dt_free(base_dt);
out_board:
	sm_boot_board_free(board);
	sm_dt_free(dt);
	return ret;
}

int sm_cli_cmd_check(int argc, char **argv)
{
	struct cmd_check_opts o = { 0 };
	int ret;

	sm_cli_board_opts_init(&o.board);
	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret < 0 ? EXIT_SUCCESS : ret;
	if (o.list_rules) {
		list_rules();
		return EXIT_SUCCESS;
	}
	if (optind != argc - 1) {
		sm_cli_err(optind == argc ? "check: no board file given" :
					 "check: one board file only");
		return sm_cli_try_help("check");
	}
	return run_check(argv[optind], &o);
}
