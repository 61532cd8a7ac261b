/*
 * period.h: calendar periods (weeks, months, quarters, years) as numbers,
 * so that cohorts and the periods of their activity can be counted and
 * subtracted: period_index(day) - period_index(first) is how many periods
 * after its first purchase a customer bought.
 *
 * Months, quarters and years follow the calendar. Weeks are seven days
 * starting on the weekday of an origin day: by default Monday (ISO 8601
 * weeks); with another origin, e.g. the day a data set starts, week 0 is
 * the week holding it. PERIOD_ALL is one period holding every day.
 */
#ifndef CRM_PERIOD_H
#define CRM_PERIOD_H

#include <stddef.h>
#include <stdint.h>

enum period_kind { PERIOD_WEEK, PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR,
	PERIOD_ALL };

struct period_scale {
	enum period_kind kind;
	int32_t origin;		/* weeks: a day that starts a week */
};

#define PERIOD_LABEL_SIZE 16	/* "YYYY-MM-DD", "YYYY-Qn", "all" and NUL */
#define PERIOD_WORDS "week, month, quarter, year or all"

/* Monday 1970-01-05: the origin of ISO weeks. */
#define PERIOD_ISO_WEEK_ORIGIN 4

/* The kind named word ("week", "month", ...), or -1. */
int period_kind_parse(const char *word);
/* The scale of kind, weeks starting on origin's weekday. */
struct period_scale period_scale(enum period_kind kind, int32_t origin);

/* The number of the period holding day; consecutive periods differ by 1. */
int32_t period_index(const struct period_scale *scale, int32_t day);
/* The first day of period index. */
int32_t period_start(const struct period_scale *scale, int32_t index);
/*
 * The name of period index in buf (PERIOD_LABEL_SIZE bytes): the first
 * day of a week (2024-01-01), the month (2024-01), the quarter (2024-Q1),
 * the year (2024), or "all". Names sort in time order. Returns the length.
 */
size_t period_label(const struct period_scale *scale, int32_t index,
    char *buf);

#endif
