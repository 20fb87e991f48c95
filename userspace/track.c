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
	const struct ksw_record *r;
};

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int rec_ts(const struct ksw_tracker *tr, const struct ksw_record *r, uint64_t *ts)
{
	const char *key = ksw_file_ts_key(tr->id);

	return key ? ksw_get_u64(r, key, ts) : -1;
}

static void note_last(struct ksw_tracker *tr, const struct item *it)
{
	tr->have_last = 1;
	tr->seen = 1;
	tr->last_seq = it->seq;
	tr->have_ts = rec_ts(tr, it->r, &tr->last_ts) == 0;
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

void ksw_track(struct ksw_tracker *tr, const struct ksw_table *t, ksw_track_cb cb, void *ctx)
{
	struct item *v = NULL;
	size_t n = 0, i, at = 0;
	uint64_t expect;

	for (i = 0; i < t->n; i++) {
		uint64_t seq;

		if (!ksw_rec_valid(tr->id, &t->rec[i]) || ksw_rec_seq(&t->rec[i], &seq))
			continue;
		v = ksw_xrealloc(v, (n + 1) * sizeof(*v));
		v[n].seq = seq;
		v[n].pos = i;
		v[n].r = &t->rec[i];
		n++;
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
			uint64_t ts;

			restart = tr->have_ts && rec_ts(tr, v[i].r, &ts) == 0 && ts != tr->last_ts;
		} else if (n) {
			/*
			 * Gone while nothing newer came: numbered again from
			 * the start.  An empty file tells nothing yet: a reset
			 * may keep counting where it was.
			 */
			restart = tr->seen && v[n - 1].seq < tr->last_seq;
		}
		if (restart) {
			cb(ctx, KSW_TRACK_RESTART, NULL, 0, 0);
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
				cb(ctx, KSW_TRACK_LOST, NULL, expect, v[i].seq - 1);
			} else if (tr->hole_pending && tr->hole_at == expect) {
				cb(ctx, KSW_TRACK_LOST, NULL, expect, v[i].seq - 1);
			} else {
				/* Perhaps still being written: look again next poll. */
				tr->hole_pending = 1;
				tr->hole_at = expect;
				goto out;
			}
		}
		tr->hole_pending = 0;
		cb(ctx, KSW_TRACK_NEW, v[i].r, 0, 0);
		note_last(tr, &v[i]);
	}
out:
	free(v);
}
