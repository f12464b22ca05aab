// SPDX-License-Identifier: MIT
/*
 * carve_src.c - finding a node's text in the sources and changing it.
 *
 * dtc's source map (`dtc -O dts -T -T`) gives every place a node was
 * written and where each property got its value, by file and line; the
 * columns are those of cpp's output, so the text on a line is searched
 * here. A node is renamed where it is defined (its name is written only
 * there), a property changed where its value was set (a board file may
 * override a .dtsi), and a node removed everywhere it was written.
 * By default (c->override) what an included file wrote is not edited:
 * carve_override.c writes an override in the top-level file instead.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "carve.h"

void sm_plan_carve_leading_ws(const char *line, char *buf, size_t len)
{
	size_t n = strspn(line, " \t");

	if (n >= len)
		n = len - 1;
	memcpy(buf, line, n);
	buf[n] = '\0';
}

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || strchr(",._+-@#", c);
}

/* Where @name is written on @t as a node name (followed by "{"), or -1. */
static long find_node_name(const char *t, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(t, name); p; p = strstr(p + 1, name)) {
		const char *q = p + n;

		if ((p > t && name_char(p[-1])) || name_char(*q))
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '{' || *q == '\0')
			return (long)(p - t);
	}
	return -1;
}

static const char *node_name(const char *path)
{
	return strrchr(path, '/') + 1;
}

/* The position among @path's that writes its name. */
int sm_plan_carve_node_def(struct carve *c, const char *path,
			   struct node_src *ns)
{
	const struct sm_srcpos *pos;
	size_t n = sm_dt_node_positions(c->b->dt, path, &pos);

	for (size_t i = 0; i < n; i++) {
		struct srcfile *f;
		int err = sm_plan_carve_open(c, pos[i].file, &f);

		if (err)
			return err;
		for (int l = pos[i].line; l >= pos[i].line - 1 && l > 0; l--) {
			const char *t = sm_plan_srcedit_line(f, l);

			if (t && find_node_name(t, node_name(path)) >= 0) {
				ns->f = f;
				ns->header = l;
				ns->end = pos[i].end_line;
				return 0;
			}
		}
	}
	return sm_dt_diag_set(c->diag, -ENOTSUP,
			      "%s: cannot find where the node is defined in the sources",
			      path);
}

/* Split @v into @cells big-endian 32-bit cells (the low ones kept). */
static void to_cells(uint64_t v, unsigned int cells, uint32_t *out)
{
	for (unsigned int i = cells; i-- > 0; v >>= 32)
		out[i] = (uint32_t)v;
}

/* "<0x0 0x8bf00000 0x0 0x800000>": @raw with cells [first, +n) now @now */
static int override_cells(struct carve *c, const char *path,
			  const char *prop, const uint8_t *raw, size_t ncells,
			  size_t first, const uint32_t *now, size_t n)
{
	char *text = malloc(ncells * 12 + 3);
	size_t o = 0;
	int err;

	if (!text)
		return -ENOMEM;
	text[o++] = '<';
	for (size_t k = 0; k < ncells; k++) {
		uint32_t v = k >= first && k < first + n ? now[k - first] :
			     (uint32_t)sm_dt_read_cells(raw + k * 4, 1);

		o += (size_t)sprintf(text + o, "%s0x%" PRIx32, k ? " " : "", v);
	}
	strcpy(text + o, ">");
	err = sm_plan_carve_override_prop(c, path, prop, text);
	free(text);
	return err;
}

/*
 * Set values @vals (each @cells[k] cells wide) of property @prop of
 * @path, starting at cell @first, where the property's value is written.
 */
int sm_plan_carve_set_prop_cells(struct carve *c, const char *path,
				 const char *prop,
				 size_t first, const uint64_t *vals,
				 const unsigned int *cells, size_t nvals)
{
	const struct sm_srcpos *pos = sm_dt_prop_pos(c->b->dt, path, prop);
	int node = fdt_path_offset(c->b->dt->blob, path), len, err;
	const uint8_t *raw = sm_dt_prop(c->b->dt->blob, node, prop, &len);
	uint32_t old[16], now[16];
	size_t total = 0;
	struct src_prop sp;
	struct srcfile *f;

	for (size_t k = 0; k < nvals; k++) {
		to_cells(vals[k], cells[k], now + total);
		total += cells[k];
	}
	if (!pos || !raw || (size_t)len < (first + total) * 4 || total > 16)
		return sm_dt_diag_set(c->diag, -ENOTSUP, "%s: no %s to change",
				      path, prop);
	for (size_t k = 0; k < total; k++)
		old[k] = (uint32_t)sm_dt_read_cells(raw + (first + k) * 4, 1);
	if (c->override && !sm_plan_carve_in_top(c, pos->file))
		return override_cells(c, path, prop, raw, (size_t)len / 4,
				      first, now, total);
	err = sm_plan_carve_open(c, pos->file, &f);
	if (err)
		return err;
	err = sm_plan_src_prop_find(f, pos->line, pos->end_line, prop, &sp);
	if (!err && sp.n != (size_t)len / 4)
		err = -ENOTSUP; /* a macro stands for several cells */
	if (!err)
		err = sm_plan_src_prop_set_cells(f, &sp, first, old, now, total);
	sm_plan_src_prop_free(&sp);
	if (err == -ENOTSUP || err == -ENOENT || err == -EINVAL)
		return sm_dt_diag_set(c->diag, -ENOTSUP,
				      "%s:%d: %s of %s is written in a way socmem does not edit safely (a macro for several cells, /bits/); change it by hand",
				      pos->file, pos->line, prop, path);
	return err;
}

int sm_plan_carve_rename(struct carve *c, const char *path,
			 const char *new_name)
{
	const char *old = node_name(path);
	struct node_src ns;
	const char *t;
	char *n;
	long at;
	int err = sm_plan_carve_node_def(c, path, &ns);

	if (err)
		return err;
	t = sm_plan_srcedit_line(ns.f, ns.header);
	at = find_node_name(t, old);
	n = malloc(strlen(t) + strlen(new_name) + 1);
	if (!n)
		return -ENOMEM;
	memcpy(n, t, (size_t)at);
	strcpy(n + at, new_name);
	strcat(n, t + at + strlen(old));
	err = sm_plan_srcedit_set_line(ns.f, ns.header, n);
	free(n);
	return err;
}

static bool blank(const char *t)
{
	return t && !t[strspn(t, " \t\r")];
}

/* The "};" line: nothing but the brace (and blanks or a comment). */
bool sm_plan_carve_closes_alone(const char *t)
{
	t += strspn(t, " \t");
	if (strncmp(t, "};", 2))
		return false;
	t += 2 + strspn(t + 2, " \t\r");
	return !*t || !strncmp(t, "/*", 2) || !strncmp(t, "//", 2);
}

/* The line starts with the node (labels allowed before it), nothing else. */
bool sm_plan_carve_opens_alone(const char *t, const char *name)
{
	t += strspn(t, " \t");
	for (;;) {
		size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyz"
				     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

		if (!n || t[n] != ':')
			break;
		t += n + 1;
		t += strspn(t, " \t");
	}
	return *t == '&' || !strncmp(t, name, strlen(name));
}

/* Delete lines [from, to], and a blank line above left doubled. */
void sm_plan_carve_delete_block(struct srcfile *f, int from, int to)
{
	const char *after = sm_plan_srcedit_line(f, to + 1);

	for (int l = from; l <= to; l++)
		sm_plan_srcedit_delete(f, l);
	if (blank(sm_plan_srcedit_line(f, from - 1)) &&
	    (!after || blank(after) || sm_plan_carve_closes_alone(after)))
		sm_plan_srcedit_delete(f, from - 1);
}

int sm_plan_carve_delete_node(struct carve *c, const char *path)
{
	const struct sm_srcpos *pos;
	size_t n = sm_dt_node_positions(c->b->dt, path, &pos);
	struct node_src def;
	int err = sm_plan_carve_node_def(c, path, &def);

	if (err)
		return err;
	if (c->override && def.f != c->top)
		return sm_plan_carve_override_delete(c, path);
	for (size_t i = 0; i < n; i++) {
		struct srcfile *f;
		int from = pos[i].line;

		err = sm_plan_carve_open(c, pos[i].file, &f);
		if (err)
			return err;
		if (f == def.f && pos[i].end_line == def.end)
			from = def.header;
		if (!sm_plan_carve_closes_alone(sm_plan_srcedit_line(f, pos[i].end_line)) ||
		    !sm_plan_carve_opens_alone(sm_plan_srcedit_line(f, from), node_name(path)))
			return sm_dt_diag_set(c->diag, -ENOTSUP,
					      "%s:%d: %s shares its lines with other text; remove it by hand",
					      f->path, from, path);
		sm_plan_carve_delete_block(f, from, pos[i].end_line);
	}
	return 0;
}

/* ---- adding a node at the end of /reserved-memory ---------------------- */

struct rmem_block {
	const struct sm_srcpos *pos;	/* the last block of /reserved-memory */
	struct srcfile *f;
	char child_ws[160];
	char prop_ws[240];
	bool blank_before;
};

/* The last child written inside @blk, to copy its layout. */
static void last_child_layout(struct carve *c, struct rmem_block *blk)
{
	const void *fdt = c->b->dt->blob;
	int child, best = 0;
	char path[256];

	fdt_for_each_subnode(child, fdt, c->rmem) {
		const struct sm_srcpos *pos;
		size_t n;

		if (sm_dt_node_path(c->b->dt, child, path, sizeof(path)))
			continue;
		n = sm_dt_node_positions(c->b->dt, path, &pos);
		for (size_t i = 0; i < n; i++) {
			const char *t;

			if (strcmp(pos[i].file, blk->pos->file) ||
			    pos[i].line <= best || pos[i].line <= blk->pos->line ||
			    pos[i].end_line >= blk->pos->end_line)
				continue;
			best = pos[i].line;
			sm_plan_carve_leading_ws(sm_plan_srcedit_line(blk->f, best),
						 blk->child_ws, sizeof(blk->child_ws));
			blk->blank_before = blank(sm_plan_srcedit_line(blk->f,
								best - 1));
			t = sm_plan_srcedit_line(blk->f, best + 1);
			if (t && pos[i].end_line > best + 1)
				sm_plan_carve_leading_ws(t, blk->prop_ws,
							 sizeof(blk->prop_ws));
		}
	}
}

static int find_rmem_block(struct carve *c, struct rmem_block *blk)
{
	const struct sm_srcpos *pos;
	size_t n = sm_dt_node_positions(c->b->dt, "/reserved-memory", &pos);
	char end_ws[64];
	size_t el;
	int err;

	if (!n)
		return sm_dt_diag_set(c->diag, -ENOTSUP,
				      "cannot find /reserved-memory in the sources");
	/* by default, the last block the top-level file writes */
	while (c->override && n && !sm_plan_carve_in_top(c, pos[n - 1].file))
		n--;
	if (!n)
		return -ENOENT;
	blk->pos = &pos[n - 1];
	err = sm_plan_carve_open(c, blk->pos->file, &blk->f);
	if (err)
		return err;
	if (!sm_plan_carve_closes_alone(sm_plan_srcedit_line(blk->f, blk->pos->end_line)))
		return sm_dt_diag_set(c->diag, -ENOTSUP,
				      "%s:%d: /reserved-memory's \"};\" shares its line with other text; add the node by hand",
				      blk->f->path, blk->pos->end_line);
	sm_plan_carve_leading_ws(sm_plan_srcedit_line(blk->f, blk->pos->end_line), end_ws,
				 sizeof(end_ws));
	snprintf(blk->child_ws, sizeof(blk->child_ws), "%s\t", end_ws);
	last_child_layout(c, blk);
	el = strlen(end_ws);
	/* one level deeper than the child, as the child is to its parent */
	if (!blk->prop_ws[0]) {
		const char *unit = strlen(blk->child_ws) > el &&
				   !strncmp(blk->child_ws, end_ws, el) ?
				   blk->child_ws + el : "\t";

		snprintf(blk->prop_ws, sizeof(blk->prop_ws), "%s%s",
			 blk->child_ws, unit);
	}
	return 0;
}

/*
 * Insert a node at the end of /reserved-memory. @body: the header line,
 * the property lines and "};", without indentation ("" for no line).
 */
int sm_plan_carve_insert_node(struct carve *c, const char *const *body,
			      size_t n)
{
	struct rmem_block blk;
	char line[512];
	int err, at;

	memset(&blk, 0, sizeof(blk));
	err = find_rmem_block(c, &blk);
	if (err == -ENOENT)
		return sm_plan_carve_override_insert(c, body, n);
	if (err)
		return err;
	at = blk.pos->end_line;
	if (blk.blank_before && sm_plan_srcedit_insert_before(blk.f, at, ""))
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		bool edge = i == 0 || i == n - 1;

		snprintf(line, sizeof(line), "%s%s",
			 edge ? blk.child_ws : blk.prop_ws, body[i]);
		if (sm_plan_srcedit_insert_before(blk.f, at, line))
			return -ENOMEM;
	}
	return 0;
}
