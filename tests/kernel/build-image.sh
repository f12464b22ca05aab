#!/bin/bash
# build-image.sh - build a heap-enabled arm64 kernel whose memory-management
# options are Debian's where they change run-time behaviour.
#
# The shared heap images (../shared/oracle/heaps/images) are tinyconfig
# kernels: no COMPACTION, no ZONE_DMA/DMA32, no THP. Without COMPACTION the
# kernel never lends CMA pageblocks to movable allocations (ALLOC_CMA is only
# set when the page allocator may migrate them back out), so the guide's
# camera story - movable memory fills CMA, then a large CMA allocation has to
# migrate it out - cannot be seen on them. This image is the same tinyconfig
# plus everything ../shared/oracle/heaps/build.sh enables, plus Debian's
# COMPACTION, MIGRATION, ZONE_DMA, ZONE_DMA32, TRANSPARENT_HUGEPAGE(_ALWAYS)
# and CMA_AREAS.
#
# Usage: build-image.sh VER [OUTDIR]
#   VER     a Debian linux-source-VER package (6.12 in bookworm-security;
#           7.2 needs sid's apt lists, as ../shared/oracle/kernels.sh keeps)
#   OUTDIR  where Image-VER.gz and config-VER.gz go
#           (default ${XDG_CACHE_HOME:-~/.cache}/socmem-kernel/images)
# Env: KB_WORK   source and object trees (default .../socmem-kernel/build)
#      KB_DEBIAN Debian's .config for VER; when it exists the option values
#                come from it (default ../shared/oracle/configs/linux-VER.config),
#                otherwise the values Debian 6.12 and 7.2 both have are used
#      KB_JOBS   make -j (default 2: the machine is shared)
# A few minutes on 2 cores; the source (150 MB) is downloaded once.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: build-image.sh VER [OUTDIR]" >&2; exit 2; }
VER=$1
here=$(cd "$(dirname "$0")" && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/socmem-kernel
OUT=${2:-$cache/images}
W=${KB_WORK:-$cache/build}
DEB=${KB_DEBIAN:-$here/../../../shared/oracle/configs/linux-$VER.config}
mkdir -p "$OUT" "$W"
command -v aarch64-linux-gnu-gcc >/dev/null ||
	{ echo "build-image.sh: no aarch64-linux-gnu-gcc: run tests/kernel/deps.sh" >&2; exit 2; }
for t in flex bison bc; do
	command -v "$t" >/dev/null ||
		{ echo "build-image.sh: $t missing: apt-get install flex bison bc libssl-dev libelf-dev" >&2; exit 2; }
done

SRC=$W/linux-source-$VER
if [ ! -f "$SRC/Makefile" ]; then
	(cd "$W" && apt-get download -qq "linux-source-$VER" 2>/dev/null) || {
		st=${ORACLE_CACHE:-$HOME/.cache/socmem-oracle}/apt-sid
		(cd "$W" && apt-get -o Dir::Etc::sourcelist="$st/sources.list" \
			-o Dir::Etc::sourceparts=- -o Dir::State::Lists="$st/lists" \
			download -qq "linux-source-$VER" 2>/dev/null); } ||
		{ echo "build-image.sh: linux-source-$VER: no such package in the apt lists" >&2; exit 2; }
	dpkg-deb --fsys-tarfile "$W"/linux-source-"$VER"_*.deb |
		tar -x -C "$W" --wildcards '*.tar.xz'
	tar -xJf "$(find "$W" -name "linux-source-$VER.tar.xz" | head -1)" -C "$W"
	rm -f "$W"/linux-source-"$VER"_*.deb "$(find "$W" -name "linux-source-$VER.tar.xz" | head -1)"
fi

O=$W/o$VER
mkdir -p "$O"
M=(nice -n 10 make -C "$SRC" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- O="$O")
cfg() { "$SRC/scripts/config" --file "$O/.config" "$@"; }
"${M[@]}" tinyconfig >/dev/null
# What ../shared/oracle/heaps/build.sh enables: console, initramfs, heaps,
# CMA with a 64 MiB default area and its debugfs/sysfs, zram with lz4.
for o in 64BIT PRINTK PRINTK_TIME TTY SERIAL_AMBA_PL011 SERIAL_AMBA_PL011_CONSOLE ARM_AMBA OF \
	OF_EARLY_FLATTREE OF_RESERVED_MEM BLK_DEV_INITRD RD_GZIP BINFMT_ELF BINFMT_SCRIPT DEVTMPFS \
	DEVTMPFS_MOUNT PROC_FS SYSFS CMA DMA_CMA DMABUF_HEAPS DMABUF_HEAPS_SYSTEM DMABUF_HEAPS_CMA \
	DMA_SHARED_BUFFER MULTIUSER FUTEX POSIX_TIMERS SHMEM TMPFS MEMFD_CREATE ARM_GIC ARM_GIC_V3 \
	SERIAL_EARLYCON BLOCK ZRAM ZSMALLOC SWAP CRYPTO CRYPTO_LZ4 ZRAM_BACKEND_LZ4 EXPERT DEBUG_FS \
	DEBUG_FS_ALLOW_ALL CMA_DEBUGFS CMA_SYSFS; do
	cfg -e "$o"
done
cfg --set-val CMA_SIZE_MBYTES 64 -e CMA_SIZE_SEL_MBYTES

# Debian's memory-management options: taken from Debian's .config when it
# is at hand, else the values Debian's 6.12 and 7.2 both have.
mm_bool="COMPACTION MIGRATION ZONE_DMA ZONE_DMA32 TRANSPARENT_HUGEPAGE TRANSPARENT_HUGEPAGE_ALWAYS"
deb_val() { # OPTION DEFAULT -> y, n or a number
	local v=""
	if [ -f "$DEB" ]; then
		v=$(sed -n "s/^CONFIG_$1=\(.*\)/\1/p" "$DEB")
		[ -z "$v" ] && grep -q "^# CONFIG_$1 is not set" "$DEB" && v=n
	fi
	echo "${v:-$2}"
}
for o in $mm_bool; do
	case $(deb_val "$o" y) in
	y) cfg -e "$o" ;;
	*) cfg -d "$o" ;;
	esac
done
cfg --set-val CMA_AREAS "$(deb_val CMA_AREAS 20)"
"${M[@]}" olddefconfig >/dev/null

# olddefconfig drops what a dependency refuses; say so rather than build a
# kernel that is not what its name promises.
for o in $mm_bool CMA_AREAS DMABUF_HEAPS_CMA CMA_DEBUGFS CMA_SYSFS ZRAM; do
	want=$(deb_val "$o" y)
	case $o in CMA_AREAS) want=$(deb_val CMA_AREAS 20) ;; DMABUF_HEAPS_CMA|CMA_DEBUGFS|CMA_SYSFS|ZRAM) want=y ;; esac
	got=$(sed -n "s/^CONFIG_$o=\(.*\)/\1/p" "$O/.config")
	[ "${got:-n}" = "$want" ] ||
		{ echo "build-image.sh: $O/.config: CONFIG_$o=${got:-n}, wanted $want" >&2; exit 1; }
done

"${M[@]}" -j"${KB_JOBS:-2}" Image >"$W/build-$VER.log" 2>&1 ||
	{ echo "build-image.sh: build failed, see $W/build-$VER.log" >&2; exit 1; }
gzip -9c "$O/arch/arm64/boot/Image" >"$OUT/Image-$VER.gz"
gzip -9c "$O/.config" >"$OUT/config-$VER.gz"
echo "$OUT/Image-$VER.gz"
