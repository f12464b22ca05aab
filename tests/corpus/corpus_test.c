// SPDX-License-Identifier: MIT
/*
 * corpus_test.c - the oracle corpus as a test: every case is a DTB that a
 * real kernel booted, with the memory lines each kernel printed
 * (expect-<ver>.txt). For every case and kernel, boot the board model
 * and compare its log lines with the kernel's, exactly.
 *
 * Usage: corpus_test DIR [KERNEL...]  (cases are DIR/<case>/, with
 * effective.dtb or effective.dtb.gz). Case ids print as
 * corpus/<ver>/<case>. A case a kernel did not boot (no expect-<ver>.txt)
 * counts as "not recorded", never as passed. Exit 0: all equal; 1: a
 * mismatch; 77: no DIR.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include <socmem/board.h>

#define TEST_SKIP 77
#define NOT_RECORDED (-1)	/* check_case(): nothing to compare with */

/* Read a whole file; .gz files are inflated. */
static char *slurp(const char *path, size_t *len)
{
	gzFile gz = gzopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf;
	int r;

	if (!gz)
		return NULL;
	buf = malloc(cap + 1);
	while (buf && (r = gzread(gz, buf + n, (unsigned int)(cap - n))) > 0) {
		n += (size_t)r;
		if (n == cap) {
			char *b = realloc(buf, cap * 2 + 1);

			if (!b) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = b;
			cap *= 2;
		}
	}
	gzclose(gz);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

static int load_dt(const char *dir, struct sm_dt **dt)
{
	char path[4200];
	struct sm_diag diag;
	struct stat st;
	size_t len;
	char *blob;
	int err;

	snprintf(path, sizeof(path), "%s/effective.dtb", dir);
	if (stat(path, &st))
		snprintf(path, sizeof(path), "%s/effective.dtb.gz", dir);
	blob = slurp(path, &len);
	if (!blob)
		return -ENOENT;
	err = sm_dt_from_blob(blob, len, path, dt, &diag);
	if (err)
		fprintf(stderr, "%s\n", diag.msg);
	free(blob);
	return err;
}

/* The model's memory lines, joined with newlines. */
static char *memlines(const struct sm_board *b)
{
	size_t n = 1;
	char *out, *p;

	for (size_t i = 0; i < b->nmsgs; i++)
		if (b->msgs[i].memline)
			n += strlen(b->msgs[i].text) + 1;
	out = p = malloc(n);
	if (!out)
		return NULL;
	for (size_t i = 0; i < b->nmsgs; i++)
		if (b->msgs[i].memline)
			p += sprintf(p, "%s\n", b->msgs[i].text);
	*p = '\0';
	return out;
}

/* Print the first line where @want and @got differ. */
static void show_diff(const char *id, const char *want, const char *got)
{
	int line = 1;

	while (*want && *want == *got) {
		if (*want == '\n')
			line++;
		want++;
		got++;
	}
	while (line > 1 && want[-1] != '\n') {
		want--;
		got--;
	}
	fprintf(stderr, "FAIL %s: line %d\n  kernel: %.*s\n  socmem: %.*s\n",
		id, line, (int)strcspn(want, "\n"), want,
		(int)strcspn(got, "\n"), got);
}

/*
 * The number just before @unit in @line ("3136K init" -> 3136), or -1.
 * The Memory: line names each figure by the word after it.
 */
static long long figure_before(const char *line, const char *unit)
{
	const char *u = strstr(line, unit), *p;

	if (!u || u == line)
		return -1;
	p = u;
	while (p > line && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return p == u ? -1 : strtoll(p, NULL, 10);
}

/*
 * The kernel's line "Memory: AK/TK available (... IK init, ... RK reserved,
 * CK cma-reserved)" says how much memblock_free_all() gave the buddy
 * allocator: T - R - C. The init section is given back later, so the
 * board's free pages must come to exactly that plus I. The line is in the
 * case's memory-<ver>.txt (vendored cases) or its linux-<ver>.log.
 */
/* boots whose Memory: line was compared, for the summary */
static int memory_lines;

static int check_memory_line(const char *dir, const char *id,
			     const struct sm_board *b)
{
	static const char *const files[] = { "memory-%s.txt", "linux-%s.log" };
	char path[4200], *text = NULL, *line = NULL;
	long long total, init, reserved, cma;
	uint64_t want_kib, got_kib;
	size_t len;

	for (size_t i = 0; i < 2 && !line; i++) {
		snprintf(path, sizeof(path), "%s/", dir);
		snprintf(path + strlen(path), sizeof(path) - strlen(path),
			 files[i], sm_boot_profile_name(b->profile));
		free(text);
		text = slurp(path, &len);
		line = text ? strstr(text, "Memory: ") : NULL;
	}
	if (!line) {
		free(text);
		return 0;	/* this case has no record of the line */
	}
	line[strcspn(line, "\n")] = '\0';
	total = figure_before(line, "K available");
	init = figure_before(line, "K init");
	reserved = figure_before(line, "K reserved");
	cma = figure_before(line, "K cma-reserved");
	free(text);
	if (total < 0 || init < 0 || reserved < 0 || cma < 0) {
		fprintf(stderr, "FAIL %s: unreadable Memory: line in %s\n",
			id, path);
		return 1;
	}
	memory_lines++;
	want_kib = (uint64_t)(total - reserved - cma + init);
	got_kib = sm_boot_board_free_pages(b) * (sm_boot_board_page_size(b) / 1024);
	if (want_kib == got_kib)
		return 0;
	fprintf(stderr, "FAIL %s: free at memblock_free_all: kernel %llu KiB, socmem %llu KiB\n",
		id, (unsigned long long)want_kib, (unsigned long long)got_kib);
	return 1;
}

static int check_case(const char *root, const char *name,
		      const struct sm_profile *p)
{
	char dir[4096], path[4200], id[512];
	struct sm_boot_options o = { p, NULL, -1 };
	struct sm_board *b = NULL;
	struct sm_dt *dt = NULL;
	char *want, *got;
	struct sm_diag diag;
	size_t len;
	int ret = 1;

	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	snprintf(path, sizeof(path), "%s/expect-%s.txt", dir,
		 sm_boot_profile_name(p));
	snprintf(id, sizeof(id), "corpus/%s/%s", sm_boot_profile_name(p), name);
	want = slurp(path, &len);
	if (!want)
		return NOT_RECORDED; /* this kernel never booted the case */
	if (load_dt(dir, &dt) || sm_boot_board_boot(dt, &o, &b, &diag)) {
		fprintf(stderr, "FAIL %s: cannot boot\n", id);
		goto out;
	}
	got = memlines(b);
	if (got && !strcmp(want, got))
		ret = 0;
	else if (got)
		show_diff(id, want, got);
	free(got);
	if (!ret)
		ret = check_memory_line(dir, id, b);
out:
	sm_boot_board_free(b);
	sm_dt_free(dt);
	free(want);
	return ret;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const struct sm_profile *profiles[8];
	size_t np = 0, nnames = 0, cap = 0;
	int total = 0, failed = 0, unrecorded = 0;
	char **names = NULL;
	struct dirent *e;
	DIR *d;

	if (argc < 2 || !(d = opendir(argv[1]))) {
		fprintf(stderr, "SKIP: no corpus at %s\n", argc > 1 ? argv[1] : "?");
		return TEST_SKIP;
	}
	for (int i = 2; i < argc && np < 8; i++)
		if ((profiles[np] = sm_boot_profile_find(argv[i])))
			np++;
	for (size_t i = 0; np == 0 && i < sm_boot_profile_count(); i++)
		profiles[i] = sm_boot_profile_at(i);
	if (!np)
		np = sm_boot_profile_count();
	while ((e = readdir(d))) {
		char sub[4096];
		struct stat st;

		snprintf(sub, sizeof(sub), "%s/%s", argv[1], e->d_name);
		if (e->d_name[0] == '.' || stat(sub, &st) || !S_ISDIR(st.st_mode))
			continue;
		if (nnames == cap) {
			cap = cap ? cap * 2 : 256;
			names = realloc(names, cap * sizeof(*names));
		}
		names[nnames++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, nnames, sizeof(*names), cmp_names);
	for (size_t k = 0; k < np; k++) {
		int f = 0, t = 0, nr = 0;

		for (size_t i = 0; i < nnames; i++) {
			int r = check_case(argv[1], names[i], profiles[k]);

			if (r == NOT_RECORDED) {
				nr++;
				continue;
			}
			f += r;
			t++;
		}
		fprintf(stderr, "linux-%s: %d passed, %d failed, %d not recorded\n",
			sm_boot_profile_name(profiles[k]), t - f, f, nr);
		total += t;
		failed += f;
		unrecorded += nr;
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	fprintf(stderr, "%d passed, %d failed, %d not recorded (%d with the kernel's "
		"Memory: line, checked page for page)\n", total - failed, failed,
		unrecorded, memory_lines);
	if (!total) {
		fprintf(stderr, "FAIL: no case of %s was recorded for these kernels\n",
			argv[1]);
		return 1;
	}
	return failed ? 1 : 0;
}
