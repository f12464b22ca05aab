// SPDX-License-Identifier: MIT
/*
 * baseline.c - the carveout-* rules: compare the carve-outs of the board
 * as flashed today (the baseline) with the planned one. Trusted firmware
 * protects today's carve-outs from the kernel; a plan that shrinks,
 * moves or deletes one hands protected memory to the kernel, and the
 * first access is an external abort (the platform guide's warning).
 *
 * Carve-outs are matched by node name without the unit address, since a
 * moved carve-out's unit address changes with it.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "internal.h"

void sm_plan_base_name(const char *name, char *buf, size_t len)
{
	const char *at = strchr(name, '@');
	size_t n = at ? (size_t)(at - name) : strlen(name);

	if (n >= len)
		n = len - 1;
	memcpy(buf, name, n);
	buf[n] = '\0';
}

static bool is_carveout(const struct sm_board *b, const struct sm_region *r)
{
	return r->kind == SM_REGION_CARVEOUT && sm_plan_region_is_static(b, r) &&
	       r->size && r->status != SM_STATUS_DISABLED &&
	       !strncmp(r->path, "/reserved-memory/", 17);
}

/* The first region of a node whose base name is @want, or -1. */
static int find_by_base_name(const struct sm_board *b, const char *want)
{
	char bn[128];

	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];

		if (r->node < 0 || r->status == SM_STATUS_DISABLED ||
		    strncmp(r->path, "/reserved-memory/", 17))
			continue;
		sm_plan_base_name(r->name, bn, sizeof(bn));
		if (!strcmp(bn, want))
			return (int)i;
	}
	return -1;
}

/* Is @i the first region of its node (extra reg entries are not)? */
static bool first_of_node(const struct sm_board *b, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (b->regions[j].node == b->regions[i].node)
			return false;
	return true;
}

static int compare_one(const struct sm_board *b, const struct sm_region *old,
		       struct sm_findings *f)
{
	char bn[128], was[32], now[32];
	const struct sm_region *r;
	int i;

	sm_plan_base_name(old->name, bn, sizeof(bn));
	i = find_by_base_name(b, bn);
	sm_plan_size_str(old->size, was, sizeof(was));
	if (i < 0 || !sm_plan_region_is_static(b, &b->regions[i]))
		return sm_plan_add_node(f, b, SM_RULE_CARVEOUT_REMOVED,
					old->path, NULL,
					"%s [0x%" PRIx64 "-0x%" PRIx64 ", %s] is protected by firmware today and is gone from the plan",
					old->name, old->base,
					old->base + old->size - 1, was);
	r = &b->regions[i];
	sm_plan_size_str(r->size, now, sizeof(now));
	if (r->base != old->base &&
	    sm_plan_add(f, b, SM_RULE_CARVEOUT_MOVED, i, -1, "reg",
			"%s moves from 0x%" PRIx64 " to 0x%" PRIx64 ": firmware protects [0x%" PRIx64 "-0x%" PRIx64 "] today",
			r->name, old->base, r->base, old->base,
			old->base + old->size - 1))
		return -ENOMEM;
	if (r->size < old->size &&
	    sm_plan_add(f, b, SM_RULE_CARVEOUT_SHRUNK, i, -1, "reg",
			"%s shrinks from %s to %s: firmware protects all %s today",
			r->name, was, now, was))
		return -ENOMEM;
	return 0;
}

int sm_plan_check_baseline(const struct sm_board *b,
			   const struct sm_board *base, struct sm_findings *f)
{
	for (size_t i = 0; i < base->nregions; i++) {
		if (!is_carveout(base, &base->regions[i]) ||
		    !first_of_node(base, i))
			continue;
		if (compare_one(b, &base->regions[i], f))
			return -ENOMEM;
	}
	return 0;
}
