// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The view the timeline outputs draw (see timeline_out.h).
 */
#include <stdlib.h>
#include <string.h>

#include "timeline_out.h"
#include "util.h"

int ksw_tl_is_idle(const char *comm)
{
	return strncmp(comm, "swapper", 7) == 0;
}

static size_t task_index(struct ksw_tl_view *v, size_t *cap, const struct ksw_tl_run *r)
{
	size_t i;

	for (i = 0; i < v->ntask; i++)
		if (v->task[i].pid == r->pid && strcmp(v->task[i].comm, r->comm) == 0)
			return i;
	if (v->ntask == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		v->task = ksw_xrealloc(v->task, *cap * sizeof(*v->task));
	}
	memset(&v->task[v->ntask], 0, sizeof(*v->task));
	v->task[v->ntask].comm = r->comm;
	v->task[v->ntask].pid = r->pid;
	return v->ntask++;
}

/* qsort() has no context argument: the tasks being sorted. */
static const struct ksw_tl_task *sort_tasks;

static int cmp_order(const void *a, const void *b)
{
	const struct ksw_tl_task *x = &sort_tasks[*(const size_t *)a];
	const struct ksw_tl_task *y = &sort_tasks[*(const size_t *)b];
	int c;

	if (x->ns != y->ns)
		return x->ns > y->ns ? -1 : 1;
	c = strcmp(x->comm, y->comm);
	if (c)
		return c;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* Sub-lanes for the reclaim runs of @vc: the first whose last run has ended. */
static void pack_reclaim(struct ksw_tl_view_cpu *vc)
{
	uint64_t end[KSW_TL_MAX_LANES] = { 0 };
	size_t i;

	vc->lane = ksw_xrealloc(NULL, (vc->c->n ? vc->c->n : 1) * sizeof(*vc->lane));
	vc->nlanes = 1;
	for (i = 0; i < vc->c->n; i++) {
		const struct ksw_tl_event *e = &vc->c->ev[i];
		int l;

		vc->lane[i] = 0;
		if (e->kind != KSW_TL_RECLAIM)
			continue;
		for (l = 0; l < KSW_TL_MAX_LANES - 1; l++)
			if (l >= vc->nlanes || end[l] <= e->ts_ns)
				break;
		vc->lane[i] = l;
		end[l] = e->ts_ns + e->u.reclaim.dur_us * 1000;
		if (l + 1 > vc->nlanes)
			vc->nlanes = l + 1;
	}
}

void ksw_tl_view_init(struct ksw_tl_view *v, const struct ksw_tl_stall *st)
{
	size_t i, j, cap = 0;
	size_t *order, *old_to_new;
	struct ksw_tl_task *sorted;

	memset(v, 0, sizeof(*v));
	v->st = st;
	v->kind = "?";
	ksw_tl_span(st, &v->from, &v->to, &v->gap_start, &v->gap_end);
	if (!v->gap_start && !v->gap_end)
		v->gap_start = v->gap_end = v->to;
	v->ncpu = st->ncpu;
	v->cpu = ksw_xrealloc(NULL, (st->ncpu ? st->ncpu : 1) * sizeof(*v->cpu));
	memset(v->cpu, 0, (st->ncpu ? st->ncpu : 1) * sizeof(*v->cpu));
	for (i = 0; i < st->ncpu; i++) {
		struct ksw_tl_view_cpu *vc = &v->cpu[i];
		uint64_t from, to;

		vc->c = &st->cpu[i];
		vc->gap_start = vc->c->has_gap ? vc->c->gap.start_ns : v->gap_start;
		vc->gap_end = vc->c->has_gap ? vc->c->gap.end_ns : v->gap_end;
		if (vc->c->has_gap && !strcmp(v->kind, "?"))
			v->kind = vc->c->gap.kind;
		ksw_tl_cpu_span(vc->c, v->from, v->to, &from, &to);
		vc->nruns = ksw_tl_cpu_runs(vc->c, from, to, &vc->runs);
		vc->run_task = ksw_xrealloc(NULL, (vc->nruns ? vc->nruns : 1) * sizeof(*vc->run_task));
		for (j = 0; j < vc->nruns; j++) {
			size_t t = task_index(v, &cap, &vc->runs[j]);

			vc->run_task[j] = t;
			v->task[t].ns += vc->runs[j].end_ns - vc->runs[j].start_ns;
			v->task[t].runs++;
		}
		pack_reclaim(vc);
	}
	if (!v->ntask)
		return;
	/* Most time first; the runs follow their tasks to their new places. */
	sort_tasks = v->task;
	order = ksw_xrealloc(NULL, v->ntask * sizeof(*order));
	for (i = 0; i < v->ntask; i++)
		order[i] = i;
	qsort(order, v->ntask, sizeof(*order), cmp_order);
	old_to_new = ksw_xrealloc(NULL, v->ntask * sizeof(*old_to_new));
	sorted = ksw_xrealloc(NULL, v->ntask * sizeof(*sorted));
	for (i = 0; i < v->ntask; i++) {
		sorted[i] = v->task[order[i]];
		old_to_new[order[i]] = i;
	}
	for (i = 0; i < v->ncpu; i++)
		for (j = 0; j < v->cpu[i].nruns; j++)
			v->cpu[i].run_task[j] = old_to_new[v->cpu[i].run_task[j]];
	free(v->task);
	v->task = sorted;
	sort_tasks = NULL;
	free(order);
	free(old_to_new);
}

void ksw_tl_view_free(struct ksw_tl_view *v)
{
	size_t i;

	for (i = 0; i < v->ncpu; i++) {
		free(v->cpu[i].runs);
		free(v->cpu[i].run_task);
		free(v->cpu[i].lane);
	}
	free(v->cpu);
	free(v->task);
	memset(v, 0, sizeof(*v));
}
