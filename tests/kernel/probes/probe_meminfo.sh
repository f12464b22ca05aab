#!/bin/sh
# probe_meminfo.sh - the memory totals any program reads after boot.
grep -E "^(MemTotal|CmaTotal|CmaFree|SwapTotal):" /proc/meminfo
