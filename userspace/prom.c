// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Prometheus text exposition format (see prom.h).
 *
 * Values are the records' own: a field the record does not carry, or that
 * is not a decimal integer, gives no sample.  Every family gets its HELP
 * and TYPE lines even when it has no sample.  The node label is "node",
 * as node_exporter names it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kswapwatch_abi.h"
#include "prom.h"
#include "util.h"

static void family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void ksw_prom_label_value(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", out);
		else if (*s == '"')
			fputs("\\\"", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

/* Labels of one sample: up to four pairs, NULL-terminated. */
struct lbl {
	const char *k[5], *v[5];
};

static void sample(FILE *out, const char *name, const struct lbl *l, const char *value)
{
	int i;

	fputs(name, out);
	for (i = 0; l && l->k[i]; i++) {
		fprintf(out, "%c%s=", i ? ',' : '{', l->k[i]);
		ksw_prom_label_value(out, l->v[i]);
	}
	if (l && l->k[0])
		fputc('}', out);
	fprintf(out, " %s\n", value);
}

static void sample_u64(FILE *out, const char *name, const struct lbl *l, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	sample(out, name, l, buf);
}

/* @n units of 1/@per (1000000: us, 1000000000: ns) as seconds. */
static void sample_frac(FILE *out, const char *name, const struct lbl *l, uint64_t n,
			uint64_t per)
{
	char buf[48];

	if (per == 1000000)
		snprintf(buf, sizeof(buf), "%" PRIu64 ".%06" PRIu64, n / per, n % per);
	else
		snprintf(buf, sizeof(buf), "%" PRIu64 ".%09" PRIu64, n / per, n % per);
	sample(out, name, l, buf);
}

void ksw_prom_up(FILE *out, int up)
{
	family(out, "kswapwatch_up", "gauge",
	       "1 when the reader read the kswapwatch module's files, 0 when it could not.");
	sample(out, "kswapwatch_up", NULL, up ? "1" : "0");
}

void ksw_prom_version(FILE *out, const struct ksw_data *d)
{
	const struct ksw_version *v = &d->version;
	char abi[32], buf[32];
	const char *p;
	size_t n = 0;

	ksw_prom_up(out, 1);
	family(out, "kswapwatch_info", "gauge",
	       "Module version, ABI, kernel and failures source; the value is always 1.");
	if (v->present) {
		p = ksw_field_text(KSW_F_VERSION, v, v->has, v->raw, KSW_VF_ABI, abi, sizeof(abi));
		fputs("kswapwatch_info{version=", out);
		ksw_prom_label_value(out, v->module ? v->module : "");
		fputs(",abi=", out);
		ksw_prom_label_value(out, p ? p : "");
		fputs(",kernel=", out);
		ksw_prom_label_value(out, v->kernel ? v->kernel : "");
		fputs(",failures_source=", out);
		ksw_prom_label_value(out, v->failures_source ? v->failures_source : "");
		fputs(",reader=", out);
		ksw_prom_label_value(out, KSW_VERSION);
		fputs("} 1\n", out);
	}
	family(out, "kswapwatch_probes_attached", "gauge",
	       "Tracepoints the module attached its probes to.");
	if (v->present) {
		p = v->probes;
		if (*p)
			for (n = 1; *p; p++)
				n += *p == ',';
		snprintf(buf, sizeof(buf), "%zu", n);
		sample(out, "kswapwatch_probes_attached", NULL, buf);
	}
	family(out, "kswapwatch_page_size_bytes", "gauge",
	       "Bytes of a page on the machine read: multiply the _pages metrics by it.");
	if (d->snap && d->snap->page_size > 0)
		sample_u64(out, "kswapwatch_page_size_bytes", NULL, (uint64_t)d->snap->page_size);
}

/* A metric read from one field of each node or zone record. */
struct metric {
	int field;
	const char *name;
	const char *type;
	const char *help;
};

/* Whether node record @i is the first of its nid: a repeated series would spoil the text. */
static int first_node(const struct ksw_data *d, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (d->nodes[j].nid == d->nodes[i].nid)
			return 0;
	return 1;
}

static int first_zone(const struct ksw_data *d, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (d->zones[j].nid == d->zones[i].nid &&
		    strcmp(d->zones[j].zone, d->zones[i].zone) == 0)
			return 0;
	return 1;
}

static const char *nid_str(char *buf, size_t len, int64_t nid)
{
	snprintf(buf, len, "%" PRId64, nid);
	return buf;
}

static const struct metric node_metrics[] = {
	{ KSW_NF_FAILURES, "kswapwatch_node_kswapd_failures", "gauge",
	  "The node's kswapd_failures now; kswapd gives up when it reaches max_retries." },
	{ KSW_NF_MAX_RETRIES, "kswapwatch_node_max_retries", "gauge",
	  "kswapd_failures at which kswapd gives up on the node (MAX_RECLAIM_RETRIES)." },
	{ KSW_NF_HOPELESS, "kswapwatch_node_hopeless", "gauge",
	  "1 while kswapd has given up on the node." },
	{ KSW_NF_FAILS_TOTAL, "kswapwatch_node_kswapd_fails_total", "counter",
	  "kswapd balance runs on the node that reclaimed nothing, since load or reset." },
	{ KSW_NF_HOPELESS_EPISODES, "kswapwatch_node_hopeless_episodes_total", "counter",
	  "Times kswapd gave up on the node, since load or reset." },
	{ KSW_NF_SPURIOUS_RESETS, "kswapwatch_node_spurious_resets_total", "counter",
	  "kswapd_failures resets made while the node was not balanced, since load or reset." },
};

void ksw_prom_nodes(FILE *out, const struct ksw_data *d)
{
	static const char *const name = "kswapwatch_node_kswapd_failures_resets_total";
	static const int reset_field[KSW_RESET_NR] = {
		[KSW_RESET_OTHER] = KSW_NF_RESETS_OTHER,
		[KSW_RESET_KSWAPD] = KSW_NF_RESETS_KSWAPD,
		[KSW_RESET_DIRECT] = KSW_NF_RESETS_DIRECT,
		[KSW_RESET_PCP] = KSW_NF_RESETS_PCP,
	};
	static const int order[] = { KSW_RESET_KSWAPD, KSW_RESET_DIRECT, KSW_RESET_PCP,
				     KSW_RESET_OTHER };
	char nb[32], vb[32];
	size_t i, j;

	for (j = 0; j < sizeof(node_metrics) / sizeof(node_metrics[0]); j++) {
		const struct metric *m = &node_metrics[j];

		family(out, m->name, m->type, m->help);
		for (i = 0; i < d->nnodes; i++) {
			const struct ksw_node *n = &d->nodes[i];
			struct lbl l = { { "node", NULL }, { nid_str(nb, sizeof(nb), n->nid) } };
			const char *v;

			if (!KSW_HAS(n, m->field) || !first_node(d, i))
				continue;
			v = ksw_field_text(KSW_F_NODES, n, n->has, n->raw, m->field, vb, sizeof(vb));
			sample(out, m->name, &l, v);
		}
	}
	family(out, name, "counter",
	       "Resets of the node's kswapd_failures to 0, by reason, since load or reset.");
	for (i = 0; i < d->nnodes; i++) {
		const struct ksw_node *n = &d->nodes[i];
		size_t k;

		if (!first_node(d, i))
			continue;
		for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
			int r = order[k];
			struct lbl l = { { "node", "reason", NULL },
					 { nid_str(nb, sizeof(nb), n->nid), ksw_reset_reason_name(r) } };

			if (KSW_HAS(n, reset_field[r]))
				sample_u64(out, name, &l, n->resets[r]);
		}
	}
}

static const struct metric zone_metrics[] = {
	{ KSW_ZF_FREE, "kswapwatch_zone_free_pages", "gauge", "Free pages in the zone." },
	{ KSW_ZF_MIN, "kswapwatch_zone_min_pages", "gauge", "The zone's min watermark, in pages." },
	{ KSW_ZF_LOW, "kswapwatch_zone_low_pages", "gauge", "The zone's low watermark, in pages." },
	{ KSW_ZF_HIGH, "kswapwatch_zone_high_pages", "gauge",
	  "The zone's high watermark, in pages." },
	{ KSW_ZF_BOOST, "kswapwatch_zone_boost_pages", "gauge",
	  "The zone's watermark boost now (watermark_boost), in pages." },
	{ KSW_ZF_SPANNED, "kswapwatch_zone_spanned_pages", "gauge", "Pages the zone spans." },
	{ KSW_ZF_PRESENT, "kswapwatch_zone_present_pages", "gauge", "Pages present in the zone." },
	{ KSW_ZF_MANAGED, "kswapwatch_zone_managed_pages", "gauge",
	  "Pages of the zone managed by the page allocator." },
	{ KSW_ZF_KSWAPD_WAKEUPS, "kswapwatch_zone_kswapd_wakeups_total", "counter",
	  "kswapd wakeups for this zone (mm_vmscan_wakeup_kswapd), since load or reset." },
	{ KSW_ZF_KSWAPD_RUNS, "kswapwatch_zone_kswapd_runs_total", "counter",
	  "kswapd runs for this zone (mm_vmscan_kswapd_wake), since load or reset." },
	{ KSW_ZF_RECLAIM_SCANNED, "kswapwatch_zone_reclaim_scanned_pages_total", "counter",
	  "Pages scanned by reclaim whose highest zone was this one, since load or reset." },
	{ KSW_ZF_RECLAIM_SKIPPED, "kswapwatch_zone_reclaim_skipped_pages_total", "counter",
	  "Pages of higher zones skipped by reclaim whose highest zone was this one, since load or reset." },
	{ KSW_ZF_RECLAIM_TAKEN, "kswapwatch_zone_reclaim_taken_pages_total", "counter",
	  "Pages taken off the LRU by reclaim whose highest zone was this one, since load or reset." },
	{ KSW_ZF_STORM_RATIO, "kswapwatch_zone_storm_ratio", "gauge",
	  "Pages passed over per page taken by reclaim aimed at this zone, since load or reset (the module's storm_ratio)." },
	{ KSW_ZF_STORMS, "kswapwatch_zone_storms_total", "counter",
	  "Scan storms: isolations aimed at this zone that passed over 32 or more pages per page taken, since load or reset." },
};

void ksw_prom_zones(FILE *out, const struct ksw_data *d)
{
	static const char *const prot = "kswapwatch_zone_protection_max_pages";
	static const char *const run = "kswapwatch_kswapd_run_seconds_total";
	static const char *const last = "kswapwatch_zone_storm_last_timestamp_seconds";
	static const char *const gfp = "kswapwatch_zone_kswapd_wakeups_gfp_total";
	char nb[32], vb[32];
	size_t i, j;

	for (j = 0; j < sizeof(zone_metrics) / sizeof(zone_metrics[0]); j++) {
		const struct metric *m = &zone_metrics[j];

		family(out, m->name, m->type, m->help);
		for (i = 0; i < d->nzones; i++) {
			const struct ksw_zone *z = &d->zones[i];
			struct lbl l = { { "node", "zone", NULL },
					 { nid_str(nb, sizeof(nb), z->nid), z->zone } };

			if (!KSW_HAS(z, m->field) || !first_zone(d, i))
				continue;
			sample(out, m->name, &l, ksw_field_text(KSW_F_ZONES, z, z->has, z->raw,
								 m->field, vb, sizeof(vb)));
		}
	}
	family(out, prot, "gauge",
	       "The largest lowmem reserve (protection) of the zone against higher-zone allocations.");
	for (i = 0; i < d->nzones; i++) {
		const struct ksw_zone *z = &d->zones[i];
		struct lbl l = { { "node", "zone", NULL }, { nid_str(nb, sizeof(nb), z->nid), z->zone } };
		if (z->nprot > 0 && first_zone(d, i))
			sample_u64(out, prot, &l, z->protection_max);
	}
	family(out, run, "counter",
	       "CPU time kswapd spent in runs for this zone (the module's kswapd_run_ns), since load or reset.");
	for (i = 0; i < d->nzones; i++) {
		const struct ksw_zone *z = &d->zones[i];
		struct lbl l = { { "node", "zone", NULL }, { nid_str(nb, sizeof(nb), z->nid), z->zone } };

		if (KSW_HAS(z, KSW_ZF_KSWAPD_RUN_NS) && first_zone(d, i))
			sample_frac(out, run, &l, z->kswapd_run_ns, 1000000000);
	}
	family(out, last, "gauge",
	       "Unix time of the latest scan storm on the zone; no sample before the first or without the read time.");
	for (i = 0; i < d->nzones; i++) {
		const struct ksw_zone *z = &d->zones[i];
		struct lbl l = { { "node", "zone", NULL }, { nid_str(nb, sizeof(nb), z->nid), z->zone } };
		int64_t real;

		if (!KSW_HAS(z, KSW_ZF_STORM_LAST_NS) || !z->storm_last_ns || !first_zone(d, i))
			continue;
		real = ksw_mono_to_real(d->snap, z->storm_last_ns);
		if (real >= 0)
			sample_frac(out, last, &l, (uint64_t)real, 1000000000);
	}
	family(out, gfp, "counter",
	       "kswapd wakeups for this zone by the allocation's class (gfp) and highest zone (gfp_zone), since load or reset.");
	for (i = 0; i < d->nzones; i++) {
		const struct ksw_zone *z = &d->zones[i];
		int k, m;

		if (!first_zone(d, i))
			continue;
		for (k = 0; k < z->ngfp; k++) {
			struct lbl l = { { "node", "zone", "gfp", z->gfp[k].zone ? "gfp_zone" : NULL },
					 { nid_str(nb, sizeof(nb), z->nid), z->zone, z->gfp[k].cls,
					   z->gfp[k].zone } };

			/* A repeated entry would repeat a series. */
			for (m = 0; m < k; m++)
				if (strcmp(z->gfp[m].cls, z->gfp[k].cls) == 0 &&
				    !z->gfp[m].zone == !z->gfp[k].zone &&
				    (!z->gfp[m].zone || strcmp(z->gfp[m].zone, z->gfp[k].zone) == 0))
					break;
			if (m == k)
				sample_u64(out, gfp, &l, z->gfp[k].n);
		}
	}
}

/* Counts per pair of label values, in first-seen order. */
struct agg {
	const char *a, *b;
	int64_t nid;
	uint64_t v;
};

static struct agg *agg_get(struct agg **v, size_t *n, int64_t nid, const char *b)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i].nid == nid && strcmp((*v)[i].b, b) == 0)
			return &(*v)[i];
	*v = ksw_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].nid = nid;
	(*v)[*n].b = b;
	(*v)[*n].v = 0;
	return &(*v)[(*n)++];
}

static void agg_print(FILE *out, const char *name, const struct agg *v, size_t n,
		      const char *kb)
{
	char nb[32];
	size_t i;

	for (i = 0; i < n; i++) {
		struct lbl l = { { "node", kb, NULL }, { nid_str(nb, sizeof(nb), v[i].nid), v[i].b } };

		sample_u64(out, name, &l, v[i].v);
	}
}

/*
 * The seq of the newest record: the module numbers its records from 1
 * since load or reset, so this counts every record written, also those
 * since overwritten in the ring.
 */
static void recorded(FILE *out, const char *name, const char *help, int any, uint64_t max)
{
	family(out, name, "counter", help);
	if (any)
		sample_u64(out, name, NULL, max);
}

void ksw_prom_failures(FILE *out, const struct ksw_data *d)
{
	struct agg *ev = NULL, *rs = NULL;
	size_t nev = 0, nrs = 0, i;
	uint64_t max = 0;

	for (i = 0; i < d->nfails; i++) {
		const struct ksw_fail *f = &d->fails[i];

		if (f->seq > max)
			max = f->seq;
		agg_get(&ev, &nev, f->nid, f->event_name)->v++;
		if (f->event == KSW_EV_RESET)
			agg_get(&rs, &nrs, f->nid, f->reason_name ? f->reason_name : "-")->v++;
	}
	recorded(out, "kswapwatch_failures_recorded_total",
		 "kswapd_failures history records written since load or reset (the newest seq), also those overwritten since.",
		 d->nfails > 0, max);
	family(out, "kswapwatch_failures_ring_records", "gauge",
	       "kswapd_failures history records held now, by node and event.");
	agg_print(out, "kswapwatch_failures_ring_records", ev, nev, "event");
	family(out, "kswapwatch_failures_ring_resets", "gauge",
	       "kswapd_failures resets in the history held now, by node and reason.");
	agg_print(out, "kswapwatch_failures_ring_resets", rs, nrs, "reason");
	free(ev);
	free(rs);
}

#define NBUCKETS	7

void ksw_prom_stalls(FILE *out, const struct ksw_data *d)
{
	static const uint64_t bound[NBUCKETS] = KSW_PROM_STALL_BUCKETS_US;
	static const char *const hist = "kswapwatch_stall_duration_seconds";
	uint64_t count[KSW_STALL_K_NR] = { 0 }, sum[KSW_STALL_K_NR] = { 0 };
	uint64_t bucket[KSW_STALL_K_NR][NBUCKETS] = { { 0 } };
	uint64_t max = 0;
	size_t i;
	int k, b;

	for (i = 0; i < d->nstalls; i++) {
		const struct ksw_stall *s = &d->stalls[i];

		if (s->seq > max)
			max = s->seq;
		count[s->kind]++;
		if (!KSW_HAS(s, KSW_SF_DUR_US))
			continue;
		sum[s->kind] = s->dur_us > UINT64_MAX - sum[s->kind] ? UINT64_MAX :
			       sum[s->kind] + s->dur_us;
		for (b = 0; b < NBUCKETS; b++)
			if (s->dur_us <= bound[b])
				bucket[s->kind][b]++;
	}
	recorded(out, "kswapwatch_stalls_recorded_total",
		 "Stall records written since load or reset (the newest seq), also those overwritten since.",
		 d->nstalls > 0, max);
	family(out, "kswapwatch_stalls_total", "counter",
	       "Stall records kept in the module's ring (the newest 128) since load or reset, by kind.");
	for (k = 0; k < KSW_STALL_K_NR; k++) {
		struct lbl l = { { "kind", NULL }, { ksw_stall_kind_str(k) } };

		/* The three kinds always, from 0, so that the first stall is an increase. */
		if (k != KSW_STALL_K_OTHER || count[k])
			sample_u64(out, "kswapwatch_stalls_total", &l, count[k]);
	}
	family(out, hist, "histogram",
	       "Length of the stalls kept in the module's ring since load or reset, by kind (dur_us: an upper bound).");
	for (k = 0; k < KSW_STALL_K_NR; k++) {
		struct lbl l = { { "kind", "le", NULL }, { ksw_stall_kind_str(k), NULL } };
		uint64_t with_dur = 0;
		char le[32];

		if (k == KSW_STALL_K_OTHER && !count[k])
			continue;
		for (b = 0; b < NBUCKETS; b++) {
			snprintf(le, sizeof(le), "%g", (double)bound[b] / 1e6);
			l.v[1] = le;
			sample_u64(out, "kswapwatch_stall_duration_seconds_bucket", &l, bucket[k][b]);
		}
		/* Records without a readable dur_us are counted in no bucket. */
		for (i = 0; i < d->nstalls; i++)
			with_dur += d->stalls[i].kind == k && KSW_HAS(&d->stalls[i], KSW_SF_DUR_US);
		l.v[1] = "+Inf";
		sample_u64(out, "kswapwatch_stall_duration_seconds_bucket", &l, with_dur);
		l.k[1] = NULL;
		sample_frac(out, "kswapwatch_stall_duration_seconds_sum", &l, sum[k], 1000000);
		sample_u64(out, "kswapwatch_stall_duration_seconds_count", &l, with_dur);
	}
}
