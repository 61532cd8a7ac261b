/*
 * btyd_fit.c: maximum-likelihood fit of the BTYD models in btyd.h.
 * Rows with the same (x, t_x, T) are collapsed into one weighted group;
 * what depends on x only (lgamma, lbeta, digamma) is computed once per
 * distinct x per evaluation; the sum over groups may be split across
 * the threads of one pool (workers.h), started once per fit, each writing
 * its own partial sums (no shared mutable state).
 */
#include "btyd.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logfit.h"
#include "special.h"
#include "workers.h"

#define MAX_THREADS	16
/* Below this many groups threads cost more than they save. */
#define THREAD_MIN_GROUPS	20000

/* The distinct rows: group i has x = xval[xi[i]], t_x, T and weight w. */
struct groups {
	size_t n, nx;
	uint32_t *xi;
	double *t_x, *T, *w, *xval;
};

/* What BG/NBD and MBG/NBD need per distinct x (see bg_terms in btyd.c). */
struct x_terms {
	double common, rx, log_c, active;
	double d_common[4];	/* derivatives by r, alpha, a, b */
	double d_log_c_a, d_log_c_b;
};

/*
 * Partial sums of one thread: [0] the log-likelihood, [1..4] its
 * gradient, each with a Neumaier compensation term, so that a million
 * terms add up to full precision (the line search needs that near the
 * optimum, and the threads then agree with one thread).
 */
struct partial {
	double sum[5], comp[5];
};

struct objective;

/* One thread's share of the groups, lo .. hi - 1, and its sums. */
struct worker {
	const struct objective *obj;
	size_t lo, hi;
	struct partial sum;
};

struct objective {
	enum crm_btyd_kind kind;
	const struct groups *g;
	struct x_terms *xt;
	double penalty, par[4];
	int threads, failed;
	struct workers *pool;		/* with threads > 1 */
	struct worker share[MAX_THREADS];
};

static void
free_groups(struct groups *g)
{
	free(g->xi);
	free(g->t_x);
	free(g->T);
	free(g->w);
	free(g->xval);
	memset(g, 0, sizeof *g);
}

static int
alloc_groups(struct groups *g, size_t n)
{
	memset(g, 0, sizeof *g);
	g->xi = malloc((n ? n : 1) * sizeof *g->xi);
	g->t_x = malloc((n ? n : 1) * sizeof *g->t_x);
	g->T = malloc((n ? n : 1) * sizeof *g->T);
	g->w = malloc((n ? n : 1) * sizeof *g->w);
	g->xval = malloc((n ? n : 1) * sizeof *g->xval);
	if (!g->xi || !g->t_x || !g->T || !g->w || !g->xval) {
		free_groups(g);
		return CRM_MODEL_ENOMEM;
	}
	return CRM_MODEL_OK;
}

static uint64_t
mix_bits(uint64_t h, double v)
{
	uint64_t bits;

	v += 0.0;		/* -0 and +0 hash alike */
	memcpy(&bits, &v, sizeof bits);
	h ^= bits + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 29);
}

/*
 * The hash slot for (x, t_x, T): empty (0) or holding the number + 1 of
 * the group with that key (open addressing, linear probing).
 */
static size_t
find_slot(const size_t *slots, size_t mask, const struct groups *g,
    double x, double t_x, double T)
{
	size_t k = mix_bits(mix_bits(mix_bits(0, x), t_x), T) & mask;

	for (;; k = (k + 1) & mask) {
		size_t gi = slots[k];

		if (gi == 0 || (g->xval[gi - 1] == x &&
		    g->t_x[gi - 1] == t_x && g->T[gi - 1] == T))
			return k;
	}
}

/*
 * Collapse identical rows (in order of first appearance); the group's x
 * goes to xval temporarily, turned into an index by index_x_values.
 */
static int
collapse_rows(const struct crm_btyd_data *d, int grouping, struct groups *g)
{
	size_t cap = 16, i, *slots = NULL;

	if (alloc_groups(g, d->n) != CRM_MODEL_OK)
		return CRM_MODEL_ENOMEM;
	while (grouping && cap < 2 * d->n)
		cap *= 2;
	if (grouping && (slots = calloc(cap, sizeof *slots)) == NULL) {
		free_groups(g);
		return CRM_MODEL_ENOMEM;
	}
	for (i = 0; i < d->n; i++) {
		double w = d->weight ? d->weight[i] : 1;
		size_t k = 0;

		if (w == 0)
			continue;
		if (grouping) {
			k = find_slot(slots, cap - 1, g, d->x[i], d->t_x[i],
			    d->T[i]);
			if (slots[k] != 0) {
				g->w[slots[k] - 1] += w;
				continue;
			}
			slots[k] = g->n + 1;
		}
		g->xval[g->n] = d->x[i];
		g->t_x[g->n] = d->t_x[i];
		g->T[g->n] = d->T[i];
		g->w[g->n++] = w;
	}
	free(slots);
	return CRM_MODEL_OK;
}

static int
compare_double(const void *a, const void *b)
{
	double u = *(const double *)a, v = *(const double *)b;

	return (u > v) - (u < v);
}

/* Replace each group's x by an index into the sorted distinct values. */
static int
index_x_values(struct groups *g)
{
	double *sorted;
	size_t i, nx = 0;

	if ((sorted = malloc((g->n ? g->n : 1) * sizeof *sorted)) == NULL)
		return CRM_MODEL_ENOMEM;
	memcpy(sorted, g->xval, g->n * sizeof *sorted);
	qsort(sorted, g->n, sizeof *sorted, compare_double);
	for (i = 0; i < g->n; i++)
		if (nx == 0 || sorted[i] != sorted[nx - 1])
			sorted[nx++] = sorted[i];
	for (i = 0; i < g->n; i++) {
		size_t lo = 0, hi = nx - 1;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (sorted[mid] < g->xval[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		g->xi[i] = (uint32_t)lo;
	}
	memcpy(g->xval, sorted, nx * sizeof *sorted);
	g->nx = nx;
	free(sorted);
	return CRM_MODEL_OK;
}

/* Per-x terms of BG/NBD (FHL 2005, eq. 6) and MBG/NBD and derivatives. */
static void
fill_x_terms(struct objective *o)
{
	double r = o->par[0], alpha = o->par[1], a = o->par[2], b = o->par[3];
	double shift = o->kind == CRM_MBGNBD, base, psi_r, psi_ab, lb_ab;
	size_t k;

	psi_r = crm_digamma(r);
	psi_ab = crm_digamma(a + b);
	lb_ab = crm_lbeta(a, b);
	base = crm_digamma(b);
	for (k = 0; k < o->g->nx; k++) {
		struct x_terms *t = &o->xt[k];
		double x = o->g->xval[k], kx = x + shift;
		double psi_abk = crm_digamma(a + b + kx);

		t->rx = r + x;
		t->common = crm_lgamma(r + x) - crm_lgamma(r) + r * log(alpha) +
		    crm_lbeta(a, b + kx) - lb_ab;
		t->d_common[0] = crm_digamma(r + x) - psi_r + log(alpha);
		t->d_common[1] = r / alpha;
		t->d_common[2] = psi_ab - psi_abk;
		t->d_common[3] = crm_digamma(b + kx) - psi_abk - base + psi_ab;
		t->active = kx > 0;
		t->log_c = kx > 0 ? log(a / (b + kx - 1)) : 0;
		t->d_log_c_a = 1 / a;
		t->d_log_c_b = kx > 0 ? -1 / (b + kx - 1) : 0;
	}
}

static void
add_compensated(struct partial *s, int k, double v)
{
	double t = s->sum[k] + v;

	if (fabs(s->sum[k]) >= fabs(v))
		s->comp[k] += (s->sum[k] - t) + v;
	else
		s->comp[k] += (v - t) + s->sum[k];
	s->sum[k] = t;
}

/* Add one group's weighted log-likelihood and gradient (natural scale)
   to block[0..4]. */
static void
add_group(const struct objective *o, size_t i, double *block)
{
	const struct groups *g = o->g;
	const struct x_terms *t = &o->xt[g->xi[i]];
	double alpha = o->par[1], w = g->w[i];
	double inv_T = 1 / (alpha + g->T[i]), l_T = log(alpha + g->T[i]);
	double ll = t->common - t->rx * l_T;
	double gr = t->d_common[0] - l_T;
	double ga = t->d_common[1] - t->rx * inv_T;
	double gA = t->d_common[2], gB = t->d_common[3];

	if (t->active) {
		double l_tx = log(alpha + g->t_x[i]), inv_tx = 1 / (alpha +
		    g->t_x[i]);
		double u = t->log_c + t->rx * (l_T - l_tx);
		double e = exp(-fabs(u));
		double sigma = u >= 0 ? 1 / (1 + e) : e / (1 + e);

		ll += fmax(u, 0) + log1p(e);
		gr += sigma * (l_T - l_tx);
		ga += sigma * t->rx * (inv_T - inv_tx);
		gA += sigma * t->d_log_c_a;
		gB += sigma * t->d_log_c_b;
	}
	block[0] += w * ll;
	block[1] += w * gr;
	block[2] += w * ga;
	block[3] += w * gA;
	block[4] += w * gB;
}

/* Groups summed plainly before their block sum joins the compensated
   total: rounding stays tiny and the compensation costs little. */
#define BLOCK	256

static void
sum_share(struct worker *wk)
{
	size_t i, end;
	int k;

	memset(&wk->sum, 0, sizeof wk->sum);
	for (i = wk->lo; i < wk->hi; i = end) {
		double block[5] = { 0, 0, 0, 0, 0 };

		end = wk->hi - i > BLOCK ? i + BLOCK : wk->hi;
		for (; i < end; i++)
			add_group(wk->obj, i, block);
		for (k = 0; k < 5; k++)
			add_compensated(&wk->sum, k, block[k]);
	}
}

/* Worker i of the pool sums share i (workers.h). */
static void
run_share(void *ctx, int i, unsigned long batch)
{
	struct objective *o = ctx;

	(void)batch;
	sum_share(&o->share[i]);
}

/* Sum over all groups, split into o->threads shares. */
static void
bg_sum(struct objective *o, struct partial *total)
{
	int i, j, nt = o->threads;
	size_t n = o->g->n;

	fill_x_terms(o);
	for (i = 0; i < nt; i++)
		o->share[i] = (struct worker){ o, n * i / nt,
		    n * (i + 1) / nt, { { 0 }, { 0 } } };
	if (o->pool != NULL)
		workers_run(o->pool);
	else
		sum_share(&o->share[0]);
	memset(total, 0, sizeof *total);
	for (i = 0; i < nt; i++)
		for (j = 0; j < 5; j++) {
			add_compensated(total, j, o->share[i].sum.sum[j]);
			add_compensated(total, j, o->share[i].sum.comp[j]);
		}
}

/* Pareto/NBD: plain sum of the row log-likelihoods (no gradient). */
static double
pnbd_sum(const struct objective *o)
{
	struct crm_btyd m = { CRM_PNBD, { 0 } };
	const struct groups *g = o->g;
	double sum = 0;
	size_t i;

	memcpy(m.par, o->par, sizeof m.par);
	for (i = 0; i < g->n; i++) {
		double v;

		if (crm_btyd_loglik_row(&m, g->xval[g->xi[i]], g->t_x[i],
		    g->T[i], &v) != CRM_MODEL_OK)
			return NAN;
		sum += g->w[i] * v;
	}
	return sum;
}

/* Total log-likelihood at o->par, with its gradient in natural scale. */
static double
total_loglik(struct objective *o, double *grad)
{
	struct partial s;
	int j;

	if (o->kind == CRM_PNBD)
		return pnbd_sum(o);

	bg_sum(o, &s);
	for (j = 0; grad && j < 4; j++)
		grad[j] = s.sum[j + 1] + s.comp[j + 1];
	return s.sum[0] + s.comp[0];
}

/* -LL + penalty * |theta|^2 in the log-parameters theta (logfit.h). */
static double
objective_fn(const double *theta, double *grad, void *ctx)
{
	struct objective *o = ctx;
	double g[4], ll;

	if (!crm_logfit_params(4, theta, o->par))
		return INFINITY;
	ll = total_loglik(o, grad ? g : NULL);
	return crm_logfit_objective(4, theta, o->par, ll, g, o->penalty,
	    grad);
}

/* Validate every row; count the weight and the weight with x > 0. */
static int
check_rows(const struct crm_btyd_data *d, struct crm_btyd_fit *fit,
    double *repeat_weight)
{
	size_t i;

	fit->customers = *repeat_weight = 0;
	for (i = 0; i < d->n; i++) {
		double w = d->weight ? d->weight[i] : 1;
		const char *why;

		if (crm_btyd_check_row(d->x[i], d->t_x[i], d->T[i], &why) !=
		    CRM_MODEL_OK || !(w >= 0 && isfinite(w))) {
			fit->bad_row = i;
			fit->message = w >= 0 && isfinite(w) ? why :
			    "weight must be a finite number >= 0";
			return CRM_MODEL_EINVAL;
		}
		fit->customers += w;
		if (d->x[i] > 0)
			*repeat_weight += w;
	}
	return CRM_MODEL_OK;
}

/* Starting point: r = 1, alpha = mean T / mean x, a = 1, b = 1 (or s, beta
   = mean T for Pareto/NBD). */
static void
start_point(const struct groups *g, enum crm_btyd_kind kind,
    const double *start, double *theta)
{
	double sw = 0, sx = 0, sT = 0;
	size_t i;

	if (crm_logfit_start(4, start, theta))
		return;
	for (i = 0; i < g->n; i++) {
		sw += g->w[i];
		sx += g->w[i] * g->xval[g->xi[i]];
		sT += g->w[i] * g->T[i];
	}
	theta[0] = 0;
	theta[1] = log(fmax(sT, 1e-3 * sw) / fmax(sx, 1e-3 * sw));
	theta[2] = 0;
	theta[3] = kind == CRM_PNBD ? log(fmax(sT / sw, 1e-3)) : 0;
}

static int
auto_threads(const struct crm_btyd_fit_options *opt, size_t groups,
    enum crm_btyd_kind kind)
{
	long cpus;

	if (kind == CRM_PNBD)
		return 1;
	if (opt->threads > 0)
		return opt->threads < MAX_THREADS ? opt->threads : MAX_THREADS;
	if (groups < THREAD_MIN_GROUPS)
		return 1;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus < 1 ? 1 : cpus > 4 ? 4 : (int)cpus;
}

/* Copy the optimizer's outcome into fit and decide the final status. */
static int
finish_fit(const struct crm_logfit *lf, const double *theta, int status,
    const struct crm_optim_result *res, struct crm_btyd_fit *fit)
{
	struct objective *o = lf->ctx;
	int i, check;

	fit->iterations = res->iterations;
	fit->evaluations = res->evaluations;
	fit->method = res->method;
	fit->converged = status == CRM_MODEL_OK;
	fit->message = res->message;
	for (i = 0; i < 4; i++)
		fit->model.par[i] = exp(theta[i]);
	o->penalty = 0;
	if (objective_fn(theta, NULL, o) == INFINITY || o->failed) {
		fit->converged = 0;
		fit->message = o->failed ? crm_model_strerror(o->failed) :
		    "log-likelihood not finite at the estimates";
		return o->failed ? o->failed : CRM_MODEL_ENONFINITE;
	}
	fit->loglik = total_loglik(o, NULL);
	check = crm_logfit_check(lf, theta, fit->se, &fit->se_ok,
	    &fit->message);
	if (check != CRM_MODEL_OK) {
		fit->converged = 0;
		return check;
	}
	if (status == CRM_MODEL_ENOCONV)
		fit->message = "the optimizer did not converge";
	return status;
}

/*
 * Pareto/NBD: past alpha or beta = 100 T (T the longest observation) the
 * rate distributions are so narrow that the likelihood is a flat ridge,
 * and each 2F1 of the likelihood needs thousands of terms (its argument
 * nears 1): the fit stops there as not identified rather than crawl.
 */
static void
scale_limits(const struct groups *g, double upper[4])
{
	double longest = 0;
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->T[i] > longest)
			longest = g->T[i];
	upper[0] = upper[2] = CRM_LOGFIT_LIMIT;
	upper[1] = upper[3] = log(100 * fmax(longest, 1));
}

static int
fit_groups(enum crm_btyd_kind kind, struct groups *g,
    const struct crm_btyd_fit_options *opt, struct crm_btyd_fit *fit)
{
	double upper[4];

	struct objective o = { .kind = kind, .g = g, .penalty = opt->penalty,
	    .threads = 1 };
	struct crm_logfit lf = { .objective = objective_fn, .ctx = &o,
	    .n = 4, .has_gradient = kind != CRM_PNBD,
	    .max_iter = opt->max_iter, .progress = opt->progress,
	    .progress_ctx = opt->progress_ctx };
	struct crm_optim_result res;
	double theta[4];
	int status;

	o.threads = auto_threads(opt, g->n, kind);
	if (kind == CRM_PNBD) {
		scale_limits(g, upper);
		lf.upper = upper;
	}
	if ((o.xt = malloc(g->nx * sizeof *o.xt)) == NULL)
		return CRM_MODEL_ENOMEM;
	if (o.threads > 1)
		o.pool = workers_start(o.threads, run_share, &o);
	start_point(g, kind, opt->start, theta);
	status = crm_logfit_minimize(&lf, theta, &res, &fit->message);
	if (status != CRM_MODEL_ENONFINITE)
		status = finish_fit(&lf, theta, status, &res, fit);
	if (o.pool != NULL)
		workers_stop(o.pool);
	free(o.xt);
	return status;
}

int
crm_btyd_fit(enum crm_btyd_kind kind, const struct crm_btyd_data *d,
    const struct crm_btyd_fit_options *opt, struct crm_btyd_fit *fit)
{
	static const struct crm_btyd_fit_options defaults;
	struct groups g;
	double repeat_weight;
	int status;

	memset(fit, 0, sizeof *fit);
	fit->model.kind = kind;
	if (opt == NULL)
		opt = &defaults;
	if ((status = check_rows(d, fit, &repeat_weight)) != CRM_MODEL_OK)
		return status;
	if (!(fit->customers > 0)) {
		fit->message = "no customers to fit";
		return CRM_MODEL_EINVAL;
	}
	if (!(repeat_weight > 0)) {
		fit->message = "no repeat purchases (every x is 0): "
		    "the model cannot be fitted";
		return CRM_MODEL_EDEGENERATE;
	}
	status = collapse_rows(d, !opt->no_grouping, &g);
	if (status == CRM_MODEL_OK)
		status = index_x_values(&g);
	if (status != CRM_MODEL_OK) {
		free_groups(&g);
		fit->message = crm_model_strerror(status);
		return status;
	}
	fit->groups = g.n;
	status = fit_groups(kind, &g, opt, fit);
	free_groups(&g);
	return status;
}
