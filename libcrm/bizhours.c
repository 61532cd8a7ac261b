/* bizhours.c: working time between two moments. */
#include "bizhours.h"

#include <stdio.h>
#include <string.h>

#define DAY_SECONDS 86400

static int64_t
floor_day(int64_t t)
{
	return t >= 0 ? t / DAY_SECONDS : -((-t + DAY_SECONDS - 1) /
	    DAY_SECONDS);
}

/* H:MM or HH:MM as seconds of the day; -1 when malformed. */
static int
clock_time(const char *s, size_t len)
{
	int hour = 0, minute, i = 0;

	if (len < 4 || len > 5 || s[len - 3] != ':')
		return -1;
	for (; i < (int)len - 3; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		hour = hour * 10 + (s[i] - '0');
	}
	if (s[len - 2] < '0' || s[len - 2] > '5' || s[len - 1] < '0' ||
	    s[len - 1] > '9')
		return -1;
	minute = (s[len - 2] - '0') * 10 + (s[len - 1] - '0');
	if (hour > 24 || (hour == 24 && minute > 0))
		return -1;
	return (hour * 60 + minute) * 60;
}

bool
bizhours_parse_window(const char *spec, int *open, int *close)
{
	const char *dash = strchr(spec, '-');

	if (dash == NULL)
		return false;
	*open = clock_time(spec, (size_t)(dash - spec));
	*close = clock_time(dash + 1, strlen(dash + 1));
	return *open >= 0 && *close > *open;
}

/* Working seconds of day in [from, to). */
static int64_t
within_day(const struct bizhours *b, int64_t day, int64_t from, int64_t to)
{
	int64_t start = day * DAY_SECONDS + b->open;
	int64_t end = day * DAY_SECONDS + b->close;

	if (!calendar_is_working(b->cal, (int32_t)day))
		return 0;
	if (from > start)
		start = from;
	if (to < end)
		end = to;
	return end > start ? end - start : 0;
}

int64_t
bizhours_between(const struct bizhours *b, int64_t from, int64_t to)
{
	int64_t first, last, whole;

	if (to <= from)
		return 0;
	first = floor_day(from);
	last = floor_day(to);
	if (first == last)
		return within_day(b, first, from, to);
	/* the days in between count whole, found in the calendar at once */
	whole = last - first > 1 ? calendar_working_between(b->cal,
	    (int32_t)first + 1, (int32_t)last - 1) : 0;
	return within_day(b, first, from, to) + whole * (b->close - b->open) +
	    within_day(b, last, from, to);
}
