/* SPDX-License-Identifier: MIT */
/* Host-side unit tests of the core's API: one "PASS <suite>.<case>" or
 * "FAIL <suite>.<case>" line per case.  A test file defines EXPECT_SUITE
 * (the prefix) before including this, then brackets each case with
 * begin("name") ... end() and returns failures ? 1 : 0 from main. */
#ifndef RVKVM_TESTS_EXPECT_H
#define RVKVM_TESTS_EXPECT_H

#include <stdbool.h>
#include <stdio.h>

static int failures;
static const char *cur_case;
static bool cur_ok;

#define EXPECT(cond) do {                                                    \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s: %s:%d: expected %s\n", cur_case,   \
				__FILE__, __LINE__, #cond);                  \
			cur_ok = false;                                      \
		}                                                            \
	} while (0)
#define EXPECT_EQ(a, b) do {                                                 \
		long long _a = (long long)(a), _b = (long long)(b);          \
		if (_a != _b) {                                              \
			fprintf(stderr, "%s: %s:%d: %s = %lld, expected %lld\n", \
				cur_case, __FILE__, __LINE__, #a, _a, _b);   \
			cur_ok = false;                                      \
		}                                                            \
	} while (0)

static inline void begin(const char *name)
{
	cur_case = name;
	cur_ok = true;
}

static inline void end(void)
{
	printf("%s %s.%s\n", cur_ok ? "PASS" : "FAIL", EXPECT_SUITE, cur_case);
	fflush(stdout);
	if (!cur_ok)
		failures++;
}

#endif
