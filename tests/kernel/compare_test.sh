#!/bin/bash
# compare_test.sh - the suite's classification of one boot (compare.sh),
# on made-up outputs of both systems: the same lines pass, a listed cause
# makes a difference known, a pair within its tolerance is close (free
# pages of a buddy line, or every number), beyond it or of another shape
# it fails, and a probe that did not finish fails on its exit line.
# Usage: compare_test.sh (needs bash, awk, diff; no QEMU)
set -u
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/real" "$T/emul"
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

printf 'same x\nbuddy x\nmem x\ncma x\nlost x\n' >"$T/probes"
printf '*\t^mem: MemTotal:\tthe image\n' >"$T/known"
printf '*\t^buddy: Node 0, zone +Normal\tpages:1024\tper-CPU lists\n*\t^cma: (CmaFree:|drop)\teach:16\tper-CPU lists\n' >"$T/tol"
out() { printf "$3" >"$T/$1/$2.out"; echo "${4:-0}" >"$T/$1/$2.rc"; }
out real same 'a: 1\nb: 2\n'
out emul same 'a: 1\nb: 2\n'
# free pages (count x 2^order): 11,264 against 12,288 is 1,024 apart;
# 101,377 against 100,352 one page more; the columns at other widths
out real buddy 'Node 0, zone   Normal      0      0      0      0      0      0      0      0      0      2     10\nNode 0, zone   Normal      1      0      0      0      0      0      0      0      0      0     99\n'
out emul buddy 'Node 0, zone   Normal      0      0      0      0      0      0      0      0      0      0     12\nNode 0, zone   Normal      0      0      0      0      0      0      0      0      0      0     98\n'
out real mem 'MemTotal: 100 kB\n'
out emul mem 'MemTotal: 90 kB\n'
out real cma 'CmaFree: 100 kB\nused: 5\nCmaFree: 100 kB\ndrop -16 kB\ndrop -9 kB\n'
out emul cma 'CmaFree: 116 kB\nused: 6\nCmaFree: 117 kB\ndrop 0 kB\ndrop 9 kB\n'
out real lost 'begun\n' missing
rm "$T/real/lost.rc"
out emul lost 'begun\n'

KL_PROBES=$T/probes KL_KNOWN=$T/known KL_TOLERANCES=$T/tol \
	"$here/compare.sh" 7.2 board "$T/real" "$T/emul" >"$T/result" 2>&1
has() { grep -qE -- "$2" "$T/result" || { fail "$1: no line /$2/"; sed 's/^/  /' "$T/result"; }; }
has "a buddy pair 1024 pages apart is close" '^close  7.2 board buddy: Node 0, zone +Normal +0 .* 10: free pages apart 1024 \(within 1024: per-CPU lists\)'
has "a buddy pair 1025 pages apart fails" '^DIFF   7.2 board real buddy: Node 0, zone +Normal +1 .* 99$'
has "and its emulated line too" '^DIFF   7.2 board emul buddy: Node 0, zone +Normal +0 .* 98$'
has "a listed cause is known, both sides" '^known  7.2 board real mem: MemTotal: 100 kB  \(the image\)'
has "a listed cause is known, emulated side" '^known  7.2 board emul mem: MemTotal: 90 kB'
has "every number within 16 is close" '^close  7.2 board cma: CmaFree: 100 kB: largest difference 16 '
has "a number 17 apart fails" '^DIFF   7.2 board emul cma: CmaFree: 117 kB'
has "a negative number is signed: -16 against 0 is close" '^close  7.2 board cma: drop -16 kB: largest difference 16 '
has "and -9 against 9 is 18 apart" '^DIFF   7.2 board real cma: drop -9 kB'
has "a line no tolerance names fails" '^DIFF   7.2 board real cma: used: 5'
has "a probe that did not finish fails" '^DIFF   7.2 board real lost: exit missing'
has "the counts" '^7\.2 board: 7 passed, 10 failed, 2 known, 3 close$'

# an image's boot (VER/LABEL): entries for its version apply, entries for
# another image of that version do not
printf '7.2/other\t^mem: MemTotal:\tanother image\n7.2\t^same: a:\tthe version\n' >"$T/known2"
out emul same 'a: 9\nb: 2\n'
KL_PROBES=$T/probes KL_KNOWN=$T/known2 KL_TOLERANCES=$T/tol \
	"$here/compare.sh" 7.2/img board "$T/real" "$T/emul" >"$T/result" 2>&1
has "a version's entry applies to its images" '^known  7.2/img board real same: a: 1  \(the version\)'
has "another image's entry does not" '^DIFF   7.2/img board real mem: MemTotal: 100 kB'
has "and the tolerances of the version" '^close  7.2/img board cma: CmaFree: 100 kB'
[ $fails = 0 ] && echo "compare: all checks passed"
exit $((fails != 0))
