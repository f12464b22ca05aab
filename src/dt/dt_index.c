// SPDX-License-Identifier: MIT
/*
 * dt_index.c - one pass over a flattened tree's structure block that
 * records every node with its parent, depth, name and the handful of
 * properties early boot looks at, so that whole-tree questions (the size
 * of the unflattened tree, the highest DMA address) cost one walk instead
 * of a libfdt search per node. The walk checks every token against the
 * blob's bounds; a malformed blob ends it early with -EINVAL.
 */
#define _GNU_SOURCE /* strchrnul */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <socmem/dt.h>

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int grow(struct sm_dt_index *idx, size_t *cap)
{
	struct sm_dt_node_info *n;
	size_t c = *cap ? *cap * 2 : 256;

	n = realloc(idx->nodes, c * sizeof(*n));
	if (!n)
		return -ENOMEM;
	idx->nodes = n;
	*cap = c;
	return 0;
}

/* Remember the properties early boot reads. */
static void note_prop(struct sm_dt_node_info *n, const char *name,
		      const uint8_t *val, uint32_t len)
{
	n->nprops++;
	switch (name[0]) {
	case 'n':
		if (!strcmp(name, "name"))
			n->has_name = true;
		break;
	case 's':
		if (!strcmp(name, "status")) {
			n->status = (const char *)val;
			n->status_len = (int)len;
		}
		break;
	case 'd':
		if (!strcmp(name, "dma-ranges")) {
			n->dma_ranges = val;
			n->dma_ranges_len = (int)len;
		} else if (!strcmp(name, "device_type")) {
			n->device_type = (const char *)val;
			n->device_type_len = (int)len;
		}
		break;
	case '#':
		if (!strcmp(name, "#address-cells") && len >= 4)
			n->address_cells = (int)be32(val);
		else if (!strcmp(name, "#size-cells") && len >= 4)
			n->size_cells = (int)be32(val);
		break;
	case 'r':
		if (!strcmp(name, "rng-seed"))
			n->has_rng_seed = true;
		break;
	}
}

int sm_dt_index_build(const void *fdt, struct sm_dt_index *idx)
{
	const uint8_t *blob = fdt;
	uint32_t off = fdt_off_dt_struct(fdt);
	uint32_t end = off + fdt_size_dt_struct(fdt);
	uint32_t str = fdt_off_dt_strings(fdt);
	uint32_t str_end = str + fdt_size_dt_strings(fdt);
	int stack[SM_DT_MAX_DEPTH], last[SM_DT_MAX_DEPTH], depth = -1;
	size_t cap = 0;

	memset(idx, 0, sizeof(*idx));
	if (end > fdt_totalsize(fdt) || str_end > fdt_totalsize(fdt))
		return -EINVAL;
	while (off + 4 <= end) {
		uint32_t tag = be32(blob + off);
		struct sm_dt_node_info *n;

		off += 4;
		switch (tag) {
		case FDT_BEGIN_NODE: {
			const char *name = (const char *)blob + off;
			const char *nul = memchr(name, '\0', end - off);

			if (!nul || depth + 1 >= SM_DT_MAX_DEPTH)
				return -EINVAL;
			if (idx->count == cap && grow(idx, &cap))
				return -ENOMEM;
			n = &idx->nodes[idx->count];
			memset(n, 0, sizeof(*n));
			n->offset = (int)(off - 4 - fdt_off_dt_struct(fdt));
			n->depth = depth + 1;
			n->parent = depth >= 0 ? stack[depth] : -1;
			n->name = name;
			n->name_len = (int)(nul - name);
			n->address_cells = n->size_cells = -1;
			n->first_child = n->next_sibling = -1;
			if (depth >= 0) {
				struct sm_dt_node_info *p =
					&idx->nodes[stack[depth]];

				if (p->first_child < 0)
					p->first_child = (int)idx->count;
				else
					idx->nodes[last[depth]].next_sibling =
						(int)idx->count;
				last[depth] = (int)idx->count;
			}
			stack[++depth] = (int)idx->count++;
			off = (off + (uint32_t)(nul - name) + 1 + 3) & ~3u;
			break;
		}
		case FDT_PROP: {
			uint32_t len, nameoff;

			if (off + 8 > end || depth < 0)
				return -EINVAL;
			len = be32(blob + off);
			nameoff = be32(blob + off + 4);
			if (len > end - off - 8 || nameoff >= str_end - str ||
			    !memchr(blob + str + nameoff, '\0',
				    str_end - str - nameoff))
				return -EINVAL;
			note_prop(&idx->nodes[stack[depth]],
				  (const char *)blob + str + nameoff,
				  blob + off + 8, len);
			off = (off + 8 + len + 3) & ~3u;
			break;
		}
		case FDT_END_NODE:
			if (depth < 0)
				return -EINVAL;
			depth--;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return 0;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
}

static int child_named(const struct sm_dt_index *idx, int parent,
		       const char *name, size_t len)
{
	for (int c = idx->nodes[parent].first_child; c >= 0;
	     c = idx->nodes[c].next_sibling) {
		const struct sm_dt_node_info *n = &idx->nodes[c];

		if ((size_t)n->name_len == len && !memcmp(n->name, name, len))
			return c;
		/* a name without unit address matches "name@..." (libfdt) */
		if (!memchr(name, '@', len) && (size_t)n->name_len > len &&
		    n->name[len] == '@' && !memcmp(n->name, name, len))
			return c;
	}
	return -ENOENT;
}

int sm_dt_index_lookup(const struct sm_dt_index *idx, const void *fdt,
		       const char *path)
{
	int node = 0;

	if (!idx->count)
		return -ENOENT;
	if (*path != '/') {
		/* an alias, possibly followed by a path below it */
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		const char *target = fdt_get_alias_namelen(fdt, path, (int)len);

		if (!target || *target != '/')
			return -ENOENT;
		node = sm_dt_index_lookup(idx, fdt, target);
		if (node < 0 || !slash)
			return node;
		path = slash;
	}
	while (node >= 0 && *path) {
		const char *end;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		end = strchrnul(path, '/');
		node = child_named(idx, node, path, (size_t)(end - path));
		path = end;
	}
	return node;
}

void sm_dt_index_free(struct sm_dt_index *idx)
{
	free(idx->nodes);
	idx->nodes = NULL;
	idx->count = 0;
}

bool sm_dt_index_available(const struct sm_dt_node_info *n)
{
	if (!n->status)
		return true;
	return (n->status_len >= 5 && !memcmp(n->status, "okay", 5)) ||
	       (n->status_len >= 3 && !memcmp(n->status, "ok", 3));
}
