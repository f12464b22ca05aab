#!/bin/bash
# cli_swap_test.sh SOCMEM SRCDIR - swap on zram in `socmem mem run`
# scripts: the guide's steps and memory pressure on every kernel (the
# scripts' own expect lines check the figures), the kernel's errnos for
# the usual mistakes, and scripts that cannot run: exit 2 and one line
# naming the file and line, nothing run.
set -u
S=$1 SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SMALL=$SRC/tests/mm/boards/small.dts
D=$SRC/tests/zram/scripts
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# expect STATUS PATTERN -- command...: exit status and a stderr line
expect() {
	local want=$1 pat=$2 rc
	shift 3
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
	if [ "$rc" != "$want" ] || ! grep -qE -- "$pat" "$T/err"; then
		fail "$* -> rc $rc (want $want), stderr: $(cat "$T/err")"
	fi
}

for k in 6.1 6.12 7.2; do
	"$S" mem run -k "$k" "$D/guide.sm" "$SMALL" > "$T/out" 2> "$T/err" ||
		fail "guide.sm on $k: $(cat "$T/err")"
	prio=-2; [ "$k" = 7.2 ] && prio=-1
	flags=SS; [ "$k" = 6.1 ] && flags=SSFS
	printf '/dev/zram0                              partition\t131068\t\t0\t\t%s\n' "$prio" > "$T/want"
	grep -qxF -f "$T/want" "$T/out" || fail "$k: /proc/swaps line"
	grep -qx "Adding 131068k swap on /dev/zram0.  Priority:$prio extents:1 across:131068k $flags" "$T/out" ||
		fail "$k: the swapon line"
	grep -qx "zram: Removed device: zram0" "$T/out" || fail "$k: modprobe -r"
	grep -qE "^guide.sm|touch app: 62000 pages written" "$T/out" || fail "$k: touch line"
	"$S" mem run -k "$k" "$D/errors.sm" "$SMALL" > "$T/out" 2> "$T/err" ||
		fail "errors.sm on $k: $(cat "$T/err")"
done

# nothing is swap at boot
"$S" mem swaps "$SMALL" > "$T/out" 2>&1 || fail "mem swaps"
printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' | cmp -s - "$T/out" ||
	fail "mem swaps: $(cat "$T/out")"

# scripts that cannot run
expect 2 "bad-echo.sm:2: usage: echo VALUE > /sys/block/zram<N>/ATTR" -- \
	"$S" mem run "$D/bad-echo.sm" "$SMALL"
expect 2 "bad-var.sm:2: unknown variable 'zram0.mm_stat.nosuch'" -- \
	"$S" mem run "$D/bad-var.sm" "$SMALL"
expect 2 "bad-touch.sm:2: 'a' \\(line 1\\) is not a mapping \\(mmap\\)" -- \
	"$S" mem run "$D/bad-touch.sm" "$SMALL"
expect 2 "bad-swapon.sm:3: swapon: priority must be -1..32767" -- \
	"$S" mem run "$D/bad-swapon.sm" "$SMALL"
expect 2 "bad-cmd.sm:2: unknown command 'zramctl'" -- \
	"$S" mem run "$D/bad-cmd.sm" "$SMALL"
printf 'mmap m 0\n' > "$T/s.sm"
expect 2 "s.sm:1: mmap: '0' is not a page count" -- "$S" mem run "$T/s.sm" "$SMALL"
printf 'mmap m 8 data gzip\n' > "$T/s.sm"
expect 2 "s.sm:1: mmap: unknown data 'gzip'" -- "$S" mem run "$T/s.sm" "$SMALL"
printf 'mmap m 8\ntouch m 2 0\n' > "$T/s.sm"
expect 2 "s.sm:2: touch: COUNT must be at least 1" -- "$S" mem run "$T/s.sm" "$SMALL"
printf 'mmap m 8\nfree m\n' > "$T/s.sm"
expect 2 "s.sm:2: 'm' \\(line 1\\) is a mapping: use munmap" -- "$S" mem run "$T/s.sm" "$SMALL"
printf 'modprobe zram num_devices=0x\n' > "$T/s.sm"
expect 2 "s.sm:1: modprobe zram: num_devices must be 1..4096" -- "$S" mem run "$T/s.sm" "$SMALL"
printf 'reclaim lots\n' > "$T/s.sm"
expect 2 "s.sm:1: reclaim: 'lots' is not a page count" -- "$S" mem run "$T/s.sm" "$SMALL"
# a run-time failure stops with the line (exit 1)
printf 'mmap m 8\ntouch m 6 4\n' > "$T/s.sm"
expect 1 "s.sm:2: touch m: pages 6..9 are outside its 8" -- "$S" mem run "$T/s.sm" "$SMALL"
printf 'modprobe zram\nexpect zram0.disksize == 1\n' > "$T/s.sm"
expect 1 "s.sm:2: expect failed: expect zram0.disksize == 1 \\(0 vs 1\\)" -- \
	"$S" mem run "$T/s.sm" "$SMALL"

[ $fails = 0 ] && echo "cli swap: all checks passed"
exit $((fails != 0))
