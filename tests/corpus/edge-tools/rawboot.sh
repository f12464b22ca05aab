#!/bin/bash
# Boot a real arm64 kernel on a DTB that QEMU does not touch: like oracle/boot.sh, but the
# kernel Image, the DTB and a 40-byte entry stub are placed with -device loader, so QEMU's
# own DTB fix-ups (memory node rewritten to 0x40000000+RAM, root #address-cells and
# #size-cells required, 1 or 2 cells only) do not happen. Use it for memory-node and
# root-cell cases that boot.sh cannot express.
# Usage: rawboot.sh KERNEL_DIR DTB "CMDLINE" RAM EFFECTIVE_DTB_OUT
#   The DTB's memory nodes are used as they are (they should describe RAM that QEMU has:
#   0x40000000 + RAM); /chosen/bootargs is set to boot.sh's fixed arguments + CMDLINE.
#   The Image goes to LOAD_BASE + 0x200000 and the DTB to LOAD_BASE + min(RAM/2, 128 MiB),
#   where QEMU's own loader puts them for LOAD_BASE = 0x40000000 (the default; set LOAD_BASE
#   to place both higher in QEMU's RAM, e.g. at the start of a memory node above 4 GiB); the
#   stub (at LOAD_BASE + 0x180000; QEMU keeps its own DTB at 0x40000000) enters the kernel
#   with x0 = DTB.
set -euo pipefail
K=$1 DTB=$2 CMD=$3 RAM=$4 EFF=$5
LOAD_BASE=$((${LOAD_BASE:-0x40000000}))
ram_bytes=$(python3 -c "import sys;s=sys.argv[1];m={'M':1<<20,'G':1<<30}[s[-1]];print(int(s[:-1])*m)" "$RAM")
half=$((ram_bytes / 2)); [ $half -lt $((128 << 20)) ] || half=$((128 << 20))
DTB_ADDR=$((LOAD_BASE + half))
KERNEL_ADDR=$((LOAD_BASE + 0x200000)) STUB_ADDR=$((LOAD_BASE + 0x180000))
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp "$DTB" "$T/in.dtb"
fdtput -t s "$T/in.dtb" /chosen bootargs "earlycon=pl011,0x9000000 keep_bootcon memblock=debug panic=-1 $CMD"
cp "$T/in.dtb" "$EFF"
python3 - "$T/stub.bin" "$DTB_ADDR" "$KERNEL_ADDR" <<'EOF'
import struct, sys
# ldr x0, =dtb; mov x1..x3, xzr; ldr x4, =kernel; br x4
w = [0x580000C0, 0xAA1F03E1, 0xAA1F03E2, 0xAA1F03E3, 0x58000084, 0xD61F0080]
open(sys.argv[1], "wb").write(b"".join(struct.pack("<I", x) for x in w) +
                              struct.pack("<QQ", int(sys.argv[2]), int(sys.argv[3])))
EOF
OUT=$T/out
qemu-system-aarch64 -machine virt -cpu cortex-a57 -m "$RAM" -nographic -no-reboot \
  -device loader,file="$K/vmlinuz",addr=$KERNEL_ADDR,force-raw=on \
  -device loader,file="$T/in.dtb",addr=$DTB_ADDR,force-raw=on \
  -device loader,file="$T/stub.bin",addr=$STUB_ADDR,force-raw=on,cpu-num=0 \
  </dev/null >"$OUT" 2>&1 &
QPID=$!
for _ in $(seq 150); do
  sleep 0.1
  kill -0 $QPID 2>/dev/null || break
  grep -qaE '\] (Memory: [0-9]+K/|Kernel panic|Unable to handle kernel)' "$OUT" && { sleep 0.2; break; }
done
kill $QPID 2>/dev/null || true; wait $QPID 2>/dev/null || true
tr -d '\r' < "$OUT" | awk '/Booting Linux on physical CPU/{n++} n<=1' \
  | sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' | grep -av '^qemu-system-aarch64:'
