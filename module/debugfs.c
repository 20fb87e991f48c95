// SPDX-License-Identifier: GPL-2.0
/*
 * kswapwatch: the debugfs files (ABI in include/kswapwatch_abi.h).
 *
 * Return values of debugfs_create_*() are not checked, as kernel policy
 * asks: a missing file is no reason to refuse to load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>

#include "kswapwatch.h"

struct dentry *ksw_debugfs_root;

/**
 * ksw_seq_put_word() - print a field value that cannot split its record
 * @m: the seq_file
 * @s: the value, a task's comm for example
 *
 * Spaces, '=' and control characters become '_', so a task named
 * "x pid=1" cannot add a field of its own to the record.
 */
void ksw_seq_put_word(struct seq_file *m, const char *s)
{
	for (; *s; s++)
		seq_putc(m, (*s == ' ' || *s == '=' || *s < 0x20 || *s == 0x7f) ? '_' : *s);
}

static int version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "kswapwatch=%s abi=%d kernel=%s failures_source=%s probes=",
		   KSW_VERSION, KSW_ABI, init_utsname()->release,
		   ksw_failures_source());
	ksw_probes_show_attached(m);
	ksw_watchdog_show_settings(m);
	seq_putc(m, '\n');
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(version);

static int summary_show(struct seq_file *m, void *v)
{
	seq_printf(m, "kswapwatch %s on %s\n", KSW_VERSION, init_utsname()->release);
	ksw_probes_summary(m);
	ksw_failures_summary(m);
	ksw_watchdog_summary(m);
	ksw_zones_summary(m);
	ksw_timeline_summary(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(summary);

/* Writing "1" clears every part's histories and counters. */
static ssize_t reset_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	unsigned int val;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 10, &val);
	if (ret)
		return ret;
	if (val != 1)
		return -EINVAL;
	ksw_probes_reset();
	ksw_failures_reset();
	ksw_watchdog_reset();
	ksw_zones_reset();
	ksw_timeline_reset();
	return count;
}

static const struct file_operations reset_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= reset_write,
	.llseek	= noop_llseek,
};

int ksw_debugfs_init(void)
{
	ksw_debugfs_root = debugfs_create_dir(KSW_DEBUGFS_DIR, NULL);
	if (IS_ERR(ksw_debugfs_root)) {
		pr_err("cannot create debugfs directory (%ld); is debugfs enabled?\n",
		       PTR_ERR(ksw_debugfs_root));
		return PTR_ERR(ksw_debugfs_root);
	}
	debugfs_create_file(KSW_FILE_VERSION, 0400, ksw_debugfs_root, NULL,
			    &version_fops);
	debugfs_create_file(KSW_FILE_SUMMARY, 0400, ksw_debugfs_root, NULL,
			    &summary_fops);
	debugfs_create_file(KSW_FILE_RESET, 0200, ksw_debugfs_root, NULL,
			    &reset_fops);
	ksw_failures_debugfs(ksw_debugfs_root);
	ksw_watchdog_debugfs(ksw_debugfs_root);
	ksw_zones_debugfs(ksw_debugfs_root);
	ksw_timeline_debugfs(ksw_debugfs_root);
	return 0;
}

void ksw_debugfs_exit(void)
{
	/* Waits for open files' readers to leave before returning. */
	debugfs_remove_recursive(ksw_debugfs_root);
	ksw_debugfs_root = NULL;
}
