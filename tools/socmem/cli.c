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

void sm_cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("socmem: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void sm_cli_warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("socmem: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int sm_cli_try_help(const char *cmd)
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
int sm_cli_close_stdout(void)
{
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		if (errno != EPIPE)
			sm_cli_err("write error: %s", strerror(errno));
		return EXIT_FAILURE;
	}
	return 0;
}

void sm_cli_board_opts_init(struct cli_board_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->pageblock_order = -1;
	o->loader = -1;
}

int sm_cli_board_opt(struct cli_board_opts *o, int c, const char *arg)
{
	char *end;
	long v;

	switch (c) {
	case 'k':
	case OPT_KERNEL:
		if (!sm_boot_profile_find(arg)) {
			sm_cli_err("--kernel %s: unknown kernel (supported: %s)",
				   arg, sm_boot_profile_names());
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
			sm_cli_err("--pageblock-order %s: must be a number 1..10",
				   arg);
			return -1;
		}
		o->pageblock_order = (int)v;
		return 1;
	case 'I':
		if (o->n_include_dirs == sizeof(o->include_dirs) /
					 sizeof(o->include_dirs[0])) {
			sm_cli_err("-I %s: too many include directories", arg);
			return -1;
		}
		o->include_dirs[o->n_include_dirs++] = arg;
		return 1;
	case OPT_NO_CPP:
		o->no_cpp = true;
		return 1;
	case OPT_MEMORY:
		o->memory = arg;
		return 1;
	case OPT_LOADER:
		o->loader = sm_boot_loader_find(arg);
		if (o->loader < 0) {
			sm_cli_err("--loader %s: must be qemu, uboot or efi", arg);
			return -1;
		}
		return 1;
	case OPT_PAGE_SIZE: {
		struct sm_boot_env probe;

		sm_boot_env_init(&probe);
		if (sm_boot_env_set_page_size(&probe, arg, SM_ENV_OPTION)) {
			sm_cli_err("--page-size %s: must be 4K, 16K or 64K", arg);
			return -1;
		}
		o->page_size = arg;
		return 1;
	}
	case OPT_ENV:
		o->env_file = arg;
		return 1;
	case OPT_ENV_FROM:
		o->env_log = arg;
		return 1;
	case OPT_KCONFIG: {
		struct sm_diag diag = { 0 };

		if (sm_boot_kconfig_read(arg, &o->kconfig_read, &diag)) {
			sm_cli_err("--kconfig %s", diag.msg);
			return -1;
		}
		o->kconfig = &o->kconfig_read;
		return 1;
	}
	default:
		return 0;
	}
}

/*
 * The environment, each source over the one before: the DT (filled in by
 * the boot), --env FILE, --env-from LOG, then the single options.
 */
static int build_env(const struct cli_board_opts *o, struct sm_boot_env *env)
{
	struct sm_diag diag = { 0 };

	sm_boot_env_init(env);
	if (o->env_file && sm_boot_env_load_file(env, o->env_file, &diag)) {
		sm_cli_err("--env %s", diag.msg);
		return -1;
	}
	if (o->env_log && sm_boot_env_from_log(env, o->env_log, &diag)) {
		sm_cli_err("--env-from %s", diag.msg);
		return -1;
	}
	if (o->memory &&
	    sm_boot_env_parse_banks(env, o->memory, SM_ENV_OPTION, &diag)) {
		sm_cli_err("--memory %s: %s", o->memory, diag.msg);
		return -1;
	}
	if (o->loader >= 0) {
		env->loader = (enum sm_loader)o->loader;
		env->loader_src = SM_ENV_OPTION;
	}
	if (o->page_size)
		sm_boot_env_set_page_size(env, o->page_size, SM_ENV_OPTION);
	env->allow_no_ram = o->allow_no_ram;
	return 0;
}

int sm_cli_board_boot(const struct cli_board_opts *o, const struct sm_dt *dt,
		      struct sm_board **board, struct sm_diag *diag)
{
	struct sm_boot_options bopts = {
		.profile = o->kernel ? sm_boot_profile_find(o->kernel) :
				       sm_boot_profile_default(),
		.cmdline = o->cmdline,
		.pageblock_order = o->pageblock_order,
	};
	struct sm_boot_env env;
	int err;

	bopts.profile = sm_boot_profile_configured(bopts.profile, o->kconfig);
	if (!bopts.profile)
		return sm_dt_diag_set(diag, -ENOMEM, "--kconfig: out of memory");

	if (build_env(o, &env)) {
		sm_boot_env_release(&env);
		return sm_dt_diag_set(diag, -EINVAL, "the boot environment options");
	}
	err = sm_boot_board_boot_env(dt, &bopts, &env, board, diag);
	sm_boot_env_release(&env);
	return err;
}

int sm_cli_board_load(const char *path, const struct cli_board_opts *o,
		      struct sm_dt **dt, struct sm_board **board)
{
	struct sm_warnings log = { 0 };
	struct sm_dt_options dopts = {
		.include_dirs = o->include_dirs,
		.n_include_dirs = o->n_include_dirs,
		.no_cpp = o->no_cpp,
		.tool_log = &log,
	};
	struct sm_diag diag = { 0 };
	struct sm_boot_env env;
	int err;

	/* a bad environment option is reported before the tree is read */
	err = build_env(o, &env);
	sm_boot_env_release(&env);
	if (err)
		return SM_EXIT_USAGE;
	if (sm_dt_load(path, &dopts, dt, &diag)) {
		sm_cli_print_tool_log(o, &log);
		sm_cli_err("%s", diag.msg);
		return SM_EXIT_USAGE;
	}
	sm_dt_warnings_free(&log);
	if (sm_cli_board_boot(o, *dt, board, &diag)) {
		sm_cli_err("%s", diag.msg);
		sm_dt_free(*dt);
		*dt = NULL;
		return SM_EXIT_USAGE;
	}
	return 0;
}

static void range_str(char *buf, size_t len, uint64_t base, uint64_t size)
{
	char sz[32];

	sm_cli_size_str(size, sz, sizeof(sz));
	snprintf(buf, len, "0x%llx-0x%llx (%s)", (unsigned long long)base,
		 (unsigned long long)(base + size - 1), sz);
}

void sm_cli_print_env(FILE *out, const struct sm_board *b)
{
	const struct sm_boot_env *e = &b->env;
	uint64_t total = 0;
	char buf[96];

	for (size_t i = 0; i < e->nbanks; i++)
		total += e->banks[i].size;
	sm_cli_size_str(total, buf, sizeof(buf));
	fprintf(out, "environment: loader %s (%s), page size %llu KiB\n",
		sm_boot_loader_name(e->loader), sm_boot_env_source_name(e->loader_src),
		(unsigned long long)(sm_boot_board_page_size(b) >> 10));
	fprintf(out, "  memory (%s): %s in %zu range%s", sm_boot_env_source_name(e->banks_src),
		buf, e->nbanks, e->nbanks == 1 ? "" : "s");
	for (size_t i = 0; i < e->nbanks && i < 8; i++)
		fprintf(out, "%s0x%llx-0x%llx%s", i ? ", " : ": ",
			(unsigned long long)e->banks[i].base,
			(unsigned long long)(e->banks[i].base + e->banks[i].size - 1),
			e->banks[i].nomap ? " nomap" : "");
	fprintf(out, "%s\n", e->nbanks > 8 ? ", ..." : "");
	range_str(buf, sizeof(buf), b->kernel_base, b->kernel_size);
	fprintf(out, "  kernel image (%s): %s\n",
		sm_boot_env_source_name(e->kernel_src), buf);
	range_str(buf, sizeof(buf), b->dtb_base, b->dtb_size);
	fprintf(out, "  DTB (%s): %s\n", sm_boot_env_source_name(e->dtb_src), buf);
	if (e->initrd_size) {
		range_str(buf, sizeof(buf), e->initrd_base, e->initrd_size);
		fprintf(out, "  initrd (%s): %s\n",
			sm_boot_env_source_name(e->initrd_src), buf);
	} else {
		fprintf(out, "  initrd: none\n");
	}
	if (e->release[0] || e->machine[0])
		fprintf(out, "  log: Linux %s, machine %s\n",
			e->release[0] ? e->release : "?",
			e->machine[0] ? e->machine : "?");
	for (size_t i = 0; i < b->assumptions.count; i++)
		fprintf(out, "  assumption: %s\n", b->assumptions.msgs[i]);
}

void sm_cli_print_tool_log(const struct cli_board_opts *o,
			   struct sm_warnings *log)
{
	for (size_t i = 0; o->verbose && i < log->count; i++)
		fprintf(stderr, "%s\n", log->msgs[i]);
	sm_dt_warnings_free(log);
}

void sm_cli_print_warnings(const struct sm_board *b)
{
	size_t n = strlen(b->dt->path);

	/* a warning that already names a file:line of the source stands alone */
	for (size_t i = 0; i < b->warnings.count; i++) {
		const char *w = b->warnings.msgs[i];

		if (!strncmp(w, b->dt->path, n) && w[n] == ':')
			sm_cli_warnx("%s", w);
		else
			sm_cli_warnx("%s: %s", b->dt->path, w);
	}
}

void sm_cli_size_str(unsigned long long bytes, char *buf, size_t len)
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
