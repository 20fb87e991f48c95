/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Small helpers shared by the reader's files.
 */
#ifndef KSW_UTIL_H
#define KSW_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation that cannot fail: out of memory ends the program (exit 1). */
void *ksw_xrealloc(void *p, size_t size);
/* @n zeroed elements of @size bytes (at least one byte). */
void *ksw_xcalloc(size_t n, size_t size);
char *ksw_xstrdup(const char *s);
char *ksw_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *ksw_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* "12.345678": @ns nanoseconds as seconds, into @buf. */
const char *ksw_fmt_ns(char *buf, size_t len, uint64_t ns);
/* "1.043 s", "12.5 ms", "850 us": a duration in microseconds, into @buf. */
const char *ksw_fmt_us(char *buf, size_t len, uint64_t us);

/*
 * Parse a comma-separated list of unsigned decimals into @out (at most
 * @max); returns the count, or -1 when an item is not a number.
 */
int ksw_parse_u64_list(const char *s, uint64_t *out, int max);

/* The errno of a file that is not a regular file (a FIFO, a device). */
#define KSW_ENOTREG	ENXIO

/* Longest file the reader reads: none of the module's comes near it. */
#define KSW_MAX_FILE	(64u << 20)

/*
 * Read @path whole, to its end (never by its size: debugfs and procfs say
 * 0), into a new buffer (*buf, NUL-terminated, *len bytes without the NUL)
 * of at most @max bytes.  A FIFO or device is not opened for reading (it
 * could block forever).  0, or an errno value: KSW_ENOTREG for a file
 * that is not regular, EFBIG beyond @max.
 */
int ksw_read_path(const char *path, size_t max, char **buf, size_t *len);

/* ksw_read_path()'s error @err in words. */
const char *ksw_read_strerror(int err);

/* Whether @path exists. */
int ksw_path_exists(const char *path);

/*
 * Put a directory in place of @prefix (kept, not copied): ksw_read_path()
 * and ksw_path_exists() of @prefix/NAME ask @read_fn and @exists_fn about
 * NAME ("" for @prefix itself).  A saved bundle reads so (source.c).
 */
typedef int (*ksw_mount_read_fn)(const char *name, size_t max, char **buf, size_t *len);
typedef int (*ksw_mount_exists_fn)(const char *name);
void ksw_read_mount(const char *prefix, ksw_mount_read_fn read_fn, ksw_mount_exists_fn exists_fn);

#endif
