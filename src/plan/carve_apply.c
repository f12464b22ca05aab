// SPDX-License-Identifier: MIT
/*
 * carve_apply.c - after an edit is worked out: is the board it gives
 * acceptable (booted with the same kernel model), and writing it.
 *
 * An edit is refused for an overlap, overlap-kernel, alloc-fail or error
 * finding the input did not have, or had less badly (the same rule on
 * the same node and, for an overlap, the same other region); findings
 * the input already had are listed apart (--strict refuses on them too). Files are
 * replaced atomically: a temporary file beside the original, flushed,
 * renamed over it; the original is kept as FILE.orig when asked.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* The node a finding is about, its name without unit address. */
static void finding_base(const char *node, char *buf, size_t len)
{
	const char *s = strrchr(node, '/');

	sm_plan_base_name(s ? s + 1 : node, buf, len);
}

/*
 * Same rule on the same node and, for an overlap, the same other region
 * (names without unit address: a region the edit moved is still itself).
 */
static bool same_finding(const struct sm_board *before,
			 const struct sm_finding *a,
			 const struct sm_board *after,
			 const struct sm_finding *b)
{
	char na[128], nb[128];

	if (a->rule != b->rule)
		return false;
	finding_base(a->node, na, sizeof(na));
	finding_base(b->node, nb, sizeof(nb));
	if (strcmp(na, nb))
		return false;
	if ((a->other < 0) != (b->other < 0))
		return false;
	if (a->other < 0)
		return true;
	finding_base(before->regions[a->other].name, na, sizeof(na));
	finding_base(after->regions[b->other].name, nb, sizeof(nb));
	return !strcmp(na, nb);
}

/* @x's match among @before's findings, or NULL: it is new. */
static const struct sm_finding *
had_before(const struct sm_board *before, const struct sm_findings *bf,
	   const struct sm_board *after, const struct sm_finding *x)
{
	for (size_t i = 0; i < bf->count; i++)
		if (same_finding(before, &bf->v[i], after, x))
			return &bf->v[i];
	return NULL;
}

/* Would this finding refuse an edit that brought it in? */
static bool refuses(const struct sm_finding *x)
{
	return x->rule == SM_RULE_OVERLAP || x->rule == SM_RULE_OVERLAP_KERNEL ||
	       x->rule == SM_RULE_ALLOC_FAIL || x->severity >= SM_SEV_ERROR;
}

static int add_blocking(struct sm_findings *f, const struct sm_finding *x)
{
	if (f->count == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 8;
		struct sm_finding *v = realloc(f->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		f->v = v;
		f->cap = cap;
	}
	f->v[f->count++] = *x;
	return 0;
}

/* The region of @after that is @before's region @i, or -1. */
static int same_region(const struct sm_board *before, int i,
		       const struct sm_board *after)
{
	const struct sm_region *r = &before->regions[i];

	for (size_t k = 0; k < after->nregions; k++) {
		const struct sm_region *a = &after->regions[k];

		if (a->kind == r->kind && !strcmp(a->path, r->path) &&
		    !strcmp(a->name, r->name))
			return (int)k;
	}
	return -1;
}

/* Dynamic regions and the default CMA area that land elsewhere now. */
static int note_moves(const struct sm_board *before,
		      const struct sm_board *after, struct sm_warnings *notes)
{
	for (size_t i = 0; i < before->nregions; i++) {
		const struct sm_region *r = &before->regions[i];
		int k;

		if (r->status != SM_STATUS_PLACED ||
		    (!(r->flags & SM_RF_DYNAMIC) &&
		     r->kind != SM_REGION_DEFAULT_CMA))
			continue;
		k = same_region(before, (int)i, after);
		if (k < 0 || after->regions[k].status != SM_STATUS_PLACED ||
		    after->regions[k].base == r->base)
			continue;
		if (sm_dt_warn(notes,
			       "%s%s now lands at 0x%" PRIx64 " (was 0x%" PRIx64 ")",
			       r->kind == SM_REGION_DEFAULT_CMA ?
			       "the default CMA area " : "", r->name,
			       after->regions[k].base, r->base))
			return -ENOMEM;
	}
	return 0;
}

int sm_plan_carve_verdict(const struct sm_board *before,
			  const struct sm_board *after,
			  const struct sm_findings *before_findings,
			  const struct sm_findings *after_findings,
			  struct sm_warnings *notes,
			  struct sm_carve_verdict *v)
{
	for (size_t i = 0; i < after_findings->count; i++) {
		const struct sm_finding *x = &after_findings->v[i];
		const struct sm_finding *was = had_before(before,
							  before_findings,
							  after, x);
		struct sm_findings *to = &v->blocking;

		if (!refuses(x))
			continue;
		/* there before, and no worse: the edit did not cause it */
		if (was && was->severity >= x->severity && !v->strict)
			to = &v->preexisting;
		if (add_blocking(to, x))
			return -ENOMEM;
	}
	if (note_moves(before, after, notes))
		return -ENOMEM;
	return v->blocking.count ? -EDOM : 0;
}

void sm_plan_carve_verdict_free(struct sm_carve_verdict *v)
{
	sm_plan_findings_free(&v->blocking);
	sm_plan_findings_free(&v->preexisting);
}

/* ---- writing ----------------------------------------------------------- */

static int write_all(int fd, const char *text)
{
	size_t len = strlen(text), done = 0;

	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		done += (size_t)w;
	}
	return fsync(fd) ? -errno : 0;
}

/* Keep the current contents as @path.orig (a second name, atomically). */
static int backup(const char *path, struct sm_diag *diag)
{
	char orig[PATH_MAX], tmp[PATH_MAX];

	snprintf(orig, sizeof(orig), "%s.orig", path);
	snprintf(tmp, sizeof(tmp), "%s.orig.%ld", path, (long)getpid());
	unlink(tmp);
	if (link(path, tmp) || rename(tmp, orig)) {
		int err = errno;

		unlink(tmp);
		return sm_dt_diag_set(diag, -err, "%s: cannot keep a backup: %s",
				      orig, strerror(err));
	}
	return 0;
}

int sm_plan_write_atomic(const char *path, const char *text, bool keep,
			 struct sm_diag *diag)
{
	char tmp[PATH_MAX];
	struct stat st;
	int fd, err;

	if (stat(path, &st))
		st.st_mode = 0644;
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return sm_dt_diag_set(diag, -ENAMETOOLONG, "%s: name too long",
				      path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return sm_dt_diag_set(diag, -errno, "%s: cannot write beside it: %s",
				      path, strerror(errno));
	err = write_all(fd, text);
	if (!err && fchmod(fd, st.st_mode & 07777))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && keep && !access(path, F_OK))
		err = backup(path, diag) ? -EIO : 0;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		unlink(tmp);
		if (err != -EIO)
			sm_dt_diag_set(diag, err, "%s: %s", path, strerror(-err));
		return err;
	}
	return 0;
}
