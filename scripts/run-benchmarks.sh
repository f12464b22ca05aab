#!/bin/sh
# Run every benchmark; each prints its figures next to its baselines.
# Usage: scripts/run-benchmarks.sh BUILD_DIR
set -u
B=$1
HERE=$(cd "$(dirname "$0")/.." && pwd)
ORACLE=$HERE/../shared/oracle
CORPUS=$HERE/tests/corpus/cases
[ -d "$ORACLE/corpus" ] && CORPUS=$ORACLE/corpus
echo "== boot"
"$B/bench/boot/bench_boot" "$B/tools/socmem/socmem" "$CORPUS" "$ORACLE"
for b in "$B"/bench/*/bench_*; do
	case "$b" in */bench_boot) continue ;; esac
	[ -x "$b" ] || continue
	echo "== $(basename "$b")"
	"$b" "$HERE" || echo "(benchmark $b failed)"
done
