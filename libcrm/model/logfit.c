/* logfit.c: the glue between a model's log-likelihood and crm_minimize. */
#include "logfit.h"

#include <math.h>
#include <stddef.h>

int
crm_logfit_params(int n, const double *theta, double *par)
{
	int j;

	for (j = 0; j < n; j++) {
		if (!(fabs(theta[j]) <= CRM_LOGFIT_LIMIT))
			return 0;
		par[j] = exp(theta[j]);
	}
	return 1;
}

double
crm_logfit_objective(int n, const double *theta, const double *par,
    double ll, const double *g, double penalty, double *grad)
{
	double f;
	int j;

	if (!isfinite(ll))
		return INFINITY;
	f = -ll;
	for (j = 0; j < n; j++) {
		f += penalty * theta[j] * theta[j];
		/* d/dtheta = par d/dpar */
		if (grad)
			grad[j] = -g[j] * par[j] + 2 * penalty * theta[j];
	}
	return f;
}

int
crm_logfit_start(int n, const double *start, double *theta)
{
	int j;

	if (start == NULL)
		return 0;
	for (j = 0; j < n; j++)
		theta[j] = log(start[j]);
	return 1;
}

int
crm_logfit_minimize(const struct crm_logfit *fit, double *theta,
    struct crm_optim_result *res, const char **message)
{
	/* A little past the boundary: crm_logfit_check reports it. */
	struct crm_optim_options oo = { .has_gradient = fit->has_gradient,
	    .max_iter = fit->max_iter, .progress = fit->progress,
	    .progress_ctx = fit->progress_ctx,
	    .x_limit = CRM_LOGFIT_BOUNDARY + 2, .x_upper = fit->upper };
	int status;

	status = crm_minimize(fit->objective, fit->ctx, fit->n, theta, &oo,
	    res);
	if (status == CRM_MODEL_ENONFINITE)
		*message = "log-likelihood not finite at the start";
	return status;
}

/* Standard errors of the natural parameters from the Hessian in theta. */
static int
standard_errors(const struct crm_logfit *fit, const double *theta,
    double *se)
{
	double hess[CRM_OPTIM_MAXDIM * CRM_OPTIM_MAXDIM];
	double inv[CRM_OPTIM_MAXDIM * CRM_OPTIM_MAXDIM];
	int j, n = fit->n;

	if (crm_hessian_fd(fit->objective, fit->ctx, n, theta,
	    fit->has_gradient, hess) != CRM_MODEL_OK ||
	    crm_spd_inverse(n, hess, inv) != CRM_MODEL_OK)
		return 0;
	for (j = 0; j < n; j++)
		se[j] = exp(theta[j]) * sqrt(inv[j * n + j]);
	return 1;
}

int
crm_logfit_check(const struct crm_logfit *fit, const double *theta,
    double *se, int *se_ok, const char **message)
{
	int j;

	*se_ok = 0;
	for (j = 0; j < fit->n; j++) {
		if (fabs(theta[j]) > CRM_LOGFIT_BOUNDARY) {
			*message = "a parameter ran off to 0 or infinity";
			return CRM_MODEL_EDEGENERATE;
		}
		if (fit->upper != NULL && theta[j] > fit->upper[j]) {
			*message = "a time scale drifted past 100 times the "
			    "longest observation";
			return CRM_MODEL_EDEGENERATE;
		}
	}
	*se_ok = standard_errors(fit, theta, se);
	if (!*se_ok) {
		*message = "the likelihood is flat at the estimates "
		    "(Hessian not positive definite)";
		return CRM_MODEL_EDEGENERATE;
	}
	return CRM_MODEL_OK;
}
