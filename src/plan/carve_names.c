// SPDX-License-Identifier: MIT
/*
 * carve_names.c - the names `carve` reads and writes: a node argument
 * (a path, a label with or without '&', or a name unique under
 * /reserved-memory with or without its unit address), the closest names
 * when it matches none, and a free name and label for a new node.
 *
 * A label must be unique in the whole tree (dtc refuses a duplicate, and
 * an overlay's __symbols__ would hold two), so a new one is checked
 * against every label of the sources and every __symbols__ entry; a node
 * name only against its siblings, the only place dtc requires it unique.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "carve.h"

/* ---- resolving a node argument ------------------------------------ */

/* A child of /reserved-memory by name, name without unit address. */
static int child_by_name(struct carve *c, const char *name, char *path,
			 size_t len)
{
	const void *fdt = c->b->dt->blob;
	int child, found = -1, hits = 0;
	char bn[128];

	fdt_for_each_subnode(child, fdt, c->rmem) {
		const char *n = fdt_get_name(fdt, child, NULL);

		if (!strcmp(n, name)) {
			found = child;
			hits = 1;
			break;
		}
		sm_plan_base_name(n, bn, sizeof(bn));
		if (!strcmp(bn, name)) {
			found = child;
			hits++;
		}
	}
	if (hits > 1)
		return sm_dt_diag_set(c->diag, -ENOENT,
				      "%s: more than one /reserved-memory node has that name; give the full path",
				      name);
	if (found < 0 || sm_dt_node_path(c->b->dt, found, path, len))
		return -ENOENT;
	return 0;
}

/* Levenshtein distance of two short strings (capped at 63 chars). */
static unsigned int distance(const char *a, const char *b)
{
	unsigned int row[64], la = (unsigned int)strlen(a);
	unsigned int lb = (unsigned int)strlen(b);

	if (la > 63)
		la = 63;
	if (lb > 63)
		lb = 63;
	for (unsigned int j = 0; j <= lb; j++)
		row[j] = j;
	for (unsigned int i = 1; i <= la; i++) {
		unsigned int diag = row[0];

		row[0] = i;
		for (unsigned int j = 1; j <= lb; j++) {
			unsigned int up = row[j];
			unsigned int best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

struct near {
	char name[3][96];
	unsigned int d[3];
	size_t n;
};

/* Keep @cand among the three names closest to @want (ties: first seen). */
static void consider(struct near *nr, const char *want, const char *cand)
{
	unsigned int d = distance(want, cand);
	size_t k;

	for (k = 0; k < nr->n; k++)
		if (!strcmp(nr->name[k], cand))
			return;
	if (nr->n == 3 && d >= nr->d[2])
		return;
	k = nr->n < 3 ? nr->n++ : 2;
	for (; k > 0 && nr->d[k - 1] > d; k--) {
		nr->d[k] = nr->d[k - 1];
		memcpy(nr->name[k], nr->name[k - 1], sizeof(nr->name[k]));
	}
	nr->d[k] = d;
	snprintf(nr->name[k], sizeof(nr->name[k]), "%s", cand);
}

/* "camra-mem: no such node ...; closest: camera-mem, ..." */
static int unknown_node(struct carve *c, const char *name)
{
	const void *fdt = c->b->dt->blob;
	const char *want = name[0] == '&' ? name + 1 : name, *l, *lp;
	struct near nr = { .n = 0 };
	char bn[128];
	int child;

	fdt_for_each_subnode(child, fdt, c->rmem) {
		sm_plan_base_name(fdt_get_name(fdt, child, NULL), bn,
				  sizeof(bn));
		consider(&nr, want, strchr(want, '@') ?
			 fdt_get_name(fdt, child, NULL) : bn);
	}
	for (size_t i = 0; (l = sm_dt_label_nth(c->b->dt, i, &lp)); i++)
		if (!strncmp(lp, "/reserved-memory/", 17))
			consider(&nr, want, l);
	return sm_dt_diag_set(c->diag, -ENOENT,
			      "%s: no such node in /reserved-memory (a name, a path or a label)%s%s%s%s%s%s",
			      name, nr.n ? "; closest: " : "",
			      nr.n ? nr.name[0] : "", nr.n > 1 ? ", " : "",
			      nr.n > 1 ? nr.name[1] : "", nr.n > 2 ? ", " : "",
			      nr.n > 2 ? nr.name[2] : "");
}

/*
 * A path; "&label"; or a bare word: a name under /reserved-memory first
 * (with or without unit address), then a label ("gpu" is a reserved
 * region's name on some SoCs and the GPU's label on the same tree).
 */
int sm_plan_carve_resolve(struct carve *c, const char *name, char *path,
			  size_t len)
{
	bool amp = name[0] == '&';
	const char *want = amp ? name + 1 : name;
	const char *lp = want[0] == '/' ? NULL :
			 sm_dt_label_path(c->b->dt, want);
	int err;

	c->diag->msg[0] = '\0';
	if (!amp && want[0] != '/') {
		err = child_by_name(c, want, path, len);
		if (err != -ENOENT || c->diag->msg[0])
			return err;
	}
	if (want[0] == '/' || lp) {
		snprintf(path, len, "%s", lp ? lp : want);
		if (fdt_path_offset(c->b->dt->blob, path) < 0)
			return unknown_node(c, name);
		return 0;
	}
	return unknown_node(c, name);
}

/* ---- names for a new node ------------------------------------------ */

/* Which node a label names: the sources', or the blob's __symbols__. */
static const char *label_user(struct carve *c, const char *label)
{
	const void *fdt = c->b->dt->blob;
	const char *p = sm_dt_label_path(c->b->dt, label);
	int sym;

	if (p)
		return p;
	sym = fdt_path_offset(fdt, "/__symbols__");
	if (sym >= 0 && (p = fdt_getprop(fdt, sym, label, NULL)))
		return p;
	return NULL;
}

/* Does a child of /reserved-memory have base name @name? */
static bool name_taken(struct carve *c, const char *name)
{
	const void *fdt = c->b->dt->blob;
	char bn[128];
	int child;

	fdt_for_each_subnode(child, fdt, c->rmem) {
		sm_plan_base_name(fdt_get_name(fdt, child, NULL), bn,
				  sizeof(bn));
		if (!strcmp(bn, name))
			return true;
	}
	return false;
}

static bool valid_label(const char *l)
{
	if (!isalpha((unsigned char)*l) && *l != '_')
		return false;
	for (; *l; l++)
		if (!isalnum((unsigned char)*l) && *l != '_')
			return false;
	return true;
}

/*
 * The new node's name: the one asked for, or the first "NAME_N" no
 * sibling has (and a note saying so).
 */
int sm_plan_carve_new_name(struct carve *c, char *buf, size_t len)
{
	const char *n = c->req->node;

	snprintf(buf, len, "%s", n);
	for (unsigned int k = 1; name_taken(c, buf); k++) {
		if (k > 999)
			return sm_dt_diag_set(c->diag, -EEXIST,
					      "%s: no free node name", n);
		snprintf(buf, len, "%s_%u", n, k);
	}
	if (strcmp(buf, n))
		sm_dt_warn(c->notes,
			   "a node named %s is already in /reserved-memory: the new one is %s",
			   n, buf);
	return 0;
}

/*
 * The new node's label: --label (which must be free), else NAME with
 * "_mem" appended unless it ends so, the guide's convention, or the
 * first "LABEL_N" free in the whole tree (and a note saying so).
 */
int sm_plan_carve_new_label(struct carve *c, char *buf, size_t len)
{
	const char *n = c->req->node, *user;
	size_t l = strlen(n), base;

	if (c->req->label)
		snprintf(buf, len, "%s", c->req->label);
	else
		snprintf(buf, len, "%s%s", n,
			 l >= 4 && !strcmp(n + l - 4, "_mem") ? "" : "_mem");
	for (char *p = buf; *p; p++)
		if (*p == '-' || *p == ',' || *p == '.' || *p == '+')
			*p = '_';
	if (!valid_label(buf))
		return sm_dt_diag_set(c->diag, -EINVAL,
				      "%s: not a valid label (give one with --label)",
				      buf);
	user = label_user(c, buf);
	if (user && c->req->label)
		return sm_dt_diag_set(c->diag, -EEXIST,
				      "--label %s: the label is taken by %s",
				      buf, user);
	if (!user)
		return 0;
	base = strlen(buf);
	for (unsigned int k = 1; label_user(c, buf); k++) {
		if (k > 999 || base + 5 >= len)
			return sm_dt_diag_set(c->diag, -EEXIST,
					      "label %.*s is taken; give one with --label",
					      (int)base, buf);
		snprintf(buf + base, len - base, "_%u", k);
	}
	sm_dt_warn(c->notes,
		   "label %.*s is taken by %s: the new node's label is %s (--label chooses another)",
		   (int)base, buf, user, buf);
	return 0;
}
