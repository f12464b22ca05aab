// SPDX-License-Identifier: MIT
/*
 * services.c - the device classes socmemd serves; each is a row here and
 * its own svc_<name>.c. A service may have no requests of its own and
 * only files (proc), reached through the path ops (svc_files.c).
 */
#include "internal.h"

const struct smd_service *const smd_services[SM_SVC_MAX] = {
	[SM_SVC_CORE] = &smd_core_service,
	[SM_SVC_DMABUF] = &smd_dmabuf_service,
	[SM_SVC_ZRAM] = &smd_zram_service,
	[SM_SVC_PROC] = &sm_svc_proc_service,
};
