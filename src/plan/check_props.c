// SPDX-License-Identifier: MIT
/*
 * check_props.c - the rules about /reserved-memory's nodes: the node
 * format and the property lengths the kernel refused (both as boot
 * recorded them, socmem/outcome.h), reg next to size, no-map next to
 * reusable (the binding), unit addresses, and alloc-ranges windows too
 * small for the region anywhere in DRAM.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "internal.h"

struct node_ctx {
	const struct sm_board *b;
	const void *fdt;
	int node;
	char path[256];
	const char *name;
	const struct sm_region *r; /* the node's (first) region, or NULL */
};

/* The first region boot made for @node: it carries the node's outcome. */
static const struct sm_region *node_region(const struct sm_board *b,
					   int node)
{
	for (size_t i = 0; i < b->nregions; i++)
		if (b->regions[i].node == node)
			return &b->regions[i];
	return NULL;
}

/* A property whose length the kernel refused, as boot recorded it. */
static int check_bad_props(struct node_ctx *c, struct sm_findings *f)
{
	const struct sm_board *b = c->b;
	const struct sm_region_outcome *o = c->r ? &c->r->outcome : NULL;

	if (!o || !o->prop)
		return 0;
	if (!strcmp(o->prop, "reg"))
		return sm_plan_add_node(f, b, SM_RULE_BAD_PROPERTY, c->path,
					"reg",
					"%s: reg is %d bytes, not a whole number of %u-byte (address, size) entries: Linux %s %s",
					c->name, o->prop_len, o->prop_want,
					sm_boot_profile_name(b->profile),
					o->prop_ignored ?
					"treats it as if it had no reg" :
					"skips the node");
	return sm_plan_add_node(f, b, SM_RULE_BAD_PROPERTY, c->path, o->prop,
				"%s: %s is %d bytes, the kernel wants %s%u: %s",
				c->name, o->prop, o->prop_len,
				strcmp(o->prop, "alloc-ranges") ? "" :
				"a non-zero multiple of ", o->prop_want,
				o->prop_ignored ?
				"it allocates as if there were none" :
				"it skips the node");
}

static bool has_valid_reg(const struct node_ctx *c)
{
	return c->r && c->r->outcome.reg == SM_REG_VALID;
}

static int check_flags(struct node_ctx *c, struct sm_findings *f)
{
	if (has_valid_reg(c) &&
	    sm_dt_has_prop(c->fdt, c->node, "size") &&
	    sm_plan_add_node(f, c->b, SM_RULE_REG_AND_SIZE, c->path, "size",
			     "%s: has both reg and size; the kernel uses reg and ignores size",
			     c->name))
		return -ENOMEM;
	if (sm_dt_has_prop(c->fdt, c->node, "no-map") &&
	    sm_dt_has_prop(c->fdt, c->node, "reusable") &&
	    sm_plan_add_node(f, c->b, SM_RULE_NOMAP_REUSABLE, c->path,
			     "reusable",
			     "%s: no-map and reusable contradict each other (the kernel's pool handlers reject it)",
			     c->name))
		return -ENOMEM;
	return 0;
}

/* What is wrong with the unit address @ua given reg base @base, or NULL. */
static const char *unit_problem(const char *ua, bool has_reg, uint64_t base)
{
	char want[32];

	if (!ua)
		return has_reg ? "has reg but no unit address" : NULL;
	if (!has_reg)
		return "has a unit address but no reg";
	if (ua[0] == '0' && (ua[1] == 'x' || ua[1] == 'X'))
		return "unit address is written with 0x";
	snprintf(want, sizeof(want), "%" PRIx64, base);
	if (!strcmp(ua, want))
		return NULL;
	if (strtoull(ua, NULL, 16) == base)
		return "unit address is not plain lowercase hex without leading zeros";
	return "unit address differs from the reg base";
}

static int check_unit_address(struct node_ctx *c, struct sm_findings *f)
{
	const char *at = strchr(c->name, '@');
	bool has_reg = has_valid_reg(c);
	uint64_t base = has_reg ? c->r->outcome.reg_base : 0;
	const char *why;
	char base_name[128];

	why = unit_problem(at ? at + 1 : NULL, has_reg, base);
	if (!why)
		return 0;
	snprintf(base_name, sizeof(base_name), "%.*s",
		 (int)(at ? at - c->name : (int)strlen(c->name)), c->name);
	if (!has_reg)
		return sm_plan_add_node(f, c->b, SM_RULE_UNIT_ADDRESS, c->path,
					NULL, "%s: %s (name it %s)", c->name,
					why, base_name);
	return sm_plan_add_node(f, c->b, SM_RULE_UNIT_ADDRESS, c->path, NULL,
				"%s: %s (name it %s@%" PRIx64 ")", c->name, why,
				base_name, base);
}

/* Can [start, start + len) hold @size at @align inside some DRAM range? */
static bool window_holds(const struct sm_board *b, uint64_t start,
			 uint64_t len, uint64_t size, uint64_t align)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;
	uint64_t end = start + len < start ? UINT64_MAX : start + len;

	for (size_t i = 0; i < mem->cnt; i++) {
		uint64_t s = mem->regions[i].base;
		uint64_t e = s + mem->regions[i].size, cand;

		if (s < start)
			s = start;
		if (e > end)
			e = end;
		cand = align ? plan_round_up(s, align) : s;
		if (cand >= s && cand < e && e - cand >= size)
			return true;
	}
	return false;
}

/* The windows boot read from alloc-ranges (none when it refused them). */
static int check_alloc_ranges(struct node_ctx *c, struct sm_findings *f)
{
	const struct sm_board *b = c->b;
	const struct sm_region *r = c->r;
	uint64_t size, align;
	char sz[32];

	if (!r || has_valid_reg(c) || !r->n_alloc_ranges ||
	    (r->outcome.prop && !r->outcome.prop_ignored))
		return 0;
	size = r->outcome.size;
	align = r->outcome.align;
	for (size_t i = 0; i < r->n_alloc_ranges; i++)
		if (window_holds(b, r->alloc_ranges[i].base,
				 r->alloc_ranges[i].size, size, align))
			return 0;
	sm_plan_size_str(size, sz, sizeof(sz));
	return sm_plan_add_node(f, b, SM_RULE_ALLOC_RANGES, c->path,
				"alloc-ranges",
				"%s: no alloc-ranges window holds %s (aligned to 0x%" PRIx64 ") inside DRAM",
				c->name, sz, align);
}

/* 1: the kernel reads /reserved-memory; 0: boot found it ignores it all */
static int check_root(const struct sm_board *b, struct sm_findings *f)
{
	if (!b->rmem_unsupported)
		return 1;
	if (sm_plan_add_node(f, b, SM_RULE_RMEM_FORMAT, "/reserved-memory",
			     NULL,
			     "/reserved-memory needs #address-cells = <%u>, #size-cells = <%u> (the root's) and ranges; the kernel ignores every region in it",
			     b->addr_cells, b->size_cells))
		return -ENOMEM;
	return 0;
}

int sm_plan_check_props(const struct sm_board *b, struct sm_findings *f)
{
	int (*const rules[])(struct node_ctx *, struct sm_findings *) = {
		check_bad_props, check_flags, check_unit_address,
		check_alloc_ranges,
	};
	struct node_ctx c = { .b = b, .fdt = b->dt->blob };
	int rmem = fdt_path_offset(c.fdt, "/reserved-memory"), ok;

	if (rmem < 0)
		return 0;
	ok = check_root(b, f);
	if (ok <= 0)
		return ok;
	fdt_for_each_subnode(c.node, c.fdt, rmem) {
		c.name = fdt_get_name(c.fdt, c.node, NULL);
		if (!c.name || sm_dt_node_path(b->dt, c.node, c.path,
					       sizeof(c.path)))
			continue;
		if (!sm_dt_node_available(c.fdt, c.node))
			continue;
		c.r = node_region(b, c.node);
		for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
			if (rules[i](&c, f))
				return -ENOMEM;
	}
	return 0;
}
