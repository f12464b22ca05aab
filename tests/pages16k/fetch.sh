#!/bin/bash
# fetch.sh SUITE DIR - download (never install) Debian's arm64-16k kernel
# image of SUITE into DIR/vmlinuz, the way ../shared/oracle/kernels.sh
# fetches the 4K ones: a private apt state for [arch=arm64] SUITE, the
# linux-image-arm64-16k metapackage's dependency, dpkg-deb -x.
# 6.12: trixie (6.12.117+deb13-arm64-16k); 7.3: trixie-backports.
set -euo pipefail
SUITE=$1 DIR=$2
URI=$(grep -hoE '^URIs: *[^ ]+/debian$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
[ -n "$URI" ] || URI=$(grep -hoE '^deb +[^ ]+/debian ' /etc/apt/sources.list | head -1 | awk '{print $2}')
ST=$(mktemp -d); trap 'rm -rf "$ST"' EXIT
mkdir -p "$ST/lists/partial" "$DIR"
echo "deb [arch=arm64] $URI $SUITE main" > "$ST/sources.list"
A=(-o Dir::Etc::sourcelist="$ST/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$ST/lists")
apt-get "${A[@]}" update -qq
meta=$(apt-cache "${A[@]}" depends linux-image-arm64-16k:arm64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
( cd "$ST" && apt-get "${A[@]}" download "$meta" -qq )
for p in $(dpkg-deb -f "$ST"/*.deb Depends | tr ',' '\n' | grep -oE 'linux-(binary|modules|base)-[0-9][^ ]+' || true); do
  ( cd "$ST" && apt-get "${A[@]}" download "$p:arm64" -qq ); done
for f in "$ST"/*.deb; do dpkg-deb -x "$f" "$ST/x"; done
cp "$(find "$ST/x" -name 'vmlinuz*' | head -1)" "$DIR/vmlinuz"
cp "$(find "$ST/x" \( -name 'config-*' -o -path '*/modules/*/config' \) | head -1)" "$DIR/config"
echo "$meta from $SUITE" > "$DIR/source"
