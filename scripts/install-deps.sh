#!/bin/sh
# Install the Debian packages socmem builds and tests with, if missing.
# Usage: scripts/install-deps.sh [--test|--fuzz]
#   --test: also what the tests need; --fuzz: also clang and its libFuzzer
set -eu
pkgs="build-essential cmake pkg-config device-tree-compiler libfdt-dev
      libsmartcols-dev liblz4-dev libzstd-dev zlib1g-dev liblzo2-dev"
case "${1:-}" in
--test) pkgs="$pkgs chromium util-linux mount kmod python3 strace zsh mksh
		zram-tools systemd-zram-generator" ;;
--fuzz)
	pkgs="$pkgs clang"
	# libFuzzer ships in the clang runtime of the installed clang's version
	if command -v clang >/dev/null; then
		v=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
		[ -n "$v" ] && pkgs="$pkgs libclang-rt-$v-dev"
	fi ;;
esac
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
