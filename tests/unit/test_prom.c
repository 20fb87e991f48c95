// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The reader's Prometheus text.
 *
 * unit-sources: userspace/prom.c userspace/diagnose.c userspace/diag_stall.c userspace/diag_storm.c userspace/diag_failures.c userspace/diag_kswapd.c userspace/diag_advice.c userspace/diag_out.c userspace/timeline.c userspace/timeline_facts.c userspace/timeline_view.c userspace/records.c userspace/sysctl.c userspace/json.c userspace/parse.c userspace/snap.c userspace/util.c userspace/cgroup.c 
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
	struct ksw_data kd;
	char *out = NULL;

	(void)state;
	assert_int_equal(fixture_snap("spurious-resets", &s), 0);
	ksw_data_build(&kd, &s);
	CAPTURE(out, ksw_prom_nodes(f, &kd));
	assert_non_null(strstr(out, "# TYPE kswapwatch_node_spurious_resets_total counter\n"
				    "kswapwatch_node_spurious_resets_total{node=\"0\"} 0\n"
				    "kswapwatch_node_spurious_resets_total{node=\"1\"} 4\n"));
	assert_non_null(strstr(out, "kswapwatch_node_kswapd_failures_resets_total{node=\"1\",reason=\"DIRECT\"} 4\n"));
	assert_int_equal(count(out, "# HELP "), count(out, "# TYPE "));
	free(out);
	ksw_data_free(&kd);
	ksw_snap_free(&s);
}

static void test_garbage_values(void **state)
{
	struct ksw_snap s;
	struct ksw_data kd;
	char *out = NULL;

	(void)state;
	assert_int_equal(fixture_snap("garbage", &s), 0);
	ksw_data_build(&kd, &s);
	CAPTURE(out, ksw_prom_nodes(f, &kd));
	/* nid 0 twice: only its first record; values that are not numbers: no sample. */
	assert_int_equal(count(out, "kswapwatch_node_kswapd_failures{node=\"0\"}"), 1);
	assert_non_null(strstr(out, "kswapwatch_node_kswapd_failures{node=\"0\"} 16\n"));
	assert_null(strstr(out, "reason=\"DIRECT\""));
	assert_null(strstr(out, "kswapwatch_node_kswapd_fails_total{"));
	assert_non_null(strstr(out, "kswapwatch_node_kswapd_failures{node=\"1\"} -3\n"));
	free(out);
	CAPTURE(out, ksw_prom_zones(f, &kd));
	assert_null(strstr(out, "kswapwatch_zone_protection_max_pages{node=\"0\",zone=\"DMA\"}"));
	assert_non_null(strstr(out, "kswapwatch_zone_protection_max_pages{node=\"0\",zone=\"DMA32\"} 12\n"));
	free(out);
	ksw_data_free(&kd);
	ksw_snap_free(&s);
}

static void test_stalls_and_findings(void **state)
{
	struct ksw_diag d = { 0 };
	struct ksw_snap s;
	struct ksw_data kd;
	char *out = NULL;

	(void)state;
	assert_int_equal(fixture_snap("reclaim-stalls", &s), 0);
	ksw_data_build(&kd, &s);
	CAPTURE(out, ksw_prom_stalls(f, &kd));
	assert_non_null(strstr(out, "# TYPE kswapwatch_stalls_recorded_total counter\n"
				    "kswapwatch_stalls_recorded_total 6\n"));
	assert_non_null(strstr(out, "kswapwatch_stalls_total{kind=\"reclaim\"} 4\n"));
	free(out);
	CAPTURE(out, ksw_prom_findings(f, &d));
	assert_non_null(strstr(out, "kswapwatch_diagnose_findings 0\n"));
	free(out);
	ksw_data_free(&kd);
	ksw_snap_free(&s);
}

static void test_clocks_and_page_size(void **state)
{
	struct ksw_snap s;
	struct ksw_data kd;
	char *out = NULL;

	(void)state;
	assert_int_equal(fixture_snap("injected", &s), 0);
	ksw_data_build(&kd, &s);
	CAPTURE(out, ksw_prom_version(f, &kd));
	assert_non_null(strstr(out, "# TYPE kswapwatch_up gauge\nkswapwatch_up 1\n"));
	assert_non_null(strstr(out, "# TYPE kswapwatch_page_size_bytes gauge\n"));
	assert_null(strstr(out, "kswapwatch_page_size_bytes 4096"));	/* not known */
	free(out);
	CAPTURE(out, ksw_prom_zones(f, &kd));
	assert_null(strstr(out, "kswapwatch_zone_storm_last_timestamp_seconds{"));
	free(out);
	s.page_size = 4096;
	s.have_clock = 1;
	s.mono_ns = 100000000000ULL;
	s.real_ns = 1764773487000000000LL;
	CAPTURE(out, ksw_prom_version(f, &kd));
	assert_non_null(strstr(out, "\nkswapwatch_page_size_bytes 4096\n"));
	free(out);
	/* The latest storm at 95 s of uptime, 5 s before the read: Unix time. */
	CAPTURE(out, ksw_prom_zones(f, &kd));
	assert_non_null(strstr(out, "kswapwatch_zone_storm_last_timestamp_seconds{node=\"0\",zone=\"DMA\"} "
				    "1764773482.000000000\n"));
	assert_null(strstr(out, "kswapwatch_zone_storm_last_timestamp_seconds{node=\"0\",zone=\"DMA32\"}"));
	free(out);
	CAPTURE(out, ksw_prom_up(f, 0));
	assert_string_equal(out, "# HELP kswapwatch_up 1 when the reader read the kswapwatch module's files, "
			    "0 when it could not.\n# TYPE kswapwatch_up gauge\nkswapwatch_up 0\n");
	free(out);
	ksw_data_free(&kd);
	ksw_snap_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_escape),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_garbage_values),
		cmocka_unit_test(test_stalls_and_findings),
		cmocka_unit_test(test_clocks_and_page_size),
	};

	return cmocka_run_group_tests_name("prom", tests, NULL, NULL);
}
