// SPDX-License-Identifier: MIT
/*
 * cmd_zram_bench.c - `socmem zram bench FILE...`: store the files' pages
 * in a zram device through every algorithm socmem has and report what
 * each saves (zram's own DATA / COMPR / TOTAL figures, the ratio
 * DATA/TOTAL, same-filled and huge pages) and what it costs (store and
 * load throughput). The device is the chosen kernel's (zsmalloc
 * geometry, huge threshold, compressor parameters); every page read back
 * is compared with what was written.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libsmartcols.h>

#include <socmem/profile.h>
#include <socmem/zram.h>

#include "cli.h"

#define PAGE 4096

struct bench_opts {
	const struct sm_profile *kernel;
	const char *algorithms[16];
	size_t nalgorithms;
	bool raw, json, bytes;
};

struct bench_result {
	const char *algorithm;
	struct sm_zram_stats st;
	double store_s, load_s;
	uint64_t bad_pages;
};

static void usage(void)
{
	printf("Usage:\n"
	       " socmem zram bench [options] <file>...\n\n"
	       "Store the files (as 4 KiB pages) in a zram device with each\n"
	       "compression algorithm and print what it saves and costs.\n\n"
	       "Options:\n"
	       " -k, --kernel <ver>       whose zram and zsmalloc: %s (default %s)\n"
	       " -a, --algorithm <list>   comma-separated algorithms (default: all:\n"
	       "                          lzo,lzo-rle,lz4,lz4hc,zstd,deflate)\n"
	       " -b, --bytes              print sizes in bytes\n"
	       "     --raw                use raw output format\n"
	       " -J, --json               use JSON output format\n"
	       " -h, --help               display this help\n\n"
	       "RATIO is DATA/TOTAL: the memory the data would take over the memory\n"
	       "zram takes for it (compressed objects and allocator overhead).\n",
	       sm_boot_profile_names(), sm_boot_profile_name(sm_boot_profile_default()));
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every file's bytes, each zero-padded to a whole number of pages. */
static uint8_t *load_files(char **files, int n, size_t *pages)
{
	uint8_t *d = NULL;
	size_t len = 0;

	for (int i = 0; i < n; i++) {
		FILE *f = fopen(files[i], "rb");
		size_t got, start = len;
		uint8_t *nd;

		if (!f) {
			sm_cli_err("%s: %s", files[i], strerror(errno));
			free(d);
			return NULL;
		}
		do {
			nd = realloc(d, len + (1 << 20));
			if (!nd) {
				fclose(f);
				free(d);
				return NULL;
			}
			d = nd;
			got = fread(d + len, 1, 1 << 20, f);
			len += got;
		} while (got == 1 << 20);
		if (ferror(f) || len == start) {
			sm_cli_err("%s: %s", files[i],
				   ferror(f) ? strerror(errno) : "empty file");
			fclose(f);
			free(d);
			return NULL;
		}
		fclose(f);
		memset(d + len, 0, (PAGE - len % PAGE) % PAGE);
		len = (len + PAGE - 1) / PAGE * PAGE;
	}
	*pages = len / PAGE;
	return d;
}

static int run_one(const struct bench_opts *o, const char *algo,
		   const uint8_t *d, size_t pages, struct bench_result *r)
{
	struct sm_zram_options zo = { .all_algorithms = true };
	struct sm_zram_ctl *ctl;
	struct sm_zram *dev;
	uint8_t page[PAGE];
	char v[64];
	double t;
	int err = sm_zram_ctl_create(sm_boot_profile_id(o->kernel), &zo, &ctl);

	if (err)
		return err;
	dev = sm_zram_ctl_dev(ctl, 0);
	snprintf(v, sizeof(v), "%s\n", algo);
	if (sm_zram_attr_write(dev, "comp_algorithm", v, strlen(v)) < 0) {
		sm_zram_ctl_destroy(ctl);
		return -EINVAL;
	}
	snprintf(v, sizeof(v), "%zu\n", pages * PAGE);
	err = (int)sm_zram_attr_write(dev, "disksize", v, strlen(v));
	if (err < 0) {
		sm_zram_ctl_destroy(ctl);
		return err;
	}
	memset(r, 0, sizeof(*r));
	r->algorithm = algo;
	t = now();
	for (size_t i = 0; i < pages; i++)
		r->bad_pages += sm_zram_write(dev, i, d + i * PAGE) != 0;
	r->store_s = now() - t;
	sm_zram_get_stats(dev, &r->st);
	t = now();
	for (size_t i = 0; i < pages; i++)
		r->bad_pages += sm_zram_read(dev, i, page) != 0 ||
				memcmp(page, d + i * PAGE, PAGE) != 0;
	r->load_s = now() - t;
	sm_zram_ctl_destroy(ctl);
	return 0;
}

static void size_cell(const struct bench_opts *o, uint64_t v, char *buf,
		      size_t len)
{
	if (o->bytes)
		snprintf(buf, len, "%" PRIu64, v);
	else
		sm_cli_size_str(v, buf, len);
}

static void print_table(const struct bench_opts *o,
			const struct bench_result *r, size_t n, size_t pages)
{
	static const char *const head[] = {
		"ALGORITHM", "DATA", "COMPR", "TOTAL", "RATIO", "SAME",
		"HUGE", "STORE-MB/s", "LOAD-MB/s",
	};
	struct libscols_table *tb = scols_new_table();
	double mb = (double)pages * PAGE / 1e6;

	scols_table_enable_raw(tb, o->raw);
	scols_table_enable_json(tb, o->json);
	if (o->json)
		scols_table_set_name(tb, "zram-bench");
	for (size_t c = 0; c < 9; c++)
		scols_table_new_column(tb, head[c], 0,
				       c ? SCOLS_FL_RIGHT : 0);
	for (size_t i = 0; i < n; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		const struct sm_zram_stats *s = &r[i].st;
		char buf[64];

		scols_line_set_data(ln, 0, r[i].algorithm);
		size_cell(o, s->orig_data_size, buf, sizeof(buf));
		scols_line_set_data(ln, 1, buf);
		size_cell(o, s->compr_data_size, buf, sizeof(buf));
		scols_line_set_data(ln, 2, buf);
		size_cell(o, s->mem_used_total, buf, sizeof(buf));
		scols_line_set_data(ln, 3, buf);
		snprintf(buf, sizeof(buf), "%.3f",
			 s->mem_used_total ? (double)s->orig_data_size /
						     (double)s->mem_used_total :
					     0.0);
		scols_line_set_data(ln, 4, s->mem_used_total ? buf : "-");
		snprintf(buf, sizeof(buf), "%" PRIu64, s->same_pages);
		scols_line_set_data(ln, 5, buf);
		snprintf(buf, sizeof(buf), "%" PRIu64, s->huge_pages);
		scols_line_set_data(ln, 6, buf);
		snprintf(buf, sizeof(buf), "%.0f", mb / r[i].store_s);
		scols_line_set_data(ln, 7, buf);
		snprintf(buf, sizeof(buf), "%.0f", mb / r[i].load_s);
		scols_line_set_data(ln, 8, buf);
	}
	scols_print_table(tb);
	scols_unref_table(tb);
}

static int parse_algorithms(struct bench_opts *o, const char *list)
{
	char *copy = strdup(list), *save = NULL;

	o->nalgorithms = 0;
	for (char *w = strtok_r(copy, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < sm_zram_zcomp_count() &&
			    strcmp(sm_zram_zcomp_name_at(i), w);
		     i++)
			;
		if (i == sm_zram_zcomp_count() || o->nalgorithms == 16) {
			sm_cli_err("--algorithm %s: unknown algorithm", w);
			free(copy);
			return -1;
		}
		o->algorithms[o->nalgorithms++] = sm_zram_zcomp_name_at(i);
	}
	free(copy);
	return o->nalgorithms ? 0 : -1;
}

static int parse(int argc, char **argv, struct bench_opts *o)
{
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "algorithm", required_argument, NULL, 'a' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "raw", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "k:a:bJh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'k':
			o->kernel = sm_boot_profile_find(optarg);
			if (!o->kernel) {
				sm_cli_err("--kernel %s: unknown kernel "
					   "(supported: %s)", optarg,
					   sm_boot_profile_names());
				return -1;
			}
			break;
		case 'a':
			if (parse_algorithms(o, optarg))
				return -1;
			break;
		case 'b': o->bytes = true; break;
		case 'r': o->raw = true; break;
		case 'J': o->json = true; break;
		case 'h':
			usage();
			return 1;
		default:
			sm_cli_try_help("zram bench");
			return -1;
		}
	}
	return 0;
}

int sm_cli_cmd_zram_bench(int argc, char **argv)
{
	struct bench_opts o = { .kernel = sm_boot_profile_default() };
	struct bench_result r[16];
	size_t pages = 0;
	uint64_t bad = 0;
	uint8_t *d;
	int ret;

	for (size_t i = 0; i < sm_zram_zcomp_count() && i < 16; i++)
		o.algorithms[o.nalgorithms++] = sm_zram_zcomp_name_at(i);
	optind = 1;
	ret = parse(argc, argv, &o);
	if (ret)
		return ret > 0 ? 0 : SM_EXIT_USAGE; /* main() closes stdout */
	if (optind == argc) {
		sm_cli_err("zram bench: no file given");
		return sm_cli_try_help("zram bench");
	}
	d = load_files(argv + optind, argc - optind, &pages);
	if (!d)
		return SM_EXIT_USAGE;
	for (size_t i = 0; i < o.nalgorithms; i++) {
		ret = run_one(&o, o.algorithms[i], d, pages, &r[i]);
		if (ret) {
			sm_cli_err("zram bench: %s: %s", o.algorithms[i],
				   strerror(-ret));
			free(d);
			return EXIT_FAILURE;
		}
		bad += r[i].bad_pages;
	}
	free(d);
	print_table(&o, r, o.nalgorithms, pages);
	if (bad) {
		sm_cli_err("zram bench: %" PRIu64 " pages did not read back "
			   "as written", bad);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
