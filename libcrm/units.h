/*
 * units.h: the time unit of the BTYD columns t_x, T and duration_holdout,
 * which travels with the data.
 *
 * Weeks, the convention of the BTYD literature and of the CDNOW summary,
 * keep the plain names. Days and months are named in the column
 * (t_x_days, T_months, ...), so that a summary read by another tool, ours
 * or a notebook, cannot be taken for weeks; saved models name their unit
 * in a "unit" row.
 */
#ifndef CRM_UNITS_H
#define CRM_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#define UNIT_WEEKS 7.0
enum { UNIT_COLUMN_SIZE = 32 };	/* room for any unit_column() name */

/* Days in one unit for "days", "weeks" or "months" (30.4375 days). */
double unit_parse(const char *option, const char *name);
/* "days", "weeks" or "months". */
const char *unit_name(double unit_days);
/* base ("t_x", "T", "duration_holdout") named for the unit, into buf. */
const char *unit_column(const char *base, double unit_days,
    char buf[UNIT_COLUMN_SIZE]);
/* The units, weeks first, for finding the columns of any of them. */
extern const double unit_all[3];

#endif
