// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Small helpers shared by the reader's files (see util.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "util.h"

static void __attribute__((noreturn)) oom(void)
{
	fputs("kswapwatch: out of memory\n", stderr);
	exit(1);
}

void *ksw_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *ksw_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

char *ksw_xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		oom();
	return d;
}

char *ksw_xvasprintf(const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int len;

	va_copy(again, ap);
	len = vsnprintf(NULL, 0, fmt, ap);
	if (len < 0)
		oom();
	s = ksw_xrealloc(NULL, (size_t)len + 1);
	vsnprintf(s, (size_t)len + 1, fmt, again);
	va_end(again);
	return s;
}

char *ksw_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = ksw_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

const char *ksw_fmt_ns(char *buf, size_t len, uint64_t ns)
{
	snprintf(buf, len, "%llu.%06llu", (unsigned long long)(ns / 1000000000),
		 (unsigned long long)(ns % 1000000000 / 1000));
	return buf;
}

const char *ksw_fmt_us(char *buf, size_t len, uint64_t us)
{
	if (us >= 1000000)
		snprintf(buf, len, "%llu.%03llu s", (unsigned long long)(us / 1000000),
			 (unsigned long long)(us % 1000000 / 1000));
	else if (us >= 1000)
		snprintf(buf, len, "%llu.%01llu ms", (unsigned long long)(us / 1000),
			 (unsigned long long)(us % 1000 / 100));
	else
		snprintf(buf, len, "%llu us", (unsigned long long)us);
	return buf;
}

int ksw_parse_u64_list(const char *s, uint64_t *out, int max)
{
	char item[32];
	int n = 0;

	if (!s || !*s)
		return 0;
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if (len >= sizeof(item))
			return -1;
		memcpy(item, s, len);
		item[len] = '\0';
		if (n < max) {
			if (ksw_parse_u64(item, &out[n]))
				return -1;
			n++;
		} else {
			uint64_t ignored;

			if (ksw_parse_u64(item, &ignored))
				return -1;
		}
		if (!comma)
			return n;
		s = comma + 1;
	}
}

/* The directory ksw_read_mount() put in place of a path, if any. */
static struct {
	const char *prefix;
	size_t len;
	ksw_mount_read_fn read;
	ksw_mount_exists_fn exists;
} mount;

void ksw_read_mount(const char *prefix, ksw_mount_read_fn read_fn, ksw_mount_exists_fn exists_fn)
{
	mount.prefix = prefix;
	mount.len = strlen(prefix);
	mount.read = read_fn;
	mount.exists = exists_fn;
}

/* The name under the mounted path @path has, "" for the path itself, or NULL. */
static const char *mounted(const char *path)
{
	if (!mount.prefix || strncmp(path, mount.prefix, mount.len) != 0)
		return NULL;
	if (path[mount.len] == '\0')
		return "";
	return path[mount.len] == '/' ? path + mount.len + 1 : NULL;
}

int ksw_read_path(const char *path, size_t max, char **buf, size_t *len)
{
	const char *member = mounted(path);
	size_t n = 0, cap = 0;
	struct stat st;
	char *b = NULL;
	int fd, err;

	*buf = NULL;
	*len = 0;
	if (member)
		return mount.read(member, max, buf, len);
	/* Only a regular file: a FIFO would block, a device is not the module's. */
	if (stat(path, &st) != 0)
		return errno;
	if (!S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? EISDIR : KSW_ENOTREG;
	/* O_NONBLOCK: should it have become a FIFO since, opening it does not wait. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		err = S_ISREG(st.st_mode) ? errno : KSW_ENOTREG;
		close(fd);
		return err;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {		/* one byte over @max tells a file too large */
			cap = cap ? cap * 2 : 16384;
			if (cap > max + 1)
				cap = max + 1;
			b = ksw_xrealloc(b, cap + 1);
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			free(b);
			close(fd);
			return err;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			free(b);
			close(fd);
			return EFBIG;
		}
	}
	close(fd);
	if (!b)
		b = ksw_xrealloc(NULL, 1);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

const char *ksw_read_strerror(int err)
{
	if (err == KSW_ENOTREG)
		return "not a regular file (a FIFO, socket or device): not read";
	if (err == EFBIG)
		return "too large for a file of the module";
	return strerror(err);
}

int ksw_path_exists(const char *path)
{
	const char *member = mounted(path);
	struct stat st;

	if (member)
		return mount.exists(member);
	return stat(path, &st) == 0;
}

