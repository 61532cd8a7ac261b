/*
 * optim.h: minimization of smooth functions of a few (at most
 * CRM_OPTIM_MAXDIM) unconstrained variables: BFGS with a strong-Wolfe line
 * search, Nelder-Mead as fallback, and a finite-difference Hessian.
 * Pure: no I/O, no global state.
 */
#ifndef CRM_MODEL_OPTIM_H
#define CRM_MODEL_OPTIM_H

#include "special.h"

#define CRM_OPTIM_MAXDIM 8

/*
 * The function to minimize at x[0..n-1].  When grad is not NULL, store the
 * gradient there.  Return +inf (or NaN) where the function is undefined;
 * the optimizer then steps back.
 */
typedef double crm_objective_fn(const double *x, double *grad, void *ctx);

/* Called after each optimizer iteration with the current value. */
typedef void crm_progress_fn(int iteration, double value, void *ctx);

struct crm_optim_options {
	int has_gradient;	/* 0: the optimizer uses central differences */
	int max_iter;		/* BFGS iterations (0: 200) */
	double grad_tol;	/* stop when max|g| <= grad_tol * max(1, |f|)
				   (0: 1e-9, or 1e-7 without gradient) */
	crm_progress_fn *progress;	/* optional */
	void *progress_ctx;
	double x_limit;		/* > 0: stop (not converged) once some
				   |x_i| passes it: a run-away solution */
	const double *x_upper;	/* NULL, or limits of each x_i above
				   which the run stops in the same way */
};

enum crm_optim_method { CRM_OPTIM_BFGS = 1, CRM_OPTIM_NELDER_MEAD };

struct crm_optim_result {
	double value;		/* f at the returned x */
	double grad_norm;	/* max |gradient| there */
	int iterations;		/* BFGS plus Nelder-Mead iterations */
	int evaluations;	/* function (and gradient) evaluations */
	int converged;		/* 1 if the gradient test was met */
	int method;		/* enum crm_optim_method that finished */
	const char *message;	/* static text: how it ended */
};

/*
 * Minimize f from x[0..n-1] (updated in place to the best point found).
 * Returns CRM_MODEL_OK when converged, CRM_MODEL_ENOCONV when it stopped
 * early (x and res still hold the best point), CRM_MODEL_ENONFINITE when f
 * is not finite at the start, CRM_MODEL_EINVAL for bad n.
 */
int crm_minimize(crm_objective_fn *f, void *ctx, int n, double *x,
    const struct crm_optim_options *opt, struct crm_optim_result *res);

/*
 * Hessian of f at x by central differences (of the gradient when
 * has_gradient, else of f), into hess[n*n], symmetric.  Returns
 * CRM_MODEL_OK or CRM_MODEL_ENONFINITE.
 */
int crm_hessian_fd(crm_objective_fn *f, void *ctx, int n, const double *x,
    int has_gradient, double *hess);

/*
 * Invert the symmetric positive definite matrix m[n*n] into inv[n*n]
 * (Cholesky).  Returns CRM_MODEL_OK or CRM_MODEL_EDOMAIN if m is not
 * positive definite.
 */
int crm_spd_inverse(int n, const double *m, double *inv);

#endif
