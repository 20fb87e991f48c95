// SPDX-License-Identifier: GPL-2.0
/*
 * kswapwatch: per-zone reclaim statistics and the scan-storm signal.
 *
 * Since the LRU lists moved from the zone to the node the kernel keeps
 * almost no per-zone account of reclaim.  This part keeps one for every
 * (node, zone): how often kswapd was woken and ran for it, what LRU
 * isolation scanned, skipped and took while it was reclaim's highest
 * zone, how much CPU time kswapd spent on runs for it, and which classes
 * of allocation woke kswapd for it.  The `zones` file shows these next to
 * the numbers /proc/zoneinfo prints.
 *
 * The zone of an event: tracepoints give the highest zone index a request
 * may use (an allocation's gfp_zone(), kswapd's highest_zoneidx, a scan's
 * reclaim_idx), often a zone the node does not have: ZONE_MOVABLE for
 * user pages.  Reclaim for it is reclaim for the highest zone the node
 * has at or below it, and the event is counted there (zones_logic.h).
 *
 * The node of an isolation: mm_vmscan_lru_isolate does not tell.  kswapd's
 * is its own node.  Other reclaim is counted on the node of the CPU it
 * runs on, where its zonelist starts, or when that node has no zone at or
 * below the target, on the first node that has one: with several nodes
 * this part of the account is approximate.
 *
 * A scan storm (zones_logic.h): an isolation aimed at a zone below the
 * node's highest that passed over far more pages than it took, as in the
 * freezes where kswapd reclaiming for ZONE_DMA walked the whole LRU,
 * skipping Normal pages, under the LRU lock.
 *
 * The probes bump per-CPU counters, without locks or atomics; a reset
 * records the sums as a base, as probes.c does.  A kswapd run is timed in
 * a per-node slot that only that node's kswapd writes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/topology.h>
#include <linux/vmstat.h>

#include "kswapwatch.h"
#include "zones_logic.h"

/* The counters of one (node, zone), as u64 slots so they sum in a loop. */
enum {
	KSW_ZC_WAKEUPS,		/* mm_vmscan_wakeup_kswapd */
	KSW_ZC_RUNS,		/* mm_vmscan_kswapd_wake */
	KSW_ZC_SCANNED,		/* mm_vmscan_lru_isolate, aimed at this zone */
	KSW_ZC_SKIPPED,
	KSW_ZC_TAKEN,
	KSW_ZC_STORMS,		/* of those, isolations that were storms */
	KSW_ZC_RUN_NS,		/* kswapd CPU time in runs for this zone */
	/* Wakeups by the allocation's own zone and class. */
	KSW_ZC_GFP,
	KSW_ZC_NR = KSW_ZC_GFP + MAX_NR_ZONES * KSW_GFP_NR
};

struct ksw_zcnt {
	u64 v[KSW_ZC_NR];
};

/* One node's counters on one CPU. */
struct ksw_zpcpu {
	struct ksw_zcnt c[MAX_NR_ZONES];
	u64 storm_last_ns[MAX_NR_ZONES];	/* CLOCK_MONOTONIC, 0: none */
};

/* Read by every probe, written only when a node's zones change. */
struct ksw_zmap {
	s8 counted[MAX_NR_ZONES];	/* zone an event for zid is counted on */
	s8 top;				/* highest populated zone, -1: none */
};

/* A node's kswapd run in progress, written only by that kswapd. */
struct ksw_zrun {
	int zid;			/* zone the run is for, -1: none open */
	u64 start;			/* kswapd's sum_exec_runtime at the wake */
} ____cacheline_aligned_in_smp;

/* The latest storm isolation seen on a CPU, for ksw_zones_storm_since(). */
struct ksw_zlast {
	u64 ns;
	int nid;
	int zid;
};

static struct ksw_zpcpu __percpu **ksw_zpcpu;	/* nr_node_ids entries */
static struct ksw_zmap *ksw_zmap;
static struct ksw_zrun *ksw_zrun;
static struct ksw_zcnt (*ksw_zbase)[MAX_NR_ZONES];	/* sums at the last reset */
static DEFINE_PER_CPU(struct ksw_zlast, ksw_zlast);
/* Events for a node or zone this part does not know. */
static DEFINE_PER_CPU(unsigned long, ksw_zlost_events);
static u64 ksw_zreset_ns;

static unsigned int ksw_node_populated(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned int mask = 0;
	int zid;

	for (zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(&pgdat->node_zones[zid]))
			mask |= 1U << zid;
	return mask;
}

/* Rebuild a node's map; written only on a change, the line stays shared. */
static void ksw_zmap_update(int nid)
{
	struct ksw_zmap *map = &ksw_zmap[nid];
	unsigned int populated = node_online(nid) ? ksw_node_populated(nid) : 0;
	int zid, c;

	for (zid = 0; zid < MAX_NR_ZONES; zid++) {
		c = ksw_zone_counted(populated, MAX_NR_ZONES, zid);
		if (READ_ONCE(map->counted[zid]) != c)
			WRITE_ONCE(map->counted[zid], c);
	}
	c = ksw_zone_top(populated, MAX_NR_ZONES);
	if (READ_ONCE(map->top) != c)
		WRITE_ONCE(map->top, c);
}

static void ksw_zmap_update_all(void)
{
	int nid;

	for_each_node(nid)
		ksw_zmap_update(nid);
}

/* The zone of @nid an event for zone index @zid counts on, -1: none. */
static __always_inline int ksw_zcounted(int nid, int zid)
{
	if (unlikely(!ksw_zmap || nid < 0 || nid >= nr_node_ids ||
		     zid < 0 || zid >= MAX_NR_ZONES))
		return -1;
	return READ_ONCE(ksw_zmap[nid].counted[zid]);
}

static __always_inline struct ksw_zpcpu __percpu *ksw_zp(int nid)
{
	return READ_ONCE(ksw_zpcpu[nid]);
}

static void ksw_zlost(void)
{
	this_cpu_inc(ksw_zlost_events);
}

/**
 * ksw_zones_wakeup_kswapd() - an allocation woke kswapd (mm_vmscan_wakeup_kswapd)
 * @nid: kswapd's node
 * @zid: the allocation's highest zone index
 * @gfp: the allocation's flags
 */
void ksw_zones_wakeup_kswapd(int nid, int zid, gfp_t gfp)
{
	struct ksw_zpcpu __percpu *p;
	int z = ksw_zcounted(nid, zid);
	int gz = gfp_zone(gfp), cls;

	if (unlikely(z < 0 || !ksw_zp(nid))) {
		ksw_zlost();
		return;
	}
	p = ksw_zp(nid);
	cls = ksw_gfp_class(!gfp, gfp & __GFP_DIRECT_RECLAIM, gfp & __GFP_IO,
			    gfp & __GFP_FS, gfp & __GFP_HARDWALL);
	this_cpu_inc(p->c[z].v[KSW_ZC_WAKEUPS]);
	if (likely(gz >= 0 && gz < MAX_NR_ZONES))
		this_cpu_inc(p->c[z].v[KSW_ZC_GFP + gz * KSW_GFP_NR + cls]);
}

/* Called from the node's kswapd only: the slot has one writer. */
static void ksw_zrun_close(int nid)
{
	struct ksw_zrun *run = &ksw_zrun[nid];
	struct ksw_zpcpu __percpu *p = ksw_zp(nid);
	int zid = run->zid;
	u64 now;

	if (zid < 0)
		return;
	WRITE_ONCE(run->zid, -1);
	now = current->se.sum_exec_runtime;
	if (p && now > run->start)
		this_cpu_add(p->c[zid].v[KSW_ZC_RUN_NS], now - run->start);
}

/**
 * ksw_zones_kswapd_wake() - kswapd starts a run (mm_vmscan_kswapd_wake)
 * @nid: its node
 * @zid: the run's highest zone index
 *
 * Called in kswapd.  The run lasts until balance_pgdat() ends where the
 * kernel traces that, else until kswapd sleeps or starts its next run;
 * what is timed is kswapd's CPU time (sum_exec_runtime), so the short naps
 * between are not.  The scheduler brings that up to date at every tick and
 * switch: a run is timed to a tick, and one shorter than a tick may count 0.
 */
void ksw_zones_kswapd_wake(int nid, int zid)
{
	int z = ksw_zcounted(nid, zid);

	if (unlikely(!ksw_zrun || nid < 0 || nid >= nr_node_ids)) {
		ksw_zlost();
		return;
	}
	/* The previous run ends here if nothing ended it before. */
	ksw_zrun_close(nid);
	if (unlikely(z < 0 || !ksw_zp(nid))) {
		ksw_zlost();
		return;
	}
	this_cpu_inc(ksw_zp(nid)->c[z].v[KSW_ZC_RUNS]);
	ksw_zrun[nid].start = current->se.sum_exec_runtime;
	WRITE_ONCE(ksw_zrun[nid].zid, z);
}

/**
 * ksw_zones_kswapd_run_end() - kswapd's run ended or it went to sleep
 * @nid: its node
 *
 * Called in kswapd, from mm_vmscan_balance_pgdat_end and
 * mm_vmscan_kswapd_sleep; a run already closed stays closed.
 */
void ksw_zones_kswapd_run_end(int nid)
{
	if (unlikely(!ksw_zrun || nid < 0 || nid >= nr_node_ids))
		return;
	ksw_zrun_close(nid);
}

/* The node kswapd is for, or the local node for other reclaim. */
static __always_inline int ksw_isolate_nid(int zid, int *z)
{
	int nid;

	if (current_is_kswapd()) {
		for_each_online_node(nid) {
			if (READ_ONCE(NODE_DATA(nid)->kswapd) == current) {
				*z = ksw_zcounted(nid, zid);
				return nid;
			}
		}
	}
	nid = numa_node_id();
	*z = ksw_zcounted(nid, zid);
	if (likely(*z >= 0))
		return nid;
	/* The local node lacks such a low zone: the first node that has it. */
	for_each_online_node(nid) {
		*z = ksw_zcounted(nid, zid);
		if (*z >= 0)
			return nid;
	}
	return NUMA_NO_NODE;
}

/**
 * ksw_zones_lru_isolate() - one LRU isolation (mm_vmscan_lru_isolate)
 * @zid: reclaim's highest zone index (reclaim_idx)
 * @scanned: pages looked at
 * @skipped: pages skipped, being in zones above @zid
 * @taken: pages isolated
 *
 * Runs under the LRU lock with interrupts off, in every reclaim.
 */
void ksw_zones_lru_isolate(int zid, unsigned long scanned,
			   unsigned long skipped, unsigned long taken)
{
	struct ksw_zpcpu __percpu *p;
	int nid, z;
	u64 now;

	nid = ksw_isolate_nid(zid, &z);
	if (unlikely(nid == NUMA_NO_NODE || z < 0 || !ksw_zp(nid))) {
		ksw_zlost();
		return;
	}
	p = ksw_zp(nid);
	this_cpu_add(p->c[z].v[KSW_ZC_SCANNED], scanned);
	this_cpu_add(p->c[z].v[KSW_ZC_SKIPPED], skipped);
	this_cpu_add(p->c[z].v[KSW_ZC_TAKEN], taken);
	if (likely(!ksw_storm_isolation(z, READ_ONCE(ksw_zmap[nid].top),
					scanned, taken)))
		return;
	now = ktime_get_ns();
	this_cpu_inc(p->c[z].v[KSW_ZC_STORMS]);
	this_cpu_write(p->storm_last_ns[z], now);
	this_cpu_write(ksw_zlast.nid, nid);
	this_cpu_write(ksw_zlast.zid, z);
	this_cpu_write(ksw_zlast.ns, now);
}

/* The latest storm since the last reset: its time (0: none), node, zone. */
static u64 ksw_zstorm_latest(int *nid, int *zid)
{
	u64 best = 0, ns;
	int cpu;

	*nid = NUMA_NO_NODE;
	*zid = -1;
	for_each_possible_cpu(cpu) {
		const struct ksw_zlast *l = per_cpu_ptr(&ksw_zlast, cpu);

		ns = READ_ONCE(l->ns);
		if (ns > best) {
			best = ns;
			*nid = READ_ONCE(l->nid);
			*zid = READ_ONCE(l->zid);
		}
	}
	return best > READ_ONCE(ksw_zreset_ns) ? best : 0;
}

/**
 * ksw_zones_storm_since() - the latest scan storm at or after a moment
 * @since_ns: CLOCK_MONOTONIC (ktime_get_ns())
 * @nid: if not NULL, set to the storm's node
 * @zid: if not NULL, set to the zone reclaim was aimed at
 *
 * Safe in any context, hard interrupts included: it reads one per-CPU
 * record per CPU and takes no lock.  Storms before the last reset do not
 * count.
 *
 * Return: whether an LRU isolation that was a storm happened since @since_ns.
 */
bool ksw_zones_storm_since(u64 since_ns, int *nid, int *zid)
{
	int n, z;
	u64 last = ksw_zstorm_latest(&n, &z);

	if (!last || last < since_ns)
		return false;
	if (nid)
		*nid = n;
	if (zid)
		*zid = z;
	return true;
}

/**
 * ksw_zones_storm_active() - whether a scan storm happened at or after a moment
 * @since_ns: CLOCK_MONOTONIC (ktime_get_ns()), e.g. a stall's start
 *
 * For the stall watchdog: any context, no lock.
 *
 * Return: true if an LRU isolation since @since_ns was a storm.
 */
bool ksw_zones_storm_active(u64 since_ns)
{
	return ksw_zones_storm_since(since_ns, NULL, NULL);
}

/* Sums over all CPUs of one (node, zone) since load. */
static void ksw_zraw(int nid, int zid, struct ksw_zcnt *s, u64 *storm_last)
{
	struct ksw_zpcpu __percpu *p = ksw_zp(nid);
	int cpu, i;

	memset(s, 0, sizeof(*s));
	*storm_last = 0;
	if (!p)
		return;
	for_each_possible_cpu(cpu) {
		const struct ksw_zpcpu *c = per_cpu_ptr(p, cpu);

		for (i = 0; i < KSW_ZC_NR; i++)
			s->v[i] += READ_ONCE(c->c[zid].v[i]);
		*storm_last = max(*storm_last, READ_ONCE(c->storm_last_ns[zid]));
	}
}

/* The same since the last reset. */
static void ksw_zsum(int nid, int zid, struct ksw_zcnt *s, u64 *storm_last)
{
	u64 base;
	int i;

	ksw_zraw(nid, zid, s, storm_last);
	for (i = 0; i < KSW_ZC_NR; i++) {
		base = READ_ONCE(ksw_zbase[nid][zid].v[i]);
		/* A reset racing with this read: never show a wrapped count. */
		s->v[i] = s->v[i] > base ? s->v[i] - base : 0;
	}
	if (*storm_last <= READ_ONCE(ksw_zreset_ns))
		*storm_last = 0;
}

int ksw_zones_init(void)
{
	int nid;

	ksw_zpcpu = kcalloc(nr_node_ids, sizeof(*ksw_zpcpu), GFP_KERNEL);
	ksw_zmap = kcalloc(nr_node_ids, sizeof(*ksw_zmap), GFP_KERNEL);
	ksw_zrun = kcalloc(nr_node_ids, sizeof(*ksw_zrun), GFP_KERNEL);
	ksw_zbase = kcalloc(nr_node_ids, sizeof(*ksw_zbase), GFP_KERNEL);
	if (!ksw_zpcpu || !ksw_zmap || !ksw_zrun || !ksw_zbase)
		goto fail;
	for_each_node(nid) {
		ksw_zpcpu[nid] = alloc_percpu(struct ksw_zpcpu);
		if (!ksw_zpcpu[nid])
			goto fail;
	}
	for (nid = 0; nid < nr_node_ids; nid++) {
		memset(ksw_zmap[nid].counted, -1, sizeof(ksw_zmap[nid].counted));
		ksw_zmap[nid].top = -1;
		ksw_zrun[nid].zid = -1;
	}
	ksw_zmap_update_all();
	return 0;
fail:
	ksw_zones_exit();
	return -ENOMEM;
}

/* After the probes are gone: nothing else reaches this part's state. */
void ksw_zones_exit(void)
{
	int nid;

	if (ksw_zpcpu) {
		for (nid = 0; nid < nr_node_ids; nid++)
			free_percpu(ksw_zpcpu[nid]);
	}
	kfree(ksw_zpcpu);
	kfree(ksw_zmap);
	kfree(ksw_zrun);
	kfree(ksw_zbase);
	ksw_zpcpu = NULL;
	ksw_zmap = NULL;
	ksw_zrun = NULL;
	ksw_zbase = NULL;
}

/* Counters restart from 0, storms before now no longer count. */
void ksw_zones_reset(void)
{
	struct ksw_zcnt s;
	u64 last;
	int nid, zid, i;

	for_each_node(nid) {
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			ksw_zraw(nid, zid, &s, &last);
			for (i = 0; i < KSW_ZC_NR; i++)
				WRITE_ONCE(ksw_zbase[nid][zid].v[i], s.v[i]);
		}
	}
	WRITE_ONCE(ksw_zreset_ns, ktime_get_ns());
}

static void ksw_show_gfp(struct seq_file *m, int nid, const struct ksw_zcnt *s)
{
	const struct zone *zones = NODE_DATA(nid)->node_zones;
	bool any = false;
	int gz, cls;
	u64 n;

	for (gz = 0; gz < MAX_NR_ZONES; gz++) {
		for (cls = 0; cls < KSW_GFP_NR; cls++) {
			n = s->v[KSW_ZC_GFP + gz * KSW_GFP_NR + cls];
			if (!n)
				continue;
			if (cls == KSW_GFP_BOOST)
				seq_printf(m, "%sboost:%llu", any ? "," : "", n);
			else
				seq_printf(m, "%s%s-%s:%llu", any ? "," : "",
					   zones[gz].name, ksw_gfp_class_name(cls), n);
			any = true;
		}
	}
	if (!any)
		seq_putc(m, '-');
}

static int zones_show(struct seq_file *m, void *v)
{
	struct ksw_zcnt s;
	u64 storm_last;
	int nid, zid, i;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		/* Memory hotplug may have added or emptied a zone. */
		ksw_zmap_update(nid);
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];

			if (!populated_zone(zone))
				continue;
			ksw_zsum(nid, zid, &s, &storm_last);
			/* The order and the sources of /proc/zoneinfo. */
			seq_printf(m, "nid=%d zone=%s free=%lu min=%lu low=%lu high=%lu spanned=%lu present=%lu managed=%lu protection=",
				   nid, zone->name, zone_page_state(zone, NR_FREE_PAGES),
				   min_wmark_pages(zone), low_wmark_pages(zone),
				   high_wmark_pages(zone), zone->spanned_pages,
				   zone->present_pages, zone_managed_pages(zone));
			for (i = 0; i < MAX_NR_ZONES; i++)
				seq_printf(m, "%s%ld", i ? "," : "", zone->lowmem_reserve[i]);
			seq_printf(m, " kswapd_wakeups=%llu kswapd_runs=%llu reclaim_scanned=%llu reclaim_skipped=%llu reclaim_taken=%llu boost=%lu kswapd_run_ns=%llu storm_ratio=%llu storms=%llu storm_last_ns=%llu wakeup_gfp=",
				   s.v[KSW_ZC_WAKEUPS], s.v[KSW_ZC_RUNS],
				   s.v[KSW_ZC_SCANNED], s.v[KSW_ZC_SKIPPED],
				   s.v[KSW_ZC_TAKEN], zone->watermark_boost,
				   s.v[KSW_ZC_RUN_NS],
				   ksw_storm_ratio(s.v[KSW_ZC_SCANNED], s.v[KSW_ZC_TAKEN]),
				   s.v[KSW_ZC_STORMS], storm_last);
			ksw_show_gfp(m, nid, &s);
			seq_putc(m, '\n');
		}
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(zones);

void ksw_zones_debugfs(struct dentry *dir)
{
	debugfs_create_file(KSW_FILE_ZONES, 0400, dir, NULL, &zones_fops);
}

/* Seconds and milliseconds from @ns ago until @now, for people. */
static void ksw_seq_ago(struct seq_file *m, u64 now, u64 ns)
{
	u64 ms = now > ns ? (now - ns) / NSEC_PER_MSEC : 0;

	seq_printf(m, "%llu.%03llu s ago", ms / 1000, ms % 1000);
}

void ksw_zones_summary(struct seq_file *m)
{
	u64 now = ktime_get_ns(), storm_last, lost = 0;
	int nid, zid, top, cpu, snid, szid, shown = 0;
	struct ksw_zcnt s;

	for_each_online_node(nid) {
		ksw_zmap_update(nid);
		top = READ_ONCE(ksw_zmap[nid].top);
		for (zid = 0; zid < top; zid++) {
			if (!populated_zone(&NODE_DATA(nid)->node_zones[zid]))
				continue;
			ksw_zsum(nid, zid, &s, &storm_last);
			if (!s.v[KSW_ZC_SCANNED] && !s.v[KSW_ZC_RUNS] && !s.v[KSW_ZC_WAKEUPS])
				continue;
			seq_printf(m, "zones: node %d zone %s (below the node's %s): %llu kswapd wakeups, %llu runs, %llu.%03llu s kswapd CPU; isolation scanned %llu skipped %llu took %llu: storm_ratio %llu, %llu storm isolations",
				   nid, NODE_DATA(nid)->node_zones[zid].name,
				   NODE_DATA(nid)->node_zones[top].name,
				   s.v[KSW_ZC_WAKEUPS], s.v[KSW_ZC_RUNS],
				   s.v[KSW_ZC_RUN_NS] / NSEC_PER_SEC,
				   s.v[KSW_ZC_RUN_NS] % NSEC_PER_SEC / NSEC_PER_MSEC,
				   s.v[KSW_ZC_SCANNED], s.v[KSW_ZC_SKIPPED],
				   s.v[KSW_ZC_TAKEN],
				   ksw_storm_ratio(s.v[KSW_ZC_SCANNED], s.v[KSW_ZC_TAKEN]),
				   s.v[KSW_ZC_STORMS]);
			if (storm_last) {
				seq_puts(m, ", the last ");
				ksw_seq_ago(m, now, storm_last);
			}
			seq_putc(m, '\n');
			shown++;
		}
	}
	if (!shown)
		seq_puts(m, "zones: no reclaim aimed below a node's highest zone\n");
	storm_last = ksw_zstorm_latest(&snid, &szid);
	if (storm_last && snid >= 0 && snid < nr_node_ids && node_online(snid) &&
	    szid >= 0 && szid < MAX_NR_ZONES) {
		seq_printf(m, "scan storm: reclaim aimed at node %d zone %s passed over %d or more pages per page it took, the last time ",
			   snid, NODE_DATA(snid)->node_zones[szid].name, KSW_STORM_RATIO);
		ksw_seq_ago(m, now, storm_last);
		seq_putc(m, '\n');
	} else {
		seq_puts(m, "scan storm: none seen\n");
	}
	for_each_possible_cpu(cpu)
		lost += READ_ONCE(per_cpu(ksw_zlost_events, cpu));
	if (lost)
		seq_printf(m, "zones: %llu events since load for a node or zone not known here, not counted\n",
			   lost);
}
