/* models.c: fitting, saving and loading the models for the tools. */
#include "models.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "units.h"
#include "util.h"

static void
show_progress(int iteration, double value, void *ctx)
{
	fprintf(stderr, "\r%s: %s fit, iteration %d, log-likelihood %.6f",
	    argv0, (const char *)ctx, iteration, -value);
}

static void
die_fit(int status, const char *what, int iterations, const char *message)
{
	if (status == CRM_MODEL_ENOCONV)
		die("the %s fit did not converge after %d iterations (%s); "
		    "the estimates are not a maximum", what, iterations,
		    message);
	if (status == CRM_MODEL_EDEGENERATE)
		die("the %s fit failed: the data cannot identify the model "
		    "(%s)", what, message);
	die("the %s fit failed: %s", what, message);
}

void
btyd_fit_customers(enum crm_btyd_kind kind, const struct customers *c,
    const double *weight, const struct crm_btyd_fit_options *opt,
    bool progress, struct crm_btyd_fit *fit)
{
	struct crm_btyd_fit_options fo = *opt;
	struct crm_btyd_data d = { c->n, c->x, c->t_x, c->T, weight };
	int status;

	if (progress) {
		fo.progress = show_progress;
		fo.progress_ctx = (void *)crm_btyd_kind_name(kind);
	}
	status = crm_btyd_fit(kind, &d, &fo, fit);
	if (progress)
		fputc('\n', stderr);
	if (status == CRM_MODEL_EINVAL)
		die("customer %zu: %s", fit->bad_row + 1, fit->message);
	if (status != CRM_MODEL_OK)
		die_fit(status, crm_btyd_kind_name(kind), fit->iterations,
		    fit->message);
}

/* The unit a params file names; anything else is an error in the file. */
static double
unit_parse_saved(const struct params *p, const char *where)
{
	const char *unit = params_text(p, "unit");
	size_t i;

	for (i = 0; i < sizeof(unit_all) / sizeof(unit_all[0]); i++)
		if (strcmp(unit, unit_name(unit_all[i])) == 0)
			return unit_all[i];
	die("%s: '%s' is not a unit (days, weeks, months)", where, unit);
}

/* Errors in a params file name its FILE:LINE, as input errors do. */
void
btyd_load(const char *path, int want_kind, const struct customers_input *ci,
    struct crm_btyd *m)
{
	struct params *p = params_load(path);
	const char *kind = params_text(p, "model");
	enum crm_btyd_kind parsed;
	char where[512];
	int i;

	params_where(p, "model", where, sizeof(where));
	if (crm_btyd_kind_parse(kind, &parsed) != CRM_MODEL_OK)
		die("%s: '%s' is not a repeat-purchase model (bgnbd, mbgnbd, "
		    "pnbd)", where, kind);
	if (want_kind >= 0 && (int)parsed != want_kind)
		die("%s: the saved model is %s, not %s", where, kind,
		    crm_btyd_kind_name((enum crm_btyd_kind)want_kind));
	params_where(p, "unit", where, sizeof(where));
	customers_check_unit(ci, where, unit_parse_saved(p, where));
	m->kind = parsed;
	for (i = 0; i < 4; i++)
		m->par[i] = params_number(p, crm_btyd_param_name(parsed, i),
		    true);
	params_free(p);
}

void
btyd_describe(struct params *p, const struct crm_btyd *m, double unit_days,
    const double *se)
{
	int i;

	params_set_text(p, "model", crm_btyd_kind_name(m->kind));
	params_set_text(p, "unit", unit_name(unit_days));
	for (i = 0; i < 4; i++)
		params_set_estimate(p, crm_btyd_param_name(m->kind, i),
		    m->par[i], se ? se[i] : NAN, NAN, NAN);
}

void
gg_fit_customers(size_t n, const double *x, const double *zbar,
    double penalty, bool progress, struct crm_gg_fit *fit)
{
	struct crm_gg_fit_options fo = { 0 };
	int status;

	fo.penalty = penalty;
	if (progress) {
		fo.progress = show_progress;
		fo.progress_ctx = (void *)"gammagamma";
	}
	status = crm_gg_fit(n, x, zbar, NULL, &fo, fit);
	if (progress)
		fputc('\n', stderr);
	if (status != CRM_MODEL_OK)
		die_fit(status, "gammagamma", fit->iterations, fit->message);
}

static const char *const gg_names[] = { "p", "q", "gamma" };

void
gg_load(const char *path, struct crm_gg *m)
{
	struct params *p = params_load(path);
	const char *kind = params_text(p, "model");
	char where[512];

	if (strcmp(kind, "gammagamma") != 0)
		die("%s: the saved model is %s, not the gammagamma spend "
		    "model", params_where(p, "model", where, sizeof(where)),
		    kind);
	m->p = params_number(p, gg_names[0], true);
	m->q = params_number(p, gg_names[1], true);
	m->gamma = params_number(p, gg_names[2], true);
	params_free(p);
}

void
gg_describe(struct params *p, const struct crm_gg *m, const double *se)
{
	const double v[] = { m->p, m->q, m->gamma };
	int i;

	params_set_text(p, "model", "gammagamma");
	for (i = 0; i < 3; i++)
		params_set_estimate(p, gg_names[i], v[i], se ? se[i] : NAN,
		    NAN, NAN);
}

void
describe_fit(struct params *p, const struct fit_report *f)
{
	char date[DATE_BUFSIZE];

	params_set_number(p, "loglik", f->loglik);
	params_set_number(p, "aic", 2 * f->nparams - 2 * f->loglik);
	params_set_number(p, "bic", f->nparams * log(f->customers) -
	    2 * f->loglik);
	params_set_number(p, "customers", f->customers);
	params_set_number(p, "iterations", f->iterations);
	params_set_text(p, "converged", f->converged ? "yes" : "no");
	params_set_number(p, "penalty", f->penalty);
	date_format(f->as_of, date);
	params_set_text(p, "as_of", date);
}
