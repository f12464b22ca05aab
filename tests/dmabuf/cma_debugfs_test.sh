#!/bin/sh
# cma_debugfs_test.sh - CMA's debugfs on the emulated board: absent for
# the profile's own build (Debian's have CONFIG_CMA_DEBUGFS off), there
# when SOCMEM_KCONFIG names a .config with it on, with the files and
# formats of mm/cma_debug.c; a .config that cannot be read is one line.
# Usage: cma_debugfs_test.sh SOCMEM PRELOAD SOURCE_DIR
set -u
SOCMEM=$1 PRELOAD=$2 SRC=$3
RUN=$(dirname "$0")/run_emulated.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
check() { [ "$2" = 0 ] || { echo "FAIL $1"; sed 's/^/  /' "$T/out" "$T/err" 2>/dev/null; fails=$((fails + 1)); }; }
export SOCMEM_BOARD=$SRC/examples/boards/seed.dts SOCMEM_CMDLINE=cma=64M SOCMEM_KERNEL=6.12

sh "$RUN" "$SOCMEM" "$PRELOAD" ls /sys/kernel/debug/cma/reserved >"$T/out" 2>"$T/err"
[ $? != 0 ] && grep -q "No such file or directory" "$T/err"
check "without SOCMEM_KCONFIG there is no CMA debugfs" $?

printf '# CONFIG_CMA_SYSFS is not set\nCONFIG_CMA_DEBUGFS=y\n' >"$T/config"
SOCMEM_KCONFIG=$T/config sh "$RUN" "$SOCMEM" "$PRELOAD" sh -c '
	d=/sys/kernel/debug/cma
	echo areas: $(ls $d)
	echo files: $(ls $d/reserved)
	for f in base_pfn count order_per_bit used maxchunk; do echo $f: $(cat $d/reserved/$f); done
	echo words: $(wc -w <$d/reserved/bitmap)
	echo first: $(cut -d" " -f1-13 $d/reserved/bitmap)
	echo >$d/reserved/used 2>/dev/null || echo write: refused' >"$T/out" 2>"$T/err"
# 0xf9c00000 >> 12; 64 MiB of pages; the three atomic pools of 512 KiB
# (384 pages) at the start, so 12 full words and the 13th empty
cat >"$T/want" <<'EOW'
areas: adsp-heap my_cma reserved
files: base_pfn bitmap count maxchunk order_per_bit used
base_pfn: 1022976
count: 16384
order_per_bit: 0
used: 384
maxchunk: 16000
words: 512
first: 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 0
write: refused
EOW
cmp -s "$T/want" "$T/out"
check "the reserved area's debugfs files" $?

SOCMEM_KCONFIG=$T/nope sh "$RUN" "$SOCMEM" "$PRELOAD" cat /sys/kernel/debug/cma/reserved/used >"$T/out" 2>"$T/err"
grep -q "SOCMEM_KCONFIG=$T/nope: No such file or directory" "$T/err"
check "an unreadable SOCMEM_KCONFIG is named" $?

[ $fails = 0 ] && echo "cma debugfs: all checks passed"
exit $((fails != 0))
