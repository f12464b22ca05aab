#!/bin/bash
# Run oracle/conformance.sh over the edge cases. conformance.sh wants linux-<ver>.log beside
# each case (it only reads expect-<ver>.txt when that exists); the edge cases keep their logs
# compressed (and effective.dtb gzipped), so a scratch tree stands in for them.
# Usage: conform.sh SOCMEM EDGE_DIR [KERNEL...]   (diffs: $CONFORMANCE_DIFFS, default conformance-diffs.txt)
set -uo pipefail
SOCMEM=$(realpath "$1") EDGE=$(realpath "$2"); shift 2
ORACLE=${ORACLE:-/work/shared/oracle}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
for d in "$EDGE"/*/; do
  c=$(basename "$d")
  if [ -f "$d/effective.dtb" ]; then mkdir "$T/$c"; ln -s "$d/effective.dtb" "$T/$c/effective.dtb"
  elif [ -f "$d/effective.dtb.gz" ]; then mkdir "$T/$c"; gzip -dc "$d/effective.dtb.gz" > "$T/$c/effective.dtb"
  else continue; fi
  for e in "$d"/expect-*.txt; do
    v=${e##*/expect-}; v=${v%.txt}
    ln -s "$e" "$T/$c/expect-$v.txt"; : > "$T/$c/linux-$v.log"
  done
done
"$ORACLE/conformance.sh" "$SOCMEM" "$T" "$@"
