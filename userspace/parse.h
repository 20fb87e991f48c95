/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Parsing of kswapwatch debugfs records: "key=value key=value ...".
 *
 * The parser never fails on input: a line becomes a record of the fields it
 * could read, and counters say what was odd about it.  What a record must
 * contain to be used is decided per file (snap.h).
 */
#ifndef KSW_PARSE_H
#define KSW_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Fields kept per record; more are counted in ->dropped and ignored. */
#define KSW_MAX_FIELDS	128

struct ksw_field {
	const char *key;
	const char *val;
};

struct ksw_record {
	int nfields;
	int bad;	/* leading tokens that were not key=value */
	int dropped;	/* fields beyond KSW_MAX_FIELDS */
	int partial;	/* the line had no newline: cut short */
	struct ksw_field *f;
};

/*
 * Split @line (modified in place) into fields, stored in @rec->f, which
 * must have room for KSW_MAX_FIELDS.  A token is a new field when it reads
 * KEY=VALUE with KEY made of [A-Za-z0-9_]; any other token is part of the
 * previous field's value (a command name with a space in it), or is
 * counted in ->bad when no field precedes it.  Spaces, tabs and CRs
 * separate tokens.  Returns the number of fields.
 */
int ksw_parse_line(char *line, struct ksw_record *rec);

/* The value of @key (first occurrence), or NULL. */
const char *ksw_get(const struct ksw_record *rec, const char *key);

/*
 * Strict decimal conversions: only digits (and a leading '-' for the
 * signed one), no blanks, no '+', no overflow.  0 on success, -1 if not.
 */
int ksw_parse_u64(const char *s, uint64_t *out);
int ksw_parse_s64(const char *s, int64_t *out);

/* @key as a decimal; 0 on success, -1 if absent or not a number. */
int ksw_get_u64(const struct ksw_record *rec, const char *key, uint64_t *out);
int ksw_get_s64(const struct ksw_record *rec, const char *key, int64_t *out);

/* Whether a stall record holds a backtrace: bt= with frames, not "-". */
int ksw_has_bt(const struct ksw_record *rec);

/* A whole file: every non-blank line as a record, in file order. */
struct ksw_table {
	char *buf;			/* the text, split in place */
	size_t len;
	struct ksw_record *rec;
	size_t n, cap;
	size_t malformed;		/* non-blank lines without any field */
};

/*
 * Parse @len bytes of @data (need not be NUL-terminated; a NUL byte ends
 * its line's text).  @t must be zeroed or freed.  0, or -1 when out of
 * memory (then @t is empty).
 */
int ksw_table_parse(struct ksw_table *t, const char *data, size_t len);
void ksw_table_free(struct ksw_table *t);

/*
 * Replace control characters and bytes that are not UTF-8 in @t's keys
 * and values by '?', for output to a terminal or a Prometheus label.
 */
void ksw_table_sanitize(struct ksw_table *t);

/* Length of the valid UTF-8 sequence at @s (1 for ASCII), 0 if none. */
int ksw_utf8_len(const unsigned char *s);

#endif
