// SPDX-License-Identifier: GPL-2.0
/*
 * Variant: the reclaim counters PGSCAN_* and PGSTEAL_* are node_stat_items
 * (7.2) rather than vm_event_items (6.1).  Enumerators of either enum are
 * plain ints to C, so -Wenum-conversion is made an error here; module/
 * watchdog.c does the same around the variant it uses, so a wrong answer
 * breaks the build.
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/vmstat.h>
MODULE_LICENSE("GPL");
__diag_push();
__diag_error(GCC, 8, "-Wenum-conversion", "PGSCAN_KSWAPD must be a node_stat_item");
unsigned long ksw_feature_test(void);
unsigned long ksw_feature_test(void)
{
	return global_node_page_state(PGSCAN_KSWAPD);
}
__diag_pop();
