/*
 * btyd.h: "buy till you die" repeat-purchase models on the summary
 * (x, t_x, T) of each customer: x repeat purchases, the last at t_x, the
 * customer observed for T since the first purchase (same time unit).
 *
 *   BG/NBD      Fader, Hardie & Lee (2005), "Counting your customers the
 *               easy way: an alternative to the Pareto/NBD model".
 *   MBG/NBD     Batislam, Denizel & Filiztekin (2007); Hoppe & Wagner
 *               (2007): as BG/NBD, but a customer may also drop out right
 *               after the first purchase.
 *   Pareto/NBD  Schmittlein, Morrison & Colombo (1987); likelihood as in
 *               Fader & Hardie (2005), "A note on deriving the Pareto/NBD
 *               model and related expressions".
 *
 * Parameters are par[0..3] = r, alpha, a, b (BG/NBD, MBG/NBD) or r, alpha,
 * s, beta (Pareto/NBD); all > 0.  Every function returns a status
 * (enum crm_model_status, 0 = success) and writes its result through a
 * pointer; no function returns NaN as a result.  Pure: no I/O, no globals.
 */
#ifndef CRM_MODEL_BTYD_H
#define CRM_MODEL_BTYD_H

#include <stddef.h>

#include "optim.h"

enum crm_btyd_kind { CRM_BGNBD, CRM_MBGNBD, CRM_PNBD };

struct crm_btyd {
	enum crm_btyd_kind kind;
	double par[4];
};

/* Customers as parallel arrays; weight may be NULL (all 1).  A weight is
   the number of customers sharing that (x, t_x, T). */
struct crm_btyd_data {
	size_t n;
	const double *x, *t_x, *T, *weight;
};

/* "bgnbd", "mbgnbd", "pnbd" (also "bg/nbd", "mbg/nbd", "pareto/nbd",
   "pareto", any case) into *kind.  Returns 0 or CRM_MODEL_EINVAL. */
int crm_btyd_kind_parse(const char *name, enum crm_btyd_kind *kind);
/* "bgnbd", "mbgnbd" or "pnbd". */
const char *crm_btyd_kind_name(enum crm_btyd_kind kind);
/* The name of parameter i (0..3): "r", "alpha", "a"/"s", "b"/"beta". */
const char *crm_btyd_param_name(enum crm_btyd_kind kind, int i);

/* Checks one summary row: x a whole number >= 0, 0 <= t_x <= T finite,
   t_x = 0 when x = 0.  Returns 0 or CRM_MODEL_EINVAL with *why set. */
int crm_btyd_check_row(double x, double t_x, double T, const char **why);

/* Log-likelihood (natural log, no constant dropped) of one customer. */
int crm_btyd_loglik_row(const struct crm_btyd *m, double x, double t_x,
    double T, double *ll);

/* Weighted total log-likelihood; on a bad row *bad_row is its index. */
int crm_btyd_loglik(const struct crm_btyd *m, const struct crm_btyd_data *d,
    double *ll, size_t *bad_row);

/* P(alive at T | x, t_x, T), in [0, 1]. */
int crm_btyd_p_alive(const struct crm_btyd *m, double x, double t_x,
    double T, double *p);

/* E[purchases in (T, T + t] | x, t_x, T], the conditional expectation. */
int crm_btyd_expected_conditional(const struct crm_btyd *m, double x,
    double t_x, double T, double t, double *e);

/*
 * E[purchases in (T, T + t[i]] | x, T, alive] for n horizons at once
 * (n <= CRM_HYP_POINTS of special.h): times P(alive), the conditional
 * expectation at each; the horizons share their series where they can.
 */
int crm_btyd_expected_if_alive_many(const struct crm_btyd *m, double x,
    double T, const double *t, int n, double *e);

/* E[X(t)]: repeat purchases in (0, t] of a new customer. */
int crm_btyd_expected(const struct crm_btyd *m, double t, double *e);

/* P(X(t) = n) for a new customer (BG/NBD and MBG/NBD only; Pareto/NBD
   gives CRM_MODEL_EDOMAIN). */
int crm_btyd_prob_n(const struct crm_btyd *m, double t, int n, double *p);

struct crm_btyd_fit_options {
	/*
	 * L2 penalty (0 = off, the default): the fit minimizes
	 * -LL + penalty * sum_i log(par_i)^2, shrinking the parameters
	 * towards 1.  loglik is reported without the penalty.
	 */
	double penalty;
	int threads;		/* worker threads: 0 = automatic, 1 = none */
	int max_iter;		/* optimizer iterations (0: 200) */
	int no_grouping;	/* 1: the rows are already distinct */
	const double *start;	/* 4 starting parameters, or NULL */
	crm_progress_fn *progress;	/* called per iteration with -LL */
	void *progress_ctx;
};

struct crm_btyd_fit {
	struct crm_btyd model;	/* the estimates */
	double loglik;		/* total log-likelihood at the estimates */
	double se[4];		/* standard errors (delta method from the
				   Hessian of the log-parameters) */
	int se_ok;		/* 0 if the Hessian was not usable */
	int iterations, evaluations, converged, method;
	size_t groups;		/* distinct (x, t_x, T) rows evaluated */
	double customers;	/* total weight */
	size_t bad_row;		/* index of the offending row on EINVAL */
	const char *message;	/* static text: how the fit ended */
};

/*
 * Maximum-likelihood fit on log-parameters (BFGS, analytic gradient for
 * BG/NBD and MBG/NBD, central differences for Pareto/NBD; Nelder-Mead
 * fallback).  Identical rows are grouped first.  Returns 0 when
 * converged; CRM_MODEL_EINVAL (bad row, see bad_row and message),
 * CRM_MODEL_EDEGENERATE (no customer with x > 0, or a parameter ran off
 * to 0 or infinity: the data do not identify the model),
 * CRM_MODEL_ENOCONV (the estimates are the best point found, not an
 * optimum), CRM_MODEL_ENOMEM.  opt may be NULL.
 */
int crm_btyd_fit(enum crm_btyd_kind kind, const struct crm_btyd_data *d,
    const struct crm_btyd_fit_options *opt, struct crm_btyd_fit *fit);

#endif
