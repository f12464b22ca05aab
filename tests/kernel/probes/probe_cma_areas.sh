#!/bin/sh
# probe_cma_areas.sh - every CMA area as the kernel shows it to root: its
# debugfs files (CONFIG_CMA_DEBUGFS; base_pfn, count, order_per_bit, used,
# maxchunk) and its sysfs counters (CONFIG_CMA_SYSFS), each area by name.
d=/sys/kernel/debug/cma s=/sys/kernel/mm/cma
if [ -d $d ]; then
	for a in $(ls $d); do
		for f in base_pfn count order_per_bit used maxchunk; do
			echo "debugfs $a $f: $(cat $d/$a/$f 2>/dev/null || echo absent)"
		done
	done
else
	echo "debugfs: absent"
fi
if [ -d $s ]; then
	for a in $(ls $s); do
		for f in $(ls $s/$a); do
			echo "sysfs $a $f: $(cat $s/$a/$f)"
		done
	done
else
	echo "sysfs: absent"
fi
