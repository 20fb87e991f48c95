// SPDX-License-Identifier: GPL-2.0
/*
 * Variant: mm_vmscan_lru_isolate still has its isolate_mode_t argument
 * (removed upstream in 6.7).  module/probes.c checks whichever variant is
 * chosen against the headers, so a wrong answer breaks the build.
 */
#include <linux/module.h>
#include <trace/events/vmscan.h>
MODULE_LICENSE("GPL");
static void ksw_probe(void *data, int highest_zoneidx, int order,
		      unsigned long nr_requested, unsigned long nr_scanned,
		      unsigned long nr_skipped, unsigned long nr_taken,
		      isolate_mode_t isolate_mode, int lru)
{
}

void ksw_feature_test(void);
void ksw_feature_test(void)
{
	check_trace_callback_type_mm_vmscan_lru_isolate(ksw_probe);
}
