#!/bin/sh
# socmemd_test.sh - socmemd in the foreground, as a test can watch it:
# it serves clients, stops on request with exit 0, removes its socket and
# prints nothing (under ASan/UBSan any error or leak shows up here), and a
# second socmemd on the same state directory defers to the first.
# Usage: socmemd_test.sh SOCMEM SOCMEMD
set -u
SOCMEM=$1 SOCMEMD=$2
T=$(mktemp -d)
export SOCMEM_STATE=$T/state SOCMEM_DAEMON=$SOCMEMD
trap '"$SOCMEM" reset >/dev/null 2>&1; rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL $1"; sed 's/^/  /' "$T/daemon.err" 2>/dev/null; fails=$((fails + 1)); }

mkdir -m 700 "$SOCMEM_STATE"
"$SOCMEMD" --foreground 2>"$T/daemon.err" &
pid=$!
for i in $(seq 100); do [ -S "$SOCMEM_STATE/socket" ] && break; sleep 0.05; done
[ -S "$SOCMEM_STATE/socket" ] || fail "no socket"
"$SOCMEM" heap alloc system 8M --count 3 >/dev/null || fail "alloc"
"$SOCMEM" heap alloc reserved 65M >/dev/null 2>&1 && fail "65M from 64M of CMA"
"$SOCMEM" heap info >/dev/null || fail "info"
"$SOCMEMD" --foreground >"$T/second.out" 2>"$T/second.err"; rc=$?
[ $rc = 0 ] || fail "second socmemd: exit $rc"
"$SOCMEM" daemon stop || fail "stop"
wait $pid; rc=$?
[ $rc = 0 ] || fail "socmemd exit $rc"
[ ! -s "$T/daemon.err" ] || fail "socmemd wrote to stderr"
[ ! -e "$SOCMEM_STATE/socket" ] || fail "socket left behind"
[ $fails = 0 ] && echo "socmemd: all checks passed"
exit $((fails != 0))
