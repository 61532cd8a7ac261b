/*
 * models.h: the statistical models of libcrm/model/ as the tools use
 * them: fitted with progress on stderr, failures turned into clear
 * messages, saved to and loaded from params files with checks that the
 * file holds the model and time unit the run asks for.
 */
#ifndef CRM_MODELS_H
#define CRM_MODELS_H

#include <stdbool.h>

#include "customers.h"
#include "model/btyd.h"
#include "model/gammagamma.h"
#include "params.h"


/*
 * Fit kind to the customers (weight NULL: each counts once); a fit that
 * fails or does not converge stops the program with the reason.
 */
void btyd_fit_customers(enum crm_btyd_kind kind, const struct customers *c,
    const double *weight, const struct crm_btyd_fit_options *opt,
    bool progress, struct crm_btyd_fit *fit);
/*
 * The BTYD model saved in path. want_kind < 0 accepts any of the three;
 * the model's time unit must be the input's.
 */
void btyd_load(const char *path, int want_kind,
    const struct customers_input *ci, struct crm_btyd *m);
/* model, unit, parameters (standard errors when se is not NULL). */
void btyd_describe(struct params *p, const struct crm_btyd *m,
    double unit_days, const double *se);

/* How a fit went, as the params file reports it. */
struct fit_report {
	double loglik;
	int nparams;
	double customers;
	int iterations;
	bool converged;
	double penalty;
	int32_t as_of;
};

/* loglik, aic, bic, customers, iterations, converged, penalty, as_of. */
void describe_fit(struct params *p, const struct fit_report *f);

void gg_fit_customers(size_t n, const double *x, const double *zbar,
    double penalty, bool progress, struct crm_gg_fit *fit);
void gg_load(const char *path, struct crm_gg *m);
void gg_describe(struct params *p, const struct crm_gg *m, const double *se);

#endif
