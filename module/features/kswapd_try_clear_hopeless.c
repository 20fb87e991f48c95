// SPDX-License-Identifier: GPL-2.0
/*
 * kswapd_try_clear_hopeless() (upstream 7.x): kswapd and direct reclaim
 * reset kswapd_failures only once the node is balanced.
 */
#include <linux/module.h>
#include <linux/mmzone.h>
MODULE_LICENSE("GPL");
static __maybe_unused typeof(&kswapd_try_clear_hopeless) ksw_feature_test;
