// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Following a history file between polls: nothing twice, nothing lost
 * without a word.
 *
 * unit-sources: userspace/track.c userspace/records.c userspace/parse.c userspace/snap.c userspace/util.c
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "reader_fixture.h"
#include "track.h"

/* What a poll handed out, as text: "n5 n6 lost7-9 restart". */
static char got[1024];
/* The data of the poll, and the file tracked. */
static const struct ksw_data *cur;

static void cb(void *ctx, int event, size_t i, uint64_t from, uint64_t to)
{
	size_t len = strlen(got);
	int id = *(const int *)ctx;

	if (event == KSW_TRACK_NEW)
		snprintf(got + len, sizeof(got) - len, "%sn%llu", len ? " " : "",
			 (unsigned long long)(id == KSW_F_STALLS ? cur->stalls[i].seq :
					      cur->fails[i].seq));
	else if (event == KSW_TRACK_LOST)
		snprintf(got + len, sizeof(got) - len, "%slost%llu-%llu", len ? " " : "",
			 (unsigned long long)from, (unsigned long long)to);
	else
		snprintf(got + len, sizeof(got) - len, "%srestart", len ? " " : "");
}

/* One poll of file @id of @s. */
static void track_snap(struct ksw_tracker *tr, const struct ksw_snap *s)
{
	struct ksw_data d;

	ksw_data_build(&d, s);
	cur = &d;
	ksw_track(tr, &d, cb, &tr->id);
	cur = NULL;
	ksw_data_free(&d);
}

/* One poll of the stalls in @t. */
static void track_table(struct ksw_tracker *tr, const struct ksw_table *t)
{
	struct ksw_snap s;

	memset(&s, 0, sizeof(s));
	s.t[KSW_F_STALLS] = *t;
	s.have = KSW_BIT(KSW_F_STALLS);
	track_snap(tr, &s);
}

/* Records "seq=A start_ns=A*10" for each number in @seqs ("1 2 3"). */
static const char *poll_seqs(struct ksw_tracker *tr, const char *seqs)
{
	char text[4096] = "";
	struct ksw_table t;
	const char *p = seqs;

	while (*p) {
		unsigned long long s = strtoull(p, (char **)&p, 10);

		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "seq=%llu start_ns=%llu dur_us=1 kind=sched\n", s, s * 10);
		while (*p == ' ')
			p++;
	}
	got[0] = '\0';
	table_from(&t, text);
	track_table(tr, &t);
	ksw_table_free(&t);
	return got;
}

static void test_baseline_then_new(void **state)
{
	struct ksw_tracker tr;

	(void)state;
	ksw_tracker_init(&tr, KSW_F_STALLS, 0, 0);
	assert_string_equal(poll_seqs(&tr, "1 2 3"), "");
	assert_string_equal(poll_seqs(&tr, "1 2 3"), "");
	assert_string_equal(poll_seqs(&tr, "1 2 3 4 5"), "n4 n5");
	assert_string_equal(poll_seqs(&tr, "2 3 4 5 6"), "n6");
	assert_string_equal(poll_seqs(&tr, "2 3 4 5 6"), "");
}

static void test_empty_start(void **state)
{
	struct ksw_tracker tr;

	(void)state;
	ksw_tracker_init(&tr, KSW_F_STALLS, 0, 0);
	assert_string_equal(poll_seqs(&tr, ""), "");
	assert_string_equal(poll_seqs(&tr, ""), "");
	assert_string_equal(poll_seqs(&tr, "1 2"), "n1 n2");
}

static void test_since(void **state)
{
	struct ksw_tracker tr;

	(void)state;
	ksw_tracker_init(&tr, KSW_F_STALLS, 1, 2);
	assert_string_equal(poll_seqs(&tr, "1 2 3 4"), "n3 n4");
	assert_string_equal(poll_seqs(&tr, "1 2 3 4"), "");
	/* --since 0 with nothing recorded yet is not a restart. */
	ksw_tracker_init(&tr, KSW_F_STALLS, 1, 0);
	assert_string_equal(poll_seqs(&tr, ""), "");
	assert_string_equal(poll_seqs(&tr, "1"), "n1");
	/* --since beyond the newest record waits for it. */
	ksw_tracker_init(&tr, KSW_F_STALLS, 1, 10);
	assert_string_equal(poll_seqs(&tr, "1 2"), "");
	assert_string_equal(poll_seqs(&tr, "1 2 11"), "n11");
	assert_string_equal(poll_seqs(&tr, "1 2 11 12"), "n12");
}

static void test_ring_overrun(void **state)
{
	struct ksw_tracker tr;

	(void)state;
	ksw_tracker_init(&tr, KSW_F_STALLS, 0, 0);
	assert_string_equal(poll_seqs(&tr, "1 2 3"), "");
	/* 4..6 were overwritten before this poll. */
	assert_string_equal(poll_seqs(&tr, "7 8 9"), "lost4-6 n7 n8 n9");
	assert_string_equal(poll_seqs(&tr, "8 9 10"), "n10");
}

static void test_hole_waits_one_poll(void **state)
{
	struct ksw_tracker tr;

	(void)state;
	ksw_tracker_init(&tr, KSW_F_STALLS, 0, 0);
	assert_string_equal(poll_seqs(&tr, "1 2"), "");
	/* 3 is missing between 2 and 4: perhaps still being written. */
	assert_string_equal(poll_seqs(&tr, "1 2 4 5"), "");
	assert_string_equal(poll_seqs(&tr, "1 2 3 4 5"), "n3 n4 n5");
	/* A hole that stays is reported once, then passed. */
	assert_string_equal(poll_seqs(&tr, "1 2 3 4 5 7"), "");
	assert_string_equal(poll_seqs(&tr, "1 2 3 4 5 7 8"), "lost6-6 n7 n8");
	assert_string_equal(poll_seqs(&tr, "1 2 3 4 5 7 8"), "");
}

static void test_out_of_order_and_repeats(void **state)
{
	struct ksw_tracker tr;

	(void)state;
	ksw_tracker_init(&tr, KSW_F_STALLS, 1, 0);
	assert_string_equal(poll_seqs(&tr, "3 1 2 2"), "n1 n2 n3");
	assert_string_equal(poll_seqs(&tr, "3 1 2 2"), "");
}

static void test_restart(void **state)
{
	struct ksw_tracker tr;
	struct ksw_table t;

	(void)state;
	ksw_tracker_init(&tr, KSW_F_STALLS, 0, 0);
	assert_string_equal(poll_seqs(&tr, "1 2 3 4 5"), "");
	/* Cleared and renumbered: nothing newer than 5, and 5 is gone. */
	assert_string_equal(poll_seqs(&tr, "1 2"), "restart n1 n2");
	assert_string_equal(poll_seqs(&tr, "1 2 3"), "n3");
	/* Cleared: nothing to tell until records come again ... */
	assert_string_equal(poll_seqs(&tr, ""), "");
	/* ... numbered on from where they were, */
	assert_string_equal(poll_seqs(&tr, "4"), "n4");
	assert_string_equal(poll_seqs(&tr, ""), "");
	/* or from the start. */
	assert_string_equal(poll_seqs(&tr, "1"), "restart n1");

	/* Same seq, another timestamp: reloaded and already past it. */
	got[0] = '\0';
	table_from(&t, "seq=1 start_ns=999 kind=sched\nseq=2 start_ns=1000 kind=sched\n");
	track_table(&tr, &t);
	ksw_table_free(&t);
	assert_string_equal(got, "restart n1 n2");
}

static void test_failures_file(void **state)
{
	struct ksw_tracker tr;
	struct ksw_snap s;

	(void)state;
	assert_int_equal(fixture_snap("spurious-resets", &s), 0);
	ksw_tracker_init(&tr, KSW_F_FAILURES, 1, 37);
	got[0] = '\0';
	track_snap(&tr, &s);
	assert_string_equal(got, "n38 n39 n40 n41");
	ksw_snap_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline_then_new),
		cmocka_unit_test(test_empty_start),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_ring_overrun),
		cmocka_unit_test(test_hole_waits_one_poll),
		cmocka_unit_test(test_out_of_order_and_repeats),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_failures_file),
	};

	return cmocka_run_group_tests_name("track", tests, NULL, NULL);
}
