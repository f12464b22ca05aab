// SPDX-License-Identifier: MIT
/*
 * findings.c - the rule catalogue (ids and severities are stable: they
 * are documented in docs/plan.md and scripts match on them) and the list
 * of findings a check collects, each tied to a node and a source line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const struct sm_rule_info rules[SM_RULE_COUNT] = {
	[SM_RULE_OVERLAP_KERNEL] = { "overlap-kernel", SM_SEV_ERROR,
		"two regions overlap and the kernel reports it (OVERLAP DETECTED)" },
	[SM_RULE_OVERLAP] = { "overlap", SM_SEV_ERROR,
		"two regions overlap as placed, and the kernel does not say so" },
	[SM_RULE_ALLOC_FAIL] = { "alloc-fail", SM_SEV_ERROR,
		"the kernel fails to reserve or allocate the region" },
	[SM_RULE_OUTSIDE_DRAM] = { "outside-dram", SM_SEV_WARNING,
		"a region lies wholly or partly outside the memory nodes" },
	[SM_RULE_BOUNDARY_1M] = { "boundary-1m", SM_SEV_WARNING,
		"a region boundary is not on 1 MiB" },
	[SM_RULE_CMA_ALIGN] = { "cma-align", SM_SEV_ERROR,
		"a CMA region's base or size is not a multiple of the pageblock size" },
	[SM_RULE_REG_AND_SIZE] = { "reg-and-size", SM_SEV_WARNING,
		"a node has both reg and size: the kernel ignores size" },
	[SM_RULE_NOMAP_REUSABLE] = { "nomap-reusable", SM_SEV_ERROR,
		"a node has both no-map and reusable" },
	[SM_RULE_UNIT_ADDRESS] = { "unit-address", SM_SEV_WARNING,
		"the unit address is missing, differs from the reg base, or is not plain hex" },
	[SM_RULE_ALLOC_RANGES] = { "alloc-ranges", SM_SEV_ERROR,
		"no alloc-ranges window (within DRAM) can hold the region" },
	[SM_RULE_CMA_AREAS] = { "cma-areas", SM_SEV_ERROR,
		"more CMA areas than the kernel has slots for" },
	[SM_RULE_DEFAULT_CMA] = { "default-cma", SM_SEV_ERROR,
		"the default CMA area does not fit below its DMA zone limit" },
	[SM_RULE_RMEM_FORMAT] = { "rmem-format", SM_SEV_ERROR,
		"/reserved-memory has the wrong cells or no ranges: the kernel ignores all of it" },
	[SM_RULE_BAD_PROPERTY] = { "bad-property", SM_SEV_ERROR,
		"reg, size, alignment or alloc-ranges has a length the kernel rejects" },
	[SM_RULE_HANDLER_FAIL] = { "handler-fail", SM_SEV_ERROR,
		"the region's handler fails (compatible matching fail): its memory is given back" },
	[SM_RULE_CMA_BYPASSED] = { "cma-bypassed", SM_SEV_INFO,
		"a linux,cma-default region is replaced by cma= on the command line" },
	[SM_RULE_CARVEOUT_SHRUNK] = { "carveout-shrunk", SM_SEV_ERROR,
		"a carve-out of the baseline is smaller (external abort risk)" },
	[SM_RULE_CARVEOUT_MOVED] = { "carveout-moved", SM_SEV_ERROR,
		"a carve-out of the baseline starts elsewhere (external abort risk)" },
	[SM_RULE_CARVEOUT_REMOVED] = { "carveout-removed", SM_SEV_ERROR,
		"a carve-out of the baseline is gone (external abort risk)" },
	[SM_RULE_REGION_REF] = { "region-ref", SM_SEV_ERROR,
		"an enabled node's memory-region names no node or a disabled one: of_reserved_mem_device_init() fails" },
	[SM_RULE_REGION_UNUSED] = { "region-unused", SM_SEV_INFO,
		"no node's memory-region names the /reserved-memory region" },
	[SM_RULE_LOADER_ASSUMPTION] = { "loader-assumption", SM_SEV_INFO,
		"the boot loader's choice cannot be known (KASLR, a placement no log shows): the model assumed one" },
};

const struct sm_rule_info *sm_plan_rule(enum sm_rule rule)
{
	return rule < SM_RULE_COUNT ? &rules[rule] : NULL;
}

const char *sm_plan_severity_name(enum sm_severity sev)
{
	switch (sev) {
	case SM_SEV_INFO: return "info";
	case SM_SEV_WARNING: return "warning";
	case SM_SEV_ERROR: return "error";
	}
	return "?";
}

static struct sm_finding *new_finding(struct sm_findings *f)
{
	if (f->count == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct sm_finding *v = realloc(f->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		f->v = v;
		f->cap = cap;
	}
	memset(&f->v[f->count], 0, sizeof(f->v[0]));
	return &f->v[f->count++];
}

/* Where @path (or its property @prop) was written, when known. */
static void set_pos(struct sm_finding *x, const struct sm_board *b,
		    const char *path, const char *prop)
{
	const struct sm_srcpos *pos = NULL;

	if (!path || path[0] != '/')
		return;
	if (prop)
		pos = sm_dt_prop_pos(b->dt, path, prop);
	if (!pos)
		pos = sm_dt_node_pos(b->dt, path);
	if (pos) {
		x->file = pos->file;
		x->line = pos->line;
	}
}

static int add_va(struct sm_findings *f, const struct sm_board *b,
		  enum sm_rule rule, const char *node, int region, int other,
		  const char *prop, const char *fmt, va_list ap)
{
	struct sm_finding *x = new_finding(f);

	if (!x)
		return -ENOMEM;
	x->rule = rule;
	x->severity = rules[rule].severity;
	x->region = region;
	x->other = other;
	snprintf(x->node, sizeof(x->node), "%s", node);
	vsnprintf(x->message, sizeof(x->message), fmt, ap);
	set_pos(x, b, node, prop);
	return 0;
}

/* What to call region @i in a finding's node field. */
static void region_node(const struct sm_board *b, int i, char *buf,
			size_t len)
{
	const struct sm_region *r = &b->regions[i];
	int nth = 0;

	if (r->path[0]) {
		snprintf(buf, len, "%s", r->path);
		return;
	}
	switch (r->kind) {
	case SM_REGION_MEMRESERVE:
		for (int j = 0; j < i; j++)
			nth += b->regions[j].kind == SM_REGION_MEMRESERVE;
		snprintf(buf, len, "/memreserve/ #%d", nth);
		break;
	case SM_REGION_KERNEL_IMAGE:
		snprintf(buf, len, "kernel image");
		break;
	case SM_REGION_DEFAULT_CMA:
		snprintf(buf, len, "default CMA area");
		break;
	default:
		snprintf(buf, len, "%s", r->name);
	}
}

int sm_plan_add(struct sm_findings *f, const struct sm_board *b,
		enum sm_rule rule, int region, int other, const char *prop,
		const char *fmt, ...)
{
	char node[256];
	va_list ap;
	int err;

	region_node(b, region, node, sizeof(node));
	va_start(ap, fmt);
	err = add_va(f, b, rule, node, region, other, prop, fmt, ap);
	va_end(ap);
	return err;
}

int sm_plan_add_node(struct sm_findings *f, const struct sm_board *b,
		     enum sm_rule rule, const char *path, const char *prop,
		     const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = add_va(f, b, rule, path, sm_boot_board_find_region(b, path), -1,
		     prop, fmt, ap);
	va_end(ap);
	return err;
}

/* "camera@84300000 [0x84300000-0x847fffff]": a region for a message */
void sm_plan_region_label(const struct sm_board *b, int i, char *buf,
			  size_t len)
{
	const struct sm_region *r = &b->regions[i];
	uint64_t base, size;

	if (sm_plan_region_extent(b, i, &base, &size))
		snprintf(buf, len, "%s [0x%" PRIx64 "-0x%" PRIx64 "]", r->name,
			 base, base + size - 1);
	else
		snprintf(buf, len, "%s", r->name);
}

/* "20 MiB", "4 KiB", "0x6b1000 bytes": exact, for messages */
void sm_plan_size_str(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB",
					     "TiB" };
	unsigned int u = 0;
	uint64_t v = bytes;

	while (u < 4 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u == 0 && v >= 1024)
		snprintf(buf, len, "0x%" PRIx64 " bytes", bytes);
	else
		snprintf(buf, len, "%" PRIu64 " %s", v, units[u]);
}

void sm_plan_findings_free(struct sm_findings *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}

int sm_plan_findings_worst(const struct sm_findings *f)
{
	int worst = -1;

	for (size_t i = 0; i < f->count; i++)
		if ((int)f->v[i].severity > worst)
			worst = (int)f->v[i].severity;
	return worst;
}
