/* SPDX-License-Identifier: MIT */
/*
 * internal.h - the insides of libsocmem-preload.so: the real libc entry
 * points, the process-wide state (the one sanctioned global of socmem:
 * this process's connection to socmemd), the fd table, the fd kinds and
 * served paths, the mappings, and the sync checker.
 *
 * Rules for everything in here: never crash the host program (every
 * failure is an errno), never print except the documented one-line
 * messages and the sync checker's reports, and leave every fd and path
 * that is not ours to the real libc untouched.
 */
#ifndef SOCMEM_PRELOAD_INTERNAL_H
#define SOCMEM_PRELOAD_INTERNAL_H

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <socmem/client.h>
#include <socmem/daemon.h>
#include <socmem/dmabuf.h>

#define PL_EXPORT __attribute__((visibility("default")))

/*
 * A pointer argument that glibc's headers declare nonnull, which programs
 * pass as NULL anyway (the kernel says EFAULT): hidden from the
 * optimiser, which would otherwise drop our checks for NULL.
 */
#define PL_OPAQUE(p) ({ __typeof__(p) p_ = (p); __asm__("" : "+r"(p_)); p_; })

/* the emulated kernel's PAGE_SIZE: a sysfs attribute's size, one store() */
#define PL_PAGE_SIZE 4096

/* an open file's access mode, as the kernel's FMODE_READ/FMODE_WRITE */
#define PL_FMODE_READ(f) (((f)->flags & O_ACCMODE) != O_WRONLY)
#define PL_FMODE_WRITE(f) (((f)->flags & O_ACCMODE) != O_RDONLY)

/* a byte count or a negative errno as libc returns it: -1 and errno */
static inline ssize_t sm_preload_errno(ssize_t ret)
{
	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

/* ---- the real libc (preload.c) ------------------------------------ */

struct statx;

/* the one table of the real libc's entry points, filled at the init */
struct pl_real {
	int (*open)(const char *, int, ...);
	int (*openat)(int, const char *, int, ...);
	int (*close)(int);
	int (*dup)(int);
	int (*dup2)(int, int);
	int (*dup3)(int, int, int);
	int (*fcntl)(int, int, ...);
	int (*ioctl)(int, unsigned long, ...);
	void *(*mmap)(void *, size_t, int, int, int, off_t);
	int (*munmap)(void *, size_t);
	ssize_t (*read)(int, void *, size_t);
	ssize_t (*write)(int, const void *, size_t);
	int (*fstat)(int, struct stat *);
	off_t (*lseek)(int, off_t, int);
	DIR *(*opendir)(const char *);
	struct dirent *(*readdir)(DIR *);
	int (*closedir)(DIR *);
	ssize_t (*pread)(int, void *, size_t, off_t);
	ssize_t (*pwrite)(int, const void *, size_t, off_t);
	int (*fsync)(int);
	int (*fdatasync)(int);
	int (*chdir)(const char *);
	int (*fstatat)(int, const char *, struct stat *, int);
	ssize_t (*readlinkat)(int, const char *, char *, size_t);
	int (*statx)(int, const char *, int, unsigned int, struct statx *);
	int (*faccessat)(int, const char *, int, int);
	/* the trap's way past its own filter (trap.c: not looked up in
	 * the signal handler) */
	long (*syscall)(long, ...);
	char *(*getcwd)(char *, size_t);
	int (*shutdown)(int, int);
	long (*sysconf)(int);
};

extern struct pl_real pl_real;

/* ---- files and kinds ----------------------------------------------- */

struct pl_file;

/**
 * struct pl_kind - how one kind of fd answers (dma-heap, dma-buf; the
 * zram service adds its own)
 */
struct pl_kind {
	const char *name;
	int (*ioctl)(int fd, struct pl_file *f, unsigned long cmd, void *arg);
	void *(*mmap)(void *addr, size_t len, int prot, int flags, int fd,
		      struct pl_file *f, off_t off);
	ssize_t (*read)(struct pl_file *f, void *buf, size_t n);
	ssize_t (*write)(struct pl_file *f, const void *buf, size_t n);
	int (*fstat)(struct pl_file *f, struct stat *st);
	off_t (*lseek)(struct pl_file *f, off_t off, int whence);
	ssize_t (*pread)(struct pl_file *f, void *buf, size_t n, off_t off);
	ssize_t (*pwrite)(struct pl_file *f, const void *buf, size_t n,
			  off_t off);
	/* build a file from what sm_daemon_client_core_lookup() says it is */
	struct pl_file *(*adopt)(uint64_t ino, const struct sm_client_handle *h);
	void (*release)(struct pl_file *f);
};

/**
 * struct pl_buf - a dma-buf as this process knows it
 * @info: what the daemon says about it
 * @ranges: its physical ranges (fetched at the first mmap)
 * @sync: the CPU-access brackets this process opened on it
 * @refs: files and mappings that point here
 */
struct pl_buf {
	struct sm_client_buf info;
	struct sm_client_range *ranges;
	size_t nranges;
	struct sm_sync_state sync;
	unsigned int refs;
};

/**
 * struct pl_file - an open file description served by socmemd
 * @refs: fds of this process that refer to it
 * @kind: its kind
 * @ino: inode of its handle (the client end socmemd gave out)
 * @flags: file status flags as F_GETFL shows them
 * @minor: dma-heap: the heap's minor
 * @boot: dma-heap: the boot id of the daemon that opened it
 * @heap: dma-heap: the heap's name
 * @buf: dma-buf: the buffer
 * @z: a zram-service file: what it is, its offset, the text being read
 */
struct pl_file {
	unsigned int refs;
	const struct pl_kind *kind;
	uint64_t ino;
	int flags;
	uint32_t minor;
	uint64_t boot;
	char heap[SM_DMA_HEAP_NAME_MAX];
	struct pl_buf *buf;
	struct pl_zfile *z;
	struct pl_file *next;	/* every file, for lookups by inode */
};

/**
 * struct pl_zfile - a file of socmemd's zram service
 * @f: what OPEN answered
 * @pos: the file offset
 * @text: a sysfs or proc file's text, read at the first read from 0
 * @tlen: its length
 */
struct pl_zfile {
	struct sm_client_zfile f;
	uint64_t pos;
	char *text;
	size_t tlen;
};

/**
 * struct pl_path - paths socmemd serves
 * @path: a directory, e.g. "/dev/dma_heap" (the rest is the name in it),
 *	or NULL when @match decides (the rest is then the whole path)
 * @match: the normalised path is served
 * @open: open the rest ("" is the directory itself)
 * @stat: stat the rest: 0 and @st, or a negative errno
 * @dir: the rest is a directory: 0 and its stand-in under the state
 *	directory (relative, or absolute) in @mirror; -ENOTDIR, -ENOENT
 */
struct pl_path {
	const char *path;
	bool (*match)(const char *path);
	int (*open)(const char *rest, int flags, mode_t mode);
	int (*stat)(const char *rest, struct stat *st);
	int (*dir)(const char *rest, char *mirror, size_t len);
};

int sm_preload_dma_heap_open(const char *name, int flags, mode_t mode);
int sm_preload_dma_heap_stat(const char *name, struct stat *st);
int sm_preload_dma_heap_dir(const char *name, char *mirror, size_t len);
extern const struct pl_kind pl_kind_dma_heap;
extern const struct pl_kind pl_kind_dma_buf;

/*
 * sm_preload_dmabuf_sync() - after the last fd and mapping of a dma-buf in
 * this process are closed, wait until socmemd has released it: the kernel frees a
 * buffer at its last close, in the order the program closes them, and
 * the daemon would otherwise see the hang-ups later, in epoll's order
 * (which made the free lists' order, and later allocations, vary from
 * run to run). Under the lock; no daemon connection, nothing to wait for.
 */
void sm_preload_dmabuf_sync(void);

/* zram_paths.c: which paths are the emulated zram's (/dev/zram<N>,
 * /sys/block/zram<N>, /sys/module, /proc, /lib/modules/<release>, ...) */
bool sm_preload_zram_match(const char *path);
/* "/sys/dev/block/252:<N>[/...]" rewritten in place to the directory
 * that sysfs link names, "/sys/devices/virtual/block/zram<N>[/...]" */
void sm_preload_zram_devnum_alias(char *path, size_t len);
/*
 * The sysfs links to a device's directory (/sys/block/zram<N>,
 * /sys/class/block/zram<N>, /sys/dev/block/252:<N>): for such a
 * normalized @path, the link's text in @target and the directory it
 * names in @dir; Return: the text's length, 0 if @path is no such link
 */
size_t sm_preload_zram_link(const char *path, char *target, size_t tlen,
			    char *dir, size_t dlen);
/* "/lib/modules/<uname -r>[/...]": the rest after it, or NULL */
const char *sm_preload_zram_modules_rest(const char *path);
bool sm_preload_zram_name(const char *name);	/* "zram<N>" */
/* zram_file.c: the path table's row, and a served file as held here */
int sm_preload_zram_open(const char *path, int flags, mode_t mode);
int sm_preload_zram_stat(const char *path, struct stat *st);
int sm_preload_zram_dir(const char *path, char *mirror, size_t len);
int sm_preload_zfile_fstat(struct pl_file *f, struct stat *st);
ssize_t sm_preload_zfile_read(struct pl_file *f, void *buf, size_t n);
ssize_t sm_preload_zfile_write(struct pl_file *f, const void *buf, size_t n);
struct pl_file *sm_preload_zfile_adopt(uint64_t ino,
				       const struct sm_client_handle *h);
void sm_preload_zfile_release(struct pl_file *f);
/* zram_text.c, zram_bdev.c: the kinds of a zram-service file */
extern const struct pl_kind pl_kind_zfile;
extern const struct pl_kind pl_kind_zbdev;
/* lock-free: @fd holds a file of socmemd's zram service (text or device) */
bool sm_preload_fd_zfile(int fd);
/* zram_syscalls.c: swapon/swapoff and zram's modules */
int sm_preload_zram_swap(const char *path, int flags, bool on);
int sm_preload_zram_module(const char *name, const char *params, bool load,
			   unsigned int flags);
int sm_preload_zram_module_fd(int fd, const char *params);
int sm_preload_zram_module_image(const void *image, size_t len,
				 const char *params);
/* zshm.c: block I/O through the shared buffer, under the lock; bytes,
 * a negative errno, or -ENOSYS when the buffer cannot be had */
ssize_t sm_preload_zshm_pread(struct pl_file *f, void *buf, size_t n,
			      off_t off);
ssize_t sm_preload_zshm_pwrite(struct pl_file *f, const void *buf, size_t n,
			       off_t off);

/* klog.c: the kernel log is the emulated system's */
bool sm_preload_kmsg_refused(const char *path, int flags);	/* normalized path */
long sm_preload_klog(int type, char *buf, int len);	/* syslog(2); -errno */

/*
 * pathres.c: what a path names, however it is named (absolute, relative
 * to the working directory or @dirfd, "..", sysfs and host symlinks;
 * @follow: the last component's link too). Return: PL_RES_SERVED and
 * the normalized path in @buf, PL_RES_HOST (nothing of ours; @buf holds
 * the normalized path when it could have been), PL_RES_RENAMED (the
 * host's, but only by the name in @buf: ".." climbed out of a served
 * link the host does not have), or a negative errno
 * (-EFAULT for a bad pointer, -ENOENT for a host link into the host's
 * devices).
 */
#define PL_RES_HOST 0
#define PL_RES_SERVED 1
#define PL_RES_RENAMED 2	/* the host's, named by @buf ("..": see there) */
int sm_preload_resolve(int dirfd, const char *path, bool follow, char *buf,
		       size_t len);
/* an absolute @path normalized into @buf; false if it can't be ours */
bool sm_preload_path_normalize(const char *path, char *buf, size_t len);
/* a served directory's stand-in path in @p made the served path */
void sm_preload_path_unmirror(char *p);
/* preload.c: handles this process inherited across exec */
void sm_preload_adopt_inherited(void);
extern const struct pl_path pl_paths[];
extern const size_t pl_npaths;
const struct pl_kind *sm_preload_kind_by_id(unsigned int kind);

/* ---- process state (preload.c) -------------------------------------- */

#define PL_MAX_DIRS 64
#define PL_MAX_TRAPPED 64

struct pl_zlist;

/**
 * struct pl_dir - a DIR stream this library watches (dirs.c)
 * @d: the stream, NULL for a free slot
 * @chr: list its entries as character devices (/dev/dma_heap)
 * @zram: /dev or /sys/block: the emulated zram devices it adds
 */
struct pl_dir {
	_Atomic(DIR *) d;
	bool chr;
	struct pl_zlist *zram;
};

/**
 * struct pl_state - everything this process knows, in one place (the
 * library lives inside someone else's process, so this is its one
 * sanctioned global besides the fd table, fdtable.c, and the mappings,
 * pl_maps below: a 256 KiB table kept in .bss rather than in this
 * initialised struct). Three groups, by who may touch them.
 *
 * Under @lock:
 * @lock: serialises this group (never taken by the fast paths of fds
 *	that are not ours, nor by the signal handlers)
 * @client: the connection, NULL until first needed
 * @stale: a fork happened: the inherited connection is the parent's
 * @failed: socmemd could not start; opens fail with ENODEV from now on
 * @files: every struct pl_file
 * @last_alloc_fd: the fd of the most recent DMA_HEAP_IOCTL_ALLOC
 * @shm: the zram block I/O buffer shared with socmemd (zshm.c)
 * @shm_client: the connection @shm belongs to (a forked child's is not)
 * @shm_unsupported: socmemd has no shared buffer: do not ask again
 *
 * Set once (pthread_once or the init), read without the lock, because
 * path matching and the unlocked fast paths need them:
 * @init_once: sm_preload_init() ran (the real libc, @fd_floor, the trap)
 * @adopted: inherited handles: 0 not looked for yet, 1 looking, 2 done
 * @fd_floor: where our own fds live, out of the program's way
 * @state_once: @state_dir looked for
 * @state_dir: socmemd's state directory, "" if there is none (then
 *	@state_why says why)
 * @state_why: the one-line message of the failure to find it
 * @release_once: @host_release read
 * @host_release: uname -r, the /lib/modules tree kmod looks in
 *
 * Lock-free, atomics (readdir() and the signal handlers read them):
 * @dirs, @ndirs: the DIR streams of served and merged directories
 * @check_mode: the sync checker's mode (enum pl_check_mode), -1 unread
 * @check_installed: its SIGSEGV handler is in place
 * @old_segv: the handler it replaced, called for faults not its own
 * @trapped, @ntrapped: fd numbers this process's seccomp filters trap
 * @trap_handler_set: the SIGSYS handler is in place
 * @no_trap: seccomp refused a filter: do not try again
 */
struct pl_state {
	pthread_mutex_t lock;
	struct sm_daemon_client *client;
	bool stale;
	bool failed;
	struct pl_file *files;
	int last_alloc_fd;
	uint8_t *shm;
	struct sm_daemon_client *shm_client;
	bool shm_unsupported;

	pthread_once_t init_once;
	_Atomic int adopted;
	int fd_floor;
	pthread_once_t state_once;
	char state_dir[SM_DAEMON_PATH_MAX];
	char state_why[SM_DIAG_MSG_MAX];
	pthread_once_t release_once;
	char host_release[65];

	struct pl_dir dirs[PL_MAX_DIRS];
	_Atomic int ndirs;
	_Atomic int check_mode;
	_Atomic int check_installed;
	struct sigaction old_segv;
	int trapped[PL_MAX_TRAPPED];
	_Atomic int ntrapped;
	_Atomic bool trap_handler_set;
	_Atomic bool no_trap;
};

extern struct pl_state pl;

void sm_preload_init(void);
/* socmemd's state directory (found once, lock-free), or NULL: @pl.state_why */
const char *sm_preload_state_dir(void);
void *sm_preload_dlsym(const char *name);
/* the served path a normalized @buf names (aliases resolved in place),
 * with the part after the table row's directory in @rest */
const struct pl_path *sm_preload_match_normalized(char *buf, size_t len,
						  const char **rest);
/* sm_preload_resolve() then sm_preload_match_normalized(): NULL with *@err 0 for the
 * host's paths, NULL with a negative errno in *@err for refused ones;
 * *@path becomes @buf when the host knows the path only by that name */
const struct pl_path *sm_preload_lookup(int *dirfd, const char **path,
					bool follow,
					const char **rest, char *buf, size_t len,
					int *err);
void sm_preload_lock(void);
void sm_preload_unlock(void);
/* this thread is inside sm_preload_lock() (the write trap must not wait for it) */
bool sm_preload_lock_held(void);
/* under the lock: the connection (started on demand), or NULL + errno */
struct sm_daemon_client *sm_preload_client(bool autostart);
/*
 * PL_ASK(c, call): a typed call of <socmem/client.h> to socmemd, under
 * the lock, @call naming the connection @c (started on demand). It
 * reconnects and asks again once only if the request could not be sent
 * (the daemon was gone before it): a request that went out unanswered is
 * not replayed (-ETIMEDOUT, -EIO). Its value is the call's: 0 or a
 * negative errno.
 */
#define PL_ASK(c, call) ({						\
	int pl_r_ = -EPIPE;						\
	for (int pl_a_ = 0; pl_a_ < 2 && pl_r_ == -EPIPE; pl_a_++) {	\
		struct sm_daemon_client *c = sm_preload_client(true);		\
									\
		if (!c) {						\
			pl_r_ = -errno;					\
			break;						\
		}							\
		pl_r_ = (call);						\
		sm_preload_asked(c, pl_r_);					\
	}								\
	pl_r_;								\
})
/* after a call on @c: drop a connection that is dead or was gone */
void sm_preload_asked(struct sm_daemon_client *c, int ret);
/* under the lock: @boot is not the connected daemon's (its exporter is
 * gone); true also when no daemon can be reached */
bool sm_preload_boot_stale(uint64_t boot);
void sm_preload_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int sm_preload_move_fd(int fd);

/* ---- system calls past libc (trap.c) ---------------------------------- */

/* trap the write system calls on fd number @fd (a served file is there) */
void sm_preload_trap_fd(int fd);
/* at start: the SIGSYS handler, if filters came with the process */
void sm_preload_trap_init(void);

/* ---- the fd table (fdtable.c) ---------------------------------------- */

#define PL_INTERNAL ((struct pl_file *)1) /* one of our own fds */

struct pl_file *sm_preload_fd_peek(int fd);	/* lock-free: NULL if not ours */
int sm_preload_fd_set(int fd, struct pl_file *f);
void sm_preload_fd_clear(int fd);
/* the first fd >= @fd the table knows (ours or internal), or -1 */
int sm_preload_fd_next(int fd);
int sm_preload_fd_internal(int fd);		/* mark and return @fd */
/* under the lock: drop @fd's reference to its file */
void sm_preload_fd_drop(int fd);
struct pl_file *sm_preload_file_by_ino(uint64_t ino);
struct pl_file *sm_preload_file_new(const struct pl_kind *k, uint64_t ino,
				    int flags);
void sm_preload_file_put(struct pl_file *f);
/* under the lock: an fd we did not make; is it a socmemd handle? */
struct pl_file *sm_preload_identify(int fd);
struct pl_file *sm_preload_identify_or_peek(int fd);

/* ---- user memory without faulting (uaccess.c) -------------------------- */

int sm_preload_copy_in(void *dst, const void *src, size_t n);
int sm_preload_copy_out(void *dst, const void *src, size_t n);
/* bytes readable from @src, up to @n */
size_t sm_preload_readable(const void *src, size_t n);

/* ---- mappings (mapping.c) ---------------------------------------------- */

void *sm_preload_buf_mmap(void *addr, size_t len, int prot, int flags, int fd,
			  struct pl_file *f, off_t off);
int sm_preload_munmap(void *addr, size_t len);
bool sm_preload_have_mappings(void);
/* re-apply the sync checker's protection to every mapping of @b */
void sm_preload_buf_protect(struct pl_buf *b);
void sm_preload_buf_put(struct pl_buf *b);

/* ---- the sync checker (checker.c) ------------------------------------ */

enum pl_check_mode { PL_CHECK_OFF, PL_CHECK_REPORT, PL_CHECK_ABORT };

enum pl_check_mode sm_preload_check_mode(void);
int sm_preload_check_install(void);
void sm_preload_check_bad_fd(int fd, uint64_t flags);
void sm_preload_check_no_direction(int fd, const struct pl_buf *b,
				   uint64_t flags);

/**
 * struct pl_map - one mmap of a dma-buf (read by the signal handler
 * without the lock: the fields are set before @used is)
 */
struct pl_map {
	_Atomic int used;
	uintptr_t start;
	size_t len;
	int prot;		/* what the program asked for */
	int fd;			/* the fd it mapped */
	int hold;		/* our dup of it: the mapping's reference */
	uint64_t off;		/* buffer offset of @start */
	struct pl_buf *buf;
	_Atomic int open;	/* reported: unprotected until the next sync */
};

#define PL_MAX_MAPS 4096
extern struct pl_map pl_maps[PL_MAX_MAPS];
int sm_preload_map_prot(const struct pl_map *m);

#endif /* SOCMEM_PRELOAD_INTERNAL_H */
