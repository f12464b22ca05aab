#!/bin/bash
# Boot every edge case under CASES on each kernel in KCACHE, one boot at a time, and record
# what the kernel did, in the corpus layout: effective.dtb.gz, linux-<ver>.log.xz (compacted
# with oracle/compact_log.py), expect-<ver>.txt (oracle/memlines.sh of the log).
# Cases with a `loader` file saying "raw" boot through rawboot.sh (QEMU leaves their DTB
# alone); the others through oracle/boot.sh, exactly as the shared corpus was made.
# Usage: [ORACLE=/work/shared/oracle] run_edge.sh CASES KCACHE [CASE...]
set -uo pipefail
CASES=$1 KCACHE=$2; shift 2
ORACLE=${ORACLE:-/work/shared/oracle}
HERE=$(cd "$(dirname "$0")" && pwd)
list=("$@"); [ ${#list[@]} -gt 0 ] || list=($(ls "$CASES"))
for c in "${list[@]}"; do
  d=$CASES/$c
  [ -f "$d/input.dts" ] || continue
  dtc -q -I dts -O dtb -o "$d/input.dtb" "$d/input.dts" || { echo "dtc failed: $c"; continue; }
  boot="$ORACLE/boot.sh"
  # loader: "raw [LOAD_BASE]" (see rawboot.sh)
  read -r ldr lbase 2>/dev/null < "$d/loader" || true
  [ "${ldr:-}" = raw ] && boot="$HERE/rawboot.sh"
  export LOAD_BASE=${lbase:-0x40000000}; ldr="" lbase=""
  for k in "$KCACHE"/linux-*/; do
    v=$(basename "$k"); v=${v#linux-}
    [ -s "$d/linux-$v.log.xz" ] && continue
    eff=$d/effective.dtb.$v
    "$boot" "$k" "$d/input.dtb" "$(cat "$d/cmdline")" "$(cat "$d/ram")" "$eff" > "$d/linux-$v.log"
    "$ORACLE/compact_log.py" "$d/linux-$v.log"
    "$ORACLE/memlines.sh" < "$d/linux-$v.log" > "$d/expect-$v.txt"
    xz -9e -f "$d/linux-$v.log"
  done
  # every kernel got the same effective DTB (QEMU's rewrite does not depend on the kernel)
  first=""
  for e in "$d"/effective.dtb.[0-9]*; do
    [ -f "$e" ] || continue
    if [ -z "$first" ]; then first=$e; mv "$e" "$d/effective.dtb"
    else cmp -s "$e" "$d/effective.dtb" || echo "effective DTBs differ: $c ($e)"; rm -f "$e"; fi
  done
  [ -f "$d/effective.dtb" ] && gzip -9 -n -f "$d/effective.dtb"
  rm -f "$d/input.dtb"
  echo "done: $c"
done
