// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diagnose: the run of every part, what could not be read, and the
 * builders the parts share (see diagnose.h, diag_int.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag_int.h"
#include "util.h"

const char *ksw_diag_proc_root;

/* ------------------------------------------------------------------ */
/* Builders */

void sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = ksw_xrealloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *sb_take(struct sb *b)
{
	char *s = b->s ? b->s : ksw_xstrdup("");

	memset(b, 0, sizeof(*b));
	return s;
}

struct ksw_finding *diag_new(struct ksw_diag *d, const char *id, int severity)
{
	struct ksw_finding *f;

	d->f = ksw_xrealloc(d->f, (d->n + 1) * sizeof(*d->f));
	f = &d->f[d->n++];
	memset(f, 0, sizeof(*f));
	f->id = id;
	f->severity = severity;
	f->nid = -1;
	return f;
}

static struct ksw_evidence *ev_add(struct ksw_finding *f, const char *key, int type)
{
	struct ksw_evidence *e;

	f->ev = ksw_xrealloc(f->ev, (f->nev + 1) * sizeof(*f->ev));
	e = &f->ev[f->nev++];
	memset(e, 0, sizeof(*e));
	e->key = ksw_xstrdup(key);
	e->type = type;
	return e;
}

void ev_u64(struct ksw_finding *f, const char *key, uint64_t v)
{
	ev_add(f, key, KSW_EVD_U64)->u = v;
}

void ev_s64(struct ksw_finding *f, const char *key, int64_t v)
{
	ev_add(f, key, KSW_EVD_S64)->s = v;
}

void ev_str(struct ksw_finding *f, const char *key, const char *v)
{
	ev_add(f, key, KSW_EVD_STR)->str = ksw_xstrdup(v ? v : "");
}

void f_time(struct ksw_finding *f, uint64_t ns)
{
	if (!f->have_time) {
		f->have_time = 1;
		f->first_ns = f->last_ns = ns;
		return;
	}
	if (ns < f->first_ns)
		f->first_ns = ns;
	if (ns > f->last_ns)
		f->last_ns = ns;
}

void f_stall(struct ksw_finding *f, const struct ksw_stall *s)
{
	f->stalls = ksw_xrealloc(f->stalls, (f->nstalls + 1) * sizeof(*f->stalls));
	f->stalls[f->nstalls++] = s->seq;
	f_time(f, s->start_ns);
	if (s->dur_us <= (UINT64_MAX - s->start_ns) / 1000)
		f_time(f, s->start_ns + s->dur_us * 1000);
}

void f_fail(struct ksw_finding *f, const struct ksw_fail *fl)
{
	f->failures = ksw_xrealloc(f->failures, (f->nfailures + 1) * sizeof(*f->failures));
	f->failures[f->nfailures++] = fl->seq;
	f_time(f, fl->ts_ns);
}

const char *fmt_when(char *buf, size_t len, const struct ksw_data *d, uint64_t ns)
{
	int64_t real = ksw_mono_to_real(d->snap, ns);
	char t[40];

	if (real >= 0)
		snprintf(buf, len, "%s (uptime %" PRIu64 ".%03" PRIu64 " s)",
			 ksw_fmt_rfc3339(t, sizeof(t), real), ns / 1000000000,
			 ns % 1000000000 / 1000000);
	else
		snprintf(buf, len, "uptime %" PRIu64 ".%03" PRIu64 " s", ns / 1000000000,
			 ns % 1000000000 / 1000000);
	return buf;
}

const char *fmt_bytes(char *buf, size_t len, const struct diag_ctx *c, uint64_t pages)
{
	uint64_t ps = (uint64_t)c->page_size;
	uint64_t kb = pages <= UINT64_MAX / ps ? pages * ps / 1024 : UINT64_MAX / 1024;

	if (kb >= 1024 * 1024)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " GB", kb / (1024 * 1024),
			 kb % (1024 * 1024) * 10 / (1024 * 1024));
	else if (kb >= 100 * 1024)
		snprintf(buf, len, "%" PRIu64 " MB", kb / 1024);
	else if (kb >= 1024)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " MB", kb / 1024, kb % 1024 * 10 / 1024);
	else
		snprintf(buf, len, "%" PRIu64 " KB", kb);
	return buf;
}

char *fmt_seqs(const uint64_t *v, size_t n)
{
	struct sb b = { 0 };
	size_t i = 0, items = 0;

	while (i < n && items < 16) {
		size_t j = i;

		while (j + 1 < n && v[j + 1] == v[j] + 1)
			j++;
		if (j > i)
			sb_printf(&b, "%s%" PRIu64 "-%" PRIu64, items ? ", " : "", v[i], v[j]);
		else
			sb_printf(&b, "%s%" PRIu64, items ? ", " : "", v[i]);
		items++;
		i = j + 1;
	}
	if (i < n)
		sb_printf(&b, " and %zu more", n - i);
	return sb_take(&b);
}

int diag_timeline(const struct diag_ctx *c, struct sb *b, uint64_t seq)
{
	struct ksw_tl_facts f;
	char **s;
	size_t i, n;

	if (!c->tl || ksw_tl_facts(c->tl, seq, &c->d->snap->t[KSW_F_ZONES], &f))
		return 0;
	n = ksw_tl_sentences(&f, &s);
	for (i = 0; i < n; i++)
		sb_printf(b, "%s%s", i ? "; " : "", s[i]);
	if (n)
		sb_printf(b, ".");
	ksw_tl_sentences_free(s, n);
	ksw_tl_facts_free(&f);
	return n > 0;
}

int diag_stall_counts(const struct diag_ctx *c, const struct ksw_stall *s)
{
	return s->dur_us >= c->thresh_us && ksw_stall_selected(c->d, c->sel, s);
}

/* ------------------------------------------------------------------ */
/* What could not be read */

static void diag_incomplete(const struct diag_ctx *c, struct ksw_diag *d)
{
	static const int files[] = { KSW_F_NODES, KSW_F_FAILURES, KSW_F_ZONES, KSW_F_STALLS };
	const struct ksw_snap *s = c->d->snap;
	struct sb sum = { 0 }, cause = { 0 };
	struct ksw_finding *f = NULL;
	int missing = 0;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int id = files[i];
		const char *what;

		if (!(s->have & KSW_BIT(id))) {
			missing++;
			what = s->err[id] ? strerror(s->err[id]) : "not read";
		} else if (c->d->invalid[id]) {
			what = NULL;
		} else {
			continue;
		}
		if (!f)
			f = diag_new(d, "incomplete", KSW_SEV_INFO);
		if (what) {
			sb_printf(&sum, "%s%s missing", sum.len ? ", " : "", ksw_file_name(id));
			sb_printf(&cause, "%sThe %s file could not be read (%s): what it holds was not"
				  " checked.", cause.len ? " " : "", ksw_file_name(id), what);
			ev_str(f, ksw_file_name(id), what);
		} else {
			sb_printf(&sum, "%s%zu line%s of %s unread", sum.len ? ", " : "",
				  c->d->invalid[id], c->d->invalid[id] == 1 ? "" : "s",
				  ksw_file_name(id));
			sb_printf(&cause, "%s%zu line%s of %s could not be used (malformed or cut"
				  " short): the records on them were not checked.", cause.len ? " " : "",
				  c->d->invalid[id], c->d->invalid[id] == 1 ? "" : "s",
				  ksw_file_name(id));
			ev_u64(f, ksw_file_name(id), c->d->invalid[id]);
		}
	}
	if (!f)
		return;
	if (missing)
		f->severity = KSW_SEV_WARNING;
	f->summary = ksw_xasprintf("The data is incomplete: %s; no finding does not mean no problem there",
				   sum.s);
	free(sum.s);
	f->cause = sb_take(&cause);
	f->fix = ksw_xstrdup(missing ?
		"Read the module's files as root while it is loaded (kswapwatch save, or a copy made with"
		" cat, not tar: debugfs reports size 0), then run diagnose again." :
		"Check that the module and the reader are of the same version (kswapwatch --version,"
		" the version file); a copy cut short loses its last lines.");
}

/* ------------------------------------------------------------------ */

int ksw_diagnose(const struct ksw_data *data, const struct ksw_sel *sel,
		 const struct ksw_sysctl *sc, struct ksw_diag *d)
{
	static const struct ksw_sel all;
	struct diag_ctx c = { 0 };
	struct ksw_timeline tl;
	struct ksw_finding *tmp;
	size_t i, k, n;
	int sev;

	memset(d, 0, sizeof(*d));
	d->snap = data->snap;
	c.d = data;
	c.sel = sel ? sel : &all;
	c.sc = sc;
	c.thresh_us = (uint64_t)(data->version.threshold_ms > 0 ? data->version.threshold_ms :
				 KSW_DIAG_THRESHOLD_MS) * 1000;
	if (c.sel->min_us > c.thresh_us)
		c.thresh_us = c.sel->min_us;
	if (c.sel->since_ns_set && data->snap->have_clock) {
		c.win_set = 1;
		c.win_start_ns = data->snap->mono_ns > c.sel->since_ns ?
				 data->snap->mono_ns - c.sel->since_ns : 0;
	}
	c.page_size = data->snap->page_size > 0 ? data->snap->page_size : 4096;
	c.page_size_known = data->snap->page_size > 0;

	memset(&tl, 0, sizeof(tl));
	if ((data->snap->have & KSW_BIT(KSW_F_TIMELINE)) &&
	    ksw_tl_parse(&tl, &data->snap->t[KSW_F_TIMELINE]) == 0)
		c.tl = &tl;

	diag_incomplete(&c, d);
	diag_storms(&c, d);
	diag_stalls(&c, d);
	diag_kswapd(&c, d);
	diag_failures(&c, d);
	ksw_tl_free(&tl);

	/* Most severe first, each severity in the order found (a stable sort). */
	tmp = ksw_xrealloc(NULL, (d->n ? d->n : 1) * sizeof(*tmp));
	n = 0;
	for (sev = KSW_SEV_CRITICAL; sev >= KSW_SEV_INFO; sev--)
		for (i = 0; i < d->n; i++)
			if (d->f[i].severity == sev)
				tmp[n++] = d->f[i];
	for (k = 0; k < d->n; k++)
		if (d->f[k].severity < KSW_SEV_INFO || d->f[k].severity > KSW_SEV_CRITICAL)
			tmp[n++] = d->f[k];
	if (n)
		memcpy(d->f, tmp, n * sizeof(*tmp));
	free(tmp);
	return 0;
}

void ksw_diag_free(struct ksw_diag *d)
{
	size_t i, j;

	for (i = 0; i < d->n; i++) {
		struct ksw_finding *f = &d->f[i];

		free(f->summary);
		free(f->cause);
		free(f->fix);
		free(f->stalls);
		free(f->failures);
		for (j = 0; j < f->nev; j++) {
			free(f->ev[j].key);
			free(f->ev[j].str);
		}
		free(f->ev);
	}
	free(d->f);
	memset(d, 0, sizeof(*d));
}

int ksw_diag_max_severity(const struct ksw_diag *d)
{
	int max = -1;
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->f[i].severity > max)
			max = d->f[i].severity;
	return max;
}

const char *ksw_severity_name(int severity)
{
	switch (severity) {
	case KSW_SEV_INFO:	return "info";
	case KSW_SEV_WARNING:	return "warning";
	case KSW_SEV_CRITICAL:	return "critical";
	default:		return "?";
	}
}
