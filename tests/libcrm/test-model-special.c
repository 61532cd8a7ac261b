/*
 * test-model-special.c: special functions and the optimizer.
 * Reference values of 2F1 were computed with mpmath at 40 digits.
 */
#include <math.h>

#include "check.h"
#include "model/optim.h"
#include "model/special.h"
#include "model_check.h"

static const struct {
	double a, b, c, z, logf;
	int sign;
	const char *what;
} hyp_cases[] = {
	{ 0.5, 1.5, 2.5, 0.3, 0.1026130407541255, 1, "plain series" },
	{ 2.4258881, 0.2425945, 2.218808, 0.9, 0.66557666680681581, 1,
	    "BG/NBD E[X(t)] shape, z = 0.9" },
	{ 1, 1, 2, 0.999999, 2.6257929144744294, 1, "-log(1-z)/z near 1" },
	{ 1000.2425945, 1002.4258881, 1002.218808, 0.5, 693.45866693578488,
	    1, "x = 1000 conditional, huge value" },
	{ 1000.5, 1.6, 1001.9, 0.999, 10.031196207447874, 1,
	    "Pareto/NBD x = 1000, z = 0.999" },
	{ 1, 1000.55, 1002.16, 0.9999, 6.9847035903804135, 1,
	    "Pareto/NBD Euler form, z = 0.9999" },
	{ 1, 1.6, 1002.16, 0.95, 0.0015193164121391986, 1, "large c" },
	{ 0.2425945, 3.4258881, 3.218808, 0.9466, 0.83741072759901931, 1,
	    "MBG/NBD E[X(78)] shape" },
	{ -2, 3, 4, 0.7, -1.4105870536889351, 1, "polynomial (a = -2)" },
	{ 0.3, 0.7, 1.3, -5.0, -0.339581161543499, 1, "negative z (Pfaff)" },
	{ 5.5, 2.5, 3.5, -0.9, -2.407681564056053, 1, "negative z, c-a-b<0" },
	{ 0.55, 12.3, 13.1, 0.99999999, 2.4991989148190638, 1,
	    "z = 1 - 1e-8" },
	{ 30, 20, 5, 0.99, 225.04552929681359, 1, "c - a - b = -45" },
};

/*
 * Several points at once: where the shared series applies it gives the
 * reference values, and the single-point 2F1 at the other points; where
 * it does not, EDOMAIN, never a wrong value.
 */
static void
test_hyp2f1_many(void)
{
	size_t i;
	int j, st, sign, applied = 0;

	for (i = 0; i < sizeof hyp_cases / sizeof hyp_cases[0]; i++) {
		double a = hyp_cases[i].a, b = hyp_cases[i].b;
		double c = hyp_cases[i].c, z[3], value[3], lf[3], e, one;

		z[0] = hyp_cases[i].z / 4;
		z[1] = hyp_cases[i].z;
		z[2] = hyp_cases[i].z / 2;
		st = crm_hyp2f1_many(a, b, c, z, 3, value, &e);
		for (j = 0; st == CRM_MODEL_OK && j < 3; j++)
			lf[j] = log(value[j]) + e * log1p(-z[j]);
		if (z[1] < 0 || z[1] > 0.976) {
			CHECK(st == CRM_MODEL_EDOMAIN, "2F1 at 3 points, %s: "
			    "left to the single-point path", hyp_cases[i].what);
			continue;
		}
		if (st == CRM_MODEL_EDOMAIN)
			continue;
		applied++;
		CHECK(st == CRM_MODEL_OK, "2F1 at 3 points, %s: status",
		    hyp_cases[i].what);
		NEAR(lf[1], hyp_cases[i].logf, 1e-11, "2F1 at 3 points, %s: "
		    "the reference value", hyp_cases[i].what);
		for (j = 0; j < 3; j += 2) {
			crm_log_hyp2f1(a, b, c, z[j], &one, &sign);
			NEAR(lf[j], one, 1e-12, "2F1 at 3 points, %s: z = %g "
			    "as alone", hyp_cases[i].what, z[j]);
		}
	}
	CHECK(applied >= 5, "the shared series served %d of the cases",
	    applied);
}

static void
test_hyp2f1(void)
{
	size_t i;
	double lf;
	int sign;

	for (i = 0; i < sizeof hyp_cases / sizeof hyp_cases[0]; i++) {
		int st = crm_log_hyp2f1(hyp_cases[i].a, hyp_cases[i].b,
		    hyp_cases[i].c, hyp_cases[i].z, &lf, &sign);

		CHECK(st == CRM_MODEL_OK && sign == hyp_cases[i].sign,
		    "2F1 %s: status and sign", hyp_cases[i].what);
		NEAR(lf, hyp_cases[i].logf, 1e-11, "2F1 %s: log value",
		    hyp_cases[i].what);
	}
	CHECK(crm_log_hyp2f1(1, 1, 2, 1, &lf, &sign) == CRM_MODEL_EDOMAIN,
	    "2F1 at z = 1 is a domain error");
	CHECK(crm_log_hyp2f1(1, 1, -2, 0.5, &lf, &sign) == CRM_MODEL_EDOMAIN,
	    "2F1 with c = -2 is a domain error");
	CHECK(crm_log_hyp2f1(1, 2, 3, 0, &lf, &sign) == CRM_MODEL_OK &&
	    lf == 0 && sign == 1, "2F1 at z = 0 is 1");
}

static void
test_scalar_functions(void)
{
	NEAR(crm_lbeta(2, 3), log(1.0 / 12), 1e-14, "lbeta(2, 3)");
	NEAR(crm_lbeta(0.5, 0.5), log(3.14159265358979324), 1e-14,
	    "lbeta(1/2, 1/2) = log pi");
	NEAR(crm_digamma(1), -0.57721566490153286, 1e-14,
	    "digamma(1) = -Euler gamma");
	NEAR(crm_digamma(0.5), -1.9635100260214235, 1e-14,
	    "digamma(0.5)");
	NEAR(crm_digamma(100), 4.6001618527380874, 1e-14,
	    "digamma(100)");
	NEAR(crm_digamma(1e-3), -1000.5755719318103, 1e-14,
	    "digamma(0.001)");
	NEAR(crm_trigamma(0.5), 4.9348022005446793, 1e-14,
	    "trigamma(0.5) = pi^2/2");
	NEAR(crm_trigamma(30.5), 0.033330248112801609, 1e-13,
	    "trigamma(30.5)");
	CHECK(isnan(crm_digamma(-1)), "digamma(-1) is NaN (domain)");
	NEAR(crm_logsumexp2(1000, 1000), 1000 + log(2), 1e-15,
	    "logsumexp without overflow");
	CHECK(crm_logsumexp2(-INFINITY, 3) == 3, "logsumexp with -inf");
	CHECK(crm_log1pexp(800) == 800, "softplus(800)");
	NEAR(crm_log1pexp(-30), exp(-30), 1e-12, "softplus(-30)");
	NEAR(crm_logistic(-800), 0, 1e-300, "logistic(-800)");
	NEAR(crm_logistic(0), 0.5, 1e-15, "logistic(0)");
	CHECK(crm_model_strerror(CRM_MODEL_ENOCONV) != NULL &&
	    crm_model_strerror(12345) != NULL, "strerror never NULL");
}

/* Rosenbrock's banana, with its gradient when asked. */
static double
rosenbrock(const double *x, double *grad, void *ctx)
{
	double a = 1 - x[0], b = x[1] - x[0] * x[0];

	(void)ctx;
	if (grad) {
		grad[0] = -2 * a - 400 * x[0] * b;
		grad[1] = 200 * b;
	}
	return a * a + 100 * b * b;
}

/* sum_i (i+1) (x_i - i)^2 + x_0 x_1, undefined (inf) for x_0 > 50. */
static double
quadratic(const double *x, double *grad, void *ctx)
{
	double f = x[0] * x[1];
	int i;

	(void)ctx;
	if (x[0] > 50)
		return INFINITY;
	for (i = 0; i < 4; i++) {
		f += (i + 1) * (x[i] - i) * (x[i] - i);
		if (grad)
			grad[i] = 2 * (i + 1) * (x[i] - i);
	}
	if (grad) {
		grad[0] += x[1];
		grad[1] += x[0];
	}
	return f;
}

static int progress_calls;

static void
count_progress(int iteration, double value, void *ctx)
{
	(void)iteration;
	(void)value;
	(void)ctx;
	progress_calls++;
}

static void
test_optimizer(void)
{
	struct crm_optim_options opt = { .has_gradient = 1,
	    .progress = count_progress };
	struct crm_optim_result res;
	double x[4] = { -1.2, 1 }, h[16], inv[16];
	int st;

	st = crm_minimize(rosenbrock, NULL, 2, x, &opt, &res);
	CHECK(st == CRM_MODEL_OK && res.converged, "Rosenbrock converges");
	NEAR(x[0], 1, 1e-6, "Rosenbrock x0 = 1");
	NEAR(x[1], 1, 1e-6, "Rosenbrock x1 = 1");
	CHECK(progress_calls == res.iterations && res.evaluations > 0,
	    "progress called once per iteration (%d)", res.iterations);
	opt.has_gradient = 0;
	x[0] = -1.2, x[1] = 1;
	st = crm_minimize(rosenbrock, NULL, 2, x, &opt, &res);
	CHECK(st == CRM_MODEL_OK && fabs(x[0] - 1) < 1e-4 &&
	    fabs(x[1] - 1) < 1e-4, "Rosenbrock with numerical gradient");

	opt.has_gradient = 1;
	x[0] = 40, x[1] = x[2] = x[3] = 0;
	st = crm_minimize(quadratic, NULL, 4, x, &opt, &res);
	/* Minimum: x2 = 2, x3 = 3; 2 x0 + x1 = 0, x0 + 4 (x1 - 1) = 0. */
	CHECK(st == CRM_MODEL_OK && fabs(x[0] + 4.0 / 7) < 1e-7 &&
	    fabs(x[1] - 8.0 / 7) < 1e-7 && fabs(x[3] - 3) < 1e-7,
	    "4-D quadratic with an infinite region");
	CHECK(crm_hessian_fd(quadratic, NULL, 4, x, 1, h) == CRM_MODEL_OK &&
	    fabs(h[0] - 2) < 1e-6 && fabs(h[1] - 1) < 1e-6 &&
	    fabs(h[5] - 4) < 1e-6 && fabs(h[15] - 8) < 1e-6,
	    "finite-difference Hessian from the gradient");
	CHECK(crm_hessian_fd(quadratic, NULL, 4, x, 0, h) == CRM_MODEL_OK &&
	    fabs(h[4] - 1) < 1e-5 && fabs(h[10] - 6) < 1e-5,
	    "finite-difference Hessian from values");
	CHECK(crm_spd_inverse(4, h, inv) == CRM_MODEL_OK &&
	    fabs(inv[0] - 4.0 / 7) < 1e-5 && fabs(inv[1] + 1.0 / 7) < 1e-5,
	    "inverse of the Hessian");
	h[0] = -1;
	CHECK(crm_spd_inverse(4, h, inv) == CRM_MODEL_EDOMAIN,
	    "not positive definite is reported");
	x[0] = 60;
	CHECK(crm_minimize(quadratic, NULL, 4, x, &opt, &res) ==
	    CRM_MODEL_ENONFINITE, "infinite start is reported");
	CHECK(crm_minimize(quadratic, NULL, 0, x, &opt, &res) ==
	    CRM_MODEL_EINVAL, "n = 0 is rejected");
}

int
main(void)
{
	test_hyp2f1();
	test_hyp2f1_many();
	test_scalar_functions();
	test_optimizer();
	return check_done();
}
