/* checks.c: properties that more than one fuzz target checks (checks.h). */
#include "checks.h"

#include <stddef.h>

#include "calendar.h"
#include "harness.h"

enum { WINDOW = 40 };

void
fuzz_check_calendar(const struct calendar *cal, int32_t day)
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
