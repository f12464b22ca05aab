#!/bin/sh
# run.sh SOCMEM DIR - `socmem logdiff --format json` on every field case
# under DIR; fails on any difference whose reason is "model", on a case
# logdiff cannot read (exit 2), on a case whose meta.txt lacks its
# source, kernel, loader or sections, and when the parts of the log the
# parser finds are not the sections meta.txt lists. Prints one line per case and the
# totals (the figures in docs/fidelity.md).
set -u
socmem=$1
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cases=0 bad=0 lines=0 same=0 dtd=0 ldr=0 mdl=0
for meta in "$dir"/*/meta.txt; do
	case=$(dirname "$meta")
	name=$(basename "$case")
	cases=$((cases + 1))
	for key in source dts kernel loader sections; do
		if ! grep -q "^$key: ." "$meta"; then
			echo "FAIL $name: meta.txt has no $key"
			bad=$((bad + 1))
		fi
	done
	gzip -dc "$case/board.dtb.gz" >"$tmp/board.dtb"
	"$socmem" logdiff --format json "$case/dmesg.log" "$tmp/board.dtb" \
		>"$tmp/out.json" 2>"$tmp/err"
	rc=$?
	if [ $rc -gt 1 ] || ! grep -q '"schema": "socmem-logdiff/1"' "$tmp/out.json"; then
		echo "FAIL $name: logdiff exited $rc: $(head -1 "$tmp/err")"
		bad=$((bad + 1))
		continue
	fi
	# the parser must find exactly the parts meta.txt lists
	seen=$(tr -d '\n ' <"$tmp/out.json" |
		sed -n 's/.*"sections_seen":\[\([^]]*\)\].*/\1/p' |
		tr -d '"' | tr ',' ' ')
	want=$(sed -n 's/^sections: //p' "$meta")
	if [ "$seen" != "$want" ]; then
		echo "FAIL $name: the log has [$seen], meta.txt says [$want]"
		bad=$((bad + 1))
	fi
	n=$(grep -c '"status": ' "$tmp/out.json")
	s=$(grep -c '"status": "same"' "$tmp/out.json")
	d=$(grep -c '"reason": "dt-differs"' "$tmp/out.json")
	l=$(grep -c '"reason": "loader-unknown"' "$tmp/out.json")
	m=$(grep -c '"reason": "model"' "$tmp/out.json")
	lines=$((lines + n)) same=$((same + s))
	dtd=$((dtd + d)) ldr=$((ldr + l)) mdl=$((mdl + m))
	if [ "$m" -gt 0 ]; then
		echo "FAIL $name: $m model difference(s):"
		grep -B4 '"reason": "model"' "$tmp/out.json" | grep '"what"\|"log"\|"predicted"'
		bad=$((bad + 1))
	else
		echo "ok   $name: $n lines, $s same, $d dt-differs, $l loader-unknown"
	fi
done
echo "field: $cases cases, $lines compared lines: $same same, $dtd dt-differs, $ldr loader-unknown, $mdl model"
if [ "$cases" -eq 0 ]; then
	echo "FAIL: no field case under $dir"
	exit 1
fi
[ "$bad" -eq 0 ]
