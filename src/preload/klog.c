// SPDX-License-Identifier: MIT
/*
 * klog.c - the kernel log a program reads (dmesg) is the emulated
 * system's (socmemd's log: the early memory setup, then what the running
 * system printed), never the host's.
 *
 * util-linux's dmesg reads /dev/kmsg and falls back to syslog(2) when it
 * cannot open it, as it does on a device where dmesg_restrict keeps
 * /dev/kmsg from a reader. So opening /dev/kmsg for reading is EPERM
 * here, and syslog(2) - klogctl() or syscall(SYS_syslog) - answers from
 * socmemd: SYSLOG_ACTION_READ_ALL gives the newest messages that fit as
 * "<level>text\n" (no "[time]": the model has no clock for boot), the
 * size actions the buffer size of Debian's kernels (CONFIG_LOG_BUF_SHIFT
 * 18) and what there is. Consuming or clearing the log (READ,
 * READ_CLEAR, CLEAR) is refused with EPERM: it belongs to every process
 * of the emulated system. Writing to /dev/kmsg is the
 * host's, as for any file this library does not serve.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "internal.h"

/* include/linux/syslog.h */
enum {
	LOG_ACTION_CLOSE, LOG_ACTION_OPEN, LOG_ACTION_READ,
	LOG_ACTION_READ_ALL, LOG_ACTION_READ_CLEAR, LOG_ACTION_CLEAR,
	LOG_ACTION_CONSOLE_OFF, LOG_ACTION_CONSOLE_ON,
	LOG_ACTION_CONSOLE_LEVEL, LOG_ACTION_SIZE_UNREAD,
	LOG_ACTION_SIZE_BUFFER,
};

#define LOG_BUF_LEN (1 << 18)

bool sm_preload_kmsg_refused(const char *path, int flags)
{
	return !strcmp(path, "/dev/kmsg") && (flags & O_ACCMODE) != O_WRONLY;
}

/*
 * The whole log as syslog(2) formats it, into @out (at most @cap bytes,
 * the newest lines kept); Return: its length or a negative errno.
 */
static long log_text(char *out, size_t cap)
{
	static char buf[SM_CLIENT_TEXT_MAX];	/* under the lock */
	struct sm_client_text t = { .buf = buf, .cap = sizeof(buf) };
	uint64_t from = 0, next;
	size_t have = 0;
	int ret;

	sm_preload_lock();
	do {
		size_t n;
		const char *p = buf;

		ret = PL_ASK(c, sm_daemon_client_core_log(c, from, &next, &t));
		if (ret)
			break;
		n = t.len;
		if (out && cap) {
			if (n >= cap) {	/* keep the newest */
				memcpy(out, p + n - cap, cap);
				have = cap;
			} else {
				size_t drop = have + n > cap ? have + n - cap : 0;

				memmove(out, out + drop, have - drop);
				have -= drop;
				memcpy(out + have, p, n);
				have += n;
			}
		} else {
			have += n;
		}
		if (next == from)
			break;
		from = next;
	} while (t.lines);
	sm_preload_unlock();
	return ret ? ret : (long)have;
}

long sm_preload_klog(int type, char *buf, int len)
{
	switch (type) {
	case LOG_ACTION_CLOSE:
	case LOG_ACTION_OPEN:
	case LOG_ACTION_CONSOLE_OFF:
	case LOG_ACTION_CONSOLE_ON:
		return 0;
	case LOG_ACTION_CONSOLE_LEVEL:
		return len < 1 || len > 8 ? -EINVAL : 0;
	case LOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_LEN;
	case LOG_ACTION_SIZE_UNREAD:
		return log_text(NULL, 0);
	case LOG_ACTION_READ_ALL:
		if (!buf || len < 0)
			return -EINVAL;
		return len ? log_text(buf, (size_t)len) : 0;
	case LOG_ACTION_READ:		/* consuming, */
	case LOG_ACTION_READ_CLEAR:
	case LOG_ACTION_CLEAR:		/* or clearing, everyone's log */
		return -EPERM;
	default:
		return -EINVAL;
	}
}
