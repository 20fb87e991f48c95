// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diagnose: findings, their evidence and their fixes (see diagnose.h).
 *
 * Every finding names the records it rests on: seq= of the stalls and
 * kswapd_failures records, nid= and zone= of the nodes and zones records.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "json.h"
#include "kswapwatch_abi.h"
#include "util.h"

/* How many seq numbers a finding lists before "and N more". */
#define SEQ_LIST_MAX	16

const char *ksw_finding_name(int kind)
{
	switch (kind) {
	case KSW_FIND_DMA_STORM:	return "dma_scan_storm";
	case KSW_FIND_SPURIOUS:		return "spurious_resets";
	case KSW_FIND_HOPELESS:		return "node_hopeless";
	case KSW_FIND_STALLS:		return "direct_reclaim_stalls";
	default:			return "unknown";
	}
}

static void __attribute__((format(printf, 2, 3)))
strv_add(struct ksw_strv *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	s = ksw_xrealloc(NULL, (size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	sv->v = ksw_xrealloc(sv->v, (sv->n + 1) * sizeof(*sv->v));
	sv->v[sv->n++] = s;
}

static void strv_free(struct ksw_strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

static void seqv_add(struct ksw_seqv *sv, uint64_t seq)
{
	sv->v = ksw_xrealloc(sv->v, (sv->n + 1) * sizeof(*sv->v));
	sv->v[sv->n++] = seq;
}

/* "3, 5-9, 12 and 4 more": runs of consecutive numbers collapsed. */
static char *fmt_seqs(const struct ksw_seqv *sv)
{
	char *out = ksw_xstrdup("");
	size_t i = 0, items = 0;

	while (i < sv->n && items < SEQ_LIST_MAX) {
		size_t j = i;
		char *next;

		while (j + 1 < sv->n && sv->v[j + 1] == sv->v[j] + 1)
			j++;
		if (j > i)
			next = ksw_xasprintf("%s%s%" PRIu64 "-%" PRIu64, out, items ? ", " : "",
					     sv->v[i], sv->v[j]);
		else
			next = ksw_xasprintf("%s%s%" PRIu64, out, items ? ", " : "", sv->v[i]);
		free(out);
		out = next;
		items++;
		i = j + 1;
	}
	if (i < sv->n) {
		char *next = ksw_xasprintf("%s and %zu more", out, sv->n - i);

		free(out);
		out = next;
	}
	return out;
}

static const char *val(const struct ksw_record *r, const char *key)
{
	const char *v = r ? ksw_get(r, key) : NULL;

	return v ? v : "-";
}

static int64_t rec_nid(const struct ksw_record *r)
{
	uint64_t v;

	if (ksw_get_u64(r, "nid", &v) || v > INT64_MAX)
		return -1;
	return (int64_t)v;
}

static struct ksw_finding *new_finding(struct ksw_diag *d, int kind, int64_t nid,
				       const char *zone)
{
	struct ksw_finding *f;

	d->f = ksw_xrealloc(d->f, (d->n + 1) * sizeof(*d->f));
	f = &d->f[d->n++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->nid = nid;
	if (zone)
		snprintf(f->zone, sizeof(f->zone), "%s", zone);
	return f;
}

static const struct ksw_record *node_rec(const struct ksw_snap *s, int64_t nid)
{
	const struct ksw_table *t = &s->t[KSW_F_NODES];
	size_t i;

	for (i = 0; i < t->n; i++)
		if (ksw_rec_valid(KSW_F_NODES, &t->rec[i]) && rec_nid(&t->rec[i]) == nid)
			return &t->rec[i];
	return NULL;
}

static uint64_t max_retries(const struct ksw_snap *s, int64_t nid)
{
	const struct ksw_record *n = node_rec(s, nid);
	uint64_t v;

	if (n && ksw_get_u64(n, "max_retries", &v) == 0 && v > 0)
		return v;
	return KSW_MAX_RECLAIM_RETRIES;
}

/* Whether a stall record says kswapd was running during the gap. */
static int stall_kswapd(const struct ksw_record *r)
{
	const char *comm = ksw_get(r, "comm");
	const char *nodes = ksw_get(r, "kswapd");

	/* kswapd= lists the nodes whose kswapd ran, "-" for none. */
	if (nodes && *nodes && strcmp(nodes, "-") != 0)
		return 1;
	return comm && strncmp(comm, "kswapd", 6) == 0;
}

/* ------------------------------------------------------------------ */
/* DMA-zone scan storm */

/* Index of @zone in lowmem_reserve_ratio, -1 when it cannot be told. */
static int zone_index(const struct ksw_snap *s, const char *zone)
{
	const struct ksw_table *t = &s->t[KSW_F_ZONES];
	size_t i;

	if (strcmp(zone, "DMA") == 0)
		return 0;	/* ZONE_DMA is always the first zone */
	if (strcmp(zone, "DMA32") != 0)
		return -1;
	for (i = 0; i < t->n; i++) {
		const char *z = ksw_get(&t->rec[i], "zone");

		if (z && strcmp(z, "DMA") == 0)
			return 1;	/* a DMA zone exists, DMA32 follows it */
	}
	return -1;
}

static char *fmt_lrr(const long *v, int n)
{
	char *out = ksw_xstrdup("");
	int i;

	for (i = 0; i < n; i++) {
		char *next = ksw_xasprintf("%s%s%ld", out, i ? " " : "", v[i]);

		free(out);
		out = next;
	}
	return out;
}

static void storm_fix(struct ksw_finding *f, const struct ksw_snap *s,
		      const struct ksw_record *z, const struct ksw_sysctl *sc)
{
	long want[KSW_SYSCTL_MAX_ZONES];
	uint64_t prot[KSW_SYSCTL_MAX_ZONES], managed, pmax = 0;
	int i, np, idx, lowered = 0;
	char *cur, *new;

	if (sc->nlrr <= 0) {
		strv_add(&f->fix, "current: vm.lowmem_reserve_ratio could not be read (%s)",
			 sc->lrr_err[0] ? sc->lrr_err : "unknown");
		strv_add(&f->fix, "raise the reserve of the low zones: echo '%d %d %d 0' > /proc/sys/vm/lowmem_reserve_ratio"
			 " (one value per zone, as many as the file has; keep the trailing 0s)",
			 KSW_DIAG_RESERVE_RATIO, KSW_DIAG_RESERVE_RATIO, KSW_DIAG_RESERVE_RATIO);
		strv_add(&f->fix, "persist: the line 'vm.lowmem_reserve_ratio = %d %d %d 0' in /etc/sysctl.d/90-lowmem-reserve.conf",
			 KSW_DIAG_RESERVE_RATIO, KSW_DIAG_RESERVE_RATIO, KSW_DIAG_RESERVE_RATIO);
		return;
	}
	for (i = 0; i < sc->nlrr; i++) {
		want[i] = sc->lrr[i];
		if (want[i] > KSW_DIAG_RESERVE_RATIO) {
			want[i] = KSW_DIAG_RESERVE_RATIO;
			lowered = 1;
		}
	}
	if (!lowered)	/* already at or below the usual value: halve it */
		for (i = 0; i < sc->nlrr; i++)
			if (want[i] > 1)
				want[i] /= 2;
	cur = fmt_lrr(sc->lrr, sc->nlrr);
	new = fmt_lrr(want, sc->nlrr);
	strv_add(&f->fix, "current: vm.lowmem_reserve_ratio = %s (%s/vm/lowmem_reserve_ratio)",
		 cur, sc->root);
	strv_add(&f->fix, "a smaller ratio reserves more of each low zone for the allocations that can only use it:"
		 " allocations that could use a higher zone stop draining zone %s, so kswapd stops reclaiming for it"
		 " (GFP_DMA allocations still get the zone)", f->zone);
	strv_add(&f->fix, "raise the reserve now: sysctl -w vm.lowmem_reserve_ratio='%s'"
		 "  (or: echo '%s' > /proc/sys/vm/lowmem_reserve_ratio)", new, new);
	strv_add(&f->fix, "persist it: echo 'vm.lowmem_reserve_ratio = %s' > /etc/sysctl.d/90-lowmem-reserve.conf",
		 new);

	idx = zone_index(s, f->zone);
	np = ksw_parse_u64_list(ksw_get(z, "protection"), prot, KSW_SYSCTL_MAX_ZONES);
	for (i = 0; i < np; i++)
		if (prot[i] > pmax)
			pmax = prot[i];
	if (idx >= 0 && idx < sc->nlrr && want[idx] > 0 && sc->lrr[idx] > 0 && pmax &&
	    ksw_get_u64(z, "managed", &managed) == 0 && managed) {
		uint64_t lrr = (uint64_t)sc->lrr[idx], est;

		/* The reserve scales with 1/ratio. */
		if (pmax <= UINT64_MAX / lrr)
			est = pmax * lrr / (uint64_t)want[idx];
		else
			est = pmax / (uint64_t)want[idx] * lrr;

		strv_add(&f->fix, "zone %s now keeps %" PRIu64 " of its %" PRIu64 " managed pages away from"
			 " higher-zone allocations (its largest protection); with ratio %ld: about %" PRIu64 "%s",
			 f->zone, pmax, managed, want[idx], est > managed ? managed : est,
			 est >= managed ? " (all of it)" : "");
	}
	strv_add(&f->fix, "if a driver needs more of zone %s than that leaves, test under the real workload before persisting",
		 f->zone);
	free(cur);
	free(new);
}

static void find_storms(const struct ksw_snap *s, const struct ksw_sel *sel,
			const struct ksw_sysctl *sc, struct ksw_diag *d)
{
	const struct ksw_table *z = &s->t[KSW_F_ZONES];
	const struct ksw_table *st = &s->t[KSW_F_STALLS];
	int counters = 0;
	size_t i, j;

	if (!(s->have & KSW_BIT(KSW_F_ZONES))) {
		strv_add(&d->notes, "no zones file: DMA-zone scan storms not checked");
		return;
	}
	for (i = 0; i < z->n; i++) {
		const struct ksw_record *r = &z->rec[i];
		uint64_t skipped, taken = 0, ratio, maxdur = 0;
		struct ksw_finding *f;
		char dbuf[32];

		if (!ksw_rec_valid(KSW_F_ZONES, r) ||
		    ksw_get_u64(r, "reclaim_skipped", &skipped))
			continue;
		counters = 1;
		if (ksw_get_u64(r, "reclaim_taken", &taken))
			taken = 0;
		ratio = skipped / (taken ? taken : 1);
		if (skipped < KSW_DIAG_STORM_MIN_SKIPPED || ratio < KSW_DIAG_STORM_RATIO)
			continue;

		f = new_finding(d, KSW_FIND_DMA_STORM, rec_nid(r), ksw_get(r, "zone"));
		f->title = ksw_xasprintf("DMA-zone scan storm on node %s: reclaim aimed at zone %s skipped %" PRIu64
					 " pages of higher zones per page it took",
					 val(r, "nid"), f->zone, ratio);
		strv_add(&f->evidence, "zones nid=%s zone=%s: reclaim_scanned=%s reclaim_skipped=%s reclaim_taken=%s",
			 val(r, "nid"), f->zone, val(r, "reclaim_scanned"), val(r, "reclaim_skipped"),
			 val(r, "reclaim_taken"));
		strv_add(&f->evidence, "zones nid=%s zone=%s: free=%s min=%s low=%s high=%s managed=%s protection=%s",
			 val(r, "nid"), f->zone, val(r, "free"), val(r, "min"), val(r, "low"),
			 val(r, "high"), val(r, "managed"), val(r, "protection"));
		if (ksw_get(r, "kswapd_wakeups") || ksw_get(r, "kswapd_runs"))
			strv_add(&f->evidence, "zones nid=%s zone=%s: kswapd_wakeups=%s kswapd_runs=%s",
				 val(r, "nid"), f->zone, val(r, "kswapd_wakeups"), val(r, "kswapd_runs"));
		for (j = 0; j < st->n; j++) {
			const struct ksw_record *sr = &st->rec[j];
			uint64_t seq, dur;

			if (!ksw_rec_selected(KSW_F_STALLS, sr, sel) || !stall_kswapd(sr))
				continue;
			ksw_rec_seq(sr, &seq);
			seqv_add(&f->stall_seqs, seq);
			if (ksw_get_u64(sr, "dur_us", &dur) == 0 && dur > maxdur)
				maxdur = dur;
		}
		if (f->stall_seqs.n) {
			char *seqs = fmt_seqs(&f->stall_seqs);

			strv_add(&f->evidence, "stalls seq %s: kswapd was running during the stall; the longest lasted %s",
				 seqs, ksw_fmt_us(dbuf, sizeof(dbuf), maxdur));
			free(seqs);
		} else {
			strv_add(&f->evidence, "no stall record shows kswapd running: no freeze recorded from it yet");
		}
		storm_fix(f, s, r, sc);
	}
	if (!counters && z->n)
		strv_add(&d->notes, "zones has no reclaim_skipped= counters: DMA-zone scan storms not checked");
}

/* ------------------------------------------------------------------ */
/* Spurious resets, hopeless nodes */

struct comm_count {
	const char *comm;
	const char *pid;
	size_t n;
};

struct node_resets {
	int64_t nid;
	struct ksw_seqv seqs;		/* resets while not balanced */
	struct ksw_seqv revived;	/* ... of a node that had given up */
	size_t reason[KSW_RESET_NR + 1];
	struct comm_count *comms;
	size_t ncomms;
};

static int reason_index(const char *reason)
{
	int i;

	for (i = 0; i < KSW_RESET_NR; i++)
		if (reason && strcmp(reason, ksw_reset_reason_name(i)) == 0)
			return i;
	return KSW_RESET_NR;
}

static struct node_resets *node_resets_get(struct node_resets **v, size_t *n, int64_t nid)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i].nid == nid)
			return &(*v)[i];
	*v = ksw_xrealloc(*v, (*n + 1) * sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].nid = nid;
	return &(*v)[(*n)++];
}

static void count_comm(struct node_resets *nr, const struct ksw_record *r)
{
	const char *comm = ksw_get(r, "comm");
	size_t i;

	if (!comm)
		return;
	for (i = 0; i < nr->ncomms; i++)
		if (strcmp(nr->comms[i].comm, comm) == 0) {
			nr->comms[i].n++;
			return;
		}
	nr->comms = ksw_xrealloc(nr->comms, (nr->ncomms + 1) * sizeof(*nr->comms));
	nr->comms[nr->ncomms].comm = comm;
	nr->comms[nr->ncomms].pid = ksw_get(r, "pid");
	nr->comms[nr->ncomms].n = 1;
	nr->ncomms++;
}

static int comm_cmp(const void *a, const void *b)
{
	const struct comm_count *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

static int nid_cmp(const void *a, const void *b)
{
	const struct node_resets *x = a, *y = b;

	return x->nid < y->nid ? -1 : x->nid > y->nid;
}

static void spurious_fix(struct ksw_finding *f, const struct ksw_snap *s, uint64_t maxr)
{
	const struct ksw_record *v = ksw_snap_version(s);
	const char *src = v ? ksw_get(v, "failures_source") : NULL;
	strv_add(&f->fix, "direct reclaim that frees only a little resets kswapd_failures although the node stays"
		 " below its high watermark, so kswapd never reaches %" PRIu64 " failures and never stops:"
		 " it keeps scanning the whole node and evicts hot page cache of every workload, which then"
		 " refaults (sustained read I/O)", maxr);
	strv_add(&f->fix, "upstream fix: \"mm/vmscan: mitigate spurious kswapd_failures reset from direct reclaim\""
		 " (kswapd_failures is reset only when the node is balanced)");
	if (src && strcmp(src, "tracepoint") == 0)
		strv_add(&f->fix, "this kernel reports kswapd_failures through its own tracepoints"
			 " (failures_source=tracepoint), merged upstream with that fix, so its direct reclaim"
			 " resets only a balanced node: the resets above came through other paths (their"
			 " reasons), which the fix does not cover");
	else
		strv_add(&f->fix, "this kernel lacks the kswapd_failures tracepoints merged with that work"
			 " (failures_source=%s), so it most likely lacks the fix: upgrade, or backport the patch",
			 src ? src : "unknown");
	strv_add(&f->fix, "memory.high interaction: a cgroup above its memory.high is throttled by direct reclaim on"
		 " every allocation; each of those reclaims succeeds a little and resets the counter");
	strv_add(&f->fix, "find it: cat /proc/<pid>/cgroup for the tasks above, compare memory.current with"
		 " memory.high there and watch the 'high' line of memory.events; raise that memory.high (or"
		 " limit with memory.max instead), or give the node memory kswapd can reclaim (swap, zram)");
}

static void find_spurious(const struct ksw_snap *s, const struct ksw_sel *sel, struct ksw_diag *d)
{
	const struct ksw_table *t = &s->t[KSW_F_FAILURES];
	const struct ksw_table *nt = &s->t[KSW_F_NODES];
	struct node_resets *v = NULL;
	size_t n = 0, i, k;

	if (!(s->have & KSW_BIT(KSW_F_FAILURES)))
		strv_add(&d->notes, "no kswapd_failures file: spurious resets checked from nodes counters only");
	for (i = 0; i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		struct node_resets *nr;
		uint64_t seq, bal, prev;
		const char *ev = ksw_get(r, "event");

		if (!ksw_rec_selected(KSW_F_FAILURES, r, sel) || strcmp(ev, "reset") != 0)
			continue;
		if (ksw_get_u64(r, "balanced", &bal) || bal != 0)
			continue;
		ksw_rec_seq(r, &seq);
		nr = node_resets_get(&v, &n, rec_nid(r));
		seqv_add(&nr->seqs, seq);
		nr->reason[reason_index(ksw_get(r, "reason"))]++;
		count_comm(nr, r);
		if (ksw_get_u64(r, "prev", &prev) == 0 && prev >= max_retries(s, nr->nid))
			seqv_add(&nr->revived, seq);
	}
	/* Nodes whose counter shows resets the history no longer holds. */
	for (i = 0; !sel->since_set && i < nt->n; i++)
		if (ksw_rec_valid(KSW_F_NODES, &nt->rec[i]))
			node_resets_get(&v, &n, rec_nid(&nt->rec[i]));

	if (n)
		qsort(v, n, sizeof(*v), nid_cmp);
	for (k = 0; k < n; k++) {
		struct node_resets *nr = &v[k];
		const struct ksw_record *node = node_rec(s, nr->nid);
		uint64_t counter = 0, maxr = max_retries(s, nr->nid);
		struct ksw_finding *f;
		char *seqs, *who;
		size_t total;

		if (sel->since_set || !node || ksw_get_u64(node, "spurious_resets", &counter))
			counter = 0;
		if (nr->seqs.n < KSW_DIAG_SPURIOUS_MIN && !nr->revived.n &&
		    counter < KSW_DIAG_SPURIOUS_MIN)
			continue;

		f = new_finding(d, KSW_FIND_SPURIOUS, nr->nid, NULL);
		total = nr->seqs.n > counter ? nr->seqs.n : (size_t)counter;
		f->title = ksw_xasprintf("kswapd on node %" PRId64 " kept alive by spurious kswapd_failures resets"
					 " (%zu reset%s while not balanced%s)", nr->nid, total,
					 total == 1 ? "" : "s",
					 nr->revived.n ? ", reviving a kswapd that had given up" : "");
		for (i = 0; i < nr->seqs.n; i++)
			seqv_add(&f->failure_seqs, nr->seqs.v[i]);
		if (nr->seqs.n) {
			seqs = fmt_seqs(&nr->seqs);
			strv_add(&f->evidence, "kswapd_failures seq %s: failures reset to 0 on node %" PRId64
				 " while it was not balanced (balanced=0); reasons: KSWAPD %zu, DIRECT %zu, PCP %zu, OTHER %zu",
				 seqs, nr->nid, nr->reason[KSW_RESET_KSWAPD], nr->reason[KSW_RESET_DIRECT],
				 nr->reason[KSW_RESET_PCP], nr->reason[KSW_RESET_OTHER] + nr->reason[KSW_RESET_NR]);
			free(seqs);
		}
		if (nr->revived.n) {
			seqs = fmt_seqs(&nr->revived);
			strv_add(&f->evidence, "kswapd_failures seq %s: the reset came after %" PRIu64
				 " failures, when kswapd had given up on the node: it started reclaiming again",
				 seqs, maxr);
			free(seqs);
		}
		if (node)
			strv_add(&f->evidence, "nodes nid=%" PRId64 ": spurious_resets=%s resets_direct=%s resets_pcp=%s"
				 " hopeless_episodes=%s fails_total=%s", nr->nid, val(node, "spurious_resets"),
				 val(node, "resets_direct"), val(node, "resets_pcp"),
				 val(node, "hopeless_episodes"), val(node, "fails_total"));
		if (nr->ncomms) {
			qsort(nr->comms, nr->ncomms, sizeof(*nr->comms), comm_cmp);
			who = ksw_xstrdup("");
			for (i = 0; i < nr->ncomms && i < 3; i++) {
				char *next = ksw_xasprintf("%s%s%s x%zu (pid %s)", who, i ? ", " : "",
							   nr->comms[i].comm, nr->comms[i].n,
							   nr->comms[i].pid ? nr->comms[i].pid : "?");
				free(who);
				who = next;
			}
			strv_add(&f->evidence, "reset by: %s", who);
			free(who);
		}
		spurious_fix(f, s, maxr);
	}
	for (k = 0; k < n; k++) {
		free(v[k].seqs.v);
		free(v[k].revived.v);
		free(v[k].comms);
	}
	free(v);
}

static void find_hopeless(const struct ksw_snap *s, const struct ksw_sel *sel, struct ksw_diag *d)
{
	const struct ksw_table *nt = &s->t[KSW_F_NODES];
	const struct ksw_table *ft = &s->t[KSW_F_FAILURES];
	size_t i, j;

	if (!(s->have & KSW_BIT(KSW_F_NODES))) {
		strv_add(&d->notes, "no nodes file: hopeless nodes not checked");
		return;
	}
	for (i = 0; i < nt->n; i++) {
		const struct ksw_record *r = &nt->rec[i];
		uint64_t hopeless = 0, failures = 0, maxr;
		int64_t nid = rec_nid(r);
		struct ksw_finding *f;

		if (!ksw_rec_valid(KSW_F_NODES, r))
			continue;
		maxr = max_retries(s, nid);
		if (ksw_get_u64(r, "hopeless", &hopeless))
			hopeless = 0;
		if (ksw_get_u64(r, "failures", &failures))
			failures = 0;
		if (!hopeless && failures < maxr)
			continue;

		f = new_finding(d, KSW_FIND_HOPELESS, nid, NULL);
		f->title = ksw_xasprintf("node %" PRId64 " is hopeless: kswapd gave up after %" PRIu64
					 " balance runs that reclaimed nothing", nid, maxr);
		strv_add(&f->evidence, "nodes nid=%" PRId64 ": failures=%s max_retries=%s hopeless=%s"
			 " hopeless_episodes=%s fails_total=%s", nid, val(r, "failures"),
			 val(r, "max_retries"), val(r, "hopeless"), val(r, "hopeless_episodes"),
			 val(r, "fails_total"));
		/* The failed runs since the node's last reset. */
		for (j = 0; j < ft->n; j++) {
			const struct ksw_record *fr = &ft->rec[j];
			const char *ev = ksw_get(fr, "event");
			uint64_t seq;

			if (!ksw_rec_selected(KSW_F_FAILURES, fr, sel) || rec_nid(fr) != nid)
				continue;
			ksw_rec_seq(fr, &seq);
			if (strcmp(ev, "reset") == 0)
				f->failure_seqs.n = 0;
			else if (strcmp(ev, "fail") == 0)
				seqv_add(&f->failure_seqs, seq);
		}
		if (f->failure_seqs.n) {
			char *seqs = fmt_seqs(&f->failure_seqs);

			strv_add(&f->evidence, "kswapd_failures seq %s: %zu failed kswapd runs on node %" PRId64
				 " since its last reset", seqs, f->failure_seqs.n, nid);
			free(seqs);
		}
		strv_add(&f->fix, "kswapd no longer reclaims on node %" PRId64 ": allocations there reclaim directly"
			 " (stalls) and the OOM killer is next", nid);
		strv_add(&f->fix, "what is left is not reclaimable: anonymous memory without swap, mlocked or"
			 " unevictable pages, kernel memory; see /proc/meminfo (numastat -m for one node) and"
			 " the largest processes (numastat -p, ps -eo pid,rss,comm --sort=-rss)");
		strv_add(&f->fix, "add swap or zram, or cap the largest workloads (memory.max on their cgroup);"
			 " kswapd starts again after a successful direct reclaim or when pages are freed");
	}
}

/* ------------------------------------------------------------------ */
/* Long direct-reclaim stalls */

static int is_core_stall_key(const char *k)
{
	static const char *const core[] = {
		"seq", "start_ns", "dur_us", "cpus", "kind", "comm", "pid", "bt",
	};
	size_t i;

	for (i = 0; i < sizeof(core) / sizeof(core[0]); i++)
		if (strcmp(k, core[i]) == 0)
			return 1;
	return 0;
}

/*
 * Where a reclaim stall's backtrace says the reclaim was for: a cgroup at
 * its memory.max or memory.high (memcg reclaim), the whole node (direct
 * reclaim), or -1 when there is no backtrace to tell.
 */
enum { STALL_UNKNOWN = -1, STALL_GLOBAL, STALL_MEMCG };

static int stall_reclaim_kind(const struct ksw_record *r)
{
	const char *bt = ksw_get(r, "bt");

	if (!ksw_has_bt(r))
		return STALL_UNKNOWN;
	if (strstr(bt, "try_to_free_mem_cgroup_pages") || strstr(bt, "mem_cgroup_handle_over_high") ||
	    strstr(bt, "reclaim_high"))
		return STALL_MEMCG;
	return STALL_GLOBAL;
}

static void find_stalls(const struct ksw_snap *s, const struct ksw_sel *sel,
			const struct ksw_sysctl *sc, struct ksw_diag *d)
{
	const struct ksw_table *t = &s->t[KSW_F_STALLS];
	const struct ksw_record *longest = NULL;
	struct ksw_finding *f = NULL;
	uint64_t maxdur = 0, total = 0;
	size_t nkind[2] = { 0, 0 };
	char b1[32], b2[32];
	long wsf;
	size_t i;
	int k, rk;

	if (!(s->have & KSW_BIT(KSW_F_STALLS))) {
		strv_add(&d->notes, "no stalls file: direct-reclaim stalls not checked");
		return;
	}
	for (i = 0; i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		const char *kind = ksw_get(r, "kind");
		uint64_t seq, dur;

		if (!ksw_rec_selected(KSW_F_STALLS, r, sel) || !kind || strcmp(kind, "reclaim") ||
		    ksw_get_u64(r, "dur_us", &dur) || dur < KSW_DIAG_STALL_US)
			continue;
		if (!f)
			f = new_finding(d, KSW_FIND_STALLS, -1, NULL);
		ksw_rec_seq(r, &seq);
		seqv_add(&f->stall_seqs, seq);
		total += dur;
		rk = stall_reclaim_kind(r);
		if (rk != STALL_UNKNOWN)
			nkind[rk]++;
		if (dur > maxdur || !longest) {
			maxdur = dur;
			longest = r;
		}
	}
	if (!f || !longest)
		return;
	f->title = ksw_xasprintf("%zu direct-reclaim stall%s of %d ms or more; the longest lasted %s",
				 f->stall_seqs.n, f->stall_seqs.n == 1 ? "" : "s",
				 KSW_DIAG_STALL_US / 1000, ksw_fmt_us(b1, sizeof(b1), maxdur));
	{
		char *seqs = fmt_seqs(&f->stall_seqs);

		strv_add(&f->evidence, "stalls seq %s: kind=reclaim, %s in total", seqs,
			 ksw_fmt_us(b2, sizeof(b2), total));
		free(seqs);
	}
	{
		char *extra = ksw_xstrdup("");

		for (k = 0; k < longest->nfields && strlen(extra) < 240; k++) {
			char *next;

			if (is_core_stall_key(longest->f[k].key))
				continue;
			next = ksw_xasprintf("%s %s=%s", extra, longest->f[k].key, longest->f[k].val);
			free(extra);
			extra = next;
		}
		strv_add(&f->evidence, "stalls seq %s (the longest): %s on cpus %s in %s[%s]%s",
			 val(longest, "seq"), ksw_fmt_us(b1, sizeof(b1), maxdur), val(longest, "cpus"),
			 val(longest, "comm"), val(longest, "pid"), extra);
		free(extra);
		if (ksw_has_bt(longest))
			strv_add(&f->evidence, "stalls seq %s stack: %.300s", val(longest, "seq"),
				 val(longest, "bt"));
	}
	if (nkind[STALL_MEMCG])
		strv_add(&f->evidence, "%zu of them in cgroup reclaim (try_to_free_mem_cgroup_pages in the stack), %zu in"
			 " direct reclaim for the node, %zu without a stack", nkind[STALL_MEMCG],
			 nkind[STALL_GLOBAL], f->stall_seqs.n - nkind[STALL_MEMCG] - nkind[STALL_GLOBAL]);
	if (nkind[STALL_MEMCG]) {
		strv_add(&f->fix, "cgroup reclaim: the stalled tasks' cgroup is at its memory.max or memory.high and"
			 " reclaims its own pages before each charge; raise that limit (cat /proc/%s/cgroup; its"
			 " memory.events counts the max and high hits), or give the work fewer pages to keep",
			 val(longest, "pid"));
	}
	if (nkind[STALL_GLOBAL] || !nkind[STALL_MEMCG]) {
		strv_add(&f->fix, "direct reclaim: free memory fell below the min watermark before kswapd caught up;"
			 " if another finding shows kswapd stuck, fix that first");
		if (sc->wsf >= 0 || sc->min_free_kbytes >= 0)
			strv_add(&f->fix, "current: vm.watermark_scale_factor = %ld, vm.min_free_kbytes = %ld (%s/vm/)",
				 sc->wsf, sc->min_free_kbytes, sc->root);
		wsf = sc->wsf < 0 || sc->wsf < KSW_DIAG_WSF_SUGGEST ? KSW_DIAG_WSF_SUGGEST :
		      sc->wsf * 2 > 1000 ? 1000 : sc->wsf * 2;
		strv_add(&f->fix, "wake kswapd earlier and keep more memory free: sysctl -w vm.watermark_scale_factor=%ld",
			 wsf);
		strv_add(&f->fix, "persist it: echo 'vm.watermark_scale_factor = %ld' > /etc/sysctl.d/90-watermark-scale.conf",
			 wsf);
	}
}

int ksw_diagnose(const struct ksw_snap *s, const struct ksw_sel *sel,
		 const struct ksw_sysctl *sc, struct ksw_diag *d)
{
	static const struct ksw_sel all;

	memset(d, 0, sizeof(*d));
	if (!sel)
		sel = &all;
	find_storms(s, sel, sc, d);
	find_spurious(s, sel, d);
	find_hopeless(s, sel, d);
	find_stalls(s, sel, sc, d);
	return 0;
}

void ksw_diag_free(struct ksw_diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->f[i].title);
		strv_free(&d->f[i].evidence);
		strv_free(&d->f[i].fix);
		free(d->f[i].stall_seqs.v);
		free(d->f[i].failure_seqs.v);
	}
	free(d->f);
	strv_free(&d->notes);
	memset(d, 0, sizeof(*d));
}

void ksw_diag_print_text(FILE *out, const struct ksw_diag *d)
{
	size_t i, j;

	if (!d->n)
		fprintf(out, "No findings: no DMA-zone scan storm, no spurious kswapd_failures resets,"
			" no hopeless node, no direct-reclaim stall of %d ms or more.\n",
			KSW_DIAG_STALL_US / 1000);
	else
		fprintf(out, "%zu finding%s.\n", d->n, d->n == 1 ? "" : "s");
	for (i = 0; i < d->n; i++) {
		const struct ksw_finding *f = &d->f[i];

		fprintf(out, "\n[%zu] %s: %s\n", i + 1, ksw_finding_name(f->kind), f->title);
		fputs("  evidence:\n", out);
		for (j = 0; j < f->evidence.n; j++)
			fprintf(out, "    - %s\n", f->evidence.v[j]);
		fputs("  fix:\n", out);
		for (j = 0; j < f->fix.n; j++)
			fprintf(out, "    - %s\n", f->fix.v[j]);
	}
	if (d->notes.n)
		fputc('\n', out);
	for (j = 0; j < d->notes.n; j++)
		fprintf(out, "note: %s\n", d->notes.v[j]);
}

static void json_strv(FILE *out, const char *key, const struct ksw_strv *sv)
{
	size_t i;

	fprintf(out, ",\"%s\":[", key);
	for (i = 0; i < sv->n; i++) {
		if (i)
			fputc(',', out);
		ksw_json_string(out, sv->v[i]);
	}
	fputc(']', out);
}

static void json_seqv(FILE *out, const char *key, const struct ksw_seqv *sv)
{
	size_t i;

	fprintf(out, ",\"%s\":[", key);
	for (i = 0; i < sv->n; i++)
		fprintf(out, "%s%" PRIu64, i ? "," : "", sv->v[i]);
	fputc(']', out);
}

void ksw_diag_print_json(FILE *out, const struct ksw_diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct ksw_finding *f = &d->f[i];

		fprintf(out, "{\"finding\":\"%s\",\"title\":", ksw_finding_name(f->kind));
		ksw_json_string(out, f->title);
		if (f->nid >= 0)
			fprintf(out, ",\"nid\":%" PRId64, f->nid);
		if (f->zone[0]) {
			fputs(",\"zone\":", out);
			ksw_json_string(out, f->zone);
		}
		json_seqv(out, "stall_seqs", &f->stall_seqs);
		json_seqv(out, "failure_seqs", &f->failure_seqs);
		json_strv(out, "evidence", &f->evidence);
		json_strv(out, "fix", &f->fix);
		fputs("}\n", out);
	}
}
