// SPDX-License-Identifier: MIT
/*
 * zram_syscalls.c - the system calls that act on the emulated zram
 * without a file of it: swapon(2) and swapoff(2) on /dev/zram<N>, and
 * init_module(2), finit_module(2) and delete_module(2) for zram's modules
 * (syscalls.c takes the calls; socmemd's model loads, refuses or
 * unloads). Nothing reaches the host's swap or modules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../daemon/sys.h"

int sm_preload_zram_swap(const char *path, int flags, bool on)
{
	int ret;

	sm_preload_lock();
	ret = on ? PL_ASK(c, sm_daemon_client_zram_swapon(c, path, flags)) :
		   PL_ASK(c, sm_daemon_client_zram_swapoff(c, path));
	sm_preload_unlock();
	return ret;
}

int sm_preload_zram_module(const char *name, const char *params, bool load,
			   unsigned int flags)
{
	int ret;

	if (!name)
		return -EINVAL;
	sm_preload_lock();
	ret = PL_ASK(c, sm_daemon_client_zram_module(c, name, params, load, flags));
	sm_preload_unlock();
	return ret;
}

/* the "name=" string of a module's .modinfo */
static int module_name(const char *img, size_t len, char *name, size_t nlen)
{
	for (size_t i = 1; i + 5 < len; i++) {
		size_t l;

		if (img[i - 1] || memcmp(img + i, "name=", 5))
			continue;
		l = strnlen(img + i + 5, len - i - 5);
		if (!l || l >= nlen || i + 5 + l >= len)
			continue;
		memcpy(name, img + i + 5, l);
		name[l] = '\0';
		return 0;
	}
	return -ENOEXEC;	/* not a module: load_module()'s answer */
}

int sm_preload_zram_module_image(const void *image, size_t len,
				 const char *params)
{
	char name[64];
	char *copy = malloc(len ? len : 1);
	int ret;

	if (!copy)
		return -ENOMEM;
	ret = sm_preload_copy_in(copy, image, len) ? -EFAULT :
	      module_name(copy, len, name, sizeof(name));
	free(copy);
	return ret ? ret : sm_preload_zram_module(name, params, true, 0);
}

int sm_preload_zram_module_fd(int fd, const char *params)
{
	char name[64];
	struct stat st;
	char *img;
	ssize_t n;
	int ret;

	if (sm_sys_fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_size > (64 << 20))
		return -EINVAL;
	img = malloc((size_t)st.st_size + 1);
	if (!img)
		return -ENOMEM;
	n = pl_real.pread(fd, img, (size_t)st.st_size, 0);
	ret = n < 0 ? -errno : module_name(img, (size_t)n, name, sizeof(name));
	free(img);
	return ret ? ret : sm_preload_zram_module(name, params, true, 0);
}
