// SPDX-License-Identifier: MIT
/*
 * check_props.c - the rules that read /reserved-memory's properties as
 * drivers/of/of_reserved_mem.c reads them: the node format, property
 * lengths the kernel rejects, reg next to size, no-map next to reusable,
 * unit addresses, and alloc-ranges windows too small for the region.
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
};

static unsigned int entry_len(const struct sm_board *b)
{
	return (b->addr_cells + b->size_cells) * 4;
}

static bool cells_are(const void *fdt, int node, const char *prop,
		      unsigned int want)
{
	int len;
	const void *p = sm_dt_prop(fdt, node, prop, &len);

	return p && len >= 4 && sm_dt_read_cells(p, 1) == want;
}

/*
 * The kernel's view of reg: 1 valid, 0 absent, -1 rejected (empty, or not
 * whole entries). v6.19's helper (7.x) reads both as absent.
 */
static int reg_state(const struct sm_board *b, int node, int *len)
{
	const void *p = sm_dt_prop(b->dt->blob, node, "reg", len);
	unsigned int t = entry_len(b);

	if (!p)
		return 0;
	if (*len == 0 || !t || *len % (int)t)
		return b->profile->prop_len_invalid_is_absent ? 0 : -1;
	return 1;
}

static bool ranges_len_bad(const struct sm_board *b, int len)
{
	unsigned int t = entry_len(b);

	return !t || len % (int)t ||
	       (len == 0 && b->profile->prop_len_invalid_is_absent);
}

/*
 * A dynamic node's size, alignment or alloc-ranges whose length is
 * wrong; *@drops says whether the kernel drops the node for it (7.x reads
 * a bad alloc-ranges as none and allocates anywhere).
 */
static const char *bad_dynamic_prop(const struct sm_board *b, int node,
				    int *len, unsigned int *want, bool *drops)
{
	const void *fdt = b->dt->blob;

	*drops = true;
	if (sm_dt_prop(fdt, node, "size", len) &&
	    *len != (int)(b->size_cells * 4)) {
		*want = b->size_cells * 4;
		return "size";
	}
	if (sm_dt_prop(fdt, node, "alignment", len) &&
	    *len != (int)(b->addr_cells * 4)) {
		*want = b->addr_cells * 4;
		return "alignment";
	}
	if (sm_dt_prop(fdt, node, "alloc-ranges", len) &&
	    ranges_len_bad(b, *len)) {
		*want = entry_len(b);
		*drops = !b->profile->prop_len_invalid_is_absent;
		return "alloc-ranges";
	}
	return NULL;
}

int sm_plan_reg_state(const struct sm_board *b, int node)
{
	int len;

	return reg_state(b, node, &len);
}

bool sm_plan_bad_property(const struct sm_board *b, int node)
{
	unsigned int want;
	bool drops;
	int len, rs = reg_state(b, node, &len);

	if (rs < 0)
		return true;
	if (rs > 0)
		return false;
	return sm_dt_has_prop(b->dt->blob, node, "size") &&
	       bad_dynamic_prop(b, node, &len, &want, &drops) && drops;
}

static int check_bad_props(struct node_ctx *c, struct sm_findings *f)
{
	const struct sm_board *b = c->b;
	unsigned int want = entry_len(b);
	const char *prop;
	bool drops;
	int len, rs = reg_state(b, c->node, &len);

	if (rs < 0 || (rs == 0 && sm_dt_prop(c->fdt, c->node, "reg", &len)))
		return sm_plan_add_node(f, b, SM_RULE_BAD_PROPERTY, c->path,
					"reg",
					"%s: reg is %d bytes, not a whole number of %u-byte (address, size) entries: Linux %s %s",
					c->name, len, want, b->profile->name,
					rs < 0 ? "skips the node" :
					"treats it as if it had no reg");
	if (rs > 0 || !sm_dt_has_prop(c->fdt, c->node, "size"))
		return 0;
	prop = bad_dynamic_prop(b, c->node, &len, &want, &drops);
	if (!prop)
		return 0;
	return sm_plan_add_node(f, b, SM_RULE_BAD_PROPERTY, c->path, prop,
				"%s: %s is %d bytes, the kernel wants %s%u: %s",
				c->name, prop, len,
				strcmp(prop, "alloc-ranges") ? "" :
				"a non-zero multiple of ", want,
				drops ? "it skips the node" :
				"it allocates as if there were none");
}

static int check_flags(struct node_ctx *c, struct sm_findings *f)
{
	int len;

	if (reg_state(c->b, c->node, &len) > 0 &&
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
	const void *p;
	uint64_t base = 0;
	const char *why;
	char base_name[128];
	int len;

	p = reg_state(c->b, c->node, &len) > 0 ?
	    sm_dt_prop(c->fdt, c->node, "reg", &len) : NULL;
	if (p)
		base = sm_dt_read_cells(p, c->b->addr_cells);
	why = unit_problem(at ? at + 1 : NULL, p != NULL, base);
	if (!why)
		return 0;
	snprintf(base_name, sizeof(base_name), "%.*s",
		 (int)(at ? at - c->name : (int)strlen(c->name)), c->name);
	if (!p)
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

static int check_alloc_ranges(struct node_ctx *c, struct sm_findings *f)
{
	const struct sm_board *b = c->b;
	unsigned int t = entry_len(b), want;
	const uint8_t *p;
	uint64_t size, align;
	bool drops;
	int len, idx;
	char sz[32];

	if (reg_state(b, c->node, &len) > 0 ||
	    !sm_dt_has_prop(c->fdt, c->node, "size") ||
	    bad_dynamic_prop(b, c->node, &len, &want, &drops))
		return 0;
	p = sm_dt_prop(c->fdt, c->node, "alloc-ranges", &len);
	if (!p || !len)
		return 0;
	size = sm_dt_read_cells(sm_dt_prop(c->fdt, c->node, "size", NULL),
				b->size_cells);
	idx = sm_board_find_region(b, c->path);
	align = idx >= 0 ? b->regions[idx].req_align : 0;
	for (; len >= (int)t; p += t, len -= (int)t)
		if (window_holds(b, sm_dt_read_cells(p, b->addr_cells),
				 sm_dt_read_cells(p + b->addr_cells * 4,
						  b->size_cells),
				 size, align))
			return 0;
	sm_plan_size_str(size, sz, sizeof(sz));
	return sm_plan_add_node(f, b, SM_RULE_ALLOC_RANGES, c->path,
				"alloc-ranges",
				"%s: no alloc-ranges window holds %s (aligned to 0x%" PRIx64 ") inside DRAM",
				c->name, sz, align);
}

static int check_root(const struct sm_board *b, int node,
		      struct sm_findings *f)
{
	const void *fdt = b->dt->blob;

	if (cells_are(fdt, node, "#address-cells", b->addr_cells) &&
	    cells_are(fdt, node, "#size-cells", b->size_cells) &&
	    sm_dt_has_prop(fdt, node, "ranges"))
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
	ok = check_root(b, rmem, f);
	if (ok <= 0)
		return ok;
	fdt_for_each_subnode(c.node, c.fdt, rmem) {
		c.name = fdt_get_name(c.fdt, c.node, NULL);
		if (!c.name || sm_dt_node_path(b->dt, c.node, c.path,
					       sizeof(c.path)))
			continue;
		if (!sm_dt_node_available(c.fdt, c.node))
			continue;
		for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
			if (rules[i](&c, f))
				return -ENOMEM;
	}
	return 0;
}
