#!/bin/sh
# Run every benchmark in full; each prints its figures next to its
# baselines from the same run. Exits 1 if any benchmark failed (could not
# measure what it says), after running the others.
# Usage: scripts/run-benchmarks.sh BUILD_DIR
set -u
B=$1
HERE=$(cd "$(dirname "$0")/.." && pwd)
ORACLE=$HERE/../shared/oracle
CORPUS=$HERE/tests/corpus/cases
[ -d "$ORACLE/corpus" ] && CORPUS=$ORACLE/corpus
failed=
echo "== bench_boot"
"$B/bench/boot/bench_boot" "$B/tools/socmem/socmem" "$CORPUS" "$ORACLE" ||
	failed="$failed bench_boot"
if [ -x "$B/bench/start/bench_start" ]; then
	echo "== bench_start"
	"$B/bench/start/bench_start" "$B/tools/socmem/socmem" "$HERE" ||
		failed="$failed bench_start"
fi
for b in "$B"/bench/*/bench_*; do
	case "$b" in */bench_boot | */bench_start) continue ;; esac
	[ -x "$b" ] || continue
	echo "== $(basename "$b")"
	"$b" "$HERE" || failed="$failed $(basename "$b")"
done
if [ -n "$failed" ]; then
	echo "benchmarks that failed:$failed" >&2
	exit 1
fi
