#!/bin/sh
# make-dtbs.sh - rebuild every field case's board.dtb.gz from Linux 6.12's
# upstream sources (Debian's linux-source-6.12), the way the kernel's own
# dtbs target builds them: cpp with the kernel's include paths, then dtc.
# Usage: tests/field/make-dtbs.sh [/usr/src/linux-source-6.12.tar.xz | DIR]
# (DIR: an already extracted linux-source-6.12 tree)
# Each case names its source in meta.txt ("dts: <vendor>/<board>.dts").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tarball=${1:-/usr/src/linux-source-6.12.tar.xz}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -d "$tarball" ]; then
	src=$tarball
else
	# dt-bindings/input/linux-event-codes.h links into include/uapi
	tar -xJf "$tarball" -C "$work" --wildcards \
		'linux-source-6.12/arch/arm64/boot/dts/*' \
		'linux-source-6.12/arch/arm/boot/dts/*' \
		'linux-source-6.12/include/dt-bindings/*' \
		'linux-source-6.12/include/uapi/linux/input-event-codes.h' \
		'linux-source-6.12/scripts/dtc/include-prefixes/*'
	src=$work/linux-source-6.12
fi
for meta in "$here"/*/meta.txt; do
	case=$(dirname "$meta")
	dts=$(sed -n 's/^dts: *//p' "$meta")
	[ -n "$dts" ] || continue
	cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp \
		-I "$src/include" -I "$src/arch/arm64/boot/dts" \
		-I "$src/scripts/dtc/include-prefixes" \
		"$src/arch/arm64/boot/dts/$dts" 2>/dev/null |
		dtc -q -I dts -O dtb -o "$work/board.dtb" -
	gzip -9n <"$work/board.dtb" >"$case/board.dtb.gz"
	echo "$(basename "$case"): $dts"
done
