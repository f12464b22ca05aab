#!/bin/sh
# test-busybox.sh - print the path of a dynamically linked busybox for the
# shell tests: LD_PRELOAD cannot reach Debian's busybox-static, which is
# what /usr/bin/busybox often is. Debian's `busybox` package (dynamic) is
# unpacked into a cache, never installed (it would replace the static one).
# Exit 1, printing nothing, when it cannot be had.
set -eu
bb=${XDG_CACHE_HOME:-$HOME/.cache}/socmem-test/busybox/busybox
if [ ! -x "$bb" ]; then
	t=$(mktemp -d)
	trap 'rm -rf "$t"' EXIT
	(cd "$t" && apt-get download -qq busybox >/dev/null 2>&1) || exit 1
	dpkg-deb -x "$t"/busybox_*.deb "$t/x" || exit 1
	mkdir -p "$(dirname "$bb")"
	cp "$t/x/bin/busybox" "$bb"
fi
echo "$bb"
