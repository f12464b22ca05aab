#!/bin/sh
# cli_zram_emul_test.sh SOCMEM PRELOAD - `socmem zram` on the emulated
# system (socmemd, a private state directory): set up the first free
# device (loading the module), add one, resize, reset, the guide image's
# swap setup (size from RAM, mkswap, swapon with a priority), and the
# errors a device in use or missing gives. The daemon is stopped at the end.
set -u
S=$1 P=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/socmem-ze.XXXXXX") || exit 2
chmod 700 "$T"
export SOCMEM_STATE=$T/state SOCMEM_KERNEL=6.12 SOCMEM_IDLE_EXIT=120
trap '"$S" reset >/dev/null 2>&1; rm -rf "$T"' EXIT
fails=0
check() {	# check NAME EXPECTED ACTUAL
	[ "$2" = "$3" ] && return
	printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
	fails=$((fails + 1))
}

check empty "" "$("$S" zram)"
check find "/dev/zram0" "$("$S" zram -f -s 64M -a zstd)"
check list "/dev/zram0 64M zstd" "$("$S" zram --raw -n -o NAME,DISKSIZE,ALGORITHM)"
check find-adds "/dev/zram1" "$("$S" zram -f -s 32M)"
"$S" zram zram1 -s 16M
check resize "16777216" "$("$S" zram --raw -n -b -o DISKSIZE zram1)"
# 25% of the emulated board's MemTotal (as zram-swap-init computes it:
# bytes / 100 x 25, rounded down to a page) on zram2; mkswap's header
# page is not usable swap
memtotal=$(LD_PRELOAD=$P awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
case $memtotal in '' | *[!0-9]*) check memtotal "a number of kB" "$memtotal" ;; esac
host=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
[ "$memtotal" != "$host" ] || check memtotal "the board's, not the host's" "$memtotal"
bytes=$(( (memtotal * 1024 / 100 * 25) / 4096 * 4096 ))
out=$("$S" zram --swap -p 10 --ram-percent 25)
check swap "/dev/zram2: $bytes bytes of zram swap" "$out"
check swaps "$(printf '/dev/zram2                              partition\t%d\t\t0\t\t10' \
	$(( (bytes / 4096 - 1) * 4 )))" "$(LD_PRELOAD=$P tail -1 /proc/swaps)"
err=$("$S" zram -r /dev/zram2 2>&1)
check busy-rc 1 $?
check busy "socmem: /dev/zram2: failed to reset: Device or resource busy" "$err"
"$S" zram -r /dev/zram1
check reset "/dev/zram0 /dev/zram2 " "$("$S" zram --raw -n -o NAME | tr '\n' ' ')"
err=$("$S" zram -s 1M zram9 2>&1)
check missing-rc 1 $?
check missing "socmem: /dev/zram9: failed to reset: No such file or directory" "$err"
"$S" zram -J -o NAME,DISKSIZE | grep -q '"zramctl"' || check json yes no
[ $fails = 0 ] && echo "socmem zram (emulated): all checks passed"
exit $((fails != 0))
