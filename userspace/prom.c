// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Prometheus text exposition format (see prom.h).
 *
 * Values are copied from the records as they are: a field that is not a
 * decimal integer gives no sample.  Every family gets its HELP and TYPE
 * lines even when it has no sample.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kswapwatch_abi.h"
#include "parse.h"
#include "prom.h"
#include "util.h"

struct metric {
	const char *key;
	const char *name;
	const char *type;
	const char *help;
};

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

static int is_int(const char *v)
{
	int64_t s;
	uint64_t u;

	return v && (ksw_parse_u64(v, &u) == 0 || ksw_parse_s64(v, &s) == 0);
}

/* name{k1="v1",k2="v2"} value; @k2 may be NULL. */
static void sample(FILE *out, const char *name, const char *k1, const char *v1,
		   const char *k2, const char *v2, const char *value)
{
	fputs(name, out);
	if (k1) {
		fprintf(out, "{%s=", k1);
		ksw_prom_label_value(out, v1);
		if (k2) {
			fprintf(out, ",%s=", k2);
			ksw_prom_label_value(out, v2);
		}
		fputc('}', out);
	}
	fprintf(out, " %s\n", value);
}

/*
 * Whether record @i of @t is the first valid one of its node (and zone):
 * a repeated series would make the whole text unusable to a collector.
 */
static int first_of_series(const struct ksw_table *t, int id, size_t i)
{
	const struct ksw_record *r = &t->rec[i];
	size_t j;

	if (!ksw_rec_valid(id, r))
		return 0;
	for (j = 0; j < i; j++) {
		const struct ksw_record *o = &t->rec[j];

		if (!ksw_rec_valid(id, o) || strcmp(ksw_get(o, "nid"), ksw_get(r, "nid")))
			continue;
		if (id != KSW_F_ZONES || strcmp(ksw_get(o, "zone"), ksw_get(r, "zone")) == 0)
			return 0;
	}
	return 1;
}

/* One family per metric, one sample per valid record of file @id. */
static void per_record(FILE *out, const struct ksw_table *t, int id,
		       const struct metric *m, size_t nm)
{
	size_t i, j;

	for (j = 0; j < nm; j++) {
		family(out, m[j].name, m[j].type, m[j].help);
		for (i = 0; i < t->n; i++) {
			const struct ksw_record *r = &t->rec[i];
			const char *v = ksw_get(r, m[j].key);

			if (!is_int(v) || !first_of_series(t, id, i))
				continue;
			if (id == KSW_F_ZONES)
				sample(out, m[j].name, "nid", ksw_get(r, "nid"), "zone",
				       ksw_get(r, "zone"), v);
			else
				sample(out, m[j].name, "nid", ksw_get(r, "nid"), NULL, NULL, v);
		}
	}
}

void ksw_prom_version(FILE *out, const struct ksw_table *t)
{
	const struct ksw_record *r = NULL;
	const char *probes;
	size_t i, n = 0;
	char buf[32];

	for (i = 0; i < t->n && !r; i++)
		if (ksw_rec_valid(KSW_F_VERSION, &t->rec[i]))
			r = &t->rec[i];
	family(out, "kswapwatch_info", "gauge",
	       "Module version, ABI, kernel and failures source; the value is always 1.");
	if (!r)
		return;
	fputs("kswapwatch_info{version=", out);
	ksw_prom_label_value(out, ksw_get(r, "kswapwatch") ?: "");
	fputs(",abi=", out);
	ksw_prom_label_value(out, ksw_get(r, "abi"));
	fputs(",kernel=", out);
	ksw_prom_label_value(out, ksw_get(r, "kernel") ?: "");
	fputs(",failures_source=", out);
	ksw_prom_label_value(out, ksw_get(r, "failures_source") ?: "");
	fputs(",reader=", out);
	ksw_prom_label_value(out, KSW_VERSION);
	fputs("} 1\n", out);
	probes = ksw_get(r, "probes");
	if (probes && *probes)
		for (n = 1; *probes; probes++)
			n += *probes == ',';
	family(out, "kswapwatch_probes_attached", "gauge",
	       "Tracepoints the module attached its probes to.");
	snprintf(buf, sizeof(buf), "%zu", n);
	sample(out, "kswapwatch_probes_attached", NULL, NULL, NULL, NULL, buf);
}

static const struct metric node_metrics[] = {
	{ "failures", "kswapwatch_node_kswapd_failures", "gauge",
	  "The node's kswapd_failures now; kswapd gives up when it reaches max_retries." },
	{ "max_retries", "kswapwatch_node_max_retries", "gauge",
	  "kswapd_failures at which kswapd gives up on the node (MAX_RECLAIM_RETRIES)." },
	{ "hopeless", "kswapwatch_node_hopeless", "gauge",
	  "1 while kswapd has given up on the node." },
	{ "fails_total", "kswapwatch_node_kswapd_fails_total", "counter",
	  "kswapd balance runs on the node that reclaimed nothing." },
	{ "hopeless_episodes", "kswapwatch_node_hopeless_episodes_total", "counter",
	  "Times kswapd gave up on the node." },
	{ "spurious_resets", "kswapwatch_node_spurious_resets_total", "counter",
	  "kswapd_failures resets made while the node was not balanced." },
};

void ksw_prom_nodes(FILE *out, const struct ksw_table *t)
{
	static const char *const name = "kswapwatch_node_kswapd_failures_resets_total";
	size_t i;
	int k;

	per_record(out, t, KSW_F_NODES, node_metrics,
		   sizeof(node_metrics) / sizeof(node_metrics[0]));
	family(out, name, "counter", "Resets of the node's kswapd_failures to 0, by reason.");
	for (i = 0; i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];

		if (!first_of_series(t, KSW_F_NODES, i))
			continue;
		for (k = 0; k < KSW_RESET_NR; k++) {
			const char *reason = ksw_reset_reason_name(k);
			char key[32];
			const char *v;
			size_t j;

			snprintf(key, sizeof(key), "resets_%s", reason);
			for (j = 0; key[j]; j++)
				if (key[j] >= 'A' && key[j] <= 'Z')
					key[j] = (char)(key[j] - 'A' + 'a');
			v = ksw_get(r, key);
			if (is_int(v))
				sample(out, name, "nid", ksw_get(r, "nid"), "reason", reason, v);
		}
	}
}

static const struct metric zone_metrics[] = {
	{ "free", "kswapwatch_zone_free_pages", "gauge", "Free pages in the zone." },
	{ "min", "kswapwatch_zone_min_pages", "gauge", "The zone's min watermark, in pages." },
	{ "low", "kswapwatch_zone_low_pages", "gauge", "The zone's low watermark, in pages." },
	{ "high", "kswapwatch_zone_high_pages", "gauge", "The zone's high watermark, in pages." },
	{ "spanned", "kswapwatch_zone_spanned_pages", "gauge", "Pages the zone spans." },
	{ "present", "kswapwatch_zone_present_pages", "gauge", "Pages present in the zone." },
	{ "managed", "kswapwatch_zone_managed_pages", "gauge",
	  "Pages of the zone managed by the page allocator." },
	{ "kswapd_wakeups", "kswapwatch_zone_kswapd_wakeups_total", "counter",
	  "kswapd wakeups for this zone (mm_vmscan_wakeup_kswapd)." },
	{ "kswapd_runs", "kswapwatch_zone_kswapd_runs_total", "counter",
	  "kswapd runs for this zone (mm_vmscan_kswapd_wake)." },
	{ "reclaim_scanned", "kswapwatch_zone_reclaim_scanned_pages_total", "counter",
	  "Pages scanned by reclaim whose highest zone was this one." },
	{ "reclaim_skipped", "kswapwatch_zone_reclaim_skipped_pages_total", "counter",
	  "Pages of higher zones skipped by reclaim whose highest zone was this one." },
	{ "reclaim_taken", "kswapwatch_zone_reclaim_taken_pages_total", "counter",
	  "Pages taken off the LRU by reclaim whose highest zone was this one." },
};

void ksw_prom_zones(FILE *out, const struct ksw_table *t)
{
	static const char *const name = "kswapwatch_zone_protection_max_pages";
	size_t i;

	per_record(out, t, KSW_F_ZONES, zone_metrics,
		   sizeof(zone_metrics) / sizeof(zone_metrics[0]));
	family(out, name, "gauge",
	       "The largest lowmem reserve (protection) of the zone against higher-zone allocations.");
	for (i = 0; i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		uint64_t prot[64], max = 0;
		char buf[32];
		int j, n;

		if (!first_of_series(t, KSW_F_ZONES, i))
			continue;
		n = ksw_parse_u64_list(ksw_get(r, "protection"), prot, 64);
		if (n <= 0)
			continue;
		for (j = 0; j < n; j++)
			if (prot[j] > max)
				max = prot[j];
		snprintf(buf, sizeof(buf), "%" PRIu64, max);
		sample(out, name, "nid", ksw_get(r, "nid"), "zone", ksw_get(r, "zone"), buf);
	}
}

/* Counts (or maxima) per pair of label values, in first-seen order. */
struct agg {
	const char *a, *b;
	uint64_t v;
};

static struct agg *agg_get(struct agg **v, size_t *n, const char *a, const char *b)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i].a, a) == 0 && (!b || strcmp((*v)[i].b, b) == 0))
			return &(*v)[i];
	*v = ksw_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].a = a;
	(*v)[*n].b = b;
	(*v)[*n].v = 0;
	return &(*v)[(*n)++];
}

static void agg_print(FILE *out, const char *name, const struct agg *v, size_t n,
		      const char *ka, const char *kb)
{
	char buf[32];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%" PRIu64, v[i].v);
		sample(out, name, ka, v[i].a, kb, v[i].b, buf);
	}
}

static void last_seq(FILE *out, const struct ksw_table *t, int id, const char *name,
		     const char *help)
{
	uint64_t seq, max = 0;
	int any = 0;
	char buf[32];
	size_t i;

	family(out, name, "gauge", help);
	for (i = 0; i < t->n; i++)
		if (ksw_rec_valid(id, &t->rec[i]) && ksw_rec_seq(&t->rec[i], &seq) == 0) {
			if (!any || seq > max)
				max = seq;
			any = 1;
		}
	if (!any)
		return;
	snprintf(buf, sizeof(buf), "%" PRIu64, max);
	sample(out, name, NULL, NULL, NULL, NULL, buf);
}

void ksw_prom_failures(FILE *out, const struct ksw_table *t)
{
	struct agg *ev = NULL, *rs = NULL;
	size_t nev = 0, nrs = 0, i;

	last_seq(out, t, KSW_F_FAILURES, "kswapwatch_failures_last_seq",
		 "seq of the newest kswapd_failures history record.");
	for (i = 0; i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		const char *event = ksw_get(r, "event");

		if (!ksw_rec_valid(KSW_F_FAILURES, r))
			continue;
		agg_get(&ev, &nev, ksw_get(r, "nid"), event)->v++;
		if (strcmp(event, "reset") == 0)
			agg_get(&rs, &nrs, ksw_get(r, "nid"), ksw_get(r, "reason") ?: "-")->v++;
	}
	family(out, "kswapwatch_failures_ring_records", "gauge",
	       "kswapd_failures history records held now, by node and event.");
	agg_print(out, "kswapwatch_failures_ring_records", ev, nev, "nid", "event");
	family(out, "kswapwatch_failures_ring_resets", "gauge",
	       "kswapd_failures resets in the history held now, by node and reason.");
	agg_print(out, "kswapwatch_failures_ring_resets", rs, nrs, "nid", "reason");
	free(ev);
	free(rs);
}

void ksw_prom_stalls(FILE *out, const struct ksw_table *t)
{
	struct agg *cnt = NULL, *lng = NULL;
	size_t ncnt = 0, nlng = 0, i;

	last_seq(out, t, KSW_F_STALLS, "kswapwatch_stalls_last_seq",
		 "seq of the newest stall record (stalls recorded since load or reset).");
	for (i = 0; i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		const char *kind = ksw_get(r, "kind") ?: "-";
		struct agg *a;
		uint64_t dur;

		if (!ksw_rec_valid(KSW_F_STALLS, r))
			continue;
		agg_get(&cnt, &ncnt, kind, NULL)->v++;
		a = agg_get(&lng, &nlng, kind, NULL);
		if (ksw_get_u64(r, "dur_us", &dur) == 0 && dur > a->v)
			a->v = dur;
	}
	family(out, "kswapwatch_stalls_ring_records", "gauge",
	       "Stall records held now, by kind.");
	agg_print(out, "kswapwatch_stalls_ring_records", cnt, ncnt, "kind", NULL);
	family(out, "kswapwatch_stalls_ring_longest_seconds", "gauge",
	       "Longest stall among the records held now, by kind.");
	for (i = 0; i < nlng; i++) {
		char buf[48];

		snprintf(buf, sizeof(buf), "%" PRIu64 ".%06" PRIu64, lng[i].v / 1000000,
			 lng[i].v % 1000000);
		sample(out, "kswapwatch_stalls_ring_longest_seconds", "kind", lng[i].a, NULL, NULL,
		       buf);
	}
	free(cnt);
	free(lng);
}
