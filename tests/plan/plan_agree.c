// SPDX-License-Identifier: MIT
/*
 * plan_agree.c - one answer: for every vendored corpus case and every
 * modelled kernel (corpus/<ver>/<case>), boot and check say the same
 * thing about what the kernel did.
 *
 *   records vs findings  every finding about kernel behaviour (overlap-
 *                        kernel, alloc-fail, cma-align, cma-areas,
 *                        default-cma, rmem-format, bad-property,
 *                        handler-fail, cma-bypassed) stands for exactly
 *                        one region outcome or overlap record boot
 *                        filled, and every such record for one finding;
 *   records vs the log   the records name the same regions as the lines
 *                        boot's kernel prints ("failed to reserve/
 *                        allocate", "too many defined dynamic regions",
 *                        "compatible matching fail", "OVERLAP DETECTED",
 *                        "incorrect alignment", "Not enough slots"),
 *                        which corpus-vendored compares with the real
 *                        kernels' logs line by line.
 *
 * Usage: plan_agree DIR (tests/corpus/cases, tests/corpus/edge, or the
 * plan corpus unpacked in the build tree).
 */
#include <dirent.h>
#include <zlib.h>

#include "plan_test.h"

/* The rules whose findings report what the kernel itself did. */
static bool kernel_rule(enum sm_rule r)
{
	switch (r) {
	case SM_RULE_OVERLAP_KERNEL:
	case SM_RULE_ALLOC_FAIL:
	case SM_RULE_CMA_ALIGN:
	case SM_RULE_CMA_AREAS:
	case SM_RULE_DEFAULT_CMA:
	case SM_RULE_RMEM_FORMAT:
	case SM_RULE_BAD_PROPERTY:
	case SM_RULE_HANDLER_FAIL:
	case SM_RULE_CMA_BYPASSED:
		return true;
	default:
		return false;
	}
}

/* One expected or found fact: (rule, region, other region). */
struct fact {
	enum sm_rule rule;
	int region;
	int other;
};

struct facts {
	struct fact v[4096];
	size_t n;
};

static void put(struct facts *s, enum sm_rule rule, int region, int other)
{
	if (s->n < sizeof(s->v) / sizeof(s->v[0]))
		s->v[s->n++] = (struct fact){ rule, region, other };
}

static int cmp_fact(const void *pa, const void *pb)
{
	const struct fact *a = pa, *b = pb;

	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	if (a->region != b->region)
		return a->region < b->region ? -1 : 1;
	return a->other - b->other;
}

static bool first_of_node(const struct sm_board *b, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (b->regions[j].node == b->regions[i].node)
			return false;
	return true;
}

/* What each record of the board says the kernel did, as facts. */
static void from_records(const struct sm_board *b, struct facts *s)
{
	for (size_t i = 0; i < b->noverlaps; i++)
		put(s, SM_RULE_OVERLAP_KERNEL, b->overlaps[i].a,
		    b->overlaps[i].b);
	if (b->rmem_unsupported)
		put(s, SM_RULE_RMEM_FORMAT, -1, -1);
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];
		const struct sm_region_outcome *o = &r->outcome;
		int k = (int)i;

		if (r->status == SM_STATUS_FAILED &&
		    r->kind == SM_REGION_DEFAULT_CMA) {
			if (o->reported)
				put(s, SM_RULE_ALLOC_FAIL, k, -1);
			if (o->why != SM_WHY_NO_CMA_SLOT)
				put(s, SM_RULE_DEFAULT_CMA, k, -1);
		} else if (r->status == SM_STATUS_FAILED && r->node >= 0 &&
			   o->why != SM_WHY_BAD_PROPERTY) {
			put(s, SM_RULE_ALLOC_FAIL, k, -1);
		}
		if (o->why == SM_WHY_NO_CMA_SLOT)
			put(s, SM_RULE_CMA_AREAS, k, -1);
		if (o->why == SM_WHY_NOT_ALIGNED)
			put(s, SM_RULE_CMA_ALIGN, k, -1);
		if (r->status == SM_STATUS_UNMATCHED)
			put(s, SM_RULE_HANDLER_FAIL, k, -1);
		if (r->status == SM_STATUS_BYPASSED)
			put(s, SM_RULE_CMA_BYPASSED, k, -1);
		if (o->prop && r->status != SM_STATUS_DISABLED &&
		    first_of_node(b, i))
			put(s, SM_RULE_BAD_PROPERTY, k, -1);
	}
}

/* What check reported about the kernel, as facts. */
static void from_findings(const struct sm_board *b,
			  const struct sm_findings *f, struct facts *s)
{
	for (size_t i = 0; i < f->count; i++) {
		const struct sm_finding *x = &f->v[i];
		int region = x->region;

		if (!kernel_rule(x->rule))
			continue;
		/* node findings name the node; its first region stands */
		if (region < 0 && x->rule != SM_RULE_RMEM_FORMAT)
			region = sm_boot_board_find_region(b, x->node);
		put(s, x->rule, region < 0 ? -1 : region,
		    x->other < 0 ? -1 : x->other);
	}
}

static bool facts_equal(struct facts *x, struct facts *y)
{
	qsort(x->v, x->n, sizeof(x->v[0]), cmp_fact);
	qsort(y->v, y->n, sizeof(y->v[0]), cmp_fact);
	return x->n == y->n && (!x->n ||
				!memcmp(x->v, y->v, x->n * sizeof(x->v[0])));
}

static void print_diff(const char *id, const struct facts *rec,
		       const struct facts *fnd)
{
	const struct sm_rule_info *info;

	fprintf(stderr, "FAIL %s: records and findings differ\n", id);
	for (size_t i = 0; i < rec->n; i++) {
		info = sm_plan_rule(rec->v[i].rule);
		fprintf(stderr, "  record  %s %d %d\n", info ? info->id : "?",
			rec->v[i].region, rec->v[i].other);
	}
	for (size_t i = 0; i < fnd->n; i++) {
		info = sm_plan_rule(fnd->v[i].rule);
		fprintf(stderr, "  finding %s %d %d\n", info ? info->id : "?",
			fnd->v[i].region, fnd->v[i].other);
	}
}

/* How many kernel lines contain @fmt, formatted with @name. */
static size_t lines_with(const struct sm_board *b, const char *fmt,
			 const char *name)
{
	char pat[256];
	size_t n = 0;

	snprintf(pat, sizeof(pat), fmt, name ? name : "");
	for (size_t i = 0; i < b->nmsgs; i++)
		n += strstr(b->msgs[i].text, pat) != NULL;
	return n;
}

/* Did the kernel give up on any entry of @node for a reason it prints? */
static bool node_failed(const struct sm_board *b, int node)
{
	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];
		enum sm_why w = r->outcome.why;

		if (r->node == node && r->status == SM_STATUS_FAILED &&
		    (w == SM_WHY_COLLISION || w == SM_WHY_SIZE_ZERO ||
		     w == SM_WHY_NO_WINDOW || w == SM_WHY_TOO_MANY_DYNAMIC))
			return true;
	}
	return false;
}

/* The records name the regions the kernel's own lines name. */
static bool records_match_log(const char *id, const struct sm_board *b)
{
	size_t slots = 0, align = 0;
	bool ok = true;

	for (size_t i = 0; i < b->nregions; i++) {
		const struct sm_region *r = &b->regions[i];
		enum sm_why w = r->outcome.why;
		bool failed;
		size_t said = lines_with(b, "failed to reserve memory for node '%s'", r->name) +
			      lines_with(b, "failed to allocate memory for node '%s'", r->name) +
			      lines_with(b, "too many defined dynamic regions, skip '%s'", r->name);
		bool unmatched = r->status == SM_STATUS_UNMATCHED ||
				 w == SM_WHY_CMDLINE_BYPASS;

		slots += w == SM_WHY_NO_CMA_SLOT;
		align += w == SM_WHY_NOT_ALIGNED;
		if (r->node < 0 || !first_of_node(b, i))
			continue;
		failed = node_failed(b, r->node);
		if (failed != (said > 0)) {
			fprintf(stderr, "FAIL %s: %s: record says %s, the log %s\n",
				id, r->name, sm_boot_why_name(w),
				said ? "says it failed" : "is silent");
			ok = false;
		}
		if (unmatched != (lines_with(b, "node %s compatible matching fail",
					     r->name) > 0)) {
			fprintf(stderr, "FAIL %s: %s: handler record vs log\n",
				id, r->name);
			ok = false;
		}
	}
	if (b->noverlaps != lines_with(b, ") overlaps with ", NULL) ||
	    align != lines_with(b, "incorrect alignment of CMA region", NULL)) {
		fprintf(stderr, "FAIL %s: overlap or alignment records vs log\n",
			id);
		ok = false;
	}
	/* areas that are not regions (hugetlb_cma=, numa) take slots too */
	if (!strstr(b->cmdline ? b->cmdline : "", "cma_") &&
	    slots != lines_with(b, "Not enough slots for CMA", NULL)) {
		fprintf(stderr, "FAIL %s: %zu no-slot records, %zu lines\n", id,
			slots, lines_with(b, "Not enough slots for CMA", NULL));
		ok = false;
	}
	return ok;
}

static bool agree(const char *id, const struct sm_board *b)
{
	static struct facts rec, fnd;
	struct sm_findings f = { 0 };
	bool ok;

	rec.n = 0;
	fnd.n = 0;
	if (sm_plan_check(b, NULL, &f)) {
		fprintf(stderr, "FAIL %s: check failed\n", id);
		return false;
	}
	from_records(b, &rec);
	from_findings(b, &f, &fnd);
	ok = facts_equal(&rec, &fnd);
	if (!ok)
		print_diff(id, &rec, &fnd);
	sm_plan_findings_free(&f);
	return records_match_log(id, b) && ok;
}

/*
 * A case's DTB: effective.dtb.gz, or (plan's vendored corpus) a compact
 * effective.dtb whose zero tail is restored from its header's size.
 */
static int load_case(const char *dir, const char *name, struct sm_dt **dt)
{
	char path[4200], *buf;
	size_t cap = 1 << 16, n = 0, total;
	gzFile gz;
	int r, err;

	snprintf(path, sizeof(path), "%s/%s/effective.dtb.gz", dir, name);
	gz = gzopen(path, "rb");
	if (!gz) {
		snprintf(path, sizeof(path), "%s/%s/effective.dtb", dir, name);
		gz = gzopen(path, "rb"); /* reads plain files too */
	}
	if (!gz)
		return -1;
	buf = malloc(cap);
	while (buf && (r = gzread(gz, buf + n, (unsigned int)(cap - n))) > 0) {
		n += (size_t)r;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	gzclose(gz);
	total = n >= 8 ? (size_t)(unsigned char)buf[4] << 24 |
			 (size_t)(unsigned char)buf[5] << 16 |
			 (size_t)(unsigned char)buf[6] << 8 |
			 (unsigned char)buf[7] : 0;
	if (buf && total > n && total < (64u << 20)) {
		buf = realloc(buf, total);
		if (buf)
			memset(buf + n, 0, total - n);
		n = total;
	}
	err = buf ? sm_dt_from_blob(buf, n, path, dt, NULL) : -1;
	free(buf);
	return err;
}

static int is_case(const struct dirent *e)
{
	return e->d_name[0] != '.' && e->d_type == DT_DIR;
}

int main(int argc, char **argv)
{
	struct dirent **list;
	int n, runs = 0, bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: plan_agree DIR\n");
		return 2;
	}
	n = scandir(argv[1], &list, is_case, alphasort);
	if (n <= 0) {
		fprintf(stderr, "FAIL %s: no cases\n", argv[1]);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		struct sm_dt *dt;

		if (load_case(argv[1], list[i]->d_name, &dt)) {
			fprintf(stderr, "FAIL %s: cannot load\n", list[i]->d_name);
			bad++;
			continue;
		}
		/* every modelled kernel, recorded logs or not */
		for (size_t k = 0; k < sm_boot_profile_count(); k++) {
			struct sm_boot_options o = { sm_boot_profile_at(k), NULL, -1 };
			struct sm_board *b;
			char id[512];

			snprintf(id, sizeof(id), "corpus/%s/%s",
				 sm_boot_profile_name(o.profile), list[i]->d_name);
			if (sm_boot_board_boot(dt, &o, &b, NULL)) {
				fprintf(stderr, "FAIL %s: no board\n", id);
				bad++;
				continue;
			}
			bad += !agree(id, b);
			runs++;
			sm_boot_board_free(b);
		}
		sm_dt_free(dt);
		free(list[i]);
	}
	free(list);
	test_current = "plan_agree";
	CHECK(runs >= 3);
	fprintf(stderr, "%d case-kernel pairs: boot and check disagree on %d\n",
		runs, bad);
	return bad || test_case_failed ? 1 : 0;
}
