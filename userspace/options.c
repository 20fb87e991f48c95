// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The values of the selection options (see options.h).
 */
#include <string.h>

#include "options.h"
#include "parse.h"
#include "records.h"

int ksw_parse_duration(const char *s, uint64_t *ns)
{
	static const struct {
		const char *unit;
		uint64_t ns;
	} units[] = {
		{ "ms", 1000000ULL },
		{ "s", 1000000000ULL },
		{ "m", 60ULL * 1000000000ULL },
		{ "h", 3600ULL * 1000000000ULL },
		{ "d", 86400ULL * 1000000000ULL },
	};
	char num[24];
	size_t i, n = strspn(s, "0123456789");
	uint64_t v;

	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, s, n);
	num[n] = '\0';
	if (ksw_parse_u64(num, &v) || v == 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(s + n, units[i].unit) != 0)
			continue;
		if (v > UINT64_MAX / units[i].ns)
			return -1;
		*ns = v * units[i].ns;
		return 0;
	}
	return -1;
}

int ksw_parse_since(const char *s, struct ksw_sel *sel)
{
	uint64_t v;

	if (ksw_parse_u64(s, &v) == 0) {
		sel->since_set = 1;
		sel->since = v;
		sel->since_ns_set = 0;
		sel->since_ns = 0;
		return 0;
	}
	if (ksw_parse_duration(s, &v) == 0) {
		sel->since_ns_set = 1;
		sel->since_ns = v;
		sel->since_set = 0;
		sel->since = 0;
		return 0;
	}
	return -1;
}

int ksw_parse_min_ms(const char *s, uint64_t *us)
{
	uint64_t v;

	if (ksw_parse_u64(s, &v) || v > 86400000)
		return -1;
	*us = v * 1000;
	return 0;
}

int ksw_parse_kinds(const char *s, unsigned int *kinds)
{
	unsigned int bits = 0;

	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		char item[16];
		int k;

		if (len == 0 || len >= sizeof(item))
			return -1;
		memcpy(item, s, len);
		item[len] = '\0';
		k = ksw_stall_kind_parse(item);
		if (k == KSW_STALL_K_OTHER)
			return -1;
		bits |= 1u << k;
		if (!comma)
			break;
		s = comma + 1;
	}
	*kinds = bits;
	return 0;
}

int ksw_parse_node(const char *s, int64_t *nid)
{
	uint64_t v;

	if (ksw_parse_u64(s, &v) || v > 65535)
		return -1;
	*nid = (int64_t)v;
	return 0;
}
