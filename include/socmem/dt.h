/* SPDX-License-Identifier: MIT */
/*
 * dt.h - device-tree input: a DTB read through libfdt, or a DTS compiled by
 * the real tools (cpp as the kernel build runs it, then dtc), plus a map
 * from nodes and properties back to the source file and line.
 */
#ifndef SOCMEM_DT_H
#define SOCMEM_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <socmem/diag.h>

/**
 * struct sm_dt_options - how to read a device tree
 * @include_dirs: -I directories for cpp and dtc (may be NULL)
 * @n_include_dirs: number of entries in @include_dirs
 * @no_cpp: feed a DTS to dtc directly, without the C preprocessor
 * @tool_log: if set, receives every line cpp or dtc printed when one of
 *	them failed (the diagnostic itself is one line)
 */
struct sm_dt_options {
	const char *const *include_dirs;
	size_t n_include_dirs;
	bool no_cpp;
	struct sm_warnings *tool_log;
};

/**
 * struct sm_srcpos - where something was written in a DTS
 * @file: the source file (after cpp line markers: the original file)
 * @line: first line, 1-based
 * @col: first column, 1-based
 * @end_line: last line
 * @end_col: column just past the end on @end_line
 */
struct sm_srcpos {
	const char *file;
	int line;
	int col;
	int end_line;
	int end_col;
};

struct sm_srcmap;

/**
 * struct sm_dt - a loaded device tree
 * @blob: the flattened tree (libfdt format), checked with fdt_check_full()
 * @size: size of @blob in bytes
 * @path: the file it came from, as the user named it
 * @from_dts: true when @path was a source compiled by dtc
 * @srcmap: node and property positions (DTS input only, else NULL)
 */
struct sm_dt {
	void *blob;
	size_t size;
	char *path;
	bool from_dts;
	struct sm_srcmap *srcmap;
};

/**
 * sm_dt_load() - read a DTB or compile a DTS
 * @path: the file; a DTB is recognised by its magic number, anything else
 *        is treated as DTS source
 * @opts: options, or NULL for defaults
 * @out: receives the loaded tree
 * @diag: receives one line naming @path and the problem on failure
 *
 * DTS input runs `cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp`
 * (with every -I directory) and then `dtc`, keeping cpp's line markers so
 * that positions point at the original files. dtc's and cpp's own error
 * messages are passed on verbatim in @diag.
 *
 * Return: 0; -ENOENT, -EACCES, -EISDIR (the file cannot be read);
 * -EINVAL (a truncated or corrupt DTB: libfdt's reason in @diag; a DTS
 * that cpp or dtc rejects); -ENOMEM.
 */
int sm_dt_load(const char *path, const struct sm_dt_options *opts,
	       struct sm_dt **out, struct sm_diag *diag);

/**
 * struct sm_dt_file - new contents for one source file of a tree
 * @path: the file, named as the source map names it (or any path to it)
 * @text: its new contents (NUL-terminated)
 */
struct sm_dt_file {
	const char *path;
	const char *text;
};

/**
 * sm_dt_load_edited() - compile a DTS as if some of its source files had
 * other contents, leaving every file untouched
 * @path: the top DTS file
 * @opts: options, or NULL for defaults
 * @files: @nfiles replacements; each must be @path or a file it includes
 * @out: receives the tree; positions name the original files
 * @diag: receives cpp's or dtc's message on failure
 *
 * Return: as sm_dt_load(), and -EINVAL when a file of @files is not part
 * of the tree.
 */
int sm_dt_load_edited(const char *path, const struct sm_dt_options *opts,
		      const struct sm_dt_file *files, size_t nfiles,
		      struct sm_dt **out, struct sm_diag *diag);

/**
 * sm_dt_from_blob() - wrap a DTB already in memory (copied)
 *
 * Return: 0, -EINVAL (corrupt; reason in @diag), -ENOMEM.
 */
int sm_dt_from_blob(const void *blob, size_t size, const char *name,
		    struct sm_dt **out, struct sm_diag *diag);

/** sm_dt_free() - release a tree from sm_dt_load() (NULL is fine). */
void sm_dt_free(struct sm_dt *dt);

/**
 * sm_dt_node_pos() - where a node was written
 * @dt: the tree
 * @path: the node's full path, e.g. "/reserved-memory/camera@84300000"
 *
 * Return: the position, or NULL for DTB input or an unknown node.
 */
const struct sm_srcpos *sm_dt_node_pos(const struct sm_dt *dt,
				       const char *path);

/**
 * sm_dt_prop_pos() - where a property was written
 * @dt: the tree
 * @path: the node's full path
 * @prop: the property name
 *
 * Return: the position, or NULL.
 */
const struct sm_srcpos *sm_dt_prop_pos(const struct sm_dt *dt,
				       const char *path, const char *prop);

/**
 * sm_dt_node_positions() - every place a node was written: where it is
 * defined and each later extension (`&label { ... };`), in source order
 * @dt: the tree
 * @path: the node's full path
 * @pos: receives the positions (borrowed from @dt), NULL if none
 *
 * Columns are those of the preprocessed text, which cpp may have moved
 * (it collapses blanks); lines are the original file's.
 *
 * Return: the number of positions (0 for DTB input or an unknown node).
 */
size_t sm_dt_node_positions(const struct sm_dt *dt, const char *path,
			    const struct sm_srcpos **pos);

/**
 * sm_dt_label_path() - the path of the node a DTS label names
 *
 * Return: the path (borrowed from @dt), or NULL (no such label, or DTB
 * input).
 */
const char *sm_dt_label_path(const struct sm_dt *dt, const char *label);

/**
 * sm_dt_path_label() - the first label the sources give a node
 *
 * Return: the label (borrowed from @dt), or NULL (none, or DTB input).
 */
const char *sm_dt_path_label(const struct sm_dt *dt, const char *path);

/**
 * sm_dt_label_nth() - the @i-th label of the sources, in source order
 * @path: receives the path of the node it names (may be NULL)
 *
 * Return: the label (borrowed from @dt), or NULL past the last one.
 */
const char *sm_dt_label_nth(const struct sm_dt *dt, size_t i,
			    const char **path);

/**
 * sm_dt_node_path() - the full path of a node offset in @dt's blob
 *
 * Return: 0 or a negative errno (-EINVAL for a bad offset, -ENOSPC).
 */
int sm_dt_node_path(const struct sm_dt *dt, int node, char *buf, size_t len);

/**
 * sm_dt_bootargs() - the /chosen/bootargs string, or "" if there is none
 */
const char *sm_dt_bootargs(const struct sm_dt *dt);

/* ---- reading properties as the kernel's flat-tree helpers do ------ */

/**
 * sm_dt_read_cells() - combine @cells big-endian 32-bit cells into a
 * number, keeping the low 64 bits (of_read_number())
 */
uint64_t sm_dt_read_cells(const void *p, unsigned int cells);

/**
 * sm_dt_prop() - a property's value and length, NULL when absent
 * (of_get_flat_dt_prop())
 */
const void *sm_dt_prop(const void *fdt, int node, const char *name,
		       int *len);

/** sm_dt_has_prop() - is the property present (any value)? */
bool sm_dt_has_prop(const void *fdt, int node, const char *name);

/**
 * sm_dt_is_compatible() - is @compat one of the node's compatible
 * strings (of_flat_dt_is_compatible())?
 */
bool sm_dt_is_compatible(const void *fdt, int node, const char *compat);

/**
 * sm_dt_node_available() - no status, or status "okay"/"ok"
 * (of_fdt_device_is_available())
 */
bool sm_dt_node_available(const void *fdt, int node);

/**
 * sm_dt_node_phandle() - the node's phandle ("phandle", else
 * "linux,phandle"), or 0
 */
uint32_t sm_dt_node_phandle(const void *fdt, int node);

/* ---- a one-pass index of the tree ---------------------------------- */

#define SM_DT_MAX_DEPTH 64

/**
 * struct sm_dt_node_info - one node as the index records it
 * @offset: its libfdt node offset
 * @parent: index of its parent in the index (-1 for the root)
 * @depth: 0 for the root
 * @name: its name with unit address (points into the blob), @name_len
 * @nprops: number of properties
 * @has_name: it has a "name" property
 * @has_rng_seed: it has "rng-seed"
 * @status: the status value (or NULL), @status_len its length
 * @dma_ranges: the dma-ranges value (or NULL), @dma_ranges_len
 * @device_type: the device_type value (or NULL), @device_type_len
 * @address_cells: its own #address-cells, or -1 when absent
 * @size_cells: its own #size-cells, or -1 when absent
 * @first_child: index of its first child, or -1
 * @next_sibling: index of its next sibling, or -1
 */
struct sm_dt_node_info {
	int offset;
	int parent;
	int depth;
	const char *name;
	int name_len;
	unsigned int nprops;
	bool has_name;
	bool has_rng_seed;
	const char *status;
	int status_len;
	const void *dma_ranges;
	int dma_ranges_len;
	const char *device_type;
	int device_type_len;
	int address_cells;
	int size_cells;
	int first_child;
	int next_sibling;
};

/** struct sm_dt_index - every node of a tree, in structure-block order */
struct sm_dt_index {
	struct sm_dt_node_info *nodes;
	size_t count;
};

/**
 * sm_dt_index_build() - index @fdt in one pass
 *
 * Return: 0; -EINVAL (a malformed structure block, or deeper than
 * SM_DT_MAX_DEPTH); -ENOMEM.
 */
int sm_dt_index_build(const void *fdt, struct sm_dt_index *idx);

/**
 * sm_dt_index_lookup() - the index of the node at @path ("/a/b@1"), or of
 * the node an alias names when @path does not start with '/', as
 * of_find_node_by_path() resolves it
 *
 * Return: the node's index, or -ENOENT.
 */
int sm_dt_index_lookup(const struct sm_dt_index *idx, const void *fdt,
		       const char *path);

/** sm_dt_index_free() - release an index */
void sm_dt_index_free(struct sm_dt_index *idx);

/** sm_dt_index_available() - sm_dt_node_available() for an indexed node */
bool sm_dt_index_available(const struct sm_dt_node_info *n);

/* ---- kernel command line ------------------------------------------ */

/**
 * struct sm_param - one kernel parameter, split as the kernel splits it
 * @name: the part before '=' (or the whole word)
 * @value: the part after '=', or NULL when there was no '='
 */
struct sm_param {
	char *name;
	char *value;
};

/**
 * struct sm_cmdline - a kernel command line split into parameters
 * @params: @count parameters, in order
 */
struct sm_cmdline {
	struct sm_param *params;
	size_t count;
};

/**
 * sm_dt_cmdline_parse() - split a command line the way the kernel's
 * next_arg() does (double quotes group, "--" ends the kernel's part)
 *
 * Return: 0 or -ENOMEM.
 */
int sm_dt_cmdline_parse(const char *line, struct sm_cmdline *out);

/** sm_dt_cmdline_free() - release what sm_dt_cmdline_parse() made. */
void sm_dt_cmdline_free(struct sm_cmdline *cl);

/**
 * sm_dt_next_arg() - lib/cmdline.c's next_arg(): split one "param[=value]"
 * word off @args in place (white space separates words outside double
 * quotes; the quotes around the word or the value go)
 *
 * Return: the rest of @args, leading spaces skipped.
 */
char *sm_dt_next_arg(char *args, char **param, char **val);

/*
 * The kernel's number parsers (kstrtox.c), shared by the command line
 * and zram's sysfs attributes.
 */

/**
 * sm_dt_simple_strtoull() - lib/vsprintf.c's: the base from the prefix when
 * @base is 0, stops at the first non-digit (*@end), wraps on overflow
 */
uint64_t sm_dt_simple_strtoull(const char *s, const char **end,
			       unsigned int base);

/** sm_dt_memparse() - lib/cmdline.c's memparse(): a number, one K..E suffix */
uint64_t sm_dt_memparse(const char *s, const char **end);

/**
 * sm_dt_memparse_sat() - memparse() that saturates to UINT64_MAX on
 * overflow when @saturate (7.x) instead of wrapping (6.x)
 */
uint64_t sm_dt_memparse_sat(const char *s, const char **end, bool saturate);

/**
 * sm_dt_kstrtoull() - lib/kstrtox.c's kstrtoull(): an optional '+', the
 * base prefix for base 0 or 16, one trailing newline allowed
 *
 * Return: 0, -EINVAL for anything else, -ERANGE on overflow.
 */
int sm_dt_kstrtoull(const char *s, unsigned int base, uint64_t *res);

#endif /* SOCMEM_DT_H */
