// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A stall's timeline as an SVG picture: a time axis in milliseconds from
 * the gap's start, per CPU lanes for tasks, irq, softirq and reclaim, the
 * gap shaded, a legend.  Self-contained: no scripts, no external fonts.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "timeline_out.h"
#include "util.h"

#define WIDTH		1100
#define LEFT		90
#define RIGHT		20
#define PLOT		(WIDTH - LEFT - RIGHT)
#define TASK_H		22
#define HANDLER_H	9
#define RECLAIM_H	10
#define CPU_GAP		30
#define PALETTE_N	10

static const char *const palette[PALETTE_N] = {
	"#4e79a7", "#59a14f", "#edc948", "#b07aa1", "#76b7b2",
	"#ff9da7", "#9c755f", "#f28e2b", "#bab0ac", "#86bcb6",
};
#define KSWAPD_COLOR	"#e15759"
static const char IDLE_COLOR[] = "#eeeeee";
static const char OTHER_COLOR[] = "#c8c8c8";
#define IRQ_COLOR	"#1d3557"
#define SOFTIRQ_COLOR	"#2a9d8f"
#define GAP_COLOR	"#d62728"
static const char *const reclaim_color[KSW_TL_NR_RECLAIM] = {
	[KSW_TL_RECLAIM_DIRECT] = "#f4a261",
	[KSW_TL_RECLAIM_MEMCG] = "#9b5de5",
	[KSW_TL_RECLAIM_NODE] = "#8d99ae",
	[KSW_TL_RECLAIM_KSWAPD] = "#e15759",
	[KSW_TL_RECLAIM_OTHER] = "#8d99ae",
};

static void xml(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default:
			/* Controls are not allowed in XML 1.0. */
			fputc((unsigned char)*s < 0x20 ? '?' : *s, out);
		}
	}
}

static double x_of(const struct ksw_tl_view *v, uint64_t ns)
{
	double span = (double)(v->to - v->from);

	if (ns < v->from)
		ns = v->from;
	if (ns > v->to)
		ns = v->to;
	return LEFT + (span > 0 ? (double)(ns - v->from) / span * PLOT : 0);
}

/* The colour of task @t of the view. */
static const char *task_color(const struct ksw_tl_view *v, size_t t, int *colored)
{
	size_t i, rank = 0;

	if (ksw_tl_is_idle(v->task[t].comm) || !strcmp(v->task[t].comm, "?"))
		return IDLE_COLOR;
	if (!strncmp(v->task[t].comm, "kswapd", 6))
		return KSWAPD_COLOR;
	/* Its rank among the tasks that get a palette colour. */
	for (i = 0; i < t; i++)
		if (!ksw_tl_is_idle(v->task[i].comm) && strcmp(v->task[i].comm, "?") &&
		    strncmp(v->task[i].comm, "kswapd", 6))
			rank++;
	if (rank < PALETTE_N) {
		if (colored)
			*colored = 1;
		return palette[rank];
	}
	return OTHER_COLOR;
}

/* A tick step of 1, 2 or 5 times a power of ten nanoseconds: about ten ticks over @span. */
static uint64_t tick_step(uint64_t span)
{
	uint64_t p = 1000;	/* 1 us */

	for (;;) {
		if (span / p <= 10)
			return p;
		if (span / (2 * p) <= 10)
			return 2 * p;
		if (span / (5 * p) <= 10)
			return 5 * p;
		if (p > UINT64_MAX / 100)
			return p * 10;
		p *= 10;
	}
}

/* The tick at @off ns from the gap's start, as milliseconds: "-250", "0", "2.5". */
static void tick_label(FILE *out, int64_t off)
{
	int64_t a = off < 0 ? -off : off;

	if (a % 1000000 == 0)
		fprintf(out, "%s%" PRId64, off < 0 ? "-" : "", a / 1000000);
	else
		fprintf(out, "%s%" PRId64 ".%03" PRId64, off < 0 ? "-" : "", a / 1000000, a % 1000000 / 1000);
}

static void axis(FILE *out, const struct ksw_tl_view *v, double y, double bottom)
{
	uint64_t step = tick_step(v->to - v->from);
	int64_t lo = -(int64_t)(v->gap_start - v->from), hi = (int64_t)(v->to - v->gap_start);
	int64_t t;

	if (v->to < v->gap_start)
		hi = -(int64_t)(v->gap_start - v->to);
	if (v->from > v->gap_start)
		lo = (int64_t)(v->from - v->gap_start);
	fprintf(out, "<g font-size=\"11\" fill=\"#333\" text-anchor=\"middle\">\n");
	/* The first multiple of the step at or after lo. */
	t = lo / (int64_t)step * (int64_t)step;
	if (t < lo)
		t += (int64_t)step;
	for (; t <= hi; t += (int64_t)step) {
		double x = x_of(v, (uint64_t)((int64_t)v->gap_start + t));

		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>\n",
			x, y + 4, x, bottom, t == 0 ? "#666" : "#e4e4e4");
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", x, y);
		tick_label(out, t);
		fputs("</text>\n", out);
	}
	fprintf(out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">ms</text>\n</g>\n", LEFT - 8, y);
}

static void rect(FILE *out, double x0, double x1, double y, double h, const char *fill)
{
	double w = x1 - x0;

	if (w < 0.6) {		/* a short run stays visible */
		x0 -= (0.6 - w) / 2;
		w = 0.6;
	}
	fprintf(out, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\"", x0, y, w, h, fill);
}

static double cpu_block(FILE *out, const struct ksw_tl_view *v, const struct ksw_tl_view_cpu *vc,
			double y)
{
	double top = y, gx0, gx1, h;
	char d[32];
	size_t i;

	fprintf(out, "<text x=\"10\" y=\"%.1f\" font-size=\"13\" font-weight=\"bold\">CPU %u</text>\n",
		y + 15, vc->c->cpu);
	fprintf(out, "<g font-size=\"10\" fill=\"#555\" text-anchor=\"end\">"
		"<text x=\"%d\" y=\"%.1f\">tasks</text><text x=\"%d\" y=\"%.1f\">irq</text>"
		"<text x=\"%d\" y=\"%.1f\">softirq</text><text x=\"%d\" y=\"%.1f\">reclaim</text></g>\n",
		LEFT - 6, y + 15, LEFT - 6, y + TASK_H + 3 + 8, LEFT - 6,
		y + TASK_H + HANDLER_H + 6 + 8, LEFT - 6, y + TASK_H + 2 * HANDLER_H + 9 + 9);
	fprintf(out, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#ddd\"/>\n",
		LEFT, y, PLOT, TASK_H);

	/* Tasks. */
	for (i = 0; i < vc->nruns; i++) {
		const struct ksw_tl_run *r = &vc->runs[i];
		double x0 = x_of(v, r->start_ns), x1 = x_of(v, r->end_ns);
		const char *color = task_color(v, vc->run_task[i], NULL);

		rect(out, x0, x1, y, TASK_H, color);
		if (x1 - x0 >= 3) {
			fputs("><title>", out);
			xml(out, r->comm);
			if (r->pid != KSW_TL_NONE)
				fprintf(out, "[%" PRId64 "]", r->pid);
			fprintf(out, " %s</title></rect>\n", ksw_tl_dur(d, sizeof(d), r->end_ns - r->start_ns));
		} else {
			fputs("/>\n", out);
		}
		if (x1 - x0 > 7.0 * (double)strlen(r->comm) + 8 && !ksw_tl_is_idle(r->comm)) {
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#fff\">", x0 + 4, y + 15);
			xml(out, r->comm);
			fputs("</text>\n", out);
		}
	}
	y += TASK_H + 3;

	/* Handlers: irq, then softirq. */
	for (i = 0; i < vc->c->n; i++) {
		const struct ksw_tl_event *e = &vc->c->ev[i];

		if (e->kind == KSW_TL_IRQ) {
			rect(out, x_of(v, e->ts_ns), x_of(v, e->ts_ns + e->u.irq.dur_us * 1000), y,
			     HANDLER_H, IRQ_COLOR);
			fputs("/>\n", out);
		} else if (e->kind == KSW_TL_SOFTIRQ) {
			rect(out, x_of(v, e->ts_ns), x_of(v, e->ts_ns + e->u.softirq.dur_us * 1000),
			     y + HANDLER_H + 3, HANDLER_H, SOFTIRQ_COLOR);
			fputs("/>\n", out);
		}
	}
	y += 2 * HANDLER_H + 6;

	/* Reclaim runs in their sub-lanes, wakeups as triangles, isolations as ticks. */
	for (i = 0; i < vc->c->n; i++) {
		const struct ksw_tl_event *e = &vc->c->ev[i];
		double ly = y + vc->lane[i] * (RECLAIM_H + 2);

		if (e->kind == KSW_TL_RECLAIM) {
			rect(out, x_of(v, e->ts_ns), x_of(v, e->ts_ns + e->u.reclaim.dur_us * 1000), ly,
			     RECLAIM_H, reclaim_color[e->u.reclaim.kind]);
			fputs("><title>", out);
			xml(out, e->u.reclaim.kind_name);
			fputs(" reclaim by ", out);
			xml(out, e->u.reclaim.comm);
			fprintf(out, " %s, %" PRIu64 " pages</title></rect>\n",
				ksw_tl_dur(d, sizeof(d), e->u.reclaim.dur_us * 1000), e->u.reclaim.nr_reclaimed);
		}
	}
	for (i = 0; i < vc->c->n; i++) {
		const struct ksw_tl_event *e = &vc->c->ev[i];
		double x = x_of(v, e->ts_ns);

		if (e->kind == KSW_TL_WAKEUP_KSWAPD)
		{
			fprintf(out, "<path d=\"M%.1f %.1fl-4 -7h8z\" fill=\"#000\"><title>wakeup_kswapd ", x,
				y + RECLAIM_H);
			xml(out, e->u.wakeup.zone);
			fputs(" by ", out);
			xml(out, e->u.wakeup.comm);
			fputs("</title></path>\n", out);
		}
		else if (e->kind == KSW_TL_ISOLATE)
			fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#6a4c93\" stroke-width=\"1\"/>\n",
				x, y + RECLAIM_H + 1, x, y + RECLAIM_H + 4);
	}
	y += vc->nlanes * (RECLAIM_H + 2) + 4;

	/* The gap, over the whole block. */
	gx0 = x_of(v, vc->gap_start);
	gx1 = x_of(v, vc->gap_end);
	h = y - top;
	fprintf(out, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.16\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>\n",
		gx0, top - 3, gx1 - gx0 > 1 ? gx1 - gx0 : 1, h + 3, GAP_COLOR, GAP_COLOR);
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\">gap %s (",
		gx0 + 3, y + 9, GAP_COLOR, ksw_tl_dur(d, sizeof(d), vc->gap_end - vc->gap_start));
	xml(out, vc->c->has_gap ? vc->c->gap.kind : v->kind);
	fputs(")</text>\n", out);
	return y;
}

static double legend_item(FILE *out, double x, double y, const char *color, const char *label,
			  const char *extra)
{
	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\" stroke=\"#999\" stroke-width=\"0.5\"/>\n",
		x, y - 10, color);
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", x + 17, y);
	xml(out, label);
	if (extra) {
		fputc(' ', out);
		xml(out, extra);
	}
	fputs("</text>\n", out);
	return x + 17 + 6.6 * (double)(strlen(label) + (extra ? strlen(extra) + 1 : 0)) + 18;
}

static double legend(FILE *out, const struct ksw_tl_view *v, double y)
{
	double x = LEFT;
	char name[96], d[32];
	size_t t;
	int k, shown_other = 0, shown_idle = 0;

	fprintf(out, "<g font-size=\"11\" fill=\"#222\">\n");
	for (t = 0; t < v->ntask; t++) {
		int colored = 0;
		const char *c = task_color(v, t, &colored);

		if (c == IDLE_COLOR) {
			if (shown_idle++)
				continue;
			snprintf(name, sizeof(name), "idle / unknown");
		} else if (c == OTHER_COLOR) {
			if (shown_other++)
				continue;
			snprintf(name, sizeof(name), "other tasks");
		} else if (v->task[t].pid != KSW_TL_NONE) {
			snprintf(name, sizeof(name), "%s[%" PRId64 "]", v->task[t].comm, v->task[t].pid);
		} else {
			snprintf(name, sizeof(name), "%s", v->task[t].comm);
		}
		if (x > WIDTH - 200) {
			x = LEFT;
			y += 18;
		}
		x = legend_item(out, x, y, c, name,
				c == IDLE_COLOR || c == OTHER_COLOR ? NULL : ksw_tl_dur(d, sizeof(d), v->task[t].ns));
	}
	x = LEFT;
	y += 18;
	x = legend_item(out, x, y, IRQ_COLOR, "irq handler", NULL);
	x = legend_item(out, x, y, SOFTIRQ_COLOR, "softirq", NULL);
	for (k = 0; k < KSW_TL_NR_RECLAIM; k++) {
		char label[32];

		if (k == KSW_TL_RECLAIM_NODE)
			continue;
		snprintf(label, sizeof(label), "%s reclaim",
			 ksw_tl_reclaim_kind_name((enum ksw_tl_reclaim_kind)k));
		x = legend_item(out, x, y, reclaim_color[k], label, NULL);
	}
	fprintf(out, "<path d=\"M%.1f %.1fl-5 -9h10z\" fill=\"#000\"/><text x=\"%.1f\" y=\"%.1f\">kswapd woken</text>\n",
		x + 6, y + 1, x + 17, y);
	x += 110;
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#6a4c93\"/><text x=\"%.1f\" y=\"%.1f\">isolate</text>\n",
		x + 6, y - 10, x + 6, y + 2, x + 14, y);
	x += 70;
	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\" fill-opacity=\"0.16\" stroke=\"%s\" stroke-dasharray=\"3 2\"/><text x=\"%.1f\" y=\"%.1f\">gap</text>\n",
		x, y - 10, GAP_COLOR, GAP_COLOR, x + 17, y);
	fputs("</g>\n", out);
	return y + 10;
}

void ksw_tl_print_svg(FILE *out, const struct ksw_tl_view *v, const struct ksw_record *stall)
{
	double y, bottom = 64;
	char d[32], t[32], *body = NULL;
	size_t i, len = 0;
	FILE *b;

	for (i = 0; i < v->ncpu; i++)
		bottom += TASK_H + 3 + 2 * HANDLER_H + 6 + v->cpu[i].nlanes * (RECLAIM_H + 2) + 4 + CPU_GAP;
	/* The body first: the picture's height is known at its end. */
	b = open_memstream(&body, &len);
	if (!b) {
		fputs("kswapwatch: out of memory\n", stderr);
		exit(1);
	}
	fprintf(b, "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n");
	fprintf(b, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">kswapwatch: stall %" PRIu64 ", %s gap of %s at %s s",
		v->st->seq, v->kind, ksw_tl_dur(d, sizeof(d), v->gap_end - v->gap_start),
		ksw_fmt_ns(t, sizeof(t), v->gap_start));
	if (stall && ksw_get(stall, "cpus")) {
		fputs(strpbrk(ksw_get(stall, "cpus"), ",-") ? " on CPUs " : " on CPU ", b);
		xml(b, ksw_get(stall, "cpus"));
	}
	if (stall && ksw_get(stall, "comm")) {
		fputs(", held by ", b);
		xml(b, ksw_get(stall, "comm"));
	}
	fputs("</text>\n", b);
	axis(b, v, 50, bottom - CPU_GAP + 4);
	y = 64;
	for (i = 0; i < v->ncpu; i++)
		y = cpu_block(b, v, &v->cpu[i], y) + CPU_GAP;
	y = legend(b, v, y);
	fprintf(b, "<text x=\"10\" y=\"%.1f\" font-size=\"10\" fill=\"#777\">kswapwatch timeline --svg: milliseconds from the gap's start; hover a run for its task and length</text>\n",
		y + 14);
	if (fclose(b)) {
		fputs("kswapwatch: out of memory\n", stderr);
		exit(1);
	}
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\n",
		WIDTH, y + 24, WIDTH, y + 24);
	fwrite(body, 1, len, out);
	fputs("</svg>\n", out);
	free(body);
}
