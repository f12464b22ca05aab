#!/bin/bash
# record.sh KERNEL_CACHE CORPUS [CASE...] - boot Debian's arm64-16k kernels
# (KERNEL_CACHE/linux-<ver>/vmlinuz, fetched by fetch.sh, never
# installed) on corpus cases with ../shared/oracle/boot.sh under
# -cpu max (cortex-a57 has no 16 KiB granule), and write each case's
# effective.dtb.gz, cmdline, ram and expect-16k-<ver>.txt here. A boot
# that does not reach the memory map (an early oops) is not recorded.
set -euo pipefail
CACHE=$1 CORPUS=$2; shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
ORACLE=$HERE/../../../shared/oracle
BOOT=$(mktemp); trap 'rm -f "$BOOT"' EXIT
sed 's/-cpu cortex-a57/-cpu max/' "$ORACLE/boot.sh" > "$BOOT"
for c in "$@"; do
  for k in 6.12 7.3; do
    log=$(BOOT_WAIT_S=40 bash "$BOOT" "$CACHE/linux-$k" "$CORPUS/$c/effective.dtb" "$(cat "$CORPUS/$c/cmdline")" "$(cat "$CORPUS/$c/ram")" 2>&1 || true)
    grep -q 'Initmem setup node' <<<"$log" || { echo "$c $k: no memory map (skipped)"; continue; }
    mkdir -p "$HERE/cases/$c"
    gzip -9n < "$CORPUS/$c/effective.dtb" > "$HERE/cases/$c/effective.dtb.gz"
    cp "$CORPUS/$c/cmdline" "$CORPUS/$c/ram" "$HERE/cases/$c/"
    "$ORACLE/memlines.sh" <<<"$log" > "$HERE/cases/$c/expect-16k-$k.txt"
  done
done
