/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * STAND-IN, to be dropped when diagnose.h declares ksw_diag_max_severity()
 * (the rewritten diagnose): remove this file, diag_exit.c, its #include in
 * kswapwatch.c and its entries in the Makefile.
 */
#ifndef KSW_DIAG_EXIT_H
#define KSW_DIAG_EXIT_H

#include "diagnose.h"

/*
 * The most severe finding of @d: KSW_SEV_INFO 0, KSW_SEV_WARNING 1,
 * KSW_SEV_CRITICAL 2; -1 when there is none.
 */
int ksw_diag_max_severity(const struct ksw_diag *d);

#endif
