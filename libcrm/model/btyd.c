/*
 * btyd.c: per-customer formulas of BG/NBD, MBG/NBD and Pareto/NBD:
 * likelihood, P(alive), expected purchases.  The fit is in btyd_fit.c.
 */
#include "btyd.h"

#include <math.h>
#include <strings.h>

#include "special.h"

/* Half-width of the interpolation around a = 1, where b/(a-1) is 0/0. */
#define A_NEAR_ONE	1e-5

int
crm_btyd_kind_parse(const char *name, enum crm_btyd_kind *kind)
{
	static const struct {
		const char *name;
		enum crm_btyd_kind kind;
	} names[] = {
		{ "bgnbd", CRM_BGNBD }, { "bg/nbd", CRM_BGNBD },
		{ "mbgnbd", CRM_MBGNBD }, { "mbg/nbd", CRM_MBGNBD },
		{ "pnbd", CRM_PNBD }, { "pareto/nbd", CRM_PNBD },
		{ "pareto", CRM_PNBD }, { "paretonbd", CRM_PNBD },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*kind = names[i].kind;
			return CRM_MODEL_OK;
		}
	return CRM_MODEL_EINVAL;
}

const char *
crm_btyd_kind_name(enum crm_btyd_kind kind)
{
	return kind == CRM_BGNBD ? "bgnbd" : kind == CRM_MBGNBD ? "mbgnbd" :
	    "pnbd";
}

const char *
crm_btyd_param_name(enum crm_btyd_kind kind, int i)
{
	static const char *const bg[] = { "r", "alpha", "a", "b" };
	static const char *const pareto[] = { "r", "alpha", "s", "beta" };

	if (i < 0 || i > 3)
		return "";
	return kind == CRM_PNBD ? pareto[i] : bg[i];
}

int
crm_btyd_check_row(double x, double t_x, double T, const char **why)
{
	if (!isfinite(x) || x < 0 || x != floor(x))
		*why = "x must be a whole number >= 0";
	else if (!isfinite(T) || T < 0)
		*why = "T must be a finite number >= 0";
	else if (!isfinite(t_x) || t_x < 0 || t_x > T)
		*why = "t_x must be between 0 and T";
	else if (x == 0 && t_x != 0)
		*why = "t_x must be 0 when x is 0";
	else
		return CRM_MODEL_OK;
	return CRM_MODEL_EINVAL;
}

static int
check_params(const struct crm_btyd *m)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!(m->par[i] > 0) || !isfinite(m->par[i]))
			return CRM_MODEL_EDOMAIN;
	return CRM_MODEL_OK;
}

/* 1 for MBG/NBD, whose customers may drop out at time 0, else 0. */
static int
drop_shift(const struct crm_btyd *m)
{
	return m->kind == CRM_MBGNBD;
}

/*
 * BG/NBD (FHL 2005, eq. 6) and MBG/NBD: log of the two likelihood terms,
 * "alive at T" and "dropped out after the last purchase" (-inf when
 * impossible), with k = x (BG) or x + 1 (MBG) chances to drop out:
 * B(a, b+k)/B(a,b) G(r+x)/G(r) alpha^r / (alpha+T)^(r+x) and
 * B(a+1, b+k-1)/B(a,b) G(r+x)/G(r) alpha^r / (alpha+t_x)^(r+x).
 */
static void
bg_terms(const struct crm_btyd *m, double x, double t_x, double T,
    double *alive, double *dropped)
{
	double r = m->par[0], alpha = m->par[1], a = m->par[2], b = m->par[3];
	double k = x + drop_shift(m);
	double common = crm_lgamma(r + x) - crm_lgamma(r) + r * log(alpha) +
	    crm_lbeta(a, b + k) - crm_lbeta(a, b);

	*alive = common - (r + x) * log(alpha + T);
	*dropped = k > 0 ? common + log(a / (b + k - 1)) - (r + x) *
	    log(alpha + t_x) : -INFINITY;
}

/*
 * log of I(t) = integral from t to infinity of (alpha+tau)^-A
 * (beta+tau)^-B dtau, A = r+x, B = s+1, as a 2F1 expanded around the
 * larger of alpha, beta (Fader & Hardie 2005 note, eq. 22-24, after
 * Euler's transformation): for alpha >= beta
 * I = (alpha+t)^-A (beta+t)^(1-B) 2F1(1, A; A+B; z) / (A+B-1),
 * z = (alpha-beta)/(alpha+t); symmetric in (alpha, A) <-> (beta, B).
 */
static int
pnbd_log_tail(double A, double B, double alpha, double beta, double t,
    double *out)
{
	double hi = alpha >= beta ? alpha : beta, lo = alpha >= beta ? beta :
	    alpha;
	double e_hi = alpha >= beta ? A : B, e_lo = alpha >= beta ? B : A;
	double z = (hi - lo) / (hi + t), lf;
	int sign, status;

	status = crm_log_hyp2f1(1, e_hi, A + B, z, &lf, &sign);
	if (status != CRM_MODEL_OK)
		return status;
	if (sign <= 0)
		return CRM_MODEL_ENONFINITE;
	*out = -e_hi * log(hi + t) + (1 - e_lo) * log(lo + t) -
	    log(A + B - 1) + lf;
	return CRM_MODEL_OK;
}

/*
 * Pareto/NBD (Fader & Hardie 2005 note, eq. 18-19): the likelihood is
 * G(r+x)/G(r) alpha^r beta^s [(alpha+T)^-(r+x) (beta+T)^-s
 * + s * integral over (t_x, T] of (alpha+tau)^-(r+x) (beta+tau)^-(s+1)],
 * the terms "alive at T" and "dropped out in (t_x, T]".
 */
static int
pnbd_terms(const struct crm_btyd *m, double x, double t_x, double T,
    double *alive, double *dropped)
{
	double r = m->par[0], alpha = m->par[1], s = m->par[2];
	double beta = m->par[3], common, tail_tx, tail_T;
	int status;

	common = crm_lgamma(r + x) - crm_lgamma(r) + r * log(alpha) +
	    s * log(beta);
	*alive = common - (r + x) * log(alpha + T) - s * log(beta + T);
	status = pnbd_log_tail(r + x, s + 1, alpha, beta, t_x, &tail_tx);
	if (status == CRM_MODEL_OK)
		status = pnbd_log_tail(r + x, s + 1, alpha, beta, T, &tail_T);
	if (status != CRM_MODEL_OK)
		return status;
	if (tail_T >= tail_tx)
		*dropped = -INFINITY;
	else
		*dropped = common + log(s) + tail_tx +
		    log1p(-exp(tail_T - tail_tx));
	return CRM_MODEL_OK;
}

/* The two likelihood terms of any model, after checking the row. */
static int
likelihood_terms(const struct crm_btyd *m, double x, double t_x, double T,
    double *alive, double *dropped)
{
	const char *why;
	int status;

	if ((status = check_params(m)) != CRM_MODEL_OK)
		return status;
	if ((status = crm_btyd_check_row(x, t_x, T, &why)) != CRM_MODEL_OK)
		return status;
	if (m->kind == CRM_PNBD)
		return pnbd_terms(m, x, t_x, T, alive, dropped);
	bg_terms(m, x, t_x, T, alive, dropped);
	return CRM_MODEL_OK;
}

int
crm_btyd_loglik_row(const struct crm_btyd *m, double x, double t_x,
    double T, double *ll)
{
	double alive, dropped, v;
	int status;

	status = likelihood_terms(m, x, t_x, T, &alive, &dropped);
	if (status != CRM_MODEL_OK)
		return status;
	v = crm_logsumexp2(alive, dropped);
	if (!isfinite(v))
		return CRM_MODEL_ENONFINITE;
	*ll = v;
	return CRM_MODEL_OK;
}

int
crm_btyd_loglik(const struct crm_btyd *m, const struct crm_btyd_data *d,
    double *ll, size_t *bad_row)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < d->n; i++) {
		double w = d->weight ? d->weight[i] : 1, v;
		int status;

		if (w == 0)
			continue;
		status = crm_btyd_loglik_row(m, d->x[i], d->t_x[i], d->T[i],
		    &v);
		if (status == CRM_MODEL_OK && !(w > 0 && isfinite(w)))
			status = CRM_MODEL_EINVAL;
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

/*
 * BG/NBD and MBG/NBD: log(dropped / alive) = log(a/(b+k-1))
 * + (r+x) log((alpha+T)/(alpha+t_x)); the gamma functions cancel.
 */
static double
bg_log_odds_dropped(const struct crm_btyd *m, double x, double t_x,
    double T)
{
	double r = m->par[0], alpha = m->par[1], a = m->par[2], b = m->par[3];
	double k = x + drop_shift(m);

	if (k == 0)
		return -INFINITY;
	return log(a / (b + k - 1)) + (r + x) * log((alpha + T) /
	    (alpha + t_x));
}

int
crm_btyd_p_alive(const struct crm_btyd *m, double x, double t_x, double T,
    double *p)
{
	double alive, dropped, log_odds, v;
	const char *why;
	int status;

	if (m->kind == CRM_PNBD) {
		status = likelihood_terms(m, x, t_x, T, &alive, &dropped);
		log_odds = dropped - alive;
	} else {
		if ((status = check_params(m)) == CRM_MODEL_OK)
			status = crm_btyd_check_row(x, t_x, T, &why);
		log_odds = bg_log_odds_dropped(m, x, t_x, T);
	}
	if (status != CRM_MODEL_OK)
		return status;
	/* P(alive) = alive / (alive + dropped) (FHL 2005, eq. 11). */
	v = crm_logistic(-log_odds);
	if (!isfinite(v))
		return CRM_MODEL_ENONFINITE;
	*p = fmin(1, fmax(0, v));
	return CRM_MODEL_OK;
}

/*
 * 1 - (alpha/(alpha+t))^r 2F1(r, b; c; t/(alpha+t)), computed as
 * -expm1(log of the product) so that it keeps its digits when small.
 */
static int
one_minus_scaled_hyp(double r, double alpha, double b, double c, double t,
    double *out)
{
	double z = t / (alpha + t), lf;
	int sign, status;

	status = crm_log_hyp2f1(r, b, c, z, &lf, &sign);
	if (status != CRM_MODEL_OK)
		return status;
	if (sign <= 0)
		return CRM_MODEL_ENONFINITE;
	*out = -expm1(-r * log1p(t / alpha) + lf);
	return CRM_MODEL_OK;
}

/*
 * E[(1-p)/p (1 - exp(-lambda p t))] over lambda ~ Gamma(r, alpha), p ~
 * Beta(a, b): b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b;
 * t/(alpha+t))], the MBG/NBD E[X(t)], for a not close to 1.
 */
static int
survival_part(double r, double alpha, double a, double b, double t,
    double *out)
{
	double bracket;
	int status;

	status = one_minus_scaled_hyp(r, alpha, b + 1, a + b, t, &bracket);
	*out = b / (a - 1) * bracket;
	return status;
}

/* As survival_part; at a = 1 the ratio is 0/0, so within A_NEAR_ONE of
   it the value is interpolated between a = 1 -/+ A_NEAR_ONE. */
static int
expected_after_survival(double r, double alpha, double a, double b,
    double t, double *out)
{
	double lo = 0, hi = 0, w;
	int status;

	if (fabs(a - 1) >= A_NEAR_ONE)
		return survival_part(r, alpha, a, b, t, out);
	w = (a - (1 - A_NEAR_ONE)) / (2 * A_NEAR_ONE);
	status = survival_part(r, alpha, 1 - A_NEAR_ONE, b, t, &lo);
	if (status == CRM_MODEL_OK)
		status = survival_part(r, alpha, 1 + A_NEAR_ONE, b, t, &hi);
	*out = (1 - w) * lo + w * hi;
	return status;
}

/*
 * E[(1/p) (1 - exp(-lambda p t))], the BG/NBD E[X(t)] (FHL 2005, eq. 7):
 * (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))].
 * Where that form is delicate (c = a+b-1 near 0, a near 1) it is split
 * into E[1 - exp(-lambda p t)] + E[(1-p)/p (...)]: both parts have 2F1
 * with c = a + b > 0, and the 0/0 at a = 1 is handled once.
 */
static int
expected_bg(double r, double alpha, double a, double b, double t,
    double *out)
{
	double first, rest;
	int status;

	if (a + b > 1.5 && fabs(a - 1) > 0.05) {
		status = one_minus_scaled_hyp(r, alpha, b, a + b - 1, t,
		    &first);
		*out = (a + b - 1) / (a - 1) * first;
		return status;
	}
	status = one_minus_scaled_hyp(r, alpha, b, a + b, t, &first);
	if (status != CRM_MODEL_OK)
		return status;
	status = expected_after_survival(r, alpha, a, b, t, &rest);
	*out = first + rest;
	return status;
}

/* [1 - (base/(base+t))^(s-1)] / (s-1), its limit log(1+t/base) at s = 1. */
static double
pnbd_horizon(double s, double base, double t)
{
	double l = log1p(t / base);

	if (fabs(s - 1) < 1e-12)
		return l;
	return -expm1(-(s - 1) * l) / (s - 1);
}

/* Reject a negative or non-finite horizon t. */
static int
check_horizon(double t)
{
	return isfinite(t) && t >= 0 ? CRM_MODEL_OK : CRM_MODEL_EDOMAIN;
}

int
crm_btyd_expected(const struct crm_btyd *m, double t, double *e)
{
	double r = m->par[0], alpha = m->par[1], v;
	int status;

	if ((status = check_params(m)) != CRM_MODEL_OK ||
	    (status = check_horizon(t)) != CRM_MODEL_OK)
		return status;
	if (t == 0) {
		*e = 0;
		return CRM_MODEL_OK;
	}
	if (m->kind == CRM_PNBD) {
		/* Schmittlein et al. 1987: r beta / (alpha (s-1)) [...]. */
		v = r * m->par[3] / alpha * pnbd_horizon(m->par[2], m->par[3],
		    t);
	} else if (m->kind == CRM_MBGNBD) {
		status = expected_after_survival(r, alpha, m->par[2],
		    m->par[3], t, &v);
	} else {
		status = expected_bg(r, alpha, m->par[2], m->par[3], t, &v);
	}
	if (status == CRM_MODEL_OK && !isfinite(v))
		status = CRM_MODEL_ENONFINITE;
	if (status == CRM_MODEL_OK)
		*e = fmax(0, v);
	return status;
}

/*
 * E[purchases in (T, T+t] | alive]: the new-customer expectation with the
 * posterior parameters r+x, alpha+T and b+x (BG/NBD, FHL 2005 eq. 10),
 * b+x+1 (MBG/NBD); Pareto/NBD: (r+x)(beta+T)/((alpha+T)(s-1))
 * [1 - ((beta+T)/(beta+T+t))^(s-1)].
 */
static int
expected_if_alive(const struct crm_btyd *m, double x, double T, double t,
    double *out)
{
	double r = m->par[0], alpha = m->par[1];

	if (m->kind == CRM_PNBD) {
		double s = m->par[2], beta = m->par[3];

		*out = (r + x) * (beta + T) / (alpha + T) *
		    pnbd_horizon(s, beta + T, t);
		return CRM_MODEL_OK;
	}
	return expected_bg(r + x, alpha + T, m->par[2], m->par[3] + x +
	    drop_shift(m), t, out);
}

/* z = t/(alpha+t) at n horizons, and log(1 - z) = -log1p(t/alpha). */
static void
horizon_points(double alpha, const double *t, int n, double *z,
    double *log1mz)
{
	int i;

	for (i = 0; i < n; i++) {
		z[i] = t[i] / (alpha + t[i]);
		log1mz[i] = -log1p(t[i] / alpha);
	}
}

/*
 * one_minus_scaled_hyp at n horizons sharing the series of their 2F1,
 * at the points horizon_points() gives: with 2F1 = value (1 - z)^e, the
 * product (1 - z)^r 2F1 is value exp((r + e) log(1 - z)), one exp a
 * point. CRM_MODEL_EDOMAIN where that series does not apply.
 */
static int
one_minus_scaled_hyp_many(double r, double b, double c, const double *z,
    const double *log1mz, int n, double *out)
{
	double value[CRM_HYP_POINTS], e;
	int i, status;

	status = crm_hyp2f1_many(r, b, c, z, n, value, &e);
	for (i = 0; status == CRM_MODEL_OK && i < n; i++)
		out[i] = 1 - value[i] * exp((r + e) * log1mz[i]);
	return status;
}

/*
 * expected_bg at n horizons sharing series, in both of its forms; a near
 * 1, where the split form interpolates, is left to expected_bg.
 */
static int
expected_bg_many(double r, double alpha, double a, double b, const double *t,
    int n, double *out)
{
	double z[CRM_HYP_POINTS], log1mz[CRM_HYP_POINTS], rest[CRM_HYP_POINTS];
	int i, status;

	horizon_points(alpha, t, n, z, log1mz);
	if (a + b > 1.5 && fabs(a - 1) > 0.05) {
		status = one_minus_scaled_hyp_many(r, b, a + b - 1, z, log1mz,
		    n, out);
		for (i = 0; status == CRM_MODEL_OK && i < n; i++)
			out[i] *= (a + b - 1) / (a - 1);
		return status;
	}
	if (fabs(a - 1) < A_NEAR_ONE)
		return CRM_MODEL_EDOMAIN;
	status = one_minus_scaled_hyp_many(r, b, a + b, z, log1mz, n, out);
	if (status == CRM_MODEL_OK)
		status = one_minus_scaled_hyp_many(r, b + 1, a + b, z, log1mz,
		    n, rest);
	for (i = 0; status == CRM_MODEL_OK && i < n; i++)
		out[i] += b / (a - 1) * rest[i];
	return status;
}

/*
 * expected_if_alive at n horizons (n <= CRM_HYP_POINTS): BG/NBD and
 * MBG/NBD share the series of their 2F1 where its terms are positive;
 * elsewhere, and for Pareto/NBD, horizon by horizon.
 */
int
crm_btyd_expected_if_alive_many(const struct crm_btyd *m, double x,
    double T, const double *t, int n, double *e)
{
	int i, status;

	if (n < 1 || n > CRM_HYP_POINTS)
		return CRM_MODEL_EDOMAIN;
	for (i = 0; i < n; i++)
		if ((status = check_horizon(t[i])) != CRM_MODEL_OK)
			return status;
	status = CRM_MODEL_EDOMAIN;
	if (m->kind != CRM_PNBD)
		status = expected_bg_many(m->par[0] + x, m->par[1] + T,
		    m->par[2], m->par[3] + x + drop_shift(m), t, n, e);
	if (status != CRM_MODEL_OK)
		for (i = 0; i < n; i++)
			if ((status = expected_if_alive(m, x, T, t[i], &e[i]))
			    != CRM_MODEL_OK)
				return status;
	for (i = 0; i < n; i++)
		if (!isfinite(e[i]))
			return CRM_MODEL_ENONFINITE;
	return CRM_MODEL_OK;
}

int
crm_btyd_expected_conditional(const struct crm_btyd *m, double x,
    double t_x, double T, double t, double *e)
{
	double p_alive, if_alive;
	int status;

	if ((status = check_horizon(t)) != CRM_MODEL_OK)
		return status;
	status = crm_btyd_p_alive(m, x, t_x, T, &p_alive);
	if (status != CRM_MODEL_OK)
		return status;
	if (t == 0 || p_alive == 0) {
		*e = 0;
		return CRM_MODEL_OK;
	}
	status = expected_if_alive(m, x, T, t, &if_alive);
	if (status == CRM_MODEL_OK && !isfinite(if_alive))
		status = CRM_MODEL_ENONFINITE;
	if (status == CRM_MODEL_OK)
		*e = fmax(0, p_alive * if_alive);
	return status;
}

/*
 * P(X(t) = n) (FHL 2005, eq. 8; MBG/NBD with b+n+1, b+n):
 * B(a, b+k)/B(a,b) NBD(n) + [k > 0] B(a+1, b+k-1)/B(a,b)
 * (1 - sum_{j<n} NBD(j)), k = n (+1 for MBG/NBD), where NBD(j) =
 * G(r+j)/(G(r) j!) (alpha/(alpha+t))^r (t/(alpha+t))^j.
 */
int
crm_btyd_prob_n(const struct crm_btyd *m, double t, int n, double *p)
{
	double r = m->par[0], alpha = m->par[1], a = m->par[2], b = m->par[3];
	double k = n + drop_shift(m), log_q, log_z, below = 0, nbd_n, v;
	int status, j;

	if ((status = check_params(m)) != CRM_MODEL_OK ||
	    (status = check_horizon(t)) != CRM_MODEL_OK)
		return status;
	if (m->kind == CRM_PNBD || n < 0)
		return CRM_MODEL_EDOMAIN;
	log_q = -r * log1p(t / alpha);
	log_z = t > 0 ? log(t / (alpha + t)) : -INFINITY;
	for (j = 0; j < n; j++)
		below += exp(crm_lgamma(r + j) - crm_lgamma(r) -
		    crm_lgamma(j + 1.0) + log_q + j * log_z);
	nbd_n = exp(crm_lgamma(r + n) - crm_lgamma(r) - crm_lgamma(n + 1.0) +
	    log_q + (n > 0 ? n * log_z : 0));
	v = exp(crm_lbeta(a, b + k) - crm_lbeta(a, b)) * nbd_n;
	if (k > 0)
		v += exp(crm_lbeta(a + 1, b + k - 1) - crm_lbeta(a, b)) *
		    fmax(0, 1 - below);
	if (!isfinite(v))
		return CRM_MODEL_ENONFINITE;
	*p = fmin(1, fmax(0, v));
	return CRM_MODEL_OK;
}
