// SPDX-License-Identifier: GPL-2.0
/*
 * kswapwatch: the stall watchdog.
 *
 * Each watched CPU runs a pinned hrtimer every watchdog_period_ms, in hard
 * interrupt context even on PREEMPT_RT, and has a canary: a per-CPU SCHED_FIFO
 * kthread that the timer wakes and that notes when it got to run.  A CPU is in
 * a gap while it shows no sign of being able to schedule; a gap longer than
 * stall_threshold_ms is a stall:
 *
 *   kind=irq     the timer itself could not fire for longer than the
 *                threshold: interrupts were off;
 *   kind=sched   the timer fired, but the canary could not run: preemption
 *                off, or the CPU held in kernel code;
 *   kind=reclaim a task spent longer than the threshold in direct reclaim
 *                (reported by the probes through ksw_watchdog_reclaim_*()).
 *
 * A gap starts at the last sign of life (the canary ran, or the timer found
 * the CPU idle or in user mode) and ends at the next one, so dur_us is an
 * upper bound, at most one period above the gap itself.  The timer keeps
 * firing during a sched gap, on top of the code that holds the CPU: that is
 * where the gap's task and backtrace are taken.  Gaps that overlap on several
 * CPUs are merged into one record (gaps.h).
 *
 * Timer context allocates nothing: records, the staging record of the gap
 * group and the counter snapshots are allocated or static before the timers
 * start.  One raw spinlock guards the ring and the group; it is taken only
 * when a gap ends or a record is read, never on a quiet tick.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/kallsyms.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/smpboot.h>
#include <linux/spinlock.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/vmstat.h>
#include <asm/irq_regs.h>
#include <asm/ptrace.h>

#include "kswapwatch.h"
#include "gaps.h"
#include "trace.h"

#define KSW_WD_RING		128	/* stall records kept */
#define KSW_WD_BT		12	/* backtrace entries kept per record */
#define KSW_WD_BT_RAW		32	/* entries taken before trimming the irq part */
#define KSW_WD_SNAPS		256	/* counter snapshots, one per period */
#define KSW_WD_RECLAIMERS	64	/* tasks in direct reclaim tracked at once */
/* The timer's own run time is measured on one tick in this many. */
#define KSW_WD_COST_EVERY	16
/* A group waits at most this long for CPUs that may still join it. */
#define KSW_WD_HOLD_MAX_NS	(2000ULL * NSEC_PER_MSEC)

#define KSW_WD_PERIOD_MIN	1
#define KSW_WD_PERIOD_MAX	1000
#define KSW_WD_THRESH_MAX	60000

#define KSW_WD_KINDS_ALL	(BIT(KSW_STALL_IRQ) | BIT(KSW_STALL_SCHED) | BIT(KSW_STALL_RECLAIM))

/* ------------------------------------------------------------------ */
/* Settings */

static unsigned int ksw_wd_period_ms = 10;
static unsigned int ksw_wd_thresh_ms = 50;
static unsigned int ksw_wd_kinds = KSW_WD_KINDS_ALL;
/* What the timer reads: nanoseconds, written with WRITE_ONCE. */
static u64 ksw_wd_period_ns = 10 * NSEC_PER_MSEC;
static u64 ksw_wd_thresh_ns = 50 * NSEC_PER_MSEC;

/*
 * Serialises starting, stopping and re-arming the timers against parameter
 * writes, which can come as soon as the module's sysfs directory exists,
 * before ksw_watchdog_init() has run.
 */
static DEFINE_MUTEX(ksw_wd_mutex);
static bool ksw_wd_running;		/* timers started; under ksw_wd_mutex */
static bool ksw_wd_on;			/* hooks may record; READ_ONCE */

/* ------------------------------------------------------------------ */
/* Per-CPU state */

struct ksw_wd_cpu {
	struct hrtimer timer;
	/* Last sign that this CPU could schedule: canary ran, idle, user mode. */
	u64 seen_ns;
	/* local_clock() at that moment, this CPU only. */
	u64 seen_lc;
	/* Last time this CPU's timer ran. */
	u64 fired_ns;
	bool canary_pending;
	bool active;			/* the timer runs on this CPU */

	/* The gap in progress; touched by this CPU's timer only. */
	bool in_gap;
	bool gap_bt;			/* backtrace taken inside the gap */
	u8 gap_kind;
	u8 bt_tries;
	u64 gap_seen;			/* seen_ns when it opened: over once it moves */
	u64 gap_start;
	u64 hold;			/* the timeline's hold on this CPU's ring */
	pid_t pid;
	char comm[TASK_COMM_LEN];
	unsigned int nr_bt;
	unsigned long bt[KSW_WD_BT];

	/* Cost accounting (local_clock() time in the timer, sampled), this CPU only. */
	u64 ticks;
	u64 timer_ns;
	u64 wakeups;
	u64 canary_runs;
};

static DEFINE_PER_CPU(struct ksw_wd_cpu, ksw_wd_pcpu);
static DEFINE_PER_CPU(struct task_struct *, ksw_wd_canary);

/* ------------------------------------------------------------------ */
/* Stall records */

/*
 * One record.  Behind the fixed part, ksw_wd_stride covers, as unsigned
 * longs: the CPU bitmap (nr_cpu_ids bits), two node bitmaps (nodes shown,
 * nodes whose kswapd was awake), then kswapd_failures and DMA-zone free
 * pages per node (nr_node_ids each).
 */
struct ksw_stall {
	u64 seq;
	u64 start_ns;
	u64 dur_ns;
	u8 kind;
	bool system;
	bool partial;			/* counter deltas miss the gap's start */
	s8 storm_zid;			/* scan storm since the start: zone, */
	int storm_nid;			/* node (NUMA_NO_NODE: none) */
	pid_t pid;
	char comm[TASK_COMM_LEN];
	u64 scanned;
	u64 reclaimed;
	u64 skipped;
	u64 direct;
	unsigned int nr_bt;
	unsigned long bt[KSW_WD_BT];
	unsigned long data[];
};

static size_t ksw_wd_stride;
static unsigned int ksw_wd_cpu_longs, ksw_wd_node_longs;

static inline unsigned long *ksw_rec_cpus(struct ksw_stall *r)
{
	return r->data;
}

static inline unsigned long *ksw_rec_nodes(struct ksw_stall *r)
{
	return r->data + ksw_wd_cpu_longs;
}

static inline unsigned long *ksw_rec_kswapd(struct ksw_stall *r)
{
	return r->data + ksw_wd_cpu_longs + ksw_wd_node_longs;
}

static inline unsigned long *ksw_rec_failures(struct ksw_stall *r)
{
	return r->data + ksw_wd_cpu_longs + 2 * ksw_wd_node_longs;
}

static inline unsigned long *ksw_rec_dma_free(struct ksw_stall *r)
{
	return ksw_rec_failures(r) + nr_node_ids;
}

/* Guards the ring, the group and its staging record. */
static DEFINE_RAW_SPINLOCK(ksw_wd_lock);
static struct ksw_ring ksw_wd_ring;
static void *ksw_wd_recs;		/* KSW_WD_RING records of ksw_wd_stride */
static struct ksw_stall *ksw_wd_staged;	/* the open group's record */
static struct ksw_gap_group ksw_wd_group;
static bool ksw_wd_group_pending;	/* group open; READ_ONCE outside the lock */

static inline struct ksw_stall *ksw_wd_rec(u64 nr)
{
	return ksw_wd_recs + (size_t)ksw_ring_slot(&ksw_wd_ring, nr) * ksw_wd_stride;
}

/* ------------------------------------------------------------------ */
/* Reclaim counters and their snapshots */

struct ksw_wd_counts {
	u64 scanned;
	u64 reclaimed;
	u64 skipped;
	u64 direct_begun;
	u64 direct_ended;
};

/*
 * Deltas over a gap need the counters as they were when it began, which is
 * known only afterwards.  So once per period, the first CPU whose timer finds
 * a snapshot due takes one (a sum over CPUs, done by one CPU per period, not
 * by all); a record looks up the last one taken before its start.
 */
struct ksw_wd_snap {
	seqcount_t seq;
	u64 ts;
	struct ksw_wd_counts c;
};

static struct ksw_wd_snap ksw_wd_snaps[KSW_WD_SNAPS];
static atomic64_t ksw_wd_snap_due;
static atomic_long_t ksw_wd_snap_taken;

static atomic_long_t ksw_wd_direct_begun;
static atomic_long_t ksw_wd_direct_ended;

/*
 * Which enum the reclaim counters belong to is a feature test's answer: a
 * wrong one must not compile, so here too an enumerator of the other enum
 * is an error rather than a silently wrong index.
 */
__diag_push();
__diag_error(GCC, 8, "-Wenum-conversion", "reclaim counters of the wrong enum");

#ifdef CONFIG_VM_EVENT_COUNTERS
static inline u64 ksw_wd_event(unsigned int cpu, enum vm_event_item item)
{
	/* A racy read of another CPU's counter: fine for deltas. */
	return READ_ONCE(per_cpu(vm_event_states, cpu).event[item]);
}
#endif

#ifdef HAVE_NODE_STAT_PGSCAN
static inline u64 ksw_wd_node_stat(enum node_stat_item item)
{
	return global_node_page_state(item);
}
#endif

static void ksw_wd_read_counts(struct ksw_wd_counts *c)
{
	unsigned int cpu __maybe_unused, zid __maybe_unused;

	memset(c, 0, sizeof(*c));
#ifdef CONFIG_VM_EVENT_COUNTERS
	for_each_online_cpu(cpu) {
#ifndef HAVE_NODE_STAT_PGSCAN
		c->scanned += ksw_wd_event(cpu, PGSCAN_KSWAPD) +
			      ksw_wd_event(cpu, PGSCAN_DIRECT);
		c->reclaimed += ksw_wd_event(cpu, PGSTEAL_KSWAPD) +
				ksw_wd_event(cpu, PGSTEAL_DIRECT);
#endif
		/* Indexed as __count_zid_vm_events() does. */
		for (zid = 0; zid < MAX_NR_ZONES; zid++)
			c->skipped += ksw_wd_event(cpu, PGSCAN_SKIP_NORMAL - ZONE_NORMAL + zid);
	}
#endif
#ifdef HAVE_NODE_STAT_PGSCAN
	/* Global node counters: folded per-CPU deltas, off by a batch at most. */
	c->scanned = ksw_wd_node_stat(PGSCAN_KSWAPD) + ksw_wd_node_stat(PGSCAN_DIRECT);
	c->reclaimed = ksw_wd_node_stat(PGSTEAL_KSWAPD) + ksw_wd_node_stat(PGSTEAL_DIRECT);
#endif
	c->direct_begun = atomic_long_read(&ksw_wd_direct_begun);
	c->direct_ended = atomic_long_read(&ksw_wd_direct_ended);
}

__diag_pop();

/* Timer context: take a snapshot if one is due and no other CPU took it. */
static void ksw_wd_snapshot_tick(u64 now)
{
	s64 due = atomic64_read(&ksw_wd_snap_due);
	struct ksw_wd_snap *s;
	long nr;

	if ((s64)(now - due) < 0)
		return;
	if (atomic64_cmpxchg(&ksw_wd_snap_due, due, now + READ_ONCE(ksw_wd_period_ns)) != due)
		return;
	nr = atomic_long_inc_return(&ksw_wd_snap_taken) - 1;
	s = &ksw_wd_snaps[nr % KSW_WD_SNAPS];
	/* Interrupts are off: no reader on this CPU can be inside. */
	raw_write_seqcount_begin(&s->seq);
	s->ts = now;
	ksw_wd_read_counts(&s->c);
	raw_write_seqcount_end(&s->seq);
}

static void ksw_wd_snap_read(long nr, u64 *ts, struct ksw_wd_counts *c)
{
	const struct ksw_wd_snap *s = &ksw_wd_snaps[nr % KSW_WD_SNAPS];
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&s->seq);
		*ts = s->ts;
		*c = s->c;
	} while (read_seqcount_retry(&s->seq, seq));
}

static u64 ksw_wd_delta(u64 end, u64 start)
{
	/* Counters summed over online CPUs can step back on CPU hotplug. */
	return end > start ? end - start : 0;
}

/* Counter deltas over [@start, @end], into @r. */
static void ksw_wd_attribute_counts(struct ksw_stall *r, u64 start, u64 end)
{
	long taken = atomic_long_read(&ksw_wd_snap_taken);
	struct ksw_wd_counts a, b, c;
	bool have_a = false, have_b = false;
	long nr, oldest = taken > KSW_WD_SNAPS ? taken - KSW_WD_SNAPS : 0;
	u64 ts;

	/*
	 * Newest first: b ends up the earliest snapshot at or after @end, a
	 * the newest at or before @start.  The slot being written may be
	 * skipped (ts out of order); that only widens the window a little.
	 */
	for (nr = taken - 1; nr >= oldest; nr--) {
		ksw_wd_snap_read(nr, &ts, &c);
		if (ts >= end) {
			b = c;
			have_b = true;
		} else if (ts <= start) {
			a = c;
			have_a = true;
			break;
		}
		/* Keep the oldest in case none is old enough. */
		if (nr == oldest && !have_a && ts < end) {
			a = c;
			have_a = true;
			r->partial = true;
		}
	}
	if (!have_b)
		ksw_wd_read_counts(&b);
	if (!have_a) {
		r->partial = true;
		r->scanned = 0;
		r->reclaimed = 0;
		r->skipped = 0;
		r->direct = 0;
		return;
	}
	r->scanned = ksw_wd_delta(b.scanned, a.scanned);
	r->reclaimed = ksw_wd_delta(b.reclaimed, a.reclaimed);
	r->skipped = ksw_wd_delta(b.skipped, a.skipped);
	/* In flight at the start, plus those that began during the gap. */
	r->direct = ksw_wd_delta(b.direct_begun, a.direct_ended);
}

/* ------------------------------------------------------------------ */
/* kswapd and direct reclaim, as the probes report them */

/* Indexed by node id; static so that the probes may call at any time. */
static struct {
	u64 wake_ns;
	u64 sleep_ns;
} ksw_wd_kswapd[MAX_NUMNODES];

/**
 * ksw_watchdog_kswapd_wake() - kswapd of a node starts a reclaim run
 * @nid: the node
 *
 * Called by the mm_vmscan_kswapd_wake probe.  Any context, any time.
 */
void ksw_watchdog_kswapd_wake(int nid)
{
	if ((unsigned int)nid < MAX_NUMNODES)
		WRITE_ONCE(ksw_wd_kswapd[nid].wake_ns, ktime_get_ns());
}

/**
 * ksw_watchdog_kswapd_sleep() - kswapd of a node goes back to sleep
 * @nid: the node
 *
 * Called by the mm_vmscan_kswapd_sleep probe.  Any context, any time.
 */
void ksw_watchdog_kswapd_sleep(int nid)
{
	if ((unsigned int)nid < MAX_NUMNODES)
		WRITE_ONCE(ksw_wd_kswapd[nid].sleep_ns, ktime_get_ns());
}

/*
 * Was kswapd of @nid awake at some time in [@start, @end]?  From its latest
 * wake and sleep: a run that began and ended inside the gap and was followed
 * by another after the gap is still seen through its sleep time.
 */
static bool ksw_wd_kswapd_ran(int nid, u64 start, u64 end)
{
	u64 wake = READ_ONCE(ksw_wd_kswapd[nid].wake_ns);
	u64 sleep = READ_ONCE(ksw_wd_kswapd[nid].sleep_ns);

	if (wake && wake <= end && (wake > sleep || sleep >= start))
		return true;
	return sleep && sleep >= start && sleep <= end;
}

/*
 * A task in reclaim.  The owner is matched by task pointer only, never
 * dereferenced by anyone else; what others read was copied at the start.
 * Soft-limit reclaim nests inside direct reclaim: depth counts the levels,
 * and the outermost one is timed.
 */
struct ksw_wd_reclaimer {
	struct task_struct *task;
	unsigned int depth;		/* owner only */
	u64 start_ns;			/* 0 while the slot is being filled */
	pid_t pid;
	int cpu;
	char comm[TASK_COMM_LEN];
};

static struct ksw_wd_reclaimer ksw_wd_reclaimers[KSW_WD_RECLAIMERS];
static atomic_long_t ksw_wd_reclaim_untracked;
static atomic_long_t ksw_wd_reclaim_nested;

static void ksw_wd_record_reclaim(const struct ksw_wd_reclaimer *rc, u64 end);

static struct ksw_wd_reclaimer *ksw_wd_reclaimer_find(void)
{
	unsigned int i;

	for (i = 0; i < KSW_WD_RECLAIMERS; i++)
		if (READ_ONCE(ksw_wd_reclaimers[i].task) == current)
			return &ksw_wd_reclaimers[i];
	return NULL;
}

/**
 * ksw_watchdog_reclaim_begin() - the current task enters reclaim
 *
 * Called by the probes when a task other than kswapd begins direct, memcg
 * or node reclaim, in that task.  Any time: does nothing while the watchdog
 * is stopped.
 */
void ksw_watchdog_reclaim_begin(void)
{
	struct ksw_wd_reclaimer *rc;
	unsigned int i;

	if (!READ_ONCE(ksw_wd_on))
		return;
	rc = ksw_wd_reclaimer_find();
	if (rc) {
		rc->depth++;
		atomic_long_inc(&ksw_wd_reclaim_nested);
		return;
	}
	for (i = 0; i < KSW_WD_RECLAIMERS; i++) {
		rc = &ksw_wd_reclaimers[i];
		if (READ_ONCE(rc->task) || cmpxchg(&rc->task, NULL, current))
			continue;
		atomic_long_inc(&ksw_wd_direct_begun);
		rc->depth = 1;
		rc->pid = current->pid;
		rc->cpu = raw_smp_processor_id();
		memcpy(rc->comm, current->comm, TASK_COMM_LEN);
		smp_store_release(&rc->start_ns, ktime_get_ns());
		return;
	}
	atomic_long_inc(&ksw_wd_reclaim_untracked);
}

/**
 * ksw_watchdog_reclaim_end() - the current task leaves reclaim
 *
 * Called by the probes, in the task, where the reclaim that
 * ksw_watchdog_reclaim_begin() saw begin ends.  Writes a kind=reclaim
 * record, backtrace included, if the task spent longer than the threshold
 * in reclaim.
 */
void ksw_watchdog_reclaim_end(void)
{
	struct ksw_wd_reclaimer *rc = ksw_wd_reclaimer_find(), copy;
	u64 now;

	if (!rc || --rc->depth)
		return;
	atomic_long_inc(&ksw_wd_direct_ended);
	now = ktime_get_ns();
	copy = *rc;
	WRITE_ONCE(rc->start_ns, 0);
	smp_store_release(&rc->task, NULL);
	if (copy.start_ns && now - copy.start_ns > READ_ONCE(ksw_wd_thresh_ns) &&
	    (READ_ONCE(ksw_wd_kinds) & BIT(KSW_STALL_RECLAIM)) && READ_ONCE(ksw_wd_on))
		ksw_wd_record_reclaim(&copy, now);
}

/* ------------------------------------------------------------------ */
/* Filling and writing records; ksw_wd_lock held, interrupts off */

static void ksw_wd_attribute(struct ksw_stall *r, u64 start, u64 end)
{
	unsigned long *nodes = ksw_rec_nodes(r), *kswapd = ksw_rec_kswapd(r);
	unsigned long *failures = ksw_rec_failures(r), *dma = ksw_rec_dma_free(r);
	int nid, zid;

	ksw_wd_attribute_counts(r, start, end);

	/* A reclaim scan storm (zones.c) from the gap's start on. */
	r->storm_nid = NUMA_NO_NODE;
	r->storm_zid = -1;
	if (ksw_zones_storm_since(start, &nid, &zid)) {
		r->storm_nid = nid;
		r->storm_zid = zid;
	}

	bitmap_zero(nodes, nr_node_ids);
	bitmap_zero(kswapd, nr_node_ids);
	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		if (nid >= nr_node_ids || !pgdat)
			continue;
		__set_bit(nid, nodes);
		if (ksw_wd_kswapd_ran(nid, start, end))
			__set_bit(nid, kswapd);
		failures[nid] = ksw_kswapd_failures(pgdat);
		dma[nid] = ULONG_MAX;
#ifdef CONFIG_ZONE_DMA
		if (populated_zone(&pgdat->node_zones[ZONE_DMA]))
			dma[nid] = zone_page_state(&pgdat->node_zones[ZONE_DMA], NR_FREE_PAGES);
#endif
	}
}

/* A record enters the ring: the kswapwatch:stall event says so too. */
static void ksw_wd_trace(const struct ksw_stall *r)
{
	trace_stall(r->seq, r->start_ns, r->dur_ns, ksw_stall_kind_name(r->kind),
		    r->data, r->pid, r->comm, r->scanned, r->reclaimed);
	/* The timeline freezes the record's window later, in a work item. */
	ksw_timeline_stall_recorded();
}

/* Copy @r into the ring, overwriting the oldest record if full. */
static void ksw_wd_commit(struct ksw_stall *r)
{
	u64 nr = ksw_ring_push(&ksw_wd_ring);
	struct ksw_stall *slot = ksw_wd_rec(nr);

	memcpy(slot, r, ksw_wd_stride);
	slot->seq = nr + 1;
	ksw_wd_trace(slot);
}

/* Write the open group as one record and close it. */
static void ksw_wd_flush_locked(void)
{
	struct ksw_gap_group *g = &ksw_wd_group;
	struct ksw_stall *r = ksw_wd_staged;
	unsigned int weight = bitmap_weight(ksw_rec_cpus(r), nr_cpu_ids);

	r->start_ns = g->start_ns;
	r->dur_ns = g->end_ns - g->start_ns;
	r->kind = g->kind;
	r->system = weight >= num_online_cpus();
	ksw_wd_attribute(r, g->start_ns, g->end_ns);
	ksw_wd_commit(r);

	memset(r, 0, ksw_wd_stride);
	ksw_gap_group_reset(g);
	WRITE_ONCE(ksw_wd_group_pending, false);
}

/*
 * The start of @c's gap if one is open, else U64_MAX.  A CPU's canary may
 * have run already while its gap has not been handed to the group yet (that
 * happens at its next tick): the open gap still counts.
 */
static u64 ksw_wd_open_start(struct ksw_wd_cpu *c)
{
	/* Pairs with the release in ksw_wd_gap_open(). */
	return smp_load_acquire(&c->in_gap) ? READ_ONCE(c->gap_start) : U64_MAX;
}

/*
 * Write the group if it is complete: settled, and no other watched CPU may
 * still bring an overlapping gap (or it has waited long enough).
 */
static void ksw_wd_try_flush_locked(u64 now)
{
	struct ksw_gap_group *g = &ksw_wd_group;
	u64 period = READ_ONCE(ksw_wd_period_ns);
	unsigned int cpu;

	if (!g->open)
		return;
	if (!ksw_gap_group_overdue(g, now, KSW_WD_HOLD_MAX_NS)) {
		if (!ksw_gap_group_settled(g, now, 2 * period))
			return;
		for_each_online_cpu(cpu) {
			struct ksw_wd_cpu *c = per_cpu_ptr(&ksw_wd_pcpu, cpu);

			if (!READ_ONCE(c->active))
				continue;
			if (ksw_gap_cpu_pending(g, READ_ONCE(c->seen_ns), now, 2 * period) ||
			    ksw_gap_cpu_open_overlaps(g, ksw_wd_open_start(c)))
				return;
		}
	}
	ksw_wd_flush_locked();
}

/* A kind=reclaim record, written at once: reclaim gaps are not merged. */
static void ksw_wd_record_reclaim(const struct ksw_wd_reclaimer *rc, u64 end)
{
	unsigned long entries[KSW_WD_BT_RAW];
	unsigned int n, from = 0, nr_bt, cpu = raw_smp_processor_id();
	struct ksw_stall *r;
	unsigned long flags;
	u64 nr;

	/*
	 * Taken in the task, still inside reclaim: its allocation path.  Our
	 * own frames (this function, the hook, the probe) are left out.
	 */
	n = stack_trace_save(entries, ARRAY_SIZE(entries), 0);
	while (from < n && within_module(entries[from], THIS_MODULE))
		from++;
	nr_bt = min_t(unsigned int, n - from, KSW_WD_BT);

	/* Released when the timeline has frozen the window. */
	ksw_timeline_hold(rc->cpu, rc->start_ns, end);
	if (cpu != (unsigned int)rc->cpu)
		ksw_timeline_hold(cpu, rc->start_ns, end);

	raw_spin_lock_irqsave(&ksw_wd_lock, flags);
	if (!ksw_wd_recs)
		goto out;
	nr = ksw_ring_push(&ksw_wd_ring);
	r = ksw_wd_rec(nr);
	memset(r, 0, ksw_wd_stride);
	r->seq = nr + 1;
	r->start_ns = rc->start_ns;
	r->dur_ns = end - rc->start_ns;
	r->kind = KSW_STALL_RECLAIM;
	r->pid = rc->pid;
	memcpy(r->comm, rc->comm, TASK_COMM_LEN);
	if ((unsigned int)rc->cpu < nr_cpu_ids)
		__set_bit(rc->cpu, ksw_rec_cpus(r));
	if (cpu < nr_cpu_ids)
		__set_bit(cpu, ksw_rec_cpus(r));
	r->nr_bt = nr_bt;
	memcpy(r->bt, entries + from, nr_bt * sizeof(entries[0]));
	ksw_wd_attribute(r, rc->start_ns, end);
	ksw_wd_trace(r);
out:
	raw_spin_unlock_irqrestore(&ksw_wd_lock, flags);
}

/* ------------------------------------------------------------------ */
/* The timer */

/*
 * Could the interrupted context have scheduled at once?  Yes in user mode
 * (preemption is checked on the way back) and in the idle loop, unless the
 * interrupt came on top of a softirq or another interrupt handler.
 */
static bool ksw_wd_could_schedule(void)
{
	struct pt_regs *regs = get_irq_regs();

	if (softirq_count() || hardirq_count() > HARDIRQ_OFFSET)
		return false;
	if (regs && user_mode(regs))
		return true;
	return is_idle_task(current);
}

/*
 * Note the backtrace of the code this timer interrupted: on a CPU in a gap,
 * the code that holds it.  stack_trace_save() from here walks through the
 * interrupt frame into the interrupted stack; the entries up to the
 * interrupted instruction are this interrupt's own and are dropped.
 */
static void ksw_wd_capture_bt(struct ksw_wd_cpu *c)
{
	unsigned long raw[KSW_WD_BT_RAW];
	struct pt_regs *regs = get_irq_regs();
	unsigned int n, i, from = 0;

	n = stack_trace_save(raw, ARRAY_SIZE(raw), 0);
	if (regs && !user_mode(regs)) {
		for (i = 0; i < n; i++) {
			if (raw[i] == instruction_pointer(regs)) {
				from = i;
				break;
			}
		}
	}
	/* Interrupted in user mode: only this interrupt's frames, worthless. */
	if (regs && user_mode(regs))
		n = 0;
	c->nr_bt = min_t(unsigned int, n - from, KSW_WD_BT);
	memcpy(c->bt, raw + from, c->nr_bt * sizeof(raw[0]));
	c->gap_bt = c->nr_bt > 0;
}

/* A backtrace this short means the unwinder gave up: try again next tick. */
#define KSW_WD_BT_SHORT		3
#define KSW_WD_BT_TRIES		4

/*
 * When did the interrupted task last get this CPU, in CLOCK_MONOTONIC, if
 * that was after the last sign of life @seen (else 0)?  A task switch is a
 * sign of life too: a gap that holds the CPU in the task just switched in
 * began no earlier than that switch, often well after the last tick.
 *
 * The switch time is in local_clock() terms.  It is placed relative to
 * @seen through the local_clock() reading taken with it, not through one
 * taken now: where sched_clock is unstable (it is under TCG), local_clock()
 * does not advance more than a tick while interrupts are off, and would be
 * behind after an irq gap.
 */
static u64 ksw_wd_switched_in(const struct ksw_wd_cpu *c, u64 seen, u64 now)
{
#ifdef CONFIG_SCHED_INFO
	u64 arrival = READ_ONCE(current->sched_info.last_arrival);

	if (!is_idle_task(current) && arrival > c->seen_lc &&
	    arrival - c->seen_lc < now - seen)
		return seen + (arrival - c->seen_lc);
#endif
	return 0;
}

/*
 * Is another watched CPU silent for longer than the threshold since before
 * the open group ended?  Its gap, not over yet, overlaps the group and
 * whatever gap closes now: all are one stall.
 */
static bool ksw_wd_bridged_locked(unsigned int self, u64 now)
{
	u64 thresh = READ_ONCE(ksw_wd_thresh_ns), start;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct ksw_wd_cpu *c = per_cpu_ptr(&ksw_wd_pcpu, cpu);

		if (cpu == self || !READ_ONCE(c->active))
			continue;
		if (ksw_gap_cpu_pending(&ksw_wd_group, READ_ONCE(c->seen_ns), now, thresh))
			return true;
		start = ksw_wd_open_start(c);
		if (ksw_gap_cpu_open_overlaps(&ksw_wd_group, start) && now - start > thresh)
			return true;
	}
	return false;
}

/* This CPU's gap is over at @end: hand it to the group. */
static void ksw_wd_gap_close(struct ksw_wd_cpu *c, unsigned int cpu, u64 end, u64 now)
{
	struct ksw_stall *r;
	bool primary;

	if (end <= c->gap_start || end - c->gap_start <= READ_ONCE(ksw_wd_thresh_ns) ||
	    !(READ_ONCE(ksw_wd_kinds) & BIT(c->gap_kind))) {
		WRITE_ONCE(c->in_gap, false);
		ksw_timeline_unhold(cpu, c->hold);
		return;
	}
	/* The group may wait this long before it is written. */
	ksw_timeline_hold_extend(cpu, now + KSW_WD_HOLD_MAX_NS);

	raw_spin_lock(&ksw_wd_lock);
	/* Under the lock: a flush sees the gap either open or in the group. */
	WRITE_ONCE(c->in_gap, false);
	r = ksw_wd_staged;
	if (!r)
		goto out;
	if (ksw_wd_group.open && !ksw_gap_overlaps(&ksw_wd_group, c->gap_start, end) &&
	    !ksw_wd_bridged_locked(cpu, now))
		ksw_wd_flush_locked();
	primary = ksw_gap_group_add(&ksw_wd_group, cpu, c->gap_start, end,
				    c->gap_kind, c->gap_bt, now);
	__set_bit(cpu, ksw_rec_cpus(r));
	if (primary) {
		r->pid = c->pid;
		memcpy(r->comm, c->comm, TASK_COMM_LEN);
		r->nr_bt = c->nr_bt;
		memcpy(r->bt, c->bt, sizeof(r->bt));
	}
	WRITE_ONCE(ksw_wd_group_pending, true);
out:
	raw_spin_unlock(&ksw_wd_lock);
}

/*
 * No sign of life for longer than the threshold less a period: a gap opens.
 * A period early, because the tick after the threshold may come only once
 * the gap is over; the last tick that can see it is this one.  Whether it
 * is recorded is decided by its length once it is over.
 */
static void ksw_wd_gap_open(struct ksw_wd_cpu *c, u64 seen, u64 now, u64 early, bool late)
{
	u64 start = max(seen, ksw_wd_switched_in(c, seen, now));

	if (now - start <= early)
		return;
	c->gap_seen = seen;
	c->gap_start = start;
	c->gap_kind = late ? KSW_STALL_IRQ : KSW_STALL_SCHED;
	c->pid = current->pid;
	memcpy(c->comm, current->comm, TASK_COMM_LEN);
	c->bt_tries = 1;
	/* From now on the timeline keeps this CPU's window from its ring. */
	c->hold = ksw_timeline_hold(raw_smp_processor_id(), start, now);
	ksw_wd_capture_bt(c);
	/* Other CPUs read gap_start once they see in_gap. */
	smp_store_release(&c->in_gap, true);
}

static enum hrtimer_restart ksw_wd_timer_fn(struct hrtimer *timer)
{
	struct ksw_wd_cpu *c = this_cpu_ptr(&ksw_wd_pcpu);
	unsigned int cpu = smp_processor_id();
	/* The cost is sampled on one tick in KSW_WD_COST_EVERY: clock reads cost too. */
	bool sample = !(c->ticks % KSW_WD_COST_EVERY);
	u64 t0 = sample ? local_clock() : 0;
	u64 now = ktime_get_ns();
	u64 seen = READ_ONCE(c->seen_ns);
	u64 thresh = READ_ONCE(ksw_wd_thresh_ns);
	u64 period = READ_ONCE(ksw_wd_period_ns);
	bool could = ksw_wd_could_schedule();
	bool late = now - c->fired_ns > thresh;

	WRITE_ONCE(c->fired_ns, now);

	if (c->in_gap) {
		if (seen != c->gap_seen) {
			/* The canary ran: the gap ended when it did. */
			ksw_wd_gap_close(c, cpu, seen, now);
		} else if (could) {
			ksw_wd_gap_close(c, cpu, now, now);
		} else {
			/* Interrupts went off in the middle of a sched gap. */
			if (late)
				c->gap_kind = KSW_STALL_IRQ;
			ksw_timeline_hold_extend(cpu, now);
			if (c->nr_bt < KSW_WD_BT_SHORT && c->bt_tries++ < KSW_WD_BT_TRIES)
				ksw_wd_capture_bt(c);
		}
	} else if (now - seen > thresh - period) {
		ksw_wd_gap_open(c, seen, now, thresh - period, late);
		/* Back in user mode or idle right after an irq gap: over now. */
		if (c->in_gap && could)
			ksw_wd_gap_close(c, cpu, now, now);
	}

	/*
	 * The canary is woken only when the interrupted code could not have
	 * scheduled right away: on an idle or user-mode CPU the tick itself
	 * is the sign of life, and the canary's two context switches are
	 * saved.
	 */
	if (could) {
		WRITE_ONCE(c->seen_ns, now);
		c->seen_lc = local_clock();
	} else if (!READ_ONCE(c->canary_pending)) {
		struct task_struct *canary = __this_cpu_read(ksw_wd_canary);

		if (canary) {
			WRITE_ONCE(c->canary_pending, true);
			wake_up_process(canary);
			c->wakeups++;
		}
	}

	ksw_wd_snapshot_tick(now);
	if (READ_ONCE(ksw_wd_group_pending)) {
		raw_spin_lock(&ksw_wd_lock);
		ksw_wd_try_flush_locked(now);
		raw_spin_unlock(&ksw_wd_lock);
	}

	/* From our own reading of the clock: hrtimer_forward_now() reads it again. */
	hrtimer_forward(timer, ns_to_ktime(now), ns_to_ktime(period));
	c->ticks++;
	if (sample)
		c->timer_ns += (local_clock() - t0) * KSW_WD_COST_EVERY;
	return HRTIMER_RESTART;
}

/* ------------------------------------------------------------------ */
/* The canary */

/*
 * Why a SCHED_FIFO kthread per CPU (smpboot) as the canary: it needs the
 * scheduler and nothing else, so its running shows exactly that the CPU can
 * switch tasks.  A workqueue item runs in a SCHED_NORMAL worker that a busy
 * CPU may delay without any stall (false gaps); the stopper
 * (stop_one_cpu_nowait(), as the soft lockup detector uses) is not exported
 * to modules and preempts even the highest real-time task every period.
 * smpboot parks and unparks the thread with its CPU, before our hotplug
 * callbacks start and after they stop the timer.
 */
static int ksw_wd_canary_should_run(unsigned int cpu)
{
	return READ_ONCE(per_cpu_ptr(&ksw_wd_pcpu, cpu)->canary_pending);
}

static void ksw_wd_canary_fn(unsigned int cpu)
{
	struct ksw_wd_cpu *c = per_cpu_ptr(&ksw_wd_pcpu, cpu);
	unsigned long flags;

	/* The timer, on this CPU, must see the two clocks' readings as a pair. */
	local_irq_save(flags);
	WRITE_ONCE(c->seen_ns, ktime_get_ns());
	c->seen_lc = local_clock();
	WRITE_ONCE(c->canary_pending, false);
	local_irq_restore(flags);
	c->canary_runs++;
}

static void ksw_wd_canary_setup(unsigned int cpu)
{
	sched_set_fifo(current);
}

/*
 * Park the canaries of the online CPUs (those of offline CPUs are parked
 * already) before smpboot_unregister_percpu_thread() stops them.  Kernels
 * whose kthread_unpark() rebinds a per-CPU thread that is not parked (fixed
 * upstream in 2024; Debian 11's 5.10 has it) WARN in kthread_stop() for
 * every canary left running.  A CPU that comes or goes between this and the
 * unregistering can still draw that warning (or smpboot's on parking a
 * parked thread): unloading during CPU hotplug on such a kernel.
 */
static void ksw_wd_canaries_park(void)
{
	unsigned int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct task_struct *t = per_cpu(ksw_wd_canary, cpu);

		if (t)
			kthread_park(t);
	}
	cpus_read_unlock();
}

static struct smp_hotplug_thread ksw_wd_canary_thread = {
	.store			= &ksw_wd_canary,
	.thread_should_run	= ksw_wd_canary_should_run,
	.thread_fn		= ksw_wd_canary_fn,
	.setup			= ksw_wd_canary_setup,
	.thread_comm		= "kswapwatch/%u",
};

/* ------------------------------------------------------------------ */
/* CPU hotplug: the timer follows its CPU */

static enum cpuhp_state ksw_wd_hp_state;

/* Runs on @cpu itself (an AP state), so the pinned timer lands there. */
static int ksw_wd_cpu_online(unsigned int cpu)
{
	struct ksw_wd_cpu *c = per_cpu_ptr(&ksw_wd_pcpu, cpu);
	u64 now = ktime_get_ns();

	WARN_ON_ONCE(cpu != raw_smp_processor_id());
	WRITE_ONCE(c->in_gap, false);
	c->canary_pending = false;
	WRITE_ONCE(c->seen_ns, now);
	c->seen_lc = local_clock();
	WRITE_ONCE(c->fired_ns, now);
	ksw_hrtimer_setup(&c->timer, ksw_wd_timer_fn, CLOCK_MONOTONIC,
			  HRTIMER_MODE_REL_PINNED_HARD);
	hrtimer_start(&c->timer, ns_to_ktime(READ_ONCE(ksw_wd_period_ns)),
		      HRTIMER_MODE_REL_PINNED_HARD);
	WRITE_ONCE(c->active, true);
	return 0;
}

static int ksw_wd_cpu_offline(unsigned int cpu)
{
	struct ksw_wd_cpu *c = per_cpu_ptr(&ksw_wd_pcpu, cpu);

	/* Inactive first: group flushes stop waiting for this CPU. */
	WRITE_ONCE(c->active, false);
	hrtimer_cancel(&c->timer);
	WRITE_ONCE(c->in_gap, false);
	return 0;
}

/* On each CPU, by IPI: restart the timer with the new period. */
static void ksw_wd_rearm(void *unused)
{
	struct ksw_wd_cpu *c = this_cpu_ptr(&ksw_wd_pcpu);

	if (!c->active)
		return;
	/* A timer moved by a new period is not a late timer. */
	c->fired_ns = ktime_get_ns();
	hrtimer_start(&c->timer, ns_to_ktime(READ_ONCE(ksw_wd_period_ns)),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

/* ------------------------------------------------------------------ */
/* Module parameters */

/* A gap is seen at timer ticks: the threshold must span at least two. */
static bool ksw_wd_valid(unsigned int period_ms, unsigned int thresh_ms)
{
	return thresh_ms >= 2 * period_ms;
}

static int ksw_wd_period_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v, cpu;
	int ret;

	ret = kstrtouint(val, 10, &v);
	if (ret || v < KSW_WD_PERIOD_MIN || v > KSW_WD_PERIOD_MAX)
		return -EINVAL;
	mutex_lock(&ksw_wd_mutex);
	if (ksw_wd_running && !ksw_wd_valid(v, ksw_wd_thresh_ms)) {
		mutex_unlock(&ksw_wd_mutex);
		return -EINVAL;
	}
	ksw_wd_period_ms = v;
	WRITE_ONCE(ksw_wd_period_ns, (u64)v * NSEC_PER_MSEC);
	if (ksw_wd_running) {
		cpus_read_lock();
		for_each_online_cpu(cpu)
			smp_call_function_single(cpu, ksw_wd_rearm, NULL, 1);
		cpus_read_unlock();
	}
	mutex_unlock(&ksw_wd_mutex);
	return 0;
}

static int ksw_wd_thresh_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 10, &v);
	if (ret || v < 2 * KSW_WD_PERIOD_MIN || v > KSW_WD_THRESH_MAX)
		return -EINVAL;
	mutex_lock(&ksw_wd_mutex);
	if (ksw_wd_running && !ksw_wd_valid(ksw_wd_period_ms, v)) {
		mutex_unlock(&ksw_wd_mutex);
		return -EINVAL;
	}
	ksw_wd_thresh_ms = v;
	WRITE_ONCE(ksw_wd_thresh_ns, (u64)v * NSEC_PER_MSEC);
	mutex_unlock(&ksw_wd_mutex);
	return 0;
}

/* "irq,sched,reclaim" in any order and combination, "all" or "none". */
static int ksw_wd_kinds_parse(const char *val, unsigned int *kinds)
{
	char buf[64], *p, *tok;
	unsigned int k = 0;
	int i;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		return -EINVAL;
	p = strim(buf);
	if (!strcmp(p, "all")) {
		*kinds = KSW_WD_KINDS_ALL;
		return 0;
	}
	if (!strcmp(p, "none")) {
		*kinds = 0;
		return 0;
	}
	while ((tok = strsep(&p, ",")) != NULL) {
		for (i = 0; i < KSW_STALL_NR; i++)
			if (!strcmp(tok, ksw_stall_kind_name(i)))
				break;
		if (i == KSW_STALL_NR)
			return -EINVAL;
		k |= BIT(i);
	}
	*kinds = k;
	return 0;
}

static int ksw_wd_kinds_set(const char *val, const struct kernel_param *kp)
{
	unsigned int k;

	if (ksw_wd_kinds_parse(val, &k))
		return -EINVAL;
	WRITE_ONCE(ksw_wd_kinds, k);
	return 0;
}

static int ksw_wd_kinds_print(char *buf, size_t size, unsigned int kinds)
{
	int i, n = 0;

	for (i = KSW_STALL_NR - 1; i >= 0; i--)
		if (kinds & BIT(i))
			n += scnprintf(buf + n, size - n, "%s%s", n ? "," : "",
				       ksw_stall_kind_name(i));
	if (!n)
		n = scnprintf(buf, size, "none");
	return n;
}

static int ksw_wd_kinds_get(char *buffer, const struct kernel_param *kp)
{
	int n = ksw_wd_kinds_print(buffer, PAGE_SIZE, READ_ONCE(ksw_wd_kinds));

	return n + scnprintf(buffer + n, PAGE_SIZE - n, "\n");
}

static const struct kernel_param_ops ksw_wd_period_ops = {
	.set = ksw_wd_period_set,
	.get = param_get_uint,
};

static const struct kernel_param_ops ksw_wd_thresh_ops = {
	.set = ksw_wd_thresh_set,
	.get = param_get_uint,
};

static const struct kernel_param_ops ksw_wd_kinds_ops = {
	.set = ksw_wd_kinds_set,
	.get = ksw_wd_kinds_get,
};

module_param_cb(watchdog_period_ms, &ksw_wd_period_ops, &ksw_wd_period_ms, 0644);
MODULE_PARM_DESC(watchdog_period_ms,
		 "Stall watchdog timer period, ms (1-1000, at most half of stall_threshold_ms; default 10)");
module_param_cb(stall_threshold_ms, &ksw_wd_thresh_ops, &ksw_wd_thresh_ms, 0644);
MODULE_PARM_DESC(stall_threshold_ms,
		 "Gaps longer than this are recorded, ms (at least 2 periods, up to 60000; default 50)");
module_param_cb(watchdog_kinds, &ksw_wd_kinds_ops, NULL, 0644);
MODULE_PARM_DESC(watchdog_kinds,
		 "Stall kinds recorded: comma list of irq,sched,reclaim, or all, or none (default all)");

/* ------------------------------------------------------------------ */
/* debugfs */

static void ksw_wd_show_bt(struct seq_file *m, const struct ksw_stall *r)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned int i;
	char *p;

	if (!r->nr_bt) {
		seq_puts(m, "-");
		return;
	}
	for (i = 0; i < r->nr_bt; i++) {
		snprintf(sym, sizeof(sym), "%pS", (void *)r->bt[i]);
		/* "func+0x1/0x2 [mod]" -> "func+0x1/0x2[mod]" */
		p = strstr(sym, " [");
		if (p)
			memmove(p, p + 1, strlen(p + 1) + 1);
		if (i)
			seq_putc(m, '|');
		ksw_seq_put_word(m, sym);
	}
}

static void ksw_wd_show_nodes(struct seq_file *m, struct ksw_stall *r,
			      const unsigned long *vals)
{
	unsigned int nid;
	bool any = false;

	for_each_set_bit(nid, ksw_rec_nodes(r), nr_node_ids) {
		if (vals[nid] == ULONG_MAX)
			continue;
		seq_printf(m, "%s%u:%lu", any ? "," : "", nid, vals[nid]);
		any = true;
	}
	if (!any)
		seq_putc(m, '-');
}

static void ksw_wd_show_rec(struct seq_file *m, struct ksw_stall *r)
{
	seq_printf(m, "seq=%llu start_ns=%llu dur_us=%llu cpus=%*pbl kind=%s system=%d comm=",
		   r->seq, r->start_ns, div_u64(r->dur_ns, NSEC_PER_USEC),
		   nr_cpu_ids, ksw_rec_cpus(r), ksw_stall_kind_name(r->kind), r->system);
	ksw_seq_put_word(m, r->comm[0] ? r->comm : "-");
	seq_printf(m, " pid=%d kswapd=", r->pid);
	if (bitmap_empty(ksw_rec_kswapd(r), nr_node_ids))
		seq_putc(m, '-');
	else
		seq_printf(m, "%*pbl", nr_node_ids, ksw_rec_kswapd(r));
	seq_printf(m, " scanned=%llu reclaimed=%llu skipped=%llu direct=%llu deltas=%s failures=",
		   r->scanned, r->reclaimed, r->skipped, r->direct,
		   r->partial ? "partial" : "full");
	ksw_wd_show_nodes(m, r, ksw_rec_failures(r));
	seq_puts(m, " dma_free=");
	ksw_wd_show_nodes(m, r, ksw_rec_dma_free(r));
	if (r->storm_nid >= 0 && r->storm_nid < nr_node_ids && node_online(r->storm_nid) &&
	    r->storm_zid >= 0 && r->storm_zid < MAX_NR_ZONES)
		seq_printf(m, " storm=%d:%s", r->storm_nid,
			   NODE_DATA(r->storm_nid)->node_zones[r->storm_zid].name);
	else
		seq_puts(m, " storm=-");
	seq_puts(m, " bt=");
	ksw_wd_show_bt(m, r);
	seq_putc(m, '\n');
}

static int stalls_show(struct seq_file *m, void *v)
{
	struct ksw_stall *r = kmalloc(ksw_wd_stride, GFP_KERNEL);
	unsigned long flags;
	u64 nr = 0;
	bool got;

	if (!r)
		return -ENOMEM;
	for (;;) {
		/* One record at a time: the lock is held for a copy only. */
		raw_spin_lock_irqsave(&ksw_wd_lock, flags);
		if (nr < ksw_wd_ring.tail)
			nr = ksw_wd_ring.tail;
		got = ksw_wd_recs && nr < ksw_wd_ring.head;
		if (got)
			memcpy(r, ksw_wd_rec(nr), ksw_wd_stride);
		raw_spin_unlock_irqrestore(&ksw_wd_lock, flags);
		if (!got)
			break;
		ksw_wd_show_rec(m, r);
		nr++;
	}
	kfree(r);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stalls);

/**
 * ksw_watchdog_stall_next() - the oldest stall record after @after
 * @after: a record's seq (0: from the oldest held)
 * @info: its seq, start, end and kind
 * @cpus: its CPUs, a bitmap of nr_cpu_ids bits
 *
 * Return: false if there is none.
 */
bool ksw_watchdog_stall_next(u64 after, struct ksw_stall_info *info,
			     unsigned long *cpus)
{
	struct ksw_stall *r;
	unsigned long flags;
	bool got = false;
	u64 nr;

	raw_spin_lock_irqsave(&ksw_wd_lock, flags);
	nr = max(after, ksw_wd_ring.tail);
	if (ksw_wd_recs && nr < ksw_wd_ring.head) {
		/* Record number nr has seq nr + 1. */
		r = ksw_wd_rec(nr);
		info->seq = r->seq;
		info->start_ns = r->start_ns;
		info->end_ns = r->start_ns + r->dur_ns;
		info->kind = r->kind;
		bitmap_copy(cpus, ksw_rec_cpus(r), nr_cpu_ids);
		got = true;
	}
	raw_spin_unlock_irqrestore(&ksw_wd_lock, flags);
	return got;
}

/**
 * ksw_watchdog_show_settings() - the settings in force, for "version"
 * @m: the seq_file
 *
 * " period_ms=<n> threshold_ms=<n> kinds=<list>"
 */
void ksw_watchdog_show_settings(struct seq_file *m)
{
	char kinds[32];

	ksw_wd_kinds_print(kinds, sizeof(kinds), READ_ONCE(ksw_wd_kinds));
	seq_printf(m, " period_ms=%u threshold_ms=%u kinds=%s",
		   READ_ONCE(ksw_wd_period_ms), READ_ONCE(ksw_wd_thresh_ms), kinds);
}

/**
 * ksw_watchdog_debugfs() - create the watchdog's debugfs files
 * @dir: the kswapwatch debugfs directory
 */
void ksw_watchdog_debugfs(struct dentry *dir)
{
	debugfs_create_file(KSW_FILE_STALLS, 0400, dir, NULL, &stalls_fops);
}

/**
 * ksw_watchdog_summary() - the watchdog's lines of the summary file
 * @m: the summary's seq_file
 */
void ksw_watchdog_summary(struct seq_file *m)
{
	u64 held, dropped, ticks = 0, timer_ns = 0, wakeups = 0, runs = 0;
	u64 now = ktime_get_ns(), oldest = 0;
	const struct ksw_wd_reclaimer *longest = NULL;
	unsigned int cpu, i, watched = 0, in_reclaim = 0;
	unsigned long flags;
	char kinds[32];

	raw_spin_lock_irqsave(&ksw_wd_lock, flags);
	held = ksw_wd_ring.head - ksw_wd_ring.tail;
	dropped = ksw_wd_ring.dropped;
	raw_spin_unlock_irqrestore(&ksw_wd_lock, flags);

	ksw_wd_kinds_print(kinds, sizeof(kinds), READ_ONCE(ksw_wd_kinds));
	seq_printf(m, "watchdog: period_ms=%u threshold_ms=%u kinds=%s stalls=%llu dropped=%llu\n",
		   READ_ONCE(ksw_wd_period_ms), READ_ONCE(ksw_wd_thresh_ms), kinds,
		   held, dropped);

	for_each_possible_cpu(cpu) {
		struct ksw_wd_cpu *c = per_cpu_ptr(&ksw_wd_pcpu, cpu);
		u64 seen = READ_ONCE(c->seen_ns);

		ticks += READ_ONCE(c->ticks);
		timer_ns += READ_ONCE(c->timer_ns);
		wakeups += READ_ONCE(c->wakeups);
		runs += READ_ONCE(c->canary_runs);
		if (!READ_ONCE(c->active))
			continue;
		watched++;
		if (now > seen && now - seen > READ_ONCE(ksw_wd_thresh_ns))
			seq_printf(m, "watchdog: cpu %u cannot schedule for %llu ms now\n",
				   cpu, div_u64(now - seen, NSEC_PER_MSEC));
	}
	seq_printf(m, "watchdog: cpus_watched=%u ticks=%llu timer_us=%llu canary_wakeups=%llu canary_runs=%llu\n",
		   watched, ticks, div_u64(timer_ns, NSEC_PER_USEC), wakeups, runs);

	for (i = 0; i < KSW_WD_RECLAIMERS; i++) {
		const struct ksw_wd_reclaimer *rc = &ksw_wd_reclaimers[i];
		u64 start = smp_load_acquire(&rc->start_ns);

		if (!start || !READ_ONCE(rc->task))
			continue;
		in_reclaim++;
		if (!longest || start < oldest) {
			longest = rc;
			oldest = start;
		}
	}
	seq_printf(m, "watchdog: in_direct_reclaim=%u untracked=%ld nested=%ld",
		   in_reclaim, atomic_long_read(&ksw_wd_reclaim_untracked),
		   atomic_long_read(&ksw_wd_reclaim_nested));
	if (longest && now > oldest) {
		seq_printf(m, " longest_ms=%llu pid=%d comm=",
			   div_u64(now - oldest, NSEC_PER_MSEC), READ_ONCE(longest->pid));
		ksw_seq_put_word(m, longest->comm);
	}
	seq_putc(m, '\n');
}

/**
 * ksw_watchdog_reset() - forget the stall records
 *
 * Record numbers go on from where they were.
 */
void ksw_watchdog_reset(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&ksw_wd_lock, flags);
	ksw_ring_clear(&ksw_wd_ring);
	raw_spin_unlock_irqrestore(&ksw_wd_lock, flags);
	atomic_long_set(&ksw_wd_reclaim_untracked, 0);
	atomic_long_set(&ksw_wd_reclaim_nested, 0);
}

/* ------------------------------------------------------------------ */
/* Part init and exit */

static void ksw_wd_free(void)
{
	unsigned long flags;
	void *recs;
	struct ksw_stall *staged;

	raw_spin_lock_irqsave(&ksw_wd_lock, flags);
	recs = ksw_wd_recs;
	staged = ksw_wd_staged;
	ksw_wd_recs = NULL;
	ksw_wd_staged = NULL;
	ksw_gap_group_reset(&ksw_wd_group);
	WRITE_ONCE(ksw_wd_group_pending, false);
	raw_spin_unlock_irqrestore(&ksw_wd_lock, flags);
	kvfree(recs);
	kfree(staged);
}

/**
 * ksw_watchdog_init() - allocate the records, start canaries and timers
 *
 * Return: 0, or a negative errno.
 */
int ksw_watchdog_init(void)
{
	unsigned int i;
	void *recs;
	struct ksw_stall *staged;
	unsigned long flags;
	int ret;

	ksw_wd_cpu_longs = BITS_TO_LONGS(nr_cpu_ids);
	ksw_wd_node_longs = BITS_TO_LONGS(nr_node_ids);
	ksw_wd_stride = ALIGN(sizeof(struct ksw_stall) + sizeof(unsigned long) *
			      (ksw_wd_cpu_longs + 2 * ksw_wd_node_longs + 2 * nr_node_ids),
			      sizeof(u64));
	recs = kvcalloc(KSW_WD_RING, ksw_wd_stride, GFP_KERNEL);
	staged = kzalloc(ksw_wd_stride, GFP_KERNEL);
	if (!recs || !staged) {
		kvfree(recs);
		kfree(staged);
		return -ENOMEM;
	}
	for (i = 0; i < KSW_WD_SNAPS; i++)
		seqcount_init(&ksw_wd_snaps[i].seq);

	raw_spin_lock_irqsave(&ksw_wd_lock, flags);
	ksw_ring_init(&ksw_wd_ring, KSW_WD_RING);
	ksw_gap_group_reset(&ksw_wd_group);
	ksw_wd_recs = recs;
	ksw_wd_staged = staged;
	raw_spin_unlock_irqrestore(&ksw_wd_lock, flags);

	mutex_lock(&ksw_wd_mutex);
	if (!ksw_wd_valid(ksw_wd_period_ms, ksw_wd_thresh_ms)) {
		pr_err("watchdog: stall_threshold_ms=%u must be at least twice watchdog_period_ms=%u\n",
		       ksw_wd_thresh_ms, ksw_wd_period_ms);
		ret = -EINVAL;
		goto unlock;
	}
	atomic64_set(&ksw_wd_snap_due, ktime_get_ns());
	WRITE_ONCE(ksw_wd_on, true);

	/* Canaries first: the timers wake them from their first tick. */
	ret = smpboot_register_percpu_thread(&ksw_wd_canary_thread);
	if (ret)
		goto off;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "kswapwatch/watchdog:online",
				ksw_wd_cpu_online, ksw_wd_cpu_offline);
	if (ret < 0)
		goto threads;
	ksw_wd_hp_state = ret;
	ksw_wd_running = true;
	mutex_unlock(&ksw_wd_mutex);
	return 0;

threads:
	ksw_wd_canaries_park();
	smpboot_unregister_percpu_thread(&ksw_wd_canary_thread);
off:
	WRITE_ONCE(ksw_wd_on, false);
unlock:
	mutex_unlock(&ksw_wd_mutex);
	ksw_wd_free();
	return ret;
}

/**
 * ksw_watchdog_exit() - stop timers and canaries, free the records
 *
 * debugfs is gone by now (its part stops first), so no reader is left.
 */
void ksw_watchdog_exit(void)
{
	mutex_lock(&ksw_wd_mutex);
	ksw_wd_running = false;
	WRITE_ONCE(ksw_wd_on, false);
	/* Runs each CPU's offline callback there: every timer is cancelled. */
	cpuhp_remove_state(ksw_wd_hp_state);
	/* No timer is left to wake a canary: they can go. */
	ksw_wd_canaries_park();
	smpboot_unregister_percpu_thread(&ksw_wd_canary_thread);
	mutex_unlock(&ksw_wd_mutex);
	/* A reclaim_end() probe may still be writing: it holds the lock. */
	ksw_wd_free();
}
