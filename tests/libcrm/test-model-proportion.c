/*
 * test-model-proportion.c: the normal and t quantiles against published
 * tables, and the NPS, Wilson, t, Newcombe and Welch intervals against
 * arithmetic done by hand (stated beside each check).
 */
#include <math.h>

#include "check.h"
#include "model/dist.h"
#include "model/proportion.h"
#include "model/special.h"

/* A table value printed to 3 decimals: within half a unit of its last digit. */
#define CHECK_TABLE(got, want, ...) \
	CHECK(fabs((got) - (want)) <= 0.0005, __VA_ARGS__)

static void
test_normal(void)
{
	/* Abramowitz & Stegun table 26.5; the usual 1.96 and 2.576 */
	CHECK_NEAR(crm_normal_quantile(0.975), 1.959963984540054, 1e-13,
	    "z(0.975) = 1.959963984540054");
	CHECK_NEAR(crm_normal_quantile(0.995), 2.575829303548901, 1e-13,
	    "z(0.995) = 2.575829303548901");
	CHECK_NEAR(crm_normal_quantile(0.05), -1.644853626951472, 1e-13,
	    "z(0.05) = -1.644853626951472");
	CHECK_NEAR(crm_normal_quantile(1e-10), -6.361340902404056, 1e-12,
	    "z(1e-10) = -6.361340902404056 (far tail)");
	CHECK(crm_normal_quantile(0.5) == 0, "z(0.5) = 0");
	CHECK(isnan(crm_normal_quantile(0)) && isnan(crm_normal_quantile(1)),
	    "z(0) and z(1) are NaN, not infinities");
	CHECK_NEAR(crm_normal_cdf(1.959963984540054), 0.975, 1e-14,
	    "Phi(1.96) = 0.975");
}

static void
test_incomplete_beta(void)
{
	/* closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b */
	CHECK_NEAR(crm_incomplete_beta(0.3, 2.5, 1), pow(0.3, 2.5), 1e-13,
	    "I_0.3(2.5, 1) = 0.3^2.5");
	CHECK_NEAR(crm_incomplete_beta(0.3, 1, 4), 1 - pow(0.7, 4), 1e-13,
	    "I_0.3(1, 4) = 1 - 0.7^4");
	CHECK_NEAR(crm_incomplete_beta(0.5, 7.5, 7.5), 0.5, 1e-13,
	    "I_0.5(a, a) = 1/2 by symmetry");
	CHECK(crm_incomplete_beta(0, 2, 3) == 0 &&
	    crm_incomplete_beta(1, 2, 3) == 1, "I_0 = 0 and I_1 = 1");
	CHECK(isnan(crm_incomplete_beta(0.5, 0, 1)), "a = 0 is NaN");
}

/* Student t quantiles as printed in the usual table (3 decimals). */
static void
test_t_quantile(void)
{
	static const struct {
		double p, df, table;
	} t[] = {
		{ 0.975, 1, 12.706 }, { 0.975, 2, 4.303 }, { 0.975, 4, 2.776 },
		{ 0.975, 5, 2.571 }, { 0.975, 10, 2.228 }, { 0.975, 30, 2.042 },
		{ 0.975, 120, 1.980 }, { 0.95, 1, 6.314 }, { 0.95, 10, 1.812 },
		{ 0.95, 60, 1.671 }, { 0.99, 20, 2.528 }, { 0.995, 4, 4.604 },
		{ 0.995, 1, 63.657 }, { 0.9995, 3, 12.924 },
		{ 0.9995, 1, 636.619 }, { 0.90, 15, 1.341 },
	};
	size_t i;
	double q;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		q = crm_t_quantile(t[i].p, t[i].df);
		CHECK_TABLE(q, t[i].table, "t(%g, %g df) = %.3f", t[i].p,
		    t[i].df, t[i].table);
		CHECK_NEAR(crm_t_quantile(1 - t[i].p, t[i].df), -q, 1e-12,
		    "t(%g, %g df) = -t(%g)", 1 - t[i].p, t[i].df, t[i].p);
		CHECK_NEAR(crm_t_cdf(q, t[i].df), t[i].p, 1e-12,
		    "P(T <= t(%g, %g df)) is %g again", t[i].p, t[i].df,
		    t[i].p);
	}
	/* df = 1 is Cauchy: t(p) = tan(pi (p - 1/2)); df = 2 closed form */
	CHECK_NEAR(crm_t_quantile(0.9, 1), tan(3.14159265358979323846 * 0.4),
	    1e-12, "t(0.9, 1 df) = tan(0.4 pi) (Cauchy)");
	CHECK_NEAR(crm_t_quantile(0.9, 2), 0.8 / sqrt(2 * 0.9 * 0.1), 1e-12,
	    "t(0.9, 2 df) = (2p - 1) / sqrt(2p(1 - p))");
	CHECK_NEAR(crm_t_quantile(0.975, 1e6), 1.959963984540054, 1e-5,
	    "many df: t is the normal");
	q = crm_t_quantile(0.975, 25.408);
	CHECK(q > 2.056 && q < 2.060, "a fractional df (Welch) lies between "
	    "the table's 2.060 (25 df) and 2.056 (26 df): %.4f", q);
	CHECK(crm_t_quantile(0.5, 3) == 0, "t(0.5) = 0");
	CHECK(isnan(crm_t_quantile(0.975, 0)) && isnan(crm_t_quantile(1, 3)),
	    "df = 0 and p = 1 are NaN");
}

static void
test_nps(void)
{
	struct crm_estimate e;

	/*
	 * 5 promoters, 3 passives, 2 detractors: p+ = 0.5, p- = 0.2,
	 * NPS = 0.3, variance (0.5 + 0.2 - 0.3^2) / 10 = 0.061,
	 * se = sqrt(0.061) = 0.246981781, half-width 1.959964 se =
	 * 0.484075395: (-0.184075395, 0.784075395).
	 */
	CHECK(crm_nps_interval(5, 3, 2, 0.95, &e) == 0, "NPS of 5/3/2");
	CHECK_NEAR(e.value, 0.3, 1e-15, "NPS 0.3");
	CHECK_NEAR(e.se, 0.2469817807046, 1e-12, "se sqrt(0.061)");
	CHECK_NEAR(e.low, -0.1840753950, 1e-9, "low 0.3 - 1.96 se");
	CHECK_NEAR(e.high, 0.7840753950, 1e-9, "high 0.3 + 1.96 se");
	/* all promoters: se 0, the interval is the point, cut to 1 */
	CHECK(crm_nps_interval(4, 0, 0, 0.95, &e) == 0 && e.value == 1 &&
	    e.se == 0 && e.low == 1 && e.high == 1, "all promoters: 1 +- 0");
	/* 1 promoter, 0, 1 detractor of 2: NPS 0, var (1 - 0) / 2, se
	 * 0.7071, half 1.386: cut to [-1, 1] */
	CHECK(crm_nps_interval(1, 0, 1, 0.95, &e) == 0 && e.low == -1 &&
	    e.high == 1, "a wide interval is cut to [-1, 1]");
	CHECK(crm_nps_interval(0, 0, 0, 0.95, &e) == CRM_MODEL_EINVAL,
	    "no answers: EINVAL");
	CHECK(crm_nps_interval(1, 1, 1, 1, &e) == CRM_MODEL_EINVAL,
	    "level 1: EINVAL");
}

static void
test_wilson(void)
{
	struct crm_estimate e;

	/*
	 * 8 of 10: z^2/n = 0.384145882, centre (0.8 + 0.192072941) /
	 * 1.384145882 = 0.716741, half 1.959964 / 1.384145882 *
	 * sqrt(0.016 + 0.009603647) = 0.226578: (0.490163, 0.943319),
	 * the Wilson interval of 8/10 in every table.
	 */
	CHECK(crm_wilson_interval(8, 10, 0.95, &e) == 0, "Wilson 8/10");
	CHECK_NEAR(e.value, 0.8, 1e-15, "p 0.8");
	CHECK_NEAR(e.se, 0.1264911064, 1e-9, "se sqrt(0.8 0.2 / 10)");
	CHECK_NEAR(e.low, 0.4901625, 1e-6, "low 0.490163");
	CHECK_NEAR(e.high, 0.9433178, 1e-6, "high 0.943318");
	/* 0 of 5: low 0, high z^2/(n + z^2) = 3.841459 / 8.841459 = 0.434482 */
	CHECK(crm_wilson_interval(0, 5, 0.95, &e) == 0 && e.low == 0,
	    "0 of 5: low 0");
	CHECK_NEAR(e.high, 0.4344825, 1e-6, "0 of 5: high z^2 / (n + z^2)");
	CHECK(crm_wilson_interval(6, 5, 0.95, &e) == CRM_MODEL_EINVAL,
	    "x > n: EINVAL");
}

static void
test_mean(void)
{
	struct crm_estimate e;
	double counts[7] = { 1, 1, 1, 1, 1, 0, 0 }, n, mean, s2;

	/* scores 1..5 once each: n 5, mean 3, s2 = (4+1+0+1+4)/4 = 2.5 */
	crm_histogram_moments(counts, 7, 1, &n, &mean, &s2);
	CHECK(n == 5 && mean == 3 && s2 == 2.5, "moments of 1,2,3,4,5");
	/* se sqrt(2.5 / 5) = 0.707107, t(0.975, 4) = 2.776445, half
	 * 1.963243: (1.036757, 4.963243) */
	CHECK(crm_mean_interval(n, mean, s2, 0.95, &e) == 0, "t interval");
	CHECK_NEAR(e.se, 0.7071067812, 1e-9, "se sqrt(0.5)");
	CHECK_NEAR(e.low, 1.0367568, 1e-6, "low 3 - 2.776445 se");
	CHECK_NEAR(e.high, 4.9632432, 1e-6, "high 3 + 2.776445 se");
	CHECK(crm_mean_interval(1, 3, 0, 0.95, &e) == CRM_MODEL_EDEGENERATE,
	    "one answer has no t interval");
}

static void
test_differences(void)
{
	struct crm_difference d;
	const double a[3] = { 5, 3, 2 }, b[3] = { 2, 3, 5 };

	/*
	 * NPS 0.3 against -0.3: each se sqrt(0.061), together sqrt(0.122)
	 * = 0.349284984, z = -0.6 / 0.349285 = -1.717795, p = 0.085830
	 */
	CHECK(crm_nps_difference(a, b, 0.95, &d) == 0, "NPS difference");
	CHECK_NEAR(d.value, -0.6, 1e-14, "b - a = -0.6");
	CHECK_NEAR(d.se, 0.3492849839, 1e-9, "se sqrt(0.122)");
	CHECK_NEAR(d.statistic, -1.7177950, 1e-6, "z -1.717795");
	CHECK_NEAR(d.p_value, 0.0858301, 1e-4, "p 0.0858");
	CHECK_NEAR(d.low, -0.6 - 1.959963985 * 0.3492849839, 1e-9,
	    "low -0.6 - 1.96 se");

	/*
	 * Newcombe (1998) example (a): 56/70 against 48/80, difference
	 * 0.8 - 0.6 = 0.2 (here a = 48/80, b = 56/70); method 10 gives
	 * 0.0524 to 0.3339 in his table II. Pooled p 104/150, z =
	 * 0.2 / sqrt(0.693333 0.306667 (1/70 + 1/80)) = 0.2 / 0.075467
	 * = 2.650172.
	 */
	CHECK(crm_proportion_difference(48, 80, 56, 70, 0.95, &d) == 0,
	    "Newcombe's example (a)");
	CHECK_NEAR(d.value, 0.2, 1e-12, "difference 0.2");
	CHECK(fabs(d.low - 0.0524) <= 0.00005 && fabs(d.high - 0.3339) <=
	    0.00005, "interval 0.0524 to 0.3339 (got %.4f to %.4f)", d.low,
	    d.high);
	CHECK_NEAR(d.statistic, 2.650172, 1e-6, "pooled z 2.650172");
	CHECK(crm_proportion_difference(5, 5, 3, 3, 0.95, &d) ==
	    CRM_MODEL_EDEGENERATE, "all satisfied in both: no test");

	/*
	 * Welch: a n 10 mean 5 s2 4, b n 20 mean 6 s2 9: variances of the
	 * means 0.4 and 0.45, se sqrt(0.85) = 0.921954, df 0.85^2 /
	 * (0.4^2/9 + 0.45^2/19) = 25.40823, t = 1 / 0.921954 = 1.084652,
	 * two-sided p about 0.288.
	 */
	CHECK(crm_mean_difference(10, 5, 4, 20, 6, 9, 0.95, &d) == 0,
	    "Welch t");
	CHECK_NEAR(d.se, 0.9219544457, 1e-9, "se sqrt(0.85)");
	CHECK_NEAR(d.df, 25.40823, 1e-6, "Welch-Satterthwaite df");
	CHECK_NEAR(d.statistic, 1.0846523, 1e-6, "t 1.084652");
	CHECK(fabs(d.p_value - 0.288) < 0.002, "p about 0.288 (got %.4f)",
	    d.p_value);
	CHECK_NEAR(d.high - d.value, crm_t_quantile(0.975, d.df) * d.se,
	    1e-12, "half-width t(0.975, df) se");
	CHECK(crm_mean_difference(1, 5, 0, 20, 6, 9, 0.95, &d) ==
	    CRM_MODEL_EDEGENERATE, "a group of one: no Welch test");
}

int
main(void)
{
	test_normal();
	test_incomplete_beta();
	test_t_quantile();
	test_nps();
	test_wilson();
	test_mean();
	test_differences();
	return check_done();
}
