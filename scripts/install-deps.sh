#!/bin/sh
# Install the Debian packages socmem builds and tests with, if missing.
# Usage: scripts/install-deps.sh [--test]   (--test: also what the tests need)
set -eu
pkgs="build-essential cmake pkg-config device-tree-compiler libfdt-dev
      libsmartcols-dev liblz4-dev libzstd-dev zlib1g-dev liblzo2-dev"
[ "${1:-}" = "--test" ] && pkgs="$pkgs clang libclang-rt-14-dev chromium util-linux python3"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
