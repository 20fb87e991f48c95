/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A snapshot of the module's debugfs files, and which records of each file
 * the reader uses.
 */
#ifndef KSW_SNAP_H
#define KSW_SNAP_H

#include <stdint.h>

#include "parse.h"

enum ksw_file_id {
	KSW_F_VERSION,
	KSW_F_NODES,
	KSW_F_FAILURES,
	KSW_F_ZONES,
	KSW_F_STALLS,
	KSW_F_TIMELINE,	/* newer modules only; large: read when asked for */
	KSW_NR_FILES
};

#define KSW_BIT(id)	(1u << (id))
/* The record files every command may read: all but the timeline. */
#define KSW_ALL_FILES	(KSW_BIT(KSW_F_TIMELINE) - 1)

struct ksw_snap {
	struct ksw_table t[KSW_NR_FILES];
	unsigned int have;	/* KSW_BIT() of each file read */
};

/* Which records a command looks at: --since. */
struct ksw_sel {
	int since_set;
	uint64_t since;
};

/* The debugfs file name of @id. */
const char *ksw_file_name(int id);

/*
 * Whether @r carries what the reader needs from a record of file @id:
 * version: abi=; nodes: nid=; kswapd_failures: seq= nid= event=; zones:
 * nid= zone=; stalls: seq=; timeline: stall= cpu= ts_ns= event=.  Lines cut short (no newline) are refused
 * except in version.
 */
int ksw_rec_valid(int id, const struct ksw_record *r);

/* Valid, and newer than --since when the file has sequence numbers. */
int ksw_rec_selected(int id, const struct ksw_record *r, const struct ksw_sel *sel);

/* Number of records of @t that are not valid for @id, malformed lines included. */
size_t ksw_table_invalid(int id, const struct ksw_table *t);

/* The record's seq=, or -1 when it has none. */
int ksw_rec_seq(const struct ksw_record *r, uint64_t *seq);

/* The timestamp field of file @id ("start_ns", "ts_ns"), NULL if none. */
const char *ksw_file_ts_key(int id);

/* The first valid version record, or NULL. */
const struct ksw_record *ksw_snap_version(const struct ksw_snap *s);

void ksw_snap_free(struct ksw_snap *s);

#endif
