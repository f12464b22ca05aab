#!/bin/sh
# unprefixed-functions.sh - the house style names every non-static
# function sm_<layer>_... (issue 14, STYLE.md rule 3): list those that
# break it, from the built object files (what the linker sees, so macros
# and #ifdefs are resolved). The rule is strict: a function that the
# objects of src/L (or tools/L) define starts with sm_L_, so a function
# sm_<object>_<verb> in src/boot breaks it as surely as <object>_<verb>
# would; the layer is the directory that defines the function, whichever
# headers declare it.
# The CLI (tools/socmem) is held to the same rule with the prefix sm_cli_.
# Not counted: static functions, main(), and the preload's interposed libc
# symbols (open, ioctl, ...: their names are libc's, preload.map lists
# them).
# Prints nothing and exits 0 when the tree follows the rule, else lists
# what breaks it and exits 1 (CTest runs it so: the lint label).
# scripts/rename-map.txt and scripts/apply-rename.sh fixed the names once.
# Usage: scripts/unprefixed-functions.sh [BUILD_DIR]   (default: build)
set -eu
B=${1:-build}
[ -d "$B/src" ] || { echo "no $B/src: build first (make build)" >&2; exit 2; }
T=$(mktemp); trap 'rm -f "$T" "$T".*' EXIT
# (the preload compiles a few other layers' files into itself, under
# CMakeFiles/*/__/: they are counted once, in their own layer)
for o in $(find "$B/src" "$B/tools" -name '*.o' ! -path '*/__/*' | sort); do
	layer=$(echo "$o" | sed -n 's#.*/\(src\|tools\)/\([^/]*\)/CMakeFiles/.*#\2#p')
	[ "$layer" = socmem ] && layer=cli
	# an object whose source is gone (a stale build tree) does not count
	src=$(echo "$o" | sed 's#^'"$B"'/##; s#CMakeFiles/[^/]*\.dir/##; s#\.o$##')
	[ -f "$src" ] || continue
	file=$(basename "$o" .o)
	nm -g --defined-only "$o" | awk -v l="$layer" -v f="$file" \
		'$2 == "T" && $3 != "main" { print l, f, $3 }'
done | sort -u > "$T"
# the preload's exported symbols are libc's names by design
if [ -f src/preload/preload.map ]; then
	sed -n '/global:/,/local:/p' src/preload/preload.map |
		grep -oE '[A-Za-z_][A-Za-z0-9_]*;' | tr -d ';' | sort -u > "$T.libc"
	awk 'NR == FNR { libc[$1] = 1; next } !($1 == "preload" && libc[$3])' \
		"$T.libc" "$T" > "$T.x" && mv "$T.x" "$T"
	rm -f "$T.libc"
fi
awk 'index($3, "sm_" $1 "_") != 1 { printf "%-8s %-22s %s\n", $1, $2, $3 }' "$T" > "$T.bad"
[ -s "$T.bad" ] || exit 0
echo "== non-static functions without their layer's sm_<layer>_ prefix"
cat "$T.bad"
echo "-- count by layer"
awk '{ n[$1]++ } END { for (l in n) printf "%-8s %d\n", l, n[l] }' "$T.bad" | sort
printf 'total    %d\n' "$(wc -l < "$T.bad")"
exit 1
