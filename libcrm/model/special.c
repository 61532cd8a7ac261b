/* special.c: log-beta, digamma, log-sum-exp and a log-space 2F1. */
/* lgamma_r is a BSD and glibc extension, outside C11 and POSIX. */
#define _DEFAULT_SOURCE
#include "special.h"

#include <float.h>
#include <math.h>
#include <stdint.h>

/* Relative accuracy asked of the series below. */
#define SERIES_TOL	(0.5 * DBL_EPSILON)
/* Terms allowed before a series is declared divergent. */
#define MAX_TERMS	100000
/* The budget of a last-resort series close to z = 1. */
#define LONG_TERMS	1000000
/* Taylor steps allowed on the way to z (each a few dozen terms). */
#define MAX_STEPS	20000
/* Above this |z| the Taylor series at 0 is replaced by ODE steps. */
#define SERIES_ZMAX	0.8
/* Rescale running sums when they pass this size. */
#define BIG		1e250

/*
 * A number stored as value * exp(log_scale), with its derivative and the
 * condition of the sum that gave it (sum of |terms| / |sum|, 1 if unknown).
 */
struct scaled {
	double value, deriv, log_scale, condition;
};

const char *
crm_model_strerror(int status)
{
	switch (status) {
	case CRM_MODEL_OK:
		return "success";
	case CRM_MODEL_EINVAL:
		return "invalid argument or input row";
	case CRM_MODEL_EDOMAIN:
		return "argument outside the function's domain";
	case CRM_MODEL_ENOCONV:
		return "did not converge";
	case CRM_MODEL_ENONFINITE:
		return "a value came out NaN or infinite";
	case CRM_MODEL_EDEGENERATE:
		return "the data cannot identify the model";
	case CRM_MODEL_ENOMEM:
		return "out of memory";
	}
	return "unknown error";
}

/*
 * lgamma() sets the global signgam, a data race when models are scored on
 * several threads; lgamma_r returns the sign instead and is otherwise the
 * same function, so results do not change.
 */
double
crm_lgamma(double x)
{
	int sign;

	return lgamma_r(x, &sign);
}

double
crm_lbeta(double a, double b)
{
	return crm_lgamma(a) + crm_lgamma(b) - crm_lgamma(a + b);
}

double
crm_digamma(double x)
{
	double acc = 0, inv, inv2;

	if (!(x > 0) || isinf(x))
		return isinf(x) && x > 0 ? INFINITY : NAN;
	while (x < 12) {
		acc -= 1 / x;
		x += 1;
	}
	inv = 1 / x;
	inv2 = inv * inv;
	/* Asymptotic series, Abramowitz & Stegun 6.3.18. */
	return acc + log(x) - 0.5 * inv - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 -
	    inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 -
	    inv2 * 691.0 / 32760)))));
}

double
crm_trigamma(double x)
{
	double acc = 0, inv, inv2;

	if (!(x > 0) || isinf(x))
		return isinf(x) && x > 0 ? 0 : NAN;
	while (x < 12) {
		acc += 1 / (x * x);
		x += 1;
	}
	inv = 1 / x;
	inv2 = inv * inv;
	/* Asymptotic series, Abramowitz & Stegun 6.4.12. */
	return acc + inv + 0.5 * inv2 + inv * inv2 * (1.0 / 6 - inv2 *
	    (1.0 / 30 - inv2 * (1.0 / 42 - inv2 * (1.0 / 30 - inv2 *
	    (5.0 / 66 - inv2 * 691.0 / 2730)))));
}

double
crm_logsumexp2(double u, double v)
{
	double hi = u > v ? u : v, lo = u > v ? v : u;

	if (isinf(hi))
		return hi;
	if (isnan(lo))
		return lo;
	return hi + log1p(exp(lo - hi));
}

double
crm_log1pexp(double u)
{
	if (u > 0)
		return u + log1p(exp(-u));
	return log1p(exp(u));
}

double
crm_logistic(double u)
{
	double e;

	if (u >= 0)
		return 1 / (1 + exp(-u));
	e = exp(u);
	return e / (1 + e);
}

/*
 * A bound on |ratio of consecutive terms| for every later term n' >= n:
 * z (a+n')(b+n') / ((c+n')(n'+1)) <= z (1 + |a+b-c-1| / (c+n) +
 * |ab-c| / ((c+n)(n+1))) once n > -a, -b, -c.  Returns 1 if unknown.
 */
static double
later_ratio_bound(double a, double b, double c, double z, int n)
{
	if (n <= -a || n <= -b || n <= -c)
		return 1;
	return fabs(z) * (1 + fabs(a + b - c - 1) / (c + n) +
	    fabs(a * b - c) / ((c + n) * (n + 1.0)));
}

/*
 * Sum the Taylor series of 2F1 at 0 and of its derivative, rescaling so
 * that large terms do not overflow; at most max_terms terms.
 */
static int
series_at_zero(double a, double b, double c, double z, int max_terms,
    struct scaled *out)
{
	double term = 1, sum = 1, abs_sum = 1, dsum = 0, log_scale = 0;
	int n;

	for (n = 0; n < max_terms; n++) {
		double rho, tail;

		/* one division a term: the series is the hot loop of scoring */
		term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
		sum += term;
		abs_sum += fabs(term);
		dsum += (n + 1) * term;
		if (term == 0)
			break;
		if (abs_sum > BIG) {
			term /= BIG;
			sum /= BIG;
			abs_sum /= BIG;
			dsum /= BIG;
			log_scale += log(BIG);
		}
		/* The tail bound costs more than a term: look every 4th. */
		if (n % 4 != 3)
			continue;
		rho = later_ratio_bound(a, b, c, z, n + 1);
		if (rho >= 1)
			continue;
		tail = fabs(term) * rho / (1 - rho);
		if (tail <= SERIES_TOL * fabs(sum) &&
		    (n + 2) * tail / (1 - rho) <= SERIES_TOL * fabs(dsum))
			break;
	}
	if (n == max_terms)
		return CRM_MODEL_ENOCONV;
	out->value = sum;
	out->deriv = z != 0 ? dsum / z : a * b / c;
	out->log_scale = log_scale;
	out->condition = sum != 0 ? abs_sum / fabs(sum) : INFINITY;
	return CRM_MODEL_OK;
}

/*
 * Move (f, f') of a solution of the hypergeometric equation
 * z(1-z) w'' + (c - (a+b+1) z) w' - a b w = 0 from z0 to z0 + h by its
 * Taylor series at z0 (needs |h| < min(z0, 1 - z0)).  The coefficients
 * e_k = w^(k)(z0) h^k / k! obey a three-term recurrence.
 */
static int
ode_step(double a, double b, double c, double z0, double h, struct scaled *w)
{
	double den = z0 * (1 - z0), lin = c - (a + b + 1) * z0;
	double slope = 1 - 2 * z0;
	double e0 = w->value, e1 = w->deriv * h;
	double sum = e0 + e1, dsum = e1;
	int k;

	for (k = 0; k < MAX_TERMS; k++) {
		double e2 = (h * h * (k + a) * (k + b) * e0 -
		    h * (slope * k + lin) * (k + 1) * e1) /
		    (den * (k + 1) * (k + 2));

		sum += e2;
		dsum += (k + 2) * e2;
		if (k > 2 && fabs(e1) + fabs(e2) <= SERIES_TOL * fabs(sum) &&
		    (k + 2) * (fabs(e1) + fabs(e2)) <= SERIES_TOL * fabs(dsum))
			break;
		e0 = e1;
		e1 = e2;
	}
	if (k == MAX_TERMS)
		return CRM_MODEL_ENOCONV;
	w->value = sum;
	w->deriv = dsum / h;
	return CRM_MODEL_OK;
}

/* Keep |w| + |w'| (1 - z) near 1, moving the size into log_scale. */
static void
normalize(struct scaled *w, double z)
{
	double size = fabs(w->value) + fabs(w->deriv) * (1 - z);

	if (size == 0 || !isfinite(size))
		return;
	w->value /= size;
	w->deriv /= size;
	w->log_scale += log(size);
}

/*
 * The step from zk: half the distance to the singular point 1, shortened
 * when the local solutions zk^(1-c) or (1-zk)^(c-a-b) vary fast, so that
 * the Taylor coefficients do not grow and cancel.
 */
static double
ode_step_size(double a, double b, double c, double zk)
{
	double h = 0.5 * (1 - zk);
	double by_zero = 2 * zk / (1 + fabs(c - 1));
	double by_one = 2 * (1 - zk) / (1 + fabs(c - a - b));

	h = fmin(h, by_zero);
	return fmin(h, by_one);
}

/* 2F1 for 0.5 < z < 1: series at 0.5, then Taylor steps towards 1. */
static int
ode_walk(double a, double b, double c, double z, struct scaled *w)
{
	double zk = 0.5;
	int status, steps = 0;

	status = series_at_zero(a, b, c, zk, MAX_TERMS, w);
	if (status != CRM_MODEL_OK)
		return status;
	while (zk < z) {
		if (++steps > MAX_STEPS)
			return CRM_MODEL_ENOCONV;
		double h = ode_step_size(a, b, c, zk);
		int last = z - zk <= h;

		if (last)
			h = z - zk;
		normalize(w, zk);
		if ((status = ode_step(a, b, c, zk, h, w)) != CRM_MODEL_OK)
			return status;
		zk = last ? z : zk + h;
	}
	w->condition = 1;
	return CRM_MODEL_OK;
}

/* 2F1 for 0 <= z < 1 with the parameters as given. */
static int
log_hyp2f1_unit(double a, double b, double c, double z, double *logabs,
    int *sign, double *condition)
{
	struct scaled w;
	int status, series_first;

	/* The series needs about 36 / (1 - z) terms unless c is large. */
	series_first = z <= SERIES_ZMAX || 36 / (1 - z) <= 1500 ||
	    fabs(c) > 100;
	if (series_first) {
		status = series_at_zero(a, b, c, z, MAX_TERMS, &w);
		if (status == CRM_MODEL_ENOCONV && z > SERIES_ZMAX)
			status = ode_walk(a, b, c, z, &w);
	} else {
		status = ode_walk(a, b, c, z, &w);
		if (status != CRM_MODEL_OK)
			status = series_at_zero(a, b, c, z, LONG_TERMS, &w);
	}
	if (status != CRM_MODEL_OK)
		return status;
	if (!isfinite(w.value))
		return CRM_MODEL_ENONFINITE;
	*condition = w.condition;
	*sign = w.value > 0 ? 1 : w.value < 0 ? -1 : 0;
	*logabs = w.value == 0 ? -INFINITY : log(fabs(w.value)) + w.log_scale;
	return CRM_MODEL_OK;
}

/*
 * One way to write 2F1(a, b; c; z): prefactor_log + log 2F1(a, b; c; w)
 * with 0 <= w < 1.
 */
struct hyp_form {
	double a, b, c, w, prefactor_log;
};

/*
 * The two forms worth trying, the more promising first: for z >= 0 the
 * function itself and Euler's (1-z)^(c-a-b) 2F1(c-a, c-b; c; z); for
 * z < 0 Pfaff's (1-z)^-a 2F1(a, c-b; c; z/(z-1)) and its twin in b.
 */
static void
hyp_forms(double a, double b, double c, double z, struct hyp_form form[2])
{
	double l1mz = log1p(-z);

	if (z >= 0) {
		form[0] = (struct hyp_form){ a, b, c, z, 0 };
		form[1] = (struct hyp_form){ c - a, c - b, c, z,
		    (c - a - b) * l1mz };
	} else {
		double w = z / (z - 1);

		form[0] = (struct hyp_form){ a, c - b, c, w, -a * l1mz };
		form[1] = (struct hyp_form){ c - a, b, c, w, -b * l1mz };
	}
	if (fabs(form[1].a) + fabs(form[1].b) <
	    fabs(form[0].a) + fabs(form[0].b)) {
		struct hyp_form t = form[0];

		form[0] = form[1];
		form[1] = t;
	}
}

/*
 * Two doubles that one SSE2 instruction works on at once (a vector type
 * of GCC and Clang): the points of a shared series are summed two at a
 * time, each lane rounded exactly as the same sum of scalars would be.
 */
typedef double pair __attribute__((vector_size(16)));
typedef uint64_t pair_bits __attribute__((vector_size(16)));

enum { PAIRS = (CRM_HYP_POINTS + 1) / 2 };

/*
 * The series of 2F1(a, b; c; z) at several points sharing coefficients,
 * the points sorted by z; point j is lane j % 2 of pair j / 2, and an odd
 * last pair has a point of z = 0 beside it.
 */
struct shared_series {
	double a, b, c;
	int n;
	pair z[PAIRS], pow_z[PAIRS], sum[PAIRS], abs_sum[PAIRS];
	double final_sum[CRM_HYP_POINTS], final_abs[CRM_HYP_POINTS];
};

/*
 * Add the term of index k (coefficient coef) at the points from first
 * on: the points before first have converged, and the one of them that
 * shares a pair with first has its sums kept already (final_sum). Every
 * point also sums |terms| (the sign bit cleared): where all terms are
 * positive that is the sum itself.
 */
static void
add_terms(struct shared_series *s, int first, double coef)
{
	const pair_bits magnitude = { ~(1ull << 63), ~(1ull << 63) };
	pair term;
	int i;

	for (i = first / 2; i < (s->n + 1) / 2; i++) {
		s->pow_z[i] *= s->z[i];
		term = coef * s->pow_z[i];
		s->sum[i] += term;
		s->abs_sum[i] += (pair)((pair_bits)term & magnitude);
	}
}

/*
 * later_ratio_bound(a, b, c, z, n) / |z|, the same for every point: the
 * factor of |z| in the bound on the ratio of the terms after index n - 1
 * (0 when unknown).
 */
static double
later_ratio_factor(double a, double b, double c, int n)
{
	if (n <= -a || n <= -b || n <= -c)
		return 0;
	return 1 + fabs(a + b - c - 1) / (c + n) + fabs(a * b - c) /
	    ((c + n) * (n + 1.0));
}

/*
 * True once the tail of point i's series after the term of coefficient
 * coef is negligible against its sum: |tail| <= |term| rho / (1 - rho),
 * rho = |z| factor.
 */
static int
point_done(const struct shared_series *s, int i, double coef, double factor)
{
	double term = coef * s->pow_z[i / 2][i % 2];
	double rho = fabs(s->z[i / 2][i % 2]) * factor;

	if (term == 0)
		return 1;
	return factor != 0 && rho < 1 && fabs(term) * rho / (1 - rho) <=
	    SERIES_TOL * fabs(s->sum[i / 2][i % 2]);
}

/*
 * Sum until every point's tail is negligible. A point stops adding terms
 * when it converges (its sums are kept then); points with a smaller z
 * converge first, so the points still adding are the last ones.
 */
static int
sum_shared(struct shared_series *s)
{
	double coef = 1, factor;
	int k, done = 0, n = s->n, last = (n - 1) / 2, lane = (n - 1) % 2;

	for (k = 0; done < n && k < MAX_TERMS; k++) {
		coef *= (s->a + k) * (s->b + k) / ((s->c + k) * (k + 1));
		add_terms(s, done, coef);
		if (fabs(s->sum[last][lane]) > BIG ||
		    s->abs_sum[last][lane] > BIG)
			return CRM_MODEL_EDOMAIN;
		if (k % 8 != 7 && coef != 0)
			continue;
		factor = later_ratio_factor(s->a, s->b, s->c, k + 1);
		while (done < n && point_done(s, done, coef, factor)) {
			s->final_sum[done] = s->sum[done / 2][done % 2];
			s->final_abs[done] = s->abs_sum[done / 2][done % 2];
			done++;
		}
	}
	return done < n ? CRM_MODEL_ENOCONV : CRM_MODEL_OK;
}

int
crm_hyp2f1_many(double a, double b, double c, const double *z, int n,
    double *value, double *exponent)
{
	/* Euler's form first when its parameters are smaller (hyp_forms). */
	int euler = fabs(c - a) + fabs(c - b) < fabs(a) + fabs(b);
	struct shared_series s;
	int order[CRM_HYP_POINTS], i, j, status;

	if (!isfinite(a) || !isfinite(b) || !(c > 0) || n < 1 ||
	    n > CRM_HYP_POINTS)
		return CRM_MODEL_EDOMAIN;
	for (i = 0; i < n; i++) {
		/* Past it the series needs over 1,500 terms (ode_walk). */
		if (!(z[i] >= 0 && 36 / (1 - z[i]) <= 1500))
			return CRM_MODEL_EDOMAIN;
		for (j = i; j > 0 && z[order[j - 1]] > z[i]; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	s.a = euler ? c - a : a;
	s.b = euler ? c - b : b;
	s.c = c;
	s.n = n;
	for (j = 0; j < n + n % 2; j++) {
		s.z[j / 2][j % 2] = j < n ? z[order[j]] : 0;
		s.pow_z[j / 2][j % 2] = s.sum[j / 2][j % 2] = 1;
		s.abs_sum[j / 2][j % 2] = 1;
	}
	if ((status = sum_shared(&s)) != CRM_MODEL_OK)
		return status;
	for (j = 0; j < n; j++) {
		/* Cancellation is left to crm_log_hyp2f1's other form. */
		if (!(s.final_sum[j] > 0) || s.final_abs[j] > 1e4 *
		    s.final_sum[j])
			return CRM_MODEL_EDOMAIN;
		value[order[j]] = s.final_sum[j];
	}
	*exponent = euler ? c - a - b : 0;
	return CRM_MODEL_OK;
}

int
crm_log_hyp2f1(double a, double b, double c, double z, double *logabs,
    int *sign)
{
	struct hyp_form form[2];
	double best_cond = INFINITY;
	int i, status = CRM_MODEL_ENOCONV;

	if (!isfinite(a) || !isfinite(b) || !isfinite(c) || !(z < 1) ||
	    (c <= 0 && c == floor(c)))
		return CRM_MODEL_EDOMAIN;
	hyp_forms(a, b, c, z, form);
	/* Take the second form only if the first one cancels badly. */
	for (i = 0; i < 2 && best_cond > 1e4; i++) {
		double la, cond;
		int sg, st;

		st = log_hyp2f1_unit(form[i].a, form[i].b, c, form[i].w, &la,
		    &sg, &cond);
		if (st != CRM_MODEL_OK) {
			if (i == 0)
				status = st;
			continue;
		}
		if (cond < best_cond) {
			best_cond = cond;
			*logabs = la + form[i].prefactor_log;
			*sign = sg;
			status = CRM_MODEL_OK;
		}
	}
	if (status == CRM_MODEL_OK && isnan(*logabs))
		return CRM_MODEL_ENONFINITE;
	return status;
}
