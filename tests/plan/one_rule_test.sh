#!/bin/sh
# one_rule_test.sh - no layer above boot applies a kernel rule of its own.
#
#   - of the kernel profile (struct sm_profile), src/plan reads only which
#     kernel it is (id, name, release); the other layers and tools also
#     read the build facts they model themselves (page_shift, max_order,
#     cma_alignment, cma_sysfs, cma_debugfs, the
#     .config they came from: kconfig) and which release was asked for and which
#     recorded build models it (requested, modelled), never a switch of
#     boot's behaviour (the
#     reserved-memory flow, property parsing, CMA slots, ...);
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

fields=$(grep -no 'profile->[a-z_]*' "$top"/src/plan/*.c |
	grep -v -e 'profile->name$' -e 'profile->id$' -e 'profile->release$')
report "src/plan reads kernel-profile behaviour (boot's rules):" "$fields"

others=$(grep -rno 'profile->[a-z_]*' --include='*.c' "$top/tools" \
	"$top/src" | grep -v -e "^$top/src/boot/" -e "^$top/src/plan/" |
	grep -v -e '->name$' -e '->id$' -e '->release$' -e '->page_shift$' \
		-e '->max_order$' -e '->cma_alignment$' -e '->cma_sysfs$' -e '->cma_debugfs$' -e '->kconfig$' \
		-e '->requested$' -e '->modelled$')
report "a layer above boot reads a switch of boot's behaviour:" "$others"

props=$(grep -n 'sm_dt_prop([^"]*"\(reg\|size\|alignment\|alloc-ranges\)"' \
	"$top"/src/plan/*.c | grep -v -e '/carve[a-z_]*\.c:' -e '/srcedit\.c:')
report "src/plan reads properties boot has already judged:" "$props"

[ $bad = 0 ] && echo "PASS: no layer above boot applies a kernel rule of its own"
exit $bad
