// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The typed record layer (see records.h): each record parsed once.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kswapwatch_abi.h"
#include "records.h"
#include "util.h"

#define KSW_FD_(E, k, t, m, type)	{ #k, KSW_FT_##t, offsetof(type, m) },
#define KSW_FD_V(E, k, t, m)	KSW_FD_(E, k, t, m, struct ksw_version)
#define KSW_FD_N(E, k, t, m)	KSW_FD_(E, k, t, m, struct ksw_node)
#define KSW_FD_F(E, k, t, m)	KSW_FD_(E, k, t, m, struct ksw_fail)
#define KSW_FD_Z(E, k, t, m)	KSW_FD_(E, k, t, m, struct ksw_zone)
#define KSW_FD_S(E, k, t, m)	KSW_FD_(E, k, t, m, struct ksw_stall)

static const struct ksw_fdesc version_fields[] = { KSW_VERSION_FIELDS(KSW_FD_V) };
static const struct ksw_fdesc node_fields[] = { KSW_NODE_FIELDS(KSW_FD_N) };
static const struct ksw_fdesc fail_fields[] = { KSW_FAIL_FIELDS(KSW_FD_F) };
static const struct ksw_fdesc zone_fields[] = { KSW_ZONE_FIELDS(KSW_FD_Z) };
static const struct ksw_fdesc stall_fields[] = { KSW_STALL_FIELDS(KSW_FD_S) };

#define NELEM(a)	((int)(sizeof(a) / sizeof((a)[0])))

/* ->has is 64 bits wide. */
_Static_assert(KSW_ZF_NR <= 64 && KSW_SF_NR <= 64 && KSW_NF_NR <= 64 &&
	       KSW_FF_NR <= 64 && KSW_VF_NR <= 64, "too many fields for ->has");

struct ksw_fields ksw_file_fields(int id)
{
	struct ksw_fields f = { NULL, 0 };

	switch (id) {
	case KSW_F_VERSION:
		f.f = version_fields;
		f.n = NELEM(version_fields);
		break;
	case KSW_F_NODES:
		f.f = node_fields;
		f.n = NELEM(node_fields);
		break;
	case KSW_F_FAILURES:
		f.f = fail_fields;
		f.n = NELEM(fail_fields);
		break;
	case KSW_F_ZONES:
		f.f = zone_fields;
		f.n = NELEM(zone_fields);
		break;
	case KSW_F_STALLS:
		f.f = stall_fields;
		f.n = NELEM(stall_fields);
		break;
	}
	return f;
}

int ksw_field_index(int id, const char *key)
{
	struct ksw_fields f = ksw_file_fields(id);
	int i;

	for (i = 0; i < f.n; i++)
		if (f.f[i].key[0] == key[0] && strcmp(f.f[i].key, key) == 0)
			return i;
	return -1;
}

const char *ksw_field_text(int id, const void *rec, uint64_t has, const struct ksw_record *raw,
			   int i, char *buf, size_t len)
{
	struct ksw_fields fl = ksw_file_fields(id);
	const struct ksw_fdesc *fd;
	const char *m;
	uint64_t u;
	int64_t n;
	int b;

	if (i < 0 || i >= fl.n)
		return NULL;
	fd = &fl.f[i];
	if (!((has >> i) & 1))
		return raw ? ksw_get(raw, fd->key) : NULL;
	m = (const char *)rec + fd->off;
	switch (fd->type) {
	case KSW_FT_U64:
		memcpy(&u, m, sizeof(u));
		snprintf(buf, len, "%" PRIu64, u);
		return buf;
	case KSW_FT_S64:
		memcpy(&n, m, sizeof(n));
		snprintf(buf, len, "%" PRId64, n);
		return buf;
	case KSW_FT_BOOL:
		memcpy(&b, m, sizeof(b));
		snprintf(buf, len, "%d", b);
		return buf;
	default: {
		const char *t;

		memcpy(&t, m, sizeof(t));
		return t;
	}
	}
}

/*
 * The known fields of file @id from @r into the struct at @rec, and their
 * bits into *@has.  A field absent, or not of its type, leaves the member
 * as it was (the caller's default).
 */
static void read_fields(int id, void *rec, uint64_t *has, const struct ksw_record *r)
{
	struct ksw_fields fl = ksw_file_fields(id);
	int i;

	*has = 0;
	for (i = 0; i < fl.n; i++) {
		const struct ksw_fdesc *fd = &fl.f[i];
		char *m = (char *)rec + fd->off;
		const char *v = ksw_get(r, fd->key);
		uint64_t u;
		int64_t n;
		int b;

		if (!v)
			continue;
		switch (fd->type) {
		case KSW_FT_U64:
			if (ksw_parse_u64(v, &u))
				continue;
			memcpy(m, &u, sizeof(u));
			break;
		case KSW_FT_S64:
			if (ksw_parse_s64(v, &n))
				continue;
			memcpy(m, &n, sizeof(n));
			break;
		case KSW_FT_BOOL:
			if (strcmp(v, "0") && strcmp(v, "1"))
				continue;
			b = v[0] == '1';
			memcpy(m, &b, sizeof(b));
			break;
		default:
			memcpy(m, &v, sizeof(v));
			break;
		}
		*has |= (uint64_t)1 << i;
	}
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
	v->abi = v->period_ms = v->threshold_ms = -1;
	read_fields(KSW_F_VERSION, v, &v->has, r);
	src = v->failures_source;
	v->failures_tp = !src ? -1 : strcmp(src, "tracepoint") == 0 ? 1 :
			 strcmp(src, "inferred") == 0 ? 0 : -1;
	if (!v->probes)
		v->probes = "";
}

static void build_node(struct ksw_node *n, const struct ksw_record *r)
{
	n->raw = r;
	n->nid = n->failures = -1;
	n->max_retries = KSW_MAX_RECLAIM_RETRIES;
	read_fields(KSW_F_NODES, n, &n->has, r);
	if (n->max_retries <= 0)
		n->max_retries = KSW_MAX_RECLAIM_RETRIES;
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
	const char *ev;

	f->raw = r;
	f->nid = f->failures = f->prev = f->pid = -1;
	f->balanced = -1;
	read_fields(KSW_F_FAILURES, f, &f->has, r);
	ev = f->event_name;	/* ksw_rec_valid() made sure there is one */
	f->event = !ev ? KSW_EV_OTHER : strcmp(ev, "fail") == 0 ? KSW_EV_FAIL :
		   strcmp(ev, "reset") == 0 ? KSW_EV_RESET : KSW_EV_OTHER;
	f->reason = reason_parse(f->reason_name);
}

/* Strict decimal at @s up to a byte of @stop (or the end); the end in *@end. */
static int dec_u64(const char *s, const char *stop, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (p == s || (*p && !strchr(stop, *p)))
		return -1;
	*out = v;
	*end = p;
	return 0;
}

/* "DMA32-kernel:12,boost:3" into the zone's gfp[]; "-" or absent is none. */
static void split_gfp(struct ksw_data *d, struct ksw_zone *z)
{
	const char *s = z->wakeup_gfp;

	if (!s || strcmp(s, "-") == 0)
		return;
	while (*s && z->ngfp < KSW_MAX_GFP) {
		const char *colon = strchr(s, ':'), *dash, *end;
		struct ksw_gfp_count *g;
		uint64_t n;

		if (!colon || colon == s || dec_u64(colon + 1, ",", &n, &end))
			return;
		g = &z->gfp[z->ngfp++];
		dash = memchr(s, '-', (size_t)(colon - s));
		g->zone = dash ? keep(d, s, (size_t)(dash - s)) : NULL;
		g->cls = dash ? keep(d, dash + 1, (size_t)(colon - dash - 1)) :
			 keep(d, s, (size_t)(colon - s));
		g->n = n;
		s = *end ? end + 1 : end;
	}
}

static void build_zone(struct ksw_data *d, struct ksw_zone *z, const struct ksw_record *r)
{
	uint64_t prot[64];
	int i, n;

	z->raw = r;
	z->nid = -1;
	z->zid = -1;
	z->boost = z->kswapd_run_ns = KSW_NONE;
	z->storm_ratio = z->storms = z->storm_last_ns = KSW_NONE;
	read_fields(KSW_F_ZONES, z, &z->has, r);
	n = ksw_parse_u64_list(z->protection_text, prot, 64);
	if (n > 0) {
		z->nprot = n < KSW_MAX_ZONES ? n : KSW_MAX_ZONES;
		memcpy(z->protection, prot, (size_t)z->nprot * sizeof(prot[0]));
		for (i = 0; i < n; i++)
			if (prot[i] > z->protection_max)
				z->protection_max = prot[i];
	}
	split_gfp(d, z);
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
		if (n > KSW_MAX_CPUS * 64)
			return -1;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return n;
}

/* "0:12,1:0" into @out; "-" or absent is none; stops at the first bad item. */
static int node_vals(const char *s, struct ksw_node_val *out, int max)
{
	int n = 0;

	if (!s || strcmp(s, "-") == 0)
		return 0;
	while (*s && n < max) {
		const char *end;
		uint64_t nid, v;

		if (dec_u64(s, ":", &nid, &end) || *end != ':' || nid > INT64_MAX)
			break;
		if (dec_u64(end + 1, ",", &v, &end))
			break;
		out[n].nid = (int64_t)nid;
		out[n].val = v;
		n++;
		s = *end ? end + 1 : end;
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
	s->system = -1;
	s->pid = -1;
	read_fields(KSW_F_STALLS, s, &s->has, r);
	s->ncpus = count_cpus(s->cpus);
	s->kind = ksw_stall_kind_parse(s->kind_name);
	s->kswapd_ran = s->kswapd && *s->kswapd && strcmp(s->kswapd, "-") != 0;
	s->deltas_full = !s->deltas ? -1 : strcmp(s->deltas, "full") == 0;
	s->nfailures = node_vals(s->failures_text, s->failures, KSW_MAX_NODES);
	s->ndma_free = node_vals(s->dma_free_text, s->dma_free, KSW_MAX_NODES);
	s->storm_nid = -1;
	v = s->storm;
	if (v && strcmp(v, "-") != 0) {
		const char *end;
		uint64_t nid;

		if (dec_u64(v, ":", &nid, &end) == 0 && *end == ':' && end[1] &&
		    nid <= INT64_MAX) {
			s->storm_nid = (int64_t)nid;
			s->storm_zone = end + 1;
		}
	}
	v = s->bt;
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
				build_zone(d, &d->zones[d->nzones++], r);
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

/* Whether @sym begins with one of the @n prefixes. */
static int sym_has_prefix(const char *sym, const char *const *prefix, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strncmp(sym, prefix[i], strlen(prefix[i])) == 0)
			return 1;
	return 0;
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
	};

	if (f->mod && strcmp(f->mod, "kswapwatch") == 0)
		return 1;
	return sym_has_prefix(f->sym, prefix, sizeof(prefix) / sizeof(prefix[0]));
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

	return sym_has_prefix(f->sym, prefix, sizeof(prefix) / sizeof(prefix[0]));
}

/*
 * Frames where the holder waited or looked at the clock, called from the
 * code that held the CPU: a lock's slow path, a delay loop, a clock read,
 * a tracepoint's iterator.
 */
static int frame_is_helper(const struct ksw_frame *f)
{
	static const char *const prefix[] = {
		"native_queued_spin_lock_slowpath", "__pv_queued_spin_lock_slowpath",
		"queued_spin_lock_slowpath", "queued_read_lock_slowpath",
		"queued_write_lock_slowpath", "_raw_spin_", "_raw_read_", "_raw_write_",
		"do_raw_spin_", "do_raw_read_", "do_raw_write_", "__raw_spin_",
		"ktime_get", "read_tsc", "native_sched_clock", "sched_clock", "local_clock",
		"delay_tsc", "delay_halt", "delay_loop", "__const_udelay", "__udelay",
		"__ndelay", "__delay", "__traceiter_", "rep_nop", "cpu_relax",
	};

	return sym_has_prefix(f->sym, prefix, sizeof(prefix) / sizeof(prefix[0]));
}

const struct ksw_frame *ksw_stall_holder_frame(const struct ksw_stall *s)
{
	const struct ksw_frame *first = NULL;
	int i, from = 0, pass;

	/* Inward of an interrupt's entry is the interrupt's own work. */
	for (i = 0; i < s->nframes; i++)
		if (frame_is_irq_entry(&s->frames[i]))
			from = i + 1;
	for (pass = 0; pass < 2; pass++) {
		for (i = pass ? 0 : from; i < (pass ? from : s->nframes); i++) {
			const struct ksw_frame *f = &s->frames[i];

			if (frame_is_plumbing(f) || strcmp(f->sym, "?") == 0)
				continue;
			if (!frame_is_helper(f))
				return f;
			if (!first)
				first = f;
		}
	}
	return first;
}

uint64_t ksw_stall_end_ns(const struct ksw_stall *s)
{
	uint64_t dur = s->dur_us > UINT64_MAX / 1000 ? UINT64_MAX : s->dur_us * 1000;

	return s->start_ns > UINT64_MAX - dur ? UINT64_MAX : s->start_ns + dur;
}

const char *ksw_stall_extra(const struct ksw_stall *s, const char *key)
{
	return s->raw ? ksw_get(s->raw, key) : NULL;
}

/* ------------------------------------------------------------------ */

int64_t ksw_mono_to_real(const struct ksw_snap *s, uint64_t mono_ns)
{
	uint64_t d;

	if (!s->have_clock || s->real_ns <= 0)
		return -1;
	if (mono_ns >= s->mono_ns) {
		d = mono_ns - s->mono_ns;
		/* A time past the year 2262 is not one: no wall clock. */
		if (d > (uint64_t)(INT64_MAX - s->real_ns))
			return -1;
		return s->real_ns + (int64_t)d;
	}
	d = s->mono_ns - mono_ns;
	if (d > (uint64_t)s->real_ns)
		return -1;
	return s->real_ns - (int64_t)d;
}

const char *ksw_data_time(const struct ksw_data *d, char *buf, size_t len, uint64_t mono_ns,
			  int rfc3339)
{
	int64_t real = ksw_mono_to_real(d->snap, mono_ns);

	if (real < 0)
		return NULL;
	return rfc3339 ? ksw_fmt_rfc3339(buf, len, real) : ksw_fmt_local(buf, len, real);
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
	if (!since_ok(d, sel, s->seq, ksw_stall_end_ns(s)))
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
