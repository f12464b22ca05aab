#!/bin/sh
# start_libs_test.sh - socmem starts without loading what `boot` does not
# use: the compressors are loaded on first use (src/zram/comp/libs.c) and
# libm is not needed, so the binary must not name them; and a compressor
# still works when asked for (the emulated zram through `zram bench`).
# Usage: start_libs_test.sh SOCMEM
set -u
SOCMEM=$1
if ! command -v readelf >/dev/null; then
	echo "SKIP: no readelf (binutils)"; exit 77
fi
needed=$(readelf -d "$SOCMEM" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "socmem needs: $(echo $needed)"
# (a sanitizer build links libasan/libubsan, which need libm themselves)
if echo "$needed" | grep -q '^libasan'; then
	bad=$(echo "$needed" | grep -E '^lib(lz4|zstd|z|lzo2)\.so')
else
	bad=$(echo "$needed" | grep -E '^lib(lz4|zstd|z|lzo2|m)\.so')
fi
if [ -n "$bad" ]; then
	echo "FAIL: loaded at every start: $bad"; exit 1
fi
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
head -c 65536 "$SOCMEM" > "$T/data"
if ! "$SOCMEM" zram bench -a lz4,zstd,deflate "$T/data" > "$T/out" 2>&1 ||
	! grep -q '^zstd' "$T/out" || ! grep -q '^deflate' "$T/out"; then
	echo "FAIL: the lazily loaded compressors did not run"; cat "$T/out"; exit 1
fi
echo "1 passed, 0 failed"
