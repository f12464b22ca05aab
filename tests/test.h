/* SPDX-License-Identifier: MIT */
/*
 * test.h - the tests' tiny harness, in the spirit of dtc's tests.h:
 * each test program runs named cases; CHECK() fails the current case with
 * file:line and the expression; a program exits 0 when every case passed,
 * 1 when one failed, 77 (CTest's SKIP_RETURN_CODE) when it could not run
 * (a missing tool or file: a CONFIG problem, not a failure).
 */
#ifndef SOCMEM_TEST_H
#define SOCMEM_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures;
static int test_cases;
static const char *test_current = "";
static int test_case_failed;

#define TEST_SKIP 77

/* CHECK(cond): fail the current case (and keep going) */
#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "FAIL %s: %s:%d: %s\n", test_current, \
				__FILE__, __LINE__, #cond);                 \
			test_case_failed = 1;                               \
		}                                                           \
	} while (0)

/* CHECK_EQ_U64(a, b): with both values in the message */
#define CHECK_EQ_U64(a, b)                                                  \
	do {                                                                \
		uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);            \
		if (a_ != b_) {                                             \
			fprintf(stderr,                                     \
				"FAIL %s: %s:%d: %s == %s (0x%" PRIx64      \
				" != 0x%" PRIx64 ")\n",                     \
				test_current, __FILE__, __LINE__, #a, #b,   \
				a_, b_);                                    \
			test_case_failed = 1;                               \
		}                                                           \
	} while (0)

#define CHECK_STR(a, b)                                                     \
	do {                                                                \
		const char *a_ = (a), *b_ = (b);                            \
		if (!a_ || !b_ || strcmp(a_, b_)) {                         \
			fprintf(stderr, "FAIL %s: %s:%d: \"%s\" != \"%s\"\n", \
				test_current, __FILE__, __LINE__,           \
				a_ ? a_ : "(null)", b_ ? b_ : "(null)");    \
			test_case_failed = 1;                               \
		}                                                           \
	} while (0)

/* RUN(fn): run one case, a static void fn(void) */
#define RUN(fn)                                                             \
	do {                                                                \
		test_current = #fn;                                         \
		test_case_failed = 0;                                       \
		test_cases++;                                               \
		fn();                                                       \
		if (test_case_failed)                                       \
			test_failures++;                                    \
		else if (getenv("TEST_VERBOSE"))                            \
			fprintf(stderr, "PASS %s\n", #fn);                  \
	} while (0)

static inline int test_done(void)
{
	fprintf(stderr, "%d/%d cases passed\n", test_cases - test_failures,
		test_cases);
	return test_failures ? 1 : 0;
}

#endif /* SOCMEM_TEST_H */
