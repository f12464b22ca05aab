// SPDX-License-Identifier: MIT
/*
 * cmd_carve.c - `socmem carve add|resize|remove`: edit a board's DTS the
 * way the platform guide's "Extend the memory map" asks, touching only
 * the lines that must change. The edited sources are compiled and booted
 * with the same kernel model before anything is written; an overlap, a
 * failed reservation, a new error or a dtc failure refuses the edit.
 * Exit: 0 done, 1 refused (nothing written), 2 bad usage or input.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <socmem/plan.h>

#include "cli.h"

enum {
	OPT_AT = OPT_BOARD_LAST,
	OPT_NEAR,
	OPT_NO_MAP,
	OPT_CMA,
	OPT_BELOW,
	OPT_LABEL,
	OPT_PROTECT,
	OPT_BASELINE,
	OPT_FORCE,
	OPT_IN_PLACE,
	OPT_MOVE,
	OPT_STRICT,
	OPT_EDIT_INCLUDES,
};

struct cmd_carve_opts {
	struct cli_board_opts board;
	struct sm_carve_request req;
	const char *protect[64];
	const char *move[64];
	const char *at;
	const char *below;
	const char *baseline;
	const char *output;
	bool in_place;
	bool strict;
	bool verbose;
};

static void usage(void)
{
	printf("Usage:\n"
	       " socmem carve add FILE.dts NAME SIZE [--at ADDR | --near NODE] [--no-map]\n"
	       " socmem carve add FILE.dts NAME SIZE --cma [--below ADDR]\n"
	       " socmem carve resize FILE.dts NODE SIZE\n"
	       " socmem carve remove FILE.dts NODE\n\n"
	       "Edit /reserved-memory in a DTS, touching only the lines that must change,\n"
	       "then boot the result with the board model: an overlap, a failed\n"
	       "reservation or an error the edit brings in (or makes worse), or a dtc\n"
	       "failure, refuses the edit; findings the board already had are listed\n"
	       "apart. A node an included file defines is changed by an override in\n"
	       "FILE.dts (&label { ... };, /delete-node/). The change is shown as one\n"
	       "unified diff for patch -p1 on stdout. Firmware carve-outs (no-map, a\n"
	       "vendor compatible, a remote processor's memory-region) never move,\n"
	       "shrink or go unless named with --move. SIZE and ADDR: 20M, 0x1400000\n"
	       "(below). NODE: a path, a label (&camera_mem) or a name\n"
	       "in /reserved-memory with or without its unit address.\n\n"
	       "Options:\n"
	       "     --at ADDR              add: the carve-out's base\n"
	       "     --near NODE            add: first free 1 MiB-aligned place above NODE\n"
	       "                            (default: above the last carve-out)\n"
	       "     --no-map               add: the carve-out gets no-map\n"
	       "     --cma                  add: a CMA pool (shared-dma-pool, reusable)\n"
	       "     --below ADDR           add --cma: alloc-ranges below ADDR\n"
	       "     --label LABEL          add: the node's label (default NAME_mem, or the\n"
	       "                            first free NAME_mem_N)\n"
	       " -m, --move NODE            NODE may move, shrink or go (repeatable)\n"
	       " -p, --protect NODE         NODE must not move, shrink or go (repeatable)\n"
	       " -B, --baseline FILE        protect every carve-out of FILE (today's board)\n"
	       "     --force                touch protected regions anyway\n"
	       "     --strict               refuse on findings the board already had too\n"
	       "     --edit-includes        edit nodes in the file that defines them\n"
	       " -o, --output PATH          write the edited files under directory PATH\n"
	       "                            (or, for one file, to file PATH)\n"
	       " -i, --in-place             edit the files in place (FILE.orig keeps the old)\n"
	       " -v, --verbose              full cpp/dtc output; every pre-existing finding\n"
	       " -k, --kernel VER           kernel to model: %s (default %s)\n"
	       " -c, --cmdline STR          kernel command line (default: /chosen/bootargs)\n"
	       "     --pageblock-order N    pageblock order (the guide's Qualcomm kernel: 10)\n"
	       " -I, --include DIR          include directory for cpp and dtc\n"
	       "     --no-cpp               do not run the C preprocessor\n"
	       " -h, --help                 display this help\n\n"
	       CLI_SIZE_HELP "ADDR reads the same way (0x84300000).\n\n"
	       "Exit status: 0 done, 1 refused (nothing written), 2 bad usage or input.\n",
	       sm_boot_profile_names(), sm_boot_profile_name(sm_boot_profile_default()));
}

static int parse_args(int argc, char **argv, struct cmd_carve_opts *o)
{
	static const struct option longopts[] = {
		CLI_BOARD_LONGOPTS,
		{ "at", required_argument, NULL, OPT_AT },
		{ "near", required_argument, NULL, OPT_NEAR },
		{ "no-map", no_argument, NULL, OPT_NO_MAP },
		{ "cma", no_argument, NULL, OPT_CMA },
		{ "below", required_argument, NULL, OPT_BELOW },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "protect", required_argument, NULL, 'p' },
		{ "baseline", required_argument, NULL, 'B' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "output", required_argument, NULL, 'o' },
		{ "in-place", no_argument, NULL, 'i' },
		{ "move", required_argument, NULL, 'm' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "edit-includes", no_argument, NULL, OPT_EDIT_INCLUDES },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sm_carve_request *r = &o->req;
	int c, ret;

	while ((c = getopt_long(argc, argv, "k:c:p:m:B:o:ivI:h", longopts,
				NULL)) != -1) {
		ret = sm_cli_board_opt(&o->board, c, optarg);
		if (ret < 0)
			return SM_EXIT_USAGE;
		if (ret)
			continue;
		switch (c) {
		case OPT_AT: o->at = optarg; break;
		case OPT_NEAR: r->near = optarg; break;
		case OPT_NO_MAP: r->no_map = true; break;
		case OPT_CMA: r->cma = true; break;
		case OPT_BELOW: o->below = optarg; break;
		case OPT_LABEL: r->label = optarg; break;
		case OPT_FORCE: r->force = true; break;
		case 'B': o->baseline = optarg; break;
		case 'o': o->output = optarg; break;
		case 'i': o->in_place = true; break;
		case 'v': o->verbose = o->board.verbose = true; break;
		case OPT_STRICT: o->strict = true; break;
		case OPT_EDIT_INCLUDES: r->edit_includes = true; break;
		case 'm':
			if (r->n_move == 64) {
				sm_cli_err("--move %s: too many", optarg);
				return SM_EXIT_USAGE;
			}
			o->move[r->n_move++] = optarg;
			break;
		case 'p':
			if (r->n_protect == 64) {
				sm_cli_err("--protect %s: too many", optarg);
				return SM_EXIT_USAGE;
			}
			o->protect[r->n_protect++] = optarg;
			break;
		case 'h':
			usage();
			return -1;
		default:
			return sm_cli_try_help("carve");
		}
	}
	r->protect = o->protect;
	r->move = o->move;
	return 0;
}

/* Options that fit only some operations, and the values. */
static int check_request(struct cmd_carve_opts *o, int nargs)
{
	struct sm_carve_request *r = &o->req;
	int want = r->op == SM_CARVE_REMOVE ? 2 : 3;

	if (nargs != want) {
		sm_cli_err("carve: %s takes %s", r->op == SM_CARVE_ADD ?
			   "add" : r->op == SM_CARVE_RESIZE ? "resize" : "remove",
			   r->op == SM_CARVE_ADD ? "FILE NAME SIZE" :
			   r->op == SM_CARVE_RESIZE ? "FILE NODE SIZE" :
			   "FILE NODE");
		return sm_cli_try_help("carve");
	}
	if (r->op != SM_CARVE_ADD && (o->at || r->near || r->no_map ||
				      r->cma || o->below || r->label)) {
		sm_cli_err("carve: --at, --near, --no-map, --cma, --below and --label are for add");
		return sm_cli_try_help("carve");
	}
	if ((o->at && r->near) || (r->cma && (o->at || r->near || r->no_map)) ||
	    (o->below && !r->cma) || (o->output && o->in_place)) {
		sm_cli_err("carve: options that do not go together: --at/--near, --cma with --at/--near/--no-map, --below without --cma, -o with --in-place");
		return sm_cli_try_help("carve");
	}
	if (o->at && sm_cli_parse_size(o->at, &r->at)) {
		sm_cli_err("carve: invalid address '%s'", o->at);
		return SM_EXIT_USAGE;
	}
	if (o->below && (sm_cli_parse_size(o->below, &r->below) || !r->below)) {
		sm_cli_err("carve: invalid address '%s'", o->below);
		return SM_EXIT_USAGE;
	}
	r->has_at = o->at;
	r->has_below = o->below;
	return 0;
}

static int carve_op(const char *verb, enum sm_carve_op *op)
{
	if (!strcmp(verb, "add"))
		*op = SM_CARVE_ADD;
	else if (!strcmp(verb, "resize"))
		*op = SM_CARVE_RESIZE;
	else if (!strcmp(verb, "remove"))
		*op = SM_CARVE_REMOVE;
	else
		return -1;
	return 0;
}

static void print_notes(const struct sm_warnings *n)
{
	for (size_t i = 0; i < n->count; i++)
		fprintf(stderr, "socmem: note: %s\n", n->msgs[i]);
}

static void print_finding(const char *what, const struct sm_finding *x)
{
	if (x->file)
		sm_cli_err("%s: %s:%d: %s [%s]", what, x->file, x->line,
			   x->message, sm_plan_rule(x->rule)->id);
	else
		sm_cli_err("%s: %s [%s]", what, x->message,
			   sm_plan_rule(x->rule)->id);
}

static void print_findings(const char *what, const struct sm_findings *f)
{
	for (size_t i = 0; i < f->count; i++)
		print_finding(what, &f->v[i]);
}

/* Findings the board had before the edit: a count, or each (--verbose). */
static void print_preexisting(const struct cmd_carve_opts *o,
			      const struct sm_findings *f)
{
	if (!f->count)
		return;
	if (o->verbose)
		print_findings("pre-existing", f);
	else
		sm_cli_err("note: %zu finding%s the board already had %s not caused by this edit (--verbose lists them, --strict refuses on them)",
			   f->count, f->count == 1 ? "" : "s",
			   f->count == 1 ? "is" : "are");
}

/* Compile and boot the edited sources; 0 when the result is acceptable. */
static int verify(const char *path, const struct cmd_carve_opts *o,
		  const struct sm_board *before, struct sm_carve_result *res,
		  struct sm_carve_verdict *v)
{
	const struct cli_board_opts *bo = &o->board;
	struct sm_warnings log = { 0 };
	struct sm_dt_options dopts = { bo->include_dirs, bo->n_include_dirs,
				       bo->no_cpp, &log };
	struct sm_findings f0 = { 0 }, f1 = { 0 };
	struct sm_dt_file *files = calloc(res->nfiles, sizeof(*files));
	/* --force overrides the baseline: its carveout-* rules do not refuse */
	struct sm_check_options copts = {
		.baseline = o->req.force ? NULL : o->req.baseline,
		.strict = o->strict,
	}, copts_after = copts;
	struct sm_diag diag = { 0 };
	struct sm_board *after = NULL;
	struct sm_dt *dt = NULL;
	int ret = EXIT_FAILURE, err;

	for (size_t i = 0; files && i < res->nfiles; i++)
		files[i] = (struct sm_dt_file){ res->files[i].path,
						res->files[i].text };
	if (!files || sm_dt_load_edited(path, &dopts, files, res->nfiles, &dt,
					&diag)) {
		sm_cli_print_tool_log(bo, &log);
		sm_cli_err("refused: the edited source does not compile: %s",
			   files ? diag.msg : "out of memory");
		goto out;
	}
	if (sm_cli_board_boot(bo, dt, &after, &diag)) {
		sm_cli_err("refused: %s", diag.msg);
		goto out;
	}
	/* boundary-1m on the regions this edit added or resized */
	copts_after.before = before;
	if (sm_plan_check(before, &copts, &f0) ||
	    sm_plan_check(after, &copts_after, &f1))
		goto out;
	v->strict = o->strict;
	err = sm_plan_carve_verdict(before, after, &f0, &f1, &res->notes, v);
	if (err == -EDOM) {
		print_findings("refused", &v->blocking);
	} else if (!err) {
		/* now: findings point into the edited sources, freed below */
		print_notes(&res->notes);
		print_preexisting(o, &v->preexisting);
		ret = 0;
	}
out:
	sm_dt_warnings_free(&log);
	sm_plan_findings_free(&f0);
	sm_plan_findings_free(&f1);
	sm_boot_board_free(after);
	sm_dt_free(dt);
	free(files);
	return ret;
}

/* mkdir -p of @path's directory */
static int make_parents(const char *path)
{
	char *p = strdup(path);

	if (!p)
		return -ENOMEM;
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST) {
			int err = -errno;

			free(p);
			return err;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static bool is_dir(const char *path)
{
	struct stat st;
	size_t n = strlen(path);

	return (n && path[n - 1] == '/') || (!stat(path, &st) &&
					    S_ISDIR(st.st_mode));
}

/* -o FILE (one changed file), -o DIR (each under its path), -i */
static int write_result(const struct cmd_carve_opts *o,
			const struct sm_carve_result *res)
{
	bool dir = o->output && is_dir(o->output);
	struct sm_diag diag = { 0 };
	char to[8192];

	if (o->output && !dir && res->nfiles != 1) {
		sm_cli_err("carve: the edit changes %zu files; give -o a directory, or use --in-place",
			   res->nfiles);
		return SM_EXIT_USAGE;
	}
	for (size_t i = 0; i < res->nfiles; i++) {
		const struct sm_carve_file *f = &res->files[i];

		if (!o->output && !o->in_place)
			continue;
		snprintf(to, sizeof(to), "%s", o->in_place ? f->path :
			 o->output);
		if (dir)
			snprintf(to, sizeof(to), "%s/%s", o->output, f->rel);
		if ((dir && make_parents(to)) ||
		    sm_plan_write_atomic(to, f->text, o->in_place, &diag)) {
			sm_cli_err("%s", diag.msg[0] ? diag.msg : to);
			return EXIT_FAILURE;
		}
		sm_cli_err("wrote %s%s%s%s", to, strcmp(to, f->path) ? " (" : "",
			   strcmp(to, f->path) ? f->path : "",
			   strcmp(to, f->path) ? " edited)" : "");
	}
	return 0;
}

/* sm_plan_carve()'s errno as an exit status: bad input is 2. */
static int carve_exit(int err)
{
	switch (err) {
	case -EINVAL:
	case -ENOENT:
	case -EEXIST:
	case -ENOMEM:
		return SM_EXIT_USAGE;
	default:
		return EXIT_FAILURE;
	}
}

static int run(const char *path, struct cmd_carve_opts *o)
{
	struct sm_carve_verdict v = { 0 };
	struct sm_carve_result res = { 0 };
	struct sm_board *board, *base = NULL;
	struct sm_dt *dt, *base_dt = NULL;
	struct sm_diag diag = { 0 };
	int ret = sm_cli_board_load(path, &o->board, &dt, &board);

	if (ret)
		return ret;
	if (o->baseline) {
		ret = sm_cli_board_load(o->baseline, &o->board, &base_dt,
					&base);
		if (ret)
			goto out;
		o->req.baseline = base;
	}
	if (sm_plan_carve(board, &o->req, &res, &diag)) {
		sm_cli_err("carve: %s", diag.msg);
		ret = carve_exit(diag.err);
		goto out;
	}
	/* a refusal prints its reasons and nothing else */
	ret = verify(path, o, board, &res, &v);
	if (ret)
		goto out;
	if (strcmp(res.root, ".") && res.nfiles) {
		char cwd[4096];

		if (!getcwd(cwd, sizeof(cwd)) || strcmp(cwd, res.root))
			sm_cli_err("note: the patch applies in %s (patch -p1 -d %s)",
				   res.root, res.root);
	}
	for (size_t i = 0; i < res.nfiles; i++)
		fputs(res.files[i].diff, stdout);
	ret = write_result(o, &res);
out:
	sm_plan_carve_verdict_free(&v);
	sm_plan_carve_result_free(&res);
	sm_boot_board_free(base);
	sm_dt_free(base_dt);
	sm_boot_board_free(board);
	sm_dt_free(dt);
	return ret;
}

int sm_cli_cmd_carve(int argc, char **argv)
{
	struct cmd_carve_opts o;
	int ret, nargs;

	memset(&o, 0, sizeof(o));
	sm_cli_board_opts_init(&o.board);
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage();
		return EXIT_SUCCESS;
	}
	if (argc < 2) {
		sm_cli_err("carve: add, resize or remove?");
		return sm_cli_try_help("carve");
	}
	if (carve_op(argv[1], &o.req.op)) {
		sm_cli_err("carve: '%s' is not add, resize or remove", argv[1]);
		return sm_cli_try_help("carve");
	}
	ret = parse_args(argc - 1, argv + 1, &o);
	if (ret)
		return ret < 0 ? EXIT_SUCCESS : ret;
	nargs = argc - 1 - optind;
	ret = check_request(&o, nargs);
	if (ret)
		return ret;
	o.req.node = argv[1 + optind + 1];
	if (o.req.op != SM_CARVE_REMOVE &&
	    sm_cli_parse_size(argv[1 + optind + 2], &o.req.size)) {
		sm_cli_err("carve: invalid size '%s'", argv[1 + optind + 2]);
		return SM_EXIT_USAGE;
	}
	return run(argv[1 + optind], &o);
}
