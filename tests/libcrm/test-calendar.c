/*
 * test-calendar.c: working days with weekends, holidays and make-up
 * working days (the 2026 mainland-China calendar), greetings, duplicates.
 */
#include <limits.h>
#include <stdint.h>
#include <unistd.h>

#include "calendar.h"
#include "check.h"
#include "date.h"
#include "run_child.h"
#include "side_files.h"
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

/* "Due N working days after": over a weekend, the festival, a 调休. */
static void
test_add_working(void)
{
	struct calendar *cal = spring_festival();

	CHECK(calendar_add_working(cal, d(2026, 11, 27), 0) == d(2026, 11, 27),
	    "0 working days after Friday: Friday");
	CHECK(calendar_add_working(cal, d(2026, 11, 28), 0) == d(2026, 11, 30),
	    "0 working days after Saturday: Monday");
	CHECK(calendar_add_working(cal, d(2026, 11, 27), 1) == d(2026, 11, 30),
	    "1 working day after Friday: Monday");
	CHECK(calendar_add_working(cal, d(2026, 11, 23), 5) == d(2026, 11, 30),
	    "5 working days after Monday: next Monday");
	CHECK(calendar_add_working(cal, d(2026, 2, 13), 1) == d(2026, 2, 14),
	    "1 after Friday 02-13: the 调休 Saturday");
	CHECK(calendar_add_working(cal, d(2026, 2, 14), 1) == d(2026, 2, 24),
	    "1 after that: the first day after the festival");
	CHECK(calendar_add_working(cal, d(2026, 2, 14), 5) == d(2026, 2, 28),
	    "5 after it: the second 调休 Saturday");
	calendar_free(cal);
}

static const char calendar_file[] =
    "date,type,name\n"
    "2026-02-14,workday,春节调休\n"
    "2026-02-16,holiday,春节\n"
    "2026-02-17,Holiday,春节\n"
    "2026-02-17,greeting,春节\n"
    "2026-03-03,GREETING,元宵节\n";

/* The calendar file: types in any case, a date with a status and a
 * greeting, the weekend given by the caller. */
static void
test_load(void)
{
	struct common_options common;
	struct calendar *cal;
	char path[PATH_MAX];
	const char *name;
	int32_t day;

	plain_common(&common);
	cal = calendar_load(side_file(path, sizeof(path), NULL, "cal.csv",
	    calendar_file), &common, WEEKEND_SAT_SUN);
	CHECK(calendar_is_working(cal, d(2026, 2, 14)) &&
	    !calendar_is_working(cal, d(2026, 2, 16)) &&
	    !calendar_is_working(cal, d(2026, 2, 17)) &&
	    calendar_is_working(cal, d(2026, 2, 18)),
	    "a file's workday and holidays");
	CHECK(calendar_greeting(cal, d(2026, 1, 1), d(2026, 12, 31), 1, &day,
	    &name) && day == d(2026, 3, 3) && strcmp(name, "元宵节") == 0,
	    "its greetings, with their names");
	calendar_free(cal);
	cal = calendar_load(NULL, &common, 1u << 7);
	CHECK(calendar_is_working(cal, d(2026, 11, 28)) &&
	    !calendar_is_working(cal, d(2026, 11, 29)),
	    "no file: only the weekend (here Sunday)");
	calendar_free(cal);
}

static void
load_in_child(const void *text)
{
	struct common_options common;
	char path[PATH_MAX];

	plain_common(&common);
	calendar_free(calendar_load(side_file(path, sizeof(path), NULL,
	    "cal.csv", text), &common, WEEKEND_SAT_SUN));
}

static void
test_load_errors(void)
{
	static const struct {
		const char *what, *text, *want;
	} cases[] = {
		{ "an unknown type", "date,type\n2026-10-01,vacation\n",
		    "test-calendar: cal.csv:2: type 'vacation' is not holiday, "
		    "workday or greeting\n" },
		{ "a date that is not one", "date,type\n2026-10-32,holiday\n",
		    "test-calendar: cal.csv:2: not a date (date, "
		    "'2026-10-32')\n" },
		{ "a date after 9999", "date,type\n10000-01-01,holiday\n",
		    "test-calendar: cal.csv:2: not a date (date, "
		    "'10000-01-01')\n" },
		{ "a holiday that is also a workday",
		    "date,type\n2026-10-01,holiday\n2026-10-02,holiday\n"
		    "2026-10-01,workday\n",
		    "test-calendar: cal.csv:4: 2026-10-01 is listed twice as a "
		    "holiday or workday, first at record 2\n" },
		{ "two greetings on a day",
		    "date,type,name\n2026-10-01,greeting,a\n"
		    "2026-10-01,greeting,b\n",
		    "test-calendar: cal.csv:3: 2026-10-01 is listed twice as a "
		    "greeting, first at record 2\n" },
	};
	struct child res;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		res = run_child(load_in_child, cases[i].text, false);
		CHECK_CHILD(res, 1, cases[i].want, "calendar file: %s",
		    cases[i].what);
	}
}

int
main(void)
{
	char dir[PATH_MAX];

	setprogname("test-calendar");
	test_weekends();
	test_holidays_and_makeup_days();
	test_duplicates();
	test_greetings();
	test_weekend_spec();
	test_custom_weekend();
	test_add_working();
	make_temp_dir(dir, sizeof(dir), "test-calendar");
	if (chdir(dir) == 0) {
		test_load();
		test_load_errors();
		unlink("cal.csv");
	}
	if (chdir("/") == -1 || rmdir(dir) == -1)
		printf("# could not remove %s\n", dir);
	return check_done();
}
