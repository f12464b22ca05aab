// SPDX-License-Identifier: MIT
/*
 * boot_env.c - what else takes memory during early boot: the boot
 * loader's DTB, and the kernel's own memblock allocations between
 * /reserved-memory and the default CMA area: page tables for the linear
 * map, the reserved_mem[] array, the unflattened device tree and its
 * aliases, NUMA node data, and (6.1, 6.12) the sparse memory map.
 *
 * These matter wherever they compete with a later allocation: on a board
 * whose DRAM ends at or below 4 GiB they fill the top of memory, and the
 * default CMA area lands just below them. Each is modelled from what
 * memblock=debug shows in the oracle logs, with sizes that follow from
 * the board; the page-table count was checked against all 550 cases of
 * each kernel (one page per 2 MiB block and per 1 GiB block of mapped
 * memory, plus a constant per kernel).
 */
#include <string.h>

#include <libfdt.h>

#include "internal.h"

#define PMD_SIZE (2ULL << 20)

/* arm64's sparse memory model since v5.12: 128 MiB sections */
#define SPARSE_128M_SECTIONS						\
	.section_shift = 27,						\
	.sections_per_root = 256, /* PAGE_SIZE / sizeof(mem_section) */ \
	.section_roots_bytes = 131072


/*
 * 5.10: 1 GiB sections (SECTION_SIZE_BITS 30 until v5.12), each with a
 * 16 MiB memory map; no cpumask; a 5.10 swiotlb.
 */
const struct sm_late_model sm_late_5_10 = {
	.pgtable_extra = -2,
	.init_pg_free = 0x5000,
	.device_node_size = 168,
	.property_size = 88,
	.alias_prop_size = 40,
	.numa_distance = true,
	.node_data_size = 9472,
	.cpumask = false,
	.sparse_before_cma = true,
	.section_shift = 30,
	.sections_per_root = 128,
	.section_roots_bytes = 16384,
	.usemap_per_section = 336,
	.pcpu_unit_size = 135168,
	.pcpu_chunk = { 544, 144, 384, 392, 96, 144, 1024, 1032, 256 },
	.swiotlb_for_kmalloc = false,
	.swiotlb_v510 = true,
	/* "11712K kernel code, 2440K rwdata, 7104K rodata, 5440K init" */
	.init_offset = (11712 + 7104) * SM_SZ_1K,
	.init_size = 5440 * SM_SZ_1K,
};

const struct sm_late_model sm_late_6_1 = {
	.pgtable_extra = 2,
	.init_pg_free = 0x5000,
	.device_node_size = 208,
	.property_size = 96,
	.alias_prop_size = 40,
	.numa_distance = true,
	.node_data_size = 11392,
	.cpumask = false,
	.sparse_before_cma = true,
	SPARSE_128M_SECTIONS,
	.usemap_per_section = 56,
	.pcpu_unit_size = 126976,
	.pcpu_chunk = { 288, 144, 384, 392, 96, 144, 1024, 1032, 256 },
	.swiotlb_for_kmalloc = false,
	/* "13248K kernel code, 2806K rwdata, 9504K rodata, 6464K init" */
	.init_offset = (13248 + 9504) * SM_SZ_1K,
	.init_size = 6464 * SM_SZ_1K,
};

const struct sm_late_model sm_late_6_12 = {
	.pgtable_extra = -13,
	.pgtable_extra_16k = 1,	/* linux-image-6.12.117+deb13-arm64-16k */
	.device_node_size = 208,
	.property_size = 104,
	.alias_prop_size = 40,
	.node_data_size = 14144,
	.cpumask = true,
	.sparse_before_cma = true,
	SPARSE_128M_SECTIONS,
	.usemap_per_section = 56,
	.pcpu_unit_size = 139264,
	.pcpu_chunk = { 304, 200, 384, 392, 96, 200, 1024, 1032, 256 },
	.swiotlb_for_kmalloc = true,
	/* "15680K kernel code, 3816K rwdata, 13980K rodata, 3136K init" */
	.init_offset = (15680 + 13980) * SM_SZ_1K,
	.init_size = 3136 * SM_SZ_1K,
};

const struct sm_late_model sm_late_7_2 = {
	.pgtable_extra = 1,
	.pgtable_extra_16k = 1,	/* as 6.12's and 7.3's 16K builds (not booted) */
	.device_node_size = 208,
	.property_size = 112,
	.alias_prop_size = 40,
	.node_data_size = 14336,
	.cpumask = true,
	.sparse_before_cma = false,
	SPARSE_128M_SECTIONS,
	.usemap_per_section = 88,
	.pcpu_unit_size = 147456,
	.pcpu_chunk = { 304, 136, 384, 392, 96, 136, 1024, 1032, 256 },
	.swiotlb_for_kmalloc = true,
	/* "19136K kernel code, 5282K rwdata, 18632K rodata, 3904K init" */
	.init_offset = (19136 + 18632) * SM_SZ_1K,
	.init_size = 3904 * SM_SZ_1K,
};

/* 7.3: a bigger pg_data_t, and the zones printed before the memory map */
const struct sm_late_model sm_late_7_3 = {
	.pgtable_extra = 1,
	.pgtable_extra_16k = 1,	/* linux-image-7.3.4+deb13-arm64-16k */
	.device_node_size = 208,
	.property_size = 112,
	.alias_prop_size = 40,
	.node_data_size = 14400,
	.cpumask = true,
	.sparse_before_cma = false,
	.zones_before_memmap = true,
	.map_whole_pages = true,
	SPARSE_128M_SECTIONS,
	.usemap_per_section = 88,
	.pcpu_unit_size = 147456,
	.pcpu_chunk = { 304, 136, 384, 392, 96, 136, 1024, 1032, 256 },
	.swiotlb_for_kmalloc = true,
	/* "19264K kernel code, 6398K rwdata, 20512K rodata, 4096K init" */
	.init_offset = (19264 + 20512) * SM_SZ_1K,
	.init_size = 4096 * SM_SZ_1K,
};

/* the board's page shift (4 KiB when a caller left it unset) */
static unsigned int page_shift(const struct sm_boot *bt)
{
	return bt->b->page_shift >= 12 ? bt->b->page_shift : 12;
}

/* memblock_alloc(): anywhere accessible, top-down */
uint64_t sm_boot_env_kernel_alloc(struct sm_boot *bt, uint64_t size,
				  uint64_t align)
{
	return sm_boot_memblock_alloc_range(&bt->b->memblock, size, align, 0,
					    SM_ALLOC_ACCESSIBLE,
					    SM_MEMBLOCK_RSRV_KERN);
}

/* memblock_alloc_try_nid(): [min, max), then without the lower limit */
static uint64_t alloc_try(struct sm_boot *bt, uint64_t size, uint64_t align,
			  uint64_t min, uint64_t max)
{
	struct sm_memblock *mb = &bt->b->memblock;
	uint64_t a = sm_boot_memblock_alloc_range(mb, size, align, min, max,
						  SM_MEMBLOCK_RSRV_KERN);

	if (!a && min)
		a = sm_boot_memblock_alloc_range(mb, size, align, 0, max,
						 SM_MEMBLOCK_RSRV_KERN);
	return a;
}

/*
 * Count the blocks of the two lowest table levels that mapped memory
 * touches: 2 MiB and 1 GiB with 4 KiB pages, 32 MiB and 64 GiB with
 * 16 KiB pages (a table page maps page_size / 8 entries). Up to 7.2 a
 * region's partial first and last pages are mapped too; 7.3 maps only
 * the whole pages inside it (rand-1-188: a no-map pool ending 64 bytes
 * into a page leaves the 2 MiB block before the next page unmapped).
 */
static uint64_t linear_map_tables(const struct sm_memblock *mb,
				  bool whole_pages, unsigned int ps)
{
	uint64_t n = 0, last2 = UINT64_MAX, last1g = UINT64_MAX;
	unsigned int pmd = 2 * ps - 3, pud = 3 * ps - 6;
	uint64_t page = 1ULL << ps;

	for (size_t i = 0; i < mb->memory.cnt; i++) {
		const struct sm_memblock_region *r = &mb->memory.regions[i];
		uint64_t first, last, start = r->base, end = r->base + r->size;

		if (r->flags & SM_MEMBLOCK_NOMAP)
			continue;
		if (whole_pages) {
			start = sm_round_up(start, page);
			end = sm_round_down(end, page);
			if (start >= end)
				continue;
		}
		first = start >> pmd;
		last = (end - 1) >> pmd;
		n += last - first + 1 - (first == last2);
		last2 = last;
		first = start >> pud;
		last = (end - 1) >> pud;
		n += last - first + 1 - (first == last1g);
		last1g = last;
	}
	return n;
}

/* paging_init(): one page-table page at a time, top-down */
void sm_boot_env_paging_init(struct sm_boot *bt)
{
	const struct sm_late_model *m = bt->b->profile->late;
	struct sm_memblock *mb = &bt->b->memblock;
	unsigned int ps = page_shift(bt);
	int64_t pages = (int64_t)linear_map_tables(mb, m->map_whole_pages, ps) +
			(ps == 12 ? m->pgtable_extra : m->pgtable_extra_16k);

	if (!mb->memory.cnt)
		return;
	if (pages > 0)
		sm_boot_memblock_alloc_pages(mb, (uint64_t)pages, 1ULL << ps,
					     SM_MEMBLOCK_RSRV_KERN);
	if (m->init_pg_free)
		sm_boot_memblock_phys_free(mb, bt->kernel_end - m->init_pg_free,
					   m->init_pg_free);
}

/*
 * The dry run of unflatten_dt_nodes(): the size of the live tree. Each
 * node is a device_node plus its name; each property a struct property;
 * a node without "name" gets one made from its name up to the '@'. The
 * kernel nops rng-seed out of /chosen before it unflattens.
 */
static uint64_t unflatten_size(struct sm_boot *bt)
{
	const struct sm_late_model *m = bt->b->profile->late;
	const struct sm_dt_index *idx = &bt->idx;
	uint64_t mem = 0;

	for (size_t i = 0; i < idx->count; i++) {
		const struct sm_dt_node_info *n = &idx->nodes[i];
		unsigned int props = n->nprops;

		if (n->depth >= SM_DT_MAX_DEPTH - 1)
			continue;
		mem = sm_round_up(mem, 8) + m->device_node_size +
		      (uint64_t)n->name_len + 1;
		if (n->has_rng_seed && n->depth == 1 && n->name_len == 6 &&
		    !memcmp(n->name, "chosen", 6))
			props--;
		/* each property is 8-aligned already: sizes are multiples */
		mem = sm_round_up(mem, 8) + (uint64_t)props * m->property_size;
		if (!n->has_name) {
			const char *at = memchr(n->name, '@', (size_t)n->name_len);
			uint64_t base = at ? (uint64_t)(at - n->name) :
					     (uint64_t)n->name_len;

			mem = sm_round_up(mem, 8) + m->property_size + base + 1;
		}
	}
	return sm_round_up(mem, 4) + 4;
}

/* of_alias_scan(): one allocation per alias that names a node */
static void alias_allocs(struct sm_boot *bt)
{
	const struct sm_late_model *m = bt->b->profile->late;
	int aliases = sm_boot_find_node(bt, "/aliases"), prop;

	if (aliases < 0)
		return;
	fdt_for_each_property_offset(prop, bt->fdt, aliases) {
		const char *name, *val, *end;
		int len;

		val = fdt_getprop_by_offset(bt->fdt, prop, &name, &len);
		if (!val || !name || !strcmp(name, "name") ||
		    !strcmp(name, "phandle") || !strcmp(name, "linux,phandle"))
			continue;
		if (len <= 0 || !memchr(val, '\0', (size_t)len) ||
		    sm_dt_index_lookup(&bt->idx, bt->fdt, val) < 0)
			continue;
		end = name + strlen(name);
		while (end > name && end[-1] >= '0' && end[-1] <= '9')
			end--;
		if (!*end)
			continue; /* no id: kstrtoint() fails */
		sm_boot_env_kernel_alloc(bt,
					 m->alias_prop_size + (end - name) + 1,
					 8);
	}
}

void sm_boot_env_unflatten(struct sm_boot *bt)
{
	if (!bt->b->memblock.memory.cnt)
		return;
	sm_boot_env_kernel_alloc(bt, unflatten_size(bt), 8);
	alias_allocs(bt);
}

void sm_boot_env_numa_init(struct sm_boot *bt)
{
	const struct sm_late_model *m = bt->b->profile->late;

	if (m->numa_distance)
		sm_boot_env_kernel_alloc(bt, 256, 4096);
	bt->node_data = sm_boot_env_kernel_alloc(bt, m->node_data_size,
						 bt->b->profile->smp_cache_bytes);
	if (m->cpumask)
		sm_boot_env_kernel_alloc(bt, 64,
					 bt->b->profile->smp_cache_bytes);
}

/*
 * Sections (128 MiB; 5.10: 1 GiB) holding any memory, and the roots (4 KiB each) they
 * need. Counted per region, not per section: memblock.memory is sorted
 * and disjoint, so a region shares at most its first section (and root)
 * with the one before, and a DT may describe exabytes.
 */
uint64_t sm_boot_env_present_sections(struct sm_boot *bt, uint64_t *roots)
{
	const struct sm_late_model *m = bt->b->profile->late;
	const struct sm_memblock_type *mem = &bt->b->memblock.memory;
	uint64_t nsec = 0, nroots = 0, last_sec = UINT64_MAX;
	uint64_t last_root = UINT64_MAX;
	/* a root is a page of sections */
	uint64_t spr = m->sections_per_root << (page_shift(bt) - 12);

	for (size_t i = 0; i < mem->cnt; i++) {
		uint64_t s = mem->regions[i].base >> m->section_shift;
		uint64_t e = (mem->regions[i].base + mem->regions[i].size - 1) >>
			     m->section_shift;
		uint64_t rs, re;

		if (s == last_sec)
			s++;
		if (s > e)
			continue;
		nsec += e - s + 1;
		rs = s / spr;
		re = e / spr;
		if (rs == last_root)
			rs++;
		if (rs <= re)
			nroots += re - rs + 1;
		last_sec = e;
		last_root = re;
	}
	if (roots)
		*roots = nroots;
	return nsec;
}

uint64_t sm_boot_env_section_roots(struct sm_boot *bt)
{
	uint64_t roots;

	sm_boot_env_present_sections(bt, &roots);
	return roots;
}

/*
 * A section's usemap: the recorded build's (4 KiB pages, 2 MiB
 * pageblocks) with its pageblock flags (4 bits a pageblock up to 6.12,
 * in longs) counted again for the board's pageblocks.
 */
static uint64_t usemap_bytes(const struct sm_boot *bt, uint64_t section)
{
	const struct sm_late_model *m = bt->b->profile->late;
	uint64_t recorded = ((section >> 21) * 4 + 63) / 64 * 8;
	uint64_t blocks = section >> (page_shift(bt) +
				      bt->b->pageblock_order);

	return m->usemap_per_section - recorded + (blocks * 4 + 63) / 64 * 8;
}

/*
 * sparse_init(): section roots, usemaps and one memory map buffer of a
 * PMD-aligned section_map_size() per present section. With 4 KiB pages
 * vmemmap maps each section's struct pages with one PMD block, using all
 * of it; with 16 and 64 KiB pages arm64 maps them page by page
 * (vmemmap_populate_basepages()), and sparse_buffer_fini() gives back
 * what they did not use (16 KiB pages: a 32 MiB slot for 512 KiB of
 * struct pages per 128 MiB section). The section roots (one page each)
 * and their array follow the page size and, with 16 and 64 KiB pages,
 * Debian's 52-bit physical addresses.
 */
void sm_boot_env_sparse_init(struct sm_boot *bt)
{
	const struct sm_late_model *m = bt->b->profile->late;
	unsigned int ps = page_shift(bt);
	uint64_t page = 1ULL << ps, section = 1ULL << m->section_shift;
	uint64_t pmd = 1ULL << (2 * ps - 3);
	/* a struct page (64 bytes) per page */
	uint64_t used = sm_round_up((section >> ps) * 64, page);
	uint64_t memmap = sm_round_up(used, pmd);	/* section_map_size() */
	uint64_t roots_bytes = m->section_roots_bytes;
	uint64_t nsec, nroots, goal, buf;

	if (!m->sparse_before_cma || !bt->b->memblock.memory.cnt)
		return;
	if (ps != 12)	/* 2^(52 - 48) times the sections, page/16 a root */
		roots_bytes = roots_bytes * 16 * 4096 / page;
	nsec = sm_boot_env_present_sections(bt, &nroots);
	sm_boot_env_kernel_alloc(bt, roots_bytes, 64);
	for (uint64_t i = 0; i < nroots; i++)
		sm_boot_env_kernel_alloc(bt, page, 64);
	/* usemaps: in the pgdat's own section if possible */
	goal = sm_round_down(bt->node_data, section);
	if (!alloc_try(bt, usemap_bytes(bt, section) * nsec, 64, goal,
		       goal + section))
		alloc_try(bt, usemap_bytes(bt, section) * nsec, 64, goal,
			  SM_ALLOC_ACCESSIBLE);
	buf = sm_boot_env_kernel_alloc(bt, nsec * memmap, memmap);
	sm_boot_env_kernel_alloc(bt, page, page);
	sm_boot_env_kernel_alloc(bt, page, page);
	if (buf && used < memmap)
		sm_boot_memblock_phys_free(&bt->b->memblock, buf + nsec * used,
					   nsec * (memmap - used));
}

/*
 * free_initmem(): the image's init section goes back to the buddy
 * allocator once boot is over (where exactly in the image does not
 * matter to anything that follows; its size is the kernel's figure).
 */
void sm_boot_env_free_initmem(struct sm_boot *bt)
{
	const struct sm_late_model *m = bt->b->profile->late;
	uint64_t start = sm_round_up(bt->kernel_end -
				     (bt->b->profile->kernel_image_end -
				      bt->b->profile->kernel_image_base) +
				     m->init_offset, 4096);

	if (m->init_size && bt->b->memblock.memory.cnt)
		sm_boot_memblock_phys_free(&bt->b->memblock, start,
					   m->init_size);
}
