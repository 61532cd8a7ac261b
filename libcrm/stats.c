/* stats.c: order statistics of arrays of doubles. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
quantile_sorted(const double *v, size_t n, double q)
{
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)floor(h);

	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/* Halves before adding, so that two values near DBL_MAX do not overflow. */
double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), compare_doubles);
	if (n % 2 == 1)
		return v[n / 2];
	return v[n / 2 - 1] / 2 + v[n / 2] / 2;
}
