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
#include "records.h"
#include "reader.h"
#include "show.h"
#include "track.h"
#include "util.h"

/* Records of each history the view shows. */
#define VIEW_LAST	10

struct emit_ctx {
	const char *file;
	int id;
	const struct ksw_data *d;	/* this poll's */
};

static void emit(void *arg, int event, size_t i, uint64_t from, uint64_t to)
{
	const struct emit_ctx *ctx = arg;
	const struct ksw_data *d = ctx->d;
	struct ksw_sel sel = ksw_opt.sel;

	/* The trackers follow --since SEQ; a restart numbers from 1 again. */
	sel.since_set = 0;
	switch (event) {
	case KSW_TRACK_NEW:
		if (ctx->id == KSW_F_STALLS) {
			if (ksw_stall_selected(d, &sel, &d->stalls[i]))
				ksw_json_stall(stdout, d, &d->stalls[i], "stall");
		} else if (ksw_fail_spurious(&d->fails[i]) &&
			   ksw_fail_selected(d, &sel, &d->fails[i])) {
			ksw_json_fail(stdout, d, &d->fails[i], "spurious_reset");
		}
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
	int64_t nid;
	int hopeless;
	uint64_t episodes;
};

struct nodes_watch {
	struct node_state *v;
	size_t n;
	int started;
};

/* A node became hopeless when the verdict rose or its episode count grew. */
static void watch_nodes(struct nodes_watch *nw, const struct ksw_data *d)
{
	size_t i, k;

	for (i = 0; i < d->nnodes; i++) {
		const struct ksw_node *n = &d->nodes[i];
		int h = ksw_node_hopeless(n), have_ep = KSW_HAS(n, KSW_NF_HOPELESS_EPISODES);
		uint64_t ep = have_ep ? n->hopeless_episodes : 0;
		struct node_state *st = NULL;

		for (k = 0; k < nw->n; k++)
			if (nw->v[k].nid == n->nid)
				st = &nw->v[k];
		if (!st) {
			nw->v = ksw_xrealloc(nw->v, (nw->n + 1) * sizeof(*nw->v));
			st = &nw->v[nw->n++];
			st->nid = n->nid;
			st->hopeless = !nw->started && h;
			st->episodes = ep;
			if (!nw->started)	/* the baseline */
				continue;
			/* With --since, or a node come online: hopeless now? */
		}
		if (((h && !st->hopeless) || (have_ep && ep > st->episodes)) &&
		    ksw_node_selected(&ksw_opt.sel, n->nid))
			ksw_json_node(stdout, d, n, "hopeless");
		st->hopeless = h;
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

static void view(const struct ksw_snap *s, const struct ksw_data *kd)
{
	const struct ksw_version *v = &kd->version;
	struct ksw_sysctl sc;
	struct ksw_diag d;
	char now[32];
	time_t t = time(NULL);

	strftime(now, sizeof(now), "%H:%M:%S", localtime(&t));
	ksw_sysctl_read(&sc, ksw_opt.sysctl_root);
	ksw_diag_proc_root = ksw_opt.dir_given ? NULL : "/proc";
	ksw_diagnose(kd, &ksw_opt.sel, &sc, &d);

	fputs("\033[H\033[2J", stdout);
	/* ksw_load() made sure there is a valid version record. */
	printf("kswapwatch  module %s abi %" PRId64 "  kernel %s  failures %s  every %gs  %s\n\n",
	       v->module ? v->module : "?", v->abi, v->kernel ? v->kernel : "?",
	       v->failures_source ? v->failures_source : "?", ksw_opt.interval, now);
	if (s->have & KSW_BIT(KSW_F_NODES)) {
		ksw_show_nodes(stdout, kd, &ksw_opt.sel);
		putchar('\n');
	}
	if (s->have & KSW_BIT(KSW_F_ZONES)) {
		ksw_show_zones(stdout, kd, &ksw_opt.sel);
		putchar('\n');
	}
	if (s->have & KSW_BIT(KSW_F_STALLS)) {
		printf("Stalls (last %d)\n", VIEW_LAST);
		ksw_show_stalls(stdout, kd, &ksw_opt.sel, VIEW_LAST, term_width());
		putchar('\n');
	}
	if (s->have & KSW_BIT(KSW_F_FAILURES)) {
		printf("kswapd_failures history (last %d)\n", VIEW_LAST);
		ksw_show_failures(stdout, kd, &ksw_opt.sel, VIEW_LAST);
		putchar('\n');
	}
	if (!d.n)
		puts("Findings: none");
	ksw_show_findings(stdout, &d);
	ksw_diag_free(&d);
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
	struct emit_ctx sctx = { "stalls", KSW_F_STALLS, NULL };
	struct emit_ctx fctx = { "kswapd_failures", KSW_F_FAILURES, NULL };
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

		struct ksw_data d;

		ksw_load(&s, 0, KSW_ALL_FILES);
		ksw_data_build(&d, &s);
		if (ksw_opt.json) {
			sctx.d = fctx.d = &d;
			ksw_track(&stalls, &d, emit, &sctx);
			ksw_track(&failures, &d, emit, &fctx);
			watch_nodes(&nodes, &d);
			fflush(stdout);
		} else {
			view(&s, &d);
		}
		ksw_data_free(&d);
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
