#!/bin/sh
# kconfig_emulated_test.sh - SOCMEM_KCONFIG drives the running board, not
# only which files there are: a build without ZONE_DMA/ZONE_DMA32 (as the
# tinyconfig heap kernels of tests/kernel/) makes one 512 KiB atomic pool
# out of CMA instead of three, holds the default CMA area at 4 GiB, not
# below it, and its zram offers only the compressors the .config has.
# The same board without SOCMEM_KCONFIG is Debian's build. CONFIG_CMA_SYSFS
# decides /sys/kernel/mm/cma/ (with the kernel's own set of counters), and
# without CONFIG_COMPACTION zsmalloc's pages are unmovable (they take
# pageblocks of their own, and are never lent CMA).
# Usage: kconfig_emulated_test.sh SOCMEM PRELOAD SOURCE_DIR PROBE_DATA
set -u
SOCMEM=$1 PRELOAD=$2 SRC=$3 DATA=$4
RUN=$(dirname "$0")/run_emulated.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
check() { [ "$2" = 0 ] || { echo "FAIL $1"; sed 's/^/  /' "$T/out" "$T/err" 2>/dev/null; fails=$((fails + 1)); }; }
export SOCMEM_BOARD=$SRC/examples/boards/seed.dts SOCMEM_CMDLINE=cma=64M SOCMEM_KERNEL=6.12

probe='grep -E "^Cma(Total|Free):" /proc/meminfo | tr -s " "
	echo base_pfn: $(cat /sys/kernel/debug/cma/reserved/base_pfn 2>/dev/null || echo none)
	echo zones: $(awk "{ print \$4 }" /proc/buddyinfo)
	modprobe zram; echo comp: $(cat /sys/block/zram0/comp_algorithm)'

cat >"$T/config" <<'EOC'
# CONFIG_ZONE_DMA is not set
# CONFIG_ZONE_DMA32 is not set
CONFIG_CMA_DEBUGFS=y
CONFIG_ZRAM_BACKEND_LZ4=y
# CONFIG_ZRAM_BACKEND_LZ4HC is not set
# CONFIG_ZRAM_BACKEND_ZSTD is not set
# CONFIG_ZRAM_BACKEND_DEFLATE is not set
EOC
gzip -c "$T/config" >"$T/config.gz"
# 0x100000000 >> 12; 96 MiB of CMA less one 512 KiB pool
cat >"$T/want" <<'EOW'
CmaTotal: 98304 kB
CmaFree: 97792 kB
base_pfn: 1048576
zones: Normal
comp: [lz4]
EOW
SOCMEM_KCONFIG=$T/config.gz sh "$RUN" "$SOCMEM" "$PRELOAD" sh -c "$probe" >"$T/out" 2>"$T/err"
cmp -s "$T/want" "$T/out"
check "a build without DMA zones, from its config.gz" $?

# Debian's 6.12: three pools, the area below 4 GiB, four compressors
cat >"$T/want" <<'EOW'
CmaTotal: 98304 kB
CmaFree: 96768 kB
base_pfn: none
zones: DMA Normal
comp: [lz4] lz4hc zstd deflate
EOW
sh "$RUN" "$SOCMEM" "$PRELOAD" sh -c "$probe" >"$T/out" 2>"$T/err"
cmp -s "$T/want" "$T/out"
check "Debian's build without SOCMEM_KCONFIG" $?

printf 'CONFIG_CMA_AREAS=many\n' >"$T/bad"
SOCMEM_KCONFIG=$T/bad sh "$RUN" "$SOCMEM" "$PRELOAD" cat /proc/meminfo >"$T/out" 2>"$T/err"
grep -q "SOCMEM_KCONFIG=$T/bad:1: CONFIG_CMA_AREAS=many: not a number" "$T/err"
check "a bad value is named with its line" $?

# CMA sysfs: 6.12 has three counters per area, 7.2 five; Debian's 6.12 none
sysfs='for a in $(ls /sys/kernel/mm/cma); do echo $a: $(ls /sys/kernel/mm/cma/$a); done
	echo reserved success: $(cat /sys/kernel/mm/cma/reserved/alloc_pages_success)'
printf 'CONFIG_CMA_SYSFS=y\n' >"$T/sysfs"
SOCMEM_KCONFIG=$T/sysfs sh "$RUN" "$SOCMEM" "$PRELOAD" sh -c "$sysfs" >"$T/out" 2>"$T/err"
# three 512 KiB atomic pools of Debian's zones: 384 pages
cat >"$T/want" <<'EOW'
adsp-heap: alloc_pages_fail alloc_pages_success release_pages_success
my_cma: alloc_pages_fail alloc_pages_success release_pages_success
reserved: alloc_pages_fail alloc_pages_success release_pages_success
reserved success: 384
EOW
cmp -s "$T/want" "$T/out"
check "6.12 with CONFIG_CMA_SYSFS: three counters per area" $?
SOCMEM_KERNEL=7.2 sh "$RUN" "$SOCMEM" "$PRELOAD" ls /sys/kernel/mm/cma/reserved >"$T/out" 2>"$T/err"
printf 'alloc_pages_fail\nalloc_pages_success\navailable_pages\nrelease_pages_success\ntotal_pages\n' >"$T/want"
cmp -s "$T/want" "$T/out"
check "7.2 (Debian's has CONFIG_CMA_SYSFS): five counters" $?
sh "$RUN" "$SOCMEM" "$PRELOAD" ls /sys/kernel/mm/cma >"$T/out" 2>"$T/err"
[ $? != 0 ] && grep -q "No such file or directory" "$T/err"
check "Debian's 6.12 has no CMA sysfs" $?

# zram's pages: movable with CONFIG_COMPACTION (Debian's), else they
# claim pageblocks of their own as unmovable
zram='modprobe zram; echo 64M >/sys/block/zram0/disksize
	"$0" 16 >/dev/zram0
	awk "/^Number of blocks/ { b = 1; next } b && /^Node/ { n += \$5 }
	     END { print \"unmovable blocks:\", (n > 0 ? \"some\" : \"none\") }" /proc/pagetypeinfo'
sh "$RUN" "$SOCMEM" "$PRELOAD" sh -c "$zram" "$DATA" >"$T/out" 2>"$T/err"
echo "unmovable blocks: none" >"$T/want"
cmp -s "$T/want" "$T/out"
check "with CONFIG_COMPACTION zram's pages are movable" $?
printf '# CONFIG_COMPACTION is not set\n' >"$T/nocompaction"
SOCMEM_KCONFIG=$T/nocompaction sh "$RUN" "$SOCMEM" "$PRELOAD" sh -c "$zram" "$DATA" >"$T/out" 2>"$T/err"
echo "unmovable blocks: some" >"$T/want"
cmp -s "$T/want" "$T/out"
check "without CONFIG_COMPACTION they are unmovable" $?

# what no .config says, the image's size, comes from a board environment
# (SOCMEM_ENV, docs/env.md): Debian's 6.12 image is 36.9 MiB, this one 4
printf 'kernel = loader-chosen 0x400000\n' >"$T/env"
SOCMEM_ENV=$T/env sh "$RUN" "$SOCMEM" "$PRELOAD" head -1 /proc/meminfo >"$T/out" 2>"$T/err"
printf 'MemTotal:        3940484 kB\n' >"$T/want"
cmp -s "$T/want" "$T/out"
check "SOCMEM_ENV: a 4 MiB image leaves 30,592 kB more than Debian's" $?
SOCMEM_ENV=$T/nope sh "$RUN" "$SOCMEM" "$PRELOAD" head -1 /proc/meminfo >"$T/out" 2>"$T/err"
grep -q "SOCMEM_ENV: $T/nope: No such file or directory" "$T/err"
check "an unreadable SOCMEM_ENV is named" $?

[ $fails = 0 ] && echo "kconfig on the emulated board: all checks passed"
exit $((fails != 0))
