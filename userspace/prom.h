/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Prometheus text exposition format (version 0.0.4), for node_exporter's
 * textfile collector and the like.  Metric names and labels are listed in
 * kswapwatch(8), PROMETHEUS.
 */
#ifndef KSW_PROM_H
#define KSW_PROM_H

#include <stdio.h>

#include "diagnose.h"
#include "snap.h"

void ksw_prom_version(FILE *out, const struct ksw_table *t);
void ksw_prom_nodes(FILE *out, const struct ksw_table *t);
void ksw_prom_zones(FILE *out, const struct ksw_table *t);
void ksw_prom_failures(FILE *out, const struct ksw_table *t);
void ksw_prom_stalls(FILE *out, const struct ksw_table *t);
void ksw_prom_findings(FILE *out, const struct ksw_diag *d);

/* A label value with \, " and newline escaped. */
void ksw_prom_label_value(FILE *out, const char *s);

#endif
