// SPDX-License-Identifier: MIT
/*
 * kconfig_test.c - a kernel .config as an input (src/boot/kconfig.c,
 * profile_kconfig.c): which lines are read, what an unnamed option keeps,
 * gzip and plain files alike, bad values named with file and line, and
 * what each option changes in the profile and in a boot (zones, the
 * default CMA area's placement).
 */
#include <errno.h>
#include <unistd.h>

#include <socmem/kconfig.h>

#include "../test.h"
#include "../../src/boot/internal.h"

static char dir[] = "/tmp/kconfig-test.XXXXXX";

static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return NULL;
	fputs(text, f);
	fclose(f);
	return path;
}

static const char tiny[] =
	"# comment\n"
	"CONFIG_CMA=y\n"
	"# CONFIG_ZONE_DMA is not set\n"
	"# CONFIG_ZONE_DMA32 is not set\n"
	"CONFIG_CMA_DEBUGFS=y\n"
	"CONFIG_CMA_SYSFS=y\n"
	"CONFIG_CMA_AREAS=8\n"
	"CONFIG_CMA_SIZE_MBYTES=32\n"
	"# CONFIG_TRANSPARENT_HUGEPAGE is not set\n"
	"# CONFIG_HUGETLBFS is not set\n"
	"# CONFIG_COMPACTION is not set\n"
	"CONFIG_ARCH_FORCE_MAX_ORDER=10\n"
	"CONFIG_ZRAM_BACKEND_LZ4=y\n"
	"# CONFIG_ZRAM_BACKEND_ZSTD is not set\n"
	"CONFIG_CRYPTO_LZ4HC=m\n"
	"CONFIG_ZONE_DMA_EXTRA=y\n";	/* a longer name: not ZONE_DMA */

/* Expect each line the model uses read, others ignored, unnamed unset. */
static void kconfig_lines(void)
{
	struct sm_kconfig k;
	const char *p = write_file("tiny", tiny);

	CHECK(sm_boot_kconfig_read(p, &k, NULL) == 0);
	CHECK(k.zone_dma == SM_KOPT_N);
	CHECK(k.zone_dma32 == SM_KOPT_N);
	CHECK(k.cma_debugfs == SM_KOPT_Y);
	CHECK(k.cma_sysfs == SM_KOPT_Y);
	CHECK(k.thp == SM_KOPT_N);
	CHECK(k.hugetlb_page == SM_KOPT_UNSET);
	CHECK(k.compaction == SM_KOPT_N);
	CHECK_EQ_U64(k.cma_areas, 8);
	CHECK_EQ_U64(k.cma_size_mbytes, 32);
	CHECK_EQ_U64(k.force_max_order, 10);
	CHECK(k.zram_backend[SM_ZCOMP_LZ4] == SM_KOPT_Y);
	CHECK(k.zram_backend[SM_ZCOMP_ZSTD] == SM_KOPT_N);
	CHECK(k.zram_backend[SM_ZCOMP_LZ4HC] == SM_KOPT_UNSET);
	CHECK(k.crypto[SM_ZCOMP_LZ4HC] == SM_KOPT_M);
	/* zram's list: own backends (6.12+) or the crypto API (6.1) */
	CHECK(sm_boot_kconfig_zram_has(&k, false, "lz4", false));
	CHECK(!sm_boot_kconfig_zram_has(&k, false, "zstd", true));
	CHECK(sm_boot_kconfig_zram_has(&k, false, "lz4hc", true));	/* unnamed */
	CHECK(!sm_boot_kconfig_zram_has(&k, false, "lz4hc", false));
	CHECK(sm_boot_kconfig_zram_has(&k, true, "lz4hc", false));	/* =m */
	CHECK(sm_boot_kconfig_zram_has(NULL, true, "lzo", true));
	CHECK_STR(sm_boot_zcomp_id_name(SM_ZCOMP_LZO_RLE), "lzo-rle");
}

/* Expect a gzip file read like the plain one (when libz is there). */
static void kconfig_gzip(void)
{
	struct sm_kconfig k;
	char cmd[512];
	const char *p = write_file("gz", tiny);

	snprintf(cmd, sizeof(cmd), "gzip -f '%s' 2>/dev/null", p);
	if (system(cmd)) {
		printf("skip kconfig_gzip: no gzip\n");
		return;
	}
	snprintf(cmd, sizeof(cmd), "%s/gz.gz", dir);
	CHECK(sm_boot_kconfig_read(cmd, &k, NULL) == 0);
	CHECK(k.zone_dma32 == SM_KOPT_N);
	CHECK_EQ_U64(k.cma_areas, 8);
	CHECK(k.zram_backend[SM_ZCOMP_LZ4] == SM_KOPT_Y);
}

/* Expect a missing file and a bad number to be named, with the line. */
static void kconfig_errors(void)
{
	struct sm_kconfig k;
	struct sm_diag d = { 0 };
	const char *p;

	CHECK(sm_boot_kconfig_read("/nonexistent/.config", &k, &d) == -ENOENT);
	CHECK(strstr(d.msg, "/nonexistent/.config: No such file") != NULL);
	p = write_file("bad", "CONFIG_CMA=y\nCONFIG_CMA_AREAS=lots\n");
	CHECK(sm_boot_kconfig_read(p, &k, &d) == -EINVAL);
	CHECK(strstr(d.msg, ":2: CONFIG_CMA_AREAS=lots: not a number") != NULL);
	p = write_file("bad2", "CONFIG_ZONE_DMA=maybe\n");
	CHECK(sm_boot_kconfig_read(p, &k, &d) == -EINVAL);
	CHECK(strstr(d.msg, ":1: CONFIG_ZONE_DMA=maybe: must be y, m or n") != NULL);
}

/* Expect the profile to follow the options named, and only those. */
static void kconfig_profile(void)
{
	struct sm_kconfig k;
	const struct sm_profile *base = sm_boot_profile_find("6.12"), *p;
	const struct sm_profile *old = sm_boot_profile_find("6.1");

	CHECK(sm_boot_profile_configured(base, NULL) == base);
	CHECK(sm_boot_kconfig_read(write_file("tiny", tiny), &k, NULL) == 0);
	p = sm_boot_profile_configured(base, &k);
	CHECK(p && p != base);
	CHECK(!p->zone_dma && !p->zone_dma32);
	CHECK(base->zone_dma && base->zone_dma32);	/* Debian's untouched */
	CHECK(p->cma_debugfs && p->cma_sysfs && !base->cma_sysfs);
	CHECK_EQ_U64(p->max_cma_areas, 8);
	CHECK_EQ_U64(p->cma_size_mbytes, 32);
	CHECK_EQ_U64(p->max_order, 10);
	/* no THP, no hugetlb: pageblocks are the largest buddy blocks */
	CHECK_EQ_U64(p->pageblock_order, 10);
	CHECK(p->kconfig && p->kconfig->cma_areas == 8);
	CHECK_STR(p->name, "6.12");
	CHECK(p->rmem_flow == base->rmem_flow);
	/* before 6.12 MAX_CMA_AREAS has a slot more; ARCH_FORCE_MAX_ORDER
	 * counted orders before 6.4 */
	p = sm_boot_profile_configured(old, &k);
	CHECK_EQ_U64(p->max_cma_areas, 9);
	CHECK_EQ_U64(p->max_order, 9);
	CHECK_EQ_U64(p->pageblock_order, 9);
	/* an empty file changes nothing */
	CHECK(sm_boot_kconfig_read(write_file("empty", ""), &k, NULL) == 0);
	p = sm_boot_profile_configured(base, &k);
	CHECK_EQ_U64(p->pageblock_order, base->pageblock_order);
	CHECK_EQ_U64(p->max_cma_areas, base->max_cma_areas);
	CHECK(p->zone_dma && p->zone_dma32 && !p->cma_debugfs);
}

int main(void)
{
	if (!mkdtemp(dir))
		return TEST_SKIP;
	RUN(kconfig_lines);
	RUN(kconfig_gzip);
	RUN(kconfig_errors);
	RUN(kconfig_profile);
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return test_done();
}
