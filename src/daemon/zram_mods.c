// SPDX-License-Identifier: MIT
/*
 * zram_mods.c - the emulated system's kernel modules: zram and the
 * modules it needs on each kernel (6.1: zsmalloc; 6.12: lz4_compress and
 * lz4hc_compress; 7.2: lz4hc_compress - the `depends` of the real Debian
 * zram.ko files), loaded and unloaded as init_module()/delete_module() do
 * it (kernel/module/main.c: a module whose dependencies are not loaded
 * fails with ENOENT, a loaded one with EEXIST; a module in use - an open
 * zram device, a module depending on it - refuses to go with EWOULDBLOCK),
 * /proc/modules (kernel/module/procfs.c m_show()), and the
 * /lib/modules/<release>/ tree kmod reads: its binary indexes
 * (modules.dep.bin, ... in kmod's trie format, libkmod-index.c) and one
 * small ELF file per module whose .modinfo is the real module's, so that
 * modprobe, modinfo and lsmod run unmodified.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "zram_svc.h"

/* ---- the modules of each kernel -------------------------------------------- */

#define ZRAM_DESC "Compressed RAM Block Device"

static const struct zmod_info mods_61[] = {
	{ "zsmalloc", "kernel/mm/zsmalloc.ko", "", 36864,
	  "zsmalloc memory allocator" },
	{ "zram", "kernel/drivers/block/zram/zram.ko", "zsmalloc", 40960,
	  ZRAM_DESC },
};

static const struct zmod_info mods_612[] = {
	{ "lz4_compress", "kernel/lib/lz4/lz4_compress.ko", "", 20480,
	  "LZ4 compressor" },
	{ "lz4hc_compress", "kernel/lib/lz4/lz4hc_compress.ko", "", 20480,
	  "LZ4HC compressor" },
	{ "zram", "kernel/drivers/block/zram/zram.ko",
	  "lz4_compress,lz4hc_compress", 45056, ZRAM_DESC },
};

static const struct zmod_info mods_72[] = {
	{ "lz4hc_compress", "kernel/lib/lz4/lz4hc_compress.ko", "", 20480,
	  "LZ4HC compressor" },
	{ "zram", "kernel/drivers/block/zram/zram.ko", "lz4hc_compress", 49152,
	  ZRAM_DESC },
};

/* each kernel's release and vermagic, from its zram.ko */
static const struct {
	const struct zmod_info *mods;
	unsigned int n;
	const char *release;
	const char *vermagic;
	const char *builtin;	/* built-in modules kmod should know */
} kernels[SM_KERNEL_COUNT] = {
	/* 5.10's zram.ko also needs zsmalloc.ko (sizes are 6.1's) */
	[SM_KERNEL_5_10] = { mods_61, 2, "5.10.0-32-arm64",
			     "5.10.0-32-arm64 SMP mod_unload modversions aarch64",
			     "" },
	[SM_KERNEL_6_1] = { mods_61, 2, "6.1.0-50-arm64",
			    "6.1.0-50-arm64 SMP mod_unload modversions aarch64",
			    "" },
	[SM_KERNEL_6_12] = { mods_612, 3, "6.12.107+deb13-arm64",
			     "6.12.107+deb13-arm64 SMP mod_unload modversions "
			     "aarch64", "zsmalloc" },
	[SM_KERNEL_7_2] = { mods_72, 2, "7.2.13+deb14-arm64",
			    "7.2.13+deb14-arm64 SMP preempt mod_unload aarch64",
			    "zsmalloc" },
	/* 7.3's zram.ko: the same dependencies as 7.2's (sizes are 7.2's) */
	[SM_KERNEL_7_3] = { mods_72, 2, "7.3.4+deb13-arm64",
			    "7.3.4+deb13-arm64 SMP preempt mod_unload aarch64",
			    "zsmalloc" },
};

void sm_daemon_zram_mods_init(struct zsvc *z, enum sm_kernel_id kernel)
{
	z->nmods = kernels[kernel].n;
	for (unsigned int i = 0; i < z->nmods; i++)
		z->mods[i] = (struct zmod){ .info = &kernels[kernel].mods[i] };
	z->release = kernels[kernel].release;
}

struct zmod *sm_daemon_zram_mod_find(struct zsvc *z, const char *name)
{
	for (unsigned int i = 0; i < z->nmods; i++)
		if (!strcmp(z->mods[i].info->name, name))
			return &z->mods[i];
	return NULL;
}

/* @m is in @user's depends list */
bool sm_daemon_zram_mod_uses(const struct zmod *user, const struct zmod *m)
{
	const char *d = user->info->deps;
	size_t l = strlen(m->info->name);

	for (; *d; d += strcspn(d, ","), d += *d == ',')
		if (!strncmp(d, m->info->name, l) && (d[l] == ',' || !d[l]))
			return true;
	return false;
}

/* module_refcount(): zram counts its open devices (swap is one), a
 * library the modules that use it */
int sm_daemon_zram_mod_refcnt(struct smd *d, const struct zmod *m)
{
	struct zsvc *z = zsvc_of(d);
	int n = 0;

	if (!strcmp(m->info->name, "zram") && z->ctl) {
		for (struct sm_zram *dev = sm_zram_ctl_next(z->ctl, 0); dev;
		     dev = sm_zram_ctl_next(z->ctl, sm_zram_id(dev) + 1))
			n += sm_zram_openers(dev);
		return n;
	}
	for (unsigned int i = 0; i < z->nmods; i++)
		n += z->mods[i].loaded && sm_daemon_zram_mod_uses(&z->mods[i], m);
	return n;
}

/* the modules using @m (source_list), each followed by @sep */
void sm_daemon_zram_mod_holders(struct zsvc *z, const struct zmod *m,
				struct sm_svc_text *t, const char *sep)
{
	for (unsigned int i = 0; i < z->nmods; i++)
		if (z->mods[i].loaded && sm_daemon_zram_mod_uses(&z->mods[i], m))
			sm_daemon_svc_text_printf(t, "%s%s", z->mods[i].info->name, sep);
}

/* ---- load, unload ------------------------------------------------------------ */

/* "num_devices=N" (parse_args(): unknown parameters are ignored) */
static int zram_params(struct smd *d, const char *params, unsigned int *n)
{
	char copy[256], *save = NULL, msg[320];

	snprintf(copy, sizeof(copy), "%s", params);
	for (char *w = strtok_r(copy, " \t\n", &save); w;
	     w = strtok_r(NULL, " \t\n", &save)) {
		char *eq = strchr(w, '='), *end;
		unsigned long v;

		if (eq)
			*eq++ = '\0';
		if (strcmp(w, "num_devices")) {
			snprintf(msg, sizeof(msg), "zram: unknown parameter "
				 "'%s' ignored", w);
			sm_daemon_log_add(d, SM_LOG_WARN, msg);
			continue;
		}
		v = eq ? strtoul(eq, &end, 0) : 0;
		if (!eq || !*eq || *end || v > UINT32_MAX) {
			snprintf(msg, sizeof(msg), "zram: `%s' invalid for "
				 "parameter `num_devices'", eq ? eq : "");
			sm_daemon_log_add(d, SM_LOG_ERR, msg);
			return -EINVAL;
		}
		*n = (unsigned int)v;
	}
	return 0;
}

static void import_zram_log(struct smd *d)
{
	struct zsvc *z = zsvc_of(d);
	size_t n = z->ctl ? sm_zram_ctl_log_count(z->ctl) : 0;

	for (; z->log_seen < n; z->log_seen++)
		sm_daemon_log_add(d, SM_LOG_INFO,
				  sm_zram_ctl_log_at(z->ctl, z->log_seen));
}

static int zram_init(struct smd *d, const char *params)
{
	struct zsvc *z = zsvc_of(d);
	struct sm_zram_options o = { .system = d->sys, .num_devices = 1,
				     .kconfig = d->cfg.kconfig };
	int ret = zram_params(d, params, &o.num_devices);

	if (ret)
		return ret;
	if (!o.num_devices) {	/* zram_init(): nothing to add */
		o.num_devices = 1;
		ret = sm_zram_ctl_create(sm_boot_profile_id(d->board->profile),
					 &o, &z->ctl);
		if (!ret)
			ret = sm_zram_ctl_attr_write(z->ctl, "hot_remove", "0",
						     1) < 0 ? -EIO : 0;
	} else {
		ret = sm_zram_ctl_create(sm_boot_profile_id(d->board->profile),
					 &o, &z->ctl);
	}
	z->log_seen = 0;
	import_zram_log(d);
	return ret;
}

int sm_daemon_zram_mod_load(struct smd *d, const char *name, const char *params)
{
	struct zsvc *z = zsvc_of(d);
	struct zmod *m = sm_daemon_zram_mod_find(z, name);
	int ret = 0;

	if (!m)
		return -ENOEXEC;	/* a module the model does not have */
	if (m->loaded)
		return -EEXIST;
	for (unsigned int i = 0; i < z->nmods; i++)
		if (sm_daemon_zram_mod_uses(m, &z->mods[i]) && !z->mods[i].loaded)
			return -ENOENT;	/* "Unknown symbol in module" */
	if (!strcmp(name, "zram"))
		ret = zram_init(d, params);
	if (ret)
		return ret;
	m->loaded = true;
	m->seq = ++z->seq;
	return sm_daemon_svc_files_mirror_sync(d);
}

int sm_daemon_zram_mod_unload(struct smd *d, const char *name,
			      unsigned int flags)
{
	struct zsvc *z = zsvc_of(d);
	struct zmod *m = sm_daemon_zram_mod_find(z, name);
	char msg[64];

	(void)flags;	/* no forced unload (CONFIG_MODULE_FORCE_UNLOAD off) */
	if (!m || !m->loaded)
		return -ENOENT;
	if (sm_daemon_zram_mod_refcnt(d, m))
		return -EWOULDBLOCK;
	if (!strcmp(name, "zram")) {
		for (struct sm_zram *dev = sm_zram_ctl_next(z->ctl, 0); dev;
		     dev = sm_zram_ctl_next(z->ctl, sm_zram_id(dev) + 1)) {
			snprintf(msg, sizeof(msg), "zram: Removed device: %s",
				 sm_zram_name(dev));
			sm_daemon_log_add(d, SM_LOG_INFO, msg);
		}
		sm_zram_ctl_destroy(z->ctl);
		z->ctl = NULL;
	}
	m->loaded = false;
	return sm_daemon_svc_files_mirror_sync(d);
}

/* m_show(): newest first */
void sm_daemon_svc_zram_modules_show(struct smd *d, struct sm_svc_text *t)
{
	struct zsvc *z = zsvc_of(d);

	for (uint64_t seq = z->seq; seq > 0; seq--)
		for (unsigned int i = 0; i < z->nmods; i++) {
			struct zmod *m = &z->mods[i];
			size_t at;

			if (!m->loaded || m->seq != seq)
				continue;
			sm_daemon_svc_text_printf(t, "%s %u %d ", m->info->name,
						  m->info->size, sm_daemon_zram_mod_refcnt(d, m));
			at = t->len;
			sm_daemon_zram_mod_holders(z, m, t, ",");
			if (t->len == at)
				sm_daemon_svc_text_printf(t, "-");
			sm_daemon_svc_text_printf(t, " Live 0x0000000000000000\n");
		}
}

/* ---- kmod's index files (libkmod-index.c) -------------------------------- */

#define INDEX_MAGIC 0xB007F457u
#define INDEX_VERSION 0x00020001u
#define NODE_PREFIX 0x80000000u
#define NODE_VALUES 0x40000000u
#define NODE_CHILDS 0x20000000u

struct ikey {
	const char *key;
	const char *value;
};

static void put32(FILE *f, uint32_t v)
{
	uint32_t be = htonl(v);

	fwrite(&be, 4, 1, f);
}

/*
 * A trie node for keys @k[0..@n) (sorted, all equal up to @depth):
 * children first, then the node (what depmod's index_write__node() does);
 * Return: its offset with the flags.
 */
static uint32_t write_node(FILE *f, const struct ikey *k, size_t n,
			   size_t depth)
{
	uint32_t child[128] = { 0 }, off;
	size_t p = depth, i = 0, nvals = 0;
	int first = 128, last = -1;

	/* the prefix: as long as every key goes on with the same byte */
	while (n && k[0].key[p]) {
		size_t j;

		for (j = 1; j < n && k[j].key[p] == k[0].key[p]; j++)
			;
		if (j < n)
			break;
		p++;
	}
	while (i < n && !k[i].key[p])
		nvals++, i++;
	while (i < n) {
		int c = (unsigned char)k[i].key[p] & 127;
		size_t j = i;

		while (j < n && ((unsigned char)k[j].key[p] & 127) == c)
			j++;
		child[c] = write_node(f, k + i, j - i, p + 1);
		first = c < first ? c : first;
		last = c;
		i = j;
	}
	off = (uint32_t)ftell(f);
	if (p > depth) {
		fwrite(k[0].key + depth, 1, p - depth, f);
		fputc('\0', f);
		off |= NODE_PREFIX;
	}
	if (last >= 0) {
		fputc(first, f);
		fputc(last, f);
		for (int c = first; c <= last; c++)
			put32(f, child[c]);
		off |= NODE_CHILDS;
	}
	if (nvals) {
		put32(f, (uint32_t)nvals);
		for (size_t v = 0; v < nvals; v++) {
			put32(f, 0);	/* priority */
			fputs(k[v].value, f);
			fputc('\0', f);
		}
		off |= NODE_VALUES;
	}
	return off;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct ikey *)a)->key,
		      ((const struct ikey *)b)->key);
}

static int write_index(const char *path, struct ikey *k, size_t n)
{
	FILE *f = fopen(path, "we");
	uint32_t root;

	if (!f)
		return -errno;
	if (n)
		qsort(k, n, sizeof(*k), cmp_key);
	put32(f, INDEX_MAGIC);
	put32(f, INDEX_VERSION);
	put32(f, 0);
	root = write_node(f, k, n, 0);
	fseek(f, 8, SEEK_SET);
	put32(f, root);
	return fclose(f) ? -EIO : 0;
}

/* ---- the module files -------------------------------------------------- */

/* the module's .modinfo strings, each with its NUL; Return: length */
static size_t modinfo(const struct zmod_info *m, const char *vermagic,
		      char *buf, size_t len)
{
	bool zram = !strcmp(m->name, "zram");
	const char *s[] = {
		"description=", m->desc, "license=",
		zram ? "Dual BSD/GPL" : "GPL", "depends=", m->deps,
		"intree=", "Y", "name=", m->name, "vermagic=", vermagic,
		zram ? "parm=" : NULL,
		"num_devices:Number of pre-created zram devices",
		"parmtype=", "num_devices:uint",
	};
	size_t at = 0;

	for (size_t i = 0; i < sizeof(s) / sizeof(*s) && s[i]; i += 2)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", s[i],
				       s[i + 1]) + 1;
	return at;
}

/* an ELF64 relocatable for aarch64 with .modinfo, what kmod reads */
static int write_ko(const char *path, const struct zmod_info *m,
		    const char *vermagic)
{
	static const char shstr[] = "\0.modinfo\0.shstrtab";
	char info[768];
	uint8_t eh[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	uint8_t sh[3][64] = { { 0 } };
	uint64_t n = modinfo(m, vermagic, info, sizeof(info));
	uint64_t off_info = 64, off_str = off_info + n, strsz = sizeof(shstr);
	uint64_t off_sh = (off_str + strsz + 7) & ~7ULL;
	FILE *f = fopen(path, "we");

	if (!f)
		return -errno;
	eh[16] = 1;			/* e_type: ET_REL */
	eh[18] = 183;			/* e_machine: EM_AARCH64 */
	eh[20] = 1;			/* e_version */
	memcpy(eh + 40, &off_sh, 8);	/* e_shoff */
	eh[52] = 64;			/* e_ehsize */
	eh[58] = 64;			/* e_shentsize */
	eh[60] = 3;			/* e_shnum */
	eh[62] = 2;			/* e_shstrndx */
	/* Elf64_Shdr: name 0, type 4, flags 8, offset 24, size 32, align 48 */
	sh[1][0] = 1, sh[1][4] = 1, sh[1][8] = 2, sh[1][48] = 1;
	memcpy(sh[1] + 24, &off_info, 8);
	memcpy(sh[1] + 32, &n, 8);
	sh[2][0] = 10, sh[2][4] = 3, sh[2][48] = 1;
	memcpy(sh[2] + 24, &off_str, 8);
	memcpy(sh[2] + 32, &strsz, 8);
	fwrite(eh, 1, 64, f);
	fwrite(info, 1, n, f);
	fwrite(shstr, 1, strsz, f);
	for (uint64_t at = off_str + strsz; at < off_sh; at++)
		fputc(0, f);
	fwrite(sh, 1, sizeof(sh), f);
	return fclose(f) ? -EIO : 0;
}

static int mkdirs(const char *path)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s", path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0700) && errno != EEXIST)
				return -errno;
			*s = '/';
		}
	return mkdir(p, 0700) && errno != EEXIST ? -errno : 0;
}

/* "a.ko: b.ko c.ko" for modules.dep (dependencies, nearest first) */
static void dep_line(const struct zsvc *z, const struct zmod_info *m,
		     char *buf, size_t len)
{
	size_t at = (size_t)snprintf(buf, len, "%s:", m->file);

	for (int i = (int)z->nmods - 1; i >= 0 && at < len; i--)
		if (sm_daemon_zram_mod_uses(&(struct zmod){ .info = m },
					    &z->mods[i]))
			at += (size_t)snprintf(buf + at, len - at, " %s",
					       z->mods[i].info->file);
}

static int write_indexes(struct zsvc *z, enum sm_kernel_id kernel,
			 const char *dir)
{
	char deps[ZMOD_MAX][512], p[4096 + 64];
	struct ikey k[ZMOD_MAX] = { { 0 } }, b[1] = { { 0 } };
	struct {
		const char *file;
		struct ikey *keys;
		size_t n;
	} idx[] = {
		{ "modules.dep.bin", k, z->nmods },
		{ "modules.builtin.bin", b, 0 },
		{ "modules.alias.bin", NULL, 0 },
		{ "modules.symbols.bin", NULL, 0 },
		{ "modules.builtin.alias.bin", NULL, 0 },
	};
	int ret = 0;

	for (unsigned int i = 0; i < z->nmods; i++) {
		dep_line(z, z->mods[i].info, deps[i], sizeof(deps[i]));
		k[i] = (struct ikey){ z->mods[i].info->name, deps[i] };
	}
	if (kernels[kernel].builtin[0]) {	/* modprobe finds it built in */
		b[0] = (struct ikey){ kernels[kernel].builtin, "" };
		idx[1].n = 1;
	}
	for (size_t i = 0; !ret && i < sizeof(idx) / sizeof(*idx); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, idx[i].file);
		ret = write_index(p, idx[i].keys, idx[i].n);
	}
	return ret;
}

/* $STATE/lib/modules/<release>/: indexes, modules.dep, the .ko files */
int sm_daemon_zram_mods_tree(struct smd *d, struct sm_diag *diag)
{
	struct zsvc *z = zsvc_of(d);
	enum sm_kernel_id k = sm_boot_profile_id(d->board->profile);
	const char *vermagic = kernels[k].vermagic;
	char dir[4096], p[4096 + 128], line[512];
	FILE *f;
	int ret;

	snprintf(dir, sizeof(dir), "%s/lib/modules/%s", d->cfg.state_dir,
		 z->release);
	ret = mkdirs(dir);
	if (!ret)
		ret = write_indexes(z, sm_boot_profile_id(d->board->profile),
				    dir);
	snprintf(p, sizeof(p), "%s/modules.dep", dir);
	f = ret ? NULL : fopen(p, "we");
	for (unsigned int i = 0; f && i < z->nmods; i++) {
		const struct zmod_info *m = z->mods[i].info;
		char ko[4096 + 128];

		dep_line(z, m, line, sizeof(line));
		fprintf(f, "%s\n", line);
		snprintf(ko, sizeof(ko), "%s/%s", dir, m->file);
		*strrchr(ko, '/') = '\0';
		ret = mkdirs(ko);
		snprintf(ko, sizeof(ko), "%s/%s", dir, m->file);
		if (!ret)
			ret = write_ko(ko, m, vermagic);
		if (ret)
			break;
	}
	if (f && fclose(f) && !ret)
		ret = -EIO;
	if (!ret && !f)
		ret = -errno;
	return ret ? sm_dt_diag_set(diag, ret, "%s: %s", dir, strerror(-ret)) : 0;
}
