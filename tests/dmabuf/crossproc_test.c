// SPDX-License-Identifier: MIT
/*
 * crossproc_test.c - one emulated system shared by every process: a
 * buffer allocated here is passed over a unix socket (SCM_RIGHTS) to a
 * second program, written there and read here, zero-copy; `socmem heap
 * info` run as a third process lists it with its name, owner and both
 * holders; once every fd and mapping is gone the buffer is freed, and
 * `socmem reset` leaves nothing behind (no daemon, no state directory).
 * Run it with run_emulated.sh (it finds the CLI in SOCMEM_TEST_SOCMEM).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "fdpass.h"
#include "test.h"

#define LEN (256 * 1024)

static int sync_(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
}

/*
 * The second program: receive the buffer, check what it is, write a
 * pattern into it inside a WRITE bracket, say so, then wait for "bye".
 */
static int child(int sock)
{
	int fd = recv_fd(sock);
	unsigned char *p;
	struct stat st;
	char c;

	if (fd < 0)
		return 10;
	/* an fd this process never saw made: the preload identifies it */
	if (fstat(fd, &st) || st.st_size != LEN || lseek(fd, 0, SEEK_END) != LEN)
		return 11;
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return 12;
	if (sync_(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE))
		return 13;
	for (int i = 0; i < LEN; i++)
		p[i] = (unsigned char)(i * 7 + 1);
	if (sync_(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE))
		return 14;
	if (write(sock, "W", 1) != 1 || read(sock, &c, 1) != 1)
		return 15;
	munmap(p, LEN);
	close(fd);
	return 0;
}

static char cli_out[65536];

/* run `socmem ARGS` as another process; its stdout into cli_out */
static int cli(const char *args)
{
	const char *socmem = getenv("SOCMEM_TEST_SOCMEM");
	char cmd[4096];
	FILE *f;
	size_t n;

	if (!socmem)
		return -1;
	/* the CLI does not need the preload library */
	snprintf(cmd, sizeof(cmd), "env -u LD_PRELOAD '%s' %s", socmem, args);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	n = fread(cli_out, 1, sizeof(cli_out) - 1, f);
	cli_out[n] = '\0';
	return pclose(f);
}

static int alloc_named(const char *heap, const char *name)
{
	struct dma_heap_allocation_data d = { .len = LEN,
					      .fd_flags = O_RDWR | O_CLOEXEC };
	char path[64];
	int h;

	snprintf(path, sizeof(path), "/dev/dma_heap/%s", heap);
	h = open(path, O_RDWR | O_CLOEXEC);
	if (h < 0 || ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d))
		return -1;
	close(h);
	if (ioctl((int)d.fd, DMA_BUF_SET_NAME_B, name))
		return -1;
	return (int)d.fd;
}

static const char *self;

static void pass_write_read_info_free(void)
{
	int sv[2], fd, st, bad = 0;
	unsigned char *p;
	char c, line[256];
	pid_t pid;

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	fd = alloc_named("system", "shared-frame");
	CHECK(fd >= 0);
	pid = fork();
	if (pid == 0) {
		char arg[16];

		close(sv[0]);
		snprintf(arg, sizeof(arg), "%d", sv[1]);
		execl(self, self, "child", arg, (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	CHECK(send_fd(sv[0], fd) == 0);
	CHECK(read(sv[0], &c, 1) == 1 && c == 'W');
	/* what the other process wrote is in our mapping of the same frames */
	p = mmap(NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK(sync_(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ) == 0);
	for (int i = 0; p != MAP_FAILED && i < LEN; i++)
		bad |= p[i] != (unsigned char)(i * 7 + 1);
	CHECK(!bad);
	CHECK(sync_(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ) == 0);

	/* a third process sees it: heap, size, name, owner, both holders */
	CHECK(cli("heap info --raw --noheadings --bytes") == 0);
	snprintf(line, sizeof(line), "system %d shared-frame %d ", LEN,
		 (int)getpid());
	CHECK(strstr(cli_out, line) != NULL);
	snprintf(line, sizeof(line), "%d:", (int)getpid());
	CHECK(strstr(cli_out, line) != NULL);
	snprintf(line, sizeof(line), "%d:", (int)pid);
	CHECK(strstr(cli_out, line) != NULL);
	if (test_case_failed)
		fprintf(stderr, "socmem heap info:\n%s", cli_out);

	CHECK(write(sv[0], "B", 1) == 1);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		fprintf(stderr, "child exit %d\n", WEXITSTATUS(st));
	/* the mapping alone keeps it alive; then it is gone */
	close(fd);
	CHECK(cli("heap info --raw --noheadings") == 0);
	CHECK(strstr(cli_out, "shared-frame") != NULL);
	munmap(p, LEN);
	CHECK(cli("heap info --raw --noheadings") == 0);
	CHECK(strstr(cli_out, "shared-frame") == NULL);
	close(sv[0]);
}

/* a CMA buffer is one physical range inside its area, seen by the CLI */
static void cma_buffer_one_range(void)
{
	int fd = alloc_named("reserved", "cma-frame");
	char *l;
	unsigned long long a = 0, b = 0;

	CHECK(fd >= 0);
	CHECK(cli("heap info --raw --noheadings") == 0);
	l = strstr(cli_out, "cma-frame");
	CHECK(l != NULL);
	if (l)
		l = strstr(l, " 0x");
	CHECK(l && sscanf(l, " 0x%llx-0x%llx", &a, &b) == 2);
	CHECK(b - a + 1 == LEN);
	CHECK(a >= 0xf9c00000ULL && b <= 0xfdbfffffULL);
	CHECK(l && !strchr(l, ','));
	close(fd);
}

/* `socmem reset`: no daemon, no state directory left */
static void reset_leaves_nothing(void)
{
	const char *state = getenv("SOCMEM_STATE");
	char pidfile[512];
	FILE *f;
	int dpid = 0;

	snprintf(pidfile, sizeof(pidfile), "%s/socmemd.pid", state);
	f = fopen(pidfile, "r");
	CHECK(f && fscanf(f, "%d", &dpid) == 1 && dpid > 0);
	if (f)
		fclose(f);
	CHECK(cli("reset") == 0);
	CHECK(access(state, F_OK) != 0 && errno == ENOENT);
	for (int i = 0; i < 200 && dpid > 0 && kill(dpid, 0) == 0; i++)
		usleep(10000);	/* the exiting daemon's last moments */
	CHECK(dpid > 0 && kill(dpid, 0) != 0 && errno == ESRCH);
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "child"))
		return child(atoi(argv[2]));
	self = argv[0];
	RUN(pass_write_read_info_free);
	RUN(cma_buffer_one_range);
	RUN(reset_leaves_nothing);
	return test_done();
}
