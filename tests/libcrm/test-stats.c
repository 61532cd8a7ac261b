/* test-stats.c: quantiles and medians, checked by hand. */
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

int
main(void)
{
	test_quantile();
	test_median();
	return check_done();
}
