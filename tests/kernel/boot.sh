#!/bin/bash
# boot.sh - boot a real arm64 kernel under QEMU on a board DTB with an
# initramfs of busybox, the given programs (with the shared libraries the
# dynamically linked ones need) and a list of commands to run; split what
# each command printed into OUTDIR.
#
# Usage: boot.sh IMAGE DTB CMDLINE OUTDIR PROBES [FILE...]
#   PROBES  lines "NAME COMMAND..." run in order by /init (busybox sh)
#   FILE    copied to /bin (arm64 programs, scripts); a file given as
#           SRC=DEST lands at DEST
# Env: KL_RAM (QEMU -m, default 4G), KL_BUSYBOX (an arm64 busybox-static),
#      KL_TIMEOUT (seconds, default 300), KL_SMP (default 2)
# Writes OUTDIR/console.log, OUTDIR/NAME.out and OUTDIR/NAME.rc; exits 0
# when the boot reached the end of the list, 1 otherwise.
set -euo pipefail
img=$1 dtb=$2 cmdline=$3 out=$4 probes=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
busybox=${KL_BUSYBOX:-$("$here/deps.sh" --busybox)}
root=$(mktemp -d "${TMPDIR:-/tmp}/kl-root.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr,dev,proc,sys,tmp,lib,etc} "$out"
# merged /usr, as on Debian: /usr/bin/test is busybox's test
ln -s ../bin "$root/usr/bin"
ln -s ../sbin "$root/usr/sbin"
cp "$busybox" "$root/bin/busybox"
cp "$here/init" "$root/init"
chmod +x "$root/init"
cp "$probes" "$root/probes"

# The loader and libraries a dynamically linked arm64 program needs, found
# where Debian's multiarch packages put them.
libdirs="/lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu ${KL_LIBDIRS:-}"
add_libs() {
	local f=$1 lib d
	for lib in $(aarch64-linux-gnu-readelf -d "$f" 2>/dev/null |
		     sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
		[ -e "$root/lib/aarch64-linux-gnu/$lib" ] && continue
		for d in $libdirs; do
			if [ -e "$d/$lib" ]; then
				mkdir -p "$root/lib/aarch64-linux-gnu"
				cp -L "$d/$lib" "$root/lib/aarch64-linux-gnu/"
				add_libs "$d/$lib"
				break
			fi
		done
	done
	if aarch64-linux-gnu-readelf -l "$f" 2>/dev/null | grep -q "ld-linux-aarch64"; then
		cp -L /lib/ld-linux-aarch64.so.1 "$root/lib/" 2>/dev/null ||
			cp -L /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 "$root/lib/"
	fi
}
for f in "$@"; do
	src=${f%%=*} dest=/bin/$(basename "$f")
	[ "$src" != "$f" ] && dest=${f#*=}
	mkdir -p "$root$(dirname "$dest")"
	cp -L "$src" "$root$dest"
	add_libs "$src"
done
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$root.cpio.gz"
trap 'rm -rf "$root" "$root.cpio.gz"' EXIT

ram=${KL_RAM:-4G}
timeout "${KL_TIMEOUT:-300}" qemu-system-aarch64 -machine virt -cpu cortex-a57 \
	-smp "${KL_SMP:-2}" -m "$ram" -nographic -no-reboot \
	-kernel "$img" -initrd "$root.cpio.gz" -dtb "$dtb" \
	-append "console=ttyAMA0 panic=-1 rdinit=/init loglevel=1 $cmdline" \
	</dev/null 2>&1 | tr -d '\r' >"$out/console.log" || true

# Split the console on the markers /init prints.
awk -v out="$out" '
	/^@@KL begin / { name = $3; file = out "/" name ".out"; printf "" > file; next }
	/^@@KL end / { sub(/rc=/, "", $4); print $4 > (out "/" $3 ".rc"); close(file); file = ""; next }
	file != "" { print >> file }
' "$out/console.log"
grep -q "^@@KL done" "$out/console.log"
