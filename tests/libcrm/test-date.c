/* test-date.c: civil day counts, the input date formats, output, weekdays. */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "date.h"
#include "run_child.h"
#include "util.h"

static const char *const status_name[] = {
	"DATE_OK", "DATE_BAD", "DATE_AMBIGUOUS"
};

static const int32_t march_5_2024 = 19787;

static void
test_known_days(void)
{
	CHECK(days_from_civil(1970, 1, 1) == 0, "1970-01-01 is day 0");
	CHECK(days_from_civil(1969, 12, 31) == -1, "1969-12-31 is day -1");
	CHECK(days_from_civil(2000, 1, 1) == 10957, "2000-01-01 is day 10957");
	CHECK(days_from_civil(2000, 3, 1) == 11017, "2000-03-01 is day 11017");
	CHECK(days_from_civil(2024, 3, 5) == march_5_2024,
	    "2024-03-05 is day 19787");
	CHECK(days_from_civil(1997, 9, 30) - days_from_civil(1997, 1, 1) == 272,
	    "1997-09-30 is 272 days after 1997-01-01");
	CHECK(days_from_civil(1, 1, 1) == -719162, "0001-01-01 is day -719162");
	CHECK(days_from_civil(9999, 12, 31) == 2932896,
	    "9999-12-31 is day 2932896");
}

static void
test_leap_years(void)
{
	CHECK(days_in_month(1900, 2) == 28, "1900 is not a leap year");
	CHECK(days_in_month(2000, 2) == 29, "2000 is a leap year");
	CHECK(days_in_month(2024, 2) == 29, "2024 is a leap year");
	CHECK(days_in_month(2023, 2) == 28, "2023 is not a leap year");
	CHECK(days_in_month(2100, 2) == 28, "2100 is not a leap year");
	CHECK(days_in_month(2024, 4) == 30 && days_in_month(2024, 12) == 31,
	    "April has 30 days, December 31");
	CHECK(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28) == 1,
	    "1900-02-28 is followed by 1900-03-01");
	CHECK(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28) == 2,
	    "2000-02-28 is followed by 2000-02-29");
	CHECK(days_from_civil(2025, 1, 1) - days_from_civil(2024, 1, 1) == 366,
	    "2024 has 366 days");
	CHECK(days_from_civil(2001, 1, 1) - days_from_civil(1601, 1, 1) ==
	    146097, "400 years have 146097 days");
}

/*
 * Walk every day from 0001-01-01 to 9999-12-31 by calendar arithmetic and
 * compare both conversions with the running day count.
 */
static void
test_round_trip(void)
{
	int32_t days = days_from_civil(1, 1, 1);
	int year, month, day, y, m, d;
	long bad_from = 0, bad_to = 0;

	for (year = 1; year <= 9999; year++)
		for (month = 1; month <= 12; month++)
			for (day = 1; day <= days_in_month(year, month); day++) {
				if (days_from_civil(year, month, day) != days)
					bad_from++;
				civil_from_days(days, &y, &m, &d);
				if (y != year || m != month || d != day)
					bad_to++;
				days++;
			}
	CHECK(bad_from == 0, "days_from_civil counts every day of years "
	    "1..9999 (%ld wrong)", bad_from);
	CHECK(bad_to == 0, "civil_from_days inverts every day of years "
	    "1..9999 (%ld wrong)", bad_to);
	CHECK(days - 1 == 2932896, "the walk ends on day 2932896");
}

/* date_parse(s, format) is DATE_OK with want. */
static void
check_date(const char *s, const char *format, int32_t want)
{
	int32_t got = -777;
	enum date_status st = date_parse(s, strlen(s), format, &got);

	CHECK(st == DATE_OK && got == want, "date_parse('%s'%s%s) = day %ld "
	    "(got %s, %ld)", s, format ? ", " : "", format ? format : "",
	    (long)want, status_name[st], (long)got);
}

static void
check_date_status(const char *s, const char *format, enum date_status want)
{
	int32_t got = -777;
	enum date_status st = date_parse(s, strlen(s), format, &got);

	CHECK(st == want, "date_parse('%s'%s%s) is %s (got %s)", s,
	    format ? ", " : "", format ? format : "", status_name[want],
	    status_name[st]);
}

static void
test_parse_builtin(void)
{
	check_date("2024-03-05", NULL, march_5_2024);
	check_date(" 2024-03-05 ", NULL, march_5_2024);
	check_date("2024-03-05T14:30:00Z", NULL, march_5_2024);
	check_date("2024-03-05 14:30", NULL, march_5_2024);
	check_date("2024-03-05T14:30:00.123+08:00", NULL, march_5_2024);
	check_date("2024-03-05T23:59:59.123456789-05:00", NULL, march_5_2024);
	check_date("2024-03-05T14:30+0800", NULL, march_5_2024);
	check_date("2024-03-05T14:30:00+08", NULL, march_5_2024);
	check_date("2024-03-05T14:30Z", NULL, march_5_2024);
	check_date("20240305", NULL, march_5_2024);
	check_date("2024/3/5", NULL, march_5_2024);
	check_date("2024/03/05", NULL, march_5_2024);
	check_date("2024.03.05", NULL, march_5_2024);
	check_date("2024-3-5", NULL, march_5_2024);
	check_date("2024/3/5 9:05:00", NULL, march_5_2024);
	check_date("2024年3月5日", NULL, march_5_2024);
	check_date("2024年03月05日", NULL, march_5_2024);
	check_date("2024年3月5日 10:00", NULL, march_5_2024);
	check_date("2024-02-29", NULL, days_from_civil(2024, 2, 29));
	check_date("0001-01-01", NULL, -719162);
	check_date("9999-12-31", NULL, 2932896);
}

static void
test_parse_builtin_invalid(void)
{
	static const char *const bad[] = {
		"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10",
		"2024-01-00", "2024-04-31", "2024-3", "2024", "", "   ",
		"2024-03-05x", "2024-03/05", "2024/03-05", "0000-01-01",
		"10000-01-01", "20240230", "2024030", "202403051",
		"2024-03-05T", "2024-03-05T25:00", "2024-03-05 14:60",
		"2024-03-05T14:30:00+08:00x", "2024-03-05T14:30ZZ",
		"2024-03-05 14:30 x", "March 5, 2024", "2024年3月",
		"2024年13月5日",
		/* the time part must be a time: hours and two-digit minutes */
		"2024-03-05 14:", "2024-03-05T:30", "2024-03-05 1:5",
		"2024-03-05 14:30:99",
		NULL
	};
	int i;

	for (i = 0; bad[i]; i++)
		check_date_status(bad[i], NULL, DATE_BAD);
}

static void
test_parse_ambiguous(void)
{
	int32_t got;
	enum date_status st;

	check_date_status("01/02/2024", NULL, DATE_AMBIGUOUS);
	check_date_status("13/02/2024", NULL, DATE_AMBIGUOUS);
	check_date_status("02/13/2024", NULL, DATE_AMBIGUOUS);
	check_date_status("1-2-24", NULL, DATE_AMBIGUOUS);
	check_date_status("01.02.2024", NULL, DATE_AMBIGUOUS);
	/* YY-MM-DD or DD-MM-YY: never read as a date without a format */
	st = date_parse("24-03-05", 8, NULL, &got);
	CHECK(st == DATE_BAD || st == DATE_AMBIGUOUS,
	    "'24-03-05' is not accepted as a date (got %s)", status_name[st]);
}

static void
test_parse_with_format(void)
{
	check_date("05/03/2024", "%d/%m/%Y", march_5_2024);
	check_date("03/05/2024", "%m/%d/%Y", march_5_2024);
	check_date("5.3.2024", "%d.%m.%Y", march_5_2024);
	check_date("2024年03月05日", "%Y年%m月%d日", march_5_2024);
	check_date("2024年3月5日", "%Y年%m月%d日", march_5_2024);
	check_date("05/03/2024 14:30", "%d/%m/%Y %H:%M", march_5_2024);
	check_date(" 05/03/2024 ", "%d/%m/%Y", march_5_2024);
	check_date_status("05/03/2024x", "%d/%m/%Y", DATE_BAD);
	check_date_status("31/02/2024", "%d/%m/%Y", DATE_BAD);
	check_date_status("29/02/2023", "%d/%m/%Y", DATE_BAD);
	check_date_status("2024-03-05", "%d/%m/%Y", DATE_BAD);
	check_date_status("", "%d/%m/%Y", DATE_BAD);
	/* a format reads years of any length; ours end at 9999 */
	check_date("31/12/9999", "%d/%m/%Y", DATE_MAX);
	check_date("01/01/0001", "%d/%m/%Y", DATE_MIN);
	check_date_status("01/01/10000", "%d/%m/%Y", DATE_BAD);
	check_date_status("31/12/0000", "%d/%m/%Y", DATE_BAD);
}

/* date_format(days) writes want and returns 10. */
static void
check_format(int32_t days, const char *want)
{
	char buf[DATE_BUFSIZE];
	size_t n;

	memset(buf, 'x', sizeof(buf));
	n = date_format(days, buf);
	CHECK(n == 10 && strcmp(buf, want) == 0,
	    "date_format(%ld) = '%s' (got '%.11s', %zu)", (long)days, want, buf,
	    n);
}

static void
test_format(void)
{
	check_format(0, "1970-01-01");
	check_format(-1, "1969-12-31");
	check_format(march_5_2024, "2024-03-05");
	check_format(days_from_civil(2024, 2, 29), "2024-02-29");
	check_format(-719162, "0001-01-01");
	check_format(2932896, "9999-12-31");
}

static void
test_format_basic(void)
{
	char buf[DATE_BUFSIZE];

	CHECK(date_format_basic(march_5_2024, buf) == 8 &&
	    strcmp(buf, "20240305") == 0, "date_format_basic: 20240305 (%s)",
	    buf);
	date_format_basic(DATE_MIN, buf);
	CHECK_STR(buf, "00010101", "date_format_basic: the first day");
	date_format_basic(DATE_MAX, buf);
	CHECK_STR(buf, "99991231", "date_format_basic: the last day");
}

static void
test_range(void)
{
	int32_t out = 12345;

	CHECK(DATE_MIN == days_from_civil(1, 1, 1) &&
	    DATE_MAX == days_from_civil(9999, 12, 31),
	    "DATE_MIN and DATE_MAX are 0001-01-01 and 9999-12-31");
	CHECK(date_in_range(DATE_MIN) && date_in_range(DATE_MAX) &&
	    date_in_range(0), "the ends and 1970-01-01 are in range");
	CHECK(!date_in_range(DATE_MIN - 1) && !date_in_range(DATE_MAX + 1) &&
	    !date_in_range(INT64_MAX), "a day past either end is not");
	CHECK(date_add(DATE_MAX - 1, 1, &out) && out == DATE_MAX,
	    "9999-12-30 + 1 is 9999-12-31");
	out = 12345;
	CHECK(!date_add(DATE_MAX, 1, &out) && out == 12345,
	    "9999-12-31 + 1 is out of range, and nothing is written");
	CHECK(!date_add(DATE_MIN, -1, &out), "0001-01-01 - 1 is out of range");
	CHECK(date_add(0, 36500, &out) && out == 36500,
	    "1970-01-01 + 36500 days");
	CHECK(!date_add(DATE_MAX, 2147483647L, &out) &&
	    !date_add(DATE_MIN, -2147483647L - 1, &out),
	    "sums past int32 are out of range, not wrapped");
}

static void
format_in_child(const void *arg)
{
	char buf[DATE_BUFSIZE];

	date_format(*(const int32_t *)arg, buf);
	printf("%s\n", buf);
}

static void
basic_in_child(const void *arg)
{
	char buf[DATE_BUFSIZE];

	date_format_basic(*(const int32_t *)arg, buf);
	printf("%s\n", buf);
}

/* A day out of range is an error, never a longer or cut-off field. */
static void
test_format_out_of_range(void)
{
	static const int32_t after = DATE_MAX + 1, before = DATE_MIN - 1;
	struct child res;

	res = run_child(format_in_child, &after, true);
	CHECK_CHILD(res, 1, "test-date: a date after 9999-12-31 cannot be "
	    "written (day 2932897 after 1970-01-01)\n",
	    "date_format: 10000-01-01 is an error");
	res = run_child(format_in_child, &before, true);
	CHECK_CHILD(res, 1, "test-date: a date before 0001-01-01 cannot be "
	    "written (day -719163 after 1970-01-01)\n",
	    "date_format: 0000-12-31 is an error");
	res = run_child(basic_in_child, &after, true);
	CHECK(res.status == 1 && strstr(res.output, "after 9999-12-31"),
	    "date_format_basic: 10000-01-01 is an error");
}

static void
test_weekday(void)
{
	CHECK(date_weekday(0) == 4, "1970-01-01 is a Thursday (4)");
	CHECK(date_weekday(-1) == 3, "1969-12-31 is a Wednesday (3)");
	CHECK(date_weekday(-7) == 4, "1969-12-25 is a Thursday (4)");
	CHECK(date_weekday(days_from_civil(2024, 3, 4)) == 1,
	    "2024-03-04 is a Monday (1)");
	CHECK(date_weekday(days_from_civil(2024, 3, 10)) == 7,
	    "2024-03-10 is a Sunday (7)");
	CHECK(date_weekday(days_from_civil(1, 1, 1)) == 1,
	    "0001-01-01 is a Monday (1)");
	CHECK(date_weekday(days_from_civil(9999, 12, 31)) == 5,
	    "9999-12-31 is a Friday (5)");
}

static void
test_today(void)
{
	int32_t today = date_today();
	long utc = (long)(time(NULL) / 86400);

	CHECK(today >= utc - 1 && today <= utc + 1,
	    "date_today() is within a day of the UTC date (%ld vs %ld)",
	    (long)today, utc);
}

/* Seconds since the epoch of a date-time, or -1 when it does not parse. */
static long long
seconds_of(const char *s, const char *format)
{
	int64_t t;

	return datetime_parse(s, strlen(s), format, &t) == DATE_OK ? t : -1;
}

static void
test_datetime(void)
{
	long long day = 86400LL * days_from_civil(2026, 11, 20);

	CHECK(seconds_of("2026-11-20", NULL) == day, "a date is its midnight");
	CHECK(seconds_of("2026-11-20 09:30:15", NULL) == day + 34215,
	    "09:30:15 is 34215 s into the day");
	CHECK(seconds_of("2026-11-20T09:30", NULL) == day + 34200,
	    "T and no seconds");
	CHECK(seconds_of("2026/11/20 18:00:00.75+08:00", NULL) == day + 64800,
	    "fraction and zone dropped");
	CHECK(seconds_of("2026年11月20日", NULL) == day, "Chinese date");
	CHECK(seconds_of("20261120", NULL) == day, "YYYYMMDD");
	CHECK(seconds_of("2026-11-20 23:59:60", NULL) == day + 86399,
	    "a leap second is the last second of the day");
	CHECK(seconds_of("20/11/2026 08:05", "%d/%m/%Y %H:%M") ==
	    day + 29100, "--date-format with a time");
	CHECK(seconds_of("2026-11-20 24:00", NULL) == -1, "hour 24 is bad");
	CHECK(seconds_of("2026-11-20 9:5", NULL) == -1, "minutes need 2 digits");
}

/*
 * A reader's memo answers as date_parse does, for dates in a row, dates
 * that differ only at the end or only at the start, forms longer than
 * the memo holds, and an empty date first of all (which once read back
 * the memo's empty day 0, 1970-01-01).
 */
static void
test_parse_memo(void)
{
	static const char *const dates[] = { "", "2024-01-01", "2024-01-01",
		"2024-01-02", "2025-01-02", "", "2025-01-02",
		"2025-01-02T10:00:00", "2025-01-02T10:00:00", "20240103",
		"20240103", "2024/01/04", "x", "2024-01-0", "2024-01-04 ",
		"2024-01-04", NULL };
	struct date_memo memo = { { 0 }, 0, 0 };
	int32_t got, want;
	enum date_status got_status, want_status;
	int i;

	for (i = 0; dates[i] != NULL; i++) {
		got = want = -1;
		got_status = date_parse_memo(&memo, dates[i],
		    strlen(dates[i]), NULL, &got);
		want_status = date_parse(dates[i], strlen(dates[i]), NULL,
		    &want);
		CHECK(got_status == want_status && (want_status != DATE_OK ||
		    got == want), "date %d '%s' through the memo: status %d "
		    "day %d, as date_parse (%d, %d)", i, dates[i], got_status,
		    got, want_status, want);
	}
}

int
main(void)
{
	setprogname("test-date");
	test_known_days();
	test_leap_years();
	test_round_trip();
	test_parse_builtin();
	test_parse_builtin_invalid();
	test_parse_ambiguous();
	test_parse_with_format();
	test_format();
	test_format_basic();
	test_range();
	test_format_out_of_range();
	test_weekday();
	test_today();
	test_datetime();
	test_parse_memo();
	return check_done();
}
