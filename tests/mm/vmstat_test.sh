#!/bin/sh
# vmstat_test.sh - /proc/vmstat of the emulated board for 6.12 and 7.2:
# `cat` under libsocmem-preload.so and `socmem mem vmstat` print the
# names the real Debian kernel printed on the same board (cma=64M), in
# its order (tests/mm/oracle/vmstat-debian-<ver>.txt, recorded from
# QEMU boots), with values where the model has them: the free CMA pages
# and the CMA allocations the DMA atomic pools made at boot equal the
# real kernel's; then vmstat_read_test reads it with fopen/fgets.
# Usage: vmstat_test.sh SOCMEM PRELOAD VMSTAT_READ_TEST SOURCE_DIR
set -u
SOCMEM=$1 PRELOAD=$2 READER=$3 SRC=$4
RUN=$SRC/tests/dmabuf/run_emulated.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
export SOCMEM_BOARD=$SRC/examples/boards/seed.dts SOCMEM_CMDLINE=cma=64M

for k in 6.12 7.2; do
	oracle=$SRC/tests/mm/oracle/vmstat-debian-$k.txt
	awk '{ print $1 }' "$oracle" >"$T/want"
	SOCMEM_KERNEL=$k sh "$RUN" "$SOCMEM" "$PRELOAD" cat /proc/vmstat >"$T/cat" 2>"$T/err" ||
		fail "$k: cat /proc/vmstat: $(cat "$T/err")"
	awk '{ print $1 }' "$T/cat" | cmp -s - "$T/want" ||
		fail "$k: cat /proc/vmstat: names differ from $oracle"
	awk 'NF != 2 || $2 !~ /^[0-9]+$/ { bad = 1 } END { exit bad }' "$T/cat" ||
		fail "$k: a line is not \"name value\""
	"$SOCMEM" mem vmstat --kernel "$k" --cmdline cma=64M "$SOCMEM_BOARD" >"$T/cli" 2>"$T/err" ||
		fail "$k: socmem mem vmstat: $(cat "$T/err")"
	cmp -s "$T/cat" "$T/cli" || fail "$k: socmem mem vmstat differs from /proc/vmstat"
	for name in nr_free_cma cma_alloc_success cma_alloc_fail; do
		real=$(awk -v n=$name '$1 == n { print $2 }' "$oracle")
		emul=$(awk -v n=$name '$1 == n { print $2 }' "$T/cat")
		[ -n "$real" ] && [ "$real" = "$emul" ] ||
			fail "$k: $name $emul, the real kernel's $real"
	done
	SOCMEM_KERNEL=$k sh "$RUN" "$SOCMEM" "$PRELOAD" "$READER" "$oracle" reserved 2>"$T/err" ||
		{ fail "$k: vmstat_read_test"; sed 's/^/  /' "$T/err"; }
done
# nr_zspages: the pages zsmalloc holds, zram's mem_used_total in pages,
# up after writing to a zram device and back to 0 after its reset
head -c 1048576 /dev/urandom > "$T/data"
SOCMEM_KERNEL=6.12 sh "$RUN" "$SOCMEM" "$PRELOAD" sh -c "
	modprobe zram && echo 64M > /sys/block/zram0/disksize &&
	dd if=$T/data of=/dev/zram0 bs=4096 2>/dev/null &&
	cat /sys/block/zram0/mm_stat && grep '^nr_zspages ' /proc/vmstat &&
	echo 1 > /sys/block/zram0/reset && grep '^nr_zspages ' /proc/vmstat" \
	>"$T/zs" 2>"$T/err" || fail "zram and nr_zspages: $(cat "$T/err")"
used=$(awk 'NR == 1 { print $3 / 4096 }' "$T/zs")
zs=$(awk '$1 == "nr_zspages" { print $2 }' "$T/zs" | tr '\n' ' ')
[ -n "$used" ] && [ "$used" -gt 0 ] && [ "$zs" = "$used 0 " ] ||
	fail "nr_zspages after writing, then after reset: $zs, want $used 0 (mm_stat: $(head -1 "$T/zs"))"
# 5.10 has no cma_alloc_* (v5.12 added them)
"$SOCMEM" mem vmstat --kernel 5.10 "$SOCMEM_BOARD" | grep -q '^cma_alloc' &&
	fail "5.10: cma_alloc_* printed"

[ $fails = 0 ] && echo "vmstat: all checks passed"
exit $((fails != 0))
