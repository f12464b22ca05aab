/* SPDX-License-Identifier: MIT */
/*
 * board.h - the booted memory map of a board: what the real arm64 Linux
 * kernel does with a device tree and a command line during early boot.
 *
 * sm_boot_board_boot() runs the model of early memory setup for one kernel
 * profile: memory nodes into memblock, the boot loader's kernel image and
 * DTB, /memreserve/, /reserved-memory (static and dynamic regions and
 * their handlers: CMA, DMA pools, restricted pools), the cma= parameter
 * and the default CMA area, the zones and the early memory node ranges.
 * The result is plain data: the regions, the CMA areas, memblock as the
 * kernel leaves it, the zones, and every message the kernel prints.
 */
#ifndef SOCMEM_BOARD_H
#define SOCMEM_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <socmem/diag.h>
#include <socmem/dt.h>
#include <socmem/outcome.h>
#include <socmem/profile.h>

/* ---- memblock ------------------------------------------------------ */

/* memblock region flags, with the kernel's values */
#define SM_MEMBLOCK_HOTPLUG 0x1
#define SM_MEMBLOCK_MIRROR 0x2
#define SM_MEMBLOCK_NOMAP 0x4
#define SM_MEMBLOCK_DRIVER_MANAGED 0x8
#define SM_MEMBLOCK_RSRV_NOINIT 0x10
#define SM_MEMBLOCK_RSRV_KERN 0x20

/**
 * struct sm_memblock_region - one range of a memblock type
 * @base: first byte
 * @size: length in bytes (never 0 in a non-empty type)
 * @flags: SM_MEMBLOCK_* flags
 * @nid: NUMA node (-1 until the node is set up)
 */
struct sm_memblock_region {
	uint64_t base;
	uint64_t size;
	unsigned int flags;
	int nid;
};

/**
 * struct sm_memblock_type - a sorted, merged array of regions, as the
 * kernel keeps memblock.memory and memblock.reserved
 */
struct sm_memblock_type {
	struct sm_memblock_region *regions;
	size_t cnt;
	size_t max;
	uint64_t total_size;
};

/**
 * struct sm_memblock - the early allocator's state
 * @memory: every RAM range (NOMAP ranges stay here, flagged)
 * @reserved: every reserved range
 * @bottom_up: allocation direction (false: top-down, the arm64 default)
 * @current_limit: upper bound for "accessible" allocations
 */
struct sm_memblock {
	struct sm_memblock_type memory;
	struct sm_memblock_type reserved;
	bool bottom_up;
	uint64_t current_limit;
};

/* ---- regions ------------------------------------------------------- */

/**
 * enum sm_region_kind - what a region is
 * @SM_REGION_CARVEOUT: a /reserved-memory region no pool handler claimed
 * @SM_REGION_CMA: a shared-dma-pool + reusable region (a CMA area)
 * @SM_REGION_DMA_POOL: a shared-dma-pool without reusable (coherent pool)
 * @SM_REGION_RESTRICTED_POOL: a restricted-dma-pool region
 * @SM_REGION_DEFAULT_CMA: the default CMA area from cma= or Kconfig
 * @SM_REGION_MEMRESERVE: a /memreserve/ entry of the DTB header
 * @SM_REGION_KERNEL_IMAGE: the kernel image the boot loader placed
 */
enum sm_region_kind {
	SM_REGION_CARVEOUT,
	SM_REGION_CMA,
	SM_REGION_DMA_POOL,
	SM_REGION_RESTRICTED_POOL,
	SM_REGION_DEFAULT_CMA,
	SM_REGION_MEMRESERVE,
	SM_REGION_KERNEL_IMAGE,
	SM_REGION_KIND_COUNT,
};

/**
 * enum sm_region_status - what became of a region
 * @SM_STATUS_PLACED: reserved (or allocated) and kept
 * @SM_STATUS_FAILED: the kernel could not reserve or allocate it
 * @SM_STATUS_DISABLED: its status property says it is not available
 * @SM_STATUS_BYPASSED: a linux,cma-default region that cma= overrode
 * @SM_STATUS_UNMATCHED: reserved, but its handler failed ("compatible
 *	matching fail"), so the kernel gave the memory back
 */
enum sm_region_status {
	SM_STATUS_PLACED,
	SM_STATUS_FAILED,
	SM_STATUS_DISABLED,
	SM_STATUS_BYPASSED,
	SM_STATUS_UNMATCHED,
	SM_STATUS_COUNT,
};

/* region flags: what the node says */
#define SM_RF_NOMAP 0x01       /* no-map */
#define SM_RF_REUSABLE 0x02    /* reusable */
#define SM_RF_DYNAMIC 0x04     /* placed by size (not reg) */
#define SM_RF_CMA_DEFAULT 0x08 /* linux,cma-default */
#define SM_RF_DMA_DEFAULT 0x10 /* linux,dma-default */
#define SM_RF_FIXED 0x20       /* default CMA at a fixed base (cma=S@B) */

/**
 * struct sm_addr_range - a [base, base + size) range from a property
 */
struct sm_addr_range {
	uint64_t base;
	uint64_t size;
};

/**
 * struct sm_region - one region of the memory map
 * @name: the name the kernel prints (node name with unit address)
 * @path: full DT path, "" for regions that are not DT nodes
 * @node: FDT node offset, or -1
 * @phandle: the node's phandle, 0 if none
 * @kind: what it is
 * @status: what became of it
 * @flags: SM_RF_* flags
 * @base: first byte as placed (for a failed dynamic region: 0)
 * @size: bytes (for a failed dynamic region: the requested size)
 * @req_align: dynamic region: the alignment memblock was asked for
 * @alloc_ranges: dynamic region: the alloc-ranges windows (may be NULL)
 * @n_alloc_ranges: number of @alloc_ranges
 * @handler: compatible id of the handler that initialised it, or ""
 * @cma: index into sm_board.cma of its CMA area, or -1
 * @seq: order in which the kernel finished with it (0-based)
 * @outcome: what the kernel did with it and why (socmem/outcome.h);
 *	every layer above boot reads this rather than a kernel rule
 */
struct sm_region {
	char name[64];
	char path[256];
	int node;
	uint32_t phandle;
	enum sm_region_kind kind;
	enum sm_region_status status;
	unsigned int flags;
	uint64_t base;
	uint64_t size;
	uint64_t req_align;
	struct sm_addr_range *alloc_ranges;
	size_t n_alloc_ranges;
	char handler[32];
	int cma;
	int seq;
	struct sm_region_outcome outcome;
};

/**
 * struct sm_cma_area - one CMA area, as mm/cma.c records it
 * @name: the area's name (node name, or "reserved" for the default area)
 * @base: first byte
 * @size: bytes (a multiple of the pageblock size)
 * @order_per_bit: pages per bitmap bit, as an order
 * @region: index into sm_board.regions, or -1
 * @is_default: the default area (dma_contiguous_default_area)
 */
struct sm_cma_area {
	char name[64];
	uint64_t base;
	uint64_t size;
	unsigned int order_per_bit;
	int region;
	bool is_default;
};

/**
 * struct sm_overlap - one "OVERLAP DETECTED!" the kernel reports
 * @a: index into sm_board.regions of the lower region (as sorted)
 * @b: index of the region it overlaps
 * @a_base: @a's range as reserved_mem[] holds it (what the kernel prints)
 * @a_size: its size
 * @b_base: @b's range as reserved_mem[] holds it
 * @b_size: its size
 */
struct sm_overlap {
	int a;
	int b;
	uint64_t a_base;
	uint64_t a_size;
	uint64_t b_base;
	uint64_t b_size;
};

/* ---- zones --------------------------------------------------------- */

enum sm_zone_id {
	SM_ZONE_DMA,
	SM_ZONE_DMA32,
	SM_ZONE_NORMAL,
	SM_ZONE_MOVABLE,
	SM_ZONE_DEVICE,
	SM_NR_ZONES,
};

/**
 * struct sm_zone_span - a zone's possible pfn range, [start, end)
 * @exists: the zone is configured in the profile
 */
struct sm_zone_span {
	uint64_t start_pfn;
	uint64_t end_pfn;
	bool exists;
};

/* ---- messages ------------------------------------------------------ */

enum sm_loglevel {
	SM_LOG_ERR = 3,
	SM_LOG_WARN = 4,
	SM_LOG_INFO = 6,
	SM_LOG_DEBUG = 7,
};

/**
 * struct sm_kmsg - one line the kernel prints
 * @text: the line, without newline
 * @level: its printk level
 * @memline: the oracle's memlines.sh keeps it (what --format log prints)
 */
struct sm_kmsg {
	char *text;
	enum sm_loglevel level;
	bool memline;
};

/* ---- the boot environment ----------------------------------------- */

/**
 * enum sm_loader - who starts the kernel, and so where its image, the DTB
 * and an initrd sit (docs/fidelity.md, "Boot environments")
 * @SM_LOADER_QEMU: QEMU's virt loader: RAM from the memory node, the
 *	image at DRAM + 2 MiB, the DTB at DRAM + min(RAM / 2, 128 MiB)
 * @SM_LOADER_UBOOT: U-Boot's booti without EFI: the image at its load
 *	address rounded up to 2 MiB, the initrd and then the DTB relocated
 *	top-down below initrd_high / fdt_high
 * @SM_LOADER_EFI: the kernel's EFI stub: RAM from the EFI memory map, the
 *	image and the stub's 2 MiB FDT copy in memory the firmware hands out,
 *	/memreserve/ deleted by the stub
 */
enum sm_loader {
	SM_LOADER_QEMU,
	SM_LOADER_UBOOT,
	SM_LOADER_EFI,
	SM_LOADER_COUNT,
};

/**
 * enum sm_env_source - where one setting of the environment came from,
 * in the order they override each other
 */
enum sm_env_source {
	SM_ENV_DEFAULT,
	SM_ENV_DT,
	SM_ENV_FILE,
	SM_ENV_LOG,
	SM_ENV_OPTION,
};

/* "the loader chooses": no fixed address */
#define SM_ENV_LOADER_CHOSEN UINT64_MAX
#define SM_ENV_MAX_BANKS 256
#define SM_ENV_MAX_RESERVED 32

/**
 * struct sm_env_range - a range of the environment
 * @nomap: (banks) memory the kernel maps as NOMAP: EFI runtime services
 *	code and data, EFI reserved memory
 */
struct sm_env_range {
	uint64_t base;
	uint64_t size;
	bool nomap;
};

/**
 * struct sm_boot_env - how the board is started: an input of the model,
 * shown in every output. Each setting carries its source; a setting left
 * at SM_ENV_DEFAULT is filled from the DT or the loader's rule.
 * @loader: the loader model
 * @banks: RAM as the kernel receives it (EFI: the memory map's memory
 *	descriptors, NOMAP ones flagged); none: the DT's memory nodes
 * @banks_partial: the banks come from a log excerpt that starts inside
 *	its node ranges: RAM outside them is not known
 * @reserved: ranges the kernel reserves for the loader before
 *	/reserved-memory (EFI: its memory map, memory attributes table, ...)
 * @kernel_base: where the image the kernel reserves starts
 *	(SM_ENV_LOADER_CHOSEN: the loader's rule decides)
 * @kernel_size: bytes it reserves (0: the profile's image size)
 * @dtb_base: where the DTB the kernel reads sits (likewise)
 * @dtb_size: bytes the kernel reserves for it (0: the DTB's totalsize)
 * @initrd_base, @initrd_size: the initrd (size 0: none)
 * @fdt_high, @initrd_high: U-Boot's variables (SM_ENV_LOADER_CHOSEN: not
 *	set; UINT64_MAX - 1 stands for "0xffffffff...", no relocation)
 * @page_shift: the kernel's page size (0: the profile's, 4 KiB)
 * @cmdline: the command line (NULL: /chosen/bootargs)
 * @kaslr: the image is placed at random (no nokaslr, a seed available)
 * @release: the kernel release a log named ("" if none)
 * @machine: the machine model a log named ("" if none)
 * @from_log: the path of the log the environment came from, or NULL
 * @allow_no_ram: boot a board without RAM anyway (with a warning), for
 *	a comparison with a log that does not show the banks
 */
struct sm_boot_env {
	enum sm_loader loader;
	enum sm_env_source loader_src;
	struct sm_env_range banks[SM_ENV_MAX_BANKS];
	size_t nbanks;
	enum sm_env_source banks_src;
	bool banks_partial;
	struct sm_env_range reserved[SM_ENV_MAX_RESERVED];
	size_t nreserved;
	uint64_t kernel_base;
	uint64_t kernel_size;
	enum sm_env_source kernel_src;
	uint64_t dtb_base;
	uint64_t dtb_size;
	enum sm_env_source dtb_src;
	uint64_t initrd_base;
	uint64_t initrd_size;
	enum sm_env_source initrd_src;
	uint64_t fdt_high;
	uint64_t initrd_high;
	unsigned int page_shift;
	enum sm_env_source page_src;
	char *cmdline;
	enum sm_env_source cmdline_src;
	bool kaslr;
	char release[64];
	char machine[128];
	const char *from_log;
	bool allow_no_ram;
};

/** sm_boot_env_init() - every setting at its default (loader-chosen) */
void sm_boot_env_init(struct sm_boot_env *env);

/** sm_boot_env_release() - free what the environment holds (not itself) */
void sm_boot_env_release(struct sm_boot_env *env);

/**
 * sm_boot_env_load_file() - apply a board environment file (docs/env.md)
 * over @env: each key it sets gets source SM_ENV_FILE
 *
 * Return: 0; -ENOENT etc. (the file cannot be read); -EINVAL (a line it
 * cannot parse: @diag names file and line); -ENOMEM.
 */
int sm_boot_env_load_file(struct sm_boot_env *env, const char *path,
			  struct sm_diag *diag);

/**
 * sm_boot_log_text() - the text the kernel printed on a log line, past the
 * prefixes of the tools users copy logs from: "> " quotes, journalctl's
 * and syslog's "... host kernel: ", "<6>" levels, dmesg -x's "kern  :info  : ",
 * "[    0.000000] " and dmesg -T's "[Mon Dec  7 02:00:00 2026] " stamps,
 * dmesg's ISO stamps, and printk's caller id ("[    T0] ")
 *
 * Return: a pointer into @line (the caller drops a trailing '\r').
 */
const char *sm_boot_log_text(const char *line);

/**
 * sm_boot_env_from_log() - take what a real boot log shows over @env:
 * the memory ranges ("Early memory node ranges", EFI memory map), the
 * loader (EFI when it has "efi:" lines), the command line, the release
 * and the machine model
 *
 * Return: 0; -errno (unreadable); -ENODATA (the log shows no memory
 * ranges: @diag says so); -ENOMEM.
 */
int sm_boot_env_from_log(struct sm_boot_env *env, const char *path,
			 struct sm_diag *diag);

/**
 * sm_boot_env_parse_banks() - "BASE:SIZE[,BASE:SIZE...]" (sizes as in
 * memparse: 8G, 512M, 0x1000) into @env's banks, source @src
 *
 * Return: 0; -EINVAL (@diag says which bank); -E2BIG (too many).
 */
int sm_boot_env_parse_banks(struct sm_boot_env *env, const char *spec,
			    enum sm_env_source src, struct sm_diag *diag);

/**
 * sm_boot_env_set_page_size() - "4K", "16K" or "64K" (or the bytes)
 *
 * Return: 0; -EINVAL (another size).
 */
int sm_boot_env_set_page_size(struct sm_boot_env *env, const char *value,
			      enum sm_env_source src);

/** sm_boot_loader_name() - "qemu", "uboot", "efi" */
const char *sm_boot_loader_name(enum sm_loader loader);

/** sm_boot_loader_find() - the loader named @name, or -EINVAL */
int sm_boot_loader_find(const char *name);

/** sm_boot_env_source_name() - "default", "dt", "env file", "log", "option" */
const char *sm_boot_env_source_name(enum sm_env_source src);

/* ---- the board ----------------------------------------------------- */

/**
 * struct sm_cma_cmdline - the cma= parameter as the kernel parsed it
 * @given: cma= appeared (with a value) on the command line
 * @size: size_cmdline
 * @base: base_cmdline (0 if none)
 * @limit: limit_cmdline (0 if none)
 */
struct sm_cma_cmdline {
	bool given;
	uint64_t size;
	uint64_t base;
	uint64_t limit;
};

/**
 * struct sm_board - a booted board
 * @profile: the kernel modelled
 * @pageblock_order: effective pageblock order (profile or override)
 * @dt: the device tree (borrowed from the caller of sm_boot_board_boot())
 * @cmdline: the kernel command line used
 * @addr_cells: the root's #address-cells (1 if absent)
 * @size_cells: the root's #size-cells (1 if absent)
 * @memblock: memblock as it stands after early boot
 * @regions: @nregions regions, in the order the kernel saw them
 * @cma: @ncma CMA areas, in creation order
 * @default_cma: index into @cma of the default area, or -1
 * @overlaps: @noverlaps overlaps the kernel reported
 * @cma_cmdline: the cma= parameter
 * @dma_phys_limit: arm64_dma_phys_limit (top of the DMA zone)
 * @zone_dma_limit: the highest address of ZONE_DMA as kernel/dma sees it
 *	(6.12+ zone_dma_limit; 6.1 DMA_BIT_MASK(zone_dma_bits))
 * @atomic_pool_size: coherent_pool=, in bytes (0: the kernel's default)
 * @zones: each zone's span
 * @dtb_base: where the boot loader placed the DTB
 * @dtb_size: its size (fdt totalsize)
 * @possible_cpus: the CPUs the tree makes possible (arm64's smp_init_cpus)
 * @env: the boot environment used, every setting resolved (its sources
 *	say which came from the DT, a file, a log, an option or a default)
 * @page_shift: the kernel's page size, as a shift
 * @kernel_base: where the kernel image starts (_text)
 * @kernel_size: bytes of it the kernel reserves
 * @assumptions: what the model had to choose because the loader's choice
 *	cannot be known (KASLR, a placement no log shows): never an error
 * @msgs: @nmsgs kernel messages, in order
 * @warnings: odd input the kernel accepts (for stderr)
 * @rmem_unsupported: /reserved-memory exists but its #address-cells,
 *	#size-cells or ranges are not what the kernel accepts, so it
 *	ignores every region below it (none is in @regions)
 */
struct sm_board {
	const struct sm_profile *profile;
	unsigned int pageblock_order;
	const struct sm_dt *dt;
	char *cmdline;
	unsigned int addr_cells;
	unsigned int size_cells;
	struct sm_memblock memblock;
	struct sm_region *regions;
	size_t nregions;
	struct sm_cma_area *cma;
	size_t ncma;
	int default_cma;
	struct sm_overlap *overlaps;
	size_t noverlaps;
	struct sm_cma_cmdline cma_cmdline;
	uint64_t dma_phys_limit;
	uint64_t zone_dma_limit;
	uint64_t atomic_pool_size;
	struct sm_zone_span zones[SM_NR_ZONES];
	uint64_t dtb_base;
	uint64_t dtb_size;
	unsigned int possible_cpus;
	struct sm_boot_env env;
	unsigned int page_shift;
	uint64_t kernel_base;
	uint64_t kernel_size;
	struct sm_warnings assumptions;
	struct sm_kmsg *msgs;
	size_t nmsgs;
	struct sm_warnings warnings;
	bool rmem_unsupported;
};

/**
 * struct sm_boot_options - how to boot
 * @profile: the kernel, or NULL for sm_boot_profile_default()
 * @cmdline: replaces /chosen/bootargs when not NULL
 * @pageblock_order: overrides the profile's when >= 0 (the guide's
 *	Qualcomm kernel uses 10)
 */
struct sm_boot_options {
	const struct sm_profile *profile;
	const char *cmdline;
	int pageblock_order;
};

/**
 * sm_boot_board_boot() - run early memory setup of @opts->profile on @dt
 * @dt: the device tree; must outlive the board
 * @opts: options (NULL for defaults)
 * @out: receives the board
 * @diag: receives the reason on failure
 *
 * Input the kernel accepts, however odd, never fails: the board then
 * carries what the kernel prints, and @out->warnings says what was odd.
 *
 * Return: 0; -EINVAL (a pageblock order or page size out of range:
 * @diag says so); -ENODATA (no RAM: the memory nodes are empty and the
 * environment gives no banks; @diag names the remedy); -ENOMEM.
 */
int sm_boot_board_boot(const struct sm_dt *dt,
		       const struct sm_boot_options *opts,
		       struct sm_board **out, struct sm_diag *diag);

/**
 * sm_boot_board_boot_env() - sm_boot_board_boot() in a boot environment
 * @env: how the board is started (NULL: everything from the DT; the
 *	loader is QEMU's); @opts->cmdline, when set, wins over @env's
 *
 * Return: as sm_boot_board_boot().
 */
int sm_boot_board_boot_env(const struct sm_dt *dt,
			   const struct sm_boot_options *opts,
			   const struct sm_boot_env *env, struct sm_board **out,
			   struct sm_diag *diag);

/** sm_boot_board_free() - release a board (NULL is fine); not its tree. */
void sm_boot_board_free(struct sm_board *board);

/* ---- queries ------------------------------------------------------- */

/** sm_boot_region_kind_name() - "carveout", "cma", ... as in the JSON schema */
const char *sm_boot_region_kind_name(enum sm_region_kind kind);

/** sm_boot_region_status_name() - "placed", "failed", ... */
const char *sm_boot_region_status_name(enum sm_region_status status);

/** sm_boot_zone_name() - "DMA", "DMA32", "Normal", "Movable", "Device" */
const char *sm_boot_zone_name(enum sm_zone_id zone);

/** sm_boot_board_page_size() - bytes per page of the profile */
uint64_t sm_boot_board_page_size(const struct sm_board *board);

/** sm_boot_board_pageblock_bytes() - PAGE_SIZE << pageblock order */
uint64_t sm_boot_board_pageblock_bytes(const struct sm_board *board);

/**
 * sm_boot_board_find_region() - the region of a DT node, by path or by name
 *
 * Return: its index, or -ENOENT.
 */
int sm_boot_board_find_region(const struct sm_board *board, const char *name);

/**
 * sm_boot_board_region_by_phandle() - the region whose node has @phandle
 *
 * Return: its index, or -ENOENT.
 */
int sm_boot_board_region_by_phandle(const struct sm_board *board,
				    uint32_t phandle);

/**
 * sm_boot_board_find_cma() - a CMA area by name
 *
 * Return: its index, or -ENOENT.
 */
int sm_boot_board_find_cma(const struct sm_board *board, const char *name);

/**
 * sm_boot_board_ram_bytes() - total bytes of memblock.memory (NOMAP included)
 */
uint64_t sm_boot_board_ram_bytes(const struct sm_board *board);

/**
 * sm_boot_board_free_pages() - whole pages of mapped RAM that memblock holds
 * free at the end of boot: what memblock_free_all() gives the buddy
 * allocator, plus the init section given back afterwards
 */
uint64_t sm_boot_board_free_pages(const struct sm_board *board);

/**
 * sm_boot_board_init_pages() - pages of the kernel image's init section, which
 * free_initmem() gives back at the end of boot (they are part of
 * sm_boot_board_free_pages() but not yet free while initcalls run)
 */
uint64_t sm_boot_board_init_pages(const struct sm_board *board);

/**
 * sm_boot_board_is_reserved() - does [base, base+size) overlap a reserved or
 * NOMAP range (memory the buddy allocator never sees)?
 */
bool sm_boot_board_is_reserved(const struct sm_board *board, uint64_t base,
			       uint64_t size);

#endif /* SOCMEM_BOARD_H */
