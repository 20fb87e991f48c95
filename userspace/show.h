/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Tables for people: status, stalls, failures, nodes, zones, all from the
 * typed records (records.h).
 */
#ifndef KSW_SHOW_H
#define KSW_SHOW_H

#include <stddef.h>
#include <stdio.h>

#include "diagnose.h"
#include "records.h"

/* Version, counts and the findings of @g (NULL: none computed). */
void ksw_show_status(FILE *out, const struct ksw_data *d, const struct ksw_diag *g);

/* One line per finding, in @g's order: "Finding 1: summary (warning, id)". */
void ksw_show_findings(FILE *out, const struct ksw_diag *g);

/*
 * The records selected by @sel (NULL: all); only the last @last of them
 * when @last is not 0.  Times are wall-clock (as dmesg -T) when the
 * snapshot has clocks, else seconds since boot.  With a @width, a stall's
 * extra fields are cut to it and its stack is left out.
 */
void ksw_show_stalls(FILE *out, const struct ksw_data *d, const struct ksw_sel *sel,
		     size_t last, size_t width);
void ksw_show_failures(FILE *out, const struct ksw_data *d, const struct ksw_sel *sel,
		       size_t last);
/* Nodes and zones of the node --node selects (all without it). */
void ksw_show_nodes(FILE *out, const struct ksw_data *d, const struct ksw_sel *sel);
void ksw_show_zones(FILE *out, const struct ksw_data *d, const struct ksw_sel *sel);

#endif
