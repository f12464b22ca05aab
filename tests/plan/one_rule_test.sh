#!/bin/sh
# one_rule_test.sh - no layer above boot applies a kernel rule of its own.
#
#   - the kernel profile (struct sm_profile) is boot's: its body
#     (src/boot/profile.h) is included by no file outside src/boot, so no
#     other layer can read a switch of boot's behaviour (the
#     reserved-memory flow, property parsing, CMA slots, ...); they ask
#     socmem/profile.h's accessors, and src/plan only which kernel it is
#     (id, name, release, version), not even the build facts;
#   - src/plan does not read the /reserved-memory properties boot judges
#     (reg, size, alignment, alloc-ranges) to decide what the kernel did;
#     those come from boot's region outcomes. Only the source editors
#     (carve*, srcedit) read them, to rewrite them.
#
# Usage: one_rule_test.sh SRCDIR (the top of the tree)
top=${1:?usage: one_rule_test.sh SRCDIR}
[ -d "$top/src/plan" ] || { echo "FAIL $top: no src/plan"; exit 1; }
bad=0

report() {
	[ -z "$2" ] && return
	echo "FAIL: $1"
	echo "$2"
	bad=1
}

private=$(grep -rnE '^#include "[^"]*boot/[^"]*"' --include='*.c' \
	--include='*.h' "$top/tools" "$top/src" "$top/include")
report "a file outside src/boot includes boot's private headers:" "$private"

body=$(grep -rn 'struct sm_profile {' "$top/include" "$top/src" "$top/tools" |
	grep -v "^$top/src/boot/profile\.h:")
report "struct sm_profile's body outside src/boot/profile.h:" "$body"

# (the accessors are sm_boot_profile_* since issue 14's second rename;
# the old sm_profile_* is matched too, for a tree the rename has not
# reached)
fields=$(grep -noE 'sm_(boot_)?profile_[a-z_]+\(' "$top"/src/plan/*.c |
	grep -vE 'sm_(boot_)?profile_(id|name|release|version|find|names|default)\($')
report "src/plan reads more of the kernel profile than which kernel it is:" "$fields"

props=$(grep -n 'sm_dt_prop([^"]*"\(reg\|size\|alignment\|alloc-ranges\)"' \
	"$top"/src/plan/*.c | grep -v -e '/carve[a-z_]*\.c:' -e '/srcedit\.c:')
report "src/plan reads properties boot has already judged:" "$props"

[ $bad = 0 ] && echo "PASS: no layer above boot applies a kernel rule of its own"
exit $bad
