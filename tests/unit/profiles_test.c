// SPDX-License-Identifier: MIT
/*
 * profiles_test.c - the kernel profiles (src/boot/profiles.c): the values
 * each Debian build has (oracle/configs) and the message formats.
 */
#include "../test.h"
#include "../../src/boot/internal.h"

/* Expect the recorded kernels by name, 6.12 as default, nothing else. */
static void profiles_find(void)
{
	CHECK(sm_boot_profile_count() == 5);
	CHECK_STR(sm_boot_profile_find("6.1")->name, "6.1");
	CHECK_STR(sm_boot_profile_find("7.2")->name, "7.2");
	CHECK(sm_boot_profile_find("6.6") != NULL); /* the timeline */
	CHECK(sm_boot_profile_find(NULL) == NULL);
	CHECK(sm_boot_profile_default() == sm_boot_profile_find("6.12"));
	CHECK_STR(sm_boot_profile_find("7.3")->name, "7.3");
	CHECK_STR(sm_boot_profile_find("5.10")->name, "5.10");
	CHECK(sm_boot_profile_at(5) == NULL);
}

/* Expect the Kconfig values of Debian's arm64 builds. */
static void profiles_config_values(void)
{
	for (size_t i = 0; i < sm_boot_profile_count(); i++) {
		const struct sm_profile *p = sm_boot_profile_at(i);

		CHECK_EQ_U64(p->pageblock_order, 9);	/* THP: 2 MiB */
		CHECK_EQ_U64(p->cma_size_mbytes, 64);	/* CONFIG_CMA_SIZE_MBYTES */
		CHECK_EQ_U64(p->max_cma_areas, 20);	/* 1+19 in 6.1, 20 later */
		CHECK_EQ_U64(p->max_reserved_regions, 64);
		CHECK_EQ_U64(p->page_shift, 12);
	}
	CHECK(sm_boot_profile_find("6.1")->rmem_flow == SM_RMEM_FLOW_SORTED);
	CHECK(sm_boot_profile_find("6.12")->rmem_flow == SM_RMEM_FLOW_EARLY_LATE);
	/* the first memblock_reserve of each log: the kernel image */
	CHECK_EQ_U64(sm_boot_profile_find("6.1")->kernel_image_base, 0x40210000);
	CHECK_EQ_U64(sm_boot_profile_find("7.2")->kernel_image_base, 0x40200000);
}

/* Expect every profile to print the lines every kernel prints, and the
 * version-specific ones only where they exist. */
static void profiles_messages(void)
{
	const struct sm_profile *k61 = sm_boot_profile_find("6.1");
	const struct sm_profile *k612 = sm_boot_profile_find("6.12");
	const struct sm_profile *k72 = sm_boot_profile_find("7.2");

	for (size_t i = 0; i < sm_boot_profile_count(); i++) {
		const struct sm_profile *p = sm_boot_profile_at(i);

		CHECK(p->msgs->m[SM_MSG_RMEM_INITIALIZED].fmt != NULL);
		CHECK(p->msgs->m[SM_MSG_CMA_RESERVED].fmt != NULL);
		CHECK(p->msgs->m[SM_MSG_ZONE_RANGES].fmt != NULL);
	}
	CHECK(k61->msgs->m[SM_MSG_RMEM_SUMMARY].fmt == NULL);
	CHECK(k612->msgs->m[SM_MSG_RMEM_SUMMARY].fmt != NULL);
	CHECK(strstr(k612->msgs->m[SM_MSG_CMA_RESERVED].fmt, "on node") != NULL);
	CHECK(strstr(k72->msgs->m[SM_MSG_CMA_RESERVED].fmt, "on node") == NULL);
	CHECK(k72->msgs->m[SM_MSG_CMA_BYPASS].fmt == NULL);
	CHECK(k72->msgs->m[SM_MSG_CMA_SKIP_DEFAULT].fmt != NULL);
	/* 7.3 prints the DMA pool's size in KiB, earlier kernels in MiB */
	CHECK(k72->msgs->m[SM_MSG_DMA_POOL_CREATED_KIB].fmt == NULL);
	CHECK(sm_boot_profile_find("7.3")->msgs->m[SM_MSG_DMA_POOL_CREATED].fmt == NULL);
	CHECK(strstr(sm_boot_profile_find("7.3")->msgs->m[SM_MSG_DMA_POOL_CREATED_KIB].fmt,
		     "KiB") != NULL);
	CHECK(!strncmp(k61->msgs->m[SM_MSG_RMEM_FAILED_REG].fmt, "OF: fdt: ", 9));
}

/* Expect the oracle's memlines.sh filter, re-done in C. */
static void memlines_filter(void)
{
	CHECK(sm_boot_is_memline("cma: Reserved 64 MiB at 0x00000000f9c00000"));
	CHECK(sm_boot_is_memline("  node   0: [mem 0x0000000040000000-0x00000000817fffff]"));
	CHECK(sm_boot_is_memline("  DMA32    empty"));
	CHECK(sm_boot_is_memline("a@1 (0x0000000060000000--0x0000000060200000) overlaps with b (0x0000000060100000--0x0000000060300000)"));
	CHECK(!sm_boot_is_memline("Skipping dt linux,cma-default node in favor for \"cma=\" kernel param."));
	CHECK(!sm_boot_is_memline("Malformed early option 'cma'"));
	CHECK(!sm_boot_is_memline("  DMAX     empty"));
}

int main(void)
{
	RUN(profiles_find);
	RUN(profiles_config_values);
	RUN(profiles_messages);
	RUN(memlines_filter);
	return test_done();
}
