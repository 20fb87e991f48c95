// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The reader's side of the timeline file: parsing into typed events, and
 * what it says about a stall (facts and sentences), on the "timeline"
 * fixtures and on small tables written here.
 */
/* unit-sources: userspace/parse.c userspace/snap.c userspace/util.c userspace/timeline.c userspace/timeline_facts.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "reader_fixture.h"
#include "timeline.h"

#define MS	1000000ull
/* The fixture's stall 3: its gap starts at T and lasts G. */
#define T	79245000000000ull
#define G	987654000ull

static void load_fixture(struct ksw_snap *s, struct ksw_timeline *tl)
{
	assert_int_equal(fixture_snap("timeline", s), 0);
	assert_true(s->have & KSW_BIT(KSW_F_TIMELINE));
	assert_int_equal(ksw_tl_parse(tl, &s->t[KSW_F_TIMELINE]), 0);
}

/* Whether one of the @n sentences @s contains @want. */
static int said(char **s, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(s[i], want))
			return 1;
	for (i = 0; i < n; i++)
		print_message("  said: %s\n", s[i]);
	print_message("  wanted: %s\n", want);
	return 0;
}

static void test_parse_fixture(void **state)
{
	struct ksw_timeline tl;
	struct ksw_snap s;
	const struct ksw_tl_stall *st;
	size_t i, j, n = 0;

	(void)state;
	load_fixture(&s, &tl);
	assert_int_equal(tl.malformed, 0);
	assert_int_equal(tl.unknown, 0);
	assert_int_equal(tl.events, s.t[KSW_F_TIMELINE].n);
	assert_int_equal(tl.n, 2);
	assert_int_equal(tl.stall[0].seq, 2);
	assert_int_equal(tl.stall[1].seq, 3);
	assert_ptr_equal(ksw_tl_latest(&tl), &tl.stall[1]);
	assert_null(ksw_tl_find(&tl, 4));
	st = ksw_tl_find(&tl, 3);
	assert_non_null(st);
	assert_int_equal(st->ncpu, 2);
	assert_int_equal(st->cpu[0].cpu, 0);
	assert_int_equal(st->cpu[1].cpu, 1);
	for (i = 0; i < st->ncpu; i++) {
		assert_true(st->cpu[i].has_gap);
		assert_int_equal(st->cpu[i].gap.start_ns, T);
		assert_int_equal(st->cpu[i].gap.end_ns, T + G);
		assert_string_equal(st->cpu[i].gap.kind, "sched");
		for (j = 1; j < st->cpu[i].n; j++)
			assert_true(st->cpu[i].ev[j].ts_ns >= st->cpu[i].ev[j - 1].ts_ns);
	}
	/* Typed fields: the switch into kswapd0 and its reclaim run. */
	for (j = 0; j < st->cpu[0].n; j++) {
		const struct ksw_tl_event *e = &st->cpu[0].ev[j];

		if (e->kind == KSW_TL_SWITCH && e->ts_ns == T - 415 * MS) {
			assert_string_equal(e->u.sw.prev_comm, "bash");
			assert_int_equal(e->u.sw.prev_pid, 1201);
			assert_string_equal(e->u.sw.prev_state, "S");
			assert_string_equal(e->u.sw.next_comm, "kswapd0");
			assert_int_equal(e->u.sw.next_pid, 72);
			assert_int_equal(e->u.sw.next_prio, 120);
			n++;
		}
		if (e->kind == KSW_TL_RECLAIM) {
			assert_int_equal(e->u.reclaim.kind, KSW_TL_RECLAIM_KSWAPD);
			assert_int_equal(e->u.reclaim.dur_us, 1420000);
			assert_int_equal(e->u.reclaim.nr_reclaimed, 1021);
			n++;
		}
	}
	assert_int_equal(n, 2);
	ksw_tl_free(&tl);
	ksw_snap_free(&s);
}

/* Unknown events and fields are ignored, bad lines counted, order restored. */
static void test_parse_odd_lines(void **state)
{
	static const char text[] =
		"stall=5 cpu=0 ts_ns=300 event=irq irq=9 name=acpi dur_us=4 future=1\n"
		"stall=5 cpu=0 ts_ns=100 event=switch prev_comm=a prev_pid=1 prev_prio=120 prev_state=S next_comm=b next_pid=2 next_prio=120\n"
		"stall=5 cpu=0 ts_ns=200 event=kswapd_sleep nid=0\n"		/* unknown event */
		"stall=5 cpu=0 ts_ns=200 event=irq irq=9 name=acpi\n"		/* no dur_us */
		"stall=5 cpu=0 ts_ns=200 event=softirq vec=TIMER dur_us=x\n"	/* not a number */
		"stall=5 cpu=0 ts_ns=200 event=isolate nid=0 zone=DMA scanned=1 skipped=1\n"
		"stall=5 cpu=0 ts_ns=200 event=gap start_ns=9 end_ns=8 kind=irq\n" /* ends first */
		"stall=5 cpu=0 ts_ns=200 event=reclaim kind=direct dur_us=1000000000001\n" /* 11 days */
		"stall=5 cpu=0 ts_ns=9223372036854775807 event=irq irq=1 name=a dur_us=1\n"
		"stall=5 cpu=x ts_ns=200 event=irq irq=9 name=a dur_us=1\n"
		"stall=5 cpu=0 event=irq irq=9 name=a dur_us=1\n"
		"cpu=0 ts_ns=1 event=irq irq=9 name=a dur_us=1\n"
		"stall=5 cpu=0 ts_ns=1 event=\n"
		"hello\n"
		"stall=4 cpu=3 ts_ns=50 event=switch\n"			/* all text "?", numbers none */
		"stall=5 cpu=0 ts_ns=400 event=gap start_ns=400 end_ns=900 kind=irq\n"
		"stall=5 cpu=0 ts_ns=450 event=gap start_ns=450 end_ns=950 kind=sched\n"
		"stall=5 cpu=0 ts_ns=999 event=irq irq=9 name=acpi dur_us=4";	/* cut short */
	struct ksw_timeline tl;
	struct ksw_table t;
	const struct ksw_tl_stall *st;
	const struct ksw_tl_cpu *c;

	(void)state;
	table_from(&t, text);
	assert_int_equal(ksw_tl_parse(&tl, &t), 0);
	assert_int_equal(tl.unknown, 1);
	/*
	 * no dur_us, x, no taken, end before start, 11 days, past 2^62 ns,
	 * cpu=x, no ts_ns, no stall, event=, hello, cut short
	 */
	assert_int_equal(tl.malformed, 12);
	assert_int_equal(tl.n, 2);
	assert_int_equal(tl.stall[0].seq, 4);
	assert_string_equal(tl.stall[0].cpu[0].ev[0].u.sw.next_comm, "?");
	assert_true(tl.stall[0].cpu[0].ev[0].u.sw.next_pid == KSW_TL_NONE);
	st = ksw_tl_find(&tl, 5);
	assert_non_null(st);
	c = &st->cpu[0];
	assert_int_equal(c->n, 4);
	assert_int_equal(c->ev[0].kind, KSW_TL_SWITCH);
	assert_int_equal(c->ev[1].kind, KSW_TL_IRQ);
	assert_int_equal(c->ev[1].ts_ns, 300);
	/* The first gap event is the CPU's gap. */
	assert_true(c->has_gap);
	assert_int_equal(c->gap.start_ns, 400);
	assert_string_equal(c->gap.kind, "irq");
	ksw_tl_free(&tl);
	ksw_table_free(&t);

	/* No table, an empty one: no stalls. */
	assert_int_equal(ksw_tl_parse(&tl, NULL), 0);
	assert_int_equal(tl.n, 0);
	assert_null(ksw_tl_latest(&tl));
	ksw_tl_free(&tl);
}

static void test_runs(void **state)
{
	static const char text[] =
		"stall=1 cpu=0 ts_ns=1000 event=irq irq=1 name=a dur_us=1\n"
		"stall=1 cpu=0 ts_ns=3000 event=switch prev_comm=a prev_pid=1 prev_prio=120 prev_state=S next_comm=b next_pid=2 next_prio=100\n"
		"stall=1 cpu=0 ts_ns=7000 event=switch prev_comm=b prev_pid=2 prev_prio=100 prev_state=R next_comm=c next_pid=3 next_prio=120\n"
		"stall=1 cpu=1 ts_ns=1000 event=irq irq=1 name=a dur_us=1\n";
	struct ksw_timeline tl;
	struct ksw_table t;
	struct ksw_tl_run *r;
	size_t n;

	(void)state;
	table_from(&t, text);
	assert_int_equal(ksw_tl_parse(&tl, &t), 0);
	n = ksw_tl_cpu_runs(&tl.stall[0].cpu[0], 1000, 10000, &r);
	assert_int_equal(n, 3);
	assert_string_equal(r[0].comm, "a");
	assert_true(r[0].open_start);
	assert_int_equal(r[0].start_ns, 1000);
	assert_int_equal(r[0].end_ns, 3000);
	assert_string_equal(r[1].comm, "b");
	assert_int_equal(r[1].prio, 100);
	assert_int_equal(r[1].end_ns, 7000);
	assert_false(r[1].open_start || r[1].open_end);
	assert_string_equal(r[2].comm, "c");
	assert_true(r[2].open_end);
	assert_int_equal(r[2].end_ns, 10000);
	free(r);
	/* A CPU without a switch: one run of an unknown task. */
	n = ksw_tl_cpu_runs(&tl.stall[0].cpu[1], 1000, 10000, &r);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].comm, "?");
	assert_true(r[0].open_start && r[0].open_end);
	free(r);
	ksw_tl_free(&tl);
	ksw_table_free(&t);
}

static void test_facts_fixture(void **state)
{
	struct ksw_timeline tl;
	struct ksw_tl_facts f;
	struct ksw_snap s;
	const struct ksw_tl_cpu_facts *c0, *c1;
	char **sent;
	size_t n;

	(void)state;
	load_fixture(&s, &tl);
	assert_int_equal(ksw_tl_facts(&tl, 4, &s.t[KSW_F_ZONES], &f), -1);
	assert_int_equal(ksw_tl_facts(&tl, 3, &s.t[KSW_F_ZONES], &f), 0);
	assert_int_equal(f.seq, 3);
	assert_string_equal(f.kind, "sched");
	assert_int_equal(f.gap_start_ns, T);
	assert_int_equal(f.gap_end_ns, T + G);
	assert_true(f.from_ns < T - 490 * MS && f.from_ns >= T - 500 * MS);
	assert_int_equal(f.ncpu, 2);
	c0 = &f.cpu[0];
	c1 = &f.cpu[1];

	/* CPU 0: kswapd0 since its switch back in, 299.6 ms before the gap. */
	assert_string_equal(c0->holder_comm, "kswapd0");
	assert_int_equal(c0->holder_pid, 72);
	assert_int_equal(c0->holder_before_ns, 299600000);
	assert_int_equal(c0->holder_in_gap_ns, G);
	assert_int_equal(c0->holder_run_ns, 299600000 + G);
	assert_int_equal(c0->holder_after_ns, 0);
	assert_true(c0->holder_whole_gap);
	assert_false(c0->holder_open);
	assert_true(c0->has_last_switch);
	assert_string_equal(c0->last_switch.prev_comm, "kworker/0:1");
	assert_string_equal(c0->last_switch.prev_state, "I");
	assert_int_equal(c0->switches_in_gap, 0);
	assert_true(c0->irqs_in_gap > 0);
	assert_string_equal(c0->longest.comm, "kswapd0");

	/* CPU 1: kworker/1:2 from 20 ms before; no irq for 320 ms before the gap. */
	assert_string_equal(c1->holder_comm, "kworker/1:2");
	assert_int_equal(c1->holder_pid, 812);
	assert_int_equal(c1->holder_before_ns, 20 * MS);
	assert_int_equal(c1->irqs_in_gap, 0);
	assert_int_equal(c1->softirqs_in_gap, 0);
	assert_true(c1->has_last_irq);
	assert_string_equal(c1->last_irq.name, "virtio0");
	assert_int_equal(c1->last_irq.irq, 11);
	assert_int_equal(c1->last_irq_ns, T - 320 * MS - 25000);
	assert_int_equal(c1->irq_silence_ns, 320 * MS + G);
	assert_int_equal(c1->irq_silence_start_ns, T - 320 * MS);
	assert_true(c1->has_silence_irq);
	assert_string_equal(c1->silence_irq.name, "virtio0");
	/* The last softirq ran 4.3 ms before the last irq: the same silence. */
	assert_int_equal(c1->quiet_ns, c1->irq_silence_ns);
	assert_int_equal(c1->quiet_start_ns, T - 320 * MS);

	/* kswapd, isolation, reclaim, wakeups. */
	assert_int_equal(f.nkswapd, 1);
	assert_string_equal(f.kswapd[0].comm, "kswapd0");
	assert_int_equal(f.kswapd[0].oncpu_ns, (115 + 299.6) * MS + G);
	assert_int_equal(f.kswapd[0].runs, 1);
	assert_int_equal(f.nzones, 1);
	assert_string_equal(f.zones[0].zone, "DMA32");
	assert_string_equal(f.zones[0].above, "Normal");
	assert_int_equal(f.zones[0].skipped, 146978);
	assert_int_equal(f.zones[0].events, 40);
	assert_int_equal(f.zones[0].scanned, f.zones[0].skipped + f.zones[0].taken);
	assert_int_equal(f.reclaim[KSW_TL_RECLAIM_DIRECT].runs, 1);
	assert_int_equal(f.reclaim[KSW_TL_RECLAIM_DIRECT].dur_ns, 12 * MS);
	assert_int_equal(f.reclaim[KSW_TL_RECLAIM_DIRECT].reclaimed, 64);
	assert_int_equal(f.reclaim[KSW_TL_RECLAIM_KSWAPD].runs, 1);
	assert_string_equal(f.longest_reclaim.comm, "kswapd0");
	assert_int_equal(f.wakeups, 1);
	assert_string_equal(f.last_wakeup.comm, "memhog");
	assert_string_equal(f.last_wakeup.zone, "DMA32");

	n = ksw_tl_sentences(&f, &sent);
	assert_true(said(sent, n, "kswapd0 (pid 72) ran 1.29 s without a context switch on CPU 0: 300 ms before the gap and the whole gap (988 ms)"));
	assert_true(said(sent, n, "kworker/1:2 (pid 812) ran 1.01 s without a context switch on CPU 1: 20 ms before the gap"));
	assert_true(said(sent, n, "no interrupt was handled on CPU 1 for 1.31 s; the last was virtio0 (irq 11), 320 ms before the gap"));
	assert_true(said(sent, n, "CPU 0 handled 87 interrupts and 81 softirqs in the gap; the longest span without either was 9.0 ms"));
	assert_true(said(sent, n, "no softirq ran on CPU 1 in the gap either"));
	assert_true(said(sent, n, "kswapd0 ran 1.40 s of the 1.48 s recorded, isolating for DMA32 and skipping 146,978 pages of Normal"));
	assert_true(said(sent, n, "1 direct reclaim run, 12 ms in all, reclaimed 64 pages"));
	assert_true(said(sent, n, "kswapd was woken once, by memhog (pid 1500) for node 0 zone DMA32"));
	ksw_tl_sentences_free(sent, n);
	ksw_tl_facts_free(&f);

	/* Without the zones table the skipped pages are of "higher zones". */
	assert_int_equal(ksw_tl_facts(&tl, 3, NULL, &f), 0);
	assert_string_equal(f.zones[0].above, "");
	n = ksw_tl_sentences(&f, &sent);
	assert_true(said(sent, n, "skipping 146,978 pages of higher zones"));
	ksw_tl_sentences_free(sent, n);
	ksw_tl_facts_free(&f);
	ksw_tl_free(&tl);
	ksw_snap_free(&s);
}

/* The issue's own examples, numbers and all. */
static void test_sentences_examples(void **state)
{
	static const char text[] =
		"stall=9 cpu=1 ts_ns=1000000000 event=irq irq=24 name=virtio0 dur_us=0\n"
		"stall=9 cpu=1 ts_ns=1080000000 event=switch prev_comm=bash prev_pid=700 prev_prio=120 prev_state=S next_comm=kworker/1:2 next_pid=812 next_prio=120\n"
		"stall=9 cpu=1 ts_ns=1100000000 event=gap start_ns=1100000000 end_ns=1320000000 kind=irq\n"
		"stall=9 cpu=0 ts_ns=900000000 event=switch prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R next_comm=kswapd0 next_pid=72 next_prio=120\n"
		"stall=9 cpu=0 ts_ns=900000100 event=reclaim kind=kswapd pid=72 comm=kswapd0 dur_us=940000 nr_reclaimed=12\n"
		"stall=9 cpu=0 ts_ns=950000000 event=isolate nid=0 zone=DMA32 scanned=146990 skipped=146978 taken=12\n"
		"stall=9 cpu=0 ts_ns=1840000000 event=switch prev_comm=kswapd0 prev_pid=72 prev_prio=120 prev_state=S next_comm=swapper/0 next_pid=0 next_prio=120\n"
		"stall=9 cpu=0 ts_ns=1100000000 event=gap start_ns=1100000000 end_ns=1900000000 kind=irq\n"
		"stall=9 cpu=0 ts_ns=1150000000 event=irq irq=24 name=virtio0 dur_us=10\n";
	static const char zones[] =
		"nid=0 zone=DMA present=3998\nnid=0 zone=DMA32 present=520159\nnid=0 zone=Normal present=786432\n";
	struct ksw_timeline tl;
	struct ksw_table t, z;
	struct ksw_tl_facts f;
	char **sent;
	size_t n;

	(void)state;
	table_from(&t, text);
	table_from(&z, zones);
	assert_int_equal(ksw_tl_parse(&tl, &t), 0);
	assert_int_equal(ksw_tl_facts(&tl, 9, &z, &f), 0);
	n = ksw_tl_sentences(&f, &sent);
	assert_true(said(sent, n, "kworker/1:2 (pid 812) ran 240 ms without a context switch on CPU 1: 20 ms before the gap and the whole gap (220 ms)"));
	assert_true(said(sent, n, "no interrupt was handled on CPU 1 for 320 ms; the last was virtio0 (irq 24)"));
	/* CPU 0 switched out of kswapd0 inside its gap. */
	assert_true(said(sent, n, "kswapd0 (pid 72) ran 940 ms without a context switch on CPU 0: 200 ms before the gap and 740 ms into it, then switched out (1 switch in the gap)"));
	assert_true(said(sent, n, "no interrupt was handled on CPU 0 for 750 ms; the last was virtio0 (irq 24), 50 ms into the gap"));
	assert_true(said(sent, n, "kswapd0 ran 940 ms of the 1.00 s recorded, isolating for DMA32 and skipping 146,978 pages of Normal (scanned 146,990, took 12)"));
	assert_int_equal(f.cpu[0].switches_in_gap, 1);
	assert_false(f.cpu[0].holder_whole_gap);
	ksw_tl_sentences_free(sent, n);
	ksw_tl_facts_free(&f);
	ksw_tl_free(&tl);
	ksw_table_free(&t);
	ksw_table_free(&z);
}

/* An irq stall: the handler that began before the gap and ran through it. */
static void test_facts_irq_handler(void **state)
{
	struct ksw_timeline tl;
	struct ksw_tl_facts f;
	struct ksw_snap s;
	char **sent;
	size_t n;

	(void)state;
	load_fixture(&s, &tl);
	assert_int_equal(ksw_tl_facts(&tl, 2, NULL, &f), 0);
	assert_string_equal(f.kind, "irq");
	assert_int_equal(f.ncpu, 1);
	assert_int_equal(f.cpu[0].cpu, 1);
	assert_string_equal(f.cpu[0].last_irq.name, "eth0");
	assert_int_equal(f.cpu[0].irqs_in_gap, 0);
	n = ksw_tl_sentences(&f, &sent);
	assert_true(said(sent, n, "the interrupt handler of eth0 ran 2.2 ms on CPU 1, from 40 us before the gap to 2.2 ms into it"));
	ksw_tl_sentences_free(sent, n);
	ksw_tl_facts_free(&f);
	ksw_tl_free(&tl);
	ksw_snap_free(&s);
}

/* No switch and no irq at all on a CPU, no gap event anywhere. */
static void test_facts_sparse(void **state)
{
	static const char text[] =
		"stall=1 cpu=2 ts_ns=5000000 event=softirq vec=RCU dur_us=3\n"
		"stall=1 cpu=2 ts_ns=9000000 event=wakeup_kswapd nid=1 zone=Normal order=3 comm=java pid=4\n";
	struct ksw_timeline tl;
	struct ksw_table t;
	struct ksw_tl_facts f;
	char **sent;
	size_t n;

	(void)state;
	table_from(&t, text);
	assert_int_equal(ksw_tl_parse(&tl, &t), 0);
	assert_int_equal(ksw_tl_facts(&tl, 1, NULL, &f), 0);
	assert_string_equal(f.kind, "?");
	assert_string_equal(f.cpu[0].holder_comm, "?");
	n = ksw_tl_sentences(&f, &sent);
	assert_true(said(sent, n, "no context switch was recorded on CPU 2"));
	assert_true(said(sent, n, "no interrupt was handled on CPU 2 in the 4.0 ms of its timeline"));
	assert_true(said(sent, n, "kswapd was woken once, by java (pid 4) for node 1 zone Normal, order 3"));
	ksw_tl_sentences_free(sent, n);
	ksw_tl_facts_free(&f);
	ksw_tl_free(&tl);
	ksw_table_free(&t);
}

/*
 * A real 7.2 guest (tests/fixtures/real/7.2-stallinject): stallinject held
 * CPU 1 for 300 ms with preemption off (stall 1), then with interrupts off
 * (stall 5), then both CPUs for 200 ms with preemption off (stall 8).
 */
static void test_real_stallinject(void **state)
{
	struct ksw_timeline tl;
	struct ksw_tl_facts f;
	struct ksw_snap s;
	char **sent;
	size_t n, i;

	(void)state;
	assert_int_equal(fixture_snap("real/7.2-stallinject", &s), 0);
	assert_int_equal(ksw_tl_parse(&tl, &s.t[KSW_F_TIMELINE]), 0);
	assert_int_equal(tl.malformed, 0);
	assert_int_equal(tl.n, 3);

	/* Preemption off: the injector held CPU 1, interrupts went on. */
	assert_int_equal(ksw_tl_facts(&tl, 1, NULL, &f), 0);
	assert_string_equal(f.kind, "sched");
	assert_string_equal(f.cpu[0].holder_comm, "stallinject/1");
	assert_true(f.cpu[0].holder_run_ns >= 300 * MS);
	assert_true(f.cpu[0].holder_in_gap_ns >= 300 * MS);
	assert_true(f.cpu[0].irqs_in_gap + f.cpu[0].softirqs_in_gap > 0);
	assert_true(f.cpu[0].quiet_ns < 150 * MS);
	ksw_tl_facts_free(&f);

	/* Interrupts off: no handler of either kind for the 300 ms. */
	assert_int_equal(ksw_tl_facts(&tl, 5, NULL, &f), 0);
	assert_string_equal(f.kind, "irq");
	assert_string_equal(f.cpu[0].holder_comm, "stallinject/1");
	assert_true(f.cpu[0].holder_run_ns >= 300 * MS);
	assert_true(f.cpu[0].quiet_ns >= 300 * MS);
	assert_true(f.cpu[0].irq_silence_ns >= 300 * MS);
	n = ksw_tl_sentences(&f, &sent);
	assert_true(said(sent, n, "stallinject/1 (pid 334) ran 308 ms without a context switch on CPU 1"));
	assert_true(said(sent, n, "no interrupt or softirq ran on CPU 1 for 307 ms"));
	ksw_tl_sentences_free(sent, n);
	ksw_tl_facts_free(&f);

	/* Both CPUs, 200 ms, each held by its injector thread. */
	assert_int_equal(ksw_tl_facts(&tl, 8, NULL, &f), 0);
	assert_int_equal(f.ncpu, 2);
	for (i = 0; i < 2; i++) {
		char want[32];

		snprintf(want, sizeof(want), "stallinject/%zu", i);
		assert_string_equal(f.cpu[i].holder_comm, want);
		assert_true(f.cpu[i].holder_run_ns >= 200 * MS);
		/* Events from at least 200 ms before the gap. */
		assert_true(f.cpu[i].from_ns + 200 * MS <= f.cpu[i].gap_start_ns);
	}
	ksw_tl_facts_free(&f);
	ksw_tl_free(&tl);
	ksw_snap_free(&s);
}

/*
 * A real 7.2 guest under reclaim pressure (tests/fixtures/real/7.2-reclaim):
 * stall 63 is a kind=reclaim record of memhog (pid 209) in direct
 * reclaim; its timeline must hold that reclaim run through the gap, and
 * the kswapd runs before it.
 */
static void test_real_reclaim(void **state)
{
	const struct ksw_table *st;
	const struct ksw_record *rec = NULL;
	struct ksw_timeline tl;
	struct ksw_tl_facts f;
	struct ksw_snap s;
	uint64_t seq, start, dur, pid;
	char **sent;
	size_t n, i;

	(void)state;
	assert_int_equal(fixture_snap("real/7.2-reclaim", &s), 0);
	assert_int_equal(ksw_tl_parse(&tl, &s.t[KSW_F_TIMELINE]), 0);
	assert_int_equal(tl.malformed, 0);
	st = &s.t[KSW_F_STALLS];
	for (i = 0; i < st->n; i++)
		if (ksw_get_u64(&st->rec[i], "seq", &seq) == 0 && seq == 63)
			rec = &st->rec[i];
	assert_non_null(rec);
	assert_string_equal(ksw_get(rec, "kind"), "reclaim");
	assert_int_equal(ksw_get_u64(rec, "start_ns", &start), 0);
	assert_int_equal(ksw_get_u64(rec, "dur_us", &dur), 0);
	assert_int_equal(ksw_get_u64(rec, "pid", &pid), 0);

	assert_int_equal(ksw_tl_facts(&tl, 63, &s.t[KSW_F_ZONES], &f), 0);
	assert_string_equal(f.kind, "reclaim");
	/* The record's gap is the timeline's. */
	assert_int_equal(f.gap_start_ns, start);
	assert_true(f.gap_end_ns - f.gap_start_ns >= dur * 1000 - 1000 &&
		    f.gap_end_ns - f.gap_start_ns <= dur * 1000 + 1000);
	/* The record's task in direct reclaim for the whole gap. */
	assert_true(f.has_gap_reclaim);
	assert_int_equal(f.gap_reclaim.kind, KSW_TL_RECLAIM_DIRECT);
	assert_int_equal(f.gap_reclaim.pid, (int64_t)pid);
	assert_true(f.gap_reclaim_ns <= f.gap_start_ns);
	assert_true(f.gap_reclaim_overlap_ns + 100000 >= f.gap_end_ns - f.gap_start_ns);
	/* kswapd0 reclaimed before it (the record: kswapd=0). */
	assert_string_equal(ksw_get(rec, "kswapd"), "0");
	assert_int_equal(f.nkswapd, 1);
	assert_string_equal(f.kswapd[0].comm, "kswapd0");
	assert_true(f.kswapd[0].runs > 0);
	assert_true(f.reclaim[KSW_TL_RECLAIM_KSWAPD].runs > 0);
	n = ksw_tl_sentences(&f, &sent);
	assert_true(said(sent, n, "memhog (pid 209) was in direct reclaim on CPU 0 for 58 ms of the 58 ms gap"));
	assert_true(said(sent, n, "still running at the gap's end"));
	ksw_tl_sentences_free(sent, n);
	ksw_tl_facts_free(&f);
	ksw_tl_free(&tl);
	ksw_snap_free(&s);
}

/* The fields the module appends: reclaim zone= open=, isolate pid=. */
static void test_appended_fields(void **state)
{
	static const char text[] =
		"stall=2 cpu=0 ts_ns=1000 event=switch prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R next_comm=kswapd0 next_pid=72 next_prio=120\n"
		"stall=2 cpu=0 ts_ns=2000 event=reclaim kind=kswapd pid=72 comm=kswapd0 dur_us=5000 nr_reclaimed=3 open=1 nid=0 zone=DMA32 order=0\n"
		"stall=2 cpu=0 ts_ns=3000 event=isolate nid=0 zone=DMA32 scanned=900 skipped=890 taken=10 calls=3 dur_us=40 pid=72\n"
		"stall=2 cpu=0 ts_ns=4000 event=isolate nid=0 zone=Normal scanned=32 skipped=0 taken=32 calls=1 dur_us=2 pid=1500\n"
		"stall=2 cpu=0 ts_ns=4500 event=isolate nid=0 zone=Device scanned=64 skipped=0 taken=64 calls=2 dur_us=1 pid=9\n"
		"stall=2 cpu=0 ts_ns=5000 event=gap start_ns=5000 end_ns=6000000 kind=sched\n";
	struct ksw_timeline tl;
	struct ksw_table t;
	struct ksw_tl_facts f;
	const struct ksw_tl_event *e;
	char **sent;
	size_t n;

	(void)state;
	table_from(&t, text);
	assert_int_equal(ksw_tl_parse(&tl, &t), 0);
	e = &tl.stall[0].cpu[0].ev[1];
	assert_int_equal(e->kind, KSW_TL_RECLAIM);
	assert_true(e->u.reclaim.open);
	assert_string_equal(e->u.reclaim.zone, "DMA32");
	assert_int_equal(e->u.reclaim.order, 0);
	e = &tl.stall[0].cpu[0].ev[2];
	assert_int_equal(e->u.isolate.pid, 72);
	assert_int_equal(e->u.isolate.calls, 3);
	assert_int_equal(e->u.isolate.dur_us, 40);
	assert_int_equal(ksw_tl_facts(&tl, 2, NULL, &f), 0);
	assert_int_equal(f.nzones, 3);
	n = ksw_tl_sentences(&f, &sent);
	assert_true(said(sent, n, "kswapd0 ran 6.0 ms of the 6.0 ms recorded, isolating for DMA32 and skipping 890 pages of higher zones (scanned 900, took 10)"));
	assert_true(said(sent, n, "reclaim by pid 1500 isolated for Normal, skipping none (scanned 32, took 32)"));
	/* Memcg reclaim's target, the highest zone index. */
	assert_true(said(sent, n, "reclaim by pid 9 isolated for every zone (Device), skipping none (scanned 64, took 64)"));
	ksw_tl_sentences_free(sent, n);
	ksw_tl_facts_free(&f);
	ksw_tl_free(&tl);
	ksw_table_free(&t);
}

/* A CPU of the stall whose events stop before the gap and that has no gap event. */
static void test_cpu_ends_early(void **state)
{
	static const char text[] =
		"stall=3 cpu=0 ts_ns=1000000 event=switch prev_comm=a prev_pid=1 prev_prio=120 prev_state=S next_comm=b next_pid=2 next_prio=120\n"
		"stall=3 cpu=0 ts_ns=2000000 event=softirq vec=RCU dur_us=10\n"
		"stall=3 cpu=1 ts_ns=1000000 event=switch prev_comm=c prev_pid=3 prev_prio=120 prev_state=S next_comm=d next_pid=4 next_prio=120\n"
		"stall=3 cpu=1 ts_ns=50000000 event=gap start_ns=50000000 end_ns=90000000 kind=sched\n";
	struct ksw_timeline tl;
	struct ksw_table t;
	struct ksw_tl_facts f;
	char **sent;
	size_t n;

	(void)state;
	table_from(&t, text);
	assert_int_equal(ksw_tl_parse(&tl, &t), 0);
	assert_int_equal(ksw_tl_facts(&tl, 3, NULL, &f), 0);
	assert_true(f.cpu[0].ends_before_gap);
	assert_int_equal(f.cpu[0].to_ns, 2010000);
	assert_string_equal(f.cpu[0].holder_comm, "?");
	assert_int_equal(f.cpu[0].irq_silence_ns, 0);
	assert_false(f.cpu[1].ends_before_gap);
	assert_string_equal(f.cpu[1].holder_comm, "d");
	n = ksw_tl_sentences(&f, &sent);
	assert_true(said(sent, n, "the timeline of CPU 0 ends 48 ms before the gap's start"));
	assert_true(said(sent, n, "d (pid 4) ran 89 ms without a context switch on CPU 1: 49 ms before the gap and the whole gap (40 ms)"));
	ksw_tl_sentences_free(sent, n);
	ksw_tl_facts_free(&f);
	ksw_tl_free(&tl);
	ksw_table_free(&t);
}

static void test_formats(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(ksw_tl_thousands(b, sizeof(b), 0), "0");
	assert_string_equal(ksw_tl_thousands(b, sizeof(b), 999), "999");
	assert_string_equal(ksw_tl_thousands(b, sizeof(b), 146978), "146,978");
	assert_string_equal(ksw_tl_thousands(b, sizeof(b), 1234567), "1,234,567");
	assert_string_equal(ksw_tl_thousands(b, 4, 1234567), "1,2");
	assert_string_equal(ksw_tl_dur(b, sizeof(b), 240 * MS), "240 ms");
	assert_string_equal(ksw_tl_dur(b, sizeof(b), 2500000), "2.5 ms");
	assert_string_equal(ksw_tl_dur(b, sizeof(b), 850000), "850 us");
	assert_string_equal(ksw_tl_dur(b, sizeof(b), 1043210000), "1.04 s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fixture),
		cmocka_unit_test(test_parse_odd_lines),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_facts_fixture),
		cmocka_unit_test(test_sentences_examples),
		cmocka_unit_test(test_facts_irq_handler),
		cmocka_unit_test(test_facts_sparse),
		cmocka_unit_test(test_real_stallinject),
		cmocka_unit_test(test_real_reclaim),
		cmocka_unit_test(test_appended_fields),
		cmocka_unit_test(test_cpu_ends_early),
		cmocka_unit_test(test_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
