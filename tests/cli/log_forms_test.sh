#!/bin/sh
# log_forms_test.sh - a boot log as users paste it reads the same as the
# kernel's bare text, for --env-from and for logdiff (one reader,
# sm_boot_log_text()): journalctl and syslog prefixes, dmesg -T, dmesg's
# stamps with and without printk's caller id, "> " quoting, "<6>" levels,
# dmesg -x, ISO stamps, CRLF line ends.
# Usage: log_forms_test.sh SOCMEM TESTS_DIR
set -u
SOCMEM=$1 TESTS=$2
SEED=$TESTS/../examples/boards/seed.dts
FIELD=$TESTS/field/qcom-rb1-6.16
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0 n=0

fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# form NAME < BARE > FORM: one way a log reaches a user
form() {
	case $1 in
	bare) cat ;;
	stamp) sed 's/^/[    0.000000] /' ;;
	caller) sed 's/^/[    0.000000][    T0] /' ;;
	caller-cpu) sed 's/^/[    0.001234][  C1] /' ;;
	dmesg-T) sed 's/^/[Mon Dec  7 02:00:00 2026] /' ;;
	dmesg-iso) sed 's/^/2026-12-07T02:00:00,000000+00:00 /' ;;
	dmesg-x) sed 's/^/kern  :info  : [    0.000000] /' ;;
	journal) sed 's/^/Dec 07 02:00:00 rb3gen2 kernel: /' ;;
	journal-iso) sed 's/^/2026-12-07T02:00:00+0000 rb3gen2 kernel: /' ;;
	syslog) sed 's/^/Dec  7 02:00:00 rb3gen2 kernel: [    0.000000] /' ;;
	quoted) sed 's/^/> /' ;;
	quoted2) sed 's/^/> > [    0.000000] /' ;;
	level) sed 's/^/<6>/' ;;
	level-stamp) sed 's/^/<6>[    0.000000] /' ;;
	crlf) sed 's/^/[    0.000000] /; s/$/\r/' ;;
	esac
}
FORMS="stamp caller caller-cpu dmesg-T dmesg-iso dmesg-x journal journal-iso syslog quoted quoted2 level level-stamp crlf"

# --env-from: an EFI boot's log (banks, loader, image, DTB, command line)
zcat "$TESTS/efi/cases/efi-seed-guide-own/linux-6.12.log.gz" | tr -d '\r' > "$T/efi.bare"
$SOCMEM boot --env-from "$T/efi.bare" --format json "$SEED" 2>&1 | grep -v '"from_log"\|efi\.bare' > "$T/want.json"
grep -q '"loader": "efi"' "$T/want.json" || fail "env-from bare: not read as an EFI boot"
for f in $FORMS; do
	n=$((n + 1))
	form "$f" < "$T/efi.bare" > "$T/efi.$f"
	$SOCMEM boot --env-from "$T/efi.$f" --format json "$SEED" 2>&1 | grep -v '"from_log"\|efi\.'"$f" > "$T/got.json"
	cmp -s "$T/want.json" "$T/got.json" || { fail "env-from $f: differs from the bare log"; diff "$T/want.json" "$T/got.json" | head -6; }
done

# logdiff: a field log (its lines as the console printed them)
zcat "$FIELD/board.dtb.gz" > "$T/board.dtb"
sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$FIELD/dmesg.log" | tr -d '\r' > "$T/field.bare"
$SOCMEM logdiff --format json "$T/field.bare" "$T/board.dtb" 2>&1 | grep -v '"log":' > "$T/want.json"
grep -q '"same"' "$T/want.json" || fail "logdiff bare: no line compared"
for f in $FORMS; do
	n=$((n + 1))
	form "$f" < "$T/field.bare" > "$T/field.$f"
	$SOCMEM logdiff --format json "$T/field.$f" "$T/board.dtb" 2>&1 | grep -v '"log":' > "$T/got.json"
	cmp -s "$T/want.json" "$T/got.json" || { fail "logdiff $f: differs from the bare log"; diff "$T/want.json" "$T/got.json" | head -6; }
done

# a message that only looks like a prefix keeps its text
n=$((n + 1))
printf 'Kernel command line: console=ttyS0 kernel: x\nEarly memory node ranges\n  node   0: [mem 0x0000000040000000-0x000000007fffffff]\n' > "$T/plain.log"
$SOCMEM boot --env-from "$T/plain.log" "$SEED" 2>&1 | grep -q 'command line: console=ttyS0 kernel: x' \
	|| fail "a command line holding ' kernel: ' was cut"

echo "$((n - fails))/$n cases passed"
[ "$fails" -eq 0 ]
