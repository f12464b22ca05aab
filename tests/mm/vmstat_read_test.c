// SPDX-License-Identifier: MIT
/*
 * vmstat_read_test.c - /proc/vmstat as a program reads it (fopen and
 * fgets, under libsocmem-preload.so; run it with run_emulated.sh):
 * "name value" lines whose names are, in order, those the real Debian
 * kernel printed (ORACLE, one of tests/mm/oracle/vmstat-debian-*.txt);
 * nr_free_pages is /proc/meminfo's MemFree in pages; a CMA heap
 * allocation takes its pages off nr_free_pages and nr_free_cma and, where
 * the kernel has the counters, counts one cma_alloc_success, and a
 * request for the whole 64 MiB area, part of which the DMA atomic pools
 * hold, one cma_alloc_fail (the search runs and fails on every version).
 *
 * Usage: vmstat_read_test ORACLE HEAP
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/dma-heap.h>

#include "test.h"

#define MAX_NAMES 512

struct vmstat {
	char names[MAX_NAMES][64];
	uint64_t values[MAX_NAMES];
	int n;
	int bad_lines;
};

static const char *oracle_path, *heap;

/* "name value\n" lines, as a program parses them */
static int vmstat_read(const char *path, struct vmstat *v, bool with_values)
{
	char line[256];
	FILE *f = fopen(path, "re");

	memset(v, 0, sizeof(*v));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f) && v->n < MAX_NAMES) {
		char *sp = strchr(line, ' '), *end;
		size_t len = sp ? (size_t)(sp - line) : strcspn(line, " \n");

		if (len >= sizeof(v->names[0]) ||
		    (with_values && (!sp || !strchr(line, '\n')))) {
			v->bad_lines++;
			continue;
		}
		memcpy(v->names[v->n], line, len);
		if (with_values) {
			v->values[v->n] = strtoull(sp + 1, &end, 10);
			if (end == sp + 1 || *end != '\n')
				v->bad_lines++;
		}
		v->n++;
	}
	fclose(f);
	return 0;
}

static int64_t value(const struct vmstat *v, const char *name)
{
	for (int i = 0; i < v->n; i++)
		if (!strcmp(v->names[i], name))
			return (int64_t)v->values[i];
	return -1;
}

static int64_t mem_free_kb(void)
{
	char line[256];
	long long kb = -1;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void names_in_order(void)
{
	static struct vmstat got, want;

	CHECK(vmstat_read("/proc/vmstat", &got, true) == 0);
	CHECK(vmstat_read(oracle_path, &want, false) == 0);
	CHECK(got.bad_lines == 0);
	CHECK(want.n > 100);
	CHECK_EQ_U64(got.n, want.n);
	for (int i = 0; i < got.n && i < want.n; i++)
		if (strcmp(got.names[i], want.names[i])) {
			CHECK_STR(got.names[i], want.names[i]);
			break;
		}
}

static void free_is_memfree(void)
{
	static struct vmstat v;
	int64_t kb = mem_free_kb();

	CHECK(vmstat_read("/proc/vmstat", &v, true) == 0);
	CHECK(kb > 0);
	CHECK(value(&v, "nr_free_pages") > 0);
	/* 4 KiB pages: the emulated boards' (and the profiles') size */
	CHECK_EQ_U64(value(&v, "nr_free_pages") * 4, kb);
}

static int heap_alloc(uint64_t len)
{
	char path[128];
	struct dma_heap_allocation_data d = { .len = len,
					      .fd_flags = O_RDWR | O_CLOEXEC };
	int h, ret;

	snprintf(path, sizeof(path), "/dev/dma_heap/%s", heap);
	h = open(path, O_RDWR | O_CLOEXEC);
	if (h < 0)
		return -1;
	ret = ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d);
	close(h);
	return ret ? -1 : (int)d.fd;
}

static void cma_counters(void)
{
	static struct vmstat a, b, c;
	bool has;
	int fd;

	CHECK(vmstat_read("/proc/vmstat", &a, true) == 0);
	has = value(&a, "cma_alloc_success") >= 0;
	fd = heap_alloc(1 << 20);
	CHECK(fd >= 0);
	CHECK(vmstat_read("/proc/vmstat", &b, true) == 0);
	CHECK_EQ_U64(value(&a, "nr_free_cma") - value(&b, "nr_free_cma"), 256);
	CHECK_EQ_U64(value(&a, "nr_free_pages") - value(&b, "nr_free_pages"),
		     256);
	if (has) {
		CHECK_EQ_U64(value(&b, "cma_alloc_success"),
			     value(&a, "cma_alloc_success") + 1);
		CHECK_EQ_U64(value(&b, "cma_alloc_fail"),
			     value(&a, "cma_alloc_fail"));
	}
	CHECK(heap_alloc(64 << 20) < 0);
	CHECK(vmstat_read("/proc/vmstat", &c, true) == 0);
	if (has) {
		CHECK_EQ_U64(value(&c, "cma_alloc_fail"),
			     value(&b, "cma_alloc_fail") + 1);
		CHECK_EQ_U64(value(&c, "cma_alloc_success"),
			     value(&b, "cma_alloc_success"));
	} else {
		CHECK(value(&c, "cma_alloc_fail") < 0);
	}
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: vmstat_read_test ORACLE HEAP\n");
		return 2;
	}
	oracle_path = argv[1];
	heap = argv[2];
	RUN(names_in_order);
	RUN(free_is_memfree);
	RUN(cma_counters);
	return test_done();
}
