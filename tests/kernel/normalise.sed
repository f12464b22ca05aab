# What may differ between the real kernel and the emulated board and is
# not an observation: which side is speaking, and per-run identities.
# the uapi test names the side in its first line
/^heaps: system, CMA heap '.*' (/d
# socmem names the emulated system it talks to
/^emulated system: /d
/^$/d
