// SPDX-License-Identifier: GPL-2.0
/*
 * Variant: mm_vmscan_direct_reclaim_begin(gfp_flags, order, memcg) and
 * _end(nr_reclaimed, memcg) (upstream 7.1) rather than begin(order,
 * gfp_flags) and end(nr_reclaimed).  module/probes.c checks whichever
 * variant is chosen against the headers, so a wrong answer breaks the build.
 */
#include <linux/module.h>
#include <trace/events/vmscan.h>
MODULE_LICENSE("GPL");
static void ksw_probe(void *data, gfp_t gfp_flags, int order,
		      struct mem_cgroup *memcg)
{
}

void ksw_feature_test(void);
void ksw_feature_test(void)
{
	check_trace_callback_type_mm_vmscan_direct_reclaim_begin(ksw_probe);
}
