/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A stall's timeline for people: text lanes, Chrome Trace Event Format
 * JSON, an SVG picture.  All three draw the same view: per CPU who ran
 * (runs between context switches), irq and softirq handler runs, reclaim
 * runs (in as many sub-lanes as overlapping runs need), kswapd wakeups,
 * isolations and the gap.
 */
#ifndef KSW_TIMELINE_OUT_H
#define KSW_TIMELINE_OUT_H

#include <stdio.h>

#include "timeline.h"

/* A task of the view, with its time on the stall's CPUs. */
struct ksw_tl_task {
	const char *comm;
	int64_t pid;
	uint64_t ns;
	size_t runs;
};

#define KSW_TL_MAX_LANES	8

struct ksw_tl_view_cpu {
	const struct ksw_tl_cpu *c;
	struct ksw_tl_run *runs;
	size_t nruns;
	size_t *run_task;		/* per run: index into the view's tasks */
	int *lane;			/* per event: its reclaim sub-lane */
	int nlanes;			/* reclaim sub-lanes used (at least 1) */
	uint64_t gap_start, gap_end;	/* this CPU's gap, else the stall's */
};

struct ksw_tl_view {
	const struct ksw_tl_stall *st;
	uint64_t from, to, gap_start, gap_end;	/* ksw_tl_span() */
	const char *kind;			/* the gap's kind */
	size_t ncpu;
	struct ksw_tl_view_cpu *cpu;
	struct ksw_tl_task *task;		/* most time first */
	size_t ntask;
};

void ksw_tl_view_init(struct ksw_tl_view *v, const struct ksw_tl_stall *st);
void ksw_tl_view_free(struct ksw_tl_view *v);

/* Whether @comm is an idle task (swapper/N). */
int ksw_tl_is_idle(const char *comm);

/*
 * The outputs.  @stall is the stall's record of the stalls file, or NULL;
 * @zones the zones table or NULL (the text's closing sentences name the
 * zones above reclaim's target with it).
 */
void ksw_tl_print_text(FILE *out, const struct ksw_timeline *tl, const struct ksw_tl_view *v,
		       const struct ksw_record *stall, const struct ksw_table *zones);
void ksw_tl_print_chrome(FILE *out, const struct ksw_tl_view *v, const struct ksw_record *stall);
void ksw_tl_print_svg(FILE *out, const struct ksw_tl_view *v, const struct ksw_record *stall);

#endif
