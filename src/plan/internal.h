/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of src/plan/ share: the findings list, a
 * region's extent as the planner sees it, and the per-kernel facts the
 * planner needs beyond the boot profile (plan_profile.c).
 */
#ifndef SOCMEM_PLAN_INTERNAL_H
#define SOCMEM_PLAN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <socmem/plan.h>

#define SM_SZ_1M (1024ULL * 1024)

static inline uint64_t plan_round_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

static inline bool plan_ranges_overlap(uint64_t a, uint64_t as, uint64_t b,
				       uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

/* ---- findings.c ---------------------------------------------------- */

int sm_plan_add(struct sm_findings *f, const struct sm_board *b,
		enum sm_rule rule, int region, int other, const char *prop,
		const char *fmt, ...) __attribute__((format(printf, 7, 8)));
int sm_plan_add_node(struct sm_findings *f, const struct sm_board *b,
		     enum sm_rule rule, const char *path, const char *prop,
		     const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void sm_plan_region_label(const struct sm_board *b, int i, char *buf,
			  size_t len);
void sm_plan_size_str(uint64_t bytes, char *buf, size_t len);

/* ---- regions (check.c) --------------------------------------------- */

/*
 * The extent a region claims, if it claims one: a static region its reg
 * (placed or not), a dynamic region or the default CMA area where it
 * was placed, a /memreserve/ entry and the kernel image always.
 */
bool sm_plan_region_extent(const struct sm_board *b, int i, uint64_t *base,
			   uint64_t *size);

/* 6.x fails the default CMA area without "Failed to reserve" (no slot). */
bool sm_plan_default_cma_quiet(const struct sm_board *b);

/* A static /reserved-memory region: its node has a reg the kernel takes. */
bool sm_plan_region_is_static(const struct sm_board *b,
			      const struct sm_region *r);

/*
 * The reg entry a static region stands for (a 6.1 region of size 0 may
 * have been allocated elsewhere since); false for a dynamic one.
 */
bool sm_plan_reg_entry(const struct sm_board *b, int i, uint64_t *base,
		       uint64_t *size);

/* ---- check_props.c: rules read from the tree ----------------------- */

int sm_plan_check_props(const struct sm_board *b, struct sm_findings *f);
bool sm_plan_bad_property(const struct sm_board *b, int node);
int sm_plan_reg_state(const struct sm_board *b, int node);

/* ---- check_users.c: memory-region users, boundary-1m's scope --------- */

int sm_plan_check_users(const struct sm_board *b,
			const struct sm_check_options *opts,
			struct sm_findings *f);

/* ---- baseline.c ---------------------------------------------------- */

int sm_plan_check_baseline(const struct sm_board *b,
			   const struct sm_board *base,
			   struct sm_findings *f);
void sm_plan_base_name(const char *name, char *buf, size_t len);

/* ---- plan_profile.c ------------------------------------------------ */

/**
 * struct sm_plan_profile - what a kernel's boot log shows of the map
 * @summary_lines: one "OF: reserved mem: base..end (KiB) ..." line per
 *	initialised region (v6.3+)
 * @cma_msg_node: "cma: Reserved ... on node %d" (v6.7 - v6.14)
 */
struct sm_plan_profile {
	bool summary_lines;
	bool cma_msg_node;
};

const struct sm_plan_profile *sm_plan_profile(enum sm_kernel_id id);

#endif /* SOCMEM_PLAN_INTERNAL_H */
