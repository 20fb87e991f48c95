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
	int err[KSW_NR_FILES];	/* errno of a file that could not be read, else 0 */
	/*
	 * The clocks when the files were read (CLOCK_MONOTONIC and
	 * CLOCK_REALTIME, ns), for wall-clock times and --since DURATION;
	 * have_clock 0 when the source does not say (an old copy).
	 */
	int have_clock;
	uint64_t mono_ns;
	int64_t real_ns;
	long page_size;		/* bytes of a page on the machine read, 0 unknown */
};

/* Which records a command looks at: --since, --min-ms, --kind, --node. */
struct ksw_sel {
	int since_set;		/* --since SEQ: records with seq > since */
	uint64_t since;
	int since_ns_set;	/* --since DURATION: records newer than that */
	uint64_t since_ns;	/* ... before the snapshot's mono_ns */
	uint64_t min_us;	/* --min-ms: stalls at least this long, 0 all */
	unsigned int kinds;	/* --kind: bit of each enum ksw_stall_kind, 0 all */
	int node_set;		/* --node */
	int64_t node;
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

/* Number of records of @t that are not valid for @id, malformed lines included. */
size_t ksw_table_invalid(int id, const struct ksw_table *t);

/* The record's seq=, or -1 when it has none. */
int ksw_rec_seq(const struct ksw_record *r, uint64_t *seq);


/* The first valid version record, or NULL. */
const struct ksw_record *ksw_snap_version(const struct ksw_snap *s);

void ksw_snap_free(struct ksw_snap *s);

#endif
