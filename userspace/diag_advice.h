/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The sysctl advice of diagnose, computed from the running values and the
 * zone sizes as the kernel computes what the sysctls do (mm/page_alloc.c).
 *
 * lowmem_reserve_ratio: zone L of a node keeps, against an allocation that
 * may use zones up to j, lowmem_reserve[j] = (managed pages of the zones
 * L+1..j) / ratio[L] pages (setup_per_zone_lowmem_reserve(); ratio 0: no
 * reserve).  Such an allocation takes a page of L only while L has more
 * than its watermark plus that reserve free.  A smaller ratio is a larger
 * reserve: less of L for allocations that could use a higher zone, and
 * more left for the ones that cannot (GFP_DMA, GFP_DMA32: drivers).  The
 * advice for a zone that scan storms aimed at: the largest ratio whose
 * reserve against the node's highest zone covers all of L (the seed's 30
 * on 2 GB of DMA under 60 GB of Normal), or 1 when the zones above are
 * smaller than L.  Only L's ratio changes.  It is never the current value,
 * always a larger reserve than the current one, and when the current
 * reserve already covers L (or the ratio is 1) nothing is advised: a second
 * run on the fixed values advises nothing lower.
 *
 * watermark_scale_factor (1..3000 in 6.1's kernel/sysctl.c and in the
 * sysctl table of mm/page_alloc.c where later kernels moved it; 1000 in
 * older kernels): each zone's low and high watermarks lie
 * max(min/4, managed * factor / 10000) pages apart above min
 * (__setup_per_zone_wmarks()).  Advised only upwards: to 100 from below
 * it, else doubled, at most 3000; nothing at 3000 or above.
 */
#ifndef KSW_DIAG_ADVICE_H
#define KSW_DIAG_ADVICE_H

#include <stdint.h>

#include "records.h"
#include "sysctl.h"

#define KSW_WSF_MAX		3000	/* the kernel's bound (SYSCTL_THREE_THOUSAND) */
#define KSW_WSF_FLOOR		100	/* advised when below it */

enum ksw_advice_status {
	KSW_ADV_PROPOSE,		/* want differs from cur and does more */
	KSW_ADV_ENOUGH,			/* the current value already does it */
	KSW_ADV_AT_LIMIT,		/* no value of this knob does more */
	KSW_ADV_UNKNOWN,		/* the current value or the zone sizes are unknown */
};

struct ksw_lrr_advice {
	int status;			/* enum ksw_advice_status */
	int idx;			/* the zone's index in lowmem_reserve_ratio, -1 */
	int idx_guessed;		/* the index is inferred from the layout */
	int64_t cur, want;		/* ratios; want = cur unless PROPOSE */
	uint64_t above;			/* managed pages of the zones above, on its node */
	uint64_t managed;		/* the zone's own */
	uint64_t target;		/* pages the reserve should cover */
	uint64_t prot_cur;		/* reserve against the highest zone now (zones) */
	uint64_t prot_new;		/* ... with want */
	uint64_t kept_cur, kept_new;	/* min(reserve, managed): pages kept */
	char values[160];		/* the whole sysctl with want: "30 256 32 0 0" */
	const char *why;		/* for UNKNOWN and AT_LIMIT */
};

/* Advice for zone @z (a low zone scan storms aimed at). */
void ksw_advise_lrr(const struct ksw_data *d, const struct ksw_zone *z,
		    const struct ksw_sysctl *sc, struct ksw_lrr_advice *a);

/* The zone's index in lowmem_reserve_ratio (MAX_NR_ZONES entries), -1. */
int ksw_lrr_index(const struct ksw_data *d, const struct ksw_zone *z, int nlrr, int *guessed);

struct ksw_wsf_advice {
	int status;
	long cur, want;
	/* Of the node's highest zone: the watermark step, in pages, now and with want. */
	const struct ksw_zone *zone;
	uint64_t step_cur, step_new;
};

/* Advice for direct-reclaim stalls on node @nid (-1: the first node). */
void ksw_advise_wsf(const struct ksw_data *d, int64_t nid, const struct ksw_sysctl *sc,
		    struct ksw_wsf_advice *a);

/* The kernel's watermark step: max(min / 4, mult_frac(managed, factor, 10000)). */
uint64_t ksw_wmark_step(uint64_t managed, uint64_t min, long factor);

#endif
