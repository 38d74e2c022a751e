/* SPDX-License-Identifier: MIT */
/* The VMM's way of failing with a reason: a function returns -errno and
 * writes why into a buffer its caller gave (err, errlen); say() does both
 * in one statement, `return say(err, errlen, -EINVAL, "...", ...)`. */
#ifndef VMM_SAY_H
#define VMM_SAY_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

static inline int say(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static inline int say(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

#endif
