/* test-period.c: calendar periods as numbers, checked by hand. */
#include "check.h"
#include "date.h"
#include "period.h"

static void
test_months(void)
{
	struct period_scale s = period_scale(PERIOD_MONTH, 0);
	char buf[PERIOD_LABEL_SIZE];

	CHECK(period_index(&s, days_from_civil(2024, 2, 29)) -
	    period_index(&s, days_from_civil(2023, 12, 31)) == 2,
	    "2023-12 to 2024-02 is two months");
	CHECK(period_start(&s, period_index(&s, days_from_civil(2024, 2,
	    29))) == days_from_civil(2024, 2, 1), "a month starts on the 1st");
	period_label(&s, period_index(&s, days_from_civil(2024, 2, 29)), buf);
	CHECK_STR(buf, "2024-02", "a month is named YYYY-MM");
}

static void
test_quarters_and_years(void)
{
	struct period_scale q = period_scale(PERIOD_QUARTER, 0);
	struct period_scale y = period_scale(PERIOD_YEAR, 0);
	char buf[PERIOD_LABEL_SIZE];
	int32_t nov = days_from_civil(2024, 11, 5);

	period_label(&q, period_index(&q, nov), buf);
	CHECK_STR(buf, "2024-Q4", "November is in Q4");
	CHECK(period_start(&q, period_index(&q, nov)) ==
	    days_from_civil(2024, 10, 1), "Q4 starts on October 1st");
	CHECK(period_index(&q, days_from_civil(2025, 1, 1)) ==
	    period_index(&q, nov) + 1, "2025-Q1 follows 2024-Q4");
	period_label(&y, period_index(&y, nov), buf);
	CHECK_STR(buf, "2024", "a year is named YYYY");
	CHECK(period_start(&y, period_index(&y, nov)) ==
	    days_from_civil(2024, 1, 1), "a year starts on January 1st");
}

static void
test_weeks(void)
{
	struct period_scale iso = period_scale(PERIOD_WEEK,
	    PERIOD_ISO_WEEK_ORIGIN);
	struct period_scale cdnow = period_scale(PERIOD_WEEK,
	    days_from_civil(1997, 1, 1));
	char buf[PERIOD_LABEL_SIZE];
	int32_t sunday = days_from_civil(2024, 1, 7);

	CHECK(date_weekday(PERIOD_ISO_WEEK_ORIGIN) == 1, "the ISO origin is "
	    "a Monday");
	CHECK(period_index(&iso, sunday + 1) == period_index(&iso, sunday) + 1,
	    "an ISO week ends on Sunday");
	period_label(&iso, period_index(&iso, sunday), buf);
	CHECK_STR(buf, "2024-01-01", "a week is named by its Monday");
	CHECK(period_index(&cdnow, days_from_civil(1997, 5, 20)) -
	    period_index(&cdnow, days_from_civil(1997, 1, 1)) == 19,
	    "1997-05-20 is in week 19 counted from 1997-01-01 (BTYD's 20th)");
	CHECK(period_index(&iso, days_from_civil(1960, 1, 4)) <
	    period_index(&iso, days_from_civil(1960, 1, 11)), "weeks before "
	    "1970 are numbered in order too");
	CHECK(period_start(&iso, period_index(&iso, days_from_civil(1960, 1,
	    6))) == days_from_civil(1960, 1, 4), "and start on Monday");
}

static void
test_all(void)
{
	struct period_scale all = period_scale(PERIOD_ALL, 0);
	char buf[PERIOD_LABEL_SIZE];

	CHECK(period_index(&all, 0) == period_index(&all, 100000), "one "
	    "period holds every day");
	period_label(&all, 0, buf);
	CHECK_STR(buf, "all", "and is named all");
	CHECK(period_kind_parse("quarter") == PERIOD_QUARTER &&
	    period_kind_parse("day") == -1, "period names parse");
}

int
main(void)
{
	test_months();
	test_quarters_and_years();
	test_weeks();
	test_all();
	return check_done();
}
