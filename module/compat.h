/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kswapwatch: the one place where kernel differences are handled.
 *
 * Every HAVE_* below comes from a compile test run against the target
 * kernel's own headers (module/features/, scripts/features.sh), never from
 * a version number, so distribution backports are seen as they are.
 */
#ifndef KSWAPWATCH_COMPAT_H
#define KSWAPWATCH_COMPAT_H

#ifdef __CHECKER__
/* sparse 0.6.4 cannot evaluate __has_include(). */
#include "generated/features.h"
#elif __has_include("generated/features.h")
#include "generated/features.h"
#else
#error "module/generated/features.h is missing: build with 'make' in the kswapwatch directory, which runs the feature tests first"
#endif

#include <linux/atomic.h>
#include <linux/mmzone.h>

/* A node's kswapd_failures: an int in 6.1, an atomic_t in 7.2. */
static inline int ksw_kswapd_failures(pg_data_t *pgdat)
{
#ifdef HAVE_KSWAPD_FAILURES_ATOMIC
	return atomic_read(&pgdat->kswapd_failures);
#else
	return READ_ONCE(pgdat->kswapd_failures);
#endif
}

/*
 * With both tracepoints the kswapd_failures history is the kernel's own;
 * without them module/failures.c infers it.
 */
#if defined(HAVE_TP_KSWAPD_RECLAIM_FAIL) && defined(HAVE_TP_KSWAPD_CLEAR_HOPELESS)
#define KSW_FAILURES_NATIVE	1
#else
#define KSW_FAILURES_NATIVE	0
#endif

#include <linux/hrtimer.h>

/* hrtimer_setup() (6.13) replaced hrtimer_init() and setting ->function. */
static inline void ksw_hrtimer_setup(struct hrtimer *timer,
				     enum hrtimer_restart (*fn)(struct hrtimer *),
				     clockid_t clock_id, enum hrtimer_mode mode)
{
#ifdef HAVE_HRTIMER_SETUP
	hrtimer_setup(timer, fn, clock_id, mode);
#else
	hrtimer_init(timer, clock_id, mode);
	timer->function = fn;
#endif
}

#endif /* KSWAPWATCH_COMPAT_H */
