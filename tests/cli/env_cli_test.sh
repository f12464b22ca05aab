#!/bin/sh
# env_cli_test.sh - the boot environment as an input: a board without RAM
# is exit 2 naming the remedy; --memory/--loader/--page-size/--env/--env-from
# are checked and shown; the loaders place the image and the DTB by their
# rules; and the nine upstream Qualcomm boards (examples/boards/qcom) in
# their environment get no error from `check` that the kernel would not
# report, while QEMU's loader on the same banks gets many.
# Usage: env_cli_test.sh SOCMEM TESTS_DIR
set -u
SOCMEM=$1 TESTS=$2
QCOM=$TESTS/../examples/boards/qcom
SEED=$TESTS/../examples/boards/seed.dts
. "$(dirname "$0")/lib.sh"

zcat "$QCOM/qcs6490-rb3gen2.dtb.gz" > "$T/rb3.dtb"

# ---- no RAM: exit 2 with the remedy, not a table --------------------------
expect no-ram 2 'no RAM.*--memory BASE:SIZE.*--loader.*--env FILE.*--env-from LOG' -- $SOCMEM boot "$T/rb3.dtb"
expect no-ram-check 2 'no RAM' -- $SOCMEM check "$T/rb3.dtb"

# ---- bad values ------------------------------------------------------------
expect bad-memory 2 'memory 0x80000000: .*BASE:SIZE' -- $SOCMEM boot --memory 0x80000000 "$T/rb3.dtb"
expect bad-memory-size 2 'size > 0' -- $SOCMEM boot --memory 0x80000000:0 "$T/rb3.dtb"
expect bad-loader 2 'loader grub: must be qemu, uboot or efi' -- $SOCMEM boot --loader grub "$T/rb3.dtb"
expect bad-page 2 'page-size 8K: must be 4K, 16K or 64K' -- $SOCMEM boot --page-size 8K "$SEED"
printf 'loader = efi\nmemory 0x80000000:8G\n' > "$T/bad.env"
expect bad-env-line 2 'bad\.env:2: expected' -- $SOCMEM boot --env "$T/bad.env" "$T/rb3.dtb"
printf 'loader = efi\nbanks = 1\n' > "$T/bad2.env"
expect bad-env-key 2 "bad2\.env:2: banks: unknown key 'banks'" -- $SOCMEM boot --env "$T/bad2.env" "$T/rb3.dtb"
echo 'nothing here' > "$T/empty.log"
expect bad-log 2 'empty\.log: the log shows no memory ranges' -- $SOCMEM boot --env-from "$T/empty.log" "$T/rb3.dtb"
# an excerpt that starts inside "Early memory node ranges" (the header cut
# off, as pasted in an issue thread; leading blanks lost too): the node
# lines are the banks, and the output says RAM outside them is unknown
printf 'some text\n  node   0: [mem 0x0000000083600000-0x00000000842fffff]\nnode   0: [mem 0x000000009ae00000-0x00000000ba7fffff]\nZone ranges:\n' > "$T/cut.log"
expect log-headerless 0 'memory \(log\): 519 MiB in 2 ranges: 0x83600000-0x842fffff, 0x9ae00000-0xba7fffff.*RAM outside them is not known' -- sh -c "$SOCMEM boot --env-from $T/cut.log $T/rb3.dtb | tr '\n' ' '"
printf 'Initmem setup node 0 [mem 0x0000000080000000-0x00000000ffffffff]\n' > "$T/initmem.log"
expect log-not-node-line 2 'initmem\.log: the log shows no memory ranges' -- $SOCMEM boot --env-from "$T/initmem.log" "$T/rb3.dtb"

# ---- the environment is shown ---------------------------------------------
expect env-default 0 'environment: loader qemu \(default\)' -- $SOCMEM boot "$SEED"
expect env-memory 0 'memory \(option\): 8 GiB in 1 range: 0x80000000-0x27fffffff' -- $SOCMEM boot --memory 0x80000000:8G "$T/rb3.dtb"
expect env-assumed-loader 0 'assumption: loader: not given' -- $SOCMEM boot --memory 0x80000000:8G "$T/rb3.dtb"
expect env-kaslr 0 'assumption: kernel image: the command line has no nokaslr' -- $SOCMEM boot --loader efi --memory 0x80000000:8G "$T/rb3.dtb"
expect env-nokaslr 0 'assumption: kernel image: where the firmware loaded it' -- $SOCMEM boot --loader efi --cmdline nokaslr --memory 0x80000000:8G "$T/rb3.dtb"
$SOCMEM boot --format json --loader efi --memory 0x80000000:4G,0x880000000:4G "$T/rb3.dtb" > "$T/j" 2>/dev/null
n=$((n + 1))
tr -d ' \n' < "$T/j" > "$T/j1"
grep -q '"environment":{"loader":"efi","loader_source":"option"' "$T/j1" ||
	fail "json: no environment.loader efi from the option"
grep -q '"memory":\[{"base":"0x0000000080000000","size":4294967296,"nomap":false},{"base":"0x0000000880000000"' "$T/j1" ||
	fail "json: the two banks of --memory"
expect check-note 0 'info: assumed \(loader efi\).*\[loader-assumption\]' -- $SOCMEM check --env "$QCOM/qcs6490-rb3gen2.env" "$T/rb3.dtb"

# ---- page size: 64K pages make the pageblock 512 MiB ----------------------
expect page-64k 0 'pageblock 524288 KiB' -- $SOCMEM boot --page-size 64K "$SEED"
expect page-64k-cma 0 'incorrect alignment of CMA region' -- $SOCMEM boot --page-size 64K --format log "$SEED"
$SOCMEM boot --format log "$SEED" > "$T/4k" 2>/dev/null
n=$((n + 1))
grep -q 'incorrect alignment' "$T/4k" && fail "4K pages: the guide's CMA regions are aligned"

# a log of a 64K-page flavour sets the page size
zcat "$TESTS/efi/cases/efi-seed-guide-own/linux-6.12.log.gz" | sed 's/^Linux version 6.12.117+deb13-arm64 /Linux version 6.12.117+deb13-arm64-64k /' > "$T/64k.log"
expect page-from-log 0 'page size 64 KiB' -- $SOCMEM boot --env-from "$T/64k.log" "$SEED"
# Raspberry Pi's own kernels name it "v8_16k"
zcat "$TESTS/efi/cases/efi-seed-guide-own/linux-6.12.log.gz" | sed 's/^Linux version 6.12.117+deb13-arm64 /Linux version 6.1.47-v8_16k+ /' > "$T/rpi16k.log"
expect page-from-log-rpi 0 'page size 16 KiB' -- $SOCMEM boot --env-from "$T/rpi16k.log" "$SEED"

# ---- loaders place by their rules (seed: 4 GiB at 0x40000000) -------------
expect qemu-place 0 'kernel image \(default\): 0x40200000-.*DTB \(default\): 0x48000000' -- sh -c "$SOCMEM boot $SEED | tr '\n' ' '"
# another build's image: its size (the Image header's image_size) is what
# the kernel reserves, at the loader's place or the one given
printf 'kernel = loader-chosen 0x400000\n' > "$T/small.env"
expect image-size 0 'kernel image \(default\): 0x40200000-0x405fffff \(4 MiB\)' -- $SOCMEM boot --env "$T/small.env" "$SEED"
printf 'kernel = 0x40400000 5M\n' > "$T/small2.env"
expect image-size-at 0 'kernel image \(env file\): 0x40400000-0x408fffff \(5 MiB\)' -- $SOCMEM boot --env "$T/small2.env" "$SEED"
printf 'kernel = loader-chosen lots\n' > "$T/badsize.env"
expect image-size-bad 2 ':1: kernel: bad value' -- $SOCMEM boot --env "$T/badsize.env" "$SEED"
# U-Boot: image at kernel_addr_r rounded up to 2 MiB; DTB in place with
# fdt_high all ones, else relocated top-down below ram_top (4 GiB) - 32 MiB
printf 'loader = uboot\nkernel = 0x40200000\ndtb = 0x44000000\nfdt_high = 0xffffffff\n' > "$T/inplace.env"
expect uboot-inplace 0 'DTB \(env file\): 0x44000000-' -- $SOCMEM boot --env "$T/inplace.env" "$SEED"
printf 'loader = uboot\n' > "$T/reloc.env"
expect uboot-kernel 0 'kernel image \(default\): 0x40200000-' -- $SOCMEM boot --env "$T/reloc.env" "$SEED"
# (the DTB is 0x2012 bytes, + 0x3000 of pad: 0xfe000000 - 0x5012, 4K down)
expect uboot-reloc 0 'DTB \(default\): 0xfdffa000-0xfdfff011' -- $SOCMEM boot --env "$T/reloc.env" "$SEED"
# an initrd: from /chosen (QEMU puts the DTB after it, 2 MiB up) and from a
# file with U-Boot (relocated top-down below ram_top - 32 MiB, the DTB
# below it)
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n chosen { linux,initrd-start = <0x0 0x48000000>; linux,initrd-end = <0x0 0x48800000>; };\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 1 0>; };\n};\n' > "$T/ird.dts"
expect initrd-dt 0 'DTB \(default\): 0x48800000-.*initrd \(dt\): 0x48000000-0x487fffff' -- sh -c "$SOCMEM boot $T/ird.dts | tr '\n' ' '"
printf 'loader = uboot\ninitrd = 0x48000000 16M\n' > "$T/ui.env"
expect initrd-uboot 0 'DTB \(default\): 0xfcffa000-0xfcfff011.*initrd \(env file\): 0xfd000000-0xfdffffff' -- sh -c "$SOCMEM boot --env $T/ui.env $SEED | tr '\n' ' '"
printf 'loader = uboot\ninitrd = 0x48000000 16M\ninitrd_high = 0xffffffffffffffff\n' > "$T/ui2.env"
expect initrd-inplace 0 'initrd \(env file\): 0x48000000-0x48ffffff' -- $SOCMEM boot --env "$T/ui2.env" "$SEED"

# EFI: the DTB copy and the image at the top of loader memory, off every
# carve-out; /memreserve/ is gone (the stub deletes it)
printf '/dts-v1/;\n/memreserve/ 0x13fe00000 0x200000;\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 1 0>; };\n reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n  fw@13f000000 { reg = <1 0x3f000000 0 0x1000000>; no-map; };\n };\n};\n' > "$T/efi.dts"
expect efi-avoids 0 'kernel image \(default\): 0x13c800000-.*DTB \(default\): 0x13ee00000-' -- sh -c "$SOCMEM boot --loader efi $T/efi.dts | tr '\n' ' '"
$SOCMEM boot --loader efi --format json "$T/efi.dts" > "$T/efi.json" 2>/dev/null
n=$((n + 1))
grep -q '"kind": "memreserve"' "$T/efi.json" && fail "efi: /memreserve/ is deleted by the stub, still reserved"
$SOCMEM boot --loader uboot --format json "$T/efi.dts" > "$T/ub.json" 2>/dev/null
grep -q '"kind": "memreserve"' "$T/ub.json" || fail "uboot: /memreserve/ is kept"

# ---- an environment file and a log, later sources over earlier ------------
printf 'loader = uboot\nmemory = 0x80000000:2G\n' > "$T/a.env"
expect option-over-file 0 'loader efi \(option\).*memory \(option\): 4 GiB' -- sh -c "$SOCMEM boot --env $T/a.env --loader efi --memory 0x80000000:4G $T/rb3.dtb | tr '\n' ' '"
zcat "$TESTS/efi/cases/efi-seed-guide-own/linux-6.12.log.gz" > "$T/efi.log"
expect log-env 0 'loader efi \(log\).*memory \(log\).*kernel image \(log\): 0x135600000-0x137afffff' -- sh -c "$SOCMEM boot --env-from $T/efi.log $SEED | tr '\n' ' '"
expect log-cmdline 0 'command line: earlycon=pl011,0x9000000 .*cma=64M' -- $SOCMEM boot --env-from "$T/efi.log" "$SEED"

# ---- the nine Qualcomm boards: no error the kernel would not report -------
for env in "$QCOM"/*.env; do
	b=$(basename "$env" .env)
	zcat "$QCOM/$b.dtb.gz" > "$T/$b.dtb"
	n=$((n + 1))
	$SOCMEM check --env "$env" "$T/$b.dtb" > "$T/c" 2>&1
	# the only error allowed is an overlap the kernel reports itself
	if grep ': error: ' "$T/c" | grep -v '\[overlap-kernel\]' | grep -q .; then
		fail "qcom $b: errors the kernel would not report"; grep ': error: ' "$T/c" | head -3
	fi
	grep -q '0x80000000-0x805fffff\|hyp' "$T/c" && grep -q 'alloc-fail' "$T/c" &&
		fail "qcom $b: a firmware carve-out fails to reserve"
	# QEMU's loader on the same banks puts the image on the carve-outs
	$SOCMEM check --env "$env" --loader qemu "$T/$b.dtb" > "$T/q" 2>&1
	grep ': error: ' "$T/q" | grep -v '\[overlap-kernel\]' | grep -q . ||
		fail "qcom $b: the QEMU-loader control finds no error (the check proves nothing)"
done
[ "$(ls "$QCOM"/*.env | wc -l)" -eq 9 ] || fail "examples/boards/qcom: want 9 boards"

echo "$((n - fails))/$n passed"
[ "$fails" -eq 0 ]
