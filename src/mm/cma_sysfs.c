// SPDX-License-Identifier: MIT
/*
 * cma_sysfs.c - /sys/kernel/mm/cma/<area>/ (CONFIG_CMA_SYSFS,
 * mm/cma_sysfs.c): which counters a kernel has and their values, for the
 * `socmem mem cma` report and the files the emulated system serves.
 * alloc_pages_success/fail since 5.14, release_pages_success since 6.12,
 * total_pages and available_pages since 6.15.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

static const char *const files_v514[] = {
	"alloc_pages_success", "alloc_pages_fail", NULL,
};
static const char *const files_v612[] = {
	"alloc_pages_success", "alloc_pages_fail", "release_pages_success",
	NULL,
};
static const char *const files_v615[] = {
	"alloc_pages_success", "alloc_pages_fail", "release_pages_success",
	"total_pages", "available_pages", NULL,
};

const char *const *sm_mm_cma_sysfs_files(const struct sm_system *s)
{
	const struct sm_mm_profile *mp = sm_mm_profile(s);

	if (!sm_boot_profile_cma_sysfs(s->board->profile))
		return NULL;
	if (mp->cma_sysfs_totals)
		return files_v615;
	return mp->cma_release_counter ? files_v612 : files_v514;
}

int sm_mm_cma_sysfs_value(const struct sm_system *s, const struct sm_cma *c,
			  const char *file, uint64_t *v)
{
	const char *const *f = sm_mm_cma_sysfs_files(s);

	while (f && *f && strcmp(*f, file))
		f++;
	if (!f || !*f)
		return -ENOENT;
	if (!strcmp(file, "alloc_pages_success"))
		*v = c->alloc_success;
	else if (!strcmp(file, "alloc_pages_fail"))
		*v = c->alloc_fail;
	else if (!strcmp(file, "release_pages_success"))
		*v = c->release_success;
	else if (!strcmp(file, "total_pages"))
		*v = c->count;
	else
		*v = c->available;
	return 0;
}
