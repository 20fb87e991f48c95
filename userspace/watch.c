// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kswapwatch watch: poll the module's files.  On a terminal, redraw a
 * view; otherwise (or with --json) write one JSON line per new stall, new
 * spurious kswapd_failures reset and node that became hopeless, for the
 * journal or a log shipper.  History records are followed by seq, so none
 * is written twice and none is skipped without a "lost" line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "diagnose.h"
#include "json.h"
#include "reader.h"
#include "show.h"
#include "track.h"
#include "util.h"

/* Records of each history the view shows. */
#define VIEW_LAST	10

struct emit_ctx {
	const char *file;
	int id;
};

static void emit(void *arg, int event, const struct ksw_record *r, uint64_t from, uint64_t to)
{
	const struct emit_ctx *ctx = arg;
	uint64_t bal;

	switch (event) {
	case KSW_TRACK_NEW:
		if (ctx->id == KSW_F_STALLS)
			ksw_json_record(stdout, r, "stall");
		else if (strcmp(ksw_get(r, "event"), "reset") == 0 &&
			 ksw_get_u64(r, "balanced", &bal) == 0 && bal == 0)
			ksw_json_record(stdout, r, "spurious_reset");
		break;
	case KSW_TRACK_LOST:
		printf("{\"_event\":\"lost\",\"_file\":\"%s\",\"_from_seq\":%" PRIu64
		       ",\"_to_seq\":%" PRIu64 "}\n", ctx->file, from, to);
		break;
	case KSW_TRACK_RESTART:
		printf("{\"_event\":\"restart\",\"_file\":\"%s\"}\n", ctx->file);
		break;
	}
}

struct node_state {
	uint64_t nid;
	int hopeless;
	uint64_t episodes;
};

struct nodes_watch {
	struct node_state *v;
	size_t n;
	int started;
};

/* A node became hopeless when its flag rose or its episode count grew. */
static void watch_nodes(struct nodes_watch *nw, const struct ksw_table *t)
{
	size_t i, k;

	for (i = 0; i < t->n; i++) {
		const struct ksw_record *r = &t->rec[i];
		uint64_t nid, h = 0, ep = 0;
		struct node_state *st = NULL;
		int have_ep;

		if (!ksw_rec_valid(KSW_F_NODES, r))
			continue;
		ksw_get_u64(r, "nid", &nid);
		if (ksw_get_u64(r, "hopeless", &h))
			h = 0;
		have_ep = ksw_get_u64(r, "hopeless_episodes", &ep) == 0;
		for (k = 0; k < nw->n; k++)
			if (nw->v[k].nid == nid)
				st = &nw->v[k];
		if (!st) {
			nw->v = ksw_xrealloc(nw->v, (nw->n + 1) * sizeof(*nw->v));
			st = &nw->v[nw->n++];
			st->nid = nid;
			st->hopeless = !nw->started && h;
			st->episodes = ep;
			if (!nw->started)	/* the baseline */
				continue;
			/* With --since, or a node come online: hopeless now? */
		}
		if ((h && !st->hopeless) || (have_ep && ep > st->episodes))
			ksw_json_record(stdout, r, "hopeless");
		st->hopeless = h != 0;
		if (have_ep)
			st->episodes = ep;
	}
	nw->started = 1;
}

static size_t term_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 120;
}

static void view(const struct ksw_snap *s)
{
	const struct ksw_record *v = ksw_snap_version(s);
	struct ksw_sysctl sc;
	struct ksw_diag d;
	struct ksw_data data;
	char now[32];
	time_t t = time(NULL);
	size_t i;

	strftime(now, sizeof(now), "%H:%M:%S", localtime(&t));
	ksw_sysctl_read(&sc, ksw_opt.sysctl_root);
	ksw_diag_proc_root = ksw_opt.dir_given ? NULL : "/proc";
	if (ksw_data_build(&data, s))
		ksw_fatal(EX_FAIL, "out of memory");
	ksw_diagnose(&data, &ksw_opt.sel, &sc, &d);

	fputs("\033[H\033[2J", stdout);
	/* ksw_load() made sure there is a valid version record. */
	printf("kswapwatch  module %s abi %s  kernel %s  failures %s  every %gs  %s\n\n",
	       ksw_get(v, "kswapwatch") ?: "?", ksw_get(v, "abi"), ksw_get(v, "kernel") ?: "?",
	       ksw_get(v, "failures_source") ?: "?", ksw_opt.interval, now);
	if (s->have & KSW_BIT(KSW_F_NODES)) {
		ksw_show_nodes(stdout, &s->t[KSW_F_NODES]);
		putchar('\n');
	}
	if (s->have & KSW_BIT(KSW_F_ZONES)) {
		ksw_show_zones(stdout, &s->t[KSW_F_ZONES]);
		putchar('\n');
	}
	if (s->have & KSW_BIT(KSW_F_STALLS)) {
		printf("Stalls (last %d)\n", VIEW_LAST);
		ksw_show_stalls(stdout, &s->t[KSW_F_STALLS], &ksw_opt.sel, VIEW_LAST, term_width());
		putchar('\n');
	}
	if (s->have & KSW_BIT(KSW_F_FAILURES)) {
		printf("kswapd_failures history (last %d)\n", VIEW_LAST);
		ksw_show_failures(stdout, &s->t[KSW_F_FAILURES], &ksw_opt.sel, VIEW_LAST);
		putchar('\n');
	}
	if (!d.n)
		puts("Findings: none");
	for (i = 0; i < d.n; i++)
		printf("Finding %zu: %s: %s\n", i + 1, d.f[i].id, d.f[i].summary);
	ksw_diag_free(&d);
	ksw_data_free(&data);
	fflush(stdout);
}

static void pause_interval(void)
{
	struct timespec ts;

	ts.tv_sec = (time_t)ksw_opt.interval;
	ts.tv_nsec = (long)((ksw_opt.interval - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int ksw_cmd_watch(void)
{
	struct emit_ctx sctx = { "stalls", KSW_F_STALLS };
	struct emit_ctx fctx = { "kswapd_failures", KSW_F_FAILURES };
	struct ksw_tracker stalls, failures;
	struct nodes_watch nodes = { 0 };
	long poll;

	ksw_tracker_init(&stalls, KSW_F_STALLS, ksw_opt.sel.since_set, ksw_opt.sel.since);
	ksw_tracker_init(&failures, KSW_F_FAILURES, ksw_opt.sel.since_set, ksw_opt.sel.since);
	/* With --since, nodes already hopeless are reported too. */
	nodes.started = ksw_opt.sel.since_set;
	if (!isatty(STDOUT_FILENO))
		ksw_opt.json = 1;
	if (!ksw_opt.json)
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);

	for (poll = 1;; poll++) {
		struct ksw_snap s;

		ksw_load(&s, 0, KSW_ALL_FILES);
		if (ksw_opt.json) {
			ksw_track(&stalls, &s.t[KSW_F_STALLS], emit, &sctx);
			ksw_track(&failures, &s.t[KSW_F_FAILURES], emit, &fctx);
			watch_nodes(&nodes, &s.t[KSW_F_NODES]);
			fflush(stdout);
		} else {
			view(&s);
		}
		ksw_snap_free(&s);
		if (ferror(stdout))
			ksw_fatal(EX_FAIL, "standard output: write error");
		if (ksw_opt.count && poll >= ksw_opt.count)
			break;
		pause_interval();
	}
	free(nodes.v);
	return EX_OK;
}
