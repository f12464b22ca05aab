/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of src/zram/ share: an intrusive list, the
 * per-kernel zram profile, the compressor backends, the kernel's string
 * parsers, and the bodies of struct sm_zram and struct sm_zram_ctl.
 */
#ifndef SOCMEM_ZRAM_INTERNAL_H
#define SOCMEM_ZRAM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <socmem/dt.h>
#include <socmem/zram.h>

#define ZRAM_PAGE_SIZE 4096u
#define ZRAM_PAGE_SHIFT 12
#define ZRAM_SECTOR_SHIFT 9

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- intrusive doubly linked list (the kernel's list_head) ---------- */

struct sm_zlist {
	struct sm_zlist *next;
	struct sm_zlist *prev;
};

static inline void zlist_init(struct sm_zlist *l)
{
	l->next = l;
	l->prev = l;
}

static inline bool zlist_empty(const struct sm_zlist *l)
{
	return l->next == l;
}

static inline void zlist_insert(struct sm_zlist *n, struct sm_zlist *prev,
				struct sm_zlist *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

/* list_add(): @n right after @head */
static inline void zlist_add(struct sm_zlist *n, struct sm_zlist *head)
{
	zlist_insert(n, head, head->next);
}

static inline void zlist_del_init(struct sm_zlist *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	zlist_init(n);
}

/* ---- zram_profile.c: what each kernel's zram does ------------------- */

/* writeback_store() generations */
enum zram_wb_flavor {
	ZRAM_WB_V61,	/* idle|huge|huge_idle|page_index=N, index order */
	ZRAM_WB_V612,	/* + incompressible, -EAGAIN while busy */
	ZRAM_WB_V72,	/* key=value words, size buckets, batches */
};

/**
 * struct zram_profile - one kernel's zram and zsmalloc
 * @id: the kernel
 * @zs_chain: most pages in a zspage (4; CONFIG_ZSMALLOC_CHAIN_SIZE 8)
 * @zs_v61: 6.1 zsmalloc: zspage length by used percentage, 4 fullness
 *	groups, sorted insertion, 6.1 compaction loop
 * @backends: the comp_algorithm list, in the kernel's order
 * @extra_algs: names accepted beyond @backends (6.1 crypto API: deflate)
 * @default_comp: CONFIG_ZRAM_DEF_COMP
 * @crypto_api: 6.1: names truncated to 127 bytes, a selected name outside
 *	the list is appended to comp_algorithm
 * @reset_default_algo: reset returns to @default_comp (6.12+)
 * @max_comp_streams: the attribute exists
 * @algorithm_params: the attribute exists
 * @deflate_winbits: algorithm_params takes deflate.winbits
 * @compressed_wb: compressed_writeback and writeback_batch_size exist
 * @io_stat_zero: io_stat prints a literal 0 for invalid_io
 * @debug_stat_zero: debug_stat prints a literal 0 for writestall
 * @wb: writeback generation
 * @idle_v612: mark_idle skips WB and SAME slots and clears IDLE on slots
 *	younger than the cutoff
 * @block_state_v612: block_state has the r and n columns
 * @block_state_secs: access times kept in whole seconds (7.2)
 * @pp_buckets: writeback/recompress walk slots by size bucket, largest
 *	first (7.2)
 * @invalid_io: zram counts invalid_io itself (6.1)
 * @access_on_error: a failed read or write still marks the slot accessed
 *	(6.1 zram_bvec_rw(); 6.12+ stop at the error)
 */
struct zram_profile {
	enum sm_kernel_id id;
	unsigned int zs_chain;
	bool zs_v61;
	const char *const *backends;
	const char *const *extra_algs;
	const char *default_comp;
	bool crypto_api;
	bool reset_default_algo;
	bool max_comp_streams;
	bool algorithm_params;
	bool deflate_winbits;
	bool compressed_wb;
	bool io_stat_zero;
	bool debug_stat_zero;
	enum zram_wb_flavor wb;
	bool idle_v612;
	bool block_state_v612;
	bool block_state_secs;
	bool pp_buckets;
	bool invalid_io;
	bool access_on_error;
};

const struct zram_profile *sm_zram_profile_get(enum sm_kernel_id id);

/* ---- comp/: compressor backends ---------------------------------- */

struct zcomp_ops {
	const char *name;
	unsigned int lib;	/* enum zcomp_lib (comp/libs.h): loaded first */
	int (*create)(struct sm_zcomp *c);
	void (*destroy)(struct sm_zcomp *c);
	int (*compress)(struct sm_zcomp *c, const void *src, void *dst,
			size_t *dst_len);
	int (*decompress)(struct sm_zcomp *c, const void *src,
			  size_t src_len, void *dst);
};

struct sm_zcomp {
	const struct zcomp_ops *ops;
	enum sm_kernel_id kernel;
	int32_t level;		/* SM_ZCOMP_NO_LEVEL or a level */
	void *dict;		/* owned copy, or NULL */
	size_t dict_len;
	int winbits;		/* deflate window bits */
	void *ctx;		/* the backend's state */
};

extern const struct zcomp_ops zcomp_lzo_ops;
extern const struct zcomp_ops zcomp_lzorle_ops;
extern const struct zcomp_ops zcomp_lz4_ops;
extern const struct zcomp_ops zcomp_lz4hc_ops;
/* lz4 and lz4hc write the same format: one decompressor for both */
int sm_zram_lz4_decompress(struct sm_zcomp *c, const void *src, size_t src_len,
			   void *dst);
extern const struct zcomp_ops zcomp_zstd_ops;
extern const struct zcomp_ops zcomp_deflate_ops;

const struct zcomp_ops *sm_zram_zcomp_lookup(const char *name);

/* comp/lzo.c: the kernel's LZO1X-1 (and lzo-rle) */
size_t sm_zram_lzo1x_1_compress(const uint8_t *in, size_t in_len, uint8_t *out,
				uint16_t *dict, bool rle);
int sm_zram_lzo1x_decompress(const uint8_t *in, size_t in_len, uint8_t *out,
			     size_t *out_len);
#define SM_LZO_DICT_ENTRIES 8192 /* D_SIZE: 1 << 13 */

/* ---- zram_parse.c: the kernel's string parsers --------------------- */

int sm_zram_kstrtoll(const char *s, unsigned int base, int64_t *res);
int sm_zram_kstrtouint(const char *s, unsigned int base, unsigned int *res);
int sm_zram_kstrtoint(const char *s, unsigned int base, int *res);
int sm_zram_kstrtou16(const char *s, unsigned int base, uint16_t *res);
int sm_zram_kstrtobool(const char *s, bool *res);
bool sm_zram_sysfs_streq(const char *s1, const char *s2);
char *sm_zram_skip_spaces(const char *s);

/* ---- the device ------------------------------------------------------ */

/* slot flags (zram_pageflags) */
enum {
	ZRAM_SAME = 1u << 0,
	ZRAM_WB = 1u << 1,
	ZRAM_UNDER_WB = 1u << 2,
	ZRAM_HUGE = 1u << 3,
	ZRAM_IDLE = 1u << 4,
	ZRAM_INCOMPRESSIBLE = 1u << 5,
	ZRAM_PP_SLOT = 1u << 6,
	ZRAM_PRIO_SHIFT = 8,	/* two bits of compressor priority */
	ZRAM_PRIO_MASK = 3u << 8,
};

#define ZRAM_MAX_COMPS 4

/**
 * struct zram_slot - one 4 KiB page of the device (zram_table_entry)
 * @handle: zsmalloc handle, the same-filled word, or the backing block
 * @size: stored object size (0 = nothing stored unless SAME or WB)
 * @flags: ZRAM_* flags and priority
 * @wb_len: compressed length of a page written back compressed (7.2)
 * @ac_time: last access, ns of the boot clock (0 = never)
 */
struct zram_slot {
	uint64_t handle;
	uint32_t size;
	uint32_t flags;
	uint32_t wb_len;
	int64_t ac_time;
};

struct zram_counters {
	uint64_t compr_data_size;
	uint64_t num_reads;
	uint64_t num_writes;
	uint64_t failed_reads;
	uint64_t failed_writes;
	uint64_t invalid_io;
	uint64_t notify_free;
	uint64_t same_pages;
	uint64_t huge_pages;
	uint64_t huge_pages_since;
	uint64_t pages_stored;
	uint64_t max_used_pages;
	uint64_t writestall;
	uint64_t miss_free;
	uint64_t bd_count;
	uint64_t bd_reads;
	uint64_t bd_writes;
};

/* algorithm_params of one priority */
struct zram_params {
	int32_t level;
	void *dict;
	size_t dict_len;
	int winbits;
};

struct sm_zram {
	struct sm_zram_ctl *ctl;
	int id;
	char name[16];
	uint64_t disksize;		/* bytes; 0 = not initialised */
	struct zram_slot *table;
	struct sm_zs_pool *pool;
	struct sm_zcomp *comps[ZRAM_MAX_COMPS];
	char *comp_algs[ZRAM_MAX_COMPS];	/* NULL = priority unused */
	struct zram_params params[ZRAM_MAX_COMPS];
	int num_active_comps;
	uint64_t limit_pages;
	struct zram_counters st;
	bool claim;			/* reset/remove in progress */
	int openers;
	/* backing device (CONFIG_ZRAM_WRITEBACK) */
	int bd_fd;
	char *bd_path;
	dev_t bd_dev;
	ino_t bd_ino;
	uint64_t bd_nr_pages;
	uint64_t *bd_bitmap;
	bool wb_limit_enable;
	uint64_t bd_wb_limit;
	bool compressed_wb;
	uint32_t wb_batch_size;
	/* scratch buffers */
	uint8_t *buf;			/* SM_ZCOMP_DST_MAX */
	uint8_t *page;			/* one page */
};

/* every compressor name any build's zram lists */
#define ZRAM_MAX_BACKENDS 8

struct sm_zram_ctl {
	const struct zram_profile *prof;
	/* the build's compressors (prof's, less or more by opts.kconfig) */
	const char *backends[ZRAM_MAX_BACKENDS + 1];
	const char *extra_algs[ZRAM_MAX_BACKENDS + 1];
	struct sm_zram_options opts;
	struct sm_zram_pages sysmem;	/* opts.system's provider */
	struct sm_zram **devs;		/* indexed by id */
	int ndevs;			/* slots in @devs */
	size_t huge_class_size;		/* 0 until a pool was made */
	char **log;
	size_t log_count;
	size_t log_cap;
};

/* zram_sysmem.c: pool pages from a running system */
void sm_zram_sysmem_init(struct sm_zram_ctl *ctl);

/* zram_ctl.c */
void sm_zram_log(struct sm_zram_ctl *ctl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int64_t sm_zram_now(const struct sm_zram *zram);

/* zram_dev.c */
static inline bool zram_init_done(const struct sm_zram *zram)
{
	return zram->disksize != 0;
}

static inline const struct zram_profile *zram_prof(const struct sm_zram *z)
{
	return z->ctl->prof;
}

static inline bool zram_allocated(const struct sm_zram *zram, uint64_t i)
{
	const struct zram_slot *s = &zram->table[i];

	return s->size || (s->flags & (ZRAM_SAME | ZRAM_WB));
}

static inline uint32_t zram_get_prio(const struct sm_zram *zram, uint64_t i)
{
	return (zram->table[i].flags & ZRAM_PRIO_MASK) >> ZRAM_PRIO_SHIFT;
}

static inline void zram_set_prio(struct sm_zram *zram, uint64_t i,
				 uint32_t prio)
{
	zram->table[i].flags &= ~ZRAM_PRIO_MASK;
	zram->table[i].flags |= (prio << ZRAM_PRIO_SHIFT) & ZRAM_PRIO_MASK;
}

int sm_zram_dev_add(struct sm_zram_ctl *ctl, struct sm_zram **out);
void sm_zram_dev_free(struct sm_zram *zram);
void sm_zram_free_page(struct sm_zram *zram, uint64_t index);
int sm_zram_read_from_pool(struct sm_zram *zram, uint64_t index, void *page);
int sm_zram_write_page(struct sm_zram *zram, uint64_t index, const void *page);
void sm_zram_accessed(struct sm_zram *zram, uint64_t index);
void sm_zram_reset_device(struct sm_zram *zram);
int sm_zram_disksize_set(struct sm_zram *zram, uint64_t disksize);
void sm_zram_update_used_max(struct sm_zram *zram);
void sm_zram_set_capacity(struct sm_zram *zram, uint64_t bytes);

/* zram_algo.c: comp_algorithm, algorithm_params, recomp_algorithm */
int sm_zram_comp_set(struct sm_zram *zram, unsigned int prio, const char *buf);
ssize_t sm_zram_comp_show(const struct sm_zram *zram, unsigned int prio,
			  char *buf, size_t cap);
void sm_zram_comp_reset(struct sm_zram *zram);
void sm_zram_params_reset(struct zram_params *p);
ssize_t sm_zram_algorithm_params_store(struct sm_zram *zram, const char *buf,
				       size_t len);
ssize_t sm_zram_recomp_algorithm_show(struct sm_zram *zram, char *buf,
				      size_t cap);
ssize_t sm_zram_recomp_algorithm_store(struct sm_zram *zram, const char *buf,
				       size_t len);
int sm_zram_comps_create(struct sm_zram *zram);
void sm_zram_comps_destroy(struct sm_zram *zram);

/* zram_recomp.c */
ssize_t sm_zram_recompress_store(struct sm_zram *zram, const char *buf,
				 size_t len);

/* zram_wb.c: backing device and writeback */
ssize_t sm_zram_backing_dev_show(struct sm_zram *zram, char *buf, size_t cap);
ssize_t sm_zram_backing_dev_store(struct sm_zram *zram, const char *buf,
				  size_t len);
ssize_t sm_zram_writeback_store(struct sm_zram *zram, const char *buf,
				size_t len);
int sm_zram_read_from_bdev(struct sm_zram *zram, uint64_t index, void *page);
void sm_zram_free_block_bdev(struct sm_zram *zram, uint64_t blk);
void sm_zram_reset_bdev(struct sm_zram *zram);

/* post-processing order of 7.2: size buckets of 64 bytes */
#define ZRAM_PP_BUCKET_RANGE 64
#define ZRAM_NUM_PP_BUCKETS (ZRAM_PAGE_SIZE / ZRAM_PP_BUCKET_RANGE + 1)
struct zram_pp_ctl {
	uint64_t *slots;	/* indices, grouped by bucket */
	size_t count;
};
int sm_zram_pp_collect(struct sm_zram *zram, uint64_t lo, uint64_t hi,
		       bool (*want)(struct sm_zram *, uint64_t, void *),
		       void *arg, struct zram_pp_ctl *ctl);

/* zram_attr.c */
ssize_t sm_zram_scnprintf(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* SOCMEM_ZRAM_INTERNAL_H */
