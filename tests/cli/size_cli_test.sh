#!/bin/sh
# size_cli_test.sh - every command that takes a size reads it alike (the
# util-linux way: 4K = 4096, 4KB = 4000) and refuses a bad one with a
# line naming it, before touching anything.
# Usage: size_cli_test.sh SOCMEM TESTS_DIR
set -u
SOCMEM=$1 TESTS=$2
BOARD=$TESTS/mm/boards/small.dts
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0 n=0

check() { # NAME CONDITION-RESULT
	n=$((n + 1))
	if [ "$2" != 0 ]; then echo "FAIL $1"; fails=$((fails + 1)); fi
}

# carve writes the size into the DTS: 4096K and 4096KB must differ
$SOCMEM carve add "$BOARD" scratch 4096K --no-map >"$T/k" 2>"$T/err"
grep -q '0x400000>' "$T/k"; check "carve 4096K is 0x400000" $?
$SOCMEM carve add "$BOARD" scratch 4096KB --no-map >"$T/kb" 2>"$T/err"
grep -q '0x3e8000>' "$T/kb"; check "carve 4096KB is 0x3e8000 (4096000)" $?
$SOCMEM carve add "$BOARD" scratch 0.5M --no-map >"$T/half" 2>"$T/err"
grep -q '0x80000>' "$T/half"; check "carve 0.5M is 0x80000" $?

# a bad size: a line naming it and exit 2 (bad usage), for each command
for cmd in "carve add $BOARD scratch 4Q" "zram -s 4Q" "heap alloc system 4Q" \
	"zram --swap --max-size 4Q"; do
	want=2
	# shellcheck disable=SC2086
	SOCMEM_STATE=$T/state $SOCMEM $cmd >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" = "$want" ] && grep -q '4Q' "$T/err"
	check "socmem $cmd: exit $rc, want $want naming 4Q" $?
done
[ ! -e "$T/state/socket" ]; check "a bad size starts no daemon" $?

# --help says which parser reads what
for cmd in zram heap carve; do
	$SOCMEM $cmd --help >"$T/help"
	grep -q 'KB, MB, ... powers of 1000' "$T/help"
	check "$cmd --help explains SIZE" $?
done
$SOCMEM zram --help >"$T/help"
grep -q "memparse()" "$T/help"
check "zram --help names memparse for sysfs writes" $?
$SOCMEM boot --help >"$T/help"
grep -q "memparse()" "$T/help"
check "boot --help names memparse for the command line" $?

echo "$((n - fails)) passed, $fails failed"
[ "$fails" = 0 ]
