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
};

/* a node's definition: where its name is written, where it ends */
struct node_src {
	struct srcfile *f;
	int header;	/* the line with the node's name */
	int end;	/* the line with its "};" */
};

int carve_resolve(struct carve *c, const char *name, char *path, size_t len);
int carve_node_def(struct carve *c, const char *path, struct node_src *ns);
int carve_set_prop_cells(struct carve *c, const char *path, const char *prop,
			 size_t first, const uint64_t *vals,
			 const unsigned int *cells, size_t nvals);
int carve_rename(struct carve *c, const char *path, const char *new_name);
int carve_delete_node(struct carve *c, const char *path);
int carve_insert_node(struct carve *c, const char *const *body, size_t n);
void carve_leading_ws(const char *line, char *buf, size_t len);

#endif /* SOCMEM_PLAN_CARVE_H */
