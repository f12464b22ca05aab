// SPDX-License-Identifier: MIT
/*
 * dt_srcmap.c - where each node and property of a DTS was written.
 *
 * dtc itself knows: `dtc -O dts -T -T` prints the compiled tree with a
 * trailing comment on every node and property line giving its source
 * position ("file:line:col-line:col"; several, comma-separated, when a
 * node was extended in more than one place). We read that output - dtc's
 * own regular format, not the user's source - and keep a path -> position
 * table. A node written in several places (defined, then extended with
 * `&label { ... };`) keeps every position, in source order, so the edit
 * tools can find the file to change; labels map back to paths too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <socmem/dt.h>

#include "internal.h"

struct srcmap_entry {
	char *path;	/* node path */
	char *prop;	/* property name, NULL for the node itself */
	struct sm_srcpos pos;	/* the first position */
	struct sm_srcpos *all;	/* every position, in source order */
	size_t nall;
};

struct srcmap_label {
	char *label;
	char *path;
};

struct sm_srcmap {
	struct srcmap_entry *e;
	size_t n;
	size_t cap;
	char **files;	/* interned file names */
	size_t nfiles;
	struct srcmap_label *labels;
	size_t nlabels;
};

static const char *intern_file(struct sm_srcmap *m, const char *name,
			       size_t len)
{
	char **f;

	for (size_t i = 0; i < m->nfiles; i++)
		if (strlen(m->files[i]) == len &&
		    !memcmp(m->files[i], name, len))
			return m->files[i];
	f = realloc(m->files, (m->nfiles + 1) * sizeof(*f));
	if (!f)
		return NULL;
	m->files = f;
	f[m->nfiles] = strndup(name, len);
	return f[m->nfiles] ? f[m->nfiles++] : NULL;
}

/* Parse one "file:L:C-L:C". */
static int parse_pos(struct sm_srcmap *m, const char *s, size_t len,
		     struct sm_srcpos *pos)
{
	const char *dash, *c1, *c2;

	while (len && s[0] == ' ') {
		s++;
		len--;
	}
	while (len && s[len - 1] == ' ')
		len--;
	dash = NULL;
	for (size_t i = len; i > 0; i--)
		if (s[i - 1] == '-') {
			dash = s + i - 1;
			break;
		}
	if (!dash)
		return -EINVAL;
	if (sscanf(dash + 1, "%d:%d", &pos->end_line, &pos->end_col) != 2)
		return -EINVAL;
	/* file:L:C before the dash: the last two colons */
	c2 = NULL;
	c1 = NULL;
	for (const char *p = dash; p > s; p--)
		if (p[-1] == ':') {
			if (!c2)
				c2 = p - 1;
			else {
				c1 = p - 1;
				break;
			}
		}
	if (!c1 || sscanf(c1 + 1, "%d:%d", &pos->line, &pos->col) != 2)
		return -EINVAL;
	pos->file = intern_file(m, s, (size_t)(c1 - s));
	return pos->file ? 0 : -ENOMEM;
}

/* Parse "file:L:C-L:C, file:L:C-L:C, ..." into a new array. */
static int parse_pos_list(struct sm_srcmap *m, const char *s, size_t len,
			  struct sm_srcpos **all, size_t *n)
{
	struct sm_srcpos *v = NULL;
	size_t k = 0;

	while (len) {
		const char *comma = memchr(s, ',', len);
		size_t l = comma ? (size_t)(comma - s) : len;
		struct sm_srcpos *nv = realloc(v, (k + 1) * sizeof(*v));

		if (!nv) {
			free(v);
			return -ENOMEM;
		}
		v = nv;
		if (parse_pos(m, s, l, &v[k])) {
			free(v);
			return -EINVAL;
		}
		k++;
		s += comma ? l + 1 : l;
		len -= comma ? l + 1 : l;
	}
	if (!k)
		return -EINVAL;
	*all = v;
	*n = k;
	return 0;
}

static int add_label(struct sm_srcmap *m, const char *label, size_t len,
		     const char *path)
{
	struct srcmap_label *l = realloc(m->labels,
					 (m->nlabels + 1) * sizeof(*l));

	if (!l)
		return -ENOMEM;
	m->labels = l;
	l[m->nlabels].label = strndup(label, len);
	l[m->nlabels].path = strdup(path);
	if (!l[m->nlabels].label || !l[m->nlabels].path) {
		free(l[m->nlabels].label);
		free(l[m->nlabels].path);
		return -ENOMEM;
	}
	m->nlabels++;
	return 0;
}

/* "a: b: name {": every "label:" before the node name */
static int add_labels(struct sm_srcmap *m, const char *body, size_t nstart,
		      const char *path)
{
	size_t i = 0;

	while (i < nstart) {
		size_t s;

		while (i < nstart && body[i] == ' ')
			i++;
		s = i;
		while (i < nstart && body[i] != ' ')
			i++;
		if (i > s + 1 && body[i - 1] == ':' &&
		    add_label(m, body + s, i - s - 1, path))
			return -ENOMEM;
	}
	return 0;
}

static int add_entry(struct sm_srcmap *m, const char *path, const char *prop,
		     struct sm_srcpos *all, size_t nall)
{
	struct srcmap_entry *e;

	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;

		e = realloc(m->e, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		m->e = e;
		m->cap = cap;
	}
	e = &m->e[m->n];
	e->path = strdup(path);
	e->prop = prop ? strdup(prop) : NULL;
	if (!e->path || (prop && !e->prop)) {
		free(e->path);
		free(e->prop);
		free(all);
		return -ENOMEM;
	}
	e->pos = all[0];
	e->all = all;
	e->nall = nall;
	m->n++;
	return 0;
}

/* Append "/name" to @path (the root is "/"). */
static void path_push(char *path, size_t size, const char *name, size_t len)
{
	size_t l = strlen(path);

	if (!strcmp(path, "/") && len == 1 && name[0] == '/')
		return;
	if (l > 1 && l + 1 < size)
		path[l++] = '/';
	else if (l == 0 && l + 1 < size)
		path[l++] = '/';
	if (len == 1 && name[0] == '/')
		len = 0;
	if (l + len >= size)
		len = size - l - 1;
	memcpy(path + l, name, len);
	path[l + len] = '\0';
}

static void path_pop(char *path)
{
	char *slash = strrchr(path, '/');

	if (!slash)
		return;
	if (slash == path)
		path[1] = '\0';
	else
		*slash = '\0';
}

/* One line of dtc's annotated output. */
static int parse_line(struct sm_srcmap *m, char *line, char *path,
		      size_t psize, int *depth)
{
	char *cm = NULL, *end, *body = line;
	struct sm_srcpos *all;
	size_t blen, nall;

	/* the annotation is the last comment on the line */
	for (char *p = strstr(line, "/* "); p; p = strstr(p + 1, "/* "))
		cm = p;
	if (!cm || !(end = strstr(cm, " */")))
		return 0;
	while (*body == '\t' || *body == ' ')
		body++;
	blen = (size_t)(cm - body);
	while (blen && body[blen - 1] == ' ')
		blen--;
	if (blen >= 2 && !strncmp(body + blen - 2, "};", 2) && blen == 2) {
		if (*depth > 0) {
			(*depth)--;
			path_pop(path);
		}
		return 0;
	}
	if (parse_pos_list(m, cm + 3, (size_t)(end - cm - 3), &all, &nall))
		return 0;
	if (blen >= 1 && body[blen - 1] == '{') {
		/* "[label: ]... name {" */
		size_t nend = blen - 1, nstart;

		while (nend && body[nend - 1] == ' ')
			nend--;
		nstart = nend;
		while (nstart && body[nstart - 1] != ' ')
			nstart--;
		path_push(path, psize, body + nstart, nend - nstart);
		(*depth)++;
		if (add_labels(m, body, nstart, path)) {
			free(all);
			return -ENOMEM;
		}
		return add_entry(m, path, NULL, all, nall);
	}
	/* a property: "name = value;" or "name;" */
	{
		size_t n = 0;
		char name[256];

		while (n < blen && body[n] != ' ' && body[n] != ';' &&
		       n < sizeof(name) - 1)
			n++;
		memcpy(name, body, n);
		name[n] = '\0';
		if (!n || *depth == 0) {
			free(all);
			return 0;
		}
		return add_entry(m, path, name, all, nall);
	}
}

int sm_dt_srcmap_parse(const char *annotated, struct sm_srcmap **out)
{
	struct sm_srcmap *m = calloc(1, sizeof(*m));
	char *copy = strdup(annotated);
	char path[1024] = "";
	int depth = 0, err = 0;
	char *save = NULL;

	if (!m || !copy) {
		free(m);
		free(copy);
		return -ENOMEM;
	}
	for (char *l = strtok_r(copy, "\n", &save); l && !err;
	     l = strtok_r(NULL, "\n", &save))
		err = parse_line(m, l, path, sizeof(path), &depth);
	free(copy);
	if (err) {
		sm_dt_srcmap_free(m);
		return err;
	}
	*out = m;
	return 0;
}

int sm_dt_srcmap_rename_files(struct sm_srcmap *m,
			      char *(*fn)(const char *name, void *ctx), void *ctx)
{
	for (size_t i = 0; m && i < m->nfiles; i++) {
		char *n = fn(m->files[i], ctx);

		if (!n)
			continue;
		/* positions point at the interned string: rewrite in place */
		if (strlen(n) <= strlen(m->files[i])) {
			strcpy(m->files[i], n);
			free(n);
			continue;
		}
		for (size_t j = 0; j < m->n; j++) {
			struct srcmap_entry *e = &m->e[j];

			for (size_t k = 0; k < e->nall; k++)
				if (e->all[k].file == m->files[i])
					e->all[k].file = n;
			if (e->pos.file == m->files[i])
				e->pos.file = n;
		}
		free(m->files[i]);
		m->files[i] = n;
	}
	return 0;
}

void sm_dt_srcmap_free(struct sm_srcmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->e[i].path);
		free(m->e[i].prop);
		free(m->e[i].all);
	}
	for (size_t i = 0; i < m->nlabels; i++) {
		free(m->labels[i].label);
		free(m->labels[i].path);
	}
	free(m->labels);
	for (size_t i = 0; i < m->nfiles; i++)
		free(m->files[i]);
	free(m->files);
	free(m->e);
	free(m);
}

static const struct srcmap_entry *lookup_entry(const struct sm_srcmap *m,
					       const char *path,
					       const char *prop)
{
	if (!m)
		return NULL;
	for (size_t i = 0; i < m->n; i++) {
		const struct srcmap_entry *e = &m->e[i];

		if (strcmp(e->path, path))
			continue;
		if (!prop && !e->prop)
			return e;
		if (prop && e->prop && !strcmp(prop, e->prop))
			return e;
	}
	return NULL;
}

static const struct sm_srcpos *lookup(const struct sm_srcmap *m,
				      const char *path, const char *prop)
{
	const struct srcmap_entry *e = lookup_entry(m, path, prop);

	return e ? &e->pos : NULL;
}

size_t sm_dt_node_positions(const struct sm_dt *dt, const char *path,
			    const struct sm_srcpos **pos)
{
	const struct srcmap_entry *e = lookup_entry(dt->srcmap, path, NULL);

	*pos = e ? e->all : NULL;
	return e ? e->nall : 0;
}

const char *sm_dt_label_path(const struct sm_dt *dt, const char *label)
{
	const struct sm_srcmap *m = dt->srcmap;

	for (size_t i = 0; m && i < m->nlabels; i++)
		if (!strcmp(m->labels[i].label, label))
			return m->labels[i].path;
	return NULL;
}

const char *sm_dt_label_nth(const struct sm_dt *dt, size_t i,
			    const char **path)
{
	const struct sm_srcmap *m = dt->srcmap;

	if (!m || i >= m->nlabels)
		return NULL;
	if (path)
		*path = m->labels[i].path;
	return m->labels[i].label;
}

const char *sm_dt_path_label(const struct sm_dt *dt, const char *path)
{
	const struct sm_srcmap *m = dt->srcmap;

	for (size_t i = 0; m && i < m->nlabels; i++)
		if (!strcmp(m->labels[i].path, path))
			return m->labels[i].label;
	return NULL;
}

const struct sm_srcpos *sm_dt_node_pos(const struct sm_dt *dt,
				       const char *path)
{
	return lookup(dt->srcmap, path, NULL);
}

const struct sm_srcpos *sm_dt_prop_pos(const struct sm_dt *dt,
				       const char *path, const char *prop)
{
	return lookup(dt->srcmap, path, prop);
}
