// SPDX-License-Identifier: MIT
/*
 * srccells.c - a property's cells as written in the source: `name =
 * <a b c d>;`, possibly over several lines and <...> groups, with
 * comments, macros (`SZ_1M`) and expressions (`(2 * SZ_1M)`) as cells.
 * The editor replaces only the cells whose value changes, so a macro
 * the edit does not touch survives, and so does every blank.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcedit.h"

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == ',' || c == '.' || c == '_' ||
	       c == '+' || c == '-' || c == '#' || c == '?';
}

/* Where "name =" starts on @text, or -1. */
static long find_name(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
		const char *q = p + n;

		if (p > text && is_name_char(p[-1]))
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '=')
			return (long)(q + 1 - text);
	}
	return -1;
}

/* Parse a literal cell; false for macros and expressions. */
static bool parse_literal(const char *s, size_t len, uint64_t *v, bool *dec)
{
	char buf[40], *end;

	if (!len || len >= sizeof(buf) || !isdigit((unsigned char)s[0]))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*dec = !(len > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) &&
	       !(len > 1 && s[0] == '0');
	*v = strtoull(buf, &end, 0);
	while (*end == 'U' || *end == 'L' || *end == 'u' || *end == 'l')
		end++;
	return *end == '\0';
}

static int add_cell(struct src_prop *p, int line, const char *text,
		    size_t start, size_t end)
{
	struct src_cell *c = realloc(p->cells, (p->n + 1) * sizeof(*c));

	if (!c)
		return -ENOMEM;
	p->cells = c;
	c = &c[p->n++];
	memset(c, 0, sizeof(*c));
	c->line = line;
	c->start = start;
	c->end = end;
	c->literal = parse_literal(text + start, end - start, &c->value,
				   &c->decimal);
	return 0;
}

/* The scanner's state across lines. */
struct scan {
	int in_angle;	/* inside <...> */
	bool in_comment;
	bool done;	/* reached the ';' */
	int depth;	/* parentheses inside a cell */
	long tok;	/* start of the current cell, or -1 */
};

/* Scan one line from @i; cells go to @p. */
static int scan_line(struct scan *st, const char *t, size_t i, int line,
		     struct src_prop *p)
{
	for (; t[i] && !st->done; i++) {
		char c = t[i];

		if (st->in_comment) {
			if (c == '*' && t[i + 1] == '/') {
				st->in_comment = false;
				i++;
			}
			continue;
		}
		if (c == '/' && t[i + 1] == '*') {
			st->in_comment = true;
			i++;
			continue;
		}
		if (c == '/' && t[i + 1] == '/')
			break;
		if (!st->in_angle) {
			if (c == '"')
				while (t[i + 1] && t[++i] != '"')
					i += t[i] == '\\';
			else if (c == '/' && !strncmp(t + i, "/bits/", 6))
				return -ENOTSUP;
			st->in_angle = c == '<';
			st->done = c == ';';
			continue;
		}
		if (st->tok < 0 && !isspace((unsigned char)c) && c != '>')
			st->tok = (long)i;
		st->depth += (c == '(') - (c == ')');
		if (st->tok >= 0 && !st->depth &&
		    (isspace((unsigned char)t[i + 1]) || t[i + 1] == '>' ||
		     !t[i + 1])) {
			if (add_cell(p, line, t, (size_t)st->tok, i + 1))
				return -ENOMEM;
			st->tok = -1;
		}
		if (c == '>')
			st->in_angle = false;
	}
	return 0;
}

int sm_plan_src_prop_find(const struct srcfile *f, int line, int end_line,
			  const char *name, struct src_prop *out)
{
	struct scan st = { .tok = -1 };
	const char *t = sm_plan_srcedit_line(f, line);
	long at = t ? find_name(t, name) : -1;
	int err = 0;

	memset(out, 0, sizeof(*out));
	if (at < 0)
		return -ENOENT;
	for (int l = line; !err && !st.done && (l <= end_line || l < line + 64);
	     l++) {
		t = sm_plan_srcedit_line(f, l);
		if (!t)
			break;
		err = scan_line(&st, t, l == line ? (size_t)at : 0, l, out);
	}
	if (!err && !st.done)
		err = -EINVAL;
	if (err)
		sm_plan_src_prop_free(out);
	return err;
}

void sm_plan_src_prop_free(struct src_prop *p)
{
	free(p->cells);
	memset(p, 0, sizeof(*p));
}

/* Replace one cell's text on its line. */
static int replace_cell(struct srcfile *f, const struct src_cell *c,
			uint32_t v)
{
	const char *t = sm_plan_srcedit_line(f, c->line);
	char num[24], *n;
	size_t len;
	int err;

	if (c->literal && c->decimal)
		snprintf(num, sizeof(num), "%" PRIu32, v);
	else
		snprintf(num, sizeof(num), "0x%" PRIx32, v);
	len = strlen(t) - (c->end - c->start) + strlen(num);
	n = malloc(len + 1);
	if (!n)
		return -ENOMEM;
	memcpy(n, t, c->start);
	memcpy(n + c->start, num, strlen(num));
	strcpy(n + c->start + strlen(num), t + c->end);
	err = sm_plan_srcedit_set_line(f, c->line, n);
	free(n);
	return err;
}

/*
 * Cells first .. first + n - 1 of @p hold @old; write @now, touching only
 * the cells that differ (last first, so offsets stay valid).
 */
int sm_plan_src_prop_set_cells(struct srcfile *f, const struct src_prop *p,
			       size_t first, const uint32_t *old, const uint32_t *now,
			       size_t n)
{
	if (first + n > p->n)
		return -EINVAL;
	for (size_t k = n; k-- > 0;) {
		int err;

		if (old[k] == now[k])
			continue;
		err = replace_cell(f, &p->cells[first + k], now[k]);
		if (err)
			return err;
	}
	return 0;
}
