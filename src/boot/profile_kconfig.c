// SPDX-License-Identifier: MIT
/*
 * profile_kconfig.c - a kernel profile as a build with another .config
 * (socmem/kconfig.h): the profile is Debian's build of that release, and
 * the options the .config names replace what Debian's config decided.
 *
 * The rules, from the kernel's sources:
 *   pageblock_order  HUGETLB_PAGE: the huge page order (9 with 4 KiB
 *	pages: PMD_SHIFT - PAGE_SHIFT); else TRANSPARENT_HUGEPAGE: the PMD
 *	order; else the
 *	highest buddy order (include/linux/pageblock-flags.h); never above
 *	the highest buddy order
 *   max_order        ARCH_FORCE_MAX_ORDER is the highest order since the
 *	MAX_ORDER rework of 6.4; before, it counted the orders (one more)
 *   max_cma_areas    CONFIG_CMA_AREAS, plus the slot for the default area
 *	the builds before 6.12 add (Debian: 19 + 1 in 6.1, 20 in 6.12)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <socmem/kconfig.h>

#include "internal.h"

struct configured {
	struct configured *next;	/* every one made, kept (see below) */
	struct sm_profile p;
	struct sm_kconfig k;
	char modelled[256];
	char path[];
};

/*
 * Profiles are constant for the life of the process (callers keep the
 * pointer, as they keep the built-in ones); the ones made here are kept on
 * a list, as profiles.c keeps the releases it models, so they stay
 * reachable rather than leaked.
 */
static struct configured *made;

static void set_bool(bool *field, enum sm_kopt o)
{
	if (o != SM_KOPT_UNSET)
		*field = o != SM_KOPT_N;
}

const struct sm_profile *sm_boot_profile_configured(const struct sm_profile *p,
						    const struct sm_kconfig *k)
{
	const char *path = k && k->path ? k->path : "";
	struct configured *c;

	if (!k)
		return p;
	c = calloc(1, sizeof(*c) + strlen(path) + 1);
	if (!c)
		return NULL;
	strcpy(c->path, path);
	c->k = *k;
	c->k.path = c->path;
	c->p = *p;
	c->p.kconfig = &c->k;
	set_bool(&c->p.zone_dma, k->zone_dma);
	set_bool(&c->p.zone_dma32, k->zone_dma32);
	set_bool(&c->p.cma_debugfs, k->cma_debugfs);
	set_bool(&c->p.cma_sysfs, k->cma_sysfs);
	if (k->force_max_order > 0)
		c->p.max_order = (unsigned int)k->force_max_order -
				 (p->version < SM_KV(6, 4) ? 1 : 0);
	if (k->hugetlb_page != SM_KOPT_UNSET || k->thp != SM_KOPT_UNSET) {
		bool huge = k->hugetlb_page == SM_KOPT_Y ||
			    k->thp == SM_KOPT_Y;
		unsigned int pmd_order = p->page_shift - 3;

		c->p.pageblock_order = huge && pmd_order < c->p.max_order ?
				       pmd_order : c->p.max_order;
	}
	if (k->cma_areas >= 0)
		c->p.max_cma_areas = (unsigned int)k->cma_areas +
				     (p->version < SM_KV(6, 12) ? 1 : 0);
	if (k->cma_size_mbytes >= 0)
		c->p.cma_size_mbytes = (unsigned int)k->cma_size_mbytes;
	snprintf(c->modelled, sizeof(c->modelled), "%s, with the options of %s",
		 p->modelled, path);
	c->p.modelled = c->modelled;
	c->next = made;
	made = c;
	return &c->p;
}
