#!/bin/sh
# shells_test.sh SOCMEM PRELOAD DATAFILE ELF ORACLE - the guide's zram steps
# typed into every shell people use (bash, zsh, busybox sh, dash, mksh)
# under libsocmem-preload.so: the shells' builtin echo and printf with
# '>', '>>' and 'exec 3>' store (bash and zsh write through glibc's
# internal write: trap.c), the kernel's errors come back to the shell
# ("echo: write error: Device or resource busy"), read from a served
# file (also with a timeout: poll), and after 'echo lzo-rle >
# comp_algorithm; echo 256M > disksize; dd mixed.bin to /dev/zram0',
# mm_stat is what Linux 6.1 printed for the same data (ORACLE). A shell
# that is not installed, or is a static binary (no preload reaches it),
# is skipped with the reason. SOCMEM_TEST_BUSYBOX names another busybox;
# where the host's is Debian's busybox-static, which no preload reaches,
# scripts/test-busybox.sh unpacks Debian's dynamic one into a cache.
set -u
S=$1 P=$2 DATAFILE=$3 ELF=$4 ORACLE=$5
. "$(dirname "$0")/lib.sh"
zram_test_begin sh
ran=0

"$DATAFILE" mixed.bin "$ELF" > "$T/mixed.bin" || exit 2
want=$(sed -n 's/^ZRAM mixed.bin lzo-rle mm_stat: //p' "$ORACLE")
[ -n "$want" ] || { echo "no mixed.bin lzo-rle mm_stat in $ORACLE"; exit 2; }

# the steps as typed; $1 is the data file
cat > "$T/steps" <<'EOF'
modprobe zram
echo lzo-rle > /sys/block/zram0/comp_algorithm
echo 256M > /sys/block/zram0/disksize
echo 128M > /sys/block/zram0/disksize && echo "resized: no error"
cd /sys/block/zram0
printf '%s\n' 64M >> disksize || echo "append: refused"
exec 3< disksize
read size <&3
exec 3<&-
echo "disksize: $size"
read -r algo < comp_algorithm
echo "algorithm: $algo"
cd /
dd if="$1" of=/dev/zram0 bs=4096 2>/dev/null
cat /sys/block/zram0/mm_stat
exec 4> /sys/block/zram0/reset
echo 1 >&4
exec 4>&-
cat /sys/block/zram0/disksize
EOF
expect() {
	cat <<EOF
resized: no error
append: refused
disksize: 268435456
algorithm: lzo [lzo-rle] lz4 lz4hc zstd
$want
0
EOF
}

for sh in bash zsh "busybox sh" dash mksh; do
	bin=$(command -v "${sh%% *}") || { echo "SKIP $sh: not installed"; continue; }
	case $sh in "busybox sh") bin=${SOCMEM_TEST_BUSYBOX:-$bin} ;; esac
	# a static busybox: Debian's dynamic one, unpacked into a cache
	if [ "$sh" = "busybox sh" ] && file -L "$bin" 2>/dev/null | grep -q "statically linked"; then
		bin=$(sh "$(dirname "$0")/../../scripts/test-busybox.sh") || bin=$(command -v busybox)
	fi
	if file -L "$bin" 2>/dev/null | grep -q "statically linked"; then
		echo "SKIP $sh: $bin is a static binary (LD_PRELOAD cannot reach it)"
		continue
	fi
	STATE=$T/state
	rm -rf "$STATE"
	mkdir -m 700 "$STATE"
	export SOCMEM_STATE=$STATE SOCMEM_KERNEL=6.1 SOCMEM_IDLE_EXIT=60
	# zsh: sh emulation, as the steps are sh
	case $sh in
	zsh) set -- zsh --emulate sh ;;
	"busybox sh") set -- "$bin" sh ;;
	*) set -- $sh ;;
	esac
	LD_PRELOAD=$P "$@" "$T/steps" "$T/mixed.bin" > "$T/out" 2> "$T/err"
	ran=$((ran + 1))
	# the second disksize and the '>>' fail as on the kernel (EBUSY;
	# dash's builtins say "I/O error" for any failed write, busybox's
	# echo fails without a word (its printf does say it)
	busy="device or resource busy" nerr=2
	[ "$sh" = dash ] && busy="I/O error"
	[ "$sh" = "busybox sh" ] && nerr=1
	[ "$(grep -ic "$busy" "$T/err")" = $nerr ] ||
		fail "$sh: no error for a second disksize and its '>>'"
	grep -v "resized: no error" "$T/out" > "$T/out2"
	expect | grep -v "resized: no error" | cmp -s - "$T/out2" || {
		fail "$sh: the guide's steps"
		expect | grep -v "resized: no error" | diff - "$T/out2" | sed 's/^/  /'
		sed 's/^/  err: /' "$T/err"
	}
	grep -q "resized: no error" "$T/out" && fail "$sh: a second disksize succeeded"
	"$S" reset > /dev/null 2>&1
	STATE=
done
[ $ran = 0 ] && { echo "SKIP: no shell could run"; exit 77; }
[ $fails = 0 ] && echo "the guide's zram steps in $ran shells: all checks passed"
exit $((fails != 0))
