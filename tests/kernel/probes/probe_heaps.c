// SPDX-License-Identifier: MIT
/*
 * probe_heaps.c - which DMA-BUF heaps a board has, and that each one is a
 * character device that allocates: `heap NAME: chr alloc=ok size=N`.
 * (The major number is allocated at run time and is left out.)
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "probe_util.h"

int main(void)
{
	char names[32][64];
	int n = heap_names(names, 32);

	/* line by line: a probe the kernel kills keeps what it printed */
	setvbuf(stdout, NULL, _IOLBF, 0);

	printf("heaps: %d\n", n);
	for (int i = 0; i < n; i++) {
		char p[128];
		struct stat st;
		int hfd, bfd;
		off_t size = -1;

		snprintf(p, sizeof(p), "/dev/dma_heap/%.63s", names[i]);
		if (stat(p, &st) < 0) {
			printf("heap %s: stat %s\n", names[i], errname(errno));
			continue;
		}
		hfd = heap_open(names[i]);
		bfd = hfd < 0 ? -errno : heap_alloc(hfd, 65536);
		if (bfd >= 0) {
			size = lseek(bfd, 0, SEEK_END);
			close(bfd);
		}
		printf("heap %s: %s mode=%04o alloc=%s size=%lld\n", names[i],
		       S_ISCHR(st.st_mode) ? "chr" : "not-chr",
		       (unsigned)(st.st_mode & 07777),
		       errname(bfd < 0 ? -bfd : 0), (long long)size);
		if (hfd >= 0)
			close(hfd);
	}
	return 0;
}
