// SPDX-License-Identifier: MIT
/*
 * cmd_heap.c - `socmem heap list|alloc|info`: the DMA-BUF heaps of the
 * running emulated system (through socmedm, started on demand), or of the
 * machine's own /dev/dma_heap with --device (cmd_heap_device.c). `info`
 * shows every live buffer with its heap, size, name, the process that
 * allocated it, the processes holding it, and its physical ranges - what
 * Android's dmabuf_dump shows.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsmartcols.h>

#include <socmem/client.h>
#include <socmem/daemon.h>

#include "cli.h"
#include "heap.h"

static void usage(void)
{
	printf("Usage:\n"
	       " socmem heap list [options]\n"
	       " socmem heap alloc [options] HEAP SIZE\n"
	       " socmem heap info [options]\n\n"
	       "List the DMA-BUF heaps, allocate from one, or show every live\n"
	       "buffer. Without --device they are the heaps of the emulated\n"
	       "system that socmemd runs for this user (started on demand from\n"
	       "SOCMEM_BOARD, SOCMEM_CMDLINE and SOCMEM_KERNEL; the state\n"
	       "directory is SOCMEM_STATE). With --device the tables have the\n"
	       "same columns; what the machine does not show is \"?\" (a CMA\n"
	       "area's extent and use need root and CMA's debugfs; physical\n"
	       "addresses are never shown to userspace).\n\n"
	       "Options:\n"
	       "     --device             the machine's own /dev/dma_heap\n"
	       "     --sysroot DIR        with --device: read DIR/dev, DIR/proc, DIR/sys\n"
	       "     --count N            alloc: N buffers, one after another\n"
	       "     --name NAME          alloc: DMA_BUF_SET_NAME each buffer\n"
	       "     --hold               alloc: keep the buffers until interrupted\n"
	       " -b, --bytes              sizes in bytes\n"
	       " -n, --noheadings         no header line\n"
	       " -r, --raw                raw output (no column alignment)\n"
	       " -J, --json               JSON output\n"
	       " -h, --help               display this help\n\n"
	       "\n" CLI_SIZE_HELP);
}

/* ---- helpers shared with cmd_heap_device.c ------------------------------ */

void sm_cli_heap_size_cell(const struct heap_opts *o, uint64_t v, char *buf,
			   size_t len)
{
	if (o->bytes)
		snprintf(buf, len, "%" PRIu64, v);
	else
		sm_cli_size_str(v, buf, len);
}

struct libscols_table *sm_cli_heap_table(const struct heap_opts *o,
					 const char *const *cols, size_t n)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	scols_table_enable_raw(tb, o->raw);
	scols_table_enable_json(tb, o->json);
	scols_table_enable_noheadings(tb, o->noheadings);
	if (o->json)
		scols_table_set_name(tb, o->json_name);
	for (size_t i = 0; i < n; i++)
		scols_table_new_column(tb, cols[i], 0, 0);
	return tb;
}

/* ---- the emulated system ------------------------------------------------- */

static int connect_daemon(struct sm_daemon_client **c)
{
	struct sm_daemon_connect_opts co = { .autostart = true };
	struct sm_diag diag = { 0 };
	int ret = sm_daemon_connect(&co, c, &diag);

	if (ret) {
		sm_cli_err("%s", diag.msg);
		return SM_EXIT_USAGE;
	}
	return 0;
}

static void print_header(const struct heap_opts *o,
			 const struct sm_daemon_client *c)
{
	const struct sm_daemon_hello *h = sm_daemon_hello(c);

	if (o->json || o->raw || o->noheadings)
		return;
	printf("emulated system: %s, Linux %s, command line: %s (socmemd %d)\n\n",
	       h->board, h->kernel, *h->cmdline ? h->cmdline : "(empty)",
	       (int)h->pid);
}

/* "socmem: heap X: no such heap (the emulated system has: a, b)" */
static void no_such_heap(struct sm_daemon_client *c, const char *name)
{
	struct sm_client_heap *hi;
	char names[1024] = "";
	size_t at = 0, n;

	if (sm_daemon_client_dmabuf_heaps(c, &hi, &n)) {
		sm_cli_err("heap %s: no such heap", name);
		return;
	}
	for (size_t i = 0; i < n && at < sizeof(names); i++)
		at += (size_t)snprintf(names + at, sizeof(names) - at, "%s%s",
				       i ? ", " : "", hi[i].name);
	free(hi);
	sm_cli_err("heap %s: no such heap (the emulated system has: %s)", name,
		   names);
}

static int list_heaps(const struct heap_opts *o)
{
	static const char *const cols[] = { "NAME", "TYPE", "DEVICE", "AREA",
					    "BASE", "SIZE", "USED", "BUFFERS",
					    "ALLOCATED" };
	struct sm_client_heap *heaps;
	struct sm_daemon_client *c;
	struct libscols_table *tb;
	size_t n;
	int ret;

	ret = connect_daemon(&c);
	if (ret)
		return ret;
	ret = sm_daemon_client_dmabuf_heaps(c, &heaps, &n);
	if (ret) {
		sm_cli_err("heap list: %s", strerror(-ret));
		sm_daemon_close(c);
		return EXIT_FAILURE;
	}
	tb = sm_cli_heap_table(o, cols, sizeof(cols) / sizeof(cols[0]));
	if (!tb) {
		free(heaps);
		sm_daemon_close(c);
		return EXIT_FAILURE;
	}
	for (size_t i = 0; i < n; i++) {
		const struct sm_client_heap *hi = &heaps[i];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		bool cma = hi->type == SM_DMA_HEAP_CMA;
		char s[64];

		scols_line_set_data(ln, 0, hi->name);
		scols_line_set_data(ln, 1, cma ? "cma" : "system");
		snprintf(s, sizeof(s), "%u:%u", SM_DMA_HEAP_MAJOR, hi->minor);
		scols_line_set_data(ln, 2, s);
		scols_line_set_data(ln, 3, cma ? hi->area : "-");
		snprintf(s, sizeof(s), "0x%" PRIx64, hi->base);
		scols_line_set_data(ln, 4, cma ? s : "-");
		sm_cli_heap_size_cell(o, hi->size, s, sizeof(s));
		scols_line_set_data(ln, 5, cma ? s : "-");
		sm_cli_heap_size_cell(o, hi->area_used, s, sizeof(s));
		scols_line_set_data(ln, 6, cma ? s : "-");
		snprintf(s, sizeof(s), "%" PRIu64, hi->buffers);
		scols_line_set_data(ln, 7, s);
		sm_cli_heap_size_cell(o, hi->bytes, s, sizeof(s));
		scols_line_set_data(ln, 8, s);
	}
	free(heaps);
	print_header(o, c);
	scols_print_table(tb);
	scols_unref_table(tb);
	sm_daemon_close(c);
	return 0;
}

/* the kernel lines a reply carries, on stderr as dmesg shows them */
static void print_klog(const struct sm_client_text *klog)
{
	const char *p = klog->buf, *end = p + klog->len;
	uint32_t n = klog->lines;

	for (uint32_t i = 0; i < n && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *t = p;

		if (!nl)
			break;
		if (*t == '<' && (t = memchr(t, '>', (size_t)(nl - t))))
			t++;
		else
			t = p;
		fprintf(stderr, "kernel: %.*s\n", (int)(nl - t), t);
		p = nl + 1;
	}
}

static void ranges_str(struct sm_daemon_client *c, uint64_t id, char *buf,
		       size_t len)
{
	struct sm_client_range *r;
	uint64_t total;
	size_t used = 0, nr;

	buf[0] = '\0';
	if (sm_daemon_client_dmabuf_ranges(c, id, sm_daemon_hello(c)->boot, 0,
					   &r, &nr, &total))
		return;
	for (size_t i = 0; i < nr && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s0x%" PRIx64
				 "-0x%" PRIx64, i ? "," : "", r[i].pa,
				 r[i].pa + r[i].len - 1);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (total > nr && used < len)
		snprintf(buf + used, len - used, ",... (%" PRIu64 " ranges)",
			 total);
	free(r);
}

static int alloc_one(struct sm_daemon_client *c, const struct heap_opts *o,
		     struct sm_client_buf *b, int *fd)
{
	static char log[SM_CLIENT_TEXT_MAX];
	struct sm_dma_heap_alloc data = { .len = o->size,
					  .fd_flags = O_RDWR | O_CLOEXEC };
	struct sm_client_text klog = { .buf = log, .cap = sizeof(log) };
	uint64_t boot = sm_daemon_hello(c)->boot;
	int ret;

	ret = sm_daemon_client_dmabuf_alloc(c, o->heap, boot, &data, b, fd,
					    &klog);
	print_klog(&klog);
	if (!ret && o->name) {
		ret = sm_daemon_client_dmabuf_set_name(c, b->id, boot, o->name);
		snprintf(b->name, sizeof(b->name), "%s", o->name);
	}
	return ret;
}

static void hold(unsigned int n)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fprintf(stderr, "socmem: holding %u buffer%s (pid %d); interrupt to "
		"free\n", n, n == 1 ? "" : "s", (int)getpid());
	fflush(stdout);
	sigwait(&set, &sig);
}

static int alloc_buffers(const struct heap_opts *o)
{
	static const char *const cols[] = { "ID", "HEAP", "SIZE", "NAME",
					    "PHYS" };
	struct sm_daemon_client *c;
	struct libscols_table *tb;
	int *fds = calloc(o->count, sizeof(int));
	unsigned int done = 0;
	int ret = 0;

	if (!fds)
		return EXIT_FAILURE;
	if (connect_daemon(&c)) {
		free(fds);
		return SM_EXIT_USAGE;
	}
	tb = sm_cli_heap_table(o, cols, sizeof(cols) / sizeof(cols[0]));
	for (; tb && done < o->count; done++) {
		struct sm_client_buf a = { 0 };
		struct libscols_line *ln;
		char s[4096];

		ret = alloc_one(c, o, &a, &fds[done]);
		if (ret == -ENODEV && !done) {
			no_such_heap(c, o->heap);
			break;
		}
		if (ret) {
			sm_cli_err("heap %s: allocation %u of %" PRIu64
				   " bytes failed: %s", o->heap, done + 1,
				   o->size, strerror(-ret));
			break;
		}
		ln = scols_table_new_line(tb, NULL);
		snprintf(s, sizeof(s), "%" PRIu64, a.id);
		scols_line_set_data(ln, 0, s);
		scols_line_set_data(ln, 1, a.heap);
		sm_cli_heap_size_cell(o, a.size, s, sizeof(s));
		scols_line_set_data(ln, 2, s);
		scols_line_set_data(ln, 3, *a.name ? a.name : "-");
		ranges_str(c, a.id, s, sizeof(s));
		scols_line_set_data(ln, 4, s);
	}
	if (tb && done) {
		print_header(o, c);
		scols_print_table(tb);
	}
	scols_unref_table(tb);
	if (o->hold && done)
		hold(done);
	for (unsigned int i = 0; i < done; i++)
		close(fds[i]);
	free(fds);
	sm_daemon_close(c);
	return ret || !tb ? EXIT_FAILURE : 0;
}

/* ---- info ------------------------------------------------------------------ */

static void add_holder(struct holder **h, size_t *n, size_t *cap,
		       uint64_t ino, int pid, int fd)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct holder *p = realloc(*h, nc * sizeof(**h));

		if (!p)
			return;
		*h = p;
		*cap = nc;
	}
	(*h)[(*n)++] = (struct holder){ ino, pid, fd };
}

/* every "socket:[INO]" fd of every process we can read */
struct holder *sm_cli_heap_scan_holders(size_t *n)
{
	struct holder *h = NULL;
	size_t cap = 0;
	DIR *proc = opendir("/proc");
	struct dirent *p;

	*n = 0;
	while (proc && (p = readdir(proc))) {
		char path[300];
		DIR *fdd;
		struct dirent *f;
		int pid = atoi(p->d_name);

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fd", pid);
		fdd = opendir(path);
		while (fdd && (f = readdir(fdd))) {
			char lp[600], link[64];
			ssize_t l;
			unsigned long long ino;

			snprintf(lp, sizeof(lp), "%s/%s", path, f->d_name);
			l = readlink(lp, link, sizeof(link) - 1);
			if (l <= 0)
				continue;
			link[l] = '\0';
			if (sscanf(link, "socket:[%llu]", &ino) == 1)
				add_holder(&h, n, &cap, ino, pid,
					   atoi(f->d_name));
		}
		if (fdd)
			closedir(fdd);
	}
	if (proc)
		closedir(proc);
	return h;
}

static void holders_str(const struct holder *h, size_t n, uint64_t ino,
			char *buf, size_t len)
{
	size_t used = 0;
	int last = -1;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		int k;

		if (h[i].ino != ino)
			continue;
		if (h[i].pid == last)
			k = snprintf(buf + used, len - used, ",%d", h[i].fd);
		else
			k = snprintf(buf + used, len - used, "%s%d:%d",
				     used ? " " : "", h[i].pid, h[i].fd);
		if (k < 0)
			break;
		used += (size_t)k;
		last = h[i].pid;
	}
	if (!used)
		snprintf(buf, len, "-");
}

static void info_row(struct libscols_table *tb, const struct heap_opts *o,
		     struct sm_daemon_client *c,
		     const struct sm_client_buf *bi,
		     const struct holder *h, size_t nh)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char s[4096];

	snprintf(s, sizeof(s), "%" PRIu64, bi->id);
	scols_line_set_data(ln, 0, s);
	scols_line_set_data(ln, 1, bi->heap);
	sm_cli_heap_size_cell(o, bi->size, s, sizeof(s));
	scols_line_set_data(ln, 2, s);
	scols_line_set_data(ln, 3, *bi->name ? bi->name : "-");
	snprintf(s, sizeof(s), "%d", (int)bi->pid);
	scols_line_set_data(ln, 4, s);
	scols_line_set_data(ln, 5, bi->comm);
	holders_str(h, nh, bi->ino, s, sizeof(s));
	scols_line_set_data(ln, 6, s);
	ranges_str(c, bi->id, s, sizeof(s));
	scols_line_set_data(ln, 7, s);
}

static int info_buffers(const struct heap_opts *o)
{
	static const char *const cols[] = { "ID", "HEAP", "SIZE", "NAME",
					    "PID", "COMMAND", "HOLDERS",
					    "PHYS" };
	struct sm_daemon_client *c;
	struct libscols_table *tb;
	struct holder *h;
	uint64_t first = 0;
	bool more;
	size_t nh;
	int ret = 0;

	if (connect_daemon(&c))
		return SM_EXIT_USAGE;
	tb = sm_cli_heap_table(o, cols, sizeof(cols) / sizeof(cols[0]));
	h = sm_cli_heap_scan_holders(&nh);
	do {
		struct sm_client_buf *bi;
		size_t n;

		more = false;
		ret = sm_daemon_client_dmabuf_buffers(c, first, &bi, &n, &more);
		if (ret)
			break;
		for (size_t i = 0; i < n && tb; i++) {
			info_row(tb, o, c, &bi[i], h, nh);
			first = bi[i].id + 1;
		}
		free(bi);
	} while (more && tb);
	if (ret)
		sm_cli_err("heap info: %s", strerror(-ret));
	else if (tb) {
		print_header(o, c);
		scols_print_table(tb);
	}
	scols_unref_table(tb);
	free(h);
	sm_daemon_close(c);
	return ret || !tb ? EXIT_FAILURE : 0;
}

/* ---- main ------------------------------------------------------------------ */

enum { OPT_DEVICE = 0x200, OPT_SYSROOT, OPT_NAME, OPT_HOLD, OPT_COUNT };

static int parse(int argc, char **argv, struct heap_opts *o)
{
	static const struct option longopts[] = {
		{ "device", no_argument, NULL, OPT_DEVICE },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "count", required_argument, NULL, OPT_COUNT },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "hold", no_argument, NULL, OPT_HOLD },
		{ "bytes", no_argument, NULL, 'b' },
		{ "raw", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "nbrJh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DEVICE:
			o->device = true;
			break;
		case OPT_SYSROOT:
			o->sysroot = optarg;
			break;
		case OPT_NAME:
			o->name = optarg;
			break;
		case OPT_HOLD:
			o->hold = true;
			break;
		case 'b':
			o->bytes = true;
			break;
		case 'r':
			o->raw = true;
			break;
		case 'J':
			o->json = true;
			break;
		case 'n':
			o->noheadings = true;
			break;
		case OPT_COUNT:
			errno = 0;
			o->count = (unsigned int)strtoul(optarg, &end, 10);
			if (errno || *end || !o->count || o->count > 100000) {
				sm_cli_err("--count %s: must be a number 1..100000",
					   optarg);
				return SM_EXIT_USAGE;
			}
			break;
		case 'h':
			usage();
			return -1;
		default:
			return sm_cli_try_help("heap");
		}
	}
	if (o->sysroot && !o->device) {
		sm_cli_err("heap: --sysroot needs --device");
		return sm_cli_try_help("heap");
	}
	if (o->name && strlen(o->name) >= SM_DMA_BUF_NAME_LEN) {
		sm_cli_err("--name %s: at most %d characters (DMA_BUF_NAME_LEN)",
			   o->name, SM_DMA_BUF_NAME_LEN - 1);
		return SM_EXIT_USAGE;
	}
	return 0;
}

static int check_args(const char *verb, int nargs, int want)
{
	if (nargs == want)
		return 0;
	sm_cli_err("heap %s: %s", verb,
		   nargs < want ? "HEAP and SIZE needed" : "too many arguments");
	return sm_cli_try_help("heap");
}

int sm_cli_cmd_heap(int argc, char **argv)
{
	struct heap_opts o = { .count = 1, .json_name = "heaps" };
	const char *verb;
	int ret;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		if (argc < 2) {
			sm_cli_err("heap: no command given (list, alloc, info)");
			return sm_cli_try_help("heap");
		}
		usage();
		return EXIT_SUCCESS;
	}
	verb = argv[1];
	ret = parse(argc - 1, argv + 1, &o);
	if (ret)
		return ret < 0 ? EXIT_SUCCESS : ret;
	argc -= optind + 1;
	argv += optind + 1;
	if (!strcmp(verb, "list") || !strcmp(verb, "info")) {
		if (argc) {
			sm_cli_err("heap %s: no arguments expected", verb);
			return sm_cli_try_help("heap");
		}
		o.json_name = !strcmp(verb, "list") ? "heaps" : "buffers";
		if (o.device)
			return !strcmp(verb, "list") ? sm_cli_heap_device_list(&o) :
						       sm_cli_heap_device_info(&o);
		return !strcmp(verb, "list") ? list_heaps(&o) : info_buffers(&o);
	}
	if (strcmp(verb, "alloc")) {
		sm_cli_err("heap: unknown command '%s' (list, alloc, info)", verb);
		return sm_cli_try_help("heap");
	}
	ret = check_args(verb, argc, 2);
	if (ret)
		return ret;
	o.heap = argv[0];
	o.json_name = "buffers";
	if (sm_cli_parse_size(argv[1], &o.size)) {
		sm_cli_err("heap alloc: %s: not a size", argv[1]);
		return SM_EXIT_USAGE;
	}
	return o.device ? sm_cli_heap_device_alloc(&o) : alloc_buffers(&o);
}
