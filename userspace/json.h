/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * JSON output: one object per record, the ABI's field names as keys.
 */
#ifndef KSW_JSON_H
#define KSW_JSON_H

#include <stdio.h>

#include "parse.h"

/* @s as a JSON string: escapes quotes, controls and bytes that are not UTF-8. */
void ksw_json_string(FILE *out, const char *s);

/*
 * Whether @s is written as a JSON number: a decimal integer in JSON's
 * syntax (no '+', no leading zero) that fits in 64 bits (int64 when
 * negative, uint64 otherwise).
 */
int ksw_json_is_number(const char *s);

/* @s as a number when ksw_json_is_number(), else as a string. */
void ksw_json_value(FILE *out, const char *s);

/*
 * One line: {"key":value,...} with the record's fields in file order; a
 * repeated key is written once (its first value).  When @event is not
 * NULL, "_event":@event comes first; keys beginning with '_' are the
 * reader's, never the module's.  Values are numbers when
 * ksw_json_is_number(), except in the fields the ABI defines as text
 * (kernel, comm, cpus, zone, ...), which are always strings.
 */
void ksw_json_record(FILE *out, const struct ksw_record *r, const char *event);

#endif
