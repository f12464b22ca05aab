// SPDX-License-Identifier: MIT
/*
 * cmdline_test.c - the kernel command line: memparse(), kstrtoull(), next_arg()'s
 * word splitting, and the cma= early parameter (kernel/dma/contiguous.c
 * early_cma()), including the odd forms the kernel accepts.
 */
#include <errno.h>

#include "../test.h"
#include "../../src/boot/internal.h"
#include "board_helper.h"

#define MB (1024ULL * 1024)

/* Expect memparse's base detection, suffixes and stop-at-garbage. */
static void memparse_forms(void)
{
	const char *end;

	CHECK_EQ_U64(sm_dt_memparse("64M", &end), 64 * MB);
	CHECK_EQ_U64(sm_dt_memparse("0x1400000", &end), 0x1400000);
	CHECK_EQ_U64(sm_dt_memparse("010", &end), 8); /* octal */
	CHECK_EQ_U64(sm_dt_memparse("1g", &end), 1024 * MB);
	CHECK_EQ_U64(sm_dt_memparse("2T", &end), 2ULL << 40);
	CHECK_EQ_U64(sm_dt_memparse("12Mxyz", &end), 12 * MB);
	CHECK_STR(end, "xyz");
	CHECK_EQ_U64(sm_dt_memparse("0xg", &end), 0); /* "0x" without a digit */
	CHECK_STR(end, "xg");
	CHECK_EQ_U64(sm_dt_memparse("", &end), 0);
	CHECK_EQ_U64(sm_dt_memparse("K", &end), 0);
	CHECK_STR(end, "");
}

/*
 * Expect kstrtoull()'s strictness (lib/kstrtox.c): the whole string but
 * one newline, one base prefix, -ERANGE past 64 bits.
 */
static void kstrtoull_forms(void)
{
	uint64_t v = 7;

	CHECK_EQ_U64(sm_dt_kstrtoull("42\n", 10, &v), 0);
	CHECK_EQ_U64(v, 42);
	CHECK_EQ_U64(sm_dt_kstrtoull("+0x10", 0, &v), 0);
	CHECK_EQ_U64(v, 16);
	CHECK_EQ_U64(sm_dt_kstrtoull("0x10", 16, &v), 0);
	CHECK_EQ_U64(v, 16);
	CHECK_EQ_U64(sm_dt_kstrtoull("010", 0, &v), 0);
	CHECK_EQ_U64(v, 8);
	CHECK_EQ_U64(sm_dt_kstrtoull("18446744073709551615", 10, &v), 0);
	CHECK_EQ_U64(v, UINT64_MAX);
	v = 7;
	CHECK_EQ_U64(sm_dt_kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	CHECK_EQ_U64(sm_dt_kstrtoull("0x0x5", 16, &v), -EINVAL);
	CHECK_EQ_U64(sm_dt_kstrtoull("12M", 10, &v), -EINVAL);
	CHECK_EQ_U64(sm_dt_kstrtoull("1\n\n", 10, &v), -EINVAL);
	CHECK_EQ_U64(sm_dt_kstrtoull("", 10, &v), -EINVAL);
	CHECK_EQ_U64(sm_dt_kstrtoull("-1", 10, &v), -EINVAL);
	CHECK_EQ_U64(v, 7);	/* untouched on error */
}

/* Expect next_arg()'s splitting: quotes group, "--" ends the kernel's part. */
static void cmdline_split(void)
{
	struct sm_cmdline cl;

	CHECK(sm_dt_cmdline_parse("  a=1 \"b=two words\" c d=\"x y\" -- e=2",
				  &cl) == 0);
	CHECK_EQ_U64(cl.count, 4);
	CHECK_STR(cl.params[0].name, "a");
	CHECK_STR(cl.params[0].value, "1");
	CHECK_STR(cl.params[1].name, "b");
	CHECK_STR(cl.params[1].value, "two words");
	CHECK_STR(cl.params[2].name, "c");
	CHECK(cl.params[2].value == NULL);
	CHECK_STR(cl.params[3].value, "x y");
	sm_dt_cmdline_free(&cl);
}

static struct test_board boot_cmdline(const char *cmdline)
{
	return boot_dts(BOARD_DTS("1 0", "", ""), "6.12", cmdline);
}

/* Expect cma=64M to set only the size, and the area below the DMA limit. */
static void cma_size_only(void)
{
	struct test_board tb = boot_cmdline("cma=64M");

	CHECK(tb.b && tb.b->cma_cmdline.given);
	CHECK_EQ_U64(tb.b->cma_cmdline.size, 64 * MB);
	CHECK_EQ_U64(tb.b->cma_cmdline.base, 0);
	CHECK(tb.b->default_cma >= 0);
	CHECK_STR(tb.b->cma[tb.b->default_cma].name, "reserved");
	CHECK(has_line(tb.b, "cma: Reserved 64 MiB at 0x00000000fc000000 on node -1"));
	board_free(&tb);
}

/* Expect cma=S@B to be fixed at B (limit = B + S). */
static void cma_fixed_base(void)
{
	struct test_board tb = boot_cmdline("cma=32M@0x60000000");

	CHECK_EQ_U64(tb.b->cma_cmdline.limit, 0x60000000 + 32 * MB);
	CHECK(has_line(tb.b, "cma: Reserved 32 MiB at 0x0000000060000000 on node -1"));
	board_free(&tb);
}

/* Expect a later cma= to replace the size but keep an earlier base. */
static void cma_repeated_keeps_stale_base(void)
{
	struct test_board tb = boot_cmdline("cma=32M@0x60000000 cma=16M");

	CHECK_EQ_U64(tb.b->cma_cmdline.size, 16 * MB);
	CHECK_EQ_U64(tb.b->cma_cmdline.base, 0x60000000);
	CHECK_EQ_U64(tb.b->cma_cmdline.limit, 0x60000000 + 32 * MB);
	board_free(&tb);
}

/* Expect cma=0 to disable the default area (and no line about it). */
static void cma_zero_disables(void)
{
	struct test_board tb = boot_cmdline("cma=0");

	CHECK(tb.b->cma_cmdline.given);
	CHECK(tb.b->default_cma < 0);
	CHECK(line_index(tb.b, "cma: Reserved") < 0);
	CHECK(line_index(tb.b, "cma: Failed") < 0);
	board_free(&tb);
}

/* Expect garbage after the size to be ignored, with a warning. */
static void cma_trailing_garbage_warns(void)
{
	struct test_board tb = boot_cmdline("cma=64Mfoo");

	CHECK_EQ_U64(tb.b->cma_cmdline.size, 64 * MB);
	CHECK(tb.b->warnings.count == 1);
	board_free(&tb);
}

/* Expect "cma" without a value: the kernel's two complaints, no area
 * from the command line (the Kconfig default applies). */
static void cma_without_value(void)
{
	struct test_board tb = boot_cmdline("cma");

	CHECK(!tb.b->cma_cmdline.given);
	CHECK(has_line(tb.b, "cma: Config string not provided"));
	CHECK(has_line(tb.b, "Malformed early option 'cma'"));
	CHECK(has_line(tb.b, "cma: Reserved 64 MiB at 0x00000000fc000000 on node -1"));
	board_free(&tb);
}

/* Expect a fixed base not aligned to the pageblock to fail loudly. */
static void cma_fixed_misaligned(void)
{
	struct test_board tb = boot_cmdline("cma=64M@0x50100000");

	CHECK(has_line(tb.b, "cma: Region at 0x0000000050100000 must be aligned to 0x0000000000200000 bytes"));
	CHECK(has_line(tb.b, "cma: Failed to reserve 64 MiB on node -1"));
	CHECK(tb.b->default_cma < 0);
	board_free(&tb);
}

/* Expect "--cmdline" to replace /chosen/bootargs. */
static void cmdline_replaces_bootargs(void)
{
	struct test_board tb = boot_dts(
		BOARD_DTS("1 0", "", " chosen { bootargs = \"cma=16M\"; };"),
		"6.12", NULL);

	CHECK_EQ_U64(tb.b->cma_cmdline.size, 16 * MB);
	board_free(&tb);
	tb = boot_dts(BOARD_DTS("1 0", "", " chosen { bootargs = \"cma=16M\"; };"),
		      "6.12", "cma=8M");
	CHECK_EQ_U64(tb.b->cma_cmdline.size, 8 * MB);
	board_free(&tb);
}

int main(void)
{
	RUN(memparse_forms);
	RUN(kstrtoull_forms);
	RUN(cmdline_split);
	RUN(cma_size_only);
	RUN(cma_fixed_base);
	RUN(cma_repeated_keeps_stale_base);
	RUN(cma_zero_disables);
	RUN(cma_trailing_garbage_warns);
	RUN(cma_without_value);
	RUN(cma_fixed_misaligned);
	RUN(cmdline_replaces_bootargs);
	return test_done();
}
