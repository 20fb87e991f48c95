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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_number),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_record),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
