/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kswapwatch: the stall timeline's parts, between timeline.c (the per-CPU
 * rings and what writes them) and timeline_freeze.c (freezing a stall's
 * window and showing it).
 */
#ifndef KSWAPWATCH_TIMELINE_H
#define KSWAPWATCH_TIMELINE_H

#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/types.h>

#include "timeline_logic.h"

/* LRU isolation of one task for one zone, summed. */
struct ksw_tl_acc {
	u64 ts;
	u64 last;
	u64 scanned;
	u64 skipped;
	u64 taken;
	s32 pid;
	s32 nid;
	u32 calls;
	u8 zid;
	bool on;
};

struct ksw_tl_cpu {
	struct ksw_tl_ring ring;
	struct ksw_tl_buf *buf;		/* NULL: not recording */
	/* The handler or softirq running on this CPU, until its exit. */
	u64 irq_ts;
	s32 irq;
	bool irq_open;
	u64 softirq_ts;
	u32 softirq_vec;
	bool softirq_open;
	struct ksw_tl_acc acc;
};

DECLARE_PER_CPU(struct ksw_tl_cpu, ksw_tl_pcpu);

/* timeline.c */
extern struct mutex ksw_tl_mutex;	/* settings, buffers, frozen copies */
extern bool ksw_tl_ready;		/* under ksw_tl_mutex */
extern unsigned int ksw_tl_lookback_ms;	/* READ_ONCE */

/* timeline_freeze.c */
int ksw_tl_freeze_init(void);
void ksw_tl_freeze_start(void);
void ksw_tl_freeze_stop(void);
void ksw_tl_freeze_exit(void);
/* Under ksw_tl_mutex. */
void ksw_tl_scratch_replace(struct ksw_tl_ev *scratch, unsigned int len);
void ksw_tl_freeze_counts(u64 *kept, unsigned long *failed);

#endif /* KSWAPWATCH_TIMELINE_H */
