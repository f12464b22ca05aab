/* SPDX-License-Identifier: MIT */
/*
 * zram_data.h - the zram oracle's data files, made in C exactly as
 * ../shared/oracle/zram/data.py makes them (SplitMix64 with the same
 * seeds, the same text generator, the same page mix), so tests can
 * regenerate them in milliseconds instead of vendoring 38 MiB; elf.bin
 * (the busybox binary) is vendored compressed in data/elf.bin.zst.
 */
#ifndef SOCMEM_TESTS_ZRAM_DATA_H
#define SOCMEM_TESTS_ZRAM_DATA_H

#include <stddef.h>
#include <stdint.h>

/**
 * zram_data_make() - one data file by name: "zeros.bin", "same.bin",
 * "text.bin", "random.bin", "mixed.bin", or "elf.bin" (read from
 * @elf_zst, the vendored compressed copy)
 * @len: receives the length (a multiple of 4096)
 *
 * Return: the bytes (free() them), or NULL (unknown name, unreadable
 * elf file, no memory).
 */
uint8_t *zram_data_make(const char *name, const char *elf_zst, size_t *len);

#endif
