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

static const char *val(const struct ksw_record *r, const char *key)
{
	const char *v = ksw_get(r, key);

	return v && *v ? v : "-";
}

/* "comm[pid]" into @buf, "-" without a comm. */
static const char *task(char *buf, size_t len, const struct ksw_record *r)
{
	const char *comm = ksw_get(r, "comm");
	const char *pid = ksw_get(r, "pid");

	if (!comm || !*comm)
		return "-";
	if (pid)
		snprintf(buf, len, "%s[%s]", comm, pid);
	else
		snprintf(buf, len, "%s", comm);
	return buf;
}

static const char *time_ns(char *buf, size_t len, const struct ksw_record *r, const char *key)
{
	uint64_t ns;

	if (ksw_get_u64(r, key, &ns))
		return val(r, key);
	return ksw_fmt_ns(buf, len, ns);
}

/* Index of the first of the last @last selected records of @t. */
static size_t first_shown(int id, const struct ksw_table *t, const struct ksw_sel *sel,
			  size_t last)
{
	size_t i = t->n, n = 0;

	if (!last)
		return 0;
	while (i > 0 && n < last)
		if (ksw_rec_selected(id, &t->rec[--i], sel))
			n++;
	return i;
}

static int is_stall_column(const char *k)
{
	static const char *const cols[] = {
		"seq", "start_ns", "dur_us", "cpus", "kind", "comm", "pid", "bt",
	};
	size_t i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if (strcmp(k, cols[i]) == 0)
			return 1;
	return 0;
}

void ksw_show_stalls(FILE *out, const struct ksw_table *t, const struct ksw_sel *sel,
		     size_t last, size_t width)
{
	size_t i;
	int k;

	fprintf(out, "%6s %16s %10s %-8s %-8s %-20s %s\n", "SEQ", "START(s)", "DURATION",
		"KIND", "CPUS", "TASK", "DETAILS");
	for (i = first_shown(KSW_F_STALLS, t, sel, last); i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		char tb[32], db[32], kb[64];
		uint64_t dur;
		size_t col;

		if (!ksw_rec_selected(KSW_F_STALLS, r, sel))
			continue;
		col = (size_t)fprintf(out, "%6s %16s %10s %-8s %-8s %-20s", val(r, "seq"),
				      time_ns(tb, sizeof(tb), r, "start_ns"),
				      ksw_get_u64(r, "dur_us", &dur) ? val(r, "dur_us") :
				      ksw_fmt_us(db, sizeof(db), dur),
				      val(r, "kind"), val(r, "cpus"), task(kb, sizeof(kb), r));
		for (k = 0; k < r->nfields; k++) {
			size_t len;

			if (is_stall_column(r->f[k].key))
				continue;
			len = strlen(r->f[k].key) + strlen(r->f[k].val) + 2;
			if (width && col + len > width) {
				fputs(" ...", out);
				break;
			}
			col += (size_t)fprintf(out, " %s=%s", r->f[k].key, r->f[k].val);
		}
		fputc('\n', out);
		if (!width && ksw_has_bt(r))
			fprintf(out, "%6s stack: %s\n", "", ksw_get(r, "bt"));
	}
}

void ksw_show_failures(FILE *out, const struct ksw_table *t, const struct ksw_sel *sel,
		       size_t last)
{
	size_t i;

	fprintf(out, "%6s %16s %4s %-6s %9s %-7s %-11s %3s %-20s %s\n", "SEQ", "TIME(s)", "NID",
		"EVENT", "FAILURES", "REASON", "SOURCE", "BAL", "TASK", "NOTE");
	for (i = first_shown(KSW_F_FAILURES, t, sel, last); i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		const char *ev = ksw_get(r, "event");
		char tb[32], kb[64], fb[48];
		uint64_t prev, fails, bal;
		const char *note = "";

		if (!ksw_rec_selected(KSW_F_FAILURES, r, sel))
			continue;
		snprintf(fb, sizeof(fb), "%s->%s", val(r, "prev"), val(r, "failures"));
		if (strcmp(ev, "fail") == 0 && ksw_get_u64(r, "failures", &fails) == 0 &&
		    fails == KSW_MAX_RECLAIM_RETRIES)
			note = "kswapd gave up";
		if (strcmp(ev, "reset") == 0 && ksw_get_u64(r, "balanced", &bal) == 0 && !bal) {
			if (ksw_get_u64(r, "prev", &prev) == 0 && prev >= KSW_MAX_RECLAIM_RETRIES)
				note = "spurious, revived kswapd";
			else
				note = "spurious";
		}
		fprintf(out, "%6s %16s %4s %-6s %9s %-7s %-11s %3s %-20s %s\n", val(r, "seq"),
			time_ns(tb, sizeof(tb), r, "ts_ns"), val(r, "nid"), ev, fb, val(r, "reason"),
			val(r, "source"), val(r, "balanced"), task(kb, sizeof(kb), r), note);
	}
}

void ksw_show_nodes(FILE *out, const struct ksw_table *t)
{
	size_t i;

	fprintf(out, "%4s %9s %8s %8s %-19s %8s %8s\n", "NID", "FAILURES", "HOPELESS", "FAILS",
		"RESETS K/D/P/O", "EPISODES", "SPURIOUS");
	for (i = 0; i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		char fb[48], rb[96];
		uint64_t h;

		if (!ksw_rec_valid(KSW_F_NODES, r))
			continue;
		snprintf(fb, sizeof(fb), "%s/%s", val(r, "failures"), val(r, "max_retries"));
		snprintf(rb, sizeof(rb), "%s/%s/%s/%s", val(r, "resets_kswapd"),
			 val(r, "resets_direct"), val(r, "resets_pcp"), val(r, "resets_other"));
		fprintf(out, "%4s %9s %8s %8s %-19s %8s %8s\n", val(r, "nid"), fb,
			ksw_get_u64(r, "hopeless", &h) ? val(r, "hopeless") : h ? "yes" : "no",
			val(r, "fails_total"), rb, val(r, "hopeless_episodes"),
			val(r, "spurious_resets"));
	}
}

void ksw_show_zones(FILE *out, const struct ksw_table *t)
{
	size_t i;

	fprintf(out, "%4s %-7s %9s %8s %8s %8s %10s %10s %8s %8s %12s %12s %10s %9s\n", "NID",
		"ZONE", "FREE", "MIN", "LOW", "HIGH", "MANAGED", "PROTECT", "WAKEUPS", "RUNS",
		"SCANNED", "SKIPPED", "TAKEN", "SKIP/TAKE");
	for (i = 0; i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		uint64_t prot[64], pmax = 0, skipped, taken;
		char pb[32] = "-", sb[32] = "-";
		int j, n;

		if (!ksw_rec_valid(KSW_F_ZONES, r))
			continue;
		n = ksw_parse_u64_list(ksw_get(r, "protection"), prot, 64);
		for (j = 0; j < n; j++)
			if (prot[j] > pmax)
				pmax = prot[j];
		if (n > 0)
			snprintf(pb, sizeof(pb), "%" PRIu64, pmax);
		if (ksw_get_u64(r, "reclaim_skipped", &skipped) == 0 &&
		    ksw_get_u64(r, "reclaim_taken", &taken) == 0 && (skipped || taken))
			snprintf(sb, sizeof(sb), "%" PRIu64, skipped / (taken ? taken : 1));
		fprintf(out, "%4s %-7s %9s %8s %8s %8s %10s %10s %8s %8s %12s %12s %10s %9s\n",
			val(r, "nid"), val(r, "zone"), val(r, "free"), val(r, "min"), val(r, "low"),
			val(r, "high"), val(r, "managed"), pb, val(r, "kswapd_wakeups"),
			val(r, "kswapd_runs"), val(r, "reclaim_scanned"), val(r, "reclaim_skipped"),
			val(r, "reclaim_taken"), sb);
	}
}

/* "N records, seq A-B" of a history file; counts into @n. */
static void seq_range(FILE *out, int id, const struct ksw_table *t, size_t *n)
{
	uint64_t seq, lo = 0, hi = 0;
	size_t i;

	*n = 0;
	for (i = 0; i < t->n; i++) {
		if (!ksw_rec_valid(id, &t->rec[i]) || ksw_rec_seq(&t->rec[i], &seq))
			continue;
		if (!*n || seq < lo)
			lo = seq;
		if (!*n || seq > hi)
			hi = seq;
		(*n)++;
	}
	fprintf(out, "%zu record%s", *n, *n == 1 ? "" : "s");
	if (*n && lo == hi)
		fprintf(out, ", seq %" PRIu64, lo);
	else if (*n)
		fprintf(out, ", seq %" PRIu64 "-%" PRIu64, lo, hi);
}

void ksw_show_status(FILE *out, const struct ksw_snap *s, const struct ksw_diag *d)
{
	const struct ksw_record *v = ksw_snap_version(s);
	const char *probes = v ? ksw_get(v, "probes") : NULL;
	size_t i, n;

	if (!v)
		return;
	fprintf(out, "module    %s (abi %s), reader %s\n", val(v, "kswapwatch"), val(v, "abi"),
		KSW_VERSION);
	fprintf(out, "kernel    %s\n", val(v, "kernel"));
	fprintf(out, "failures  %s\n", val(v, "failures_source"));
	fprintf(out, "probes    %s\n", probes && *probes ? probes : "(none)");

	fputs("nodes     ", out);
	if (s->have & KSW_BIT(KSW_F_NODES)) {
		const struct ksw_table *t = &s->t[KSW_F_NODES];
		size_t hopeless = 0;
		uint64_t h;

		for (i = 0, n = 0; i < t->n; i++) {
			if (!ksw_rec_valid(KSW_F_NODES, &t->rec[i]))
				continue;
			n++;
			if (ksw_get_u64(&t->rec[i], "hopeless", &h) == 0 && h)
				hopeless++;
		}
		fprintf(out, "%zu, %zu hopeless\n", n, hopeless);
	} else {
		fputs("(no nodes file)\n", out);
	}

	fputs("stalls    ", out);
	if (s->have & KSW_BIT(KSW_F_STALLS)) {
		const struct ksw_table *t = &s->t[KSW_F_STALLS];
		const struct ksw_record *longest = NULL;
		uint64_t dur, max = 0;
		char db[32];

		seq_range(out, KSW_F_STALLS, t, &n);
		for (i = 0; i < t->n; i++)
			if (ksw_rec_valid(KSW_F_STALLS, &t->rec[i]) &&
			    ksw_get_u64(&t->rec[i], "dur_us", &dur) == 0 && (!longest || dur > max)) {
				max = dur;
				longest = &t->rec[i];
			}
		if (longest)
			fprintf(out, ", longest %s (seq %s, kind %s)", ksw_fmt_us(db, sizeof(db), max),
				val(longest, "seq"), val(longest, "kind"));
		fputc('\n', out);
	} else {
		fputs("(no stalls file)\n", out);
	}

	fputs("history   ", out);
	if (s->have & KSW_BIT(KSW_F_FAILURES)) {
		const struct ksw_table *t = &s->t[KSW_F_FAILURES];
		size_t resets = 0, spurious = 0;
		uint64_t bal;

		seq_range(out, KSW_F_FAILURES, t, &n);
		for (i = 0; i < t->n; i++) {
			const struct ksw_record *r = &t->rec[i];

			if (!ksw_rec_valid(KSW_F_FAILURES, r) || strcmp(ksw_get(r, "event"), "reset"))
				continue;
			resets++;
			if (ksw_get_u64(r, "balanced", &bal) == 0 && !bal)
				spurious++;
		}
		fprintf(out, "; %zu reset%s, %zu while not balanced\n", resets,
			resets == 1 ? "" : "s", spurious);
	} else {
		fputs("(no kswapd_failures file)\n", out);
	}

	fputs("findings  ", out);
	if (!d || !d->n) {
		fputs("none\n", out);
		return;
	}
	fprintf(out, "%zu:", d->n);
	for (i = 0; i < d->n; i++)
		fprintf(out, "%s %s", i ? "," : "", d->f[i].id);
	fputs(" (kswapwatch diagnose)\n", out);
}
