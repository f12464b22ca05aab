// SPDX-License-Identifier: MIT
/*
 * carve_override.c - edits that land in the board's own file.
 *
 * A node a SoC .dtsi defines is shared by every board that includes it;
 * a board changes it the way upstream board files do, in the top-level
 * file: `&label { reg = <...>; };` for a property, `/delete-node/ &label;`
 * for a removal, a new node under `&reserved_memory { ... };` (or
 * `/ { reserved-memory { ... }; };` when the node has no label). A node
 * without a label is named by path, `&{/reserved-memory/x@1000}`.
 * Everything is appended at the end of the top-level file, after every
 * include, so that it overrides what the includes wrote.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carve.h"

static bool same_file(struct carve *c, const char *file)
{
	char rp[PATH_MAX];

	if (!strcmp(file, c->top->path))
		return true;
	return realpath(file, rp) && !strcmp(rp, c->top_real);
}

int sm_plan_carve_open(struct carve *c, const char *file, struct srcfile **f)
{
	if (c->top && same_file(c, file)) {
		*f = c->top;
		return 0;
	}
	return sm_plan_srcedit_open(&c->se, file, f, c->diag);
}

int sm_plan_carve_open_top(struct carve *c)
{
	const char *path = c->b->dt->path;
	int err = sm_plan_srcedit_open(&c->se, path, &c->top, c->diag);

	if (err)
		return err;
	if (!realpath(path, c->top_real))
		snprintf(c->top_real, sizeof(c->top_real), "%s", path);
	return 0;
}

bool sm_plan_carve_in_top(struct carve *c, const char *file)
{
	return same_file(c, file);
}

/* "&camera_mem" or "&{/reserved-memory/camera@8bf00000}" */
void sm_plan_carve_node_ref(struct carve *c, const char *path, char *buf,
			    size_t len)
{
	const char *l = sm_dt_path_label(c->b->dt, path);

	if (l)
		snprintf(buf, len, "&%s", l);
	else
		snprintf(buf, len, "&{%s}", path);
}

/* Lines at the end of the top-level file, after a blank line. */
static int append(struct carve *c, const char *const *lines, size_t n)
{
	struct srcfile *f = c->top;
	int end = (int)f->nlines + 1;
	const char *last = sm_plan_srcedit_line(f, (int)f->nlines);

	if (!c->appended && last && last[strspn(last, " \t\r")] &&
	    sm_plan_srcedit_insert_before(f, end, ""))
		return -ENOMEM;
	if (c->appended && sm_plan_srcedit_insert_before(f, end, ""))
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (sm_plan_srcedit_insert_before(f, end, lines[i]))
			return -ENOMEM;
	c->appended = true;
	return 0;
}

/* The last block of @path the top-level file writes whose "};" is alone. */
static const struct sm_srcpos *top_block(struct carve *c, const char *path)
{
	const struct sm_srcpos *pos, *best = NULL;
	size_t n = sm_dt_node_positions(c->b->dt, path, &pos);

	for (size_t i = 0; i < n; i++)
		if (sm_plan_carve_in_top(c, pos[i].file) &&
		    sm_plan_carve_closes_alone(sm_plan_srcedit_line(c->top, pos[i].end_line)))
			best = &pos[i];
	return best;
}

int sm_plan_carve_override_prop(struct carve *c, const char *path,
				const char *prop, const char *value)
{
	const struct sm_srcpos *blk = top_block(c, path);
	char ref[300], line[512], ws[64];
	const char *lines[3];

	snprintf(line, sizeof(line), "\t%s = %s;", prop, value);
	if (blk) {
		/* the board already extends the node: add the property there */
		sm_plan_carve_leading_ws(sm_plan_srcedit_line(c->top, blk->end_line), ws,
					 sizeof(ws));
		snprintf(line, sizeof(line), "%s\t%s = %s;", ws, prop, value);
		return sm_plan_srcedit_insert_before(c->top, blk->end_line, line);
	}
	sm_plan_carve_node_ref(c, path, ref, sizeof(ref));
	strcat(ref, " {");
	lines[0] = ref;
	lines[1] = line;
	lines[2] = "};";
	return append(c, lines, 3);
}

int sm_plan_carve_override_delete(struct carve *c, const char *path)
{
	const struct sm_srcpos *pos;
	size_t n = sm_dt_node_positions(c->b->dt, path, &pos);
	char ref[300], line[320];
	const char *lines[1] = { line };

	/* the board's own extensions of the node go with it */
	for (size_t i = 0; i < n; i++)
		if (sm_plan_carve_in_top(c, pos[i].file) &&
		    sm_plan_carve_closes_alone(sm_plan_srcedit_line(c->top, pos[i].end_line)) &&
		    sm_plan_carve_opens_alone(sm_plan_srcedit_line(c->top, pos[i].line),
					      strrchr(path, '/') + 1))
			sm_plan_carve_delete_block(c->top, pos[i].line,
						   pos[i].end_line);
	sm_plan_carve_node_ref(c, path, ref, sizeof(ref));
	snprintf(line, sizeof(line), "/delete-node/ %s;", ref);
	return append(c, lines, 1);
}

/*
 * A new node for /reserved-memory when the top-level file writes no
 * block of it: @body as sm_plan_carve_insert_node() takes it.
 */
int sm_plan_carve_override_insert(struct carve *c, const char *const *body,
				  size_t n)
{
	const char *l = sm_dt_path_label(c->b->dt, "/reserved-memory");
	char **lines = calloc(n + 4, sizeof(*lines));
	const char *ind = l ? "\t" : "\t\t";
	size_t k = 0;
	int err = -ENOMEM;

	if (!lines)
		return -ENOMEM;
	if (l && asprintf(&lines[k++], "&%s {", l) < 0)
		goto out_undef;
	if (!l && (!(lines[k++] = strdup("/ {")) ||
		   !(lines[k++] = strdup("\treserved-memory {"))))
		goto out;
	for (size_t i = 0; i < n; i++) {
		bool edge = i == 0 || i == n - 1;

		if (asprintf(&lines[k++], "%s%s%s", ind, edge ? "" : "\t",
			     body[i]) < 0)
			goto out_undef;
	}
	if (!l && !(lines[k++] = strdup("\t};")))
		goto out;
	if (!(lines[k++] = strdup("};")))
		goto out;
	err = append(c, (const char *const *)lines, k);
	goto out;
out_undef:
	lines[k - 1] = NULL; /* a failed asprintf() leaves it undefined */
out:
	for (size_t i = 0; i < k; i++)
		free(lines[i]);
	free(lines);
	return err;
}
