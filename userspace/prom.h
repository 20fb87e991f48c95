/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Prometheus text exposition format (version 0.0.4), for node_exporter's
 * textfile collector and the like, from the typed records (records.h).
 * Metric names and labels are listed in kswapwatch(8), PROMETHEUS.  The
 * selection options do not apply: counters must not depend on them.
 */
#ifndef KSW_PROM_H
#define KSW_PROM_H

#include <stdio.h>

#include "diagnose.h"
#include "records.h"

/* Upper bounds of kswapwatch_stall_duration_seconds' buckets, in us. */
#define KSW_PROM_STALL_BUCKETS_US \
	{ 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000 }

/* kswapwatch_up: 1 when the module was read, 0 when it could not be. */
void ksw_prom_up(FILE *out, int up);

/* kswapwatch_up 1, the version, probes and the page size. */
void ksw_prom_version(FILE *out, const struct ksw_data *d);
void ksw_prom_nodes(FILE *out, const struct ksw_data *d);
void ksw_prom_zones(FILE *out, const struct ksw_data *d);
void ksw_prom_failures(FILE *out, const struct ksw_data *d);
void ksw_prom_stalls(FILE *out, const struct ksw_data *d);
void ksw_prom_findings(FILE *out, const struct ksw_diag *d);

/* A label value with \, " and newline escaped. */
void ksw_prom_label_value(FILE *out, const char *s);

#endif
