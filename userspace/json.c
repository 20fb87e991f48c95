// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * JSON output (see json.h).
 */
#include <string.h>

#include "json.h"

void ksw_json_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', out);
	while (*s) {
		const unsigned char *run = s;
		int len;

		/* Write what needs no escaping in one go. */
		while (*s >= 0x20 && *s != 0x7f && *s != '"' && *s != '\\') {
			len = *s < 0x80 ? 1 : ksw_utf8_len(s);
			if (!len)
				break;
			s += len;
		}
		if (s > run)
			fwrite(run, 1, (size_t)(s - run), out);
		if (!*s)
			break;
		switch (*s) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			/* A control, or a byte that is not UTF-8: its own code point. */
			fprintf(out, "\\u%04x", *s);
		}
		s++;
	}
	fputc('"', out);
}

int ksw_json_is_number(const char *s)
{
	static const char u64max[] = "18446744073709551615";
	static const char s64min[] = "9223372036854775808";
	const char *limit = u64max;
	size_t len;
	const char *d;

	if (*s == '-') {
		s++;
		limit = s64min;
	}
	if (*s < '0' || *s > '9')
		return 0;
	if (s[0] == '0' && s[1] != '\0')
		return 0;
	for (d = s; *d; d++)
		if (*d < '0' || *d > '9')
			return 0;
	len = (size_t)(d - s);
	if (len != strlen(limit))
		return len < strlen(limit);
	return strcmp(s, limit) <= 0;
}

void ksw_json_value(FILE *out, const char *s)
{
	if (ksw_json_is_number(s))
		fputs(s, out);
	else
		ksw_json_string(out, s);
}

/*
 * Fields the ABI defines as text (records.h) stay strings whatever they
 * hold ("cpus=3", a task named "1234"), so that a field keeps one JSON
 * type.  A key that is text in one file and a number in another
 * (failures) is left to its value.
 */
static int text_key(const char *key)
{
	int id, i, text = 0;

	for (id = 0; id < KSW_NR_FILES; id++) {
		i = ksw_field_index(id, key);
		if (i < 0)
			continue;
		if (ksw_file_fields(id).f[i].type != KSW_FT_TEXT)
			return 0;
		text = 1;
	}
	return text;
}

void ksw_json_record(FILE *out, const struct ksw_record *r, const char *event)
{
	int i, j, first = 1;

	fputc('{', out);
	if (event) {
		fputs("\"_event\":", out);
		ksw_json_string(out, event);
		first = 0;
	}
	for (i = 0; i < r->nfields; i++) {
		for (j = 0; j < i; j++)
			if (r->f[j].key[0] == r->f[i].key[0] &&
			    strcmp(r->f[j].key, r->f[i].key) == 0)
				break;
		if (j < i || (event && strcmp(r->f[i].key, "_event") == 0))
			continue;
		if (!first)
			fputc(',', out);
		first = 0;
		ksw_json_string(out, r->f[i].key);
		fputc(':', out);
		if (text_key(r->f[i].key))
			ksw_json_string(out, r->f[i].val);
		else
			ksw_json_value(out, r->f[i].val);
	}
	fputs("}\n", out);
}

/* ------------------------------------------------------------------ */
/* Typed records (records.h). */

struct jobj {
	FILE *out;
	int first;
};

static void jkey(struct jobj *o, const char *key)
{
	if (!o->first)
		fputc(',', o->out);
	o->first = 0;
	ksw_json_string(o->out, key);
	fputc(':', o->out);
}

static void jbool(struct jobj *o, const char *key, int v)
{
	jkey(o, key);
	fputs(v ? "true" : "false", o->out);
}

static void jstr(struct jobj *o, const char *key, const char *v)
{
	jkey(o, key);
	ksw_json_string(o->out, v);
}

static void jopen(struct jobj *o, FILE *out, const char *event)
{
	o->out = out;
	o->first = 1;
	fputc('{', out);
	if (event)
		jstr(o, "_event", event);
}

static void jclose(struct jobj *o)
{
	fputs("}\n", o->out);
}

/* The known fields of @rec from the struct, then the unknown ones of @raw. */
static void jfields(struct jobj *o, int id, const void *rec, uint64_t has,
		    const struct ksw_record *raw)
{
	struct ksw_fields fl = ksw_file_fields(id);
	char buf[32];
	int i, j;

	for (i = 0; i < fl.n; i++) {
		const char *v = ksw_field_text(id, rec, has, raw, i, buf, sizeof(buf));

		if (!v)
			continue;
		jkey(o, fl.f[i].key);
		if (fl.f[i].type != KSW_FT_TEXT && ((has >> i) & 1))
			fputs(v, o->out);
		else
			ksw_json_string(o->out, v);
	}
	if (!raw)
		return;
	for (i = 0; i < raw->nfields; i++) {
		const char *key = raw->f[i].key;

		/* Keys beginning with '_' are the reader's. */
		if (key[0] == '_' || ksw_field_index(id, key) >= 0)
			continue;
		for (j = 0; j < i; j++)
			if (raw->f[j].key[0] == key[0] && strcmp(raw->f[j].key, key) == 0)
				break;
		if (j < i)
			continue;
		jkey(o, key);
		ksw_json_value(o->out, raw->f[i].val);
	}
}

static void jtime(struct jobj *o, const struct ksw_data *d, const char *key, uint64_t mono_ns)
{
	char buf[48];

	if (ksw_data_time(d, buf, sizeof(buf), mono_ns, 1))
		jstr(o, key, buf);
}

void ksw_json_version(FILE *out, const struct ksw_data *d)
{
	struct jobj o;

	if (!d->version.present)
		return;
	jopen(&o, out, NULL);
	jfields(&o, KSW_F_VERSION, &d->version, d->version.has, d->version.raw);
	jclose(&o);
}

void ksw_json_node(FILE *out, const struct ksw_data *d, const struct ksw_node *n,
		   const char *event)
{
	struct jobj o;

	(void)d;
	jopen(&o, out, event);
	jfields(&o, KSW_F_NODES, n, n->has, n->raw);
	jbool(&o, "_hopeless", ksw_node_hopeless(n));
	jclose(&o);
}

void ksw_json_zone(FILE *out, const struct ksw_data *d, const struct ksw_zone *z,
		   const char *event)
{
	struct jobj o;

	jopen(&o, out, event);
	jfields(&o, KSW_F_ZONES, z, z->has, z->raw);
	if (KSW_HAS(z, KSW_ZF_STORM_LAST_NS) && z->storm_last_ns)
		jtime(&o, d, "_storm_last_time", z->storm_last_ns);
	jclose(&o);
}

void ksw_json_fail(FILE *out, const struct ksw_data *d, const struct ksw_fail *f,
		   const char *event)
{
	struct jobj o;

	jopen(&o, out, event);
	jfields(&o, KSW_F_FAILURES, f, f->has, f->raw);
	if (KSW_HAS(f, KSW_FF_TS_NS))
		jtime(&o, d, "_time", f->ts_ns);
	jbool(&o, "_spurious", ksw_fail_spurious(f));
	jbool(&o, "_revived", ksw_fail_revived(d, f));
	jclose(&o);
}

void ksw_json_stall(FILE *out, const struct ksw_data *d, const struct ksw_stall *s,
		    const char *event)
{
	const struct ksw_frame *h = ksw_stall_holder_frame(s);
	struct jobj o;

	jopen(&o, out, event);
	jfields(&o, KSW_F_STALLS, s, s->has, s->raw);
	if (KSW_HAS(s, KSW_SF_START_NS))
		jtime(&o, d, "_time", s->start_ns);
	if (h)
		jstr(&o, "_holder", h->text);
	jclose(&o);
}

void ksw_json_file(FILE *out, const struct ksw_data *d, int id, const struct ksw_sel *sel)
{
	size_t i;

	switch (id) {
	case KSW_F_VERSION:
		ksw_json_version(out, d);
		break;
	case KSW_F_NODES:
		for (i = 0; i < d->nnodes; i++)
			if (ksw_node_selected(sel, d->nodes[i].nid))
				ksw_json_node(out, d, &d->nodes[i], NULL);
		break;
	case KSW_F_ZONES:
		for (i = 0; i < d->nzones; i++)
			if (ksw_node_selected(sel, d->zones[i].nid))
				ksw_json_zone(out, d, &d->zones[i], NULL);
		break;
	case KSW_F_FAILURES:
		for (i = 0; i < d->nfails; i++)
			if (ksw_fail_selected(d, sel, &d->fails[i]))
				ksw_json_fail(out, d, &d->fails[i], NULL);
		break;
	case KSW_F_STALLS:
		for (i = 0; i < d->nstalls; i++)
			if (ksw_stall_selected(d, sel, &d->stalls[i]))
				ksw_json_stall(out, d, &d->stalls[i], NULL);
		break;
	}
}
