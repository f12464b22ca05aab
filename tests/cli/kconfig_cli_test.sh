#!/bin/sh
# kconfig_cli_test.sh - `--kconfig FILE` on the board commands: a build
# without ZONE_DMA/ZONE_DMA32 prints no DMA zones and places the default
# CMA area from 4 GiB up (cma_declare_contiguous_nid() once the limit is
# gone), its running system has one atomic pool; the .config of Debian's
# own build changes nothing; an unreadable file or a bad value is exit 2
# with one line naming it.
# Usage: kconfig_cli_test.sh SOCMEM TESTS_DIR
set -u
SOCMEM=$1 TESTS=$2
SEED=$TESTS/../examples/boards/seed.dts
CONFIGS=$TESTS/../../shared/oracle/configs
. "$(dirname "$0")/lib.sh"
# refute NAME PATTERN: the last output has no such line
refute() {
	if grep -qE -- "$2" "$T/out"; then fail "$1: output has /$2/"; grep -E -- "$2" "$T/out" | head -3; fi
}

printf '# CONFIG_ZONE_DMA is not set\n# CONFIG_ZONE_DMA32 is not set\n' >"$T/nodma"
for k in 6.12 7.2; do
	expect "$k no DMA zones: the zone list" 0 '^  Normal +\[mem 0x0000000040000000-0x000000013fffffff\]' -- \
		"$SOCMEM" boot --kernel $k --kconfig "$T/nodma" --cmdline cma=64M --format log "$SEED"
	refute "$k no DMA zones: no DMA zone" '^  DMA'
	expect "$k no DMA zones: the default area at 4 GiB" 0 '^cma: Reserved 64 MiB at 0x0000000100000000' -- \
		"$SOCMEM" boot --kernel $k --kconfig "$T/nodma" --cmdline cma=64M --format log "$SEED"
	expect "$k no DMA zones: one 512 KiB pool out of CMA" 0 '^CmaFree: +97792 kB' -- \
		"$SOCMEM" mem meminfo --kernel $k --kconfig "$T/nodma" --cmdline cma=64M "$SEED"
	expect "$k Debian: three pools (6.12) or two (7.2)" 0 '^CmaFree: +(96768|97280) kB' -- \
		"$SOCMEM" mem meminfo --kernel $k --cmdline cma=64M "$SEED"
done

# ZONE_DMA32 alone: its zone to 4 GiB, the area below it, no DMA zone
printf '# CONFIG_ZONE_DMA is not set\nCONFIG_ZONE_DMA32=y\n' >"$T/dma32"
expect "DMA32 only" 0 '^  DMA32 +\[mem 0x0000000040000000-0x00000000ffffffff\]' -- \
	"$SOCMEM" boot --kernel 6.12 --kconfig "$T/dma32" --cmdline cma=64M --format log "$SEED"
refute "DMA32 only: no DMA zone" '^  DMA  '
expect "DMA32 only: the area below 4 GiB" 0 '^cma: Reserved 64 MiB at 0x00000000f9c00000' -- \
	"$SOCMEM" boot --kernel 6.12 --kconfig "$T/dma32" --cmdline cma=64M --format log "$SEED"

# CONFIG_CMA_SIZE_MBYTES: the default area without cma=
printf 'CONFIG_CMA_SIZE_MBYTES=16\n' >"$T/size"
expect "CMA_SIZE_MBYTES" 0 '^cma: Reserved 16 MiB at ' -- \
	"$SOCMEM" boot --kernel 7.2 --kconfig "$T/size" --format log "$SEED"

# Debian's own .config: the same log as without one
if [ -d "$CONFIGS" ]; then
	for k in 6.1 6.12 7.2; do
		n=$((n + 1))
		"$SOCMEM" boot --kernel $k --cmdline cma=64M --format log "$SEED" >"$T/a" 2>&1
		"$SOCMEM" boot --kernel $k --kconfig "$CONFIGS/linux-$k.config" --cmdline cma=64M --format log "$SEED" >"$T/b" 2>&1
		cmp -s "$T/a" "$T/b" || { fail "$k: Debian's .config changes the boot"; diff "$T/a" "$T/b" | head -5; }
	done
else
	echo "skip Debian's configs: no $CONFIGS"
fi

expect "missing file" 2 '^socmem: --kconfig /nonexistent/config: No such file or directory$' -- \
	"$SOCMEM" boot --kconfig /nonexistent/config "$SEED"
printf 'CONFIG_ARCH_FORCE_MAX_ORDER=ten\n' >"$T/bad"
expect "bad number" 2 "^socmem: --kconfig $T/bad:1: CONFIG_ARCH_FORCE_MAX_ORDER=ten: not a number$" -- \
	"$SOCMEM" mem meminfo --kconfig "$T/bad" "$SEED"
expect "help names it" 0 '--kconfig FILE' -- "$SOCMEM" boot --help

[ $fails = 0 ] && echo "kconfig cli: $n checks passed"
exit $((fails != 0))
