#!/bin/sh
# unprefixed-functions.sh - the house style names every non-static
# function sm_<layer>_...: list those that break it, from the built object
# files (what the linker sees, so macros and #ifdefs are resolved).
#   1. global functions without the sm_ prefix, by layer and file;
#   2. sm_<word>_ prefixes defined in more than one layer (e.g. sm_cma_).
# Not counted: static functions, main(), and the preload's interposed libc
# symbols (open, ioctl, ...: their names are libc's). The CLI (tools/socmem,
# layer "socmem") is held to the same rule with the prefix sm_cli_.
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
awk '$3 !~ /^sm_/ { printf "%-8s %-22s %s\n", $1, $2, $3 }' "$T" > "$T.bare"
awk '$3 ~ /^sm_/ { split($3, p, "_"); k = "sm_" p[2] "_"; if (!(k SUBSEP $1 in seen)) { seen[k, $1] = 1; layers[k] = layers[k] " " $1; n[k]++ } }
     END { for (k in n) if (n[k] > 1) printf "%-14s%s\n", k, layers[k] }' "$T" | sort > "$T.shared"
[ -s "$T.bare" ] || [ -s "$T.shared" ] || exit 0
if [ -s "$T.bare" ]; then
	echo "== non-static functions without the sm_ prefix"
	cat "$T.bare"
	echo "-- count by layer"
	awk '{ n[$1]++; t++ } END { for (l in n) printf "%-8s %d\n", l, n[l]; printf "total    %d\n", t }' "$T.bare" | sort
fi
if [ -s "$T.shared" ]; then
	[ -s "$T.bare" ] && echo
	echo "== sm_<word>_ prefixes defined in more than one layer"
	cat "$T.shared"
fi
exit 1
