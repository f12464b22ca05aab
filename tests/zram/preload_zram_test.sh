#!/bin/sh
# preload_zram_test.sh SOCMEM PRELOAD SRCDIR - the platform guide's zram
# steps (guide_zram.sh, unmodified) run with libsocmem-preload.so against
# the emulated system of each kernel: lsmod, modprobe, sysfs, mkswap and
# swapon act on the emulated system; what it shows afterwards (/proc/swaps,
# /proc/meminfo, lsmod, mm_stat, socmem zram, the kernel log); the same
# steps a second time fail as on a device; util-linux's zramctl and lsblk; dd through
# /dev/zram0 (refused while it is swap); and the
# host's swap, zram devices and modules are exactly as they were.
set -u
S=$1 P=$2 SRC=$3
. "$(dirname "$0")/lib.sh"
zram_test_begin zt

# the host: swap, every zram device, the modules, read without the preload
snapshot() {
	env -u LD_PRELOAD sh -c '
	cat /proc/swaps
	for d in /sys/block/zram*; do
		[ -e "$d" ] || continue
		for a in disksize comp_algorithm mm_stat io_stat bd_stat initstate; do
			printf "%s/%s: " "$d" "$a"; cat "$d/$a" 2>&1
		done
	done
	ls /sys/class/zram-control 2>&1
	cat /proc/modules 2>&1
	ls -d /sys/module/zram /sys/module/zsmalloc /sys/module/lz4_compress /sys/module/lz4hc_compress 2>&1
	ls -l /dev/zram* 2>&1
	for d in /dev/zram*; do [ -b "$d" ] && head -c 65536 "$d" 2>/dev/null | cksum; done
	' > "$1" 2>&1
}

snapshot "$T/host-before"
GUIDE=$SRC/tests/zram/guide_zram.sh

for k in 6.1 6.12 7.2; do
	STATE=$T/state-$k
	mkdir -m 700 "$STATE"
	export SOCMEM_STATE=$STATE SOCMEM_KERNEL=$k SOCMEM_IDLE_EXIT=120
	prio=-2; flags=SS
	[ "$k" = 7.2 ] && prio=-1
	[ "$k" = 6.1 ] && flags=SSFS

	# never run the guide as root without the library in front of it:
	# the emulated board's MemTotal is not the host's
	mt=$(under awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null)
	host_mt=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
	if [ -z "$mt" ] || [ "$mt" = "$host_mt" ]; then
		echo "FAIL $k: the preload library is not active ($P); not running the guide on the host"
		exit 1
	fi

	# the guide: zram is not loaded at first, so grep finds nothing
	under sh "$GUIDE" > "$T/out" 2> "$T/err"
	[ $? = 0 ] || fail "$k: the guide's steps"
	grep -q "^Setting up swapspace version 1, size = 128 MiB (134213632 bytes)$" "$T/out" ||
		fail "$k: mkswap's line"
	grep -q zram "$T/out" && fail "$k: lsmod found zram before modprobe"
	[ -s "$T/err" ] && fail "$k: stderr not empty"

	under sh -c 'lsmod | grep zram' > "$T/out" 2> "$T/err"
	grep -Eq "^zram +[0-9]+  1$" "$T/out" || fail "$k: lsmod: zram used by its swap"
	under cat /proc/swaps > "$T/out"
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/zram0                              partition\t131068\t\t0\t\t%s\n' "$prio" |
		cmp -s - "$T/out" || fail "$k: /proc/swaps"
	under grep -E '^Swap(Total|Free):' /proc/meminfo > "$T/out"
	printf 'SwapTotal:        131068 kB\nSwapFree:         131068 kB\n' |
		cmp -s - "$T/out" || fail "$k: /proc/meminfo"
	under cat /sys/block/zram0/mm_stat > "$T/out"
	grep -Eq "^ +4096 " "$T/out" || fail "$k: mm_stat: the header page"
	under swapon --show=NAME,TYPE,SIZE,PRIO --noheadings > "$T/out" 2>&1
	grep -Eq "^/dev/zram0 partition 128M +$prio$" "$T/out" || fail "$k: swapon --show"
	"$S" zram -o NAME,DISKSIZE,DATA > "$T/out" 2> "$T/err"
	grep -Eq "^/dev/zram0 +128M +4K$" "$T/out" || fail "$k: socmem zram"
	"$S" daemon log > "$T/out" 2>&1
	grep -q "^Adding 131068k swap on /dev/zram0.  Priority:$prio extents:1 across:131068k $flags$" "$T/out" ||
		fail "$k: the kernel's swapon line"
	# dmesg reads the emulated system's log (syslog(2); /dev/kmsg is
	# EPERM for reading, as with dmesg_restrict), boot lines first
	under dmesg -r > "$T/out" 2> "$T/err" || fail "$k: dmesg"
	grep -q "^<6>Reserved memory: created CMA memory pool at 0x00000000ff000000, size 12 MiB$" "$T/out" ||
		fail "$k: dmesg: the boot's CMA pool line"
	grep -q "^<6>Adding 131068k swap on /dev/zram0.  Priority:$prio extents:1 across:131068k $flags$" "$T/out" ||
		fail "$k: dmesg: the swapon line"
	under dmesg -C > "$T/out" 2>&1 && fail "$k: dmesg -C cleared the emulated log"

	# a second time: loaded, sized, in use - as on a device (mkswap finds
	# the device in /proc/swaps)
	under sh "$GUIDE" > "$T/out" 2> "$T/err"
	grep -q "^zram " "$T/out" || fail "$k: second run: lsmod | grep zram"
	grep -q "mkswap: error: /dev/zram0 is mounted; will not make swapspace" "$T/err" ||
		fail "$k: second run: mkswap"
	grep -q "swapon: /dev/zram0: swapon failed: Device or resource busy" "$T/err" ||
		fail "$k: second run: swapon"

	# swap is not written behind its back (blkdev_write_iter: ETXTBSY)
	head -c 4096 /dev/zero > "$T/page"
	under dd if="$T/page" of=/dev/zram0 bs=4096 count=1 conv=notrunc \
		> "$T/out" 2> "$T/err" && fail "$k: dd onto swap succeeded"
	grep -q "Text file busy" "$T/err" || fail "$k: dd onto swap: ETXTBSY"

	# util-linux's zramctl: list, set up the first free device, reset it
	alg=lz4; [ "$k" = 6.1 ] && alg=lzo-rle
	under zramctl -o NAME,DISKSIZE,DATA,ALGORITHM -n -b > "$T/out" 2> "$T/err"
	grep -Eq "^/dev/zram0 +134217728 +4096 +$alg *$" "$T/out" || fail "$k: zramctl"
	under lsblk -n -o NAME,MAJ:MIN,SIZE,TYPE /dev/zram0 > "$T/out" 2> "$T/err"
	grep -Eq "^zram0 +252:0 +128M +disk *$" "$T/out" || fail "$k: lsblk"
	under zramctl -f -s 32M -a zstd > "$T/out" 2> "$T/err"
	grep -qx /dev/zram1 "$T/out" || fail "$k: zramctl -f"
	under zramctl -o NAME,DISKSIZE,ALGORITHM -n -b /dev/zram1 > "$T/out" 2> "$T/err"
	grep -Eq "^/dev/zram1 +33554432 +zstd *$" "$T/out" || fail "$k: zramctl /dev/zram1"
	under zramctl -r /dev/zram1 > "$T/out" 2> "$T/err" || fail "$k: zramctl -r"
	# reset, then hot_remove through zram-control
	under test -e /sys/block/zram1 && fail "$k: zramctl -r left zram1"

	# swap off, reset, a round trip through the block device, unload
	head -c 262144 /dev/urandom > "$T/data"
	under sh -c "swapoff /dev/zram0 && echo 1 > /sys/block/zram0/reset &&
		echo 64M > /sys/block/zram0/disksize &&
		dd if=$T/data of=/dev/zram0 bs=4096 2>/dev/null &&
		dd if=/dev/zram0 of=$T/back bs=4096 count=64 2>/dev/null &&
		cat /sys/block/zram0/mm_stat && modprobe -r zram &&
		lsmod && cat /proc/swaps" > "$T/out" 2> "$T/err" ||
		fail "$k: swapoff, reset, dd, modprobe -r"
	cmp -s "$T/data" "$T/back" || fail "$k: dd: not the same bytes"
	grep -Eq "^ +262144 +262144 +[0-9]+ +0 +[0-9]+ +0 +0 +64 +64$" "$T/out" ||
		fail "$k: mm_stat after dd of random data"
	grep -q "^zram" "$T/out" && fail "$k: modprobe -r left zram"
	"$S" reset > /dev/null 2>&1
	STATE=
done

snapshot "$T/host-after"
cmp -s "$T/host-before" "$T/host-after" || {
	fail "the host changed"
	diff "$T/host-before" "$T/host-after"
}
[ $fails = 0 ] && echo "guide zram steps under the preload: all checks passed"
exit $((fails != 0))
