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

/** sm_severity_name() - "info", "warning", "error" */
const char *sm_severity_name(enum sm_severity sev);

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
 */
struct sm_check_options {
	const struct sm_board *baseline;
};

/**
 * sm_plan_check() - run every rule on a booted board
 * @board: the board (its tree supplies positions when it was a DTS)
 * @opts: options, or NULL
 * @out: receives the findings (initialise to zero; free with
 *	sm_findings_free())
 *
 * Return: 0 or -ENOMEM.
 */
int sm_plan_check(const struct sm_board *board,
		  const struct sm_check_options *opts, struct sm_findings *out);

/** sm_findings_free() - release what sm_plan_check() collected */
void sm_findings_free(struct sm_findings *f);

/**
 * sm_findings_worst() - the highest severity among @f, or -1 if empty
 */
int sm_findings_worst(const struct sm_findings *f);

#endif /* SOCMEM_PLAN_H */
