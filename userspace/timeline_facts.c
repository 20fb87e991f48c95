// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * What a stall's timeline says, as numbers and as sentences (see
 * timeline.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"
#include "util.h"

static uint64_t clip_len(uint64_t a, uint64_t b, uint64_t from, uint64_t to)
{
	if (a < from)
		a = from;
	if (b > to)
		b = to;
	return b > a ? b - a : 0;
}

/*
 * The longest span between handler runs of @mask's kinds on @c that
 * overlaps [@gs, @ge]: from @from or a handler's end to the next handler's
 * start or @ge.  *@before: the handler before it, NULL for @from.
 */
static uint64_t silence(const struct ksw_tl_cpu *c, unsigned int mask, uint64_t from, uint64_t gs,
			uint64_t ge, uint64_t *start, const struct ksw_tl_event **before)
{
	const struct ksw_tl_event *prev = NULL;
	uint64_t at = from, best = 0;
	size_t i;

	*start = from;
	*before = NULL;
	for (i = 0; i <= c->n; i++) {
		const struct ksw_tl_event *e = i < c->n ? &c->ev[i] : NULL;
		uint64_t end, next = e ? e->ts_ns : ge;

		if (e && !(mask & (1u << e->kind)))
			continue;
		if (next > ge)
			next = ge;
		if (next > at && next >= gs && at <= ge && next - at > best) {
			best = next - at;
			*start = at;
			*before = prev;
		}
		if (!e)
			break;
		end = e->ts_ns + (e->kind == KSW_TL_IRQ ? e->u.irq.dur_us : e->u.softirq.dur_us) * 1000;
		if (end >= at) {
			at = end;
			prev = e;
		}
	}
	return best;
}

static uint64_t overlap(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	uint64_t s = a > c ? a : c, e = b < d ? b : d;

	return e > s ? e - s : 0;
}

static void cpu_facts(const struct ksw_tl_cpu *c, uint64_t from, uint64_t to,
		      uint64_t gs, uint64_t ge, struct ksw_tl_cpu_facts *cf)
{
	const struct ksw_tl_event *before;
	struct ksw_tl_run *runs;
	uint64_t best = 0;
	size_t i, n, holder = 0;

	cf->cpu = c->cpu;
	if (c->has_gap) {
		gs = c->gap.start_ns;
		ge = c->gap.end_ns;
	}
	cf->gap_start_ns = gs;
	cf->gap_end_ns = ge;
	ksw_tl_cpu_span(c, from, to, &cf->from_ns, &to);
	cf->to_ns = to;
	cf->ends_before_gap = !c->has_gap && to < gs;
	if (!c->has_gap && to < ge)
		ge = to;	/* what it did after its last event is not known */

	for (i = 0; i < c->n; i++) {
		const struct ksw_tl_event *e = &c->ev[i];

		switch (e->kind) {
		case KSW_TL_SWITCH:
			cf->switches++;
			if (e->ts_ns <= gs) {
				cf->has_last_switch = 1;
				cf->last_switch_ns = e->ts_ns;
				cf->last_switch = e->u.sw;
			} else if (e->ts_ns <= ge) {
				cf->switches_in_gap++;
			}
			break;
		case KSW_TL_IRQ:
			cf->irqs++;
			cf->irq_ns += e->u.irq.dur_us * 1000;
			if (e->ts_ns < gs) {
				cf->has_last_irq = 1;
				cf->last_irq_ns = e->ts_ns;
				cf->last_irq = e->u.irq;
			} else if (e->ts_ns <= ge) {
				cf->irqs_in_gap++;
			}
			break;
		case KSW_TL_SOFTIRQ:
			cf->softirqs++;
			cf->softirq_ns += e->u.softirq.dur_us * 1000;
			if (e->ts_ns >= gs && e->ts_ns <= ge)
				cf->softirqs_in_gap++;
			break;
		default:
			break;
		}
	}

	/* Who held the CPU: the run that covers most of the gap; the longest run. */
	n = ksw_tl_cpu_runs(c, cf->from_ns, to, &runs);
	for (i = 0; i < n; i++) {
		uint64_t o = overlap(runs[i].start_ns, runs[i].end_ns, gs, ge);

		if (o > best || (i == 0 && !best)) {
			best = o;
			holder = i;
		}
		if (i == 0 || runs[i].end_ns - runs[i].start_ns >
			      cf->longest.end_ns - cf->longest.start_ns)
			cf->longest = runs[i];
	}
	if (n && strcmp(runs[holder].comm, "?") && !cf->ends_before_gap) {
		const struct ksw_tl_run *r = &runs[holder];

		cf->holder_comm = r->comm;
		cf->holder_pid = r->pid;
		cf->holder_prio = r->prio;
		cf->holder_run_ns = r->end_ns - r->start_ns;
		cf->holder_before_ns = r->start_ns < gs ? gs - r->start_ns : 0;
		cf->holder_after_ns = r->start_ns > gs ? r->start_ns - gs : 0;
		cf->holder_in_gap_ns = best;
		cf->holder_whole_gap = r->start_ns <= gs && r->end_ns >= ge;
		cf->holder_open = r->open_start;
	} else {
		cf->holder_comm = "?";
		cf->holder_pid = KSW_TL_NONE;
		cf->holder_prio = KSW_TL_NONE;
		cf->holder_open = 1;
	}
	free(runs);

	/* Silences around and in the gap. */
	cf->irq_silence_ns = silence(c, 1u << KSW_TL_IRQ, cf->from_ns, gs, ge,
				     &cf->irq_silence_start_ns, &before);
	cf->irq_silence_open = !before;
	if (before) {
		cf->has_silence_irq = 1;
		cf->silence_irq = before->u.irq;
	}
	cf->quiet_ns = silence(c, 1u << KSW_TL_IRQ | 1u << KSW_TL_SOFTIRQ, cf->from_ns, gs, ge,
			       &cf->quiet_start_ns, &before);
}

static struct ksw_tl_kswapd *kswapd_of(struct ksw_tl_facts *f, const char *comm, int64_t pid)
{
	size_t i;

	if (strncmp(comm, "kswapd", 6) != 0)
		return NULL;
	for (i = 0; i < f->nkswapd; i++)
		if (f->kswapd[i].pid == pid && strcmp(f->kswapd[i].comm, comm) == 0)
			return &f->kswapd[i];
	if (f->nkswapd == KSW_TL_MAX_KSWAPD)
		return NULL;
	f->kswapd[f->nkswapd].comm = comm;
	f->kswapd[f->nkswapd].pid = pid;
	return &f->kswapd[f->nkswapd++];
}

static int zone_rank(const char *zone)
{
	static const char *const order[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" };
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (strcmp(zone, order[i]) == 0)
			return (int)i;
	return -1;
}

/* The populated zones of node @nid above @zone, from the zones table. */
static void zones_above(const struct ksw_table *zones, int64_t nid, const char *zone,
			char *buf, size_t len)
{
	int rank = zone_rank(zone);
	size_t i, o = 0;

	buf[0] = '\0';
	if (!zones || rank < 0)
		return;
	for (i = 0; i < zones->n; i++) {
		const struct ksw_record *r = &zones->rec[i];
		const char *z = ksw_get(r, "zone");
		uint64_t present;
		int64_t n;

		if (!z || ksw_get_s64(r, "nid", &n) || n != nid || zone_rank(z) <= rank)
			continue;
		if (ksw_get_u64(r, "present", &present) == 0 && present == 0)
			continue;
		if (o + strlen(z) + 6 >= len)
			break;
		o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? " and " : "", z);
	}
}

static struct ksw_tl_zone *zone_of(struct ksw_tl_facts *f, int64_t nid, const char *zone,
				   int64_t pid)
{
	size_t i;

	for (i = 0; i < f->nzones; i++)
		if (f->zones[i].nid == nid && f->zones[i].pid == pid &&
		    strcmp(f->zones[i].zone, zone) == 0)
			return &f->zones[i];
	if (f->nzones == KSW_TL_MAX_ZONES)
		return NULL;
	f->zones[f->nzones].nid = nid;
	f->zones[f->nzones].pid = pid;
	f->zones[f->nzones].zone = zone;
	return &f->zones[f->nzones++];
}

int ksw_tl_facts(const struct ksw_timeline *tl, uint64_t seq, const struct ksw_table *zones,
		 struct ksw_tl_facts *f)
{
	const struct ksw_tl_stall *st = ksw_tl_find(tl, seq);
	size_t i, j;

	memset(f, 0, sizeof(*f));
	if (!st || !st->ncpu)
		return -1;
	f->seq = seq;
	f->kind = "?";
	ksw_tl_span(st, &f->from_ns, &f->to_ns, &f->gap_start_ns, &f->gap_end_ns);
	if (!f->gap_start_ns && !f->gap_end_ns)
		f->gap_start_ns = f->gap_end_ns = f->to_ns;	/* no gap event: its end */
	f->cpu = ksw_xcalloc(st->ncpu, sizeof(*f->cpu));
	f->ncpu = st->ncpu;
	for (i = 0; i < st->ncpu; i++) {
		const struct ksw_tl_cpu *c = &st->cpu[i];
		struct ksw_tl_run *runs;
		size_t n;

		if (c->has_gap && !strcmp(f->kind, "?"))
			f->kind = c->gap.kind;
		cpu_facts(c, f->from_ns, f->to_ns, f->gap_start_ns, f->gap_end_ns, &f->cpu[i]);

		{
			uint64_t cf, ct;

			ksw_tl_cpu_span(c, f->from_ns, f->to_ns, &cf, &ct);
			n = ksw_tl_cpu_runs(c, cf, ct, &runs);
		}
		for (j = 0; j < n; j++) {
			struct ksw_tl_kswapd *k = kswapd_of(f, runs[j].comm, runs[j].pid);

			if (k)
				k->oncpu_ns += runs[j].end_ns - runs[j].start_ns;
		}
		free(runs);

		for (j = 0; j < c->n; j++) {
			const struct ksw_tl_event *e = &c->ev[j];

			if (e->kind == KSW_TL_RECLAIM) {
				const struct ksw_tl_reclaim *r = &e->u.reclaim;
				uint64_t dur = r->dur_us * 1000;
				struct ksw_tl_kswapd *k;

				uint64_t o = clip_len(e->ts_ns, e->ts_ns + dur, f->gap_start_ns,
						      f->gap_end_ns);

				if (o > f->gap_reclaim_overlap_ns) {
					f->has_gap_reclaim = 1;
					f->gap_reclaim = *r;
					f->gap_reclaim_ns = e->ts_ns;
					f->gap_reclaim_overlap_ns = o;
					f->gap_reclaim_cpu = c->cpu;
				}
				f->reclaim_open[r->kind] += r->open != 0;
				f->reclaim[r->kind].runs++;
				f->reclaim[r->kind].dur_ns += dur;
				f->reclaim[r->kind].reclaimed += r->nr_reclaimed;
				if (!f->has_longest_reclaim || dur > f->longest_reclaim.dur_us * 1000) {
					f->has_longest_reclaim = 1;
					f->longest_reclaim = *r;
					f->longest_reclaim_ns = e->ts_ns;
				}
				k = r->kind == KSW_TL_RECLAIM_KSWAPD ? kswapd_of(f, r->comm, r->pid) : NULL;
				if (k) {
					k->runs++;
					k->reclaim_ns += clip_len(e->ts_ns, e->ts_ns + dur, f->from_ns,
								  f->to_ns);
				}
			} else if (e->kind == KSW_TL_ISOLATE) {
				struct ksw_tl_zone *z = zone_of(f, e->u.isolate.nid, e->u.isolate.zone,
								e->u.isolate.pid);

				if (!z)
					continue;
				z->scanned += e->u.isolate.scanned;
				z->skipped += e->u.isolate.skipped;
				z->taken += e->u.isolate.taken;
				z->events++;
			} else if (e->kind == KSW_TL_WAKEUP_KSWAPD) {
				f->wakeups++;
				if (e->ts_ns >= f->last_wakeup_ns) {
					f->last_wakeup_ns = e->ts_ns;
					f->last_wakeup = e->u.wakeup;
				}
			}
		}
	}
	for (i = 0; i < f->nzones; i++)
		zones_above(zones, f->zones[i].nid, f->zones[i].zone, f->zones[i].above,
			    sizeof(f->zones[i].above));
	return 0;
}

enum ksw_tl_irqs ksw_tl_cpu_irqs(const struct ksw_tl_cpu_facts *c)
{
	uint64_t gap = c->gap_end_ns - c->gap_start_ns;

	if (c->ends_before_gap || !gap || (!c->irqs && !c->softirqs))
		return KSW_TL_IRQS_UNKNOWN;
	return c->quiet_ns * 10 >= gap * 9 ? KSW_TL_IRQS_OFF : KSW_TL_IRQS_ON;
}

void ksw_tl_facts_free(struct ksw_tl_facts *f)
{
	free(f->cpu);
	memset(f, 0, sizeof(*f));
}

/* ------------------------------------------------------------------ */

struct sentences {
	char **s;
	size_t n, cap;
};

static void __attribute__((format(printf, 2, 3))) say(struct sentences *out, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = ksw_xvasprintf(fmt, ap);
	va_end(ap);
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 8;
		out->s = ksw_xrealloc(out->s, out->cap * sizeof(*out->s));
	}
	out->s[out->n++] = s;
}

/* "kworker/1:2 (pid 812)" or "kworker/1:2" into @buf. */
static const char *who(char *buf, size_t len, const char *comm, int64_t pid)
{
	if (pid == KSW_TL_NONE)
		snprintf(buf, len, "%s", comm);
	else
		snprintf(buf, len, "%s (pid %" PRId64 ")", comm, pid);
	return buf;
}

static void holder_sentence(struct sentences *out, const struct ksw_tl_cpu_facts *c)
{
	char w[96], d1[32], d2[32], d3[32], d4[48];
	const char *least = c->holder_open ? "at least " : "";

	if (c->ends_before_gap) {
		say(out, "the timeline of CPU %u ends %s before the gap's start: nothing of CPU %u was recorded after that",
		    c->cpu, ksw_tl_dur(d1, sizeof(d1), c->gap_start_ns - c->to_ns), c->cpu);
		return;
	}
	if (!strcmp(c->holder_comm, "?")) {
		say(out, "no context switch was recorded on CPU %u in the %s of its timeline", c->cpu,
		    ksw_tl_dur(d1, sizeof(d1), c->gap_end_ns - c->from_ns));
		return;
	}
	who(w, sizeof(w), c->holder_comm, c->holder_pid);
	ksw_tl_dur(d1, sizeof(d1), c->holder_run_ns);
	if (c->holder_whole_gap)
		say(out, "%s ran %s%s without a context switch on CPU %u: %s%s before the gap and the whole gap (%s)",
		    w, least, d1, c->cpu, least, ksw_tl_dur(d2, sizeof(d2), c->holder_before_ns),
		    ksw_tl_dur(d3, sizeof(d3), c->gap_end_ns - c->gap_start_ns));
	else if (c->holder_after_ns) {
		uint64_t end = c->gap_start_ns + c->holder_after_ns + c->holder_in_gap_ns;

		if (end >= c->gap_end_ns)
			snprintf(d4, sizeof(d4), "its end");
		else
			snprintf(d4, sizeof(d4), "%s before its end",
				 ksw_tl_dur(d3, sizeof(d3), c->gap_end_ns - end));
		say(out, "%s ran %s without a context switch on CPU %u, from %s after the gap's start to %s (%zu switch%s in the gap)",
		    w, d1, c->cpu, ksw_tl_dur(d2, sizeof(d2), c->holder_after_ns), d4,
		    c->switches_in_gap, c->switches_in_gap == 1 ? "" : "es");
	}
	else
		say(out, "%s ran %s%s without a context switch on CPU %u: %s%s before the gap and %s into it, then switched out (%zu switch%s in the gap)",
		    w, least, d1, c->cpu, least, ksw_tl_dur(d2, sizeof(d2), c->holder_before_ns),
		    ksw_tl_dur(d3, sizeof(d3), c->holder_in_gap_ns), c->switches_in_gap,
		    c->switches_in_gap == 1 ? "" : "es");
}

static void longest_sentence(struct sentences *out, const struct ksw_tl_cpu_facts *c)
{
	const struct ksw_tl_run *r = &c->longest;
	uint64_t len = r->end_ns - r->start_ns;
	char w[96], d1[32], d2[32];

	/* Only when it is not the holder's run. */
	if (!r->comm || !strcmp(r->comm, "?") || len <= c->holder_run_ns)
		return;
	say(out, "the longest run without a context switch on CPU %u was %s, %s%s, from %s %s the gap's start",
	    c->cpu, who(w, sizeof(w), r->comm, r->pid), r->open_start ? "at least " : "",
	    ksw_tl_dur(d1, sizeof(d1), len),
	    ksw_tl_dur(d2, sizeof(d2), r->start_ns < c->gap_start_ns ?
				       c->gap_start_ns - r->start_ns : r->start_ns - c->gap_start_ns),
	    r->start_ns < c->gap_start_ns ? "before" : "after");
}

/* "320 ms before the gap", "1.8 ms into the gap" for time @ns. */
static const char *where(char *buf, size_t len, const struct ksw_tl_cpu_facts *c, uint64_t ns)
{
	char d[32];

	if (ns < c->gap_start_ns)
		snprintf(buf, len, "%s before the gap", ksw_tl_dur(d, sizeof(d), c->gap_start_ns - ns));
	else
		snprintf(buf, len, "%s into the gap", ksw_tl_dur(d, sizeof(d), ns - c->gap_start_ns));
	return buf;
}

/* "from 1.8 ms to 321 ms into the gap", "from 20 ms before the gap to its end". */
static const char *span(char *buf, size_t len, const struct ksw_tl_cpu_facts *c, uint64_t a,
			uint64_t b)
{
	char d1[32], d2[32], w[64];

	if (a >= c->gap_start_ns && b >= c->gap_end_ns)
		snprintf(buf, len, "from %s into the gap to its end",
			 ksw_tl_dur(d1, sizeof(d1), a - c->gap_start_ns));
	else if (a >= c->gap_start_ns)
		snprintf(buf, len, "from %s to %s into the gap",
			 ksw_tl_dur(d1, sizeof(d1), a - c->gap_start_ns),
			 ksw_tl_dur(d2, sizeof(d2), b - c->gap_start_ns));
	else if (b >= c->gap_end_ns)
		snprintf(buf, len, "from %s to the gap's end", where(w, sizeof(w), c, a));
	else
		snprintf(buf, len, "from %s to %s", where(w, sizeof(w), c, a),
			 where(d2, sizeof(d2), c, b));
	return buf;
}

static void irq_sentence(struct sentences *out, const struct ksw_tl_cpu_facts *c)
{
	uint64_t gap = c->gap_end_ns - c->gap_start_ns;
	char d1[32], d2[32], d3[32], w1[96];

	if (c->ends_before_gap)
		return;

	if (c->has_last_irq && c->last_irq_ns + c->last_irq.dur_us * 1000 > c->gap_start_ns) {
		uint64_t end = c->last_irq_ns + c->last_irq.dur_us * 1000;

		say(out, "the interrupt handler of %s ran %s on CPU %u, from %s before the gap to %s into it",
		    c->last_irq.name, ksw_tl_dur(d1, sizeof(d1), c->last_irq.dur_us * 1000), c->cpu,
		    ksw_tl_dur(d2, sizeof(d2), c->gap_start_ns - c->last_irq_ns),
		    ksw_tl_dur(d3, sizeof(d3), end - c->gap_start_ns));
		if ((end - c->gap_start_ns) * 2 >= gap)
			return;
	}
	if (c->irq_silence_ns * 2 < gap) {
		say(out, "CPU %u handled %zu interrupt%s and %zu softirq%s in the gap; the longest span without either was %s",
		    c->cpu, c->irqs_in_gap, c->irqs_in_gap == 1 ? "" : "s", c->softirqs_in_gap,
		    c->softirqs_in_gap == 1 ? "" : "s", ksw_tl_dur(d1, sizeof(d1), c->quiet_ns));
		return;
	}
	if (!c->has_silence_irq)
		say(out, "no interrupt was handled on CPU %u in the %s of its timeline%s", c->cpu,
		    ksw_tl_dur(d1, sizeof(d1), c->gap_end_ns - c->from_ns),
		    c->irqs ? " before the gap's end" : "");
	else if (c->silence_irq.irq == KSW_TL_NONE)
		say(out, "no interrupt was handled on CPU %u for %s; the last was %s, %s", c->cpu,
		    ksw_tl_dur(d1, sizeof(d1), c->irq_silence_ns), c->silence_irq.name,
		    where(w1, sizeof(w1), c, c->irq_silence_start_ns));
	else
		say(out, "no interrupt was handled on CPU %u for %s; the last was %s (irq %" PRId64 "), %s",
		    c->cpu, ksw_tl_dur(d1, sizeof(d1), c->irq_silence_ns), c->silence_irq.name,
		    c->silence_irq.irq, where(w1, sizeof(w1), c, c->irq_silence_start_ns));
	/* Softirqs run on the way out of interrupts: their silence tells too. */
	if (c->quiet_ns + 1000000 < c->irq_silence_ns || ksw_tl_cpu_irqs(c) == KSW_TL_IRQS_OFF)
		say(out, "no interrupt or softirq ran on CPU %u for %s, %s%s", c->cpu,
		    ksw_tl_dur(d1, sizeof(d1), c->quiet_ns),
		    span(w1, sizeof(w1), c, c->quiet_start_ns, c->quiet_start_ns + c->quiet_ns),
		    ksw_tl_cpu_irqs(c) == KSW_TL_IRQS_OFF ? ": interrupts were off" : "");
	else if (!c->softirqs_in_gap && c->softirqs)
		say(out, "no softirq ran on CPU %u in the gap either", c->cpu);
}

/*
 * "for DMA32 and skipping 146,978 pages of Normal (scanned .., took ..)",
 * "for every zone (Device), skipping none (...)": one zone's isolation.
 */
static int isolation(char *buf, size_t len, const struct ksw_tl_zone *z, const char *sep)
{
	char sk[32], sc[32], tk[32];

	ksw_tl_thousands(sc, sizeof(sc), z->scanned);
	ksw_tl_thousands(tk, sizeof(tk), z->taken);
	/* Memcg reclaim aims at the highest zone there is: every zone. */
	if (!strcmp(z->zone, "Device") || !z->skipped)
		return snprintf(buf, len, "for %s%s%s skipping none (scanned %s, took %s)",
				!strcmp(z->zone, "Device") ? "every zone (" : "", z->zone,
				!strcmp(z->zone, "Device") ? ")," : ",", sc, tk);
	return snprintf(buf, len, "for %s%sskipping %s pages of %s (scanned %s, took %s)", z->zone,
			sep, ksw_tl_thousands(sk, sizeof(sk), z->skipped),
			z->above[0] ? z->above : "higher zones", sc, tk);
}

/*
 * ", isolating for DMA32 and skipping 146,978 pages of Normal (...)": the
 * zones of @f not yet said that are kswapd @k's (its pid, or no pid and its
 * node @nid, KSW_TL_NONE: any); marks them said.
 */
static void isolate_clause(char *buf, size_t len, const struct ksw_tl_facts *f,
			   const struct ksw_tl_kswapd *k, int64_t nid, unsigned char *said_zone)
{
	size_t i, o = 0;
	int first = 1;

	buf[0] = '\0';
	for (i = 0; i < f->nzones && o + 1 < len; i++) {
		const struct ksw_tl_zone *z = &f->zones[i];
		int w;

		if (said_zone[i])
			continue;
		if (z->pid != KSW_TL_NONE && z->pid != k->pid)
			continue;
		if (z->pid == KSW_TL_NONE && nid != KSW_TL_NONE && z->nid != nid)
			continue;
		said_zone[i] = 1;
		w = snprintf(buf + o, len - o, "%s ", first ? ", isolating" : "; isolating");
		if (w > 0 && (size_t)w < len - o)
			o += (size_t)w;
		w = isolation(buf + o, len - o, z, " and ");
		if (w > 0)
			o += (size_t)w < len - o ? (size_t)w : len - o - 1;
		first = 0;
	}
}

static void kswapd_sentences(struct sentences *out, const struct ksw_tl_facts *f)
{
	unsigned char said_zone[KSW_TL_MAX_ZONES] = { 0 };
	char d1[32], d2[32], iso[1024];
	size_t i;

	for (i = 0; i < f->nkswapd; i++) {
		const struct ksw_tl_kswapd *k = &f->kswapd[i];
		int64_t nid = KSW_TL_NONE;

		if (!k->oncpu_ns && !k->reclaim_ns)
			continue;
		if (f->nkswapd > 1 && k->comm[6] >= '0' && k->comm[6] <= '9')
			nid = strtoll(k->comm + 6, NULL, 10);
		isolate_clause(iso, sizeof(iso), f, k, nid, said_zone);
		if (k->oncpu_ns)
			say(out, "%s ran %s of the %s recorded%s", k->comm,
			    ksw_tl_dur(d1, sizeof(d1), k->oncpu_ns),
			    ksw_tl_dur(d2, sizeof(d2), f->to_ns - f->from_ns), iso);
		else
			say(out, "%s was reclaiming for %s of the %s recorded, on CPUs outside the timeline%s",
			    k->comm, ksw_tl_dur(d1, sizeof(d1), k->reclaim_ns),
			    ksw_tl_dur(d2, sizeof(d2), f->to_ns - f->from_ns), iso);
	}
	for (i = 0; i < f->nzones; i++) {
		const struct ksw_tl_zone *z = &f->zones[i];
		char by[48] = "", what[256];

		if (said_zone[i])
			continue;
		if (z->pid != KSW_TL_NONE)
			snprintf(by, sizeof(by), " by pid %" PRId64, z->pid);
		isolation(what, sizeof(what), z, ", ");
		say(out, "reclaim%s isolated %s", by, what);
	}
}

static void reclaim_sentences(struct sentences *out, const struct ksw_tl_facts *f)
{
	char d1[32], d2[32], n1[32], w[96];
	int k;

	for (k = 0; k < KSW_TL_NR_RECLAIM; k++) {
		if (!f->reclaim[k].runs || k == KSW_TL_RECLAIM_KSWAPD)
			continue;
		say(out, "%zu %s reclaim run%s, %s in all, reclaimed %s pages%s", f->reclaim[k].runs,
		    ksw_tl_reclaim_kind_name((enum ksw_tl_reclaim_kind)k),
		    f->reclaim[k].runs == 1 ? "" : "s",
		    ksw_tl_dur(d1, sizeof(d1), f->reclaim[k].dur_ns),
		    ksw_tl_thousands(n1, sizeof(n1), f->reclaim[k].reclaimed),
		    f->reclaim_open[k] ? (f->reclaim[k].runs == 1 ? " (still running at the gap's end)" :
					  " (one still running at the gap's end)") : "");
	}
	if (f->has_longest_reclaim && f->longest_reclaim.dur_us)
		say(out, "the longest reclaim run: %s reclaim by %s, %s, from %s %s the gap",
		    f->longest_reclaim.kind_name,
		    who(w, sizeof(w), f->longest_reclaim.comm, f->longest_reclaim.pid),
		    ksw_tl_dur(d1, sizeof(d1), f->longest_reclaim.dur_us * 1000),
		    ksw_tl_dur(d2, sizeof(d2), f->longest_reclaim_ns < f->gap_start_ns ?
				f->gap_start_ns - f->longest_reclaim_ns :
				f->longest_reclaim_ns - f->gap_start_ns),
		    f->longest_reclaim_ns < f->gap_start_ns ? "before" : "after the start of");
	if (f->wakeups)
		say(out, "kswapd was woken %s%s%s by %s for node %" PRId64 " zone %s, order %" PRId64,
		    f->wakeups == 1 ? "once," : "", f->wakeups == 1 ? "" : ksw_tl_thousands(n1, sizeof(n1), f->wakeups),
		    f->wakeups == 1 ? "" : " times, the last",
		    who(w, sizeof(w), f->last_wakeup.comm, f->last_wakeup.pid),
		    f->last_wakeup.nid == KSW_TL_NONE ? -1 : f->last_wakeup.nid, f->last_wakeup.zone,
		    f->last_wakeup.order == KSW_TL_NONE ? -1 : f->last_wakeup.order);
}

/* A reclaim run through most of the gap: the stall's cause when kind=reclaim. */
static void gap_reclaim_sentence(struct sentences *out, const struct ksw_tl_facts *f)
{
	const struct ksw_tl_reclaim *r = &f->gap_reclaim;
	uint64_t gap = f->gap_end_ns - f->gap_start_ns;
	char w[96], d1[32], d2[32], d3[32], d4[32], n1[32];

	if (!f->has_gap_reclaim || f->gap_reclaim_overlap_ns * 2 < gap)
		return;
	say(out, "%s was in %s reclaim on CPU %u for %s of the %s gap: a run of %s from %s %s its start%s, %s pages reclaimed",
	    who(w, sizeof(w), r->comm, r->pid), r->kind_name, f->gap_reclaim_cpu,
	    ksw_tl_dur(d1, sizeof(d1), f->gap_reclaim_overlap_ns), ksw_tl_dur(d2, sizeof(d2), gap),
	    ksw_tl_dur(d3, sizeof(d3), r->dur_us * 1000),
	    ksw_tl_dur(d4, sizeof(d4), f->gap_reclaim_ns < f->gap_start_ns ?
			f->gap_start_ns - f->gap_reclaim_ns : f->gap_reclaim_ns - f->gap_start_ns),
	    f->gap_reclaim_ns < f->gap_start_ns ? "before" : "after",
	    r->open ? ", still running at the gap's end" : "",
	    ksw_tl_thousands(n1, sizeof(n1), r->nr_reclaimed));
}

size_t ksw_tl_sentences(const struct ksw_tl_facts *f, char ***out)
{
	struct sentences s = { 0 };
	size_t i;

	gap_reclaim_sentence(&s, f);
	for (i = 0; i < f->ncpu; i++) {
		holder_sentence(&s, &f->cpu[i]);
		longest_sentence(&s, &f->cpu[i]);
	}
	for (i = 0; i < f->ncpu; i++)
		irq_sentence(&s, &f->cpu[i]);
	kswapd_sentences(&s, f);
	reclaim_sentences(&s, f);
	*out = s.s;
	return s.n;
}

void ksw_tl_sentences_free(char **s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}
