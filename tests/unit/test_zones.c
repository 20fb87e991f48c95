// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for module/zones_logic.h: the zone an event is counted on,
 * the classes of the allocations that woke kswapd, and the scan-storm
 * test of one LRU isolation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "zones_logic.h"

/* x86_64 numbering: DMA, DMA32, Normal, Movable, Device. */
enum { DMA, DMA32, NORMAL, MOVABLE, DEVICE, NR };
#define BIT(z)	(1U << (z))

static void counted_on_highest_populated_below(void **state)
{
	unsigned int small = BIT(DMA) | BIT(DMA32);		/* a 512 MB guest */
	unsigned int big = BIT(DMA) | BIT(DMA32) | BIT(NORMAL);
	unsigned int node1 = BIT(NORMAL);			/* a second node */

	(void)state;
	/* A user page's wakeup (ZONE_MOVABLE) counts on the highest zone. */
	assert_int_equal(ksw_zone_counted(small, NR, MOVABLE), DMA32);
	assert_int_equal(ksw_zone_counted(big, NR, MOVABLE), NORMAL);
	assert_int_equal(ksw_zone_counted(big, NR, NORMAL), NORMAL);
	/* A populated zone is its own. */
	assert_int_equal(ksw_zone_counted(big, NR, DMA32), DMA32);
	assert_int_equal(ksw_zone_counted(big, NR, DMA), DMA);
	/* No zone at or below: not counted on this node. */
	assert_int_equal(ksw_zone_counted(node1, NR, DMA32), -1);
	assert_int_equal(ksw_zone_counted(0, NR, MOVABLE), -1);
	/* Out of range. */
	assert_int_equal(ksw_zone_counted(big, NR, -1), -1);
	assert_int_equal(ksw_zone_counted(big, NR, NR), -1);
	assert_int_equal(ksw_zone_top(small, NR), DMA32);
	assert_int_equal(ksw_zone_top(big, NR), NORMAL);
	assert_int_equal(ksw_zone_top(0, NR), -1);
}

static void gfp_classes(void **state)
{
	(void)state;
	/* (no flags, direct reclaim, io, fs, hardwall) */
	assert_int_equal(ksw_gfp_class(true, false, false, false, false), KSW_GFP_BOOST);
	assert_int_equal(ksw_gfp_class(false, false, false, false, false), KSW_GFP_ATOMIC);
	assert_int_equal(ksw_gfp_class(false, false, true, true, true), KSW_GFP_ATOMIC);
	assert_int_equal(ksw_gfp_class(false, true, false, false, false), KSW_GFP_NOIO);
	assert_int_equal(ksw_gfp_class(false, true, true, false, false), KSW_GFP_NOFS);
	assert_int_equal(ksw_gfp_class(false, true, true, true, true), KSW_GFP_USER);
	assert_int_equal(ksw_gfp_class(false, true, true, true, false), KSW_GFP_KERNEL);
	assert_string_equal(ksw_gfp_class_name(KSW_GFP_BOOST), "boost");
	assert_string_equal(ksw_gfp_class_name(KSW_GFP_ATOMIC), "atomic");
	assert_string_equal(ksw_gfp_class_name(KSW_GFP_KERNEL), "kernel");
	assert_string_equal(ksw_gfp_class_name(KSW_GFP_NR), "?");
}

static void storm_ratio(void **state)
{
	(void)state;
	assert_int_equal(ksw_storm_ratio(0, 0), 0);
	assert_int_equal(ksw_storm_ratio(32, 32), 0);
	assert_int_equal(ksw_storm_ratio(10, 20), 0);	/* never wraps */
	assert_int_equal(ksw_storm_ratio(100, 0), 100);	/* nothing taken counts as 1 */
	assert_int_equal(ksw_storm_ratio(66, 2), 32);
}

static void storm_isolation(void **state)
{
	(void)state;
	/* Aimed at DMA32 below Normal: 100000 passed over for 32 taken. */
	assert_true(ksw_storm_isolation(DMA32, NORMAL, 100032, 32));
	/* The same aimed at the node's highest zone is ordinary reclaim. */
	assert_false(ksw_storm_isolation(NORMAL, NORMAL, 100032, 32));
	assert_false(ksw_storm_isolation(DMA32, DMA32, 100032, 32));
	/* The ratio: 32 per page taken is a storm, 31 is not. */
	assert_true(ksw_storm_isolation(DMA, NORMAL, 1024 + 32, 32));
	assert_false(ksw_storm_isolation(DMA, NORMAL, 1023 + 32, 32));
	/* The minimum: a small batch with nothing taken is not. */
	assert_false(ksw_storm_isolation(DMA, NORMAL, KSW_STORM_MIN - 1, 0));
	assert_true(ksw_storm_isolation(DMA, NORMAL, KSW_STORM_MIN, 0));
	/* Nothing passed over, or no zone. */
	assert_false(ksw_storm_isolation(DMA, NORMAL, 32, 32));
	assert_false(ksw_storm_isolation(-1, NORMAL, 100000, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counted_on_highest_populated_below),
		cmocka_unit_test(gfp_classes),
		cmocka_unit_test(storm_ratio),
		cmocka_unit_test(storm_isolation),
	};

	return cmocka_run_group_tests_name("zones", tests, NULL, NULL);
}
