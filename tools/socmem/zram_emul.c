// SPDX-License-Identifier: MIT
/*
 * zram_emul.c - the `socmem zram` backend for the emulated system: the
 * same operations as zram_sysfs.c, asked of socmemd's zram service
 * (include/socmem/daemon.h, SM_SVC_ZRAM), which starts on demand like
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

#include <socmem/daemon.h>
#include <socmem/zram.h>

#include "cli.h"
#include "zram_backend.h"

struct emul {
	struct sm_daemon_client *c;
	unsigned char buf[SM_DAEMON_MSG_MAX];
};

static int call(struct emul *e, unsigned int op, const void *req,
		size_t len, size_t *rlen)
{
	size_t l = sizeof(e->buf);
	int ret = sm_daemon_call(e->c, SM_SVC_ZRAM, op, req, len, e->buf, &l,
				 NULL, false);

	if (rlen)
		*rlen = l;
	return ret;
}

static int emul_next(void *ctx, int from, int *id)
{
	struct emul *e = ctx;
	const struct sm_zram_devices *l = (const void *)e->buf;
	const struct sm_zram_dev_info *di = (const void *)(l + 1);
	int best = -1, ret = call(e, SM_ZRAM_DEVICES, NULL, 0, NULL);

	if (ret)
		return ret;
	for (uint32_t i = 0; i < l->count; i++)
		if (di[i].id >= from && (best < 0 || di[i].id < best))
			best = di[i].id;
	if (best < 0)
		return -ENOENT;
	*id = best;
	return 0;
}

static int attr(struct emul *e, int id, const char *name, const char *val,
		size_t *rlen)
{
	struct sm_zram_attr_req q = { .id = id, .write = val != NULL };

	if (strlen(name) >= sizeof(q.attr) ||
	    (val && strlen(val) >= sizeof(q.value)))
		return -EINVAL;
	snprintf(q.attr, sizeof(q.attr), "%s", name);
	snprintf(q.value, sizeof(q.value), "%s", val ? val : "");
	return call(e, SM_ZRAM_ATTR, &q, sizeof(q), rlen);
}

static int emul_read(void *ctx, int id, const char *name, char *buf,
		     size_t len)
{
	struct emul *e = ctx;
	size_t n;
	int ret = attr(e, id, name, NULL, &n);

	if (ret)
		return ret;
	if (n >= len)
		n = len - 1;
	memcpy(buf, e->buf, n);
	buf[n] = '\0';
	return 0;
}

static int emul_write(void *ctx, int id, const char *name, const char *val)
{
	return attr(ctx, id, name, val, NULL);
}

/* modprobe zram: its dependencies first (6.1 zsmalloc, 6.12 lz4...) */
static int load_zram(struct emul *e)
{
	static const char *const chain[] = { "zsmalloc", "lz4_compress",
					     "lz4hc_compress", "zram" };
	struct sm_zram_module_req q = { .load = 1 };
	int ret = 0;

	for (size_t i = 0; i < sizeof(chain) / sizeof(*chain); i++) {
		snprintf(q.name, sizeof(q.name), "%s", chain[i]);
		ret = call(e, SM_ZRAM_MODULE, &q, sizeof(q), NULL);
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
	const struct sm_zram_state *s = (const void *)e->buf;
	char buf[32];
	int ret = call(e, SM_ZRAM_STATE, NULL, 0, NULL);

	if (!ret && !s->loaded) {	/* a fresh module has zram0, free */
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
	unsigned char req[sizeof(struct sm_zram_io_req) + SM_ZRAM_PAGE_SIZE];
	struct sm_zram_io_req *q = (void *)req;
	char size[32];
	uint8_t uuid[16];
	int ret = emul_read(e, id, "disksize", size, sizeof(size));

	if (ret)
		return ret;
	if (getrandom(uuid, sizeof(uuid), 0) != sizeof(uuid))
		return -EIO;
	uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);	/* version 4 */
	uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);
	memset(q, 0, sizeof(*q));
	ret = sm_zram_swap_header((uint8_t *)(q + 1),
				  strtoull(size, NULL, 10), uuid, label);
	if (ret)
		return ret;
	snprintf(q->path, sizeof(q->path), "/dev/zram%d", id);
	q->len = SM_ZRAM_PAGE_SIZE;
	return call(e, SM_ZRAM_WRITE, req, sizeof(req), NULL);
}

static int emul_swapon(void *ctx, int id, int prio)
{
	struct sm_zram_path_req q = { 0 };

	snprintf(q.path, sizeof(q.path), "/dev/zram%d", id);
	if (prio >= 0)
		q.flags = SWAP_FLAG_PREFER | ((uint32_t)prio & SWAP_FLAG_PRIO_MASK);
	return call(ctx, SM_ZRAM_SWAPON, &q, sizeof(q), NULL);
}

static int emul_mem_total(void *ctx, uint64_t *bytes)
{
	struct emul *e = ctx;
	int ret = call(e, SM_ZRAM_STATE, NULL, 0, NULL);

	if (!ret)
		*bytes = ((const struct sm_zram_state *)e->buf)->mem_total;
	return ret;
}

static void emul_close(void *ctx)
{
	struct emul *e = ctx;

	sm_daemon_close(e->c);
	free(e);
}

int zram_emul_open(struct zram_backend *b)
{
	struct sm_daemon_connect_opts co = { .autostart = true };
	struct sm_diag diag = { 0 };
	struct emul *e = calloc(1, sizeof(*e));

	if (!e)
		return -ENOMEM;
	if (sm_daemon_connect(&co, &e->c, &diag)) {
		cli_err("%s", diag.msg);
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
