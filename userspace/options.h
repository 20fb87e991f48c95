/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The values of the reader's selection options: --since, --min-ms, --kind,
 * --node.  Each parser returns 0, or -1 for a value it does not take.
 */
#ifndef KSW_OPTIONS_H
#define KSW_OPTIONS_H

#include <stdint.h>

#include "snap.h"

/*
 * --since: a bare number is a seq (records with seq > SEQ); a number with
 * a unit (ms, s, m, h, d) a duration before the snapshot was read.
 * Sets either since_set/since or since_ns_set/since_ns of @sel, clearing
 * the other.
 */
int ksw_parse_since(const char *s, struct ksw_sel *sel);

/* "500ms", "90s", "10m", "2h", "1d" as nanoseconds, more than 0. */
int ksw_parse_duration(const char *s, uint64_t *ns);

/* --min-ms N: milliseconds, 0 to 86400000 (a day), as microseconds. */
int ksw_parse_min_ms(const char *s, uint64_t *us);

/* --kind irq,sched,reclaim: a bit per enum ksw_stall_kind named. */
int ksw_parse_kinds(const char *s, unsigned int *kinds);

/* --node N: 0 to 65535. */
int ksw_parse_node(const char *s, int64_t *nid);

#endif
