/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Helpers for the reader's unit tests: load a tests/fixtures directory, or
 * a table from a string.
 */
#ifndef READER_FIXTURE_H
#define READER_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snap.h"

/* The contents of file @name of fixture @fixture, NULL if absent. */
static inline char *fixture_read(const char *fixture, const char *name, size_t *len)
{
	char path[4096], *buf = NULL;
	size_t cap = 0, n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", KSW_FIXTURES, fixture, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	*len = 0;
	do {
		if (cap - *len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n);
	fclose(f);
	return buf;
}

/* Every debugfs file of @fixture into @s; 0, or -1 without a version file. */
static inline int fixture_snap(const char *fixture, struct ksw_snap *s)
{
	int id;

	memset(s, 0, sizeof(*s));
	for (id = 0; id < KSW_NR_FILES; id++) {
		size_t len;
		char *buf = fixture_read(fixture, ksw_file_name(id), &len);

		if (!buf)
			continue;
		if (ksw_table_parse(&s->t[id], buf, len))
			abort();
		s->have |= KSW_BIT(id);
		free(buf);
	}
	return s->have & KSW_BIT(KSW_F_VERSION) ? 0 : -1;
}

static inline void table_from(struct ksw_table *t, const char *text)
{
	if (ksw_table_parse(t, text, strlen(text)))
		abort();
}

/* Everything @fn writes to a FILE, as a string to free(). */
#define CAPTURE(buf, call_with_f) do {					\
	size_t capture_len_;						\
	FILE *f = open_memstream(&(buf), &capture_len_);		\
	if (!f)								\
		abort();						\
	call_with_f;							\
	fclose(f);							\
} while (0)

#endif
