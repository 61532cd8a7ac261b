/*
 * stats.h: summary statistics of arrays of doubles and of exact amounts,
 * for every tool that summarizes a column (intervals, medians, the
 * figures of a segment or a report, the z-scores of a clustering).
 */
#ifndef CRM_STATS_H
#define CRM_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "num.h"

/* qsort comparison of doubles, ascending. */
int compare_doubles(const void *a, const void *b);

/*
 * The q-quantile (0 <= q <= 1) of sorted v[0..n), n > 0, interpolating
 * between order statistics: Hyndman & Fan (1996) type 7, R's default.
 */
double quantile_sorted(const double *v, size_t n, double q);

/*
 * The same quantile of values held as counts: counts[i] values equal to
 * i (whole minutes, say), nbins bins, at least one value. Memory goes
 * with the range of the values, not their number.
 */
double quantile_counts(const uint32_t *counts, size_t nbins, double q);

/* Whole-number values kept as counts per value, for quantile_counts. */
struct counted {
	uint32_t *counts;	/* counts[v]: the values equal to v */
	size_t nbins;
	uint64_t n;		/* values in all */
};

void counted_add(struct counted *c, size_t value);
void counted_free(struct counted *c);

/* The median of v[0..n), n > 0, which is sorted in place. */
double median(double *v, size_t n);

/*
 * The mean and the population standard deviation (around mean m) of
 * v[0], v[stride], ..., v[(n - 1) * stride], n > 0: one column of a
 * row-major table. Both avoid overflow where the result is finite; the
 * deviation is infinite or NaN when the values are too large for it.
 */
double mean_strided(const double *v, size_t n, size_t stride);
double sd_strided(const double *v, size_t n, size_t stride, double m);

/* qsort comparison of amounts, ascending. */
int compare_money(const void *a, const void *b);

/*
 * The median of the amounts v[0..n), n > 0, sorted in place: the middle
 * one, or half the sum of the middle two rounded as money_div() rounds;
 * false when twice the middle one or the sum of the middle two is out of
 * range, so that the caller can fall back to doubles.
 */
bool median_money(money_t *v, size_t n, money_t *out);

#endif
