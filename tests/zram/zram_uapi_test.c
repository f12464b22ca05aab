// SPDX-License-Identifier: MIT
/*
 * zram_uapi_test.c - the emulated system's zram as a program sees it
 * under libsocmem-preload.so, with the errnos of the kernel's kernfs,
 * block layer, swapfile and module code: the module loaded and unloaded
 * with finit_module/delete_module (dependencies first, EEXIST, "in use"),
 * sysfs attributes (modes, EACCES on opening the wrong way, show at the
 * first read, store at each write, EBUSY), /dev/zram<N> as a block
 * device (fstat, the BLK* ioctls, reads and writes at any offset, lseek,
 * ENOSPC at the end, O_EXCL), the sysfs links to a device (lstat,
 * readlink), the kernel log (syslog(2), /dev/kmsg), /proc/buddyinfo and
 * /proc/pagetypeinfo, swapon/swapoff and
 * /proc/swaps, hot_add and
 * hot_remove, and a served file inherited across exec as stdout.
 *
 * It must run under the preload with a fresh state directory (it refuses
 * to run otherwise: as root it would be talking to the host's zram).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

#define Z0 "/sys/block/zram0/"

/* a NULL the compiler cannot see (glibc declares these nonnull) */
static void *volatile pl_null_;
#define PL_NULL (pl_null_)

/* the errno of a call that must fail */
#define ERR(call) ((call) < 0 ? errno : 0)

static char *slurp(const char *path)
{
	static char buf[8192];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

/* one write(2) to a sysfs file: the written length or -errno */
static long put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	long ret;

	if (fd < 0)
		return -errno;
	ret = write(fd, s, strlen(s));
	if (ret < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int finit(const char *ko, const char *params)
{
	char path[512];
	struct utsname u;
	int fd, ret;

	uname(&u);
	snprintf(path, sizeof(path), "/lib/modules/%s/kernel/%s", u.release, ko);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = (int)syscall(SYS_finit_module, fd, params, 0);
	ret = ret < 0 ? -errno : 0;
	close(fd);
	return ret;
}

static bool listed(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	while (d && (e = readdir(d)))
		found |= !strcmp(e->d_name, name);
	if (d)
		closedir(d);
	return found;
}

/*
 * Expect modules to load dependencies first (zram alone: ENOENT, the
 * kernel's unknown symbols), a second load EEXIST, /proc/modules and
 * /sys/module to show them, and a used module to refuse to go.
 */
static void modules(void)
{
	const char *mods;

	CHECK_EQ_U64(finit("drivers/block/zram/zram.ko", ""), -ENOENT);
	CHECK_EQ_U64(finit("lib/lz4/lz4_compress.ko", ""), 0);
	CHECK_EQ_U64(finit("lib/lz4/lz4hc_compress.ko", ""), 0);
	CHECK_EQ_U64(finit("drivers/block/zram/zram.ko", "num_devices=2"), 0);
	CHECK_EQ_U64(finit("drivers/block/zram/zram.ko", ""), -EEXIST);
	mods = slurp("/proc/modules");
	CHECK(mods && strstr(mods, "zram 45056 0 - Live 0x0000000000000000\n"));
	CHECK(mods && strstr(mods, "lz4_compress 20480 1 zram, Live "));
	CHECK_STR(slurp("/sys/module/zram/refcnt"), "0\n");
	CHECK_STR(slurp("/sys/module/zram/initstate"), "live\n");
	CHECK(listed("/sys/module/lz4hc_compress/holders", "zram"));
	CHECK_EQ_U64(ERR(syscall(SYS_delete_module, "lz4_compress",
				 O_NONBLOCK)), EWOULDBLOCK);
	CHECK_EQ_U64(ERR(syscall(SYS_delete_module, "nosuch", O_NONBLOCK)),
		     ENOENT);
	CHECK(listed("/sys/block/zram0", "mm_stat"));
	CHECK(listed("/dev", "zram1"));
}

/*
 * Expect kernfs's rules: modes in stat, EACCES to open an attribute the
 * way it cannot be used, no creating files, stats of zeros before
 * disksize, one store() per write with the attribute's errno.
 */
static void sysfs(void)
{
	struct stat st;
	char buf[64];
	int fd;

	CHECK(!stat(Z0 "disksize", &st));
	CHECK_EQ_U64(st.st_mode, S_IFREG | 0644);
	CHECK_EQ_U64(st.st_size, 4096);
	CHECK(!stat(Z0 "reset", &st) && st.st_mode == (S_IFREG | 0200));
	CHECK(!stat("/sys/block/zram0", &st) && S_ISDIR(st.st_mode));
	CHECK_EQ_U64(ERR(open(Z0 "reset", O_RDONLY)), EACCES);
	CHECK_EQ_U64(ERR(open(Z0 "mm_stat", O_WRONLY)), EACCES);
	CHECK_EQ_U64(ERR(open(Z0 "nosuch", O_RDONLY)), ENOENT);
	CHECK_EQ_U64(ERR(open(Z0 "nosuch", O_WRONLY | O_CREAT, 0644)), EACCES);
	CHECK_EQ_U64(ERR(open(Z0 "disksize", O_WRONLY | O_CREAT | O_EXCL,
			      0644)), EEXIST);
	CHECK_EQ_U64(ERR(open("/sys/block/zram0", O_WRONLY)), EISDIR);
	CHECK_STR(slurp(Z0 "mm_stat"), "       0        0        0        0"
		  "        0        0        0        0        0\n");
	CHECK_EQ_U64(put(Z0 "disksize", "0\n"), -EINVAL);
	CHECK_EQ_U64(put(Z0 "comp_algorithm", "nosuch\n"), -EINVAL);
	CHECK_EQ_U64(put(Z0 "disksize", "128M\n"), 5);
	CHECK_EQ_U64(put(Z0 "disksize", "128M\n"), -EBUSY);
	CHECK_EQ_U64(put(Z0 "comp_algorithm", "zstd\n"), -EBUSY);
	fd = open(Z0 "disksize", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ_U64(pread(fd, buf, 4, 3), 4);
	CHECK(!memcmp(buf, "2177", 4));
	CHECK_EQ_U64(lseek(fd, 0, SEEK_END), 4096);
	CHECK_EQ_U64(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ_U64(read(fd, buf, sizeof(buf)), 10);
	CHECK_EQ_U64(read(fd, buf, sizeof(buf)), 0);
	CHECK(!fstat(fd, &st) && st.st_mode == (S_IFREG | 0644));
	CHECK_EQ_U64(ERR(ioctl(fd, BLKGETSIZE64, &st)), ENOTTY);
	close(fd);
}

/*
 * Expect the sysfs links util-linux follows (lsblk, zramctl find a device
 * by /sys/dev/block/MAJ:MIN and name it by readlink): symlinks to the
 * device's directory, readable through, ENOENT for a device that does
 * not exist; and genhd's dev attribute naming the same numbers.
 */
static void sysfs_links(void)
{
	struct stat st;
	char buf[128];

	CHECK_STR(slurp(Z0 "dev"), "252:0\n");
	CHECK(!lstat("/sys/dev/block/252:0", &st) && S_ISLNK(st.st_mode));
	CHECK(!lstat("/sys/block/zram0", &st) && S_ISLNK(st.st_mode));
	CHECK(!stat("/sys/dev/block/252:0", &st) && S_ISDIR(st.st_mode));
	memset(buf, 0, sizeof(buf));
	CHECK_EQ_U64(readlink("/sys/dev/block/252:0", buf, sizeof(buf)), 33);
	CHECK_STR(buf, "../../devices/virtual/block/zram0");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ_U64(readlink("/sys/block/zram0", buf, sizeof(buf)), 30);
	CHECK_STR(buf, "../devices/virtual/block/zram0");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ_U64(readlink("/sys/class/block/zram0", buf, 5), 5);
	CHECK_STR(buf, "../..");	/* truncated, as readlink(2) does */
	CHECK_STR(slurp("/sys/dev/block/252:0/disksize"), "134217728\n");
	CHECK_EQ_U64(ERR(readlink("/sys/dev/block/252:9", buf, sizeof(buf))),
		     ENOENT);
	CHECK_EQ_U64(ERR(lstat("/sys/block/zram9", &st)), ENOENT);
	/* a served file or directory is no link; a missing one ENOENT */
	CHECK_EQ_U64(ERR(readlink(Z0 "dev", buf, sizeof(buf))), EINVAL);
	CHECK_EQ_U64(ERR(readlink("/sys/dev/block/252:0/", buf, sizeof(buf))),
		     EINVAL);
	CHECK_EQ_U64(ERR(readlink(Z0 "nosuch", buf, sizeof(buf))), ENOENT);
}

/* what a child prints of @cmd run with sh -c, in @cwd_fd's directory */
static char *child_output(int cwd_fd, const char *cmd)
{
	static char buf[256];
	int pfd[2], st;
	ssize_t n = 0, r;
	pid_t pid;

	buf[0] = '\0';
	if (pipe(pfd))
		return NULL;
	pid = fork();
	if (!pid) {
		dup2(pfd[1], 1);
		if (cwd_fd >= 0 && fchdir(cwd_fd))
			_exit(126);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while (n < (ssize_t)sizeof(buf) - 1 &&
	       (r = read(pfd[0], buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
		n += r;
	buf[n] = '\0';
	close(pfd[0]);
	waitpid(pid, &st, 0);
	return buf;
}

static void host_links(const char *dir, const char *into, const char *tail);

/*
 * Expect every way of naming a served file to reach it: relative to the
 * working directory (a served one, or the host's /sys/block), to a
 * directory fd, through ".." and the sysfs links, in this process and in
 * the programs it execs; and a host link into the host's own zram to be
 * absent (the emulated board has no such device).
 */
static void path_forms(void)
{
	char buf[4096], *cwd;
	struct stat st;
	int dfd, fd, host;

	host = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(!chdir("/sys/block"));
	CHECK_STR(slurp("zram0/disksize"), "134217728\n");
	CHECK_STR(child_output(-1, "cat zram0/disksize"), "134217728\n");
	CHECK(!chdir("zram0"));
	CHECK_STR(slurp("disksize"), "134217728\n");
	CHECK_STR(slurp("./../zram0/disksize"), "134217728\n");
	cwd = getcwd(buf, sizeof(buf));
	CHECK_STR(cwd, "/sys/block/zram0");
	/* the working directory goes across fork and exec */
	CHECK_STR(child_output(-1, "cat disksize; cd .. && cat zram0/dev"),
		  "134217728\n252:0\n");
	CHECK(!stat("disksize", &st) && st.st_size == 4096);
	CHECK(!access("mm_stat", R_OK));
	/* "..": from where the link points, /sys/devices/virtual/block */
	CHECK(!stat("..", &st) && S_ISDIR(st.st_mode));
	CHECK_STR(slurp("../zram0/dev"), "252:0\n");
	CHECK(!chdir("/dev"));
	CHECK(!stat("zram0", &st) && S_ISBLK(st.st_mode) &&
	      major(st.st_rdev) == 252);
	fd = open("zram0", O_RDONLY);
	CHECK(fd >= 0 && !fstat(fd, &st) && major(st.st_rdev) == 252);
	close(fd);
	if (host >= 0) {
		CHECK(!fchdir(host));
		close(host);
	}

	/* relative to a directory fd: a served one, and the host's */
	dfd = open("/sys/block/zram0", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	fd = openat(dfd, "disksize", O_RDONLY);
	CHECK(fd >= 0);
	memset(buf, 0, sizeof(buf));
	CHECK(fd >= 0 && read(fd, buf, 64) == 10);
	CHECK_STR(buf, "134217728\n");
	close(fd);
	CHECK(!fstatat(dfd, "mm_stat", &st, 0) && S_ISREG(st.st_mode));
	CHECK(!faccessat(dfd, "reset", W_OK, 0));
	CHECK_STR(child_output(dfd, "cat disksize"), "134217728\n");
	close(dfd);
	dfd = open("/sys/block", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	CHECK(!fstatat(dfd, "zram1", &st, AT_SYMLINK_NOFOLLOW) &&
	      S_ISLNK(st.st_mode));
	memset(buf, 0, sizeof(buf));
	CHECK_EQ_U64(readlinkat(dfd, "zram0", buf, sizeof(buf)), 30);
	CHECK_STR(slurp("/sys/block/zram0/../zram1/dev"), "252:1\n");
	fd = openat(dfd, "zram0/dev", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	CHECK(fd >= 0 && read(fd, buf, 64) == 6);
	CHECK_STR(buf, "252:0\n");
	close(fd);
	close(dfd);

	/* the host's links to its own zram: not on the emulated board */
	host_links("/dev/block", "../zram", "");
	host_links("/sys/dev/block", "/zram", "/disksize");
}

/* each link in @dir whose text has @into: @name + @tail is ENOENT */
static void host_links(const char *dir, const char *into, const char *tail)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;

	while (d && (e = readdir(d))) {
		char p[600], t[300];
		ssize_t n;

		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		n = readlink(p, t, sizeof(t) - 1);
		if (n <= 0)
			continue;
		t[n] = '\0';
		if (!strstr(t, into) || !strncmp(e->d_name, "252:", 4))
			continue;
		strcat(p, tail);
		CHECK_EQ_U64(ERR(open(p, O_RDONLY)), ENOENT);
		CHECK_EQ_U64(ERR(stat(p, &st)), ENOENT);
	}
	if (d)
		closedir(d);
}

/*
 * Expect every route into and out of a served file to be the kernel's:
 * vectors (one store() per write), sendfile and splice, copy_file_range
 * refused so that callers fall back, the write system call made without
 * libc's write() (trapped), and poll, select and epoll to say ready.
 */
static void routes(void)
{
	char a[4] = { 0 }, b[16] = { 0 }, page[8192], back[8192];
	struct iovec v[2] = { { a, 4 }, { b, 12 } };
	struct iovec w[2] = { { "0", 1 }, { "\n", 1 } };
	struct epoll_event ev = { .events = EPOLLIN };
	struct pollfd pf;
	fd_set rd;
	struct timeval tv = { 0, 0 };
	int fd, mfd, p[2], ep, dev;
	off_t off = 0;

	fd = open(Z0 "disksize", O_RDWR);
	CHECK(fd >= 0);
	CHECK_EQ_U64(readv(fd, v, 2), 10);
	CHECK(!memcmp(a, "1342", 4) && !strcmp(b, "17728\n"));
	memset(b, 0, sizeof(b));
	v[0].iov_len = 3;
	CHECK_EQ_U64(preadv(fd, v, 1, 3), 3);
	CHECK(!memcmp(a, "217", 3));
	/* an initialised device: EBUSY, by every way of writing ("0" is
	 * EINVAL before that is looked at) */
	CHECK_EQ_U64(ERR(writev(fd, w, 2)), EINVAL);
	w[0].iov_base = "1M";
	CHECK_EQ_U64(ERR(writev(fd, w, 2)), EBUSY);
	CHECK_EQ_U64(ERR(syscall(SYS_write, fd, "1M\n", 3)), EBUSY);
	CHECK_EQ_U64(ERR(syscall(SYS_writev, fd, w, 2)), EBUSY);
	w[0].iov_base = "0";
	/* ready, however a program asks */
	pf = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	CHECK_EQ_U64(poll(&pf, 1, 1000), 1);
	CHECK((pf.revents & (POLLIN | POLLOUT)) == (POLLIN | POLLOUT));
	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	CHECK_EQ_U64(select(fd + 1, &rd, NULL, NULL, &tv), 1);
	ep = epoll_create1(0);
	CHECK(ep >= 0 && !epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
	CHECK_EQ_U64(epoll_wait(ep, &ev, 1, 1000), 1);
	close(ep);
	close(fd);

	fd = open(Z0 "mem_used_max", O_WRONLY);
	CHECK(fd >= 0);
	CHECK_EQ_U64(writev(fd, w, 2), 2);
	CHECK_EQ_U64(syscall(SYS_write, fd, "0\n", 2), 2);	/* trapped */
	CHECK_EQ_U64(ERR(syscall(SYS_write, fd, "7\n", 2)), EINVAL);
	mfd = memfd_create("zero", 0);
	CHECK(mfd >= 0 && write(mfd, "0\n", 2) == 2);
	CHECK_EQ_U64(sendfile(fd, mfd, &off, 2), 2);
	CHECK_EQ_U64(off, 2);
	off = 0;
	CHECK_EQ_U64(ERR(copy_file_range(mfd, &off, fd, NULL, 2, 0)), EXDEV);
	CHECK(!pipe(p) && write(p[1], "0\n", 2) == 2);
	CHECK_EQ_U64(splice(p[0], NULL, fd, NULL, 2, 0), 2);
	close(p[0]);
	close(p[1]);
	close(mfd);
	close(fd);
	/* the number is still trapped: a write there now is the kernel's */
	CHECK_EQ_U64(ERR(syscall(SYS_write, fd, "0\n", 2)), EBADF);
	CHECK(!pipe(p));
	mfd = fcntl(p[0], F_DUPFD, 100);	/* the read end, out of the way */
	close(p[0]);
	if (p[1] != fd && dup2(p[1], fd) == fd)
		close(p[1]);
	CHECK_EQ_U64(syscall(SYS_write, fd, "ab", 2), 2);
	CHECK(read(mfd, b, 2) == 2 && !memcmp(b, "ab", 2));
	close(mfd);
	close(fd);

	/* the block device: vectors at a position */
	dev = open("/dev/zram0", O_RDWR);
	CHECK(dev >= 0);
	for (size_t i = 0; i < sizeof(page); i++)
		page[i] = (char)(i * 7 + 1);
	w[0] = (struct iovec){ page, 4096 };
	w[1] = (struct iovec){ page + 4096, 4096 };
	CHECK_EQ_U64(pwritev(dev, w, 2, 4096 * 5), 8192);
	v[0] = (struct iovec){ back, 100 };
	v[1] = (struct iovec){ back + 100, 8092 };
	CHECK_EQ_U64(preadv(dev, v, 2, 4096 * 5), 8192);
	CHECK(!memcmp(page, back, sizeof(page)));
	CHECK_EQ_U64(ERR(copy_file_range(dev, NULL, dev, NULL, 4096, 0)),
		     EINVAL);
	close(dev);
}

/*
 * Expect what programs ask without a path into zram to be the board's
 * too: sysinfo(2) and sysconf(_SC_PHYS_PAGES) (the emulated MemTotal),
 * statfs of a served directory (sysfs: systemd checks), a served fd
 * opened again through /proc/self/fd, and a device's uevent, subsystem
 * and queue/ (what systemd-makefs reads).
 */
static void board_views(void)
{
	unsigned long long mt = 0;
	struct sysinfo si;
	struct statfs sf;
	char p[64], buf[128];
	const char *m;
	int fd, dfd;

	m = slurp("/proc/meminfo");
	CHECK(m && sscanf(m, "MemTotal: %llu kB", &mt) == 1 && mt);
	CHECK(!sysinfo(&si));
	CHECK_EQ_U64((unsigned long long)si.totalram * si.mem_unit, mt * 1024);
	CHECK_EQ_U64((unsigned long long)sysconf(_SC_PHYS_PAGES) *
			     (unsigned long long)sysconf(_SC_PAGESIZE),
		     mt * 1024);
	CHECK(!statfs("/sys/block/zram0", &sf) && sf.f_type == 0x62656572);
	dfd = open("/sys/block/zram0", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0 && !fstatfs(dfd, &sf) && sf.f_type == 0x62656572);
	close(dfd);
	fd = open(Z0 "disksize", O_RDONLY);
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	CHECK_STR(slurp(p), "134217728\n");
	close(fd);
	CHECK_STR(slurp(Z0 "uevent"),
		  "MAJOR=252\nMINOR=0\nDEVNAME=zram0\nDEVTYPE=disk\n");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ_U64(readlink("/sys/dev/block/252:0/subsystem", buf,
			      sizeof(buf)), 23);
	CHECK_STR(buf, "../../../../class/block");
	CHECK_STR(slurp("/sys/dev/block/252:0/queue/logical_block_size"),
		  "4096\n");
	CHECK_STR(slurp(Z0 "queue/rotational"), "0\n");
	CHECK_EQ_U64(ERR(access("/sys/dev/block/252:0/partition", F_OK)),
		     ENOENT);
	CHECK(listed(Z0 "queue", "optimal_io_size"));
	fd = open("/dev/block/252:0", O_RDONLY);
	CHECK(fd >= 0);
	CHECK(fd >= 0 && ioctl(fd, BLKGETSIZE64, &mt) == 0 && mt == 134217728);
	close(fd);
}

/* Expect bad pointers to be EFAULT, as the kernel answers, never a crash */
static void bad_pointers(void)
{
	struct stat st;
	char buf[64];
	int fd;

	/* Rust's runtime probes statx this way */
	CHECK_EQ_U64(ERR(statx(0, PL_NULL, 0, STATX_ALL, PL_NULL)), EFAULT);
	CHECK_EQ_U64(ERR(fstatat(AT_FDCWD, PL_NULL, &st, 0)), EFAULT);
	CHECK_EQ_U64(ERR(chdir(PL_NULL)), EFAULT);
	CHECK_EQ_U64(ERR(open(PL_NULL, O_RDONLY)), EFAULT);
	CHECK_EQ_U64(ERR(access(PL_NULL, F_OK)), EFAULT);
	CHECK_EQ_U64(ERR(readlink(PL_NULL, buf, sizeof(buf))), EFAULT);
	CHECK_EQ_U64(ERR(stat((const char *)8, &st)), EFAULT);
	CHECK_EQ_U64(ERR(stat(Z0 "disksize", PL_NULL)), EFAULT);
	CHECK_EQ_U64(ERR(statx(AT_FDCWD, Z0 "disksize", 0, STATX_ALL,
			       PL_NULL)), EFAULT);
	CHECK_EQ_U64(ERR(readlink("/sys/block/zram0", PL_NULL, 64)), EFAULT);
	fd = open(Z0 "disksize", O_RDONLY);
	CHECK_EQ_U64(ERR(read(fd, PL_NULL, 8)), EFAULT);
	close(fd);
}

/*
 * Expect the kernel log to be the emulated system's: syslog(2) reads it
 * (the newest bytes that fit), /dev/kmsg refuses readers as under
 * dmesg_restrict (so dmesg falls back to syslog(2)), nobody clears it.
 */
static void kernel_log(void)
{
	static char buf[1 << 18];
	int n;

	CHECK_EQ_U64(klogctl(10, NULL, 0), 1 << 18);	/* SIZE_BUFFER */
	CHECK_EQ_U64(syscall(SYS_syslog, 10, NULL, 0), 1 << 18);
	n = klogctl(3, buf, sizeof(buf) - 1);		/* READ_ALL */
	CHECK(n > 0);
	buf[n > 0 ? n : 0] = '\0';
	CHECK(!strncmp(buf, "<6>Reserved memory: created CMA memory pool", 43));
	CHECK(strstr(buf, "\n<6>cma: Reserved 64 MiB at 0x00000000f9c00000"));
	CHECK_EQ_U64(klogctl(9, NULL, 0), n);		/* SIZE_UNREAD */
	CHECK_EQ_U64(klogctl(3, buf, 4), 4);		/* the newest bytes */
	CHECK_EQ_U64(buf[3], '\n');
	CHECK_EQ_U64(klogctl(3, buf, 0), 0);
	CHECK_EQ_U64(ERR(klogctl(3, NULL, 8)), EINVAL);
	CHECK_EQ_U64(ERR(klogctl(5, NULL, 0)), EPERM);	/* CLEAR */
	CHECK_EQ_U64(ERR(klogctl(4, buf, 8)), EPERM);	/* READ_CLEAR */
	CHECK_EQ_U64(ERR(klogctl(99, NULL, 0)), EINVAL);
	CHECK_EQ_U64(ERR(open("/dev/kmsg", O_RDONLY)), EPERM);
	CHECK_EQ_U64(ERR(open("/dev/./kmsg", O_RDWR)), EPERM);
}

/* Expect the allocator's /proc files to be the emulated board's. */
static void proc_files(void)
{
	struct stat st;
	const char *s = slurp("/proc/buddyinfo");

	CHECK(s && !strncmp(s, "Node 0, zone      DMA ", 22));
	CHECK(s && strstr(s, "\nNode 0, zone   Normal "));
	CHECK(!stat("/proc/pagetypeinfo", &st));
	CHECK_EQ_U64(st.st_mode, S_IFREG | 0400);
	s = slurp("/proc/pagetypeinfo");
	CHECK(s && !strncmp(s, "Page block order: 9\nPages per block:  512\n", 40));
	/* procfs: 0 bytes to stat, no write op; the rest of /proc is the host's */
	CHECK(!stat("/proc/meminfo", &st));
	CHECK_EQ_U64(st.st_mode, S_IFREG | 0444);
	CHECK_EQ_U64(st.st_size, 0);
	CHECK_EQ_U64(put("/proc/meminfo", "1\n"), -EIO);
	CHECK(!access("/proc/self/status", R_OK));
}

/*
 * Expect the host's files untouched by the interposers: open(2)'s mode
 * argument reaches the kernel with O_CREAT (open, open64, openat), and
 * fcntl64 is fcntl.
 */
static void host_open_mode(void)
{
	char p[64];
	struct stat st;
	int fd;

	snprintf(p, sizeof(p), "/tmp/socmem-uapi-%d", (int)getpid());
	umask(022);
	fd = openat(AT_FDCWD, p, O_WRONLY | O_CREAT | O_EXCL, 0640);
	CHECK(fd >= 0 && !fstat(fd, &st));
	CHECK_EQ_U64(st.st_mode & 0777, 0640);
	CHECK_EQ_U64(fcntl64(fd, F_GETFL) & O_ACCMODE, O_WRONLY);
	close(fd);
	unlink(p);
	fd = open64(p, O_RDWR | O_CREAT | O_EXCL, 0604);
	CHECK(fd >= 0 && !fstat(fd, &st));
	CHECK_EQ_U64(st.st_mode & 0777, 0604);
	close(fd);
	unlink(p);
}

/*
 * Expect the proc service's files whatever the zram service's state: with
 * zram unloaded /proc/meminfo is the board's and /proc/modules lists the
 * modules still loaded without it.
 */
static void proc_without_zram(void)
{
	const char *s = slurp("/proc/meminfo");

	CHECK(s && !strncmp(s, "MemTotal:", 9));
	s = slurp("/proc/modules");
	CHECK(s && !strstr(s, "zram ") && strstr(s, " Live 0x"));
}

/*
 * Expect /dev/zram0 to be a block device as the block layer shows one:
 * fstat, the generic ioctls, reads and writes at any offset (a partial
 * page is read, changed and written), nothing past the end, O_EXCL.
 */
static void bdev(void)
{
	static char page[3 * 4096], back[3 * 4096];
	unsigned long long size = 0;
	struct stat st, fst;
	int fd, fd2, v = -1;

	CHECK(!stat("/dev/zram0", &st));
	CHECK(S_ISBLK(st.st_mode) && (st.st_mode & 07777) == 0660);
	CHECK_EQ_U64(st.st_rdev, makedev(252, 0));
	CHECK_EQ_U64(st.st_gid, 6);
	fd = open("/dev/zram0", O_RDWR | O_EXCL);
	CHECK(fd >= 0);
	CHECK(!fstat(fd, &fst));
	CHECK(fst.st_ino == st.st_ino && fst.st_rdev == st.st_rdev);
	CHECK(!ioctl(fd, BLKGETSIZE64, &size));
	CHECK_EQ_U64(size, 128ull << 20);
	CHECK(!ioctl(fd, BLKSSZGET, &v) && v == 4096);
	CHECK(!ioctl(fd, BLKPBSZGET, &v) && v == 4096);
	CHECK(!ioctl(fd, BLKROGET, &v) && v == 0);
	CHECK_EQ_U64(ERR(ioctl(fd, 0x5331 /* CDROM_GET_CAPABILITY */, 0)),
		     ENOTTY);
	CHECK_EQ_U64(ERR(open("/dev/zram0", O_RDONLY | O_EXCL)), EBUSY);
	fd2 = open("/dev/zram0", O_RDONLY);	/* not exclusive: fine */
	CHECK(fd2 >= 0);
	close(fd2);
	for (size_t i = 0; i < sizeof(page); i++)
		page[i] = (char)(i * 7 + i / 4096);
	CHECK_EQ_U64(pwrite(fd, page, sizeof(page), 4096 - 100), sizeof(page));
	CHECK_EQ_U64(pread(fd, back, sizeof(back), 4096 - 100), sizeof(back));
	CHECK(!memcmp(page, back, sizeof(page)));
	CHECK_EQ_U64(lseek(fd, 0, SEEK_END), 128 << 20);
	CHECK_EQ_U64(read(fd, back, 10), 0);
	CHECK_EQ_U64(ERR(write(fd, page, 10)), ENOSPC);
	CHECK_EQ_U64(ERR(lseek(fd, (128 << 20) + 1, SEEK_SET)), EINVAL);
	CHECK_EQ_U64(lseek(fd, -4096, SEEK_END), (128 << 20) - 4096);
	CHECK_EQ_U64(write(fd, page, 8192), 4096);	/* up to the end */
	CHECK(!fsync(fd));
	CHECK_EQ_U64(put(Z0 "reset", "1\n"), -EBUSY);	/* open */
	CHECK_STR(slurp("/sys/module/zram/refcnt"), "1\n");
	close(fd);
	CHECK_STR(slurp("/sys/module/zram/refcnt"), "0\n");
}

/* mkswap's page: version 1, last_page, "SWAPSPACE2" */
static int mkswap(const char *dev, uint64_t bytes)
{
	char page[4096] = { 0 };
	uint32_t one = 1, last = (uint32_t)(bytes / 4096 - 1);
	int fd = open(dev, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	memcpy(page + 1024, &one, 4);
	memcpy(page + 1028, &last, 4);
	memcpy(page + 4086, "SWAPSPACE2", 10);
	n = pwrite(fd, page, sizeof(page), 0);
	close(fd);
	return n == 4096 ? 0 : -EIO;
}

/*
 * Expect swapon to claim the device (EBUSY for a second swapon, an
 * O_EXCL open or a reset; ETXTBSY for a write), to show in /proc/swaps and /proc/meminfo, and
 * swapoff to give it back; paths that are not swap areas are EINVAL.
 */
static void swap(void)
{
	const char *s;

	CHECK_EQ_U64(ERR(swapon("/dev/zram1", 0)), EINVAL);	/* no header */
	CHECK_EQ_U64(mkswap("/dev/zram0", 128 << 20), 0);
	CHECK_EQ_U64(swapon("/dev/zram0", SWAP_FLAG_PREFER | 100), 0);
	CHECK_EQ_U64(ERR(swapon("/dev/zram0", 0)), EBUSY);
	CHECK_EQ_U64(ERR(open("/dev/zram0", O_RDWR | O_EXCL)), EBUSY);
	CHECK_EQ_U64(put(Z0 "reset", "1\n"), -EBUSY);
	{	/* blkdev_write_iter(): swap's pages are not written behind
		 * its back; reading them is allowed */
		char page[4096] = { 0 };
		int fd = open("/dev/zram0", O_RDWR);

		CHECK(fd >= 0);
		CHECK_EQ_U64(ERR(pwrite(fd, page, sizeof(page), 4096)),
			     ETXTBSY);
		CHECK_EQ_U64(pread(fd, page, sizeof(page), 0), 4096);
		CHECK(!memcmp(page + 4086, "SWAPSPACE2", 10));
		close(fd);
	}
	s = slurp("/proc/swaps");
	CHECK(s && strstr(s, "\n/dev/zram0                              "
			  "partition\t131068\t\t0\t\t100\n"));
	s = slurp("/proc/meminfo");
	CHECK(s && strstr(s, "\nSwapTotal:        131068 kB\n"));
	CHECK_EQ_U64(ERR(syscall(SYS_delete_module, "zram", O_NONBLOCK)),
		     EWOULDBLOCK);
	CHECK_EQ_U64(ERR(swapoff("/dev/zram9")), ENOENT);
	CHECK_EQ_U64(ERR(swapoff("/tmp")), EINVAL);
	CHECK_EQ_U64(swapoff("/dev/zram0"), 0);
	CHECK_EQ_U64(ERR(swapoff("/dev/zram0")), EINVAL);
	s = slurp("/proc/swaps");
	CHECK_STR(s, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
}

/*
 * Expect hot_add to make a device on read and hot_remove to take one; a
 * served file inherited across exec as stdout to take what the new
 * program writes (coreutils printf, through stdio).
 */
static void hot_add_and_exec(void)
{
	char *s;
	pid_t pid;
	int fd, st;

	s = slurp("/sys/class/zram-control/hot_add");
	CHECK_STR(s, "2\n");
	CHECK(!access("/dev/zram2", F_OK));
	CHECK_EQ_U64(put("/sys/class/zram-control/hot_remove", "2\n"), 2);
	CHECK_EQ_U64(ERR(access("/dev/zram2", F_OK)), ENOENT);
	CHECK_EQ_U64(put("/sys/class/zram-control/hot_remove", "7\n"), -ENODEV);
	fd = open("/sys/block/zram1/comp_algorithm", O_WRONLY);
	CHECK(fd >= 0);
	pid = fork();
	if (!pid) {
		dup2(fd, 1);
		execl("/usr/bin/printf", "printf", "deflate\\n", (char *)NULL);
		_exit(127);
	}
	close(fd);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0);
	CHECK_STR(slurp("/sys/block/zram1/comp_algorithm"),
		  "lz4 lz4hc zstd [deflate] \n");
}

int main(void)
{
	const char *pre = getenv("LD_PRELOAD");

	/* the host's zram0 exists here: this must be the emulated system */
	if (!pre || !strstr(pre, "socmem-preload") ||
	    !access("/sys/block/zram0", F_OK)) {
		fprintf(stderr, "zram_uapi_test: run it under "
			"libsocmem-preload.so on a fresh emulated system\n");
		return 2;
	}
	RUN(modules);
	RUN(sysfs);
	RUN(sysfs_links);
	RUN(path_forms);
	RUN(bad_pointers);
	RUN(routes);
	RUN(board_views);
	RUN(kernel_log);
	RUN(proc_files);
	RUN(host_open_mode);
	RUN(bdev);
	RUN(swap);
	RUN(hot_add_and_exec);
	CHECK_EQ_U64(syscall(SYS_delete_module, "zram", O_NONBLOCK), 0);
	CHECK_EQ_U64(ERR(access("/sys/block/zram0", F_OK)), ENOENT);
	RUN(proc_without_zram);
	return test_done();
}
