// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for module/timeline_logic.h: the per-CPU event ring of the
 * stall timeline (reservation, completeness, wrapping, the hold that keeps
 * a stall's window), the window's choice of events, sorting and the pairing
 * of reclaim begins with their ends, driven as module/timeline.c does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "timeline_logic.h"

#define MS	1000000ULL

static struct ksw_tl_buf *buf_new(unsigned long slots)
{
	struct ksw_tl_buf *b = calloc(1, sizeof(*b) + slots * sizeof(b->ev[0]));

	assert_non_null(b);
	b->mask = slots - 1;
	return b;
}

static void ring_init(struct ksw_tl_ring *r)
{
	memset(r, 0, sizeof(*r));
	r->hold_ts = KSW_TL_NO_HOLD;
}

/* One event at @ts as a writer puts it; returns its slot number or -1. */
static unsigned long put(struct ksw_tl_ring *r, struct ksw_tl_buf *b, u64 ts, u8 type)
{
	unsigned long pos = ksw_tl_reserve(r, b, ts);
	struct ksw_tl_ev *e;

	if (pos == -1UL)
		return pos;
	e = ksw_tl_slot_open(b, pos);
	e->ts = ts;
	e->type = type;
	e->dur_ns = 0;
	ksw_tl_slot_close(e, pos);
	return pos;
}

static void event_is_one_cache_line(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct ksw_tl_ev), 64);
}

static void reserve_and_read(void **state)
{
	struct ksw_tl_buf *b = buf_new(8);
	struct ksw_tl_ring r;
	struct ksw_tl_ev e;
	unsigned long i;

	(void)state;
	ring_init(&r);
	for (i = 0; i < 5; i++)
		assert_int_equal(put(&r, b, 100 + i, KSW_TL_SWITCH), i);
	for (i = 0; i < 5; i++) {
		assert_true(ksw_tl_slot_read(b, i, &e));
		assert_int_equal(e.ts, 100 + i);
	}
	/* Never written. */
	assert_false(ksw_tl_slot_read(b, 5, &e));
	free(b);
}

static void wrap_overwrites_oldest(void **state)
{
	struct ksw_tl_buf *b = buf_new(4);
	struct ksw_tl_ring r;
	struct ksw_tl_ev e;
	unsigned long i;

	(void)state;
	ring_init(&r);
	for (i = 0; i < 6; i++)
		assert_int_equal(put(&r, b, 10 * (i + 1), KSW_TL_IRQ), i);
	/* Slots 0 and 1 now hold events 4 and 5. */
	assert_false(ksw_tl_slot_read(b, 0, &e));
	assert_false(ksw_tl_slot_read(b, 1, &e));
	assert_true(ksw_tl_slot_read(b, 4, &e));
	assert_int_equal(e.ts, 50);
	assert_true(ksw_tl_slot_read(b, 2, &e));
	assert_int_equal(e.ts, 30);
	assert_int_equal(r.dropped, 0);
	free(b);
}

static void incomplete_slot_not_read(void **state)
{
	struct ksw_tl_buf *b = buf_new(4);
	struct ksw_tl_ring r;
	struct ksw_tl_ev e, *w;
	unsigned long pos;

	(void)state;
	ring_init(&r);
	pos = ksw_tl_reserve(&r, b, 5);
	w = ksw_tl_slot_open(b, pos);
	w->ts = 5;
	/* A writer interrupted here: the slot is not complete. */
	assert_false(ksw_tl_slot_read(b, pos, &e));
	/* The interrupt's own event gets the next slot. */
	assert_int_equal(put(&r, b, 6, KSW_TL_IRQ), pos + 1);
	ksw_tl_slot_close(w, pos);
	assert_true(ksw_tl_slot_read(b, pos, &e));
	assert_true(ksw_tl_slot_read(b, pos + 1, &e));
	free(b);
}

/*
 * The hold: once set from T, the ring overwrites only events older than T
 * and drops new ones instead; released, it goes on overwriting.
 */
static void hold_keeps_window(void **state)
{
	struct ksw_tl_buf *b = buf_new(4);
	struct ksw_tl_ring r;
	struct ksw_tl_ev e;
	unsigned long i;
	u64 token;

	(void)state;
	ring_init(&r);
	for (i = 0; i < 4; i++)
		put(&r, b, 10 * MS * (i + 1), KSW_TL_SWITCH);	/* 10..40 ms */
	/* Hold from 30 ms (the window) until 1 s. */
	token = ksw_tl_hold(&r, 30 * MS, 1000 * MS, 45 * MS);
	/* The 10 ms and 20 ms events may go. */
	assert_int_equal(put(&r, b, 50 * MS, KSW_TL_SWITCH), 4);
	assert_int_equal(put(&r, b, 60 * MS, KSW_TL_SWITCH), 5);
	/* The next would overwrite the 30 ms one: dropped. */
	assert_int_equal(put(&r, b, 70 * MS, KSW_TL_SWITCH), -1UL);
	assert_int_equal(put(&r, b, 80 * MS, KSW_TL_SWITCH), -1UL);
	assert_int_equal(r.dropped, 2);
	assert_true(ksw_tl_slot_read(b, 2, &e));
	assert_int_equal(e.ts, 30 * MS);
	assert_true(ksw_tl_slot_read(b, 3, &e));
	assert_int_equal(e.ts, 40 * MS);
	/* Frozen: released, the ring goes on. */
	ksw_tl_unhold(&r, token);
	assert_int_equal(put(&r, b, 90 * MS, KSW_TL_SWITCH), 6);
	free(b);
}

static void hold_expires(void **state)
{
	struct ksw_tl_buf *b = buf_new(2);
	struct ksw_tl_ring r;

	(void)state;
	ring_init(&r);
	put(&r, b, 10 * MS, KSW_TL_SWITCH);
	put(&r, b, 20 * MS, KSW_TL_SWITCH);
	ksw_tl_hold(&r, 5 * MS, 100 * MS, 20 * MS);
	assert_int_equal(put(&r, b, 30 * MS, KSW_TL_SWITCH), -1UL);
	/* Never released (the gap was not recorded): it expires. */
	assert_int_equal(put(&r, b, 100 * MS, KSW_TL_SWITCH), 2);
	free(b);
}

/* Releasing with the token seen before a newer hold leaves the newer one. */
static void unhold_keeps_newer_hold(void **state)
{
	struct ksw_tl_ring r;
	u64 t1, t2;

	(void)state;
	ring_init(&r);
	t1 = ksw_tl_hold(&r, 100 * MS, 1000 * MS, 100 * MS);
	t2 = ksw_tl_hold(&r, 200 * MS, 2000 * MS, 150 * MS);
	assert_true(t1 != t2);
	/* Both held: the earlier start stays. */
	assert_true((t2 & ~KSW_TL_HOLD_GEN_MASK) <= 100 * MS);
	assert_true(r.hold_until >= 2000 * MS);
	ksw_tl_unhold(&r, t1);
	assert_int_equal(r.hold_ts, t2);
	ksw_tl_unhold(&r, t2);
	assert_true(r.hold_ts == KSW_TL_NO_HOLD);
}

/* An expired hold's start does not stick to the next. */
static void expired_hold_not_kept(void **state)
{
	struct ksw_tl_ring r;
	u64 t;

	(void)state;
	ring_init(&r);
	ksw_tl_hold(&r, 100 * MS, 500 * MS, 100 * MS);
	t = ksw_tl_hold(&r, 3000 * MS, 4000 * MS, 2000 * MS);
	assert_true((t & ~KSW_TL_HOLD_GEN_MASK) > 2900 * MS);
	assert_true(r.hold_until == 4000 * MS);
}

static void window_choice(void **state)
{
	struct ksw_tl_ev e = { .type = KSW_TL_IRQ };

	(void)state;
	/* Began before the window, ended inside: kept with its true start. */
	e.ts = 90;
	e.dur_ns = 20;
	assert_true(ksw_tl_in_window(&e, 100, 200));
	/* Over before it. */
	e.dur_ns = 5;
	assert_false(ksw_tl_in_window(&e, 100, 200));
	/* After its end. */
	e.ts = 201;
	assert_false(ksw_tl_in_window(&e, 100, 200));
	e.ts = 150;
	assert_true(ksw_tl_in_window(&e, 100, 200));
	e.type = KSW_TL_NONE;
	assert_false(ksw_tl_in_window(&e, 100, 200));
}

static void sort_oldest_first_stable(void **state)
{
	struct ksw_tl_ev ev[6];
	const u64 ts[6] = { 5, 3, 9, 3, 1, 7 };
	unsigned int i;

	(void)state;
	memset(ev, 0, sizeof(ev));
	for (i = 0; i < 6; i++) {
		ev[i].ts = ts[i];
		ev[i].pid = (s32)i;
	}
	ksw_tl_sort(ev, 6);
	for (i = 1; i < 6; i++)
		assert_true(ev[i - 1].ts <= ev[i].ts);
	/* The two at 3 keep their order. */
	assert_int_equal(ev[1].pid, 1);
	assert_int_equal(ev[2].pid, 3);
}

static struct ksw_tl_ev mark(u8 type, int kind, s32 pid, u64 ts)
{
	struct ksw_tl_ev e;

	memset(&e, 0, sizeof(e));
	e.type = type;
	e.a = (u8)kind;
	e.pid = pid;
	e.ts = ts;
	return e;
}

static void reclaim_pairing(void **state)
{
	struct ksw_tl_ev m[6];

	(void)state;
	m[0] = mark(KSW_TL_RECLAIM_BEGIN, KSW_TL_RC_DIRECT, 10, 100);
	m[1] = mark(KSW_TL_RECLAIM_BEGIN, KSW_TL_RC_KSWAPD, 20, 110);
	m[2] = mark(KSW_TL_RECLAIM_END, KSW_TL_RC_DIRECT, 11, 120);	/* another task */
	m[3] = mark(KSW_TL_RECLAIM_END, KSW_TL_RC_DIRECT, 10, 130);
	m[4] = mark(KSW_TL_RECLAIM_BEGIN, KSW_TL_RC_KSWAPD, 20, 140);	/* kswapd again */
	m[5] = mark(KSW_TL_RECLAIM_END, KSW_TL_RC_KSWAPD, 20, 150);
	assert_int_equal(ksw_tl_reclaim_end(m, 6, &m[0]), 3);
	/* A new kswapd run without a sleep ends the one before. */
	assert_int_equal(ksw_tl_reclaim_end(m, 6, &m[1]), 4);
	assert_int_equal(ksw_tl_reclaim_end(m, 6, &m[4]), 5);
	/* Still going: no end. */
	m[5].pid = 21;
	assert_int_equal(ksw_tl_reclaim_end(m, 6, &m[4]), -1);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(ksw_tl_reclaim_kind_name(KSW_TL_RC_DIRECT), "direct");
	assert_string_equal(ksw_tl_reclaim_kind_name(KSW_TL_RC_MEMCG), "memcg");
	assert_string_equal(ksw_tl_reclaim_kind_name(KSW_TL_RC_NODE), "node");
	assert_string_equal(ksw_tl_reclaim_kind_name(KSW_TL_RC_KSWAPD), "kswapd");
	assert_string_equal(ksw_tl_reclaim_kind_name(KSW_TL_RC_NR), "-");
}

static void dur_saturates(void **state)
{
	(void)state;
	assert_int_equal(ksw_tl_dur(10, 20), 0);
	assert_int_equal(ksw_tl_dur(30, 20), 10);
	assert_int_equal(ksw_tl_dur(10ULL << 33, 0), 0xffffffffU);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(event_is_one_cache_line),
		cmocka_unit_test(reserve_and_read),
		cmocka_unit_test(wrap_overwrites_oldest),
		cmocka_unit_test(incomplete_slot_not_read),
		cmocka_unit_test(hold_keeps_window),
		cmocka_unit_test(hold_expires),
		cmocka_unit_test(unhold_keeps_newer_hold),
		cmocka_unit_test(expired_hold_not_kept),
		cmocka_unit_test(window_choice),
		cmocka_unit_test(sort_oldest_first_stable),
		cmocka_unit_test(reclaim_pairing),
		cmocka_unit_test(names),
		cmocka_unit_test(dur_saturates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
