// SPDX-License-Identifier: MIT
/*
 * diag.c - diagnostics for people: one failure, or a list of warnings.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <socmem/diag.h>

int sm_dt_diag_set(struct sm_diag *diag, int err, const char *fmt, ...)
{
	va_list ap;

	if (!diag)
		return err;
	diag->err = err;
	va_start(ap, fmt);
	vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
	va_end(ap);
	return err;
}

int sm_dt_warn(struct sm_warnings *w, const char *fmt, ...)
{
	char buf[SM_DIAG_MSG_MAX];
	va_list ap;
	char *copy;

	if (!w)
		return 0;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (w->count == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 8;
		char **m = realloc(w->msgs, cap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		w->msgs = m;
		w->cap = cap;
	}
	copy = strdup(buf);
	if (!copy)
		return -ENOMEM;
	w->msgs[w->count++] = copy;
	return 0;
}

void sm_dt_warnings_free(struct sm_warnings *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->count; i++)
		free(w->msgs[i]);
	free(w->msgs);
	w->msgs = NULL;
	w->count = w->cap = 0;
}
