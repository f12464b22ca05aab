// SPDX-License-Identifier: MIT
/*
 * zram_script.c - zram in `socmem mem run` scripts: the guide's shell
 * steps as script commands against the script's running system, and the
 * zram figures as variables (struct sm_mm_script_ext, include/socmem/mm.h).
 *
 *   modprobe zram [num_devices=N]     load the module (pool pages from the
 *   modprobe -r zram                  system); unload (EBUSY while in use)
 *   echo VALUE > /sys/block/zram0/ATTR    (or zram0/ATTR; also
 *                                     /sys/class/zram-control/hot_remove)
 *   cat /sys/block/zram0/ATTR         print an attribute (hot_add: a device)
 *   mkswap /dev/zram0                 the swap header (or zram0)
 *   swapon [-p PRIO] /dev/zram0       swap of the system
 *   swapoff /dev/zram0
 *
 * Each sets `last` to 0 or the errno the kernel (or the tool) would give:
 * ENOENT for a device or attribute that does not exist (zram not loaded),
 * the attribute's own errno for a refused write. Variables: zram.devices,
 * zram<N>.exists, zram<N>.disksize, zram<N>.mm_stat.FIELD,
 * zram<N>.io_stat.FIELD, zram<N>.bd_stat.FIELD, zram<N>.debug_stat.FIELD
 * (the field names of the kernel's zram documentation) - 0 for a device
 * that does not exist. The kernel messages zram prints go to the
 * system's log (`show log`). The module is unloaded when the script ends,
 * after swapoff of its devices.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum zop { ZOP_MODPROBE, ZOP_RMMOD, ZOP_ECHO, ZOP_CAT, ZOP_MKSWAP,
	   ZOP_SWAPON, ZOP_SWAPOFF };

/**
 * struct zcmd - one parsed command
 * @id: device, or -1 for /sys/class/zram-control
 * @attr: attribute name
 * @value: what echo writes (without its newline)
 * @num: modprobe: num_devices (0: default); swapon: priority (-1)
 */
struct zcmd {
	enum zop op;
	int id;
	char attr[64];
	char value[256];
	long num;
};

struct zscript {
	struct sm_zram_ctl *ctl;
	size_t log_seen;
};

#define WHY(...) (snprintf(why, len, __VA_ARGS__), -EINVAL)

/* ---- parsing ------------------------------------------------------------ */

/* "zram<N>..." -> N, and where the digits end; NULL if it is not that */
static const char *parse_id(const char *s, int *id)
{
	char *end;
	long v;

	if (strncmp(s, "zram", 4) || !isdigit((unsigned char)s[4]))
		return NULL;
	v = strtol(s + 4, &end, 10);
	if (v > 1048575)
		return NULL;
	*id = (int)v;
	return end;
}

/* /dev/zram<N> or zram<N> */
static bool parse_dev(const char *s, int *id)
{
	const char *end;

	if (!strncmp(s, "/dev/", 5))
		s += 5;
	end = parse_id(s, id);
	return end && !*end;
}

/* /sys/block/zram<N>/ATTR, zram<N>/ATTR, /sys/class/zram-control/ATTR */
static bool parse_attr(const char *s, struct zcmd *c)
{
	const char *slash;

	if (!strncmp(s, "/sys/class/zram-control/", 24)) {
		c->id = -1;
		s += 24;
	} else {
		if (!strncmp(s, "/sys/block/", 11))
			s += 11;
		slash = parse_id(s, &c->id);
		if (!slash || *slash != '/')
			return false;
		s = slash + 1;
	}
	if (!*s || strchr(s, '/') || strlen(s) >= sizeof(c->attr))
		return false;
	strcpy(c->attr, s);
	return true;
}

static int parse_modprobe(char *const *w, int n, struct zcmd *c, char *why,
			  size_t len)
{
	char *end;

	if (n == 3 && !strcmp(w[1], "-r") && !strcmp(w[2], "zram")) {
		c->op = ZOP_RMMOD;
		return 0;
	}
	c->op = ZOP_MODPROBE;
	if (n < 2 || n > 3 || strcmp(w[1], "zram"))
		return WHY("usage: modprobe [-r] zram [num_devices=N] (only "
			   "zram is modelled)");
	if (n == 3) {
		if (strncmp(w[2], "num_devices=", 12))
			return WHY("modprobe zram: unknown parameter '%s'", w[2]);
		c->num = strtol(w[2] + 12, &end, 10);
		if (*end || end == w[2] + 12 || c->num < 1 || c->num > 4096)
			return WHY("modprobe zram: num_devices must be 1..4096, "
				   "not '%s'", w[2] + 12);
	}
	return 0;
}

/* echo VALUE > PATH (quotes around VALUE are the shell's, dropped) */
static int parse_echo(char *const *w, int n, struct zcmd *c, char *why,
		      size_t len)
{
	size_t l;

	c->op = ZOP_ECHO;
	if (n != 4 || strcmp(w[2], ">"))
		return WHY("usage: echo VALUE > /sys/block/zram<N>/ATTR");
	if (!parse_attr(w[3], c))
		return WHY("echo: '%s' is not a zram attribute", w[3]);
	l = strlen(w[1]);
	if (l >= 2 && (w[1][0] == '"' || w[1][0] == '\'') &&
	    w[1][l - 1] == w[1][0])
		snprintf(c->value, sizeof(c->value), "%.*s", (int)l - 2,
			 w[1] + 1);
	else if (l < sizeof(c->value))
		strcpy(c->value, w[1]);
	else
		return WHY("echo: value too long");
	return 0;
}

static int parse_swap(char *const *w, int n, struct zcmd *c, char *why,
		      size_t len)
{
	int at = 1;
	char *end;

	c->num = -1;
	if (c->op == ZOP_SWAPON && n == 4 && !strcmp(w[1], "-p")) {
		c->num = strtol(w[2], &end, 10);
		if (*end || end == w[2] || c->num < -1 || c->num > 32767)
			return WHY("swapon: priority must be -1..32767");
		at = 3;
	}
	if (n != at + 1 || !parse_dev(w[at], &c->id))
		return WHY("usage: %s%s /dev/zram<N>", w[0],
			   c->op == ZOP_SWAPON ? " [-p PRIO]" : "");
	return 0;
}

static int zs_parse(void *ctx, char *const *w, int n, void **cmd, char *why,
		    size_t len)
{
	struct zcmd *c;
	int ret;

	(void)ctx;
	if (strcmp(w[0], "modprobe") && strcmp(w[0], "echo") &&
	    strcmp(w[0], "cat") && strcmp(w[0], "mkswap") &&
	    strcmp(w[0], "swapon") && strcmp(w[0], "swapoff"))
		return 1;
	c = calloc(1, sizeof(*c));
	if (!c)
		return WHY("out of memory");
	if (!strcmp(w[0], "modprobe")) {
		ret = parse_modprobe(w, n, c, why, len);
	} else if (!strcmp(w[0], "echo")) {
		ret = parse_echo(w, n, c, why, len);
	} else if (!strcmp(w[0], "cat")) {
		c->op = ZOP_CAT;
		ret = n == 2 && parse_attr(w[1], c) ? 0 :
			WHY("usage: cat /sys/block/zram<N>/ATTR");
	} else if (!strcmp(w[0], "mkswap")) {
		c->op = ZOP_MKSWAP;
		ret = n == 2 && parse_dev(w[1], &c->id) ? 0 :
			WHY("usage: mkswap /dev/zram<N>");
	} else {
		c->op = strcmp(w[0], "swapon") ? ZOP_SWAPOFF : ZOP_SWAPON;
		ret = parse_swap(w, n, c, why, len);
	}
	if (ret) {
		free(c);
		return ret;
	}
	*cmd = c;
	return 0;
}

/* ---- running ------------------------------------------------------------- */

/* the zram messages since the last look, into the system's log */
static void import_log(struct zscript *z, struct sm_system *sys)
{
	size_t n = z->ctl ? sm_zram_ctl_log_count(z->ctl) : 0;

	for (; z->log_seen < n; z->log_seen++)
		sm_mm_log_add(sys, SM_LOG_INFO,
			      sm_zram_ctl_log_at(z->ctl, z->log_seen));
}

static int do_modprobe(struct zscript *z, struct sm_system *sys,
		       const struct zcmd *c)
{
	struct sm_zram_options o = {
		.num_devices = (unsigned int)c->num,
		.system = sys,
	};

	if (z->ctl)	/* loaded already: modprobe does nothing */
		return 0;
	z->log_seen = 0;
	return sm_zram_ctl_create(sm_boot_profile_id(sm_mm_system_board(sys)->profile),
				  &o, &z->ctl);
}

static int do_rmmod(struct zscript *z, struct sm_system *sys)
{
	char msg[64];

	if (!z->ctl)
		return -ENOENT;
	for (struct sm_zram *d = sm_zram_ctl_next(z->ctl, 0); d;
	     d = sm_zram_ctl_next(z->ctl, sm_zram_id(d) + 1))
		if (sm_zram_openers(d))
			return -EBUSY;	/* "Module zram is in use" */
	import_log(z, sys);
	for (struct sm_zram *d = sm_zram_ctl_next(z->ctl, 0); d;
	     d = sm_zram_ctl_next(z->ctl, sm_zram_id(d) + 1)) {
		snprintf(msg, sizeof(msg), "zram: Removed device: %s",
			 sm_zram_name(d));	/* zram_remove() */
		sm_mm_log_add(sys, SM_LOG_INFO, msg);
	}
	sm_zram_ctl_destroy(z->ctl);
	z->ctl = NULL;
	return 0;
}

static struct sm_zram *dev_of(struct zscript *z, int id)
{
	return z->ctl ? sm_zram_ctl_dev(z->ctl, id) : NULL;
}

static int do_echo(struct zscript *z, const struct zcmd *c)
{
	char buf[sizeof(c->value) + 1];
	struct sm_zram *d = dev_of(z, c->id);
	size_t l = (size_t)snprintf(buf, sizeof(buf), "%s\n", c->value);
	ssize_t ret;

	if (c->id < 0)
		ret = z->ctl ? sm_zram_ctl_attr_write(z->ctl, c->attr, buf, l)
			     : -ENOENT;
	else
		ret = d ? sm_zram_attr_write(d, c->attr, buf, l) : -ENOENT;
	return ret < 0 ? (int)ret : 0;
}

static int do_cat(struct zscript *z, const struct zcmd *c,
		  const struct sm_mm_script_io *io)
{
	char buf[8192];
	struct sm_zram *d = dev_of(z, c->id);
	ssize_t ret;

	if (c->id < 0)
		ret = z->ctl ? sm_zram_ctl_attr_read(z->ctl, c->attr, buf,
						     sizeof(buf) - 1) : -ENOENT;
	else
		ret = d ? sm_zram_attr_read(d, c->attr, buf, sizeof(buf) - 1)
			: -ENOENT;
	if (ret < 0)
		return (int)ret;
	buf[ret] = '\0';
	if (io && io->out)
		io->out(io->ctx, buf);
	return 0;
}

static int do_dev(struct zscript *z, struct sm_system *sys,
		  const struct zcmd *c)
{
	/* a fixed UUID: scripts give the same figures on every run */
	static const uint8_t uuid[16] = { 0x5c, 0x3e, 0x0a, 0x11, 0, 0, 0x40,
					  0, 0x80 };
	struct sm_zram *d = dev_of(z, c->id);

	if (!d)
		return -ENOENT;
	switch (c->op) {
	case ZOP_MKSWAP:
		return sm_zram_mkswap(d, uuid, NULL);
	case ZOP_SWAPON:
		return sm_zram_swapon(d, sys, (int)c->num);
	default:
		return sm_zram_swapoff(d, sys);
	}
}

static int zs_run(void *ctx, struct sm_system *sys, void *cmd,
		  const struct sm_mm_script_io *io, int64_t *last, char *why,
		  size_t len)
{
	struct zscript *z = ctx;
	const struct zcmd *c = cmd;
	int ret;

	(void)why;
	(void)len;
	switch (c->op) {
	case ZOP_MODPROBE: ret = do_modprobe(z, sys, c); break;
	case ZOP_RMMOD: ret = do_rmmod(z, sys); break;
	case ZOP_ECHO: ret = do_echo(z, c); break;
	case ZOP_CAT: ret = do_cat(z, c, io); break;
	default: ret = do_dev(z, sys, c); break;
	}
	import_log(z, sys);
	*last = ret;
	return 0;
}

/* ---- variables ------------------------------------------------------------- */

struct field {
	const char *group;
	const char *name;
	size_t off;
};

#define F(g, n) { g, #n, offsetof(struct sm_zram_stats, n) }

static const struct field fields[] = {
	F("mm_stat", orig_data_size), F("mm_stat", compr_data_size),
	F("mm_stat", mem_used_total), F("mm_stat", mem_limit),
	F("mm_stat", mem_used_max), F("mm_stat", same_pages),
	F("mm_stat", pages_compacted), F("mm_stat", huge_pages),
	F("mm_stat", huge_pages_since), F("io_stat", failed_reads),
	F("io_stat", failed_writes), F("io_stat", invalid_io),
	F("io_stat", notify_free), F("bd_stat", bd_count),
	F("bd_stat", bd_reads), F("bd_stat", bd_writes),
	F("debug_stat", writestall), F("debug_stat", miss_free),
};

/* "mm_stat.orig_data_size" -> the field; NULL if there is none */
static const struct field *find_field(const char *s)
{
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		size_t l = strlen(fields[i].group);

		if (!strncmp(s, fields[i].group, l) && s[l] == '.' &&
		    !strcmp(s + l + 1, fields[i].name))
			return &fields[i];
	}
	return NULL;
}

static int dev_var(struct zscript *z, int id, const char *rest, bool check,
		   int64_t *v)
{
	const struct field *f = find_field(rest);
	struct sm_zram *d;
	struct sm_zram_stats st;

	if (!f && strcmp(rest, "exists") && strcmp(rest, "disksize"))
		return -ENOENT;
	if (check)
		return 0;
	d = dev_of(z, id);
	*v = 0;
	if (!strcmp(rest, "exists"))
		*v = d != NULL;
	else if (d && !strcmp(rest, "disksize"))
		*v = (int64_t)sm_zram_disksize(d);
	else if (d) {
		sm_zram_get_stats(d, &st);
		memcpy(v, (const char *)&st + f->off, sizeof(*v));
	}
	return 0;
}

static int zs_var(void *ctx, struct sm_system *sys, const char *name,
		  bool check, int64_t *v)
{
	struct zscript *z = ctx;
	const char *end;
	int id;

	(void)sys;
	if (!strcmp(name, "zram.devices")) {
		*v = 0;
		for (struct sm_zram *d = z->ctl ? sm_zram_ctl_next(z->ctl, 0)
						: NULL;
		     d; d = sm_zram_ctl_next(z->ctl, sm_zram_id(d) + 1))
			(*v)++;
		return 0;
	}
	end = parse_id(name, &id);
	if (!end || *end != '.')
		return -ENOENT;
	return dev_var(z, id, end + 1, check, v);
}

/* the script is over: swap off, unload */
static void zs_end(void *ctx, struct sm_system *sys)
{
	struct zscript *z = ctx;

	if (!z->ctl)
		return;
	for (struct sm_zram *d = sm_zram_ctl_next(z->ctl, 0); d;
	     d = sm_zram_ctl_next(z->ctl, sm_zram_id(d) + 1))
		sm_zram_swapoff(d, sys);
	sm_zram_ctl_destroy(z->ctl);
	z->ctl = NULL;
}

int sm_zram_script_ext(struct sm_mm_script_ext *ext)
{
	struct zscript *z = calloc(1, sizeof(*z));

	if (!z)
		return -ENOMEM;
	*ext = (struct sm_mm_script_ext){
		.ctx = z,
		.parse = zs_parse,
		.run = zs_run,
		.var = zs_var,
		.end = zs_end,
		.free_cmd = free,
	};
	return 0;
}

void sm_zram_script_ext_free(struct sm_mm_script_ext *ext)
{
	struct zscript *z = ext->ctx;

	if (z)
		sm_zram_ctl_destroy(z->ctl);
	free(z);
	ext->ctx = NULL;
}
