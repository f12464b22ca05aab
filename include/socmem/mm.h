/* SPDX-License-Identifier: MIT */
/*
 * mm.h - the running memory system: a booted board (board.h) turned into
 * physical memory with real contents, a buddy page allocator over its
 * zones with pageblock migratetypes, and its CMA areas, lent to movable
 * allocations while free and taken back by migration.
 *
 * Physical memory is one file descriptor (a memfd, or a file in a state
 * directory): the byte at physical address PA lives at file offset
 * sm_mm_phys_offset(sys, PA), so any set of frames can be mapped by
 * offset, zero-copy, in any process that has the fd. The file is sparse:
 * a 16 GiB board costs only the frames that were written.
 *
 * Not thread-safe: one caller at a time (the daemon serialises clients).
 * Every call returns 0 or a negative errno unless it says otherwise.
 */
#ifndef SOCMEM_MM_H
#define SOCMEM_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <socmem/board.h>

struct sm_system;
struct sm_cma;

/** enum sm_migratetype - the kernel's migrate types (MIGRATE_*) */
enum sm_migratetype {
	SM_MIGRATE_UNMOVABLE,
	SM_MIGRATE_MOVABLE,
	SM_MIGRATE_RECLAIMABLE,
	SM_MIGRATE_PCPTYPES,	/* number of the above */
	SM_MIGRATE_HIGHATOMIC = SM_MIGRATE_PCPTYPES,
	SM_MIGRATE_CMA,
	SM_MIGRATE_ISOLATE,
	SM_MIGRATE_TYPES,
};

/**
 * struct sm_page_owner - who holds a movable allocation, to be told when
 * migration moves it or swap takes it away
 * @moved: called after the contents of @order pages were copied from
 *	@old_pfn to @new_pfn; the old frames are already gone
 * @ctx: passed back to @moved and @evicted
 * @evicted: called when sm_mm_evict_pages() took the block away (swap
 *	out): the frames at @pfn are free again and @cookie is what the
 *	evicting caller passed (a swap slot, say); may be NULL, and then the
 *	block cannot be evicted
 *
 * The allocator keeps a copy (interned: allocations with equal owners
 * share one entry), so the struct itself need not outlive the call. The
 * callbacks must not call back into the allocator for the block they are
 * told about.
 */
struct sm_page_owner {
	void (*moved)(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		      unsigned int order);
	void *ctx;
	void (*evicted)(void *ctx, uint64_t pfn, unsigned int order,
			uint64_t cookie);
};

/**
 * struct sm_system_options - how to run a board
 * @backing_path: back physical memory with this file (created, sparse)
 *	instead of an anonymous memfd; NULL for a memfd
 */
struct sm_system_options {
	const char *backing_path;
};

/**
 * sm_mm_system_create() - bring a booted board up as a running system
 * @board: the booted board; must outlive the system
 * @opts: options, or NULL
 * @out: receives the system
 * @diag: receives the reason on failure
 *
 * Frees memblock's free memory into the buddy allocator the way the
 * kernel does at the end of boot (NOMAP holes and reserved ranges stay
 * out) and activates every CMA area (its pageblocks become MIGRATE_CMA).
 *
 * Return: 0; -EINVAL (no memory, or a pageblock order above max_order);
 * -E2BIG (memory spans 2^32 pages or more); -ENOMEM; the errno of
 * creating, sizing or mapping the backing file (@diag names it).
 */
int sm_mm_system_create(const struct sm_board *board,
			const struct sm_system_options *opts,
			struct sm_system **out, struct sm_diag *diag);

/** sm_mm_system_destroy() - release a system (NULL is fine) */
void sm_mm_system_destroy(struct sm_system *sys);

/** sm_mm_system_board() - the board a system runs */
const struct sm_board *sm_mm_system_board(const struct sm_system *sys);

/* ---- physical memory ------------------------------------------------ */

/** sm_mm_phys_fd() - the file descriptor holding physical memory */
int sm_mm_phys_fd(const struct sm_system *sys);

/**
 * sm_mm_phys_offset() - the offset in sm_mm_phys_fd() of physical
 * address @pa (a multiple of the page size for a page-aligned @pa)
 */
uint64_t sm_mm_phys_offset(const struct sm_system *sys, uint64_t pa);

/**
 * sm_mm_pfn_virt() - the frame's bytes, mapped in this process
 *
 * Return: a pointer valid while the system lives, or NULL for a pfn
 * outside memory.
 */
void *sm_mm_pfn_virt(struct sm_system *sys, uint64_t pfn);

/* ---- the page allocator ------------------------------------------- */

/**
 * sm_mm_alloc_pages() - allocate 2^@order contiguous pages
 * @sys: the system
 * @order: 0..profile->max_order
 * @mt: SM_MIGRATE_UNMOVABLE, _MOVABLE or _RECLAIMABLE
 * @highest_zone: the highest zone the pages may come from (SM_ZONE_DMA
 *	for a DMA allocation, SM_ZONE_NORMAL for anything; higher zones are
 *	treated as SM_ZONE_NORMAL: there is no ZONE_MOVABLE)
 * @owner: for a movable allocation, who to tell when it moves (may be
 *	NULL: then the pages are treated as pinned)
 * @pfn: receives the first page frame number
 *
 * Movable allocations may take CMA pageblocks, as the kernel's do.
 *
 * Return: 0; -ENOMEM (no block of that order in the allowed zones);
 * -EINVAL (bad order or migratetype).
 */
int sm_mm_alloc_pages(struct sm_system *sys, unsigned int order,
		      enum sm_migratetype mt, enum sm_zone_id highest_zone,
		      const struct sm_page_owner *owner, uint64_t *pfn);

/**
 * sm_mm_free_pages() - free what sm_mm_alloc_pages() returned
 *
 * Return: 0; -EINVAL (@pfn is not the start of an allocated block of
 * @order: a double free or a wrong order, detected and refused); -EBUSY
 * (the block is pinned: unpin it first).
 */
int sm_mm_free_pages(struct sm_system *sys, uint64_t pfn, unsigned int order);

/**
 * sm_mm_pin_pages() - pin (or unpin) an allocated block: a pinned page
 * cannot migrate, so a CMA allocation over it fails with -EBUSY. Pins
 * count: each pin needs its unpin.
 *
 * Return: 0; -EINVAL (not an allocated block, or unpin of an unpinned
 * block); -EOVERFLOW (2^32 - 1 pins).
 */
int sm_mm_pin_pages(struct sm_system *sys, uint64_t pfn, bool pin);

/**
 * sm_mm_migrate_pages() - move an allocated movable block elsewhere now
 * (what compaction or a CMA allocation does to it); the owner is told
 *
 * Return: 0; -EINVAL (@pfn is not an allocated block); -EBUSY (not
 * movable: no owner, pinned, unmovable); -ENOMEM (nowhere to move it).
 */
int sm_mm_migrate_pages(struct sm_system *sys, uint64_t pfn);

/**
 * sm_mm_evict_pages() - take a movable block away from its owner (swap
 * out): the block is freed and the owner's @evicted is called with
 * @cookie. The caller saves the contents first (sm_mm_pfn_virt()).
 *
 * Return: 0; -EINVAL (not an allocated block); -EBUSY (not movable, or
 * pinned); -EOPNOTSUPP (the owner has no @evicted).
 */
int sm_mm_evict_pages(struct sm_system *sys, uint64_t pfn, uint64_t cookie);

/**
 * struct sm_mm_zone_stats - one zone, as /proc/zoneinfo counts it
 * @start_pfn: first pfn of the span
 * @end_pfn: one past the last
 * @present: frames of memory in the span (NOMAP included)
 * @managed: frames the buddy allocator manages (CMA included)
 * @free: NR_FREE_PAGES (isolated pages excluded)
 * @free_cma: NR_FREE_CMA_PAGES
 * @cma: managed frames in CMA areas
 */
struct sm_mm_zone_stats {
	uint64_t start_pfn;
	uint64_t end_pfn;
	uint64_t present;
	uint64_t managed;
	uint64_t free;
	uint64_t free_cma;
	uint64_t cma;
};

/**
 * sm_mm_zone_stats() - the counters of @zone
 *
 * Return: 0; -EINVAL (no such zone).
 */
int sm_mm_zone_stats(const struct sm_system *sys, enum sm_zone_id zone,
		     struct sm_mm_zone_stats *st);

/**
 * sm_mm_metadata_bytes() - host memory the allocator's metadata takes
 * (memmap, pageblock types, CMA bitmaps, owners), not the page contents
 */
size_t sm_mm_metadata_bytes(const struct sm_system *sys);

/* ---- CMA ------------------------------------------------------------ */

/** sm_mm_cma_count() - number of CMA areas (the board's, in order) */
size_t sm_mm_cma_count(const struct sm_system *sys);

/** sm_mm_cma_at() - the @i-th area, or NULL */
struct sm_cma *sm_mm_cma_at(struct sm_system *sys, size_t i);

/** sm_mm_cma_find() - an area by name (e.g. "reserved", "my_cma"), or NULL */
struct sm_cma *sm_mm_cma_find(struct sm_system *sys, const char *name);

/** sm_mm_cma_default() - the default area (dma_contiguous_default_area) */
struct sm_cma *sm_mm_cma_default(struct sm_system *sys);

/** sm_mm_cma_name() - the area's name */
const char *sm_mm_cma_name(const struct sm_cma *cma);

/**
 * sm_mm_cma_alloc() - the kernel's cma_alloc(): @count contiguous pages
 * aligned to 2^@align pages, taken back from the buddy allocator by
 * isolating the range's pageblocks and migrating every movable page in it
 * @sys: the system
 * @cma: the area
 * @count: pages
 * @align: alignment order
 * @no_warn: do not log the failure message
 * @pfn: receives the first pfn
 *
 * Return: 0; -ENOMEM (no free window in the bitmap, or no memory to
 * migrate the pages in the way to); -EBUSY (every window held an
 * unmovable or pinned page); -EINVAL (@count 0, @align 64 or more). On
 * failure the profile's message ("cma: ... alloc failed, req-size: N
 * pages, ret: E" and, 6.12+, the available-pages dump) is added to the
 * system log; its "ret" is the kernel's, which on 7.2 is -16 also when
 * no window was free.
 */
int sm_mm_cma_alloc(struct sm_system *sys, struct sm_cma *cma, uint64_t count,
		    unsigned int align, bool no_warn, uint64_t *pfn);

/**
 * sm_mm_cma_release() - the kernel's cma_release()
 *
 * Return: 0; -EINVAL (the range is not inside the area or not allocated
 * by sm_mm_cma_alloc()); -EBUSY (a page of it is pinned).
 */
int sm_mm_cma_release(struct sm_system *sys, struct sm_cma *cma,
		      uint64_t pfn, uint64_t count);

/**
 * struct sm_cma_stats - an area as debugfs and sysfs show it
 * @base_pfn: first pfn
 * @count: pages in the area
 * @used: pages allocated through cma_alloc
 * @maxchunk: largest free run, in pages
 * @alloc_pages_success: sysfs counter (pages)
 * @alloc_pages_fail: sysfs counter (pages)
 * @release_pages_success: sysfs counter (pages; v6.12+)
 */
struct sm_cma_stats {
	uint64_t base_pfn;
	uint64_t count;
	uint64_t used;
	uint64_t maxchunk;
	uint64_t alloc_pages_success;
	uint64_t alloc_pages_fail;
	uint64_t release_pages_success;
};

/**
 * sm_mm_cma_sysfs_files() - the files of /sys/kernel/mm/cma/<area>/ this
 * kernel has (CONFIG_CMA_SYSFS), NULL-terminated; NULL without CMA sysfs
 */
const char *const *sm_mm_cma_sysfs_files(const struct sm_system *s);

/**
 * sm_mm_cma_sysfs_value() - the value of one of those files of area @c
 * Return: 0; -ENOENT when this kernel has no such file.
 */
int sm_mm_cma_sysfs_value(const struct sm_system *s, const struct sm_cma *c,
			  const char *file, uint64_t *v);

/** sm_mm_cma_stats() - the area's statistics into @st */
void sm_mm_cma_stats(const struct sm_cma *cma, struct sm_cma_stats *st);

/**
 * sm_mm_cma_bitmap_u32() - the area's allocation bitmap as CMA's debugfs
 * `bitmap` file shows it: 32-bit words, bit i of word w is bitmap bit
 * 32 * w + i (one bit per 2^order_per_bit pages, set = allocated)
 * @cma: the area
 * @words: where to put the words (may be NULL to count them)
 * @max: room in @words
 *
 * Return: the number of words the bitmap has (copies at most @max).
 */
size_t sm_mm_cma_bitmap_u32(const struct sm_cma *cma, uint32_t *words,
			    size_t max);

/** sm_mm_cma_order_per_bit() - pages per bitmap bit, as an order */
unsigned int sm_mm_cma_order_per_bit(const struct sm_cma *cma);

/* ---- swap ------------------------------------------------------------- */

/* swap areas at most: 7.2's MAX_SWAPFILES (32 swap types minus 3
 * migration, 1 hwpoison and 4 device-private ones); 6.1 and 6.12 allow 27 */
#define SM_MAX_SWAPFILES 24

/**
 * struct sm_swap_ops - the block device behind a swap area: slot N is the
 * device's page N (slot 0 holds the swap header); every call gets @ctx
 * @read: read slot @slot into @page (one page); 0 or a negative errno
 * @write: write @page to slot @slot; 0, or a negative errno (-ENOMEM,
 *	-EIO: the page stays in memory)
 * @free: swap_slot_free_notify(): the slot holds nothing any more
 * @release: swapoff is done: the device is no longer used as swap
 *	(may be NULL)
 */
struct sm_swap_ops {
	int (*read)(void *ctx, uint64_t slot, void *page);
	int (*write)(void *ctx, uint64_t slot, const void *page);
	void (*free)(void *ctx, uint64_t slot);
	void (*release)(void *ctx);
};

/**
 * struct sm_swap_device - a device offered to swapon
 * @name: the path /proc/swaps and the kernel log show ("/dev/zram0")
 * @pages: the device's size in pages
 * @ops: its operations
 * @ctx: passed to @ops
 * @block: a block device ("partition" in /proc/swaps), not a file
 * @solidstate: non-rotational (SWP_SOLIDSTATE: "SS" in the log)
 * @synchronous: SWP_SYNCHRONOUS_IO (zram): a page read back is not kept
 *	in the swap cache and its slot is freed at once
 */
struct sm_swap_device {
	const char *name;
	uint64_t pages;
	const struct sm_swap_ops *ops;
	void *ctx;
	bool block;
	bool solidstate;
	bool synchronous;
};

/**
 * sm_mm_swapon() - swapon(2): read the swap header in slot 0 (mkswap's
 * "SWAPSPACE2" page: version 1, last_page) and make the device a swap
 * area of @sys
 * @prio: priority 0..32767, or -1 for the kernel's default (-2, -3, ...
 *	in swapon order)
 *
 * Return: 0; -EINVAL (no signature, another header version, an empty or
 * too short area: the kernel's message is logged); -EBUSY (@dev->name is
 * already swap); -EPERM (SM_MAX_SWAPFILES areas already); -EIO (the
 * header could not be read); -ENOMEM.
 */
int sm_mm_swapon(struct sm_system *sys, const struct sm_swap_device *dev,
		 int prio);

/**
 * sm_mm_swapoff() - swapoff(2): bring every page in the area back into
 * memory, then forget the area (its @release is called)
 *
 * Return: 0; -EINVAL (@name is not a swap area); -ENOMEM (memory ran
 * out: the area stays in use, as the kernel's swapoff fails).
 */
int sm_mm_swapoff(struct sm_system *sys, const char *name);

/**
 * struct sm_swap_stats - swap as /proc/meminfo and /proc/vmstat count it
 * @total: usable slots of every area (SwapTotal, in pages)
 * @used: slots holding a page
 * @areas: swap areas
 * @pswpin: pages read back from swap
 * @pswpout: pages written to swap
 * @pgscan: pages the reclaim scanned
 * @pgsteal: pages it took (swapped out)
 * @write_errors: swap-outs the device refused (the page stayed)
 * @kswapd_runs: times free memory fell below a low watermark
 * @direct_reclaims: allocations that had to reclaim first
 * @oom: allocations that failed although reclaim ran
 * @anon: resident anonymous pages (AnonPages)
 * @anon_active: of those, referenced since the reclaim last looked
 */
struct sm_swap_stats {
	uint64_t total;
	uint64_t used;
	unsigned int areas;
	uint64_t pswpin;
	uint64_t pswpout;
	uint64_t pgscan;
	uint64_t pgsteal;
	uint64_t write_errors;
	uint64_t kswapd_runs;
	uint64_t direct_reclaims;
	uint64_t oom;
	uint64_t anon;
	uint64_t anon_active;
};

/** sm_mm_swap_stats() - the counters into @st */
void sm_mm_swap_stats(const struct sm_system *sys, struct sm_swap_stats *st);

/**
 * struct sm_swap_area_info - one line of /proc/swaps
 * @name: the device's name
 * @pages: usable slots
 * @used: slots in use
 * @prio: priority
 */
struct sm_swap_area_info {
	const char *name;
	uint64_t pages;
	uint64_t used;
	int prio;
};

/**
 * sm_mm_swap_area_at() - the @i-th swap area in /proc/swaps order
 *
 * Return: 0; -ENOENT past the last.
 */
int sm_mm_swap_area_at(const struct sm_system *sys, unsigned int i,
		       struct sm_swap_area_info *info);

/**
 * sm_mm_reclaim() - reclaim up to @pages anonymous pages now (what
 * writing to memory.reclaim asks for): the least recently used ones are
 * written to swap and freed
 *
 * Return: the pages reclaimed (0 without swap space).
 */
uint64_t sm_mm_reclaim(struct sm_system *sys, uint64_t pages);

/**
 * sm_mm_zspages_account() - @delta pages joined (or left, negative)
 * zsmalloc's pools: /proc/vmstat's nr_zspages (alloc_zspage() and
 * __free_zspage() count each page of a zspage in NR_ZSPAGES)
 */
void sm_mm_zspages_account(struct sm_system *sys, int64_t delta);

/**
 * sm_mm_noreclaim_save() / sm_mm_noreclaim_restore() - memalloc_noreclaim:
 * allocations in between never reclaim (a swap device that allocates
 * while storing a page uses it, as the kernel's PF_MEMALLOC does)
 */
unsigned int sm_mm_noreclaim_save(struct sm_system *sys);
void sm_mm_noreclaim_restore(struct sm_system *sys, unsigned int saved);

/* ---- anonymous memory --------------------------------------------------- */

struct sm_anon;

/** enum sm_anon_state - one page of an anonymous mapping */
enum sm_anon_state {
	SM_ANON_NONE,		/* never written: reads as zeros */
	SM_ANON_RESIDENT,	/* in a page frame */
	SM_ANON_SWAPPED,	/* in a swap slot */
};

/**
 * sm_mm_anon_create() - an anonymous private mapping of @pages pages (what
 * mmap(MAP_ANONYMOUS | MAP_PRIVATE) gives a process): nothing is
 * allocated until a page is first written
 *
 * Return: 0; -EINVAL (@pages 0 or 2^32 or more); -ENOMEM.
 */
int sm_mm_anon_create(struct sm_system *sys, uint64_t pages,
		      struct sm_anon **out);

/**
 * sm_mm_anon_destroy() - munmap: resident pages are freed, swap slots
 * released (NULL is fine)
 */
void sm_mm_anon_destroy(struct sm_anon *anon);

/**
 * sm_mm_anon_fault() - touch page @index, as a CPU access does: a page
 * never written maps the shared zero page on a read and a new zeroed
 * movable page on a write; a swapped-out page is read back from swap
 * (swap-in); a resident one is marked referenced. Allocating may reclaim
 * other anonymous pages first.
 * @write: the access writes
 * @bytes: receives the page's bytes (read-only for a read of a page
 *	never written), valid until the next call that can allocate,
 *	reclaim or migrate
 *
 * Return: 0; -EINVAL (@index out of range); -ENOMEM (no memory even after
 * reclaim: the kernel's OOM); -EIO (the swap device could not read the
 * page back: the kernel's SIGBUS).
 */
int sm_mm_anon_fault(struct sm_anon *anon, uint64_t index, bool write,
		     void **bytes);

/** sm_mm_anon_state() - where page @index is now (NONE past the end) */
enum sm_anon_state sm_mm_anon_state(const struct sm_anon *anon,
				    uint64_t index);

/** sm_mm_anon_pages() - the mapping's length in pages */
uint64_t sm_mm_anon_pages(const struct sm_anon *anon);

/* ---- reports --------------------------------------------------------- */

/**
 * sm_mm_format() - a /proc-style report into @buf (NUL-terminated)
 * @what: "meminfo", "buddyinfo", "pagetypeinfo", "vmstat", "cma" or
 *	"swaps"
 *
 * Return: the length, -ENOSPC if @len is too small, -EINVAL for an
 * unknown @what.
 */
int sm_mm_format(struct sm_system *sys, const char *what, char *buf,
		 size_t len);

/**
 * sm_mm_format_alloc() - sm_mm_format() into a new string (free() it)
 *
 * Return: the length; -EINVAL for an unknown @what; -ENOMEM.
 */
int sm_mm_format_alloc(struct sm_system *sys, const char *what, char **out);

/**
 * sm_mm_log() - the kernel messages the running system printed since it
 * started (like dmesg), @n of them
 */
const struct sm_kmsg *sm_mm_log(const struct sm_system *sys, size_t *n);

/**
 * sm_mm_log_clear() - drop every message of sm_mm_log() (a long-running
 * reader that keeps its own bounded copy, like socmemd, calls it after
 * each read so the system's log does not grow without bound)
 */
void sm_mm_log_clear(struct sm_system *sys);

/**
 * sm_mm_log_add() - add a line to the system's kernel log (what layers
 * above mm print: zram's "Added device", ...)
 *
 * Return: 0; -ENOMEM.
 */
int sm_mm_log_add(struct sm_system *sys, enum sm_loglevel level,
		  const char *text);

/* ---- scripts (socmem mem run) ---------------------------------------- */

struct sm_mm_script;

/**
 * struct sm_mm_script_io - where a running script's output goes
 * @out: called with each piece of text (reports, results); may be NULL
 * @ctx: passed back to @out
 */
struct sm_mm_script_io {
	void (*out)(void *ctx, const char *text);
	void *ctx;
};

/**
 * struct sm_mm_script_ext - commands and variables a layer above mm adds
 * to the script language (zram adds modprobe, echo, cat, mkswap, swapon,
 * swapoff and the zram<N>.* variables: sm_zram_script_ext())
 * @ctx: passed back to every call
 * @parse: a line whose command mm does not know, as words: return 0 with
 *	*@cmd set, 1 if it is not this extension's either, or -EINVAL with
 *	the reason in @why
 * @run: run what @parse made; *@last receives the command's result (0 or
 *	a -errno, what `expect last` sees); return 0, or a negative errno to
 *	stop the script with the reason in @why
 * @var: a variable mm does not know: 0 and *@v; -ENOENT if there is no
 *	such variable; with @check, only whether it can exist (before the
 *	script runs, so that a typo stops it before anything happens)
 * @end: the script is over (mm's own allocations are already released):
 *	undo what the extension set up
 * @free_cmd: free what @parse made
 */
struct sm_mm_script_ext {
	void *ctx;
	int (*parse)(void *ctx, char *const *words, int nwords, void **cmd,
		     char *why, size_t len);
	int (*run)(void *ctx, struct sm_system *sys, void *cmd,
		   const struct sm_mm_script_io *io, int64_t *last, char *why,
		   size_t len);
	int (*var)(void *ctx, struct sm_system *sys, const char *name,
		   bool check, int64_t *v);
	void (*end)(void *ctx, struct sm_system *sys);
	void (*free_cmd)(void *cmd);
};

/**
 * sm_mm_script_parse() - read a script (the language of docs/mm.md: alloc,
 * free, pin, unpin, migrate, cma, cma-release, mmap, munmap, touch,
 * reclaim, show, expect; one command a line, # comments)
 * @text: the script, NUL-terminated
 * @name: its file name, for messages
 * @out: receives the parsed script
 * @diag: "NAME:LINE: reason" on failure
 *
 * Every line must parse, and every name must be allocated before it is
 * used and not allocated twice.
 *
 * Return: 0; -EINVAL (the first bad line is in @diag); -ENOMEM.
 */
int sm_mm_script_parse(const char *text, const char *name,
		       struct sm_mm_script **out, struct sm_diag *diag);

/**
 * sm_mm_script_parse_ext() - sm_mm_script_parse() with an extension's
 * commands and variables too (@ext is copied; its @ctx must outlive the
 * script)
 *
 * Return: as sm_mm_script_parse().
 */
int sm_mm_script_parse_ext(const char *text, const char *name,
			   const struct sm_mm_script_ext *ext,
			   struct sm_mm_script **out, struct sm_diag *diag);

/**
 * sm_mm_script_run() - run a parsed script against @sys
 *
 * CMA areas, zones, meminfo fields and names that the script mentions
 * are checked against @sys before the first command runs. The script's
 * allocations are released when it ends.
 *
 * Return: 0; -EINVAL (the script does not fit @sys: an unknown CMA area,
 * zone, meminfo field or variable, an order above max_order; nothing
 * ran); -EDOM (an expect was false); -ECANCELED (a command failed: free
 * of a pinned block, unpin of an unpinned one, use of a name whose
 * allocation failed, ...); -ENOMEM. @diag names the line.
 */
int sm_mm_script_run(struct sm_mm_script *sc, struct sm_system *sys,
		     const struct sm_mm_script_io *io, struct sm_diag *diag);

/** sm_mm_script_free() - release a parsed script (NULL is fine) */
void sm_mm_script_free(struct sm_mm_script *sc);

/**
 * sm_mm_check() - walk every invariant of the allocator (tests call it
 * after every operation)
 *
 * Return: 0, or -EUCLEAN with the first broken invariant in @diag.
 */
int sm_mm_check(const struct sm_system *sys, struct sm_diag *diag);

#endif /* SOCMEM_MM_H */
