// SPDX-License-Identifier: GPL-2.0
/*
 * Variant: pg_data_t.kswapd_failures is an atomic_t (7.2 has it) rather
 * than an int (6.1).  The int variant in module/compat.h does not compile
 * on an atomic_t either, so a wrong answer breaks the build.
 */
#include <linux/module.h>
#include <linux/mmzone.h>
#include <linux/atomic.h>
MODULE_LICENSE("GPL");
int ksw_feature_test(pg_data_t *pgdat);
int ksw_feature_test(pg_data_t *pgdat)
{
	return atomic_read(&pgdat->kswapd_failures);
}
