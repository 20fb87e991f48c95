// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diagnose: kswapd_failures resets made while the node was not balanced
 * (spurious_resets, the second seed) and nodes whose kswapd gave up
 * (hopeless_node).  The module decides both (balanced=, hopeless=,
 * spurious_resets=); records.h's ksw_fail_spurious(), ksw_fail_revived()
 * and ksw_node_hopeless() are the one definition used here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "diag_int.h"
#include "util.h"

/* A task name in one cgroup that made spurious resets. */
struct who {
	const char *comm;
	int64_t pid;			/* the latest of that name there */
	uint64_t cgroup;		/* cgroup v2 id of its resets, 0 unknown */
	size_t n;
};

/* cgroup v2's root: no memory.high can be set there. */
#define CGROUP_ROOT_ID	1

/* Text of a small /proc file, trimmed; NULL when it cannot be read. */
static char *read_proc(const char *root, int64_t pid, const char *name)
{
	char path[4096], buf[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%" PRId64 "/%s", root, pid, name);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return ksw_xstrdup(buf);
}

/*
 * The cgroup of a live task that reset the counter: "0::/system.slice/x"
 * gives "/system.slice/x" (cgroup v2), else the memory controller's line.
 * NULL when the data is a copy, the task is gone, or its pid now names
 * another task.
 */
static char *live_cgroup(int64_t pid, const char *comm)
{
	char *cg, *c, *line, *best = NULL, *save = NULL;

	if (!ksw_diag_proc_root || pid <= 0)
		return NULL;
	c = read_proc(ksw_diag_proc_root, pid, "comm");
	if (!c)
		return NULL;
	/* A reused pid: the record's comm has '_' where the task has a space. */
	if (comm && strncmp(c, comm, 15) != 0) {
		size_t i;

		for (i = 0; c[i]; i++)
			if (c[i] == ' ')
				c[i] = '_';
		if (strncmp(c, comm, 15) != 0) {
			free(c);
			return NULL;
		}
	}
	free(c);
	cg = read_proc(ksw_diag_proc_root, pid, "cgroup");
	if (!cg)
		return NULL;
	for (line = strtok_r(cg, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p = strchr(line, ':'), *q = p ? strchr(p + 1, ':') : NULL;

		if (!q)
			continue;
		if (strncmp(line, "0::", 3) == 0 || strstr(p, "memory")) {
			best = ksw_xstrdup(q + 1);
			if (strncmp(line, "0::", 3) == 0)
				break;
		}
	}
	free(cg);
	return best;
}

static int who_cmp(const void *a, const void *b)
{
	const struct who *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

static void spurious_node(const struct diag_ctx *c, struct ksw_diag *d, const struct ksw_node *node,
			  int64_t nid)
{
	const struct ksw_data *data = c->d;
	struct ksw_finding *f = NULL;
	struct who *who = NULL;
	size_t nwho = 0, nsp = 0, nrev = 0, reason[KSW_RESET_NR + 1] = { 0 }, i, k, cw = 0;
	uint64_t counter = 0, total;
	int64_t maxr = ksw_data_max_retries(data, nid);
	struct sb sum = { 0 }, cause = { 0 }, fix = { 0 };
	char *seqs, *cg = NULL, w[96];
	uint64_t *rev = NULL;

	f = diag_new(d, "spurious_resets", KSW_SEV_WARNING);
	for (i = 0; i < data->nfails; i++) {
		const struct ksw_fail *fl = &data->fails[i];

		if (fl->nid != nid || !ksw_fail_selected(data, c->sel, fl) || !ksw_fail_spurious(fl))
			continue;
		f_fail(f, fl);
		nsp++;
		reason[fl->reason >= 0 && fl->reason < KSW_RESET_NR ? fl->reason : KSW_RESET_NR]++;
		if (ksw_fail_revived(data, fl)) {
			rev = ksw_xrealloc(rev, (nrev + 1) * sizeof(*rev));
			rev[nrev++] = fl->seq;
		}
		for (k = 0; k < nwho; k++)
			if (fl->comm && who[k].comm && strcmp(who[k].comm, fl->comm) == 0 &&
			    who[k].cgroup == fl->cgroup)
				break;
		if (k == nwho) {
			who = ksw_xrealloc(who, (nwho + 1) * sizeof(*who));
			who[nwho].comm = fl->comm;
			who[nwho].pid = fl->pid;
			who[nwho].cgroup = fl->cgroup;
			who[nwho++].n = 0;
		}
		who[k].n++;
		who[k].pid = fl->pid;
	}
	/* The module's count covers what the history no longer holds. */
	if (!c->sel->since_set && !c->sel->since_ns_set && node)
		counter = node->spurious_resets;
	total = nsp > counter ? nsp : counter;
	if (nsp < KSW_DIAG_SPURIOUS_MIN && !nrev && counter < KSW_DIAG_SPURIOUS_MIN) {
		/* Not enough: take the finding back. */
		free(f->failures);
		d->n--;
		free(who);
		free(rev);
		return;
	}
	if (nrev)
		f->severity = KSW_SEV_CRITICAL;
	f->nid = nid;
	if (nwho)
		qsort(who, nwho, sizeof(*who), who_cmp);
	/*
	 * The cgroup to name: of the first resetter that is not kswapd itself
	 * and not in the root cgroup (where no memory.high can be), else of
	 * the first that is not kswapd.
	 */
	for (cw = 0; cw < nwho; cw++)
		if (!(who[cw].comm && strncmp(who[cw].comm, "kswapd", 6) == 0) &&
		    who[cw].cgroup != CGROUP_ROOT_ID && who[cw].cgroup)
			break;
	if (cw == nwho)
		for (cw = 0; cw < nwho && who[cw].comm && strncmp(who[cw].comm, "kswapd", 6) == 0; cw++)
			;
	if (cw == nwho)
		cw = 0;
	if (nwho)
		cg = live_cgroup(who[cw].pid, who[cw].comm);
	/* The task is gone: the cgroup its reset named, if it still exists. */
	if (nwho && ksw_diag_proc_root && who[cw].cgroup) {
		char path[4096];

		/* The record's own cgroup over the task's now: it may have moved. */
		if (ksw_cgroup_path(who[cw].cgroup, path, sizeof(path)) == 0) {
			free(cg);
			cg = ksw_xstrdup(path);
		}
	}
	seqs = fmt_seqs(f->failures, f->nfailures);

	sb_printf(&sum, "kswapd on node %" PRId64 " kept alive by %" PRIu64 " kswapd_failures reset%s while"
		  " the node was not balanced", nid, total, total == 1 ? "" : "s");
	if (nrev)
		sb_printf(&sum, ", %zu of them reviving a kswapd that had given up", nrev);
	if (nwho) {
		sb_printf(&sum, "; most by %s (pid %" PRId64 ")", who[0].comm ? who[0].comm : "?", who[0].pid);
		if (cw)
			sb_printf(&sum, ", then %s (pid %" PRId64 ")", who[cw].comm ? who[cw].comm : "?",
				  who[cw].pid);
		if (cg)
			sb_printf(&sum, " in cgroup %s", cg);
	}
	if (f->have_time)
		sb_printf(&sum, ", the last at %s", fmt_when(w, sizeof(w), data, f->last_ns));

	sb_printf(&cause, "Reclaim that freed a little reset node %" PRId64 "'s kswapd_failures to 0 although the"
		  " node stayed below its high watermarks", nid);
	if (nsp)
		sb_printf(&cause, " (kswapd_failures seq %s; reasons: KSWAPD %zu, DIRECT %zu, PCP %zu, OTHER %zu)",
			  seqs, reason[KSW_RESET_KSWAPD], reason[KSW_RESET_DIRECT], reason[KSW_RESET_PCP],
			  reason[KSW_RESET_OTHER] + reason[KSW_RESET_NR]);
	sb_printf(&cause, ", so kswapd never reached %" PRId64 " failed runs and never stopped: it keeps scanning"
		  " the whole node and evicts the hot page cache of every workload, which then refaults"
		  " (sustained read I/O).", maxr);
	if (nrev) {
		char *r = fmt_seqs(rev, nrev);

		sb_printf(&cause, " The reset%s seq %s came after %" PRId64 " failures, when kswapd had given"
			  " up on the node: it started reclaiming again.", nrev == 1 ? "" : "s", r, maxr);
		free(r);
	}
	if (nwho) {
		sb_printf(&cause, " Reset by:");
		for (k = 0; k < nwho && k < 4; k++) {
			char path[4096];

			sb_printf(&cause, "%s %s (pid %" PRId64 ")", k ? "," : "",
				  who[k].comm ? who[k].comm : "?", who[k].pid);
			if (ksw_diag_proc_root && who[k].cgroup &&
			    ksw_cgroup_path(who[k].cgroup, path, sizeof(path)) == 0)
				sb_printf(&cause, " in cgroup %s", path);
			else if (who[k].cgroup)
				sb_printf(&cause, " in cgroup id %" PRIu64, who[k].cgroup);
			sb_printf(&cause, " x%zu", who[k].n);
		}
		sb_printf(&cause, ".");
	}
	if (counter > nsp)
		sb_printf(&cause, " The module counted %" PRIu64 " such resets in all; the history holds %zu.",
			  counter, nsp);
	sb_printf(&cause, " A cgroup above its memory.high is throttled by direct reclaim on every allocation;"
		  " each of those reclaims succeeds a little and resets the counter.");

	if (data->version.failures_tp == 1)
		sb_printf(&fix, "This kernel reports kswapd_failures through its own tracepoints"
			  " (failures_source=tracepoint), merged upstream with \"mm/vmscan: mitigate spurious"
			  " kswapd_failures reset from direct reclaim\": its direct reclaim resets only a balanced"
			  " node, so these resets came through other paths (their reasons), which that fix does"
			  " not cover.");
	else
		sb_printf(&fix, "The upstream fix is \"mm/vmscan: mitigate spurious kswapd_failures reset from direct"
			  " reclaim\" (kswapd_failures reset only when the node is balanced); this kernel lacks"
			  " the tracepoints merged with it (failures_source=%s), so it most likely lacks the fix:"
			  " upgrade, or backport the patch.",
			  data->version.failures_source ? data->version.failures_source : "unknown");
	if (nwho && cg)
		sb_printf(&fix, " The cgroup: %s (of %s, pid %" PRId64 "); compare memory.current with"
			  " memory.high there and watch the high line of memory.events: raise that memory.high"
			  " (or limit with memory.max instead), or give the node memory kswapd can reclaim (swap,"
			  " zram).", cg, who[cw].comm ? who[cw].comm : "?", who[cw].pid);
	else if (nwho && who[cw].cgroup)
		sb_printf(&fix, " Find the cgroup: the record names cgroup id %" PRIu64 " (on the machine the"
			  " records come from: find /sys/fs/cgroup -inum %" PRIu64 "); compare memory.current"
			  " with memory.high there and watch the high line of memory.events: raise that"
			  " memory.high (or limit with memory.max instead), or give the node memory kswapd can"
			  " reclaim (swap, zram).", who[cw].cgroup, who[cw].cgroup);
	else if (nwho)
		sb_printf(&fix, " Find the cgroup: cat /proc/%" PRId64 "/cgroup on the machine the records come"
			  " from, while %s runs (%s); compare memory.current with memory.high there and watch the"
			  " high line of memory.events: raise that memory.high (or limit with memory.max instead),"
			  " or give the node memory kswapd can reclaim (swap, zram).", who[cw].pid,
			  who[cw].comm ? who[cw].comm : "it",
			  ksw_diag_proc_root ? "it no longer runs here" : "a saved copy's pids mean nothing here");
	else
		sb_printf(&fix, " Look for cgroups at their memory.high (the high line of memory.events) and raise"
			  " it, or give the node memory kswapd can reclaim (swap, zram).");
	sb_printf(&fix, " Confirm: trace-cmd record -e 'kswapwatch:*' -e vmscan:mm_vmscan_direct_reclaim_end.");

	f->summary = sb_take(&sum);
	f->cause = sb_take(&cause);
	f->fix = sb_take(&fix);
	ev_s64(f, "nid", nid);
	ev_u64(f, "spurious_resets", total);
	ev_u64(f, "in_history", nsp);
	ev_u64(f, "revived", nrev);
	ev_u64(f, "resets_direct", reason[KSW_RESET_DIRECT]);
	ev_u64(f, "resets_pcp", reason[KSW_RESET_PCP]);
	ev_u64(f, "resets_kswapd", reason[KSW_RESET_KSWAPD]);
	ev_u64(f, "resets_other", reason[KSW_RESET_OTHER] + reason[KSW_RESET_NR]);
	ev_s64(f, "max_retries", maxr);
	if (node)
		ev_u64(f, "hopeless_episodes", node->hopeless_episodes);
	if (nwho) {
		ev_str(f, "comm", who[0].comm ? who[0].comm : "");
		ev_s64(f, "pid", who[0].pid);
		ev_str(f, "cgroup", cg ? cg : "");
		if (who[cw].cgroup)
			ev_u64(f, "cgroup_id", who[cw].cgroup);
	}
	free(cg);
	free(seqs);
	free(who);
	free(rev);
}

static void hopeless_node(const struct diag_ctx *c, struct ksw_diag *d, const struct ksw_node *n)
{
	const struct ksw_data *data = c->d;
	struct ksw_finding *f = diag_new(d, "hopeless_node", KSW_SEV_CRITICAL);
	size_t i, nf = 0;
	char *seqs;
	char w[96];

	f->nid = n->nid;
	/* The failed runs since the node's last reset. */
	for (i = 0; i < data->nfails; i++) {
		const struct ksw_fail *fl = &data->fails[i];

		if (fl->nid != n->nid || !ksw_fail_selected(data, c->sel, fl))
			continue;
		if (fl->event == KSW_EV_RESET) {
			f->nfailures = 0;
			f->have_time = 0;
		} else if (fl->event == KSW_EV_FAIL) {
			f_fail(f, fl);
		}
	}
	nf = f->nfailures;
	seqs = fmt_seqs(f->failures, f->nfailures);
	f->summary = ksw_xasprintf("Node %" PRId64 " is hopeless: kswapd gave up after %" PRId64
				   " balance runs that reclaimed nothing%s%s", n->nid, n->max_retries,
				   f->have_time ? ", the last at " : "",
				   f->have_time ? fmt_when(w, sizeof(w), data, f->last_ns) : "");
	if (nf)
		f->cause = ksw_xasprintf("kswapd_failures of node %" PRId64 " is %" PRId64 " (max_retries %" PRId64
					 "): kswapd_failures seq %s are %zu failed kswapd runs since its last reset."
					 " kswapd no longer reclaims there: allocations on the node reclaim"
					 " directly (stalls), and the OOM killer is next. It has given up %" PRIu64
					 " time%s since the records began.", n->nid, n->failures, n->max_retries,
					 seqs, nf, n->hopeless_episodes, n->hopeless_episodes == 1 ? "" : "s");
	else
		f->cause = ksw_xasprintf("kswapd_failures of node %" PRId64 " is %" PRId64 " (max_retries %" PRId64
					 "): kswapd no longer reclaims there; allocations on the node reclaim"
					 " directly (stalls), and the OOM killer is next.", n->nid, n->failures,
					 n->max_retries);
	f->fix = ksw_xasprintf("What is left on node %" PRId64 " is not reclaimable: anonymous memory without"
			       " swap, mlocked or unevictable pages, kernel memory; see /proc/meminfo (numastat -m"
			       " for one node) and the largest processes (numastat -p, ps -eo pid,rss,comm"
			       " --sort=-rss). Add swap or zram, or cap the largest workloads (memory.max on their"
			       " cgroup); kswapd starts again after a successful direct reclaim or when pages are"
			       " freed. Confirm: trace-cmd record -e 'kswapwatch:*'.", n->nid);
	ev_s64(f, "nid", n->nid);
	ev_s64(f, "failures", n->failures);
	ev_s64(f, "max_retries", n->max_retries);
	ev_u64(f, "hopeless", (uint64_t)n->hopeless);
	ev_u64(f, "hopeless_episodes", n->hopeless_episodes);
	ev_u64(f, "fails_total", n->fails_total);
	ev_u64(f, "failed_runs_since_reset", nf);
	free(seqs);
}

/*
 * A node that gave up and came back: the history holds a failed run that
 * reached max_retries and a reset after it.  Each such episode left the
 * node's allocations to direct reclaim (stalls) until the reset.
 */
static void hopeless_episodes(const struct diag_ctx *c, struct ksw_diag *d,
			      const struct ksw_node *node, int64_t nid)
{
	const struct ksw_data *data = c->d;
	int64_t maxr = ksw_data_max_retries(data, nid);
	const struct ksw_fail *gave = NULL, *last_gave = NULL, *back = NULL;
	struct ksw_finding *f = NULL;
	size_t i, episodes = 0;
	char w1[96], w2[96];

	for (i = 0; i < data->nfails; i++) {
		const struct ksw_fail *fl = &data->fails[i];

		if (fl->nid != nid || !ksw_fail_selected(data, c->sel, fl))
			continue;
		if (fl->event == KSW_EV_FAIL && fl->failures >= maxr && !gave) {
			gave = fl;
		} else if (fl->event == KSW_EV_RESET && gave) {
			if (!f)
				f = diag_new(d, "hopeless_episode", KSW_SEV_WARNING);
			f_fail(f, gave);
			f_fail(f, fl);
			episodes++;
			last_gave = gave;
			back = fl;
			gave = NULL;
		}
	}
	if (!f)
		return;
	f->nid = nid;
	if (episodes == 1)
		f->summary = ksw_xasprintf("kswapd gave up on node %" PRId64 " once and came back: it gave up at %s",
					   nid, fmt_when(w1, sizeof(w1), data, last_gave->ts_ns));
	else
		f->summary = ksw_xasprintf("kswapd gave up on node %" PRId64 " %zu times and came back; the last time"
					   " it gave up at %s", nid, episodes,
					   fmt_when(w1, sizeof(w1), data, last_gave->ts_ns));
	f->cause = ksw_xasprintf("kswapd_failures of node %" PRId64 " reached %" PRId64 " (kswapd_failures seq %" PRIu64
				 "): %" PRId64 " balance_pgdat() runs in a row reclaimed nothing, so kswapd stopped"
				 " reclaiming there and allocations on the node had to reclaim directly, in the"
				 " allocating tasks (stalls), with the OOM killer next. It came back at %s (seq %" PRIu64
				 "): a %s reset by %s (pid %" PRId64 ")%s.", nid, maxr, last_gave->seq, maxr,
				 fmt_when(w2, sizeof(w2), data, back->ts_ns), back->seq,
				 back->reason_name ? back->reason_name : "-",
				 back->comm ? back->comm : "?", back->pid,
				 back->balanced == 1 ? " with the node balanced" :
				 back->balanced == 0 ? " while the node was still not balanced (see spurious_resets)" : "");
	f->fix = ksw_xasprintf("The memory kswapd could not reclaim was not reclaimable: anonymous memory without"
			       " swap, mlocked or unevictable pages, kernel memory. Add swap or zram, or cap the"
			       " largest workloads (memory.max on their cgroup), so that kswapd has pages to free"
			       " before the node runs out. Confirm: trace-cmd record -e 'kswapwatch:*'.");
	ev_s64(f, "nid", nid);
	ev_u64(f, "episodes", episodes);
	ev_s64(f, "max_retries", maxr);
	if (node)
		ev_u64(f, "hopeless_episodes", node->hopeless_episodes);
	ev_u64(f, "gave_up_seq", last_gave->seq);
	ev_u64(f, "revived_seq", back->seq);
	ev_str(f, "revived_reason", back->reason_name ? back->reason_name : "-");
}

void diag_failures(const struct diag_ctx *c, struct ksw_diag *d)
{
	const struct ksw_data *data = c->d;
	int64_t *nids = NULL;
	size_t n = 0, i, k;

	/* Every node the nodes file or the history names, in nid order. */
	for (i = 0; i < data->nnodes + data->nfails; i++) {
		int64_t nid = i < data->nnodes ? data->nodes[i].nid : data->fails[i - data->nnodes].nid;

		for (k = 0; k < n && nids[k] != nid; k++)
			;
		if (k < n || !ksw_node_selected(c->sel, nid))
			continue;
		nids = ksw_xrealloc(nids, (n + 1) * sizeof(*nids));
		for (k = n; k > 0 && nids[k - 1] > nid; k--)
			nids[k] = nids[k - 1];
		nids[k] = nid;
		n++;
	}
	for (i = 0; i < n; i++) {
		const struct ksw_node *node = ksw_data_node(data, nids[i]);

		if (node && ksw_node_hopeless(node))
			hopeless_node(c, d, node);
		else
			hopeless_episodes(c, d, node, nids[i]);
		spurious_node(c, d, node, nids[i]);
	}
	free(nids);
}
