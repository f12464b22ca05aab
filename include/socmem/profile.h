/* SPDX-License-Identifier: MIT */
/*
 * profile.h - the supported kernels, as data.
 *
 * A kernel profile holds what one kernel build (Debian's arm64 Linux 5.10,
 * 6.1, 6.12, 7.2, 7.3, or a release between them) does differently in early memory setup: its Kconfig values,
 * the order in which it processes /reserved-memory, the extent of its
 * image, and (privately, in src/boot/profiles.c) every message format it
 * prints. A new kernel version is a new profile, not new branches all over
 * the code. Layers below boot keep their own per-kernel tables indexed by
 * enum sm_kernel_id (src/zram/zram_profile.c, src/dmabuf/heap_profile.c).
 *
 * struct sm_profile is boot's alone (its body is in src/boot/profile.h):
 * other layers hold a pointer and ask, through the accessors below, which
 * kernel it is (id, name, release, version) and the build facts they
 * model themselves (page size, buddy orders, CMA alignment, CMA sysfs);
 * what the kernel did with a board they read from the board's records
 * (socmem/outcome.h). tests/plan/one_rule_test.sh holds every layer to
 * that.
 */
#ifndef SOCMEM_PROFILE_H
#define SOCMEM_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A release X.Y as one number, comparable: SM_KV(6, 12) = 612 */
#define SM_KV(major, minor) ((unsigned int)(major) * 100 + (unsigned int)(minor))
#define SM_KV_OLDEST SM_KV(5, 10)
#define SM_KV_NEWEST SM_KV(7, 3)

/**
 * enum sm_kernel_id - the recorded kernel builds, oldest first. A release
 * between them is modelled with the nearest build's data and the rules of
 * its own release (src/boot/timeline.c); its profile's id is that build's.
 */
enum sm_kernel_id {
	SM_KERNEL_5_10,
	SM_KERNEL_6_1,
	SM_KERNEL_6_12,
	SM_KERNEL_7_2,
	SM_KERNEL_7_3,
	SM_KERNEL_COUNT,
};

/* one kernel build: opaque outside src/boot */
struct sm_profile;

/** sm_boot_profile_id() - the recorded build whose data @p uses */
enum sm_kernel_id sm_boot_profile_id(const struct sm_profile *p);

/** sm_boot_profile_name() - the release modelled, "X.Y" ("6.1", "6.6") */
const char *sm_boot_profile_name(const struct sm_profile *p);

/** sm_boot_profile_release() - uname -r of the recorded build */
const char *sm_boot_profile_release(const struct sm_profile *p);

/** sm_boot_profile_version() - SM_KV() of the release modelled */
unsigned int sm_boot_profile_version(const struct sm_profile *p);

/** sm_boot_profile_requested() - what --kernel said, or the name */
const char *sm_boot_profile_requested(const struct sm_profile *p);

/** sm_boot_profile_modelled() - one line saying what was modelled */
const char *sm_boot_profile_modelled(const struct sm_profile *p);

/** sm_boot_profile_page_shift() - the page size as a shift (12 on every build) */
unsigned int sm_boot_profile_page_shift(const struct sm_profile *p);

/** sm_boot_profile_max_order() - the highest buddy order */
unsigned int sm_boot_profile_max_order(const struct sm_profile *p);

/** sm_boot_profile_cma_alignment() - CONFIG_CMA_ALIGNMENT (a page order) */
unsigned int sm_boot_profile_cma_alignment(const struct sm_profile *p);

/** sm_boot_profile_cma_sysfs() - CONFIG_CMA_SYSFS (/sys/kernel/mm/cma) */
bool sm_boot_profile_cma_sysfs(const struct sm_profile *p);

/** sm_boot_profile_cma_debugfs() - CONFIG_CMA_DEBUGFS (/sys/kernel/debug/cma) */
bool sm_boot_profile_cma_debugfs(const struct sm_profile *p);

struct sm_kconfig;

/**
 * sm_boot_profile_kconfig() - the .config @p was configured with
 * (sm_boot_profile_configured(), socmem/kconfig.h), or NULL: Debian's build
 */
const struct sm_kconfig *sm_boot_profile_kconfig(const struct sm_profile *p);

/**
 * sm_boot_profile_find() - the profile --kernel NAME names: a recorded build
 * ("6.12") or any release X.Y[.Z][-suffix] from 5.10 to 7.3
 * ("6.6.52-qli-1.3"), modelled through the timeline
 *
 * Return: the profile (it lives as long as the process), or NULL when
 * @name is no release in that range.
 */
const struct sm_profile *sm_boot_profile_find(const char *name);

/** sm_boot_profile_default() - the default kernel (6.12, the guide's names). */
const struct sm_profile *sm_boot_profile_default(void);

/** sm_boot_profile_at() - the @i-th recorded build (0..sm_boot_profile_count()-1) */
const struct sm_profile *sm_boot_profile_at(size_t i);

/** sm_boot_profile_count() - how many recorded builds there are */
size_t sm_boot_profile_count(void);

/** sm_boot_profile_names() - the supported range, for usage and error messages */
const char *sm_boot_profile_names(void);

/**
 * sm_boot_kernel_version_parse() - "X.Y[.Z][-suffix]" as SM_KV(X, Y)
 *
 * Return: 0, or -1 when @s is not a Linux release (any X.Y that exists).
 */
int sm_boot_kernel_version_parse(const char *s, unsigned int *version);

/** sm_boot_kernel_version_str() - SM_KV as "X.Y" */
void sm_boot_kernel_version_str(unsigned int version, char *buf, size_t len);

#endif /* SOCMEM_PROFILE_H */
