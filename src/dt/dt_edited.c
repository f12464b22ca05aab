// SPDX-License-Identifier: MIT
/*
 * dt_edited.c - compile a DTS as if some of its source files had other
 * contents, without touching the files: the edit tools check a change
 * with the real cpp and dtc before anything is written.
 *
 * `cpp -M` lists every file the tree is made of. Each is mirrored under
 * a temporary directory at its absolute path (a symbolic link to the
 * original, or the new text for an edited file) and the include
 * directories are mirrored the same way, so that every #include resolves
 * inside the mirror exactly as it did outside it, and an edited file is
 * found wherever it is included from. Positions and messages then name
 * the original files again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <socmem/dt.h>

#include "internal.h"

struct mirror {
	char root[PATH_MAX];	/* the temporary directory */
	char **orig;		/* dependency paths as cpp named them */
	char **abs;		/* the same, absolute and normalised */
	size_t n;
};

/* Absolute, with "." and ".." resolved by text (as the mirror lays out). */
static char *abs_lexical(const char *path)
{
	char cwd[PATH_MAX], buf[2 * PATH_MAX + 2];
	char *out, *save = NULL;
	size_t o = 0;

	if (path[0] == '/')
		snprintf(buf, sizeof(buf), "%s", path);
	else if (getcwd(cwd, sizeof(cwd)))
		snprintf(buf, sizeof(buf), "%s/%s", cwd, path);
	else
		return NULL;
	out = malloc(strlen(buf) + 2);
	if (!out)
		return NULL;
	for (char *t = strtok_r(buf, "/", &save); t;
	     t = strtok_r(NULL, "/", &save)) {
		if (!strcmp(t, "."))
			continue;
		if (!strcmp(t, "..")) {
			while (o && out[o - 1] != '/')
				o--;
			if (o)
				o--;
			continue;
		}
		out[o++] = '/';
		memcpy(out + o, t, strlen(t));
		o += strlen(t);
	}
	if (!o)
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

static int mkdir_p(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) && errno != EEXIST) {
			*p = '/';
			return -errno;
		}
		*p = '/';
	}
	return 0;
}

static int add_dep(struct mirror *m, const char *dep, size_t len)
{
	char **o = realloc(m->orig, (m->n + 1) * sizeof(*o));
	char **a;

	if (!o)
		return -ENOMEM;
	m->orig = o;
	a = realloc(m->abs, (m->n + 1) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	m->abs = a;
	o[m->n] = strndup(dep, len);
	a[m->n] = o[m->n] ? abs_lexical(o[m->n]) : NULL;
	if (!a[m->n]) {
		free(o[m->n]);
		return -ENOMEM;
	}
	m->n++;
	return 0;
}

/* "target: dep dep \<newline> dep ...": backslash-space is a space. */
static int parse_deps(struct mirror *m, char *text)
{
	char *p = strchr(text, ':');
	char tok[PATH_MAX];
	size_t t = 0;
	int err = 0;

	if (!p)
		return -EINVAL;
	for (p++; !err; p++) {
		if (*p == '\\' && p[1] == ' ') {
			if (t < sizeof(tok) - 1)
				tok[t++] = ' ';
			p++;
			continue;
		}
		if (*p == '\\' && p[1] == '\n') {
			p++;
			continue;
		}
		if (*p && *p != ' ' && *p != '\n' && *p != '\t') {
			if (t < sizeof(tok) - 1)
				tok[t++] = *p;
			continue;
		}
		if (t)
			err = add_dep(m, tok, t);
		t = 0;
		if (!*p)
			break;
	}
	return err;
}

static int list_deps(struct mirror *m, const char *path,
		     const struct sm_dt_options *opts, struct sm_diag *diag)
{
	struct outbuf out = { 0 }, err = { 0 };
	const char *const extra[] = { "-M", NULL };
	int status = sm_dt_run_cpp(path, opts, extra, &out, &err);

	if (status == -ENOMEM)
		return -ENOMEM;
	if (status == 0)
		status = out.data ? parse_deps(m, out.data) : -EINVAL;
	else
		status = sm_dt_diag_set(diag, -EINVAL, "%s: %s", path,
					err.data ? err.data : "cpp -M failed");
	free(out.data);
	free(err.data);
	return status;
}

static const char *edited_text(const struct sm_dt_file *files, size_t n,
			       const char *abs)
{
	for (size_t i = 0; i < n; i++) {
		char *a = abs_lexical(files[i].path);
		bool same = a && !strcmp(a, abs);

		free(a);
		if (same)
			return files[i].text;
	}
	return NULL;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t len = strlen(text), done = 0;

	if (fd < 0)
		return -errno;
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -EIO;
		}
		done += (size_t)w;
	}
	return close(fd) ? -errno : 0;
}

/* Lay out every dependency under the mirror root. */
static int build_mirror(struct mirror *m, const struct sm_dt_file *files,
			size_t nfiles)
{
	for (size_t i = 0; i < m->n; i++) {
		char p[PATH_MAX * 2];
		const char *text = edited_text(files, nfiles, m->abs[i]);
		int err;

		snprintf(p, sizeof(p), "%s%s", m->root, m->abs[i]);
		err = mkdir_p(p);
		if (err)
			return err;
		if (!access(p, F_OK))
			continue; /* listed twice */
		err = text ? write_text(p, text) :
			     (symlink(m->abs[i], p) ? -errno : 0);
		if (err)
			return err;
	}
	return 0;
}

static int rm_entry(const char *p, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static void mirror_free(struct mirror *m)
{
	if (m->root[0])
		nftw(m->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	for (size_t i = 0; i < m->n; i++) {
		free(m->orig[i]);
		free(m->abs[i]);
	}
	free(m->orig);
	free(m->abs);
}

/* The original name of a mirrored file (for positions). */
static char *unmirror(const char *name, void *ctx)
{
	const struct mirror *m = ctx;
	size_t rl = strlen(m->root);
	char *a;

	if (strncmp(name, m->root, rl))
		return NULL;
	a = abs_lexical(name + rl);
	for (size_t i = 0; a && i < m->n; i++)
		if (!strcmp(a, m->abs[i])) {
			free(a);
			return strdup(m->orig[i]);
		}
	return a;
}

/* Drop the mirror root from a tool's message. */
static void unmirror_msg(const struct mirror *m, struct sm_diag *diag)
{
	size_t rl = strlen(m->root);
	char *p;

	if (!diag)
		return;
	while ((p = strstr(diag->msg, m->root)))
		memmove(p, p + rl, strlen(p + rl) + 1);
}

/* Compile the mirrored top file with mirrored include directories. */
static int compile_mirror(struct mirror *m, const char *path,
			  const struct sm_dt_options *opts, struct sm_dt **out,
			  struct sm_diag *diag)
{
	size_t nd = opts->n_include_dirs;
	char **dirs = calloc(2 * nd + 2, sizeof(*dirs));
	struct sm_dt_options o = *opts;
	char top[PATH_MAX * 2];
	char *abs = abs_lexical(path);
	int err = -ENOMEM;

	if (!dirs || !abs)
		goto out;
	for (size_t i = 0; i < nd; i++) {
		char *a = abs_lexical(opts->include_dirs[i]);

		if (!a || asprintf(&dirs[i], "%s%s/", m->root, a) < 0) {
			free(a);
			goto out;
		}
		free(a);
		mkdir_p(dirs[i]);
	}
	/*
	 * Then the originals: what cpp -M cannot list (dtc's /include/ and
	 * /incbin/) is found where it always was.
	 */
	for (size_t i = 0; i < nd; i++)
		dirs[nd + i] = strdup(opts->include_dirs[i]);
	dirs[2 * nd] = strdup(abs);
	if (!dirs[2 * nd])
		goto out;
	*strrchr(dirs[2 * nd], '/') = '\0';
	o.include_dirs = (const char *const *)dirs;
	o.n_include_dirs = 2 * nd + 1;
	snprintf(top, sizeof(top), "%s%s", m->root, abs);
	err = sm_dt_dts_compile(top, &o, out, diag);
	if (err) {
		unmirror_msg(m, diag);
		goto out;
	}
	free((*out)->path);
	(*out)->path = strdup(path);
	if (!(*out)->path) {
		sm_dt_free(*out);
		err = -ENOMEM;
		goto out;
	}
	sm_dt_srcmap_rename_files((*out)->srcmap, unmirror, m);
out:
	for (size_t i = 0; dirs && i < 2 * nd + 1; i++)
		free(dirs[i]);
	free(dirs);
	free(abs);
	return err;
}

int sm_dt_load_edited(const char *path, const struct sm_dt_options *opts,
		      const struct sm_dt_file *files, size_t nfiles,
		      struct sm_dt **out, struct sm_diag *diag)
{
	static const struct sm_dt_options no_opts;
	struct mirror m;
	const char *dir = getenv("TMPDIR");
	int err;

	memset(&m, 0, sizeof(m));
	if (!opts)
		opts = &no_opts;
	if (!dir || !*dir || strlen(dir) > 400)
		dir = "/tmp";
	err = opts->no_cpp ? add_dep(&m, path, strlen(path)) :
			     list_deps(&m, path, opts, diag);
	if (err)
		goto out;
	for (size_t i = 0; i < nfiles; i++) {
		char *a = abs_lexical(files[i].path);
		bool found = false;

		for (size_t j = 0; a && j < m.n; j++)
			found |= !strcmp(a, m.abs[j]);
		free(a);
		if (!found) {
			err = sm_dt_diag_set(diag, -EINVAL,
					     "%s: not a file of %s's tree",
					     files[i].path, path);
			goto out;
		}
	}
	snprintf(m.root, sizeof(m.root), "%s/socmem-edit-XXXXXX", dir);
	if (!mkdtemp(m.root)) {
		err = sm_dt_diag_set(diag, -errno, "%s: %s", m.root,
				     strerror(errno));
		m.root[0] = '\0';
		goto out;
	}
	err = build_mirror(&m, files, nfiles);
	if (err) {
		sm_dt_diag_set(diag, err, "%s: cannot build a scratch copy: %s",
			       path, strerror(-err));
		goto out;
	}
	err = compile_mirror(&m, path, opts, out, diag);
out:
	mirror_free(&m);
	return err;
}
