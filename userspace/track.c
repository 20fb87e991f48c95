// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Following a history file between polls (see track.h).
 */
#include <stdlib.h>
#include <string.h>

#include "snap.h"
#include "track.h"
#include "util.h"

struct item {
	uint64_t seq;
	size_t pos;		/* position in the file, to keep the order stable */
	int have_ts;
	uint64_t ts;		/* start_ns, ts_ns */
};

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void note_last(struct ksw_tracker *tr, const struct item *it)
{
	tr->have_last = 1;
	tr->seen = 1;
	tr->last_seq = it->seq;
	tr->have_ts = it->have_ts;
	tr->last_ts = it->ts;
}

void ksw_tracker_init(struct ksw_tracker *tr, int id, int since_set, uint64_t since)
{
	memset(tr, 0, sizeof(*tr));
	tr->id = id;
	if (since_set) {
		tr->started = 1;
		tr->have_last = 1;
		tr->last_seq = since;
	}
}

void ksw_track(struct ksw_tracker *tr, const struct ksw_data *d, ksw_track_cb cb, void *ctx)
{
	size_t n = tr->id == KSW_F_STALLS ? d->nstalls : tr->id == KSW_F_FAILURES ? d->nfails : 0;
	struct item *v = n ? ksw_xrealloc(NULL, n * sizeof(*v)) : NULL;
	size_t i, at = 0;
	uint64_t expect;

	for (i = 0; i < n; i++) {
		v[i].pos = i;
		if (tr->id == KSW_F_STALLS) {
			v[i].seq = d->stalls[i].seq;
			v[i].have_ts = KSW_HAS(&d->stalls[i], KSW_SF_START_NS);
			v[i].ts = d->stalls[i].start_ns;
		} else {
			v[i].seq = d->fails[i].seq;
			v[i].have_ts = KSW_HAS(&d->fails[i], KSW_FF_TS_NS);
			v[i].ts = d->fails[i].ts_ns;
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), item_cmp);

	if (!tr->started) {
		tr->started = 1;
		if (n)
			note_last(tr, &v[n - 1]);
		goto out;
	}

	/* Did the numbering start over since the last poll? */
	if (tr->have_last) {
		int restart = 0;

		for (i = 0; i < n && v[i].seq < tr->last_seq; i++)
			;
		if (i < n && v[i].seq == tr->last_seq) {
			restart = tr->have_ts && v[i].have_ts && v[i].ts != tr->last_ts;
		} else if (n) {
			/*
			 * Gone while nothing newer came: numbered again from
			 * the start.  An empty file tells nothing yet: a reset
			 * may keep counting where it was.
			 */
			restart = tr->seen && v[n - 1].seq < tr->last_seq;
		}
		if (restart) {
			cb(ctx, KSW_TRACK_RESTART, 0, 0, 0);
			tr->have_last = 0;
			tr->seen = 0;
			tr->hole_pending = 0;
		}
	}

	if (tr->have_last)
		for (at = 0; at < n && v[at].seq <= tr->last_seq; at++)
			;
	for (i = at; i < n; i++) {
		if (tr->have_last && v[i].seq <= tr->last_seq)
			continue;	/* a repeated seq */
		expect = tr->last_seq + 1;
		if (tr->have_last && v[i].seq > expect) {
			if (i == 0) {
				/* Overwritten in the ring before this poll. */
				cb(ctx, KSW_TRACK_LOST, 0, expect, v[i].seq - 1);
			} else if (tr->hole_pending && tr->hole_at == expect) {
				cb(ctx, KSW_TRACK_LOST, 0, expect, v[i].seq - 1);
			} else {
				/* Perhaps still being written: look again next poll. */
				tr->hole_pending = 1;
				tr->hole_at = expect;
				goto out;
			}
		}
		tr->hole_pending = 0;
		cb(ctx, KSW_TRACK_NEW, v[i].pos, 0, 0);
		note_last(tr, &v[i]);
	}
out:
	free(v);
}
