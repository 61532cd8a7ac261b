/*
 * fuzz-calendar.c: working days, holidays and greetings (calendar.c).
 *
 * Input lines: a weekend ("sat,sun", "none" ...); then days as
 * DATE,KIND[,NAME] with KIND h (holiday), w (workday) or g (greeting).
 * The calendar is then asked about a window around each day
 * (fuzz_check_calendar): its answers agree with each other.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "checks.h"
#include "date.h"
#include "harness.h"
#include "reader.h"

enum { MAX_DAYS = 64 };

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
		fuzz_check_calendar(cal, days[i]);
	fuzz_check_calendar(cal, days_from_civil(2026, 11, 23));
	calendar_free(cal);
	free(text);
	free(weekend);
	return 0;
}
