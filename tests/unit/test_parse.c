// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The reader's record parser: lines, numbers, whole files, the fixtures.
 *
 * unit-sources: userspace/parse.c userspace/snap.c userspace/util.c
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "parse.h"
#include "reader_fixture.h"
#include "snap.h"
#include "util.h"

static struct ksw_field fields[KSW_MAX_FIELDS];

static int parse(char *line, struct ksw_record *r)
{
	r->f = fields;
	return ksw_parse_line(line, r);
}

static void test_basic_line(void **state)
{
	char line[] = "seq=1 start_ns=123 dur_us=45 cpus=0-3 kind=sched\n";
	struct ksw_record r;

	(void)state;
	assert_int_equal(parse(line, &r), 5);
	assert_int_equal(r.bad, 0);
	assert_string_equal(ksw_get(&r, "seq"), "1");
	assert_string_equal(ksw_get(&r, "cpus"), "0-3");
	assert_string_equal(ksw_get(&r, "kind"), "sched");
	assert_null(ksw_get(&r, "missing"));
}

static void test_empty_and_blank(void **state)
{
	char empty[] = "", blank[] = " \t \r\n";
	struct ksw_record r;

	(void)state;
	assert_int_equal(parse(empty, &r), 0);
	assert_int_equal(parse(blank, &r), 0);
	assert_int_equal(r.bad, 0);
}

static void test_empty_value_and_equals_in_value(void **state)
{
	char line[] = "probes= a=b=c zone=";
	struct ksw_record r;

	(void)state;
	assert_int_equal(parse(line, &r), 3);
	assert_string_equal(ksw_get(&r, "probes"), "");
	assert_string_equal(ksw_get(&r, "a"), "b=c");
	assert_string_equal(ksw_get(&r, "zone"), "");
}

static void test_continuation(void **state)
{
	char line[] = "seq=2 comm=Web Content  x pid=7";
	struct ksw_record r;

	(void)state;
	assert_int_equal(parse(line, &r), 3);
	/* The separators inside the value are kept as they were. */
	assert_string_equal(ksw_get(&r, "comm"), "Web Content  x");
	assert_string_equal(ksw_get(&r, "pid"), "7");
}

static void test_garbage_tokens(void **state)
{
	char lead[] = "hello world seq=3", bad_key[] = "=x a-b=c", words[] = "###";
	struct ksw_record r;

	(void)state;
	assert_int_equal(parse(lead, &r), 1);
	assert_int_equal(r.bad, 2);
	assert_string_equal(ksw_get(&r, "seq"), "3");
	/* Neither "=x" nor "a-b=c" has a valid key. */
	assert_int_equal(parse(bad_key, &r), 0);
	assert_int_equal(r.bad, 2);
	assert_int_equal(parse(words, &r), 0);
	assert_int_equal(r.bad, 1);
}

static void test_too_many_fields(void **state)
{
	char line[KSW_MAX_FIELDS * 16 + 64];
	struct ksw_record r;
	size_t pos = 0;
	int i;

	(void)state;
	for (i = 0; i < KSW_MAX_FIELDS + 3; i++)
		pos += (size_t)snprintf(line + pos, sizeof(line) - pos, "k%d=%d tail ", i, i);
	assert_int_equal(parse(line, &r), KSW_MAX_FIELDS);
	assert_int_equal(r.dropped, 3);
	assert_string_equal(ksw_get(&r, "k0"), "0 tail");
	/* The continuation of a dropped field does not land in a kept one. */
	assert_string_equal(ksw_get(&r, "k127"), "127 tail");
	assert_null(ksw_get(&r, "k128"));
}

static void test_u64(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(ksw_parse_u64("0", &v), 0);
	assert_true(v == 0);
	assert_int_equal(ksw_parse_u64("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(ksw_parse_u64("18446744073709551616", &v), -1);
	assert_int_equal(ksw_parse_u64("99999999999999999999999", &v), -1);
	assert_int_equal(ksw_parse_u64("", &v), -1);
	assert_int_equal(ksw_parse_u64(NULL, &v), -1);
	assert_int_equal(ksw_parse_u64("-1", &v), -1);
	assert_int_equal(ksw_parse_u64("+1", &v), -1);
	assert_int_equal(ksw_parse_u64(" 1", &v), -1);
	assert_int_equal(ksw_parse_u64("1 ", &v), -1);
	assert_int_equal(ksw_parse_u64("12a", &v), -1);
	assert_int_equal(ksw_parse_u64("0x10", &v), -1);
}

static void test_s64(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(ksw_parse_s64("-9223372036854775808", &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(ksw_parse_s64("9223372036854775807", &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(ksw_parse_s64("9223372036854775808", &v), -1);
	assert_int_equal(ksw_parse_s64("-9223372036854775809", &v), -1);
	assert_int_equal(ksw_parse_s64("-", &v), -1);
	assert_int_equal(ksw_parse_s64("--1", &v), -1);
	assert_int_equal(ksw_parse_s64("-3", &v), 0);
	assert_true(v == -3);
}

static void test_u64_list(void **state)
{
	uint64_t v[4];

	(void)state;
	assert_int_equal(ksw_parse_u64_list("0,425,425", v, 4), 3);
	assert_true(v[1] == 425);
	assert_int_equal(ksw_parse_u64_list("1,2,3,4,5,6", v, 4), 4);
	assert_int_equal(ksw_parse_u64_list("1,x,3", v, 4), -1);
	assert_int_equal(ksw_parse_u64_list("1,,3", v, 4), -1);
	assert_int_equal(ksw_parse_u64_list("", v, 4), 0);
	assert_int_equal(ksw_parse_u64_list(NULL, v, 4), 0);
	assert_int_equal(ksw_parse_u64_list("123456789012345678901234567890123", v, 4), -1);
}

static void test_table_lines(void **state)
{
	static const char text[] = "a=1\n\nhello\nb=2 c=3\r\nd=4";
	struct ksw_table t;

	(void)state;
	table_from(&t, text);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.malformed, 1);
	assert_string_equal(ksw_get(&t.rec[1], "c"), "3");
	assert_int_equal(t.rec[1].partial, 0);
	/* The last line has no newline: cut short. */
	assert_int_equal(t.rec[2].partial, 1);
	ksw_table_free(&t);
}

static void test_table_nul_bytes(void **state)
{
	static const char text[] = "seq=1 a=x\0junk=1\nseq=2\n";
	struct ksw_table t;

	(void)state;
	assert_int_equal(ksw_table_parse(&t, text, sizeof(text) - 1), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(ksw_get(&t.rec[0], "a"), "x");
	assert_null(ksw_get(&t.rec[0], "junk"));
	ksw_table_free(&t);
}

static void test_truncated_records_refused(void **state)
{
	struct ksw_table t;

	(void)state;
	table_from(&t, "seq=1 start_ns=5 dur_us=9\nseq=2 start_ns=6 dur_");
	assert_int_equal(t.n, 2);
	assert_true(ksw_rec_valid(KSW_F_STALLS, &t.rec[0]));
	assert_false(ksw_rec_valid(KSW_F_STALLS, &t.rec[1]));
	assert_int_equal(ksw_table_invalid(KSW_F_STALLS, &t), 1);
	ksw_table_free(&t);
	/* ... except the version line, which may lack its newline. */
	table_from(&t, "kswapwatch=0.1.0 abi=1");
	assert_true(ksw_rec_valid(KSW_F_VERSION, &t.rec[0]));
	ksw_table_free(&t);
}

static void test_valid(void **state)
{
	struct ksw_table t;

	(void)state;
	table_from(&t, "seq=5 nid=0 event=fail\nseq=6 nid=0 event=reset\n"
		       "seq=7 nid=x event=fail\nseq=8 nid=0\n");
	assert_true(ksw_rec_valid(KSW_F_FAILURES, &t.rec[0]));
	assert_false(ksw_rec_valid(KSW_F_FAILURES, &t.rec[2]));
	assert_false(ksw_rec_valid(KSW_F_FAILURES, &t.rec[3]));
	ksw_table_free(&t);

	table_from(&t, "nid=0 zone=DMA\nnid=0 zone=\nzone=DMA\n");
	assert_true(ksw_rec_valid(KSW_F_ZONES, &t.rec[0]));
	assert_false(ksw_rec_valid(KSW_F_ZONES, &t.rec[1]));
	assert_false(ksw_rec_valid(KSW_F_ZONES, &t.rec[2]));
	ksw_table_free(&t);
}

/* Every record of every well-formed fixture is valid, with its ABI fields. */
static void test_fixtures_well_formed(void **state)
{
	static const char *const names[] = {
		"quiet", "dma-storm", "spurious-resets", "hopeless", "reclaim-stalls", "timeline",
		"real/7.2-reclaim",
	};
	static const char *const need[KSW_NR_FILES][12] = {
		[KSW_F_VERSION] = { "kswapwatch", "abi", "kernel", "failures_source", "probes" },
		[KSW_F_NODES] = { "nid", "failures", "max_retries", "hopeless", "fails_total",
				  "resets_kswapd", "resets_direct", "resets_pcp", "resets_other",
				  "hopeless_episodes", "spurious_resets" },
		[KSW_F_FAILURES] = { "seq", "ts_ns", "nid", "event", "failures", "prev", "reason",
				     "source", "balanced", "comm", "pid" },
		[KSW_F_ZONES] = { "nid", "zone", "free", "min", "low", "high", "spanned",
				  "present", "managed", "protection", "kswapd_wakeups",
				  "kswapd_runs" },
		[KSW_F_STALLS] = { "seq", "start_ns", "dur_us", "cpus", "kind" },
		[KSW_F_TIMELINE] = { "stall", "cpu", "ts_ns", "event" },
	};
	size_t i, k;
	int id, j;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct ksw_snap s;

		assert_int_equal(fixture_snap(names[i], &s), 0);
		/* Every file but the timeline, which only newer modules have. */
		assert_int_equal(s.have & KSW_ALL_FILES, KSW_ALL_FILES);
		for (id = 0; id < KSW_NR_FILES; id++) {
			if (!(s.have & KSW_BIT(id)))
				continue;
			assert_true(s.t[id].n > 0);
			assert_int_equal(ksw_table_invalid(id, &s.t[id]), 0);
			for (k = 0; k < s.t[id].n; k++)
				for (j = 0; j < 12 && need[id][j]; j++)
					assert_non_null(ksw_get(&s.t[id].rec[k], need[id][j]));
		}
		ksw_snap_free(&s);
	}
}

static void test_fixture_garbage(void **state)
{
	struct ksw_snap s;
	const struct ksw_table *st;

	(void)state;
	assert_int_equal(fixture_snap("garbage", &s), 0);
	st = &s.t[KSW_F_STALLS];
	/* "hello world" and "###": two lines without any field. */
	assert_int_equal(st->malformed, 2);
	/* "=novalue also=garbage", seq=notanumber, no seq, the line cut short. */
	assert_int_equal(ksw_table_invalid(KSW_F_STALLS, st), 6);
	assert_string_equal(ksw_get(&st->rec[1], "comm"), "Web Content");
	assert_string_equal(ksw_get(&st->rec[1], "future_field"), "abc");
	assert_string_equal(ksw_get(&st->rec[2], "dur_us"), "99999999999999999999999");
	assert_int_equal(ksw_table_invalid(KSW_F_NODES, &s.t[KSW_F_NODES]), 2);
	assert_int_equal(ksw_table_invalid(KSW_F_ZONES, &s.t[KSW_F_ZONES]), 2);
	assert_int_equal(ksw_table_invalid(KSW_F_FAILURES, &s.t[KSW_F_FAILURES]), 2);
	ksw_snap_free(&s);
}

static void test_sanitize(void **state)
{
	static const char text[] = "comm=a\001b\033[2Jc\377d\xc3\xa9 x=\x7f\n";
	struct ksw_table t;

	(void)state;
	table_from(&t, text);
	ksw_table_sanitize(&t);
	assert_string_equal(ksw_get(&t.rec[0], "comm"), "a?b?[2Jc?d\xc3\xa9");
	assert_string_equal(ksw_get(&t.rec[0], "x"), "?");
	ksw_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_line),
		cmocka_unit_test(test_empty_and_blank),
		cmocka_unit_test(test_empty_value_and_equals_in_value),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_garbage_tokens),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_s64),
		cmocka_unit_test(test_u64_list),
		cmocka_unit_test(test_table_lines),
		cmocka_unit_test(test_table_nul_bytes),
		cmocka_unit_test(test_truncated_records_refused),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_fixtures_well_formed),
		cmocka_unit_test(test_fixture_garbage),
		cmocka_unit_test(test_sanitize),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
