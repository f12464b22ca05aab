#!/bin/bash
# efi-vendor.sh - copy the recorded efi-* cases (scripts/efi-corpus.sh) into
# the test tree, small: the input DTB and each early log gzipped, the logs
# first shrunk by the oracle's compact_log.py (the page tables' thousands of
# 4 KiB allocations become one note; every memory line stays), with the
# expect files, command line and RAM size. Only a case recorded on every
# kernel given is copied, so the vendored family is the same for each.
#
# Usage: scripts/efi-vendor.sh ORACLE_DIR RECORDED_DIR DEST_DIR KERNEL...
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 ORACLE_DIR RECORDED_DIR DEST_DIR KERNEL..." >&2; exit 2; }
ORACLE=$1 SRC=$2 DEST=$3; shift 3
n=0 skipped=0
for d in "$SRC"/efi-*/; do
	c=$(basename "$d")
	complete=1
	for k in "$@"; do
		[ -s "$d/expect-$k.txt" ] && [ -s "$d/linux-$k.log" ] || complete=0
	done
	[ $complete = 1 ] || { skipped=$((skipped + 1)); continue; }
	o=$DEST/$c; mkdir -p "$o"
	cp "$d/cmdline" "$d/ram" "$o/"
	gzip -9nc "$d/input.dtb" > "$o/input.dtb.gz"
	for k in "$@"; do
		cp "$d/expect-$k.txt" "$o/"
		cp "$d/linux-$k.log" "$o/log.tmp"
		python3 "$ORACLE/compact_log.py" "$o/log.tmp"
		gzip -9nc "$o/log.tmp" > "$o/linux-$k.log.gz"; rm -f "$o/log.tmp"
	done
	n=$((n + 1))
done
echo "vendored $n cases into $DEST ($skipped not recorded on every kernel: $*)"
