// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target for the reader.  The whole input is parsed as one file;
 * then its lines are dealt out to the debugfs files by what they hold
 * ("abi=": version, "stall=": timeline, "zone=": zones, "event=":
 * kswapd_failures, "dur_us=" or "kind=": stalls, anything else: nodes) and
 * everything the reader does with records runs on them: the typed records
 * (records.h) with and without the clocks of the read, JSON, Prometheus
 * text, the tables, diagnose, the timeline's facts, sentences, text, Chrome
 * trace and SVG, following seq numbers across two polls, the sanitizing for
 * terminals.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "json.h"
#include "parse.h"
#include "prom.h"
#include "records.h"
#include "show.h"
#include "snap.h"
#include "timeline.h"
#include "timeline_out.h"
#include "track.h"
#include "util.h"

static FILE *out;

static const struct ksw_data *track_data;

static void track_cb(void *ctx, int event, size_t i, uint64_t from, uint64_t to)
{
	int id = *(const int *)ctx;

	if (event == KSW_TRACK_NEW && id == KSW_F_STALLS)
		ksw_json_stall(out, track_data, &track_data->stalls[i], "new");
	else if (event == KSW_TRACK_NEW)
		ksw_json_fail(out, track_data, &track_data->fails[i], "new");
	else
		fprintf(out, "%d %llu %llu\n", event, (unsigned long long)from,
			(unsigned long long)to);
}

/* Every stall of the timeline, every way the reader shows one. */
static void timelines(const struct ksw_snap *s)
{
	struct ksw_timeline tl;
	size_t i, j, n;

	if (ksw_tl_parse(&tl, &s->t[KSW_F_TIMELINE]))
		abort();
	for (i = 0; i < tl.n; i++) {
		struct ksw_tl_facts f;
		struct ksw_tl_view v;
		char **sent;

		if (ksw_tl_facts(&tl, tl.stall[i].seq, &s->t[KSW_F_ZONES], &f) == 0) {
			n = ksw_tl_sentences(&f, &sent);
			for (j = 0; j < n; j++)
				fputs(sent[j], out);
			ksw_tl_sentences_free(sent, n);
			ksw_tl_facts_free(&f);
		}
		ksw_tl_view_init(&v, &tl.stall[i]);
		ksw_tl_print_text(out, &tl, &v, s->t[KSW_F_STALLS].n ? &s->t[KSW_F_STALLS].rec[0] : NULL,
				  &s->t[KSW_F_ZONES]);
		ksw_tl_print_chrome(out, &v, NULL);
		ksw_tl_print_svg(out, &v, NULL);
		ksw_tl_view_free(&v);
	}
	ksw_tl_free(&tl);
}

/* Everything the typed records offer, on the data of @s. */
static void records(const struct ksw_data *kd)
{
	char buf[64];
	size_t i;

	for (i = 0; i < kd->nstalls; i++) {
		const struct ksw_stall *st = &kd->stalls[i];
		const struct ksw_frame *h = ksw_stall_holder_frame(st);

		if (h)
			fprintf(out, "%s %s\n", h->sym, h->mod ? h->mod : "");
		ksw_data_time(kd, buf, sizeof(buf), st->start_ns, 1);
		ksw_data_time(kd, buf, sizeof(buf), ksw_stall_end_ns(st), 0);
		if (st->storm_zone)
			ksw_data_zone(kd, st->storm_nid, st->storm_zone);
	}
	for (i = 0; i < kd->nfails; i++)
		fprintf(out, "%d %d\n", ksw_fail_spurious(&kd->fails[i]),
			ksw_fail_revived(kd, &kd->fails[i]));
	for (i = 0; i < kd->nnodes; i++)
		fprintf(out, "%d\n", ksw_node_hopeless(&kd->nodes[i]));
	for (i = 0; i < kd->nzones; i++)
		fprintf(out, "%d\n", ksw_zone_stormed(&kd->zones[i]));
}

static void outputs(const struct ksw_snap *s, const struct ksw_sel *sel,
		    const struct ksw_sysctl *sc)
{
	struct ksw_data kd;
	struct ksw_diag d;
	int id;

	if (ksw_data_build(&kd, s))
		abort();
	records(&kd);
	for (id = 0; id < KSW_NR_FILES; id++)
		ksw_json_file(out, &kd, id, sel);
	ksw_diagnose(&kd, sel, sc, &d);
	ksw_diag_print_text(out, &d);
	ksw_diag_print_json(out, &d);
	ksw_prom_version(out, &kd);
	ksw_prom_nodes(out, &kd);
	ksw_prom_zones(out, &kd);
	ksw_prom_failures(out, &kd);
	ksw_prom_stalls(out, &kd);
	ksw_prom_findings(out, &d);
	ksw_show_status(out, &kd, &d);
	ksw_show_stalls(out, &kd, sel, 0, 0);
	ksw_show_stalls(out, &kd, sel, 3, 80);
	ksw_show_failures(out, &kd, sel, 0);
	ksw_show_failures(out, &kd, sel, 2);
	ksw_show_nodes(out, &kd, sel);
	ksw_show_zones(out, &kd, sel);
	timelines(s);
	ksw_diag_free(&d);
	ksw_data_free(&kd);
}

/* Which file a line goes to, by what it holds (see the top). */
static int file_of(const char *line, size_t len)
{
	char buf[256];

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (strstr(buf, "abi="))
		return KSW_F_VERSION;
	if (strstr(buf, "stall="))
		return KSW_F_TIMELINE;
	if (strstr(buf, "zone="))
		return KSW_F_ZONES;
	if (strstr(buf, "event="))
		return KSW_F_FAILURES;
	if (strstr(buf, "dur_us=") || strstr(buf, "kind="))
		return KSW_F_STALLS;
	return KSW_F_NODES;
}

static void deal(const char *text, size_t size, struct ksw_snap *s)
{
	char *buf[KSW_NR_FILES];
	size_t len[KSW_NR_FILES] = { 0 }, pos = 0;
	int id;

	for (id = 0; id < KSW_NR_FILES; id++) {
		buf[id] = malloc(size + 1);
		if (!buf[id])
			abort();
	}
	while (pos < size) {
		const char *nl = memchr(text + pos, '\n', size - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) + 1 : size - pos;

		id = file_of(text + pos, n);
		memcpy(buf[id] + len[id], text + pos, n);
		len[id] += n;
		pos += n;
	}
	memset(s, 0, sizeof(*s));
	for (id = 0; id < KSW_NR_FILES; id++) {
		if (ksw_table_parse(&s->t[id], buf[id], len[id]))
			abort();
		free(buf[id]);
	}
	s->have = KSW_ALL_FILES | KSW_BIT(KSW_F_TIMELINE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct ksw_sel all = { 0 }, since = { .since_set = 1, .since = 2 };
	struct ksw_sel picky = { .since_ns_set = 1, .since_ns = 1000000000, .min_us = 100000,
				 .kinds = 1u << KSW_STALL_K_RECLAIM | 1u << KSW_STALL_K_IRQ,
				 .node_set = 1, .node = 0 };
	struct ksw_sysctl sc = { .root = "/proc/sys", .nlrr = 5, .lrr = { 256, 256, 32, 0, 0 },
				 .wsf = 10, .min_free_kbytes = 5616 };
	struct ksw_tracker tr;
	struct ksw_table half;
	struct ksw_snap s;
	size_t i;
	int id;

	if (!out) {
		out = fopen("/dev/null", "w");
		if (!out)
			abort();
		setvbuf(out, NULL, _IOFBF, 1 << 16);
	}
	/* The input as one file: every record, as JSON, and sanitized. */
	if (ksw_table_parse(&half, text, size))
		abort();
	for (i = 0; i < half.n; i++)
		ksw_json_record(out, &half.rec[i], NULL);
	ksw_table_sanitize(&half);
	ksw_table_free(&half);

	deal(text, size, &s);
	outputs(&s, &all, &sc);
	/* With the clocks of the read, a page size and every selection option. */
	s.have_clock = 1;
	s.mono_ns = size > 8 ? (uint64_t)data[0] << 40 | (uint64_t)data[1] << 20 : 0;
	s.real_ns = 1764770000000000000LL;
	s.page_size = 4096;
	outputs(&s, &picky, &sc);

	/* Two polls: the first half of the input, then all of it. */
	{
		struct ksw_snap hs;
		struct ksw_data hd, full;
		int sid = KSW_F_STALLS, fid = KSW_F_FAILURES;

		deal(text, size / 2, &hs);
		if (ksw_data_build(&hd, &hs) || ksw_data_build(&full, &s))
			abort();
		ksw_tracker_init(&tr, KSW_F_STALLS, 0, 0);
		track_data = &hd;
		ksw_track(&tr, &hd, track_cb, &sid);
		track_data = &full;
		ksw_track(&tr, &full, track_cb, &sid);
		track_data = &hd;
		ksw_track(&tr, &hd, track_cb, &sid);
		ksw_tracker_init(&tr, KSW_F_FAILURES, 1, 0);
		track_data = &full;
		ksw_track(&tr, &full, track_cb, &fid);
		track_data = &hd;
		ksw_track(&tr, &hd, track_cb, &fid);
		ksw_data_free(&hd);
		ksw_data_free(&full);
		ksw_snap_free(&hs);
	}

	/* What a terminal gets. */
	for (id = 0; id < KSW_NR_FILES; id++)
		ksw_table_sanitize(&s.t[id]);
	sc.nlrr = -1;
	outputs(&s, &since, &sc);

	ksw_snap_free(&s);
	return 0;
}
