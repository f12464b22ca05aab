#!/bin/sh
# heap_cli_test.sh - `socmem heap`, `socmem daemon` and `socmem reset` as
# a user meets them: tables and JSON, exhaustion reported with the
# kernel's own line and exit 1, bad usage exit 2 with one line, --device
# on a recorded /dev and /proc tree.
# Usage: heap_cli_test.sh SOCMEM SOURCE_DIR
set -u
SOCMEM=$1 SRC=$2
T=$(mktemp -d)
export SOCMEM_STATE=$T/state SOCMEM_IDLE_EXIT=60
trap '"$SOCMEM" reset >/dev/null 2>&1; rm -rf "$T"' EXIT
fails=0 n=0

# expect NAME STATUS STDERR_PATTERN STDOUT_PATTERN -- CMD...
expect() {
	name=$1 want=$2 epat=$3 opat=$4; shift 5
	n=$((n + 1))
	"$@" >"$T/out" 2>"$T/err"; got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL $name: exit $got, want $want"; sed 's/^/  /' "$T/err" "$T/out"; fails=$((fails + 1)); return
	fi
	if [ -n "$epat" ] && ! grep -qE -- "$epat" "$T/err"; then
		echo "FAIL $name: stderr lacks /$epat/"; sed 's/^/  /' "$T/err"; fails=$((fails + 1)); return
	fi
	if [ -n "$opat" ] && ! grep -qE -- "$opat" "$T/out"; then
		echo "FAIL $name: stdout lacks /$opat/"; sed 's/^/  /' "$T/out"; fails=$((fails + 1))
	fi
}

expect status-none 1 "" "not running" -- $SOCMEM daemon status
expect list 0 "" "^reserved +cma +254:1 +reserved +0xf9c00000 +64 MiB" -- $SOCMEM heap list
expect status 0 "" "kernel: Linux 6.12" -- $SOCMEM daemon status
expect alloc 0 "" "^1 +system +1 MiB +cam +0x[0-9a-f]+-0x[0-9a-f]+$" -- $SOCMEM heap alloc system 1M --name cam
expect alloc-json 0 "" '"heap": "reserved"' -- $SOCMEM heap alloc -J reserved 64K
# 64 MiB of CMA whose first 1.5 MiB the atomic DMA pools hold (the 64K
# buffer above fits beside them): the 63rd 1 MiB buffer fails, with the
# kernel's line
expect exhaust 1 "kernel: cma: __cma_alloc: reserved: alloc failed, req-size: 256 pages, ret: -12" "^64 +reserved" -- $SOCMEM heap alloc reserved 1M --count 63
grep -q "allocation 63 of 1048576 bytes failed: Cannot allocate memory" "$T/err" || { echo "FAIL exhaust: no failure line"; fails=$((fails + 1)); }
expect log 0 "" "^cma: __cma_alloc: reserved: alloc failed" -- $SOCMEM daemon log
# the log starts as dmesg does: the early memory setup (no pr_debug lines)
[ "$(sed -n 1p "$T/out")" = "Reserved memory: created CMA memory pool at 0x00000000ff000000, size 12 MiB" ] &&
	grep -qx "cma: Reserved 64 MiB at 0x00000000f9c00000 on node -1" "$T/out" &&
	! grep -q "reserved region for node" "$T/out" ||
	{ echo "FAIL log: not the boot's lines first"; sed 's/^/  /' "$T/out" | head -5; fails=$((fails + 1)); }
expect info-empty 0 "" "" -- $SOCMEM heap info --raw --noheadings
[ ! -s "$T/out" ] || { echo "FAIL info-empty: buffers left: $(cat "$T/out")"; fails=$((fails + 1)); }
expect unknown-heap 1 "heap nope: no such heap .the emulated system has: system, reserved.$" "" -- $SOCMEM heap alloc nope 4K
expect bad-size 2 "heap alloc: 12Q: not a size" "" -- $SOCMEM heap alloc system 12Q
expect long-name 2 "at most 31 characters" "" -- $SOCMEM heap alloc --name abcdefghijklmnopqrstuvwxyz0123456 system 4K
expect no-verb 2 "no command given" "" -- $SOCMEM heap
expect bad-verb 2 "unknown command 'frob'" "" -- $SOCMEM heap frob
expect sysroot-alone 2 "--sysroot needs --device" "" -- $SOCMEM heap list --sysroot /
expect stop 0 "" "" -- $SOCMEM daemon stop
expect status-stopped 1 "" "not running" -- $SOCMEM daemon status
expect start-72 0 "" "Linux 7.2" -- $SOCMEM daemon start --kernel 7.2
expect list-72 0 "" "^default_cma_region +cma +254:1 +reserved" -- $SOCMEM heap list
expect reset 0 "" "" -- $SOCMEM reset
[ ! -e "$SOCMEM_STATE" ] || { echo "FAIL reset left $SOCMEM_STATE"; fails=$((fails + 1)); }
expect bad-board 2 "cannot start the emulated system: .*nope.dtb: No such file or directory" "" -- env SOCMEM_BOARD=$T/nope.dtb $SOCMEM heap list
expect bad-kernel 2 "--kernel 9: unknown kernel" "" -- $SOCMEM daemon start --kernel 9

# ---- --device on a recorded tree (--sysroot) ---------------------------
R=$T/root
mkdir -p "$R/dev/dma_heap" "$R/proc/42/fdinfo" "$R/proc/42/fd"
: >"$R/dev/dma_heap/system"; : >"$R/dev/dma_heap/reserved"
printf 'pos:\t0\nflags:\t02\nmnt_id:\t15\nino:\t7\nsize:\t1048576\ncount:\t1\nexp_name:\tsystem\nname:\tcam\n' >"$R/proc/42/fdinfo/5"
printf 'pos:\t0\nflags:\t02\n' >"$R/proc/42/fdinfo/1"
mkdir -p "$R/sys/kernel/debug/cma/reserved"
echo 1022976 >"$R/sys/kernel/debug/cma/reserved/base_pfn"
echo 16384 >"$R/sys/kernel/debug/cma/reserved/count"
echo 256 >"$R/sys/kernel/debug/cma/reserved/used"
: >"$R/dev/dma_heap/custom"
# the emulated system's columns; what the machine does not show is "?"
expect device-list-cma 0 "" "^reserved +cma +- +reserved +0xf9c00000 +64 MiB +1 MiB +0 +0 B$" -- $SOCMEM heap list --device --sysroot "$R"
expect device-list-system 0 "" "^system +system +- +- +- +- +- +1 +1 MiB$" -- $SOCMEM heap list --device --sysroot "$R"
expect device-list-unknown 0 "" "^custom +\\? +- +\\? +\\? +\\? +\\? +0 +0 B$" -- $SOCMEM heap list --device --sysroot "$R"
expect device-info 0 "" "^7 +system +1 MiB +cam +42:5$" -- $SOCMEM heap info --device --sysroot "$R"
expect device-missing 1 "/dev/dma_heap: No such file or directory" "" -- $SOCMEM heap list --device --sysroot "$T/empty"

[ $fails = 0 ] && echo "heap CLI: $n checks passed"
exit $((fails != 0))
