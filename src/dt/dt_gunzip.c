// SPDX-License-Identifier: MIT
/*
 * dt_gunzip.c - a gzipped DTB (board.dtb.gz, as distributions and
 * examples/boards ship them) read as the DTB inside, so that no user has
 * to zcat one first.
 *
 * zlib is loaded the first time a gzipped DTB is met, as the compressors
 * are (src/zram/comp/libs.h): linking it would load it at every start of
 * every command (tests/cli/start_libs_test.sh).
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "internal.h"

/* inflateInit2() is a macro over inflateInit2_() */
static struct {
	__typeof__(inflateInit2_) *init2;
	__typeof__(inflate) *inflate;
	__typeof__(inflateEnd) *end;
} z;
static pthread_once_t z_once = PTHREAD_ONCE_INIT;
static bool z_ok;

static void z_load(void)
{
	void *h = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return;
	/* POSIX: a function pointer round-trips through void * */
	*(void **)&z.init2 = dlsym(h, "inflateInit2_");
	*(void **)&z.inflate = dlsym(h, "inflate");
	*(void **)&z.end = dlsym(h, "inflateEnd");
	z_ok = z.init2 && z.inflate && z.end;
}

/* a DTB is at most a few MiB; a larger stream is not one (or a bomb) */
#define GUNZIP_MAX (64U << 20)

bool sm_dt_is_gzip(const void *buf, size_t len)
{
	const unsigned char *p = buf;

	return len >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

int sm_dt_gunzip(const void *in, size_t len, const char *name, void **out,
		 size_t *out_len, struct sm_diag *diag)
{
	z_stream zs = { 0 };
	size_t cap = len * 4 + 4096, got = 0;
	unsigned char *buf = NULL;
	int zr;

	pthread_once(&z_once, z_load);
	if (!z_ok)
		return sm_dt_diag_set(diag, -ELIBACC,
				      "%s: a gzipped DTB needs zlib (libz.so.1), which cannot be loaded: gunzip it first",
				      name);
	if (len > UINT32_MAX ||
	    z.init2(&zs, 16 + MAX_WBITS, ZLIB_VERSION, (int)sizeof(zs)) != Z_OK)
		return sm_dt_diag_set(diag, -EINVAL, "%s: cannot inflate", name);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (uInt)len;
	do {
		if (got == cap || !buf) {
			unsigned char *n;

			if (buf)
				cap *= 2;
			if (cap > GUNZIP_MAX + 1)
				cap = GUNZIP_MAX + 1;
			n = realloc(buf, cap + 1);
			if (!n) {
				z.end(&zs);
				free(buf);
				return sm_dt_diag_set(diag, -ENOMEM,
						      "%s: out of memory", name);
			}
			buf = n;
		}
		zs.next_out = buf + got;
		zs.avail_out = (uInt)(cap - got);
		zr = z.inflate(&zs, Z_NO_FLUSH);
		got = cap - zs.avail_out;
		if (got > GUNZIP_MAX) {
			zr = Z_BUF_ERROR;
			break;
		}
	} while (zr == Z_OK);
	z.end(&zs);
	if (zr != Z_STREAM_END) {
		free(buf);
		return sm_dt_diag_set(diag, -EINVAL, "%s: %s", name,
				      got > GUNZIP_MAX ?
				      "gzip holds more than 64 MiB: not a DTB" :
				      "corrupt or truncated gzip data");
	}
	buf[got] = '\0';
	*out = buf;
	*out_len = got;
	return 0;
}
