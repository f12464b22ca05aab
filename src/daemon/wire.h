/* SPDX-License-Identifier: MIT */
/*
 * wire.h - the socmemd protocol as it travels: private to src/daemon/.
 * socmemd's services and the client's typed calls (client_*.c) are the
 * only code that reads or builds these structs; the CLI and the preload
 * library see validated plain types through <socmem/client.h>, never a
 * wire struct, so a daemon that lies can only make a call fail.
 *
 * Transport: a SOCK_SEQPACKET unix socket, $SOCMEM_STATE/socket (the
 * directory is mode 0700). One message is one request or one reply: a
 * struct sm_daemon_hdr, then the payload; a reply may carry one file
 * descriptor (SCM_RIGHTS).
 *
 * Every object a client holds an fd for (a heap, a dma-buf, a zram device,
 * a sysfs or proc file) is a *handle*: one end of a socketpair whose other
 * end the daemon keeps. The kernel then does the reference counting:
 * close, dup, fork and passing the fd over a socket all work as on the
 * device, and when the last copy of the client end is gone the daemon
 * sees its end hang up and releases the object. A process that receives
 * such an fd identifies it by its inode number (SM_CORE_LOOKUP).
 *
 * Requests are grouped into services (core, dmabuf, zram, ...): a new
 * device class is a new service with its own ops and handle kinds, a new
 * row in socmemd's service table, typed calls in a client_<service>.c,
 * and rows in the preload's path and fd-kind tables.
 */
#ifndef SOCMEM_DAEMON_WIRE_H
#define SOCMEM_DAEMON_WIRE_H

#include <stdint.h>

#include <socmem/client.h>	/* the limits and kinds both sides share */
#include <socmem/dmabuf.h>

#define SM_DAEMON_MAGIC 0x31444d53u	/* "SMD1" */
#define SM_DAEMON_PROTO 2
#define SM_DAEMON_MSG_MAX (64 * 1024)

/* ---- the wire format ------------------------------------------------ */

/** enum sm_daemon_service - who answers a request */
enum sm_daemon_service {
	SM_SVC_CORE,
	SM_SVC_DMABUF,
	SM_SVC_ZRAM,
	SM_SVC_PROC,	/* files only: reached through the path ops */
	SM_SVC_MAX = 8,
};

/**
 * struct sm_daemon_hdr - the head of every message
 * @magic: SM_DAEMON_MAGIC
 * @service: enum sm_daemon_service
 * @op: the service's operation
 * @status: in a reply, 0 or a negative errno; 0 in a request
 * @len: payload bytes after the header
 */
struct sm_daemon_hdr {
	uint32_t magic;
	uint16_t service;
	uint16_t op;
	int32_t status;
	uint32_t len;
};

/* core service */
enum {
	SM_CORE_HELLO = 1,	/* -> hello reply + the physical memory fd */
	SM_CORE_LOOKUP,		/* inode -> what a handle fd is */
	SM_CORE_STOP,		/* exit after replying */
	SM_CORE_LOG,		/* kernel messages since a sequence number */
	SM_CORE_SYNC,		/* empty: answered once every handle a client
				 * closed before it is released */
};

/**
 * struct sm_core_hello - SM_CORE_HELLO's reply (the fd: physical memory)
 * @proto: SM_DAEMON_PROTO
 * @page_size: the board's page size
 * @pid: the daemon's pid
 * @started: when it started (CLOCK_REALTIME seconds)
 * @kernel: the profile's name ("6.12")
 * @board: the board file the daemon booted
 * @cmdline: the kernel command line it used
 * @boot: this run's boot id (random, never 0): every handle carries it,
 *	so an fd or id from an earlier daemon never names a buffer of this one
 */
struct sm_core_hello {
	uint32_t proto;
	uint32_t page_size;
	int32_t pid;
	uint32_t pad;
	int64_t started;
	char kernel[16];
	char board[512];
	char cmdline[512];
	uint64_t boot;
};

/**
 * struct sm_core_stop_req - SM_CORE_STOP (an empty request: not forced)
 * @force: stop even while dma-bufs are alive (their fds go dead);
 *	without it the answer is -EBUSY while any is
 */
struct sm_core_stop_req {
	uint32_t force;
	uint32_t pad;
};

/** struct sm_core_lookup_req - which handle has client-end inode @ino */
struct sm_core_lookup_req {
	uint64_t ino;
};

/**
 * struct sm_core_lookup - SM_CORE_LOOKUP's reply, followed by the kind's
 * own description (struct sm_dmabuf_heap_info or sm_dmabuf_buf_info)
 */
struct sm_core_lookup {
	uint32_t kind;
	uint32_t service;
};

/** struct sm_core_log_req - messages with sequence >= @from */
struct sm_core_log_req {
	uint64_t from;
};

/**
 * struct sm_core_log - SM_CORE_LOG's reply, followed by @count lines, each
 * "<level>text\n" (level as printk's digit)
 * @next: the sequence to ask for next
 * @count: lines that follow
 */
struct sm_core_log {
	uint64_t next;
	uint32_t count;
	uint32_t pad;
};

/* dmabuf service */
enum {
	SM_DMABUF_HEAPS = 1,	/* -> every heap */
	SM_DMABUF_OPEN,		/* open /dev/dma_heap/<name> -> heap handle */
	SM_DMABUF_ALLOC,	/* DMA_HEAP_IOCTL_ALLOC -> dma-buf handle */
	SM_DMABUF_INFO,		/* a buffer by id */
	SM_DMABUF_RANGES,	/* a buffer's physical ranges */
	SM_DMABUF_SET_NAME,	/* DMA_BUF_SET_NAME */
	SM_DMABUF_BUFFERS,	/* every live buffer */
};

/**
 * struct sm_dmabuf_heap_info - one heap
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
struct sm_dmabuf_heap_info {
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

/** struct sm_dmabuf_heaps - SM_DMABUF_HEAPS's reply, then @count infos */
struct sm_dmabuf_heaps {
	uint32_t count;
	uint32_t pad;
};

/**
 * struct sm_dmabuf_open_req - open a heap
 * @name: heap name
 * @flags: open(2) flags
 */
struct sm_dmabuf_open_req {
	char name[SM_DMA_HEAP_NAME_MAX];
	uint32_t flags;
	uint32_t pad;
};

/**
 * struct sm_dmabuf_buf_info - one buffer
 * @id: buffer id (also its inode number in fstat)
 * @size: bytes
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
struct sm_dmabuf_buf_info {
	uint64_t id;
	uint64_t size;
	uint64_t ino;
	uint32_t fd_flags;
	uint32_t type;
	int32_t pid;
	uint32_t pad;
	uint64_t nranges;
	uint64_t boot;
	char heap[SM_DMA_HEAP_NAME_MAX];
	char name[SM_DMA_BUF_NAME_LEN];
	char comm[16];
};

/**
 * struct sm_dmabuf_alloc_req - DMA_HEAP_IOCTL_ALLOC on heap @heap
 * @heap: heap name
 * @data: the ioctl's struct as the kernel would see it
 * @boot: the boot id the heap fd was opened under (-ENODEV otherwise)
 */
struct sm_dmabuf_alloc_req {
	char heap[SM_DMA_HEAP_NAME_MAX];
	struct sm_dma_heap_alloc data;
	uint64_t boot;
};

/**
 * struct sm_dmabuf_alloc - SM_DMABUF_ALLOC's reply (with the dma-buf fd
 * on success; on failure the status is the errno), followed by the kernel
 * messages the allocation printed, as SM_CORE_LOG's lines
 * @info: the new buffer
 * @nlog: message lines that follow
 */
struct sm_dmabuf_alloc {
	struct sm_dmabuf_buf_info info;
	uint32_t nlog;
	uint32_t pad;
};

/**
 * struct sm_dmabuf_id_req - a buffer by id (INFO, RANGES from @first);
 * @boot must be this daemon's boot id (-ENODEV otherwise), 0 for
 * BUFFERS
 */
struct sm_dmabuf_id_req {
	uint64_t id;
	uint64_t first;
	uint64_t boot;
};

/**
 * struct sm_dmabuf_range - physically contiguous bytes of a buffer, in
 * buffer order
 * @pa: physical address
 * @offset: where those bytes are in the physical memory fd
 * @len: bytes
 */
struct sm_dmabuf_range {
	uint64_t pa;
	uint64_t offset;
	uint64_t len;
};

/** struct sm_dmabuf_ranges - SM_DMABUF_RANGES's reply, then @count ranges */
struct sm_dmabuf_ranges {
	uint64_t total;
	uint32_t count;
	uint32_t pad;
};

/** struct sm_dmabuf_set_name_req - a name already checked by the caller */
struct sm_dmabuf_set_name_req {
	uint64_t id;
	uint64_t boot;
	char name[SM_DMA_BUF_NAME_LEN];
};

/** struct sm_dmabuf_buffers - SM_DMABUF_BUFFERS's reply, then @count infos */
struct sm_dmabuf_buffers {
	uint32_t count;
	uint32_t more;	/* ask again with first = last id + 1 */
};

/*
 * zram service: /dev/zram<N>, /sys/block/zram<N>/, /sys/class/zram-control/,
 * the module state (/sys/module/<name>/, init_module, delete_module) and
 * swap (swapon, swapoff) of the emulated system. Its path ops (OPEN, STAT,
 * READ, WRITE) take any served path: socmemd routes each to the service
 * whose file it is (the proc service's /proc/meminfo, /proc/swaps,
 * /proc/modules, ...; the dmabuf service's CMA debugfs). Paths are
 * absolute and normalised ("/sys/block/zram0/disksize").
 */
enum {
	SM_ZRAM_OPEN = 1,	/* open a served path -> handle + sm_zram_file */
	SM_ZRAM_STAT,		/* a served path -> sm_zram_stat */
	SM_ZRAM_READ,		/* sm_zram_io_req -> the bytes */
	SM_ZRAM_WRITE,		/* sm_zram_io_req + bytes -> sm_zram_count */
	SM_ZRAM_BDEV,		/* sm_zram_path_req -> sm_zram_bdev */
	SM_ZRAM_DISCARD,	/* sm_zram_io_req (offset, len) */
	SM_ZRAM_SWAPON,		/* sm_zram_path_req (flags: swapon's) */
	SM_ZRAM_SWAPOFF,	/* sm_zram_path_req */
	SM_ZRAM_MODULE,		/* sm_zram_module_req */
	SM_ZRAM_DEVICES,	/* -> sm_zram_devices + sm_zram_dev_info[] */
	SM_ZRAM_ATTR,		/* sm_zram_attr_req: read or write by id */
	SM_ZRAM_STATE,		/* -> sm_zram_state */
	SM_ZRAM_SHM,		/* -> this connection's I/O buffer (a memfd) */
	SM_ZRAM_SHM_READ,	/* sm_zram_io_req -> sm_zram_count, bytes in it */
	SM_ZRAM_SHM_WRITE,	/* sm_zram_io_req, bytes in it -> sm_zram_count */
};

/** struct sm_zram_path_req - a path and open(2) (or swapon(2)) flags */
struct sm_zram_path_req {
	char path[SM_ZRAM_PATH_MAX];
	uint32_t flags;
	uint32_t pad;
};

/**
 * struct sm_zram_file - what OPEN answers (and SM_CORE_LOOKUP describes)
 * @type: enum sm_zram_file_type
 * @dev: the zram device id (BDEV), or -1
 * @mode: st_mode
 * @flags: the open(2) flags it was opened with
 * @ino: its inode number (what stat of @path shows too)
 * @path: the served path
 * @mirror: for a directory, its stand-in under the state directory
 *	(relative), which opendir and openat use
 */
struct sm_zram_file {
	uint32_t type;
	int32_t dev;
	uint32_t mode;
	uint32_t flags;
	uint64_t ino;
	char path[SM_ZRAM_PATH_MAX];
	char mirror[SM_ZRAM_PATH_MAX];
};

/** struct sm_zram_stat - what stat(2) shows of a served path */
struct sm_zram_stat {
	uint32_t mode;
	uint32_t nlink;
	uint32_t uid;
	uint32_t gid;
	uint64_t size;
	uint64_t rdev;
	uint64_t ino;
	int64_t time;
	char mirror[SM_ZRAM_PATH_MAX];
};

/** struct sm_zram_io_req - READ/WRITE/DISCARD at @offset of @path */
struct sm_zram_io_req {
	char path[SM_ZRAM_PATH_MAX];
	uint64_t offset;
	uint32_t len;
	uint32_t flags;		/* the file's open flags */
};

/** struct sm_zram_count - a WRITE's reply: bytes taken */
struct sm_zram_count {
	uint64_t count;
};

/** struct sm_zram_bdev - a block device's size and limits (the ioctls) */
struct sm_zram_bdev {
	uint64_t size;		/* BLKGETSIZE64 */
	uint32_t logical;	/* BLKSSZGET */
	uint32_t physical;	/* BLKPBSZGET */
	uint32_t io_min;	/* BLKIOMIN */
	uint32_t io_opt;	/* BLKIOOPT */
};

/**
 * struct sm_zram_module_req - init_module/finit_module (@load) or
 * delete_module
 * @name: the module's name (.modinfo "name=")
 * @params: its parameters ("num_devices=2")
 * @flags: delete_module's flags (O_NONBLOCK, O_TRUNC)
 */
struct sm_zram_module_req {
	char name[64];
	char params[256];
	uint32_t load;
	uint32_t flags;
};

/** struct sm_zram_devices - SM_ZRAM_DEVICES's reply, then @count infos */
struct sm_zram_devices {
	uint32_t count;
	uint32_t loaded;	/* the zram module is loaded */
};

/**
 * struct sm_zram_dev_info - one device for `socmem zram`
 * @id: the N of zram<N>
 * @swap: it is a swap area now
 * @prio: its swap priority
 * @disksize: bytes
 * @algorithm: the selected algorithm
 * @mm: mm_stat's nine figures
 * @streams: max_comp_streams ("" where the profile has none)
 */
struct sm_zram_dev_info {
	int32_t id;
	uint32_t swap;
	int32_t prio;
	uint32_t pad;
	uint64_t disksize;
	char algorithm[32];
	uint64_t mm[9];
	char streams[16];
};

/**
 * struct sm_zram_attr_req - read (@write 0) or write /sys/block/zram<@id>/
 * @attr (@id -1: /sys/class/zram-control/@attr); the reply of a read is
 * the text, of a write an sm_zram_count
 */
struct sm_zram_attr_req {
	int32_t id;
	uint32_t write;
	char attr[64];
	char value[256];
};

/**
 * struct sm_zram_state - SM_ZRAM_STATE's reply
 * @release: the kernel release the module tree is for
 * @mem_total: MemTotal in bytes
 * @loaded: the zram module is loaded
 */
struct sm_zram_state {
	char release[64];
	uint64_t mem_total;
	uint32_t loaded;
	uint32_t pad;
};

#endif /* SOCMEM_DAEMON_WIRE_H */
