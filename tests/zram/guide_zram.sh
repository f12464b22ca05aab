# The platform guide's ZRAM steps ("Configure ZRAM as a swap device"),
# copied unmodified from the guide (shared/seeds/002_*.txt, lines 187-198).
# tests/zram/preload_zram_test.sh runs them with libsocmem-preload.so.
# check if zram module is loaded
  lsmod | grep zram

# else load it
  modprobe zram

# Configure /dev/zram0 size according to your RAM size
  echo 128M > /sys/block/zram0/disksize

# activate swap
  mkswap /dev/zram0
  swapon /dev/zram0
