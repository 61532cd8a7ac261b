/*
 * dist.h: the normal and Student t distributions, for confidence
 * intervals and tests (pure: numbers in, numbers out; thread-safe).
 */
#ifndef CRM_MODEL_DIST_H
#define CRM_MODEL_DIST_H

/* Standard normal distribution function Phi(x) and its upper tail. */
double crm_normal_cdf(double x);
double crm_normal_upper(double x);

/* The p-quantile of the standard normal, 0 < p < 1; NaN outside. */
double crm_normal_quantile(double p);

/*
 * The regularized incomplete beta function I_x(a, b) for a, b > 0 and
 * 0 <= x <= 1; NaN outside.
 */
double crm_incomplete_beta(double x, double a, double b);

/*
 * Student's t distribution with df > 0 degrees of freedom (need not be
 * whole, as Welch's df is not): P(T <= t), P(T > t) computed without
 * cancellation, and the p-quantile (0 < p < 1). NaN for bad arguments.
 */
double crm_t_cdf(double t, double df);
double crm_t_upper(double t, double df);
double crm_t_quantile(double p, double df);

#endif
