#!/bin/sh
# host_paths_test.sh SOCMEM PRELOAD - no path form reaches the host's zram.
# Every way a shell or tool names a zram file - absolute, relative to a
# working directory entered in another process, relative to a directory
# fd (find, lsblk), through "..", the sysfs links and the host's own
# /sys/dev/block/MAJ:MIN links - run under strace with the preload in
# front: the emulated system answers, the host's zram devices are exactly
# as they were, and no system call that takes a path names one of them
# (reading the host's link text aside). Needs a host with a zram device
# and strace; says why it is skipped otherwise.
set -u
S=$1 P=$2
fails=0
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

if ! ls /sys/block/zram* >/dev/null 2>&1; then
	echo "SKIP: this host has no zram device to keep away from"
	exit 77
fi
if ! command -v strace >/dev/null; then
	echo "SKIP: strace is not installed"
	exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/socmem-hp.XXXXXX") || exit 2
STATE=$T/state
mkdir -m 700 "$STATE"
export SOCMEM_STATE=$STATE SOCMEM_IDLE_EXIT=60
cleanup() {
	"$S" reset >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

host_state() {
	env -u LD_PRELOAD sh -c '
	for d in /sys/block/zram*; do
		for a in disksize comp_algorithm mm_stat io_stat initstate; do
			printf "%s/%s: " "$d" "$a"; cat "$d/$a" 2>&1
		done
	done
	cat /proc/swaps' > "$1" 2>&1
}
# never run the steps without the library in front of them
mt=$(LD_PRELOAD=$P awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null)
host_mt=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
if [ -z "$mt" ] || [ "$mt" = "$host_mt" ]; then
	echo "FAIL the preload library is not active ($P)"
	exit 1
fi
host_state "$T/before"
# the host's own links to its zram devices, by number
hostnum=$(cat /sys/block/zram0/dev 2>/dev/null)

cat > "$T/steps.sh" <<EOF
modprobe zram num_devices=2
cd /sys/block && cat zram0/disksize && /bin/echo 64M > zram1/disksize
cd /sys/block/zram0 && cat disksize mm_stat && sh -c 'cat comp_algorithm'
cat ../zram1/disksize ../../block/zram0/dev
cd /dev && dd if=/dev/zero of=zram1 bs=4096 count=4 conv=nocreat 2>/dev/null && echo dd done
cd / && cat /sys/block/zram0/../zram0/initstate
cat /sys/dev/block/$hostnum/disksize 2>&1 | sed 's/.*: //'
test -e /sys/dev/block/$hostnum/disksize || echo no host link
ls /sys/block | grep zram
find /sys/block -name 'zram*' | sort
ls -d /sys/block/zram1/.. /sys/class/block/zram0/../../block
EOF
strace -f -y -qq -E LD_PRELOAD=$P -o "$T/trace" -e trace=%file \
	bash "$T/steps.sh" > "$T/out" 2> "$T/err"
cat > "$T/expect" <<EOF
0
0
       0        0        0        0        0        0        0        0        0
lzo-rle [lz4] lz4hc zstd deflate 842
67108864
252:0
dd done
0
No such file or directory
no host link
zram0
zram1
/sys/block/zram0
/sys/block/zram1
/sys/block/zram1/..
/sys/class/block/zram0/../../block
EOF
# the algorithm list is the profile's: compare the rest
sed '4d' "$T/out" > "$T/out2"; sed '4d' "$T/expect" > "$T/expect2"
cmp -s "$T/expect2" "$T/out2" || {
	fail "what the steps printed"
	diff "$T/expect2" "$T/out2"
	sed 's/^/  err: /' "$T/err"
}
grep -q "zstd" "$T/out" || fail "comp_algorithm through a child's relative path"

# a host zram path in any path-taking call (but readlink, and the
# emulated system's stand-ins under the state directory) reached it
grep -E 'zram[0-9]|zram-control|module/zram|/sys/dev/block/'"$hostnum"'\b|/dev/block/'"$hostnum"'\b' "$T/trace" |
	grep -v "$STATE" | grep -Ev "^[0-9]+ +readlinkat?\\(|readlinkat resumed" |
	grep -Ev '^[0-9]+ +(execve|\+\+\+|---)' > "$T/reached"
[ -s "$T/reached" ] && {
	fail "system calls that named the host's zram"
	head -20 "$T/reached"
}
host_state "$T/after"
cmp -s "$T/before" "$T/after" || {
	fail "the host's zram changed"
	diff "$T/before" "$T/after"
}
[ $fails = 0 ] && echo "host paths: no path form reached the host's zram"
exit $((fails != 0))
