#!/bin/sh
# regen.sh - build the nine Qualcomm DTBs of this folder from the Linux 6.12
# sources vendored under src/, the way the kernel's build compiles them
# (cpp with the kernel's include paths, then dtc), gzipped.
# Usage: examples/boards/qcom/regen.sh [--vendor TARBALL]
#   --vendor TARBALL  first refresh src/ from linux-source-6.12.tar.xz
#                     (Debian's linux-source-6.12: apt-get download it and
#                     dpkg-deb -x it): the boards' .dts, and only the .dtsi
#                     and headers they include, as cpp -M lists them.
# src/qcom is the kernel's arch/arm64/boot/dts/qcom, src/include its
# scripts/dtc/include-prefixes (dt-bindings/, arm/), so the include paths
# are the kernel's: -I src/qcom -I src/include.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$HERE/src
BOARDS="qcs6490-rb3gen2 qcm6490-idp sm8550-qrd sm8450-hdk sm8650-qrd
qrb5165-rb5 sdm845-db845c sc7280-herobrine-crd sc7280-herobrine-villager-r1"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

# cpp as the kernel's scripts/Makefile.lib runs it for a .dts
dtcpp() { # SRCDIR DTSDIR INCDIR FILE [cpp options]
	d=$1 q=$2 i=$3 f=$4; shift 4
	cpp -nostdinc -undef -x assembler-with-cpp -D__DTS__ \
		-I "$d/$q" -I "$d/$i" "$@" "$d/$q/$f.dts"
}

if [ "${1:-}" = --vendor ]; then
	TARBALL=$2
	top=$(tar tJf "$TARBALL" | head -1 | cut -d/ -f1)
	tar xJf "$TARBALL" -C "$T" --wildcards \
		"$top/Makefile" "$top/arch/arm64/boot/dts/qcom/*" \
		"$top/arch/arm/boot/dts/cros-*.dtsi" "$top/include/dt-bindings/*" \
		"$top/scripts/dtc/include-prefixes/*" \
		"$top/include/uapi/linux/input-event-codes.h"
	K=$T/$top
	rm -rf "$SRC/qcom" "$SRC/include"
	for b in $BOARDS; do
		dtcpp "$K" arch/arm64/boot/dts/qcom scripts/dtc/include-prefixes \
			"$b" -M -MT x
	done | tr ' \\' '\n\n' | grep -v -e '^x:$' -e '^$' | sort -u |
	while read -r f; do
		case $f in
		"$K"/arch/arm64/boot/dts/qcom/*) to=qcom/${f#"$K"/arch/arm64/boot/dts/qcom/} ;;
		"$K"/scripts/dtc/include-prefixes/*) to=include/${f#"$K"/scripts/dtc/include-prefixes/} ;;
		*) echo "regen.sh: $f: not under the kernel's include paths" >&2; exit 1 ;;
		esac
		mkdir -p "$SRC/$(dirname "$to")"
		# -L: dt-bindings/input/linux-event-codes.h is a symlink into uapi
		cp -L "$f" "$SRC/$to"
	done
	v=$(sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p; s/^SUBLEVEL = //p' "$K/Makefile" | paste -sd.)
	echo "Linux $v ($(basename "$TARBALL"))" > "$SRC/VERSION"
	echo "src/: $(find "$SRC" -type f | wc -l) files, $(du -sb "$SRC" | cut -f1) bytes"
fi

for b in $BOARDS; do
	dtcpp "$SRC" qcom include "$b" -o "$T/$b.pp"
	dtc -q -I dts -O dtb -o "$T/$b.dtb" "$T/$b.pp"
	gzip -9nc "$T/$b.dtb" > "$HERE/$b.dtb.gz"
	echo "$b.dtb.gz"
done
