/* SPDX-License-Identifier: MIT */
/*
 * daemon.h - socmemd, the per-user daemon that runs one emulated system
 * per state directory and serves it to every process: finding it,
 * connecting (starting it on demand), stopping and resetting it. The
 * requests themselves are the typed calls of <socmem/client.h>; the wire
 * format is private to src/daemon/ (wire.h).
 *
 * Every object a client holds an fd for (a heap, a dma-buf, a zram device,
 * a sysfs or proc file) is a *handle*: one end of a socketpair whose other
 * end the daemon keeps, so close, dup, fork and fd passing work as on the
 * device, and the daemon releases the object when the last copy is gone.
 */
#ifndef SOCMEM_DAEMON_H
#define SOCMEM_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <socmem/diag.h>

#define SM_DAEMON_PATH_MAX 108		/* sun_path */

/** enum sm_handle_kind - what a handle fd stands for */
enum sm_handle_kind {
	SM_HANDLE_NONE,
	SM_HANDLE_DMA_HEAP,	/* /dev/dma_heap/<name> */
	SM_HANDLE_DMA_BUF,	/* a dma-buf */
	SM_HANDLE_ZRAM_FIRST = 16, /* reserved for the zram service */
	SM_HANDLE_ZRAM_FILE = SM_HANDLE_ZRAM_FIRST, /* a sysfs or proc file */
	SM_HANDLE_ZRAM_BDEV,	/* /dev/zram<N> */
};

/**
 * struct sm_daemon_hello - what the daemon said when we connected,
 * checked (its protocol is ours, a boot id and a page size, the strings
 * end inside their fields)
 * @page_size: the board's page size
 * @pid: the daemon's pid
 * @started: when it started (CLOCK_REALTIME seconds)
 * @kernel: the profile's name ("6.12")
 * @board: the board file the daemon booted
 * @cmdline: the kernel command line it used
 * @boot: this run's boot id (random, never 0): every handle carries it,
 *	so an fd or id from an earlier daemon never names a buffer of this one
 * @phys_size: the bytes of the physical memory fd (every range of every
 *	buffer lies inside them)
 */
struct sm_daemon_hello {
	uint32_t page_size;
	int32_t pid;
	int64_t started;
	char kernel[16];
	char board[512];
	char cmdline[512];
	uint64_t boot;
	uint64_t phys_size;
};

/* ---- client side ---------------------------------------------------- */

struct sm_daemon_client;

/**
 * sm_daemon_state_dir() - the state directory: $SOCMEM_STATE, else
 * $XDG_RUNTIME_DIR/socmem, else ${TMPDIR:-/tmp}/socmem-<uid>. Whichever it
 * is, a client checks it (a directory owned by the caller, mode 0700,
 * not a symlink) before it connects there, and refuses a daemon that
 * runs as another uid: a directory someone else made first is refused
 * (-EPERM), never used.
 *
 * Return: 0; -ENAMETOOLONG (the socket path would not fit sun_path).
 */
int sm_daemon_state_dir(char *buf, size_t len, struct sm_diag *diag);

/**
 * struct sm_daemon_connect_opts - how to reach the daemon
 * @state_dir: NULL for sm_daemon_state_dir()
 * @autostart: start socmemd when none answers
 * @fd_floor: keep the client's own fds at or above this number (0: any);
 *	the preload library uses it so a program's fd numbers stay as the
 *	kernel would give them
 */
struct sm_daemon_connect_opts {
	const char *state_dir;
	bool autostart;
	int fd_floor;
};

/**
 * sm_daemon_connect() - connect (starting socmemd when asked) and say
 * hello
 * @out: receives the client
 * @diag: the reason on failure, one line naming the file at fault (e.g.
 *	the board socmemd could not read)
 *
 * Return: 0; -ENOENT or -ECONNREFUSED (no daemon and no @autostart);
 * -ENODEV (socmemd could not start: @diag says why); -EPERM (the state
 * directory is not private to this user, or the daemon in it runs as
 * another uid); -EPROTO; -ETIMEDOUT, -EIO (no answer); -ENOMEM.
 */
int sm_daemon_connect(const struct sm_daemon_connect_opts *opts,
		      struct sm_daemon_client **out, struct sm_diag *diag);

/** sm_daemon_close() - disconnect (NULL is fine) */
void sm_daemon_close(struct sm_daemon_client *c);

/** sm_daemon_dead() - a call failed in a way that ends the connection */
bool sm_daemon_dead(const struct sm_daemon_client *c);

/** sm_daemon_hello() - what the daemon said when we connected */
const struct sm_daemon_hello *sm_daemon_hello(const struct sm_daemon_client *c);

/** sm_daemon_phys_fd() - the physical memory fd (owned by the client) */
int sm_daemon_phys_fd(const struct sm_daemon_client *c);

/** sm_daemon_socket_fd() - the connection's own fd */
int sm_daemon_socket_fd(const struct sm_daemon_client *c);

/**
 * sm_daemon_stop() - ask the daemon of @state_dir to exit and wait until
 * it has (its socket is gone)
 * @force: even while dma-bufs are alive (their fds go dead)
 *
 * Return: 0 (stopped, or none was running); -EBUSY (dma-bufs are alive
 * and not @force); -ETIMEDOUT; another errno.
 */
int sm_daemon_stop(const char *state_dir, bool force, struct sm_diag *diag);

/**
 * sm_daemon_reset() - stop the daemon and remove everything it left in
 * the state directory, then the directory itself if empty
 *
 * Return: 0 or a negative errno (@diag names the file).
 */
int sm_daemon_reset(const char *state_dir, struct sm_diag *diag);

#endif /* SOCMEM_DAEMON_H */
