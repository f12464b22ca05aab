// SPDX-License-Identifier: MIT
/*
 * check_users.c - who uses each /reserved-memory region, and the rules
 * that need to know which regions are the user's own.
 *
 * A device gets a region through its memory-region phandles, which
 * of_reserved_mem_device_init_by_idx() (Linux drivers/of/
 * of_reserved_mem.c) resolves when the driver probes: a phandle that
 * names no node, or a node that is disabled (never reserved), makes it
 * fail with -ENODEV, and the device probes without its memory. A region
 * no node names is reserved all the same (firmware's carve-outs need no
 * user); it is worth a note, not a warning.
 *
 * boundary-1m is about regions a person sizes: firmware's 4-64 KiB
 * windows break it on every Qualcomm tree and cannot change. So it
 * reports only the user's regions: those new or resized against the
 * board before the change (opts->before or opts->baseline), or without
 * one, those that are not firmware's (no-map, a vendor compatible);
 * --strict reports every region.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "internal.h"

/* ---- memory-region users ------------------------------------------------ */

static int add_use(struct sm_rmem_uses *u, const char *region,
		   const char *user, bool enabled)
{
	struct sm_rmem_use *v;

	if (u->count == u->cap) {
		size_t cap = u->cap ? 2 * u->cap : 16;

		v = realloc(u->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		u->v = v;
		u->cap = cap;
	}
	v = &u->v[u->count++];
	memset(v, 0, sizeof(*v));
	snprintf(v->region, sizeof(v->region), "%s", region);
	snprintf(v->user, sizeof(v->user), "%s", user);
	v->user_enabled = enabled;
	return 0;
}

/* Every (region, user) pair of @node's memory-region. */
static int node_uses(const struct sm_board *b, int node, const char *path,
		     struct sm_rmem_uses *u)
{
	const void *fdt = b->dt->blob;
	bool on = sm_dt_node_available(fdt, node);
	char rp[256];
	int len;
	const fdt32_t *v = fdt_getprop(fdt, node, "memory-region", &len);

	for (int k = 0; v && k < len / 4; k++) {
		int target = fdt_node_offset_by_phandle(fdt,
							fdt32_to_cpu(v[k]));

		if (target < 0 || sm_dt_node_path(b->dt, target, rp,
						  sizeof(rp)))
			rp[0] = '\0';
		if (add_use(u, rp, path, on))
			return -ENOMEM;
	}
	return 0;
}

int sm_plan_rmem_uses(const struct sm_board *b, struct sm_rmem_uses *out)
{
	const void *fdt = b->dt->blob;
	int node = -1, depth = 0;
	char path[256];

	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		if (!sm_dt_has_prop(fdt, node, "memory-region") ||
		    sm_dt_node_path(b->dt, node, path, sizeof(path)))
			continue;
		if (node_uses(b, node, path, out)) {
			sm_plan_rmem_uses_free(out);
			return -ENOMEM;
		}
	}
	return 0;
}

void sm_plan_rmem_uses_free(struct sm_rmem_uses *u)
{
	free(u->v);
	memset(u, 0, sizeof(*u));
}

/* ---- the rules -------------------------------------------------------- */

static bool used(const struct sm_rmem_uses *u, const char *region)
{
	for (size_t i = 0; i < u->count; i++)
		if (!strcmp(u->v[i].region, region))
			return true;
	return false;
}

static int check_refs(const struct sm_board *b, const struct sm_rmem_uses *u,
		      struct sm_findings *f)
{
	const void *fdt = b->dt->blob;

	for (size_t i = 0; i < u->count; i++) {
		const struct sm_rmem_use *x = &u->v[i];
		int t = x->region[0] ? fdt_path_offset(fdt, x->region) : -1;

		if (!x->user_enabled)
			continue;
		if (t < 0 && sm_plan_add_node(f, b, SM_RULE_REGION_REF,
					      x->user, "memory-region",
					      "%s: memory-region names no node: the driver's of_reserved_mem_device_init() fails",
					      x->user))
			return -ENOMEM;
		if (t >= 0 && !sm_dt_node_available(fdt, t) &&
		    sm_plan_add_node(f, b, SM_RULE_REGION_REF, x->user,
				     "memory-region",
				     "%s: memory-region names %s, which is disabled: the driver's of_reserved_mem_device_init() fails",
				     x->user, x->region))
			return -ENOMEM;
	}
	return 0;
}

static int check_unused(const struct sm_board *b,
			const struct sm_rmem_uses *u, struct sm_findings *f)
{
	const void *fdt = b->dt->blob;
	int rmem = fdt_path_offset(fdt, "/reserved-memory"), child;
	char path[256];

	if (rmem < 0)
		return 0;
	fdt_for_each_subnode(child, fdt, rmem) {
		if (!sm_dt_node_available(fdt, child) ||
		    sm_dt_has_prop(fdt, child, "linux,cma-default") ||
		    sm_dt_node_path(b->dt, child, path, sizeof(path)) ||
		    used(u, path))
			continue;
		if (sm_plan_add_node(f, b, SM_RULE_REGION_UNUSED, path, NULL,
				     "%s: no node's memory-region names it",
				     strrchr(path, '/') + 1))
			return -ENOMEM;
	}
	return 0;
}

/* no-map or a vendor compatible: a region firmware sized, not the user */
static bool firmware_region(const struct sm_board *b, int node)
{
	const void *fdt = b->dt->blob;
	int len;
	const char *p;

	if (node < 0 || sm_dt_has_prop(fdt, node, "no-map"))
		return true;
	p = fdt_getprop(fdt, node, "compatible", &len);
	for (int o = 0; p && o < len; o += (int)strlen(p + o) + 1)
		if (strchr(p + o, ',') && strncmp(p + o, "linux,", 6))
			return true;
	return false;
}

/* Was region @i of @b there, the same size, in @scope (by base name)? */
static bool unchanged(const struct sm_board *b, int i,
		      const struct sm_board *scope)
{
	const struct sm_region *r = &b->regions[i];
	char want[128], bn[128];

	sm_plan_base_name(r->name, want, sizeof(want));
	for (size_t k = 0; k < scope->nregions; k++) {
		const struct sm_region *s = &scope->regions[k];

		sm_plan_base_name(s->name, bn, sizeof(bn));
		if (!strcmp(bn, want) && s->size == r->size &&
		    s->base == r->base)
			return true;
	}
	return false;
}

/* Drop boundary-1m findings on regions that are not the user's. */
static void scope_boundary(const struct sm_board *b,
			   const struct sm_check_options *opts,
			   struct sm_findings *f)
{
	const struct sm_board *scope = opts ? opts->before : NULL;
	size_t o = 0;

	if (opts && opts->strict)
		return;
	if (!scope && opts)
		scope = opts->baseline;
	for (size_t i = 0; i < f->count; i++) {
		const struct sm_finding *x = &f->v[i];
		bool drop = false;

		if (x->rule == SM_RULE_BOUNDARY_1M && x->region >= 0)
			drop = scope ? unchanged(b, x->region, scope) :
				       firmware_region(b,
						       b->regions[x->region].node);
		if (!drop)
			f->v[o++] = *x;
	}
	f->count = o;
}

int sm_plan_check_users(const struct sm_board *b,
			const struct sm_check_options *opts,
			struct sm_findings *f)
{
	struct sm_rmem_uses u = { 0 };
	int err;

	scope_boundary(b, opts, f);
	if (!b->dt->blob)
		return 0;
	err = sm_plan_rmem_uses(b, &u);
	if (!err)
		err = check_refs(b, &u, f);
	if (!err)
		err = check_unused(b, &u, f);
	sm_plan_rmem_uses_free(&u);
	return err;
}
