/*
 * test-bizhours.c: working time across nights, weekends, a holiday and a
 * make-up working day (the 2026 National Day break: 10-01 .. 10-07 off,
 * Saturday 10-10 worked), checked by hand.
 */
#include "bizhours.h"
#include "check.h"
#include "date.h"

#define HOUR 3600

static int64_t
at(int year, int month, int day, int hour, int minute)
{
	return (int64_t)days_from_civil(year, month, day) * 86400 +
	    (hour * 60 + minute) * 60;
}

static void
test_window(void)
{
	int open, close;

	CHECK(bizhours_parse_window("09:00-18:00", &open, &close) &&
	    open == 9 * HOUR && close == 18 * HOUR, "09:00-18:00");
	CHECK(bizhours_parse_window("8:30-17:45", &open, &close) &&
	    open == 8 * HOUR + 1800 && close == 17 * HOUR + 2700,
	    "one-digit hour and minutes");
	CHECK(bizhours_parse_window("00:00-24:00", &open, &close) &&
	    close == 24 * HOUR, "the whole day");
	CHECK(!bizhours_parse_window("18:00-09:00", &open, &close),
	    "closing before opening is refused");
	CHECK(!bizhours_parse_window("9-18", &open, &close) &&
	    !bizhours_parse_window("09:00-18:60", &open, &close) &&
	    !bizhours_parse_window("09:00", &open, &close),
	    "malformed windows are refused");
}

static void
test_between(void)
{
	struct calendar *cal = calendar_new(WEEKEND_SAT_SUN);
	struct bizhours b = { cal, 9 * HOUR, 18 * HOUR };
	unsigned long long first;
	int day;

	for (day = 1; day <= 7; day++)
		calendar_add(cal, days_from_civil(2026, 10, day), DAY_HOLIDAY,
		    "国庆节", (unsigned long long)day, &first);
	calendar_add(cal, days_from_civil(2026, 10, 10), DAY_WORKDAY, "",
	    8, &first);

	/* Tuesday 2026-11-17 10:00 to 14:30, same day: 4.5 h */
	CHECK(bizhours_between(&b, at(2026, 11, 17, 10, 0),
	    at(2026, 11, 17, 14, 30)) == 4 * HOUR + 1800, "same day 4.5 h");
	/* before opening and after closing count nothing: 07:00 to 20:00 is
	 * the whole 9 h window */
	CHECK(bizhours_between(&b, at(2026, 11, 17, 7, 0),
	    at(2026, 11, 17, 20, 0)) == 9 * HOUR, "outside hours do not count");
	/* Friday 11-20 17:00 to Monday 11-23 10:00: 1 h + weekend 0 + 1 h */
	CHECK(bizhours_between(&b, at(2026, 11, 20, 17, 0),
	    at(2026, 11, 23, 10, 0)) == 2 * HOUR, "over a weekend: 2 h");
	/* Wednesday 09-30 17:00 to Thursday 10-08 10:00: 1 h, the holiday
	 * week (and its weekend) 0, 1 h */
	CHECK(bizhours_between(&b, at(2026, 9, 30, 17, 0),
	    at(2026, 10, 8, 10, 0)) == 2 * HOUR, "over the National Day "
	    "holiday: 2 h");
	/* Friday 10-09 17:00 to Monday 10-12 10:00: 1 h + Saturday 10-10
	 * worked 9 h + Sunday 0 + 1 h = 11 h */
	CHECK(bizhours_between(&b, at(2026, 10, 9, 17, 0),
	    at(2026, 10, 12, 10, 0)) == 11 * HOUR, "a make-up Saturday "
	    "counts: 11 h");
	/* Monday 11-16 09:00 to Monday 11-23 09:00: five whole days, 45 h */
	CHECK(bizhours_between(&b, at(2026, 11, 16, 9, 0),
	    at(2026, 11, 23, 9, 0)) == 45 * HOUR, "a week: 45 h");
	/* raised on Saturday, answered on Monday at 09:00: nothing */
	CHECK(bizhours_between(&b, at(2026, 11, 21, 11, 0),
	    at(2026, 11, 23, 9, 0)) == 0, "weekend to opening: 0");
	CHECK(bizhours_between(&b, at(2026, 11, 17, 14, 0),
	    at(2026, 11, 17, 10, 0)) == 0, "backwards: 0");
	calendar_free(cal);
}

int
main(void)
{
	test_window();
	test_between();
	return check_done();
}
