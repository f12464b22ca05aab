#!/bin/sh
# guide_sample_test.sh - the platform guide's sample program under
# libsocmem-preload.so behaves as on a real Linux 6.12 with DMA-BUF heaps,
# the guide's map and cma=64M, stdin from /dev/null (issue 4, "Done
# means"): as written it prints "Allocated DMA buffer with fd 0" and fails
# SYNC with ENOTTY; with the fd taken from .fd it gets fd 4 and fails with
# EINVAL (no direction); with both fixed it exits 0. The exit status comes
# from perror's errno, so messages are compared, not statuses. With
# SOCMEM_SYNC_CHECK=report the checker names each mistake.
# Usage: guide_sample_test.sh SOCMEM PRELOAD CLOSEFDS GUIDE GUIDE_FD GUIDE_FIXED
set -u
SOCMEM=$1 PRELOAD=$2 CLOSEFDS=$3 GUIDE=$4 GUIDE_FD=$5 GUIDE_FIXED=$6
RUN=$(dirname "$0")/run_emulated.sh
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fails=0

# run NAME CHECK PROG: stdout to T/NAME.out, stderr to T/NAME.err
run() {
	SOCMEM_SYNC_CHECK=$2 sh "$RUN" "$SOCMEM" "$PRELOAD" "$CLOSEFDS" "$3" \
		</dev/null >"$T/$1.out" 2>"$T/$1.err"
	echo $? >"$T/$1.rc"
}
fail() { echo "FAIL $1"; for f in out err; do sed "s/^/  $f: /" "$T/$2.$f"; done; fails=$((fails + 1)); }
same() { # NAME FILE TEXT: FILE is exactly TEXT
	printf '%s\n' "$3" | cmp -s - "$T/$2" || fail "$1: $2 is not '$3'" "${2%.*}"
}
has() { grep -qF -- "$3" "$T/$2" || fail "$1: $2 lacks '$3'" "${2%.*}"; }
hasnt() { ! grep -qF -- "$3" "$T/$2" || fail "$1: $2 has '$3'" "${2%.*}"; }

run as-written "" "$GUIDE"
same as-written as-written.out "Allocated DMA buffer with fd 0"
same as-written as-written.err "ioctl DMA_BUF_IOCTL_SYNC start: Inappropriate ioctl for device"
[ "$(cat "$T/as-written.rc")" != 0 ] || fail "as-written: exit 0" as-written

run fd-fixed "" "$GUIDE_FD"
same fd-fixed fd-fixed.out "Allocated DMA buffer with fd 4"
same fd-fixed fd-fixed.err "ioctl DMA_BUF_IOCTL_SYNC start: Invalid argument"
[ "$(cat "$T/fd-fixed.rc")" != 0 ] || fail "fd-fixed: exit 0" fd-fixed

run fixed "" "$GUIDE_FIXED"
same fixed fixed.out "Allocated DMA buffer with fd 4"
[ ! -s "$T/fixed.err" ] || fail "fixed: stderr not empty" fixed
[ "$(cat "$T/fixed.rc")" = 0 ] || fail "fixed: exit $(cat "$T/fixed.rc")" fixed

# the checker names each mistake, and only the mistakes
run as-written-check report "$GUIDE"
has as-written-check as-written-check.err "socmem-sync-check: DMA_BUF_IOCTL_SYNC (START (no direction)) on fd 0, which is not a dma-buf; the most recently allocated dma-buf is fd 4: DMA_HEAP_IOCTL_ALLOC returns 0 and puts the new buffer's fd in dma_heap_allocation_data.fd"
has as-written-check as-written-check.err "ioctl DMA_BUF_IOCTL_SYNC start: Inappropriate ioctl for device"
run fd-fixed-check report "$GUIDE_FD"
has fd-fixed-check fd-fixed-check.err "socmem-sync-check: DMA_BUF_IOCTL_SYNC on dma-buf"
has fd-fixed-check fd-fixed-check.err "(heap system, fd 4) with flags 0x0 = START (no direction): no READ/WRITE direction, the kernel answers EINVAL"
hasnt fd-fixed-check fd-fixed-check.err "which is not a dma-buf"
run fixed-check report "$GUIDE_FIXED"
hasnt fixed-check fixed-check.err "socmem-sync-check"
same fixed-check fixed-check.out "Allocated DMA buffer with fd 4"

# =abort stops the program at the first mistake
run fd-fixed-abort abort "$GUIDE_FD"
has fd-fixed-abort fd-fixed-abort.err "stopping the program (SOCMEM_SYNC_CHECK=abort)"
hasnt fd-fixed-abort fd-fixed-abort.err "ioctl DMA_BUF_IOCTL_SYNC start"
[ "$(cat "$T/fd-fixed-abort.rc")" = 134 ] || fail "fd-fixed-abort: exit $(cat "$T/fd-fixed-abort.rc"), want 134 (SIGABRT)" fd-fixed-abort

[ $fails = 0 ] && echo "guide sample: all behaviours as on the real kernel"
exit $((fails != 0))
