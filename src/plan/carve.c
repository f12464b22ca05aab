// SPDX-License-Identifier: MIT
/*
 * carve.c - `socmem carve`: add, resize and remove /reserved-memory
 * regions in a board's DTS, as the platform guide's "Extend the memory
 * map" asks an engineer to do by hand:
 *
 *   add     a static carve-out (reg, optionally no-map) at an address or
 *           at the first free 1 MiB-aligned place above a node (default:
 *           above the last carve-out); or a dynamic CMA pool
 *           (shared-dma-pool, reusable, alignment = the pageblock size,
 *           alloc-ranges below an address), at the end of /reserved-memory
 *   resize  a region; a static region that grows into the next ones
 *           shifts them up, in address order, each to the first address
 *           past the previous one that keeps its alignment
 *   remove  a region (every place its node is written)
 *
 * Firmware's carve-outs (carve_fw.c) may grow into free space, but
 * never move, shrink or go unless named with --move. An edit of a node
 * an included file defines lands in the top-level file as an override
 * (carve_override.c) unless --edit-includes. Whether the result is
 * acceptable is decided by booting it (sm_plan_carve_verdict()).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

#include "carve.h"

/* ---- requests ------------------------------------------------------------ */

static bool valid_name(const char *n)
{
	size_t len = strlen(n);

	if (!len || len > 31)
		return false;
	for (; *n; n++)
		if (!isalnum((unsigned char)*n) && !strchr(",._+-", *n))
			return false;
	return true;
}

static int check_size(struct carve *c, uint64_t size, bool cma)
{
	uint64_t page = sm_boot_board_page_size(c->b);
	uint64_t unit = cma ? sm_boot_board_pageblock_bytes(c->b) : page;
	char u[32];

	sm_plan_size_str(unit, u, sizeof(u));
	if (!size || size % unit)
		return sm_dt_diag_set(c->diag, -EINVAL,
				      "invalid size 0x%" PRIx64 ": must be a non-zero multiple of %s%s",
				      size, u, cma ? " (the pageblock size)" : "");
	return 0;
}

/* ---- where things are ------------------------------------------------------ */

static int region_of(struct carve *c, const char *path)
{
	int i = sm_boot_board_find_region(c->b, path);

	if (i < 0 || strcmp(c->b->regions[i].path, path))
		return sm_dt_diag_set(c->diag, -ENOENT,
				      "%s: not a region the kernel sees", path);
	return i;
}

static bool in_rmem(const char *path)
{
	return !strncmp(path, "/reserved-memory/", 17) &&
	       !strchr(path + 17, '/');
}

static bool overlaps_anything(struct carve *c, uint64_t base, uint64_t size,
			      uint64_t *end)
{
	const struct sm_board *b = c->b;
	uint64_t rb, rs;

	if (plan_ranges_overlap(base, size, b->dtb_base, b->dtb_size)) {
		*end = b->dtb_base + b->dtb_size;
		return true;
	}
	for (size_t i = 0; i < b->nregions; i++)
		if (sm_plan_region_extent(b, (int)i, &rb, &rs) &&
		    plan_ranges_overlap(base, size, rb, rs)) {
			*end = rb + rs;
			return true;
		}
	return false;
}

/* The first free 1 MiB-aligned [base, base + size) at or above @from. */
static int find_free(struct carve *c, uint64_t from, uint64_t size,
		     uint64_t *base)
{
	const struct sm_memblock_type *mem = &c->b->memblock.memory;

	for (size_t i = 0; i < mem->cnt;) {
		uint64_t bs = mem->regions[i].base;
		uint64_t be = bs + mem->regions[i].size, cand, end;

		/* a bank: memory regions split only by flags run on */
		for (i++; i < mem->cnt && mem->regions[i].base == be; i++)
			be += mem->regions[i].size;
		cand = plan_round_up(from > bs ? from : bs, SM_SZ_1M);
		while (cand + size <= be && cand >= bs) {
			if (!overlaps_anything(c, cand, size, &end)) {
				*base = cand;
				return 0;
			}
			cand = plan_round_up(end, SM_SZ_1M);
		}
	}
	return -ENOSPC;
}

/* Where a new carve-out's search starts: --near's end, or the last one's. */
static int search_start(struct carve *c, uint64_t *from)
{
	const struct sm_board *b = c->b;
	uint64_t base, size;
	char path[256];
	int i, err;

	*from = b->memblock.memory.cnt ? b->memblock.memory.regions[0].base : 0;
	if (c->req->near) {
		err = sm_plan_carve_resolve(c, c->req->near, path,
					    sizeof(path));
		if (err)
			return err;
		i = region_of(c, path);
		if (i < 0)
			return i;
		if (!sm_plan_region_extent(b, i, &base, &size))
			return sm_dt_diag_set(c->diag, -EINVAL,
					      "--near %s: it has no place in memory",
					      c->req->near);
		*from = base + size;
		return 0;
	}
	for (size_t k = 0; k < b->nregions; k++)
		if (b->regions[k].kind == SM_REGION_CARVEOUT &&
		    sm_plan_region_is_static(b, &b->regions[k]) &&
		    in_rmem(b->regions[k].path) &&
		    sm_plan_region_extent(b, (int)k, &base, &size) &&
		    base + size > *from)
			*from = base + size;
	return 0;
}

/* ---- text of new nodes ---------------------------------------------------- */

/* "0x0 0x500000": @v in @cells cells (the low 64 bits) */
static size_t value_cells(unsigned int cells, uint64_t v, char *buf,
			  size_t len)
{
	size_t o = 0;

	for (unsigned int i = cells; i-- > 0 && o < len;)
		o += (size_t)snprintf(buf + o, len - o, "0x%" PRIx64 "%s",
				      i < 2 ? (v >> (32 * i)) & 0xffffffff : 0,
				      i ? " " : "");
	return o;
}

/* "<0x0 0x84300000 0x0 0x500000>": (@a, @s) in the root's cells */
static void cells_text(const struct sm_board *b, uint64_t a, uint64_t s,
		       char *buf, size_t len)
{
	size_t o = (size_t)snprintf(buf, len, "<");

	o += value_cells(b->addr_cells, a, buf + o, len - o);
	o += (size_t)snprintf(buf + o, len - o, " ");
	o += value_cells(b->size_cells, s, buf + o, len - o);
	snprintf(buf + o, len - o, ">");
}

/* ---- add ---------------------------------------------------------------- */

static int add_static(struct carve *c, const char *name, const char *label)
{
	const struct sm_carve_request *r = c->req;
	char head[160], reg[128], regline[160], sz[32];
	const char *body[4];
	uint64_t base = r->at, from;
	size_t n = 0;
	int err;

	sm_plan_size_str(r->size, sz, sizeof(sz));
	if (!r->has_at) {
		err = search_start(c, &from);
		if (err)
			return err;
		if (find_free(c, from, r->size, &base))
			return sm_dt_diag_set(c->diag, -ENOSPC,
					      "no free space: no 1 MiB-aligned range of %s is free above 0x%" PRIx64,
					      sz, from);
	} else if (base % sm_boot_board_page_size(c->b)) {
		return sm_dt_diag_set(c->diag, -EINVAL,
				      "invalid address 0x%" PRIx64 ": not page-aligned",
				      base);
	}
	snprintf(head, sizeof(head), "%s: %s@%" PRIx64 " {", label, name,
		 base);
	cells_text(c->b, base, r->size, reg, sizeof(reg));
	snprintf(regline, sizeof(regline), "reg = %s;", reg);
	body[n++] = head;
	body[n++] = regline;
	if (r->no_map)
		body[n++] = "no-map;";
	body[n++] = "};";
	sm_dt_warn(c->notes, "%s@%" PRIx64 ": %s at [0x%" PRIx64 "-0x%" PRIx64 "]",
		   name, base, sz, base, base + r->size - 1);
	return sm_plan_carve_insert_node(c, body, n);
}

static int add_cma(struct carve *c, const char *name, const char *label)
{
	const struct sm_carve_request *r = c->req;
	uint64_t pb = sm_boot_board_pageblock_bytes(c->b);
	char head[160], ranges[160], align[160], size[160], t[128], sz[32];
	const char *body[7];
	size_t n = 0;

	snprintf(head, sizeof(head), "%s: %s {", label, name);
	body[n++] = head;
	body[n++] = "compatible = \"shared-dma-pool\";";
	if (r->has_below) {
		cells_text(c->b, 0, r->below, t, sizeof(t));
		snprintf(ranges, sizeof(ranges), "alloc-ranges = %s;", t);
		body[n++] = ranges;
	}
	body[n++] = "reusable;";
	/* alignment is read with the address cells, size with the size cells */
	value_cells(c->b->addr_cells, pb, t, sizeof(t));
	snprintf(align, sizeof(align), "alignment = <%s>;", t);
	value_cells(c->b->size_cells, r->size, t, sizeof(t));
	snprintf(size, sizeof(size), "size = <%s>;", t);
	body[n++] = align;
	body[n++] = size;
	body[n++] = "};";
	sm_plan_size_str(r->size, sz, sizeof(sz));
	sm_dt_warn(c->notes, "%s: a %s CMA pool, placed by the kernel", name,
		   sz);
	return sm_plan_carve_insert_node(c, body, n);
}

static int carve_add(struct carve *c)
{
	const struct sm_carve_request *r = c->req;
	char name[64], label[64];
	int err;

	if (!valid_name(r->node) || strchr(r->node, '@'))
		return sm_dt_diag_set(c->diag, -EINVAL,
				      "%s: not a valid node name (1-31 of A-Z a-z 0-9 , . _ + -, no unit address)",
				      r->node);
	err = check_size(c, r->size, r->cma);
	if (!err)
		err = sm_plan_carve_new_name(c, name, sizeof(name));
	if (!err)
		err = sm_plan_carve_new_label(c, label, sizeof(label));
	if (err)
		return err;
	return r->cma ? add_cma(c, name, label) : add_static(c, name, label);
}

/* ---- resize -------------------------------------------------------------- */

/* What a shifted region must stay aligned to. */
static uint64_t keep_align(const struct sm_board *b, const struct sm_region *r)
{
	if ((r->flags & SM_RF_REUSABLE) &&
	    sm_dt_is_compatible(b->dt->blob, r->node, "shared-dma-pool"))
		return sm_boot_board_pageblock_bytes(b);
	return r->base % SM_SZ_1M ? sm_boot_board_page_size(b) : SM_SZ_1M;
}

/* The end of the DRAM bank @addr lies in, or 0. */
static uint64_t bank_end(const struct sm_board *b, uint64_t addr)
{
	const struct sm_memblock_type *mem = &b->memblock.memory;

	for (size_t i = 0; i < mem->cnt;) {
		uint64_t bs = mem->regions[i].base;
		uint64_t be = bs + mem->regions[i].size;

		for (i++; i < mem->cnt && mem->regions[i].base == be; i++)
			be += mem->regions[i].size;
		if (addr >= bs && addr < be)
			return be;
	}
	return 0;
}

static bool single_reg(const struct sm_board *b, int i)
{
	int len, node = b->regions[i].node;

	sm_dt_prop(b->dt->blob, node, "reg", &len);
	return len == (int)((b->addr_cells + b->size_cells) * 4);
}

static int move_region(struct carve *c, int i, uint64_t base)
{
	const struct sm_region *r = &c->b->regions[i];
	unsigned int ac = c->b->addr_cells;
	char name[128], bn[96];
	struct node_src ns;
	bool rename;
	int err;

	if (!single_reg(c->b, i))
		return sm_dt_diag_set(c->diag, -ENOTSUP,
				      "%s: reg has several entries; move it by hand",
				      r->path);
	err = sm_plan_carve_set_prop_cells(c, r->path, "reg", 0, &base, &ac, 1);
	if (!err)
		err = sm_plan_carve_node_def(c, r->path, &ns);
	if (err)
		return err;
	sm_plan_base_name(r->name, bn, sizeof(bn));
	snprintf(name, sizeof(name), "%s@%" PRIx64, bn, base);
	/* a name written in an included file stays (it is not overridable) */
	rename = strcmp(name, r->name) && (!c->override || ns.f == c->top);
	sm_dt_warn(c->notes, "%s moves from 0x%" PRIx64 " to 0x%" PRIx64 "%s%s%s",
		   r->name, r->base, base,
		   rename ? ", now " : !strcmp(name, r->name) ? "" :
		   " (its name, in ", rename ? name : !strcmp(name, r->name) ?
		   "" : ns.f->path, rename || !strcmp(name, r->name) ? "" :
		   ", keeps the old unit address; --edit-includes renames it)");
	return rename ? sm_plan_carve_rename(c, r->path, name) : 0;
}

/* Static regions at or above region @i's base, by address. */
static size_t later_statics(struct carve *c, int i, int *out)
{
	const struct sm_board *b = c->b;
	uint64_t base, size;
	size_t n = 0;

	for (size_t k = 0; k < b->nregions; k++) {
		const struct sm_region *r = &b->regions[k];

		if ((int)k == i || r->node == b->regions[i].node ||
		    !sm_plan_region_is_static(b, r) || !in_rmem(r->path) ||
		    !sm_plan_region_extent(b, (int)k, &base, &size) ||
		    base < b->regions[i].base ||
		    sm_boot_board_find_region(b, r->path) != (int)k)
			continue;
		out[n++] = (int)k;
	}
	/* by address (a handful of regions: insertion sort) */
	for (size_t k = 1; k < n; k++)
		for (size_t j = k; j > 0 && b->regions[out[j - 1]].base >
						b->regions[out[j]].base; j--) {
			int t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

/* Region @i now ends at @end: shift whatever it runs into. */
static int shift_up(struct carve *c, int i, uint64_t end)
{
	const struct sm_board *b = c->b;
	int *later = calloc(b->nregions + 1, sizeof(*later));
	size_t n = later ? later_statics(c, i, later) : 0;
	int err = later ? 0 : -ENOMEM;

	for (size_t k = 0; k < n && !err; k++) {
		const struct sm_region *r = &b->regions[later[k]];
		uint64_t nb = plan_round_up(end, keep_align(b, r));

		if (r->base >= end)
			break;
		err = sm_plan_carve_refuse_move(c, i, c->req->size, later[k]);
		if (!err && nb + r->size > bank_end(b, r->base))
			err = sm_dt_diag_set(c->diag, -ENOSPC,
					     "no free space: %s would have to move to 0x%" PRIx64 ", past the end of DRAM",
					     r->name, nb);
		if (!err)
			err = move_region(c, later[k], nb);
		end = nb + r->size;
	}
	free(later);
	return err;
}

static int resize_static(struct carve *c, int i)
{
	const struct sm_region *r = &c->b->regions[i];
	uint64_t size = c->req->size;
	unsigned int sc = c->b->size_cells;
	int err;

	if (!single_reg(c->b, i))
		return sm_dt_diag_set(c->diag, -ENOTSUP,
				      "%s: reg has several entries; resize it by hand",
				      r->path);
	err = sm_plan_carve_set_prop_cells(c, r->path, "reg", c->b->addr_cells, &size,
					   &sc, 1);
	if (err || size <= r->size)
		return err;
	return shift_up(c, i, r->base + size);
}

static int carve_resize(struct carve *c)
{
	char path[256], was[32], now[32];
	const struct sm_region *r;
	unsigned int sc = c->b->size_cells;
	int i, err = sm_plan_carve_resolve(c, c->req->node, path, sizeof(path));

	if (err)
		return err;
	i = region_of(c, path);
	if (i < 0)
		return i;
	r = &c->b->regions[i];
	if (!in_rmem(path) || r->status == SM_STATUS_DISABLED)
		return sm_dt_diag_set(c->diag, -EINVAL,
				      "%s: not an enabled /reserved-memory region",
				      path);
	err = check_size(c, c->req->size, (r->flags & SM_RF_REUSABLE) &&
			 r->kind == SM_REGION_CMA);
	if (err)
		return err;
	if (c->req->size == r->size)
		return sm_dt_diag_set(c->diag, -EINVAL, "%s is already that size",
				      path);
	if (c->req->size < r->size) {
		err = sm_plan_carve_refuse_protected(c, path, "shrinking it");
		if (err)
			return err;
	}
	sm_plan_size_str(r->size, was, sizeof(was));
	sm_plan_size_str(c->req->size, now, sizeof(now));
	sm_dt_warn(c->notes, "%s: %s -> %s", r->name, was, now);
	if (!sm_plan_region_is_static(c->b, r))
		return sm_plan_carve_set_prop_cells(c, path, "size", 0, &c->req->size,
						    &sc, 1);
	return resize_static(c, i);
}

/* ---- remove -------------------------------------------------------------- */

/* A region a node still names in memory-region cannot go (dtc refuses). */
static int refuse_used(struct carve *c, const char *path)
{
	struct sm_rmem_uses u = { 0 };
	int err = sm_plan_rmem_uses(c->b, &u);
	size_t n = 0, first = 0;

	for (size_t i = 0; !err && i < u.count; i++)
		if (!strcmp(u.v[i].region, path) && !n++)
			first = i;
	if (!err && n)
		err = sm_dt_diag_set(c->diag, -EPERM,
				     "%s is the memory-region of %s%s: removing it would leave a reference to nothing (dtc refuses it); change %s first",
				     path, u.v[first].user,
				     n > 1 ? " and others" : "",
				     n > 1 ? "them" : "that node");
	sm_plan_rmem_uses_free(&u);
	return err;
}

static int carve_remove(struct carve *c)
{
	char path[256];
	int err = sm_plan_carve_resolve(c, c->req->node, path, sizeof(path));

	if (err)
		return err;
	if (!in_rmem(path))
		return sm_dt_diag_set(c->diag, -EINVAL,
				      "%s: not a /reserved-memory region", path);
	err = sm_plan_carve_refuse_protected(c, path, "removing it");
	if (!err)
		err = refuse_used(c, path);
	if (err)
		return err;
	sm_dt_warn(c->notes, "%s removed", strrchr(path, '/') + 1);
	return sm_plan_carve_delete_node(c, path);
}

/* ---- the result ----------------------------------------------------------- */

/* Is @p inside directory @dir? */
static bool inside(const char *p, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(p, dir, n) && (p[n] == '/' || !strcmp(dir, "/"));
}

/*
 * The directory a patch of @c's changed files applies in: the current
 * one when it holds them all, else the deepest one that does.
 */
static int patch_root(struct carve *c, char *root, size_t len)
{
	char rp[PATH_MAX], cwd[PATH_MAX];
	bool under_cwd = true, any = false;

	if (!getcwd(cwd, sizeof(cwd)))
		return -errno;
	for (size_t i = 0; i < c->se.n; i++) {
		if (!sm_plan_srcedit_changed(c->se.files[i]))
			continue;
		if (!realpath(c->se.files[i]->path, rp))
			return -errno;
		under_cwd = under_cwd && inside(rp, cwd);
		if (!any)
			snprintf(root, len, "%s", rp);
		any = true;
		while (!inside(rp, root)) {
			char *s = strrchr(root, '/');

			s[s == root] = '\0';
		}
	}
	if (under_cwd || !any)
		snprintf(root, len, "%s", cwd);
	return 0;
}

static int collect(struct carve *c, struct sm_carve_result *out)
{
	char root[PATH_MAX], rp[PATH_MAX], a[PATH_MAX + 2], b[PATH_MAX + 2];
	int err = patch_root(c, root, sizeof(root));
	size_t rl = strlen(root);

	if (err)
		return sm_dt_diag_set(c->diag, err, "cannot resolve the paths of the changed files");
	out->root = strdup(root);
	if (!out->root)
		return -ENOMEM;
	for (size_t i = 0; i < c->se.n; i++) {
		struct srcfile *f = c->se.files[i];
		struct sm_carve_file *nf;

		if (!sm_plan_srcedit_changed(f))
			continue;
		nf = realloc(out->files, (out->nfiles + 1) * sizeof(*nf));
		if (!nf || !realpath(f->path, rp))
			return -ENOMEM;
		out->files = nf;
		nf = &nf[out->nfiles++];
		memset(nf, 0, sizeof(*nf));
		nf->path = strdup(f->path);
		nf->rel = strdup(rp + rl + (rl > 1));
		nf->text = sm_plan_srcedit_render(f);
		snprintf(a, sizeof(a), "a/%s", rp + rl + (rl > 1));
		snprintf(b, sizeof(b), "b/%s", rp + rl + (rl > 1));
		nf->diff = sm_plan_srcedit_diff_named(f, a, b);
		if (!nf->path || !nf->rel || !nf->text || !nf->diff)
			return -ENOMEM;
	}
	return 0;
}

int sm_plan_carve(const struct sm_board *board,
		  const struct sm_carve_request *req,
		  struct sm_carve_result *out, struct sm_diag *diag)
{
	struct sm_diag local = { 0 };
	struct carve c = {
		.b = board,
		.req = req,
		.notes = &out->notes,
		.diag = diag ? diag : &local,
	};
	int err;

	c.diag->msg[0] = '\0';
	c.override = !req->edit_includes;
	if (!board->dt->from_dts || !board->dt->srcmap)
		return sm_dt_diag_set(c.diag, -EINVAL,
				      "%s: carve edits DTS sources, not a DTB",
				      board->dt->path);
	c.rmem = fdt_path_offset(board->dt->blob, "/reserved-memory");
	if (c.rmem < 0)
		return sm_dt_diag_set(c.diag, -ENOTSUP,
				      "%s: no /reserved-memory node to edit",
				      board->dt->path);
	err = sm_plan_carve_open_top(&c);
	if (err)
		goto out;
	switch (req->op) {
	case SM_CARVE_ADD:
		err = carve_add(&c);
		break;
	case SM_CARVE_RESIZE:
		err = carve_resize(&c);
		break;
	default:
		err = carve_remove(&c);
	}
	if (!err)
		err = collect(&c, out);
out:
	if (err == -ENOMEM)
		sm_dt_diag_set(c.diag, err, "out of memory");
	sm_plan_srcedit_free(&c.se);
	if (err)
		sm_plan_carve_result_free(out);
	return err;
}

void sm_plan_carve_result_free(struct sm_carve_result *res)
{
	free(res->root);
	for (size_t i = 0; i < res->nfiles; i++) {
		free(res->files[i].rel);
		free(res->files[i].path);
		free(res->files[i].text);
		free(res->files[i].diff);
	}
	free(res->files);
	sm_dt_warnings_free(&res->notes);
	memset(res, 0, sizeof(*res));
}
