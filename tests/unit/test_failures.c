// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for module/failures_logic.h: the kswapd_failures record ring,
 * per-node statistics, the watermark test and the inference of steps and
 * resets from two readings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "failures_logic.h"

static struct ksw_fring ring;

static struct ksw_frec rec_nid(int nid)
{
	struct ksw_frec r;

	memset(&r, 0, sizeof(r));
	r.nid = nid;
	return r;
}

static void ring_push_get_clear(void **state)
{
	struct ksw_frec r, out;
	int i;

	(void)state;
	ksw_fring_init(&ring);
	assert_false(ksw_fring_get(&ring, 0, &out));
	for (i = 0; i < 3; i++) {
		r = rec_nid(i);
		assert_int_equal(ksw_fring_push(&ring, &r), i + 1);
	}
	/* Position 0 means "from the oldest". */
	assert_true(ksw_fring_get(&ring, 0, &out));
	assert_int_equal(out.seq, 1);
	assert_int_equal(out.nid, 0);
	assert_true(ksw_fring_get(&ring, 3, &out));
	assert_int_equal(out.nid, 2);
	assert_false(ksw_fring_get(&ring, 4, &out));

	/* Clearing hides the records but never reuses their numbers. */
	ksw_fring_clear(&ring);
	assert_false(ksw_fring_get(&ring, 0, &out));
	r = rec_nid(7);
	assert_int_equal(ksw_fring_push(&ring, &r), 4);
	assert_true(ksw_fring_get(&ring, 0, &out));
	assert_int_equal(out.seq, 4);
	assert_int_equal(out.nid, 7);
	assert_int_equal(ksw_fring_dropped(&ring), 0);
}

static void ring_wraps_oldest_first(void **state)
{
	struct ksw_frec r, out;
	unsigned long long s, expect;
	int i;

	(void)state;
	ksw_fring_init(&ring);
	for (i = 0; i < KSW_FRING_SIZE + 10; i++) {
		r = rec_nid(i);
		ksw_fring_push(&ring, &r);
	}
	assert_int_equal(ksw_fring_oldest(&ring), 11);
	assert_int_equal(ksw_fring_dropped(&ring), 10);
	/* A reader that stopped at an overwritten record resumes at the oldest. */
	assert_true(ksw_fring_get(&ring, 5, &out));
	assert_int_equal(out.seq, 11);
	assert_int_equal(out.nid, 10);
	/* Walking by seq + 1 lists every kept record once, in order. */
	expect = 11;
	for (s = 0; ksw_fring_get(&ring, s, &out); s = out.seq + 1) {
		assert_int_equal(out.seq, expect);
		assert_int_equal(out.nid, (int)expect - 1);
		expect++;
	}
	assert_int_equal(expect, KSW_FRING_SIZE + 11);
}

static void stats_count_hopeless_and_spurious(void **state)
{
	struct ksw_fstats s;
	struct ksw_frec r = rec_nid(0);

	(void)state;
	memset(&s, 0, sizeof(s));
	r.event = KSW_EV_FAIL;
	r.prev = 14;
	r.failures = 15;
	ksw_fstats_apply(&s, &r);
	assert_int_equal(s.hopeless_episodes, 0);
	r.prev = 15;
	r.failures = 16;
	ksw_fstats_apply(&s, &r);
	assert_int_equal(s.hopeless_episodes, 1);
	/* Racing past the limit is still the same episode. */
	r.prev = 16;
	r.failures = 17;
	ksw_fstats_apply(&s, &r);
	assert_int_equal(s.hopeless_episodes, 1);
	assert_int_equal(s.fails_total, 3);

	r.event = KSW_EV_RESET;
	r.reason = KSW_RESET_DIRECT;
	r.balanced = 0;
	ksw_fstats_apply(&s, &r);
	r.reason = KSW_RESET_KSWAPD;
	r.balanced = 1;
	ksw_fstats_apply(&s, &r);
	r.reason = 9;	/* a reason newer than this code */
	ksw_fstats_apply(&s, &r);
	assert_int_equal(s.resets[KSW_RESET_DIRECT], 1);
	assert_int_equal(s.resets[KSW_RESET_KSWAPD], 1);
	assert_int_equal(s.resets[KSW_RESET_OTHER], 1);
	assert_int_equal(s.spurious_resets, 1);
	assert_int_equal(s.fails_total, 3);
}

static void wmark_is_strictly_above(void **state)
{
	(void)state;
	/* __zone_watermark_ok(): free <= min + reserve fails. */
	assert_false(ksw_zone_wmark_ok(1000, 0, 900, 100));
	assert_true(ksw_zone_wmark_ok(1001, 0, 900, 100));
	assert_false(ksw_zone_wmark_ok(1001, 1, 900, 100));
	assert_false(ksw_zone_wmark_ok(-5, 0, 0, 0));
	assert_true(ksw_zone_wmark_ok(1, 0, 0, 0));
}

static void comm_is_one_token(void **state)
{
	char c[KSW_COMM_LEN];

	(void)state;
	ksw_comm_copy(c, "kswapd0");
	assert_string_equal(c, "kswapd0");
	ksw_comm_copy(c, "Web Content=1\t");
	assert_string_equal(c, "Web_Content_1_");
	ksw_comm_copy(c, "");
	assert_string_equal(c, "-");
	ksw_comm_copy(c, "abcdefghijklmnopqrstuvwxyz");
	assert_int_equal(strlen(c), KSW_COMM_LEN - 1);
}

/* Runs the inference and expands the plan into records. */
static int infer(int last, int now, enum ksw_obs obs, int progress,
		 bool in_flight, struct ksw_frec *out)
{
	struct ksw_infer_in in = {
		.last = last, .now = now, .obs = obs,
		.progress = progress, .in_flight = in_flight,
	};
	struct ksw_infer_plan p;
	int i, n = ksw_infer(&in, &p);

	assert_int_equal(n, p.nrec);
	assert_true(n <= KSW_INFER_MAX_RECS);
	for (i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		ksw_infer_rec(&p, i, &out[i]);
		assert_int_equal(out[i].source, KSW_SRC_INFERRED);
		/* Records chain: each starts where the previous ended. */
		assert_int_equal(out[i].prev, i ? out[i - 1].failures : last);
	}
	if (n)
		assert_int_equal(out[n - 1].failures, now);
	return n;
}

static void infer_steps(void **state)
{
	struct ksw_frec r[KSW_INFER_MAX_RECS];
	int i;

	(void)state;
	assert_int_equal(infer(3, 3, KSW_OBS_TICK, KSW_REASON_NONE, false, r), 0);
	assert_int_equal(infer(3, 4, KSW_OBS_KSWAPD, KSW_REASON_NONE, true, r), 1);
	assert_int_equal(r[0].event, KSW_EV_FAIL);
	assert_int_equal(r[0].reason, KSW_REASON_NONE);
	/* A jump is one record per step, 12..16. */
	assert_int_equal(infer(11, 16, KSW_OBS_TICK, KSW_REASON_NONE, true, r), 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(r[i].event, KSW_EV_FAIL);
		assert_int_equal(r[i].failures, 12 + i);
	}
	/* Too many steps to list: one record says so by its prev. */
	assert_int_equal(infer(0, 100, KSW_OBS_TICK, KSW_REASON_NONE, false, r), 1);
	assert_int_equal(r[0].prev, 0);
	assert_int_equal(r[0].failures, 100);
}

static void infer_reset_reasons(void **state)
{
	struct ksw_frec r[KSW_INFER_MAX_RECS];

	(void)state;
	/* The end of a direct reclaim that reclaimed pages. */
	assert_int_equal(infer(16, 0, KSW_OBS_DIRECT, KSW_REASON_NONE, true, r), 1);
	assert_int_equal(r[0].event, KSW_EV_RESET);
	assert_int_equal(r[0].reason, KSW_RESET_DIRECT);
	assert_int_equal(r[0].prev, 16);
	assert_int_equal(r[0].failures, 0);
	/* The node's kswapd after a run. */
	assert_int_equal(infer(5, 0, KSW_OBS_KSWAPD, KSW_REASON_NONE, true, r), 1);
	assert_int_equal(r[0].reason, KSW_RESET_KSWAPD);
	/* Who last reclaimed pages from the node beats who looked. */
	assert_int_equal(infer(5, 0, KSW_OBS_KSWAPD, KSW_RESET_DIRECT, true, r), 1);
	assert_int_equal(r[0].reason, KSW_RESET_DIRECT);
	assert_int_equal(infer(5, 0, KSW_OBS_TICK, KSW_RESET_KSWAPD, true, r), 1);
	assert_int_equal(r[0].reason, KSW_RESET_KSWAPD);
	/* A bystander leaves a reset to a reclaimer still running ... */
	assert_int_equal(infer(16, 0, KSW_OBS_TICK, KSW_REASON_NONE, true, r), 0);
	/* ... and with nobody running it is OTHER. */
	assert_int_equal(infer(16, 0, KSW_OBS_TICK, KSW_REASON_NONE, false, r), 1);
	assert_int_equal(r[0].reason, KSW_RESET_OTHER);
}

static void infer_reset_then_steps(void **state)
{
	struct ksw_frec r[KSW_INFER_MAX_RECS];

	(void)state;
	/* 16 -> 2: a reset, then the steps 1 and 2 kswapd took since. */
	assert_int_equal(infer(16, 2, KSW_OBS_KSWAPD, KSW_REASON_NONE, false, r), 3);
	assert_int_equal(r[0].event, KSW_EV_RESET);
	assert_int_equal(r[0].reason, KSW_RESET_KSWAPD);
	assert_int_equal(r[1].event, KSW_EV_FAIL);
	assert_int_equal(r[1].failures, 1);
	assert_int_equal(r[2].failures, 2);
	/* Deferred: the steps wait with the reset. */
	assert_int_equal(infer(16, 2, KSW_OBS_TICK, KSW_REASON_NONE, true, r), 0);
	/* The longest listing fits. */
	assert_int_equal(infer(40, 32, KSW_OBS_DIRECT, KSW_REASON_NONE, false, r), 33);
	assert_int_equal(infer(40, 33, KSW_OBS_DIRECT, KSW_REASON_NONE, false, r), 2);
	assert_int_equal(r[1].prev, 0);
	assert_int_equal(r[1].failures, 33);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ring_push_get_clear),
		cmocka_unit_test(ring_wraps_oldest_first),
		cmocka_unit_test(stats_count_hopeless_and_spurious),
		cmocka_unit_test(wmark_is_strictly_above),
		cmocka_unit_test(comm_is_one_token),
		cmocka_unit_test(infer_steps),
		cmocka_unit_test(infer_reset_reasons),
		cmocka_unit_test(infer_reset_then_steps),
	};

	return cmocka_run_group_tests_name("failures", tests, NULL, NULL);
}
