// SPDX-License-Identifier: MIT
/*
 * trap.c - writes to a served file that do not go through libc's
 * exported write(): glibc's stdio writes with its internal __write (bash,
 * zsh and busybox's builtin echo and printf with '>', '>>', 'exec 3>'),
 * and a program may make the system call itself. Interposing cannot see
 * those, and the bytes would land in the handle's socket, where socmemd
 * drops them - stored nothing, and no error.
 *
 * So when a served zram file lands on an fd number, this process adds a
 * seccomp filter (SECCOMP_RET_TRAP) that turns write, writev, pwrite64
 * and pwritev on that number into SIGSYS, and the handler here does the
 * write as the interposed write() does: synchronously, with the kernel's
 * errno in the system call's return register (bash then prints "echo:
 * write error: Device or resource busy"). A write this library must make
 * for real on such a number (the number now holds something else) passes
 * the filter by a marker in the sixth argument, which those four system
 * calls ignore. A trapped write made while this thread holds the
 * library's lock (its own message to a served stderr) goes to the
 * socket rather than wait for itself.
 *
 * Limits (docs/zram/routes.md): the filter stays for the life of the
 * process and its children, so a child that runs without this library
 * (a static binary, LD_PRELOAD taken out of the environment) is killed
 * by SIGSYS when it writes to such a number; reads are not trapped (the
 * dynamic loader reads before any handler exists), only interposed; a
 * program that takes SIGSYS for itself takes these traps too. Without
 * seccomp (or where no filter may be added) nothing is trapped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>

#include "internal.h"

#if defined(__x86_64__)
#define TRAP_ARCH AUDIT_ARCH_X86_64
#define REG_ARG(uc, i) ((uc)->uc_mcontext.gregs[(const int[]){ REG_RDI, \
		REG_RSI, REG_RDX, REG_R10, REG_R8, REG_R9 }[i]])
#define REG_RET(uc) ((uc)->uc_mcontext.gregs[REG_RAX])
#elif defined(__aarch64__)
#define TRAP_ARCH AUDIT_ARCH_AARCH64
#define REG_ARG(uc, i) ((uc)->uc_mcontext.regs[i])
#define REG_RET(uc) ((uc)->uc_mcontext.regs[0])
#endif

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1	/* si_code of a seccomp SIGSYS (linux/signal.h) */
#endif

/* the sixth argument of this library's own writes ("socmem_1") */
#define PASS_MARK 0x736f636d656d5f31ULL
/* SECCOMP_RET_DATA of our traps: a SIGSYS of someone else's filter
 * carries another */
#define TRAP_TAG 0x534dU

/* the real system call, past our filter */
static long pass(long nr, long a0, long a1, long a2, long a3, long a4)
{
	long r;

	if (!pl_real.syscall)
		return -ENOSYS;
	r = pl_real.syscall(nr, a0, a1, a2, a3, a4, (long)PASS_MARK);
	return r == -1 ? -(long)errno : r;	/* the kernel's -errno */
}

#ifdef TRAP_ARCH


/* -errno, as the system call returns it */
static long neg(ssize_t r)
{
	return r < 0 ? -(long)errno : (long)r;
}

static long served_write(long nr, int fd, long a1, long a2, long a3)
{
	const struct iovec *iov = (const void *)a1;
	ssize_t done = 0;

	switch (nr) {
	case SYS_write:
		return neg(write(fd, (const void *)a1, (size_t)a2));
	case SYS_pwrite64:
		return neg(pwrite(fd, (const void *)a1, (size_t)a2, (off_t)a3));
	default:	/* writev, pwritev: pwritev() takes both */
		done = nr == SYS_writev ?
			       writev(fd, iov, (int)a2) :
			       pwritev(fd, iov, (int)a2, (off_t)a3);
		return neg(done);
	}
}

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	long nr = si->si_syscall, a[5];
	int saved = errno;

	(void)sig;
	for (int i = 0; i < 5; i++)
		a[i] = (long)REG_ARG(uc, i);
	if (si->si_code != SYS_SECCOMP || (unsigned)si->si_errno != TRAP_TAG)
		REG_RET(uc) = -ENOSYS;	/* someone else's filter */
	else if (sm_preload_fd_zfile((int)a[0]) && !sm_preload_lock_held())
		REG_RET(uc) = served_write(nr, (int)a[0], a[1], a[2], a[3]);
	else
		REG_RET(uc) = pass(nr, a[0], a[1], a[2], a[3], a[4]);
	errno = saved;
}

static int set_handler(void)
{
	struct sigaction sa = { 0 };

	if (atomic_load(&pl.trap_handler_set))
		return 0;
	if (!pl_real.syscall)
		return -ENOSYS;
	sa.sa_sigaction = on_sigsys;
	/* a trapped write inside the handler traps again */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL))
		return -errno;
	atomic_store(&pl.trap_handler_set, true);
	return 0;
}

#define LD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define ARG_LO(i) offsetof(struct seccomp_data, args[i])
#define ARG_HI(i) (offsetof(struct seccomp_data, args[i]) + 4)
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))

/* SIGSYS for write, writev, pwrite64, pwritev on @fd, but ours */
static int add_filter(int fd)
{
	struct sock_filter prog[] = {
		LD(offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TRAP_ARCH, 1, 0),
		RET(SECCOMP_RET_ALLOW),
		LD(offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_write, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_writev, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pwrite64, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pwritev, 1, 0),
		RET(SECCOMP_RET_ALLOW),
		LD(ARG_LO(0)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)fd, 1, 0),
		RET(SECCOMP_RET_ALLOW),
		LD(ARG_LO(5)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)PASS_MARK, 0, 3),
		LD(ARG_HI(5)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			 (uint32_t)(PASS_MARK >> 32), 0, 1),
		RET(SECCOMP_RET_ALLOW),
		RET(SECCOMP_RET_TRAP | TRAP_TAG),
	};
	struct sock_fprog fp = {
		.len = sizeof(prog) / sizeof(prog[0]),
		.filter = prog,
	};
	long ret;

	ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		      SECCOMP_FILTER_FLAG_TSYNC, &fp);
	if (ret && errno == EACCES) {
		/* without CAP_SYS_ADMIN a filter needs no_new_privs */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			return -errno;
		ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			      SECCOMP_FILTER_FLAG_TSYNC, &fp);
	}
	return ret ? -errno : 0;
}

void sm_preload_trap_fd(int fd)
{
	int n;

	if (fd < 0 || atomic_load(&pl.no_trap))
		return;
	n = atomic_load(&pl.ntrapped);
	for (int i = 0; i < n; i++)
		if (pl.trapped[i] == fd)
			return;
	if (n >= PL_MAX_TRAPPED || set_handler() || add_filter(fd)) {
		atomic_store(&pl.no_trap, n >= PL_MAX_TRAPPED ? false : true);
		return;
	}
	pl.trapped[n] = fd;
	atomic_store(&pl.ntrapped, n + 1);
}

/* a process that inherited our filters needs the handler from the start */
void sm_preload_trap_init(void)
{
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2)
		set_handler();
}

#else /* no trap on this architecture: interposing only */

void sm_preload_trap_fd(int fd)
{
	(void)fd;
	(void)pass;
}

void sm_preload_trap_init(void)
{
}

#endif
