// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The typed record layer (see records.h): each record parsed once.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kswapwatch_abi.h"
#include "records.h"
#include "util.h"

static uint64_t get_u64(const struct ksw_record *r, const char *key, uint64_t dflt)
{
	uint64_t v;

	return ksw_get_u64(r, key, &v) ? dflt : v;
}

static int64_t get_s64(const struct ksw_record *r, const char *key, int64_t dflt)
{
	int64_t v;

	return ksw_get_s64(r, key, &v) ? dflt : v;
}

/* 0 or 1 from a field, -1 when absent or neither. */
static int get_bool(const struct ksw_record *r, const char *key)
{
	const char *v = ksw_get(r, key);

	if (v && strcmp(v, "0") == 0)
		return 0;
	if (v && strcmp(v, "1") == 0)
		return 1;
	return -1;
}

/* The data's own strings: blocks that never move, freed together. */
struct ksw_block {
	struct ksw_block *next;
	char text[];
};

/* A copy of @s (length @n), NUL-terminated, that lives as long as @d. */
static const char *keep(struct ksw_data *d, const char *s, size_t n)
{
	struct ksw_block *b = ksw_xrealloc(NULL, sizeof(*b) + n + 1);

	memcpy(b->text, s, n);
	b->text[n] = '\0';
	b->next = d->blocks;
	d->blocks = b;
	return b->text;
}

int ksw_stall_kind_parse(const char *s)
{
	if (!s)
		return KSW_STALL_K_OTHER;
	if (strcmp(s, "irq") == 0)
		return KSW_STALL_K_IRQ;
	if (strcmp(s, "sched") == 0)
		return KSW_STALL_K_SCHED;
	if (strcmp(s, "reclaim") == 0)
		return KSW_STALL_K_RECLAIM;
	return KSW_STALL_K_OTHER;
}

const char *ksw_stall_kind_str(int kind)
{
	switch (kind) {
	case KSW_STALL_K_IRQ:		return "irq";
	case KSW_STALL_K_SCHED:		return "sched";
	case KSW_STALL_K_RECLAIM:	return "reclaim";
	default:			return "other";
	}
}

static void build_version(struct ksw_data *d, const struct ksw_record *r)
{
	struct ksw_version *v = &d->version;
	const char *src;

	v->present = 1;
	v->raw = r;
	v->module = ksw_get(r, "kswapwatch");
	v->abi = get_s64(r, "abi", -1);
	v->kernel = ksw_get(r, "kernel");
	src = ksw_get(r, "failures_source");
	v->failures_source = src;
	v->failures_tp = !src ? -1 : strcmp(src, "tracepoint") == 0 ? 1 :
			 strcmp(src, "inferred") == 0 ? 0 : -1;
	v->probes = ksw_get(r, "probes");
	if (!v->probes)
		v->probes = "";
	v->period_ms = get_s64(r, "period_ms", -1);
	v->threshold_ms = get_s64(r, "threshold_ms", -1);
	v->kinds = ksw_get(r, "kinds");
}

static void build_node(struct ksw_node *n, const struct ksw_record *r)
{
	n->raw = r;
	n->nid = get_s64(r, "nid", -1);
	n->failures = get_s64(r, "failures", -1);
	n->max_retries = get_s64(r, "max_retries", KSW_MAX_RECLAIM_RETRIES);
	if (n->max_retries <= 0)
		n->max_retries = KSW_MAX_RECLAIM_RETRIES;
	n->hopeless = get_bool(r, "hopeless") == 1;
	n->fails_total = get_u64(r, "fails_total", 0);
	n->resets[KSW_RESET_KSWAPD] = get_u64(r, "resets_kswapd", 0);
	n->resets[KSW_RESET_DIRECT] = get_u64(r, "resets_direct", 0);
	n->resets[KSW_RESET_PCP] = get_u64(r, "resets_pcp", 0);
	n->resets[KSW_RESET_OTHER] = get_u64(r, "resets_other", 0);
	n->hopeless_episodes = get_u64(r, "hopeless_episodes", 0);
	n->spurious_resets = get_u64(r, "spurious_resets", 0);
}

static int reason_parse(const char *s)
{
	int i;

	for (i = 0; s && i < KSW_RESET_NR; i++)
		if (strcmp(s, ksw_reset_reason_name(i)) == 0)
			return i;
	return -1;
}

static void build_fail(struct ksw_fail *f, const struct ksw_record *r)
{
	const char *ev = ksw_get(r, "event");

	f->raw = r;
	f->seq = get_u64(r, "seq", 0);
	f->ts_ns = get_u64(r, "ts_ns", 0);
	f->nid = get_s64(r, "nid", -1);
	f->event_name = ev;
	f->event = strcmp(ev, "fail") == 0 ? KSW_EV_FAIL :
		   strcmp(ev, "reset") == 0 ? KSW_EV_RESET : KSW_EV_OTHER;
	f->failures = get_s64(r, "failures", -1);
	f->prev = get_s64(r, "prev", -1);
	f->reason_name = ksw_get(r, "reason");
	f->reason = reason_parse(f->reason_name);
	f->source = ksw_get(r, "source");
	f->balanced = get_bool(r, "balanced");
	f->comm = ksw_get(r, "comm");
	f->pid = get_s64(r, "pid", -1);
}

static void build_zone(struct ksw_zone *z, const struct ksw_record *r)
{
	uint64_t prot[KSW_MAX_ZONES];
	int n;

	z->raw = r;
	z->nid = get_s64(r, "nid", -1);
	z->zone = ksw_get(r, "zone");
	z->zid = -1;
	z->free = get_u64(r, "free", 0);
	z->min = get_u64(r, "min", 0);
	z->low = get_u64(r, "low", 0);
	z->high = get_u64(r, "high", 0);
	z->spanned = get_u64(r, "spanned", 0);
	z->present = get_u64(r, "present", 0);
	z->managed = get_u64(r, "managed", 0);
	n = ksw_parse_u64_list(ksw_get(r, "protection"), prot, KSW_MAX_ZONES);
	if (n > 0) {
		z->nprot = n;
		memcpy(z->protection, prot, (size_t)n * sizeof(prot[0]));
	}
	z->kswapd_wakeups = get_u64(r, "kswapd_wakeups", 0);
	z->kswapd_runs = get_u64(r, "kswapd_runs", 0);
	z->reclaim_scanned = get_u64(r, "reclaim_scanned", 0);
	z->reclaim_skipped = get_u64(r, "reclaim_skipped", 0);
	z->reclaim_taken = get_u64(r, "reclaim_taken", 0);
	z->boost = get_u64(r, "boost", KSW_NONE);
	z->kswapd_run_ns = get_u64(r, "kswapd_run_ns", KSW_NONE);
	z->storm_ratio = get_u64(r, "storm_ratio", KSW_NONE);
	z->storms = get_u64(r, "storms", KSW_NONE);
	z->storm_last_ns = get_u64(r, "storm_last_ns", KSW_NONE);
	z->wakeup_gfp = ksw_get(r, "wakeup_gfp");
}

/* CPUs in a list "0-3,5"; -1 when it is not one. */
static int count_cpus(const char *s)
{
	int n = 0;

	if (!s || !*s)
		return -1;
	while (*s) {
		char *end;
		unsigned long a = strtoul(s, &end, 10), b = a;

		if (end == s)
			return -1;
		s = end;
		if (*s == '-') {
			b = strtoul(s + 1, &end, 10);
			if (end == s + 1 || b < a)
				return -1;
			s = end;
		}
		if (a >= KSW_MAX_CPUS * 64UL || b >= KSW_MAX_CPUS * 64UL)
			return -1;
		n += (int)(b - a + 1);
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return n;
}

/* "0:12,1:0" into @out; "-" or absent is none. */
static int node_vals(const char *s, struct ksw_node_val *out, int max)
{
	int n = 0;

	if (!s || strcmp(s, "-") == 0)
		return 0;
	while (*s && n < max) {
		char *end;
		int64_t nid;
		uint64_t v;

		nid = strtoll(s, &end, 10);
		if (end == s || *end != ':')
			break;
		s = end + 1;
		v = strtoull(s, &end, 10);
		if (end == s)
			break;
		out[n].nid = nid;
		out[n].val = v;
		n++;
		s = end;
		if (*s == ',')
			s++;
		else
			break;
	}
	return n;
}

/* One frame "func+0x1a/0x40[mod]" (or "func+0x1a/0x40", "func", "?"). */
static void parse_frame(struct ksw_data *d, struct ksw_frame *fr, const char *s, size_t n)
{
	const char *plus, *slash, *br, *end = s + n;

	fr->text = keep(d, s, n);
	fr->off = fr->len = KSW_NONE;
	fr->mod = NULL;
	br = memchr(s, '[', n);
	if (br && end[-1] == ']') {
		fr->mod = keep(d, br + 1, (size_t)(end - br - 2));
		end = br;
	}
	plus = memchr(s, '+', (size_t)(end - s));
	if (!plus) {
		fr->sym = keep(d, s, (size_t)(end - s));
		return;
	}
	fr->sym = keep(d, s, (size_t)(plus - s));
	slash = memchr(plus, '/', (size_t)(end - plus));
	fr->off = strtoull(plus + 1, NULL, 16);
	if (slash)
		fr->len = strtoull(slash + 1, NULL, 16);
}

static void build_stall(struct ksw_data *d, struct ksw_stall *s, const struct ksw_record *r)
{
	const char *v;

	s->raw = r;
	s->seq = get_u64(r, "seq", 0);
	s->start_ns = get_u64(r, "start_ns", 0);
	s->dur_us = get_u64(r, "dur_us", 0);
	s->cpus = ksw_get(r, "cpus");
	s->ncpus = count_cpus(s->cpus);
	s->kind_name = ksw_get(r, "kind");
	s->kind = ksw_stall_kind_parse(s->kind_name);
	s->system = get_bool(r, "system");
	s->comm = ksw_get(r, "comm");
	s->pid = get_s64(r, "pid", -1);
	s->kswapd = ksw_get(r, "kswapd");
	s->kswapd_ran = s->kswapd && *s->kswapd && strcmp(s->kswapd, "-") != 0;
	s->scanned = get_u64(r, "scanned", 0);
	s->reclaimed = get_u64(r, "reclaimed", 0);
	s->skipped = get_u64(r, "skipped", 0);
	s->direct = get_u64(r, "direct", 0);
	v = ksw_get(r, "deltas");
	s->deltas_full = !v ? -1 : strcmp(v, "full") == 0;
	s->nfailures = node_vals(ksw_get(r, "failures"), s->failures, KSW_MAX_NODES);
	s->ndma_free = node_vals(ksw_get(r, "dma_free"), s->dma_free, KSW_MAX_NODES);
	s->storm_nid = -1;
	v = ksw_get(r, "storm");
	if (v && strcmp(v, "-") != 0) {
		const char *colon = strchr(v, ':');
		char *end;
		int64_t nid = strtoll(v, &end, 10);

		if (colon && end == colon && colon[1]) {
			s->storm_nid = nid;
			s->storm_zone = colon + 1;
		}
	}
	v = ksw_get(r, "bt");
	if (ksw_has_bt(r)) {
		while (*v && s->nframes < KSW_MAX_FRAMES) {
			const char *bar = strchr(v, '|');
			size_t n = bar ? (size_t)(bar - v) : strlen(v);

			if (n)
				parse_frame(d, &s->frames[s->nframes++], v, n);
			if (!bar)
				break;
			v = bar + 1;
		}
	}
}

static void *grow(void *p, size_t n, size_t size)
{
	return ksw_xrealloc(p, (n + 1) * size);
}

/* Zone indexes: the order of the node's zone records is the kernel's. */
static void number_zones(struct ksw_data *d)
{
	size_t i, j;

	for (i = 0; i < d->nzones; i++) {
		int zid = 0;

		for (j = 0; j < i; j++)
			if (d->zones[j].nid == d->zones[i].nid)
				zid++;
		d->zones[i].zid = zid;
	}
}

int ksw_data_build(struct ksw_data *d, const struct ksw_snap *s)
{
	size_t i;
	int id;

	memset(d, 0, sizeof(*d));
	d->snap = s;
	for (id = 0; id < KSW_NR_FILES; id++) {
		const struct ksw_table *t = &s->t[id];

		if (!(s->have & KSW_BIT(id)))
			continue;
		d->invalid[id] = ksw_table_invalid(id, t);
		for (i = 0; i < t->n; i++) {
			const struct ksw_record *r = &t->rec[i];

			if (!ksw_rec_valid(id, r))
				continue;
			switch (id) {
			case KSW_F_VERSION:
				if (!d->version.present)
					build_version(d, r);
				break;
			case KSW_F_NODES:
				d->nodes = grow(d->nodes, d->nnodes, sizeof(*d->nodes));
				memset(&d->nodes[d->nnodes], 0, sizeof(*d->nodes));
				build_node(&d->nodes[d->nnodes++], r);
				break;
			case KSW_F_FAILURES:
				d->fails = grow(d->fails, d->nfails, sizeof(*d->fails));
				memset(&d->fails[d->nfails], 0, sizeof(*d->fails));
				build_fail(&d->fails[d->nfails++], r);
				break;
			case KSW_F_ZONES:
				d->zones = grow(d->zones, d->nzones, sizeof(*d->zones));
				memset(&d->zones[d->nzones], 0, sizeof(*d->zones));
				build_zone(&d->zones[d->nzones++], r);
				break;
			case KSW_F_STALLS:
				d->stalls = grow(d->stalls, d->nstalls, sizeof(*d->stalls));
				memset(&d->stalls[d->nstalls], 0, sizeof(*d->stalls));
				build_stall(d, &d->stalls[d->nstalls++], r);
				break;
			}
		}
	}
	number_zones(d);
	return 0;
}

void ksw_data_free(struct ksw_data *d)
{
	struct ksw_block *b = d->blocks;

	while (b) {
		struct ksw_block *next = b->next;

		free(b);
		b = next;
	}
	free(d->nodes);
	free(d->zones);
	free(d->fails);
	free(d->stalls);
	memset(d, 0, sizeof(*d));
}

/* ------------------------------------------------------------------ */

int ksw_fail_spurious(const struct ksw_fail *f)
{
	return f->event == KSW_EV_RESET && f->balanced == 0;
}

const struct ksw_node *ksw_data_node(const struct ksw_data *d, int64_t nid)
{
	size_t i;

	for (i = 0; i < d->nnodes; i++)
		if (d->nodes[i].nid == nid)
			return &d->nodes[i];
	return NULL;
}

int64_t ksw_data_max_retries(const struct ksw_data *d, int64_t nid)
{
	const struct ksw_node *n = ksw_data_node(d, nid);

	return n ? n->max_retries : KSW_MAX_RECLAIM_RETRIES;
}

int ksw_fail_revived(const struct ksw_data *d, const struct ksw_fail *f)
{
	return f->event == KSW_EV_RESET && f->prev >= ksw_data_max_retries(d, f->nid);
}

int ksw_node_hopeless(const struct ksw_node *n)
{
	return n->hopeless || (n->failures >= 0 && n->failures >= n->max_retries);
}

int ksw_zone_stormed(const struct ksw_zone *z)
{
	return z->storms != KSW_NONE && z->storms > 0;
}

const struct ksw_zone *ksw_data_zone(const struct ksw_data *d, int64_t nid, const char *zone)
{
	size_t i;

	for (i = 0; zone && i < d->nzones; i++)
		if (d->zones[i].nid == nid && strcmp(d->zones[i].zone, zone) == 0)
			return &d->zones[i];
	return NULL;
}

const struct ksw_zone *ksw_data_top_zone(const struct ksw_data *d, int64_t nid)
{
	const struct ksw_zone *top = NULL;
	size_t i;

	for (i = 0; i < d->nzones; i++)
		if (d->zones[i].nid == nid && d->zones[i].managed &&
		    (!top || d->zones[i].zid > top->zid))
			top = &d->zones[i];
	return top;
}

int ksw_zone_is_low(const struct ksw_data *d, const struct ksw_zone *z)
{
	const struct ksw_zone *top = ksw_data_top_zone(d, z->nid);

	return top && top != z && z->zid < top->zid;
}

int ksw_zone_balanced(const struct ksw_zone *z)
{
	uint64_t reserve = 0;
	int i;

	for (i = 0; i < z->nprot; i++)
		if (z->protection[i] > reserve)
			reserve = z->protection[i];
	return z->free > z->high + reserve;
}

/* Frames of the timer and interrupt path that took the backtrace. */
static int frame_is_plumbing(const struct ksw_frame *f)
{
	static const char *const prefix[] = {
		"ksw_", "__hrtimer", "hrtimer_", "__sysvec", "sysvec_", "asm_sysvec",
		"irq_exit", "__irq_exit", "__do_softirq", "handle_softirqs",
		"tick_", "update_process_times", "scheduler_tick", "sched_tick",
		"arch_stack_walk", "stack_trace_save", "irqentry_", "__irqentry",
		"gic_handle_irq", "el1_interrupt", "el1h_64_irq", "call_on_irq_stack",
		"do_interrupt_handler", "handle_percpu_devid_irq", "handle_irq_event",
		"generic_handle_domain_irq", "arch_timer_handler", "timer_interrupt",
		"hrtimer_interrupt", "__run_hrtimer", "local_apic_timer_interrupt",
		"__sysvec_apic_timer_interrupt", "asm_common_interrupt", "common_interrupt",
		/* The tracepoint that called the module's probe (kind=reclaim). */
		"__traceiter_", "__DO_TRACE",
		/*
		 * Leaves the holder was in when the tick came: a spinlock it waits
		 * for or releases, a clock or delay it reads in its loop.  The
		 * code that held the CPU is their caller.
		 */
		"native_queued_spin_lock_slowpath", "queued_spin_lock_slowpath",
		"__pv_queued_spin_lock_slowpath", "_raw_spin_", "_raw_read_", "_raw_write_",
		"do_raw_spin_", "queued_read_lock_slowpath", "queued_write_lock_slowpath",
		"ktime_get", "read_tsc", "native_sched_clock", "sched_clock", "local_clock",
		"delay_tsc", "delay_halt", "__const_udelay", "__udelay", "__delay", "__ndelay",
	};
	size_t i;

	if (f->mod && strcmp(f->mod, "kswapwatch") == 0)
		return 1;
	for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++)
		if (strncmp(f->sym, prefix[i], strlen(prefix[i])) == 0)
			return 1;
	return 0;
}

/*
 * An interrupt's entry: the frames inward of it are the interrupt's own
 * work (a softirq run on its exit, say), the holder lies outward.
 */
static int frame_is_irq_entry(const struct ksw_frame *f)
{
	static const char *const prefix[] = {
		"asm_sysvec_", "sysvec_", "asm_common_interrupt", "common_interrupt",
		"asm_call_irq_on_stack", "asm_call_on_stack", "el1h_64_irq", "el0t_64_irq",
		"el1_interrupt", "call_on_irq_stack",
	};
	size_t i;

	for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++)
		if (strncmp(f->sym, prefix[i], strlen(prefix[i])) == 0)
			return 1;
	return 0;
}

const struct ksw_frame *ksw_stall_holder_frame(const struct ksw_stall *s)
{
	int i, from = 0;

	for (i = 0; i < s->nframes; i++)
		if (frame_is_irq_entry(&s->frames[i]))
			from = i + 1;
	for (i = from; i < s->nframes; i++)
		if (!frame_is_plumbing(&s->frames[i]) && strcmp(s->frames[i].sym, "?") != 0)
			return &s->frames[i];
	for (i = 0; i < from; i++)
		if (!frame_is_plumbing(&s->frames[i]) && strcmp(s->frames[i].sym, "?") != 0)
			return &s->frames[i];
	return NULL;
}

const char *ksw_stall_extra(const struct ksw_stall *s, const char *key)
{
	return s->raw ? ksw_get(s->raw, key) : NULL;
}

/* ------------------------------------------------------------------ */

int64_t ksw_mono_to_real(const struct ksw_snap *s, uint64_t mono_ns)
{
	if (!s->have_clock || !s->real_ns)
		return -1;
	if (mono_ns > s->mono_ns)
		return s->real_ns + (int64_t)(mono_ns - s->mono_ns);
	return s->real_ns - (int64_t)(s->mono_ns - mono_ns);
}

const char *ksw_fmt_rfc3339(char *buf, size_t len, int64_t real_ns)
{
	time_t sec = (time_t)(real_ns / 1000000000);
	struct tm tm;

	if (real_ns < 0 || !gmtime_r(&sec, &tm)) {
		snprintf(buf, len, "-");
		return buf;
	}
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (int)(real_ns % 1000000000 / 1000000));
	return buf;
}

const char *ksw_fmt_local(char *buf, size_t len, int64_t real_ns)
{
	time_t sec = (time_t)(real_ns / 1000000000);
	struct tm tm;

	if (real_ns < 0 || !localtime_r(&sec, &tm) || !strftime(buf, len, "%a %b %e %H:%M:%S %Y", &tm))
		snprintf(buf, len, "-");
	return buf;
}

/* ------------------------------------------------------------------ */

static int since_ok(const struct ksw_data *d, const struct ksw_sel *sel, uint64_t seq,
		    uint64_t end_ns)
{
	if (sel->since_set && seq <= sel->since)
		return 0;
	if (sel->since_ns_set) {
		const struct ksw_snap *s = d->snap;

		/* Without the read time a saved copy cannot say what is recent. */
		if (!s->have_clock)
			return 1;
		if (s->mono_ns > sel->since_ns && end_ns < s->mono_ns - sel->since_ns)
			return 0;
	}
	return 1;
}

int ksw_node_selected(const struct ksw_sel *sel, int64_t nid)
{
	return !sel || !sel->node_set || sel->node == nid;
}

/* --node does not apply to stalls: a gap is a CPU's, not a node's. */
int ksw_stall_selected(const struct ksw_data *d, const struct ksw_sel *sel,
		       const struct ksw_stall *s)
{
	if (!sel)
		return 1;
	if (!since_ok(d, sel, s->seq, s->start_ns + s->dur_us * 1000))
		return 0;
	if (sel->min_us && s->dur_us < sel->min_us)
		return 0;
	if (sel->kinds && !(sel->kinds & (1u << s->kind)))
		return 0;
	return 1;
}

int ksw_fail_selected(const struct ksw_data *d, const struct ksw_sel *sel,
		      const struct ksw_fail *f)
{
	if (!sel)
		return 1;
	if (!since_ok(d, sel, f->seq, f->ts_ns))
		return 0;
	return ksw_node_selected(sel, f->nid);
}
