// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * STAND-IN for the rewritten diagnose's ksw_diag_max_severity() (see
 * diag_exit.h): dropped at its merge.  The findings of today's diagnose
 * carry no severity; a node whose kswapd gave up is critical, every other
 * finding a warning.
 */
#include "diag_exit.h"

int ksw_diag_max_severity(const struct ksw_diag *d)
{
	int max = -1;
	size_t i;

	for (i = 0; i < d->n; i++) {
		int sev = d->f[i].kind == KSW_FIND_HOPELESS ? 2 : 1;

		if (sev > max)
			max = sev;
	}
	return max;
}
