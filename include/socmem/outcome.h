/* SPDX-License-Identifier: MIT */
/*
 * outcome.h - what the modelled kernel did with each region, and why: the
 * record boot fills at the point where the kernel decides (reserve,
 * allocate, hand to a handler, take a CMA slot), with the kernel's own
 * numbers.
 *
 * Every other layer reads these records instead of applying a kernel rule
 * again: check turns them into findings, logdiff into the lines a log
 * must show, map and carve into the extent a region claims. A rule fixed
 * in boot is then fixed everywhere (docs/boot.md, "Region outcomes").
 */
#ifndef SOCMEM_OUTCOME_H
#define SOCMEM_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

/**
 * enum sm_reg_read - how the kernel read a node's reg property
 * @SM_REG_ABSENT: no reg (a dynamic node, or not a DT node at all)
 * @SM_REG_VALID: whole (address, size) entries: a static region
 * @SM_REG_EMPTY: present but empty (6.x): nothing is reserved; 6.12's
 *	late pass still records the bytes that follow the property
 * @SM_REG_BAD_LENGTH: not a whole number of entries (6.x): the kernel
 *	prints "invalid reg property" and skips the node
 * @SM_REG_IGNORED: empty or not whole entries (7.x, the v6.19 helper):
 *	read as if there were no reg at all
 */
enum sm_reg_read {
	SM_REG_ABSENT,
	SM_REG_VALID,
	SM_REG_EMPTY,
	SM_REG_BAD_LENGTH,
	SM_REG_IGNORED,
};

/**
 * enum sm_why - the kernel's reason for what became of a region; the
 * first reason it gave up is kept (a 6.1 reg of size 0 that is then
 * allocated by its size property stays SM_WHY_SIZE_ZERO)
 * @SM_WHY_NONE: placed as asked (or never looked at: disabled)
 * @SM_WHY_NO_WINDOW: memblock found no free range of @size at @align
 *	inside [@win_start, @win_end) (every alloc-ranges window tried;
 *	@win_end 0: anywhere)
 * @SM_WHY_COLLISION: a static no-map region whose range was already
 *	reserved: [@hit_base, +@hit_size) of memblock.reserved, which is
 *	region @other, or the DTB (@hit_dtb), or neither (-1)
 * @SM_WHY_SIZE_ZERO: a static reg entry of size 0
 * @SM_WHY_BAD_PROPERTY: the kernel dropped the node for property @prop
 * @SM_WHY_TOO_MANY_DYNAMIC: one dynamic region more than the early pass
 *	can hold ("too many defined dynamic regions")
 * @SM_WHY_NO_RECORD: reserved_mem[] was full ("not enough space")
 * @SM_WHY_HANDLER: a handler rejected the region ("compatible matching
 *	fail"); its memory went back
 * @SM_WHY_NOT_ALIGNED: the CMA handler rejected it: base or size not a
 *	multiple of @align (the pageblock size)
 * @SM_WHY_NO_CMA_SLOT: it would have been CMA area #@slot, but the
 *	kernel has @slots ("Not enough slots")
 * @SM_WHY_CMDLINE_BYPASS: a linux,cma-default pool that cma= replaced:
 *	reserved, then its handler said "bypass" and gave it back (6.x)
 * @SM_WHY_CMDLINE_SKIP: the same, skipped before reserving (7.x)
 * @SM_WHY_EXCEEDS_LIMIT: the default CMA area at a fixed base ends past
 *	its limit @win_end
 * @SM_WHY_BASE_NOT_ALIGNED: the default CMA area's fixed base is not a
 *	multiple of @align
 * @SM_WHY_BUSY: the default CMA area's fixed range is already reserved
 * @SM_WHY_INVALID: the default CMA area's request itself is invalid
 *	(size 0, alignment not a power of two, size not whole bitmap bits)
 */
enum sm_why {
	SM_WHY_NONE,
	SM_WHY_NO_WINDOW,
	SM_WHY_COLLISION,
	SM_WHY_SIZE_ZERO,
	SM_WHY_BAD_PROPERTY,
	SM_WHY_TOO_MANY_DYNAMIC,
	SM_WHY_NO_RECORD,
	SM_WHY_HANDLER,
	SM_WHY_NOT_ALIGNED,
	SM_WHY_NO_CMA_SLOT,
	SM_WHY_CMDLINE_BYPASS,
	SM_WHY_CMDLINE_SKIP,
	SM_WHY_EXCEEDS_LIMIT,
	SM_WHY_BASE_NOT_ALIGNED,
	SM_WHY_BUSY,
	SM_WHY_INVALID,
	SM_WHY_COUNT,
};

/**
 * struct sm_region_outcome - what the kernel did with one region, and why
 * @why: the reason (SM_WHY_NONE when placed as asked)
 * @reg: how the kernel read the node's reg property
 * @reg_base: a static region: the reg entry's address as read
 * @reg_size: its size as read (64 bits, the kernel's width)
 * @size: the size asked for (a dynamic region's size property, the
 *	default CMA area's cma= or Kconfig size before rounding)
 * @align: the alignment asked of memblock, or the one a check wanted
 * @win_start: first byte of the window the allocation searched
 * @win_end: first byte past it (0: no limit)
 * @other: for SM_WHY_COLLISION, the region that holds the range; -1
 * @hit_base: for SM_WHY_COLLISION, the reserved range it ran into
 * @hit_size: its size
 * @hit_dtb: that range is the DTB the boot loader placed
 * @prop: the first property whose length the kernel refuses ("reg",
 *	"size", "alignment", "alloc-ranges"), or NULL; the node is dropped
 *	for it (@why is SM_WHY_BAD_PROPERTY) unless @prop_ignored
 * @prop_len: its length in bytes
 * @prop_want: the length the kernel wants (one entry's for reg and
 *	alloc-ranges)
 * @prop_ignored: the kernel reads @prop as absent and goes on (7.x)
 * @slot: for SM_WHY_NO_CMA_SLOT, the area number it would have had
 * @slots: how many CMA slots the kernel has
 * @recorded: the region has a record in reserved_mem[] (it takes part
 *	in the overlap check and, 6.3+, prints a summary line)
 * @rec_base: the record's base (6.12's empty reg: the bytes after it)
 * @rec_size: the record's size
 * @reported: the kernel printed a line for the failure (the default CMA
 *	area fails silently in 6.x when no slot is left)
 */
struct sm_region_outcome {
	enum sm_why why;
	enum sm_reg_read reg;
	uint64_t reg_base;
	uint64_t reg_size;
	uint64_t size;
	uint64_t align;
	uint64_t win_start;
	uint64_t win_end;
	int other;
	uint64_t hit_base;
	uint64_t hit_size;
	bool hit_dtb;
	const char *prop;
	int prop_len;
	unsigned int prop_want;
	bool prop_ignored;
	unsigned int slot;
	unsigned int slots;
	bool recorded;
	uint64_t rec_base;
	uint64_t rec_size;
	bool reported;
};

/** sm_boot_why_name() - "no-window", "collision", ... (stable, for JSON) */
const char *sm_boot_why_name(enum sm_why why);

#endif /* SOCMEM_OUTCOME_H */
