/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kswapwatch: the kswapd_failures history without the kernel around it.
 *
 * The record ring, the statistics kept per node, the watermark test behind
 * "balanced" and the inference of what happened between two readings of a
 * node's kswapd_failures.  Nothing here locks, allocates or reads kernel
 * state: module/failures.c does that and calls these helpers, and the host
 * unit tests (tests/unit/test_failures.c) call them directly.
 */
#ifndef KSWAPWATCH_FAILURES_LOGIC_H
#define KSWAPWATCH_FAILURES_LOGIC_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#endif

#include "../include/kswapwatch_abi.h"

/* Records kept, for all nodes together; a power of two. */
#define KSW_FRING_SIZE		1024
#define KSW_COMM_LEN		16

/* At most this many records come from one reading: a reset, +1 steps. */
#define KSW_INFER_MAX_RECS	(2 * KSW_MAX_RECLAIM_RETRIES + 1)

enum ksw_fevent {
	KSW_EV_FAIL = 0,
	KSW_EV_RESET,
};

enum ksw_fsource {
	KSW_SRC_TRACEPOINT = 0,
	KSW_SRC_INFERRED,
};

/* Reason of a record that is not a reset. */
#define KSW_REASON_NONE		(-1)

struct ksw_frec {
	unsigned long long seq;		/* global, increasing, never reused */
	unsigned long long ts_ns;	/* CLOCK_MONOTONIC */
	int nid;
	int failures;			/* value after the event */
	int prev;			/* value before the event */
	int pid;
	unsigned long long cgroup;	/* the task's cgroup v2 id, 0 if none */
	signed char event;		/* enum ksw_fevent */
	signed char reason;		/* enum ksw_reset_reason or KSW_REASON_NONE */
	signed char source;		/* enum ksw_fsource */
	signed char balanced;		/* 0 or 1 */
	char comm[KSW_COMM_LEN];	/* NUL-terminated, no blanks */
};

/*
 * A record with sequence number s lives in rec[s % KSW_FRING_SIZE] until
 * KSW_FRING_SIZE newer records overwrite it.  Clearing forgets the records
 * but not the numbering, so a reader never sees a number twice.
 */
struct ksw_fring {
	unsigned long long next_seq;	/* number of the next record */
	unsigned long long first_seq;	/* nothing older is shown */
	struct ksw_frec rec[KSW_FRING_SIZE];
};

static inline void ksw_fring_init(struct ksw_fring *r)
{
	r->next_seq = 1;
	r->first_seq = 1;
}

static inline unsigned long long ksw_fring_oldest(const struct ksw_fring *r)
{
	unsigned long long lo = r->next_seq > KSW_FRING_SIZE ?
				r->next_seq - KSW_FRING_SIZE : 1;

	return lo > r->first_seq ? lo : r->first_seq;
}

/* Numbers @rec, stores a copy and returns its sequence number. */
static inline unsigned long long ksw_fring_push(struct ksw_fring *r,
						struct ksw_frec *rec)
{
	rec->seq = r->next_seq++;
	r->rec[rec->seq & (KSW_FRING_SIZE - 1)] = *rec;
	return rec->seq;
}

/* Copies the oldest record numbered @from or later; false if none. */
static inline bool ksw_fring_get(const struct ksw_fring *r,
				 unsigned long long from, struct ksw_frec *out)
{
	unsigned long long oldest = ksw_fring_oldest(r);

	if (from < oldest)
		from = oldest;
	if (from >= r->next_seq)
		return false;
	*out = r->rec[from & (KSW_FRING_SIZE - 1)];
	return true;
}

static inline void ksw_fring_clear(struct ksw_fring *r)
{
	r->first_seq = r->next_seq;
}

/* Records overwritten before anyone could have read them since the clear. */
static inline unsigned long long ksw_fring_dropped(const struct ksw_fring *r)
{
	return ksw_fring_oldest(r) - r->first_seq;
}

/* Counters per node, as the `nodes` file shows them. */
struct ksw_fstats {
	unsigned long long fails_total;
	unsigned long long resets[KSW_RESET_NR];
	unsigned long long hopeless_episodes;
	unsigned long long spurious_resets;
};

static inline void ksw_fstats_apply(struct ksw_fstats *s,
				    const struct ksw_frec *rec)
{
	if (rec->event == KSW_EV_FAIL) {
		s->fails_total++;
		if (rec->prev < KSW_MAX_RECLAIM_RETRIES &&
		    rec->failures >= KSW_MAX_RECLAIM_RETRIES)
			s->hopeless_episodes++;
		return;
	}
	/* A reason the kernel added after this code was written: OTHER. */
	if (rec->reason >= 0 && rec->reason < KSW_RESET_NR)
		s->resets[rec->reason]++;
	else
		s->resets[KSW_RESET_OTHER]++;
	if (!rec->balanced)
		s->spurious_resets++;
}

/*
 * One zone's part of the kernel's pgdat_balanced() at order 0:
 * __zone_watermark_ok() with no allocation flags, i.e. free pages minus
 * those the caller may not use (high-atomic reserve, free CMA pages) must
 * stay above the high watermark plus the zone's lowmem reserve against the
 * highest zone of the request.
 */
static inline bool ksw_zone_wmark_ok(long free, long unusable,
				     unsigned long mark, long lowmem_reserve)
{
	return free - unusable > (long)mark + lowmem_reserve;
}

/* Copies a task name so that it stays one blank-free key=value token. */
static inline void ksw_comm_copy(char *dst, const char *src)
{
	int i;

	for (i = 0; i < KSW_COMM_LEN - 1 && src[i]; i++)
		dst[i] = (src[i] > ' ' && src[i] < 0x7f && src[i] != '=') ?
			 src[i] : '_';
	if (!i)
		dst[i++] = '-';
	dst[i] = '\0';
}

/*
 * Inference, for kernels without the kswapd_failures tracepoints.
 *
 * The module reads a node's kswapd_failures at points where it may have
 * changed and compares it with the value it last recorded.  Who made a
 * reset is inferred from where it is first seen:
 *
 *  KSW_OBS_KSWAPD	the node's own kswapd, after a balance_pgdat() run
 *  KSW_OBS_DIRECT	the end of a direct, memcg or node reclaim (not kswapd)
 *			that reclaimed pages
 *  KSW_OBS_TICK	anyone else: the periodic tick, the start of a reclaim,
 *			a reclaim that freed nothing
 *
 * A reset needs reclaim progress in the resetting context, so the context
 * that most recently reclaimed pages from the node (@progress) is the best
 * witness and wins when known.  Otherwise the observer claims the reset if
 * it is a reclaimer that could have made it; a bystander that sees a reset
 * while a possible resetter is still running leaves it to that resetter
 * (KSW_INFER_DEFER: nothing is recorded and the next reading sees the same
 * change); with nobody running, the reason is OTHER.
 */
enum ksw_obs {
	KSW_OBS_TICK = 0,
	KSW_OBS_KSWAPD,
	KSW_OBS_DIRECT,
};

#define KSW_INFER_DEFER		(-2)

struct ksw_infer_in {
	int last;		/* value last recorded */
	int now;		/* value read */
	enum ksw_obs obs;
	int progress;		/* KSW_RESET_KSWAPD/DIRECT, or KSW_REASON_NONE */
	bool in_flight;		/* a reclaimer that could reset is running */
};

/* Reason for a reading that implies a reset, or KSW_INFER_DEFER. */
static inline int ksw_infer_reason(const struct ksw_infer_in *in)
{
	if (in->progress == KSW_RESET_KSWAPD || in->progress == KSW_RESET_DIRECT)
		return in->progress;
	switch (in->obs) {
	case KSW_OBS_KSWAPD:
		return KSW_RESET_KSWAPD;
	case KSW_OBS_DIRECT:
		return KSW_RESET_DIRECT;
	case KSW_OBS_TICK:
	default:
		return in->in_flight ? KSW_INFER_DEFER : KSW_RESET_OTHER;
	}
}

/* What a reading stands for: an optional reset, then +1 steps. */
struct ksw_infer_plan {
	int nrec;		/* records to write */
	int reset_reason;	/* the leading reset's, or KSW_REASON_NONE */
	int last;		/* value before the first record */
	int from;		/* the steps go from this value ... */
	int to;			/* ... to this one */
	bool jump;		/* as one record: too many steps to list */
};

/*
 * Plans the records for a change from @in->last to @in->now; returns how
 * many, 0 for none (no change, or a reset left to its likely maker).
 *
 * The kernel only adds 1 at a time or sets 0, so a rise is one "fail" per
 * step, and a fall means a reset followed by the steps up to the new value.
 * A rise too long to list (the count only passes the limit of 16 through
 * races) is one record from the old to the new value.
 */
static inline int ksw_infer(const struct ksw_infer_in *in,
			    struct ksw_infer_plan *p)
{
	p->nrec = 0;
	p->reset_reason = KSW_REASON_NONE;
	p->last = in->last;
	p->from = in->last;
	p->to = in->now;
	p->jump = false;
	if (in->now == in->last)
		return 0;
	if (in->now < in->last) {
		int reason = ksw_infer_reason(in);

		if (reason == KSW_INFER_DEFER)
			return 0;
		p->reset_reason = reason;
		p->from = 0;
		p->nrec = 1;
	}
	if (p->to - p->from > KSW_INFER_MAX_RECS - 1) {
		p->jump = true;
		p->nrec++;
	} else {
		p->nrec += p->to - p->from;
	}
	return p->nrec;
}

/* Fills record @i (0 <= @i < @p->nrec) of a plan, oldest first. */
static inline void ksw_infer_rec(const struct ksw_infer_plan *p, int i,
				 struct ksw_frec *rec)
{
	rec->source = KSW_SRC_INFERRED;
	if (p->reset_reason != KSW_REASON_NONE) {
		if (i == 0) {
			rec->event = KSW_EV_RESET;
			rec->reason = p->reset_reason;
			rec->prev = p->last;
			rec->failures = 0;
			return;
		}
		i--;
	}
	rec->event = KSW_EV_FAIL;
	rec->reason = KSW_REASON_NONE;
	if (p->jump) {
		rec->prev = p->from;
		rec->failures = p->to;
	} else {
		rec->prev = p->from + i;
		rec->failures = p->from + i + 1;
	}
}

#endif /* KSWAPWATCH_FAILURES_LOGIC_H */
