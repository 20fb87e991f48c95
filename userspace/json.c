// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * JSON output (see json.h).
 */
#include <string.h>

#include "json.h"

void ksw_json_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', out);
	while (*s) {
		const unsigned char *run = s;
		int len;

		/* Write what needs no escaping in one go. */
		while (*s >= 0x20 && *s != 0x7f && *s != '"' && *s != '\\') {
			len = *s < 0x80 ? 1 : ksw_utf8_len(s);
			if (!len)
				break;
			s += len;
		}
		if (s > run)
			fwrite(run, 1, (size_t)(s - run), out);
		if (!*s)
			break;
		switch (*s) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			/* A control, or a byte that is not UTF-8: its own code point. */
			fprintf(out, "\\u%04x", *s);
		}
		s++;
	}
	fputc('"', out);
}

int ksw_json_is_number(const char *s)
{
	static const char u64max[] = "18446744073709551615";
	static const char s64min[] = "9223372036854775808";
	const char *limit = u64max;
	size_t len;
	const char *d;

	if (*s == '-') {
		s++;
		limit = s64min;
	}
	if (*s < '0' || *s > '9')
		return 0;
	if (s[0] == '0' && s[1] != '\0')
		return 0;
	for (d = s; *d; d++)
		if (*d < '0' || *d > '9')
			return 0;
	len = (size_t)(d - s);
	if (len != strlen(limit))
		return len < strlen(limit);
	return strcmp(s, limit) <= 0;
}

void ksw_json_value(FILE *out, const char *s)
{
	if (ksw_json_is_number(s))
		fputs(s, out);
	else
		ksw_json_string(out, s);
}

/*
 * Fields the ABI defines as text stay strings whatever they hold ("cpus=3",
 * a task named "1234"), so that a field keeps one JSON type.
 */
static int text_key(const char *key)
{
	static const char *const keys[] = {
		"kswapwatch", "kernel", "failures_source", "probes", "event", "reason",
		"source", "comm", "zone", "protection", "cpus", "kind", "kswapd", "bt",
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (key[0] == keys[i][0] && strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

void ksw_json_record(FILE *out, const struct ksw_record *r, const char *event)
{
	int i, j, first = 1;

	fputc('{', out);
	if (event) {
		fputs("\"_event\":", out);
		ksw_json_string(out, event);
		first = 0;
	}
	for (i = 0; i < r->nfields; i++) {
		for (j = 0; j < i; j++)
			if (r->f[j].key[0] == r->f[i].key[0] &&
			    strcmp(r->f[j].key, r->f[i].key) == 0)
				break;
		if (j < i || (event && strcmp(r->f[i].key, "_event") == 0))
			continue;
		if (!first)
			fputc(',', out);
		first = 0;
		ksw_json_string(out, r->f[i].key);
		fputc(':', out);
		if (text_key(r->f[i].key))
			ksw_json_string(out, r->f[i].val);
		else
			ksw_json_value(out, r->f[i].val);
	}
	fputs("}\n", out);
}
