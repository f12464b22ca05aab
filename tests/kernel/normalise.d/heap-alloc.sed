# heap alloc: ID is a per-run identity (the emulated buffer id, the real
# dma-buf inode); PHYS is known only on the emulated system ("?" on a
# real machine, which never shows physical addresses to userspace).
s/^[0-9][0-9]* /ID /
s/ 0x[0-9a-f]*-0x[0-9a-f]*$/ ?/
# the kernel's lines about a failed allocation: socmem relays the emulated
# kernel's log on stderr; a real kernel writes them to its log (dmesg),
# not to the program
/^kernel: /d
