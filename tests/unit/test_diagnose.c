// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The reader's diagnose: a finding for every stall at or above the
 * threshold, named by what held the CPU; the scan storm, kswapd that runs
 * without end, spurious resets and hopeless nodes from the module's own
 * verdicts; what could not be read; and the sysctl advice computed from the
 * zone sizes (never a no-op, never lower on a second run, its cost in MB,
 * no overflow on huge values: built with UBSan, which aborts on one).
 *
 * unit-sources: userspace/diagnose.c userspace/diag_stall.c userspace/diag_storm.c userspace/diag_failures.c userspace/diag_kswapd.c userspace/diag_advice.c userspace/diag_out.c userspace/timeline.c userspace/timeline_facts.c userspace/timeline_view.c userspace/records.c userspace/sysctl.c userspace/json.c userspace/prom.c userspace/parse.c userspace/snap.c userspace/util.c userspace/cgroup.c 
 * unit-cflags: -fsanitize=undefined -fno-sanitize-recover=undefined
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "diag_advice.h"
#include "diagnose.h"
#include "prom.h"
#include "reader_fixture.h"

/* A snapshot, its records and their findings, alive together. */
struct run {
	struct ksw_snap s;
	struct ksw_data data;
	struct ksw_sysctl sc;
	struct ksw_diag d;
};

static void run_done(struct run *r)
{
	ksw_diag_free(&r->d);
	ksw_data_free(&r->data);
	ksw_snap_free(&r->s);
}

static void analyse(struct run *r, const struct ksw_sel *sel)
{
	assert_int_equal(ksw_data_build(&r->data, &r->s), 0);
	assert_int_equal(ksw_diagnose(&r->data, sel, &r->sc, &r->d), 0);
}

/* Fixture @name with its own sys/vm; @mono_s > 0 gives it a read time. */
static void run_fixture(struct run *r, const char *name, const struct ksw_sel *sel, uint64_t mono_s)
{
	char root[4096];

	memset(r, 0, sizeof(*r));
	assert_int_equal(fixture_snap(name, &r->s), 0);
	if (mono_s) {
		r->s.have_clock = 1;
		r->s.mono_ns = mono_s * 1000000000ULL;
		r->s.real_ns = 1796300000LL * 1000000000LL;	/* 2026-12-03 */
	}
	snprintf(root, sizeof(root), "%s/%s/sys", KSW_FIXTURES, name);
	ksw_sysctl_read(&r->sc, root);
	analyse(r, sel);
}

static void run_text(struct run *r, const char *version, const char *nodes, const char *zones,
		     const char *failures, const char *stalls, const struct ksw_sysctl *sc)
{
	memset(r, 0, sizeof(*r));
	table_from(&r->s.t[KSW_F_VERSION], version ? version :
		   "kswapwatch=0.1.0 abi=1 failures_source=tracepoint\n");
	table_from(&r->s.t[KSW_F_NODES], nodes);
	table_from(&r->s.t[KSW_F_ZONES], zones);
	table_from(&r->s.t[KSW_F_FAILURES], failures);
	table_from(&r->s.t[KSW_F_STALLS], stalls);
	r->s.have = KSW_ALL_FILES;
	r->sc = *sc;
	analyse(r, NULL);
}

static const struct ksw_sysctl no_sysctl = { .nlrr = -1, .wsf = -1, .min_free_kbytes = -1, .wbf = -1 };

static const struct ksw_finding *find(const struct ksw_diag *d, const char *id, size_t nth)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->f[i].id, id) == 0 && nth-- == 0)
			return &d->f[i];
	return NULL;
}

static size_t count(const struct ksw_diag *d, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += strcmp(d->f[i].id, id) == 0;
	return n;
}

static int says(const struct ksw_finding *f, const char *text)
{
	return strstr(f->summary, text) || strstr(f->cause, text) || strstr(f->fix, text);
}

static const struct ksw_evidence *ev(const struct ksw_finding *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->nev; i++)
		if (strcmp(f->ev[i].key, key) == 0)
			return &f->ev[i];
	return NULL;
}

static uint64_t ev_num(const struct ksw_finding *f, const char *key)
{
	const struct ksw_evidence *e = ev(f, key);

	assert_non_null(e);
	return e->type == KSW_EVD_S64 ? (uint64_t)e->s : e->u;
}

static const char *ev_text(const struct ksw_finding *f, const char *key)
{
	const struct ksw_evidence *e = ev(f, key);

	assert_non_null(e);
	assert_int_equal(e->type, KSW_EVD_STR);
	return e->str;
}

/* No sysctl advice at all: neither ratio nor scale factor. */
static int advises_sysctl(const struct ksw_finding *f)
{
	return strstr(f->fix, "sysctl") || strstr(f->fix, "lowmem_reserve") ||
	       strstr(f->fix, "watermark_scale");
}

/* ------------------------------------------------------------------ */

static void test_quiet(void **state)
{
	struct run r;
	char *out = NULL;

	(void)state;
	run_fixture(&r, "quiet", NULL, 0);
	assert_int_equal(r.d.n, 0);
	assert_int_equal(ksw_diag_max_severity(&r.d), -1);
	CAPTURE(out, ksw_diag_print_json(f, &r.d));
	assert_string_equal(out, "");
	free(out);
	CAPTURE(out, ksw_diag_print_text(f, &r.d));
	assert_non_null(strstr(out, "No findings"));
	free(out);
	run_done(&r);
}

/* Every stall at or above the threshold has a finding; below it none. */
static void test_every_stall_a_finding(void **state)
{
	static const char stalls[] =
		"seq=1 start_ns=1000000000 dur_us=306000 cpus=0-1 kind=irq system=1 comm=si_thread/1 pid=215"
		" kswapd=- scanned=0 reclaimed=0 skipped=0 direct=0 deltas=full storm=-"
		" bt=si_stall+0xb6/0x110[stallinject]|si_thread+0x83/0xd0[stallinject]|kthread+0xda/0x100\n"
		"seq=2 start_ns=3000000000 dur_us=300000 cpus=1 kind=sched system=0 comm=si_thread/1 pid=216"
		" kswapd=- scanned=0 reclaimed=0 skipped=0 direct=0 deltas=full storm=-"
		" bt=stallinject_spin+0x1b/0x40[stallinject]|si_stall+0x54/0x110[stallinject]|si_thread+0x83/0xd0[stallinject]\n"
		"seq=3 start_ns=5000000000 dur_us=49999 cpus=1 kind=sched comm=x pid=1 bt=-\n"
		"seq=4 start_ns=6000000000 dur_us=50000 cpus=0 kind=sched comm=kworker/0:1 pid=44 bt=-\n";
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	run_text(&r, NULL, "", "", "", stalls, &no_sysctl);
	assert_int_equal(count(&r.d, "irq_off_stall"), 1);
	assert_int_equal(count(&r.d, "preempt_off_stall"), 2);

	f = find(&r.d, "irq_off_stall", 0);
	assert_int_equal(f->severity, KSW_SEV_CRITICAL);	/* system-wide, 306 ms */
	assert_int_equal(f->nstalls, 1);
	assert_true(f->stalls[0] == 1);
	assert_true(says(f, "Interrupts off for 306.0 ms"));
	assert_true(says(f, "si_stall [stallinject]"));
	assert_true(says(f, "every CPU"));
	assert_true(says(f, "irqsoff"));
	assert_true(says(f, "rtla timerlat"));
	assert_true(says(f, "trace-cmd record -e 'kswapwatch:*'"));
	assert_true(says(f, "Reclaim did not cause it"));
	assert_false(advises_sysctl(f));
	assert_string_equal(ev_text(f, "holder"), "si_stall");
	assert_string_equal(ev_text(f, "holder_module"), "stallinject");
	assert_true(f->have_time && f->first_ns == 1000000000 && f->last_ns == 1306000000);

	f = find(&r.d, "preempt_off_stall", 0);
	assert_int_equal(f->severity, KSW_SEV_WARNING);
	assert_true(f->stalls[0] == 2);
	assert_true(says(f, "preemptoff"));
	/* The injector's own function, not the spin helper's clock read. */
	assert_string_equal(ev_text(f, "holder"), "stallinject_spin");
	assert_false(advises_sysctl(f));

	/* 50 ms exactly: at the threshold, info. */
	f = find(&r.d, "preempt_off_stall", 1);
	assert_true(f->stalls[0] == 4);
	assert_int_equal(f->severity, KSW_SEV_INFO);
	run_done(&r);
}

/* The module's threshold_ms= and --min-ms decide which stalls count. */
static void test_threshold(void **state)
{
	static const char stalls[] = "seq=1 start_ns=1 dur_us=60000 cpus=0 kind=irq comm=a pid=1 bt=-\n"
				     "seq=2 start_ns=2 dur_us=120000 cpus=0 kind=irq comm=a pid=1 bt=-\n";
	struct ksw_sel sel = { .min_us = 100000 };
	struct run r;

	(void)state;
	run_text(&r, "kswapwatch=0.1.0 abi=1 threshold_ms=100\n", "", "", "", stalls, &no_sysctl);
	assert_int_equal(r.d.n, 1);
	assert_int_equal(r.d.f[0].nstalls, 1);
	assert_true(r.d.f[0].stalls[0] == 2);
	run_done(&r);

	run_text(&r, NULL, "", "", "", stalls, &no_sysctl);
	assert_int_equal(r.d.f[0].nstalls, 2);
	ksw_diag_free(&r.d);
	assert_int_equal(ksw_diagnose(&r.data, &sel, &r.sc, &r.d), 0);
	assert_int_equal(r.d.n, 1);
	assert_int_equal(r.d.f[0].nstalls, 1);
	run_done(&r);
}

/* Same kind and holder: one finding with count, min, median, max. */
static void test_grouping(void **state)
{
	static const char stalls[] =
		"seq=1 start_ns=1000000000 dur_us=150000 cpus=1 kind=irq comm=t pid=9 bt=si_stall+0xb6/0x110[stallinject]|si_thread+0x83/0xd0[stallinject]\n"
		"seq=2 start_ns=2000000000 dur_us=1000000 cpus=1 kind=irq comm=t pid=9 bt=ktime_get+0x3b/0xa0|si_stall+0x90/0x110[stallinject]\n"
		"seq=3 start_ns=4000000000 dur_us=300000 cpus=1 kind=irq comm=t pid=9 bt=si_stall+0xb6/0x110[stallinject]\n"
		"seq=4 start_ns=5000000000 dur_us=200000 cpus=1 kind=irq comm=u pid=10 bt=other_fn+0x1/0x2[othermod]\n"
		"seq=5 start_ns=6000000000 dur_us=200000 cpus=1 kind=sched comm=t pid=9 bt=si_stall+0xb6/0x110[stallinject]\n";
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	run_text(&r, NULL, "", "", "", stalls, &no_sysctl);
	assert_int_equal(count(&r.d, "irq_off_stall"), 2);
	assert_int_equal(count(&r.d, "preempt_off_stall"), 1);
	f = find(&r.d, "irq_off_stall", 0);
	assert_int_equal(f->nstalls, 3);
	assert_int_equal(ev_num(f, "count"), 3);
	assert_int_equal(ev_num(f, "dur_us_min"), 150000);
	assert_int_equal(ev_num(f, "dur_us_median"), 300000);
	assert_int_equal(ev_num(f, "dur_us_max"), 1000000);
	assert_int_equal(ev_num(f, "longest_seq"), 2);
	assert_int_equal(f->severity, KSW_SEV_CRITICAL);
	assert_true(says(f, "3 times (150.0 ms to 1.000 s, median 300.0 ms)"));
	assert_true(f->first_ns == 1000000000 && f->last_ns == 4300000000ULL);
	run_done(&r);
}

/* A gap in the idle loop: the CPU did not run at all; nothing to change in the guest. */
static void test_idle_stall(void **state)
{
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	run_text(&r, NULL, "", "", "",
		 "seq=4 start_ns=7368279000 dur_us=71781 cpus=0 kind=irq system=0 comm=swapper/0 pid=0"
		 " kswapd=- bt=native_safe_halt+0xb/0x10|amd_e400_idle+0x3d/0x50|default_idle_call+0x38/0xf0|"
		 "do_idle+0x206/0x2b0|cpu_startup_entry+0x26/0x30|start_secondary+0x1/0x2\n"
		 "seq=5 start_ns=9000000000 dur_us=900000 cpus=1 kind=sched system=0 comm=swapper/1 pid=0"
		 " kswapd=- bt=native_safe_halt+0xb/0x10|default_idle_call+0x38/0xf0|do_idle+0x206/0x2b0\n",
		 &no_sysctl);
	/* Same holder (the idle loop): one finding. */
	assert_int_equal(count(&r.d, "idle_stall"), 1);
	assert_int_equal(count(&r.d, "irq_off_stall"), 0);
	f = find(&r.d, "idle_stall", 0);
	assert_int_equal(f->nstalls, 2);
	assert_int_equal(f->severity, KSW_SEV_WARNING);	/* 900 ms: a warning at most */
	assert_true(says(f, "steal time"));
	assert_false(says(f, "Interrupts were off"));
	assert_false(advises_sysctl(f));
	run_done(&r);
	/* Of a gap on two CPUs, an idle CPU's backtrace does not clear the other. */
	run_text(&r, NULL, "", "", "",
		 "seq=4 start_ns=7368279000 dur_us=171781 cpus=0-1 kind=irq system=1 comm=swapper/0 pid=0"
		 " kswapd=- bt=native_safe_halt+0xb/0x10|do_idle+0x206/0x2b0\n", &no_sysctl);
	assert_string_equal(r.d.f[0].id, "irq_off_stall");
	assert_true(says(&r.d.f[0], "does not show what held the others"));
	run_done(&r);
}

/* The backtrace of a CPU waiting for the stalled one: said as such. */
static void test_ipi_waiter(void **state)
{
	struct run r;

	(void)state;
	run_text(&r, NULL, "", "", "",
		 "seq=1 start_ns=5083499030 dur_us=303253 cpus=0-1 kind=irq system=1 comm=kworker/0:0 pid=9"
		 " kswapd=- bt=smp_call_function_many_cond+0x116/0x560|on_each_cpu_cond_mask+0x24/0x40|"
		 "__change_page_attr_set_clr+0x592/0x1240\n", &no_sysctl);
	assert_string_equal(r.d.f[0].id, "irq_off_stall");
	assert_true(says(&r.d.f[0], "waiting for another CPU of the gap to run a function it sent (an IPI)"));
	run_done(&r);
}

/* A record that names the real-time task that ran: rt_starvation. */
static void test_rt_starvation(void **state)
{
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	run_text(&r, NULL, "", "", "",
		 "seq=7 start_ns=1000000000 dur_us=1500000 cpus=1 kind=sched system=0 comm=fifohog pid=300"
		 " kswapd=- scanned=0 reclaimed=0 skipped=0 direct=0 bt=- rt_comm=fifohog rt_prio=50 rt_pid=300\n",
		 &no_sysctl);
	assert_int_equal(r.d.n, 1);
	f = &r.d.f[0];
	assert_string_equal(f->id, "rt_starvation");
	assert_int_equal(f->severity, KSW_SEV_CRITICAL);
	assert_true(says(f, "real-time task fifohog (pid 300), priority 50,"));
	assert_true(says(f, "chrt -p"));
	assert_true(says(f, "rtla timerlat"));
	assert_false(advises_sysctl(f));
	assert_string_equal(ev_text(f, "rt_prio"), "50");
	run_done(&r);
}

/* Reclaim stalls: cgroup reclaim told from direct reclaim by the stack. */
static void test_reclaim_stalls(void **state)
{
	struct ksw_sysctl sc = no_sysctl;
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	run_fixture(&r, "reclaim-stalls", NULL, 0);
	f = find(&r.d, "reclaim_stall", 0);
	assert_non_null(f);
	assert_int_equal(f->nstalls, 3);
	assert_true(f->stalls[0] == 1 && f->stalls[1] == 3 && f->stalls[2] == 5);
	assert_int_equal(f->severity, KSW_SEV_CRITICAL);
	assert_true(says(f, "direct reclaim"));
	assert_true(says(f, "vm.watermark_scale_factor=100 (now 10"));
	assert_true(says(f, "mm_vmscan_direct_reclaim_begin"));
	/* The 72 ms sched stall of a kworker: a finding of its own, no advice. */
	f = find(&r.d, "preempt_off_stall", 0);
	assert_non_null(f);
	assert_true(f->stalls[0] == 6);
	assert_false(advises_sysctl(f));
	run_done(&r);

	sc.wsf = 10;
	run_text(&r, NULL, "", "", "",
		 "seq=1 start_ns=1 dur_us=150000 kind=reclaim pid=160 comm=m bt=__traceiter_mm_vmscan_direct_reclaim_end+0x1/0x2|try_to_free_mem_cgroup_pages+0x19e/0x240|try_charge_memcg+0x17b/0x780\n"
		 "seq=2 start_ns=2 dur_us=120000 kind=reclaim pid=161 comm=m bt=__traceiter_mm_vmscan_direct_reclaim_end+0x1/0x2|try_to_free_pages+0x173/0x220|__alloc_pages_slowpath+0x52a/0x1400\n",
		 &sc);
	assert_int_equal(count(&r.d, "reclaim_stall"), 2);
	f = find(&r.d, "reclaim_stall", 0);
	assert_true(says(f, "Cgroup reclaim"));
	assert_true(says(f, "cat /proc/160/cgroup"));
	assert_false(says(f, "watermark_scale_factor"));
	assert_string_equal(ev_text(f, "holder"), "try_to_free_mem_cgroup_pages");
	f = find(&r.d, "reclaim_stall", 1);
	assert_true(says(f, "Direct reclaim"));
	assert_true(says(f, "vm.watermark_scale_factor=100"));
	run_done(&r);
}

/* ------------------------------------------------------------------ */
/* Storms */

static void test_dma_storm_seed(void **state)
{
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	run_fixture(&r, "dma-storm", NULL, 0);
	assert_int_equal(r.d.n, 1);
	f = &r.d.f[0];
	assert_string_equal(f->id, "dma_scan_storm");
	assert_int_equal(f->severity, KSW_SEV_CRITICAL);
	assert_int_equal(f->nid, 0);
	assert_string_equal(f->zone, "DMA");
	/* The stalls kswapd froze the system in, not the 2 ms irq one. */
	assert_int_equal(f->nstalls, 3);
	assert_true(f->stalls[0] == 1 && f->stalls[1] == 3 && f->stalls[2] == 4);
	/* 2 GB of DMA under 60 GB of Normal: the seed's own 30, DMA's entry only. */
	assert_true(says(f, "sysctl -w vm.lowmem_reserve_ratio='30 256 32 0 0'"));
	assert_true(says(f, "echo 'vm.lowmem_reserve_ratio = 30 256 32 0 0' > /etc/sysctl.d/"));
	assert_true(says(f, "keeps 1.9 GB of DMA from ordinary allocations"));
	assert_true(says(f, "(GFP_DMA: drivers) still get it"));
	assert_true(says(f, "A smaller ratio is a larger reserve"));
	assert_string_equal(ev_text(f, "lowmem_reserve_ratio_advised"), "30 256 32 0 0");
	assert_int_equal(ev_num(f, "reserve_pages_advised"), 15466496 / 30);
	run_done(&r);
}

static void test_storm_live(void **state)
{
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	run_fixture(&r, "storm-live", NULL, 100);
	f = find(&r.d, "dma_scan_storm", 0);
	assert_non_null(f);
	assert_int_equal(f->severity, KSW_SEV_CRITICAL);
	assert_string_equal(f->zone, "DMA32");
	/* Only the stall kswapd held: the irq one in stallinject is not the storm's. */
	assert_int_equal(f->nstalls, 1);
	assert_true(f->stalls[0] == 1);
	assert_true(says(f, "639 pages of higher zones per page taken"));
	assert_true(says(f, "'256 5 32 0 0'"));
	assert_true(says(f, "keeps 176 MB of DMA32"));
	assert_true(says(f, "vm.watermark_boost_factor=0"));
	assert_true(says(f, "(now 15000)"));
	assert_true(f->last_ns == 95100000000ULL);
	f = find(&r.d, "irq_off_stall", 0);
	assert_non_null(f);
	assert_true(f->stalls[0] == 2);
	assert_false(advises_sysctl(f));
	/* kswapd: 30.6 s in 100 s, tied to the storm. */
	f = find(&r.d, "kswapd_busy", 0);
	assert_non_null(f);
	assert_int_equal(f->severity, KSW_SEV_WARNING);
	assert_int_equal(ev_num(f, "kswapd_run_ns"), 30600000000ULL);
	assert_int_equal(ev_num(f, "cpu_share_permille"), 306);
	assert_true(says(f, "at least 30.6% of a CPU"));
	assert_true(says(f, "took 2% of the pages they scanned"));
	assert_true(says(f, "scan storms"));
	assert_true(says(f, "98% of it went to runs for zone DMA32"));
	run_done(&r);
}

/* The module's timeline of a stall, in its finding's cause. */
static void test_timeline(void **state)
{
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	run_fixture(&r, "timeline", NULL, 0);
	f = find(&r.d, "dma_scan_storm", 0);
	assert_non_null(f);
	/* Stall 4, the longest, has none kept: the latest that has one. */
	assert_true(says(f, "The timeline of stall 3: kswapd0 (pid 72) was in kswapd reclaim on CPU 0"));
	assert_true(says(f, "kswapd0 (pid 72) ran 1.29 s without a context switch"));
	assert_true(says(f, "no interrupt was handled on CPU 1 for 1.31 s; the last was virtio0"));
	assert_true(says(f, "isolating for DMA32 and skipping 146,978 pages of Normal"));
	run_done(&r);
}

/* --since: storms before the window are "no scan storm since", info. */
static void test_storm_since(void **state)
{
	struct ksw_sel sel = { .since_ns_set = 1, .since_ns = 4000000000ULL };
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	/* Read at 100 s: the window is 96-100 s, the last storm was at 95.1 s. */
	run_fixture(&r, "storm-live", &sel, 100);
	f = find(&r.d, "dma_scan_storm", 0);
	assert_non_null(f);
	assert_int_equal(f->severity, KSW_SEV_INFO);
	assert_true(says(f, "No scan storm since 2026-12-03T"));
	assert_true(says(f, "on node 0 zone DMA32"));
	assert_string_equal(f->fix, "");
	assert_int_equal(f->nstalls, 0);
	assert_null(find(&r.d, "irq_off_stall", 0));
	run_done(&r);
	/* A window that holds it: critical again. */
	sel.since_ns = 20000000000ULL;
	run_fixture(&r, "storm-live", &sel, 100);
	f = find(&r.d, "dma_scan_storm", 0);
	assert_int_equal(f->severity, KSW_SEV_CRITICAL);
	run_done(&r);
	/* Storms in the window without a stall: a warning. */
	sel.since_ns = 5500000000ULL;
	run_fixture(&r, "storm-live", &sel, 100);
	f = find(&r.d, "dma_scan_storm", 0);
	assert_int_equal(f->severity, KSW_SEV_WARNING);
	run_done(&r);
}

/* ------------------------------------------------------------------ */
/* lowmem_reserve_ratio advice */

/* The kernel's reserve of zone @z for ratio @ratio (setup_per_zone_lowmem_reserve()). */
static void apply_ratio(struct ksw_data *d, struct ksw_zone *z, long ratio)
{
	uint64_t above = 0;
	size_t i;
	int j;

	for (i = 0; i < d->nzones; i++)
		if (d->zones[i].nid == z->nid && d->zones[i].zid > z->zid)
			above += d->zones[i].managed;
	for (j = 0; j < z->nprot; j++)
		if (z->protection[j])
			z->protection[j] = ratio ? above / (uint64_t)ratio : 0;
	if (z->nprot)
		z->protection[z->nprot - 1] = ratio ? above / (uint64_t)ratio : 0;
}

static void test_lrr_advice(void **state)
{
	struct ksw_lrr_advice a, b;
	struct ksw_zone *z;
	struct run r;

	(void)state;
	run_fixture(&r, "storm-live", NULL, 0);
	z = (struct ksw_zone *)ksw_data_zone(&r.data, 0, "DMA32");
	assert_non_null(z);
	ksw_advise_lrr(&r.data, z, &r.sc, &a);
	assert_int_equal(a.status, KSW_ADV_PROPOSE);
	assert_int_equal(a.idx, 1);
	assert_int_equal(a.cur, 256);
	/* 262144 pages of Normal over 45056 of DMA32: 5.8, so 5. */
	assert_int_equal(a.want, 5);
	assert_int_equal(a.above, 262144);
	assert_int_equal(a.prot_cur, 1024);
	assert_int_equal(a.prot_new, 262144 / 5);
	assert_true(a.prot_new >= a.managed);
	assert_int_equal(a.kept_new, 45056);
	assert_string_equal(a.values, "256 5 32 0 0");

	/* The second run on the fixed values advises nothing lower. */
	r.sc.lrr[1] = a.want;
	apply_ratio(&r.data, z, a.want);
	ksw_advise_lrr(&r.data, z, &r.sc, &b);
	assert_int_equal(b.status, KSW_ADV_ENOUGH);
	assert_int_equal(b.want, b.cur);

	/* 0 0 0 0 0 (no reserve at all): a change, and one that reserves. */
	memset(r.sc.lrr, 0, sizeof(r.sc.lrr));
	apply_ratio(&r.data, z, 0);
	ksw_advise_lrr(&r.data, z, &r.sc, &a);
	assert_int_equal(a.status, KSW_ADV_PROPOSE);
	assert_int_equal(a.cur, 0);
	assert_int_equal(a.want, 5);
	assert_true(a.prot_new > a.prot_cur);
	assert_string_equal(a.values, "0 5 0 0 0");

	/* Already smaller than needed (2): enough, and never raised back to 5. */
	r.sc.lrr[1] = 2;
	apply_ratio(&r.data, z, 2);
	ksw_advise_lrr(&r.data, z, &r.sc, &a);
	assert_int_equal(a.status, KSW_ADV_ENOUGH);
	assert_int_equal(a.want, 2);

	/* Every current ratio from 0 to 300: never a no-op, never a smaller reserve. */
	for (long cur = 0; cur <= 300; cur++) {
		r.sc.lrr[1] = cur;
		apply_ratio(&r.data, z, cur);
		ksw_advise_lrr(&r.data, z, &r.sc, &a);
		if (a.status == KSW_ADV_PROPOSE) {
			assert_true(a.want != a.cur);
			assert_true(a.prot_new > a.prot_cur);
			r.sc.lrr[1] = a.want;
			apply_ratio(&r.data, z, a.want);
			ksw_advise_lrr(&r.data, z, &r.sc, &b);
			assert_int_not_equal(b.status, KSW_ADV_PROPOSE);
		} else {
			assert_int_equal(a.want, a.cur);
		}
	}

	/* Huge values: no overflow (UBSan), no advice lower than the current one. */
	r.sc.lrr[1] = LONG_MAX;
	z->protection[2] = z->protection[3] = z->protection[4] = 0;
	ksw_advise_lrr(&r.data, z, &r.sc, &a);
	assert_int_equal(a.status, KSW_ADV_PROPOSE);
	assert_int_equal(a.want, 5);
	z->managed = UINT64_MAX;
	ksw_advise_lrr(&r.data, z, &r.sc, &a);
	assert_true(a.want >= 1);
	run_done(&r);
}

/* The zone with no zone above it, or a zones file without sizes: no advice made up. */
static void test_lrr_unknown(void **state)
{
	struct ksw_sysctl sc = { .nlrr = 4, .lrr = { 256, 256, 32, 0 }, .wsf = 10, .min_free_kbytes = 1,
				 .wbf = -1 };
	struct ksw_lrr_advice a;
	struct run r;

	(void)state;
	run_text(&r, NULL, "", "nid=0 zone=DMA32 managed=1000 protection=0,0,0,0 storms=3\n", "", "", &sc);
	ksw_advise_lrr(&r.data, &r.data.zones[0], &sc, &a);
	assert_int_equal(a.status, KSW_ADV_UNKNOWN);
	run_done(&r);
	/* The ratio unread: the entry's value is still given, never a whole made-up list. */
	sc.nlrr = -1;
	run_text(&r, NULL, "",
		 "nid=0 zone=DMA managed=1000 protection=0,10,10,10 storms=3\n"
		 "nid=0 zone=Normal managed=10000 protection=0,0,0,0\n", "", "", &sc);
	ksw_advise_lrr(&r.data, &r.data.zones[0], &sc, &a);
	assert_int_equal(a.status, KSW_ADV_UNKNOWN);
	assert_int_equal(a.want, 10);
	assert_true(says(find(&r.d, "dma_scan_storm", 0), "should be 10"));
	assert_false(says(find(&r.d, "dma_scan_storm", 0), "sysctl -w vm.lowmem_reserve_ratio"));
	run_done(&r);
}

/* ------------------------------------------------------------------ */
/* watermark_scale_factor advice */

static void test_wsf_advice(void **state)
{
	static const long cur[] = { 1, 10, 99, 100, 1000, 1499, 1500, 2999 };
	struct ksw_sysctl sc = no_sysctl;
	struct ksw_wsf_advice a;
	struct run r;
	size_t i;

	(void)state;
	run_text(&r, NULL, "", "nid=0 zone=Normal managed=262144 min=6400\n", "", "", &no_sysctl);
	for (i = 0; i < sizeof(cur) / sizeof(cur[0]); i++) {
		sc.wsf = cur[i];
		ksw_advise_wsf(&r.data, 0, &sc, &a);
		assert_int_equal(a.status, KSW_ADV_PROPOSE);
		assert_true(a.want > a.cur);
		assert_true(a.want <= KSW_WSF_MAX);
		assert_true(a.step_new >= a.step_cur);
	}
	sc.wsf = 10;
	ksw_advise_wsf(&r.data, 0, &sc, &a);
	assert_int_equal(a.want, 100);
	/* max(min/4, 262144 * 10 / 10000) = max(1600, 262) and max(1600, 2621). */
	assert_int_equal(a.step_cur, 1600);
	assert_int_equal(a.step_new, 2621);
	sc.wsf = 1500;
	ksw_advise_wsf(&r.data, 0, &sc, &a);
	assert_int_equal(a.want, 3000);
	/* At or above the kernel's bound, and huge: never lowered, no overflow. */
	sc.wsf = 3000;
	ksw_advise_wsf(&r.data, 0, &sc, &a);
	assert_int_equal(a.status, KSW_ADV_AT_LIMIT);
	assert_int_equal(a.want, 3000);
	sc.wsf = LONG_MAX;
	ksw_advise_wsf(&r.data, 0, &sc, &a);
	assert_int_equal(a.status, KSW_ADV_AT_LIMIT);
	assert_true(a.want == LONG_MAX);
	assert_true(ksw_wmark_step(UINT64_MAX, UINT64_MAX, LONG_MAX) >= UINT64_MAX / 4);
	run_done(&r);

	/* In a finding: a huge value is not lowered. */
	sc.wsf = LONG_MAX;
	run_text(&r, NULL, "", "", "", "seq=1 start_ns=1 dur_us=150000 kind=reclaim pid=1 comm=a bt=-\n", &sc);
	assert_true(says(&r.d.f[0], "at the kernel's limit (3000)"));
	assert_false(says(&r.d.f[0], "sysctl -w vm.watermark_scale_factor"));
	run_done(&r);
}

/* ------------------------------------------------------------------ */
/* kswapd_failures */

static void test_spurious_resets(void **state)
{
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	run_fixture(&r, "spurious-resets", NULL, 0);
	f = find(&r.d, "spurious_resets", 0);
	assert_non_null(f);
	assert_int_equal(f->nid, 1);
	assert_int_equal(f->severity, KSW_SEV_CRITICAL);	/* it revived a kswapd that gave up */
	assert_int_equal(f->nfailures, 4);
	assert_true(f->failures[0] == 19 && f->failures[3] == 38);
	assert_true(says(f, "kswapd_failures seq 19, 29, 35, 38"));
	assert_true(says(f, "mm/vmscan: mitigate spurious kswapd_failures reset from direct reclaim"));
	assert_true(says(f, "memory.high"));
	assert_true(says(f, "reviving a kswapd that had given up"));
	assert_true(says(f, "java (pid 4251) x3"));
	/* A copy: the pid is to be looked up where the records come from. */
	assert_true(says(f, "cat /proc/4251/cgroup on the machine the records come from"));
	run_done(&r);
}

/* Live: the cgroup of the task that reset, named in the summary. */
static void test_spurious_cgroup(void **state)
{
	char dir[4096], path[4200];
	const struct ksw_finding *f;
	struct run r;
	FILE *fp;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ksw-unit-proc.%d", (int)getpid());
	snprintf(path, sizeof(path), "%s/4251", dir);
	mkdir(dir, 0700);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/4251/comm", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("java\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/4251/cgroup", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("0::/kubepods/burstable/pod42/java\n", fp);
	fclose(fp);
	ksw_diag_proc_root = dir;
	run_fixture(&r, "spurious-resets", NULL, 0);
	f = find(&r.d, "spurious_resets", 0);
	assert_true(says(f, "most by java (pid 4251) in cgroup /kubepods/burstable/pod42/java"));
	assert_string_equal(ev_text(f, "cgroup"), "/kubepods/burstable/pod42/java");
	run_done(&r);
	/* The pid now names another task: no cgroup claimed. */
	fp = fopen(path, "w");
	fputs("0::/other\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/4251/comm", dir);
	fp = fopen(path, "w");
	fputs("bash\n", fp);
	fclose(fp);
	run_fixture(&r, "spurious-resets", NULL, 0);
	f = find(&r.d, "spurious_resets", 0);
	assert_false(says(f, "in cgroup"));
	assert_true(says(f, "it no longer runs here"));
	run_done(&r);
	ksw_diag_proc_root = NULL;
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

/* A copy: the cgroup id the records name, to look up where they come from. */
static void test_spurious_cgroup_id(void **state)
{
	struct run r;

	(void)state;
	run_text(&r, NULL, "nid=0 failures=0\n", "",
		 "seq=7 ts_ns=7 nid=0 event=reset prev=16 balanced=0 reason=DIRECT comm=memhog pid=244 cgroup=1234\n",
		 "", &no_sysctl);
	assert_int_equal(r.d.n, 1);
	assert_true(says(&r.d.f[0], "the record names cgroup id 1234"));
	assert_true(says(&r.d.f[0], "find /sys/fs/cgroup -inum 1234"));
	assert_int_equal(ev_num(&r.d.f[0], "cgroup_id"), 1234);
	run_done(&r);
}

static void test_spurious_thresholds(void **state)
{
	static const char two[] =
		"seq=1 ts_ns=1 nid=0 event=reset prev=3 balanced=0 reason=DIRECT comm=a pid=1\n"
		"seq=2 ts_ns=2 nid=0 event=reset prev=2 balanced=0 reason=DIRECT comm=a pid=1\n"
		"seq=3 ts_ns=3 nid=0 event=reset prev=9 balanced=1 reason=KSWAPD comm=kswapd0 pid=2\n";
	struct ksw_sel sel = { .since_set = 1, .since = 30 };
	struct run r;

	(void)state;
	run_text(&r, NULL, "nid=0 failures=0 spurious_resets=2\n", "", two, "", &no_sysctl);
	assert_int_equal(r.d.n, 0);
	run_done(&r);
	/* The node's counter remembers more than the history holds. */
	run_text(&r, NULL, "nid=0 failures=0 spurious_resets=3\n", "", two, "", &no_sysctl);
	assert_int_equal(r.d.n, 1);
	assert_int_equal(r.d.f[0].nfailures, 2);
	assert_int_equal(r.d.f[0].severity, KSW_SEV_WARNING);
	run_done(&r);
	/* One reset that revived a node that had given up is enough. */
	run_text(&r, NULL, "nid=0 failures=0 max_retries=8\n", "",
		 "seq=7 ts_ns=7 nid=0 event=reset prev=8 balanced=0 reason=PCP\n", "", &no_sysctl);
	assert_int_equal(r.d.n, 1);
	assert_true(says(&r.d.f[0], "after 8 failures"));
	assert_true(says(&r.d.f[0], "failures_source=tracepoint"));
	run_done(&r);
	/* --since SEQ: two resets after 30 in the fixture, under the threshold. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(fixture_snap("spurious-resets", &r.s), 0);
	r.sc = no_sysctl;
	analyse(&r, &sel);
	assert_null(find(&r.d, "spurious_resets", 0));
	run_done(&r);
}

static void test_hopeless(void **state)
{
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	run_fixture(&r, "hopeless", NULL, 0);
	f = find(&r.d, "hopeless_node", 0);
	assert_non_null(f);
	assert_int_equal(f->severity, KSW_SEV_CRITICAL);
	assert_int_equal(f->nid, 0);
	/* The 16 failed runs after the PCP reset (seq 2). */
	assert_int_equal(f->nfailures, 16);
	assert_true(f->failures[0] == 3 && f->failures[15] == 18);
	assert_true(says(f, "kswapd_failures seq 3-18"));
	/* Most severe first. */
	assert_ptr_equal(f, &r.d.f[0]);
	run_done(&r);
}

/* ------------------------------------------------------------------ */
/* kswapd that runs without end */

static void test_kswapd_busy(void **state)
{
	struct run r;
	const struct ksw_finding *f;
	static const char zones[] =
		"nid=0 zone=DMA32 managed=100000 reclaim_scanned=1000000 reclaim_taken=20000 kswapd_run_ns=55000000000\n"
		"nid=0 zone=Normal managed=100000 reclaim_scanned=0 reclaim_taken=0 kswapd_run_ns=5000000000\n"
		"nid=1 zone=Normal managed=100000 kswapd_run_ns=900000000\n";

	(void)state;
	memset(&r, 0, sizeof(r));
	table_from(&r.s.t[KSW_F_VERSION], "kswapwatch=0.1.0 abi=1\n");
	table_from(&r.s.t[KSW_F_NODES], "nid=0 failures=2 spurious_resets=7\nnid=1 failures=0\n");
	table_from(&r.s.t[KSW_F_ZONES], zones);
	table_from(&r.s.t[KSW_F_FAILURES], "");
	table_from(&r.s.t[KSW_F_STALLS], "");
	r.s.have = KSW_ALL_FILES;
	r.s.have_clock = 1;
	r.s.mono_ns = 100000000000ULL;
	r.sc = no_sysctl;
	analyse(&r, NULL);
	assert_int_equal(count(&r.d, "kswapd_busy"), 1);	/* node 1: 0.9 s, under 1 s */
	f = find(&r.d, "kswapd_busy", 0);
	assert_int_equal(f->nid, 0);
	assert_int_equal(f->severity, KSW_SEV_CRITICAL);	/* 60 % */
	assert_int_equal(ev_num(f, "cpu_share_permille"), 600);
	assert_true(says(f, "kswapd0 (node 0) ran 60.0 s on the CPU, at least 60.0% of a CPU"));
	assert_true(says(f, "took 2% of the pages they scanned"));
	assert_true(says(f, "kept running by 7 spurious kswapd_failures resets"));
	assert_true(says(f, "lower bound"));
	run_done(&r);

	/* Without a read time: no share claimed, only a long run is told. */
	memset(&r, 0, sizeof(r));
	table_from(&r.s.t[KSW_F_VERSION], "kswapwatch=0.1.0 abi=1\n");
	table_from(&r.s.t[KSW_F_ZONES], zones);
	r.s.have = KSW_BIT(KSW_F_VERSION) | KSW_BIT(KSW_F_ZONES);
	r.sc = no_sysctl;
	analyse(&r, NULL);
	assert_int_equal(count(&r.d, "kswapd_busy"), 1);
	f = find(&r.d, "kswapd_busy", 0);
	assert_int_equal(f->severity, KSW_SEV_INFO);
	assert_true(says(f, "not known"));
	run_done(&r);
}

/* ------------------------------------------------------------------ */
/* What could not be read */

static void test_incomplete(void **state)
{
	const struct ksw_finding *f;
	struct run r;

	(void)state;
	memset(&r, 0, sizeof(r));
	table_from(&r.s.t[KSW_F_VERSION], "kswapwatch=0.1.0 abi=1\n");
	table_from(&r.s.t[KSW_F_ZONES], "nid=0 zone=DMA free=1\n");
	r.s.have = KSW_BIT(KSW_F_VERSION) | KSW_BIT(KSW_F_ZONES);
	r.s.err[KSW_F_STALLS] = EACCES;
	r.sc = no_sysctl;
	analyse(&r, NULL);
	assert_int_equal(r.d.n, 1);
	f = &r.d.f[0];
	assert_string_equal(f->id, "incomplete");
	assert_int_equal(f->severity, KSW_SEV_WARNING);
	assert_true(says(f, "stalls missing"));
	assert_true(says(f, "Permission denied"));
	assert_true(says(f, "nodes missing"));
	assert_int_equal(ksw_diag_max_severity(&r.d), KSW_SEV_WARNING);
	run_done(&r);

	/* Lines that could not be used: info. */
	run_fixture(&r, "garbage", NULL, 0);
	f = find(&r.d, "incomplete", 0);
	assert_non_null(f);
	assert_int_equal(f->severity, KSW_SEV_INFO);
	assert_true(says(f, "of stalls unread"));
	run_done(&r);
}

/* ------------------------------------------------------------------ */
/* Outputs */

static void test_json(void **state)
{
	struct run r;
	char *out = NULL;

	(void)state;
	run_fixture(&r, "storm-live", NULL, 100);
	CAPTURE(out, ksw_diag_print_json(f, &r.d));
	assert_non_null(strstr(out, "{\"finding\":\"dma_scan_storm\",\"severity\":\"critical\",\"summary\":"));
	assert_non_null(strstr(out, ",\"stalls\":[1],\"failures\":[],\"first_ns\":90000000000,"
				    "\"last_ns\":95100000000,\"first_time\":\"2026-12-03T"));
	assert_non_null(strstr(out, ",\"nid\":0,\"zone\":\"DMA32\",\"evidence\":{"));
	assert_non_null(strstr(out, "\"lowmem_reserve_ratio_advised\":\"256 5 32 0 0\""));
	assert_non_null(strstr(out, "\"storms\":1873"));
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
	run_done(&r);

	/* Without a read time: the times are null. */
	run_fixture(&r, "hopeless", NULL, 0);
	CAPTURE(out, ksw_diag_print_json(f, &r.d));
	assert_non_null(strstr(out, "\"first_time\":null,\"last_time\":null"));
	free(out);
	run_done(&r);
}

static void test_text(void **state)
{
	struct run r;
	char *out = NULL;

	(void)state;
	run_fixture(&r, "storm-live", NULL, 100);
	CAPTURE(out, ksw_diag_print_text(f, &r.d));
	assert_non_null(strstr(out, "3 findings: 1 critical, 2 warning, 0 info.\n"));
	assert_non_null(strstr(out, "\n[1] critical dma_scan_storm node 0 zone DMA32\n"));
	assert_non_null(strstr(out, "    stalls    1\n"));
	/* Wall clock and uptime. */
	assert_non_null(strstr(out, "2026-12-03T"));
	assert_non_null(strstr(out, "(uptime 90.000 s)"));
	free(out);
	run_done(&r);
}

static void test_prom(void **state)
{
	static const char stalls[] =
		"seq=1 start_ns=1 dur_us=150000 cpus=1 kind=irq comm=t pid=9 bt=a+0x1/0x2\n"
		"seq=2 start_ns=2 dur_us=150000 cpus=1 kind=irq comm=t pid=9 bt=b+0x1/0x2\n";
	struct run r;
	char *out = NULL;

	(void)state;
	run_text(&r, NULL, "", "", "", stalls, &no_sysctl);
	assert_int_equal(r.d.n, 2);
	CAPTURE(out, ksw_prom_findings(f, &r.d));
	assert_non_null(strstr(out, "kswapwatch_diagnose_findings 2\n"));
	assert_non_null(strstr(out, "kswapwatch_diagnose_max_severity 1\n"));
	/* Two findings of one label set: one series, counting both. */
	assert_non_null(strstr(out, "kswapwatch_diagnose_finding{finding=\"irq_off_stall\",severity=\"warning\"} 2\n"));
	assert_null(strstr(strstr(out, "} 2\n") + 1, "irq_off_stall"));
	free(out);
	run_done(&r);

	run_fixture(&r, "storm-live", NULL, 0);
	CAPTURE(out, ksw_prom_findings(f, &r.d));
	assert_non_null(strstr(out, "kswapwatch_diagnose_finding{finding=\"dma_scan_storm\",severity=\"critical\",node=\"0\",zone=\"DMA32\"} 1\n"));
	free(out);
	run_done(&r);
}

/* The holder frame on the kernel's real stack shapes. */
static void test_holder_frame(void **state)
{
	static const struct {
		const char *bt, *sym;
	} cases[] = {
		{ "si_stall+0xb6/0x110[stallinject]|si_thread+0x83/0xd0[stallinject]|kthread+0xda/0x100", "si_stall" },
		{ "ktime_get+0x3b/0xa0|stallinject_spin+0x23/0x40[stallinject]|si_stall+0x90/0x110[stallinject]", "stallinject_spin" },
		{ "read_tsc+0x5/0x20|ktime_get+0x3b/0xa0|stallinject_spin+0x23/0x40[stallinject]", "stallinject_spin" },
		{ "native_queued_spin_lock_slowpath+0x30/0x2a0|_raw_spin_lock+0x29/0x30|si_stall+0x6b/0x110[stallinject]", "si_stall" },
		/* A softirq run on an interrupt's exit, on top of the holder. */
		{ "_raw_spin_unlock_irq+0x1/0x2|__run_timers+0x1/0x2|run_timer_softirq+0x1/0x2|handle_softirqs+0x1/0x2|"
		  "__irq_exit_rcu+0x1/0x2|sysvec_apic_timer_interrupt+0x1/0x2|asm_sysvec_apic_timer_interrupt+0x1/0x2|"
		  "native_queued_spin_lock_slowpath+0x1/0x2|_raw_spin_lock+0x1/0x2|si_stall+0x1/0x2[stallinject]", "si_stall" },
		/* The tracepoint that called the module's probe (kind=reclaim). */
		{ "__traceiter_mm_vmscan_direct_reclaim_end+0x1/0x2|try_to_free_pages+0x1/0x2", "try_to_free_pages" },
		{ "ksw_wd_timer+0x1/0x2[kswapwatch]|__hrtimer_run_queues+0x1/0x2|isolate_lru_folios+0x1/0x2", "isolate_lru_folios" },
	};
	struct ksw_snap s;
	struct ksw_data d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[1024];
		const struct ksw_frame *fr;

		memset(&s, 0, sizeof(s));
		snprintf(line, sizeof(line), "seq=1 dur_us=1 kind=irq bt=%s\n", cases[i].bt);
		table_from(&s.t[KSW_F_STALLS], line);
		s.have = KSW_BIT(KSW_F_STALLS);
		assert_int_equal(ksw_data_build(&d, &s), 0);
		fr = ksw_stall_holder_frame(&d.stalls[0]);
		assert_non_null(fr);
		if (strcmp(fr->sym, cases[i].sym))
			fail_msg("%s: holder %s, want %s", cases[i].bt, fr->sym, cases[i].sym);
		ksw_data_free(&d);
		ksw_snap_free(&s);
	}
}

static void test_sysctl_read(void **state)
{
	struct ksw_sysctl sc;
	char root[4096];

	(void)state;
	snprintf(root, sizeof(root), "%s/storm-live/sys", KSW_FIXTURES);
	ksw_sysctl_read(&sc, root);
	assert_int_equal(sc.nlrr, 5);
	assert_int_equal(sc.lrr[0], 256);
	assert_int_equal(sc.lrr[2], 32);
	assert_int_equal(sc.wsf, 10);
	assert_int_equal(sc.wbf, 15000);
	snprintf(root, sizeof(root), "%s/garbage/sys", KSW_FIXTURES);
	ksw_sysctl_read(&sc, root);
	assert_int_equal(sc.nlrr, -1);
	assert_non_null(strstr(sc.lrr_err, "unexpected content"));
	assert_int_equal(sc.wsf, -1);
	assert_int_equal(sc.wbf, -1);
	ksw_sysctl_read(&sc, "/nonexistent");
	assert_int_equal(sc.nlrr, -1);
	assert_non_null(strstr(sc.lrr_err, "No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_every_stall_a_finding),
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_idle_stall),
		cmocka_unit_test(test_ipi_waiter),
		cmocka_unit_test(test_rt_starvation),
		cmocka_unit_test(test_reclaim_stalls),
		cmocka_unit_test(test_dma_storm_seed),
		cmocka_unit_test(test_storm_live),
		cmocka_unit_test(test_storm_since),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_lrr_advice),
		cmocka_unit_test(test_lrr_unknown),
		cmocka_unit_test(test_wsf_advice),
		cmocka_unit_test(test_spurious_resets),
		cmocka_unit_test(test_spurious_cgroup),
		cmocka_unit_test(test_spurious_cgroup_id),
		cmocka_unit_test(test_spurious_thresholds),
		cmocka_unit_test(test_hopeless),
		cmocka_unit_test(test_kswapd_busy),
		cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_prom),
		cmocka_unit_test(test_holder_frame),
		cmocka_unit_test(test_sysctl_read),
	};

	return cmocka_run_group_tests_name("diagnose", tests, NULL, NULL);
}
