// SPDX-License-Identifier: MIT
/*
 * main.c - socmem: dispatch to a subcommand (cmd_<name>.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand commands[] = {
	{ "boot", sm_cli_cmd_boot, "predict the kernel's early memory setup of a board" },
	{ "mem", sm_cli_cmd_mem, "run a board as a memory system: buddy, CMA, scripts" },
	{ "zram", sm_cli_cmd_zram, "zram devices like zramctl; compressor benchmark" },
	{ "check", sm_cli_cmd_check, "check a board's memory map (overlaps, failures, alignment)" },
	{ "carve", sm_cli_cmd_carve, "add, resize or remove a region in a board's DTS" },
	{ "map", sm_cli_cmd_map, "draw a board's memory map (SVG or HTML)" },
	{ "logdiff", sm_cli_cmd_logdiff, "compare a real boot log with the board model" },
	{ "heap", sm_cli_cmd_heap, "list, allocate from and inspect the DMA-BUF heaps" },
	{ "daemon", sm_cli_cmd_daemon, "start, stop or inspect the emulated system (socmemd)" },
	{ "reset", sm_cli_cmd_reset, "stop the emulated system and remove its state" },
};

static void usage(void)
{
	printf("Usage:\n socmem <command> [options] [args]\n\n"
	       "The memory system of a device-tree based Linux SoC, on a PC.\n\n"
	       "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf(" %-10s %s\n", commands[i].name, commands[i].summary);
	printf("\nOptions:\n"
	       " -h, --help     display this help\n"
	       " -V, --version  display version\n\n"
	       "Run 'socmem <command> --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	int ret;

	if (argc < 2) {
		sm_cli_err("no command given");
		return sm_cli_try_help(NULL);
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage();
		return sm_cli_close_stdout();
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("socmem %s\n", SOCMEM_VERSION);
		return sm_cli_close_stdout();
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		ret = commands[i].run(argc - 1, argv + 1);
		if (sm_cli_close_stdout() && ret == 0)
			ret = EXIT_FAILURE;
		return ret;
	}
	sm_cli_err("'%s' is not a socmem command", argv[1]);
	return sm_cli_try_help(NULL);
}
