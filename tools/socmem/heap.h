/* SPDX-License-Identifier: MIT */
/*
 * heap.h - what cmd_heap.c and cmd_heap_device.c share.
 */
#ifndef SOCMEM_CLI_HEAP_H
#define SOCMEM_CLI_HEAP_H

#include <stdbool.h>
#include <stdint.h>

#include <libsmartcols.h>

/**
 * struct heap_opts - `socmem heap` options
 */
struct heap_opts {
	bool device;
	const char *sysroot;
	unsigned int count;
	const char *name;
	bool hold;
	bool bytes;
	bool raw;
	bool noheadings;
	bool json;
	const char *json_name;
	const char *heap;
	uint64_t size;
};

/**
 * struct holder - one fd of one process that refers to a buffer's handle
 */
struct holder {
	uint64_t ino;
	int pid;
	int fd;
};

/* every "socket:[INO]" fd of every process we can read (free() it) */
struct holder *sm_cli_heap_scan_holders(size_t *n);

void sm_cli_heap_size_cell(const struct heap_opts *o, uint64_t v, char *buf,
			   size_t len);
struct libscols_table *sm_cli_heap_table(const struct heap_opts *o,
					 const char *const *cols, size_t n);

/* cmd_heap_device.c: the machine's own /dev/dma_heap */
int sm_cli_heap_device_list(const struct heap_opts *o);
int sm_cli_heap_device_alloc(const struct heap_opts *o);
int sm_cli_heap_device_info(const struct heap_opts *o);

#endif /* SOCMEM_CLI_HEAP_H */
