/* oracle probe: per heap, 1 MiB (then 2 and 4 MiB) buffers until failure */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/dma-heap.h>

static int run(const char *heap, unsigned long len)
{
	char p[128];
	int fds[4096], n = 0, h, err = 0;

	snprintf(p, sizeof(p), "/dev/dma_heap/%s", heap);
	h = open(p, O_RDWR);
	if (h < 0) { printf("%s: open: %s\n", heap, strerror(errno)); return -1; }
	while (n < 4096) {
		struct dma_heap_allocation_data d = { .len = len, .fd_flags = O_RDWR | O_CLOEXEC };
		if (ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d)) { err = errno; break; }
		fds[n++] = d.fd;
	}
	printf("%s: %lu KiB buffers: %d allocated, number %d failed: %s\n", heap, len >> 10, n, n + 1, strerror(err));
	for (int i = 0; i < n; i++) close(fds[i]);
	close(h);
	return n;
}

int main(void)
{
	const char *names[] = { "my_cma", "adsp-heap", "reserved", "default_cma_region" };
	DIR *d = opendir("/dev/dma_heap");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		struct stat st; char p[300];
		if (e->d_name[0] == '.') continue;
		snprintf(p, sizeof(p), "/dev/dma_heap/%s", e->d_name);
		stat(p, &st);
		printf("heap %s: %s %u:%u mode %o\n", e->d_name, S_ISCHR(st.st_mode) ? "chr" : "?", major(st.st_rdev), minor(st.st_rdev), st.st_mode & 07777);
	}
	for (int i = 0; i < 4; i++) run(names[i], 1 << 20);
	/* again, to see whether the first run left anything behind */
	run("my_cma", 1 << 20);
	run("my_cma", 2 << 20);
	run("my_cma", 4 << 20);
	run("adsp-heap", 4 << 20);
	/* one buffer as large as the area */
	run("my_cma", 20 << 20);
	run("my_cma", 19 << 20);
	return 0;
}
