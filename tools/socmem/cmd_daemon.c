// SPDX-License-Identifier: MIT
/*
 * cmd_daemon.c - `socmem daemon start|stop|status|log` and `socmem
 * reset`: the per-user emulated system (socmemd) behind /dev/dma_heap in
 * programs run with libsocmem-preload.so.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <socmem/client.h>
#include <socmem/daemon.h>

#include "cli.h"
#include "heap.h"

static void usage(void)
{
	printf("Usage:\n"
	       " socmem daemon start [options] [BOARD]\n"
	       " socmem daemon stop [--force]\n"
	       " socmem daemon status|log\n\n"
	       "The emulated system every process shares (socmemd). `start`\n"
	       "boots BOARD (default: SOCMEM_BOARD, else the bundled example\n"
	       "board with cma=64M); it also starts on first use.\n\n"
	       "Options:\n"
	       " -k, --kernel VER     kernel to model: %s (SOCMEM_KERNEL)\n"
	       " -c, --cmdline STR    kernel command line (SOCMEM_CMDLINE)\n"
	       " -f, --force          stop: even while dma-bufs are alive\n"
	       "                      (their fds go dead; without it, stop\n"
	       "                      refuses and names the processes)\n"
	       " -h, --help           display this help\n\n"
	       "The state directory is SOCMEM_STATE (default\n"
	       "$XDG_RUNTIME_DIR/socmem or ${TMPDIR:-/tmp}/socmem-UID).\n",
	       sm_boot_profile_names());
}

static int state_dir(char *buf, size_t len)
{
	struct sm_diag diag = { 0 };

	if (sm_daemon_state_dir(buf, len, &diag)) {
		sm_cli_err("%s", diag.msg);
		return SM_EXIT_USAGE;
	}
	return 0;
}

static int start(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sm_daemon_connect_opts co = { .autostart = true };
	struct sm_daemon_client *c;
	struct sm_diag diag = { 0 };
	const struct sm_daemon_hello *h;
	int opt;

	while ((opt = getopt_long(argc, argv, "k:c:h", lo, NULL)) != -1) {
		if (opt == 'k') {
			if (!sm_boot_profile_find(optarg)) {
				sm_cli_err("--kernel %s: unknown kernel "
					   "(supported: %s)", optarg,
					   sm_boot_profile_names());
				return SM_EXIT_USAGE;
			}
			setenv("SOCMEM_KERNEL", optarg, 1);
		} else if (opt == 'c') {
			setenv("SOCMEM_CMDLINE", optarg, 1);
		} else if (opt == 'h') {
			usage();
			return EXIT_SUCCESS;
		} else {
			return sm_cli_try_help("daemon");
		}
	}
	if (argc - optind > 1) {
		sm_cli_err("daemon start: one board file only");
		return sm_cli_try_help("daemon");
	}
	if (optind < argc)
		setenv("SOCMEM_BOARD", argv[optind], 1);
	if (sm_daemon_connect(&co, &c, &diag)) {
		sm_cli_err("%s", diag.msg);
		return SM_EXIT_USAGE;
	}
	h = sm_daemon_hello(c);
	printf("socmemd %d: %s, Linux %s, command line: %s\n", (int)h->pid,
	       h->board, h->kernel, *h->cmdline ? h->cmdline : "(empty)");
	/* one system per state directory: say so if it is not the one asked */
	if ((optind < argc && strcmp(h->board, argv[optind])) ||
	    (getenv("SOCMEM_KERNEL") && strcmp(h->kernel, getenv("SOCMEM_KERNEL"))))
		sm_cli_warnx("an emulated system was already running; "
			     "'socmem reset' first to boot another");
	sm_daemon_close(c);
	return 0;
}

static int status(void)
{
	struct sm_daemon_connect_opts co = { .autostart = false };
	struct sm_daemon_client *c;
	struct sm_diag diag = { 0 };
	const struct sm_daemon_hello *h;
	char dir[SM_DAEMON_PATH_MAX];
	char when[64];
	time_t t;
	int ret = state_dir(dir, sizeof(dir));

	if (ret)
		return ret;
	ret = sm_daemon_connect(&co, &c, &diag);
	if (ret == -ENOENT || ret == -ECONNREFUSED) {
		printf("socmemd: not running (state directory %s)\n", dir);
		return EXIT_FAILURE;
	}
	if (ret) {
		sm_cli_err("%s", diag.msg);
		return SM_EXIT_USAGE;
	}
	h = sm_daemon_hello(c);
	t = (time_t)h->started;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime(&t));
	printf("socmemd %d: running since %s\n"
	       " state directory: %s\n board: %s\n kernel: Linux %s\n"
	       " command line: %s\n",
	       (int)h->pid, when, dir, h->board, h->kernel,
	       *h->cmdline ? h->cmdline : "(empty)");
	sm_daemon_close(c);
	return 0;
}

static int print_log(void)
{
	static char buf[SM_CLIENT_TEXT_MAX];
	struct sm_client_text text = { .buf = buf, .cap = sizeof(buf) };
	struct sm_daemon_connect_opts co = { .autostart = true };
	uint64_t from = 0, next;
	struct sm_daemon_client *c;
	struct sm_diag diag = { 0 };
	int ret;

	if (sm_daemon_connect(&co, &c, &diag)) {
		sm_cli_err("%s", diag.msg);
		return SM_EXIT_USAGE;
	}
	do {
		const char *p = buf;

		ret = sm_daemon_client_core_log(c, from, &next, &text);
		if (ret)
			break;
		/* checked: whole lines, no NUL inside them */
		for (uint32_t i = 0; i < text.lines; i++) {
			const char *nl = strchr(p, '\n');
			const char *t = strchr(p, '>');

			if (!nl)
				break;
			t = t && t < nl ? t + 1 : p;
			printf("%.*s\n", (int)(nl - t), t);
			p = nl + 1;
		}
		if (next == from)
			break;
		from = next;
	} while (text.lines);
	sm_daemon_close(c);
	if (ret)
		sm_cli_err("daemon log: %s", strerror(-ret));
	return ret ? EXIT_FAILURE : 0;
}

/* add @pid to @pids (distinct), up to @max */
static void add_pid(int *pids, size_t *n, size_t max, int pid)
{
	for (size_t i = 0; i < *n; i++)
		if (pids[i] == pid)
			return;
	if (*n < max)
		pids[(*n)++] = pid;
}

/*
 * Which processes hold the live buffers: those with an fd on a buffer's
 * handle (a mapping holds one too), else the one that allocated it.
 */
static void name_holders(void)
{
	struct sm_daemon_connect_opts co = { .autostart = false };
	struct sm_daemon_client *c;
	uint64_t first = 0;
	bool more;
	struct sm_diag diag = { 0 };
	struct holder *h;
	size_t nh, np = 0, nbuf = 0;
	int pids[32];
	char line[1024];
	size_t used = 0;

	if (sm_daemon_connect(&co, &c, &diag))
		return;
	h = sm_cli_heap_scan_holders(&nh);
	do {
		struct sm_client_buf *bufs, *bi;
		size_t n;
		bool held;

		more = false;
		if (sm_daemon_client_dmabuf_buffers(c, first, &bufs, &n, &more))
			break;
		bi = bufs;
		for (size_t i = 0; i < n; i++, bi++, nbuf++) {
			held = false;
			for (size_t k = 0; k < nh; k++)
				if (h[k].ino == bi->ino) {
					add_pid(pids, &np, 32, h[k].pid);
					held = true;
				}
			if (!held)
				add_pid(pids, &np, 32, bi->pid);
			first = bi->id + 1;
		}
		free(bufs);
	} while (more);
	sm_daemon_close(c);
	free(h);
	line[0] = '\0';
	for (size_t i = 0; i < np && used < sizeof(line); i++) {
		char p[64], comm[32] = "?";
		FILE *f;
		int k;

		snprintf(p, sizeof(p), "/proc/%d/comm", pids[i]);
		f = fopen(p, "re");
		if (f && fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		if (f)
			fclose(f);
		k = snprintf(line + used, sizeof(line) - used, "%s%d (%s)",
			     i ? ", " : "", pids[i], comm);
		if (k < 0)
			break;
		used += (size_t)k;
	}
	sm_cli_err("daemon stop: %zu dma-buf%s alive, held by %s; "
		   "'socmem daemon stop --force' stops anyway (their fds go dead)",
		   nbuf, nbuf == 1 ? " is" : "s are", np ? line : "(unknown)");
}

static int stop(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char dir[SM_DAEMON_PATH_MAX];
	struct sm_diag diag = { 0 };
	bool force = false;
	int opt;
	int ret;

	while ((opt = getopt_long(argc, argv, "fh", lo, NULL)) != -1) {
		if (opt == 'f') {
			force = true;
		} else if (opt == 'h') {
			usage();
			return EXIT_SUCCESS;
		} else {
			return sm_cli_try_help("daemon");
		}
	}
	if (optind < argc) {
		sm_cli_err("daemon stop: no arguments expected");
		return sm_cli_try_help("daemon");
	}
	ret = state_dir(dir, sizeof(dir));
	if (ret)
		return ret;
	ret = sm_daemon_stop(dir, force, &diag);
	if (ret == -EBUSY) {
		name_holders();
		return EXIT_FAILURE;
	}
	if (ret) {
		sm_cli_err("%s", diag.msg);
		return EXIT_FAILURE;
	}
	return 0;
}

int sm_cli_cmd_daemon(int argc, char **argv)
{
	if (argc < 2) {
		sm_cli_err("daemon: no command given (start, stop, status, log)");
		return sm_cli_try_help("daemon");
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage();
		return EXIT_SUCCESS;
	}
	if (!strcmp(argv[1], "start"))
		return start(argc - 1, argv + 1);
	if (!strcmp(argv[1], "stop"))
		return stop(argc - 1, argv + 1);
	if (argc > 2) {
		sm_cli_err("daemon %s: no arguments expected", argv[1]);
		return sm_cli_try_help("daemon");
	}
	if (!strcmp(argv[1], "status"))
		return status();
	if (!strcmp(argv[1], "log"))
		return print_log();
	sm_cli_err("daemon: unknown command '%s'", argv[1]);
	return sm_cli_try_help("daemon");
}

int sm_cli_cmd_reset(int argc, char **argv)
{
	char dir[SM_DAEMON_PATH_MAX];
	struct sm_diag diag = { 0 };
	int ret;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("Usage:\n socmem reset\n\n"
		       "Stop the emulated system (socmemd) and remove its state\n"
		       "directory: every buffer is gone, the next use boots a\n"
		       "fresh system.\n");
		return EXIT_SUCCESS;
	}
	if (argc > 1) {
		sm_cli_err("reset: no arguments expected");
		return sm_cli_try_help("reset");
	}
	ret = state_dir(dir, sizeof(dir));
	if (ret)
		return ret;
	if (sm_daemon_reset(dir, &diag)) {
		sm_cli_err("%s", diag.msg);
		return EXIT_FAILURE;
	}
	return 0;
}
