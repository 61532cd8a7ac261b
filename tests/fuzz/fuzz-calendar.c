/*
 * fuzz-calendar.c: working days, holidays and greetings (calendar.c).
 *
 * Input lines: a weekend ("sat,sun", "none" ...); then days as
 * DATE,KIND[,NAME] with KIND h (holiday), w (workday) or g (greeting).
 * The calendar is then asked about a window around each day: the next and
 * previous working days are working days on the right side, the count of
 * working days agrees with asking day by day, greetings come in order.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "harness.h"
#include "reader.h"

enum { WINDOW = 40, MAX_DAYS = 64 };

static void
check_around(const struct calendar *cal, int32_t day)
{
	int32_t next = calendar_next_working(cal, day);
	int32_t prev = calendar_prev_working(cal, day);
	int32_t d, last = 0;
	const char *name;
	long count = 0;
	size_t i;

	if (next < day || !calendar_is_working(cal, next) ||
	    prev > day || !calendar_is_working(cal, prev))
		fuzz_fail("day %ld: next %ld, previous %ld", (long)day,
		    (long)next, (long)prev);
	for (d = day - WINDOW; d <= day + WINDOW; d++)
		count += calendar_is_working(cal, d);
	if (count != calendar_working_between(cal, day - WINDOW,
	    day + WINDOW))
		fuzz_fail("working days around %ld disagree", (long)day);
	for (i = 0; calendar_greeting(cal, day - WINDOW, day + WINDOW, i, &d,
	    &name); i++) {
		if (d < day - WINDOW || d > day + WINDOW || (i > 0 &&
		    d <= last) || name == NULL)
			fuzz_fail("greeting %zu out of order at %ld", i,
			    (long)d);
		last = d;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int32_t days[MAX_DAYS];
	size_t ndays = 0, i;
	struct calendar *cal;
	char *weekend, *text, *line, *next;
	const uint8_t *rest;
	size_t restlen;
	unsigned mask = WEEKEND_SAT_SUN;
	unsigned long long first;

	fuzz_split(data, size, '\n', &weekend, &rest, &restlen);
	(void)calendar_parse_weekend(weekend, &mask);
	cal = calendar_new(mask);
	text = malloc(restlen + 1);
	memcpy(text, rest, restlen);
	text[restlen] = '\0';
	for (line = text; line && ndays < MAX_DAYS; line = next) {
		struct record *rec;
		enum day_kind kind;
		int32_t day;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		rec = fuzz_record(line, ',', "fuzz", ndays + 2);
		if (rec->nfields >= 2 && date_parse(rec->fields[0].s,
		    rec->fields[0].len, NULL, &day) == DATE_OK) {
			kind = rec->fields[1].s[0] == 'w' ? DAY_WORKDAY :
			    rec->fields[1].s[0] == 'g' ? DAY_GREETING :
			    DAY_HOLIDAY;
			if (calendar_add(cal, day, kind, rec->nfields > 2 ?
			    rec->fields[2].s : NULL, rec->recno, &first))
				days[ndays++] = day;
			else if (first < 2 || first >= rec->recno)
				fuzz_fail("day %ld refused, first at %llu",
				    (long)day, first);
		}
		fuzz_record_free(rec);
	}
	for (i = 0; i < ndays; i++)
		check_around(cal, days[i]);
	check_around(cal, days_from_civil(2026, 11, 23));
	calendar_free(cal);
	free(text);
	free(weekend);
	return 0;
}
