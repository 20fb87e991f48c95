/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kswapwatch: the per-CPU event ring of the stall timeline, without the
 * kernel: event layout, reservation, the hold that keeps a window from
 * being overwritten until it is frozen, and what a frozen window keeps.
 * Compiled into the module (timeline.c) and into the host unit tests
 * (tests/unit/test_timeline.c).
 *
 * One ring per CPU, written only on its CPU, by any context of it (task,
 * softirq, hardirq), read from other CPUs by the freezer:
 *
 *  - a writer reserves slot number p by compare-and-exchange of the ring's
 *    head (a local_t in the kernel: atomic against this CPU's interrupts,
 *    no bus lock) with preemption off, so a writer interrupted or, where
 *    tracepoint callbacks are preemptible, about to be preempted never
 *    shares a slot with another;
 *  - the slot's seq is 0 while it is filled and p + 1 (low 32 bits) once
 *    complete; a reader copies a slot and keeps the copy only if seq read
 *    before and after is p + 1;
 *  - a slot is overwritten only if the event in it is older than the ring's
 *    hold (or the hold has expired): otherwise the new event is dropped
 *    and counted.  A window asked for is never lost to later events.
 */
#ifndef KSWAPWATCH_TIMELINE_LOGIC_H
#define KSWAPWATCH_TIMELINE_LOGIC_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <asm/local.h>
typedef local_t ksw_tl_head_t;
#define ksw_tl_head_read(h)		((unsigned long)local_read(h))
#define ksw_tl_head_cmpxchg(h, o, n)	((unsigned long)local_cmpxchg(h, o, n))
#define ksw_tl_wmb()			smp_wmb()
#define ksw_tl_rmb()			smp_rmb()
#define KSW_TL_READ(x)			READ_ONCE(x)
#define KSW_TL_WRITE(x, v)		WRITE_ONCE(x, v)
#define ksw_tl_cmpxchg64(p, o, n)	cmpxchg64(p, o, n)
#else
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
typedef uint64_t u64;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint8_t u8;
typedef struct { long v; } ksw_tl_head_t;
#define ksw_tl_head_read(h)		((unsigned long)(h)->v)
#define ksw_tl_head_cmpxchg(h, o, n)	\
	((unsigned long)__sync_val_compare_and_swap(&(h)->v, (long)(o), (long)(n)))
#define ksw_tl_wmb()			__sync_synchronize()
#define ksw_tl_rmb()			__sync_synchronize()
#define KSW_TL_READ(x)			(*(volatile __typeof__(x) *)&(x))
#define KSW_TL_WRITE(x, v)		(*(volatile __typeof__(x) *)&(x) = (v))
#define ksw_tl_cmpxchg64(p, o, n)	__sync_val_compare_and_swap(p, o, n)
#endif

#define KSW_TL_COMM	16	/* TASK_COMM_LEN */

enum ksw_tl_type {
	KSW_TL_NONE,
	KSW_TL_SWITCH,
	KSW_TL_IRQ,		/* ts: handler entry; dur_ns: to its exit */
	KSW_TL_SOFTIRQ,		/* ts: entry; dur_ns: to exit */
	KSW_TL_RECLAIM_BEGIN,	/* a: kind; shown paired with its end */
	KSW_TL_RECLAIM_END,	/* a: kind; never shown by itself */
	KSW_TL_WAKEUP_KSWAPD,
	KSW_TL_ISOLATE,		/* lru_isolate calls summed; dur_ns: first to last */
	KSW_TL_GAP,		/* not in a ring: added to a frozen window */
	KSW_TL_NR
};

enum ksw_tl_reclaim_kind {
	KSW_TL_RC_DIRECT,
	KSW_TL_RC_MEMCG,
	KSW_TL_RC_NODE,
	KSW_TL_RC_KSWAPD,
	KSW_TL_RC_NR
};

static inline const char *ksw_tl_reclaim_kind_name(int kind)
{
	switch (kind) {
	case KSW_TL_RC_DIRECT:	return "direct";
	case KSW_TL_RC_MEMCG:	return "memcg";
	case KSW_TL_RC_NODE:	return "node";
	case KSW_TL_RC_KSWAPD:	return "kswapd";
	default:		return "-";
	}
}

/* One event: 64 bytes, one cache line. */
struct ksw_tl_ev {
	u32 seq;		/* slot number + 1 once complete, 0 while written */
	u32 dur_ns;		/* irq, softirq, isolate; saturates */
	u64 ts;			/* CLOCK_MONOTONIC ns */
	u8 type;		/* enum ksw_tl_type */
	u8 a;			/* switch: prev_state letter; softirq: vec; reclaim: kind */
	u8 b;			/* switch: prev_prio; zone index */
	u8 c;			/* switch: next_prio */
	s32 pid;		/* switch: prev_pid; the task of the others */
	union {
		struct {
			char prev_comm[KSW_TL_COMM];
			char next_comm[KSW_TL_COMM];
			s32 next_pid;
		} sw;
		struct {
			s32 irq;
			char name[KSW_TL_COMM];
		} irq;
		struct {
			char comm[KSW_TL_COMM];
			s32 nid;
			s32 order;
		} wk;
		struct {
			char comm[KSW_TL_COMM];
			u64 nr;		/* end: pages reclaimed; kswapd: a running sum */
			s32 nid;	/* kswapd: its node; else -1 */
			s32 order;
		} rc;
		struct {
			u64 scanned;
			u64 skipped;
			u64 taken;
			s32 nid;
			u32 calls;
		} iso;
		struct {
			u64 end;
			u32 kind;	/* enum ksw_stall_kind */
		} gap;
	} u;
};

/* A ring's events; replaced whole when its size changes. */
struct ksw_tl_buf {
	unsigned long mask;		/* slots - 1: slots are a power of two */
	struct ksw_tl_ev ev[];
};

/*
 * A CPU's ring.  Only its own CPU writes head and the events.  The hold:
 * events at or after hold_ts are not overwritten before hold_until.  Its
 * low KSW_TL_HOLD_GEN_BITS bits count the holds taken, so that whoever
 * releases a hold (compare-and-exchange of the value it saw) never
 * releases a later one.
 */
struct ksw_tl_ring {
	ksw_tl_head_t head;		/* number of the next slot */
	u64 hold_ts;
	u64 hold_until;
	unsigned long dropped;		/* events refused by the hold */
};

#define KSW_TL_HOLD_GEN_BITS	10
#define KSW_TL_HOLD_GEN_MASK	((1ULL << KSW_TL_HOLD_GEN_BITS) - 1)
#define KSW_TL_NO_HOLD		(~0ULL)

static inline u32 ksw_tl_dur(u64 end, u64 start)
{
	u64 d = end > start ? end - start : 0;

	return d > 0xffffffffULL ? 0xffffffffU : (u32)d;
}

/*
 * Reserve a slot for an event at @now.  The caller runs on the ring's CPU
 * with preemption off; interrupts may come and reserve slots of their own.
 * Return: the slot number, or -1UL if the event is dropped.
 */
static inline unsigned long ksw_tl_reserve(struct ksw_tl_ring *r, struct ksw_tl_buf *b,
					    u64 now)
{
	unsigned long h, mask = b->mask;
	const struct ksw_tl_ev *old;

	for (;;) {
		h = ksw_tl_head_read(&r->head);
		old = &b->ev[h & mask];
		if (h > mask && KSW_TL_READ(old->ts) >= KSW_TL_READ(r->hold_ts) &&
		    now < KSW_TL_READ(r->hold_until)) {
			KSW_TL_WRITE(r->dropped, r->dropped + 1);
			return -1UL;
		}
		if (ksw_tl_head_cmpxchg(&r->head, h, h + 1) == h)
			return h;
	}
}

/* The slot reserved as @pos, marked incomplete for readers. */
static inline struct ksw_tl_ev *ksw_tl_slot_open(struct ksw_tl_buf *b, unsigned long pos)
{
	struct ksw_tl_ev *e = &b->ev[pos & b->mask];

	KSW_TL_WRITE(e->seq, 0);
	ksw_tl_wmb();
	return e;
}

/* The event is complete: readers may take it. */
static inline void ksw_tl_slot_close(struct ksw_tl_ev *e, unsigned long pos)
{
	ksw_tl_wmb();
	KSW_TL_WRITE(e->seq, (u32)(pos + 1));
}

/*
 * Copy slot @pos of @r into @out if it still holds the complete event
 * written as @pos.  Any CPU.
 */
static inline bool ksw_tl_slot_read(const struct ksw_tl_buf *b, unsigned long pos,
				    struct ksw_tl_ev *out)
{
	const struct ksw_tl_ev *e = &b->ev[pos & b->mask];
	u32 want = (u32)(pos + 1);

	if (KSW_TL_READ(e->seq) != want)
		return false;
	ksw_tl_rmb();
	memcpy(out, (const void *)e, sizeof(*out));
	ksw_tl_rmb();
	return KSW_TL_READ(e->seq) == want && out->seq == want;
}

/*
 * Hold @r's events from @from on until @until (both ns) at the latest; @now
 * tells whether the hold in place has expired.  Several holds at once keep
 * the earliest start and the latest end.  Any CPU, any context.
 * Return: the hold's token, for ksw_tl_unhold().
 */
static inline u64 ksw_tl_hold(struct ksw_tl_ring *r, u64 from, u64 until, u64 now)
{
	u64 cur, want, start, cur_until = KSW_TL_READ(r->hold_until);

	for (;;) {
		cur = KSW_TL_READ(r->hold_ts);
		start = from & ~KSW_TL_HOLD_GEN_MASK;
		/* A hold in place and not expired: keep its start if earlier. */
		if (cur != KSW_TL_NO_HOLD && cur_until > now &&
		    (cur & ~KSW_TL_HOLD_GEN_MASK) < start)
			start = cur & ~KSW_TL_HOLD_GEN_MASK;
		want = start | ((cur + 1) & KSW_TL_HOLD_GEN_MASK);
		if (want == KSW_TL_NO_HOLD)
			want--;
		if (ksw_tl_cmpxchg64(&r->hold_ts, cur, want) == cur)
			break;
	}
	/* Racing extensions may lose the later end: the hold ends early. */
	if (cur_until > now && cur_until > until)
		until = cur_until;
	KSW_TL_WRITE(r->hold_until, until);
	return want;
}

/* Keep a hold in place until @until at least. */
static inline void ksw_tl_hold_extend(struct ksw_tl_ring *r, u64 until)
{
	if (KSW_TL_READ(r->hold_until) < until)
		KSW_TL_WRITE(r->hold_until, until);
}

/* Release the hold @token, unless another was taken since. */
static inline void ksw_tl_unhold(struct ksw_tl_ring *r, u64 token)
{
	ksw_tl_cmpxchg64(&r->hold_ts, token, KSW_TL_NO_HOLD);
}

/* When an event ends: the paired ones last, the others are instants. */
static inline u64 ksw_tl_end(const struct ksw_tl_ev *e)
{
	return e->ts + e->dur_ns;
}

/*
 * Does a window [@from, @to] keep @e?  Events that began in it, and those
 * that began before and ended inside (kept with their true start).
 * Reclaim begins and switches before the window are the freezer's choice
 * (ksw_tl_keep_before()).
 */
static inline bool ksw_tl_in_window(const struct ksw_tl_ev *e, u64 from, u64 to)
{
	if (e->type == KSW_TL_NONE || e->type >= KSW_TL_NR || e->ts > to)
		return false;
	return e->ts >= from || ksw_tl_end(e) >= from;
}

/* Oldest first; stable, and cheap on the nearly sorted order of a ring. */
static inline void ksw_tl_sort(struct ksw_tl_ev *ev, unsigned int n)
{
	unsigned int i, j;
	struct ksw_tl_ev t;

	for (i = 1; i < n; i++) {
		if (ev[i].ts >= ev[i - 1].ts)
			continue;
		t = ev[i];
		for (j = i; j > 0 && ev[j - 1].ts > t.ts; j--)
			ev[j] = ev[j - 1];
		ev[j] = t;
	}
}

/*
 * A reclaim run's end, found among the reclaim begins and ends of every
 * ring (@marks, oldest first): the first end of the same task and kind at
 * or after @begin, or that task's next begin of the kind (kswapd starts a
 * new balance_pgdat() run without sleeping in between).
 * Return: its index in @marks, or -1 if the run had not ended.
 */
static inline int ksw_tl_reclaim_end(const struct ksw_tl_ev *marks, unsigned int n,
				     const struct ksw_tl_ev *begin)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct ksw_tl_ev *m = &marks[i];

		if (m->ts < begin->ts || m->pid != begin->pid || m->a != begin->a)
			continue;
		if (m->type == KSW_TL_RECLAIM_BEGIN && m->ts == begin->ts)
			continue;	/* itself */
		if (m->type == KSW_TL_RECLAIM_END || m->type == KSW_TL_RECLAIM_BEGIN)
			return (int)i;
	}
	return -1;
}

#endif /* KSWAPWATCH_TIMELINE_LOGIC_H */
