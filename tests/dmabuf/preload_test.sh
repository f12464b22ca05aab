#!/bin/sh
# preload_test.sh - libsocmem-preload.so inside programs it was not made
# for: unrelated paths and fds are untouched, `ls /dev/dma_heap` lists the
# heaps, fd numbers are the kernel's, and a board that cannot be read
# makes opening a heap fail with ENODEV and one stderr line naming the
# file and the reason - no crash, no daemon left behind.
# Usage: preload_test.sh SOCMEM PRELOAD GUIDE_FIXED SOURCE_DIR
set -u
SOCMEM=$1 PRELOAD=$2 GUIDE=$3 SRC=$4
RUN=$(dirname "$0")/run_emulated.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL $1"; [ -f "$T/err" ] && sed 's/^/  err: /' "$T/err"; [ -f "$T/out" ] && sed 's/^/  out: /' "$T/out"; fails=$((fails + 1)); }

# ---- unrelated work is untouched; the heap directory lists -------------
echo hello >"$T/plain"
sh "$RUN" "$SOCMEM" "$PRELOAD" sh -c "cat '$T/plain'; ls /dev/dma_heap; \
	ls /nonexistent-dir 2>/dev/null; echo rc=\$?" >"$T/out" 2>"$T/err"
printf 'hello\nreserved\nsystem\nrc=2\n' | cmp -s - "$T/out" || fail "cat/ls under the preload"
[ ! -s "$T/err" ] || fail "cat/ls: stderr not empty"

# ls -l sees character devices, as on devtmpfs
sh "$RUN" "$SOCMEM" "$PRELOAD" ls -l /dev/dma_heap >"$T/out" 2>"$T/err"
grep -Eq "^crw------- 1 root root 254, 0 .* system$" "$T/out" || fail "ls -l: system is not a char device 254:0"
[ ! -s "$T/err" ] || fail "ls -l: stderr not empty"

# on 7.2 the listing is the real 7.2's
SOCMEM_KERNEL=7.2 sh "$RUN" "$SOCMEM" "$PRELOAD" ls /dev/dma_heap >"$T/out" 2>"$T/err"
[ "$(tr '\n' ' ' <"$T/out")" = "adsp-heap default_cma_region my_cma reserved system " ] || fail "ls /dev/dma_heap on 7.2"

# the guide's driver on the guide's map: /dev/dma_heap/my_cma on 6.12
SOCMEM_BOARD=$SRC/examples/boards/seed-cma-heap.dts SOCMEM_CMDLINE=cma=64M \
	sh "$RUN" "$SOCMEM" "$PRELOAD" ls /dev/dma_heap >"$T/out" 2>"$T/err"
[ "$(tr '\n' ' ' <"$T/out")" = "my_cma reserved system " ] || fail "driver flow: my_cma"
SOCMEM_BOARD=$SRC/examples/boards/seed-cma-heap.dts SOCMEM_CMDLINE=cma=64M \
	sh "$RUN" "$SOCMEM" "$PRELOAD" env -u LD_PRELOAD "$SOCMEM" daemon log >"$T/out" 2>"$T/err"
grep -q "^socmem-cma-heap my-cma-heap: assigned reserved memory node my_cma$" "$T/out" || fail "driver flow: no dev_info line in the log"

# ---- a board that cannot be read ---------------------------------------
SOCMEM_STATE=$T/state-bad SOCMEM_BOARD=$T/no-such-board.dts SOCMEM_IDLE_EXIT=5 \
	LD_PRELOAD=$PRELOAD "$GUIDE" </dev/null >"$T/out" 2>"$T/err"
rc=$?
grep -q "^open: No such device$" "$T/err" || fail "bad board: open is not ENODEV"
[ "$(grep -c '^socmem: ' "$T/err")" = 1 ] || fail "bad board: not one socmem line"
grep -q "^socmem: cannot start the emulated system: .*no-such-board.dts: No such file or directory$" "$T/err" || fail "bad board: the line does not name the file and reason"
# (the status is errno after perror(), which glibc's perror may change)
[ $rc != 0 ] || fail "bad board: exit 0"
[ ! -e "$T/state-bad/socket" ] || fail "bad board: a socket was left"
"$SOCMEM" reset >/dev/null 2>&1

SOCMEM_STATE=$T/state-bad2 SOCMEM_KERNEL=9.9 LD_PRELOAD=$PRELOAD "$GUIDE" </dev/null >"$T/out" 2>"$T/err"
grep -q "^socmem: SOCMEM_KERNEL=9.9: unknown kernel" "$T/err" || fail "bad kernel: no line"
SOCMEM_STATE=$T/state-bad2 "$SOCMEM" reset

# ---- a state directory that is not private -----------------------------
mkdir -m 755 "$T/open"
SOCMEM_STATE=$T/open LD_PRELOAD=$PRELOAD "$GUIDE" </dev/null >"$T/out" 2>"$T/err"
grep -q "^socmem: state directory $T/open: must be owned by you with mode 0700" "$T/err" || fail "state dir 0755 accepted"

[ $fails = 0 ] && echo "preload: all checks passed"
exit $((fails != 0))
