// SPDX-License-Identifier: MIT
/*
 * bootlog.c - the kernel's messages: formatted from the profile's table,
 * kept in order on the board, each marked with whether the oracle's
 * memlines.sh would keep it (those are what `socmem boot --format log`
 * prints).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* "name (0x..--0x..) overlaps with " where name has no space */
static bool is_overlap_pair(const char *s)
{
	const char *sp = strchr(s, ' ');
	const char *p;

	if (!sp || sp == s || strncmp(sp, " (0x", 4))
		return false;
	p = sp + 4;
	if (!isxdigit((unsigned char)*p))
		return false;
	while (isxdigit((unsigned char)*p) && !isupper((unsigned char)*p))
		p++;
	if (strncmp(p, "--0x", 4))
		return false;
	p += 4;
	if (!isxdigit((unsigned char)*p))
		return false;
	while (isxdigit((unsigned char)*p) && !isupper((unsigned char)*p))
		p++;
	return starts_with(p, ") overlaps with ");
}

/* "  node +[0-9]+: [mem " */
static bool is_node_line(const char *s)
{
	if (!starts_with(s, "  node "))
		return false;
	s += 7;
	while (*s == ' ')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	return starts_with(s, ": [mem ");
}

/* The oracle's memlines.sh filter, in C. */
bool sm_boot_is_memline(const char *s)
{
	static const char *const prefixes[] = {
		"OF: reserved mem", "OF: fdt", "Reserved memory:", "cma:",
		"NUMA: Faking a node", "Zone ranges:", "  DMA ", "  DMA32 ",
		"  Normal ", "  Movable ", "  Device ", "Movable zone start",
		"Early memory node ranges", "Initmem setup node ",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (starts_with(s, prefixes[i]))
			return true;
	return is_node_line(s) || is_overlap_pair(s);
}

int sm_boot_log(struct sm_boot *bt, enum sm_msg_id id, ...)
{
	const struct sm_msg_format *f = &bt->b->profile->msgs->m[id];
	struct sm_board *b = bt->b;
	struct sm_kmsg *m;
	char buf[1024];
	va_list ap;

	if (!f->fmt)
		return 0; /* this kernel does not print it */
	va_start(ap, id);
	vsnprintf(buf, sizeof(buf), f->fmt, ap);
	va_end(ap);
	if (b->nmsgs == bt->msg_cap) {
		size_t cap = bt->msg_cap ? bt->msg_cap * 2 : 64;

		m = realloc(b->msgs, cap * sizeof(*m));
		if (!m)
			return -ENOMEM;
		b->msgs = m;
		bt->msg_cap = cap;
	}
	m = &b->msgs[b->nmsgs];
	m->text = strdup(buf);
	if (!m->text)
		return -ENOMEM;
	m->level = f->level;
	m->memline = f->level != SM_LOG_DEBUG && sm_boot_is_memline(buf);
	b->nmsgs++;
	return 0;
}

/*
 * A warning about odd input at a node (and property): "file:line: path:
 * message" for DTS input, "path: message" for a DTB. The same warning is
 * given once, although 6.12's two passes may meet the node twice.
 */
void sm_boot_warn_at(struct sm_boot *bt, int node, const char *prop,
		     const char *fmt, ...)
{
	const struct sm_srcpos *pos = NULL;
	char path[512], msg[768], line[1400];
	va_list ap;

	if (node < 0 || sm_dt_node_path(bt->b->dt, node, path, sizeof(path)))
		snprintf(path, sizeof(path), "/");
	if (prop)
		pos = sm_dt_prop_pos(bt->b->dt, path, prop);
	if (!pos)
		pos = sm_dt_node_pos(bt->b->dt, path);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (pos)
		snprintf(line, sizeof(line), "%s:%d: %s: %s", pos->file,
			 pos->line, path, msg);
	else
		snprintf(line, sizeof(line), "%s: %s", path, msg);
	for (size_t i = 0; i < bt->b->warnings.count; i++)
		if (!strcmp(bt->b->warnings.msgs[i], line))
			return;
	sm_dt_warn(&bt->b->warnings, "%s", line);
}
