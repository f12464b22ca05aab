// SPDX-License-Identifier: MIT
/*
 * migrate.c - moving movable pages: allocate a new block, copy the bytes,
 * free the old block and tell the owner (Linux mm/migrate.c
 * migrate_pages() as __alloc_contig_migrate_range() drives it), and
 * evicting a movable block to its owner (the hook swap uses).
 *
 * The target is a movable request, from any zone up to ZONE_NORMAL:
 * alloc_contig_range() migrates with __GFP_MOVABLE in its mask whatever
 * its caller passed (6.1: GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL
 * for the migration target; Debian's 6.12 and 7.x:
 * __alloc_contig_verify_gfp_mask() adds __GFP_HARDWALL | __GFP_MOVABLE),
 * and a larger block is GFP_TRANSHUGE, movable too. So a target may be
 * a CMA page outside the isolated range, under the same balance as any
 * movable allocation (more than half of the zone's free pages CMA):
 * measured on a 6.12 kernel with compaction, a 60 MiB cma_alloc() with
 * half of CMA lent took half of its targets from CMA
 * (docs/fidelity.md, "CMA under movable pressure").
 *
 * Differences from the kernel: pages that are not movable (no owner,
 * unmovable, cma_alloc'ed) are skipped as the kernel skips non-LRU pages,
 * and the range then fails its final check; a pinned movable page stops
 * the walk at once with -EBUSY (the kernel retries its 32-page batch five
 * times first, and also migrates the rest of that batch).
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

bool sm_mm_block_migratable(const struct sm_system *s, uint64_t head)
{
	const struct sm_page *p = sm_pg(s, head);

	return (p->flags & (SM_PG_HEAD | SM_PG_MOVABLE | SM_PG_CONTIG)) ==
		       (SM_PG_HEAD | SM_PG_MOVABLE) &&
	       p->next && !p->prev;
}

static void *frame(const struct sm_system *s, uint64_t pfn)
{
	return s->phys + ((pfn - s->base_pfn) << s->page_shift);
}

/* sm_mm_migrate_block() - move one movable block; Return: 0, -EBUSY, -ENOMEM */
int sm_mm_migrate_block(struct sm_system *s, uint64_t head)
{
	struct sm_page *p = sm_pg(s, head), *np;
	unsigned int order = p->order;
	uint32_t owner = p->next;
	struct sm_page_owner o;
	uint64_t new;
	uint8_t mt = p->mt;
	int ret;

	if (!sm_mm_block_migratable(s, head))
		return -EBUSY;
	ret = sm_mm_alloc_block(s, order, SM_MIGRATE_MOVABLE, SM_ZONE_NORMAL,
				&new);
	if (ret)
		return ret;
	memcpy(frame(s, new), frame(s, head), (size_t)1 << (order + s->page_shift));
	np = sm_pg(s, new);
	np->flags |= SM_PG_HEAD | SM_PG_MOVABLE;
	np->order = (uint8_t)order;
	np->mt = mt;
	np->next = owner;
	np->prev = 0;
	p->flags &= SM_PG_RAM | SM_PG_MANAGED;
	p->next = p->prev = 0;
	sm_mm_free_block(s, head, order, false);
	s->stats.pgmigrate_success += 1ULL << order;
	o = *sm_mm_owner_at(&s->owners, owner);
	if (o.moved)
		o.moved(o.ctx, head, new, order);
	return 0;
}

/*
 * sm_mm_migrate_range() - migrate every in-use block that overlaps
 * [start, end). Return: 0 (blocks that cannot move were skipped); -EBUSY
 * (a pinned movable block); -ENOMEM.
 */
int sm_mm_migrate_range(struct sm_system *s, uint64_t start, uint64_t end)
{
	uint64_t pfn = start;

	while (pfn < end) {
		const struct sm_page *p;
		uint64_t head;
		int ret;

		if (!sm_mm_block_of(s, pfn, &head)) {
			pfn++;
			continue;
		}
		p = sm_pg(s, head);
		pfn = head + (1ULL << p->order);
		if (p->flags & SM_PG_BUDDY)
			continue;
		if (!(p->flags & SM_PG_MOVABLE) || (p->flags & SM_PG_CONTIG))
			continue; /* not on the LRU: skipped */
		if (!sm_mm_block_migratable(s, head)) {
			s->stats.pgmigrate_fail += 1ULL << p->order;
			return -EBUSY;
		}
		ret = sm_mm_migrate_block(s, head);
		if (ret)
			return ret;
	}
	return 0;
}

int sm_mm_migrate_pages(struct sm_system *sys, uint64_t pfn)
{
	if (!sm_pfn_in_span(sys, pfn) || !(sm_pg(sys, pfn)->flags & SM_PG_HEAD))
		return -EINVAL;
	return sm_mm_migrate_block(sys, pfn);
}

int sm_mm_evict_pages(struct sm_system *sys, uint64_t pfn, uint64_t cookie)
{
	struct sm_page_owner o;
	struct sm_page *p;
	unsigned int order;
	uint32_t id;

	if (!sm_pfn_in_span(sys, pfn) || !(sm_pg(sys, pfn)->flags & SM_PG_HEAD))
		return -EINVAL;
	if (!sm_mm_block_migratable(sys, pfn))
		return -EBUSY;
	p = sm_pg(sys, pfn);
	id = p->next;
	o = *sm_mm_owner_at(&sys->owners, id);
	if (!o.evicted)
		return -EOPNOTSUPP;
	order = p->order;
	p->flags &= SM_PG_RAM | SM_PG_MANAGED;
	p->next = p->prev = 0;
	sm_mm_free_block(sys, pfn, order, false);
	sm_mm_owner_put(&sys->owners, id);
	sys->stats.swapped_out++;
	o.evicted(o.ctx, pfn, order, cookie);
	return 0;
}
