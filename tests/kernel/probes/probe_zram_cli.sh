#!/bin/sh
# probe_zram_cli.sh [--device] - socmem zram, as zramctl: set up a device,
# list it, reset it. With --device on the real kernel, without on the
# emulated system: the tables must agree.
socmem zram "$@" -f -s 64M -a lz4 || exit 1
socmem zram "$@" --raw -b -o NAME,DISKSIZE,DATA,COMPR,ALGORITHM,TOTAL
socmem zram "$@" -r /dev/zram0
