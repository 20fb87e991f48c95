// SPDX-License-Identifier: GPL-2.0
/*
 * kswapwatch: the per-node history of kswapd_failures.
 *
 * kswapd gives up on a node after KSW_MAX_RECLAIM_RETRIES balance_pgdat()
 * runs that reclaimed nothing, and any reclaim progress sets the count back
 * to 0.  This part records every step and every reset with its reason.
 *
 * Native: kernels with mm_vmscan_kswapd_reclaim_fail and
 * mm_vmscan_kswapd_clear_hopeless report each step and reset themselves,
 * with the kernel's own reason.
 *
 * Inferred: elsewhere the count is read where it can change (kswapd waking
 * and going to sleep, the start and end of every reclaim outside kswapd)
 * and every KSW_TICK_MS, and compared with the value last recorded; who
 * made a reset is inferred as failures_logic.h explains.
 *
 * Records go into one ring for all nodes under a raw spinlock, held only
 * to copy a record in or out: writers run in any context, from several
 * CPUs at once, and the lock stays a spinning lock on PREEMPT_RT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/swap.h>
#include <linux/vmstat.h>
#include <linux/workqueue.h>

#include "kswapwatch.h"
#include "failures_logic.h"
#include "trace.h"

/* Period of the inferred path's reading of every node. */
#define KSW_TICK_MS		100

struct ksw_fnode {
	/* Under ksw_flock; @last is also read without it to skip the lock. */
	int last;			/* the value last recorded */
	struct ksw_fstats stats;
	/* Hints written by the probes without the lock. */
	int kswapd_active;		/* kswapd between kswapd_wake and _sleep */
	int kswapd_zoneidx;		/* highest zone of kswapd's last run */
	int progress;			/* last context to reclaim pages here */
};

static DEFINE_RAW_SPINLOCK(ksw_flock);
static struct ksw_fring ksw_fring;
static struct ksw_fnode *ksw_fnodes;	/* nr_node_ids entries */

/* Highest zone of the latest reclaim begun outside kswapd, any task. */
static int ksw_direct_zoneidx = MAX_NR_ZONES - 1;

static struct delayed_work ksw_ftick;

const char *ksw_failures_source(void)
{
	return KSW_FAILURES_NATIVE ? "tracepoint" : "inferred";
}

static struct ksw_fnode *ksw_fnode(int nid)
{
	if (unlikely(!ksw_fnodes || nid < 0 || nid >= nr_node_ids))
		return NULL;
	return &ksw_fnodes[nid];
}

/*
 * The upstream fix's pgdat_balanced() at order 0: some managed zone up to
 * @highest_zoneidx has free pages, less those the request may not use,
 * above its high watermark (with any boost) plus its lowmem reserve
 * against @highest_zoneidx.  zone_watermark_ok_safe() is not exported; this
 * is its order-0 arithmetic.  Not modelled: higher orders, and the
 * promotion watermark of NUMA memory tiering.  A node with no managed zone
 * in range is balanced, as in the kernel.
 */
static bool ksw_node_balanced(int nid, int highest_zoneidx)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	bool any = false;
	int i;

	if (highest_zoneidx < 0 || highest_zoneidx >= MAX_NR_ZONES)
		highest_zoneidx = MAX_NR_ZONES - 1;
	for (i = 0; i <= highest_zoneidx; i++) {
		struct zone *zone = pgdat->node_zones + i;
		long free, unusable;

		if (!managed_zone(zone))
			continue;
		any = true;
		free = zone_page_state(zone, NR_FREE_PAGES);
		/* As zone_watermark_ok_safe(): exact when close to the mark. */
		if (zone->percpu_drift_mark && free < (long)zone->percpu_drift_mark)
			free = zone_page_state_snapshot(zone, NR_FREE_PAGES);
		unusable = READ_ONCE(zone->nr_reserved_highatomic);
#ifdef CONFIG_CMA
		unusable += zone_page_state(zone, NR_FREE_CMA_PAGES);
#endif
		if (ksw_zone_wmark_ok(free, unusable, high_wmark_pages(zone),
				      READ_ONCE(zone->lowmem_reserve[highest_zoneidx])))
			return true;
	}
	return !any;
}

/* The reclaim a reset of @reason belongs to was for this highest zone. */
static int ksw_reason_zoneidx(struct ksw_fnode *fn, int reason)
{
	if (reason == KSW_RESET_DIRECT)
		return READ_ONCE(ksw_direct_zoneidx);
	return READ_ONCE(fn->kswapd_zoneidx);
}

static void ksw_rec_fill(struct ksw_frec *rec, int nid)
{
	rec->ts_ns = ktime_get_ns();
	rec->nid = nid;
	rec->pid = task_pid_nr(current);
	ksw_comm_copy(rec->comm, current->comm);
	rec->cgroup = 0;
#ifdef CONFIG_CGROUPS
	/* Which cgroup's reclaim reset the node: memory.high is set per cgroup. */
	rcu_read_lock();
	rec->cgroup = cgroup_id(task_dfl_cgroup(current));
	rcu_read_unlock();
#endif
}

/* Under ksw_flock. */
static void ksw_rec_push(struct ksw_fnode *fn, struct ksw_frec *rec)
{
	ksw_fring_push(&ksw_fring, rec);
	ksw_fstats_apply(&fn->stats, rec);
	trace_kswapd_failures(rec);
}

/* Native path: a balance_pgdat() run reclaimed nothing. */
void ksw_failures_native_fail(int nid, int failures)
{
	struct ksw_fnode *fn = ksw_fnode(nid);
	struct ksw_frec rec = {
		.event = KSW_EV_FAIL,
		.failures = failures,
		.prev = failures - 1,	/* the kernel adds one at a time */
		.reason = KSW_REASON_NONE,
		.source = KSW_SRC_TRACEPOINT,
	};
	unsigned long flags;

	if (!fn)
		return;
	ksw_rec_fill(&rec, nid);
	rec.balanced = ksw_node_balanced(nid, READ_ONCE(fn->kswapd_zoneidx));
	raw_spin_lock_irqsave(&ksw_flock, flags);
	ksw_rec_push(fn, &rec);
	WRITE_ONCE(fn->last, failures);
	raw_spin_unlock_irqrestore(&ksw_flock, flags);
}

/* Native path: kswapd_failures went from non-zero to 0, for @reason. */
void ksw_failures_native_reset(int nid, int reason)
{
	struct ksw_fnode *fn = ksw_fnode(nid);
	struct ksw_frec rec = {
		.event = KSW_EV_RESET,
		.failures = 0,
		.reason = reason,
		.source = KSW_SRC_TRACEPOINT,
	};
	unsigned long flags;

	if (!fn)
		return;
	ksw_rec_fill(&rec, nid);
	/*
	 * Where kswapd and direct reclaim only reset a balanced node, the
	 * kernel has just checked it with the exact order and zone of the
	 * reclaim, which this module cannot see: take its word.
	 */
	if (IS_ENABLED(HAVE_KSWAPD_TRY_CLEAR_HOPELESS) &&
	    (reason == KSW_RESET_KSWAPD || reason == KSW_RESET_DIRECT))
		rec.balanced = 1;
	else
		rec.balanced = ksw_node_balanced(nid, ksw_reason_zoneidx(fn, reason));
	raw_spin_lock_irqsave(&ksw_flock, flags);
	rec.prev = fn->last;
	ksw_rec_push(fn, &rec);
	WRITE_ONCE(fn->last, 0);
	raw_spin_unlock_irqrestore(&ksw_flock, flags);
}

/* Inferred path: records what changed on @nid since the last record. */
static void ksw_fsync_slow(int nid, struct ksw_fnode *fn, enum ksw_obs obs,
			   int now)
{
	struct ksw_infer_in in = { .obs = obs, .now = now };
	struct ksw_infer_plan plan;
	struct ksw_frec rec = { .seq = 0 };
	unsigned long flags;
	int i;

	in.last = READ_ONCE(fn->last);
	in.progress = READ_ONCE(fn->progress);
	if (now < in.last)
		in.in_flight = READ_ONCE(fn->kswapd_active) ||
			       ksw_probes_reclaims_in_flight() > 0;
	if (!ksw_infer(&in, &plan))
		return;

	ksw_rec_fill(&rec, nid);
	rec.balanced = ksw_node_balanced(nid, ksw_reason_zoneidx(fn,
							plan.reset_reason));
	raw_spin_lock_irqsave(&ksw_flock, flags);
	/* Someone else recorded this change first: theirs stands. */
	if (fn->last != in.last)
		goto out;
	for (i = 0; i < plan.nrec; i++) {
		ksw_infer_rec(&plan, i, &rec);
		ksw_rec_push(fn, &rec);
	}
	WRITE_ONCE(fn->last, now);
	/* The next reset needs new progress to be attributed by it. */
	WRITE_ONCE(fn->progress, KSW_REASON_NONE);
out:
	raw_spin_unlock_irqrestore(&ksw_flock, flags);
}

static __always_inline void ksw_fsync(int nid, enum ksw_obs obs)
{
	struct ksw_fnode *fn = ksw_fnode(nid);
	int now;

	if (!fn)
		return;
	now = ksw_kswapd_failures(NODE_DATA(nid));
	if (likely(now == READ_ONCE(fn->last)))
		return;
	ksw_fsync_slow(nid, fn, obs, now);
}

static void ksw_fsync_all(enum ksw_obs obs)
{
	int nid;

	for_each_online_node(nid)
		ksw_fsync(nid, obs);
}

void ksw_failures_kswapd_wake(int nid, int zid)
{
	struct ksw_fnode *fn = ksw_fnode(nid);

	if (!fn)
		return;
	if (READ_ONCE(fn->kswapd_zoneidx) != zid)
		WRITE_ONCE(fn->kswapd_zoneidx, zid);
	if (KSW_FAILURES_NATIVE)
		return;
	/* Only a kswapd that ran since its last look can claim a reset. */
	ksw_fsync(nid, READ_ONCE(fn->kswapd_active) ? KSW_OBS_KSWAPD : KSW_OBS_TICK);
	WRITE_ONCE(fn->kswapd_active, 1);
}

void ksw_failures_kswapd_sleep(int nid)
{
	struct ksw_fnode *fn = ksw_fnode(nid);

	if (!fn || KSW_FAILURES_NATIVE)
		return;
	ksw_fsync(nid, READ_ONCE(fn->kswapd_active) ? KSW_OBS_KSWAPD : KSW_OBS_TICK);
	WRITE_ONCE(fn->kswapd_active, 0);
}

/* A reclaim outside kswapd begins: changes seen now are not its doing. */
void ksw_failures_reclaim_begin(int highest_zoneidx)
{
	if (READ_ONCE(ksw_direct_zoneidx) != highest_zoneidx)
		WRITE_ONCE(ksw_direct_zoneidx, highest_zoneidx);
	if (!KSW_FAILURES_NATIVE)
		ksw_fsync_all(KSW_OBS_TICK);
}

/* A reclaim outside kswapd ends: with progress, it may have reset. */
void ksw_failures_reclaim_end(unsigned long nr_reclaimed)
{
	if (!KSW_FAILURES_NATIVE)
		ksw_fsync_all(nr_reclaimed ? KSW_OBS_DIRECT : KSW_OBS_TICK);
}

/* Pages reclaimed from @nid by the current task: the likely next resetter. */
void ksw_failures_progress(int nid, unsigned long nr_reclaimed)
{
	struct ksw_fnode *fn;
	int who;

	if (KSW_FAILURES_NATIVE || !nr_reclaimed)
		return;
	fn = ksw_fnode(nid);
	if (!fn)
		return;
	who = current_is_kswapd() ? KSW_RESET_KSWAPD : KSW_RESET_DIRECT;
	/* Written only on a change: the line stays shared between CPUs. */
	if (READ_ONCE(fn->progress) != who)
		WRITE_ONCE(fn->progress, who);
}

static void ksw_ftick_fn(struct work_struct *work)
{
	ksw_fsync_all(KSW_OBS_TICK);
	schedule_delayed_work(&ksw_ftick, msecs_to_jiffies(KSW_TICK_MS));
}

int ksw_failures_init(void)
{
	int nid;

	ksw_fnodes = kcalloc(nr_node_ids, sizeof(*ksw_fnodes), GFP_KERNEL);
	if (!ksw_fnodes)
		return -ENOMEM;
	ksw_fring_init(&ksw_fring);
	for (nid = 0; nid < nr_node_ids; nid++) {
		ksw_fnodes[nid].kswapd_zoneidx = MAX_NR_ZONES - 1;
		ksw_fnodes[nid].progress = KSW_REASON_NONE;
		/* Steps taken before the module loaded are not history. */
		if (node_online(nid))
			ksw_fnodes[nid].last = ksw_kswapd_failures(NODE_DATA(nid));
	}
	INIT_DELAYED_WORK(&ksw_ftick, ksw_ftick_fn);
	if (!KSW_FAILURES_NATIVE)
		schedule_delayed_work(&ksw_ftick, msecs_to_jiffies(KSW_TICK_MS));
	return 0;
}

/* After the probes are gone: nothing else reaches this part's state. */
void ksw_failures_exit(void)
{
	cancel_delayed_work_sync(&ksw_ftick);
	kfree(ksw_fnodes);
	ksw_fnodes = NULL;
}

void ksw_failures_reset(void)
{
	unsigned long flags;
	int nid;

	raw_spin_lock_irqsave(&ksw_flock, flags);
	ksw_fring_clear(&ksw_fring);
	for (nid = 0; nid < nr_node_ids; nid++)
		memset(&ksw_fnodes[nid].stats, 0, sizeof(ksw_fnodes[nid].stats));
	raw_spin_unlock_irqrestore(&ksw_flock, flags);
}

static void ksw_fstats_get(int nid, struct ksw_fstats *s)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&ksw_flock, flags);
	*s = ksw_fnodes[nid].stats;
	raw_spin_unlock_irqrestore(&ksw_flock, flags);
}

static int nodes_show(struct seq_file *m, void *v)
{
	struct ksw_fstats s;
	int nid, failures;

	for_each_online_node(nid) {
		ksw_fstats_get(nid, &s);
		failures = ksw_kswapd_failures(NODE_DATA(nid));
		seq_printf(m, "nid=%d failures=%d max_retries=%d hopeless=%d fails_total=%llu resets_kswapd=%llu resets_direct=%llu resets_pcp=%llu resets_other=%llu hopeless_episodes=%llu spurious_resets=%llu\n",
			   nid, failures, KSW_MAX_RECLAIM_RETRIES,
			   failures >= KSW_MAX_RECLAIM_RETRIES, s.fails_total,
			   s.resets[KSW_RESET_KSWAPD], s.resets[KSW_RESET_DIRECT],
			   s.resets[KSW_RESET_PCP], s.resets[KSW_RESET_OTHER],
			   s.hopeless_episodes, s.spurious_resets);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nodes);

/*
 * The history, oldest first.  The file position is the sequence number of
 * the next record to show, so records pushed or overwritten between two
 * reads neither repeat nor shift the listing.
 */
static void *ksw_hist_get(struct seq_file *m, loff_t pos)
{
	struct ksw_frec *rec = m->private;
	unsigned long flags;
	bool found;

	raw_spin_lock_irqsave(&ksw_flock, flags);
	found = ksw_fring_get(&ksw_fring, pos, rec);
	raw_spin_unlock_irqrestore(&ksw_flock, flags);
	return found ? rec : NULL;
}

static void *ksw_hist_start(struct seq_file *m, loff_t *pos)
{
	return ksw_hist_get(m, *pos);
}

static void *ksw_hist_next(struct seq_file *m, void *v, loff_t *pos)
{
	*pos = ((struct ksw_frec *)v)->seq + 1;
	return ksw_hist_get(m, *pos);
}

static void ksw_hist_stop(struct seq_file *m, void *v)
{
}

static int ksw_hist_show(struct seq_file *m, void *v)
{
	const struct ksw_frec *r = v;

	seq_printf(m, "seq=%llu ts_ns=%llu nid=%d event=%s failures=%d prev=%d reason=%s source=%s balanced=%d comm=",
		   r->seq, r->ts_ns, r->nid,
		   r->event == KSW_EV_FAIL ? "fail" : "reset",
		   r->failures, r->prev,
		   r->event == KSW_EV_RESET ? ksw_reset_reason_name(r->reason) : "-",
		   r->source == KSW_SRC_TRACEPOINT ? "tracepoint" : "inferred",
		   r->balanced);
	ksw_seq_put_word(m, r->comm[0] ? r->comm : "-");
	seq_printf(m, " pid=%d cgroup=%llu\n", r->pid, r->cgroup);
	return 0;
}

static const struct seq_operations ksw_hist_sops = {
	.start	= ksw_hist_start,
	.next	= ksw_hist_next,
	.stop	= ksw_hist_stop,
	.show	= ksw_hist_show,
};

static int ksw_hist_open(struct inode *inode, struct file *file)
{
	return seq_open_private(file, &ksw_hist_sops, sizeof(struct ksw_frec));
}

static const struct file_operations ksw_hist_fops = {
	.owner		= THIS_MODULE,
	.open		= ksw_hist_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= seq_release_private,
};

void ksw_failures_debugfs(struct dentry *dir)
{
	debugfs_create_file(KSW_FILE_NODES, 0400, dir, NULL, &nodes_fops);
	debugfs_create_file(KSW_FILE_FAILURES, 0400, dir, NULL, &ksw_hist_fops);
}

void ksw_failures_summary(struct seq_file *m)
{
	unsigned long long recs, dropped;
	struct ksw_fstats s;
	unsigned long flags;
	int nid, failures;

	if (KSW_FAILURES_NATIVE)
		seq_puts(m, "kswapd_failures: from the kernel's tracepoints\n");
	else
		seq_printf(m, "kswapd_failures: inferred, read at reclaim begin/end, kswapd wake/sleep and every %d ms\n",
			   KSW_TICK_MS);
	for_each_online_node(nid) {
		ksw_fstats_get(nid, &s);
		failures = ksw_kswapd_failures(NODE_DATA(nid));
		seq_printf(m, "node %d: kswapd_failures=%d%s; %llu failed kswapd runs, %llu times hopeless; resets: %llu kswapd, %llu direct, %llu pcp, %llu other, %llu of them while not balanced\n",
			   nid, failures,
			   failures >= KSW_MAX_RECLAIM_RETRIES ? " (hopeless: kswapd has given up)" : "",
			   s.fails_total, s.hopeless_episodes,
			   s.resets[KSW_RESET_KSWAPD], s.resets[KSW_RESET_DIRECT],
			   s.resets[KSW_RESET_PCP], s.resets[KSW_RESET_OTHER],
			   s.spurious_resets);
		if (s.spurious_resets && s.hopeless_episodes)
			seq_printf(m, "node %d: reclaim revived a hopeless kswapd while the node was not balanced: kswapd may scan without end (upstream resets only once the node is balanced)\n",
				   nid);
	}
	raw_spin_lock_irqsave(&ksw_flock, flags);
	recs = ksw_fring.next_seq - ksw_fring_oldest(&ksw_fring);
	dropped = ksw_fring_dropped(&ksw_fring);
	raw_spin_unlock_irqrestore(&ksw_flock, flags);
	seq_printf(m, "kswapd_failures history: %llu records kept, %llu older ones overwritten\n",
		   recs, dropped);
}
