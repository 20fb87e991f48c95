/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * diagnose: turn a snapshot into findings, each with the records it rests
 * on and what to do about it.
 */
#ifndef KSW_DIAGNOSE_H
#define KSW_DIAGNOSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "snap.h"
#include "sysctl.h"

/*
 * Thresholds (documented in kswapwatch(8), DIAGNOSE).
 *
 * A DMA-zone scan storm: reclaim aimed at a zone skipped at least
 * STORM_MIN_SKIPPED pages of higher zones, and at least STORM_RATIO of
 * them for every page it took.
 */
#define KSW_DIAG_STORM_MIN_SKIPPED	65536
#define KSW_DIAG_STORM_RATIO		32
/* The lowmem_reserve_ratio suggested for the zones below the top one. */
#define KSW_DIAG_RESERVE_RATIO		30
/* Spurious resets: this many on one node, or one that revived a hopeless node. */
#define KSW_DIAG_SPURIOUS_MIN		3
/* A long direct-reclaim stall: kind=reclaim lasting at least this long. */
#define KSW_DIAG_STALL_US		100000
/* The watermark_scale_factor suggested when it is below this. */
#define KSW_DIAG_WSF_SUGGEST		100


enum ksw_finding_kind {
	KSW_FIND_DMA_STORM,
	KSW_FIND_SPURIOUS,
	KSW_FIND_HOPELESS,
	KSW_FIND_STALLS,
};

struct ksw_strv {
	char **v;
	size_t n;
};

struct ksw_seqv {
	uint64_t *v;
	size_t n;
};

struct ksw_finding {
	int kind;
	int64_t nid;			/* -1 when not about one node */
	char zone[32];			/* "" when not about one zone */
	char *title;
	struct ksw_strv evidence;
	struct ksw_strv fix;
	struct ksw_seqv stall_seqs;	/* the stalls records cited */
	struct ksw_seqv failure_seqs;	/* the kswapd_failures records cited */
};

struct ksw_diag {
	struct ksw_finding *f;
	size_t n;
	struct ksw_strv notes;		/* what could not be checked */
};

/* The machine name of a finding kind: "dma_scan_storm", ... */
const char *ksw_finding_name(int kind);

/* Analyse @s (records selected by @sel) with settings @sc. 0, or -1 on ENOMEM. */
int ksw_diagnose(const struct ksw_snap *s, const struct ksw_sel *sel,
		 const struct ksw_sysctl *sc, struct ksw_diag *d);
void ksw_diag_free(struct ksw_diag *d);

void ksw_diag_print_text(FILE *out, const struct ksw_diag *d);
void ksw_diag_print_json(FILE *out, const struct ksw_diag *d);

#endif
