/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kswapwatch: the stall watchdog's bookkeeping that needs no kernel: the
 * record ring's indices and the merging of overlapping per-CPU gaps into one
 * record.  Compiled into the module (watchdog.c) and into the host unit tests
 * (tests/unit/test_gaps.c); callers do the locking.
 */
#ifndef KSWAPWATCH_GAPS_H
#define KSWAPWATCH_GAPS_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stdint.h>
typedef uint64_t u64;
#endif

/* Kinds of stall, in increasing severity: a merged record takes the worst. */
enum ksw_stall_kind {
	KSW_STALL_RECLAIM,	/* a task in direct reclaim for too long */
	KSW_STALL_SCHED,	/* timer on time, but the CPU could not schedule */
	KSW_STALL_IRQ,		/* the timer itself was held off: interrupts off */
	KSW_STALL_NR
};

static inline const char *ksw_stall_kind_name(int kind)
{
	switch (kind) {
	case KSW_STALL_RECLAIM:	return "reclaim";
	case KSW_STALL_SCHED:	return "sched";
	case KSW_STALL_IRQ:	return "irq";
	default:		return "-";
	}
}

/*
 * A ring of records numbered by a sequence that never goes back: record
 * number s lives in slot s % size.  Records [tail, head) are held; pushing
 * onto a full ring drops the oldest and counts it.
 */
struct ksw_ring {
	u64 head;		/* number of the next record */
	u64 tail;		/* number of the oldest record held */
	u64 dropped;		/* overwritten before being cleared */
	unsigned int size;
};

static inline void ksw_ring_init(struct ksw_ring *r, unsigned int size)
{
	r->head = 0;
	r->tail = 0;
	r->dropped = 0;
	r->size = size;
}

/* Reserve the next record; returns its number (its slot: number % size). */
static inline u64 ksw_ring_push(struct ksw_ring *r)
{
	if (r->head - r->tail >= r->size) {
		r->tail++;
		r->dropped++;
	}
	return r->head++;
}

/* Forget every record held; numbering goes on where it was. */
static inline void ksw_ring_clear(struct ksw_ring *r)
{
	r->tail = r->head;
	r->dropped = 0;
}

static inline unsigned int ksw_ring_slot(const struct ksw_ring *r, u64 nr)
{
	return (unsigned int)(nr % r->size);
}

/*
 * Gaps on several CPUs that overlap in time are one stall: the watchdog
 * collects them in a group and writes one record when the group is complete.
 *
 * A CPU's gap is known once it is over (its timer sees the CPU schedule
 * again).  The group stays open while any member could still arrive: until
 * @settle after the last member closed (the time a CPU takes to notice the
 * end of its own gap), and while some other CPU has shown no sign of life
 * since before the group's end (it may be in a gap that overlaps, not yet
 * over).  @hold_max bounds the wait, so that one CPU stuck for good does not
 * keep every other record back.
 */
struct ksw_gap_group {
	bool open;
	int kind;		/* worst kind among the members */
	u64 start_ns;		/* earliest start of a member */
	u64 end_ns;		/* latest end of a member */
	u64 closed_ns;		/* when the last member was added */
	u64 first_ns;		/* when the first member was added */
	unsigned int members;
	/* The member whose task, backtrace etc. the record shows. */
	int primary;
	u64 primary_len;
	bool primary_bt;
};

static inline void ksw_gap_group_reset(struct ksw_gap_group *g)
{
	g->open = false;
	g->members = 0;
	g->primary = -1;
}

/* Does the gap [@start, @end] overlap the open group? */
static inline bool ksw_gap_overlaps(const struct ksw_gap_group *g, u64 start, u64 end)
{
	return g->open && start <= g->end_ns && end >= g->start_ns;
}

/*
 * Add the gap [@start, @end] of CPU @cpu, of @kind, which has a backtrace if
 * @has_bt, to the group (opening it if need be), at time @now.  The caller
 * has checked ksw_gap_overlaps() or flushed the group first.
 *
 * Return: true if this gap becomes the group's primary member: the first one
 * with a backtrace, or a longer one with a backtrace if there is one.
 */
static inline bool ksw_gap_group_add(struct ksw_gap_group *g, int cpu, u64 start,
				     u64 end, int kind, bool has_bt, u64 now)
{
	u64 len = end - start;
	bool primary;

	if (!g->open) {
		g->open = true;
		g->kind = kind;
		g->start_ns = start;
		g->end_ns = end;
		g->first_ns = now;
		g->members = 0;
		primary = true;
	} else {
		if (kind > g->kind)
			g->kind = kind;
		if (start < g->start_ns)
			g->start_ns = start;
		if (end > g->end_ns)
			g->end_ns = end;
		/* A backtrace beats length: it is what the record is read for. */
		if (has_bt != g->primary_bt)
			primary = has_bt;
		else
			primary = len > g->primary_len;
	}
	g->members++;
	g->closed_ns = now;
	if (primary) {
		g->primary = cpu;
		g->primary_len = len;
		g->primary_bt = has_bt;
	}
	return primary;
}

/* Has the group waited @settle since its last member closed? */
static inline bool ksw_gap_group_settled(const struct ksw_gap_group *g, u64 now, u64 settle)
{
	return g->open && now - g->closed_ns >= settle;
}

/*
 * May a CPU, last seen able to schedule at @seen_ns, be in a gap that
 * overlaps the group and is not over yet?  Yes if it has not been seen since
 * before the group's end and that is longer ago than a healthy CPU's
 * @stale_ns (a couple of timer periods).
 */
static inline bool ksw_gap_cpu_pending(const struct ksw_gap_group *g, u64 seen_ns,
				       u64 now, u64 stale_ns)
{
	return seen_ns <= g->end_ns && now - seen_ns > stale_ns;
}

/*
 * May a CPU with a gap open since @open_start (U64_MAX: none) still bring
 * it to the group?  Yes if it began before the group's end: it is not over.
 */
static inline bool ksw_gap_cpu_open_overlaps(const struct ksw_gap_group *g, u64 open_start)
{
	return open_start <= g->end_ns;
}

/* Has the group been open so long that it is written whatever comes? */
static inline bool ksw_gap_group_overdue(const struct ksw_gap_group *g, u64 now, u64 hold_max)
{
	return g->open && now - g->first_ns >= hold_max;
}

#endif /* KSWAPWATCH_GAPS_H */
