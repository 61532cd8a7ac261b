/*
 * date.h: calendar dates as days since 1970-01-01 (an int32).
 *
 * No time zones: a date-time keeps the date as written and its offset is
 * not applied, so an order placed at 23:30 local time stays on its day.
 * Dates run from 0001-01-01 to 9999-12-31, the years of four digits that
 * every output format here writes: parsing refuses other years, and a
 * date computed past either end is an error, never a truncated field.
 */
#ifndef CRM_DATE_H
#define CRM_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum date_status { DATE_OK, DATE_BAD, DATE_AMBIGUOUS };

#define DATE_BUFSIZE 11	/* "YYYY-MM-DD" and NUL */
#define DATE_MIN (-719162)	/* 0001-01-01 */
#define DATE_MAX 2932896	/* 9999-12-31 */

/* Is days a date we can write (DATE_MIN .. DATE_MAX)? */
bool date_in_range(int64_t days);
/* day + n into *out when that is in range; false (and *out unset) if not. */
bool date_add(int32_t day, long n, int32_t *out);

/* Days since 1970-01-01 of a proleptic Gregorian date (no validation). */
int32_t days_from_civil(int year, int month, int day);
void civil_from_days(int32_t days, int *year, int *month, int *day);
int days_in_month(int year, int month);

/*
 * Parse s[0..len) with the strptime format, or when format is NULL as one
 * of: YYYY-MM-DD, an ISO 8601 date-time (space or T, optional seconds,
 * fraction and zone), YYYYMMDD, YYYY/M/D (also with - or . and an optional
 * time), YYYY年M月D日. DD/MM/YYYY and MM/DD/YYYY cannot be told apart and
 * are DATE_AMBIGUOUS. Years run from 1 to 9999.
 */
enum date_status date_parse(const char *s, size_t len, const char *format,
    int32_t *days);
/*
 * The last date a reader parsed, with its day. An export sorted by date
 * gives the same date row after row, which then costs a comparison, not a
 * parse. A memo serves one format and one thread; zeroed, it is empty.
 */
struct date_memo {
	char text[16];
	size_t len;		/* 0: nothing remembered */
	int32_t day;
};
/* date_parse(), remembering the last date that parsed. */
enum date_status date_parse_memo(struct date_memo *memo, const char *s,
    size_t len, const char *format, int32_t *days);
/*
 * The same forms with their time of day, as seconds since 1970-01-01
 * 00:00 (a date alone is its midnight; fractions of a second and the
 * zone offset are dropped, as date_parse drops the offset). For the
 * durations of tickets.
 */
enum date_status datetime_parse(const char *s, size_t len,
    const char *format, int64_t *seconds);
/*
 * "YYYY-MM-DD"; returns 10. A day out of range stops the program with a
 * message: callers that compute days check them with date_add first and
 * name what overflowed.
 */
size_t date_format(int32_t days, char *buf);
/* "YYYYMMDD" (iCalendar's DATE, RFC 5545 3.3.4); returns 8. As above. */
size_t date_format_basic(int32_t days, char *buf);
/* Today in local time. */
int32_t date_today(void);
/* ISO weekday: 1 Monday .. 7 Sunday. */
int date_weekday(int32_t days);

#endif
