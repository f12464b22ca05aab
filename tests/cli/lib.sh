# lib.sh - what the CLI tests that check exit status and one output line
# share. Source it after setting nothing; it gives $T (a temporary
# directory, removed on exit), the counters n and fails, and:
#   fail MSG                           count a failure and print it
#   expect NAME STATUS PATTERN -- CMD  run CMD; its exit status must be
#        STATUS and a line of its stdout+stderr must match PATTERN (ERE;
#        empty: any). The output stays in $T/out for the next checks.
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0 n=0

fail() { echo "FAIL $*"; fails=$((fails + 1)); }

expect() {
	name=$1 want=$2 pat=$3; shift 4
	n=$((n + 1))
	"$@" >"$T/out" 2>&1; got=$?
	if [ "$got" != "$want" ]; then
		fail "$name: exit $got, want $want"; sed 's/^/  /' "$T/out" | head -5; return
	fi
	if [ -n "$pat" ] && ! grep -qE -- "$pat" "$T/out"; then
		fail "$name: output lacks /$pat/"; sed 's/^/  /' "$T/out" | head -5
	fi
}
