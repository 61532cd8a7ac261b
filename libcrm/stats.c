/* stats.c: summary statistics of doubles and of exact amounts. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

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

double
mean_strided(const double *v, size_t n, size_t stride)
{
	double sum = 0, m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i * stride];
	if (isfinite(sum))
		return sum / (double)n;
	for (i = 0; i < n; i++)		/* a running mean cannot overflow */
		m += (v[i * stride] - m) / (double)(i + 1);
	return m;
}

/* Deviations are divided by the largest before squaring. */
double
sd_strided(const double *v, size_t n, size_t stride, double m)
{
	double scale = 0, sum = 0, r;
	size_t i;

	for (i = 0; i < n; i++)
		if (fabs(v[i * stride] - m) > scale)
			scale = fabs(v[i * stride] - m);
	if (scale == 0 || !isfinite(scale))
		return scale;
	for (i = 0; i < n; i++) {
		r = (v[i * stride] - m) / scale;
		sum += r * r;
	}
	return scale * sqrt(sum / (double)n);
}

int
compare_money(const void *a, const void *b)
{
	money_t x = *(const money_t *)a, y = *(const money_t *)b;

	return (x > y) - (x < y);
}

/* Twice the median first, in 128 bits, so that only one division rounds. */
bool
median_money(money_t *v, size_t n, money_t *out)
{
	__int128 twice;

	qsort(v, n, sizeof(*v), compare_money);
	twice = n % 2 ? 2 * (__int128)v[n / 2] : (__int128)v[n / 2 - 1] +
	    v[n / 2];
	if (twice > INT64_MAX || twice < INT64_MIN)
		return false;
	*out = money_div((money_t)twice, 2);
	return true;
}

/* The k-th smallest value (from 0) of the counted values. */
static double
counted_value(const uint32_t *counts, size_t nbins, uint64_t k)
{
	uint64_t seen = 0;
	size_t i;

	for (i = 0; i < nbins; i++) {
		seen += counts[i];
		if (seen > k)
			return (double)i;
	}
	return (double)(nbins - 1);
}

double
quantile_counts(const uint32_t *counts, size_t nbins, double q)
{
	uint64_t n = 0, lo;
	double h, below;
	size_t i;

	for (i = 0; i < nbins; i++)
		n += counts[i];
	h = (double)(n - 1) * q;
	lo = (uint64_t)h;
	below = counted_value(counts, nbins, lo);
	if (lo + 1 >= n)
		return below;
	return below + (h - (double)lo) * (counted_value(counts, nbins,
	    lo + 1) - below);
}

void
counted_add(struct counted *c, size_t value)
{
	size_t grown;

	if (value >= c->nbins) {
		grown = grow_capacity(c->nbins, value + 1);
		c->counts = xreallocarray(c->counts, grown, sizeof(*c->counts));
		memset(c->counts + c->nbins, 0, (grown - c->nbins) *
		    sizeof(*c->counts));
		c->nbins = grown;
	}
	c->counts[value]++;
	c->n++;
}

void
counted_free(struct counted *c)
{
	free(c->counts);
	memset(c, 0, sizeof(*c));
}
