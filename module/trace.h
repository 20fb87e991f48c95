/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kswapwatch's own trace events, so trace-cmd, perf and bpftrace see each
 * record as it is written:
 *
 *   kswapwatch:stall            a stall record (debugfs "stalls")
 *   kswapwatch:kswapd_failures  a kswapd_failures history record
 *                               (debugfs "kswapd_failures")
 *
 * Each is emitted where its record enters the ring, with the fields of the
 * debugfs line.  trace.c instantiates them (CREATE_TRACE_POINTS); Kbuild
 * adds module/ to trace.o's include path for define_trace.h.
 *
 * Strings are fixed-size arrays and the CPUs a __bitmask, printed as a hex
 * mask ("00000000,00000002" is CPU 1) where debugfs prints a list: the
 * __string()/__assign_str() interface changed in 6.10, these did not.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kswapwatch

#if !defined(KSWAPWATCH_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define KSWAPWATCH_TRACE_H

#include <linux/cpumask.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "failures_logic.h"

/* So trace-cmd and perf can print the names from the format file. */
TRACE_DEFINE_ENUM(KSW_EV_FAIL);
TRACE_DEFINE_ENUM(KSW_EV_RESET);
TRACE_DEFINE_ENUM(KSW_SRC_TRACEPOINT);
TRACE_DEFINE_ENUM(KSW_SRC_INFERRED);
TRACE_DEFINE_ENUM(KSW_RESET_OTHER);
TRACE_DEFINE_ENUM(KSW_RESET_KSWAPD);
TRACE_DEFINE_ENUM(KSW_RESET_DIRECT);
TRACE_DEFINE_ENUM(KSW_RESET_PCP);

#define KSW_TRACE_KIND_LEN	8

/*
 * @kind: "irq", "sched" or "reclaim"; @cpus: nr_cpu_ids bits; @pid and
 * @comm: the task that held the CPU (0 and "" when none was seen);
 * @scanned and @reclaimed: reclaim counter deltas over the gap.
 */
TRACE_EVENT(stall,

	TP_PROTO(u64 seq, u64 start_ns, u64 dur_ns, const char *kind,
		 const unsigned long *cpus, pid_t pid, const char *comm,
		 u64 scanned, u64 reclaimed),

	TP_ARGS(seq, start_ns, dur_ns, kind, cpus, pid, comm, scanned,
		reclaimed),

	TP_STRUCT__entry(
		__field(u64, seq)
		__field(u64, start_ns)
		__field(u64, dur_us)
		__field(u64, scanned)
		__field(u64, reclaimed)
		__field(pid_t, pid)
		__array(char, kind, KSW_TRACE_KIND_LEN)
		__array(char, comm, TASK_COMM_LEN)
		__bitmask(cpus, nr_cpu_ids)
	),

	TP_fast_assign(
		__entry->seq = seq;
		__entry->start_ns = start_ns;
		__entry->dur_us = div_u64(dur_ns, NSEC_PER_USEC);
		__entry->scanned = scanned;
		__entry->reclaimed = reclaimed;
		__entry->pid = pid;
		strscpy(__entry->kind, kind ? kind : "-", KSW_TRACE_KIND_LEN);
		strscpy(__entry->comm, comm ? comm : "", TASK_COMM_LEN);
		__assign_bitmask(cpus, cpus, nr_cpu_ids);
	),

	TP_printk("seq=%llu start_ns=%llu dur_us=%llu cpus=%s kind=%s comm=%s pid=%d scanned=%llu reclaimed=%llu",
		  __entry->seq, __entry->start_ns, __entry->dur_us,
		  __get_bitmask(cpus), __entry->kind, __entry->comm,
		  __entry->pid, __entry->scanned, __entry->reclaimed)
);

TRACE_EVENT(kswapd_failures,

	TP_PROTO(const struct ksw_frec *rec),

	TP_ARGS(rec),

	TP_STRUCT__entry(
		__field(u64, seq)
		__field(u64, ts_ns)
		__field(int, nid)
		__field(int, failures)
		__field(int, prev)
		__field(int, pid)
		__field(signed char, event)
		__field(signed char, reason)
		__field(signed char, source)
		__field(signed char, balanced)
		__array(char, comm, KSW_COMM_LEN)
		__field(u64, cgroup)
	),

	TP_fast_assign(
		__entry->seq = rec->seq;
		__entry->ts_ns = rec->ts_ns;
		__entry->nid = rec->nid;
		__entry->failures = rec->failures;
		__entry->prev = rec->prev;
		__entry->pid = rec->pid;
		__entry->event = rec->event;
		__entry->reason = rec->reason;
		__entry->source = rec->source;
		__entry->balanced = rec->balanced;
		memcpy(__entry->comm, rec->comm, KSW_COMM_LEN);
		__entry->cgroup = rec->cgroup;
	),

	TP_printk("seq=%llu ts_ns=%llu nid=%d event=%s failures=%d prev=%d reason=%s source=%s balanced=%d comm=%.16s pid=%d cgroup=%llu",
		  __entry->seq, __entry->ts_ns, __entry->nid,
		  __print_symbolic(__entry->event,
				   { KSW_EV_FAIL, "fail" },
				   { KSW_EV_RESET, "reset" }),
		  __entry->failures, __entry->prev,
		  __entry->event == KSW_EV_RESET ?
		  __print_symbolic(__entry->reason,
				   { KSW_RESET_KSWAPD, "KSWAPD" },
				   { KSW_RESET_DIRECT, "DIRECT" },
				   { KSW_RESET_PCP, "PCP" },
				   { KSW_RESET_OTHER, "OTHER" }) : "-",
		  __print_symbolic(__entry->source,
				   { KSW_SRC_TRACEPOINT, "tracepoint" },
				   { KSW_SRC_INFERRED, "inferred" }),
		  __entry->balanced, __entry->comm, __entry->pid, __entry->cgroup)
);

#endif /* KSWAPWATCH_TRACE_H */

/* This part must be outside the include guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
