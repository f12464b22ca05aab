// SPDX-License-Identifier: MIT
/*
 * fuzz_main.c - runs a fuzz target over files (the seed corpus) without
 * libFuzzer, so the ordinary test suite replays every seed: .gz files are
 * inflated first. Usage: fuzz_<target> FILE|DIR...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int run_file(const char *path)
{
	gzFile gz = gzopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0;
	int r;

	if (!gz)
		return -1;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				return -1;
		}
		r = gzread(gz, buf + n, (unsigned int)(cap - n));
		if (r > 0)
			n += (size_t)r;
	} while (r > 0);
	gzclose(gz);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int run_path(const char *path, int *count)
{
	struct stat st;
	struct dirent *e;
	DIR *d;

	if (stat(path, &st))
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	d = opendir(path);
	while (d && (e = readdir(d))) {
		char sub[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		run_path(sub, count);
	}
	if (d)
		closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	int count = 0;

	for (int i = 1; i < argc; i++)
		if (run_path(argv[i], &count)) {
			fprintf(stderr, "cannot read %s\n", argv[i]);
			return 1;
		}
	fprintf(stderr, "%d inputs replayed\n", count);
	return 0;
}
