// SPDX-License-Identifier: GPL-2.0
/*
 * kswapwatch: freezing a stall's timeline, and the debugfs file "timeline".
 *
 * When the watchdog records a stall, a work item copies what each CPU of
 * the gap did, from timeline_lookback_ms before the gap to its end, out of
 * the CPUs' rings (timeline.c) and keeps it with the stall's seq, for the
 * latest KSW_TL_KEEP stalls.  Why a work item and why the rings cannot
 * have wrapped past the window by the time it runs: timeline.c, at the top.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "kswapwatch.h"
#include "gaps.h"
#include "timeline.h"

#define KSW_TL_KEEP		16	/* stalls whose timeline is kept */

static bool ksw_tl_queue_ok;		/* records may queue the work; READ_ONCE */

/* A frozen event: a ring event, its CPU, and a reclaim run's outcome. */
struct ksw_tl_fev {
	struct ksw_tl_ev e;
	u64 dur_ns;			/* reclaim: to its end, or the window's */
	u64 nr;				/* reclaim: pages reclaimed */
	u32 cpu;
	bool open;			/* reclaim: not over at the window's end */
};

struct ksw_tl_frozen {
	u64 seq;			/* the stall record's */
	unsigned int n;
	struct ksw_tl_fev ev[];
};

/* Under ksw_tl_mutex: the latest KSW_TL_KEEP, by a count that never goes back. */
static struct ksw_tl_frozen *ksw_tl_kept[KSW_TL_KEEP];
static u64 ksw_tl_nkept;
static u64 ksw_tl_frozen_seq;		/* the last stall looked at */
static unsigned long ksw_tl_freeze_failed;
static unsigned long *ksw_tl_stall_cpus;	/* the worker's */
static struct ksw_tl_ev *ksw_tl_scratch;	/* the worker's: one CPU's window */
static unsigned int ksw_tl_scratch_len;

static void ksw_tl_work_fn(struct work_struct *work);
static DECLARE_WORK(ksw_tl_work, ksw_tl_work_fn);

/**
 * ksw_timeline_stall_recorded() - the watchdog wrote a stall record
 *
 * Any context (the watchdog's lock may be held): queues the freeze.
 */
void ksw_timeline_stall_recorded(void)
{
	if (READ_ONCE(ksw_tl_queue_ok))
		queue_work(system_unbound_wq, &ksw_tl_work);
}

/* Every reclaim begin and end in every ring from @since on, oldest first. */
static struct ksw_tl_ev *ksw_tl_marks(u64 since, unsigned int *n)
{
	unsigned int cpu, cap = 0, k = 0, pass;
	struct ksw_tl_ev *m, ev;
	unsigned long head, pos, lo;

	for (pass = 0; pass < 2; pass++) {
		m = NULL;
		if (pass) {
			if (!cap)
				break;
			m = kvmalloc_array(cap, sizeof(*m), GFP_KERNEL);
			if (!m)
				break;
		}
		for_each_possible_cpu(cpu) {
			struct ksw_tl_cpu *c = per_cpu_ptr(&ksw_tl_pcpu, cpu);
			struct ksw_tl_buf *b = READ_ONCE(c->buf);

			if (!b)
				continue;
			head = ksw_tl_head_read(&c->ring.head);
			lo = head > b->mask ? head - b->mask - 1 : 0;
			for (pos = lo; pos < head; pos++) {
				if (!ksw_tl_slot_read(b, pos, &ev) || ev.ts < since ||
				    (ev.type != KSW_TL_RECLAIM_BEGIN &&
				     ev.type != KSW_TL_RECLAIM_END))
					continue;
				if (!pass)
					cap++;
				else if (k < cap)
					m[k++] = ev;
			}
		}
		if (pass) {
			ksw_tl_sort(m, k);
			*n = k;
			return m;
		}
	}
	*n = 0;
	return NULL;
}

/*
 * @cpu's events of [@from, @to] into the scratch buffer, oldest first; also
 * the last switch before @from (who ran at its start) and the reclaim runs
 * begun before it (kept if they end after @from).  Return: how many.
 */
static unsigned int ksw_tl_window(unsigned int cpu, u64 from, u64 to)
{
	struct ksw_tl_cpu *c = per_cpu_ptr(&ksw_tl_pcpu, cpu);
	struct ksw_tl_buf *b = READ_ONCE(c->buf);
	unsigned long head, pos, lo;
	struct ksw_tl_ev ev, last_switch = { .type = KSW_TL_NONE };
	unsigned int n = 0;

	if (!b)
		return 0;
	head = ksw_tl_head_read(&c->ring.head);
	lo = head > b->mask ? head - b->mask - 1 : 0;
	for (pos = lo; pos < head && n + 1 < ksw_tl_scratch_len; pos++) {
		if (!ksw_tl_slot_read(b, pos, &ev) || ev.ts > to)
			continue;
		if (ksw_tl_in_window(&ev, from, to) || ev.type == KSW_TL_RECLAIM_BEGIN) {
			ksw_tl_scratch[n++] = ev;
		} else if (ev.type == KSW_TL_SWITCH && ev.ts >= last_switch.ts) {
			last_switch = ev;
		}
	}
	if (last_switch.type != KSW_TL_NONE)
		ksw_tl_scratch[n++] = last_switch;
	ksw_tl_sort(ksw_tl_scratch, n);
	return n;
}

/* Copy the window of stall @info's CPUs out of the rings and keep it. */
static void ksw_tl_freeze(const struct ksw_stall_info *info)
{
	u64 back = (u64)READ_ONCE(ksw_tl_lookback_ms) * NSEC_PER_MSEC;
	u64 from = info->start_ns > back ? info->start_ns - back : 0, to = info->end_ns;
	unsigned int cpu, i, n, total = 0, nmarks = 0, ncpus;
	struct ksw_tl_frozen *f;
	struct ksw_tl_ev *marks;
	u64 since = from;

	ncpus = bitmap_weight(ksw_tl_stall_cpus, nr_cpu_ids);
	if (!ncpus || !ksw_tl_scratch)
		return;
	/* Room for every CPU's whole ring and its gap event. */
	f = kvzalloc(struct_size(f, ev, (size_t)ncpus * ksw_tl_scratch_len), GFP_KERNEL);
	if (!f) {
		ksw_tl_freeze_failed++;
		return;
	}
	f->seq = info->seq;

	for_each_set_bit(cpu, ksw_tl_stall_cpus, nr_cpu_ids) {
		struct ksw_tl_ring *r = &per_cpu_ptr(&ksw_tl_pcpu, cpu)->ring;
		/* The hold as it is before the copy: one taken since stays. */
		u64 token = READ_ONCE(r->hold_ts);

		n = ksw_tl_window(cpu, from, to);
		for (i = 0; i < n; i++) {
			struct ksw_tl_fev *fe = &f->ev[total];

			if (ksw_tl_scratch[i].type == KSW_TL_RECLAIM_BEGIN &&
			    ksw_tl_scratch[i].ts < since)
				since = ksw_tl_scratch[i].ts;
			fe->e = ksw_tl_scratch[i];
			fe->cpu = cpu;
			total++;
		}
		/* The gap itself, in its place by time. */
		f->ev[total].e.type = KSW_TL_GAP;
		f->ev[total].e.ts = info->start_ns;
		f->ev[total].e.u.gap.end = info->end_ns;
		f->ev[total].e.u.gap.kind = info->kind;
		f->ev[total].cpu = cpu;
		total++;
		if (token != KSW_TL_NO_HOLD)
			ksw_tl_unhold(r, token);
	}

	/* Reclaim runs: their ends may be on any CPU. */
	marks = ksw_tl_marks(since, &nmarks);
	n = 0;
	for (i = 0; i < total; i++) {
		struct ksw_tl_fev *fe = &f->ev[i];
		int j;

		if (fe->e.type != KSW_TL_RECLAIM_BEGIN) {
			f->ev[n++] = *fe;
			continue;
		}
		j = marks ? ksw_tl_reclaim_end(marks, nmarks, &fe->e) : -1;
		if (j >= 0 && marks[j].ts < from)
			continue;		/* over before the window */
		if (j >= 0 && marks[j].ts <= to) {
			fe->dur_ns = marks[j].ts - fe->e.ts;
			if (fe->e.a == KSW_TL_RC_KSWAPD)
				fe->nr = marks[j].u.rc.nr - fe->e.u.rc.nr;
			else if (marks[j].type == KSW_TL_RECLAIM_END)
				fe->nr = marks[j].u.rc.nr;
		} else {
			/* Not over at the window's end (or its end was lost). */
			if (fe->e.ts < from && j < 0 && !marks)
				continue;
			fe->dur_ns = to > fe->e.ts ? to - fe->e.ts : 0;
			fe->open = true;
		}
		f->ev[n++] = *fe;
	}
	kvfree(marks);
	f->n = n;
	/* Kept at its size: room was made for whole rings. */
	{
		struct ksw_tl_frozen *g = kvmalloc(struct_size(g, ev, n), GFP_KERNEL);

		if (g) {
			memcpy(g, f, struct_size(g, ev, n));
			kvfree(f);
			f = g;
		}
	}

	/* Per CPU, oldest first: the gap event sorts in among them. */
	for (i = 0; i < n;) {
		unsigned int j = i;
		unsigned int k;

		while (j < n && f->ev[j].cpu == f->ev[i].cpu)
			j++;
		/* Insertion sort by ts within one CPU's run. */
		for (k = i + 1; k < j; k++) {
			struct ksw_tl_fev t = f->ev[k];
			unsigned int m = k;

			while (m > i && f->ev[m - 1].e.ts > t.e.ts) {
				f->ev[m] = f->ev[m - 1];
				m--;
			}
			f->ev[m] = t;
		}
		i = j;
	}

	kvfree(ksw_tl_kept[ksw_tl_nkept % KSW_TL_KEEP]);
	ksw_tl_kept[ksw_tl_nkept % KSW_TL_KEEP] = f;
	ksw_tl_nkept++;
}

static void ksw_tl_work_fn(struct work_struct *work)
{
	struct ksw_stall_info info;

	mutex_lock(&ksw_tl_mutex);
	while (ksw_tl_ready &&
	       ksw_watchdog_stall_next(ksw_tl_frozen_seq, &info, ksw_tl_stall_cpus)) {
		ksw_tl_frozen_seq = info.seq;
		ksw_tl_freeze(&info);
	}
	mutex_unlock(&ksw_tl_mutex);
}

/* ------------------------------------------------------------------ */
/* debugfs */

static const char *const ksw_tl_softirq_names[NR_SOFTIRQS] = {
	[HI_SOFTIRQ] = "HI",
	[TIMER_SOFTIRQ] = "TIMER",
	[NET_TX_SOFTIRQ] = "NET_TX",
	[NET_RX_SOFTIRQ] = "NET_RX",
	[BLOCK_SOFTIRQ] = "BLOCK",
	[IRQ_POLL_SOFTIRQ] = "IRQ_POLL",
	[TASKLET_SOFTIRQ] = "TASKLET",
	[SCHED_SOFTIRQ] = "SCHED",
	[HRTIMER_SOFTIRQ] = "HRTIMER",
	[RCU_SOFTIRQ] = "RCU",
};

static const char *ksw_tl_zone_name(int nid, int zid)
{
	if (nid < 0 || nid >= nr_node_ids || !node_online(nid) || zid < 0 ||
	    zid >= MAX_NR_ZONES)
		return "-";
	return NODE_DATA(nid)->node_zones[zid].name;
}

static void ksw_tl_show_word(struct seq_file *m, const char *key, const char *s)
{
	seq_printf(m, " %s=", key);
	ksw_seq_put_word(m, s[0] ? s : "-");
}

static void ksw_tl_show(struct seq_file *m, u64 seq, const struct ksw_tl_fev *fe)
{
	const struct ksw_tl_ev *e = &fe->e;

	seq_printf(m, "stall=%llu cpu=%u ts_ns=%llu event=", seq, fe->cpu, e->ts);
	switch (e->type) {
	case KSW_TL_SWITCH:
		seq_puts(m, "switch");
		ksw_tl_show_word(m, "prev_comm", e->u.sw.prev_comm);
		seq_printf(m, " prev_pid=%d prev_prio=%u prev_state=", e->pid, e->b);
		if (e->a == '+')
			seq_puts(m, "R+");
		else
			seq_putc(m, e->a);
		ksw_tl_show_word(m, "next_comm", e->u.sw.next_comm);
		seq_printf(m, " next_pid=%d next_prio=%u", e->u.sw.next_pid, e->c);
		break;
	case KSW_TL_IRQ:
		seq_printf(m, "irq irq=%d", e->u.irq.irq);
		ksw_tl_show_word(m, "name", e->u.irq.name);
		seq_printf(m, " dur_us=%u", e->dur_ns / 1000);
		break;
	case KSW_TL_SOFTIRQ:
		seq_printf(m, "softirq vec=%s dur_us=%u",
			   e->a < NR_SOFTIRQS && ksw_tl_softirq_names[e->a] ?
			   ksw_tl_softirq_names[e->a] : "-", e->dur_ns / 1000);
		break;
	case KSW_TL_RECLAIM_BEGIN:
		seq_printf(m, "reclaim kind=%s pid=%d", ksw_tl_reclaim_kind_name(e->a), e->pid);
		ksw_tl_show_word(m, "comm", e->u.rc.comm);
		seq_printf(m, " dur_us=%llu nr_reclaimed=%llu open=%d",
			   div_u64(fe->dur_ns, NSEC_PER_USEC), fe->nr, fe->open);
		if (e->a == KSW_TL_RC_KSWAPD)
			seq_printf(m, " nid=%d zone=%s order=%d", e->u.rc.nid,
				   ksw_tl_zone_name(e->u.rc.nid, e->b), e->u.rc.order);
		break;
	case KSW_TL_WAKEUP_KSWAPD:
		seq_printf(m, "wakeup_kswapd nid=%d zone=%s order=%d", e->u.wk.nid,
			   ksw_tl_zone_name(e->u.wk.nid, e->b), e->u.wk.order);
		ksw_tl_show_word(m, "comm", e->u.wk.comm);
		seq_printf(m, " pid=%d", e->pid);
		break;
	case KSW_TL_ISOLATE:
		seq_printf(m, "isolate nid=%d zone=%s scanned=%llu skipped=%llu taken=%llu calls=%u dur_us=%u pid=%d",
			   e->u.iso.nid, ksw_tl_zone_name(e->u.iso.nid, e->b),
			   e->u.iso.scanned, e->u.iso.skipped, e->u.iso.taken,
			   e->u.iso.calls, e->dur_ns / 1000, e->pid);
		break;
	case KSW_TL_GAP:
		seq_printf(m, "gap start_ns=%llu end_ns=%llu kind=%s", e->ts, e->u.gap.end,
			   ksw_stall_kind_name(e->u.gap.kind));
		break;
	default:
		seq_puts(m, "-");
		break;
	}
	seq_putc(m, '\n');
}

/* The seq_file position: the n-th event of the kept stalls, oldest first. */
static const struct ksw_tl_fev *ksw_tl_at(loff_t pos, u64 *seq)
{
	u64 k = ksw_tl_nkept > KSW_TL_KEEP ? ksw_tl_nkept - KSW_TL_KEEP : 0;

	for (; k < ksw_tl_nkept; k++) {
		const struct ksw_tl_frozen *f = ksw_tl_kept[k % KSW_TL_KEEP];

		if (!f)
			continue;
		if (pos < f->n) {
			*seq = f->seq;
			return &f->ev[pos];
		}
		pos -= f->n;
	}
	return NULL;
}

static void *ksw_tl_seq_start(struct seq_file *m, loff_t *pos)
{
	u64 seq;

	mutex_lock(&ksw_tl_mutex);
	return (void *)ksw_tl_at(*pos, &seq);
}

static void *ksw_tl_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	u64 seq;

	++*pos;
	return (void *)ksw_tl_at(*pos, &seq);
}

static void ksw_tl_seq_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&ksw_tl_mutex);
}

static int ksw_tl_seq_show(struct seq_file *m, void *v)
{
	u64 seq = 0;

	/* Found again for its stall's seq: cheap next to the printing. */
	ksw_tl_at(m->index, &seq);
	ksw_tl_show(m, seq, v);
	return 0;
}

static const struct seq_operations ksw_tl_seq_sops = {
	.start	= ksw_tl_seq_start,
	.next	= ksw_tl_seq_next,
	.stop	= ksw_tl_seq_stop,
	.show	= ksw_tl_seq_show,
};
DEFINE_SEQ_ATTRIBUTE(ksw_tl_seq);

/**
 * ksw_timeline_debugfs() - create the timeline file
 * @dir: the kswapwatch debugfs directory
 */
void ksw_timeline_debugfs(struct dentry *dir)
{
	debugfs_create_file(KSW_FILE_TIMELINE, 0400, dir, NULL, &ksw_tl_seq_fops);
}

/**
 * ksw_timeline_reset() - forget the frozen timelines, as the stalls go
 */
void ksw_timeline_reset(void)
{
	unsigned int i;

	mutex_lock(&ksw_tl_mutex);
	for (i = 0; i < KSW_TL_KEEP; i++) {
		kvfree(ksw_tl_kept[i]);
		ksw_tl_kept[i] = NULL;
	}
	ksw_tl_freeze_failed = 0;
	mutex_unlock(&ksw_tl_mutex);
}

/* ------------------------------------------------------------------ */
/* Part of the timeline's init and exit */

/* Under ksw_tl_mutex: the worker's buffer for one CPU's window. */
void ksw_tl_scratch_replace(struct ksw_tl_ev *scratch, unsigned int len)
{
	kvfree(ksw_tl_scratch);
	ksw_tl_scratch = scratch;
	ksw_tl_scratch_len = len;
}

/* Under ksw_tl_mutex. */
void ksw_tl_freeze_counts(u64 *kept, unsigned long *failed)
{
	*kept = min_t(u64, ksw_tl_nkept, KSW_TL_KEEP);
	*failed = ksw_tl_freeze_failed;
}

int ksw_tl_freeze_init(void)
{
	ksw_tl_stall_cpus = bitmap_zalloc(nr_cpu_ids, GFP_KERNEL);
	return ksw_tl_stall_cpus ? 0 : -ENOMEM;
}

/* Records may queue the freeze from now on. */
void ksw_tl_freeze_start(void)
{
	WRITE_ONCE(ksw_tl_queue_ok, true);
}

/* No record queues it any more, and it is not running. */
void ksw_tl_freeze_stop(void)
{
	WRITE_ONCE(ksw_tl_queue_ok, false);
	cancel_work_sync(&ksw_tl_work);
}

void ksw_tl_freeze_exit(void)
{
	ksw_timeline_reset();
	bitmap_free(ksw_tl_stall_cpus);
	ksw_tl_stall_cpus = NULL;
}
