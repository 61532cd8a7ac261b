/*
 * test-model-btyd.c: BG/NBD, MBG/NBD and Pareto/NBD against the published
 * CDNOW fits, against formulas evaluated with mpmath at 40+ digits, on
 * simulated data with known parameters, and on degenerate data.
 * Run from the repository root (the CDNOW file is read in place).
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "model/btyd.h"
#include "model/clv.h"
#include "model/sim.h"
#include "model_check.h"

/* Published estimates (FHL 2005 / CLVTools / BTYDplus). */
static const struct crm_btyd bg_pub = { CRM_BGNBD,
	{ 0.2425945, 4.4136019, 0.7929199, 2.4258881 } };
static const struct crm_btyd pnbd_pub = { CRM_PNBD,
	{ 0.55315, 10.57633, 0.60625, 11.67150 } };
static const struct crm_btyd mbg_pub = { CRM_MBGNBD,
	{ 0.525, 6.183, 0.891, 1.614 } };

/* The file rounds t_x and T (whole days / 7) to 2 decimals: undo it. */
static void
exact_days(struct cdnow *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		c->t_x[i] = round(c->t_x[i] * 7) / 7;
		c->T[i] = round(c->T[i] * 7) / 7;
	}
}

static void
check_params(const struct crm_btyd_fit *fit, const struct crm_btyd *want,
    double reltol, const char *what)
{
	int i;

	for (i = 0; i < 4; i++)
		NEAR(fit->model.par[i], want->par[i], reltol, "%s: %s",
		    what, crm_btyd_param_name(want->kind, i));
}

static int
fit_cdnow(const struct cdnow *c, enum crm_btyd_kind kind,
    struct crm_btyd_fit *fit)
{
	struct crm_btyd_data d = { c->n, c->x, c->t_x, c->T, NULL };

	return crm_btyd_fit(kind, &d, NULL, fit);
}

static void
test_cdnow_fits(struct cdnow *c)
{
	struct crm_btyd_fit fit, mbg;
	double e;

	/* As in the file (2-decimal weeks). */
	CHECK(fit_cdnow(c, CRM_BGNBD, &fit) == 0 && fit.converged,
	    "BG/NBD CDNOW converges (%s)", fit.message);
	check_params(&fit, &bg_pub, 1e-4, "BG/NBD CDNOW file");
	NEAR(fit.loglik, -9582.429, 1e-6, "BG/NBD CDNOW file LL");
	CHECK(fit.se_ok && fit.se[0] > 0.01 && fit.se[0] < 0.02,
	    "BG/NBD standard error of r (%g)", fit.se[0]);
	CHECK(crm_btyd_expected_conditional(&fit.model, 2, 30.43, 38.86, 39,
	    &e) == 0 && fabs(e - 1.226) < 5e-4,
	    "BG/NBD conditional E, 39 weeks, fitted params (%g)", e);

	/* In whole days / 7, as the published fit used. */
	exact_days(c);
	CHECK(fit_cdnow(c, CRM_BGNBD, &fit) == 0 && fit.converged,
	    "BG/NBD CDNOW (exact days) converges");
	check_params(&fit, &bg_pub, 1e-5, "BG/NBD CDNOW exact days");
	NEAR(fit.loglik, -9582.429, 1e-7, "BG/NBD CDNOW exact days LL");

	CHECK(fit_cdnow(c, CRM_PNBD, &fit) == 0 && fit.converged,
	    "Pareto/NBD CDNOW converges (%s)", fit.message);
	check_params(&fit, &pnbd_pub, 5e-4, "Pareto/NBD CDNOW");
	NEAR(fit.loglik, -9594.976, 1e-7, "Pareto/NBD CDNOW LL");

	CHECK(fit_cdnow(c, CRM_MBGNBD, &mbg) == 0 && mbg.converged,
	    "MBG/NBD CDNOW converges (%s)", mbg.message);
	check_params(&mbg, &mbg_pub, 1e-3, "MBG/NBD CDNOW vs BTYDplus");
	CHECK(isfinite(mbg.loglik) && mbg.loglik > -9582.429 - 1,
	    "MBG/NBD LL (%.4f) close to or above BG/NBD", mbg.loglik);
}

/* Grouping by hand (weights), no grouping and 2 threads agree. */
static void
test_grouping_and_threads(const struct cdnow *c)
{
	static double gx[CDNOW_N], gtx[CDNOW_N], gT[CDNOW_N], gw[CDNOW_N];
	struct crm_btyd_data d = { c->n, c->x, c->t_x, c->T, NULL };
	struct crm_btyd_fit_options opt = { 0 };
	struct crm_btyd_fit raw, grouped, ungrouped, threaded;
	size_t i, j, ng = 0;

	for (i = 0; i < c->n; i++) {
		for (j = 0; j < ng; j++)
			if (gx[j] == c->x[i] && gtx[j] == c->t_x[i] &&
			    gT[j] == c->T[i])
				break;
		if (j == ng) {
			gx[ng] = c->x[i], gtx[ng] = c->t_x[i];
			gT[ng] = c->T[i], gw[ng++] = 0;
		}
		gw[j] += 1;
	}
	crm_btyd_fit(CRM_BGNBD, &d, NULL, &raw);
	opt.no_grouping = 1;
	crm_btyd_fit(CRM_BGNBD, &d, &opt, &ungrouped);
	opt.no_grouping = 0;
	opt.threads = 2;
	crm_btyd_fit(CRM_BGNBD, &d, &opt, &threaded);
	d = (struct crm_btyd_data){ ng, gx, gtx, gT, gw };
	crm_btyd_fit(CRM_BGNBD, &d, NULL, &grouped);
	CHECK(raw.groups == ng && grouped.groups == ng &&
	    ungrouped.groups == c->n, "groups: %zu distinct of %zu", ng, c->n);
	for (i = 0; i < 4; i++)
		CHECK(near(grouped.model.par[i], raw.model.par[i], 1e-7) &&
		    near(ungrouped.model.par[i], raw.model.par[i], 1e-7) &&
		    near(threaded.model.par[i], raw.model.par[i], 1e-7),
		    "weights, no grouping and threads agree on %s",
		    crm_btyd_param_name(CRM_BGNBD, i));
	NEAR(grouped.loglik, raw.loglik, 1e-12, "weighted LL equals raw LL");
}

static void
test_penalty(const struct cdnow *c)
{
	struct crm_btyd_data d = { c->n, c->x, c->t_x, c->T, NULL };
	struct crm_btyd_fit_options opt = { 0 };
	struct crm_btyd_fit plain, pen;
	double norm_plain = 0, norm_pen = 0;
	int i;

	crm_btyd_fit(CRM_BGNBD, &d, NULL, &plain);
	opt.penalty = 100;
	CHECK(crm_btyd_fit(CRM_BGNBD, &d, &opt, &pen) == 0,
	    "penalized fit converges");
	for (i = 0; i < 4; i++) {
		norm_plain += pow(log(plain.model.par[i]), 2);
		norm_pen += pow(log(pen.model.par[i]), 2);
	}
	CHECK(norm_pen < norm_plain && pen.loglik < plain.loglik,
	    "penalty shrinks log-parameters towards 0 and costs LL");
}

/* Row log-likelihoods against mpmath (Pareto/NBD by quadrature). */
static void
test_row_likelihoods(void)
{
	static const struct crm_btyd pnbd_small_alpha = { CRM_PNBD,
		{ 0.8, 3.0, 1.3, 25.0 } };
	double ll, p;

	crm_btyd_loglik_row(&bg_pub, 2, 30.43, 38.86, &ll);
	NEAR(ll, -9.4596932679454236, 1e-13, "BG/NBD row LL");
	crm_btyd_loglik_row(&bg_pub, 0, 0, 38.86, &ll);
	NEAR(ll, -0.55380726182068666, 1e-13, "BG/NBD row LL, x = 0");
	crm_btyd_loglik_row(&bg_pub, 1000, 50, 52, &ll);
	NEAR(ll, 1896.4027419732006, 1e-13, "BG/NBD row LL, x = 1000");
	crm_btyd_loglik_row(&mbg_pub, 2, 30.43, 38.86, &ll);
	NEAR(ll, -9.4855513145339311, 1e-13, "MBG/NBD row LL");
	crm_btyd_loglik_row(&mbg_pub, 0, 0, 38.86, &ll);
	NEAR(ll, -0.53983746353101442, 1e-13, "MBG/NBD row LL, x = 0");
	crm_btyd_loglik_row(&pnbd_pub, 2, 30.43, 38.86, &ll);
	NEAR(ll, -9.5543614470539781, 1e-12, "Pareto/NBD row LL");
	crm_btyd_loglik_row(&pnbd_pub, 0, 0, 38.86, &ll);
	NEAR(ll, -0.52116165318466443, 1e-12, "Pareto/NBD row LL, x = 0");
	crm_btyd_loglik_row(&pnbd_pub, 1000, 50, 52, &ll);
	NEAR(ll, 1795.260640144390, 1e-12, "Pareto/NBD row LL, x = 1000");
	crm_btyd_loglik_row(&pnbd_pub, 5, 20, 20, &ll);
	NEAR(ll, -14.724417931592449, 1e-12, "Pareto/NBD row LL, T = t_x");
	crm_btyd_loglik_row(&pnbd_small_alpha, 3, 10, 30, &ll);
	NEAR(ll, -9.8742983051141042, 1e-12, "Pareto/NBD LL, alpha < beta");
	crm_btyd_p_alive(&pnbd_small_alpha, 0, 0, 30, &p);
	NEAR(p, 0.16966109818585976, 1e-11, "Pareto/NBD P(alive), "
	    "alpha < beta");
	crm_btyd_p_alive(&pnbd_pub, 2, 30.43, 38.86, &p);
	NEAR(p, 0.86912157114528691, 1e-11, "Pareto/NBD P(alive)");
	crm_btyd_p_alive(&pnbd_pub, 0, 0, 38.86, &p);
	NEAR(p, 0.29515342831371482, 1e-11, "Pareto/NBD P(alive), x = 0");
}

static void
test_expectations(void)
{
	static const double t[] = { 0.1429, 1, 3, 31.8571, 32, 78 };
	static const double printed[] = { 0.0078, 0.0532, 0.1506, 1.0405,
	    1.0437 };
	static const double exact[] = { 0.00781599974449294,
	    0.0531842816897486, 0.150630783977736, 1.04048798468299,
	    1.04373088144044, 1.85795600911807 };
	struct crm_btyd near_one = { CRM_BGNBD, { 0.3, 5.0, 1.0, 0.4 } };
	double e;
	int i;

	for (i = 0; i < 6; i++) {
		CHECK(crm_btyd_expected(&bg_pub, t[i], &e) == 0 &&
		    (i == 5 || fabs(e - printed[i]) <= 5e-5),
		    "BG/NBD E[X(%g)] = %.4f as published", t[i], e);
		NEAR(e, exact[i], 1e-10, "BG/NBD E[X(%g)] vs mpmath", t[i]);
	}
	crm_btyd_expected_conditional(&bg_pub, 2, 30.43, 38.86, 39, &e);
	CHECK(fabs(e - 1.226) < 5e-4, "BG/NBD conditional E = %.4f", e);
	crm_btyd_expected(&bg_pub, 5200, &e);
	NEAR(e, 12.136222175495046, 1e-9, "BG/NBD E[X(5200)], z near 1");
	crm_btyd_expected(&near_one, 52, &e);
	NEAR(e, 0.78791190711982947, 1e-8, "BG/NBD E[X] at a = 1 (0/0)");
	near_one.par[2] = 0.97;
	crm_btyd_expected(&near_one, 52, &e);
	NEAR(e, 0.79863552706999652, 1e-10, "BG/NBD E[X], a + b < 1.5");
	near_one.par[2] = 1.0499;
	crm_btyd_expected(&near_one, 52, &e);
	NEAR(e, 0.77152058318349813, 1e-10, "BG/NBD E[X], a = 1.0499");
	near_one.par[2] = 1.0501;
	crm_btyd_expected(&near_one, 52, &e);
	NEAR(e, 0.7714582563946584, 1e-10, "BG/NBD E[X], a = 1.0501");
	crm_btyd_expected(&mbg_pub, 39, &e);
	NEAR(e, 1.1829536655971712, 1e-10, "MBG/NBD E[X(39)]");
	crm_btyd_expected(&mbg_pub, 520, &e);
	NEAR(e, 4.4144453267990995, 1e-10, "MBG/NBD E[X(520)]");
	crm_btyd_expected_conditional(&mbg_pub, 2, 30.43, 38.86, 39, &e);
	NEAR(e, 1.262960623267356, 1e-10, "MBG/NBD conditional E");
	crm_btyd_expected(&pnbd_pub, 39, &e);
	NEAR(e, 1.2133598958996465, 1e-12, "Pareto/NBD E[X(39)]");
	crm_btyd_expected_conditional(&pnbd_pub, 2, 30.43, 38.86, 39, &e);
	NEAR(e, 1.455083661118747, 1e-10, "Pareto/NBD conditional E");
	crm_btyd_expected_conditional(&pnbd_pub, 0, 0, 38.86, 39, &e);
	NEAR(e, 0.10705867230162033, 1e-10, "Pareto/NBD conditional E, x=0");
	CHECK(crm_btyd_expected(&bg_pub, -1, &e) == CRM_MODEL_EDOMAIN,
	    "negative horizon is a domain error");
}

/* P(X(t) = n) sums to 1 and its mean is E[X(t)]. */
static void
test_prob_n(void)
{
	const struct crm_btyd *models[] = { &bg_pub, &mbg_pub };
	double unused;
	int k, n;

	for (k = 0; k < 2; k++) {
		double sum = 0, mean = 0, p, e;

		for (n = 0; n <= 400; n++) {
			crm_btyd_prob_n(models[k], 39, n, &p);
			sum += p;
			mean += n * p;
		}
		crm_btyd_expected(models[k], 39, &e);
		NEAR(sum, 1, 1e-9, "%s: P(X(39) = n) sums to 1",
		    crm_btyd_kind_name(models[k]->kind));
		NEAR(mean, e, 1e-6, "%s: mean of P(X(39) = n) is E[X(39)]",
		    crm_btyd_kind_name(models[k]->kind));
	}
	CHECK(crm_btyd_prob_n(&pnbd_pub, 39, 1, &unused) ==
	    CRM_MODEL_EDOMAIN, "Pareto/NBD P(X = n) is not offered");
}

/* One customer with x = 1000, and T == t_x. */
static void
test_extreme_rows(void)
{
	const struct crm_btyd *models[] = { &bg_pub, &mbg_pub, &pnbd_pub };
	double ll, p, e;
	int k;

	for (k = 0; k < 3; k++) {
		const char *name = crm_btyd_kind_name(models[k]->kind);

		CHECK(crm_btyd_loglik_row(models[k], 1000, 50, 52, &ll) == 0 &&
		    isfinite(ll), "%s: x = 1000 LL finite", name);
		CHECK(crm_btyd_p_alive(models[k], 1000, 50, 52, &p) == 0 &&
		    p >= 0 && p <= 1, "%s: x = 1000 P(alive) = %g", name, p);
		CHECK(crm_btyd_expected_conditional(models[k], 1000, 50, 52,
		    39, &e) == 0 && isfinite(e) && e >= 0,
		    "%s: x = 1000 conditional E = %g", name, e);
		CHECK(crm_btyd_expected_conditional(models[k], 1000, 51.9,
		    52, 520, &e) == 0 && isfinite(e) && e > 100,
		    "%s: x = 1000 still active, 10 years: E = %g", name, e);
		CHECK(crm_btyd_p_alive(models[k], 3, 20, 20, &p) == 0 &&
		    p > 0.5 && p <= 1, "%s: T == t_x P(alive) = %g", name, p);
		CHECK(crm_btyd_loglik_row(models[k], 1000, 5000, 5200, &ll) ==
		    0 && isfinite(ll), "%s: x = 1000, T = 5200 LL finite",
		    name);
	}
	crm_btyd_expected_conditional(&bg_pub, 1000, 50, 52, 39, &e);
	NEAR(e, 1.4652682245865085e-10, 1e-8, "BG/NBD x = 1000 gone: E");
	crm_btyd_expected_conditional(&bg_pub, 3, 20, 20, 39, &e);
	NEAR(e, 3.2276037346118094, 1e-10, "BG/NBD T == t_x conditional E");
	crm_btyd_p_alive(&bg_pub, 0, 0, 38.86, &p);
	CHECK(p == 1, "BG/NBD: x = 0 is alive for sure");
}

static void
test_bad_input(void)
{
	double x[] = { 1, 2, 1.5 }, t_x[] = { 1, 2, 3 }, T[] = { 5, 5, 5 };
	double w[] = { 1, -1, 1 };
	struct crm_btyd_data d = { 3, x, t_x, T, NULL };
	struct crm_btyd_fit fit;
	struct crm_btyd bad = { CRM_BGNBD, { -1, 1, 1, 1 } };
	double ll;

	CHECK(crm_btyd_fit(CRM_BGNBD, &d, NULL, &fit) == CRM_MODEL_EINVAL &&
	    fit.bad_row == 2 && fit.message != NULL,
	    "x = 1.5 is rejected: row %zu: %s", fit.bad_row, fit.message);
	d.weight = w;
	x[2] = 1;
	CHECK(crm_btyd_fit(CRM_BGNBD, &d, NULL, &fit) == CRM_MODEL_EINVAL &&
	    fit.bad_row == 1, "negative weight is rejected: %s", fit.message);
	CHECK(crm_btyd_loglik_row(&bg_pub, 1, 6, 5, &ll) == CRM_MODEL_EINVAL,
	    "t_x > T is rejected");
	CHECK(crm_btyd_loglik_row(&bg_pub, 0, 1, 5, &ll) == CRM_MODEL_EINVAL,
	    "t_x > 0 with x = 0 is rejected");
	CHECK(crm_btyd_loglik_row(&bad, 1, 1, 5, &ll) == CRM_MODEL_EDOMAIN,
	    "negative parameter is a domain error");
	CHECK(crm_btyd_fit(CRM_BGNBD, &(struct crm_btyd_data){ 0, x, t_x, T,
	    NULL }, NULL, &fit) == CRM_MODEL_EINVAL, "no rows: %s",
	    fit.message);
}

/* A fit's outcome is a status and finite numbers, never NaN. */
static int
finite_fit(const struct crm_btyd_fit *fit)
{
	int i, ok = fit->message != NULL && isfinite(fit->loglik);

	for (i = 0; i < 4; i++)
		ok = ok && isfinite(fit->model.par[i]);
	return ok;
}

static void
test_degenerate_data(void)
{
	double x[1000], t_x[1000], T[1000];
	struct crm_btyd_data d = { 1000, x, t_x, T, NULL };
	struct crm_btyd_fit fit;
	int i, k, st;

	for (i = 0; i < 1000; i++)
		x[i] = 0, t_x[i] = 0, T[i] = 10 + i % 30;
	for (k = 0; k < 3; k++) {
		st = crm_btyd_fit(k, &d, NULL, &fit);
		CHECK(st == CRM_MODEL_EDEGENERATE && !fit.converged &&
		    fit.message != NULL, "%s: every x = 0 is reported: %s",
		    crm_btyd_kind_name(k), fit.message);
	}
	for (i = 0; i < 1000; i++)
		x[i] = 2, t_x[i] = 10, T[i] = 30;
	for (k = 0; k < 3; k++) {
		st = crm_btyd_fit(k, &d, NULL, &fit);
		CHECK(st == CRM_MODEL_EDEGENERATE && finite_fit(&fit) &&
		    !fit.converged, "%s: identical customers: %s",
		    crm_btyd_kind_name(k), fit.message);
	}
	d.n = 1;
	for (k = 0; k < 3; k++) {
		st = crm_btyd_fit(k, &d, NULL, &fit);
		CHECK(st == CRM_MODEL_EDEGENERATE && finite_fit(&fit) &&
		    !fit.converged, "%s: a single customer: %s",
		    crm_btyd_kind_name(k), fit.message);
	}
}

/*
 * Simulate n customers (cohort over 12 weeks, watched for 39), fit, and
 * check every estimate lies within 3 standard errors of the truth.
 */
static void
check_recovery(const struct crm_btyd *truth, size_t n, uint64_t seed)
{
	double *x = malloc(n * sizeof *x), *t_x = malloc(n * sizeof *t_x);
	double *T = malloc(n * sizeof *T);
	struct crm_btyd_data d = { n, x, t_x, T, NULL };
	struct crm_btyd_fit fit;
	struct crm_rng g;
	const char *name = crm_btyd_kind_name(truth->kind);
	size_t i;
	int k;

	crm_rng_seed(&g, seed);
	for (i = 0; i < n; i++) {
		T[i] = 39 - 12 * crm_rng_uniform(&g);
		x[i] = crm_btyd_draw(&g, truth, T[i], &t_x[i], NULL, NULL);
	}
	CHECK(crm_btyd_fit(truth->kind, &d, NULL, &fit) == 0 && fit.se_ok,
	    "%s: fit of %zu simulated customers converges", name, n);
	for (k = 0; k < 4; k++) {
		double z = (fit.model.par[k] - truth->par[k]) / fit.se[k];

		CHECK(fabs(z) < 3, "%s: %s = %.4f (true %.4f, se %.4f, "
		    "z %.2f)", name, crm_btyd_param_name(truth->kind, k),
		    fit.model.par[k], truth->par[k], fit.se[k], z);
	}
	free(x);
	free(t_x);
	free(T);
}

static void
test_recovery(void)
{
	static const struct crm_btyd bg = { CRM_BGNBD,
		{ 0.243, 4.414, 0.793, 2.426 } };
	static const struct crm_btyd mbg = { CRM_MBGNBD,
		{ 0.5, 6.0, 0.9, 1.6 } };
	static const struct crm_btyd pnbd = { CRM_PNBD,
		{ 0.55, 10.5, 0.6, 11.7 } };

	check_recovery(&bg, 100000, 20240601);
	check_recovery(&mbg, 100000, 7);
	check_recovery(&pnbd, 5000, 11);
}

static void
test_clv(void)
{
	double clv, e, clv_discounted;
	double month = 30.4375 / 7;

	CHECK(crm_btyd_clv(&bg_pub, 2, 30.43, 38.86, 50, month, 12, 0,
	    &clv) == 0, "CLV without discount");
	crm_btyd_expected_conditional(&bg_pub, 2, 30.43, 38.86, 12 * month,
	    &e);
	NEAR(clv, 50 * e, 1e-12, "undiscounted CLV = value * E[12 months]");
	crm_btyd_clv(&bg_pub, 2, 30.43, 38.86, 50, month, 12, 0.01,
	    &clv_discounted);
	CHECK(clv_discounted < clv && clv_discounted > clv / 1.01 / 1.13,
	    "discount lowers CLV (%g < %g)", clv_discounted, clv);
	CHECK(crm_btyd_clv(&bg_pub, 2, 30.43, 38.86, 50, 0, 12, 0, &clv) ==
	    CRM_MODEL_EDOMAIN, "month length 0 is a domain error");
}

/* The discounted sum month by month, as crm_btyd_clv's definition reads. */
static double
clv_by_months(const struct crm_btyd *m, double x, double t_x, double T,
    double value, double month, int months, double rate)
{
	double e, previous = 0, sum = 0, discount = 1;
	int i;

	for (i = 1; i <= months; i++) {
		crm_btyd_expected_conditional(m, x, t_x, T, i * month, &e);
		discount /= 1 + rate;
		sum += (e - previous) * value * discount;
		previous = e;
	}
	return sum;
}

/*
 * crm_btyd_clv shares P(alive) and the months' series: the same value as
 * the months one by one, for each model, customers young and old, the
 * split form of BG/NBD (a + b small), a near 1, and 30 months (two
 * blocks of months).
 */
static void
test_clv_shared_terms(void)
{
	static const struct crm_btyd small_a = { CRM_BGNBD,
		{ 0.44, 2.36, 0.0048, 0.122 } };
	static const struct crm_btyd a_near_one = { CRM_BGNBD,
		{ 0.3, 4.0, 1.00000001, 2.0 } };
	const struct crm_btyd *models[] = { &bg_pub, &mbg_pub, &pnbd_pub,
		&small_a, &a_near_one };
	static const double rows[][3] = { { 0, 0, 1 }, { 1, 3, 10 },
		{ 2, 30.43, 38.86 }, { 7, 50, 52 }, { 25, 100, 150 },
		{ 120, 150, 156 } };
	double month = 30.4375 / 7, clv, want;
	size_t m, r;

	for (m = 0; m < sizeof models / sizeof models[0]; m++)
		for (r = 0; r < sizeof rows / sizeof rows[0]; r++) {
			CHECK(crm_btyd_clv(models[m], rows[r][0], rows[r][1],
			    rows[r][2], 40, month, 30, 0.01, &clv) ==
			    CRM_MODEL_OK, "clv, model %zu, x %g: status", m,
			    rows[r][0]);
			want = clv_by_months(models[m], rows[r][0], rows[r][1],
			    rows[r][2], 40, month, 30, 0.01);
			NEAR(clv, want, 1e-11, "clv, model %zu, x %g, T %g: as "
			    "the months one by one", m, rows[r][0], rows[r][2]);
		}
}

static void
test_names(void)
{
	enum crm_btyd_kind kind;

	CHECK(crm_btyd_kind_parse("Pareto/NBD", &kind) == 0 &&
	    kind == CRM_PNBD, "parse Pareto/NBD");
	CHECK(crm_btyd_kind_parse("mbgnbd", &kind) == 0 &&
	    kind == CRM_MBGNBD, "parse mbgnbd");
	CHECK(crm_btyd_kind_parse("weibull", &kind) == CRM_MODEL_EINVAL,
	    "unknown model name");
	CHECK_STR(crm_btyd_param_name(CRM_PNBD, 3), "beta", "names");
}

int
main(void)
{
	static struct cdnow c;

	test_names();
	test_row_likelihoods();
	test_expectations();
	test_prob_n();
	test_extreme_rows();
	test_bad_input();
	test_degenerate_data();
	test_clv();
	test_clv_shared_terms();
	if (load_cdnow(&c) == 0) {
		test_grouping_and_threads(&c);
		test_penalty(&c);
		test_cdnow_fits(&c);
	} else {
		skip(1, "cdnow data not found");
	}
	test_recovery();
	return check_done();
}
