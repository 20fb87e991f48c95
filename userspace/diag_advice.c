// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diagnose's sysctl advice (see diag_advice.h for the kernel's arithmetic
 * it follows).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "diag_advice.h"

int ksw_lrr_index(const struct ksw_data *d, const struct ksw_zone *z, int nlrr, int *guessed)
{
	int have_dma = ksw_data_zone(d, z->nid, "DMA") != NULL;
	size_t i;

	*guessed = 0;
	/* The kernel's zone order: DMA, DMA32, Normal, HighMem, Movable, Device. */
	if (strcmp(z->zone, "DMA") == 0)
		return 0;
	for (i = 0; !have_dma && i < d->nzones; i++)
		if (strcmp(d->zones[i].zone, "DMA") == 0)
			have_dma = 1;
	if (strcmp(z->zone, "DMA32") == 0) {
		if (have_dma)
			return 1;
		/* lowmem_reserve[k] of zone k itself is 0: a reserve at 1 means k is 0. */
		if (z->nprot > 1 && z->protection[1] > 0)
			return 0;
		/* ZONE_DMA built but empty (arm64, x86_64 always build it). */
		*guessed = 1;
		return nlrr >= 4 ? 1 : 0;
	}
	if (strcmp(z->zone, "Normal") == 0) {
		int k = 0;

		*guessed = 1;
		for (i = 0; i < d->nzones; i++)
			if (strcmp(d->zones[i].zone, "DMA32") == 0) {
				k = 1;
				break;
			}
		return k + (have_dma || nlrr >= 4);
	}
	return -1;
}

static void fmt_values(char *buf, size_t len, const struct ksw_sysctl *sc, int idx, int64_t want)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < sc->nlrr && n < len; i++) {
		int w = snprintf(buf + n, len - n, "%s%lld", i ? " " : "",
				 (long long)(i == idx ? want : sc->lrr[i]));

		if (w < 0)
			break;
		n += (size_t)w;
	}
}

void ksw_advise_lrr(const struct ksw_data *d, const struct ksw_zone *z,
		    const struct ksw_sysctl *sc, struct ksw_lrr_advice *a)
{
	size_t i;
	uint64_t want;
	int j;

	memset(a, 0, sizeof(*a));
	a->idx = -1;
	a->cur = a->want = -1;
	a->managed = z->managed;
	for (i = 0; i < d->nzones; i++) {
		const struct ksw_zone *o = &d->zones[i];

		if (o->nid == z->nid && o->zid > z->zid && a->above <= UINT64_MAX - o->managed)
			a->above += o->managed;
	}
	/* The reserve against the highest zone's allocations: the largest entry. */
	for (j = 0; j < z->nprot; j++)
		if (z->protection[j] > a->prot_cur)
			a->prot_cur = z->protection[j];
	a->kept_cur = a->prot_cur < a->managed ? a->prot_cur : a->managed;
	a->target = a->managed;
	if (!a->above || !a->managed) {
		a->status = KSW_ADV_UNKNOWN;
		a->why = "the zone sizes are not known (no managed pages above the zone, or in it)";
		return;
	}
	/* The largest ratio whose reserve, above / ratio, covers the target. */
	want = a->above / a->target;
	if (want < 1)
		want = 1;
	if (want > INT_MAX)
		want = INT_MAX;
	a->want = (int64_t)want;
	a->prot_new = a->above / want;
	a->kept_new = a->prot_new < a->managed ? a->prot_new : a->managed;
	if (a->prot_cur >= a->target) {
		a->status = KSW_ADV_ENOUGH;
		a->want = -1;
		a->why = "the reserve already covers the whole zone";
	}
	if (sc->nlrr <= 0) {
		if (a->status != KSW_ADV_ENOUGH) {
			a->status = KSW_ADV_UNKNOWN;
			a->why = "vm.lowmem_reserve_ratio could not be read";
		}
		return;
	}
	a->idx = ksw_lrr_index(d, z, sc->nlrr, &a->idx_guessed);
	if (a->idx < 0 || a->idx >= sc->nlrr) {
		a->idx = -1;
		if (a->status != KSW_ADV_ENOUGH) {
			a->status = KSW_ADV_UNKNOWN;
			a->why = "the zone's place in vm.lowmem_reserve_ratio is not known";
		}
		return;
	}
	a->cur = sc->lrr[a->idx];
	if (a->status == KSW_ADV_ENOUGH) {
		a->want = a->cur;
		return;
	}
	if (a->cur > 0 && (uint64_t)a->cur <= want) {
		if (a->cur == 1) {
			a->status = KSW_ADV_AT_LIMIT;
			a->why = "the ratio is 1 already: the largest reserve it can give";
		} else {
			a->status = KSW_ADV_ENOUGH;
			a->why = "the ratio already gives that reserve for the zone sizes now"
				 " (the kernel recomputes the reserve when the sysctl is written)";
		}
		a->want = a->cur;
		return;
	}
	/* A ratio of 0 keeps nothing; any other larger reserve must keep more. */
	if (a->prot_new <= a->prot_cur) {
		a->status = KSW_ADV_AT_LIMIT;
		a->why = "no ratio gives a larger reserve than the current one";
		a->want = a->cur;
		return;
	}
	a->status = KSW_ADV_PROPOSE;
	fmt_values(a->values, sizeof(a->values), sc, a->idx, a->want);
}

uint64_t ksw_wmark_step(uint64_t managed, uint64_t min, long factor)
{
	uint64_t f, scaled;

	if (factor < 0)
		factor = 0;
	/* The kernel never holds more; a larger value read is not a kernel's. */
	f = factor > KSW_WSF_MAX ? KSW_WSF_MAX : (uint64_t)factor;
	/* mult_frac(managed, f, 10000) without overflow. */
	scaled = managed / 10000 * f + managed % 10000 * f / 10000;
	return scaled > min / 4 ? scaled : min / 4;
}

void ksw_advise_wsf(const struct ksw_data *d, int64_t nid, const struct ksw_sysctl *sc,
		    struct ksw_wsf_advice *a)
{
	memset(a, 0, sizeof(*a));
	if (nid < 0 && d->nzones)
		nid = d->zones[0].nid;
	a->zone = ksw_data_top_zone(d, nid);
	a->cur = sc->wsf;
	a->want = sc->wsf;
	if (sc->wsf < 0) {
		a->status = KSW_ADV_UNKNOWN;
		return;
	}
	if (sc->wsf >= KSW_WSF_MAX) {
		a->status = KSW_ADV_AT_LIMIT;
	} else {
		a->status = KSW_ADV_PROPOSE;
		a->want = sc->wsf < KSW_WSF_FLOOR ? KSW_WSF_FLOOR :
			  sc->wsf >= KSW_WSF_MAX / 2 ? KSW_WSF_MAX : sc->wsf * 2;
	}
	if (a->zone) {
		a->step_cur = ksw_wmark_step(a->zone->managed, a->zone->min, a->cur);
		a->step_new = ksw_wmark_step(a->zone->managed, a->zone->min, a->want);
	}
}
