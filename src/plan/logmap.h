/* SPDX-License-Identifier: MIT */
/*
 * logmap.h - facts about the memory map, as log lines state them: the
 * parser (logparse.c) turns a real log into facts, the prediction
 * (logpredict.c) turns the board model into the facts its kernel would
 * print, and both build a struct sm_logmap the same way (logmap.c).
 */
#ifndef SOCMEM_PLAN_LOGMAP_H
#define SOCMEM_PLAN_LOGMAP_H

#include "internal.h"

/* One fact about a /reserved-memory node (an SM_LOGF_* line). */
struct log_fact {
	unsigned int type;	/* one SM_LOGF_* bit */
	const char *name;
	uint64_t base;
	bool has_base;
	uint64_t size;		/* exact (SM_LOGF_SUMMARY) */
	uint64_t mib;
	bool has_mib;
	int nomap;
	int reusable;
	enum sm_region_kind kind;
	const char *handler;
};

int sm_plan_logmap_fact(struct sm_logmap *m, const struct log_fact *f);
int sm_plan_logmap_overlap(struct sm_logmap *m, const struct sm_log_overlap *o);
int sm_plan_logmap_node(struct sm_logmap *m, uint64_t start, uint64_t end);
int sm_plan_logmap_zone(struct sm_logmap *m, const char *name, bool empty,
			uint64_t start, uint64_t end);

#endif /* SOCMEM_PLAN_LOGMAP_H */
