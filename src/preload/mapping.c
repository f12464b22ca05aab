// SPDX-License-Identifier: MIT
/*
 * mapping.c - mmap of a dma-buf: the buffer's own frames, mapped
 * zero-copy from socmemd's physical memory fd, one piece per physically
 * contiguous range (so a system heap buffer made of scattered order-8,
 * 4 and 0 blocks still reads as one buffer). Each mapping holds its own
 * dup of the buffer's fd - the reference a VMA holds on its file - until
 * it is unmapped, so the frames cannot be freed under it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"
#include "../daemon/sys.h"

/* x86-64 and arm64 with 48-bit virtual addresses */
#define SM_TASK_SIZE (1ULL << 47)

/* not in struct pl_state: 4096 slots (256 KiB) stay in .bss, where the
 * initialised pl would carry them in the library's file; the SIGSEGV
 * handler reads them without the lock */
struct pl_map pl_maps[PL_MAX_MAPS];
static _Atomic int nmaps;	/* slots in use: 0 lets munmap() skip the scan */

bool sm_preload_have_mappings(void)
{
	return atomic_load_explicit(&nmaps, memory_order_relaxed) > 0;
}

int sm_preload_map_prot(const struct pl_map *m)
{
	unsigned int allow;
	int p = 0;

	if (sm_preload_check_mode() == PL_CHECK_OFF || atomic_load(&m->open))
		return m->prot;
	allow = sm_dmabuf_sync_state_allowed(&m->buf->sync);
	if (allow & SM_SYNC_ALLOW_READ)
		p |= m->prot & (PROT_READ | PROT_EXEC);
	if (allow & SM_SYNC_ALLOW_WRITE)
		p |= m->prot & PROT_WRITE;
	return p ? p : PROT_NONE;
}

/*
 * The last fd or mapping of @b in this process is gone (each closed
 * before this): the buffer may be freed now, so wait for socmemd to
 * release it, as the kernel frees at the last close.
 */
void sm_preload_buf_put(struct pl_buf *b)
{
	if (!b || --b->refs)
		return;
	free(b->ranges);
	free(b);
	sm_preload_dmabuf_sync();
}

static int fetch_ranges(struct pl_buf *b)
{
	uint64_t ps = (uint64_t)sysconf(_SC_PAGESIZE);
	struct sm_client_range *all = NULL;
	uint64_t total = 0;
	size_t n = 0;

	if (b->ranges)
		return 0;
	do {
		struct sm_client_range *got, *p;
		size_t k;
		int ret = PL_ASK(c, sm_daemon_client_dmabuf_ranges(c, b->info.id,
							   b->info.boot, n,
							   &got, &k, &total));

		/* each reply was checked to move and to stay inside its
		 * total; the total is bounded by the buffer's pages */
		if (!ret && total > b->info.size / ps) {
			free(got);
			ret = -EPROTO;
		}
		if (ret) {
			free(all);
			return ret == -ENOENT ? -EBADF : ret;
		}
		p = realloc(all, (n + k + 1) * sizeof(*p));
		if (!p) {
			free(got);
			free(all);
			return -ENOMEM;
		}
		all = p;
		memcpy(all + n, got, k * sizeof(*p));
		free(got);
		n += k;
	} while (n < total);
	b->ranges = all;
	b->nranges = n;
	return 0;
}

/* map [off, off + len) of @b at @base, range by range */
static int map_ranges(struct pl_buf *b, char *base, uint64_t off,
		      uint64_t len, int prot, int mflags)
{
	int phys = sm_daemon_phys_fd(pl.client);
	uint64_t pos = 0;

	for (size_t i = 0; i < b->nranges && pos < off + len; i++) {
		const struct sm_client_range *r = &b->ranges[i];
		uint64_t s = pos > off ? pos : off;
		uint64_t e = pos + r->len < off + len ? pos + r->len :
							 off + len;

		if (s < e && pl_real.mmap(base + (s - off), e - s, prot,
					  mflags | MAP_FIXED, phys,
					  (off_t)(r->offset + (s - pos))) ==
				     MAP_FAILED)
			return -errno;
		pos += r->len;
	}
	return 0;
}

static struct pl_map *free_slot(void)
{
	for (int i = 0; i < PL_MAX_MAPS; i++)
		if (!atomic_load(&pl_maps[i].used))
			return &pl_maps[i];
	return NULL;
}

static void slot_release(struct pl_map *m)
{
	atomic_store(&m->used, 0);
	atomic_fetch_sub(&nmaps, 1);
	sm_preload_fd_clear(m->hold);
	sm_sys_close(m->hold);
	sm_preload_buf_put(m->buf);
}

/* forget the records of [a, a + len) (already unmapped or replaced) */
static void forget_range(uintptr_t a, size_t len)
{
	uintptr_t e = a + len;

	for (int i = 0; i < PL_MAX_MAPS && sm_preload_have_mappings(); i++) {
		struct pl_map *m = &pl_maps[i];
		uintptr_t ms = m->start, me = m->start + m->len;

		if (!atomic_load(&m->used) || me <= a || ms >= e)
			continue;
		if (a <= ms && e >= me) {
			slot_release(m);
		} else if (a <= ms) {		/* the head went */
			m->off += e - ms;
			m->len = me - e;
			m->start = e;
		} else if (e >= me) {		/* the tail went */
			m->len = a - ms;
		} else {			/* a hole: split */
			struct pl_map *n = free_slot();
			int hold = sm_sys_fcntl(m->hold, F_DUPFD_CLOEXEC,
						pl.fd_floor);

			m->len = a - ms;
			if (!n || hold < 0) {
				if (hold >= 0)
					sm_sys_close(hold);
				continue;	/* the tail stays unrecorded */
			}
			*n = *m;
			n->start = e;
			n->len = me - e;
			n->off = m->off + (e - ms);
			n->hold = sm_preload_fd_internal(hold);
			n->buf->refs++;
			atomic_store(&n->used, 1);
			atomic_fetch_add(&nmaps, 1);
		}
	}
}

static void *map_failed(int err)
{
	errno = err;
	return MAP_FAILED;
}

void *sm_preload_buf_mmap(void *addr, size_t len, int prot, int flags, int fd,
			  struct pl_file *f, off_t off)
{
	struct pl_buf *b = f->buf;
	uint64_t ps = (uint64_t)sysconf(_SC_PAGESIZE);
	bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	uint64_t alen = ((uint64_t)len + ps - 1) & ~(ps - 1);
	uint64_t pgoff = (uint64_t)off / ps;
	uint64_t pages = alen / ps;
	struct pl_map *m;
	char *base;
	int hold;
	int ret;

	/* do_mmap(): an empty or unaligned request, then PAGE_ALIGN(len)
	 * wrapping to 0 or past TASK_SIZE (ENOMEM), pgoff overflow */
	if (!len || (uint64_t)off % ps)
		return map_failed(EINVAL);
	if (!alen || alen > SM_TASK_SIZE)
		return map_failed(ENOMEM);
	if (pgoff + pages < pgoff)
		return map_failed(EOVERFLOW);
	/* a buffer of an earlier daemon: its exporter is gone */
	if (sm_preload_boot_stale(b->info.boot))
		return map_failed(ENODEV);
	ret = sm_dmabuf_uapi_mmap_check(b->info.type, b->info.size, pgoff,
					pages, shared, ps);
	if (!ret)
		ret = fetch_ranges(b);
	if (ret)
		return map_failed(-ret);
	m = free_slot();
	if (!m)
		return map_failed(ENOMEM);
	hold = sm_sys_fcntl(fd, F_DUPFD_CLOEXEC, pl.fd_floor);
	if (hold < 0)
		return map_failed(errno);
	base = pl_real.mmap(addr, pages * ps, PROT_NONE,
			    MAP_PRIVATE | MAP_ANONYMOUS |
				    (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)),
			    -1, 0);
	if (base == MAP_FAILED) {
		ret = errno;
		sm_sys_close(hold);
		return map_failed(ret);
	}
	if (flags & MAP_FIXED)
		forget_range((uintptr_t)base, pages * ps);
	*m = (struct pl_map){
		.start = (uintptr_t)base, .len = pages * ps, .prot = prot,
		.fd = fd, .hold = sm_preload_fd_internal(hold), .off = (uint64_t)off,
		.buf = b,
	};
	ret = map_ranges(b, base, (uint64_t)off, pages * ps,
			 sm_preload_map_prot(m),
			 (shared ? MAP_SHARED : MAP_PRIVATE) |
				 (flags & (MAP_POPULATE | MAP_LOCKED |
					   MAP_NORESERVE | MAP_NONBLOCK)));
	if (ret) {
		pl_real.munmap(base, pages * ps);
		sm_preload_fd_clear(hold);
		sm_sys_close(hold);
		return map_failed(-ret);
	}
	b->refs++;
	atomic_store(&m->used, 1);
	atomic_fetch_add(&nmaps, 1);
	if (sm_preload_check_mode() != PL_CHECK_OFF)
		sm_preload_check_install();
	return base;
}

int sm_preload_munmap(void *addr, size_t len)
{
	int ret = pl_real.munmap(addr, len);
	uint64_t ps = (uint64_t)sysconf(_SC_PAGESIZE);

	if (ret || !sm_preload_have_mappings())
		return ret;
	sm_preload_lock();
	forget_range((uintptr_t)addr, (len + ps - 1) / ps * ps);
	sm_preload_unlock();
	return 0;
}

void sm_preload_buf_protect(struct pl_buf *b)
{
	if (sm_preload_check_mode() == PL_CHECK_OFF)
		return;
	for (int i = 0; i < PL_MAX_MAPS; i++) {
		struct pl_map *m = &pl_maps[i];

		if (!atomic_load(&m->used) || m->buf != b)
			continue;
		atomic_store(&m->open, 0);
		mprotect((void *)m->start, m->len, sm_preload_map_prot(m));
	}
}
