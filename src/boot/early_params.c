// SPDX-License-Identifier: MIT
/*
 * early_params.c - the early parameters of the kernel command line that
 * shape the memory map, run in command-line order like
 * init/main.c:parse_early_param() runs them: cma= (contiguous.c), mem=
 * (arch/arm64/mm/init.c:early_mem()), coherent_pool= (the atomic DMA
 * pools, used by the running system), hugetlb_cma=, and cma_pernuma= /
 * numa_cma= where the kernel has them configured (extra_cma.c). An early parameter given without a
 * value whose handler refuses it gets "Malformed early option".
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

/* parameq(): '-' and '_' are the same character in parameter names */
static bool param_is(const char *name, const char *want)
{
	for (; *name && *want; name++, want++) {
		char a = *name == '-' ? '_' : *name;
		char b = *want == '-' ? '_' : *want;

		if (a != b)
			return false;
	}
	return !*name && !*want;
}

/* early_mem(): a byte limit on RAM, page-aligned down */
static void early_mem(struct sm_boot *bt, const char *p)
{
	const char *end;

	if (!p) {
		sm_boot_log(bt, SM_MSG_EARLY_MALFORMED, "mem");
		sm_dt_warn(&bt->b->warnings,
			   "\"mem\" without a value: the kernel ignores it (write mem=SIZE)");
		return;
	}
	bt->memory_limit = sm_dt_memparse(p, &end) & ~(sm_boot_board_page_size(bt->b) - 1);
	sm_boot_log(bt, SM_MSG_MEM_LIMITED, bt->memory_limit >> 20);
}

/*
 * early_coherent_pool() (kernel/dma/pool.c): the size of each atomic DMA
 * pool. The kernel hands a missing value straight to memparse(): a real
 * 6.12 oopses in _parse_integer_fixup_radix() and panics before the
 * console is up, so there is no boot to predict.
 */
static int early_coherent_pool(struct sm_boot *bt, const char *p)
{
	const char *end;

	if (!p) {
		bt->oops = "\"coherent_pool\" without a value: the real kernel oopses on it (a NULL pointer given to memparse() in early_coherent_pool()) and panics; write coherent_pool=SIZE";
		return -EINVAL;
	}
	bt->b->atomic_pool_size = sm_dt_memparse(p, &end);
	return 0;
}

int sm_boot_parse_early_params(struct sm_boot *bt)
{
	struct sm_cmdline cl;
	int err = 0;

	bt->memory_limit = SM_PHYS_ADDR_MAX;
	if (sm_dt_cmdline_parse(bt->b->cmdline, &cl))
		return 0;
	for (size_t i = 0; i < cl.count; i++) {
		const char *name = cl.params[i].name, *val = cl.params[i].value;

		if (param_is(name, "cma"))
			sm_boot_early_cma(bt, val);
		else if (param_is(name, "mem"))
			early_mem(bt, val);
		else if (param_is(name, "coherent_pool"))
			err = early_coherent_pool(bt, val);
		else if (param_is(name, "hugetlb_cma"))
			sm_boot_early_hugetlb_cma(bt, val);
		else if (param_is(name, "cma_pernuma") &&
			 bt->b->profile->numa_cma != SM_NUMA_CMA_NONE)
			sm_boot_early_cma_pernuma(bt, val);
		else if (param_is(name, "numa_cma") &&
			 bt->b->profile->numa_cma == SM_NUMA_CMA_AFTER_DEFAULT)
			sm_boot_early_numa_cma(bt, val);
		if (err)
			break;
	}
	sm_dt_cmdline_free(&cl);
	return err;
}
