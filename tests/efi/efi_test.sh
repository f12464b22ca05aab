#!/bin/sh
# efi_test.sh - the efi-* cases: boards booted by the EFI stub (Debian's
# edk2 under QEMU, scripts/efi-corpus.sh). `socmem boot --env-from LOG`
# takes the environment the log shows (the EFI memory map with its NOMAP
# ranges, the image, the DTB copy, EFI's tables, the command line) and must
# print the kernel's memory lines byte for byte, for every kernel a case
# has an expect file for.
# Usage: efi_test.sh SOCMEM CASES_DIR   (exit 77: no case there)
set -u
SOCMEM=$1 CASES=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
n=0 fails=0
for d in "$CASES"/efi-*/; do
	[ -d "$d" ] || continue
	c=$(basename "$d")
	if [ -f "$d/input.dtb.gz" ]; then zcat "$d/input.dtb.gz" > "$T/in.dtb"; else cp "$d/input.dtb" "$T/in.dtb"; fi
	for e in "$d"/expect-*.txt; do
		[ -f "$e" ] || continue
		v=$(basename "$e" .txt); v=${v#expect-}
		if [ -f "$d/linux-$v.log.gz" ]; then zcat "$d/linux-$v.log.gz" > "$T/log"
		elif [ -f "$d/linux-$v.log" ]; then cp "$d/linux-$v.log" "$T/log"
		else continue; fi
		n=$((n + 1))
		if ! "$SOCMEM" boot --kernel "$v" --env-from "$T/log" --format log "$T/in.dtb" > "$T/out" 2> "$T/err"; then
			echo "FAIL $c $v: exit $?"; sed 's/^/  /' "$T/err"; fails=$((fails + 1)); continue
		fi
		if ! cmp -s "$T/out" "$e"; then
			echo "FAIL $c $v:"; diff "$T/out" "$e" | head -10 | sed 's/^/  /'
			fails=$((fails + 1))
		fi
	done
done
[ "$n" -gt 0 ] || { echo "SKIP: no efi-* case with a log in $CASES"; exit 77; }
# the environment matters: the first case without its log (QEMU's loader)
# must not match, or the comparison above proves nothing
d=$(ls -d "$CASES"/efi-*/ | head -1)
if [ -f "$d/input.dtb.gz" ]; then zcat "$d/input.dtb.gz" > "$T/in.dtb"; else cp "$d/input.dtb" "$T/in.dtb"; fi
"$SOCMEM" boot --kernel 6.12 --format log "$T/in.dtb" > "$T/out" 2>/dev/null
if cmp -s "$T/out" "$d/expect-6.12.txt"; then
	echo "FAIL control: $(basename "$d") matches without its EFI environment"; fails=$((fails + 1))
fi
echo "efi cases: $((n - fails))/$n identical"
[ "$fails" -eq 0 ]
