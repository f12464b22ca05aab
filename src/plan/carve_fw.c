// SPDX-License-Identifier: MIT
/*
 * carve_fw.c - which regions `carve` must not move, shrink or remove.
 *
 * Firmware (TrustZone, the hypervisor, the remote processors' boot
 * loaders) places its carve-outs at fixed addresses the kernel only
 * learns from the tree; moving one in the tree does not move it in the
 * firmware, and the kernel then hands out memory the firmware still
 * uses (an external abort, or silent corruption). So a carve-out counts
 * as firmware's, and is protected by default, when it is
 *   - no-map (the kernel may not even map it: someone else owns it),
 *   - or has a vendor compatible ("qcom,smem", "qcom,rmtfs-mem": a
 *     firmware interface at that address),
 *   - or is the memory-region of a remote processor or firmware loader
 *     (remoteproc, *-pas, *-pil, venus, zap-shader, /firmware/...).
 * --protect and --baseline protect more; --move NAME (or --force) lets
 * a protected region move, shrink or go.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "carve.h"

/* A compatible a vendor's firmware interface would have. */
static bool vendor_compatible(const void *fdt, int node, char *out,
			      size_t len)
{
	int plen;
	const char *p = fdt_getprop(fdt, node, "compatible", &plen);

	for (int o = 0; p && o < plen; o += (int)strlen(p + o) + 1)
		if (strchr(p + o, ',') && strncmp(p + o, "linux,", 6)) {
			snprintf(out, len, "compatible \"%s\"", p + o);
			return true;
		}
	return false;
}

static bool loads_firmware(const void *fdt, int node, const char *path)
{
	static const char *const hints[] = {
		"remoteproc", "rproc", "-pas", "-pil", "pil-", "venus",
		"wcnss", "-mss", "scm", "zap",
	};
	const char *name = fdt_get_name(fdt, node, NULL);
	int len;
	const char *p = fdt_getprop(fdt, node, "compatible", &len);

	if (!strncmp(path, "/firmware", 9) ||
	    !strncmp(name, "remoteproc", 10) || !strncmp(name, "zap-shader", 10))
		return true;
	for (int o = 0; p && o < len; o += (int)strlen(p + o) + 1)
		for (size_t h = 0; h < sizeof(hints) / sizeof(hints[0]); h++)
			if (strstr(p + o, hints[h]))
				return true;
	return false;
}

/* A remote processor or firmware node whose memory-region names @target. */
static bool firmware_user(struct carve *c, int target, char *out, size_t len)
{
	const void *fdt = c->b->dt->blob;
	uint32_t ph = fdt_get_phandle(fdt, target);
	char path[256];
	int node = -1, depth = 0, plen;

	if (!ph)
		return false;
	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		const fdt32_t *v = fdt_getprop(fdt, node, "memory-region",
					       &plen);

		for (int k = 0; v && k < plen / 4; k++) {
			if (fdt32_to_cpu(v[k]) != ph ||
			    sm_dt_node_path(c->b->dt, node, path,
					    sizeof(path)) ||
			    !loads_firmware(fdt, node, path))
				continue;
			snprintf(out, len, "the memory-region of %s", path);
			return true;
		}
	}
	return false;
}

bool sm_plan_carve_is_firmware(struct carve *c, const char *path, char *why,
			       size_t len)
{
	const void *fdt = c->b->dt->blob;
	int node = fdt_path_offset(fdt, path);

	if (node < 0)
		return false;
	if (sm_dt_has_prop(fdt, node, "no-map")) {
		snprintf(why, len, "no-map");
		return true;
	}
	return vendor_compatible(fdt, node, why, len) ||
	       firmware_user(c, node, why, len);
}

static bool protected_by_baseline(struct carve *c, const char *path)
{
	const struct sm_board *base = c->req->baseline;
	char want[128], bn[128];

	if (!base)
		return false;
	sm_plan_base_name(strrchr(path, '/') + 1, want, sizeof(want));
	for (size_t i = 0; i < base->nregions; i++) {
		const struct sm_region *r = &base->regions[i];

		if (r->kind != SM_REGION_CARVEOUT ||
		    !sm_plan_region_is_static(base, r) ||
		    r->status == SM_STATUS_DISABLED)
			continue;
		sm_plan_base_name(r->name, bn, sizeof(bn));
		if (!strcmp(bn, want))
			return true;
	}
	return false;
}

/* Is @path among @names (each resolved as a node argument)? */
static int listed(struct carve *c, const char *const *names, size_t n,
		  const char *path, bool *hit)
{
	char p[256];

	*hit = false;
	for (size_t i = 0; !*hit && i < n; i++) {
		int err = sm_plan_carve_resolve(c, names[i], p, sizeof(p));

		if (err)
			return err;
		*hit = !strcmp(p, path);
	}
	return 0;
}

/* Why @path must stay put ("" when it may move), or a negative errno. */
static int protection(struct carve *c, const char *path, char *why,
		      size_t len)
{
	char fw[256];
	bool hit;
	int err;

	why[0] = '\0';
	err = listed(c, c->req->move, c->req->n_move, path, &hit);
	if (err || hit || c->req->force)
		return err;
	if (sm_plan_carve_is_firmware(c, path, fw, sizeof(fw))) {
		snprintf(why, len, "a firmware carve-out (%s)", fw);
		return 0;
	}
	err = listed(c, c->req->protect, c->req->n_protect, path, &hit);
	if (err)
		return err;
	if (hit || protected_by_baseline(c, path))
		snprintf(why, len, "protected (%s)",
			 hit ? "--protect" : "a carve-out of --baseline");
	return 0;
}

int sm_plan_carve_refuse_protected(struct carve *c, const char *path,
				   const char *what)
{
	char why[320];
	int err = protection(c, path, why, sizeof(why));

	if (err || !why[0])
		return err;
	return sm_dt_diag_set(c->diag, -EPERM,
			      "%s is %s: %s would risk an external abort; name it with --move %s to do it anyway",
			      path, why, what, strrchr(path, '/') + 1);
}

/* The highest end of a region below @base in @base's bank (or its start). */
static uint64_t end_below(const struct sm_board *b, uint64_t base)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;
	uint64_t best = 0, rb, rs;

	for (size_t i = 0; i < mem->cnt; i++)
		if (mem->regions[i].base <= base &&
		    mem->regions[i].base > best)
			best = mem->regions[i].base;
	for (size_t i = 0; i < b->nregions; i++)
		if (sm_plan_region_extent(b, (int)i, &rb, &rs) && rs &&
		    rb + rs <= base && rb + rs > best)
			best = rb + rs;
	return best;
}

/* The lowest base of a region above @base (or the end of its bank). */
static uint64_t next_above(const struct sm_board *b, uint64_t base)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;
	uint64_t best = UINT64_MAX, rb, rs;

	for (size_t i = 0; i < mem->cnt; i++)
		if (mem->regions[i].base + mem->regions[i].size > base &&
		    mem->regions[i].base + mem->regions[i].size < best)
			best = mem->regions[i].base + mem->regions[i].size;
	for (size_t i = 0; i < b->nregions; i++)
		if (sm_plan_region_extent(b, (int)i, &rb, &rs) && rs &&
		    rb > base && rb < best)
			best = rb;
	return best;
}

/*
 * Region @grown, grown to @size, runs into region @moved, which must
 * not move: refuse, with the room there is and what else would do.
 */
int sm_plan_carve_refuse_move(struct carve *c, int grown, uint64_t size,
			      int moved)
{
	const struct sm_region *g = &c->b->regions[grown];
	const struct sm_region *m = &c->b->regions[moved];
	char why[320], room[32], below[32], want[32];
	int err = protection(c, m->path, why, sizeof(why));

	if (err || !why[0])
		return err;
	sm_plan_size_str(next_above(c->b, g->base) - g->base, room,
			 sizeof(room));
	sm_plan_size_str(g->base - end_below(c->b, g->base), below,
			 sizeof(below));
	sm_plan_size_str(size, want, sizeof(want));
	return sm_dt_diag_set(c->diag, -EPERM,
			      "%s cannot grow to %s: %s right above it is %s and never moves. Room: it can grow to %s in place; free below it: %s. Alternatives: grow it downward by hand (base - the extra size), place a new region elsewhere (socmem carve add NAME SIZE), a dynamic pool (socmem carve add NAME SIZE --cma), or --move %s to move it anyway",
			      g->name, want, m->name, why, room, below, m->name);
}
