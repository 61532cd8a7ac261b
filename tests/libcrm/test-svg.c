/* test-svg.c: ticks, shades and the charts' marks and hover titles. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "svg.h"

static void
test_ticks(void)
{
	double first, step;
	int count;

	svg_ticks(0, 2266, 5, &first, &step, &count);
	CHECK(first == 0 && step == 1000 && count == 4, "0..2266: 0, 1000, "
	    "2000, 3000 (got %g %g %d)", first, step, count);
	svg_ticks(0, 0.37, 5, &first, &step, &count);
	CHECK(step == 0.1 && count == 5, "0..0.37 in steps of 0.1");
	svg_ticks(-46.3, 12, 5, &first, &step, &count);
	CHECK(first == -60 && step == 20 && count == 5, "-46.3..12: -60, "
	    "-40, -20, 0, 20 (got %g %g %d)", first, step, count);
	svg_ticks(3, 3, 5, &first, &step, &count);
	CHECK(count >= 2 && step > 0, "an empty range still gets ticks");
}

static void
test_shade(void)
{
	char low[8], high[8], mid[8];

	svg_shade(0, low);
	svg_shade(1, high);
	svg_shade(NAN, mid);
	CHECK_STR(low, "#f4f8fc", "0 is the lightest shade");
	CHECK_STR(high, "#08306b", "1 is the darkest");
	CHECK_STR(mid, "#f4f8fc", "NaN is the lightest, not garbage");
	CHECK(svg_text_width("张伟", 10) == 20 && svg_text_width("ab", 10) <
	    12, "CJK is a full em wide, Latin about half");
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s++;
	}
	return n;
}

static void
test_charts(void)
{
	const char *cats[] = { "gold", "silver", "<b>" };
	const double v[] = { 0.2, 0.3, 0.5 }, w[] = { 0.85, 0.11, NAN };
	struct svg_series series[2] = { { "customers", v, NULL, NULL, NULL },
		{ "revenue", w, NULL, NULL, NULL } };
	struct svg_chart c = { "Tiers", "share", "tier", cats, 3, series, 2,
		0, true, 0 };
	const double cells[] = { 1, NAN, 3, 4 };
	const char *rows[] = { "r1", "r2" }, *cols[] = { "c1", "c2" };
	struct svg_heat m = { "Heat", "x", "y", rows, 2, cols, 2, cells,
		NULL, 0, 4, 0, false, 0 };
	struct html h;

	html_init(&h);
	svg_bars(&h, &c);
	CHECK(count(h.s, "<svg ") == 1 && count(h.s, "</svg>") == 1, "one "
	    "svg element");
	CHECK(count(h.s, "<title>") == 7, "a title for the chart and for each "
	    "of its six bars");
	CHECK(strstr(h.s, "<title>silver, revenue: 11%</title>") != NULL,
	    "hover: category, series and value");
	CHECK(strstr(h.s, "&lt;b&gt;") != NULL && strstr(h.s, "<b>") == NULL,
	    "category names are escaped");
	CHECK(strstr(h.s, "nan") == NULL, "no nan in the markup");
	html_free(&h);
	svg_heatmap(&h, &m);
	CHECK(count(h.s, "class=\"empty\"") == 1, "a NaN cell is drawn empty");
	CHECK(strstr(h.s, "<title>r2, c2: 4</title>") != NULL, "a cell's "
	    "hover names its row and column");
	html_free(&h);
	svg_lines(&h, &c);
	CHECK(count(h.s, "<circle") == 5 && strstr(h.s, "nan") == NULL,
	    "lines: a point per known value, none for NaN");
	html_free(&h);
}

int
main(void)
{
	test_ticks();
	test_shade();
	test_charts();
	return check_done();
}
