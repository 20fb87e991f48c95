// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The timeline file as typed events per stall and CPU (see timeline.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

static const char *const kind_names[KSW_TL_NR_KINDS] = {
	[KSW_TL_SWITCH] = "switch",
	[KSW_TL_IRQ] = "irq",
	[KSW_TL_SOFTIRQ] = "softirq",
	[KSW_TL_RECLAIM] = "reclaim",
	[KSW_TL_WAKEUP_KSWAPD] = "wakeup_kswapd",
	[KSW_TL_ISOLATE] = "isolate",
	[KSW_TL_GAP] = "gap",
};

static const char *const reclaim_names[KSW_TL_NR_RECLAIM] = {
	[KSW_TL_RECLAIM_DIRECT] = "direct",
	[KSW_TL_RECLAIM_MEMCG] = "memcg",
	[KSW_TL_RECLAIM_NODE] = "node",
	[KSW_TL_RECLAIM_KSWAPD] = "kswapd",
	[KSW_TL_RECLAIM_OTHER] = "other",
};

const char *ksw_tl_kind_name(enum ksw_tl_kind kind)
{
	return (unsigned int)kind < KSW_TL_NR_KINDS ? kind_names[kind] : "?";
}

const char *ksw_tl_reclaim_kind_name(enum ksw_tl_reclaim_kind kind)
{
	return (unsigned int)kind < KSW_TL_NR_RECLAIM ? reclaim_names[kind] : "?";
}

static const char *text(const struct ksw_record *r, const char *key)
{
	const char *v = ksw_get(r, key);

	return v && *v ? v : "?";
}

static int64_t number(const struct ksw_record *r, const char *key)
{
	int64_t v;

	return ksw_get_s64(r, key, &v) ? KSW_TL_NONE : v;
}

/* Times fit in int64_t, durations in 11 days: sums and differences cannot wrap. */
#define MAX_NS		((uint64_t)INT64_MAX / 2)
#define MAX_DUR_US	1000000000000ull

static int get_dur(const struct ksw_record *r, uint64_t *us)
{
	return ksw_get_u64(r, "dur_us", us) || *us > MAX_DUR_US ? -1 : 0;
}

/* The event of @r into @e; 1 when it is known and usable, 0 unknown, -1 malformed. */
static int event_of(const struct ksw_record *r, const char *name, struct ksw_tl_event *e)
{
	int k;

	for (k = 0; k < KSW_TL_NR_KINDS; k++)
		if (strcmp(name, kind_names[k]) == 0)
			break;
	if (k == KSW_TL_NR_KINDS)
		return 0;
	e->kind = (enum ksw_tl_kind)k;
	switch (e->kind) {
	case KSW_TL_SWITCH:
		e->u.sw.prev_comm = text(r, "prev_comm");
		e->u.sw.prev_state = text(r, "prev_state");
		e->u.sw.next_comm = text(r, "next_comm");
		e->u.sw.prev_pid = number(r, "prev_pid");
		e->u.sw.prev_prio = number(r, "prev_prio");
		e->u.sw.next_pid = number(r, "next_pid");
		e->u.sw.next_prio = number(r, "next_prio");
		return 1;
	case KSW_TL_IRQ:
		e->u.irq.irq = number(r, "irq");
		e->u.irq.name = text(r, "name");
		return get_dur(r, &e->u.irq.dur_us) ? -1 : 1;
	case KSW_TL_SOFTIRQ:
		e->u.softirq.vec = text(r, "vec");
		return get_dur(r, &e->u.softirq.dur_us) ? -1 : 1;
	case KSW_TL_RECLAIM: {
		struct ksw_tl_reclaim *c = &e->u.reclaim;
		int i;

		c->kind_name = text(r, "kind");
		c->kind = KSW_TL_RECLAIM_OTHER;
		for (i = 0; i < KSW_TL_RECLAIM_OTHER; i++)
			if (strcmp(c->kind_name, reclaim_names[i]) == 0)
				c->kind = (enum ksw_tl_reclaim_kind)i;
		c->comm = text(r, "comm");
		c->pid = number(r, "pid");
		if (ksw_get_u64(r, "nr_reclaimed", &c->nr_reclaimed))
			c->nr_reclaimed = 0;
		c->open = number(r, "open") == 1;
		c->zone = ksw_get(r, "zone");
		if (c->zone && !*c->zone)
			c->zone = NULL;
		c->nid = number(r, "nid");
		c->order = number(r, "order");
		return get_dur(r, &c->dur_us) ? -1 : 1;
	}
	case KSW_TL_WAKEUP_KSWAPD:
		e->u.wakeup.nid = number(r, "nid");
		e->u.wakeup.order = number(r, "order");
		e->u.wakeup.pid = number(r, "pid");
		e->u.wakeup.zone = text(r, "zone");
		e->u.wakeup.comm = text(r, "comm");
		return 1;
	case KSW_TL_ISOLATE:
		e->u.isolate.nid = number(r, "nid");
		e->u.isolate.zone = text(r, "zone");
		e->u.isolate.pid = number(r, "pid");
		if (ksw_get_u64(r, "calls", &e->u.isolate.calls))
			e->u.isolate.calls = 0;
		if (get_dur(r, &e->u.isolate.dur_us))
			e->u.isolate.dur_us = 0;
		if (ksw_get_u64(r, "scanned", &e->u.isolate.scanned) ||
		    ksw_get_u64(r, "skipped", &e->u.isolate.skipped) ||
		    ksw_get_u64(r, "taken", &e->u.isolate.taken))
			return -1;
		return 1;
	case KSW_TL_GAP:
		e->u.gap.kind = text(r, "kind");
		if (ksw_get_u64(r, "start_ns", &e->u.gap.start_ns) ||
		    ksw_get_u64(r, "end_ns", &e->u.gap.end_ns) ||
		    e->u.gap.end_ns < e->u.gap.start_ns || e->u.gap.end_ns > MAX_NS)
			return -1;
		return 1;
	default:
		return 0;
	}
}

/* Grow @*p (of @*cap items of @size) to hold @n + 1. */
static int grow(void *p, size_t *cap, size_t n, size_t size)
{
	void **pp = p;
	size_t ncap;
	void *np;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	np = realloc(*pp, ncap * size);
	if (!np)
		return -1;
	*pp = np;
	*cap = ncap;
	return 0;
}

/* Index of stall @seq in @tl, added in order when new; -1 out of memory. */
static long stall_index(struct ksw_timeline *tl, uint64_t seq)
{
	size_t lo = 0, hi = tl->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (tl->stall[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < tl->n && tl->stall[lo].seq == seq)
		return (long)lo;
	if (grow(&tl->stall, &tl->cap, tl->n, sizeof(*tl->stall)))
		return -1;
	memmove(&tl->stall[lo + 1], &tl->stall[lo], (tl->n - lo) * sizeof(*tl->stall));
	memset(&tl->stall[lo], 0, sizeof(*tl->stall));
	tl->stall[lo].seq = seq;
	tl->n++;
	return (long)lo;
}

static long cpu_index(struct ksw_tl_stall *st, unsigned int cpu)
{
	size_t lo = 0, hi = st->ncpu;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (st->cpu[mid].cpu < cpu)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < st->ncpu && st->cpu[lo].cpu == cpu)
		return (long)lo;
	if (grow(&st->cpu, &st->cap, st->ncpu, sizeof(*st->cpu)))
		return -1;
	memmove(&st->cpu[lo + 1], &st->cpu[lo], (st->ncpu - lo) * sizeof(*st->cpu));
	memset(&st->cpu[lo], 0, sizeof(*st->cpu));
	st->cpu[lo].cpu = cpu;
	st->ncpu++;
	return (long)lo;
}

struct sort_item {
	struct ksw_tl_event e;
	size_t order;
};

static int cmp_item(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;

	if (x->e.ts_ns != y->e.ts_ns)
		return x->e.ts_ns < y->e.ts_ns ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Events by time, those of one time in file order. */
static int sort_events(struct ksw_tl_cpu *c)
{
	struct sort_item *it;
	size_t i;

	for (i = 1; i < c->n; i++)
		if (c->ev[i].ts_ns < c->ev[i - 1].ts_ns)
			break;
	if (i >= c->n)
		return 0;
	it = malloc(c->n * sizeof(*it));
	if (!it)
		return -1;
	for (i = 0; i < c->n; i++) {
		it[i].e = c->ev[i];
		it[i].order = i;
	}
	qsort(it, c->n, sizeof(*it), cmp_item);
	for (i = 0; i < c->n; i++)
		c->ev[i] = it[i].e;
	free(it);
	return 0;
}

int ksw_tl_parse(struct ksw_timeline *tl, const struct ksw_table *t)
{
	size_t i, j, k;
	long si = -1, ci = -1;
	uint64_t last_seq = 0;
	unsigned int last_cpu = 0;

	memset(tl, 0, sizeof(*tl));
	if (!t)
		return 0;
	tl->malformed = t->malformed;
	for (i = 0; i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		const char *name = ksw_get(r, "event");
		struct ksw_tl_event e;
		struct ksw_tl_cpu *c;
		uint64_t seq, cpu, ts;
		int ok;

		if (r->partial || !name || !*name || ksw_get_u64(r, "stall", &seq) ||
		    ksw_get_u64(r, "cpu", &cpu) || cpu > 0xffffffffu ||
		    ksw_get_u64(r, "ts_ns", &ts) || ts > MAX_NS) {
			tl->malformed++;
			continue;
		}
		memset(&e, 0, sizeof(e));
		e.ts_ns = ts;
		ok = event_of(r, name, &e);
		if (ok == 0) {
			tl->unknown++;
			continue;
		}
		if (ok < 0) {
			tl->malformed++;
			continue;
		}
		if (si < 0 || ci < 0 || seq != last_seq || (unsigned int)cpu != last_cpu) {
			si = stall_index(tl, seq);
			if (si < 0)
				goto oom;
			ci = cpu_index(&tl->stall[si], (unsigned int)cpu);
			if (ci < 0)
				goto oom;
			last_seq = seq;
			last_cpu = (unsigned int)cpu;
		}
		c = &tl->stall[si].cpu[ci];
		if (grow(&c->ev, &c->cap, c->n, sizeof(*c->ev)))
			goto oom;
		c->ev[c->n++] = e;
		tl->events++;
		if (e.kind == KSW_TL_GAP && !c->has_gap) {
			c->has_gap = 1;
			c->gap = e.u.gap;
		}
	}
	for (j = 0; j < tl->n; j++)
		for (k = 0; k < tl->stall[j].ncpu; k++)
			if (sort_events(&tl->stall[j].cpu[k]))
				goto oom;
	return 0;
oom:
	ksw_tl_free(tl);
	return -1;
}

void ksw_tl_free(struct ksw_timeline *tl)
{
	size_t i, j;

	for (i = 0; i < tl->n; i++) {
		for (j = 0; j < tl->stall[i].ncpu; j++)
			free(tl->stall[i].cpu[j].ev);
		free(tl->stall[i].cpu);
	}
	free(tl->stall);
	memset(tl, 0, sizeof(*tl));
}

const struct ksw_tl_stall *ksw_tl_find(const struct ksw_timeline *tl, uint64_t seq)
{
	size_t i;

	for (i = 0; i < tl->n; i++)
		if (tl->stall[i].seq == seq)
			return &tl->stall[i];
	return NULL;
}

const struct ksw_tl_stall *ksw_tl_latest(const struct ksw_timeline *tl)
{
	return tl->n ? &tl->stall[tl->n - 1] : NULL;
}

static uint64_t event_end(const struct ksw_tl_event *e)
{
	switch (e->kind) {
	case KSW_TL_IRQ:
		return e->ts_ns + e->u.irq.dur_us * 1000;
	case KSW_TL_SOFTIRQ:
		return e->ts_ns + e->u.softirq.dur_us * 1000;
	case KSW_TL_GAP:
		return e->u.gap.end_ns > e->ts_ns ? e->u.gap.end_ns : e->ts_ns;
	default:
		return e->ts_ns;
	}
}

void ksw_tl_span(const struct ksw_tl_stall *st, uint64_t *from, uint64_t *to,
		 uint64_t *gap_start, uint64_t *gap_end)
{
	uint64_t f = UINT64_MAX, fr = UINT64_MAX, t = 0, gs = UINT64_MAX, ge = 0;
	size_t i, j;

	for (i = 0; i < st->ncpu; i++) {
		const struct ksw_tl_cpu *c = &st->cpu[i];

		for (j = 0; j < c->n; j++) {
			const struct ksw_tl_event *e = &c->ev[j];
			uint64_t end = event_end(e);

			if (e->kind == KSW_TL_RECLAIM) {
				if (e->ts_ns < fr)
					fr = e->ts_ns;
			} else if (e->ts_ns < f) {
				f = e->ts_ns;
			}
			if (end > t)
				t = end;
		}
		if (c->has_gap) {
			if (c->gap.start_ns < gs)
				gs = c->gap.start_ns;
			if (c->gap.end_ns > ge)
				ge = c->gap.end_ns;
		}
	}
	if (f == UINT64_MAX)
		f = fr;
	if (f == UINT64_MAX)
		f = 0;
	if (gs == UINT64_MAX) {
		gs = 0;
		ge = 0;
	}
	if (t < f)
		t = f;
	*from = f;
	*to = t;
	*gap_start = gs;
	*gap_end = ge;
}

void ksw_tl_cpu_span(const struct ksw_tl_cpu *c, uint64_t from, uint64_t to, uint64_t *cfrom,
		     uint64_t *cto)
{
	uint64_t f = UINT64_MAX, t = 0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		const struct ksw_tl_event *e = &c->ev[i];
		uint64_t end = event_end(e);

		if (e->kind != KSW_TL_RECLAIM && e->ts_ns < f)
			f = e->ts_ns;
		if (end > t)
			t = end;
	}
	if (c->has_gap && c->gap.end_ns > t)
		t = c->gap.end_ns;
	*cfrom = f == UINT64_MAX ? from : f;
	*cto = t && t <= to ? t : to;
	if (*cto < *cfrom)
		*cto = *cfrom;
}

size_t ksw_tl_cpu_runs(const struct ksw_tl_cpu *c, uint64_t from, uint64_t to,
		       struct ksw_tl_run **runs)
{
	struct ksw_tl_run *r = NULL, cur;
	size_t n = 0, cap = 0, i;
	int seen = 0;

	memset(&cur, 0, sizeof(cur));
	cur.start_ns = from;
	cur.comm = "?";
	cur.pid = KSW_TL_NONE;
	cur.prio = KSW_TL_NONE;
	cur.open_start = 1;
	for (i = 0; i <= c->n; i++) {
		const struct ksw_tl_switch *sw = NULL;
		uint64_t ts = to;

		if (i < c->n) {
			if (c->ev[i].kind != KSW_TL_SWITCH)
				continue;
			sw = &c->ev[i].u.sw;
			ts = c->ev[i].ts_ns;
			if (ts < from)
				ts = from;
			if (ts > to)
				ts = to;
			if (!seen) {
				cur.comm = sw->prev_comm;
				cur.pid = sw->prev_pid;
				cur.prio = sw->prev_prio;
				seen = 1;
			}
		}
		cur.end_ns = ts;
		cur.open_end = !sw;
		if (cur.end_ns > cur.start_ns || (!sw && n == 0)) {
			if (grow(&r, &cap, n, sizeof(*r))) {
				fputs("kswapwatch: out of memory\n", stderr);
				exit(1);
			}
			r[n++] = cur;
		}
		if (sw) {
			cur.start_ns = ts;
			cur.comm = sw->next_comm;
			cur.pid = sw->next_pid;
			cur.prio = sw->next_prio;
			cur.open_start = 0;
		}
	}
	*runs = r;
	return n;
}

const char *ksw_tl_thousands(char *buf, size_t len, uint64_t v)
{
	char tmp[32];
	size_t n, i, o = 0;

	n = (size_t)snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	if (len)
		buf[o < len ? o : len - 1] = '\0';
	return buf;
}

const char *ksw_tl_dur(char *buf, size_t len, uint64_t ns)
{
	if (ns >= 1000000000ull)
		snprintf(buf, len, "%.2f s", (double)ns / 1e9);
	else if (ns >= 10000000ull)
		snprintf(buf, len, "%llu ms", (unsigned long long)((ns + 500000) / 1000000));
	else if (ns >= 1000000ull)
		snprintf(buf, len, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(buf, len, "%llu us", (unsigned long long)(ns / 1000));
	return buf;
}
