/* SPDX-License-Identifier: MIT */
/*
 * srcedit.h - line-level edits of DTS source files (srcedit.c) and the
 * cell lists of properties as written in them (srccells.c).
 */
#ifndef SOCMEM_PLAN_SRCEDIT_H
#define SOCMEM_PLAN_SRCEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <socmem/diag.h>

/*
 * What happened to one original line: replaced, deleted, and/or lines
 * inserted before it (index nlines holds insertions at the very end).
 */
struct line_edit {
	char *repl;
	bool del;
	char **ins;
	size_t nins;
};

struct srcfile {
	char *path;
	char *text;	/* the original contents */
	char **lines;	/* the original lines, without '\n' */
	size_t nlines;
	bool final_newline;
	bool crlf;
	struct line_edit *ed;	/* nlines + 1 entries */
};

/* the files opened so far; a file's struct never moves */
struct srcedit {
	struct srcfile **files;
	size_t n;
};

int sm_plan_srcedit_open(struct srcedit *se, const char *path,
			 struct srcfile **f, struct sm_diag *diag);
void sm_plan_srcedit_free(struct srcedit *se);
const char *sm_plan_srcedit_line(const struct srcfile *f, int line);
int sm_plan_srcedit_set_line(struct srcfile *f, int line, const char *text);
void sm_plan_srcedit_delete(struct srcfile *f, int line);
int sm_plan_srcedit_insert_before(struct srcfile *f, int line,
				  const char *text);
bool sm_plan_srcedit_changed(const struct srcfile *f);
char *sm_plan_srcedit_render(const struct srcfile *f);
char *sm_plan_srcedit_diff(const struct srcfile *f);
/* the same with other names in the ---/+++ lines ("a/x.dts", "b/x.dts") */
char *sm_plan_srcedit_diff_named(const struct srcfile *f, const char *from,
				 const char *to);

/* ---- srccells.c ------------------------------------------------------ */

/* One cell of a <...> list as written: where it is and what it says. */
struct src_cell {
	int line;
	size_t start;	/* byte offsets in that line's current text */
	size_t end;
	bool literal;	/* a plain number (its value in @value) */
	bool decimal;	/* written in decimal */
	uint64_t value;
};

struct src_prop {
	struct src_cell *cells;
	size_t n;
};

int sm_plan_src_prop_find(const struct srcfile *f, int line, int end_line,
			  const char *name, struct src_prop *out);
void sm_plan_src_prop_free(struct src_prop *p);
int sm_plan_src_prop_set_cells(struct srcfile *f, const struct src_prop *p,
			       size_t first, const uint32_t *old, const uint32_t *now,
			       size_t n);

#endif /* SOCMEM_PLAN_SRCEDIT_H */
