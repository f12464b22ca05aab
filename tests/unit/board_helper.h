/* SPDX-License-Identifier: MIT */
/*
 * board_helper.h - boot a board written as DTS text in a test: the text
 * goes through the real tools (cpp, dtc) like a user's file would.
 */
#ifndef SOCMEM_TEST_BOARD_HELPER_H
#define SOCMEM_TEST_BOARD_HELPER_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <socmem/board.h>

/* A QEMU-virt-like board: 2/2 cells, RAM at 0x40000000, reserved-memory
 * children from @rmem (may be ""), extra root text from @extra. */
#define BOARD_DTS(ram, rmem, extra)                                           \
	"/dts-v1/;\n/ {\n #address-cells = <2>;\n #size-cells = <2>;\n"        \
	" memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 "    \
	ram ">; };\n"                                                          \
	" reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n" \
	rmem "\n };\n" extra "\n};\n"

struct test_board {
	struct sm_dt *dt;
	struct sm_board *b;
};

/* Boot @dts with kernel @kver ("6.1", ...) and @cmdline; NULL b on error. */
static inline struct test_board boot_dts(const char *dts, const char *kver,
				  const char *cmdline)
{
	struct test_board tb = { NULL, NULL };
	char path[] = "/tmp/socmem-test-XXXXXX";
	struct sm_boot_options o = { sm_boot_profile_find(kver), cmdline, -1 };
	struct sm_diag diag = { 0 };
	int fd = mkstemp(path);
	FILE *f;

	if (fd < 0)
		return tb;
	f = fdopen(fd, "w");
	fputs(dts, f);
	fclose(f);
	if (sm_dt_load(path, NULL, &tb.dt, &diag))
		fprintf(stderr, "boot_dts: %s\n", diag.msg);
	else if (sm_boot_board_boot(tb.dt, &o, &tb.b, &diag))
		fprintf(stderr, "boot_dts: %s\n", diag.msg);
	unlink(path);
	return tb;
}

static inline void board_free(struct test_board *tb)
{
	sm_boot_board_free(tb->b);
	sm_dt_free(tb->dt);
	tb->b = NULL;
	tb->dt = NULL;
}

/* Does the board's log have a line equal to @line? */
static inline int has_line(const struct sm_board *b, const char *line)
{
	for (size_t i = 0; b && i < b->nmsgs; i++)
		if (!strcmp(b->msgs[i].text, line))
			return 1;
	return 0;
}

/* The index of the first log line starting with @prefix, or -1. */
static inline int line_index(const struct sm_board *b, const char *prefix)
{
	for (size_t i = 0; b && i < b->nmsgs; i++)
		if (!strncmp(b->msgs[i].text, prefix, strlen(prefix)))
			return (int)i;
	return -1;
}

static inline const struct sm_region *region_named(const struct sm_board *b,
					    const char *name)
{
	int i = b ? sm_boot_board_find_region(b, name) : -1;

	return i >= 0 ? &b->regions[i] : NULL;
}

#endif
