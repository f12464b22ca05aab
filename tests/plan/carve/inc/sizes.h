/* SPDX-License-Identifier: MIT */
#define SZ_1M 0x100000
#define SZ_2M 0x200000
#define SZ_4M 0x400000
