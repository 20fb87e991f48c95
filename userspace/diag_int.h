/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What diagnose's parts share: the context of one run, a string builder,
 * and the builders of a finding.  Not for use outside diag_*.c.
 */
#ifndef KSW_DIAG_INT_H
#define KSW_DIAG_INT_H

#include <stddef.h>
#include <stdint.h>

#include "diagnose.h"
#include "records.h"
#include "timeline.h"

struct diag_ctx {
	const struct ksw_data *d;
	const struct ksw_sel *sel;	/* never NULL */
	const struct ksw_sysctl *sc;
	uint64_t thresh_us;		/* stalls at or above this get a finding */
	int win_set;			/* --since DURATION: a window with a start */
	uint64_t win_start_ns;		/* CLOCK_MONOTONIC */
	long page_size;			/* bytes; 4096 when the snapshot does not say */
	int page_size_known;
	const struct ksw_timeline *tl;	/* the stalls' timelines, NULL without */
};

/* A growing string. */
struct sb {
	char *s;
	size_t len, cap;
};

void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text built (never NULL), which the caller frees; @b is empty after. */
char *sb_take(struct sb *b);

struct ksw_finding *diag_new(struct ksw_diag *d, const char *id, int severity);
void ev_u64(struct ksw_finding *f, const char *key, uint64_t v);
void ev_s64(struct ksw_finding *f, const char *key, int64_t v);
void ev_str(struct ksw_finding *f, const char *key, const char *v);
void f_time(struct ksw_finding *f, uint64_t ns);
void f_stall(struct ksw_finding *f, const struct ksw_stall *s);
void f_fail(struct ksw_finding *f, const struct ksw_fail *fl);

/* "2026-12-03T14:51:27.123Z (uptime 7234.000 s)", or the uptime alone. */
const char *fmt_when(char *buf, size_t len, const struct ksw_data *d, uint64_t ns);
/* "1.9 GB", "236 MB", "12.3 MB", "840 KB" for @pages pages. */
const char *fmt_bytes(char *buf, size_t len, const struct diag_ctx *c, uint64_t pages);
/*
 * What the module's timeline says about stall @seq, as sentences appended
 * to @b (" The timeline of stall N: ...; ...."); 0 and nothing when it has
 * none, else 1.
 */
int diag_timeline(const struct diag_ctx *c, struct sb *b, uint64_t seq);

/* "3, 5-9, 12 and 4 more": runs of consecutive numbers collapsed. */
char *fmt_seqs(const uint64_t *v, size_t n);

/*
 * A stall a scan storm explains (diag_storm.c's, not diag_stall.c's): its
 * storm= names a zone, and the holder was reclaiming (or, without a stack,
 * kswapd was awake in the gap).
 */
int diag_stall_stormed(const struct ksw_stall *s);
/* info below 100 ms, warning, critical from 500 ms or system-wide from 100 ms. */
int diag_severity_for(uint64_t max_us, int system);
/* The stall is selected and at or above the threshold. */
int diag_stall_counts(const struct diag_ctx *c, const struct ksw_stall *s);

void diag_stalls(const struct diag_ctx *c, struct ksw_diag *d);
void diag_storms(const struct diag_ctx *c, struct ksw_diag *d);
void diag_failures(const struct diag_ctx *c, struct ksw_diag *d);
void diag_kswapd(const struct diag_ctx *c, struct ksw_diag *d);

#endif
