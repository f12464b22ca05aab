// SPDX-License-Identifier: MIT
/*
 * loader.c - where the boot loader puts the kernel image, the DTB and an
 * initrd, and the RAM it tells the kernel about, for each loader model.
 * docs/fidelity.md ("Boot environments") states each rule and its source.
 *
 * qemu   QEMU's virt loader (hw/arm/boot.c): RAM from the memory node;
 *        the image at DRAM + 2 MiB (its text offset); the initrd at DRAM +
 *        min(RAM / 2, 128 MiB) and the DTB after it, aligned up to 2 MiB,
 *        or at that spot itself with no initrd.
 * uboot  U-Boot's booti without EFI (arch/arm/lib/image.c booti_setup(),
 *        boot/image-board.c boot_ramdisk_high(), boot/image-fdt.c
 *        boot_relocate_fdt()): the image at its load address rounded up
 *        to 2 MiB (Image header flag bit 3, "anywhere", set by every
 *        kernel since 3.17; text_offset 0 since 5.8); then the initrd and
 *        then the DTB (grown by CONFIG_SYS_FDT_PAD, 12 KiB) each go
 *        top-down, 4 KiB aligned, below initrd_high / fdt_high, or stay
 *        where they were loaded when the variable is all ones. U-Boot's
 *        lmb keeps them off /memreserve/, every /reserved-memory reg
 *        region, the image, and U-Boot itself at the top of the first
 *        bank below 4 GiB.
 * efi    The kernel's EFI stub (drivers/firmware/efi/libstub/, efi-init.c):
 *        RAM is the EFI memory map (the stub deletes the memory nodes and
 *        every /memreserve/ entry); the image (2 MiB aligned) and the
 *        FDT copy (a 2 MiB allocation, 64 KiB aligned, the kernel reserves
 *        its totalsize) come from the firmware's allocator, which never
 *        hands out its own carve-outs: modelled top-down in memory that
 *        is usable and outside /memreserve/ and every /reserved-memory reg.
 *
 * Whatever the environment states (a log, a file, an option) is taken as
 * is; only what it leaves "loader-chosen" is placed by these rules, and
 * each such choice is recorded as an assumption of the board.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "internal.h"

#define SZ_2M (2ULL << 20)
#define SZ_64K (64ULL << 10)
#define UBOOT_FDT_PAD 0x3000		/* CONFIG_SYS_FDT_PAD */
#define UBOOT_FOOTPRINT (32ULL << 20)	/* assumed: code, malloc, stack */
#define EFI_FDT_ALLOC SZ_2M		/* MAX_FDT_SIZE */

/* ---- a scratch allocator over "loader memory" ------------------------- */

/*
 * What the loader may hand out: usable RAM minus what it knows to be
 * taken. A small memblock of its own, so its top-down search is
 * memblock's.
 */
static int loader_mem_init(struct sm_boot *bt, struct sm_memblock *lm,
			   uint64_t ceiling)
{
	const struct sm_memblock_type *mem = &bt->b->memblock.memory;
	const struct sm_memblock_type *res = &bt->b->memblock.reserved;
	int n = fdt_num_mem_rsv(bt->fdt);

	if (sm_boot_memblock_init(lm))
		return -1;
	for (size_t i = 0; i < mem->cnt; i++)
		if (!(mem->regions[i].flags & SM_MEMBLOCK_NOMAP))
			sm_boot_memblock_add(lm, mem->regions[i].base,
					     mem->regions[i].size);
	if (ceiling)
		sm_boot_memblock_remove(lm, ceiling, UINT64_MAX - ceiling);
	for (size_t i = 0; i < res->cnt; i++)
		sm_boot_memblock_reserve(lm, res->regions[i].base,
					 res->regions[i].size, 0);
	for (int i = 0; i < n; i++) {
		uint64_t base, size;

		if (!fdt_get_mem_rsv(bt->fdt, i, &base, &size) && size)
			sm_boot_memblock_reserve(lm, base, size, 0);
	}
	/* every /reserved-memory node with a reg: the firmware's carve-outs */
	for (size_t i = 0; i < bt->idx.count; i++) {
		const struct sm_dt_node_info *nd = &bt->idx.nodes[i];
		const uint8_t *reg;
		unsigned int ac = bt->b->addr_cells, sc = bt->b->size_cells;
		int len, parent = fdt_parent_offset(bt->fdt, nd->offset);
		const char *pname = parent >= 0 ?
				    fdt_get_name(bt->fdt, parent, NULL) : NULL;

		if (nd->depth != 2 || !pname || strcmp(pname, "reserved-memory"))
			continue;
		reg = sm_dt_prop(bt->fdt, nd->offset, "reg", &len);
		for (; reg && ac + sc && len >= (int)(4 * (ac + sc));
		     reg += 4 * (ac + sc), len -= (int)(4 * (ac + sc))) {
			uint64_t base = sm_dt_read_cells(reg, ac);
			uint64_t size = sm_dt_read_cells(reg + 4 * ac, sc);

			if (size)
				sm_boot_memblock_reserve(lm, base, size, 0);
		}
	}
	return 0;
}

/* top-down in loader memory; 0 when nothing fits */
static uint64_t loader_alloc(struct sm_memblock *lm, uint64_t size,
			     uint64_t align, uint64_t limit)
{
	return sm_boot_memblock_alloc_range(lm, size, align, 0,
					    limit ? limit : SM_ALLOC_ANYWHERE, 0);
}

/* ---- the rules --------------------------------------------------------- */

static uint64_t image_size(struct sm_boot *bt)
{
	const struct sm_profile *p = bt->b->profile;

	if (bt->b->env.kernel_size)
		return bt->b->env.kernel_size;
	return p->kernel_image_end - p->kernel_image_base;
}

/* _stext lies this far into the loaded image (6.1: 64 KiB of header) */
static uint64_t stext_offset(struct sm_boot *bt)
{
	return bt->b->profile->kernel_image_base - 0x40200000;
}

/* top of the first bank, below 4 GiB: U-Boot's ram_top */
static uint64_t uboot_ram_top(struct sm_boot *bt)
{
	const struct sm_memblock_type *mem = &bt->b->memblock.memory;
	uint64_t top;

	if (!mem->cnt)
		return 0;
	top = mem->regions[0].base + mem->regions[0].size;
	for (size_t i = 1; i < mem->cnt && mem->regions[i].base == top; i++)
		top += mem->regions[i].size;
	if (top > SM_SZ_4G && mem->regions[0].base < SM_SZ_4G)
		top = SM_SZ_4G;
	return top;
}

static void assume(struct sm_boot *bt, const char *fmt, uint64_t a)
{
	sm_dt_warn(&bt->b->assumptions, fmt, a);
}

/* the command line says nokaslr (the stub and the kernel both look) */
static bool has_nokaslr(const struct sm_board *b)
{
	struct sm_cmdline cl;
	bool found = false;

	if (sm_dt_cmdline_parse(b->cmdline, &cl))
		return false;
	for (size_t i = 0; i < cl.count; i++)
		if (!strcmp(cl.params[i].name, "nokaslr"))
			found = true;
	sm_dt_cmdline_free(&cl);
	return found;
}

/* The kernel image: where it starts and how much the kernel reserves. */
static uint64_t kernel_base(struct sm_boot *bt, uint64_t *size)
{
	struct sm_board *b = bt->b;
	struct sm_boot_env *env = &b->env;
	uint64_t dram = sm_boot_memblock_start_of_dram(&b->memblock), base = 0;
	struct sm_memblock lm;

	*size = image_size(bt);
	if (env->kernel_base != SM_ENV_LOADER_CHOSEN)
		return env->kernel_base;
	switch (env->loader) {
	case SM_LOADER_QEMU:
		return dram + SZ_2M + stext_offset(bt);
	case SM_LOADER_UBOOT:
		assume(bt, "kernel image: U-Boot's kernel_addr_r is not known; assumed DRAM + 512 KiB, so booti runs the image at 0x%" PRIx64 " (rounded up to 2 MiB)",
		       sm_round_up(dram + 0x80000, SZ_2M));
		return sm_round_up(dram + 0x80000, SZ_2M) + stext_offset(bt);
	case SM_LOADER_EFI:
	default:
		break;
	}
	if (!loader_mem_init(bt, &lm, 0)) {
		base = loader_alloc(&lm, *size + stext_offset(bt), SZ_2M, 0);
		sm_boot_memblock_release(&lm);
	}
	if (!base) {
		assume(bt, "kernel image: no 2 MiB-aligned loader memory holds it; placed at DRAM + 2 MiB (0x%" PRIx64 ")",
		       dram + SZ_2M);
		return dram + SZ_2M + stext_offset(bt);
	}
	if (!has_nokaslr(b))
		assume(bt, "kernel image: the command line has no nokaslr, so the EFI stub places the image at random (with EFI_RNG_PROTOCOL); modelled at the top of loader memory, 0x%" PRIx64,
		       base);
	else
		assume(bt, "kernel image: where the firmware loaded it is not known; modelled at the top of loader memory, 0x%" PRIx64,
		       base);
	return base + stext_offset(bt);
}

static void place_uboot(struct sm_boot *bt, uint64_t *dtb, uint64_t dtb_size)
{
	struct sm_board *b = bt->b;
	struct sm_boot_env *env = &b->env;
	uint64_t top = uboot_ram_top(bt), limit;
	struct sm_memblock lm;

	if (loader_mem_init(bt, &lm, top > UBOOT_FOOTPRINT ?
				     top - UBOOT_FOOTPRINT : top))
		return;
	/* booti's image (booti_setup() runs before the relocations) */
	sm_boot_memblock_reserve(&lm, b->kernel_base, b->kernel_size, 0);
	if (env->initrd_size && env->initrd_high != UINT64_MAX - 1) {
		limit = env->initrd_high == SM_ENV_LOADER_CHOSEN ? 0 :
			env->initrd_high;
		env->initrd_base = loader_alloc(&lm, env->initrd_size, 4096,
						limit);
		if (!env->initrd_src)
			env->initrd_src = SM_ENV_DEFAULT;
	} else if (env->initrd_size) {
		sm_boot_memblock_reserve(&lm, env->initrd_base,
					 env->initrd_size, 0);
	}
	if (env->fdt_high == UINT64_MAX - 1 &&
	    env->dtb_base != SM_ENV_LOADER_CHOSEN) {
		*dtb = env->dtb_base;	/* fdt_high=0xffffffff: in place */
	} else {
		limit = env->fdt_high == SM_ENV_LOADER_CHOSEN ||
				env->fdt_high == UINT64_MAX - 1 ? 0 :
			env->fdt_high;
		*dtb = loader_alloc(&lm, dtb_size, 4096, limit);
		assume(bt, "DTB: relocated by U-Boot top-down below its own image, assumed to take the top 32 MiB below ram_top (the first bank, under 4 GiB): 0x%" PRIx64,
		       *dtb);
	}
	sm_boot_memblock_release(&lm);
}

static uint64_t place_efi_fdt(struct sm_boot *bt)
{
	struct sm_memblock lm;
	uint64_t a = 0;

	if (loader_mem_init(bt, &lm, 0))
		return 0;
	a = loader_alloc(&lm, EFI_FDT_ALLOC, SZ_64K, 0);
	sm_boot_memblock_release(&lm);
	assume(bt, "DTB: the EFI stub's copy (2 MiB from the firmware's allocator) is modelled at the top of loader memory, 0x%" PRIx64,
	       a);
	return a;
}

/*
 * setup_machine_fdt(), efi_init(): the DTB, and (EFI) the firmware's
 * tables, reserved before anything else.
 */
static void place_dtb(struct sm_boot *bt)
{
	struct sm_board *b = bt->b;
	struct sm_boot_env *env = &b->env;
	uint64_t ram = b->memblock.memory.total_size, dtb = 0;
	uint64_t size = env->dtb_size ? env->dtb_size : b->dt->size;

	if (!b->memblock.memory.cnt)
		return;
	if (env->loader == SM_LOADER_EFI)
		for (size_t i = 0; i < env->nreserved; i++)
			sm_boot_memblock_reserve(&b->memblock, env->reserved[i].base,
						 env->reserved[i].size, 0);
	if (env->dtb_base != SM_ENV_LOADER_CHOSEN &&
	    !(env->loader == SM_LOADER_UBOOT && env->fdt_high != UINT64_MAX - 1 &&
	      env->dtb_src != SM_ENV_LOG)) {
		dtb = env->dtb_base;
	} else if (env->loader == SM_LOADER_UBOOT) {
		size += UBOOT_FDT_PAD;
		place_uboot(bt, &dtb, size);
	} else if (env->loader == SM_LOADER_EFI) {
		dtb = place_efi_fdt(bt);
	} else if (env->initrd_size) {
		/* QEMU: the initrd at that spot, the DTB after it, 2 MiB up */
		dtb = sm_round_up(env->initrd_base + env->initrd_size, SZ_2M);
	} else {
		uint64_t off = ram / 2 < 128 * SM_SZ_1M ? ram / 2 :
							 128 * SM_SZ_1M;

		dtb = sm_round_up(sm_boot_memblock_start_of_dram(&b->memblock) + off,
				  4096);
	}
	b->dtb_base = dtb;
	b->dtb_size = size;
	env->dtb_base = dtb;
	env->dtb_size = size;
	if (dtb)
		sm_boot_memblock_reserve(&b->memblock, dtb, size, 0);
}

/*
 * Where the loader put everything: U-Boot and QEMU place the image first
 * (the DTB and initrd then avoid it); the EFI stub allocates the FDT copy
 * last, but its image is modelled below the FDT so neither is moved by
 * the other. The kernel's own reservation of the image comes later, in
 * arm64_memblock_init().
 */
void sm_boot_loader_place(struct sm_boot *bt)
{
	struct sm_board *b = bt->b;

	if (!b->memblock.memory.cnt)
		return;
	if (b->env.banks_partial)
		assume(bt, "the banks are the node ranges of a log excerpt that starts without its 'Early memory node ranges' line (%" PRIu64 " ranges): RAM outside them is not known",
		       (uint64_t)b->env.nbanks);
	if (b->env.loader == SM_LOADER_EFI) {
		place_dtb(bt);
		b->kernel_base = kernel_base(bt, &b->kernel_size);
	} else {
		b->kernel_base = kernel_base(bt, &b->kernel_size);
		place_dtb(bt);
	}
	b->env.kernel_base = b->kernel_base;
	b->env.kernel_size = b->kernel_size;
}

/* arm64_memblock_init(): the initrd, kept mapped and reserved */
void sm_boot_loader_reserve_initrd(struct sm_boot *bt)
{
	struct sm_boot_env *env = &bt->b->env;
	struct sm_memblock *mb = &bt->b->memblock;
	uint64_t base = sm_round_down(env->initrd_base, 4096);
	uint64_t end = sm_round_up(env->initrd_base + env->initrd_size, 4096);

	if (!env->initrd_size || !env->initrd_base)
		return;
	sm_boot_memblock_add(mb, base, end - base);
	sm_boot_memblock_clear_nomap(mb, base, end - base);
	sm_boot_memblock_reserve(mb, base, end - base, 0);
}

/* /chosen linux,initrd-start/-end: 32 or 64 bits each */
static void dt_initrd(struct sm_boot *bt)
{
	struct sm_boot_env *env = &bt->b->env;
	int chosen = sm_boot_find_node(bt, "/chosen"), l1, l2;
	const void *s, *e;
	uint64_t start, end;

	if (chosen < 0 || env->initrd_src != SM_ENV_DEFAULT)
		return;
	s = sm_dt_prop(bt->fdt, chosen, "linux,initrd-start", &l1);
	e = sm_dt_prop(bt->fdt, chosen, "linux,initrd-end", &l2);
	if (!s || !e || (l1 != 4 && l1 != 8) || (l2 != 4 && l2 != 8))
		return;
	start = sm_dt_read_cells(s, (unsigned int)l1 / 4);
	end = sm_dt_read_cells(e, (unsigned int)l2 / 4);
	if (end <= start)
		return;
	env->initrd_base = start;
	env->initrd_size = end - start;
	env->initrd_src = SM_ENV_DT;
}

/* does any memory node have a reg entry with a size? (nothing logged) */
static bool dt_has_ram(struct sm_boot *bt)
{
	unsigned int ac = bt->b->addr_cells, sc = bt->b->size_cells;
	const struct sm_dt_index *idx = &bt->idx;

	if (!idx->count || !sc)
		return false;
	for (int i = idx->nodes[0].first_child; i >= 0;
	     i = idx->nodes[i].next_sibling) {
		const struct sm_dt_node_info *n = &idx->nodes[i];
		const uint8_t *reg;
		int len;

		if (!n->device_type || n->device_type_len < 7 ||
		    memcmp(n->device_type, "memory", 7))
			continue;
		reg = sm_dt_prop(bt->fdt, n->offset, "reg", &len);
		for (; reg && len >= (int)(4 * (ac + sc));
		     reg += 4 * (ac + sc), len -= (int)(4 * (ac + sc)))
			if (sm_dt_read_cells(reg + 4 * ac, sc))
				return true;
	}
	return false;
}

/* the banks as memblock holds them, for the output */
static void record_banks(struct sm_boot *bt, enum sm_env_source src)
{
	const struct sm_memblock_type *mem = &bt->b->memblock.memory;
	struct sm_boot_env *env = &bt->b->env;

	env->nbanks = 0;
	for (size_t i = 0; i < mem->cnt && i < SM_ENV_MAX_BANKS; i++)
		env->banks[env->nbanks++] = (struct sm_env_range){
			mem->regions[i].base, mem->regions[i].size, false };
	env->banks_src = src;
}

/*
 * The RAM the kernel is told about: the environment's banks (an EFI map
 * with its NOMAP ranges, a log's node ranges, --memory) or else the DT's
 * memory nodes; and the loader, when nothing names it: QEMU's where the
 * DT has RAM, EFI's where a loader must have filled it in.
 */
int sm_boot_loader_setup_memory(struct sm_boot *bt)
{
	struct sm_board *b = bt->b;
	struct sm_boot_env *env = &b->env;

	if (env->nbanks) {
		struct sm_memblock *mb = &b->memblock;

		for (size_t i = 0; i < env->nbanks; i++)
			sm_boot_add_memory(bt, env->banks[i].base,
					   env->banks[i].size);
		for (size_t i = 0; i < env->nbanks; i++)
			if (env->banks[i].nomap)
				sm_boot_memblock_mark_nomap(mb, env->banks[i].base,
							    env->banks[i].size);
		if (env->loader_src == SM_ENV_DEFAULT) {
			env->loader = dt_has_ram(bt) ? SM_LOADER_QEMU :
						       SM_LOADER_EFI;
			if (env->loader == SM_LOADER_EFI)
				sm_dt_warn(&b->assumptions,
					   "loader: not given, and the DT's memory nodes are empty (a boot loader fills them in): modelled as the EFI stub; --loader uboot|qemu|efi to choose");
		}
	} else {
		sm_boot_scan_memory(bt);
		record_banks(bt, SM_ENV_DT);
	}
	if (!b->memblock.memory.cnt && env->allow_no_ram) {
		sm_dt_warn(&b->warnings,
			   "no memory node with a usable reg: the kernel has no RAM to work with");
		return 0;
	}
	if (!b->memblock.memory.cnt) {
		bt->oops = "the board has no RAM: its memory nodes are empty or size 0 (the boot loader fills them in). Give the RAM and the loader: --memory BASE:SIZE[,...] (e.g. --memory 0x80000000:8G) with --loader efi|uboot|qemu, an environment file (--env FILE), or a real boot log (--env-from LOG)";
		return -ENODATA;
	}
	dt_initrd(bt);
	return 0;
}
