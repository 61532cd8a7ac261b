/*
 * gammagamma.h: the Gamma-Gamma model of the average transaction value
 * (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves for
 * customer base analysis"; Fader & Hardie 2013, "The Gamma-Gamma model
 * of monetary value").  A customer's transactions are Gamma(p, nu); nu
 * varies across customers as Gamma(q, gamma).  Data per customer: x > 0
 * transactions with mean value zbar > 0.  Functions return a status
 * (enum crm_model_status) and write results through pointers; no NaN is
 * ever returned as a result.  Pure: no I/O, no global state.
 */
#ifndef CRM_MODEL_GAMMAGAMMA_H
#define CRM_MODEL_GAMMAGAMMA_H

#include <stddef.h>

#include "optim.h"

struct crm_gg {
	double p, q, gamma;
};

/*
 * log density of zbar given x (natural log, all constants kept, as
 * CLVTools computes it): lgamma(px+q) - lgamma(px) - lgamma(q)
 * + q log gamma + px log x + (px-1) log zbar - (px+q) log(gamma + x zbar).
 * CRM_MODEL_EINVAL unless x > 0 and zbar > 0.
 */
int crm_gg_loglik_row(const struct crm_gg *m, double x, double zbar,
    double *ll);

/* Weighted total (weight may be NULL); *bad_row names a rejected row. */
int crm_gg_loglik(const struct crm_gg *m, size_t n, const double *x,
    const double *zbar, const double *weight, double *ll, size_t *bad_row);

struct crm_gg_fit_options {
	/* L2 penalty (0 = off): minimize -LL + penalty * sum log(par)^2. */
	double penalty;
	int max_iter;		/* optimizer iterations (0: 200) */
	const double *start;	/* p, q, gamma to start from, or NULL */
	crm_progress_fn *progress;	/* called per iteration with -LL */
	void *progress_ctx;
};

struct crm_gg_fit {
	struct crm_gg model;	/* the estimates */
	double loglik;		/* total log-likelihood at the estimates */
	double se[3];		/* standard errors of p, q, gamma */
	int se_ok;		/* 0 if the Hessian was not usable */
	int iterations, evaluations, converged;
	double customers;	/* total weight */
	size_t bad_row;		/* offending row on CRM_MODEL_EINVAL */
	const char *message;	/* static text: how the fit ended */
};

/*
 * Maximum-likelihood fit of p, q, gamma on log-parameters with an
 * analytic gradient.  The caller passes only customers with x > 0 and
 * zbar > 0; any other row gives CRM_MODEL_EINVAL (bad_row, message).
 * Returns 0 when converged, CRM_MODEL_ENOCONV, CRM_MODEL_EDEGENERATE
 * (a parameter ran off, e.g. all zbar equal), CRM_MODEL_ENOMEM.
 * opt may be NULL.
 */
int crm_gg_fit(size_t n, const double *x, const double *zbar,
    const double *weight, const struct crm_gg_fit_options *opt,
    struct crm_gg_fit *fit);

/*
 * E(Z | x, zbar) = (p gamma + p x zbar) / (p x + q - 1), the expected
 * average transaction value (x = 0 gives the population mean).  Needs
 * q > 1 (else CRM_MODEL_EDOMAIN: the mean is infinite).
 */
int crm_gg_expected_spend(const struct crm_gg *m, double x, double zbar,
    double *e);

/* Population mean transaction value p gamma / (q - 1); q > 1. */
int crm_gg_population_mean(const struct crm_gg *m, double *mean);

/*
 * Pearson correlation of x and y (weights may be NULL), to check the
 * model's assumption that x and zbar are independent.  CRM_MODEL_EDOMAIN
 * when fewer than 2 rows or a variance is 0.
 */
int crm_pearson(size_t n, const double *x, const double *y,
    const double *weight, double *rho);

#endif
