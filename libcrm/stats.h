/*
 * stats.h: order statistics of arrays of doubles, for every tool that
 * summarizes a column (intervals, medians, percentiles of a report).
 */
#ifndef CRM_STATS_H
#define CRM_STATS_H

#include <stddef.h>

/* qsort comparison of doubles, ascending. */
int compare_doubles(const void *a, const void *b);

/*
 * The q-quantile (0 <= q <= 1) of sorted v[0..n), n > 0, interpolating
 * between order statistics: Hyndman & Fan (1996) type 7, R's default.
 */
double quantile_sorted(const double *v, size_t n, double q);

/* The median of v[0..n), n > 0, which is sorted in place. */
double median(double *v, size_t n);

#endif
