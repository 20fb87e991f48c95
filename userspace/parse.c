// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Parsing of kswapwatch debugfs records (see parse.h).
 */
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Length of the key if @tok (ending at @end) reads KEY=..., else 0. */
static size_t key_len(const char *tok, const char *end)
{
	const char *p = tok;

	while (p < end && is_key_char(*p))
		p++;
	if (p == tok || p == end || *p != '=')
		return 0;
	return (size_t)(p - tok);
}

int ksw_parse_line(char *line, struct ksw_record *rec)
{
	char *p = line;
	char *val_end = NULL;	/* where the current field's value ends */
	int cur = -1;		/* -1: no field yet, -2: current one dropped */

	rec->nfields = 0;
	rec->bad = 0;
	rec->dropped = 0;
	rec->partial = 0;
	for (;;) {
		char *tok, *end;
		size_t klen;

		while (*p && is_sep(*p))
			p++;
		if (!*p)
			break;
		tok = p;
		while (*p && !is_sep(*p))
			p++;
		end = p;
		klen = key_len(tok, end);
		if (!klen) {
			/* Not a field of its own: part of the previous value. */
			if (cur >= 0)
				val_end = end;
			else if (cur == -1)
				rec->bad++;
			continue;
		}
		if (val_end)
			*val_end = '\0';
		val_end = NULL;
		if (rec->nfields == KSW_MAX_FIELDS) {
			rec->dropped++;
			cur = -2;
			continue;
		}
		tok[klen] = '\0';
		cur = rec->nfields++;
		rec->f[cur].key = tok;
		rec->f[cur].val = tok + klen + 1;
		val_end = end;
	}
	if (val_end)
		*val_end = '\0';
	return rec->nfields;
}

const char *ksw_get(const struct ksw_record *rec, const char *key)
{
	int i;

	for (i = 0; i < rec->nfields; i++)
		if (rec->f[i].key[0] == key[0] && strcmp(rec->f[i].key, key) == 0)
			return rec->f[i].val;
	return NULL;
}

int ksw_parse_u64(const char *s, uint64_t *out)
{
	uint64_t n = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		unsigned int d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned int)(*s - '0');
		if (n > (UINT64_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*out = n;
	return 0;
}

int ksw_parse_s64(const char *s, int64_t *out)
{
	uint64_t n;

	if (!s)
		return -1;
	if (*s == '-') {
		if (ksw_parse_u64(s + 1, &n) || n > (uint64_t)INT64_MAX + 1)
			return -1;
		*out = n == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)n;
		return 0;
	}
	if (ksw_parse_u64(s, &n) || n > (uint64_t)INT64_MAX)
		return -1;
	*out = (int64_t)n;
	return 0;
}

int ksw_get_u64(const struct ksw_record *rec, const char *key, uint64_t *out)
{
	return ksw_parse_u64(ksw_get(rec, key), out);
}

int ksw_get_s64(const struct ksw_record *rec, const char *key, int64_t *out)
{
	return ksw_parse_s64(ksw_get(rec, key), out);
}

int ksw_has_bt(const struct ksw_record *rec)
{
	const char *bt = ksw_get(rec, "bt");

	return bt && *bt && strcmp(bt, "-") != 0;
}

static int table_add(struct ksw_table *t, const struct ksw_record *r)
{
	struct ksw_record *nr;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;

		nr = realloc(t->rec, cap * sizeof(*nr));
		if (!nr)
			return -1;
		t->rec = nr;
		t->cap = cap;
	}
	nr = &t->rec[t->n];
	*nr = *r;
	nr->f = malloc((size_t)r->nfields * sizeof(*nr->f));
	if (!nr->f)
		return -1;
	memcpy(nr->f, r->f, (size_t)r->nfields * sizeof(*nr->f));
	t->n++;
	return 0;
}

int ksw_table_parse(struct ksw_table *t, const char *data, size_t len)
{
	struct ksw_field f[KSW_MAX_FIELDS];
	struct ksw_record r = { .f = f };
	size_t pos = 0;

	memset(t, 0, sizeof(*t));
	t->buf = malloc(len + 1);
	if (!t->buf)
		return -1;
	memcpy(t->buf, data, len);
	t->buf[len] = '\0';
	t->len = len;
	while (pos < len) {
		char *line = t->buf + pos;
		char *nl = memchr(line, '\n', len - pos);
		int partial = !nl;

		if (nl) {
			*nl = '\0';
			pos = (size_t)(nl - t->buf) + 1;
		} else {
			pos = len;
		}
		ksw_parse_line(line, &r);
		r.partial = partial;
		if (r.nfields == 0) {
			if (r.bad)
				t->malformed++;
			continue;
		}
		if (table_add(t, &r)) {
			ksw_table_free(t);
			return -1;
		}
	}
	return 0;
}

void ksw_table_free(struct ksw_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->rec[i].f);
	free(t->rec);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

int ksw_utf8_len(const unsigned char *s)
{
	unsigned int c = s[0], cp;
	int len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void ksw_table_sanitize(struct ksw_table *t)
{
	unsigned char *p = (unsigned char *)t->buf;
	unsigned char *end = p + t->len;

	while (p < end) {
		int len;

		if (*p == '\0') {
			p++;
			continue;
		}
		len = ksw_utf8_len(p);
		if (!len || *p < 0x20 || *p == 0x7f) {
			*p++ = '?';
			continue;
		}
		p += len;
	}
}
