#!/bin/sh
# run_emulated.sh SOCMEM PRELOAD CMD...: run CMD against an emulated system
# of its own - a fresh private SOCMEM_STATE, libsocmem-preload.so in
# LD_PRELOAD - then stop that socmemd and remove its state, whatever CMD
# did. The exit status is CMD's. SOCMEM_KERNEL, SOCMEM_BOARD, ... pass
# through. (A test never leaves a daemon running: SOCMEM_IDLE_EXIT is a
# second line of defence should this script itself be killed.)
set -u
SOCMEM=$1 PRELOAD=$2; shift 2
SOCMEM_STATE=$(mktemp -d "${TMPDIR:-/tmp}/socmem-test.XXXXXX") || exit 2
chmod 700 "$SOCMEM_STATE"
export SOCMEM_STATE
: "${SOCMEM_IDLE_EXIT:=120}"
export SOCMEM_IDLE_EXIT
export SOCMEM_TEST_SOCMEM="$SOCMEM" SOCMEM_TEST_PRELOAD="$PRELOAD"
cleanup() {
	"$SOCMEM" reset >/dev/null 2>&1 || "$SOCMEM" daemon stop >/dev/null 2>&1
	rm -rf "$SOCMEM_STATE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
LD_PRELOAD="$PRELOAD${LD_PRELOAD:+:$LD_PRELOAD}" "$@"
