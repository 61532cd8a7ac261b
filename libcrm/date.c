/* date.c: civil dates without mktime, and the input formats we accept. */
#define _XOPEN_SOURCE 700	/* strptime */
#include "date.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "text.h"
#include "util.h"

/*
 * Day counts from and to (year, month, day) by treating March as the first
 * month, so the leap day ends the year, and counting 400-year eras of
 * 146097 days (the method of H. Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms").
 */
int32_t
days_from_civil(int year, int month, int day)
{
	int y = month <= 2 ? year - 1 : year;
	int era = (y >= 0 ? y : y - 399) / 400;
	int year_of_era = y - era * 400;
	int day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 +
	    day - 1;
	int day_of_era = year_of_era * 365 + year_of_era / 4 -
	    year_of_era / 100 + day_of_year;

	return era * 146097 + day_of_era - 719468;
}

void
civil_from_days(int32_t days, int *year, int *month, int *day)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int day_of_era = z - era * 146097;
	int year_of_era = (day_of_era - day_of_era / 1460 +
	    day_of_era / 36524 - day_of_era / 146096) / 365;
	int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 -
	    year_of_era / 100);
	int mp = (5 * day_of_year + 2) / 153;

	*day = day_of_year - (153 * mp + 2) / 5 + 1;
	*month = mp < 10 ? mp + 3 : mp - 9;
	*year = year_of_era + era * 400 + (*month <= 2);
}

static bool
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
days_in_month(int year, int month)
{
	static const int length[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return month == 2 && is_leap(year) ? 29 : length[month - 1];
}

static enum date_status
make_date(int year, int month, int day, int32_t *days)
{
	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
	    day > days_in_month(year, month))
		return DATE_BAD;
	*days = days_from_civil(year, month, day);
	return DATE_OK;
}

/* A cursor over the text being parsed, and the time of day it read. */
struct scan {
	const char *p, *end;
	int seconds;		/* of the day, from a time after the date */
};

static bool
at(const struct scan *sc, char c)
{
	return sc->p < sc->end && *sc->p == c;
}

static bool
take(struct scan *sc, const char *literal)
{
	size_t n = strlen(literal);

	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, literal, n) != 0)
		return false;
	sc->p += n;
	return true;
}

/* Between min and max decimal digits (reading at most max); else -1. */
static int
number(struct scan *sc, int min, int max)
{
	int value = 0, n = 0;

	while (n < max && sc->p < sc->end && *sc->p >= '0' && *sc->p <= '9') {
		value = value * 10 + (*sc->p++ - '0');
		n++;
	}
	return n >= min ? value : -1;
}

/* A number of min..max digits whose value is at most limit. */
static bool
field_upto(struct scan *sc, int min, int max, int limit)
{
	int value = number(sc, min, max);

	return value >= 0 && value <= limit;
}

/*
 * [T| ]H[H]:MM[:SS[.fff]][Z|+HH[:MM]|-HH[:MM]], or nothing; the time of
 * day (without its fraction) goes to sc->seconds.
 */
static bool
skip_time(struct scan *sc)
{
	int hour, minute, second = 0;

	sc->seconds = 0;
	if (sc->p == sc->end)
		return true;
	if (!at(sc, 'T') && !at(sc, ' '))
		return false;
	sc->p++;
	if ((hour = number(sc, 1, 2)) < 0 || hour > 23 || !take(sc, ":") ||
	    (minute = number(sc, 2, 2)) < 0 || minute > 59)
		return false;
	if (take(sc, ":")) {
		/* 60: a leap second, counted as the last of the minute */
		if ((second = number(sc, 2, 2)) < 0 || second > 60)
			return false;
		second -= second == 60;
		if (take(sc, ".") && number(sc, 1, 9) < 0)
			return false;
		while (sc->p < sc->end && *sc->p >= '0' && *sc->p <= '9')
			sc->p++;	/* nanoseconds and beyond */
	}
	sc->seconds = (hour * 60 + minute) * 60 + second;
	if (take(sc, "Z"))
		return sc->p == sc->end;
	if (at(sc, '+') || at(sc, '-')) {
		sc->p++;
		if (!field_upto(sc, 2, 2, 23))
			return false;
		if (sc->p < sc->end) {
			take(sc, ":");
			if (!field_upto(sc, 2, 2, 59))
				return false;
		}
	}
	return sc->p == sc->end;
}

/* YYYY-M-D, YYYY/M/D, YYYY.M.D and YYYY年M月D日, each with a time. */
static enum date_status
parse_year_first(struct scan *sc, int32_t *days)
{
	int year, month, day;
	char sep;

	if ((year = number(sc, 4, 4)) < 0 || sc->p == sc->end)
		return DATE_BAD;
	if (take(sc, "年")) {
		if ((month = number(sc, 1, 2)) < 0 || !take(sc, "月") ||
		    (day = number(sc, 1, 2)) < 0)
			return DATE_BAD;
		take(sc, "日");
	} else {
		sep = *sc->p++;
		if ((sep != '-' && sep != '/' && sep != '.') ||
		    (month = number(sc, 1, 2)) < 0 || !take(sc, (char[]){ sep, 0 }) ||
		    (day = number(sc, 1, 2)) < 0)
			return DATE_BAD;
	}
	if (!skip_time(sc))
		return DATE_BAD;
	return make_date(year, month, day, days);
}

static enum date_status
parse_builtin(const char *s, size_t len, int32_t *days, int *seconds)
{
	struct scan sc = { s, s + len, 0 };
	enum date_status st;
	int first;

	if (len == 8 && all_digits(s, 8))
		return make_date((s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0'), (s[4] - '0') * 10 +
		    (s[5] - '0'), (s[6] - '0') * 10 + (s[7] - '0'), days);
	if (len >= 4 && all_digits(s, 4)) {
		st = parse_year_first(&sc, days);
		*seconds = sc.seconds;
		return st;
	}
	/* NN/NN/YYYY: day or month first? Only --date-format can say. */
	if ((first = number(&sc, 1, 2)) >= 0 && sc.p < sc.end &&
	    strchr("/-.", *sc.p) && (sc.p++, number(&sc, 1, 2)) >= 0 &&
	    sc.p < sc.end && strchr("/-.", *sc.p) &&
	    (sc.p++, number(&sc, 2, 4)) >= 0)
		return DATE_AMBIGUOUS;
	return DATE_BAD;
}

static enum date_status
parse_with_format(const char *s, size_t len, const char *format,
    int32_t *days, int *seconds)
{
	char buf[128];
	struct tm tm;
	const char *end;

	if (len >= sizeof(buf))
		return DATE_BAD;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;
	end = strptime(buf, format, &tm);
	if (end == NULL || *end != '\0')
		return DATE_BAD;
	*seconds = (tm.tm_hour * 60 + tm.tm_min) * 60 + (tm.tm_sec > 59 ? 59 :
	    tm.tm_sec);
	return make_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, days);
}

/* "YYYY-MM-DD" exactly, the form of almost every export: no scanning. */
static bool
plain_iso(const char *s, size_t len)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;

	if (len != 10)
		return false;
	for (i = 0; i < 10; i++)
		if (shape[i] == '-' ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A date and the time of day written after it (0 when none). */
static enum date_status
parse_day_time(const char *s, size_t len, const char *format, int32_t *days,
    int *seconds)
{
	*seconds = 0;
	if (format == NULL && plain_iso(s, len))
		return make_date((s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0'), (s[5] - '0') * 10 +
		    (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0'), days);
	trim_blanks(&s, &len);
	if (len == 0)
		return DATE_BAD;
	if (format != NULL)
		return parse_with_format(s, len, format, days, seconds);
	return parse_builtin(s, len, days, seconds);
}

enum date_status
date_parse(const char *s, size_t len, const char *format, int32_t *days)
{
	int seconds;

	return parse_day_time(s, len, format, days, &seconds);
}

/*
 * Does s[0..len) hold the remembered date (never an empty one)? Dates of
 * 8 to 16 bytes take two overlapping 8-byte loads a side: a call to
 * memcmp for each row cost more than the comparison.
 */
static bool
memo_holds(const struct date_memo *memo, const char *s, size_t len)
{
	uint64_t head, tail, memo_head, memo_tail;

	if (len == 0 || len != memo->len)
		return false;
	if (len < 8)
		return memcmp(s, memo->text, len) == 0;
	memcpy(&head, s, 8);
	memcpy(&tail, s + len - 8, 8);
	memcpy(&memo_head, memo->text, 8);
	memcpy(&memo_tail, memo->text + len - 8, 8);
	return head == memo_head && tail == memo_tail;
}

enum date_status
date_parse_memo(struct date_memo *memo, const char *s, size_t len,
    const char *format, int32_t *days)
{
	enum date_status st;

	if (memo_holds(memo, s, len)) {
		*days = memo->day;
		return DATE_OK;
	}
	st = date_parse(s, len, format, days);
	if (st == DATE_OK && len > 0 && len <= sizeof(memo->text)) {
		memcpy(memo->text, s, len);
		memo->len = len;
		memo->day = *days;
	}
	return st;
}

enum date_status
datetime_parse(const char *s, size_t len, const char *format,
    int64_t *seconds)
{
	enum date_status st;
	int32_t days;
	int of_day;

	if ((st = parse_day_time(s, len, format, &days, &of_day)) == DATE_OK)
		*seconds = (int64_t)days * 86400 + of_day;
	return st;
}

bool
date_in_range(int64_t days)
{
	return days >= DATE_MIN && days <= DATE_MAX;
}

bool
date_add(int32_t day, long n, int32_t *out)
{
	int64_t sum = (int64_t)day + n;

	if (!date_in_range(sum))
		return false;
	*out = (int32_t)sum;
	return true;
}

/*
 * The four-digit year, month and day of an in-range day; else stop: a
 * longer year would not fit the field (a truncated date, or worse, the
 * NUL of a cut-off string in the output).
 */
static void
civil_checked(int32_t days, int *year, int *month, int *day)
{
	if (!date_in_range(days))
		die("a date %s cannot be written (day %ld after 1970-01-01)",
		    days > DATE_MAX ? "after 9999-12-31" : "before 0001-01-01",
		    (long)days);
	civil_from_days(days, year, month, day);
}

static void
put_two(char *at, int n)
{
	at[0] = (char)('0' + n / 10);
	at[1] = (char)('0' + n % 10);
}

/* YYYY, MM and DD, with sep between them when it is not NUL. */
static size_t
put_date(int32_t days, char *buf, char sep)
{
	int year, month, day;
	char *p = buf;

	civil_checked(days, &year, &month, &day);
	put_two(p, year / 100);
	put_two(p + 2, year % 100);
	p += 4;
	if (sep != '\0')
		*p++ = sep;
	put_two(p, month);
	p += 2;
	if (sep != '\0')
		*p++ = sep;
	put_two(p, day);
	p[2] = '\0';
	return (size_t)(p + 2 - buf);
}

size_t
date_format(int32_t days, char *buf)
{
	return put_date(days, buf, '-');
}

size_t
date_format_basic(int32_t days, char *buf)
{
	return put_date(days, buf, '\0');
}

int32_t
date_today(void)
{
	time_t now = time(NULL);
	struct tm local;

	localtime_r(&now, &local);
	return days_from_civil(local.tm_year + 1900, local.tm_mon + 1,
	    local.tm_mday);
}

int
date_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((days % 7 + 7 + 3) % 7);

	return w + 1;
}
