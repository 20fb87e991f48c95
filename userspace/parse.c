// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int ksw_parse_line(char *line, struct ksw_record *rec)
{
	char *p = line;

	rec->nfields = 0;
	for (;;) {
		char *tok, *eq;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '\n')
			break;
		tok = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (*p)
			*p++ = '\0';
		eq = strchr(tok, '=');
		if (!eq || eq == tok || rec->nfields == KSW_MAX_FIELDS)
			return -1;
		*eq = '\0';
		rec->f[rec->nfields].key = tok;
		rec->f[rec->nfields].val = eq + 1;
		rec->nfields++;
	}
	return rec->nfields;
}

const char *ksw_get(const struct ksw_record *rec, const char *key)
{
	int i;

	for (i = 0; i < rec->nfields; i++)
		if (strcmp(rec->f[i].key, key) == 0)
			return rec->f[i].val;
	return NULL;
}

int ksw_get_u64(const struct ksw_record *rec, const char *key, uint64_t *out)
{
	const char *v = ksw_get(rec, key);
	unsigned long long n;
	char *end;

	if (!v || *v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || *end)
		return -1;
	*out = n;
	return 0;
}

int ksw_get_s64(const struct ksw_record *rec, const char *key, int64_t *out)
{
	const char *v = ksw_get(rec, key);
	long long n;
	char *end;

	if (!v || !*v)
		return -1;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || *end || end == v)
		return -1;
	*out = n;
	return 0;
}
