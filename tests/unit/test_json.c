// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The reader's JSON output.
 *
 * unit-sources: userspace/json.c userspace/records.c userspace/parse.c userspace/snap.c userspace/util.c
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "json.h"
#include "records.h"
#include "reader_fixture.h"

static void test_is_number(void **state)
{
	(void)state;
	assert_true(ksw_json_is_number("0"));
	assert_true(ksw_json_is_number("123"));
	assert_true(ksw_json_is_number("-5"));
	assert_true(ksw_json_is_number("18446744073709551615"));
	assert_true(ksw_json_is_number("-9223372036854775808"));
	assert_false(ksw_json_is_number("18446744073709551616"));
	assert_false(ksw_json_is_number("99999999999999999999"));
	assert_false(ksw_json_is_number("-9223372036854775809"));
	assert_false(ksw_json_is_number("007"));
	assert_false(ksw_json_is_number("+5"));
	assert_false(ksw_json_is_number(""));
	assert_false(ksw_json_is_number("-"));
	assert_false(ksw_json_is_number("1.5"));
	assert_false(ksw_json_is_number("1e3"));
	assert_false(ksw_json_is_number("0-3"));
	assert_false(ksw_json_is_number(" 1"));
}

static void check_string(const char *in, const char *want)
{
	char *out = NULL;

	CAPTURE(out, ksw_json_string(f, in));
	assert_string_equal(out, want);
	free(out);
}

static void test_string_escapes(void **state)
{
	(void)state;
	check_string("plain", "\"plain\"");
	check_string("a\"b\\c", "\"a\\\"b\\\\c\"");
	check_string("t\tn\nr\r", "\"t\\tn\\nr\\r\"");
	check_string("\001\037\177", "\"\\u0001\\u001f\\u007f\"");
	/* Valid UTF-8 passes, each stray byte becomes its own code point. */
	check_string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	check_string("\xff\xc3", "\"\\u00ff\\u00c3\"");
	check_string("\xc0\xaf", "\"\\u00c0\\u00af\"");		/* overlong */
	check_string("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");	/* surrogate */
	check_string("\xe2\x82", "\"\\u00e2\\u0082\"");		/* cut short */
}

static void check_record(const char *line, const char *event, const char *want)
{
	struct ksw_table t;
	char *out = NULL;

	table_from(&t, line);
	assert_int_equal(t.n, 1);
	CAPTURE(out, ksw_json_record(f, &t.rec[0], event));
	assert_string_equal(out, want);
	free(out);
	ksw_table_free(&t);
}

static void test_record(void **state)
{
	(void)state;
	check_record("seq=1 dur_us=5 kind=sched new_field=abc big=18446744073709551616\n", NULL,
		     "{\"seq\":1,\"dur_us\":5,\"kind\":\"sched\",\"new_field\":\"abc\","
		     "\"big\":\"18446744073709551616\"}\n");
	/* A repeated key is written once, with its first value. */
	check_record("a=1 a=2 b=x\n", NULL, "{\"a\":1,\"b\":\"x\"}\n");
	/* The reader's own key comes first, and the module cannot forge it. */
	check_record("seq=3 _event=forged\n", "stall", "{\"_event\":\"stall\",\"seq\":3}\n");
	/* Text fields of the ABI stay strings even when they look like numbers. */
	check_record("cpus=3 comm=1234 zone=DMA pid=7 kernel=7\n", NULL,
		     "{\"cpus\":\"3\",\"comm\":\"1234\",\"zone\":\"DMA\",\"pid\":7,\"kernel\":\"7\"}\n");
	check_record("comm=Web Content pid=2\n", NULL, "{\"comm\":\"Web Content\",\"pid\":2}\n");
	check_record("empty=\n", NULL, "{\"empty\":\"\"}\n");
}

/* A snapshot of fixture @fx, or of @text as file @id, and its data. */
static void data_of(struct ksw_snap *s, struct ksw_data *d, const char *fx, int id,
		    const char *text)
{
	if (fx) {
		assert_int_equal(fixture_snap(fx, s), 0);
	} else {
		memset(s, 0, sizeof(*s));
		table_from(&s->t[id], text);
		s->have = KSW_BIT(id);
	}
	assert_int_equal(ksw_data_build(d, s), 0);
}

static void data_done(struct ksw_snap *s, struct ksw_data *d)
{
	ksw_data_free(d);
	ksw_snap_free(s);
}

static void test_typed_stall(void **state)
{
	struct ksw_snap s;
	struct ksw_data d;
	char *out = NULL;

	(void)state;
	data_of(&s, &d, NULL, KSW_F_STALLS,
		"seq=7 start_ns=30512000000 dur_us=201034 cpus=1 kind=irq system=0 comm=1234 pid=288 "
		"kswapd=- failures=0:0 storm=- bt=ksw_wd_timer_fn+0x5c/0x1a0[kswapwatch]|"
		"si_stall+0x3d/0x90[stallinject] later=5 dur_us=9 _time=forged\n");
	/* No clocks: no _time; the holder; a field the reader does not know kept. */
	CAPTURE(out, ksw_json_stall(f, &d, &d.stalls[0], "stall"));
	assert_string_equal(out, "{\"_event\":\"stall\",\"seq\":7,\"start_ns\":30512000000,"
			    "\"dur_us\":201034,\"cpus\":\"1\",\"kind\":\"irq\",\"system\":0,"
			    "\"comm\":\"1234\",\"pid\":288,\"kswapd\":\"-\",\"failures\":\"0:0\","
			    "\"storm\":\"-\",\"bt\":\"ksw_wd_timer_fn+0x5c/0x1a0[kswapwatch]|"
			    "si_stall+0x3d/0x90[stallinject]\",\"later\":5,"
			    "\"_holder\":\"si_stall+0x3d/0x90[stallinject]\"}\n");
	free(out);
	/* With the clocks of the read: its wall-clock start, RFC 3339. */
	s.have_clock = 1;
	s.mono_ns = 100000000000ULL;
	s.real_ns = 1764773487000000000LL;
	CAPTURE(out, ksw_json_stall(f, &d, &d.stalls[0], NULL));
	assert_non_null(strstr(out, ",\"_time\":\"2025-12-03T14:50:17.512Z\""));
	assert_null(strstr(out, "forged"));
	free(out);
	data_done(&s, &d);
}

static void test_typed_others(void **state)
{
	struct ksw_snap s;
	struct ksw_data d;
	char *out = NULL;

	(void)state;
	data_of(&s, &d, "spurious-resets", 0, NULL);
	s.have_clock = 1;
	s.mono_ns = 34869568000ULL;
	s.real_ns = 1764773487000000000LL;
	CAPTURE(out, ksw_json_fail(f, &d, &d.fails[18], NULL));
	assert_string_equal(out, "{\"seq\":19,\"ts_ns\":34869568000,\"nid\":1,\"event\":\"reset\","
			    "\"failures\":0,\"prev\":16,\"reason\":\"DIRECT\",\"source\":\"inferred\","
			    "\"balanced\":0,\"comm\":\"java\",\"pid\":4242,"
			    "\"_time\":\"2025-12-03T14:51:27.000Z\",\"_spurious\":true,\"_revived\":true}\n");
	free(out);
	CAPTURE(out, ksw_json_node(f, &d, &d.nodes[1], "hopeless"));
	assert_string_equal(out, "{\"_event\":\"hopeless\",\"nid\":1,\"failures\":3,"
			    "\"max_retries\":16,\"hopeless\":0,\"fails_total\":35,\"resets_kswapd\":0,"
			    "\"resets_direct\":4,\"resets_pcp\":0,\"resets_other\":0,"
			    "\"hopeless_episodes\":1,\"spurious_resets\":4,\"_hopeless\":false}\n");
	free(out);
	/* --node: nodes, zones and the history of node 1 only. */
	{
		struct ksw_sel sel = { .node_set = 1, .node = 1 };

		CAPTURE(out, ksw_json_file(f, &d, KSW_F_ZONES, &sel));
		assert_int_equal(strlen(out) > 0, 1);
		assert_null(strstr(out, "\"nid\":0"));
		assert_non_null(strstr(out, "{\"nid\":1,\"zone\":\"Normal\","));
		free(out);
		CAPTURE(out, ksw_json_file(f, &d, KSW_F_NODES, &sel));
		assert_null(strstr(out, "\"nid\":0"));
		free(out);
		sel.since_set = 1;
		sel.since = 19;
		CAPTURE(out, ksw_json_file(f, &d, KSW_F_FAILURES, &sel));
		assert_non_null(strstr(out, "{\"seq\":20,"));
		assert_null(strstr(out, "\"seq\":19,"));
		assert_null(strstr(out, "\"nid\":0"));
		free(out);
	}
	data_done(&s, &d);

	/* Zones: the appended fields, the time of the latest storm. */
	data_of(&s, &d, "injected", 0, NULL);
	s.have_clock = 1;
	s.mono_ns = 100000000000ULL;
	s.real_ns = 1764773487000000000LL;
	CAPTURE(out, ksw_json_zone(f, &d, &d.zones[0], NULL));
	assert_non_null(strstr(out, ",\"boost\":0,\"kswapd_run_ns\":7340032000,\"storm_ratio\":100,"
				    "\"storms\":212,\"storm_last_ns\":95000000000,"
				    "\"wakeup_gfp\":\"DMA32-kernel:290,boost:21\","
				    "\"_storm_last_time\":\"2025-12-03T14:51:22.000Z\"}\n"));
	free(out);
	CAPTURE(out, ksw_json_zone(f, &d, &d.zones[1], NULL));
	assert_null(strstr(out, "_storm_last_time"));		/* storm_last_ns=0: never */
	free(out);
	/* --min-ms and --kind in stalls. */
	{
		struct ksw_sel sel = { .min_us = 500000 };

		CAPTURE(out, ksw_json_file(f, &d, KSW_F_STALLS, &sel));
		assert_null(strstr(out, "\"seq\":1,"));
		assert_non_null(strstr(out, "\"seq\":2,"));
		assert_non_null(strstr(out, "\"seq\":3,"));
		free(out);
		sel.kinds = 1u << KSW_STALL_K_IRQ;
		sel.min_us = 0;
		CAPTURE(out, ksw_json_file(f, &d, KSW_F_STALLS, &sel));
		assert_non_null(strstr(out, "{\"seq\":1,"));
		assert_null(strstr(out, "\"seq\":2,"));
		free(out);
	}
	CAPTURE(out, ksw_json_file(f, &d, KSW_F_VERSION, NULL));
	assert_non_null(strstr(out, "\"period_ms\":10,\"threshold_ms\":50,\"kinds\":\"irq,sched,reclaim\"}\n"));
	free(out);
	data_done(&s, &d);

	/* A value that is not of its type: the string written. */
	data_of(&s, &d, NULL, KSW_F_NODES, "nid=0 failures=x hopeless=2 fails_total=-1\n");
	CAPTURE(out, ksw_json_node(f, &d, &d.nodes[0], NULL));
	assert_string_equal(out, "{\"nid\":0,\"failures\":\"x\",\"hopeless\":\"2\","
			    "\"fails_total\":\"-1\",\"_hopeless\":false}\n");
	free(out);
	data_done(&s, &d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_number),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_typed_stall),
		cmocka_unit_test(test_typed_others),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
