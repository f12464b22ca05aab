/* SPDX-License-Identifier: MIT */
/*
 * zram.h - compressed RAM block devices as Linux 6.1, 6.12 and 7.2 build
 * them for 4 KiB pages: the compressors zram can use, the zsmalloc
 * allocator that holds the compressed pages, and the zram device itself
 * with its sysfs attributes and its block interface.
 *
 * The device is driven the way user space drives the real one: attributes
 * are read and written like the files in /sys/block/zram<N>/ (the same
 * text, the same errno for the same input, per kernel), pages are written
 * and read like /dev/zram<N> with 4 KiB blocks. Every figure in mm_stat,
 * io_stat, bd_stat and debug_stat follows from the same rules as in the
 * kernel, so for the same data and the same compressor output they come
 * out the same (see docs/zram/NOTES.md and docs/fidelity.md).
 *
 * Pool pages come from a page provider (struct sm_zram_pages) so that a
 * device used as swap of a running system can take its pages from that
 * system; without one, plain host memory is used.
 *
 * Not thread-safe: one caller at a time per sm_zram_ctl.
 * Functions return 0 (or a length) on success and a negative errno on
 * failure unless they say otherwise.
 */
#ifndef SOCMEM_ZRAM_H
#define SOCMEM_ZRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <socmem/mm.h>
#include <socmem/kconfig.h>
#include <socmem/profile.h>

#define SM_ZRAM_PAGE_SIZE 4096u

/* ---- pages for the pool ------------------------------------------- */

/**
 * struct sm_zram_pages - where zsmalloc gets its pages from
 * @get: hand out one page of SM_ZRAM_PAGE_SIZE bytes: store its address
 *	in *@bytes and an identifier of the caller's choice in *@id; return
 *	0, or -ENOMEM when no page is available (the allocation then fails
 *	as the kernel's alloc_page() failing would)
 * @put: take back a page @get handed out (same @bytes and @id)
 * @ctx: passed to both
 *
 * The bytes must stay valid until @put. zsmalloc writes its free-object
 * links and object headers into them, exactly where the kernel does.
 */
struct sm_zram_pages {
	int (*get)(void *ctx, void **bytes, uint64_t *id);
	void (*put)(void *ctx, void *bytes, uint64_t id);
	void *ctx;
};

/* ---- compressors ---------------------------------------------------- */

struct sm_zcomp;

#define SM_ZCOMP_NO_LEVEL INT32_MIN /* the backend's default level */

/* Largest output a compressor may write for one page (zram's buffer). */
#define SM_ZCOMP_DST_MAX (2 * SM_ZRAM_PAGE_SIZE)

/**
 * struct sm_zcomp_params - what algorithm_params can set
 * @level: compression level, or SM_ZCOMP_NO_LEVEL
 * @dict: a dictionary (zstd, lz4, lz4hc), or NULL; copied
 * @dict_len: its length
 * @deflate_winbits: deflate window bits (9..15), 0 for the default (11)
 */
struct sm_zcomp_params {
	int32_t level;
	const void *dict;
	size_t dict_len;
	int deflate_winbits;
};

/** sm_zram_zcomp_count() - number of algorithms socmem has (every kernel's) */
size_t sm_zram_zcomp_count(void);

/** sm_zram_zcomp_name_at() - the @i-th algorithm's name, or NULL */
const char *sm_zram_zcomp_name_at(size_t i);

/**
 * sm_zram_zcomp_create() - a compressor as kernel @kernel's zram calls it
 * @name: "lzo", "lzo-rle", "lz4", "lz4hc", "zstd" or "deflate"
 * @kernel: whose parameters to use (zstd: 6.1 asks for parameters for an
 *	unknown source size, 6.12 and later for a 4096-byte source)
 * @params: NULL for the defaults
 * @out: receives the compressor
 *
 * Return: 0; -EINVAL (unknown name, or a level/dictionary the library
 * refuses); -ENOMEM.
 */
int sm_zram_zcomp_create(const char *name, enum sm_kernel_id kernel,
			 const struct sm_zcomp_params *params,
			 struct sm_zcomp **out);

/** sm_zram_zcomp_destroy() - free a compressor (NULL is fine) */
void sm_zram_zcomp_destroy(struct sm_zcomp *c);

/** sm_zram_zcomp_name() - the algorithm's name */
const char *sm_zram_zcomp_name(const struct sm_zcomp *c);

/**
 * sm_zram_zcomp_compress() - compress one 4 KiB page
 * @c: the compressor
 * @src: SM_ZRAM_PAGE_SIZE bytes
 * @dst: at least SM_ZCOMP_DST_MAX bytes
 * @dst_len: receives the compressed length
 *
 * Return: 0; -EINVAL if the library reports an error.
 */
int sm_zram_zcomp_compress(struct sm_zcomp *c, const void *src, void *dst,
			   size_t *dst_len);

/**
 * sm_zram_zcomp_decompress() - expand what sm_zram_zcomp_compress() made
 * @dst: SM_ZRAM_PAGE_SIZE bytes
 *
 * Return: 0; -EINVAL for corrupt input or a result that is not one page.
 */
int sm_zram_zcomp_decompress(struct sm_zcomp *c, const void *src,
			     size_t src_len, void *dst);

/* ---- zsmalloc ------------------------------------------------------- */

struct sm_zs_pool;

/**
 * struct sm_zs_class_info - one size class, as debugfs zsmalloc/classes
 * @index: class index (0..254; merged classes show their top index)
 * @size: object size in bytes, handle included
 * @pages_per_zspage: pages chained into one zspage
 * @objs_per_zspage: objects one zspage holds
 * @zspages: zspages of this class
 * @objs_allocated: object slots in those zspages
 * @objs_used: slots holding an object
 */
struct sm_zs_class_info {
	unsigned int index;
	unsigned int size;
	unsigned int pages_per_zspage;
	unsigned int objs_per_zspage;
	uint64_t zspages;
	uint64_t objs_allocated;
	uint64_t objs_used;
};

/**
 * sm_zram_zs_pool_create() - an empty zsmalloc pool of kernel @kernel
 * @kernel: 6.1 (zspages of up to 4 pages, 4 fullness groups) or 6.12/7.2
 *	(CONFIG_ZSMALLOC_CHAIN_SIZE=8, 12 fullness groups)
 * @pages: page provider, or NULL for host memory
 * @out: receives the pool
 *
 * Return: 0; -EINVAL (unknown kernel); -ENOMEM.
 */
int sm_zram_zs_pool_create(enum sm_kernel_id kernel,
			   const struct sm_zram_pages *pages,
			   struct sm_zs_pool **out);

/** sm_zram_zs_pool_destroy() - give every page back and free the pool */
void sm_zram_zs_pool_destroy(struct sm_zs_pool *pool);

/**
 * sm_zram_zs_malloc() - zs_malloc(): an object of @size bytes
 * @handle: receives its handle (never 0)
 *
 * Return: 0; -EINVAL (@size 0, or above 4096 on 6.1); -ENOSPC (above
 * 4096 on 6.12 and later); -ENOMEM (the page provider had no page).
 */
int sm_zram_zs_malloc(struct sm_zs_pool *pool, size_t size, uint64_t *handle);

/** sm_zram_zs_free() - zs_free(); 0 is ignored like the kernel's NULL handle */
void sm_zram_zs_free(struct sm_zs_pool *pool, uint64_t handle);

/**
 * sm_zram_zs_write() - copy @len bytes into an object (across page boundaries
 * where it spans them); @len must not exceed the size it was allocated
 * with
 */
void sm_zram_zs_write(struct sm_zs_pool *pool, uint64_t handle, const void *src,
		      size_t len);

/** sm_zram_zs_read() - copy @len bytes out of an object */
void sm_zram_zs_read(struct sm_zs_pool *pool, uint64_t handle, void *dst,
		     size_t len);

/**
 * sm_zram_zs_map() - zs_map_object() for reading: the object's first @len
 * bytes in place when they lie in one page, else copied into @buf
 *
 * Return: a pointer to the bytes, valid until the pool changes.
 */
const void *sm_zram_zs_map(struct sm_zs_pool *pool, uint64_t handle, void *buf,
			   size_t len);

/**
 * sm_zram_zs_page_moved() - zs_page_migrate() seen from the other side: the
 * page provider has moved one of the pool's pages (its bytes already
 * copied to @new_bytes, as page migration does); the zspage now uses the
 * new page
 * @old_id: the id the page was handed out with
 *
 * Return: 0; -ENOENT if no zspage holds a page @old_id.
 */
int sm_zram_zs_page_moved(struct sm_zs_pool *pool, uint64_t old_id,
			  void *new_bytes, uint64_t new_id);

/** sm_zram_zs_compact() - zs_compact(): Return: pages freed by this run */
uint64_t sm_zram_zs_compact(struct sm_zs_pool *pool);

/** sm_zram_zs_total_pages() - pages the pool holds (mem_used_total / 4096) */
uint64_t sm_zram_zs_total_pages(const struct sm_zs_pool *pool);

/** sm_zram_zs_pages_compacted() - pages freed by compaction, ever */
uint64_t sm_zram_zs_pages_compacted(const struct sm_zs_pool *pool);

/**
 * sm_zram_zs_huge_class_size() - zs_huge_class_size(): zram stores a page whose
 * compressed length is at least this uncompressed (3257 with 4-page
 * zspages, 3625 with 8)
 */
size_t sm_zram_zs_huge_class_size(const struct sm_zs_pool *pool);

/** sm_zram_zs_class_index() - zs_lookup_class_index() for an object of @size */
unsigned int sm_zram_zs_class_index(const struct sm_zs_pool *pool, size_t size);

/**
 * sm_zram_zs_class_at() - the @i-th distinct class, smallest first
 *
 * Return: 0; -ENOENT past the last class.
 */
int sm_zram_zs_class_at(const struct sm_zs_pool *pool, size_t i,
			struct sm_zs_class_info *info);

/**
 * sm_zram_zs_check() - walk every invariant of the pool (lists, counters,
 * free lists, object headers); for tests
 *
 * Return: 0; -EUCLEAN with the first broken invariant in @why.
 */
int sm_zram_zs_check(const struct sm_zs_pool *pool, char *why, size_t len);

/* ---- zram devices ------------------------------------------------ */

struct sm_zram_ctl;
struct sm_zram;

/**
 * struct sm_zram_options - how the zram module is loaded
 * @num_devices: devices created at load (module parameter, default 1);
 *	0 keeps the default
 * @pages: pool page provider for every device, or NULL (host memory)
 * @system: take pool pages from this running system instead (movable
 *	order-0 pages, which migration may move; allocated with reclaim off,
 *	as the kernel's zram allocates with GFP_NOIO): the memory zram uses
 *	is taken from the board; overrides @pages
 * @multi_comp: build with CONFIG_ZRAM_MULTI_COMP (recomp_algorithm,
 *	recompress); off in every Debian kernel, so off by default
 * @backing_files: accept a regular file as backing_dev, as if it were a
 *	loop device over it (the kernel takes block devices only and answers
 *	ENOTBLK; the emulated system has no loop devices)
 * @all_algorithms: comp_algorithm also accepts every algorithm socmem
 *	has (sm_zram_zcomp_name_at()), not only the profile's, so that one kernel's
 *	zsmalloc can be measured with another's compressor (socmem zram
 *	bench); the list comp_algorithm shows is still the profile's
 * @kconfig: the build's .config (socmem/kconfig.h): which compressors
 *	comp_algorithm offers; NULL: Debian's build of the kernel
 * @online_cpus: what max_comp_streams shows (0: 1, as in the recorded
 *	single-CPU guests)
 * @clock_ns: the boot-time clock in ns for slot access times (idle N,
 *	block_state), or NULL for the host's CLOCK_BOOTTIME
 * @clock_ctx: passed to @clock_ns
 */
/*
 * zram's block major in socmem: what each device's `dev` attribute and the
 * emulated system's /dev/zram<N> show. The kernel's zram asks for a
 * dynamic one: 252 or 253 on Debian, depending on what loaded first.
 */
#define SM_ZRAM_MAJOR 252

struct sm_zram_options {
	unsigned int num_devices;
	const struct sm_zram_pages *pages;
	struct sm_system *system;
	bool multi_comp;
	bool backing_files;
	bool all_algorithms;
	const struct sm_kconfig *kconfig;
	unsigned int online_cpus;
	int64_t (*clock_ns)(void *ctx);
	void *clock_ctx;
};

/**
 * sm_zram_ctl_create() - load the zram module of kernel @kernel
 * @kernel: the profile (attribute set, algorithms, formats, rules)
 * @opts: NULL for the defaults
 * @out: receives the module state, with @opts->num_devices devices
 *
 * Return: 0; -EINVAL (unknown kernel); -ENOMEM.
 */
int sm_zram_ctl_create(enum sm_kernel_id kernel,
		       const struct sm_zram_options *opts,
		       struct sm_zram_ctl **out);

/** sm_zram_ctl_destroy() - unload: every device is reset and removed */
void sm_zram_ctl_destroy(struct sm_zram_ctl *ctl);

/** sm_zram_ctl_kernel() - the kernel profile the module follows */
enum sm_kernel_id sm_zram_ctl_kernel(const struct sm_zram_ctl *ctl);

/**
 * sm_zram_ctl_attr_read() - read /sys/class/zram-control/@name
 *
 * Reading hot_add creates a device and returns "<id>\n", as the kernel's.
 *
 * Return: bytes stored in @buf (at most @len); -ENOENT (no such
 * attribute); -EACCES (write-only); -ENOMEM.
 */
ssize_t sm_zram_ctl_attr_read(struct sm_zram_ctl *ctl, const char *name,
			      char *buf, size_t len);

/**
 * sm_zram_ctl_attr_write() - write /sys/class/zram-control/@name
 *
 * hot_remove takes a decimal id.
 *
 * Return: @len; -ENOENT; -EACCES (hot_add is read-only); -EINVAL (not an
 * id, or negative); -ERANGE; -ENODEV (no such device); -EBUSY (open).
 */
ssize_t sm_zram_ctl_attr_write(struct sm_zram_ctl *ctl, const char *name,
			       const char *buf, size_t len);

/** sm_zram_ctl_dev() - device zram<@id>, or NULL */
struct sm_zram *sm_zram_ctl_dev(struct sm_zram_ctl *ctl, int id);

/**
 * sm_zram_ctl_next() - the device with the lowest id >= @id, or NULL:
 * for (d = sm_zram_ctl_next(ctl, 0); d; d = sm_zram_ctl_next(ctl,
 * sm_zram_id(d) + 1))
 */
struct sm_zram *sm_zram_ctl_next(struct sm_zram_ctl *ctl, int id);

/**
 * sm_zram_ctl_log_count() / sm_zram_ctl_log_at() - the kernel messages
 * printed so far ("zram: Added device: zram0", "zram0: detected capacity
 * change from 0 to 524288", ...), oldest first
 */
size_t sm_zram_ctl_log_count(const struct sm_zram_ctl *ctl);
const char *sm_zram_ctl_log_at(const struct sm_zram_ctl *ctl, size_t i);

/** sm_zram_id() - the device's id (the N of zram<N>) */
int sm_zram_id(const struct sm_zram *dev);

/** sm_zram_name() - "zram<N>" */
const char *sm_zram_name(const struct sm_zram *dev);

/* attribute modes, as `ls -l` shows them */
#define SM_ZRAM_ATTR_RO 0444
#define SM_ZRAM_ATTR_WO 0200
#define SM_ZRAM_ATTR_RW 0644

/**
 * sm_zram_attr_at() - the @i-th attribute of /sys/block/zram<N>/ in the
 * profile's order
 * @name: receives its name
 * @mode: receives SM_ZRAM_ATTR_RO, _WO or _RW
 *
 * Return: 0; -ENOENT past the last one.
 */
int sm_zram_attr_at(const struct sm_zram *dev, size_t i, const char **name,
		    unsigned int *mode);

/**
 * sm_zram_attr_read() - read /sys/block/zram<N>/@name
 * @buf: receives the text (not NUL-terminated), at most @len bytes
 *
 * Return: the number of bytes stored; -ENOENT (the profile has no such
 * attribute); -EACCES (write-only: the kernel refuses to open it for
 * reading); or the errno the kernel's show() returns.
 */
ssize_t sm_zram_attr_read(struct sm_zram *dev, const char *name, char *buf,
			  size_t len);

/**
 * sm_zram_attr_write() - write @len bytes of @buf to
 * /sys/block/zram<N>/@name, as one write(2) (`echo` sends one, with its
 * newline); more than 4096 bytes are cut to 4096 like sysfs does
 *
 * Return: @len (or 4096) when the kernel accepts it; -ENOENT; -EACCES
 * (read-only); otherwise the kernel's errno for that attribute, profile
 * and input, e.g. disksize: -EINVAL (0), -EBUSY (already set);
 * comp_algorithm: -EINVAL (unknown), -EBUSY (after disksize), -E2BIG
 * (6.12+: 128 bytes or more); reset: -EINVAL (0), -EBUSY (device open).
 */
ssize_t sm_zram_attr_write(struct sm_zram *dev, const char *name,
			   const char *buf, size_t len);

/**
 * sm_zram_block_state() - debugfs zram/zram<N>/block_state
 *
 * Return: bytes stored in @buf (at most @len; whole lines only);
 * -EINVAL before disksize is set.
 */
ssize_t sm_zram_block_state(struct sm_zram *dev, char *buf, size_t len);

/**
 * struct sm_zram_stats - every counter zram keeps, unformatted
 *
 * mm_stat order: @orig_data_size, @compr_data_size, @mem_used_total,
 * @mem_limit, @mem_used_max, @same_pages, @pages_compacted, @huge_pages,
 * @huge_pages_since (bytes for the sizes, pages for the counts); io_stat:
 * @failed_reads, @failed_writes, @invalid_io, @notify_free; bd_stat:
 * @bd_count, @bd_reads, @bd_writes (4 KiB blocks); debug_stat:
 * @writestall, @miss_free. @num_reads and @num_writes count page I/O.
 */
struct sm_zram_stats {
	uint64_t orig_data_size;
	uint64_t compr_data_size;
	uint64_t mem_used_total;
	uint64_t mem_limit;
	uint64_t mem_used_max;
	uint64_t same_pages;
	uint64_t pages_compacted;
	uint64_t huge_pages;
	uint64_t huge_pages_since;
	uint64_t failed_reads;
	uint64_t failed_writes;
	uint64_t invalid_io;
	uint64_t notify_free;
	uint64_t bd_count;
	uint64_t bd_reads;
	uint64_t bd_writes;
	uint64_t writestall;
	uint64_t miss_free;
	uint64_t num_reads;
	uint64_t num_writes;
};

/** sm_zram_get_stats() - the counters (all 0 before disksize is set) */
void sm_zram_get_stats(const struct sm_zram *dev, struct sm_zram_stats *st);

/** sm_zram_disksize() - the device size in bytes (BLKGETSIZE64) */
uint64_t sm_zram_disksize(const struct sm_zram *dev);

/**
 * sm_zram_algorithm() - the primary algorithm selected now (what
 * comp_algorithm shows in brackets)
 */
const char *sm_zram_algorithm(const struct sm_zram *dev);

/**
 * sm_zram_ctl_page_moved() - sm_zram_zs_page_moved() on whichever device's pool
 * holds page @old_id (for a page provider whose pages can migrate)
 *
 * Return: 0; -ENOENT.
 */
int sm_zram_ctl_page_moved(struct sm_zram_ctl *ctl, uint64_t old_id,
			   void *new_bytes, uint64_t new_id);

/**
 * sm_zram_open() / sm_zram_release() - open and close /dev/zram<N>: an
 * open device cannot be reset or removed (-EBUSY)
 *
 * Return: 0; -EBUSY while a reset or removal has claimed the device.
 */
int sm_zram_open(struct sm_zram *dev);
void sm_zram_release(struct sm_zram *dev);

/**
 * sm_zram_write() - write one 4 KiB page at page @index
 *
 * Return: 0; -EIO (past the end of the device, or the write failed:
 * mem_limit reached or no memory; failed_writes counts it).
 */
int sm_zram_write(struct sm_zram *dev, uint64_t index, const void *page);

/**
 * sm_zram_read() - read one 4 KiB page at page @index (a page never
 * written reads as zeros)
 *
 * Return: 0; -EIO (past the end, or the stored data cannot be read
 * back: failed_reads counts it).
 */
int sm_zram_read(struct sm_zram *dev, uint64_t index, void *page);

/**
 * sm_zram_discard() - REQ_OP_DISCARD of @count pages from @index: each
 * slot is freed and counts in notify_free
 *
 * Return: 0; -EIO past the end.
 */
int sm_zram_discard(struct sm_zram *dev, uint64_t index, uint64_t count);

/**
 * sm_zram_slot_free_notify() - swap_slot_free_notify(): swap tells zram a
 * slot is no longer used (notify_free++, the slot is freed)
 */
void sm_zram_slot_free_notify(struct sm_zram *dev, uint64_t index);

/* ---- swap on zram ------------------------------------------------------ */

/**
 * sm_zram_swap_header() - the page mkswap(8) writes at the start of a swap
 * device of @bytes: swap header version 1, last_page, no bad pages, the
 * UUID and label, "SWAPSPACE2" in the page's last 10 bytes
 * @page: SM_ZRAM_PAGE_SIZE bytes, filled here (old signatures wiped)
 * @uuid: 16 bytes
 * @label: up to 16 bytes, or NULL
 *
 * Return: 0; -EINVAL if @bytes holds fewer than 10 pages (mkswap's
 * minimum).
 */
int sm_zram_swap_header(uint8_t *page, uint64_t bytes, const uint8_t *uuid,
			const char *label);

/**
 * sm_zram_mkswap() - mkswap /dev/zram<N>: the swap header into page 0
 *
 * Return: 0; -EINVAL (disksize unset or under 10 pages); -EIO.
 */
int sm_zram_mkswap(struct sm_zram *dev, const uint8_t *uuid,
		   const char *label);

/**
 * sm_zram_swapon() - swapon /dev/zram<N> on @sys: the device is opened
 * (so it cannot be reset while it is swap) and becomes a swap area whose
 * slots are its pages; a slot freed by swap is freed in zram
 * (swap_slot_free_notify, notify_free)
 * @prio: 0..32767, or -1 for the kernel's default
 *
 * Return: as sm_mm_swapon(); -EBUSY (a reset holds the device).
 */
int sm_zram_swapon(struct sm_zram *dev, struct sm_system *sys, int prio);

/** sm_zram_swapoff() - swapoff /dev/zram<N>; Return: as sm_mm_swapoff() */
int sm_zram_swapoff(struct sm_zram *dev, struct sm_system *sys);

/** sm_zram_dev_path() - "/dev/zram<N>" into @buf */
void sm_zram_dev_path(const struct sm_zram *dev, char *buf, size_t len);

/**
 * sm_zram_openers() - how many holders have the device open (swap counts
 * as one); the module cannot be unloaded while any device is open
 */
int sm_zram_openers(const struct sm_zram *dev);

/**
 * sm_zram_script_ext() - the zram commands and variables of `socmem mem
 * run` scripts (docs/zram/README.md): modprobe [-r] zram [num_devices=N],
 * echo VALUE > /sys/block/zram<N>/ATTR, cat PATH, mkswap, swapon [-p N],
 * swapoff, and zram<N>.disksize, zram<N>.mm_stat.FIELD, .io_stat.FIELD,
 * .bd_stat.FIELD, .debug_stat.FIELD, zram.devices; the module is loaded
 * into the script's system (pool pages from it) and unloaded at the end
 * @ext: filled; free with sm_zram_script_ext_free()
 *
 * Return: 0; -ENOMEM.
 */
int sm_zram_script_ext(struct sm_mm_script_ext *ext);

/** sm_zram_script_ext_free() - release what sm_zram_script_ext() made */
void sm_zram_script_ext_free(struct sm_mm_script_ext *ext);

#endif /* SOCMEM_ZRAM_H */
