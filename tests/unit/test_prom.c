// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The reader's Prometheus text.
 *
 * unit-sources: userspace/prom.c userspace/diagnose.c userspace/diag_stall.c userspace/diag_storm.c userspace/diag_failures.c userspace/diag_kswapd.c userspace/diag_advice.c userspace/diag_out.c userspace/timeline.c userspace/timeline_facts.c userspace/timeline_view.c userspace/records.c userspace/sysctl.c userspace/json.c userspace/parse.c userspace/snap.c userspace/util.c
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "prom.h"
#include "reader_fixture.h"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

static void test_label_escape(void **state)
{
	char *out = NULL;

	(void)state;
	CAPTURE(out, ksw_prom_label_value(f, "a\\b\"c\nd"));
	assert_string_equal(out, "\"a\\\\b\\\"c\\nd\"");
	free(out);
}

static void test_nodes(void **state)
{
	struct ksw_snap s;
	char *out = NULL;

	(void)state;
	assert_int_equal(fixture_snap("spurious-resets", &s), 0);
	CAPTURE(out, ksw_prom_nodes(f, &s.t[KSW_F_NODES]));
	assert_non_null(strstr(out, "# TYPE kswapwatch_node_spurious_resets_total counter\n"
				    "kswapwatch_node_spurious_resets_total{nid=\"0\"} 0\n"
				    "kswapwatch_node_spurious_resets_total{nid=\"1\"} 4\n"));
	assert_non_null(strstr(out, "kswapwatch_node_kswapd_failures_resets_total{nid=\"1\",reason=\"DIRECT\"} 4\n"));
	assert_int_equal(count(out, "# HELP "), count(out, "# TYPE "));
	free(out);
	ksw_snap_free(&s);
}

static void test_garbage_values(void **state)
{
	struct ksw_snap s;
	char *out = NULL;

	(void)state;
	assert_int_equal(fixture_snap("garbage", &s), 0);
	CAPTURE(out, ksw_prom_nodes(f, &s.t[KSW_F_NODES]));
	/* nid 0 twice: only its first record; values that are not numbers: no sample. */
	assert_int_equal(count(out, "kswapwatch_node_kswapd_failures{nid=\"0\"}"), 1);
	assert_non_null(strstr(out, "kswapwatch_node_kswapd_failures{nid=\"0\"} 16\n"));
	assert_null(strstr(out, "reason=\"DIRECT\""));
	assert_null(strstr(out, "kswapwatch_node_kswapd_fails_total{"));
	assert_non_null(strstr(out, "kswapwatch_node_kswapd_failures{nid=\"1\"} -3\n"));
	free(out);
	CAPTURE(out, ksw_prom_zones(f, &s.t[KSW_F_ZONES]));
	assert_null(strstr(out, "kswapwatch_zone_protection_max_pages{nid=\"0\",zone=\"DMA\"}"));
	assert_non_null(strstr(out, "kswapwatch_zone_protection_max_pages{nid=\"0\",zone=\"DMA32\"} 12\n"));
	free(out);
	ksw_snap_free(&s);
}

static void test_stalls_and_findings(void **state)
{
	struct ksw_diag d = { 0 };
	struct ksw_snap s;
	char *out = NULL;

	(void)state;
	assert_int_equal(fixture_snap("reclaim-stalls", &s), 0);
	CAPTURE(out, ksw_prom_stalls(f, &s.t[KSW_F_STALLS]));
	assert_non_null(strstr(out, "kswapwatch_stalls_last_seq 6\n"));
	assert_non_null(strstr(out, "kswapwatch_stalls_ring_records{kind=\"reclaim\"} 4\n"));
	assert_non_null(strstr(out, "kswapwatch_stalls_ring_longest_seconds{kind=\"reclaim\"} 1.204518\n"));
	free(out);
	CAPTURE(out, ksw_prom_findings(f, &d));
	assert_non_null(strstr(out, "kswapwatch_diagnose_findings 0\n"));
	free(out);
	ksw_snap_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_escape),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_garbage_values),
		cmocka_unit_test(test_stalls_and_findings),
	};

	return cmocka_run_group_tests_name("prom", tests, NULL, NULL);
}
