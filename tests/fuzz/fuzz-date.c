/*
 * fuzz-date.c: the date parser (date.c) on any bytes.
 *
 * Input: a date, or a strptime format, a NUL byte and a date. A date that
 * parses lies in years 1..9999, prints as YYYY-MM-DD and that reads back
 * as the same day; days and civil dates convert both ways.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "harness.h"

static void
check_day(int32_t day, const char *s, size_t len)
{
	char buf[DATE_BUFSIZE];
	int32_t back;
	int y, m, d;

	if (day < days_from_civil(1, 1, 1) ||
	    day > days_from_civil(9999, 12, 31))
		fuzz_fail("'%.*s' parses as day %ld, outside years 1..9999",
		    (int)len, s, (long)day);
	if (date_format(day, buf) != 10 || date_parse(buf, 10, NULL,
	    &back) != DATE_OK || back != day)
		fuzz_fail("day %ld prints as '%s', which does not read back",
		    (long)day, buf);
	civil_from_days(day, &y, &m, &d);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m) ||
	    days_from_civil(y, m, d) != day)
		fuzz_fail("day %ld is %d-%d-%d, which is not a date",
		    (long)day, y, m, d);
	(void)date_weekday(day);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, '\0', size);
	char *text = malloc(size + 1);
	int32_t day;

	memcpy(text, data, size);
	text[size] = '\0';
	if (nul == NULL) {
		if (date_parse(text, size, NULL, &day) == DATE_OK)
			check_day(day, text, size);
	} else {
		size_t flen = (size_t)(nul - (const char *)data);
		const char *s = text + flen + 1;
		size_t len = size - flen - 1;

		if (date_parse(s, len, text, &day) == DATE_OK)
			check_day(day, s, len);
		if (date_parse(s, len, NULL, &day) == DATE_OK)
			check_day(day, s, len);
	}
	free(text);
	return 0;
}
