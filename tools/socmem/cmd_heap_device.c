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

/*
 * One heap of the machine, with what userspace can learn of it. Fields
 * the machine does not show are "?" in the table (the emulated system
 * knows them all): a heap's type is known from its name ("system") or its
 * CMA area; the area's extent and use come from CMA's debugfs
 * (/sys/kernel/debug/cma/<area>/{base_pfn,count,used}, root and
 * CONFIG_CMA_DEBUGFS); buffers are counted from every process's dma-buf
 * fds (/proc/PID/fdinfo), so a buffer that is only mapped is not seen.
 */
struct dev_heap {
	char name[256];
	unsigned int major, minor;
	bool is_chr;			/* a character device (not in a sysroot stub) */
	bool is_system, is_cma;		/* neither: type unknown */
	bool area_found;		/* a CMA area of the heap's name */
	bool area_known;		/* debugfs gave base, count, used */
	uint64_t base, size, used;	/* bytes */
	uint64_t buffers, bytes;
};

static int cmp_minor(const void *a, const void *b)
{
	const struct dev_heap *x = a, *y = b;

	return x->minor != y->minor ? (x->minor > y->minor) - (x->minor < y->minor) :
				      strcmp(x->name, y->name);
}

static bool read_u64_file(const char *path, uint64_t *v)
{
	FILE *f = fopen(path, "re");
	unsigned long long x;
	bool ok = f && fscanf(f, "%llu", &x) == 1;

	if (f)
		fclose(f);
	if (ok)
		*v = x;
	return ok;
}

/* the CMA area a heap allocates from has the heap's name (cma_heap.c) */
static void read_cma_area(const struct heap_opts *o, struct dev_heap *h)
{
	char p[4500];
	uint64_t base_pfn, count, used;
	long page = sysconf(_SC_PAGESIZE);
	struct stat st;

	snprintf(p, sizeof(p), "%s/sys/kernel/mm/cma/%s",
		 o->sysroot ? o->sysroot : "", h->name);
	if (!stat(p, &st))
		h->is_cma = h->area_found = true;
	snprintf(p, sizeof(p), "%s/sys/kernel/debug/cma/%s",
		 o->sysroot ? o->sysroot : "", h->name);
	if (stat(p, &st))
		return;
	h->is_cma = h->area_found = true;
	snprintf(p, sizeof(p), "%s/sys/kernel/debug/cma/%s/base_pfn",
		 o->sysroot ? o->sysroot : "", h->name);
	if (!read_u64_file(p, &base_pfn))
		return;
	snprintf(p, sizeof(p), "%s/sys/kernel/debug/cma/%s/count",
		 o->sysroot ? o->sysroot : "", h->name);
	if (!read_u64_file(p, &count))
		return;
	snprintf(p, sizeof(p), "%s/sys/kernel/debug/cma/%s/used",
		 o->sysroot ? o->sysroot : "", h->name);
	if (!read_u64_file(p, &used))
		return;
	h->base = base_pfn * (uint64_t)page;
	h->size = count * (uint64_t)page;
	h->used = used * (uint64_t)page;
	h->area_known = true;
}

static struct dev_heap *read_heaps(const struct heap_opts *o, size_t *np)
{
	char dir[4096];
	struct dev_heap *hs = NULL;
	size_t n = 0;
	struct dirent *e;
	DIR *d;

	root_path(o, "/dev/dma_heap", dir, sizeof(dir));
	d = opendir(dir);
	if (!d) {
		sm_cli_err("%s: %s", dir, strerror(errno));
		return NULL;
	}
	while ((e = readdir(d))) {
		struct dev_heap *p, *h;
		char path[4400];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		p = realloc(hs, (n + 1) * sizeof(*hs));
		if (!p)
			break;
		hs = p;
		h = memset(&hs[n++], 0, sizeof(*h));
		snprintf(h->name, sizeof(h->name), "%s", e->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!stat(path, &st) && S_ISCHR(st.st_mode)) {
			h->is_chr = true;
			h->major = major(st.st_rdev);
			h->minor = minor(st.st_rdev);
		}
		h->is_system = !strcmp(h->name, "system") ||
			       !strcmp(h->name, "system-uncached");
		if (!h->is_system)
			read_cma_area(o, h);
		/* 7.x's cma_heap.c: the default area's heap by its fixed name */
		if (!strcmp(h->name, "default_cma_region"))
			h->is_cma = true;
	}
	closedir(d);
	if (hs)
		qsort(hs, n, sizeof(*hs), cmp_minor);
	*np = hs ? n : 0;
	return hs ? hs : calloc(1, sizeof(*hs));
}

static bool read_fdinfo_exp(const char *path, char *exp, size_t len,
			    uint64_t *size, uint64_t *ino);

/* count each dma-buf once (by inode), whichever fds of whichever processes hold it */
static void count_buffers(const struct heap_opts *o, struct dev_heap *hs,
			  size_t n)
{
	char proc[4096];
	uint64_t *seen = NULL;
	size_t nseen = 0;
	struct dirent *pe;
	DIR *pd;

	root_path(o, "/proc", proc, sizeof(proc));
	pd = opendir(proc);
	while (pd && (pe = readdir(pd))) {
		char dir[4400];
		struct dirent *e;
		DIR *d;

		if (atoi(pe->d_name) <= 0)
			continue;
		snprintf(dir, sizeof(dir), "%s/%s/fdinfo", proc, pe->d_name);
		d = opendir(dir);
		while (d && (e = readdir(d))) {
			char p[4700], exp[256];
			uint64_t size = 0, ino = 0, *ns;
			size_t i;

			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			if (e->d_name[0] == '.' ||
			    !read_fdinfo_exp(p, exp, sizeof(exp), &size, &ino))
				continue;
			for (i = 0; i < nseen && seen[i] != ino; i++)
				;
			if (i < nseen || !(ns = realloc(seen, (nseen + 1) * sizeof(*seen))))
				continue;
			seen = ns;
			seen[nseen++] = ino;
			for (i = 0; i < n; i++)
				if (!strcmp(hs[i].name, exp)) {
					hs[i].buffers++;
					hs[i].bytes += size;
				}
		}
		if (d)
			closedir(d);
	}
	if (pd)
		closedir(pd);
	free(seen);
}

int sm_cli_heap_device_list(const struct heap_opts *o)
{
	static const char *const cols[] = { "NAME", "TYPE", "DEVICE", "AREA",
					    "BASE", "SIZE", "USED", "BUFFERS",
					    "ALLOCATED" };
	struct libscols_table *tb;
	struct dev_heap *hs;
	size_t n;

	hs = read_heaps(o, &n);
	if (!hs)
		return EXIT_FAILURE;
	count_buffers(o, hs, n);
	tb = sm_cli_heap_table(o, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; tb && i < n; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		const struct dev_heap *h = &hs[i];
		bool area = h->is_cma && h->area_known;
		char s[64];

		scols_line_set_data(ln, 0, h->name);
		scols_line_set_data(ln, 1, h->is_system ? "system" :
					   h->is_cma ? "cma" : "?");
		snprintf(s, sizeof(s), "%u:%u", h->major, h->minor);
		scols_line_set_data(ln, 2, h->is_chr ? s : "-");
		scols_line_set_data(ln, 3, h->is_system ? "-" :
					   h->area_found ? h->name : "?");
		snprintf(s, sizeof(s), "0x%" PRIx64, h->base);
		scols_line_set_data(ln, 4, h->is_system ? "-" : area ? s : "?");
		sm_cli_heap_size_cell(o, h->size, s, sizeof(s));
		scols_line_set_data(ln, 5, h->is_system ? "-" : area ? s : "?");
		sm_cli_heap_size_cell(o, h->used, s, sizeof(s));
		scols_line_set_data(ln, 6, h->is_system ? "-" : area ? s : "?");
		snprintf(s, sizeof(s), "%" PRIu64, h->buffers);
		scols_line_set_data(ln, 7, s);
		sm_cli_heap_size_cell(o, h->bytes, s, sizeof(s));
		scols_line_set_data(ln, 8, s);
	}
	if (tb)
		scols_print_table(tb);
	scols_unref_table(tb);
	free(hs);
	return tb ? 0 : EXIT_FAILURE;
}

/* the dma-buf's inode (its identity on this machine), from fstat */
static uint64_t buf_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (uint64_t)st.st_ino;
}

/*
 * The table the emulated system prints: ID (here the dma-buf's inode),
 * HEAP, SIZE, NAME, and PHYS, which userspace cannot learn on a real
 * machine ("?").
 */
int sm_cli_heap_device_alloc(const struct heap_opts *o)
{
	static const char *const cols[] = { "ID", "HEAP", "SIZE", "NAME",
					    "PHYS" };
	char path[4096];
	int *fds = calloc(o->count, sizeof(int));
	struct libscols_table *tb;
	unsigned int done = 0;
	int hfd, ret = 0;

	root_path(o, "/dev/dma_heap/", path, sizeof(path));
	strncat(path, o->heap, sizeof(path) - strlen(path) - 1);
	hfd = fds ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (hfd < 0) {
		sm_cli_err("%s: %s", path, strerror(errno));
		free(fds);
		return EXIT_FAILURE;
	}
	tb = sm_cli_heap_table(o, cols, sizeof(cols) / sizeof(cols[0]));
	for (; tb && done < o->count; done++) {
		struct dma_heap_allocation_data a = {
			.len = o->size,
			.fd_flags = O_RDWR | O_CLOEXEC,
		};
		struct libscols_line *ln;
		off_t end;
		char s[32];

		if (ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &a)) {
			sm_cli_err("heap %s: allocation %u of %" PRIu64
				   " bytes failed: %s", o->heap, done + 1,
				   o->size, strerror(errno));
			ret = EXIT_FAILURE;
			break;
		}
		fds[done] = (int)a.fd;
		if (o->name &&
		    ioctl(fds[done], DMA_BUF_SET_NAME_B, o->name)) {
			sm_cli_err("heap %s: DMA_BUF_SET_NAME: %s", o->heap,
				   strerror(errno));
			ret = EXIT_FAILURE;
		}
		ln = scols_table_new_line(tb, NULL);
		snprintf(s, sizeof(s), "%" PRIu64, buf_ino(fds[done]));
		scols_line_set_data(ln, 0, s);
		scols_line_set_data(ln, 1, o->heap);
		end = lseek(fds[done], 0, SEEK_END);
		sm_cli_heap_size_cell(o, end > 0 ? (uint64_t)end : o->size, s, sizeof(s));
		scols_line_set_data(ln, 2, s);
		scols_line_set_data(ln, 3, o->name ? o->name : "-");
		scols_line_set_data(ln, 4, "?");
	}
	if (tb && done)
		scols_print_table(tb);
	scols_unref_table(tb);
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
	return ret || !tb ? EXIT_FAILURE : 0;
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

static bool read_fdinfo_exp(const char *path, char *exp, size_t len,
			    uint64_t *size, uint64_t *ino)
{
	struct dev_buf b = { 0 };

	if (!read_fdinfo(path, &b))
		return false;
	snprintf(exp, len, "%s", b.exp);
	*size = b.size;
	*ino = b.ino;
	return true;
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
		sm_cli_heap_size_cell(o, b.size, s, sizeof(s));
		scols_line_set_data(ln, 2, s);
		scols_line_set_data(ln, 3, *b.name ? b.name : "-");
		snprintf(s, sizeof(s), "%d:%d", pid, b.fd);
		scols_line_set_data(ln, 4, s);
	}
	if (d)
		closedir(d);
}

int sm_cli_heap_device_info(const struct heap_opts *o)
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
		sm_cli_err("%s: %s", proc, strerror(errno));
		return EXIT_FAILURE;
	}
	tb = sm_cli_heap_table(o, cols, sizeof(cols) / sizeof(cols[0]));
	while (tb && (e = readdir(d)))
		if (atoi(e->d_name) > 0)
			scan_pid(o, tb, atoi(e->d_name));
	closedir(d);
	if (tb)
		scols_print_table(tb);
	scols_unref_table(tb);
	return tb ? 0 : EXIT_FAILURE;
}
