#!/bin/sh
# Make tests/plan/corpus.tar.xz from the shared oracle corpus: every case,
# each kernel's log without the memblock=debug lines (a board's dmesg does
# not have them) and the DTB made compact by dtb_compact, which keeps all
# the board model reads. Every compact DTB is checked: `socmem boot
# --format json` must give the same board for all three kernels.
# Usage: tests/plan/vendor/vendor-corpus.sh BUILD_DIR [CORPUS]
set -eu
build=$1
corpus=${2:-$(dirname "$0")/../../../../shared/oracle/corpus}
socmem=$build/tools/socmem/socmem
compact=$build/tests/plan/plan_dtb_compact
out=$(cd "$(dirname "$0")/.." && pwd)/corpus.tar.xz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in "$corpus"/*/; do
	c=$(basename "$dir")
	mkdir -p "$tmp/corpus/$c"
	"$compact" "$dir/effective.dtb" "$tmp/padded.dtb"
	"$compact" -t "$dir/effective.dtb" "$tmp/corpus/$c/effective.dtb"
	for v in 6.1 6.12 7.2; do
		"$socmem" boot -k "$v" -f json "$dir/effective.dtb" 2>/dev/null |
			grep -v '"source"' >"$tmp/a.json"
		"$socmem" boot -k "$v" -f json "$tmp/padded.dtb" 2>/dev/null |
			grep -v '"source"' >"$tmp/b.json"
		cmp -s "$tmp/a.json" "$tmp/b.json" ||
			{ echo "$c: compact DTB boots differently on $v" >&2; exit 1; }
		grep -av -E '^(memblock_|MEMBLOCK configuration|\(oracle note| (memory|reserved)( size|\.cnt|\[))' \
			"$dir/linux-$v.log" >"$tmp/corpus/$c/linux-$v.log" || true
	done
done
(cd "$tmp" && LC_ALL=C tar --sort=name --owner=0 --group=0 --numeric-owner \
	--mtime=@0 -cf - corpus | xz -9e -T1 >"$out")
echo "$out: $(ls "$tmp/corpus" | wc -l) cases, $(wc -c <"$out") bytes"
