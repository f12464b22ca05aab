// SPDX-License-Identifier: MIT
/*
 * srcedit.c - editing source files the way a careful engineer does:
 * whole lines are replaced, deleted or inserted, everything else stays
 * byte for byte (formatting, comments, line endings). Edits are recorded
 * against the original line numbers, so several edits compose and the
 * unified diff (GNU diff -u's format, three lines of context) comes
 * straight from the record.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcedit.h"

/* The whole file, NUL-terminated. */
static int read_all(const char *path, char **buf, size_t *len,
		    struct sm_diag *diag)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 4096, n = 0, got;
	char *p = malloc(cap);

	if (!fp || !p) {
		int err = fp ? ENOMEM : errno;

		if (fp)
			fclose(fp);
		free(p);
		return sm_dt_diag_set(diag, -err, "%s: %s", path, strerror(err));
	}
	while ((got = fread(p + n, 1, cap - n - 1, fp)) > 0) {
		n += got;
		if (n + 1 == cap) {
			char *q = realloc(p, cap * 2);

			if (!q) {
				fclose(fp);
				free(p);
				return sm_dt_diag_set(diag, -ENOMEM,
						      "%s: out of memory", path);
			}
			p = q;
			cap *= 2;
		}
	}
	if (ferror(fp)) {
		fclose(fp);
		free(p);
		return sm_dt_diag_set(diag, -EIO, "%s: read error", path);
	}
	fclose(fp);
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
}

static int split_lines(struct srcfile *f, size_t len)
{
	char *copy = malloc(len + 1);
	size_t n = 0, cap = 64;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, f->text, len + 1);
	f->lines = malloc(cap * sizeof(*f->lines));
	if (!f->lines) {
		free(copy);
		return -ENOMEM;
	}
	f->final_newline = len && copy[len - 1] == '\n';
	for (char *p = copy; *p || (p == copy && len);) {
		char *nl = strchr(p, '\n');

		if (n == cap) {
			char **l = realloc(f->lines, 2 * cap * sizeof(*l));

			if (!l) {
				f->nlines = n; /* sm_plan_srcedit_free() frees the copy */
				return -ENOMEM;
			}
			f->lines = l;
			cap *= 2;
		}
		f->lines[n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
		if (!*p)
			break;
	}
	if (!n)
		free(copy);
	f->nlines = n;
	f->crlf = n && strlen(f->lines[0]) &&
		  f->lines[0][strlen(f->lines[0]) - 1] == '\r';
	f->ed = calloc(n + 1, sizeof(*f->ed));
	return f->ed ? 0 : -ENOMEM;
}

int sm_plan_srcedit_open(struct srcedit *se, const char *path,
			 struct srcfile **out, struct sm_diag *diag)
{
	struct srcfile *f, **v;
	char *buf = NULL;
	size_t len = 0;
	int err;

	for (size_t i = 0; i < se->n; i++)
		if (!strcmp(se->files[i]->path, path)) {
			*out = se->files[i];
			return 0;
		}
	err = read_all(path, &buf, &len, diag);
	if (err)
		return err;
	v = realloc(se->files, (se->n + 1) * sizeof(*v));
	f = calloc(1, sizeof(*f));
	if (v)
		se->files = v;
	if (!v || !f) {
		free(f);
		free(buf);
		return sm_dt_diag_set(diag, -ENOMEM, "%s: out of memory", path);
	}
	se->files[se->n] = f;
	f->text = buf;
	f->path = strdup(path);
	se->n++;
	if (!f->path || split_lines(f, len))
		return sm_dt_diag_set(diag, -ENOMEM, "%s: out of memory", path);
	*out = f;
	return 0;
}

void sm_plan_srcedit_free(struct srcedit *se)
{
	for (size_t i = 0; i < se->n; i++) {
		struct srcfile *f = se->files[i];

		for (size_t l = 0; f->ed && l <= f->nlines; l++) {
			free(f->ed[l].repl);
			for (size_t k = 0; k < f->ed[l].nins; k++)
				free(f->ed[l].ins[k]);
			free(f->ed[l].ins);
		}
		if (f->nlines)
			free(f->lines[0]);
		free(f->lines);
		free(f->ed);
		free(f->text);
		free(f->path);
		free(f);
	}
	free(se->files);
	memset(se, 0, sizeof(*se));
}

/* The current text of 1-based @line (NULL past the end). */
const char *sm_plan_srcedit_line(const struct srcfile *f, int line)
{
	if (line < 1 || (size_t)line > f->nlines)
		return NULL;
	return f->ed[line - 1].repl ? f->ed[line - 1].repl :
				      f->lines[line - 1];
}

int sm_plan_srcedit_set_line(struct srcfile *f, int line, const char *text)
{
	char *t;

	if (line < 1 || (size_t)line > f->nlines)
		return -EINVAL;
	t = strdup(text);
	if (!t)
		return -ENOMEM;
	free(f->ed[line - 1].repl);
	f->ed[line - 1].repl = strcmp(t, f->lines[line - 1]) ? t : NULL;
	if (!f->ed[line - 1].repl)
		free(t);
	return 0;
}

void sm_plan_srcedit_delete(struct srcfile *f, int line)
{
	if (line >= 1 && (size_t)line <= f->nlines)
		f->ed[line - 1].del = true;
}

/* Insert @text (one line, no newline) before @line (nlines + 1: at end). */
int sm_plan_srcedit_insert_before(struct srcfile *f, int line, const char *text)
{
	struct line_edit *e;
	char **ins;
	size_t n = strlen(text);
	char *t;

	if (line < 1 || (size_t)line > f->nlines + 1)
		return -EINVAL;
	e = &f->ed[line - 1];
	ins = realloc(e->ins, (e->nins + 1) * sizeof(*ins));
	if (!ins)
		return -ENOMEM;
	e->ins = ins;
	t = malloc(n + 2);
	if (!t)
		return -ENOMEM;
	memcpy(t, text, n);
	if (f->crlf)
		t[n++] = '\r';
	t[n] = '\0';
	e->ins[e->nins++] = t;
	return 0;
}

static bool line_changed(const struct srcfile *f, size_t i)
{
	return f->ed[i].nins ||
	       (i < f->nlines && (f->ed[i].del || f->ed[i].repl));
}

bool sm_plan_srcedit_changed(const struct srcfile *f)
{
	for (size_t i = 0; i <= f->nlines; i++)
		if (line_changed(f, i))
			return true;
	return false;
}

/* A growable string. */
struct sbuf {
	char *s;
	size_t len;
	size_t cap;
	bool oom;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_line(struct sbuf *b, const char *prefix, const char *line)
{
	sb_add(b, prefix, strlen(prefix));
	sb_add(b, line, strlen(line));
	sb_add(b, "\n", 1);
}

static char *sb_done(struct sbuf *b)
{
	if (b->oom) {
		free(b->s);
		return NULL;
	}
	if (!b->s)
		return strdup("");
	return b->s;
}

char *sm_plan_srcedit_render(const struct srcfile *f)
{
	struct sbuf b = { 0 };
	size_t last = 0;
	bool any = false;

	for (size_t i = 0; i <= f->nlines; i++) {
		const struct line_edit *e = &f->ed[i];

		for (size_t k = 0; k < e->nins; k++)
			sb_line(&b, "", e->ins[k]);
		if (i == f->nlines || e->del)
			continue;
		sb_add(&b, e->repl ? e->repl : f->lines[i],
		       strlen(e->repl ? e->repl : f->lines[i]));
		sb_add(&b, "\n", 1);
		last = b.len;
		any = true;
	}
	/* keep a missing final newline missing */
	if (any && !f->final_newline && !f->ed[f->nlines].nins &&
	    last == b.len && b.len)
		b.s[--b.len] = '\0';
	return sb_done(&b);
}

/* ---- unified diff ----------------------------------------------------- */

#define CONTEXT 3

/* One line of the diff body: ' ', '-' or '+', and its text. */
struct dline {
	char op;
	const char *text;
};

/* Every line of old and new, in order; runs of changes: '-' then '+'. */
static struct dline *diff_lines(const struct srcfile *f, size_t *n)
{
	size_t cap = 2 * f->nlines + 16, k = 0;
	struct dline *d = malloc(cap * sizeof(*d));

	for (size_t i = 0; d && i <= f->nlines; i++) {
		const struct line_edit *e = &f->ed[i];

		if (k + e->nins + 2 > cap) {
			struct dline *nd;

			cap = 2 * (k + e->nins + 2);
			nd = realloc(d, cap * sizeof(*d));
			if (!nd) {
				free(d);
				return NULL;
			}
			d = nd;
		}
		for (size_t m = 0; m < e->nins; m++)
			d[k++] = (struct dline){ '+', e->ins[m] };
		if (i == f->nlines)
			break;
		if (e->del || e->repl)
			d[k++] = (struct dline){ '-', f->lines[i] };
		if (!e->del && e->repl)
			d[k++] = (struct dline){ '+', e->repl };
		if (!e->del && !e->repl)
			d[k++] = (struct dline){ ' ', f->lines[i] };
	}
	/* stable partition of each run of changes: removals first */
	for (size_t i = 0; d && i < k; i++)
		for (size_t j = i; j > 0 && d[j].op == '-' &&
				   d[j - 1].op == '+'; j--) {
			struct dline t = d[j];

			d[j] = d[j - 1];
			d[j - 1] = t;
		}
	*n = k;
	return d;
}

/* GNU diff's range: "start,count", "start" alone when count is 1. */
static void range(char *buf, size_t len, size_t start, size_t count)
{
	if (count == 1)
		snprintf(buf, len, "%zu", start + 1);
	else
		snprintf(buf, len, "%zu,%zu", count ? start + 1 : start,
			 count);
}

static void hunk(struct sbuf *b, const struct dline *d, size_t a, size_t e)
{
	size_t oldstart = 0, newstart = 0, oc = 0, nc = 0;
	char r1[48], r2[48], head[112];

	for (size_t i = 0; i < a; i++) {
		oldstart += d[i].op != '+';
		newstart += d[i].op != '-';
	}
	for (size_t i = a; i < e; i++) {
		oc += d[i].op != '+';
		nc += d[i].op != '-';
	}
	range(r1, sizeof(r1), oldstart, oc);
	range(r2, sizeof(r2), newstart, nc);
	snprintf(head, sizeof(head), "@@ -%s +%s @@\n", r1, r2);
	sb_add(b, head, strlen(head));
	for (size_t i = a; i < e; i++) {
		char op[2] = { d[i].op, '\0' };

		sb_line(b, op, d[i].text);
	}
}

char *sm_plan_srcedit_diff(const struct srcfile *f)
{
	return sm_plan_srcedit_diff_named(f, f->path, f->path);
}

char *sm_plan_srcedit_diff_named(const struct srcfile *f, const char *from,
				 const char *to)
{
	struct sbuf b = { 0 };
	struct dline *d;
	size_t n, i = 0;

	d = diff_lines(f, &n);
	if (!d)
		return NULL;
	sb_line(&b, "--- ", from);
	sb_line(&b, "+++ ", to);
	while (i < n) {
		size_t a, e;

		while (i < n && d[i].op == ' ')
			i++;
		if (i == n)
			break;
		a = i > CONTEXT ? i - CONTEXT : 0;
		e = i;
		/* take changes closer than 2 * CONTEXT lines into the hunk */
		for (;;) {
			size_t g;

			while (e < n && d[e].op != ' ')
				e++;
			for (g = e; g < n && d[g].op == ' ' &&
				    g - e <= 2 * CONTEXT; g++)
				;
			if (g < n && d[g].op != ' ' && g - e <= 2 * CONTEXT)
				e = g;
			else
				break;
		}
		e = e + CONTEXT < n ? e + CONTEXT : n;
		hunk(&b, d, a, e);
		i = e;
	}
	free(d);
	return sb_done(&b);
}
