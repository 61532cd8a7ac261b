/*
 * test-calendar.c: working days with weekends, holidays and make-up
 * working days (the 2026 mainland-China calendar), greetings, duplicates.
 */
#include <stdint.h>

#include "calendar.h"
#include "check.h"
#include "date.h"
#include "util.h"

static int32_t
d(int year, int month, int day)
{
	return days_from_civil(year, month, day);
}

/* 2026 春节: 02-15 .. 02-23 off, Saturdays 02-14 and 02-28 worked. */
static struct calendar *
spring_festival(void)
{
	struct calendar *cal = calendar_new(WEEKEND_SAT_SUN);
	unsigned long long first;
	int day;

	for (day = 15; day <= 23; day++)
		calendar_add(cal, d(2026, 2, day), DAY_HOLIDAY, "春节",
		    (unsigned long long)day, &first);
	calendar_add(cal, d(2026, 2, 14), DAY_WORKDAY, "春节调休", 100,
	    &first);
	calendar_add(cal, d(2026, 2, 28), DAY_WORKDAY, "春节调休", 101,
	    &first);
	calendar_add(cal, d(2026, 2, 17), DAY_GREETING, "春节", 102, &first);
	calendar_add(cal, d(2026, 3, 3), DAY_GREETING, "元宵节", 103, &first);
	return cal;
}

static void
test_weekends(void)
{
	struct calendar *cal = calendar_new(WEEKEND_SAT_SUN);

	/* 2026-11-23 is a Monday */
	CHECK(calendar_is_working(cal, d(2026, 11, 23)), "Monday works");
	CHECK(calendar_is_working(cal, d(2026, 11, 27)), "Friday works");
	CHECK(!calendar_is_working(cal, d(2026, 11, 28)), "Saturday is off");
	CHECK(!calendar_is_working(cal, d(2026, 11, 29)), "Sunday is off");
	CHECK(calendar_next_working(cal, d(2026, 11, 28)) == d(2026, 11, 30),
	    "after Saturday comes Monday");
	CHECK(calendar_next_working(cal, d(2026, 11, 27)) == d(2026, 11, 27),
	    "a working day is its own next working day");
	CHECK(calendar_prev_working(cal, d(2026, 11, 29)) == d(2026, 11, 27),
	    "before Sunday comes Friday");
	CHECK(calendar_working_between(cal, d(2026, 11, 23), d(2026, 11, 29))
	    == 5, "five working days in a plain week");
	CHECK(calendar_working_between(cal, d(2026, 11, 29), d(2026, 11, 23))
	    == 0, "an empty range has none");
	calendar_free(cal);
}

static void
test_holidays_and_makeup_days(void)
{
	struct calendar *cal = spring_festival();

	CHECK(calendar_is_working(cal, d(2026, 2, 14)),
	    "make-up Saturday 02-14 is a working day");
	CHECK(!calendar_is_working(cal, d(2026, 2, 16)),
	    "Monday 02-16 is a holiday");
	CHECK(calendar_next_working(cal, d(2026, 2, 15)) == d(2026, 2, 24),
	    "the next working day after the festival starts is 02-24");
	CHECK(calendar_prev_working(cal, d(2026, 2, 23)) == d(2026, 2, 14),
	    "the last working day before its end is the make-up Saturday");
	CHECK(calendar_is_working(cal, d(2026, 2, 28)) &&
	    !calendar_is_working(cal, d(2026, 3, 1)),
	    "02-28 is worked, Sunday 03-01 is not");
	CHECK(calendar_working_between(cal, d(2026, 2, 9), d(2026, 3, 1)) ==
	    5 + 1 + 4 + 1, "working days 02-09 .. 03-01");
	calendar_free(cal);
}

static void
test_duplicates(void)
{
	struct calendar *cal = spring_festival();
	unsigned long long first = 0;

	CHECK(!calendar_add(cal, d(2026, 2, 16), DAY_WORKDAY, "x", 200,
	    &first) && first == 16, "a second status for a date is refused "
	    "and names the first");
	CHECK(!calendar_add(cal, d(2026, 2, 17), DAY_GREETING, "x", 201,
	    &first) && first == 102, "a second greeting is refused");
	CHECK(calendar_add(cal, d(2026, 3, 3), DAY_HOLIDAY, "x", 202, &first),
	    "a greeting day may also be a holiday");
	calendar_free(cal);
}

static void
test_greetings(void)
{
	struct calendar *cal = spring_festival();
	const char *name = NULL;
	int32_t day = 0;

	CHECK(calendar_greeting(cal, d(2026, 2, 1), d(2026, 3, 31), 0, &day,
	    &name) && day == d(2026, 2, 17), "first greeting in range");
	CHECK_STR(name, "春节", "its name");
	CHECK(calendar_greeting(cal, d(2026, 2, 1), d(2026, 3, 31), 1, &day,
	    &name) && day == d(2026, 3, 3), "second greeting in range");
	CHECK(!calendar_greeting(cal, d(2026, 2, 1), d(2026, 3, 31), 2, &day,
	    &name), "no third");
	CHECK(!calendar_greeting(cal, d(2026, 2, 18), d(2026, 3, 2), 0, &day,
	    &name), "none between them");
	CHECK(calendar_greeting(cal, d(2026, 3, 3), d(2026, 3, 3), 0, &day,
	    &name), "range ends are inclusive");
	calendar_free(cal);
}

static void
test_weekend_spec(void)
{
	unsigned mask = 0;

	CHECK(calendar_parse_weekend("sat,sun", &mask) &&
	    mask == WEEKEND_SAT_SUN, "sat,sun");
	CHECK(calendar_parse_weekend("Friday,SAT", &mask) &&
	    mask == ((1u << 5) | (1u << 6)), "full names, any case");
	CHECK(calendar_parse_weekend("sun", &mask) && mask == (1u << 7),
	    "a one-day weekend");
	CHECK(calendar_parse_weekend("none", &mask) && mask == 0,
	    "none: every weekday works");
	CHECK(!calendar_parse_weekend("sat,", &mask), "trailing comma");
	CHECK(!calendar_parse_weekend("", &mask), "empty");
	CHECK(!calendar_parse_weekend("sa", &mask), "unknown word");
	CHECK(!calendar_parse_weekend("mon,tue,wed,thu,fri,sat,sun", &mask),
	    "no working day at all");
}

static void
test_custom_weekend(void)
{
	unsigned mask;
	struct calendar *cal;

	calendar_parse_weekend("fri,sat", &mask);
	cal = calendar_new(mask);
	CHECK(calendar_is_working(cal, d(2026, 11, 29)), "Sunday works");
	CHECK(calendar_next_working(cal, d(2026, 11, 27)) == d(2026, 11, 29),
	    "after Friday comes Sunday");
	calendar_free(cal);
}

int
main(void)
{
	setprogname("test-calendar");
	test_weekends();
	test_holidays_and_makeup_days();
	test_duplicates();
	test_greetings();
	test_weekend_spec();
	test_custom_weekend();
	return check_done();
}
