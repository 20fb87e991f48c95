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
