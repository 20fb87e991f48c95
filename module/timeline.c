// SPDX-License-Identifier: GPL-2.0
/*
 * kswapwatch: the stall timeline.
 *
 * Always on: every CPU records into a ring of its own what it did (task
 * switches, interrupt handlers and softirqs with their durations, reclaim
 * runs, kswapd wakeups, LRU isolation) so that when the watchdog records a
 * stall, what each of its CPUs did from timeline_lookback_ms before the gap
 * to the gap's end is already there.  That part is then copied out of the
 * rings ("frozen") and kept with the stall for the latest KSW_TL_KEEP
 * stalls; the debugfs file "timeline" shows it.
 *
 * The ring itself (reservation, completeness, the hold) is in
 * timeline_logic.h; freezing and the debugfs file in timeline_freeze.c.  Writers: the tracepoint probes below and the vmscan
 * probes of probes.c, through ksw_tl_put(): no lock, no allocation,
 * preemption off from reservation to completion (a writer preempted on its
 * CPU, where 7.x calls tracepoint callbacks preemptibly, would otherwise
 * share a slot with the next one), atomic against this CPU's interrupts
 * through the local_t head.
 *
 * Why the copy is deferred to a work item, and why that loses nothing:
 * the watchdog writes a record with its raw spinlock held and interrupts
 * off, in its hrtimer (hard irq, also on PREEMPT_RT) or in a task leaving
 * reclaim; copying up to timeline_events events per CPU there would hold
 * interrupts off for far longer than the stalls we look for.  Instead, the
 * watchdog puts a hold on a CPU's ring as soon as a gap opens there (and on
 * the reclaiming CPUs when a reclaim record is written): from then on the
 * ring overwrites no event of the window (at or after the gap start less
 * the lookback), it drops new events instead and counts them.  The hold
 * lasts until the work item has copied the window (it releases the hold it
 * saw, never a newer one: timeline_logic.h) or expires a few seconds after
 * the gap, if the gap never became a record.  So the ring cannot wrap past
 * the window, however late the work item runs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/swap.h>
#include <linux/tracepoint.h>
#include <trace/events/irq.h>
#include <trace/events/sched.h>

#include "kswapwatch.h"
#include "timeline.h"

#define KSW_TL_EVENTS_MIN	256
#define KSW_TL_EVENTS_MAX	65536
#define KSW_TL_LOOKBACK_MAX	10000
/* LRU isolation is summed per task and zone over at most this long. */
#define KSW_TL_ISO_SPAN_NS	(10 * NSEC_PER_MSEC)
/* A hold outlives its gap by this much, if no record releases it. */
#define KSW_TL_HOLD_SLACK_NS	(5000ULL * NSEC_PER_MSEC)

/* ------------------------------------------------------------------ */
/* Settings */

static bool ksw_tl_enabled = true;
static unsigned int ksw_tl_events = 4096;
unsigned int ksw_tl_lookback_ms = 500;

/* Guards the settings in force, the buffers' replacement, the frozen copies. */
DEFINE_MUTEX(ksw_tl_mutex);
bool ksw_tl_ready;			/* init done; under ksw_tl_mutex */

/* ------------------------------------------------------------------ */
/* Per-CPU state */

DEFINE_PER_CPU(struct ksw_tl_cpu, ksw_tl_pcpu) = {
	.ring = { .hold_ts = KSW_TL_NO_HOLD },
};

/* kswapd's pages reclaimed, a running sum per node (kswapd only writes it). */
static u64 ksw_tl_kswapd_reclaimed[MAX_NUMNODES];

static u64 ksw_tl_now(void)
{
	return ktime_get_mono_fast_ns();
}

/*
 * Reserve a slot on this CPU; preemption is off from here to
 * ksw_tl_put_end().  Return: the slot, or NULL (not recording, or the hold
 * refused it) with preemption back on.
 */
static __always_inline struct ksw_tl_ev *ksw_tl_put_begin(struct ksw_tl_cpu **cp,
							  unsigned long *pos, u64 *now)
{
	struct ksw_tl_cpu *c;
	struct ksw_tl_buf *b;

	preempt_disable_notrace();
	c = this_cpu_ptr(&ksw_tl_pcpu);
	/* Pairs with the release in ksw_tl_buffers_swap(). */
	b = smp_load_acquire(&c->buf);
	if (likely(b)) {
		*now = ksw_tl_now();
		*pos = ksw_tl_reserve(&c->ring, b, *now);
		if (likely(*pos != -1UL)) {
			*cp = c;
			return ksw_tl_slot_open(b, *pos);
		}
	}
	preempt_enable_notrace();
	return NULL;
}

static __always_inline void ksw_tl_put_end(struct ksw_tl_ev *e, unsigned long pos)
{
	ksw_tl_slot_close(e, pos);
	preempt_enable_notrace();
}

static __always_inline void ksw_tl_comm(char *dst, const char *src)
{
	memcpy(dst, src, KSW_TL_COMM);
	dst[KSW_TL_COMM - 1] = '\0';
}

/* ------------------------------------------------------------------ */
/* Probes on sched and irq tracepoints */

/* ftrace's letters for task_state_index(); '+' is "R+", preempted. */
static const char ksw_tl_state_chars[] = "RSDTtXZPI";

static char ksw_tl_state_letter(bool preempt, unsigned int index)
{
	if (preempt)
		return '+';
	return index < sizeof(ksw_tl_state_chars) - 1 ? ksw_tl_state_chars[index] : '?';
}

static void ksw_tl_iso_flush(struct ksw_tl_acc *a);

static __always_inline void ksw_tl_switch(bool preempt, struct task_struct *prev,
					  struct task_struct *next, unsigned int index)
{
	struct ksw_tl_cpu *c;
	struct ksw_tl_ev *e;
	unsigned long pos;
	u64 now;

	/* Interrupts are off in __schedule(): the sum cannot change under us. */
	c = this_cpu_ptr(&ksw_tl_pcpu);
	if (unlikely(c->acc.on) && c->acc.pid == prev->pid)
		ksw_tl_iso_flush(&c->acc);

	e = ksw_tl_put_begin(&c, &pos, &now);
	if (!e)
		return;
	e->ts = now;
	e->dur_ns = 0;
	e->type = KSW_TL_SWITCH;
	e->a = ksw_tl_state_letter(preempt, index);
	e->b = (u8)clamp(prev->prio, 0, 255);
	e->c = (u8)clamp(next->prio, 0, 255);
	e->pid = prev->pid;
	ksw_tl_comm(e->u.sw.prev_comm, prev->comm);
	ksw_tl_comm(e->u.sw.next_comm, next->comm);
	e->u.sw.next_pid = next->pid;
	ksw_tl_put_end(e, pos);
}

/* The prev_state argument came in 5.18 (module/features/). */
#ifdef HAVE_TP_SCHED_SWITCH_PREV_STATE
static void ksw_tl_probe_switch(void *data, bool preempt, struct task_struct *prev,
				struct task_struct *next, unsigned int prev_state)
{
	ksw_tl_switch(preempt, prev, next,
		      __task_state_index(prev_state, READ_ONCE(prev->exit_state)));
}
#else
static void ksw_tl_probe_switch(void *data, bool preempt, struct task_struct *prev,
				struct task_struct *next)
{
	ksw_tl_switch(preempt, prev, next, task_state_index(prev));
}
#endif

/* Handlers do not nest on a CPU: one open entry per CPU pairs with its exit. */
static void ksw_tl_probe_irq_entry(void *data, int irq, struct irqaction *action)
{
	struct ksw_tl_cpu *c = this_cpu_ptr(&ksw_tl_pcpu);

	c->irq_ts = ksw_tl_now();
	c->irq = irq;
	c->irq_open = true;
}

static void ksw_tl_probe_irq_exit(void *data, int irq, struct irqaction *action, int ret)
{
	struct ksw_tl_cpu *c = this_cpu_ptr(&ksw_tl_pcpu);
	struct ksw_tl_ev *e;
	unsigned long pos;
	u64 now, ts;

	if (!c->irq_open || c->irq != irq)
		return;
	c->irq_open = false;
	ts = c->irq_ts;
	e = ksw_tl_put_begin(&c, &pos, &now);
	if (!e)
		return;
	e->ts = ts;
	e->dur_ns = ksw_tl_dur(now, ts);
	e->type = KSW_TL_IRQ;
	e->pid = current->pid;
	e->u.irq.irq = irq;
	strscpy(e->u.irq.name, action && action->name ? action->name : "-", KSW_TL_COMM);
	ksw_tl_put_end(e, pos);
}

/*
 * Softirqs do not nest on a CPU either (on PREEMPT_RT they run in tasks
 * that hold the CPU's softirq lock, with migration off); the state is
 * touched with preemption off in case the callback is preemptible.
 */
static void ksw_tl_probe_softirq_entry(void *data, unsigned int vec_nr)
{
	struct ksw_tl_cpu *c;

	preempt_disable_notrace();
	c = this_cpu_ptr(&ksw_tl_pcpu);
	c->softirq_ts = ksw_tl_now();
	c->softirq_vec = vec_nr;
	c->softirq_open = true;
	preempt_enable_notrace();
}

static void ksw_tl_probe_softirq_exit(void *data, unsigned int vec_nr)
{
	struct ksw_tl_cpu *c;
	struct ksw_tl_ev *e;
	unsigned long pos;
	u64 now, ts;

	preempt_disable_notrace();
	c = this_cpu_ptr(&ksw_tl_pcpu);
	if (!c->softirq_open || c->softirq_vec != vec_nr) {
		preempt_enable_notrace();
		return;
	}
	c->softirq_open = false;
	ts = c->softirq_ts;
	e = ksw_tl_put_begin(&c, &pos, &now);
	if (e) {
		e->ts = ts;
		e->dur_ns = ksw_tl_dur(now, ts);
		e->type = KSW_TL_SOFTIRQ;
		e->a = (u8)vec_nr;
		e->pid = current->pid;
		ksw_tl_put_end(e, pos);
	}
	preempt_enable_notrace();
}

/*
 * Compile-time only: each probe against the kernel's declaration, as in
 * probes.c.
 */
static void ksw_tl_typecheck(void)
{
	check_trace_callback_type_sched_switch(ksw_tl_probe_switch);
	check_trace_callback_type_irq_handler_entry(ksw_tl_probe_irq_entry);
	check_trace_callback_type_irq_handler_exit(ksw_tl_probe_irq_exit);
	check_trace_callback_type_softirq_entry(ksw_tl_probe_softirq_entry);
	check_trace_callback_type_softirq_exit(ksw_tl_probe_softirq_exit);
}

static struct ksw_tl_probe {
	const char *name;
	void *func;
	struct tracepoint *tp;
	bool attached;
} ksw_tl_probes[] = {
	{ "sched_switch", ksw_tl_probe_switch },
	{ "irq_handler_entry", ksw_tl_probe_irq_entry },
	{ "irq_handler_exit", ksw_tl_probe_irq_exit },
	{ "softirq_entry", ksw_tl_probe_softirq_entry },
	{ "softirq_exit", ksw_tl_probe_softirq_exit },
};

static void ksw_tl_probes_find(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ksw_tl_probes); i++)
		if (!ksw_tl_probes[i].tp && !strcmp(tp->name, ksw_tl_probes[i].name))
			ksw_tl_probes[i].tp = tp;
}

/* Under ksw_tl_mutex. */
static void ksw_tl_probes_detach(void)
{
	bool any = false;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ksw_tl_probes); i++) {
		if (!ksw_tl_probes[i].attached)
			continue;
		WARN_ON_ONCE(tracepoint_probe_unregister(ksw_tl_probes[i].tp,
							 ksw_tl_probes[i].func, NULL));
		ksw_tl_probes[i].attached = false;
		any = true;
	}
	if (any)
		tracepoint_synchronize_unregister();
}

/* Under ksw_tl_mutex.  The timeline works with whichever attach. */
static void ksw_tl_probes_attach(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(ksw_tl_probes); i++) {
		struct ksw_tl_probe *p = &ksw_tl_probes[i];

		if (!p->tp || p->attached)
			continue;
		ret = tracepoint_probe_register(p->tp, p->func, NULL);
		if (ret)
			pr_warn("timeline: tracepoint %s not attached (%d)\n", p->name, ret);
		else
			p->attached = true;
	}
	/* Pairs left open by a detach would pair with a later exit. */
}

/* ------------------------------------------------------------------ */
/* Hooks for the vmscan probes (probes.c) */

static void ksw_tl_put_reclaim(u8 type, int kind, int nid, int zid, int order, u64 nr)
{
	struct ksw_tl_cpu *c;
	struct ksw_tl_ev *e;
	unsigned long pos;
	u64 now;

	e = ksw_tl_put_begin(&c, &pos, &now);
	if (!e)
		return;
	e->ts = now;
	e->dur_ns = 0;
	e->type = type;
	e->a = (u8)kind;
	e->b = (u8)clamp(zid, 0, 255);
	e->pid = current->pid;
	ksw_tl_comm(e->u.rc.comm, current->comm);
	e->u.rc.nr = nr;
	e->u.rc.nid = nid;
	e->u.rc.order = order;
	ksw_tl_put_end(e, pos);
}

/* Write out this CPU's isolation sum; interrupts off. */
static void ksw_tl_iso_flush(struct ksw_tl_acc *a)
{
	struct ksw_tl_cpu *c;
	struct ksw_tl_ev *e;
	unsigned long pos;
	u64 now;

	a->on = false;
	e = ksw_tl_put_begin(&c, &pos, &now);
	if (!e)
		return;
	e->ts = a->ts;
	e->dur_ns = ksw_tl_dur(a->last, a->ts);
	e->type = KSW_TL_ISOLATE;
	e->a = 0;
	e->b = a->zid;
	e->pid = a->pid;
	e->u.iso.scanned = a->scanned;
	e->u.iso.skipped = a->skipped;
	e->u.iso.taken = a->taken;
	e->u.iso.nid = a->nid;
	e->u.iso.calls = a->calls;
	ksw_tl_put_end(e, pos);
}

/* The current task's isolation sum on this CPU is complete. */
static void ksw_tl_iso_done(void)
{
	struct ksw_tl_acc *a;
	unsigned long flags;

	local_irq_save(flags);
	a = this_cpu_ptr(&ksw_tl_pcpu.acc);
	if (a->on && a->pid == current->pid)
		ksw_tl_iso_flush(a);
	local_irq_restore(flags);
}

/**
 * ksw_timeline_reclaim_begin() - a direct, memcg or node reclaim begins
 * @kind: KSW_TL_RC_DIRECT, _MEMCG or _NODE
 *
 * In the task, any context the tracepoint has.
 */
void ksw_timeline_reclaim_begin(int kind)
{
	ksw_tl_put_reclaim(KSW_TL_RECLAIM_BEGIN, kind, -1, 0, 0, 0);
}

/**
 * ksw_timeline_reclaim_end() - the reclaim the task began ends
 * @kind: as at its begin
 * @nr_reclaimed: pages it reclaimed
 */
void ksw_timeline_reclaim_end(int kind, unsigned long nr_reclaimed)
{
	ksw_tl_iso_done();
	ksw_tl_put_reclaim(KSW_TL_RECLAIM_END, kind, -1, 0, 0, nr_reclaimed);
}

/**
 * ksw_timeline_kswapd_wake() - kswapd of @nid starts a run for @zid, @order
 * @nid: node
 * @zid: the highest zone it reclaims for
 * @order: allocation order
 */
void ksw_timeline_kswapd_wake(int nid, int zid, int order)
{
	u64 sum = (unsigned int)nid < MAX_NUMNODES ? READ_ONCE(ksw_tl_kswapd_reclaimed[nid]) : 0;

	ksw_tl_put_reclaim(KSW_TL_RECLAIM_BEGIN, KSW_TL_RC_KSWAPD, nid, zid, order, sum);
}

/**
 * ksw_timeline_kswapd_sleep() - kswapd of @nid goes to sleep
 * @nid: node
 */
void ksw_timeline_kswapd_sleep(int nid)
{
	u64 sum = (unsigned int)nid < MAX_NUMNODES ? READ_ONCE(ksw_tl_kswapd_reclaimed[nid]) : 0;

	ksw_tl_iso_done();
	ksw_tl_put_reclaim(KSW_TL_RECLAIM_END, KSW_TL_RC_KSWAPD, nid, 0, 0, sum);
}

/**
 * ksw_timeline_shrink_inactive() - pages reclaimed from an inactive list
 * @nid: node
 * @nr_reclaimed: pages
 *
 * Only kswapd's are summed, for its runs' nr_reclaimed.
 */
void ksw_timeline_shrink_inactive(int nid, unsigned long nr_reclaimed)
{
	/* One kswapd per node: the only writer of its sum. */
	if (current_is_kswapd() && (unsigned int)nid < MAX_NUMNODES)
		WRITE_ONCE(ksw_tl_kswapd_reclaimed[nid],
			   ksw_tl_kswapd_reclaimed[nid] + nr_reclaimed);
}

/**
 * ksw_timeline_wakeup_kswapd() - an allocation wakes kswapd of @nid
 * @nid: node
 * @zid: the zone the allocation could not get pages from
 * @order: its order
 */
void ksw_timeline_wakeup_kswapd(int nid, int zid, int order)
{
	struct ksw_tl_cpu *c;
	struct ksw_tl_ev *e;
	unsigned long pos;
	u64 now;

	e = ksw_tl_put_begin(&c, &pos, &now);
	if (!e)
		return;
	e->ts = now;
	e->dur_ns = 0;
	e->type = KSW_TL_WAKEUP_KSWAPD;
	e->b = (u8)clamp(zid, 0, 255);
	e->pid = current->pid;
	ksw_tl_comm(e->u.wk.comm, current->comm);
	e->u.wk.nid = nid;
	e->u.wk.order = order;
	ksw_tl_put_end(e, pos);
}

/**
 * ksw_timeline_lru_isolate() - one mm_vmscan_lru_isolate
 * @zid: the highest zone reclaim is for
 * @scanned: pages scanned
 * @skipped: pages skipped
 * @taken: pages isolated
 *
 * Summed per task and zone over up to KSW_TL_ISO_SPAN_NS (a run of
 * reclaim isolates 32 pages at a time, thousands of times a second: one
 * event each would fill the ring); the sum is written when the task, the
 * zone or the span changes, when the task is switched out or its reclaim
 * ends.  The tracepoint does not say the node: it is the CPU's.
 */
void ksw_timeline_lru_isolate(int zid, unsigned long scanned, unsigned long skipped,
			      unsigned long taken)
{
	struct ksw_tl_acc *a;
	unsigned long flags;
	u64 now;

	/* The lru lock is a sleeping lock on PREEMPT_RT: keep switches out. */
	local_irq_save(flags);
	if (!READ_ONCE(this_cpu_ptr(&ksw_tl_pcpu)->buf)) {
		local_irq_restore(flags);
		return;
	}
	a = this_cpu_ptr(&ksw_tl_pcpu.acc);
	now = ksw_tl_now();
	if (a->on && (a->pid != current->pid || a->zid != zid ||
		      now - a->ts > KSW_TL_ISO_SPAN_NS))
		ksw_tl_iso_flush(a);
	if (!a->on) {
		a->on = true;
		a->ts = now;
		a->pid = current->pid;
		a->zid = (u8)clamp(zid, 0, 255);
		a->nid = numa_node_id();
		a->calls = 0;
		a->scanned = a->skipped = a->taken = 0;
	}
	a->last = now;
	a->calls++;
	a->scanned += scanned;
	a->skipped += skipped;
	a->taken += taken;
	local_irq_restore(flags);
}

/* ------------------------------------------------------------------ */
/* Holds, for the watchdog */

/**
 * ksw_timeline_hold() - keep @cpu's events from a gap's window
 * @cpu: the CPU of the gap
 * @gap_start: when the gap began (CLOCK_MONOTONIC ns)
 * @until: when the hold expires at the latest
 *
 * From the gap start less the lookback on, @cpu's ring overwrites none of
 * its events until the window is frozen or @until passes.  Any context.
 *
 * Return: the hold's token for ksw_timeline_unhold().
 */
u64 ksw_timeline_hold(unsigned int cpu, u64 gap_start, u64 until)
{
	u64 back = (u64)READ_ONCE(ksw_tl_lookback_ms) * NSEC_PER_MSEC;

	if (cpu >= nr_cpu_ids)
		return 0;
	return ksw_tl_hold(&per_cpu_ptr(&ksw_tl_pcpu, cpu)->ring,
			   gap_start > back ? gap_start - back : 1,
			   until + KSW_TL_HOLD_SLACK_NS, ksw_tl_now());
}

/**
 * ksw_timeline_hold_extend() - a gap goes on: keep its hold a while longer
 * @cpu: the CPU of the gap
 * @until: as for ksw_timeline_hold()
 */
void ksw_timeline_hold_extend(unsigned int cpu, u64 until)
{
	if (cpu < nr_cpu_ids)
		ksw_tl_hold_extend(&per_cpu_ptr(&ksw_tl_pcpu, cpu)->ring,
				   until + KSW_TL_HOLD_SLACK_NS);
}

/**
 * ksw_timeline_unhold() - a gap will not be recorded: release its hold
 * @cpu: the CPU of the gap
 * @token: from ksw_timeline_hold(); a hold taken since stays
 */
void ksw_timeline_unhold(unsigned int cpu, u64 token)
{
	if (cpu < nr_cpu_ids)
		ksw_tl_unhold(&per_cpu_ptr(&ksw_tl_pcpu, cpu)->ring, token);
}

/* ------------------------------------------------------------------ */
/* Buffers */

static void ksw_tl_free_bufs(struct ksw_tl_buf **bufs)
{
	unsigned int cpu;

	if (!bufs)
		return;
	for_each_possible_cpu(cpu)
		kvfree(bufs[cpu]);
	kfree(bufs);
}

static struct ksw_tl_buf **ksw_tl_alloc_bufs(unsigned int events)
{
	struct ksw_tl_buf **bufs;
	unsigned int cpu;

	bufs = kcalloc(nr_cpu_ids, sizeof(*bufs), GFP_KERNEL);
	if (!bufs)
		return NULL;
	for_each_possible_cpu(cpu) {
		bufs[cpu] = kvzalloc_node(struct_size(bufs[cpu], ev, events), GFP_KERNEL,
					  cpu_to_node(cpu));
		if (!bufs[cpu]) {
			ksw_tl_free_bufs(bufs);
			return NULL;
		}
		bufs[cpu]->mask = events - 1;
	}
	return bufs;
}

/* The buffers in place, by CPU; under ksw_tl_mutex. */
static struct ksw_tl_buf **ksw_tl_cur;

/*
 * Put @bufs (NULL: none) in place of the rings' buffers and free the old
 * ones once no writer can be inside them.  Under ksw_tl_mutex.
 */
static void ksw_tl_buffers_swap(struct ksw_tl_buf **bufs)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		/* Pairs with the acquire in ksw_tl_put_begin(). */
		smp_store_release(&per_cpu_ptr(&ksw_tl_pcpu, cpu)->buf,
				  bufs ? bufs[cpu] : NULL);
	}
	/* Writers hold a buffer with preemption off: an RCU read side. */
	synchronize_rcu();
	for_each_possible_cpu(cpu) {
		kvfree(ksw_tl_cur[cpu]);
		ksw_tl_cur[cpu] = bufs ? bufs[cpu] : NULL;
	}
	kfree(bufs);
}

/* Apply the settings: rings of @events each, or none.  Under ksw_tl_mutex. */
static int ksw_tl_apply(bool on, unsigned int events)
{
	struct ksw_tl_buf **bufs = NULL;
	struct ksw_tl_ev *scratch = NULL;

	if (on) {
		bufs = ksw_tl_alloc_bufs(events);
		scratch = kvmalloc_array(events + 2, sizeof(*scratch), GFP_KERNEL);
		if (!bufs || !scratch) {
			ksw_tl_free_bufs(bufs);
			kvfree(scratch);
			return -ENOMEM;
		}
	} else {
		ksw_tl_probes_detach();
	}
	ksw_tl_buffers_swap(bufs);
	ksw_tl_scratch_replace(scratch, scratch ? events + 2 : 0);
	if (on)
		ksw_tl_probes_attach();
	return 0;
}

/* ------------------------------------------------------------------ */
/* Module parameters */

static int ksw_tl_enabled_set(const char *val, const struct kernel_param *kp)
{
	bool v;
	int ret;

	if (kstrtobool(val, &v))
		return -EINVAL;
	mutex_lock(&ksw_tl_mutex);
	ret = 0;
	if (ksw_tl_ready && v != ksw_tl_enabled)
		ret = ksw_tl_apply(v, ksw_tl_events);
	if (!ret)
		ksw_tl_enabled = v;
	mutex_unlock(&ksw_tl_mutex);
	return ret;
}

static int ksw_tl_enabled_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%c\n", READ_ONCE(ksw_tl_enabled) ? 'Y' : 'N');
}

static int ksw_tl_events_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret = 0;

	if (kstrtouint(val, 10, &v) || v < KSW_TL_EVENTS_MIN || v > KSW_TL_EVENTS_MAX ||
	    !is_power_of_2(v))
		return -EINVAL;
	mutex_lock(&ksw_tl_mutex);
	if (ksw_tl_ready && ksw_tl_enabled && v != ksw_tl_events)
		ret = ksw_tl_apply(true, v);
	if (!ret)
		WRITE_ONCE(ksw_tl_events, v);
	mutex_unlock(&ksw_tl_mutex);
	return ret;
}

static int ksw_tl_lookback_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 10, &v) || v > KSW_TL_LOOKBACK_MAX)
		return -EINVAL;
	WRITE_ONCE(ksw_tl_lookback_ms, v);
	return 0;
}

static const struct kernel_param_ops ksw_tl_enabled_ops = {
	.set = ksw_tl_enabled_set,
	.get = ksw_tl_enabled_get,
};

static const struct kernel_param_ops ksw_tl_events_ops = {
	.set = ksw_tl_events_set,
	.get = param_get_uint,
};

static const struct kernel_param_ops ksw_tl_lookback_ops = {
	.set = ksw_tl_lookback_set,
	.get = param_get_uint,
};

module_param_cb(timeline, &ksw_tl_enabled_ops, NULL, 0644);
MODULE_PARM_DESC(timeline,
		 "Record the per-CPU event ring and freeze it into each stall (default Y)");
module_param_cb(timeline_events, &ksw_tl_events_ops, &ksw_tl_events, 0644);
MODULE_PARM_DESC(timeline_events,
		 "Events kept per CPU, 64 bytes each: a power of two, 256-65536 (default 4096)");
module_param_cb(timeline_lookback_ms, &ksw_tl_lookback_ops, &ksw_tl_lookback_ms, 0644);
MODULE_PARM_DESC(timeline_lookback_ms,
		 "A stall's timeline starts this long before its gap, ms (0-10000; default 500)");

/* ------------------------------------------------------------------ */
/* Summary */

/**
 * ksw_timeline_summary() - the timeline's line of the summary file
 * @m: the summary's seq_file
 */
void ksw_timeline_summary(struct seq_file *m)
{
	unsigned long dropped = 0, events = 0, failed;
	unsigned int cpu;
	u64 kept;

	for_each_possible_cpu(cpu) {
		struct ksw_tl_ring *r = &per_cpu_ptr(&ksw_tl_pcpu, cpu)->ring;

		dropped += READ_ONCE(r->dropped);
		events += ksw_tl_head_read(&r->head);
	}
	mutex_lock(&ksw_tl_mutex);
	ksw_tl_freeze_counts(&kept, &failed);
	seq_printf(m, "timeline: %s events_per_cpu=%u bytes_per_cpu=%zu lookback_ms=%u stalls_kept=%llu events=%lu held_dropped=%lu freeze_failed=%lu\n",
		   ksw_tl_enabled ? "on" : "off", ksw_tl_events,
		   ksw_tl_enabled ? struct_size((struct ksw_tl_buf *)NULL, ev, ksw_tl_events) : 0,
		   READ_ONCE(ksw_tl_lookback_ms), kept, events, dropped, failed);
	mutex_unlock(&ksw_tl_mutex);
}

/* ------------------------------------------------------------------ */
/* Part init and exit */

/**
 * ksw_timeline_init() - allocate the rings, attach the sched and irq probes
 *
 * Return: 0, or -ENOMEM.
 */
int ksw_timeline_init(void)
{
	int ret;

	ksw_tl_typecheck();
	for_each_kernel_tracepoint(ksw_tl_probes_find, NULL);
	ksw_tl_cur = kcalloc(nr_cpu_ids, sizeof(*ksw_tl_cur), GFP_KERNEL);
	if (!ksw_tl_cur)
		return -ENOMEM;
	ret = ksw_tl_freeze_init();
	if (ret)
		goto free;
	mutex_lock(&ksw_tl_mutex);
	if (ksw_tl_enabled)
		ret = ksw_tl_apply(true, ksw_tl_events);
	if (!ret)
		ksw_tl_ready = true;
	mutex_unlock(&ksw_tl_mutex);
	if (!ret) {
		ksw_tl_freeze_start();
		return 0;
	}
	ksw_tl_freeze_exit();
free:
	kfree(ksw_tl_cur);
	ksw_tl_cur = NULL;
	return ret;
}

/**
 * ksw_timeline_exit() - detach, stop freezing, free everything
 *
 * The watchdog (no more records) and the vmscan probes are gone by now.
 */
void ksw_timeline_exit(void)
{
	ksw_tl_freeze_stop();
	mutex_lock(&ksw_tl_mutex);
	ksw_tl_ready = false;
	ksw_tl_probes_detach();
	ksw_tl_buffers_swap(NULL);
	ksw_tl_scratch_replace(NULL, 0);
	mutex_unlock(&ksw_tl_mutex);
	ksw_tl_freeze_exit();
	kfree(ksw_tl_cur);
	ksw_tl_cur = NULL;
}
