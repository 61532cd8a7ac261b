/*
 * special.h: special functions for the customer models (pure: numbers in,
 * numbers out, no I/O, no global state, thread-safe except where noted).
 */
#ifndef CRM_MODEL_SPECIAL_H
#define CRM_MODEL_SPECIAL_H

/* Status codes shared by every libcrm/model function (0 is success). */
enum crm_model_status {
	CRM_MODEL_OK = 0,
	CRM_MODEL_EINVAL,	/* bad argument or input row */
	CRM_MODEL_EDOMAIN,	/* outside the function's domain */
	CRM_MODEL_ENOCONV,	/* a series or the optimizer did not converge */
	CRM_MODEL_ENONFINITE,	/* a value came out NaN or infinite */
	CRM_MODEL_EDEGENERATE,	/* the data cannot identify the model */
	CRM_MODEL_ENOMEM	/* memory allocation failed */
};

/* A fixed English message for a status code (never NULL). */
const char *crm_model_strerror(int status);

/* log |Gamma(x)|, safe to call from several threads at once. */
double crm_lgamma(double x);
/* log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b), for a, b > 0. */
double crm_lbeta(double a, double b);

/* Digamma psi(x) and trigamma psi'(x) for x > 0; NaN outside. */
double crm_digamma(double x);
double crm_trigamma(double x);

/* log(exp(u) + exp(v)) without overflow; -inf terms are allowed. */
double crm_logsumexp2(double u, double v);

/* log(1 + exp(u)) (softplus) without overflow or loss for large |u|. */
double crm_log1pexp(double u);

/* 1 / (1 + exp(-u)) (logistic), stable for large |u|. */
double crm_logistic(double u);

/*
 * Gauss hypergeometric 2F1(a, b; c; z) for real a, b, c (c not 0 or a
 * negative integer) and z < 1, in log space: *logabs = log|2F1|, *sign =
 * +1 or -1 (0 when 2F1 is exactly 0, with *logabs = -inf).
 * z < 0 goes through Pfaff's transformation; the Euler transformation is
 * used when it makes the parameters smaller; up to z = 0.8 the Taylor
 * series is summed with rescaling, beyond it the hypergeometric ODE is
 * integrated by Taylor steps from z = 0.5 (stable as z -> 1).
 * Returns CRM_MODEL_OK, CRM_MODEL_EDOMAIN (z >= 1, bad c) or
 * CRM_MODEL_ENOCONV.
 */
int crm_log_hyp2f1(double a, double b, double c, double z, double *logabs,
    int *sign);

/*
 * 2F1(a, b; c; z[i]) for n points at once (0 <= z[i] < 0.976, c > 0), by
 * one Taylor series whose coefficients the points share (a lifetime value
 * sums E[X(t)] at every month of its horizon), in the form crm_log_hyp2f1
 * would try first: 2F1 = value[i] (1 - z[i])^*exponent, where *exponent
 * is 0, or c - a - b when the series is that of Euler's transformation.
 * CRM_MODEL_EDOMAIN where that form needs what this does not do
 * (rescaling, the other form, the ODE walk near z = 1): the caller then
 * goes point by point with crm_log_hyp2f1. At most CRM_HYP_POINTS points;
 * 2F1 must be positive at each.
 */
enum { CRM_HYP_POINTS = 24 };
int crm_hyp2f1_many(double a, double b, double c, const double *z, int n,
    double *value, double *exponent);

#endif
