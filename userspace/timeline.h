/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The stall timeline: the module's debugfs "timeline" file (design.md, "ABI
 * additions, version 1") as typed events per stall and CPU, and what they
 * say about a stall, as numbers (struct ksw_tl_facts) and as sentences.
 *
 * Use:
 *	struct ksw_timeline tl;
 *	struct ksw_tl_facts f;
 *	char **s;
 *	size_t i, n;
 *
 *	ksw_tl_parse(&tl, &snap->t[KSW_F_TIMELINE]);
 *	if (ksw_tl_facts(&tl, seq, &snap->t[KSW_F_ZONES], &f) == 0) {
 *		n = ksw_tl_sentences(&f, &s);
 *		for (i = 0; i < n; i++)
 *			puts(s[i]);
 *		ksw_tl_sentences_free(s, n);
 *		ksw_tl_facts_free(&f);
 *	}
 *	ksw_tl_free(&tl);
 *
 * Strings in events and facts point into the parsed table: it must outlive
 * them.  Nothing here fails on odd input: unknown events and fields are
 * ignored, lines that cannot be used are counted.
 */
#ifndef KSW_TIMELINE_H
#define KSW_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"

enum ksw_tl_kind {
	KSW_TL_SWITCH,
	KSW_TL_IRQ,
	KSW_TL_SOFTIRQ,
	KSW_TL_RECLAIM,
	KSW_TL_WAKEUP_KSWAPD,
	KSW_TL_ISOLATE,
	KSW_TL_GAP,
	KSW_TL_NR_KINDS
};

/* Numbers that were absent read as KSW_TL_NONE (pids, prios, nid, order). */
#define KSW_TL_NONE	INT64_MIN

/* Text that was absent reads as "?". */
struct ksw_tl_switch {
	const char *prev_comm, *prev_state, *next_comm;
	int64_t prev_pid, prev_prio, next_pid, next_prio;
};

struct ksw_tl_irq {
	int64_t irq;
	const char *name;
	uint64_t dur_us;
};

struct ksw_tl_softirq {
	const char *vec;
	uint64_t dur_us;
};

/* Reclaim kinds, in the order of ksw_tl_reclaim_kind_name(). */
enum ksw_tl_reclaim_kind {
	KSW_TL_RECLAIM_DIRECT,
	KSW_TL_RECLAIM_MEMCG,
	KSW_TL_RECLAIM_NODE,
	KSW_TL_RECLAIM_KSWAPD,
	KSW_TL_RECLAIM_OTHER,
	KSW_TL_NR_RECLAIM
};

struct ksw_tl_reclaim {
	enum ksw_tl_reclaim_kind kind;
	const char *kind_name;		/* as written */
	const char *comm;
	int64_t pid;
	uint64_t dur_us, nr_reclaimed;
	/* Fields the module may append: */
	int open;			/* open=1: still running, dur_us so far */
	const char *zone;		/* zone=, the zone kswapd ran for; NULL */
	int64_t nid, order;		/* nid= order= of a kswapd run */
};

struct ksw_tl_wakeup {
	int64_t nid, order, pid;
	const char *zone, *comm;
};

struct ksw_tl_isolate {
	int64_t nid;
	const char *zone;
	uint64_t scanned, skipped, taken;
	/* Fields the module may append: */
	int64_t pid;			/* pid= of the task isolating */
	uint64_t calls, dur_us;		/* calls= summed, their dur_us= */
};

struct ksw_tl_gap {
	uint64_t start_ns, end_ns;
	const char *kind;
};

struct ksw_tl_event {
	enum ksw_tl_kind kind;
	uint64_t ts_ns;			/* CLOCK_MONOTONIC; an irq's or run's start */
	union {
		struct ksw_tl_switch sw;
		struct ksw_tl_irq irq;
		struct ksw_tl_softirq softirq;
		struct ksw_tl_reclaim reclaim;
		struct ksw_tl_wakeup wakeup;
		struct ksw_tl_isolate isolate;
		struct ksw_tl_gap gap;
	} u;
};

/* One CPU of a stall: its events, oldest first. */
struct ksw_tl_cpu {
	unsigned int cpu;
	struct ksw_tl_event *ev;
	size_t n, cap;
	int has_gap;
	struct ksw_tl_gap gap;		/* its gap event (the first one) */
};

struct ksw_tl_stall {
	uint64_t seq;
	struct ksw_tl_cpu *cpu;		/* by CPU number, ascending */
	size_t ncpu, cap;
};

struct ksw_timeline {
	struct ksw_tl_stall *stall;	/* by seq, ascending */
	size_t n, cap;
	size_t events;			/* events kept */
	size_t unknown;			/* lines of events this reader does not know */
	size_t malformed;		/* lines that could not be used */
};

/*
 * Parse @t, a table of the timeline file (NULL or empty: no stalls), into
 * @tl.  A line is malformed when it lacks stall=, cpu=, ts_ns= or event=
 * (or they are not numbers), was cut short, or is a known event without
 * one of its numbers: dur_us of irq, softirq and reclaim; scanned,
 * skipped and taken of isolate; start_ns and end_ns of gap (end before
 * start too).  Times past 2^62 ns (146 years) and durations past 10^12 us
 * (11 days) are malformed too: sums of them cannot wrap.  Events are sorted by time within their CPU.  0, or -1 when
 * out of memory (then @tl is empty).
 */
int ksw_tl_parse(struct ksw_timeline *tl, const struct ksw_table *t);
void ksw_tl_free(struct ksw_timeline *tl);

/* The stall @seq, or NULL; the latest stall, or NULL when there is none. */
const struct ksw_tl_stall *ksw_tl_find(const struct ksw_timeline *tl, uint64_t seq);
const struct ksw_tl_stall *ksw_tl_latest(const struct ksw_timeline *tl);

const char *ksw_tl_kind_name(enum ksw_tl_kind kind);
const char *ksw_tl_reclaim_kind_name(enum ksw_tl_reclaim_kind kind);

/*
 * The time a stall's timeline covers: @from from its CPUs' first events
 * (reclaim runs that began earlier are not counted: they are kept with
 * their true start), @to the latest gap end or event; the gap: the
 * earliest gap start and latest gap end of its CPUs (0 and 0 when no
 * CPU has a gap event).
 */
void ksw_tl_span(const struct ksw_tl_stall *st, uint64_t *from, uint64_t *to,
		 uint64_t *gap_start, uint64_t *gap_end);

/*
 * The time a CPU's timeline covers: from its first event that is not a
 * reclaim run to its gap's end or its last event's end, at most @to; @from
 * and @to (the stall's span) when it has no such events.
 */
void ksw_tl_cpu_span(const struct ksw_tl_cpu *c, uint64_t from, uint64_t to, uint64_t *cfrom,
		     uint64_t *cto);

/*
 * Who ran on a CPU: runs between its context switches, from @from to @to.
 * The first run is the first switch's prev task, from @from (open_start);
 * the last the last switch's next task, to @to (open_end).  A CPU
 * without a switch is one run of an unknown task ("?").  *@runs is
 * allocated (free() it); returns the count.
 */
struct ksw_tl_run {
	uint64_t start_ns, end_ns;
	const char *comm;
	int64_t pid, prio;
	int open_start;		/* began before the first switch recorded */
	int open_end;		/* still on the CPU at @to */
};

size_t ksw_tl_cpu_runs(const struct ksw_tl_cpu *c, uint64_t from, uint64_t to,
		       struct ksw_tl_run **runs);

/* ---------------------------------------------------------------------
 * What a stall's timeline says: the API diagnose uses.
 */

/* One CPU of the stall. */
struct ksw_tl_cpu_facts {
	unsigned int cpu;
	uint64_t from_ns, to_ns;	/* ksw_tl_cpu_span() */
	uint64_t gap_start_ns, gap_end_ns; /* its gap, else the stall's */
	/*
	 * A CPU without a gap event whose events end before the stall's gap:
	 * nothing of it is known from @to_ns on (holder "?", no silences).
	 */
	int ends_before_gap;

	/* The last context switch at or before the gap's start. */
	int has_last_switch;
	uint64_t last_switch_ns;
	struct ksw_tl_switch last_switch;
	size_t switches, switches_in_gap;

	/*
	 * The task that held the CPU: the run (between two context switches)
	 * that covers most of the gap, "?" when no switch was recorded.  It
	 * ran @holder_run_ns without a switch: @holder_before_ns before the
	 * gap's start, or from @holder_after_ns after it; @holder_in_gap_ns of
	 * the gap; @holder_whole_gap when it covers the gap.  @holder_open: it
	 * was on the CPU before the first switch recorded, so it ran at least
	 * that long.  (The gap runs from the CPU's last sign of life: the task
	 * that stalled it may be switched in just after the gap's start.)
	 */
	const char *holder_comm;
	int64_t holder_pid, holder_prio;
	uint64_t holder_run_ns, holder_before_ns, holder_after_ns, holder_in_gap_ns;
	int holder_open, holder_whole_gap;

	/* The longest run without a switch in the whole timeline of the CPU. */
	struct ksw_tl_run longest;

	/* Hard interrupts: handler runs, their time, those that began in the gap. */
	size_t irqs, irqs_in_gap;
	uint64_t irq_ns;
	/* The last handler that began before the gap's start. */
	int has_last_irq;
	uint64_t last_irq_ns;
	struct ksw_tl_irq last_irq;
	/*
	 * The longest span without a hard interrupt handler that overlaps the
	 * gap, from the end of a handler (or the CPU's first event:
	 * @irq_silence_open) to the start of the next (or the gap's end), and
	 * the handler before it (@has_silence_irq).
	 */
	uint64_t irq_silence_start_ns, irq_silence_ns;
	int irq_silence_open, has_silence_irq;
	struct ksw_tl_irq silence_irq;
	/* The same without any irq or softirq handler: interrupts off shows here. */
	uint64_t quiet_start_ns, quiet_ns;

	size_t softirqs, softirqs_in_gap;
	uint64_t softirq_ns;
};

/* kswapd threads seen in the timeline (comm beginning with "kswapd"). */
struct ksw_tl_kswapd {
	const char *comm;
	int64_t pid;
	uint64_t oncpu_ns;		/* on the stall's CPUs, from the switches */
	uint64_t reclaim_ns;		/* in its reclaim runs, within the span */
	size_t runs;			/* its reclaim runs */
};

/*
 * Isolation (mm_vmscan_lru_isolate) totals per node, target zone and the
 * task isolating (KSW_TL_NONE when the module does not say).
 */
struct ksw_tl_zone {
	int64_t nid, pid;
	const char *zone;		/* the zone reclaim was aimed at */
	char above[48];			/* populated zones above it ("Normal"), "" unknown */
	uint64_t scanned, skipped, taken;
	size_t events;
};

#define KSW_TL_MAX_KSWAPD	8
#define KSW_TL_MAX_ZONES	8

struct ksw_tl_facts {
	uint64_t seq;
	const char *kind;		/* the gap's kind, "?" without a gap event */
	uint64_t from_ns, to_ns;	/* ksw_tl_span() */
	uint64_t gap_start_ns, gap_end_ns;
	size_t ncpu;
	struct ksw_tl_cpu_facts *cpu;	/* ncpu, by CPU number */

	size_t nkswapd;
	struct ksw_tl_kswapd kswapd[KSW_TL_MAX_KSWAPD];

	size_t nzones;
	struct ksw_tl_zone zones[KSW_TL_MAX_ZONES];

	/* Reclaim runs that began in the span or ran into it, by kind. */
	struct {
		size_t runs;
		uint64_t dur_ns;	/* their whole durations */
		uint64_t reclaimed;	/* nr_reclaimed, pages */
	} reclaim[KSW_TL_NR_RECLAIM];
	int has_longest_reclaim;
	uint64_t longest_reclaim_ns;	/* its start */
	struct ksw_tl_reclaim longest_reclaim;

	/* Open runs among them: still running at the gap's end. */
	size_t reclaim_open[KSW_TL_NR_RECLAIM];
	/* The reclaim run that covers most of the stall's gap, if any does. */
	int has_gap_reclaim;
	uint64_t gap_reclaim_ns, gap_reclaim_overlap_ns;	/* its start; time in the gap */
	unsigned int gap_reclaim_cpu;
	struct ksw_tl_reclaim gap_reclaim;

	/* wakeup_kswapd events, and the last one. */
	size_t wakeups;
	uint64_t last_wakeup_ns;
	struct ksw_tl_wakeup last_wakeup;
};

/*
 * The facts of stall @seq of @tl.  @zones, the zones table or NULL, names
 * the zones above each isolation's target.  0, or -1 when @seq has no
 * timeline (then @f is zeroed).  Free with ksw_tl_facts_free().
 */
int ksw_tl_facts(const struct ksw_timeline *tl, uint64_t seq, const struct ksw_table *zones,
		 struct ksw_tl_facts *f);
void ksw_tl_facts_free(struct ksw_tl_facts *f);

/*
 * @f as sentences for people, most telling first, without a trailing
 * period, e.g.
 *	"CPU 1: kworker/1:2 (pid 812) ran 240 ms without a context switch:
 *	 20 ms before the gap and through the whole gap (220 ms)"
 *	"no interrupt was handled on CPU 1 for 320 ms; the last was virtio0
 *	 (irq 24)"
 *	"kswapd0 ran 940 ms of the 1.2 s recorded, isolating for DMA32 and
 *	 skipping 146,978 pages of Normal"
 * *@out is an array of allocated strings; returns how many.  Free with
 * ksw_tl_sentences_free().
 */
size_t ksw_tl_sentences(const struct ksw_tl_facts *f, char ***out);
void ksw_tl_sentences_free(char **s, size_t n);

/* "146,978" into @buf. */
const char *ksw_tl_thousands(char *buf, size_t len, uint64_t v);
/* "240 ms", "1.2 s", "850 us": a duration in nanoseconds, into @buf. */
const char *ksw_tl_dur(char *buf, size_t len, uint64_t ns);

#endif
