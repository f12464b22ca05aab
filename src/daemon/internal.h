/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the files of src/daemon/ share: message transport,
 * state directory paths, and the server's objects (connections, handles,
 * services).
 */
#ifndef SOCMEM_DAEMON_INTERNAL_H
#define SOCMEM_DAEMON_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <socmem/board.h>
#include <socmem/daemon.h>
#include <socmem/dmabuf.h>
#include <socmem/kconfig.h>
#include <socmem/mm.h>

#include "wire.h"

#define SMD_SOCKET "socket"
#define SMD_LOCK "socmemd.lock"
#define SMD_PIDFILE "socmemd.pid"
#define SMD_HEAP_DIR "dev/dma_heap"

/* ---- wire.c: one message each way, with at most one fd --------------- */

int sm_daemon_send(int sock, const struct sm_daemon_hdr *h, const void *payload,
		   int fd);
/*
 * sm_daemon_recv() - one message into @buf (header included); @fd receives a
 * passed fd or -1; extra fds are closed.
 * Return: bytes received, 0 at EOF, or a negative errno (-EMFILE when
 * the fd did not fit, -EPROTO for a malformed message).
 */
ssize_t sm_daemon_recv(int sock, void *buf, size_t len, int *fd, int flags);

/* ---- state.c: the state directory --------------------------------- */

int sm_daemon_state_path(const char *dir, const char *name, char *buf,
			 size_t len);
/* create (mode 0700) or check that @dir is ours and private */
int sm_daemon_state_prepare(const char *dir, bool create, struct sm_diag *diag);
int sm_daemon_state_remove(const char *dir, struct sm_diag *diag);
/* rm -r, not following symlinks */
int sm_daemon_state_rmtree(const char *path);

/* ---- the server ------------------------------------------------------ */

struct smd;
struct smd_conn;
struct sm_svc_files;
struct smd_handle;

/**
 * struct smd_reply - a reply being built
 * @status: 0 or a negative errno
 * @fd: an fd to pass, or -1
 * @fd_owned: close @fd once sent
 * @len: payload bytes in @buf
 */
struct smd_reply {
	int status;
	int fd;
	bool fd_owned;
	size_t len;
	unsigned char buf[SM_DAEMON_MSG_MAX - sizeof(struct sm_daemon_hdr)];
};

/* room for @n more zeroed bytes at the end of the payload, or NULL */
void *sm_daemon_reply_put(struct smd_reply *r, size_t n);

/**
 * struct smd_service - one device class the daemon serves
 * @name: for messages
 * @init: set up once the system runs (registers state in smd->svc[])
 * @fini: tear down
 * @request: answer @op; fills @r (its status is the reply's)
 * @release: the last client fd of a handle is gone
 * @describe: SM_CORE_LOOKUP's kind-specific part for a handle
 * @mirror: create the state directory's entries for its paths
 * @files: the tables of the emulated system's files it serves, NULL-
 *	terminated, or NULL (svc_files.h: every path op is routed to the
 *	table that owns it)
 */
struct smd_service {
	const char *name;
	int (*init)(struct smd *d, struct sm_diag *diag);
	void (*fini)(struct smd *d);
	void (*request)(struct smd *d, struct smd_conn *c, unsigned int op,
			const void *req, size_t len, struct smd_reply *r);
	void (*release)(struct smd *d, struct smd_handle *h);
	void (*describe)(struct smd *d, struct smd_handle *h,
			 struct smd_reply *r);
	int (*mirror)(struct smd *d, struct sm_diag *diag);
	const struct sm_svc_files *const *files;
};

/**
 * struct smd_handle - the daemon's end of an object a client holds
 * @kind: enum sm_handle_kind
 * @service: the service that owns it
 * @fd: the daemon's end of the socketpair
 * @ino: inode of the client's end
 * @obj: the service's object
 */
struct smd_handle {
	int watch_type;		/* first: epoll tag */
	unsigned int kind;
	unsigned int service;
	int fd;
	uint64_t ino;
	void *obj;
	struct smd_handle *next;
};

/* replies a client may leave unread before it is dropped */
#define SMD_CONN_QUEUE_MAX 4

/** struct smd_out - a reply the client's socket had no room for yet */
struct smd_out {
	int fd;			/* owned: closed once sent or dropped */
	size_t len;		/* header + payload */
	struct smd_out *next;
	unsigned char msg[];
};

/**
 * struct smd_conn - one client connection (non-blocking: the daemon
 * never waits for one client)
 * @pid: the peer's pid (SO_PEERCRED)
 * @comm: its /proc/PID/comm
 * @out: replies waiting for room in its socket, oldest first
 * @nout: how many
 */
struct smd_conn {
	int watch_type;		/* first: epoll tag */
	int fd;
	pid_t pid;
	char comm[16];
	struct smd_out *out;
	unsigned int nout;
	struct smd_conn *next;
};

/**
 * struct smd_kmsg - a line of the daemon's log (sm_mm_log and
 * sm_dmabuf_log, merged in the order the requests printed them). The log
 * is a ring like printk's buffer: past SMD_LOG_LINES lines or
 * SMD_LOG_BYTES bytes of text the oldest lines go, and a reader asking
 * for a sequence number already gone gets the oldest one left.
 */
#define SMD_LOG_LINES 8192
#define SMD_LOG_BYTES (1U << 20)	/* CONFIG_LOG_BUF_SHIFT=20 */

struct smd_kmsg {
	enum sm_loglevel level;
	char *text;
};

/**
 * struct smd_config - what socmemd was asked to run
 */
struct smd_config {
	char state_dir[SM_DAEMON_PATH_MAX];
	const char *board;	/* SOCMEM_BOARD or the bundled example */
	const char *cmdline;	/* SOCMEM_CMDLINE, else "cma=64M" for the example */
	const char *kernel;	/* SOCMEM_KERNEL */
	int idle_exit;		/* SOCMEM_IDLE_EXIT seconds, 0 = never */
	int pageblock_order;	/* SOCMEM_PAGEBLOCK_ORDER, -1 = profile */
	const char *env_file;	/* SOCMEM_ENV: a board environment, or NULL */
	/* SOCMEM_KCONFIG (socmem/kconfig.h): the build's options, or NULL */
	const struct sm_kconfig *kconfig;
	struct sm_kconfig kconfig_read;
};

struct smd {
	struct smd_config cfg;
	sigset_t waitmask;		/* SIGTERM/SIGINT open in the wait */
	struct sm_dt *dt;
	struct sm_board *board;
	struct sm_system *sys;
	void *svc[SM_SVC_MAX];		/* each service's state */
	int epfd;
	int listen_fd;
	int listen_watch;		/* epoll tag of the listening socket */
	struct smd_conn *conns;
	struct smd_handle *handles;
	size_t nhandles;
	struct smd_kmsg *log;		/* ring of SMD_LOG_LINES */
	uint64_t log_first;		/* sequence of the oldest line */
	uint64_t log_next;		/* sequence of the next line */
	size_t log_bytes;		/* text held */
	size_t mm_log_seen;
	volatile bool stop;
	int64_t started;
	uint64_t boot;			/* this run's boot id */
	int spare_fd;			/* given up to refuse a client at EMFILE */
	bool listen_paused;		/* out of fds: not accepting for now */
};

extern const struct smd_service *const smd_services[SM_SVC_MAX];
extern const struct smd_service smd_core_service;
extern const struct smd_service smd_dmabuf_service;
extern const struct smd_service smd_zram_service;
extern const struct smd_service sm_svc_proc_service;

/* server.c */
int sm_daemon_server_open(struct smd *d, struct sm_diag *diag);
int sm_daemon_server_listen(struct smd *d, struct sm_diag *diag);
int sm_daemon_server_run(struct smd *d);
void sm_daemon_server_close(struct smd *d);
int sm_daemon_handle_new(struct smd *d, unsigned int service, unsigned int kind,
			 void *obj, int *client_fd, struct smd_handle **out);
struct smd_handle *sm_daemon_handle_by_ino(struct smd *d, uint64_t ino);
void sm_daemon_reap(struct smd *d);
int sm_daemon_log_add(struct smd *d, enum sm_loglevel level, const char *text);
void sm_daemon_log_import(struct smd *d, const struct sm_kmsg *m, size_t n,
			  size_t *seen);
/* lines from sequence @from (or the oldest left) into the reply;
 * Return: the sequence after the last line put */
uint64_t sm_daemon_log_lines(struct smd *d, uint64_t from, struct smd_reply *r,
			     uint32_t *count);
/* the mm and dmabuf libraries' own logs, imported and then dropped */
void sm_daemon_log_sync(struct smd *d);
/* dma-bufs alive (handles of kind SM_HANDLE_DMA_BUF) */
size_t sm_daemon_live_buffers(struct smd *d);

#endif /* SOCMEM_DAEMON_INTERNAL_H */
