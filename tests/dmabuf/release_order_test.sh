#!/bin/sh
# release_order_test.sh - the emulated board is deterministic across runs
# when a program frees dma-bufs in bursts: the kernel frees a buffer at its
# last close(), in the program's order, and the preload waits for socmemd
# to release each one (SM_CORE_SYNC) instead of leaving the hang-ups to
# epoll's order. probe_cma allocates, fragments and frees CMA buffers in
# bursts; probe_cma_pressure then lends CMA to zram pages and makes a CMA
# allocation that migrates them, which shows the order of the free lists.
# Six runs on fresh emulated boards must print the same. (Without the
# sync, 3 of 6 such runs differed: 64128, 61056 or 56960 kB.)
# Usage: release_order_test.sh SOCMEM PRELOAD PROBE_DIR SOURCE_DIR
set -u
SOCMEM=$1 PRELOAD=$2 PROBES=$3 SRC=$4
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export SOCMEM_BOARD=$SRC/examples/boards/seed.dts SOCMEM_KERNEL=6.12
export SOCMEM_CMDLINE="cma=64M mem=256M"
fails=0
for i in 1 2 3 4 5 6; do
	sh "$SRC/tests/dmabuf/run_emulated.sh" "$SOCMEM" "$PRELOAD" sh -c \
		"$PROBES/probe_cma >/dev/null && $PROBES/probe_cma_pressure default 40" \
		>"$T/run$i" 2>&1 || { echo "FAIL run $i: exit $?"; sed 's/^/  /' "$T/run$i"; fails=$((fails + 1)); }
	grep -q '^after-alloc: CmaFree drop' "$T/run$i" ||
		{ echo "FAIL run $i: no allocation under pressure"; sed 's/^/  /' "$T/run$i"; fails=$((fails + 1)); }
	cmp -s "$T/run1" "$T/run$i" || {
		echo "FAIL run $i differs from run 1:"
		diff "$T/run1" "$T/run$i" | sed 's/^/  /'
		fails=$((fails + 1))
	}
done
grep '^after-alloc' "$T/run1"
[ "$fails" -eq 0 ] && echo "6 runs, the same output"
[ "$fails" -eq 0 ]
