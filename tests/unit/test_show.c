// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The tables: wall-clock times when the snapshot has clocks, the
 * selection, the appended zone fields, status.
 *
 * unit-sources: userspace/show.c userspace/records.c userspace/diagnose.c userspace/sysctl.c userspace/json.c userspace/parse.c userspace/snap.c userspace/util.c userspace/diag_stall.c userspace/diag_storm.c userspace/diag_failures.c userspace/diag_kswapd.c userspace/diag_advice.c userspace/diag_out.c userspace/timeline.c userspace/timeline_facts.c userspace/timeline_view.c userspace/prom.c userspace/cgroup.c 
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <time.h>

#include "reader_fixture.h"
#include "records.h"
#include "show.h"

static void data_of(struct ksw_snap *s, struct ksw_data *d, const char *fx)
{
	assert_int_equal(fixture_snap(fx, s), 0);
	assert_int_equal(ksw_data_build(d, s), 0);
}

static void data_done(struct ksw_snap *s, struct ksw_data *d)
{
	ksw_data_free(d);
	ksw_snap_free(s);
}

/* Read at 100 s of uptime, 2025-12-03 14:51:27 UTC. */
static void clocks(struct ksw_snap *s)
{
	s->have_clock = 1;
	s->mono_ns = 100000000000ULL;
	s->real_ns = 1764773487000000000LL;
}

static size_t lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_stalls_times(void **state)
{
	struct ksw_snap s;
	struct ksw_data d;
	char *out = NULL;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	data_of(&s, &d, "injected");
	/* No clocks: seconds since boot, as before. */
	CAPTURE(out, ksw_show_stalls(f, &d, NULL, 0, 0));
	assert_non_null(strstr(out, "START(s)"));
	assert_non_null(strstr(out, "     1        30.512000   201.0 ms irq "));
	free(out);
	clocks(&s);
	CAPTURE(out, ksw_show_stalls(f, &d, NULL, 0, 0));
	assert_null(strstr(out, "START(s)"));
	assert_non_null(strstr(out, "     1 Wed Dec  3 14:50:17 2025   201.0 ms irq      1        sh[288]"));
	assert_non_null(strstr(out, "stack: ksw_wd_timer_fn+0x5c/0x1a0[kswapwatch]|"));
	free(out);
	/* Local time, as dmesg -T. */
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	CAPTURE(out, ksw_show_stalls(f, &d, NULL, 0, 0));
	assert_non_null(strstr(out, "     1 Wed Dec  3 15:50:17 2025 "));
	free(out);
	setenv("TZ", "UTC", 1);
	tzset();
	data_done(&s, &d);
}

static void test_failures_times(void **state)
{
	struct ksw_snap s;
	struct ksw_data d;
	char *out = NULL;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	data_of(&s, &d, "spurious-resets");
	CAPTURE(out, ksw_show_failures(f, &d, NULL, 0));
	assert_non_null(strstr(out, "TIME(s)"));
	assert_non_null(strstr(out, "    19        34.869568    1 reset"));
	assert_non_null(strstr(out, "java[4242]           spurious, revived kswapd\n"));
	free(out);
	s.have_clock = 1;
	s.mono_ns = 34869568000ULL;
	s.real_ns = 1764773487000000000LL;
	CAPTURE(out, ksw_show_failures(f, &d, NULL, 2));
	assert_int_equal(lines(out), 3);
	assert_non_null(strstr(out, "    40 Wed Dec  3 14:51:27 2025    1 fail"));
	free(out);
	data_done(&s, &d);
}

static void test_selection(void **state)
{
	struct ksw_sel sel = { 0 };
	struct ksw_snap s;
	struct ksw_data d;
	char *out = NULL;

	(void)state;
	data_of(&s, &d, "reclaim-stalls");
	sel.min_us = 250000;
	CAPTURE(out, ksw_show_stalls(f, &d, &sel, 0, 100));
	assert_int_equal(lines(out), 4);		/* header, seq 1 3 5 */
	assert_null(strstr(out, "\n     2 "));
	free(out);
	/* The last 2 of the selected ones. */
	CAPTURE(out, ksw_show_stalls(f, &d, &sel, 2, 100));
	assert_int_equal(lines(out), 3);
	assert_non_null(strstr(out, "\n     3 "));
	assert_non_null(strstr(out, "\n     5 "));
	free(out);
	sel.min_us = 0;
	sel.kinds = 1u << KSW_STALL_K_IRQ;
	CAPTURE(out, ksw_show_stalls(f, &d, &sel, 0, 0));
	assert_int_equal(lines(out), 2);
	assert_non_null(strstr(out, "\n     4 "));
	free(out);
	data_done(&s, &d);

	data_of(&s, &d, "spurious-resets");
	memset(&sel, 0, sizeof(sel));
	sel.node_set = 1;
	sel.node = 0;
	CAPTURE(out, ksw_show_failures(f, &d, &sel, 0));
	assert_int_equal(lines(out), 3);		/* seq 1 and 2 */
	free(out);
	CAPTURE(out, ksw_show_nodes(f, &d, &sel));
	assert_int_equal(lines(out), 2);
	free(out);
	CAPTURE(out, ksw_show_zones(f, &d, &sel));
	assert_int_equal(lines(out), 4);		/* DMA, DMA32, Normal of node 0 */
	free(out);
	sel.node = 1;
	CAPTURE(out, ksw_show_zones(f, &d, &sel));
	assert_int_equal(lines(out), 2);
	assert_non_null(strstr(out, "\n   1 Normal "));
	free(out);
	data_done(&s, &d);
}

static void test_zones_fields(void **state)
{
	struct ksw_snap s;
	struct ksw_data d;
	char *out = NULL;

	(void)state;
	data_of(&s, &d, "injected");
	clocks(&s);
	CAPTURE(out, ksw_show_zones(f, &d, NULL));
	assert_non_null(strstr(out, " BOOST "));
	assert_non_null(strstr(out, " KSWAPD_S "));
	assert_non_null(strstr(out, " RATIO STORMS LAST_STORM\n"));
	/* DMA: boost 0, 7.34 s of kswapd, ratio 100, 212 storms, the last 5 s before the read. */
	assert_non_null(strstr(out, "   0 DMA         1024      24      30      36      0      3840      425"
				    "      311      305    7.340     1654784     1638400      16384   100    212 5.0s ago\n"));
	assert_non_null(strstr(out, "kswapd wakeups by allocation: DMA32-kernel:290,boost:21\n"));
	assert_non_null(strstr(out, "   0 DMA32       2200    1386    1732    2078    512 "));
	free(out);
	data_done(&s, &d);

	/* A module without the appended fields: dashes. */
	data_of(&s, &d, "quiet");
	CAPTURE(out, ksw_show_zones(f, &d, NULL));
	assert_non_null(strstr(out, "      12       12        -       20480           0      20224     -      - -\n"));
	assert_null(strstr(out, "by allocation"));
	free(out);
	data_done(&s, &d);
}

static void test_status(void **state)
{
	struct ksw_finding fi[2] = {
		{ .id = "dma_scan_storm", .severity = KSW_SEV_CRITICAL, .nid = 0,
		  .summary = "DMA-zone scan storm" },
		{ .id = "hopeless_node", .severity = KSW_SEV_WARNING, .nid = 0,
		  .summary = "kswapd gave up" },
	};
	struct ksw_diag g = { .f = fi, .n = 2 };
	struct ksw_snap s;
	struct ksw_data d;
	char *out = NULL;

	(void)state;
	data_of(&s, &d, "spurious-resets");
	CAPTURE(out, ksw_show_status(f, &d, NULL));
	assert_non_null(strstr(out, "module    0.1.0 (abi 1), reader "));
	assert_non_null(strstr(out, "nodes     2, 0 hopeless\n"));
	assert_non_null(strstr(out, "stalls    1 record, seq 1, longest 35.1 ms (seq 1, kind sched)\n"));
	assert_non_null(strstr(out, "history   41 records, seq 1-41; 5 resets, 4 while not balanced\n"));
	assert_non_null(strstr(out, "findings  none\n"));
	free(out);
	CAPTURE(out, ksw_show_status(f, &d, &g));
	assert_non_null(strstr(out, "findings  2: dma_scan_storm, hopeless_node (kswapwatch diagnose)\n"));
	assert_non_null(strstr(out, "          critical DMA-zone scan storm\n"));
	assert_non_null(strstr(out, "          warning  kswapd gave up\n"));
	free(out);
	CAPTURE(out, ksw_show_findings(f, &g));
	assert_string_equal(out, "Finding 1: DMA-zone scan storm (critical, dma_scan_storm)\n"
			    "Finding 2: kswapd gave up (warning, hopeless_node)\n");
	free(out);
	data_done(&s, &d);

	/* A hopeless node by the verdict: failures at max_retries. */
	data_of(&s, &d, "hopeless");
	CAPTURE(out, ksw_show_status(f, &d, NULL));
	assert_non_null(strstr(out, "nodes     1, 1 hopeless\n"));
	free(out);
	data_done(&s, &d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stalls_times),
		cmocka_unit_test(test_failures_times),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_zones_fields),
		cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests_name("show", tests, NULL, NULL);
}
