#!/bin/sh
# probe_heap_alloc.sh HEAP SIZE OPTION... - `socmem heap alloc` on a heap
# the kernel may not have (6.12 makes heaps only of the default CMA area;
# 7.2 of every reusable CMA region too): "absent" when /dev/dma_heap has
# no HEAP, so that both systems say the same thing in their own words.
heap=$1 size=$2; shift 2
if [ -e "/dev/dma_heap/$heap" ]; then
	exec socmem heap alloc "$@" "$heap" "$size"
fi
echo "$heap: absent"
