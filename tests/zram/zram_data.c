// SPDX-License-Identifier: MIT
/*
 * zram_data.c - see zram_data.h. Mirrors data.py statement for statement
 * where the order of random draws matters (Python evaluates arguments
 * left to right; so does every call here, one per statement).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zstd.h>

#include "zram_data.h"

#define PAGE 4096
#define MIB (1u << 20)

struct sm64 {
	uint64_t s;
};

static uint64_t sm64_next(struct sm64 *r)
{
	uint64_t z;

	r->s += 0x9E3779B97F4A7C15ull;
	z = r->s;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint64_t below(struct sm64 *r, uint64_t n)
{
	return sm64_next(r) % n;
}

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void randbytes(struct sm64 *r, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		uint8_t w[8];

		put_le(w, sm64_next(r), 8);
		memcpy(out + i, w, n - i < 8 ? n - i : 8);
	}
}

static const char *const words[] = {
	"the", "of", "and", "to", "a", "in", "is", "it", "you", "that", "he",
	"was", "for", "on", "are", "with", "as", "I", "his", "they", "be",
	"at", "one", "have", "this", "from", "or", "had", "by", "hot",
	"word", "but", "what", "some", "we", "can", "out", "other", "were",
	"all", "there", "when", "up", "use", "your", "how", "said", "an",
	"each", "she", "which", "do", "their", "time", "if", "will", "way",
	"about", "many", "then", "them", "write", "would", "like", "so",
	"these", "her", "long", "make", "thing", "see", "him", "two", "has",
	"look", "more", "day", "could", "go", "come", "did", "number",
	"sound", "no", "most", "people", "my", "over", "know", "water",
	"than", "call", "first", "who", "may", "down", "side", "been", "now",
	"find", "any", "new", "work", "part", "take", "get", "place", "made",
	"live", "where", "after", "back", "little", "only", "round", "man",
	"year", "came", "show", "every", "good", "me", "give", "our",
	"under", "name", "very", "through", "just", "form", "sentence",
	"great", "think", "say", "help", "low", "line", "differ", "turn",
	"cause", "much", "mean", "before", "move", "right", "boy", "old",
	"too", "same", "tell", "does", "set", "three", "want", "air", "well",
	"also", "play", "small", "end", "put", "home", "read", "hand",
	"port", "large", "spell", "add", "even", "land", "here", "must",
	"big", "high", "such", "follow", "act", "why", "ask", "men",
	"change", "went", "light", "kind", "off", "need", "house", "picture",
	"try", "us", "again", "animal", "point", "mother", "world", "near",
	"build", "self", "earth", "father", "head", "stand", "own", "page",
	"should", "country", "found", "answer", "school", "grow", "study",
	"still", "learn", "plant", "cover", "food", "sun", "four", "between",
	"state", "keep", "eye", "never", "last", "let", "thought", "city",
	"tree", "cross", "farm", "hard", "start", "might", "story", "saw",
	"far", "sea", "draw", "left", "late", "run", "while", "press",
	"close", "night", "real", "life", "few", "north", "open", "seem",
	"together", "next", "white", "children", "begin", "got", "walk",
	"example", "ease", "paper", "group", "always", "music", "those",
	"both", "mark", "often", "letter", "until", "mile", "river", "car",
	"feet", "care", "second", "book", "carry", "took", "science", "eat",
	"room", "friend", "began", "idea", "fish", "mountain", "stop",
	"once", "base", "hear", "horse", "cut", "sure", "watch", "color",
	"face", "wood", "main", "enough", "plain", "girl", "usual", "young",
	"ready", "above", "ever", "red", "list", "though", "feel", "talk",
	"bird", "soon", "body", "dog", "family", "direct", "pose", "leave",
	"song", "measure", "door", "product", "black", "short", "numeral",
	"class", "wind", "question", "happen", "complete", "ship", "area",
	"half", "rock", "order", "fire", "south", "problem", "piece", "told",
	"knew", "pass", "since", "top", "whole", "king", "space", "heard",
	"best", "hour", "better", "true", "during", "hundred", "five",
	"remember", "step", "early", "hold", "west", "ground", "interest",
	"reach", "fast", "verb", "sing", "listen", "six", "table", "travel",
	"less", "morning", "ten", "simple", "several", "vowel", "toward",
	"war", "lay", "against", "pattern", "slow", "center", "love",
	"person", "money", "serve", "appear", "road", "map", "rain", "rule",
	"govern", "pull", "cold", "notice", "voice", "unit", "power", "town",
	"fine", "certain", "fly", "fall", "lead", "cry", "dark", "machine",
	"note", "wait", "plan", "figure", "star", "box", "noun", "field",
	"rest", "correct", "able", "pound", "done", "beauty", "drive",
	"stood", "contain", "front", "teach", "week", "final", "gave",
	"green", "oh", "quick", "develop", "ocean", "warm", "free", "minute",
	"strong", "special", "mind", "behind", "clear", "tail", "produce",
	"fact", "street", "inch", "multiply", "nothing", "course", "stay",
	"wheel", "full", "force", "blue", "object", "decide", "surface",
	"deep", "moon", "island", "foot", "system", "busy", "test", "record",
	"boat", "common", "gold", "possible", "plane", "stead", "dry",
	"wonder", "laugh", "thousand", "ago", "ran", "check", "game",
	"shape", "equate", "miss", "brought", "heat", "snow", "tire",
	"bring", "yes", "distant", "fill", "east", "paint", "language",
	"among",
};

#define NWORDS (sizeof(words) / sizeof(words[0]))

/* TextGen: sentences of 4-19 words, paragraphs of 3-8 sentences */
struct textgen {
	struct sm64 r;
	char *buf;
	size_t len, cap;
	uint64_t sent_left;
};

static int tg_append(struct textgen *t, const char *s, size_t n)
{
	if (t->len + n > t->cap) {
		size_t cap = (t->cap + n) * 2;
		char *b = realloc(t->buf, cap);

		if (!b)
			return -1;
		t->buf = b;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	return 0;
}

static int tg_sentence(struct textgen *t)
{
	static const char ends[] = { '.', '.', '?', '!' };
	char s[1024];
	size_t n = 0;
	uint64_t k = 4 + below(&t->r, 16);

	for (uint64_t i = 0; i < k; i++) {
		uint64_t a = below(&t->r, NWORDS);
		uint64_t b = below(&t->r, NWORDS);
		const char *w = words[a < b ? a : b];

		if (i == 0) {
			n += (size_t)sprintf(s + n, "%c%s",
					     w[0] >= 'a' && w[0] <= 'z' ?
						     w[0] - 32 : w[0],
					     w + 1);
			continue;
		}
		if (below(&t->r, 12) == 0)
			s[n++] = ',';
		n += (size_t)sprintf(s + n, " %s", w);
	}
	s[n++] = ends[below(&t->r, 4)];
	if (t->sent_left == 0)
		t->sent_left = 3 + below(&t->r, 6);
	t->sent_left--;
	if (t->sent_left == 0) {
		s[n++] = '\n';
		s[n++] = '\n';
	} else {
		s[n++] = ' ';
	}
	return tg_append(t, s, n);
}

static int tg_take(struct textgen *t, uint8_t *out, size_t n)
{
	while (t->len < n)
		if (tg_sentence(t))
			return -1;
	memcpy(out, t->buf, n);
	memmove(t->buf, t->buf + n, t->len - n);
	t->len -= n;
	return 0;
}

static void same_page(uint8_t *p, uint64_t w)
{
	for (int i = 0; i < PAGE; i += 8)
		put_le(p + i, w, 8);
}

static void gen_same(uint8_t *out, size_t npages, uint64_t seed)
{
	static const uint64_t special[] = {
		0xFFFFFFFFFFFFFFFFull, 0x0000000000000001ull,
		0x0101010101010101ull, 0x8000000000000000ull,
		0x00000000FFFFFFFFull, 0xDEADBEEFDEADBEEFull,
		0x5A5A5A5A5A5A5A5Aull, 0x0000000100000000ull,
	};
	struct sm64 r = { seed };

	for (size_t i = 0; i < npages; i++) {
		uint64_t w = i < 8 ? special[i] : sm64_next(&r);

		same_page(out + i * PAGE, w ? w : 1);
	}
}

static void struct_page(struct sm64 *r, uint8_t *p)
{
	static const uint32_t flagv[] = { 0x1, 0x3, 0x10, 0x11, 0x80000000 };
	uint64_t base_id = below(r, 1u << 20);
	uint64_t heap = 0xFFFF000000000000ull | (below(r, 1u << 16) << 28);

	for (int i = 0; i < PAGE / 32; i++, p += 32) {
		uint32_t flags = flagv[below(r, 5)];
		uint64_t ptr = 0;

		if (below(r, 8) != 0)
			ptr = heap + (below(r, 1u << 20) << 6);
		put_le(p, base_id + (uint64_t)i, 4);
		put_le(p + 4, flags, 4);
		put_le(p + 8, ptr, 8);
		put_le(p + 16, below(r, 4096), 4);
		put_le(p + 20, below(r, 16), 2);
		put_le(p + 22, 0, 2);
		put_le(p + 24, below(r, 1000), 8);
	}
}

static void pointer_page(struct sm64 *r, uint8_t *p)
{
	static const uint64_t aligns[] = { 8, 16, 64 };
	uint64_t bases[3];

	bases[0] = 0xFFFF000000000000ull | (below(r, 1u << 20) << 24);
	bases[1] = 0x0000AAAA00000000ull | (below(r, 1u << 16) << 16);
	bases[2] = 0x0000FFFF00000000ull | (below(r, 1u << 16) << 16);
	for (int i = 0; i < PAGE / 8; i++) {
		uint64_t k = below(r, 10), v = 0;

		if (k) {
			uint64_t align = aligns[below(r, 3)];

			v = bases[k % 3] + below(r, 1u << 20) * align;
		}
		put_le(p + 8 * i, v, 8);
	}
}

enum kind { K_ZERO, K_SAME, K_TEXT, K_RANDOM, K_PARTIAL, K_STRUCT,
	    K_POINTER, K_NEARHUGE };

static enum kind kind_of(uint64_t i)
{
	/* zero*10 same*10 text*20 random*10 partial*15 struct*15
	 * pointer*10 nearhuge*10 */
	static const struct { int n; enum kind k; } runs[] = {
		{ 10, K_ZERO }, { 10, K_SAME }, { 20, K_TEXT },
		{ 10, K_RANDOM }, { 15, K_PARTIAL }, { 15, K_STRUCT },
		{ 10, K_POINTER }, { 10, K_NEARHUGE },
	};

	for (size_t j = 0; j < sizeof(runs) / sizeof(runs[0]); j++) {
		if (i < (uint64_t)runs[j].n)
			return runs[j].k;
		i -= (uint64_t)runs[j].n;
	}
	return K_ZERO;
}

static int mixed_page(struct sm64 *r, struct textgen *t, uint8_t *p)
{
	uint64_t n, off, w;

	memset(p, 0, PAGE);
	switch (kind_of(below(r, 100))) {
	case K_ZERO:
		return 0;
	case K_SAME:
		w = sm64_next(r);
		same_page(p, w ? w : 1);
		return 0;
	case K_TEXT:
		return tg_take(t, p, PAGE);
	case K_RANDOM:
		randbytes(r, p, PAGE);
		return 0;
	case K_PARTIAL:
		n = 1 + below(r, PAGE - 1);
		off = below(r, PAGE - n + 1);
		if (below(r, 2)) {
			randbytes(r, p + off, n);
			return 0;
		}
		return tg_take(t, p + off, n);
	case K_STRUCT:
		struct_page(r, p);
		return 0;
	case K_POINTER:
		pointer_page(r, p);
		return 0;
	case K_NEARHUGE:
		n = 2600 + below(r, 1300);
		randbytes(r, p, n);
		return 0;
	}
	return 0;
}

static uint8_t *read_elf(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *src = NULL, *dst = NULL;
	unsigned long long n;
	long sz;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET))
		goto out;
	src = malloc((size_t)sz);
	if (!src || fread(src, 1, (size_t)sz, f) != (size_t)sz)
		goto out;
	n = ZSTD_getFrameContentSize(src, (size_t)sz);
	if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN)
		goto out;
	/* zero-padded to a whole page, as data.py pads it */
	*len = (size_t)((n + PAGE - 1) / PAGE * PAGE);
	dst = calloc(1, *len);
	if (dst && ZSTD_decompress(dst, *len, src, (size_t)sz) != n) {
		free(dst);
		dst = NULL;
	}
out:
	free(src);
	fclose(f);
	return dst;
}

uint8_t *zram_data_make(const char *name, const char *elf_zst, size_t *len)
{
	struct textgen t = { { 0 }, NULL, 0, 0, 0 };
	struct sm64 r = { 0 };
	uint8_t *d = NULL;
	size_t pages = 0;
	int err = 0;

	if (!strcmp(name, "elf.bin"))
		return read_elf(elf_zst, len);
	if (!strcmp(name, "zeros.bin") || !strcmp(name, "same.bin"))
		pages = 4 * MIB / PAGE;
	else if (!strcmp(name, "text.bin") || !strcmp(name, "random.bin"))
		pages = 8 * MIB / PAGE;
	else if (!strcmp(name, "mixed.bin"))
		pages = 16 * MIB / PAGE;
	if (!pages || !(d = calloc(pages, PAGE)))
		return NULL;
	*len = pages * PAGE;
	if (!strcmp(name, "same.bin")) {
		gen_same(d, pages, 0x5A4D0001);
	} else if (!strcmp(name, "text.bin")) {
		t.r.s = 0x5A4D0002;
		err = tg_take(&t, d, *len);
	} else if (!strcmp(name, "random.bin")) {
		r.s = 0x5A4D0003;
		randbytes(&r, d, *len);
	} else if (!strcmp(name, "mixed.bin")) {
		r.s = 0x5A4D0004;
		t.r.s = 0x5A4D0005;
		for (size_t i = 0; i < pages && !err; i++)
			err = mixed_page(&r, &t, d + i * PAGE);
	}
	free(t.buf);
	if (err) {
		free(d);
		return NULL;
	}
	return d;
}
