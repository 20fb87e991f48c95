// SPDX-License-Identifier: GPL-2.0
/*
 * Variant: hrtimer_setup() (6.13) rather than hrtimer_init() plus setting
 * ->function.  7.2 has no hrtimer_init(), 6.1 no hrtimer_setup(): a wrong
 * answer breaks the build.
 */
#include <linux/module.h>
#include <linux/hrtimer.h>
MODULE_LICENSE("GPL");
void ksw_feature_test(struct hrtimer *t, enum hrtimer_restart (*fn)(struct hrtimer *));
void ksw_feature_test(struct hrtimer *t, enum hrtimer_restart (*fn)(struct hrtimer *))
{
	hrtimer_setup(t, fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
}
