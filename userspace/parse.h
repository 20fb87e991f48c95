/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Parsing of kswapwatch debugfs records: "key=value key=value ...".
 */
#ifndef KSW_PARSE_H
#define KSW_PARSE_H

#include <stdint.h>

#define KSW_MAX_FIELDS	64

struct ksw_field {
	const char *key;
	const char *val;
};

struct ksw_record {
	int nfields;
	struct ksw_field f[KSW_MAX_FIELDS];
};

/*
 * Split @line (modified in place) into fields.  Returns the number of
 * fields, or -1 when the line is not a record (a token without '=', an
 * empty key, or more than KSW_MAX_FIELDS fields).
 */
int ksw_parse_line(char *line, struct ksw_record *rec);

/* The value of @key, or NULL. */
const char *ksw_get(const struct ksw_record *rec, const char *key);

/* @key as an unsigned decimal; 0 on success, -1 if absent or not a number. */
int ksw_get_u64(const struct ksw_record *rec, const char *key, uint64_t *out);

/* @key as a signed decimal; 0 on success, -1 if absent or not a number. */
int ksw_get_s64(const struct ksw_record *rec, const char *key, int64_t *out);

#endif
