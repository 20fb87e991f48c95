/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kswapwatch: internal interfaces between the module's parts.
 */
#ifndef KSWAPWATCH_H
#define KSWAPWATCH_H

#include <linux/types.h>
#include "../include/kswapwatch_abi.h"
#include "compat.h"

struct dentry;
struct seq_file;

/* probes.c: the vmscan tracepoints kswapwatch attaches to. */
enum ksw_probe_id {
	KSW_P_KSWAPD_WAKE,
	KSW_P_KSWAPD_SLEEP,
	KSW_P_WAKEUP_KSWAPD,
	KSW_P_DIRECT_BEGIN,
	KSW_P_DIRECT_END,
	KSW_P_MEMCG_BEGIN,
	KSW_P_MEMCG_END,
	KSW_P_SOFTLIMIT_BEGIN,
	KSW_P_SOFTLIMIT_END,
	KSW_P_NODE_RECLAIM_BEGIN,
	KSW_P_NODE_RECLAIM_END,
	KSW_P_LRU_ISOLATE,
	KSW_P_LRU_SHRINK_INACTIVE,
	KSW_P_BALANCE_PGDAT_BEGIN,
	KSW_P_BALANCE_PGDAT_END,
	KSW_P_KSWAPD_RECLAIM_FAIL,
	KSW_P_KSWAPD_CLEAR_HOPELESS,
	KSW_P_NR
};

int ksw_probes_init(void);
void ksw_probes_exit(void);
bool ksw_probe_attached(enum ksw_probe_id id);
unsigned long ksw_probe_hits(enum ksw_probe_id id);
int ksw_probes_reclaims_in_flight(void);
void ksw_probes_isolate_sum(int zid, unsigned long *scanned,
			    unsigned long *skipped, unsigned long *taken);
void ksw_probes_show_attached(struct seq_file *m);
void ksw_probes_summary(struct seq_file *m);
void ksw_probes_reset(void);

/* failures.c: the per-node kswapd_failures history. */
int ksw_failures_init(void);
void ksw_failures_exit(void);
const char *ksw_failures_source(void);
void ksw_failures_debugfs(struct dentry *dir);
void ksw_failures_summary(struct seq_file *m);
void ksw_failures_reset(void);
/* Called by the probes. */
void ksw_failures_kswapd_wake(int nid, int zid);
void ksw_failures_kswapd_sleep(int nid);
void ksw_failures_reclaim_begin(int highest_zoneidx);
void ksw_failures_reclaim_end(unsigned long nr_reclaimed);
void ksw_failures_progress(int nid, unsigned long nr_reclaimed);
void ksw_failures_native_fail(int nid, int failures);
void ksw_failures_native_reset(int nid, int reason);

/* watchdog.c: the stall watchdog. */
int ksw_watchdog_init(void);
void ksw_watchdog_exit(void);
void ksw_watchdog_debugfs(struct dentry *dir);
void ksw_watchdog_summary(struct seq_file *m);
void ksw_watchdog_reset(void);
/* Called by the probes, any context, any time. */
void ksw_watchdog_kswapd_wake(int nid);
void ksw_watchdog_kswapd_sleep(int nid);
void ksw_watchdog_reclaim_begin(void);
void ksw_watchdog_reclaim_end(void);

/* zones.c: per-zone reclaim statistics and the scan-storm signal. */
int ksw_zones_init(void);
void ksw_zones_exit(void);
void ksw_zones_debugfs(struct dentry *dir);
void ksw_zones_summary(struct seq_file *m);
void ksw_zones_reset(void);
/* For the watchdog: any context, no lock. */
bool ksw_zones_storm_active(u64 since_ns);
bool ksw_zones_storm_since(u64 since_ns, int *nid, int *zid);
/* Called by the probes. */
void ksw_zones_wakeup_kswapd(int nid, int zid, gfp_t gfp);
void ksw_zones_kswapd_wake(int nid, int zid);
void ksw_zones_kswapd_run_end(int nid);
void ksw_zones_lru_isolate(int zid, unsigned long scanned,
			   unsigned long skipped, unsigned long taken);

/* watchdog.c, for the timeline: a stall record's extent. */
struct ksw_stall_info {
	u64 seq;
	u64 start_ns;
	u64 end_ns;
	int kind;
};
bool ksw_watchdog_stall_next(u64 after, struct ksw_stall_info *info,
			     unsigned long *cpus);
void ksw_watchdog_show_settings(struct seq_file *m);

/* timeline.c: the per-CPU event rings and the stalls' frozen windows. */
int ksw_timeline_init(void);
void ksw_timeline_exit(void);
void ksw_timeline_debugfs(struct dentry *dir);
void ksw_timeline_summary(struct seq_file *m);
void ksw_timeline_reset(void);
/* Called by the watchdog, any context. */
u64 ksw_timeline_hold(unsigned int cpu, u64 gap_start, u64 until);
void ksw_timeline_hold_extend(unsigned int cpu, u64 until);
void ksw_timeline_unhold(unsigned int cpu, u64 token);
void ksw_timeline_stall_recorded(void);
/* Called by the probes. */
void ksw_timeline_reclaim_begin(int kind);
void ksw_timeline_reclaim_end(int kind, unsigned long nr_reclaimed);
void ksw_timeline_kswapd_wake(int nid, int zid, int order);
void ksw_timeline_kswapd_sleep(int nid);
void ksw_timeline_shrink_inactive(int nid, unsigned long nr_reclaimed);
void ksw_timeline_wakeup_kswapd(int nid, int zid, int order);
void ksw_timeline_lru_isolate(int zid, unsigned long scanned,
			      unsigned long skipped, unsigned long taken);

/* debugfs.c */
void ksw_seq_put_word(struct seq_file *m, const char *s);
int ksw_debugfs_init(void);
void ksw_debugfs_exit(void);
extern struct dentry *ksw_debugfs_root;

#endif /* KSWAPWATCH_H */
