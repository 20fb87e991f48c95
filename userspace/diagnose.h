/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * diagnose: turn the module's records into findings, one per cause, each
 * with what happened, what to do, the records it rests on and the numbers
 * it used (../shared/design.md, "The reader's findings").
 *
 * The parts, one file each: diag_stall.c (a finding for every stall at or
 * above the threshold), diag_storm.c (scan storms aimed at a low zone),
 * diag_failures.c (spurious kswapd_failures resets, hopeless nodes),
 * diag_kswapd.c (kswapd that runs without end), diag_advice.c (the sysctl
 * advice, computed from the running values and the zone sizes) and
 * diag_out.c (text, JSON lines, Prometheus).
 */
#ifndef KSW_DIAGNOSE_H
#define KSW_DIAGNOSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "records.h"
#include "snap.h"
#include "sysctl.h"

/* Severities, in the order the text output sorts by (most severe first). */
enum {
	KSW_SEV_INFO = 0,
	KSW_SEV_WARNING = 1,
	KSW_SEV_CRITICAL = 2,
};

/* The stall threshold when the module does not say (version threshold_ms=). */
#define KSW_DIAG_THRESHOLD_MS		50
/* Spurious resets: this many on one node, or one that revived a hopeless node. */
#define KSW_DIAG_SPURIOUS_MIN		3
/* kswapd_busy: a node's kswapd used at least this share of a CPU (percent) ... */
#define KSW_DIAG_KSWAPD_WARN_PCT	10
#define KSW_DIAG_KSWAPD_CRIT_PCT	50
/* ... and at least this much CPU time (ns). */
#define KSW_DIAG_KSWAPD_MIN_NS		1000000000ULL

/* One number or text a finding rests on: an "evidence" member. */
enum { KSW_EVD_U64, KSW_EVD_S64, KSW_EVD_STR };

struct ksw_evidence {
	char *key;
	int type;
	uint64_t u;
	int64_t s;
	char *str;
};

struct ksw_finding {
	const char *id;			/* stable: "irq_off_stall", "dma_scan_storm", ... */
	int severity;			/* KSW_SEV_* */
	char *summary;			/* one line */
	char *cause;			/* what happened, in the operator's words */
	char *fix;			/* what to do; "" when nothing */
	uint64_t *stalls;		/* seq of the stalls records it explains */
	size_t nstalls;
	uint64_t *failures;		/* seq of the kswapd_failures records */
	size_t nfailures;
	int have_time;			/* first_ns/last_ns are set */
	uint64_t first_ns, last_ns;	/* CLOCK_MONOTONIC */
	int64_t nid;			/* -1 when not about one node */
	char zone[32];			/* "" when not about one zone */
	struct ksw_evidence *ev;
	size_t nev;
};

struct ksw_diag {
	struct ksw_finding *f;		/* most severe first */
	size_t n;
	/* Wall clock of first_ns/last_ns, from the snapshot's clocks. */
	const struct ksw_snap *snap;
};

/*
 * Where diagnose may look up live tasks (/proc/PID/cgroup of the task that
 * reset kswapd_failures): "/proc" when the data was read from this
 * machine's debugfs, NULL (the default) for a saved copy, whose pids mean
 * nothing here.
 */
extern const char *ksw_diag_proc_root;

/*
 * Analyse @data (records selected by @sel, NULL for all) with the vm
 * settings @sc.  0, or -1 on ENOMEM.
 */
int ksw_diagnose(const struct ksw_data *data, const struct ksw_sel *sel,
		 const struct ksw_sysctl *sc, struct ksw_diag *d);
void ksw_diag_free(struct ksw_diag *d);

/* The highest severity among the findings, -1 when there are none. */
int ksw_diag_max_severity(const struct ksw_diag *d);

/* "info", "warning", "critical". */
const char *ksw_severity_name(int severity);

/* Findings in text, most severe first; "No findings" when there are none. */
void ksw_diag_print_text(FILE *out, const struct ksw_diag *d);
/* One JSON object per finding and line (design.md). */
void ksw_diag_print_json(FILE *out, const struct ksw_diag *d);
/* Prometheus: the findings counted by severity, and by finding, node, zone. */
void ksw_prom_findings(FILE *out, const struct ksw_diag *d);

#endif
