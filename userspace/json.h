/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * JSON output: one object per record, the ABI's field names as keys.
 */
#ifndef KSW_JSON_H
#define KSW_JSON_H

#include <stdio.h>

#include "parse.h"
#include "records.h"

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

/*
 * The typed records: one line each, "_event":@event first when @event is
 * not NULL, then the ABI's fields in the module's order (numbers and 0/1
 * as JSON numbers, text as strings, a value that did not read as its type
 * as the string written), then fields the reader does not know as
 * ksw_json_record() writes them, then the reader's keys:
 *   stalls:          _time (RFC 3339, when the snapshot has clocks),
 *                    _holder (the first frame outside the timer path)
 *   kswapd_failures: _time, _spurious, _revived (true/false)
 *   nodes:           _hopeless (true/false)
 *   zones:           _storm_last_time (when storm_last_ns is not 0)
 */
void ksw_json_version(FILE *out, const struct ksw_data *d);
void ksw_json_node(FILE *out, const struct ksw_data *d, const struct ksw_node *n,
		   const char *event);
void ksw_json_zone(FILE *out, const struct ksw_data *d, const struct ksw_zone *z,
		   const char *event);
void ksw_json_fail(FILE *out, const struct ksw_data *d, const struct ksw_fail *f,
		   const char *event);
void ksw_json_stall(FILE *out, const struct ksw_data *d, const struct ksw_stall *s,
		    const char *event);

/*
 * Every record of file @id selected by @sel (stalls: --since, --min-ms,
 * --kind; kswapd_failures: --since, --node; nodes, zones: --node; version:
 * its first valid record).
 */
void ksw_json_file(FILE *out, const struct ksw_data *d, int id, const struct ksw_sel *sel);

#endif
