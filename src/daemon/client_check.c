// SPDX-License-Identifier: MIT
/*
 * client_check.c - the checks every typed call makes of its reply: a
 * fixed size, a count against the bytes that follow, text lines, and a
 * path that fits its field. Sizes are computed in 64 bits: no count a
 * daemon sends can wrap them.
 */
#include <errno.h>
#include <string.h>

#include "client_call.h"

bool sm_daemon_client_fixed(const struct smd_client_reply *r, void *out,
			    size_t size)
{
	if (r->len != size)
		return false;
	memcpy(out, r->p, size);
	return true;
}

bool sm_daemon_client_array(const struct smd_client_reply *r, size_t head,
			    size_t count_at, size_t elem, uint32_t *n)
{
	uint32_t count;

	if (r->len < head || count_at + sizeof(count) > head)
		return false;
	memcpy(&count, r->p + count_at, sizeof(count));
	if ((uint64_t)head + (uint64_t)count * elem != r->len)
		return false;
	*n = count;
	return true;
}

int sm_daemon_client_lines(const unsigned char *p, size_t len, uint32_t lines,
			   struct sm_client_text *t)
{
	uint32_t seen = 0;

	for (size_t i = 0; i < len; i++) {
		if (!p[i])
			return -EPROTO;	/* callers treat the text as a string */
		seen += p[i] == '\n';
	}
	if (seen != lines || (len && p[len - 1] != '\n'))
		return -EPROTO;
	if (!t)
		return 0;
	t->len = 0;
	t->lines = lines;
	if (!t->buf)
		return 0;
	if (len >= t->cap)
		return -EOVERFLOW;
	memcpy(t->buf, p, len);
	t->buf[len] = '\0';
	t->len = len;
	return 0;
}

int sm_daemon_client_path(char *dst, size_t size, const char *path)
{
	size_t n = path ? strlen(path) : size;

	if (n >= size)
		return -ENAMETOOLONG;
	memset(dst, 0, size);
	memcpy(dst, path, n);
	return 0;
}
