// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A stall's timeline in the Chrome Trace Event Format (JSON object form),
 * for ui.perfetto.dev and chrome://tracing.  One process per CPU (pid =
 * the CPU's number), threads for its lanes: tasks, irq, softirq, reclaim
 * (more threads when reclaim runs overlap) and the stall.  ts and dur are
 * microseconds of CLOCK_MONOTONIC.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "timeline_out.h"

enum { TID_TASKS = 1, TID_IRQ, TID_SOFTIRQ, TID_STALL, TID_RECLAIM };

struct emitter {
	FILE *out;
	int n;
};

/* @ns as microseconds with three decimals. */
static void us(FILE *out, uint64_t ns)
{
	fprintf(out, "%" PRIu64 ".%03u", ns / 1000, (unsigned int)(ns % 1000));
}

/* The common head of an event: {"name":..,"ph":..,"ts":..,"pid":..,"tid":.. */
static void head(struct emitter *em, const char *name, const char *ph, uint64_t ts_ns,
		 unsigned int pid, int tid)
{
	fputs(em->n++ ? ",\n" : "\n", em->out);
	fputs("{\"name\":", em->out);
	ksw_json_string(em->out, name);
	fprintf(em->out, ",\"ph\":\"%s\",\"ts\":", ph);
	us(em->out, ts_ns);
	fprintf(em->out, ",\"pid\":%u,\"tid\":%d", pid, tid);
}

static void meta(struct emitter *em, const char *what, unsigned int pid, int tid, const char *name)
{
	head(em, what, "M", 0, pid, tid);
	fputs(",\"args\":{\"name\":", em->out);
	ksw_json_string(em->out, name);
	fputs("}}", em->out);
}

static void slice(struct emitter *em, const char *name, const char *cat, uint64_t ts,
		  uint64_t dur_ns, unsigned int pid, int tid)
{
	head(em, name, "X", ts, pid, tid);
	fputs(",\"dur\":", em->out);
	us(em->out, dur_ns);
	fprintf(em->out, ",\"cat\":\"%s\"", cat);
}

static void arg_num(FILE *out, const char *key, int64_t v, int first)
{
	fprintf(out, "%s\"%s\":", first ? "" : ",", key);
	if (v == KSW_TL_NONE)
		fputs("null", out);
	else
		fprintf(out, "%" PRId64, v);
}

static void arg_u64(FILE *out, const char *key, uint64_t v)
{
	fprintf(out, ",\"%s\":%" PRIu64, key, v);
}

static void arg_str(FILE *out, const char *key, const char *v, int first)
{
	fprintf(out, "%s\"%s\":", first ? "" : ",", key);
	ksw_json_string(out, v);
}

static void cpu_events(struct emitter *em, const struct ksw_tl_view *v,
		       const struct ksw_tl_view_cpu *vc, const struct ksw_record *stall)
{
	unsigned int pid = vc->c->cpu;
	char name[64];
	size_t i;
	int l;

	snprintf(name, sizeof(name), "CPU %u", pid);
	meta(em, "process_name", pid, TID_TASKS, name);
	meta(em, "thread_name", pid, TID_TASKS, "tasks");
	meta(em, "thread_name", pid, TID_IRQ, "irq");
	meta(em, "thread_name", pid, TID_SOFTIRQ, "softirq");
	meta(em, "thread_name", pid, TID_STALL, "stall");
	for (l = 0; l < vc->nlanes; l++) {
		snprintf(name, sizeof(name), l ? "reclaim %d" : "reclaim", l + 1);
		meta(em, "thread_name", pid, TID_RECLAIM + l, name);
	}

	snprintf(name, sizeof(name), "stall %" PRIu64 " (%s)", v->st->seq,
		 vc->c->has_gap ? vc->c->gap.kind : v->kind);
	slice(em, name, "stall", vc->gap_start, vc->gap_end - vc->gap_start, pid, TID_STALL);
	fputs(",\"args\":{", em->out);
	fprintf(em->out, "\"seq\":%" PRIu64, v->st->seq);
	arg_u64(em->out, "gap_us", (vc->gap_end - vc->gap_start) / 1000);
	if (stall) {
		const char *keys[] = { "dur_us", "cpus", "kind", "comm", "pid", "kswapd", "storm" };
		size_t k;

		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (ksw_get(stall, keys[k])) {
				fprintf(em->out, ",\"stall_%s\":", keys[k]);
				ksw_json_value(em->out, ksw_get(stall, keys[k]));
			}
	}
	fputs("}}", em->out);

	for (i = 0; i < vc->nruns; i++) {
		const struct ksw_tl_run *r = &vc->runs[i];

		slice(em, r->comm, "task", r->start_ns, r->end_ns - r->start_ns, pid, TID_TASKS);
		fputs(",\"args\":{", em->out);
		arg_num(em->out, "pid", r->pid, 1);
		arg_num(em->out, "prio", r->prio, 0);
		if (r->open_start)
			arg_str(em->out, "note", "on the CPU before the first switch recorded", 0);
		fputs("}}", em->out);
	}
	for (i = 0; i < vc->c->n; i++) {
		const struct ksw_tl_event *e = &vc->c->ev[i];

		switch (e->kind) {
		case KSW_TL_IRQ:
			slice(em, e->u.irq.name, "irq", e->ts_ns, e->u.irq.dur_us * 1000, pid, TID_IRQ);
			fputs(",\"args\":{", em->out);
			arg_num(em->out, "irq", e->u.irq.irq, 1);
			fputs("}}", em->out);
			break;
		case KSW_TL_SOFTIRQ:
			slice(em, e->u.softirq.vec, "softirq", e->ts_ns, e->u.softirq.dur_us * 1000,
			      pid, TID_SOFTIRQ);
			fputs("}", em->out);
			break;
		case KSW_TL_RECLAIM:
			snprintf(name, sizeof(name), "%s reclaim", e->u.reclaim.kind_name);
			slice(em, name, "reclaim", e->ts_ns, e->u.reclaim.dur_us * 1000, pid,
			      TID_RECLAIM + vc->lane[i]);
			fputs(",\"args\":{", em->out);
			arg_str(em->out, "comm", e->u.reclaim.comm, 1);
			arg_num(em->out, "pid", e->u.reclaim.pid, 0);
			arg_u64(em->out, "nr_reclaimed", e->u.reclaim.nr_reclaimed);
			if (e->u.reclaim.zone)
				arg_str(em->out, "zone", e->u.reclaim.zone, 0);
			if (e->u.reclaim.open)
				arg_str(em->out, "note", "still running when the timeline was frozen", 0);
			fputs("}}", em->out);
			break;
		case KSW_TL_WAKEUP_KSWAPD:
			head(em, "wakeup_kswapd", "i", e->ts_ns, pid, TID_RECLAIM);
			fputs(",\"s\":\"t\",\"cat\":\"reclaim\",\"args\":{", em->out);
			arg_num(em->out, "nid", e->u.wakeup.nid, 1);
			arg_str(em->out, "zone", e->u.wakeup.zone, 0);
			arg_num(em->out, "order", e->u.wakeup.order, 0);
			arg_str(em->out, "comm", e->u.wakeup.comm, 0);
			arg_num(em->out, "pid", e->u.wakeup.pid, 0);
			fputs("}}", em->out);
			break;
		case KSW_TL_ISOLATE:
			snprintf(name, sizeof(name), "isolate %s", e->u.isolate.zone);
			head(em, name, "i", e->ts_ns, pid, TID_RECLAIM);
			fputs(",\"s\":\"t\",\"cat\":\"reclaim\",\"args\":{", em->out);
			arg_num(em->out, "nid", e->u.isolate.nid, 1);
			arg_u64(em->out, "scanned", e->u.isolate.scanned);
			arg_u64(em->out, "skipped", e->u.isolate.skipped);
			arg_u64(em->out, "taken", e->u.isolate.taken);
			arg_num(em->out, "pid", e->u.isolate.pid, 0);
			fputs("}}", em->out);
			break;
		default:
			break;
		}
	}
}

void ksw_tl_print_chrome(FILE *out, const struct ksw_tl_view *v, const struct ksw_record *stall)
{
	struct emitter em = { out, 0 };
	size_t i;

	fputs("{\"traceEvents\":[", out);
	for (i = 0; i < v->ncpu; i++)
		cpu_events(&em, v, &v->cpu[i], stall);
	fprintf(out, "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"source\":\"kswapwatch timeline\",\"stall\":%" PRIu64 "}}\n",
		v->st->seq);
}
