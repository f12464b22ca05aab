#!/bin/bash
# run-suite.sh - the kernel-in-the-loop differential suite: each probe of
# probes.list runs unmodified on a real kernel (QEMU, tests/kernel/boot.sh)
# and on socmem's emulated board (libsocmem-preload.so), on the same
# board, command line and kernel version; every line of output is one
# observation, and the two runs are diffed line by line after the
# normalisation of normalise.sed (and normalise.d/PROBE.sed). Differences listed in
# known-differences (each with its cause, as in docs/fidelity.md) are
# reported but do not fail; a real line and an emulated one of the same
# shape that tolerances lets differ by at most N (each number, or the free
# pages of a buddy line) are reported "close", with how far apart they
# are, and do not fail either.
#
# Usage: run-suite.sh BUILD CROSS_BUILD [--quick]
#   BUILD        the host build (socmem, libsocmem-preload.so, probes)
#   CROSS_BUILD  the arm64 build (make cross)
#   --quick      one boot per kernel of the first image directory that
#                holds any (the subset `make test` runs)
# Env: KL_IMAGES  the directories of Image-<ver>.gz + config-<ver>.gz heap
#                 kernels, space-separated, each "LABEL=DIR" or just DIR
#                 (labelled by its name); every board runs on every image
#                 of its kernel version, and each boot is named VER/LABEL
#                 (known-differences and tolerances entries for VER apply
#                 to all of them, VER/LABEL to one). Default:
#                 "heaps=../shared/oracle/heaps/images" (tinyconfig) and
#                 "debian-mm=~/.cache/socmem-kernel/images" (Debian's
#                 compaction, DMA zones and THP: build-image.sh makes it);
#                 a directory without images is skipped with the reason
#      KL_KEEP    keep the work directory (printed)
#      KL_BOARDS  board lines "KERNEL BOARD.dts CMDLINE" to run instead
# Prints one line per differing observation, then per board and kernel
# "KERNEL BOARD: N passed, M failed, K known, C close", then the totals
# "P probes, B boots: N same, M different, K known, C close" and last the
# line "N passed, M failed". Exit 0 when nothing failed, 77 when it cannot run.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd) cross=$(cd "$2" 2>/dev/null && pwd) || {
	echo "SKIP: no arm64 build at $2 (make cross)"; exit 77; }
quick=${3:-}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/socmem-kernel
image_dirs=${KL_IMAGES:-heaps=$src/../shared/oracle/heaps/images debian-mm=$cache/images}
if ! "$here/deps.sh" --check >/dev/null; then
	echo "SKIP: $("$here/deps.sh" --check) (tests/kernel/deps.sh installs them)"
	exit 77
fi
# LABEL DIR per image directory that holds images; the others say why not
dirs=()
for e in $image_dirs; do
	label=${e%%=*} dir=${e#*=}
	[ "$label" = "$e" ] && label=$(basename "$dir")
	if ! ls "$dir"/Image-*.gz >/dev/null 2>&1; then
		case $label in
		debian-mm) how="tests/kernel/build-image.sh 6.12 makes it" ;;
		heaps) how="../shared/oracle/heaps/build.sh makes them" ;;
		*) how="tests/kernel/build-image.sh VER DIR makes one" ;;
		esac
		echo "SKIP $label: no heap kernel images in $dir ($how)"
		continue
	fi
	dirs+=("$label $dir")
	[ "$quick" = --quick ] && break
done
if [ ${#dirs[@]} = 0 ]; then
	echo "SKIP: no heap kernel images in any of: $image_dirs"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/kl-suite.XXXXXX")
[ -n "${KL_KEEP:-}" ] && echo "work directory: $work" || trap 'rm -rf "$work"' EXIT

# The boards: KERNEL BOARD.dts CMDLINE (RAM comes from the board's memory
# node; QEMU's -m is set to match it).
# mem=256M: the CMA pressure probes fill the board, which on 4 GiB would
# take QEMU too long (they skip boards above 1 GiB).
boards() {
	if [ -n "${KL_BOARDS:-}" ]; then
		printf '%s\n' "$KL_BOARDS"
		return
	fi
	cat <<-EOF2
	6.12 examples/boards/seed.dts cma=64M
	7.2 examples/boards/seed.dts cma=64M
	EOF2
	[ "$quick" = --quick ] && return
	cat <<-EOF2
	6.12 examples/boards/seed.dts cma=32M
	7.2 examples/boards/seed.dts cma=0
	6.12 examples/boards/seed.dts cma=64M mem=256M
	7.2 examples/boards/seed.dts cma=64M mem=256M
	EOF2
}


# the host side: one emulated system for the whole list, like one boot
run_native() {
	local kver=$1 dts=$2 cmdline=$3 out=$4 bin=$work/native-bin
	mkdir -p "$bin" "$out"
	for f in "$build"/tests/kernel/probe_* "$here"/probes/*.sh \
		 "$build/tests/uapi/dmabuf_uapi_test"; do
		ln -sf "$f" "$bin/$(basename "$f")"
	done
	# socmem talks to socmemd itself: never under the preload (which a
	# sanitizer build of it could not start under either)
	printf '#!/bin/sh\nexec env -u LD_PRELOAD "%s" "$@"\n' \
		"$build/tools/socmem/socmem" >"$bin/socmem"
	chmod +x "$bin/socmem"
	probe_list "" >"$out/probes"
	# the image's own .config: zones, pools, CMA files, zram (docs/kconfig.md)
	gunzip -c "$images/config-$kver.gz" >"$work/config-$kver" 2>/dev/null || : >"$work/config-$kver"
	# and its size, which no .config says: the Image header's image_size
	# (_end - _text, what the kernel reserves for itself; docs/env.md)
	printf 'kernel = loader-chosen %s\n' "$(gunzip -c "$images/Image-$kver.gz" |
		od -An -t u8 -j16 -N8 | tr -d ' ')" >"$work/env-$kver"
	SOCMEM_KCONFIG=$work/config-$kver SOCMEM_ENV=$work/env-$kver \
	SOCMEM_BOARD=$src/$dts SOCMEM_CMDLINE=$cmdline SOCMEM_KERNEL=$kver \
	PATH=$bin:$PATH timeout 900 sh "$src/tests/dmabuf/run_emulated.sh" \
		"$build/tools/socmem/socmem" "$build/src/preload/libsocmem-preload.so" \
		sh -c 'while read -r name cmd; do
			timeout 300 sh -c "$cmd" </dev/null >"$0/$name.out" 2>&1
			echo $? >"$0/$name.rc"; done <"$0/probes"' "$out"
}

run_qemu() {
	local kver=$1 dts=$2 cmdline=$3 out=$4 img=$work/Image-$1 dtb=$work/board.dtb files=()
	gunzip -c "$images/Image-$kver.gz" >"$img" || return 1
	cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp -I "$(dirname "$src/$dts")" \
		"$src/$dts" 2>/dev/null | dtc -q -I dts -O dtb -o "$dtb" - || return 1
	probe_list --device >"$work/probes"
	for f in "$cross"/tests/kernel/probe_* "$cross/tools/socmem/socmem" \
		 "$cross/tests/uapi/dmabuf_uapi_test" "$here"/probes/*.sh; do
		files+=("$f")
	done
	KL_RAM=$(ram_of "$dtb") "$here/boot.sh" "$img" "$dtb" "$cmdline" "$out" "$work/probes" "${files[@]}"
}

# QEMU's -m for a board: the size of its memory node (virt boards: one bank at 1 GiB)
ram_of() {
	local r
	r=$(fdtget -t x "$1" /memory@40000000 reg 2>/dev/null | awk '{ printf "%d", ($3 * 4294967296 + $4) / 1048576 }')
	echo "${r:-4096}M"
}

# compare(): the diff of one boot, classified (compare.sh)
. "$here/compare.sh"

total_pass=0 total_fail=0 total_known=0 total_close=0 n=0
for di in "${dirs[@]}"; do
label=${di%% *} images=${di#* }
while read -r kver dts cmdline; do
	[ -f "$images/Image-$kver.gz" ] || { echo "SKIP $kver/$label: no Image-$kver.gz in $images"; continue; }
	n=$((n + 1)) d=$work/$n
	start=$(date +%s.%N)
	run_qemu "$kver" "$dts" "$cmdline" "$d/real" || echo "DIFF   $kver $dts: the QEMU boot did not finish (see $d/real/console.log)"
	mid=$(date +%s.%N)
	run_native "$kver" "$dts" "$cmdline" "$d/emul"
	end=$(date +%s.%N)
	compare "$kver/$label" "$(basename "$dts" .dts) $cmdline" "$d/real" "$d/emul" | tee "$d/result"
	awk -v a="$start" -v b="$mid" -v c="$end" -v k="$kver/$label" -v s="$dts $cmdline" \
		'BEGIN { printf "%s %s: boot %.1f s, emulated %.1f s\n", k, s, b - a, c - b }'
	p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$d/result" | tail -1)
	f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$d/result" | tail -1)
	kn=$(sed -n 's/.* \([0-9]*\) known, \([0-9]*\) close$/\1 \2/p' "$d/result" | tail -1)
	total_pass=$((total_pass + ${p:-0})) total_fail=$((total_fail + ${f:-1}))
	total_known=$((total_known + ${kn% *})) total_close=$((total_close + ${kn#* }))
done < <(boards)
done
[ $n -gt 0 ] || { echo "SKIP: no image for any board's kernel"; exit 77; }
echo "$(probe_list "" | wc -l) probes, $n boots: $total_pass same, $total_fail different, $total_known known, $total_close close"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
