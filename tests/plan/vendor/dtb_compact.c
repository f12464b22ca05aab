// SPDX-License-Identifier: MIT
/*
 * dtb_compact.c - shrink an oracle DTB for vendoring without changing
 * anything socmem's board model reads: the same nodes, the same property
 * names in the same order, the same /memreserve/ entries and the same
 * total size (zero padding at the end), but the values of properties the
 * model never looks at are emptied. Kept whole: the root's properties,
 * /chosen, /aliases, memory nodes and /reserved-memory; everywhere the
 * bus properties (#address-cells, #size-cells, ranges, dma-ranges),
 * device_type, status and name.
 *
 * Usage: dtb_compact [-t] IN.dtb OUT.dtb
 *   -t  leave the zero tail out of the file (the header keeps the total
 *       size; the corpus test pads the blob back when it loads it)
 * vendor-corpus.sh checks that the board of every kernel is unchanged.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

static const char *const keep_props[] = {
	"#address-cells", "#size-cells", "ranges", "dma-ranges",
	"device_type", "status", "name",
};

static bool keep_whole(const char *path)
{
	static const char *const subtrees[] = {
		"/chosen", "/aliases", "/reserved-memory", "/memory",
	};

	if (!strcmp(path, "/"))
		return true;
	for (size_t i = 0; i < sizeof(subtrees) / sizeof(subtrees[0]); i++) {
		size_t n = strlen(subtrees[i]);

		if (!strncmp(path, subtrees[i], n) &&
		    (path[n] == '\0' || path[n] == '/' || path[n] == '@'))
			return true;
	}
	return false;
}

static bool keep_prop(const char *name)
{
	for (size_t i = 0; i < sizeof(keep_props) / sizeof(keep_props[0]);
	     i++)
		if (!strcmp(name, keep_props[i]))
			return true;
	return false;
}

static void *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Copy node @node (and its subtree) of @in into the sequential writer. */
static int copy_node(const void *in, int node, void *out, char *path,
		     size_t plen)
{
	size_t l = strlen(path);
	const char *name = fdt_get_name(in, node, NULL);
	bool whole;
	int prop, child, err;

	if (node) {
		snprintf(path + l, plen - l, "%s%s", l > 1 ? "/" : "", name);
	}
	whole = keep_whole(path);
	err = fdt_begin_node(out, node ? name : "");
	if (err)
		return err;
	fdt_for_each_property_offset(prop, in, node) {
		const char *pname;
		int len;
		const void *val = fdt_getprop_by_offset(in, prop, &pname, &len);

		if (!val)
			return len;
		if (!whole && !keep_prop(pname))
			len = 0;
		err = fdt_property(out, pname, val, len);
		if (err)
			return err;
	}
	fdt_for_each_subnode(child, in, node) {
		err = copy_node(in, child, out, path, plen);
		if (err)
			return err;
	}
	path[l ? l : 0] = '\0';
	if (!node)
		strcpy(path, "/");
	return fdt_end_node(out);
}

int main(int argc, char **argv)
{
	char path[4096] = "/";
	size_t len, used;
	void *in, *out;
	bool tail = true;
	FILE *f;
	int err, n;

	if (argc == 4 && !strcmp(argv[1], "-t")) {
		tail = false;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: dtb_compact [-t] IN.dtb OUT.dtb\n");
		return 2;
	}
	in = read_all(argv[1], &len);
	if (!in || fdt_check_full(in, len)) {
		fprintf(stderr, "%s: not a valid DTB\n", argv[1]);
		return 1;
	}
	out = calloc(1, fdt_totalsize(in));
	err = fdt_create(out, (int)fdt_totalsize(in));
	n = fdt_num_mem_rsv(in);
	for (int i = 0; !err && i < n; i++) {
		uint64_t a, s;

		fdt_get_mem_rsv(in, i, &a, &s);
		err = fdt_add_reservemap_entry(out, a, s);
	}
	if (!err)
		err = fdt_finish_reservemap(out);
	if (!err)
		err = copy_node(in, 0, out, path, sizeof(path));
	if (!err)
		err = fdt_finish(out);
	if (err) {
		fprintf(stderr, "%s: %s\n", argv[1], fdt_strerror(err));
		return 1;
	}
	fdt_set_boot_cpuid_phys(out, fdt_boot_cpuid_phys(in));
	used = fdt_off_dt_strings(out) + fdt_size_dt_strings(out);
	memset((char *)out + used, 0, fdt_totalsize(in) - used);
	fdt_set_totalsize(out, fdt_totalsize(in));
	if (tail)
		used = fdt_totalsize(in);
	f = fopen(argv[2], "wb");
	if (!f || fwrite(out, 1, used, f) != used || fclose(f)) {
		fprintf(stderr, "%s: cannot write\n", argv[2]);
		return 1;
	}
	free(in);
	free(out);
	return 0;
}
