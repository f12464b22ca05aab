// SPDX-License-Identifier: MIT
/*
 * cmd_heap_device.c - `socmem heap --device`: the same commands on a real
 * machine's /dev/dma_heap (list its heaps, allocate with
 * DMA_HEAP_IOCTL_ALLOC, and find every dma-buf fd of every process
 * through /proc/PID/fdinfo, as dmabuf_dump does). --sysroot DIR reads
 * DIR/dev and DIR/proc instead, for recorded trees.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "cli.h"
#include "heap.h"

static void root_path(const struct heap_opts *o, const char *p, char *buf,
		      size_t len)
{
	snprintf(buf, len, "%s%s", o->sysroot ? o->sysroot : "", p);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int heap_device_list(const struct heap_opts *o)
{
	static const char *const cols[] = { "NAME", "DEVICE" };
	char dir[4096];
	char **names = NULL;
	size_t n = 0;
	struct libscols_table *tb;
	struct dirent *e;
	DIR *d;

	root_path(o, "/dev/dma_heap", dir, sizeof(dir));
	d = opendir(dir);
	if (!d) {
		cli_err("%s: %s", dir, strerror(errno));
		return EXIT_FAILURE;
	}
	while ((e = readdir(d))) {
		char **p;

		if (e->d_name[0] == '.')
			continue;
		p = realloc(names, (n + 1) * sizeof(*names));
		if (!p || !(p[n] = strdup(e->d_name)))
			break;
		names = p;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	tb = heap_table(o, cols, 2);
	for (size_t i = 0; tb && i < n; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		char p[4200], s[32] = "-";
		struct stat st;

		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		if (!stat(p, &st) && S_ISCHR(st.st_mode))
			snprintf(s, sizeof(s), "%u:%u", major(st.st_rdev),
				 minor(st.st_rdev));
		scols_line_set_data(ln, 0, names[i]);
		scols_line_set_data(ln, 1, s);
	}
	if (tb)
		scols_print_table(tb);
	scols_unref_table(tb);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return tb ? 0 : EXIT_FAILURE;
}

int heap_device_alloc(const struct heap_opts *o)
{
	char path[4096];
	int *fds = calloc(o->count, sizeof(int));
	unsigned int done = 0;
	int hfd, ret = 0;

	root_path(o, "/dev/dma_heap/", path, sizeof(path));
	strncat(path, o->heap, sizeof(path) - strlen(path) - 1);
	hfd = fds ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (hfd < 0) {
		cli_err("%s: %s", path, strerror(errno));
		free(fds);
		return EXIT_FAILURE;
	}
	for (; done < o->count; done++) {
		struct dma_heap_allocation_data a = {
			.len = o->size,
			.fd_flags = O_RDWR | O_CLOEXEC,
		};
		char s[32];

		if (ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &a)) {
			cli_err("heap %s: allocation %u of %" PRIu64
				" bytes failed: %s", o->heap, done + 1,
				o->size, strerror(errno));
			ret = EXIT_FAILURE;
			break;
		}
		fds[done] = (int)a.fd;
		if (o->name &&
		    ioctl(fds[done], DMA_BUF_SET_NAME_B, o->name)) {
			cli_err("heap %s: DMA_BUF_SET_NAME: %s", o->heap,
				strerror(errno));
			ret = EXIT_FAILURE;
		}
		heap_size_cell(o, lseek(fds[done], 0, SEEK_END) > 0 ?
			       (uint64_t)lseek(fds[done], 0, SEEK_END) :
			       o->size, s, sizeof(s));
		printf("%s: fd %d, %s\n", o->heap, fds[done], s);
	}
	if (o->hold && done) {
		fprintf(stderr, "socmem: holding %u buffer%s (pid %d); "
			"interrupt to free\n", done, done == 1 ? "" : "s",
			(int)getpid());
		fflush(stdout);
		pause();
	}
	for (unsigned int i = 0; i < done; i++)
		close(fds[i]);
	close(hfd);
	free(fds);
	return ret;
}

/* one dma-buf fd of a process, from /proc/PID/fdinfo/FD */
struct dev_buf {
	int pid;
	int fd;
	uint64_t ino;
	uint64_t size;
	char exp[256];
	char name[256];
};

static bool read_fdinfo(const char *path, struct dev_buf *b)
{
	FILE *f = fopen(path, "re");
	char line[256];
	bool is_dmabuf = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long v;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "size:\t%llu", &v) == 1)
			b->size = v;
		else if (sscanf(line, "ino:\t%llu", &v) == 1)
			b->ino = v;
		else if (!strncmp(line, "exp_name:\t", 10)) {
			snprintf(b->exp, sizeof(b->exp), "%s", line + 10);
			is_dmabuf = true;
		} else if (!strncmp(line, "name:\t", 6))
			snprintf(b->name, sizeof(b->name), "%s", line + 6);
	}
	fclose(f);
	return is_dmabuf;
}

static void scan_pid(const struct heap_opts *o, struct libscols_table *tb,
		     int pid)
{
	char dir[4200];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/proc/%d/fdinfo",
		 o->sysroot ? o->sysroot : "", pid);
	d = opendir(dir);
	while (d && (e = readdir(d))) {
		struct dev_buf b = { .pid = pid, .fd = atoi(e->d_name) };
		struct libscols_line *ln;
		char p[4500], s[32];

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (!read_fdinfo(p, &b))
			continue;
		ln = scols_table_new_line(tb, NULL);
		snprintf(s, sizeof(s), "%" PRIu64, b.ino);
		scols_line_set_data(ln, 0, b.ino ? s : "-");
		scols_line_set_data(ln, 1, b.exp);
		heap_size_cell(o, b.size, s, sizeof(s));
		scols_line_set_data(ln, 2, s);
		scols_line_set_data(ln, 3, *b.name ? b.name : "-");
		snprintf(s, sizeof(s), "%d:%d", pid, b.fd);
		scols_line_set_data(ln, 4, s);
	}
	if (d)
		closedir(d);
}

int heap_device_info(const struct heap_opts *o)
{
	static const char *const cols[] = { "INODE", "HEAP", "SIZE", "NAME",
					    "HOLDER" };
	char proc[4096];
	struct libscols_table *tb;
	struct dirent *e;
	DIR *d;

	root_path(o, "/proc", proc, sizeof(proc));
	d = opendir(proc);
	if (!d) {
		cli_err("%s: %s", proc, strerror(errno));
		return EXIT_FAILURE;
	}
	tb = heap_table(o, cols, sizeof(cols) / sizeof(cols[0]));
	while (tb && (e = readdir(d)))
		if (atoi(e->d_name) > 0)
			scan_pid(o, tb, atoi(e->d_name));
	closedir(d);
	if (tb)
		scols_print_table(tb);
	scols_unref_table(tb);
	return tb ? 0 : EXIT_FAILURE;
}
