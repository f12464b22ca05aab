/* SPDX-License-Identifier: MIT */
/*
 * libs.h - the compression libraries, loaded on first use.
 *
 * Every socmem command links the zram layer, but only a few compress:
 * loading liblz4, libzstd and zlib at every start cost `socmem boot` more
 * than the boot itself. So the backends call the libraries through these
 * tables, which sm_zram_zcomp_lib_load() fills with dlopen()/dlsym() the first
 * time an algorithm that needs one is created. The headers still give
 * every pointer its real prototype (__typeof__), so a call is checked as
 * a direct one would be.
 */
#ifndef SOCMEM_ZRAM_COMP_LIBS_H
#define SOCMEM_ZRAM_COMP_LIBS_H

#include <lz4.h>
#include <lz4hc.h>
#define ZSTD_STATIC_LINKING_ONLY
/* ZSTD_compress_advanced() is the kernel's call: keep it */
#define ZSTD_DISABLE_DEPRECATE_WARNINGS
#include <zstd.h>
#include <zlib.h>

/** enum zcomp_lib - which library a backend needs */
enum zcomp_lib {
	ZCOMP_LIB_NONE,		/* written here (lzo, lzo-rle) */
	ZCOMP_LIB_LZ4,		/* lz4, lz4hc */
	ZCOMP_LIB_ZSTD,
	ZCOMP_LIB_ZLIB,		/* deflate */
	ZCOMP_LIB_COUNT,
};

#define ZCOMP_LZ4_SYMS(X)                                                    \
	X(LZ4_sizeofState) X(LZ4_createStream) X(LZ4_freeStream)           \
	X(LZ4_loadDict) X(LZ4_compress_fast_extState)                       \
	X(LZ4_compress_fast_continue) X(LZ4_decompress_safe)                \
	X(LZ4_decompress_safe_usingDict) X(LZ4_sizeofStateHC)               \
	X(LZ4_createStreamHC) X(LZ4_freeStreamHC) X(LZ4_loadDictHC)         \
	X(LZ4_resetStreamHC_fast) X(LZ4_compress_HC_extStateHC)             \
	X(LZ4_compress_HC_continue)

#define ZCOMP_ZSTD_SYMS(X)                                                   \
	X(ZSTD_getCParams) X(ZSTD_getParams) X(ZSTD_createCDict_advanced)   \
	X(ZSTD_createDDict_byReference) X(ZSTD_createCCtx)                  \
	X(ZSTD_createDCtx) X(ZSTD_freeCCtx) X(ZSTD_freeDCtx)                \
	X(ZSTD_freeCDict) X(ZSTD_freeDDict) X(ZSTD_compress_usingCDict)     \
	X(ZSTD_compress_advanced) X(ZSTD_decompress_usingDDict)             \
	X(ZSTD_decompressDCtx) X(ZSTD_isError)

/* deflateInit2() and inflateInit2() are macros over the _ functions */
#define ZCOMP_ZLIB_SYMS(X)                                                   \
	X(deflateInit2_) X(inflateInit2_) X(deflateEnd) X(inflateEnd)       \
	X(deflateReset) X(inflateReset) X(deflate) X(inflate)

#define ZCOMP_SYM_PTR(f) __typeof__(f) *f;

struct zcomp_lz4_lib { ZCOMP_LZ4_SYMS(ZCOMP_SYM_PTR) };
struct zcomp_zstd_lib { ZCOMP_ZSTD_SYMS(ZCOMP_SYM_PTR) };
struct zcomp_zlib_lib { ZCOMP_ZLIB_SYMS(ZCOMP_SYM_PTR) };

/* filled once by sm_zram_zcomp_lib_load(), read-only after */
extern struct zcomp_lz4_lib zcomp_lz4;
extern struct zcomp_zstd_lib zcomp_zstd;
extern struct zcomp_zlib_lib zcomp_zlib;

/*
 * sm_zram_zcomp_lib_load() - make @lib's table usable (thread-safe, once).
 * Return: 0, or -ELIBACC when the library or one of its functions is
 * missing (the algorithm cannot be used; the others can).
 */
int sm_zram_zcomp_lib_load(enum zcomp_lib lib);

#endif /* SOCMEM_ZRAM_COMP_LIBS_H */
