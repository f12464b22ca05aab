// SPDX-License-Identifier: MIT
/*
 * cmd_zram.c - `socmem zram`: zramctl(8) for zram devices, and `socmem zram
 * bench FILE...` (cmd_zram_bench.c).
 *
 * Like zramctl: list the devices in use with the familiar columns, set one
 * up (-s SIZE [-a ALG] [-t N], on a named or the first free device), reset
 * devices (-r); plus --swap, the setup the platform guide's Yocto image
 * runs at boot (zram-swap-init): a size from the machine's RAM, an
 * algorithm, a swap signature, swapon with a priority. Devices come from a
 * backend (zram_backend.h): the emulated system's (socmemd, the default)
 * or, with --device, a real machine's sysfs (or a tree under --sysroot).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "cli.h"
#include "zram_backend.h"

enum { COL_NAME, COL_DISKSIZE, COL_DATA, COL_COMPR, COL_ALGORITHM,
       COL_STREAMS, COL_ZERO, COL_TOTAL, COL_MEMLIMIT, COL_MEMUSED,
       COL_MIGRATED, NCOLS };

/* zramctl's columns (util-linux sys-utils/zramctl.c) */
static const struct {
	const char *name;
	double whint;
	int flags;
	const char *help;
} cols[NCOLS] = {
	[COL_NAME] = { "NAME", 0.25, 0, "zram device name" },
	[COL_DISKSIZE] = { "DISKSIZE", 5, SCOLS_FL_RIGHT,
			   "limit on the uncompressed amount of data" },
	[COL_DATA] = { "DATA", 5, SCOLS_FL_RIGHT,
		       "uncompressed size of stored data" },
	[COL_COMPR] = { "COMPR", 5, SCOLS_FL_RIGHT,
			"compressed size of stored data" },
	[COL_ALGORITHM] = { "ALGORITHM", 3, 0,
			    "the selected compression algorithm" },
	[COL_STREAMS] = { "STREAMS", 3, SCOLS_FL_RIGHT,
			  "number of concurrent compress operations" },
	[COL_ZERO] = { "ZERO-PAGES", 3, SCOLS_FL_RIGHT,
		       "empty pages with no allocated memory" },
	[COL_TOTAL] = { "TOTAL", 5, SCOLS_FL_RIGHT,
			"all memory including allocator fragmentation and "
			"metadata overhead" },
	[COL_MEMLIMIT] = { "MEM-LIMIT", 5, SCOLS_FL_RIGHT,
			   "memory limit used to store compressed data" },
	[COL_MEMUSED] = { "MEM-USED", 5, SCOLS_FL_RIGHT,
			  "memory zram have been consumed to store compressed "
			  "data" },
	[COL_MIGRATED] = { "MIGRATED", 5, SCOLS_FL_RIGHT,
			   "number of objects migrated by compaction" },
};

enum zram_mode { MODE_LIST, MODE_SET, MODE_RESET, MODE_SWAP };

struct cmd_zram_opts {
	enum zram_mode mode;
	bool device;
	const char *sysroot;
	int columns[NCOLS];
	size_t ncolumns;
	bool raw, noheadings, bytes, json, find;
	uint64_t size;
	const char *algorithm;
	long streams;
	/* --swap */
	long ram_percent;
	uint64_t max_size;
	int priority;
	bool no_swapon;
	const char *label;
};

enum {
	OPT_RAW = 0x200,
	OPT_SYSROOT,
	OPT_DEVICE,
	OPT_SWAP,
	OPT_RAM_PERCENT,
	OPT_MAX_SIZE,
	OPT_NO_SWAPON,
	OPT_LABEL,
	OPT_JSON,
};

static void usage(void)
{
	printf("Usage:\n"
	       " socmem zram [--device] [options] [<device>]\n"
	       " socmem zram [--device] -r <device>...\n"
	       " socmem zram [--device] [options] -f | <device> -s <size>\n"
	       " socmem zram [--device] --swap [options] [<device>]\n"
	       " socmem zram bench [options] <file>...\n\n"
	       "Set up and control zram devices, like zramctl(8): the emulated\n"
	       "system's (socmemd, started when needed), or with --device this\n"
	       "machine's; measure what each compressor saves on your data (bench).\n\n"
	       "Options:\n"
	       "     --device             act on this machine's /sys/block/zram*\n"
	       "                          instead of the emulated system's\n"
	       "     --sysroot <dir>      with --device: <dir> as the root of /sys,\n"
	       "                          /dev, /proc\n"
	       " -a, --algorithm <alg>    compression algorithm to use\n"
	       " -b, --bytes              print sizes in bytes\n"
	       " -f, --find               find a free device (or add one)\n"
	       " -n, --noheadings         don't print headings\n"
	       " -o, --output <list>      columns to use for status output\n"
	       "     --raw                use raw status output format\n"
	       " -J, --json               use JSON output format\n"
	       " -r, --reset              reset all specified devices\n"
	       " -s, --size <size>        device size\n"
	       " -t, --streams <number>   number of compression streams\n\n"
	       "Swap setup (zram-swap-init):\n"
	       "     --swap               size from RAM, mkswap, swapon\n"
	       "     --ram-percent <n>    size as a percentage of RAM (default 100)\n"
	       "     --max-size <size>    but at most this (default 8G)\n"
	       " -p, --priority <n>       swap priority (default: the kernel's)\n"
	       " -L, --label <name>       swap label\n"
	       "     --no-swapon          stop after mkswap\n\n"
	       " -h, --help               display this help\n\n"
	       "Available output columns:\n");
	for (int i = 0; i < NCOLS; i++)
		printf(" %11s  %s\n", cols[i].name, cols[i].help);
	printf("\n" CLI_SIZE_HELP
	       "(What is written to the emulated system's sysfs files, as in\n"
	       "echo 128M > /sys/block/zram0/disksize, is read by the kernel's\n"
	       "memparse(): K, M, G are powers of 1024 and KB is not a unit.)\n");
	printf("\nRun 'socmem zram bench --help' for the benchmark.\n");
}

/* ---- sizes ----------------------------------------------------------- */

/* util-linux size_to_human_string(SIZE_SUFFIX_1LETTER): 256M, 1.5G, 0B */
static void human(uint64_t bytes, char *buf, size_t len)
{
	static const char letters[] = "BKMGTPE";
	int exp = 0;
	uint64_t dec, frac;

	while (exp < 60 && bytes >= (1ull << (exp + 10)))
		exp += 10;
	dec = bytes >> exp;
	frac = exp ? bytes & ((1ull << exp) - 1) : 0;
	if (frac) {
		frac = frac >= UINT64_MAX / 1000 ?
			       frac / 1024 * 1000 / (1ull << (exp - 10)) :
			       frac * 1000 / (1ull << exp);
		frac = (frac + 50) / 100;	/* one rounded digit */
		if (frac == 10) {
			dec++;
			frac = 0;
		}
	}
	if (frac)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "%c", dec, frac,
			 letters[exp / 10]);
	else
		snprintf(buf, len, "%" PRIu64 "%c", dec, letters[exp / 10]);
}

/* ---- reading a device ------------------------------------------------- */

struct zram_row {
	uint64_t disksize;
	uint64_t mm[9];		/* mm_stat */
	char algorithm[64];
	char streams[16];
};

static int read_row(const struct zram_backend *b, int id, struct zram_row *r)
{
	char buf[4096], *o, *c;
	int err;

	memset(r, 0, sizeof(*r));
	err = b->read(b->ctx, id, "disksize", buf, sizeof(buf));
	if (err)
		return err;
	r->disksize = strtoull(buf, NULL, 10);
	if (!b->read(b->ctx, id, "mm_stat", buf, sizeof(buf)))
		sscanf(buf, "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
			    " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
			    " %" SCNu64,
		       &r->mm[0], &r->mm[1], &r->mm[2], &r->mm[3], &r->mm[4],
		       &r->mm[5], &r->mm[6], &r->mm[7], &r->mm[8]);
	if (!b->read(b->ctx, id, "comp_algorithm", buf, sizeof(buf)) &&
	    (o = strchr(buf, '[')) && (c = strchr(o, ']'))) {
		*c = '\0';
		snprintf(r->algorithm, sizeof(r->algorithm), "%s", o + 1);
	}
	if (!b->read(b->ctx, id, "max_comp_streams", buf, sizeof(buf)))
		snprintf(r->streams, sizeof(r->streams), "%.*s",
			 (int)strcspn(buf, "\n"), buf);
	return 0;
}

static void cell(struct libscols_line *ln, int n, int col,
		 const struct cmd_zram_opts *o, const struct zram_row *r,
		 const char *name)
{
	static const int mm_of[NCOLS] = {
		[COL_DATA] = 0, [COL_COMPR] = 1, [COL_TOTAL] = 2,
		[COL_MEMLIMIT] = 3, [COL_MEMUSED] = 4, [COL_ZERO] = 5,
		[COL_MIGRATED] = 6,
	};
	char buf[64];
	uint64_t v;

	switch (col) {
	case COL_NAME:
		scols_line_set_data(ln, (size_t)n, name);
		return;
	case COL_ALGORITHM:
		scols_line_set_data(ln, (size_t)n, r->algorithm);
		return;
	case COL_STREAMS:
		scols_line_set_data(ln, (size_t)n, r->streams);
		return;
	case COL_ZERO:
	case COL_MIGRATED:
		snprintf(buf, sizeof(buf), "%" PRIu64, r->mm[mm_of[col]]);
		scols_line_set_data(ln, (size_t)n, buf);
		return;
	default:
		v = col == COL_DISKSIZE ? r->disksize : r->mm[mm_of[col]];
		if (o->bytes)
			snprintf(buf, sizeof(buf), "%" PRIu64, v);
		else
			human(v, buf, sizeof(buf));
		scols_line_set_data(ln, (size_t)n, buf);
	}
}

static int add_row(struct libscols_table *tb, const struct zram_backend *b,
		   const struct cmd_zram_opts *o, int id)
{
	struct libscols_line *ln;
	struct zram_row r;
	char name[4200];
	int err = read_row(b, id, &r);

	if (err)
		return err;
	b->dev_path(b->ctx, id, name, sizeof(name));
	ln = scols_table_new_line(tb, NULL);
	if (!ln)
		return -ENOMEM;
	for (size_t i = 0; i < o->ncolumns; i++)
		cell(ln, (int)i, o->columns[i], o, &r, name);
	return 0;
}

/* list: every device in use, or the one named */
static int do_list(const struct zram_backend *b,
		   const struct cmd_zram_opts *o, int only)
{
	struct libscols_table *tb = scols_new_table();
	int id, err = 0;

	if (!tb)
		return EXIT_FAILURE;
	scols_table_enable_raw(tb, o->raw);
	scols_table_enable_json(tb, o->json);
	scols_table_enable_noheadings(tb, o->noheadings);
	if (o->json)
		scols_table_set_name(tb, "zramctl");
	for (size_t i = 0; i < o->ncolumns; i++) {
		int c = o->columns[i];

		scols_table_new_column(tb, cols[c].name, cols[c].whint,
				       cols[c].flags);
	}
	if (only >= 0) {
		err = add_row(tb, b, o, only);
	} else {
		for (int from = 0; !b->next(b->ctx, from, &id); from = id + 1) {
			struct zram_row r;

			/* zramctl lists the devices in use */
			if (read_row(b, id, &r) || !r.disksize)
				continue;
			err = add_row(tb, b, o, id);
			if (err)
				break;
		}
	}
	if (!err)
		scols_print_table(tb);
	scols_unref_table(tb);
	if (err) {
		char path[4200];

		b->dev_path(b->ctx, only, path, sizeof(path));
		sm_cli_err("%s: %s", path, strerror(-err));
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

/* ---- setting up ------------------------------------------------------ */

/* zramctl's find_free_zram(): an unused device, else a new one */
static int find_free(const struct zram_backend *b, int *id)
{
	for (int from = 0; !b->next(b->ctx, from, id); from = *id + 1) {
		char buf[64];

		if (!b->read(b->ctx, *id, "disksize", buf, sizeof(buf)) &&
		    strtoull(buf, NULL, 10) == 0)
			return 0;
	}
	return b->hot_add(b->ctx, id);
}

static int set_attr(const struct zram_backend *b, int id, const char *attr,
		    const char *val, const char *what)
{
	char v[128], path[4200];
	int err;

	snprintf(v, sizeof(v), "%s\n", val);
	err = b->write(b->ctx, id, attr, v);
	if (err) {
		b->dev_path(b->ctx, id, path, sizeof(path));
		sm_cli_err("%s: failed to %s: %s", path, what, strerror(-err));
	}
	return err;
}

/* zramctl -s: reset, streams, algorithm, disksize, in that order */
static int setup(const struct zram_backend *b, const struct cmd_zram_opts *o,
		 int id, uint64_t size)
{
	char v[32], what[64];

	if (set_attr(b, id, "reset", "1", "reset"))
		return EXIT_FAILURE;
	if (o->streams > 0) {
		snprintf(v, sizeof(v), "%ld", o->streams);
		if (set_attr(b, id, "max_comp_streams", v,
			     "set number of streams"))
			return EXIT_FAILURE;
	}
	if (o->algorithm &&
	    set_attr(b, id, "comp_algorithm", o->algorithm,
		     "set algorithm"))
		return EXIT_FAILURE;
	snprintf(v, sizeof(v), "%" PRIu64, size);
	snprintf(what, sizeof(what), "set disksize (%" PRIu64 " bytes)", size);
	if (set_attr(b, id, "disksize", v, what))
		return EXIT_FAILURE;
	return EXIT_SUCCESS;
}

static int do_set(const struct zram_backend *b,
		  const struct cmd_zram_opts *o, int id)
{
	char path[4200];
	int err;

	if (o->find) {
		err = find_free(b, &id);
		if (err) {
			sm_cli_err("no free zram device found: %s", strerror(-err));
			return EXIT_FAILURE;
		}
	}
	err = setup(b, o, id, o->size);
	if (!err && o->find) {
		b->dev_path(b->ctx, id, path, sizeof(path));
		printf("%s\n", path);
	}
	return err;
}

static int do_reset(const struct zram_backend *b, const int *ids, size_t n)
{
	int ret = EXIT_SUCCESS;

	for (size_t i = 0; i < n; i++)
		if (set_attr(b, ids[i], "reset", "1", "reset"))
			ret = EXIT_FAILURE;
	return ret;
}

/*
 * zram-swap-init: min(RAM x percent, max size), rounded down to a page,
 * on the named or first free device; mkswap; swapon.
 */
static int do_swap(const struct zram_backend *b,
		   const struct cmd_zram_opts *o, int id)
{
	char path[4200];
	uint64_t ram, size;
	int err = b->mem_total(b->ctx, &ram);

	if (err) {
		sm_cli_err("cannot read MemTotal from /proc/meminfo: %s",
			   strerror(-err));
		return EXIT_FAILURE;
	}
	size = ram / 100 * (uint64_t)o->ram_percent;
	if (size > o->max_size)
		size = o->max_size;
	size &= ~(uint64_t)4095;
	if (id < 0 && (err = find_free(b, &id))) {
		sm_cli_err("no free zram device found: %s", strerror(-err));
		return EXIT_FAILURE;
	}
	if (setup(b, o, id, size))
		return EXIT_FAILURE;
	b->dev_path(b->ctx, id, path, sizeof(path));
	err = b->mkswap(b->ctx, id, o->label);
	if (err) {
		sm_cli_err("%s: mkswap failed: %s", path, strerror(-err));
		return EXIT_FAILURE;
	}
	if (!o->no_swapon && (err = b->swapon(b->ctx, id, o->priority))) {
		sm_cli_err("%s: swapon failed: %s", path, strerror(-err));
		return EXIT_FAILURE;
	}
	printf("%s: %" PRIu64 " bytes of zram swap%s\n", path, size,
	       o->no_swapon ? " (not enabled)" : "");
	return EXIT_SUCCESS;
}

/* ---- options ---------------------------------------------------------- */

static int parse_columns(struct cmd_zram_opts *o, const char *list)
{
	char *copy = strdup(list), *save = NULL;

	o->ncolumns = 0;
	for (char *w = strtok_r(copy, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		int c;

		for (c = 0; c < NCOLS && strcasecmp(cols[c].name, w); c++)
			;
		if (c == NCOLS || o->ncolumns == NCOLS) {
			sm_cli_err("unknown column: %s", w);
			free(copy);
			return -1;
		}
		o->columns[o->ncolumns++] = c;
	}
	free(copy);
	return o->ncolumns ? 0 : -1;
}

/* "/dev/zram3", "zram3" -> 3 */
static int parse_device(const char *s, int *id)
{
	char *end;
	long v;

	if (!strncmp(s, "/dev/", 5))
		s += 5;
	if (strncmp(s, "zram", 4))
		return -EINVAL;
	v = strtol(s + 4, &end, 10);
	if (end == s + 4 || *end || v < 0 || v > 1048575)
		return -EINVAL;
	*id = (int)v;
	return 0;
}

static int parse_long(const char *opt, const char *arg, long lo, long hi,
		      long *out)
{
	char *end;

	errno = 0;
	*out = strtol(arg, &end, 10);
	if (errno || end == arg || *end || *out < lo || *out > hi) {
		sm_cli_err("%s %s: must be a number %ld..%ld", opt, arg, lo, hi);
		return -1;
	}
	return 0;
}

static int one_opt(struct cmd_zram_opts *o, int c, const char *arg)
{
	long v;

	switch (c) {
	case OPT_DEVICE: o->device = true; return 0;
	case OPT_SYSROOT: o->sysroot = arg; return 0;
	case 'a': o->algorithm = arg; return 0;
	case 'b': o->bytes = true; return 0;
	case 'f': o->find = true; return 0;
	case 'n': o->noheadings = true; return 0;
	case 'o': return parse_columns(o, arg);
	case OPT_RAW: o->raw = true; return 0;
	case 'J': o->json = true; return 0;
	case 'r': o->mode = MODE_RESET; return 0;
	case OPT_SWAP: o->mode = MODE_SWAP; return 0;
	case OPT_NO_SWAPON: o->no_swapon = true; return 0;
	case 'L': o->label = arg; return 0;
	case 's':
	case OPT_MAX_SIZE:
		if (sm_cli_parse_size(arg, c == 's' ? &o->size : &o->max_size) ||
		    (c == 's' && !o->size)) {
			sm_cli_err("%s %s: not a size", c == 's' ? "--size" :
						     "--max-size", arg);
			return -1;
		}
		if (c == 's' && o->mode == MODE_LIST)
			o->mode = MODE_SET;
		return 0;
	case 't':
		return parse_long("--streams", arg, 1, 65536, &o->streams);
	case OPT_RAM_PERCENT:
		return parse_long("--ram-percent", arg, 1, 1000,
				  &o->ram_percent);
	case 'p':
		if (parse_long("--priority", arg, -1, 32767, &v))
			return -1;
		o->priority = (int)v;
		return 0;
	default:
		return -1;
	}
}

static int parse_args(int argc, char **argv, struct cmd_zram_opts *o)
{
	static const struct option longopts[] = {
		{ "device", no_argument, NULL, OPT_DEVICE },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "algorithm", required_argument, NULL, 'a' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "find", no_argument, NULL, 'f' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "json", no_argument, NULL, 'J' },
		{ "reset", no_argument, NULL, 'r' },
		{ "size", required_argument, NULL, 's' },
		{ "streams", required_argument, NULL, 't' },
		{ "swap", no_argument, NULL, OPT_SWAP },
		{ "ram-percent", required_argument, NULL, OPT_RAM_PERCENT },
		{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
		{ "priority", required_argument, NULL, 'p' },
		{ "label", required_argument, NULL, 'L' },
		{ "no-swapon", no_argument, NULL, OPT_NO_SWAPON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "a:bfno:Jrs:t:p:L:h", longopts,
				NULL)) != -1) {
		if (c == 'h') {
			usage();
			return 1;
		}
		if (c == '?') {
			sm_cli_try_help("zram");
			return -1;
		}
		if (one_opt(o, c, optarg)) {
			sm_cli_try_help("zram");
			return -1;
		}
	}
	return 0;
}

static void opts_init(struct cmd_zram_opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 0; i < NCOLS; i++)
		o->columns[i] = i;
	o->ncolumns = NCOLS;
	o->ram_percent = 100;
	o->max_size = 8ull << 30;
	o->priority = -1;
}

/* Usage errors are exit 2 (SM_EXIT_USAGE); a failed action is 1. */
static int check_usage(const struct cmd_zram_opts *o, int nargs)
{
	if (o->sysroot && !o->device) {
		sm_cli_err("zram: --sysroot goes with --device");
		return sm_cli_try_help("zram");
	}
	if (o->mode == MODE_RESET && (!nargs || o->find)) {
		sm_cli_err("zram: --reset needs devices");
		return sm_cli_try_help("zram");
	}
	if (o->mode == MODE_SET && !(o->find ^ (nargs == 1))) {
		sm_cli_err("zram: --size needs one device or --find");
		return sm_cli_try_help("zram");
	}
	if ((o->mode == MODE_LIST || o->mode == MODE_SWAP) && nargs > 1) {
		sm_cli_err("zram: only one device may be listed or set up");
		return sm_cli_try_help("zram");
	}
	if (o->find && o->mode != MODE_SET) {
		sm_cli_err("zram: --find goes with --size");
		return sm_cli_try_help("zram");
	}
	return 0;
}

static int run(const struct zram_backend *b, const struct cmd_zram_opts *o,
	       const int *ids, int n)
{
	switch (o->mode) {
	case MODE_RESET:
		return do_reset(b, ids, (size_t)n);
	case MODE_SET:
		return do_set(b, o, n ? ids[0] : -1);
	case MODE_SWAP:
		return do_swap(b, o, n ? ids[0] : -1);
	default:
		return do_list(b, o, n ? ids[0] : -1);
	}
}

int sm_cli_cmd_zram(int argc, char **argv)
{
	struct cmd_zram_opts o;
	struct zram_backend b;
	int ids[64], n = 0, ret;

	if (argc > 1 && !strcmp(argv[1], "bench"))
		return sm_cli_cmd_zram_bench(argc - 1, argv + 1);
	opts_init(&o);
	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret > 0 ? 0 : SM_EXIT_USAGE; /* main() closes stdout */
	for (int i = optind; i < argc; i++) {
		if (n == 64 || parse_device(argv[i], &ids[n])) {
			sm_cli_err("zram: %s: not a zram device", argv[i]);
			return SM_EXIT_USAGE;
		}
		n++;
	}
	ret = check_usage(&o, n);
	if (ret)
		return ret;
	ret = o.device ? sm_cli_zram_sysfs_open(o.sysroot, &b) : sm_cli_zram_emul_open(&b);
	if (ret)
		return ret == -ENODEV ? SM_EXIT_USAGE : EXIT_FAILURE;
	ret = run(&b, &o, ids, n);
	b.close(b.ctx);
	return ret;
}
