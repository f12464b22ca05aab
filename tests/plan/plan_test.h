/* SPDX-License-Identifier: MIT */
/*
 * plan_test.h - what the plan tests share: running the socmem binary
 * with its output captured, files in and out, a checksum, and booting a
 * DTS written on the spot.
 */
#ifndef SOCMEM_PLAN_TEST_H
#define SOCMEM_PLAN_TEST_H


#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <socmem/board.h>
#include <socmem/plan.h>

#include "test.h"

extern char **environ;

/* The whole file (NUL-terminated), or NULL. */
static inline char *read_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0, got;
	char *p;

	if (!f)
		return NULL;
	p = malloc(cap);
	while (p && (got = fread(p + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap)
			p = realloc(p, cap *= 2);
	}
	fclose(f);
	if (p)
		p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

static inline int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* FNV-1a of a file's bytes (0 when it cannot be read). */
static inline uint64_t file_sum(const char *path)
{
	size_t len;
	char *p = read_text(path, &len);
	uint64_t h = 14695981039346656037ULL;

	if (!p)
		return 0;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	free(p);
	return h;
}

static inline bool file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Append one read of @fd to *buf; false at end of file. */
static inline bool slurp(int fd, char **buf, size_t *len)
{
	char tmp[65536];
	ssize_t n = read(fd, tmp, sizeof(tmp));

	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	*buf = realloc(*buf, *len + (size_t)n + 1);
	memcpy(*buf + *len, tmp, (size_t)n);
	*len += (size_t)n;
	(*buf)[*len] = '\0';
	return true;
}

/*
 * Run argv (NULL-terminated) with stdout and stderr captured (either may
 * be NULL to drop it). Return: the exit status, or -1.
 */
static inline int run(char *const argv[], char **out, char **err)
{
	int po[2], pe[2], status;
	char *o = calloc(1, 1), *e = calloc(1, 1);
	size_t ol = 0, el = 0;
	posix_spawn_file_actions_t fa;
	struct pollfd p[2];
	pid_t pid;

	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	if (pipe(po) || pipe(pe))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	posix_spawn_file_actions_addclose(&fa, po[0]);
	posix_spawn_file_actions_addclose(&fa, pe[0]);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ)) {
		fprintf(stderr, "cannot run %s\n", argv[0]);
		for (int i = 0; i < 2; i++) {
			close(po[i]);
			close(pe[i]);
		}
		if (out)
			*out = o;
		else
			free(o);
		if (err)
			*err = e;
		else
			free(e);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	p[0] = (struct pollfd){ po[0], POLLIN, 0 };
	p[1] = (struct pollfd){ pe[0], POLLIN, 0 };
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			bool more;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			more = i ? slurp(p[i].fd, &e, &el) :
				   slurp(p[i].fd, &o, &ol);
			if (!more) {
				close(p[i].fd);
				p[i].fd = -1;
			}
		}
	}
	waitpid(pid, &status, 0);
	if (out)
		*out = o;
	else
		free(o);
	if (err)
		*err = e;
	else
		free(e);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A fresh scratch directory under $TMPDIR. */
static inline char *scratch_dir(void)
{
	const char *t = getenv("TMPDIR");
	char *d;

	if (asprintf(&d, "%s/socmem-plan-XXXXXX", t && *t ? t : "/tmp") < 0)
		return NULL;
	return mkdtemp(d);
}

static inline void remove_tree(const char *dir)
{
	char *argv[] = { "rm", "-rf", (char *)dir, NULL };

	run(argv, NULL, NULL);
}

#endif /* SOCMEM_PLAN_TEST_H */
