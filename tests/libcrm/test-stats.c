/* test-stats.c: quantiles, medians, means and deviations, by hand. */
#include <math.h>
#include <stdint.h>

#include "check.h"
#include "stats.h"

static void
test_quantile(void)
{
	const double v[] = { 1, 2, 4, 8, 16 };

	/* type 7: h = (n - 1) q; v[floor h] + frac(h) (next - it) */
	CHECK(quantile_sorted(v, 5, 0) == 1, "q = 0 is the minimum");
	CHECK(quantile_sorted(v, 5, 1) == 16, "q = 1 is the maximum");
	CHECK(quantile_sorted(v, 5, 0.5) == 4, "q = 0.5 of 5 values is the "
	    "third");
	CHECK(quantile_sorted(v, 5, 0.9) == 12.8, "q = 0.9: h = 3.6, 8 + 0.6 "
	    "x 8 = 12.8");
	CHECK(quantile_sorted(v, 5, 0.125) == 1.5, "q = 0.125: h = 0.5, "
	    "halfway from 1 to 2");
	CHECK(quantile_sorted(v, 1, 0.7) == 1, "one value is every quantile");
}

static void
test_quantile_counts(void)
{
	/* the values 1, 2, 4, 8, 16 as counts: the same quantiles */
	uint32_t c[17] = { 0 };
	uint32_t twice[4] = { 0, 2, 0, 1 };	/* 1, 1, 3 */

	c[1] = c[2] = c[4] = c[8] = c[16] = 1;
	CHECK(quantile_counts(c, 17, 0.5) == 4, "median of 1,2,4,8,16 is 4");
	CHECK(quantile_counts(c, 17, 0.9) == 12.8, "q = 0.9: 8 + 0.6 x 8");
	CHECK(quantile_counts(c, 17, 0) == 1 && quantile_counts(c, 17, 1) == 16,
	    "q = 0 and 1: the extremes");
	/* 1, 1, 3: h = 2 x 0.75 = 1.5: halfway from 1 to 3 */
	CHECK(quantile_counts(twice, 4, 0.75) == 2, "repeated values: q = 0.75 "
	    "of 1, 1, 3 is 2");
	CHECK(quantile_counts(twice, 4, 0.5) == 1, "median of 1, 1, 3 is 1");
}

static void
test_median(void)
{
	double odd[] = { 9, 1, 5 };
	double even[] = { 4, 1, 3, 2 };
	double huge[] = { 1.5e308, 1.7e308 };

	CHECK(median(odd, 3) == 5, "median of 9, 1, 5 is 5");
	CHECK(odd[0] == 1 && odd[1] == 5 && odd[2] == 9, "and sorts them");
	CHECK(median(even, 4) == 2.5, "median of four is the mean of the "
	    "middle two");
	CHECK(median(huge, 2) == 1.6e308, "the middle two near DBL_MAX do "
	    "not overflow");
}

/* A 3 x 2 table, row-major: the columns are 1, 2, 6 and 10, 10, 10. */
static void
test_mean_sd(void)
{
	const double table[] = { 1, 10, 2, 10, 6, 10 };
	const double huge[] = { 1.5e308, 1.7e308 };
	const double spread[] = { 1e300, -1e300 };

	CHECK(mean_strided(table, 3, 2) == 3, "mean of column 1: 9 / 3");
	CHECK(mean_strided(table + 1, 3, 2) == 10, "mean of column 2");
	/* deviations -2, -1, 3: squares 4, 1, 9 add up to 14 */
	CHECK_NEAR(sd_strided(table, 3, 2, 3), sqrt(14.0 / 3), 1e-15,
	    "population deviation of column 1: sqrt(14 / 3)");
	CHECK(sd_strided(table + 1, 3, 2, 10) == 0, "a constant column: 0");
	CHECK(mean_strided(huge, 2, 1) == 1.6e308, "a sum past DBL_MAX: "
	    "the running mean");
	CHECK(sd_strided(spread, 2, 1, 0) == 1e300, "deviations near "
	    "DBL_MAX are scaled before squaring");
}

static void
test_median_money(void)
{
	money_t odd[] = { 90000, 10000, 50000 };
	money_t even[] = { 2, 1 };
	money_t big[] = { INT64_MAX, INT64_MAX - 2 };
	money_t half[] = { INT64_MAX / 2 + 1 };
	money_t m = 0;

	CHECK(median_money(odd, 3, &m) && m == 50000, "9, 1, 5: 5");
	CHECK(odd[0] == 10000 && odd[2] == 90000, "and sorts them");
	CHECK(median_money(even, 2, &m) && m == 2, "0.0001 and 0.0002: "
	    "0.00015 rounds half away from zero to 0.0002");
	CHECK(!median_money(big, 2, &m), "the middle two's sum out of range: "
	    "false");
	CHECK(!median_money(half, 1, &m), "twice one middle value out of "
	    "range: false too");
	CHECK(compare_money(&odd[0], &odd[1]) < 0 &&
	    compare_money(&odd[1], &odd[1]) == 0, "compare_money orders "
	    "ascending");
}

int
main(void)
{
	test_quantile();
	test_median();
	test_mean_sd();
	test_median_money();
	test_quantile_counts();
	return check_done();
}
