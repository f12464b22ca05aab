#!/bin/sh
# plan_one_rule_test.sh - src/plan applies no kernel rule of its own: of
# the kernel profile it reads only which kernel it is (id, name, release),
# never a behaviour switch, and it does not read /reserved-memory's
# properties boot reads (reg, size, alignment, alloc-ranges) to decide
# what the kernel did; those come from boot's region outcomes.
# Usage: plan_one_rule_test.sh SRCDIR/src/plan
dir=${1:?usage: plan_one_rule_test.sh DIR}
[ -d "$dir" ] || { echo "FAIL $dir: no such directory"; exit 1; }
bad=0
fields=$(grep -no 'profile->[a-z_]*' "$dir"/*.c |
	grep -v -e 'profile->name$' -e 'profile->id$' -e 'profile->release$')
if [ -n "$fields" ]; then
	echo "FAIL: src/plan reads kernel-profile behaviour (boot's rules):"
	echo "$fields"
	bad=1
fi
# carve edits these properties in the source; nothing else reads them
props=$(grep -n 'sm_dt_prop([^"]*"\(reg\|size\|alignment\|alloc-ranges\)"' \
	"$dir"/*.c | grep -v -e '/carve[a-z_]*\.c:' -e '/srcedit\.c:')
if [ -n "$props" ]; then
	echo "FAIL: src/plan reads properties boot has already judged:"
	echo "$props"
	bad=1
fi
[ $bad = 0 ] && echo "PASS: src/plan applies no kernel rule of its own"
exit $bad
