// SPDX-License-Identifier: MIT
/*
 * swap.c - swap areas: swapon(2) reading mkswap's header, swapoff(2),
 * slots handed out and freed, /proc/swaps, as Linux 6.1/6.12
 * mm/swapfile.c (read_swap_header(), setup_swap_map(), enable_swap_info(),
 * swap_show()).
 *
 * Simplified: a slot is found next-fit from where the last search
 * stopped (the kernel's per-CPU clusters of an SSD area hand out runs of
 * 512 slots the same way on one CPU); an area is a block device seen
 * through struct sm_swap_ops, one page per slot, no extents.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "swap.h"

/* union swap_header (include/linux/swap.h): the info block after the
 * 1024 boot bytes, the magic in the page's last 10 bytes */
#define SWH_VERSION 1024
#define SWH_LAST_PAGE 1028
#define SWH_NR_BADPAGES 1032
#define SWH_BADPAGES 1536
#define SWH_MAGIC (4096 - 10)
#define MAX_SWAP_BADPAGES ((SWH_MAGIC - SWH_BADPAGES) / 4)

static uint32_t get32(const uint8_t *p, bool swab)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swab ? __builtin_bswap32(v) : v;
}

struct sm_swap *sm_mm_swap_get(struct sm_system *s)
{
	struct sm_swap *sw;

	if (s->swap)
		return s->swap;
	sw = calloc(1, sizeof(*sw));
	if (!sw)
		return NULL;
	/* calloc of a big block is mmap'ed: untouched frames cost nothing */
	sw->frames = calloc(s->end_pfn - s->base_pfn, sizeof(*sw->frames));
	if (!sw->frames) {
		free(sw);
		return NULL;
	}
	sw->lru_head = sw->lru_tail = SM_IDX_NONE;
	sw->least_priority = -1;
	s->swap = sw;
	sm_mm_wmarks_init(s);
	return sw;
}

static void area_free(struct sm_swap_area *a)
{
	free(a->map);
	free(a->name);
	free(a);
}

/* the system goes: areas still on are released, mappings left behind
 * are the caller's bug (their pages go with the system) */
void sm_mm_swap_destroy(struct sm_system *s)
{
	struct sm_swap *sw = s->swap;

	if (!sw)
		return;
	for (int t = 0; t < SM_MAX_SWAPFILES; t++) {
		struct sm_swap_area *a = sw->areas[t];

		if (!a)
			continue;
		if (a->dev.ops->release)
			a->dev.ops->release(a->dev.ctx);
		area_free(a);
	}
	free(sw->anons);
	free(sw->frames);
	free(sw);
	s->swap = NULL;
}

/* ---- the header --------------------------------------------------------- */

/* read_swap_header() + setup_swap_map(): usable slots, or a -errno */
static int64_t read_header(struct sm_system *s, const struct sm_swap_device *d,
			   const uint8_t *h, uint64_t **map, uint64_t *max)
{
	bool swab = false;
	uint32_t version, last, nbad;
	uint64_t maxpages, good;

	if (memcmp(h + SWH_MAGIC, "SWAPSPACE2", 10)) {
		sm_mm_printk(s, SM_LOG_ERR, "Unable to find swap-space signature");
		return -EINVAL;
	}
	version = get32(h + SWH_VERSION, false);
	if (__builtin_bswap32(version) == 1) {	/* the endianness hack */
		swab = true;
		version = 1;
	}
	if (version != 1) {
		sm_mm_printk(s, SM_LOG_WARN, "Unable to handle swap header "
			     "version %d", (int)version);
		return -EINVAL;
	}
	last = get32(h + SWH_LAST_PAGE, swab);
	nbad = get32(h + SWH_NR_BADPAGES, swab);
	if (!last) {
		sm_mm_printk(s, SM_LOG_WARN, "Empty swap-file");
		return -EINVAL;
	}
	maxpages = (uint64_t)last + 1;
	if (maxpages > d->pages) {
		sm_mm_printk(s, SM_LOG_WARN, "Swap area shorter than signature "
			     "indicates");
		return -EINVAL;
	}
	if (nbad > MAX_SWAP_BADPAGES)
		return -EINVAL;
	*map = calloc((maxpages + 63) / 64, sizeof(**map));
	if (!*map)
		return -ENOMEM;
	good = maxpages - 1;
	for (uint32_t i = 0; i < nbad; i++) {
		uint32_t bad = get32(h + SWH_BADPAGES + 4 * i, swab);

		if (!bad || bad > last) {
			free(*map);
			return -EINVAL;
		}
		if (!(map[0][bad / 64] & 1ULL << (bad % 64))) {
			map[0][bad / 64] |= 1ULL << (bad % 64);
			good--;
		}
	}
	if (!good) {
		free(*map);
		sm_mm_printk(s, SM_LOG_WARN, "Empty swap-file");
		return -EINVAL;
	}
	*max = maxpages;
	return (int64_t)good;
}

/* ---- swapon, swapoff ------------------------------------------------------ */

static struct sm_swap_area *find_area(struct sm_swap *sw, const char *name,
				      int *type)
{
	for (int t = 0; sw && t < SM_MAX_SWAPFILES; t++)
		if (sw->areas[t] && !strcmp(sw->areas[t]->name, name)) {
			if (type)
				*type = t;
			return sw->areas[t];
		}
	return NULL;
}

static int new_area(struct sm_system *s, const struct sm_swap_device *dev,
		    struct sm_swap_area **out)
{
	struct sm_swap_area *a = calloc(1, sizeof(*a));
	uint8_t *h = malloc(4096);
	int64_t good;
	int ret;

	if (!a || !h || !(a->name = strdup(dev->name))) {
		ret = -ENOMEM;
		goto out_free;
	}
	a->dev = *dev;
	a->dev.name = a->name;
	ret = dev->pages ? dev->ops->read(dev->ctx, 0, h) : -EINVAL;
	if (ret)
		goto out_free;
	good = read_header(s, dev, h, &a->map, &a->max);
	if (good < 0) {
		ret = (int)good;
		goto out_free;
	}
	a->pages = (uint64_t)good;
	free(h);
	*out = a;
	return 0;

out_free:
	free(h);
	if (a)
		free(a->name);
	free(a);
	return ret;
}

int sm_mm_swapon(struct sm_system *sys, const struct sm_swap_device *dev,
		 int prio)
{
	const struct sm_mm_profile *mp = sm_mm_profile(sys);
	struct sm_swap *sw;
	struct sm_swap_area *a = NULL;
	int type, ret;

	if (!dev || !dev->name || !dev->ops || !dev->ops->read ||
	    !dev->ops->write || prio < -1 || prio > 32767)
		return -EINVAL;
	sw = sm_mm_swap_get(sys);
	if (!sw)
		return -ENOMEM;
	if (find_area(sw, dev->name, NULL))
		return -EBUSY;
	for (type = 0; type < SM_MAX_SWAPFILES && sw->areas[type]; type++)
		;
	if (type == SM_MAX_SWAPFILES)
		return -EPERM;
	ret = new_area(sys, dev, &a);
	if (ret)
		return ret;
	a->next = 1;
	if (prio >= 0)
		a->prio = prio;
	else if (mp->swap_fixed_prio)
		a->prio = -1;
	else
		a->prio = --sw->least_priority;
	sw->areas[type] = a;
	sw->st.areas++;
	sm_mm_printk(sys, SM_LOG_INFO, "Adding %lluk swap on %s.  Priority:%d "
		     "extents:1 across:%lluk %s%s",
		     (unsigned long long)a->pages << (sys->page_shift - 10),
		     a->name, a->prio,
		     (unsigned long long)a->pages << (sys->page_shift - 10),
		     dev->solidstate ? "SS" : "",
		     mp->swap_frontswap ? "FS" : "");
	return 0;
}

int sm_mm_swapoff(struct sm_system *sys, const char *name)
{
	struct sm_swap *sw = sys->swap;
	struct sm_swap_area *a;
	int type, ret;

	a = name ? find_area(sw, name, &type) : NULL;
	if (!a)
		return -EINVAL;
	a->off = true;	/* del_from_avail_list(): no new slots here */
	ret = sm_mm_anon_unuse(sys, (unsigned int)type);
	if (ret) {
		a->off = false;	/* reinsert_swap_info() */
		return ret;
	}
	/* a default priority frees its place (least_priority++, and the
	 * areas below move up) */
	if (a->prio < 0 && !sm_mm_profile(sys)->swap_fixed_prio) {
		for (int t = 0; t < SM_MAX_SWAPFILES; t++)
			if (sw->areas[t] && sw->areas[t]->prio < a->prio)
				sw->areas[t]->prio++;
		sw->least_priority++;
	}
	sw->areas[type] = NULL;
	sw->st.areas--;
	if (a->dev.ops->release)
		a->dev.ops->release(a->dev.ctx);
	area_free(a);
	return 0;
}

/* ---- slots ------------------------------------------------------------------ */

bool sm_mm_swap_has_space(const struct sm_system *s)
{
	const struct sm_swap *sw = s->swap;

	for (int t = 0; sw && t < SM_MAX_SWAPFILES; t++) {
		const struct sm_swap_area *a = sw->areas[t];

		if (a && !a->off && a->inuse < a->pages)
			return true;
	}
	return false;
}

/* the highest-priority area with room (the first such in swapon order
 * among equals: the kernel rotates those, one CPU sees the same order) */
static int pick_area(const struct sm_swap *sw)
{
	int best = -1;

	for (int t = 0; t < SM_MAX_SWAPFILES; t++) {
		const struct sm_swap_area *a = sw->areas[t];

		if (!a || a->off || a->inuse >= a->pages)
			continue;
		if (best < 0 || a->prio > sw->areas[best]->prio)
			best = t;
	}
	return best;
}

static bool slot_used(const struct sm_swap_area *a, uint64_t slot)
{
	return a->map[slot / 64] & 1ULL << (slot % 64);
}

/* get_swap_pages(): Return: 0 and the entry, or -ENOSPC */
int sm_mm_swap_slot_alloc(struct sm_system *s, uint64_t *entry)
{
	struct sm_swap *sw = s->swap;
	struct sm_swap_area *a;
	int type = sw ? pick_area(sw) : -1;

	if (type < 0)
		return -ENOSPC;
	a = sw->areas[type];
	for (uint64_t n = 0; n < a->max; n++) {
		uint64_t slot = a->next;

		a->next = a->next + 1 >= a->max ? 1 : a->next + 1;
		if (!slot || slot_used(a, slot))
			continue;
		a->map[slot / 64] |= 1ULL << (slot % 64);
		a->inuse++;
		sw->st.used++;
		*entry = swp_entry((unsigned int)type, slot);
		return 0;
	}
	return -ENOSPC;	/* inuse says otherwise: cannot happen */
}

/* swap_free(): @notify tells the device (swap_slot_free_notify) */
void sm_mm_swap_slot_free(struct sm_system *s, uint64_t entry, bool notify)
{
	struct sm_swap_area *a = s->swap->areas[swp_type(entry)];
	uint64_t slot = swp_offset(entry);

	a->map[slot / 64] &= ~(1ULL << (slot % 64));
	a->inuse--;
	s->swap->st.used--;
	if (notify && a->dev.ops->free)
		a->dev.ops->free(a->dev.ctx, slot);
}

int sm_mm_swap_read(struct sm_system *s, uint64_t entry, void *page)
{
	struct sm_swap_area *a = s->swap->areas[swp_type(entry)];

	return a->dev.ops->read(a->dev.ctx, swp_offset(entry), page);
}

int sm_mm_swap_write(struct sm_system *s, uint64_t entry, const void *page)
{
	struct sm_swap_area *a = s->swap->areas[swp_type(entry)];

	return a->dev.ops->write(a->dev.ctx, swp_offset(entry), page);
}

/* ---- reports ----------------------------------------------------------------- */

/* swap_show(): the path padded to 40 columns, sizes in kB */
void sm_mm_swap_format(const struct sm_system *s, struct sm_buf *b)
{
	const struct sm_swap *sw = s->swap;

	sm_mm_buf_printf(b, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	for (int t = 0; sw && t < SM_MAX_SWAPFILES; t++) {
		const struct sm_swap_area *a = sw->areas[t];
		unsigned long long kb, used;
		int len;

		if (!a)
			continue;
		kb = (unsigned long long)a->pages << (s->page_shift - 10);
		used = (unsigned long long)a->inuse << (s->page_shift - 10);
		len = (int)strlen(a->name);
		sm_mm_buf_printf(b, "%s%*s%s\t%llu\t%s%llu\t%s%d\n", a->name,
				 len < 40 ? 40 - len : 1, " ",
				 a->dev.block ? "partition" : "file\t", kb,
				 kb < 10000000 ? "\t" : "", used,
				 used < 10000000 ? "\t" : "", a->prio);
	}
}

int sm_mm_swap_area_at(const struct sm_system *sys, unsigned int i,
		       struct sm_swap_area_info *info)
{
	const struct sm_swap *sw = sys->swap;

	for (int t = 0; sw && t < SM_MAX_SWAPFILES; t++) {
		const struct sm_swap_area *a = sw->areas[t];

		if (!a || i--)
			continue;
		info->name = a->name;
		info->pages = a->pages;
		info->used = a->inuse;
		info->prio = a->prio;
		return 0;
	}
	return -ENOENT;
}

void sm_mm_swap_stats(const struct sm_system *sys, struct sm_swap_stats *st)
{
	const struct sm_swap *sw = sys->swap;

	memset(st, 0, sizeof(*st));
	if (!sw)
		return;
	*st = sw->st;
	st->total = 0;
	for (int t = 0; t < SM_MAX_SWAPFILES; t++)
		if (sw->areas[t])
			st->total += sw->areas[t]->pages;
}

/* ---- invariants ------------------------------------------------------------------ */

#define BROKEN(...) sm_dt_diag_set(diag, -EUCLEAN, __VA_ARGS__)

static int check_area(const struct sm_swap_area *a, int t,
		      uint64_t *used_by_ptes, struct sm_diag *diag)
{
	uint64_t set = 0;

	for (uint64_t slot = 0; slot < a->max; slot++)
		set += slot_used(a, slot);
	/* bad pages are set but are not in use: count them out */
	if (slot_used(a, 0))
		return BROKEN("swap area %d: the header slot is in use", t);
	if (set - (a->max - 1 - a->pages) != a->inuse)
		return BROKEN("swap area %d: %" PRIu64 " slots set, inuse %"
			      PRIu64, t, set, a->inuse);
	if (used_by_ptes[t] != a->inuse)
		return BROKEN("swap area %d: ptes name %" PRIu64 " slots, "
			      "inuse %" PRIu64, t, used_by_ptes[t], a->inuse);
	return 0;
}

/* the walk over mappings: every pte against frames[] and the areas */
static int check_anon(const struct sm_system *s, const struct sm_anon *an,
		      uint64_t *resident, uint64_t *used, struct sm_diag *diag)
{
	const struct sm_swap *sw = s->swap;

	for (uint64_t i = 0; i < an->pages; i++) {
		uint64_t pte = an->pte[i];

		if (pte_present(pte)) {
			uint64_t pfn = pte >> 1;
			const struct sm_swap_frame *f;

			if (!sm_pfn_in_span(s, pfn))
				return BROKEN("anon %u page %" PRIu64 ": pfn "
					      "outside memory", an->id, i);
			f = &sw->frames[pfn - s->base_pfn];
			if ((f->anon & ~FRAME_REFERENCED) != an->id + 1 ||
			    f->index != i)
				return BROKEN("anon %u page %" PRIu64 ": frame "
					      "0x%" PRIx64 " names another",
					      an->id, i, pfn);
			(*resident)++;
		} else if (pte_swapped(pte)) {
			uint64_t e = pte >> 1;
			const struct sm_swap_area *a;

			a = swp_type(e) < SM_MAX_SWAPFILES ?
				    sw->areas[swp_type(e)] : NULL;
			if (!a || swp_offset(e) >= a->max ||
			    !slot_used(a, swp_offset(e)))
				return BROKEN("anon %u page %" PRIu64 ": bad "
					      "swap entry", an->id, i);
			used[swp_type(e)]++;
		}
	}
	return 0;
}

static int check_lru(const struct sm_system *s, uint64_t resident,
		     struct sm_diag *diag)
{
	const struct sm_swap *sw = s->swap;
	uint32_t prev = SM_IDX_NONE;
	uint64_t n = 0, active = 0;

	for (uint32_t i = sw->lru_head; i != SM_IDX_NONE;
	     i = sw->frames[i].next) {
		const struct sm_swap_frame *f = &sw->frames[i];

		if (!f->anon || f->prev != prev)
			return BROKEN("LRU: bad link at frame 0x%" PRIx64,
				      sm_pfn(s, i));
		if (++n > resident)
			return BROKEN("LRU: longer than the resident pages");
		active += !!(f->anon & FRAME_REFERENCED);
		prev = i;
	}
	if (sw->lru_tail != prev || n != resident || n != sw->st.anon ||
	    active != sw->st.anon_active)
		return BROKEN("LRU: %" PRIu64 " entries, %" PRIu64 " resident "
			      "pages, AnonPages %" PRIu64, n, resident,
			      sw->st.anon);
	return 0;
}

int sm_mm_swap_check(const struct sm_system *s, struct sm_diag *diag)
{
	const struct sm_swap *sw = s->swap;
	uint64_t used[SM_MAX_SWAPFILES] = { 0 }, resident = 0, total = 0;
	int ret;

	if (!sw)
		return 0;
	for (uint32_t id = 0; id < sw->nanons; id++) {
		if (!sw->anons[id])
			continue;
		ret = check_anon(s, sw->anons[id], &resident, used, diag);
		if (ret)
			return ret;
	}
	ret = check_lru(s, resident, diag);
	for (int t = 0; !ret && t < SM_MAX_SWAPFILES; t++)
		if (sw->areas[t]) {
			ret = check_area(sw->areas[t], t, used, diag);
			total += sw->areas[t]->inuse;
		}
	if (!ret && total != sw->st.used)
		ret = BROKEN("swap: %" PRIu64 " slots in use, counted %" PRIu64,
			     total, sw->st.used);
	return ret;
}
