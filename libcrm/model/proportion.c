/* proportion.c: NPS, Wilson and t intervals, and two-group differences. */
#include "proportion.h"

#include <math.h>

#include "dist.h"
#include "special.h"

/* The normal quantile of a two-sided interval at level. */
static double
z_of(double level)
{
	return crm_normal_quantile(0.5 + level / 2);
}

static int
level_ok(double level)
{
	return level > 0 && level < 1;
}

static double
clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Two-sided p-value of a z statistic. */
static double
z_p_value(double z)
{
	double p = 2 * crm_normal_upper(fabs(z));

	return p > 1 ? 1 : p;
}

int
crm_nps_interval(double promoters, double passives, double detractors,
    double level, struct crm_estimate *out)
{
	double n = promoters + passives + detractors, pp, pd, z;

	if (!level_ok(level) || promoters < 0 || passives < 0 ||
	    detractors < 0 || !(n > 0))
		return CRM_MODEL_EINVAL;
	pp = promoters / n;
	pd = detractors / n;
	z = z_of(level);
	out->value = pp - pd;
	/* the variance can come out a rounding error below 0 */
	out->se = sqrt(fmax(0, (pp + pd - out->value * out->value) / n));
	out->low = clamp(out->value - z * out->se, -1, 1);
	out->high = clamp(out->value + z * out->se, -1, 1);
	return CRM_MODEL_OK;
}

int
crm_wilson_interval(double x, double n, double level,
    struct crm_estimate *out)
{
	double p, z, z2n, center, half;

	if (!level_ok(level) || !(n > 0) || x < 0 || x > n)
		return CRM_MODEL_EINVAL;
	p = x / n;
	z = z_of(level);
	z2n = z * z / n;
	center = (p + z2n / 2) / (1 + z2n);
	half = z / (1 + z2n) * sqrt(p * (1 - p) / n + z2n / (4 * n));
	out->value = p;
	out->se = sqrt(p * (1 - p) / n);
	out->low = clamp(center - half, 0, 1);
	out->high = clamp(center + half, 0, 1);
	return CRM_MODEL_OK;
}

int
crm_mean_interval(double n, double mean, double s2, double level,
    struct crm_estimate *out)
{
	double t;

	if (!level_ok(level) || !(s2 >= 0) || !isfinite(mean))
		return CRM_MODEL_EINVAL;
	if (!(n >= 2))
		return CRM_MODEL_EDEGENERATE;
	t = crm_t_quantile(0.5 + level / 2, n - 1);
	out->value = mean;
	out->se = sqrt(s2 / n);
	out->low = mean - t * out->se;
	out->high = mean + t * out->se;
	return CRM_MODEL_OK;
}

void
crm_histogram_moments(const double *counts, int nbins, int lowest,
    double *n, double *mean, double *s2)
{
	double sum = 0, squares = 0, d;
	int i;

	*n = 0;
	for (i = 0; i < nbins; i++) {
		*n += counts[i];
		sum += counts[i] * (lowest + i);
	}
	*mean = *n > 0 ? sum / *n : 0;
	/* two passes over the bins: no cancellation in the variance */
	for (i = 0; i < nbins; i++) {
		d = lowest + i - *mean;
		squares += counts[i] * d * d;
	}
	*s2 = *n > 1 ? squares / (*n - 1) : 0;
}

/* Fill out from a difference, its se and a z test; se must be > 0. */
static void
z_difference(double value, double se, double level, double lo, double hi,
    struct crm_difference *out)
{
	double z = z_of(level);

	out->value = value;
	out->se = se;
	out->low = clamp(value - z * se, lo, hi);
	out->high = clamp(value + z * se, lo, hi);
	out->statistic = value / se;
	out->df = 0;
	out->p_value = z_p_value(out->statistic);
}

int
crm_nps_difference(const double a[3], const double b[3], double level,
    struct crm_difference *out)
{
	struct crm_estimate ea, eb;
	int status;
	double se;

	if ((status = crm_nps_interval(a[0], a[1], a[2], level, &ea)) != 0 ||
	    (status = crm_nps_interval(b[0], b[1], b[2], level, &eb)) != 0)
		return status;
	se = sqrt(ea.se * ea.se + eb.se * eb.se);
	if (!(se > 0))
		return CRM_MODEL_EDEGENERATE;
	z_difference(eb.value - ea.value, se, level, -2, 2, out);
	return CRM_MODEL_OK;
}

int
crm_proportion_difference(double x_a, double n_a, double x_b, double n_b,
    double level, struct crm_difference *out)
{
	struct crm_estimate ea, eb;
	double pooled, se0;
	int status;

	if ((status = crm_wilson_interval(x_a, n_a, level, &ea)) != 0 ||
	    (status = crm_wilson_interval(x_b, n_b, level, &eb)) != 0)
		return status;
	pooled = (x_a + x_b) / (n_a + n_b);
	se0 = sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b));
	if (!(se0 > 0))
		return CRM_MODEL_EDEGENERATE;
	out->value = eb.value - ea.value;
	out->se = sqrt(ea.se * ea.se + eb.se * eb.se);
	/* Newcombe's method 10 for b - a: each side from the nearer limits */
	out->low = out->value - sqrt((eb.value - eb.low) * (eb.value -
	    eb.low) + (ea.high - ea.value) * (ea.high - ea.value));
	out->high = out->value + sqrt((eb.high - eb.value) * (eb.high -
	    eb.value) + (ea.value - ea.low) * (ea.value - ea.low));
	out->statistic = out->value / se0;
	out->df = 0;
	out->p_value = z_p_value(out->statistic);
	return CRM_MODEL_OK;
}

int
crm_mean_difference(double n_a, double mean_a, double s2_a, double n_b,
    double mean_b, double s2_b, double level, struct crm_difference *out)
{
	double va, vb, se, t, p;

	if (!level_ok(level) || !(s2_a >= 0) || !(s2_b >= 0))
		return CRM_MODEL_EINVAL;
	if (!(n_a >= 2) || !(n_b >= 2))
		return CRM_MODEL_EDEGENERATE;
	va = s2_a / n_a;
	vb = s2_b / n_b;
	se = sqrt(va + vb);
	if (!(se > 0))
		return CRM_MODEL_EDEGENERATE;
	out->value = mean_b - mean_a;
	out->se = se;
	out->df = (va + vb) * (va + vb) / (va * va / (n_a - 1) + vb * vb /
	    (n_b - 1));
	t = crm_t_quantile(0.5 + level / 2, out->df);
	out->low = out->value - t * se;
	out->high = out->value + t * se;
	out->statistic = out->value / se;
	p = 2 * crm_t_upper(fabs(out->statistic), out->df);
	out->p_value = p > 1 ? 1 : p;
	return CRM_MODEL_OK;
}
