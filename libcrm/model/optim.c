/*
 * optim.c: BFGS with a strong-Wolfe line search (Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., algorithms 3.5, 3.6 and 6.1),
 * Nelder-Mead (Lagarias et al. 1998 coefficients) as fallback, and a
 * finite-difference Hessian.
 */
#include "optim.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define WOLFE_C1	1e-4
#define WOLFE_C2	0.9
#define LS_MAX_EVALS	40
#define NM_MAX_ITER	5000
#define N_MAX		CRM_OPTIM_MAXDIM

/* The objective with its counters and, if needed, numerical gradient. */
struct problem {
	crm_objective_fn *fn;
	void *ctx;
	int n, has_gradient, evaluations;
};

/* A point on the search line: step, value, directional derivative. */
struct line_point {
	double step, f, slope;
};

static double
evaluate(struct problem *p, const double *x, double *grad)
{
	double xs[N_MAX], f;
	int i;

	p->evaluations++;
	if (p->has_gradient || grad == NULL)
		return p->fn(x, grad, p->ctx);
	f = p->fn(x, NULL, p->ctx);
	memcpy(xs, x, p->n * sizeof *xs);
	for (i = 0; i < p->n && isfinite(f); i++) {
		double h = 6e-6 * fmax(1, fabs(x[i])), up, down;

		xs[i] = x[i] + h;
		up = p->fn(xs, NULL, p->ctx);
		xs[i] = x[i] - h;
		down = p->fn(xs, NULL, p->ctx);
		xs[i] = x[i];
		grad[i] = (up - down) / (2 * h);
		p->evaluations += 2;
	}
	return f;
}

static double
dot(int n, const double *u, const double *v)
{
	double s = 0;
	int i;

	for (i = 0; i < n; i++)
		s += u[i] * v[i];
	return s;
}

static double
max_abs(int n, const double *v)
{
	double m = 0;
	int i;

	for (i = 0; i < n; i++)
		m = fmax(m, fabs(v[i]));
	return m;
}

/* Minimizer of the cubic through two line points, or the midpoint. */
static double
cubic_step(const struct line_point *lo, const struct line_point *hi)
{
	double width = hi->step - lo->step, d1, d2sq, d2, step;
	double mid = lo->step + 0.5 * width;

	if (!isfinite(hi->f) || !isfinite(hi->slope))
		return mid;
	d1 = lo->slope + hi->slope - 3 * (lo->f - hi->f) / (lo->step -
	    hi->step);
	d2sq = d1 * d1 - lo->slope * hi->slope;
	if (!(d2sq >= 0))
		return mid;
	d2 = copysign(sqrt(d2sq), width);
	step = hi->step - width * (hi->slope + d2 - d1) /
	    (hi->slope - lo->slope + 2 * d2);
	/* Keep the trial inside the middle 80% of the bracket. */
	if (!isfinite(step) || fabs(step - lo->step) < 0.1 * fabs(width) ||
	    fabs(hi->step - step) < 0.1 * fabs(width))
		return mid;
	return step;
}

/* Search state: start point, direction, and the trial point buffers. */
struct line_search {
	struct problem *p;
	const double *x0, *dir;
	double f0, slope0;
	double *x, *g;		/* trial point and its gradient */
	double best_step, best_f;	/* the accepted step and value */
};

static struct line_point
try_step(struct line_search *ls, double step)
{
	struct line_point pt;
	int i, n = ls->p->n;

	for (i = 0; i < n; i++)
		ls->x[i] = ls->x0[i] + step * ls->dir[i];
	pt.step = step;
	pt.f = evaluate(ls->p, ls->x, ls->g);
	pt.slope = isfinite(pt.f) ? dot(n, ls->g, ls->dir) : NAN;
	if (!isfinite(pt.f))
		pt.f = INFINITY;
	return pt;
}

static int
sufficient_decrease(const struct line_search *ls, const struct line_point *pt)
{
	return pt->f <= ls->f0 + WOLFE_C1 * pt->step * ls->slope0;
}

static int
curvature_ok(const struct line_search *ls, const struct line_point *pt)
{
	return fabs(pt->slope) <= -WOLFE_C2 * ls->slope0;
}

/* Algorithm 3.6: shrink [lo, hi] to a strong-Wolfe point; 0 if found. */
static int
zoom(struct line_search *ls, struct line_point lo, struct line_point hi,
    int budget)
{
	while (budget-- > 0) {
		struct line_point pt = try_step(ls, cubic_step(&lo, &hi));

		if (!sufficient_decrease(ls, &pt) || pt.f >= lo.f) {
			hi = pt;
		} else {
			if (curvature_ok(ls, &pt)) {
				ls->best_step = pt.step;
				ls->best_f = pt.f;
				return 0;
			}
			if (pt.slope * (hi.step - lo.step) >= 0)
				hi = lo;
			lo = pt;
		}
		if (fabs(hi.step - lo.step) <= 1e-14 * fabs(lo.step))
			break;
	}
	/* No Wolfe point: settle for any decrease (lo has one if step > 0). */
	if (lo.step > 0 && lo.f < ls->f0) {
		ls->best_f = try_step(ls, lo.step).f;
		ls->best_step = lo.step;
		return 0;
	}
	return -1;
}

/* Algorithm 3.5 from step0; on success ls->x, ls->g hold the new point. */
static int
wolfe_search(struct line_search *ls, double step0)
{
	struct line_point prev = { 0, ls->f0, ls->slope0 };
	double step = step0;
	int i;

	for (i = 0; i < LS_MAX_EVALS; i++) {
		struct line_point pt = try_step(ls, step);
		int budget = LS_MAX_EVALS - i - 1;

		if (!sufficient_decrease(ls, &pt) || (i > 0 && pt.f >= prev.f))
			return zoom(ls, prev, pt, budget);
		if (curvature_ok(ls, &pt)) {
			ls->best_step = step;
			ls->best_f = pt.f;
			return 0;
		}
		if (pt.slope >= 0)
			return zoom(ls, pt, prev, budget);
		prev = pt;
		step *= 4;
	}
	return -1;
}

/* H = I * scale. */
static void
set_identity(int n, double *h, double scale)
{
	int i;

	memset(h, 0, n * n * sizeof *h);
	for (i = 0; i < n; i++)
		h[i * n + i] = scale;
}

/* BFGS update of the inverse Hessian h with step s and gradient change y. */
static void
bfgs_update(int n, double *h, const double *s, const double *y)
{
	double hy[N_MAX], rho, yhy;
	int i, j;

	rho = 1 / dot(n, y, s);
	for (i = 0; i < n; i++)
		hy[i] = dot(n, h + i * n, y);
	yhy = dot(n, y, hy);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			h[i * n + j] += rho * ((1 + rho * yhy) * s[i] * s[j] -
			    hy[i] * s[j] - s[i] * hy[j]);
}

/* BFGS state between iterations. */
struct bfgs {
	struct problem *p;
	const struct crm_optim_options *opt;
	double x[N_MAX], g[N_MAX], h[N_MAX * N_MAX], f;
	int iterations, fresh_h;
};

/* 1 if some |x_i| passed the caller's limit, or some x_i its own. */
static int
ran_off(const struct crm_optim_options *opt, int n, const double *x)
{
	int i;

	if (opt->x_limit > 0 && max_abs(n, x) > opt->x_limit)
		return 1;
	for (i = 0; opt->x_upper != NULL && i < n; i++)
		if (x[i] > opt->x_upper[i])
			return 1;
	return 0;
}

static int
gradient_small(const struct bfgs *b, double tol)
{
	return max_abs(b->p->n, b->g) <= tol * fmax(1, fabs(b->f));
}

/* One BFGS iteration; returns 0 on progress, -1 when it cannot go on. */
static int
bfgs_iteration(struct bfgs *b)
{
	struct line_search ls;
	double dir[N_MAX] = { 0 }, xn[N_MAX], gn[N_MAX], s[N_MAX], y[N_MAX];
	double step0 = 1;
	int i, n = b->p->n;

	for (i = 0; i < n; i++)
		dir[i] = -dot(n, b->h + i * n, b->g);
	if (!(dot(n, dir, b->g) < 0)) {
		set_identity(n, b->h, 1);
		b->fresh_h = 1;
		for (i = 0; i < n; i++)
			dir[i] = -b->g[i];
	}
	if (b->fresh_h)
		step0 = fmin(1, 0.5 / max_abs(n, dir));
	ls = (struct line_search){ b->p, b->x, dir, b->f, dot(n, dir, b->g),
	    xn, gn, 0, 0 };
	if (wolfe_search(&ls, step0) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		s[i] = xn[i] - b->x[i];
		y[i] = gn[i] - b->g[i];
	}
	if (dot(n, s, y) > 1e-12 * sqrt(dot(n, s, s) * dot(n, y, y))) {
		if (b->fresh_h)
			set_identity(n, b->h, dot(n, s, y) / dot(n, y, y));
		bfgs_update(n, b->h, s, y);
		b->fresh_h = 0;
	}
	memcpy(b->x, xn, n * sizeof *xn);
	memcpy(b->g, gn, n * sizeof *gn);
	b->f = ls.best_f;
	return 0;
}

/*
 * Run BFGS from b->x (b->f, b->g set).  Returns 1 when the gradient test
 * is met, 0 when it stopped otherwise.
 */
static int
bfgs_run(struct bfgs *b, int max_iter, const char **why)
{
	double tol = b->opt->grad_tol, f_old;
	int stalls = 0;

	set_identity(b->p->n, b->h, 1);
	b->fresh_h = 1;
	for (; b->iterations < max_iter; ) {
		if (gradient_small(b, tol))
			return *why = "gradient test met", 1;
		f_old = b->f;
		if (bfgs_iteration(b) != 0) {
			if (gradient_small(b, 100 * tol))
				return *why = "no further decrease, gradient "
				    "small", 1;
			if (b->fresh_h)
				return *why = "line search failed", 0;
			/* Retry once along the gradient before giving up. */
			set_identity(b->p->n, b->h, 1);
			b->fresh_h = 1;
			continue;
		}
		b->iterations++;
		if (ran_off(b->opt, b->p->n, b->x))
			return *why = "a variable ran off past its limit", 0;
		if (b->opt->progress)
			b->opt->progress(b->iterations, b->f,
			    b->opt->progress_ctx);
		stalls = f_old - b->f <= 1e-15 * fmax(1, fabs(b->f)) ?
		    stalls + 1 : 0;
		if (stalls >= 3)
			return *why = "no further decrease", gradient_small(b,
			    100 * tol);
	}
	if (gradient_small(b, tol))
		return *why = "gradient test met", 1;
	return *why = "iteration limit reached", 0;
}

/* Nelder-Mead simplex: n + 1 vertices and their values. */
struct simplex {
	int n;
	double v[N_MAX + 1][N_MAX], f[N_MAX + 1];
};

static void
simplex_sort(struct simplex *sx)
{
	int i, j;

	for (i = 1; i <= sx->n; i++)
		for (j = i; j > 0 && sx->f[j] < sx->f[j - 1]; j--) {
			double t[N_MAX], tf = sx->f[j];

			memcpy(t, sx->v[j], sizeof t);
			memcpy(sx->v[j], sx->v[j - 1], sizeof t);
			memcpy(sx->v[j - 1], t, sizeof t);
			sx->f[j] = sx->f[j - 1];
			sx->f[j - 1] = tf;
		}
}

/* centroid + coef * (centroid - worst), evaluated into out / *fout. */
static void
simplex_probe(struct problem *p, const struct simplex *sx,
    const double *centroid, double coef, double *out, double *fout)
{
	int i, n = sx->n;

	for (i = 0; i < n; i++)
		out[i] = centroid[i] + coef * (centroid[i] - sx->v[n][i]);
	*fout = evaluate(p, out, NULL);
	if (!isfinite(*fout))
		*fout = INFINITY;
}

static void
simplex_replace_worst(struct simplex *sx, const double *x, double f)
{
	memcpy(sx->v[sx->n], x, sx->n * sizeof *x);
	sx->f[sx->n] = f;
}

static void
simplex_shrink(struct problem *p, struct simplex *sx)
{
	int i, j, n = sx->n;

	for (i = 1; i <= n; i++) {
		for (j = 0; j < n; j++)
			sx->v[i][j] = sx->v[0][j] + 0.5 * (sx->v[i][j] -
			    sx->v[0][j]);
		sx->f[i] = evaluate(p, sx->v[i], NULL);
		if (!isfinite(sx->f[i]))
			sx->f[i] = INFINITY;
	}
}

/* One Nelder-Mead move (reflect, expand, contract or shrink). */
static void
simplex_move(struct problem *p, struct simplex *sx)
{
	double centroid[N_MAX] = { 0 }, xr[N_MAX], xt[N_MAX], fr, ft;
	int i, j, n = sx->n;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			centroid[j] += sx->v[i][j] / n;
	simplex_probe(p, sx, centroid, 1, xr, &fr);
	if (fr < sx->f[0]) {
		simplex_probe(p, sx, centroid, 2, xt, &ft);
		if (ft < fr)
			simplex_replace_worst(sx, xt, ft);
		else
			simplex_replace_worst(sx, xr, fr);
	} else if (fr < sx->f[n - 1]) {
		simplex_replace_worst(sx, xr, fr);
	} else {
		double coef = fr < sx->f[n] ? 0.5 : -0.5;

		simplex_probe(p, sx, centroid, coef, xt, &ft);
		if (ft < fmin(fr, sx->f[n]))
			simplex_replace_worst(sx, xt, ft);
		else
			simplex_shrink(p, sx);
	}
	simplex_sort(sx);
}

static int
simplex_converged(const struct simplex *sx)
{
	double size = 0;
	int i, j;

	for (i = 1; i <= sx->n; i++)
		for (j = 0; j < sx->n; j++)
			size = fmax(size, fabs(sx->v[i][j] - sx->v[0][j]));
	return size <= 1e-9 && sx->f[sx->n] - sx->f[0] <= 1e-13 *
	    fmax(1, fabs(sx->f[0]));
}

/* Nelder-Mead from x (value f); x and *f get the best vertex. */
static int
nelder_mead(struct problem *p, const struct crm_optim_options *opt,
    double *x, double *f)
{
	struct simplex sx;
	int i, iter;

	sx.n = p->n;
	for (i = 0; i <= p->n; i++) {
		memcpy(sx.v[i], x, p->n * sizeof *x);
		if (i > 0)
			sx.v[i][i - 1] += 0.25;
		sx.f[i] = i == 0 ? *f : evaluate(p, sx.v[i], NULL);
		if (!isfinite(sx.f[i]))
			sx.f[i] = INFINITY;
	}
	simplex_sort(&sx);
	for (iter = 0; iter < NM_MAX_ITER && !simplex_converged(&sx) &&
	    !ran_off(opt, p->n, sx.v[0]); iter++)
		simplex_move(p, &sx);
	memcpy(x, sx.v[0], p->n * sizeof *x);
	*f = sx.f[0];
	return iter;
}

static void
finish(struct bfgs *b, struct crm_optim_result *res, int converged,
    int method, const char *why)
{
	res->value = b->f;
	res->grad_norm = max_abs(b->p->n, b->g);
	res->iterations = b->iterations;
	res->evaluations = b->p->evaluations;
	res->converged = converged;
	res->method = method;
	res->message = why;
}

int
crm_minimize(crm_objective_fn *fn, void *ctx, int n, double *x,
    const struct crm_optim_options *opt, struct crm_optim_result *res)
{
	struct crm_optim_options o = *opt;
	struct problem p = { fn, ctx, n, opt->has_gradient, 0 };
	struct bfgs b;
	const char *why;
	int ok;

	memset(res, 0, sizeof *res);
	if (n < 1 || n > N_MAX)
		return CRM_MODEL_EINVAL;
	if (o.max_iter <= 0)
		o.max_iter = 200;
	if (o.grad_tol <= 0)
		o.grad_tol = o.has_gradient ? 1e-9 : 1e-7;
	memset(&b, 0, sizeof b);
	b.p = &p;
	b.opt = &o;
	memcpy(b.x, x, n * sizeof *x);
	b.f = evaluate(&p, b.x, b.g);
	if (!isfinite(b.f) || !isfinite(max_abs(n, b.g))) {
		finish(&b, res, 0, CRM_OPTIM_BFGS, "not finite at the start");
		return CRM_MODEL_ENONFINITE;
	}
	ok = bfgs_run(&b, o.max_iter, &why);
	if (!ok && ran_off(&o, n, b.x)) {
		memcpy(x, b.x, n * sizeof *x);
		finish(&b, res, 0, CRM_OPTIM_BFGS, why);
		return CRM_MODEL_ENOCONV;
	}
	if (!ok) {
		/* Fallback: Nelder-Mead from the best point, then BFGS again. */
		b.iterations += nelder_mead(&p, &o, b.x, &b.f);
		b.f = evaluate(&p, b.x, b.g);
		ok = !ran_off(&o, n, b.x) && bfgs_run(&b, b.iterations +
		    o.max_iter, &why);
		if (!ok && gradient_small(&b, 1e3 * o.grad_tol))
			ok = 1, why = "gradient test met after Nelder-Mead";
		memcpy(x, b.x, n * sizeof *x);
		finish(&b, res, ok, CRM_OPTIM_NELDER_MEAD, why);
		return ok ? CRM_MODEL_OK : CRM_MODEL_ENOCONV;
	}
	memcpy(x, b.x, n * sizeof *x);
	finish(&b, res, 1, CRM_OPTIM_BFGS, why);
	return CRM_MODEL_OK;
}

/* Hessian from central differences of the gradient. */
static int
hessian_from_gradient(struct problem *p, const double *x, double *hess)
{
	double xs[N_MAX], gu[N_MAX], gd[N_MAX];
	int i, j, n = p->n;

	memcpy(xs, x, n * sizeof *x);
	for (i = 0; i < n; i++) {
		double h = 1e-5 * fmax(1, fabs(x[i]));

		xs[i] = x[i] + h;
		if (!isfinite(evaluate(p, xs, gu)))
			return CRM_MODEL_ENONFINITE;
		xs[i] = x[i] - h;
		if (!isfinite(evaluate(p, xs, gd)))
			return CRM_MODEL_ENONFINITE;
		xs[i] = x[i];
		for (j = 0; j < n; j++)
			hess[i * n + j] = (gu[j] - gd[j]) / (2 * h);
	}
	return CRM_MODEL_OK;
}

/* f at x + di * h_i e_i + dj * h_j e_j. */
static double
shifted(struct problem *p, const double *x, int i, double di, int j,
    double dj, const double *h)
{
	double xs[N_MAX];

	memcpy(xs, x, p->n * sizeof *x);
	xs[i] += di * h[i];
	xs[j] += dj * h[j];
	return evaluate(p, xs, NULL);
}

/* Hessian from second differences of f. */
static int
hessian_from_values(struct problem *p, const double *x, double *hess)
{
	double h[N_MAX], f0 = evaluate(p, x, NULL);
	int i, j, n = p->n;

	for (i = 0; i < n; i++)
		h[i] = 2e-4 * fmax(1, fabs(x[i]));
	for (i = 0; i < n; i++) {
		hess[i * n + i] = (shifted(p, x, i, 1, i, 0, h) - 2 * f0 +
		    shifted(p, x, i, -1, i, 0, h)) / (h[i] * h[i]);
		for (j = 0; j < i; j++)
			hess[i * n + j] = (shifted(p, x, i, 1, j, 1, h) -
			    shifted(p, x, i, 1, j, -1, h) -
			    shifted(p, x, i, -1, j, 1, h) +
			    shifted(p, x, i, -1, j, -1, h)) /
			    (4 * h[i] * h[j]);
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			hess[i * n + j] = hess[j * n + i];
	return CRM_MODEL_OK;
}

int
crm_hessian_fd(crm_objective_fn *fn, void *ctx, int n, const double *x,
    int has_gradient, double *hess)
{
	struct problem p = { fn, ctx, n, 1, 0 };
	int i, j, status;

	if (n < 1 || n > N_MAX)
		return CRM_MODEL_EINVAL;
	if (has_gradient)
		status = hessian_from_gradient(&p, x, hess);
	else
		status = hessian_from_values(&p, x, hess);
	if (status != CRM_MODEL_OK)
		return status;
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++) {
			double m = 0.5 * (hess[i * n + j] + hess[j * n + i]);

			hess[i * n + j] = hess[j * n + i] = m;
		}
	for (i = 0; i < n * n; i++)
		if (!isfinite(hess[i]))
			return CRM_MODEL_ENONFINITE;
	return CRM_MODEL_OK;
}

int
crm_spd_inverse(int n, const double *m, double *inv)
{
	double l[N_MAX * N_MAX] = { 0 }, col[N_MAX];
	int i, j, k;

	if (n < 1 || n > N_MAX)
		return CRM_MODEL_EINVAL;
	for (j = 0; j < n; j++) {
		double d = m[j * n + j];

		for (k = 0; k < j; k++)
			d -= l[j * n + k] * l[j * n + k];
		if (!(d > 0))
			return CRM_MODEL_EDOMAIN;
		l[j * n + j] = sqrt(d);
		for (i = j + 1; i < n; i++) {
			double s = m[i * n + j];

			for (k = 0; k < j; k++)
				s -= l[i * n + k] * l[j * n + k];
			l[i * n + j] = s / l[j * n + j];
		}
	}
	/* Solve L L' col = e_c for each column c. */
	for (k = 0; k < n; k++) {
		for (i = 0; i < n; i++) {
			double s = i == k;

			for (j = 0; j < i; j++)
				s -= l[i * n + j] * col[j];
			col[i] = s / l[i * n + i];
		}
		for (i = n - 1; i >= 0; i--) {
			double s = col[i];

			for (j = i + 1; j < n; j++)
				s -= l[j * n + i] * col[j];
			col[i] = s / l[i * n + i];
		}
		for (i = 0; i < n; i++)
			inv[i * n + k] = col[i];
	}
	return CRM_MODEL_OK;
}
