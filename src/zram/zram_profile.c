// SPDX-License-Identifier: MIT
/*
 * zram_profile.c - what the zram driver and zsmalloc of each supported
 * kernel build (Debian's arm64 6.1, 6.12, 7.2) do differently, as data.
 *
 * Sources: drivers/block/zram/ and mm/zsmalloc.c of linux-source-6.1 and
 * -6.12, the Kconfig of each build (oracle/configs), and what the real
 * kernels answered (oracle/zram/results, docs/zram/NOTES.md). 7.2 follows
 * 6.12 where the recorded results agree and its module's strings
 * otherwise (see NOTES.md for what is inferred).
 */
#include <stddef.h>

#include "internal.h"

/* 6.1 goes through the crypto API; its list is zcomp.c's backends[] */
static const char *const backends_61[] = {
	"lzo", "lzo-rle", "lz4", "lz4hc", "zstd", NULL,
};

/* CONFIG_CRYPTO_DEFLATE=y: the crypto API knows it, the list does not */
static const char *const extra_61[] = { "deflate", NULL };

/* 6.12+: CONFIG_ZRAM_BACKEND_{LZ4,LZ4HC,ZSTD,DEFLATE}=y, no LZO */
static const char *const backends_612[] = {
	"lz4", "lz4hc", "zstd", "deflate", NULL,
};

static const char *const no_extra[] = { NULL };

static const struct zram_profile profiles[SM_KERNEL_COUNT] = {
	/*
	 * 5.10 (bullseye): 6.1's model. Its zram.ko has the same crypto-API
	 * backends and default (lzo-rle); no zram results were recorded for
	 * it, so what differs in sysfs detail is not modelled.
	 */
	[SM_KERNEL_5_10] = {
		.id = SM_KERNEL_5_10,
		.zs_chain = 4,
		.zs_v61 = true,
		.backends = backends_61,
		.extra_algs = extra_61,
		.default_comp = "lzo-rle",
		.crypto_api = true,
		.reset_default_algo = false,
		.max_comp_streams = true,
		.algorithm_params = false,
		.wb = ZRAM_WB_V61,
		.invalid_io = true,
		.access_on_error = true,
	},	[SM_KERNEL_6_1] = {
		.id = SM_KERNEL_6_1,
		.zs_chain = 4,
		.zs_v61 = true,
		.backends = backends_61,
		.extra_algs = extra_61,
		.default_comp = "lzo-rle",
		.crypto_api = true,
		.reset_default_algo = false,
		.max_comp_streams = true,
		.algorithm_params = false,
		.wb = ZRAM_WB_V61,
		.invalid_io = true,
		.access_on_error = true,
	},
	[SM_KERNEL_6_12] = {
		.id = SM_KERNEL_6_12,
		.zs_chain = 8,
		.backends = backends_612,
		.extra_algs = no_extra,
		.default_comp = "lz4",
		.reset_default_algo = true,
		.max_comp_streams = true,
		.algorithm_params = true,
		.io_stat_zero = true,
		.wb = ZRAM_WB_V612,
		.idle_v612 = true,
		.block_state_v612 = true,
	},
	[SM_KERNEL_7_2] = {
		.id = SM_KERNEL_7_2,
		.zs_chain = 8,
		.backends = backends_612,
		.extra_algs = no_extra,
		.default_comp = "lz4",
		.reset_default_algo = true,
		.algorithm_params = true,
		.deflate_winbits = true,
		.compressed_wb = true,
		.io_stat_zero = true,
		.debug_stat_zero = true,
		.wb = ZRAM_WB_V72,
		.idle_v612 = true,
		.block_state_v612 = true,
		.block_state_secs = true,
		.pp_buckets = true,
	},	/* 7.3 (trixie-backports): the same Kconfig as 7.2, not recorded apart */
	[SM_KERNEL_7_3] = {
		.id = SM_KERNEL_7_3,
		.zs_chain = 8,
		.backends = backends_612,
		.extra_algs = no_extra,
		.default_comp = "lz4",
		.reset_default_algo = true,
		.algorithm_params = true,
		.deflate_winbits = true,
		.compressed_wb = true,
		.io_stat_zero = true,
		.debug_stat_zero = true,
		.wb = ZRAM_WB_V72,
		.idle_v612 = true,
		.block_state_v612 = true,
		.block_state_secs = true,
		.pp_buckets = true,
	},
};

const struct zram_profile *sm_zram_profile_get(enum sm_kernel_id id)
{
	if ((unsigned int)id >= SM_KERNEL_COUNT)
		return NULL;
	return &profiles[id];
}
