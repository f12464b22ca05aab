/* SPDX-License-Identifier: MIT */
/*
 * zram_backend.h - where `socmem zram` finds the zram devices it lists,
 * configures and resets. A backend is a small table of operations on
 * device ids and attribute names, so the command is written once:
 *   - sysfs (--device): a real machine's /sys/block/zram<N>/ and
 *     /sys/class/zram-control/, /dev/zram<N>, /proc/meminfo, swapon(2),
 *     all under --sysroot DIR when given (zram_sysfs.c);
 *   - the emulated system (socmemd): the daemon's zram service
 *     (zram_emul.c), the default.
 */
#ifndef SOCMEM_ZRAM_BACKEND_H
#define SOCMEM_ZRAM_BACKEND_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct zram_backend - operations on one machine's zram devices; every
 * operation returns 0 or a negative errno
 * @name: for messages ("sysfs")
 * @ctx: the backend's state
 * @next: the lowest existing device id >= @from in *@id (-ENOENT: none)
 * @read: attribute @attr of zram<@id> into @buf, NUL-terminated
 * @write: @val written to attribute @attr of zram<@id>, as one write
 * @hot_add: a new device, its id in *@id
 * @dev_path: the block device node of zram<@id> as the machine names it
 * @mkswap: write a swap signature over the whole device (as mkswap(8))
 * @swapon: enable the device as swap with priority @prio (-1: default)
 * @mem_total: MemTotal of the machine in bytes
 * @close: release @ctx
 */
struct zram_backend {
	const char *name;
	void *ctx;
	int (*next)(void *ctx, int from, int *id);
	int (*read)(void *ctx, int id, const char *attr, char *buf,
		    size_t len);
	int (*write)(void *ctx, int id, const char *attr, const char *val);
	int (*hot_add)(void *ctx, int *id);
	void (*dev_path)(void *ctx, int id, char *buf, size_t len);
	int (*mkswap)(void *ctx, int id, const char *label);
	int (*swapon)(void *ctx, int id, int prio);
	int (*mem_total)(void *ctx, uint64_t *bytes);
	void (*close)(void *ctx);
};

/**
 * sm_cli_zram_sysfs_open() - the backend for a real machine (or a recorded tree)
 * @sysroot: prefix for /sys, /dev and /proc, or NULL for "/"
 *
 * Return: 0; -ENOMEM.
 */
int sm_cli_zram_sysfs_open(const char *sysroot, struct zram_backend *b);

/**
 * sm_cli_zram_emul_open() - the backend for the emulated system (socmemd, started
 * when none runs)
 *
 * Return: 0; -ENODEV (no daemon could be reached: the reason is printed);
 * -ENOMEM.
 */
int sm_cli_zram_emul_open(struct zram_backend *b);

#endif /* SOCMEM_ZRAM_BACKEND_H */
