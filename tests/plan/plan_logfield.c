// SPDX-License-Identifier: MIT
/*
 * plan_logfield.c - field logs: the parts a log has and shows whole, the
 * environment it states, excerpts compared on their own lines only, the
 * DT rewritten with the log's banks (and no /memreserve/ under EFI), and
 * the reason given for each difference.
 */
#include <libfdt.h>

#include "plan_test.h"

static char *dir;

/* A board: 1 GiB at 0x40000000, a static no-map region, a dynamic pool. */
static const char board_dts[] =
	"/dts-v1/;\n"
	"/memreserve/ 0x48000000 0x1000;\n"
	"/ {\n"
	"	#address-cells = <2>; #size-cells = <2>;\n"
	"	memory@40000000 { device_type = \"memory\";\n"
	"		reg = <0 0x40000000 0 0x40000000>; };\n"
	"	reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"		fw@50000000 { reg = <0 0x50000000 0 0x200000>; no-map; };\n"
	"		pool { compatible = \"shared-dma-pool\"; reusable;\n"
	"			size = <0 0x1000000>; };\n"
	"	};\n"
	"};\n";

static const char whole_log[] =
	"[    0.000000] Linux version 6.12.1 (x@y) #1 SMP\n"
	"[    0.000000] Machine model: Test board\n"
	"[    0.000000] efi: EFI v2.7 by EDK II\n"
	"[    0.000000] Reserved memory: created CMA memory pool at 0x000000007f000000, size 16 MiB\n"
	"[    0.000000] OF: reserved mem: initialized node pool, compatible id shared-dma-pool\n"
	"[    0.000000] OF: reserved mem: 0x000000007f000000..0x000000007fffffff (16384 KiB) map reusable pool\n"
	"[    0.000000] OF: reserved mem: 0x0000000050000000..0x00000000501fffff (2048 KiB) nomap non-reusable fw@50000000\n"
	"[    0.000000] Zone ranges:\n"
	"[    0.000000]   DMA      [mem 0x0000000040000000-0x000000007fffffff]\n"
	"[    0.000000]   DMA32    empty\n"
	"[    0.000000]   Normal   empty\n"
	"[    0.000000] Movable zone start for each node\n"
	"[    0.000000] Early memory node ranges\n"
	"[    0.000000]   node   0: [mem 0x0000000040000000-0x000000004fffffff]\n"
	"[    0.000000]   node   0: [mem 0x0000000050000000-0x00000000501fffff]\n"
	"[    0.000000]   node   0: [mem 0x0000000050200000-0x000000007fffffff]\n"
	"[    0.000000] Initmem setup node 0 [mem 0x0000000040000000-0x000000007fffffff]\n"
	"[    0.000000] Kernel command line: console=ttyAMA0 cma=0\n";

static struct sm_dt *load_board(void)
{
	char *path;
	struct sm_dt *dt = NULL;

	CHECK(asprintf(&path, "%s/board.dts", dir) > 0);
	CHECK(write_text(path, board_dts) == 0);
	CHECK(sm_dt_load(path, NULL, &dt, NULL) == 0);
	free(path);
	return dt;
}

/* Expect: "> " quotes, "[ T0]" caller ids and journal prefixes go. */
static void parse_env_and_prefixes(void)
{
	static const char quoted[] =
		"> [    0.000000][    T0] Linux version 6.0.0 (a@b) #1\n"
		"> [    0.000000][    T0] Machine model: Quoted board\n"
		"> [    0.000000][    T0] efi: UEFI not found.\n"
		"> [    0.000000][    T0] cma: Reserved 16 MiB at 0x00000000ff000000\n"
		"> [    0.000000][    T0] Kernel command line: ro quiet\n";
	struct sm_logmap m;

	CHECK(sm_plan_log_parse(quoted, strlen(quoted), &m) == 0);
	CHECK_STR(m.version, "6.0.0");
	CHECK_STR(m.env.model, "Quoted board");
	CHECK(m.env.loader == SM_LOG_LOADER_NOT_EFI);
	CHECK(m.env.has_cmdline);
	CHECK_STR(m.env.cmdline, "ro quiet");
	CHECK(m.cma_reserved && m.cma_mib == 16);
	CHECK(m.env.complete & SM_LOGSEC_CMA);
	sm_plan_logmap_free(&m);

	CHECK(sm_plan_log_parse(whole_log, strlen(whole_log), &m) == 0);
	CHECK(m.env.loader == SM_LOG_LOADER_EFI);
	CHECK_STR(m.env.efi_by, "EDK II");
	CHECK((m.env.complete & (SM_LOGSEC_RMEM | SM_LOGSEC_ZONES |
				 SM_LOGSEC_NODES)) ==
	      (SM_LOGSEC_RMEM | SM_LOGSEC_ZONES | SM_LOGSEC_NODES));
	sm_plan_logmap_free(&m);
}

/* Expect: a part cut at either end is seen but not whole. */
static void parse_excerpts(void)
{
	static const char cut_rmem[] =
		"Linux version 6.12.1 (x@y) #1 SMP\n"
		"OF: reserved mem: 0x0000000050000000..0x00000000501fffff (2048 KiB) nomap non-reusable fw@50000000\n";
	static const char cut_nodes[] =
		"  node   0: [mem 0x0000000040000000-0x000000004fffffff]\n"
		"  node   0: [mem 0x0000000050000000-0x00000000501fffff]\n"
		"Initmem setup node 0 [mem 0x0000000040000000-0x000000007fffffff]\n";
	struct sm_logmap m;

	CHECK(sm_plan_log_parse(cut_rmem, strlen(cut_rmem), &m) == 0);
	CHECK(m.env.seen & SM_LOGSEC_RMEM);
	CHECK(!(m.env.complete & SM_LOGSEC_RMEM));
	sm_plan_logmap_free(&m);
	CHECK(sm_plan_log_parse(cut_nodes, strlen(cut_nodes), &m) == 0);
	CHECK(m.env.seen & SM_LOGSEC_NODES);
	CHECK(!(m.env.complete & SM_LOGSEC_NODES));
	CHECK_EQ_U64(m.nnodes, 2);
	sm_plan_logmap_free(&m);
}

struct run {
	struct sm_logmap log, pred;
	struct sm_logdiff d;
	struct sm_board *b;
	struct sm_dt *dt;
	enum sm_log_banks banks;
};

/* logdiff's steps: the log's banks into the DT, boot, predict, compare. */
static void diff_run(struct run *r, const struct sm_dt *dt, const char *text)
{
	struct sm_boot_options o = { sm_boot_profile_find("6.12"), NULL, -1 };

	memset(r, 0, sizeof(*r));
	CHECK(sm_plan_log_parse(text, strlen(text), &r->log) == 0);
	CHECK(sm_plan_log_env_dt(dt, &r->log, sm_plan_dt_has_ram(dt), &r->dt,
				 &r->banks) == 0);
	o.cmdline = r->log.env.has_cmdline ? r->log.env.cmdline : NULL;
	CHECK(sm_boot_board_boot(r->dt, &o, &r->b, NULL) == 0);
	CHECK(sm_plan_log_predict_version(r->b, r->log.major, r->log.minor,
					  &r->pred) == 0);
	CHECK(sm_plan_log_compare(&r->log, &r->pred, &r->d) == 0);
	sm_plan_log_classify(r->b, &r->log, &r->pred, &r->d);
}

static void done(struct run *r)
{
	sm_plan_logdiff_free(&r->d);
	sm_plan_logmap_free(&r->log);
	sm_plan_logmap_free(&r->pred);
	sm_boot_board_free(r->b);
	sm_dt_free(r->dt);
}

static const struct sm_logdiff_item *find(const struct sm_logdiff *d,
					  const char *what, const char *log)
{
	for (size_t i = 0; i < d->count; i++)
		if (!strcmp(d->v[i].what, what) &&
		    (!log || strstr(d->v[i].log, log)))
			return &d->v[i];
	return NULL;
}

static char *swap(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	char *out;

	CHECK(at != NULL);
	CHECK(asprintf(&out, "%.*s%s%s", (int)(at - s), s, to,
		       at + strlen(from)) > 0);
	return out;
}

/*
 * Expect: the log's banks replace the memory node, an EFI boot has no
 * /memreserve/, and the model's own log agrees with itself.
 */
static void env_dt_and_agreement(void)
{
	struct sm_dt *dt = load_board();
	const void *fdt;
	struct run r;
	int node, len;
	const fdt32_t *reg;

	CHECK(sm_plan_dt_has_ram(dt));
	CHECK(!sm_plan_dt_has_cma_default(dt));
	diff_run(&r, dt, whole_log);
	CHECK(r.banks == SM_LOG_BANKS_NODES);
	fdt = r.dt->blob;
	CHECK(fdt_num_mem_rsv(fdt) == 0);
	node = fdt_path_offset(fdt, "/memory@40000000");
	CHECK(node >= 0);
	reg = fdt_getprop(fdt, node, "reg", &len);
	CHECK(reg && len == 3 * 16);
	CHECK_EQ_U64(r.d.ndiff, 0);
	CHECK(find(&r.d, "fw@50000000", NULL) &&
	      find(&r.d, "fw@50000000", NULL)->status == SM_LOGDIFF_SAME);
	done(&r);
	sm_dt_free(dt);
}

/* Expect: each kind of difference gets its reason. */
static void reasons(void)
{
	struct sm_dt *dt = load_board();
	const struct sm_logdiff_item *v;
	struct run r;
	char *log, *log2;

	/* a node this DT lacks, and one at another address */
	log = swap(whole_log, "[    0.000000] Zone ranges:\n",
		   "[    0.000000] OF: reserved mem: 0x0000000060000000..0x00000000600fffff (1024 KiB) nomap non-reusable tz@60000000\n"
		   "[    0.000000] Zone ranges:\n");
	log2 = swap(log, "0x0000000050000000..0x00000000501fffff (2048 KiB) nomap non-reusable fw@50000000",
		    "0x0000000051000000..0x00000000511fffff (2048 KiB) nomap non-reusable fw@50000000");
	diff_run(&r, dt, log2);
	v = find(&r.d, "tz@60000000", NULL);
	CHECK(v && v->status == SM_LOGDIFF_EXTRA &&
	      v->reason == SM_LOGDIFF_DT_DIFFERS);
	v = find(&r.d, "fw@50000000", NULL);
	CHECK(v && v->status == SM_LOGDIFF_DIFFERS &&
	      v->reason == SM_LOGDIFF_DT_DIFFERS);
	done(&r);
	free(log);
	free(log2);

	/* memory split where the DT has no region: EFI's, or another DT's */
	log = swap(whole_log, "  node   0: [mem 0x0000000050200000-0x000000007fffffff]\n",
		   "  node   0: [mem 0x0000000050200000-0x000000005fffffff]\n"
		   "[    0.000000]   node   0: [mem 0x0000000060000000-0x000000007fffffff]\n");
	diff_run(&r, dt, log);
	v = find(&r.d, "memory node range", "0x50200000-0x5fffffff");
	CHECK(v && v->reason == SM_LOGDIFF_LOADER_UNKNOWN);
	done(&r);
	log2 = swap(log, "efi: EFI v2.7 by EDK II", "efi: UEFI not found.");
	diff_run(&r, dt, log2);
	v = find(&r.d, "memory node range", "0x50200000-0x5fffffff");
	CHECK(v && v->reason == SM_LOGDIFF_DT_DIFFERS);
	done(&r);
	free(log);
	free(log2);

	/* a static region the log could not reserve: held by the loader */
	log = swap(whole_log, "[    0.000000] OF: reserved mem: 0x0000000050000000",
		   "[    0.000000] OF: reserved mem: Reserved memory: failed to reserve memory for node 'fw@50000000': base 0x0000000050000000, size 2 MiB\n"
		   "[    0.000000] OF: reserved mem: 0x0000000050000000");
	diff_run(&r, dt, log);
	v = find(&r.d, "fw@50000000", NULL);
	CHECK(v && v->reason == SM_LOGDIFF_LOADER_UNKNOWN);
	done(&r);
	free(log);

	/* the DMA zone elsewhere with the log's own banks: the model's fault */
	log = swap(whole_log, "DMA      [mem 0x0000000040000000-0x000000007fffffff]",
		   "DMA      [mem 0x0000000040000000-0x000000006fffffff]");
	diff_run(&r, dt, log);
	v = find(&r.d, "zone DMA", NULL);
	CHECK(v && v->status == SM_LOGDIFF_DIFFERS &&
	      v->reason == SM_LOGDIFF_MODEL);
	done(&r);
	free(log);
	sm_dt_free(dt);
}

/* Expect: of an excerpt, what the model predicts beyond it is not missing. */
static void excerpt_compares_own_lines(void)
{
	static const char excerpt[] =
		"OF: reserved mem: 0x0000000050000000..0x00000000501fffff (2048 KiB) nomap non-reusable fw@50000000\n";
	struct sm_dt *dt = load_board();
	struct run r;

	diff_run(&r, dt, excerpt);
	CHECK_EQ_U64(r.d.ndiff, 0);
	CHECK_EQ_U64(r.d.count, 1);
	CHECK(r.banks == SM_LOG_BANKS_DT);
	done(&r);
	sm_dt_free(dt);
}

/* Expect: with no bank anywhere, a stand-in; no placement is judged. */
static void no_banks_anywhere(void)
{
	static const char excerpt[] =
		"Linux version 6.12.1 (x@y) #1 SMP\n"
		"OF: reserved mem: 0x0000000050000000..0x00000000501fffff (2048 KiB) nomap non-reusable fw@50000000\n"
		"OF: reserved mem: 0x0000000060000000..0x00000000600fffff (1024 KiB) nomap non-reusable tz@60000000\n";
	struct sm_dt *dt = load_board(), *bare = NULL;
	const struct sm_logdiff_item *v;
	char *path, *text;
	struct run r;

	CHECK(asprintf(&path, "%s/bare.dts", dir) > 0);
	text = swap(board_dts, "reg = <0 0x40000000 0 0x40000000>;",
		    "reg = <0 0x40000000 0 0>;");
	CHECK(write_text(path, text) == 0);
	CHECK(sm_dt_load(path, NULL, &bare, NULL) == 0);
	CHECK(!sm_plan_dt_has_ram(bare));
	diff_run(&r, bare, excerpt);
	CHECK(r.banks == SM_LOG_BANKS_ASSUMED && r.log.env.banks_assumed);
	CHECK_EQ_U64(r.log.env.span.start, 0x50000000);
	CHECK_EQ_U64(r.log.env.span.end, 0x601fffff);
	v = find(&r.d, "tz@60000000", NULL);
	CHECK(v && v->reason == SM_LOGDIFF_DT_DIFFERS);
	done(&r);
	free(text);
	free(path);
	sm_dt_free(bare);
	sm_dt_free(dt);
}

int main(void)
{
	dir = scratch_dir();
	if (!dir) {
		perror("scratch dir");
		return 1;
	}
	RUN(parse_env_and_prefixes);
	RUN(parse_excerpts);
	RUN(env_dt_and_agreement);
	RUN(reasons);
	RUN(excerpt_compares_own_lines);
	RUN(no_banks_anywhere);
	remove_tree(dir);
	return test_done();
}
