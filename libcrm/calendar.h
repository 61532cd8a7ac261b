/*
 * calendar.h: working days, public holidays, make-up working days (调休)
 * and greeting days, on dates as days since 1970-01-01 (date.h), and the
 * calendar file that lists them.
 *
 * A day is a working day unless it is a holiday, or a weekend day that is
 * not a make-up working day. Which weekdays are the weekend is set per
 * calendar (Saturday and Sunday by default). Each date holds at most one
 * status (holiday or workday) and, separately, at most one greeting (a
 * festival such as 春节 is often both).
 *
 * The file is a CSV with the columns date, type and optionally name, type
 * being holiday, workday (a make-up working day) or greeting; every tool
 * that counts working days (crm-schedule's plan, business days to a reply)
 * reads the same file through calendar_load().
 */
#ifndef CRM_CALENDAR_H
#define CRM_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"

enum day_kind { DAY_HOLIDAY, DAY_WORKDAY, DAY_GREETING };

/* Bit (1 << weekday), ISO weekdays 1 Monday .. 7 Sunday. */
#define WEEKEND_SAT_SUN ((1u << 6) | (1u << 7))

struct calendar;

struct calendar *calendar_new(unsigned weekend_mask);
void calendar_free(struct calendar *cal);

/*
 * "sat,sun", "fri,sat", "sun" or "none" (also full names, any case) as a
 * weekend mask; false when a word is not a weekday or all seven are given.
 */
bool calendar_parse_weekend(const char *spec, unsigned *mask);

/*
 * A calendar with the given weekend and the days of the calendar file at
 * path (a side file: input_open_side), or none when path is NULL. A date
 * that cannot be read, an unknown type, or a date listed twice as a
 * status or twice as a greeting stops the program with FILE:RECORD.
 */
struct calendar *calendar_load(const char *path,
    const struct common_options *common, unsigned weekend_mask);

/*
 * Add a day. A second status (holiday or workday) or a second greeting on
 * the same date is refused: false, and *tag the tag of the first.
 */
bool calendar_add(struct calendar *cal, int32_t day, enum day_kind kind,
    const char *name, unsigned long long tag, unsigned long long *first);

bool calendar_is_working(const struct calendar *cal, int32_t day);
/* The first working day on or after day, and the last on or before. */
int32_t calendar_next_working(const struct calendar *cal, int32_t day);
int32_t calendar_prev_working(const struct calendar *cal, int32_t day);
/*
 * The n-th working day after day (n >= 1), or for n = 0 the first on or
 * after it: "due three working days after the ticket", say.
 */
int32_t calendar_add_working(const struct calendar *cal, int32_t day,
    long n);
/* Working days in [from, to], both inclusive (0 when to < from). */
long calendar_working_between(const struct calendar *cal, int32_t from,
    int32_t to);

/*
 * The greeting days in [from, to], in date order: the i-th one's date
 * and name; false past the last.
 */
bool calendar_greeting(const struct calendar *cal, int32_t from, int32_t to,
    size_t i, int32_t *day, const char **name);

#endif
