/*
 * test-segment-quadrant.c: two measures, each high (strictly above the
 * split) or low, the split being the median, the mean or given. Labels
 * are X first: "high-low" is high X, low Y.
 */
#include "check.h"
#include "segment_check.h"

struct quadrant_case {
	const char *what;
	const char *axes, *at;
	enum segment_lang lang;
	const char *csv;
	const char *want;
	unsigned long long rejected;
};

static const struct quadrant_case cases[] = {
	{ "medians 2.5 and 25 of four rows", "a,b", NULL, SEGMENT_EN,
	  "a,b\n1,10\n2,20\n3,30\n4,40\n",
	  "low-low,low-low,high-high,high-high", 0 },
	{ "X and Y apart: medians 2 and 20 of three rows", "a,b", "median",
	  SEGMENT_EN, "a,b\n1,40\n4,10\n2,20\n",
	  "low-high,high-low,low-low", 0 },
	{ "a value at the median is low, not high", "a,b", NULL, SEGMENT_EN,
	  "a,b\n1,1\n2,2\n2,2\n3,3\n",
	  "low-low,low-low,low-low,high-high", 0 },
	{ "the mean 4 of 1, 2, 9: only 9 is high", "a,b", "mean", SEGMENT_EN,
	  "a,b\n1,5\n2,5\n9,5\n", "low-low,low-low,high-low", 0 },
	{ "given splits 1.5 and 15", "a,b", "1.5,15", SEGMENT_EN,
	  "a,b\n1,10\n2,10\n1,20\n2,20\n",
	  "low-low,high-low,low-high,high-high", 0 },
	{ "Y first when named first", "b,a", "15,1.5", SEGMENT_EN,
	  "a,b\n2,10\n", "low-high", 0 },
	{ "frequency x amount: the CRM's labels", "x,monetary", NULL,
	  SEGMENT_EN, "x,monetary\n1,100\n5,20\n",
	  "low frequency-high amount,high frequency-low amount", 0 },
	{ "frequency x amount in Chinese", "x,monetary", NULL, SEGMENT_ZH,
	  "x,monetary\n1,100\n5,20\n", "低频高额,高频低额", 0 },
	{ "other measures in Chinese", "a,b", NULL, SEGMENT_ZH,
	  "a,b\n1,100\n5,20\n", "低-高,高-低", 0 },
	{ "one row: low on both (not above its own median)", "a,b", NULL,
	  SEGMENT_EN, "a,b\n3,3\n", "low-low", 0 },
	{ "no rows: no labels", "a,b", NULL, SEGMENT_EN, "a,b\n", "", 0 },
	{ "an empty or bad cell is rejected; the medians are of the rest",
	  "a,b", NULL, SEGMENT_EN, "a,b\n1,10\n,20\n3,x\n5,30\n",
	  "low-low,high-high", 2 },
};

static void
test_cases(struct segment_check *c)
{
	struct segment_options o;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		segment_options_init(&o);
		o.quadrant.axes = cases[i].axes;
		o.quadrant.at = cases[i].at;
		o.lang = cases[i].lang;
		check_labels(c, &segment_quadrant, &o, cases[i].csv,
		    cases[i].want, cases[i].rejected, cases[i].what);
		segment_options_free(&o);
	}
}

static void
test_labels(struct segment_check *c)
{
	struct segment_options o;

	segment_options_init(&o);
	o.quadrant.axes = "a,b";
	o.labels = "stars,cows,question marks,dogs";
	check_labels(c, &segment_quadrant, &o, "a,b\n9,9\n9,1\n1,9\n1,1\n",
	    "stars,cows,question marks,dogs", 0, "--labels name HH, HL, LH, "
	    "LL in that order");
	segment_options_free(&o);
}

int
main(void)
{
	struct segment_check c;

	segment_check_begin(&c, "test-segment-quadrant");
	test_cases(&c);
	test_labels(&c);
	segment_check_end(&c);
	return check_done();
}
