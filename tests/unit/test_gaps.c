// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for module/gaps.h: the stall record ring and the merging of
 * overlapping per-CPU gaps into one record, driven the way module/
 * watchdog.c drives them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "gaps.h"

#define MS	1000000ULL

static void kind_names(void **state)
{
	(void)state;
	assert_string_equal(ksw_stall_kind_name(KSW_STALL_IRQ), "irq");
	assert_string_equal(ksw_stall_kind_name(KSW_STALL_SCHED), "sched");
	assert_string_equal(ksw_stall_kind_name(KSW_STALL_RECLAIM), "reclaim");
	assert_string_equal(ksw_stall_kind_name(KSW_STALL_NR), "-");
	/* A merged record shows the worst kind: the order is the contract. */
	assert_true(KSW_STALL_IRQ > KSW_STALL_SCHED);
	assert_true(KSW_STALL_SCHED > KSW_STALL_RECLAIM);
}

static void ring_numbers_and_wraps(void **state)
{
	struct ksw_ring r;
	u64 nr;
	int i;

	(void)state;
	ksw_ring_init(&r, 4);
	assert_int_equal(r.head - r.tail, 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(ksw_ring_push(&r), i);
	assert_int_equal(r.tail, 0);
	assert_int_equal(r.dropped, 0);

	/* Full: the oldest goes and is counted. */
	nr = ksw_ring_push(&r);
	assert_int_equal(nr, 4);
	assert_int_equal(ksw_ring_slot(&r, nr), 0);
	assert_int_equal(r.tail, 1);
	assert_int_equal(r.dropped, 1);
	for (i = 0; i < 6; i++)
		ksw_ring_push(&r);
	assert_int_equal(r.head, 11);
	assert_int_equal(r.tail, 7);
	assert_int_equal(r.dropped, 7);
	assert_int_equal(r.head - r.tail, 4);
}

static void ring_clear_keeps_numbering(void **state)
{
	struct ksw_ring r;

	(void)state;
	ksw_ring_init(&r, 4);
	ksw_ring_push(&r);
	ksw_ring_push(&r);
	ksw_ring_clear(&r);
	assert_int_equal(r.head - r.tail, 0);
	assert_int_equal(r.dropped, 0);
	/* Numbers do not go back: a reader following seq= sees no repeat. */
	assert_int_equal(ksw_ring_push(&r), 2);
	assert_int_equal(r.head - r.tail, 1);
}

static void overlap_rules(void **state)
{
	struct ksw_gap_group g;

	(void)state;
	ksw_gap_group_reset(&g);
	/* Nothing overlaps a closed group. */
	assert_false(ksw_gap_overlaps(&g, 0, 100));
	ksw_gap_group_add(&g, 0, 100, 200, KSW_STALL_SCHED, true, 210);
	assert_true(ksw_gap_overlaps(&g, 150, 300));
	assert_true(ksw_gap_overlaps(&g, 50, 100));	/* touching counts */
	assert_true(ksw_gap_overlaps(&g, 200, 250));
	assert_true(ksw_gap_overlaps(&g, 120, 130));	/* inside */
	assert_true(ksw_gap_overlaps(&g, 0, 1000));	/* around */
	assert_false(ksw_gap_overlaps(&g, 201, 300));
	assert_false(ksw_gap_overlaps(&g, 0, 99));
}

static void group_union_kind_members(void **state)
{
	struct ksw_gap_group g;

	(void)state;
	ksw_gap_group_reset(&g);
	assert_true(ksw_gap_group_add(&g, 1, 100, 200, KSW_STALL_SCHED, false, 205));
	assert_true(g.open);
	assert_int_equal(g.first_ns, 205);
	assert_false(ksw_gap_group_add(&g, 0, 90, 150, KSW_STALL_SCHED, false, 215));
	/* Longer than the primary, neither has a backtrace: it takes over. */
	assert_true(ksw_gap_group_add(&g, 2, 120, 230, KSW_STALL_IRQ, false, 240));
	assert_int_equal(g.primary, 2);
	assert_int_equal(g.start_ns, 90);
	assert_int_equal(g.end_ns, 230);
	assert_int_equal(g.kind, KSW_STALL_IRQ);
	assert_int_equal(g.members, 3);
	assert_int_equal(g.closed_ns, 240);
	assert_int_equal(g.first_ns, 205);
	/* A sched gap after an irq one does not lower the kind. */
	ksw_gap_group_add(&g, 3, 150, 160, KSW_STALL_SCHED, false, 250);
	assert_int_equal(g.kind, KSW_STALL_IRQ);
	ksw_gap_group_reset(&g);
	assert_false(g.open);
	assert_int_equal(g.members, 0);
}

static void primary_prefers_backtrace_then_length(void **state)
{
	struct ksw_gap_group g;

	(void)state;
	ksw_gap_group_reset(&g);
	/* First member, no backtrace (an irq gap ended in user mode). */
	assert_true(ksw_gap_group_add(&g, 0, 0, 500, KSW_STALL_IRQ, false, 1));
	assert_int_equal(g.primary, 0);
	/* Shorter, but with a backtrace: it wins. */
	assert_true(ksw_gap_group_add(&g, 1, 10, 300, KSW_STALL_SCHED, true, 2));
	assert_int_equal(g.primary, 1);
	/* Longer, no backtrace: does not. */
	assert_false(ksw_gap_group_add(&g, 2, 0, 900, KSW_STALL_SCHED, false, 3));
	assert_int_equal(g.primary, 1);
	/* Longer with a backtrace: wins. */
	assert_true(ksw_gap_group_add(&g, 3, 0, 400, KSW_STALL_SCHED, true, 4));
	assert_int_equal(g.primary, 3);
	assert_int_equal(g.primary_len, 400);
	/* Equal length: the first stays. */
	assert_false(ksw_gap_group_add(&g, 4, 100, 500, KSW_STALL_SCHED, true, 5));
	assert_int_equal(g.primary, 3);
}

static void settle_pending_overdue(void **state)
{
	struct ksw_gap_group g;
	const u64 period = 10 * MS, stale = 2 * period;

	(void)state;
	ksw_gap_group_reset(&g);
	assert_false(ksw_gap_group_settled(&g, 1000 * MS, 2 * period));
	ksw_gap_group_add(&g, 0, 100 * MS, 300 * MS, KSW_STALL_SCHED, true, 305 * MS);
	assert_false(ksw_gap_group_settled(&g, 310 * MS, 2 * period));
	assert_true(ksw_gap_group_settled(&g, 325 * MS, 2 * period));

	/* A CPU seen just now is no reason to wait. */
	assert_false(ksw_gap_cpu_pending(&g, 320 * MS, 325 * MS, stale));
	/* One last seen inside the group's span, long ago: may still join. */
	assert_true(ksw_gap_cpu_pending(&g, 150 * MS, 325 * MS, stale));
	/* Seen at the group's end, but only a period ago: healthy. */
	assert_false(ksw_gap_cpu_pending(&g, 300 * MS, 310 * MS, stale));
	/* Silent since after the group ended: its gap does not overlap. */
	assert_false(ksw_gap_cpu_pending(&g, 301 * MS, 400 * MS, stale));

	/* A gap still open on another CPU, begun before the group's end. */
	assert_true(ksw_gap_cpu_open_overlaps(&g, 250 * MS));
	assert_true(ksw_gap_cpu_open_overlaps(&g, 300 * MS));
	assert_false(ksw_gap_cpu_open_overlaps(&g, 301 * MS));
	assert_false(ksw_gap_cpu_open_overlaps(&g, UINT64_MAX));	/* none open */

	assert_false(ksw_gap_group_overdue(&g, 305 * MS + 1999 * MS, 2000 * MS));
	assert_true(ksw_gap_group_overdue(&g, 305 * MS + 2000 * MS, 2000 * MS));
}

/*
 * The watchdog's flow in miniature: CPUs close gaps in time order; a gap
 * that does not overlap the open group flushes it first; ticks flush a
 * settled group once no CPU may still join.
 */
#define NCPU	4

struct sim {
	struct ksw_gap_group g;
	u64 seen[NCPU];		/* each CPU's last sign of life */
	int records;
	u64 rec_start[8], rec_end[8];
	int rec_members[8], rec_kind[8];
};

static void sim_flush(struct sim *s)
{
	s->rec_start[s->records] = s->g.start_ns;
	s->rec_end[s->records] = s->g.end_ns;
	s->rec_members[s->records] = s->g.members;
	s->rec_kind[s->records] = s->g.kind;
	s->records++;
	ksw_gap_group_reset(&s->g);
}

/* Another CPU silent since before the group ended, for over 50 ms? */
static bool sim_bridged(struct sim *s, int self, u64 now)
{
	int cpu;

	for (cpu = 0; cpu < NCPU; cpu++)
		if (cpu != self && ksw_gap_cpu_pending(&s->g, s->seen[cpu], now, 50 * MS))
			return true;
	return false;
}

static void sim_close(struct sim *s, int cpu, u64 start, u64 end, int kind, u64 now)
{
	if (s->g.open && !ksw_gap_overlaps(&s->g, start, end) && !sim_bridged(s, cpu, now))
		sim_flush(s);
	ksw_gap_group_add(&s->g, cpu, start, end, kind, true, now);
	s->seen[cpu] = end;
}

static void sim_tick(struct sim *s, u64 now)
{
	const u64 period = 10 * MS;
	int cpu;

	if (!s->g.open)
		return;
	if (!ksw_gap_group_overdue(&s->g, now, 2000 * MS)) {
		if (!ksw_gap_group_settled(&s->g, now, 2 * period))
			return;
		for (cpu = 0; cpu < NCPU; cpu++)
			if (ksw_gap_cpu_pending(&s->g, s->seen[cpu], now, 2 * period))
				return;
	}
	sim_flush(s);
}

static void sim_all_cpus_one_record(void **state)
{
	struct sim s;
	u64 t;
	int cpu;

	(void)state;
	memset(&s, 0, sizeof(s));
	ksw_gap_group_reset(&s.g);
	/* All four stalled from ~1000 ms for 300 ms; they notice at their ticks. */
	for (cpu = 0; cpu < NCPU; cpu++)
		s.seen[cpu] = 995 * MS + cpu * MS;
	for (t = 1000 * MS; t < 1300 * MS; t += MS)
		sim_tick(&s, t);
	for (cpu = 0; cpu < NCPU; cpu++)
		sim_close(&s, cpu, 995 * MS + cpu * MS, 1300 * MS + cpu * MS, KSW_STALL_IRQ,
			  1301 * MS + 2 * cpu * MS);
	for (t = 1301 * MS; t < 1400 * MS; t += MS) {
		for (cpu = 0; cpu < NCPU; cpu++)
			if (t > 1310 * MS)
				s.seen[cpu] = t - MS;
		sim_tick(&s, t);
	}
	assert_int_equal(s.records, 1);
	assert_int_equal(s.rec_members[0], NCPU);
	assert_int_equal(s.rec_start[0], 995 * MS);
	assert_int_equal(s.rec_end[0], 1303 * MS);
	assert_int_equal(s.rec_kind[0], KSW_STALL_IRQ);
}

static void sim_waits_for_long_overlapping_gap(void **state)
{
	struct sim s;
	u64 t;
	int cpu;

	(void)state;
	memset(&s, 0, sizeof(s));
	ksw_gap_group_reset(&s.g);
	for (cpu = 0; cpu < NCPU; cpu++)
		s.seen[cpu] = 1000 * MS;
	/* CPU 0: 100 ms; CPU 1: 900 ms from the same moment. */
	sim_close(&s, 0, 1000 * MS, 1100 * MS, KSW_STALL_SCHED, 1105 * MS);
	for (t = 1105 * MS; t < 1900 * MS; t += 5 * MS) {
		s.seen[0] = s.seen[2] = s.seen[3] = t;
		sim_tick(&s, t);
	}
	assert_int_equal(s.records, 0);
	sim_close(&s, 1, 1000 * MS, 1900 * MS, KSW_STALL_SCHED, 1905 * MS);
	for (t = 1905 * MS; t < 2000 * MS; t += 5 * MS) {
		for (cpu = 0; cpu < NCPU; cpu++)
			s.seen[cpu] = t;
		sim_tick(&s, t);
	}
	assert_int_equal(s.records, 1);
	assert_int_equal(s.rec_members[0], 2);
	assert_int_equal(s.rec_end[0] - s.rec_start[0], 900 * MS);
}

static void sim_separate_stalls_two_records(void **state)
{
	struct sim s;
	u64 t;
	int cpu;

	(void)state;
	memset(&s, 0, sizeof(s));
	ksw_gap_group_reset(&s.g);
	/* CPU 2 then, after it, CPU 3: back to back, not overlapping. */
	s.seen[0] = s.seen[1] = 1095 * MS;
	s.seen[3] = 1095 * MS;
	sim_close(&s, 2, 1000 * MS, 1100 * MS, KSW_STALL_SCHED, 1101 * MS);
	/* The others go on living while CPU 3 is held. */
	s.seen[0] = s.seen[1] = s.seen[2] = 1200 * MS;
	sim_close(&s, 3, 1101 * MS, 1200 * MS, KSW_STALL_SCHED, 1205 * MS);
	assert_int_equal(s.records, 1);
	for (t = 1205 * MS; t < 1300 * MS; t += 5 * MS) {
		for (cpu = 0; cpu < NCPU; cpu++)
			s.seen[cpu] = t;
		sim_tick(&s, t);
	}
	assert_int_equal(s.records, 2);
	assert_int_equal(s.rec_members[0], 1);
	assert_int_equal(s.rec_members[1], 1);
	assert_int_equal(s.rec_start[1], 1101 * MS);
}

/*
 * CPU 1 stalls 200 ms; CPU 0 has two short gaps inside that span, back to
 * back.  They do not overlap each other, but CPU 1's gap, still going when
 * the second closes, overlaps both: one record.
 */
static void sim_bridge_through_ongoing_gap(void **state)
{
	struct sim s;
	u64 t;
	int cpu;

	(void)state;
	memset(&s, 0, sizeof(s));
	ksw_gap_group_reset(&s.g);
	s.seen[1] = 1000 * MS;
	sim_close(&s, 0, 1002 * MS, 1070 * MS, KSW_STALL_IRQ, 1071 * MS);
	sim_close(&s, 0, 1072 * MS, 1190 * MS, KSW_STALL_IRQ, 1191 * MS);
	assert_int_equal(s.records, 0);
	sim_close(&s, 1, 1000 * MS, 1200 * MS, KSW_STALL_IRQ, 1201 * MS);
	for (t = 1201 * MS; t < 1300 * MS; t += 5 * MS) {
		for (cpu = 0; cpu < NCPU; cpu++)
			s.seen[cpu] = t;
		sim_tick(&s, t);
	}
	assert_int_equal(s.records, 1);
	assert_int_equal(s.rec_members[0], 3);
	assert_int_equal(s.rec_start[0], 1000 * MS);
	assert_int_equal(s.rec_end[0], 1200 * MS);

	/* Without a CPU still in a gap, the second is a record of its own. */
	memset(&s, 0, sizeof(s));
	ksw_gap_group_reset(&s.g);
	for (cpu = 1; cpu < NCPU; cpu++)
		s.seen[cpu] = 1065 * MS;
	sim_close(&s, 0, 1002 * MS, 1070 * MS, KSW_STALL_IRQ, 1071 * MS);
	for (cpu = 1; cpu < NCPU; cpu++)
		s.seen[cpu] = 1185 * MS;
	sim_close(&s, 0, 1072 * MS, 1190 * MS, KSW_STALL_IRQ, 1191 * MS);
	assert_int_equal(s.records, 1);
}

static void sim_stuck_cpu_does_not_hold_forever(void **state)
{
	struct sim s;
	u64 t;

	(void)state;
	memset(&s, 0, sizeof(s));
	ksw_gap_group_reset(&s.g);
	s.seen[1] = 900 * MS;	/* CPU 1 never comes back */
	sim_close(&s, 0, 1000 * MS, 1100 * MS, KSW_STALL_SCHED, 1105 * MS);
	for (t = 1105 * MS; t < 3104 * MS; t += 5 * MS) {
		s.seen[0] = s.seen[2] = s.seen[3] = t;
		sim_tick(&s, t);
	}
	assert_int_equal(s.records, 0);
	for (; t < 3200 * MS; t += 5 * MS)
		sim_tick(&s, t);
	assert_int_equal(s.records, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kind_names),
		cmocka_unit_test(ring_numbers_and_wraps),
		cmocka_unit_test(ring_clear_keeps_numbering),
		cmocka_unit_test(overlap_rules),
		cmocka_unit_test(group_union_kind_members),
		cmocka_unit_test(primary_prefers_backtrace_then_length),
		cmocka_unit_test(settle_pending_overdue),
		cmocka_unit_test(sim_all_cpus_one_record),
		cmocka_unit_test(sim_waits_for_long_overlapping_gap),
		cmocka_unit_test(sim_separate_stalls_two_records),
		cmocka_unit_test(sim_bridge_through_ongoing_gap),
		cmocka_unit_test(sim_stuck_cpu_does_not_hold_forever),
	};

	return cmocka_run_group_tests_name("gaps", tests, NULL, NULL);
}
