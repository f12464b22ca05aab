#!/bin/sh
# qcom_boards_test.sh - `socmem carve` on the nine upstream Qualcomm boards
# of examples/boards/qcom (Linux 6.12's sources under src/, with the
# kernel's include paths), each in its boot environment (BOARD.env), as a
# BSP engineer edits them:
#
#   add a CMA pool (video_mem 8M --cma: a label every tree already uses);
#   resize a carve-out that has room above it (the first static region
#     on 1 MiB whose gap to the next region takes 1 MiB more, found from
#     `socmem boot`'s table, not named here);
#   remove a carve-out that an included file defines and no node uses;
#
# each --in-place, must change the top-level .dts and no other file,
# compile (cpp + dtc as the kernel's build runs them), boot (the table
# shows the edit) and leave `socmem check` with no finding it did not
# have (the added pool's own "no node uses it" note aside); and a resize
# that would have to move the firmware carve-out above it is refused
# (exit 1) with the room and the alternatives, changing nothing. On
# qcs6490-rb3gen2 and sm8550-qrd also issue 13's exact case: `carve resize
# smem 64M` exits 1 and changes nothing.
# Usage: qcom_boards_test.sh SOCMEM QCOM-DIR
set -u
SOCMEM=$1 QCOM=$2
BOARDS="qcs6490-rb3gen2 qcm6490-idp sm8550-qrd sm8450-hdk sm8650-qrd
qrb5165-rb5 sdm845-db845c sc7280-herobrine-crd sc7280-herobrine-villager-r1"
for tool in cpp dtc; do
	command -v $tool >/dev/null || { echo "SKIP: no $tool"; exit 77; }
done
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0 n=0
MiB=1048576

fail() { echo "FAIL $b: $*"; fails=$((fails + 1)); }

# A fresh copy of the sources in $T/w; the pristine one is $QCOM/src.
fresh() { rm -rf "$T/w"; cp -r "$QCOM/src" "$T/w"; }

# socmem carve/check/... on board $b in its environment, from src/qcom
sm() { # CMD ARGS...
	(cd "$T/w/qcom" && "$SOCMEM" "$@" $board_opts -I ../include)
}

# The files that differ from the pristine sources, FILE.orig left out.
changed() {
	diff -rq "$QCOM/src" "$T/w" 2>&1 | grep -v '\.orig$' |
		sed -e 's|^Files .*/w/\([^ ]*\) differ$|\1|' -e 's|^Only in .*/w/\(.*\): |\1/|'
}

# The board's DTB as the kernel's build makes it from $T/w.
compile() { # OUT.dtb
	cpp -nostdinc -undef -x assembler-with-cpp -D__DTS__ \
		-I "$T/w/qcom" -I "$T/w/include" "$T/w/qcom/$b.dts" -o "$T/pp" &&
		dtc -q -I dts -O dtb -o "$1" "$T/pp"
}

# check's findings (stdin) without their FILE:LINE (an edit shifts lines)
findings() {
	grep -E ': (error|warning|info): .*\[[a-z0-9-]+\]$' |
		sed -E 's/^[^ ]*: (error|warning|info): /\1: /; s/^[^ ]*: [^ ]*: (error|warning|info): /\1: /' | sort
}

# boot's region table: NAME BASE END KIND FLAGS STATUS, one line each
table() { # DTB
	"$SOCMEM" boot --env "$QCOM/$b.env" "$1" |
		awk '/^NAME +BASE/ { t = 1; next } t && NF == 0 { t = 0 }
		     t { print $1, $2, $3, $(NF-2), $(NF-1), $NF }'
}

# table's lines in address order (hex of different lengths: by value)
by_base() {
	while read -r line; do
		set -- $line
		printf '%016x %s\n' $(($2)) "$line"
	done | sort | cut -d' ' -f2-
}

# The edit ($@ after carve) succeeds in place, touches only $b.dts,
# compiles and boots; $T/after.dtb and $T/new are left for the caller.
edit_ok() { # NAME CARVE-ARGS...
	name=$1; shift
	n=$((n + 1))
	fresh
	sm carve "$@" --in-place > "$T/out" 2>&1; r=$?
	if [ $r != 0 ]; then
		fail "$name: carve $*: exit $r"; sed 's/^/  /' "$T/out" | head -5; return 1
	fi
	ch=$(changed)
	[ "$ch" = "qcom/$b.dts" ] || { fail "$name: changed '$ch', want only qcom/$b.dts"; return 1; }
	compile "$T/after.dtb" || { fail "$name: the edited tree does not compile"; return 1; }
	table "$T/after.dtb" > "$T/after.tab" && [ -s "$T/after.tab" ] ||
		{ fail "$name: socmem boot fails on the edited DTB"; return 1; }
	sm check "$b.dts" 2>&1 | findings > "$T/new"
	extra=$(comm -13 "$T/base" "$T/new" | grep -v "^info: $allowed: no node's memory-region names it \[region-unused\]$")
	[ -z "$extra" ] || { fail "$name: new findings:"; echo "$extra" | sed 's/^/  /'; return 1; }
	return 0
}

# A refused edit: exit 1, the message matches, no file written.
refused() { # NAME PATTERN CARVE-ARGS...
	name=$1 pat=$2; shift 2
	n=$((n + 1))
	fresh
	sm carve "$@" --in-place > "$T/out" 2>&1; r=$?
	[ $r = 1 ] || { fail "$name: exit $r, want 1"; sed 's/^/  /' "$T/out" | head -5; }
	grep -qE -- "$pat" "$T/out" || { fail "$name: output lacks /$pat/"; sed 's/^/  /' "$T/out" | head -5; }
	[ -z "$(diff -rq "$QCOM/src" "$T/w")" ] || fail "$name: files changed: $(diff -rq "$QCOM/src" "$T/w")"
}

for b in $BOARDS; do
	board_opts="--env $QCOM/$b.env"
	fresh
	compile "$T/before.dtb" || { fail "the vendored sources do not compile"; continue; }
	cp "$T/pp" "$T/before.pp"
	n=$((n + 1))
	zcat "$QCOM/$b.dtb.gz" | cmp -s - "$T/before.dtb" ||
		fail "the shipped $b.dtb.gz is not what src/ compiles to (run regen.sh)"
	table "$T/before.dtb" > "$T/before.tab"
	sm check "$b.dts" > "$T/check" 2>&1
	findings < "$T/check" > "$T/base"
	[ -s "$T/before.tab" ] && [ -s "$T/base" ] || { fail "no region table or no findings"; continue; }

	# ---- add: a CMA pool; the label video_mem is taken on every tree
	allowed=video_mem
	if edit_ok add add "$b.dts" video_mem 8M --cma; then
		grep -q '^video_mem [^ ]* [^ ]* cma [^ ]* placed$' "$T/after.tab" ||
			fail "add: boot shows no placed CMA pool video_mem: $(grep video_mem "$T/after.tab")"
		if grep -q '^[[:space:]]*video_mem:' "$T/before.pp"; then
			grep -q 'label video_mem is taken by .*video_mem_1' "$T/out" &&
				grep -q '	video_mem_1: video_mem {' "$T/w/qcom/$b.dts" ||
				fail "add: the label video_mem is taken, but no video_mem_1 and no note"
		else
			grep -q '	video_mem: video_mem {' "$T/w/qcom/$b.dts" ||
				fail "add: the free label video_mem was not used"
		fi
	fi
	allowed=

	# ---- resize: the first carve-out on 1 MiB with 1 MiB free above it
	did=
	pick=$(by_base < "$T/before.tab" | awk '
		{ name[NR] = $1; base[NR] = $2; end[NR] = $3; kind[NR] = $4; st[NR] = $6 }
		END {
			for (i = 1; i < NR; i++)
				if (kind[i] == "carveout" && st[i] == "placed")
					print name[i], base[i], end[i], base[i+1]
		}' | while read -r nm bs en nx; do
			bs=$((bs)) en=$((en + 1)) nx=$((nx))
			[ $((bs % MiB)) = 0 ] || continue
			new=$(( (en - bs + MiB - 1) / MiB * MiB + MiB ))
			[ $((bs + new)) -le $nx ] && { echo "$nm $new"; break; }
		done)
	if [ -z "$pick" ]; then
		fail "resize: no carve-out with 1 MiB of room"
	else
		set -- $pick
		did="resize $1 to $(($2 / MiB)) MiB"
		if edit_ok "resize $1" resize "$b.dts" "$1" "$2"; then
			set -- "$1" "$2" $(awk -v r="$1" '$1 == r { print $2, $3 }' "$T/after.tab")
			[ $# = 4 ] && [ $(($4 + 1 - $3)) = "$2" ] ||
				fail "resize $1: boot shows ${3:-nothing}-${4:-}, want $2 bytes"
		fi
	fi

	# ---- remove: a carve-out of an included file that no node uses
	rm_node=$(awk '
		/^memory-region users:/ { u = 1; next }
		u && $2 == "-" { sub(":$", "", $1); print $1 }' "$T/check" |
		while read -r nm; do
			f=$(grep -F ": info: $nm: no node's memory-region" "$T/check" | cut -d: -f1)
			case $f in *.dtsi) echo "$nm"; break ;; esac
		done)
	if [ -z "$rm_node" ]; then
		fail "remove: no unused carve-out defined in a .dtsi"
	elif edit_ok "remove $rm_node" remove "$b.dts" "$rm_node" --move "$rm_node"; then
		grep -q "^$rm_node " "$T/after.tab" && fail "remove $rm_node: still booted"
		grep -q '^/delete-node/ &' "$T/w/qcom/$b.dts" ||
			grep -q '^/delete-node/ &{' "$T/w/qcom/$b.dts" ||
			fail "remove $rm_node: no /delete-node/ override in $b.dts"
	fi

	# ---- refused: growing a firmware carve-out into the one above it
	# (the first carve-out less than 1 MiB below a no-map one)
	pick=$(by_base < "$T/before.tab" | awk '
		{ name[NR] = $1; base[NR] = $2; end[NR] = $3; kind[NR] = $4; fl[NR] = $5 }
		END {
			for (i = 1; i < NR; i++)
				if (kind[i] == "carveout" && kind[i+1] == "carveout" && fl[i+1] == "no-map")
					print name[i], base[i], end[i], name[i+1], base[i+1]
		}' | while read -r nm bs en nx nb; do
			[ $((nb - en - 1)) -lt $MiB ] && { echo "$nm $bs $nx $nb"; break; }
		done)
	set -- $pick
	if [ $# = 4 ]; then
		grow=$(( ($4 - $2 + MiB - 1) / MiB * MiB + MiB ))
		did="$did; remove $rm_node; refused: grow $1 into $3"
		refused "resize into $3" "cannot grow .*$3 right above it is a firmware carve-out.*Room: .*Alternatives: .*--cma.*--move $3" \
			resize "$b.dts" "$1" "$grow"
	else
		fail "refused: no two neighbouring carve-outs"
	fi
	echo "$b: $did"
	# ---- issue 13's words: the environment as options, not a file
	case $b in qcs6490-rb3gen2|sm8550-qrd)
		board_opts="--loader efi --memory 0x80000000:8G"
		allowed=video_mem
		edit_ok "add (options)" add "$b.dts" video_mem 8M --cma
		allowed=
		refused "resize smem 64M" "smem@[0-9a-f]+ cannot grow to 64 MiB: .*Alternatives:" \
			resize "$b.dts" smem 64M ;;
	esac
done
[ $fails -gt $n ] && n=$fails
echo "$((n - fails)) passed, $fails failed"
[ $fails = 0 ]
