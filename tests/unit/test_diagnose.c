// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The reader's diagnose: each fixture gives its finding and only it, with
 * the records it rests on; thresholds hold at their edges.
 *
 * unit-sources: userspace/diagnose.c userspace/sysctl.c userspace/json.c userspace/records.c userspace/parse.c userspace/snap.c userspace/util.c
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diagnose.h"
#include "reader_fixture.h"

static void run(const char *fixture, const struct ksw_sel *sel, struct ksw_diag *d)
{
	char root[4096];
	struct ksw_sysctl sc;
	struct ksw_snap s;

	assert_int_equal(fixture_snap(fixture, &s), 0);
	snprintf(root, sizeof(root), "%s/%s/sys", KSW_FIXTURES, fixture);
	ksw_sysctl_read(&sc, root);
	assert_int_equal(ksw_diagnose(&s, sel, &sc, d), 0);
	ksw_snap_free(&s);
}

/* Whether any evidence or fix line of @f contains @text. */
static int says(const struct ksw_finding *f, const char *text)
{
	size_t i;

	for (i = 0; i < f->evidence.n; i++)
		if (strstr(f->evidence.v[i], text))
			return 1;
	for (i = 0; i < f->fix.n; i++)
		if (strstr(f->fix.v[i], text))
			return 1;
	return strstr(f->title, text) != NULL;
}

static void test_quiet(void **state)
{
	struct ksw_diag d;
	char *out = NULL;

	(void)state;
	run("quiet", NULL, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(d.notes.n, 0);
	CAPTURE(out, ksw_diag_print_json(f, &d));
	assert_string_equal(out, "");
	free(out);
	ksw_diag_free(&d);
}

static void test_dma_storm(void **state)
{
	struct ksw_diag d;
	const struct ksw_finding *f;

	(void)state;
	run("dma-storm", NULL, &d);
	assert_int_equal(d.n, 1);
	f = &d.f[0];
	assert_int_equal(f->kind, KSW_FIND_DMA_STORM);
	assert_int_equal(f->nid, 0);
	assert_string_equal(f->zone, "DMA");
	/* The stalls kswapd was running in, and not the irq one. */
	assert_int_equal(f->stall_seqs.n, 3);
	assert_true(f->stall_seqs.v[0] == 1 && f->stall_seqs.v[1] == 3 && f->stall_seqs.v[2] == 4);
	assert_true(says(f, "stalls seq 1, 3-4"));
	assert_true(says(f, "reclaim_skipped=985112704"));
	/* Current setting, the command, the persisting line. */
	assert_true(says(f, "vm.lowmem_reserve_ratio = 256 256 32 0 0"));
	assert_true(says(f, "sysctl -w vm.lowmem_reserve_ratio='30 30 30 0 0'"));
	assert_true(says(f, "echo 'vm.lowmem_reserve_ratio = 30 30 30 0 0' > /etc/sysctl.d/"));
	assert_true(says(f, "(all of it)"));
	ksw_diag_free(&d);
}

static void test_spurious_resets(void **state)
{
	struct ksw_diag d;
	const struct ksw_finding *f;

	(void)state;
	run("spurious-resets", NULL, &d);
	assert_int_equal(d.n, 1);
	f = &d.f[0];
	assert_int_equal(f->kind, KSW_FIND_SPURIOUS);
	assert_int_equal(f->nid, 1);
	assert_int_equal(f->failure_seqs.n, 4);
	assert_true(f->failure_seqs.v[0] == 19 && f->failure_seqs.v[3] == 38);
	assert_true(says(f, "kswapd_failures seq 19, 29, 35, 38"));
	assert_true(says(f, "mm/vmscan: mitigate spurious kswapd_failures reset from direct reclaim"));
	assert_true(says(f, "memory.high"));
	assert_true(says(f, "reviving a kswapd that had given up"));
	assert_true(says(f, "java x3"));
	ksw_diag_free(&d);
}

static void test_spurious_since(void **state)
{
	struct ksw_sel sel = { .since_set = 1, .since = 30 };
	struct ksw_diag d;

	(void)state;
	/* Two unbalanced resets after seq 30: under the threshold, no revival. */
	run("spurious-resets", &sel, &d);
	assert_int_equal(d.n, 0);
	ksw_diag_free(&d);
	sel.since = 18;
	run("spurious-resets", &sel, &d);
	assert_int_equal(d.n, 1);
	ksw_diag_free(&d);
}

static void test_hopeless(void **state)
{
	struct ksw_diag d;
	const struct ksw_finding *f;

	(void)state;
	run("hopeless", NULL, &d);
	assert_int_equal(d.n, 1);
	f = &d.f[0];
	assert_int_equal(f->kind, KSW_FIND_HOPELESS);
	assert_int_equal(f->nid, 0);
	/* The 16 failed runs after the PCP reset (seq 2). */
	assert_int_equal(f->failure_seqs.n, 16);
	assert_true(f->failure_seqs.v[0] == 3 && f->failure_seqs.v[15] == 18);
	assert_true(says(f, "kswapd_failures seq 3-18"));
	ksw_diag_free(&d);
}

static void test_reclaim_stalls(void **state)
{
	struct ksw_diag d;
	const struct ksw_finding *f;

	(void)state;
	run("reclaim-stalls", NULL, &d);
	assert_int_equal(d.n, 1);
	f = &d.f[0];
	assert_int_equal(f->kind, KSW_FIND_STALLS);
	/* 254 ms, 1.2 s, 481 ms; not the 30 ms reclaim nor the sched ones. */
	assert_int_equal(f->stall_seqs.n, 3);
	assert_true(f->stall_seqs.v[0] == 1 && f->stall_seqs.v[1] == 3 && f->stall_seqs.v[2] == 5);
	assert_true(says(f, "stalls seq 3 (the longest): 1.204 s"));
	assert_true(says(f, "vm.watermark_scale_factor = 10"));
	assert_true(says(f, "sysctl -w vm.watermark_scale_factor=100"));
	ksw_diag_free(&d);
}

static void diagnose_text(const char *nodes, const char *zones, const char *failures,
			  const char *stalls, const struct ksw_sysctl *sc, struct ksw_diag *d)
{
	struct ksw_snap s;

	memset(&s, 0, sizeof(s));
	table_from(&s.t[KSW_F_VERSION], "kswapwatch=0.1.0 abi=1 failures_source=tracepoint\n");
	table_from(&s.t[KSW_F_NODES], nodes);
	table_from(&s.t[KSW_F_ZONES], zones);
	table_from(&s.t[KSW_F_FAILURES], failures);
	table_from(&s.t[KSW_F_STALLS], stalls);
	s.have = KSW_ALL_FILES;
	assert_int_equal(ksw_diagnose(&s, NULL, sc, d), 0);
	ksw_snap_free(&s);
}

static void test_storm_thresholds(void **state)
{
	struct ksw_sysctl sc = { .root = "/x", .nlrr = 4, .lrr = { 20, 10, 30, 0 }, .wsf = -1,
				 .min_free_kbytes = -1 };
	struct ksw_diag d;

	(void)state;
	/* Exactly at both thresholds: a finding. */
	diagnose_text("", "nid=0 zone=DMA32 reclaim_skipped=65536 reclaim_taken=2048\n", "", "",
		      &sc, &d);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.f[0].zone, "DMA32");
	/* Every ratio already at or below 30: halve them. */
	assert_true(says(&d.f[0], "'10 5 15 0'"));
	ksw_diag_free(&d);
	/* One page fewer skipped, or one page more taken: none. */
	diagnose_text("", "nid=0 zone=DMA reclaim_skipped=65535 reclaim_taken=0\n", "", "", &sc, &d);
	assert_int_equal(d.n, 0);
	ksw_diag_free(&d);
	diagnose_text("", "nid=0 zone=DMA reclaim_skipped=65536 reclaim_taken=2049\n", "", "", &sc,
		      &d);
	assert_int_equal(d.n, 0);
	ksw_diag_free(&d);
	/* Without the counters: a note, no finding. */
	diagnose_text("", "nid=0 zone=DMA free=1\n", "", "", &sc, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(d.notes.n, 1);
	ksw_diag_free(&d);
}

static void test_spurious_thresholds(void **state)
{
	static const char two[] =
		"seq=1 nid=0 event=reset prev=3 balanced=0 reason=DIRECT\n"
		"seq=2 nid=0 event=reset prev=2 balanced=0 reason=DIRECT\n"
		"seq=3 nid=0 event=reset prev=9 balanced=1 reason=KSWAPD\n";
	struct ksw_sysctl sc = { .nlrr = -1, .wsf = -1, .min_free_kbytes = -1 };
	struct ksw_diag d;

	(void)state;
	diagnose_text("nid=0 failures=0 spurious_resets=2\n", "", two, "", &sc, &d);
	assert_int_equal(d.n, 0);
	ksw_diag_free(&d);
	/* The node's counter remembers more than the history holds. */
	diagnose_text("nid=0 failures=0 spurious_resets=3\n", "", two, "", &sc, &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.f[0].failure_seqs.n, 2);
	ksw_diag_free(&d);
	/* One reset that revived a node that had given up is enough. */
	diagnose_text("nid=0 failures=0 max_retries=8\n", "",
		      "seq=7 nid=0 event=reset prev=8 balanced=0 reason=PCP\n", "", &sc, &d);
	assert_int_equal(d.n, 1);
	assert_true(says(&d.f[0], "after 8 failures"));
	assert_true(says(&d.f[0], "failures_source=tracepoint"));
	ksw_diag_free(&d);
}

static void test_stall_threshold(void **state)
{
	struct ksw_sysctl sc = { .nlrr = -1, .wsf = 200, .min_free_kbytes = -1 };
	struct ksw_diag d;

	(void)state;
	diagnose_text("", "", "",
		      "seq=1 dur_us=99999 kind=reclaim\nseq=2 dur_us=100000 kind=reclaim\n"
		      "seq=3 dur_us=900000 kind=sched\nseq=4 dur_us=99999999999999999999 kind=reclaim\n",
		      &sc, &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.f[0].stall_seqs.n, 1);
	assert_true(d.f[0].stall_seqs.v[0] == 2);
	assert_true(says(&d.f[0], "watermark_scale_factor=400"));
	ksw_diag_free(&d);
}

/* The stack tells cgroup reclaim from direct reclaim; each gets its fix. */
static void test_stall_memcg(void **state)
{
	struct ksw_sysctl sc = { .nlrr = -1, .wsf = 10, .min_free_kbytes = -1 };
	struct ksw_diag d;

	(void)state;
	diagnose_text("", "", "",
		      "seq=1 dur_us=150000 kind=reclaim pid=160 bt=try_to_free_mem_cgroup_pages+0x19e/0x240|try_charge_memcg+0x17b/0x780\n"
		      "seq=2 dur_us=120000 kind=reclaim pid=161 bt=try_to_free_mem_cgroup_pages+0x19e/0x240\n",
		      &sc, &d);
	assert_int_equal(d.n, 1);
	assert_true(says(&d.f[0], "2 of them in cgroup reclaim"));
	assert_true(says(&d.f[0], "cat /proc/160/cgroup"));
	assert_false(says(&d.f[0], "watermark_scale_factor"));
	ksw_diag_free(&d);

	/* One of each: both fixes. */
	diagnose_text("", "", "",
		      "seq=1 dur_us=150000 kind=reclaim pid=160 bt=try_to_free_mem_cgroup_pages+0x19e/0x240\n"
		      "seq=2 dur_us=120000 kind=reclaim pid=161 bt=try_to_free_pages+0x173/0x220|__alloc_pages_slowpath+0x52a/0x1400\n",
		      &sc, &d);
	assert_int_equal(d.n, 1);
	assert_true(says(&d.f[0], "1 of them in cgroup reclaim"));
	assert_true(says(&d.f[0], "memory.max or memory.high"));
	assert_true(says(&d.f[0], "watermark_scale_factor=100"));
	ksw_diag_free(&d);

	/* No stack (bt=-): only direct reclaim can be advised. */
	diagnose_text("", "", "", "seq=1 dur_us=150000 kind=reclaim pid=160 bt=-\n", &sc, &d);
	assert_int_equal(d.n, 1);
	assert_false(says(&d.f[0], "cgroup reclaim"));
	assert_true(says(&d.f[0], "watermark_scale_factor=100"));
	ksw_diag_free(&d);
}

static void test_missing_files_noted(void **state)
{
	struct ksw_sysctl sc = { .nlrr = -1, .wsf = -1, .min_free_kbytes = -1 };
	struct ksw_snap s;
	struct ksw_diag d;

	(void)state;
	memset(&s, 0, sizeof(s));
	table_from(&s.t[KSW_F_VERSION], "kswapwatch=0.1.0 abi=1\n");
	s.have = KSW_BIT(KSW_F_VERSION);
	assert_int_equal(ksw_diagnose(&s, NULL, &sc, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(d.notes.n, 4);
	ksw_diag_free(&d);
	ksw_snap_free(&s);
}

static void test_sysctl_read(void **state)
{
	struct ksw_sysctl sc;
	char root[4096];

	(void)state;
	snprintf(root, sizeof(root), "%s/dma-storm/sys", KSW_FIXTURES);
	ksw_sysctl_read(&sc, root);
	assert_int_equal(sc.nlrr, 5);
	assert_int_equal(sc.lrr[0], 256);
	assert_int_equal(sc.lrr[2], 32);
	assert_int_equal(sc.wsf, 10);
	snprintf(root, sizeof(root), "%s/garbage/sys", KSW_FIXTURES);
	ksw_sysctl_read(&sc, root);
	assert_int_equal(sc.nlrr, -1);
	assert_non_null(strstr(sc.lrr_err, "unexpected content"));
	assert_int_equal(sc.wsf, -1);
	ksw_sysctl_read(&sc, "/nonexistent");
	assert_int_equal(sc.nlrr, -1);
	assert_non_null(strstr(sc.lrr_err, "No such file"));
}

static void test_json_findings(void **state)
{
	struct ksw_diag d;
	char *out = NULL;

	(void)state;
	run("spurious-resets", NULL, &d);
	CAPTURE(out, ksw_diag_print_json(f, &d));
	assert_non_null(strstr(out, "{\"finding\":\"spurious_resets\",\"title\":"));
	assert_non_null(strstr(out, "\"nid\":1,\"stall_seqs\":[],\"failure_seqs\":[19,29,35,38],"));
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
	ksw_diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_dma_storm),
		cmocka_unit_test(test_spurious_resets),
		cmocka_unit_test(test_spurious_since),
		cmocka_unit_test(test_hopeless),
		cmocka_unit_test(test_reclaim_stalls),
		cmocka_unit_test(test_storm_thresholds),
		cmocka_unit_test(test_spurious_thresholds),
		cmocka_unit_test(test_stall_threshold),
		cmocka_unit_test(test_stall_memcg),
		cmocka_unit_test(test_missing_files_noted),
		cmocka_unit_test(test_sysctl_read),
		cmocka_unit_test(test_json_findings),
	};

	return cmocka_run_group_tests_name("diagnose", tests, NULL, NULL);
}
