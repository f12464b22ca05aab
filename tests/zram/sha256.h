/* SPDX-License-Identifier: MIT */
/*
 * sha256.h - FIPS 180-4 SHA-256, small and slow enough for tests: checks
 * that regenerated oracle data is the data the kernels were given.
 */
#ifndef SOCMEM_TESTS_SHA256_H
#define SOCMEM_TESTS_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* sha256_hex() - the digest of @len bytes at @p as 64 hex digits + NUL */
void sha256_hex(const void *p, size_t len, char out[65]);

#endif
