// SPDX-License-Identifier: MIT
/*
 * plan_srcedit.c - the source editor: cells as written (macros,
 * expressions, comments, several lines, decimal), replacing only the
 * cells that change, and unified diffs identical to GNU diff -u's.
 */
#include "plan_test.h"
#include "srcedit.h"

static char *dir;

static struct srcfile *open_text(struct srcedit *se, const char *name,
				 const char *text)
{
	char path[512];
	struct srcfile *f = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	write_text(path, text);
	CHECK(sm_plan_srcedit_open(se, path, &f, NULL) == 0);
	return f;
}

/*
 *   reg = <0x0 SZ_1M>, <(2 * 0x100) 16>; // four cells, two groups
 * Expect: literal/decimal flags per cell, offsets on the line.
 */
static void cells_macro_expression(void)
{
	struct srcedit se = { 0 };
	struct srcfile *f = open_text(&se, "a.dts",
		"\tfw {\n\t\treg = <0x0 SZ_1M>, <(2 * 0x100) 16>; // c\n\t};\n");
	struct src_prop p;

	CHECK(sm_plan_src_prop_find(f, 2, 2, "reg", &p) == 0);
	CHECK_EQ_U64(p.n, 4);
	if (p.n == 4) {
		CHECK(p.cells[0].literal && p.cells[0].value == 0);
		CHECK(!p.cells[1].literal);
		CHECK(!p.cells[2].literal);
		CHECK(p.cells[3].literal && p.cells[3].decimal &&
		      p.cells[3].value == 16);
		CHECK(!strncmp(sm_plan_srcedit_line(f, 2) + p.cells[2].start,
			       "(2 * 0x100)", 11));
	}
	sm_plan_src_prop_free(&p);
	sm_plan_srcedit_free(&se);
}

/*
 *   reg = <0x0 0x80000000 /+ base +/
 *          0x0 SZ_1M>;
 * Expect: the size macro stays when only the base changes; the comment
 * and the layout survive.
 */
static void cells_multiline_set(void)
{
	struct srcedit se = { 0 };
	struct srcfile *f = open_text(&se, "b.dts",
		"x {\n\treg = <0x0 0x80000000 /* base */\n\t\t0x0 SZ_1M>;\n};\n");
	uint32_t old[4] = { 0, 0x80000000, 0, 0x100000 };
	uint32_t now[4] = { 0, 0x80400000, 0, 0x100000 };
	struct src_prop p;
	char *out;

	CHECK(sm_plan_src_prop_find(f, 2, 3, "reg", &p) == 0);
	CHECK_EQ_U64(p.n, 4);
	CHECK(sm_plan_src_prop_set_cells(f, &p, 0, old, now, 4) == 0);
	out = sm_plan_srcedit_render(f);
	CHECK_STR(out, "x {\n\treg = <0x0 0x80400000 /* base */\n\t\t0x0 SZ_1M>;\n};\n");
	free(out);
	sm_plan_src_prop_free(&p);
	sm_plan_srcedit_free(&se);
}

/* Expect: /bits/ and a property that never ends are refused. */
static void cells_refused(void)
{
	struct srcedit se = { 0 };
	struct srcfile *f = open_text(&se, "c.dts",
		"reg = /bits/ 64 <0x80000000 0x100000>;\nsize = <0x0 0x1\n");
	struct src_prop p;

	CHECK(sm_plan_src_prop_find(f, 1, 1, "reg", &p) == -ENOTSUP);
	CHECK(sm_plan_src_prop_find(f, 2, 2, "size", &p) == -EINVAL);
	CHECK(sm_plan_src_prop_find(f, 1, 1, "alloc-ranges", &p) == -ENOENT);
	sm_plan_srcedit_free(&se);
}

/* Past the first two lines (the ---/+++ headers), or NULL. */
static const char *body(const char *d)
{
	for (int i = 0; d && i < 2; i++) {
		d = strchr(d, '\n');
		d = d ? d + 1 : NULL;
	}
	return d;
}

/* The diff of @f must equal `diff -u` of the old and new text. */
static void same_as_gnu(struct srcfile *f, const char *tag)
{
	char newp[512], *mine = sm_plan_srcedit_diff(f), *gnu = NULL, *text;
	char *argv[] = { "diff", "-u", f->path, newp, NULL };
	const char *a, *b;

	snprintf(newp, sizeof(newp), "%s.new", f->path);
	text = sm_plan_srcedit_render(f);
	write_text(newp, text);
	CHECK(run(argv, &gnu, NULL) == 1);
	/* GNU's headers carry dates: compare the hunks */
	a = body(mine);
	b = body(gnu);
	if (!a || !b || strcmp(a, b))
		fprintf(stderr, "FAIL %s: diff differs\n--- mine\n%s--- gnu\n%s",
			tag, a ? a : "", b ? b : "");
	CHECK(a && b && !strcmp(a, b));
	CHECK(mine && !strncmp(mine, "--- ", 4));
	free(mine);
	free(gnu);
	free(text);
}

static char *numbered(int n)
{
	static char buf[4096];
	size_t o = 0;

	for (int i = 1; i <= n; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "line %d\n", i);
	return buf;
}

/* Expect: hunks apart when 7 lines separate changes, one hunk at 6. */
static void diff_hunks(void)
{
	struct srcedit se = { 0 };
	struct srcfile *f = open_text(&se, "d1.txt", numbered(30));

	sm_plan_srcedit_set_line(f, 2, "two");
	sm_plan_srcedit_set_line(f, 10, "ten");
	sm_plan_srcedit_set_line(f, 17, "seventeen");
	sm_plan_srcedit_delete(f, 29);
	sm_plan_srcedit_insert_before(f, 31, "end");
	same_as_gnu(f, "hunks");
	sm_plan_srcedit_free(&se);
}

/* Expect: insertions, a deletion at the top, a run of replacements. */
static void diff_runs(void)
{
	struct srcedit se = { 0 };
	struct srcfile *f = open_text(&se, "d2.txt", numbered(12));

	sm_plan_srcedit_delete(f, 1);
	sm_plan_srcedit_insert_before(f, 5, "new a");
	sm_plan_srcedit_insert_before(f, 5, "new b");
	sm_plan_srcedit_set_line(f, 7, "seven");
	sm_plan_srcedit_set_line(f, 8, "eight");
	sm_plan_srcedit_delete(f, 9);
	same_as_gnu(f, "runs");
	sm_plan_srcedit_free(&se);
}

/* Expect: no final newline stays missing; CRLF files get CRLF lines. */
static void render_endings(void)
{
	struct srcedit se = { 0 };
	struct srcfile *f = open_text(&se, "e.txt", "a\nb");
	struct srcfile *g = open_text(&se, "f.txt", "a\r\nb\r\n");
	char *o;

	sm_plan_srcedit_set_line(f, 1, "A");
	o = sm_plan_srcedit_render(f);
	CHECK_STR(o, "A\nb");
	free(o);
	sm_plan_srcedit_insert_before(g, 2, "x");
	o = sm_plan_srcedit_render(g);
	CHECK_STR(o, "a\r\nx\r\nb\r\n");
	free(o);
	CHECK(sm_plan_srcedit_changed(f));
	sm_plan_srcedit_free(&se);
}

int main(void)
{
	dir = scratch_dir();
	if (!dir)
		return 1;
	RUN(cells_macro_expression);
	RUN(cells_multiline_set);
	RUN(cells_refused);
	RUN(diff_hunks);
	RUN(diff_runs);
	RUN(render_endings);
	remove_tree(dir);
	free(dir);
	return test_done();
}
