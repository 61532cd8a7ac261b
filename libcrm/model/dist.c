/* dist.c: normal and Student t distribution functions and quantiles. */
#include "dist.h"

#include <float.h>
#include <math.h>

#include "special.h"

#define PI	3.14159265358979323846
#define SQRT2	1.41421356237309504880
#define TINY	1e-300
#define MAX_CF_TERMS	10000
#define MAX_ROOT_STEPS	400
/* Past this many degrees of freedom t is the normal to double precision. */
#define T_NORMAL_DF	1e12

double
crm_normal_cdf(double x)
{
	return 0.5 * erfc(-x / SQRT2);
}

double
crm_normal_upper(double x)
{
	return 0.5 * erfc(x / SQRT2);
}

static double
normal_density(double x)
{
	return exp(-0.5 * x * x) / sqrt(2 * PI);
}

/*
 * Lower quantile for 0 < p <= 0.5: the rational approximation of
 * Abramowitz & Stegun (1964) 26.2.23 (error < 4.5e-4), then Halley steps
 * on Phi(x) - p, which triple the correct digits each time. Phi is taken
 * from erfc in the lower tail, where it has no cancellation.
 */
static double
lower_normal_quantile(double p)
{
	double t = sqrt(-2 * log(p)), x, r;
	int i;

	x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
	    (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
	for (i = 0; i < 4; i++) {
		r = (crm_normal_cdf(x) - p) / normal_density(x);
		x -= r / (1 + 0.5 * x * r);
	}
	return x;
}

double
crm_normal_quantile(double p)
{
	if (!(p > 0 && p < 1))
		return NAN;
	if (p == 0.5)
		return 0;
	return p < 0.5 ? lower_normal_quantile(p) :
	    -lower_normal_quantile(1 - p);
}

/*
 * The continued fraction of I_x(a, b) (DLMF 8.17.22), evaluated by the
 * modified Lentz method; it converges fast for x < (a + 1) / (a + b + 2).
 * y is 1 - x, passed in so that it keeps its digits when x is near 1.
 */
static double
beta_fraction(double x, double y, double a, double b)
{
	double front, f = 1, c = 1, d = 0, num, delta;
	int j, m;

	front = exp(a * log(x) + b * log(y) - crm_lbeta(a, b)) / a;
	for (j = 1; j <= MAX_CF_TERMS; j++) {
		m = j / 2;
		if (j % 2 == 0)
			num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		else
			num = -(a + m) * (a + b + m) * x / ((a + 2 * m) *
			    (a + 2 * m + 1));
		d = 1 + num * d;
		d = fabs(d) < TINY ? 1 / TINY : 1 / d;
		c = 1 + num / c;
		if (fabs(c) < TINY)
			c = TINY;
		delta = c * d;
		f *= delta;
		if (fabs(delta - 1) < DBL_EPSILON)
			break;
	}
	return front / f;
}

/* I_x(a, b) with y = 1 - x, using I_x(a, b) = 1 - I_y(b, a) past the mode. */
static double
incomplete_beta(double x, double y, double a, double b)
{
	if (x <= 0)
		return 0;
	if (y <= 0)
		return 1;
	if (x < (a + 1) / (a + b + 2))
		return beta_fraction(x, y, a, b);
	return 1 - beta_fraction(y, x, b, a);
}

double
crm_incomplete_beta(double x, double a, double b)
{
	if (!(a > 0 && b > 0 && x >= 0 && x <= 1))
		return NAN;
	return incomplete_beta(x, 1 - x, a, b);
}

/*
 * P(T > t) for t >= 0: I_{df/(df+t^2)}(df/2, 1/2) / 2 (Abramowitz &
 * Stegun 26.7.1 with 26.5.27).
 */
static double
t_tail(double t, double df)
{
	double t2 = t * t;

	if (df > T_NORMAL_DF)
		return crm_normal_upper(t);
	return 0.5 * incomplete_beta(df / (df + t2), t2 / (df + t2), df / 2,
	    0.5);
}

double
crm_t_upper(double t, double df)
{
	if (!(df > 0) || isnan(t))
		return NAN;
	return t >= 0 ? t_tail(t, df) : 1 - t_tail(-t, df);
}

double
crm_t_cdf(double t, double df)
{
	if (!(df > 0) || isnan(t))
		return NAN;
	return t >= 0 ? 1 - t_tail(t, df) : t_tail(-t, df);
}

static double
t_density(double t, double df)
{
	return exp(lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df *
	    PI) - (df + 1) / 2 * log1p(t * t / df));
}

/*
 * A first guess at the upper q-quantile: the Cornish-Fisher expansion of
 * t in the normal quantile z (Abramowitz & Stegun 26.7.5).
 */
static double
cornish_fisher(double q, double df)
{
	double z = -crm_normal_quantile(q), z2 = z * z;
	double g1 = (z2 + 1) * z / 4;
	double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
	double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
	double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) *
	    z / 92160;

	return z + g1 / df + g2 / (df * df) + g3 / (df * df * df) + g4 /
	    (df * df * df * df);
}

/*
 * The t >= 0 with P(T > t) = q (0 < q < 0.5): Newton steps on the tail,
 * kept inside a bracket that shrinks with each step, with a bisection
 * whenever a step would leave it (the heavy tails of small df).
 */
static double
upper_t_quantile(double q, double df)
{
	double lo = 0, hi, t, next, f;
	int i;

	t = cornish_fisher(q, df);
	if (!isfinite(t) || t <= 0)
		t = 1;
	hi = t;
	while (t_tail(hi, df) > q && hi < 1e300)
		hi *= 2;
	for (i = 0; i < MAX_ROOT_STEPS; i++) {
		f = t_tail(t, df) - q;
		if (f == 0)
			return t;
		if (f > 0)
			lo = t;
		else
			hi = t;
		next = t + f / t_density(t, df);
		if (!(next > lo && next < hi))
			next = lo + (hi - lo) / 2;
		if (fabs(next - t) <= 4 * DBL_EPSILON * next)
			return next;
		t = next;
	}
	return t;
}

double
crm_t_quantile(double p, double df)
{
	if (!(p > 0 && p < 1 && df > 0))
		return NAN;
	if (p == 0.5)
		return 0;
	if (df > T_NORMAL_DF)
		return crm_normal_quantile(p);
	return p > 0.5 ? upper_t_quantile(1 - p, df) :
	    -upper_t_quantile(p, df);
}
