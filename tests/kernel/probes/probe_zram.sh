#!/bin/sh
# probe_zram.sh - the guide's zram steps on zram0: pick the algorithm, size
# the device, write reproducible data with dd, read the statistics back,
# then the kernel's answers to writes it refuses, and reset.
z=/sys/block/zram0
[ -d $z ] || modprobe zram || exit 1
echo lz4 > $z/comp_algorithm
echo "comp_algorithm: $(cat $z/comp_algorithm)"
echo 64M > $z/disksize
echo "disksize: $(cat $z/disksize)"
echo 32M > $z/disksize 2>/dev/null; echo "resize-initialised: rc=$?"
probe_data 8 > /tmp/probe-zram-data
dd if=/tmp/probe-zram-data of=/dev/zram0 bs=4096 2>/dev/null; echo "dd: rc=$?"
echo "mm_stat: $(cat $z/mm_stat)"
echo "io_stat: $(cat $z/io_stat)"
echo 1 > $z/reset
echo "after-reset disksize: $(cat $z/disksize)"
rm -f /tmp/probe-zram-data
