/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The typed record layer: each ABI record of a snapshot parsed once into a
 * struct, which every output (tables, JSON, Prometheus, watch, diagnose)
 * works on.  The module decides storms, spurious resets and balance; the
 * predicates here only read its verdicts, so each judgement has one
 * definition.
 *
 * Strings point into the snapshot's tables (or into the data's own
 * allocations for split lists) and live until ksw_data_free(); the
 * snapshot must outlive the data.
 */
#ifndef KSW_RECORDS_H
#define KSW_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "kswapwatch_abi.h"
#include "snap.h"

/* Highest zone index the reader keeps per zone record (MAX_NR_ZONES fits). */
#define KSW_MAX_ZONES		8
/* Nodes a stall record's per-node lists may name. */
#define KSW_MAX_NODES		64
/* CPUs a stall record's cpus= list may name (more are counted, not kept). */
#define KSW_MAX_CPUS		1024
/* Backtrace frames kept per stall. */
#define KSW_MAX_FRAMES		32

/* A field the record did not carry reads as this (u64) or -1 (s64/int). */
#define KSW_NONE		UINT64_MAX
/* wakeup_gfp= entries kept per zone (MAX_NR_ZONES times the classes fit). */
#define KSW_MAX_GFP		48

/*
 * The ABI fields of each file, in the module's order: the one list the
 * parser, JSON, the tables and Prometheus work from.  X(ENUM, key, type,
 * member): the record's field "key" goes into struct member "member" as
 * type U64 (uint64_t), S64 (int64_t), BOOL (int, "0" or "1") or TEXT
 * (const char *, always a string in JSON).  A struct's ->has has bit
 * KSW_xF_ENUM set when the record carried the field and it read as its
 * type; otherwise the member keeps its default.
 */
enum ksw_ftype { KSW_FT_U64, KSW_FT_S64, KSW_FT_BOOL, KSW_FT_TEXT };

#define KSW_VERSION_FIELDS(X)					\
	X(MODULE, kswapwatch, TEXT, module)			\
	X(ABI, abi, S64, abi)					\
	X(KERNEL, kernel, TEXT, kernel)				\
	X(FAILURES_SOURCE, failures_source, TEXT, failures_source) \
	X(PROBES, probes, TEXT, probes)				\
	X(PERIOD_MS, period_ms, S64, period_ms)			\
	X(THRESHOLD_MS, threshold_ms, S64, threshold_ms)	\
	X(KINDS, kinds, TEXT, kinds)

#define KSW_NODE_FIELDS(X)					\
	X(NID, nid, S64, nid)					\
	X(FAILURES, failures, S64, failures)			\
	X(MAX_RETRIES, max_retries, S64, max_retries)		\
	X(HOPELESS, hopeless, BOOL, hopeless)			\
	X(FAILS_TOTAL, fails_total, U64, fails_total)		\
	X(RESETS_KSWAPD, resets_kswapd, U64, resets[KSW_RESET_KSWAPD]) \
	X(RESETS_DIRECT, resets_direct, U64, resets[KSW_RESET_DIRECT]) \
	X(RESETS_PCP, resets_pcp, U64, resets[KSW_RESET_PCP])	\
	X(RESETS_OTHER, resets_other, U64, resets[KSW_RESET_OTHER]) \
	X(HOPELESS_EPISODES, hopeless_episodes, U64, hopeless_episodes) \
	X(SPURIOUS_RESETS, spurious_resets, U64, spurious_resets)

#define KSW_FAIL_FIELDS(X)					\
	X(SEQ, seq, U64, seq)					\
	X(TS_NS, ts_ns, U64, ts_ns)				\
	X(NID, nid, S64, nid)					\
	X(EVENT, event, TEXT, event_name)			\
	X(FAILURES, failures, S64, failures)			\
	X(PREV, prev, S64, prev)				\
	X(REASON, reason, TEXT, reason_name)			\
	X(SOURCE, source, TEXT, source)				\
	X(BALANCED, balanced, BOOL, balanced)			\
	X(COMM, comm, TEXT, comm)				\
	X(PID, pid, S64, pid)					\
	X(CGROUP, cgroup, U64, cgroup)

#define KSW_ZONE_FIELDS(X)					\
	X(NID, nid, S64, nid)					\
	X(ZONE, zone, TEXT, zone)				\
	X(FREE, free, U64, free)				\
	X(MIN, min, U64, min)					\
	X(LOW, low, U64, low)					\
	X(HIGH, high, U64, high)				\
	X(SPANNED, spanned, U64, spanned)			\
	X(PRESENT, present, U64, present)			\
	X(MANAGED, managed, U64, managed)			\
	X(PROTECTION, protection, TEXT, protection_text)	\
	X(KSWAPD_WAKEUPS, kswapd_wakeups, U64, kswapd_wakeups)	\
	X(KSWAPD_RUNS, kswapd_runs, U64, kswapd_runs)		\
	X(RECLAIM_SCANNED, reclaim_scanned, U64, reclaim_scanned) \
	X(RECLAIM_SKIPPED, reclaim_skipped, U64, reclaim_skipped) \
	X(RECLAIM_TAKEN, reclaim_taken, U64, reclaim_taken)	\
	X(BOOST, boost, U64, boost)				\
	X(KSWAPD_RUN_NS, kswapd_run_ns, U64, kswapd_run_ns)	\
	X(STORM_RATIO, storm_ratio, U64, storm_ratio)		\
	X(STORMS, storms, U64, storms)				\
	X(STORM_LAST_NS, storm_last_ns, U64, storm_last_ns)	\
	X(WAKEUP_GFP, wakeup_gfp, TEXT, wakeup_gfp)

#define KSW_STALL_FIELDS(X)					\
	X(SEQ, seq, U64, seq)					\
	X(START_NS, start_ns, U64, start_ns)			\
	X(DUR_US, dur_us, U64, dur_us)				\
	X(CPUS, cpus, TEXT, cpus)				\
	X(KIND, kind, TEXT, kind_name)				\
	X(SYSTEM, system, BOOL, system)				\
	X(COMM, comm, TEXT, comm)				\
	X(PID, pid, S64, pid)					\
	X(KSWAPD, kswapd, TEXT, kswapd)				\
	X(SCANNED, scanned, U64, scanned)			\
	X(RECLAIMED, reclaimed, U64, reclaimed)			\
	X(SKIPPED, skipped, U64, skipped)			\
	X(DIRECT, direct, U64, direct)				\
	X(DELTAS, deltas, TEXT, deltas)				\
	X(FAILURES, failures, TEXT, failures_text)		\
	X(DMA_FREE, dma_free, TEXT, dma_free_text)		\
	X(STORM, storm, TEXT, storm)				\
	X(BT, bt, TEXT, bt)

#define KSW_VF_(E, k, t, m)	KSW_VF_##E,
#define KSW_NF_(E, k, t, m)	KSW_NF_##E,
#define KSW_FF_(E, k, t, m)	KSW_FF_##E,
#define KSW_ZF_(E, k, t, m)	KSW_ZF_##E,
#define KSW_SF_(E, k, t, m)	KSW_SF_##E,
enum { KSW_VERSION_FIELDS(KSW_VF_) KSW_VF_NR };
enum { KSW_NODE_FIELDS(KSW_NF_) KSW_NF_NR };
enum { KSW_FAIL_FIELDS(KSW_FF_) KSW_FF_NR };
enum { KSW_ZONE_FIELDS(KSW_ZF_) KSW_ZF_NR };
enum { KSW_STALL_FIELDS(KSW_SF_) KSW_SF_NR };

/* Whether record @rec (any of the structs below) carried field @f. */
#define KSW_HAS(rec, f)		((int)(((rec)->has >> (f)) & 1))

struct ksw_fdesc {
	const char *key;
	int type;		/* enum ksw_ftype */
	size_t off;		/* of the member in the file's struct */
};

struct ksw_fields {
	const struct ksw_fdesc *f;
	int n;
};

/* The known fields of file @id (KSW_F_*); n = 0 for an unknown id. */
struct ksw_fields ksw_file_fields(int id);
/* Index of @key among the known fields of file @id, -1 if not one. */
int ksw_field_index(int id, const char *key);

/*
 * Known field @i of file @id of a record (@rec its struct, @has its bits,
 * @raw its line): the value read, as text into @buf; the value as written
 * when it did not read as its type; NULL when the record has no such field.
 */
const char *ksw_field_text(int id, const void *rec, uint64_t has, const struct ksw_record *raw,
			   int i, char *buf, size_t len);

struct ksw_version {
	int present;
	const char *module;		/* kswapwatch= */
	int64_t abi;
	const char *kernel;
	int failures_tp;		/* failures_source=tracepoint: 1, inferred: 0, -1 */
	const char *failures_source;
	const char *probes;		/* comma list, "" when none */
	int64_t period_ms;		/* -1 when the module does not say */
	int64_t threshold_ms;
	const char *kinds;		/* NULL when the module does not say */
	uint64_t has;			/* KSW_VF_* */
	const struct ksw_record *raw;
};

struct ksw_node {
	int64_t nid;
	int64_t failures;
	int64_t max_retries;		/* KSW_MAX_RECLAIM_RETRIES when absent */
	int hopeless;
	uint64_t fails_total;
	uint64_t resets[KSW_RESET_NR];	/* by enum ksw_reset_reason */
	uint64_t hopeless_episodes;
	uint64_t spurious_resets;	/* the module's count: resets while not balanced */
	uint64_t has;			/* KSW_NF_* */
	const struct ksw_record *raw;
};

enum ksw_fail_event { KSW_EV_FAIL, KSW_EV_RESET, KSW_EV_OTHER };

struct ksw_fail {
	uint64_t seq;
	uint64_t ts_ns;			/* CLOCK_MONOTONIC */
	int64_t nid;
	int event;			/* enum ksw_fail_event */
	const char *event_name;
	int64_t failures;		/* after */
	int64_t prev;			/* before */
	int reason;			/* enum ksw_reset_reason, -1 for "-" */
	const char *reason_name;
	const char *source;
	int balanced;			/* 0, 1, or -1 when absent */
	const char *comm;
	int64_t pid;
	uint64_t cgroup;		/* cgroup v2 id of the task, 0 when not said */
	uint64_t has;			/* KSW_FF_* */
	const struct ksw_record *raw;
};

/* One wakeup_gfp= entry: "Normal-kernel:12" or "boost:3". */
struct ksw_gfp_count {
	const char *zone;		/* highest zone the allocation could use, NULL for boost */
	const char *cls;		/* "boost", "atomic", "noio", "nofs", "user", "kernel" */
	uint64_t n;
};

struct ksw_zone {
	int64_t nid;
	const char *zone;		/* "DMA", "DMA32", "Normal", "Movable", ... */
	int zid;			/* index among this node's zone names, -1 unknown */
	uint64_t free, min, low, high;
	uint64_t spanned, present, managed;
	const char *protection_text;	/* as written: "0,425,425" */
	int nprot;			/* entries kept in protection[] */
	uint64_t protection[KSW_MAX_ZONES];	/* lowmem_reserve[], the first ones */
	uint64_t protection_max;	/* the largest of the whole list, kept or not */
	uint64_t kswapd_wakeups, kswapd_runs;
	uint64_t reclaim_scanned, reclaim_skipped, reclaim_taken;
	/* Appended fields: KSW_NONE when the module does not write them. */
	uint64_t boost, kswapd_run_ns;
	uint64_t storm_ratio, storms, storm_last_ns;
	const char *wakeup_gfp;		/* "-" or "Normal-kernel:12,boost:3,..." */
	int ngfp;
	struct ksw_gfp_count gfp[KSW_MAX_GFP];	/* wakeup_gfp, split */
	uint64_t has;			/* KSW_ZF_* */
	const struct ksw_record *raw;
};

enum ksw_stall_kind {
	KSW_STALL_K_IRQ,
	KSW_STALL_K_SCHED,
	KSW_STALL_K_RECLAIM,
	KSW_STALL_K_OTHER,
	KSW_STALL_K_NR
};

struct ksw_frame {
	const char *sym;		/* "si_stall" */
	uint64_t off, len;		/* +0x1a/0x40; KSW_NONE when not given */
	const char *mod;		/* "stallinject", NULL for the kernel proper */
	const char *text;		/* the frame as written */
};

struct ksw_node_val {
	int64_t nid;
	uint64_t val;
};

struct ksw_stall {
	uint64_t seq;
	uint64_t start_ns;		/* CLOCK_MONOTONIC */
	uint64_t dur_us;
	const char *cpus;		/* the list as written: "0-3,5" */
	int ncpus;			/* CPUs in it, -1 when it cannot be read */
	int kind;			/* enum ksw_stall_kind */
	const char *kind_name;
	int system;			/* every online CPU in the gap; -1 absent */
	const char *comm;
	int64_t pid;
	const char *kswapd;		/* nid list, "-" for none */
	int kswapd_ran;			/* kswapd= names a node */
	uint64_t scanned, reclaimed, skipped, direct;
	const char *deltas;		/* "full", "partial" */
	int deltas_full;		/* 1 full, 0 partial, -1 absent */
	const char *failures_text;	/* as written: "0:16,1:0" */
	const char *dma_free_text;
	int nfailures;
	struct ksw_node_val failures[KSW_MAX_NODES];
	int ndma_free;
	struct ksw_node_val dma_free[KSW_MAX_NODES];
	const char *storm;		/* as written: "0:DMA" or "-" */
	int64_t storm_nid;		/* -1 for storm=- */
	const char *storm_zone;		/* NULL for storm=- */
	const char *bt;			/* as written */
	int nframes;
	struct ksw_frame frames[KSW_MAX_FRAMES];
	uint64_t has;			/* KSW_SF_* */
	const struct ksw_record *raw;	/* for fields appended later */
};

struct ksw_data {
	const struct ksw_snap *snap;
	struct ksw_version version;
	struct ksw_node *nodes;
	size_t nnodes;
	struct ksw_zone *zones;
	size_t nzones;
	struct ksw_fail *fails;		/* file order: oldest first */
	size_t nfails;
	struct ksw_stall *stalls;	/* file order: oldest first */
	size_t nstalls;
	size_t invalid[KSW_NR_FILES];	/* lines not used: malformed, cut short */
	void *blocks;			/* storage of split values (a list) */
};

/*
 * Parse every valid record of @s into @d (zeroed by the call).  Never
 * fails on input; 0, or -1 when out of memory.
 */
int ksw_data_build(struct ksw_data *d, const struct ksw_snap *s);
void ksw_data_free(struct ksw_data *d);

/* "irq", "sched", "reclaim" -> enum ksw_stall_kind (KSW_STALL_K_OTHER else). */
int ksw_stall_kind_parse(const char *s);
const char *ksw_stall_kind_str(int kind);

/* --- The module's verdicts, one definition each ------------------------ */

/* A reset made while the node was not balanced (balanced=0). */
int ksw_fail_spurious(const struct ksw_fail *f);

/* The reset revived a kswapd that had given up (prev >= max_retries). */
int ksw_fail_revived(const struct ksw_data *d, const struct ksw_fail *f);

/* The node's kswapd has given up: hopeless=1, or failures >= max_retries. */
int ksw_node_hopeless(const struct ksw_node *n);

/*
 * The module has seen scan storms on this zone (storms= > 0): isolations
 * aimed at it that passed over 32 or more pages of higher zones per page
 * taken (module/zones_logic.h).  Zones from a module without storms=
 * never qualify.
 */
int ksw_zone_stormed(const struct ksw_zone *z);

/* --- Look-ups ----------------------------------------------------------- */

const struct ksw_node *ksw_data_node(const struct ksw_data *d, int64_t nid);
const struct ksw_zone *ksw_data_zone(const struct ksw_data *d, int64_t nid, const char *zone);
/* The highest populated zone of node @nid, NULL when none. */
const struct ksw_zone *ksw_data_top_zone(const struct ksw_data *d, int64_t nid);
/* A node's kswapd_failures before a run of history: max_retries of @nid. */
int64_t ksw_data_max_retries(const struct ksw_data *d, int64_t nid);

/*
 * The first backtrace frame outside the timer and interrupt path (hrtimer,
 * the module's own tick, irq entry) and past the helpers the holder called
 * (a spin lock's slow path, a delay loop, a clock read, a tracepoint's
 * iterator; the first helper when nothing else is there): the code that
 * held the CPU.  NULL when the stall has no backtrace.
 */
const struct ksw_frame *ksw_stall_holder_frame(const struct ksw_stall *s);

/* CLOCK_MONOTONIC ns of the stall's end (start_ns + dur_us), saturated. */
uint64_t ksw_stall_end_ns(const struct ksw_stall *s);

/* The stall's value of a later-appended field, NULL when absent. */
const char *ksw_stall_extra(const struct ksw_stall *s, const char *key);

/* --- Wall clock --------------------------------------------------------- */

/*
 * CLOCK_REALTIME nanoseconds of a CLOCK_MONOTONIC time of the snapshot,
 * from the clocks taken when it was read; -1 when the snapshot has none.
 * (Wrong across a suspend in between: CLOCK_MONOTONIC stops there.)
 */
int64_t ksw_mono_to_real(const struct ksw_snap *s, uint64_t mono_ns);

/*
 * The wall-clock time of CLOCK_MONOTONIC @mono_ns into @buf: RFC 3339
 * (@rfc3339) or as dmesg -T; NULL when the snapshot has no clocks.
 */
const char *ksw_data_time(const struct ksw_data *d, char *buf, size_t len, uint64_t mono_ns,
			  int rfc3339);

/* "2026-12-03T14:51:27.123Z" (RFC 3339, UTC) of @real_ns into @buf. */
const char *ksw_fmt_rfc3339(char *buf, size_t len, int64_t real_ns);
/* "Thu Dec  3 14:51:27 2026" in local time, as dmesg -T, into @buf. */
const char *ksw_fmt_local(char *buf, size_t len, int64_t real_ns);

/* --- Selection: --since, --min-ms, --kind, --node ------------------------ */

int ksw_stall_selected(const struct ksw_data *d, const struct ksw_sel *sel,
		       const struct ksw_stall *s);
int ksw_fail_selected(const struct ksw_data *d, const struct ksw_sel *sel,
		      const struct ksw_fail *f);
int ksw_node_selected(const struct ksw_sel *sel, int64_t nid);

#endif
