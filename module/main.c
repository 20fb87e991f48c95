// SPDX-License-Identifier: GPL-2.0
/*
 * kswapwatch: a flight recorder for kswapd failures and reclaim stalls.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>

#include "kswapwatch.h"

/*
 * The module's parts, started in this order and stopped in reverse.
 * debugfs comes last: nothing is shown before the data behind it exists,
 * and on unload the files go before anything they show is torn down.
 */
static const struct ksw_part {
	const char *name;
	int (*init)(void);
	void (*exit)(void);
} ksw_parts[] = {
	/* Before the probes: they record into it from their first event. */
	{ "failures", ksw_failures_init, ksw_failures_exit },
	/* Before the watchdog, whose records it freezes, and the probes. */
	{ "timeline", ksw_timeline_init, ksw_timeline_exit },
	/* Before the probes: they report reclaim and kswapd runs to it. */
	{ "watchdog", ksw_watchdog_init, ksw_watchdog_exit },
	/* Before the probes: they count kswapd and reclaim per zone into it. */
	{ "zones", ksw_zones_init, ksw_zones_exit },
	/* Detached, and no probe running, before the parts above go. */
	{ "probes", ksw_probes_init, ksw_probes_exit },
	{ "debugfs", ksw_debugfs_init, ksw_debugfs_exit },
};

static void ksw_parts_exit(int n)
{
	while (n-- > 0)
		ksw_parts[n].exit();
}

static int __init kswapwatch_init(void)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(ksw_parts); i++) {
		ret = ksw_parts[i].init();
		if (ret) {
			pr_err("%s: initialisation failed (%d)\n", ksw_parts[i].name, ret);
			ksw_parts_exit(i);
			return ret;
		}
	}
	pr_info("version %s (abi %d) loaded\n", KSW_VERSION, KSW_ABI);
	return 0;
}

static void __exit kswapwatch_exit(void)
{
	ksw_parts_exit(ARRAY_SIZE(ksw_parts));
	pr_info("unloaded\n");
}

module_init(kswapwatch_init);
module_exit(kswapwatch_exit);

MODULE_DESCRIPTION("Flight recorder for kswapd failures and memory-reclaim stalls");
MODULE_AUTHOR("The kswapwatch authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(KSW_VERSION);
