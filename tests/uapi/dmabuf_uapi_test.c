// SPDX-License-Identifier: MIT
/*
 * dmabuf_uapi_test.c - the DMA-BUF heap and dma-buf UAPI, rule by rule,
 * as a plain program that makes the real system calls: run under
 * libsocmem-preload.so it checks socmem; run with --device on a machine
 * with /dev/dma_heap it checks that machine's kernel (and exits 77 when
 * there is none). Every case cites the section of
 * ../shared/docs/kernel-behaviour.md it checks. Build it for arm64 and it
 * runs on the oracle kernel (oracle/heaps/run.sh) unchanged.
 *
 * Usage: dmabuf_uapi_test [--device]
 * Without arguments and without the preload library it checks the
 * machine's own heaps if it has some (the oracle runs it that way).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

static int failures;
static int cases;
static const char *cur;
static const char *cur_sec;
static int cur_failed;
static char cma_heap[64];

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "FAIL %s (%s): line %d: %s [errno %d %s]\n", \
				cur, cur_sec, __LINE__, #cond, errno,      \
				strerror(errno));                          \
			cur_failed = 1;                                    \
		}                                                          \
	} while (0)

/* a call that must fail with @err */
#define CHECK_ERR(call, err)                                               \
	do {                                                               \
		errno = 0;                                                 \
		long r_ = (long)(call);                                    \
		if (r_ != -1 || errno != (err)) {                          \
			fprintf(stderr,                                    \
				"FAIL %s (%s): line %d: %s = %ld errno %d (%s), want -1 %s\n", \
				cur, cur_sec, __LINE__, #call, r_, errno,  \
				strerror(errno), #err);                    \
			cur_failed = 1;                                    \
		}                                                          \
	} while (0)

#define RUN(fn, sec)                                                       \
	do {                                                               \
		cur = #fn;                                                 \
		cur_sec = sec;                                             \
		cur_failed = 0;                                            \
		cases++;                                                   \
		fn();                                                      \
		if (cur_failed)                                            \
			failures++;                                        \
		else                                                       \
			printf("PASS %s (kernel-behaviour.md %s)\n", #fn, sec); \
	} while (0)

static int open_heap(const char *name)
{
	char p[128];

	snprintf(p, sizeof(p), "/dev/dma_heap/%s", name);
	return open(p, O_RDONLY | O_CLOEXEC);
}

/* allocate @len from @heap; the buffer fd, or -1 */
static int alloc_from(const char *heap, uint64_t len, uint32_t fd_flags)
{
	struct dma_heap_allocation_data d = { .len = len, .fd_flags = fd_flags };
	int h = open_heap(heap);
	int ret;

	if (h < 0)
		return -1;
	ret = ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d);
	close(h);
	return ret ? -1 : (int)d.fd;
}

/* the number the kernel would give the next fd */
static int next_fd(void)
{
	int fd = dup(2);

	close(fd);
	return fd;
}

/* ---- 3.1: the layouts ------------------------------------------------- */

static void uapi_layouts(void)
{
	CHECK(sizeof(struct dma_heap_allocation_data) == 24);
	CHECK(DMA_HEAP_IOCTL_ALLOC == 0xc0184800);
	CHECK(DMA_BUF_IOCTL_SYNC == 0x40086200);
	CHECK(DMA_BUF_SYNC_VALID_FLAGS_MASK == 7);
}

/* ---- 3.2: heap character devices ------------------------------------------ */

static void heap_is_char_device(void)
{
	int h = open_heap("system");
	struct stat st;

	CHECK(h >= 0);
	CHECK(fstat(h, &st) == 0);
	CHECK(S_ISCHR(st.st_mode));
	close(h);
}

static void heap_dir_lists_heaps(void)
{
	DIR *d = opendir("/dev/dma_heap");
	struct dirent *e;
	int sys = 0, cma = 0;

	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, "system"))
			sys++;
		if (!strcmp(e->d_name, cma_heap))
			cma++;
		if (e->d_name[0] != '.')
			CHECK(e->d_type == DT_CHR || e->d_type == DT_UNKNOWN);
	}
	if (d)
		closedir(d);
	CHECK(sys == 1);
	CHECK(!*cma_heap || cma == 1);
}

/* a heap named relative to the working directory or a directory fd,
 * in this process and in one it execs, is the same heap */
static void heap_relative_paths(void)
{
	static void *volatile null_st;
	int cwd = open(".", O_RDONLY | O_DIRECTORY);
	int dfd = open("/dev/dma_heap", O_RDONLY | O_DIRECTORY);
	struct stat st;
	int h, status;
	pid_t pid;

	CHECK(dfd >= 0);
	h = openat(dfd, "system", O_RDONLY | O_CLOEXEC);
	CHECK(h >= 0 && fstat(h, &st) == 0 && S_ISCHR(st.st_mode));
	if (h >= 0)
		close(h);
	CHECK(fstatat(dfd, "system", &st, 0) == 0 && S_ISCHR(st.st_mode));
	CHECK(fchdir(dfd) == 0);
	h = open("system", O_RDONLY | O_CLOEXEC);
	CHECK(h >= 0);
	if (h >= 0)
		close(h);
	CHECK(stat("./../dma_heap/system", &st) == 0 && S_ISCHR(st.st_mode));
	pid = fork();
	if (!pid) {
		execl("/usr/bin/test", "test", "-c", "system", (char *)NULL);
		_exit(127);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_ERR(stat("system", null_st), EFAULT);
	CHECK(cwd >= 0 && fchdir(cwd) == 0);
	if (cwd >= 0)
		close(cwd);
	if (dfd >= 0)
		close(dfd);
}

static void heap_open_unknown(void)
{
	CHECK_ERR(open_heap("no-such-heap"), ENOENT);
}

static void heap_ioctl_nr_not_zero_einval(void)
{
	struct dma_heap_allocation_data d = { .len = 4096 };
	int h = open_heap("system");

	CHECK_ERR(ioctl(h, _IOWR('H', 1, struct dma_heap_allocation_data), &d),
		  EINVAL);
	CHECK_ERR(ioctl(h, _IO('x', 0x45), 0), EINVAL);	/* not ENOTTY */
	CHECK_ERR(ioctl(h, FIONREAD, &d), EINVAL);
	close(h);
}

static void heap_ioctl_nr0_any_type_allocates(void)
{
	struct dma_heap_allocation_data d = { .len = 4096,
					      .fd_flags = O_RDWR | O_CLOEXEC };
	int h = open_heap("system");

	CHECK(ioctl(h, _IOWR('Z', 0, struct dma_heap_allocation_data), &d) == 0);
	CHECK(d.fd > 0);
	CHECK(lseek((int)d.fd, 0, SEEK_END) == 4096);
	close((int)d.fd);
	close(h);
}

/* an older caller's 16-byte struct: heap_flags reads as 0, the bytes
 * past 16 are neither read nor written */
static void heap_ioctl_smaller_struct(void)
{
	struct {
		uint64_t len;
		uint32_t fd;
		uint32_t fd_flags;
		uint64_t guard;
	} d = { .len = 8192, .fd_flags = O_RDWR, .guard = 0x1122334455667788 };
	int h = open_heap("system");

	CHECK(ioctl(h, _IOWR('H', 0, char[16]), &d) == 0);
	CHECK(d.fd > 0);
	CHECK(d.fd_flags == O_RDWR);
	CHECK(d.guard == 0x1122334455667788);	/* past 16: untouched */
	CHECK(lseek((int)d.fd, 0, SEEK_END) == 8192);
	close((int)d.fd);
	close(h);
}

/* a newer caller's 32-byte struct: the tail is copied in and back */
static void heap_ioctl_bigger_struct(void)
{
	struct {
		struct dma_heap_allocation_data d;
		uint64_t extra;
	} x = { .d = { .len = 4096, .fd_flags = O_RDWR }, .extra = 42 };
	int h = open_heap("system");

	CHECK(ioctl(h, _IOWR('H', 0, char[32]), &x) == 0);
	CHECK(x.d.fd > 0);
	CHECK(x.extra == 42);
	close((int)x.d.fd);
	close(h);
}

/* without the write bit nothing is copied in: len reads as 0 */
static void heap_ioctl_no_in_bit(void)
{
	struct dma_heap_allocation_data d = { .len = 4096 };
	int h = open_heap("system");

	CHECK_ERR(ioctl(h, _IOR('H', 0, struct dma_heap_allocation_data), &d),
		  EINVAL);
	close(h);
}

/* without the read bit nothing is copied back, yet the fd is installed */
static void heap_ioctl_no_out_bit(void)
{
	struct dma_heap_allocation_data d = { .len = 4096,
					      .fd_flags = O_RDWR | O_CLOEXEC };
	int h = open_heap("system");
	int want = next_fd();

	CHECK(ioctl(h, _IOW('H', 0, struct dma_heap_allocation_data), &d) == 0);
	CHECK(d.fd == 0);
	CHECK(fcntl(want, F_GETFD) >= 0);
	CHECK(lseek(want, 0, SEEK_END) == 4096);
	close(want);
	close(h);
}

static void alloc_fd_in_must_be_zero(void)
{
	struct dma_heap_allocation_data d = { .len = 4096, .fd = 1 };
	int h = open_heap("system");

	CHECK_ERR(ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d), EINVAL);
	close(h);
}

static void alloc_fd_flags_checked(void)
{
	struct dma_heap_allocation_data d = { .len = 4096,
					      .fd_flags = O_RDWR | O_NONBLOCK };
	int h = open_heap("system");

	CHECK_ERR(ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d), EINVAL);
	d.fd_flags = O_WRONLY | O_CLOEXEC;
	CHECK(ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d) == 0);
	CHECK(fcntl((int)d.fd, F_GETFD) == FD_CLOEXEC);
	CHECK((fcntl((int)d.fd, F_GETFL) & O_ACCMODE) == O_WRONLY);
	close((int)d.fd);
	d.fd = 0;
	d.fd_flags = O_RDONLY;
	CHECK(ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d) == 0);
	CHECK(fcntl((int)d.fd, F_GETFD) == 0);
	CHECK((fcntl((int)d.fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
	close((int)d.fd);
	close(h);
}

static void alloc_heap_flags_must_be_zero(void)
{
	struct dma_heap_allocation_data d = { .len = 4096, .heap_flags = 1 };
	int h = open_heap("system");

	CHECK_ERR(ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d), EINVAL);
	d.heap_flags = 1ULL << 63;
	CHECK_ERR(ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d), EINVAL);
	close(h);
}

static void alloc_len_zero_pages(void)
{
	struct dma_heap_allocation_data d = { .len = 0 };
	int h = open_heap("system");

	CHECK_ERR(ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d), EINVAL);
	d.len = UINT64_MAX - 100;	/* PAGE_ALIGN wraps to 0 */
	CHECK_ERR(ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d), EINVAL);
	close(h);
}

static void alloc_len_rounds_up(void)
{
	int fd = alloc_from("system", 1, O_RDWR);
	struct stat st;

	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 4096);
	close(fd);
}

static void alloc_efault(void)
{
	struct dma_heap_allocation_data *ro;
	int h = open_heap("system");
	int want;

	CHECK_ERR(ioctl(h, DMA_HEAP_IOCTL_ALLOC, (void *)16), EFAULT);
	/* copy-out fault: the fd is released, the number stays free */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED);
	ro->len = 4096;
	mprotect(ro, 4096, PROT_READ);
	want = next_fd();
	CHECK_ERR(ioctl(h, DMA_HEAP_IOCTL_ALLOC, ro), EFAULT);
	CHECK(next_fd() == want);
	munmap(ro, 4096);
	close(h);
}

static void alloc_cma_exhausted_enomem(void)
{
	struct dma_heap_allocation_data d = { .len = 1ULL << 40,
					      .fd_flags = O_RDWR };
	int h;

	if (!*cma_heap)
		return;
	h = open_heap(cma_heap);
	CHECK_ERR(ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d), ENOMEM);
	close(h);
}

static void heap_no_read_write_seek(void)
{
	char c;
	int h = open("/dev/dma_heap/system", O_RDWR);

	CHECK_ERR(read(h, &c, 1), EINVAL);
	CHECK_ERR(write(h, &c, 1), EINVAL);
	CHECK_ERR(lseek(h, 0, SEEK_SET), ESPIPE);
	close(h);
}

/* ---- 3.5: dma-buf fds ---------------------------------------------------- */

static void buf_size_by_stat_and_seek(void)
{
	int fd = alloc_from("system", 3 * 4096 + 5, O_RDWR);
	struct stat st;

	CHECK(fstat(fd, &st) == 0);
	CHECK(st.st_size == 4 * 4096);
	CHECK(lseek(fd, 0, SEEK_END) == 4 * 4096);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK_ERR(lseek(fd, 0, SEEK_CUR), EINVAL);
	CHECK_ERR(lseek(fd, 1, SEEK_END), EINVAL);
	CHECK_ERR(lseek(fd, 4096, SEEK_SET), EINVAL);
	close(fd);
}

static int sync_flags(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
}

static void buf_sync_directions(void)
{
	int fd = alloc_from("system", 4096, O_RDWR);

	CHECK(sync_flags(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ) == 0);
	CHECK(sync_flags(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ) == 0);
	CHECK(sync_flags(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE) == 0);
	CHECK(sync_flags(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE) == 0);
	CHECK(sync_flags(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW) == 0);
	CHECK(sync_flags(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW) == 0);
	close(fd);
}

static void buf_sync_no_direction_einval(void)
{
	int fd = alloc_from("system", 4096, O_RDWR);

	CHECK_ERR(sync_flags(fd, DMA_BUF_SYNC_START), EINVAL);
	CHECK_ERR(sync_flags(fd, DMA_BUF_SYNC_END), EINVAL);
	close(fd);
}

static void buf_sync_unknown_bits_einval(void)
{
	int fd = alloc_from("system", 4096, O_RDWR);

	CHECK_ERR(sync_flags(fd, DMA_BUF_SYNC_RW | 8), EINVAL);
	CHECK_ERR(sync_flags(fd, DMA_BUF_SYNC_READ | (1ULL << 63)), EINVAL);
	CHECK_ERR(ioctl(fd, DMA_BUF_IOCTL_SYNC, (void *)16), EFAULT);
	close(fd);
}

/*
 * DMA_BUF_IOCTL_SYNC has number 0: on a heap fd it is the allocation, its
 * 8 bytes are copied in (the flags read as a length of 3 bytes) and
 * nothing is copied back (no read bit): 0, and a 4 KiB buffer's fd is
 * installed that the caller never learns about.
 */
static void buf_sync_on_heap_fd_allocates(void)
{
	int h = open_heap("system");
	struct dma_buf_sync s = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	int want = next_fd();

	CHECK(ioctl(h, DMA_BUF_IOCTL_SYNC, &s) == 0);
	CHECK(s.flags == (DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW));
	CHECK(lseek(want, 0, SEEK_END) == 4096);
	close(want);
	close(h);
}

static void buf_set_name(void)
{
	int fd = alloc_from("system", 4096, O_RDWR);
	char name[40];

	memset(name, 'a', sizeof(name));
	name[31] = '\0';
	CHECK(ioctl(fd, DMA_BUF_SET_NAME_B, name) == 0);
	name[31] = 'a';
	name[32] = '\0';
	CHECK_ERR(ioctl(fd, DMA_BUF_SET_NAME_B, name), EINVAL);
	CHECK(ioctl(fd, DMA_BUF_SET_NAME_A, "frame") == 0);
	CHECK_ERR(ioctl(fd, DMA_BUF_SET_NAME_B, (void *)16), EFAULT);
	close(fd);
}

static void buf_unknown_ioctl_enotty(void)
{
	int fd = alloc_from("system", 4096, O_RDWR);
	int v = 0;

	CHECK_ERR(ioctl(fd, _IOW('b', 9, int), &v), ENOTTY);
	CHECK_ERR(ioctl(fd, _IO('x', 1), 0), ENOTTY);
	CHECK_ERR(ioctl(fd, _IOW('b', 1, char[16]), "x"), ENOTTY);
	CHECK_ERR(ioctl(fd, _IOW('b', 0, uint32_t), &v), ENOTTY);
	close(fd);
}

static void buf_no_read_write(void)
{
	int fd = alloc_from("system", 4096, O_RDWR);
	char c = 0;

	CHECK_ERR(read(fd, &c, 1), EINVAL);
	CHECK_ERR(write(fd, &c, 1), EINVAL);
	close(fd);
	fd = alloc_from("system", 4096, O_WRONLY);
	CHECK_ERR(read(fd, &c, 1), EBADF);
	close(fd);
}

static void buf_mmap_zeroed_and_shared(void)
{
	int fd = alloc_from("system", 2 * 4096, O_RDWR);
	unsigned char *a, *b;
	int zero = 1;

	a = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
	CHECK(a != MAP_FAILED && b != MAP_FAILED);
	if (a == MAP_FAILED || b == MAP_FAILED)
		return;
	for (int i = 0; i < 2 * 4096; i++)
		zero &= a[i] == 0;
	CHECK(zero);
	a[4096 + 7] = 0x5a;
	CHECK(b[7] == 0x5a);
	munmap(a, 2 * 4096);
	munmap(b, 4096);
	close(fd);
}

static void buf_mmap_past_end_einval(void)
{
	int fd = alloc_from("system", 4096, O_RDWR);

	CHECK_ERR(mmap(NULL, 2 * 4096, PROT_READ, MAP_SHARED, fd, 0) ==
			  MAP_FAILED ? -1 : 0, EINVAL);
	CHECK_ERR(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 4096) ==
			  MAP_FAILED ? -1 : 0, EINVAL);
	close(fd);
}

static void buf_mmap_private(void)
{
	int fd = alloc_from("system", 2 * 4096, O_RDWR);
	void *p;

	/* system heap: remap_pfn_range() on a COW mapping: one page only */
	CHECK_ERR(mmap(NULL, 2 * 4096, PROT_READ, MAP_PRIVATE, fd, 0) ==
			  MAP_FAILED ? -1 : 0, EINVAL);
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	close(fd);
	if (!*cma_heap)
		return;
	/* CMA heap: a shared mapping is required */
	fd = alloc_from(cma_heap, 4096, O_RDWR);
	CHECK(fd >= 0);
	CHECK_ERR(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) ==
			  MAP_FAILED ? -1 : 0, EINVAL);
	close(fd);
}

static void buf_mmap_needs_access(void)
{
	int fd = alloc_from("system", 4096, O_RDONLY);
	void *p;

	CHECK_ERR(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) ==
			  MAP_FAILED ? -1 : 0, EACCES);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	close(fd);
}

static void cma_buf_zeroed(void)
{
	int fd;
	unsigned char *p;
	int zero = 1;

	if (!*cma_heap)
		return;
	fd = alloc_from(cma_heap, 64 * 1024, O_RDWR);
	CHECK(fd >= 0);
	p = mmap(NULL, 64 * 1024, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	for (int i = 0; i < 64 * 1024; i++)
		zero &= p[i] == 0;
	CHECK(zero);
	memset(p, 0xff, 64 * 1024);
	munmap(p, 64 * 1024);
	close(fd);
}

/* the file, not the number, is the reference: dup, close, fork */
static void buf_dup_and_fork(void)
{
	int fd = alloc_from("system", 4096, O_RDWR);
	int fd2 = dup(fd);
	unsigned char *p;
	pid_t pid;
	int st = -1;

	close(fd);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	pid = fork();
	if (pid == 0) {
		unsigned char *q = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					MAP_SHARED, fd2, 0);

		if (q == MAP_FAILED)
			_exit(1);
		q[100] = 0x77;
		_exit(0);
	}
	CHECK(pid > 0);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(p[100] == 0x77);
	munmap(p, 4096);
	close(fd2);
}

static void pick_cma_heap(void)
{
	static const char *const names[] = { "reserved", "default_cma_region" };
	DIR *d;
	struct dirent *e;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char p[128];

		snprintf(p, sizeof(p), "/dev/dma_heap/%s", names[i]);
		if (!access(p, F_OK) || open_heap(names[i]) >= 0) {
			snprintf(cma_heap, sizeof(cma_heap), "%s", names[i]);
			return;
		}
	}
	d = opendir("/dev/dma_heap");
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, "system")) {
			snprintf(cma_heap, sizeof(cma_heap), "%.63s", e->d_name);
			break;
		}
	if (d)
		closedir(d);
}

int main(int argc, char **argv)
{
	bool device = argc > 1 && !strcmp(argv[1], "--device");
	const char *pre = getenv("LD_PRELOAD");

	if (device) {
		if (access("/dev/dma_heap/system", F_OK)) {
			fprintf(stderr, "SKIP: no /dev/dma_heap/system here\n");
			return 77;
		}
	} else if (!pre || !strstr(pre, "socmem-preload")) {
		if (access("/dev/dma_heap/system", F_OK)) {
			fprintf(stderr, "run me under libsocmem-preload.so, "
				"or with --device\n");
			return 2;
		}
		device = true;
	}
	pick_cma_heap();
	printf("heaps: system, CMA heap '%s' (%s)\n", cma_heap,
	       device ? "this machine's kernel" : "socmem");
	RUN(uapi_layouts, "3.1");
	RUN(heap_is_char_device, "3.2");
	RUN(heap_dir_lists_heaps, "3.2");
	RUN(heap_open_unknown, "3.2");
	RUN(heap_relative_paths, "3.2");
	RUN(heap_ioctl_nr_not_zero_einval, "3.2 ioctl dispatch 1");
	RUN(heap_ioctl_nr0_any_type_allocates, "3.2 ioctl dispatch 1");
	RUN(heap_ioctl_smaller_struct, "3.2 ioctl dispatch 2");
	RUN(heap_ioctl_bigger_struct, "3.2 ioctl dispatch 2");
	RUN(heap_ioctl_no_in_bit, "3.2 ioctl dispatch 2");
	RUN(heap_ioctl_no_out_bit, "3.2 ioctl dispatch 2, 6");
	RUN(alloc_fd_in_must_be_zero, "3.2 ioctl dispatch 3");
	RUN(alloc_fd_flags_checked, "3.2 ioctl dispatch 3, 5");
	RUN(alloc_heap_flags_must_be_zero, "3.2 ioctl dispatch 3");
	RUN(alloc_len_zero_pages, "3.2 ioctl dispatch 3");
	RUN(alloc_len_rounds_up, "3.2 ioctl dispatch 3");
	RUN(alloc_efault, "3.2 ioctl dispatch 2, 6");
	RUN(alloc_cma_exhausted_enomem, "3.4");
	RUN(heap_no_read_write_seek, "3.2 open");
	RUN(buf_size_by_stat_and_seek, "3.5 llseek");
	RUN(buf_sync_directions, "3.5 DMA_BUF_IOCTL_SYNC");
	RUN(buf_sync_no_direction_einval, "3.5 DMA_BUF_IOCTL_SYNC");
	RUN(buf_sync_unknown_bits_einval, "3.5 DMA_BUF_IOCTL_SYNC");
	RUN(buf_sync_on_heap_fd_allocates, "3.2 ioctl dispatch 1, 2");
	RUN(buf_set_name, "3.5 DMA_BUF_SET_NAME");
	RUN(buf_unknown_ioctl_enotty, "3.5 other ioctls");
	RUN(buf_no_read_write, "3.5");
	RUN(buf_mmap_zeroed_and_shared, "3.3, 3.5 mmap");
	RUN(buf_mmap_past_end_einval, "3.5 mmap");
	RUN(buf_mmap_private, "3.3 mmap, 3.4 mmap");
	RUN(buf_mmap_needs_access, "3.5 mmap");
	RUN(cma_buf_zeroed, "3.4");
	RUN(buf_dup_and_fork, "3.5");
	fprintf(stderr, "%d/%d cases passed\n", cases - failures, cases);
	return failures ? 1 : 0;
}
