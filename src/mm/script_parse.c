// SPDX-License-Identifier: MIT
/*
 * script_parse.c - the `socmem mem run` script language, text to
 * commands, with the checks that need no system: every line parses, and
 * names are allocated before they are used and not twice.
 *
 *   # comment                       one command per line
 *   alloc NAME COUNT|all [order N] [movable|unmovable|reclaimable]
 *         [zone dma|dma32|normal] [fill]
 *   free NAME [COUNT]               the last COUNT blocks, or all of them
 *   pin NAME | unpin NAME | migrate NAME
 *   cma NAME AREA PAGES [align ORDER]
 *   cma-release NAME
 *   mmap NAME PAGES [data text|zero|same|random|mixed]
 *   munmap NAME
 *   touch NAME [FIRST [COUNT]] [write|read]
 *   reclaim PAGES
 *   show meminfo|buddyinfo|pagetypeinfo|vmstat|cma|swaps|log
 *   expect TERM OP TERM             OP: == != < <= > >=
 *
 * A line whose command is none of these goes to the extension, if the
 * caller gave one (zram adds its own: modprobe, echo, cat, mkswap,
 * swapon, swapoff).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "script.h"

#define MAX_TOKENS 16

struct parser {
	const char *file;
	unsigned int line;
	struct sm_diag *diag;
	const struct sm_mm_script_ext *ext;
};

#define PERR(p, ...) parse_error(p, __VA_ARGS__)

static int parse_error(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int parse_error(struct parser *p, const char *fmt, ...)
{
	char msg[SM_DIAG_MSG_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sm_dt_diag_set(p->diag, -EINVAL, "%s:%u: %s", p->file, p->line, msg);
}

static const struct {
	const char *name;
	int err;
} errnos[] = {
	{ "EPERM", EPERM },   { "ENOENT", ENOENT },
	{ "ENOMEM", ENOMEM }, { "EBUSY", EBUSY },	{ "EINVAL", EINVAL },
	{ "ENOSPC", ENOSPC }, { "EOVERFLOW", EOVERFLOW },
	{ "EOPNOTSUPP", EOPNOTSUPP }, { "EACCES", EACCES }, { "EIO", EIO },
	{ "EEXIST", EEXIST }, { "ENODEV", ENODEV }, { "ENOEXEC", ENOEXEC },
	{ "ENOTDIR", ENOTDIR }, { "E2BIG", E2BIG }, { "ERANGE", ERANGE },
	{ "EAGAIN", EAGAIN },
};

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

static bool valid_name(const char *s)
{
	size_t n;

	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (n = 0; s[n]; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '_' && s[n] != '-')
			return false;
	return n < SCRIPT_NAME_MAX;
}

/* a number, -ENAME / ENAME, or a variable */
static int parse_term(struct parser *p, const char *s, struct script_term *t)
{
	bool neg = *s == '-';
	const char *body = neg ? s + 1 : s;
	uint64_t v;

	memset(t, 0, sizeof(*t));
	if (parse_u64(body, &v)) {
		if (v > INT64_MAX)
			return PERR(p, "number '%s' is too large", s);
		t->num = neg ? -(int64_t)v : (int64_t)v;
		return 0;
	}
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(body, errnos[i].name)) {
			t->num = neg ? -errnos[i].err : errnos[i].err;
			return 0;
		}
	if (neg || !*s || strlen(s) >= SCRIPT_VAR_MAX)
		return PERR(p, "'%s' is not a number, an errno or a variable", s);
	for (const char *c = s; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("_-.@,()", *c))
			return PERR(p, "'%s' is not a number, an errno or a "
				    "variable", s);
	t->is_var = true;
	snprintf(t->var, sizeof(t->var), "%s", s);
	return 0;
}

static const char *const op_names[] = { "==", "!=", "<=", ">=", "<", ">" };
static const enum script_op op_vals[] = { OP_EQ, OP_NE, OP_LE, OP_GE, OP_LT,
					  OP_GT };

/* @s trimmed into @buf; Return: false if it is empty or has a space */
static bool one_token(const char *s, size_t len, char *buf, size_t size)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!len || len >= size)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return strcspn(buf, " \t") == len;
}

/* expect: the rest of the line, spaces optional around the operator */
static int parse_expect(struct parser *p, const char *rest,
			struct script_cmd *c)
{
	char l[SCRIPT_VAR_MAX], r[SCRIPT_VAR_MAX];
	const char *at = NULL;
	size_t k = 0;

	for (const char *s = rest; *s && !at; s++)
		for (k = 0; k < 6; k++)
			if (!strncmp(s, op_names[k], strlen(op_names[k]))) {
				at = s;
				break;
			}
	if (!at)
		return PERR(p, "expect needs TERM OP TERM (OP: == != < <= > >=)");
	if (!one_token(rest, (size_t)(at - rest), l, sizeof(l)))
		return PERR(p, "expect: need one term before '%s'", op_names[k]);
	at += strlen(op_names[k]);
	if (!one_token(at, strlen(at), r, sizeof(r)))
		return PERR(p, "expect: need one term after '%s'", op_names[k]);
	c->op = op_vals[k];
	if (parse_term(p, l, &c->lhs) || parse_term(p, r, &c->rhs))
		return -EINVAL;
	return 0;
}

static int parse_order(struct parser *p, const char *what, const char *s,
		       unsigned int *v)
{
	uint64_t n;

	if (!s || !parse_u64(s, &n) || n > 63)
		return PERR(p, "%s needs an order 0..63, not '%s'", what,
			    s ? s : "");
	*v = (unsigned int)n;
	return 0;
}

/* alloc NAME COUNT|all [order N] [TYPE] [zone Z] [fill] */
static int parse_alloc(struct parser *p, char **t, int n, struct script_cmd *c)
{
	c->mt = SM_MIGRATE_MOVABLE;
	c->zone = SM_ZONE_NORMAL;
	if (n < 3)
		return PERR(p, "usage: alloc NAME COUNT|all [order N] "
			    "[movable|unmovable|reclaimable] [zone dma|normal] "
			    "[fill]");
	if (!strcmp(t[2], "all"))
		c->all = true;
	else if (!parse_u64(t[2], &c->count) || !c->count)
		return PERR(p, "alloc: '%s' is not a block count", t[2]);
	for (int i = 3; i < n; i++) {
		if (!strcmp(t[i], "order")) {
			if (parse_order(p, "order", i + 1 < n ? t[++i] : NULL,
					&c->order))
				return -EINVAL;
		} else if (!strcmp(t[i], "movable")) {
			c->mt = SM_MIGRATE_MOVABLE;
		} else if (!strcmp(t[i], "unmovable")) {
			c->mt = SM_MIGRATE_UNMOVABLE;
		} else if (!strcmp(t[i], "reclaimable")) {
			c->mt = SM_MIGRATE_RECLAIMABLE;
		} else if (!strcmp(t[i], "fill")) {
			c->fill = true;
		} else if (!strcmp(t[i], "zone") && i + 1 < n) {
			i++;
			if (!strcasecmp(t[i], "dma"))
				c->zone = SM_ZONE_DMA;
			else if (!strcasecmp(t[i], "dma32"))
				c->zone = SM_ZONE_DMA32;
			else if (!strcasecmp(t[i], "normal"))
				c->zone = SM_ZONE_NORMAL;
			else
				return PERR(p, "unknown zone '%s' (dma, dma32, "
					    "normal)", t[i]);
		} else {
			return PERR(p, "alloc: unexpected '%s'", t[i]);
		}
	}
	return 0;
}

/* cma NAME AREA PAGES [align ORDER] */
static int parse_cma(struct parser *p, char **t, int n, struct script_cmd *c)
{
	if (n != 4 && n != 6)
		return PERR(p, "usage: cma NAME AREA PAGES [align ORDER]");
	if (strlen(t[2]) >= sizeof(c->area))
		return PERR(p, "area name too long");
	strcpy(c->area, t[2]);
	if (!parse_u64(t[3], &c->count) || !c->count)
		return PERR(p, "cma: '%s' is not a page count", t[3]);
	if (n == 6) {
		if (strcmp(t[4], "align"))
			return PERR(p, "cma: unexpected '%s'", t[4]);
		return parse_order(p, "align", t[5], &c->align);
	}
	return 0;
}

static const struct {
	const char *word;
	enum script_cmd_kind kind;
	int min, max; /* tokens, the command included */
} commands[] = {
	{ "alloc", CMD_ALLOC, 3, MAX_TOKENS },
	{ "free", CMD_FREE, 2, 3 },
	{ "pin", CMD_PIN, 2, 2 },
	{ "unpin", CMD_UNPIN, 2, 2 },
	{ "migrate", CMD_MIGRATE, 2, 2 },
	{ "cma", CMD_CMA, 4, 6 },
	{ "cma-release", CMD_CMA_RELEASE, 2, 2 },
	{ "show", CMD_SHOW, 2, 2 },
	{ "expect", CMD_EXPECT, 2, MAX_TOKENS },
	{ "mmap", CMD_MMAP, 3, 5 },
	{ "munmap", CMD_MUNMAP, 2, 2 },
	{ "touch", CMD_TOUCH, 2, 5 },
	{ "reclaim", CMD_RECLAIM, 2, 2 },
};

static const char *const data_names[] = {
	[DATA_TEXT] = "text", [DATA_ZERO] = "zero", [DATA_SAME] = "same",
	[DATA_RANDOM] = "random", [DATA_MIXED] = "mixed",
};

/* mmap NAME PAGES [data KIND] */
static int parse_mmap(struct parser *p, char **t, int n, struct script_cmd *c)
{
	if (!parse_u64(t[2], &c->count) || !c->count || c->count >= UINT32_MAX)
		return PERR(p, "mmap: '%s' is not a page count (1..%u)", t[2],
			    UINT32_MAX - 1);
	if (n == 3)
		return 0;
	if (n != 5 || strcmp(t[3], "data"))
		return PERR(p, "usage: mmap NAME PAGES [data text|zero|same|"
			    "random|mixed]");
	for (size_t i = 0; i < sizeof(data_names) / sizeof(*data_names); i++)
		if (!strcmp(t[4], data_names[i])) {
			c->data = (uint8_t)i;
			return 0;
		}
	return PERR(p, "mmap: unknown data '%s' (text, zero, same, random, "
		    "mixed)", t[4]);
}

/* touch NAME [FIRST [COUNT]] [write|read] */
static int parse_touch(struct parser *p, char **t, int n, struct script_cmd *c)
{
	int nums = 0;

	for (int i = 2; i < n; i++) {
		uint64_t v;

		if (i == n - 1 && (!strcmp(t[i], "read") ||
				   !strcmp(t[i], "write"))) {
			c->read = !strcmp(t[i], "read");
		} else if (nums < 2 && parse_u64(t[i], &v)) {
			if (nums++)
				c->count = v;
			else
				c->first = v;
			if (nums == 2 && !v)
				return PERR(p, "touch: COUNT must be at least 1");
		} else {
			return PERR(p, "usage: touch NAME [FIRST [COUNT]] "
				    "[write|read]");
		}
	}
	if (nums == 1)
		c->count = 1;
	return 0;
}

static int parse_args(struct parser *p, char **t, int n, const char *rest,
		      struct script_cmd *c)
{
	static const char *const shows[] = { "meminfo", "buddyinfo",
					     "pagetypeinfo", "vmstat", "cma",
					     "swaps", "log" };
	uint64_t v;

	switch (c->kind) {
	case CMD_ALLOC:
		return parse_alloc(p, t, n, c);
	case CMD_CMA:
		return parse_cma(p, t, n, c);
	case CMD_FREE:
		if (n == 3 && (!parse_u64(t[2], &v) || !v))
			return PERR(p, "free: '%s' is not a block count", t[2]);
		c->count = n == 3 ? v : 0;
		return 0;
	case CMD_SHOW:
		for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++)
			if (!strcmp(t[1], shows[i])) {
				strcpy(c->what, shows[i]);
				return 0;
			}
		return PERR(p, "show: unknown report '%s' (meminfo, buddyinfo, "
			    "pagetypeinfo, vmstat, cma, swaps, log)", t[1]);
	case CMD_MMAP:
		return parse_mmap(p, t, n, c);
	case CMD_TOUCH:
		return parse_touch(p, t, n, c);
	case CMD_RECLAIM:
		if (!parse_u64(t[1], &c->count) || !c->count)
			return PERR(p, "reclaim: '%s' is not a page count", t[1]);
		return 0;
	case CMD_EXPECT:
		return parse_expect(p, rest, c);
	default:
		return 0;
	}
}

/* a command mm does not know: the extension's, or an error */
static int parse_ext(struct parser *p, char **t, int n, struct script_cmd *c)
{
	char why[SM_DIAG_MSG_MAX / 2] = "";
	int ret;

	if (!p->ext || !p->ext->parse)
		return PERR(p, "unknown command '%s'", t[0]);
	ret = p->ext->parse(p->ext->ctx, t, n, &c->ext, why, sizeof(why));
	if (ret == 1)
		return PERR(p, "unknown command '%s'", t[0]);
	if (ret)
		return PERR(p, "%s", why[0] ? why : "bad command");
	c->kind = CMD_EXT;
	c->line = p->line;
	return 0;
}

/* one line's tokens; Return: 0, 1 for an empty line, or -EINVAL */
static int parse_line(struct parser *p, char *line, struct script_cmd *c)
{
	char *t[MAX_TOKENS + 1], *save = NULL, *hash = strchr(line, '#');
	const char *rest;
	int n = 0;

	if (hash)
		*hash = '\0';
	snprintf(c->src, sizeof(c->src), "%s", line + strspn(line, " \t"));
	c->src[strcspn(c->src, "\r\n")] = '\0';
	for (char *s = strtok_r(line, " \t\r\n", &save); s;
	     s = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == MAX_TOKENS)
			return PERR(p, "too many words");
		t[n++] = s;
	}
	if (!n)
		return 1;
	rest = c->src + strlen(t[0]);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(t[0], commands[i].word))
			continue;
		c->kind = commands[i].kind;
		c->line = p->line;
		if (n < commands[i].min || n > commands[i].max)
			return PERR(p, "%s: wrong number of arguments", t[0]);
		if (c->kind != CMD_SHOW && c->kind != CMD_EXPECT &&
		    c->kind != CMD_RECLAIM) {
			if (strlen(t[1]) >= SCRIPT_NAME_MAX)
				return PERR(p, "name too long (at most %d "
					    "characters)", SCRIPT_NAME_MAX - 1);
			if (!valid_name(t[1]))
				return PERR(p, "'%s' is not a name (letters, "
					    "digits, _ and -)", t[1]);
			strcpy(c->name, t[1]);
		}
		return parse_args(p, t, n, rest, c);
	}
	return parse_ext(p, t, n, c);
}

/* ---- the static name check ------------------------------------------- */

struct defn {
	char name[SCRIPT_NAME_MAX];
	unsigned int line;
	enum script_cmd_kind kind;	/* what defined it: alloc, cma, mmap */
};

static struct defn *lookup(struct defn *d, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(d[i].name, name))
			return &d[i];
	return NULL;
}

static bool defines(enum script_cmd_kind k)
{
	return k == CMD_ALLOC || k == CMD_CMA || k == CMD_MMAP;
}

/* @c uses @x: is that the right kind of name? */
static int check_use(struct parser *p, const struct script_cmd *c,
		     const struct defn *x)
{
	bool mapping = x->kind == CMD_MMAP;

	if (c->kind == CMD_CMA_RELEASE && x->kind != CMD_CMA)
		return PERR(p, "'%s' (line %u) was not allocated by cma",
			    c->name, x->line);
	if (c->kind == CMD_FREE && x->kind == CMD_CMA)
		return PERR(p, "'%s' (line %u) is a CMA allocation: use "
			    "cma-release", c->name, x->line);
	if ((c->kind == CMD_TOUCH || c->kind == CMD_MUNMAP) && !mapping)
		return PERR(p, "'%s' (line %u) is not a mapping (mmap)",
			    c->name, x->line);
	if ((c->kind == CMD_FREE || c->kind == CMD_PIN ||
	     c->kind == CMD_UNPIN || c->kind == CMD_MIGRATE) && mapping)
		return PERR(p, "'%s' (line %u) is a mapping: %s", c->name,
			    x->line, c->kind == CMD_FREE ? "use munmap" :
			    "its pages are reached by touch");
	return 0;
}

static bool undefines(const struct script_cmd *c)
{
	return (c->kind == CMD_FREE && !c->count) ||
	       c->kind == CMD_CMA_RELEASE || c->kind == CMD_MUNMAP;
}

static int check_names(struct sm_mm_script *sc, const char *file,
		       struct sm_diag *diag)
{
	struct defn *d = calloc(sc->n + 1, sizeof(*d));
	struct parser p = { .file = file, .diag = diag };
	size_t nd = 0;
	int ret = 0;

	if (!d)
		return -ENOMEM;
	for (size_t i = 0; i < sc->n && !ret; i++) {
		struct script_cmd *c = &sc->cmds[i];
		struct defn *x = lookup(d, nd, c->name);

		p.line = c->line;
		if (!c->name[0])	/* show, expect, reclaim, extension */
			continue;
		if (defines(c->kind)) {
			if (x) {
				ret = PERR(&p, "'%s' is already allocated (line "
					   "%u)", c->name, x->line);
				continue;
			}
			d[nd] = (struct defn){ .line = c->line,
					       .kind = c->kind };
			strcpy(d[nd++].name, c->name);
			continue;
		}
		if (!x)
			ret = PERR(&p, "'%s' is not allocated", c->name);
		else
			ret = check_use(&p, c, x);
		if (!ret && undefines(c))
			*x = d[--nd];
	}
	free(d);
	return ret;
}

/* ---- entry points ------------------------------------------------------ */

static int push(struct sm_mm_script *sc, const struct script_cmd *c)
{
	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 32;
		struct script_cmd *n = realloc(sc->cmds, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		sc->cmds = n;
		sc->cap = cap;
	}
	sc->cmds[sc->n++] = *c;
	return 0;
}

int sm_mm_script_parse(const char *text, const char *name,
		       struct sm_mm_script **out, struct sm_diag *diag)
{
	return sm_mm_script_parse_ext(text, name, NULL, out, diag);
}

int sm_mm_script_parse_ext(const char *text, const char *name,
			   const struct sm_mm_script_ext *ext,
			   struct sm_mm_script **out, struct sm_diag *diag)
{
	struct parser p = { .file = name ? name : "script", .diag = diag,
			    .ext = ext };
	struct sm_mm_script *sc = calloc(1, sizeof(*sc));
	const char *s = text;
	int ret = 0;

	if (!sc || !(sc->name = strdup(p.file))) {
		free(sc);
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	}
	if (ext)
		sc->ext = *ext;
	while (*s && !ret) {
		size_t len = strcspn(s, "\n");
		char line[1024];
		struct script_cmd c;

		p.line++;
		memset(&c, 0, sizeof(c));
		if (len >= sizeof(line)) {
			ret = PERR(&p, "line too long");
			break;
		}
		memcpy(line, s, len);
		line[len] = '\0';
		s += len + (s[len] == '\n');
		ret = parse_line(&p, line, &c);
		if (ret == 1) {
			ret = 0;
		} else if (!ret) {
			ret = push(sc, &c);
			if (ret && c.ext && ext->free_cmd)
				ext->free_cmd(c.ext);
		}
	}
	if (!ret)
		ret = check_names(sc, p.file, diag);
	if (ret) {
		sm_mm_script_free(sc);
		return ret;
	}
	*out = sc;
	return 0;
}

void sm_mm_script_free(struct sm_mm_script *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->n; i++)
		if (sc->cmds[i].ext && sc->ext.free_cmd)
			sc->ext.free_cmd(sc->cmds[i].ext);
	free(sc->cmds);
	free(sc->name);
	free(sc);
}
