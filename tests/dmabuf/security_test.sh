#!/bin/sh
# security_test.sh - issue 10's findings, each as the attack or accident
# that showed it: a daemon someone else runs or set up, a daemon that
# lies, hangs or dies on a request, lengths at the top of the 64-bit
# range, a dma-buf fd outliving its daemon, a client that never reads,
# the daemon out of fds, its log under a flood, the ways a mapped
# buffer's fd gets closed, and SIGTERM.
# Usage: security_test.sh SOCMEM SOCMEMD PRELOAD SEC_PROBE FAKE_SOCMEMD
set -u
S=$1 D=$2 P=$3 PROBE=$4 FAKE=$5
T=$(mktemp -d "${TMPDIR:-/tmp}/socmem-sec.XXXXXX") || exit 2
export SOCMEM_DAEMON=$D SOCMEM_IDLE_EXIT=120 SOCMEM_TEST_SOCMEM=$S
unset XDG_RUNTIME_DIR
fails=0
FPID=
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
under() { LD_PRELOAD=$P "$@"; }
cleanup() {
	[ -n "$FPID" ] && kill "$FPID" 2>/dev/null
	for s in "$T"/real*; do
		[ -d "$s" ] && SOCMEM_STATE=$s "$S" reset >/dev/null 2>&1
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# fake DIR MODE [UID]: a fake daemon listening in DIR, its log in DIR.log
fake() {
	"$FAKE" "$@" >"$1.log" 2>&1 &
	FPID=$!
	for i in $(seq 100); do grep -q ready "$1.log" && return; sleep 0.05; done
	fail "fake daemon in $1 did not start"
}
unfake() { kill "$FPID" 2>/dev/null; wait "$FPID" 2>/dev/null; FPID=; }
# real NAME: a private state directory for a real socmemd
real() { mkdir -m 700 "$T/real$1"; export SOCMEM_STATE=$T/real$1; }

# ---- finding 1: nobody else's daemon, no trusted counts --------------------

# a state directory others can write to: the client never connects there
mkdir -m 755 "$T/open"
fake "$T/open" spy
out=$(SOCMEM_STATE=$T/open under timeout 20 "$PROBE" open 2>/dev/null)
[ "$out" = ENODEV ] || fail "1: open with a 0755 state directory: '$out'"
grep -q connected "$T/open.log" && fail "1: connected in a 0755 state directory"
unfake

if [ "$(id -u)" = 0 ]; then
	# the default directory pre-created by another user, daemon inside
	mkdir -m 700 "$T/tmp" "$T/tmp/socmem-0"
	fake "$T/tmp/socmem-0" spy
	chown -R 65534 "$T/tmp/socmem-0"
	out=$(env -u SOCMEM_STATE TMPDIR=$T/tmp LD_PRELOAD=$P \
		timeout 20 "$PROBE" open 2>"$T/err")
	[ "$out" = ENODEV ] || fail "1: open with a foreign state directory: '$out'"
	grep -q connected "$T/tmp/socmem-0.log" &&
		fail "1: connected in another user's state directory"
	grep -q "must be owned by you" "$T/err" || fail "1: no one-line reason"
	unfake
	# our directory, but the daemon in it runs as another uid
	mkdir -m 700 "$T/peer"
	fake "$T/peer" spy 65534
	out=$(SOCMEM_STATE=$T/peer under timeout 20 "$PROBE" open 2>/dev/null)
	[ "$out" = ENODEV ] || fail "1: open with a daemon of uid 65534: '$out'"
	grep -q "^req" "$T/peer.log" && fail "1: asked a daemon of uid 65534"
	unfake
else
	echo "SKIP foreign-owned directory and peer uid: need root to be another user"
fi

# replies whose counts claim more than was sent: an error, not a crash
mkdir -m 700 "$T/liar"
fake "$T/liar" liar
out=$(SOCMEM_STATE=$T/liar under timeout 20 "$PROBE" stat 2>/dev/null); rc=$?
[ $rc = 1 ] && [ "$out" = EPROTO ] || fail "1: stat with a lying daemon: rc $rc '$out'"
unfake

# ---- finding 2: no request hangs anything, none is replayed -------------------

mkdir -m 700 "$T/mute"
fake "$T/mute" mute
out=$(SOCMEM_STATE=$T/mute SOCMEM_TIMEOUT=1 under timeout 20 "$PROBE" open 2>/dev/null); rc=$?
[ $rc = 1 ] || fail "2: open with a daemon that never answers: rc $rc '$out'"
unfake

# a daemon that dies on an allocation: EIO, and the request is not resent
mkdir -m 700 "$T/crash"
fake "$T/crash" crash
out=$(SOCMEM_STATE=$T/crash under timeout 20 "$PROBE" alloc system 4096 2>/dev/null)
[ "$out" = EIO ] || fail "2: alloc when the daemon dies on it: '$out'"
n=$(grep -c "^req 1 3$" "$T/crash.log")
[ "$n" = 1 ] || fail "2: the allocation was sent $n times"
unfake

real 2
under timeout 60 "$PROBE" huge || fail "2: lengths at the top of the range"

# ---- finding 3: a stale fd never reaches another buffer -----------------------

real 3
under timeout 60 "$PROBE" stale || fail "3: a dma-buf fd across a restart"

# ---- finding 4: bounded under load ---------------------------------------

real 4
under timeout 120 "$PROBE" logflood 5000
"$S" daemon log >"$T/log"
lines=$(wc -l <"$T/log") bytes=$(wc -c <"$T/log")
[ "$lines" -le 8192 ] && [ "$bytes" -le $((1 << 20)) ] ||
	fail "4: the log after 5000 failed allocations: $lines lines, $bytes bytes"
tail -1 "$T/log" | grep -q . || fail "4: the log lost its newest line"

# a client that sends and never reads: dropped, nobody else waits for it
env LD_PRELOAD="$P" "$PROBE" noread "$SOCMEM_STATE/socket" >"$T/noread" &
nr=$!
for i in $(seq 100); do [ -s "$T/noread" ] && break; sleep 0.05; done
timeout 20 "$S" heap alloc system 4K >/dev/null ||
	fail "4: an allocation while a client does not read its replies"
kill $nr 2>/dev/null; wait $nr 2>/dev/null
"$S" reset >/dev/null 2>&1

# the daemon takes the hard fd limit, and out of fds it refuses, not hangs
real 5
(ulimit -S -n 64; "$S" daemon start >/dev/null)
env LD_PRELOAD="$P" "$PROBE" hold 200 >"$T/hold" &
h=$!
for i in $(seq 200); do [ -s "$T/hold" ] && break; sleep 0.05; done
[ "$(cat "$T/hold")" = 200 ] || fail "4: 200 buffers with a soft limit of 64: $(cat "$T/hold")"
kill $h 2>/dev/null; wait $h 2>/dev/null
"$S" reset >/dev/null 2>&1
real 6
(ulimit -n 48; "$S" daemon start >/dev/null)
env LD_PRELOAD="$P" "$PROBE" hold 100 >"$T/hold" &
h=$!
for i in $(seq 200); do [ -s "$T/hold" ] && break; sleep 0.05; done
timeout 20 "$S" heap info >/dev/null 2>&1
[ $? = 124 ] && fail "4: a client hung while the daemon was out of fds"
kill $h 2>/dev/null; wait $h 2>/dev/null
sleep 0.2
timeout 20 "$S" heap alloc system 4K >/dev/null ||
	fail "4: no recovery once the fds were back"
"$S" reset >/dev/null 2>&1

# ---- finding 5: close paths, shutdown, SIGTERM ------------------------------

real 7
under timeout 60 "$PROBE" closepaths || fail "5: a mapped buffer whose fd was closed"
"$S" reset >/dev/null 2>&1

real 9
if command -v modprobe >/dev/null; then
	under sh -c 'modprobe zram && echo 64M >/sys/block/zram0/disksize' ||
		fail "5: zram0 under the preload"
	under timeout 60 "$PROBE" discard || fail "5: BLKDISCARD ranges"
	# hot_add adds its device to the mirror; zram0's stays as it was
	i0=$(stat -c %i "$SOCMEM_STATE/sys/block/zram0")
	id=$(under cat /sys/class/zram-control/hot_add)
	[ "$(stat -c %i "$SOCMEM_STATE/sys/block/zram0")" = "$i0" ] ||
		fail "5: hot_add rebuilt the whole mirror"
	under ls /sys/block/zram$id/disksize >/dev/null ||
		fail "5: hot_add's zram$id not listed"
	under sh -c "echo $id >/sys/class/zram-control/hot_remove"
	[ -e "$SOCMEM_STATE/sys/block/zram$id" ] && fail "5: hot_remove left zram$id"
else
	echo "SKIP BLKDISCARD: no modprobe (kmod)"
fi
"$S" reset >/dev/null 2>&1

real 8
"$D" --foreground 2>/dev/null &
d=$!
for i in $(seq 100); do [ -S "$SOCMEM_STATE/socket" ] && break; sleep 0.05; done
kill -TERM $d; wait $d; rc=$?
[ $rc = 0 ] || fail "5: socmemd exit $rc on SIGTERM"
[ -e "$SOCMEM_STATE/socket" ] && fail "5: socket left after SIGTERM"
[ -e "$SOCMEM_STATE/socmemd.pid" ] && fail "5: pid file left after SIGTERM"

[ $fails = 0 ] && echo "security: all checks passed"
exit $((fails != 0))
