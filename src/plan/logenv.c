// SPDX-License-Identifier: MIT
/*
 * logenv.c - give the model the boot environment a field log shows, the
 * way the real loader gave it to the kernel: by rewriting the DT it
 * hands over.
 *
 *   memory banks   "Early memory node ranges" (a whole list) replace the
 *                  DT's memory nodes: on real boards the loader fills
 *                  them in (U-Boot, ABL) or the EFI stub drops them and
 *                  takes memory from the EFI memory map. Without a whole
 *                  list: the "NUMA: Faking a node" span, else the span of
 *                  a whole "Zone ranges:" list (one bank: holes inside it
 *                  are unknown), else the DT's own nodes when they hold
 *                  RAM, else what ranges the excerpt shows.
 *   /memreserve/   an EFI boot has none: the stub deletes every entry
 *                  (drivers/firmware/efi/libstub/fdt.c, update_fdt()).
 *
 * The command line and the kernel version are options of the boot and
 * are chosen by the caller.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "logmap.h"

static int root_cells(const void *fdt, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, 0, name, &len);

	return p && len == 4 ? (int)fdt32_to_cpu(*p) : dflt;
}

static void put_cells(uint8_t *p, uint64_t v, int cells)
{
	for (int i = cells - 1; i >= 0; i--, v >>= 32) {
		fdt32_t c = cpu_to_fdt32((uint32_t)v);

		memcpy(p + 4 * i, &c, 4);
	}
}

/* Drop every depth-1 node with device_type = "memory". */
static int drop_memory_nodes(void *fdt)
{
	int node, again = 1;

	while (again) {
		again = 0;
		fdt_for_each_subnode(node, fdt, 0) {
			const char *t = fdt_getprop(fdt, node, "device_type",
						    NULL);

			if (t && !strcmp(t, "memory")) {
				if (fdt_del_node(fdt, node))
					return -EINVAL;
				again = 1;
				break;
			}
		}
	}
	return 0;
}

static int set_banks(void *fdt, const struct sm_log_range *r, size_t n)
{
	int ac = root_cells(fdt, "#address-cells", 2);
	int sc = root_cells(fdt, "#size-cells", 1);
	size_t entry = 4 * (size_t)(ac + sc);
	uint8_t *reg;
	char name[32];
	int node, err;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || !n)
		return -EINVAL;
	reg = calloc(n, entry);
	if (!reg)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		put_cells(reg + i * entry, r[i].start, ac);
		put_cells(reg + i * entry + 4 * ac, r[i].end - r[i].start + 1, sc);
	}
	snprintf(name, sizeof(name), "memory@%" PRIx64, r[0].start);
	err = drop_memory_nodes(fdt);
	node = err ? -1 : fdt_add_subnode(fdt, 0, name);
	err = node < 0 ||
	      fdt_setprop_string(fdt, node, "device_type", "memory") ||
	      fdt_setprop(fdt, node, "reg", reg, (int)(n * entry));
	free(reg);
	return err ? -EINVAL : 0;
}

/* The whole "Zone ranges:" list spans the memory the loader passed. */
static bool zones_span(const struct sm_logmap *log, struct sm_log_range *r)
{
	bool any = false;

	if (!(log->env.complete & SM_LOGSEC_ZONES))
		return false;
	for (size_t i = 0; i < log->nzones; i++) {
		const struct sm_log_zone *z = &log->zones[i];

		if (z->empty)
			continue;
		if (!any || z->r.start < r->start)
			r->start = z->r.start;
		if (!any || z->r.end > r->end)
			r->end = z->r.end;
		any = true;
	}
	return any;
}

/* Does any depth-1 memory node hold RAM (a reg entry with a size)? */
bool sm_plan_dt_has_ram(const struct sm_dt *dt)
{
	const void *fdt = dt->blob;
	int ac = root_cells(fdt, "#address-cells", 2);
	int sc = root_cells(fdt, "#size-cells", 1);
	int node;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return false;
	fdt_for_each_subnode(node, fdt, 0) {
		const char *t = fdt_getprop(fdt, node, "device_type", NULL);
		const uint8_t *reg;
		int len;

		if (!t || strcmp(t, "memory") ||
		    !sm_dt_node_available(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "linux,usable-memory", &len);
		if (!reg)
			reg = fdt_getprop(fdt, node, "reg", &len);
		for (int o = 0; reg && o + 4 * (ac + sc) <= len;
		     o += 4 * (ac + sc))
			if (sm_dt_read_cells(reg + o + 4 * ac, (unsigned int)sc))
				return true;
	}
	return false;
}

/* Is there an available /reserved-memory node with linux,cma-default? */
bool sm_plan_dt_has_cma_default(const struct sm_dt *dt)
{
	const void *fdt = dt->blob;
	int rmem = fdt_path_offset(fdt, "/reserved-memory"), node;

	if (rmem < 0)
		return false;
	fdt_for_each_subnode(node, fdt, rmem)
		if (fdt_getprop(fdt, node, "linux,cma-default", NULL) &&
		    sm_dt_node_available(fdt, node))
			return true;
	return false;
}

int sm_plan_log_env_dt(const struct sm_dt *dt, struct sm_logmap *log,
		       bool dt_has_ram, struct sm_dt **out,
		       enum sm_log_banks *banks)
{
	size_t size = dt->size + 16 * log->nnodes + 65536;
	void *fdt = malloc(size);
	struct sm_diag diag = { 0 };
	const struct sm_log_range *r = NULL;
	size_t n = 0;
	int err;

	if (!fdt)
		return -ENOMEM;
	if (fdt_open_into(dt->blob, fdt, (int)size)) {
		free(fdt);
		return -EINVAL;
	}
	*banks = SM_LOG_BANKS_DT;
	if (log->env.complete & SM_LOGSEC_NODES && log->nnodes) {
		r = log->nodes;
		n = log->nnodes;
		*banks = SM_LOG_BANKS_NODES;
	} else if (log->has_dram) {
		r = &log->dram;
		n = 1;
		*banks = SM_LOG_BANKS_NUMA;
	} else if (zones_span(log, &log->env.span)) {
		r = &log->env.span;
		n = 1;
		*banks = SM_LOG_BANKS_ZONES;
	} else if (!dt_has_ram && log->nnodes) {
		r = log->nodes;
		n = log->nnodes;
		*banks = SM_LOG_BANKS_EXCERPT;
	}
	err = n ? set_banks(fdt, r, n) : 0;
	if (!err && n) {
		log->env.applied |= SM_LOGSEC_NODES;
		log->env.banks = r;
		log->env.nbanks = n;
	}
	if (!err && log->env.loader == SM_LOG_LOADER_EFI) {
		for (int i = fdt_num_mem_rsv(fdt); i > 0; i--)
			fdt_del_mem_rsv(fdt, i - 1);
		log->env.applied |= SM_LOGSEC_EFI;
	}
	if (!err) {
		fdt_pack(fdt);
		err = sm_dt_from_blob(fdt, fdt_totalsize(fdt), dt->path, out,
				      &diag);
	}
	free(fdt);
	return err;
}
