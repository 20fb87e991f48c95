// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The values of --since, --min-ms, --kind and --node.
 *
 * unit-sources: userspace/options.c userspace/records.c userspace/parse.c userspace/snap.c userspace/util.c
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "options.h"
#include "records.h"

static void test_since(void **state)
{
	struct ksw_sel sel = { 0 };

	(void)state;
	assert_int_equal(ksw_parse_since("120", &sel), 0);
	assert_true(sel.since_set && !sel.since_ns_set);
	assert_int_equal(sel.since, 120);
	assert_int_equal(ksw_parse_since("500ms", &sel), 0);
	assert_true(sel.since_ns_set && !sel.since_set);
	assert_int_equal(sel.since_ns, 500000000ULL);
	assert_int_equal(ksw_parse_since("0", &sel), 0);	/* seq 0: everything */
	assert_true(sel.since_set && !sel.since_ns_set);
	assert_int_equal(ksw_parse_since("90s", &sel), 0);
	assert_int_equal(sel.since_ns, 90000000000ULL);
	assert_int_equal(ksw_parse_since("10m", &sel), 0);
	assert_int_equal(sel.since_ns, 600000000000ULL);
	assert_int_equal(ksw_parse_since("2h", &sel), 0);
	assert_int_equal(sel.since_ns, 7200000000000ULL);
	assert_int_equal(ksw_parse_since("1d", &sel), 0);
	assert_int_equal(sel.since_ns, 86400000000000ULL);
	/* the most that fits: 213503 days */
	assert_int_equal(ksw_parse_since("213503d", &sel), 0);
	assert_int_equal(ksw_parse_since("213504d", &sel), -1);
	assert_int_equal(sel.since_ns, 213503ULL * 86400000000000ULL);	/* unchanged */
}

static void test_since_refused(void **state)
{
	static const char *const bad[] = {
		"", "x", "s", "0s", "0ms", "-1", "-1s", "+5s", "1.5h", "5x", "10 m", " 10m",
		"10m ", "1y", "10M", "1S", "5ms5", "99999999999999999999", "99999999999999999999s",
	};
	struct ksw_sel sel = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = ksw_parse_since(bad[i], &sel);

		if (rc != -1)
			fail_msg("--since '%s' taken", bad[i]);
	}
	assert_false(sel.since_set || sel.since_ns_set);
}

static void test_min_ms(void **state)
{
	uint64_t us = 7;

	(void)state;
	assert_int_equal(ksw_parse_min_ms("0", &us), 0);
	assert_int_equal(us, 0);
	assert_int_equal(ksw_parse_min_ms("150", &us), 0);
	assert_int_equal(us, 150000);
	assert_int_equal(ksw_parse_min_ms("86400000", &us), 0);
	assert_int_equal(ksw_parse_min_ms("86400001", &us), -1);
	assert_int_equal(ksw_parse_min_ms("-1", &us), -1);
	assert_int_equal(ksw_parse_min_ms("1.5", &us), -1);
	assert_int_equal(ksw_parse_min_ms("", &us), -1);
	assert_int_equal(us, 86400000000ULL);
}

static void test_kinds(void **state)
{
	unsigned int k = 0;

	(void)state;
	assert_int_equal(ksw_parse_kinds("irq", &k), 0);
	assert_int_equal(k, 1u << KSW_STALL_K_IRQ);
	assert_int_equal(ksw_parse_kinds("irq,sched,reclaim", &k), 0);
	assert_int_equal(k, (1u << KSW_STALL_K_IRQ) | (1u << KSW_STALL_K_SCHED) |
			    (1u << KSW_STALL_K_RECLAIM));
	assert_int_equal(ksw_parse_kinds("reclaim,reclaim", &k), 0);
	assert_int_equal(k, 1u << KSW_STALL_K_RECLAIM);
	assert_int_equal(ksw_parse_kinds("", &k), -1);
	assert_int_equal(ksw_parse_kinds("irq,", &k), -1);
	assert_int_equal(ksw_parse_kinds(",irq", &k), -1);
	assert_int_equal(ksw_parse_kinds("irq,,sched", &k), -1);
	assert_int_equal(ksw_parse_kinds("other", &k), -1);
	assert_int_equal(ksw_parse_kinds("IRQ", &k), -1);
	assert_int_equal(ksw_parse_kinds("irq sched", &k), -1);
	assert_int_equal(k, 1u << KSW_STALL_K_RECLAIM);
}

static void test_node(void **state)
{
	int64_t nid = -1;

	(void)state;
	assert_int_equal(ksw_parse_node("0", &nid), 0);
	assert_int_equal(nid, 0);
	assert_int_equal(ksw_parse_node("65535", &nid), 0);
	assert_int_equal(nid, 65535);
	assert_int_equal(ksw_parse_node("65536", &nid), -1);
	assert_int_equal(ksw_parse_node("-1", &nid), -1);
	assert_int_equal(ksw_parse_node("x", &nid), -1);
	assert_int_equal(ksw_parse_node("", &nid), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_since_refused),
		cmocka_unit_test(test_min_ms),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_node),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
