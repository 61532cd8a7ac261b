/*
 * logfit.h: what every maximum-likelihood fit in log-parameters shares
 * (BTYD models, Gamma-Gamma): the objective -LL + penalty |theta|^2 in
 * theta = log(par), the run of crm_minimize, and the checks on the
 * estimates with their standard errors.  The model brings its
 * log-likelihood.  Pure: no I/O, no global state.
 */
#ifndef CRM_MODEL_LOGFIT_H
#define CRM_MODEL_LOGFIT_H

#include "optim.h"

/* Log-parameters beyond this are treated as outside the model. */
#define CRM_LOGFIT_LIMIT	30
/* Estimates beyond e^13 (4.4e5) or below e^-13 are a boundary solution. */
#define CRM_LOGFIT_BOUNDARY	13

/* A model's fit: its objective in theta and how to run the optimizer. */
struct crm_logfit {
	crm_objective_fn *objective;	/* -LL + penalty |theta|^2 */
	void *ctx;
	int n;			/* parameters, <= CRM_OPTIM_MAXDIM */
	int has_gradient;
	int max_iter;		/* 0: the optimizer's default */
	crm_progress_fn *progress;	/* optional */
	void *progress_ctx;
	/*
	 * NULL, or upper limits of each theta from the data (a time scale
	 * far beyond the longest observation): past one, the likelihood
	 * is flat and the model not identified.
	 */
	const double *upper;
};

/*
 * par[j] = exp(theta[j]), j < n.  Returns 0 when some |theta[j]| passes
 * CRM_LOGFIT_LIMIT (or is NaN): the objective is +inf there.
 */
int crm_logfit_params(int n, const double *theta, double *par);

/*
 * -ll + penalty |theta|^2, or +inf when ll is not finite.  When grad is
 * not NULL it receives the gradient in theta, from g, the gradient of ll
 * in the natural parameters par.
 */
double crm_logfit_objective(int n, const double *theta, const double *par,
    double ll, const double *g, double penalty, double *grad);

/* theta = log(start) when start is not NULL; returns whether it was. */
int crm_logfit_start(int n, const double *start, double *theta);

/*
 * Minimize the fit's objective from theta (updated in place), stopping a
 * parameter that runs away a little past the boundary.  Returns what
 * crm_minimize returns; on CRM_MODEL_ENONFINITE, *message says why.
 */
int crm_logfit_minimize(const struct crm_logfit *fit, double *theta,
    struct crm_optim_result *res, const char **message);

/*
 * Check the estimates theta: none at the boundary, and a Hessian of the
 * objective (call it with the penalty off) that is positive definite.
 * Fills se[n], the standard errors of the natural parameters, and
 * *se_ok.  Returns CRM_MODEL_OK, or CRM_MODEL_EDEGENERATE with *message:
 * the data do not identify the model.
 */
int crm_logfit_check(const struct crm_logfit *fit, const double *theta,
    double *se, int *se_ok, const char **message);

#endif
