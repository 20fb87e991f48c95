// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diagnose: kswapd that runs without end (kswapd_busy), the second seed's
 * symptom seen from outside ("kswapd0 at 100 % CPU").
 *
 * The run time is the zones' kswapd_run_ns summed per node: the CPU time
 * (sum_exec_runtime) of the node's kswapd in its runs since the module was
 * loaded or last reset (module/zones.c).  The module does not say when that
 * was, so the share of a CPU is taken over the time since boot (the
 * snapshot's CLOCK_MONOTONIC), which is at least as long: the share given
 * is a lower bound.  The counters are cumulative: --since does not narrow
 * them.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diag_int.h"
#include "util.h"

static void node_kswapd(const struct diag_ctx *c, struct ksw_diag *d, int64_t nid)
{
	const struct ksw_data *data = c->d;
	const struct ksw_node *node = ksw_data_node(data, nid);
	const struct ksw_zone *most = NULL, *storm = NULL, *boosted = NULL;
	uint64_t run = 0, scanned = 0, taken = 0, sscan = 0, srecl = 0, window = 0;
	uint64_t spurious = 0, pct10 = 0;
	size_t i, nst = 0;
	int have = 0, sev;
	struct ksw_finding *f;
	struct sb sum = { 0 }, cause = { 0 }, fix = { 0 };

	for (i = 0; i < data->nzones; i++) {
		const struct ksw_zone *z = &data->zones[i];

		if (z->nid != nid)
			continue;
		scanned += z->reclaim_scanned;
		taken += z->reclaim_taken;
		if (ksw_zone_stormed(z) && !storm)
			storm = z;
		if (z->boost != KSW_NONE && z->boost && !boosted)
			boosted = z;
		if (z->kswapd_run_ns == KSW_NONE)
			continue;
		have = 1;
		if (run <= UINT64_MAX - z->kswapd_run_ns)
			run += z->kswapd_run_ns;
		if (!most || z->kswapd_run_ns > most->kswapd_run_ns)
			most = z;
	}
	if (!have || run < KSW_DIAG_KSWAPD_MIN_NS)
		return;
	if (data->snap->have_clock && data->snap->mono_ns)
		window = data->snap->mono_ns;
	if (window) {
		/* Tenths of a percent, without overflow for any run time. */
		pct10 = run / window * 1000 + run % window * 1000 / window;
		if (pct10 < KSW_DIAG_KSWAPD_WARN_PCT * 10)
			return;
		sev = pct10 >= KSW_DIAG_KSWAPD_CRIT_PCT * 10 ? KSW_SEV_CRITICAL : KSW_SEV_WARNING;
	} else {
		/* No read time: only a run time long by any measure is told, as info. */
		if (run < 60 * KSW_DIAG_KSWAPD_MIN_NS)
			return;
		sev = KSW_SEV_INFO;
	}
	for (i = 0; i < data->nstalls; i++) {
		const struct ksw_stall *s = &data->stalls[i];
		const char *k = s->kswapd;

		if (!s->kswapd_ran || !k || !ksw_stall_selected(data, c->sel, s))
			continue;
		/* kswapd= is a node list: "0", "0-1", "0,2". */
		if (strcmp(k, "-") == 0)
			continue;
		nst++;
		sscan += s->scanned;
		srecl += s->reclaimed;
	}
	for (i = 0; i < data->nfails; i++)
		if (data->fails[i].nid == nid && ksw_fail_spurious(&data->fails[i]))
			spurious++;
	if (node && node->spurious_resets > spurious)
		spurious = node->spurious_resets;

	f = diag_new(d, "kswapd_busy", sev);
	f->nid = nid;
	if (data->snap->have_clock)
		f_time(f, data->snap->mono_ns);
	sb_printf(&sum, "kswapd%" PRId64 " (node %" PRId64 ") ran %" PRIu64 ".%01" PRIu64 " s on the CPU", nid, nid,
		  run / 1000000000, run % 1000000000 / 100000000);
	if (window)
		sb_printf(&sum, ", at least %" PRIu64 ".%" PRIu64 "%% of a CPU", pct10 / 10, pct10 % 10);
	if (scanned)
		sb_printf(&sum, "; its isolations took %" PRIu64 "%% of the pages they scanned",
			  taken * 100 / scanned);
	if (spurious)
		sb_printf(&sum, "; kept running by %" PRIu64 " spurious kswapd_failures resets", spurious);
	if (storm)
		sb_printf(&sum, "; its runs for zone %s were scan storms", storm->zone);

	sb_printf(&cause, "The kswapd of node %" PRId64 " used %" PRIu64 ".%03" PRIu64 " s of CPU time in its"
		  " runs since the module was loaded or reset (the zones' kswapd_run_ns)", nid,
		  run / 1000000000, run % 1000000000 / 1000000);
	if (window)
		sb_printf(&cause, ", at least %" PRIu64 ".%" PRIu64 "%% of one CPU over the %" PRIu64 " s since boot"
			  " (the module does not record when it was loaded or reset, so the share is a lower"
			  " bound)", pct10 / 10, pct10 % 10, window / 1000000000);
	else
		sb_printf(&cause, " (the records have no read time: its share of a CPU is not known)");
	sb_printf(&cause, ".");
	if (most && run)
		sb_printf(&cause, " %" PRIu64 "%% of it went to runs for zone %s.",
			  most->kswapd_run_ns / (run / 100 ? run / 100 : 1) > 100 ? 100 :
			  most->kswapd_run_ns / (run / 100 ? run / 100 : 1), most->zone);
	if (scanned)
		sb_printf(&cause, " Reclaim's isolations on the node's zones scanned %" PRIu64 " pages and took %"
			  PRIu64 " (%" PRIu64 "%%).", scanned, taken, taken * 100 / scanned);
	if (nst && sscan)
		sb_printf(&cause, " In the %zu stall%s with kswapd awake, reclaim freed %" PRIu64 " of the %"
			  PRIu64 " pages it scanned (%" PRIu64 "%%).", nst, nst == 1 ? "" : "s", srecl, sscan,
			  srecl * 100 / sscan);
	if (spurious)
		sb_printf(&cause, " It does not stop because reclaim reset its failure count %" PRIu64 " time%s"
			  " while the node was not balanced: it never reached %" PRId64 " failed runs (see"
			  " spurious_resets).", spurious, spurious == 1 ? "" : "s",
			  ksw_data_max_retries(data, nid));
	if (storm)
		sb_printf(&cause, " Its runs for zone %s were scan storms: it walked past the pages of the"
			  " zones above to find %s pages (see dma_scan_storm).", storm->zone, storm->zone);
	if (boosted)
		sb_printf(&cause, " Zone %s's watermarks are boosted by %" PRIu64 " pages (after fallbacks to"
			  " another migratetype): kswapd reclaims until the boost is gone.", boosted->zone,
			  boosted->boost);
	if (!spurious && !storm && !boosted)
		sb_printf(&cause, " It runs because it cannot bring the node's free pages above the high"
			  " watermarks: memory is short, or what is used cannot be reclaimed fast enough.");

	if (spurious)
		sb_printf(&fix, "Fix what resets its failure count (the spurious_resets finding). ");
	if (storm)
		sb_printf(&fix, "Keep ordinary allocations out of zone %s (the dma_scan_storm finding). ",
			  storm->zone);
	if (boosted) {
		sb_printf(&fix, "sysctl -w vm.watermark_boost_factor=0 stops the boosts");
		if (c->sc->wbf >= 0)
			sb_printf(&fix, " (now %ld)", c->sc->wbf);
		sb_printf(&fix, ". ");
	}
	sb_printf(&fix, "See what it reclaims and how well: grep -E '^(pgscan|pgsteal)_kswapd' /proc/vmstat"
		  " twice a minute apart (steal/scan is its efficiency), perf top -p $(pgrep -x kswapd%" PRId64
		  "), trace-cmd record -e vmscan:mm_vmscan_kswapd_wake -e vmscan:mm_vmscan_kswapd_sleep"
		  " -e 'kswapwatch:*'. If memory is short: add memory, swap or zram, or cap the largest"
		  " workloads (memory.max on their cgroup).", nid);

	f->summary = sb_take(&sum);
	f->cause = sb_take(&cause);
	f->fix = sb_take(&fix);
	ev_s64(f, "nid", nid);
	ev_u64(f, "kswapd_run_ns", run);
	if (window) {
		ev_u64(f, "window_ns", window);
		ev_u64(f, "cpu_share_permille", pct10);
	}
	ev_u64(f, "reclaim_scanned", scanned);
	ev_u64(f, "reclaim_taken", taken);
	ev_u64(f, "stalls_with_kswapd", nst);
	ev_u64(f, "stall_scanned", sscan);
	ev_u64(f, "stall_reclaimed", srecl);
	ev_u64(f, "spurious_resets", spurious);
	if (storm)
		ev_str(f, "storm_zone", storm->zone);
	if (most)
		ev_str(f, "busiest_zone", most->zone);
}

void diag_kswapd(const struct diag_ctx *c, struct ksw_diag *d)
{
	size_t i, j;

	for (i = 0; i < c->d->nzones; i++) {
		int64_t nid = c->d->zones[i].nid;

		for (j = 0; j < i && c->d->zones[j].nid != nid; j++)
			;
		if (j == i && ksw_node_selected(c->sel, nid))
			node_kswapd(c, d, nid);
	}
}
