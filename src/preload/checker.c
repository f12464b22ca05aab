// SPDX-License-Identifier: MIT
/*
 * checker.c - the sync checker (SOCMEM_SYNC_CHECK=report|abort, or 1):
 * on a non-coherent SoC, CPU access to a dma-buf outside a
 * DMA_BUF_SYNC_START..END bracket (or a write inside a READ-only one) is
 * a cache-coherency bug that shows up as corrupted frames, never as a
 * crash. Here every mapping is kept inaccessible outside the brackets
 * (read-only inside READ ones); the fault is reported once - buffer, heap,
 * offset, access, bracket state, backtrace - and then the program either
 * continues (the mapping is opened until the next sync) or stops. Two
 * ioctl mistakes are reported too: DMA_BUF_IOCTL_SYNC on an fd that is
 * not a dma-buf, and sync flags without a direction.
 */
#define _GNU_SOURCE
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "internal.h"
#include "../daemon/sys.h"

#define PFX "socmem-sync-check: "

enum pl_check_mode sm_preload_check_mode(void)
{
	int m = atomic_load_explicit(&pl.check_mode, memory_order_relaxed);
	const char *e;

	if (m >= 0)
		return (enum pl_check_mode)m;
	e = getenv("SOCMEM_SYNC_CHECK");
	if (!e || !*e || !strcmp(e, "0") || !strcmp(e, "off"))
		m = PL_CHECK_OFF;
	else if (!strcmp(e, "abort"))
		m = PL_CHECK_ABORT;
	else
		m = PL_CHECK_REPORT;	/* "1", "report" */
	if (m != PL_CHECK_OFF && strcmp(e, "1") && strcmp(e, "report") &&
	    strcmp(e, "abort"))
		sm_preload_message(PFX "SOCMEM_SYNC_CHECK=%s: taken as 'report' "
				   "(use report or abort)", e);
	atomic_store(&pl.check_mode, m);
	return (enum pl_check_mode)m;
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	char buf[768];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1;
	if (n > 0 && sm_sys_write(2, buf, (size_t)n) < 0)
		return;
}

static void backtrace_out(void)
{
	void *frames[32];
	int n = backtrace(frames, 32);

	out(PFX "backtrace:\n");
	backtrace_symbols_fd(frames, n, 2);
}

static void finish(void)
{
	if (sm_preload_check_mode() != PL_CHECK_ABORT)
		return;
	out(PFX "stopping the program (SOCMEM_SYNC_CHECK=abort)\n");
	signal(SIGABRT, SIG_DFL);
	abort();
}

static const char *buf_label(const struct pl_buf *b, char *s, size_t len)
{
	if (b->info.name[0])
		snprintf(s, len, "\"%s\"", b->info.name);
	else
		snprintf(s, len, "#%llu (unnamed)",
			 (unsigned long long)b->info.id);
	return s;
}

void sm_preload_check_bad_fd(int fd, uint64_t flags)
{
	char f[48];
	int last = pl.last_alloc_fd;

	if (sm_preload_check_mode() == PL_CHECK_OFF)
		return;
	sm_dmabuf_sync_flags_name(flags, f, sizeof(f));
	if (last >= 0 && sm_preload_fd_peek(last) &&
	    sm_preload_fd_peek(last)->kind == &pl_kind_dma_buf)
		out(PFX "DMA_BUF_IOCTL_SYNC (%s) on fd %d, which is not a "
		    "dma-buf; the most recently allocated dma-buf is fd %d%s\n",
		    f, fd, last,
		    fd == 0 ? ": DMA_HEAP_IOCTL_ALLOC returns 0 and puts the "
			      "new buffer's fd in dma_heap_allocation_data.fd"
			    : "");
	else
		out(PFX "DMA_BUF_IOCTL_SYNC (%s) on fd %d, which is not a "
		    "dma-buf (no dma-buf was allocated in this process)\n",
		    f, fd);
	backtrace_out();
	finish();
}

void sm_preload_check_no_direction(int fd, const struct pl_buf *b,
				   uint64_t flags)
{
	char f[48], l[48];

	if (sm_preload_check_mode() == PL_CHECK_OFF)
		return;
	sm_dmabuf_sync_flags_name(flags, f, sizeof(f));
	out(PFX "DMA_BUF_IOCTL_SYNC on dma-buf %s (heap %s, fd %d) with "
	    "flags 0x%llx = %s: no READ/WRITE direction, the kernel answers "
	    "EINVAL; use DMA_BUF_SYNC_%s|DMA_BUF_SYNC_READ, _WRITE or _RW\n",
	    buf_label(b, l, sizeof(l)), b->info.heap, fd,
	    (unsigned long long)flags, f,
	    (flags & DMA_BUF_SYNC_END) ? "END" : "START");
	backtrace_out();
	finish();
}

/* was the faulting access a write? (-1: this CPU does not say) */
static int fault_is_write(const void *uctx)
{
#if defined(__x86_64__)
	const ucontext_t *uc = uctx;

	return (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
#elif defined(__aarch64__)
	const ucontext_t *uc = uctx;
	const unsigned char *p = uc->uc_mcontext.__reserved;
	const unsigned char *end = p + sizeof(uc->uc_mcontext.__reserved);

	while (p + 8 <= end) {
		const struct _aarch64_ctx *h = (const void *)p;

		if (!h->magic || !h->size)
			break;
		if (h->magic == ESR_MAGIC)
			return (((const struct esr_context *)h)->esr >> 6) & 1;
		p += h->size;
	}
	return -1;
#else
	(void)uctx;
	return -1;
#endif
}

static struct pl_map *map_at(uintptr_t a)
{
	for (int i = 0; i < PL_MAX_MAPS; i++) {
		struct pl_map *m = &pl_maps[i];

		if (atomic_load(&m->used) && a >= m->start &&
		    a < m->start + m->len)
			return m;
	}
	return NULL;
}

static void chain(int sig, siginfo_t *si, void *uctx)
{
	if (pl.old_segv.sa_flags & SA_SIGINFO) {
		pl.old_segv.sa_sigaction(sig, si, uctx);
	} else if (pl.old_segv.sa_handler == SIG_DFL ||
		   pl.old_segv.sa_handler == SIG_IGN) {
		/* the access faults again, and kills as it would have */
		signal(SIGSEGV, SIG_DFL);
	} else {
		pl.old_segv.sa_handler(sig);
	}
}

static void on_segv(int sig, siginfo_t *si, void *uctx)
{
	uintptr_t a = (uintptr_t)si->si_addr;
	struct pl_map *m = si->si_code == SEGV_ACCERR ? map_at(a) : NULL;
	char state[160], label[64];
	int w;

	if (!m) {
		chain(sig, si, uctx);
		return;
	}
	w = fault_is_write(uctx);
	sm_dmabuf_sync_state_describe(&m->buf->sync, state, sizeof(state));
	out(PFX "CPU %s of dma-buf %s (heap %s, %llu bytes, fd %d) at offset "
	    "0x%llx, %s\n",
	    w < 0 ? "access" : w ? "write" : "read",
	    buf_label(m->buf, label, sizeof(label)), m->buf->info.heap,
	    (unsigned long long)m->buf->info.size, m->fd,
	    (unsigned long long)(m->off + (a - m->start)), state);
	out(PFX "on a non-coherent SoC this %s stale cache lines: bracket "
	    "it with DMA_BUF_IOCTL_SYNC START|%s ... END|%s\n",
	    w > 0 ? "write can be lost or overwrite" : "access can see",
	    w > 0 ? "WRITE" : "READ", w > 0 ? "WRITE" : "READ");
	backtrace_out();
	finish();
	/* report once: open the mapping until the next sync */
	atomic_store(&m->open, 1);
	mprotect((void *)m->start, m->len, m->prot);
}

int sm_preload_check_install(void)
{
	struct sigaction sa;
	void *warm[2];

	if (atomic_exchange(&pl.check_installed, 1))
		return 0;
	backtrace(warm, 2);	/* load libgcc now, not in the handler */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGSEGV, &sa, &pl.old_segv);
}
