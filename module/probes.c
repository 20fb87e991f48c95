// SPDX-License-Identifier: GPL-2.0
/*
 * kswapwatch: probes on the kernel's vmscan tracepoints.
 *
 * The tracepoints are not exported to modules, so they are found by name
 * with for_each_kernel_tracepoint() at load time.  Each probe's prototype
 * is checked against this kernel's own <trace/events/vmscan.h> by the
 * check_trace_callback_type_*() helpers that TRACE_EVENT() generates: a
 * changed TP_PROTO breaks the build, it never reaches a probe at run time.
 * Where a prototype differs between kernels, a feature test in
 * module/features/ picks the variant and the check covers the one picked.
 *
 * Probes run in any context, often with reclaim in full swing: they only
 * bump per-CPU counters and hand the few rare events to failures.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/swap.h>
#include <linux/tracepoint.h>
#include <trace/events/vmscan.h>

#include "kswapwatch.h"
#include "timeline_logic.h"

struct ksw_pcpu {
	unsigned long hits[KSW_P_NR];
	/* LRU isolation, by the highest zone reclaim was for. */
	unsigned long isolate_scanned[MAX_NR_ZONES];
	unsigned long isolate_skipped[MAX_NR_ZONES];
	unsigned long isolate_taken[MAX_NR_ZONES];
	/*
	 * Direct, memcg and node reclaims begun minus ended on this CPU.  A
	 * task may end on another CPU than it began on: only the sum over
	 * all CPUs means something.
	 */
	int reclaims_in_flight;
};

static DEFINE_PER_CPU(struct ksw_pcpu, ksw_pcpu);

/* Sums at the last reset; counters are shown relative to them. */
static unsigned long ksw_hits_base[KSW_P_NR];
static unsigned long ksw_isolate_base[3][MAX_NR_ZONES];

static __always_inline void ksw_hit(enum ksw_probe_id id)
{
	this_cpu_inc(ksw_pcpu.hits[id]);
}

/* The reclaim begin/end prototypes: memcg argument since 7.1. */
#ifdef HAVE_TP_DIRECT_RECLAIM_MEMCG
#define KSW_RECLAIM_BEGIN_PROTO	void *data, gfp_t gfp_flags, int order, \
				struct mem_cgroup *memcg
#define KSW_RECLAIM_END_PROTO	void *data, unsigned long nr_reclaimed, \
				struct mem_cgroup *memcg
#else
#define KSW_RECLAIM_BEGIN_PROTO	void *data, int order, gfp_t gfp_flags
#define KSW_RECLAIM_END_PROTO	void *data, unsigned long nr_reclaimed
#endif

static void ksw_probe_kswapd_wake(void *data, int nid, int zid, int order)
{
	ksw_hit(KSW_P_KSWAPD_WAKE);
	ksw_failures_kswapd_wake(nid, zid);
	ksw_watchdog_kswapd_wake(nid);
	ksw_zones_kswapd_wake(nid, zid);
	ksw_timeline_kswapd_wake(nid, zid, order);
}

static void ksw_probe_kswapd_sleep(void *data, int nid)
{
	ksw_hit(KSW_P_KSWAPD_SLEEP);
	ksw_failures_kswapd_sleep(nid);
	ksw_watchdog_kswapd_sleep(nid);
	ksw_zones_kswapd_run_end(nid);
	ksw_timeline_kswapd_sleep(nid);
}

static void ksw_probe_wakeup_kswapd(void *data, int nid, int zid, int order,
				    gfp_t gfp_flags)
{
	ksw_hit(KSW_P_WAKEUP_KSWAPD);
	ksw_zones_wakeup_kswapd(nid, zid, gfp_flags);
	ksw_timeline_wakeup_kswapd(nid, zid, order);
}

/*
 * Reclaim outside kswapd.  Soft-limit reclaim also runs inside kswapd's
 * balance_pgdat(), which is not "direct" and is not counted in flight.
 */
static __always_inline void ksw_reclaim_begin(enum ksw_probe_id id,
					      int highest_zoneidx)
{
	ksw_hit(id);
	if (current_is_kswapd())
		return;
	ksw_failures_reclaim_begin(highest_zoneidx);
	this_cpu_inc(ksw_pcpu.reclaims_in_flight);
	ksw_watchdog_reclaim_begin();
}

static __always_inline void ksw_reclaim_end(enum ksw_probe_id id,
					    unsigned long nr_reclaimed)
{
	ksw_hit(id);
	if (current_is_kswapd())
		return;
	/* Still counted in flight while it looks, so the tick leaves it its reset. */
	ksw_failures_reclaim_end(nr_reclaimed);
	this_cpu_dec(ksw_pcpu.reclaims_in_flight);
	ksw_watchdog_reclaim_end();
}

static void ksw_probe_direct_begin(KSW_RECLAIM_BEGIN_PROTO)
{
	ksw_timeline_reclaim_begin(KSW_TL_RC_DIRECT);
	ksw_reclaim_begin(KSW_P_DIRECT_BEGIN, gfp_zone(gfp_flags));
}

static void ksw_probe_direct_end(KSW_RECLAIM_END_PROTO)
{
	ksw_reclaim_end(KSW_P_DIRECT_END, nr_reclaimed);
	ksw_timeline_reclaim_end(KSW_TL_RC_DIRECT, nr_reclaimed);
}

/* try_to_free_mem_cgroup_pages() reclaims up to the highest zone. */
static void ksw_probe_memcg_begin(KSW_RECLAIM_BEGIN_PROTO)
{
	ksw_timeline_reclaim_begin(KSW_TL_RC_MEMCG);
	ksw_reclaim_begin(KSW_P_MEMCG_BEGIN, MAX_NR_ZONES - 1);
}

static void ksw_probe_memcg_end(KSW_RECLAIM_END_PROTO)
{
	ksw_reclaim_end(KSW_P_MEMCG_END, nr_reclaimed);
	ksw_timeline_reclaim_end(KSW_TL_RC_MEMCG, nr_reclaimed);
}

static void ksw_probe_softlimit_begin(KSW_RECLAIM_BEGIN_PROTO)
{
	ksw_reclaim_begin(KSW_P_SOFTLIMIT_BEGIN, MAX_NR_ZONES - 1);
}

static void ksw_probe_softlimit_end(KSW_RECLAIM_END_PROTO)
{
	ksw_reclaim_end(KSW_P_SOFTLIMIT_END, nr_reclaimed);
}

static void ksw_probe_node_reclaim_begin(void *data, int nid, int order,
					 gfp_t gfp_flags)
{
	ksw_timeline_reclaim_begin(KSW_TL_RC_NODE);
	ksw_reclaim_begin(KSW_P_NODE_RECLAIM_BEGIN, gfp_zone(gfp_flags));
}

static void ksw_probe_node_reclaim_end(KSW_RECLAIM_END_PROTO)
{
	ksw_reclaim_end(KSW_P_NODE_RECLAIM_END, nr_reclaimed);
	ksw_timeline_reclaim_end(KSW_TL_RC_NODE, nr_reclaimed);
}

/* The isolate_mode_t argument went away in 6.7. */
static void ksw_probe_lru_isolate(void *data, int highest_zoneidx, int order,
				  unsigned long nr_requested,
				  unsigned long nr_scanned,
				  unsigned long nr_skipped,
				  unsigned long nr_taken,
#ifdef HAVE_TP_LRU_ISOLATE_MODE
				  isolate_mode_t isolate_mode,
#endif
				  int lru)
{
	ksw_hit(KSW_P_LRU_ISOLATE);
	if (unlikely(highest_zoneidx < 0 || highest_zoneidx >= MAX_NR_ZONES))
		return;
	this_cpu_add(ksw_pcpu.isolate_scanned[highest_zoneidx], nr_scanned);
	this_cpu_add(ksw_pcpu.isolate_skipped[highest_zoneidx], nr_skipped);
	this_cpu_add(ksw_pcpu.isolate_taken[highest_zoneidx], nr_taken);
	ksw_zones_lru_isolate(highest_zoneidx, nr_scanned, nr_skipped, nr_taken);
	ksw_timeline_lru_isolate(highest_zoneidx, nr_scanned, nr_skipped, nr_taken);
}

static void ksw_probe_lru_shrink_inactive(void *data, int nid,
					  unsigned long nr_scanned,
					  unsigned long nr_reclaimed,
					  struct reclaim_stat *stat,
					  int priority, int file)
{
	ksw_hit(KSW_P_LRU_SHRINK_INACTIVE);
	ksw_failures_progress(nid, nr_reclaimed);
	ksw_timeline_shrink_inactive(nid, nr_reclaimed);
}

#ifdef HAVE_TP_BALANCE_PGDAT
static void ksw_probe_balance_pgdat_begin(void *data, int nid, int order,
					  int highest_zoneidx)
{
	ksw_hit(KSW_P_BALANCE_PGDAT_BEGIN);
}

static void ksw_probe_balance_pgdat_end(void *data, int nid, int order,
					int highest_zoneidx,
					unsigned long nr_reclaimed)
{
	ksw_hit(KSW_P_BALANCE_PGDAT_END);
	ksw_zones_kswapd_run_end(nid);
}
#endif

#ifdef HAVE_TP_KSWAPD_RECLAIM_FAIL
static void ksw_probe_kswapd_reclaim_fail(void *data, int nid, int failures)
{
	ksw_hit(KSW_P_KSWAPD_RECLAIM_FAIL);
	ksw_failures_native_fail(nid, failures);
}
#endif

#ifdef HAVE_TP_KSWAPD_CLEAR_HOPELESS
static void ksw_probe_kswapd_clear_hopeless(void *data, int nid, int reason)
{
	ksw_hit(KSW_P_KSWAPD_CLEAR_HOPELESS);
	ksw_failures_native_reset(nid, reason);
}
#endif

/*
 * Compile-time only: each probe against the kernel's declaration.  The
 * helpers are empty inlines; an incompatible prototype is an
 * incompatible-pointer-types error in every kernel build.
 */
static void ksw_probes_typecheck(void)
{
	check_trace_callback_type_mm_vmscan_kswapd_wake(ksw_probe_kswapd_wake);
	check_trace_callback_type_mm_vmscan_kswapd_sleep(ksw_probe_kswapd_sleep);
	check_trace_callback_type_mm_vmscan_wakeup_kswapd(ksw_probe_wakeup_kswapd);
	check_trace_callback_type_mm_vmscan_direct_reclaim_begin(ksw_probe_direct_begin);
	check_trace_callback_type_mm_vmscan_direct_reclaim_end(ksw_probe_direct_end);
	check_trace_callback_type_mm_vmscan_memcg_reclaim_begin(ksw_probe_memcg_begin);
	check_trace_callback_type_mm_vmscan_memcg_reclaim_end(ksw_probe_memcg_end);
	check_trace_callback_type_mm_vmscan_memcg_softlimit_reclaim_begin(ksw_probe_softlimit_begin);
	check_trace_callback_type_mm_vmscan_memcg_softlimit_reclaim_end(ksw_probe_softlimit_end);
	check_trace_callback_type_mm_vmscan_node_reclaim_begin(ksw_probe_node_reclaim_begin);
	check_trace_callback_type_mm_vmscan_node_reclaim_end(ksw_probe_node_reclaim_end);
	check_trace_callback_type_mm_vmscan_lru_isolate(ksw_probe_lru_isolate);
	check_trace_callback_type_mm_vmscan_lru_shrink_inactive(ksw_probe_lru_shrink_inactive);
#ifdef HAVE_TP_BALANCE_PGDAT
	check_trace_callback_type_mm_vmscan_balance_pgdat_begin(ksw_probe_balance_pgdat_begin);
	check_trace_callback_type_mm_vmscan_balance_pgdat_end(ksw_probe_balance_pgdat_end);
#endif
#ifdef HAVE_TP_KSWAPD_RECLAIM_FAIL
	check_trace_callback_type_mm_vmscan_kswapd_reclaim_fail(ksw_probe_kswapd_reclaim_fail);
#endif
#ifdef HAVE_TP_KSWAPD_CLEAR_HOPELESS
	check_trace_callback_type_mm_vmscan_kswapd_clear_hopeless(ksw_probe_kswapd_clear_hopeless);
#endif
}

struct ksw_probe {
	const char *name;
	void *func;
	bool required;		/* the module cannot work without it */
	struct tracepoint *tp;	/* found at load */
	bool attached;
};

#define KSW_PROBE(id, tpname, fn, req) \
	[id] = { .name = #tpname, .func = fn, .required = req }

/*
 * Every kernel kswapwatch supports has the required ones.  The history's
 * own two are required where the headers declare them: failures.c then
 * relies on them instead of inferring.
 */
static struct ksw_probe ksw_probes[KSW_P_NR] = {
	KSW_PROBE(KSW_P_KSWAPD_WAKE, mm_vmscan_kswapd_wake, ksw_probe_kswapd_wake, true),
	KSW_PROBE(KSW_P_KSWAPD_SLEEP, mm_vmscan_kswapd_sleep, ksw_probe_kswapd_sleep, true),
	KSW_PROBE(KSW_P_WAKEUP_KSWAPD, mm_vmscan_wakeup_kswapd, ksw_probe_wakeup_kswapd, true),
	KSW_PROBE(KSW_P_DIRECT_BEGIN, mm_vmscan_direct_reclaim_begin, ksw_probe_direct_begin, true),
	KSW_PROBE(KSW_P_DIRECT_END, mm_vmscan_direct_reclaim_end, ksw_probe_direct_end, true),
	KSW_PROBE(KSW_P_MEMCG_BEGIN, mm_vmscan_memcg_reclaim_begin, ksw_probe_memcg_begin, false),
	KSW_PROBE(KSW_P_MEMCG_END, mm_vmscan_memcg_reclaim_end, ksw_probe_memcg_end, false),
	KSW_PROBE(KSW_P_SOFTLIMIT_BEGIN, mm_vmscan_memcg_softlimit_reclaim_begin,
		  ksw_probe_softlimit_begin, false),
	KSW_PROBE(KSW_P_SOFTLIMIT_END, mm_vmscan_memcg_softlimit_reclaim_end,
		  ksw_probe_softlimit_end, false),
	KSW_PROBE(KSW_P_NODE_RECLAIM_BEGIN, mm_vmscan_node_reclaim_begin,
		  ksw_probe_node_reclaim_begin, false),
	KSW_PROBE(KSW_P_NODE_RECLAIM_END, mm_vmscan_node_reclaim_end,
		  ksw_probe_node_reclaim_end, false),
	KSW_PROBE(KSW_P_LRU_ISOLATE, mm_vmscan_lru_isolate, ksw_probe_lru_isolate, false),
	KSW_PROBE(KSW_P_LRU_SHRINK_INACTIVE, mm_vmscan_lru_shrink_inactive,
		  ksw_probe_lru_shrink_inactive, false),
#ifdef HAVE_TP_BALANCE_PGDAT
	KSW_PROBE(KSW_P_BALANCE_PGDAT_BEGIN, mm_vmscan_balance_pgdat_begin,
		  ksw_probe_balance_pgdat_begin, false),
	KSW_PROBE(KSW_P_BALANCE_PGDAT_END, mm_vmscan_balance_pgdat_end,
		  ksw_probe_balance_pgdat_end, false),
#endif
#ifdef HAVE_TP_KSWAPD_RECLAIM_FAIL
	KSW_PROBE(KSW_P_KSWAPD_RECLAIM_FAIL, mm_vmscan_kswapd_reclaim_fail,
		  ksw_probe_kswapd_reclaim_fail, KSW_FAILURES_NATIVE),
#endif
#ifdef HAVE_TP_KSWAPD_CLEAR_HOPELESS
	KSW_PROBE(KSW_P_KSWAPD_CLEAR_HOPELESS, mm_vmscan_kswapd_clear_hopeless,
		  ksw_probe_kswapd_clear_hopeless, KSW_FAILURES_NATIVE),
#endif
};

static void ksw_probes_find(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < KSW_P_NR; i++) {
		if (ksw_probes[i].name && !ksw_probes[i].tp &&
		    !strcmp(tp->name, ksw_probes[i].name)) {
			ksw_probes[i].tp = tp;
			return;
		}
	}
}

static void ksw_probes_detach(void)
{
	bool any = false;
	int i;

	for (i = 0; i < KSW_P_NR; i++) {
		if (!ksw_probes[i].attached)
			continue;
		WARN_ON_ONCE(tracepoint_probe_unregister(ksw_probes[i].tp,
							 ksw_probes[i].func, NULL));
		ksw_probes[i].attached = false;
		any = true;
	}
	/* No CPU may still be inside a probe once this returns. */
	if (any)
		tracepoint_synchronize_unregister();
}

/*
 * Where tracepoint callbacks are preemptible (7.x calls them under SRCU),
 * a task can be preempted between two callbacks of one tracepoint.  So that
 * a reclaim we time contains what the kernel's own trace events (tracefs,
 * perf, bpf: the default priority) show of it, our probes run before them
 * where reclaim begins and after them where it ends; elsewhere, first.
 */
static int ksw_probe_prio(unsigned int id)
{
	switch (id) {
	case KSW_P_DIRECT_END:
	case KSW_P_MEMCG_END:
	case KSW_P_SOFTLIMIT_END:
	case KSW_P_NODE_RECLAIM_END:
		return TRACEPOINT_DEFAULT_PRIO - 1;
	default:
		return TRACEPOINT_DEFAULT_PRIO + 1;
	}
}

/**
 * ksw_probes_init() - find the vmscan tracepoints and attach the probes
 *
 * Tracepoints this kernel lacks are skipped unless required; a missing
 * required one fails the load with one line naming every missing one.
 *
 * Return: 0, or -ENOENT / the registration error.
 */
int ksw_probes_init(void)
{
	char missing[160] = "";
	size_t len = 0;
	int i, ret;

	ksw_probes_typecheck();
	for_each_kernel_tracepoint(ksw_probes_find, NULL);

	for (i = 0; i < KSW_P_NR; i++) {
		if (ksw_probes[i].required && !ksw_probes[i].tp)
			len += scnprintf(missing + len, sizeof(missing) - len,
					 "%s%s", len ? "," : "", ksw_probes[i].name);
	}
	if (len) {
		pr_err("this kernel lacks the tracepoint(s) kswapwatch needs: %s\n",
		       missing);
		return -ENOENT;
	}

	for (i = 0; i < KSW_P_NR; i++) {
		struct ksw_probe *p = &ksw_probes[i];

		if (!p->tp)
			continue;
		ret = tracepoint_probe_register_prio(p->tp, p->func, NULL,
						     ksw_probe_prio(i));
		if (ret && p->required) {
			pr_err("cannot attach to tracepoint %s (%d)\n", p->name, ret);
			ksw_probes_detach();
			return ret;
		}
		if (ret)
			pr_warn("tracepoint %s not attached (%d)\n", p->name, ret);
		else
			p->attached = true;
	}
	return 0;
}

void ksw_probes_exit(void)
{
	ksw_probes_detach();
}

bool ksw_probe_attached(enum ksw_probe_id id)
{
	return id < KSW_P_NR && ksw_probes[id].attached;
}

static unsigned long ksw_hits_sum(enum ksw_probe_id id)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(ksw_pcpu.hits[id], cpu);
	return sum;
}

/**
 * ksw_probe_hits() - how often a probe ran since load or the last reset
 * @id: the probe
 *
 * Return: the count, summed over all CPUs.
 */
unsigned long ksw_probe_hits(enum ksw_probe_id id)
{
	if (id >= KSW_P_NR)
		return 0;
	return ksw_hits_sum(id) - READ_ONCE(ksw_hits_base[id]);
}

/**
 * ksw_probes_reclaims_in_flight() - direct, memcg and node reclaims running
 *
 * Reclaims that began before the module loaded are not counted, and those
 * that end afterwards make the sum low: it is never reported below 0.
 *
 * Return: the number of reclaims between their begin and end tracepoints.
 */
int ksw_probes_reclaims_in_flight(void)
{
	int sum = 0, cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu(ksw_pcpu.reclaims_in_flight, cpu));
	return max(sum, 0);
}

static void ksw_isolate_sums(int zid, unsigned long sums[3])
{
	int cpu;

	sums[0] = sums[1] = sums[2] = 0;
	for_each_possible_cpu(cpu) {
		struct ksw_pcpu *c = per_cpu_ptr(&ksw_pcpu, cpu);

		sums[0] += READ_ONCE(c->isolate_scanned[zid]);
		sums[1] += READ_ONCE(c->isolate_skipped[zid]);
		sums[2] += READ_ONCE(c->isolate_taken[zid]);
	}
}

/**
 * ksw_probes_isolate_sum() - LRU isolation when @zid was reclaim's highest zone
 * @zid: zone index
 * @scanned: pages scanned
 * @skipped: pages skipped, being in zones above @zid
 * @taken: pages isolated
 *
 * Counts since load or the last reset, from mm_vmscan_lru_isolate (classic
 * LRU; MGLRU does not fire it).
 */
void ksw_probes_isolate_sum(int zid, unsigned long *scanned,
			    unsigned long *skipped, unsigned long *taken)
{
	unsigned long sums[3];

	*scanned = *skipped = *taken = 0;
	if (zid < 0 || zid >= MAX_NR_ZONES)
		return;
	ksw_isolate_sums(zid, sums);
	*scanned = sums[0] - READ_ONCE(ksw_isolate_base[0][zid]);
	*skipped = sums[1] - READ_ONCE(ksw_isolate_base[1][zid]);
	*taken = sums[2] - READ_ONCE(ksw_isolate_base[2][zid]);
}

/* The probes= list of the version file. */
void ksw_probes_show_attached(struct seq_file *m)
{
	bool first = true;
	int i;

	for (i = 0; i < KSW_P_NR; i++) {
		if (!ksw_probes[i].attached)
			continue;
		seq_printf(m, "%s%s", first ? "" : ",", ksw_probes[i].name);
		first = false;
	}
}

void ksw_probes_summary(struct seq_file *m)
{
	int i, n = 0, known = 0;

	for (i = 0; i < KSW_P_NR; i++) {
		known += !!ksw_probes[i].name;
		n += ksw_probes[i].attached;
	}
	seq_printf(m, "probes: %d of %d vmscan tracepoints attached; reclaims in flight: %d\n",
		   n, known, ksw_probes_reclaims_in_flight());
	seq_puts(m, "probe hits:");
	for (i = 0; i < KSW_P_NR; i++) {
		if (ksw_probes[i].attached)
			seq_printf(m, " %s=%lu", ksw_probes[i].name + strlen("mm_vmscan_"),
				   ksw_probe_hits(i));
	}
	seq_putc(m, '\n');
}

/* Counters restart from 0; what is in flight stays in flight. */
void ksw_probes_reset(void)
{
	unsigned long sums[3];
	int i;

	for (i = 0; i < KSW_P_NR; i++)
		WRITE_ONCE(ksw_hits_base[i], ksw_hits_sum(i));
	for (i = 0; i < MAX_NR_ZONES; i++) {
		ksw_isolate_sums(i, sums);
		WRITE_ONCE(ksw_isolate_base[0][i], sums[0]);
		WRITE_ONCE(ksw_isolate_base[1][i], sums[1]);
		WRITE_ONCE(ksw_isolate_base[2][i], sums[2]);
	}
}
