// SPDX-License-Identifier: MIT
/*
 * script.c - running a parsed script against a system: named
 * allocations (kept up to date when migration moves their blocks),
 * `last` (the result of the last command that can fail), the variables
 * `expect` reads, and the reports `show` prints.
 *
 * Before the first command runs, every CMA area, zone, meminfo field
 * and name an `expect` or `cma` line mentions is checked against the
 * system, so a script with a typo fails without doing anything.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "script.h"

int sm_mm_script_fail(struct run *r, const struct script_cmd *c, int err,
		      const char *fmt, ...)
{
	char msg[SM_DIAG_MSG_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sm_dt_diag_set(r->diag, err, "%s:%u: %s", r->sc->name, c->line, msg);
}

void sm_mm_script_out(struct run *r, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (!r->io || !r->io->out)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->io->out(r->io->ctx, buf);
}

/* ---- pfn -> block map (so that moved() finds the block) ---------------- */

static size_t slot(const struct run *r, uint64_t pfn)
{
	return (size_t)((pfn * 0x9e3779b97f4a7c15ULL) >> 20) & (r->mapcap - 1);
}

static uint64_t *map_find(struct run *r, uint64_t pfn)
{
	for (size_t i = slot(r, pfn);; i = (i + 1) & (r->mapcap - 1)) {
		uint64_t v = r->map[i * 2];

		if (!v || v - 1 == pfn)
			return &r->map[i * 2];
	}
}

static int map_put(struct run *r, uint64_t pfn, uint64_t val);

static int map_grow(struct run *r)
{
	uint64_t *old = r->map;
	size_t oldcap = r->mapcap;

	r->mapcap = oldcap ? oldcap * 2 : 1024;
	r->map = calloc(r->mapcap * 2, sizeof(*r->map));
	if (!r->map) {
		r->map = old;
		r->mapcap = oldcap;
		return -ENOMEM;
	}
	r->mapused = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i * 2] && old[i * 2 + 1])
			map_put(r, old[i * 2] - 1, old[i * 2 + 1]);
	free(old);
	return 0;
}

/* @val 0 removes (a tombstone: the key stays, the value goes) */
static int map_put(struct run *r, uint64_t pfn, uint64_t val)
{
	uint64_t *e;

	if ((r->mapused + 1) * 2 >= r->mapcap && val && map_grow(r))
		return -ENOMEM;
	e = map_find(r, pfn);
	if (!e[0]) {
		if (!val)
			return 0;
		e[0] = pfn + 1;
		r->mapused++;
	}
	e[1] = val;
	return 0;
}

static uint64_t stamp_word(uint64_t pfn0, size_t blk, uint64_t i, int last)
{
	uint64_t v = (pfn0 + 1) * 0x9e3779b97f4a7c15ULL ^ (blk << 20) ^ i;

	return last ? ~v : v;
}

/* the pattern written at allocation; it follows the block when it moves */
static void stamp(struct run *r, const struct named *x, size_t b,
		  uint64_t at)
{
	for (uint64_t i = 0; i < (1ULL << x->order); i++) {
		uint64_t *p = sm_mm_pfn_virt(r->sys, at + i);

		p[0] = stamp_word((uint64_t)(x - r->nm), b, i, 0);
		p[4096 / 8 - 1] = stamp_word((uint64_t)(x - r->nm), b, i, 1);
	}
}

static bool intact(struct run *r, const struct named *x)
{
	for (size_t b = 0; b < x->n; b++)
		for (uint64_t i = 0; i < (1ULL << x->order); i++) {
			uint64_t *p = sm_mm_pfn_virt(r->sys, x->pfn[b] + i);
			uint64_t id = (uint64_t)(x - r->nm);

			if (p[0] != stamp_word(id, b, i, 0) ||
			    p[4096 / 8 - 1] != stamp_word(id, b, i, 1))
				return false;
		}
	return true;
}

static void on_moved(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		     unsigned int order)
{
	struct run *r = ctx;
	uint64_t *e = map_find(r, old_pfn);
	uint64_t v = e[0] ? e[1] : 0;
	struct named *x;

	(void)order;
	if (!v) {
		r->bad_move = true;
		return;
	}
	v--;
	x = &r->nm[v >> 32];
	x->pfn[v & UINT32_MAX] = new_pfn;
	e[1] = 0;
	if (map_put(r, new_pfn, v + 1))
		r->bad_move = true;
}

/* ---- names ------------------------------------------------------------- */

struct named *sm_mm_script_find(struct run *r, const char *name)
{
	for (size_t i = 0; i < r->nnm; i++)
		if (r->nm[i].live && !strcmp(r->nm[i].name, name))
			return &r->nm[i];
	return NULL;
}

struct named *sm_mm_script_define(struct run *r, const struct script_cmd *c)
{
	struct named *x = &r->nm[r->nnm++];

	memset(x, 0, sizeof(*x));
	strcpy(x->name, c->name);
	x->line = c->line;
	x->order = c->order;
	x->fill = c->fill;
	x->live = true;
	return x;
}

static int add_block(struct run *r, struct named *x, uint64_t pfn,
		     size_t *cap)
{
	if (x->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		uint64_t *p = realloc(x->pfn, nc * sizeof(*p));

		if (!p)
			return -ENOMEM;
		x->pfn = p;
		*cap = nc;
	}
	x->pfn[x->n] = pfn;
	if (map_put(r, pfn, ((uint64_t)(x - r->nm) << 32 | x->n) + 1))
		return -ENOMEM;
	x->n++;
	return 0;
}

void sm_mm_script_forget(struct run *r, struct named *x)
{
	sm_mm_script_anon_forget(x);
	for (size_t b = 0; b < x->n; b++)
		map_put(r, x->pfn[b], 0);
	free(x->pfn);
	x->pfn = NULL;
	x->n = 0;
	x->live = false;
}

/* a name used on @c's line whose definition failed or was freed */
static int not_allocated(struct run *r, const struct script_cmd *c)
{
	return sm_mm_script_fail(r, c, -ECANCELED, "'%s' is not allocated (its allocation "
		    "failed or it was freed)", c->name);
}

/* ---- commands ---------------------------------------------------------- */

static int do_alloc(struct run *r, const struct script_cmd *c)
{
	struct sm_page_owner own = { .moved = on_moved, .ctx = r };
	struct named *x = sm_mm_script_define(r, c);
	size_t cap = 0;
	int ret = 0;

	while (c->all || x->n < c->count) {
		uint64_t pfn;

		ret = sm_mm_alloc_pages(r->sys, c->order, c->mt, c->zone,
					c->mt == SM_MIGRATE_MOVABLE ? &own : NULL,
					&pfn);
		if (ret)
			break;
		if (add_block(r, x, pfn, &cap))
			return sm_mm_script_fail(r, c, -ENOMEM, "out of memory");
		if (c->fill)
			stamp(r, x, x->n - 1, pfn);
	}
	if (c->all && ret == -ENOMEM && x->n)
		ret = 0;
	if (ret) { /* all or nothing */
		for (size_t b = 0; b < x->n; b++)
			sm_mm_free_pages(r->sys, x->pfn[b], c->order);
		sm_mm_script_forget(r, x);
	}
	r->last = ret;
	sm_mm_script_out(r, "%s:%u: alloc %s: %zu blocks of order %u%s%s\n", r->sc->name,
	    c->line, c->name, x->n, c->order, ret ? ", failed: " : "",
	    ret ? strerror(-ret) : "");
	return 0;
}

static int do_free(struct run *r, const struct script_cmd *c)
{
	struct named *x = sm_mm_script_find(r, c->name);
	size_t keep;

	if (!x)
		return not_allocated(r, c);
	if (c->count > x->n)
		return sm_mm_script_fail(r, c, -ECANCELED, "'%s' has %zu blocks, not %"
			    PRIu64, c->name, x->n, c->count);
	keep = c->count ? x->n - c->count : 0;
	for (size_t b = x->n; b-- > keep;) {
		int ret = sm_mm_free_pages(r->sys, x->pfn[b], x->order);

		if (ret) {
			r->last = ret;
			return sm_mm_script_fail(r, c, -ECANCELED, "free %s: block at pfn 0x%" PRIx64
				    ": %s%s", c->name, x->pfn[b], strerror(-ret),
				    ret == -EBUSY ? " (pinned: unpin it)" : "");
		}
		map_put(r, x->pfn[b], 0);
		x->n = b;
	}
	if (!x->n)
		sm_mm_script_forget(r, x);
	r->last = 0;
	return 0;
}

static int do_pin(struct run *r, const struct script_cmd *c, bool pin)
{
	struct named *x = sm_mm_script_find(r, c->name);
	uint64_t n;

	if (!x)
		return not_allocated(r, c);
	n = x->cma ? x->pages : x->n;
	for (uint64_t b = 0; b < n; b++) {
		uint64_t pfn = x->cma ? x->pfn[0] + b : x->pfn[b];
		int ret = sm_mm_pin_pages(r->sys, pfn, pin);

		if (ret)
			return sm_mm_script_fail(r, c, -ECANCELED, "%s %s: %s%s",
				    pin ? "pin" : "unpin",
				    c->name, strerror(-ret),
				    ret == -EINVAL && !pin ? " (not pinned)" : "");
	}
	r->last = 0;
	return 0;
}

static int do_migrate(struct run *r, const struct script_cmd *c)
{
	struct named *x = sm_mm_script_find(r, c->name);
	int ret = 0;

	if (!x)
		return not_allocated(r, c);
	for (size_t b = 0; b < x->n && !ret && !x->cma; b++)
		ret = sm_mm_migrate_pages(r->sys, x->pfn[b]);
	if (x->cma)
		ret = -EBUSY;
	r->last = ret;
	return 0;
}

static int do_cma(struct run *r, const struct script_cmd *c)
{
	struct sm_cma *cma = sm_mm_cma_find(r->sys, c->area);
	struct named *x;
	size_t cap = 0;
	uint64_t pfn;
	int ret;

	ret = sm_mm_cma_alloc(r->sys, cma, c->count, c->align, false, &pfn);
	r->last = ret;
	sm_mm_script_out(r, "%s:%u: cma %s: %" PRIu64 " pages from %s: %s\n", r->sc->name,
	    c->line, c->name, c->count, c->area, ret ? strerror(-ret) : "ok");
	if (ret)
		return 0;
	x = sm_mm_script_define(r, c);
	x->cma = cma;
	x->pages = c->count;
	return add_block(r, x, pfn, &cap) ? sm_mm_script_fail(r, c, -ENOMEM, "out of memory")
					   : 0;
}

static int do_cma_release(struct run *r, const struct script_cmd *c)
{
	struct named *x = sm_mm_script_find(r, c->name);
	int ret;

	if (!x)
		return not_allocated(r, c);
	ret = sm_mm_cma_release(r->sys, x->cma, x->pfn[0], x->pages);
	r->last = ret;
	if (ret)
		return sm_mm_script_fail(r, c, -ECANCELED, "cma-release %s: %s", c->name,
			    strerror(-ret));
	sm_mm_script_forget(r, x);
	return 0;
}

static int do_show(struct run *r, const struct script_cmd *c)
{
	char *text;
	int ret;

	if (!strcmp(c->what, "log")) {
		size_t n;
		const struct sm_kmsg *m = sm_mm_log(r->sys, &n);

		for (; r->logpos < n; r->logpos++)
			sm_mm_script_out(r, "%s\n", m[r->logpos].text);
		return 0;
	}
	ret = sm_mm_format_alloc(r->sys, c->what, &text);
	if (ret < 0)
		return sm_mm_script_fail(r, c, -ECANCELED, "show %s: %s", c->what,
			    strerror(-ret));
	if (r->io && r->io->out)
		r->io->out(r->io->ctx, text);
	free(text);
	return 0;
}

/* ---- variables ---------------------------------------------------------- */

/* meminfo.FIELD: the field's value in kB (a count for HugePages_*) */
static int var_meminfo(struct run *r, const char *field, int64_t *v)
{
	char *text, *p;
	size_t fl = strlen(field);
	int ret = sm_mm_format_alloc(r->sys, "meminfo", &text);

	if (ret < 0)
		return ret;
	ret = -ENOENT;
	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, field, fl) && p[fl] == ':') {
			*v = strtoll(p + fl + 1, NULL, 10);
			ret = 0;
			break;
		}
	free(text);
	return ret;
}

static int var_cma(struct run *r, const char *rest, int64_t *v)
{
	const char *dot = strrchr(rest, '.');
	char area[SCRIPT_NAME_MAX];
	struct sm_cma_stats st;
	struct sm_cma *cma;

	if (!dot || (size_t)(dot - rest) >= sizeof(area))
		return -ENOENT;
	memcpy(area, rest, (size_t)(dot - rest));
	area[dot - rest] = '\0';
	cma = sm_mm_cma_find(r->sys, area);
	if (!cma)
		return -ENOENT;
	sm_mm_cma_stats(cma, &st);
	dot++;
	if (!strcmp(dot, "count"))
		*v = (int64_t)st.count;
	else if (!strcmp(dot, "used"))
		*v = (int64_t)st.used;
	else if (!strcmp(dot, "free"))
		*v = (int64_t)(st.count - st.used);
	else if (!strcmp(dot, "maxchunk"))
		*v = (int64_t)st.maxchunk;
	else if (!strcmp(dot, "base"))
		*v = (int64_t)st.base_pfn;
	else if (!strcmp(dot, "alloc_pages_success"))
		*v = (int64_t)st.alloc_pages_success;
	else if (!strcmp(dot, "alloc_pages_fail"))
		*v = (int64_t)st.alloc_pages_fail;
	else if (!strcmp(dot, "release_pages_success"))
		*v = (int64_t)st.release_pages_success;
	else
		return -ENOENT;
	return 0;
}

static int var_zone(struct run *r, const char *rest, int64_t *v)
{
	const char *dot = strchr(rest, '.');
	struct sm_mm_zone_stats st;
	int zi;

	if (!dot)
		return -ENOENT;
	for (zi = 0; zi < SM_NR_ZONES; zi++)
		if (!strncasecmp(rest, sm_boot_zone_name(zi), (size_t)(dot - rest)) &&
		    strlen(sm_boot_zone_name(zi)) == (size_t)(dot - rest))
			break;
	if (zi == SM_NR_ZONES)
		return -ENOENT;
	sm_mm_zone_stats(r->sys, zi, &st);
	dot++;
	if (!strcmp(dot, "free"))
		*v = (int64_t)st.free;
	else if (!strcmp(dot, "free_cma"))
		*v = (int64_t)st.free_cma;
	else if (!strcmp(dot, "managed"))
		*v = (int64_t)st.managed;
	else if (!strcmp(dot, "present"))
		*v = (int64_t)st.present;
	else if (!strcmp(dot, "cma"))
		*v = (int64_t)st.cma;
	else
		return -ENOENT;
	return 0;
}

/* pages of @x inside CMA pageblocks */
static uint64_t in_cma(const struct run *r, const struct named *x)
{
	uint64_t n = 0, per = x->cma ? x->pages : 1ULL << x->order;

	for (size_t b = 0; b < x->n; b++)
		if (sm_mm_pb_mt_raw(r->sys, x->pfn[b]) == SM_MIGRATE_CMA)
			n += per;
	return n;
}

/* NAME.blocks|pages|pfn|align|in_cma|intact: 0 (pfn, align: -1) for a
 * name not allocated now */
static int var_name(struct run *r, const char *var, int64_t *v)
{
	const char *dot = strrchr(var, '.');
	char name[SCRIPT_NAME_MAX];
	struct named *x;

	if (!dot || (size_t)(dot - var) >= sizeof(name))
		return -ENOENT;
	memcpy(name, var, (size_t)(dot - var));
	name[dot - var] = '\0';
	x = sm_mm_script_find(r, name);
	dot++;
	if (x && x->anon)
		return sm_mm_script_var_anon(r, x, dot, v);
	if (!x && sm_mm_script_anon_field(dot)) {	/* unmapped: nothing left */
		*v = 0;
		return 0;
	}
	if (!strcmp(dot, "blocks"))
		*v = x ? (int64_t)x->n : 0;
	else if (!strcmp(dot, "pages"))
		*v = !x ? 0 : x->cma ? (int64_t)x->pages :
				       (int64_t)(x->n << x->order);
	else if (!strcmp(dot, "pfn"))
		*v = x && x->n ? (int64_t)x->pfn[0] : -1;
	else if (!strcmp(dot, "in_cma"))
		*v = x ? (int64_t)in_cma(r, x) : 0;
	else if (!strcmp(dot, "align")) /* the order the first pfn is aligned to */
		*v = x && x->n ? (int64_t)__builtin_ctzll(x->pfn[0] | 1ULL << 63)
			       : -1;
	else if (!strcmp(dot, "intact"))
		*v = x && x->fill ? intact(r, x) : 0;
	else
		return -ENOENT;
	return 0;
}

static int lookup_var(struct run *r, const char *var, int64_t *v)
{
	if (!strcmp(var, "last")) {
		*v = r->last;
		return 0;
	}
	if (!strcmp(var, "migrated")) {
		*v = (int64_t)r->sys->stats.pgmigrate_success;
		return 0;
	}
	if (!strncmp(var, "meminfo.", 8))
		return var_meminfo(r, var + 8, v);
	if (!strncmp(var, "cma.", 4))
		return var_cma(r, var + 4, v);
	if (!strncmp(var, "zone.", 5))
		return var_zone(r, var + 5, v);
	if (!strncmp(var, "swap.", 5))
		return sm_mm_script_var_swap(r, var + 5, v);
	if (!strcmp(var, "reclaimed")) {
		*v = (int64_t)r->reclaimed;
		return 0;
	}
	if (!var_name(r, var, v))
		return 0;
	if (r->sc->ext.var)
		return r->sc->ext.var(r->sc->ext.ctx, r->sys, var, false, v);
	return -ENOENT;
}

static int term_value(struct run *r, const struct script_term *t,
		      int64_t *v)
{
	if (!t->is_var) {
		*v = t->num;
		return 0;
	}
	return lookup_var(r, t->var, v);
}

static int do_expect(struct run *r, const struct script_cmd *c)
{
	int64_t a, b;
	bool ok;

	if (term_value(r, &c->lhs, &a) || term_value(r, &c->rhs, &b))
		return sm_mm_script_fail(r, c, -ECANCELED, "unknown variable in '%s'",
			    c->src);
	switch (c->op) {
	case OP_EQ: ok = a == b; break;
	case OP_NE: ok = a != b; break;
	case OP_LT: ok = a < b; break;
	case OP_LE: ok = a <= b; break;
	case OP_GT: ok = a > b; break;
	default: ok = a >= b; break;
	}
	if (!ok)
		return sm_mm_script_fail(r, c, -EDOM, "expect failed: %s (%" PRId64 " vs %"
			    PRId64 ")", c->src, a, b);
	return 0;
}

/* ---- checks before running ----------------------------------------------- */

/* a variable that can exist on this system (names: defined in the script) */
static bool var_known(struct run *r, const char *var)
{
	int64_t v;

	if (!strncmp(var, "cma.", 4) || !strncmp(var, "zone.", 5) ||
	    !strncmp(var, "meminfo.", 8) || !strncmp(var, "swap.", 5) ||
	    !strcmp(var, "last") || !strcmp(var, "migrated") ||
	    !strcmp(var, "reclaimed"))
		return !lookup_var(r, var, &v);
	for (size_t i = 0; i < r->sc->n; i++) {
		const struct script_cmd *c = &r->sc->cmds[i];
		size_t l = strlen(c->name);
		const char *f = var + l + 1;

		if (!c->name[0] || strncmp(var, c->name, l) || var[l] != '.')
			continue;
		if (c->kind == CMD_ALLOC || c->kind == CMD_CMA)
			return !strcmp(f, "blocks") || !strcmp(f, "pages") ||
			       !strcmp(f, "pfn") || !strcmp(f, "in_cma") ||
			       !strcmp(f, "intact") || !strcmp(f, "align");
		if (c->kind == CMD_MMAP)
			return sm_mm_script_anon_field(f);
	}
	return r->sc->ext.var &&
	       !r->sc->ext.var(r->sc->ext.ctx, r->sys, var, true, &v);
}

static void area_list(struct run *r, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sm_mm_cma_count(r->sys) && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "",
				       sm_mm_cma_name(sm_mm_cma_at(r->sys, i)));
	if (!buf[0])
		snprintf(buf, len, "none");
}

static int prevalidate(struct run *r)
{
	for (size_t i = 0; i < r->sc->n; i++) {
		const struct script_cmd *c = &r->sc->cmds[i];
		char areas[256];

		if (c->kind == CMD_ALLOC && c->order > r->sys->max_order)
			return sm_mm_script_fail(r, c, -EINVAL, "order %u is above the "
				    "highest order %u", c->order,
				    r->sys->max_order);
		if (c->kind == CMD_CMA && !sm_mm_cma_find(r->sys, c->area)) {
			area_list(r, areas, sizeof(areas));
			return sm_mm_script_fail(r, c, -EINVAL, "unknown CMA area '%s' (this "
				    "board has: %s)", c->area, areas);
		}
		if (c->kind != CMD_EXPECT)
			continue;
		if (c->lhs.is_var && !var_known(r, c->lhs.var))
			return sm_mm_script_fail(r, c, -EINVAL, "unknown variable '%s'",
				    c->lhs.var);
		if (c->rhs.is_var && !var_known(r, c->rhs.var))
			return sm_mm_script_fail(r, c, -EINVAL, "unknown variable '%s'",
				    c->rhs.var);
	}
	return 0;
}

/* a command of the extension: its result is `last`; a failure that
 * stops the script comes back with the reason */
static int do_ext(struct run *r, const struct script_cmd *c)
{
	char why[SM_DIAG_MSG_MAX / 2] = "";
	int ret;

	ret = r->sc->ext.run(r->sc->ext.ctx, r->sys, c->ext, r->io, &r->last,
			     why, sizeof(why));
	if (ret)
		return sm_mm_script_fail(r, c, ret, "%s", why[0] ? why : c->src);
	return 0;
}

static int run_cmd(struct run *r, const struct script_cmd *c)
{
	switch (c->kind) {
	case CMD_ALLOC: return do_alloc(r, c);
	case CMD_FREE: return do_free(r, c);
	case CMD_PIN: return do_pin(r, c, true);
	case CMD_UNPIN: return do_pin(r, c, false);
	case CMD_MIGRATE: return do_migrate(r, c);
	case CMD_CMA: return do_cma(r, c);
	case CMD_CMA_RELEASE: return do_cma_release(r, c);
	case CMD_SHOW: return do_show(r, c);
	case CMD_MMAP: return sm_mm_script_do_mmap(r, c);
	case CMD_MUNMAP: return sm_mm_script_do_munmap(r, c);
	case CMD_TOUCH: return sm_mm_script_do_touch(r, c);
	case CMD_RECLAIM: return sm_mm_script_do_reclaim(r, c);
	case CMD_EXT: return do_ext(r, c);
	default: return do_expect(r, c);
	}
}

/* the script's allocations go when it ends: their owner (the run) does */
static void release_all(struct run *r)
{
	for (size_t i = 0; i < r->nnm; i++) {
		struct named *x = &r->nm[i];
		uint64_t n = x->cma ? x->pages : x->n;

		if (!x->live)
			continue;
		for (uint64_t b = 0; b < n; b++) {
			uint64_t pfn = x->cma ? x->pfn[0] + b : x->pfn[b];

			while (!sm_mm_pin_pages(r->sys, pfn, false))
				;
			if (!x->cma)
				sm_mm_free_pages(r->sys, pfn, x->order);
		}
		if (x->cma)
			sm_mm_cma_release(r->sys, x->cma, x->pfn[0], x->pages);
		sm_mm_script_forget(r, x);
	}
}

int sm_mm_script_run(struct sm_mm_script *sc, struct sm_system *sys,
		     const struct sm_mm_script_io *io, struct sm_diag *diag)
{
	struct run r = { .sc = sc, .sys = sys, .io = io, .diag = diag };
	int ret;

	sm_mm_log(sys, &r.logpos);
	r.nm = calloc(sc->n + 1, sizeof(*r.nm));
	if (!r.nm || map_grow(&r)) {
		free(r.nm);
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	}
	ret = prevalidate(&r);
	for (size_t i = 0; !ret && i < sc->n; i++) {
		ret = run_cmd(&r, &sc->cmds[i]);
		if (!ret && r.bad_move)
			ret = sm_mm_script_fail(&r, &sc->cmds[i], -EUCLEAN, "a block moved "
				   "that the script did not know");
	}
	release_all(&r);
	if (sc->ext.end)	/* after the mappings: their slots are free */
		sc->ext.end(sc->ext.ctx, sys);
	free(r.corpus);
	free(r.nm);
	free(r.map);
	return ret;
}
