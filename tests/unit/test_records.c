// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The typed record layer: every field of every fixture, the module's
 * verdicts, the holder frame, the wall clock, the selection, bad input.
 *
 * unit-sources: userspace/records.c userspace/parse.c userspace/snap.c userspace/util.c
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdlib.h>
#include <time.h>

#include "reader_fixture.h"
#include "records.h"

static void build(struct ksw_data *d, struct ksw_snap *s, const char *fixture)
{
	assert_int_equal(fixture_snap(fixture, s), 0);
	assert_int_equal(ksw_data_build(d, s), 0);
}

/* A snapshot of one file @id holding @text. */
static void build_text(struct ksw_data *d, struct ksw_snap *s, int id, const char *text)
{
	memset(s, 0, sizeof(*s));
	table_from(&s->t[id], text);
	s->have = KSW_BIT(id);
	assert_int_equal(ksw_data_build(d, s), 0);
}

static void done(struct ksw_data *d, struct ksw_snap *s)
{
	ksw_data_free(d);
	ksw_snap_free(s);
}

/* The struct of the @k-th valid record of file @id, its ->has and ->raw. */
static const void *rec_of(const struct ksw_data *d, int id, size_t k, uint64_t *has,
			  const struct ksw_record **raw)
{
	switch (id) {
	case KSW_F_VERSION:
		*has = d->version.has;
		*raw = d->version.raw;
		return &d->version;
	case KSW_F_NODES:
		*has = d->nodes[k].has;
		*raw = d->nodes[k].raw;
		return &d->nodes[k];
	case KSW_F_FAILURES:
		*has = d->fails[k].has;
		*raw = d->fails[k].raw;
		return &d->fails[k];
	case KSW_F_ZONES:
		*has = d->zones[k].has;
		*raw = d->zones[k].raw;
		return &d->zones[k];
	default:
		*has = d->stalls[k].has;
		*raw = d->stalls[k].raw;
		return &d->stalls[k];
	}
}

/*
 * Every field of every line of every fixture but garbage is a known one,
 * read as its type, and reads back as written; every valid line is one
 * record.
 */
static void test_every_fixture_field(void **state)
{
	DIR *dir = opendir(KSW_FIXTURES);
	struct dirent *e;
	int fixtures = 0;

	(void)state;
	assert_non_null(dir);
	while ((e = readdir(dir))) {
		struct ksw_snap s;
		struct ksw_data d;
		int id;

		/* real/: samples of guests' files, some incomplete (test_timeline_read.c) */
		if (e->d_name[0] == '.' || strcmp(e->d_name, "garbage") == 0 ||
		    strcmp(e->d_name, "real") == 0)
			continue;
		build(&d, &s, e->d_name);
		fixtures++;
		for (id = 0; id < KSW_NR_FILES; id++) {
			if (id == KSW_F_TIMELINE)	/* no typed records (timeline.h) */
				continue;
			const struct ksw_table *t = &s.t[id];
			size_t i, k = 0, n[KSW_NR_FILES] = {
				d.version.present, d.nnodes, d.nfails, d.nzones, d.nstalls,
			};

			for (i = 0; i < t->n; i++) {
				const struct ksw_record *r = &t->rec[i], *raw;
				uint64_t has;
				const void *rec;
				int j;

				if (!ksw_rec_valid(id, r) || (id == KSW_F_VERSION && k))
					continue;
				rec = rec_of(&d, id, k++, &has, &raw);
				assert_ptr_equal(raw, r);
				for (j = 0; j < r->nfields; j++) {
					int fi = ksw_field_index(id, r->f[j].key);
					char buf[32];
					const char *v;

					if (fi < 0)
						fail_msg("%s/%s: field %s unknown", e->d_name,
							 ksw_file_name(id), r->f[j].key);
					if (!((has >> fi) & 1))
						fail_msg("%s/%s: %s=%s not read", e->d_name,
							 ksw_file_name(id), r->f[j].key, r->f[j].val);
					v = ksw_field_text(id, rec, has, raw, fi, buf, sizeof(buf));
					assert_non_null(v);
					assert_string_equal(v, r->f[j].val);
				}
			}
			assert_int_equal(k, n[id]);
			assert_int_equal(d.invalid[id], 0);
		}
		done(&d, &s);
	}
	closedir(dir);
	assert_true(fixtures >= 6);
}

static void test_version(void **state)
{
	struct ksw_snap s;
	struct ksw_data d;

	(void)state;
	build(&d, &s, "injected");
	assert_true(d.version.present);
	assert_string_equal(d.version.module, "0.1.0");
	assert_int_equal(d.version.abi, 1);
	assert_string_equal(d.version.kernel, "7.2.13+deb14-amd64");
	assert_int_equal(d.version.failures_tp, 1);
	assert_int_equal(d.version.period_ms, 10);
	assert_int_equal(d.version.threshold_ms, 50);
	assert_string_equal(d.version.kinds, "irq,sched,reclaim");
	done(&d, &s);

	/* An older module: no settings; inferred failures; no probes. */
	build_text(&d, &s, KSW_F_VERSION, "kswapwatch=0.1.0 abi=1 failures_source=inferred probes=\n");
	assert_int_equal(d.version.period_ms, -1);
	assert_int_equal(d.version.failures_tp, 0);
	assert_null(d.version.kinds);
	assert_string_equal(d.version.probes, "");
	assert_false(KSW_HAS(&d.version, KSW_VF_KERNEL));
	done(&d, &s);
}

static void test_nodes_and_failures(void **state)
{
	struct ksw_snap s;
	struct ksw_data d;
	const struct ksw_node *n;
	const struct ksw_fail *f;

	(void)state;
	build(&d, &s, "spurious-resets");
	assert_int_equal(d.nnodes, 2);
	n = ksw_data_node(&d, 1);
	assert_non_null(n);
	assert_int_equal(n->failures, 3);
	assert_int_equal(n->max_retries, 16);
	assert_int_equal(n->fails_total, 35);
	assert_int_equal(n->resets[KSW_RESET_DIRECT], 4);
	assert_int_equal(n->resets[KSW_RESET_KSWAPD], 0);
	assert_int_equal(n->hopeless_episodes, 1);
	assert_int_equal(n->spurious_resets, 4);
	assert_false(ksw_node_hopeless(n));
	assert_null(ksw_data_node(&d, 2));
	assert_int_equal(ksw_data_max_retries(&d, 7), KSW_MAX_RECLAIM_RETRIES);

	assert_int_equal(d.nfails, 41);
	f = &d.fails[18];
	assert_int_equal(f->seq, 19);
	assert_int_equal(f->ts_ns, 34869568000ULL);
	assert_int_equal(f->nid, 1);
	assert_int_equal(f->event, KSW_EV_RESET);
	assert_int_equal(f->prev, 16);
	assert_int_equal(f->failures, 0);
	assert_int_equal(f->reason, KSW_RESET_DIRECT);
	assert_string_equal(f->source, "inferred");
	assert_int_equal(f->balanced, 0);
	assert_string_equal(f->comm, "java");
	assert_int_equal(f->pid, 4242);
	assert_true(ksw_fail_spurious(f));
	assert_true(ksw_fail_revived(&d, f));
	/* seq 2: a reset of a balanced node. */
	assert_false(ksw_fail_spurious(&d.fails[1]));
	assert_false(ksw_fail_revived(&d, &d.fails[1]));
	/* A fail is never spurious. */
	assert_false(ksw_fail_spurious(&d.fails[0]));
	assert_int_equal(d.fails[0].reason, -1);
	done(&d, &s);

	build(&d, &s, "hopeless");
	assert_true(ksw_node_hopeless(&d.nodes[0]));
	done(&d, &s);
	/* failures at max_retries is hopeless even without the flag. */
	build_text(&d, &s, KSW_F_NODES, "nid=0 failures=16 max_retries=16 hopeless=0\n"
		   "nid=1 failures=15 max_retries=16\nnid=2 failures=3 max_retries=3\n"
		   "nid=3 failures=1 max_retries=0\n");
	assert_true(ksw_node_hopeless(&d.nodes[0]));
	assert_false(ksw_node_hopeless(&d.nodes[1]));
	assert_true(ksw_node_hopeless(&d.nodes[2]));
	assert_int_equal(d.nodes[3].max_retries, KSW_MAX_RECLAIM_RETRIES);
	done(&d, &s);
}

static void test_zones(void **state)
{
	const struct ksw_zone *dma, *dma32, *normal;
	struct ksw_snap s;
	struct ksw_data d;

	(void)state;
	build(&d, &s, "spurious-resets");
	assert_int_equal(d.nzones, 4);
	dma = ksw_data_zone(&d, 0, "DMA");
	dma32 = ksw_data_zone(&d, 0, "DMA32");
	normal = ksw_data_zone(&d, 0, "Normal");
	assert_non_null(dma);
	assert_int_equal(dma->zid, 0);
	assert_int_equal(dma32->zid, 1);
	assert_int_equal(normal->zid, 2);
	assert_int_equal(ksw_data_zone(&d, 1, "Normal")->zid, 0);
	assert_ptr_equal(ksw_data_top_zone(&d, 0), normal);
	assert_int_equal(dma->nprot, 5);
	assert_int_equal(dma->protection[1], 1003);
	assert_int_equal(dma->protection_max, 32612);
	/* A module before the appended fields: KSW_NONE, never stormed. */
	assert_int_equal(dma->storms, KSW_NONE);
	assert_int_equal(dma->kswapd_run_ns, KSW_NONE);
	assert_null(dma->wakeup_gfp);
	assert_int_equal(dma->ngfp, 0);
	assert_false(ksw_zone_stormed(dma));
	done(&d, &s);

	build(&d, &s, "injected");
	dma = ksw_data_zone(&d, 0, "DMA");
	dma32 = ksw_data_zone(&d, 0, "DMA32");
	assert_int_equal(dma->boost, 0);
	assert_true(KSW_HAS(dma, KSW_ZF_BOOST));
	assert_int_equal(dma32->boost, 512);
	assert_int_equal(dma->kswapd_run_ns, 7340032000ULL);
	assert_int_equal(dma->storm_ratio, 100);
	assert_int_equal(dma->storms, 212);
	assert_int_equal(dma->storm_last_ns, 95000000000ULL);
	assert_true(ksw_zone_stormed(dma));
	assert_false(ksw_zone_stormed(dma32));
	assert_int_equal(dma->ngfp, 2);
	assert_string_equal(dma->gfp[0].zone, "DMA32");
	assert_string_equal(dma->gfp[0].cls, "kernel");
	assert_int_equal(dma->gfp[0].n, 290);
	assert_null(dma->gfp[1].zone);
	assert_string_equal(dma->gfp[1].cls, "boost");
	assert_int_equal(dma->gfp[1].n, 21);
	assert_int_equal(dma32->ngfp, 0);
	done(&d, &s);
}

static void test_stalls(void **state)
{
	const struct ksw_stall *st;
	struct ksw_snap s;
	struct ksw_data d;

	(void)state;
	build(&d, &s, "dma-storm");
	assert_int_equal(d.nstalls, 4);
	st = &d.stalls[0];
	assert_int_equal(st->seq, 1);
	assert_int_equal(st->start_ns, 7234000000000ULL);
	assert_int_equal(st->dur_us, 1043210);
	assert_string_equal(st->cpus, "0-7");
	assert_int_equal(st->ncpus, 8);
	assert_int_equal(st->kind, KSW_STALL_K_SCHED);
	assert_int_equal(st->system, 1);
	assert_string_equal(st->comm, "kswapd0");
	assert_int_equal(st->pid, 72);
	assert_true(st->kswapd_ran);
	assert_int_equal(st->scanned, 8123456);
	assert_int_equal(st->reclaimed, 912);
	assert_int_equal(st->deltas_full, 1);
	assert_int_equal(st->nfailures, 1);
	assert_int_equal(st->failures[0].nid, 0);
	assert_int_equal(st->failures[0].val, 0);
	assert_int_equal(st->ndma_free, 1);
	assert_int_equal(st->dma_free[0].val, 1611);
	assert_int_equal(st->storm_nid, 0);
	assert_string_equal(st->storm_zone, "DMA");
	assert_int_equal(st->nframes, 5);
	assert_string_equal(st->frames[0].sym, "isolate_lru_folios");
	assert_int_equal(st->frames[0].off, 0x1a4);
	assert_int_equal(st->frames[0].len, 0x4b0);
	assert_null(st->frames[0].mod);
	assert_string_equal(st->frames[4].text, "kswapd+0x1ef/0x3a0");
	assert_int_equal(ksw_stall_end_ns(st), 7234000000000ULL + 1043210000ULL);
	/* seq 2: no backtrace, no storm, no kswapd. */
	st = &d.stalls[1];
	assert_int_equal(st->kind, KSW_STALL_K_IRQ);
	assert_int_equal(st->nframes, 0);
	assert_null(ksw_stall_holder_frame(st));
	assert_int_equal(st->storm_nid, -1);
	assert_null(st->storm_zone);
	assert_false(st->kswapd_ran);
	done(&d, &s);

	build(&d, &s, "spurious-resets");
	st = &d.stalls[0];
	assert_int_equal(st->nfailures, 2);
	assert_int_equal(st->failures[1].nid, 1);
	assert_int_equal(st->failures[1].val, 7);
	done(&d, &s);
}

static void test_holder_frame(void **state)
{
	const struct ksw_frame *h;
	struct ksw_snap s;
	struct ksw_data d;

	(void)state;
	build(&d, &s, "injected");
	/* Past the module's timer, the hrtimer and the irq entry. */
	h = ksw_stall_holder_frame(&d.stalls[0]);
	assert_non_null(h);
	assert_string_equal(h->sym, "si_stall");
	assert_string_equal(h->mod, "stallinject");
	assert_int_equal(h->off, 0x3d);
	assert_int_equal(h->len, 0x90);
	assert_string_equal(h->text, "si_stall+0x3d/0x90[stallinject]");
	assert_string_equal(d.stalls[0].frames[0].mod, "kswapwatch");
	/* The first frame itself when it is not plumbing. */
	h = ksw_stall_holder_frame(&d.stalls[1]);
	assert_ptr_equal(h, &d.stalls[1].frames[0]);
	done(&d, &s);

	build_text(&d, &s, KSW_F_STALLS,
		   "seq=1 bt=?|hrtimer_interrupt+0x1/0x2|?|foo|bar+0x10[m]\n"
		   "seq=2 bt=ksw_wd_tick+0x1/0x2|__sysvec_apic_timer_interrupt\n"
		   "seq=3 bt=-\nseq=4 bt=[]|x[\n");
	h = ksw_stall_holder_frame(&d.stalls[0]);
	assert_string_equal(h->sym, "foo");
	assert_int_equal(h->off, KSW_NONE);
	assert_null(h->mod);
	assert_string_equal(d.stalls[0].frames[4].sym, "bar");
	assert_int_equal(d.stalls[0].frames[4].off, 0x10);
	assert_int_equal(d.stalls[0].frames[4].len, KSW_NONE);
	assert_string_equal(d.stalls[0].frames[4].mod, "m");
	assert_null(ksw_stall_holder_frame(&d.stalls[1]));
	assert_int_equal(d.stalls[2].nframes, 0);
	assert_int_equal(d.stalls[3].nframes, 2);
	assert_string_equal(d.stalls[3].frames[0].mod, "");
	done(&d, &s);

	/* Stacks of 7.2 guests: past the lock, the clock, the tracepoint. */
	build_text(&d, &s, KSW_F_STALLS,
		   "seq=1 bt=native_queued_spin_lock_slowpath+0x30/0x2a0|_raw_spin_lock+0x25/0x30|"
		   "si_stall+0xd0/0x110[stallinject]|si_thread+0x83/0xd0[stallinject]\n"
		   "seq=2 bt=ktime_get+0x3b/0xa0|stallinject_spin+0x23/0x40[stallinject]|"
		   "si_stall+0x90/0x110[stallinject]\n"
		   "seq=3 bt=__traceiter_mm_vmscan_direct_reclaim_end+0x29/0x40|"
		   "try_to_free_pages+0x166/0x210|__alloc_pages_slowpath.constprop.0+0x338/0xe70\n"
		   "seq=4 bt=native_safe_halt+0xb/0x10|amd_e400_idle+0x3d/0x50|default_idle_call+0x38/0xf0\n"
		   "seq=5 bt=_raw_spin_lock_irqsave+0x1/0x2|ktime_get+0x3b/0xa0\n");
	assert_string_equal(ksw_stall_holder_frame(&d.stalls[0])->text,
			    "si_stall+0xd0/0x110[stallinject]");
	assert_string_equal(ksw_stall_holder_frame(&d.stalls[1])->sym, "stallinject_spin");
	assert_string_equal(ksw_stall_holder_frame(&d.stalls[2])->sym, "try_to_free_pages");
	assert_string_equal(ksw_stall_holder_frame(&d.stalls[3])->sym, "native_safe_halt");
	/* Helpers alone: the first of them. */
	assert_string_equal(ksw_stall_holder_frame(&d.stalls[4])->sym, "_raw_spin_lock_irqsave");
	done(&d, &s);
}

static void test_wall_clock(void **state)
{
	struct ksw_snap s;
	struct ksw_data d;
	char buf[64];

	(void)state;
	build(&d, &s, "injected");
	/* No clocks: no wall-clock time. */
	assert_int_equal(ksw_mono_to_real(&s, 1000), -1);
	assert_null(ksw_data_time(&d, buf, sizeof(buf), 1000, 1));
	s.have_clock = 1;
	s.mono_ns = 100000000000ULL;			/* read at 100 s of uptime */
	s.real_ns = 1764773487000000000LL;		/* 2025-12-03T14:51:27Z */
	assert_int_equal(ksw_mono_to_real(&s, 100000000000ULL), s.real_ns);
	assert_int_equal(ksw_mono_to_real(&s, 30512000000ULL), s.real_ns - 69488000000LL);
	assert_int_equal(ksw_mono_to_real(&s, 100500000000ULL), s.real_ns + 500000000LL);
	assert_string_equal(ksw_data_time(&d, buf, sizeof(buf), d.stalls[0].start_ns, 1),
			    "2025-12-03T14:50:17.512Z");
	assert_string_equal(ksw_fmt_rfc3339(buf, sizeof(buf), 0), "1970-01-01T00:00:00.000Z");
	assert_string_equal(ksw_fmt_rfc3339(buf, sizeof(buf), -1), "-");
	/* Local time as dmesg -T writes it. */
	setenv("TZ", "UTC", 1);
	assert_string_equal(ksw_data_time(&d, buf, sizeof(buf), s.mono_ns, 0),
			    "Wed Dec  3 14:51:27 2025");
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	assert_string_equal(ksw_fmt_local(buf, sizeof(buf), s.real_ns), "Wed Dec  3 15:51:27 2025");
	unsetenv("TZ");
	tzset();
	/* Far from the read: no overflow, no time. */
	assert_int_equal(ksw_mono_to_real(&s, UINT64_MAX), -1);
	assert_int_equal(ksw_mono_to_real(&s, 0), s.real_ns - 100000000000LL);
	s.mono_ns = UINT64_MAX;
	assert_int_equal(ksw_mono_to_real(&s, 0), -1);
	s.have_clock = 0;
	assert_int_equal(ksw_mono_to_real(&s, 5), -1);
	done(&d, &s);
}

static void test_selection(void **state)
{
	struct ksw_sel sel;
	struct ksw_snap s;
	struct ksw_data d;
	size_t i;
	char got[256];

#define PICK(list, n, pred) do {						\
		got[0] = '\0';							\
		for (i = 0; i < (n); i++)					\
			if (pred)						\
				snprintf(got + strlen(got), sizeof(got) - strlen(got), \
					 "%s%llu", *got ? " " : "",		\
					 (unsigned long long)(list)[i].seq);	\
	} while (0)

	(void)state;
	build(&d, &s, "reclaim-stalls");
	memset(&sel, 0, sizeof(sel));
	PICK(d.stalls, d.nstalls, ksw_stall_selected(&d, NULL, &d.stalls[i]));
	assert_string_equal(got, "1 2 3 4 5 6");
	sel.since_set = 1;
	sel.since = 4;
	PICK(d.stalls, d.nstalls, ksw_stall_selected(&d, &sel, &d.stalls[i]));
	assert_string_equal(got, "5 6");
	sel.since_set = 0;
	sel.min_us = 250000;
	PICK(d.stalls, d.nstalls, ksw_stall_selected(&d, &sel, &d.stalls[i]));
	assert_string_equal(got, "1 3 5");
	sel.min_us = 0;
	sel.kinds = 1u << KSW_STALL_K_IRQ | 1u << KSW_STALL_K_SCHED;
	PICK(d.stalls, d.nstalls, ksw_stall_selected(&d, &sel, &d.stalls[i]));
	assert_string_equal(got, "4 6");
	sel.kinds = 0;
	/* --node leaves stalls alone: a gap is a CPU's. */
	sel.node_set = 1;
	sel.node = 5;
	PICK(d.stalls, d.nstalls, ksw_stall_selected(&d, &sel, &d.stalls[i]));
	assert_string_equal(got, "1 2 3 4 5 6");
	sel.node_set = 0;
	/* --since DURATION: without the read time, everything. */
	sel.since_ns_set = 1;
	sel.since_ns = 5000000000ULL;
	PICK(d.stalls, d.nstalls, ksw_stall_selected(&d, &sel, &d.stalls[i]));
	assert_string_equal(got, "1 2 3 4 5 6");
	/* Read at 71 s: the last 5 s hold what ended after 66 s. */
	s.have_clock = 1;
	s.mono_ns = 71000000000ULL;
	s.real_ns = 1764773487000000000LL;
	PICK(d.stalls, d.nstalls, ksw_stall_selected(&d, &sel, &d.stalls[i]));
	assert_string_equal(got, "5 6");
	/* Longer than the uptime: everything. */
	sel.since_ns = 100000000000ULL;
	PICK(d.stalls, d.nstalls, ksw_stall_selected(&d, &sel, &d.stalls[i]));
	assert_string_equal(got, "1 2 3 4 5 6");
	done(&d, &s);

	build(&d, &s, "spurious-resets");
	memset(&sel, 0, sizeof(sel));
	sel.node_set = 1;
	sel.node = 0;
	PICK(d.fails, d.nfails, ksw_fail_selected(&d, &sel, &d.fails[i]));
	assert_string_equal(got, "1 2");
	sel.since_set = 1;
	sel.since = 1;
	PICK(d.fails, d.nfails, ksw_fail_selected(&d, &sel, &d.fails[i]));
	assert_string_equal(got, "2");
	assert_true(ksw_node_selected(&sel, 0));
	assert_false(ksw_node_selected(&sel, 1));
	assert_true(ksw_node_selected(NULL, 1));
	done(&d, &s);
#undef PICK
}

/* A stall running past the end of time must not wrap into the past. */
static void test_end_saturates(void **state)
{
	struct ksw_sel sel = { .since_ns_set = 1, .since_ns = 1000000000ULL };
	struct ksw_snap s;
	struct ksw_data d;

	(void)state;
	build_text(&d, &s, KSW_F_STALLS,
		   "seq=1 start_ns=18446744073709551615 dur_us=5\n"
		   "seq=2 start_ns=5 dur_us=18446744073709551615\n");
	assert_int_equal(ksw_stall_end_ns(&d.stalls[0]), UINT64_MAX);
	assert_int_equal(ksw_stall_end_ns(&d.stalls[1]), UINT64_MAX);
	s.have_clock = 1;
	s.mono_ns = 10000000000ULL;
	s.real_ns = 1764773487000000000LL;
	assert_true(ksw_stall_selected(&d, &sel, &d.stalls[0]));
	assert_true(ksw_stall_selected(&d, &sel, &d.stalls[1]));
	done(&d, &s);
}

static void test_bad_input(void **state)
{
	struct ksw_snap s;
	struct ksw_data d;
	const struct ksw_stall *st;
	const struct ksw_zone *z;

	(void)state;
	build(&d, &s, "garbage");
	/* The lines ksw_rec_valid() refuses are counted, the others kept. */
	assert_int_equal(d.nnodes, 3);
	assert_int_equal(d.invalid[KSW_F_NODES], 2);
	/* A value that is not a number: not read, the default stays. */
	assert_false(KSW_HAS(&d.nodes[0], KSW_NF_FAILS_TOTAL));
	assert_int_equal(d.nodes[0].fails_total, 0);
	assert_false(KSW_HAS(&d.nodes[0], KSW_NF_RESETS_DIRECT));
	assert_int_equal(d.nodes[0].spurious_resets, 5);
	assert_int_equal(d.nodes[2].failures, -3);
	/* ... and tables and JSON get the text as written. */
	{
		char buf[32];

		assert_string_equal(ksw_field_text(KSW_F_NODES, &d.nodes[0], d.nodes[0].has,
						   d.nodes[0].raw, KSW_NF_RESETS_DIRECT, buf,
						   sizeof(buf)), "x");
		assert_null(ksw_field_text(KSW_F_NODES, &d.nodes[2], d.nodes[2].has,
					   d.nodes[2].raw, KSW_NF_SPURIOUS_RESETS, buf, sizeof(buf)));
		assert_null(ksw_field_text(KSW_F_NODES, &d.nodes[2], 0, NULL, 99, buf, sizeof(buf)));
	}
	z = &d.zones[0];
	assert_int_equal(z->nprot, 0);		/* protection=0,x,3 */
	assert_false(KSW_HAS(z, KSW_ZF_RECLAIM_SKIPPED));
	z = &d.zones[1];
	assert_int_equal(z->nprot, KSW_MAX_ZONES);	/* 12 written, 8 kept */
	assert_int_equal(z->protection_max, 12);
	assert_int_equal(z->protection[7], 8);
	/* balanced=notanumber: neither. */
	assert_int_equal(d.fails[2].balanced, -1);
	assert_false(ksw_fail_spurious(&d.fails[2]));
	assert_int_equal(d.fails[1].reason, -1);	/* reason=WEIRD */
	assert_string_equal(d.fails[1].reason_name, "WEIRD");
	assert_int_equal(d.nfails, 4);
	assert_int_equal(d.invalid[KSW_F_FAILURES], 2);
	assert_int_equal(d.fails[3].event, KSW_EV_OTHER);
	/* stalls */
	st = &d.stalls[1];
	assert_string_equal(st->comm, "Web Content");
	assert_string_equal(ksw_stall_extra(st, "future_field"), "abc");
	assert_null(ksw_stall_extra(st, "nothing"));
	st = &d.stalls[2];
	assert_false(KSW_HAS(st, KSW_SF_DUR_US));
	assert_int_equal(st->dur_us, 0);
	st = &d.stalls[3];
	assert_int_equal(st->seq, UINT64_MAX);
	assert_int_equal(st->ncpus, 1);
	/* A repeated key: its first value. */
	assert_int_equal(d.stalls[4].seq, 5);
	assert_int_equal(d.stalls[4].kind, KSW_STALL_K_SCHED);
	assert_int_equal(d.stalls[4].ncpus, -1);
	done(&d, &s);

	build_text(&d, &s, KSW_F_STALLS,
		   "seq=1 cpus=3-1 failures=0:1,x:2 dma_free=-1:5 storm=-1:DMA kind=IRQ\n"
		   "seq=2 cpus=0-99999999 failures=0:+1 dma_free=0: storm=0: kswapd=\n"
		   "seq=3 cpus=1,,2 failures=00:18446744073709551616 storm=x:DMA system=2\n"
		   "seq=4 cpus=0-1023,2048-4095 failures=1:2,3:4, storm=12:Normal deltas=partial\n");
	st = &d.stalls[0];
	assert_int_equal(st->ncpus, -1);
	assert_int_equal(st->nfailures, 1);
	assert_int_equal(st->ndma_free, 0);
	assert_int_equal(st->storm_nid, -1);
	assert_null(st->storm_zone);
	assert_int_equal(st->kind, KSW_STALL_K_OTHER);
	st = &d.stalls[1];
	assert_int_equal(st->ncpus, -1);
	assert_int_equal(st->nfailures, 0);
	assert_int_equal(st->ndma_free, 0);
	assert_int_equal(st->storm_nid, -1);
	assert_false(st->kswapd_ran);
	st = &d.stalls[2];
	assert_int_equal(st->ncpus, -1);
	assert_int_equal(st->nfailures, 0);
	assert_int_equal(st->storm_nid, -1);
	assert_int_equal(st->system, -1);
	assert_int_equal(st->deltas_full, -1);
	st = &d.stalls[3];
	assert_int_equal(st->ncpus, 3072);
	assert_int_equal(st->nfailures, 2);
	assert_int_equal(st->storm_nid, 12);
	assert_string_equal(st->storm_zone, "Normal");
	assert_int_equal(st->deltas_full, 0);
	done(&d, &s);

	/* wakeup_gfp that is not a list: what came before the bad item. */
	build_text(&d, &s, KSW_F_ZONES,
		   "nid=0 zone=DMA wakeup_gfp=DMA32-kernel:1,boost:x\n"
		   "nid=0 zone=DMA32 wakeup_gfp=:5\nnid=1 zone=DMA wakeup_gfp=Normal-user:3,\n");
	assert_int_equal(d.zones[0].ngfp, 1);
	assert_int_equal(d.zones[1].ngfp, 0);
	assert_int_equal(d.zones[2].ngfp, 1);
	assert_string_equal(d.zones[2].gfp[0].cls, "user");
	done(&d, &s);

	/* Nothing at all. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(ksw_data_build(&d, &s), 0);
	assert_false(d.version.present);
	assert_int_equal(d.nstalls + d.nfails + d.nnodes + d.nzones, 0);
	done(&d, &s);
}

static void test_kinds_and_fields(void **state)
{
	(void)state;
	assert_int_equal(ksw_stall_kind_parse("irq"), KSW_STALL_K_IRQ);
	assert_int_equal(ksw_stall_kind_parse("sched"), KSW_STALL_K_SCHED);
	assert_int_equal(ksw_stall_kind_parse("reclaim"), KSW_STALL_K_RECLAIM);
	assert_int_equal(ksw_stall_kind_parse(NULL), KSW_STALL_K_OTHER);
	assert_string_equal(ksw_stall_kind_str(KSW_STALL_K_RECLAIM), "reclaim");
	assert_string_equal(ksw_stall_kind_str(42), "other");
	assert_int_equal(ksw_field_index(KSW_F_STALLS, "dur_us"), KSW_SF_DUR_US);
	assert_int_equal(ksw_field_index(KSW_F_ZONES, "wakeup_gfp"), KSW_ZF_WAKEUP_GFP);
	assert_int_equal(ksw_field_index(KSW_F_NODES, "dur_us"), -1);
	assert_int_equal(ksw_file_fields(KSW_F_STALLS).n, KSW_SF_NR);
	assert_int_equal(ksw_file_fields(KSW_NR_FILES).n, 0);
	assert_int_equal(ksw_file_fields(KSW_F_FAILURES).f[KSW_FF_BALANCED].type, KSW_FT_BOOL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fixture_field),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_nodes_and_failures),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_stalls),
		cmocka_unit_test(test_holder_frame),
		cmocka_unit_test(test_wall_clock),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_end_saturates),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_kinds_and_fields),
	};

	return cmocka_run_group_tests_name("records", tests, NULL, NULL);
}
