/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Small helpers shared by the reader's files.
 */
#ifndef KSW_UTIL_H
#define KSW_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Allocation that cannot fail: out of memory ends the program (exit 1). */
void *ksw_xrealloc(void *p, size_t size);
char *ksw_xstrdup(const char *s);
char *ksw_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "12.345678": @ns nanoseconds as seconds, into @buf. */
const char *ksw_fmt_ns(char *buf, size_t len, uint64_t ns);
/* "1.043 s", "12.5 ms", "850 us": a duration in microseconds, into @buf. */
const char *ksw_fmt_us(char *buf, size_t len, uint64_t us);

/*
 * Parse a comma-separated list of unsigned decimals into @out (at most
 * @max); returns the count, or -1 when an item is not a number.
 */
int ksw_parse_u64_list(const char *s, uint64_t *out, int max);

#endif
