// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Which records of each debugfs file the reader uses (see snap.h).
 */
#include <string.h>

#include "kswapwatch_abi.h"
#include "snap.h"

const char *ksw_file_name(int id)
{
	switch (id) {
	case KSW_F_VERSION:	return KSW_FILE_VERSION;
	case KSW_F_NODES:	return KSW_FILE_NODES;
	case KSW_F_FAILURES:	return KSW_FILE_FAILURES;
	case KSW_F_ZONES:	return KSW_FILE_ZONES;
	case KSW_F_STALLS:	return KSW_FILE_STALLS;
	case KSW_F_TIMELINE:	return KSW_FILE_TIMELINE;
	default:		return "?";
	}
}

int ksw_rec_seq(const struct ksw_record *r, uint64_t *seq)
{
	return ksw_get_u64(r, "seq", seq);
}

int ksw_rec_valid(int id, const struct ksw_record *r)
{
	uint64_t v;

	if (r->partial && id != KSW_F_VERSION)
		return 0;
	switch (id) {
	case KSW_F_VERSION:
		return ksw_get(r, "abi") != NULL;
	case KSW_F_NODES:
		return ksw_get_u64(r, "nid", &v) == 0;
	case KSW_F_FAILURES:
		return ksw_get_u64(r, "seq", &v) == 0 &&
		       ksw_get_u64(r, "nid", &v) == 0 &&
		       ksw_get(r, "event") != NULL;
	case KSW_F_ZONES:
		return ksw_get_u64(r, "nid", &v) == 0 &&
		       ksw_get(r, "zone") != NULL && *ksw_get(r, "zone");
	case KSW_F_STALLS:
		return ksw_get_u64(r, "seq", &v) == 0;
	case KSW_F_TIMELINE:
		return ksw_get_u64(r, "stall", &v) == 0 &&
		       ksw_get_u64(r, "cpu", &v) == 0 &&
		       ksw_get_u64(r, "ts_ns", &v) == 0 &&
		       ksw_get(r, "event") != NULL && *ksw_get(r, "event");
	default:
		return 0;
	}
}

size_t ksw_table_invalid(int id, const struct ksw_table *t)
{
	size_t i, n = t->malformed;

	for (i = 0; i < t->n; i++)
		if (!ksw_rec_valid(id, &t->rec[i]))
			n++;
	return n;
}

const struct ksw_record *ksw_snap_version(const struct ksw_snap *s)
{
	const struct ksw_table *t = &s->t[KSW_F_VERSION];
	size_t i;

	for (i = 0; i < t->n; i++)
		if (ksw_rec_valid(KSW_F_VERSION, &t->rec[i]))
			return &t->rec[i];
	return NULL;
}

void ksw_snap_free(struct ksw_snap *s)
{
	int i;

	for (i = 0; i < KSW_NR_FILES; i++)
		ksw_table_free(&s->t[i]);
	s->have = 0;
}
