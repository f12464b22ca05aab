// SPDX-License-Identifier: MIT
/*
 * kconfig.c - reading a kernel .config (socmem/kconfig.h): the lines
 * `CONFIG_NAME=VALUE` and `# CONFIG_NAME is not set` of the options the
 * model has; every other line is ignored, as a .config of any build names
 * thousands the model has nothing to do with. A gzip file (/proc/config.gz,
 * a build's config-*.gz) is read through zlib, loaded only then (as the
 * compressors load theirs: most commands never read one).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dlfcn.h>
#include <stdint.h>

#include <socmem/kconfig.h>

#include "internal.h"

static const char *const zcomp_names[SM_ZCOMP_COUNT] = {
	[SM_ZCOMP_LZO] = "lzo",
	[SM_ZCOMP_LZO_RLE] = "lzo-rle",
	[SM_ZCOMP_LZ4] = "lz4",
	[SM_ZCOMP_LZ4HC] = "lz4hc",
	[SM_ZCOMP_ZSTD] = "zstd",
	[SM_ZCOMP_DEFLATE] = "deflate",
	[SM_ZCOMP_842] = "842",
};

/* the option suffix of CONFIG_ZRAM_BACKEND_<X> and CONFIG_CRYPTO_<X> */
static const char *const zcomp_opts[SM_ZCOMP_COUNT] = {
	[SM_ZCOMP_LZO] = "LZO",
	[SM_ZCOMP_LZO_RLE] = NULL,	/* lzo-rle comes with LZO */
	[SM_ZCOMP_LZ4] = "LZ4",
	[SM_ZCOMP_LZ4HC] = "LZ4HC",
	[SM_ZCOMP_ZSTD] = "ZSTD",
	[SM_ZCOMP_DEFLATE] = "DEFLATE",
	[SM_ZCOMP_842] = "842",
};

void sm_boot_kconfig_init(struct sm_kconfig *k)
{
	memset(k, 0, sizeof(*k));
	k->cma_areas = -1;
	k->cma_size_mbytes = -1;
	k->force_max_order = -1;
}

const char *sm_boot_zcomp_id_name(enum sm_zcomp_id id)
{
	return (unsigned int)id < SM_ZCOMP_COUNT ? zcomp_names[id] : NULL;
}

static enum sm_kopt *bool_opt(struct sm_kconfig *k, const char *name)
{
	static const char zb[] = "ZRAM_BACKEND_", cr[] = "CRYPTO_";
	const struct { const char *name; size_t off; } opts[] = {
		{ "ZONE_DMA", offsetof(struct sm_kconfig, zone_dma) },
		{ "ZONE_DMA32", offsetof(struct sm_kconfig, zone_dma32) },
		{ "CMA_DEBUGFS", offsetof(struct sm_kconfig, cma_debugfs) },
		{ "CMA_SYSFS", offsetof(struct sm_kconfig, cma_sysfs) },
		{ "TRANSPARENT_HUGEPAGE", offsetof(struct sm_kconfig, thp) },
		{ "HUGETLB_PAGE", offsetof(struct sm_kconfig, hugetlb_page) },
		{ "COMPACTION", offsetof(struct sm_kconfig, compaction) },
	};
	enum sm_kopt *set = NULL;
	const char *x = NULL;

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strcmp(name, opts[i].name))
			return (enum sm_kopt *)((char *)k + opts[i].off);
	if (!strncmp(name, zb, sizeof(zb) - 1)) {
		x = name + sizeof(zb) - 1;
		set = k->zram_backend;
	} else if (!strncmp(name, cr, sizeof(cr) - 1)) {
		x = name + sizeof(cr) - 1;
		set = k->crypto;
	}
	for (int i = 0; x && i < SM_ZCOMP_COUNT; i++)
		if (zcomp_opts[i] && !strcmp(x, zcomp_opts[i]))
			return &set[i];
	return NULL;
}

static long *num_opt(struct sm_kconfig *k, const char *name)
{
	if (!strcmp(name, "CMA_AREAS"))
		return &k->cma_areas;
	if (!strcmp(name, "CMA_SIZE_MBYTES"))
		return &k->cma_size_mbytes;
	if (!strcmp(name, "ARCH_FORCE_MAX_ORDER"))
		return &k->force_max_order;
	return NULL;
}

/* one line; -EINVAL when an option the model uses has a bad value */
static int kconfig_line(struct sm_kconfig *k, char *line, unsigned int lineno,
			struct sm_diag *diag)
{
	char *name, *val, *end;
	enum sm_kopt *b;
	long *n;

	line[strcspn(line, "\r\n")] = '\0';
	if (!strncmp(line, "# CONFIG_", 9)) {
		name = line + 9;
		end = strstr(name, " is not set");
		if (!end || end[11])
			return 0;
		*end = '\0';
		b = bool_opt(k, name);
		if (b)
			*b = SM_KOPT_N;
		return 0;
	}
	if (strncmp(line, "CONFIG_", 7) || !(val = strchr(line, '=')))
		return 0;
	name = line + 7;
	*val++ = '\0';
	b = bool_opt(k, name);
	if (b) {
		if (!strcmp(val, "y"))
			*b = SM_KOPT_Y;
		else if (!strcmp(val, "m"))
			*b = SM_KOPT_M;
		else if (!strcmp(val, "n"))
			*b = SM_KOPT_N;
		else
			return sm_dt_diag_set(diag, -EINVAL,
					      "%s:%u: CONFIG_%s=%s: must be y, m or n",
					      k->path, lineno, name, val);
		return 0;
	}
	n = num_opt(k, name);
	if (n) {
		errno = 0;
		*n = strtol(val, &end, 0);
		if (errno || end == val || *end || *n < 0 || *n > 1 << 20)
			return sm_dt_diag_set(diag, -EINVAL,
					      "%s:%u: CONFIG_%s=%s: not a number",
					      k->path, lineno, name, val);
	}
	return 0;
}

/* zlib's gz reader, the five calls it takes (zlib.h's prototypes) */
struct gz_lib {
	void *(*open)(const char *path, const char *mode);
	char *(*gets)(void *f, char *buf, int len);
	int (*eof)(void *f);
	const char *(*error)(void *f, int *err);
	int (*close)(void *f);
};

static int gz_load(struct gz_lib *z)
{
	static const char *const names[] = {
		"gzopen", "gzgets", "gzeof", "gzerror", "gzclose",
	};
	void **slots = (void **)z;
	void *h = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return -ELIBACC;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!(slots[i] = dlsym(h, names[i])))
			return -ELIBACC;
	return 0;
}

static bool is_gzip(FILE *f)
{
	unsigned char m[2];
	bool gz = fread(m, 1, 2, f) == 2 && m[0] == 0x1f && m[1] == 0x8b;

	rewind(f);
	return gz;
}

static int read_gzip(const char *path, struct sm_kconfig *k,
		     struct sm_diag *diag)
{
	struct gz_lib z;
	char line[1024];
	unsigned int lineno = 0;
	int ret = 0, zerr = 0;
	void *f;

	if (gz_load(&z))
		return sm_dt_diag_set(diag, -ELIBACC,
				      "%s: gzip, and libz.so.1 cannot be loaded",
				      path);
	errno = 0;
	f = z.open(path, "rb");
	if (!f)
		return sm_dt_diag_set(diag, errno ? -errno : -ENOMEM, "%s: %s",
				      path, strerror(errno ? errno : ENOMEM));
	while (!ret && z.gets(f, line, sizeof(line))) {
		lineno++;
		ret = kconfig_line(k, line, lineno, diag);
	}
	if (!ret && !z.eof(f))
		ret = sm_dt_diag_set(diag, -EIO, "%s: %s", path,
				     z.error(f, &zerr));
	z.close(f);
	return ret;
}

int sm_boot_kconfig_read(const char *path, struct sm_kconfig *k,
			 struct sm_diag *diag)
{
	char line[1024];
	unsigned int lineno = 0;
	int ret = 0;
	FILE *f;

	sm_boot_kconfig_init(k);
	k->path = path;
	f = fopen(path, "re");
	if (!f)
		return sm_dt_diag_set(diag, -errno, "%s: %s", path,
				      strerror(errno));
	if (is_gzip(f)) {
		fclose(f);
		return read_gzip(path, k, diag);
	}
	while (!ret && fgets(line, sizeof(line), f)) {
		lineno++;
		ret = kconfig_line(k, line, lineno, diag);
	}
	if (!ret && ferror(f))
		ret = sm_dt_diag_set(diag, -EIO, "%s: read error", path);
	fclose(f);
	return ret;
}

bool sm_boot_kconfig_zram_has(const struct sm_kconfig *k, bool crypto_api,
			      const char *name, bool dflt)
{
	int id = -1;
	enum sm_kopt o;

	for (int i = 0; i < SM_ZCOMP_COUNT; i++)
		if (!strcmp(name, zcomp_names[i]))
			id = i;
	if (!k || id < 0)
		return dflt;
	if (id == SM_ZCOMP_LZO_RLE)
		id = SM_ZCOMP_LZO;
	o = crypto_api ? k->crypto[id] : k->zram_backend[id];
	return o == SM_KOPT_UNSET ? dflt : o != SM_KOPT_N;
}
