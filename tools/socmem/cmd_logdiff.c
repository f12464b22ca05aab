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
#include "json.h"

struct cmd_logdiff_opts {
	struct cli_board_opts board;
	bool json;
	bool cmdline_given;
	char cmdline[1200];	/* the command line the model boots with */
	const char *cmdline_from;
	unsigned long long cma_config_mib;
	enum sm_log_banks banks;
};

static void usage(void)
{
	printf("Usage:\n"
	       " socmem logdiff [options] BOOTLOG [FILE.dts|FILE.dtb]\n\n"
	       "Rebuild what a real boot log (dmesg, with or without timestamps; '-' for\n"
	       "stdin) shows of the memory map and, given the board's device tree,\n"
	       "compare it with the board model, booted in the environment the log\n"
	       "shows: its memory banks (\"Early memory node ranges\"), its command line,\n"
	       "its kernel version (\"Linux version\"), EFI or not. Parts of the log that\n"
	       "are only an excerpt are compared on their own lines only. Each difference\n"
	       "gets a reason: dt-differs (the booted DT was not this one), loader-unknown\n"
	       "(only something the log does not show explains it) or model.\n\n"
	       "Options:\n"
	       " -k, --kernel VER           kernel when the log names none: %s (default %s)\n"
	       " -c, --cmdline STR          kernel command line (default: /chosen/bootargs)\n"
	       "     --pageblock-order N    pageblock order (the guide's Qualcomm kernel: 10)\n"
	       " -I, --include DIR          include directory for cpp and dtc (DTS input)\n"
	       "     --format text|json     output format (json: schema socmem-logdiff/1)\n"
	       "     --no-cpp               do not run the C preprocessor on DTS input\n"
	       " -h, --help                 display this help\n\n"
	       "Exit status: 0 the log agrees with the model (or no FILE), 1 it does\n"
	       "not, 2 bad usage or input.\n",
	       sm_boot_profile_names(), sm_boot_profile_name(sm_boot_profile_default()));
}

static int read_log(const char *path, char **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 65536, n = 0, got;
	char *p = malloc(cap);

	if (!f || !p) {
		sm_cli_err("%s: %s", path, strerror(f ? ENOMEM : errno));
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
				sm_cli_err("%s: out of memory", path);
				return SM_EXIT_USAGE;
			}
			p = q;
		}
	}
	if (ferror(f)) {
		sm_cli_err("%s: %s", path, strerror(errno ? errno : EIO));
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

static const char *loader_name(enum sm_log_loader l);

static void print_map(const char *path, const struct sm_logmap *m)
{
	static const char *const cols[] = { "NAME", "WHAT THE LOG SAYS" };
	struct libscols_table *tb = new_table(cols, 2);
	char desc[192];

	printf("socmem logdiff: %s: Linux %s, %zu memory lines\n", path,
	       m->version[0] ? m->version : "(version not in the log)",
	       m->memlines);
	if (m->env.model[0])
		printf("machine model: %s\n", m->env.model);
	printf("loader: %s%s%s%s\n", loader_name(m->env.loader),
	       m->env.efi_by[0] ? " (" : "", m->env.efi_by,
	       m->env.efi_by[0] ? ")" : "");
	if (m->env.has_cmdline)
		printf("command line: %s\n", m->env.cmdline);
	printf("parts:");
	for (unsigned int b = 1; b <= SM_LOGSEC_CMDLINE; b <<= 1)
		if (m->env.seen & b)
			printf(" %s%s", sm_plan_logsec_name(b),
			       m->env.complete & b ? "" : " (excerpt)");
	printf("\n\n");
	for (size_t i = 0; tb && i < m->nregions; i++) {
		const char *cells[2] = { m->regions[i].name, desc };

		sm_plan_logmap_describe(&m->regions[i], desc, sizeof(desc));
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

static const char *const banks_names[] = {
	"dt", "log-node-ranges", "log-numa-span", "log-excerpt-ranges",
	"log-zones-span", "assumed (no bank known)",
};

static const char *loader_name(enum sm_log_loader l)
{
	return l == SM_LOG_LOADER_EFI ? "efi" :
	       l == SM_LOG_LOADER_NOT_EFI ? "not-efi" : "unknown";
}

static void print_env(const struct sm_logmap *m, const struct sm_board *b,
		      const struct cmd_logdiff_opts *o)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;

	printf("environment: Linux %s (modelled as %s), loader %s%s%s%s\n",
	       m->version[0] ? m->version : "(not in the log)",
	       sm_boot_profile_name(b->profile), loader_name(m->env.loader),
	       m->env.efi_by[0] ? " (" : "", m->env.efi_by,
	       m->env.efi_by[0] ? ")" : "");
	if (m->env.nbanks)
		printf("             memory from %s: %zu bank%s, 0x%" PRIx64 "-0x%" PRIx64,
		       banks_names[o->banks], m->env.nbanks,
		       m->env.nbanks == 1 ? "" : "s", m->env.banks[0].start,
		       m->env.banks[m->env.nbanks - 1].end);
	else if (mem->cnt)
		printf("             memory from the DT: 0x%" PRIx64 "-0x%" PRIx64,
		       mem->regions[0].base,
		       mem->regions[mem->cnt - 1].base +
		       mem->regions[mem->cnt - 1].size - 1);
	else
		printf("             memory: none (the log does not show the banks, the DT has none)");
	printf("\n             command line from %s%s\n", o->cmdline_from,
	       o->cma_config_mib ? " (+ the log's CMA size)" : "");
}

static int print_diff(const char *log, const struct sm_board *b,
		      const struct sm_logmap *m, const struct sm_logdiff *d,
		      const struct cmd_logdiff_opts *o)
{
	static const char *const cols[] = { "WHAT", "LOG", "PREDICTED",
					    "REASON" };
	struct libscols_table *tb;

	print_env(m, b, o);
	if (!d->ndiff) {
		printf("%s agrees with the model of %s (Linux %s) on %zu line%s\n",
		       log, b->dt->path, sm_boot_profile_name(b->profile), d->count,
		       d->count == 1 ? "" : "s");
		return EXIT_SUCCESS;
	}
	printf("%s differs from the model of %s (Linux %s) in %zu place%s (%zu line%s agree):\n\n",
	       log, b->dt->path, sm_boot_profile_name(b->profile), d->ndiff,
	       d->ndiff == 1 ? "" : "s", d->count - d->ndiff,
	       d->count - d->ndiff == 1 ? "" : "s");
	tb = new_table(cols, 4);
	for (size_t i = 0; tb && i < d->count; i++) {
		const char *cells[4] = {
			d->v[i].what, d->v[i].log, d->v[i].predicted,
			sm_plan_logdiff_reason_name(d->v[i].reason) };

		if (d->v[i].status != SM_LOGDIFF_SAME)
			add_row(tb, cells, 4);
	}
	if (tb)
		scols_print_table(tb);
	scols_unref_table(tb);
	return EXIT_FAILURE;
}

static void json_sections(struct json *j, const char *key, unsigned int mask)
{
	sm_cli_json_arr_begin(j, key);
	for (unsigned int b = 1; b <= SM_LOGSEC_CMDLINE; b <<= 1)
		if (mask & b)
			sm_cli_json_str(j, NULL, sm_plan_logsec_name(b));
	sm_cli_json_arr_end(j);
}

static int print_json(const char *logpath, const struct sm_board *b,
		      const struct sm_logmap *m, const struct sm_logdiff *d,
		      const struct cmd_logdiff_opts *o)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;
	size_t st[4] = { 0 }, why[4] = { 0 };
	struct json j;

	sm_cli_json_init(&j, stdout);
	sm_cli_json_obj_begin(&j, NULL);
	sm_cli_json_str(&j, "schema", "socmem-logdiff/1");
	sm_cli_json_str(&j, "log", logpath);
	sm_cli_json_str(&j, "board", b->dt->path);
	sm_cli_json_obj_begin(&j, "environment");
	sm_cli_json_str(&j, "kernel", m->version);
	sm_cli_json_str(&j, "modelled_as", sm_boot_profile_name(b->profile));
	sm_cli_json_str(&j, "machine_model", m->env.model);
	sm_cli_json_str(&j, "loader", loader_name(m->env.loader));
	sm_cli_json_str(&j, "efi_by", m->env.efi_by);
	sm_cli_json_str(&j, "banks_from", banks_names[o->banks]);
	sm_cli_json_arr_begin(&j, "banks");
	for (size_t i = 0; i < m->env.nbanks; i++) {
		sm_cli_json_obj_begin(&j, NULL);
		sm_cli_json_hex(&j, "base", m->env.banks[i].start);
		sm_cli_json_u64(&j, "size",
				m->env.banks[i].end - m->env.banks[i].start + 1);
		sm_cli_json_obj_end(&j);
	}
	for (size_t i = 0; !m->env.nbanks && i < mem->cnt; i++) {
		sm_cli_json_obj_begin(&j, NULL);
		sm_cli_json_hex(&j, "base", mem->regions[i].base);
		sm_cli_json_u64(&j, "size", mem->regions[i].size);
		sm_cli_json_obj_end(&j);
	}
	sm_cli_json_arr_end(&j);
	sm_cli_json_bool(&j, "memreserve_dropped",
			 !!(m->env.applied & SM_LOGSEC_EFI));
	sm_cli_json_str(&j, "cmdline", o->cmdline);
	sm_cli_json_str(&j, "cmdline_from", o->cmdline_from);
	if (o->cma_config_mib)
		sm_cli_json_u64(&j, "cma_config_mib", o->cma_config_mib);
	else
		sm_cli_json_null(&j, "cma_config_mib");
	sm_cli_json_obj_end(&j);
	json_sections(&j, "sections_seen", m->env.seen);
	json_sections(&j, "sections_whole", m->env.complete);
	sm_cli_json_arr_begin(&j, "lines");
	for (size_t i = 0; i < d->count; i++) {
		const struct sm_logdiff_item *v = &d->v[i];

		st[v->status]++;
		why[v->reason]++;
		sm_cli_json_obj_begin(&j, NULL);
		sm_cli_json_str(&j, "section", sm_plan_logsec_name(v->section));
		sm_cli_json_str(&j, "what", v->what);
		sm_cli_json_str(&j, "log", v->log);
		sm_cli_json_str(&j, "predicted", v->predicted);
		sm_cli_json_str(&j, "status", sm_plan_logdiff_status_name(v->status));
		if (v->status == SM_LOGDIFF_SAME) {
			sm_cli_json_null(&j, "reason");
		} else {
			sm_cli_json_str(&j, "reason", sm_plan_logdiff_reason_name(v->reason));
			sm_cli_json_str(&j, "why", v->why);
		}
		sm_cli_json_obj_end(&j);
	}
	sm_cli_json_arr_end(&j);
	sm_cli_json_obj_begin(&j, "summary");
	for (int i = 0; i < 4; i++)
		sm_cli_json_u64(&j, sm_plan_logdiff_status_name(i), st[i]);
	for (int i = 1; i < 4; i++)
		sm_cli_json_u64(&j, sm_plan_logdiff_reason_name(i), why[i]);
	sm_cli_json_obj_end(&j);
	sm_cli_json_obj_end(&j);
	sm_cli_json_end(&j);
	return d->ndiff ? EXIT_FAILURE : EXIT_SUCCESS;
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
		sm_cli_warnx("Linux %d.%d is outside the modelled range (%s): comparing with the %s model",
			     m->major, m->minor, sm_boot_profile_names(),
			     sm_boot_profile_name(p));
	if (o->board.kernel && strcmp(o->board.kernel, sm_boot_profile_name(p)))
		sm_cli_warnx("--kernel %s: the log is from Linux %s; using %s",
			     o->board.kernel, m->version, sm_boot_profile_name(p));
	o->board.kernel = sm_boot_profile_name(p);
}

static bool has_cma_param(const char *cmdline)
{
	for (const char *p = cmdline; p && (p = strstr(p, "cma=")); p++)
		if (p == cmdline || p[-1] == ' ')
			return true;
	return false;
}

/*
 * The command line: --cmdline, else the log's, else the DT's bootargs.
 * A default CMA area the log shows that neither cma= nor a DT node asked
 * for has the size the kernel was built with (CMA_SIZE_MBYTES): the model
 * gets it as cma=, which reserves the same way.
 */
static void pick_cmdline(const struct sm_logmap *m, const struct sm_dt *dt,
			 struct cmd_logdiff_opts *o)
{
	const char *line = o->board.cmdline;

	o->cmdline_from = "the option";
	if (!o->cmdline_given) {
		line = m->env.has_cmdline ? m->env.cmdline : sm_dt_bootargs(dt);
		o->cmdline_from = m->env.has_cmdline ? "the log" :
				  "the DT (the log does not show it)";
	}
	snprintf(o->cmdline, sizeof(o->cmdline), "%s", line ? line : "");
	if (m->cma_reserved && !has_cma_param(o->cmdline) &&
	    !sm_plan_dt_has_cma_default(dt)) {
		size_t n = strlen(o->cmdline);

		o->cma_config_mib = m->cma_mib;
		snprintf(o->cmdline + n, sizeof(o->cmdline) - n, "%scma=%lluM",
			 n ? " " : "", o->cma_config_mib);
	}
	o->board.cmdline = o->cmdline;
}

/*
 * The log's banks are in @dt already (sm_plan_log_env_dt); an EFI boot is
 * modelled with the EFI loader's placements unless --loader says otherwise.
 */
static int boot(const struct sm_dt *dt, const struct sm_logmap *m,
		const struct cmd_logdiff_opts *o, struct sm_board **board)
{
	struct sm_diag diag = { 0 };
	struct cli_board_opts bo = o->board;

	bo.allow_no_ram = true;	/* compare what the log shows, RAM or not */
	if (bo.loader < 0 && m->env.loader == SM_LOG_LOADER_EFI)
		bo.loader = SM_LOADER_EFI;
	if (sm_cli_board_boot(&bo, dt, board, &diag)) {
		sm_cli_err("%s", diag.msg);
		return SM_EXIT_USAGE;
	}
	return 0;
}

static int load_dt(const char *path, const struct cli_board_opts *o,
		   struct sm_dt **dt)
{
	struct sm_dt_options dopts = {
		.include_dirs = o->include_dirs,
		.n_include_dirs = o->n_include_dirs,
		.no_cpp = o->no_cpp,
	};
	struct sm_diag diag = { 0 };

	if (sm_dt_load(path, &dopts, dt, &diag)) {
		sm_cli_err("%s", diag.msg);
		return SM_EXIT_USAGE;
	}
	return 0;
}

static int compare(const char *logpath, const char *path,
		   struct cmd_logdiff_opts *o, struct sm_logmap *m)
{
	struct sm_logmap pred;
	struct sm_logdiff d = { 0 };
	struct sm_board *board = NULL;
	struct sm_dt *dt, *edt = NULL;
	int ret;

	pick_kernel(m, o);
	ret = load_dt(path, &o->board, &dt);
	if (ret)
		return ret;
	pick_cmdline(m, dt, o);
	ret = sm_plan_log_env_dt(dt, m, sm_plan_dt_has_ram(dt), &edt,
				 &o->banks);
	if (ret) {
		sm_cli_err("%s: cannot give it the log's memory banks (%s)", path,
			   strerror(-ret));
		ret = SM_EXIT_USAGE;
		goto out;
	}
	ret = boot(edt, m, o, &board);
	if (ret)
		goto out;
	sm_cli_print_warnings(board);
	if (sm_plan_log_predict_version(board, m->major, m->minor, &pred) ||
	    sm_plan_log_compare(m, &pred, &d)) {
		sm_cli_err("out of memory");
		ret = SM_EXIT_USAGE;
		goto out;
	}
	sm_plan_log_classify(board, m, &pred, &d);
	ret = o->json ? print_json(logpath, board, m, &d, o) :
			print_diff(logpath, board, m, &d, o);
	sm_plan_logdiff_free(&d);
	sm_plan_logmap_free(&pred);
out:
	sm_boot_board_free(board);
	sm_dt_free(edt);
	sm_dt_free(dt);
	return ret;
}

int sm_cli_cmd_logdiff(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_BOARD_LONGOPTS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_logdiff_opts o = { 0 };
	struct sm_logmap m;
	char *text;
	size_t len;
	int c, ret;

	sm_cli_board_opts_init(&o.board);
	while ((c = getopt_long(argc, argv, "k:c:I:h", longopts, NULL)) != -1) {
		ret = sm_cli_board_opt(&o.board, c, optarg);
		if (ret < 0)
			return SM_EXIT_USAGE;
		if (ret) {
			o.cmdline_given |= c == 'c' || c == OPT_CMDLINE;
			continue;
		}
		if (c == OPT_FORMAT) {
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				sm_cli_err("--format %s: text or json", optarg);
				return SM_EXIT_USAGE;
			}
			o.json = !strcmp(optarg, "json");
			continue;
		}
		if (c == 'h') {
			usage();
			return EXIT_SUCCESS;
		}
		return sm_cli_try_help("logdiff");
	}
	if (optind == argc || argc - optind > 2) {
		sm_cli_err(optind == argc ? "logdiff: no boot log given" :
					 "logdiff: a boot log and one board file only");
		return sm_cli_try_help("logdiff");
	}
	ret = read_log(argv[optind], &text, &len);
	if (ret)
		return ret;
	ret = sm_plan_log_parse(text, len, &m);
	free(text);
	if (ret) {
		sm_cli_err(ret == -ENODATA ?
			   "%s: no memory-map lines (reserved-memory, cma:, zones) in this log" :
			   "%s: out of memory", argv[optind]);
		return SM_EXIT_USAGE;
	}
	if (optind + 1 < argc)
		ret = compare(argv[optind], argv[optind + 1], &o, &m);
	else
		print_map(argv[optind], &m);
	sm_plan_logmap_free(&m);
	return ret;
}
