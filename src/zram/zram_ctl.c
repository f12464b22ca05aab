// SPDX-License-Identifier: MIT
/*
 * zram_ctl.c - the zram module: devices created at load (num_devices),
 * /sys/class/zram-control/hot_add and hot_remove, and the kernel log the
 * driver writes (drivers/block/zram/zram_drv.c: zram_init(), zram_add(),
 * zram_remove(), hot_add_show(), hot_remove_store()).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

void sm_zram_log(struct sm_zram_ctl *ctl, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	char *copy;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (ctl->log_count == ctl->log_cap) {
		size_t cap = ctl->log_cap ? ctl->log_cap * 2 : 16;
		char **l = realloc(ctl->log, cap * sizeof(*l));

		if (!l)
			return;	/* the log is best effort, like printk */
		ctl->log = l;
		ctl->log_cap = cap;
	}
	copy = strdup(line);
	if (copy)
		ctl->log[ctl->log_count++] = copy;
}

int64_t sm_zram_now(const struct sm_zram *zram)
{
	const struct sm_zram_options *o = &zram->ctl->opts;
	struct timespec ts;

	if (o->clock_ns)
		return o->clock_ns(o->clock_ctx);
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* idr_alloc(): the lowest free id */
static int alloc_id(struct sm_zram_ctl *ctl)
{
	int id;

	for (id = 0; id < ctl->ndevs; id++)
		if (!ctl->devs[id])
			return id;
	if (ctl->ndevs == (1 << 20))	/* MINORMASK: zram's minors */
		return -ENOSPC;
	{
		int n = ctl->ndevs ? ctl->ndevs * 2 : 4;
		struct sm_zram **d = realloc(ctl->devs, (size_t)n * sizeof(*d));

		if (!d)
			return -ENOMEM;
		memset(d + ctl->ndevs, 0,
		       (size_t)(n - ctl->ndevs) * sizeof(*d));
		ctl->devs = d;
		ctl->ndevs = n;
	}
	return id;
}

/* zram_add(): Return: the new device's id, or a negative errno */
static int ctl_add(struct sm_zram_ctl *ctl)
{
	struct sm_zram *zram;
	int id = alloc_id(ctl), err;

	if (id < 0)
		return id;
	err = sm_zram_dev_add(ctl, &zram);
	if (err)
		return err;
	zram->id = id;
	snprintf(zram->name, sizeof(zram->name), "zram%d", id);
	ctl->devs[id] = zram;
	sm_zram_log(ctl, "zram: Added device: %s", zram->name);
	return id;
}

/* zram_remove(): refused while the device is open */
static int ctl_remove(struct sm_zram_ctl *ctl, struct sm_zram *zram)
{
	if (zram->openers || zram->claim)
		return -EBUSY;
	sm_zram_reset_device(zram);
	sm_zram_log(ctl, "zram: Removed device: %s", zram->name);
	ctl->devs[zram->id] = NULL;
	sm_zram_dev_free(zram);
	return 0;
}

/*
 * Every name a build's zram can list, in the order of its backends[]:
 * 6.1's crypto-API list (zcomp.c), 6.12's own backends. A .config adds
 * or drops names (CONFIG_CRYPTO_<X>, CONFIG_ZRAM_BACKEND_<X>); a name
 * socmem has no compressor for is never added.
 */
static const char *const order_crypto[] = {
	"lzo", "lzo-rle", "lz4", "lz4hc", "842", "zstd", NULL,
};
static const char *const order_own[] = {
	"lzo-rle", "lzo", "lz4", "lz4hc", "zstd", "deflate", "842", NULL,
};

static bool listed(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

static void ctl_backends(struct sm_zram_ctl *ctl)
{
	const struct zram_profile *prof = ctl->prof;
	const struct sm_kconfig *k = ctl->opts.kconfig;
	const char *const *order = prof->crypto_api ? order_crypto : order_own;
	size_t n = 0, e = 0;

	for (; *order; order++) {
		bool dflt = listed(prof->backends, *order);

		if (sm_boot_kconfig_zram_has(k, prof->crypto_api, *order,
					     dflt) &&
		    (dflt || sm_zram_zcomp_lookup(*order)) && n < ZRAM_MAX_BACKENDS)
			ctl->backends[n++] = *order;
	}
	/* 6.1: algorithms the crypto API has beyond the list (deflate) */
	for (const char *const *x = prof->extra_algs; *x; x++)
		if (sm_boot_kconfig_zram_has(k, true, *x, true) &&
		    e < ZRAM_MAX_BACKENDS)
			ctl->extra_algs[e++] = *x;
}

int sm_zram_ctl_create(enum sm_kernel_id kernel,
		       const struct sm_zram_options *opts,
		       struct sm_zram_ctl **out)
{
	const struct zram_profile *prof = sm_zram_profile_get(kernel);
	struct sm_zram_ctl *ctl;
	unsigned int n;

	if (!prof)
		return -EINVAL;
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl)
		return -ENOMEM;
	ctl->prof = prof;
	if (opts)
		ctl->opts = *opts;
	ctl_backends(ctl);
	if (ctl->opts.system)
		sm_zram_sysmem_init(ctl);
	n = ctl->opts.num_devices ? ctl->opts.num_devices : 1;
	while (n--) {
		int err = ctl_add(ctl);

		if (err < 0) {
			sm_zram_ctl_destroy(ctl);
			return err;
		}
	}
	*out = ctl;
	return 0;
}

void sm_zram_ctl_destroy(struct sm_zram_ctl *ctl)
{
	if (!ctl)
		return;
	for (int id = 0; id < ctl->ndevs; id++) {
		if (!ctl->devs[id])
			continue;
		sm_zram_reset_device(ctl->devs[id]);
		sm_zram_dev_free(ctl->devs[id]);
	}
	for (size_t i = 0; i < ctl->log_count; i++)
		free(ctl->log[i]);
	free(ctl->log);
	free(ctl->devs);
	free(ctl);
}

enum sm_kernel_id sm_zram_ctl_kernel(const struct sm_zram_ctl *ctl)
{
	return ctl->prof->id;
}

struct sm_zram *sm_zram_ctl_dev(struct sm_zram_ctl *ctl, int id)
{
	if (id < 0 || id >= ctl->ndevs)
		return NULL;
	return ctl->devs[id];
}

struct sm_zram *sm_zram_ctl_next(struct sm_zram_ctl *ctl, int id)
{
	for (id = id < 0 ? 0 : id; id < ctl->ndevs; id++)
		if (ctl->devs[id])
			return ctl->devs[id];
	return NULL;
}

size_t sm_zram_ctl_log_count(const struct sm_zram_ctl *ctl)
{
	return ctl->log_count;
}

const char *sm_zram_ctl_log_at(const struct sm_zram_ctl *ctl, size_t i)
{
	return i < ctl->log_count ? ctl->log[i] : NULL;
}

/* hot_add is mode 0400: reading it is what creates a device */
ssize_t sm_zram_ctl_attr_read(struct sm_zram_ctl *ctl, const char *name,
			      char *buf, size_t len)
{
	char tmp[32];
	int id, n;

	if (!strcmp(name, "hot_remove"))
		return -EACCES;
	if (strcmp(name, "hot_add"))
		return -ENOENT;
	id = ctl_add(ctl);
	if (id < 0)
		return id;
	n = snprintf(tmp, sizeof(tmp), "%d\n", id);
	if ((size_t)n > len)
		n = (int)len;
	memcpy(buf, tmp, (size_t)n);
	return n;
}

ssize_t sm_zram_ctl_attr_write(struct sm_zram_ctl *ctl, const char *name,
			       const char *buf, size_t len)
{
	char tmp[ZRAM_PAGE_SIZE + 1];
	struct sm_zram *zram;
	int dev_id, err;

	if (!strcmp(name, "hot_add"))
		return -EACCES;
	if (strcmp(name, "hot_remove"))
		return -ENOENT;
	if (!len)
		return 0;
	if (len > ZRAM_PAGE_SIZE)
		len = ZRAM_PAGE_SIZE;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	err = sm_zram_kstrtoint(tmp, 10, &dev_id);
	if (err)
		return err;
	if (dev_id < 0)
		return -EINVAL;
	zram = sm_zram_ctl_dev(ctl, dev_id);
	if (!zram)
		return -ENODEV;
	err = ctl_remove(ctl, zram);
	return err ? err : (ssize_t)len;
}
