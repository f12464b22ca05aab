// SPDX-License-Identifier: MIT
/*
 * owner.c - who holds movable pages: the struct sm_page_owner a caller
 * passed, interned, so that a page frame stores a 32-bit id instead of a
 * copy (the kernel's page->mapping, in 4 bytes).
 *
 * Callers usually allocate many blocks with the same owner, so entries
 * are shared and counted; an entry goes when its last block does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define HASH_DELETED UINT32_MAX

static uint32_t owner_hash(const struct sm_page_owner *o)
{
	uint64_t h = (uint64_t)(uintptr_t)o->ctx * 0x9e3779b97f4a7c15ULL;

	h ^= (uint64_t)(uintptr_t)o->moved * 0xc2b2ae3d27d4eb4fULL;
	h ^= (uint64_t)(uintptr_t)o->evicted * 0x165667b19e3779f9ULL;
	return (uint32_t)(h >> 32);
}

static bool owner_eq(const struct sm_page_owner *a,
		     const struct sm_page_owner *b)
{
	return a->moved == b->moved && a->ctx == b->ctx &&
	       a->evicted == b->evicted;
}

static uint32_t *hash_find(const struct sm_owners *t,
			   const struct sm_page_owner *o)
{
	uint32_t mask = t->hcap - 1, i = owner_hash(o) & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t id = t->hash[i];

		if (!id)
			return &t->hash[i];
		if (id != HASH_DELETED && owner_eq(&t->slots[id].o, o))
			return &t->hash[i];
	}
}

static int hash_rebuild(struct sm_owners *t, uint32_t hcap)
{
	uint32_t *old = t->hash, oldcap = t->hcap;

	t->hash = calloc(hcap, sizeof(*t->hash));
	if (!t->hash) {
		t->hash = old;
		return -ENOMEM;
	}
	t->hcap = hcap;
	t->hused = 0;
	for (uint32_t i = 0; i < oldcap; i++) {
		uint32_t id = old[i];

		if (id && id != HASH_DELETED) {
			*hash_find(t, &t->slots[id].o) = id;
			t->hused++;
		}
	}
	free(old);
	return 0;
}

static int slot_alloc(struct sm_owners *t, uint32_t *id)
{
	if (t->free_head) {
		*id = t->free_head;
		t->free_head = (uint32_t)t->slots[*id].refs;
		return 0;
	}
	if (t->nslots + 1 >= t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 16;
		struct sm_owner_slot *n = realloc(t->slots, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		t->slots = n;
		t->cap = cap;
	}
	*id = ++t->nslots;
	return 0;
}

/* sm_mm_owner_get() - the id of @o, with one more reference */
int sm_mm_owner_get(struct sm_owners *t, const struct sm_page_owner *o,
		    uint32_t *id)
{
	uint32_t *h;
	int ret;

	if ((t->hused + 1) * 4 >= t->hcap * 3) {
		uint32_t cap = 64;

		while (cap < (t->hlive + 1) * 4)
			cap *= 2;
		ret = hash_rebuild(t, cap);
		if (ret)
			return ret;
	}
	h = hash_find(t, o);
	if (*h) {
		t->slots[*h].refs++;
		*id = *h;
		return 0;
	}
	ret = slot_alloc(t, id);
	if (ret)
		return ret;
	t->slots[*id].o = *o;
	t->slots[*id].refs = 1;
	*h = *id;
	t->hused++;
	t->hlive++;
	return 0;
}

/* sm_mm_owner_put() - drop a reference (id 0: no owner) */
void sm_mm_owner_put(struct sm_owners *t, uint32_t id)
{
	uint32_t *h;

	if (!id || --t->slots[id].refs)
		return;
	h = hash_find(t, &t->slots[id].o);
	*h = HASH_DELETED;
	t->hlive--;
	memset(&t->slots[id].o, 0, sizeof(t->slots[id].o));
	t->slots[id].refs = t->free_head;
	t->free_head = id;
}

const struct sm_page_owner *sm_mm_owner_at(const struct sm_owners *t,
					   uint32_t id)
{
	return id ? &t->slots[id].o : NULL;
}

void sm_mm_owners_release(struct sm_owners *t)
{
	free(t->slots);
	free(t->hash);
	memset(t, 0, sizeof(*t));
}
