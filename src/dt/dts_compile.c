// SPDX-License-Identifier: MIT
/*
 * dts_compile.c - DTS source through the real tools, as the kernel's build
 * runs them: `cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp` with
 * the -I directories, then `dtc`. cpp's line markers stay in its output,
 * so dtc's messages and the source map point at the original files.
 * A failure is one line: a missing include names the header and the -I
 * that finds it, a dtc error its FILE:LINE:COL; the full output goes to
 * opts->tool_log for --verbose.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <socmem/dt.h>

#include "internal.h"

extern char **environ;

static int outbuf_append(struct outbuf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *d;

		while (cap < b->len + n + 1)
			cap *= 2;
		d = realloc(b->data, cap);
		if (!d)
			return -ENOMEM;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* Drain both pipes of a child until they close. */
static int drain(int outfd, int errfd, struct outbuf *out, struct outbuf *err)
{
	struct pollfd p[2] = { { outfd, POLLIN, 0 }, { errfd, POLLIN, 0 } };
	char buf[65536];
	int open_fds = 2;

	while (open_fds) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			n = read(p[i].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				p[i].fd = -1;
				open_fds--;
				continue;
			}
			if (outbuf_append(i ? err : out, buf, (size_t)n))
				return -ENOMEM;
		}
	}
	return 0;
}

/*
 * Run argv[0] with its standard output and error captured.
 * Return: the exit status (>= 0), or a negative errno if it could not run.
 */
int sm_dt_run_capture(char *const argv[], struct outbuf *out,
		      struct outbuf *err)
{
	posix_spawn_file_actions_t fa;
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	int ret, status;
	pid_t pid;

	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		ret = -errno;
		goto out_close;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	ret = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret) {
		ret = -ret;
		goto out_close;
	}
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	ret = drain(po[0], pe[0], out, err);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			break;
	if (!ret)
		ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
out_close:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	return ret;
}

/* Is @path an existing file? */
static bool exists(const char *path)
{
	return !access(path, F_OK);
}

/*
 * The directory to give with -I so that <@hdr> is found: look in the
 * places a kernel tree keeps headers, from @from's directory upwards.
 */
static bool find_include_dir(const char *from, const char *hdr, char *dir,
			     size_t len)
{
	static const char *const subdirs[] = {
		"scripts/dtc/include-prefixes/", "include/", "",
	};
	char base[PATH_MAX], cand[2 * PATH_MAX];
	char *slash;
	bool last = false;

	snprintf(base, sizeof(base), "%s", from);
	if (base[0] != '/' && !realpath(from, base))
		snprintf(base, sizeof(base), "%s", from);
	while (!last) {
		slash = strrchr(base, '/');
		if (slash)
			*slash = '\0';
		last = !slash || !base[0];
		for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]);
		     i++) {
			snprintf(cand, sizeof(cand), "%s/%s%s", base,
				 subdirs[i], hdr);
			if (exists(cand)) {
				size_t n = strlen(cand) - strlen(hdr) - 1;

				snprintf(dir, len, "%.*s", (int)n, cand);
				return true;
			}
		}
	}
	return false;
}

/*
 * cpp's "FILE:LINE:COL: fatal error: HDR: No such file or directory" as
 * one line that says which -I to add.
 */
static bool missing_include(const char *msg, struct sm_diag *diag)
{
	static const char nopath[] = ": error: no include path in which to search for ";
	const char *e = strstr(msg, ": fatal error: "), *bol, *h, *he;
	char file[PATH_MAX], hdr[512], dir[PATH_MAX];
	int line = 0;

	if (e && (he = strstr(e, ": No such file or directory"))) {
		h = e + strlen(": fatal error: ");
	} else if ((e = strstr(msg, nopath))) {
		h = e + strlen(nopath);
		he = h + strcspn(h, "\n");
	} else {
		return false;
	}
	for (bol = e; bol > msg && bol[-1] != '\n'; bol--)
		;
	snprintf(hdr, sizeof(hdr), "%.*s", (int)(he - h), h);
	snprintf(file, sizeof(file), "%.*s", (int)(e - bol), bol);
	if (strchr(file, ':')) {
		line = atoi(strchr(file, ':') + 1);
		*strchr(file, ':') = '\0';
	}
	if (find_include_dir(file, hdr, dir, sizeof(dir)))
		sm_dt_diag_set(diag, -ENOENT,
			       "%s:%d: cannot find include \"%s\": add -I %s",
			       file, line, hdr, dir);
	else
		sm_dt_diag_set(diag, -ENOENT,
			       "%s:%d: cannot find include \"%s\": add -I DIR for the directory that holds %s (in a kernel tree: -I scripts/dtc/include-prefixes)",
			       file, line, hdr, hdr);
	return true;
}

/*
 * dtc's "Error: FILE:L.C-L2.C2 syntax error" (positions after cpp's
 * line markers: the original file) as "FILE:L:C: syntax error", and
 * other dtc or cpp errors by their first line.
 */
static void first_error(const char *msg, int more, struct sm_diag *diag)
{
	const char *p = strstr(msg, "Error: "), *eol;
	char loc[PATH_MAX + 32], tail[64] = "";
	const char *dot, *sp;
	int line, col;
	size_t n;

	if (more > 0)
		snprintf(tail, sizeof(tail), " (%d more line%s: --verbose)",
			 more, more == 1 ? "" : "s");
	if (p && (p == msg || p[-1] == '\n')) {
		p += 7;
		eol = strchr(p, '\n');
		sp = strchr(p, ' ');
		if (sp && (!eol || sp < eol) && (size_t)(sp - p) < sizeof(loc)) {
			snprintf(loc, sizeof(loc), "%.*s", (int)(sp - p), p);
			dot = strrchr(loc, ':');
			if (dot && sscanf(dot + 1, "%d.%d", &line, &col) == 2) {
				sm_dt_diag_set(diag, -EINVAL, "%.*s:%d:%d:%.*s%s",
					       (int)(dot - loc), loc, line, col,
					       (int)(eol ? eol - sp : (long)strlen(sp)),
					       sp, tail);
				return;
			}
		}
	}
	for (p = msg; *p; p = eol + 1) {
		eol = strchr(p, '\n');
		if (strcasestr(p, "error") &&
		    (!eol || strcasestr(p, "error") < eol))
			break;
		if (!eol) {
			p = msg;
			break;
		}
	}
	eol = strchr(p, '\n');
	n = eol ? (size_t)(eol - p) : strlen(p);
	/* dtc's "FILE:L.C-L2.C2: ERROR (...)" */
	sp = memchr(p, ' ', n);
	dot = sp && sp > p + 1 && sp[-1] == ':' ? p : NULL;
	if (dot && (size_t)(sp - p) < sizeof(loc)) {
		snprintf(loc, sizeof(loc), "%.*s", (int)(sp - p - 1), p);
		dot = strrchr(loc, ':');
		if (dot && sscanf(dot + 1, "%d.%d", &line, &col) == 2) {
			sm_dt_diag_set(diag, -EINVAL, "%.*s:%d:%d:%.*s%s",
				       (int)(dot - loc), loc, line, col,
				       (int)(n - (size_t)(sp - p)), sp, tail);
			return;
		}
	}
	sm_dt_diag_set(diag, -EINVAL, "%.*s%s", (int)n, p, tail);
}

/* The tool's messages, as one line (all of them to opts->tool_log). */
static int tool_failed(struct sm_diag *diag, const char *path,
		       const struct sm_dt_options *opts, const char *tool,
		       int status, struct outbuf *err)
{
	char *msg = err->data ? err->data : "";
	size_t n = strlen(msg);
	int lines = 0;

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	for (char *p = msg, *eol; *p; p = eol + 1) {
		eol = strchr(p, '\n');
		if (opts->tool_log)
			sm_dt_warn(opts->tool_log, "%s: %.*s", tool,
				   (int)(eol ? eol - p : (long)strlen(p)), p);
		lines++;
		if (!eol)
			break;
	}
	if (status == 127 || status < 0)
		return sm_dt_diag_set(diag, -ENOENT,
				      "%s: cannot run %s (is it installed?)",
				      path, tool);
	if (!n)
		return sm_dt_diag_set(diag, -EINVAL, "%s: %s failed (status %d)",
				      path, tool, status);
	if (!missing_include(msg, diag))
		first_error(msg, lines - 1, diag);
	return diag ? diag->err : -EINVAL;
}

int sm_dt_run_cpp(const char *path, const struct sm_dt_options *opts,
		  const char *const *extra, struct outbuf *out,
		  struct outbuf *err)
{
	static const char *const base[] = {
		"cpp", "-nostdinc", "-undef", "-D__DTS__",
		"-x", "assembler-with-cpp",
	};
	size_t nbase = sizeof(base) / sizeof(base[0]), n = 0, nextra = 0;
	char **argv;
	int status;

	while (extra && extra[nextra])
		nextra++;
	argv = calloc(nbase + 2 * opts->n_include_dirs + nextra + 2,
		      sizeof(*argv));
	if (!argv)
		return -ENOMEM;
	for (size_t i = 0; i < nbase; i++)
		argv[n++] = (char *)base[i];
	for (size_t i = 0; i < opts->n_include_dirs; i++) {
		argv[n++] = "-I";
		argv[n++] = (char *)opts->include_dirs[i];
	}
	for (size_t i = 0; i < nextra; i++)
		argv[n++] = (char *)extra[i];
	argv[n++] = (char *)path;
	status = sm_dt_run_capture(argv, out, err);
	free(argv);
	return status;
}

/* "cpp ... -o tmp path" */
static int run_cpp(const char *path, const struct sm_dt_options *opts,
		   const char *tmp, struct sm_diag *diag)
{
	struct outbuf out = { 0 }, err = { 0 };
	const char *const extra[] = { "-o", tmp, NULL };
	int status = sm_dt_run_cpp(path, opts, extra, &out, &err);

	if (status == -ENOMEM)
		status = sm_dt_diag_set(diag, -ENOMEM, "%s: out of memory", path);
	else if (status)
		status = tool_failed(diag, path, opts, "cpp", status, &err);
	free(out.data);
	free(err.data);
	return status;
}

/* Run dtc on @src with output format @fmt ("dtb" or annotated "dts"). */
static int run_dtc(const char *path, const struct sm_dt_options *opts,
		   const char *src, const char *fmt, struct outbuf *out,
		   struct sm_diag *diag)
{
	struct outbuf err = { 0 };
	size_t n = 0, max = 14 + 2 * opts->n_include_dirs;
	char **argv = calloc(max, sizeof(*argv));
	int status;

	if (!argv)
		return sm_dt_diag_set(diag, -ENOMEM, "%s: out of memory", path);
	argv[n++] = "dtc";
	argv[n++] = "-q";
	argv[n++] = "-I";
	argv[n++] = "dts";
	argv[n++] = "-O";
	argv[n++] = (char *)fmt;
	if (!strcmp(fmt, "dts")) {
		argv[n++] = "-T";
		argv[n++] = "-T";
	}
	for (size_t i = 0; i < opts->n_include_dirs; i++) {
		argv[n++] = "-i";
		argv[n++] = (char *)opts->include_dirs[i];
	}
	argv[n++] = (char *)src;
	status = sm_dt_run_capture(argv, out, &err);
	free(argv);
	if (status)
		status = tool_failed(diag, path, opts, "dtc", status, &err);
	free(err.data);
	return status;
}

int sm_dt_dts_compile(const char *path, const struct sm_dt_options *opts,
		      struct sm_dt **out, struct sm_diag *diag)
{
	struct outbuf blob = { 0 }, dts = { 0 };
	const char *dir = getenv("TMPDIR");
	char tmp[512];
	const char *src = path;
	struct sm_dt *dt = NULL;
	int fd, err;

	if (!dir || !*dir || strlen(dir) > 400)
		dir = "/tmp";
	snprintf(tmp, sizeof(tmp), "%s/socmem-cpp-XXXXXX", dir);
	if (!opts->no_cpp) {
		fd = mkstemp(tmp);
		if (fd < 0)
			return sm_dt_diag_set(diag, -errno,
					      "%s: cannot make a temporary file: %s",
					      path, strerror(errno));
		close(fd);
		err = run_cpp(path, opts, tmp, diag);
		if (err)
			goto out_unlink;
		src = tmp;
	}
	err = run_dtc(path, opts, src, "dtb", &blob, diag);
	if (err)
		goto out_unlink;
	err = sm_dt_from_blob(blob.data, blob.len, path, &dt, diag);
	if (err)
		goto out_unlink;
	dt->from_dts = true;
	/* positions are a convenience: a tree without them still works */
	if (!run_dtc(path, opts, src, "dts", &dts, NULL) && dts.data)
		sm_dt_srcmap_parse(dts.data, &dt->srcmap);
	*out = dt;
out_unlink:
	if (!opts->no_cpp)
		unlink(tmp);
	free(blob.data);
	free(dts.data);
	return err;
}
