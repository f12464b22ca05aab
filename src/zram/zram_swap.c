// SPDX-License-Identifier: MIT
/*
 * zram_swap.c - a zram device as swap of a running system: the page
 * mkswap(8) writes (util-linux disk-utils/mkswap.c: union swap_header,
 * version 1), and the device behind swapon as struct sm_swap_ops: slot N
 * is page N, a freed slot is freed in zram (zram_slot_free_notify()),
 * and the device stays open while it is swap (swapon claims the block
 * device, so zram's reset answers EBUSY, as on the device).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int sm_zram_swap_header(uint8_t *page, uint64_t bytes, const uint8_t *uuid,
			const char *label)
{
	uint64_t pages = bytes / ZRAM_PAGE_SIZE;
	uint32_t version = 1, last, bad = 0;

	if (pages < 10 || pages - 1 > UINT32_MAX)
		return -EINVAL;
	last = (uint32_t)(pages - 1);
	memset(page, 0, ZRAM_PAGE_SIZE);	/* old signatures wiped too */
	/* union swap_header: 1024 boot bytes, then the info block */
	memcpy(page + 1024, &version, 4);
	memcpy(page + 1028, &last, 4);
	memcpy(page + 1032, &bad, 4);
	memcpy(page + 1036, uuid, 16);
	if (label)
		strncpy((char *)page + 1052, label, 16);
	memcpy(page + ZRAM_PAGE_SIZE - 10, "SWAPSPACE2", 10);
	return 0;
}

int sm_zram_mkswap(struct sm_zram *dev, const uint8_t *uuid,
		   const char *label)
{
	uint8_t page[ZRAM_PAGE_SIZE];
	int ret = sm_zram_swap_header(page, dev->disksize, uuid, label);

	return ret ? ret : sm_zram_write(dev, 0, page);
}

static int swap_read(void *ctx, uint64_t slot, void *page)
{
	return sm_zram_read(ctx, slot, page);
}

static int swap_write(void *ctx, uint64_t slot, const void *page)
{
	return sm_zram_write(ctx, slot, page);
}

static void swap_free(void *ctx, uint64_t slot)
{
	sm_zram_slot_free_notify(ctx, slot);
}

static void swap_release(void *ctx)
{
	sm_zram_release(ctx);
}

static const struct sm_swap_ops zram_swap_ops = {
	.read = swap_read,
	.write = swap_write,
	.free = swap_free,
	.release = swap_release,
};

void sm_zram_dev_path(const struct sm_zram *dev, char *buf, size_t len)
{
	snprintf(buf, len, "/dev/%s", dev->name);
}

int sm_zram_swapon(struct sm_zram *dev, struct sm_system *sys, int prio)
{
	char path[32];
	struct sm_swap_device d = {
		.name = path,
		.pages = dev->disksize >> ZRAM_PAGE_SHIFT,
		.ops = &zram_swap_ops,
		.ctx = dev,
		.block = true,
		.solidstate = true,	/* QUEUE_FLAG_NONROT */
		.synchronous = true,	/* BLK_FEAT_SYNCHRONOUS */
	};
	int ret;

	sm_zram_dev_path(dev, path, sizeof(path));
	ret = sm_zram_open(dev);
	if (ret)
		return ret;
	ret = sm_mm_swapon(sys, &d, prio);
	if (ret)
		sm_zram_release(dev);
	return ret;
}

int sm_zram_swapoff(struct sm_zram *dev, struct sm_system *sys)
{
	char path[32];

	sm_zram_dev_path(dev, path, sizeof(path));
	return sm_mm_swapoff(sys, path);
}

int sm_zram_openers(const struct sm_zram *dev)
{
	return dev->openers;
}
