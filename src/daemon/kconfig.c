// SPDX-License-Identifier: MIT
/*
 * kconfig.c - the options of a kernel's .config that change what the
 * running system shows userspace, read from SOCMEM_KCONFIG. The boot model
 * follows the kernel profile (Debian's builds); this only switches on or
 * off interfaces a differently configured kernel has, so that the same
 * program sees the same files on the emulated board as on that kernel:
 *
 *   CONFIG_CMA_DEBUGFS   /sys/kernel/debug/cma/<area>/ (mm/cma_debug.c)
 *
 * Without SOCMEM_KCONFIG the profile's build is meant (Debian's have
 * CONFIG_CMA_DEBUGFS off).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* `CONFIG_NAME=y` or `# CONFIG_NAME is not set`; other lines change nothing */
static void kconfig_line(const char *line, struct smd_kconfig *k)
{
	static const char on[] = "CONFIG_CMA_DEBUGFS=y";
	static const char off[] = "# CONFIG_CMA_DEBUGFS is not set";

	if (!strncmp(line, on, sizeof(on) - 1) &&
	    (line[sizeof(on) - 1] == '\n' || !line[sizeof(on) - 1]))
		k->cma_debugfs = true;
	else if (!strncmp(line, off, sizeof(off) - 1))
		k->cma_debugfs = false;
}

int smd_kconfig_read(const char *path, struct smd_kconfig *k,
		     struct sm_diag *diag)
{
	char line[512];
	FILE *f;

	memset(k, 0, sizeof(*k));
	if (!path || !*path)
		return 0;
	f = fopen(path, "re");
	if (!f)
		return sm_diag_set(diag, -errno, "SOCMEM_KCONFIG=%s: %s", path,
				   strerror(errno));
	while (fgets(line, sizeof(line), f))
		kconfig_line(line, k);
	if (ferror(f)) {
		fclose(f);
		return sm_diag_set(diag, -EIO, "SOCMEM_KCONFIG=%s: read error",
				   path);
	}
	fclose(f);
	return 0;
}
