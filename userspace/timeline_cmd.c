// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kswapwatch timeline [SEQ]: a stall's timeline as text lanes, Chrome
 * trace JSON (--chrome) or an SVG picture (--svg).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "kswapwatch_abi.h"
#include "reader.h"
#include "timeline.h"
#include "timeline_out.h"

static const struct ksw_record *stall_record(const struct ksw_snap *s, uint64_t seq)
{
	const struct ksw_table *t = &s->t[KSW_F_STALLS];
	size_t i;
	uint64_t v;

	for (i = 0; i < t->n; i++)
		if (ksw_rec_valid(KSW_F_STALLS, &t->rec[i]) && ksw_rec_seq(&t->rec[i], &v) == 0 &&
		    v == seq)
			return &t->rec[i];
	return NULL;
}

static void __attribute__((noreturn)) no_timeline(const struct ksw_timeline *tl,
						  const struct ksw_snap *s, int given, uint64_t seq)
{
	if (!tl->n)
		ksw_fatal(EX_FAIL, "%s/%s: no stall has a timeline%s", ksw_opt.dir, KSW_FILE_TIMELINE,
			  s->t[KSW_F_STALLS].n ? " (the stalls recorded are older than the timelines kept)" : " yet");
	if (given && stall_record(s, seq))
		ksw_fatal(EX_FAIL, "stall %" PRIu64 " has no timeline; stalls with one: %" PRIu64 " to %" PRIu64
			  " (only the latest are kept)", seq, tl->stall[0].seq, tl->stall[tl->n - 1].seq);
	ksw_fatal(EX_FAIL, "no stall %" PRIu64 " in the timeline; stalls with one: %" PRIu64 " to %" PRIu64,
		  seq, tl->stall[0].seq, tl->stall[tl->n - 1].seq);
}

int ksw_cmd_timeline(const char *seq_arg, int format)
{
	const struct ksw_tl_stall *st;
	const struct ksw_record *stall;
	struct ksw_timeline tl;
	struct ksw_tl_view v;
	struct ksw_snap s;
	uint64_t seq = 0;
	size_t base_bad;

	if (seq_arg && ksw_parse_u64(seq_arg, &seq))
		ksw_fatal(EX_USAGE, "timeline: '%s' is not a stall's seq number", seq_arg);
	ksw_load(&s, 0, KSW_BIT(KSW_F_TIMELINE) | KSW_BIT(KSW_F_STALLS) | KSW_BIT(KSW_F_ZONES));
	if (!(s.have & KSW_BIT(KSW_F_TIMELINE))) {
		const struct ksw_record *ver = ksw_snap_version(&s);
		const char *mv = ver ? ksw_get(ver, "kswapwatch") : NULL;

		ksw_fatal(EX_NOTIMELINE, "%s/%s is missing: this module (kswapwatch %s) keeps no stall timeline; load a version that does",
			  ksw_opt.dir, KSW_FILE_TIMELINE, mv ? mv : "?");
	}
	if (ksw_tl_parse(&tl, &s.t[KSW_F_TIMELINE]))
		ksw_fatal(EX_FAIL, "out of memory");
	base_bad = ksw_table_invalid(KSW_F_TIMELINE, &s.t[KSW_F_TIMELINE]);
	if (tl.malformed > base_bad)
		fprintf(stderr, "kswapwatch: %s/%s: %zu event%s ignored (a number missing or wrong)\n",
			ksw_opt.dir, KSW_FILE_TIMELINE, tl.malformed - base_bad,
			tl.malformed - base_bad == 1 ? "" : "s");
	st = seq_arg ? ksw_tl_find(&tl, seq) : ksw_tl_latest(&tl);
	if (!st)
		no_timeline(&tl, &s, seq_arg != NULL, seq);
	stall = stall_record(&s, st->seq);
	ksw_tl_view_init(&v, st);
	if (format == KSW_TL_CHROME)
		ksw_tl_print_chrome(stdout, &v, stall);
	else if (format == KSW_TL_SVG)
		ksw_tl_print_svg(stdout, &v, stall);
	else
		ksw_tl_print_text(stdout, &tl, &v, stall,
				  s.have & KSW_BIT(KSW_F_ZONES) ? &s.t[KSW_F_ZONES] : NULL);
	ksw_tl_view_free(&v);
	ksw_tl_free(&tl);
	ksw_snap_free(&s);
	if (fflush(stdout) || ferror(stdout))
		ksw_fatal(EX_FAIL, "writing the output: %s", strerror(errno ? errno : EIO));
	return EX_OK;
}
