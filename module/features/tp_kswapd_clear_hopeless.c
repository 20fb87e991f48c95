// SPDX-License-Identifier: GPL-2.0
/* Tracepoint mm_vmscan_kswapd_clear_hopeless (upstream 7.x). */
#include <linux/module.h>
#include <trace/events/vmscan.h>
MODULE_LICENSE("GPL");
static __maybe_unused typeof(&check_trace_callback_type_mm_vmscan_kswapd_clear_hopeless) ksw_feature_test;
