// SPDX-License-Identifier: MIT
/*
 * plan_corpus.c - check and logdiff against what real kernels printed,
 * case by case: for every oracle case and kernel (corpus/<ver>/<case>),
 *
 *   - the overlap-kernel findings name exactly the pairs of the kernel's
 *     "OVERLAP DETECTED!" lines, and the alloc-fail findings exactly the
 *     nodes of its "failed to reserve/allocate" lines (and "cma: Failed
 *     to reserve" for the default area), as multisets;
 *   - the memory map rebuilt from the real log equals the one predicted
 *     from the board model (no difference at all), also with the log in
 *     dmesg's timestamped and syslog's "<6>" forms.
 *
 * Usage: plan_corpus DIR    (the vendored corpus, the shared one, or
 * tests/corpus/edge; a DIR that does not exist is a skip only for
 * ../shared's). Vendored DTBs come without their zero tail, which
 * load_dtb() restores; edge cases have effective.dtb.gz and only the
 * kernel's memory lines (expect-<ver>.txt) uncompressed, which then
 * stand for the log (the kernel is the file's).
 */
#include <dirent.h>
#include <zlib.h>

#include "plan_test.h"

static const char *const kernels[] = { "6.1", "6.12", "7.2" };

struct names {
	char **v;
	size_t n;
};

static void names_add(struct names *s, const char *a, const char *b)
{
	char *x;

	if (asprintf(&x, "%s%s%s", a, b ? " | " : "", b ? b : "") < 0)
		return;
	s->v = realloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = x;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool names_equal(struct names *x, struct names *y)
{
	if (x->n != y->n)
		return false;
	if (!x->n)
		return true;
	qsort(x->v, x->n, sizeof(*x->v), cmp_str);
	qsort(y->v, y->n, sizeof(*y->v), cmp_str);
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->v[i], y->v[i]))
			return false;
	return true;
}

static void names_free(struct names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/*
 * Which "cma: Failed to reserve" line is the default area's, by the
 * kernel's rules (no library code): not one "on node <n>" (6.12's other
 * areas), not one hugetlb_cma announces or reports on; of the rest the
 * default area comes last up to 6.x and first from 7.x.
 */
struct cma_seen {
	bool failed;
	bool other;
};

static void cma_truth(const char *l, const char *prev, const char *next,
		      struct cma_seen *v, size_t *n)
{
	int node = -1;
	const char *on = strstr(l, " on node ");

	if (strncmp(l, "cma: Reserved ", 14) && strncmp(l, "cma: Failed to reserve", 22))
		return;
	if (strstr(l, " range"))
		return; /* 7.x multi-range areas (hugetlb) */
	if (on)
		sscanf(on, " on node %d", &node);
	if (*n == 32)
		return;
	v[*n].failed = !strncmp(l, "cma: Failed", 11);
	v[*n].other = node >= 0 || !strncmp(prev, "hugetlb_cma: reserve ", 21) ||
		      !strncmp(next, "hugetlb_cma: re", 15) ||
		      (!strncmp(next, "cma: ", 5) &&
		       strstr(next, ": reservation failed"));
	(*n)++;
}

/* What the log itself says failed and overlapped (no library code). */
static void log_truth(const char *log, const char *kernel,
		      struct names *fails, struct names *ovl)
{
	static const char *const fail_pat[] = {
		"failed to reserve memory for node '",
		"failed to allocate memory for node '",
		"too many defined dynamic regions, skip '",
	};
	char *copy = strdup(log), *save = NULL, *prev = "", *l, *next;
	struct cma_seen cma[32];
	size_t ncma = 0;
	int pick = -1;

	for (l = strtok_r(copy, "\n", &save); l; prev = l, l = next) {
		char a[128], b[128];
		const char *p;

		next = strtok_r(NULL, "\n", &save);
		for (size_t i = 0; i < 3; i++)
			if ((p = strstr(l, fail_pat[i])) &&
			    sscanf(p + strlen(fail_pat[i]), "%127[^']", a) == 1)
				names_add(fails, a, NULL);
		cma_truth(l, prev, next ? next : "", cma, &ncma);
		if (sscanf(l, "%127s (0x%*x--0x%*x) overlaps with %127s (", a,
			   b) == 2)
			names_add(ovl, a, b);
	}
	for (size_t i = 0; i < ncma; i++)
		if (!cma[i].other && (pick < 0 || kernel[0] < '7'))
			pick = (int)i;
	if (pick >= 0 && cma[pick].failed)
		names_add(fails, "reserved", NULL);
	free(copy);
}

static void board_truth(const struct sm_board *b,
			const struct sm_findings *f, struct names *fails,
			struct names *ovl)
{
	for (size_t i = 0; i < f->count; i++) {
		const struct sm_finding *x = &f->v[i];

		if (x->rule == SM_RULE_ALLOC_FAIL)
			names_add(fails, b->regions[x->region].name, NULL);
		if (x->rule == SM_RULE_OVERLAP_KERNEL)
			names_add(ovl, b->regions[x->region].name,
				  b->regions[x->other].name);
	}
}

static bool check_findings(const char *id, const struct sm_board *b,
			   const char *log)
{
	struct names lf = { 0 }, lo = { 0 }, bf = { 0 }, bo = { 0 };
	struct sm_findings f = { 0 };
	bool ok;

	CHECK(sm_plan_check(b, NULL, &f) == 0);
	log_truth(log, sm_boot_profile_name(b->profile), &lf, &lo);
	board_truth(b, &f, &bf, &bo);
	ok = names_equal(&lf, &bf) && names_equal(&lo, &bo);
	if (!ok)
		fprintf(stderr, "FAIL %s: findings do not match the log "
			"(alloc-fail %zu vs %zu lines, overlap-kernel %zu vs %zu)\n",
			id, bf.n, lf.n, bo.n, lo.n);
	sm_plan_findings_free(&f);
	names_free(&lf);
	names_free(&lo);
	names_free(&bf);
	names_free(&bo);
	return ok;
}

/* The log in another dress: "[    0.000000] " or "<6>" in front. */
static char *dressed(const char *log, bool syslog)
{
	size_t n = strlen(log), o = 0, lines = 1;
	char *out;

	for (size_t i = 0; i < n; i++)
		lines += log[i] == '\n';
	out = malloc(n + lines * 24 + 1);
	for (size_t i = 0, k = 0; i < n; k++) {
		const char *nl = strchr(log + i, '\n');
		size_t len = nl ? (size_t)(nl - log - i) + 1 : n - i;

		o += (size_t)sprintf(out + o, syslog ? "<6>" : "[%5zu.%06zu] ",
				     k / 1000, k % 1000 * 17);
		memcpy(out + o, log + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	return out;
}

static bool log_agrees(const char *id, const struct sm_board *b,
		       const char *log, bool dress)
{
	struct sm_logmap real, pred;
	struct sm_logdiff d = { 0 };
	bool ok;
	char *text = dress ? dressed(log, strlen(id) % 2) : NULL;

	if (sm_plan_log_parse(text ? text : log, strlen(text ? text : log),
			      &real)) {
		fprintf(stderr, "FAIL %s: the log does not parse\n", id);
		free(text);
		return false;
	}
	CHECK(sm_plan_log_predict(b, &pred) == 0);
	CHECK(sm_plan_log_compare(&real, &pred, &d) == 0);
	/* every part of an oracle log is whole, so every line is compared */
	ok = d.ndiff == 0 && d.count > 0 && real.memlines > 0 &&
	     (real.env.complete & SM_LOGSEC_RMEM) &&
	     !strcmp(sm_boot_profile_name(sm_plan_log_profile(&real, &(bool){ 0 })),
		     sm_boot_profile_name(b->profile));
	for (size_t i = 0, n = 0; i < d.count && n < 3; i++)
		if (d.v[i].status != SM_LOGDIFF_SAME && ++n)
			fprintf(stderr, "FAIL %s: %s: log %s, predicted %s\n",
				id, d.v[i].what, d.v[i].log, d.v[i].predicted);
	sm_plan_logdiff_free(&d);
	sm_plan_logmap_free(&real);
	sm_plan_logmap_free(&pred);
	free(text);
	return ok;
}

/*
 * The vendored DTBs are stored without the zero tail their header's
 * total size counts (vendor/dtb_compact -t): pad it back.
 */
/* A gzipped file, whole. */
static char *read_gz(const char *path, size_t *len)
{
	gzFile z = gzopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *p = malloc(cap);
	int got;

	if (!z || !p) {
		if (z)
			gzclose(z);
		free(p);
		return NULL;
	}
	while ((got = gzread(z, p + n, (unsigned int)(cap - n))) > 0) {
		n += (size_t)got;
		if (n == cap)
			p = realloc(p, cap *= 2);
	}
	gzclose(z);
	*len = n;
	return p;
}

static int load_dtb(const char *path, struct sm_dt **dt)
{
	size_t len = 0, total;
	char gz[4200];
	char *p = read_text(path, &len);
	int err;

	if (!p) {
		snprintf(gz, sizeof(gz), "%s.gz", path);
		p = read_gz(gz, &len);
	}
	if (!p || len < 8) {
		free(p);
		return -1;
	}
	total = (size_t)(unsigned char)p[4] << 24 |
		(size_t)(unsigned char)p[5] << 16 |
		(size_t)(unsigned char)p[6] << 8 | (unsigned char)p[7];
	if (total > len && total < (64u << 20)) {
		p = realloc(p, total);
		memset(p + len, 0, total - len);
		len = total;
	}
	err = sm_dt_from_blob(p, len, path, dt, NULL);
	free(p);
	return err;
}

static bool one_case(const char *dir, const char *name, size_t nth,
		     int *cases)
{
	char path[4096], id[512];
	struct sm_dt *dt;
	bool ok = true;

	snprintf(path, sizeof(path), "%s/%s/effective.dtb", dir, name);
	if (load_dtb(path, &dt)) {
		fprintf(stderr, "FAIL %s: cannot load\n", path);
		return false;
	}
	for (size_t k = 0; k < 3; k++) {
		struct sm_boot_options o = { sm_boot_profile_find(kernels[k]), NULL,
					     -1 };
		struct sm_board *b;
		char *log, *lines;

		snprintf(id, sizeof(id), "corpus/%s/%s", kernels[k], name);
		snprintf(path, sizeof(path), "%s/%s/linux-%s.log", dir, name,
			 kernels[k]);
		log = read_text(path, NULL);
		if (!log) {
			/* the memory lines alone, under the file's kernel */
			snprintf(path, sizeof(path), "%s/%s/expect-%s.txt",
				 dir, name, kernels[k]);
			lines = read_text(path, NULL);
			if (!lines || asprintf(&log, "Linux version %s.0 (x)\n%s",
					       kernels[k], lines) < 0)
				log = NULL;
			free(lines);
		}
		if (!log || sm_boot_board_boot(dt, &o, &b, NULL)) {
			fprintf(stderr, "FAIL %s: no log or no board\n", id);
			free(log);
			ok = false;
			continue;
		}
		ok &= check_findings(id, b, log);
		ok &= log_agrees(id, b, log, false);
		if (nth % 7 == 0)
			ok &= log_agrees(id, b, log, true);
		(*cases)++;
		sm_boot_board_free(b);
		free(log);
	}
	sm_dt_free(dt);
	return ok;
}

static int is_case(const struct dirent *e)
{
	return e->d_name[0] != '.' && strcmp(e->d_name, "REPORT.md");
}

int main(int argc, char **argv)
{
	struct dirent **ents;
	int n, cases = 0, bad = 0;

	if (argc != 2)
		return 2;
	n = scandir(argv[1], &ents, is_case, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		/* the shared corpus is optional; the vendored one is not */
		return strstr(argv[1], "/shared/") ? TEST_SKIP : 1;
	}
	test_current = "corpus";
	for (int i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.' &&
		    !one_case(argv[1], ents[i]->d_name, (size_t)i, &cases))
			bad++;
		free(ents[i]);
	}
	free(ents);
	fprintf(stderr, "%d case-kernel pairs: findings and logs agree on all but %d cases\n",
		cases, bad);
	return bad || test_case_failed || cases < 3 ? 1 : 0;
}
