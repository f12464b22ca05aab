#!/bin/sh
# tools_test.sh SOCMEM PRELOAD - Debian's zram tools, unmodified, under
# libsocmem-preload.so: zram-tools' zramswap (start, status, stop: a bash
# script with builtin echo), systemd-zram-generator --setup-device then
# systemd-makefs (reads /sys/dev/block/MAJ:MIN/{uevent,subsystem,queue},
# opens /dev/block/MAJ:MIN, checks the filesystem type, reopens through
# /proc/self/fd), lsblk and find listing only the emulated zram devices,
# and sysconf(_SC_PHYS_PAGES)/sysinfo(2) (python3, busybox free) from the
# emulated board. A tool
# that is not installed is skipped with the reason; the host's zram and
# swap are exactly as they were.
set -u
S=$1 P=$2
. "$(dirname "$0")/lib.sh"
zram_test_begin tt
ran=0
fresh() {
	[ -n "$STATE" ] && SOCMEM_STATE=$STATE "$S" reset >/dev/null 2>&1
	STATE=$T/state-$1
	mkdir -m 700 "$STATE"
	export SOCMEM_STATE=$STATE SOCMEM_KERNEL=6.12 SOCMEM_IDLE_EXIT=60
}
host() {
	env -u LD_PRELOAD sh -c 'cat /proc/swaps; for d in /sys/block/zram*; do
		[ -e "$d" ] && cat "$d/disksize" "$d/initstate"; done' > "$1" 2>&1
}
host "$T/host-before"

fresh guard
mt=$(under awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null)
host_mt=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
if [ -z "$mt" ] || [ "$mt" = "$host_mt" ]; then
	echo "FAIL the preload library is not active ($P); not running the tools"
	exit 1
fi

# sysconf and sysinfo: the board's RAM (python3 asks sysconf)
if command -v python3 >/dev/null; then
	ran=$((ran + 1))
	under python3 -c 'import os; print(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 1024)' \
		> "$T/out" 2> "$T/err"
	[ "$(cat "$T/out")" = "$mt" ] || fail "sysconf(_SC_PHYS_PAGES): not the board's MemTotal $mt"
else
	echo "SKIP sysconf: python3 is not installed"
fi

# zram-tools: its defaults (lz4, 256 MiB, priority 100)
if command -v zramswap >/dev/null; then
	ran=$((ran + 1))
	fresh zramswap
	under zramswap start > "$T/out" 2> "$T/err" || fail "zramswap start"
	under cat /proc/swaps > "$T/out"
	grep -Eq "^/dev/zram0 +partition	262140		0		100$" "$T/out" ||
		fail "zramswap start: /proc/swaps"
	under cat /sys/block/zram0/comp_algorithm > "$T/out"
	grep -q "\[lz4\]" "$T/out" || fail "zramswap start: lz4"
	under zramswap status > "$T/out" 2> "$T/err" || fail "zramswap status"
	grep -Eq "^/dev/zram0 +lz4 +256M .*\[SWAP\]" "$T/out" || fail "zramswap status: the device"
	under zramswap stop > "$T/out" 2> "$T/err" || fail "zramswap stop"
	under sh -c 'cat /proc/swaps; lsmod' > "$T/out"
	grep -q zram "$T/out" && fail "zramswap stop: swap or module left"
else
	echo "SKIP zramswap: zram-tools is not installed"
fi

# systemd-zram-generator: zram0 with half the board's RAM, then a swap
# signature by systemd-makefs (as systemd-zram-setup@zram0.service)
gen=/usr/lib/systemd/system-generators/zram-generator
makefs=/usr/lib/systemd/systemd-makefs
[ -x "$gen" ] || gen=/lib/systemd/system-generators/zram-generator
[ -x "$makefs" ] || makefs=/lib/systemd/systemd-makefs
if [ -x "$gen" ] && [ -x "$makefs" ]; then
	ran=$((ran + 1))
	fresh generator
	under sh -c "modprobe zram && $gen --setup-device zram0" > "$T/out" 2> "$T/err" ||
		fail "zram-generator --setup-device zram0"
	mt=$(under awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
	under cat /sys/block/zram0/disksize > "$T/out"
	# zram-size = min(ram / 2, 4096), in whole MiB of MemTotal
	want=$(awk -v kb="$mt" 'BEGIN { m = int(int(kb / 1024) / 2); if (m > 4096) m = 4096; printf "%d", m * 1048576 }')
	[ "$(cat "$T/out")" = "$want" ] || fail "zram-generator: disksize $want (half of MemTotal $mt kB)"
	under "$makefs" swap /dev/zram0 > "$T/out" 2> "$T/err" || fail "systemd-makefs swap /dev/zram0"
	under blkid -o value -s TYPE /dev/zram0 > "$T/out" 2> "$T/err"
	[ "$(cat "$T/out")" = swap ] || fail "systemd-makefs: no swap signature"
else
	echo "SKIP zram-generator: systemd-zram-generator or systemd-makefs is not installed"
fi

# busybox free: sysinfo(2) (SOCMEM_TEST_BUSYBOX: a busybox that is not
# Debian's static one; else scripts/test-busybox.sh's dynamic one)
bb=${SOCMEM_TEST_BUSYBOX:-$(command -v busybox)}
if [ -n "$bb" ] && file -L "$bb" 2>/dev/null | grep -q "statically linked"; then
	bb=$(sh "$(dirname "$0")/../../scripts/test-busybox.sh") || bb=$(command -v busybox)
fi
if [ -z "$bb" ]; then
	echo "SKIP busybox free: busybox is not installed"
elif file -L "$bb" 2>/dev/null | grep -q "statically linked"; then
	echo "SKIP busybox free: $bb is a static binary (LD_PRELOAD cannot reach it)"
else
	ran=$((ran + 1))
	under "$bb" free > "$T/out" 2> "$T/err"
	mt=$(under awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
	awk '/^Mem:/ { print $2 }' "$T/out" | grep -qx "$mt" || fail "busybox free: MemTotal $mt"
fi

# listings through openat + fdopendir: the emulated devices only
fresh lists
under sh -c 'modprobe zram num_devices=3' > /dev/null 2>&1
ran=$((ran + 1))
under lsblk -dn -o NAME,MAJ:MIN | awk '/zram/ { print $1, $2 }' > "$T/out" 2> "$T/err"
printf 'zram0 252:0\nzram1 252:1\nzram2 252:2\n' | cmp -s - "$T/out" || fail "lsblk: the emulated zram only"
under find /sys/block /sys/class/block -maxdepth 1 -name 'zram*' > "$T/out" 2> "$T/err"
[ "$(sort "$T/out" | tr '\n' ' ')" = "/sys/block/zram0 /sys/block/zram1 /sys/block/zram2 /sys/class/block/zram0 /sys/class/block/zram1 /sys/class/block/zram2 " ] ||
	fail "find: the emulated zram only"

host "$T/host-after"
cmp -s "$T/host-before" "$T/host-after" || fail "the host's zram or swap changed"
[ $fails = 0 ] && echo "zram tools under the preload: $ran groups of checks passed"
exit $((fails != 0))
