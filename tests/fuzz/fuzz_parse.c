// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target for the reader.  The whole input is parsed as one file;
 * then its lines are dealt out to the debugfs files by what they hold
 * ("abi=": version, "stall=": timeline, "zone=": zones, "event=":
 * kswapd_failures, "dur_us=" or "kind=": stalls, anything else: nodes) and
 * everything the reader does with records runs on them: JSON, Prometheus
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
#include "show.h"
#include "snap.h"
#include "timeline.h"
#include "timeline_out.h"
#include "track.h"
#include "util.h"

static FILE *out;

static void track_cb(void *ctx, int event, const struct ksw_record *r, uint64_t from,
		     uint64_t to)
{
	(void)ctx;
	if (event == KSW_TRACK_NEW)
		ksw_json_record(out, r, "new");
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

static void outputs(const struct ksw_snap *s, const struct ksw_sel *sel,
		    const struct ksw_sysctl *sc)
{
	struct ksw_diag d;
	struct ksw_data data;
	size_t i;
	int id;

	for (id = 0; id < KSW_NR_FILES; id++)
		for (i = 0; i < s->t[id].n; i++)
			if (ksw_rec_selected(id, &s->t[id].rec[i], sel))
				ksw_json_record(out, &s->t[id].rec[i], NULL);
	ksw_data_build(&data, s);
	ksw_diagnose(&data, sel, sc, &d);
	ksw_diag_print_text(out, &d);
	ksw_diag_print_json(out, &d);
	ksw_prom_version(out, &s->t[KSW_F_VERSION]);
	ksw_prom_nodes(out, &s->t[KSW_F_NODES]);
	ksw_prom_zones(out, &s->t[KSW_F_ZONES]);
	ksw_prom_failures(out, &s->t[KSW_F_FAILURES]);
	ksw_prom_stalls(out, &s->t[KSW_F_STALLS]);
	ksw_prom_findings(out, &d);
	ksw_show_status(out, s, &d);
	ksw_show_stalls(out, &s->t[KSW_F_STALLS], sel, 0, 0);
	ksw_show_stalls(out, &s->t[KSW_F_STALLS], sel, 3, 80);
	ksw_show_failures(out, &s->t[KSW_F_FAILURES], sel, 0);
	ksw_show_nodes(out, &s->t[KSW_F_NODES]);
	ksw_show_zones(out, &s->t[KSW_F_ZONES]);
	timelines(s);
	ksw_diag_free(&d);
	ksw_data_free(&data);
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

	/* Two polls: the first half of the input, then all of it. */
	if (ksw_table_parse(&half, text, size / 2))
		abort();
	ksw_tracker_init(&tr, KSW_F_STALLS, 0, 0);
	ksw_track(&tr, &half, track_cb, NULL);
	ksw_track(&tr, &s.t[KSW_F_STALLS], track_cb, NULL);
	ksw_track(&tr, &half, track_cb, NULL);
	ksw_tracker_init(&tr, KSW_F_FAILURES, 1, 0);
	ksw_track(&tr, &s.t[KSW_F_FAILURES], track_cb, NULL);
	ksw_track(&tr, &half, track_cb, NULL);
	ksw_table_free(&half);

	/* What a terminal gets. */
	for (id = 0; id < KSW_NR_FILES; id++)
		ksw_table_sanitize(&s.t[id]);
	sc.nlrr = -1;
	outputs(&s, &since, &sc);

	ksw_snap_free(&s);
	return 0;
}
