#!/bin/bash
# efi-corpus.sh - record the efi-* cases: boards of the oracle corpus booted by
# the EFI stub (Debian's edk2 firmware under QEMU, oracle/boot-efi.sh), each
# with its own command line and with cma= changed, so the EFI path is checked
# like the QEMU-loader corpus. Output stays outside git (it is regenerated).
#
# Usage: scripts/efi-corpus.sh ORACLE_DIR KCACHE OUTDIR [COUNT] [KERNEL...]
#   ORACLE_DIR  the oracle (boot-efi.sh, memlines.sh, corpus/)
#   KCACHE      kernels as oracle/kernels.sh fetches them (linux-VER/)
#   OUTDIR      one folder per case: input.dtb, cmdline, ram,
#               linux-VER.log (the early log), expect-VER.txt (its memlines)
#   COUNT       how many corpus boards (default 50: 100 cases)
#   KERNEL...   default 6.12 6.1 7.2 (each kernel for every case, in turn)
# A case already recorded for a kernel is skipped, so the script can be
# stopped and run again. Each case is a corpus board over QEMU's virt tree
# (the firmware boots from it): seed-guide and rand-1-*; the variants are
# "own" (the case's cmdline) and "cma" (cma=0 when the case has a cma=,
# else cma=64M).
set -euo pipefail
ORACLE=$1 KCACHE=$2 OUT=$3 COUNT=${4:-50}
shift $(( $# < 4 ? $# : 4 ))
KERNELS=("$@"); [ ${#KERNELS[@]} -gt 0 ] || KERNELS=(6.12 6.1 7.2)
mkdir -p "$OUT"

# SKIP=N starts N boards into the list (two runs can share the work)
boards() {
	{ echo seed-guide; ls "$ORACLE/corpus" | grep '^rand-1-'; } |
		tail -n +$((${SKIP:-0} + 1)) | head -n "$COUNT"
}

prepare() {	# board variant -> case dir
	local src=$ORACLE/corpus/$1 dir=$OUT/efi-$1-$2 cl
	[ -f "$dir/cmdline" ] && { echo "$dir"; return; }
	mkdir -p "$dir"
	if [ -f "$src/input.dts" ]; then
		dtc -q -I dts -O dtb -o "$dir/input.dtb" "$src/input.dts"
	else	# seed-guide: the effective DTB (QEMU rewrote only memory/chosen)
		cp "$src/effective.dtb" "$dir/input.dtb"
	fi
	cl=$(cat "$src/cmdline" 2>/dev/null || true)
	if [ "$2" = cma ]; then
		if grep -q 'cma=' <<<"$cl"; then
			cl=$(sed -E 's/(^| )cma=[^ ]*/\1cma=0/' <<<"$cl")
		else
			cl="$cl cma=64M"
		fi
	fi
	echo "$cl" | sed -E 's/^ +//' > "$dir/cmdline"
	cat "$src/ram" 2>/dev/null > "$dir/ram" || echo 4G > "$dir/ram"
	echo "$dir"
}

for k in "${KERNELS[@]}"; do
	for b in $(boards); do
		for v in own cma; do
			d=$(prepare "$b" "$v")
			[ -s "$d/expect-$k.txt" ] && continue
			"$ORACLE/boot-efi.sh" "$KCACHE/linux-$k" "$d/input.dtb" \
				"$(cat "$d/cmdline")" "$(cat "$d/ram")" \
				> "$d/linux-$k.log.tmp" 2>/dev/null || true
			if grep -qaE '^Memory: [0-9]+K/' "$d/linux-$k.log.tmp"; then
				mv "$d/linux-$k.log.tmp" "$d/linux-$k.log"
				"$ORACLE/memlines.sh" < "$d/linux-$k.log" > "$d/expect-$k.txt"
				echo "$(basename "$d") $k ok"
			else
				echo "$(basename "$d") $k: no 'Memory:' line (kept as .tmp)"
			fi
		done
	done
done
