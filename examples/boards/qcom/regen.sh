#!/bin/sh
# regen.sh - rebuild the nine Qualcomm DTBs of this folder from Linux
# 6.12's own sources, the way the kernel's build compiles them (cpp with
# the kernel's include paths, then dtc), gzipped.
# Usage: examples/boards/qcom/regen.sh [TARBALL]
#   TARBALL  linux-source-6.12.tar.xz (default: /usr/src/, from Debian's
#            linux-source-6.12 package: apt-get install linux-source-6.12)
# Only arch/arm64/boot/dts/qcom, the arm/ cros-ec includes, include/dt-bindings
# and the two uapi input headers are extracted, into a temporary directory.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TARBALL=${1:-/usr/src/linux-source-6.12.tar.xz}
BOARDS="qcs6490-rb3gen2 qcm6490-idp sm8550-qrd sm8450-hdk sm8650-qrd
qrb5165-rb5 sdm845-db845c sc7280-herobrine-crd sc7280-herobrine-villager-r1"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
top=$(tar tJf "$TARBALL" | head -1 | cut -d/ -f1)
tar xJf "$TARBALL" -C "$T" --wildcards \
	"$top/arch/arm64/boot/dts/qcom/*" "$top/arch/arm/boot/dts/cros-*.dtsi" \
	"$top/include/dt-bindings/*" "$top/scripts/dtc/include-prefixes/*" \
	"$top/include/uapi/linux/input-event-codes.h"
K=$T/$top
for b in $BOARDS; do
	cpp -nostdinc -undef -x assembler-with-cpp -D__DTS__ \
		-I "$K/arch/arm64/boot/dts/qcom" -I "$K/scripts/dtc/include-prefixes" \
		-I "$K/include" "$K/arch/arm64/boot/dts/qcom/$b.dts" -o "$T/$b.pp"
	dtc -q -I dts -O dtb -o "$T/$b.dtb" "$T/$b.pp"
	gzip -9nc "$T/$b.dtb" > "$HERE/$b.dtb.gz"
	echo "$b.dtb.gz"
done
