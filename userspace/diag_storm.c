// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diagnose: scan storms aimed at a low zone (dma_scan_storm), the first
 * seed's freeze.  The module decides what a storm is (module/zones_logic.h:
 * an isolation aimed below the node's highest zone that passed over 32 or
 * more pages per page taken, 512 at least): this part reads its verdicts,
 * the zones' storms=, storm_ratio= and storm_last_ns= and the stalls'
 * storm=, and computes no formula of its own.
 *
 * Severity: critical when stalls in the window were storms (kswapd or
 * reclaim held the CPU while a storm ran), warning for storms in the window
 * without a stall, info when the zone had storms but none in the window:
 * "no scan storm since", the answer to "did the fix work?".
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diag_advice.h"
#include "diag_int.h"
#include "util.h"

struct storm_zone {
	int64_t nid;
	const char *zone;
	const struct ksw_zone *z;	/* NULL when the zones file lacks it */
};

static void add_zone(struct storm_zone **v, size_t *n, int64_t nid, const char *zone,
		     const struct ksw_zone *z)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i].nid == nid && strcmp((*v)[i].zone, zone) == 0)
			return;
	*v = ksw_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].nid = nid;
	(*v)[*n].zone = zone;
	(*v)[*n].z = z;
	(*n)++;
}

/* The count of "boost:N" in a wakeup_gfp= list, 0 when none. */
static uint64_t gfp_boost(const char *gfp)
{
	const char *p = gfp ? strstr(gfp, "boost:") : NULL;

	return p ? strtoull(p + 6, NULL, 10) : 0;
}

static void lrr_fix(const struct diag_ctx *c, struct sb *fix, struct ksw_finding *f,
		    const struct ksw_zone *z)
{
	const struct ksw_zone *top = ksw_data_top_zone(c->d, z->nid);
	const char *upper = top ? top->zone : "the higher zones";
	struct ksw_lrr_advice a;
	char b1[32], b2[32], b3[32], b4[32];
	char cur[160] = "";
	int i;

	ksw_advise_lrr(c->d, z, c->sc, &a);
	for (i = 0; i < c->sc->nlrr; i++)
		snprintf(cur + strlen(cur), sizeof(cur) - strlen(cur), "%s%ld", i ? " " : "",
			 c->sc->lrr[i]);
	/* Where the settings come from: this machine, a copy, a bundle. */
	if (c->sc->nlrr > 0)
		sb_printf(fix, "Now vm.lowmem_reserve_ratio = %s (%s/vm/lowmem_reserve_ratio). ", cur,
			  c->sc->root ? c->sc->root : "?");
	else
		sb_printf(fix, "vm.lowmem_reserve_ratio could not be read (%s). ",
			  c->sc->lrr_err[0] ? c->sc->lrr_err : "unknown");
	if (c->sc->nlrr > 0)
		ev_str(f, "lowmem_reserve_ratio", cur);
	ev_u64(f, "reserve_pages", a.prot_cur);
	ev_u64(f, "above_managed_pages", a.above);
	switch (a.status) {
	case KSW_ADV_PROPOSE:
		ev_str(f, "lowmem_reserve_ratio_advised", a.values);
		ev_u64(f, "reserve_pages_advised", a.prot_new);
		ev_u64(f, "kept_pages_advised", a.kept_new);
		sb_printf(fix, "Keep the allocations that could use %s out of zone %s: sysctl -w"
			  " vm.lowmem_reserve_ratio='%s' (now '%s': only %s's ratio changes, %" PRId64
			  " to %" PRId64 "; %s).", upper, z->zone, a.values, cur, z->zone, a.cur, a.want,
			  a.idx_guessed ? "its place in the list is inferred from the zones: check it"
			  " against the order DMA, DMA32, Normal of your kernel" :
			  "the ratios are in the kernel's zone order");
		sb_printf(fix, " Zone %s's reserve against them grows from %" PRIu64 " pages (%s) to %"
			  PRIu64 " (%s)", z->zone, a.prot_cur, fmt_bytes(b1, sizeof(b1), c, a.prot_cur),
			  a.prot_new, fmt_bytes(b2, sizeof(b2), c, a.prot_new));
		if (a.kept_new >= a.managed)
			sb_printf(fix, ", all of the zone: it keeps %s of %s from ordinary allocations",
				  fmt_bytes(b3, sizeof(b3), c, a.managed), z->zone);
		else
			sb_printf(fix, ": it keeps %s of %s's %s from ordinary allocations",
				  fmt_bytes(b3, sizeof(b3), c, a.kept_new), z->zone,
				  fmt_bytes(b4, sizeof(b4), c, a.managed));
		sb_printf(fix, " (page cache, anonymous memory, kernel allocations that may use %s), which"
			  " then use the %s above it only; allocations that need %s (GFP_%s: drivers) still get"
			  " it, and what ordinary allocations took no longer leaves %s short, so kswapd is not"
			  " woken to scan for it. A smaller ratio is a larger reserve: the cost is that much"
			  " less memory for ordinary allocations.", upper,
			  fmt_bytes(b1, sizeof(b1), c, a.above), z->zone, z->zone, z->zone);
		sb_printf(fix, " Persist it: echo 'vm.lowmem_reserve_ratio = %s' >"
			  " /etc/sysctl.d/90-lowmem-reserve.conf. Did it work? Later, kswapwatch diagnose"
			  " --since 1h says \"no scan storm since\" if none came in the last hour (after"
			  " kswapwatch reset: no dma_scan_storm finding at all).", a.values);
		break;
	case KSW_ADV_ENOUGH:
	case KSW_ADV_AT_LIMIT:
		sb_printf(fix, "vm.lowmem_reserve_ratio%s%s already keeps %" PRIu64 " pages (%s) of zone %s"
			  " from allocations that could use %s%s: %s, so it cannot help further and nothing"
			  " is to be changed there.", cur[0] ? " = " : "", cur, a.prot_cur,
			  fmt_bytes(b1, sizeof(b1), c, a.prot_cur), z->zone, upper,
			  a.kept_cur >= a.managed ? ", all of it" : "", a.why);
		sb_printf(fix, " What leaves %s short is allocations that need it: find them with trace-cmd"
			  " record -e vmscan:mm_vmscan_wakeup_kswapd -e 'kswapwatch:*' (the wakeups with zid"
			  " of %s) and give them less, or memory of another zone if the device allows.",
			  z->zone, z->zone);
		break;
	default:
		sb_printf(fix, "Raise zone %s's reserve against the allocations that could use %s: %s.", z->zone,
			  upper, a.why);
		if (a.want > 0)
			sb_printf(fix, " By the zone sizes (%" PRIu64 " pages in %s, %" PRIu64 " above it),"
				  " its entry of vm.lowmem_reserve_ratio should be %" PRId64 " (a smaller ratio is"
				  " a larger reserve); change no other entry.", a.managed, z->zone, a.above,
				  a.want);
		break;
	}
}

static void emit(const struct diag_ctx *c, struct ksw_diag *d, const struct storm_zone *sz)
{
	const struct ksw_zone *z = sz->z;
	const struct ksw_stall *longest = NULL;
	struct ksw_finding *f;
	struct sb sum = { 0 }, cause = { 0 }, fix = { 0 };
	uint64_t last = z && z->storm_last_ns != KSW_NONE ? z->storm_last_ns : 0;
	uint64_t boost = z ? gfp_boost(z->wakeup_gfp) : 0;
	char b1[32], b2[32], w[96];
	int in_window;
	size_t i, kswapd = 0;
	char *seqs;

	f = diag_new(d, "dma_scan_storm", KSW_SEV_INFO);
	f->nid = sz->nid;
	snprintf(f->zone, sizeof(f->zone), "%s", sz->zone);
	for (i = 0; i < c->d->nstalls; i++) {
		const struct ksw_stall *s = &c->d->stalls[i];

		if (!diag_stall_counts(c, s) || !diag_stall_stormed(s) || s->storm_nid != sz->nid ||
		    strcmp(s->storm_zone, sz->zone) != 0)
			continue;
		f_stall(f, s);
		kswapd += s->kswapd_ran || (s->comm && strncmp(s->comm, "kswapd", 6) == 0);
		if (!longest || s->dur_us > longest->dur_us)
			longest = s;
	}
	if (c->win_set)
		in_window = f->nstalls || (last && last >= c->win_start_ns);
	else if (c->sel->since_set)
		in_window = f->nstalls > 0;
	else
		in_window = 1;
	if (last)
		f_time(f, last);
	seqs = fmt_seqs(f->stalls, f->nstalls);

	if (!in_window) {
		f->severity = KSW_SEV_INFO;
		f->summary = ksw_xasprintf("No scan storm since %s on node %" PRId64 " zone %s: the %" PRIu64
					   " storm isolation%s counted came before the window asked for",
					   last ? fmt_when(w, sizeof(w), c->d, last) : "the window",
					   sz->nid, sz->zone, z ? z->storms : 0,
					   z && z->storms == 1 ? "" : "s");
		f->cause = ksw_xasprintf("The module counted %" PRIu64 " scan storm isolations aimed at zone %s,"
					 " the last at %s; none since, and no stall in the window was one.",
					 z ? z->storms : 0, sz->zone, last ? w : "an unknown time");
		f->fix = ksw_xstrdup("");
		goto evidence;
	}
	f->severity = f->nstalls ? KSW_SEV_CRITICAL : KSW_SEV_WARNING;

	/* Summary. */
	if (f->nstalls)
		sb_printf(&sum, "%s for up to %s (%zu stall%s) while reclaim scanned for zone %s of node %"
			  PRId64, longest->system == 1 ? "The system froze" : "A CPU stalled",
			  ksw_fmt_us(b1, sizeof(b1), longest->dur_us), f->nstalls, f->nstalls == 1 ? "" : "s",
			  sz->zone, sz->nid);
	else
		sb_printf(&sum, "Scan storms aimed at zone %s of node %" PRId64 ", no stall from them recorded yet",
			  sz->zone, sz->nid);
	if (z && z->storm_ratio != KSW_NONE)
		sb_printf(&sum, ": its isolations passed over %" PRIu64 " pages of higher zones per page taken",
			  z->storm_ratio);
	if (last)
		sb_printf(&sum, ", the last storm at %s", fmt_when(w, sizeof(w), c->d, last));

	/* Cause. */
	sb_printf(&cause, "kswapd (or a task in direct reclaim) was reclaiming for zone %s, which is below"
		  " the node's highest zone: the LRU lists hold the pages of every zone of the node, so to"
		  " find the few %s pages it walked past pages of the zones above, holding the LRU lock with"
		  " interrupts off", sz->zone, sz->zone);
	if (z && z->storms != KSW_NONE)
		sb_printf(&cause, " (%" PRIu64 " storm isolation%s: scanned %" PRIu64 ", skipped %" PRIu64
			  ", taken %" PRIu64 ")", z->storms, z->storms == 1 ? "" : "s", z->reclaim_scanned,
			  z->reclaim_skipped, z->reclaim_taken);
	sb_printf(&cause, ".");
	if (f->nstalls) {
		const struct ksw_frame *hf = ksw_stall_holder_frame(longest);

		sb_printf(&cause, " Stalls seq %s came from it; the longest, %s on CPU %s%s at %s, held by"
			  " %s (pid %" PRId64 ")", seqs, ksw_fmt_us(b1, sizeof(b1), longest->dur_us),
			  longest->cpus ? longest->cpus : "?",
			  longest->system == 1 ? " (every CPU)" : "",
			  fmt_when(w, sizeof(w), c->d, longest->start_ns),
			  longest->comm ? longest->comm : "?", longest->pid);
		if (hf)
			sb_printf(&cause, " in %s", hf->text);
		sb_printf(&cause, "; kswapd was awake in %zu of them. Reclaim in the longest gap scanned %"
			  PRIu64 " pages and reclaimed %" PRIu64 ".", kswapd, longest->scanned,
			  longest->reclaimed);
		{
			/* The timeline of the longest, else of the latest that has one. */
			struct sb tl = { 0 };
			size_t k = f->nstalls;
			uint64_t seq = longest->seq;

			while (!diag_timeline(c, &tl, seq) && k > 0)
				seq = f->stalls[--k];
			if (tl.len)
				sb_printf(&cause, " The timeline of stall %" PRIu64 ": %s", seq, tl.s);
			free(tl.s);
		}
	}
	if (z) {
		sb_printf(&cause, " Zone %s now: %" PRIu64 " pages free of %" PRIu64 " managed (%s), watermarks"
			  " min %" PRIu64 " low %" PRIu64 " high %" PRIu64 "; kswapd woken for it %" PRIu64
			  " times", sz->zone, z->free, z->managed, fmt_bytes(b2, sizeof(b2), c, z->managed),
			  z->min, z->low, z->high, z->kswapd_wakeups);
		if (z->wakeup_gfp && strcmp(z->wakeup_gfp, "-") != 0)
			sb_printf(&cause, " (by %s)", z->wakeup_gfp);
		sb_printf(&cause, ". When the zones above run low, allocations that could use them take %s's"
			  " pages down to its reserve; then an allocation that needs %s, or a watermark boost,"
			  " wakes kswapd for %s, and the storm follows.", sz->zone, sz->zone, sz->zone);
	}

	/* Fix. */
	if (z)
		lrr_fix(c, &fix, f, z);
	else
		sb_printf(&fix, "The zones file does not describe zone %s: read it (kswapwatch zones) to get"
			  " the vm.lowmem_reserve_ratio that keeps ordinary allocations out of it.", sz->zone);
	if (boost) {
		sb_printf(&fix, " %" PRIu64 " of the wakeups for %s were a watermark boost (after a fallback"
			  " to another migratetype), not an allocation: sysctl -w vm.watermark_boost_factor=0"
			  " stops those", boost, sz->zone);
		if (c->sc->wbf >= 0)
			sb_printf(&fix, " (now %ld)", c->sc->wbf);
		sb_printf(&fix, ".");
	}
	sb_printf(&fix, " Watch it live: trace-cmd record -e 'kswapwatch:*' -e vmscan:mm_vmscan_lru_isolate"
		  " -e vmscan:mm_vmscan_wakeup_kswapd.");
	f->summary = sb_take(&sum);
	f->cause = sb_take(&cause);
	f->fix = sb_take(&fix);

evidence:
	ev_s64(f, "nid", sz->nid);
	ev_str(f, "zone", sz->zone);
	if (z) {
		if (z->storms != KSW_NONE)
			ev_u64(f, "storms", z->storms);
		if (z->storm_ratio != KSW_NONE)
			ev_u64(f, "storm_ratio", z->storm_ratio);
		if (last)
			ev_u64(f, "storm_last_ns", last);
		ev_u64(f, "reclaim_scanned", z->reclaim_scanned);
		ev_u64(f, "reclaim_skipped", z->reclaim_skipped);
		ev_u64(f, "reclaim_taken", z->reclaim_taken);
		ev_u64(f, "free", z->free);
		ev_u64(f, "min", z->min);
		ev_u64(f, "low", z->low);
		ev_u64(f, "high", z->high);
		ev_u64(f, "managed", z->managed);
		ev_u64(f, "kswapd_wakeups", z->kswapd_wakeups);
		ev_u64(f, "kswapd_runs", z->kswapd_runs);
		if (z->kswapd_run_ns != KSW_NONE)
			ev_u64(f, "kswapd_run_ns", z->kswapd_run_ns);
		if (z->wakeup_gfp)
			ev_str(f, "wakeup_gfp", z->wakeup_gfp);
	}
	if (longest) {
		ev_u64(f, "longest_seq", longest->seq);
		ev_u64(f, "dur_us_max", longest->dur_us);
	}
	ev_u64(f, "page_size", (uint64_t)c->page_size);
	free(seqs);
}

void diag_storms(const struct diag_ctx *c, struct ksw_diag *d)
{
	struct storm_zone *v = NULL;
	size_t n = 0, i;

	for (i = 0; i < c->d->nzones; i++) {
		const struct ksw_zone *z = &c->d->zones[i];

		if (ksw_zone_stormed(z) && ksw_node_selected(c->sel, z->nid))
			add_zone(&v, &n, z->nid, z->zone, z);
	}
	/* Stalls that name a storm the zones file does not show. */
	for (i = 0; i < c->d->nstalls; i++) {
		const struct ksw_stall *s = &c->d->stalls[i];

		if (diag_stall_counts(c, s) && diag_stall_stormed(s))
			add_zone(&v, &n, s->storm_nid, s->storm_zone,
				 ksw_data_zone(c->d, s->storm_nid, s->storm_zone));
	}
	for (i = 0; i < n; i++)
		emit(c, d, &v[i]);
	free(v);
}
