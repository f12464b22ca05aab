/* SPDX-License-Identifier: MIT */
/*
 * diag.h - what went wrong, and where, for a person to read.
 *
 * The library never prints and never exits (STYLE.md rule 4): a function
 * that fails returns a negative errno and, when the caller passed a
 * struct sm_diag, fills it with one line naming the file, node or line at
 * fault. The CLI prints it. Warnings (input the kernel accepts, however odd)
 * are collected the same way, as a list the caller may print.
 */
#ifndef SOCMEM_DIAG_H
#define SOCMEM_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#define SM_DIAG_MSG_MAX 1024

/**
 * struct sm_diag - one diagnostic for a person
 * @err: the negative errno of the failure (0 for a warning)
 * @msg: the whole message, already naming file, node or line; no newline
 */
struct sm_diag {
	int err;
	char msg[SM_DIAG_MSG_MAX];
};

/**
 * struct sm_warnings - warnings collected while reading input
 * @msgs: @count strings, each one line without newline
 */
struct sm_warnings {
	char **msgs;
	size_t count;
	size_t cap;
};

/**
 * sm_dt_diag_set() - record a failure in @diag (which may be NULL)
 * @diag: where to write, or NULL
 * @err: the negative errno to return
 * @fmt: printf-style message
 *
 * Return: @err, so that callers can write `return sm_dt_diag_set(...)`.
 */
int sm_dt_diag_set(struct sm_diag *diag, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * sm_dt_warn() - append a warning to @w (which may be NULL)
 *
 * Return: 0, or -ENOMEM.
 */
int sm_dt_warn(struct sm_warnings *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** sm_dt_warnings_free() - release every collected warning. */
void sm_dt_warnings_free(struct sm_warnings *w);

#endif /* SOCMEM_DIAG_H */
