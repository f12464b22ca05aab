/* SPDX-License-Identifier: MIT */
/*
 * cli.h - what the subcommands share: exit codes, messages, the options
 * that name a board (--kernel, --cmdline, --pageblock-order, -I), and
 * loading it.
 */
#ifndef SOCMEM_CLI_H
#define SOCMEM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <socmem/board.h>
#include <socmem/kconfig.h>

#define SM_EXIT_USAGE 2 /* could not run at all: bad usage, bad input */

/* Long options every board-reading command takes (getopt values). */
enum {
	OPT_KERNEL = 0x100,
	OPT_CMDLINE,
	OPT_PAGEBLOCK_ORDER,
	OPT_FORMAT,
	OPT_NO_CPP,
	OPT_MEMORY,
	OPT_LOADER,
	OPT_PAGE_SIZE,
	OPT_ENV,
	OPT_ENV_FROM,
	OPT_KCONFIG,
	OPT_BOARD_LAST,
};

#define CLI_BOARD_LONGOPTS                                                   \
	{ "kernel", required_argument, NULL, OPT_KERNEL },                   \
	{ "cmdline", required_argument, NULL, OPT_CMDLINE },                 \
	{ "pageblock-order", required_argument, NULL, OPT_PAGEBLOCK_ORDER }, \
	{ "include", required_argument, NULL, 'I' },                         \
	{ "no-cpp", no_argument, NULL, OPT_NO_CPP },                         \
	{ "memory", required_argument, NULL, OPT_MEMORY },                   \
	{ "loader", required_argument, NULL, OPT_LOADER },                   \
	{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },             \
	{ "env", required_argument, NULL, OPT_ENV },                         \
	{ "env-from", required_argument, NULL, OPT_ENV_FROM },               \
	{ "kconfig", required_argument, NULL, OPT_KCONFIG }

/* The help lines of the boot environment options, for every usage(). */
#define CLI_ENV_HELP                                                          \
	"     --memory BASE:SIZE[,..] RAM banks (e.g. 0x80000000:8G); replace\n"    \
	"                            the DT's memory nodes\n"                     \
	"     --loader qemu|uboot|efi how the board is started (default: qemu\n"  \
	"                            when the memory node has a size, else efi)\n"\
	"     --page-size 4K|16K|64K the kernel's page size (default 4K)\n"       \
	"     --env FILE             a board environment file (docs/env.md)\n"    \
	"     --env-from LOG         the environment a real boot log shows\n"     \
	"                            (memory ranges, EFI map, command line)\n"  \
	"     --kconfig FILE         the kernel build's .config (or config.gz):\n"\
	"                            its zones, CMA and zram options replace\n"  \
	"                            Debian's (docs/kconfig.md)\n"

/**
 * struct cli_board_opts - how to read and boot a board
 */
struct cli_board_opts {
	const char *kernel;
	const char *cmdline;
	int pageblock_order;
	const char *include_dirs[64];
	size_t n_include_dirs;
	bool no_cpp;
	const char *memory;
	int loader;
	const char *page_size;
	const char *env_file;
	const char *env_log;
	const struct sm_kconfig *kconfig;	/* --kconfig, or NULL */
	struct sm_kconfig kconfig_read;
	bool allow_no_ram;	/* logdiff: a log without banks still compares */
	bool verbose;	/* a failed cpp/dtc's whole output, not one line */
};

void sm_cli_board_opts_init(struct cli_board_opts *o);

/*
 * sm_cli_board_opt() - take one of CLI_BOARD_LONGOPTS (or -k, -c, -I: every
 * command that reads a board spells them alike).
 * Return: 1 if @c was a board option, 0 if not, -1 on a bad value
 * (already reported).
 */
int sm_cli_board_opt(struct cli_board_opts *o, int c, const char *arg);

/*
 * sm_cli_board_boot() - boot a tree with the board options. Every boot a
 * command makes goes through here (sm_cli_board_load(), carve's edited
 * copy), so the options, the boot environment among them, apply alike
 * to a board and to its edited copy: --env, --env-from, --memory,
 * --loader, --page-size build the environment (cli.c build_env()).
 * Return: 0 or sm_boot_board_boot_env()'s negative errno (reason in @diag).
 */
int sm_cli_board_boot(const struct cli_board_opts *o, const struct sm_dt *dt,
		      struct sm_board **board, struct sm_diag *diag);

/*
 * sm_cli_board_load() - read FILE and boot it; on failure print one line
 * and return SM_EXIT_USAGE (the caller exits with it), else 0.
 */
int sm_cli_board_load(const char *path, const struct cli_board_opts *o,
		      struct sm_dt **dt, struct sm_board **board);

/* sm_cli_print_env() - the environment a board was booted in, for people */
void sm_cli_print_env(FILE *out, const struct sm_board *b);
/* sm_cli_print_tool_log() - with --verbose, what cpp/dtc printed, and free it */
void sm_cli_print_tool_log(const struct cli_board_opts *o,
			   struct sm_warnings *log);

/* sm_cli_print_warnings() - each warning on stderr, prefixed */
void sm_cli_print_warnings(const struct sm_board *b);

void sm_cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sm_cli_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int sm_cli_try_help(const char *cmd);
int sm_cli_close_stdout(void);

/*
 * sm_cli_parse_size() - a size as util-linux reads it (cli_size.c): 4K =
 * 4KiB = 4096, 4KB = 4000, 1.5M, 0x1000. The one parser for sizes typed
 * on socmem's command line; what the kernel parses keeps memparse().
 * Return: 0, -EINVAL (not a size) or -ERANGE (past 64 bits).
 */
int sm_cli_parse_size(const char *s, uint64_t *out);

/* the --help paragraph on SIZE, shared by every command that takes one */
#define CLI_SIZE_HELP                                                       \
	"SIZE is bytes, or a number (1.5 allowed) with a unit: K, M, G, T, P,\n" \
	"E or KiB, MiB, ... are powers of 1024, KB, MB, ... powers of 1000,\n"  \
	"as zramctl reads them (util-linux).\n"

/* "12 MiB", "1.5 GiB", "512 KiB", "100 B" */
void sm_cli_size_str(unsigned long long bytes, char *buf, size_t len);

/* Subcommands */
int sm_cli_cmd_boot(int argc, char **argv);
int sm_cli_cmd_zram(int argc, char **argv);
int sm_cli_cmd_zram_bench(int argc, char **argv);
int sm_cli_cmd_mem(int argc, char **argv);
int sm_cli_cmd_check(int argc, char **argv);
int sm_cli_cmd_carve(int argc, char **argv);
int sm_cli_cmd_map(int argc, char **argv);
int sm_cli_cmd_logdiff(int argc, char **argv);
int sm_cli_cmd_heap(int argc, char **argv);
int sm_cli_cmd_daemon(int argc, char **argv);
int sm_cli_cmd_reset(int argc, char **argv);

#endif /* SOCMEM_CLI_H */
