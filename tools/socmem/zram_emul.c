// SPDX-License-Identifier: MIT
/*
 * zram_emul.c - the `socmem zram` backend for the emulated system: the
 * same operations as zram_sysfs.c, asked of socmemd's zram service
 * (the sm_client_zram_*() calls of include/socmem/client.h), which starts on demand like
 * every command that talks to it. Finding a free device loads the zram
 * module first when it is not loaded (with its dependencies, as modprobe
 * does), so `socmem zram -f -s 128M` works on a fresh system.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/swap.h>

#include <socmem/client.h>
#include <socmem/daemon.h>
#include <socmem/zram.h>

#include "cli.h"
#include "zram_backend.h"

struct emul {
	struct sm_daemon_client *c;
};

static int emul_next(void *ctx, int from, int *id)
{
	struct emul *e = ctx;
	struct sm_client_zdev *di;
	int best = -1;
	size_t n;
	int ret = sm_daemon_client_zram_devices(e->c, &di, &n, NULL);

	if (ret)
		return ret;
	for (size_t i = 0; i < n; i++)
		if (di[i].id >= from && (best < 0 || di[i].id < best))
			best = di[i].id;
	free(di);
	if (best < 0)
		return -ENOENT;
	*id = best;
	return 0;
}

static int emul_read(void *ctx, int id, const char *name, char *buf,
		     size_t len)
{
	struct emul *e = ctx;

	return sm_daemon_client_zram_attr_read(e->c, id, name, buf, len);
}

static int emul_write(void *ctx, int id, const char *name, const char *val)
{
	struct emul *e = ctx;

	return sm_daemon_client_zram_attr_write(e->c, id, name, val, NULL);
}

/* modprobe zram: its dependencies first (6.1 zsmalloc, 6.12 lz4...) */
static int load_zram(struct emul *e)
{
	static const char *const chain[] = { "zsmalloc", "lz4_compress",
					     "lz4hc_compress", "zram" };
	int ret = 0;

	for (size_t i = 0; i < sizeof(chain) / sizeof(*chain); i++) {
		ret = sm_daemon_client_zram_module(e->c, chain[i], "", true, 0);
		/* not this kernel's module, or loaded already */
		if (ret == -ENOEXEC || ret == -EEXIST)
			ret = 0;
		if (ret)
			break;
	}
	return ret;
}

static int emul_hot_add(void *ctx, int *id)
{
	struct emul *e = ctx;
	struct sm_client_zstate s;
	char buf[32];
	int ret = sm_daemon_client_zram_state(e->c, &s);

	if (!ret && !s.loaded) {	/* a fresh module has zram0, free */
		ret = load_zram(e);
		return ret ? ret : emul_next(e, 0, id);
	}
	ret = ret ? ret : emul_read(e, -1, "hot_add", buf, sizeof(buf));
	if (!ret && sscanf(buf, "%d", id) != 1)
		ret = -EIO;
	return ret;
}

static void emul_dev_path(void *ctx, int id, char *buf, size_t len)
{
	(void)ctx;
	snprintf(buf, len, "/dev/zram%d", id);
}

static int emul_mkswap(void *ctx, int id, const char *label)
{
	struct emul *e = ctx;
	uint8_t page[SM_ZRAM_PAGE_SIZE];
	char path[32];
	size_t count = 0;
	char size[32];
	uint8_t uuid[16];
	int ret = emul_read(e, id, "disksize", size, sizeof(size));

	if (ret)
		return ret;
	if (getrandom(uuid, sizeof(uuid), 0) != sizeof(uuid))
		return -EIO;
	uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);	/* version 4 */
	uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);
	memset(page, 0, sizeof(page));
	ret = sm_zram_swap_header(page, strtoull(size, NULL, 10), uuid, label);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "/dev/zram%d", id);
	ret = sm_daemon_client_zram_write(e->c, path, 0, 0, page, sizeof(page),
					  &count);
	return !ret && count != sizeof(page) ? -EIO : ret;
}

static int emul_swapon(void *ctx, int id, int prio)
{
	struct emul *e = ctx;
	char path[32];
	int flags = 0;

	snprintf(path, sizeof(path), "/dev/zram%d", id);
	if (prio >= 0)
		flags = SWAP_FLAG_PREFER | (prio & SWAP_FLAG_PRIO_MASK);
	return sm_daemon_client_zram_swapon(e->c, path, flags);
}

static int emul_mem_total(void *ctx, uint64_t *bytes)
{
	struct emul *e = ctx;
	struct sm_client_zstate s;
	int ret = sm_daemon_client_zram_state(e->c, &s);

	if (!ret)
		*bytes = s.mem_total;
	return ret;
}

static void emul_close(void *ctx)
{
	struct emul *e = ctx;

	sm_daemon_close(e->c);
	free(e);
}

int sm_cli_zram_emul_open(struct zram_backend *b)
{
	struct sm_daemon_connect_opts co = { .autostart = true };
	struct sm_diag diag = { 0 };
	struct emul *e = calloc(1, sizeof(*e));

	if (!e)
		return -ENOMEM;
	if (sm_daemon_connect(&co, &e->c, &diag)) {
		sm_cli_err("%s", diag.msg);
		free(e);
		return -ENODEV;
	}
	*b = (struct zram_backend){
		.name = "socmemd",
		.ctx = e,
		.next = emul_next,
		.read = emul_read,
		.write = emul_write,
		.hot_add = emul_hot_add,
		.dev_path = emul_dev_path,
		.mkswap = emul_mkswap,
		.swapon = emul_swapon,
		.mem_total = emul_mem_total,
		.close = emul_close,
	};
	return 0;
}
