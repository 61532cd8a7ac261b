/* period.c: calendar periods as consecutive numbers, and their names. */
#include "period.h"

#include <stdio.h>
#include <string.h>

#include "date.h"

int
period_kind_parse(const char *word)
{
	static const char *const words[] = { "week", "month", "quarter",
		"year", "all", NULL };
	int i;

	for (i = 0; words[i]; i++)
		if (strcmp(word, words[i]) == 0)
			return i;
	return -1;
}

struct period_scale
period_scale(enum period_kind kind, int32_t origin)
{
	struct period_scale s;

	s.kind = kind;
	s.origin = origin;
	return s;
}

/* floor(a / b) for b > 0, also for negative a (days before 1970). */
static int32_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (int32_t)(a % b < 0 ? q - 1 : q);
}

/* Months since year 0, January. */
static int32_t
month_number(int32_t day)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	return y * 12 + m - 1;
}

int32_t
period_index(const struct period_scale *scale, int32_t day)
{
	switch (scale->kind) {
	case PERIOD_WEEK:
		return floor_div((int64_t)day - scale->origin, 7);
	case PERIOD_MONTH:
		return month_number(day);
	case PERIOD_QUARTER:
		return month_number(day) / 3;
	case PERIOD_YEAR:
		return month_number(day) / 12;
	default:
		return 0;
	}
}

int32_t
period_start(const struct period_scale *scale, int32_t index)
{
	switch (scale->kind) {
	case PERIOD_WEEK:
		return (int32_t)((int64_t)scale->origin + 7 * (int64_t)index);
	case PERIOD_MONTH:
		return days_from_civil(index / 12, index % 12 + 1, 1);
	case PERIOD_QUARTER:
		return days_from_civil(index / 4, index % 4 * 3 + 1, 1);
	case PERIOD_YEAR:
		return days_from_civil(index, 1, 1);
	default:
		return INT32_MIN;
	}
}

size_t
period_label(const struct period_scale *scale, int32_t index, char *buf)
{
	switch (scale->kind) {
	case PERIOD_WEEK:
		return date_format(period_start(scale, index), buf);
	case PERIOD_MONTH:
		return (size_t)snprintf(buf, PERIOD_LABEL_SIZE, "%04d-%02d",
		    (int)(index / 12), (int)(index % 12 + 1));
	case PERIOD_QUARTER:
		return (size_t)snprintf(buf, PERIOD_LABEL_SIZE, "%04d-Q%d",
		    (int)(index / 4), (int)(index % 4 + 1));
	case PERIOD_YEAR:
		return (size_t)snprintf(buf, PERIOD_LABEL_SIZE, "%04d",
		    (int)index);
	default:
		memcpy(buf, "all", 4);
		return 3;
	}
}
