// SPDX-License-Identifier: MIT
/*
 * boot_late.c - the rest of boot up to memblock_free_all(), where the
 * buddy allocator takes every page memblock still holds free: what
 * setup_arch(), start_kernel() and mm_core_init() allocate after the CMA
 * areas (resources, command-line copies, the per-CPU first chunk, the
 * dentry and inode hash tables, the SWIOTLB bounce buffer, and in 7.x
 * the sparse memory map), and free_initmem() giving the image's init
 * section back later. None of it prints a memory line; all of it decides
 * MemTotal and MemFree of the running system.
 *
 * Each size follows from the board (memory regions, command line, the
 * CPUs the tree makes possible, free RAM, the DMA limit) as the kernels
 * compute it; the memblock=debug lines of the oracle logs show every one.
 */
#include <string.h>

#include "internal.h"

#define IO_TLB_SHIFT 11			/* 2 KiB slabs */
#define IO_TLB_SEGSIZE 128
#define IO_TLB_DEFAULT_SIZE (64ULL << 20)
#define IO_TLB_MIN_SLABS ((1ULL << 20) >> IO_TLB_SHIFT)

static uint64_t roundup_pow_of_two(uint64_t x)
{
	uint64_t p = 1;

	while (p < x)
		p <<= 1;
	return p;
}

static bool str_prop_is(const void *fdt, int node, const char *prop,
			const char *want)
{
	int len;
	const char *v = sm_dt_prop(fdt, node, prop, &len);

	return v && len > 0 && !strncmp(v, want, (size_t)len) &&
	       strlen(want) + 1 == (size_t)len;
}

/*
 * The CPUs arm64's smp_init_cpus() makes possible: the boot CPU (MPIDR 0
 * on QEMU's virt) and every other /cpus node whose enable-method the
 * kernel can drive (psci; spin-table with a release address). A tree
 * without the boot CPU's MPIDR gets no secondaries.
 */
static unsigned int possible_cpus(struct sm_boot *bt)
{
	const struct sm_dt_index *idx = &bt->idx;
	int cpus = sm_dt_index_lookup(idx, bt->fdt, "/cpus");
	unsigned int n = 1, ac;
	bool boot_found = false;

	if (cpus < 0)
		return 1;
	ac = idx->nodes[cpus].address_cells >= 0 ?
	     (unsigned int)idx->nodes[cpus].address_cells : 1;
	for (int c = idx->nodes[cpus].first_child; c >= 0;
	     c = idx->nodes[c].next_sibling) {
		int node = idx->nodes[c].offset, len;
		const void *reg = sm_dt_prop(bt->fdt, node, "reg", &len);

		if (!str_prop_is(bt->fdt, node, "device_type", "cpu") || !reg ||
		    len < (int)(ac * 4) || ac < 1 || ac > 2)
			continue;
		if (sm_dt_read_cells(reg, ac) == 0) {
			boot_found = true;
			continue;
		}
		if (str_prop_is(bt->fdt, node, "enable-method", "psci") ||
		    (str_prop_is(bt->fdt, node, "enable-method", "spin-table") &&
		     sm_dt_has_prop(bt->fdt, node, "cpu-release-addr")))
			n++;
	}
	if (!boot_found)
		return 1;
	return n < bt->b->profile->nr_cpus ? n : bt->b->profile->nr_cpus;
}

/* pcpu_embed_first_chunk(): one group, @n units, the chunk's bookkeeping */
static void percpu_first_chunk(struct sm_boot *bt, unsigned int n)
{
	const struct sm_late_model *m = bt->b->profile->late;
	struct sm_memblock *mb = &bt->b->memblock;
	uint64_t info = sm_boot_env_kernel_alloc(bt, 4096, 4096);
	uint64_t areas = sm_boot_env_kernel_alloc(bt, 4096, 64);
	static const unsigned int per_unit[] = { 0, 0, 4, 8 };

	/* pcpu_fc_alloc() asks above MAX_DMA_ADDRESS, then anywhere */
	sm_boot_env_kernel_alloc(bt, (uint64_t)n * m->pcpu_unit_size, 4096);
	/* group offsets and sizes, then the unit map and unit offsets */
	for (int i = 0; i < 4; i++)
		sm_boot_env_kernel_alloc(bt, per_unit[i] ? per_unit[i] * n : 8,
					 64);
	for (int i = 0; i < 9 && m->pcpu_chunk[i]; i++)
		sm_boot_env_kernel_alloc(bt, m->pcpu_chunk[i], 64);
	if (info)
		sm_boot_memblock_phys_free(mb, info, 4096);
	if (areas)
		sm_boot_memblock_phys_free(mb, areas, 4096);
}

/* alloc_large_system_hash() of 8-byte buckets, HASH_EARLY | HASH_ZERO */
static void system_hash(struct sm_boot *bt, unsigned int scale)
{
	unsigned int shift = bt->b->page_shift;
	uint64_t n = sm_round_up(bt->nr_kernel_pages, 1ULL << (20 - shift));
	uint64_t max = ((bt->nr_kernel_pages << shift) >> 4) / 8;
	unsigned int log2qty = 0;

	/* scale is in bytes per entry: with pages larger than it (64K) the
	 * kernel shifts the other way */
	if (scale > shift)
		n >>= scale - shift;
	else
		n <<= shift - scale;
	if (n * 8 < (1ULL << shift))
		n = (1ULL << shift) / 8;
	n = roundup_pow_of_two(n);
	if (max > 0x80000000ULL)
		max = 0x80000000ULL;
	if (n > max)
		n = max;
	while ((2ULL << log2qty) <= n)
		log2qty++;
	/* smaller and smaller until it fits */
	while (!sm_boot_env_kernel_alloc(bt, 8ULL << log2qty, 64) &&
	       (8ULL << log2qty) > (1ULL << shift) && log2qty)
		log2qty--;
}

/* swiotlb_init(): the bounce buffer below the DMA limit, then its slots */
static void swiotlb(struct sm_boot *bt, unsigned int cpus)
{
	const struct sm_board *b = bt->b;
	uint64_t max_pfn = sm_boot_memblock_end_of_dram(&b->memblock) >>
			   b->page_shift;
	uint64_t nslabs = IO_TLB_DEFAULT_SIZE >> IO_TLB_SHIFT, nareas;
	uint64_t tlb = 0;

	if (max_pfn <= (b->dma_phys_limit >> b->page_shift)) {
		uint64_t size;

		if (!b->profile->late->swiotlb_for_kmalloc)
			return;
		/* kmalloc() bouncing only: 1 MiB per GiB of RAM */
		size = (b->memblock.memory.total_size + 1023) / 1024;
		if (size > IO_TLB_DEFAULT_SIZE)
			size = IO_TLB_DEFAULT_SIZE;
		size = sm_round_up(size, 1ULL << IO_TLB_SHIFT);
		nslabs = sm_round_up(size >> IO_TLB_SHIFT, IO_TLB_SEGSIZE);
	}
	if (b->profile->late->swiotlb_v510) {
		tlb = sm_boot_memblock_alloc_range(&bt->b->memblock,
						   nslabs << IO_TLB_SHIFT, 4096, 0,
						   b->dma_phys_limit - 1,
						   SM_MEMBLOCK_RSRV_KERN);
		if (!tlb)
			return;
		sm_boot_env_kernel_alloc(bt, sm_round_up(4 * nslabs, 4096),
					 4096);
		sm_boot_env_kernel_alloc(bt, sm_round_up(8 * nslabs, 4096),
					 4096);
		return;
	}
	/* swiotlb_adjust_nareas(): a power-of-two area count, and enough
	 * slabs for it, rounded up to a power of two */
	nareas = roundup_pow_of_two(cpus);
	if (nslabs < IO_TLB_SEGSIZE * nareas)
		nslabs = IO_TLB_SEGSIZE * nareas;
	nslabs = roundup_pow_of_two(nslabs);
	for (;;) {
		/* memblock_alloc_low(): below ARCH_LOW_ADDRESS_LIMIT */
		tlb = sm_boot_memblock_alloc_range(&bt->b->memblock,
						   sm_round_up(nslabs << IO_TLB_SHIFT,
							       4096),
						   4096, 0, b->dma_phys_limit - 1,
						   SM_MEMBLOCK_RSRV_KERN);
		if (tlb || nslabs <= IO_TLB_MIN_SLABS)
			break;
		nslabs = sm_round_up(nslabs >> 1, IO_TLB_SEGSIZE);
	}
	if (!tlb)
		return;
	sm_boot_env_kernel_alloc(bt, sm_round_up(24 * nslabs, 4096), 4096);
	sm_boot_env_kernel_alloc(bt, 16 * nareas, 64);
}

/* 7.x: sparse_init() after the CMA areas, one memory-map block a section */
static void sparse_late(struct sm_boot *bt)
{
	const struct sm_late_model *m = bt->b->profile->late;
	uint64_t nsec = sm_boot_env_present_sections(bt, NULL);

	sm_boot_env_kernel_alloc(bt, m->section_roots_bytes, 64);
	for (uint64_t i = 0; i < sm_boot_env_section_roots(bt); i++)
		sm_boot_env_kernel_alloc(bt, 4096, 64);
	sm_boot_env_kernel_alloc(bt, m->usemap_per_section * nsec, 64);
	sm_boot_env_kernel_alloc(bt, 4096, 4096);	/* vmemmap page tables */
	sm_boot_env_kernel_alloc(bt, 4096, 4096);
	for (uint64_t i = 0; i < nsec; i++)
		sm_boot_memblock_alloc_range(&bt->b->memblock, 2ULL << 20, 2ULL << 20,
					     0x40000000, SM_ALLOC_ANYWHERE,
					     SM_MEMBLOCK_RSRV_KERN);
}

void sm_boot_env_late_init(struct sm_boot *bt)
{
	const struct sm_late_model *m = bt->b->profile->late;
	unsigned int cpus = possible_cpus(bt);
	uint64_t cmdline = strlen(bt->b->cmdline) + 1;

	if (!bt->b->memblock.memory.cnt)
		return;
	/* request_standard_resources(): a struct resource per region */
	sm_boot_env_kernel_alloc(bt, 64 * bt->b->memblock.memory.cnt, 64);
	if (!m->sparse_before_cma) {
		/* 7.x: the memory map and the zones, in each kernel's order */
		if (m->zones_before_memmap)
			sm_boot_zones_print(bt);
		sparse_late(bt);
		if (!m->zones_before_memmap)
			sm_boot_zones_print(bt);
	}
	/* setup_command_line(): saved and static copies */
	sm_boot_env_kernel_alloc(bt, cmdline, 64);
	sm_boot_env_kernel_alloc(bt, cmdline, 64);
	percpu_first_chunk(bt, cpus);
	system_hash(bt, 13);	/* dentry cache */
	system_hash(bt, 14);	/* inode cache */
	swiotlb(bt, cpus);
	bt->b->possible_cpus = cpus;
}
