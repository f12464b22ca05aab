// SPDX-License-Identifier: MIT
/*
 * boot.c - early memory setup of the arm64 Linux kernel, in its order:
 *
 *   setup_machine_fdt()     root cells, bootargs, memory nodes -> memblock;
 *                           the DTB itself is reserved
 *   parse_early_param()     cma=
 *   arm64_memblock_init()   memory beyond the PA and linear-map range is
 *                           removed; the kernel image is reserved;
 *                           /memreserve/ and /reserved-memory (early pass)
 *   paging_init()           page tables (boot_env.c)
 *   unflatten_device_tree() the late /reserved-memory pass (6.12+)
 *   bootmem_init()          NUMA node 0, the memory map, the zones and the
 *                           default CMA area (7.x: CMA before the zones)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "internal.h"

#define LINEAR_REGION_SIZE (1ULL << 47) /* 48-bit VA: half is linear map */
#define PA_BITS 48			/* what the CPU (cortex-a57) has */

int sm_boot_find_node(const struct sm_boot *bt, const char *path)
{
	int i = sm_dt_index_lookup(&bt->idx, bt->fdt, path);

	return i < 0 ? i : bt->idx.nodes[i].offset;
}

uint64_t sm_boot_pageblock_bytes(const struct sm_boot *bt)
{
	return sm_boot_board_pageblock_bytes(bt->b);
}

uint64_t sm_boot_cma_min_align(const struct sm_boot *bt)
{
	const struct sm_profile *p = bt->b->profile;
	uint64_t buddy = 1ULL << (p->page_shift + p->max_order);
	uint64_t pb = sm_boot_pageblock_bytes(bt);

	return p->cma_align_max_order && buddy > pb ? buddy : pb;
}

/* early_init_dt_scan_root(): defaults 1/1 when absent */
static void scan_root(struct sm_boot *bt)
{
	int len;
	const void *p;

	bt->b->size_cells = 1;
	bt->b->addr_cells = 1;
	p = sm_dt_prop(bt->fdt, 0, "#size-cells", &len);
	if (p)
		bt->b->size_cells = (unsigned int)sm_dt_read_cells(p, 1);
	p = sm_dt_prop(bt->fdt, 0, "#address-cells", &len);
	if (p)
		bt->b->addr_cells = (unsigned int)sm_dt_read_cells(p, 1);
	if (bt->b->size_cells > 2 || bt->b->addr_cells > 2 ||
	    !bt->b->addr_cells)
		sm_dt_warn(&bt->b->warnings,
			   "/: #address-cells = %u, #size-cells = %u: unusual for arm64; numbers are read as the kernel reads them (low 64 bits)",
			   bt->b->addr_cells, bt->b->size_cells);
}

/* early_init_dt_add_memory_arch() with arm64's limits (0 .. U64_MAX) */
void sm_boot_add_memory(struct sm_boot *bt, uint64_t base, uint64_t size)
{
	uint64_t page = sm_boot_board_page_size(bt->b);
	uint64_t off = base & (page - 1);

	if (size < page - off) {
		sm_boot_log(bt, SM_MSG_MEM_IGNORE_BLOCK, base, base + size);
		return;
	}
	if (off) {
		size -= page - off;
		base = sm_round_up(base, page);
	}
	size &= ~(page - 1);
	sm_boot_memblock_add(&bt->b->memblock, base, size);
}

/* One memory node's reg (or linux,usable-memory) entries into memblock. */
static void add_memory_node(struct sm_boot *bt, int node)
{
	unsigned int ac = bt->b->addr_cells, sc = bt->b->size_cells;
	uint64_t t = ((uint64_t)ac + sc) * 4;
	const uint8_t *reg;
	int len;

	reg = sm_dt_prop(bt->fdt, node, "linux,usable-memory", &len);
	if (!reg)
		reg = sm_dt_prop(bt->fdt, node, "reg", &len);
	if (!reg)
		return;
	if (t == 0) {
		/* the kernel would loop forever here */
		sm_dt_warn(&bt->b->warnings,
			   "%s: #address-cells + #size-cells is 0: the kernel hangs reading memory nodes",
			   fdt_get_name(bt->fdt, node, NULL));
		return;
	}
	if ((uint64_t)len % t)
		sm_dt_warn(&bt->b->warnings,
			   "%s: reg is %d bytes, not a multiple of %" PRIu64
			   ": the rest is ignored",
			   fdt_get_name(bt->fdt, node, NULL), len, t);
	for (; (uint64_t)len >= t; reg += t, len -= (int)t) {
		uint64_t base = sm_dt_read_cells(reg, ac);
		uint64_t size = sm_dt_read_cells(reg + ac * 4, sc);

		if (size)
			sm_boot_add_memory(bt, base, size);
	}
}

/* early_init_dt_scan_memory(): device_type = "memory" nodes at depth 1 */
void sm_boot_scan_memory(struct sm_boot *bt)
{
	const struct sm_dt_index *idx = &bt->idx;

	if (!idx->count)
		return;
	for (int i = idx->nodes[0].first_child; i >= 0;
	     i = idx->nodes[i].next_sibling) {
		const struct sm_dt_node_info *n = &idx->nodes[i];

		if (!n->device_type || n->device_type_len < 7 ||
		    memcmp(n->device_type, "memory", 7) ||
		    !sm_dt_index_available(n))
			continue;
		add_memory_node(bt, n->offset);
	}
}

static int add_kernel_image(struct sm_boot *bt)
{
	struct sm_board *b = bt->b;
	uint64_t base = b->kernel_base, size = b->kernel_size;
	int idx, err;

	if (!b->memblock.memory.cnt) {
		base = b->profile->kernel_image_base;
		size = b->profile->kernel_image_end - base;
	}
	bt->kernel_end = base + size;
	sm_boot_memblock_reserve(&b->memblock, base, size, 0);
	err = sm_boot_rmem_add_region(bt, -1, "kernel", &idx);
	if (err)
		return err;
	b->regions[idx].kind = SM_REGION_KERNEL_IMAGE;
	b->regions[idx].base = base;
	b->regions[idx].size = size;
	b->regions[idx].status = SM_STATUS_PLACED;
	b->regions[idx].seq = bt->seq++;
	return 0;
}

/* arm64_memblock_init() */
static int arm64_memblock_init(struct sm_boot *bt)
{
	struct sm_memblock *mb = &bt->b->memblock;
	uint64_t memstart;
	int err;

	sm_boot_memblock_remove(mb, 1ULL << PA_BITS, UINT64_MAX);
	memstart = sm_round_down(sm_boot_memblock_start_of_dram(mb),
				 1ULL << 30);
	if (mb->memory.cnt &&
	    sm_boot_memblock_end_of_dram(mb) - memstart > LINEAR_REGION_SIZE)
		sm_dt_warn(&bt->b->warnings,
			   "memory does not fit in the linear mapping: the kernel drops what lies beyond");
	sm_boot_memblock_remove(mb, memstart + LINEAR_REGION_SIZE, UINT64_MAX);
	if (bt->memory_limit != SM_PHYS_ADDR_MAX && mb->memory.cnt) {
		/* mem=: cap RAM, then add back the image the loader placed */
		uint64_t text = sm_round_down(bt->b->kernel_base, 0x10000);
		uint64_t end = bt->b->kernel_base + bt->b->kernel_size;

		sm_boot_memblock_mem_limit_remove_map(mb, bt->memory_limit);
		sm_boot_memblock_add(mb, text, end - text);
	}
	sm_boot_loader_reserve_initrd(bt);
	err = add_kernel_image(bt);
	if (err)
		return err;
	return sm_boot_rmem_early_scan(bt);
}

/* arch_numa_init() without a NUMA description: one fake node 0 */
static void numa_init(struct sm_boot *bt)
{
	struct sm_memblock *mb = &bt->b->memblock;
	uint64_t start = sm_boot_memblock_start_of_dram(mb);
	uint64_t end = sm_boot_memblock_end_of_dram(mb);

	if (!mb->memory.cnt)
		return;
	sm_boot_log(bt, SM_MSG_NUMA_FAKING, start, end - 1);
	sm_boot_memblock_set_node(mb, start, end - start, 0);
	sm_boot_env_numa_init(bt);
}

/*
 * bootmem_init() and what 7.x moved around it: the CMA areas, the memory
 * map and the zones, in each kernel's order (extra_cma.c has the table).
 */
static int bootmem_init(struct sm_boot *bt)
{
	bool cma_first = bt->b->profile->cma_reserve_before_zones;
	int err;

	numa_init(bt);
	sm_boot_zones_compute(bt);
	if (!bt->b->profile->hugetlb_cma_after_default)
		sm_boot_hugetlb_cma_reserve(bt);
	if (bt->b->profile->numa_cma == SM_NUMA_CMA_PERNUMA_EARLY)
		sm_boot_numa_cma_reserve(bt);
	if (cma_first) {
		err = sm_boot_dma_contiguous_reserve(bt, bt->b->dma_phys_limit);
		if (err)
			return err;
		if (bt->b->profile->numa_cma == SM_NUMA_CMA_AFTER_DEFAULT)
			sm_boot_numa_cma_reserve(bt);
		if (bt->b->profile->hugetlb_cma_after_default)
			sm_boot_hugetlb_cma_reserve(bt);
	}
	if (cma_first)
		return 0; /* 7.x: the memory map and the zones come later */
	sm_boot_env_sparse_init(bt);
	if (bt->b->memblock.memory.cnt)
		sm_boot_zones_print(bt);
	return sm_boot_dma_contiguous_reserve(bt, bt->b->dma_phys_limit);
}

static int run(struct sm_boot *bt)
{
	int err;

	scan_root(bt);
	err = sm_boot_loader_setup_memory(bt);
	if (err)
		return err;
	sm_boot_loader_place(bt);
	err = sm_boot_parse_early_params(bt);
	if (err)
		return err;
	err = arm64_memblock_init(bt);
	if (err)
		return err;
	sm_boot_env_paging_init(bt);
	err = sm_boot_rmem_late_scan(bt);
	if (err)
		return err;
	sm_boot_env_unflatten(bt);
	err = bootmem_init(bt);
	if (err)
		return err;
	sm_boot_env_late_init(bt);
	sm_boot_env_free_initmem(bt);
	return 0;
}

static int board_new(const struct sm_dt *dt, const struct sm_boot_options *o,
		     const struct sm_boot_env *env, struct sm_board **out,
		     struct sm_diag *diag)
{
	const struct sm_profile *p = o->profile ? o->profile :
						  sm_boot_profile_default();
	struct sm_board *b;

	if (o->pageblock_order >= 0 &&
	    (o->pageblock_order < 1 || o->pageblock_order > (int)p->max_order))
		return sm_dt_diag_set(diag, -EINVAL,
				      "--pageblock-order %d: must be 1..%u for %s",
				      o->pageblock_order, p->max_order, p->name);
	b = calloc(1, sizeof(*b));
	if (!b)
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	b->profile = p;
	b->page_shift = env && env->page_shift ? env->page_shift :
						 p->page_shift;
	/* pageblock_order: HPAGE_PMD_ORDER, as Debian's kernels have it */
	b->pageblock_order = o->pageblock_order >= 0 ?
			     (unsigned int)o->pageblock_order :
			     b->page_shift != p->page_shift ?
			     b->page_shift - 3 : p->pageblock_order;
	b->dt = dt;
	b->default_cma = -1;
	if (env)
		b->env = *env;
	else
		sm_boot_env_init(&b->env);
	b->env.cmdline = NULL;	/* b->cmdline holds it */
	if (o->cmdline)
		b->env.cmdline_src = SM_ENV_OPTION;
	b->cmdline = strdup(o->cmdline ? o->cmdline :
			    env && env->cmdline ? env->cmdline :
						  sm_dt_bootargs(dt));
	if (!o->cmdline && !(env && env->cmdline))
		b->env.cmdline_src = SM_ENV_DT;
	if (!b->cmdline || sm_boot_memblock_init(&b->memblock)) {
		sm_boot_board_free(b);
		return sm_dt_diag_set(diag, -ENOMEM, "out of memory");
	}
	*out = b;
	return 0;
}

int sm_boot_board_boot(const struct sm_dt *dt,
		       const struct sm_boot_options *opts,
		       struct sm_board **out, struct sm_diag *diag)
{
	return sm_boot_board_boot_env(dt, opts, NULL, out, diag);
}

int sm_boot_board_boot_env(const struct sm_dt *dt,
			   const struct sm_boot_options *opts,
			   const struct sm_boot_env *env, struct sm_board **out,
			   struct sm_diag *diag)
{
	static const struct sm_boot_options defaults = { NULL, NULL, -1 };
	struct sm_boot bt = { 0 };
	int err;

	err = board_new(dt, opts ? opts : &defaults, env, &bt.b, diag);
	if (err)
		return err;
	bt.fdt = dt->blob;
	err = sm_dt_index_build(dt->blob, &bt.idx);
	if (!err)
		err = run(&bt);
	sm_dt_index_free(&bt.idx);
	free(bt.rmem);
	if (err) {
		sm_boot_board_free(bt.b);
		if (bt.oops)
			return sm_dt_diag_set(diag, err, "%s: %s", dt->path, bt.oops);
		return sm_dt_diag_set(diag, err, "%s: out of memory", dt->path);
	}
	*out = bt.b;
	return 0;
}

void sm_boot_board_free(struct sm_board *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nmsgs; i++)
		free(b->msgs[i].text);
	for (size_t i = 0; i < b->nregions; i++)
		free(b->regions[i].alloc_ranges);
	free(b->msgs);
	free(b->regions);
	free(b->cma);
	free(b->overlaps);
	free(b->cmdline);
	sm_boot_memblock_release(&b->memblock);
	sm_dt_warnings_free(&b->warnings);
	sm_dt_warnings_free(&b->assumptions);
	free(b);
}
