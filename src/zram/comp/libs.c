// SPDX-License-Identifier: MIT
/*
 * libs.c - load a compression library the first time an algorithm needs
 * it (libs.h says why). The sonames are the libraries' ABI versions,
 * stable for many years: liblz4.so.1, libzstd.so.1, libz.so.1.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>

#include "libs.h"

struct zcomp_lz4_lib zcomp_lz4;
struct zcomp_zstd_lib zcomp_zstd;
struct zcomp_zlib_lib zcomp_zlib;

/* one library: its soname, its table as (name, slot) pairs */
struct lib_desc {
	const char *soname;
	const char *const *names;
	void **slots;
	size_t n;
};

#define SYM_NAME(f) #f,
#define SYM_SLOT(tbl) (void **)&(tbl)

static const char *const lz4_names[] = { ZCOMP_LZ4_SYMS(SYM_NAME) };
static const char *const zstd_names[] = { ZCOMP_ZSTD_SYMS(SYM_NAME) };
static const char *const zlib_names[] = { ZCOMP_ZLIB_SYMS(SYM_NAME) };

/* the tables are arrays of function pointers, in the order of the names */
static const struct lib_desc libs[ZCOMP_LIB_COUNT] = {
	[ZCOMP_LIB_LZ4] = { "liblz4.so.1", lz4_names, SYM_SLOT(zcomp_lz4),
			    sizeof(zcomp_lz4) / sizeof(void *) },
	[ZCOMP_LIB_ZSTD] = { "libzstd.so.1", zstd_names, SYM_SLOT(zcomp_zstd),
			     sizeof(zcomp_zstd) / sizeof(void *) },
	[ZCOMP_LIB_ZLIB] = { "libz.so.1", zlib_names, SYM_SLOT(zcomp_zlib),
			     sizeof(zcomp_zlib) / sizeof(void *) },
};

_Static_assert(sizeof(lz4_names) / sizeof(lz4_names[0]) ==
	       sizeof(zcomp_lz4) / sizeof(void *), "lz4 table");
_Static_assert(sizeof(zstd_names) / sizeof(zstd_names[0]) ==
	       sizeof(zcomp_zstd) / sizeof(void *), "zstd table");
_Static_assert(sizeof(zlib_names) / sizeof(zlib_names[0]) ==
	       sizeof(zcomp_zlib) / sizeof(void *), "zlib table");

static int status[ZCOMP_LIB_COUNT];
static pthread_once_t once[ZCOMP_LIB_COUNT] = {
	PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
	PTHREAD_ONCE_INIT,
};

static void load(enum zcomp_lib lib)
{
	const struct lib_desc *d = &libs[lib];
	void *h = dlopen(d->soname, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		status[lib] = -ELIBACC;
		return;
	}
	for (size_t i = 0; i < d->n; i++) {
		void *f = dlsym(h, d->names[i]);

		if (!f) {
			/* the handle stays open: harmless, once a process */
			status[lib] = -ELIBACC;
			return;
		}
		/* POSIX: a function pointer round-trips through void * */
		d->slots[i] = f;
	}
}

static void load_lz4(void)
{
	load(ZCOMP_LIB_LZ4);
}

static void load_zstd(void)
{
	load(ZCOMP_LIB_ZSTD);
}

static void load_zlib(void)
{
	load(ZCOMP_LIB_ZLIB);
}

int sm_zram_zcomp_lib_load(enum zcomp_lib lib)
{
	static void (*const loaders[ZCOMP_LIB_COUNT])(void) = {
		[ZCOMP_LIB_LZ4] = load_lz4,
		[ZCOMP_LIB_ZSTD] = load_zstd,
		[ZCOMP_LIB_ZLIB] = load_zlib,
	};

	if (lib <= ZCOMP_LIB_NONE || lib >= ZCOMP_LIB_COUNT)
		return 0;
	pthread_once(&once[lib], loaders[lib]);
	return status[lib];
}
