/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kswapwatch: the zone statistics' arithmetic without the kernel around it.
 *
 * Which zone an event is counted on, what class of allocation woke kswapd,
 * and when an LRU isolation is part of a scan storm.  Nothing here reads
 * kernel state: module/zones.c does that and calls these helpers, and the
 * host unit tests (tests/unit/test_zones.c) call them directly.
 */
#ifndef KSWAPWATCH_ZONES_LOGIC_H
#define KSWAPWATCH_ZONES_LOGIC_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stdint.h>
typedef uint64_t u64;
#endif

/*
 * A scan storm: one LRU isolation aimed at a zone below the node's highest
 * populated zone that passed over at least KSW_STORM_MIN pages, and at
 * least KSW_STORM_RATIO pages for every page it took.  Passed over: looked
 * at and not taken, which with the classic LRU is mostly pages of higher
 * zones (nr_skipped), and with MGLRU pages of higher zones moved to the
 * next generation ("sorted", counted in nr_scanned only).  This is the
 * one definition: the reader reports the module's storms=, storm_ratio=
 * and storm= and decides nothing of its own.  The minimum, 2 MB of 4 KB
 * pages walked under the LRU lock in one go, keeps ordinary batches of 32
 * out.
 */
#define KSW_STORM_RATIO		32
#define KSW_STORM_MIN		512

/*
 * Classes of the allocations that woke kswapd, by their gfp flags.  No
 * flags at all is not an allocation: the allocator wakes kswapd that way
 * to undo a watermark boost (after a fallback to another migratetype).
 */
enum ksw_gfp_class {
	KSW_GFP_BOOST = 0,	/* no allocation: a boosted watermark */
	KSW_GFP_ATOMIC,	/* may not reclaim directly (GFP_ATOMIC, GFP_NOWAIT) */
	KSW_GFP_NOIO,		/* may reclaim, no I/O (GFP_NOIO) */
	KSW_GFP_NOFS,		/* may reclaim and do I/O, no filesystem (GFP_NOFS) */
	KSW_GFP_USER,		/* full reclaim, hardwalled to the cpuset (GFP_USER, user pages) */
	KSW_GFP_KERNEL,		/* full reclaim (GFP_KERNEL) */
	KSW_GFP_NR
};

static inline const char *ksw_gfp_class_name(int class)
{
	switch (class) {
	case KSW_GFP_BOOST:	return "boost";
	case KSW_GFP_ATOMIC:	return "atomic";
	case KSW_GFP_NOIO:	return "noio";
	case KSW_GFP_NOFS:	return "nofs";
	case KSW_GFP_USER:	return "user";
	case KSW_GFP_KERNEL:	return "kernel";
	default:		return "?";
	}
}

/* The class from the gfp bits that decide it; @none: no flags at all. */
static inline int ksw_gfp_class(bool none, bool direct_reclaim, bool io, bool fs,
				bool hardwall)
{
	if (none)
		return KSW_GFP_BOOST;
	if (!direct_reclaim)
		return KSW_GFP_ATOMIC;
	if (!io)
		return KSW_GFP_NOIO;
	if (!fs)
		return KSW_GFP_NOFS;
	return hardwall ? KSW_GFP_USER : KSW_GFP_KERNEL;
}

/*
 * The zone an event for zone index @zid is counted on: the highest
 * populated zone at or below it (bit z of @populated set: zone z has
 * pages).  Tracepoints give the highest zone a request may use, often one
 * the node lacks (ZONE_MOVABLE for user pages); reclaim for it is reclaim
 * for the highest zone the node has below it.  -1: the node has no zone
 * at or below @zid, or @zid is out of range.
 */
static inline int ksw_zone_counted(unsigned int populated, int nr_zones, int zid)
{
	if (zid < 0 || zid >= nr_zones)
		return -1;
	for (; zid >= 0; zid--)
		if (populated & (1U << zid))
			return zid;
	return -1;
}

/* The highest populated zone, -1 for a node without memory. */
static inline int ksw_zone_top(unsigned int populated, int nr_zones)
{
	return ksw_zone_counted(populated, nr_zones, nr_zones - 1);
}

/* Pages passed over per page taken (taken 0 counts as 1). */
static inline u64 ksw_storm_ratio(u64 scanned, u64 taken)
{
	if (scanned <= taken)
		return 0;
	return (scanned - taken) / (taken ? taken : 1);
}

/*
 * Whether one isolation, counted on zone @zid of a node whose highest
 * populated zone is @top, is a storm.
 */
static inline bool ksw_storm_isolation(int zid, int top, u64 scanned, u64 taken)
{
	if (zid < 0 || zid >= top || scanned <= taken)
		return false;
	return scanned - taken >= KSW_STORM_MIN &&
	       ksw_storm_ratio(scanned, taken) >= KSW_STORM_RATIO;
}

#endif /* KSWAPWATCH_ZONES_LOGIC_H */
