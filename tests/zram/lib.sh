# lib.sh - what the zram tests that run programs under libsocmem-preload.so
# share; sourced, with S (the socmem command) and P (the preload library)
# set. zram_test_begin NAME makes the scratch directory $T
# (socmem-NAME.XXXXXX); the emulated system whose state directory is in
# $STATE is reset, and $T removed, however the test ends. fail() counts a
# failure in $fails and shows what the step left in $T/out and $T/err.

zram_test_cleanup() {
	[ -n "$STATE" ] && SOCMEM_STATE=$STATE "$S" reset >/dev/null 2>&1
	rm -rf "$T"
}

zram_test_begin() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/socmem-$1.XXXXXX") || exit 2
	fails=0
	STATE=
	trap zram_test_cleanup EXIT
	trap 'exit 130' INT TERM
}

fail() {
	echo "FAIL $1"
	for f in out err; do
		[ -s "$T/$f" ] && sed "s/^/  $f: /" "$T/$f"
	done
	fails=$((fails + 1))
}

# one command under the preload library
under() { LD_PRELOAD=$P "$@"; }
