// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diagnose's outputs: text for people, JSON lines (design.md, "The
 * reader's findings"), Prometheus text.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diag_int.h"
#include "json.h"
#include "prom.h"
#include "util.h"

/*
 * @s on one line: a terminal wraps it, and grep finds a sentence, a path or a
 * command whole.
 */
static void put_wrapped(FILE *out, const char *s)
{
	fputs(s, out);
	fputc('\n', out);
}

static void put_field(FILE *out, const char *name, const char *text)
{
	if (!text || !*text)
		return;
	fprintf(out, "    %-9s ", name);
	put_wrapped(out, text);
}

static char *evidence_text(const struct ksw_finding *f)
{
	struct sb b = { 0 };
	size_t i;

	for (i = 0; i < f->nev; i++) {
		const struct ksw_evidence *e = &f->ev[i];

		if (e->type == KSW_EVD_U64)
			sb_printf(&b, "%s%s=%" PRIu64, i ? " " : "", e->key, e->u);
		else if (e->type == KSW_EVD_S64)
			sb_printf(&b, "%s%s=%" PRId64, i ? " " : "", e->key, e->s);
		else
			sb_printf(&b, "%s%s=%s", i ? " " : "", e->key, *e->str ? e->str : "-");
	}
	return sb_take(&b);
}

static const char *when(char *buf, size_t len, const struct ksw_diag *d, uint64_t ns)
{
	struct ksw_data data;

	memset(&data, 0, sizeof(data));
	data.snap = d->snap;
	if (!d->snap) {
		snprintf(buf, len, "uptime %" PRIu64 ".%03" PRIu64 " s", ns / 1000000000,
			 ns % 1000000000 / 1000000);
		return buf;
	}
	return fmt_when(buf, len, &data, ns);
}

void ksw_diag_print_text(FILE *out, const struct ksw_diag *d)
{
	size_t i, nsev[3] = { 0, 0, 0 };

	for (i = 0; i < d->n; i++)
		if (d->f[i].severity >= 0 && d->f[i].severity <= 2)
			nsev[d->f[i].severity]++;
	if (!d->n) {
		fputs("No findings: no stall at or above the threshold, no scan storm, no spurious"
		      " kswapd_failures reset, no hopeless node, no kswapd running without end.\n", out);
		return;
	}
	fprintf(out, "%zu finding%s: %zu critical, %zu warning, %zu info.\n", d->n, d->n == 1 ? "" : "s",
		nsev[KSW_SEV_CRITICAL], nsev[KSW_SEV_WARNING], nsev[KSW_SEV_INFO]);
	for (i = 0; i < d->n; i++) {
		const struct ksw_finding *f = &d->f[i];
		char w1[96], w2[96], *s, *ev;

		fprintf(out, "\n[%zu] %s %s", i + 1, ksw_severity_name(f->severity), f->id);
		if (f->nid >= 0)
			fprintf(out, " node %" PRId64, f->nid);
		if (f->zone[0])
			fprintf(out, " zone %s", f->zone);
		fputc('\n', out);
		fprintf(out, "    %-9s ", "summary");
		put_wrapped(out, f->summary);
		if (f->have_time) {
			when(w1, sizeof(w1), d, f->first_ns);
			when(w2, sizeof(w2), d, f->last_ns);
			if (f->first_ns == f->last_ns)
				put_field(out, "when", w1);
			else {
				s = ksw_xasprintf("%s to %s", w1, w2);
				put_field(out, "when", s);
				free(s);
			}
		}
		put_field(out, "cause", f->cause);
		put_field(out, "fix", f->fix);
		if (f->nstalls) {
			s = fmt_seqs(f->stalls, f->nstalls);
			put_field(out, "stalls", s);
			free(s);
		}
		if (f->nfailures) {
			s = fmt_seqs(f->failures, f->nfailures);
			put_field(out, "failures", s);
			free(s);
		}
		ev = evidence_text(f);
		put_field(out, "evidence", ev);
		free(ev);
	}
}

static void json_seqs(FILE *out, const char *key, const uint64_t *v, size_t n)
{
	size_t i;

	fprintf(out, ",\"%s\":[", key);
	for (i = 0; i < n; i++)
		fprintf(out, "%s%" PRIu64, i ? "," : "", v[i]);
	fputc(']', out);
}

static void json_time(FILE *out, const struct ksw_diag *d, const char *key, int have, uint64_t ns)
{
	int64_t real = have && d->snap ? ksw_mono_to_real(d->snap, ns) : -1;
	char buf[40];

	fprintf(out, ",\"%s\":", key);
	if (real < 0)
		fputs("null", out);
	else
		ksw_json_string(out, ksw_fmt_rfc3339(buf, sizeof(buf), real));
}

void ksw_diag_print_json(FILE *out, const struct ksw_diag *d)
{
	size_t i, j;

	for (i = 0; i < d->n; i++) {
		const struct ksw_finding *f = &d->f[i];

		fputs("{\"finding\":", out);
		ksw_json_string(out, f->id);
		fprintf(out, ",\"severity\":\"%s\",\"summary\":", ksw_severity_name(f->severity));
		ksw_json_string(out, f->summary);
		fputs(",\"cause\":", out);
		ksw_json_string(out, f->cause ? f->cause : "");
		fputs(",\"fix\":", out);
		ksw_json_string(out, f->fix ? f->fix : "");
		json_seqs(out, "stalls", f->stalls, f->nstalls);
		json_seqs(out, "failures", f->failures, f->nfailures);
		if (f->have_time)
			fprintf(out, ",\"first_ns\":%" PRIu64 ",\"last_ns\":%" PRIu64, f->first_ns, f->last_ns);
		else
			fputs(",\"first_ns\":null,\"last_ns\":null", out);
		json_time(out, d, "first_time", f->have_time, f->first_ns);
		json_time(out, d, "last_time", f->have_time, f->last_ns);
		if (f->nid >= 0)
			fprintf(out, ",\"nid\":%" PRId64, f->nid);
		if (f->zone[0]) {
			fputs(",\"zone\":", out);
			ksw_json_string(out, f->zone);
		}
		fputs(",\"evidence\":{", out);
		for (j = 0; j < f->nev; j++) {
			const struct ksw_evidence *e = &f->ev[j];

			if (j)
				fputc(',', out);
			ksw_json_string(out, e->key);
			fputc(':', out);
			if (e->type == KSW_EVD_U64)
				fprintf(out, "%" PRIu64, e->u);
			else if (e->type == KSW_EVD_S64)
				fprintf(out, "%" PRId64, e->s);
			else
				ksw_json_string(out, e->str);
		}
		fputs("}}\n", out);
	}
}

void ksw_prom_findings(FILE *out, const struct ksw_diag *d)
{
	size_t i, j;

	fputs("# HELP kswapwatch_diagnose_findings Findings of kswapwatch diagnose; 0 on a quiet system.\n"
	      "# TYPE kswapwatch_diagnose_findings gauge\n", out);
	fprintf(out, "kswapwatch_diagnose_findings %zu\n", d->n);
	fputs("# HELP kswapwatch_diagnose_max_severity The most severe finding: -1 none, 0 info,"
	      " 1 warning, 2 critical.\n"
	      "# TYPE kswapwatch_diagnose_max_severity gauge\n", out);
	fprintf(out, "kswapwatch_diagnose_max_severity %d\n", ksw_diag_max_severity(d));
	fputs("# HELP kswapwatch_diagnose_finding Findings of kswapwatch diagnose, by finding, severity,"
	      " node and zone.\n"
	      "# TYPE kswapwatch_diagnose_finding gauge\n", out);
	for (i = 0; i < d->n; i++) {
		const struct ksw_finding *f = &d->f[i];
		size_t n = 0;

		/* One series per label set: count the findings that share it. */
		for (j = 0; j < d->n; j++) {
			const struct ksw_finding *g = &d->f[j];

			if (strcmp(g->id, f->id) || g->severity != f->severity || g->nid != f->nid ||
			    strcmp(g->zone, f->zone))
				continue;
			if (j < i)
				break;
			n++;
		}
		if (j < d->n && j < i)
			continue;
		fputs("kswapwatch_diagnose_finding{finding=", out);
		ksw_prom_label_value(out, f->id);
		fprintf(out, ",severity=\"%s\"", ksw_severity_name(f->severity));
		if (f->nid >= 0)
			fprintf(out, ",node=\"%" PRId64 "\"", f->nid);
		if (f->zone[0]) {
			fputs(",zone=", out);
			ksw_prom_label_value(out, f->zone);
		}
		fprintf(out, "} %zu\n", n);
	}
}
