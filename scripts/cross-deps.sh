#!/bin/sh
# Install what `make cross` needs to build socmem for arm64: Debian's cross
# compiler and the :arm64 multiarch development packages of socmem's
# libraries. libfdt-dev is not Multi-Arch: same (its arm64 package would
# replace the host's), so its arm64 files are unpacked into SYSROOT instead.
# Usage: scripts/cross-deps.sh SYSROOT
set -eu
sysroot=$1
pkgs="gcc-aarch64-linux-gnu libc6-dev-arm64-cross liblz4-dev:arm64
      libzstd-dev:arm64 zlib1g-dev:arm64 libsmartcols-dev:arm64
      liblzo2-dev:arm64 libfdt1:arm64"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$SUDO dpkg --add-architecture arm64
	$SUDO apt-get update -qq
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	# shellcheck disable=SC2086
	$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing
fi
if [ ! -f "$sysroot/usr/lib/aarch64-linux-gnu/libfdt.a" ]; then
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq libfdt-dev:arm64 libfdt1:arm64 2>/dev/null)
	mkdir -p "$sysroot"
	for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$sysroot"; done
	rm -rf "$tmp"
fi
