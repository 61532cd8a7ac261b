/*
 * test-model-gg.c: the Gamma-Gamma spend model against the CDNOW fit
 * (Fader & Hardie 2013; CLVTools), mpmath, simulated data and bad input.
 * Run from the repository root (the CDNOW files are read in place).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model/gammagamma.h"
#include "model/rng.h"
#include "model_check.h"

#define MAX_CUSTOMERS 2400

/* Customers with x > 0 of the summary file: x and zbar (2 decimals). */
static size_t
load_summary(double *x, double *zbar)
{
	static struct cdnow c;
	size_t i, n = 0;

	if (load_cdnow(&c) != 0)
		return 0;
	for (i = 0; i < c.n; i++)
		if (c.x[i] > 0) {
			x[n] = c.x[i];
			zbar[n++] = c.zbar[i];
		}
	return n;
}

/*
 * The same customers from the raw sample log (master id, sample id,
 * YYYYMMDD, CDs, dollars): same-day purchases merged, repeat days up to
 * 1997-09-30 only, zbar unrounded.  The log is sorted by customer, date.
 */
static size_t
load_raw_sample(double *x, double *zbar)
{
	FILE *f = fopen(CDNOW_DIR "CDNOW_sample.txt", "r");
	long id, cds, last_id = -1, day, first_day = -1, last_day = -1;
	double value, sum = 0;
	size_t n = 0;
	char master[16];
	int repeats = 0;

	if (f == NULL)
		return 0;
	while (fscanf(f, "%15s %ld %ld %ld %lf", master, &id, &day, &cds,
	    &value) == 5) {
		if (id != last_id) {
			if (repeats > 0 && n < MAX_CUSTOMERS) {
				x[n] = repeats;
				zbar[n++] = sum / repeats;
			}
			last_id = id, first_day = last_day = day;
			repeats = 0, sum = 0;
			continue;
		}
		if (day > 19970930 || day == first_day)
			continue;
		if (day != last_day)
			repeats++;
		last_day = day;
		sum += value;
	}
	if (repeats > 0 && n < MAX_CUSTOMERS) {
		x[n] = repeats;
		zbar[n++] = sum / repeats;
	}
	fclose(f);
	return n;
}

static void
test_cdnow(void)
{
	static double x[MAX_CUSTOMERS], zbar[MAX_CUSTOMERS];
	struct crm_gg_fit fit;
	double rho;
	size_t n = load_summary(x, zbar);

	if (n == 0) {
		skip(1, "cdnow data not found");
		return;
	}
	CHECK(n == 946, "946 CDNOW customers with x > 0");
	CHECK(crm_gg_fit(n, x, zbar, NULL, NULL, &fit) == 0 && fit.converged,
	    "Gamma-Gamma CDNOW converges (%s)", fit.message);
	NEAR(fit.model.p, 6.24880, 1e-5, "CDNOW p");
	NEAR(fit.model.q, 3.74459, 1e-5, "CDNOW q");
	NEAR(fit.model.gamma, 15.44775, 1e-5, "CDNOW gamma");
	NEAR(fit.loglik, -4055.923, 1e-7, "CDNOW LL (zbar to 2 decimals)");
	CHECK(fit.se_ok && fit.se[0] > 0.5 && fit.se[0] < 2,
	    "standard error of p (%g)", fit.se[0]);
	CHECK(crm_pearson(n, x, zbar, NULL, &rho) == 0 && fabs(rho - 0.1139) <
	    1e-3, "CDNOW corr(x, zbar) = %.4f (weak)", rho);

	n = load_raw_sample(x, zbar);
	if (n == 0) {
		skip(1, "cdnow sample log not found");
		return;
	}
	CHECK(n == 946, "raw sample: 946 customers with repeat purchases");
	CHECK(crm_gg_fit(n, x, zbar, NULL, NULL, &fit) == 0,
	    "Gamma-Gamma on the unrounded zbar converges");
	NEAR(fit.loglik, -4055.9177, 1e-7, "unrounded zbar: CLVTools' LL");
	CHECK(fabs(fit.model.p - 6.25) < 0.005 && fabs(fit.model.q - 3.74) <
	    0.005 && fabs(fit.model.gamma - 15.44) < 0.005,
	    "unrounded zbar: published p, q, gamma (6.25, 3.74, 15.44)");
}

static void
test_formulas(void)
{
	struct crm_gg m = { 6.25, 3.74, 15.44 }, heavy = { 2, 0.8, 10 };
	double ll, e, mean, integral = 0, u;

	crm_gg_loglik_row(&m, 3, 20.5, &ll);
	NEAR(ll, -3.4804983543930639, 1e-13, "row log-likelihood (mpmath)");
	/* A density in zbar: it integrates to 1 (z = e^u). */
	for (u = -8; u < 16; u += 1e-3) {
		crm_gg_loglik_row(&m, 3, exp(u), &ll);
		integral += exp(ll + u) * 1e-3;
	}
	NEAR(integral, 1, 1e-7, "the density of zbar integrates to 1");
	crm_gg_population_mean(&m, &mean);
	NEAR(mean, 6.25 * 15.44 / 2.74, 1e-14, "population mean p g/(q-1)");
	crm_gg_expected_spend(&m, 0, 0, &e);
	NEAR(e, mean, 1e-14, "E(Z | x = 0) is the population mean");
	crm_gg_expected_spend(&m, 2, 40, &e);
	NEAR(e, 2.74 / 15.24 * mean + 12.5 / 15.24 * 40, 1e-14,
	    "E(Z | x, zbar) weights mean and zbar (FH 2013, eq. 5)");
	crm_gg_expected_spend(&m, 1e6, 40, &e);
	NEAR(e, 40, 1e-5, "many transactions: E(Z) -> zbar");
	CHECK(crm_gg_population_mean(&heavy, &mean) == CRM_MODEL_EDOMAIN &&
	    crm_gg_expected_spend(&heavy, 1, 5, &e) == CRM_MODEL_EDOMAIN,
	    "q <= 1: infinite mean is a domain error");
}

static void
test_bad_input(void)
{
	double x[] = { 1, 2, 0 }, zbar[] = { 10, 0, 5 }, w[] = { 1, 1, -1 };
	struct crm_gg_fit fit;
	struct crm_gg m = { 1, 2, 3 };
	double ll, rho;

	CHECK(crm_gg_fit(3, x, zbar, NULL, NULL, &fit) == CRM_MODEL_EINVAL &&
	    fit.bad_row == 1, "zbar = 0 rejected: %s", fit.message);
	zbar[1] = 4;
	CHECK(crm_gg_fit(3, x, zbar, NULL, NULL, &fit) == CRM_MODEL_EINVAL &&
	    fit.bad_row == 2, "x = 0 rejected: %s", fit.message);
	x[2] = 1;
	CHECK(crm_gg_fit(3, x, zbar, w, NULL, &fit) == CRM_MODEL_EINVAL &&
	    fit.bad_row == 2, "negative weight rejected");
	CHECK(crm_gg_loglik_row(&m, 1, -1, &ll) == CRM_MODEL_EINVAL,
	    "row with zbar < 0 rejected");
	CHECK(crm_gg_fit(0, x, zbar, NULL, NULL, &fit) == CRM_MODEL_EINVAL,
	    "no rows: %s", fit.message);
	CHECK(crm_pearson(3, x, x, NULL, &rho) == 0 && rho == 1,
	    "corr(x, x) = 1");
	x[0] = x[1] = x[2] = 2;
	CHECK(crm_pearson(3, x, zbar, NULL, &rho) == CRM_MODEL_EDOMAIN,
	    "constant x: correlation undefined");
}

static void
test_identical_spend(void)
{
	double x[200], zbar[200];
	struct crm_gg_fit fit;
	int i, st;

	for (i = 0; i < 200; i++)
		x[i] = 1 + i % 5, zbar[i] = 25;
	st = crm_gg_fit(200, x, zbar, NULL, NULL, &fit);
	CHECK(st == CRM_MODEL_EDEGENERATE && !fit.converged &&
	    isfinite(fit.model.p), "all zbar equal: %s", fit.message);
}

/* Simulate spend with known p, q, gamma and recover it (3 se). */
static void
test_recovery(void)
{
	enum { N = 20000 };
	static const double truth[3] = { 4, 3, 20 };
	static double x[N], zbar[N];
	struct crm_gg_fit fit;
	struct crm_gg_fit_options opt;
	struct crm_rng g;
	double est[3];
	int i, k;

	crm_rng_seed(&g, 99);
	for (i = 0; i < N; i++) {
		double nu = crm_rng_gamma(&g, truth[1]) / truth[2], sum = 0;

		x[i] = 1 + (int)(crm_rng_uniform(&g) * 6);
		for (k = 0; k < x[i]; k++)
			sum += crm_rng_gamma(&g, truth[0]) / nu;
		zbar[i] = sum / x[i];
	}
	CHECK(crm_gg_fit(N, x, zbar, NULL, NULL, &fit) == 0 && fit.se_ok,
	    "fit of %d simulated customers", N);
	est[0] = fit.model.p, est[1] = fit.model.q, est[2] = fit.model.gamma;
	for (k = 0; k < 3; k++)
		CHECK(fabs(est[k] - truth[k]) < 3 * fit.se[k],
		    "parameter %d = %.4f (true %g, se %.4f)", k, est[k],
		    truth[k], fit.se[k]);
	memset(&opt, 0, sizeof opt);
	opt.penalty = 1000;
	CHECK(crm_gg_fit(N, x, zbar, NULL, &opt, &fit) == 0 &&
	    fabs(log(fit.model.gamma)) < fabs(log(est[2])),
	    "penalty shrinks gamma towards 1 (%.3f)", fit.model.gamma);
}

int
main(void)
{
	test_formulas();
	test_bad_input();
	test_identical_spend();
	test_recovery();
	test_cdnow();
	return check_done();
}
