#!/bin/sh
# apply_rename_test.sh - scripts/apply-rename.sh on a small tree made here:
# it renames calls, declarations and comments, moves the lines aligned
# under a "(" with it, breaks a line it pushed past 80 columns, leaves file names, struct/enum tags and comments
# that cite the kernel alone (but for our own sm_ names in them), does
# nothing the second time, warns about an
# entry the tree no longer has, refuses (writing nothing) when a new name
# already exists, and rejects a map that renames in a chain.
# Usage: apply_rename_test.sh SOURCE_DIR
set -u
SRC=${1:?usage: apply_rename_test.sh SOURCE_DIR}
command -v perl >/dev/null || { echo "SKIP: no perl"; exit 77; }
T=$(mktemp -d)
# KEEP=1 keeps the tree for a look
if [ -n "${KEEP:-}" ]; then echo "tree: $T"; else trap 'rm -rf "$T"' EXIT; fi
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

mkdir -p "$T/scripts" "$T/src/zram" "$T/tools/socmem"
cp "$SRC/scripts/apply-rename.sh" "$T/scripts/"
cat > "$T/scripts/rename-map.txt" <<'EOF'
# a comment, then OLD NEW
zram_free_slot    sm_zram_free_slot
cmd_demo          sm_cli_cmd_demo
pl_probe_mode     sm_preload_probe_mode
sm_zs_probe       sm_zram_zs_probe
gone_function     sm_zram_gone
EOF
tab=$(printf '\t')
cat > "$T/src/zram/dev.c" <<EOF
/*
 * dev.c - the kernel's drivers/block/zram/zram_drv.c: zram_free_slot()
 * (checked by sm_zs_probe())
 */
enum pl_probe_mode pl_probe_mode(void);
int sm_zs_probe(void);

/* zram_free_slot(): release a slot */
int zram_free_slot(struct sm_zram *zram,
${tab}${tab}   int index)
{
${tab}return pl_probe_mode() ? zram_free_slot(zram, index) : 0;
}
EOF
printf 'add_executable(socmem cmd_demo.c)\n' > "$T/tools/socmem/CMakeLists.txt"
printf 'int cmd_demo(int argc, char **argv, const char *board, unsigned long flags);\n' > "$T/tools/socmem/cli.h"
printf 'Run `socmem demo` (cmd_demo.c, cmd_demo()).\n' > "$T/tools/socmem/README.md"

run() { (cd "$T" && sh scripts/apply-rename.sh "$@") > "$T/out" 2>&1; }

run; rc=$?
[ $rc -eq 0 ] || fail "first run exit $rc: $(cat "$T/out")"
grep -q 'renamed 4 functions' "$T/out" || fail "first run: $(cat "$T/out")"
grep -q 'not in the tree.*gone_function' "$T/out" || fail "no warning for gone_function"
d="$T/src/zram/dev.c"
grep -q '^int sm_zram_free_slot(struct sm_zram \*zram,$' "$d" || fail "definition not renamed"
# the parameter moves 3 columns right with the "(": 2 tabs + 6 spaces
grep -q "^${tab}${tab}      int index)$" "$d" || fail "continuation not realigned: $(sed -n 10p "$d")"
grep -q 'return sm_preload_probe_mode() ? sm_zram_free_slot(zram, index) : 0;$' "$d" || fail "calls not renamed"
grep -q '^/\* sm_zram_free_slot(): release a slot \*/$' "$d" || fail "comment not renamed"
grep -q 'zram_drv.c: zram_free_slot()$' "$d" || fail "the kernel's zram_free_slot renamed"
grep -q '^ \* (checked by sm_zram_zs_probe())$' "$d" || fail "our sm_zs_probe beside a kernel citation not renamed"
grep -q '^enum pl_probe_mode sm_preload_probe_mode(void);$' "$d" || fail "enum tag or function wrong: $(sed -n 5p "$d")"
grep -q '^add_executable(socmem cmd_demo.c)$' "$T/tools/socmem/CMakeLists.txt" || fail "file name renamed"
# pushed past 80 columns: broken after the last ", " that fits, aligned
grep -q '^int sm_cli_cmd_demo(int argc, char \*\*argv, const char \*board,$' "$T/tools/socmem/cli.h" &&
	grep -q "^${tab}${tab}    unsigned long flags);$" "$T/tools/socmem/cli.h" ||
	fail "header not renamed and wrapped: $(cat "$T/tools/socmem/cli.h")"
grep -q '(cmd_demo.c, sm_cli_cmd_demo())' "$T/tools/socmem/README.md" || fail "document: $(cat "$T/tools/socmem/README.md")"

# again: nothing to do, nothing changed
cp -r "$T/src" "$T/src.1"
run; rc=$?
[ $rc -eq 0 ] || fail "second run exit $rc"
grep -q 'renamed 0 functions.*4 already applied, 1 not found' "$T/out" || fail "second run: $(cat "$T/out")"
diff -r "$T/src" "$T/src.1" > /dev/null || fail "second run changed the tree"

# an old name back beside its new one: refused, nothing written
printf 'int cmd_demo(void);\n' >> "$T/tools/socmem/cli.h"
cp "$T/tools/socmem/cli.h" "$T/cli.h.before"
run; rc=$?
[ $rc -eq 1 ] || fail "collision: exit $rc, want 1"
grep -q 'refused.*' "$T/out" && grep -q 'cmd_demo -> sm_cli_cmd_demo' "$T/out" || fail "collision: $(cat "$T/out")"
cmp -s "$T/tools/socmem/cli.h" "$T/cli.h.before" || fail "collision: a file was written"

# a chain (a -> b, b -> c) depends on the order: a bad map
printf 'sm_a_x sm_b_x\nsm_b_x sm_c_x\n' > "$T/chain.txt"
run "$T/chain.txt"; rc=$?
[ $rc -eq 2 ] || fail "chain map: exit $rc, want 2"

[ $fails -eq 0 ] && echo "PASS apply-rename (9 properties)"
[ $fails -eq 0 ]
