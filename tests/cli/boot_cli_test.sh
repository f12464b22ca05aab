#!/bin/sh
# boot_cli_test.sh - `socmem boot` as a user meets it: input it cannot
# read is one clear line and exit 2; input the kernel accepts, however
# odd, is exit 0 with a warning; every output format is well-formed.
# Usage: boot_cli_test.sh SOCMEM TESTS_DIR
set -u
SOCMEM=$1 TESTS=$2
BOARD=$TESTS/../examples/boards/seed.dts
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0 n=0

# expect NAME STATUS PATTERN -- CMD...: exit status and a stderr line
expect() {
	name=$1 want=$2 pat=$3; shift 4
	n=$((n + 1))
	"$@" >"$T/out" 2>"$T/err"; got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL $name: exit $got, want $want"; sed 's/^/  /' "$T/err"; fails=$((fails + 1)); return
	fi
	if [ -n "$pat" ] && ! grep -qE -- "$pat" "$T/err"; then
		echo "FAIL $name: stderr lacks /$pat/"; sed 's/^/  /' "$T/err"; fails=$((fails + 1)); return
	fi
}

zcat "$TESTS/corpus/cases/seed-guide/effective.dtb.gz" > "$T/seed.dtb"

# ---- input socmem cannot read: exit 2, one line naming the file --------
expect missing 2 'nope\.dtb: No such file or directory' -- $SOCMEM boot "$T/nope.dtb"
expect directory 2 ': Is a directory' -- $SOCMEM boot "$T"
head -c 100 "$T/seed.dtb" > "$T/trunc.dtb"
expect truncated 2 'trunc\.dtb: truncated DTB' -- $SOCMEM boot "$T/trunc.dtb"
head -c 20000 "$T/seed.dtb" > "$T/short.dtb"
expect short 2 'short\.dtb: truncated DTB: header says' -- $SOCMEM boot "$T/short.dtb"
head -c 100 /dev/zero > "$T/zeros.dtb"
expect not-dtb 2 'zeros\.dtb: not a DTB \(bad magic number, not 0xd00dfeed\)$' -- $SOCMEM boot "$T/zeros.dtb"
: > "$T/empty.dtb"
expect empty-dtb 2 'empty\.dtb: not a DTB \(shorter than its magic number\)$' -- $SOCMEM boot "$T/empty.dtb"
cp "$T/seed.dtb" "$T/corrupt.dtb"
off=$(od -An -tu1 -j8 -N4 "$T/seed.dtb" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
printf '\377\377\377\377' | dd of="$T/corrupt.dtb" bs=1 seek="$off" conv=notrunc 2>/dev/null
expect corrupt 2 'corrupt\.dtb: corrupt DTB: FDT_ERR_' -- $SOCMEM boot "$T/corrupt.dtb"
printf '/dts-v1/;\n/ {\n\tfoo = <1 2;\n};\n' > "$T/syntax.dts"
expect dtc-error 2 'syntax\.dts:3' -- $SOCMEM boot "$T/syntax.dts"
printf '/dts-v1/;\n#include "missing.dtsi"\n/ { };\n' > "$T/noinc.dts"
expect cpp-error 2 'noinc\.dts:2.*missing\.dtsi' -- $SOCMEM boot "$T/noinc.dts"
# a gzipped DTB is read as the DTB inside, wherever a DTB is taken
cp "$TESTS/corpus/cases/seed-guide/effective.dtb.gz" "$T/seed.dtb.gz"
expect gz-boot 0 '' -- $SOCMEM boot --format log "$T/seed.dtb.gz"
cmp -s "$T/out" "$TESTS/corpus/cases/seed-guide/expect-6.12.txt" || { echo "FAIL gz-boot: differs from the kernel"; fails=$((fails + 1)); }
for gz in "$TESTS"/../examples/boards/qcom/*.dtb.gz; do
	b=$(basename "$gz" .dtb.gz) env=${gz%.dtb.gz}.env
	zcat "$gz" > "$T/$b.dtb"
	expect "gz-$b" 0 '' -- $SOCMEM boot --format json --env "$env" "$gz"
	sed '/"source"/d' "$T/out" > "$T/gz.json"
	$SOCMEM boot --format json --env "$env" "$T/$b.dtb" | sed '/"source"/d' | cmp -s - "$T/gz.json" \
		|| { echo "FAIL gz-$b: boot differs from the unzipped DTB"; fails=$((fails + 1)); }
done
# check takes it too (exit 1: the Chromebook's findings, the same either way)
gz=$TESTS/../examples/boards/qcom/qcs6490-rb3gen2.dtb.gz
$SOCMEM check --env "${gz%.dtb.gz}.env" "$gz" > "$T/c1" 2>&1; s1=$?
$SOCMEM check --env "${gz%.dtb.gz}.env" "$T/qcs6490-rb3gen2.dtb" > "$T/c2" 2>&1; s2=$?
n=$((n + 1))
sed "s|$gz|X|g" "$T/c1" > "$T/c1x"; sed "s|$T/qcs6490-rb3gen2.dtb|X|g" "$T/c2" > "$T/c2x"
{ [ "$s1" = "$s2" ] && [ "$s1" != 2 ] && cmp -s "$T/c1x" "$T/c2x"; } \
	|| { echo "FAIL gz-check: check differs from the unzipped DTB"; fails=$((fails + 1)); }
head -c 300 "$T/seed.dtb.gz" > "$T/cut.dtb.gz"
expect gz-truncated 2 'cut\.dtb\.gz: corrupt or truncated gzip data$' -- $SOCMEM boot "$T/cut.dtb.gz"
printf '/dts-v1/;\n/ { };\n' | gzip > "$T/src.dtb.gz"
expect gz-not-dtb 2 'src\.dtb\.gz: not a gzipped DTB' -- $SOCMEM boot "$T/src.dtb.gz"
printf '/dts-v1/;\n/ { };\n' > "$T/plain.dtb.gz"
expect gz-not-gzip 2 'plain\.dtb\.gz: not gzip data' -- $SOCMEM boot "$T/plain.dtb.gz"
expect unknown-kernel 2 'unknown kernel \(supported: 5\.10 to 7\.3' -- $SOCMEM boot --kernel 5.4 "$T/seed.dtb"
expect newer-kernel 2 'unknown kernel \(supported: 5\.10 to 7\.3' -- $SOCMEM boot --kernel 7.4 "$T/seed.dtb"
# a release between the recorded builds: the timeline, and the output says so
expect kernel-between 0 '' -- $SOCMEM boot --kernel 6.6.52-qli-1.3 "$T/seed.dtb"
grep -q "Linux 6.6.52-qli-1.3 (modelled: rules up to 6.6 from the timeline; Debian's 6.1 build" "$T/out" \
	|| { echo "FAIL kernel-between: header does not name what was modelled"; fails=$((fails + 1)); }
expect kernel-between-json 0 '' -- $SOCMEM boot --kernel 6.6.52-qli-1.3 --format json "$T/seed.dtb"
grep -q '"kernel_requested": "6.6.52-qli-1.3"' "$T/out" && grep -q '"kernel": "6.6"' "$T/out" \
	&& grep -q '"kernel_modelled": "rules up to 6.6 from the timeline; Debian.s 6.1 build' "$T/out" \
	|| { echo "FAIL kernel-between-json: typed or modelled version missing"; fails=$((fails + 1)); }
# a stable release of a recorded build: what was typed, and which build answered
expect kernel-stable 0 '' -- $SOCMEM boot --kernel 6.12.58 "$T/seed.dtb"
grep -q "Linux 6.12.58 (modelled: Debian's 6.12 build (6.12.[0-9]*+deb13-arm64" "$T/out" \
	|| { echo "FAIL kernel-stable: header does not show 6.12.58 and the build"; fails=$((fails + 1)); }
expect kernel-stable-json 0 '' -- $SOCMEM boot --kernel 6.12.58 --format json "$T/seed.dtb"
grep -q '"kernel_requested": "6.12.58"' "$T/out" && grep -q '"kernel": "6.12"' "$T/out" \
	&& grep -q '"kernel_modelled": "Debian.s 6.12 build' "$T/out" \
	|| { echo "FAIL kernel-stable-json: typed or modelled version missing"; fails=$((fails + 1)); }
expect bad-option 2 "Try 'socmem boot --help'" -- $SOCMEM boot --bogus "$T/seed.dtb"
expect bad-format 2 'must be table, log or json' -- $SOCMEM boot --format xml "$T/seed.dtb"
expect bad-pageblock 2 'pageblock-order 11: must be' -- $SOCMEM boot --pageblock-order 11 "$T/seed.dtb"
expect no-file 2 'no board file' -- $SOCMEM boot
expect no-command 2 'no command given' -- $SOCMEM
expect bad-command 2 "'frob' is not a socmem command" -- $SOCMEM frob

# ---- odd input the kernel accepts: exit 0, a warning ------------------
expect cma-garbage 0 'warning: .*cma=64Mfoo' -- $SOCMEM boot --cmdline cma=64Mfoo "$T/seed.dtb"
expect coherent-pool-no-value 2 '"coherent_pool" without a value: the real kernel oopses' -- $SOCMEM boot --cmdline coherent_pool "$T/seed.dtb"
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 1 0 0>; };\n};\n' > "$T/oddreg.dts"
expect odd-memory-reg 0 'warning: .*memory@40000000: reg is 20 bytes' -- $SOCMEM boot "$T/oddreg.dts"

printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 1 0>; };\n reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n  bad { size = <0x100000>; };\n };\n};\n' > "$T/badsize.dts"
expect odd-size-position 0 'warning: .*badsize\.dts:5: /reserved-memory/bad: size is 4 bytes' -- $SOCMEM boot "$T/badsize.dts"
grep -q "invalid size property in 'bad' node" "$T/out" 2>/dev/null || $SOCMEM boot --format log "$T/badsize.dts" 2>/dev/null | grep -q "invalid size property in 'bad' node" \
	|| { echo "FAIL odd-size-position: no kernel line"; fails=$((fails + 1)); }

# ---- DTS with #include and macros, positions in the included file ------
mkdir -p "$T/inc/dt-bindings"
printf '#define CARVE_BASE 0x60000000\n' > "$T/inc/dt-bindings/carve.h"
printf '/ { reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n\tc@60000000 { reg = <0 CARVE_BASE 0 0x100000>; no-map; }; }; };\n' > "$T/soc.dtsi"
printf '/dts-v1/;\n#include <dt-bindings/carve.h>\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 1 0>; }; };\n#include "soc.dtsi"\n' > "$T/board.dts"
expect include 0 '' -- $SOCMEM boot -I "$T/inc" --format log "$T/board.dts"
grep -q 'c@60000000' "$T/out" || { echo "FAIL include: region missing"; fails=$((fails + 1)); }
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; };\n#include "bad.dtsi"\n' > "$T/inc2.dts"
printf '/ {\n\tx = <1\n};\n' > "$T/bad.dtsi"
expect include-error 2 'bad\.dtsi:3' -- $SOCMEM boot "$T/inc2.dts"

# ---- outputs ------------------------------------------------------------
expect log 0 '' -- $SOCMEM boot --kernel 6.12 --format log "$T/seed.dtb"
cmp -s "$T/out" "$TESTS/corpus/cases/seed-guide/expect-6.12.txt" || { echo "FAIL log: differs from the kernel"; fails=$((fails + 1)); }
expect json 0 '' -- $SOCMEM boot --format json "$T/seed.dtb"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["schema"]=="socmem-board/1"; assert any(r["name"]=="my_cma" and r["kind"]=="cma" for r in d["regions"])' "$T/out" \
	|| { echo "FAIL json: not the schema"; fails=$((fails + 1)); }
# the default area too big for the DMA zone: its record says why
expect json-why 0 '' -- $SOCMEM boot --format json --cmdline cma=8G "$T/seed.dtb"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=[r for r in d["regions"] if r["kind"]=="default-cma"]; assert r and r[0]["status"]=="failed" and r[0]["why"] not in ("none", "?"), r; assert all(x["why"]=="none" for x in d["regions"] if x["status"]=="placed")' "$T/out" \
	|| { echo "FAIL json-why: no reason for the failed default area"; fails=$((fails + 1)); }
expect table 0 '' -- $SOCMEM boot --cmdline cma=64M "$BOARD"
grep -qE '^NAME +BASE +END +SIZE +KIND +FLAGS +STATUS' "$T/out" && grep -q 'adsp-heap' "$T/out" \
	|| { echo "FAIL table: no header or rows"; fails=$((fails + 1)); }
expect help 0 '' -- $SOCMEM boot --help
grep -q '^Usage:' "$T/out" || { echo "FAIL help: no usage on stdout"; fails=$((fails + 1)); }
expect version 0 '' -- $SOCMEM --version

echo "$((n - fails))/$n cases passed"
[ "$fails" -eq 0 ]
