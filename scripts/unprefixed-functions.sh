#!/bin/sh
# unprefixed-functions.sh - the house style names every non-static
# function sm_<layer>_...: list those that break it, from the built object
# files (what the linker sees, so macros and #ifdefs are resolved).
#   1. global functions without the sm_ prefix, by layer and file;
#   2. sm_<word>_ prefixes defined in more than one layer (e.g. sm_cma_).
# Static functions and the preload's interposed libc symbols (open, ioctl,
# ...: their names are libc's) are not counted; the CLI (tools/socmem,
# layer "socmem") uses cli_ and cmd_ and is listed apart.
# Usage: scripts/unprefixed-functions.sh [BUILD_DIR]   (default: build)
set -eu
B=${1:-build}
[ -d "$B/src" ] || { echo "no $B/src: build first (make build)" >&2; exit 2; }
T=$(mktemp); trap 'rm -f "$T"' EXIT
# (the preload compiles a few other layers' files into itself, under
# CMakeFiles/*/__/: they are counted once, in their own layer)
for o in $(find "$B/src" "$B/tools" -name '*.o' ! -path '*/__/*' | sort); do
	layer=$(echo "$o" | sed -n 's#.*/\(src\|tools\)/\([^/]*\)/CMakeFiles/.*#\2#p')
	file=$(basename "$o" .o)
	nm -g --defined-only "$o" | awk -v l="$layer" -v f="$file" \
		'$2 == "T" { print l, f, $3 }'
done | sort -u > "$T"
# the preload's exported symbols are libc's names by design
if [ -f src/preload/preload.map ]; then
	sed -n '/global:/,/local:/p' src/preload/preload.map |
		grep -oE '[A-Za-z_][A-Za-z0-9_]*;' | tr -d ';' | sort -u > "$T.libc"
	awk 'NR == FNR { libc[$1] = 1; next } !($1 == "preload" && libc[$3])' \
		"$T.libc" "$T" > "$T.x" && mv "$T.x" "$T"
	rm -f "$T.libc"
fi
echo "== non-static functions without the sm_ prefix"
awk '$3 !~ /^sm_/ { printf "%-8s %-22s %s\n", $1, $2, $3 }' "$T"
echo "-- count by layer"
awk '$3 !~ /^sm_/ { n[$1]++; t++ } END { for (l in n) printf "%-8s %d\n", l, n[l]; printf "total    %d\n", t }' "$T" | sort
echo
echo "== sm_<word>_ prefixes defined in more than one layer"
awk '$3 ~ /^sm_/ { split($3, p, "_"); k = "sm_" p[2] "_"; if (!(k SUBSEP $1 in seen)) { seen[k, $1] = 1; layers[k] = layers[k] " " $1; n[k]++ } }
     END { for (k in n) if (n[k] > 1) printf "%-14s%s\n", k, layers[k] }' "$T" | sort
