// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Small helpers shared by the reader's files (see util.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

char *ksw_xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		oom();
	return d;
}

char *ksw_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		oom();
	s = ksw_xrealloc(NULL, (size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
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
