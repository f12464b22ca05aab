// SPDX-License-Identifier: MIT
/*
 * meminfo.c - the reports: /proc/meminfo (fs/proc/meminfo.c, the fields
 * of each kernel), /proc/buddyinfo and /proc/pagetypeinfo (mm/vmstat.c,
 * byte for byte), and the CMA areas as debugfs (count, used, maxchunk,
 * free runs) and, with CONFIG_CMA_SYSFS, /sys/kernel/mm/cma show them.
 *
 * /proc/meminfo carries what the model has: MemTotal (managed pages),
 * MemFree, CmaTotal, CmaFree, CommitLimit (overcommit_ratio 50 of RAM
 * plus swap, no hugetlb), the kernel's constants (VmallocTotal,
 * Hugepagesize), and from swap.c SwapTotal, SwapFree, AnonPages and the
 * anonymous LRU (Active(anon): referenced since the reclaim last looked;
 * Inactive(anon): the rest); SwapCached is 0 (zram swap-in bypasses the
 * swap cache); MemAvailable is MemFree (no page cache); fields for
 * things the model does not have (page cache, slab, ...) are 0.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swap.h"

static const char *const mt_names[SM_MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

void sm_mm_buf_printf(struct sm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return;
	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->err = -EINVAL;
			return;
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 4096;
		while (cap - b->len <= (size_t)n)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->err = -ENOMEM;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
}

/* ---- /proc/meminfo ---------------------------------------------------- */

static uint64_t kb(const struct sm_system *s, uint64_t pages)
{
	return pages << (s->page_shift - 10);
}

static uint64_t total_managed(const struct sm_system *s)
{
	uint64_t n = 0;

	for (int zi = 0; zi < SM_NR_ZONES; zi++)
		n += s->zones[zi].managed;
	return n;
}

static uint64_t total_free(const struct sm_system *s, bool cma)
{
	uint64_t n = 0;

	for (int zi = 0; zi < SM_NR_ZONES; zi++)
		n += cma ? s->zones[zi].nr_free_cma : s->zones[zi].nr_free;
	return n;
}

/* the value of one field, in kB (or a count for HugePages_*) */
static uint64_t meminfo_value(const struct sm_system *s, const char *f)
{
	const struct sm_mm_profile *mp = sm_mm_profile(s);
	struct sm_swap_stats sw;

	sm_mm_swap_stats(s, &sw);
	if (!strcmp(f, "MemTotal"))
		return kb(s, total_managed(s));
	if (!strcmp(f, "MemFree") || !strcmp(f, "MemAvailable"))
		return kb(s, total_free(s, false));
	if (!strcmp(f, "CommitLimit"))
		return kb(s, total_managed(s) * 50 / 100 + sw.total);
	if (!strcmp(f, "SwapTotal"))
		return kb(s, sw.total);
	if (!strcmp(f, "SwapFree"))
		return kb(s, sw.total - sw.used);
	if (!strcmp(f, "AnonPages"))
		return kb(s, sw.anon);
	if (!strcmp(f, "Active") || !strcmp(f, "Active(anon)"))
		return kb(s, sw.anon_active);
	if (!strcmp(f, "Inactive") || !strcmp(f, "Inactive(anon)"))
		return kb(s, sw.anon - sw.anon_active);
	if (!strcmp(f, "VmallocTotal"))
		return mp->vmalloc_total_kb;
	if (!strcmp(f, "CmaTotal"))
		return kb(s, s->totalcma_pages);
	if (!strcmp(f, "CmaFree"))
		return kb(s, total_free(s, true));
	if (!strcmp(f, "Hugepagesize")) /* a PMD: 2 MiB with 4 KiB pages */
		return kb(s, 1ULL << (s->page_shift - 3));
	return 0;
}

static void format_meminfo(const struct sm_system *s, struct sm_buf *b)
{
	const char *const *f = sm_mm_profile(s)->meminfo;

	for (; *f; f++) {
		char label[32];
		uint64_t v = meminfo_value(s, *f);

		snprintf(label, sizeof(label), "%s:", *f);
		if (!strncmp(*f, "HugePages_", 10))
			sm_mm_buf_printf(b, "%-16s   %5llu\n", label,
					 (unsigned long long)v);
		else if (!strcmp(*f, "HardwareCorrupted"))
			sm_mm_buf_printf(b, "%s %5llu kB\n", label,
					 (unsigned long long)v);
		else
			sm_mm_buf_printf(b, "%-16s%8llu kB\n", label,
					 (unsigned long long)v);
	}
}

/* ---- /proc/buddyinfo, /proc/pagetypeinfo ------------------------------- */

static void format_buddyinfo(const struct sm_system *s, struct sm_buf *b)
{
	for (int zi = 0; zi < SM_NR_ZONES; zi++) {
		const struct sm_zone *z = &s->zones[zi];

		if (!z->present)
			continue;
		sm_mm_buf_printf(b, "Node 0, zone %8s ", sm_boot_zone_name(zi));
		for (unsigned int o = 0; o <= s->max_order; o++)
			sm_mm_buf_printf(b, "%6llu ",
					 (unsigned long long)z->area[o].nr_free);
		sm_mm_buf_printf(b, "\n");
	}
}

/* pfn_to_online_page(): the frame exists (RAM or NOMAP) */
static bool pfn_present(const struct sm_system *s, uint64_t pfn)
{
	const struct sm_memblock_type *mem = &s->board->memblock.memory;
	uint64_t pa = pfn << s->page_shift;

	for (size_t i = 0; i < mem->cnt; i++)
		if (pa >= mem->regions[i].base &&
		    pa - mem->regions[i].base < mem->regions[i].size)
			return true;
	return false;
}

static void block_counts(const struct sm_system *s, int zi, uint64_t *count)
{
	const struct sm_zone *z = &s->zones[zi];

	for (uint64_t pfn = z->start_pfn; pfn < z->end_pfn;
	     pfn += sm_pb_nr(s)) {
		if (!pfn_present(s, pfn) || sm_pg(s, pfn)->zone != zi)
			continue;
		count[sm_pb_mt(s, pfn)]++;
	}
}

/* blocks on a list, counted as the kernel counts them: up to 100000 */
static uint64_t list_count(const struct sm_system *s,
			   const struct sm_free_list *l)
{
	uint64_t n = 0;

	for (uint32_t i = l->head; i != SM_IDX_NONE && n < 100000;
	     i = s->pages[i].next)
		n++;
	return n;
}

static void format_pagetypeinfo(const struct sm_system *s, struct sm_buf *b)
{
	sm_mm_buf_printf(b, "Page block order: %u\n", s->pageblock_order);
	sm_mm_buf_printf(b, "Pages per block:  %llu\n\n",
			 (unsigned long long)sm_pb_nr(s));
	sm_mm_buf_printf(b, "%-43s ", "Free pages count per migrate type at order");
	for (unsigned int o = 0; o <= s->max_order; o++)
		sm_mm_buf_printf(b, "%6u ", o);
	sm_mm_buf_printf(b, "\n");
	for (int zi = 0; zi < SM_NR_ZONES; zi++) {
		const struct sm_zone *z = &s->zones[zi];

		if (!z->present)
			continue;
		for (int mt = 0; mt < SM_MIGRATE_TYPES; mt++) {
			sm_mm_buf_printf(b, "Node %4d, zone %8s, type %12s ", 0,
					 sm_boot_zone_name(zi), mt_names[mt]);
			for (unsigned int o = 0; o <= s->max_order; o++) {
				uint64_t n = list_count(s, &z->area[o].list[mt]);
				bool over = n >= 100000;

				sm_mm_buf_printf(b, "%s%6llu ", over ? ">" : "",
						 (unsigned long long)(over ? 100000 : n));
			}
			sm_mm_buf_printf(b, "\n");
		}
	}
	sm_mm_buf_printf(b, "\n%-23s", "Number of blocks type ");
	for (int mt = 0; mt < SM_MIGRATE_TYPES; mt++)
		sm_mm_buf_printf(b, "%12s ", mt_names[mt]);
	sm_mm_buf_printf(b, "\n");
	for (int zi = 0; zi < SM_NR_ZONES; zi++) {
		uint64_t count[SM_MIGRATE_TYPES] = { 0 };

		if (!s->zones[zi].present)
			continue;
		block_counts(s, zi, count);
		sm_mm_buf_printf(b, "Node 0, zone %8s ", sm_boot_zone_name(zi));
		for (int mt = 0; mt < SM_MIGRATE_TYPES; mt++)
			sm_mm_buf_printf(b, "%12llu ", (unsigned long long)count[mt]);
		sm_mm_buf_printf(b, "\n");
	}
}

/* ---- CMA ------------------------------------------------------------------ */

static void format_cma(const struct sm_system *s, struct sm_buf *b)
{
	const char *const *files;

	sm_mm_buf_printf(b, "%-16s %-18s %8s %8s %8s  %s\n", "NAME", "BASE",
			 "COUNT", "USED", "MAXCHUNK", "FREE");
	for (size_t i = 0; i < s->ncma; i++) {
		const struct sm_cma *c = &s->cma[i];
		struct sm_cma_stats st;
		uint64_t total;
		size_t at;

		sm_mm_cma_stats(c, &st);
		sm_mm_buf_printf(b, "%-16s 0x%016llx %8llu %8llu %8llu  ", c->name,
				 (unsigned long long)(c->base_pfn << s->page_shift),
				 (unsigned long long)st.count,
				 (unsigned long long)st.used,
				 (unsigned long long)st.maxchunk);
		at = b->len;
		if (c->bitmap)
			sm_mm_cma_free_runs(c, b, &total, false);
		sm_mm_buf_printf(b, "%s\n", b->len == at ? "-" : "");
	}
	files = sm_mm_cma_sysfs_files(s);
	for (size_t i = 0; files && i < s->ncma; i++)
		for (const char *const *f = files; *f; f++) {
			uint64_t v = 0;

			sm_mm_cma_sysfs_value(s, &s->cma[i], *f, &v);
			sm_mm_buf_printf(b, "/sys/kernel/mm/cma/%s/%s: %llu\n",
					 s->cma[i].name, *f, (unsigned long long)v);
		}
}

static int build(struct sm_system *sys, const char *what, struct sm_buf *b)
{
	if (!strcmp(what, "meminfo"))
		format_meminfo(sys, b);
	else if (!strcmp(what, "buddyinfo"))
		format_buddyinfo(sys, b);
	else if (!strcmp(what, "pagetypeinfo"))
		format_pagetypeinfo(sys, b);
	else if (!strcmp(what, "swaps"))
		sm_mm_swap_format(sys, b);
	else if (!strcmp(what, "vmstat"))
		sm_mm_vmstat_format(sys, b);
	else if (!strcmp(what, "cma"))
		format_cma(sys, b);
	else
		return -EINVAL;
	if (!b->err && b->len > INT32_MAX)
		b->err = -ENOSPC;
	if (!b->err && !b->p)
		sm_mm_buf_printf(b, "%s", "");
	return b->err;
}

int sm_mm_format(struct sm_system *sys, const char *what, char *buf,
		 size_t len)
{
	struct sm_buf b = { 0 };
	int ret = build(sys, what, &b);

	if (!ret && b.len >= len)
		ret = -ENOSPC;
	if (!ret) {
		memcpy(buf, b.p, b.len + 1);
		ret = (int)b.len;
	}
	free(b.p);
	return ret;
}

int sm_mm_format_alloc(struct sm_system *sys, const char *what, char **out)
{
	struct sm_buf b = { 0 };
	int ret = build(sys, what, &b);

	if (ret) {
		free(b.p);
		return ret;
	}
	*out = b.p;
	return (int)b.len;
}

int sm_mm_zone_stats(const struct sm_system *sys, enum sm_zone_id zone,
		     struct sm_mm_zone_stats *st)
{
	const struct sm_zone *z;

	if ((unsigned int)zone >= SM_NR_ZONES)
		return -EINVAL;
	z = &sys->zones[zone];
	st->start_pfn = z->start_pfn;
	st->end_pfn = z->end_pfn;
	st->present = z->present;
	st->managed = z->managed;
	st->free = z->nr_free;
	st->free_cma = z->nr_free_cma;
	st->cma = z->cma_pages;
	return 0;
}
