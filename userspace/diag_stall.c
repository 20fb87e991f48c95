// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diagnose: a finding for every stall at or above the threshold that a
 * scan storm does not explain (diag_storm.c takes those).
 *
 * What held the CPU decides the finding: interrupts off (kind=irq:
 * irq_off_stall), no task switch while the tick ran (kind=sched:
 * preempt_off_stall, or rt_starvation when the record names the real-time
 * task that ran: rt_comm=), a task held up in reclaim (kind=reclaim:
 * reclaim_stall, cgroup reclaim told from direct reclaim by the stack).
 * Stalls of the same finding and holder (the first backtrace frame outside
 * the timer and interrupt path, symbol and module) are one finding, with
 * their count and their shortest, median and longest duration.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diag_advice.h"
#include "diag_int.h"
#include "util.h"

enum {
	CL_IRQ,
	CL_PREEMPT,
	CL_RT,
	CL_RECLAIM_DIRECT,
	CL_RECLAIM_MEMCG,
	CL_IDLE,
	CL_OTHER,
};

static const char *const cl_id[] = {
	[CL_IRQ] = "irq_off_stall",
	[CL_PREEMPT] = "preempt_off_stall",
	[CL_RT] = "rt_starvation",
	[CL_RECLAIM_DIRECT] = "reclaim_stall",
	[CL_RECLAIM_MEMCG] = "reclaim_stall",
	[CL_IDLE] = "idle_stall",
	[CL_OTHER] = "cpu_stall",
};

struct group {
	int cl;
	const char *sym, *mod;		/* the holder frame, NULL without a stack */
	const char *comm;		/* the holder task when there is no stack */
	const char *rt_comm;
	const struct ksw_stall **v;
	size_t n;
};

static int frame_has(const struct ksw_stall *s, const char *const *names, size_t nn)
{
	int i;
	size_t k;

	for (i = 0; i < s->nframes; i++)
		for (k = 0; k < nn; k++)
			if (strstr(s->frames[i].sym, names[k]))
				return 1;
	return 0;
}

static int stall_memcg(const struct ksw_stall *s)
{
	static const char *const memcg[] = {
		"try_to_free_mem_cgroup_pages", "mem_cgroup_handle_over_high", "reclaim_high",
	};

	return frame_has(s, memcg, sizeof(memcg) / sizeof(memcg[0]));
}

/* The holder was reclaiming: kswapd, or reclaim code in its stack. */
static int stall_in_reclaim(const struct ksw_stall *s)
{
	static const char *const reclaim[] = {
		"shrink_lruvec", "shrink_node", "shrink_folio_list", "shrink_page_list",
		"shrink_inactive_list", "shrink_active_list", "isolate_lru_", "balance_pgdat",
		"do_try_to_free_pages", "try_to_free_pages", "lru_gen_shrink", "evict_folios",
	};

	if (s->comm && strncmp(s->comm, "kswapd", 6) == 0)
		return 1;
	return frame_has(s, reclaim, sizeof(reclaim) / sizeof(reclaim[0]));
}

static int stall_idle(const struct ksw_stall *s)
{
	static const char *const idle[] = {
		"do_idle", "cpu_startup_entry", "default_idle_call", "cpuidle_enter",
	};

	return frame_has(s, idle, sizeof(idle) / sizeof(idle[0]));
}

/* The CPU waited for another to run a function it sent (an IPI). */
static int stall_ipi_wait(const struct ksw_stall *s)
{
	static const char *const ipi[] = {
		"smp_call_function_many_cond", "smp_call_function_single", "csd_lock_wait",
		"on_each_cpu_cond_mask", "smp_call_function",
	};

	return frame_has(s, ipi, sizeof(ipi) / sizeof(ipi[0]));
}

/* A spinlock wait between the tick and the holder frame. */
static int stall_lock_wait(const struct ksw_stall *s, const struct ksw_frame *holder)
{
	int i;

	for (i = 0; i < s->nframes && &s->frames[i] != holder; i++)
		if (strstr(s->frames[i].sym, "spin_lock") || strstr(s->frames[i].sym, "lock_slowpath"))
			return 1;
	return 0;
}

int diag_stall_stormed(const struct ksw_stall *s)
{
	if (!s->storm_zone)
		return 0;
	if (s->nframes)
		return stall_in_reclaim(s);
	return s->kswapd_ran || s->kind == KSW_STALL_K_RECLAIM;
}

static int classify(const struct ksw_stall *s)
{
	if (ksw_stall_extra(s, "rt_comm"))
		return CL_RT;
	/*
	 * The idle loop held it: the CPU did not run at all (a vCPU, an SMI).
	 * Of a gap on several CPUs the backtrace is one CPU's: an idle one
	 * does not tell what held the others, so the kind decides.
	 */
	if ((s->kind == KSW_STALL_K_IRQ || s->kind == KSW_STALL_K_SCHED) && stall_idle(s) &&
	    s->ncpus <= 1)
		return CL_IDLE;
	switch (s->kind) {
	case KSW_STALL_K_IRQ:
		return CL_IRQ;
	case KSW_STALL_K_SCHED:
		return CL_PREEMPT;
	case KSW_STALL_K_RECLAIM:
		return stall_memcg(s) ? CL_RECLAIM_MEMCG : CL_RECLAIM_DIRECT;
	default:
		return CL_OTHER;
	}
}

static int str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static struct group *group_get(struct group **g, size_t *n, const struct ksw_stall *s)
{
	const struct ksw_frame *fr = ksw_stall_holder_frame(s);
	const char *sym = fr ? fr->sym : NULL, *mod = fr ? fr->mod : NULL;
	const char *comm = fr ? NULL : s->comm;
	const char *rt = ksw_stall_extra(s, "rt_comm");
	int cl = classify(s);
	size_t i;

	for (i = 0; i < *n; i++) {
		struct group *x = &(*g)[i];

		if (x->cl == cl && str_eq(x->sym, sym) && str_eq(x->mod, mod) &&
		    str_eq(x->comm, comm) && str_eq(x->rt_comm, rt))
			return x;
	}
	*g = ksw_xrealloc(*g, (*n + 1) * sizeof(**g));
	memset(&(*g)[*n], 0, sizeof(**g));
	(*g)[*n].cl = cl;
	(*g)[*n].sym = sym;
	(*g)[*n].mod = mod;
	(*g)[*n].comm = comm;
	(*g)[*n].rt_comm = rt;
	return &(*g)[(*n)++];
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* "si_stall+0xb6/0x110 [stallinject] < si_thread [stallinject] < kthread". */
static void put_stack(struct sb *b, const struct ksw_stall *s, const struct ksw_frame *holder,
		      int max)
{
	int i = (int)(holder - s->frames), shown = 0;

	for (; i < s->nframes && shown < max; i++, shown++) {
		const struct ksw_frame *f = &s->frames[i];

		sb_printf(b, "%s%s", shown ? " < " : "", shown ? f->sym : f->text);
		if (f->mod && shown)
			sb_printf(b, " [%s]", f->mod);
	}
	if (i < s->nframes)
		sb_printf(b, " < ...");
}

static const char *dur(char *buf, size_t len, uint64_t us)
{
	return ksw_fmt_us(buf, len, us);
}

int diag_severity_for(uint64_t max_us, int system)
{
	if (max_us >= 500000 || (system && max_us >= 100000))
		return KSW_SEV_CRITICAL;
	if (max_us >= 100000)
		return KSW_SEV_WARNING;
	return KSW_SEV_INFO;
}

/* What reclaim and kswapd did in the gaps of @g. */
static void put_gap_reclaim(struct sb *b, const struct group *g, int in_reclaim)
{
	uint64_t scanned = 0, reclaimed = 0, skipped = 0, direct = 0;
	size_t kswapd = 0, partial = 0, i;

	for (i = 0; i < g->n; i++) {
		const struct ksw_stall *s = g->v[i];

		scanned += s->scanned;
		reclaimed += s->reclaimed;
		skipped += s->skipped;
		direct += s->direct;
		kswapd += s->kswapd_ran;
		partial += s->deltas_full == 0;
	}
	sb_printf(b, " In the gap%s reclaim scanned %" PRIu64 " pages, reclaimed %" PRIu64
		  " and skipped %" PRIu64 "; %" PRIu64 " direct reclaim%s in flight; kswapd %s",
		  g->n > 1 ? "s" : "", scanned, reclaimed, skipped, direct, direct == 1 ? " was" : "s were",
		  kswapd ? "was awake" : "slept");
	if (kswapd && g->n > 1)
		sb_printf(b, " in %zu of them", kswapd);
	sb_printf(b, ".");
	if (partial)
		sb_printf(b, " (The counters cover only part of %zu gap%s.)", partial,
			  partial == 1 ? "" : "s");
	if (in_reclaim < 0)
		return;
	if (in_reclaim)
		sb_printf(b, " The holder was reclaiming memory: reclaim caused this stall.");
	else if (!scanned && !direct)
		sb_printf(b, " Reclaim did not cause it.");
	else
		sb_printf(b, " Reclaim ran meanwhile but did not hold this CPU: it did not cause it.");
}

static void reclaim_fix(const struct diag_ctx *c, struct sb *fix, const struct group *g,
			const struct ksw_stall *longest, struct ksw_finding *f)
{
	char b1[32], b2[32];

	if (g->cl == CL_RECLAIM_MEMCG) {
		sb_printf(fix, "Cgroup reclaim: the task's cgroup is at its memory.max or memory.high and reclaims"
			  " its own pages before each charge. Find it: cat /proc/%" PRId64 "/cgroup (while it runs);"
			  " its memory.events counts the max and high hits. Raise that limit, or give the work"
			  " fewer pages to keep. Confirm with trace-cmd record -e vmscan:mm_vmscan_memcg_reclaim_begin"
			  " -e vmscan:mm_vmscan_memcg_reclaim_end -e 'kswapwatch:*'.", longest->pid);
		return;
	}
	sb_printf(fix, "Direct reclaim: free memory fell below the min watermark before kswapd caught up;"
		  " if another finding shows kswapd stuck or storming, fix that first. Confirm with"
		  " trace-cmd record -e vmscan:mm_vmscan_direct_reclaim_begin"
		  " -e vmscan:mm_vmscan_direct_reclaim_end -e 'kswapwatch:*'.");
	{
		struct ksw_wsf_advice a;

		ksw_advise_wsf(c->d, -1, c->sc, &a);
		if (a.cur >= 0)
			ev_s64(f, "watermark_scale_factor", a.cur);
		switch (a.status) {
		case KSW_ADV_PROPOSE:
			sb_printf(fix, " Wake kswapd earlier and keep more memory free: sysctl -w"
				  " vm.watermark_scale_factor=%ld (now %ld", a.want, a.cur);
			if (a.zone)
				sb_printf(fix, "; zone %s's watermarks then lie %s apart instead of %s",
					  a.zone->zone, fmt_bytes(b1, sizeof(b1), c, a.step_new),
					  fmt_bytes(b2, sizeof(b2), c, a.step_cur));
			sb_printf(fix, "); persist it: echo 'vm.watermark_scale_factor = %ld' >"
				  " /etc/sysctl.d/90-watermark-scale.conf.", a.want);
			ev_s64(f, "watermark_scale_factor_advised", a.want);
			break;
		case KSW_ADV_AT_LIMIT:
			sb_printf(fix, " vm.watermark_scale_factor is %ld, at the kernel's limit (%d): raise"
				  " vm.min_free_kbytes (now %ld) instead, a little at a time.", a.cur, KSW_WSF_MAX,
				  c->sc->min_free_kbytes);
			break;
		default:
			sb_printf(fix, " vm.watermark_scale_factor could not be read: if it is below %d, raising it"
				  " to %d wakes kswapd earlier (at most %d).", KSW_WSF_FLOOR, KSW_WSF_FLOOR,
				  KSW_WSF_MAX);
			break;
		}
	}
}

static void emit(const struct diag_ctx *c, struct ksw_diag *d, struct group *g)
{
	const struct ksw_stall *longest = g->v[0];
	const struct ksw_frame *holder;
	struct ksw_finding *f;
	struct sb sum = { 0 }, cause = { 0 }, fix = { 0 }, st = { 0 };
	uint64_t *durs = ksw_xrealloc(NULL, g->n * sizeof(*durs)), med;
	size_t i, system = 0;
	char b1[32], b2[32], b3[32], w1[96], w2[96];
	int in_reclaim, idle, lockw;
	const char *cpus, *cpuw;
	char *seqs;

	for (i = 0; i < g->n; i++) {
		durs[i] = g->v[i]->dur_us;
		if (g->v[i]->dur_us > longest->dur_us)
			longest = g->v[i];
		system += g->v[i]->system == 1;
	}
	qsort(durs, g->n, sizeof(*durs), u64_cmp);
	med = g->n % 2 ? durs[g->n / 2] : (durs[g->n / 2 - 1] + durs[g->n / 2]) / 2;
	holder = ksw_stall_holder_frame(longest);
	in_reclaim = stall_in_reclaim(longest);
	idle = stall_idle(longest);
	lockw = holder && stall_lock_wait(longest, holder);
	cpus = longest->cpus ? longest->cpus : "?";
	cpuw = longest->ncpus > 1 ? "CPUs" : "CPU";

	f = diag_new(d, cl_id[g->cl], diag_severity_for(durs[g->n - 1], system > 0));
	/* Nothing in the guest to change: a warning at most, from 500 ms. */
	if (g->cl == CL_IDLE)
		f->severity = durs[g->n - 1] >= 500000 ? KSW_SEV_WARNING : KSW_SEV_INFO;
	for (i = 0; i < g->n; i++)
		f_stall(f, g->v[i]);
	seqs = fmt_seqs(f->stalls, f->nstalls);
	fmt_when(w1, sizeof(w1), c->d, f->first_ns);
	fmt_when(w2, sizeof(w2), c->d, longest->start_ns);

	/* The holder, as a phrase. */
	if (holder) {
		sb_printf(&st, "%s", holder->sym);
		if (holder->mod)
			sb_printf(&st, " [%s]", holder->mod);
	} else {
		sb_printf(&st, "%s (pid %" PRId64 ", no backtrace)", longest->comm ? longest->comm : "?",
			  longest->pid);
	}

	/* Summary. */
	switch (g->cl) {
	case CL_IRQ:
		sb_printf(&sum, "Interrupts off");
		break;
	case CL_PREEMPT:
		sb_printf(&sum, "No task switch (preemption off)");
		break;
	case CL_RT:
		sb_printf(&sum, "Starved by the real-time task %s", g->rt_comm);
		break;
	case CL_RECLAIM_MEMCG:
		sb_printf(&sum, "Cgroup reclaim held a task");
		break;
	case CL_RECLAIM_DIRECT:
		sb_printf(&sum, "Direct reclaim held a task");
		break;
	case CL_IDLE:
		sb_printf(&sum, "An idle CPU stalled (not run by the host, or firmware)");
		break;
	default:
		sb_printf(&sum, "CPU stall (kind=%s)", longest->kind_name ? longest->kind_name : "?");
		break;
	}
	if (g->n == 1) {
		sb_printf(&sum, " for %s on %s %s%s, in %s, at %s", dur(b1, sizeof(b1), durs[0]), cpuw, cpus,
			  longest->system == 1 ? " (every CPU: the system froze)" : "", st.s, w2);
	} else {
		char sys[64] = "";

		if (system == g->n)
			snprintf(sys, sizeof(sys), " (every CPU: the system froze)");
		else if (system)
			snprintf(sys, sizeof(sys), " (every CPU in %zu of them)", system);
		sb_printf(&sum, " %zu times (%s to %s, median %s), the longest on %s %s%s, in %s, the last"
			  " at %s", g->n, dur(b1, sizeof(b1), durs[0]), dur(b2, sizeof(b2), durs[g->n - 1]),
			  dur(b3, sizeof(b3), med), cpuw, cpus, sys, st.s,
			  fmt_when(w1, sizeof(w1), c->d, f->last_ns));
	}

	/* Cause: what, who, the code, what reclaim did. */
	if (g->n > 1)
		sb_printf(&cause, "%zu stalls (seq %s), from %s to %s; the longest, %s, at %s. ",
			  g->n, seqs, dur(b1, sizeof(b1), durs[0]), dur(b2, sizeof(b2), durs[g->n - 1]),
			  dur(b3, sizeof(b3), longest->dur_us), w2);
	switch (g->cl) {
	case CL_IRQ:
		sb_printf(&cause, "Interrupts were off on %s %s for %s: no timer interrupt was handled there,"
			  " so nothing else ran on it (in a virtual machine, a virtual CPU the host did not run"
			  " looks the same).", cpuw, cpus, dur(b1, sizeof(b1), longest->dur_us));
		break;
	case CL_PREEMPT:
		sb_printf(&cause, "%s %s did not switch tasks for %s although the timer interrupts ran:"
			  " preemption was off, or kernel code ran that long without a scheduling point.",
			  cpuw, cpus, dur(b1, sizeof(b1), longest->dur_us));
		break;
	case CL_RT: {
		const char *prio = ksw_stall_extra(longest, "rt_prio");
		const char *rpid = ksw_stall_extra(longest, "rt_pid");

		sb_printf(&cause, "The real-time task %s%s%s%s%s%s%s ran on CPU %s for %s without giving it"
			  " up: tasks of lower priority, and the kernel threads bound to that CPU, got no time.",
			  g->rt_comm, rpid ? " (pid " : "", rpid ? rpid : "", rpid ? ")" : "",
			  prio ? ", priority " : "", prio ? prio : "", prio ? "," : "", cpus,
			  dur(b1, sizeof(b1), longest->dur_us));
		break;
	}
	case CL_IDLE:
		sb_printf(&cause, "%s %s stalled for %s (kind=%s: %s) while idle, in %s: no code on it held"
			  " it, interrupts were on. A virtual CPU the host did not run (steal time), or"
			  " firmware (an SMI), is the likely cause.", cpuw, cpus,
			  dur(b1, sizeof(b1), longest->dur_us), longest->kind_name ? longest->kind_name : "?",
			  longest->kind == KSW_STALL_K_IRQ ? "no timer interrupt was handled" :
			  "no task switch", holder ? holder->sym : "the idle loop");
		break;
	case CL_RECLAIM_MEMCG:
	case CL_RECLAIM_DIRECT:
		sb_printf(&cause, "%s (pid %" PRId64 ") spent %s in %s on CPU %s.",
			  longest->comm ? longest->comm : "a task", longest->pid,
			  dur(b1, sizeof(b1), longest->dur_us),
			  g->cl == CL_RECLAIM_MEMCG ? "cgroup reclaim (its cgroup at memory.max or memory.high)" :
			  "direct reclaim for its allocation", cpus);
		break;
	default:
		sb_printf(&cause, "CPU %s stalled for %s (kind=%s, which this reader does not know).",
			  cpus, dur(b1, sizeof(b1), longest->dur_us),
			  longest->kind_name ? longest->kind_name : "?");
		break;
	}
	if (longest->system == 1)
		sb_printf(&cause, " Every online CPU was in the gap: the whole system froze.");
	if (g->cl != CL_RECLAIM_MEMCG && g->cl != CL_RECLAIM_DIRECT) {
		if (g->cl == CL_IDLE)
			;	/* said above */
		else if (idle)
			sb_printf(&cause, " The backtrace is of a CPU of the gap that was idle (%s): it does not"
				  " show what held the others; the tracer below does.",
				  holder ? holder->sym : "the idle loop");
		else if (holder && stall_ipi_wait(longest) && longest->ncpus > 1)
			sb_printf(&cause, " The backtrace is of %s (pid %" PRId64 "), waiting for another CPU of the"
				  " gap to run a function it sent (an IPI): that CPU, with interrupts off, held"
				  " both; the tracer below names its code. The waiter was in ",
				  longest->comm ? longest->comm : "?", longest->pid);
		else if (holder)
			sb_printf(&cause, " It was held by %s (pid %" PRId64 "), %sin ", longest->comm ? longest->comm : "?",
				  longest->pid, lockw ? "spinning for a lock " : "");
		else
			sb_printf(&cause, " It was held by %s (pid %" PRId64 "); no backtrace was taken.",
				  longest->comm ? longest->comm : "?", longest->pid);
	} else if (holder) {
		sb_printf(&cause, " Its stack: ");
	}
	if (holder && !idle) {
		put_stack(&cause, longest, holder, 4);
		if (holder->mod)
			sb_printf(&cause, " (module %s).", holder->mod);
		else
			sb_printf(&cause, " (the kernel itself).");
	}
	if (g->cl != CL_RECLAIM_MEMCG && g->cl != CL_RECLAIM_DIRECT)
		put_gap_reclaim(&cause, g, in_reclaim);
	else
		put_gap_reclaim(&cause, g, -1);
	{
		/* The timeline of the longest, else of the latest that has one. */
		struct sb tl = { 0 };
		size_t k = g->n;
		uint64_t seq = longest->seq;

		while (!diag_timeline(c, &tl, seq) && k > 0)
			seq = g->v[--k]->seq;
		if (tl.len)
			sb_printf(&cause, " The timeline of stall %" PRIu64 ": %s", seq, tl.s);
		free(tl.s);
	}

	/* Fix: the tracer that confirms it, what to change. */
	switch (g->cl) {
	case CL_IRQ:
		sb_printf(&fix, "Confirm where interrupts went off and on: the irqsoff tracer (echo irqsoff >"
			  " /sys/kernel/tracing/current_tracer; echo 0 > /sys/kernel/tracing/tracing_max_latency;"
			  " after the next stall, cat /sys/kernel/tracing/trace), or rtla timerlat top -a %" PRIu64
			  " (names the IRQ or thread of a latency); with kswapwatch's events: trace-cmd record"
			  " -e 'kswapwatch:*' -e irq -e sched:sched_switch.", c->thresh_us);
		break;
	case CL_PREEMPT:
		sb_printf(&fix, "Confirm where preemption went off: the preemptoff tracer (echo preemptoff >"
			  " /sys/kernel/tracing/current_tracer, then cat /sys/kernel/tracing/trace after the next"
			  " stall), or rtla timerlat top -a %" PRIu64 " (thread latency); with kswapwatch's events:"
			  " trace-cmd record -e 'kswapwatch:*' -e sched:sched_switch.", c->thresh_us);
		break;
	case CL_RT:
		sb_printf(&fix, "Confirm: rtla timerlat top -a %" PRIu64 ", or trace-cmd record -e sched:sched_switch"
			  " -e 'kswapwatch:*' (the task runs through the gap); chrt -p on its pid shows its policy."
			  " Make it block or yield regularly, lower its priority, or give it CPUs of its own"
			  " (a cpuset, isolcpus); keep RT throttling on (kernel.sched_rt_runtime_us below"
			  " kernel.sched_rt_period_us).", c->thresh_us);
		break;
	case CL_RECLAIM_MEMCG:
	case CL_RECLAIM_DIRECT:
		reclaim_fix(c, &fix, g, longest, f);
		break;
	case CL_IDLE:
		sb_printf(&fix, "On a virtual machine, look at the host: steal time (the steal column of"
			  " /proc/stat, top's st), CPU overcommit, the host's own stalls; on real hardware,"
			  " SMIs (turbostat --show SMI) and firmware settings. Confirm: rtla timerlat top -a %"
			  PRIu64 " (its auto-analysis blames no thread or IRQ then), trace-cmd record -e"
			  " 'kswapwatch:*' -e irq.", c->thresh_us);
		break;
	default:
		sb_printf(&fix, "Update the reader to one that knows kind=%s.",
			  longest->kind_name ? longest->kind_name : "?");
		break;
	}
	if (g->cl == CL_IRQ || g->cl == CL_PREEMPT || g->cl == CL_RT) {
		const char *what = g->cl == CL_IRQ ? "keeps interrupts off" :
				   g->cl == CL_PREEMPT ? "runs without a scheduling point" : "";

		if (in_reclaim)
			sb_printf(&fix, " The time went to reclaim: see the kswapd and scan storm findings for"
				  " what drives it (trace-cmd record -e vmscan -e 'kswapwatch:*').");
		else if (g->cl != CL_RT && holder && holder->mod)
			sb_printf(&fix, " Then change the code: %s in module %s %s for %s; shorten that section"
				  " (%s), or update or unload the module (modinfo %s).", holder->sym, holder->mod,
				  what, dur(b1, sizeof(b1), longest->dur_us),
				  g->cl == CL_IRQ ? "move the work out of local_irq_save()/spin_lock_irqsave(),"
				  " into a threaded handler or a workqueue" :
				  "add cond_resched() to its loop, or end preempt_disable() sooner",
				  holder->mod);
		else if (g->cl != CL_RT && holder)
			sb_printf(&fix, " Then change the code: %s %s for %s; report it with the stack above to"
				  " its maintainers (scripts/get_maintainer.pl), or update the kernel.",
				  holder->sym, what, dur(b1, sizeof(b1), longest->dur_us));
		else if (g->cl != CL_RT)
			sb_printf(&fix, " No backtrace was taken: the tracer above shows the code.");
		if (g->cl == CL_PREEMPT && !in_reclaim)
			sb_printf(&fix, " A fully preemptible kernel (preempt=full on a PREEMPT_DYNAMIC kernel) lets"
				  " other tasks in where only a missing scheduling point held them out.");
	}

	f->summary = sb_take(&sum);
	f->cause = sb_take(&cause);
	f->fix = sb_take(&fix);
	ev_u64(f, "count", g->n);
	ev_u64(f, "dur_us_min", durs[0]);
	ev_u64(f, "dur_us_median", med);
	ev_u64(f, "dur_us_max", durs[g->n - 1]);
	ev_u64(f, "threshold_ms", c->thresh_us / 1000);
	ev_str(f, "kind", longest->kind_name ? longest->kind_name : "");
	ev_str(f, "cpus", cpus);
	ev_u64(f, "system_wide", system);
	ev_str(f, "comm", longest->comm ? longest->comm : "");
	ev_s64(f, "pid", longest->pid);
	ev_str(f, "holder", holder ? holder->sym : "");
	ev_str(f, "holder_module", holder && holder->mod ? holder->mod : "");
	if (holder) {
		struct sb bt = { 0 };
		int k;

		for (k = (int)(holder - longest->frames); k < longest->nframes; k++)
			sb_printf(&bt, "%s%s", bt.len ? "|" : "", longest->frames[k].text);
		ev_str(f, "stack", bt.s ? bt.s : "");
		free(bt.s);
	}
	if (g->rt_comm) {
		ev_str(f, "rt_comm", g->rt_comm);
		if (ksw_stall_extra(longest, "rt_prio"))
			ev_str(f, "rt_prio", ksw_stall_extra(longest, "rt_prio"));
	}
	{
		uint64_t scanned = 0, reclaimed = 0, skipped = 0, direct = 0, kswapd = 0;

		for (i = 0; i < g->n; i++) {
			scanned += g->v[i]->scanned;
			reclaimed += g->v[i]->reclaimed;
			skipped += g->v[i]->skipped;
			direct += g->v[i]->direct;
			kswapd += (uint64_t)g->v[i]->kswapd_ran;
		}
		ev_u64(f, "scanned", scanned);
		ev_u64(f, "reclaimed", reclaimed);
		ev_u64(f, "skipped", skipped);
		ev_u64(f, "direct", direct);
		ev_u64(f, "kswapd_awake", kswapd);
	}
	ev_u64(f, "longest_seq", longest->seq);
	free(st.s);
	free(seqs);
	free(durs);
}

void diag_stalls(const struct diag_ctx *c, struct ksw_diag *d)
{
	struct group *g = NULL;
	size_t n = 0, i;

	if (!(c->d->snap->have & KSW_BIT(KSW_F_STALLS)))
		return;
	for (i = 0; i < c->d->nstalls; i++) {
		const struct ksw_stall *s = &c->d->stalls[i];
		struct group *x;

		if (!diag_stall_counts(c, s) || diag_stall_stormed(s))
			continue;
		x = group_get(&g, &n, s);
		x->v = ksw_xrealloc(x->v, (x->n + 1) * sizeof(*x->v));
		x->v[x->n++] = s;
	}
	for (i = 0; i < n; i++) {
		emit(c, d, &g[i]);
		free(g[i].v);
	}
	free(g);
}
