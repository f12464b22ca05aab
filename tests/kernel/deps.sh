#!/bin/sh
# deps.sh - install what the kernel-in-the-loop suite needs (QEMU for
# arm64, the cross compiler, cpio) and an arm64 busybox-static unpacked
# into a cache (installing busybox-static:arm64 would replace the host's
# own busybox).
# Usage: deps.sh            install
#        deps.sh --busybox  print the arm64 busybox's path (fetch if needed)
#        deps.sh --check    exit 0 when everything is there, else print
#                           what is missing and exit 77
set -eu
cache=${XDG_CACHE_HOME:-$HOME/.cache}/socmem-kernel
bb=$cache/busybox-arm64/busybox
missing() {
	for c in qemu-system-aarch64 aarch64-linux-gnu-gcc cpio; do
		command -v "$c" >/dev/null || echo "$c"
	done
}
fetch_busybox() {
	[ -x "$bb" ] && return 0
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		{ dpkg --add-architecture arm64 && apt-get update -qq; }
	t=$(mktemp -d)
	(cd "$t" && apt-get download -qq busybox-static:arm64 2>/dev/null)
	dpkg-deb -x "$t"/busybox-static_*.deb "$t/x"
	mkdir -p "$(dirname "$bb")"
	cp "$t/x/bin/busybox" "$bb"
	rm -rf "$t"
}
case "${1:-}" in
--busybox) fetch_busybox >&2; echo "$bb"; exit 0 ;;
--check)
	m=$(missing)
	[ -z "$m" ] || { echo "missing:" $m; exit 77; }
	exit 0 ;;
esac
m=$(missing)
if [ -n "$m" ]; then
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
		qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross cpio
fi
fetch_busybox
