// SPDX-License-Identifier: GPL-2.0
/* Tracepoints mm_vmscan_balance_pgdat_begin and _end (upstream 7.x). */
#include <linux/module.h>
#include <trace/events/vmscan.h>
MODULE_LICENSE("GPL");
static __maybe_unused typeof(&check_trace_callback_type_mm_vmscan_balance_pgdat_begin) ksw_feature_test_begin;
static __maybe_unused typeof(&check_trace_callback_type_mm_vmscan_balance_pgdat_end) ksw_feature_test_end;
