// SPDX-License-Identifier: MIT
/*
 * syscalls.c - the system calls that change the emulated system's swap
 * and modules: swapon(2), swapoff(2), init_module(2), finit_module(2)
 * and delete_module(2), whether a program calls libc's wrapper (swapon
 * and swapoff of util-linux, init_module and delete_module of kmod) or
 * syscall(2) itself (kmod's finit_module); and syslog(2), the kernel log
 * (klog.c). They all go to socmemd and
 * never to the host kernel: a path the emulated system does not serve
 * is EINVAL for swapon and swapoff, a module it does not model ENOEXEC.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <sys/klog.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/* glibc has these, without declaring them */
int init_module(void *image, unsigned long len, const char *params);
int delete_module(const char *name, unsigned int flags);

static long fail(int ret)
{
	return (long)sm_preload_errno(ret);
}

static int swap(const char *path, int flags, bool on)
{
	char buf[4096];
	const struct pl_path *pp;
	const char *rest;
	int err, at = AT_FDCWD;

	sm_preload_init();
	pp = sm_preload_lookup(&at, &path, true, &rest, buf, sizeof(buf), &err);
	if (err == -EFAULT)
		return err;
	if (!pp || pp->open != sm_preload_zram_open)
		return -EINVAL;
	return sm_preload_zram_swap(buf, flags, on);
}

PL_EXPORT int swapon(const char *path, int flags)
{
	return (int)fail(swap(path, flags, true));
}

PL_EXPORT int swapoff(const char *path)
{
	return (int)fail(swap(path, 0, false));
}

PL_EXPORT int init_module(void *image, unsigned long len, const char *params)
{
	sm_preload_init();
	return (int)fail(sm_preload_zram_module_image(image, len, params));
}

PL_EXPORT int klogctl(int type, char *buf, int len)
{
	sm_preload_init();
	return (int)fail((int)sm_preload_klog(type, buf, len));
}

PL_EXPORT int delete_module(const char *name, unsigned int flags)
{
	sm_preload_init();
	return (int)fail(sm_preload_zram_module(name, NULL, false, flags));
}

/* libc's syscall(): found without sm_preload_init(), which itself makes raw
 * system calls through it */
static long real_syscall(long nr, const long *a)
{
	static _Atomic(void *) real;
	long (*fn)(long, ...) = atomic_load(&real);

	if (!fn) {
		fn = (long (*)(long, ...))sm_preload_dlsym("syscall");
		atomic_store(&real, (void *)fn);
	}
	return fn(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* syscall(2): those five go to socmemd, the rest to the kernel */
PL_EXPORT long syscall(long nr, ...)
{
	va_list ap;
	long a[6];

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	/*
	 * close_range keeps the library's own fds (closefds-style
	 * programs call it raw). Not SYS_close: sys.h's sm_sys_close()
	 * comes through here.
	 */
	if (nr == SYS_close_range)
		return close_range((unsigned int)a[0], (unsigned int)a[1],
				   (int)a[2]);
	if (nr != SYS_swapon && nr != SYS_swapoff && nr != SYS_init_module &&
	    nr != SYS_finit_module && nr != SYS_delete_module &&
	    nr != SYS_syslog)
		return real_syscall(nr, a);
	sm_preload_init();
	switch (nr) {
	case SYS_swapon:
		return fail(swap((const char *)a[0], (int)a[1], true));
	case SYS_swapoff:
		return fail(swap((const char *)a[0], 0, false));
	case SYS_init_module:
		return fail(sm_preload_zram_module_image((void *)a[0],
							 (unsigned long)a[1],
							 (const char *)a[2]));
	case SYS_syslog:
		return fail((int)sm_preload_klog((int)a[0], (char *)a[1], (int)a[2]));
	case SYS_finit_module:
		return fail(sm_preload_zram_module_fd((int)a[0], (const char *)a[1]));
	default:	/* SYS_delete_module */
		return fail(sm_preload_zram_module((const char *)a[0], NULL, false,
						   (unsigned int)a[1]));
	}
}
