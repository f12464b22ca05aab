/* SPDX-License-Identifier: MIT */
/*
 * script.h - the parsed form of a `socmem mem run` script, shared by
 * script_parse.c (text to commands, and the static checks) and script.c
 * (running them against a system).
 */
#ifndef SOCMEM_MM_SCRIPT_H
#define SOCMEM_MM_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>

#include <socmem/mm.h>

#define SCRIPT_NAME_MAX 64
#define SCRIPT_VAR_MAX 160

enum script_cmd_kind {
	CMD_ALLOC,
	CMD_FREE,
	CMD_PIN,
	CMD_UNPIN,
	CMD_MIGRATE,
	CMD_CMA,
	CMD_CMA_RELEASE,
	CMD_SHOW,
	CMD_EXPECT,
};

enum script_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

/* a number, or a variable to look up when the line runs */
struct script_term {
	bool is_var;
	int64_t num;
	char var[SCRIPT_VAR_MAX];
};

/**
 * struct script_cmd - one line
 * @count: alloc: blocks; free: blocks to free (0: all); cma: pages
 * @all: alloc: as many blocks as fit
 * @fill: alloc: stamp every page so that NAME.intact can check it
 * @order: alloc: block order
 * @mt: alloc: migratetype
 * @zone: alloc: highest zone
 * @align: cma: alignment order
 * @what: show: the report
 */
struct script_cmd {
	enum script_cmd_kind kind;
	unsigned int line;
	char name[SCRIPT_NAME_MAX];
	char area[SCRIPT_NAME_MAX];
	uint64_t count;
	bool all;
	bool fill;
	unsigned int order;
	enum sm_migratetype mt;
	enum sm_zone_id zone;
	unsigned int align;
	char what[16];
	struct script_term lhs;
	struct script_term rhs;
	enum script_op op;
	char src[128];
};

struct sm_mm_script {
	char *name;
	struct script_cmd *cmds;
	size_t n;
	size_t cap;
};

#endif /* SOCMEM_MM_SCRIPT_H */
