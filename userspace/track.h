/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Following a history file (stalls, kswapd_failures) between polls by its
 * seq numbers: every record is handed out once, and what could not be
 * handed out (overwritten in the ring before a poll saw it) is reported.
 */
#ifndef KSW_TRACK_H
#define KSW_TRACK_H

#include <stdint.h>

#include "parse.h"

enum ksw_track_event {
	KSW_TRACK_NEW,		/* @r is a record not handed out before */
	KSW_TRACK_LOST,		/* records @from..@to were never seen */
	KSW_TRACK_RESTART,	/* the numbering started over (reset, reload) */
};

typedef void (*ksw_track_cb)(void *ctx, int event, const struct ksw_record *r,
			     uint64_t from, uint64_t to);

struct ksw_tracker {
	int id;			/* KSW_F_STALLS or KSW_F_FAILURES */
	int started;		/* a first poll happened (or --since set) */
	int have_last;
	uint64_t last_seq;	/* newest record handed out */
	int seen;		/* last_seq was read from the file, not --since */
	int have_ts;
	uint64_t last_ts;	/* its timestamp: tells a restart */
	int hole_pending;	/* waited one poll for hole_at */
	uint64_t hole_at;
};

/*
 * Without @since_set the first poll only notes where the file ends;
 * with it, records with seq > @since are new from the first poll on.
 */
void ksw_tracker_init(struct ksw_tracker *tr, int id, int since_set, uint64_t since);

/*
 * One poll of table @t.  Records come out in seq order.  A hole in the
 * middle of the file (a record not yet complete) is waited for one poll,
 * then reported as lost.
 */
void ksw_track(struct ksw_tracker *tr, const struct ksw_table *t, ksw_track_cb cb, void *ctx);

#endif
