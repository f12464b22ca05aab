/* SPDX-License-Identifier: MIT */
/*
 * kconfig.h - the options of a kernel's .config that decide something
 * the model shows, read from the file itself (`--kconfig FILE`,
 * SOCMEM_KCONFIG). The profiles (profile.h) are Debian's builds; a
 * .config of another build of the same release (a vendor's, a tinyconfig)
 * changes only what its options decide:
 *
 *   CONFIG_ZONE_DMA, CONFIG_ZONE_DMA32  the zones; without them the default
 *	CMA area has no placement limit and fewer atomic DMA pools are made
 *   CONFIG_CMA_AREAS                    MAX_CMA_AREAS
 *   CONFIG_CMA_SIZE_MBYTES              the default area without cma=
 *   CONFIG_CMA_DEBUGFS, CONFIG_CMA_SYSFS  the CMA files userspace sees
 *   CONFIG_TRANSPARENT_HUGEPAGE, CONFIG_HUGETLB_PAGE  pageblock_order
 *   CONFIG_ARCH_FORCE_MAX_ORDER         the highest buddy order
 *   CONFIG_ZRAM_BACKEND_* (6.12+), CONFIG_CRYPTO_* (5.10, 6.1)  the
 *	compressors zram's comp_algorithm offers
 *   CONFIG_COMPACTION                   zsmalloc's pages are movable (and
 *	may be lent CMA) only with it
 *
 * An option the file does not name keeps the profile's value, so a file
 * of a few lines changes only those (a whole .config names every option
 * its build could have, set or "is not set").
 */
#ifndef SOCMEM_KCONFIG_H
#define SOCMEM_KCONFIG_H

#include <stdbool.h>

#include <socmem/diag.h>
#include <socmem/profile.h>

/* A boolean or tristate option: not named, =n ("is not set"), =y or =m */
enum sm_kopt {
	SM_KOPT_UNSET = 0,
	SM_KOPT_N,
	SM_KOPT_Y,
	SM_KOPT_M,
};

/* The compressors zram can offer, one bit each (SM_ZCOMP_BIT(x)) */
enum sm_zcomp_id {
	SM_ZCOMP_LZO,
	SM_ZCOMP_LZO_RLE,
	SM_ZCOMP_LZ4,
	SM_ZCOMP_LZ4HC,
	SM_ZCOMP_ZSTD,
	SM_ZCOMP_DEFLATE,
	SM_ZCOMP_842,
	SM_ZCOMP_COUNT,
};

/**
 * struct sm_kconfig - what a .config says (SM_KOPT_UNSET / -1: not named)
 * @path: the file, for messages
 * @zone_dma: CONFIG_ZONE_DMA
 * @zone_dma32: CONFIG_ZONE_DMA32
 * @cma_debugfs: CONFIG_CMA_DEBUGFS
 * @cma_sysfs: CONFIG_CMA_SYSFS
 * @thp: CONFIG_TRANSPARENT_HUGEPAGE
 * @hugetlb_page: CONFIG_HUGETLB_PAGE
 * @compaction: CONFIG_COMPACTION
 * @cma_areas: CONFIG_CMA_AREAS
 * @cma_size_mbytes: CONFIG_CMA_SIZE_MBYTES
 * @force_max_order: CONFIG_ARCH_FORCE_MAX_ORDER
 * @zram_backend: CONFIG_ZRAM_BACKEND_<X> per enum sm_zcomp_id (LZO is
 *	both lzo and lzo-rle)
 * @crypto: CONFIG_CRYPTO_<X> per enum sm_zcomp_id (LZO: both)
 */
struct sm_kconfig {
	const char *path;
	enum sm_kopt zone_dma;
	enum sm_kopt zone_dma32;
	enum sm_kopt cma_debugfs;
	enum sm_kopt cma_sysfs;
	enum sm_kopt thp;
	enum sm_kopt hugetlb_page;
	enum sm_kopt compaction;
	long cma_areas;
	long cma_size_mbytes;
	long force_max_order;
	enum sm_kopt zram_backend[SM_ZCOMP_COUNT];
	enum sm_kopt crypto[SM_ZCOMP_COUNT];
};

/** sm_boot_kconfig_init() - nothing named: every profile value stays */
void sm_boot_kconfig_init(struct sm_kconfig *k);

/**
 * sm_boot_kconfig_read() - read the .config at @path (plain, or gzip: a
 * /proc/config.gz or a build's config-*.gz)
 *
 * Return: 0; -errno when it cannot be read; -EINVAL when a named number
 * is not one, with the file and line in @diag.
 */
int sm_boot_kconfig_read(const char *path, struct sm_kconfig *k,
			 struct sm_diag *diag);

/** sm_boot_zcomp_id_name() - the name zram shows for @id ("lzo-rle") */
const char *sm_boot_zcomp_id_name(enum sm_zcomp_id id);

/**
 * sm_boot_kconfig_zram_has() - may zram offer compressor @name under @k?
 * @crypto_api: the build's zram goes through the crypto API (5.10, 6.1:
 *	CONFIG_CRYPTO_<X>, built in or a module); else its own backends
 *	(6.12+: CONFIG_ZRAM_BACKEND_<X>)
 * @dflt: the answer when @k is NULL or does not name the option
 */
bool sm_boot_kconfig_zram_has(const struct sm_kconfig *k, bool crypto_api,
			      const char *name, bool dflt);

/**
 * sm_boot_profile_configured() - @p as a build with @k's options: the zones,
 * CMA area slots and default size, pageblock and buddy orders, CMA
 * debugfs/sysfs, zram's compressors (the profile keeps @k for them)
 *
 * Return: the profile (it lives as long as the process); @p itself when
 * @k is NULL; NULL on allocation failure.
 */
const struct sm_profile *sm_boot_profile_configured(const struct sm_profile *p,
						    const struct sm_kconfig *k);

#endif /* SOCMEM_KCONFIG_H */
