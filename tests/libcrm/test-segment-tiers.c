/*
 * test-segment-tiers.c: value tiers and ABC classes on rows small enough
 * to rank by hand. A row's tier is the first whose cumulative share
 * exceeds what lies strictly above the row: the count of customers
 * above, or the sum of their values, over the total.
 */
#include "check.h"
#include "segment_check.h"

struct tier_case {
	const char *what;
	const char *spec;	/* SPEC of --tiers v=SPEC or --abc v=SPEC */
	bool by_value;
	const char *csv;
	const char *want;	/* labels of the kept rows */
	unsigned long long rejected;
};

static const struct tier_case tiers_cases[] = {
	{ "ten values: 2 gold, 3 silver, 5 bronze",
	  "gold:0.2,silver:0.3,bronze", false,
	  "v\n10\n9\n8\n7\n6\n5\n4\n3\n2\n1\n",
	  "gold,gold,silver,silver,silver,bronze,bronze,bronze,bronze,bronze",
	  0 },
	{ "the input's order does not matter",
	  "gold:0.2,silver:0.3,bronze", false,
	  "v\n1\n10\n6\n2\n9\n3\n8\n4\n7\n5\n",
	  "bronze,gold,silver,bronze,gold,bronze,silver,bronze,silver,bronze",
	  0 },
	{ "shares as percentages", "gold:20%,silver:30%,bronze", false,
	  "v\n10\n9\n8\n7\n6\n5\n4\n3\n2\n1\n",
	  "gold,gold,silver,silver,silver,bronze,bronze,bronze,bronze,bronze",
	  0 },
	{ "a tie straddling a boundary goes to the better tier: 1/4 above "
	  "the 5s", "gold:0.5,bronze", false, "v\n9\n5\n5\n1\n",
	  "gold,gold,gold,bronze", 0 },
	{ "a tie just at a boundary: 2/4 above the 5s is not below 0.5",
	  "gold:0.5,bronze", false, "v\n9\n8\n5\n5\n",
	  "gold,gold,bronze,bronze", 0 },
	{ "all equal: one tier, the best", "gold:0.2,silver:0.3,bronze", false,
	  "v\n3\n3\n3\n", "gold,gold,gold", 0 },
	{ "negative and fractional values rank as numbers",
	  "gold:0.25,silver:0.25,bronze", false, "v\n-1\n0\n-0.5\n2\n",
	  "bronze,silver,bronze,gold", 0 },
	{ "-0 ties with 0: 1/3 above both", "gold:0.5,bronze", false,
	  "v\n1\n0\n-0\n", "gold,gold,gold", 0 },
	{ "one row: the best tier", "gold:0.2,silver:0.3,bronze", false,
	  "v\n7\n", "gold", 0 },
	{ "no rows: no labels", "gold:0.2,silver:0.3,bronze", false, "v\n",
	  "", 0 },
	{ "not a number: rejected, the rest ranked", "gold:0.5,bronze", false,
	  "v\n4\nn/a\n2\n", "gold,bronze", 1 },
	{ "an empty cell is not a number", "gold:0.5,bronze", false,
	  "id,v\n1,4\n2,\n3,2\n", "gold,bronze", 1 },
	{ "by value: 50 of 100 above 30 is not below 0.5",
	  "gold:0.5,silver:0.3,bronze", true, "v\n30\n50\n5\n15\n",
	  "silver,gold,bronze,bronze", 0 },
	{ "by value: tied values share a tier", "gold:0.5,bronze", true,
	  "v\n40\n20\n40\n", "gold,bronze,gold", 0 },
	{ "by value: exact decimals, 0.3 of 0.6 above 0.2",
	  "gold:0.5,bronze", true, "v\n0.1\n0.2\n0.3\n",
	  "bronze,bronze,gold", 0 },
	{ "by value: all 0 is one tier, the best", "gold:0.5,bronze", true,
	  "v\n0\n0\n", "gold,gold", 0 },
	{ "by value: a negative value is rejected", "gold:0.5,bronze", true,
	  "v\n10\n-1\n5\n", "gold,bronze", 1 },
};

static const struct tier_case abc_cases[] = {
	{ "A to 80%, B to 95%, C the rest", "0.8,0.95", true,
	  "v\n6\n70\n4\n20\n", "B,A,C,A", 0 },
	{ "B can be empty", "0.8,0.95", true, "v\n50\n46\n4\n", "A,A,C", 0 },
	{ "one cut: A and B", "0.5", true, "v\n1\n1\n1\n1\n",
	  "A,A,A,A", 0 },
	{ "a negative value is rejected", "0.8", true, "v\n-5\n5\n", "A", 1 },
};

static void
run_cases(struct segment_check *c, const struct segment_method *m,
    const struct tier_case *cases, size_t n)
{
	struct segment_options o;
	size_t i;

	for (i = 0; i < n; i++) {
		segment_options_init(&o);
		o.tiers.column = xstrdup("v");
		o.tiers.spec = cases[i].spec;
		o.tiers.by_value = cases[i].by_value;
		check_labels(c, m, &o, cases[i].csv, cases[i].want,
		    cases[i].rejected, cases[i].what);
		segment_options_free(&o);
	}
}

static void
test_labels(struct segment_check *c)
{
	struct segment_options o;

	segment_options_init(&o);
	o.tiers.column = xstrdup("v");
	o.tiers.spec = "0.5";
	o.labels = "top,rest";
	check_labels(c, &segment_abc, &o, "v\n9\n1\n", "top,rest", 0,
	    "--labels renames A and B");
	o.labels = "x,x";
	check_labels(c, &segment_abc, &o, "v\n9\n1\n", "x,x", 0,
	    "two classes with one label");
	segment_options_free(&o);
}

int
main(void)
{
	struct segment_check c;

	segment_check_begin(&c, "test-segment-tiers");
	run_cases(&c, &segment_tiers, tiers_cases,
	    sizeof(tiers_cases) / sizeof(tiers_cases[0]));
	run_cases(&c, &segment_abc, abc_cases,
	    sizeof(abc_cases) / sizeof(abc_cases[0]));
	test_labels(&c);
	segment_check_end(&c);
	return check_done();
}
