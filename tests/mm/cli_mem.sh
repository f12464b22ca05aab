#!/bin/bash
# cli_mem.sh SOCMEM SRCDIR - `socmem mem`: output on good input, and on bad
# input a clear one-line error naming the file and line, the right exit
# status (2: could not run, 1: ran and a check failed), nothing run.
set -u
S=$1 SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SEED=$SRC/examples/boards/seed.dts
SMALL=$SRC/tests/mm/boards/small.dts
fails=0

# expect STATUS PATTERN -- command...: exit status and a stderr line
expect() {
	local want=$1 pat=$2 rc
	shift 3
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
	if [ "$rc" != "$want" ] || ! grep -qE -- "$pat" "$T/err"; then
		echo "FAIL: $* -> rc $rc (want $want), stderr:" >&2
		cat "$T/err" >&2
		fails=$((fails + 1))
	fi
}

script() { printf '%s\n' "$@" > "$T/s.sm"; }

# usage errors
expect 2 "no command given" -- "$S" mem
expect 2 "'bogus' is not a mem command" -- "$S" mem bogus "$SEED"
expect 2 "need one board file" -- "$S" mem meminfo
expect 2 "need a script and a board file" -- "$S" mem run "$SEED"
expect 2 "unrecognized option" -- "$S" mem meminfo --bogus "$SEED"
expect 2 "--kernel 5.4: unknown kernel" -- "$S" mem meminfo --kernel 5.4 "$SEED"
expect 2 "--pageblock-order 11" -- "$S" mem meminfo --pageblock-order 11 "$SEED"
# unreadable inputs, named as socmem boot names them
expect 2 "/nonexistent.dts" -- "$S" mem meminfo /nonexistent.dts
expect 2 "$T/none.sm: No such file" -- "$S" mem run "$T/none.sm" "$SEED"
expect 2 "^socmem: $T: Is a directory$" -- "$S" mem run "$T" "$SEED"

# script errors found before anything runs: file:line: reason
script "alloc a 10" "show meminfo" "alocc b 1"
expect 2 "s.sm:3: unknown command 'alocc'" -- "$S" mem run "$T/s.sm" "$SMALL"
[ -s "$T/out" ] && { echo "FAIL: a bad script ran" >&2; fails=$((fails + 1)); }
script "alloc a 10" "free a" "free a"
expect 2 "s.sm:3: 'a' is not allocated" -- "$S" mem run "$T/s.sm" "$SMALL"
script "cma-release nothing"
expect 2 "s.sm:1: 'nothing' is not allocated" -- "$S" mem run "$T/s.sm" "$SMALL"
script "alloc a 1" "cma-release a"
expect 2 "s.sm:2: 'a' \(line 1\) was not allocated by cma" -- "$S" mem run "$T/s.sm" "$SMALL"
script "cma c camera 1" "free c"
expect 2 "s.sm:2: 'c' \(line 1\) is a CMA allocation" -- "$S" mem run "$T/s.sm" "$SMALL"
script "alloc a 1" "alloc a 2"
expect 2 "s.sm:2: 'a' is already allocated \(line 1\)" -- "$S" mem run "$T/s.sm" "$SMALL"
script "alloc a 10 order x"
expect 2 "s.sm:1: order needs an order" -- "$S" mem run "$T/s.sm" "$SMALL"
script "alloc a ten"
expect 2 "s.sm:1: alloc: 'ten' is not a block count" -- "$S" mem run "$T/s.sm" "$SMALL"
script "alloc a 1 zone high"
expect 2 "s.sm:1: unknown zone 'high'" -- "$S" mem run "$T/s.sm" "$SMALL"
script "show everything"
expect 2 "s.sm:1: show: unknown report 'everything'" -- "$S" mem run "$T/s.sm" "$SMALL"
script "expect last"
expect 2 "s.sm:1: expect needs TERM OP TERM" -- "$S" mem run "$T/s.sm" "$SMALL"
script "expect last == -EWHAT"
expect 2 "s.sm:1: '-EWHAT' is not a number" -- "$S" mem run "$T/s.sm" "$SMALL"
# ... and those found against the board, also before anything runs
script "alloc a 10" "cma c nope 16"
expect 2 "s.sm:2: unknown CMA area 'nope' \(this board has: camera, reserved\)" -- \
	"$S" mem run "$T/s.sm" "$SMALL"
[ -s "$T/out" ] && { echo "FAIL: a bad script ran" >&2; fails=$((fails + 1)); }
script "alloc a 1" "alloc b 1 order 12"
expect 2 "s.sm:2: order 12 is above the highest order 10" -- "$S" mem run "$T/s.sm" "$SMALL"
script "expect cma.nope.used == 0"
expect 2 "s.sm:1: unknown variable 'cma.nope.used'" -- "$S" mem run "$T/s.sm" "$SMALL"
script "expect zone.Normal.bogus == 0"
expect 2 "s.sm:1: unknown variable" -- "$S" mem run "$T/s.sm" "$SMALL"

# errors while running: exit 1, the line named
script "alloc a 1" "pin a" "free a"
expect 1 "s.sm:3: free a: block at pfn 0x[0-9a-f]+: .*\(pinned: unpin it\)" -- \
	"$S" mem run "$T/s.sm" "$SMALL"
script "alloc a 1" "unpin a"
expect 1 "s.sm:2: unpin a: .*\(not pinned\)" -- "$S" mem run "$T/s.sm" "$SMALL"
script "cma c camera 4096" "pin c"
expect 1 "s.sm:2: 'c' is not allocated \(its allocation failed" -- \
	"$S" mem run "$T/s.sm" "$SMALL"
script "alloc a 1" "expect cma.camera.used == 5120"
expect 1 "s.sm:2: expect failed: expect cma.camera.used == 5120 \(0 vs 5120\)" -- \
	"$S" mem run "$T/s.sm" "$SMALL"

# good input
for k in 6.1 6.12 7.2; do
	"$S" mem meminfo --kernel $k --cmdline cma=64M "$SEED" > "$T/mi" ||
		{ echo "FAIL: meminfo $k" >&2; fails=$((fails + 1)); }
	grep -qx "CmaTotal:          98304 kB" "$T/mi" ||
		{ echo "FAIL: CmaTotal on $k" >&2; fails=$((fails + 1)); }
done
# the atomic DMA pools hold the area's first pages: 3 x 128 on 6.12
"$S" mem cma --kernel 6.12 --cmdline cma=64M "$SEED" > "$T/cma"
grep -qE "^reserved +0xf9c00000 +64 MiB +16384 +384 +16000 +- +- +-$" "$T/cma" ||
	{ echo "FAIL: mem cma 6.12 table" >&2; cat "$T/cma" >&2; fails=$((fails + 1)); }
"$S" mem cma --kernel 7.2 --cmdline cma=64M "$SEED" > "$T/cma"
grep -qE "^reserved +0xf9c00000 +64 MiB +16384 +256 +16128 +256 +0 +0$" "$T/cma" ||
	{ echo "FAIL: mem cma 7.2 table" >&2; cat "$T/cma" >&2; fails=$((fails + 1)); }
"$S" mem pagetypeinfo --kernel 7.2 --cmdline cma=64M "$SEED" > "$T/pt"
grep -qE "^Node 0, zone      DMA +0 +1488 +0 +0 +48 +0 $" "$T/pt" ||
	{ echo "FAIL: pagetypeinfo block counts" >&2; fails=$((fails + 1)); }
script "alloc a 10" "expect a.blocks == 10" "show buddyinfo"
"$S" mem run "$T/s.sm" "$SMALL" > "$T/out" ||
	{ echo "FAIL: a good script failed" >&2; fails=$((fails + 1)); }
grep -q "^Node 0, zone   Normal " "$T/out" ||
	{ echo "FAIL: show buddyinfo" >&2; fails=$((fails + 1)); }
"$S" mem --help | grep -q "^ socmem mem run" ||
	{ echo "FAIL: --help" >&2; fails=$((fails + 1)); }

[ $fails = 0 ] && echo "cli_mem: all passed"
exit $((fails > 0))
