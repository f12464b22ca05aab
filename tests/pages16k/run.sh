#!/bin/sh
# run.sh SOCMEM DIR - 16 KiB pages against Debian's arm64-16k kernels.
# Every case (DIR/cases/<case>/) holds a DTB that the 6.12 and 7.3
# arm64-16k kernels booted under QEMU (-cpu max), its command line and
# RAM, and expect-16k-<ver>.txt: the memory lines those kernels printed
# (the logs stay out of git; record.sh makes them again). The model must
# print the same lines with --page-size 16K, exactly.
set -u
SOCMEM=$1 DIR=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0 fail=0

# the early-memory lines of a boot log, as the oracle compares them
memlines() {
	sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' | tr -d '\r' | grep -aE \
	'^(OF: reserved mem|OF: fdt|Reserved memory:|cma:|NUMA: Faking a node|Zone ranges:|  (DMA|DMA32|Normal|Movable|Device) |Movable zone start|Early memory node ranges|  node +[0-9]+: \[mem |Initmem setup node )|^[^ ]+ \(0x[0-9a-f]+--0x[0-9a-f]+\) overlaps with ' || true
}

for c in "$DIR"/cases/*/; do
	c=${c%/}
	for want in "$c"/expect-16k-*.txt; do
		[ -f "$want" ] || continue
		k=${want##*/expect-16k-}; k=${k%.txt}
		"$SOCMEM" boot --page-size 16K --kernel "$k" --format log \
			"$c/effective.dtb.gz" 2>"$T/err" | memlines > "$T/got"
		if cmp -s "$want" "$T/got"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL 16k/$k/$(basename "$c")"
			diff "$want" "$T/got" | head -6
		fi
	done
done
echo "$pass passed, $fail failed"
[ $((pass + fail)) -gt 0 ] || { echo "no cases"; exit 1; }
[ "$fail" -eq 0 ]
