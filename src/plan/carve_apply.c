// SPDX-License-Identifier: MIT
/*
 * carve_apply.c - after an edit is worked out: is the board it gives
 * acceptable (booted with the same kernel model), and writing it.
 *
 * An edit is refused when the result has any overlap, overlap-kernel or
 * alloc-fail finding, or an error the input did not have. Files are
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

static bool always_blocks(enum sm_rule r)
{
	return r == SM_RULE_OVERLAP || r == SM_RULE_OVERLAP_KERNEL ||
	       r == SM_RULE_ALLOC_FAIL;
}

/* Same rule on the same node (its name without unit address)? */
static bool same_finding(const struct sm_finding *a,
			 const struct sm_finding *b)
{
	char na[128], nb[128];
	const char *sa = strrchr(a->node, '/'), *sb = strrchr(b->node, '/');

	if (a->rule != b->rule)
		return false;
	sm_plan_base_name(sa ? sa + 1 : a->node, na, sizeof(na));
	sm_plan_base_name(sb ? sb + 1 : b->node, nb, sizeof(nb));
	return !strcmp(na, nb);
}

static bool had_before(const struct sm_findings *before,
		       const struct sm_finding *x)
{
	for (size_t i = 0; i < before->count; i++)
		if (same_finding(&before->v[i], x))
			return true;
	return false;
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
		if (sm_warn(notes,
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
			  struct sm_findings *blocking)
{
	for (size_t i = 0; i < after_findings->count; i++) {
		const struct sm_finding *x = &after_findings->v[i];

		if (!always_blocks(x->rule) &&
		    (x->severity < SM_SEV_ERROR ||
		     had_before(before_findings, x)))
			continue;
		if (add_blocking(blocking, x))
			return -ENOMEM;
	}
	if (note_moves(before, after, notes))
		return -ENOMEM;
	return blocking->count ? -EDOM : 0;
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
		return sm_diag_set(diag, -err, "%s: cannot keep a backup: %s",
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
		return sm_diag_set(diag, -ENAMETOOLONG, "%s: name too long",
				   path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return sm_diag_set(diag, -errno, "%s: cannot write beside it: %s",
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
			sm_diag_set(diag, err, "%s: %s", path, strerror(-err));
		return err;
	}
	return 0;
}
