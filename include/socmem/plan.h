/* SPDX-License-Identifier: MIT */
/*
 * plan.h - planning a board's memory map on top of the board model:
 * check it (findings with stable rule ids, docs/plan.md), edit its DTS
 * the way a careful engineer would (carve), draw it (map), and compare
 * it with what a real board's boot log reveals (logdiff).
 *
 * Everything here reads a booted struct sm_board: the findings are what
 * the modelled kernel does with the tree, not what the tree seems to say.
 */
#ifndef SOCMEM_PLAN_H
#define SOCMEM_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <socmem/board.h>
#include <socmem/diag.h>
#include <socmem/dt.h>

/* ==== check ========================================================= */

/** enum sm_severity - how bad a finding is (the order matters) */
enum sm_severity {
	SM_SEV_INFO,
	SM_SEV_WARNING,
	SM_SEV_ERROR,
};

/**
 * enum sm_rule - every check; ids and severities are stable and listed
 * in docs/plan.md (a released rule never changes meaning)
 */
enum sm_rule {
	SM_RULE_OVERLAP_KERNEL,	  /* an overlap the kernel reports */
	SM_RULE_OVERLAP,	  /* any other overlap as placed */
	SM_RULE_ALLOC_FAIL,	  /* the kernel fails to reserve/allocate */
	SM_RULE_OUTSIDE_DRAM,	  /* a region not (wholly) in DRAM */
	SM_RULE_BOUNDARY_1M,	  /* a region boundary not on 1 MiB */
	SM_RULE_CMA_ALIGN,	  /* CMA base/size not pageblock-aligned */
	SM_RULE_REG_AND_SIZE,	  /* both reg and size: size is ignored */
	SM_RULE_NOMAP_REUSABLE,	  /* no-map and reusable together */
	SM_RULE_UNIT_ADDRESS,	  /* unit address vs reg base, 0x form */
	SM_RULE_ALLOC_RANGES,	  /* no alloc-ranges window can hold it */
	SM_RULE_CMA_AREAS,	  /* more CMA areas than the kernel's slots */
	SM_RULE_DEFAULT_CMA,	  /* default area does not fit its zone */
	SM_RULE_RMEM_FORMAT,	  /* /reserved-memory ignored as a whole */
	SM_RULE_BAD_PROPERTY,	  /* a property the kernel rejects */
	SM_RULE_HANDLER_FAIL,	  /* "compatible matching fail" */
	SM_RULE_CMA_BYPASSED,	  /* linux,cma-default replaced by cma= */
	SM_RULE_CARVEOUT_SHRUNK,  /* --baseline: a carve-out got smaller */
	SM_RULE_CARVEOUT_MOVED,	  /* --baseline: a carve-out moved */
	SM_RULE_CARVEOUT_REMOVED, /* --baseline: a carve-out is gone */
	SM_RULE_REGION_REF,	  /* memory-region names no or a disabled node */
	SM_RULE_REGION_UNUSED,	  /* no memory-region names the region */
	SM_RULE_LOADER_ASSUMPTION, /* the environment assumed a loader choice */
	SM_RULE_COUNT,
};

/**
 * struct sm_rule_info - a rule as documented
 * @id: the stable id ("overlap-kernel", ...)
 * @severity: its severity (fixed per rule)
 * @summary: one line for --list-rules and docs/plan.md
 */
struct sm_rule_info {
	const char *id;
	enum sm_severity severity;
	const char *summary;
};

/** sm_plan_rule() - the rule's id, severity and summary (NULL if bad) */
const struct sm_rule_info *sm_plan_rule(enum sm_rule rule);

/** sm_plan_severity_name() - "info", "warning", "error" */
const char *sm_plan_severity_name(enum sm_severity sev);

/**
 * struct sm_finding - one finding
 * @rule: which rule
 * @severity: the rule's severity
 * @node: the DT path of the node at fault, or what the region is
 *	("/memreserve/ #0", "kernel image", "default CMA area")
 * @region: index into the board's regions, or -1
 * @other: the second region of an overlap, or -1
 * @file: the DTS file the node was written in (NULL for DTB input)
 * @line: its line (0 if unknown)
 * @message: one sentence for a person, naming addresses and sizes
 */
struct sm_finding {
	enum sm_rule rule;
	enum sm_severity severity;
	char node[256];
	int region;
	int other;
	const char *file;
	int line;
	char message[512];
};

/**
 * struct sm_findings - what a check found, in a stable order (rule
 * groups in the order of enum sm_rule, then by address or DT order)
 */
struct sm_findings {
	struct sm_finding *v;
	size_t count;
	size_t cap;
};

/**
 * struct sm_check_options - what to compare against
 * @baseline: the board as flashed today (NULL: no carveout-* rules);
 *	its carve-outs are the ones firmware protects
 * @before: the board before the user's change: boundary-1m reports only
 *	regions new or resized against it (NULL: against @baseline; with
 *	neither, every region that is not firmware's: no-map, a vendor
 *	compatible)
 * @strict: boundary-1m reports every region
 */
struct sm_check_options {
	const struct sm_board *baseline;
	const struct sm_board *before;
	bool strict;
};

/**
 * sm_plan_check() - run every rule on a booted board
 * @board: the board (its tree supplies positions when it was a DTS)
 * @opts: options, or NULL
 * @out: receives the findings (initialise to zero; free with
 *	sm_plan_findings_free())
 *
 * Return: 0 or -ENOMEM.
 */
int sm_plan_check(const struct sm_board *board,
		  const struct sm_check_options *opts, struct sm_findings *out);

/**
 * struct sm_rmem_use - one memory-region phandle
 * @region: the path of the node it names ("" when it names none)
 * @user: the path of the node whose memory-region it is
 * @user_enabled: @user is enabled (it probes and needs the region)
 */
struct sm_rmem_use {
	char region[256];
	char user[256];
	bool user_enabled;
};

/** struct sm_rmem_uses - every memory-region phandle, in DT order */
struct sm_rmem_uses {
	struct sm_rmem_use *v;
	size_t count;
	size_t cap;
};

/**
 * sm_plan_rmem_uses() - which nodes use which region (memory-region)
 * @board: the board
 * @out: receives the uses (initialise to zero; free with
 *	sm_plan_rmem_uses_free())
 *
 * Return: 0 or -ENOMEM.
 */
int sm_plan_rmem_uses(const struct sm_board *board, struct sm_rmem_uses *out);

/** sm_plan_rmem_uses_free() - release what sm_plan_rmem_uses() collected */
void sm_plan_rmem_uses_free(struct sm_rmem_uses *u);

/** sm_plan_findings_free() - release what sm_plan_check() collected */
void sm_plan_findings_free(struct sm_findings *f);

/**
 * sm_plan_findings_worst() - the highest severity among @f, or -1 if empty
 */
int sm_plan_findings_worst(const struct sm_findings *f);

/* ==== carve ========================================================= */

/** enum sm_carve_op - what `socmem carve` does */
enum sm_carve_op {
	SM_CARVE_ADD,
	SM_CARVE_RESIZE,
	SM_CARVE_REMOVE,
};

/**
 * struct sm_carve_request - one edit of /reserved-memory
 * @op: add, resize or remove
 * @node: resize/remove: the node (path, name, name without unit address,
 *	or label); add: the new node's name
 * @size: add/resize: the size in bytes
 * @at: add: place the static carve-out here (@has_at)
 * @has_at: @at was given
 * @near: add: search free space above this node (NULL: above the last
 *	carve-out)
 * @label: add: the new node's label (NULL: @node with "_mem" appended
 *	unless it already ends so, the guide's convention)
 * @no_map: add: the carve-out gets no-map
 * @cma: add: a dynamic shared-dma-pool + reusable node instead of reg
 * @below: add --cma: alloc-ranges = [0, @below) (@has_below)
 * @has_below: @below was given
 * @protect: @n_protect nodes that must not move, shrink or go
 * @baseline: every carve-out of this board is protected too (or NULL)
 * @force: do it even where a protected region is touched
 * @move: @n_move protected regions (firmware's, by default every no-map
 *	one, every one with a vendor compatible or a remote processor's
 *	memory-region) that may move, shrink or go after all
 * @edit_includes: edit a node where it is defined, even in an included
 *	file (default: write an override in the top-level file)
 */
struct sm_carve_request {
	enum sm_carve_op op;
	const char *node;
	uint64_t size;
	uint64_t at;
	bool has_at;
	const char *near;
	const char *label;
	bool no_map;
	bool cma;
	uint64_t below;
	bool has_below;
	const char *const *protect;
	size_t n_protect;
	const struct sm_board *baseline;
	bool force;
	const char *const *move;
	size_t n_move;
	bool edit_includes;
};

/**
 * struct sm_carve_file - one source file the edit changes
 * @path: the file (as the source map names it)
 * @rel: the file relative to the result's @root
 * @text: its new contents
 * @diff: a unified diff of the change (`--- a/REL`/`+++ b/REL` headers:
 *	the diffs of a result together are one `patch -p1` in @root)
 */
struct sm_carve_file {
	char *path;
	char *rel;
	char *text;
	char *diff;
};

/**
 * struct sm_carve_result - an edit, before it is checked or written
 * @files: @nfiles changed files, in the order they were first touched
 * @notes: what a person should know (regions that move, ...)
 * @root: the directory the diffs apply in (the current one when it
 *	holds every changed file, else the deepest one that does)
 */
struct sm_carve_result {
	char *root;
	struct sm_carve_file *files;
	size_t nfiles;
	struct sm_warnings notes;
};

/**
 * sm_plan_carve() - work out an edit of a board's DTS sources
 * @board: the booted board, from a DTS (sm_dt_load() of the top file)
 * @req: the edit
 * @out: receives the changed files (free with sm_plan_carve_result_free())
 * @diag: receives the reason for a refusal, naming the node or file
 *
 * Only the lines that must change are touched; a moved node's unit
 * address follows its new base where its name is edited; labels and
 * phandles stay. Static regions that a grown region runs into are
 * shifted up, in address order, unless one of them is protected. What
 * an included file wrote is overridden in the top-level file
 * (`&label { ... };`, `/delete-node/ &label;`, a new node under
 * `&reserved_memory`), or, with @req->edit_includes, edited where it
 * is written. A new node whose name or label is taken gets the first
 * free "NAME_N" (a note says so).
 *
 * Return: 0; -EINVAL (a bad size, name or address; a DTB); -ENOENT (no
 * such node: @diag names the three closest); -EEXIST (the --label is
 * taken); -EPERM (a protected region would move, shrink or go: @diag
 * gives the room there is and the alternatives); -ENOSPC (no free space);
 * -ENOTSUP (source written in a way the editor does not change safely);
 * -ENOMEM.
 */
int sm_plan_carve(const struct sm_board *board,
		  const struct sm_carve_request *req,
		  struct sm_carve_result *out, struct sm_diag *diag);

/** sm_plan_carve_result_free() - release a result (and zero it) */
void sm_plan_carve_result_free(struct sm_carve_result *res);

/**
 * struct sm_carve_verdict - why an edit is refused
 * @strict: in: findings the input already had refuse too
 * @blocking: out: the findings that refuse the edit
 * @preexisting: out: refusing findings the input already had, no worse
 *	(empty under @strict: they are in @blocking)
 */
struct sm_carve_verdict {
	bool strict;
	struct sm_findings blocking;
	struct sm_findings preexisting;
};

/**
 * sm_plan_carve_verdict() - is the edited board acceptable?
 * @before: the board before the edit
 * @after: the board the edited sources give
 * @before_findings: sm_plan_check() of @before
 * @after_findings: sm_plan_check() of @after
 * @notes: receives what moved (dynamic regions, the default CMA area)
 * @v: @v->strict in; the refusing findings out (free with
 *	sm_plan_carve_verdict_free())
 *
 * An overlap, overlap-kernel or alloc-fail finding, or any error,
 * refuses the edit when the edit brought it in or made it worse: one
 * the input had (same rule, same node and other region by name without
 * unit address) at the same or a higher severity does not, unless
 * @v->strict.
 *
 * Return: 0 (acceptable), -EDOM (refused: see @v->blocking), -ENOMEM.
 */
int sm_plan_carve_verdict(const struct sm_board *before,
			  const struct sm_board *after,
			  const struct sm_findings *before_findings,
			  const struct sm_findings *after_findings,
			  struct sm_warnings *notes,
			  struct sm_carve_verdict *v);

/** sm_plan_carve_verdict_free() - release what a verdict collected */
void sm_plan_carve_verdict_free(struct sm_carve_verdict *v);

/**
 * sm_plan_write_atomic() - replace a file's contents atomically
 * @path: the file
 * @text: its new contents
 * @backup: first keep the current contents as @path.orig
 * @diag: receives the reason on failure
 *
 * The new contents go to a temporary file in the same directory, which
 * is flushed to disk and renamed over @path; the mode is kept.
 *
 * Return: 0 or a negative errno (nothing changed then).
 */
int sm_plan_write_atomic(const char *path, const char *text, bool backup,
			 struct sm_diag *diag);

/* ==== map =========================================================== */

/**
 * struct sm_map_rect - one rectangle of the picture, in SVG user units
 * (CSS pixels at zoom 1)
 * @region: index into the board's regions, or -1 for free space
 * @bank: the DRAM bank it is drawn in
 * @base: first byte it stands for (clipped to its row)
 * @size: bytes it stands for
 * @x: left edge
 * @y: top edge
 * @w: width
 * @h: height
 * @fill: "#rrggbb", the colour of its kind (sm_plan_map_color())
 * @overlap: the region overlaps another one
 */
struct sm_map_rect {
	int region;
	size_t bank;
	uint64_t base;
	uint64_t size;
	double x;
	double y;
	double w;
	double h;
	const char *fill;
	bool overlap;
};

/**
 * struct sm_map_row - one bar: a bank, or a part of a bank
 * @bank: which DRAM bank
 * @base: first byte
 * @end: first byte past it
 * @x, @y, @w, @h: the bar
 * @cuts: @ncuts boundaries (addresses) from @base to @end
 * @cut_x: where each is drawn
 */
struct sm_map_row {
	size_t bank;
	uint64_t base;
	uint64_t end;
	double x;
	double y;
	double w;
	double h;
	uint64_t *cuts;
	double *cut_x;
	size_t ncuts;
};

/**
 * struct sm_map_label - a region's name above its bar
 * @region: index into the board's regions
 * @text: "name (size)", or the region's legend number where the name
 *	does not fit (@numbered)
 * @numbered: @text is the legend number
 * @x, @y, @w, @h: the text's box (@y its top)
 * @ax, @ay: where its leader line meets the bar
 */
struct sm_map_label {
	int region;
	char text[160];
	bool numbered;
	double x;
	double y;
	double w;
	double h;
	double ax;
	double ay;
};

/**
 * struct sm_map_layout - the memory map as a picture
 * @board: the board drawn
 * @width: picture width
 * @height: picture height
 * @rows: @nrows bars (a bank with many regions wraps into several)
 * @rects: @nrects rectangles: free space first, then regions
 * @legend_y: where the legend starts
 * @labels: @nlabels names above the bars, one per region rectangle,
 *	no two boxes intersecting
 * @legend_no: for each region, its number in the legend (1-based)
 */
struct sm_map_layout {
	const struct sm_board *board;
	double width;
	double height;
	struct sm_map_row *rows;
	size_t nrows;
	struct sm_map_rect *rects;
	size_t nrects;
	double legend_y;
	struct sm_map_label *labels;
	size_t nlabels;
	int *legend_no;
};

/* Where the HTML page puts the picture: page = picture + this offset. */
#define SM_MAP_HTML_LEFT 0
#define SM_MAP_HTML_TOP 48

/**
 * sm_plan_map_layout() - lay out each DRAM bank as a bar, widths growing
 * with the square root of sizes so that small regions stay visible
 * @board: the board
 * @out: receives the layout (free with sm_plan_map_layout_free())
 *
 * Return: 0 or -ENOMEM.
 */
int sm_plan_map_layout(const struct sm_board *board,
		       struct sm_map_layout *out);

/** sm_plan_map_layout_free() - release a layout */
void sm_plan_map_layout_free(struct sm_map_layout *l);

/**
 * sm_plan_map_color() - the fill of a region (-1: free space)
 */
const char *sm_plan_map_color(const struct sm_board *board, int region);

/**
 * sm_plan_map_svg() - write the picture as a standalone SVG document
 *
 * Return: 0, or -EIO when @out fails.
 */
int sm_plan_map_svg(const struct sm_map_layout *l, FILE *out);

/**
 * sm_plan_map_html() - write one self-contained HTML page (no network):
 * the SVG, zoom (buttons, Ctrl+wheel) and details on hover
 *
 * Return: 0, or -EIO when @out fails.
 */
int sm_plan_map_html(const struct sm_map_layout *l, FILE *out);

/* ==== logdiff ======================================================= */

/* What the log says of a region (bits of sm_log_region.facts). */
#define SM_LOGF_SUMMARY 0x01	  /* "base..end (KiB) map reusable name" */
#define SM_LOGF_POOL 0x02	  /* "created ... pool at base, size MiB" */
#define SM_LOGF_INIT 0x04	  /* "initialized node name, compatible id" */
#define SM_LOGF_FAIL_RESERVE 0x08 /* "failed to reserve memory for node" */
#define SM_LOGF_FAIL_ALLOC 0x10	  /* "failed to allocate memory for node" */
#define SM_LOGF_UNMATCHED 0x20	  /* "node name compatible matching fail" */
#define SM_LOGF_BYPASS 0x40	  /* "bypass name node, using cmdline CMA" */

/**
 * struct sm_log_region - a /reserved-memory node as a boot log shows it
 * @name: the node name the kernel prints (with unit address)
 * @facts: SM_LOGF_* bits: which lines name it
 * @kind: from the pool line (@facts has SM_LOGF_POOL)
 * @base: first byte (@has_base)
 * @size: bytes, exactly (@facts has SM_LOGF_SUMMARY)
 * @size_mib: size in whole MiB, as pool and failure lines print it
 *	(@has_mib)
 * @nomap: the summary line says nomap (1) or map (0); -1 unknown
 * @reusable: reusable (1), non-reusable (0), -1 unknown
 * @handler: the compatible id of "initialized node", or ""
 */
struct sm_log_region {
	char name[64];
	unsigned int facts;
	enum sm_region_kind kind;
	uint64_t base;
	bool has_base;
	uint64_t size;
	uint64_t size_mib;
	bool has_mib;
	int nomap;
	int reusable;
	char handler[32];
};

/** struct sm_log_overlap - an "OVERLAP DETECTED!" pair, ends exclusive */
struct sm_log_overlap {
	char a[64];
	uint64_t a_base;
	uint64_t a_end;
	char b[64];
	uint64_t b_base;
	uint64_t b_end;
};

/** struct sm_log_range - [start, end] as the kernel prints it (inclusive) */
struct sm_log_range {
	uint64_t start;
	uint64_t end;
};

/** struct sm_log_zone - one "Zone ranges:" line */
struct sm_log_zone {
	char name[8];
	bool empty;
	struct sm_log_range r;
};

/* The parts of a boot log that say something about memory (bit masks). */
enum {
	SM_LOGSEC_VERSION = 1 << 0,	/* "Linux version" */
	SM_LOGSEC_MODEL = 1 << 1,	/* "Machine model:" */
	SM_LOGSEC_EFI = 1 << 2,		/* "efi: EFI v..." or "UEFI not found" */
	SM_LOGSEC_RMEM = 1 << 3,	/* /reserved-memory lines */
	SM_LOGSEC_CMA = 1 << 4,		/* "cma: Reserved/Failed" */
	SM_LOGSEC_ZONES = 1 << 5,	/* "Zone ranges:" */
	SM_LOGSEC_NODES = 1 << 6,	/* "Early memory node ranges" */
	SM_LOGSEC_CMDLINE = 1 << 7,	/* "Kernel command line:" */
};

/** How the kernel was started, as far as the log says. */
enum sm_log_loader {
	SM_LOG_LOADER_UNKNOWN,	/* the log has no efi: line */
	SM_LOG_LOADER_NOT_EFI,	/* "efi: UEFI not found." */
	SM_LOG_LOADER_EFI,	/* "efi: EFI v2.7 by <firmware>" */
};

/**
 * struct sm_log_env - the boot environment a log shows
 * @model: "Machine model:" text
 * @loader: EFI or not
 * @efi_by: the firmware's name from "efi: EFI v2.7 by <name>"
 * @cmdline: "Kernel command line:" text (@has_cmdline)
 * @seen: SM_LOGSEC_* parts with at least one line in the log
 * @complete: SM_LOGSEC_* parts the log shows whole: the line before the
 *	part (its header, or "Linux version") and a line after it are there
 * @applied: SM_LOGSEC_* parts the model was given as its environment
 *	(SM_LOGSEC_NODES: the memory banks; set by the caller)
 * @banks: the @nbanks banks given to the model (sm_plan_log_env_dt())
 * @span: the one bank made of a span (NUMA line, zone list)
 * @banks_assumed: no bank is known; @span is a stand-in
 */
struct sm_log_env {
	char model[96];
	enum sm_log_loader loader;
	char efi_by[64];
	char cmdline[1024];
	bool has_cmdline;
	unsigned int seen;
	unsigned int complete;
	unsigned int applied;
	const struct sm_log_range *banks;
	size_t nbanks;
	struct sm_log_range span;
	bool banks_assumed;
};

/**
 * struct sm_logmap - what a boot log reveals of the memory map (or what
 * the board model says the log would reveal)
 * @version: "6.12.107+deb13-arm64" from "Linux version", or ""
 * @major: its major number (0 if unknown)
 * @minor: its minor number
 * @regions: @nregions /reserved-memory nodes the log names
 * @overlaps: @noverlaps overlaps the kernel reports
 * @cma_reserved: "cma: Reserved" (the default area): @cma_mib at @cma_base
 * @cma_failed: "cma: Failed to reserve @cma_mib MiB"
 * @cma_skipped: 7.x skipped a linux,cma-default node for cma=
 * @dram: "NUMA: Faking a node at" (@has_dram)
 * @zones: @nzones zone lines
 * @nodes: @nnodes "Early memory node ranges" lines
 * @memlines: lines that said something about memory
 * @summary_lines: the kernel prints one summary line per region (6.3+)
 * @env: the environment and the parts the log shows (parsed logs only)
 */
struct sm_logmap {
	char version[64];
	int major;
	int minor;
	struct sm_log_region *regions;
	size_t nregions;
	struct sm_log_overlap *overlaps;
	size_t noverlaps;
	bool cma_reserved;
	bool cma_failed;
	bool cma_skipped;
	uint64_t cma_base;
	uint64_t cma_mib;
	bool has_dram;
	struct sm_log_range dram;
	struct sm_log_zone zones[8];
	size_t nzones;
	struct sm_log_range *nodes;
	size_t nnodes;
	size_t memlines;
	bool summary_lines;
	struct sm_log_env env;
};

/**
 * sm_plan_log_parse() - rebuild what a dmesg shows of the memory map
 * @text: the log, @len bytes (with or without "[    0.000000] " stamps,
 *	"<6>" levels, or journal "kernel: " prefixes)
 * @out: receives the map (free with sm_plan_logmap_free())
 *
 * Return: 0, -ENOMEM, or -ENODATA when no line is about memory.
 */
int sm_plan_log_parse(const char *text, size_t len, struct sm_logmap *out);

/**
 * sm_plan_log_predict() - what the board's kernel will show in its log:
 * the same facts, taken from the board model's regions, CMA areas,
 * overlaps, zones and memblock (not from its message text)
 *
 * Return: 0 or -ENOMEM.
 */
int sm_plan_log_predict(const struct sm_board *board, struct sm_logmap *out);

/**
 * sm_plan_log_predict_version() - as sm_plan_log_predict(), in the
 * wording of Linux @major.@minor (0: the board's profile's)
 */
int sm_plan_log_predict_version(const struct sm_board *board, int major,
				int minor, struct sm_logmap *out);

/**
 * sm_plan_log_profile() - the kernel profile for a log's version: the
 * same major.minor when supported (*@exact), else the nearest one
 * (NULL when the log names no version)
 */
const struct sm_profile *sm_plan_log_profile(const struct sm_logmap *m,
					     bool *exact);

/**
 * sm_plan_logmap_describe() - one line on what a map says of a region:
 * "0x80000000-0x80dfffff (14336 KiB) nomap non-reusable, failed to ..."
 */
void sm_plan_logmap_describe(const struct sm_log_region *r, char *buf,
			     size_t len);

/** sm_plan_logmap_free() - release a map */
void sm_plan_logmap_free(struct sm_logmap *m);

/**
 * struct sm_logdiff_item - one place where the log and the model differ
 * @what: the region, zone or fact
 * @log: what the log shows ("-" when it shows nothing)
 * @predicted: what the model predicts ("-" likewise)
 */
enum sm_logdiff_status {
	SM_LOGDIFF_SAME,	/* the log's line is the predicted one */
	SM_LOGDIFF_DIFFERS,	/* both have it, with other values */
	SM_LOGDIFF_MISSING,	/* predicted, not in the log */
	SM_LOGDIFF_EXTRA,	/* in the log, not predicted */
};

/* Why a line differs (sm_plan_log_classify()). */
enum sm_logdiff_reason {
	SM_LOGDIFF_NONE,		/* same */
	SM_LOGDIFF_DT_DIFFERS,		/* the booted DT was not this one */
	SM_LOGDIFF_LOADER_UNKNOWN,	/* something the log does not show */
	SM_LOGDIFF_MODEL,		/* the model is wrong */
};

struct sm_logdiff_item {
	char what[96];
	char log[192];
	char predicted[192];
	unsigned int section;		/* one SM_LOGSEC_* bit */
	enum sm_logdiff_status status;
	enum sm_logdiff_reason reason;
	char why[160];
	int log_ref;	/* index into the log's regions/zones/nodes, or -1 */
	int pred_ref;	/* likewise into the prediction's */
};

/**
 * struct sm_logdiff - a comparison
 * @v: @count compared lines (same ones too)
 * @ndiff: how many of them are not SM_LOGDIFF_SAME
 */
struct sm_logdiff {
	struct sm_logdiff_item *v;
	size_t count;
	size_t cap;
	size_t ndiff;
};

/**
 * sm_plan_log_compare() - where a real log and the prediction differ
 *
 * Return: 0 or -ENOMEM; @out->count is 0 when they agree.
 */
int sm_plan_log_compare(const struct sm_logmap *log,
			const struct sm_logmap *predicted,
			struct sm_logdiff *out);

/**
 * sm_plan_log_classify() - say why each differing line of @d differs:
 * the booted DT was not @board's (a region upstream lacks or has
 * elsewhere), the log does not show what explains it (the loader's
 * placement of its image, initrd and DTB, the EFI memory map's
 * attributes), or the model is wrong. @log and @pred are the maps @d
 * compared; @board is the model @pred came from.
 */
void sm_plan_log_classify(const struct sm_board *board,
			  const struct sm_logmap *log,
			  const struct sm_logmap *pred, struct sm_logdiff *d);

/** Where the memory banks of a field comparison came from. */
enum sm_log_banks {
	SM_LOG_BANKS_DT,	/* the DT's own memory nodes */
	SM_LOG_BANKS_NODES,	/* the log's whole "Early memory node ranges" */
	SM_LOG_BANKS_NUMA,	/* the log's "NUMA: Faking a node" span */
	SM_LOG_BANKS_EXCERPT,	/* the node ranges of an excerpt */
	SM_LOG_BANKS_ZONES,	/* the span of the log's whole zone list */
	SM_LOG_BANKS_ASSUMED,	/* none known: a stand-in over the regions */
};

/**
 * sm_plan_log_env_dt() - @dt as the loader of @log handed it over: the
 * log's memory banks in place of the memory nodes (see logenv.c for
 * which, given whether @dt_has_ram), no /memreserve/ on an EFI boot.
 * Sets @log->env.applied and *@banks.
 *
 * Return: 0, -ENOMEM, or -EINVAL (a DT whose cells cannot hold banks).
 */
int sm_plan_log_env_dt(const struct sm_dt *dt, struct sm_logmap *log,
		       bool dt_has_ram, struct sm_dt **out,
		       enum sm_log_banks *banks);

/** sm_plan_dt_has_ram() - does a memory node of @dt hold RAM of its own? */
bool sm_plan_dt_has_ram(const struct sm_dt *dt);

/** sm_plan_dt_has_cma_default() - has @dt a linux,cma-default node? */
bool sm_plan_dt_has_cma_default(const struct sm_dt *dt);

/** sm_plan_logdiff_status_name() - "same", "differs", "missing", "extra" */
const char *sm_plan_logdiff_status_name(enum sm_logdiff_status s);

/** sm_plan_logdiff_reason_name() - "dt-differs", "loader-unknown", "model" */
const char *sm_plan_logdiff_reason_name(enum sm_logdiff_reason r);

/** sm_plan_logsec_name() - "rmem", "cma", "zones", ... for one SM_LOGSEC_* bit */
const char *sm_plan_logsec_name(unsigned int section);

/** sm_plan_logdiff_free() - release a comparison */
void sm_plan_logdiff_free(struct sm_logdiff *d);

#endif /* SOCMEM_PLAN_H */
