#!/bin/sh
# cli_zram_test.sh - `socmem zram` against a recorded /sys tree (--sysroot),
# in util-linux's manner: each case runs the command and compares what it
# printed, what it wrote into the tree and its exit status.
#
# The tree: zram0 in use (the 6.12 kernel's mm_stat after text.bin with
# lz4, from the oracle), zram1 unused, hot_add answering 2, MemTotal 2 GB.
#
# Usage: cli_zram_test.sh SOCMEM DATA_FILE
set -u
S=$1
DATA=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
n=0

check() {	# check NAME EXPECTED ACTUAL
	n=$((n + 1))
	if [ "$2" != "$3" ]; then
		echo "FAIL zram-cli/$1:"
		echo "  expected: $2"
		echo "  actual:   $3"
		fail=$((fail + 1))
	fi
}

tree() {
	rm -rf "$T/sr"
	mkdir -p "$T/sr/sys/block/zram0" "$T/sr/sys/block/zram1" \
		"$T/sr/sys/class/zram-control" "$T/sr/dev" "$T/sr/proc"
	z=$T/sr/sys/block/zram0
	echo 268435456 > "$z/disksize"
	echo " 8388608  6415545  6561792        0  6561792        0        0        0        0" > "$z/mm_stat"
	echo "[lz4] lz4hc zstd deflate " > "$z/comp_algorithm"
	echo 1 > "$z/max_comp_streams"
	: > "$z/reset"
	z=$T/sr/sys/block/zram1
	echo 0 > "$z/disksize"
	echo "       0        0        0        0        0        0        0        0        0" > "$z/mm_stat"
	echo "[lz4] lz4hc zstd deflate " > "$z/comp_algorithm"
	echo 1 > "$z/max_comp_streams"
	: > "$z/reset"
	echo 2 > "$T/sr/sys/class/zram-control/hot_add"
	printf 'MemTotal:        2000000 kB\nMemFree:          100000 kB\n' \
		> "$T/sr/proc/meminfo"
	truncate -s 1G "$T/sr/dev/zram1"
}

Z="$S zram --device --sysroot $T/sr"

# list: only devices in use, zramctl's columns, util-linux sizes
tree
out=$($Z)
check list-default "NAME       DISKSIZE DATA COMPR ALGORITHM STREAMS ZERO-PAGES TOTAL MEM-LIMIT MEM-USED MIGRATED
/dev/zram0     256M   8M  6.1M lz4             1          0  6.3M        0B     6.3M        0" "$out"
out=$($Z --bytes --raw --noheadings -o name,data,compr,total)
check list-bytes "/dev/zram0 8388608 6415545 6561792" "$out"
out=$($Z -J -o NAME,ALGORITHM | tr -d ' \n')
check list-json '{"zramctl":[{"name":"/dev/zram0","algorithm":"lz4"}]}' "$out"
out=$($Z /dev/zram1 --raw -n -o name,disksize)
check list-one-unused "/dev/zram1 0B" "$out"

# -f -s: the first unused device; reset, streams, algorithm, disksize
out=$($Z -f -s 512M -a zstd -t 2)
check find-prints "/dev/zram1" "$out"
check find-reset "1" "$(cat "$T/sr/sys/block/zram1/reset")"
check find-streams "2" "$(cat "$T/sr/sys/block/zram1/max_comp_streams")"
check find-algorithm "zstd" "$(cat "$T/sr/sys/block/zram1/comp_algorithm")"
check find-disksize "536870912" "$(cat "$T/sr/sys/block/zram1/disksize")"

# -r resets each device named
tree
$Z -r /dev/zram0 zram1
check reset-rc 0 $?
check reset-0 "1" "$(cat "$T/sr/sys/block/zram0/reset")"
check reset-1 "1" "$(cat "$T/sr/sys/block/zram1/reset")"

# --swap: half of 2,000,000 kB, on zram1, with a swap signature
tree
out=$($Z --swap --ram-percent 50 --no-swapon -L zswap)
check swap-msg "/dev/zram1: 1024000000 bytes of zram swap (not enabled)" "$out"
check swap-disksize "1024000000" "$(cat "$T/sr/sys/block/zram1/disksize")"
check swap-magic "SWAPSPACE2" "$(dd if="$T/sr/dev/zram1" bs=1 skip=4086 count=10 2>/dev/null)"
check swap-label "zswap" "$(dd if="$T/sr/dev/zram1" bs=1 skip=1052 count=5 2>/dev/null)"
# version 1, last page = 1 GiB / 4096 - 1 (the stand-in file's size)
check swap-header "1 262143 0" "$(od -A n -t u4 -j 1024 -N 12 "$T/sr/dev/zram1" | tr -s ' ' | sed 's/^ //')"
out=$($Z --swap --max-size 64M --no-swapon zram1)
check swap-max "/dev/zram1: 67108864 bytes of zram swap (not enabled)" "$out"

# usage errors: exit 2 and one line naming the problem
tree
err=$($S zram --sysroot "$T/sr" 2>&1 >/dev/null)
check sysroot-alone-rc 2 $?
check sysroot-alone "socmem: zram: --sysroot goes with --device" "$(echo "$err" | head -1)"
$Z -s 0 zram0 2>/dev/null
check size-zero-rc 2 $?
err=$($Z -s 1M zram0 zram1 2>&1 >/dev/null)
check size-two-rc 2 $?
err=$($Z sda 2>&1 >/dev/null)
check not-zram "socmem: zram: sda: not a zram device" "$(echo "$err" | head -1)"
err=$($Z -o NAME,FOO 2>&1 >/dev/null)
check bad-column-rc 2 $?

# a failed write: exit 1 naming the device and the step
chmod 0444 "$T/sr/sys/block/zram0/disksize"
if [ "$(id -u)" != 0 ]; then
	err=$($Z -s 1M zram0 2>&1 >/dev/null)
	check set-fails-rc 1 $?
fi
rm -rf "$T/sr/sys/block/zram0"
err=$($Z -r zram0 2>&1 >/dev/null)
check reset-missing-rc 1 $?
check reset-missing "socmem: /dev/zram0: failed to reset: No such file or directory" "$err"

# bench: every algorithm, every page back, exit 0
out=$($S zram bench -k 6.1 --raw "$DATA")
check bench-rc 0 $?
check bench-rows "ALGORITHM lzo lzo-rle lz4 lz4hc zstd deflate" "$(echo "$out" | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')"
out=$($S zram bench -a zstd -b --raw "$DATA" | sed -n 2p | cut -d' ' -f1,2)
check bench-data "zstd $(( ($(stat -c %s "$DATA") + 4095) / 4096 * 4096 ))" "$out"
err=$($S zram bench -a zip "$DATA" 2>&1 >/dev/null)
check bench-bad-algo-rc 2 $?
err=$($S zram bench "$T/nonexistent" 2>&1 >/dev/null)
check bench-missing-rc 2 $?
check bench-missing "socmem: $T/nonexistent: No such file or directory" "$err"

echo "$((n - fail))/$n cases passed"
[ "$fail" -eq 0 ]
