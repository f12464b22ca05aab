// SPDX-License-Identifier: MIT
/*
 * cli.c - helpers every subcommand uses: messages in util-linux's style,
 * the board options and loading a board.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("socmem: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("socmem: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_try_help(const char *cmd)
{
	if (cmd)
		fprintf(stderr,
			"Try 'socmem %s --help' for more information.\n", cmd);
	else
		fprintf(stderr,
			"Try 'socmem --help' for more information.\n");
	return SM_EXIT_USAGE;
}

/* util-linux's close_stdout(): a failed write to stdout is a failure */
int cli_close_stdout(void)
{
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		if (errno != EPIPE)
			cli_err("write error: %s", strerror(errno));
		return EXIT_FAILURE;
	}
	return 0;
}

void cli_board_opts_init(struct cli_board_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->pageblock_order = -1;
}

int cli_board_opt(struct cli_board_opts *o, int c, const char *arg)
{
	char *end;
	long v;

	switch (c) {
	case 'k':
	case OPT_KERNEL:
		if (!sm_profile_find(arg)) {
			cli_err("--kernel %s: unknown kernel (supported: %s)",
				arg, sm_profile_names());
			return -1;
		}
		o->kernel = arg;
		return 1;
	case 'c':
	case OPT_CMDLINE:
		o->cmdline = arg;
		return 1;
	case OPT_PAGEBLOCK_ORDER:
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno || *end || end == arg || v < 1 || v > 10) {
			cli_err("--pageblock-order %s: must be a number 1..10",
				arg);
			return -1;
		}
		o->pageblock_order = (int)v;
		return 1;
	case 'I':
		if (o->n_include_dirs == sizeof(o->include_dirs) /
					 sizeof(o->include_dirs[0])) {
			cli_err("-I %s: too many include directories", arg);
			return -1;
		}
		o->include_dirs[o->n_include_dirs++] = arg;
		return 1;
	case OPT_NO_CPP:
		o->no_cpp = true;
		return 1;
	default:
		return 0;
	}
}

int cli_board_load(const char *path, const struct cli_board_opts *o,
		   struct sm_dt **dt, struct sm_board **board)
{
	struct sm_warnings log = { 0 };
	struct sm_dt_options dopts = {
		.include_dirs = o->include_dirs,
		.n_include_dirs = o->n_include_dirs,
		.no_cpp = o->no_cpp,
		.tool_log = &log,
	};
	struct sm_boot_options bopts = {
		.profile = o->kernel ? sm_profile_find(o->kernel) : NULL,
		.cmdline = o->cmdline,
		.pageblock_order = o->pageblock_order,
	};
	struct sm_diag diag = { 0 };

	if (sm_dt_load(path, &dopts, dt, &diag)) {
		cli_print_tool_log(o, &log);
		cli_err("%s", diag.msg);
		return SM_EXIT_USAGE;
	}
	sm_warnings_free(&log);
	if (sm_board_boot(*dt, &bopts, board, &diag)) {
		cli_err("%s", diag.msg);
		sm_dt_free(*dt);
		*dt = NULL;
		return SM_EXIT_USAGE;
	}
	return 0;
}

void cli_print_tool_log(const struct cli_board_opts *o,
			struct sm_warnings *log)
{
	for (size_t i = 0; o->verbose && i < log->count; i++)
		fprintf(stderr, "%s\n", log->msgs[i]);
	sm_warnings_free(log);
}

void cli_print_warnings(const struct sm_board *b)
{
	size_t n = strlen(b->dt->path);

	/* a warning that already names a file:line of the source stands alone */
	for (size_t i = 0; i < b->warnings.count; i++) {
		const char *w = b->warnings.msgs[i];

		if (!strncmp(w, b->dt->path, n) && w[n] == ':')
			cli_warnx("%s", w);
		else
			cli_warnx("%s: %s", b->dt->path, w);
	}
}

void cli_size_str(unsigned long long bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;
	unsigned long long v = bytes;

	while (u < 4 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u < 4 && v >= 1024) {
		/* not a whole number of the next unit: one decimal */
		double d = (double)bytes;

		u = 0;
		while (u < 4 && d >= 1024) {
			d /= 1024;
			u++;
		}
		snprintf(buf, len, "%.1f %s", d, units[u]);
		return;
	}
	snprintf(buf, len, "%llu %s", v, units[u]);
}
