// SPDX-License-Identifier: MIT
/*
 * closefds.c - run a program with only fds 0, 1 and 2 open, as the
 * oracle's init runs its probes: fd numbers then match the real kernel's
 * (CTest itself leaves a log file open in every test).
 * Usage: closefds PROGRAM [ARG...]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: closefds PROGRAM [ARG...]\n", stderr);
		return 2;
	}
	if (syscall(SYS_close_range, 3U, ~0U, 0))
		for (int fd = 3; fd < 65536; fd++)
			close(fd);
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
