/* SPDX-License-Identifier: MIT */
/*
 * client.h - what a client can ask socmemd: one typed call per protocol
 * operation, named sm_client_<service>_<op>(). Each sends its request,
 * checks its reply once - the fixed part's size, every count against the
 * bytes that came, every string ends inside its field, every fd that
 * must come came (and is what it claims) - and hands back plain C types.
 * A reply that fails a check is -EPROTO and ends the connection
 * (sm_daemon_dead()): a daemon that lies can make a call fail, never make
 * the caller read past a buffer or map past a file. The wire structs stay
 * in src/daemon/wire.h; nothing outside src/daemon/ sees them.
 *
 * Every call returns 0 or the daemon's negative errno, or, for the
 * connection itself: -EPIPE (the request could not be sent: nothing was
 * asked, a new connection may ask again); -ETIMEDOUT or -EIO (it was sent
 * and no reply came: never replay it blindly); -EPROTO (a malformed or
 * lying reply); -EMFILE (the reply's fd could not be received). An fd a
 * call returns is the caller's; it comes with O_CLOEXEC when @cloexec.
 */
#ifndef SOCMEM_CLIENT_H
#define SOCMEM_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <socmem/daemon.h>
#include <socmem/dmabuf.h>
#include <socmem/zram.h>	/* SM_ZRAM_MAJOR */

/* ---- what both sides agree on ---------------------------------------- */

#define SM_ZRAM_PATH_MAX 128		/* a served path, NUL included */
#define SM_ZRAM_IO_MAX (60 * 1024)	/* bytes per zram READ or WRITE */
/* the block device's data goes through a buffer the daemon and the
 * client share, this much per request, instead of the socket */
#define SM_ZRAM_SHM_SIZE (1024 * 1024)
#define SM_CLIENT_TEXT_MAX (64 * 1024)	/* a reply's text, at most */

/** enum sm_zram_file_type - what a served path is */
enum sm_zram_file_type {
	SM_ZFILE_ATTR = 1,	/* sysfs attribute: show() at the first read */
	SM_ZFILE_PROC,		/* procfs text (seq_file) */
	SM_ZFILE_BDEV,		/* a block device */
	SM_ZFILE_DIR,		/* a directory (listed through the mirror) */
};

/**
 * struct sm_client_text - kernel message lines a reply carries, each
 * "<level>text\n" (level as printk's digit); the caller gives the room
 * @buf: receives the lines, NUL-terminated (NULL: not wanted)
 * @cap: @buf's size; lines that do not fit are -EOVERFLOW
 * @len: bytes in @buf, the NUL not counted
 * @lines: how many lines
 */
struct sm_client_text {
	char *buf;
	size_t cap;
	size_t len;
	uint32_t lines;
};

/* ---- core service ------------------------------------------------------ */

/**
 * struct sm_client_heap - one DMA-BUF heap
 * @name: its /dev/dma_heap name
 * @type: enum sm_dma_heap_type
 * @minor: char device minor
 * @area: CMA area name ("" for system)
 * @base: CMA area base
 * @size: CMA area size (system: the managed memory it draws from)
 * @area_used: CMA pages in use (all users of the area)
 * @buffers: live buffers from this heap
 * @bytes: their total size
 */
struct sm_client_heap {
	char name[SM_DMA_HEAP_NAME_MAX];
	uint32_t type;
	uint32_t minor;
	char area[SM_DMA_HEAP_NAME_MAX];
	uint64_t base;
	uint64_t size;
	uint64_t area_used;
	uint64_t buffers;
	uint64_t bytes;
};

/**
 * struct sm_client_buf - one dma-buf
 * @id: buffer id (also its inode number in fstat)
 * @size: bytes (a whole number of pages, never 0)
 * @ino: inode of the client end of its handle (what /proc/PID/fd shows)
 * @fd_flags: the allocation's fd_flags
 * @type: enum sm_dma_heap_type of its heap
 * @pid: the process that allocated it
 * @nranges: physically contiguous ranges
 * @boot: the boot id of the daemon that made it
 * @heap: exporter (heap) name
 * @name: DMA_BUF_SET_NAME name, "" if none
 * @comm: the allocating process's name
 */
struct sm_client_buf {
	uint64_t id;
	uint64_t size;
	uint64_t ino;
	uint32_t fd_flags;
	uint32_t type;
	int32_t pid;
	uint64_t nranges;
	uint64_t boot;
	char heap[SM_DMA_HEAP_NAME_MAX];
	char name[SM_DMA_BUF_NAME_LEN];
	char comm[16];
};

/**
 * struct sm_client_range - physically contiguous bytes of a buffer, in
 * buffer order; [@offset, @offset + @len) lies inside the physical
 * memory fd (sm_daemon_hello()->phys_size)
 * @pa: physical address
 * @offset: where those bytes are in the physical memory fd
 * @len: bytes (never 0)
 */
struct sm_client_range {
	uint64_t pa;
	uint64_t offset;
	uint64_t len;
};

/**
 * struct sm_client_zfile - a file of the zram service
 * @type: enum sm_zram_file_type
 * @dev: the zram device id (SM_ZFILE_BDEV), or -1
 * @mode: st_mode
 * @flags: the open(2) flags it was opened with
 * @ino: its inode number (what stat of @path shows too)
 * @path: the served path (absolute)
 * @mirror: a directory's stand-in under the state directory (relative,
 *	no ".." in it), "" for the rest
 */
struct sm_client_zfile {
	uint32_t type;
	int32_t dev;
	uint32_t mode;
	uint32_t flags;
	uint64_t ino;
	char path[SM_ZRAM_PATH_MAX];
	char mirror[SM_ZRAM_PATH_MAX];
};

/**
 * struct sm_client_handle - what a handle fd is (sm_daemon_client_core_lookup)
 * @kind: enum sm_handle_kind; which member of the union is valid
 */
struct sm_client_handle {
	uint32_t kind;
	union {
		struct sm_client_heap heap;	/* SM_HANDLE_DMA_HEAP */
		struct sm_client_buf buf;	/* SM_HANDLE_DMA_BUF */
		struct sm_client_zfile zfile;	/* SM_HANDLE_ZRAM_* */
	};
};

/**
 * sm_daemon_client_core_lookup() - what the handle whose client end has inode
 * @ino is
 *
 * Return: 0 and @out; -ENOENT (no such handle); a call error. A kind this
 * client does not know is -EPROTO.
 */
int sm_daemon_client_core_lookup(struct sm_daemon_client *c, uint64_t ino,
				 struct sm_client_handle *out);

/**
 * sm_daemon_client_core_stop() - ask the daemon to exit (after its reply)
 * @force: even while dma-bufs are alive (their fds go dead)
 *
 * Return: 0; -EBUSY (dma-bufs are alive and not @force); a call error.
 */
int sm_daemon_client_core_stop(struct sm_daemon_client *c, bool force);

/**
 * sm_daemon_client_core_sync() - wait until the daemon has released every
 * handle this process closed before the call (the kernel frees a dma-buf
 * at its last close, in the order a program closes them; socmemd sees a
 * closed handle's hang-up later, in epoll's order, so the preload syncs
 * after each close to keep the program's order)
 */
int sm_daemon_client_core_sync(struct sm_daemon_client *c);

/**
 * sm_daemon_client_core_log() - kernel messages with sequence >= @from, as many
 * as one reply holds
 * @next: the sequence to ask for next
 * @text: receives the lines (no NUL byte inside them)
 *
 * Return: 0; a call error.
 */
int sm_daemon_client_core_log(struct sm_daemon_client *c, uint64_t from,
			      uint64_t *next, struct sm_client_text *text);

/* ---- dmabuf service ---------------------------------------------------- */

/**
 * sm_daemon_client_dmabuf_heaps() - every heap
 * @heaps: receives a malloc()ed array (NULL when there is none)
 * @n: its length
 */
int sm_daemon_client_dmabuf_heaps(struct sm_daemon_client *c,
				  struct sm_client_heap **heaps, size_t *n);

/**
 * sm_daemon_client_dmabuf_open() - open /dev/dma_heap/@name with open(2) @flags
 * @out: the heap
 * @fd: receives the heap's handle fd
 *
 * Return: 0; -ENOENT (no such heap); a call error.
 */
int sm_daemon_client_dmabuf_open(struct sm_daemon_client *c, const char *name,
				 int flags, struct sm_client_heap *out, int *fd);

/**
 * sm_daemon_client_dmabuf_alloc() - DMA_HEAP_IOCTL_ALLOC on heap @heap
 * @boot: the boot id the heap fd was opened under (-ENODEV otherwise)
 * @data: the ioctl's struct as the kernel would see it (its fd unused)
 * @out: the new buffer (at least @data->len bytes)
 * @fd: receives its dma-buf fd (O_CLOEXEC if @data->fd_flags has it)
 * @klog: the kernel messages the allocation printed, on failure too
 *	(NULL: not wanted)
 *
 * Return: 0; the allocation's errno; a call error.
 */
int sm_daemon_client_dmabuf_alloc(struct sm_daemon_client *c, const char *heap,
				  uint64_t boot, const struct sm_dma_heap_alloc *data,
				  struct sm_client_buf *out, int *fd,
				  struct sm_client_text *klog);

/**
 * sm_daemon_client_dmabuf_info() - buffer @id of daemon run @boot
 *
 * Return: 0; -ENOENT (no such buffer); -ENODEV (@boot is another run's).
 */
int sm_daemon_client_dmabuf_info(struct sm_daemon_client *c, uint64_t id,
				 uint64_t boot, struct sm_client_buf *out);

/**
 * sm_daemon_client_dmabuf_ranges() - buffer @id's physical ranges from number
 * @first on, as many as one reply holds
 * @ranges: receives a malloc()ed array, of at least one range when
 *	@first < @total (a caller that asks from there on always moves);
 *	NULL when there is none
 * @n: its length
 * @total: how many the buffer has (@first + @n <= @total)
 *
 * Return: 0; -ENOENT; -ENODEV (@boot is another run's); a call error.
 */
int sm_daemon_client_dmabuf_ranges(struct sm_daemon_client *c, uint64_t id,
				   uint64_t boot, uint64_t first,
				   struct sm_client_range **ranges, size_t *n,
				   uint64_t *total);

/**
 * sm_daemon_client_dmabuf_set_name() - DMA_BUF_SET_NAME on buffer @id of run
 * @boot; -EINVAL when @name does not fit SM_DMA_BUF_NAME_LEN
 */
int sm_daemon_client_dmabuf_set_name(struct sm_daemon_client *c, uint64_t id,
				     uint64_t boot, const char *name);

/**
 * sm_daemon_client_dmabuf_buffers() - live buffers with id >= @first, in
 * increasing id order, as many as one reply holds
 * @bufs: receives a malloc()ed array (NULL when there is none)
 * @n: its length
 * @more: there are more: ask again from the last id + 1 (@n is then > 0)
 */
int sm_daemon_client_dmabuf_buffers(struct sm_daemon_client *c, uint64_t first,
				    struct sm_client_buf **bufs, size_t *n,
				    bool *more);

/* ---- zram service ------------------------------------------------------ */
/*
 * Paths are absolute and normalised ("/sys/block/zram0/disksize"), at
 * most SM_ZRAM_PATH_MAX - 1 bytes (-ENAMETOOLONG).
 */

/** struct sm_client_zstat - what stat(2) shows of a served path */
struct sm_client_zstat {
	uint32_t mode;
	uint32_t nlink;
	uint32_t uid;
	uint32_t gid;
	uint64_t size;
	uint64_t rdev;
	uint64_t ino;
	int64_t time;
	char mirror[SM_ZRAM_PATH_MAX];	/* a directory's, as zfile's */
};

/** struct sm_client_zbdev - a block device's size and limits */
struct sm_client_zbdev {
	uint64_t size;		/* BLKGETSIZE64 */
	uint32_t logical;	/* BLKSSZGET: a power of two >= 512 */
	uint32_t physical;	/* BLKPBSZGET: a power of two >= logical */
	uint32_t io_min;	/* BLKIOMIN */
	uint32_t io_opt;	/* BLKIOOPT */
};

/**
 * struct sm_client_zdev - one device for `socmem zram`
 * @id: the N of zram<N> (>= 0)
 * @swap: it is a swap area now
 * @prio: its swap priority
 * @disksize: bytes
 * @algorithm: the selected algorithm
 * @mm: mm_stat's nine figures
 * @streams: max_comp_streams ("" where the profile has none)
 */
struct sm_client_zdev {
	int32_t id;
	bool swap;
	int32_t prio;
	uint64_t disksize;
	char algorithm[32];
	uint64_t mm[9];
	char streams[16];
};

/**
 * struct sm_client_zstate - the zram service's state
 * @release: the kernel release the module tree is for (a file name: no
 *	'/', not "." or "..")
 * @mem_total: MemTotal in bytes
 * @loaded: the zram module is loaded
 */
struct sm_client_zstate {
	char release[64];
	uint64_t mem_total;
	bool loaded;
};

/**
 * sm_daemon_client_zram_open() - open a served path with open(2) @flags
 * @out: what it is
 * @fd: its handle fd; -1 for a directory (open @out->mirror instead)
 */
int sm_daemon_client_zram_open(struct sm_daemon_client *c, const char *path,
			       int flags, bool cloexec, struct sm_client_zfile *out,
			       int *fd);

/** sm_daemon_client_zram_stat() - stat(2) of a served path */
int sm_daemon_client_zram_stat(struct sm_daemon_client *c, const char *path,
			       struct sm_client_zstat *out);

/**
 * sm_daemon_client_zram_read() - up to @len (<= SM_ZRAM_IO_MAX) bytes at
 * @offset of a file opened with @flags; *@got <= @len
 */
int sm_daemon_client_zram_read(struct sm_daemon_client *c, const char *path,
			       int flags, uint64_t offset, void *buf, size_t len,
			       size_t *got);

/**
 * sm_daemon_client_zram_write() - @len (<= SM_ZRAM_IO_MAX) bytes at @offset;
 * *@count (what was taken) <= @len
 */
int sm_daemon_client_zram_write(struct sm_daemon_client *c, const char *path,
				int flags, uint64_t offset, const void *buf,
				size_t len, size_t *count);

/** sm_daemon_client_zram_bdev() - a block device's size and limits (its ioctls) */
int sm_daemon_client_zram_bdev(struct sm_daemon_client *c, const char *path,
			       struct sm_client_zbdev *out);

/** sm_daemon_client_zram_discard() - BLKDISCARD of [@offset, @offset + @len) */
int sm_daemon_client_zram_discard(struct sm_daemon_client *c, const char *path,
				  uint64_t offset, uint32_t len);

/** sm_daemon_client_zram_swapon() - swapon(2) with its @flags */
int sm_daemon_client_zram_swapon(struct sm_daemon_client *c, const char *path,
				 int flags);

/** sm_daemon_client_zram_swapoff() - swapoff(2) */
int sm_daemon_client_zram_swapoff(struct sm_daemon_client *c, const char *path);

/**
 * sm_daemon_client_zram_module() - init_module (@load) with @params, or
 * delete_module with @flags (O_NONBLOCK, O_TRUNC), of module @name;
 * -EINVAL when a string does not fit
 */
int sm_daemon_client_zram_module(struct sm_daemon_client *c, const char *name,
				 const char *params, bool load, unsigned int flags);

/**
 * sm_daemon_client_zram_devices() - every device
 * @devs: receives a malloc()ed array (NULL when there is none)
 * @n: its length
 * @loaded: the zram module is loaded (NULL: not wanted)
 */
int sm_daemon_client_zram_devices(struct sm_daemon_client *c,
				  struct sm_client_zdev **devs, size_t *n,
				  bool *loaded);

/**
 * sm_daemon_client_zram_attr_read() - /sys/block/zram<@id>/@attr's text (@id
 * -1: /sys/class/zram-control/@attr) into @buf, NUL-terminated and cut
 * to fit
 */
int sm_daemon_client_zram_attr_read(struct sm_daemon_client *c, int id,
				    const char *attr, char *buf, size_t len);

/**
 * sm_daemon_client_zram_attr_write() - write @value to the attribute;
 * @count: bytes taken (<= strlen(@value); NULL: not wanted)
 */
int sm_daemon_client_zram_attr_write(struct sm_daemon_client *c, int id,
				     const char *attr, const char *value,
				     size_t *count);

/** sm_daemon_client_zram_state() - the release, MemTotal, the module's state */
int sm_daemon_client_zram_state(struct sm_daemon_client *c,
				struct sm_client_zstate *out);

/**
 * sm_daemon_client_zram_shm() - this connection's I/O buffer: a memfd of at
 * least SM_ZRAM_SHM_SIZE bytes (checked: a shorter one would fault the
 * caller's mapping), with O_CLOEXEC
 *
 * Return: 0; -EOPNOTSUPP (a daemon without it); a call error.
 */
int sm_daemon_client_zram_shm(struct sm_daemon_client *c, int *fd);

/**
 * sm_daemon_client_zram_shm_read() - @len (<= SM_ZRAM_SHM_SIZE) bytes at @offset
 * into the I/O buffer; *@count <= @len
 */
int sm_daemon_client_zram_shm_read(struct sm_daemon_client *c, const char *path,
				   int flags, uint64_t offset, size_t len,
				   size_t *count);

/**
 * sm_daemon_client_zram_shm_write() - @len (<= SM_ZRAM_SHM_SIZE) bytes from the
 * I/O buffer to @offset; *@count <= @len
 */
int sm_daemon_client_zram_shm_write(struct sm_daemon_client *c,
				    const char *path,
				    int flags, uint64_t offset, size_t len,
				    size_t *count);

#endif /* SOCMEM_CLIENT_H */
