/*
 * checks.h: properties that more than one fuzz target checks.
 */
#ifndef CRM_FUZZ_CHECKS_H
#define CRM_FUZZ_CHECKS_H

#include <stdint.h>

struct calendar;

/*
 * The calendar's answers around day agree with each other: the next and
 * previous working days are working days on the right side, the count of
 * working days in a window agrees with asking day by day, and the
 * greetings in it come in date order, each with a name.
 */
void fuzz_check_calendar(const struct calendar *cal, int32_t day);

#endif
