/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kswapwatch debugfs ABI: names shared by the kernel module and the reader.
 *
 * Every debugfs file is plain text, one record per line, "key=value" fields
 * separated by single spaces.  Fields named here are the contract; new fields
 * may be appended to a record, a change to a named field bumps KSW_ABI.
 */
#ifndef KSWAPWATCH_ABI_H
#define KSWAPWATCH_ABI_H

/* The one source of the project's version: module, reader and dkms.conf. */
#define KSW_VERSION		"0.1.0"
#define KSW_ABI			1

#define KSW_DEBUGFS_DIR		"kswapwatch"
#define KSW_DEFAULT_ROOT	"/sys/kernel/debug/" KSW_DEBUGFS_DIR

/* File names under KSW_DEFAULT_ROOT. */
#define KSW_FILE_VERSION	"version"
#define KSW_FILE_NODES		"nodes"
#define KSW_FILE_FAILURES	"kswapd_failures"
#define KSW_FILE_ZONES		"zones"
#define KSW_FILE_STALLS		"stalls"
#define KSW_FILE_SUMMARY	"summary"
#define KSW_FILE_RESET		"reset"
#define KSW_FILE_TIMELINE	"timeline"

/*
 * A "kswapd_failures" record, oldest first:
 *   seq= ts_ns= (CLOCK_MONOTONIC) nid= event=fail|reset failures= prev=
 *   reason=KSWAPD|DIRECT|PCP|OTHER|- source=tracepoint|inferred balanced=0|1
 *   comm= pid=              the task that observed or made the change;
 *                           spaces, '=' and controls in comm become "_"
 *   cgroup=                 that task's cgroup v2 id (the inode number of
 *                           its directory under /sys/fs/cgroup), 0 if none
 */

/*
 * A "stalls" record (module/watchdog.c), oldest first:
 *   seq= start_ns= (CLOCK_MONOTONIC) dur_us= cpus=<list>
 *   kind=irq|sched|reclaim  system=1 when every online CPU was in the gap
 *   comm= pid=              the task that held the CPU (kind=reclaim: the
 *                           task in reclaim); spaces in comm become "_"
 *   kswapd=<nid list>|-     nodes whose kswapd was awake during the gap
 *   scanned= reclaimed= skipped=  reclaim counter deltas over the gap, pages
 *   direct=                 direct reclaims in flight during the gap
 *   deltas=full|partial     partial: no counter snapshot old enough
 *   failures=<nid:n,...>    kswapd_failures of each node, when written
 *   dma_free=<nid:pages,...>|-  free pages of each node's DMA zone
 *   storm=<nid>:<zone>|-    the latest reclaim scan storm (zones) since the
 *                           gap began: node and zone reclaim aimed at
 *   bt=<sym+off/len[mod]|...>|-  backtrace taken inside the gap,
 *                           innermost first
 * dur_us runs from the CPU's last sign of life to its next: an upper bound.
 *
 * "timeline" (module/timeline.c): for each of the latest 16 stalls or more,
 * what each CPU of its gap did from timeline_lookback_ms (default 500)
 * before the gap, or as far back as that CPU's ring reached, to the gap's
 * end; grouped by stall, then CPU, oldest first:
 *   stall=<seq> cpu=<n> ts_ns=<CLOCK_MONOTONIC> event=<name> <fields>
 *   switch prev_comm= prev_pid= prev_prio= prev_state=<ftrace letter, R+
 *          preempted> next_comm= next_pid= next_prio=
 *   irq irq= name= dur_us=          one handler run, at its entry
 *   softirq vec=<HI|TIMER|NET_TX|...> dur_us=
 *   reclaim kind=direct|memcg|node|kswapd pid= comm= dur_us= nr_reclaimed=
 *          open=0|1 (1: not over at the gap's end; dur_us runs to it)
 *          kswapd also: nid= zone= order= (what it was woken for); at its start
 *   wakeup_kswapd nid= zone= order= comm= pid=   (comm, pid: the waker)
 *   isolate nid= zone= scanned= skipped= taken= calls= dur_us= pid=
 *          mm_vmscan_lru_isolate summed per task and zone over up to 10 ms;
 *          zone: the highest zone reclaim was for
 *   gap start_ns= end_ns= kind=     the stall itself, once per CPU
 * Comm and names escape as in "stalls".  An event that began before the
 * lookback and ended inside it is kept with its true start; so are the
 * switch to the task running at the window's start and reclaim runs going
 * on at it.
 *
 * "version" appends period_ms= threshold_ms= kinds= (the watchdog's).
 */

/* kswapd gives up on a node after this many failed balance_pgdat() runs. */
#define KSW_MAX_RECLAIM_RETRIES	16

/* Reasons a node's kswapd_failures went back to 0 (the upstream enum). */
enum ksw_reset_reason {
	KSW_RESET_OTHER = 0,
	KSW_RESET_KSWAPD,
	KSW_RESET_DIRECT,
	KSW_RESET_PCP,
	KSW_RESET_NR
};

static inline const char *ksw_reset_reason_name(int reason)
{
	switch (reason) {
	case KSW_RESET_KSWAPD:	return "KSWAPD";
	case KSW_RESET_DIRECT:	return "DIRECT";
	case KSW_RESET_PCP:	return "PCP";
	case KSW_RESET_OTHER:	return "OTHER";
	default:		return "-";
	}
}

#endif /* KSWAPWATCH_ABI_H */
