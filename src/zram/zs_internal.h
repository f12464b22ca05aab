/* SPDX-License-Identifier: MIT */
/*
 * zs_internal.h - the bodies of the zsmalloc model, shared by zsmalloc.c
 * (classes, zspages, allocation) and zs_compact.c (compaction).
 *
 * A zspage chains 1..chain pages; its objects are laid out back to back
 * from the first page's byte 0, so an object may start in one page and
 * end in the next:
 *
 *   page 0                    page 1                    page 2
 *   |obj0 |obj1 |obj2 |ob     j3 |obj4 |obj5 |obj6 |    obj7 |obj8 |..
 *                      ^first_obj_off[1] = 3 bytes into page 1's obj3
 *
 * Every object starts with one 8-byte word, written into the page bytes
 * where the kernel writes it: while free, the index of the next free
 * object shifted left by one (tag bit 0; the last link is ~0 << 1);
 * while allocated, the handle with the tag bit set. The caller's data
 * follows that word. A huge zspage (one page, one object) keeps the
 * handle beside the page instead and the data fills the page.
 */
#ifndef SOCMEM_ZS_INTERNAL_H
#define SOCMEM_ZS_INTERNAL_H

#include "internal.h"

#define ZS_MAX_CHAIN 16
#define ZS_HANDLE_SIZE 8
#define ZS_MIN_ALLOC_SIZE 32
#define ZS_MAX_ALLOC_SIZE ZRAM_PAGE_SIZE
#define ZS_SIZE_CLASS_DELTA 16
#define ZS_SIZE_CLASSES 255
#define ZS_FULLNESS_MAX 12	/* 6.12: 0%, 10%..90% buckets, 99%, 100% */
#define OBJ_ALLOCATED_TAG 1ull
#define OBJ_TAG_BITS 1

/* 6.1 fullness groups */
enum { ZS61_EMPTY, ZS61_ALMOST_EMPTY, ZS61_ALMOST_FULL, ZS61_FULL };
/* 6.12 fullness groups (ZS_INUSE_RATIO_*) */
enum { ZS_RATIO_0 = 0, ZS_RATIO_10 = 1, ZS_RATIO_99 = 10,
       ZS_RATIO_100 = 11 };

struct zs_class {
	unsigned int size;
	unsigned int objs_per_zspage;
	unsigned int pages_per_zspage;
	unsigned int index;
	struct sm_zlist fullness[ZS_FULLNESS_MAX];
	uint64_t nr_fullness[ZS_FULLNESS_MAX];
	uint64_t objs_allocated;
	uint64_t objs_inuse;
};

struct zspage {
	struct sm_zlist list;		/* in its class's fullness list */
	struct zs_class *class;
	unsigned int inuse;
	unsigned int freeobj;
	unsigned int fullness;
	bool huge;
	uint64_t huge_handle;		/* page->index of a huge zspage */
	uint8_t *pages[ZS_MAX_CHAIN];
	uint64_t ids[ZS_MAX_CHAIN];
	unsigned int first_obj_off[ZS_MAX_CHAIN];
};

/* What a handle points at (the kernel's handle slot holding an obj). */
struct zs_obj {
	struct zspage *zspage;		/* NULL: slot free */
	uint32_t idx;			/* object index in the zspage */
	uint32_t next_free;		/* free slot chain */
};

struct sm_zs_pool {
	enum sm_kernel_id kernel;
	bool v61;
	unsigned int chain;
	struct zs_class *size_class[ZS_SIZE_CLASSES];
	struct zs_class classes[ZS_SIZE_CLASSES];
	size_t huge_class_size;
	struct sm_zram_pages pages;
	bool own_pages;			/* @pages is zs_host.c's */
	uint64_t pages_allocated;
	uint64_t pages_compacted;
	uint64_t nr_zspages;
	struct zs_obj *objs;		/* handle h is objs[(h >> 1) - 1] */
	uint32_t nobjs;
	uint32_t objs_cap;
	uint32_t free_obj;		/* first free slot + 1, 0 = none */
};

/* zs_host.c: the default page provider */
int sm_zram_zs_host_create(struct sm_zram_pages *pages);
void sm_zram_zs_host_destroy(void *ctx);

/* zsmalloc.c, used by zs_compact.c */
unsigned int sm_zram_zs_fullness_group(const struct sm_zs_pool *pool,
				       const struct zs_class *class,
				       const struct zspage *zspage);
void sm_zram_zs_insert_zspage(struct sm_zs_pool *pool, struct zs_class *class,
			      struct zspage *zspage, unsigned int fullness);
void sm_zram_zs_remove_zspage(struct zs_class *class, struct zspage *zspage);
unsigned int sm_zram_zs_putback_zspage(struct sm_zs_pool *pool,
				       struct zs_class *class, struct zspage *zspage);
void sm_zram_zs_free_zspage(struct sm_zs_pool *pool, struct zs_class *class,
			    struct zspage *zspage);
uint64_t sm_zram_zs_obj_malloc(struct sm_zs_pool *pool, struct zspage *zspage,
			       uint64_t handle);
void sm_zram_zs_obj_free(struct sm_zs_pool *pool, struct zspage *zspage,
			 unsigned int idx);
uint64_t sm_zram_zs_find_alloced_obj(const struct zs_class *class,
				     const struct zspage *zspage, unsigned int page,
				     unsigned int *idx);
void sm_zram_zs_obj_copy(const struct zs_class *class, const struct zspage *dst,
			 unsigned int didx, const struct zspage *src,
			 unsigned int sidx);
struct zs_obj *sm_zram_zs_handle_obj(const struct sm_zs_pool *pool,
				     uint64_t handle);
uint64_t sm_zram_zs_can_compact(const struct zs_class *class);

#endif /* SOCMEM_ZS_INTERNAL_H */
