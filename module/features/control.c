// SPDX-License-Identifier: GPL-2.0
/* Always compiles: proves the feature-test machinery itself works. */
#include <linux/module.h>
#include <trace/events/vmscan.h>
MODULE_LICENSE("GPL");
