/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The vm settings diagnose's advice starts from: read from the machine's
 * /proc/sys, or from the copy a saved bundle holds.
 */
#ifndef KSW_SYSCTL_H
#define KSW_SYSCTL_H

/* Settings read from /proc/sys (or --sysctl-root) for the fixes. */
#define KSW_SYSCTL_MAX_ZONES	8
struct ksw_sysctl {
	const char *root;
	int nlrr;				/* lowmem_reserve_ratio, -1: unread */
	long lrr[KSW_SYSCTL_MAX_ZONES];
	char lrr_err[4200];			/* why it is unread */
	long wsf;				/* watermark_scale_factor, -1: unread */
	long min_free_kbytes;			/* -1: unread */
	long wbf;				/* watermark_boost_factor, -1: unread */
};

/* Read the settings under @root (e.g. "/proc/sys"); never fails. */
void ksw_sysctl_read(struct ksw_sysctl *sc, const char *root);

#endif
