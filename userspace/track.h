/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Following a history file (stalls, kswapd_failures) between polls by its
 * seq numbers: every record is handed out once, and what could not be
 * handed out (overwritten in the ring before a poll saw it) is reported.
 */
#ifndef KSW_TRACK_H
#define KSW_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "records.h"

enum ksw_track_event {
	KSW_TRACK_NEW,		/* record @i is one not handed out before */
	KSW_TRACK_LOST,		/* records @from..@to were never seen */
	KSW_TRACK_RESTART,	/* the numbering started over (reset, reload) */
};

/* @i: index into the data's stalls[] or fails[] (KSW_TRACK_NEW only). */
typedef void (*ksw_track_cb)(void *ctx, int event, size_t i, uint64_t from, uint64_t to);

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
 * One poll: the tracked file's records of @d.  Records come out in seq order.  A hole in the
 * middle of the file (a record not yet complete) is waited for one poll,
 * then reported as lost.
 */
void ksw_track(struct ksw_tracker *tr, const struct ksw_data *d, ksw_track_cb cb, void *ctx);

#endif
