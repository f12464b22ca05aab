/* SPDX-License-Identifier: MIT */
/*
 * script.h - the parsed form of a `socmem mem run` script, shared by
 * script_parse.c (text to commands, and the static checks), script.c
 * (running them against a system) and script_anon.c (anonymous mappings,
 * reclaim and the swap variables).
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
	CMD_MMAP,
	CMD_MUNMAP,
	CMD_TOUCH,
	CMD_RECLAIM,
	CMD_EXT,	/* a command of the extension (struct sm_mm_script_ext) */
};

/* what a write touch puts in a page (script_anon.c) */
enum script_data { DATA_TEXT, DATA_ZERO, DATA_SAME, DATA_RANDOM, DATA_MIXED };

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
 * @first: touch: the first page
 * @read: touch: read (and check) instead of write
 * @data: mmap: enum script_data
 * @ext: CMD_EXT: what the extension's parse() made
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
	uint64_t first;
	bool read;
	uint8_t data;
	void *ext;
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
	struct sm_mm_script_ext ext;	/* all NULL without one */
};

/* ---- running (script.c, script_anon.c) ---------------------------------- */

/*
 * one named allocation: buddy blocks of one order, one CMA range, or an
 * anonymous mapping
 */
struct named {
	char name[SCRIPT_NAME_MAX];
	unsigned int line;
	uint64_t *pfn;	   /* block starts */
	size_t n;
	unsigned int order;
	struct sm_cma *cma;  /* a CMA range: pfn[0], @pages long */
	uint64_t pages;
	bool fill;
	bool live;
	struct sm_anon *anon;	/* a mapping of @pages pages */
	uint16_t *ver;		/* per page: writes so far (its content) */
	uint8_t data;		/* enum script_data */
	uint64_t bad;		/* pages that read back different */
};

struct run {
	struct sm_mm_script *sc;
	struct sm_system *sys;
	const struct sm_mm_script_io *io;
	struct sm_diag *diag;
	struct named *nm;
	size_t nnm;
	uint64_t *map;	/* open addressing: pfn -> (named << 32 | block) + 1 */
	size_t mapcap;
	size_t mapused;
	int64_t last;
	uint64_t reclaimed;	/* pages the last reclaim took */
	uint8_t *corpus;	/* script_anon.c: text, then random bytes */
	size_t logpos;
	bool bad_move;
};

int sm_mm_script_fail(struct run *r, const struct script_cmd *c, int err,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void sm_mm_script_out(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct named *sm_mm_script_find(struct run *r, const char *name);
struct named *sm_mm_script_define(struct run *r, const struct script_cmd *c);

int sm_mm_script_do_mmap(struct run *r, const struct script_cmd *c);
int sm_mm_script_do_munmap(struct run *r, const struct script_cmd *c);
int sm_mm_script_do_touch(struct run *r, const struct script_cmd *c);
int sm_mm_script_do_reclaim(struct run *r, const struct script_cmd *c);
void sm_mm_script_anon_forget(struct named *x);
void sm_mm_script_forget(struct run *r, struct named *x);
int sm_mm_script_var_anon(struct run *r, const struct named *x,
			  const char *field, int64_t *v);
int sm_mm_script_var_swap(struct run *r, const char *field, int64_t *v);
bool sm_mm_script_anon_field(const char *field);

#endif /* SOCMEM_MM_SCRIPT_H */
