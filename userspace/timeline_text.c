// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A stall's timeline as text lanes (see timeline_out.h).  Times are
 * milliseconds from the gap's start.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "timeline_out.h"
#include "util.h"

#define STRIP	64		/* columns of a lane */
#define MIN_RUN_NS	(5 * 1000000ull)	/* runs listed one by one */
#define MAX_LISTED	12

/* Milliseconds from the gap's start, "-412.3", "+0.0". */
static const char *rel(char *buf, size_t len, const struct ksw_tl_view *v, uint64_t ns)
{
	double ms = ns >= v->gap_start ? (double)(ns - v->gap_start) / 1e6 :
					 -(double)(v->gap_start - ns) / 1e6;

	snprintf(buf, len, "%+.1f", ms);
	return buf;
}

static const char *task_name(char *buf, size_t len, const char *comm, int64_t pid)
{
	if (pid == KSW_TL_NONE)
		snprintf(buf, len, "%s", comm);
	else
		snprintf(buf, len, "%s[%" PRId64 "]", comm, pid);
	return buf;
}

/* The letter of task @t in the strip: a-z, A-Z, then '*'; '.' for idle. */
static char task_letter(const struct ksw_tl_view *v, size_t t)
{
	if (ksw_tl_is_idle(v->task[t].comm))
		return '.';
	if (!strcmp(v->task[t].comm, "?"))
		return '?';
	if (t < 26)
		return (char)('a' + t);
	if (t < 52)
		return (char)('A' + t - 26);
	return '*';
}

static uint64_t col_start(const struct ksw_tl_view *v, int col)
{
	return v->from + (uint64_t)((double)(v->to - v->from) * col / STRIP);
}

static uint64_t overlap(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	uint64_t s = a > c ? a : c, e = b < d ? b : d;

	return e > s ? e - s : 0;
}

static void strip_tasks(FILE *out, const struct ksw_tl_view *v, const struct ksw_tl_view_cpu *vc)
{
	int col;

	fputs("  tasks   |", out);
	for (col = 0; col < STRIP; col++) {
		uint64_t a = col_start(v, col), b = col_start(v, col + 1), best = 0;
		char ch = ' ';
		size_t i;

		for (i = 0; i < vc->nruns; i++) {
			uint64_t o = overlap(a, b, vc->runs[i].start_ns, vc->runs[i].end_ns);

			if (o > best) {
				best = o;
				ch = task_letter(v, vc->run_task[i]);
			}
		}
		fputc(ch, out);
	}
	fputs("|\n", out);
}

/* A row of handler counts per column: ' ', '.', ':', '|', '#'. */
static void strip_handlers(FILE *out, const struct ksw_tl_view *v,
			   const struct ksw_tl_view_cpu *vc, enum ksw_tl_kind kind, const char *label)
{
	int col;

	fprintf(out, "  %-8s|", label);
	for (col = 0; col < STRIP; col++) {
		uint64_t a = col_start(v, col), b = col_start(v, col + 1);
		size_t i, n = 0;

		for (i = 0; i < vc->c->n; i++)
			if (vc->c->ev[i].kind == kind && vc->c->ev[i].ts_ns >= a &&
			    (vc->c->ev[i].ts_ns < b || (col == STRIP - 1 && vc->c->ev[i].ts_ns <= b)))
				n++;
		fputc(n == 0 ? ' ' : n == 1 ? '.' : n <= 3 ? ':' : n <= 9 ? '|' : '#', out);
	}
	fputs("|\n", out);
}

static void strip_reclaim(FILE *out, const struct ksw_tl_view *v, const struct ksw_tl_view_cpu *vc)
{
	int col, lane;

	for (lane = 0; lane < vc->nlanes; lane++) {
		fprintf(out, "  %-8s|", lane ? "" : "reclaim");
		for (col = 0; col < STRIP; col++) {
			uint64_t a = col_start(v, col), b = col_start(v, col + 1);
			char ch = ' ';
			size_t i;

			for (i = 0; i < vc->c->n; i++) {
				const struct ksw_tl_event *e = &vc->c->ev[i];

				if (e->kind == KSW_TL_RECLAIM && vc->lane[i] == lane &&
				    overlap(a, b, e->ts_ns, e->ts_ns + e->u.reclaim.dur_us * 1000 + 1))
					ch = e->u.reclaim.kind == KSW_TL_RECLAIM_KSWAPD ? 'K' :
					     e->u.reclaim.kind == KSW_TL_RECLAIM_DIRECT ? 'D' :
					     e->u.reclaim.kind == KSW_TL_RECLAIM_MEMCG ? 'M' : 'R';
				else if (e->kind == KSW_TL_WAKEUP_KSWAPD && lane == 0 && ch == ' ' &&
					 e->ts_ns >= a && e->ts_ns < b)
					ch = 'w';
			}
			fputc(ch, out);
		}
		fputs("|\n", out);
	}
}

static void strip_gap(FILE *out, const struct ksw_tl_view *v, const struct ksw_tl_view_cpu *vc)
{
	int col;

	fputs("  gap     |", out);
	for (col = 0; col < STRIP; col++)
		fputc(overlap(col_start(v, col), col_start(v, col + 1), vc->gap_start, vc->gap_end + 1)
		      ? '#' : ' ', out);
	fputs("|\n", out);
}

static void axis(FILE *out, const struct ksw_tl_view *v)
{
	char a[32], b[32], g[32];
	int gcol = (int)((double)(v->gap_start - v->from) * STRIP / (double)(v->to - v->from + !(v->to - v->from)));
	char line[STRIP + 1];
	int la, lb, lg;

	memset(line, ' ', STRIP);
	line[STRIP] = '\0';
	rel(a, sizeof(a), v, v->from);
	rel(b, sizeof(b), v, v->to);
	snprintf(g, sizeof(g), "0");
	la = (int)strlen(a);
	lb = (int)strlen(b);
	lg = (int)strlen(g);
	memcpy(line, a, (size_t)la);
	memcpy(line + STRIP - lb, b, (size_t)lb);
	if (gcol > la && gcol + lg < STRIP - lb)
		memcpy(line + gcol, g, (size_t)lg);
	fprintf(out, "  %-8s %s\n", "ms", line);
}

/* Per task: its time on this CPU, most first. */
static void cpu_tasks(FILE *out, const struct ksw_tl_view *v, const struct ksw_tl_view_cpu *vc)
{
	uint64_t *ns = ksw_xcalloc(v->ntask, sizeof(*ns));
	size_t *runs = ksw_xcalloc(v->ntask, sizeof(*runs));
	size_t i, shown = 0, n = 0;
	char name[96], d[32];

	for (i = 0; i < vc->nruns; i++) {
		ns[vc->run_task[i]] += vc->runs[i].end_ns - vc->runs[i].start_ns;
		runs[vc->run_task[i]]++;
	}
	fputs("  who ran:", out);
	for (;;) {
		size_t best = v->ntask;

		for (i = 0; i < v->ntask; i++)
			if (runs[i] && (best == v->ntask || ns[i] > ns[best]))
				best = i;
		if (best == v->ntask)
			break;
		if (shown < 8) {
			fprintf(out, "%s %c %s %s (%zu run%s)", shown ? "," : "",
				task_letter(v, best),
				task_name(name, sizeof(name), v->task[best].comm, v->task[best].pid),
				ksw_tl_dur(d, sizeof(d), ns[best]), runs[best], runs[best] == 1 ? "" : "s");
			shown++;
		} else {
			n++;
		}
		runs[best] = 0;
	}
	if (n)
		fprintf(out, ", and %zu other task%s", n, n == 1 ? "" : "s");
	fputc('\n', out);
	free(ns);
	free(runs);
}

/*
 * The runs worth a line: the one on the CPU when the gap began and the
 * longest of the others (at least MIN_RUN_NS), at most MAX_LISTED, in time
 * order.
 */
static void cpu_runs(FILE *out, const struct ksw_tl_view *v, const struct ksw_tl_view_cpu *vc)
{
	unsigned char *pick = ksw_xcalloc(vc->nruns, 1);
	size_t i, listed = 0;
	char a[32], b[32], d[32], name[96];

	for (i = 0; i < vc->nruns; i++)
		if (vc->runs[i].start_ns <= vc->gap_start && vc->runs[i].end_ns >= vc->gap_start &&
		    !listed) {
			pick[i] = 2;
			listed++;
		}
	while (listed < MAX_LISTED) {
		size_t best = vc->nruns;

		for (i = 0; i < vc->nruns; i++)
			if (!pick[i] && vc->runs[i].end_ns - vc->runs[i].start_ns >= MIN_RUN_NS &&
			    (best == vc->nruns || vc->runs[i].end_ns - vc->runs[i].start_ns >
						  vc->runs[best].end_ns - vc->runs[best].start_ns))
				best = i;
		if (best == vc->nruns)
			break;
		pick[best] = 1;
		listed++;
	}
	for (i = 0; i < vc->nruns; i++) {
		const struct ksw_tl_run *r = &vc->runs[i];

		if (!pick[i])
			continue;
		fprintf(out, "    %9s%s .. %9s%s  %9s  %s%s\n", rel(a, sizeof(a), v, r->start_ns),
			r->open_start ? "<" : " ", rel(b, sizeof(b), v, r->end_ns),
			r->open_end ? ">" : " ", ksw_tl_dur(d, sizeof(d), r->end_ns - r->start_ns),
			task_name(name, sizeof(name), r->comm, r->pid),
			pick[i] == 2 ? "  <- on the CPU when the gap began" : "");
	}
	if (vc->nruns > listed)
		fprintf(out, "    (%zu other run%s, shorter)\n", vc->nruns - listed,
			vc->nruns - listed == 1 ? "" : "s");
	free(pick);
}

/* Handler runs by name: "virtio0 64, 1.2 ms". */
static void cpu_handlers(FILE *out, const struct ksw_tl_view *v, const struct ksw_tl_view_cpu *vc,
			 enum ksw_tl_kind kind)
{
	const char *names[16];
	size_t count[16] = { 0 }, nn = 0, i, j, total = 0, in_gap = 0, others = 0;
	uint64_t ns[16] = { 0 }, total_ns = 0, last = 0;
	int has_last = 0;
	char d[32], t[32];

	for (i = 0; i < vc->c->n; i++) {
		const struct ksw_tl_event *e = &vc->c->ev[i];
		const char *name;
		uint64_t dur;

		if (e->kind != kind)
			continue;
		name = kind == KSW_TL_IRQ ? e->u.irq.name : e->u.softirq.vec;
		dur = (kind == KSW_TL_IRQ ? e->u.irq.dur_us : e->u.softirq.dur_us) * 1000;
		total++;
		total_ns += dur;
		if (e->ts_ns >= vc->gap_start && e->ts_ns <= vc->gap_end)
			in_gap++;
		if (e->ts_ns < vc->gap_start) {
			has_last = 1;
			last = e->ts_ns;
		}
		for (j = 0; j < nn; j++)
			if (!strcmp(names[j], name))
				break;
		if (j == nn) {
			if (nn == 16) {
				others++;
				continue;
			}
			names[nn++] = name;
		}
		count[j]++;
		ns[j] += dur;
	}
	fprintf(out, "  %s: ", kind == KSW_TL_IRQ ? "irq" : "softirq");
	if (!total) {
		fputs("none\n", out);
		return;
	}
	fprintf(out, "%zu run%s, %s:", total, total == 1 ? "" : "s", ksw_tl_dur(d, sizeof(d), total_ns));
	for (j = 0; j < nn; j++)
		fprintf(out, "%s %s %zu (%s)", j ? "," : "", names[j], count[j],
			ksw_tl_dur(d, sizeof(d), ns[j]));
	if (others)
		fprintf(out, ", %zu of other names", others);
	fprintf(out, "; %zu in the gap", in_gap);
	if (has_last)
		fprintf(out, "; the last before it at %s ms", rel(t, sizeof(t), v, last));
	fputc('\n', out);
}

static void cpu_reclaim(FILE *out, const struct ksw_tl_view *v, const struct ksw_tl_view_cpu *vc)
{
	size_t i, wakeups = 0, runs = 0;
	uint64_t more_ns = 0;
	char a[32], d[32], name[96], n1[32], n2[32], n3[32];

	for (i = 0; i < vc->c->n; i++) {
		const struct ksw_tl_event *e = &vc->c->ev[i];

		if (e->kind == KSW_TL_RECLAIM && runs++ >= MAX_LISTED) {
			more_ns += e->u.reclaim.dur_us * 1000;
		} else if (e->kind == KSW_TL_RECLAIM) {
			fprintf(out, "  reclaim: %s %s", e->u.reclaim.kind_name,
				task_name(name, sizeof(name), e->u.reclaim.comm, e->u.reclaim.pid));
			if (e->u.reclaim.zone)
				fprintf(out, " for %s", e->u.reclaim.zone);
			fprintf(out, " from %s for %s%s, %s pages reclaimed\n",
				rel(a, sizeof(a), v, e->ts_ns),
				ksw_tl_dur(d, sizeof(d), e->u.reclaim.dur_us * 1000),
				e->u.reclaim.open ? " (still running)" : "",
				ksw_tl_thousands(n1, sizeof(n1), e->u.reclaim.nr_reclaimed));
		} else if (e->kind == KSW_TL_WAKEUP_KSWAPD) {
			if (wakeups++ < 4)
				fprintf(out, "  wakeup_kswapd at %s: %s woke kswapd of node %" PRId64
					" for %s, order %" PRId64 "\n",
					rel(a, sizeof(a), v, e->ts_ns),
					task_name(name, sizeof(name), e->u.wakeup.comm, e->u.wakeup.pid),
					e->u.wakeup.nid == KSW_TL_NONE ? -1 : e->u.wakeup.nid,
					e->u.wakeup.zone,
					e->u.wakeup.order == KSW_TL_NONE ? -1 : e->u.wakeup.order);
		}
	}
	if (runs > MAX_LISTED)
		fprintf(out, "  reclaim: %zu more runs, %s in all\n", runs - MAX_LISTED,
			ksw_tl_dur(d, sizeof(d), more_ns));
	if (wakeups > 4)
		fprintf(out, "  wakeup_kswapd: %zu more\n", wakeups - 4);
	/* Isolations per target zone. */
	for (i = 0; i < vc->c->n; i++) {
		const struct ksw_tl_event *e = &vc->c->ev[i];
		uint64_t sc = 0, sk = 0, tk = 0;
		size_t j, n = 0;
		int first = 1;

		if (e->kind != KSW_TL_ISOLATE)
			continue;
		for (j = 0; j < i && first; j++)
			if (vc->c->ev[j].kind == KSW_TL_ISOLATE &&
			    vc->c->ev[j].u.isolate.nid == e->u.isolate.nid &&
			    !strcmp(vc->c->ev[j].u.isolate.zone, e->u.isolate.zone))
				first = 0;
		if (!first)
			continue;
		for (j = i; j < vc->c->n; j++) {
			const struct ksw_tl_event *x = &vc->c->ev[j];

			if (x->kind == KSW_TL_ISOLATE && x->u.isolate.nid == e->u.isolate.nid &&
			    !strcmp(x->u.isolate.zone, e->u.isolate.zone)) {
				sc += x->u.isolate.scanned;
				sk += x->u.isolate.skipped;
				tk += x->u.isolate.taken;
				n++;
			}
		}
		fprintf(out, "  isolate for node %" PRId64 " %s: %zu event%s, scanned %s, skipped %s, taken %s\n",
			e->u.isolate.nid == KSW_TL_NONE ? -1 : e->u.isolate.nid, e->u.isolate.zone,
			n, n == 1 ? "" : "s", ksw_tl_thousands(n1, sizeof(n1), sc),
			ksw_tl_thousands(n2, sizeof(n2), sk), ksw_tl_thousands(n3, sizeof(n3), tk));
	}
}

void ksw_tl_print_text(FILE *out, const struct ksw_timeline *tl, const struct ksw_tl_view *v,
		       const struct ksw_record *stall, const struct ksw_table *zones)
{
	struct ksw_tl_facts f;
	char a[32], b[32], d[32], t[32];
	size_t i;

	fprintf(out, "Stall %" PRIu64 ": %s, gap of %s at %s s", v->st->seq, v->kind,
		ksw_tl_dur(d, sizeof(d), v->gap_end - v->gap_start),
		ksw_fmt_ns(t, sizeof(t), v->gap_start));
	if (stall) {
		const char *cpus = ksw_get(stall, "cpus"), *comm = ksw_get(stall, "comm");

		if (cpus)
			fprintf(out, " on CPU%s %s", strpbrk(cpus, ",-") ? "s" : "", cpus);
		if (comm)
			fprintf(out, ", held by %s", comm);
	}
	fprintf(out, "\nTimeline of %zu CPU%s from %s to %s ms (milliseconds from the gap's start)\n",
		v->ncpu, v->ncpu == 1 ? "" : "s", rel(a, sizeof(a), v, v->from),
		rel(b, sizeof(b), v, v->to));
	fputs("Runs: '<' began before the first switch recorded, '>' still on the CPU at the end\n", out);
	fputs("Lanes: tasks (letters as in \"who ran\", '.' idle), irq and softirq (handler runs: . 1, : 2-3, | 4-9, # more),\n"
	      "reclaim (K kswapd, D direct, M memcg, R other; w kswapd woken), gap (#)\n", out);
	for (i = 0; i < v->ncpu; i++) {
		const struct ksw_tl_view_cpu *vc = &v->cpu[i];

		fprintf(out, "\nCPU %u\n", vc->c->cpu);
		axis(out, v);
		strip_tasks(out, v, vc);
		strip_handlers(out, v, vc, KSW_TL_IRQ, "irq");
		strip_handlers(out, v, vc, KSW_TL_SOFTIRQ, "softirq");
		strip_reclaim(out, v, vc);
		strip_gap(out, v, vc);
		cpu_tasks(out, v, vc);
		cpu_runs(out, v, vc);
		cpu_handlers(out, v, vc, KSW_TL_IRQ);
		cpu_handlers(out, v, vc, KSW_TL_SOFTIRQ);
		cpu_reclaim(out, v, vc);
		fprintf(out, "  gap: %s .. %s ms (%s, %s)\n", rel(a, sizeof(a), v, vc->gap_start),
			rel(b, sizeof(b), v, vc->gap_end),
			ksw_tl_dur(d, sizeof(d), vc->gap_end - vc->gap_start),
			vc->c->has_gap ? vc->c->gap.kind : "no gap event on this CPU");
	}
	if (ksw_tl_facts(tl, v->st->seq, zones, &f) == 0) {
		char **s;
		size_t n = ksw_tl_sentences(&f, &s);

		fputs("\nWhat the timeline says:\n", out);
		for (i = 0; i < n; i++)
			fprintf(out, "  - %s\n", s[i]);
		ksw_tl_sentences_free(s, n);
		ksw_tl_facts_free(&f);
	}
}
