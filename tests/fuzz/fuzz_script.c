// SPDX-License-Identifier: MIT
/*
 * fuzz_script.c - libFuzzer target: any bytes as a `socmem mem run`
 * script, parsed and, when it parses, run against a small running system
 * (64 MiB, a 16 MiB CMA pool) built once; the allocator's invariants must
 * hold after every run (sm_mm_check()), else abort.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <socmem/board.h>
#include <socmem/mm.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sm_system *sys;

static void prop_cells(void *fdt, const char *name, const uint32_t *v, int n)
{
	uint32_t be[8];

	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(v[i]);
	fdt_property(fdt, name, be, n * 4);
}

static struct sm_system *make_system(void)
{
	static const uint32_t two = 2, mem[] = { 0, 0x40000000, 0, 0x4000000 };
	static const uint32_t size[] = { 0, 0x1000000 };
	static char buf[4096];
	struct sm_dt *dt = NULL;
	struct sm_board *b = NULL;
	struct sm_system *s = NULL;
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
	fdt_begin_node(buf, "camera");
	fdt_property_string(buf, "compatible", "shared-dma-pool");
	fdt_property(buf, "reusable", NULL, 0);
	prop_cells(buf, "size", size, 2);
	fdt_end_node(buf);
	fdt_end_node(buf);
	fdt_end_node(buf);
	fdt_finish(buf);
	/* the tree and board live as long as the process, as the system */
	if (sm_dt_from_blob(buf, fdt_totalsize(buf), "fuzz-board", &dt, &d) ||
	    sm_boot_board_boot(dt, NULL, &b, &d) ||
	    sm_mm_system_create(b, NULL, &s, &d))
		return NULL;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sm_mm_script *sc;
	struct sm_diag diag;
	char *text;

	if (!sys)
		sys = make_system();
	if (!sys)
		abort();
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (!sm_mm_script_parse(text, "fuzz", &sc, &diag)) {
		sm_mm_script_run(sc, sys, NULL, &diag);
		sm_mm_script_free(sc);
		if (sm_mm_check(sys, &diag))
			abort();
	}
	free(text);
	return 0;
}
