// SPDX-License-Identifier: MIT
/*
 * fuzz_board.c - the small board the fuzz targets boot their inputs on:
 * 2 GiB of RAM at 0x40000000, a 20 MiB default CMA pool and a 1 MiB
 * no-map carve-out.
 */
#include <stddef.h>
#include <stdint.h>

#include <libfdt.h>

#include <socmem/board.h>

#include "fuzz_board.h"

static void prop_cells(void *fdt, const char *name, const uint32_t *v, int n)
{
	uint32_t be[8];

	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(v[i]);
	fdt_property(fdt, name, be, n * 4);
}

/* The board, built with libfdt's sequential-write API. */
struct sm_dt *fuzz_board(void)
{
	static const uint32_t two = 2, mem[] = { 0, 0x40000000, 0, 0x80000000 };
	static const uint32_t size[] = { 0, 0x1400000 }, carve[] = { 0, 0x60000000, 0, 0x100000 };
	char buf[4096];
	struct sm_dt *dt = NULL;
	struct sm_diag d;

	fdt_create(buf, sizeof(buf));
	fdt_finish_reservemap(buf);
	fdt_begin_node(buf, "");
	prop_cells(buf, "#address-cells", &two, 1);
	prop_cells(buf, "#size-cells", &two, 1);
	fdt_begin_node(buf, "memory@40000000");
	fdt_property_string(buf, "device_type", "memory");
	prop_cells(buf, "reg", mem, 4);
	fdt_end_node(buf);
	fdt_begin_node(buf, "reserved-memory");
	prop_cells(buf, "#address-cells", &two, 1);
	prop_cells(buf, "#size-cells", &two, 1);
	fdt_property(buf, "ranges", NULL, 0);
	fdt_begin_node(buf, "linux,cma");
	fdt_property_string(buf, "compatible", "shared-dma-pool");
	fdt_property(buf, "reusable", NULL, 0);
	fdt_property(buf, "linux,cma-default", NULL, 0);
	prop_cells(buf, "size", size, 2);
	fdt_end_node(buf);
	fdt_begin_node(buf, "carve@60000000");
	prop_cells(buf, "reg", carve, 4);
	fdt_property(buf, "no-map", NULL, 0);
	fdt_end_node(buf);
	fdt_end_node(buf);
	fdt_end_node(buf);
	fdt_finish(buf);
	sm_dt_from_blob(buf, fdt_totalsize(buf), "fuzz-board", &dt, &d);
	return dt;
}
