// SPDX-License-Identifier: MIT
/*
 * script_anon.c - the script commands for anonymous memory and swap:
 *
 *   mmap NAME PAGES [data text|zero|same|random|mixed]
 *   munmap NAME
 *   touch NAME [FIRST [COUNT]] [write|read]
 *   reclaim PAGES
 *
 * A write touch fills each page with the next version of its content
 * (derived from the name, the page and the version, of the kind `data`
 * says: text compresses about 2:1 with lz4, random not at all, zero and
 * same are same-filled pages); a read touch compares every page with what
 * was last written, byte for byte, and counts the pages that differ in
 * NAME.bad. So a page that went to swap and came back is checked whole.
 * Text and random pages are cut from a corpus made once per run (64 KiB
 * of words, 256 KiB of random bytes) at an offset the seed picks, with
 * the seed itself in their first 8 bytes: cheap, and every version of
 * every page differs.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "script.h"

#define PAGE 4096

static uint64_t mix(uint64_t x)	/* splitmix64 */
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static const char *const words[] = {
	"memory", "page", "the", "of", "zram", "swap", "and", "a", "kernel",
	"to", "in", "is", "block", "device", "compressed", "for", "that",
	"with", "on", "it", "buffer", "frame", "zone", "free", "as", "by",
	"this", "be", "are", "from", "at", "or", "allocation", "system",
	"an", "which", "can", "not", "data", "when",
};

#define TEXT_BYTES (64 * 1024)
#define RANDOM_BYTES (256 * 1024)

/* words picked 10 bits at a time: six words per mix() */
static void fill_text(uint8_t *p, size_t len, uint64_t seed)
{
	size_t at = 0;

	while (at < len) {
		uint64_t bits = seed = mix(seed);

		for (int k = 0; k < 6 && at < len; k++, bits >>= 10) {
			unsigned int r = (unsigned int)(bits & 1023);
			const char *w = words[r % (sizeof(words) / sizeof(*words))];
			size_t l = strlen(w);

			if (l > len - at)
				l = len - at;
			memcpy(p + at, w, l);
			at += l;
			if (at < len)
				p[at++] = r < 93 ? '\n' : ' ';
		}
	}
}

static int corpus(struct run *r)
{
	if (r->corpus)
		return 0;
	r->corpus = malloc(TEXT_BYTES + RANDOM_BYTES);
	if (!r->corpus)
		return -ENOMEM;
	fill_text(r->corpus, TEXT_BYTES, 1);
	for (size_t at = 0; at < RANDOM_BYTES; at += 8) {
		uint64_t v = mix(at);

		memcpy(r->corpus + TEXT_BYTES + at, &v, 8);
	}
	return 0;
}

/* the content of version @ver of page @index of name @id */
static void content(const struct run *r, uint8_t *p, int data, size_t id,
		    uint64_t index, uint16_t ver)
{
	uint64_t seed = mix((uint64_t)id << 48 ^ index << 16 ^ ver);

	if (data == DATA_MIXED)
		data = (int[]){ DATA_ZERO, DATA_TEXT, DATA_RANDOM,
				DATA_SAME }[index % 4];
	switch (data) {
	case DATA_ZERO:
		memset(p, 0, PAGE);
		return;
	case DATA_SAME:
		for (size_t at = 0; at < PAGE; at += 8)
			memcpy(p + at, &seed, 8);
		return;
	case DATA_RANDOM:
		memcpy(p, r->corpus + TEXT_BYTES +
			  (seed >> 8) % (RANDOM_BYTES - PAGE) / 8 * 8, PAGE);
		break;
	default:
		memcpy(p, r->corpus + (seed >> 8) % (TEXT_BYTES - PAGE), PAGE);
	}
	memcpy(p, &seed, 8);
}

/* ---- commands ----------------------------------------------------------- */

int sm_mm_script_do_mmap(struct run *r, const struct script_cmd *c)
{
	struct named *x = sm_mm_script_define(r, c);
	int ret;

	x->pages = c->count;
	x->data = c->data;
	x->ver = calloc(c->count, sizeof(*x->ver));
	ret = x->ver && !corpus(r) ? sm_mm_anon_create(r->sys, c->count,
							&x->anon) : -ENOMEM;
	if (ret) {
		free(x->ver);
		x->ver = NULL;
		x->live = false;
		return sm_mm_script_fail(r, c, -ECANCELED, "mmap %s: %s", c->name,
					 strerror(-ret));
	}
	r->last = 0;
	return 0;
}

void sm_mm_script_anon_forget(struct named *x)
{
	sm_mm_anon_destroy(x->anon);
	x->anon = NULL;
	free(x->ver);
	x->ver = NULL;
}

int sm_mm_script_do_munmap(struct run *r, const struct script_cmd *c)
{
	struct named *x = sm_mm_script_find(r, c->name);

	if (!x)
		return sm_mm_script_fail(r, c, -ECANCELED, "'%s' is not mapped",
					 c->name);
	sm_mm_script_forget(r, x);
	r->last = 0;
	return 0;
}

/* one page: Return: 0, or the fault's errno */
static int touch_one(struct run *r, struct named *x, uint64_t i, bool read,
		     uint8_t *scratch)
{
	size_t id = (size_t)(x - r->nm);
	void *bytes;
	int ret;

	ret = sm_mm_anon_fault(x->anon, i, !read, &bytes);
	if (ret)
		return ret;
	if (!read) {
		if (!++x->ver[i])	/* 0 means never written */
			x->ver[i] = 1;
		content(r, bytes, x->data, id, i, x->ver[i]);
		return 0;
	}
	if (x->ver[i])
		content(r, scratch, x->data, id, i, x->ver[i]);
	else
		memset(scratch, 0, PAGE);
	if (memcmp(bytes, scratch, PAGE))
		x->bad++;
	return 0;
}

int sm_mm_script_do_touch(struct run *r, const struct script_cmd *c)
{
	struct named *x = sm_mm_script_find(r, c->name);
	struct sm_swap_stats a, b;
	uint8_t *scratch;
	uint64_t end, done = 0;
	int ret = 0;

	if (!x || !x->anon)
		return sm_mm_script_fail(r, c, -ECANCELED, "'%s' is not mapped",
					 c->name);
	end = c->count ? c->first + c->count : x->pages;
	if (c->first >= x->pages || end > x->pages)
		return sm_mm_script_fail(r, c, -ECANCELED, "touch %s: pages %" PRIu64
					 "..%" PRIu64 " are outside its %" PRIu64,
					 c->name, c->first, end - 1, x->pages);
	scratch = malloc(PAGE);
	if (!scratch)
		return sm_mm_script_fail(r, c, -ENOMEM, "out of memory");
	sm_mm_swap_stats(r->sys, &a);
	for (uint64_t i = c->first; i < end && !ret; i++, done++)
		ret = touch_one(r, x, i, c->read, scratch);
	free(scratch);
	if (ret)
		done--;
	sm_mm_swap_stats(r->sys, &b);
	r->last = ret;
	sm_mm_script_out(r, "%s:%u: touch %s: %" PRIu64 " pages %s, %" PRIu64
			 " swapped in, %" PRIu64 " out%s%s\n", r->sc->name, c->line,
			 c->name, done, c->read ? "read" : "written",
			 b.pswpin - a.pswpin, b.pswpout - a.pswpout,
			 ret ? ", failed: " : "", ret ? strerror(-ret) : "");
	return 0;
}

int sm_mm_script_do_reclaim(struct run *r, const struct script_cmd *c)
{
	r->reclaimed = sm_mm_reclaim(r->sys, c->count);
	/* memory.reclaim answers EAGAIN when it fell short */
	r->last = r->reclaimed == c->count ? 0 : -EAGAIN;
	sm_mm_script_out(r, "%s:%u: reclaim: %" PRIu64 " of %" PRIu64 " pages\n",
			 r->sc->name, c->line, r->reclaimed, c->count);
	return 0;
}

/* ---- variables ------------------------------------------------------------ */

static const char *const anon_fields[] = {
	"pages", "resident", "swapped", "written", "bad", "intact",
};

bool sm_mm_script_anon_field(const char *field)
{
	for (size_t i = 0; i < sizeof(anon_fields) / sizeof(*anon_fields); i++)
		if (!strcmp(field, anon_fields[i]))
			return true;
	return false;
}

/* NAME.pages|resident|swapped|written|bad|intact of a mapping */
int sm_mm_script_var_anon(struct run *r, const struct named *x,
			  const char *field, int64_t *v)
{
	uint64_t n[SM_ANON_SWAPPED + 1] = { 0 }, written = 0;

	(void)r;
	for (uint64_t i = 0; i < x->pages; i++) {
		n[sm_mm_anon_state(x->anon, i)]++;
		written += x->ver[i] != 0;
	}
	if (!strcmp(field, "pages"))
		*v = (int64_t)x->pages;
	else if (!strcmp(field, "resident"))
		*v = (int64_t)n[SM_ANON_RESIDENT];
	else if (!strcmp(field, "swapped"))
		*v = (int64_t)n[SM_ANON_SWAPPED];
	else if (!strcmp(field, "written"))
		*v = (int64_t)written;
	else if (!strcmp(field, "bad"))
		*v = (int64_t)x->bad;
	else if (!strcmp(field, "intact"))
		*v = x->bad == 0;
	else
		return -ENOENT;
	return 0;
}

/* swap.total|free|used (pages), swap.in|out|areas|scanned|kswapd|direct|
 * oom|write_errors */
int sm_mm_script_var_swap(struct run *r, const char *field, int64_t *v)
{
	static const char *const names[] = {
		"total", "free", "used", "in", "out", "areas", "scanned",
		"kswapd", "direct", "oom", "write_errors",
	};
	struct sm_swap_stats st;
	uint64_t vals[sizeof(names) / sizeof(names[0])];

	sm_mm_swap_stats(r->sys, &st);
	vals[0] = st.total;
	vals[1] = st.total - st.used;
	vals[2] = st.used;
	vals[3] = st.pswpin;
	vals[4] = st.pswpout;
	vals[5] = st.areas;
	vals[6] = st.pgscan;
	vals[7] = st.kswapd_runs;
	vals[8] = st.direct_reclaims;
	vals[9] = st.oom;
	vals[10] = st.write_errors;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(field, names[i])) {
			*v = (int64_t)vals[i];
			return 0;
		}
	return -ENOENT;
}
