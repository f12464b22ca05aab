/* SPDX-License-Identifier: MIT */
/*
 * carve.h - what carve.c (the operations) and carve_src.c (finding and
 * changing nodes and properties in the sources) share.
 */
#ifndef SOCMEM_PLAN_CARVE_H
#define SOCMEM_PLAN_CARVE_H

#include "internal.h"
#include "srcedit.h"

struct carve {
	const struct sm_board *b;
	const struct sm_carve_request *req;
	struct srcedit se;
	struct sm_warnings *notes;
	struct sm_diag *diag;
	int rmem;	/* FDT offset of /reserved-memory */
	bool override;	/* included files stay: override in the top file */
	struct srcfile *top;	/* the top-level file (the board's) */
	char top_real[4096];	/* its realpath */
	bool appended;	/* something was appended to @top already */
};

/* a node's definition: where its name is written, where it ends */
struct node_src {
	struct srcfile *f;
	int header;	/* the line with the node's name */
	int end;	/* the line with its "};" */
};

/* carve_names.c */
int sm_plan_carve_resolve(struct carve *c, const char *name, char *path,
			  size_t len);
int sm_plan_carve_new_name(struct carve *c, char *buf, size_t len);
int sm_plan_carve_new_label(struct carve *c, char *buf, size_t len);

/* carve_fw.c */
bool sm_plan_carve_is_firmware(struct carve *c, const char *path, char *why,
			       size_t len);
int sm_plan_carve_refuse_protected(struct carve *c, const char *path,
				   const char *what);
int sm_plan_carve_refuse_move(struct carve *c, int grown, uint64_t size,
			      int moved);

/* carve_override.c */
int sm_plan_carve_open(struct carve *c, const char *file, struct srcfile **f);
int sm_plan_carve_open_top(struct carve *c);
bool sm_plan_carve_in_top(struct carve *c, const char *file);
void sm_plan_carve_node_ref(struct carve *c, const char *path, char *buf,
			    size_t len);
int sm_plan_carve_override_prop(struct carve *c, const char *path,
				const char *prop, const char *value);
int sm_plan_carve_override_delete(struct carve *c, const char *path);
int sm_plan_carve_override_insert(struct carve *c, const char *const *body,
				  size_t n);

/* carve_src.c */
int sm_plan_carve_node_def(struct carve *c, const char *path,
			   struct node_src *ns);
int sm_plan_carve_set_prop_cells(struct carve *c, const char *path,
				 const char *prop,
				 size_t first, const uint64_t *vals,
				 const unsigned int *cells, size_t nvals);
int sm_plan_carve_rename(struct carve *c, const char *path,
			 const char *new_name);
int sm_plan_carve_delete_node(struct carve *c, const char *path);
int sm_plan_carve_insert_node(struct carve *c, const char *const *body,
			      size_t n);
void sm_plan_carve_leading_ws(const char *line, char *buf, size_t len);
bool sm_plan_carve_closes_alone(const char *t);
bool sm_plan_carve_opens_alone(const char *t, const char *name);
void sm_plan_carve_delete_block(struct srcfile *f, int from, int to);

#endif /* SOCMEM_PLAN_CARVE_H */
