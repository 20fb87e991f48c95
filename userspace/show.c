// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tables for people: status, stalls, failures, nodes, zones (see show.h).
 * Values are printed as the module wrote them; only durations and times
 * are converted.
 */
#include <inttypes.h>
#include <string.h>

#include "kswapwatch_abi.h"
#include "show.h"
#include "util.h"

/*
 * What the tables read of a finding: its id, severity (0 info, 1 warning,
 * 2 critical) and one-line summary.
 */
static const char *finding_id(const struct ksw_finding *f)
{
	return f->id;
}

static int finding_severity(const struct ksw_finding *f)
{
	return f->severity;
}

static const char *finding_summary(const struct ksw_finding *f)
{
	return f->summary;
}

static const char *severity_name(int sev)
{
	return sev >= 2 ? "critical" : sev == 1 ? "warning" : "info";
}

/* A field's text for a table: "-" when absent or empty. */
struct fbuf {
	char b[32];
};

static const char *fv(struct fbuf *fb, int id, const void *rec, uint64_t has,
		      const struct ksw_record *raw, int i)
{
	const char *v = ksw_field_text(id, rec, has, raw, i, fb->b, sizeof(fb->b));

	return v && *v ? v : "-";
}

#define SV(fb, s, f)	fv(fb, KSW_F_STALLS, s, (s)->has, (s)->raw, KSW_SF_##f)
#define FV(fb, r, f)	fv(fb, KSW_F_FAILURES, r, (r)->has, (r)->raw, KSW_FF_##f)
#define NV(fb, n, f)	fv(fb, KSW_F_NODES, n, (n)->has, (n)->raw, KSW_NF_##f)
#define ZV(fb, z, f)	fv(fb, KSW_F_ZONES, z, (z)->has, (z)->raw, KSW_ZF_##f)
#define VV(fb, v, f)	fv(fb, KSW_F_VERSION, v, (v)->has, (v)->raw, KSW_VF_##f)

/* "comm[pid]" into @buf, "-" without a comm. */
static const char *task(char *buf, size_t len, const char *comm, int has_pid, int64_t pid)
{
	if (!comm || !*comm)
		return "-";
	if (has_pid)
		snprintf(buf, len, "%s[%" PRId64 "]", comm, pid);
	else
		snprintf(buf, len, "%s", comm);
	return buf;
}

/* Width of a time column: a wall-clock date, or seconds since boot. */
static int time_width(const struct ksw_data *d)
{
	return d->snap && d->snap->have_clock ? 24 : 16;
}

/* @ns (CLOCK_MONOTONIC) as the time column shows it; "-" when @have is 0. */
static const char *when(char *buf, size_t len, const struct ksw_data *d, int have, uint64_t ns)
{
	if (!have)
		return "-";
	if (d->snap && d->snap->have_clock && ksw_data_time(d, buf, len, ns, 0))
		return buf;
	return ksw_fmt_ns(buf, len, ns);
}

void ksw_show_stalls(FILE *out, const struct ksw_data *d, const struct ksw_sel *sel,
		     size_t last, size_t width)
{
	static const int column[] = {
		KSW_SF_SEQ, KSW_SF_START_NS, KSW_SF_DUR_US, KSW_SF_CPUS, KSW_SF_KIND,
		KSW_SF_COMM, KSW_SF_PID, KSW_SF_BT,
	};
	struct ksw_fields fl = ksw_file_fields(KSW_F_STALLS);
	int tw = time_width(d);
	size_t i, n = 0, skip = 0;

	if (last) {
		for (i = 0; i < d->nstalls; i++)
			n += ksw_stall_selected(d, sel, &d->stalls[i]);
		skip = n > last ? n - last : 0;
	}
	fprintf(out, "%6s %*s %10s %-8s %-8s %-20s %s\n", "SEQ", tw,
		tw == 16 ? "START(s)" : "START", "DURATION", "KIND", "CPUS", "TASK", "DETAILS");
	for (i = 0; i < d->nstalls; i++) {
		const struct ksw_stall *s = &d->stalls[i];
		const struct ksw_record *raw = s->raw;
		struct fbuf f1, f2, f3, f4;
		char tb[48], db[32], kb[64];
		size_t col, k, c;
		int j;

		if (!ksw_stall_selected(d, sel, s) || (skip && skip--))
			continue;
		col = (size_t)fprintf(out, "%6s %*s %10s %-8s %-8s %-20s", SV(&f1, s, SEQ), tw,
				      when(tb, sizeof(tb), d, KSW_HAS(s, KSW_SF_START_NS), s->start_ns),
				      KSW_HAS(s, KSW_SF_DUR_US) ? ksw_fmt_us(db, sizeof(db), s->dur_us) :
				      SV(&f2, s, DUR_US), SV(&f3, s, KIND), SV(&f4, s, CPUS),
				      task(kb, sizeof(kb), s->comm, KSW_HAS(s, KSW_SF_PID), s->pid));
		/* The other fields as key=value: the known ones, then any others. */
		for (j = 0; j < fl.n + (raw ? raw->nfields : 0); j++) {
			const char *key, *v;
			size_t len;

			if (j < fl.n) {
				for (c = 0; c < sizeof(column) / sizeof(column[0]); c++)
					if (column[c] == j)
						break;
				if (c < sizeof(column) / sizeof(column[0]))
					continue;
				key = fl.f[j].key;
				v = ksw_field_text(KSW_F_STALLS, s, s->has, raw, j, f1.b, sizeof(f1.b));
				if (!v)
					continue;
			} else {
				key = raw->f[j - fl.n].key;
				v = raw->f[j - fl.n].val;
				if (ksw_field_index(KSW_F_STALLS, key) >= 0)
					continue;
				for (k = 0; k < (size_t)(j - fl.n); k++)
					if (strcmp(raw->f[k].key, key) == 0)
						break;
				if (k < (size_t)(j - fl.n))
					continue;
			}
			len = strlen(key) + strlen(v) + 2;
			if (width && col + len > width) {
				fputs(" ...", out);
				break;
			}
			col += (size_t)fprintf(out, " %s=%s", key, v);
		}
		fputc('\n', out);
		if (!width && s->nframes)
			fprintf(out, "%6s stack: %s\n", "", s->bt);
	}
}

void ksw_show_failures(FILE *out, const struct ksw_data *d, const struct ksw_sel *sel,
		       size_t last)
{
	int tw = time_width(d);
	size_t i, n = 0, skip = 0;

	if (last) {
		for (i = 0; i < d->nfails; i++)
			n += ksw_fail_selected(d, sel, &d->fails[i]);
		skip = n > last ? n - last : 0;
	}
	fprintf(out, "%6s %*s %4s %-6s %9s %-7s %-11s %3s %-20s %s\n", "SEQ", tw,
		tw == 16 ? "TIME(s)" : "TIME", "NID", "EVENT", "FAILURES", "REASON", "SOURCE", "BAL",
		"TASK", "NOTE");
	for (i = 0; i < d->nfails; i++) {
		const struct ksw_fail *f = &d->fails[i];
		struct fbuf f1, f2, f3, f4, f5, f6, f7, f8;
		char tb[48], kb[64], fb[80];
		const char *note = "";

		if (!ksw_fail_selected(d, sel, f) || (skip && skip--))
			continue;
		snprintf(fb, sizeof(fb), "%s->%s", FV(&f1, f, PREV), FV(&f2, f, FAILURES));
		if (f->event == KSW_EV_FAIL && KSW_HAS(f, KSW_FF_FAILURES) &&
		    f->failures == ksw_data_max_retries(d, f->nid))
			note = "kswapd gave up";
		if (ksw_fail_spurious(f))
			note = ksw_fail_revived(d, f) ? "spurious, revived kswapd" : "spurious";
		fprintf(out, "%6s %*s %4s %-6s %9s %-7s %-11s %3s %-20s %s\n", FV(&f3, f, SEQ), tw,
			when(tb, sizeof(tb), d, KSW_HAS(f, KSW_FF_TS_NS), f->ts_ns), FV(&f4, f, NID),
			FV(&f5, f, EVENT), fb, FV(&f6, f, REASON), FV(&f7, f, SOURCE),
			FV(&f8, f, BALANCED),
			task(kb, sizeof(kb), f->comm, KSW_HAS(f, KSW_FF_PID), f->pid), note);
	}
}

void ksw_show_nodes(FILE *out, const struct ksw_data *d, const struct ksw_sel *sel)
{
	size_t i;

	fprintf(out, "%4s %9s %8s %8s %-19s %8s %8s\n", "NID", "FAILURES", "HOPELESS", "FAILS",
		"RESETS K/D/P/O", "EPISODES", "SPURIOUS");
	for (i = 0; i < d->nnodes; i++) {
		const struct ksw_node *n = &d->nodes[i];
		struct fbuf f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11;
		char fb[80], rb[160];

		if (!ksw_node_selected(sel, n->nid))
			continue;
		snprintf(fb, sizeof(fb), "%s/%s", NV(&f1, n, FAILURES), NV(&f2, n, MAX_RETRIES));
		snprintf(rb, sizeof(rb), "%s/%s/%s/%s", NV(&f3, n, RESETS_KSWAPD),
			 NV(&f4, n, RESETS_DIRECT), NV(&f5, n, RESETS_PCP), NV(&f6, n, RESETS_OTHER));
		fprintf(out, "%4s %9s %8s %8s %-19s %8s %8s\n", NV(&f7, n, NID), fb,
			KSW_HAS(n, KSW_NF_HOPELESS) || KSW_HAS(n, KSW_NF_FAILURES) ?
			(ksw_node_hopeless(n) ? "yes" : "no") : NV(&f10, n, HOPELESS),
			NV(&f8, n, FAILS_TOTAL), rb, NV(&f9, n, HOPELESS_EPISODES),
			NV(&f11, n, SPURIOUS_RESETS));
	}
}

/* kswapd CPU time "12.345" (s), "-" when absent. */
static const char *run_s(char *buf, size_t len, const struct ksw_zone *z)
{
	if (!KSW_HAS(z, KSW_ZF_KSWAPD_RUN_NS))
		return "-";
	snprintf(buf, len, "%" PRIu64 ".%03" PRIu64, z->kswapd_run_ns / 1000000000,
		 z->kswapd_run_ns % 1000000000 / 1000000);
	return buf;
}

/* The last storm: how long before the snapshot was read, else its uptime. */
static const char *storm_last(char *buf, size_t len, const struct ksw_data *d,
			      const struct ksw_zone *z)
{
	const struct ksw_snap *s = d->snap;
	uint64_t ns = z->storm_last_ns;

	if (!KSW_HAS(z, KSW_ZF_STORM_LAST_NS) || !ns)
		return "-";
	if (s && s->have_clock && s->mono_ns >= ns) {
		ns = s->mono_ns - ns;
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "s ago", ns / 1000000000,
			 ns % 1000000000 / 100000000);
		return buf;
	}
	snprintf(buf, len, "@%" PRIu64 ".%" PRIu64 "s", ns / 1000000000,
		 ns % 1000000000 / 100000000);
	return buf;
}

void ksw_show_zones(FILE *out, const struct ksw_data *d, const struct ksw_sel *sel)
{
	size_t i;

	fprintf(out, "%4s %-7s %8s %7s %7s %7s %6s %9s %8s %8s %8s %8s %11s %11s %10s %5s %6s %s\n",
		"NID", "ZONE", "FREE", "MIN", "LOW", "HIGH", "BOOST", "MANAGED", "PROTECT",
		"WAKEUPS", "RUNS", "KSWAPD_S", "SCANNED", "SKIPPED", "TAKEN", "RATIO", "STORMS",
		"LAST_STORM");
	for (i = 0; i < d->nzones; i++) {
		const struct ksw_zone *z = &d->zones[i];
		struct fbuf f[16];
		char pb[32] = "-", rb[32], lb[48];
		if (!ksw_node_selected(sel, z->nid))
			continue;
		if (z->nprot > 0)
			snprintf(pb, sizeof(pb), "%" PRIu64, z->protection_max);
		fprintf(out, "%4s %-7s %8s %7s %7s %7s %6s %9s %8s %8s %8s %8s %11s %11s %10s %5s %6s %s\n",
			ZV(&f[0], z, NID), ZV(&f[1], z, ZONE), ZV(&f[2], z, FREE), ZV(&f[3], z, MIN),
			ZV(&f[4], z, LOW), ZV(&f[5], z, HIGH), ZV(&f[6], z, BOOST),
			ZV(&f[7], z, MANAGED), pb, ZV(&f[8], z, KSWAPD_WAKEUPS),
			ZV(&f[9], z, KSWAPD_RUNS), run_s(rb, sizeof(rb), z),
			ZV(&f[10], z, RECLAIM_SCANNED), ZV(&f[11], z, RECLAIM_SKIPPED),
			ZV(&f[12], z, RECLAIM_TAKEN), ZV(&f[13], z, STORM_RATIO),
			ZV(&f[14], z, STORMS), storm_last(lb, sizeof(lb), d, z));
		if (z->wakeup_gfp && *z->wakeup_gfp && strcmp(z->wakeup_gfp, "-") != 0)
			fprintf(out, "%12s kswapd wakeups by allocation: %s\n", "", z->wakeup_gfp);
	}
}

/* "N records, seq A-B" of a history. */
static void seq_range(FILE *out, size_t n, uint64_t lo, uint64_t hi)
{
	fprintf(out, "%zu record%s", n, n == 1 ? "" : "s");
	if (n && lo == hi)
		fprintf(out, ", seq %" PRIu64, lo);
	else if (n)
		fprintf(out, ", seq %" PRIu64 "-%" PRIu64, lo, hi);
}

void ksw_show_findings(FILE *out, const struct ksw_diag *g)
{
	size_t i;

	for (i = 0; g && i < g->n; i++)
		fprintf(out, "Finding %zu: %s (%s, %s)\n", i + 1, finding_summary(&g->f[i]),
			severity_name(finding_severity(&g->f[i])), finding_id(&g->f[i]));
}

void ksw_show_status(FILE *out, const struct ksw_data *d, const struct ksw_diag *g)
{
	const struct ksw_version *v = &d->version;
	const struct ksw_snap *s = d->snap;
	struct fbuf f1, f2, f3, f4;
	uint64_t lo = 0, hi = 0;
	size_t i;

	if (!v->present)
		return;
	fprintf(out, "module    %s (abi %s), reader %s\n", VV(&f1, v, MODULE), VV(&f2, v, ABI),
		KSW_VERSION);
	fprintf(out, "kernel    %s\n", VV(&f3, v, KERNEL));
	fprintf(out, "failures  %s\n", VV(&f4, v, FAILURES_SOURCE));
	fprintf(out, "probes    %s\n", *v->probes ? v->probes : "(none)");

	fputs("nodes     ", out);
	if (s->have & KSW_BIT(KSW_F_NODES)) {
		size_t hopeless = 0;

		for (i = 0; i < d->nnodes; i++)
			hopeless += ksw_node_hopeless(&d->nodes[i]) != 0;
		fprintf(out, "%zu, %zu hopeless\n", d->nnodes, hopeless);
	} else {
		fputs("(no nodes file)\n", out);
	}

	fputs("stalls    ", out);
	if (s->have & KSW_BIT(KSW_F_STALLS)) {
		const struct ksw_stall *longest = NULL;
		char db[32], tb[48];

		for (i = 0; i < d->nstalls; i++) {
			const struct ksw_stall *st = &d->stalls[i];

			if (!i || st->seq < lo)
				lo = st->seq;
			if (!i || st->seq > hi)
				hi = st->seq;
			if (KSW_HAS(st, KSW_SF_DUR_US) && (!longest || st->dur_us > longest->dur_us))
				longest = st;
		}
		seq_range(out, d->nstalls, lo, hi);
		if (longest) {
			fprintf(out, ", longest %s (seq %" PRIu64 ", kind %s",
				ksw_fmt_us(db, sizeof(db), longest->dur_us), longest->seq,
				longest->kind_name ? longest->kind_name : "-");
			if (KSW_HAS(longest, KSW_SF_START_NS) &&
			    ksw_data_time(d, tb, sizeof(tb), longest->start_ns, 0))
				fprintf(out, ", %s", tb);
			fputc(')', out);
		}
		fputc('\n', out);
	} else {
		fputs("(no stalls file)\n", out);
	}

	fputs("history   ", out);
	if (s->have & KSW_BIT(KSW_F_FAILURES)) {
		size_t resets = 0, spurious = 0;

		for (i = 0; i < d->nfails; i++) {
			const struct ksw_fail *f = &d->fails[i];

			if (!i || f->seq < lo)
				lo = f->seq;
			if (!i || f->seq > hi)
				hi = f->seq;
			resets += f->event == KSW_EV_RESET;
			spurious += ksw_fail_spurious(f) != 0;
		}
		seq_range(out, d->nfails, lo, hi);
		fprintf(out, "; %zu reset%s, %zu while not balanced\n", resets,
			resets == 1 ? "" : "s", spurious);
	} else {
		fputs("(no kswapd_failures file)\n", out);
	}

	fputs("findings  ", out);
	if (!g || !g->n) {
		fputs("none\n", out);
		return;
	}
	fprintf(out, "%zu:", g->n);
	for (i = 0; i < g->n; i++)
		fprintf(out, "%s %s", i ? "," : "", finding_id(&g->f[i]));
	fputs(" (kswapwatch diagnose)\n", out);
	for (i = 0; i < g->n; i++)
		fprintf(out, "          %-8s %s\n", severity_name(finding_severity(&g->f[i])),
			finding_summary(&g->f[i]));
}
