/*
 * bizhours.h: time that counts against a service level: the working
 * hours of working days (calendar.h: weekends, holidays, make-up days)
 * between two moments, in seconds since 1970-01-01 00:00 (date.h's
 * datetime_parse).
 */
#ifndef CRM_BIZHOURS_H
#define CRM_BIZHOURS_H

#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"

struct bizhours {
	const struct calendar *cal;	/* which days are working days */
	int open, close;	/* the working window, seconds of the day */
};

/* "09:00-18:00" (also 9:00-18:30): the window; false when malformed. */
bool bizhours_parse_window(const char *spec, int *open, int *close);

/*
 * Working seconds in [from, to): the parts of each working day's window
 * that lie between them; 0 when to <= from.
 */
int64_t bizhours_between(const struct bizhours *b, int64_t from, int64_t to);

#endif
