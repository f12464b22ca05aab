// SPDX-License-Identifier: MIT
/*
 * zones.c - the zones and the early memory node ranges, as arm64's
 * zone_sizes_init() and mm's free_area_init() compute and print them.
 *
 * ZONE_DMA ends at the arm64 DMA limit (from the tree's dma-ranges),
 * ZONE_DMA32 at 4 GiB, ZONE_NORMAL at the end of DRAM; each zone starts
 * where the previous one ended, so a limit below the start of DRAM gives
 * an empty zone. A build without CONFIG_ZONE_DMA or CONFIG_ZONE_DMA32
 * (a .config, socmem/kconfig.h) has no such zone, and without both
 * arm64_dma_phys_limit is PHYS_MASK + 1: nothing early is held low.
 */
#include "internal.h"

/* PHYS_MASK: CONFIG_ARM64_PA_BITS=48 in every build modelled */
#define ARM64_PHYS_MASK ((1ULL << 48) - 1)
/* zone_dma_limit's initial value (kernel/dma/direct.c), kept without
 * CONFIG_ZONE_DMA */
#define ZONE_DMA_LIMIT_UNSET ((1ULL << 24) - 1)

/* is zone @z in the build (CONFIG_ZONE_DMA, _DMA32, _DEVICE)? */
static bool zone_configured(const struct sm_profile *p, int z)
{
	switch (z) {
	case SM_ZONE_DMA:
		return p->zone_dma;
	case SM_ZONE_DMA32:
		return p->zone_dma32;
	case SM_ZONE_DEVICE:
		return p->has_zone_device;
	default:
		return true;
	}
}

static unsigned int fls64(uint64_t x)
{
	return x ? 64 - (unsigned int)__builtin_clzll(x) : 0;
}

static uint64_t dma_bit_mask(unsigned int n)
{
	return n >= 64 ? UINT64_MAX : (1ULL << n) - 1;
}

/* 6.1: the limit from a number of address bits */
static uint64_t max_zone_phys_bits(const struct sm_memblock *mb,
				   unsigned int bits)
{
	uint64_t mask = dma_bit_mask(bits);
	uint64_t start = sm_boot_memblock_start_of_dram(mb);
	uint64_t last = sm_boot_memblock_end_of_dram(mb) - 1;

	if (start > UINT32_MAX)
		mask = SM_PHYS_ADDR_MAX;
	else if (start > mask)
		mask = UINT32_MAX;
	return (mask < last ? mask : last) + 1;
}

/* 6.12+: the limit from a highest address */
static uint64_t max_zone_phys_limit(const struct sm_memblock *mb,
				    uint64_t limit)
{
	uint64_t last = sm_boot_memblock_end_of_dram(mb) - 1;

	return (limit < last ? limit : last) + 1;
}

void sm_boot_zones_compute(struct sm_boot *bt)
{
	struct sm_board *b = bt->b;
	const struct sm_memblock *mb = &b->memblock;
	unsigned int shift = b->page_shift;
	uint64_t dt_max = sm_boot_of_dma_max_cpu_address(bt);
	uint64_t max_pfn[SM_NR_ZONES] = { 0 };
	uint64_t dma32, start_pfn;

	if (!mb->memory.cnt)
		return;
	if (b->profile->dma_zone_from_limit) {
		uint64_t limit = dt_max;

		dma32 = max_zone_phys_limit(mb, UINT32_MAX);
		if (sm_boot_memblock_start_of_dram(mb) < UINT32_MAX &&
		    limit > UINT32_MAX)
			limit = UINT32_MAX;
		b->dma_phys_limit = max_zone_phys_limit(mb, limit);
		b->zone_dma_limit = limit;
	} else {
		unsigned int bits = fls64(dt_max);

		if (bits > 32)
			bits = 32;
		dma32 = max_zone_phys_bits(mb, 32);
		b->dma_phys_limit = max_zone_phys_bits(mb, bits);
		b->zone_dma_limit = dma_bit_mask(bits);
	}
	/* a zone the build does not have ends where it starts: empty */
	if (!b->profile->zone_dma) {
		b->dma_phys_limit = 0;
		b->zone_dma_limit = ZONE_DMA_LIMIT_UNSET;
	}
	max_pfn[SM_ZONE_DMA] = b->dma_phys_limit >> shift;
	max_pfn[SM_ZONE_DMA32] = b->profile->zone_dma32 ? dma32 >> shift : 0;
	max_pfn[SM_ZONE_NORMAL] = sm_boot_memblock_end_of_dram(mb) >> shift;
	if (!b->dma_phys_limit && b->profile->zone_dma32)
		b->dma_phys_limit = dma32;
	/* no DMA zone at all: the default CMA area and swiotlb may go anywhere */
	if (!b->dma_phys_limit)
		b->dma_phys_limit = ARM64_PHYS_MASK + 1;

	start_pfn = sm_boot_memblock_start_of_dram(mb) >> shift;
	for (int z = 0; z < SM_NR_ZONES; z++) {
		uint64_t end;

		b->zones[z].exists = zone_configured(b->profile, z);
		if (z == SM_ZONE_MOVABLE)
			continue;
		end = max_pfn[z] > start_pfn ? max_pfn[z] : start_pfn;
		b->zones[z].start_pfn = start_pfn;
		b->zones[z].end_pfn = end;
		start_pfn = end;
	}
}

static void print_zone(struct sm_boot *bt, int z)
{
	const struct sm_zone_span *zs = &bt->b->zones[z];
	unsigned int shift = bt->b->page_shift;

	if (zs->start_pfn == zs->end_pfn)
		sm_boot_log(bt, SM_MSG_ZONE_EMPTY, sm_boot_zone_name(z));
	else
		sm_boot_log(bt, SM_MSG_ZONE_SPAN, sm_boot_zone_name(z),
			    zs->start_pfn << shift,
			    (zs->end_pfn << shift) - 1);
}

/* calc_nr_kernel_pages(): whole pages memblock holds free right now */
static uint64_t free_pages_now(const struct sm_memblock *mb, unsigned int shift)
{
	uint64_t n = 0, page = 1ULL << shift;
	uint64_t base = 0;

	/* walk the gaps of reserved inside each mapped memory region */
	for (size_t i = 0; i < mb->memory.cnt; i++) {
		const struct sm_memblock_region *m = &mb->memory.regions[i];
		uint64_t s = m->base, e = m->base + m->size;

		if (m->flags & SM_MEMBLOCK_NOMAP)
			continue;
		base = s;
		for (size_t r = 0; r <= mb->reserved.cnt && base < e; r++) {
			uint64_t rs = r < mb->reserved.cnt ?
				      mb->reserved.regions[r].base : UINT64_MAX;
			uint64_t re = r < mb->reserved.cnt ?
				      rs + mb->reserved.regions[r].size : UINT64_MAX;
			uint64_t fe = rs < e ? rs : e;

			if (re <= base)
				continue;
			if (fe > base && sm_round_down(fe, page) > sm_round_up(base, page))
				n += (sm_round_down(fe, page) - sm_round_up(base, page)) >> shift;
			if (re > base)
				base = re;
		}
	}
	return n;
}

/* memblock.memory pages (whole pages, NOMAP included) in [spfn, epfn) */
static uint64_t present_pages(const struct sm_memblock *mb, unsigned int shift,
			      uint64_t spfn, uint64_t epfn)
{
	uint64_t page = 1ULL << shift, n = 0;

	for (size_t i = 0; i < mb->memory.cnt; i++) {
		const struct sm_memblock_region *m = &mb->memory.regions[i];
		uint64_t s = sm_round_up(m->base, page) >> shift;
		uint64_t e = (m->base + m->size) >> shift;

		if (s < spfn)
			s = spfn;
		if (e > epfn)
			e = epfn;
		if (e > s)
			n += e - s;
	}
	return n;
}

/*
 * 6.1 free_area_init_core(): each zone's present pages less what its
 * struct pages take (calc_memmap_size(): 64 bytes a page of the span, or
 * of the present pages when holes make the span much larger).
 */
static uint64_t kernel_pages_present(const struct sm_board *b,
				     unsigned int shift)
{
	uint64_t n = 0;

	for (int z = 0; z < SM_NR_ZONES; z++) {
		const struct sm_zone_span *zs = &b->zones[z];
		uint64_t spanned = zs->end_pfn - zs->start_pfn, present, memmap;

		if (z == SM_ZONE_MOVABLE || z == SM_ZONE_DEVICE || !spanned)
			continue;
		present = present_pages(&b->memblock, shift, zs->start_pfn,
					zs->end_pfn);
		memmap = spanned > present + (present >> 4) ? present : spanned;
		memmap = sm_round_up(memmap * 64, 1ULL << shift) >> shift;
		n += present >= memmap ? present - memmap : present;
	}
	return n;
}

void sm_boot_zones_print(struct sm_boot *bt)
{
	const struct sm_memblock_type *mem = &bt->b->memblock.memory;
	unsigned int shift = bt->b->page_shift;
	uint64_t page = 1ULL << shift;
	uint64_t node_start = UINT64_MAX, node_end = 0;

	bt->nr_kernel_pages = bt->b->profile->kernel_pages_present ?
			      kernel_pages_present(bt->b, shift) :
			      free_pages_now(&bt->b->memblock, shift);
	sm_boot_log(bt, SM_MSG_ZONE_RANGES);
	for (int z = 0; z < SM_NR_ZONES; z++)
		if (z != SM_ZONE_MOVABLE && bt->b->zones[z].exists)
			print_zone(bt, z);
	sm_boot_log(bt, SM_MSG_MOVABLE_START);
	sm_boot_log(bt, SM_MSG_EARLY_NODE_RANGES);
	for (size_t i = 0; i < mem->cnt; i++) {
		const struct sm_memblock_region *r = &mem->regions[i];
		uint64_t s = sm_round_up(r->base, page) >> shift;
		uint64_t e = (r->base + r->size) >> shift;

		if (s >= e)
			continue;
		sm_boot_log(bt, SM_MSG_NODE_RANGE, r->nid < 0 ? 0 : r->nid,
			    s << shift, (e << shift) - 1);
		if (s < node_start)
			node_start = s;
		if (e > node_end)
			node_end = e;
	}
	if (node_start == UINT64_MAX)
		node_start = 0;
	sm_boot_log(bt, SM_MSG_INITMEM_SETUP, 0, node_start << shift,
		    node_end ? (node_end << shift) - 1 : 0);
}
