// SPDX-License-Identifier: MIT
/*
 * cmd_boot.c - `socmem boot`: what the real kernel does with a board's
 * memory map, as a table for people, the kernel's own log lines, or JSON
 * (schema socmem-board/1, docs/board-json.md).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "cli.h"
#include "json.h"

enum boot_format { FMT_TABLE, FMT_LOG, FMT_JSON };

struct cmd_boot_opts {
	struct cli_board_opts board;
	enum boot_format format;
	bool raw;
	bool bytes;
};

static void usage(void)
{
	printf("Usage:\n"
	       " socmem boot [options] FILE.dtb|FILE.dts\n\n"
	       "Predict what the Linux kernel does with the board's memory map\n"
	       "during early boot: carve-outs, dynamic regions, CMA pools, the\n"
	       "default CMA area, overlaps, failures, zones and log lines.\n\n"
	       "Options:\n"
	       " -k, --kernel VER           kernel to model: %s (default %s)\n"
	       " -c, --cmdline STR          kernel command line (default: /chosen/bootargs)\n"
	       "     --pageblock-order N    override the pageblock order (the guide's\n"
	       "                            Qualcomm kernel uses 10)\n"
	       " -f, --format FMT           table (default), log or json\n"
	       " -I, --include DIR          include directory for cpp and dtc (DTS input)\n"
	       "     --no-cpp               do not run the C preprocessor on DTS input\n"
	       CLI_ENV_HELP
	       " -b, --bytes                sizes in bytes in the table\n"
	       " -r, --raw                  raw table output (no column alignment)\n"
	       " -h, --help                 display this help\n\n"
	       "The command line is read as the kernel reads it: sizes in it\n"
	       "(cma=64M) go through memparse(), K, M, G = powers of 1024.\n",
	       sm_boot_profile_names(), sm_boot_profile_name(sm_boot_profile_default()));
}

static const char *region_flags(const struct sm_region *r, char *buf,
				size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s",
		 (r->flags & SM_RF_NOMAP) ? "no-map," : "",
		 (r->flags & SM_RF_REUSABLE) ? "reusable," : "",
		 (r->flags & SM_RF_DYNAMIC) ? "dynamic," : "",
		 (r->flags & SM_RF_CMA_DEFAULT) ? "default," : "",
		 (r->flags & SM_RF_FIXED) ? "fixed," : "");
	if (*buf)
		buf[strlen(buf) - 1] = '\0';
	else
		snprintf(buf, len, "-");
	return buf;
}

/* ---- log ----------------------------------------------------------------- */

static void print_log(const struct sm_board *b)
{
	for (size_t i = 0; i < b->nmsgs; i++)
		if (b->msgs[i].memline)
			puts(b->msgs[i].text);
}

/* ---- table --------------------------------------------------------------- */

static int cmp_region_addr(const void *pa, const void *pb)
{
	const struct sm_region *a = *(const struct sm_region *const *)pa;
	const struct sm_region *b = *(const struct sm_region *const *)pb;
	bool ha = a->status == SM_STATUS_DISABLED || !a->size;
	bool hb = b->status == SM_STATUS_DISABLED || !b->size;

	if (ha != hb)
		return ha ? 1 : -1;
	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	return a->seq - b->seq;
}

static void size_cell(const struct cmd_boot_opts *o, uint64_t v, char *buf,
		      size_t len)
{
	if (o->bytes)
		snprintf(buf, len, "%" PRIu64, v);
	else
		sm_cli_size_str(v, buf, len);
}

static void table_row(struct libscols_table *tb, const struct cmd_boot_opts *o,
		      const struct sm_region *r)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[64];
	bool placed = r->size && r->status != SM_STATUS_DISABLED &&
		      !(r->flags & SM_RF_DYNAMIC && r->status == SM_STATUS_FAILED);

	scols_line_set_data(ln, 0, r->name);
	if (placed) {
		snprintf(buf, sizeof(buf), "0x%" PRIx64, r->base);
		scols_line_set_data(ln, 1, buf);
		snprintf(buf, sizeof(buf), "0x%" PRIx64, r->base + r->size - 1);
		scols_line_set_data(ln, 2, buf);
	} else {
		scols_line_set_data(ln, 1, "-");
		scols_line_set_data(ln, 2, "-");
	}
	size_cell(o, r->size, buf, sizeof(buf));
	scols_line_set_data(ln, 3, r->size ? buf : "-");
	scols_line_set_data(ln, 4, sm_boot_region_kind_name(r->kind));
	scols_line_set_data(ln, 5, region_flags(r, buf, sizeof(buf)));
	scols_line_set_data(ln, 6, sm_boot_region_status_name(r->status));
}

struct totals {
	uint64_t ram;
	uint64_t nomap;
	uint64_t reserved;
	uint64_t cma;
};

/* bytes of [base, base+size) that lie in mapped (not no-map) RAM */
static uint64_t mapped_overlap(const struct sm_board *b, uint64_t base,
			       uint64_t size)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;
	uint64_t n = 0;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct sm_memblock_region *m = &mem->regions[i];
		uint64_t s = m->base > base ? m->base : base;
		uint64_t e = m->base + m->size < base + size ?
			     m->base + m->size : base + size;

		if (!(m->flags & SM_MEMBLOCK_NOMAP) && s < e)
			n += e - s;
	}
	return n;
}

static void compute_totals(const struct sm_board *b, struct totals *t)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;
	const struct sm_memblock_type *res = &b->memblock.reserved;

	memset(t, 0, sizeof(*t));
	t->ram = mem->total_size;
	for (size_t i = 0; i < mem->cnt; i++)
		if (mem->regions[i].flags & SM_MEMBLOCK_NOMAP)
			t->nomap += mem->regions[i].size;
	for (size_t i = 0; i < res->cnt; i++)
		t->reserved += mapped_overlap(b, res->regions[i].base,
					      res->regions[i].size);
	for (size_t i = 0; i < b->ncma; i++)
		t->cma += b->cma[i].size;
}

static int print_table(const struct sm_board *b, const struct cmd_boot_opts *o)
{
	static const char *const cols[] = { "NAME", "BASE", "END", "SIZE",
					    "KIND", "FLAGS", "STATUS" };
	struct libscols_table *tb = scols_new_table();
	const struct sm_region **sorted;
	struct totals t;
	char s1[32], s2[32], s3[32], s4[32], s5[32];

	if (!tb)
		return EXIT_FAILURE;
	scols_table_enable_raw(tb, o->raw);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		scols_table_new_column(tb, cols[i], 0,
				       i == 3 ? SCOLS_FL_RIGHT : 0);
	sorted = calloc(b->nregions + 1, sizeof(*sorted));
	if (!sorted) {
		scols_unref_table(tb);
		return EXIT_FAILURE;
	}
	for (size_t i = 0; i < b->nregions; i++)
		sorted[i] = &b->regions[i];
	qsort(sorted, b->nregions, sizeof(*sorted), cmp_region_addr);
	for (size_t i = 0; i < b->nregions; i++)
		table_row(tb, o, sorted[i]);
	printf("socmem boot: %s, Linux %s (modelled: %s), pageblock %u KiB\n",
	       b->dt->path, sm_boot_profile_requested(b->profile),
	       sm_boot_profile_modelled(b->profile),
	       (unsigned int)(sm_boot_board_pageblock_bytes(b) / 1024));
	printf("command line: %s\n", *b->cmdline ? b->cmdline : "(empty)");
	sm_cli_print_env(stdout, b);
	putchar('\n');
	scols_print_table(tb);
	scols_unref_table(tb);
	free(sorted);
	compute_totals(b, &t);
	size_cell(o, t.ram, s1, sizeof(s1));
	size_cell(o, t.nomap, s2, sizeof(s2));
	size_cell(o, t.reserved, s3, sizeof(s3));
	size_cell(o, t.cma, s4, sizeof(s4));
	size_cell(o, t.ram - t.nomap - t.reserved, s5, sizeof(s5));
	printf("\nRAM %s: carve-outs (no-map) %s, reserved %s (CMA %s), free %s\n",
	       s1, s2, s3, s4, s5);
	if (b->noverlaps)
		printf("%zu overlap%s reported by the kernel\n", b->noverlaps,
		       b->noverlaps == 1 ? "" : "s");
	return 0;
}

/* ---- json ---------------------------------------------------------------- */

static void json_region(struct json *j, const struct sm_board *b,
			const struct sm_region *r)
{
	char buf[64];

	sm_cli_json_obj_begin(j, NULL);
	sm_cli_json_str(j, "name", r->name);
	sm_cli_json_str(j, "path", r->path);
	sm_cli_json_str(j, "kind", sm_boot_region_kind_name(r->kind));
	sm_cli_json_str(j, "status", sm_boot_region_status_name(r->status));
	sm_cli_json_hex(j, "base", r->base);
	sm_cli_json_hex(j, "end", r->size ? r->base + r->size : r->base);
	sm_cli_json_u64(j, "size", r->size);
	sm_cli_json_arr_begin(j, "flags");
	region_flags(r, buf, sizeof(buf));
	for (char *tok = strtok(buf, ","); tok && strcmp(tok, "-");
	     tok = strtok(NULL, ","))
		sm_cli_json_str(j, NULL, tok);
	sm_cli_json_arr_end(j);
	if (r->flags & SM_RF_DYNAMIC) {
		sm_cli_json_obj_begin(j, "request");
		sm_cli_json_u64(j, "size", r->size);
		sm_cli_json_u64(j, "alignment", r->req_align);
		sm_cli_json_arr_begin(j, "alloc_ranges");
		for (size_t i = 0; i < r->n_alloc_ranges; i++) {
			sm_cli_json_obj_begin(j, NULL);
			sm_cli_json_hex(j, "base", r->alloc_ranges[i].base);
			sm_cli_json_u64(j, "size", r->alloc_ranges[i].size);
			sm_cli_json_obj_end(j);
		}
		sm_cli_json_arr_end(j);
		sm_cli_json_obj_end(j);
	}
	if (r->handler[0])
		sm_cli_json_str(j, "handler", r->handler);
	else
		sm_cli_json_null(j, "handler");
	if (r->cma >= 0)
		sm_cli_json_str(j, "cma_area", b->cma[r->cma].name);
	else
		sm_cli_json_null(j, "cma_area");
	sm_cli_json_i64(j, "order", r->seq);
	sm_cli_json_str(j, "why", sm_boot_why_name(r->outcome.why));
	sm_cli_json_obj_end(j);
}

static void json_memblock_type(struct json *j, const char *key,
			       const struct sm_memblock_type *t)
{
	sm_cli_json_arr_begin(j, key);
	for (size_t i = 0; i < t->cnt; i++) {
		sm_cli_json_obj_begin(j, NULL);
		sm_cli_json_hex(j, "base", t->regions[i].base);
		sm_cli_json_u64(j, "size", t->regions[i].size);
		sm_cli_json_bool(j, "nomap", t->regions[i].flags & SM_MEMBLOCK_NOMAP);
		sm_cli_json_obj_end(j);
	}
	sm_cli_json_arr_end(j);
}

static const char *level_name(enum sm_loglevel l)
{
	switch (l) {
	case SM_LOG_ERR: return "err";
	case SM_LOG_WARN: return "warn";
	case SM_LOG_INFO: return "info";
	default: return "debug";
	}
}

static void json_banks(struct json *j, const struct sm_board *b)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;

	/* banks: memory regions with NOMAP splits joined again */
	sm_cli_json_arr_begin(j, "memory");
	for (size_t i = 0; i < mem->cnt;) {
		uint64_t base = mem->regions[i].base;
		uint64_t end = base + mem->regions[i].size;

		for (i++; i < mem->cnt && mem->regions[i].base == end; i++)
			end += mem->regions[i].size;
		sm_cli_json_obj_begin(j, NULL);
		sm_cli_json_hex(j, "base", base);
		sm_cli_json_hex(j, "end", end);
		sm_cli_json_u64(j, "size", end - base);
		sm_cli_json_obj_end(j);
	}
	sm_cli_json_arr_end(j);
}

static void json_range(struct json *j, const char *key, uint64_t base,
		       uint64_t size, enum sm_env_source src)
{
	sm_cli_json_obj_begin(j, key);
	sm_cli_json_hex(j, "base", base);
	sm_cli_json_u64(j, "size", size);
	sm_cli_json_str(j, "source", sm_boot_env_source_name(src));
	sm_cli_json_obj_end(j);
}

/* the boot environment used: every setting with where it came from */
static void json_env(struct json *j, const struct sm_board *b)
{
	const struct sm_boot_env *e = &b->env;

	sm_cli_json_obj_begin(j, "environment");
	sm_cli_json_str(j, "loader", sm_boot_loader_name(e->loader));
	sm_cli_json_str(j, "loader_source", sm_boot_env_source_name(e->loader_src));
	sm_cli_json_u64(j, "page_size", sm_boot_board_page_size(b));
	sm_cli_json_str(j, "page_size_source", sm_boot_env_source_name(e->page_src));
	sm_cli_json_str(j, "memory_source", sm_boot_env_source_name(e->banks_src));
	sm_cli_json_arr_begin(j, "memory");
	for (size_t i = 0; i < e->nbanks; i++) {
		sm_cli_json_obj_begin(j, NULL);
		sm_cli_json_hex(j, "base", e->banks[i].base);
		sm_cli_json_u64(j, "size", e->banks[i].size);
		sm_cli_json_bool(j, "nomap", e->banks[i].nomap);
		sm_cli_json_obj_end(j);
	}
	sm_cli_json_arr_end(j);
	json_range(j, "kernel", b->kernel_base, b->kernel_size, e->kernel_src);
	json_range(j, "dtb", b->dtb_base, b->dtb_size, e->dtb_src);
	if (e->initrd_size)
		json_range(j, "initrd", e->initrd_base, e->initrd_size,
			   e->initrd_src);
	else
		sm_cli_json_null(j, "initrd");
	sm_cli_json_str(j, "cmdline_source", sm_boot_env_source_name(e->cmdline_src));
	sm_cli_json_str(j, "log_release", e->release);
	sm_cli_json_str(j, "log_machine", e->machine);
	sm_cli_json_arr_begin(j, "assumptions");
	for (size_t i = 0; i < b->assumptions.count; i++)
		sm_cli_json_str(j, NULL, b->assumptions.msgs[i]);
	sm_cli_json_arr_end(j);
	sm_cli_json_obj_end(j);
}

static void json_zones(struct json *j, const struct sm_board *b)
{
	uint64_t page = sm_boot_board_page_size(b);

	sm_cli_json_arr_begin(j, "zones");
	for (int z = 0; z < SM_NR_ZONES; z++) {
		const struct sm_zone_span *zs = &b->zones[z];

		if (!zs->exists || z == SM_ZONE_MOVABLE)
			continue;
		sm_cli_json_obj_begin(j, NULL);
		sm_cli_json_str(j, "name", sm_boot_zone_name(z));
		sm_cli_json_bool(j, "empty", zs->start_pfn == zs->end_pfn);
		sm_cli_json_hex(j, "start", zs->start_pfn * page);
		sm_cli_json_hex(j, "end", zs->end_pfn * page);
		sm_cli_json_obj_end(j);
	}
	sm_cli_json_arr_end(j);
}

static void print_json(const struct sm_board *b)
{
	struct json j;
	struct totals t;

	sm_cli_json_init(&j, stdout);
	sm_cli_json_obj_begin(&j, NULL);
	sm_cli_json_str(&j, "schema", "socmem-board/1");
	sm_cli_json_str(&j, "source", b->dt->path);
	sm_cli_json_str(&j, "kernel", sm_boot_profile_name(b->profile));
	sm_cli_json_str(&j, "kernel_release", sm_boot_profile_release(b->profile));
	sm_cli_json_str(&j, "kernel_requested", sm_boot_profile_requested(b->profile));
	sm_cli_json_str(&j, "kernel_modelled", sm_boot_profile_modelled(b->profile));
	sm_cli_json_str(&j, "cmdline", b->cmdline);
	sm_cli_json_u64(&j, "page_size", sm_boot_board_page_size(b));
	sm_cli_json_u64(&j, "pageblock_order", b->pageblock_order);
	sm_cli_json_obj_begin(&j, "root_cells");
	sm_cli_json_u64(&j, "address", b->addr_cells);
	sm_cli_json_u64(&j, "size", b->size_cells);
	sm_cli_json_obj_end(&j);
	json_banks(&j, b);
	json_env(&j, b);
	sm_cli_json_obj_begin(&j, "boot");
	sm_cli_json_hex(&j, "dtb_base", b->dtb_base);
	sm_cli_json_u64(&j, "dtb_size", b->dtb_size);
	sm_cli_json_obj_end(&j);
	sm_cli_json_obj_begin(&j, "cma_cmdline");
	sm_cli_json_bool(&j, "given", b->cma_cmdline.given);
	sm_cli_json_u64(&j, "size", b->cma_cmdline.size);
	sm_cli_json_hex(&j, "base", b->cma_cmdline.base);
	sm_cli_json_hex(&j, "limit", b->cma_cmdline.limit);
	sm_cli_json_obj_end(&j);
	sm_cli_json_arr_begin(&j, "regions");
	for (size_t i = 0; i < b->nregions; i++)
		json_region(&j, b, &b->regions[i]);
	sm_cli_json_arr_end(&j);
	sm_cli_json_arr_begin(&j, "cma_areas");
	for (size_t i = 0; i < b->ncma; i++) {
		sm_cli_json_obj_begin(&j, NULL);
		sm_cli_json_str(&j, "name", b->cma[i].name);
		sm_cli_json_hex(&j, "base", b->cma[i].base);
		sm_cli_json_u64(&j, "size", b->cma[i].size);
		sm_cli_json_u64(&j, "order_per_bit", b->cma[i].order_per_bit);
		sm_cli_json_bool(&j, "default", b->cma[i].is_default);
		sm_cli_json_obj_end(&j);
	}
	sm_cli_json_arr_end(&j);
	sm_cli_json_hex(&j, "dma_limit", b->dma_phys_limit);
	json_zones(&j, b);
	sm_cli_json_arr_begin(&j, "overlaps");
	for (size_t i = 0; i < b->noverlaps; i++) {
		sm_cli_json_obj_begin(&j, NULL);
		sm_cli_json_str(&j, "a", b->regions[b->overlaps[i].a].name);
		sm_cli_json_str(&j, "b", b->regions[b->overlaps[i].b].name);
		sm_cli_json_obj_end(&j);
	}
	sm_cli_json_arr_end(&j);
	sm_cli_json_obj_begin(&j, "memblock");
	json_memblock_type(&j, "memory", &b->memblock.memory);
	json_memblock_type(&j, "reserved", &b->memblock.reserved);
	sm_cli_json_obj_end(&j);
	compute_totals(b, &t);
	sm_cli_json_obj_begin(&j, "totals");
	sm_cli_json_u64(&j, "ram", t.ram);
	sm_cli_json_u64(&j, "nomap", t.nomap);
	sm_cli_json_u64(&j, "reserved", t.reserved);
	sm_cli_json_u64(&j, "cma", t.cma);
	sm_cli_json_u64(&j, "free", t.ram - t.nomap - t.reserved);
	sm_cli_json_obj_end(&j);
	sm_cli_json_arr_begin(&j, "messages");
	for (size_t i = 0; i < b->nmsgs; i++) {
		sm_cli_json_obj_begin(&j, NULL);
		sm_cli_json_str(&j, "level", level_name(b->msgs[i].level));
		sm_cli_json_bool(&j, "memline", b->msgs[i].memline);
		sm_cli_json_str(&j, "text", b->msgs[i].text);
		sm_cli_json_obj_end(&j);
	}
	sm_cli_json_arr_end(&j);
	sm_cli_json_arr_begin(&j, "warnings");
	for (size_t i = 0; i < b->warnings.count; i++)
		sm_cli_json_str(&j, NULL, b->warnings.msgs[i]);
	sm_cli_json_arr_end(&j);
	sm_cli_json_obj_end(&j);
	sm_cli_json_end(&j);
}

/* ---- main ---------------------------------------------------------------- */

static int parse_format(const char *arg, enum boot_format *f)
{
	if (!strcmp(arg, "table"))
		*f = FMT_TABLE;
	else if (!strcmp(arg, "log"))
		*f = FMT_LOG;
	else if (!strcmp(arg, "json"))
		*f = FMT_JSON;
	else
		return -1;
	return 0;
}

int sm_cli_cmd_boot(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_BOARD_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_boot_opts o = { .format = FMT_TABLE };
	struct sm_board *board;
	struct sm_dt *dt;
	int c, ret;

	sm_cli_board_opts_init(&o.board);
	while ((c = getopt_long(argc, argv, "k:c:f:I:brh", longopts, NULL)) !=
	       -1) {
		ret = sm_cli_board_opt(&o.board, c, optarg);
		if (ret < 0)
			return SM_EXIT_USAGE;
		if (ret)
			continue;
		switch (c) {
		case 'f':
			if (parse_format(optarg, &o.format)) {
				sm_cli_err("--format %s: must be table, log or json",
					   optarg);
				return SM_EXIT_USAGE;
			}
			break;
		case 'b':
			o.bytes = true;
			break;
		case 'r':
			o.raw = true;
			break;
		case 'h':
			usage();
			return EXIT_SUCCESS;
		default:
			return sm_cli_try_help("boot");
		}
	}
	if (optind != argc - 1) {
		sm_cli_err(optind == argc ? "boot: no board file given" :
					 "boot: one board file only");
		return sm_cli_try_help("boot");
	}
	ret = sm_cli_board_load(argv[optind], &o.board, &dt, &board);
	if (ret)
		return ret;
	sm_cli_print_warnings(board);
	switch (o.format) {
	case FMT_LOG:
		print_log(board);
		ret = 0;
		break;
	case FMT_JSON:
		print_json(board);
		ret = 0;
		break;
	default:
		ret = print_table(board, &o);
	}
	sm_boot_board_free(board);
	sm_dt_free(dt);
	return ret;
}
