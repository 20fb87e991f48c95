/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Tables for people: status, stalls, failures, nodes, zones.
 */
#ifndef KSW_SHOW_H
#define KSW_SHOW_H

#include <stddef.h>
#include <stdio.h>

#include "diagnose.h"
#include "snap.h"

/* Version, counts and finding names; @d may be NULL. */
void ksw_show_status(FILE *out, const struct ksw_snap *s, const struct ksw_diag *d);

/*
 * The selected records; only the last @last when @last is not 0.  With a
 * @width, a stall's extra fields are cut to it and its stack is left out.
 */
void ksw_show_stalls(FILE *out, const struct ksw_table *t, const struct ksw_sel *sel,
		     size_t last, size_t width);
void ksw_show_failures(FILE *out, const struct ksw_table *t, const struct ksw_sel *sel,
		       size_t last);
void ksw_show_nodes(FILE *out, const struct ksw_table *t);
void ksw_show_zones(FILE *out, const struct ksw_table *t);

#endif
