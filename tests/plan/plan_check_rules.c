// SPDX-License-Identifier: MIT
/*
 * plan_check_rules.c - every rule of `socmem check` on a small board
 * (1 GiB of DRAM at 0x40000000) with a DTS that triggers it and one that
 * does not; positions point at the node's line; --baseline rules.
 */
#include "plan_test.h"

static char *dir;

/* The board: DRAM [0x40000000, 0x80000000), children of reserved-memory. */
static const char *const tmpl =
	"/dts-v1/;\n"
	"%s\n"
	"/ {\n"
	"\t#address-cells = <2>;\n"
	"\t#size-cells = <2>;\n"
	"\tmemory@40000000 {\n"
	"\t\tdevice_type = \"memory\";\n"
	"\t\treg = <0x0 0x40000000 0x0 0x40000000>;\n"
	"\t};\n"
	"\tchosen {\n"
	"\t\tbootargs = \"%s\";\n"
	"\t};\n"
	"\treserved-memory {\n"
	"\t\t#address-cells = <%d>;\n"
	"\t\t#size-cells = <2>;\n"
	"\t\tranges;\n"
	"%s"
	"\t};\n"
	"};\n";

struct board_src {
	const char *children;
	const char *cmdline;
	const char *memreserve;
	const char *kernel;
	int pageblock_order;
	int rmem_cells;
};

struct loaded {
	struct sm_dt *dt;
	struct sm_board *b;
};

static void load(const struct board_src *s, const char *name,
		 struct loaded *l)
{
	char path[512], *text;
	struct sm_boot_options o = {
		sm_boot_profile_find(s->kernel ? s->kernel : "6.12"), NULL,
		s->pageblock_order ? s->pageblock_order : -1 };
	struct sm_diag d = { 0 };

	snprintf(path, sizeof(path), "%s/%s.dts", dir, name);
	if (asprintf(&text, tmpl, s->memreserve ? s->memreserve : "",
		     s->cmdline ? s->cmdline : "", s->rmem_cells ? s->rmem_cells : 2,
		     s->children) < 0)
		exit(1);
	write_text(path, text);
	free(text);
	memset(l, 0, sizeof(*l));
	if (sm_dt_load(path, NULL, &l->dt, &d) ||
	    sm_boot_board_boot(l->dt, &o, &l->b, &d)) {
		fprintf(stderr, "FAIL %s: %s\n", name, d.msg);
		exit(1);
	}
}

static void unload(struct loaded *l)
{
	sm_boot_board_free(l->b);
	sm_dt_free(l->dt);
}

/* The findings of @rule, with the node containing @node (or any). */
static int count(const struct sm_findings *f, enum sm_rule rule,
		 const char *node)
{
	int n = 0;

	for (size_t i = 0; i < f->count; i++)
		n += f->v[i].rule == rule &&
		     (!node || strstr(f->v[i].node, node));
	return n;
}

static int check_one(const struct board_src *s, const struct board_src *base,
		     enum sm_rule rule, const char *node)
{
	struct loaded l, bl = { 0 };
	struct sm_findings f = { 0 };
	struct sm_check_options o = { 0 };
	int n;

	load(s, sm_plan_rule(rule)->id, &l);
	if (base) {
		load(base, "baseline", &bl);
		o.baseline = bl.b;
	}
	CHECK(sm_plan_check(l.b, &o, &f) == 0);
	n = count(&f, rule, node);
	sm_plan_findings_free(&f);
	unload(&l);
	if (base)
		unload(&bl);
	return n;
}

#define NODE(name, body) "\t\t" name " {\n" body "\t\t};\n"
#define REG(b, s) "\t\t\treg = <0x0 " b " 0x0 " s ">;\n"
#define NOMAP "\t\t\tno-map;\n"
#define CMA_POOL "\t\t\tcompatible = \"shared-dma-pool\";\n\t\t\treusable;\n"

struct rule_case {
	enum sm_rule rule;
	struct board_src bad;
	struct board_src good;
	const char *node;
};

static const struct rule_case cases[] = {
	{ SM_RULE_OVERLAP_KERNEL,
	  { .children = NODE("a@50000000", REG("0x50000000", "0x200000") NOMAP)
	    NODE("b@50100000", REG("0x50100000", "0x200000") NOMAP) },
	  { .children = NODE("a@50000000", REG("0x50000000", "0x200000") NOMAP)
	    NODE("b@50200000", REG("0x50200000", "0x200000") NOMAP) },
	  "a@50000000" },
	/* the kernel compares neighbours only: a and c are never compared */
	{ SM_RULE_OVERLAP,
	  { .children = NODE("a@50000000", REG("0x50000000", "0x400000"))
	    NODE("b@50100000", REG("0x50100000", "0x100000"))
	    NODE("c@50300000", REG("0x50300000", "0x200000")) },
	  { .children = NODE("a@50000000", REG("0x50000000", "0x100000"))
	    NODE("b@50100000", REG("0x50100000", "0x100000"))
	    NODE("c@50300000", REG("0x50300000", "0x200000")) },
	  "a@50000000" },
	{ SM_RULE_OVERLAP,
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x100000")),
	    .memreserve = "/memreserve/ 0x50080000 0x1000;" },
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x100000")),
	    .memreserve = "/memreserve/ 0x50180000 0x1000;" },
	  NULL },
	{ SM_RULE_ALLOC_FAIL,
	  { .children = NODE("big", "\t\t\tsize = <0x0 0x80000000>;\n") },
	  { .children = NODE("big", "\t\t\tsize = <0x0 0x1000000>;\n") }, "big" },
	{ SM_RULE_OUTSIDE_DRAM,
	  { .children = NODE("fw@10000000", REG("0x10000000", "0x100000") NOMAP) },
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x100000") NOMAP) },
	  "fw@" },
	/* boundary-1m leaves firmware's no-map regions alone (not --strict) */
	{ SM_RULE_BOUNDARY_1M,
	  { .children = NODE("buf@50080000", REG("0x50080000", "0x100000")) },
	  { .children = NODE("fw@50080000", REG("0x50080000", "0x100000") NOMAP) },
	  "buf@" },
	{ SM_RULE_CMA_ALIGN,
	  { .children = NODE("pool@50100000", CMA_POOL REG("0x50100000", "0x400000")) },
	  { .children = NODE("pool@50200000", CMA_POOL REG("0x50200000", "0x400000")) },
	  "pool@" },
	/* the guide's pageblock order 10: 4 MiB */
	{ SM_RULE_CMA_ALIGN,
	  { .children = NODE("pool@50200000",
			     CMA_POOL REG("0x50200000", "0x400000")),
	    .pageblock_order = 10 },
	  { .children = NODE("pool@50400000",
			     CMA_POOL REG("0x50400000", "0x400000")),
	    .pageblock_order = 10 }, "pool@" },
	{ SM_RULE_CMA_ALIGN,
	  { .children = NODE("pool", CMA_POOL "\t\t\tsize = <0x0 0x300000>;\n") },
	  { .children = NODE("pool", CMA_POOL "\t\t\tsize = <0x0 0x400000>;\n") },
	  "pool" },
	{ SM_RULE_REG_AND_SIZE,
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x100000")
	    "\t\t\tsize = <0x0 0x100000>;\n") },
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x100000")) }, "fw@" },
	{ SM_RULE_NOMAP_REUSABLE,
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x200000") NOMAP
	    "\t\t\treusable;\n") },
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x200000") NOMAP) },
	  "fw@" },
	{ SM_RULE_UNIT_ADDRESS,
	  { .children = NODE("fw@0x50000000", REG("0x50000000", "0x100000")) },
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x100000")) }, "fw@" },
	{ SM_RULE_UNIT_ADDRESS,
	  { .children = NODE("fw@50100000", REG("0x50000000", "0x100000")) },
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x100000")) }, "fw@" },
	{ SM_RULE_ALLOC_RANGES,
	  { .children = NODE("pool", "\t\t\tsize = <0x0 0x1000000>;\n"
	    "\t\t\talloc-ranges = <0x0 0x10000000 0x0 0x1000000>;\n") },
	  { .children = NODE("pool", "\t\t\tsize = <0x0 0x1000000>;\n"
	    "\t\t\talloc-ranges = <0x0 0x50000000 0x0 0x1000000>;\n") },
	  "pool" },
	{ SM_RULE_DEFAULT_CMA, { .children = "", .cmdline = "cma=2G" },
	  { .children = "", .cmdline = "cma=64M" }, NULL },
	{ SM_RULE_RMEM_FORMAT,
	  { .children = NODE("fw@50000000",
			     "\t\t\treg = <0x50000000 0x0 0x100000>;\n"),
	    .rmem_cells = 1 },
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x100000")) },
	  "/reserved-memory" },
	{ SM_RULE_BAD_PROPERTY,
	  { .children = NODE("pool", "\t\t\tsize = <0x1000000>;\n") },
	  { .children = NODE("pool", "\t\t\tsize = <0x0 0x1000000>;\n") }, "pool" },
	{ SM_RULE_BAD_PROPERTY,
	  { .children = NODE("fw@50000000", "\t\t\treg = <0x0 0x50000000 0x0>;\n") },
	  { .children = NODE("fw@50000000", REG("0x50000000", "0x100000")) }, "fw@" },
	{ SM_RULE_HANDLER_FAIL,
	  { .children = NODE("pool", "\t\t\tcompatible = \"shared-dma-pool\";\n"
	    "\t\t\treusable;\n" NOMAP "\t\t\tsize = <0x0 0x400000>;\n") },
	  { .children = NODE("pool", CMA_POOL "\t\t\tsize = <0x0 0x400000>;\n") },
	  "pool" },
	{ SM_RULE_CMA_BYPASSED,
	  { .children = NODE("linux,cma", CMA_POOL "\t\t\tlinux,cma-default;\n"
	    "\t\t\tsize = <0x0 0x400000>;\n"), .cmdline = "cma=64M" },
	  { .children = NODE("linux,cma", CMA_POOL "\t\t\tlinux,cma-default;\n"
	    "\t\t\tsize = <0x0 0x400000>;\n") }, "linux,cma" },
};

/* 21 CMA pools and the default area: more than the kernel's 20 slots. */
static char *many_pools(int n)
{
	static char buf[8192];
	size_t o = 0;

	for (int i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o,
				      NODE("pool%d", CMA_POOL
					   "\t\t\tsize = <0x0 0x200000>;\n"),
				      i);
	return buf;
}

static void rules_trigger_and_not(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct rule_case *c = &cases[i];
		int bad = check_one(&c->bad, NULL, c->rule, c->node);
		int good = check_one(&c->good, NULL, c->rule, c->node);

		if (!bad || good)
			fprintf(stderr, "FAIL rule %s (case %zu): %d findings on the bad board, %d on the good one\n",
				sm_plan_rule(c->rule)->id, i, bad, good);
		CHECK(bad > 0);
		CHECK(good == 0);
	}
}

static void rule_cma_areas(void)
{
	struct board_src bad = { 0 }, good = { 0 };
	char *kids = strdup(many_pools(21));

	bad.children = kids;
	CHECK(check_one(&bad, NULL, SM_RULE_CMA_AREAS, NULL) > 0);
	good.children = many_pools(2);
	CHECK(check_one(&good, NULL, SM_RULE_CMA_AREAS, NULL) == 0);
	free(kids);
}

static const struct board_src base_board = {
	.children = NODE("cam@50000000", REG("0x50000000", "0x400000") NOMAP)
	NODE("adsp@50400000", REG("0x50400000", "0x400000") NOMAP)
	NODE("modem@50800000", REG("0x50800000", "0x400000") NOMAP)
};

static void rules_baseline(void)
{
	static const struct board_src plan = {
		.children = NODE("cam@50000000", REG("0x50000000", "0x200000") NOMAP)
		NODE("adsp@50600000", REG("0x50600000", "0x400000") NOMAP)
	};
	/* grown and a carve-out added: nothing firmware protects is lost */
	static const struct board_src grown = {
		.children = NODE("cam@50000000", REG("0x50000000", "0x500000") NOMAP)
		NODE("adsp@50400000", REG("0x50400000", "0x400000") NOMAP)
		NODE("modem@50800000", REG("0x50800000", "0x400000") NOMAP)
		NODE("new@51000000", REG("0x51000000", "0x100000") NOMAP)
	};

	CHECK(check_one(&plan, &base_board, SM_RULE_CARVEOUT_SHRUNK, "cam@") == 1);
	CHECK(check_one(&plan, &base_board, SM_RULE_CARVEOUT_MOVED, "adsp@") == 1);
	CHECK(check_one(&plan, &base_board, SM_RULE_CARVEOUT_REMOVED, "modem@") == 1);
	for (int r = SM_RULE_CARVEOUT_SHRUNK; r <= SM_RULE_CARVEOUT_REMOVED; r++) {
		CHECK(check_one(&base_board, &base_board, r, NULL) == 0);
		CHECK(check_one(&grown, &base_board, r, NULL) == 0);
	}
}

/* A finding names the file and the line where its node is written. */
static void finding_position(void)
{
	static const struct board_src s = {
		.children = NODE("fw@0x50000000", REG("0x50000000", "0x100000")) };
	struct loaded l;
	struct sm_findings f = { 0 };
	const struct sm_finding *x = NULL;

	load(&s, "position", &l);
	CHECK(sm_plan_check(l.b, NULL, &f) == 0);
	for (size_t i = 0; i < f.count; i++)
		if (f.v[i].rule == SM_RULE_UNIT_ADDRESS)
			x = &f.v[i];
	CHECK(x != NULL);
	if (x) {
		CHECK(x->file && strstr(x->file, "position.dts"));
		CHECK_EQ_U64(x->line, 17); /* the "fw@0x50000000 {" line */
		CHECK_STR(x->node, "/reserved-memory/fw@0x50000000");
		CHECK(x->severity == SM_SEV_WARNING);
	}
	sm_plan_findings_free(&f);
	unload(&l);
}

/* Ids and severities are the documented ones (docs/plan.md). */
static void rule_table(void)
{
	CHECK_STR(sm_plan_rule(SM_RULE_OVERLAP_KERNEL)->id, "overlap-kernel");
	CHECK_STR(sm_plan_rule(SM_RULE_ALLOC_FAIL)->id, "alloc-fail");
	CHECK_STR(sm_plan_rule(SM_RULE_CARVEOUT_REMOVED)->id,
		  "carveout-removed");
	CHECK(sm_plan_rule(SM_RULE_BOUNDARY_1M)->severity == SM_SEV_WARNING);
	CHECK(sm_plan_rule(SM_RULE_CMA_BYPASSED)->severity == SM_SEV_INFO);
	CHECK(sm_plan_rule(SM_RULE_COUNT) == NULL);
	for (int r = 0; r < SM_RULE_COUNT; r++)
		CHECK(sm_plan_rule(r)->id && sm_plan_rule(r)->summary);
}

int main(void)
{
	dir = scratch_dir();
	if (!dir)
		return 1;
	RUN(rules_trigger_and_not);
	RUN(rule_cma_areas);
	RUN(rules_baseline);
	RUN(finding_position);
	RUN(rule_table);
	remove_tree(dir);
	free(dir);
	return test_done();
}
