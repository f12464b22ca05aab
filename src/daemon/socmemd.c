// SPDX-License-Identifier: MIT
/*
 * socmemd.c - the per-user daemon: boots the board named by SOCMEM_BOARD
 * (DTB or DTS; default the bundled example with cma=64M), SOCMEM_CMDLINE
 * and SOCMEM_KERNEL into a running system, registers its heaps, and
 * serves every process through $SOCMEM_STATE/socket until `socmem daemon
 * stop`. Started on demand by the preload library and the CLI.
 *
 * Usage: socmemd [--foreground] [--state DIR] [--ready-fd N]
 * --ready-fd: write one line there once serving ("ok"), or why not
 * ("error <reason>"; "running" when another socmemd holds the lock).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <socmem/board.h>
#include <socmem/dt.h>

#include "internal.h"

struct opts {
	bool foreground;
	int ready_fd;
	const char *state;
};

static void ready(struct opts *o, const char *fmt, const char *msg)
{
	char line[SM_DIAG_MSG_MAX + 16];
	int n;

	if (o->ready_fd < 0) {
		if (strcmp(fmt, "ok"))
			fprintf(stderr, "socmemd: %s\n", msg ? msg : fmt);
		return;
	}
	n = snprintf(line, sizeof(line), fmt, msg);
	if (n > 0 && write(o->ready_fd, line, (size_t)n) < 0)
		n = -1;
	if (write(o->ready_fd, "\n", 1) < 0)
		n = -1;
	close(o->ready_fd);
	o->ready_fd = -1;
}

static const char *default_board(void)
{
#ifdef SOCMEM_DATA_BOARD
	if (!access(SOCMEM_DATA_BOARD, R_OK))
		return SOCMEM_DATA_BOARD;
#endif
	return SOCMEM_SOURCE_DIR "/examples/boards/seed.dts";
}

static int config(struct smd_config *c, const struct opts *o,
		  struct sm_diag *diag)
{
	const char *b = getenv("SOCMEM_BOARD");
	const char *idle = getenv("SOCMEM_IDLE_EXIT");
	const char *pbo = getenv("SOCMEM_PAGEBLOCK_ORDER");
	const char *kconfig;
	char dir[SM_DAEMON_PATH_MAX];
	char *abs;
	int ret;

	if (o->state)
		snprintf(dir, sizeof(dir), "%s", o->state);
	else if ((ret = sm_daemon_state_dir(dir, sizeof(dir), diag)))
		return ret;
	/*
	 * we chdir("/") when detaching: keep an absolute path. realpath()
	 * may write PATH_MAX bytes, so never into the short socket-path
	 * buffer (_FORTIFY_SOURCE aborted here); one too long for it stays
	 * as given.
	 */
	abs = realpath(dir, NULL);
	snprintf(c->state_dir, sizeof(c->state_dir), "%s",
		 abs && strlen(abs) < sizeof(c->state_dir) ? abs : dir);
	free(abs);
	c->kernel = getenv("SOCMEM_KERNEL");
	c->cmdline = getenv("SOCMEM_CMDLINE");
	if (b && *b) {
		c->board = b;
	} else {
		c->board = default_board();
		if (!c->cmdline)
			c->cmdline = "cma=64M";
	}
	c->idle_exit = idle ? atoi(idle) : 0;
	c->pageblock_order = -1;
	if (pbo && *pbo) {
		char *end;
		long v = strtol(pbo, &end, 10);

		if (*end || v < 1 || v > 10)
			return sm_dt_diag_set(diag, -EINVAL,
					      "SOCMEM_PAGEBLOCK_ORDER=%s: must be "
					      "a number 1..10", pbo);
		c->pageblock_order = (int)v;
	}
	c->env_file = getenv("SOCMEM_ENV");
	if (c->env_file && !*c->env_file)
		c->env_file = NULL;
	kconfig = getenv("SOCMEM_KCONFIG");
	if (kconfig && *kconfig) {
		ret = sm_boot_kconfig_read(kconfig, &c->kconfig_read, diag);
		if (ret) {
			char msg[sizeof(diag->msg)];

			snprintf(msg, sizeof(msg), "%s", diag->msg);
			return sm_dt_diag_set(diag, ret, "SOCMEM_KCONFIG=%s", msg);
		}
		c->kconfig = &c->kconfig_read;
	}
	if (c->kernel && !sm_boot_profile_find(c->kernel))
		return sm_dt_diag_set(diag, -EINVAL,
				      "SOCMEM_KERNEL=%s: unknown kernel "
				      "(supported: %s)", c->kernel,
				      sm_boot_profile_names());
	return 0;
}

static int boot(struct smd *d, struct sm_diag *diag)
{
	struct sm_boot_options bo = {
		.profile = d->cfg.kernel ? sm_boot_profile_find(d->cfg.kernel) :
					   sm_boot_profile_default(),
		.cmdline = d->cfg.cmdline,
		.pageblock_order = d->cfg.pageblock_order,
	};
	int ret;

	/* the build's own .config decides zones, CMA files, compressors */
	bo.profile = sm_boot_profile_configured(bo.profile, d->cfg.kconfig);
	if (!bo.profile)
		return sm_dt_diag_set(diag, -ENOMEM, "SOCMEM_KCONFIG: out of memory");

	ret = sm_dt_load(d->cfg.board, NULL, &d->dt, diag);
	if (ret)
		return ret;
	if (d->cfg.env_file) {
		/* a board environment (docs/env.md): the banks, the loader,
		 * the kernel image's place and size */
		struct sm_boot_env env;

		sm_boot_env_init(&env);
		ret = sm_boot_env_load_file(&env, d->cfg.env_file, diag);
		if (ret) {
			char msg[sizeof(diag->msg)];

			snprintf(msg, sizeof(msg), "%s", diag->msg);
			sm_dt_diag_set(diag, ret, "SOCMEM_ENV: %s", msg);
		} else {
			ret = sm_boot_board_boot_env(d->dt, &bo, &env, &d->board,
						     diag);
		}
		sm_boot_env_release(&env);
	} else {
		ret = sm_boot_board_boot(d->dt, &bo, &d->board, diag);
	}
	if (ret)
		return ret;
	return sm_mm_system_create(d->board, NULL, &d->sys, diag);
}

/* the lock: at most one socmemd per state directory */
static int lock_state(const char *dir, struct sm_diag *diag)
{
	char p[4096];
	int fd;

	if (sm_daemon_state_path(dir, SMD_LOCK, p, sizeof(p)))
		return sm_dt_diag_set(diag, -ENAMETOOLONG, "%s: too long", dir);
	fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return sm_dt_diag_set(diag, -errno, "%s: %s", p, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		close(fd);
		return -EBUSY;
	}
	return fd;	/* held until we exit */
}

static void write_pid(const char *dir)
{
	char p[4096];
	FILE *f;

	if (sm_daemon_state_path(dir, SMD_PIDFILE, p, sizeof(p)))
		return;
	f = fopen(p, "we");
	if (f) {
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
}

static void remove_runtime_files(const char *dir)
{
	char p[4096];

	if (!sm_daemon_state_path(dir, SMD_PIDFILE, p, sizeof(p)))
		unlink(p);
}

/* only 0, 1, 2 and the ready fd: nothing of the program that started us */
static void close_inherited(struct opts *o)
{
	if (o->ready_fd >= 0 && o->ready_fd != 3) {
		if (dup2(o->ready_fd, 3) < 0)
			return;
		o->ready_fd = 3;
	}
	if (syscall(SYS_close_range, o->ready_fd >= 0 ? 4 : 3, ~0U, 0))
		for (int fd = o->ready_fd >= 0 ? 4 : 3; fd < 1024; fd++)
			close(fd);
}

/*
 * Every buffer a client holds costs the daemon an fd: take all the fds
 * the hard limit allows, not the soft limit of whichever program
 * happened to start us (the kernel's own dma-bufs cost it nothing).
 */
static void raise_fd_limit(void)
{
	struct rlimit r;

	if (!getrlimit(RLIMIT_NOFILE, &r) && r.rlim_cur < r.rlim_max) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

static void detach(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return;		/* serve from here, still correct */
	if (pid > 0)
		_exit(0);
	setsid();
	if (chdir("/"))
		return;
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "ready-fd", required_argument, NULL, 'r' },
		{ "state", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->ready_fd = -1;
	while ((c = getopt_long(argc, argv, "f", lo, NULL)) != -1) {
		if (c == 'f')
			o->foreground = true;
		else if (c == 'r')
			o->ready_fd = atoi(optarg);
		else if (c == 's')
			o->state = optarg;
		else
			return -1;
	}
	return 0;
}

static int serve(struct smd *d, struct opts *o, struct sm_diag *diag)
{
	int ret = sm_daemon_server_open(d, diag);

	for (unsigned int i = 0; !ret && i < SM_SVC_MAX; i++)
		if (smd_services[i] && smd_services[i]->mirror)
			ret = smd_services[i]->mirror(d, diag);
	if (!ret)
		ret = sm_daemon_server_listen(d, diag);
	if (ret)
		return ret;
	if (!o->foreground)
		detach();
	write_pid(d->cfg.state_dir);
	ready(o, "ok", NULL);
	return sm_daemon_server_run(d);
}

int main(int argc, char **argv)
{
	static struct smd d = { .epfd = -1, .listen_fd = -1, .spare_fd = -1 };
	struct sm_diag diag = { 0 };
	struct opts o = { 0 };
	int lock;
	int ret;

	if (parse(argc, argv, &o)) {
		fprintf(stderr,
			"Usage: socmemd [--foreground] [--state DIR] [--ready-fd N]\n");
		return 2;
	}
	close_inherited(&o);
	raise_fd_limit();
	signal(SIGPIPE, SIG_IGN);
	ret = config(&d.cfg, &o, &diag);
	if (!ret)
		ret = sm_daemon_state_prepare(d.cfg.state_dir, true, &diag);
	if (ret) {
		ready(&o, "error %s", diag.msg);
		return 1;
	}
	lock = lock_state(d.cfg.state_dir, &diag);
	if (lock == -EBUSY) {
		ready(&o, "running", NULL);
		return 0;
	}
	ret = lock < 0 ? lock : boot(&d, &diag);
	if (ret) {
		ready(&o, "error cannot start the emulated system: %s",
		      diag.msg);
		return 1;
	}
	ret = serve(&d, &o, &diag);
	if (ret)
		ready(&o, "error cannot start the emulated system: %s",
		      diag.msg);
	sm_daemon_server_close(&d);
	remove_runtime_files(d.cfg.state_dir);
	sm_mm_system_destroy(d.sys);
	sm_boot_board_free(d.board);
	sm_dt_free(d.dt);
	return ret ? 1 : 0;
}
