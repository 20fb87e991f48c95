// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The vm sysctls that diagnose's fixes start from, read from /proc/sys or
 * from a copy of it: a bundle's, a directory's (-d), or --sysctl-root.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysctl.h"
#include "util.h"

static int read_small(const char *root, const char *name, char *buf, size_t len,
		      char *err, size_t errlen)
{
	char path[4096];
	size_t n;
	char *data;
	int e;

	snprintf(path, sizeof(path), "%s/vm/%s", root, name);
	e = ksw_read_path(path, 65536, &data, &n);
	if (e) {
		if (err)
			snprintf(err, errlen, "%s: %s", path, ksw_read_strerror(e));
		return -1;
	}
	if (n > len - 1)
		n = len - 1;
	memcpy(buf, data, n);
	buf[n] = '\0';
	free(data);
	return 0;
}

static long read_long(const char *root, const char *name)
{
	char buf[64], *end;
	long v;

	if (read_small(root, name, buf, sizeof(buf), NULL, 0))
		return -1;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || end == buf || v < 0)
		return -1;
	return v;
}

void ksw_sysctl_read(struct ksw_sysctl *sc, const char *root)
{
	char buf[256], *p;

	memset(sc, 0, sizeof(*sc));
	sc->root = root;
	sc->nlrr = -1;
	if (read_small(root, "lowmem_reserve_ratio", buf, sizeof(buf), sc->lrr_err,
		       sizeof(sc->lrr_err)) == 0) {
		sc->nlrr = 0;
		p = buf;
		for (;;) {
			char *end;
			long v;

			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			if (!*p)
				break;
			errno = 0;
			v = strtol(p, &end, 10);
			if (end == p || errno || v < 0 || sc->nlrr == KSW_SYSCTL_MAX_ZONES) {
				snprintf(sc->lrr_err, sizeof(sc->lrr_err),
					 "%s/vm/lowmem_reserve_ratio: unexpected content", root);
				sc->nlrr = -1;
				break;
			}
			sc->lrr[sc->nlrr++] = v;
			p = end;
		}
		if (sc->nlrr == 0) {
			snprintf(sc->lrr_err, sizeof(sc->lrr_err),
				 "%s/vm/lowmem_reserve_ratio: empty", root);
			sc->nlrr = -1;
		}
	}
	sc->wsf = read_long(root, "watermark_scale_factor");
	sc->min_free_kbytes = read_long(root, "min_free_kbytes");
	sc->wbf = read_long(root, "watermark_boost_factor");
}
