/* gammagamma.c: the Gamma-Gamma spend model (Fader & Hardie 2013). */
#include "gammagamma.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "logfit.h"
#include "special.h"

/* The fit's data: per row x, log zbar, x * zbar and weight. */
struct gg_data {
	size_t n;
	const double *x, *zbar, *weight;
	double *log_zbar;
	double penalty, par[3];
};

static int
check_gg_row(double x, double zbar, double w, const char **why)
{
	if (!(x > 0) || !isfinite(x))
		*why = "x must be > 0 (fit only customers with repeat "
		    "purchases)";
	else if (!(zbar > 0) || !isfinite(zbar))
		*why = "zbar (mean repeat transaction value) must be > 0";
	else if (!(w >= 0) || !isfinite(w))
		*why = "weight must be a finite number >= 0";
	else
		return CRM_MODEL_OK;
	return CRM_MODEL_EINVAL;
}

static int
check_gg_params(const struct crm_gg *m)
{
	if (!(m->p > 0) || !(m->q > 0) || !(m->gamma > 0) ||
	    !isfinite(m->p) || !isfinite(m->q) || !isfinite(m->gamma))
		return CRM_MODEL_EDOMAIN;
	return CRM_MODEL_OK;
}

/* Fader & Hardie 2013, eq. 4: the density of zbar given x, in logs. */
static double
gg_row(double p, double q, double gamma, double x, double zbar,
    double log_zbar)
{
	double px = p * x;

	return crm_lgamma(px + q) - crm_lgamma(px) - crm_lgamma(q) +
	    q * log(gamma) + px * log(x) + (px - 1) * log_zbar -
	    (px + q) * log(gamma + x * zbar);
}

int
crm_gg_loglik_row(const struct crm_gg *m, double x, double zbar, double *ll)
{
	const char *why;
	double v;
	int status;

	if ((status = check_gg_params(m)) != CRM_MODEL_OK ||
	    (status = check_gg_row(x, zbar, 1, &why)) != CRM_MODEL_OK)
		return status;
	v = gg_row(m->p, m->q, m->gamma, x, zbar, log(zbar));
	if (!isfinite(v))
		return CRM_MODEL_ENONFINITE;
	*ll = v;
	return CRM_MODEL_OK;
}

int
crm_gg_loglik(const struct crm_gg *m, size_t n, const double *x,
    const double *zbar, const double *weight, double *ll, size_t *bad_row)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double w = weight ? weight[i] : 1, v;
		const char *why;
		int status = check_gg_row(x[i], zbar[i], w, &why);

		if (status == CRM_MODEL_OK && w == 0)
			continue;
		if (status == CRM_MODEL_OK)
			status = crm_gg_loglik_row(m, x[i], zbar[i], &v);
		if (status != CRM_MODEL_OK) {
			if (bad_row)
				*bad_row = i;
			return status;
		}
		sum += w * v;
	}
	*ll = sum;
	return CRM_MODEL_OK;
}

/* Add one row's weighted log-likelihood and gradient in (p, q, gamma). */
static double
gg_row_grad(const struct gg_data *d, size_t i, double *grad)
{
	double p = d->par[0], q = d->par[1], gamma = d->par[2];
	double x = d->x[i], w = d->weight ? d->weight[i] : 1;
	double px = p * x, psi_pxq = crm_digamma(px + q);
	double l_den = log(gamma + x * d->zbar[i]);

	grad[0] += w * x * (psi_pxq - crm_digamma(px) + log(x) +
	    d->log_zbar[i] - l_den);
	grad[1] += w * (psi_pxq - crm_digamma(q) + log(gamma) - l_den);
	grad[2] += w * (q / gamma - (px + q) / (gamma + x * d->zbar[i]));
	return w * gg_row(p, q, gamma, x, d->zbar[i], d->log_zbar[i]);
}

/* -LL + penalty |theta|^2 in theta = log(p, q, gamma) (logfit.h). */
static double
gg_objective(const double *theta, double *grad, void *ctx)
{
	struct gg_data *d = ctx;
	double g[3] = { 0, 0, 0 }, ll = 0;
	size_t i;

	if (!crm_logfit_params(3, theta, d->par))
		return INFINITY;
	for (i = 0; i < d->n; i++)
		ll += gg_row_grad(d, i, g);
	return crm_logfit_objective(3, theta, d->par, ll, g, d->penalty,
	    grad);
}

/* Validate the rows, fill log zbar and the total weight. */
static int
prepare_gg(struct gg_data *d, struct crm_gg_fit *fit)
{
	size_t i;

	fit->customers = 0;
	for (i = 0; i < d->n; i++) {
		double w = d->weight ? d->weight[i] : 1;

		if (check_gg_row(d->x[i], d->zbar[i], w, &fit->message) !=
		    CRM_MODEL_OK) {
			fit->bad_row = i;
			return CRM_MODEL_EINVAL;
		}
		d->log_zbar[i] = log(d->zbar[i]);
		fit->customers += w;
	}
	if (!(fit->customers > 0)) {
		fit->message = "no customers to fit";
		return CRM_MODEL_EINVAL;
	}
	return CRM_MODEL_OK;
}

/* Start at p = 1, q = 2, gamma = weighted mean zbar (so E(Z) = mean). */
static void
gg_start(const struct gg_data *d, const double *start, double *theta)
{
	double sw = 0, sz = 0;
	size_t i;

	if (crm_logfit_start(3, start, theta))
		return;
	for (i = 0; i < d->n; i++) {
		double w = d->weight ? d->weight[i] : 1;

		sw += w;
		sz += w * d->zbar[i];
	}
	theta[0] = 0;
	theta[1] = log(2);
	theta[2] = log(sz / sw);
}

/* Record the optimizer outcome and choose the final status. */
static int
finish_gg(const struct crm_logfit *lf, const double *theta, int status,
    const struct crm_optim_result *res, struct crm_gg_fit *fit)
{
	struct gg_data *d = lf->ctx;
	int check;

	fit->iterations = res->iterations;
	fit->evaluations = res->evaluations;
	fit->converged = status == CRM_MODEL_OK;
	fit->message = status == CRM_MODEL_OK ? res->message :
	    "the optimizer did not converge";
	fit->model = (struct crm_gg){ exp(theta[0]), exp(theta[1]),
	    exp(theta[2]) };
	d->penalty = 0;
	fit->loglik = -gg_objective(theta, NULL, d);
	if (!isfinite(fit->loglik)) {
		fit->converged = 0;
		fit->loglik = 0;
		fit->message = "log-likelihood not finite at the estimates";
		return CRM_MODEL_ENONFINITE;
	}
	check = crm_logfit_check(lf, theta, fit->se, &fit->se_ok,
	    &fit->message);
	if (check != CRM_MODEL_OK) {
		fit->converged = 0;
		return check;
	}
	return status;
}

/* Minimize from the start point and judge the estimates. */
static int
run_gg(struct gg_data *d, const struct crm_gg_fit_options *opt,
    struct crm_gg_fit *fit)
{
	struct crm_logfit lf = { .objective = gg_objective, .ctx = d,
	    .n = 3, .has_gradient = 1, .max_iter = opt->max_iter,
	    .progress = opt->progress, .progress_ctx = opt->progress_ctx };
	struct crm_optim_result res;
	double theta[3];
	int status;

	d->penalty = opt->penalty;
	gg_start(d, opt->start, theta);
	status = crm_logfit_minimize(&lf, theta, &res, &fit->message);
	if (status != CRM_MODEL_ENONFINITE)
		status = finish_gg(&lf, theta, status, &res, fit);
	return status;
}

int
crm_gg_fit(size_t n, const double *x, const double *zbar,
    const double *weight, const struct crm_gg_fit_options *opt,
    struct crm_gg_fit *fit)
{
	static const struct crm_gg_fit_options defaults;
	struct gg_data d = { n, x, zbar, weight, NULL, 0, { 0 } };
	int status;

	memset(fit, 0, sizeof *fit);
	if (opt == NULL)
		opt = &defaults;
	if ((d.log_zbar = malloc((n ? n : 1) * sizeof *d.log_zbar)) == NULL) {
		fit->message = crm_model_strerror(CRM_MODEL_ENOMEM);
		return CRM_MODEL_ENOMEM;
	}
	status = prepare_gg(&d, fit);
	if (status == CRM_MODEL_OK)
		status = run_gg(&d, opt, fit);
	free(d.log_zbar);
	return status;
}

int
crm_gg_population_mean(const struct crm_gg *m, double *mean)
{
	int status;

	if ((status = check_gg_params(m)) != CRM_MODEL_OK)
		return status;
	if (!(m->q > 1))
		return CRM_MODEL_EDOMAIN;
	*mean = m->p * m->gamma / (m->q - 1);
	return CRM_MODEL_OK;
}

int
crm_gg_expected_spend(const struct crm_gg *m, double x, double zbar,
    double *e)
{
	double v;
	int status;

	if ((status = check_gg_params(m)) != CRM_MODEL_OK)
		return status;
	if (!(m->q > 1) || !(x >= 0) || !isfinite(x) ||
	    (x > 0 && (!(zbar >= 0) || !isfinite(zbar))))
		return CRM_MODEL_EDOMAIN;
	/* Fader & Hardie 2013, eq. 5: a weighted mean of the population
	   mean and the customer's own zbar. */
	v = x > 0 ? m->p * (m->gamma + x * zbar) / (m->p * x + m->q - 1) :
	    m->p * m->gamma / (m->q - 1);
	if (!isfinite(v))
		return CRM_MODEL_ENONFINITE;
	*e = v;
	return CRM_MODEL_OK;
}

int
crm_pearson(size_t n, const double *x, const double *y,
    const double *weight, double *rho)
{
	double sw = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
	size_t i;

	/* Welford-style single pass with weights. */
	for (i = 0; i < n; i++) {
		double w = weight ? weight[i] : 1, dx, dy;

		if (!(w > 0) || !isfinite(x[i]) || !isfinite(y[i]))
			continue;
		sw += w;
		dx = x[i] - mx;
		dy = y[i] - my;
		mx += w / sw * dx;
		my += w / sw * dy;
		sxx += w * dx * (x[i] - mx);
		syy += w * dy * (y[i] - my);
		sxy += w * dx * (y[i] - my);
	}
	if (!(sxx > 0) || !(syy > 0))
		return CRM_MODEL_EDOMAIN;
	*rho = fmax(-1, fmin(1, sxy / sqrt(sxx * syy)));
	return CRM_MODEL_OK;
}
