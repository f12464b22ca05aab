#!/bin/sh
# Run every libFuzzer target for N executions from its seed corpus.
# Usage: scripts/run-fuzzers.sh BUILD_DIR [RUNS [SCRIPT_RUNS]]
# The script target runs a whole allocator script and checks every frame
# after each input (about 100 inputs/s here, against 1,500 for the
# parsers), and the env target boots every input it accepts three ways
# (about 200/s), so both get the smaller count.
set -eu
B=$1 RUNS=${2:-1000000} SCRIPT_RUNS=${3:-200000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
W=$B/fuzz-work
mkdir -p "$W/dtb" "$W/cmdline" "$W/script" "$W/env"
# seeds: the vendored corpus boards up to 64 KiB (big ones slow every run)
for f in "$HERE"/tests/corpus/cases/*/effective.dtb.gz; do
	out="$W/dtb/$(basename "$(dirname "$f")").dtb"
	zcat "$f" > "$out"
	[ "$(stat -c %s "$out")" -le 65536 ] || rm -f "$out"
done
cp "$HERE"/tests/fuzz/seeds-cmdline/* "$W/cmdline/"
cp "$HERE"/tests/mm/scripts/*.sm "$HERE"/examples/scripts/*.sm "$W/script/"
# env: the seeds, the field logs, one efi-* log, the boards' environments
cp "$HERE"/tests/fuzz/seeds-env/* "$HERE"/examples/boards/qcom/*.env "$W/env/"
for f in "$HERE"/tests/field/*/dmesg.log; do
	cp "$f" "$W/env/field-$(basename "$(dirname "$f")").log"
done
zcat "$HERE"/tests/efi/cases/efi-seed-guide-own/linux-6.12.log.gz > "$W/env/efi.log"
status=0
for t in dtb cmdline script env; do
	n=$RUNS
	case $t in script | env) n=$SCRIPT_RUNS ;; esac
	echo "== fuzz_$t: $n runs"
	# -max_len: whole board DTBs are seeds; mutations stay near them
	if ! "$B/tests/fuzz/fuzz_$t" -runs="$n" -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$W/crash-$t-" "$W/$t" > "$W/$t.log" 2>&1; then
		status=1
		echo "fuzz_$t FAILED: see $W/$t.log"
	fi
	grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' "$W/$t.log" | tail -2
done
exit $status
